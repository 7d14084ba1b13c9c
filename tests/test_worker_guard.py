"""Pool workers die with their parent: kill the parent alone and no worker is left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
GONE_WITHIN = 5.0  # seconds, from the "done when"

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(child) for child in text.split())
    return found


def _alive(pid: int) -> bool:
    """Running, or stopped; a zombie waiting for its new parent to reap it has died."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return "Z" not in state.split()[1]


def _wait_until(test, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if test():
            return True
        time.sleep(0.05)
    return test()


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_workers_die_when_the_parent_alone_is_killed(tmp_path, signum):
    """A --jobs 2 run whose parent is killed leaves no worker alive 5 s later."""
    command = [sys.executable, "-m", "simulator", "run", str(BASELINE), "--reps", "6"]
    command += ["--jobs", "2", "--out", str(tmp_path / "out"), "--quiet", "--no-figures"]
    parent = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.DEVNULL)
    try:
        assert _wait_until(lambda: len(_children(parent.pid)) >= 2, 60), "no pool started"
        time.sleep(1.0)  # the workers are running replications now
        workers = _children(parent.pid)
        os.kill(parent.pid, signum)  # the parent alone, not its process group
        parent.wait(timeout=10)
        assert _wait_until(lambda: not any(_alive(w) for w in workers), GONE_WITHIN), workers
    finally:
        if parent.poll() is None:
            parent.kill()


def test_watch_thread_ends_an_orphan_without_prctl(tmp_path):
    """Without PR_SET_PDEATHSIG the watch thread alone ends a worker whose parent died."""
    script = textwrap.dedent("""
        import os, sys, time
        from simulator.execution import worker_guard
        worker_guard._die_with_parent = lambda: None  # as on a system without prctl
        middle = os.getpid()
        grandchild = os.fork()
        if grandchild == 0:
            worker_guard.guard_worker(middle)
            time.sleep(60)  # a long replication
            os._exit(0)
        print(grandchild, flush=True)
        time.sleep(0.5)
        os._exit(0)  # the parent dies; the grandchild is an orphan now
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=30
    )
    orphan = int(done.stdout.split()[0])
    assert _wait_until(lambda: not _alive(orphan), GONE_WITHIN)
