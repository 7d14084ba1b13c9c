"""Hard limits on input sizes, in one place: each is checked before anything is allocated.

A scenario is a few kilobytes and a study a few hundred replications; values far beyond
these are typos or hostile input, and would exhaust memory or time before any result.
Each limit is documented in the README ("Limits") and, where an option sets it, in
``--help``. Going over a limit is bad input: exit code 2 and one line naming it.
"""

from __future__ import annotations

import re

# --- files (checked before the TOML parser sees the text) -------------------------------
MAX_FILE_BYTES = 256_000  # a scenario is a few kB (the largest shipped one 18 kB)
MAX_EXTENDS_DEPTH = 16  # files in one extends chain
MAX_NESTING = 32  # tables and lists inside each other; deeper would exhaust the stack
# parts of one dotted key (a.b.c is 3): tomllib's time grows with the square of this
MAX_KEY_PARTS = 32

# --- scenarios -----------------------------------------------------------------------------
MAX_NAME_CHARS = 64  # station, site and district names (they become metric and file names)
MAX_STATIONS = 1_000  # stations of a plain network
MAX_SERVERS = 100_000
MAX_CUSTOMERS = 10_000_000  # arriving customers of a plain network (see the events limit)
MAX_COUNT = 1_000_000  # any other count in a scenario
MAX_TIME = 1.0e9  # minutes (about 1,900 years); calendars are bounded by MAX_YEAR too
MAX_YEAR = 9_000  # the latest year of any date in a onestop scenario (Python stops at 9999)
# days the onestop model's calendar reaches past the horizon end (deadlines of late arrivals)
CALENDAR_LOOKAHEAD_DAYS = 400

# --- runs ----------------------------------------------------------------------------------
MAX_REPS = 100_000  # replications of one scenario (every verb's --reps)
MAX_JOBS = 64  # worker processes (--jobs), also the workers of --dask local
# simulation events in one replication: the baseline quarter needs about 200,000 and a
# network customer about 4 per station visit; a run past this is a routing loop that never
# ends (or far too long to be useful): it stops with an error
MAX_EVENTS_PER_REPLICATION = 100_000_000
DASK_CONNECT_SECONDS = 5  # connecting to a --dask scheduler (and its handshake)

# a chain of dotted key parts: bare words or quoted strings joined by dots (possessive,
# so that hostile text cannot make the scan backtrack)
_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')"""
_CHAIN = re.compile(rf"(?<![A-Za-z0-9_-]){_PART}(?:[ \t]*+\.[ \t]*+{_PART})*+")
_PARTS = re.compile(_PART)


def longest_dotted_key(text: str) -> int:
    """The most parts in any dotted chain of the text (an upper bound on key depth).

    A linear scan: every chain is read once. Quoted strings count as one part, so a
    description with dots in it is never mistaken for a deep key.
    """
    longest = 0
    for chain in _CHAIN.finditer(text):
        if "." in chain.group():  # else a lone part: not a dotted key
            parts = len(_PARTS.findall(chain.group()))
            longest = parts if parts > max(longest, 1) else longest
    return longest
