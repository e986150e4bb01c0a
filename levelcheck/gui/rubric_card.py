"""One level of an item's rubric, as a card: click it (or focus it and press Space) to
rate the item at that level."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

_STYLE = """
RubricCard { border: 1px solid #d1d5db; border-radius: 6px; background: #ffffff; }
RubricCard:hover { border-color: #93c5fd; }
RubricCard:focus { border-color: #2563eb; }
RubricCard[chosen="true"] { border: 2px solid #1d4ed8; background: #eff6ff; }
"""


class RubricCard(QFrame):
    chosen = Signal(int)

    def __init__(self, level: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self.setObjectName(f"rubric-card-{level}")
        self.setStyleSheet(_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._heading = QLabel()
        self._heading.setStyleSheet("font-weight: bold; border: none; background: transparent;")
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setStyleSheet("border: none; background: transparent;")
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self._heading)
        layout.addWidget(self._text)
        self.set_chosen(False)

    def set_text(self, level_name: str, descriptor: str) -> None:
        heading = self.tr("%1 · %2").replace("%1", str(self.level)).replace("%2", level_name)
        self._heading.setText(heading)
        self._text.setText(descriptor)
        self.setAccessibleName(self.tr("Level %1: %2").replace("%1", str(self.level))
                               .replace("%2", level_name))  # fmt: skip
        self.setAccessibleDescription(descriptor)
        self.setToolTip(self.tr("Rate level %1 (key %1)").replace("%1", str(self.level)))

    @property
    def is_chosen(self) -> bool:
        return bool(self.property("chosen") == "true")

    def set_chosen(self, chosen: bool) -> None:
        if self.property("chosen") == ("true" if chosen else "false"):
            return  # re-polishing costs a restyle
        self.setProperty("chosen", "true" if chosen else "false")
        self.style().unpolish(self)
        self.style().polish(self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.chosen.emit(self.level)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.chosen.emit(self.level)
            return
        super().keyPressEvent(event)
