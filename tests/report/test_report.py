"""Reports: both languages, Korean glyphs present, hostile input prints as text."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from levelcheck.core.assessment import Answer, load_assessment
from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.service import ScoringService
from levelcheck.report.build import build_report, draft_report
from levelcheck.report.errors import ReportError
from levelcheck.report.render import WORD_JOINER, ReportFonts, locate_fonts
from levelcheck.report.theme import Theme
from tests.conftest import example_files

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    f = tmp_path / "t.pdf"
    f.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(f), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())  # lines wrap where the layout wraps them


def pdf_fonts(pdf: bytes, tmp_path: Path) -> str:
    f = tmp_path / "f.pdf"
    f.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(f)], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def service() -> ScoringService:
    return ScoringService(ContentLibrary.load([shipped_dir("questionnaires")]))


@needs_poppler
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(
    "path", example_files()[:2] + example_files()[-1:], ids=lambda p: p.name[:8]
)
def test_examples_render_in_both_languages(
    service: ScoringService, path: Path, lang: str, tmp_path: Path
) -> None:
    a = load_assessment(path)
    report = build_report(a, service, lang=lang, issued=dt.date(2026, 11, 21))  # type: ignore[arg-type]
    assert report.pdf.startswith(b"%PDF-") and report.refused == []
    text = pdf_text(report.pdf, tmp_path)
    assert a.company.name in text
    assert report.cert.number in text
    assert (
        "스마트공장 수준진단 결과 확인서"
        if lang == "ko"
        else "Smart-factory level assessment certificate"
    ) in text
    assert "2029" in text  # valid for three years
    assert "KS X 9001-3" in text  # the 'not the official text' statement
    fonts = pdf_fonts(report.pdf, tmp_path)
    assert "LevelCheck-Sans" in fonts
    assert "Type 3" not in fonts


def test_certificate_number_is_stable(service: ScoringService) -> None:
    a = load_assessment(example_files()[0])
    one = build_report(a, service, lang="ko", issued=dt.date(2026, 11, 21))
    two = build_report(a, service, lang="en", issued=dt.date(2026, 12, 1))
    assert one.cert.number == two.cert.number
    assert one.cert.valid_until == dt.date(2029, 11, 20)


HOSTILE = [
    '<img src="file:///etc/passwd">',
    "<style>@import url(file:///etc/hosts); body{display:none}</style>",
    '<link rel="stylesheet" href="http://example.invalid/x.css">',
    'url("file:///etc/shadow")',
    "{{ 7*7 }} {% raw %}",
]


@needs_poppler
def test_html_and_css_in_user_text_print_as_text_and_load_nothing(
    service: ScoringService, tmp_path: Path
) -> None:
    a = load_assessment(example_files()[1])
    company = a.company.model_copy(update={"name": HOSTILE[0], "site": HOSTILE[1]})
    answers = dict(a.answers)
    first = next(iter(answers))
    answers[first] = answers[first].model_copy(update={"note": " ".join(HOSTILE[1:])})
    hostile = a.model_copy(update={"company": company, "answers": answers})
    report = build_report(hostile, service, lang="en")
    assert report.refused == []  # nothing was even attempted
    assert HOSTILE[0] not in report.html and HOSTILE[1] not in report.html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in report.html
    text = pdf_text(report.pdf, tmp_path)
    assert 'img src="file:///etc/passwd"' in text
    assert "{{ 7*7 }}" in text or "{{ 7*7 }}" in text.replace("\n", " ")
    assert "root:x:0" not in text


def test_a_user_template_is_sandboxed_and_fetches_nothing(
    service: ScoringService, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(shipped_dir("report_templates"), folder)
    template = folder / "report.html.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "</body>",
            '<img src="file:///etc/passwd"><img src="http://example.invalid/p.png">'
            '<link rel="stylesheet" href="../outside.css"></body>',
        ),
        encoding="utf-8",
    )
    (tmp_path / "outside.css").write_text("body { color: red }", encoding="utf-8")
    a = load_assessment(example_files()[0])
    report = build_report(a, service, lang="ko", templates=folder)
    assert sorted(report.refused) == sorted(
        ["file:///etc/passwd", "http://example.invalid/p.png", (tmp_path / "outside.css").as_uri()]
    )
    template.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    with pytest.raises(ReportError, match="template error"):
        build_report(a, service, lang="ko", templates=folder)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{% include "partial.html" %}', "template error: 'partial.html' is not in the template folder"),
        ('{% include "/etc/passwd" %}', "template error: '/etc/passwd' is not in the template folder"),
        ("{% for i in range(100000000) %}{% endfor %}", "template error: Range too big."),
        ('{{ "x" * 100000000 }}', "template error: a string or list of 100,000,000 items is too long"),
        ("{{ [0] * 20000000 }}", "template error: a string or list of 20,000,000 items is too long"),
        ("{{ 2 ** 100000000 }}", "template error: 2 ** 100000000 is too large"),
        ("{{ 1 // 0 }}", "template error: integer division or modulo by zero"),
        ("{% for x in %}", "template error: Expected an expression"),
    ],
)  # fmt: skip
def test_a_user_s_template_mistakes_are_one_line_at_their_place(
    service: ScoringService, tmp_path: Path, line: str, message: str
) -> None:
    """A missing include named report.html.j2 as missing; the sandbox's range limit, a
    division by zero and "x" * 10**8 (750 MB, killed) were tracebacks or ran away."""
    folder = tmp_path / "templates"
    shutil.copytree(shipped_dir("report_templates"), folder)
    template = folder / "report.html.j2"
    text = template.read_text(encoding="utf-8").splitlines()
    text.insert(2, line)
    template.write_text("\n".join(text), encoding="utf-8")
    a = load_assessment(example_files()[0])
    with pytest.raises(ReportError) as err:
        build_report(a, service, lang="ko", templates=folder)
    assert err.value.file == str(template) and err.value.line == 3, (err.value.file, err.value.line)
    assert err.value.message.startswith(message)
    assert "\n" not in str(err.value)


def test_a_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import levelcheck.report.render as render

    monkeypatch.setattr(render, "SYSTEM_FONT_DIRS", ())
    monkeypatch.setenv("LEVELCHECK_FONT_DIR", str(tmp_path))
    monkeypatch.setattr(render, "shipped_dir", lambda name: tmp_path / "none")
    with pytest.raises(ReportError, match=r"the Korean report font NanumGothic\.ttf was not found"):
        locate_fonts()


def test_the_font_is_found() -> None:
    fonts = locate_fonts()
    assert isinstance(fonts, ReportFonts) and fonts.regular.name == "NanumGothic.ttf"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("#1e3a5f", "blue"), r"colors\.primary: 'blue' is not a colour \(#RRGGBB"),
        (('  accent: "#b8860b"', "  # no accent"), r"theme: colors: 'accent' is missing$"),
        (
            ("colors:", "colours:"),
            r"theme: top level: 'colors' is missing; colours: unknown key$",
        ),
        (
            ("logo: logo.svg", "logo: ../../etc/passwd.svg"),
            "the logo must be in the theme's folder",
        ),
        (("logo: logo.svg", "logo: logo.gif"), "must be an SVG, PNG or JPEG"),
        (
            ("format_version: 1", "format_version: 2"),
            r":4:17: written for a newer LevelCheck \(format_version 2\); this version reads "
            r"format_version 1: please update LevelCheck$",
        ),
        (
            ('en: "LevelCheck Smart-Factory Assessment"', f'en: "{"X" * 81}"'),
            r":5:15: theme: organisation: en: at most 80 characters \(the cover holds no more\), "
            r"not 81$",
        ),
    ],
)
def test_bad_themes(tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    src = shipped_dir("report_templates") / "themes"
    shutil.copytree(src, tmp_path / "t")
    theme = tmp_path / "t" / "default.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    with pytest.raises(LevelCheckError, match=message) as err:
        Theme.load(theme)
    assert str(theme) in str(err.value)


def _issuer_row(html: str) -> str:
    """The organisation the cover names in its header and its issuer row (one name
    when both agree), tags and word joiners left out."""
    html = html.replace(WORD_JOINER, "")
    found = re.findall(r'<div class="org-name">(.*?)</div>', html)
    found += re.findall(r"<tr><th>(?:발급 기관|Issued by)</th><td>(.*?)</td></tr>", html)
    names = {re.sub(r"<[^>]+>", "", name) for name in found}
    assert len(found) == 2 and len(names) == 1, found
    return names.pop()


def test_the_cover_names_the_signing_organisation_unless_a_theme_is_given(
    service: ScoringService, tmp_path: Path
) -> None:
    a = load_assessment(example_files()[0])
    default = Theme.load().organisation
    signed = draft_report(a, service, lang="ko", issuer_organisation=" 한빛스마트컨설팅(주) ").html
    assert _issuer_row(signed) == "한빛스마트컨설팅(주)"
    assert default("ko") not in signed.replace(WORD_JOINER, "")
    english = draft_report(a, service, lang="en", issuer_organisation="한빛스마트컨설팅(주)").html
    assert _issuer_row(english) == "한빛스마트컨설팅(주)"  # one name, as the certificate has it
    # no organisation in the key's certificate (or unsigned): the default theme's centre
    assert _issuer_row(draft_report(a, service, lang="en").html) == default("en")
    assert _issuer_row(draft_report(a, service, lang="en", issuer_organisation=" ").html) == (
        default("en")
    )
    # a theme file names the issuer itself, whatever the key says
    shutil.copytree(shipped_dir("report_templates") / "themes", tmp_path / "t")
    theme = tmp_path / "t" / "default.yaml"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(text.replace("LevelCheck Smart-Factory Assessment", "Barun Consulting"),
                     encoding="utf-8")  # fmt: skip
    themed = draft_report(a, service, lang="en", theme_file=theme,
                          issuer_organisation="한빛스마트컨설팅(주)").html  # fmt: skip
    assert _issuer_row(themed) == "Barun Consulting"


def test_a_provisional_result_says_so(service: ScoringService) -> None:
    a = load_assessment(example_files()[0])
    answers = dict(a.answers)
    answers["PRC-QM-03"] = Answer()
    report = build_report(a.model_copy(update={"answers": answers}), service, lang="en")
    assert "Provisional" in report.html and report.plan is None


@needs_poppler
def test_without_harfbuzz_subset_the_prepared_font_is_embedded_whole(
    service: ScoringService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No libharfbuzz-subset0: LevelCheck embeds its cut-down font instead of making
    WeasyPrint subset it with fontTools (a second per report)."""
    a = load_assessment(example_files()[0])
    subset = build_report(a, service, lang="ko", issued=dt.date(2026, 11, 21))
    monkeypatch.setenv("LEVELCHECK_NO_HARFBUZZ_SUBSET", "1")
    whole = build_report(a, service, lang="ko", issued=dt.date(2026, 11, 21))
    assert pdf_text(whole.pdf, tmp_path) == pdf_text(subset.pdf, tmp_path)
    assert "LevelCheck-Sans" in pdf_fonts(whole.pdf, tmp_path)
    assert len(whole.pdf) > len(subset.pdf) + 500_000  # the whole prepared font


def test_a_plan_over_the_stated_budget_says_so(service: ScoringService) -> None:
    from levelcheck.report.build import draft_report

    a = load_assessment(example_files()[0])  # budget 60M KRW; its plan costs more
    assert a.company.budget_krw is not None
    html = draft_report(a, service, lang="en").html
    assert "more than the company&#39;s stated budget of 60.0M KRW" in html
    assert '<th class="num w-money">Sponsor</th>' in html
    ko = draft_report(a, service, lang="ko").html.replace(WORD_JOINER, "")
    assert "회사가 밝힌 예산 6,000만 원보다 큽니다" in ko
    unknown = a.model_copy(update={"company": a.company.model_copy(update={"budget_krw": None})})
    assert "stated budget" not in draft_report(unknown, service, lang="en").html


def test_a_long_company_name_is_set_smaller_not_cut(service: ScoringService) -> None:
    from levelcheck.report.build import draft_report

    a = load_assessment(example_files()[0])
    name = "(주)" + "아주긴이름의정밀금속가공산업" * 8
    long = a.model_copy(update={"company": a.company.model_copy(update={"name": name})})
    html = draft_report(long, service, lang="ko").html.replace(WORD_JOINER, "")
    assert f'<div class="company-name name-xs">{name}</div>' in html  # whole, smaller
    running = html.split('<div class="running">', 1)[1].split("</div>", 1)[0]
    assert running.endswith("…") and name.startswith(running[:-1]) and len(running) < 45
    short = draft_report(a, service, lang="ko").html.replace(WORD_JOINER, "")
    assert f'<div class="company-name"><span class="kw">{a.company.name}</span></div>' in short


def test_a_report_from_an_exported_document_plans_with_its_choices(tmp_path: Path) -> None:
    """The plan choices saved in a document travel in its JSON export, and a report made
    from that JSON plans with them (here: towards Level 5 rather than the next level)."""
    from levelcheck.cli import main
    from levelcheck.core.document import Document
    from levelcheck.core.planning import save_request
    from levelcheck.core.roadmap import PlanRequest

    doc = tmp_path / "a.levelcheck"
    assert main(["import", str(example_files()[1]), "-o", str(doc)]) == 0
    with Document.open(doc) as d:
        save_request(d, PlanRequest(target=5, no_budget=True))
    exported = tmp_path / "a.json"
    assert main(["export", str(doc), "-o", str(exported)]) == 0
    html = tmp_path / "a.html"
    args = ["report", str(exported), "-o", str(tmp_path / "a.pdf"), "--unsigned"]
    assert main([*args, "--lang", "en", "--html", str(html)]) == 0
    text = re.sub(r"<[^>]+>", "", html.read_text(encoding="utf-8"))  # the words, not spans
    assert "Reaching Level 5 (Advanced) takes" in text.replace(WORD_JOINER, "")


def test_a_report_says_what_its_plans_budget_pays_for(tmp_path: Path) -> None:
    """A plan stored with a budget for the company's share: the report says so and
    names the programme that stretches it (one sentence, the CLI's)."""
    from levelcheck.cli import main
    from levelcheck.core.document import Document
    from levelcheck.core.planning import save_request
    from levelcheck.core.roadmap import PlanRequest

    doc = tmp_path / "a.levelcheck"
    assert main(["import", str(example_files()[1]), "-o", str(doc)]) == 0
    with Document.open(doc) as d:
        save_request(d, PlanRequest(budget_krw=40_000_000, budget_basis="own"))
    exported = tmp_path / "a.json"
    assert main(["export", str(doc), "-o", str(exported)]) == 0
    html = tmp_path / "a.html"
    args = ["report", str(exported), "-o", str(tmp_path / "a.pdf"), "--unsigned"]
    assert main([*args, "--lang", "ko", "--html", str(html)]) == 0
    text = re.sub(r"<[^>]+>", "", html.read_text(encoding="utf-8")).replace(WORD_JOINER, "")
    assert "예산: 기업 부담 4,000만 원 이내 — 지원사업(" in text
    assert "사업비 최대 1.0억 원" in text


def test_words_stay_whole_at_a_line_end_and_are_escaped() -> None:
    """The words filter puts each short word in a no-wrap span, so Pango cannot end a
    line inside a Korean word ("(주)바른공정컨 / 설팅"); it escapes like autoescape."""
    from levelcheck.report.render import LONGEST_KEPT_WORD, keep_words

    assert str(keep_words("스마트공장 전문위원 · (주)바른공정컨설팅")) == (
        '<span class="kw">스마트공장</span> <span class="kw">전문위원</span> '
        '<span class="kw">·</span> <span class="kw">(주)바른공정컨설팅</span>'
    )
    assert str(keep_words('<img src="x"> a&b')) == (
        '<span class="kw">&lt;img</span> <span class="kw">src=&#34;x&#34;&gt;</span> '
        '<span class="kw">a&amp;b</span>'
    )
    long = "가" * (LONGEST_KEPT_WORD + 1)  # may wrap, so that it never runs out of its box
    assert str(keep_words(f"{long} 끝")) == f'{long} <span class="kw">끝</span>'


@needs_poppler
def test_a_signers_organisation_is_not_broken_inside_a_word(
    service: ScoringService, tmp_path: Path
) -> None:
    a = load_assessment(example_files()[1])
    people = a.assessment.assessors
    first = people[0].model_copy(update={"organisation": "(주)바른공정컨설팅"})
    info = a.assessment.model_copy(update={"assessors": [first, *people[1:]]})
    signed = a.model_copy(update={"assessment": info})
    f = tmp_path / "r.pdf"
    f.write_bytes(build_report(signed, service, lang="ko").pdf)
    lines = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(f), "-"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert any("(주)바른공정컨설팅" in line for line in lines)


@needs_poppler
def test_the_registration_number_stays_beside_its_label(
    service: ScoringService, tmp_path: Path
) -> None:
    """The English cover had set 'Business registration no.' at a line end and the
    number on the next line."""
    a = load_assessment(example_files()[3])
    f = tmp_path / "r.pdf"
    f.write_bytes(build_report(a, service, lang="en").pdf)
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(f), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert f"Business registration no. {a.company.registration_number}" in text


def test_keep_all_joins_korean_words_and_ids_in_text_only() -> None:
    from levelcheck.report.render import LONGEST_KEPT_WORD, keep_all

    j = WORD_JOINER
    html = (
        "<head><title>진단 결과</title></head>"
        '<p class="w-item">구두로만 (PRC-LG-03-2) &amp;가 2026-10-14</p>'
        "<svg><text>가나</text></svg><style>.a-b { }</style>"
    )
    assert keep_all(html) == (
        "<head><title>진단 결과</title></head>"
        f'<p class="w-item">구{j}두{j}로{j}만 (PRC-{j}LG-{j}03-{j}2) &amp;{j}가 2026-10-14</p>'
        "<svg><text>가나</text></svg><style>.a-b { }</style>"
    )
    long = "가" * (LONGEST_KEPT_WORD + 1)
    assert keep_all(f"<p>{long}·나다</p>") == f"<p>{long}·나{j}다</p>"  # may still wrap
    level = f"<p>Level {j}2{j}({j}기{j}초{j}){j}, Level {j}3</p>"  # a word holding Hangul: whole
    assert keep_all("<p>Level 2(기초), Level 3</p>") == level


@needs_poppler
def test_a_level_s_name_is_not_split_at_a_line_end(tmp_path: Path) -> None:
    """ "Level / 2(기초)" ended a summary line at the space; in a narrow column of such
    names no line now ends in "Level"."""
    from levelcheck.report.fonts import prepared_fonts
    from levelcheck.report.render import FONT_FAMILY, keep_all, write_pdf

    phrases = " ".join(f"수준은 {'가' * (n % 5)} Level {n % 5 + 1}(중간{n % 3})" for n in range(60))
    html = (f'<html><body style="font-family: {FONT_FAMILY}; font-size: 10pt">'
            f'<p style="width: 31mm">{phrases}</p></body></html>')  # fmt: skip
    f = tmp_path / "l.pdf"
    f.write_bytes(write_pdf(keep_all(html), prepared_fonts())[0])
    lines = subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\n")  # fmt: skip
    assert sum("Level" in line for line in lines) > 30
    assert not [line for line in lines if line.rstrip().endswith("Level")]


@needs_poppler
def test_korean_table_text_ends_lines_between_words(
    service: ScoringService, tmp_path: Path
) -> None:
    """The item table of a Korean report broke words between syllables ("구|두로만",
    "바|코드") and ids at hyphens. Every word of every note and descriptor now stands
    whole on one line of the PDF's text."""
    a = load_assessment(example_files()[0])
    f = tmp_path / "r.pdf"
    f.write_bytes(build_report(a, service, lang="ko").pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = {w for answer in a.answers.values() for w in (answer.note or "").split()}
    korean = {w for w in words if re.search("[가-힣]", w) and len(w) <= 16}
    assert len(korean) > 100
    broken = sorted(w for w in korean if w not in text)
    assert not broken, broken[:10]


@needs_poppler
@pytest.mark.parametrize(("example", "lang"), [(2, "ko"), (0, "en")])
def test_tables_stay_inside_the_text_block(
    service: ScoringService, tmp_path: Path, example: int, lang: str
) -> None:
    """The tables' column widths used to leave out the cells' padding, and every table
    ran 13 mm past the right margin, to 4.5 mm from the paper's edge. The English
    'Evidence' heading, one word, must fit its column too."""
    f = tmp_path / "r.pdf"
    a = load_assessment(example_files()[example])
    f.write_bytes(build_report(a, service, lang=lang).pdf)  # type: ignore[arg-type]
    words = subprocess.run(
        ["pdftotext", "-bbox", str(f), "-"], capture_output=True, text=True, check=True
    ).stdout
    right = max(float(x) for x in re.findall(r'xMax="([0-9.]+)"', words))
    a4, margin = 595.28, 18 / 25.4 * 72  # report.css: @page margin 18 mm at the sides
    assert right <= a4 - margin + 0.5


@needs_poppler
@pytest.mark.parametrize(("example", "lang"), [(0, "ko"), (2, "en")])
def test_a_category_heading_never_ends_a_page(
    service: ScoringService, tmp_path: Path, example: int, lang: str
) -> None:
    """'품질관리 — 수준 1.4' sat alone at the foot of a page, its items on the next."""
    f = tmp_path / "r.pdf"
    a = load_assessment(example_files()[example])
    f.write_bytes(build_report(a, service, lang=lang).pdf)  # type: ignore[arg-type]
    heading = re.compile(r"^\s*\S.* — (수준|Level) [0-9.]+\s*$")
    pages = subprocess.run(
        ["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    assert len(pages) > 5
    for number, page in enumerate(pages, 1):
        body = [line for line in page.splitlines() if line.strip()][:-1]  # less "3 / 10"
        assert not (body and heading.match(body[-1])), (number, body[-1])


@needs_poppler
def test_at_the_top_level_the_plan_is_a_sentence_after_the_items(
    service: ScoringService, tmp_path: Path
) -> None:
    """A Level 5 plant has nothing to plan: the one sentence used to take a page of its
    own, and the radar drew a 'next level' ring at its rim."""
    a = load_assessment(example_files()[4])
    draft = draft_report(a, service, lang="ko")
    assert draft.result.level == 5
    radar = draft.html.split('class="chart chart-radar"', 1)[1].split("</svg>", 1)[0]
    assert 'class="target"' not in radar and "다음 수준" not in radar.replace(WORD_JOINER, "")
    f = tmp_path / "r.pdf"
    f.write_bytes(build_report(a, service, lang="ko").pdf)
    pages = subprocess.run(
        ["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    (plan_page,) = [p for p in pages if "수준 향상 로드맵" in p]
    assert re.search(r"PER-KP-0\d", plan_page)  # on the page the item table ends on


@needs_poppler
def test_a_minus_sign_is_set_in_the_report_font(service: ScoringService, tmp_path: Path) -> None:
    """NanumGothic has no U+2212: "Cost −39.2%" took that one glyph from DejaVu Sans."""
    a = load_assessment(example_files()[2])
    draft = draft_report(a, service, lang="en")
    assert "\u2212" in draft.html  # the catalog's effect texts use it
    f = tmp_path / "r.pdf"
    f.write_bytes(build_report(a, service, lang="en").pdf)
    listed = subprocess.run(["pdffonts", str(f)], capture_output=True, text=True, check=True)
    families = {line.split()[0].split("+")[-1] for line in listed.stdout.splitlines()[2:]}
    assert families == {"LevelCheck-Sans", "LevelCheck-Sans-Bold"}


def test_numbers_read_alike_on_every_page(service: ScoringService) -> None:
    """'1,571인일' as '1,000점' (was '1571인일' beside '1000 점'), '5인일' in the table
    as in the headings (was '5 인일')."""
    a = load_assessment(example_files()[2])
    draft = draft_report(a, service, lang="ko")
    assert draft.plan is not None and draft.plan.effort_days >= 1000
    text = re.sub(r"<[^>]+>", "", draft.html).replace(WORD_JOINER, "")
    assert f"약 {draft.plan.effort_days:,}인일" in text and "1,000점" in text
    assert re.search(r"\b\d+ 인일", text) is None and re.search(r"\d{4}인일", text) is None


@needs_poppler
def test_the_closing_notice_is_not_alone_on_the_last_page(
    service: ScoringService, tmp_path: Path
) -> None:
    """The 'modelled on the public structure' box spilled alone onto page 9."""
    f = tmp_path / "r.pdf"
    f.write_bytes(build_report(load_assessment(example_files()[1]), service, lang="ko").pdf)
    last = subprocess.run(
        ["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")[-2]
    lines = [line for line in last.splitlines() if line.strip()][1:-1]  # less header, page
    assert "KS X 9001-3" in last and len(lines) > 2, lines


def _png(width: int, height: int) -> bytes:
    """A plain one-colour PNG (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1e\x3a\x5f" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    )  # fmt: skip


@needs_poppler
def test_a_wide_logo_keeps_its_shape(service: ScoringService, tmp_path: Path) -> None:
    """A consultancy's wide logo is scaled, never squeezed into the square of the
    shipped round one: the PDF places it with the same resolution across and down."""
    src = shipped_dir("report_templates") / "themes"
    shutil.copytree(src, tmp_path / "t")
    (tmp_path / "t" / "wide.png").write_bytes(_png(500, 100))
    theme = tmp_path / "t" / "default.yaml"
    theme.write_text(
        theme.read_text(encoding="utf-8").replace("logo: logo.svg", "logo: wide.png"),
        encoding="utf-8",
    )
    a = load_assessment(example_files()[1])
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(build_report(a, service, lang="ko", theme_file=theme).pdf)
    listing = subprocess.run(
        ["pdfimages", "-f", "1", "-l", "1", "-list", str(pdf)],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    header = listing[0].split()
    logo = [line.split() for line in listing[2:] if line.split()[3:5] == ["500", "100"]]
    assert len(logo) == 1
    x_ppi, y_ppi = (int(logo[0][header.index(k)]) for k in ("x-ppi", "y-ppi"))
    assert x_ppi == y_ppi


@needs_poppler
def test_a_row_taller_than_a_page_starts_where_it_is(
    service: ScoringService, tmp_path: Path
) -> None:
    """Rows are never split across pages, except one that cannot fit on any page: it
    starts right after the row before it instead of leaving that page nearly empty."""
    a = load_assessment(example_files()[1])
    answers = dict(a.answers)
    ids = list(answers)
    before, long_one = ids[1], ids[2]
    note = "시작표지 " + "설비 점검 기록과 작업일보를 대조해 확인한 내용을 적음. " * 90
    answers[long_one] = answers[long_one].model_copy(update={"note": note})
    pdf = tmp_path / "r.pdf"
    report = build_report(a.model_copy(update={"answers": answers}), service, lang="ko")
    pdf.write_bytes(report.pdf)
    assert report.html.count('<tr class="tall">') == 1
    pages = []
    for n in range(1, 12):
        out = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True, text=True,
        )  # fmt: skip
        if out.returncode:
            break
        pages.append(out.stdout)
    start = next(n for n, page in enumerate(pages) if "시작표지" in page)
    assert before in pages[start]


def test_plan_costs_read_as_ranges_as_everywhere_else(service: ScoringService) -> None:
    """The summary sentence and each phase give their cost as the CLI and the app do
    (4,000만~1.2억 원, 81–303M KRW), not as two full amounts (81.0M KRW–303.0M KRW)."""
    from levelcheck.core.roadmap import krw_range
    from levelcheck.report.build import draft_report

    a = load_assessment(example_files()[0])
    for lang in ("ko", "en"):
        draft = draft_report(a, service, lang=lang)  # type: ignore[arg-type]
        assert draft.plan is not None and draft.plan.phases
        text = re.sub(r"<[^>]+>", "", draft.html).replace(WORD_JOINER, "")
        lo, hi = draft.plan.cost_range_krw
        days = draft.plan.effort_days
        assert (f"{days}인일, {krw_range(lo, hi, 'ko')})" if lang == "ko"
                else f"{days} person-days, {krw_range(lo, hi, 'en')})") in text  # fmt: skip
        for p in draft.plan.phases:
            assert f" · {krw_range(p.cost_min_krw, p.cost_max_krw, lang)} · " in text  # type: ignore[arg-type]


def theme_with_logo(tmp_path: Path, name: str, content: bytes) -> Path:
    """A copy of the default theme whose logo is ``name`` holding ``content``."""
    shutil.copytree(shipped_dir("report_templates") / "themes", tmp_path / "t")
    (tmp_path / "t" / name).write_bytes(content)
    theme = tmp_path / "t" / "default.yaml"
    theme.write_text(
        theme.read_text(encoding="utf-8").replace("logo: logo.svg", f"logo: {name}"),
        encoding="utf-8",
    )
    return theme


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"GIF89a not a png", "logo.png is not a PNG image"),
        ("logo.jpg", b"\x89PNG\r\n\x1a\n", "logo.jpg is not a JPEG image"),
        ("logo.svg", b"<html>hello</html>", "logo.svg is not an SVG image"),
    ],
)
def test_a_logo_that_is_not_what_its_name_says_is_a_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    """Before, WeasyPrint left such a logo out of the certificate without a word."""
    theme = theme_with_logo(tmp_path, name, content)
    with pytest.raises(LevelCheckError, match=message) as err:
        Theme.load(theme)
    assert str(theme) in str(err.value)


def png(width: int = 4, height: int = 2) -> bytes:
    """A real (grey) PNG, written chunk by chunk."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + bytes([128] * width) for _ in range(height)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))  # fmt: skip


def jpeg() -> bytes:
    """The segment structure of a baseline JPEG: SOI, APP0, SOF0, SOS, data, EOI."""

    def segment(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + (len(body) + 2).to_bytes(2, "big") + body

    return (b"\xff\xd8" + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + segment(0xC0, b"\x08\x00\x02\x00\x04\x01\x01\x11\x00")
            + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x12\x34\x56" + b"\xff\xd9")  # fmt: skip


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", png()[:-20], "logo.png: the PNG file is cut short"),
        ("logo.png", png()[:45] + bytes([png()[45] ^ 0xFF]) + png()[46:],
         "logo.png: the PNG file is damaged (chunk b'IDAT' fails its check)"),
        ("logo.jpg", jpeg()[:-2], "logo.jpg: the JPEG file is cut short (its end marker is missing)"),
        ("logo.jpg", jpeg()[:30], "logo.jpg: the JPEG file is cut short"),
        ("logo.svg", b"<svg><unclosed", "logo.svg: the SVG is not well-formed XML"),
        ("logo.svg", BOMB, "logo.svg: the SVG declares entities, which a logo does not need"),
    ],
)  # fmt: skip
def test_a_damaged_logo_is_refused_not_left_off_the_certificate(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    """A half-copied PNG or a broken SVG passed the first bytes' check, and the signed
    certificate then had no logo."""
    test_a_logo_that_is_not_what_its_name_says_is_a_clear_error(tmp_path, name, content,
                                                                 re.escape(message))  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", png()),
        ("logo.jpg", jpeg()),
        ("logo.jpg", jpeg() + b"SEFHtrailer"),  # data after the end, as phones write
    ],
)
def test_whole_png_and_jpeg_logos_are_taken(tmp_path: Path, name: str, content: bytes) -> None:
    assert Theme.load(theme_with_logo(tmp_path, name, content)).logo_url is not None


@needs_poppler
def test_a_korean_pdf_cites_the_catalog_and_certificate_sources_in_korean(
    service: ScoringService, tmp_path: Path
) -> None:
    """The 출처 column, the […] after each effect and the methodology's source list
    printed 'Hankyung 2019-05-23 (Ministry of SMEs and Startups study)'."""
    a = load_assessment(example_files()[0])
    text = pdf_text(build_report(a, service, lang="ko").pdf, tmp_path).replace(WORD_JOINER, "")
    for english in ("Hankyung", "Asia Economy", "Edaily", "best-practice", "KBIZ",
                    "Ministry of SMEs", "level-check portal", "front end", "valid 3 years"):  # fmt: skip
        assert english not in text
    for korean in ("중소벤처기업부 연구", "정책브리핑(korea.kr)", "대한상공회의소 우수사례집",
                   "수준확인 확인서 유효기간 3년"):  # fmt: skip
        assert korean in text
