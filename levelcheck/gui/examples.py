"""The sample assessments (``examples/*.json``), opened as new documents.

They ship inside the package (``levelcheck/_content/examples``, as the other content;
see levelcheck.core.content.shipped_dir) and, from a source checkout, are the top-level
``examples/`` folder. Looked up here without importing the core, which the start page
must not wait for."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import levelcheck

if TYPE_CHECKING:
    from levelcheck.core.service import ScoringService

SUFFIX = ".levelcheck"  # levelcheck.core.document.SUFFIX, without loading the core


def example_files() -> list[Path]:
    package = Path(levelcheck.__file__).resolve().parent
    for folder in (package / "_content" / "examples", package.parent / "examples"):
        if folder.is_dir():
            return sorted(folder.glob("*.json"))
    return []


@dataclass(frozen=True)
class ExampleInfo:
    """What an example is about, from its content: the start page names it so (its
    file name is a romanised stem no consultant would look for)."""

    path: str
    company: str
    level: int | None


def read_examples(paths: list[Path], service: ScoringService) -> list[ExampleInfo]:
    """The company and level of each example (read and scored on a worker thread: no
    widgets). An example that cannot be read or scored is left out: the start page
    then shows its file name."""
    from levelcheck.core.errors import LevelCheckError
    from levelcheck.core.interchange import read_assessment

    out = []
    for path in paths:
        try:
            assessment = read_assessment(path)
            level = service.score(assessment).level
        except (LevelCheckError, OSError, ValueError):
            continue
        out.append(ExampleInfo(str(path), assessment.company.name, level))
    return out


def import_to_document(
    source: Path, folder: Path | None = None, *, service: ScoringService | None = None
) -> Path:
    """A new ``.levelcheck`` holding the JSON assessment, in `folder` (a new temporary
    folder when None), never replacing an existing file. It is checked against
    ``service``'s content (the app's, with its own content folder), as `score` would."""
    from levelcheck.core.interchange import import_json

    made = folder is None
    folder = folder or Path(tempfile.mkdtemp(prefix="levelcheck-"))
    target = folder / f"{source.stem}{SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{source.stem}-{n}{SUFFIX}"
    try:
        import_json(source, target, service=service)
    except BaseException:
        if made:  # a broken JSON leaves no empty temporary folder behind
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return target
