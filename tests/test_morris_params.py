"""Choosing what a Morris screening moves: named key paths or every marked assumption."""

from pathlib import Path

import pytest

from simulator.execution.morris_params import ALL_ASSUMPTIONS, select_parameters
from simulator.values.document import get_key_path, read_document
from simulator.values.errors import ScenarioError

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny_onestop.toml"


@pytest.fixture(scope="module")
def tiny():
    return read_document(TINY)


def test_all_assumptions_takes_the_marked_numbers_and_says_what_it_skips(tiny):
    """Marked numbers become +/-50% ranges; lists, texts and lone shares are skipped with why."""
    chosen = select_parameters([ALL_ASSUMPTIONS], tiny, 0.5)
    ranges = {p.path: (p.low, p.high) for p in chosen.parameters}
    for path in ("closing.session_every_days", "sites.provincial.service.mean"):
        base = get_key_path(tiny.data, path)
        assert ranges[path] == pytest.approx((0.5 * base, 1.5 * base))
    assert "arrivals.expected_new" not in ranges  # sourced (DOMAIN.md), not assumed
    why = {s.path: s.why for s in chosen.skipped}
    assert why["arrivals.weekday_weights"] == "a list, not a number"
    assert "must sum to 1" in why["channels.postal"]  # one share alone breaks the sum
    file, line = chosen.marks["districts[3].distance_km"].rsplit(":", 1)
    marked_line = Path(file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert "distance_km" in marked_line and "ASSUMPTION" in marked_line  # its own comment
    file, line = chosen.marks["closing.session_every_days"].rsplit(":", 1)
    lines = Path(file).read_text(encoding="utf-8").splitlines()
    assert lines[int(line) - 1].startswith("session_every_days")
    assert "ASSUMPTION" in "\n".join(lines[int(line) - 3 : int(line) - 1])  # the block above


def test_whole_numbers_keep_at_least_one_and_two_values(tiny):
    """One commune counter varies over 1..2, not 0.5..1.5 (which would round to none)."""
    chosen = select_parameters([ALL_ASSUMPTIONS], tiny, 0.5)
    counter = {p.path: p for p in chosen.parameters}["sites.commune.counters.commune"]
    assert counter.integer and (counter.low, counter.high) == (1.0, 2.0)
    mean = {p.path: p for p in chosen.parameters}["sites.commune.service.mean"]
    assert not mean.integer  # mean = 10 in the file, but a distribution's mean is real


def test_a_named_range_replaces_the_marked_default(tiny):
    """KEY=LOW:HIGH after all-assumptions sets that parameter's range; a new key is added."""
    texts = [ALL_ASSUMPTIONS, "closing.session_every_days=0.1:0.2", "arrivals.expected_new"]
    chosen = {p.path: p for p in select_parameters(texts, tiny, 0.5).parameters}
    lag, new = chosen["closing.session_every_days"], chosen["arrivals.expected_new"]
    assert (lag.low, lag.high) == (0.1, 0.2)
    base = get_key_path(tiny.data, "arrivals.expected_new")
    assert (new.low, new.high) == (round(0.5 * base), round(1.5 * base))


def test_a_named_parameter_the_scenario_rejects_is_bad_input(tiny):
    """A named share whose end breaks a sum is a ScenarioError (exit 2), not a silent skip."""
    with pytest.raises(ScenarioError, match="must sum to 1"):
        select_parameters(["channels.postal"], tiny, 0.5)


def test_a_scenario_without_marks_has_nothing_to_screen(write_scenario):
    """all-assumptions on a file with no ASSUMPTION numbers says so (bad input)."""
    path = write_scenario(
        'kind = "network"\nname = "n"\n[run]\ncustomers = 100\n[arrivals]\nstation = "d"\n'
        'interarrival = { dist = "exponential", mean = 1.0 }\n'
        '[[stations]]\nname = "d"\nservers = 1\nservice = { dist = "exponential", mean = 0.5 }\n'
    )
    with pytest.raises(ScenarioError, match="marked ASSUMPTION"):
        select_parameters([ALL_ASSUMPTIONS], read_document(path), 0.5)


def test_the_baseline_screens_officers_and_work_and_skips_shares_and_zeros():
    """On the calibrated baseline each agency's officers and work are screened; shares skipped."""
    baseline = read_document(ROOT / "scenarios" / "baseline_q1_2022.toml")
    chosen = select_parameters([ALL_ASSUMPTIONS], baseline, 0.5)
    paths = {p.path for p in chosen.parameters}
    agencies = len(baseline.data["agencies"])
    why = {s.path: s.why for s in chosen.skipped}
    for i in range(agencies):
        assert f"agencies[{i}].work.mean" in paths
        # officers are screened, unless -50% would leave an instance without one (the commune
        # office: one officer per commune section), which the scenario itself rejects
        officers = f"agencies[{i}].officers"
        assert officers in paths or why[officers].startswith("the scenario rejects")
    shares = [path for path in why if path.startswith("groups[") and path.endswith(".share")]
    assert len(shares) == len(baseline.data["groups"])  # one share alone breaks their sum
    assert why["arrivals.carried_overdue_share"].startswith("zero")
