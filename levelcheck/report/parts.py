"""A report laid out in two processes at once, and the two PDFs joined into one.

WeasyPrint lays out a document on one core; of a 9-page Korean report's 1.2 s, the
item-by-item table is about half. The shipped template marks that section
(``<!--lc:part-->`` … ``<!--/lc:part-->``, see report.html.j2) and the render process
(:mod:`levelcheck.report.renderer`) lays it out in a forked copy of itself while it
lays out the rest; the two PDFs are then joined here, in the order of the whole.

What makes the joined PDF the same document as the whole one:
- every section of the shipped template begins a page, so the cut falls between pages;
- the part is laid out with the running header's strings (``<!--lc:running-->``)
  and the same stylesheets;
- page numbers ("3 / 9") are the numbers in the whole: once both halves are paginated,
  each process tells the other its page count, and the page-margin boxes are made with
  the numbers of the whole (:func:`numbering`, a hook on WeasyPrint's
  ``make_margin_boxes``, which runs after pagination);
- one outline (bookmarks) in page order, the part's under the title's (:func:`join`).
A test renders examples both ways and compares the pages' pixels and the outline (a
character drawn from a fallback font can differ in anti-aliasing, not in place).
Anything unexpected (a template without the marks, a WeasyPrint whose layout does not
call the hook once per page, a failure in the copy) lays out the whole document in one
process instead. Each half embeds its own subset of the report font (about 40 KB
more; the part's subsets get tags of their own), so the split is made only where fonts
are subset (HarfBuzz-Subset): a font embedded whole would be embedded twice.
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

PART, PART_END = "<!--lc:part-->", "<!--/lc:part-->"
RUNNING, RUNNING_END = "<!--lc:running-->", "<!--/lc:running-->"
JOIN = "lc-join"  # a string set where the part was cut out: the last page before it
# the part's first section begins the page after the rest's, not a page after the
# running strings (zero-sized, but content: a forced break after them leaves a blank)
PART_STYLE = "<style>section:first-of-type { break-before: auto }</style>"
JOIN_MARK = f"<div style='string-set: {JOIN} \"1\"; height: 0; overflow: hidden'></div>"


@dataclass(frozen=True)
class Split:
    """The whole HTML as two documents: ``rest`` (all but the part, with a mark where it
    was) and ``part`` (the head, the running strings and the part)."""

    rest: str
    part: str


def split_html(html: str) -> Split | None:
    """The two documents, or None when the HTML is not marked for it (exactly once)."""
    if any(html.count(mark) != 1 for mark in (PART, PART_END, RUNNING, RUNNING_END)):
        return None
    start, end = html.index(PART), html.index(PART_END)
    run_start, run_end = html.index(RUNNING), html.index(RUNNING_END)
    body = html.find("<body>")
    if not (0 <= body < run_start < run_end < start < end):
        return None
    running = html[run_start + len(RUNNING) : run_end]
    part = html[start + len(PART) : end]
    rest = html[:start] + JOIN_MARK + html[end + len(PART_END) :]
    head = html[:body].replace("</head>", f"{PART_STYLE}</head>", 1)
    return Split(rest=rest, part=f"{head}<body>\n{running}\n{part}\n</body></html>")


@dataclass(frozen=True)
class Pages:
    """How one half's pages number in the whole: its page ``n`` is page ``n + shift`` of
    the whole when ``n > after`` (else ``n``), of ``total``."""

    after: int
    shift: int
    total: int

    def number(self, n: int) -> int:
        return n + self.shift if n > self.after else n


class NumberingFailed(Exception):
    """WeasyPrint did not number the pages through the hook: lay out the whole instead."""


def hook_fits() -> bool:
    """Whether this WeasyPrint makes margin boxes where :func:`numbering` expects."""
    try:
        import weasyprint.layout as layout

        params = list(inspect.signature(layout.make_margin_boxes).parameters)
    except (ImportError, AttributeError, TypeError, ValueError):
        return False
    return params == ["context", "page", "state"]


@dataclass
class Numbered:
    """What :func:`numbering` did: the pages it numbered (1, 2, …, as WeasyPrint counts
    them in the half) and the last page before the cut mark."""

    pages: list[int] = field(default_factory=list)
    cut: int = 0


@contextmanager
def numbering(exchange: Callable[[int, int], Pages]) -> Iterator[Numbered]:
    """Page numbers of the whole while one half is laid out.

    On the first margin box of the half (after its pagination), ``exchange(pages,
    before_cut)`` is called with this half's page count and the last page before the
    cut (its count when there is no cut mark) and returns how this half numbers in the
    whole. The caller checks the pages numbered against the page count
    (:class:`NumberingFailed` if they differ)."""
    import weasyprint.layout as layout

    original = layout.make_margin_boxes
    numbered = Numbered()
    pages: Pages | None = None

    def margin_boxes(context: Any, page: Any, state: Any) -> Any:
        nonlocal pages
        try:
            quote_depth, counters, scopes, groups = state
            n, count = counters["page"][-1], counters["pages"][-1]
        except (TypeError, ValueError, KeyError, IndexError):
            raise NumberingFailed("unexpected page state") from None
        if pages is None:
            marks = context.string_set.get(JOIN, {})
            numbered.cut = min((p for p, texts in marks.items() if texts), default=count)
            pages = exchange(count, numbered.cut)
        counters = {**counters, "page": [pages.number(n)], "pages": [pages.total]}
        numbered.pages.append(n)
        return original(context, page, (quote_depth, counters, scopes, groups))

    layout.make_margin_boxes = margin_boxes
    try:
        yield numbered
    finally:
        layout.make_margin_boxes = original


# --------------------------------------------------------------------------- joining


def prepare_join() -> None:
    """Import what :func:`join` needs (pyHanko's reader and writer)."""
    import pyhanko.pdf_utils.reader
    import pyhanko.pdf_utils.writer  # noqa: F401


def join(rest: bytes, part: bytes, cut: int) -> bytes:
    """One PDF: the pages of ``rest`` up to page ``cut``, all of ``part``, then the rest
    of ``rest``; one outline in that order, with the part's entries under the title
    entry when ``rest`` has exactly one top-level entry (the cover's title, as in the
    whole document); the document information and language of ``rest``."""
    from pyhanko.pdf_utils import generic as pdf_generic
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import PdfFileWriter

    generic: Any = pdf_generic  # pyHanko's objects are untyped
    name = generic.NameObject
    readers: list[Any] = [PdfFileReader(BytesIO(rest)), PdfFileReader(BytesIO(part))]

    class Writer(PdfFileWriter):
        def _update_meta(self) -> None:
            """The document information stays as WeasyPrint wrote it: no pyHanko
            producer or modification date in an unsigned draft (signing adds them)."""

    new_writer: Any = Writer
    writer = new_writer(init_page_tree=False)
    # an identifier from the content, not random: a draft made twice is the same file
    digest = hashlib.sha256(rest + part + str(cut).encode()).digest()
    writer._document_id = generic.ArrayObject([generic.ByteStringObject(digest[:16])] * 2)
    root = writer.root
    top = writer.add_object(generic.DictionaryObject({name("/Type"): name("/Pages")}))
    # each half's page tree is imported whole (the pages share their resources); the
    # top node holds three: rest up to the cut, the part, the rest of rest
    nodes, page_map = [], {}
    packed = writer.prepare_object_stream()  # small objects compressed, as WeasyPrint's
    for reader in readers:
        node = writer.import_object(reader.root.raw_get("/Pages"), obj_stream=packed)
        source = [ref.reference for ref in _leaves(reader.root.raw_get("/Pages"))]
        imported = list(_leaves(node))
        if len(source) != len(imported):  # pragma: no cover - import keeps the tree
            raise ValueError("pages lost while joining")
        # a source page -> (the page in the writer, its place in its half)
        page_map.update(
            {(id(reader), s): (t, i) for i, (s, t) in enumerate(zip(source, imported, strict=True))}
        )
        nodes.append(node)
    rest_node, part_node = nodes
    taken = _font_names(rest_node)  # before its pages are shared out between two nodes
    rest_kids = list(rest_node.get_object()["/Kids"])
    if not 0 < cut <= len(rest_kids) or len(rest_kids) != rest_node.get_object()["/Count"]:
        raise ValueError("the pages cannot be cut there")
    children = []
    for node, kids in ((rest_node, rest_kids[:cut]), (part_node, None), (None, rest_kids[cut:])):
        if kids == []:
            continue
        if node is None:
            node = writer.add_object(generic.DictionaryObject({name("/Type"): name("/Pages")}))
        obj = node.get_object()
        if kids is not None:
            obj[name("/Kids")] = generic.ArrayObject(kids)
            obj[name("/Count")] = generic.NumberObject(len(kids))
            for kid in kids:
                kid.get_object()[name("/Parent")] = node
        obj[name("/Parent")] = top
        children.append(node)
    top_obj = top.get_object()
    top_obj[name("/Kids")] = generic.ArrayObject(children)
    top_obj[name("/Count")] = generic.NumberObject(
        sum(int(c.get_object()["/Count"]) for c in children)
    )
    root[name("/Pages")] = top
    _retag_fonts(part_node, taken)
    first = readers[0].root
    if "/Lang" in first:
        root[name("/Lang")] = generic.TextStringObject(str(first["/Lang"]))
    info = readers[0].trailer_view.get("/Info")
    if info is not None:
        writer.set_info(writer.import_object(info))
    entries = _outline_order(readers, page_map, cut)
    if entries:
        root[name("/Outlines")] = _outline(writer, entries)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _font_objects(node: Any) -> Iterator[Any]:
    """The fonts and font descriptors reachable from a page-tree node (not upwards)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        obj = stack.pop()
        ref = getattr(obj, "idnum", None)
        if ref is not None:
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        if isinstance(obj, dict):
            if obj.get("/Type") in ("/Font", "/FontDescriptor"):
                yield obj
            stack.extend(v for k, v in obj.items() if k != "/Parent")
        elif isinstance(obj, list):
            stack.extend(obj)


_SUBSET = re.compile(r"^/?([A-Z]{6})\+(.+)$")


def _font_names(node: Any) -> set[str]:
    return {str(obj.get("/BaseFont", obj.get("/FontName", ""))) for obj in _font_objects(node)}


def _retag_fonts(node: Any, taken: set[str]) -> None:
    """The part's font subsets get tags of their own. WeasyPrint names a subset after the
    font (``ABCDEF+LevelCheck-Sans``), so both halves' different subsets of one font
    had one name, which a program that tells fonts apart by name would mix up."""
    from pyhanko.pdf_utils import generic as pdf_generic

    generic: Any = pdf_generic
    for obj in _font_objects(node):
        key = "/BaseFont" if "/BaseFont" in obj else "/FontName"
        match = _SUBSET.match(str(obj.get(key, "")))
        if match is None:
            continue
        tag, rest = match.groups()
        for shift in range(1, 26):
            new = "".join(chr(65 + (ord(c) - 65 + shift) % 26) for c in tag)
            if f"/{new}+{rest}" not in taken:
                break
        obj[generic.NameObject(key)] = generic.NameObject(f"/{new}+{rest}")


def _leaves(node: Any) -> Iterator[Any]:
    """The page objects (indirect references) under a page-tree node, in order."""
    obj = node.get_object()
    for kid in obj["/Kids"]:
        if kid.get_object().get("/Type") == "/Pages":
            yield from _leaves(kid)
        else:
            yield kid


@dataclass
class _Entry:
    depth: int
    title: Any
    dest: list[Any]  # [page (in the writer), /XYZ, left, top, zoom]
    index: int  # the page's place in its own half


def _outline_order(readers: list[Any], page_map: dict[Any, Any], cut: int) -> list[_Entry]:
    """Both outlines as one list in the whole's order; the part's entries one level
    deeper when the rest has a single title entry first (see :func:`join`)."""
    rest, part = readers
    rest_entries = list(_entries(rest, page_map, 0))
    titled = [e.depth for e in rest_entries[:1]] == [0] and sum(
        e.depth == 0 for e in rest_entries
    ) == 1
    part_entries = list(_entries(part, page_map, 1 if titled else 0))
    before = [e for e in rest_entries if e.index < cut]
    return before + part_entries + [e for e in rest_entries if e.index >= cut]


def _entries(reader: Any, page_map: dict[Any, Any], shift: int) -> Iterator[_Entry]:
    """The outline of ``reader`` in document order, with depths and pages mapped."""
    root = reader.root
    if "/Outlines" not in root or "/First" not in root["/Outlines"]:
        return

    def walk(item: Any, depth: int) -> Iterator[_Entry]:
        while item is not None:
            obj = item.get_object()
            dest = list(obj["/Dest"])
            page = dest[0].reference
            target, index = page_map[(id(reader), page)]
            yield _Entry(depth + shift, obj["/Title"], [target, *dest[1:]], index)
            if "/First" in obj:
                yield from walk(obj.raw_get("/First"), depth + 1)
            item = obj.raw_get("/Next") if "/Next" in obj else None

    yield from walk(root["/Outlines"].raw_get("/First"), 0)


def _outline(writer: Any, entries: list[_Entry]) -> Any:
    """An outline tree from entries in order with depths; every entry open, as
    WeasyPrint writes them (/Count: the number of entries below)."""
    from pyhanko.pdf_utils import generic as pdf_generic

    generic: Any = pdf_generic
    name = generic.NameObject
    outlines = writer.add_object(generic.DictionaryObject({name("/Type"): name("/Outlines")}))
    refs = [writer.allocate_placeholder() for _ in entries]
    objs = [generic.DictionaryObject() for _ in entries]
    parents: list[int] = []  # indices of the open ancestors of the next entry
    children: dict[int, list[int]] = {-1: []}
    below = [0] * len(entries)
    for i, entry in enumerate(entries):
        while parents and entries[parents[-1]].depth >= entry.depth:
            parents.pop()
        parent = parents[-1] if parents else -1
        children.setdefault(parent, []).append(i)
        for p in parents:
            below[p] += 1
        parents.append(i)
        objs[i][name("/Title")] = generic.TextStringObject(str(entry.title))
        objs[i][name("/Dest")] = generic.ArrayObject(entry.dest)
        objs[i][name("/Parent")] = outlines if parent == -1 else refs[parent]
    for parent, kids in children.items():
        for a, b in itertools.pairwise(kids):
            objs[a][name("/Next")] = refs[b]
            objs[b][name("/Prev")] = refs[a]
        if kids:
            holder = outlines.get_object() if parent == -1 else objs[parent]
            holder[name("/First")] = refs[kids[0]]
            holder[name("/Last")] = refs[kids[-1]]
    for i, obj in enumerate(objs):
        obj[name("/Count")] = generic.NumberObject(below[i])
        writer.add_object(obj, idnum=refs[i].idnum)
    outlines.get_object()[name("/Count")] = generic.NumberObject(len(entries))
    return outlines
