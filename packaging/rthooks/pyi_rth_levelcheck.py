"""Runtime hook of the frozen LevelCheck app: runs before levelcheck is imported.

Linux only:
* FONTCONFIG_FILE -> the bundled fontconfig/fonts.conf (system fonts + the shipped
  NanumGothic), unless the user set one;
* WeasyPrint dlopen()s Pango, HarfBuzz and fontconfig *by name* through cffi. The copies
  bundled next to the app are loaded here first, by path, so those names resolve to
  them (the dynamic loader reuses an already-loaded library with the same soname)
  rather than to whatever the system has, or to nothing.
"""

import os
import sys


def _linux() -> None:
    import contextlib
    import ctypes

    base = getattr(sys, "_MEIPASS", os.path.dirname(sys.executable))
    conf = os.path.join(base, "fontconfig", "fonts.conf")
    if not os.environ.get("FONTCONFIG_FILE") and os.path.isfile(conf):
        os.environ["FONTCONFIG_FILE"] = conf
    # dependencies first: each library's own needs are then already loaded
    for name in (
        "libglib-2.0.so.0",
        "libgobject-2.0.so.0",
        "libfreetype.so.6",
        "libfontconfig.so.1",
        "libharfbuzz.so.0",
        "libharfbuzz-subset.so.0",
        "libfribidi.so.0",
        "libthai.so.0",
        "libpango-1.0.so.0",
        "libpangoft2-1.0.so.0",
    ):
        path = os.path.join(base, name)
        if os.path.exists(path):
            with contextlib.suppress(OSError):  # WeasyPrint says what is missing, if anything
                ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)


if sys.platform.startswith("linux") and getattr(sys, "frozen", False):
    _linux()
