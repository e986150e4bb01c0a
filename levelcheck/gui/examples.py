"""The sample assessments (``examples/*.json``), opened as new documents.

They ship inside the package (``levelcheck/_content/examples``, as the other content;
see levelcheck.core.content.shipped_dir) and, from a source checkout, are the top-level
``examples/`` folder. Looked up here without importing the core, which the start page
must not wait for."""

from __future__ import annotations

import tempfile
from pathlib import Path

import levelcheck

SUFFIX = ".levelcheck"  # levelcheck.core.document.SUFFIX, without loading the core


def example_files() -> list[Path]:
    package = Path(levelcheck.__file__).resolve().parent
    for folder in (package / "_content" / "examples", package.parent / "examples"):
        if folder.is_dir():
            return sorted(folder.glob("*.json"))
    return []


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
