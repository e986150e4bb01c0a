"""The first page: start a new assessment, open a file or an example, or pick a recent
file (shown as company, level and date, read in the background by :func:`read_recent`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QGuiApplication,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from levelcheck.gui.settings import MAX_RECENT

if TYPE_CHECKING:
    from levelcheck.core.service import ScoringService
    from levelcheck.gui.examples import ExampleInfo


@dataclass(frozen=True)
class RecentInfo:
    """What a recent file says about itself. `problem`: why it cannot be read (then it
    shows greyed); `score_problem`: why it has no level although it can be read."""

    path: str
    company: str = ""
    date: str = ""
    level: int | None = None
    missing: bool = False
    problem: str = ""
    score_problem: str = ""


def read_recent(paths: list[str], service: ScoringService) -> list[RecentInfo]:
    """Company, date and level of each recent file (at most MAX_RECENT), each opened
    read-only. Runs on a worker thread: no widgets. Never raises: a recent file may be
    anything by now (moved, damaged, from a newer LevelCheck, on a dead share)."""
    from levelcheck.core.document import Document

    out = []
    for path in paths[:MAX_RECENT]:
        p = Path(path)
        try:
            if not p.is_file():
                out.append(RecentInfo(path, missing=True))
                continue
            with Document.open(p, readonly=True) as doc:  # opened once for all three
                company, date = doc.company.name, doc.info.date.isoformat()
                level, score_problem = None, ""
                try:
                    level = service.score_document(doc).level
                except Exception as exc:  # e.g. its rule set is not installed: no level
                    score_problem = str(exc) or type(exc).__name__
        except Exception as exc:  # whatever it is, the start page shows it and goes on
            out.append(RecentInfo(path, problem=str(exc) or type(exc).__name__))
            continue
        out.append(RecentInfo(path, company, date, level, score_problem=score_problem))
    return out


PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def file_labels(paths: list[str]) -> dict[str, str]:
    """How each recent file is named on its line: its file name, and its folder too
    when another file in the list has the same name ("ro.levelcheck (/visits/rodir)").
    Copies of one company (before and after, e-mailed back) read alike otherwise, and
    the path was only in the tooltip; the whole folder, as two folders may share their
    last part."""
    names: dict[str, int] = {}
    for path in paths:
        names[Path(path).name] = names.get(Path(path).name, 0) + 1
    out = {}
    for path in paths:
        p = Path(path)
        out[path] = f"{p.name} ({p.parent})" if names[p.name] > 1 else p.name
    return out


@dataclass(frozen=True)
class _Shown:
    text: str
    tip: str
    grey: bool


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    exampleRequested = Signal(str)
    recentRequested = Signal(str)
    recentRead = Signal()  # the recent files' company, level and date are shown

    def __init__(self, examples: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.examples = examples
        self.setAccessibleName(self.tr("Start page"))
        title = QLabel(self.tr("LevelCheck — smart-factory level assessment"))
        title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.new_button = QPushButton(self.tr("New assessment…"))
        self.new_button.setAccessibleName(self.tr("New assessment"))
        self.new_button.clicked.connect(self.newRequested)
        self.open_button = QPushButton(self.tr("Open file…"))
        self.open_button.setAccessibleName(self.tr("Open file"))
        self.open_button.clicked.connect(self.openRequested)
        self.example_button = QPushButton(self.tr("Open an example"))
        self.example_button.setAccessibleName(self.tr("Open an example"))
        menu = QMenu(self.example_button)
        self.example_actions: dict[str, QAction] = {}  # by path
        for path in examples:
            action = menu.addAction(path.stem)  # until set_example_info names it
            action.setToolTip(path.name)
            action.triggered.connect(lambda _=False, p=str(path): self.exampleRequested.emit(p))
            self.example_actions[str(path)] = action
        self.example_button.setMenu(menu)
        self.example_button.setEnabled(bool(examples))

        # A plain item model: a Python subclass overriding data() made Qt set up some 140
        # enum types on first use, a third of the window's start-up.
        self.recent_model = QStandardItemModel(self)
        self.shown: dict[str, _Shown] = {}  # by path: what shows once read
        self.labels: dict[str, str] = {}  # by path: its file name (see file_labels)
        self.recent = QListView()
        self.recent.setModel(self.recent_model)
        self.recent.setAccessibleName(self.tr("Recent files"))
        self.recent.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.recent.activated.connect(self._recent_activated)

        buttons = QHBoxLayout()
        for b in (self.new_button, self.open_button, self.example_button):
            b.setMinimumHeight(40)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(title)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addSpacing(16)
        label = QLabel(self.tr("Recent files"))
        label.setStyleSheet("font-weight: bold;")
        layout.addWidget(label)
        layout.addWidget(self.recent, 1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def set_example_info(self, infos: list[ExampleInfo]) -> None:
        """Name the examples by company and level ("(주)새터금속 · Level 1")."""
        for info in infos:
            action = self.example_actions.get(info.path)
            if action is not None:
                action.setText(" · ".join((info.company, self._level(info.level))))

    def _level(self, level: int | None) -> str:
        if level is None:
            return self.tr("Level —")
        return self.tr("Level %1").replace("%1", str(level))

    def set_recent(self, files: list[str]) -> None:
        """The recent files by name, until :meth:`set_recent_info` tells more."""
        self.shown.clear()
        self.recent_model.clear()
        self.labels = file_labels(files[:MAX_RECENT])
        for path in files[:MAX_RECENT]:
            item = QStandardItem(self.labels[path])
            item.setData(path, PATH_ROLE)
            item.setToolTip(path)
            item.setEditable(False)
            self.recent_model.appendRow(item)

    def recent_paths(self) -> list[str]:
        """The recent files listed, in order (what is opened)."""
        model = self.recent_model
        return [str(model.item(r).data(PATH_ROLE)) for r in range(model.rowCount())]

    def set_recent_info(self, infos: list[RecentInfo]) -> None:
        """Show company, level and date (greyed with the reason, if unreadable). Infos
        for files no longer in the list (read before it changed) are left out."""
        rows = {path: r for r, path in enumerate(self.recent_paths())}
        grey = QBrush(QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                      QPalette.ColorRole.Text))  # fmt: skip
        for info in infos:
            row = rows.get(info.path)
            if row is None:
                continue
            shown = self.shown[info.path] = self._shown(info)
            item = self.recent_model.item(row)
            item.setText(shown.text)
            item.setToolTip(shown.tip)
            if shown.grey:
                item.setForeground(grey)
        self.recentRead.emit()

    def _shown(self, info: RecentInfo) -> _Shown:
        """Company · level · date — file name (the file name alone when unreadable)."""
        name = self.labels.get(info.path) or Path(info.path).name
        if info.missing or info.problem:
            why = self.tr("File not found") if info.missing else info.problem
            return _Shown(name, f"{info.path}\n{why}", grey=True)
        facts = " · ".join(t for t in (info.company, self._level(info.level), info.date) if t)
        text = f"{facts} — {name}"
        tip = info.path + (f"\n{info.score_problem}" if info.score_problem else "")
        return _Shown(text, tip, grey=False)

    def _recent_activated(self, index: QModelIndex) -> None:
        self.recentRequested.emit(str(index.data(PATH_ROLE)))
