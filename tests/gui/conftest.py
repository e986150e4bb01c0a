"""GUI tests run offscreen, with every user folder (settings, recent files) in tmp_path."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported anywhere

from collections.abc import Iterator
from pathlib import Path

import pytest

from levelcheck.core.assessment import AssessmentInfo, Company
from levelcheck.core.service import ScoringService
from levelcheck.gui import i18n
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.settings import Settings

# the report font is the same for every test: made once, kept between runs (as in
# tests/report)
SHARED_CACHE = Path(__file__).resolve().parents[2] / ".pytest_cache" / "levelcheck-cache"


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("LEVELCHECK_CONFIG_DIR", str(config))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LEVELCHECK_CACHE_DIR", str(SHARED_CACHE))
    return config


@pytest.fixture(autouse=True)
def english_system(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests see an English system (the default interface language follows it) and
    leave no translator installed behind them."""
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(i18n, "system_locale", lambda: QLocale(QLocale.Language.English))
    yield
    i18n.apply_language("en")


@pytest.fixture(scope="package", autouse=True)
def collect_on_the_main_thread(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """As the app does (levelcheck/gui/gc_guard.py): without it, a cycle left by one
    test's closed window could be collected on a pool thread of the next, and crash."""
    from levelcheck.gui.gc_guard import MainThreadCollector

    collector = MainThreadCollector()
    collector.start()
    yield
    collector.stop()


@pytest.fixture(scope="session")
def service() -> ScoringService:
    return ScoringService.installed()


@pytest.fixture
def window(qtbot, service: ScoringService, user_folders: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(service, Settings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close_assessment()


@pytest.fixture
def opened(window: MainWindow, tmp_path: Path) -> MainWindow:
    """A window with a new, empty assessment open."""
    info = AssessmentInfo(date="2026-11-02", assessors=[])  # type: ignore[arg-type]
    assert window.create_assessment(tmp_path / "new.levelcheck", Company(name="(주)테스트"), info)
    return window
