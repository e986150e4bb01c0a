"""The render process and the quick WeasyPrint import (pre-parsed C declarations)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from levelcheck.report.renderer import RenderProcess
from tests.conftest import run_python

HTML = "<html><body><h1>스마트공장 수준확인</h1><p>LevelCheck 0123 <b>굵게</b></p></body></html>"

SCRIPT = r"""
import sys
import cffi
original = cffi.FFI
from levelcheck.report.wpimport import import_weasyprint
import_weasyprint()
import weasyprint.text.ffi as f
assert cffi.FFI is original, "cffi.FFI left patched"
assert isinstance(cffi.FFI(), original)
from weasyprint import HTML
HTML(string=sys.argv[1]).write_pdf(sys.argv[2])
print(type(f.ffi).__name__)
"""


def _import_and_render(cache: Path, out: Path) -> str:
    env = {**os.environ, "LEVELCHECK_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, HTML, str(out)], env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    return done.stdout.strip()


def test_declarations_are_parsed_once_then_loaded_and_the_pdf_is_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _import_and_render(cache, tmp_path / "first.pdf") == "Recording"  # parsed, saved
    saved = list((cache / "weasyprint").glob("ffi-*.py"))
    assert len(saved) == 1
    assert _import_and_render(cache, tmp_path / "second.pdf") == "Prebuilt"  # loaded
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()


@pytest.mark.parametrize("damage", [b"", b"\x00\xff garbage", b"# auto-generated file\n"
                                    b"import _cffi_backend\nffi = 42\n"])  # fmt: skip
def test_a_damaged_cache_falls_back_to_parsing_and_is_repaired(
    tmp_path: Path, damage: bytes
) -> None:
    cache = tmp_path / "cache"
    _import_and_render(cache, tmp_path / "good.pdf")
    (saved,) = (cache / "weasyprint").glob("ffi-*.py")
    saved.write_bytes(damage)
    assert _import_and_render(cache, tmp_path / "again.pdf") == "Recording"
    assert (tmp_path / "good.pdf").read_bytes() == (tmp_path / "again.pdf").read_bytes()
    assert saved.read_bytes().startswith(b"# auto-generated file")


def test_the_render_process_renders_what_it_is_sent() -> None:
    with RenderProcess() as renderer:
        renderer.submit(HTML)
        pdf, refused = renderer.result()
    assert pdf.startswith(b"%PDF-")
    assert refused == []


def test_the_render_process_refuses_what_the_fetcher_refuses(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for reports")
    with RenderProcess() as renderer:
        renderer.submit(f'<img src="{secret.as_uri()}"><p>가</p>')
        pdf, refused = renderer.result()
    assert pdf.startswith(b"%PDF-")
    assert refused == [secret.as_uri()]


def test_an_idle_render_process_ends_when_let_go() -> None:
    renderer = RenderProcess()
    with pytest.raises(RuntimeError):
        renderer.result()  # nothing submitted
    renderer.close()  # returns at once ...
    renderer._proc.join(timeout=30)  # ... and the process ends on its own
    assert renderer._proc.exitcode == 0


def test_a_render_process_whose_report_gave_up_ends_quietly() -> None:
    """The report failed (a bad key, say) while its PDF was being laid out: the render
    process finds nobody listening and ends without a traceback."""
    code = (
        "from levelcheck.report.renderer import RenderProcess\n"
        "r = RenderProcess()\n"
        f"r.submit({HTML!r})\n"
        "r.close()\n"
        "r._proc.join(60)\n"
        "print(r._proc.exitcode)\n"
    )
    out = run_python(code)  # and no traceback
    assert out.stdout.strip() == "0"
    assert "BrokenPipe" not in out.stderr, out.stderr


def test_ctrl_c_ends_the_render_process_without_a_traceback() -> None:
    """Ctrl-C reaches every process of the report; the report's own says it was
    interrupted, and the render process ends without printing a traceback."""
    code = (
        "import os, signal, time\n"
        "from levelcheck.report.renderer import RenderProcess\n"
        "r = RenderProcess()\n"
        "time.sleep(0.5)\n"
        "os.kill(r._proc.pid, signal.SIGINT)\n"
        "r._proc.join(60)\n"
        "print(r._proc.exitcode)\n"
    )
    out = run_python(code)  # and no traceback
    assert out.stdout.strip() == "130"
    assert "KeyboardInterrupt" not in out.stderr, out.stderr
