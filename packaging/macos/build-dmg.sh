#!/usr/bin/env bash
# macOS: build dist/LevelCheck.app and wrap it in dist/LevelCheck-VERSION.dmg.
# UNTESTED HERE (written on Linux). Run on a Mac from the repository root:
#   bash packaging/macos/build-dmg.sh
# Needs: Python 3.11+ in .venv with LevelCheck installed (pip install -e .), Homebrew's
# pango (brew install pango; WeasyPrint loads it), NanumGothic.ttf + NanumGothicBold.ttf in
# ~/Library/Fonts or LEVELCHECK_FONT_SRC. Optional: create-dmg (brew install create-dmg),
# else plain hdiutil. Signing/notarising: set CODESIGN_IDENTITY (and notarise yourself).
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV=.venv
VERSION=$("$VENV/bin/python" -c 'import levelcheck; print(levelcheck.__version__)')
"$VENV/bin/python" -m pip install -q "pyinstaller==${PYINSTALLER_VERSION:-6.22.3}"
# Homebrew's Pango & co. (dlopen()ed by WeasyPrint) must be findable by the build
export DYLD_FALLBACK_LIBRARY_PATH="${DYLD_FALLBACK_LIBRARY_PATH:-$(brew --prefix 2>/dev/null || echo /opt/homebrew)/lib}"
rm -rf build/pyinstaller dist/LevelCheck dist/LevelCheck.app
"$VENV/bin/pyinstaller" --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    packaging/levelcheck.spec

APP=dist/LevelCheck.app
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --deep --force --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
fi
# quick check of the frozen CLI inside the bundle
"$APP/Contents/MacOS/LevelCheck" --version
"$APP/Contents/MacOS/LevelCheck" validate

DMG="dist/LevelCheck-$VERSION.dmg"
rm -f "$DMG"
if command -v create-dmg >/dev/null; then
    create-dmg --volname "LevelCheck $VERSION" --volicon packaging/icons/levelcheck.icns \
        --window-size 540 360 --icon-size 96 --icon "LevelCheck.app" 140 170 \
        --app-drop-link 400 170 --no-internet-enable "$DMG" "$APP"
else
    STAGE=$(mktemp -d)
    cp -R "$APP" "$STAGE/"
    ln -s /Applications "$STAGE/Applications"
    hdiutil create -volname "LevelCheck $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
    rm -rf "$STAGE"
fi
echo "built $DMG ($(du -sh "$APP" | cut -f1) app)"
