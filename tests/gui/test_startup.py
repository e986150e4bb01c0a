"""Start-up: the window shows before the core loads; the service loads in the
background through the worker helper, and what needs it waits for it."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from levelcheck.core.service import ScoringService
from levelcheck.gui.examples import example_files
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.settings import Settings, config_dir
from levelcheck.gui.worker import Worker


def test_the_window_modules_do_not_load_the_core_or_reports() -> None:
    code = (
        "import sys, levelcheck.gui.app\n"
        "bad = [m for m in sys.modules if m.startswith(('levelcheck.core', "
        "'levelcheck.report', 'pydantic'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_config_folder_is_the_reports_one(tmp_path: Path) -> None:
    from levelcheck.report.keys import config_dir as report_config_dir

    assert config_dir() == report_config_dir()


def test_the_worker_delivers_results_and_errors_on_the_main_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    worker = Worker()
    seen: list[tuple[str, object, bool]] = []
    main = threading.main_thread()

    def work(x: int) -> tuple[int, bool]:
        return x * 2, threading.current_thread() is main

    task = worker.run(work, 21)
    task.finished.connect(lambda v: seen.append(("ok", v, threading.current_thread() is main)))
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert seen == [("ok", (42, False), True)]

    def boom() -> None:
        raise ValueError("nope")

    task = worker.run(boom)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    exc = blocker.args[0]
    assert isinstance(exc, ValueError) and "nope" in exc.__traceback_text__
    assert worker.wait(5000)


def test_a_cancelled_task_delivers_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    worker = Worker()
    gate = threading.Event()
    task = worker.run(lambda: gate.wait(5) and "late")
    got: list[object] = []
    task.finished.connect(got.append)
    task.failed.connect(got.append)
    with qtbot.waitSignal(task.done, timeout=1000):
        task.cancel()
    gate.set()
    assert worker.wait(5000)
    qtbot.wait(50)  # the queued delivery, if any, has arrived
    assert got == [] and task.cancelled


def test_actions_wait_for_the_service(qtbot, service: ScoringService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()

    def slow_load() -> ScoringService:
        gate.wait(10)
        return service

    window = MainWindow(None, Settings(), load_service=slow_load)
    qtbot.addWidget(window)
    window.show()
    assert not window.ready
    assert not window.start.new_button.isEnabled() and not window.start.open_button.isEnabled()
    assert not window.start.example_button.isEnabled()
    assert not any(a.isEnabled() for a in window.needs_service)
    assert not window.open_path(example_files()[0])  # nothing to open with yet
    folder = tmp_path / "ex"
    folder.mkdir()
    window.when_ready(lambda: window.open_example(example_files()[0], folder))  # queued
    with qtbot.waitSignal(window.serviceReady, timeout=10000):
        gate.set()
    assert window.ready and window.start.new_button.isEnabled()
    assert all(a.isEnabled() for a in window.needs_service)
    assert window.session is not None  # the queued request ran
    window.close_assessment()


def test_a_service_that_fails_to_load_is_reported(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from levelcheck.core.errors import ContentError

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))

    def bad_load() -> ScoringService:
        raise ContentError("broken rule set", file="x.yaml")

    window = MainWindow(None, Settings(), load_service=bad_load)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.serviceFailed, timeout=5000):
        pass
    assert len(shown) == 1 and "broken rule set" in shown[0]
    assert not window.ready and not window.start.new_button.isEnabled()
