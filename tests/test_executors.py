"""One executor layer: this process, a process pool or Dask give every verb the same bytes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulator import api
from simulator.execution.executors import (
    INSTALL_DASK,
    Call,
    Executor,
    ExecutorKind,
    open_executor,
)
from simulator.execution.fitting import calibrate, parse_parameter, sensitivity
from simulator.values.document import read_document
from simulator.values.errors import ScenarioError, SimulatorError
from simulator.values.scenario import load_scenario
from simulator.values.targets import load_targets

ROOT = Path(__file__).resolve().parent.parent
SMALL_MM4 = f"""
extends = "{ROOT / "scenarios" / "mm4.toml"}"
name = "{{name}}"
[run]
customers = 3000
warmup_customers = 200
[arrivals]
interarrival = {{{{ dist = "exponential", mean = {{mean}} }}}}
"""
TARGETS = """
[[targets]]
metric = "utilisation.desk"
value = 0.7
source = "a made-up target"
absolute_tolerance = 0.01
"""
RUN_FILES = ("summary.json", "replications.csv")


@pytest.fixture
def mm4(write_scenario):
    """Small M/M/4 variants of scenarios/mm4.toml (a child file that extends it)."""

    def make(name: str, mean: float = 0.3125) -> Path:
        return write_scenario(SMALL_MM4.format(name=name, mean=mean), f"{name}.toml")

    return make


@pytest.fixture(scope="module")
def cluster():
    """A real Dask LocalCluster on 127.0.0.1, closed after the tests that use it."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        host="127.0.0.1", n_workers=2, threads_per_worker=1, dashboard_address=None
    ) as local:
        yield local


def onestop(*args) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "simulator", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def same_files(first: Path, second: Path, names: list[str]) -> None:
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_workers_are_capped_at_the_tasks():
    """A pool is not larger than the work; one task runs in this process."""
    with open_executor(Executor.pool(8), tasks=3) as session:
        assert session.executor.jobs == 3
    with open_executor(Executor.pool(8), tasks=1) as session:
        assert session.executor == Executor.pool(1)


def test_a_task_that_raises_is_its_outcome(mm4):
    """On the pool, a failing task is yielded, not raised, and the other tasks still finish."""
    good = load_scenario(mm4("good"))
    calls = [
        Call(key=0, scenario=good, seed=1, replication=0),
        Call(key=1, scenario=None, seed=1, replication=0),
    ]
    with open_executor(Executor.pool(2)) as session:
        outcomes = dict(session(calls))
    assert outcomes[0].replication == 0
    assert isinstance(outcomes[1], AttributeError)


def test_without_dask_the_executor_says_how_to_install_it(monkeypatch):
    """Asking for Dask where it is not installed fails at once, naming the pip extra."""
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(SimulatorError, match="--dask needs Dask distributed"):
        Executor.from_options(2, "local")
    assert Executor.from_options(2, None).kind is ExecutorKind.POOL
    assert "[distributed]" in INSTALL_DASK


@pytest.mark.parametrize("address", ["nonsense", "tcp://host", "host:port", "tcp://a b:8786"])
def test_a_malformed_dask_address_is_bad_input(address):
    """--dask is an address with a port, or local; anything else names the option."""
    with pytest.raises(ScenarioError, match="--dask = .*tcp://HOST:8786, or local"):
        Executor.from_options(2, address)


@pytest.mark.parametrize("address", ["tcp://10.0.0.5:8786", "sched.lan:8786", "tcp://[::1]:8786"])
def test_well_formed_dask_addresses_are_kept(address):
    """Scheduler addresses pass through to Dask unchanged."""
    pytest.importorskip("distributed")
    assert Executor.from_options(2, address).address == address


def test_api_run_and_compare_on_dask_equal_the_process_pool(mm4, cluster):
    """api.run and api.compare with dask=ADDRESS give the pool's numbers."""
    base, alt = api.load(mm4("base")), api.load(mm4("alt", mean=0.34))
    address = cluster.scheduler_address
    assert api.run(base, reps=3, dask=address).summary() == api.run(base, reps=3, jobs=2).summary()
    on_dask = api.compare(base, [alt], reps=2, dask=address).rows()
    assert on_dask == api.compare(base, [alt], reps=2, jobs=2).rows()


def test_calibrate_and_sensitivity_on_dask_equal_this_process(mm4, write_scenario, cluster):
    """The many small experiments of calibrate and sensitivity give the same numbers on Dask."""
    document = read_document(mm4("fit"))
    targets = load_targets(write_scenario(TARGETS, "targets.toml"))
    parameter = parse_parameter("stations[0].service.mean=0.8:1.2", document, spread=0.5)
    dask = Executor.from_options(2, cluster.scheduler_address)
    options = {"reps": 2, "seed": 3, "max_evaluations": 4}
    here = calibrate(document, targets, [parameter], **options)
    there = calibrate(document, targets, [parameter], executor=dask, **options)
    assert [(e.values, e.objective) for e in there.evaluations] == [
        (e.values, e.objective) for e in here.evaluations
    ]
    moved = sensitivity(document, [parameter], reps=2, seed=3, executor=dask)
    assert moved.rows(["wait_mean.desk"]) == sensitivity(
        document, [parameter], reps=2, seed=3
    ).rows(["wait_mean.desk"])


def test_compare_on_dask_local_gives_the_same_bytes(mm4, tmp_path):
    """onestop compare --dask local writes the bytes the process pool writes."""
    pytest.importorskip("distributed")
    files = [mm4("a"), mm4("b", mean=0.34)]
    options = ["--reps", 2, "--jobs", 2, "--no-figures", "--quiet"]
    pool = onestop("compare", *files, "--out", tmp_path / "pool", *options)
    assert pool.returncode == 0, pool.stderr
    dask = onestop("compare", *files, "--out", tmp_path / "dask", *options, "--dask", "local")
    assert dask.returncode == 0, dask.stderr
    same_files(tmp_path / "pool", tmp_path / "dask", ["compare.csv", "compare.json"])
    for name in ("a", "b"):
        same_files(tmp_path / "pool" / name, tmp_path / "dask" / name, list(RUN_FILES))


def test_run_on_dask_local_gives_the_same_bytes(mm4, tmp_path):
    """onestop run --dask local writes the bytes the process pool writes."""
    pytest.importorskip("distributed")
    scenario = mm4("single")
    options = ["--reps", 3, "--jobs", 2, "--no-figures", "--quiet"]
    pool = onestop("run", scenario, "--out", tmp_path / "pool", *options)
    dask = onestop("run", scenario, "--out", tmp_path / "dask", *options, "--dask", "local")
    assert pool.returncode == 0 and dask.returncode == 0, pool.stderr + dask.stderr
    same_files(tmp_path / "pool", tmp_path / "dask", list(RUN_FILES))


def test_a_trace_on_a_remote_scheduler_is_refused(tmp_path):
    """Remote workers would write traces on their own disks: one line, exit 2, nothing run."""
    pytest.importorskip("distributed")
    baseline = ROOT / "scenarios" / "baseline_q1_2022.toml"
    out = tmp_path / "x"
    done = onestop("run", baseline, "--trace", "--dask", "tcp://127.0.0.1:9", "--out", out)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--dask local or no --dask" in done.stderr
    assert not out.exists()


def test_more_jobs_than_the_limit_is_bad_input():
    """--dask local --jobs 1000 would start a thousand workers: refused before any starts."""
    pytest.importorskip("distributed")
    with pytest.raises(ScenarioError, match=r"--jobs = 1000: must be at most \d+"):
        Executor.from_options(1000, "local")


def test_a_closed_scheduler_port_is_refused_in_one_line_at_once(mm4, tmp_path):
    """onestop run --dask at a closed port: exit 2, one line, in seconds rather than 30."""
    pytest.importorskip("distributed")
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
    started = time.monotonic()
    address = f"tcp://127.0.0.1:{port}"
    done = onestop("run", mm4("closed"), "--dask", address, "--out", tmp_path / "o")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "cannot connect" in done.stderr and time.monotonic() - started < 20
