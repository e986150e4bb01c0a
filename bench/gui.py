"""GUI benchmarks (offscreen), against a bare PySide6 window.

1. Start: time from process start to a usable main window (shown, event loop running
   and idle), LevelCheck's app vs a bare PySide6 QMainWindow, each in a fresh process,
   median of 5 (target: at most 2x the bare window).
2. One answer: rate an item, save it to the document, re-score, repaint the live panel;
   median over 50 answers (target: under 16 ms).

Run: .venv/bin/python bench/gui.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
ANSWERS = 50

BARE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1360, 860)
w.show()
def ready():
    print(time.time(), flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""

LEVELCHECK = """
import time
from PySide6.QtWidgets import QApplication
from levelcheck.gui.app import main
def ready(window):
    print(time.time(), flush=True)
    QApplication.quit()
main(["levelcheck"], on_ready=ready)
"""


def start_time(code: str, env: dict[str, str]) -> float:
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout  # fmt: skip
    return float(out.split()[-1]) - t0


def bench_start(env: dict[str, str]) -> tuple[float, float]:
    bare, app = [], []
    start_time(BARE, env)  # warm the file cache for both
    start_time(LEVELCHECK, env)
    for _ in range(RUNS):  # interleaved, so drift hits both alike
        bare.append(start_time(BARE, env))
        app.append(start_time(LEVELCHECK, env))
    return statistics.median(bare), statistics.median(app)


def bench_answer(folder: Path) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from levelcheck.core.service import ScoringService
    from levelcheck.gui.examples import example_files
    from levelcheck.gui.main_window import MainWindow
    from levelcheck.gui.settings import Settings

    app = QApplication.instance() or QApplication([])
    window = MainWindow(ScoringService.installed(), Settings(folder / "gui.ini"))
    window.show()
    assert window.open_example(example_files()[2], folder)
    ws, session = window.workspace, window.session
    assert ws is not None and session is not None
    app.processEvents()
    total, score, paint = [], [], []
    for n in range(ANSWERS):
        ws.go_to(session.item_ids[n % len(session.item_ids)])
        app.processEvents()
        level = 1 + n % 5 if session.answer(ws.current_item).level != 1 + n % 5 else 1 + (n + 1) % 5
        t0 = time.perf_counter()
        ws.page.rate(level)  # save (durable), re-score, update the labels and the radar
        t1 = time.perf_counter()
        ws.live.repaint()  # paint the live panel now, as the event loop would
        t2 = time.perf_counter()
        total.append(t2 - t0)
        paint.append(t2 - t1)
        s0 = time.perf_counter()
        session.scorer.score(dict(session._answers))
        score.append(time.perf_counter() - s0)
    window.close()
    return {
        "total": statistics.median(total),
        "score": statistics.median(score),
        "paint": statistics.median(paint),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "LEVELCHECK_CONFIG_DIR": str(folder / "config")}  # fmt: skip
        os.environ.update(env)
        bare, app = bench_start(env)
        print(f"start, bare PySide6 QMainWindow:    {bare * 1000:7.1f} ms (median of {RUNS})")
        print(f"start, LevelCheck main window:      {app * 1000:7.1f} ms (median of {RUNS})")
        print(f"ratio LevelCheck / bare:            {app / bare:7.2f}x (target <= 2x)")
        t = bench_answer(folder)
        print(f"one answer -> save, re-score, repaint: {t['total'] * 1000:6.2f} ms "
              f"(median of {ANSWERS}; target < 16 ms)")  # fmt: skip
        print(f"  of which scoring {t['score'] * 1000:.2f} ms, "
              f"repaint of the live panel {t['paint'] * 1000:.2f} ms")  # fmt: skip
        print(f"ratio to the 16 ms frame budget:    {t['total'] / 0.016:7.2f}x")


if __name__ == "__main__":
    main()
