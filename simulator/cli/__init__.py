"""The ``onestop`` command line: the only place that reads arguments, prints and exits."""

from simulator.cli.main import main

__all__ = ["main"]
