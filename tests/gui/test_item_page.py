"""The item page's N/A: the message under it follows what the consultant types."""

from __future__ import annotations

from PySide6.QtCore import Qt

from levelcheck.gui.main_window import MainWindow


def test_the_na_message_stops_asking_once_a_reason_is_typed(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    page, item = ws.page, ws.current_item
    qtbot.mouseClick(page.na_box, Qt.MouseButton.LeftButton)
    assert page.na_problem.isVisibleTo(page) and "justification" in page.na_problem.text()
    assert "b91c1c" in page.na_problem.styleSheet()  # red: something is missing
    qtbot.keyClicks(page.justification, "N")  # one character: no longer missing
    assert "justification" not in page.na_problem.text()
    assert "Enter" in page.na_problem.text() and "b91c1c" not in page.na_problem.styleSheet()
    assert session.state(item) == "unanswered"  # not stored until confirmed, as said
    qtbot.keyClick(page.justification, Qt.Key.Key_Backspace)  # empty again: red again
    assert "justification" in page.na_problem.text() and "b91c1c" in page.na_problem.styleSheet()
    qtbot.keyClicks(page.justification, "No make-to-order")
    qtbot.keyClick(page.justification, Qt.Key.Key_Return)  # the confirmation it names
    assert session.state(item) == "na" and not page.na_problem.isVisibleTo(page)
