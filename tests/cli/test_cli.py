"""The command line as a user meets it: output, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from levelcheck.cli import main
from tests.conftest import mini_questionnaire, mini_ruleset, write_yaml


@pytest.fixture
def content(tmp_path: Path) -> Path:
    d = tmp_path / "content"
    d.mkdir()
    write_yaml(d / "mini.yaml", mini_questionnaire())
    write_yaml(d / "rules.yaml", mini_ruleset())
    return d


def assessment(tmp_path: Path, name: str, company: str, **levels: int) -> Path:
    doc = {
        "format": "levelcheck.assessment",
        "format_version": 1,
        "questionnaire": {"id": "mini", "version": "1"},
        "ruleset": {"id": "mini-rules", "version": "1"},
        "company": {"name": company},
        "assessment": {"date": "2026-11-02"},
        "answers": {k.replace("_", "-"): {"level": v} for k, v in levels.items()},
    }
    p = tmp_path / name
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return p


FULL3 = dict(A1_1=3, A1_2=3, A2_1=3, B1_1=3, B1_2=3)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_shipped_content(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate")
    assert code == 0, out + err
    assert out.startswith("ok: 1 questionnaire, 2 rule sets")


def test_validate_reports_file_line_col_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    rs = mini_ruleset(questionnaire={"id": "ks-smart-factory", "version": "1.0.0"})
    rs["points"] = {"areas": {"STR": 100}}
    write_yaml(bad, rs)
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 1
    lines = out.splitlines()
    assert lines and all(line.startswith(f"{bad}:") for line in lines)
    assert any("no points for area PRC" in line for line in lines)
    assert "problems found" in err


def test_validate_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert err.strip() == f"levelcheck: {tmp_path / 'nope.yaml'}: no such file or folder"


def test_score_json(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Path) -> None:
    f = assessment(tmp_path, "a.json", "(주)한빛", **FULL3)
    code, out, _ = run(capsys, "--content", str(content), "score", str(f), "--format", "json")
    assert code == 0
    (row,) = json.loads(out)
    for key in (
        "file",
        "total",
        "level",
        "stage",
        "provisional",
        "areas",
        "categories",
        "items",
        "ruleset",
        "trace",
    ):
        assert key in row
    assert row["file"] == str(f) and row["total"] == 60.0 and row["level"] == 3
    assert row["items"]["A1-1"] == 12.0
    assert set(row["ruleset"]) == {"id", "version", "hash"}
    assert row["trace"][-1]["kind"] == "outcome"


def test_a_bad_file_among_good_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Path
) -> None:
    good1 = assessment(tmp_path, "1.json", "one", **FULL3)
    bad = tmp_path / "2.json"
    bad.write_text("{oops", encoding="utf-8")
    good2 = assessment(tmp_path, "3.json", "three", A1_1=1)
    before = bad.read_bytes()
    code, out, err = run(
        capsys,
        "--content",
        str(content),
        "score",
        str(good1),
        str(bad),
        str(good2),
        "--format",
        "json",
    )
    assert code == 2
    assert [r["file"] for r in json.loads(out)] == [str(good1), str(good2)]
    assert err.splitlines() == [f"levelcheck: {bad}: not valid JSON (line 1, column 2)"]
    assert bad.read_bytes() == before


def test_score_a_folder_as_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Path
) -> None:
    batch = tmp_path / "batch"
    (batch / "sub").mkdir(parents=True)
    assessment(batch, "a.json", "alpha", **FULL3)
    assessment(batch / "sub", "b.json", "beta", A1_1=5)
    code, out, _ = run(capsys, "--content", str(content), "score", str(batch), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["company"] for r in rows] == ["alpha", "beta"]
    assert rows[0]["total"] == "60.0" and rows[0]["A"] == "36.0"
    assert rows[1]["provisional"] == "yes"


def test_score_table(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Path) -> None:
    f = assessment(tmp_path, "a.json", "(주)한빛", A1_1=3)
    code, out, _ = run(capsys, "--content", str(content), "score", str(f), "--lang", "en")
    assert code == 0
    assert "(주)한빛" in out and "Level" in out and "provisional" in out


def test_score_with_another_ruleset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Path
) -> None:
    write_yaml(
        content / "profile.yaml",
        mini_ruleset(
            id="mini-profile",
            total="none",
            bands=[],
            aggregation={"category_level": "min", "area_level": "min"},
        ),
    )
    f = assessment(tmp_path, "a.json", "x", A1_1=2, A1_2=4, A2_1=3, B1_1=3, B1_2=3)
    code, out, _ = run(
        capsys,
        "--content",
        str(content),
        "score",
        str(f),
        "--ruleset",
        "mini-profile",
        "--format",
        "json",
    )
    assert code == 0
    (row,) = json.loads(out)
    assert row["total"] is None and row["areas"]["A"]["level"] == 2.0


def test_unknown_ruleset_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Path
) -> None:
    f = assessment(tmp_path, "a.json", "x", **FULL3)
    code, _, err = run(capsys, "--content", str(content), "score", str(f), "--ruleset", "nope")
    assert code == 2
    assert len(err.splitlines()) == 1 and "rule set nope is not installed" in err


def test_broken_user_content_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    d = tmp_path / "mine"
    d.mkdir()
    (d / "bad.yaml").write_text("format: levelcheck.ruleset\nid: [", encoding="utf-8")
    f = assessment(tmp_path, "a.json", "x", A1_1=1)
    code, _, err = run(capsys, "--content", str(d), "score", str(f))
    assert code == 2
    assert (
        len(err.splitlines()) == 1
        and f"levelcheck: {d / 'bad.yaml'}:" in err
        and "invalid YAML" in err
    )


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["score", "--format", "xml", "a.json"])
    assert exc.value.code == 2


def test_entry_point_runs_as_a_module() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "levelcheck", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.startswith("levelcheck ")


def test_no_traceback_on_garbage(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"\x00\xff" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "levelcheck", "score", str(junk)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_import_export_and_score_documents(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = sorted(EXAMPLES.glob("*.json"))[0]
    doc = tmp_path / "batch" / "a.levelcheck"
    doc.parent.mkdir()
    code, out, _ = run(capsys, "import", str(src), "-o", str(doc))
    assert code == 0 and out.strip() == f"wrote {doc}"
    code, _, err = run(capsys, "import", str(src), "-o", str(doc))
    assert code == 2 and "already exists" in err
    code, out, _ = run(capsys, "score", str(doc.parent), str(src), "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows[0]["file"] == str(doc) and rows[0]["total"] == rows[1]["total"]
    code, _, _ = run(capsys, "export", str(doc), "-o", str(tmp_path / "s.json"), "--scrub")
    assert code == 0 and "anonymous" in (tmp_path / "s.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("junk", [b"", b"SQLite format 3\x00" + b"\x00" * 200, b"\x89PNG\r\n"])
def test_bad_documents_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, junk: bytes
) -> None:
    bad = tmp_path / "bad.levelcheck"
    bad.write_bytes(junk)
    for args in (["score", str(bad)], ["export", str(bad), "-o", str(tmp_path / "o.json")]):
        code, _, err = run(capsys, *args)
        assert code == 2 and len(err.splitlines()) == 1 and str(bad) in err
    assert bad.read_bytes() == junk
    assert not (tmp_path / "o.json").exists()


def test_jobs_give_the_same_results(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = []
    for n in range(12):
        for src in sorted(EXAMPLES.glob("*.json")):
            files.append(tmp_path / f"{n}-{src.name}")
            files[-1].write_bytes(src.read_bytes())
    (tmp_path / "zz-bad.json").write_text("{", encoding="utf-8")
    code1, out1, err1 = run(capsys, "score", str(tmp_path), "--format", "csv")
    code2, out2, err2 = run(capsys, "score", str(tmp_path), "--format", "csv", "--jobs", "2")
    assert code1 == code2 == 2
    assert out1 == out2 and len(out1.splitlines()) == 61
    assert err1 == err2 and "zz-bad.json" in err1


def test_roadmap_json_and_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = sorted(EXAMPLES.glob("*.json"))[1]
    code, out, _ = run(capsys, "roadmap", str(src), "--format", "json", "--no-budget")
    plan = json.loads(out)
    assert code == 0 and plan["reachable"] and plan["target"] == 3
    assert {"item", "from", "to", "effort_days", "cost_krw", "phase", "why"} <= set(
        plan["changes"][0]
    )
    code, out, _ = run(capsys, "roadmap", str(src), "--budget", "1000", "--lang", "en")
    assert code == 1 and "Not reachable — Over budget" in out
    for bad in ("9", "0", "-1", "x"):  # a usage error, as argparse reports them
        with pytest.raises(SystemExit) as exited:
            run(capsys, "roadmap", str(src), "--target", bad)
        assert exited.value.code == 2 and "a level is 1 to 5" in capsys.readouterr().err


def unwrapped(text: str, at: int) -> str:
    """Line ``at`` of a roadmap table with the indented lines it was wrapped into (at
    100 columns) joined again."""
    lines = text.splitlines()
    rest = []
    for line in lines[at + 1 :]:
        if not line.startswith("  "):
            break
        rest.append(line.strip())
    return " ".join([lines[at], *rest])


def test_roadmap_budget_for_the_company_share(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A 40M budget does not pay for the 80M project; as the company's share, with the
    win-win programme paying 60 % of it, it does, and the plan says how far it reaches."""
    src = sorted(EXAMPLES.glob("*.json"))[1]
    base = ("roadmap", str(src), "--budget", "40000000", "--lang")
    code, out, _ = run(capsys, *base, "en")
    assert code == 1 and out.splitlines()[1] == "Budget: 40.0M KRW for the whole project"
    code, out, _ = run(capsys, *base, "en", "--budget-basis", "own")
    assert code == 0 and unwrapped(out, 1) == (
        "Budget: 40.0M KRW for the company's share — with Win-win smart factory, Type 1 — "
        "upgrade 1, a project of up to 100.0M KRW"
    )
    code, out, _ = run(capsys, *base, "ko", "--budget-basis", "own")
    assert code == 0 and out.splitlines()[1].startswith(
        "예산: 기업 부담 4,000만 원 이내 — 지원사업("
    )
    code, out, _ = run(capsys, *base, "en", "--budget-basis", "own", "--format", "json")
    plan = json.loads(out)
    assert plan["funding"] == "winwin-type1-upgrade1-2022"
    assert plan["request"]["budget_basis"] == "own" and plan["project_ceiling_krw"] == 100_000_000


def test_roadmap_choices_are_saved_in_the_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = tmp_path / "a.levelcheck"
    run(capsys, "import", str(sorted(EXAMPLES.glob("*.json"))[0]), "-o", str(doc))
    code, out, _ = run(
        capsys,
        "roadmap",
        str(doc),
        "--no-budget",
        "--drop",
        "STR-SL-01-2",
        "--save",
        "--format",
        "json",
    )
    assert code == 0 and "STR-SL-01-2" not in [c["action"] for c in json.loads(out)["changes"]]
    code, out, _ = run(capsys, "roadmap", str(doc), "--format", "json")  # choices remembered
    plan = json.loads(out)
    assert plan["request"]["dropped"] == ["STR-SL-01-2"] and plan["request"]["no_budget"]
    assert "STR-SL-01-2" not in [c["action"] for c in plan["changes"]]


def test_the_app_without_a_screen_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    code, _, err = run(capsys)
    assert code == 2
    assert err.strip() == (
        "levelcheck: no screen to show the app on (DISPLAY is not set); the command line "
        "works without one: levelcheck --help"
    )
