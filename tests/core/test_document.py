"""The .levelcheck document: durable, never two writers, hostile input refused cleanly."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from levelcheck.core.assessment import AssessmentInfo, Company, Ref
from levelcheck.core.document import Document
from levelcheck.core.errors import DocumentError
from levelcheck.core.schema_sql import APPLICATION_ID, CURRENT_VERSION

Q = Ref(id="ks-smart-factory", version="1.0.0")
R = Ref(id="ks-default", version="1.0.0")


def new_doc(path: Path, **kw: object) -> Document:
    return Document.create(
        path,
        questionnaire=Q,
        ruleset=R,
        company=Company(name="(주)시험정밀"),
        info=AssessmentInfo(date="2026-11-02"),
        actor="김민수",
        **kw,
    )  # type: ignore[arg-type]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_answers_evidence_and_the_change_log(tmp_path: Path) -> None:
    with new_doc(tmp_path / "a.levelcheck") as doc:
        doc.set_answer("PRC-PC-02", level=2, note="POP 3대, 교대 종료 시 입력")
        doc.set_answer("PRC-PC-02", strength="observed")
        doc.set_answer("PRC-PD-01", na=True, justification="설계 기능 없음 (임가공)")
        photo = doc.attach_evidence(
            "PRC-PC-02",
            b"\xff\xd8jpeg-bytes",
            name="작업일보.jpg",
            taken_at="2026-11-02T10:31:00+09:00",
        )
        doc.attach_evidence("PRC-PC-02", b"%PDF-1.7", name="report.pdf")
        doc.remove_evidence(photo.id)
    with Document.open(tmp_path / "a.levelcheck") as doc:
        a = doc.answers()
        assert a["PRC-PC-02"].level == 2 and a["PRC-PC-02"].strength == "observed"
        assert a["PRC-PC-02"].note == "POP 3대, 교대 종료 시 입력"
        assert a["PRC-PD-01"].na and a["PRC-PD-01"].level is None
        assert [e.name for e in a["PRC-PC-02"].evidence] == ["report.pdf"]
        (pdf,) = doc.evidence("PRC-PC-02")
        assert pdf.media_type == "application/pdf" and doc.evidence_data(pdf.id) == b"%PDF-1.7"
        with pytest.raises(DocumentError, match=f"no evidence with id {photo.id}"):
            doc.evidence_data(photo.id)  # removed
        log = doc.changelog()
        assert [c.action for c in log] == [
            "create",
            "answer",
            "answer",
            "answer",
            "attach",
            "attach",
            "detach",
        ]
        assert all(c.actor == "김민수" and c.at for c in log)
        assert log[1].item_id == "PRC-PC-02" and log[1].detail == {
            "level": 2,
            "note": "POP 3대, 교대 종료 시 입력",
        }


def test_the_change_log_is_append_only(tmp_path: Path) -> None:
    new_doc(tmp_path / "a.levelcheck").close()
    conn = sqlite3.connect(tmp_path / "a.levelcheck")
    for sql in ("UPDATE changelog SET actor = 'x'", "DELETE FROM changelog"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    conn.close()


def test_setting_a_level_clears_na_and_na_clears_the_level(tmp_path: Path) -> None:
    with new_doc(tmp_path / "a.levelcheck") as doc:
        doc.set_answer("X-1", level=3)
        assert doc.set_answer("X-1", na=True, justification="n/a").level is None
        assert doc.set_answer("X-1", level=4).na is False


def test_invalid_answer_values_are_refused(tmp_path: Path) -> None:
    with new_doc(tmp_path / "a.levelcheck") as doc:
        with pytest.raises(DocumentError, match="answer X-1: level"):
            doc.set_answer("X-1", level=0)
        with pytest.raises(DocumentError, match="strength"):
            doc.set_answer("X-1", strength="rumour")  # type: ignore[arg-type]


def test_opening_and_reading_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.levelcheck"
    with new_doc(path) as doc:
        doc.set_answer("PRC-PC-02", level=2)
    before = digest(path)
    with Document.open(path) as doc:  # for editing, but no edit
        doc.answers()
        doc.changelog()
    with Document.open(path, readonly=True) as doc:
        doc.to_assessment(with_evidence_data=True)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.levelcheck"]


def test_a_closed_document_stands_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.levelcheck"
    with new_doc(path) as doc:
        for n in range(20):
            doc.set_answer(f"X-{n}", level=n % 5 + 1)
        doc.attach_evidence("X-1", os.urandom(300_000), name="photo.jpg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.levelcheck"]
    mailed = tmp_path / "mailed" / "copy.levelcheck"
    mailed.parent.mkdir()
    mailed.write_bytes(path.read_bytes())
    with Document.open(mailed, readonly=True) as doc:
        assert len(doc.answers()) == 20 and doc.evidence()[0].size == 300_000


def test_only_one_writer(tmp_path: Path) -> None:
    path = tmp_path / "a.levelcheck"
    first = new_doc(path)
    try:
        second = Document.open(path)
        assert second.readonly
        assert "open for editing in another LevelCheck window" in second.readonly_reason
        with pytest.raises(DocumentError, match="opened read-only"):
            second.set_answer("X-1", level=2)
        first.set_answer("X-1", level=3)
        assert second.answers()["X-1"].level == 3  # the reader sees committed changes
        second.close()
    finally:
        first.close()
    with Document.open(path) as again:  # released on close
        assert not again.readonly


def test_another_process_holding_the_document(tmp_path: Path) -> None:
    path = tmp_path / "a.levelcheck"
    new_doc(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from levelcheck.core.document import Document
            d = Document.open({str(path)!r})
            print("ready", flush=True)
            sys.stdin.readline()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "ready"
        with Document.open(path) as doc:
            assert doc.readonly and f"process {holder.pid}" in doc.readonly_reason
    finally:
        holder.kill()
        holder.communicate()
    with Document.open(path) as doc:  # a dead holder's lock is gone with it
        assert not doc.readonly


V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE answers (item_id TEXT PRIMARY KEY, level INTEGER, na INTEGER NOT NULL DEFAULT 0,
    justification TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', updated TEXT NOT NULL);
CREATE TABLE evidence (id INTEGER PRIMARY KEY, item_id TEXT NOT NULL, name TEXT NOT NULL,
    media_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, added TEXT NOT NULL,
    data BLOB);
CREATE TABLE changelog (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
    action TEXT NOT NULL, item_id TEXT, detail TEXT NOT NULL);
"""


def make_v1(path: Path) -> None:
    """A document as LevelCheck's first layout (version 1) wrote it."""
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    meta = {
        "format": "levelcheck.assessment",
        "format_version": 1,
        "questionnaire": Q.model_dump(),
        "ruleset": R.model_dump(),
        "company": {"name": "(주)옛날정밀"},
        "assessment": {"date": "2025-03-02"},
        "app_version": "0.0.9",
        "created": "2025-03-02T01:00:00+00:00",
        "modified": "2025-03-02T01:00:00+00:00",
    }
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()],
    )
    conn.execute("INSERT INTO answers VALUES ('PRC-PC-02', 2, 0, '', '수기 일보', 'x')")
    conn.execute(
        "INSERT INTO evidence VALUES (1, 'PRC-PC-02', 'p.jpg', 'image/jpeg', 3, 'h', 'x',"
        " X'010203')"
    )
    conn.commit()
    conn.close()


def test_an_old_document_is_migrated_on_a_copy(tmp_path: Path) -> None:
    old = tmp_path / "old.levelcheck"
    make_v1(old)
    before = digest(old)
    with Document.open(old) as doc:
        assert doc.migrated_from == old
        assert doc.path == tmp_path / "old.migrated.levelcheck"
        assert doc.company.name == "(주)옛날정밀"
        assert doc.answers()["PRC-PC-02"].note == "수기 일보"
        doc.set_answer("PRC-PC-02", strength="documented")  # a version-2 field
    assert digest(old) == before
    conn = sqlite3.connect(tmp_path / "old.migrated.levelcheck")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    conn.close()


def test_an_old_document_read_only_is_migrated_in_memory(tmp_path: Path) -> None:
    old = tmp_path / "old.levelcheck"
    make_v1(old)
    before = digest(old)
    with Document.open(old, readonly=True) as doc:
        assert doc.answers()["PRC-PC-02"].level == 2
    assert digest(old) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.levelcheck"]


def sqlite_file(path: Path, sql: str, app_id: int = APPLICATION_ID, version: int = 2) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.execute(f"PRAGMA application_id = {app_id}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def good_doc_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "good.levelcheck"
    with new_doc(path) as doc:
        for n in range(40):
            doc.set_answer(f"X-{n}", level=n % 5 + 1, note="메모 " * 50)
        doc.attach_evidence("X-1", os.urandom(40_000), name="p.jpg")
    data = path.read_bytes()
    path.unlink()
    return data


def bad_random(p: Path, t: Path) -> None:
    p.write_bytes(random.Random(1).randbytes(5000))


def bad_truncated(p: Path, t: Path) -> None:
    p.write_bytes(good_doc_bytes(t)[:12_000])


def bad_zero(p: Path, t: Path) -> None:
    p.write_bytes(b"")


def bad_other_app(p: Path, t: Path) -> None:
    sqlite_file(p, "CREATE TABLE songs (title TEXT);", app_id=0)


def bad_newer(p: Path, t: Path) -> None:
    sqlite_file(p, "CREATE TABLE meta (key TEXT, value TEXT);", version=CURRENT_VERSION + 1)


def bad_missing_table(p: Path, t: Path) -> None:
    path = t / "m.levelcheck"
    new_doc(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE evidence")
    conn.commit()
    conn.close()
    path.rename(p)


def bad_wrong_type(p: Path, t: Path) -> None:
    path = t / "w.levelcheck"
    with new_doc(path) as doc:
        doc.set_answer("X-1", level=3)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS x")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE answers SET level = 'high'")
    conn.commit()
    conn.close()
    path.rename(p)


def bad_meta(p: Path, t: Path) -> None:
    path = t / "w.levelcheck"
    new_doc(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '{\"name\": 5}' WHERE key = 'company'")
    conn.commit()
    conn.close()
    path.rename(p)


BAD = [
    (bad_random, "not a LevelCheck document (not an SQLite file)"),
    (bad_truncated, "damaged"),
    (bad_zero, "the file is empty (0 bytes)"),
    (bad_other_app, "an SQLite database of another application"),
    (bad_newer, f"made by a newer LevelCheck (document version {CURRENT_VERSION + 1})"),
    (bad_missing_table, "table evidence is missing"),
    (bad_wrong_type, "the file is damaged ("),
    (bad_meta, "meta.company.name"),
]


@pytest.mark.parametrize("readonly", [False, True])
@pytest.mark.parametrize(("make", "message"), BAD, ids=[b[0].__name__ for b in BAD])
def test_bad_files_are_refused_in_one_line_and_left_untouched(
    tmp_path: Path, make: object, message: str, readonly: bool
) -> None:
    path = tmp_path / "bad.levelcheck"
    make(path, tmp_path)  # type: ignore[operator]
    before = digest(path)
    with pytest.raises(DocumentError) as err, Document.open(path, readonly=readonly) as doc:
        # a read-only open checks lazily: what is read is checked
        _ = doc.company
        doc.answers()
    text = str(err.value)
    assert text.startswith(str(path) + ": ") and message in text and "\n" not in text
    assert digest(path) == before
    assert not (tmp_path / "bad.levelcheck.lock").exists()


def test_evidence_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.jpg"
    big.write_bytes(b"x" * 2048)
    with new_doc(
        tmp_path / "a.levelcheck",
    ) as doc:
        doc.max_evidence_bytes = 1024
        with pytest.raises(
            DocumentError, match=r"big\.jpg: evidence is larger than the 1 KiB limit"
        ):
            doc.attach_evidence("X-1", big)
        assert doc.evidence() == []


def test_non_utf8_file_names(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/\xff\xfe-\xc7\xa5.jpg"
    Path(os.fsdecode(raw)).write_bytes(b"jpeg")
    doc_path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xffdoc.levelcheck"))
    with new_doc(doc_path) as doc:
        info = doc.attach_evidence("X-1", Path(os.fsdecode(raw)))
        assert info.name == "\\xff\\xfe-ǥ.jpg"
    with Document.open(doc_path, readonly=True) as doc:
        assert doc.evidence()[0].name == info.name
    junk = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xfejunk.levelcheck"))
    junk.write_bytes(b"junk")
    with pytest.raises(DocumentError) as err:
        Document.open(junk)
    assert "\\xfejunk.levelcheck: not a LevelCheck document" in str(err.value)
    str(err.value).encode("utf-8")  # printable


WRITER = textwrap.dedent("""
    import sys
    from levelcheck.core.document import Document
    doc = Document.open(sys.argv[1])
    for i in range(100000):
        if i % 7 == 3:
            doc.attach_evidence(f"X-{i % 42}", bytes([i % 251]) * (1000 + (i * 7919) % 150000),
                                name=f"p{i}.jpg")
        else:
            doc.set_answer(f"X-{i % 42}", level=i % 5 + 1, note=f"note {i}")
        print(i, flush=True)
""")


def expected_after(k: int) -> tuple[dict[str, tuple[int, str]], int]:
    answers: dict[str, tuple[int, str]] = {}
    attached = 0
    for i in range(k + 1):
        if i % 7 == 3:
            attached += 1
        else:
            answers[f"X-{i % 42}"] = (i % 5 + 1, f"note {i}")
    return answers, attached


def test_survives_sigkill_at_random_points(tmp_path: Path) -> None:
    rnd = random.Random(20261121)
    for run in range(12):
        path = tmp_path / f"crash{run}.levelcheck"
        new_doc(path).close()
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
        )
        time.sleep(0.4 + rnd.random() * 0.8)  # start-up, then a random point in the stream
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        acked = [int(line) for line in out.split()]
        assert acked, "the writer made progress before the kill"
        last = acked[-1]
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        with Document.open(path) as doc:  # the dead writer's lock does not block
            assert not doc.readonly
            got = {k: (a.level, a.note) for k, a in doc.answers().items()}
            attached = len(doc.evidence())
        # every acknowledged change is there; the one in flight may or may not be
        assert (got, attached) in (expected_after(last), expected_after(last + 1)), run


def test_the_same_bytes_once_per_item(tmp_path: Path) -> None:
    """attach_evidence(once=True): the same photo again (any name) is refused for that
    item, nothing stored or logged; another item, or once=False (undo's restore), may."""
    from levelcheck.core.document import AlreadyAttached

    with new_doc(tmp_path / "a.levelcheck") as doc:
        doc.attach_evidence("PRC-PC-02", b"\xff\xd8photo", name="a.jpg", once=True)
        changes = len(doc.changelog())
        with pytest.raises(AlreadyAttached, match=r"already attached to PRC-PC-02 as a\.jpg"):
            doc.attach_evidence("PRC-PC-02", b"\xff\xd8photo", name="copy.jpg", once=True)
        assert [e.name for e in doc.evidence("PRC-PC-02")] == ["a.jpg"]
        assert len(doc.changelog()) == changes
        doc.attach_evidence("PRC-QM-01", b"\xff\xd8photo", name="a.jpg", once=True)
        doc.attach_evidence("PRC-PC-02", b"\xff\xd8photo", name="again.jpg")
        assert len(doc.evidence("PRC-PC-02")) == 2
