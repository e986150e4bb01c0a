"""Reading user files with a size limit; writing them whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from levelcheck.core.errors import LevelCheckError

NOT_REGULAR = "not a regular file (a device or a pipe)"
# What a file name must not hold to be written on every system a file may travel to:
# Windows's forbidden characters, slashes and controls; and Windows's device names
# (CON, NUL.txt …), which name no file there whatever their extension.
UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
     *(f"LPT{n}" for n in range(1, 10))}
)  # fmt: skip


def is_windows_device(name: str) -> bool:
    """Whether ``name`` (with or without an extension) is a Windows device name."""
    return name.split(".", 1)[0].upper() in WINDOWS_DEVICES


# A FIFO opened for reading waits for a writer, for ever: opened without blocking, it
# is seen for what it is by fstat and refused (a device or socket the same).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def open_regular(path: str | Path) -> tuple[int, os.stat_result]:
    """A descriptor of ``path`` opened for reading, and its stat, when it is a regular
    file; an OSError otherwise, with ``strerror`` fit for a one-line message: "Is a
    directory", or :data:`NOT_REGULAR` for a pipe, device or socket (without this, a
    FIFO where a file is expected hangs the program)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.ENXIO, NOT_REGULAR, str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_limited(path: str | Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it is larger than ``limit`` bytes; an OSError for
    what is not a regular file (:func:`open_regular`).

    The size is checked before reading: ``read(limit + 1)`` would allocate the whole
    limit for every file, which dominates the cost of batch scoring."""
    fd, st = open_regular(path)
    with open(fd, "rb") as fh:
        if st.st_size > limit:
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
    """:func:`read_limited`, with its failures as one-line ``error``s naming the file
    (``name``, else the path): 'cannot read <what>: …', :data:`NOT_REGULAR` and '<what>
    is larger than the <limit> limit'."""
    name = str(path) if name is None else name
    try:
        raw = read_limited(path, limit)
    except OSError as exc:
        if exc.strerror == NOT_REGULAR:
            raise error(NOT_REGULAR, file=name) from None
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


DOCUMENT_SUFFIX = ".levelcheck"  # as core.document.SUFFIX (not imported: no cycle)


def output_target(
    target: Path,
    error: type[LevelCheckError] = LevelCheckError,
    *,
    name: str | None = None,
    overwrite: bool = True,
    inputs: Sequence[Path] = (),
) -> Path:
    """Where an output really goes, checked before any work is done.

    Returns the path to write: a symlink's real target (the link stays a link and the
    file it names is replaced). Refuses, as one-line ``error``s naming the output: an
    existing output that is not a regular file (a folder, device or pipe: replacing
    ``/dev/full`` with a file, as root, is never what was meant); an existing one
    without ``overwrite`` (--force); and, even with ``overwrite``, an output that is
    one of ``inputs`` — the same path once resolved, or the same file by inode (a hard
    link) — since replacing the input destroys what the output was made from; and an
    output whose folder is missing, so that it fails now, not after the work."""
    shown = str(target) if name is None else name
    real = Path(os.path.realpath(target)) if os.path.islink(target) else target
    try:
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror or exc}", file=shown) from None
    for source in inputs:
        if same_file(source, real):
            raise error("the output would replace the input", file=shown)
    if st is None:
        if not real.parent.is_dir():
            raise error(f"cannot write: no folder {real.parent}", file=shown)
        return real
    if stat.S_ISDIR(st.st_mode):
        raise error("is a folder, not a file", file=shown)
    if not stat.S_ISREG(st.st_mode):
        raise error("not a regular file (a device or a pipe): will not replace it", file=shown)
    if not overwrite:
        raise error("already exists (use --force to replace it)", file=shown)
    return real


def same_file(a: Path, b: Path) -> bool:
    """The same file: the same path once resolved (whether it exists or not), or the
    same inode (a hard link)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@contextlib.contextmanager
def editing_guard(
    real: Path, error: type[LevelCheckError] = LevelCheckError, *, name: str | None = None
) -> Iterator[None]:
    """Hold a document's edit lock (core.lock) while it is replaced, so that no app
    opens it half way; a document open for editing elsewhere is refused, naming who
    has it, whatever --force says: replacing it under the app loses the app's next
    change and its whole document. Only an existing ``.levelcheck`` (or SQLite) file
    is locked: other outputs get no ``.lock`` file beside them."""
    if not (real.is_file() and is_document(real)):
        yield
        return
    from levelcheck.core.lock import EditLock

    try:
        lock = EditLock.acquire(real)
    except OSError as exc:  # e.g. a read-only folder: the write would fail as well
        raise error(f"cannot write: {exc.strerror or exc}",
                    file=str(real) if name is None else name) from None  # fmt: skip
    if lock is None:
        raise error(EditLock.busy_reason(real), file=str(real) if name is None else name)
    try:
        yield
    finally:
        lock.release()


def is_document(path: Path) -> bool:
    """A LevelCheck document by name (any case) or, under another name, by its SQLite
    header (the full check of a document is core.document's)."""
    if path.suffix.lower() == DOCUMENT_SUFFIX:
        return True
    try:
        fd, _ = open_regular(path)
        with open(fd, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


@contextlib.contextmanager
def replacing(
    target: Path,
    error: type[LevelCheckError] = LevelCheckError,
    *,
    name: str | None = None,
    overwrite: bool = True,
    inputs: Sequence[Path] = (),
) -> Iterator[Path]:
    """A temporary file beside ``target`` to write in the block; it becomes ``target``
    when the block ends and is removed when it fails, so a failed write never leaves a
    half file under the real name. An OSError is a one-line ``error`` naming the file.

    The output is checked by :func:`output_target` (a symlink is written through, a
    non-regular file or one of ``inputs`` refused) and, for a document, by
    :func:`editing_guard`. Callers check the same early with :func:`output_target`,
    before any work; this is the last word at the moment of writing."""
    shown = str(target) if name is None else name
    real = output_target(target, error, name=shown, overwrite=overwrite, inputs=inputs)
    tmp = real.with_name(f".{real.name}.{os.getpid()}.tmp")
    try:
        with editing_guard(real, error, name=shown):
            yield tmp
            tmp.replace(real)
    except OSError as exc:
        remove_quietly(tmp)
        raise error(f"cannot write: {exc.strerror or exc}", file=shown) from None
    except BaseException:
        remove_quietly(tmp)
        raise
