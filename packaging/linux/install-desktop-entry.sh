#!/bin/sh
# Put Deputy, from the folder this script sits in, into your desktop's app menu:
# writes ~/.local/share/applications/deputy.desktop pointing here. Run it again after
# moving the folder; --remove takes the entry away (the folder stays as it is).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
entry="$apps/deputy.desktop"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$entry"
    echo "Removed $entry."
    exit 0
fi

case "$here" in
    *[\"\`\$\\]*)
        # Desktop entries would need these characters escaped twice over; rare enough
        # to ask for a plainer folder name instead.
        echo "Please move Deputy to a folder whose path has no \" \` \$ or \\ in it." >&2
        exit 1 ;;
esac
if [ ! -x "$here/deputy" ]; then
    echo "There is no Deputy program in $here; run this script from the unpacked folder." >&2
    exit 1
fi

mkdir -p "$apps"
# Exec and TryExec name this folder's program, Icon this folder's picture.
folder=$(printf '%s\n' "$here" | sed 's/[|&]/\\&/g')  # as a sed replacement
sed -e "s|^Exec=.*|Exec=\"$folder/deputy\"|" \
    -e "s|^TryExec=.*|TryExec=$folder/deputy|" \
    -e "s|^Icon=.*|Icon=$folder/deputy.png|" \
    "$here/deputy.desktop" >"$entry.tmp"
mv "$entry.tmp" "$entry"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$apps" >/dev/null 2>&1 || true
fi
echo "Deputy is in your app menu now ($entry)."
