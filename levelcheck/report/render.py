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
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from levelcheck.core.content import shipped_dir
from levelcheck.report.theme import ReportError

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
    """The report as HTML. ``templates``: a user's own folder (sandboxed) or None."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    folder = templates or shipped_dir("report_templates")
    env_class = SandboxedEnvironment if templates is not None else jinja2.Environment
    env = env_class(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    try:
        return env.get_template(TEMPLATE).render(**context)
    except jinja2.TemplateNotFound:
        raise ReportError(f"{folder}: no {TEMPLATE} in the template folder") from None
    except jinja2.TemplateError as exc:
        where = f"{getattr(exc, 'filename', None) or TEMPLATE}:{getattr(exc, 'lineno', '?')}"
        raise ReportError(f"{where}: template error: {exc}") from None


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


def write_pdf(
    html: str, fonts: ReportFonts, templates: Path | None = None
) -> tuple[bytes, list[str]]:
    """The PDF, and the URLs that were refused on the way."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    folder = templates or shipped_dir("report_templates")
    fetcher = RestrictedFetcher(folder, fonts)
    url_fetcher = fetcher.build()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    font_config = FontConfiguration()
    font_css = CSS(string=fonts.css(), font_config=font_config, url_fetcher=url_fetcher)
    document = HTML(string=html, base_url=folder.resolve().as_uri() + "/", url_fetcher=url_fetcher)
    pdf = document.write_pdf(stylesheets=[font_css], font_config=font_config)
    return bytes(pdf), fetcher.refused
