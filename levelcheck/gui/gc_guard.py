"""Python's cycle collector, run on the main thread only.

CPython collects reference cycles whenever enough objects have been allocated, on
whichever thread happens to allocate at that moment. The app's pool threads allocate a
lot (loading content, planning, decoding thumbnails), so a cycle left by the UI (a
closed page and the slots connected to it) could be destroyed on a pool thread, and Qt
widgets destroyed off the main thread crash the process. So, while the app runs,
automatic collection is off and a timer on the main thread collects instead, with
Python's own thresholds: the same collections, a fraction of a second later, on the
right thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Collect once more here, then hand collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def collect_due(self) -> int:
        """Collect the generations Python would have collected by now; the number of
        unreachable objects found."""
        t0, t1, t2 = gc.get_threshold()
        c0, c1, c2 = gc.get_count()
        if c0 <= t0:
            return 0
        generation = 2 if (c1 > t1 and c2 > t2) else 1 if c1 > t1 else 0
        return gc.collect(generation)
