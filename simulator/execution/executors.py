"""Where replications run: this process, a local process pool, or a Dask cluster.

The one place that builds a process pool or talks to Dask: every verb (run, compare,
calibrate, sensitivity, project, batch) opens an ``Executor`` once with
``open_executor`` and hands it ``Call``s. Every executor runs the same function,
``run.run_replication(scenario, seed, r, trace)``, and replication r always uses the
streams of (seed, r), so the results are the same bytes whichever executor (and
whichever machine) ran them. An executor yields each outcome as soon as it finishes,
so the caller can store it at once; an exception raised by a task is yielded as its
outcome rather than raised, so one crashing scenario does not stop the others.

Dask is optional (``pip install 'onestop-simulator[distributed]'``) and imported
only when asked for. The executor talks only to the scheduler address the user
names, or starts a LocalCluster bound to 127.0.0.1.

Traces and event logs: a call's sinks are pickled to the worker, which writes its own
files (``storage.TraceSink`` is a folder and a format). Workers on other machines would
write into their own disks, so ``Executor.shares_this_disk`` is false for a remote
scheduler and the CLI refuses ``--trace`` and ``--events`` there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from simulator.execution.dask_connect import connect, split_address
from simulator.execution.worker_guard import dask_guard_options, guard_worker
from simulator.run import ReplicationResult, run_replication
from simulator.values.errors import ScenarioError, SimulatorError
from simulator.values.limits import MAX_JOBS

INSTALL_DASK = "pip install 'onestop-simulator[distributed]'"
LOCAL = "local"  # --dask local: start a LocalCluster instead of joining a scheduler
# [scheme://]host:port, the host a name, an IPv4 or a bracketed IPv6 address
ADDRESS = re.compile(r"([a-z]+://)?(\[[0-9a-fA-F:.]+\]|[^\s:/\[\]]+):[0-9]{1,5}")


class ExecutorKind(Enum):
    POOL = "pool"  # this machine's cores (in this process when jobs == 1)
    DASK = "dask"  # a Dask distributed scheduler, or a LocalCluster


@dataclass(frozen=True, kw_only=True)
class Executor:
    kind: ExecutorKind
    jobs: int  # pool size, or the number of LocalCluster workers
    address: str | None = None  # Dask scheduler address (tcp://host:8786) or "local"

    @classmethod
    def from_options(cls, jobs: int, dask: str | None) -> Executor:
        """The executor of ``--jobs J`` and ``--dask ADDRESS`` (the CLI's and the API's)."""
        if dask is None:
            return cls.pool(jobs)
        if dask != LOCAL and not ADDRESS.fullmatch(dask):
            allowed = "must be a scheduler address such as tcp://HOST:8786, or local"
            raise ScenarioError("--dask", "", dask, allowed)
        if dask != LOCAL:
            split_address(dask)  # a port out of range is bad input too
        if jobs > MAX_JOBS:
            raise ScenarioError("--jobs", "", jobs, f"must be at most {MAX_JOBS}")
        _distributed()  # fail before any work (or output folder) when Dask is missing
        return cls(kind=ExecutorKind.DASK, jobs=jobs, address=dask)

    @classmethod
    def pool(cls, jobs: int) -> Executor:
        """``jobs`` processes of this machine (this process alone when jobs == 1)."""
        return cls(kind=ExecutorKind.POOL, jobs=jobs)

    @property
    def shares_this_disk(self) -> bool:
        """Whether the workers write into this machine's files (not so on a remote scheduler)."""
        return self.kind is ExecutorKind.POOL or self.address == LOCAL

    def describe(self) -> str:
        if self.kind is ExecutorKind.POOL:
            return f"{self.jobs} local process{'es' if self.jobs > 1 else ''}"
        if self.address == LOCAL:
            return f"Dask LocalCluster of {self.jobs} workers"
        return f"Dask scheduler {self.address}"


IN_PROCESS = Executor.pool(1)


@dataclass(frozen=True, kw_only=True)
class Call:
    """One task: a key the caller chooses, and the arguments of run_replication."""

    key: Hashable
    scenario: Any
    seed: int
    replication: int
    trace: Any = None  # a picklable trace sink (storage.TraceSink), or None
    events: Any = None  # a picklable event-log sink (the same kind), or None


Outcome = ReplicationResult | BaseException
Runner = Callable[[Sequence[Call]], Iterator[tuple[Hashable, Outcome]]]
Progress = Callable[[int, int], None]  # (done, total): the one progress shape of every runner


@dataclass(frozen=True)
class Session:
    """An open executor: call it with tasks, as often as needed, until its block ends."""

    executor: Executor  # as opened (jobs no more than the tasks announced)
    run: Runner

    def __call__(self, calls: Sequence[Call]) -> Iterator[tuple[Hashable, Outcome]]:
        """Yield (key, outcome) of each call as it finishes, in any order."""
        return self.run(calls)


@contextmanager
def open_executor(executor: Executor, tasks: int | None = None) -> Iterator[Session]:
    """Start the pool or join the cluster once, for every task of a command.

    ``tasks``, when known, caps the workers: a pool larger than the work only costs
    start-up time (and one task runs in this process).
    """
    if tasks is not None:
        executor = replace(executor, jobs=max(1, min(executor.jobs, tasks)))
    if executor.kind is ExecutorKind.DASK:
        with _dask(executor) as runner:
            yield Session(executor, runner)
    elif executor.jobs == 1:
        yield Session(executor, _run_here)
    else:
        with _pool(executor.jobs) as runner:
            yield Session(executor, runner)


def _run_here(calls: Sequence[Call]) -> Iterator[tuple[Hashable, Outcome]]:
    for call in calls:
        try:
            outcome: Outcome = run_replication(
                call.scenario, call.seed, call.replication, call.trace, call.events
            )
        except Exception as error:  # reported per scenario by the caller
            outcome = error
        yield call.key, outcome


@contextmanager
def _pool(jobs: int) -> Iterator[Runner]:
    # imported here, not at the top: a run in this process (--jobs 1) does without (start-up)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # fork (where there is one) starts workers in milliseconds with the modules already imported
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # each worker ends when this process dies, however it dies (``worker_guard``)
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=guard_worker, initargs=(os.getpid(),)
    )

    def run(calls: Sequence[Call]) -> Iterator[tuple[Hashable, Outcome]]:
        futures = {
            pool.submit(
                run_replication, c.scenario, c.seed, c.replication, c.trace, c.events
            ): c.key
            for c in calls
        }
        for future in as_completed(futures):
            yield futures[future], _outcome(future)

    try:
        yield run
    finally:
        # On an interrupt, do not start the queued tasks: they would only be thrown away.
        pool.shutdown(wait=True, cancel_futures=True)


def _outcome(future: Any) -> Outcome:
    try:
        return future.result()
    except Exception as error:
        return error


@contextmanager
def _dask(executor: Executor) -> Iterator[Runner]:
    import logging  # only for Dask's log level (a run in this process does without)

    distributed = _distributed()
    cluster = None
    if executor.address == LOCAL:
        cluster = distributed.LocalCluster(
            host="127.0.0.1",
            n_workers=executor.jobs,
            threads_per_worker=1,  # the model is pure Python: threads would only share a GIL
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
            # its worker processes end when this process dies, however it dies
            **dask_guard_options(os.getpid()),
        )
        client = distributed.Client(cluster)
    else:
        client = connect(distributed, executor.address)
    try:
        yield _dask_runner(client, distributed.as_completed)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise SimulatorError(f"--dask needs Dask distributed: {INSTALL_DASK}") from None
    return distributed


def _dask_runner(client: Any, dask_as_completed: Any) -> Runner:
    def run(calls: Sequence[Call]) -> Iterator[tuple[Hashable, Outcome]]:
        # pure=False: Dask must not merge tasks it thinks equal; each call is its own task
        futures = [
            client.submit(
                run_replication, c.scenario, c.seed, c.replication, c.trace, c.events, pure=False
            )
            for c in calls
        ]
        keys = {future.key: call.key for future, call in zip(futures, calls, strict=True)}
        for future in dask_as_completed(futures):
            yield keys[future.key], _outcome(future)

    return run
