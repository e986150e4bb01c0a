"""The app's own settings: a small typed wrapper over an INI file in the user's config
folder (``LEVELCHECK_CONFIG_DIR`` overrides it, as tests do). Passed in, never global."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from levelcheck.core.text import Lang

MAX_RECENT = 10


def config_dir() -> Path:
    """The user's config folder: the same as ``levelcheck.report.keys.config_dir`` (a
    test checks), repeated here so the window shows before the report package loads."""
    if os.environ.get("LEVELCHECK_CONFIG_DIR"):
        return Path(os.environ["LEVELCHECK_CONFIG_DIR"])
    import platformdirs

    return platformdirs.user_config_path("LevelCheck", appauthor=False)


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "levelcheck-gui.ini"
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _list(self, key: str) -> list[str]:
        value = self._qs.value(key, [])
        if isinstance(value, str):  # QSettings gives a one-element list back as a string
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, list) else []

    @property
    def recent_files(self) -> list[str]:
        return self._list("recent/files")

    def add_recent(self, path: Path) -> None:
        entry = str(path.resolve())
        files = [entry, *(f for f in self.recent_files if f != entry)][:MAX_RECENT]
        self._qs.setValue("recent/files", files)
        self._qs.sync()

    def remove_recent(self, path: str) -> None:
        self._qs.setValue("recent/files", [f for f in self.recent_files if f != path])
        self._qs.sync()

    @property
    def content_folder(self) -> Path | None:
        """The user's own content folder (questionnaires, rule sets, catalogs), loaded
        with the shipped content; None: only the shipped content."""
        value = self._qs.value("content/folder", "")
        return Path(str(value)) if value else None

    @content_folder.setter
    def content_folder(self, folder: Path | None) -> None:
        self._qs.setValue("content/folder", str(folder) if folder is not None else "")
        self._qs.sync()

    @property
    def content_language(self) -> Lang | None:
        """The language the user chose for questionnaire text (View → Questionnaire
        language); None until they choose one: the questionnaire then follows the
        interface language, so an English interface never shows Korean sentences."""
        value = self._qs.value("content/language", "")
        return "en" if value == "en" else "ko" if value == "ko" else None

    @content_language.setter
    def content_language(self, lang: Lang) -> None:
        self._qs.setValue("content/language", lang)
        self._qs.sync()

    @property
    def ui_language(self) -> str:
        """The interface language: 'ko', 'en' or 'system' (the default: Korean on a
        Korean system, else English; see levelcheck.gui.i18n)."""
        value = self._qs.value("ui/language", "system")
        return str(value) if value in ("ko", "en", "system") else "system"

    @ui_language.setter
    def ui_language(self, value: str) -> None:
        if value not in ("ko", "en", "system"):
            raise ValueError(f"ui_language must be 'ko', 'en' or 'system', not {value!r}")
        self._qs.setValue("ui/language", value)
        self._qs.sync()

    @property
    def window_geometry(self) -> QByteArray | None:
        value = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        """The main window's saveState (tool bars and docks), as saved on close."""
        value = self._qs.value("window/state")
        return value if isinstance(value, QByteArray) else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._qs.setValue("window/state", value)

    def sync(self) -> None:
        self._qs.sync()
