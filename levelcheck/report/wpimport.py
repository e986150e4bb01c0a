"""Importing WeasyPrint without re-parsing its C declarations every time.

WeasyPrint talks to Pango, HarfBuzz and fontconfig through cffi in "ABI mode": on
every start it hands about 450 lines of C declarations to ``cffi.FFI.cdef``, which
parses them with pycparser, about 0.2 s of the 0.6 s ``import weasyprint`` takes.
cffi can instead load the same declarations pre-parsed ("out-of-line ABI mode",
no compiler involved). LevelCheck does that: the first import records the
declarations WeasyPrint makes and saves cffi's pre-parsed form of them in the user's
cache folder (keyed by the WeasyPrint and cffi versions); later imports hand that to
WeasyPrint instead of parsing. The libraries, the functions called and so the PDFs
are the same (a test compares them). Anything unexpected (no cache folder, a
different WeasyPrint, a damaged cache file) falls back to the plain import.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FFI_MODULE = "weasyprint.text.ffi"
CACHE_FORMAT = "1"


def cache_file() -> Path | None:
    """Where the pre-parsed declarations for this WeasyPrint and cffi are kept: named
    after WeasyPrint's ffi module (path, size, time) and cffi's version, which a stat
    tells without importing either (package metadata would take 20 ms)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("weasyprint")
        origin = spec.origin if spec is not None else None
        if origin is None:  # e.g. a frozen app: no source files
            return None
        ffi = Path(origin).parent / "text" / "ffi.py"
        st = ffi.stat()
        import cffi

        key = f"{ffi}:{st.st_size}:{st.st_mtime_ns}:{cffi.__version__}:{sys.version_info[:2]}"
    except (ImportError, OSError, ValueError):
        return None
    from levelcheck.report.fonts import cache_dir

    key += f":{CACHE_FORMAT}"

    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return cache_dir().parent / "weasyprint" / f"ffi-{digest}.py"


def import_weasyprint() -> None:
    """Import WeasyPrint, with its declarations pre-parsed when possible."""
    if FFI_MODULE in sys.modules:
        return
    target = cache_file()
    if target is not None and target.is_file():
        try:
            prebuilt = _load(target)
        except Exception:
            prebuilt = None
        if prebuilt is not None:
            try:
                with _ffi_factory(lambda original: prebuilt):
                    import weasyprint
                return
            except Exception:
                _forget_weasyprint()
    recorded: list[str] = []
    with _ffi_factory(lambda original: _recorder(original, recorded)):
        import weasyprint  # noqa: F401
    if target is not None and recorded:
        _save(target, recorded)


@contextmanager
def _ffi_factory(make: Callable[[Any], Any]) -> Iterator[None]:
    """While importing WeasyPrint, ``cffi.FFI()`` called by its ffi module gives what
    ``make`` returns; every other caller gets cffi's own class."""
    import cffi

    original = cffi.FFI

    def factory(*args: Any, **kwargs: Any) -> Any:
        if sys._getframe(1).f_globals.get("__name__") == FFI_MODULE:
            return make(original)
        return original(*args, **kwargs)

    cffi.FFI = factory
    try:
        yield
    finally:
        cffi.FFI = original


def _recorder(original: Any, recorded: list[str]) -> Any:
    class Recording(original):  # type: ignore[misc]
        def cdef(self, csource: str, *args: Any, **kwargs: Any) -> Any:
            if args or kwargs:  # options we do not reproduce: do not cache
                recorded.append("\0")
            recorded.append(csource)
            return super().cdef(csource, *args, **kwargs)

    return Recording()


def _save(target: Path, recorded: list[str]) -> None:
    if "\0" in recorded:
        return
    try:
        import cffi

        builder = cffi.FFI()
        for csource in recorded:
            builder.cdef(csource)
        builder.set_source("_levelcheck_weasyprint_ffi", None)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with contextlib.redirect_stdout(io.StringIO()):  # cffi says 'generating …'
            builder.emit_python_code(str(tmp))
        tmp.replace(target)
        for old in target.parent.glob("ffi-*.py"):  # for an older WeasyPrint or cffi
            if old != target:
                old.unlink(missing_ok=True)
    except Exception:
        return  # no cache: the next start parses again


def _load(target: Path) -> Any:
    """The pre-parsed FFI object, made with a ``cdef`` that does nothing (WeasyPrint
    still calls it)."""
    import importlib

    backend: Any = importlib.import_module("_cffi_backend")

    class Prebuilt(backend.FFI):  # type: ignore[misc]
        def cdef(self, *args: Any, **kwargs: Any) -> None:
            pass

    code = target.read_text(encoding="utf-8")
    header = "# auto-generated file\nimport _cffi_backend\n"
    if not code.startswith(header):
        return None
    namespace: dict[str, Any] = {"_cffi_backend": _Backend(Prebuilt)}
    exec(compile(code[len(header) :], str(target), "exec"), namespace)
    ffi = namespace.get("ffi")
    return ffi if isinstance(ffi, Prebuilt) else None


class _Backend:
    def __init__(self, ffi_class: type) -> None:
        self.FFI = ffi_class


def _forget_weasyprint() -> None:
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        del sys.modules[name]
