"""Catalog and certificate sources in the reader's language: a Korean report, plan or
CLI table names 한국경제, an English one Hankyung; a plain string still works, and a
malformed source is one line naming the file and line."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from levelcheck.cli import main
from levelcheck.core.assessment import load_assessment
from levelcheck.core.catalog import Catalog, KpiEffect, Programme
from levelcheck.core.citation import SOURCE_SHAPE
from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.plan_text import plan_lines
from levelcheck.core.roadmap import Planner, PlanRequest, UpgradePlan
from levelcheck.core.service import ScoringService
from levelcheck.core.text import Lang, Text
from levelcheck.report.build import draft_report
from levelcheck.report.render import WORD_JOINER
from levelcheck.report.theme import ReportStrings
from tests.conftest import example_files, mini_catalog_doc, mini_questionnaire, t, write_yaml

HANGUL = re.compile("[가-힣]")


@pytest.fixture(scope="module")
def service() -> ScoringService:
    return ScoringService(ContentLibrary.load([shipped_dir("questionnaires")]))


@pytest.fixture(scope="module")
def catalog(service: ScoringService) -> Catalog:
    q = service.library.questionnaire("ks-smart-factory", "1.0.0")
    return service.library.catalog_for(q)


def cited(catalog: Catalog) -> list[Programme | KpiEffect]:
    return [*catalog.programmes, *catalog.kpi_effects]


def english_sources(catalog: Catalog) -> set[str]:
    out = {s.source_in("en") for s in cited(catalog)}
    out.add(ReportStrings.load().certificate.source_in("en"))
    return out


def korean_sources(catalog: Catalog) -> set[str]:
    out = {s.source_in("ko") for s in cited(catalog)}
    out.add(ReportStrings.load().certificate.source_in("ko"))
    return out


def words(report_html: str) -> str:
    """The report's text as a reader sees it: no tags, no joiners, entities decoded."""
    text = re.sub(r"<[^>]+>", " ", report_html.replace(WORD_JOINER, ""))
    return " ".join(html.unescape(text).split())


def plan_for(service: ScoringService, catalog: Catalog, example: int) -> UpgradePlan:
    a = load_assessment(example_files()[example])
    planner = Planner(service.scorer(service.ruleset_for(a)), catalog)
    return planner.plan(a.answers, a.company, PlanRequest(no_budget=True))


# --- the model ---------------------------------------------------------------------------


def test_a_source_is_a_string_or_a_pair_and_is_read_in_the_readers_language() -> None:
    base = {"id": "p", "name": t("p"), "track": "government", "year": 2022,
            "confidence": "sourced"}  # fmt: skip
    plain = Programme.model_validate({**base, "source": "Hankyung 2021-12-27"})
    assert plain.source_in("ko") == plain.source_in("en") == "Hankyung 2021-12-27"
    pair = Programme.model_validate(
        {**base, "source": {"ko": "한국경제 2021-12-27", "en": "Hankyung 2021-12-27"}}
    )
    assert pair.source == Text(ko="한국경제 2021-12-27", en="Hankyung 2021-12-27")
    assert pair.source_in("ko") == "한국경제 2021-12-27"
    assert pair.source_in("en") == "Hankyung 2021-12-27"
    for bad in ("", "  ", {"ko": "한국경제"}, {"ko": "한국경제", "en": " "}, ["a"], 3):
        with pytest.raises(ValidationError) as info:
            Programme.model_validate({**base, "source": bad})
        errors = info.value.errors()  # one error, not one per member of the union
        assert [(e["loc"], e["msg"]) for e in errors] == [
            (("source",), f"Value error, {SOURCE_SHAPE}")
        ], bad


def test_every_shipped_source_is_in_both_languages(catalog: Catalog) -> None:
    sources = [*(s.source for s in cited(catalog)), ReportStrings.load().certificate.source]
    assert len(sources) == len(catalog.programmes) + len(catalog.kpi_effects) + 1 > 20
    for source in sources:
        assert isinstance(source, Text), source
        assert HANGUL.search(source.ko) and not HANGUL.search(source.en), source
        assert source.ko != source.en
    # dates are kept as they are, in both languages
    for source in sources:
        assert isinstance(source, Text)
        assert re.findall(r"\d{4}(?:-\d\d-\d\d)?", source.ko) == re.findall(
            r"\d{4}(?:-\d\d-\d\d)?", source.en
        ), source


# --- levelcheck validate ---------------------------------------------------------------

CATALOG_WITH_SOURCES = """\
programmes:
  - id: plain
    name: {ko: 가, en: a}
    track: government
    year: 2022
    source: "korea.kr 2022-06-28"
    confidence: sourced
  - id: no-english
    name: {ko: 가, en: a}
    track: government
    year: 2022
    source: {ko: "한국경제 2021-12-27"}
    confidence: sourced
  - id: empty
    name: {ko: 가, en: a}
    track: government
    year: 2022
    source: ""
    confidence: sourced
kpi_effects:
  - id: pair
    scope: {ko: 가, en: a}
    change_pct: 10
    year: 2019
    source: {ko: "한국경제 2019-05-23", en: "Hankyung 2019-05-23"}
    confidence: sourced
  - id: blank-korean
    scope: {ko: 가, en: a}
    change_pct: 10
    year: 2019
    source: {ko: " ", en: "Hankyung 2019-05-23"}
    confidence: sourced
"""


def test_validate_names_the_file_and_line_of_a_malformed_source(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_yaml(tmp_path / "q.yaml", mini_questionnaire())
    head = write_yaml(tmp_path / "c.yaml", mini_catalog_doc([])).read_text(encoding="utf-8")
    cat = tmp_path / "c.yaml"
    cat.write_text(head + CATALOG_WITH_SOURCES, encoding="utf-8")
    text = cat.read_text(encoding="utf-8").splitlines()
    at = {line.strip(): n for n, line in enumerate(text, 1)}
    expected = {
        "no-english": at['source: {ko: "한국경제 2021-12-27"}'],
        "empty": at['source: ""'],
        "blank-korean": at['source: {ko: " ", en: "Hankyung 2019-05-23"}'],
    }
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(expected), out  # one line per mistake, none for good sources
    for ident, line in expected.items():
        kind = "kpi_effects" if ident == "blank-korean" else "programmes"
        assert any(
            row.startswith(f"{cat}:{line}:") and f"{kind}[{ident}].source: {SOURCE_SHAPE}" in row
            for row in out
        ), (ident, line, out)


def test_validate_passes_the_shipped_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0, capsys.readouterr()


# --- where sources are printed ---------------------------------------------------------


@pytest.mark.parametrize("example", [0, 1])
def test_a_korean_report_cites_its_sources_in_korean(
    service: ScoringService, catalog: Catalog, example: int
) -> None:
    a = load_assessment(example_files()[example])
    draft = draft_report(a, service, lang="ko")
    plan = draft.plan
    assert plan is not None and plan.reachable
    assert [o for o in plan.offers if o.eligible] and plan.kpi_effects
    text = words(draft.html)
    leaked = sorted(s for s in english_sources(catalog) if s in text)
    assert leaked == []
    shown = [o.programme.source_in("ko") for o in plan.offers if o.eligible]
    shown += [e.source_in("ko") for e, _ in plan.kpi_effects]
    shown.append(ReportStrings.load().certificate.source_in("ko"))
    for source in shown:
        assert source in text, source


@pytest.mark.parametrize("example", [0, 1])
def test_an_english_report_cites_its_sources_in_english(
    service: ScoringService, catalog: Catalog, example: int
) -> None:
    a = load_assessment(example_files()[example])
    draft = draft_report(a, service, lang="en")
    assert draft.plan is not None and draft.plan.kpi_effects
    text = words(draft.html)
    assert sorted(s for s in korean_sources(catalog) if s in text) == []
    for e, _ in draft.plan.kpi_effects:
        assert e.source_in("en") in text


@pytest.mark.parametrize(("lang", "other"), [("ko", "en"), ("en", "ko")])
def test_the_plan_text_cites_sources_in_its_language(
    service: ScoringService, catalog: Catalog, lang: Lang, other: Lang
) -> None:
    plan = plan_for(service, catalog, 0)
    text = "\n".join(plan_lines(plan, "회사", lang))
    assert "[" in text and plan.kpi_effects
    for e, _ in plan.kpi_effects[:6]:
        assert f"[{e.source_in(lang)}, {e.year}," in text
        assert e.source_in(other) not in text


def test_the_roadmap_command_cites_sources_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], catalog: Catalog
) -> None:
    example = str(example_files()[0])
    assert main(["roadmap", example, "--lang", "ko", "--no-budget"]) == 0
    ko = capsys.readouterr().out
    assert "한국경제 2019-05-23 (중소벤처기업부 연구)" in ko
    assert sorted(s for s in english_sources(catalog) if s in ko) == []
    assert main(["roadmap", example, "--lang", "en", "--no-budget"]) == 0
    en = capsys.readouterr().out
    assert "Hankyung 2019-05-23 (Ministry of SMEs and Startups study)" in en
    assert sorted(s for s in korean_sources(catalog) if s in en) == []


def test_roadmap_json_keeps_source_as_the_english_text_and_adds_both(
    capsys: pytest.CaptureFixture[str], catalog: Catalog
) -> None:
    example = str(example_files()[1])
    assert main(["roadmap", example, "--format", "json", "--no-budget"]) == 0
    d = json.loads(capsys.readouterr().out)
    by_id: dict[str, Programme | KpiEffect] = {s.id: s for s in cited(catalog)}
    entries = [*d["programmes"], *d["kpi_effects"]]
    assert d["programmes"] and d["kpi_effects"]
    for entry in entries:
        cited_by = by_id[entry["id"]]
        assert entry["source"] == cited_by.source_in("en")
        assert entry["source_text"] == {"ko": cited_by.source_in("ko"), "en": entry["source"]}
