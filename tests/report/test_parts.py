"""A report laid out in two processes is the same document as one laid out whole."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from levelcheck.core.assessment import load_assessment
from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.service import ScoringService
from levelcheck.report.build import draft_report
from levelcheck.report.fonts import prepared_fonts
from levelcheck.report.parts import JOIN_MARK, PART, PART_END, join, split_html
from levelcheck.report.render import PdfWriter
from levelcheck.report.renderer import RenderProcess, _can_split
from tests.conftest import example_files, run_python

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")
needs_split = pytest.mark.skipif(not _can_split(), reason="one core, or no fork")


@pytest.fixture(scope="module")
def writer() -> PdfWriter:
    return PdfWriter(prepared_fonts())


def outline(pdf: bytes) -> list[tuple[int, str, int, list[float], int]]:
    """(depth, title, page index, position, /Count) of each outline entry, in order."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(pdf))

    def leaves(node: Any) -> Any:
        for kid in node.get_object()["/Kids"]:
            if kid.get_object().get("/Type") == "/Pages":
                yield from leaves(kid)
            else:
                yield kid.reference

    order = {ref: i for i, ref in enumerate(leaves(reader.root.raw_get("/Pages")))}
    found: list[tuple[int, str, int, list[float], int]] = []

    def walk(item: Any, depth: int) -> None:
        while item is not None:
            obj = item.get_object()
            dest = list(obj["/Dest"])
            pos = [float(x) for x in dest[2:]]
            found.append((depth, str(obj["/Title"]), order[dest[0].reference], pos,
                          int(obj["/Count"])))  # fmt: skip
            if "/First" in obj:
                walk(obj.raw_get("/First"), depth + 1)
            item = obj.raw_get("/Next") if "/Next" in obj else None

    if "/Outlines" in reader.root:
        walk(reader.root["/Outlines"].raw_get("/First"), 0)
    return found


def pages_as_images(pdf: bytes, folder: Path) -> list[bytes]:
    folder.mkdir()
    (folder / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(folder / "r.pdf"), str(folder / "p")],
                   check=True)  # fmt: skip
    return [p.read_bytes() for p in sorted(folder.glob("p-*.png"))]


def font_names(pdf: bytes, tmp_path: Path) -> list[str]:
    f = tmp_path / "fonts.pdf"
    f.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(f)], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in out.stdout.splitlines()[2:]]


@needs_poppler
@needs_split
@pytest.mark.parametrize(
    ("index", "lang"),
    [(0, "ko"), (2, "en"), (-1, "ko")],  # the last example's short plan follows the table
    ids=["first-ko", "third-en", "last-ko"],
)
def test_the_report_laid_out_in_two_processes_is_the_whole_one(
    writer: PdfWriter, index: int, lang: str, tmp_path: Path
) -> None:
    service = ScoringService(ContentLibrary.load([shipped_dir("questionnaires")]))
    assessment = load_assessment(example_files()[index])
    html = draft_report(assessment, service, lang=lang, issued=dt.date(2026, 11, 21)).html  # type: ignore[arg-type]
    assert split_html(html) is not None
    with RenderProcess() as renderer:
        renderer.submit(html)
        split, refused = renderer.result()
    whole, _ = writer.write(html)
    assert refused == []
    names = font_names(split, tmp_path)
    assert len(names) == 4 and len(set(names)) == 4  # two halves: two subsets, own tags
    assert pages_as_images(split, tmp_path / "split") == pages_as_images(whole, tmp_path / "whole")
    assert outline(split) == outline(whole)
    if index == -1:  # the plan without phases is in the part: the same page as the table
        assert 'class="follows"' in html


def test_the_html_is_split_only_where_marked() -> None:
    head = "<html><head><style>p {}</style></head><body>"
    running = '<!--lc:running--><div class="running">A</div><!--/lc:running-->'
    html = f"{head}<div>{running}cover</div>{PART}<section>table</section>{PART_END}<section>end"
    split = split_html(html)
    assert split is not None
    assert "table" not in split.rest and JOIN_MARK in split.rest and "end" in split.rest
    assert split.part.startswith("<html><head><style>p {}</style>")
    assert '<div class="running">A</div>' in split.part and "<section>table</section>" in split.part
    assert "cover" not in split.part and "end" not in split.part
    assert split_html(html.replace(PART, "")) is None  # a template of one's own: whole
    assert split_html(html + PART + PART_END) is None
    assert split_html(html.replace(running, "")) is None


# three pages, the second marked as the part laid out apart
MARKED = (
    "<html><head></head><body><div><!--lc:running--><i>r</i><!--/lc:running--></div><p>a</p>"
    '<!--lc:part--><section style="break-before: page">b</section><!--/lc:part-->'
    '<section style="break-before: page">c</section></body></html>'
)


def _pdf(writer: PdfWriter, body: str) -> bytes:
    return writer.write(f"<html><body>{body}</body></html>")[0]


def test_joining_puts_the_part_at_the_cut_with_one_outline(writer: PdfWriter) -> None:
    page = "<h2 style='break-before: page'>{}</h2>"
    rest = _pdf(writer, "<h1>Title</h1><h2>Summary</h2>" + page.format("Plan"))
    part = _pdf(writer, "<h2>Items</h2><h3>More</h3>" + page.format("Items 2"))
    joined = join(rest, part, 1)
    entries = [(d, t, p) for d, t, p, _, _ in outline(joined)]
    assert entries == [
        (0, "Title", 0), (1, "Summary", 0),
        (1, "Items", 1), (2, "More", 1), (1, "Items 2", 2),
        (1, "Plan", 3),
    ]  # fmt: skip
    assert [c for *_, c in outline(joined)] == [5, 0, 1, 0, 0, 0]
    # without a single title entry first, the part's entries stay at the top level
    rest = _pdf(writer, "<h2>Summary</h2>" + page.format("Plan"))
    entries = [(d, t, p) for d, t, p, _, _ in outline(join(rest, part, 1))]
    assert entries == [
        (0, "Summary", 0), (0, "Items", 1), (1, "More", 1), (0, "Items 2", 2), (0, "Plan", 3)
    ]  # fmt: skip
    with pytest.raises(ValueError, match="cannot be cut"):
        join(rest, part, 5)


def test_a_joined_draft_is_the_same_file_every_time(writer: PdfWriter) -> None:
    """An unsigned draft made twice from the same data is the same file, as one laid
    out whole is; its document information is WeasyPrint's (signing adds pyHanko's)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    rest = writer.write("<html><head><title>T</title></head><body><h1>A</h1></body></html>")[0]
    part = _pdf(writer, "<h2>B</h2>")
    first = join(rest, part, 1)
    assert join(rest, part, 1) == first
    info = PdfFileReader(BytesIO(first)).trailer_view["/Info"]
    assert str(info["/Producer"]).startswith("WeasyPrint") and "pyHanko" not in str(info)
    assert "/ModDate" not in info and str(info["/Title"]) == "T"


@needs_split
def test_when_weasyprint_does_not_number_through_the_hook_the_whole_is_laid_out() -> None:
    """A WeasyPrint whose layout makes page-margin boxes elsewhere would leave the
    halves numbered on their own ("1 / 4" in the middle of the report): the render
    process sees that no page went through the hook and lays out the whole instead."""
    code = (
        "import contextlib\n"
        "import levelcheck.report.parts as parts\n"
        "from levelcheck.report.fonts import prepared_fonts\n"
        "from levelcheck.report.render import PdfWriter\n"
        "from levelcheck.report.renderer import _write\n"
        "@contextlib.contextmanager\n"
        "def unhooked(exchange):\n"
        "    yield parts.Numbered()  # no page goes through the hook\n"
        "parts.numbering = unhooked\n"
        f"html = {MARKED!r}\n"
        "pdf, refused, part = _write(PdfWriter(prepared_fonts()), html, may_split=True)\n"
        "import io\n"
        "from pyhanko.pdf_utils.reader import PdfFileReader\n"
        "print(part is None, PdfFileReader(io.BytesIO(pdf)).root['/Pages']['/Count'])\n"
    )
    assert run_python(code).stdout.split() == ["True", "3"]


@needs_poppler
@needs_split
def test_fonts_embedded_whole_are_not_laid_out_in_two(
    writer: PdfWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without HarfBuzz-Subset the report font is embedded whole: two halves would carry
    it twice (0.7 MB more), so the render process lays out the whole."""
    monkeypatch.setenv("LEVELCHECK_NO_HARFBUZZ_SUBSET", "1")
    service = ScoringService(ContentLibrary.load([shipped_dir("questionnaires")]))
    assessment = load_assessment(example_files()[0])
    html = draft_report(assessment, service, lang="ko").html
    with RenderProcess() as renderer:
        renderer.submit(html)
        pdf, _ = renderer.result()
    assert len(font_names(pdf, tmp_path)) == 2


def test_bookmarks_read_as_the_headings_without_word_joiners(writer: PdfWriter) -> None:
    """keep_all puts U+2060 between the syllables of Korean words (so that lines break
    only at spaces); the PDF's bookmarks, which a reader's side panel lists and
    searches, carry the headings' plain words."""
    service = ScoringService(ContentLibrary.load([shipped_dir("questionnaires")]))
    html = draft_report(load_assessment(example_files()[1]), service, lang="ko").html
    titles = [title for _, title, *_ in outline(writer.write(html)[0])]
    assert titles[0] == "스마트공장 수준진단 결과 확인서"
    assert "진단 요약" in titles
    assert not any("\u2060" in title for title in titles)


@needs_split
def test_a_copy_that_stops_answering_is_ended_and_the_whole_is_laid_out() -> None:
    """A forked copy that stops (a debugger, SIGSTOP, a lock never released) would hang
    the report for good; after WAIT_FOR_COPY the render process ends it and lays out
    the whole itself."""
    code = (
        "import os, signal, time\n"
        "import levelcheck.report.renderer as renderer\n"
        "from levelcheck.report.fonts import prepared_fonts\n"
        "from levelcheck.report.render import PdfWriter\n"
        "renderer.WAIT_FOR_COPY = 2.0\n"
        "first, numbered = os.getpid(), renderer._numbered\n"
        "def stopping(writer, html, exchange):\n"
        "    if os.getpid() != first:\n"
        "        os.kill(os.getpid(), signal.SIGSTOP)\n"
        "    return numbered(writer, html, exchange)\n"
        "renderer._numbered = stopping\n"
        f"html = {MARKED!r}\n"
        "start = time.monotonic()\n"
        "pdf, refused, part = renderer._write(PdfWriter(prepared_fonts()), html, may_split=True)\n"
        "quick = time.monotonic() - start < 30\n"
        "try:\n"
        "    os.waitpid(-1, os.WNOHANG)\n"
        "    left = True\n"
        "except ChildProcessError:\n"
        "    left = False  # the copy was ended and reaped\n"
        "print(part is None, quick, left)\n"
    )
    assert run_python(code).stdout.split() == ["True", "True", "False"]
