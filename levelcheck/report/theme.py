"""The report's theme (the issuing consultancy's name, logo, colours) and its labels,
both YAML data in ``report_templates/``."""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from levelcheck.core.citation import Cited
from levelcheck.core.content import validation_message
from levelcheck.core.files import read_limited
from levelcheck.core.paths import shipped_dir
from levelcheck.core.ruleset import Confidence
from levelcheck.core.safeyaml import load_yaml_file
from levelcheck.core.text import Lang, StrictModel, Text

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
MAX_LOGO_BYTES = 1024 * 1024


# how PNG and JPEG files begin
_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


class Colours(StrictModel):
    primary: Colour
    accent: Colour
    text: Colour
    muted: Colour
    line: Colour
    current: Colour
    target: Colour


class ThemeFile(StrictModel):
    format: Literal["levelcheck.theme"]
    format_version: Literal[1]
    organisation: Text
    logo: str | None = None
    colors: Colours


class Theme(BaseModel):
    model_config = ConfigDict(frozen=True)
    organisation: Text
    colors: Colours
    logo_url: str | None  # a data: URL, so the renderer fetches nothing for it

    @classmethod
    def load(cls, path: Path | None = None) -> Theme:
        path = path or shipped_dir("report_templates") / "themes" / "default.yaml"
        doc = load_yaml_file(path)
        try:
            data = ThemeFile.model_validate(doc.data)
        except ValidationError as exc:
            errors = exc.errors()
            loc = tuple(errors[0]["loc"])
            raise doc.error(loc, f"theme: {_problems(doc.data, errors)}") from None
        logo = None
        if data.logo:
            logo_path = (path.parent / data.logo).resolve()
            if not logo_path.is_relative_to(path.parent.resolve()):
                raise doc.error(("logo",), "the logo must be in the theme's folder")
            kind = mimetypes.guess_type(logo_path.name)[0]
            if kind not in ("image/svg+xml", "image/png", "image/jpeg"):
                raise doc.error(("logo",), "the logo must be an SVG, PNG or JPEG file")
            try:
                raw = read_limited(logo_path, MAX_LOGO_BYTES)
            except OSError as exc:
                raise doc.error(("logo",), f"cannot read the logo: {exc.strerror}") from None
            if raw is None:
                raise doc.error(("logo",), "the logo is larger than 1 MiB")
            magic = _MAGIC.get(kind)
            if magic and not raw.startswith(magic):  # else the PDF would leave it out silently
                name = "PNG" if kind == "image/png" else "JPEG"
                raise doc.error(("logo",), f"{logo_path.name} is not a {name} image")
            if kind == "image/svg+xml" and not re.search(rb"<svg[\s>]", raw[:4096], re.I):
                raise doc.error(("logo",), f"{logo_path.name} is not an SVG image")
            if kind == "image/svg+xml" and re.search(rb"<script|href\s*=\s*[\"'](?!#)", raw, re.I):
                raise doc.error(("logo",), "the SVG logo may not hold scripts or links")
            logo = f"data:{kind};base64,{base64.b64encode(raw).decode('ascii')}"
        return cls(organisation=data.organisation, colors=data.colors, logo_url=logo)

    def issued_by(self, organisation: str) -> Theme:
        """This theme naming ``organisation`` as the issuer, in both languages (the
        signing certificate's organisation is one name)."""
        return self.model_copy(update={"organisation": Text(ko=organisation, en=organisation)})


def _problems(data: object, errors: list[Any]) -> str:
    """Every problem of a theme file on one line, the missing keys of one mapping
    together ("colors: 'text', 'muted' are missing"), a bad colour said as such."""
    missing: dict[str, list[str]] = {}
    others: list[str] = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc:
            parent = validation_message(data, loc, err).rsplit(": ", 1)[0]
            missing.setdefault(parent, []).append(f"'{loc[-1]}'")
        elif err["type"] == "string_pattern_mismatch" and loc[:1] == ("colors",):
            where = ".".join(map(str, loc))
            others.append(f"{where}: {err['input']!r} is not a colour (#RRGGBB, e.g. #1e3a5f)")
        else:
            others.append(validation_message(data, loc, err))
    said = [f"{parent}: {', '.join(keys)} {'is' if len(keys) == 1 else 'are'} missing"
            for parent, keys in missing.items()]  # fmt: skip
    return "; ".join(said + others)


class CertificateTerms(Cited):  # source: where the validity comes from, in both languages
    valid_years: int
    confidence: Confidence
    number_prefix: str


class ReportStrings(StrictModel):
    format: Literal["levelcheck.report"]
    format_version: Literal[1]
    certificate: CertificateTerms
    label_texts: dict[str, Text]

    @classmethod
    def load(cls, folder: Path | None = None) -> ReportStrings:
        path = (folder or shipped_dir("report_templates")) / "report.yaml"
        doc = load_yaml_file(path)
        data = dict(doc.data) if isinstance(doc.data, dict) else {}
        data["label_texts"] = data.pop("labels", {})
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            msg = validation_message(data, loc, err)
            raise doc.error(loc, f"report labels: {msg}") from None

    def labels(self, lang: Lang) -> dict[str, str]:
        return {k: v(lang) for k, v in self.label_texts.items()}
