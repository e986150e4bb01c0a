"""JSON <-> .levelcheck: lossless round trips, anonymous samples."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from levelcheck.core.assessment import load_assessment
from levelcheck.core.content import ContentLibrary
from levelcheck.core.document import Document
from levelcheck.core.interchange import export_json, import_json, scrubbed
from levelcheck.core.service import ScoringService
from tests.conftest import example_files, load_json


def with_evidence_files(source: Path, target: Path) -> Path:
    """An example with real evidence bytes, an N/A and an evidence-only answer."""
    doc = load_json(source)
    first = next(iter(doc["answers"]))
    doc["answers"][first]["evidence"] = [
        {
            "name": "현장사진.jpg",
            "media_type": "image/jpeg",
            "taken_at": "2026-10-14T10:31:00+09:00",
            "data": base64.b64encode(bytes(range(256)) * 40).decode(),
            "size": 10240,
            "sha256": "",
        }
    ]
    doc["answers"]["SYS-IS-04"] = {"na": True, "justification": "설계 기능 없음"}
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


@pytest.mark.parametrize("source", example_files(), ids=[f.name for f in example_files()])
def test_round_trip_is_lossless(tmp_path: Path, source: Path) -> None:
    start = with_evidence_files(source, tmp_path / "start.json")
    import_json(start, tmp_path / "a.levelcheck")
    export_json(tmp_path / "a.levelcheck", tmp_path / "back.json")
    original = load_assessment(start).model_dump(mode="json")
    back = load_assessment(tmp_path / "back.json").model_dump(mode="json")
    # the document fills in what the JSON left out: sizes and hashes of evidence files
    for answers in (original["answers"], back["answers"]):
        for ans in answers.values():
            for e in ans["evidence"]:
                if e["data"] is not None:
                    e["size"] = e["sha256"] = None
    assert back == original
    # and a second trip changes nothing at all
    import_json(tmp_path / "back.json", tmp_path / "b.levelcheck")
    export_json(tmp_path / "b.levelcheck", tmp_path / "again.json")
    assert load_json(tmp_path / "again.json") == load_json(tmp_path / "back.json")


def test_no_evidence_keeps_the_list_without_files(tmp_path: Path) -> None:
    start = with_evidence_files(example_files()[0], tmp_path / "start.json")
    import_json(start, tmp_path / "a.levelcheck")
    a = export_json(tmp_path / "a.levelcheck", tmp_path / "out.json", evidence=False)
    photos = [e for ans in a.answers.values() for e in ans.evidence if e.name == "현장사진.jpg"]
    assert len(photos) == 1 and photos[0].data is None and photos[0].size == 10240


def test_scrub_removes_people_and_free_text_but_keeps_the_ratings(
    tmp_path: Path, shipped: ContentLibrary
) -> None:
    source = example_files()[1]
    original = load_assessment(source)
    clean = scrubbed(original)
    text = clean.model_dump_json()
    assert original.company.name not in text
    for person in [*original.company.contacts, *original.assessment.assessors]:
        assert person.name not in text
    assert all(a.note == "" for a in clean.answers.values())
    assert all(
        e.data is None and e.name.startswith("evidence-")
        for a in clean.answers.values()
        for e in a.evidence
    )
    assert all(a.justification == "(removed)" for a in clean.answers.values() if a.na)
    service = ScoringService(shipped)
    assert service.score(clean).to_dict() == service.score(original).to_dict()


def test_export_refuses_to_overwrite(tmp_path: Path) -> None:
    import_json(example_files()[0], tmp_path / "a.levelcheck")
    (tmp_path / "out.json").write_text("keep me", encoding="utf-8")
    from levelcheck.core.errors import LevelCheckError

    with pytest.raises(LevelCheckError, match="already exists"):
        export_json(tmp_path / "a.levelcheck", tmp_path / "out.json")
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == "keep me"


def test_a_document_scores_like_its_json(tmp_path: Path, shipped: ContentLibrary) -> None:
    service = ScoringService(shipped)
    for source in example_files():
        target = tmp_path / (source.stem + ".levelcheck")
        import_json(source, target)
        with Document.open(target, readonly=True) as doc:
            assert doc.to_assessment().company == load_assessment(source).company
        assert service.score_file(target)[1].to_dict() == service.score_file(source)[1].to_dict()


def test_what_export_writes_with_evidence_import_can_read() -> None:
    """One evidence file of the largest size a document takes, in base64, fits."""
    from levelcheck.core.assessment import MAX_ASSESSMENT_BYTES
    from levelcheck.core.document import DEFAULT_MAX_EVIDENCE_BYTES

    assert MAX_ASSESSMENT_BYTES > 2 * (DEFAULT_MAX_EVIDENCE_BYTES * 4 // 3)


def test_export_refuses_a_json_import_would_refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Larger than the reading limit: nothing written, --no-evidence suggested; without
    the files the same document exports."""
    import levelcheck.core.interchange as interchange
    from levelcheck.core.errors import LevelCheckError

    import_json(with_evidence_files(example_files()[0], tmp_path / "ev.json"),
                tmp_path / "ev.levelcheck")  # fmt: skip
    export_json(tmp_path / "ev.levelcheck", tmp_path / "probe.json", evidence=False)
    # room for the JSON without its files, not for the 13.6 KiB of base64 evidence
    limit = (tmp_path / "probe.json").stat().st_size + 1024
    monkeypatch.setattr(interchange, "MAX_ASSESSMENT_BYTES", limit)
    with pytest.raises(LevelCheckError, match="use --no-evidence") as err:
        export_json(tmp_path / "ev.levelcheck", tmp_path / "out.json")
    assert "more than the" in str(err.value) and not (tmp_path / "out.json").exists()
    export_json(tmp_path / "ev.levelcheck", tmp_path / "out.json", evidence=False)
    assert load_assessment(tmp_path / "out.json").company.name


def test_import_never_replaces_its_source_or_an_open_document(tmp_path: Path) -> None:
    from levelcheck.core.errors import LevelCheckError

    source = tmp_path / "a.json"
    source.write_bytes(example_files()[0].read_bytes())
    with pytest.raises(LevelCheckError, match="the output would replace the input"):
        import_json(source, source, overwrite=True)
    assert source.read_bytes() == example_files()[0].read_bytes()
    import_json(source, tmp_path / "a.levelcheck")
    with pytest.raises(LevelCheckError, match=r"already exists \(use --force"):
        import_json(source, tmp_path / "a.levelcheck")
    with Document.open(tmp_path / "a.levelcheck") as doc:
        with pytest.raises(LevelCheckError, match="open for editing in another"):
            import_json(example_files()[1], tmp_path / "a.levelcheck", overwrite=True)
        doc.set_answer(next(iter(doc.to_assessment().answers)), level=1)  # still its file


def test_import_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.levelcheck"
    import_json(example_files()[0], real)
    link = tmp_path / "link.levelcheck"
    link.symlink_to(real)
    import_json(example_files()[1], link, overwrite=True)
    assert link.is_symlink()
    with Document.open(real, readonly=True) as doc:
        assert doc.to_assessment().company == load_assessment(example_files()[1]).company


def test_plan_choices_travel_with_an_exported_document(tmp_path: Path) -> None:
    """`roadmap --save` choices are part of the document: export keeps them (scrubbed
    too: they say nothing about the company), import restores them, and planning or a
    report from the exported JSON starts from them."""
    from levelcheck.core.planning import load_request, plan_for_file, save_request
    from levelcheck.core.roadmap import PlanRequest

    import_json(example_files()[2], tmp_path / "a.levelcheck")
    chosen = PlanRequest(target=5, optimize="cost", no_budget=True,
                         dropped=frozenset({"SYS-AC-04-5"}))  # fmt: skip
    with Document.open(tmp_path / "a.levelcheck") as doc:
        save_request(doc, chosen)
    for scrub in (False, True):
        out = tmp_path / f"out-{scrub}.json"
        export_json(tmp_path / "a.levelcheck", out, scrub=scrub)
        assert load_json(out)["plan"]["request"]["dropped"] == ["SYS-AC-04-5"]
        back = tmp_path / f"back-{scrub}.levelcheck"
        import_json(out, back)
        with Document.open(back, readonly=True) as doc:
            assert load_request(doc) == chosen
        plan, _ = plan_for_file(out)
        assert plan.target == 5 and plan.request == chosen
        assert "SYS-AC-04-5" not in {c.action.id for c in plan.changes}
