"""The sample assessments (``examples/*.json``), opened as new documents.

They live at the top of the source tree and do not ship inside the wheel, so in an
installed app the list may be empty (the start page then disables the button)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import levelcheck

SUFFIX = ".levelcheck"  # levelcheck.core.document.SUFFIX, without loading the core


def example_files() -> list[Path]:
    folder = Path(levelcheck.__file__).resolve().parent.parent / "examples"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def import_to_document(source: Path, folder: Path | None = None) -> Path:
    """A new ``.levelcheck`` holding the JSON assessment, in `folder` (a new temporary
    folder when None), never replacing an existing file."""
    from levelcheck.core.interchange import import_json

    folder = folder or Path(tempfile.mkdtemp(prefix="levelcheck-"))
    target = folder / f"{source.stem}{SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{source.stem}-{n}{SUFFIX}"
    import_json(source, target)
    return target
