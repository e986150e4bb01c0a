"""Answering: by keyboard and mouse, N/A with its justification, notes, undo and redo,
moving between items; the live result matches the scoring service."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from levelcheck.core.document import Document
from levelcheck.core.service import ScoringService
from levelcheck.gui.main_window import MainWindow


def stored(window: MainWindow, item_id: str):  # type: ignore[no-untyped-def]
    assert window.session is not None
    return window.session.document.answers().get(item_id)


def test_pressing_3_on_an_item_page_rates_the_item(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = opened.workspace
    assert ws is not None
    item = ws.current_item
    qtbot.keyClick(ws.page, Qt.Key.Key_3)
    assert stored(opened, item).level == 3
    assert [c.is_chosen for c in ws.page.cards] == [False, False, True, False, False]
    assert ws.model.index_of(item).siblingAtColumn(1).data() == "L3"


def test_clicking_a_rubric_card_rates_the_item(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = opened.workspace
    assert ws is not None
    qtbot.mouseClick(ws.page.cards[3], Qt.MouseButton.LeftButton)
    assert stored(opened, ws.current_item).level == 4
    assert ws.page.cards[3].is_chosen and not ws.page.cards[2].is_chosen


def test_the_live_result_equals_the_scoring_service(
    qtbot,
    opened: MainWindow,
    service: ScoringService,  # type: ignore[no-untyped-def]
) -> None:
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    for n, level in enumerate([3, 5, 1, 2, 4, 3, 2]):
        qtbot.keyClick(ws.page, getattr(Qt.Key, f"Key_{level}"))
        if n < 6:
            ws.go_next()
    _, expected = service.score_file(session.document.path)
    live = session.result
    assert (live.total, live.level, live.completeness, live.provisional) == (
        expected.total,
        expected.level,
        expected.completeness,
        expected.provisional,
    )
    assert live.categories == expected.categories
    assert ws.live.total.text().startswith(f"{expected.total:,.1f}".removesuffix(".0"))
    assert f"{expected.completeness * 100:.0f}%" in ws.live.completeness.text()
    assert ws.live.svg.startswith("<svg") and ws.live.radar.renderer().isValid()


def test_undo_and_redo_of_an_answer(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = opened.workspace
    assert ws is not None
    item = ws.current_item
    ws.page.rate(4)
    ws.page.rate(2)
    assert stored(opened, item).level == 2
    opened.undo_action.trigger()
    assert stored(opened, item).level == 4 and ws.page.cards[3].is_chosen
    opened.undo_action.trigger()
    assert stored(opened, item) is None and not any(c.is_chosen for c in ws.page.cards)
    opened.redo_action.trigger()
    assert stored(opened, item).level == 4
    assert opened.session is not None and opened.session.result.items[item].level == 4


def test_undo_and_redo_by_keyboard(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = opened.workspace
    assert ws is not None
    opened.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is opened)
    item = ws.current_item
    ws.page.rate(5)
    qtbot.keyClick(ws.page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(opened, item) is None
    qtbot.keyClick(
        ws.page,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert stored(opened, item).level == 5


def test_na_requires_a_justification(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    page, item = ws.page, ws.current_item
    qtbot.mouseClick(page.na_box, Qt.MouseButton.LeftButton)
    assert page.na_box.isChecked() and page.na_problem.isVisibleTo(page)
    assert "justification" in page.na_problem.text()
    assert stored(opened, item) is None and session.state(item) == "unanswered"
    qtbot.keyClicks(page.justification, "no automated line")
    page.justification.editingFinished.emit()
    answer = stored(opened, item)
    assert answer.na and answer.justification == "no automated line" and answer.level is None
    assert not page.na_problem.isVisibleTo(page)
    assert session.result.items[item].status == "na"
    opened.undo_action.trigger()
    assert stored(opened, item) is None and not page.na_box.isChecked()


def test_rating_an_item_clears_its_pending_na(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = opened.workspace
    assert ws is not None
    qtbot.mouseClick(ws.page.na_box, Qt.MouseButton.LeftButton)
    ws.page.rate(2)
    assert not ws.page.na_box.isChecked() and not ws.page.na_problem.isVisibleTo(ws.page)
    assert stored(opened, ws.current_item).level == 2


def test_a_note_is_saved_when_focus_leaves_and_undone_in_one_step(
    qtbot, opened: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    ws = opened.workspace
    assert ws is not None
    item = ws.current_item
    ws.page.note.setPlainText("회의록 확인")
    ws.page.save_note()
    ws.page.note.setPlainText("회의록 확인, 3개월")
    qtbot.waitUntil(lambda: stored(opened, item) is not None
                    and stored(opened, item).note == "회의록 확인, 3개월", timeout=3000)  # fmt: skip
    opened.undo_action.trigger()
    assert stored(opened, item) is None and ws.page.note.toPlainText() == ""


def test_strength_and_evidence(qtbot, opened: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = opened.workspace
    assert ws is not None and opened.session is not None
    item = ws.current_item
    ws.page.strength.setCurrentIndex(ws.page.strength.findData("observed"))
    ws.page.strength.activated.emit(ws.page.strength.currentIndex())
    assert stored(opened, item).strength == "observed"
    photo = tmp_path / "line.jpg"
    photo.write_bytes(b"\xff\xd8 not really a photo")
    ws.page.attach_files([str(photo)])
    assert [e.name for e in opened.session.document.evidence(item)] == ["line.jpg"]
    assert ws.page.evidence_count.text().startswith("1")


def test_next_and_previous_and_the_unanswered_filter(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    ids = session.item_ids
    ws.go_next()
    assert ws.current_item == ids[1]
    ws.go_previous()
    assert ws.current_item == ids[0]
    ws.go_previous()
    assert ws.current_item == ids[0]
    ws.page.rate(3)
    ws.go_next()
    ws.page.rate(3)
    ws.go_to(ids[0])
    ws.unanswered_only.setChecked(True)
    ws.go_next()
    assert ws.current_item == ids[2]
    assert ws.tree.model().rowCount() == 4


def test_documents_survive_closing(opened: MainWindow) -> None:
    ws = opened.workspace
    assert ws is not None and opened.session is not None
    path, item = opened.session.document.path, ws.current_item
    ws.page.rate(4)
    opened.close_assessment()
    with Document.open(path, readonly=True) as doc:
        assert doc.answers()[item].level == 4
