"""The report's own error (a module without heavy imports: the renderer process uses it)."""

from __future__ import annotations

from levelcheck.core.errors import LevelCheckError


class ReportError(LevelCheckError):
    """A report cannot be made: a missing font, a bad theme or template."""
