"""Input on a site visit: the wheel over combo and spin boxes scrolls the page
instead of changing (and saving) them; a note typed without pauses is still saved every
few seconds; the plan's budget field takes typed digits at 0 and says what 0 means; the
same file is not attached to an item twice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QSpinBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from levelcheck.core.document import Document
from levelcheck.core.planning import load_request
from levelcheck.core.roadmap import krw
from levelcheck.gui.item_page import NOTE_MAX_DELAY_MS, NOTE_PAUSE_MS
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.wheel_guard import guard_wheel
from tests.gui.test_plan import shown_plan


def wheel(widget: QWidget, notches: int = -1) -> None:
    """A wheel turn over the middle of the widget (negative: down, away from the user)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre)), QPoint(), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def active(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_the_wheel_over_the_unfocused_strength_scrolls_the_page(qtbot: QtBot,
                                                                opened: MainWindow) -> None:  # fmt: skip
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    opened.resize(1000, 500)  # the page is taller than its pane: it scrolls
    active(qtbot, opened)
    page, item = ws.page, ws.current_item
    page.rate(3)
    bar = ws.scroller.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    steps = session.undo_stack.count()
    page.attach.setFocus()  # focus elsewhere on the page, as after a click
    assert page.strength.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel gives none
    wheel(page.strength, -2)
    assert page.strength.currentIndex() == 0 and not page.strength.hasFocus()
    assert session.answer(item).strength is None and session.undo_stack.count() == steps
    assert bar.value() > 0  # the page scrolled instead
    # clicked or tabbed into, the combo takes the wheel as before
    page.strength.setFocus()
    qtbot.waitUntil(page.strength.hasFocus)
    wheel(page.strength, -1)
    assert page.strength.currentIndex() == 1
    assert session.answer(item).strength == "claimed"


def test_a_guarded_spin_box_in_a_scroll_area_passes_the_wheel_on(qtbot: QtBot) -> None:
    area = QScrollArea()
    qtbot.addWidget(area)
    page = QWidget()
    column = QVBoxLayout(page)
    spin, other = QSpinBox(), QSpinBox()
    column.addWidget(spin)
    column.addWidget(other)
    column.addSpacing(2000)
    area.setWidget(page)
    area.resize(200, 200)
    guard_wheel(spin)
    area.show()
    active(qtbot, area)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    wheel(spin, 1)  # up at the top: nothing to scroll, and still no change
    wheel(spin, -1)
    assert spin.value() == 0 and area.verticalScrollBar().value() > 0
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin, 1)
    assert spin.value() == 1


def test_the_wheel_over_the_unfocused_plan_controls_changes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path)
    active(qtbot, window)
    view.tree.setFocus()
    budget, request = view.budget.value(), view.request
    for control in (view.budget, view.target, view.optimize, view.basis):
        assert control.focusPolicy() == Qt.FocusPolicy.StrongFocus
        wheel(control, -2)
    wheel(view.budget.lineEdit(), -2)  # what the pointer is really over, mostly
    assert view.budget.value() == budget and view.request == request
    assert not view.debounce.isActive()  # no replanning either
    view.budget.setFocus()
    qtbot.waitUntil(view.budget.hasFocus)
    wheel(view.budget, 1)
    assert view.budget.value() == budget + view.budget.singleStep()


def test_a_note_typed_without_pauses_is_saved_within_the_maximum_delay(
    qtbot: QtBot, opened: MainWindow
) -> None:  # fmt: skip
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    page, item = ws.page, ws.current_item
    page.rate(2)
    steps = session.undo_stack.count()
    active(qtbot, opened)
    page.note.setFocus()
    qtbot.waitUntil(page.note.hasFocus)
    text = "OEE calc from log books, 3 machines"  # 35 keys at 150 ms: 5 s, never a pause
    assert NOTE_PAUSE_MS > 150 * 2 and 150 * len(text) > NOTE_MAX_DELAY_MS * 1.5
    keys = iter(text)
    typist = QTimer()
    typist.setInterval(150)

    def type_one() -> None:
        key = next(keys, None)
        if key is None:
            typist.stop()
        else:
            qtbot.keyClicks(page.note, key)

    typist.timeout.connect(type_one)
    clock = QElapsedTimer()
    clock.start()
    typist.start()
    qtbot.waitUntil(lambda: session.answer(item).note != "", timeout=NOTE_MAX_DELAY_MS + 1000)
    assert clock.elapsed() < NOTE_MAX_DELAY_MS + 500 and typist.isActive()  # still typing
    saved = session.answer(item).note
    assert text.startswith(saved) and len(saved) < len(text)
    with Document.open(session.document.path, readonly=True) as doc:
        assert doc.to_assessment().answers[item].note == saved  # in the file, not only here
    # typing goes on: saved again by the deadline and the pause, all in one undo step
    qtbot.waitUntil(lambda: not typist.isActive(), timeout=10000)
    qtbot.waitUntil(lambda: session.answer(item).note == text, timeout=NOTE_PAUSE_MS + 1000)
    assert session.undo_stack.count() == steps + 1
    session.undo_stack.undo()
    assert session.answer(item).note == "" and session.answer(item).level == 2


def test_typing_into_the_budget_at_zero_replaces_no_budget(qtbot: QtBot,
                                                           opened: MainWindow) -> None:  # fmt: skip
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    assert session.document.company.budget_krw is None
    ws.show_upgrade_path()
    view = ws.plan_view
    field = view.budget
    # no profile budget: 0 says what the status line says, not "Profile budget"
    assert field.value() == 0 and field.text() == "No budget"
    assert "not capped" in field.toolTip() and "profile" not in field.toolTip()
    active(qtbot, opened)
    qtbot.mouseClick(field.lineEdit(), Qt.MouseButton.LeftButton, pos=QPoint(8, 5))
    qtbot.waitUntil(field.hasFocus)
    qtbot.waitUntil(lambda: field.lineEdit().selectedText() == "No budget")
    qtbot.keyClicks(field.lineEdit(), "5000")
    qtbot.keyClick(field.lineEdit(), Qt.Key.Key_Return)
    assert field.value() == 5000 and view.request.budget_krw == 50_000_000
    with Document.open(session.document.path, readonly=True) as doc:
        assert load_request(doc).budget_krw == 50_000_000  # stored as before: in KRW
    field.setValue(0)  # back to no budget of its own: stored as none
    assert view.request.budget_krw is None and field.text() == "No budget"


def test_a_profile_budget_is_named_with_its_amount(qtbot: QtBot, window: MainWindow,
                                                  tmp_path: Path) -> None:  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path)
    assert window.session is not None
    profile = window.session.document.company.budget_krw
    assert profile
    assert view.budget.specialValueText() == "Profile budget"
    assert krw(profile, view.lang) in view.budget.toolTip()


def test_the_same_file_is_not_attached_twice(qtbot: QtBot, opened: MainWindow,
                                             tmp_path: Path) -> None:  # fmt: skip
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    page, item = ws.page, ws.current_item
    photo = tmp_path / "현장 사진 1.jpg"
    photo.write_bytes(b"\xff\xd8 the same bytes")
    copy = tmp_path / "copy of it.jpg"
    copy.write_bytes(photo.read_bytes())
    other = tmp_path / "other.jpg"
    other.write_bytes(b"\xff\xd8 other bytes")
    page.attach_files([str(photo)])
    assert page.attach_notice.isHidden()
    steps = session.undo_stack.count()
    # by the file dialog (attach_files) and by a drop: same bytes, any name, are skipped
    page.attach_files([str(photo), str(other)])
    assert [e.name for e in session.evidence(item)] == ["현장 사진 1.jpg", "other.jpg"]
    assert page.attach_notice.isVisibleTo(page) and "현장 사진 1.jpg" in page.attach_notice.text()
    assert page.attach_notice.text().startswith("Already attached")
    assert session.undo_stack.count() == steps + 1
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(copy))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    page.dropEvent(drop)  # as Qt calls it at the end of a drag onto the page
    assert len(session.evidence(item)) == 2 and "copy of it.jpg" in page.attach_notice.text()
    assert page.evidence_count.text() == "2 file(s)"
    # a new file attaches and clears the notice; another item starts without it
    third = tmp_path / "third.txt"
    third.write_text("third")
    page.attach_files([str(third)])
    assert page.attach_notice.isHidden() and len(session.evidence(item)) == 3
    page.attach_files([str(photo)])
    ws.go_to(session.item_ids[1])
    assert page.attach_notice.isHidden()
