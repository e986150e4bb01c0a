"""The ``levelcheck`` command line: the same core as the app, without Qt.

Exit codes: 0 ok; 1 a finding (invalid content, a failed verification); 2 bad input
or usage. Problems are one line each on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import errno
import itertools
import json
import locale
import os
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # only a type: importing it at run time would load pydantic for every start
    from levelcheck.core.text import Lang

from levelcheck import __version__
from levelcheck.core.errors import LevelCheckError, set_warning_sink

EXIT_OK, EXIT_FINDING, EXIT_BAD_INPUT = 0, 1, 2


def default_lang() -> Lang:
    """Korean on a Korean system, else English (``--lang`` overrides): the first of
    LC_ALL, LC_MESSAGES and LANG that is set, as POSIX programs do. When none is set
    (Windows, where LANG is usually absent), Python's locale, which there is the user's
    Windows locale ("Korean_Korea"); a "C" or unknown locale is English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return _lang_of(value)
    try:
        name = locale.getlocale()[0]
    except ValueError:  # an environment value Python cannot parse
        name = None
    return _lang_of(name or "")


def _lang_of(locale_name: str) -> Lang:
    """``ko_KR.UTF-8`` and ``ko`` (POSIX) or ``Korean_Korea`` (Windows) are Korean."""
    return "ko" if locale_name.lower().startswith(("ko", "korean")) else "en"


LANG_DEFAULT = (
    "(default: Korean when LC_ALL, LC_MESSAGES or LANG, the first that is set, starts "
    "with 'ko', else English; with none set, the system's locale)"
)
LANG_HELP = "the output's language " + LANG_DEFAULT
FORMAT_HELP = "the output's format (default: %(default)s)"
EXIT_CODES = (
    "exit codes: 0 ok; 1 a finding (invalid content, a target out of reach, a failed "
    "verification); 2 bad input or usage. Problems are printed one per line."
)
ACTION_HELP = (
    "ACTION is an upgrade action's id, ITEM-LEVEL (the item and the level it reaches, "
    "e.g. PRC-PP-02-2), as the first column of the roadmap table shows"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="levelcheck",
        description="Smart-factory level assessment: check content, score assessments, "
        "plan the upgrade path, write and verify signed PDF reports, import and export "
        "assessments. With no command, the desktop app.",
        epilog=EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"levelcheck {__version__}")
    parser.add_argument(
        "--content",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="a folder of your own questionnaires, rule sets and upgrade catalogs "
        "(repeatable); for a questionnaire, the catalog with the newest version is used",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="the desktop app (also: levelcheck with no command)")
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="a .levelcheck document, or a .json assessment to import",
    )
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("validate", help="check questionnaires, rule sets and upgrade catalogs")
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders (default: the installed content and the --content folders)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("score", help="score saved assessments offline")
    p.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help=".levelcheck or .json files, or folders searched recursively",
    )
    p.add_argument("--ruleset", metavar="ID", help="score with this rule set instead")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table", help=FORMAT_HELP)
    p.add_argument("--lang", choices=("ko", "en"), default=None, help=LANG_HELP)
    p.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="spread a large batch over N processes"
    )
    p.set_defaults(func=cmd_score)

    p = sub.add_parser(
        "roadmap",
        help="the upgrade path to the next (or a chosen) level",
        description="The upgrade path to the next (or a chosen) level. " + ACTION_HELP + ".",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="a .levelcheck or .json assessment")
    p.add_argument(
        "--target", type=_level, metavar="LEVEL", help="1 to 5 (default: the next level)"
    )
    p.add_argument(
        "--optimize",
        choices=("effort", "cost"),
        default=None,
        help="least person-days (default) or least expected cost",
    )
    budget = p.add_mutually_exclusive_group()
    budget.add_argument(
        "--budget",
        type=_budget,
        metavar="KRW",
        help="cap the expected cost (default: the company profile's budget_krw, if any)",
    )
    budget.add_argument("--no-budget", action="store_true", help="plan without a budget cap")
    p.add_argument(
        "--budget-basis",
        choices=("project", "own"),
        default=None,
        help="what the budget pays for: the whole project cost (default), or the company's "
        "own share after the best eligible support programme",
    )
    p.add_argument(
        "--pin",
        action="append",
        default=[],
        metavar="ACTION",
        help="keep this action in the plan, e.g. PRC-PP-02-2 (repeatable)",
    )
    p.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="ACTION",
        help="leave this action out, e.g. PRC-PP-02-2 (repeatable)",
    )
    p.add_argument(
        "--save", action="store_true", help="store these choices in the .levelcheck document"
    )
    p.add_argument("--format", choices=("table", "json"), default="table", help=FORMAT_HELP)
    p.add_argument("--lang", choices=("ko", "en"), default=None, help=LANG_HELP)
    p.set_defaults(func=cmd_roadmap)

    p = sub.add_parser("report", help="a signed, certification-style PDF report")
    p.add_argument(
        "sources",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="a .levelcheck or .json assessment (or, with --out-dir, files/folders)",
    )
    p.add_argument("-o", "--output", type=Path, metavar="OUT.pdf", help="one report")
    p.add_argument(
        "--out-dir", type=Path, metavar="DIR", help="batch: one PDF per assessment (not with -o)"
    )
    p.add_argument("--lang", choices=("ko", "en"), default=None, help=LANG_HELP)
    p.add_argument("--theme", type=Path, metavar="FILE", help="a theme YAML file")
    p.add_argument(
        "--templates", type=Path, metavar="DIR", help="your own template folder (runs sandboxed)"
    )
    p.add_argument(
        "--html", type=Path, metavar="OUT.html", help="also write the HTML (one report only)"
    )
    p.add_argument(
        "--key",
        type=Path,
        metavar="FILE.p12",
        help="the issuer key (default: the one made by 'levelcheck keys init'); its "
        "passphrase from LEVELCHECK_KEY_PASSPHRASE, else asked for on a terminal",
    )
    p.add_argument("--unsigned", action="store_true", help="do not sign (drafts)")
    p.add_argument("--issued", type=_date, metavar="YYYY-MM-DD", help="issue date (default today)")
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="a batch over N processes (one report is always one process)",
    )
    p.add_argument("--force", action="store_true", help="replace existing output files")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "verify",
        help="check a report's signature and re-score its data",
        description="Check a signed report: signed once by a trusted key, nothing changed "
        "or added since, the embedded assessment re-scores to the signed level and total, "
        "the dates agree (issued after the assessment, not expired). OK is followed by "
        "the dates, the signer, the signing time (the signer's own claim) and the signer's "
        "SHA-256 fingerprint. It does not read the pages: compare the cover with the OK "
        "lines.",
    )
    p.add_argument("pdf", type=Path, metavar="REPORT.pdf")
    p.add_argument(
        "--trust",
        action="append",
        type=Path,
        default=[],
        metavar="CERT",
        help="a trusted issuer certificate, repeatable (default: your own issuer's, "
        "from 'levelcheck keys init')",
    )
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("keys", help="the issuer key that signs reports")
    keys = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    k = keys.add_parser("init", help="make the issuer's key and self-signed certificate")
    k.add_argument("--name", default=None, help="the issuer's name (default: your user name)")
    k.add_argument("--organisation", default="", help="the issuing organisation")
    k.add_argument("--dir", type=Path, default=None, help="where (default: your config folder)")
    k.add_argument(
        "--force",
        action="store_true",
        help="replace an existing key (reports it signed then verify with --trust OLD.crt)",
    )
    k.add_argument("--if-missing", action="store_true", help="do nothing if a key exists")
    k.set_defaults(func=cmd_keys_init)

    p = sub.add_parser("import", help="turn an assessment JSON file into a .levelcheck document")
    p.add_argument("source", type=Path, metavar="FILE.json")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.levelcheck")
    p.add_argument("--force", action="store_true", help="replace the output if it exists")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export", help="write an assessment as JSON, or its items as a CSV table (one row each)"
    )
    p.add_argument("source", type=Path, metavar="FILE", help="a .levelcheck or .json assessment")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    p.add_argument(
        "--format",
        choices=("json", "csv"),
        default=None,
        help="json: the interchange file; csv: one row per item with its answer and score, "
        "UTF-8 with a BOM for Excel (default: from OUT's name, .csv or else json)",
    )
    p.add_argument(
        "--lang",
        choices=("ko", "en"),
        default=None,
        help="csv: the titles' language " + LANG_DEFAULT,
    )
    p.add_argument(
        "--no-evidence",
        action="store_true",
        help="list evidence (names, sizes, hashes) without the files",
    )
    p.add_argument(
        "--scrub",
        action="store_true",
        help="anonymous sample: no names, contacts, notes or evidence files",
    )
    p.add_argument("--force", action="store_true", help="replace the output if it exists")
    p.set_defaults(func=cmd_export)
    for command in sub.choices.values():  # every command's --help ends with them too
        command.epilog = EXIT_CODES
    return parser


# Commands that end the program with os._exit once their output is flushed (see run()):
# everything they write is complete and closed when they return. Not the app: Qt and its
# temporary files are cleaned up by a normal exit.
QUICK_EXIT = frozenset({"validate", "score", "roadmap", "report", "verify", "keys", "import",
                        "export"})  # fmt: skip
_finished: str | None = None  # the command main() ran last
_output_broken = False  # stdout could not be written, and it was said


def run() -> None:
    """The program's entry point: :func:`main`, then exit. A command-line command ends
    with ``os._exit`` after flushing its output: tearing down the modules a signed report
    loads (pyHanko, cryptography, pydantic, numpy…) took 0.11–0.14 s of a 1.6 s report,
    and nothing is left to clean up by then. Output that cannot be written at that last
    flush (a full disk) is one line and exit 2, as in :func:`main`."""
    code = main()
    if _finished in QUICK_EXIT:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            pass  # piped into something that stopped reading: quiet, as in main()
        except OSError as exc:
            if not _output_broken:  # said once, when main() met it
                code = _output_failed(exc)
        except ValueError:
            pass  # closed
        with contextlib.suppress(OSError, ValueError):  # closed: a broken pipe
            sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    global _finished
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui"])
    func: Callable[[argparse.Namespace], int] = args.func
    _finished = args.command
    try:
        _check_usage(args)
        if args.command != "gui":
            # a document's warnings ("not closed properly …") as one stderr line each
            set_warning_sink(_warning_line)
        return func(args)
    except LevelCheckError as exc:
        _say(f"levelcheck: {exc}", err=True)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # output piped into something that stopped reading (e.g. head)
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRNOS:
            raise
        return _output_failed(exc)


# Write errors that reach main() come from stdout or stderr (files are written through
# core.files, which turns its errors into one line): a full disk or quota, a file too
# large, an I/O error — `levelcheck score … > /dev/full`. A closed pipe stays quiet.
OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _output_failed(exc: BaseException) -> int:
    """One line for output that could not be written, exit 2 (bad input or usage:
    nothing was found, the command could not do its work). When stderr is what fails,
    there is nowhere to say it: the exit code alone tells."""
    global _output_broken
    _output_broken = True
    why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"levelcheck: cannot write the output: {why}\n")
        sys.stderr.flush()
    return EXIT_BAD_INPUT


# Characters that drive a terminal rather than show: C0 controls but tab, DEL, C1, and
# the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
# reorder what follows them. Free text from a file (a company name, a file name) shows
# them escaped, as ``\x1b`` or ``\u202e``; Korean and punctuation are untouched.
_TERMINAL_ESCAPES = {
    c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
    for c in (*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0),
              *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}  # fmt: skip


def terminal_safe(text: str) -> str:
    """``text`` with the characters that could drive a terminal shown escaped."""
    return text.translate(_TERMINAL_ESCAPES)


def _warning_line(line: str) -> None:
    """A file's warning ("not closed properly …"), as one stderr line; a module-level
    function, so that batch workers can be given it (core.errors.warning_sink)."""
    _say(f"levelcheck: {line}", err=True)


def _say(line: str, *, err: bool = False) -> None:
    """One line for a person (stdout, or stderr with ``err``), escaped (a line break in
    it too): lines carry names and values from files, some made by others (a signer's
    name in a PDF)."""
    print(terminal_safe(line), file=sys.stderr if err else sys.stdout)


def _check_usage(args: argparse.Namespace) -> None:
    """Usage errors argparse cannot see alone, before any work: one line and exit 2, as
    the commands' own usage errors ("give one FILE and -o OUT.pdf…"). Not argparse's
    ``parser.error``, which would print the top-level usage, not the command's."""
    if args.command == "roadmap":
        both = sorted(set(args.pin) & set(args.drop))
        if both:
            raise LevelCheckError(f"an action cannot be both pinned and dropped: {', '.join(both)}")
    if args.command == "report":
        if args.output is not None and args.out_dir is not None:
            raise LevelCheckError("give -o OUT.pdf or --out-dir DIR, not both")
        if args.html is not None and (args.out_dir is not None or len(args.sources) != 1):
            raise LevelCheckError("--html needs a single report (one FILE and -o OUT.pdf)")
        if args.issued is not None:
            import datetime as dt

            if args.issued > dt.date.today():
                raise LevelCheckError(
                    f"--issued {args.issued}: an issue date cannot be in the future"
                )


def _level(text: str) -> int:
    try:
        level = int(text)
    except ValueError:
        level = 0
    if not 1 <= level <= 5:
        raise argparse.ArgumentTypeError(f"a level is 1 to 5: {text!r}")
    return level


def _budget(text: str) -> int:
    try:
        krw = int(text)
    except ValueError:
        krw = -1
    if krw < 0:
        raise argparse.ArgumentTypeError(f"a budget is a whole number of won, 0 or more: {text!r}")
    return krw


def cmd_gui(args: argparse.Namespace) -> int:
    if not _has_screen():
        raise LevelCheckError(
            "no screen to show the app on (DISPLAY is not set); the command line works "
            "without one: levelcheck --help"
        )
    try:
        from levelcheck.gui.app import main as gui_main
    except ImportError as exc:  # e.g. Qt's system libraries are missing
        raise LevelCheckError(f"the desktop app cannot start: {exc}") from None
    return gui_main(["levelcheck", *map(str, args.files)])


def _has_screen() -> bool:
    """Qt aborts the process when it finds no display; say so in one line instead."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# --- validate --------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from levelcheck.core.content import ContentLibrary, shipped_dir
    from levelcheck.core.validate import validate_library

    installed = [shipped_dir("questionnaires"), *args.content]
    if args.paths:
        for p in args.paths:
            if not p.exists():
                raise LevelCheckError("no such file or folder", file=p)
        lib = ContentLibrary.load(primary=args.paths, reference=installed)
    else:
        lib = ContentLibrary.load(primary=installed)
    problems = validate_library(lib)
    if args.paths and not lib.primary and not problems:
        # nothing to check is not "ok": a wrong folder would look like valid content
        raise LevelCheckError("no questionnaire, rule set or catalog found",
                              file=", ".join(map(str, args.paths)))  # fmt: skip
    for problem in problems:
        _say(str(problem))  # quotes keys and values from the user's files
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", file=sys.stderr)
        return EXIT_FINDING
    nq = sum(1 for k in lib.primary if k[0] == "q")
    nr = sum(1 for k in lib.primary if k[0] == "r")
    nc = sum(1 for k in lib.primary if k[0] == "c")
    print(
        f"ok: {nq} questionnaire{'s' * (nq != 1)}, {nr} rule set{'s' * (nr != 1)}, "
        f"{nc} upgrade catalog{'s' * (nc != 1)}"
    )
    return EXIT_OK


# --- score -----------------------------------------------------------------------------

ASSESSMENT_SUFFIXES = (".json", ".levelcheck")


def is_assessment_name(path: Path) -> bool:
    """A name that looks like an assessment; case does not matter (``UP.JSON``)."""
    return path.suffix.lower() in ASSESSMENT_SUFFIXES


def assessment_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Files named directly, and assessment files found recursively in folders. A
    folder is searched whatever its name, never read as a file: one called
    ``dir.json`` inside a folder is searched like the folder given directly. A folder
    with nothing to score is one line (exit 2) before any work: an empty result
    would look like success."""
    for p in paths:
        yield from _assessments_in(p) if p.is_dir() else (p,)


def _assessments_in(folder: Path) -> list[Path]:
    found = sorted(f for f in folder.rglob("*") if is_assessment_name(f) and not f.is_dir())
    if not found:
        raise LevelCheckError("no .levelcheck or .json files found", file=str(folder))
    return found


def assessment_sources(paths: Sequence[Path]) -> Iterator[tuple[Path, Path]]:
    """Each assessment file with its name relative to the folder it was found in (the
    file's own name when given directly): a batch report mirrors that under --out-dir."""
    for p in paths:
        if p.is_dir():
            for f in _assessments_in(p):
                yield f, f.relative_to(p)
        else:
            yield p, Path(p.name)


def cmd_score(args: argparse.Namespace) -> int:
    from levelcheck.core.batch import score_batch

    lang: Lang = args.lang or default_lang()
    _check_jobs(args.jobs)
    paths = list(assessment_files(args.files))
    rows: list[dict[str, Any]] = []
    failed = 0
    with _progress(len(paths)) as bar:
        for outcome in score_batch(paths, args.ruleset, args.content, jobs=args.jobs):
            bar.update(1)
            if isinstance(outcome, str):
                bar.write(f"levelcheck: {terminal_safe(outcome)}", file=sys.stderr)
                failed += 1
            else:
                rows.append(outcome)
    writer = {"json": _write_json, "csv": _write_csv, "table": _write_table}[args.format]
    writer(rows, sys.stdout, lang)
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _check_jobs(jobs: int) -> None:
    if jobs < 1:
        raise LevelCheckError("--jobs takes a whole number of 1 or more")


def _progress(total: int) -> Any:
    """A progress bar on a terminal for batches; silent when piped or for a few files."""
    from tqdm import tqdm

    show = total > 20 and sys.stderr.isatty()
    return tqdm(total=total, disable=not show, unit="file", file=sys.stderr, leave=False)


def cmd_roadmap(args: argparse.Namespace) -> int:
    from levelcheck.core.planning import plan_for_file
    from levelcheck.core.roadmap import UnknownActions

    lang: Lang = args.lang or default_lang()
    notes: list[str] = []  # where choices saved into an old document went
    try:
        plan, company = plan_for_file(
            args.file,
            extra_content=args.content,
            target=args.target,
            optimize=args.optimize,
            budget_krw=args.budget,
            no_budget=args.no_budget,
            budget_basis=args.budget_basis,
            pin=args.pin,
            drop=args.drop,
            save=args.save,
            notes=notes,
        )
    except UnknownActions as exc:
        raise _unknown_actions(args, exc) from None
    except LevelCheckError as exc:  # every line names the file, as score's do
        if exc.file is None:
            exc.file = str(args.file)
        raise
    for note in notes:
        _say(f"levelcheck: {note}", err=True)
    if args.format == "json":
        json.dump(plan.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from levelcheck.core.plan_text import plan_lines

        for line in plan_lines(plan, company.name, lang):
            _say(line)
    return EXIT_OK if plan.reachable else EXIT_FINDING


def _unknown_actions(args: argparse.Namespace, exc: LevelCheckError) -> LevelCheckError:
    """The planner's "unknown action(s)" as one line about the file, with the ids that
    were probably meant: those that start with what was given (an item id, PRC-PP-02,
    gives its steps PRC-PP-02-2…), else near spellings. The planner knows neither the
    file nor the catalog's other ids, so the catalog is looked up again here, on this
    error path only. Unknown ids that were not given now come from the choices saved in
    the document (a catalog changed since): the planner's message then stands. (The error
    is recognised by its message: a PlanningError subclass carrying the unknown ids
    would be sturdier, in core/roadmap.py.)"""
    import difflib

    from levelcheck.core.interchange import read_assessment
    from levelcheck.core.service import ScoringService

    service = ScoringService.installed(args.content)
    assessment = read_assessment(args.file)
    scorer = service.scorer(service.ruleset_for(assessment))
    known = sorted(service.library.catalog_for(scorer.q).action_map)
    given = [a for a in dict.fromkeys([*args.pin, *args.drop]) if a not in known]
    if not given:
        return LevelCheckError(f"{exc.message} (in the saved plan choices)", file=args.file)
    parts = []
    for action in given:
        near = [k for k in known if k.upper().startswith(action.upper())]
        near = near or difflib.get_close_matches(action, known, n=3)
        if near:
            shown = _one_of(near)
            parts.append(f"{action} (did you mean {shown}?)")
        else:
            parts.append(action)
    what = "unknown action" if len(given) == 1 else "unknown actions"
    return LevelCheckError(f"{what} {'; '.join(parts)}", file=args.file)


def _one_of(ids: Sequence[str], most: int = 5) -> str:
    """``a, b or c``; a long list (``PRC`` starts 88 ids) as its first few and a count."""
    if len(ids) > most:
        return f"{', '.join(ids[: most - 1])} or {len(ids) - most + 1} more"
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} or {ids[-1]}"


def _date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_report(args: argparse.Namespace) -> int:
    from levelcheck.report.renderer import RenderProcess

    lang: Lang = args.lang or default_lang()
    _check_jobs(args.jobs)
    if args.out_dir is None:
        if len(args.sources) != 1 or args.output is None:
            raise LevelCheckError("give one FILE and -o OUT.pdf, or --out-dir DIR for a batch")
        targets, made = [(args.sources[0], args.output)], set[Path]()
    else:
        targets, made = _batch_targets(args.sources, args.out_dir)
    # One report: WeasyPrint starts in its own process first thing, so that its start
    # overlaps all of ours (see levelcheck/report/renderer.py); only the cheap checks of
    # the outputs come before it (report.job imports nothing heavy).
    from levelcheck.report.job import ReportJob, check_outputs

    job = ReportJob(
        lang=lang,
        theme=args.theme,
        templates=args.templates,
        key=args.key,
        unsigned=args.unsigned,
        issued=args.issued,
        force=args.force,
        content=tuple(args.content),
        html=args.html,
    )
    single = args.out_dir is None
    if single:
        check_outputs(targets[0][0], targets[0][1], job)
    renderer = RenderProcess(args.templates) if single else None
    try:
        job = _with_passphrase(job)
    except BaseException:
        if renderer is not None:
            renderer.close()
        raise
    from levelcheck.report.service import report_batch

    failed = 0
    try:
        with _progress(len(targets)) as bar:
            for _source, outcome in report_batch(targets, job, jobs=args.jobs,
                                                 renderer=renderer):  # fmt: skip
                bar.update(1)
                if outcome.startswith("error: "):
                    line = terminal_safe(f"levelcheck: {outcome.removeprefix('error: ')}")
                    bar.write(line, file=sys.stderr)
                    failed += 1
                elif bar.disable:  # no progress bar: every report is named, on a terminal
                    _say(outcome)
    except LevelCheckError:  # the batch's own (its key): nothing was written
        _remove_empty_folders(made)
        raise
    if not bar.disable and len(targets) > failed:
        print(f"wrote {len(targets) - failed} reports to {args.out_dir}")
    if failed:
        _remove_empty_folders(made)
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _remove_empty_folders(made: Collection[Path]) -> None:
    """After a batch with failures: the output folders this batch made for reports that
    all failed (``OUT/sub/`` for a broken ``sub/x.json``) are taken away again when
    empty, deepest first. Folders that were there before stay, empty or not."""
    for folder in sorted(made, key=lambda f: len(f.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty
            folder.rmdir()


def _with_passphrase(job: Any) -> Any:
    """The job with the signing key's passphrase, asked for once before any work (a
    batch over processes cannot ask); nothing to ask when unsigned."""
    import dataclasses

    from levelcheck.report.keys import issuer_key, key_passphrase

    if job.unsigned:
        return job
    key = issuer_key(job.key)
    return dataclasses.replace(job, passphrase=key_passphrase(key, probe=job.key is not None))


def _batch_targets(
    sources: Sequence[Path], out_dir: Path
) -> tuple[list[tuple[Path, Path]], set[Path]]:
    """Each source with its PDF under ``out_dir``, mirroring the folders it was found
    in (``coll/a/x.json`` given as ``coll`` → ``OUT/a/x.pdf``), so that files of the same
    name in different folders keep their reports apart. Two sources that still map to
    the same PDF (``x.json`` beside ``x.levelcheck``) stop the batch before any
    rendering, naming both. The output folders are made here; the ones that were not
    there before are returned too."""
    if out_dir.exists() and not out_dir.is_dir():
        raise LevelCheckError("not a folder", file=str(out_dir))
    targets: list[tuple[Path, Path]] = []
    seen: dict[str, Path] = {}
    for source, relative in assessment_sources(sources):
        target = out_dir / relative.with_suffix(".pdf")
        key = os.path.normcase(os.path.abspath(target)).casefold()
        if key in seen:
            raise LevelCheckError(f"same output name as {seen[key]} ({target})", file=str(source))
        seen[key] = source
        targets.append((source, target))
    made: set[Path] = set()
    for folder in sorted({t.parent for _, t in targets}):
        missing = list(itertools.takewhile(lambda f: not f.exists(), (folder, *folder.parents)))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LevelCheckError(f"cannot make the folder: {exc.strerror or exc}",
                                  file=str(folder)) from None  # fmt: skip
        made.update(missing)
    return targets, made


def cmd_verify(args: argparse.Namespace) -> int:
    from levelcheck.report.verify import verify_report

    verdict = verify_report(args.pdf, trusted=args.trust, extra_content=args.content)
    for line in verdict.lines:
        _say(line)  # names from a PDF someone else made
    return EXIT_OK if verdict.ok else EXIT_FINDING


def cmd_keys_init(args: argparse.Namespace) -> int:
    from levelcheck.report.keys import init_issuer_key

    said = init_issuer_key(
        args.dir,
        name=args.name,
        organisation=args.organisation,
        force=args.force,
        if_missing=args.if_missing,
    )
    for line in said.splitlines():
        _say(line)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from levelcheck.core.interchange import import_json

    import_json(args.source, args.output, overwrite=args.force, extra_content=args.content)
    print(f"wrote {args.output}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from levelcheck.core.files import is_document, output_target
    from levelcheck.core.interchange import export_json

    # before any work: never over the source, a folder or a device (core.files)
    output_target(args.output, overwrite=args.force, inputs=[args.source])
    if args.format is None:  # `-o x.csv` means CSV; JSON written into x.csv would mislead
        args.format = "csv" if args.output.suffix.lower() == ".csv" else "json"
    if args.format == "csv":
        from levelcheck.core.service import ScoringService
        from levelcheck.core.tabular import export_csv

        if args.scrub or args.no_evidence:
            raise LevelCheckError("--scrub and --no-evidence apply to --format json only")
        lang: Lang = args.lang or default_lang()
        service = ScoringService.installed(args.content)
        export_csv(args.source, args.output, service, lang, overwrite=args.force)
    elif is_document(args.source):
        export_json(args.source, args.output, evidence=not args.no_evidence, scrub=args.scrub,
                    overwrite=args.force)  # fmt: skip
    else:
        _export_json_file(args)
    print(f"wrote {args.output}")
    return EXIT_OK


def _export_json_file(args: argparse.Namespace) -> None:
    """A JSON assessment exported again: validated and written in the canonical form,
    with the same --scrub and --no-evidence as a document."""
    from levelcheck.core.assessment import load_assessment
    from levelcheck.core.interchange import scrubbed, write_json

    assessment = load_assessment(args.source)
    if args.scrub:
        assessment = scrubbed(assessment)
    elif args.no_evidence:
        answers = {
            k: a.model_copy(update={"evidence": [e.model_copy(update={"data": None})
                                                 for e in a.evidence]})
            for k, a in assessment.answers.items()
        }  # fmt: skip
        assessment = assessment.model_copy(update={"answers": answers})
    write_json(assessment, args.output, overwrite=args.force, inputs=[args.source])


def _write_json(rows: list[dict[str, Any]], out: TextIO, lang: Lang) -> None:
    json.dump(rows, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _write_csv(rows: list[dict[str, Any]], out: TextIO, lang: Lang) -> None:
    from levelcheck.core.tabular import csv_text  # export's guard against formulas

    areas = list(rows[0]["areas"]) if rows else []
    cats = list(rows[0]["categories"]) if rows else []
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        [
            "file",
            "company",
            "ruleset",
            "ruleset_version",
            "total",
            "level",
            "stage",
            "provisional",
            "completeness",
            *areas,
            *cats,
        ]
    )
    for r in rows:
        w.writerow(
            [
                csv_text(r["file"]),
                csv_text(r["company"]),
                csv_text(r["ruleset"]["id"]),
                csv_text(r["ruleset"]["version"]),
                _blank(r["total"]),
                _blank(r["level"]),
                r["stage"][lang] if r["stage"] else "",
                "yes" if r["provisional"] else "no",
                r["completeness"],
                *[
                    _blank(
                        r["areas"][a]["score"] if r["total"] is not None else r["areas"][a]["level"]
                    )
                    for a in areas
                ],
                *[
                    _blank(
                        r["categories"][c]["score"]
                        if r["total"] is not None
                        else r["categories"][c]["level"]
                    )
                    for c in cats
                ],
            ]
        )


def _blank(x: object) -> str:
    return "" if x is None else str(x)


def _write_table(rows: list[dict[str, Any]], out: TextIO, lang: Lang) -> None:
    if not rows:
        return  # every file failed: the errors said so, an empty table adds nothing
    head = {
        "ko": ("파일", "회사", "총점", "수준", "단계", "완료율"),
        "en": ("file", "company", "total", "level", "stage", "complete"),
    }[lang]
    body = []
    for r in rows:
        if r["total"] is None:  # a profile rule set: show the area levels instead
            total = " ".join(f"{a}={_blank(g['level'])}" for a, g in r["areas"].items())
        else:
            total = f"{r['total']:.1f}"
        level = f"Level {r['level']}" if r["level"] is not None else "-"
        stage = (r["stage"][lang] if r["stage"] else "-") + (" *" if r["provisional"] else "")
        file, company = terminal_safe(r["file"]), terminal_safe(r["company"])
        body.append((file, company, total, level, stage, f"{round(r['completeness'] * 100)}%"))
    table = [head, *body]
    widths = [max(_width(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        out.write("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() + "\n")
    if any(r["provisional"] for r in rows):
        out.write(
            {"ko": "* 잠정: 미응답 문항 있음\n", "en": "* provisional: unanswered items\n"}[lang]
        )


def _width(s: str) -> int:
    """Display width: Hangul and other wide characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))
