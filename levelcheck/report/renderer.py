"""A render process: WeasyPrint in a second process, started before anything else.

Writing one report is two chains of work that do not need each other until the end:
this process imports the core, loads the content, scores, plans and fills the
templates (about 0.6 s), while WeasyPrint's own start (importing it, about 0.6 s,
registering the report font and loading it into Pango and HarfBuzz) needs nothing
of that. :class:`RenderProcess` starts the second chain on the other core at once;
when the HTML is ready it is sent over, and while it is laid out this process sets
up the signature. This module imports nothing heavy, so the render process starts
with WeasyPrint and the report font only.

With the shipped template, on Linux with two cores or more, the render process lays
out the item-by-item table in a forked copy of itself while it lays out the rest, and
this process joins the two PDFs (see :mod:`levelcheck.report.parts`; fork is used
because the copy then starts with WeasyPrint ready; it is safe while the render
process has one thread, which is checked at the fork: Pango starts short-lived threads
of its own). LEVELCHECK_NO_SPLIT=1 lays out the whole in one process (to compare).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
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
        from levelcheck.report.parts import join, prepare_join

        prepare_join()  # its imports, while the PDF is laid out
        try:
            ok, value = self._conn.recv()
        except (EOFError, OSError):
            raise ReportError("the PDF renderer ended unexpectedly") from None
        if not ok:
            raise ReportError(str(value))
        pdf, refused, part = value
        if part is not None:
            part_pdf, cut = part
            try:
                pdf = join(pdf, part_pdf, cut)
            except Exception as exc:
                raise ReportError(f"cannot join the two halves of the PDF: {exc}") from None
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
    """The render process: get WeasyPrint ready, then render the one HTML sent. Ctrl-C
    (which reaches the whole process group) ends it quietly: the report's own process
    says it was interrupted."""
    try:
        _serve_one(conn, templates)
    except KeyboardInterrupt:
        os._exit(130)


def _serve_one(conn: Any, templates: str | None) -> None:
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
            reply = (True, _write(writer, html, may_split=templates is None))
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


def _write(writer: Any, html: str, *, may_split: bool) -> tuple[bytes, list[str], Any]:
    """The PDF, the refused URLs, and the part laid out apart with where it goes (None
    when the whole was laid out here)."""
    from levelcheck.report.parts import NumberingFailed, split_html

    # fonts embedded whole (no HarfBuzz-Subset) would be embedded twice: 0.7 MB more
    split = split_html(html) if may_split and not writer.full_fonts and _can_split() else None
    if split is not None:
        try:
            return _write_split(writer, split)
        except (NumberingFailed, EOFError, OSError):
            pass  # lay out the whole instead
    pdf, refused = writer.write(html)
    return pdf, refused, None


def _can_split() -> bool:
    from levelcheck.report.parts import hook_fits

    return (
        sys.platform.startswith("linux")
        and os.environ.get("LEVELCHECK_NO_SPLIT") != "1"
        and len(os.sched_getaffinity(0)) >= 2
        and hook_fits()
    )


def _write_split(writer: Any, split: Any) -> tuple[bytes, list[str], Any]:
    """The rest laid out here and the part in a forked copy, at once; page numbers of
    the whole agreed between the two once both are paginated (parts.numbering)."""
    from levelcheck.report.parts import NumberingFailed, Pages

    if len(os.listdir("/proc/self/task")) != 1:  # a thread holding a lock at the fork
        raise NumberingFailed("not forked: the process has threads")  # would stay held
    here, there = multiprocessing.Pipe()
    pid = os.fork()
    if pid == 0:  # the copy: lays out the part, sends its PDF, ends
        here.close()
        code = 0
        try:

            def part_pages(count: int, cut: int) -> Pages:
                there.send(("pages", count))
                rest_cut, rest_count = there.recv()
                return Pages(after=0, shift=rest_cut, total=rest_count + count)

            there.send(("done", True, _numbered(writer, split.part, part_pages)))
        except BaseException as exc:  # anything: the rest process decides what to do
            code = 1
            with contextlib.suppress(OSError):
                there.send(("done", False, f"{type(exc).__name__}: {exc}"))
        finally:
            os._exit(code)
    there.close()
    try:

        def rest_pages(count: int, cut: int) -> Pages:
            here.send((cut, count))
            message = _from_copy(here)
            if message[0] != "pages":
                raise NumberingFailed(str(message[-1]))
            return Pages(after=cut, shift=message[1], total=count + message[1])

        pdf, refused, cut = _numbered(writer, split.rest, rest_pages)
        message = _from_copy(here)
        if message[0] != "done" or not message[1]:
            raise NumberingFailed(str(message[-1]))
        part_pdf, part_refused, _ = message[2]
    finally:
        here.close()
        # done or not (an error, Ctrl-C), the copy goes: it has sent all it will send
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return pdf, refused + part_refused, (part_pdf, cut)


# How long the render process waits for its copy's page count, then for its PDF. A
# copy that has not answered by then (stopped, stuck) is ended and the whole document
# is laid out here. The part of a 94-page table took about 4 s.
WAIT_FOR_COPY = 120.0


def _from_copy(conn: Any) -> Any:
    from levelcheck.report.parts import NumberingFailed

    if not conn.poll(WAIT_FOR_COPY):
        raise NumberingFailed(f"the copy did not answer in {WAIT_FOR_COPY:.0f} s")
    return conn.recv()


def _numbered(writer: Any, html: str, exchange: Any) -> tuple[bytes, list[str], int]:
    """One half's PDF with the whole's page numbers, its refused URLs, and the last page
    before its cut mark (see parts.numbering)."""
    from levelcheck.report.parts import NumberingFailed, numbering

    with numbering(exchange) as numbered:
        pdf, refused, count = writer.write_counted(html)
    if numbered.pages != list(range(1, count + 1)):
        raise NumberingFailed(f"{len(numbered.pages)} of {count} pages numbered")
    return pdf, refused, numbered.cut
