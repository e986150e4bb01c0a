#!/usr/bin/env bash
# Build the one-folder LevelCheck app into dist/LevelCheck/ and smoke-test it.
#   bash packaging/build.sh            (from a fresh clone: sets everything up first)
# Environment: PYINSTALLER_VERSION (default below), SKIP_SMOKE=1 to only build.
# Linux is built and tested here; on Windows/macOS see packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PYINSTALLER_VERSION=${PYINSTALLER_VERSION:-6.22.3}
VENV=.venv
log() { printf 'build: %s\n' "$*" >&2; }

start=$(date +%s)
# 1. the project's own set-up (Debian packages incl. fonts-nanum and Pango, .venv, LevelCheck)
./dev setup
# 2. PyInstaller into the same venv, only when missing or another version
if [ "$("$VENV/bin/python" -c 'import PyInstaller; print(PyInstaller.__version__)' 2>/dev/null || true)" \
        != "$PYINSTALLER_VERSION" ]; then
    log "installing PyInstaller $PYINSTALLER_VERSION into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "pyinstaller==$PYINSTALLER_VERSION"
fi
# 3. build (a clean work dir each time: PyInstaller's cache does not see content changes)
log "building dist/LevelCheck (PyInstaller $PYINSTALLER_VERSION)"
rm -rf build/pyinstaller dist/LevelCheck
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/levelcheck.spec
built=$(date +%s)
log "built in $((built - start)) s"
size=$(du -sh dist/LevelCheck | cut -f1)
log "dist/LevelCheck: $size unpacked (target: under 250 MB)"
if [ "$(du -sm dist/LevelCheck | cut -f1)" -ge 250 ]; then
    log "WARNING: over the 250 MB target"
fi
# 4. smoke test of the frozen app
if [ "${SKIP_SMOKE:-0}" != 1 ]; then
    bash packaging/smoke.sh dist/LevelCheck
    log "smoke test passed in $(( $(date +%s) - built )) s"
fi
