"""The ``.levelcheck`` document: one assessment in one SQLite file.

SQLite as an application file format: every change is its own transaction (with the
change log entry that records it), committed durably before the call returns, so a
crash or a dead battery loses at most the change in flight. While a document is being
edited it runs in WAL mode; closing it checkpoints and switches back to a rollback
journal, so a closed document is one self-contained file that can be e-mailed.

Opening never changes a byte of the file unless the user edits: the file is checked
(header, application id, schema version) before SQLite opens it, WAL is switched on
only at the first edit, and a file from an older LevelCheck is migrated on a copy.
Evidence (photos, PDFs) is stored inside, as BLOBs.
"""

from __future__ import annotations

import base64
import datetime as dt
import getpass
import hashlib
import json
import mimetypes
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from levelcheck import __version__
from levelcheck.core.assessment import (
    FORMAT,
    FORMAT_VERSION,
    Answer,
    Assessment,
    AssessmentInfo,
    Company,
    Evidence,
    Ref,
)
from levelcheck.core.errors import DocumentError, warn
from levelcheck.core.files import (
    NOT_REGULAR,
    open_regular,
    read_user_file,
    remove_quietly,
    size_text,
)
from levelcheck.core.lock import EditLock
from levelcheck.core.schema_sql import (
    APPLICATION_ID,
    CURRENT_VERSION,
    MIGRATIONS,
    REQUIRED_COLUMNS,
    SCHEMA,
)

SUFFIX = ".levelcheck"
DEFAULT_MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
_SQLITE_MAGIC = b"SQLite format 3\x00"
_UNSET: Any = object()
Strength = Literal["claimed", "documented", "observed"]
# Why a document is read-only: asked for, locked by another writer, not writable by this
# user (the file, or its folder, where SQLite keeps its journal and the app its lock), or
# an old document migrated in memory. The GUI says each in the interface language.
ReadonlyKind = Literal["", "locked", "no-write-file", "no-write-folder", "migrated"]
NO_WRITE_FILE = "you do not have permission to change this file"
NO_WRITE_FOLDER = "you do not have permission to write in its folder"
# A document whose header says WAL but that has no -wal beside it: the app died (or the
# file was copied alone) before its last changes were folded back in.
NOT_CLOSED = (
    "the file was not closed properly; changes after its last save may be missing ({} not found)"
)


class AlreadyAttached(DocumentError):
    """The item already has a file with the same bytes (``attach_evidence(once=True)``)."""


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def write_problem(path: Path, *, folder_only: bool = False) -> ReadonlyKind:
    """Why this user could not save edits to ``path`` ("" when they could). Checked before
    opening for editing, so such a file opens read-only instead of failing at the first
    change: SQLite writes the file and creates its journal (-wal, -journal) beside it, and
    the edit lock is a file beside it too. `folder_only`: only the folder matters (an old
    document is migrated on a new copy). os.access asks the OS for the real user's rights
    (root may write anything; a read-only file system says no)."""
    if not folder_only and not os.access(path, os.W_OK):
        return "no-write-file"
    if not os.access(path.absolute().parent, os.W_OK | os.X_OK):
        return "no-write-folder"
    return ""


def display_name(path: Path) -> str:
    """A path as text even when its bytes are not UTF-8."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class EvidenceInfo:
    id: int
    item_id: str
    name: str
    media_type: str
    size: int | None  # None: listed without its file, size unknown
    sha256: str
    taken_at: str | None
    added: str


@dataclass(frozen=True)
class Change:
    id: int
    at: str
    actor: str
    action: str
    item_id: str | None
    detail: dict[str, Any]


class Document:
    """An open ``.levelcheck`` document. Use :meth:`create` or :meth:`open`."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection, *, readonly: bool, actor: str,
        lock: EditLock | None, readonly_reason: str = "", migrated_from: Path | None = None,
        max_evidence_bytes: int = DEFAULT_MAX_EVIDENCE_BYTES, readonly_kind: ReadonlyKind = "",
    ) -> None:  # fmt: skip
        self.path = path
        self._conn = conn
        self.readonly = readonly
        self.readonly_reason = readonly_reason
        self.readonly_kind: ReadonlyKind = readonly_kind
        self.actor = actor
        self.migrated_from = migrated_from
        self.max_evidence_bytes = max_evidence_bytes
        self._lock = lock
        self._wal = False
        self._wrote = False
        self.warnings: list[str] = []  # things to tell the user; see errors.set_warning_sink
        # left in WAL mode without its -wal (NOT_CLOSED): the app says so in its language
        self.unclosed = False
        self._private: Path | None = None  # a temporary folder read instead (see open)
        self._whole = False  # a read-only open that checks the whole file (see open)

    def _warn(self, text: str) -> None:
        self.warnings.append(text)
        warn(f"{display_name(self.path)}: {text}")

    # --- opening and creating ----------------------------------------------------------
    @classmethod
    def create(
        cls, path: str | Path, *, questionnaire: Ref, ruleset: Ref, company: Company,
        info: AssessmentInfo, actor: str | None = None, overwrite: bool = False,
    ) -> Document:  # fmt: skip
        """A new, empty document, opened for editing."""
        assessment = Assessment(format=FORMAT, format_version=FORMAT_VERSION,
                                questionnaire=questionnaire, ruleset=ruleset, company=company,
                                assessment=info)  # fmt: skip
        return cls.from_assessment(assessment, path, actor=actor, overwrite=overwrite)

    @classmethod
    def from_assessment(
        cls, assessment: Assessment, path: str | Path, *, actor: str | None = None,
        overwrite: bool = False,
    ) -> Document:  # fmt: skip
        """A new document holding an assessment, opened for editing."""
        write_document(assessment, path, actor=actor, overwrite=overwrite)
        return cls.open(path, actor=actor)

    @classmethod
    def open(
        cls, path: str | Path, *, readonly: bool = False, actor: str | None = None,
        max_evidence_bytes: int = DEFAULT_MAX_EVIDENCE_BYTES, whole: bool = False,
    ) -> Document:  # fmt: skip
        """Open for editing, or read-only. A document someone else is editing, or one
        this user may not write (see :func:`write_problem`), opens read-only with the
        reason in ``readonly_reason`` (and ``readonly_kind``), and nothing beside it is
        created (no lock, no journal); one from an older LevelCheck is migrated on a copy
        beside it (``migrated_from`` names the original), or in memory when read-only.
        ``whole``: a read-only open checks the whole file first, as an open for editing
        does (see :meth:`_verify`)."""
        path = Path(path)
        name = display_name(path)
        version, wal_mode = _header(path)
        migrated_from: Path | None = None
        kind: ReadonlyKind = ""
        reason = ""
        if not readonly:
            kind = write_problem(path, folder_only=version < CURRENT_VERSION)
            if kind:
                readonly = True
                reason = NO_WRITE_FILE if kind == "no-write-file" else NO_WRITE_FOLDER
        warning = _wal_warning(path) if wal_mode else ""
        if version < CURRENT_VERSION:
            if readonly:
                try:
                    source, tmp = _read_only_source(path, wal_mode)
                except OSError as exc:
                    raise DocumentError(f"cannot open: {exc.strerror or exc}", file=name) from None
                try:
                    conn = _migrated_in_memory(source, version, name)
                finally:
                    if tmp is not None:
                        shutil.rmtree(tmp, ignore_errors=True)
                doc = cls(path, conn, readonly=True, actor=actor or "", lock=None,
                          readonly_reason=reason or "migrated copy in memory",
                          readonly_kind=kind or "migrated",
                          max_evidence_bytes=max_evidence_bytes)  # fmt: skip
                return doc._opened(name, whole=whole, warning=warning)
            migrated_from, path = path, _migrated_copy(path, version)
        lock = None
        if not readonly:
            try:
                lock = EditLock.acquire(path)
            except OSError as exc:  # the check above passed, but the OS refuses after all
                readonly, kind = True, "no-write-folder"
                reason = f"{NO_WRITE_FOLDER} ({exc.strerror or exc})"
            else:
                if lock is None:
                    readonly, kind = True, "locked"
                    reason = EditLock.busy_reason(path)
        private: Path | None = None
        try:
            if readonly:
                source, private = _read_only_source(path, wal_mode)
                conn = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True,
                                       isolation_level=None)  # fmt: skip
            else:
                conn = sqlite3.connect(path, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            if lock:
                lock.release()
            if private is not None:
                shutil.rmtree(private, ignore_errors=True)
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise DocumentError(f"cannot open: {why}", file=name) from None
        doc = cls(path, conn, readonly=readonly, actor=actor or "", lock=lock,
                  readonly_reason=reason, migrated_from=migrated_from,
                  max_evidence_bytes=max_evidence_bytes, readonly_kind=kind)  # fmt: skip
        doc._private = private
        return doc._opened(name, whole=whole, warning=warning)

    def _opened(self, name: str, *, whole: bool, warning: str) -> Document:
        """The last steps of :meth:`open`: the whole-file choice, the warning of a file
        left in WAL mode without its -wal, and the checks (closed again if they fail)."""
        self._whole = whole
        if warning:
            self.unclosed = True
            self._warn(warning)
        try:
            self._verify(name)
        except DocumentError:
            self.close()
            raise
        return self

    def _verify(self, name: str) -> None:
        """Opening for editing, and a read-only open asked for the ``whole`` file (report
        and export: what is signed or handed on), check that the file is whole (``PRAGMA
        quick_check``). Scoring and planning read only the answers and metadata, which
        their own queries find damaged as clearly; a quick_check costs about 80 µs of a
        small document's 400 µs open, which batch scoring (2,000 files a second or more)
        does not pay. Opening for editing also checks that every table and column is
        there and that the metadata is valid."""
        whole = self._whole or not self.readonly
        try:
            raw = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
            problems = [r[0] for r in self._conn.execute("PRAGMA quick_check")] if whole else []
        except sqlite3.DatabaseError as exc:
            raise _damaged(exc, name) from None
        self._meta_raw: dict[str, Any] = raw
        self._meta: dict[str, Any] = {}
        if whole and problems != ["ok"]:
            lines = [t for p in problems for t in str(p).splitlines() if t.strip()]
            first = next((t for t in lines if not t.startswith("*** ")), "?")
            raise DocumentError(f"the file is damaged ({first})", file=name)
        if self.readonly:
            return
        try:
            tables: dict[str, set[str]] = {}
            for table, column in self._conn.execute(
                "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p"
                " WHERE m.type = 'table'"
            ):
                tables.setdefault(table, set()).add(column)
        except sqlite3.DatabaseError as exc:
            raise _damaged(exc, name) from None
        for table, columns in REQUIRED_COLUMNS.items():
            if table not in tables:
                raise DocumentError(f"the file is damaged (table {table} is missing)", file=name)
            missing = columns - tables[table]
            if missing:
                raise DocumentError(
                    f"the file is damaged (table {table} lacks {', '.join(sorted(missing))})",
                    file=name,
                )
        for key in _META_MODELS:
            self._meta_value(key)

    def close(self) -> None:
        """Close; after edits, fold the write-ahead log back in so the file stands alone."""
        try:
            if self._wrote and not self.readonly:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error:
            pass  # the data is safe in the WAL; the next open recovers it
        finally:
            self._conn.close()
            if self._lock:
                self._lock.release()
                self._lock = None
            if self._private is not None:
                shutil.rmtree(self._private, ignore_errors=True)
                self._private = None

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -----------------------------------------------------------------------
    def _meta_value(self, key: str) -> Any:
        """A metadata value, parsed and validated on first use."""
        if key in self._meta:
            return self._meta[key]
        name = display_name(self.path)
        if key not in self._meta_raw:
            raise DocumentError(f"the file is damaged (meta.{key} is missing)", file=name)
        value = _stored_json(self._meta_raw[key], f"meta.{key}", name)
        model = _META_MODELS.get(key)
        if model is not None:
            try:
                value = model.model_validate(value)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(["meta", key, *map(str, err["loc"])])
                raise DocumentError(
                    f"the file is damaged ({where}: {err['msg']})", file=name
                ) from None
        self._meta[key] = value
        return value

    @property
    def questionnaire(self) -> Ref:
        ref: Ref = self._meta_value("questionnaire")
        return ref

    @property
    def ruleset(self) -> Ref:
        ref: Ref = self._meta_value("ruleset")
        return ref

    @property
    def company(self) -> Company:
        company: Company = self._meta_value("company")
        return company

    @property
    def info(self) -> AssessmentInfo:
        info: AssessmentInfo = self._meta_value("assessment")
        return info

    @property
    def app_version(self) -> str:
        return str(self._meta_value("app_version"))

    def answer_values(self) -> list[tuple[str, int | None, bool, str, str, Strength | None]]:
        """Every stored answer as (item id, level, N/A, justification, note, strength),
        checked on the way out."""
        name = display_name(self.path)
        rows = self._rows("SELECT item_id, level, na, justification, note, strength FROM answers")
        for item_id, level, na, justification, note, strength in rows:
            if (
                not (level is None or (type(level) is int and 1 <= level <= 9))
                or na not in (0, 1)
                or type(justification) is not str
                or type(note) is not str
                or strength not in (None, "claimed", "documented", "observed")
            ):
                raise DocumentError(
                    f"the file is damaged (answer {item_id!r} has a value of the wrong type)",
                    file=name,
                )
        return rows

    def _answer(self, item_id: str) -> Answer | None:
        """One stored answer (no evidence): what a change starts from."""
        try:
            row = self._conn.execute(
                "SELECT level, na, justification, note, strength FROM answers WHERE item_id = ?",
                (item_id,),
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise _damaged(exc, display_name(self.path)) from None
        if row is None:
            return None
        level, na, justification, note, strength = row
        try:
            return Answer(
                level=level, na=bool(na), justification=justification, note=note, strength=strength
            )
        except ValidationError:
            raise DocumentError(
                f"the file is damaged (answer {item_id!r} has a value of the wrong type)",
                file=display_name(self.path),
            ) from None

    def answers(self, *, with_evidence: bool = True) -> dict[str, Answer]:
        """Every stored answer as the interchange model, with its evidence list."""
        ev: dict[str, list[Evidence]] = {}
        if with_evidence:
            for e in self.evidence():
                ev.setdefault(e.item_id, []).append(Evidence(
                    name=e.name, media_type=e.media_type, size=e.size, sha256=e.sha256,
                    taken_at=_parse_time(e.taken_at)))  # fmt: skip
        return {
            item_id: Answer(
                level=level,
                na=bool(na),
                justification=justification,
                note=note,
                strength=strength,
                evidence=ev.get(item_id, []),
            )
            for item_id, level, na, justification, note, strength in self.answer_values()
        }

    def evidence(self, item_id: str | None = None) -> list[EvidenceInfo]:
        sql = "SELECT id, item_id, name, media_type, size, sha256, taken_at, added FROM evidence"
        args: tuple[Any, ...] = ()
        if item_id is not None:
            sql += " WHERE item_id = ?"
            args = (item_id,)
        try:
            rows = self._conn.execute(sql + " ORDER BY id", args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _damaged(exc, display_name(self.path)) from None
        return [EvidenceInfo(*row) for row in rows]

    def evidence_data(self, evidence_id: int) -> bytes | None:
        """The stored file, or None when the evidence is listed without it."""
        row = self._evidence_row(evidence_id)
        if row is None:
            raise DocumentError(f"no evidence with id {evidence_id}", file=display_name(self.path))
        return None if row[0] is None else bytes(row[0])

    def _evidence_row(self, evidence_id: int) -> tuple[Any, ...] | None:
        """The row holding one evidence file; a page of it that cannot be read is a
        damaged file, named by the evidence's name."""
        try:
            row: tuple[Any, ...] | None = self._conn.execute(
                "SELECT data FROM evidence WHERE id = ?", (evidence_id,)
            ).fetchone()
        except sqlite3.DatabaseError:
            try:
                found = self._conn.execute(
                    "SELECT name FROM evidence WHERE id = ?", (evidence_id,)
                ).fetchone()
                what = f"evidence {found[0]!r}" if found else f"evidence {evidence_id}"
            except sqlite3.DatabaseError:
                what = f"evidence {evidence_id}"
            raise DocumentError(
                f"the file is damaged ({what} cannot be read)", file=display_name(self.path)
            ) from None
        return row

    def _rows(self, sql: str) -> list[Any]:
        """The rows of a query; damage met on the way is one "the file is damaged" line."""
        try:
            return self._conn.execute(sql).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _damaged(exc, display_name(self.path)) from None

    def changelog(self) -> list[Change]:
        name = display_name(self.path)
        rows = self._rows(
            "SELECT id, at, actor, action, item_id, detail FROM changelog ORDER BY id"
        )
        changes = []
        for i, at, actor, action, item_id, detail in rows:
            parsed = _stored_json(detail, f"changelog {i}", name)
            changes.append(Change(i, at, actor, action, item_id,
                                  parsed if isinstance(parsed, dict) else {}))  # fmt: skip
        return changes

    def plan(self) -> dict[str, Any]:
        """The stored upgrade-plan edits (target, pinned and dropped actions). A value
        that is not JSON is a damaged file, said as for the metadata: one line, not a
        traceback in every command that plans (roadmap, export, report, the app)."""
        name = display_name(self.path)
        return {
            str(key): _stored_json(value, f"plan.{key}", name)
            for key, value in self._rows("SELECT key, value FROM plan")
        }

    def to_assessment(self, *, with_evidence_data: bool = False) -> Assessment:
        """The document as the JSON interchange model; evidence files are included
        (base64) only when asked."""
        answers = {k: a.model_dump(exclude={"evidence"}) for k, a in
                   self.answers(with_evidence=False).items()}  # fmt: skip
        evidence: dict[str, list[dict[str, Any]]] = {}
        for info in self.evidence():
            data = None
            if with_evidence_data:
                raw = self._evidence_bytes(info.id)
                data = base64.b64encode(raw).decode("ascii") if raw is not None else None
            evidence.setdefault(info.item_id, []).append({
                "name": info.name, "media_type": info.media_type, "size": info.size,
                "sha256": info.sha256, "taken_at": info.taken_at, "data": data})  # fmt: skip
        for item_id, items in evidence.items():
            answers.setdefault(item_id, {})["evidence"] = items
        try:
            return Assessment.model_validate({
                "format": FORMAT, "format_version": FORMAT_VERSION,
                "questionnaire": self.questionnaire, "ruleset": self.ruleset,
                "company": self.company, "assessment": self.info, "answers": answers,
                "plan": self.plan(),
            })  # fmt: skip
        except ValidationError as exc:
            err = exc.errors()[0]
            raise DocumentError(
                f"the file is damaged ({'.'.join(map(str, err['loc']))}: {err['msg']})",
                file=display_name(self.path),
            ) from None

    def _evidence_bytes(self, evidence_id: int) -> bytes | None:
        row = self._evidence_row(evidence_id)
        return None if row is None or row[0] is None else bytes(row[0])

    # --- changing ----------------------------------------------------------------------
    @contextmanager
    def _change(
        self, action: str, item_id: str | None, detail: dict[str, Any]
    ) -> Iterator[sqlite3.Connection]:
        """One change: its own durable transaction, with its change-log entry."""
        if self.readonly:
            raise DocumentError(
                f"opened read-only ({self.readonly_reason or 'as asked'})",
                file=display_name(self.path),
            )
        conn = self._conn
        try:
            if not self._wal:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                self._wal = True
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                stamp = now()
                conn.execute(
                    "INSERT INTO changelog (at, actor, action, item_id, detail) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        stamp,
                        self.actor or _default_actor(),
                        action,
                        item_id,
                        json.dumps(detail, ensure_ascii=False),
                    ),
                )
                conn.execute("UPDATE meta SET value = ? WHERE key = 'modified'",
                             (json.dumps(stamp),))  # fmt: skip
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise DocumentError(f"cannot save the change: {exc}",
                                file=display_name(self.path)) from None  # fmt: skip
        self._wrote = True

    def set_answer(
        self, item_id: str, *, level: int | None = _UNSET, na: bool = _UNSET,
        justification: str = _UNSET, note: str = _UNSET, strength: Strength | None = _UNSET,
    ) -> Answer:  # fmt: skip
        """Change some fields of an answer; the others keep their values."""
        current = self._answer(item_id) or Answer()
        fields = current.model_dump(exclude={"evidence"})
        given = {"level": level, "na": na, "justification": justification, "note": note,
                 "strength": strength}  # fmt: skip
        changed = {k: v for k, v in given.items() if v is not _UNSET}
        fields.update(changed)
        if changed.get("na") is True and "level" not in changed:
            fields["level"] = None
        if changed.get("level") is not None:
            fields["na"] = False
        try:
            answer = Answer.model_validate(fields)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise DocumentError(
                f"answer {item_id}: {'.'.join(map(str, err['loc'])) or 'value'}: {err['msg']}",
                file=display_name(self.path),
            ) from None
        if answer.na and answer.level is not None:
            raise DocumentError(f"answer {item_id}: an N/A answer has no level",
                                file=display_name(self.path))  # fmt: skip
        with self._change("answer", item_id, changed) as conn:
            conn.execute(
                "INSERT INTO answers (item_id, level, na, justification, note, strength, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_id) DO UPDATE SET"
                " level = excluded.level, na = excluded.na, justification = excluded.justification,"
                " note = excluded.note, strength = excluded.strength, updated = excluded.updated",
                (item_id, answer.level, int(answer.na), answer.justification, answer.note,
                 answer.strength, now()),
            )  # fmt: skip
        return answer

    def clear_answer(self, item_id: str) -> None:
        with self._change("clear", item_id, {}) as conn:
            conn.execute("DELETE FROM answers WHERE item_id = ?", (item_id,))

    def attach_evidence(
        self, item_id: str, source: str | Path | bytes, *, name: str | None = None,
        media_type: str | None = None, taken_at: str | None = None, once: bool = False,
    ) -> EvidenceInfo:  # fmt: skip
        """Store a photo or file with an answer. A file name that is not valid UTF-8 is
        kept with each undecodable byte written as ``\\xNN``. ``once``: refuse the same
        bytes (by sha256, whatever the name) twice for one item with
        :class:`AlreadyAttached`: the same photo attached again would count as two
        pieces of evidence."""
        limit = self.max_evidence_bytes
        if isinstance(source, bytes):
            data, label = source, name or "evidence"
        else:
            src = Path(source)
            label = name or display_name(Path(src.name))
            data = read_user_file(src, limit, DocumentError, name=display_name(src),
                                  what="evidence")  # fmt: skip
        if len(data) > limit:
            raise DocumentError(f"evidence is larger than the {size_text(limit)} limit",
                                file=label)  # fmt: skip
        kind = media_type or mimetypes.guess_type(label)[0] or "application/octet-stream"
        digest = hashlib.sha256(data).hexdigest()
        if once:
            row = self._conn.execute(
                "SELECT name FROM evidence WHERE item_id = ? AND sha256 = ? LIMIT 1",
                (item_id, digest),
            ).fetchone()
            if row is not None:
                raise AlreadyAttached(f"already attached to {item_id} as {row[0]}", file=label)
        added = now()
        with self._change("attach", item_id, {"name": label, "sha256": digest,
                                               "size": len(data)}) as conn:  # fmt: skip
            cur = conn.execute(
                "INSERT INTO evidence (item_id, name, media_type, size, sha256, taken_at, added,"
                " data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (item_id, label, kind, len(data), digest, taken_at, added, data),
            )
            new_id = int(cur.lastrowid or 0)
        return EvidenceInfo(new_id, item_id, label, kind, len(data), digest, taken_at, added)

    def remove_evidence(self, evidence_id: int) -> None:
        row = self._conn.execute("SELECT item_id, name, sha256 FROM evidence WHERE id = ?",
                                 (evidence_id,)).fetchone()  # fmt: skip
        if row is None:
            raise DocumentError(f"no evidence with id {evidence_id}", file=display_name(self.path))
        with self._change("detach", row[0], {"name": row[1], "sha256": row[2]}) as conn:
            conn.execute("DELETE FROM evidence WHERE id = ?", (evidence_id,))

    def set_company(self, company: Company) -> None:
        self._set_meta("company", company.model_dump(mode="json"))

    def set_info(self, info: AssessmentInfo) -> None:
        self._set_meta("assessment", info.model_dump(mode="json"))

    def _set_meta(self, key: str, value: Any) -> None:
        encoded = json.dumps(value, ensure_ascii=False)
        self._meta_raw[key] = encoded
        self._meta.pop(key, None)
        with self._change("meta", None, {key: value}) as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         (key, json.dumps(value, ensure_ascii=False)))  # fmt: skip

    def set_plan(self, key: str, value: Any) -> None:
        with self._change("plan", None, {key: value}) as conn:
            conn.execute("INSERT OR REPLACE INTO plan (key, value) VALUES (?, ?)",
                         (key, json.dumps(value, ensure_ascii=False)))  # fmt: skip


def write_document(
    assessment: Assessment, path: str | Path, *, actor: str | None = None,
    overwrite: bool = False,
) -> None:  # fmt: skip
    """Write an assessment (with its evidence where the JSON carries the files) as a
    new document. It is written completely to a temporary file, made durable, then
    moved into place: a half-made document never exists under the real name."""
    path = Path(path)
    name = display_name(path)
    if path.exists() and not overwrite:
        raise DocumentError("already exists (choose another name)", file=name)
    tmp = path.with_name(f".{path.name}.{_random()}.tmp")
    try:
        _build(tmp, assessment, actor or _default_actor())
        tmp.replace(path)
    except (sqlite3.Error, OSError, ValueError) as exc:
        remove_quietly(tmp)
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DocumentError(f"cannot create: {why}", file=name) from None


def _build(path: Path, assessment: Assessment, actor: str) -> None:
    """Write a complete document to ``path`` in one transaction, then make it durable."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")  # one fsync at the end instead
        conn.executescript(SCHEMA)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
        stamp = now()
        meta = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "questionnaire": assessment.questionnaire.model_dump(),
            "ruleset": assessment.ruleset.model_dump(),
            "company": assessment.company.model_dump(mode="json"),
            "assessment": assessment.assessment.model_dump(mode="json"),
            "app_version": __version__,
            "created": stamp,
            "modified": stamp,
        }
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()],
        )
        conn.executemany(
            "INSERT INTO answers (item_id, level, na, justification, note, strength, updated)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (k, a.level, int(a.na), a.justification, a.note, a.strength, stamp)
                for k, a in assessment.answers.items()
            ],
        )
        conn.executemany(
            "INSERT INTO plan (key, value) VALUES (?, ?)",
            [(k, json.dumps(v, ensure_ascii=False)) for k, v in assessment.plan.items()],
        )
        for item_id, answer in assessment.answers.items():
            for e in answer.evidence:
                data = base64.b64decode(e.data, validate=True) if e.data is not None else None
                size = len(data) if data is not None else e.size
                digest = hashlib.sha256(data).hexdigest() if data is not None else e.sha256
                conn.execute(
                    "INSERT INTO evidence (item_id, name, media_type, size, sha256, taken_at,"
                    " added, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        item_id,
                        e.name,
                        e.media_type or "application/octet-stream",
                        size,
                        digest,
                        e.taken_at.isoformat() if e.taken_at else None,
                        stamp,
                        data,
                    ),
                )
        conn.execute(
            "INSERT INTO changelog (at, actor, action, item_id, detail) VALUES (?, ?, ?, NULL, ?)",
            (stamp, actor, "create", json.dumps({"app": __version__,
                                                  "answers": len(assessment.answers)})),
        )  # fmt: skip
        conn.execute("COMMIT")
    finally:
        conn.close()
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


# --- checks before SQLite sees the file --------------------------------------------------


_META_MODELS: dict[str, type[Ref] | type[Company] | type[AssessmentInfo]] = {
    "questionnaire": Ref,
    "ruleset": Ref,
    "company": Company,
    "assessment": AssessmentInfo,
}


def _stored_json(text: Any, what: str, name: str) -> Any:
    """A JSON value stored in the file; one that is not JSON is a damaged file."""
    try:
        return json.loads(text)
    except (ValueError, TypeError, RecursionError):
        raise DocumentError(f"the file is damaged ({what} is not JSON)", file=name) from None


def _damaged(exc: sqlite3.DatabaseError, name: str) -> DocumentError:
    """A damaged-file error, in the same words whichever check found it."""
    text = str(exc)
    if text.startswith("no such table: "):
        text = f"table {text.removeprefix('no such table: ')} is missing"
    return DocumentError(f"the file is damaged ({text})", file=name)


def check_header(path: Path) -> int:
    """The schema version of a LevelCheck document, or a DocumentError saying what the
    file is instead. Reads the first 100 bytes only."""
    return _header(path)[0]


def _header(path: Path) -> tuple[int, bool]:
    """:func:`check_header`'s version, and whether the header says WAL (bytes 18 and 19
    are 2: the document was being edited, or the app stopped while editing it)."""
    name = display_name(path)
    try:
        fd, _ = open_regular(path)  # a FIFO named *.levelcheck is refused, not waited on
        with open(fd, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        raise DocumentError("no such file", file=name) from None
    except IsADirectoryError:
        raise DocumentError("is a folder, not a document", file=name) from None
    except OSError as exc:
        if exc.strerror == NOT_REGULAR:
            raise DocumentError(NOT_REGULAR, file=name) from None
        raise DocumentError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    if not head:
        raise DocumentError("the file is empty (0 bytes), not a LevelCheck document", file=name)
    if not head.startswith(_SQLITE_MAGIC):
        raise DocumentError("not a LevelCheck document (not an SQLite file)", file=name)
    if len(head) < 100:
        raise DocumentError("the file is damaged (truncated header)", file=name)
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != APPLICATION_ID:
        raise DocumentError(
            "not a LevelCheck document (an SQLite database of another application)", file=name
        )
    version = int.from_bytes(head[60:64], "big")
    if version > CURRENT_VERSION:
        raise DocumentError(
            f"made by a newer LevelCheck (document version {version}); this version reads "
            f"up to version {CURRENT_VERSION} — please update LevelCheck",
            file=name,
        )
    if version < 1:
        raise DocumentError("the file is damaged (no document version)", file=name)
    return version, head[18] == 2 and head[19] == 2


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for v in range(version, CURRENT_VERSION):
        conn.executescript(f"BEGIN; {MIGRATIONS[v]} PRAGMA user_version = {v + 1}; COMMIT;")


def _migrated_name(path: Path, n: int) -> Path:
    return path.with_name(f"{path.stem}.migrated{'' if n == 1 else f'-{n}'}{SUFFIX}")


def migrated_copies(path: Path) -> list[Path]:
    """The upgraded copies of an old document made beside it so far (by the app or by
    ``roadmap --save``): NAME.migrated.levelcheck, NAME.migrated-2.levelcheck, …"""
    found: list[Path] = []
    while (copy := _migrated_name(path, len(found) + 1)).exists():
        found.append(copy)
    return found


def migrated_note(original: Path, copy: Path) -> str:
    """What a command that saved into an old document's upgraded copy says, once."""
    return (
        f"{display_name(original)} is from an older LevelCheck: the choices were saved in "
        f"its upgraded copy {display_name(copy)}; use that file from now on"
    )


def refuse_if_migrated_before(path: Path) -> None:
    """A command that saves into an old document (``roadmap --save``) makes one upgraded
    copy beside it; once one exists, saving again would make another and scatter the
    choices over NAME.migrated-N copies, so it is refused, naming the copy to use."""
    if check_header(path) >= CURRENT_VERSION:
        return
    copies = migrated_copies(path)
    if copies:
        raise DocumentError(
            f"is from an older LevelCheck and was upgraded before into {display_name(copies[-1])};"
            " use that file from now on",
            file=display_name(path),
        )


def _migrated_copy(path: Path, version: int) -> Path:
    """Copy an old document beside itself and migrate the copy; the original stays as it is."""
    target = _migrated_name(path, len(migrated_copies(path)) + 1)
    name = display_name(path)
    try:
        src = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dst)
            _migrate(dst, version)
        finally:
            src.close()
            dst.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise DocumentError(f"cannot migrate version {version}: {exc}", file=name) from None
    return target


def _migrated_in_memory(source: Path, version: int, name: str) -> sqlite3.Connection:
    try:
        src = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
        mem = sqlite3.connect(":memory:", isolation_level=None)
        try:
            src.backup(mem)
        finally:
            src.close()
        _migrate(mem, version)
    except sqlite3.Error as exc:
        raise DocumentError(f"cannot migrate version {version}: {exc}", file=name) from None
    return mem


def _wal_warning(path: Path) -> str:
    """The warning for a document in WAL mode (its header says so) left without its
    -wal beside it."""
    wal = path.with_name(path.name + "-wal")
    if not wal.exists():
        return NOT_CLOSED.format(display_name(Path(wal.name)))
    return ""


def _read_only_source(path: Path, wal_mode: bool) -> tuple[Path, Path | None]:
    """The file a read-only open reads, and the private folder to delete afterwards.
    A document in WAL mode read in place would get -wal and -shm files created beside
    it (SQLite needs them even to read) and left there; so, unless both are already
    there (the app is editing it now: SQLite reads them in place and creates nothing),
    the file and its -wal, if any, are copied into a private temporary folder and read
    there: the changes in the -wal are still read, and nothing is written beside the
    user's file."""
    if not wal_mode:
        return path, None
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    if wal.exists() and shm.exists():
        return path, None
    private = Path(tempfile.mkdtemp(prefix="levelcheck-read-"))
    try:
        copy = private / f"document{SUFFIX}"
        shutil.copyfile(path, copy)
        if wal.exists():
            shutil.copyfile(wal, private / f"document{SUFFIX}-wal")
    except BaseException:
        shutil.rmtree(private, ignore_errors=True)
        raise
    return copy, private


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _random() -> str:
    import secrets

    return secrets.token_hex(4)


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None
