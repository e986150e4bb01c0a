"""SVG charts: structure, geometry, escaping, determinism and self-containment."""

from __future__ import annotations

import ast
import math
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from levelcheck.report import charts
from levelcheck.report.charts import ChartStyle, bars, level_badge, radar

SVG = "{http://www.w3.org/2000/svg}"
KO = ["리더십·전략", "제품개발", "생산계획", "공정관리", "품질관리",
      "설비관리", "물류운영", "정보시스템", "설비자동화·컨트롤", "성과지표"]  # fmt: skip
EN = ["Leadership & strategy", "Product development", "Production planning",
      "Process control", "Quality management", "Equipment management", "Logistics",
      "Information systems", "Equipment automation & control", "Performance KPIs"]  # fmt: skip
AREAS = ["추진전략", "프로세스", "시스템·자동화", "성과"]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def find(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if cls is None or cls in e.get("class", "").split()]


def points(poly: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (p.split(",") for p in poly.get("points", "").split())]


def centre(root: ET.Element) -> tuple[float, float]:
    spoke = find(root, "line", "spoke")[0]
    return float(spoke.get("x1", "")), float(spoke.get("y1", ""))


def outer_radius(root: ET.Element) -> float:
    cx, cy = centre(root)
    return max(math.dist((cx, cy), p) for p in points(find(root, "polygon", "ring")[-1]))


def texts(root: ET.Element, cls: str) -> list[str]:
    return [e.text or "" for e in find(root, "text", cls)]


def sample_charts() -> dict[str, str]:
    return {
        "radar_ko": radar(KO, [3, 2, 4, 3.5, 5, None, 2, 1, 0, 3], target=[4] * 10,
                          title="분야별 수준", legend=("현재 수준", "다음 수준 요건")),
        "radar_en": radar(EN, [1, 2, 3, 4, 5, 4, 3, 2, 1, 0], target=[4] * 10, size=520,
                          title="Levels by category", legend=("Current", "Next level")),
        "bars": bars(AREAS, [70, 305.3, 180.2, 100], [100, 400, 400, 100],
                     target=[80, None, 300, 60], title="영역별 점수", unit="점"),
        "badge": level_badge(3, "중간1", caption="수준"),
        "badge_none": level_badge(None, "—"),
    }  # fmt: skip


# --- radar ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [3, 4, 5, 10, 16])
@pytest.mark.parametrize(("rings", "with_target"), [(5, True), (1, False), (10, True)])
def test_radar_has_one_polygon_per_ring_plus_current_and_target(
    n: int, rings: int, with_target: bool
) -> None:
    labels = [f"Axis {i}" for i in range(n)]
    target = [3.0] * n if with_target else None
    root = parse(radar(labels, [i % 6 for i in range(n)], target=target, rings=rings))
    polygons = find(root, "polygon")
    assert len(polygons) == rings + 1 + with_target
    assert len(find(root, "polygon", "ring")) == rings
    assert len(find(root, "polygon", "current")) == 1
    assert len(find(root, "polygon", "target")) == (1 if with_target else 0)
    assert all(len(points(p)) == n for p in polygons)
    assert len(find(root, "line", "spoke")) == n
    assert len(texts(root, "label")) >= n


def test_radar_vertices_lie_at_their_value_and_are_clamped() -> None:
    values = [5.0, 2.5, 0.0, 7.0, -1.0, 1.25]
    root = parse(radar([f"A{i}" for i in range(6)], values))
    cx, cy = centre(root)
    r = outer_radius(root)
    got = [math.dist((cx, cy), p) / r for p in points(find(root, "polygon", "current")[0])]
    assert got == pytest.approx([1.0, 0.5, 0.0, 1.0, 0.0, 0.25], abs=0.01)


def test_radar_first_axis_at_12_oclock_then_clockwise() -> None:
    root = parse(radar(["N", "E", "S", "W"], [5, 5, 5, 5]))
    cx, cy = centre(root)
    (nx, ny), (ex, ey), (_, sy), (wx, _) = points(find(root, "polygon", "current")[0])
    assert nx == pytest.approx(cx, abs=0.01) and ny < cy
    assert ex > cx and ey == pytest.approx(cy, abs=0.01)
    assert sy > cy and wx < cx


def test_radar_max_value_scales_the_rings() -> None:
    root = parse(radar(["a", "b", "c"], [50, 100, 0], max_value=100, rings=4))
    assert texts(root, "ring-number") == ["25", "50", "75", "100"]
    cx, cy = centre(root)
    first = points(find(root, "polygon", "current")[0])[0]
    assert math.dist((cx, cy), first) == pytest.approx(outer_radius(root) / 2, abs=0.01)


def test_target_polygon_is_dashed_and_unfilled_current_is_filled() -> None:
    style = ChartStyle(current="#112233", target="#445566", fill_opacity=0.25)
    root = parse(radar(KO, [3] * 10, target=[4] * 10, style=style))
    target = find(root, "polygon", "target")[0]
    assert target.get("stroke-dasharray")
    assert target.get("fill") == "none"
    assert target.get("stroke") == "#445566"
    current = find(root, "polygon", "current")[0]
    assert current.get("fill") == "#112233"
    assert current.get("fill-opacity") == "0.25"
    assert current.get("stroke") == "#112233"
    assert not current.get("stroke-dasharray")


def test_none_is_drawn_at_the_centre_without_a_dot_and_marked_in_the_label() -> None:
    values: list[float | None] = [3, None, 4, 2, None]
    root = parse(radar(["생산계획", "설비관리", "Quality", "Logistics", "물류운영"], values))
    cx, cy = centre(root)
    pts = points(find(root, "polygon", "current")[0])
    assert pts[1] == pytest.approx((cx, cy), abs=0.01)
    assert pts[4] == pytest.approx((cx, cy), abs=0.01)
    assert len(find(root, "circle", "vertex")) == 3
    labels = texts(root, "label")
    assert "설비관리 (N/A)" in labels and "물류운영 (N/A)" in labels
    assert "생산계획" in labels and not any("생산계획 (N/A)" in t for t in labels)
    assert len(find(root, "polygon", "current")) == 1


def test_none_target_is_drawn_at_the_centre() -> None:
    root = parse(radar(["a", "b", "c"], [1, 2, 3], target=[4, None, 4]))
    assert points(find(root, "polygon", "target")[0])[1] == pytest.approx(centre(root), abs=0.01)
    assert not any("(N/A)" in t for t in texts(root, "label"))


def test_na_suffix_can_be_translated() -> None:
    root = parse(radar(["가", "나", "다"], [1, None, 3], na_suffix=" (해당없음)"))
    assert "나 (해당없음)" in texts(root, "label")


def test_radar_labels_are_anchored_by_side() -> None:
    root = parse(radar(EN, [3] * 10))
    cx, _ = centre(root)
    anchors = {}
    for t in find(root, "text", "label"):
        x = float(t.get("x", ""))
        side = "middle" if abs(x - cx) < 1 else ("start" if x > cx else "end")
        anchors[t.text] = (side, t.get("text-anchor"))
    assert all(side == anchor for side, anchor in anchors.values()), anchors


LABEL_SETS = {
    "ko": KO,
    "en": EN,
    **{f"long{n}": [f"Category number {i} long name" for i in range(n)] for n in (3, 5, 7, 13, 16)},
}


@pytest.mark.parametrize("labels", list(LABEL_SETS))
@pytest.mark.parametrize(("size", "font_size"), [(200, 11), (420, 11), (640, 11), (420, 16)])
def test_radar_labels_stay_inside_the_picture_and_apart(
    labels: str, size: int, font_size: float
) -> None:
    names = LABEL_SETS[labels]
    n = len(names)
    values: list[float | None] = [None if i % 4 == 1 else i % 6 for i in range(n)]
    style = ChartStyle(font_size=font_size)
    root = parse(radar(names, values, target=[2] * n, title="분야별 수준 " * 5,
                       legend=("현재 수준", "다음 수준 요건"), size=size, style=style))  # fmt: skip
    width, height = float(root.get("width", "")), float(root.get("height", ""))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width == size
    boxes = []
    for t in find(root, "text"):
        x, y, fs = (float(t.get(k, "")) for k in ("x", "y", "font-size"))
        w = charts._text_width(t.text or "", fs)
        left = x - {"start": 0, "middle": w / 2, "end": w}[t.get("text-anchor", "start")]
        assert left >= 0 and left + w <= width, t.text
        assert y - fs >= 0 and y + 0.25 * fs <= height, t.text
        if "label" in t.get("class", ""):
            boxes.append((left, left + w, y - fs, y + 0.2 * fs, t.text))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]
            assert apart, (a, b)


def test_radar_size_gives_the_width_and_the_height_follows_the_content() -> None:
    wide = parse(radar(KO, [3] * 10, size=600))
    assert wide.get("width") == "600"
    assert int(wide.get("height", "")) <= 600
    assert outer_radius(wide) > outer_radius(parse(radar(KO, [3] * 10, size=420)))


def test_radar_legend_has_two_swatches_only_with_texts_and_a_target() -> None:
    both = parse(radar(KO, [3] * 10, target=[4] * 10, legend=("현재", "목표")))
    assert len(find(both, "rect", "legend-current")) == 1
    assert len(find(both, "rect", "legend-target")) == 1
    assert texts(both, "legend") == ["현재", "목표"]
    no_target = parse(radar(KO, [3] * 10, legend=("현재", "목표")))
    assert texts(no_target, "legend") == ["현재"]
    assert find(no_target, "rect", "legend-target") == []
    assert find(parse(radar(KO, [3] * 10, target=[4] * 10)), "rect") == []


# --- bars -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "maximum", "share", "shown"),
    [
        (305.3, 400, 305.3 / 400, "305.3 / 400"),
        (0, 100, 0.0, "0 / 100"),
        (100, 100, 1.0, "100 / 100"),
        (120, 100, 1.0, "120 / 100"),
        (-5, 100, 0.0, "-5 / 100"),
        (12.34, 50.5, 12.34 / 50.5, "12.3 / 50.5"),
    ],
)
def test_bar_width_is_value_over_maximum(
    value: float, maximum: float, share: float, shown: str
) -> None:
    root = parse(bars(["Process"], [value], [maximum]))
    track, bar = find(root, "rect", "track")[0], find(root, "rect", "bar")[0]
    assert float(bar.get("x", "")) == float(track.get("x", ""))
    ratio = float(bar.get("width", "")) / float(track.get("width", ""))
    assert ratio == pytest.approx(share, abs=0.001)
    assert texts(root, "value") == [shown]


def test_bars_are_proportional_to_each_own_maximum() -> None:
    root = parse(bars(AREAS, [50, 200, 100, 25], [100, 400, 400, 100]))
    widths = [float(b.get("width", "")) for b in find(root, "rect", "bar")]
    track = float(find(root, "rect", "track")[0].get("width", ""))
    assert [w / track for w in widths] == pytest.approx([0.5, 0.5, 0.25, 0.25], abs=0.001)
    assert texts(root, "label") == AREAS
    ys = [float(t.get("y", "")) for t in find(root, "rect", "track")]
    assert ys == sorted(ys) and len(set(ys)) == 4


def test_zero_maximum_gives_an_empty_track_and_a_dash() -> None:
    root = parse(bars(["N/A area", "Process"], [0, 10], [0, 20]))
    assert len(find(root, "rect", "track")) == 2
    assert len(find(root, "rect", "bar")) == 1
    assert texts(root, "value") == ["—", "10 / 20"]


def test_bars_unit_decimals_and_target_tick() -> None:
    root = parse(
        bars(AREAS, [70, 305.34, 180, 100], [100, 400, 400, 100], target=[80, None, 300, 150],
             unit="점", decimals=2)
    )  # fmt: skip
    # one value needs decimals, so all show them (see test_bar_values_share_…)
    assert texts(root, "value") == [
        "70.00 / 100점",
        "305.34 / 400점",
        "180.00 / 400점",
        "100.00 / 100점",
    ]
    ticks = find(root, "line", "target")
    assert len(ticks) == 3
    tracks = find(root, "rect", "track")
    x0, w = float(tracks[0].get("x", "")), float(tracks[0].get("width", ""))
    tick_x = [float(t.get("x1", "")) for t in ticks]
    assert tick_x == pytest.approx([x0 + 0.8 * w, x0 + 0.75 * w, x0 + w], abs=0.01)
    assert all(t.get("stroke") == ChartStyle().target for t in ticks)


def test_value_text_keeps_clear_of_the_target_tick() -> None:
    root = parse(bars(["a", "b", "c"], [70, 10, 95], [100, 100, 100], target=[75, 12, 97]))
    for text, tick in zip(find(root, "text", "value"), find(root, "line", "target"), strict=True):
        x, w = float(text.get("x", "")), charts._text_width(text.text or "", 11) * 1.08
        assert not x <= float(tick.get("x1", "")) <= x + w


def test_long_bar_labels_wrap_onto_two_lines() -> None:
    root = parse(bars(["Equipment automation & control of the whole plant floor"], [1], [2]))
    lines = texts(root, "label")
    assert len(lines) == 2
    assert lines[0].startswith("Equipment automation")
    assert lines[1].endswith("…")
    assert all(charts._text_width(line, 11) <= 14 * 11 for line in lines)


# --- badge ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "max_level", "filled", "shown"),
    [(3, 5, 3, "Level 3"), (None, 5, 0, "Level —"), (0, 5, 0, "Level 0"), (5, 5, 5, "Level 5"),
     (1, 1, 1, "Level 1"), (7, 10, 7, "Level 7")],
)  # fmt: skip
def test_badge_fills_level_segments(
    level: int | None, max_level: int, filled: int, shown: str
) -> None:
    root = parse(level_badge(level, "중간1", max_level=max_level))
    assert len(find(root, "path", "segment")) == max_level
    assert len(find(root, "path", "filled")) == filled
    assert texts(root, "level") == [shown]
    assert texts(root, "stage") == ["중간1"]
    assert root.get("width") == root.get("height") == "160"


def test_badge_none_shows_a_dash_and_korean_caption() -> None:
    root = parse(level_badge(None, "ICT 미적용", caption="수준"))
    assert texts(root, "level") == ["수준 —"]
    assert texts(root, "stage") == ["ICT 미적용"]
    assert find(root, "title")[0].text == "수준 — · ICT 미적용"


def test_badge_long_stage_wraps_and_empty_stage_is_left_out() -> None:
    assert len(texts(parse(level_badge(5, "Advanced (smart) factory", size=200)), "stage")) == 2
    assert texts(parse(level_badge(2, "")), "stage") == []


# --- every chart ------------------------------------------------------------------------


def test_labels_and_titles_are_escaped() -> None:
    nasty = "A <b>&amp; \"q\" 's' </svg>"
    svg = radar([nasty, "b", "c"], [1, 2, 3], title=nasty, legend=(nasty, ""))
    root = parse(svg)
    assert find(root, "title")[0].text == nasty
    assert nasty in texts(root, "legend")
    assert "<b>" not in svg and "</svg>" not in svg[:-8]
    assert texts(parse(bars([nasty], [1], [2], unit="<u>", title=nasty)), "value") == ["1 / 2<u>"]
    assert texts(parse(level_badge(1, nasty, caption="<&>")), "level") == ["<&> 1"]


def test_control_characters_are_dropped_so_the_svg_still_parses() -> None:
    root = parse(radar(["a\x00b", "c\x1bd", "e"], [1, 2, 3], title="x\x08y"))
    assert find(root, "title")[0].text == "xy"
    assert {"ab", "cd"} <= set(texts(root, "label"))


def test_korean_text_survives() -> None:
    svg = sample_charts()["radar_ko"]
    labels = texts(parse(svg), "label")
    assert {"제품개발", "정보시스템", "성과지표"} <= set(labels)
    assert find(parse(svg), "title")[0].text == "분야별 수준"
    assert texts(parse(sample_charts()["bars"]), "title") == ["영역별 점수"]


def test_title_element_only_when_a_title_is_given() -> None:
    root = parse(radar(KO, [1] * 10, title="분야별 수준"))
    assert root[0].tag == f"{SVG}title"
    assert texts(root, "title") == ["분야별 수준"]
    assert find(parse(radar(KO, [1] * 10)), "title") == []
    assert find(parse(bars(["a"], [1], [2])), "title") == []


@pytest.mark.parametrize("name", list(sample_charts()))
def test_output_is_deterministic_and_self_contained(name: str) -> None:
    svg = sample_charts()[name]
    assert svg == sample_charts()[name]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')
    lowered = svg.lower()
    for banned in ("href", "<script", "<image", "url(", "foreignobject", "@import", "<style"):
        assert banned not in lowered
    root = parse(svg)
    assert {"viewBox", "width", "height"} <= set(root.attrib)
    numbers = re.findall(r'="(-?[0-9.]+)"', svg) + re.findall(r"-?\d+\.\d+", svg)
    assert all(not re.search(r"\.\d{3}", n) and not n.endswith(".") for n in numbers)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: radar(["a", "b"], [1, 2]), "3 to 16 axes"),
        (lambda: radar(list("abcdefghijklmnopq"), [1] * 17), "3 to 16 axes"),
        (lambda: radar(["a", "b", "c"], [1, 2]), "3 labels but 2 values"),
        (lambda: radar(["a", "b", "c"], [1, 2, 3], target=[1]), "target"),
        (lambda: radar(["a", "b", "c"], [1, 2, 3], max_value=0), "max_value"),
        (lambda: radar(["a", "b", "c"], [1, math.nan, 3]), "finite"),
        (lambda: radar(["a", "b", "c"], [1, 2, 3], rings=0), "rings"),
        (lambda: radar(["a", "b", "c"], [1, 2, 3], size=100), "size"),
        (lambda: bars(["a", "b"], [1], [2, 2]), "2 labels, 1 values, 2 maxima"),
        (lambda: bars([], [], []), "at least one"),
        (lambda: bars(["a"], [1], [-1]), "negative"),
        (lambda: bars(["a"], [1], [2], target=[1, 2]), "target"),
        (lambda: bars(["a"], [math.inf], [2]), "finite"),
        (lambda: level_badge(6, "x"), "between 0 and 5"),
        (lambda: level_badge(-1, "x"), "between 0 and 5"),
        (lambda: level_badge(1, "x", max_level=0), "max_level"),
        (lambda: ChartStyle(current="blue"), "#rrggbb"),
        (lambda: ChartStyle(text="#12345"), "#rrggbb"),
        (lambda: ChartStyle(font_family="x; background:url(http://e/x)"), "font list"),
        (lambda: ChartStyle(fill_opacity=2), "fill_opacity"),
    ],
)
def test_bad_input_raises_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_font_family_with_quotes_is_kept_and_escaped() -> None:
    style = ChartStyle(font_family="'Noto Sans KR', \"NanumGothic\", sans-serif")
    root = parse(level_badge(2, "기초", style=style))
    assert root.get("font-family") == "'Noto Sans KR', \"NanumGothic\", sans-serif"


# --- text helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "keep", "lines"),
    [
        ("정보시스템", 200, "", ["정보시스템"]),
        ("설비자동화·컨트롤", 70, "", ["설비자동화·", "컨트롤"]),
        ("Equipment automation & control", 130, "", ["Equipment automation", "& control"]),
        ("one two three four five six", 60, "", ["one two", "three fo…"]),
        ("Supercalifragilisticexpialidocious", 80, "", ["Supercalifr…"]),
        ("품질관리시스템고도화전략수립", 80, "", ["품질관리시스…"]),
        ("설비관리", 200, " (N/A)", ["설비관리 (N/A)"]),
        ("Equipment management", 130, " (N/A)", ["Equipment", "management (N/A)"]),
        ("a b c d e f g h i j k l", 60, " (N/A)", ["a b c d e f", "g… (N/A)"]),
        ("Equipment automation & control", 100, " (N/A)", ["Equipment", "automati… (N/A)"]),
        ("", 100, "", [""]),
    ],
)
def test_wrap(text: str, width: float, keep: str, lines: list[str]) -> None:
    got = charts._wrap(text, width, 11, keep=keep)
    assert got == lines
    assert len(got) <= 2
    assert all(charts._text_width(line, 11) <= width for line in got)


def test_module_uses_the_standard_library_only() -> None:
    tree = ast.parse(Path(charts.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert not installed")
def test_charts_render_with_librsvg(tmp_path: Path) -> None:
    for name, svg in sample_charts().items():
        src = tmp_path / f"{name}.svg"
        src.write_text(svg, encoding="utf-8")
        png = tmp_path / f"{name}.png"
        subprocess.run(["rsvg-convert", "-o", str(png), str(src)], check=True, timeout=60)
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("stage", ["Intermediate 2", "Intermediate 1", "고도화", "중간2", "Basic"])
def test_badge_never_cuts_a_stage_name(stage: str) -> None:
    shown = texts(parse(level_badge(4, stage)), "stage")
    assert " ".join(shown) == stage and "…" not in "".join(shown)


@pytest.mark.parametrize("stage", ["Intermediate 2", "Intermediate 1", "Advanced", "중간2"])
def test_badge_sets_a_stage_name_on_one_line_inside_the_ring(stage: str) -> None:
    """'Intermediate 2' read 'Intermediate / 2' on the English cover. One line, and the
    line's ends (estimated as the chart sizes text) lie inside the inner circle."""
    root = parse(level_badge(4, stage))
    (line,) = find(root, "text", "stage")
    assert line.text == stage
    (rim,) = find(root, "circle", "rim")
    c, r = float(rim.get("cx", "")), float(rim.get("r", ""))
    fs, y = float(line.get("font-size", "")), float(line.get("y", ""))
    half = charts._text_width(stage, fs) / 2
    for dy in (y - c, y - c - fs):  # the baseline and the top of the letters
        assert half**2 + dy**2 < (r - 2) ** 2


def test_bar_values_share_one_number_of_decimals() -> None:
    root = parse(bars(["A", "B", "C"], [227.7, 224, 55], [400, 400, 100]))
    assert texts(root, "value") == ["227.7 / 400", "224.0 / 400", "55.0 / 100"]
    whole = parse(bars(["A", "B"], [224, 55], [400, 100]))
    assert texts(whole, "value") == ["224 / 400", "55 / 100"]
