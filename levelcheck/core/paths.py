"""Where shipped content lives. A module of its own, free of heavy imports, so that
light processes (the report renderer) can find the templates without loading the
content models."""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

import levelcheck


def shipped_dir(name: str) -> Path:
    """The folder of shipped content ``name`` (e.g. ``"questionnaires"``).

    Shipped content (``questionnaires/`` at the top of the source tree) is packaged
    inside the wheel and the frozen app as ``levelcheck/_content/``; it is found with
    :mod:`importlib.resources`, never relative to the working directory."""
    packaged = importlib.resources.files(levelcheck) / "_content" / name
    if packaged.is_dir():
        return Path(str(packaged))
    # Running from a source checkout (editable install): the top-level folder.
    return Path(levelcheck.__file__).resolve().parent.parent / name


def cache_root() -> Path:
    """The user's cache folder for LevelCheck (LEVELCHECK_CACHE_DIR overrides it): what
    is kept there can always be made again from the installed files."""
    if os.environ.get("LEVELCHECK_CACHE_DIR"):
        return Path(os.environ["LEVELCHECK_CACHE_DIR"])
    import platformdirs

    return platformdirs.user_cache_path("LevelCheck", appauthor=False)
