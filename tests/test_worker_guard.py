"""Pool workers die with their parent: kill the parent alone and no worker is left."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from subprocess import DEVNULL

import pytest

from simulator.execution import worker_guard

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
GONE_WITHIN = 5.0  # seconds, from the "done when"

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


def _default_signals() -> None:
    """The parent takes SIGHUP's default action (dying), even if the test runner was started
    under nohup, whose ignored SIGHUP a child inherits."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


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
    parent = subprocess.Popen(
        command, cwd=tmp_path, stderr=subprocess.DEVNULL, preexec_fn=_default_signals
    )
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


def _spawned_workers(pid: int) -> set[int]:
    """Children started by multiprocessing's spawn (Dask's worker processes), not its helpers."""
    found = set()
    for child in _children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"spawn_main" in command:
            found.add(child)
    return found


# Dask's own watch (a pipe from the nanny) also ends an orphaned worker; this replaces it
# by nothing in every process of the run, so that the test sees our guard alone at work.
WITHOUT_DASK_WATCH = """
import distributed.process
distributed.process.AsyncProcess._immediate_exit_when_closed = classmethod(lambda c, p: None)
"""


@pytest.mark.parametrize(
    ("signum", "dask_watch"),
    [
        (signal.SIGKILL, True),
        (signal.SIGTERM, True),
        (signal.SIGHUP, True),
        (signal.SIGKILL, False),
    ],
)
def test_dask_local_workers_die_when_the_parent_alone_is_killed(tmp_path, signum, dask_watch):
    """A --dask local --jobs 2 run whose parent is killed leaves no worker alive 5 s later."""
    pytest.importorskip("distributed")
    environment = dict(os.environ)
    if not dask_watch:
        (tmp_path / "sitecustomize.py").write_text(WITHOUT_DASK_WATCH)
        environment["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(ROOT)])
    command = [sys.executable, "-m", "simulator", "run", str(BASELINE), "--reps", "6"]
    command += ["--dask", "local", "--jobs", "2", "--out", str(tmp_path / "out"), "--quiet"]
    parent = subprocess.Popen(
        command, cwd=tmp_path, stderr=DEVNULL, env=environment, preexec_fn=_default_signals
    )
    workers: set[int] = set()
    try:
        assert _wait_until(lambda: len(_spawned_workers(parent.pid)) >= 2, 60), "no cluster"
        time.sleep(2.0)  # the workers have joined and are running replications now
        workers = _spawned_workers(parent.pid)
        os.kill(parent.pid, signum)  # the parent alone: its nannies are threads of it
        parent.wait(timeout=10)
        assert _wait_until(lambda: not any(_alive(w) for w in workers), GONE_WITHIN), workers
    finally:
        for pid in [parent.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        parent.wait()


def test_a_dask_worker_runs_the_guard_with_the_parent_it_was_given(monkeypatch):
    """The preload hook guards the worker with the pid in its environment, and only then."""
    guarded = []
    monkeypatch.setattr(worker_guard, "guard_worker", guarded.append)
    options = worker_guard.dask_guard_options(4321)
    assert options["preload"] == ["simulator.execution.worker_guard"]
    monkeypatch.setattr(os, "environ", {**os.environ, **options["env"]})
    worker_guard.dask_setup(object())
    monkeypatch.setattr(os, "environ", {})
    worker_guard.dask_setup(object())
    assert guarded == [4321]


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
