"""HTML and PDF: Jinja2 templates -> HTML -> WeasyPrint -> PDF. No Qt.

Templates autoescape everything; a user's own template folder runs in Jinja2's sandbox.
The renderer fetches nothing from the network and no file outside the template folder
and the report font: every other URL, including ``file://`` ones written into notes
or templates, is refused (and recorded, so tests can see it).
"""

from __future__ import annotations

import logging
import mimetypes
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from levelcheck.core.paths import shipped_dir
from levelcheck.report.errors import ReportError

TEMPLATE = "report.html.j2"
FONT_FAMILY = '"LevelCheck Sans", "NanumGothic", sans-serif'
# Where the report font is looked for: the app's own fonts folder, then the usual system
# places (Debian's fonts-nanum, Windows, macOS). LEVELCHECK_FONT_DIR comes first.
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts/truetype/nanum",
    "/usr/local/share/fonts",
    "C:/Windows/Fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "~/.local/share/fonts",
)


@dataclass(frozen=True)
class ReportFonts:
    regular: Path
    bold: Path | None

    def css(self) -> str:
        faces = [f'@font-face {{ font-family: "LevelCheck Sans"; font-weight: normal; '
                 f'src: url("{self.regular.as_uri()}"); }}']  # fmt: skip
        if self.bold:
            faces.append(f'@font-face {{ font-family: "LevelCheck Sans"; font-weight: bold; '
                         f'src: url("{self.bold.as_uri()}"); }}')  # fmt: skip
        return "\n".join(faces)

    @property
    def files(self) -> list[Path]:
        return [p for p in (self.regular, self.bold) if p is not None]


def locate_fonts(extra_dirs: Sequence[Path] = ()) -> ReportFonts:
    """The Korean report font, or a ReportError saying how to install it."""
    dirs = [*extra_dirs]
    if os.environ.get("LEVELCHECK_FONT_DIR"):
        dirs.insert(0, Path(os.environ["LEVELCHECK_FONT_DIR"]))
    dirs.append(shipped_dir("report_templates") / "fonts")
    dirs += [Path(d).expanduser() for d in SYSTEM_FONT_DIRS]
    for d in dirs:
        regular = d / FONT_FILES[0]
        if regular.is_file():
            bold = d / FONT_FILES[1]
            return ReportFonts(regular.resolve(), bold.resolve() if bold.is_file() else None)
    hint = "install the Debian package fonts-nanum (./dev setup does)" if sys.platform.startswith(
        "linux") else "install the NanumGothic font"  # fmt: skip
    raise ReportError(
        f"the Korean report font {FONT_FILES[0]} was not found; {hint}, or set "
        "LEVELCHECK_FONT_DIR to a folder holding it"
    )


def render_html(context: dict[str, Any], templates: Path | None = None) -> str:
    """The report as HTML. ``templates``: a user's own folder (sandboxed) or None.

    Anything a user's template does wrong is one ``FILE:LINE: template error: …`` line:
    a missing include, a sandbox refusal, an error in an expression. Its sandbox also
    refuses to build strings or lists beyond MAX_TEMPLATE_ITEMS (``"x" * 10**9`` took
    gigabytes); a template can still loop for long, as any program the user runs can."""
    import jinja2

    folder = templates or shipped_dir("report_templates")
    env_class = _sandbox() if templates is not None else jinja2.Environment
    env = env_class(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache() if templates is None else None,
    )
    env.filters["words"] = keep_words
    try:
        template = env.get_template(TEMPLATE)
    except jinja2.TemplateNotFound:
        raise ReportError(f"{folder}: no {TEMPLATE} in the template folder") from None
    except jinja2.TemplateError as exc:
        raise _template_error(exc, folder, str(exc)) from None
    try:
        return keep_all(template.render(**context))
    except jinja2.TemplateNotFound as exc:
        why = f"{exc.name!r} is not in the template folder"
        raise _template_error(exc, folder, why) from None
    except jinja2.TemplateError as exc:
        raise _template_error(exc, folder, str(exc)) from None
    except Exception as exc:  # a user's template only: the shipped one's are our bugs
        if templates is None:
            raise
        raise _template_error(exc, folder, str(exc)) from None


MAX_TEMPLATE_ITEMS = 10_000_000  # characters or list items one operation may make


def _sandbox() -> Any:
    """Jinja2's sandbox, with ``*`` and ``**`` kept to sizes a report needs."""
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if (
                        isinstance(seq, str | list | tuple)
                        and isinstance(n, int)
                        and (len(seq) * n > MAX_TEMPLATE_ITEMS)
                    ):
                        raise SecurityError(
                            f"a string or list of {len(seq) * n:,} items is too long"
                        )
            if (
                operator == "**"
                and isinstance(left, int)
                and isinstance(right, int)
                and abs(left) > 1
                and right > 64
            ):
                raise SecurityError(f"{left} ** {right} is too large")
            return super().call_binop(context, operator, left, right)

    return Sandbox


def _template_error(exc: BaseException, folder: Path, why: str) -> ReportError:
    """The error at the template's file and line where ``exc`` arose, as well as it is
    known: Jinja2 gives a syntax error its own; at render time the template's frames
    carry it."""
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not name:
        tb = exc.__traceback__
        while tb is not None:  # the innermost template frame
            code = tb.tb_frame.f_code.co_filename
            if code.startswith(str(folder)) or code.endswith(".j2"):
                name, line = code, tb.tb_lineno
            tb = tb.tb_next
    return ReportError(f"template error: {why}", file=name or Path(folder) / TEMPLATE, line=line)


LONGEST_KEPT_WORD = 16
WORD_JOINER = "\u2060"
# elements whose text is not set in lines (SVG places its own), and any other tag
_NOT_TEXT = re.compile(r"<(head|style|script|svg)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_TOKEN = re.compile(r"[^\s<>]+")
_UNIT = re.compile(r"&[#0-9A-Za-z]+;|.", re.S)  # an entity is one character
_HANGUL = re.compile("[\uac00-\ud7a3]")
_HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")
_ID = re.compile(r"\b[A-Z]{2,4}(?:-[A-Z0-9]{1,4})+\b")  # PRC-LG-03-2, SYS-IS-03
_LEVEL = re.compile(r"\bLevel (?=\d)")  # "Level 2(기초)" is one name


def keep_all(html: str) -> str:
    """``word-break: keep-all`` for the report, which WeasyPrint lacks.

    Pango breaks Korean between any two syllables (UAX #14 allows it), so table cells
    ended lines in "구|두로만" and "바|코드"; and item ids broke at a hyphen ("PRC-|LG-03").
    A WORD JOINER (U+2060: no break on either side, no width, no glyph, left out of the
    PDF's text) between the characters of each Korean word of up to LONGEST_KEPT_WORD
    characters, and after each hyphen of an id, leaves the spaces as the only breaks
    there; and after the space of "Level 2", which is one name ("Level / 2(기초)" was
    split at a line end). A longer word keeps its breaks inside runs longer than that,
    and a cell's ``overflow-wrap: anywhere`` still breaks a word wider than the cell.
    Text only: tags,
    styles and SVG charts are left as they are. About as fast as no joiners (one regex
    pass; Pango shapes the invisible character at no cost): see bench/report.py."""

    def word(m: re.Match[str]) -> str:
        token = m.group()
        if _HANGUL.search(token):
            units = _UNIT.findall(token)
            if len(units) <= LONGEST_KEPT_WORD:
                return WORD_JOINER.join(units)
            token = _HANGUL_RUN.sub(run, token)
        if "-" in token:
            token = _ID.sub(lambda i: i.group().replace("-", "-" + WORD_JOINER), token)
        return token

    def run(m: re.Match[str]) -> str:
        text = m.group()
        return WORD_JOINER.join(text) if len(text) <= LONGEST_KEPT_WORD else text

    def text(part: str) -> str:
        return _LEVEL.sub("Level " + WORD_JOINER, _TOKEN.sub(word, part))

    out, at = [], 0
    for tag in _NOT_TEXT.finditer(html):
        out.append(text(html[at : tag.start()]))
        out.append(tag.group())
        at = tag.end()
    out.append(text(html[at:]))
    return "".join(out)


def keep_words(text: object) -> Any:
    """``text`` with each word kept whole at a line end: the ``words`` filter.

    Pango may break Korean between any two syllables (UAX #14 allows it), so a signer's
    "(주)바른공정컨설팅" could end a line as "(주)바른공정컨" and WeasyPrint has no
    ``word-break: keep-all``. Each word goes in a no-wrap span (``.kw`` in report.css),
    so lines break only at spaces. A word longer than LONGEST_KEPT_WORD characters stays
    breakable, so that it wraps rather than runs out of its box. Escapes like
    autoescape; meant for short texts (names, headings, list items), not whole notes."""
    from markupsafe import Markup, escape

    parts = []
    for word in str(text).split(" "):
        if word and len(word) <= LONGEST_KEPT_WORD:
            parts.append(Markup('<span class="kw">%s</span>') % word)
        else:
            parts.append(escape(word))
    return Markup(" ").join(parts)


def _bytecode_cache() -> Any:
    """Compiled shipped templates, kept in the user's cache folder (compiling the
    report template takes about 0.1 s; Jinja2 checks the source's checksum before
    using a cached copy). A user's own templates are compiled every time."""
    from jinja2 import FileSystemBytecodeCache

    from levelcheck.report.fonts import cache_dir

    folder = cache_dir().parent / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


@dataclass
class RestrictedFetcher:
    """Serves the template folder's own files and the report fonts; refuses the rest."""

    folder: Path
    fonts: ReportFonts
    refused: list[str] = field(default_factory=list)

    def build(self) -> Any:
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        outer = self

        class _Fetcher(URLFetcher):  # type: ignore[misc]
            def fetch(self, url: str, headers: Any = None) -> Any:
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                path = outer.allowed(url)
                if path is None:
                    outer.refused.append(url)
                    raise ValueError(f"LevelCheck reports load nothing from {url}")
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

        return _Fetcher(allowed_protocols=("file", "data"))

    def allowed(self, url: str) -> Path | None:
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path))
        if sys.platform == "win32" and str(path).startswith("\\"):  # pragma: no cover
            path = Path(str(path).lstrip("\\"))
        try:
            real = path.resolve(strict=True)
        except OSError:
            return None
        if real in self.fonts.files:
            return real
        if real.is_relative_to(self.folder.resolve()) and real.suffix in (
            ".css",
            ".svg",
            ".png",
            ".jpg",
            ".jpeg",
        ):
            return real
        return None


def harfbuzz_subsets() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (fast) rather than fontTools.
    LEVELCHECK_NO_HARFBUZZ_SUBSET=1 answers no (to test and measure that case)."""
    if os.environ.get("LEVELCHECK_NO_HARFBUZZ_SUBSET") == "1":
        return False
    from weasyprint.text import ffi

    subsetter = getattr(ffi, "harfbuzz_subset", None)
    return bool(subsetter) and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))


class PdfWriter:
    """WeasyPrint set up once for LevelCheck reports (fonts registered, fetcher
    restricted), then used for any number of reports: a batch, or the render process.

    Without HarfBuzz-Subset, WeasyPrint would cut the font with fontTools, which takes
    about a second per report; the report font is already cut down once
    (:mod:`levelcheck.report.fonts`), so it is then embedded whole instead: the PDF is
    about 1 MB larger and a second faster."""

    def __init__(self, fonts: ReportFonts, templates: Path | None = None) -> None:
        from levelcheck.report.wpimport import import_weasyprint

        import_weasyprint()  # first: the quick way, when it can
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        self.folder = templates or shipped_dir("report_templates")
        self.fetcher = RestrictedFetcher(self.folder, fonts)
        self._url_fetcher = self.fetcher.build()
        self._font_config = FontConfiguration()
        self._font_css = CSS(
            string=fonts.css(), font_config=self._font_config, url_fetcher=self._url_fetcher
        )
        self.full_fonts = not harfbuzz_subsets()  # embedded whole, not subset

    def write(self, html: str) -> tuple[bytes, list[str]]:
        """The PDF, and the URLs that were refused on the way."""
        pdf, refused, _ = self.write_counted(html)
        return pdf, refused

    def write_counted(self, html: str) -> tuple[bytes, list[str], int]:
        """:meth:`write`, and the number of pages."""
        from weasyprint import HTML

        refused: list[str] = []
        self.fetcher.refused = refused
        base = self.folder.resolve().as_uri() + "/"
        document = HTML(string=html, base_url=base, url_fetcher=self._url_fetcher).render(
            stylesheets=[self._font_css], font_config=self._font_config
        )
        for page in document.pages:  # bookmarks without keep_all's word joiners
            page.bookmarks = [
                (level, label.replace(WORD_JOINER, ""), *rest)
                for level, label, *rest in page.bookmarks
            ]
        pdf = document.write_pdf(full_fonts=self.full_fonts)
        return bytes(pdf), refused, len(document.pages)

    def warm_up(self) -> None:
        """Lay out a line of text in each weight, so that loading the fonts into Pango
        and HarfBuzz is done before the report arrives (the render process does this
        while the other one prepares the report)."""
        from weasyprint import HTML

        sample = "<p>가나다 LevelCheck 0123 <b>가나다 LevelCheck 0123</b></p>"
        style = f"<style>body {{ font-family: {FONT_FAMILY} }}</style>"
        HTML(string=style + sample, url_fetcher=self._url_fetcher).render(
            stylesheets=[self._font_css], font_config=self._font_config
        )


def write_pdf(
    html: str, fonts: ReportFonts, templates: Path | None = None
) -> tuple[bytes, list[str]]:
    """The PDF, and the URLs that were refused on the way."""
    return PdfWriter(fonts, templates).write(html)
