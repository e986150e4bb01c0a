"""Reading user files with a size limit; writing them whole or not at all."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from levelcheck.core.errors import LevelCheckError


def read_limited(path: str | Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it is larger than ``limit`` bytes.

    The size is checked before reading: ``read(limit + 1)`` would allocate the whole
    limit for every file, which dominates the cost of batch scoring."""
    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size > limit:
            return None
        raw = fh.read()
    return None if len(raw) > limit else raw


def size_text(n: int) -> str:
    """A byte count as people read it: '20 MiB', '512 KiB'."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def read_user_file(
    path: str | Path,
    limit: int,
    error: type[LevelCheckError] = LevelCheckError,
    *,
    name: str | None = None,
    what: str = "file",
    limit_text: str | None = None,
) -> bytes:
    """:func:`read_limited`, with its two failures as one-line ``error``s naming the
    file (``name``, else the path): 'cannot read <what>: …' and '<what> is larger than
    the <limit> limit'."""
    name = str(path) if name is None else name
    try:
        raw = read_limited(path, limit)
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}", file=name) from None
    if raw is None:
        raise error(f"{what} is larger than the {limit_text or size_text(limit)} limit", file=name)
    return raw


def remove_quietly(path: Path) -> None:
    """Remove a temporary file if it is there; never raises (a cleanup must not hide
    the error that made it necessary: an output folder that is a file makes even the
    removal fail)."""
    with contextlib.suppress(OSError):
        path.unlink()


@contextlib.contextmanager
def replacing(
    target: Path, error: type[LevelCheckError] = LevelCheckError, *, name: str | None = None
) -> Iterator[Path]:
    """A temporary file beside ``target`` to write in the block; it becomes ``target``
    when the block ends and is removed when it fails, so a failed write never leaves a
    half file under the real name. An OSError is a one-line ``error`` naming the file."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        tmp.replace(target)
    except OSError as exc:
        remove_quietly(tmp)
        raise error(f"cannot write: {exc.strerror or exc}",
                    file=str(target) if name is None else name) from None  # fmt: skip
    except BaseException:
        remove_quietly(tmp)
        raise
