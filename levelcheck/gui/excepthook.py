"""A global exception hook: an uncaught error shows :class:`ErrorDialog` instead of the
app vanishing. Installed by :func:`levelcheck.gui.app.main` only."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication

from levelcheck.gui.error_dialog import ErrorDialog

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install(show: Callable[[str], object] | None = None) -> Hook:
    """Install the hook; returns the previous one. `show` replaces the dialog (tests)."""
    previous = sys.excepthook
    showing = False

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        text = "".join(traceback.format_exception(kind, exc, tb))
        sys.__stderr__.write(text) if sys.__stderr__ else None
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if showing:  # an error while the dialog is up: don't stack dialogs
            return
        showing = True
        try:
            if show is not None:
                show(text)
            else:
                ErrorDialog(text, QApplication.activeWindow()).exec()
        finally:
            showing = False

    sys.excepthook = hook
    return previous
