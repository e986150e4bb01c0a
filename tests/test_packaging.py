"""The packaging files (packaging/), checked without building anything (building is
packaging/build.sh, a few minutes, not part of the test suite)."""

from __future__ import annotations

import ast
import configparser
import plistlib
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "packaging"
SPEC = PKG / "levelcheck.spec"


def spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


def qt_excluded() -> set[str]:
    block = spec_text().split("QT_EXCLUDES = [", 1)[1].split("]\n", 1)[0]
    return set(re.findall(r"\bQt\w+", block)) - {"QtPy"}


def gui_qt_modules() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "levelcheck").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            found |= {n.split(".")[1] for n in names if n.startswith("PySide6.")}
    return found


def test_spec_is_python() -> None:
    ast.parse(spec_text())


def test_spec_ships_the_content_folders_where_the_wheel_does() -> None:
    """questionnaires/ and report_templates/ land in levelcheck/_content/ as in the wheel
    (pyproject's force-include), where content.shipped_dir finds them."""
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    force = wheel["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    text = spec_text()
    for src, dest in force.items():
        pattern = rf'ROOT / "{src}"( / "\*\.json")?\), "{dest}"\)'
        assert re.search(pattern, text), f"{src} -> {dest} not in the spec"
    for needed in (
        '"levelcheck/_content/report_templates/fonts"',
        '"levelcheck/core/schema"',
        '"NanumGothic.ttf", "NanumGothicBold.ttf"',
        "NanumGothic-OFL.txt",
    ):
        assert needed in text


def test_the_app_finds_the_examples_where_the_package_ships_them() -> None:
    from levelcheck.gui.examples import example_files

    assert [p.name for p in example_files()] == sorted(
        p.name for p in (ROOT / "examples").glob("*.json")
    )


def test_packaging_files_the_spec_names_exist() -> None:
    for rel in (
        "levelcheck_main.py",
        "rthooks/pyi_rth_levelcheck.py",
        "fontconfig/fonts.conf",
        "licenses/NanumGothic-OFL.txt",
        "icons/levelcheck.png",
        "icons/levelcheck.ico",
        "icons/levelcheck.icns",
        "icons/levelcheck.svg",
        "macos/Info.plist",
        "linux/levelcheck.desktop",
        "linux/levelcheck-mime.xml",
        "linux/install-desktop.sh",
    ):
        assert (PKG / rel).is_file(), rel
    assert "Open Font License" in (PKG / "licenses/NanumGothic-OFL.txt").read_text(encoding="utf-8")
    assert list((ROOT / "levelcheck/core/schema").glob("*.json"))
    assert list((ROOT / "examples").glob("*.json"))


def test_no_qt_module_the_app_imports_is_excluded() -> None:
    """A new Qt import in levelcheck/gui (say QtPrintSupport for PDF export) must be taken
    off the spec's exclude list, or the frozen app would fail to start."""
    used = gui_qt_modules()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not used & qt_excluded(), f"excluded but imported: {sorted(used & qt_excluded())}"
    assert {"QtWebEngineCore", "QtQml", "QtQuick", "QtMultimedia", "QtPdf"} <= qt_excluded()


def test_entry_point_is_the_cli_with_freeze_support() -> None:
    text = (PKG / "levelcheck_main.py").read_text(encoding="utf-8")
    assert "multiprocessing.freeze_support()" in text
    # the same entry as the installed `levelcheck` command
    assert "from levelcheck.cli import run" in text
    pyproject = (PKG.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'levelcheck = "levelcheck.cli:run"' in pyproject


def test_levelcheck_document_type_is_declared_everywhere() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(PKG / "linux/levelcheck.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert "application/x-levelcheck" in entry["MimeType"].split(";")
    assert entry["Exec"].startswith("LevelCheck ") and "%F" in entry["Exec"]

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(PKG / "linux/levelcheck-mime.xml").getroot().find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "application/x-levelcheck"
    assert mime.find("m:glob", ns).get("pattern") == "*.levelcheck"  # type: ignore[union-attr]

    with (PKG / "macos/Info.plist").open("rb") as f:
        info = plistlib.load(f)
    (doc,) = info["CFBundleDocumentTypes"]
    assert doc["CFBundleTypeExtensions"] == ["levelcheck"]

    iss = (PKG / "windows/levelcheck.iss").read_text(encoding="utf-8")
    assert r'Subkey: "Software\Classes\.levelcheck"' in iss


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_shell_scripts_parse() -> None:
    for script in ("build.sh", "smoke.sh", "macos/build-dmg.sh", "linux/install-desktop.sh"):
        subprocess.run(["bash", "-n", str(PKG / script)], check=True)
