"""The facts a new assessment starts with: the company (name required) and who assessed
it when. The questionnaire and rule set are the installed defaults."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from levelcheck.core.assessment import AssessmentInfo, Company, Contact


class NewAssessmentDialog(QDialog):
    def __init__(self, content_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New assessment"))
        self.company = QLineEdit()
        self.industry = QLineEdit()
        self.employees = QSpinBox()
        self.employees.setRange(0, 1_000_000)
        self.employees.setSpecialValueText(self.tr("—"))
        self.site = QLineEdit()
        self.sponsor = QLineEdit()
        self.assessor = QLineEdit()
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        for label, widget in (
            (self.tr("Company name *"), self.company),
            (self.tr("Industry"), self.industry),
            (self.tr("Employees"), self.employees),
            (self.tr("Site"), self.site),
            (self.tr("Sponsor (large company, if any)"), self.sponsor),
            (self.tr("Assessor"), self.assessor),
            (self.tr("Date"), self.date),
        ):
            widget.setAccessibleName(label.rstrip(" *"))
            form.addRow(label, widget)
        self.company.setAccessibleDescription(self.tr("Required"))
        form.addRow(self.tr("Questionnaire"), QLabel(content_label))
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
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.company.text().strip()))
        ok.setToolTip("" if ok.isEnabled() else self.tr("Enter the company name"))

    def company_value(self) -> Company:
        return Company(
            name=self.company.text().strip(),
            industry=self.industry.text().strip(),
            employees=self.employees.value() or None,
            site=self.site.text().strip(),
            sponsor=self.sponsor.text().strip(),
        )

    def info_value(self) -> AssessmentInfo:
        name = self.assessor.text().strip()
        return AssessmentInfo(
            date=self.date.date().toPython(),
            assessors=[Contact(name=name)] if name else [],
        )
