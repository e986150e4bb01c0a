"""The report font, prepared once for speed.

Reports are set in NanumGothic (SIL Open Font License). Subsetting a 4.6 MB font for
every PDF is most of the time WeasyPrint spends writing it, so LevelCheck cuts the font
once to the characters reports use (Latin, punctuation, symbols, Hangul jamo and the
2,350 syllables of KS X 1001, i.e. nearly all Korean text), without hinting, which
print does not need; the result, under a name of its own (LevelCheck Sans, as the
licence asks of modified fonts), is cached per user. A rarer syllable in a name or a
note still prints: the full NanumGothic is the next font in the report's stack.

``python -m levelcheck.report.fonts`` prepares the cache (./dev setup runs it).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from levelcheck.core.files import remove_quietly
from levelcheck.core.paths import cache_root
from levelcheck.report.render import ReportFonts, locate_fonts

GLYPH_SET_VERSION = "3"


def cache_dir() -> Path:
    return cache_root() / "fonts"


def codepoints() -> list[int]:
    blocks = [
        (0x20, 0x7F),
        (0xA0, 0x100),
        (0x2000, 0x2070),
        (0x20A0, 0x20C0),
        (0x2100, 0x2150),
        (0x2190, 0x2200),
        (0x2200, 0x2300),
        (0x2460, 0x2500),
        (0x25A0, 0x2700),
        (0x3000, 0x3040),
        (0x3130, 0x3190),
        (0x3200, 0x3300),
        (0xFF01, 0xFF5F),
    ]
    points = [c for lo, hi in blocks for c in range(lo, hi)]
    points += [c for c in range(0xAC00, 0xD7A4) if len(chr(c).encode("euc-kr", "ignore")) == 2]
    # The soft hyphen never prints, and NanumGothic draws it with the en dash's glyph: a
    # PDF embedding the whole font (no HarfBuzz-Subset) would then read '–' back as it.
    points.remove(0xAD)
    return points


def prepared_fonts() -> ReportFonts:
    """The cut-down report fonts, made on first use."""
    source = locate_fonts()
    files = [
        _prepared(p, "LevelCheckSans" + ("-Bold" if p is source.bold else "-Regular"))
        for p in source.files
    ]
    return ReportFonts(files[0], files[1] if len(files) > 1 else None)


def _prepared(source: Path, name: str) -> Path:
    # named after the source font's path, size and time: a stat, not reading 4.6 MB
    st = source.stat()
    key = f"{source.resolve()}:{st.st_size}:{st.st_mtime_ns}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    target = cache_dir() / f"{name}-{digest}-v{GLYPH_SET_VERSION}.ttf"
    if target.is_file():
        return target
    from fontTools import subset
    from fontTools.ttLib import TTFont

    target.parent.mkdir(parents=True, exist_ok=True)
    font = TTFont(str(source))
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    _borrow(font, MINUS_SIGN, ord("-"))
    _rename(font, "LevelCheck Sans", bold="Bold" in name)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    font.save(str(tmp))
    tmp.replace(target)  # another process may be doing the same: the last one wins
    for old in target.parent.glob(f"{name}-*.ttf"):  # cuts of an older font or glyph set
        if old != target:
            remove_quietly(old)
    return target


MINUS_SIGN = 0x2212


def _borrow(font: object, missing: int, like: int) -> None:
    """Map ``missing`` to the glyph of ``like`` where the font has none: NanumGothic has
    no minus sign (U+2212, as in the catalog's "Cost −39.2%"), and WeasyPrint then set
    that one character in another font (DejaVu Sans) in the middle of a Korean line."""
    for table in font["cmap"].tables:  # type: ignore[index]
        if table.isUnicode() and missing not in table.cmap and like in table.cmap:
            table.cmap[missing] = table.cmap[like]


def _rename(font: object, family: str, *, bold: bool) -> None:
    """A modified OFL font takes a name of its own."""
    table = font["name"]  # type: ignore[index]
    style = "Bold" if bold else "Regular"
    for record in table.names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID in (4,):
            record.string = f"{family} {style}"
        elif record.nameID in (6,):
            record.string = f"{family.replace(' ', '')}-{style}"


if __name__ == "__main__":
    from levelcheck.report.wpimport import import_weasyprint

    fonts = prepared_fonts()
    import_weasyprint()  # and WeasyPrint's declarations, pre-parsed
    print(f"report fonts ready: {', '.join(str(p) for p in fonts.files)}")
