"""Regenerate the Korean translation from the source:

    .venv/bin/python -m levelcheck.gui.i18n.build

runs ``pyside6-lupdate`` over ``levelcheck/gui/*.py`` (new and changed strings go into
``levelcheck_ko.ts``, existing translations are kept, vanished ones dropped), then
``pyside6-lrelease`` to compile ``levelcheck_ko.qm``. Translate new strings (marked
``type="unfinished"``) in the .ts with Qt Linguist (``pyside6-linguist``) or an editor,
then run this again. Both files are committed; a test checks the .qm is up to date."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent
GUI_DIR = I18N_DIR.parent
TS_FILE = I18N_DIR / "levelcheck_ko.ts"
QM_FILE = I18N_DIR / "levelcheck_ko.qm"


def tool(name: str) -> str | None:
    """A PySide6 tool: next to this Python first (the venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def sources() -> list[str]:
    return [str(p.relative_to(GUI_DIR.parents[1])) for p in sorted(GUI_DIR.rglob("*.py"))
            if "i18n" not in p.parts]  # fmt: skip


def update_ts() -> None:
    lupdate = tool("pyside6-lupdate")
    if lupdate is None:
        raise SystemExit("pyside6-lupdate not found (pip install PySide6-Essentials)")
    subprocess.run([lupdate, *sources(), "-ts", str(TS_FILE.relative_to(GUI_DIR.parents[1])),
                    "-target-language", "ko_KR", "-no-obsolete", "-locations", "none"],
                   check=True, cwd=GUI_DIR.parents[1])  # fmt: skip


def compile_qm(ts: Path = TS_FILE, qm: Path = QM_FILE) -> None:
    lrelease = tool("pyside6-lrelease")
    if lrelease is None:
        raise SystemExit("pyside6-lrelease not found (pip install PySide6-Essentials)")
    subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)


def main() -> None:
    update_ts()
    compile_qm()


if __name__ == "__main__":
    main()
