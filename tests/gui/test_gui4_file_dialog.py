"""Qt's own file dialog (used where the system offers none) is Korean in a Korean
interface: our titles and filters are translated, and so are the two labels Qt's Korean
file misses ("&Look in:", "Files of &type:"), which our translation supplies."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from levelcheck.gui import i18n
from levelcheck.gui.exporting import qt_file_dialog_labels


def test_every_label_of_qt_file_dialog_is_korean(qtbot: QtBot, tmp_path: Path) -> None:
    i18n.apply_language("ko")
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "", str(tmp_path), "")
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(mode)
        look_in = dialog.labelText(QFileDialog.DialogLabel.LookIn)
        file_type = dialog.labelText(QFileDialog.DialogLabel.FileType)
        assert (look_in, file_type) == qt_file_dialog_labels()
        # Needs levelcheck_ko.qm rebuilt with these two strings (see exporting.py).
        assert (look_in, file_type) == ("찾는 위치(&L):", "파일 형식(&T):")
        english = [label.text() for label in dialog.findChildren(QLabel)
                   if label.text().isascii() and any(c.isalpha() for c in label.text())]  # fmt: skip
        assert english == []


def test_qt_widgets_made_later_follow_the_interface_language(qtbot: QtBot) -> None:
    """File types and dates in Qt's file dialog come from the default locale, which
    follows the interface language rather than the system's."""
    from PySide6.QtCore import QLocale

    i18n.apply_language("ko")
    assert QLocale().language() == QLocale.Language.Korean
    i18n.apply_language("en")
    assert QLocale().language() == QLocale.Language.English
