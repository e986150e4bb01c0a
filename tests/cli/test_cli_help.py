"""What a stranger meets first: --help, the README's command line, usage errors as one
line, the roadmap's action ids for --pin/--drop, and the default output language."""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

import pytest

from levelcheck import cli
from levelcheck.cli import build_parser, default_lang, main
from levelcheck.core.assessment import Assessment, Company
from levelcheck.core.roadmap import PlanRequest
from tests.conftest import example_files

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHARED_CACHE = ROOT / ".pytest_cache" / "levelcheck-cache"
STEP = re.compile(r"^  (\S+)  (\d)→(\d)  ")


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEVELCHECK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("LEVELCHECK_CACHE_DIR", str(SHARED_CACHE))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def help_of(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*args, "--help"])
    assert exited.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse's line breaks undone


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- 3 and 10: report's option misuse is one line, before any work ----------------------


def test_output_and_out_dir_together_is_one_usage_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = str(example_files()[1])
    pdf, out_dir = tmp_path / "new.pdf", tmp_path / "d"
    code, out, err = run(capsys, "report", source, "-o", str(pdf), "--out-dir", str(out_dir),
                         "--unsigned")  # fmt: skip
    assert code == 2 and out == ""
    assert err == "levelcheck: give -o OUT.pdf or --out-dir DIR, not both\n"
    assert not pdf.exists() and not out_dir.exists()


def test_report_and_roadmap_misuse_is_one_line_not_the_top_level_usage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = str(example_files()[0])
    code, _, err = run(capsys, "report", source, "--out-dir", str(tmp_path / "d"), "--html",
                       str(tmp_path / "h.html"))  # fmt: skip
    assert code == 2 and not (tmp_path / "d").exists()
    assert err == "levelcheck: --html needs a single report (one FILE and -o OUT.pdf)\n"
    code, _, err = run(capsys, "roadmap", source, "--pin", "STR-SL-01-2", "--drop",
                       "STR-SL-01-2")  # fmt: skip
    assert code == 2
    assert err == "levelcheck: an action cannot be both pinned and dropped: STR-SL-01-2\n"


# --- 4: action ids --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_roadmap_table_shows_the_ids_pin_and_drop_take(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    source = str(example_files()[0])
    code, table, _ = run(capsys, "roadmap", source, "--no-budget", "--lang", lang)
    assert code == 0
    ids = [m[1] for m in map(STEP.match, table.splitlines()) if m]
    code, out, _ = run(capsys, "roadmap", source, "--no-budget", "--format", "json")
    assert ids == [c["action"] for c in json.loads(out)["changes"]] and len(ids) > 10
    for line in table.splitlines():
        assert width(line) <= 100, line
    # an id copied from the table is what --drop takes
    code, out, _ = run(capsys, "roadmap", source, "--no-budget", "--drop", ids[0],
                       "--lang", lang)  # fmt: skip
    assert code == 0 and ids[0] not in [m[1] for m in map(STEP.match, out.splitlines()) if m]


def test_a_long_step_wraps_under_its_title_and_keeps_its_size_whole(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, table, _ = run(capsys, "roadmap", str(example_files()[0]), "--no-budget",
                         "--lang", "en")  # fmt: skip
    assert code == 0
    lines = table.splitlines()
    head = "  PRC-PP-03-2  1→2  "
    at = next(i for i, line in enumerate(lines) if line.startswith(head))
    assert (
        lines[at] == head + "Plan weekly and daily in Excel; calculate material needs from the BOM"
    )
    assert lines[at + 1] == " " * len(head) + "(10 d, up to 10M KRW)"


def test_an_unknown_action_names_the_file_and_the_ids_meant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = str(example_files()[0])
    code, out, err = run(capsys, "roadmap", source, "--drop", "PRC-PP-02")
    assert code == 2 and out == ""
    assert err == (
        f"levelcheck: {source}: unknown action PRC-PP-02 (did you mean PRC-PP-02-2, "
        "PRC-PP-02-3, PRC-PP-02-4 or PRC-PP-02-5?)\n"
    )
    code, _, err = run(capsys, "roadmap", source, "--pin", "str-sl-01-2", "--drop", "XYZ")
    assert code == 2 and err == (
        f"levelcheck: {source}: unknown actions str-sl-01-2 (did you mean STR-SL-01-2?); XYZ\n"
    )
    code, _, err = run(capsys, "roadmap", source, "--drop", "PRC")
    assert code == 2 and err.endswith(" or 84 more?)\n") and len(err.splitlines()) == 1


def test_an_unknown_action_saved_in_the_file_is_named_as_such(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(example_files()[0].read_text(encoding="utf-8"))
    data["plan"] = {"request": PlanRequest(dropped=frozenset({"OLD-XX-01-2"})).to_dict()}
    source = tmp_path / "saved.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "roadmap", str(source), "--drop", "STR-SL-01-2")
    assert code == 2
    assert (
        err == f"levelcheck: {source}: unknown action(s): OLD-XX-01-2 (in the saved plan choices)\n"
    )


def test_the_help_says_what_an_action_is(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys, "roadmap")
    assert "ACTION is an upgrade action's id, ITEM-LEVEL" in text
    assert "--pin ACTION keep this action in the plan, e.g. PRC-PP-02-2" in text
    assert "--budget KRW cap the expected cost (default: the company profile's budget_krw" in text


# --- 9: --help and the README agree ------------------------------------------------------


def test_the_top_level_help_names_every_command_and_the_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = help_of(capsys)
    description = text.split(" positional arguments:")[0]
    for what in ("score", "upgrade path", "PDF reports", "verify", "import", "export",
                 "desktop app"):  # fmt: skip
        assert what in description
    assert "exit codes: 0 ok; 1 a finding" in text and "2 bad input or usage" in text
    assert "validate check questionnaires, rule sets and upgrade catalogs" in text
    assert "--content DIR a folder of your own questionnaires, rule sets and upgrade" in text
    for command in ("score", "roadmap", "report", "verify", "keys", "import", "export"):
        assert "exit codes: 0 ok" in help_of(capsys, command)


def test_every_command_shows_its_format_and_language_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "--format {table,json,csv} the output's format (default: table)" in help_of(
        capsys, "score"
    )
    assert "the output's format (default: table)" in help_of(capsys, "roadmap")
    for command in ("score", "roadmap", "report", "export"):
        text = help_of(capsys, command)
        assert "(default: Korean when LC_ALL, LC_MESSAGES or LANG" in text, command
        assert "with none set, the system's locale" in text, command


def synopsis() -> dict[str, str]:
    """The README's command-line block, as text per command."""
    section = README.split("## Command line", 1)[1]
    block = section.split("```", 2)[1]
    commands: dict[str, str] = {}
    current = ""
    for line in block.splitlines():
        if line.startswith("levelcheck "):
            word = line.split()[1]
            current = word.strip("[]") if not word.startswith("--") else "(global)"
        commands[current] = commands.get(current, "") + line + "\n"
    return commands


def options(parser: argparse.ArgumentParser) -> dict[str, list[list[str]]]:
    """Each command's options, each as its spellings (a nested command's, for `keys
    init`)."""
    found: dict[str, list[list[str]]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = [o for opts in options(sub).values() for o in opts]
                found[name] = nested + [
                    a.option_strings
                    for a in sub._actions
                    if a.option_strings and "--help" not in a.option_strings
                ]
    return found


def test_the_readme_synopsis_lists_every_option() -> None:
    shown = synopsis()
    for command, opts in options(build_parser()).items():
        assert command in shown, command
        for spellings in opts:
            assert any(o in shown[command] for o in spellings), f"{command} {spellings}"
    assert "levelcheck [gui] [FILE...]" in shown["gui"]
    assert "--content DIR" in shown["(global)"]


def test_the_readme_json_example_is_valid_and_shows_every_company_field() -> None:
    section = README.split("## Assessments (JSON interchange)", 1)[1]
    example = json.loads(section.split("```json", 1)[1].split("```", 1)[0])
    assessment = Assessment.model_validate(example)
    assert set(example["company"]) == set(Company.model_fields)
    assert assessment.company.budget_krw and assessment.company.contacts


def test_the_readme_states_the_budget_and_language_defaults() -> None:
    assert "`roadmap` plans within the company profile's `budget_krw`" in README
    assert "the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set decides" in README
    assert "keys init --force" in README


# --- 6: the default language -------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "system", "expected"),
    [
        ({"LANG": "ko_KR.UTF-8"}, None, "ko"),
        ({"LANG": "C.UTF-8"}, "Korean_Korea", "en"),  # a set variable wins
        ({"LC_ALL": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}, None, "en"),
        ({"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, None, "ko"),
        ({}, "Korean_Korea", "ko"),  # Windows: no LANG, the user's locale
        ({}, "ko_KR", "ko"),
        ({}, "English_United States", "en"),
        ({}, None, "en"),
    ],
)
def test_the_default_language_follows_the_environment_then_the_system(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], system: str | None, expected: str
) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    monkeypatch.setattr(cli.locale, "getlocale", lambda: (system, "949"))
    assert default_lang() == expected


def test_a_locale_python_cannot_parse_is_english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)

    def unparsable() -> tuple[str | None, str | None]:
        raise ValueError("unknown locale: x")

    monkeypatch.setattr(cli.locale, "getlocale", unparsable)
    assert default_lang() == "en"


def test_a_korean_windows_gets_a_korean_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(cli.locale, "getlocale", lambda: ("Korean_Korea", "949"))
    code, out, _ = run(capsys, "score", str(example_files()[0]))
    assert code == 0 and out.startswith("파일")
