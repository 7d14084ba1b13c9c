"""A Morris screening of the tiny one-stop scenario: what matters, CRN, budget, bad points."""

from pathlib import Path

import pytest

from simulator.execution import morris_run
from simulator.execution.fitting import Parameter
from simulator.execution.morris_params import select_parameters
from simulator.execution.morris_run import MorrisPlan, StopReason, screen
from simulator.values.document import read_document
from simulator.values.errors import ScenarioError, SimulatorError

TINY = Path(__file__).resolve().parent / "data" / "tiny_onestop.toml"
LAG, COMMUNE, NEW = (
    "closing.session_every_days",  # the report's own explanation of lateness
    "sites.commune.service.mean",  # minutes at a commune counter: far from any deadline
    "arrivals.expected_new",
)


@pytest.fixture(scope="module")
def tiny():
    return read_document(TINY)


def plan_of(document, names, trajectories=4, reps=1, seed=3):
    parameters = select_parameters(names, document, 0.5).parameters
    return MorrisPlan(
        parameters=parameters, trajectories=trajectories, levels=4, reps=reps, seed=seed
    )


@pytest.fixture(scope="module")
def screened(tiny):
    return screen(tiny, plan_of(tiny, [LAG, COMMUNE, NEW]))


def test_the_late_rate_depends_on_the_closing_lag_not_on_commune_counters(screened):
    """The closing-lag share outranks commune service time by more than both intervals."""
    late = {index.parameter: index for index in screened.of("late_rate")}
    lag, commune = late[LAG], late[COMMUNE]
    assert lag.rank == 1
    assert lag.mu_star - lag.mu_star_conf > commune.mu_star + commune.mu_star_conf


def test_the_provincial_counter_wait_moves_with_arrivals_only(screened):
    """Provincial waits follow the arrival volume; commune service draws leave them be (CRN)."""
    wait = {i.parameter: i for i in screened.of("counter_wait_mean_min.provincial_centre")}
    assert wait[NEW].rank == 1
    assert wait[NEW].mu_star - wait[NEW].mu_star_conf > wait[COMMUNE].mu_star


def test_a_screening_reports_every_point_and_the_catalogue_metrics(screened):
    """4 trajectories of 4 points are run and kept; the metrics are the catalogue's screened set."""
    assert screened.stopped_by is StopReason.COMPLETE and screened.trajectories_run == 4
    assert len(screened.values) == 16 and screened.design.shape == (16, 3)
    assert {"late_rate", "resolved_late", "pending_within_deadline"} <= set(screened.metrics())
    assert "handled" not in screened.metrics()  # an identity of the inputs tells nothing
    assert all(len(screened.of(m)) == 3 for m in screened.metrics())


class Clock:
    """A clock that advances one second each time it is read: a budget test without waiting."""

    def __init__(self):
        self.now = 0.0

    def monotonic(self):
        self.now += 1.0
        return self.now


def test_the_time_budget_stops_between_trajectories(tiny, monkeypatch):
    """Trajectories stop when the next would end after the budget; those done are analysed."""
    monkeypatch.setattr(morris_run, "time", Clock())
    # one second per trajectory: after the third, 3 s spent + 1 s for another > 3.5 s
    found = screen(tiny, plan_of(tiny, [LAG, COMMUNE], trajectories=6), max_seconds=3.5)
    assert found.stopped_by is StopReason.TIME and found.trajectories_run == 3
    assert len(found.values) == 9 and {i.parameter for i in found.of("late_rate")} == {LAG, COMMUNE}


def test_a_budget_for_fewer_than_two_trajectories_fails(tiny, monkeypatch):
    """One trajectory has no spread: the screening says how to give it more time."""
    monkeypatch.setattr(morris_run, "time", Clock())
    with pytest.raises(SimulatorError, match="--max-minutes"):
        screen(tiny, plan_of(tiny, [LAG], trajectories=3), max_seconds=1.5)


def test_a_point_the_scenario_rejects_is_bad_input(tiny):
    """A design point the scenario rejects fails before any run, naming the point and remedy."""
    shares = [
        Parameter(path="channels.walkin", low=0.80, high=0.95, base=0.89124, integer=False),
        Parameter(path="channels.online", low=0.0, high=0.15, base=0.07876, integer=False),
    ]
    plan = MorrisPlan(parameters=tuple(shares), trajectories=2, levels=4, reps=1, seed=1)
    with pytest.raises(ScenarioError, match="Morris point"):
        screen(tiny, plan)
