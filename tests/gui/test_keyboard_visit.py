"""A whole site visit by keyboard alone: key events go to whatever has focus (as a real
keyboard's do) and the window's shortcuts do the rest. No window method is called and
no mouse is used; the dialogs (new assessment, the save dialogs, export) are the real
ones, answered by keys while they run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QWidget

from levelcheck.core.document import Document
from levelcheck.gui import exporting
from levelcheck.gui.exporting import ExportPdfDialog
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.new_assessment_dialog import NewAssessmentDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
MAX_TABS = 60


def focus() -> QWidget:
    """Where a key goes: an open menu, else the focus widget."""
    w = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert w is not None, "nothing has keyboard focus"
    return w


def key(k: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focus(), k, modifiers)


def type_text(text: str) -> None:
    """Type `text` into the focus widget; Korean as a keyboard layout without an input
    method sends it (QTest's keyClicks handles only ASCII)."""
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(focus(), ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    focus(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                )


def tab_to(name: str, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press Tab (Shift+Tab) until the control with accessible name `name` has focus."""
    seen = []
    for _ in range(MAX_TABS):
        if focus().accessibleName() == name:
            return
        seen.append(focus().accessibleName() or type(focus()).__name__)
        key(Qt.Key.Key_Tab, modifiers)
    raise AssertionError(f"Tab never reached {name!r}; it went through {seen}")


@contextmanager
def answering(kind: type[QDialog], keys: Callable[[QDialog], None]) -> Iterator[list[QDialog]]:
    """While the block runs (a key that opens `kind` and waits in its exec()), type
    `keys` into that dialog once it is up and has focus. Yields the dialogs answered."""
    answered: list[QDialog] = []
    timer = QTimer()
    timer.setInterval(10)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        f = QApplication.focusWidget()
        if isinstance(dialog, kind) and f is not None and dialog.isAncestorOf(f):
            timer.stop()
            answered.append(dialog)
            keys(dialog)

    timer.timeout.connect(poll)
    timer.start()
    try:
        yield answered
    finally:
        timer.stop()


def back_to(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    """A closed dialog gives focus back to its window: a window manager does that, the
    offscreen platform has none, so the test does it in its place."""
    if QApplication.activeWindow() is None:
        window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def save_as(path: Path) -> Callable[[QDialog], None]:
    """Keys for a save dialog: replace the file name with `path` and press Enter."""

    def keys(_dialog: QDialog) -> None:
        key(Qt.Key.Key_A, CTRL)
        type_text(str(path))
        key(Qt.Key.Key_Return)

    return keys


def test_a_whole_visit_by_keyboard(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    viewed: list[Path] = []
    monkeypatch.setattr(exporting, "open_in_viewer", viewed.append)  # nothing launches
    back_to(qtbot, window)
    assert focus().accessibleName() == "New assessment"  # the start page's first button

    # --- New assessment (Ctrl+N): the facts typed field by field, Enter creates it ----
    def new_assessment(dialog: QDialog) -> None:
        assert focus().accessibleName() == "Company name"
        type_text("(주)키보드정밀")
        key(Qt.Key.Key_Tab)
        type_text("금속가공")
        tab_to("Employees")
        type_text("48")
        tab_to("Assessor")
        type_text("김진단")
        key(Qt.Key.Key_Return)

    document = tmp_path / "visit.levelcheck"
    with answering(NewAssessmentDialog, new_assessment) as asked, \
            answering(QFileDialog, save_as(document)) as saved:  # fmt: skip
        key(Qt.Key.Key_N, CTRL)
    assert asked and saved, "the new-assessment or the save dialog never came up"
    back_to(qtbot, window)
    ws = window.workspace
    assert ws is not None and (focus() is ws.page or ws.page.isAncestorOf(focus()))
    assert window.session is not None and window.session.document.path == document
    items = list(window.session.item_ids)
    assert len(items) > 10

    # --- every item: a digit rates it, Ctrl+Down moves on ---------------------------
    expected: dict[str, int | None] = {}
    na_item, note_item = items[1], items[2]
    note = "Line lead showed the MES screens; paper logs at station 3."
    reason = "No outsourced production at this site"
    for n, item in enumerate(items):
        assert window.workspace is not None and window.workspace.current_item == item
        if item == na_item:
            tab_to("Not applicable")
            key(Qt.Key.Key_Space)  # N/A asks for its reason and puts focus there
            assert focus().accessibleName() == "N/A justification"
            type_text(reason)
            key(Qt.Key.Key_Return)
            expected[item] = None
        else:
            level = 1 + n % 5
            key(getattr(Qt.Key, f"Key_{level}"))
            expected[item] = level
            if item == note_item:
                tab_to("Note")
                type_text(note)
        key(Qt.Key.Key_Down, CTRL)
    assert window.session.document.answers()[note_item].note == note

    # --- Export PDF (Ctrl+E): Enter takes the options, Enter the proposed file name ---
    report = tmp_path / "visit-report.pdf"
    with answering(ExportPdfDialog, lambda d: key(Qt.Key.Key_Return)) as options, \
            answering(QFileDialog, save_as(report)) as named:  # fmt: skip
        key(Qt.Key.Key_E, CTRL)
    assert options and named
    back_to(qtbot, window)
    qtbot.waitUntil(lambda: viewed == [report], timeout=120_000)
    assert report.read_bytes().startswith(b"%PDF")

    # --- the document on disk holds every answer -------------------------------------
    # File > Close assessment through the menu (its shortcut differs by platform)
    key(Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    key(Qt.Key.Key_C)  # "&Close assessment"; Return as well, in case C is not unique
    if isinstance(QApplication.activePopupWidget(), QMenu):
        key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session is None)
    assert window.stack.currentWidget() is window.start
    with Document.open(document, readonly=True) as doc:
        company, answers = doc.company, doc.answers()
    assert (company.name, company.industry, company.employees) == ("(주)키보드정밀", "금속가공", 48)
    assert {i: a.level for i, a in answers.items()} == expected
    assert answers[na_item].na and answers[na_item].justification == reason
    assert answers[note_item].note == note
    assert not any(a.na for i, a in answers.items() if i != na_item)
