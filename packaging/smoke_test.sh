#!/usr/bin/env bash
# Smoke test of a frozen Deputy: packaging/smoke_test.sh DIR, where DIR is the onedir
# app (dist/deputy). Runs it as a user would, on a temporary profile and without a
# display, and fails on a non-zero exit, a missing or empty output, or any line on
# stderr that the allow-list below does not name. Linux, macOS and Windows (Git Bash).
set -euo pipefail

dir=${1:?usage: packaging/smoke_test.sh DIR (the onedir app, for example dist/deputy)}
exe="$dir/deputy"
[ -f "$exe.exe" ] && exe="$exe.exe"  # Windows: the console twin, not deputyw.exe
[ -x "$exe" ] || { echo "smoke test: no executable $exe" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
# The Python that runs picture_check.py (plain Python, no packages): any will do.
picture_python=${PICTURE_CHECK_PYTHON:-${PYTHON:-python3}}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DEPUTY_HOME="$tmp/home" QT_QPA_PLATFORM=offscreen
unset DEPUTY_RESOURCES_DIR  # the frozen app must find its own resources

# stderr lines that are harmless and can't be avoided, as extended regular
# expressions, each with the reason. Empty: today Deputy prints nothing on stderr
# when all goes well, and tests/test_cli.py keeps it so from source.
ALLOWED_STDERR=(
)

limit=()
command -v timeout >/dev/null 2>&1 && limit=(timeout 300)  # macOS has none by default

failed=0
fail() { echo "smoke test: FAIL $*" >&2; failed=1; }

# run NAME COMMAND...: run it, keep its output in $tmp/NAME.out and .err, check both.
run() {
    local name=$1 status=0
    shift
    echo "smoke test: $name"
    "${limit[@]}" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || status=$?
    if [ "$status" -ne 0 ]; then
        fail "$name exited with $status"
    fi
    local line allowed pattern
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        allowed=0
        for pattern in "${ALLOWED_STDERR[@]+"${ALLOWED_STDERR[@]}"}"; do
            [[ $line =~ $pattern ]] && allowed=1 && break
        done
        [ "$allowed" -eq 1 ] || fail "$name wrote to stderr: $line"
    done <"$tmp/$name.err"
    [ "$status" -eq 0 ]
}

# expect_file NAME FILE: FILE exists and is not empty.
expect_file() {
    [ -s "$2" ] || fail "$1 left no output in $2"
}

# What only a real tenant uses (keyring, MSAL, cryptography, tzdata, CA bundle) is there.
run self-check env DEPUTY_SELF_CHECK=1 "$exe" || true
cat "$tmp/self-check.out"

run version "$exe" --version || true
grep -q '^Deputy ' "$tmp/version.out" || fail "--version printed: $(cat "$tmp/version.out")"

shot="$tmp/shot.png"
if run screenshot "$exe" --demo --as AdeleV@contoso.com --screenshot "$shot"; then
    expect_file screenshot "$shot"
    [ "$(head -c 4 "$shot" | tail -c 3)" = "PNG" ] || fail "screenshot: $shot is not a PNG"
    # A picture with no fonts is still a PNG: it must show the sidebar's names.
    "$picture_python" "$here/picture_check.py" "$shot" || fail "screenshot: no text in it"
    if [ -n "${SMOKE_TEST_SHOTS:-}" ]; then
        cp "$shot" "$SMOKE_TEST_SHOTS/$(date +%s)-$(basename "$dir").png"
    fi
fi

if run sync "$exe" sync --demo --as-admin --all; then
    grep -q 'complete' "$tmp/sync.out" || fail "sync did not complete: $(tail -n 3 "$tmp/sync.out")"
fi

if run report "$exe" report --snapshot latest --format html --out "$tmp/review.html"; then
    expect_file report "$tmp/review.html"
fi

if [ "$failed" -ne 0 ]; then
    echo "smoke test: FAILED for $dir" >&2
    exit 1
fi
echo "smoke test: passed for $dir"
