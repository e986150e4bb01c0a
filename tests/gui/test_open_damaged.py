"""A document whose damage shows only while its workspace is built (the stored plan
choices, read by the plan tab) is refused in one line, as other damaged files are, its
edit lock is released, and the assessment open before stays open (review fuzz7, 1)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from levelcheck.core.interchange import import_json
from levelcheck.core.lock import EditLock
from levelcheck.gui.main_window import MainWindow
from tests.conftest import EXAMPLES


def damaged_plan(folder: Path) -> Path:
    path = folder / "plan_badjson.levelcheck"
    import_json(EXAMPLES / "02-level2-hanmoru-precision.json", path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO plan VALUES ('target', '{{{')")
    conn.close()
    return path


def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []

    def critical(parent: object, title: str, text: str, *a: object) -> None:
        messages.append(text)

    monkeypatch.setattr(QMessageBox, "critical", critical)
    return messages


def test_damaged_plan_choices_are_one_line_and_leave_no_lock(
    opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = said(monkeypatch)
    before = opened.session
    assert before is not None
    path = damaged_plan(tmp_path)
    assert not opened.open_path(path)
    assert messages == [f"{path}: the file is damaged (plan.target is not JSON)"]
    assert not path.with_name(path.name + ".lock").exists()
    lock = EditLock.acquire(path)  # nobody holds it
    assert lock is not None
    lock.release()
    assert opened.session is before  # the assessment open before is still there
    assert opened.workspace is not None and opened.workspace.session is before
    assert opened.stack.currentWidget() is opened.workspace


def test_damaged_plan_choices_on_the_start_page(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = said(monkeypatch)
    path = damaged_plan(tmp_path)
    assert not window.open_path(path)
    assert len(messages) == 1 and "plan.target is not JSON" in messages[0]
    assert window.session is None and window.workspace is None
    assert window.stack.currentWidget() is window.start
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("plan")) == [
        "plan_badjson.levelcheck"
    ]


def test_a_document_copied_without_its_last_changes_says_so(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Left in WAL mode (the app died while editing) and copied without its -wal: it
    opens, with a warning that the last changes may be missing; a whole one does not warn."""
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warned.append(text))  # fmt: skip
    path = tmp_path / "copied.levelcheck"
    import_json(EXAMPLES / "02-level2-hanmoru-precision.json", path)
    assert window.open_path(path) and warned == []
    window.close_assessment()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()  # the -wal is folded back and removed; the header still says WAL
    assert not (tmp_path / "copied.levelcheck-wal").exists()
    assert window.open_path(path)
    assert len(warned) == 1 and "copied.levelcheck was not closed properly" in warned[0]
    assert "copied.levelcheck-wal" in warned[0]
