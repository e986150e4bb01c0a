"""Evidence on the item page: thumbnails (decoded small, off the main thread, cached),
the file icon for other files, opening a copy, removing with confirmation and undo,
read-only documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QIcon, QImage, QImageReader
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from levelcheck.core.document import Document
from levelcheck.core.service import ScoringService
from levelcheck.gui import evidence_view
from levelcheck.gui.evidence_view import THUMB_SIZE, EvidenceStrip, safe_file_name
from levelcheck.gui.item_page import ItemPage
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.session import AssessmentSession


def photo(path: Path, width: int = 640, height: int = 480) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3b82f6"))
    assert image.save(str(path), quality=80)  # the suffix picks the format
    return path


def icon_size(icon: QIcon) -> QSize:
    sizes = icon.availableSizes()
    assert sizes, "the icon has no pixmap"
    return max(sizes, key=lambda s: s.width() * s.height())


@pytest.fixture
def strip(opened: MainWindow) -> EvidenceStrip:
    assert opened.workspace is not None
    return opened.workspace.page.evidence_strip


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every thumbnail decode, by the box size asked for."""
    calls: list[int] = []
    real = evidence_view.decode_thumbnail

    def counting(data: bytes, box: int) -> QImage:
        calls.append(box)
        return real(data, box)

    monkeypatch.setattr(evidence_view, "decode_thumbnail", counting)
    return calls


def test_an_attached_photo_shows_a_thumbnail(qtbot: QtBot, opened: MainWindow, strip: EvidenceStrip,
                                             tmp_path: Path) -> None:  # fmt: skip
    ws = opened.workspace
    assert ws is not None
    with qtbot.waitSignal(strip.thumbnailReady, timeout=5000):
        ws.page.attach_files([str(photo(tmp_path / "라인 사진.jpg"))])
    assert strip.list.count() == 1
    item = strip.list.item(0)
    assert item.text() == "라인 사진.jpg"
    assert not item.icon().isNull()
    assert item.icon().cacheKey() != strip.file_icon.cacheKey()
    assert icon_size(item.icon()) == QSize(THUMB_SIZE, THUMB_SIZE * 3 // 4)
    assert "라인 사진.jpg" in item.toolTip() and "KiB" in item.toolTip()
    assert ws.page.evidence_count.text().startswith("1")
    assert strip.isVisibleTo(ws.page)


def test_other_files_get_the_file_icon(qtbot: QtBot, opened: MainWindow, strip: EvidenceStrip,
                                       tmp_path: Path, decodes: list[int]) -> None:  # fmt: skip
    ws = opened.workspace
    assert ws is not None
    report = tmp_path / "audit.pdf"
    report.write_bytes(b"%PDF-1.4 a report")
    ws.page.attach_files([str(report)])
    assert [strip.list.item(i).text() for i in range(strip.list.count())] == ["audit.pdf"]
    assert strip.list.item(0).icon().cacheKey() == strip.file_icon.cacheKey()
    assert not strip.file_icon.isNull()
    # a ".jpg" that is not a picture is tried once, then keeps the file icon
    broken = tmp_path / "line.jpg"
    broken.write_bytes(b"\xff\xd8 not really a photo")
    with qtbot.waitSignal(strip.thumbnailReady, timeout=5000):
        ws.page.attach_files([str(broken)])
    assert decodes == [THUMB_SIZE]
    assert strip.list.count() == 2
    assert strip.list.item(1).icon().cacheKey() == strip.file_icon.cacheKey()


def test_delete_asks_then_removes_and_undo_puts_it_back(
    qtbot: QtBot, opened: MainWindow, strip: EvidenceStrip, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    item_id = ws.current_item
    original = photo(tmp_path / "gauge.jpg")
    with qtbot.waitSignal(strip.thumbnailReady, timeout=5000):
        ws.page.attach_files([str(original)])
    asked: list[Any] = []
    reply = [QMessageBox.StandardButton.No]

    def question(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args)
        return reply[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    strip.list.setCurrentRow(0)
    qtbot.keyClick(strip.list, Qt.Key.Key_Delete)
    assert len(asked) == 1 and asked[0][-1] == QMessageBox.StandardButton.No  # No is default
    assert "gauge.jpg" in asked[0][2]
    assert strip.list.count() == 1 and session.evidence_count(item_id) == 1

    reply[0] = QMessageBox.StandardButton.Yes
    qtbot.keyClick(strip.list, Qt.Key.Key_Delete)
    assert strip.list.count() == 0 and not strip.isVisibleTo(ws.page)
    assert session.evidence_count(item_id) == 0
    assert ws.page.evidence_count.text().startswith("0")
    assert session.document.evidence(item_id) == []

    opened.undo_action.trigger()
    assert [e.name for e in session.document.evidence(item_id)] == ["gauge.jpg"]
    restored = session.document.evidence(item_id)[0]
    assert session.document.evidence_data(restored.id) == original.read_bytes()
    assert strip.list.count() == 1 and ws.page.evidence_count.text().startswith("1")
    opened.redo_action.trigger()
    assert strip.list.count() == 0 and session.evidence_count(item_id) == 0

    path = session.document.path
    opened.close_assessment()
    with Document.open(path, readonly=True) as doc:
        assert doc.evidence(item_id) == []


def test_the_remove_button_and_the_context_menu_entry_remove_too(
    qtbot: QtBot, opened: MainWindow, strip: EvidenceStrip, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    files = []
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(name)
        files.append(str(tmp_path / name))
    ws.page.attach_files(files)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a: QMessageBox.StandardButton.Yes)  # fmt: skip

    def names() -> list[str]:
        return [e.name for e in session.document.evidence(ws.current_item)]

    assert strip.remove_button.isEnabled()
    strip.list.setCurrentRow(1)
    qtbot.mouseClick(strip.remove_button, Qt.MouseButton.LeftButton)
    assert names() == ["a.txt", "c.txt"]
    assert strip.list.currentItem().text() == "c.txt"  # the next Delete acts on a neighbour

    shown: list[str] = []

    class ChooseRemove(QMenu):
        def exec(self, *_args: Any) -> None:  # type: ignore[override]
            shown.extend(a.text() for a in self.actions() if not a.isSeparator())
            next(a for a in self.actions() if a.text() == "Remove…").trigger()

    monkeypatch.setattr(evidence_view, "QMenu", ChooseRemove)
    first = strip.list.visualItemRect(strip.list.item(0)).center()
    strip.list.customContextMenuRequested.emit(first)
    assert shown == ["Open", "Save as…", "Remove…"]
    assert names() == ["c.txt"]

    qtbot.keyClick(strip.list, Qt.Key.Key_Delete)
    assert names() == [] and strip.list.count() == 0
    assert not strip.remove_button.isEnabled()


def test_returning_to_an_item_does_not_decode_again(
    qtbot: QtBot, opened: MainWindow, strip: EvidenceStrip, tmp_path: Path, decodes: list[int]
) -> None:  # fmt: skip
    ws = opened.workspace
    assert ws is not None
    first = ws.current_item
    with qtbot.waitSignal(strip.thumbnailReady, timeout=5000):
        ws.page.attach_files([str(photo(tmp_path / "one.jpg"))])
    thumb = strip.list.item(0).icon().cacheKey()
    assert decodes == [THUMB_SIZE]
    ws.go_next()
    assert ws.current_item != first and strip.list.count() == 0
    ws.go_to(first)
    assert strip.list.count() == 1
    assert strip.list.item(0).icon().cacheKey() == thumb
    assert not strip._queue and not strip._decoding and not strip._fetch.isActive()
    assert decodes == [THUMB_SIZE]


def test_a_large_photo_is_decoded_at_thumbnail_size(
    qtbot: QtBot, opened: MainWindow, strip: EvidenceStrip, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    asked: list[QSize] = []

    class SpyReader(QImageReader):
        def setScaledSize(self, size: QSize) -> None:
            asked.append(QSize(size))
            super().setScaledSize(size)

    monkeypatch.setattr(evidence_view, "QImageReader", SpyReader)
    big = photo(tmp_path / "12mp.jpg", 4000, 3000)
    ws = opened.workspace
    assert ws is not None
    with qtbot.waitSignal(strip.thumbnailReady, timeout=10000):
        ws.page.attach_files([str(big)])
    assert asked == [QSize(THUMB_SIZE, THUMB_SIZE * 3 // 4)]
    assert icon_size(strip.list.item(0).icon()) == QSize(THUMB_SIZE, THUMB_SIZE * 3 // 4)


def test_enter_opens_a_private_copy_with_a_safe_name(
    qtbot: QtBot, opened: MainWindow, strip: EvidenceStrip, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    ws = opened.workspace
    assert ws is not None
    opened_urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened_urls.append(url))
    source = tmp_path / "memo.txt"
    source.write_bytes("점검 기록".encode())
    assert opened.session is not None
    path, item_id = opened.session.document.path, ws.current_item
    opened.close_assessment()  # a name from another machine: stored as given
    with Document.open(path) as doc:
        doc.attach_evidence(item_id, source, name="..\\CON:점검?.txt")
    assert opened.open_path(path)
    strip = opened.workspace.page.evidence_strip  # type: ignore[union-attr]
    strip.list.setCurrentRow(0)
    qtbot.keyClick(strip.list, Qt.Key.Key_Return)
    assert len(opened_urls) == 1
    copy = Path(opened_urls[0].toLocalFile())
    assert copy.name == "CON_점검_.txt"
    assert copy.read_bytes() == "점검 기록".encode()
    assert tmp_path not in copy.parents  # the system temp folder, not next to the source


def test_safe_file_names() -> None:
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("C:\\photos\\a.jpg") == "a.jpg"
    assert safe_file_name("nul.txt") == "_nul.txt"
    assert safe_file_name(" .. ") == "evidence"
    long = safe_file_name("가" * 200 + ".jpeg")
    assert long.endswith(".jpeg") and len(long) <= 80


def test_read_only_documents_cannot_remove(
    qtbot: QtBot, opened: MainWindow, service: ScoringService, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    assert opened.session is not None and opened.workspace is not None
    item_id = opened.workspace.current_item
    path = opened.session.document.path
    (tmp_path / "a.txt").write_text("a")
    opened.workspace.page.attach_files([str(tmp_path / "a.txt")])
    opened.close_assessment()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: pytest.fail("asked"))
    session = AssessmentSession(Document.open(path, readonly=True), service)
    try:
        page = ItemPage(session, "en")
        qtbot.addWidget(page)
        page.show_item(item_id)
        strip = page.evidence_strip
        assert strip.list.count() == 1
        assert not page.attach.isEnabled() and not strip.remove_button.isEnabled()
        strip.list.setCurrentRow(0)
        qtbot.keyClick(strip.list, Qt.Key.Key_Delete)
        assert len(session.document.evidence(item_id)) == 1
    finally:
        session.close()


def test_the_strip_is_named_and_reachable_by_tab(
    qtbot: QtBot, opened: MainWindow, strip: EvidenceStrip, tmp_path: Path
) -> None:  # fmt: skip
    ws = opened.workspace
    assert ws is not None
    (tmp_path / "a.txt").write_text("a")
    ws.page.attach_files([str(tmp_path / "a.txt")])
    assert strip.list.accessibleName() and strip.remove_button.accessibleName()
    opened.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is opened)
    ws.page.attach.setFocus()
    qtbot.keyClick(ws.page.attach, Qt.Key.Key_Tab)
    assert strip.list.hasFocus()
    qtbot.keyClick(strip.list, Qt.Key.Key_Tab)
    assert strip.remove_button.hasFocus()


def test_attaching_is_undone_and_redone(opened: MainWindow, strip: EvidenceStrip,
                                        tmp_path: Path) -> None:  # fmt: skip
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    item = ws.current_item
    source = tmp_path / "wrong photo.jpg"
    source.write_bytes(b"\xff\xd8 not really a photo")
    before = len(session.evidence(item))
    ws.page.attach_files([str(source)])
    assert len(session.evidence(item)) == before + 1
    assert session.undo_stack.undoText().startswith("Attach wrong photo.jpg")
    session.undo_stack.undo()  # Ctrl+Z: gone from the document and the strip
    assert len(session.evidence(item)) == before and strip.list.count() == before
    with Document.open(session.document.path, readonly=True) as doc:
        assert "wrong photo.jpg" not in [e.name for e in doc.evidence(item)]
    session.undo_stack.redo()  # back, with the same bytes
    (again,) = [e for e in session.evidence(item) if e.name == "wrong photo.jpg"]
    assert session.evidence_data(again.id) == source.read_bytes()
    assert strip.list.count() == before + 1
