"""LevelCheck: smart-factory level assessment for consultants.

The package is layered: ``levelcheck.core`` (domain, no Qt), ``levelcheck.report``
(reports, no Qt) and ``levelcheck.gui`` (the PySide6 app, the only Qt user).
"""

import os

__version__ = "0.1.0"

# LevelCheck uses no pydantic plugins; looking for them scans every installed package's
# metadata on the first model built (about 0.15 s of every start-up).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
