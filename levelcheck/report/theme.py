"""The report's theme (the issuing consultancy's name, logo, colours) and its labels,
both YAML data in ``report_templates/``."""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

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
# a logo's pixels, decompressed: far more than any logo, far less than a bomb
MAX_PIXEL_BYTES = 64 * 1024 * 1024


def image_damage(kind: str, raw: bytes) -> str | None:
    """Why a logo that begins as it should would still not show: cut short, garbled, or
    an SVG that is not well-formed XML or declares entities (the "billion laughs").
    Checked by structure, without an imaging library: PNG chunks with their CRCs and
    the pixel data inflated (bounded); JPEG segments up to the image data and its end
    marker; SVG parsed by expat with entity declarations refused."""
    if kind == "image/png":
        return _png_damage(raw)
    if kind == "image/jpeg":
        return _jpeg_damage(raw)
    if kind == "image/svg+xml":
        return _svg_damage(raw)
    return None


def _png_damage(raw: bytes) -> str | None:
    import struct
    import zlib

    pos, types, pixels = 8, [], zlib.decompressobj()
    inflated = 0
    while pos < len(raw):
        if pos + 12 > len(raw):
            return "the PNG file is cut short"
        length, ctype = struct.unpack(">I4s", raw[pos : pos + 8])
        end = pos + 12 + length
        if end > len(raw):
            return "the PNG file is cut short"
        body = raw[pos + 4 : end - 4]
        if zlib.crc32(body) != struct.unpack(">I", raw[end - 4 : end])[0]:
            return f"the PNG file is damaged (chunk {ctype!r} fails its check)"
        types.append(ctype)
        if ctype == b"IDAT":
            try:
                inflated += len(pixels.decompress(body[4:], MAX_PIXEL_BYTES - inflated))
            except zlib.error:
                return "the PNG file is damaged (its pixel data does not inflate)"
            if pixels.unconsumed_tail:
                return "the PNG image is too large for a logo"
        pos = end
        if ctype == b"IEND":
            break
    if not types or types[0] != b"IHDR" or b"IDAT" not in types or types[-1] != b"IEND":
        return "the PNG file is cut short or damaged (its header, pixels or end are missing)"
    if not pixels.eof:
        return "the PNG file is damaged (its pixel data ends early)"
    return None


def _jpeg_damage(raw: bytes) -> str | None:
    pos, frame = 2, False
    while True:
        while pos < len(raw) and raw[pos] == 0xFF and pos + 1 < len(raw) and raw[pos + 1] == 0xFF:
            pos += 1  # fill bytes
        if pos + 4 > len(raw) or raw[pos] != 0xFF:
            return "the JPEG file is cut short or damaged"
        marker = raw[pos + 1]
        length = int.from_bytes(raw[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > len(raw):
            return "the JPEG file is cut short"
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            frame = True
        pos += 2 + length
        if marker == 0xDA:  # start of scan: the image data follows, then the end marker
            break
    if not frame:
        return "the JPEG file is damaged (it has no image header)"
    # the end marker after the scans (the scans' data cannot hold it), not necessarily
    # last: phones and editors may append data, which the renderer's decoder ignores
    if raw.find(b"\xff\xd9", pos) == -1:
        return "the JPEG file is cut short (its end marker is missing)"
    return None


def _svg_damage(raw: bytes) -> str | None:
    from xml.parsers import expat

    class Entities(Exception):
        pass

    def refuse(*_: Any) -> None:
        raise Entities

    parser = expat.ParserCreate()
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        parser.Parse(raw, True)
    except Entities:
        return "the SVG declares entities, which a logo does not need"
    except expat.ExpatError as exc:
        return (
            f"the SVG is not well-formed XML ({expat.errors.messages[exc.code]}, line {exc.lineno})"
        )
    return None


class Colours(StrictModel):
    primary: Colour
    accent: Colour
    text: Colour
    muted: Colour
    line: Colour
    current: Colour
    target: Colour


MAX_ORGANISATION = 80  # characters: what the cover's header line and issuer row hold


class ThemeFile(StrictModel):
    format: Literal["levelcheck.theme"]
    format_version: Literal[1]
    organisation: Text
    logo: str | None = None
    colors: Colours

    @field_validator("organisation")
    @classmethod
    def _fits_the_cover(cls, value: Text) -> Text:
        for lang in ("ko", "en"):
            if len(value(lang)) > MAX_ORGANISATION:
                raise ValueError(
                    f"{lang}: at most {MAX_ORGANISATION} characters (the cover holds no more), "
                    f"not {len(value(lang))}"
                )
        return value


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
            version = doc.data.get("format_version") if isinstance(doc.data, dict) else None
            if isinstance(version, int) and version > 1:
                raise doc.error(
                    ("format_version",),
                    f"written for a newer LevelCheck (format_version {version}); this version "
                    "reads format_version 1: please update LevelCheck",
                )
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
            damage = image_damage(kind, raw)
            if damage:  # WeasyPrint would leave it off the certificate without a word
                raise doc.error(("logo",), f"{logo_path.name}: {damage}")
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
