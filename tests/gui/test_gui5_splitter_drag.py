"""A tree width the consultant drags to is kept: a later window resize no longer widens
(or narrows) the tree back to the width the workspace would have chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.workspace import Workspace


def drag_handle(qtbot: QtBot, ws: Workspace, dx: int) -> None:
    """Drag the handle between the tree and the item page `dx` pixels with the mouse,
    as the user does (QSplitter emits splitterMoved for it). One move: the handle
    follows the mouse, so a second move in its own coordinates would add up."""
    handle = ws.splitter.handle(1)
    start = handle.rect().center()
    with qtbot.waitSignal(ws.splitter.splitterMoved):
        qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(handle, start + QPoint(dx, 0))
        qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start)


def resized(qtbot: QtBot, window: MainWindow, width: int) -> None:
    window.resize(width, 700)
    qtbot.waitUntil(lambda: window.width() == width)


@pytest.mark.parametrize("dx", [-70, 90])
def test_a_dragged_tree_width_is_kept_when_the_window_is_resized(
    qtbot: QtBot, opened: MainWindow, dx: int
) -> None:
    ws = opened.workspace
    assert ws is not None
    splitter = ws.splitter
    resized(qtbot, opened, 1280)
    qtbot.waitUntil(lambda: splitter.sizes()[0] >= splitter.readable)
    before = splitter.sizes()[0]
    drag_handle(qtbot, ws, dx)
    chosen = splitter.sizes()[0]
    assert abs(chosen - (before + dx)) <= 2
    if dx < 0:
        assert chosen < splitter.readable  # narrower than the workspace would make it

    for width in (1100, 1400, 1150):  # room for the item page and result beside it
        resized(qtbot, opened, width)
        assert splitter.sizes()[0] == chosen, width


def test_without_a_drag_the_tree_is_still_widened(qtbot: QtBot, opened: MainWindow) -> None:
    """Before any drag, a narrower window still gives the tree its readable width."""
    ws = opened.workspace
    assert ws is not None
    resized(qtbot, opened, 1280)
    ws.splitter.setSizes([150, 800, 330])  # not a drag: no splitterMoved
    resized(qtbot, opened, 1100)
    qtbot.waitUntil(lambda: ws.splitter.sizes()[0] >= ws.splitter.readable)


def test_the_other_panes_least_widths_still_come_first(qtbot: QtBot, opened: MainWindow) -> None:
    """A tree dragged wide gives way when the window gets too narrow for the item page
    and the result panel to show their text, and gets its width back afterwards."""
    ws = opened.workspace
    assert ws is not None
    splitter = ws.splitter
    resized(qtbot, opened, 1400)
    drag_handle(qtbot, ws, 200)
    chosen = splitter.sizes()[0]
    resized(qtbot, opened, 972)
    sizes = splitter.sizes()
    for pane, size in zip((ws.centre, ws.side), sizes[1:], strict=True):
        assert size >= pane.minimumSizeHint().width()
    assert sizes[0] < chosen
    resized(qtbot, opened, 1400)
    assert splitter.sizes()[0] == chosen


def test_a_dragged_tree_width_survives_a_language_switch(qtbot: QtBot, opened: MainWindow) -> None:
    """View → Language builds the workspace again; the width the user chose stays."""
    ws = opened.workspace
    assert ws is not None
    resized(qtbot, opened, 1280)
    qtbot.waitUntil(lambda: ws.splitter.sizes()[0] >= ws.splitter.readable)
    drag_handle(qtbot, ws, -70)
    chosen = ws.splitter.sizes()[0]
    opened.set_ui_language("ko")
    fresh = opened.workspace
    assert fresh is not None and fresh is not ws
    resized(qtbot, opened, 1200)
    qtbot.waitUntil(lambda: fresh.splitter.sizes()[0] == chosen)
