"""The result panel beside the item page keeps all its text in sight in a narrow window
(972 px: an X server without a window manager; 1024 px: a small laptop): no line runs
past the panel's right edge, no wrapped line is cut off at the bottom, nothing scrolls
sideways. Screenshots were suspected of cutting the gap lines ("…, 현재 1;")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QLabel, QWidget
from pytestqt.qtbot import QtBot

from levelcheck.gui.examples import example_files
from levelcheck.gui.main_window import MainWindow

MARGIN = 4  # pixels every text keeps from the panel's left and right edges


def visible_rect(widget: QWidget) -> QRect:
    """The part of `widget` on screen, in its window's coordinates: its rect cut by
    every ancestor's (a child wider than its parent is cut at the parent's edge)."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect &= QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return rect


def cut_texts(page: QWidget) -> list[str]:
    """What of `page`'s text is not fully in sight, in words (empty: all of it is)."""
    window = page.window()
    view = visible_rect(page.parentWidget() or page)  # the tab's page area
    inner = view.adjusted(MARGIN, 0, -MARGIN, 0)
    out = []
    for label in page.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        name = label.accessibleName() or label.text()[:30]
        rect = QRect(label.mapTo(window, QPoint(0, 0)), label.size())
        if not inner.contains(rect):
            out.append(f"{name!r} at {rect.getRect()} is not inside {inner.getRect()}")
        if label.wordWrap() and label.height() < label.heightForWidth(label.width()):
            out.append(f"{name!r}: {label.height()} px high, its wrapped text needs "
                       f"{label.heightForWidth(label.width())}")  # fmt: skip
        area = label.contentsRect()
        flags = Qt.TextFlag.TextWordWrap if label.wordWrap() else 0
        needs = label.fontMetrics().boundingRect(QRect(0, 0, area.width(), 10_000), flags,
                                                 label.text())  # fmt: skip
        if needs.width() > area.width() or needs.height() > area.height():
            out.append(f"{name!r}: its text needs {needs.size().toTuple()}, "
                       f"has {area.size().toTuple()}")  # fmt: skip
    for scroller in page.findChildren(QAbstractScrollArea):
        if not scroller.isVisible():
            continue
        if scroller.horizontalScrollBar().isVisible():
            out.append(f"{scroller.accessibleName()!r} scrolls sideways")
        if isinstance(scroller, QAbstractItemView):
            model, width = scroller.model(), scroller.viewport().width()
            for row in range(model.rowCount()):
                rect = scroller.visualRect(model.index(row, 0))
                if rect.right() >= width:
                    out.append(f"{scroller.accessibleName()!r} row {row} is {rect.right()} "
                               f"px wide in {width}")  # fmt: skip
    return out


@pytest.mark.parametrize("width", [972, 1024, 1280])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_result_and_explanation_text_is_all_in_sight(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, lang: str, width: int
) -> None:
    window.set_ui_language(lang)  # the questionnaire's texts follow the interface
    window.resize(width, 700)
    assert window.open_example(example_files()[0], tmp_path)  # level 1, unmet for 2
    ws, session = window.workspace, window.session
    assert ws is not None and session is not None
    assert session.result.unmet((session.result.level or 0) + 1)  # gap lines shown
    gap = ws.live.gap.text().splitlines()
    assert len(gap) >= 3 and ("현재" in gap[-1] if lang == "ko" else "now" in gap[-1])
    qtbot.waitUntil(lambda: window.width() == width)

    qtbot.waitUntil(lambda: cut_texts(ws.live) == [])
    assert ws.live.width() <= visible_rect(ws.side).width()
    ws.show_explanation()
    qtbot.waitUntil(lambda: ws.results.steps.count() > 0 and cut_texts(ws.results) == [])


def test_a_label_wider_than_the_panel_is_seen(qtbot: QtBot, opened: MainWindow) -> None:
    """The check above can fail: a gap line that does not wrap runs past the edge."""
    ws = opened.workspace
    assert ws is not None
    opened.resize(972, 700)
    qtbot.waitUntil(lambda: opened.width() == 972)
    ws.live.gap.setWordWrap(False)
    ws.live.gap.setText("• " + "Output and progress tracking (PRC-PC-02) at least level 2; " * 3)
    qtbot.waitUntil(lambda: any("Gap to the next level" in c for c in cut_texts(ws.live)))
