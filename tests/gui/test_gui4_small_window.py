"""On a small laptop (a 1024 × 700 window) the questionnaire tree still says which item
is which: every item shows its id and a readable part of its title."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyle, QTreeView
from pytestqt.qtbot import QtBot

from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.navigation_model import ID_ROLE, KIND_ROLE


def item_indexes(tree: QTreeView) -> list[QModelIndex]:
    model, out, todo = tree.model(), [], [QModelIndex()]
    while todo:
        parent = todo.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            todo.append(index)
            if index.data(KIND_ROLE) == "item":
                out.append(index)
    return out


def shown_title(tree: QTreeView, index: QModelIndex) -> tuple[str, str]:
    """(the whole title, the part of it the tree shows): the cell's text elided to the
    width the delegate draws it in, less the item id in front."""
    margins = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    width = tree.visualRect(index).width() - margins
    text = str(index.data())
    shown = tree.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)
    prefix = f"{index.data(ID_ROLE)}  "
    assert text.startswith(prefix)
    return text.removeprefix(prefix), shown.removesuffix("…").removeprefix(prefix)


@pytest.mark.parametrize(("lang", "chars"), [("en", 12), ("ko", 7)])
def test_titles_are_readable_in_a_1024_by_700_window(
    qtbot: QtBot, opened: MainWindow, lang: str, chars: int
) -> None:
    if lang == "ko":
        opened.set_ui_language("ko")
    opened.resize(1024, 700)
    ws = opened.workspace
    assert ws is not None
    tree = ws.tree
    indexes = item_indexes(tree)
    assert len(indexes) == len(ws.session.item_ids)

    def too_short() -> list[str]:
        out = []
        for index in indexes:
            title, shown = shown_title(tree, index)
            if len(shown) < min(chars, len(title)):
                out.append(f"{index.data(ID_ROLE)}: {shown!r}")
        return out

    qtbot.waitUntil(lambda: opened.width() == 1024 and not too_short())
    # ... and the rest still fits: the "Done" column, the item page and the result.
    assert tree.columnWidth(1) >= tree.header().sectionSizeHint(1)
    sizes = ws.splitter.sizes()
    for pane, size in zip((ws.centre, ws.side), sizes[1:], strict=True):
        assert size >= pane.minimumSizeHint().width()
    assert sum(sizes) <= 1024


def test_a_wide_window_gives_the_tree_no_more_than_its_share(
    qtbot: QtBot, opened: MainWindow
) -> None:
    opened.resize(1600, 900)
    ws = opened.workspace
    assert ws is not None
    qtbot.waitUntil(lambda: ws.splitter.width() > 1500)
    left, centre, _side = ws.splitter.sizes()
    assert centre > left  # the item page stays the widest pane


@pytest.mark.parametrize("width", [972, 1024])
def test_a_narrow_window_never_cuts_the_item_text(
    qtbot: QtBot, opened: MainWindow, width: int
) -> None:
    """When the window cannot give every pane what it wants, the item page keeps the
    width its text needs, from the tree if need be: in a 972 px window (an X server
    without a window manager) the question and guidance were cut at the right edge,
    the page scrolling sideways."""
    opened.resize(width, 640)
    ws = opened.workspace
    assert ws is not None
    page = ws.scroller.widget()
    assert page is not None

    def cut() -> bool:
        narrow = ws.scroller.viewport().width() < page.minimumSizeHint().width()
        return narrow or ws.scroller.horizontalScrollBar().isVisible()

    qtbot.waitUntil(lambda: opened.width() == width and not cut())
