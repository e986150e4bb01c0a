"""The upgrade path of the open assessment: a target level, effort or cost, the budget
(in 만원, as consultants write it) or none, and the plan the core's Planner makes for
them (computed by the worker helper, never on the UI thread), phase by phase, with pin
and drop on each action, the selected action in full below the tree, and the support
programmes and expected KPI effects of the plan.

Content, company and consultant text reaches rich text (the detail, programme and
effect panes) only through ``html.escape``; the labels are plain text.

The choices are stored in the document (levelcheck.core.planning's ``request``) and read
back when it opens. A changed answer makes the plan stale: it is recomputed, debounced,
while the view is visible, or when it is next shown."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFocusEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from levelcheck.core.assessment import Answer, Company
from levelcheck.core.catalog import Action
from levelcheck.core.content import ContentLibrary
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.planning import edited, load_request, save_request
from levelcheck.core.roadmap import (
    BudgetBasis,
    Change,
    Offer,
    Phase,
    Planner,
    PlanRequest,
    UpgradePlan,
    krw,
    krw_range,
)
from levelcheck.core.scoring import Scorer
from levelcheck.core.text import Lang
from levelcheck.gui.session import AssessmentSession
from levelcheck.gui.wheel_guard import guard_wheel
from levelcheck.gui.worker import Task, Worker

ACTION_ROLE = Qt.ItemDataRole.UserRole + 1  # an action row's action id
PHASE_ROLE = Qt.ItemDataRole.UserRole + 2  # a phase row's phase number
DEBOUNCE_MS = 300
MANWON = 10_000  # the budget field's unit: 만원, as Korean consultants write amounts
MAX_BUDGET_MANWON = 99_999_999  # just under 1조 원; a QSpinBox holds an int


def compute_plan(planner: Planner | None, scorer: Scorer, library: ContentLibrary,
                 answers: dict[str, Answer], company: Company, request: PlanRequest,
                 ) -> tuple[Planner, UpgradePlan]:  # fmt: skip
    """On a worker thread: the planner (made once, then reused) and the plan."""
    if planner is None:
        planner = Planner(scorer, library.catalog_for(scorer.q))
    return planner, planner.plan(answers, company, request)


class WrappingDelegate(QStyledItemDelegate):
    """Row heights for wrapped text at the width the row really has. Qt measures a
    tree's rows unwrapped, or at the whole column width without the indentation, so a
    wrapped action title or reason was cut to its first line."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:  # fmt: skip
        depth, parent = 1 if self.tree.rootIsDecorated() else 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.viewport().width() - depth * self.tree.indentation()
        wrapped = QStyleOptionViewItem(option)
        wrapped.rect = QRect(0, 0, max(width, 40), 1)  # a valid rect: Qt wraps to its width
        return super().sizeHint(wrapped, index)


class BudgetSpinBox(QSpinBox):
    """A spin box whose 0 (shown as a special text) is replaced by what is typed. Qt
    keeps the special text and places the cursor inside it on a click, so digits typed
    after clicking into "No budget" were rejected and only Ctrl+A helped: at the minimum,
    getting focus selects the whole text (after the click has placed the cursor)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.value() == self.minimum() and self.specialValueText():
            QTimer.singleShot(0, self, self._select_special)

    def _select_special(self) -> None:
        if self.hasFocus() and self.value() == self.minimum():
            self.selectAll()


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
        self._shown: dict[str, tuple[Change, Phase]] = {}  # action id -> its change, phase
        self._kpi_names = {k.id: k.name for i in session.questionnaire.items.values()
                           for k in i.kpis}  # fmt: skip
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
        self.no_budget.setAccessibleName(self.tr("Ignore budget"))
        self.budget = self._budget_field()
        self.basis = self._basis_field()
        self.reset = QPushButton(self.tr("Clear pins and drops"))
        self.reset.setAccessibleName(self.tr("Clear pins and drops"))
        self._fill_targets()
        self.target.activated.connect(self._target_chosen)
        self.optimize.activated.connect(self._optimize_chosen)
        self.no_budget.toggled.connect(self._no_budget_toggled)
        self.basis.activated.connect(self._basis_chosen)
        self.budget.valueChanged.connect(self._budget_edited)
        self.reset.clicked.connect(self.clear_pins_and_drops)
        # the wheel over a field the user did not click must not replan (or store) anything
        guard_wheel(self.target, self.optimize, self.basis, self.budget)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setStyleSheet("font-weight: bold;")
        self.status.setAccessibleName(self.tr("Plan status"))
        # why the target is out of reach (over budget, dropped actions...): not in passing
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet(
            "color: #b91c1c; font-weight: bold; border: 1px solid #b91c1c; padding: 6px;"
        )
        self.problem.setAccessibleName(self.tr("Why the target is not reachable"))
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.choices = QLabel()
        self.choices.setWordWrap(True)
        self.choices.setTextFormat(Qt.TextFormat.PlainText)
        self.choices.setAccessibleName(self.tr("Plan choices"))
        # One wrapped column: the side panel is narrow (a third of a 1024-wide window), and
        # effort and cost columns left the action titles a few elided characters. Each
        # action reads title first, then its item, effort and cost on a line below.
        self.tree = QTreeWidget()
        self.tree.setColumnCount(1)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setIndentation(14)
        # always expanded (no arrows beside a wrapped title): the indent shows the nesting
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setStyleSheet("QTreeView::branch { image: none; }")
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        # a new width wraps the rows anew (Qt keeps the heights of the old one)
        self.tree.header().sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self.tree.setAccessibleName(self.tr("Plan phases and actions"))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.currentItemChanged.connect(self._row_changed)
        # the whole of the selected action: description, facts and every reason
        self.detail = self._browser(self.tr("Selected action in full"))
        self.programmes = self._browser(self.tr("Support programmes"))
        self.effects = self._browser(self.tr("Expected effects"))
        self.outlook = QTabWidget()
        self.outlook.addTab(self.programmes, self.tr("Programmes"))
        self.outlook.addTab(self.effects, self.tr("Expected effects"))
        self.outlook.setAccessibleName(self.tr("Support programmes and expected effects"))
        self.outlook.tabBar().setAccessibleName(self.tr("Support programmes and expected effects"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName(self.tr("Plan totals"))

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
        controls.addStretch(1)
        money = QHBoxLayout()
        budget_label = QLabel(self.tr("&Budget:"))
        budget_label.setBuddy(self.budget)
        money.addWidget(budget_label)
        money.addWidget(self.budget)
        money.addWidget(self.no_budget)
        money.addStretch(1)
        # a row of its own: beside the budget it would widen the narrow side panel
        covers = QHBoxLayout()
        basis_label = QLabel(self.tr("Budget &covers:"))
        basis_label.setBuddy(self.basis)
        covers.addWidget(basis_label)
        covers.addWidget(self.basis)
        covers.addStretch(1)
        panes = QSplitter(Qt.Orientation.Vertical)
        panes.setChildrenCollapsible(False)
        for w in (self.tree, self.detail, self.outlook):
            panes.addWidget(w)
        panes.setStretchFactor(0, 3)
        panes.setStretchFactor(1, 2)
        panes.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(controls)
        layout.addLayout(money)
        layout.addLayout(covers)
        layout.addWidget(self.status)
        layout.addWidget(self.problem)
        layout.addWidget(self.choices)
        layout.addWidget(panes, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.reset)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.recompute)
        session.scored.connect(self.invalidate)
        self._show_detail(None)

    def _budget_field(self) -> QSpinBox:
        """The budget in 만원 with group separators: what consultants write ("5,000만"),
        never a count of 원 with eight zeros to get wrong.

        0 is stored as "no budget of the consultant's own" (``budget_krw`` None), and the
        planner then takes the company profile's. The field says what that means for this
        document: "Profile budget" (the amount in the tooltip) when the profile has one,
        else "No budget", as the status line says, so the field, the status and "Ignore
        budget" agree. (The profile cannot be edited in the app, so this is set once.)"""
        field = BudgetSpinBox()
        field.setRange(0, MAX_BUDGET_MANWON)
        field.setSingleStep(1000)  # 1,000만 원
        field.setGroupSeparatorShown(True)
        field.setSuffix(self.tr(" × 10,000 KRW"))
        profile = self.session.document.company.budget_krw
        if profile:
            field.setSpecialValueText(self.tr("Profile budget"))
            zero = self.tr("0 uses the company profile's budget, %1.")
            zero = zero.replace("%1", krw(profile, self.lang))
        else:
            field.setSpecialValueText(self.tr("No budget"))
            zero = self.tr("0: no budget, the plan is not capped.")
        field.setKeyboardTracking(False)  # a value when typed in full, not per digit
        field.setAccessibleName(self.tr("Budget for this upgrade, in units of 10,000 KRW"))
        about = self.tr(
            "The company's budget for this upgrade in 10,000 KRW (만원): 5,000 is 50M KRW, "
            "12,000 is 120M KRW."
        )
        field.setToolTip(f"{about} {zero}")
        field.setMinimumWidth(180)
        self._show_budget(field)
        return field

    def _basis_field(self) -> QComboBox:
        """What the budget pays for: the whole project (the safe reading, as programmes
        are competitive) or the company's own share, which a support programme stretches."""
        field = QComboBox()
        field.addItem(self.tr("Whole project"), "project")
        field.addItem(self.tr("Company's share"), "own")
        field.setAccessibleName(self.tr("Budget covers"))
        field.setToolTip(
            self.tr(
                "Whole project: the budget caps the whole project cost (the safe choice: "
                "support programmes are competitive). Company's share: the budget is the "
                "company's own money, after the best support programme it is eligible for "
                "pays its share."
            )
        )
        field.setCurrentIndex(max(field.findData(self.request.budget_basis), 0))
        field.setEnabled(not self.request.no_budget)
        return field

    def _show_budget(self, field: QSpinBox) -> None:
        """The stored budget, else the company profile's, in 만원; off when ignored."""
        budget = self.request.budget_krw
        if budget is None:
            budget = self.session.document.company.budget_krw
        field.blockSignals(True)
        field.setValue(min(round((budget or 0) / MANWON), MAX_BUDGET_MANWON))
        field.blockSignals(False)
        field.setEnabled(not self.request.no_budget)

    def _browser(self, name: str) -> QTextBrowser:
        browser = QTextBrowser()
        browser.setOpenLinks(False)
        browser.setTabChangesFocus(True)  # read-only: Tab moves on, never a trap
        # the text wraps at words or anywhere, so it never needs to scroll sideways; Qt's
        # rounding showed a bar for 0.95 px of Korean text at 972 px (a whole bar's height)
        browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        browser.setAccessibleName(name)
        return browser

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

    def _store(self, request: PlanRequest) -> None:
        """The choices into the document (the starting point next time it opens). A
        read-only document plans with them all the same, unsaved and without a message
        each time: the workspace's banner already says why nothing is saved."""
        self.request = request
        if not self.session.readonly:
            try:
                save_request(self.session.document, request)
            except LevelCheckError as exc:  # e.g. the disk is full
                self.session.failed.emit(str(exc))
        self._stale = True

    def set_request(self, request: PlanRequest) -> None:
        """Store the choices in the document and plan again."""
        self._store(request)
        self.recompute()

    def set_target(self, level: int) -> None:
        self.set_request(edited(self.request, target=level))
        self._fill_targets()

    def set_budget(self, budget_krw: int | None) -> None:
        """Store the consultant's budget (None: the company profile's) and plan again
        soon: stepping through values plans once, for the last."""
        self._store(replace(self.request, budget_krw=budget_krw))
        self.debounce.start()

    def _budget_edited(self, manwon: int) -> None:
        self.set_budget(manwon * MANWON if manwon else None)

    def _target_chosen(self, index: int) -> None:
        self.set_target(int(self.target.itemData(index)))

    def _optimize_chosen(self, index: int) -> None:
        self.set_request(edited(self.request, optimize=self.optimize.itemData(index)))

    def set_budget_basis(self, basis: BudgetBasis) -> None:
        """Store what the budget pays for and plan again (nothing to do when unchanged)."""
        if basis != self.request.budget_basis:
            self.set_request(replace(self.request, budget_basis=basis))

    def _basis_chosen(self, index: int) -> None:
        self.set_budget_basis("own" if self.basis.itemData(index) == "own" else "project")

    def _no_budget_toggled(self, on: bool) -> None:
        self.budget.setEnabled(not on)
        self.basis.setEnabled(not on)
        self.set_request(replace(self.request, no_budget=on))

    def pin(self, action_id: str) -> None:
        self.set_request(edited(self.request, pin=[action_id]))

    def drop(self, action_id: str) -> None:
        self.set_request(edited(self.request, drop=[action_id]))

    def clear_pins_and_drops(self) -> None:
        self.set_request(replace(self.request, pinned=frozenset(), dropped=frozenset()))

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
        self.problem.hide()
        self._shown = {}
        self.tree.clear()
        self.summary.clear()
        self.choices.clear()
        self.programmes.clear()
        self.effects.clear()
        self._show_detail(None)
        self.planned.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._task is None:
            self.recompute()

    # --- showing -------------------------------------------------------------------------
    def _show_plan(self, plan: UpgradePlan) -> None:
        lang = self.lang
        kept = self.current_action()
        self._shown = {c.action.id: (c, p) for p in plan.phases for c in p.changes}
        self.tree.clear()
        if plan.current_level is None:  # words, not "Level —"
            head = self.tr("No level yet → target Level %1").replace("%1", str(plan.target))
        else:
            head = self.tr("Now Level %1 → target Level %2")
            head = head.replace("%1", str(plan.current_level)).replace("%2", str(plan.target))
        verdict = self.tr("reachable") if plan.reachable else self.tr("not reachable")
        if plan.reachable or not plan.reason:
            reason = f" — {plan.reason[lang]}" if plan.reason else ""
            self.status.setText(f"{head}: {verdict}{reason}")
            self.problem.hide()
        else:  # over budget, dropped actions...: the consultant must see why at once
            self.status.setText(f"{head}: {verdict}")
            self.problem.setText(plan.reason[lang])
            self.problem.show()
        self.choices.setText(" · ".join([self._budget_note(plan), *self._edit_notes()]))
        self.reset.setEnabled(bool(self.request.pinned or self.request.dropped))
        for phase in plan.phases:
            effort = self.tr("%1 d").replace("%1", str(phase.effort_days))
            cost = krw_range(phase.cost_min_krw, phase.cost_max_krw, lang)
            top = QTreeWidgetItem([f"{phase.title[lang]} · {effort} · {cost}"])
            top.setData(0, PHASE_ROLE, phase.number)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for change in phase.changes:
                row = QTreeWidgetItem(top, [self._action_text(change)])
                a = change.action
                row.setData(0, ACTION_ROLE, a.id)
                row.setToolTip(0, f"{a.id}: {a.title(lang)}\n{a.description(lang)}")
                for why in change.why:
                    line = QTreeWidgetItem(row, [f"· {why.text[lang]}"])
                    line.setToolTip(0, why.text[lang])
                    line.setForeground(0, self.palette().placeholderText())
        self.tree.expandAll()
        lines: list[str] = []
        if plan.phases:
            lo, hi = plan.cost_range_krw  # written as the phases and actions write theirs
            total = self.tr("Total: %1 person-days, %2").replace("%1", str(plan.effort_days))
            lines.append(total.replace("%2", krw_range(lo, hi, lang)))
            # one short line under the list; their whole basis (a paragraph) is in the
            # tooltip and in the detail pane while no action is selected
            short = self.tr("Effort and cost are estimates (%1).")
            lines.append(short.replace("%1", self._confidence(plan.estimates_confidence)))
        self.summary.setText("\n".join(lines))
        self.summary.setToolTip(self._estimates_text(plan) if plan.phases else "")
        self.programmes.setHtml(self._programmes_html(plan))
        self.effects.setHtml(self._effects_html(plan))
        self.outlook.setTabText(
            1, self.tr("Expected effects (%1)").replace("%1", str(len(plan.kpi_effects)))
        )
        if not (kept and self.select_action(kept)):
            self._show_detail(None)

    def _action_text(self, change: Change) -> str:
        """An action's row: its title first (what the consultant reads the plan for),
        then the item, the level step, effort and cost."""
        a, lang = change.action, self.lang
        pinned = " 📌" if a.id in self.request.pinned else ""
        effort = self.tr("%1 d").replace("%1", str(a.effort_days))
        cost = krw_range(a.cost_krw.min, a.cost_krw.max, lang)
        return f"{a.title(lang)}{pinned}\n{a.item} {a.from_}→{a.to} · {effort} · {cost}"

    def _budget_note(self, plan: UpgradePlan) -> str:
        if self.request.no_budget:
            return self.tr("Budget ignored")
        if plan.budget_krw is None:
            return self.tr("No budget: the plan is not capped")
        amount = krw(plan.budget_krw, self.lang)
        if plan.request.budget_basis == "own":
            return self._own_budget_note(plan, amount)
        if self.request.budget_krw is None:
            return self.tr("Budget %1 (company profile)").replace("%1", amount)
        return self.tr("Budget %1").replace("%1", amount)

    def _own_budget_note(self, plan: UpgradePlan, amount: str) -> str:
        """A budget for the company's share and how far the programme the planner chose
        stretches it (the consultant must see which one the plan counts on)."""
        if plan.funding is None:
            share = self.tr("company's share; no programme applies, the company pays it all")
        elif plan.project_ceiling_krw is None:
            share = self.tr("company's share; with %1").replace("%1", plan.funding.name(self.lang))
        else:
            share = self.tr("company's share; with %1: a project of up to %2")
            share = share.replace("%2", krw(plan.project_ceiling_krw, self.lang))
            share = share.replace("%1", plan.funding.name(self.lang))
        if plan.request.budget_krw is None:
            share = self.tr("company profile; %1").replace("%1", share)
        return self.tr("Budget %1 (%2)").replace("%1", amount).replace("%2", share)

    def _edit_notes(self) -> list[str]:
        notes = []
        if self.request.pinned:
            notes.append(
                self.tr("Pinned: %1").replace("%1", ", ".join(sorted(self.request.pinned)))
            )
        if self.request.dropped:
            notes.append(
                self.tr("Dropped: %1").replace("%1", ", ".join(sorted(self.request.dropped)))
            )
        return notes

    def _confidence(self, confidence: str) -> str:
        names = {
            "sourced": self.tr("sourced"),
            "secondary": self.tr("secondary source"),
            "unverified": self.tr("unverified"),
        }
        return names.get(confidence, confidence)

    def _source(self, source: str, year: int, confidence: str) -> str:
        """The small print under a figure: whose, when, how sure (escaped)."""
        text = self.tr("Source: %1, %2 (confidence: %3)").replace("%1", source)
        text = text.replace("%2", str(year)).replace("%3", self._confidence(confidence))
        return f'<br><span style="color: #6b7280;">{escape(text)}</span>'

    def _programmes_html(self, plan: UpgradePlan) -> str:
        if not plan.offers:
            none = self.tr("No support programmes: there is no plan to fund.")
            return f"<p>{escape(none)}</p>"
        eligible = [o for o in plan.offers if o.eligible]
        other = [o for o in plan.offers if not o.eligible]
        parts = []
        if eligible:
            title = self.tr("Eligible programmes")
            parts.append(f"<h4>{escape(title)}</h4>")
            parts += [self._offer_html(o) for o in eligible]
        if other:
            title = self.tr("Not eligible")
            parts.append(f"<h4>{escape(title)}</h4>")
            parts += [self._offer_html(o) for o in other]
        return "".join(parts)

    def _offer_html(self, o: Offer) -> str:
        lang, p = self.lang, o.programme
        lines = [f"<b>{escape(p.name(lang))}</b> — {escape(o.reason[lang])}"]
        if p.track == "level-check":
            lines.append(escape(self.tr("No cost to the company")))
        elif o.eligible:
            lines += [escape(line) for line in self._payers(o)]
        if p.notes is not None:
            lines.append(f"<i>{escape(p.notes(lang))}</i>")
        return f"<p>{'<br>'.join(lines)}{self._source(p.source_in(lang), p.year, p.confidence)}</p>"

    def _payers(self, o: Offer) -> list[str]:
        """One line per payer, each amount once, with what it is a share of: the part of
        the cost the programme supports (up to where the government cap is reached), not
        the plan's whole cost; what lies above it is the company's own."""
        lang, p = self.lang, o.programme
        supported = krw(o.supported_krw if o.supported_krw is not None else o.cost_krw, lang)
        lines = []
        if p.government_share is not None and o.government_krw is not None:
            if p.cap_krw is not None:
                gov = self.tr("Government: %1 (%2 of the %3 supported, cap %4)")
                gov = gov.replace("%4", krw(p.cap_krw, lang))
            else:
                gov = self.tr("Government: %1 (%2 of the %3 supported)")
            gov = gov.replace("%1", krw(o.government_krw, lang))
            lines.append(gov.replace("%2", f"{p.government_share:.0%}").replace("%3", supported))
        elif p.cap_krw is not None:
            gov = self.tr("Government: share not published, at most %1")
            lines.append(gov.replace("%1", krw(p.cap_krw, lang)))
        else:
            lines.append(self.tr("Government: share not published"))
        if p.sponsor_share or p.requires_sponsor:
            company = self.session.document.company
            name = company.sponsor or self.tr("no sponsor named in the company profile")
            sponsor = self.tr("Sponsor %1: %2 (%3 of the %4 supported)").replace("%1", name)
            sponsor = sponsor.replace("%2", krw(o.sponsor_krw, lang))
            lines.append(sponsor.replace("%3", f"{p.sponsor_share:.0%}").replace("%4", supported))
        if o.company_krw is None:
            lines.append(self.tr("The company pays: %1").replace("%1", self.tr("unknown")))
        elif o.beyond_support_krw:
            own = self.tr("The company pays: %1 (including %2 above the supported amount)")
            own = own.replace("%1", krw(o.company_krw, lang))
            lines.append(own.replace("%2", krw(o.beyond_support_krw, lang)))
        else:
            lines.append(self.tr("The company pays: %1").replace("%1", krw(o.company_krw, lang)))
        return lines

    def _effects_html(self, plan: UpgradePlan) -> str:
        if not plan.phases:
            none = self.tr("No actions planned, so no effects to show.")
            return f"<p>{escape(none)}</p>"
        if not plan.kpi_effects:
            none = self.tr("No published effects for the KPIs this plan improves.")
            return f"<p>{escape(none)}</p>"
        rows = []
        for effect, priority in plan.kpi_effects:  # the planner's order: priority KPIs first
            kpis = ", ".join(self._kpi_name(k) for k in effect.kpis)
            label = self.tr("priority KPI")
            star = f" <b>★ {escape(label)}</b>" if priority else ""
            rows.append(
                f"<li><b>{escape(kpis)}</b> {effect.change_pct:+.1f}%{star}"
                f"<br>{escape(effect.scope(self.lang))}"
                f"{self._source(effect.source_in(self.lang), effect.year, effect.confidence)}</li>"
            )
        note = self.tr("Published results of similar projects, not a promise for this plant.")
        return f"<p>{escape(note)}</p><ul>{''.join(rows)}</ul>"

    def _kpi_name(self, kpi: str) -> str:
        name = self._kpi_names.get(kpi)
        return name(self.lang) if name is not None else kpi

    # --- the selected row in full ------------------------------------------------------
    def _row_changed(self, row: QTreeWidgetItem | None, _previous: object = None) -> None:
        self._show_detail(row)

    def _show_detail(self, row: QTreeWidgetItem | None) -> None:
        """The selected action (or the action a reason line belongs to), or phase, in full."""
        while row is not None and not row.data(0, ACTION_ROLE) and row.parent() is not None:
            row = row.parent()  # a reason line: its action
        shown = self._shown.get(str(row.data(0, ACTION_ROLE))) if row is not None else None
        if shown is not None:
            self.detail.setHtml(self._action_html(*shown))
        elif row is not None and self.plan is not None:
            number = row.data(0, PHASE_ROLE)
            phase = next((p for p in self.plan.phases if p.number == number), None)
            self.detail.setHtml(self._phase_html(phase) if phase else self._overview_html())
        else:
            self.detail.setHtml(self._overview_html())

    def _overview_html(self) -> str:
        company = escape(self.session.document.company.name)
        hint = escape(self.tr("Select an action in the list to see all of it here."))
        basis = ""
        if self.plan is not None and self.plan.phases:
            basis = f"<p>{escape(self._estimates_text(self.plan))}</p>"
        return f"<h3>{company}</h3><p>{hint}</p>{basis}"

    def _estimates_text(self, plan: UpgradePlan) -> str:
        """Whose estimates effort and cost are, and how sure: the catalog's own words."""
        estimates = self.tr("Effort and cost are estimates: %1 (%2)")
        return estimates.replace("%1", plan.estimates_source[self.lang]).replace(
            "%2", self._confidence(plan.estimates_confidence)
        )

    def _phase_html(self, phase: Phase) -> str:
        lang = self.lang
        rows = [
            (self.tr("Effort"), self.tr("%1 person-days").replace("%1", str(phase.effort_days))),
            (self.tr("Cost"), krw_range(phase.cost_min_krw, phase.cost_max_krw, lang)),
            (self.tr("Duration"), self._weeks(phase.duration_weeks)),
        ]
        offers = [o.programme.name(lang) for o in phase.offers if o.eligible]
        if offers:
            rows.append((self.tr("Programmes"), ", ".join(offers)))
        actions = "".join(
            f"<li>{escape(f'{c.item} {c.action.from_}→{c.action.to}  {c.action.title(lang)}')}</li>"
            for c in phase.changes
        )
        return f"<h3>{escape(phase.title[lang])}</h3>{self._facts(rows)}<ul>{actions}</ul>"

    def _action_html(self, change: Change, phase: Phase) -> str:
        lang, a = self.lang, change.action
        q = self.session.questionnaire
        item = q.items.get(a.item)
        item_title = f"{a.item} · {item.title(lang)}" if item is not None else a.item
        rows = [
            (self.tr("Item"), item_title),
            (self.tr("Level"), f"{a.from_} → {a.to}"),
            (self.tr("Phase"), phase.title[lang]),
            (self.tr("Effort"), self.tr("%1 person-days").replace("%1", str(a.effort_days))),
            (self.tr("Cost"), krw_range(a.cost_krw.min, a.cost_krw.max, lang)),
            (self.tr("Duration"), self._weeks(a.duration_weeks)),
            (self.tr("Solutions"), self._solutions(a) or "—"),
            (self.tr("Prerequisites"), self._prerequisites(a) or "—"),
            (self.tr("KPIs"), ", ".join(self._kpi_name(k) for k in a.kpis) or "—"),
        ]
        why = "".join(f"<li>{escape(r.text[lang])}</li>" for r in change.why)
        label = self.tr("pinned")
        pinned = f" ({escape(label)})" if a.id in self.request.pinned else ""
        why_title = self.tr("Why this action")
        return (
            f"<h3>{escape(a.title(lang))}</h3>"
            f"<p>{escape(a.id)}{pinned}</p>"
            f"<p>{escape(a.description(lang))}</p>"
            f"{self._facts(rows)}"
            f"<h4>{escape(why_title)}</h4><ul>{why}</ul>"
        )

    def _facts(self, rows: list[tuple[str, str]]) -> str:
        cells = "".join(
            f'<tr><th align="left" valign="top">{escape(k)}</th><td>{escape(v)}</td></tr>'
            for k, v in rows
        )
        return f'<table cellspacing="0" cellpadding="2">{cells}</table>'

    def _weeks(self, weeks: int) -> str:
        return self.tr("%1 weeks").replace("%1", str(weeks))

    def _solutions(self, a: Action) -> str:
        known = (
            {s.id: s.name(self.lang) for s in self.planner.catalog.solutions}
            if self.planner is not None
            else {}
        )
        return ", ".join(known.get(s, s) for s in a.solutions)

    def _prerequisites(self, a: Action) -> str:
        items = self.session.questionnaire.items
        out = []
        for r in a.requires:
            name = f"{r.item} {items[r.item].title(self.lang)}" if r.item in items else r.item
            at = self.tr("%1 at Level %2 or above").replace("%1", name)
            out.append(at.replace("%2", str(r.level)))
        return "; ".join(out)

    # --- lookups (tests, shortcuts) ----------------------------------------------------
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
