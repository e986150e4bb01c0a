"""Hostile and unusual input files in the core (review fuzz7, findings 10, 11, 13, 15):
each is one line naming the file, never a traceback, a hang or a silent last-wins."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from levelcheck.core.assessment import load_assessment, parse_assessment
from levelcheck.core.content import ContentLibrary
from levelcheck.core.errors import AssessmentError, ContentError, LevelCheckError
from levelcheck.core.files import NOT_REGULAR, is_document, read_user_file
from levelcheck.core.safeyaml import load_yaml_file, load_yaml_text
from tests.conftest import mini_ruleset, write_yaml

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "02-level2-hanmoru-precision.json"
fifo_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def _example() -> bytes:
    return EXAMPLE.read_bytes()


# --- finding 10: encodings and long numbers -------------------------------------------


def test_a_utf8_bom_is_read(tmp_path: Path) -> None:
    p = tmp_path / "bom.json"
    p.write_bytes(b"\xef\xbb\xbf" + _example())
    assert load_assessment(p) == load_assessment(EXAMPLE)
    assert parse_assessment("\ufeff" + _example().decode()) == load_assessment(EXAMPLE)


@pytest.mark.parametrize(
    ("encoding", "said"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
     ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32")],
)  # fmt: skip
def test_utf16_and_utf32_say_so(tmp_path: Path, encoding: str, said: str) -> None:
    p = tmp_path / "wide.json"
    p.write_bytes(_example().decode().encode(encoding))
    with pytest.raises(AssessmentError) as err:
        load_assessment(p)
    assert str(err.value) == f"{p}: {said} text: save it as UTF-8"


def test_a_number_too_long_is_named(tmp_path: Path) -> None:
    data = json.loads(_example())
    p = tmp_path / "bigint.json"
    text = json.dumps(data).replace('"employees": ', '"employees": ' + "9" * 5000 + "0 + ", 1)
    text = text.replace("0 + ", "", 1)  # the old value follows the digits: one big number
    p.write_text(text, encoding="utf-8")
    with pytest.raises(AssessmentError) as err:
        load_assessment(p)
    assert str(err.value) == f"{p}: employees: number too long"
    assert "UTF-8" not in str(err.value)


# --- finding 15: duplicate keys -----------------------------------------------------------


def test_a_key_given_twice_keeps_its_last_value_as_documented(tmp_path: Path) -> None:
    """Refusing it cost 5-7% of scoring a file (the batch hot path, bench/score.py), so
    a key given twice keeps its last value, as in most JSON readers; the README says so."""
    text = _example().decode()
    first = text.index('"answers": {') + len('"answers": {')
    p = tmp_path / "dup.json"
    p.write_text(text[:first] + '"SYS-IS-01": {"level": 5},' + text[first:], encoding="utf-8")
    original = json.loads(_example())["answers"]["SYS-IS-01"]["level"]
    assert original != 5 and load_assessment(p).answers["SYS-IS-01"].level == original


# --- finding 11: content YAML nested too deeply or with a huge integer ------------------


@pytest.mark.parametrize(
    "text",
    ["[" * 5000 + "]" * 5000, "[" * 200_000 + "]" * 200_000, "- " * 200_000 + "1",
     "a:\n" + "".join("  " * i + "- b:\n" for i in range(1, 150)) + "  " * 150 + "- 1\n"],
    ids=["flow-5000", "flow-200000", "block-200000", "indented-150"],
)  # fmt: skip
def test_deep_yaml_is_one_line(tmp_path: Path, text: str) -> None:
    p = tmp_path / "deep.ruleset.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_yaml_file(p)
    assert err.value.message == "nested too deeply (more than 100 levels)"
    assert err.value.file == str(p) and err.value.line is not None


def test_nesting_within_the_limit_loads() -> None:
    doc = load_yaml_text("x: " + "[" * 90 + "1" + "]" * 90)
    assert isinstance(doc.data["x"], list)


def test_a_huge_integer_in_yaml_is_one_line(tmp_path: Path) -> None:
    p = write_yaml(tmp_path / "r.yaml", mini_ruleset())
    text = p.read_text(encoding="utf-8")
    p.write_text(text + "extra: " + "9" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_yaml_file(p)
    assert err.value.message == "number too long"
    assert err.value.line == text.count("\n") + 1 and err.value.col == 8


def test_an_impossible_date_in_yaml_is_one_line() -> None:
    with pytest.raises(ContentError, match=r"<input>:1:4: bad value '2024-02-30'"):
        load_yaml_text("x: 2024-02-30")


def test_a_newer_content_file_asks_for_an_update(tmp_path: Path) -> None:
    d = tmp_path / "c"
    d.mkdir()
    write_yaml(d / "rules.yaml", mini_ruleset(format_version=2))
    lib = ContentLibrary.load(primary=[d])
    messages = [p.message for p in lib.problems]
    assert messages == [
        "written for a newer LevelCheck (format_version 2); this version reads 1: "
        "please update LevelCheck"
    ]


# --- finding 13: a FIFO where a file is expected -----------------------------------------


@fifo_only
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    with pytest.raises(LevelCheckError) as err:
        read_user_file(fifo, 1000)  # opening it for reading would wait for a writer
    assert str(err.value) == f"{fifo}: {NOT_REGULAR}"
    with pytest.raises(AssessmentError, match="not a regular file"):
        load_assessment(fifo)
    assert not is_document(fifo)


def test_a_device_is_refused(tmp_path: Path) -> None:
    if not Path(os.devnull).exists() or sys.platform == "win32":
        pytest.skip("no /dev/null")
    with pytest.raises(LevelCheckError, match="not a regular file"):
        read_user_file(os.devnull, 1000)


def test_a_folder_still_says_so(tmp_path: Path) -> None:
    with pytest.raises(LevelCheckError, match="cannot read file: Is a directory"):
        read_user_file(tmp_path, 1000)
