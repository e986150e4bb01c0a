"""The cycle collector runs on the main thread only (levelcheck/gui/gc_guard.py)."""

from __future__ import annotations

import gc
import threading

from levelcheck.gui.gc_guard import MainThreadCollector


class _Cycle:
    def __init__(self, log: list[str]) -> None:
        self.me = self
        self.log = log

    def __del__(self) -> None:
        self.log.append(threading.current_thread().name)


def test_cycles_made_anywhere_are_collected_on_the_main_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    log: list[str] = []
    collector = MainThreadCollector(interval_ms=10)
    was_enabled = gc.isenabled()
    collector.start()
    try:
        assert not gc.isenabled()

        def churn() -> None:  # allocations enough to trigger several collections
            _Cycle(log)
            junk = [[i] for i in range(200_000)]
            del junk

        worker = threading.Thread(target=churn, name="pool")
        worker.start()
        worker.join()
        assert log == []  # nothing collected on the pool thread
        _Cycle(log)
        kept = [[] for _ in range(2 * gc.get_threshold()[0])]  # over the gen-0 threshold
        qtbot.waitUntil(lambda: len(log) == 2, timeout=2_000)
        del kept
        assert set(log) == {threading.main_thread().name}
    finally:
        collector.stop()
    assert gc.isenabled() == was_enabled
