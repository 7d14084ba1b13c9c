"""onestop batch: resumable after kill -9, the same bytes on any executor, failures isolated."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from simulator.execution.batch import Precision, run_batch
from simulator.execution.batch_plan import (
    Entry,
    Plan,
    parse_sweep,
    plan_batch,
    set_value,
    variant_name,
)
from simulator.execution.executors import Executor
from simulator.output.batch_files import TaskFiles
from simulator.values.errors import ScenarioError

NETWORK = """
kind = "network"
name = "{name}"
[run]
customers = {customers}
warmup_customers = 200
[arrivals]
station = "desk"
interarrival = {{ dist = "exponential", mean = 0.5 }}
[[stations]]
name = "desk"
servers = {servers}
service = {{ dist = "gamma", mean = 1.2, cv = 0.7 }}
next = [{{ to = "desk", p = 0.1 }}]
"""

COMPARED = ("summary.json", "replications.csv")


def network(name: str, customers: int = 2000, servers: int = 3) -> str:
    return NETWORK.format(name=name, customers=customers, servers=servers)


def onestop(*args, **options) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "simulator", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, **options)


def assert_same_outputs(first: Path, second: Path, scenarios: list[str]) -> None:
    assert (first / "batch.csv").read_bytes() == (second / "batch.csv").read_bytes()
    assert (first / "batch.json").read_bytes() == (second / "batch.json").read_bytes()
    for name in scenarios:
        for file in COMPARED:
            assert (first / name / file).read_bytes() == (second / name / file).read_bytes()


def test_a_killed_batch_resumes_to_the_same_bytes(write_scenario, tmp_path):
    """kill -9 mid-batch, rerun the same command: only missing tasks run, files are identical."""
    files = [write_scenario(network(n, customers=20000), f"{n}.toml") for n in ("a", "b")]
    options = ["--reps", 12, "--seed", 7, "--no-figures", "--quiet"]
    killed, reference = tmp_path / "killed", tmp_path / "reference"
    command = [sys.executable, "-m", "simulator", "batch", *files, "--out", killed, *options]
    process = subprocess.Popen(list(map(str, command)), start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(killed.glob("*/replications/*.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the batch and its pool workers, without warning
    process.wait()
    assert not (killed / "batch.json").exists(), "the batch finished before it was killed"
    stored = len(list(killed.glob("*/replications/*.json")))
    resumed = onestop("batch", *files, "--out", killed, *options[:-1], "--jobs", 2)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{24 - stored} tasks run" in resumed.stdout
    done = onestop("batch", *files, "--out", reference, *options, "--jobs", 1)
    assert done.returncode == 0, done.stderr
    assert_same_outputs(killed, reference, ["a", "b"])
    assert not list(killed.rglob("*.tmp"))
    for path in killed.rglob("*.json"):
        json.loads(path.read_text())  # every file is whole


@pytest.fixture(scope="module")
def cluster():
    """A real Dask LocalCluster on 127.0.0.1, closed after the tests that use it."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        host="127.0.0.1",
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    ) as local:
        yield local


def test_dask_and_process_pool_give_the_same_bytes(write_scenario, tmp_path, cluster):
    """A batch on a Dask cluster writes the same files as on the process pool."""
    files = [write_scenario(network(n, servers=s), f"{n}.toml") for n, s in (("a", 3), ("b", 4))]
    options = ["--reps", 4, "--seed", 3, "--no-figures", "--quiet", "--set", "run.customers=1500"]
    pool = onestop("batch", *files, "--out", tmp_path / "pool", "--jobs", 2, *options)
    assert pool.returncode == 0, pool.stderr
    address = cluster.scheduler_address
    dask = onestop("batch", *files, "--out", tmp_path / "dask", "--dask", address, *options)
    assert dask.returncode == 0, dask.stderr
    names = ["a__run.customers=1500", "b__run.customers=1500"]
    assert_same_outputs(tmp_path / "pool", tmp_path / "dask", names)


def test_dask_local_starts_its_own_cluster(write_scenario, tmp_path):
    """--dask local runs the batch on a LocalCluster it starts and stops itself."""
    pytest.importorskip("distributed")
    small = write_scenario(network("small"), "small.toml")
    done = onestop("batch", small, "--out", tmp_path, "--reps", 2, "--dask", "local", "--jobs", 2)
    assert done.returncode == 0, done.stderr
    assert "Dask LocalCluster" in done.stdout
    assert json.loads((tmp_path / "small" / "summary.json").read_text())["replications"] == 2


def test_a_bad_file_is_reported_and_the_good_one_completes(write_scenario, tmp_path):
    """One bad scenario file: one line naming file and key, the other's results complete."""
    good = write_scenario(network("good"), "good.toml")
    bad = write_scenario(network("bad", servers=0), "bad.toml")
    done = onestop("batch", good, bad, "--out", tmp_path / "out", "--reps", 3, "--quiet")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.toml" in lines[0] and "stations[0].servers" in lines[0]
    out = tmp_path / "out"
    assert json.loads((out / "good" / "summary.json").read_text())["replications"] == 3
    assert (out / "good" / "figures" / "wait_mean.png").exists()
    assert (out / "figures" / "overview.png").exists()
    rows = (out / "batch.csv").read_text().splitlines()
    assert rows[0] == "scenario,metric,mean,std,ci95_low,ci95_high,n"
    assert {row.split(",")[0] for row in rows[1:]} == {"good"}
    failures = json.loads((out / "batch.json").read_text())["failures"]
    assert [f["source"] for f in failures] == [str(bad)]


def test_a_crashing_scenario_does_not_stop_the_others(write_scenario, tmp_path):
    """A scenario whose replications raise is a failure (not bad input); the other completes."""
    plan = plan_batch([write_scenario(network(n), f"{n}.toml") for n in ("ok", "broken")])
    ok, broken = plan.entries
    crashing = replace(broken, scenario=replace(broken.scenario, stations=()))
    result = run_batch(
        Plan(entries=(ok, crashing), failures=()),
        reps=3,
        seed=1,
        executor=Executor.from_options(2, None),  # the exception comes back from a worker
        store=TaskFiles(tmp_path),
    )
    assert [entry.name for entry, _ in result.experiments] == ["ok"]
    assert len(result.experiments[0][1].replications) == 3
    (failure,) = result.failures
    assert failure.name == "broken" and not failure.bad_input and "broken.toml" in failure.message


def test_set_expands_into_the_product_of_values(write_scenario, tmp_path):
    """Two --set options give every combination, named after and holding their values."""
    small = write_scenario(network("small"), "small.toml")
    sweeps = [parse_sweep("run.customers=1500,2500"), parse_sweep("stations[0].servers=3, 4")]
    plan = plan_batch([small], sweeps)
    assert not plan.failures
    found = {
        e.name: (e.scenario.run.customers, e.scenario.stations[0].servers) for e in plan.entries
    }
    assert found == {
        "small__run.customers=1500__stations_0_.servers=3": (1500, 3),
        "small__run.customers=1500__stations_0_.servers=4": (1500, 4),
        "small__run.customers=2500__stations_0_.servers=3": (2500, 3),
        "small__run.customers=2500__stations_0_.servers=4": (2500, 4),
    }
    assert all(entry.scenario.name == entry.name for entry in plan.entries)


def test_set_values_are_toml_when_they_parse_and_text_otherwise():
    """--set values: numbers and arrays are TOML, anything else is a string."""
    assert set_value("5000") == 5000 and set_value("0.5") == 0.5 and set_value("true") is True
    assert set_value("desk") == "desk" and set_value('"desk"') == "desk"
    assert parse_sweep("a.b=[1, 2],[3]").texts == ("[1, 2]", "[3]")
    assert variant_name("x", [("a/b", "c d")]) == "x__a_b=c_d"
    with pytest.raises(ScenarioError):
        parse_sweep("no-equals-sign")


def test_a_list_value_gives_a_short_unique_variant_name(write_scenario):
    """A long --set list is cut to 100 characters ending in a hash: it loads, and two lists
    differing only at the end get different folders."""
    weights = [round(0.1 * i, 1) for i in range(24)]
    names = [
        variant_name("tiny_onestop", [("arrivals.online_hour_weights", str([*weights, end]))])
        for end in (1, 2)
    ]
    assert all(len(name) == 100 and "~" in name for name in names) and names[0] != names[1]
    tiny = Path(__file__).resolve().parent / "data" / "tiny_onestop.toml"
    text = str(weights).replace(" ", "")
    plan = plan_batch([tiny], [parse_sweep(f"arrivals.online_hour_weights={text}")])
    assert plan.failures == () and len(plan.entries[0].name) <= 100


def test_a_bad_set_value_fails_only_its_variant(write_scenario):
    """A --set value the scenario rejects fails that variant, naming --set and the key."""
    small = write_scenario(network("small"), "small.toml")
    plan = plan_batch([small], [parse_sweep("stations[0].servers=0,2")])
    assert [e.name for e in plan.entries] == ["small__stations_0_.servers=2"]
    (failure,) = plan.failures
    assert failure.bad_input and failure.message.startswith("--set: stations[0].servers = 0")


def adaptive(entry: Entry, tmp_path: Path, precision: Precision):
    return run_batch(
        Plan(entries=(entry,), failures=()),
        reps=3,
        seed=5,
        executor=Executor.from_options(1, None),
        store=TaskFiles(tmp_path),
        precision=precision,
    )


def test_adaptive_replications_stop_at_the_precision(write_scenario, tmp_path):
    """--precision adds replications until the half-width is small enough, deterministically."""
    (entry,) = plan_batch([write_scenario(network("small"), "small.toml")]).entries
    precision = Precision(metric="utilisation.desk", target=1.0, relative=True, max_reps=60)
    result = adaptive(entry, tmp_path / "one", precision)
    summary = result.experiments[0][1].summary()["utilisation.desk"]
    assert 3 < summary.n < 60 and result.precision_reached(result.experiments[0][1])
    assert (summary.ci95_high - summary.ci95_low) / 2 <= 0.01 * summary.mean
    again = adaptive(entry, tmp_path / "two", precision)
    assert again.experiments[0][1].values("utilisation.desk") == result.experiments[0][1].values(
        "utilisation.desk"
    )


def test_adaptive_replications_respect_the_cap(write_scenario, tmp_path):
    """An unreachable precision stops at --max-reps and says it was not reached."""
    (entry,) = plan_batch([write_scenario(network("small"), "small.toml")]).entries
    precision = Precision(metric="wait_mean.desk", target=1e-6, relative=False, max_reps=8)
    result = adaptive(entry, tmp_path, precision)
    experiment = result.experiments[0][1]
    assert len(experiment.replications) == 8 and not result.precision_reached(experiment)


def test_a_changed_seed_starts_over_and_more_reps_reuse_the_stored(write_scenario, tmp_path):
    """Task files of another seed are discarded; raising --reps runs only the new replications."""
    plan = plan_batch([write_scenario(network("small"), "small.toml")])
    pool = Executor.from_options(1, None)

    def run(reps: int, seed: int):
        return run_batch(plan, reps=reps, seed=seed, executor=pool, store=TaskFiles(tmp_path))

    assert run(3, seed=1).executed == 3
    assert run(5, seed=1).executed == 2
    assert run(2, seed=2).executed == 2
    assert sorted(p.name for p in (tmp_path / "small" / "replications").iterdir()) == [
        "0.json",
        "1.json",
    ]


def test_without_dask_the_option_says_how_to_install_it(write_scenario, tmp_path):
    """--dask without Dask installed exits 1 with one line naming the pip extra."""
    small = write_scenario(network("small"), "small.toml")
    code = (
        "import sys; sys.modules['distributed'] = None; from simulator.cli.main import main; "
        f"sys.exit(main(['batch', {str(small)!r}, '--out', {str(tmp_path / 'out')!r}, "
        "'--dask', 'local']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "onestop: error: --dask needs Dask distributed: "
        "pip install 'onestop-simulator[distributed]'"
    ]
