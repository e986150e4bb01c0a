"""The Korean interface: the committed translation is complete and compiled, the
language follows the system by default and switches at run time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from levelcheck.core.service import ScoringService
from levelcheck.gui import i18n
from levelcheck.gui.i18n import build
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.settings import Settings

needs_lrelease = pytest.mark.skipif(
    build.tool("pyside6-lrelease") is None, reason="pyside6-lrelease not installed"
)
needs_lupdate = pytest.mark.skipif(
    build.tool("pyside6-lupdate") is None, reason="pyside6-lupdate not installed"
)


@needs_lrelease
def test_the_committed_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    build.compile_qm(build.TS_FILE, fresh)
    assert fresh.read_bytes() == build.QM_FILE.read_bytes(), (
        "levelcheck_ko.qm is stale: run python -m levelcheck.gui.i18n.build"
    )


@needs_lupdate
def test_every_string_in_the_source_is_translated(tmp_path: Path) -> None:
    copy = tmp_path / "levelcheck_ko.ts"
    shutil.copy(build.TS_FILE, copy)
    lupdate = build.tool("pyside6-lupdate")
    assert lupdate is not None
    root = build.GUI_DIR.parents[1]
    subprocess.run([lupdate, *build.sources(), "-ts", str(copy), "-no-obsolete",
                    "-locations", "none", "-silent"], check=True, cwd=root)  # fmt: skip
    text = copy.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "run python -m levelcheck.gui.i18n.build, translate"
    assert text == build.TS_FILE.read_text(encoding="utf-8"), "the .ts is not up to date"


def test_system_default_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    assert i18n.resolve("system") == "en"  # conftest: an English system
    monkeypatch.setattr(i18n, "system_locale", lambda: QLocale(QLocale.Language.Korean))
    assert i18n.resolve("system") == "ko"
    assert (i18n.resolve("en"), i18n.resolve("ko")) == ("en", "ko")


def test_a_korean_system_locale_is_seen_as_korean() -> None:
    code = "from levelcheck.gui import i18n; print(i18n.resolve('system'))"
    env = {**os.environ, "LC_ALL": "ko_KR.UTF-8", "LANG": "ko_KR.UTF-8"}
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    assert out.strip() == "ko"


def test_the_window_starts_in_korean_on_a_korean_system(
    qtbot,
    service: ScoringService,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(i18n, "system_locale", lambda: QLocale(QLocale.Language.Korean))
    window = MainWindow(service, Settings())
    qtbot.addWidget(window)
    assert window.start.new_button.text() == "새 진단…"
    assert window.menuBar().actions()[0].text() == "파일(&F)"
    assert window.ui_language_actions["system"].isChecked()


def test_switching_the_language_changes_visible_texts(window: MainWindow) -> None:
    def texts() -> tuple[str, str, str]:
        return (window.menuBar().actions()[0].text(), window.start.new_button.text(),
                window.start.open_button.text())  # fmt: skip

    assert texts() == ("&File", "New assessment…", "Open file…")
    window.ui_language_actions["ko"].trigger()
    assert texts() == ("파일(&F)", "새 진단…", "파일 열기…")
    assert Settings().ui_language == "ko" and i18n.current() == "ko"
    assert window.start.new_button.isEnabled()  # the rebuilt page is ready too
    window.ui_language_actions["en"].trigger()
    assert texts() == ("&File", "New assessment…", "Open file…")
    window.set_ui_language("system")  # English here
    assert texts()[0] == "&File" and Settings().ui_language == "system"


def test_switching_keeps_the_open_workspace_where_it_was(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = opened.workspace
    assert ws is not None and opened.session is not None
    ws.go_next()
    item = ws.current_item
    ws.page.rate(4)
    assert ws.unanswered_only.text() == "Unanswered only"
    opened.set_ui_language("ko")
    new = opened.workspace
    assert new is not None and new is not ws
    assert new.unanswered_only.text() == "미응답만 보기"
    assert [a.text() for a in opened.go_menu.actions()][:2] == ["다음 문항(&N)", "이전 문항(&P)"]
    assert new.current_item == item and new.page.cards[3].is_chosen
    assert opened.undo_action.text().startswith("실행 취소")
    opened.undo_action.trigger()  # the undo history survived
    assert opened.session.answer(item).level is None
    opened.set_ui_language("en")
    assert opened.workspace is not None
    assert opened.workspace.unanswered_only.text() == "Unanswered only"


def test_the_questionnaire_language_switches_too(opened: MainWindow) -> None:
    assert opened.workspace is not None and opened.session is not None
    q = opened.session.questionnaire
    item = q.items[opened.workspace.current_item]
    assert opened.workspace.page.title.text() == item.title("en")  # as the interface
    opened.content_language_actions["ko"].trigger()
    assert opened.workspace.page.title.text() == item.title("ko")
    assert Settings().content_language == "ko"
    opened.set_content_language("en")
    assert opened.workspace.page.title.text() == item.title("en")


def test_every_tr_call_is_seen_by_lupdate() -> None:
    """lupdate does not look inside f-strings: a ``self.tr('…')`` written in one is never
    offered for translation and shows in English on a Korean screen. Every literal
    passed to tr() anywhere in the GUI must be in the translation file."""
    import ast
    import html
    import re

    ts = build.TS_FILE.read_text(encoding="utf-8")
    known = {html.unescape(s) for s in re.findall(r"<source>(.*?)</source>", ts, re.S)}
    unseen = []
    for path in sorted(Path(i18n.__file__).parent.parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and node.args[0].value not in known
            ):
                unseen.append(f"{path.name}:{node.lineno}: {node.args[0].value!r}")
    assert unseen == []
