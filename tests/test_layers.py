"""Qt stays in levelcheck/gui: core, report and the command line never import it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "levelcheck"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    shown = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE.parent) else path
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            names = [a.value for a in node.args if isinstance(a, ast.Constant)]
        found += [f"{shown}:{node.lineno}: {n}" for n in names if str(n).split(".")[0] in QT]
    return found


def test_no_qt_import_outside_gui() -> None:
    offenders = [
        hit
        for f in sorted(PACKAGE.rglob("*.py"))
        if "gui" not in f.relative_to(PACKAGE).parts
        for hit in qt_imports(f)
    ]
    assert offenders == []


def test_the_detector_finds_each_way_of_importing_qt(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import PySide6\nfrom PySide6.QtCore import QObject\n"
        "import importlib\nimportlib.import_module('PySide6.QtWidgets')\nimport json\n"
    )
    assert [h.split(": ")[1] for h in qt_imports(probe)] == [
        "PySide6",
        "PySide6.QtCore",
        "PySide6.QtWidgets",
    ]


def test_core_and_cli_run_without_qt_loaded() -> None:
    code = (
        "import sys, levelcheck.cli, levelcheck.core.scoring, levelcheck.core.validate, "
        "levelcheck.core.service, levelcheck.report\n"
        "levelcheck.cli.main(['validate'])\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT!r}]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
