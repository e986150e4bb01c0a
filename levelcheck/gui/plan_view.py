"""The upgrade path of the open assessment: a target level, effort or cost, the budget
choice, and the plan the core's Planner makes for them (computed by the worker helper,
never on the UI thread), phase by phase, with pin and drop on each action.

The choices are stored in the document (levelcheck.core.planning's ``request``) and read
back when it opens. A changed answer makes the plan stale: it is recomputed, debounced,
while the view is visible, or when it is next shown."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from levelcheck.core.assessment import Answer, Company
from levelcheck.core.content import ContentLibrary
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.planning import edited, load_request, save_request
from levelcheck.core.roadmap import Planner, PlanRequest, UpgradePlan, krw, krw_range
from levelcheck.core.scoring import Scorer
from levelcheck.core.text import Lang
from levelcheck.gui.session import AssessmentSession
from levelcheck.gui.worker import Task, Worker

ACTION_ROLE = Qt.ItemDataRole.UserRole + 1  # an action row's action id
DEBOUNCE_MS = 300


def compute_plan(planner: Planner | None, scorer: Scorer, library: ContentLibrary,
                 answers: dict[str, Answer], company: Company, request: PlanRequest,
                 ) -> tuple[Planner, UpgradePlan]:  # fmt: skip
    """On a worker thread: the planner (made once, then reused) and the plan."""
    if planner is None:
        planner = Planner(scorer, library.catalog_for(scorer.q))
    return planner, planner.plan(answers, company, request)


class PlanView(QWidget):
    planned = Signal()  # a plan (or the reason there is none) is shown

    def __init__(self, session: AssessmentSession, lang: Lang, worker: Worker,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.worker = worker
        self.planner: Planner | None = None
        self.request: PlanRequest = load_request(session.document)
        self.plan: UpgradePlan | None = None
        self.error: str | None = None
        self._task: Task | None = None
        self._stale = True
        self.setAccessibleName(self.tr("Upgrade path"))

        self.target = QComboBox()
        self.target.setAccessibleName(self.tr("Target level"))
        self.optimize = QComboBox()
        self.optimize.addItem(self.tr("Least effort"), "effort")
        self.optimize.addItem(self.tr("Least cost"), "cost")
        self.optimize.setAccessibleName(self.tr("Optimise for"))
        self.optimize.setCurrentIndex(1 if self.request.optimize == "cost" else 0)
        self.no_budget = QCheckBox(self.tr("Ignore budget"))
        self.no_budget.setChecked(self.request.no_budget)
        self.reset = QPushButton(self.tr("Clear pins and drops"))
        self._fill_targets()
        self.target.activated.connect(self._target_chosen)
        self.optimize.activated.connect(self._optimize_chosen)
        self.no_budget.toggled.connect(self._no_budget_toggled)
        self.reset.clicked.connect(self.clear_pins_and_drops)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-weight: bold;")
        self.status.setAccessibleName(self.tr("Plan status"))
        self.choices = QLabel()
        self.choices.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Effort"), self.tr("Cost")])
        self.tree.setWordWrap(True)
        # the action text takes the room; effort and cost only what they need
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAccessibleName(self.tr("Plan phases and actions"))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.pin_action = QAction(self.tr("&Pin this action"), self)
        self.pin_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.pin_action.triggered.connect(lambda: self._pin_or_drop(pin=True))
        self.drop_action = QAction(self.tr("&Drop this action"), self)
        self.drop_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.drop_action.triggered.connect(lambda: self._pin_or_drop(pin=False))
        for a in (self.pin_action, self.drop_action):
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.tree.addAction(a)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Target:")))
        controls.addWidget(self.target)
        controls.addWidget(self.optimize)
        controls.addWidget(self.no_budget)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(self.choices)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.reset)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.recompute)
        session.scored.connect(self.invalidate)

    # --- choices -----------------------------------------------------------------------
    def levels(self) -> list[int]:
        """The rule set's levels above the current one (the top one when none is)."""
        ladder = [b.level for b in self.session.ruleset.bands]
        now = self.session.result.level or 0
        above = [lv for lv in ladder if lv > now]
        return above or ladder[-1:]

    def _fill_targets(self) -> None:
        levels = self.levels()
        chosen = self.request.target
        if chosen is not None and chosen not in levels:
            levels = sorted({*levels, chosen})
        self.target.blockSignals(True)
        self.target.clear()
        for lv in levels:
            self.target.addItem(self.tr("Level %1").replace("%1", str(lv)), lv)
        index = self.target.findData(chosen) if chosen is not None else 0
        self.target.setCurrentIndex(max(index, 0))
        self.target.blockSignals(False)

    def set_request(self, request: PlanRequest) -> None:
        """Store the choices in the document and plan again."""
        self.request = request
        try:
            save_request(self.session.document, request)
        except LevelCheckError as exc:  # read-only: plan with the choices all the same
            self.session.failed.emit(str(exc))
        self._stale = True
        self.recompute()

    def set_target(self, level: int) -> None:
        self.set_request(edited(self.request, target=level))
        self._fill_targets()

    def _target_chosen(self, index: int) -> None:
        self.set_target(int(self.target.itemData(index)))

    def _optimize_chosen(self, index: int) -> None:
        self.set_request(edited(self.request, optimize=self.optimize.itemData(index)))

    def _no_budget_toggled(self, on: bool) -> None:
        r = self.request
        self.set_request(PlanRequest(target=r.target, optimize=r.optimize, budget_krw=r.budget_krw,
                                     no_budget=on, pinned=r.pinned, dropped=r.dropped))  # fmt: skip

    def pin(self, action_id: str) -> None:
        self.set_request(edited(self.request, pin=[action_id]))

    def drop(self, action_id: str) -> None:
        self.set_request(edited(self.request, drop=[action_id]))

    def clear_pins_and_drops(self) -> None:
        r = self.request
        self.set_request(PlanRequest(target=r.target, optimize=r.optimize,
                                     budget_krw=r.budget_krw, no_budget=r.no_budget))  # fmt: skip

    def current_action(self) -> str | None:
        row = self.tree.currentItem()
        value = row.data(0, ACTION_ROLE) if row is not None else None
        return str(value) if value else None

    def _pin_or_drop(self, *, pin: bool) -> None:
        action_id = self.current_action()
        if action_id is not None:
            (self.pin if pin else self.drop)(action_id)

    def _context_menu(self, pos: QPoint) -> None:
        row = self.tree.itemAt(pos)
        if row is None or not row.data(0, ACTION_ROLE):
            return
        self.tree.setCurrentItem(row)
        menu = QMenu(self)
        menu.addActions([self.pin_action, self.drop_action])
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    # --- computing -----------------------------------------------------------------------
    def invalidate(self, _result: object = None) -> None:
        """The answers changed: plan again soon if visible, else when shown."""
        self._stale = True
        if self.isVisible():
            self.debounce.start()

    def recompute(self) -> None:
        self.debounce.stop()
        self.cancel()
        self._fill_targets()
        self._stale = False
        self.status.setText(self.tr("Planning…"))
        s = self.session
        task = self.worker.run(compute_plan, self.planner, s.scorer, s.service.library,
                               s.answers(), s.document.company,
                               self.request)  # fmt: skip
        task.finished.connect(self._planned)
        task.failed.connect(self._failed)
        self._task = task

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _planned(self, value: tuple[Planner, UpgradePlan]) -> None:
        self._task = None
        self.planner, self.plan = value
        self.error = None
        self._show_plan(value[1])
        self.planned.emit()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.plan = None
        self.error = (
            str(exc) if isinstance(exc, LevelCheckError) else f"{type(exc).__name__}: {exc}"
        )
        self.status.setText(self.error)
        self.tree.clear()
        self.summary.clear()
        self.choices.clear()
        self.planned.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._task is None:
            self.recompute()

    # --- showing -------------------------------------------------------------------------
    def _show_plan(self, plan: UpgradePlan) -> None:
        lang = self.lang
        self.tree.clear()
        now = str(plan.current_level) if plan.current_level is not None else "—"
        head = self.tr("Now Level %1 → target Level %2").replace("%1", now)
        head = head.replace("%2", str(plan.target))
        reason = f" — {plan.reason[lang]}" if plan.reason else ""
        verdict = self.tr("reachable") if plan.reachable else self.tr("not reachable")
        self.status.setText(f"{head}: {verdict}{reason}")
        notes = []
        if self.request.pinned:
            notes.append(
                self.tr("Pinned: %1").replace("%1", ", ".join(sorted(self.request.pinned)))
            )
        if self.request.dropped:
            notes.append(
                self.tr("Dropped: %1").replace("%1", ", ".join(sorted(self.request.dropped)))
            )
        self.choices.setText(" · ".join(notes))
        self.reset.setEnabled(bool(self.request.pinned or self.request.dropped))
        for phase in plan.phases:
            top = QTreeWidgetItem([
                phase.title[lang],
                self.tr("%1 d").replace("%1", str(phase.effort_days)),
                krw_range(phase.cost_min_krw, phase.cost_max_krw, lang),
            ])  # fmt: skip
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for change in phase.changes:
                a = change.action
                pinned = " 📌" if a.id in self.request.pinned else ""
                row = QTreeWidgetItem(top, [
                    f"{a.item} {a.from_}→{a.to}  {a.title(lang)}{pinned}",
                    self.tr("%1 d").replace("%1", str(a.effort_days)),
                    krw_range(a.cost_krw.min, a.cost_krw.max, lang),
                ])  # fmt: skip
                row.setData(0, ACTION_ROLE, a.id)
                row.setToolTip(0, f"{a.id}: {a.title(lang)}\n{a.description(lang)}")
                for why in change.why:
                    line = QTreeWidgetItem(row, [f"· {why.text[lang]}"])
                    line.setToolTip(0, why.text[lang])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(1)
        self.tree.resizeColumnToContents(2)
        lines: list[str] = []
        if plan.phases:
            lo, hi = plan.cost_range_krw
            total = self.tr("Total: %1 person-days, %2–%3").replace("%1", str(plan.effort_days))
            lines.append(total.replace("%2", krw(lo, lang)).replace("%3", krw(hi, lang)))
        offers = [o for o in plan.offers if o.eligible]
        if offers:
            lines.append(self.tr("Eligible programmes:"))
            lines += [f"  • {o.programme.name(lang)}" for o in offers]
        self.summary.setText("\n".join(lines))

    def _action_rows(self) -> list[QTreeWidgetItem]:
        rows = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            assert top is not None
            for j in range(top.childCount()):
                child = top.child(j)
                assert child is not None
                rows.append(child)
        return rows

    def action_ids(self) -> list[str]:
        """The action ids shown, in order."""
        return [str(row.data(0, ACTION_ROLE)) for row in self._action_rows()]

    def select_action(self, action_id: str) -> bool:
        for row in self._action_rows():
            if row.data(0, ACTION_ROLE) == action_id:
                self.tree.setCurrentItem(row)
                return True
        return False
