#!/usr/bin/env bash
# Smoke test of the frozen LevelCheck app (default dist/LevelCheck/LevelCheck):
#   bash packaging/smoke.sh [APP_FOLDER]
# One "ok" line per check; exits non-zero on the first failure. Needs poppler-utils
# (pdftotext, pdffonts; ./dev setup installs them). Touches nothing outside a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_DIR=${1:-dist/LevelCheck}
BIN="$APP_DIR/LevelCheck"
[ -x "$BIN" ] || { echo "smoke: FAIL: no app at $BIN (run packaging/build.sh)" >&2; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/LevelCheck

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# a clean user: own config (signing key) and cache (prepared report font), no venv
export LEVELCHECK_CONFIG_DIR="$TMP/config" LEVELCHECK_CACHE_DIR="$TMP/cache"
export HOME="$TMP/home" XDG_CACHE_HOME="$TMP/home/.cache"
mkdir -p "$HOME"
unset VIRTUAL_ENV PYTHONPATH PYTHONHOME LEVELCHECK_FONT_DIR
# run from elsewhere, so nothing can come from the source tree by accident
EXAMPLE=$(pwd)/examples/02-level2-hanmoru-precision.json
cd "$TMP"

ok() { printf 'smoke: ok   %s\n' "$*"; }
fail() {
    printf 'smoke: FAIL %s\n' "$1" >&2
    [ -f "$TMP/err" ] && sed 's/^/  | /' "$TMP/err" >&2
    exit 1
}
run() {  # run NAME CMD... : stdout to $TMP/out, stderr to $TMP/err, fail on non-zero exit
    local name=$1; shift
    "$@" >"$TMP/out" 2>"$TMP/err" || fail "$name (exit $?)"
    ! grep -q Traceback "$TMP/err" || fail "$name (traceback on stderr)"
}

want_version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$OLDPWD/levelcheck/__init__.py")
run "--version" "$BIN" --version
grep -qx "levelcheck $want_version" "$TMP/out" || fail "--version printed: $(cat "$TMP/out")"
ok "--version: $(cat "$TMP/out")"

run "validate" "$BIN" validate
ok "validate: shipped content is valid"

run "score" "$BIN" score "$EXAMPLE" --format json
python3 - "$TMP/out" <<'PY' || fail "score: unexpected JSON"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))[0]
assert r["company"] and r["level"] >= 1 and r["total"] > 0, r
print(f"smoke: ok   score: {r['company']}: {r['total']}/{r['max_total']}, Level {r['level']}")
PY

run "score --jobs 2" "$BIN" score "$OLDPWD/examples" --format csv --jobs 2
[ "$(grep -c . "$TMP/out")" -ge 6 ] || fail "score --jobs 2: expected 5 rows and a header"
ok "score --jobs 2: $(($(grep -c . "$TMP/out") - 1)) assessments in worker processes"

run "keys init" "$BIN" keys init --name "LevelCheck smoke test" --organisation "스모크시험기관"
run "report" "$BIN" report "$EXAMPLE" -o "$TMP/report.pdf" --lang ko
[ -s "$TMP/report.pdf" ] || fail "report: no PDF written"
company=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["company"]["name"])' "$EXAMPLE")
pdftotext "$TMP/report.pdf" "$TMP/report.txt"  # (into a file: grep -q would cut a pipe short)
grep -qF "$company" "$TMP/report.txt" || fail "report: '$company' not in the PDF's text"
# the Korean report (its cover title), issued by the signing key's organisation
grep -qF "수준진단 결과 확인서" "$TMP/report.txt" || fail "report: not the Korean report"
grep -qF "스모크시험기관" "$TMP/report.txt" || fail "report: the key's organisation is not the issuer"
pdffonts "$TMP/report.pdf" >"$TMP/fonts"
grep -q "LevelCheck-Sans" "$TMP/fonts" || { cat "$TMP/fonts" >&2; fail "report: LevelCheck Sans not embedded"; }
ok "report: $(du -k "$TMP/report.pdf" | cut -f1) KB Korean PDF, text has '$company' and the issuer, fonts: $(awk 'NR>2 {print $1}' "$TMP/fonts" | sort -u | sed 's/^[A-Z]*+//' | paste -sd, -)"

run "verify" "$BIN" verify "$TMP/report.pdf"
ok "verify: signature and data check out"

# the desktop app, off screen, on the sample assessment: still running after 5 s = ok
set +e
QT_QPA_PLATFORM=offscreen timeout 5 "$BIN" >"$TMP/out" 2>"$TMP/err"
status=$?
set -e
[ "$status" -eq 124 ] || fail "gui: exited with $status before 5 s"
! grep -q Traceback "$TMP/err" || fail "gui: traceback on stderr"
ok "gui: started off screen and ran 5 s without error"
[ -s "$TMP/err" ] && { echo "smoke: note: gui stderr:"; sed 's/^/  | /' "$TMP/err"; }

# again on a sample assessment: imports it into a new document, the workspace, the radar chart
cp "$EXAMPLE" "$TMP/sample.json"
set +e
QT_QPA_PLATFORM=offscreen timeout 5 "$BIN" gui "$TMP/sample.json" >"$TMP/out" 2>"$TMP/err"
status=$?
set -e
[ "$status" -eq 124 ] || fail "gui FILE: exited with $status before 5 s"
! grep -q Traceback "$TMP/err" || fail "gui FILE: traceback on stderr"
ok "gui sample.json: opened an assessment off screen, ran 5 s without error"
echo "smoke: all checks passed"
