"""Content files are read as hostile input: refused quickly, with a located message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from levelcheck.core.errors import ContentError
from levelcheck.core.safeyaml import load_yaml_file, load_yaml_text

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]"
        for a, b in zip("abcdefgh", "bcdefghi", strict=False)
    ]
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "x: !!python/object/apply:os.system [echo hi]",
            "1:4: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
        ("x: !!python/name:os.system", "is not allowed"),
        ("x: !custom 3", "tag '!custom' is not allowed"),
        ("x: !!binary aGk=", "is not allowed"),
        ("x: 1\nx: 2", "2:1: duplicate key 'x'"),
        ("base: &b {k: 1}\nx:\n  <<: *b", "merge keys (<<) are not allowed"),
        ("a: &a [*a]", "recursive alias"),
        ("x: [1, 2", "invalid YAML"),
        ("", "the file is empty"),
        ("? [1, 2]\n: x", "a mapping key must be a plain value"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(ContentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_yaml_text(text, "c.yaml")


def test_billion_laughs_is_refused_quickly() -> None:
    start = time.perf_counter()
    with pytest.raises(ContentError, match="expands to more than"):
        load_yaml_text(BILLION_LAUGHS, "bomb.yaml")
    assert time.perf_counter() - start < 2.0


def test_small_aliases_are_fine() -> None:
    doc = load_yaml_text("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("x: " + "a" * 3_000_000, encoding="utf-8")
    with pytest.raises(ContentError, match="larger than the 2048 KiB limit") as err:
        load_yaml_file(big)
    assert err.value.file == str(big)


def test_not_utf8(tmp_path: Path) -> None:
    f = tmp_path / "latin.yaml"
    f.write_bytes("x: caf\xe9".encode("latin-1"))
    with pytest.raises(ContentError, match="not UTF-8"):
        load_yaml_file(f)


def test_marks_are_one_based_line_and_column() -> None:
    doc = load_yaml_text("top:\n  list:\n    - a\n    - b: 2\n")
    assert doc.marks[("top", "list", 1, "b")] == (4, 10)
    assert doc.mark(("top", "list", 9)) == doc.marks[("top", "list")]


def test_error_message_is_one_line() -> None:
    with pytest.raises(ContentError) as err:
        load_yaml_text("a: [\n", "c.yaml")
    assert "\n" not in str(err.value) and str(err.value).startswith("c.yaml:")
