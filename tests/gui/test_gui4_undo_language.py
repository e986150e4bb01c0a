"""Undo texts follow the interface language: a step made in English says itself in
Korean after View → Language (and back), in the Edit menu and on the undo stack."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from levelcheck.gui import i18n
from levelcheck.gui.commands import UndoText
from levelcheck.gui.main_window import MainWindow


def test_undo_and_redo_texts_are_said_again_in_the_new_language(
    qtbot: QtBot, opened: MainWindow, tmp_path: Path
) -> None:
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    item = ws.current_item
    photo = tmp_path / "board.jpg"
    photo.write_bytes(b"\xff\xd8 not really a photo")
    ws.page.rate(4)
    assert session.attach_evidence(item, str(photo))
    stack = session.undo_stack
    assert opened.undo_action.text() == "&Undo Attach board.jpg to " + item
    assert stack.text(0) == f"Rate {item} at level 4"

    # Only the translators change here (no window rebuild): Qt posts LanguageChange.
    i18n.apply_language("ko")
    attach_ko = f"{item}에 board.jpg 첨부"
    qtbot.waitUntil(lambda: opened.undo_action.text().endswith(attach_ko))
    assert stack.text(0) == f"{item} 문항을 4수준으로 평가"
    opened.undo_action.trigger()
    assert opened.redo_action.text().endswith(attach_ko)
    assert opened.undo_action.text().endswith(f"{item} 문항을 4수준으로 평가")

    i18n.apply_language("en")
    qtbot.waitUntil(lambda: opened.redo_action.text().endswith("Attach board.jpg to " + item))
    assert opened.undo_action.text().endswith(f"Rate {item} at level 4")


def test_the_whole_edit_menu_is_korean_after_switching(qtbot: QtBot, opened: MainWindow) -> None:
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    item = ws.current_item
    ws.page.rate(2)
    opened.set_ui_language("ko")
    expected = f"실행 취소(&U) {item} 문항을 2수준으로 평가"
    qtbot.waitUntil(lambda: opened.undo_action.text() == expected)


def test_an_undo_text_keeps_its_values_in_order() -> None:
    text = UndoText.translate("ItemPage", "Rate %1 at level %2").replace("%1", "A-%2")
    assert str(text.replace("%2", "3")) == "Rate A-3 at level 3"  # as str.replace would
    assert str(text) == "Rate A-%2 at level %2"
