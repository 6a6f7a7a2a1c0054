#!/usr/bin/env bash
# Compile the Windows installer: packaging/build_windows_installer.sh PAYLOAD OUTDIR
#
# PAYLOAD is the onedir app (dist/deputy); writes OUTDIR/deputy-VERSION-setup.exe and
# prints its path. Runs makensis (MAKENSIS=... to name another) with warnings as errors,
# so a script that compiles with a warning fails. On Windows (Git Bash) it compiles the
# real installer; on Linux, against the Linux build, it checks that the script compiles.
set -euo pipefail

payload=${1:?usage: packaging/build_windows_installer.sh PAYLOAD OUTDIR}
outdir=${2:?usage: packaging/build_windows_installer.sh PAYLOAD OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/../pyproject.toml" | head -n 1)
makensis=${MAKENSIS:-makensis}

[ -d "$payload" ] || { echo "no payload folder $payload" >&2; exit 1; }
mkdir -p "$outdir"
payload=$(cd "$payload" && pwd)
outfile="$(cd "$outdir" && pwd)/deputy-$version-setup.exe"
if command -v cygpath >/dev/null 2>&1; then
    # Git Bash: makensis is a Windows program and wants Windows paths.
    payload=$(cygpath -w "$payload")
    outfile=$(cygpath -w "$outfile")
fi

# "-D", not "/D": makensis takes both on Windows, only "-" elsewhere, and Git Bash
# would rewrite a "/D..." argument as a path.
"$makensis" -V2 -WX "-DPAYLOAD=$payload" "-DVERSION=$version" "-DOUTFILE=$outfile" \
    "$here/windows/deputy.nsi" >&2
echo "$outfile"
