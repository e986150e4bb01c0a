"""``python -m levelcheck.gui [FILE]``."""

import sys

from levelcheck.gui.app import main

sys.exit(main(sys.argv))
