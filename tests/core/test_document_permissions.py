"""A document this user may not write opens read-only from the start.

Tests run as root, for whom chmod stops no write: os.access is what the document asks,
so it is made to answer as it would for a normal user."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from levelcheck.core.assessment import AssessmentInfo, Company, Ref
from levelcheck.core.document import NO_WRITE_FILE, NO_WRITE_FOLDER, Document, write_problem
from levelcheck.core.errors import DocumentError
from tests.conftest import deny_writing

Q = Ref(id="ks-smart-factory", version="1.0.0")
R = Ref(id="ks-default", version="1.0.0")


def make(path: Path) -> str:
    """A closed document with one answer; its sha256."""
    doc = Document.create(path, questionnaire=Q, ruleset=R, company=Company(name="(주)시험"),
                          info=AssessmentInfo(date="2026-11-02"))  # type: ignore[arg-type]  # fmt: skip
    with doc:
        doc.set_answer("PRC-PC-02", level=2)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_decision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.levelcheck"
    make(path)
    assert write_problem(path) == ""
    deny_writing(monkeypatch, path)
    assert write_problem(path) == "no-write-file"
    assert write_problem(path, folder_only=True) == ""  # an old one: migrated on a copy
    monkeypatch.undo()
    deny_writing(monkeypatch, tmp_path)
    assert write_problem(path) == "no-write-folder"


@pytest.mark.parametrize(("denied", "kind", "reason"), [
    ("file", "no-write-file", NO_WRITE_FILE),
    ("folder", "no-write-folder", NO_WRITE_FOLDER),
])  # fmt: skip
def test_a_document_that_may_not_be_written_opens_read_only_and_stays_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, denied: str, kind: str, reason: str
) -> None:
    path = tmp_path / "a.levelcheck"
    before = make(path)
    deny_writing(monkeypatch, path if denied == "file" else tmp_path)
    with Document.open(path) as doc:
        assert doc.readonly and doc.readonly_kind == kind and doc.readonly_reason == reason
        assert doc.answers()["PRC-PC-02"].level == 2
        with pytest.raises(DocumentError, match="opened read-only"):
            doc.set_answer("PRC-PC-02", level=3)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a.levelcheck"]  # no lock
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.levelcheck"]  # no journal
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_lock_file_that_cannot_be_made_means_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.access can say yes where the OS then says no (network shares, ACLs)."""
    from levelcheck.core import lock

    path = tmp_path / "a.levelcheck"
    make(path)

    def refuse(document: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lock.EditLock, "acquire", staticmethod(refuse))
    with Document.open(path) as doc:
        assert doc.readonly and doc.readonly_kind == "no-write-folder"
        assert doc.readonly_reason == f"{NO_WRITE_FOLDER} (Permission denied)"


def test_a_writable_document_still_opens_for_editing(tmp_path: Path) -> None:
    path = tmp_path / "a.levelcheck"
    make(path)
    with Document.open(path) as doc:
        assert not doc.readonly and doc.readonly_kind == ""


def test_an_old_document_in_a_folder_that_may_not_be_written_is_migrated_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The migrated copy would go into that folder: read-only, migrated in memory. A
    read-only file alone does not matter there: the copy is a new file."""
    from tests.core.test_document import make_v1

    old = tmp_path / "old.levelcheck"
    make_v1(old)
    deny_writing(monkeypatch, tmp_path)
    with Document.open(old) as doc:
        assert doc.readonly and doc.readonly_kind == "no-write-folder"
        assert doc.answers()["PRC-PC-02"].level == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.levelcheck"]
    monkeypatch.undo()
    deny_writing(monkeypatch, old)
    with Document.open(old) as doc:
        assert not doc.readonly and doc.path.name == "old.migrated.levelcheck"
