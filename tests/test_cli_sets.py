"""--set KEY=VALUE on run, compare, project and validate: batch's syntax, one value a key."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.execution.batch_plan import load_with_sets, single_sets
from simulator.values.errors import ScenarioError

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny_onestop.toml"
KON_TUM_CITY = "sites.district.counters_by_district.kon_tum_city"

SMALL = """
kind = "network"
name = "small"
[run]
customers = 1500
warmup_customers = 100
[arrivals]
station = "desk"
interarrival = { dist = "exponential", mean = 0.5 }
[[stations]]
name = "desk"
servers = 3
service = { dist = "gamma", mean = 1.2, cv = 0.7 }
"""


def onestop(*args):
    command = [sys.executable, "-m", "simulator", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_a_set_value_reaches_the_scenario_and_names_it():
    """Six counters in Kon Tum city: the value is set and the variant has its own name."""
    scenario = load_with_sets(TINY, [f"{KON_TUM_CITY}=6"])
    assert scenario.name == f"tiny_onestop__{KON_TUM_CITY}=6"
    assert "6" in repr(scenario) and scenario.name != load_with_sets(TINY, []).name


def test_one_value_per_key_outside_batch():
    """A sweep (two values) is refused with a line that points to batch."""
    with pytest.raises(ScenarioError) as error:
        single_sets([f"{KON_TUM_CITY}=5,6"])
    assert "batch" in error.value.line() and KON_TUM_CITY in error.value.line()


def test_run_with_set_writes_the_changed_scenario(write_scenario, tmp_path):
    """run --set: the manifest's resolved scenario carries the new value."""
    small = write_scenario(SMALL, "small.toml")
    out = tmp_path / "out"
    done = onestop("run", small, "--set", "stations[0].servers=4", "--reps", 2, "--out", out)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["resolved_scenario"]["stations"][0]["servers"] == 4


def test_compare_with_set_alone_compares_the_base_with_its_change(write_scenario, tmp_path):
    """compare BASE --set K=V: the alternative is the base with the value; the difference shows."""
    small = write_scenario(SMALL, "small.toml")
    out = tmp_path / "cmp"
    done = onestop(
        "compare",
        small,
        "--set",
        "stations[0].servers=5",
        "--reps",
        2,
        "--out",
        out,
        "--no-figures",
    )
    assert done.returncode == 0, done.stderr
    compare = json.loads((out / "compare.json").read_text())
    assert "small__stations_0_.servers=5" in json.dumps(compare)


@pytest.mark.parametrize("verb", ["run", "compare", "project", "validate"])
def test_a_bad_set_exits_2_with_one_line(verb, tmp_path):
    """A key that cannot be set is one line naming --set or the file, and exit code 2."""
    extra = ["--targets", ROOT / "scenarios" / "targets_q1_2022.toml"] if verb == "validate" else []
    done = onestop(verb, TINY, "--set", "no-equals", *extra, "--out", tmp_path / "o")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--set" in lines[0] and "KEY.PATH" in lines[0]
