"""Where batch tasks run: this process, a local process pool, or a Dask cluster.

Every executor runs the same function, ``run.run_replication(scenario, seed, r)``,
and replication r always uses the streams of (seed, r), so the results are the same
bytes whichever executor (and whichever machine) ran them. An executor yields each
outcome as soon as it finishes, so the caller can store it at once; an exception
raised by a task is yielded as its outcome rather than raised, so one crashing
scenario does not stop the others.

Dask is optional (``pip install 'onestop-simulator[distributed]'``) and imported
only when asked for. The executor talks only to the scheduler address the user
names, or starts a LocalCluster bound to 127.0.0.1.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any

from simulator.run import ReplicationResult, run_replication
from simulator.values.errors import SimulatorError

INSTALL_DASK = "pip install 'onestop-simulator[distributed]'"
LOCAL = "local"  # --dask local: start a LocalCluster instead of joining a scheduler


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
        if dask is None:
            return cls(kind=ExecutorKind.POOL, jobs=jobs)
        return cls(kind=ExecutorKind.DASK, jobs=jobs, address=dask)

    def describe(self) -> str:
        if self.kind is ExecutorKind.POOL:
            return f"{self.jobs} local process{'es' if self.jobs > 1 else ''}"
        if self.address == LOCAL:
            return f"Dask LocalCluster of {self.jobs} workers"
        return f"Dask scheduler {self.address}"


@dataclass(frozen=True, kw_only=True)
class Call:
    """One task: a key the caller chooses, and the arguments of run_replication."""

    key: Hashable
    scenario: Any
    seed: int
    replication: int


Outcome = ReplicationResult | BaseException
Runner = Callable[[Sequence[Call]], Iterator[tuple[Hashable, Outcome]]]


@contextmanager
def open_executor(executor: Executor) -> Iterator[Runner]:
    """A runner that yields (key, outcome) of each call as it finishes, in any order."""
    if executor.kind is ExecutorKind.DASK:
        with _dask(executor) as runner:
            yield runner
    elif executor.jobs == 1:
        yield _run_here
    else:
        with _pool(executor.jobs) as runner:
            yield runner


def _run_here(calls: Sequence[Call]) -> Iterator[tuple[Hashable, Outcome]]:
    for call in calls:
        try:
            outcome: Outcome = run_replication(call.scenario, call.seed, call.replication)
        except Exception as error:  # reported per scenario by the caller
            outcome = error
        yield call.key, outcome


@contextmanager
def _pool(jobs: int) -> Iterator[Runner]:
    # fork (where there is one) starts workers in milliseconds with the modules already imported
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)

    def run(calls: Sequence[Call]) -> Iterator[tuple[Hashable, Outcome]]:
        futures = {
            pool.submit(run_replication, c.scenario, c.seed, c.replication): c.key for c in calls
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
    try:
        import distributed
    except ImportError:
        raise SimulatorError(f"--dask needs Dask distributed: {INSTALL_DASK}") from None
    cluster = None
    if executor.address == LOCAL:
        cluster = distributed.LocalCluster(
            host="127.0.0.1",
            n_workers=executor.jobs,
            threads_per_worker=1,  # the model is pure Python: threads would only share a GIL
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = distributed.Client(cluster)
    else:
        client = distributed.Client(executor.address)
    try:
        yield _dask_runner(client, distributed.as_completed)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_runner(client: Any, dask_as_completed: Any) -> Runner:
    def run(calls: Sequence[Call]) -> Iterator[tuple[Hashable, Outcome]]:
        # pure=False: Dask must not merge tasks it thinks equal; each call is its own task
        futures = [
            client.submit(run_replication, c.scenario, c.seed, c.replication, pure=False)
            for c in calls
        ]
        keys = {future.key: call.key for future, call in zip(futures, calls, strict=True)}
        for future in dask_as_completed(futures):
            yield keys[future.key], _outcome(future)

    return run
