"""``python -m history_resolver``: the same command as ``history-resolver``."""

import sys

from ._cli import main

sys.exit(main())
