"""The interface language: LevelCheck's own Korean translation (``levelcheck_ko.qm``,
compiled from ``levelcheck_ko.ts`` next to it; ``python -m levelcheck.gui.i18n.build``
regenerates both) and Qt's own for its standard buttons and dialogs (``qtbase_ko.qm``).

English is the source language: it needs no file. The setting is ``'ko'``, ``'en'`` or
``'system'`` (Korean when the system locale is Korean). Translators are global to the
application, so they live here, installed and removed by :func:`apply_language`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

UiLanguage = Literal["ko", "en", "system"]
UI_LANGUAGES: tuple[UiLanguage, ...] = ("system", "ko", "en")
I18N_DIR = Path(__file__).resolve().parent
TS_FILE = I18N_DIR / "levelcheck_ko.ts"
QM_FILE = I18N_DIR / "levelcheck_ko.qm"

_installed: list[QTranslator] = []
_LOCALES = {
    "ko": QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
}
_current = "en"


def system_locale() -> QLocale:
    """The system's locale (tests replace this function to inject one)."""
    return QLocale.system()


def resolve(setting: str) -> Literal["ko", "en"]:
    """The language a setting stands for: 'system' is Korean on a Korean system."""
    if setting in ("ko", "en"):
        return "ko" if setting == "ko" else "en"
    return "ko" if system_locale().language() == QLocale.Language.Korean else "en"


def current() -> str:
    """The interface language now installed: 'ko' or 'en'."""
    return _current


def apply_language(lang: str) -> bool:
    """Install the translators for `lang` ('ko' or 'en'), replacing any installed before.
    Qt then sends LanguageChange to every widget. False when a file did not load."""
    global _current
    remove_all()
    _current = "en"
    # Qt's own widgets made from now on (file dialogs: their file types and dates) speak
    # the interface language too, not the system's
    QLocale.setDefault(_LOCALES["ko" if lang == "ko" else "en"])
    if lang != "ko":
        return True
    app = QCoreApplication.instance()
    assert app is not None, "create the QApplication first"
    ok = True
    own = QTranslator(app)
    if own.load(str(QM_FILE)):
        app.installTranslator(own)
        _installed.append(own)
    else:
        ok = False
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load("qtbase_ko", qt_dir):  # Qt's own buttons (OK, Cancel, ...); optional
        app.installTranslator(qt)
        _installed.append(qt)
    _current = "ko" if ok else "en"
    return ok


def remove_all() -> None:
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
