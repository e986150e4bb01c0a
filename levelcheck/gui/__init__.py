"""The PySide6 desktop app: the only package that imports Qt.

Start it with :func:`levelcheck.gui.app.main` (``python -m levelcheck.gui [FILE]``).
"""
