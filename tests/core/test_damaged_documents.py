"""Damaged, hand-edited, old and unclosed ``.levelcheck`` documents, and ``import``
(review fuzz7, findings 1, 2, 3, 4, 6 and 9): one line each, never a traceback, the
same verdict from every command, nothing written beside the user's file."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from levelcheck.core import errors as errors_module
from levelcheck.core.document import Document, check_header
from levelcheck.core.errors import DocumentError, LevelCheckError
from levelcheck.core.interchange import export_json, import_json, read_assessment
from levelcheck.core.planning import plan_for_file
from levelcheck.core.service import ScoringService
from tests.conftest import EXAMPLES, load_json

EXAMPLE = EXAMPLES / "02-level2-hanmoru-precision.json"


@pytest.fixture(scope="module")
def service() -> ScoringService:
    return ScoringService.installed()


@pytest.fixture
def good(tmp_path: Path, service: ScoringService) -> Path:
    path = tmp_path / "good.levelcheck"
    import_json(EXAMPLE, path)
    return path


def sql(path: Path, script: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(script)
    finally:
        conn.close()


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# --- finding 1: stored plan choices ---------------------------------------------------


def test_plan_value_that_is_not_json_is_one_line_in_every_command(good: Path) -> None:
    sql(good, "INSERT INTO plan VALUES ('target', '{{{');")
    expected = "the file is damaged (plan.target is not JSON)"
    with Document.open(good, readonly=True) as doc, pytest.raises(DocumentError) as plan:
        doc.plan()
    assert str(plan.value) == f"{good}: {expected}"
    with pytest.raises(DocumentError, match=r"plan\.target is not JSON"):
        plan_for_file(good)
    with pytest.raises(DocumentError, match=r"plan\.target is not JSON"):
        export_json(good, good.with_name("out.json"))
    assert not good.with_name("out.json").exists()


@pytest.mark.parametrize(
    ("stored", "where"),
    [
        ('"effort"', "plan.request: not an object"),
        ('{"target": "four"}', "plan.request.target: must be a whole number"),
        ('{"target": 40}', "plan.request.target: must be a level from 1 to 9"),
        ('{"target": -1}', "plan.request.target: must be a level from 1 to 9"),
        ('{"budget_krw": -5}', "plan.request.budget_krw: must be a whole number"),
        ('{"pinned": 5}', "plan.request.pinned: must be a list of action ids"),
        ('{"dropped": [1, 2]}', "plan.request.dropped: must be a list of action ids"),
        ('{"no_budget": "yes"}', "plan.request.no_budget: must be true or false"),
    ],
)
def test_plan_choices_of_the_wrong_shape_are_a_damaged_file(
    good: Path, stored: str, where: str
) -> None:
    sql(good, f"INSERT INTO plan VALUES ('request', '{stored}');")
    with pytest.raises(DocumentError) as caught:
        plan_for_file(good)
    assert str(caught.value).startswith(f"{good}: the file is damaged ({where}")


def test_plan_choices_of_the_wrong_shape_in_json_name_the_file(tmp_path: Path) -> None:
    data = load_json(EXAMPLE)
    data["plan"] = {"request": {"pinned": "PRC-PP-02-2"}}
    source = tmp_path / "a.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LevelCheckError) as caught:
        plan_for_file(source)
    assert str(caught.value) == f"{source}: plan.request.pinned: must be a list of action ids"


# --- finding 2: roadmap --save on an old document -------------------------------------


def make_old(path: Path) -> None:
    sql(path, "ALTER TABLE answers DROP COLUMN strength; ALTER TABLE evidence DROP COLUMN "
              "taken_at; DROP TABLE plan; PRAGMA user_version = 1;")  # fmt: skip
    assert check_header(path) == 1


def test_save_into_an_old_document_makes_one_copy_and_says_so(good: Path) -> None:
    old = good.with_name("old.levelcheck")
    good.rename(old)
    make_old(old)
    before = old.read_bytes()
    notes: list[str] = []
    plan_for_file(old, target=4, save=True, notes=notes)
    copy = old.with_name("old.migrated.levelcheck")
    assert notes == [
        f"{old} is from an older LevelCheck: the choices were saved in its upgraded copy "
        f"{copy}; use that file from now on"
    ]
    with Document.open(copy, readonly=True) as doc:
        assert doc.plan()["request"]["target"] == 4
    with pytest.raises(DocumentError) as again:
        plan_for_file(old, target=3, save=True, notes=notes)
    assert str(again.value) == (
        f"{old}: is from an older LevelCheck and was upgraded before into {copy}; "
        "use that file from now on"
    )
    assert beside(old) == ["old.levelcheck", "old.migrated.levelcheck"]
    assert old.read_bytes() == before
    with Document.open(copy, readonly=True) as doc:
        assert doc.plan()["request"]["target"] == 4  # the refused run changed nothing


def test_the_app_still_migrates_an_old_document_on_each_open(good: Path) -> None:
    make_old(good)
    for expected in ("good.migrated.levelcheck", "good.migrated-2.levelcheck"):
        with Document.open(good) as doc:
            assert doc.path.name == expected
            assert doc.migrated_from == good


# --- finding 3 and 9: damaged pages ---------------------------------------------------


def zero_page(source: Path, target: Path, page: int) -> Path:
    data = bytearray(source.read_bytes())
    data[page * 4096 : (page + 1) * 4096] = bytes(4096)
    target.write_bytes(bytes(data))
    return target


@pytest.fixture
def with_evidence(tmp_path: Path, service: ScoringService) -> Path:
    data = load_json(EXAMPLE)
    photo = {"name": "photo.bin", "media_type": "application/octet-stream",
             "data": base64.b64encode(os.urandom(300_000)).decode()}  # fmt: skip
    data["answers"]["STR-SL-01"].setdefault("evidence", []).append(photo)
    source = tmp_path / "withev.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    path = tmp_path / "ev.levelcheck"
    import_json(source, path)
    return path


def test_a_damaged_evidence_page_is_damaged_for_what_is_handed_on(
    with_evidence: Path, service: ScoringService, tmp_path: Path
) -> None:
    """export and report check the whole file (what leaves the laptop, or is signed);
    score and roadmap read the answers, which are whole here, and give their result
    without paying a whole-file check per file in a batch (see Document._verify)."""
    from levelcheck.report.job import ReportJob
    from levelcheck.report.service import report_one

    bad = zero_page(with_evidence, with_evidence.with_name("bad.levelcheck"), 40)
    with pytest.raises(DocumentError, match=r"^.*bad\.levelcheck: the file is damaged \("):
        export_json(bad, bad.with_name("out.json"))
    assert not bad.with_name("out.json").exists()
    outcome = report_one(bad, tmp_path / "r.pdf", ReportJob(lang="en", unsigned=True), service)
    assert outcome.startswith("error: ") and "bad.levelcheck: the file is damaged (" in outcome
    assert not (tmp_path / "r.pdf").exists()
    with pytest.raises(DocumentError, match="the file is damaged"):
        Document.open(bad, readonly=True, whole=True)
    assert service.score_file(bad)[1].total == service.score_file(with_evidence)[1].total


def test_evidence_that_cannot_be_read_is_named(with_evidence: Path) -> None:
    """Past the check at opening (a file damaged while it is open): the evidence's name,
    not a traceback."""
    bad = zero_page(with_evidence, with_evidence.with_name("bad.levelcheck"), 40)
    with Document.open(with_evidence, readonly=True) as doc:
        doc._conn.close()
        doc._conn = sqlite3.connect(f"{bad.absolute().as_uri()}?mode=ro", uri=True)
        evidence_id = next(e.id for e in doc.evidence() if e.name == "photo.bin")
        for read in (lambda: doc.evidence_data(evidence_id),
                     lambda: doc.to_assessment(with_evidence_data=True)):  # fmt: skip
            with pytest.raises(DocumentError) as caught:
                read()
            assert str(caught.value) == (
                f"{bad.with_name('ev.levelcheck')}: the file is damaged "
                "(evidence 'photo.bin' cannot be read)"
            )


def test_a_whole_file_check_finds_damage_the_answers_do_not_show(
    good: Path, service: ScoringService
) -> None:
    bad = zero_page(good, good.with_name("zero_mid.levelcheck"), 5)
    with pytest.raises(DocumentError, match=r"zero_mid\.levelcheck: the file is damaged \("):
        Document.open(bad, readonly=True, whole=True)
    with pytest.raises(DocumentError, match=r"zero_mid\.levelcheck: the file is damaged \("):
        Document.open(bad)  # for editing, always
    assert service.score_file(bad)[1].total == service.score_file(good)[1].total


# --- finding 4: import is as strict as score ------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["answers"].update({"STR-SL-01": {"level": 9}}),
         "answers.STR-SL-01.level: 9 is above the questionnaire's top level 5"),
        (lambda d: d["answers"].update({"XXX-99": {"level": 3}}),
         "answers.XXX-99: no such item in questionnaire"),
        (lambda d: d["ruleset"].update({"id": "nope"}), "rule set nope 1.0.0 is not installed"),
    ],
    ids=["level9", "unknown-item", "unknown-ruleset"],
)  # fmt: skip
def test_import_refuses_what_score_refuses_and_leaves_the_output(
    good: Path, service: ScoringService, change: object, message: str
) -> None:
    data = load_json(EXAMPLE)
    change(data)  # type: ignore[operator]
    source = good.with_name("bad.json")
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LevelCheckError) as scored:
        service.score_file(source)
    before = good.read_bytes()
    with pytest.raises(LevelCheckError) as imported:
        import_json(source, good, overwrite=True)
    assert str(imported.value) == str(scored.value)
    assert str(imported.value).startswith(f"{source}: {message}")
    assert good.read_bytes() == before
    assert beside(good) == ["bad.json", "good.levelcheck"]


# --- finding 6: WAL -------------------------------------------------------------------


def crash_after_edit(path: Path) -> None:
    """The app dies (a dead battery) with its last change only in the -wal."""
    script = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=WAL')\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "c.execute(\"UPDATE answers SET level = 5 WHERE item_id LIKE 'SYS-%'\"); c.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)


def test_a_read_only_open_of_a_wal_document_leaves_nothing_beside_it(
    good: Path, service: ScoringService
) -> None:
    sql(good, "PRAGMA journal_mode = WAL;")
    assert beside(good) == ["good.levelcheck"]
    before = good.read_bytes()
    _, result = service.score_file(good)
    read_assessment(good)
    plan_for_file(good)
    assert result.level == 2
    assert beside(good) == ["good.levelcheck"]
    assert good.read_bytes() == before


def test_changes_in_the_wal_are_read_without_leaving_files(
    good: Path, service: ScoringService
) -> None:
    crash_after_edit(good)
    good.with_name("good.levelcheck-shm").unlink(missing_ok=True)  # copied with its -wal only
    files = beside(good)
    assert files == ["good.levelcheck", "good.levelcheck-wal"]
    wal = good.with_name("good.levelcheck-wal").read_bytes()
    with Document.open(good, readonly=True) as doc:
        private = doc._private
        assert private is not None
        assert doc.warnings == []
        assert service.score_document(doc).level == 3
    assert not private.exists()
    assert beside(good) == files
    assert good.with_name("good.levelcheck-wal").read_bytes() == wal


def test_a_wal_document_being_edited_is_read_in_place(good: Path, service: ScoringService) -> None:
    crash_after_edit(good)  # -wal and -shm both there, as while the app edits it
    files = beside(good)
    assert files == ["good.levelcheck", "good.levelcheck-shm", "good.levelcheck-wal"]
    with Document.open(good, readonly=True) as doc:
        assert doc._private is None
        assert service.score_document(doc).level == 3
    assert beside(good) == files


def test_a_wal_document_without_its_wal_says_changes_may_be_missing(
    good: Path, service: ScoringService, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_after_edit(good)
    alone = good.with_name("usb")
    alone.mkdir()
    copy = alone / "c.levelcheck"
    copy.write_bytes(good.read_bytes())  # copied without its -wal
    heard: list[str] = []
    monkeypatch.setattr(errors_module, "_warning_sink", None)
    errors_module.set_warning_sink(heard.append)
    warning = (
        "the file was not closed properly; changes after its last save may be missing "
        "(c.levelcheck-wal not found)"
    )
    with Document.open(copy, readonly=True) as doc:
        assert doc.warnings == [warning]
        assert service.score_document(doc).level == 2  # what the file itself holds
    assert heard == [f"{copy}: {warning}"]
    assert beside(copy) == ["c.levelcheck"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_warning_is_heard_from_batch_workers_too(
    good: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """`score --jobs 2` scores in worker processes: they warn too (they said nothing)."""
    from levelcheck.cli import main

    monkeypatch.setattr(errors_module, "_warning_sink", None)
    crash_after_edit(good)
    folder = good.with_name("copies")
    folder.mkdir()
    for n in range(4):
        (folder / f"{n}.levelcheck").write_bytes(good.read_bytes())  # without their -wal
    assert main(["score", str(folder), "--jobs", jobs, "--format", "json"]) == 0
    err = capfd.readouterr().err
    assert err.count("the file was not closed properly") == 4, err
