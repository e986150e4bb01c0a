"""The layout of ``.levelcheck`` documents (SQLite), version by version.

``SCHEMA`` creates the current version; ``MIGRATIONS[n]`` brings a version-n file to
version n+1. Version 1 was the first released layout; version 2 added the evidence
strength of an answer, the time a photo was taken, and the stored upgrade plan.
"""

from __future__ import annotations

APPLICATION_ID = 0x4C56434B  # "LVCK", in the SQLite header: marks a LevelCheck file
CURRENT_VERSION = 2

REQUIRED_COLUMNS: dict[str, set[str]] = {
    "meta": {"key", "value"},
    "answers": {"item_id", "level", "na", "justification", "note", "strength", "updated"},
    "evidence": {"id", "item_id", "name", "media_type", "size", "sha256", "taken_at",
                 "added", "data"},
    "changelog": {"id", "at", "actor", "action", "item_id", "detail"},
    "plan": {"key", "value"},
}  # fmt: skip

_APPEND_ONLY = """
CREATE TRIGGER changelog_no_update BEFORE UPDATE ON changelog
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
CREATE TRIGGER changelog_no_delete BEFORE DELETE ON changelog
BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
"""

SCHEMA_V1 = (
    """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE answers (
    item_id TEXT PRIMARY KEY,
    level INTEGER CHECK (level IS NULL OR level BETWEEN 1 AND 9),
    na INTEGER NOT NULL DEFAULT 0 CHECK (na IN (0, 1)),
    justification TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL
);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER,  -- NULL only for evidence listed without its file and size
    sha256 TEXT NOT NULL,
    added TEXT NOT NULL,
    data BLOB  -- NULL: listed without its file (imported from JSON without evidence)
);
CREATE INDEX evidence_item ON evidence (item_id);
CREATE TABLE changelog (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    item_id TEXT,
    detail TEXT NOT NULL
);
"""
    + _APPEND_ONLY
)

MIGRATIONS: dict[int, str] = {
    1: """
ALTER TABLE answers ADD COLUMN strength TEXT
    CHECK (strength IS NULL OR strength IN ('claimed', 'documented', 'observed'));
ALTER TABLE evidence ADD COLUMN taken_at TEXT;
CREATE TABLE plan (key TEXT PRIMARY KEY, value TEXT NOT NULL);
""",
}

SCHEMA = SCHEMA_V1 + MIGRATIONS[1]
