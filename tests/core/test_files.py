"""Writing a file whole or not at all, and only where meant (core.files.replacing)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from levelcheck.core.document import Document
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.files import output_target, replacing


def test_the_target_appears_only_when_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with replacing(target) as tmp:
        tmp.write_text("a,b\n", encoding="utf-8")
        assert not target.exists()
    assert target.read_text(encoding="utf-8") == "a,b\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_failed_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ZeroDivisionError), replacing(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        1 / 0  # noqa: B018
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_an_unwritable_place_is_one_error_naming_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("mine", encoding="utf-8")
    with pytest.raises(LevelCheckError, match="cannot write") as err, \
            replacing(blocker / "out.csv") as tmp:  # fmt: skip
        tmp.write_text("x", encoding="utf-8")
    assert err.value.file == str(blocker / "out.csv")
    assert blocker.read_text(encoding="utf-8") == "mine"


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    """The link stays a link; the file it names gets the new content."""
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with replacing(link) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null here")
def test_a_device_a_fifo_or_a_folder_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    for target, why in ((Path("/dev/null"), "not a regular file"), (fifo, "not a regular file"),
                        (folder, "is a folder")):  # fmt: skip
        with pytest.raises(LevelCheckError, match=why), replacing(target) as tmp:
            tmp.write_text("x", encoding="utf-8")
    assert Path("/dev/null").is_char_device() and fifo.is_fifo() and folder.is_dir()


def test_the_output_is_never_the_input(tmp_path: Path) -> None:
    """Same path, another spelling of it, or a hard link: refused even when replacing
    is allowed."""
    source = tmp_path / "in.json"
    source.write_text("mine", encoding="utf-8")
    hard = tmp_path / "hard.json"
    os.link(source, hard)
    for target in (source, tmp_path / "." / "in.json", hard):
        with pytest.raises(LevelCheckError, match="the output would replace the input"):
            output_target(target, overwrite=True, inputs=[source])
    assert output_target(tmp_path / "other.json", inputs=[source]) == tmp_path / "other.json"
    assert source.read_text(encoding="utf-8") == "mine"


def test_an_existing_output_needs_overwrite_and_a_missing_folder_fails_early(
    tmp_path: Path,
) -> None:
    (tmp_path / "out.pdf").write_text("old", encoding="utf-8")
    with pytest.raises(LevelCheckError, match=r"already exists \(use --force"):
        output_target(tmp_path / "out.pdf", overwrite=False)
    with pytest.raises(LevelCheckError, match="cannot write: no folder"):
        output_target(tmp_path / "nodir" / "out.pdf")


def test_a_document_open_for_editing_is_not_replaced(tmp_path: Path) -> None:
    """Even with overwrite: the app holding it would lose its next change."""
    from levelcheck.core.interchange import import_json
    from tests.conftest import example_files

    doc_path = tmp_path / "a.levelcheck"
    import_json(example_files()[0], doc_path)
    before = doc_path.read_bytes()
    with Document.open(doc_path) as doc:
        assert not doc.readonly
        with pytest.raises(LevelCheckError, match="open for editing in another LevelCheck"), \
                replacing(doc_path, overwrite=True) as tmp:  # fmt: skip
            tmp.write_text("x", encoding="utf-8")
    assert doc_path.read_bytes() == before
    with replacing(doc_path) as tmp:  # closed: it may be replaced, and no lock is left
        tmp.write_text("x", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.levelcheck"]
