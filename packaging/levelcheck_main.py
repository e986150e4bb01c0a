"""Entry point of the frozen LevelCheck app (PyInstaller).

No arguments: the desktop app; arguments: the command line (``LevelCheck --version``,
``LevelCheck validate``, ``LevelCheck score …``, ``LevelCheck report …``), exactly as
``levelcheck.cli.main`` decides.
"""

import multiprocessing

if __name__ == "__main__":
    # `score --jobs N` and batch `report` use the "spawn" start method: a frozen app must
    # let the child processes it starts run the worker instead of the command line.
    multiprocessing.freeze_support()
    from levelcheck.cli import run

    run()
