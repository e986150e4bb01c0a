"""Charts as self-contained SVG text, made here rather than by a plotting library.

The same SVG goes into the PDF report and, later, into the Qt app, so it must look the same
everywhere: no scripts, links, CSS, external fonts or images, only plain shapes and
``<text>`` with presentation attributes, which SVG Tiny renderers such as QtSvg understand
(so no ``dominant-baseline``, no ``paint-order``, one ``<text>`` per line). Output is
deterministic -- coordinates carry at most two decimals -- so reports can be compared byte
for byte.

No font engine is at hand (not without Qt or a new dependency), so :func:`_text_width`
estimates widths on the wide side: wrapped labels may look a little narrow, but they stay
inside the picture.

**None in a radar chart** (a category entirely N/A) is drawn at the centre, like a zero, so
the outline stays one closed shape with one vertex per axis; that axis gets no vertex dot, a
paler label and a trailing ``na_suffix`` (by default ' (N/A)'), so nobody reads it as level
0. A gap in the outline was the alternative, but a filled shape with a bite out of its edge
misleads just as much and is harder to read.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

__all__ = ["ChartStyle", "bars", "level_badge", "radar"]

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# Font names may hold letters of any script, spaces, commas, hyphens and quotes: enough for
# "'Noto Sans KR', sans-serif", too little to smuggle in url(...) or markup.
_FONT_FAMILY = re.compile(r"[\w \t,'\"-]+")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_MARGIN = 6.0  # blank border inside the viewBox
_LINE = 1.25  # line height, in font sizes
_PAD = 4.0  # least space between two labels
_ELLIPSIS = "…"
_DASH = "—"
_BOLD = 1.08  # bold text is about this much wider


@dataclass(frozen=True)
class ChartStyle:
    """Colours and type shared by all charts, so a report's charts match its theme."""

    font_family: str = "LevelCheck Sans, sans-serif"
    text: str = "#1f2937"  # colours as #rrggbb
    grid: str = "#d1d5db"
    current: str = "#1d4ed8"  # the plant's values
    target: str = "#dc2626"  # the requirement of the next level
    fill_opacity: float = 0.18
    font_size: float = 11.0

    def __post_init__(self) -> None:
        # Checked once here, so nothing a theme says can break out of an attribute.
        for name in ("text", "grid", "current", "target"):
            value = getattr(self, name)
            if not isinstance(value, str) or not _COLOUR.fullmatch(value):
                raise ValueError(f"ChartStyle.{name} must be a colour as #rrggbb, not {value!r}")
        if not _FONT_FAMILY.fullmatch(self.font_family):
            raise ValueError(f"ChartStyle.font_family is not a font list: {self.font_family!r}")
        if not 0.0 <= self.fill_opacity <= 1.0:
            raise ValueError("ChartStyle.fill_opacity must be between 0 and 1")
        if not (math.isfinite(self.font_size) and 4.0 <= self.font_size <= 48.0):
            raise ValueError("ChartStyle.font_size must be between 4 and 48")


# --- numbers and text -------------------------------------------------------------------


def _n(x: float) -> str:
    """A coordinate with at most two decimals and never '-0', for byte-stable output."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def _fmt(x: float, decimals: int = 2) -> str:
    """A value for people, rounded like the rest of the report (no trailing zeros)."""
    s = f"{x:.{max(decimals, 0)}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def _esc(s: str, *, quote: bool = False) -> str:
    """XML-escape, and drop the control characters XML 1.0 cannot hold at all."""
    s = _XML_ILLEGAL.sub("", s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;").replace("'", "&apos;") if quote else s


def _clean(s: str) -> str:
    return " ".join(s.split())


def _char_em(ch: str) -> float:
    # Roughly DejaVu Sans, the widest common fallback, so estimates err on the wide side.
    if ch == "·":
        return 0.4
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0
    if ch in " il.,;:!'|`":
        return 0.32
    if ch in 'fjtr()[]{}-/"':
        return 0.42
    if ch in "mwMW@%":
        return 1.0
    if ch == "&":
        return 0.8
    if ch.isupper():
        return 0.72
    return 0.64 if ch.isdigit() else 0.62


def _text_width(s: str, font_size: float) -> float:
    return sum(_char_em(ch) for ch in s) * font_size


def _cut(text: str, max_width: float, font_size: float) -> str:
    """Shorten to fit, marking the cut with an ellipsis."""
    if _text_width(text, font_size) <= max_width:
        return text
    base = text.rstrip(_ELLIPSIS)
    while base and _text_width(base.rstrip() + _ELLIPSIS, font_size) > max_width:
        base = base[:-1]
    return base.rstrip() + _ELLIPSIS


def _tokens(text: str) -> list[str]:
    """Break points: spaces, and after '·' (Korean compounds such as '리더십·전략')."""
    out: list[str] = []
    for word in text.split():
        parts = word.split("·")
        out += [p + "·" * (i < len(parts) - 1) for i, p in enumerate(parts)]
    return [t for t in out if t]


def _join(a: str, b: str) -> str:
    return a + b if a.endswith("·") else f"{a} {b}"


def _wrap(
    text: str, max_width: float, font_size: float, *, keep: str = "", max_lines: int = 2
) -> list[str]:
    """Greedy wrap onto at most `max_lines`; what does not fit is cut with an ellipsis.

    `keep` (such as ' (N/A)') ends the last line and survives any cut, because it carries
    meaning the rest of the label does not.
    """
    lines: list[str] = []
    for tok in _tokens(text):
        if lines and _text_width(_join(lines[-1], tok), font_size) <= max_width:
            lines[-1] = _join(lines[-1], tok)
        else:
            lines.append(tok)
    if len(lines) > max_lines:
        tail = lines[max_lines - 1]
        for rest in lines[max_lines:]:
            tail = _join(tail, rest)
        lines = [*lines[: max_lines - 1], tail]
    lines = [_cut(line, max_width, font_size) for line in lines] or [""]
    if keep:
        last = lines[-1]
        if not last:
            lines[-1] = keep.strip()
        elif _text_width(last + keep, font_size) <= max_width:
            lines[-1] = last + keep
        elif len(lines) < max_lines:
            lines.append(keep.strip())
        else:
            room = max_width - _text_width(keep, font_size)
            lines[-1] = _cut(last + _ELLIPSIS, room, font_size) + keep
    return lines


# --- SVG elements -----------------------------------------------------------------------


def _el(tag: str, content: str | None = None, /, **attrs: str | float) -> str:
    """An element; attributes in the order given ('class_' -> class, '_' -> '-')."""
    parts = [tag]
    for key, value in attrs.items():
        name = key.rstrip("_").replace("_", "-")
        shown = _n(value) if isinstance(value, float | int) else _esc(value, quote=True)
        parts.append(f'{name}="{shown}"')
    head = " ".join(parts)
    return f"<{head}/>" if content is None else f"<{head}>{content}</{tag}>"


def _text(x: float, y: float, s: str, size: float, fill: str, **attrs: str | float) -> str:
    return _el("text", _esc(s), x=x, y=y, font_size=size, fill=fill, **attrs)


def _text_block(
    x: float, top: float, lines: Sequence[str], size: float, fill: str, **attrs: str | float
) -> list[str]:
    """Lines hanging from `top`, baselines placed by hand (SVG Tiny has no
    dominant-baseline, and tspan line layout differs between renderers)."""
    return [
        _text(x, top + (i * _LINE + 0.95) * size, line, size, fill, **attrs)
        for i, line in enumerate(lines)
    ]


def _document(width: float, height: float, style: ChartStyle, title: str, body: list[str]) -> str:
    w, h = math.ceil(width), math.ceil(height)
    head = _el(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {w} {h}",
        width=w,
        height=h,
        role="img",
        font_family=style.font_family,
    )
    accessible = [_el("title", _esc(_clean(title)))] if _clean(title) else []
    return "\n".join([head[:-2] + ">", *accessible, *body, "</svg>"]) + "\n"


def _title_band(width: float, title: str, style: ChartStyle) -> tuple[float, list[str]]:
    """The visible heading: the height it takes and its element (none without a title)."""
    if not _clean(title):
        return 0.0, []
    size = style.font_size * 1.2
    shown = _cut(_clean(title), (width - 2 * _MARGIN) / _BOLD, size)
    y = _MARGIN + 0.95 * size
    heading = _text(width / 2, y, shown, size, style.text, text_anchor="middle",
                    font_weight="bold", class_="title")  # fmt: skip
    return size * 1.8, [heading]


def _finite(name: str, values: Sequence[float | None]) -> None:
    for v in values:
        if v is not None and not math.isfinite(v):
            raise ValueError(f"{name} must be finite numbers, not {v!r}")


# --- radar ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    """A wrapped axis label; `x` is its anchor, `top` is relative to the chart centre."""

    lines: list[str]
    anchor: str
    width: float
    height: float
    x: float = 0.0
    top: float = 0.0

    @property
    def left(self) -> float:
        return self.x - {"start": 0.0, "middle": 0.5, "end": 1.0}[self.anchor] * self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _anchor(dx: float) -> str:
    """Centred only at 12 and 6 o'clock; elsewhere (even just beside 6 o'clock, where odd
    numbers of axes put two labels) the text runs away from the chart and its neighbour."""
    return "middle" if abs(dx) < 1e-9 else ("start" if dx > 0 else "end")


def _directions(n: int) -> list[tuple[float, float]]:
    """Unit vectors, first axis at 12 o'clock then clockwise (screen y grows downwards)."""
    angles = [2 * math.pi * i / n for i in range(n)]
    return [(round(math.sin(a), 12), round(-math.cos(a), 12)) for a in angles]


def _label_room(i: int, n: int, reach: float, width: float) -> float:
    """How wide label `i` may be, anchored `reach` from the centre, before it leaves the
    picture or (centred at 12 and 6 o'clock) reaches over a neighbour."""
    dirs = _directions(n)
    dx = dirs[i][0]
    ax = width / 2 + reach * dx
    anchor = _anchor(dx)
    if anchor == "start":
        room = width - _MARGIN - ax
    elif anchor == "end":
        room = ax - _MARGIN
    else:
        # Neighbours of a centred label run away from it, so it may reach up to them.
        apart = min(abs(dirs[j][0]) for j in ((i - 1) % n, (i + 1) % n)) * reach
        half = min(ax - _MARGIN, width - _MARGIN - ax, apart - _PAD)
        room = 2 * half
    return min(room, 0.32 * width)


def _radius_limit(lab: _Label, d: tuple[float, float], gap: float, width: float) -> float:
    """The largest radius at which this label, anchored at (r + gap) * d from the centre,
    stays inside the picture's width (the height grows to fit)."""
    cx, dx = width / 2, d[0]
    left_off = {"start": 0.0, "middle": 0.5, "end": 1.0}[lab.anchor] * lab.width
    if dx > 1e-9:
        return (width - _MARGIN - cx - (lab.width - left_off)) / dx - gap
    if dx < -1e-9:
        return (cx - left_off - _MARGIN) / -dx - gap
    return math.inf


def _clear_of(fixed: _Label, moving: _Label, way: int) -> _Label:
    """`moving`, pushed down (way 1) or up (way -1) until it no longer overlaps `fixed`."""
    beside = (
        moving.left >= fixed.left + fixed.width + _PAD
        or fixed.left >= moving.left + moving.width + _PAD
    )
    if beside:
        return moving
    if way > 0 and moving.top < fixed.bottom + _PAD:
        return replace(moving, top=fixed.bottom + _PAD)
    if way < 0 and moving.bottom > fixed.top - _PAD:
        return replace(moving, top=fixed.top - _PAD - moving.height)
    return moving


def _unclash(labels: list[_Label]) -> list[_Label]:
    """Push labels that would overlap a neighbour further up or down, working outwards from
    3 and 9 o'clock, where labels sit beside the chart and nothing can collide."""
    n = len(labels)
    quarter = [4 * i for i in range(n)]  # compare 4i with n, 2n, 3n: exact quadrants
    chains = [
        ([i for i in range(n) if quarter[i] <= n][::-1], -1),  # 3 o'clock up to 12
        ([i for i in range(n) if 3 * n <= quarter[i]] + [0], -1),  # 9 o'clock up to 12
        ([i for i in range(n) if n <= quarter[i] <= 2 * n], 1),  # 3 o'clock down to 6
        ([i for i in range(n) if 2 * n <= quarter[i] <= 3 * n][::-1], 1),  # 9 down to 6
    ]
    out = list(labels)
    for chain, way in chains:
        for k, i in enumerate(chain):
            for j in chain[:k]:
                out[i] = _clear_of(out[j], out[i], way)
    return out


def _radar_labels(
    labels: Sequence[str],
    values: Sequence[float | None],
    na_suffix: str,
    style: ChartStyle,
    width: float,
    gap: float,
) -> tuple[float, list[_Label]]:
    """The radius and the labels placed around it (tops relative to the centre).

    Labels are wrapped to the room they have when the radius is a quarter of the width, and
    the radius then grows as far as the widest labels allow.
    """
    fs = style.font_size
    dirs = _directions(len(labels))
    r_cap = width / 2 - _MARGIN - 2 * fs
    r_min = min(0.25 * width, r_cap)
    labs = []
    for i, (d, text, v) in enumerate(zip(dirs, labels, values, strict=True)):
        room = max(_label_room(i, len(labels), r_min + gap, width), 3 * fs)
        lines = _wrap(_clean(text), room, fs, keep=na_suffix if v is None else "")
        w = max(_text_width(line, fs) for line in lines)
        labs.append(_Label(lines, _anchor(d[0]), w, len(lines) * _LINE * fs))
    limits = [_radius_limit(lab, d, gap, width) for lab, d in zip(labs, dirs, strict=True)]
    r = max(min([r_cap, *limits]), 0.1 * width)
    placed = []
    for lab, (dx, dy) in zip(labs, dirs, strict=True):
        # The block hangs above its anchor at the top, below it at the bottom and is
        # centred on it at the sides, moving smoothly in between.
        top = (r + gap) * dy - lab.height * (1 - dy) / 2
        placed.append(replace(lab, x=width / 2 + (r + gap) * dx, top=top))
    return r, _unclash(placed)


def _ring_numbers(
    r: float, rings: int, max_value: float, cx: float, cy: float, style: ChartStyle
) -> list[str]:
    """The rings' values along the first axis, thinned out when rings are close."""
    fs = style.font_size * 0.8
    step = max(1, math.ceil(fs * 1.2 / (r / rings)))
    out = []
    for k in range(1, rings + 1):
        if k % step == 0 or k == rings:
            y = cy - r * k / rings + fs * 0.95 + 1
            out.append(_text(cx + 4, y, _fmt(max_value * k / rings), fs, style.text,
                             fill_opacity=0.7, class_="ring-number"))  # fmt: skip
    return out


def _legend(items: list[tuple[str, str]], y: float, width: float, style: ChartStyle) -> list[str]:
    """Swatch and text for each (text, kind) pair, centred on one line at `y`."""
    fs = style.font_size
    sw, sh, pad, spacing = 14.0, 10.0, 5.0, 18.0
    items = [(_cut(t, width / len(items) - 40, fs), kind) for t, kind in items]
    total = sum(sw + pad + _text_width(t, fs) for t, _ in items) + spacing * (len(items) - 1)
    x = (width - total) / 2
    out = []
    for text, kind in items:
        box: dict[str, str | float] = {"x": x, "y": y - sh / 2, "width": sw, "height": sh}
        if kind == "current":
            look: dict[str, str | float] = {"fill": style.current,
                                            "fill_opacity": style.fill_opacity,
                                            "stroke": style.current}  # fmt: skip
        else:
            look = {"fill": "none", "stroke": style.target, "stroke_dasharray": "4 2"}
        out.append(_el("rect", **box, **look, stroke_width=1.5, class_=f"legend-{kind}"))
        out.append(_text(x + sw + pad, y + 0.35 * fs, text, fs, style.text, class_="legend"))
        x += sw + pad + _text_width(text, fs) + spacing
    return out


def _check_radar(
    labels: Sequence[str],
    values: Sequence[float | None],
    target: Sequence[float | None] | None,
    max_value: float,
    rings: int,
    size: int,
) -> None:
    if not 3 <= len(labels) <= 16:
        raise ValueError(f"a radar chart needs 3 to 16 axes, not {len(labels)}")
    if len(values) != len(labels):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
    if target is not None and len(target) != len(labels):
        raise ValueError(f"{len(labels)} labels but {len(target)} target values")
    if not (math.isfinite(max_value) and max_value > 0):
        raise ValueError("max_value must be a positive number")
    if not 1 <= rings <= 20:
        raise ValueError("rings must be between 1 and 20")
    if size < 160:
        raise ValueError("a radar chart needs a size of at least 160")
    _finite("values", values)
    _finite("target", target or [])


def _vertices(
    values: Sequence[float | None], r: float, max_value: float, cx: float, cy: float
) -> list[tuple[float, float]]:
    out = []
    for (dx, dy), v in zip(_directions(len(values)), values, strict=True):
        k = 0.0 if v is None else min(max(v, 0.0), max_value) / max_value
        out.append((cx + r * k * dx, cy + r * k * dy))
    return out


def _points(vertices: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in vertices)


def radar(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    target: Sequence[float | None] | None = None,
    max_value: float = 5.0,
    rings: int = 5,
    size: int = 420,
    style: ChartStyle = ChartStyle(),
    title: str = "",
    legend: tuple[str, str] = ("", ""),
    na_suffix: str = " (N/A)",
) -> str:
    """A radar (spider) chart, e.g. the category levels 0..5 against the next level's needs.

    `size` is the width. Labels are wrapped (and if need be cut) so the chart keeps at
    least half of it, and the height follows the content, so no space is wasted above and
    below when the labels at 3 and 9 o'clock are what limits the radius. Values are clamped
    to 0..max_value. None (a category entirely N/A) is drawn at the centre with no vertex
    dot, and its label ends with `na_suffix`; the module docstring says why.
    """
    _check_radar(labels, values, target, max_value, rings, size)
    fs, width = style.font_size, float(size)
    title_h, body = _title_band(width, title, style)
    gap = fs * 0.6 + 3
    r, labs = _radar_labels(labels, values, na_suffix, style, width, gap)
    cx = width / 2
    cy = _MARGIN + title_h + max(r, *(-lab.top for lab in labs))
    bottom = cy + max(r, *(lab.bottom for lab in labs))

    dirs = _directions(len(labels))
    for k in range(1, rings + 1):
        ring = _points([(cx + r * k / rings * dx, cy + r * k / rings * dy) for dx, dy in dirs])
        body.append(_el("polygon", points=ring, fill="none", stroke=style.grid, stroke_width=1,
                        class_="ring"))  # fmt: skip
    for dx, dy in dirs:
        body.append(_el("line", x1=cx, y1=cy, x2=cx + r * dx, y2=cy + r * dy, stroke=style.grid,
                        stroke_width=1, class_="spoke"))  # fmt: skip

    current = _vertices(values, r, max_value, cx, cy)
    body.append(_el("polygon", points=_points(current), fill=style.current,
                    fill_opacity=style.fill_opacity, stroke=style.current, stroke_width=2,
                    stroke_linejoin="round", class_="current"))  # fmt: skip
    if target is not None:
        body.append(_el("polygon", points=_points(_vertices(target, r, max_value, cx, cy)),
                        fill="none", stroke=style.target, stroke_width=1.75,
                        stroke_dasharray="6 4", stroke_linejoin="round",
                        class_="target"))  # fmt: skip
    body += [
        _el("circle", cx=x, cy=y, r=2.75, fill=style.current, class_="vertex")
        for (x, y), v in zip(current, values, strict=True)
        if v is not None
    ]
    body += _ring_numbers(r, rings, max_value, cx, cy, style)
    for lab, v in zip(labs, values, strict=True):
        faded: dict[str, str | float] = {"fill_opacity": 0.7} if v is None else {}
        body += _text_block(lab.x, cy + lab.top, lab.lines, fs, style.text,
                            text_anchor=lab.anchor, class_="label", **faded)  # fmt: skip

    items = [
        (_clean(legend[0]), "current"),
        (_clean(legend[1]) if target is not None else "", "target"),
    ]
    items = [(t, kind) for t, kind in items if t]
    height = bottom + _MARGIN
    if items:
        body += _legend(items, bottom + gap + fs, width, style)
        height += gap + 2 * fs
    return _document(width, height, style, title, body)


# --- bars -------------------------------------------------------------------------------


def _check_bars(
    labels: Sequence[str],
    values: Sequence[float],
    maxima: Sequence[float],
    target: Sequence[float | None] | None,
    width: int,
    bar_height: int,
) -> None:
    if not labels:
        raise ValueError("a bar chart needs at least one bar")
    if not len(labels) == len(values) == len(maxima):
        raise ValueError(f"{len(labels)} labels, {len(values)} values, {len(maxima)} maxima")
    if target is not None and len(target) != len(labels):
        raise ValueError(f"{len(labels)} labels but {len(target)} target values")
    _finite("values", values)
    _finite("maxima", maxima)
    _finite("target", target or [])
    if any(m < 0 for m in maxima):
        raise ValueError("maxima may not be negative")
    if width < 240:
        raise ValueError("a bar chart needs a width of at least 240")
    if not 6 <= bar_height <= 200:
        raise ValueError("bar_height must be between 6 and 200")


def _share(value: float, maximum: float) -> float:
    return min(max(value / maximum, 0.0), 1.0) if maximum > 0 else 0.0


def _value_x(w: float, bar: tuple[float, float], track_end: float, tick: float | None) -> float:
    """Where the value text starts: after the bar end if there is room, else inside the bar,
    else either side of the target tick -- whichever first keeps clear of the tick."""
    x0, end = bar
    tick_at = math.nan if tick is None else tick

    def clear(x: float) -> bool:
        return not x - 5 <= tick_at <= x + w + 5

    candidates = [end + 6, end - 6 - w, tick_at + 6, tick_at - 6 - w]
    for x in candidates:
        fits_outside = x >= end + 6 and x + w <= track_end
        fits_inside = x >= x0 and x + w <= end - 6
        if (fits_outside or fits_inside) and clear(x):
            return x
    return end + 6 if end + 6 + w <= track_end else max(end - 6 - w, x0)


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    maxima: Sequence[float],
    *,
    target: Sequence[float | None] | None = None,
    width: int = 520,
    bar_height: int = 26,
    style: ChartStyle = ChartStyle(),
    unit: str = "",
    title: str = "",
    decimals: int = 1,
) -> str:
    """Horizontal bars of each area's score out of its own maximum ('305.3 / 400'), because
    areas weigh differently and one shared axis would hide how full each one is.

    A bar is value / maximum (clamped to 0..1) of its track; the text shows the numbers with
    up to `decimals` decimals and `unit` appended as given (include a space if you want
    one). When any value in the chart needs a decimal, every value shows that many, so
    that '224.0 / 400' stands under '227.7 / 400' rather than '224 / 400'. A maximum of
    0 gives an empty track and '—'. A target value draws a tick.
    """
    _check_bars(labels, values, maxima, target, width, bar_height)
    fixed = any(_fmt(v, decimals) != _fmt(v, 0) for v in values)
    fs, w = style.font_size, float(width)
    title_h, body = _title_band(w, title, style)
    label_w = min(14 * fs, 0.42 * w)
    wrapped = [_wrap(_clean(t), label_w, fs) for t in labels]
    lines = max(len(ls) for ls in wrapped)
    pitch = max(float(bar_height), lines * _LINE * fs) + max(8.0, bar_height * 0.45)
    track_x = _MARGIN + label_w + 10
    track_w = w - _MARGIN - track_x
    top = _MARGIN + title_h + 4
    rounding = min(3.0, bar_height / 4)
    ticks = target or [None] * len(labels)
    for i, (text_lines, v, mx, t) in enumerate(zip(wrapped, values, maxima, ticks, strict=True)):
        mid = top + (i + 0.5) * pitch
        bar_y = mid - bar_height / 2
        block = len(text_lines) * _LINE * fs
        body += _text_block(_MARGIN, mid - block / 2, text_lines, fs, style.text, class_="label")
        shape: dict[str, str | float] = {"y": bar_y, "height": bar_height, "rx": rounding}
        body.append(_el("rect", x=track_x, width=track_w, **shape, fill=style.grid,
                        class_="track"))  # fmt: skip
        end = track_x + track_w * _share(v, mx)
        tick = None if t is None or mx <= 0 else track_x + track_w * _share(t, mx)
        if mx > 0:
            body.append(_el("rect", x=track_x, width=end - track_x, **shape, fill=style.current,
                            class_="bar"))  # fmt: skip
            value_text = f"{v:.{max(decimals, 0)}f}" if fixed else _fmt(v, decimals)
            shown = f"{value_text} / {_fmt(mx, decimals)}{unit}"
        else:
            shown = _DASH
        text_w = _text_width(shown, fs) * _BOLD
        x = _value_x(text_w, (track_x, end), track_x + track_w, tick)
        colour = "#ffffff" if x + text_w <= end else style.text
        body.append(_text(x, mid + 0.35 * fs, shown, fs, colour, font_weight="bold",
                          class_="value"))  # fmt: skip
        if tick is not None:
            body.append(_el("line", x1=tick, y1=bar_y - 3, x2=tick, y2=bar_y + bar_height + 3,
                            stroke=style.target, stroke_width=2.5, class_="target"))  # fmt: skip
    return _document(w, top + len(labels) * pitch + _MARGIN, style, title, body)


# --- level badge ------------------------------------------------------------------------


def _arc(c: float, r: float, start_deg: float, end_deg: float) -> str:
    """A path along a circle around (c, c), angles clockwise from 12 o'clock."""

    def at(deg: float) -> str:
        a = math.radians(deg)
        return f"{_n(c + r * math.sin(a))} {_n(c - r * math.cos(a))}"

    large = 1 if end_deg - start_deg > 180 else 0
    return f"M{at(start_deg)} A{_n(r)} {_n(r)} 0 {large} 1 {at(end_deg)}"


def level_badge(
    level: int | None,
    stage: str,
    *,
    max_level: int = 5,
    size: int = 160,
    style: ChartStyle = ChartStyle(),
    caption: str = "Level",
) -> str:
    """The certificate's seal: a ring of `max_level` segments with the first `level` filled,
    so the level reads at a glance before the text does; 'Level 3' in the middle and the
    stage name under it. None (no level reached, or not scored) shows 'Level —' and no
    filled segment; a level outside 0..max_level is a caller's bug and raises ValueError.
    """
    if not 1 <= max_level <= 20:
        raise ValueError("max_level must be between 1 and 20")
    if level is not None and not 0 <= level <= max_level:
        raise ValueError(f"level must be between 0 and {max_level}, not {level}")
    if size < 48:
        raise ValueError("a badge needs a size of at least 48")
    s = float(size)
    c, thick = s / 2, s * 0.075
    ring_r = c - _MARGIN / 2 - thick / 2
    seg = 360 / max_level
    gap = min(6.0, seg * 0.25) if max_level > 1 else 0.0
    body = []
    for i in range(max_level):
        on = i < (level or 0)
        end = (i + 1) * seg - gap / 2 if max_level > 1 else 359.99
        body.append(_el("path", d=_arc(c, ring_r, i * seg + gap / 2, end), fill="none",
                        stroke=style.current if on else style.grid, stroke_width=thick,
                        class_="segment filled" if on else "segment"))  # fmt: skip
    inner_r = ring_r - thick / 2 - s * 0.03
    body.append(_el("circle", cx=c, cy=c, r=inner_r, fill="none", stroke=style.grid,
                    stroke_width=1, class_="rim"))  # fmt: skip

    main = _clean(f"{caption} {_DASH if level is None else level}")
    room = 2 * inner_r * 0.8
    main_fs = min(s * 0.17, room / max(_text_width(main, 1.0) * _BOLD, 0.1))
    stage_fs = min(s * 0.085, main_fs * 0.75)
    # The stage line sits just below the middle, where the circle is still about 1.9 radii
    # wide: 0.95 of `room` leaves a clear margin there and sets 'Intermediate 2' on one
    # line (0.85 wrapped it as 'Intermediate / 2').
    stage_text, stage_room = _clean(stage), room * 0.95
    stage_lines: list[str] = []
    if stage_text:
        # One line if a slightly smaller size fits it ('Intermediate 2'); else wrapped,
        # the size letting the longest word fit whole: a stage name is never cut.
        one_line = stage_room / max(_text_width(stage_text, 1.0), 0.1)
        if one_line >= stage_fs * 0.8:
            stage_fs = min(stage_fs, one_line)
            stage_lines = [stage_text]
        else:
            longest = max(_text_width(t, 1.0) for t in _tokens(stage_text))
            stage_fs = min(stage_fs, stage_room / max(longest, 0.1))
            stage_lines = _wrap(stage_text, stage_room, stage_fs)
    # Level text and stage lines together, centred a little below the middle.
    block = main_fs + len(stage_lines) * stage_fs * 1.4
    base = c - block / 2 + main_fs * 0.85
    body.append(_text(c, base, main, main_fs, style.current, text_anchor="middle",
                      font_weight="bold", class_="level"))  # fmt: skip
    for k, line in enumerate(stage_lines):
        body.append(_text(c, base + stage_fs * (1.55 + 1.25 * k), line, stage_fs, style.text,
                          text_anchor="middle", class_="stage"))  # fmt: skip
    return _document(s, s, style, " · ".join([main, *([_clean(stage)] if stage_lines else [])]),
                     body)  # fmt: skip
