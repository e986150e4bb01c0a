"""Report tests: every user folder (config, cache) redirected to a temporary one."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_CACHE = Path(__file__).resolve().parents[2] / ".pytest_cache" / "levelcheck-cache"


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEVELCHECK_CONFIG_DIR", str(tmp_path / "config"))
    # the prepared font is the same for every test: made once, kept between runs
    monkeypatch.setenv("LEVELCHECK_CACHE_DIR", str(SHARED_CACHE))
