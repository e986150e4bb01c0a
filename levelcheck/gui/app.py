"""Start the desktop app: ``main(argv)`` (``python -m levelcheck.gui [FILE]``)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from levelcheck.gui import excepthook
from levelcheck.gui.gc_guard import MainThreadCollector
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.settings import Settings


class FileOpener(QObject):
    """Opens the files the system asks the app to open: on macOS a double-clicked
    ``.levelcheck`` file (or one dropped on the Dock icon) arrives as a QFileOpenEvent
    sent to the QApplication, not on the command line, and may arrive before the main
    window exists; such files wait for :meth:`attach`. Installed as an event filter on
    the app; it only looks at the event type, so other events pass at once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window: MainWindow | None = None
        self.pending: list[Path] = []

    def attach(self, window: MainWindow) -> None:
        """Open in `window` from now on, starting with the files that waited."""
        self.window = window
        pending, self.pending = self.pending, []
        for path in pending:
            self.open(path)

    def open(self, path: Path) -> None:
        window = self.window
        if window is None:
            self.pending.append(path)
        else:  # the scoring service may still be loading
            window.when_ready(lambda: window.open_path(path))

    def handle(self, event: QEvent) -> bool:
        """Open the file of a file-open event; whether the event was one."""
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            name = event.file() or event.url().toLocalFile()
            if name:
                self.open(Path(name))
                return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return self.handle(event) or super().eventFilter(watched, event)


class LevelCheckApplication(QApplication):
    """The application object. File-open events are sent to it, so overriding its
    ``event`` sees them and nothing else; an event filter installed on the application
    would run Python for every event of every widget (start-up took 40 % longer)."""

    opener: FileOpener | None = None

    def event(self, event: QEvent) -> bool:
        if self.opener is not None and self.opener.handle(event):
            return True
        return super().event(event)


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
    app = QApplication.instance() or LevelCheckApplication(args)
    assert isinstance(app, QApplication)
    app.setApplicationName("LevelCheck")
    app.setOrganizationName("LevelCheck")
    excepthook.install()
    collector = MainThreadCollector(app)  # cycles are collected on this thread only
    collector.start()
    opener = FileOpener(app)  # before the window: a file may come first
    if isinstance(app, LevelCheckApplication):
        app.opener = opener
    else:  # an application made by someone else (a test harness): filter its events
        app.installEventFilter(opener)
    window = create_window(Settings())
    window.show()
    files = [a for a in args[1:] if not a.startswith("-")]
    if files:
        window.when_ready(lambda: window.open_path(Path(files[0])))
    opener.attach(window)
    if on_ready is not None:
        QTimer.singleShot(0, lambda: on_ready(window))
    failed: list[str] = []
    window.serviceFailed.connect(failed.append)
    code = app.exec()
    if isinstance(app, LevelCheckApplication):
        app.opener = None
    else:
        app.removeEventFilter(opener)
    window.worker.wait()  # no pool thread outlives the app
    collector.stop()
    return 2 if failed else code
