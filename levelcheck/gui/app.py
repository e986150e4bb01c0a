"""Start the desktop app: ``main(argv)`` (``python -m levelcheck.gui [FILE]``)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from levelcheck.gui import excepthook
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.settings import Settings


def create_window(settings: Settings) -> MainWindow:
    """The main window on its start page; the scoring service loads in the background
    (the core is not imported before the window shows)."""
    return MainWindow(None, settings)


def main(
    argv: Sequence[str] | None = None, *, on_ready: Callable[[MainWindow], object] | None = None
) -> int:
    """Run the app; `argv` is the whole command line (argv[0] is the program), with an
    optional document or JSON assessment to open. Returns the exit code. `on_ready` is
    called once the window is shown and the event loop has started (bench/gui.py)."""
    args = list(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(args)
    assert isinstance(app, QApplication)
    app.setApplicationName("LevelCheck")
    app.setOrganizationName("LevelCheck")
    excepthook.install()
    window = create_window(Settings())
    window.show()
    files = [a for a in args[1:] if not a.startswith("-")]
    if files:
        window.when_ready(lambda: window.open_path(Path(files[0])))
    if on_ready is not None:
        QTimer.singleShot(0, lambda: on_ready(window))
    failed: list[str] = []
    window.serviceFailed.connect(failed.append)
    code = app.exec()
    window.worker.wait()  # no pool thread outlives the app
    return 2 if failed else code
