"""The facts a new assessment starts with: the company profile (name required), who
assessed it when, and the questionnaire and rule set it is scored with (from the
scoring service's content library: the shipped content and the user's own)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from levelcheck.core.assessment import AssessmentInfo, Company, Contact
from levelcheck.core.document import SUFFIX
from levelcheck.core.files import UNSAFE_IN_NAMES, is_windows_device
from levelcheck.core.registration import parse_registration_number
from levelcheck.gui.wheel_guard import guard_wheel

if TYPE_CHECKING:
    from levelcheck.core.content import ContentLibrary
    from levelcheck.core.text import Lang

KRW_PER_EOK = 100_000_000  # sales are typed in 억원 (100 million won), as SMEs quote them
MAX_TEXT = 200  # the document's limit for a name (assessment.ShortText)
_ASSESSOR_SEPARATORS = re.compile(r"[,;，、]")
_SLASHES = re.compile(r"[/\\]+")
MAX_STEM = 100  # characters: room for a folder path within Windows's 260


def suggested_file_name(company: str, fallback: str) -> str:
    """A file name for a new assessment of `company`, to suggest in the save dialog:
    valid on every system the file may be mailed to. A slash would make a folder of
    what precedes it ("A/S Metal" → "S Metal") and Windows refuses : * ? " < > |, so
    slashes become "-" (A-S) and the rest a space; whitespace runs become one space;
    leading dots (a hidden file) and trailing dots and spaces (Windows drops them, and
    "Co." gave "Co..levelcheck") go; a Windows device name (CON, NUL…) gets "_". When
    nothing is left, `fallback` (e.g. "Assessment") is the name."""
    stem = UNSAFE_IN_NAMES.sub(" ", _SLASHES.sub("-", company))
    stem = " ".join(stem.split())[:MAX_STEM]
    stem = stem.lstrip(". ").rstrip(". ")
    if not stem.strip("-"):
        stem = fallback
    if is_windows_device(stem):
        stem += "_"
    return stem + SUFFIX


class NewAssessmentDialog(QDialog):
    def __init__(self, content: ContentLibrary | str, parent: QWidget | None = None, *,
                 lang: Lang = "ko", ruleset: tuple[str, str] | None = None,
                 ) -> None:  # fmt: skip
        """`content`: the library to choose a questionnaire and rule set from, with
        `ruleset` (id, version) chosen first; or a label for a fixed choice made by the
        caller (then no choice is offered and ``ruleset_value()`` is None)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("New assessment"))
        self.library = None if isinstance(content, str) else content
        self.lang: Lang = lang
        self._questionnaire_keys: list[tuple[str, str]] = []  # by combo box row
        self._ruleset_keys: list[tuple[str, str]] = []
        self.company = QLineEdit()
        self.industry = QLineEdit()
        self.registration = QLineEdit()
        self.registration.setPlaceholderText("123-45-67890")
        self.registration_problem = QLabel()
        self.registration_problem.setStyleSheet("color: #b91c1c;")
        self.registration_problem.setWordWrap(True)
        self.registration_problem.setAccessibleName(self.tr("Registration number problem"))
        self.registration_problem.hide()
        self.employees = QSpinBox()
        self.employees.setRange(0, 1_000_000)
        self.employees.setSpecialValueText(self.tr("—"))
        self.sales = QDoubleSpinBox()
        self.sales.setDecimals(2)  # 0.01억원 = 1백만원
        self.sales.setRange(0, 10_000_000)  # 1,000조원: more than any company sells
        self.sales.setSpecialValueText(self.tr("—"))
        self.sales.setSuffix(self.tr(" × 100 million KRW"))  # Korean: " 억원"
        self.sales.setGroupSeparatorShown(True)
        # The investment budget (company.budget_krw): what the upgrade path is capped by
        # unless a budget is set on its tab. In 억원 like the sales beside it; optional:
        # "—" (0) stores none, and the plan is then not capped.
        self.budget = QDoubleSpinBox()
        self.budget.setDecimals(2)  # 0.01억원 = 1백만원
        self.budget.setRange(0, 10_000_000)
        self.budget.setSpecialValueText(self.tr("—"))
        self.budget.setSuffix(self.tr(" × 100 million KRW"))
        self.budget.setGroupSeparatorShown(True)
        self.site = QLineEdit()
        self.sponsor = QLineEdit()
        self.assessor = QLineEdit()
        self.assessor.setPlaceholderText(self.tr("Names, separated by commas"))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.questionnaire = QComboBox()
        self.ruleset = QComboBox()
        self.kpis = QListWidget()
        self.kpis.setMaximumHeight(150)
        for edit in (self.company, self.industry, self.site, self.sponsor, self.assessor):
            edit.setMaxLength(MAX_TEXT)  # (all assessors together: each name fits then)
        self.registration.setMaxLength(20)
        # A value changes only when the pointer rests on it, since the dialog does not
        # scroll; still, a wheel turn meant for the KPI list must not change the number of
        # employees or the budget on its way.
        guard_wheel(
            self.employees, self.sales, self.budget, self.date, self.questionnaire,
            self.ruleset,
        )  # fmt: skip

        form = QFormLayout()
        for label, name, widget in (
            (self.tr("Company name *"), self.tr("Company name"), self.company),
            (self.tr("Industry"), self.tr("Industry"), self.industry),
            (self.tr("Business registration number"), self.tr("Business registration number"),
             self.registration),
            (self.tr("Employees"), self.tr("Employees"), self.employees),
            (self.tr("Annual sales"), self.tr("Annual sales"), self.sales),
            (self.tr("Investment budget"), self.tr("Investment budget"), self.budget),
            (self.tr("Site"), self.tr("Site"), self.site),
            (self.tr("Sponsor (large company, if any)"),
             self.tr("Sponsor (large company, if any)"), self.sponsor),
            # "Assessor" (not plural): the name tests/gui/test_keyboard_visit.py tabs to
            (self.tr("Assessors"), self.tr("Assessor"), self.assessor),
            (self.tr("Date"), self.tr("Date"), self.date),
            (self.tr("Questionnaire"), self.tr("Questionnaire"), self.questionnaire),
            (self.tr("Rule set"), self.tr("Rule set"), self.ruleset),
            (self.tr("Priority KPIs"), self.tr("Priority KPIs"), self.kpis),
        ):  # fmt: skip
            widget.setAccessibleName(name)
            form.addRow(label, widget)
            if widget is self.registration:
                form.addRow("", self.registration_problem)
        self.company.setAccessibleDescription(self.tr("Required"))
        self.registration.setAccessibleDescription(self.tr("Optional; 10 digits: 123-45-67890"))
        self.sales.setAccessibleDescription(self.tr("In units of 100 million won (억원)"))
        budget_tip = self.tr("Optional; in units of 100 million won (억원). The upgrade path "
                             "keeps its expected cost within it.")  # fmt: skip
        self.budget.setAccessibleDescription(budget_tip)
        self.budget.setToolTip(budget_tip)
        self.assessor.setAccessibleDescription(self.tr("Names, separated by commas"))
        self.kpis.setAccessibleDescription(
            self.tr("Check the KPIs the company wants improved first; the upgrade path "
                    "favours actions that improve them"))  # fmt: skip

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Create"))  # the accessible name contains the visible label
        ok.setAccessibleName(self.tr("Create the assessment"))
        ok.setDefault(True)  # Enter in any field creates it, once the name is there
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.company.textChanged.connect(self._check)
        self.registration.textChanged.connect(self._registration_edited)
        self.registration.editingFinished.connect(self._check_registration)
        self.questionnaire.currentIndexChanged.connect(self._questionnaire_chosen)
        self.ruleset.currentIndexChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._fill_questionnaires(content, ruleset)
        self._check()

    # --- the content -----------------------------------------------------------------------
    def _fill_questionnaires(self, content: ContentLibrary | str,
                             ruleset: tuple[str, str] | None) -> None:  # fmt: skip
        """Only questionnaires some rule set scores: an assessment needs both."""
        if self.library is None:
            assert isinstance(content, str)
            self.questionnaire.addItem(content)
            self.questionnaire.setEnabled(False)
            self.ruleset.setEnabled(False)
            return
        scored = {(rs.questionnaire.id, rs.questionnaire.version)
                  for rs in self.library.rulesets.values()}  # fmt: skip
        self._questionnaire_keys = sorted(k for k in self.library.questionnaires if k in scored)
        for key in self._questionnaire_keys:
            q = self.library.questionnaires[key]
            self.questionnaire.addItem(f"{q.title(self.lang)} ({q.id} {q.version})")
        chosen = self.library.rulesets.get(ruleset) if ruleset is not None else None
        if chosen is not None:
            q_key = (chosen.questionnaire.id, chosen.questionnaire.version)
            if q_key in self._questionnaire_keys:
                self.questionnaire.setCurrentIndex(self._questionnaire_keys.index(q_key))
        self._questionnaire_chosen()
        if chosen is not None and chosen.ref in self._ruleset_keys:
            self.ruleset.setCurrentIndex(self._ruleset_keys.index(chosen.ref))

    def _questionnaire_chosen(self) -> None:
        """Offer the rule sets that score the chosen questionnaire, and its KPIs (the
        checked ones stay checked where the new questionnaire has them too)."""
        if self.library is None:
            return
        index = self.questionnaire.currentIndex()
        checked = set(self.priority_kpis())
        self.ruleset.clear()  # (index -1 first: _check sees no rule set until one is added)
        self.kpis.clear()
        if not 0 <= index < len(self._questionnaire_keys):
            self._ruleset_keys = []
            self._check()
            return
        key = self._questionnaire_keys[index]
        self._ruleset_keys = sorted(
            rs.ref
            for rs in self.library.rulesets.values()
            if (rs.questionnaire.id, rs.questionnaire.version) == key
        )
        for ref in self._ruleset_keys:
            rs = self.library.rulesets[ref]
            self.ruleset.addItem(f"{rs.title(self.lang)} ({rs.id} {rs.version})")
        q = self.library.questionnaires[key]
        seen: set[str] = set()
        for item in q.items.values():
            for kpi in item.kpis:
                if kpi.id in seen:
                    continue
                seen.add(kpi.id)
                entry = QListWidgetItem(kpi.name(self.lang), self.kpis)
                entry.setData(Qt.ItemDataRole.UserRole, kpi.id)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Checked if kpi.id in checked
                                    else Qt.CheckState.Unchecked)  # fmt: skip
        if self.kpis.count():
            self.kpis.setCurrentRow(0)  # Space checks the first KPI at once
        self._check()

    # --- checks ----------------------------------------------------------------------------
    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not self.company.text().strip():
            why = self.tr("Enter the company name")
        elif self.library is not None and self.ruleset_value() is None:
            why = self.tr("Choose a questionnaire and a rule set")
        else:
            why = ""
        ok.setEnabled(not why)
        ok.setToolTip(why)

    def _registration_edited(self) -> None:
        """A message shown stays until the number is right (it is not shown while the
        number is still being typed)."""
        if self.registration_problem.isVisible() or self.registration_problem.text():
            self._check_registration()

    def _check_registration(self) -> bool:
        """Show what is wrong with the registration number; True if nothing is."""
        _, problem = parse_registration_number(self.registration.text())
        if problem == "shape":
            text = self.tr("A business registration number has 10 digits: 123-45-67890")
        elif problem == "check digit":
            text = self.tr("This business registration number is not valid (its last "
                           "digit does not match): check it for a typo")  # fmt: skip
        else:
            text = ""
        self.registration_problem.setText(text)
        self.registration_problem.setVisible(bool(text))
        return not text

    def accept(self) -> None:
        """Refuse a wrong registration number (with the reason shown beside it)."""
        if not self._check_registration():
            self.registration.setFocus(Qt.FocusReason.OtherFocusReason)
            self.registration.selectAll()
            return
        super().accept()

    # --- the values ------------------------------------------------------------------------
    def priority_kpis(self) -> list[str]:
        """The ids of the KPIs checked, in the questionnaire's order."""
        items = (self.kpis.item(row) for row in range(self.kpis.count()))
        return [str(i.data(Qt.ItemDataRole.UserRole)) for i in items
                if i.checkState() == Qt.CheckState.Checked]  # fmt: skip

    def company_value(self) -> Company:
        number, _ = parse_registration_number(self.registration.text())
        sales = round(self.sales.value() * KRW_PER_EOK)
        budget = round(self.budget.value() * KRW_PER_EOK)
        return Company(
            name=self.company.text().strip(),
            registration_number=number,
            industry=self.industry.text().strip(),
            employees=self.employees.value() or None,
            annual_sales_krw=sales or None,
            budget_krw=budget or None,
            site=self.site.text().strip(),
            sponsor=self.sponsor.text().strip(),
            priority_kpis=self.priority_kpis(),
        )

    def info_value(self) -> AssessmentInfo:
        names = (n.strip() for n in _ASSESSOR_SEPARATORS.split(self.assessor.text()))
        return AssessmentInfo(
            date=self.date.date().toPython(),
            assessors=[Contact(name=name) for name in names if name],
        )

    def ruleset_value(self) -> tuple[str, str] | None:
        """The rule set chosen, as (id, version); its questionnaire is the one chosen.
        None when the dialog offered no choice."""
        index = self.ruleset.currentIndex()
        return self._ruleset_keys[index] if 0 <= index < len(self._ruleset_keys) else None
