"""The window's geometry and state are kept between runs (in the settings file)."""

from __future__ import annotations

from levelcheck.core.service import ScoringService
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.settings import Settings


def test_window_geometry_and_state_are_restored(qtbot, service: ScoringService) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(service, Settings())
    qtbot.addWidget(first)
    first.show()
    first.resize(790, 520)  # inside the offscreen screen (800 wide)
    qtbot.waitUntil(lambda: (first.width(), first.height()) == (790, 520))
    first.close()
    assert Settings().window_geometry is not None and Settings().window_state is not None
    second = MainWindow(service, Settings())
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (790, 520)
