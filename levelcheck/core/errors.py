"""The exception tree of LevelCheck's core.

    LevelCheckError            anything a user can cause; ``str()`` is one line
    ├── ContentError           a questionnaire, rule set or catalog file is unusable
    ├── AssessmentError        an assessment file is unusable or does not fit its content
    └── DocumentError          a .levelcheck document cannot be opened, read or changed

Every error names the file it is about and, where known, the line and column, so
the command line prints it as ``file:line:col: message`` and never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


class LevelCheckError(Exception):
    """A problem with user input, reported as one line."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.col = col

    @property
    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        if self.file is None and self.line is None:
            return self.message  # not about a file: nothing to point at
        return f"{self.location}: {self.message}"


class ContentError(LevelCheckError):
    """A questionnaire, rule set or catalog file cannot be used."""


class AssessmentError(LevelCheckError):
    """An assessment file cannot be read, or does not fit the content it names."""


class DocumentError(LevelCheckError):
    """A .levelcheck document cannot be opened, read or changed as asked."""


# Who hears the warnings of files as they are found (a document left in WAL mode
# without its -wal, see core.document): each as one line, "FILE: warning". The command
# line sets it to print them on stderr. Kept here, in a module every command imports
# anyway, so that setting it imports nothing heavy before a report's renderer starts.
_warning_sink: Callable[[str], None] | None = None


def set_warning_sink(sink: Callable[[str], None] | None) -> None:
    """Send every warning, as it is found, to ``sink`` (None: the objects keep them,
    e.g. :attr:`Document.warnings`, and nobody hears them at once)."""
    global _warning_sink
    _warning_sink = sink


def warning_sink() -> Callable[[str], None] | None:
    """The sink set, for worker processes to set too (it must be picklable: a
    module-level function)."""
    return _warning_sink


def warn(line: str) -> None:
    """Tell the sink, if any, one line."""
    if _warning_sink is not None:
        _warning_sink(line)
