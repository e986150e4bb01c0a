"""Writing a file whole or not at all (core.files.replacing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from levelcheck.core.errors import LevelCheckError
from levelcheck.core.files import replacing


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
