"""The new-assessment dialog (company profile, assessors, questionnaire and rule set)
and the recent-files list on the start page (company, level and date)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QGuiApplication, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.document import Document
from levelcheck.core.registration import check_digit, parse_registration_number
from levelcheck.core.service import ScoringService
from levelcheck.gui.examples import example_files, import_to_document
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.new_assessment_dialog import NewAssessmentDialog
from levelcheck.gui.settings import Settings


def test_registration_numbers_are_checked_by_shape_and_check_digit() -> None:
    assert parse_registration_number("") == ("", None)
    assert parse_registration_number(" 2208162517 ") == ("220-81-62517", None)
    assert parse_registration_number("220-81-62517") == ("220-81-62517", None)
    assert parse_registration_number("220-81-62518") == ("220-81-62518", "check digit")
    assert parse_registration_number("220-81-6251") == ("220-81-6251", "shape")
    assert parse_registration_number("22O-81-62517")[1] == "shape"
    assert check_digit("124810099") == 8  # 124-81-00998


def test_the_dialog_creates_a_document_with_the_whole_profile(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    def fill(dialog: NewAssessmentDialog) -> int:
        dialog.company.setText("(주)한빛정밀")
        dialog.registration.setText("2208162517")
        dialog.sales.setValue(152.5)  # 억원
        dialog.budget.setValue(0.6)  # 억원: 6천만원
        dialog.employees.setValue(48)
        dialog.assessor.setText("김진단, 이평가 ,")
        dialog.date.setDate(QDate(2026, 11, 2))
        assert dialog.ruleset_value() == ("ks-default", "1.0.0")  # the window's default
        rulesets = [dialog.ruleset.itemText(i) for i in range(dialog.ruleset.count())]
        dialog.ruleset.setCurrentIndex(
            next(i for i, t in enumerate(rulesets) if "siri-profile" in t)
        )
        kpis = {dialog.kpis.item(i).data(Qt.ItemDataRole.UserRole): dialog.kpis.item(i)
                for i in range(dialog.kpis.count())}  # fmt: skip
        assert {"output_per_hour", "on_time_delivery_rate"} <= set(kpis)
        for kpi in ("on_time_delivery_rate", "output_per_hour"):
            kpis[kpi].setCheckState(Qt.CheckState.Checked)
        dialog.accept()  # what Create does
        return dialog.result()

    monkeypatch.setattr(NewAssessmentDialog, "exec", fill)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "hanbit"), ""))  # fmt: skip
    window.new_assessment()
    assert window.session is not None
    path = window.session.document.path
    window.close_assessment()
    with Document.open(path, readonly=True) as doc:
        company, info = doc.company, doc.info
        assert (doc.questionnaire.id, doc.ruleset.id) == ("ks-smart-factory", "siri-profile")
    assert company.name == "(주)한빛정밀"
    assert company.registration_number == "220-81-62517"
    assert company.annual_sales_krw == 15_250_000_000
    assert company.budget_krw == 60_000_000
    assert company.employees == 48
    assert company.priority_kpis == ["output_per_hour", "on_time_delivery_rate"]  # KPI order
    assert [a.name for a in info.assessors] == ["김진단", "이평가"]
    assert info.date.isoformat() == "2026-11-02"


def test_a_wrong_registration_number_is_refused_with_a_message(
    qtbot,
    window: MainWindow,
    service: ScoringService,  # type: ignore[no-untyped-def]
) -> None:
    dialog = NewAssessmentDialog(service.library, window, lang="en",
                                 ruleset=("ks-default", "1.0.0"))  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.company.setText("(주)한빛정밀")
    dialog.registration.setText("220-81-62518")  # last digit off by one
    assert not dialog.registration_problem.isVisible()  # not while it is being typed
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != NewAssessmentDialog.DialogCode.Accepted
    assert dialog.registration_problem.isVisible()
    assert "not valid" in dialog.registration_problem.text()
    assert dialog.registration.hasFocus()
    dialog.registration.setText("220-81-625")
    assert "10 digits" in dialog.registration_problem.text()
    dialog.registration.setText("220-81-62517")
    assert not dialog.registration_problem.isVisible()  # put right: the message goes
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.company_value().registration_number == "220-81-62517"


def test_rule_sets_follow_the_questionnaire(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A second questionnaire (a copy, version 2.0.0) with its own rule set: each
    questionnaire offers only the rule sets that score it."""
    shipped = shipped_dir("questionnaires")
    own = tmp_path / "content"
    own.mkdir()
    v1, v2 = '"1.0.0"', '"2.0.0"'
    text = (shipped / "ks-smart-factory.questionnaire.yaml").read_text(encoding="utf-8")
    assert f"\nversion: {v1}\n" in text
    (own / "q2.questionnaire.yaml").write_text(
        text.replace(f"\nversion: {v1}\n", f"\nversion: {v2}\n"), encoding="utf-8"
    )
    rs = (shipped / "ks-default.ruleset.yaml").read_text(encoding="utf-8")
    assert "\nid: ks-default\n" in rs and f"version: {v1}}}" in rs
    rs = rs.replace("\nid: ks-default\n", "\nid: ks-next\n").replace(v1, v2)
    (own / "next.ruleset.yaml").write_text(rs, encoding="utf-8")
    library = ContentLibrary.load(primary=[own], reference=[shipped])
    assert not library.problems, library.problems
    assert ("ks-smart-factory", "2.0.0") in library.questionnaires
    assert library.rulesets[("ks-next", "2.0.0")].questionnaire.version == "2.0.0"

    dialog = NewAssessmentDialog(library, None, lang="en", ruleset=("ks-default", "1.0.0"))
    qtbot.addWidget(dialog)
    assert dialog.questionnaire.count() == 2
    assert "1.0.0" in dialog.questionnaire.currentText()
    offered = {dialog.ruleset.itemText(i) for i in range(dialog.ruleset.count())}
    assert any("ks-default" in t for t in offered) and any("siri-profile" in t for t in offered)
    assert not any("ks-next" in t for t in offered)
    dialog.kpis.item(0).setCheckState(Qt.CheckState.Checked)
    kept = dialog.priority_kpis()

    dialog.questionnaire.setCurrentIndex(1 - dialog.questionnaire.currentIndex())
    assert "2.0.0" in dialog.questionnaire.currentText()
    assert dialog.ruleset.count() == 1 and "(ks-next 2.0.0)" in dialog.ruleset.itemText(0)
    assert dialog.ruleset_value() == ("ks-next", "2.0.0")
    assert dialog.priority_kpis() == kept  # the same KPI in the other version stays checked


def test_the_recent_list_shows_company_level_and_date(
    qtbot,
    service: ScoringService,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    example = next(p for p in example_files() if "level2" in p.name)
    doc_path = import_to_document(example, tmp_path)
    _, result = service.score_file(doc_path)
    assert result.level == 2
    with Document.open(doc_path, readonly=True) as doc:
        company, date = doc.company.name, doc.info.date.isoformat()
    gone = tmp_path / "moved-away.levelcheck"
    settings = Settings()
    settings.add_recent(gone)
    settings.add_recent(doc_path)

    window = MainWindow(service, settings)
    qtbot.addWidget(window)
    model = window.start.recent_model
    qtbot.waitUntil(lambda: len(window.start.shown) == 2, timeout=10_000)
    assert window.start.recent_paths() == [str(doc_path.resolve()), str(gone.resolve())]
    first, second = model.index(0, 0), model.index(1, 0)
    assert first.data() == f"{company} · Level 2 · {date} — {doc_path.name}"
    assert first.data(Qt.ItemDataRole.ToolTipRole) == str(doc_path.resolve())
    assert first.data(Qt.ItemDataRole.ForegroundRole) is None  # the normal colour
    assert second.data() == "moved-away.levelcheck"
    assert second.data(Qt.ItemDataRole.ToolTipRole) == f"{gone.resolve()}\nFile not found"
    brush = second.data(Qt.ItemDataRole.ForegroundRole)
    grey = QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert isinstance(brush, QBrush) and brush.color() == grey

    with qtbot.waitSignal(window.start.recentRequested, timeout=2000) as asked:
        window.start.recent.activated.emit(first)
    assert asked.args == [str(doc_path.resolve())]  # still the path, not the text shown


def test_an_unreadable_recent_file_is_greyed_and_the_list_waits_for_the_service(
    qtbot,
    service: ScoringService,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """Before the service is loaded the names show; then company, level and date. A
    file that is not a document shows greyed with the reason, and nothing raises."""
    bad = tmp_path / "bad.levelcheck"
    bad.write_bytes(b"not a LevelCheck document at all" * 100)
    example = example_files()[0]
    good = import_to_document(example, tmp_path)
    settings = Settings()
    settings.add_recent(bad)
    settings.add_recent(good)
    release = threading.Event()

    def slow_load() -> ScoringService:
        release.wait(10)
        return service

    window = MainWindow(None, settings, load_service=slow_load)
    qtbot.addWidget(window)
    model = window.start.recent_model
    assert [model.index(r, 0).data() for r in range(2)] == [good.name, bad.name]
    assert not window.start.shown
    with qtbot.waitSignal(window.start.recentRead, timeout=10_000):
        release.set()
    assert "Level" in model.index(0, 0).data()
    assert model.index(1, 0).data() == bad.name
    tip = model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(str(bad.resolve()) + "\n") and len(tip.splitlines()) == 2
    assert isinstance(model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole), QBrush)


def test_the_content_folder_setting_round_trips(tmp_path: Path) -> None:
    settings = Settings()
    assert settings.content_folder is None
    settings.content_folder = tmp_path
    assert Settings().content_folder == tmp_path
    settings.content_folder = None
    assert Settings().content_folder is None


def test_the_real_dialog_is_named_reachable_and_in_order(
    qtbot,
    window: MainWindow,
    service: ScoringService,  # type: ignore[no-untyped-def]
) -> None:
    """The accessibility audit (tests/gui/test_accessibility.py) on the dialog as the
    window makes it (with the content choice and the KPI list), and Tab goes top to
    bottom."""
    from tests.gui.test_accessibility import activate, unnamed, unreachable

    dialog = NewAssessmentDialog(service.library, window, ruleset=("ks-default", "1.0.0"))
    dialog.company.setText("(주)테스트")
    activate(qtbot, dialog)
    assert unnamed(dialog) == [] and unreachable(dialog) == []
    dialog.company.setFocus()
    order = []
    for _ in range(20):
        w = QApplication.focusWidget()
        assert w is not None
        w = w.parentWidget() if w.accessibleName() == "" and w.parentWidget() else w
        if order and order[-1] == w.accessibleName():
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # date sections
            continue
        order.append(w.accessibleName())
        if w.accessibleName() == "Cancel":
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert order == [
        "Company name", "Industry", "Business registration number", "Employees",
        "Annual sales", "Investment budget", "Site", "Sponsor (large company, if any)", "Assessor", "Date",
        "Questionnaire", "Rule set", "Priority KPIs", "Create the assessment", "Cancel",
    ]  # fmt: skip
    dialog.close()

    # Enter creates from the KPI list too (in a new dialog: Tab through Cancel above
    # made Cancel the default button, as Qt does with a focused button)
    dialog = NewAssessmentDialog(service.library, window, ruleset=("ks-default", "1.0.0"))
    dialog.company.setText("(주)테스트")
    activate(qtbot, dialog)
    dialog.kpis.setFocus()
    QTest.keyClick(dialog.kpis, Qt.Key.Key_Space)  # checks the current KPI
    assert len(dialog.priority_kpis()) == 1
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        QTest.keyClick(dialog.kpis, Qt.Key.Key_Return)


def test_the_own_content_folder_is_loaded_and_a_broken_one_does_not_stop_the_app(
    tmp_path: Path,
) -> None:
    from levelcheck.core.content import shipped_dir
    from levelcheck.gui import main_window

    own = tmp_path / "own"
    own.mkdir()
    source = shipped_dir("questionnaires") / "siri-profile.ruleset.yaml"
    text = source.read_text(encoding="utf-8")
    assert "id: siri-profile" in text
    (own / "my.ruleset.yaml").write_text(text.replace("id: siri-profile", "id: my-profile", 1),
                                         encoding="utf-8")  # fmt: skip
    service = main_window.load_installed_service(own)
    assert "my-profile" in {i for i, _ in service.library.rulesets}
    assert main_window.content_problems == []
    (own / "broken.ruleset.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    service = main_window.load_installed_service(own)
    assert "ks-default" in {i for i, _ in service.library.rulesets}
    assert len(main_window.content_problems) == 1
    assert "broken.ruleset.yaml" in main_window.content_problems[0]


def test_the_wheel_over_an_unfocused_number_or_choice_changes_nothing(
    qtbot,
    window: MainWindow,
    service: ScoringService,  # type: ignore[no-untyped-def]
) -> None:
    """Reaching for the KPI list with the wheel must not change the employees, sales,
    budget, date or content choice the pointer passes over; a focused box takes it."""
    from tests.gui.test_accessibility import activate
    from tests.gui.test_visit_input_safety import wheel

    dialog = NewAssessmentDialog(service.library, window, ruleset=("ks-default", "1.0.0"))
    dialog.employees.setValue(40)
    dialog.sales.setValue(12.0)
    dialog.budget.setValue(3.5)
    activate(qtbot, dialog)
    dialog.company.setFocus()
    qtbot.waitUntil(dialog.company.hasFocus)
    before = (dialog.employees.value(), dialog.sales.value(), dialog.budget.value(),
              dialog.date.date(), dialog.questionnaire.currentIndex(),
              dialog.ruleset.currentIndex())  # fmt: skip
    for box in (dialog.employees, dialog.sales, dialog.budget, dialog.date,
                dialog.questionnaire, dialog.ruleset):  # fmt: skip
        wheel(box, -1)  # down: every one of them could move (rule set: to the next)
    after = (dialog.employees.value(), dialog.sales.value(), dialog.budget.value(),
             dialog.date.date(), dialog.questionnaire.currentIndex(),
             dialog.ruleset.currentIndex())  # fmt: skip
    assert after == before
    dialog.employees.setFocus()
    qtbot.waitUntil(dialog.employees.hasFocus)
    wheel(dialog.employees, 1)
    assert dialog.employees.value() == 41
    dialog.close()
