"""One writer per document: an advisory lock held by the editing process.

The lock is a small file beside the document (``<name>.lock``) holding who has it
open. The operating system's lock on it (``flock`` / ``msvcrt.locking``) is what
counts: it is released when the process ends, however it ends, so a crash never
leaves a document locked; the file itself only tells others who is editing.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any


class EditLock:
    def __init__(self, fh: IO[str], path: Path) -> None:
        self._fh = fh
        self.path = path

    @classmethod
    def acquire(cls, document: Path) -> EditLock | None:
        """The lock, or None when another process holds it."""
        path = document.with_name(document.name + ".lock")
        fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while locked
        try:
            _lock(fh)
        except OSError:
            fh.close()
            return None
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(_whoami()))
        fh.flush()
        return cls(fh, path)

    @staticmethod
    def holder(document: Path) -> dict[str, Any]:
        """Who holds the lock, as written in the lock file (best effort)."""
        try:
            data = json.loads(document.with_name(document.name + ".lock").read_text("utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    @staticmethod
    def busy_reason(document: Path) -> str:
        """Why ``document`` cannot be edited here: 'open for editing in another
        LevelCheck window (user on host, process N)', as much as the lock file says."""
        who = EditLock.holder(document)
        detail = (f" ({who.get('user', '?')} on {who.get('host', '?')}, "
                  f"process {who.get('pid', '?')})" if who else "")  # fmt: skip
        return f"open for editing in another LevelCheck window{detail}"

    def release(self) -> None:
        if self._fh.closed:
            return
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        _unlock(self._fh)
        self._fh.close()


def _whoami() -> dict[str, Any]:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = ""
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": user,
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
    }


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh: IO[str]) -> None:
        fh.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
