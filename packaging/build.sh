#!/usr/bin/env bash
# Build the standalone Deputy for Linux, check it, then pack it:
#
#   packaging/build.sh          (PYTHON=... to use another interpreter than .venv's)
#
# 1. PyInstaller builds the onedir app, dist/deputy/, from packaging/deputy.spec
#    (installing PyInstaller into the venv first if it is missing);
# 2. every library the app links against must resolve, and packaging/smoke_test.sh
#    runs the frozen app on a temporary profile;
# 3. only then: dist/deputy-VERSION-linux-ARCH.tar.gz (unpack and run, with a desktop
#    entry installer) and, where dpkg-deb exists, dist/deputy_VERSION_ARCH.deb;
# 4. where makensis exists, the Windows installer script is compiled against this
#    build as a stand-in payload: dist/deputy-VERSION-setup.exe.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-.venv/bin/python}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml | head -n 1)
arch=$(uname -m)
app=dist/deputy
# The .deb's Maintainer field and changelog signature.
maintainer=${DEB_MAINTAINER:-Deputy <deputy@example.com>}
# Archives carry the last commit's time, not the build's: the same source packs the same.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH

step() { printf '\n== %s\n' "$*"; }
die() { echo "build: $*" >&2; exit 1; }

[ -n "$version" ] || die "no version in pyproject.toml"
command -v "$python" >/dev/null || die "no Python at $python: create the venv (see README.md) or set PYTHON"

step "PyInstaller: $app (Deputy $version)"
if ! "$python" -m PyInstaller --version >/dev/null 2>&1; then
    # The requirement lives in one place: pyproject.toml's "package" extra.
    mapfile -t requirements < <("$python" -c 'import tomllib
print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["package"],
      sep="\n")')
    "$python" -m pip install -q "${requirements[@]}"
fi
rm -rf "$app"
"$python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/deputy.spec

step "Libraries: everything in $app links"
# A library neither bundled nor on this machine would fail only on the first real
# start (the smoke test's offscreen platform needs fewer than xcb or wayland).
unresolved=$(find "$app" -type f \( -name '*.so*' -o -name deputy \) -print0 |
    xargs -0 -n 1 ldd 2>/dev/null | grep 'not found' | sort -u || true)
[ -z "$unresolved" ] || die "libraries not found (install them, then build again):
$unresolved"
echo "ok"

step "Smoke test"
packaging/smoke_test.sh "$app"

# The libraries the app takes from the system, as Debian packages: those its ELF files
# link against that PyInstaller did not bundle (the graphics stack, glibc, libxcb).
system_packages() {
    local bundled needed soname path package
    bundled=$(find "$app" -name '*.so*' -printf '%f\n' | sort -u)
    needed=$(find "$app" -type f \( -name '*.so*' -o -name deputy \) -print0 |
        xargs -0 -n 1 objdump -p 2>/dev/null | awk '/NEEDED/ {print $2}' | sort -u)
    for soname in $(comm -23 <(echo "$needed") <(echo "$bundled")); do
        path=$(ldconfig -p | awk -v name="$soname" '$1 == name {print $NF; exit}')
        path=$(readlink -f "$path")
        # Merged /usr: dpkg may know the file under either name.
        package=$(dpkg -S "$path" 2>/dev/null || dpkg -S "${path#/usr}" 2>/dev/null ||
            dpkg -S "/usr$path" 2>/dev/null) || die "no Debian package provides $soname"
        echo "${package%%:*}"
    done | sort -u
}

# What Qt's xcb platform loads on an X11 or XWayland desktop, whether or not this build
# bundled a copy, and fontconfig's configuration and a font.
QT_XCB_DEPENDS=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0
    libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3)

step "Tarball"
stage=build/package/deputy-$version
rm -rf build/package
mkdir -p "$stage"
cp -a "$app/." "$stage/"
cp packaging/linux/deputy.desktop packaging/linux/install-desktop-entry.sh \
    packaging/linux/README.txt "$stage/"
cp resources/icons/deputy-256.png "$stage/deputy.png"
tarball=dist/deputy-$version-linux-$arch.tar.gz
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -C build/package -cf - "deputy-$version" | gzip -9n >"$tarball"
echo "$tarball"

deb=""
if command -v dpkg-deb >/dev/null 2>&1; then
    step ".deb"
    debarch=$(dpkg --print-architecture)
    root=build/deb/root
    rm -rf build/deb
    mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
        "$root/usr/share/doc/deputy"
    cp -a "$app" "$root/opt/deputy"
    ln -s /opt/deputy/deputy "$root/usr/bin/deputy"
    install -m 644 packaging/linux/deputy.desktop "$root/usr/share/applications/"
    for png in resources/icons/deputy-*.png; do
        size=${png##*-}
        size=${size%.png}
        install -D -m 644 "$png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/deputy.png"
    done
    install -D -m 644 resources/icons/deputy.svg "$root/usr/share/icons/hicolor/scalable/apps/deputy.svg"
    install -D -m 644 packaging/linux/lintian-overrides "$root/usr/share/lintian/overrides/deputy"
    if command -v help2man >/dev/null 2>&1; then
        mkdir -p "$root/usr/share/man/man1"
        DEPUTY_HOME=build/deb/home help2man --no-info --include packaging/linux/deputy.h2m \
            "$app/deputy" | gzip -9n >"$root/usr/share/man/man1/deputy.1.gz"
    else
        echo "help2man missing (apt install help2man): no manual page"
    fi
    cat >"$root/usr/share/doc/deputy/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Deputy
Comment: Deputy bundles Python, Qt and PySide6 (LGPL-3.0; on Debian systems the
 licence is in /usr/share/common-licenses/LGPL-3) and the Python packages it runs
 on; each package's licence and notice files are in its .dist-info folder under
 /opt/deputy/_internal.

Files: *
Copyright: $(date -u -d "@$SOURCE_DATE_EPOCH" +%Y) the Deputy authors
License: LicenseRef-Proprietary
 Deputy is not free software; see the licence you received with it.
EOF
    printf 'deputy (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
        "$version" "$version" "$maintainer" "$(date -R -u -d "@$SOURCE_DATE_EPOCH")" |
        gzip -9n >"$root/usr/share/doc/deputy/changelog.gz"
    # Debian's permissions: directories and executables 755, everything else 644.
    find "$root" -type d -exec chmod 755 {} +
    find "$root" -type f -exec chmod 644 {} +
    chmod 755 "$root/opt/deputy/deputy"
    (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
        xargs -0 md5sum) >"$root/DEBIAN/md5sums"
    chmod 644 "$root/DEBIAN/md5sums"
    glibc=$(find "$app" -type f \( -name '*.so*' -o -name deputy \) -print0 |
        xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -Vu | tail -n 1)
    system=$(system_packages)
    depends=$(printf '%s\n' "$system" "${QT_XCB_DEPENDS[@]}" | grep -vx libc6 | sort -u |
        paste -sd, - | sed 's/,/, /g')
    cat >"$root/DEBIAN/control" <<EOF
Package: deputy
Version: $version
Architecture: $debarch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: libc6 (>= ${glibc#GLIBC_}), $depends
Suggests: gnome-keyring | keepassxc
Section: misc
Priority: optional
Description: manage Outlook calendar sharing and delegation
 Deputy shows who can see and manage Outlook calendars, and changes it,
 through Microsoft Graph: for assistants working in their executives'
 calendars, calendar owners, and IT administrators auditing permissions
 across many mailboxes, online or from an offline snapshot. It includes a
 Graph emulator with a demo tenant (deputy --demo).
EOF
    if command -v desktop-file-validate >/dev/null 2>&1; then
        desktop-file-validate "$root/usr/share/applications/deputy.desktop"
    else
        echo "desktop-file-validate missing (apt install desktop-file-utils): entry not validated"
    fi
    deb=dist/deputy_${version}_$debarch.deb
    dpkg-deb --build --root-owner-group "$root" "$deb"
    if command -v lintian >/dev/null 2>&1; then
        # What lintian flags that a self-contained app in /opt can't avoid is overridden,
        # with the reasons, in packaging/linux/lintian-overrides.
        lintian --fail-on error,warning "$deb"
    else
        echo "lintian missing (apt install lintian): .deb not linted"
    fi
else
    step ".deb: skipped, no dpkg-deb on this machine"
fi

setup=""
if command -v makensis >/dev/null 2>&1; then
    step "Windows installer, compiled against this build as a stand-in payload"
    setup=$(packaging/build_windows_installer.sh "$app" dist)
else
    step "Windows installer: skipped, no makensis (apt install nsis)"
fi

step "Sizes"
printf '%-44s %12s bytes\n' "$app/" "$(du -sb "$app" | cut -f1)"
for artefact in "$tarball" $deb $setup; do
    printf '%-44s %12s bytes\n' "$artefact" "$(stat -c %s "$artefact")"
done
