"""LevelCheck: smart-factory level assessment for consultants.

The package is layered: ``levelcheck.core`` (domain, no Qt), ``levelcheck.report``
(reports, no Qt) and ``levelcheck.gui`` (the PySide6 app, the only Qt user).
"""

__version__ = "0.1.0"
