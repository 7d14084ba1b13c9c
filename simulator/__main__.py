"""``python -m simulator`` is the ``onestop`` command."""

import sys

from simulator.cli.main import main

sys.exit(main())
