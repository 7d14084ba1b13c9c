"""What the web page runs: the --set path, the cached base, downloads that load as they are."""

from dataclasses import replace
from pathlib import Path

import pytest

from simulator.app import workbench
from simulator.values.errors import ScenarioError
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny_onestop.toml"
SIX = "sites.district.counters_by_district.kon_tum_city=6"


def test_the_downloaded_scenario_loads_and_is_the_one_that_ran(tmp_path):
    """The TOML download is self-contained: `onestop check` loads it, with the lever's value."""
    handle = workbench.scenario_with(TINY, [SIX])
    path = tmp_path / "download.toml"
    path.write_text(workbench.scenario_toml(handle), encoding="utf-8")
    loaded = load_scenario(path)
    where = {"source": None, "chain": None}  # the file it was read from differs, nothing else
    assert replace(loaded, **where) == replace(handle.value, **where)
    assert loaded.sites == handle.value.sites and loaded.name.endswith("kon_tum_city=6")


def test_the_base_runs_once_for_the_same_scenario_reps_and_seed(monkeypatch):
    """A second what-if on the same base reuses its replications (common random numbers)."""
    monkeypatch.setattr(workbench, "BASE_RUNS", {})
    base = workbench.scenario_with(TINY, [])
    first = workbench.run_whatif(base, workbench.scenario_with(TINY, [SIX]), 2, 3)
    staff = workbench.scenario_with(TINY, ["digitisation.staff=9"])
    again = workbench.run_whatif(base, staff, 2, 3)
    assert again.base is first.base and len(workbench.BASE_RUNS) == 1
    assert again.alternatives[0].scenario.name != first.alternatives[0].scenario.name


def test_an_uploaded_file_is_checked_with_its_own_name_in_the_error():
    """A bad upload is the command line's one line, naming the uploaded file."""
    with pytest.raises(ScenarioError) as error:
        workbench.uploaded_scenario("mine.toml", b'extends = "baseline_q1_2022.toml"\nname = 3\n')
    assert error.value.line().startswith("mine.toml: name = 3:")
    good = b'extends = "baseline_q1_2022.toml"\nname = "mine"\n'
    assert workbench.uploaded_scenario("mine.toml", good).name == "mine"
    assert not list(workbench.SCENARIOS.glob(".upload-*"))


def test_a_projection_draws_the_three_fans():
    """Late rate, backlog and counter wait by quarter, one fan chart each."""
    fans = workbench.projection_fans(TINY, quarters=1, reps=2, seed=1)
    assert [metric for metric, _ in fans] == list(workbench.PROJECTED)
    assert all(data.startswith(b"\x89PNG") for _, data in fans)
