"""Finding, loading and resolving content: questionnaires and rule sets.

Shipped content (``questionnaires/`` at the top of the source tree) is packaged
inside the wheel and the frozen app as ``levelcheck/_content/``; it is found with
:mod:`importlib.resources`, never relative to the working directory. Users may add
folders of their own; those are loaded with the same validation.

Every file is checked completely: the loader collects *all* problems it finds as
:class:`ContentError` values (``file:line:col: message``) instead of stopping at the
first, which is what ``levelcheck validate`` prints.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

import levelcheck
from levelcheck.core.catalog import Catalog
from levelcheck.core.errors import ContentError, LevelCheckError
from levelcheck.core.paths import shipped_dir as shipped_dir  # (where it used to live)
from levelcheck.core.questionnaire import Questionnaire
from levelcheck.core.ruleset import RuleSet
from levelcheck.core.safeyaml import LoadedYaml, load_yaml_file

CONTENT_SUFFIXES = (".yaml", ".yml")
CACHE_FORMAT = "1"  # of ContentLibrary.load_cached's copies
Key = tuple[str, str]


def content_files(paths: Iterable[Path]) -> list[Path]:
    """YAML files named directly, or found (recursively, sorted) in folders."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix in CONTENT_SUFFIXES))
        else:
            out.append(p)
    return out


@dataclass
class _Source:
    """One parsed file waiting to become a model."""

    doc: LoadedYaml
    kind: str
    primary: bool


@dataclass
class ContentLibrary:
    """All questionnaires and rule sets available to a run, by (id, version)."""

    questionnaires: dict[Key, Questionnaire] = field(default_factory=dict)
    rulesets: dict[Key, RuleSet] = field(default_factory=dict)
    catalogs: dict[Key, Catalog] = field(default_factory=dict)
    docs: dict[tuple[str, str, str], list[LoadedYaml]] = field(default_factory=dict)
    problems: list[ContentError] = field(default_factory=list)
    primary: set[tuple[str, str, str]] = field(default_factory=set)
    failed: set[Key] = field(default_factory=set)  # questionnaires present but invalid

    # --- loading -----------------------------------------------------------------------
    @classmethod
    def load(cls, primary: Sequence[Path] = (), reference: Sequence[Path] = ()) -> ContentLibrary:
        """Load content. Problems of ``primary`` files are collected in ``problems``;
        ``reference`` files (usually the shipped content) supply definitions that the
        primary files refer to, and their problems are not reported.

        A primary file that defines what a reference file already defines (the same
        kind, id and version) is reported as a duplicate at the primary file, as it is
        when both are used together (``--content DIR``): ``validate DIR`` answers "can
        DIR be used beside the installed content?". A file that is both (``validate
        questionnaires/``) counts as primary."""
        lib = cls()
        sources: list[_Source] = []
        primary_files = content_files(primary)
        both = {path.resolve() for path in primary_files}  # read as primary only
        seen: set[Path] = set()
        # reference first, so that a clash is reported at the primary file
        for files, is_primary in ((content_files(reference), False), (primary_files, True)):
            for path in files:
                real = path.resolve()
                if real in seen or (not is_primary and real in both):
                    continue
                seen.add(real)
                src = lib._parse(path, is_primary)
                if src is not None:
                    sources.append(src)
        lib._build(sources)
        return lib

    @classmethod
    def load_cached(cls, primary: Sequence[Path]) -> ContentLibrary:
        """:meth:`load`, kept in the user's cache folder between runs: parsing and
        validating the content takes about 70 ms, reading it back 8 ms (a report's
        start-up). The copy is named after every content file's path, size and time, the
        code that defines the models (``levelcheck/core``) and the Python and pydantic
        versions, so any change makes a new one; only a library without problems is
        kept, and a copy that cannot be read is made again. The cache is the user's own
        folder, as trusted as the installed code."""
        import contextlib
        import hashlib
        import os
        import pickle
        import sys

        import pydantic

        from levelcheck.core.paths import cache_root

        try:
            files = content_files(primary)
            code = sorted(Path(__file__).parent.glob("*.py"))
            if getattr(sys, "frozen", False):  # a packaged app: its build stands for the code
                code.append(Path(sys.executable))
            parts = [sys.version, pydantic.VERSION, levelcheck.__version__, CACHE_FORMAT]
            for f in [*files, *code]:
                st = f.stat()
                parts.append(f"{f.resolve()}:{st.st_size}:{st.st_mtime_ns}")
            key = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]
            target = cache_root() / "content" / f"library-{key}.pickle"
        except OSError:
            return cls.load(primary)
        try:
            with target.open("rb") as fh:
                lib = pickle.load(fh)
            if isinstance(lib, cls):
                return lib
        except Exception:  # missing, damaged, or from an older LevelCheck: make it again
            pass
        lib = cls.load(primary)
        if lib.problems:
            return lib
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(pickle.dumps(lib, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(target)
            for old in target.parent.glob("library-*.pickle"):
                if old != target:
                    old.unlink(missing_ok=True)
        except OSError:  # no cache: the next run parses again
            with contextlib.suppress(OSError):
                tmp.unlink()
        return lib

    def _report(self, problem: ContentError, primary: bool) -> None:
        if primary:
            self.problems.append(problem)

    def _parse(self, path: Path, primary: bool) -> _Source | None:
        try:
            doc = load_yaml_file(path)
        except ContentError as exc:
            self._report(exc, primary)
            return None
        kind = doc.data.get("format") if isinstance(doc.data, dict) else None
        if kind not in ("levelcheck.questionnaire", "levelcheck.ruleset", "levelcheck.catalog"):
            self._report(
                doc.error((), "not a LevelCheck content file (no 'format: levelcheck.…')")
                if kind is None
                else doc.error(("format",), f"unknown content format {kind!r}"),
                primary,
            )
            return None
        return _Source(doc, kind, primary)

    def _build(self, sources: list[_Source]) -> None:
        by_key: dict[tuple[str, str, str], _Source] = {}
        for s in sources:
            k = _key_of(s)
            if k in by_key and k[1]:
                self._report(
                    s.doc.error(
                        ("id",),
                        f"{k[1]} {k[2]} is also defined in {by_key[k].doc.file}: "
                        "give this one its own id or version",
                    ),
                    s.primary,
                )
                continue
            by_key[k] = s
        for s in sources:
            if s.kind == "levelcheck.questionnaire" and by_key.get(_key_of(s)) is s:
                q = self._validate(Questionnaire, s.doc.data, [s.doc], s.primary)
                if q is None:
                    self.failed.add(_key_of(s)[1:])
                else:
                    self.questionnaires[q.ref] = q
                    self.docs[("q", *q.ref)] = [s.doc]
                    if s.primary:
                        self.primary.add(("q", *q.ref))
        for s in sources:
            if s.kind == "levelcheck.catalog" and by_key.get(_key_of(s)) is s:
                cat = self._validate(Catalog, s.doc.data, [s.doc], s.primary)
                if cat is not None:
                    self.catalogs[cat.ref] = cat
                    self.docs[("c", *cat.ref)] = [s.doc]
                    if s.primary:
                        self.primary.add(("c", *cat.ref))
        rulesets = {k: s for k, s in by_key.items() if s.kind == "levelcheck.ruleset"}
        for s in rulesets.values():
            chain = self._extends_chain(s, rulesets)
            if chain is None:
                continue
            merged: dict[str, Any] = {}
            for link in reversed(chain):
                merged = _deep_merge(merged, link.doc.data)
            docs = [link.doc for link in chain]
            rs = self._validate(RuleSet, merged, docs, s.primary)
            if rs is not None:
                self.rulesets[rs.ref] = rs
                self.docs[("r", *rs.ref)] = docs
                if s.primary:
                    self.primary.add(("r", *rs.ref))

    def _extends_chain(
        self, s: _Source, rulesets: dict[tuple[str, str, str], _Source]
    ) -> list[_Source] | None:
        chain = [s]
        while True:
            parent_id = chain[-1].doc.data.get("extends")
            if parent_id is None:
                return chain
            named = [p for k, p in rulesets.items() if k[1] == parent_id]
            # a rule set may extend another version of its own id, never itself
            parents = [p for p in named if p not in chain]
            if named and not parents:
                self._report(s.doc.error(("extends",), "extends itself (a cycle)"), s.primary)
                return None
            if len(parents) != 1:
                why = "is not found" if not parents else "exists in several versions"
                self._report(
                    chain[-1].doc.error(("extends",), f"extends {parent_id!r}, which {why}"),
                    s.primary,
                )
                return None
            chain.append(parents[0])

    def _validate(
        self,
        model: type[Questionnaire] | type[RuleSet] | type[Catalog],
        data: Any,
        docs: list[LoadedYaml],
        primary: bool,
    ) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
            # a newer file's other differences follow from its version: say that alone
            errors = [e for e in errors if _newer_version(e)] or errors
            for err in errors:
                path = _data_path(data, err["loc"])
                self._report(_locate(docs, path, validation_message(data, path, err)), primary)
            return None

    # --- lookups -----------------------------------------------------------------------
    def questionnaire(self, qid: str, version: str) -> Questionnaire:
        try:
            return self.questionnaires[(qid, version)]
        except KeyError:
            others = _available(self.questionnaires, qid)
            raise LevelCheckError(
                f"questionnaire {qid} {version} is not installed{others}"
            ) from None

    def catalog_for(self, questionnaire: Questionnaire) -> Catalog:
        """The upgrade catalog for a questionnaire (the newest, if several)."""
        found = sorted(
            (
                c
                for c in self.catalogs.values()
                if (c.questionnaire.id, c.questionnaire.version) == questionnaire.ref
            ),
            key=lambda c: _version_key(c.version),
        )
        if not found:
            raise LevelCheckError(
                f"no upgrade catalog is installed for questionnaire {questionnaire.id} "
                f"{questionnaire.version}"
            )
        return found[-1]

    def ruleset(self, rid: str, version: str | None = None) -> RuleSet:
        if version is None:
            found = sorted(
                (rs for (i, _), rs in self.rulesets.items() if i == rid),
                key=lambda rs: _version_key(rs.version),
            )
            if found:
                return found[-1]
            raise LevelCheckError(f"rule set {rid} is not installed{_available(self.rulesets)}")
        try:
            return self.rulesets[(rid, version)]
        except KeyError:
            raise LevelCheckError(
                f"rule set {rid} {version} is not installed{_available(self.rulesets, rid)}"
            ) from None

    def error_at(
        self, kind: str, key: Key, path: tuple[Hashable, ...], message: str
    ) -> ContentError:
        """An error located at ``path`` in the file(s) that define a model
        (``kind`` is ``"q"`` for questionnaires, ``"r"`` for rule sets)."""
        return _locate(self.docs[(kind, *key)], path, message)


def _key_of(s: _Source) -> tuple[str, str, str]:
    data = s.doc.data
    return (s.kind, str(data.get("id", "")), str(data.get("version", "")))


def _available(table: dict[Key, Any], only: str | None = None) -> str:
    keys = [f"{i} {v}" for (i, v) in table if only is None or i == only]
    return f" (available: {', '.join(sorted(keys))})" if keys else ""


def _version_key(version: str) -> tuple[Any, ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in version.split("."))


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``: mappings merge key by key, everything else replaces."""
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[Hashable, ...]:
    """Follow a pydantic error location through the data, dropping union tags."""
    path: list[Hashable] = []
    cur = data
    for part in loc:
        if isinstance(cur, dict):
            key: Hashable = part
            if key not in cur and key == "not_":
                key = "not"
            if key not in cur and isinstance(part, str) and part.isdigit():
                key = int(part)
            if key in cur:
                path.append(key)
                cur = cur[key]
                continue
            if part in ("all", "any", "not") or isinstance(part, str):
                # a union tag, or a missing field: stays as the last element only
                if part is loc[-1]:
                    path.append(part)
                continue
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
    return tuple(path)


def _pretty_path(data: Any, path: tuple[Hashable, ...]) -> str:
    out: list[str] = []
    cur = data
    for part in path:
        if isinstance(cur, list) and isinstance(part, int):
            cur = cur[part] if part < len(cur) else None
            ident = cur.get("id") if isinstance(cur, dict) else None
            out.append(f"[{ident}]" if ident else f"[{part}]")
        else:
            out.append(("." if out else "") + str(part))
            cur = cur.get(part) if isinstance(cur, dict) else None
    return "".join(out)


def validation_message(data: Any, path: tuple[Hashable, ...], err: Any) -> str:
    """One pydantic error in a YAML file's own terms: "colors: 'accent' is missing",
    "colours: unknown key", "bands[2].min_total: …"."""
    where = _pretty_path(data, path)
    if err["type"] == "missing":
        parent = _pretty_path(data, path[:-1]) or "top level"
        return f"{parent}: '{path[-1]}' is missing" if path else f"'{err['loc'][-1]}' is missing"
    if err["type"] == "extra_forbidden":
        return f"{where}: unknown key"
    if _newer_version(err):
        return (
            f"written for a newer LevelCheck (format_version {err['input']}); this version "
            f"reads {err['ctx']['expected']}: please update LevelCheck"
        )
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def _locate(docs: list[LoadedYaml], path: tuple[Hashable, ...], message: str) -> ContentError:
    """The error at ``path`` in whichever file of an ``extends`` chain (child first)
    marks it most specifically."""

    def depth(doc: LoadedYaml) -> int:
        return max((n for n in range(len(path) + 1) if path[:n] in doc.marks), default=-1)

    best = max(docs, key=depth)  # max() keeps the first (the child) on ties
    return best.error(path, message)


def _newer_version(err: Any) -> bool:
    """A ``format_version`` above the one this LevelCheck reads (``Literal[1]``)."""
    if tuple(err["loc"]) != ("format_version",) or err["type"] != "literal_error":
        return False
    value = err["input"]
    return isinstance(value, int) and not isinstance(value, bool) and value > 1
