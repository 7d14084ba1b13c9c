"""Pool workers die with their parent: no orphaned workers after a kill.

A process pool's workers outlive a parent killed by SIGKILL (or by SIGTERM or SIGHUP,
whose default action skips every clean-up), computing replications nobody will read for
minutes. ``guard_worker`` is the pool's initializer, run in each worker as it starts:

* on Linux it asks the kernel to send the worker SIGKILL when its parent dies
  (``prctl(PR_SET_PDEATHSIG, SIGKILL)`` through ctypes; no new dependency);
* everywhere, a daemon thread checks every ``WATCH_SECONDS`` whether the parent is
  still the one that started the worker (an orphan is re-parented, so its parent pid
  changes) and ends the worker if not. This also covers a parent that died before the
  ``prctl`` call took effect, and systems without ``prctl``.

The workers of ``--dask local`` are processes too (the LocalCluster's nannies live in
this process and spawn them). This module is each such worker's Dask *preload*: its
``dask_setup`` applies the same guard, with the pid of the process that started the
cluster, read from ``PARENT_PID_ENV`` (the nanny sets it in the worker's environment).

Neither draws random numbers or touches the replications, so results stay byte-identical.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_PID_ENV = "ONESTOP_GUARD_PARENT_PID"  # for a Dask worker: the pid it must die with
PRELOAD = __name__  # the module a Dask worker imports to run ``dask_setup``
WATCH_SECONDS = 0.5
EXIT_ORPHANED = 70  # an exit status nobody reads (the parent is gone); EX_SOFTWARE


def guard_worker(parent_pid: int) -> None:
    """Pool initializer: end this worker when ``parent_pid`` is no longer its parent."""
    if sys.platform.startswith("linux"):
        _die_with_parent()
    if os.getppid() != parent_pid:  # the parent died before the guard was in place
        os._exit(EXIT_ORPHANED)
    watch = threading.Thread(
        target=_watch, args=(parent_pid,), name="onestop-parent-watch", daemon=True
    )
    watch.start()


def dask_setup(worker: object) -> None:
    """Dask preload hook, run in each worker process before it takes a task."""
    parent = os.environ.get(PARENT_PID_ENV, "")
    if parent.isdigit():
        guard_worker(int(parent))


def dask_guard_options(parent_pid: int) -> dict[str, object]:
    """The LocalCluster keywords that guard each of its worker processes."""
    return {"preload": [PRELOAD], "env": {PARENT_PID_ENV: str(parent_pid)}}


def _die_with_parent() -> None:
    try:
        import ctypes.util  # here: only pool workers need it (and ctypes.util imports shutil)

        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc or no prctl: the watch thread still guards
        pass


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCH_SECONDS)
    os._exit(EXIT_ORPHANED)
