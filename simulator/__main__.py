"""``python -m simulator`` is the ``onestop`` command."""

import sys

from simulator.cli import main

sys.exit(main())
