"""The navigation tree's data: areas → categories → items, with each item's state and
each category's and area's count of finished items; and the "unanswered only" filter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from levelcheck.core.questionnaire import Questionnaire
from levelcheck.core.text import Lang

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # area, category or item id
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "area", "category" or "item"
STATE_ROLE = Qt.ItemDataRole.UserRole + 3  # items: "answered", "na" or "unanswered"
DONE_ROLE = Qt.ItemDataRole.UserRole + 4  # groups: (finished items, all items)
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 5  # items: the rated level, or None

TITLE, STATUS = 0, 1
_DONE_COLOUR = QColor("#15803d")
_NA_COLOUR = QColor("#6b7280")

AnyIndex = QModelIndex | QPersistentModelIndex


class NavigationModel(QStandardItemModel):
    def __init__(
        self, questionnaire: Questionnaire, lang: Lang, state: Callable[[str], str],
        level: Callable[[str], int | None],
    ) -> None:  # fmt: skip
        super().__init__()
        self._state = state
        self._level = level
        self._items: dict[str, tuple[QStandardItem, QStandardItem]] = {}
        self._groups: list[tuple[list[str], QStandardItem]] = []
        self.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("NavigationModel", "Item"),
                QCoreApplication.translate("NavigationModel", "Done"),
            ]
        )
        for area in questionnaire.areas:
            area_row = self._row(area.id, area.title(lang), "area")
            area_ids: list[str] = []
            for cat in area.categories:
                cat_row = self._row(cat.id, cat.title(lang), "category")
                ids = [i.id for i in cat.items]
                for item in cat.items:
                    row = self._row(item.id, f"{item.id}  {item.title(lang)}", "item")
                    cat_row[0].appendRow(row)
                    self._items[item.id] = (row[0], row[1])
                area_row[0].appendRow(cat_row)
                self._groups.append((ids, cat_row[1]))
                area_ids += ids
            self.appendRow(area_row)
            self._groups.append((area_ids, area_row[1]))
        for item_id in self._items:
            self._show_item(item_id)
        self._show_groups()

    @staticmethod
    def _row(id_: str, title: str, kind: str) -> list[QStandardItem]:
        cells = [QStandardItem(title), QStandardItem("")]
        for cell in cells:
            cell.setEditable(False)
            cell.setData(id_, ID_ROLE)
            cell.setData(kind, KIND_ROLE)
        cells[0].setToolTip(title)
        cells[1].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        return cells

    def _show_item(self, item_id: str) -> None:
        title, status = self._items[item_id]
        state = self._state(item_id)
        level = self._level(item_id)
        if status.data(STATE_ROLE) == state and status.data(LEVEL_ROLE) == level:
            return
        for cell in (title, status):
            cell.setData(state, STATE_ROLE)
        status.setData(level, LEVEL_ROLE)
        if state == "answered":
            status.setText(
                QCoreApplication.translate("NavigationModel", "L%1").replace("%1", str(level))
            )
            status.setForeground(QBrush(_DONE_COLOUR))
        elif state == "na":
            status.setText(QCoreApplication.translate("NavigationModel", "N/A"))
            status.setForeground(QBrush(_NA_COLOUR))
        else:
            status.setText("○")
            status.setForeground(QBrush(_NA_COLOUR))
        if state == "answered":
            spoken = QCoreApplication.translate("NavigationModel", "answered")
        elif state == "na":
            spoken = QCoreApplication.translate("NavigationModel", "not applicable")
        else:
            spoken = QCoreApplication.translate("NavigationModel", "not answered")
        status.setAccessibleText(spoken)

    def _show_groups(self, item_id: str | None = None) -> None:
        for ids, cell in self._groups:
            if item_id is not None and item_id not in ids:
                continue
            done = sum(self._state(i) != "unanswered" for i in ids)
            if cell.data(DONE_ROLE) == (done, len(ids)):
                continue  # every setData repaints the tree: only what changed
            cell.setText(f"{done}/{len(ids)}")
            cell.setData((done, len(ids)), DONE_ROLE)
            cell.setForeground(QBrush(_DONE_COLOUR if done == len(ids) else _NA_COLOUR))

    def refresh(self, item_id: str) -> None:
        """Show an item's changed answer (and its category's and area's counts)."""
        if item_id in self._items:
            self._show_item(item_id)
            self._show_groups(item_id)

    def index_of(self, item_id: str) -> QModelIndex:
        return self._items[item_id][0].index()


class UnansweredFilter(QSortFilterProxyModel):
    """Shows only unanswered items (and the categories and areas holding them) when on."""

    def __init__(self) -> None:
        super().__init__()
        self.setRecursiveFilteringEnabled(True)
        self._on = False

    @property
    def on(self) -> bool:
        return self._on

    def set_on(self, on: bool) -> None:
        self.beginFilterChange()
        self._on = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: AnyIndex) -> bool:
        if not self._on:
            return True
        index = self.sourceModel().index(row, 0, parent)
        return bool(index.data(KIND_ROLE) == "item" and index.data(STATE_ROLE) == "unanswered")
