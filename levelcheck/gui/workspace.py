"""The workspace for one open assessment: the navigation tree (left), the item page
(centre) and the live result (right), with the walk's keyboard actions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from levelcheck.core.text import Lang
from levelcheck.gui.item_page import ItemPage
from levelcheck.gui.live_panel import LivePanel
from levelcheck.gui.navigation_model import (
    ID_ROLE,
    KIND_ROLE,
    STATUS,
    TITLE,
    NavigationModel,
    UnansweredFilter,
)
from levelcheck.gui.plan_view import PlanView
from levelcheck.gui.results_view import ResultsView
from levelcheck.gui.session import AssessmentSession
from levelcheck.gui.staged_walk import StagedWalkPage
from levelcheck.gui.worker import Worker

# Characters of an item's title (after its id) the tree keeps readable when the window is
# small, as long as the item page can give up the room: at 1024 px the tree otherwise
# shows only the ids.
TITLE_CHARS = 16
ITEM_DEPTH = 3  # items sit under an area and a category, with the root decoration


class _Splitter(QSplitter):
    """A splitter that shares a narrow window out by what each pane needs, after each
    resize: first the item page and the result panel get the width below which their
    text is cut (from the tree, if need be); then the tree is widened to `readable`
    pixels with what they can spare (the last pane first). A plain splitter shrinks
    every pane alike, and the tree's titles or the item text go first.

    Once the user drags a handle, the tree's width is theirs (`chosen`): a resize keeps
    it rather than widening the tree back to `readable` (it gives way only to the other
    panes' least widths, and comes back to the chosen width when the window allows)."""

    readable = 0

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self.chosen: int | None = None
        # emitted only when the user moves a handle, never for setSizes()
        self.splitterMoved.connect(self._moved)

    def _moved(self, _pos: int, _index: int) -> None:
        self.chosen = self.sizes()[0]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.share_out()

    def share_out(self) -> None:
        sizes = self.sizes()
        if not sizes or sizes[0] == 0:
            return  # the tree folded away by the user
        panes = [self.widget(i) for i in range(len(sizes))]
        least = [0 if p is None or p.isHidden() else _least_width(p) for p in panes]
        new = list(sizes)
        for i in range(1, len(new)):
            give = min(least[i] - new[i], new[0] - least[0])
            if give > 0:
                new[0] -= give
                new[i] += give
        want = self.readable if self.chosen is None else self.chosen
        for i in reversed(range(1, len(new))):
            take = min(want - new[0], new[i] - least[i])
            if take > 0:
                new[0] += take
                new[i] -= take
        if self.chosen is not None and new[0] > self.chosen and len(new) > 1:
            # the splitter's own share of a wider window: to the item page instead
            new[1] += new[0] - self.chosen
            new[0] = self.chosen
        if new != sizes:
            self.setSizes(new)


def _least_width(pane: QWidget) -> int:
    """The narrowest ``pane`` can be without cutting its text: a scroll area's own
    minimum is tiny, but below its page's minimum the page scrolls sideways and the
    item text is cut at the right edge (seen in a 972 px window). Every scroll area
    counts, shown or not: a stack may switch to it."""
    least = max(pane.minimumSizeHint().width(), pane.minimumWidth())
    areas = [pane] if isinstance(pane, QScrollArea) else []
    for area in areas + pane.findChildren(QScrollArea):
        page = area.widget()
        if page is not None:
            bar = area.verticalScrollBar().sizeHint().width()
            least = max(least, page.minimumSizeHint().width() + bar + 2 * area.frameWidth())
    return least


class Workspace(QWidget):
    def __init__(self, session: AssessmentSession, lang: Lang, worker: Worker | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self.worker = worker or Worker(self)
        self.model = NavigationModel(
            session.questionnaire, lang, session.state, lambda i: session.answer(i).level
        )
        self.filter = UnansweredFilter()
        self.filter.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setModel(self.filter)
        self.tree.setAccessibleName(self.tr("Items"))
        self.tree.setUniformRowHeights(True)
        # Items sit three levels deep: Qt's 20 px per level leaves little for the title.
        self.tree.setIndentation(max(12, self.tree.fontMetrics().averageCharWidth() * 2 + 2))
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(STATUS, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.expandAll()
        self.tree.selectionModel().currentChanged.connect(self._tree_moved)
        self.unanswered_only = QCheckBox(self.tr("Unanswered only"))
        self.unanswered_only.setAccessibleName(self.tr("Show unanswered items only"))
        self.unanswered_only.toggled.connect(self.set_unanswered_only)

        self.page = ItemPage(session, lang)
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.page)
        self.scroller.setWidgetResizable(True)
        self.walk_page = StagedWalkPage(session, lang)
        self.walk_page.moved.connect(self.go_to)
        self.centre = QStackedWidget()
        self.centre.addWidget(self.scroller)
        self.centre.addWidget(self.walk_page)
        self.live = LivePanel(session.questionnaire, lang)
        self.live.show_result(session.result)
        self.results = ResultsView(lang)
        self.results.show_result(session.result)
        self.side = QTabWidget()
        self.side.addTab(self.live, self.tr("Result"))
        self.side.addTab(self.results, self.tr("Explanation"))
        self.plan_view = PlanView(session, lang, self.worker)
        self.side.addTab(self.plan_view, self.tr("Upgrade path"))
        self.side.setAccessibleName(self.tr("Result, explanation and upgrade path"))
        self.side.tabBar().setAccessibleName(self.tr("Result tabs"))
        self.scroller.setAccessibleName(self.tr("Item"))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.unanswered_only)
        left_layout.addWidget(self.tree)
        splitter = self.splitter = _Splitter(Qt.Orientation.Horizontal)
        for w in (left, self.centre, self.side):
            splitter.addWidget(w)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 2)
        splitter.readable = self._readable_tree_width()
        splitter.setSizes([max(320, splitter.readable), 640, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.readonly_banner = self._make_readonly_banner()
        layout.addWidget(self.readonly_banner)
        layout.addWidget(splitter)

        # Tab goes left to right as the eye does: filter, tree, the item, the side tabs
        # (Qt's default follows creation order and put the tree last).
        QWidget.setTabOrder(self.unanswered_only, self.tree)
        QWidget.setTabOrder(self.tree, self.scroller)
        QWidget.setTabOrder(self.scroller, self.page)

        self.actions_ = self._make_actions()
        session.answerChanged.connect(self._answer_changed)
        session.scored.connect(self.live.show_result)
        session.scored.connect(self.results.show_result)
        self.go_to(session.item_ids[0])

    def _make_readonly_banner(self) -> QLabel:
        """A line above the panes while the document is read-only, saying why. It is
        part of the workspace, not the status bar: a menu's hover hint replaces the
        status bar's message, and the greyed cards were then left without a reason."""
        text = self.tr("Read-only: %1. Changes cannot be made here.")
        banner = QLabel(text.replace("%1", self.session.readonly_reason()))
        banner.setAccessibleName(self.tr("Read-only notice"))
        banner.setWordWrap(True)
        banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        banner.setStyleSheet("background: #fef3c7; color: #78350f; padding: 6px 10px;")
        banner.setVisible(self.session.readonly)
        return banner

    def _readable_tree_width(self) -> int:
        """The width of the tree's pane that shows every item's id and TITLE_CHARS
        characters of its title beside the "Done" column and a scroll bar."""
        tree, fm = self.tree, self.tree.fontMetrics()
        style = tree.style()
        widest_id = max(fm.horizontalAdvance(f"{i}  ") for i in self.session.item_ids)
        text_margins = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        letters = "abcdefghijklmnopqrstuvwxyz"  # averageCharWidth() is narrower than text
        chars = TITLE_CHARS * fm.horizontalAdvance(letters) // len(letters)
        title = tree.indentation() * ITEM_DEPTH + widest_id + chars + text_margins
        done = max(tree.sizeHintForColumn(STATUS), tree.header().sectionSizeHint(STATUS))
        scroll = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return title + done + scroll + 2 * tree.frameWidth()

    def _make_actions(self) -> list[QAction]:
        out = []
        nxt = QAction(self.tr("&Next item"), self)
        nxt.setShortcuts([QKeySequence("Ctrl+Down"), QKeySequence("Ctrl+PgDown")])
        nxt.triggered.connect(self.go_next)
        prev = QAction(self.tr("&Previous item"), self)
        prev.setShortcuts([QKeySequence("Ctrl+Up"), QKeySequence("Ctrl+PgUp")])
        prev.triggered.connect(self.go_previous)
        flt = QAction(self.tr("&Unanswered only"), self)
        flt.setCheckable(True)
        flt.setShortcut(QKeySequence("Ctrl+U"))
        flt.toggled.connect(self.unanswered_only.setChecked)
        self.unanswered_only.toggled.connect(flt.setChecked)
        self.walk_action = QAction(self.tr("&Staged walk"), self)
        self.walk_action.setCheckable(True)
        self.walk_action.setShortcut(QKeySequence("Ctrl+M"))
        tip = self.tr(
            "Switch between the staged walk (yes/no per level, keys Y/N) and rubric mode (keys 1–5)"
        )
        self.walk_action.setToolTip(tip)
        self.walk_action.toggled.connect(self.set_staged_walk)
        explain = QAction(self.tr("&Explanation of the result"), self)
        explain.setShortcut(QKeySequence("Ctrl+R"))
        explain.triggered.connect(self.show_explanation)
        upgrade = QAction(self.tr("Upgrade &path"), self)
        upgrade.setShortcut(QKeySequence("Ctrl+P"))
        upgrade.triggered.connect(self.show_upgrade_path)
        out += [nxt, prev, flt, self.walk_action, explain, upgrade]
        for level in sorted(self.session.questionnaire.levels):
            rate = QAction(self.tr("Rate level %1").replace("%1", str(level)), self)
            rate.setShortcut(QKeySequence(str(level)))
            rate.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            rate.triggered.connect(lambda _=False, lv=level: self.page.rate(lv))
            out.append(rate)
        for action in out:
            self.addAction(action)
        return out

    def show_explanation(self) -> None:
        """Bring the explanation tab to the front (Ctrl+R)."""
        self.side.setCurrentWidget(self.results)

    def show_upgrade_path(self) -> None:
        """Bring the upgrade-path tab to the front (Ctrl+P); it plans when shown."""
        self.side.setCurrentWidget(self.plan_view)

    def discard(self) -> None:
        """Before the workspace goes: no plan arrives for it afterwards."""
        self.plan_view.debounce.stop()
        self.plan_view.cancel()

    # --- mode ---------------------------------------------------------------------------
    @property
    def staged(self) -> bool:
        return self.centre.currentWidget() is self.walk_page

    def set_staged_walk(self, on: bool) -> None:
        """Switch between the staged walk and rubric mode; the walk resumes where it
        was, or starts over once it has finished."""
        if self.walk_action.isChecked() != on:
            self.walk_action.setChecked(on)  # comes back here through toggled
            return
        self.page.save_note()
        if on:
            self.centre.setCurrentWidget(self.walk_page)
            walk = self.walk_page.walk
            if walk is None or walk.finished:
                self.walk_page.start()
            self.walk_page.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.centre.setCurrentWidget(self.scroller)
            self.page.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- moving --------------------------------------------------------------------------
    @property
    def current_item(self) -> str:
        return self.page.item_id

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # the panes' needs are known once laid out with their content, which can be
        # after the window's last resize: share the width out again then
        QTimer.singleShot(0, self.splitter, self.splitter.share_out)

    def go_to(self, item_id: str) -> None:
        self.page.show_item(item_id)
        self.scroller.verticalScrollBar().setValue(0)
        index = self.filter.mapFromSource(self.model.index_of(item_id))
        if index.isValid() and self.tree.currentIndex() != index:
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)  # fmt: skip

    def _step(self, delta: int) -> None:
        ids = self.session.item_ids
        i = ids.index(self.current_item) if self.current_item in ids else -1
        while 0 <= i + delta < len(ids):
            i += delta
            if not self.filter.on or self.session.state(ids[i]) == "unanswered":
                self._focus_page_from_fields()
                self.go_to(ids[i])
                return

    def _focus_page_from_fields(self) -> None:
        """Moving on from the note or the N/A reason (Ctrl+Down): leaving the field first
        saves what was typed for this item, and keys 1-5 then rate the next item instead
        of typing into its note. Focus on the tree or a card stays where it is."""
        focus = QApplication.focusWidget()
        if isinstance(focus, (QLineEdit, QPlainTextEdit)) and self.page.isAncestorOf(focus):
            self.page.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def go_next(self) -> None:
        self._step(1)

    def go_previous(self) -> None:
        self._step(-1)

    def _tree_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.data(KIND_ROLE) == "item" and current.data(ID_ROLE) != self.current_item:
            self.go_to(str(current.data(ID_ROLE)))

    def set_unanswered_only(self, on: bool) -> None:
        with self._tree_quiet():
            self.filter.set_on(on)
        self.go_to(self.current_item)

    @contextmanager
    def _tree_quiet(self) -> Iterator[None]:
        """Filtering moves the tree's current row; that must not move the page."""
        selection = self.tree.selectionModel()
        selection.blockSignals(True)
        try:
            yield
        finally:
            self.tree.expandAll()
            selection.blockSignals(False)

    def _answer_changed(self, item_id: str) -> None:
        self.model.refresh(item_id)
        if item_id == self.current_item:
            self.page.refresh()
        if self.filter.on:
            # An answered item leaves the filtered tree; the page stays on it until Next.
            with self._tree_quiet():
                self.filter.refilter()
