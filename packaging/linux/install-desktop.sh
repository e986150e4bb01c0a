#!/usr/bin/env bash
# Linux: put an unpacked dist/LevelCheck/ on the menu and make it open .levelcheck files,
# for the current user (no root): bash install-desktop.sh [APP_FOLDER]
# (ships next to the app in the tarball; APP_FOLDER defaults to this script's folder's ../)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app=$(cd "${1:-$here/..}" && pwd)
[ -x "$app/LevelCheck" ] || { echo "no LevelCheck binary in $app" >&2; exit 2; }
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$HOME/.local/bin" "$data/applications" "$data/icons/hicolor/256x256/apps" \
    "$data/icons/hicolor/scalable/apps" "$data/mime/packages"
ln -sf "$app/LevelCheck" "$HOME/.local/bin/LevelCheck"
sed "s|^Exec=LevelCheck|Exec=\"$app/LevelCheck\"|; s|^TryExec=LevelCheck|TryExec=$app/LevelCheck|" \
    "$here/levelcheck.desktop" > "$data/applications/levelcheck.desktop"
cp "$here/levelcheck.png" "$data/icons/hicolor/256x256/apps/levelcheck.png"
cp "$here/levelcheck.svg" "$data/icons/hicolor/scalable/apps/levelcheck.svg"
cp "$here/levelcheck-mime.xml" "$data/mime/packages/levelcheck.xml"
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v xdg-mime >/dev/null && xdg-mime default levelcheck.desktop application/x-levelcheck || true
echo "LevelCheck: menu entry and .levelcheck association installed for $USER"
