"""The content library kept between runs (ContentLibrary.load_cached)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.service import ScoringService
from tests.conftest import example_files


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEVELCHECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "content"
    shutil.copytree(shipped_dir("questionnaires"), folder)
    return folder


def cached(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "content").glob("library-*.pickle"))


def test_the_second_load_reads_the_copy_and_scores_the_same(content: Path, tmp_path: Path) -> None:
    first = ContentLibrary.load_cached([content])
    (copy,) = cached(tmp_path)
    second = ContentLibrary.load_cached([content])
    assert second is not first and set(second.rulesets) == set(first.rulesets)
    assert set(second.questionnaires) == set(first.questionnaires)
    assert set(second.catalogs) == set(first.catalogs)
    for path in example_files():
        a = ScoringService(first).score_file(path)[1]
        b = ScoringService(second).score_file(path)[1]
        assert (a.total, a.level, a.explanation("en")) == (b.total, b.level, b.explanation("en"))
    copy.write_bytes(b"")  # the copy really is what is read: an empty one...
    third = ContentLibrary.load_cached([content])  # ...is made again
    assert set(third.rulesets) == set(first.rulesets) and copy.stat().st_size > 1000


def test_a_changed_content_file_makes_a_new_copy(content: Path, tmp_path: Path) -> None:
    ContentLibrary.load_cached([content])
    (old,) = cached(tmp_path)
    ruleset = content / "ks-default.ruleset.yaml"
    ruleset.write_text(ruleset.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    ContentLibrary.load_cached([content])
    (new,) = cached(tmp_path)  # the old copy is removed
    assert new != old


@pytest.mark.parametrize("damage", [b"\x80\x05garbage", b"not a pickle at all"])
def test_a_damaged_copy_is_made_again(content: Path, tmp_path: Path, damage: bytes) -> None:
    ContentLibrary.load_cached([content])
    (copy,) = cached(tmp_path)
    copy.write_bytes(damage)
    lib = ContentLibrary.load_cached([content])
    assert ("ks-default", "1.0.0") in lib.rulesets
    assert copy.read_bytes() != damage


def test_content_with_problems_is_not_kept(content: Path, tmp_path: Path) -> None:
    (content / "broken.ruleset.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    lib = ContentLibrary.load_cached([content])
    assert lib.problems and cached(tmp_path) == []


def test_a_cache_folder_that_cannot_be_made_only_costs_time(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("LEVELCHECK_CACHE_DIR", str(blocker / "cache"))
    assert ("ks-default", "1.0.0") in ContentLibrary.load_cached([content]).rulesets
    assert blocker.read_text(encoding="utf-8") == "in the way"
