"""A render process: WeasyPrint in a second process, started before anything else.

Writing one report is two chains of work that do not need each other until the end:
this process imports the core, loads the content, scores, plans and fills the
templates (about 0.6 s), while WeasyPrint's own start (importing it, about 0.6 s,
registering the report font and loading it into Pango and HarfBuzz) needs nothing
of that. :class:`RenderProcess` starts the second chain on the other core at once;
when the HTML is ready it is sent over, and while it is laid out this process sets
up the signature. This module imports nothing heavy, so the render process starts
with WeasyPrint and the report font only.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

from levelcheck.report.errors import ReportError


class RenderProcess:
    """One report's PDF, rendered in a process of its own: :meth:`submit` the HTML,
    do other work, then take the :meth:`result`."""

    def __init__(self, templates: Path | None = None) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        folder = str(templates) if templates is not None else None
        self._proc = ctx.Process(target=_serve, args=(child, folder), daemon=True)
        self._proc.start()
        child.close()
        self._submitted = False

    def submit(self, html: str) -> None:
        try:
            self._conn.send(html)
        except OSError:
            raise ReportError("the PDF renderer ended unexpectedly") from None
        self._submitted = True

    def result(self) -> tuple[bytes, list[str]]:
        """The PDF and the URLs refused on the way (see ``PdfWriter.write``)."""
        if not self._submitted:
            raise RuntimeError("nothing submitted")
        try:
            ok, value = self._conn.recv()
        except (EOFError, OSError):
            raise ReportError("the PDF renderer ended unexpectedly") from None
        if not ok:
            raise ReportError(str(value))
        pdf, refused = value
        return pdf, refused

    def close(self) -> None:
        """Let the render process go, without waiting for it: one that has sent its PDF
        ends on its own; an idle one ends when it next looks at the pipe and finds it
        closed (after its start-up, so that the caches it writes are never left half
        made). A report that fails early (an existing output, a bad file) thus fails at
        once instead of after WeasyPrint's start."""
        self._conn.close()

    def __enter__(self) -> RenderProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(conn: Any, templates: str | None) -> None:
    """The render process: get WeasyPrint ready, then render the one HTML sent."""
    from levelcheck.core.errors import LevelCheckError

    writer: Any = None
    problem = ""
    try:
        from levelcheck.report.fonts import prepared_fonts
        from levelcheck.report.render import PdfWriter

        writer = PdfWriter(prepared_fonts(), Path(templates) if templates else None)
        writer.warm_up()
    except LevelCheckError as exc:
        problem = str(exc)
    except Exception as exc:  # e.g. WeasyPrint's system libraries missing
        problem = f"cannot start the PDF renderer: {exc}"
    try:
        html = conn.recv()
    except (EOFError, OSError):
        return  # the report failed before its HTML was ready: nothing to do
    reply: tuple[bool, Any] = (False, problem)
    if writer is not None:
        try:
            reply = (True, writer.write(html))
        except LevelCheckError as exc:
            reply = (False, str(exc))
        except Exception as exc:
            reply = (False, f"cannot write the PDF: {exc}")
    try:
        conn.send(reply)
        conn.close()
    except OSError:
        pass  # the report failed while this was rendering (a bad key, say): nobody waits
    os._exit(0)  # done: skip tearing down WeasyPrint's modules (nothing left to flush)
