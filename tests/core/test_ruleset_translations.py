"""A rule set's one-language sources read in Korean in a Korean report, through its
``translations``, which are not part of its identity: the shipped rule sets keep the
hash their reports were signed with."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from levelcheck.cli import main
from levelcheck.core.assessment import load_assessment
from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.ruleset import RuleSet
from levelcheck.core.safeyaml import load_yaml_file
from levelcheck.core.service import ScoringService
from levelcheck.core.text import Lang
from levelcheck.report.build import draft_report
from tests.conftest import example_files
from tests.core.test_sources_bilingual import words

HANGUL = re.compile("[가-힣]")
# The identity of the shipped rule sets, as signed into every report made with them. A
# change to what these hashes cover needs a new version, not an edit.
SIGNED = {
    ("ks-default", "1.0.0"): "6ddb34a5bc33a4dac32c68fcf9d0ddae11cfb936fbe21497bba301c414fb62b3",
    ("siri-profile", "1.0.0"): "5db3cb7ef7d056098e6a72ef53f049a19593b7ee95fa9236bf7980f77e534d8d",
}


@pytest.fixture(scope="module")
def service() -> ScoringService:
    return ScoringService(ContentLibrary.load([shipped_dir("questionnaires")]))


def one_language_sources(rs: RuleSet) -> list[str]:
    found = [rs.source, rs.points.source, *(b.source for b in rs.bands)]
    return [s for s in found if isinstance(s, str)]


def shipped_data(name: str) -> dict[str, Any]:
    data = load_yaml_file(shipped_dir("questionnaires") / name).data
    assert isinstance(data, dict)
    return data


def test_the_shipped_rule_sets_keep_the_hash_they_were_signed_with(
    service: ScoringService,
) -> None:
    for (rid, version), digest in SIGNED.items():
        assert service.library.ruleset(rid, version).content_hash == digest


def test_translations_do_not_change_a_rule_sets_hash() -> None:
    data = shipped_data("ks-default.ruleset.yaml")
    assert data["translations"]["ko"]
    without = {k: v for k, v in data.items() if k != "translations"}
    reworded = copy.deepcopy(data)
    first = next(iter(reworded["translations"]["ko"]))
    reworded["translations"]["ko"][first] = "다르게 옮긴 출처"
    hashes = {RuleSet.model_validate(d).content_hash for d in (data, without, reworded)}
    assert hashes == {SIGNED[("ks-default", "1.0.0")]}
    # what the hash does cover still changes it
    moved = copy.deepcopy(data)
    moved["bands"][0]["source"] = "another band source"
    del moved["translations"]
    assert RuleSet.model_validate(moved).content_hash != SIGNED[("ks-default", "1.0.0")]


def test_every_shipped_one_language_source_has_a_korean_reading(
    service: ScoringService,
) -> None:
    for rid, version in SIGNED:
        rs = service.library.ruleset(rid, version)
        sources = one_language_sources(rs)
        assert sources, rid
        for source in sources:
            assert HANGUL.search(rs.source_in(source, "ko")), source
            assert rs.source_in(source, "en") == source
    ks = service.library.ruleset("ks-default", "1.0.0")
    assert len(one_language_sources(ks)) == 7  # the rule set, its points, five bands


def test_a_translation_of_something_that_is_not_a_source_is_one_line_at_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (shipped_dir("questionnaires") / "siri-profile.ruleset.yaml").read_text("utf-8")
    text = text.replace("id: siri-profile", "id: siri-mine")
    text = text.replace("the weakest-link rule is LevelCheck's.\": >-", 'typo": >-')
    own = tmp_path / "mine.ruleset.yaml"
    own.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  ko:") + 1  # the translations themselves
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1, out
    assert out[0].startswith(f"{own}:{line}:3: translations: ko: 'Profile approach")
    assert "is not one of this rule set's one-language sources" in out[0]


def test_a_two_language_source_needs_no_translation() -> None:
    data = shipped_data("ks-default.ruleset.yaml")
    del data["translations"]
    data["points"]["source"] = {"ko": "산업통상자원부 2015", "en": "MOTIE 2015"}
    rs = RuleSet.model_validate(data)
    assert rs.points.source is not None
    assert rs.source_in(rs.points.source, "ko") == "산업통상자원부 2015"
    assert rs.source_in(rs.points.source, "en") == "MOTIE 2015"
    assert rs.source_in(rs.bands[0].source or "", "ko") == rs.bands[0].source  # as written


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_reports_methodology_cites_the_rule_set_in_the_readers_language(
    service: ScoringService, lang: Lang
) -> None:
    a = load_assessment(example_files()[2])
    draft = draft_report(a, service, lang=lang)
    text = words(draft.html)
    rs = service.library.ruleset("ks-default", "1.0.0")
    other: Lang = "en" if lang == "ko" else "ko"
    for source in one_language_sources(rs):
        assert rs.source_in(source, lang) in text
        assert rs.source_in(source, other) not in text
