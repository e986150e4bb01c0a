"""Start the desktop app: ``main(argv)`` (``python -m levelcheck.gui [FILE]``)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from levelcheck.core.errors import LevelCheckError
from levelcheck.core.service import ScoringService
from levelcheck.gui import excepthook
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.settings import Settings


def create_window(service: ScoringService, settings: Settings) -> MainWindow:
    return MainWindow(service, settings)


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
    try:
        service = ScoringService.installed()
    except LevelCheckError as exc:
        QMessageBox.critical(None, app.translate("main", "LevelCheck"), str(exc))
        return 2
    window = create_window(service, Settings())
    window.show()
    files = [a for a in args[1:] if not a.startswith("-")]
    if files:
        QTimer.singleShot(0, lambda: window.open_path(Path(files[0])))
    if on_ready is not None:
        QTimer.singleShot(0, lambda: on_ready(window))
    return app.exec()
