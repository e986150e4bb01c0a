"""The first page: start a new assessment, open a file or an example, or pick a recent
file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    exampleRequested = Signal(str)
    recentRequested = Signal(str)

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
        for path in examples:
            action = menu.addAction(path.stem)
            action.triggered.connect(lambda _=False, p=str(path): self.exampleRequested.emit(p))
        self.example_button.setMenu(menu)
        self.example_button.setEnabled(bool(examples))

        self.recent_model = QStringListModel(self)
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

    def set_recent(self, files: list[str]) -> None:
        self.recent_model.setStringList(files)

    def _recent_activated(self, index: QModelIndex) -> None:
        self.recentRequested.emit(str(index.data()))
