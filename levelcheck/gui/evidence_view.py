"""The evidence strip of the item page: one entry per evidence file with a thumbnail
(photos) or a file icon, opened with a double-click or Enter, saved elsewhere or removed
from the context menu, removed with Delete or the Remove button.

Thumbnails must not slow down moving between items: the list is filled at once from
the cheap listing (no BLOB read), photos show the file icon first, and their bytes are
read one per event-loop turn and decoded on a pool thread at thumbnail size
(:func:`decode_thumbnail`; a 12-megapixel JPEG is never decoded at full size). Finished
thumbnails are kept per evidence id in a bounded cache, so coming back to an item
decodes nothing."""

from __future__ import annotations

import stat
from collections import OrderedDict, deque
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QDir,
    QIODevice,
    QPoint,
    QSize,
    Qt,
    QTemporaryDir,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QImageReader, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from levelcheck.core.document import EvidenceInfo
from levelcheck.core.files import UNSAFE_IN_NAMES, is_windows_device
from levelcheck.gui.commands import UndoText
from levelcheck.gui.session import AssessmentSession
from levelcheck.gui.worker import Task, Worker

THUMB_SIZE = 96  # logical pixels; a square box so EXIF-rotated photos fit too
CACHE_LIMIT = 200  # thumbnails kept (about 40 KB each)
MAX_DECODING = 2  # files read and handed to the pool at a time (bounds memory)
INFO_ROLE = Qt.ItemDataRole.UserRole
_NAME_LIMIT = 80  # characters: Korean names stay under 255 bytes in UTF-8


def safe_file_name(name: str) -> str:
    """A stored evidence name made safe to write on any platform: no folders, no
    characters Windows refuses, no reserved device names, not too long."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = UNSAFE_IN_NAMES.sub("_", base).strip(" .")
    if is_windows_device(base):
        base = "_" + base
    if len(base) > _NAME_LIMIT:
        suffix = Path(base).suffix if len(Path(base).suffix) <= 16 else ""
        base = base[: _NAME_LIMIT - len(suffix)].rstrip(" .") + suffix
    return base or "evidence"


def decode_thumbnail(data: bytes, box: int) -> QImage:
    """The photo scaled to fit a box x box square, EXIF orientation applied; a null
    image when it is not a picture Qt can read. Runs on a pool thread (no QPixmap).
    The reader is asked for the small size, so JPEG decodes at a fraction of full
    size instead of decoding everything and scaling down."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > box or size.height() > box):
        fit = size.scaled(box, box, Qt.AspectRatioMode.KeepAspectRatio)
        reader.setScaledSize(QSize(max(1, fit.width()), max(1, fit.height())))
    return reader.read()


def _decode_job(evidence_id: int, data: bytes, box: int) -> tuple[int, QImage]:
    """Never raises: a file that cannot be decoded simply gets the file icon."""
    try:
        return evidence_id, decode_thumbnail(data, box)
    except Exception:  # a broken file must not leave the photo waiting forever
        return evidence_id, QImage()


class ThumbnailCache:
    """Icons by evidence id, least recently used dropped first."""

    def __init__(self, limit: int = CACHE_LIMIT) -> None:
        self.limit = limit
        self._icons: OrderedDict[int, QIcon] = OrderedDict()

    def get(self, evidence_id: int) -> QIcon | None:
        icon = self._icons.get(evidence_id)
        if icon is not None:
            self._icons.move_to_end(evidence_id)
        return icon

    def put(self, evidence_id: int, icon: QIcon) -> None:
        self._icons[evidence_id] = icon
        self._icons.move_to_end(evidence_id)
        while len(self._icons) > self.limit:
            self._icons.popitem(last=False)

    def discard(self, evidence_id: int) -> None:
        self._icons.pop(evidence_id, None)

    def __contains__(self, evidence_id: int) -> bool:
        return evidence_id in self._icons

    def __len__(self) -> int:
        return len(self._icons)


def _is_picture(info: EvidenceInfo) -> bool:
    return info.media_type.startswith("image/") and bool(info.size)


class EvidenceList(QListWidget):
    """The thumbnails; Enter opens, Delete removes, digit keys go on to the page (they
    rate the item) instead of searching the list."""

    openRequested = Signal()
    removeRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.openRequested.emit()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain:
            self.removeRequested.emit()
        elif plain and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            event.ignore()
        else:
            super().keyPressEvent(event)


class EvidenceStrip(QWidget):
    thumbnailReady = Signal(int)  # evidence id: its thumbnail is now shown

    def __init__(self, session: AssessmentSession, worker: Worker | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self.worker = worker or Worker(self, max_threads=1)
        self.item_id = ""
        self.editable = not session.readonly
        self.cache = ThumbnailCache()
        self.file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._queue: deque[EvidenceInfo] = deque()
        self._decoding: set[int] = set()
        self._temp: QTemporaryDir | None = None
        self._fetch = QTimer(self)
        self._fetch.setSingleShot(True)
        self._fetch.setInterval(0)
        self._fetch.timeout.connect(self._fetch_next)

        self.list = EvidenceList()
        self.list.setAccessibleName(self.tr("Evidence files of this item"))
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.list.setAcceptDrops(False)  # drops go on to the page, which attaches them
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.list.setGridSize(QSize(THUMB_SIZE + 36, THUMB_SIZE + 30))
        self.list.setUniformItemSizes(True)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.list.setFixedHeight(THUMB_SIZE + 30 + bar + 2 * self.list.frameWidth() + 4)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.doubleClicked.connect(lambda _index: self.open_current())
        self.list.openRequested.connect(self.open_current)
        self.list.removeRequested.connect(self.remove_current)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())

        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected evidence file"))
        self.remove_button.setToolTip(self.tr("Remove the selected evidence file (Delete)"))
        self.remove_button.clicked.connect(self.remove_current)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        QWidget.setTabOrder(self.list, self.remove_button)
        session.evidenceChanged.connect(self._evidence_changed)
        self._update_buttons()

    # --- showing -------------------------------------------------------------------------
    def show_item(self, item_id: str) -> None:
        """List the item's evidence at once; photos not in the cache show the file icon
        until their thumbnail arrives."""
        self.item_id = item_id
        self._load(keep_row=False)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._update_buttons()

    def _evidence_changed(self, item_id: str) -> None:
        if item_id == self.item_id:
            self._load(keep_row=True)

    def _load(self, *, keep_row: bool) -> None:
        row = self.list.currentRow() if keep_row else 0
        # same item reloaded: what is no longer listed was removed, its thumbnail too
        before = {info.id for info in self._infos()} if keep_row else set()
        self.list.clear()
        self._queue.clear()  # the previous item's photos: decoded when shown again
        # most items have no evidence: the session's count spares the query for them
        has_any = self.item_id and self.session.evidence_count(self.item_id)
        infos = self.session.evidence(self.item_id) if has_any else []
        for gone in before - {info.id for info in infos}:
            self.cache.discard(gone)
        for info in infos:
            item = QListWidgetItem(self._icon_for(info), info.name)
            item.setData(INFO_ROLE, info)
            item.setToolTip(self._describe(info))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, self._describe(info))
            self.list.addItem(item)
        if infos:
            self.list.setCurrentRow(min(max(row, 0), len(infos) - 1))
        self.setVisible(bool(infos))
        self._update_buttons()
        if self._queue:
            self._fetch.start()

    def _icon_for(self, info: EvidenceInfo) -> QIcon:
        icon = self.cache.get(info.id)
        if icon is not None:
            return icon
        if _is_picture(info):
            self._queue.append(info)
        return self.file_icon

    def _describe(self, info: EvidenceInfo) -> str:
        if info.size is None:
            size = self.tr("listed without its file")
        else:
            size = self.locale().formattedDataSize(info.size)
        return f"{info.name}\n{size}"

    def _infos(self) -> list[EvidenceInfo]:
        return [self.list.item(i).data(INFO_ROLE) for i in range(self.list.count())]

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.editable and self.current_info() is not None)

    def current_info(self) -> EvidenceInfo | None:
        item = self.list.currentItem()
        info = item.data(INFO_ROLE) if item is not None else None
        return info if isinstance(info, EvidenceInfo) else None

    # --- thumbnails ----------------------------------------------------------------------
    def _fetch_next(self) -> None:
        """Read one photo's bytes (main thread: the document is not shared with the
        pool) and hand it to the pool; one per event-loop turn, so the page stays
        responsive however many photos an item has."""
        while self._queue and len(self._decoding) < MAX_DECODING:
            info = self._queue.popleft()
            if info.id in self._decoding or info.id in self.cache:
                continue
            data = self.session.evidence_data(info.id)
            if not data:
                self._show_icon(info.id, self.file_icon)
                continue
            self._decoding.add(info.id)
            ratio = self.devicePixelRatioF()
            task: Task = self.worker.run(_decode_job, info.id, data,
                                         round(THUMB_SIZE * ratio))  # fmt: skip
            task.finished.connect(self._decoded)
            break
        if self._queue and len(self._decoding) < MAX_DECODING:
            self._fetch.start()

    def _decoded(self, result: tuple[int, QImage]) -> None:
        evidence_id, image = result
        self._decoding.discard(evidence_id)
        if image.isNull():
            icon = self.file_icon  # not a picture Qt can read: cached so not tried again
        else:
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            icon = QIcon(pixmap)
        self._show_icon(evidence_id, icon)
        if self._queue:
            self._fetch.start()

    def _show_icon(self, evidence_id: int, icon: QIcon) -> None:
        self.cache.put(evidence_id, icon)
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(INFO_ROLE).id == evidence_id:
                item.setIcon(icon)
                self.thumbnailReady.emit(evidence_id)
                return

    # --- acting --------------------------------------------------------------------------
    def _context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        self.list.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), self.open_current)
        menu.addAction(self.tr("Save as…"), self.save_current)
        menu.addSeparator()
        remove = menu.addAction(self.tr("Remove…"), self.remove_current)
        remove.setEnabled(self.editable)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def _data(self, info: EvidenceInfo) -> bytes | None:
        if info.size is None:
            QMessageBox.information(self, self.tr("Evidence"), self.tr(
                "“%1” is listed without its file: there is nothing to open or save.")
                .replace("%1", info.name))  # fmt: skip
            return None
        return self.session.evidence_data(info.id)

    def open_current(self) -> None:
        """Open a copy in the app the system uses for its type. The copy is read-only
        and lives in a private temporary folder removed when the assessment closes."""
        info = self.current_info()
        if info is None:
            return
        path = self.temp_copy(info)
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def temp_copy(self, info: EvidenceInfo) -> Path | None:
        if self._temp is None:
            self._temp = QTemporaryDir(QDir.tempPath() + "/levelcheck-evidence-XXXXXX")
        if not self._temp.isValid():
            self.session.failed.emit(self.tr("Cannot make a temporary folder to open "
                                             "the evidence: %1")
                                     .replace("%1", self._temp.errorString()))  # fmt: skip
            return None
        target = Path(self._temp.path()) / str(info.id) / safe_file_name(info.name)
        if target.exists():
            return target  # evidence never changes: the copy made before is good
        data = self._data(info)
        if data is None:
            return None
        try:
            target.parent.mkdir(mode=0o700, exist_ok=True)
            target.write_bytes(data)
            target.chmod(stat.S_IRUSR)  # a copy: edits there would not reach the document
        except OSError as exc:
            self.session.failed.emit(self.tr("Cannot open the evidence: %1")
                                     .replace("%1", exc.strerror or str(exc)))  # fmt: skip
            return None
        return target

    def save_current(self) -> None:
        info = self.current_info()
        if info is None:
            return
        suggested = str(Path.home() / safe_file_name(info.name))
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save evidence as"), suggested)
        if not name:
            return
        data = self._data(info)
        if data is None:
            return
        try:
            Path(name).write_bytes(data)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Save evidence as"),
                                self.tr("Cannot save %1: %2").replace("%1", name)
                                .replace("%2", exc.strerror or str(exc)))  # fmt: skip

    def remove_current(self) -> None:
        """Remove after asking (No is the default); undoable when the file is stored."""
        info = self.current_info()
        if info is None or not self.editable or self.session.readonly:
            return
        if info.size is None:
            question = self.tr("“%1” is listed without its file, so removing it cannot be "
                               "undone. Remove it from this item?")  # fmt: skip
        else:
            question = self.tr("Remove the evidence file “%1” from this item?")
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(self, self.tr("Remove evidence"),
                                      question.replace("%1", info.name), buttons,
                                      QMessageBox.StandardButton.No)  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        text = (UndoText.translate("EvidenceStrip", "Remove evidence %1 from %2")
                .replace("%2", info.item_id))  # fmt: skip
        self.session.remove_evidence_undoably(info, text.replace("%1", info.name))
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
