"""The one way the app runs long work off the main thread: :class:`Worker` runs a plain
function on a QThreadPool and hands its result (or its exception) back on the main
thread through the :class:`Task`'s signals. The function must not touch widgets; it
gets plain values in and returns plain values.

    task = worker.run(build_pdf, path)
    task.finished.connect(show)      # called on the main thread with the return value
    task.failed.connect(complain)    # called on the main thread with the exception
    task.cancel()                    # neither signal comes; the work may still finish
    task.discarded.connect(clean_up) # ...and its return value then arrives here
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class Task(QObject):
    """One piece of background work, as seen from the main thread."""

    finished = Signal(object)  # the function's return value
    failed = Signal(object)  # the exception it raised (with __traceback_text__ set)
    done = Signal()  # after finished or failed, or at once on cancel
    discarded = Signal(object)  # a cancelled task's return value, when it comes (cleanup)

    _delivered = Signal(bool, object)  # emitted from the pool thread, queued to ours

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancelled = False
        self.running = True
        self.forget: Callable[[Task], object] = lambda _task: None
        self._delivered.connect(self._deliver)  # queued: this object lives on our thread

    def cancel(self) -> None:
        """Discard the result: neither finished nor failed will be emitted."""
        if self.running:
            self.cancelled = True
            self.running = False
            self.done.emit()

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: object) -> None:
        self.forget(self)
        if self.cancelled:
            if ok:
                self.discarded.emit(value)
            return
        self.running = False
        (self.finished if ok else self.failed).emit(value)
        self.done.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        super().__init__()
        self.task, self.fn, self.args = task, fn, args
        self.setAutoDelete(True)

    def run(self) -> None:  # on a pool thread: no widgets here
        try:
            ok, value = True, self.fn(*self.args)
        except BaseException as exc:  # handed to the main thread, not lost in the pool
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            ok, value = False, exc
        with contextlib.suppress(RuntimeError):  # the app is gone: nobody to tell
            self.task._delivered.emit(ok, value)


class Worker(QObject):
    """Runs functions in the background; owns its pool (passed around, not global)."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._tasks: set[Task] = set()  # kept alive until delivered

    def run(self, fn: Callable[..., Any], *args: Any) -> Task:
        task = Task()  # no parent: the runnable keeps it alive until it has reported
        self._tasks.add(task)
        task.forget = self._tasks.discard
        self.pool.start(_Runnable(task, fn, args))
        return task

    def wait(self, msecs: int = -1) -> bool:
        """Block until every function has returned (at exit, so no thread outlives Qt)."""
        return self.pool.waitForDone(msecs)
