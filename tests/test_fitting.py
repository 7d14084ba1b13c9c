"""Calibration recovers known parameters; sensitivity moves one parameter at a time."""

import pytest

from simulator.analysis.stats import summarise
from simulator.analysis.theory import mmc_wait_mean
from simulator.execution.executors import Executor
from simulator.execution.fitting import calibrate, parse_parameter, sensitivity
from simulator.values.document import read_document
from simulator.values.errors import ScenarioError
from simulator.values.targets import load_targets

TRUE_SERVICE_MEAN = 0.7  # the parameter the fit must find
ARRIVAL_RATE = 1.0

MODEL = """
kind = "network"
name = "desk"
[run]
customers = 8000
warmup_customers = 500
[arrivals]
station = "desk"
interarrival = { dist = "exponential", mean = 1.0 }
[[stations]]
name = "desk"
servers = 1
service = { dist = "exponential", mean = 0.5 }
"""


@pytest.fixture
def known_truth(write_scenario):
    """Targets computed from theory at the true service mean: no simulation involved."""
    utilisation = ARRIVAL_RATE * TRUE_SERVICE_MEAN
    wait = mmc_wait_mean(ARRIVAL_RATE, TRUE_SERVICE_MEAN, 1)
    write_scenario(
        f"""
        [[targets]]
        metric = "utilisation.desk"
        value = {utilisation!r}
        source = "theory: rho = lambda x service mean"
        absolute_tolerance = 0.01
        [[targets]]
        metric = "wait_mean.desk"
        value = {wait!r}
        source = "theory: M/M/1 mean wait"
        relative_tolerance = 0.1
    """,
        "targets.toml",
    )
    model = write_scenario(MODEL, "model.toml")
    return read_document(model), load_targets(model.parent / "targets.toml")


def test_calibration_recovers_the_true_service_time(known_truth):
    """Fitting the service mean to theory's utilisation finds the true value within its CI."""
    document, targets = known_truth
    parameter = parse_parameter("stations[0].service.mean=0.4:1.0", document, spread=0.5)
    result = calibrate(document, targets, [parameter], reps=4, seed=3, max_evaluations=30)
    fitted = result.best.values[parameter.path]
    utilisation = result.best.summary["utilisation.desk"]
    # utilisation = lambda x mean, so the CI of the mean is the utilisation CI / lambda
    half_width = (utilisation.ci95_high - utilisation.ci95_low) / 2 / ARRIVAL_RATE
    assert abs(fitted - TRUE_SERVICE_MEAN) <= half_width + 2e-3  # + the optimiser's xatol
    assert utilisation.ci95_low <= targets.targets[0].value <= utilisation.ci95_high


def test_calibration_is_reproducible(known_truth):
    """The same seed and budget give the same evaluations and the same fit."""
    document, targets = known_truth
    parameter = parse_parameter("stations[0].service.mean=0.4:1.0", document, spread=0.5)
    runs = [
        calibrate(document, targets, [parameter], reps=2, seed=5, max_evaluations=6)
        for _ in range(2)
    ]
    assert [e.values for e in runs[0].evaluations] == [e.values for e in runs[1].evaluations]
    assert runs[0].best.objective == runs[1].best.objective
    assert runs[0].stopped_by == "evaluations"


def test_objective_is_zero_at_the_targets_and_grows_away(known_truth):
    """Each target contributes (error / tolerance)^2: one tolerance off costs its weight."""
    from simulator.analysis.calibrate import objective

    _, targets = known_truth
    exact = {t.metric: summarise([t.value, t.value]) for t in targets.targets}
    assert objective(exact, targets) == 0.0
    off = dict(exact)
    first = targets.targets[0]
    off[first.metric] = summarise([first.value + first.tolerance] * 2)
    assert objective(off, targets) == pytest.approx(first.weight)


def test_identity_targets_do_not_count_in_the_objective(known_truth):
    """An identity of the inputs far off adds nothing; the fit table still reports it."""
    from dataclasses import replace

    from simulator.analysis.calibrate import FIT_COLUMNS, fit_rows, objective

    _, targets = known_truth
    first, second = targets.targets
    marked = replace(targets, targets=(replace(first, identity=True), second))
    summary = {
        first.metric: summarise([first.value + 10 * first.tolerance] * 2),
        second.metric: summarise([second.value] * 2),
    }
    assert objective(summary, marked) == 0.0
    assert objective(summary, targets) == pytest.approx(100 * first.weight)
    rows = [dict(zip(FIT_COLUMNS, row, strict=True)) for row in fit_rows(summary, marked)]
    assert [(r["informative"], r["within_tolerance"]) for r in rows] == [
        (False, False),
        (True, True),
    ]


def test_a_target_the_model_lacks_is_named(known_truth, write_scenario):
    """A target metric the scenario does not produce is a clear input error."""
    document, _ = known_truth
    path = write_scenario(
        '[[targets]]\nmetric = "late_rate"\nvalue = 0.06\n'
        'source = "x"\nabsolute_tolerance = 0.01\n',
        "t2.toml",
    )
    parameter = parse_parameter("stations[0].service.mean", document, spread=0.2)
    with pytest.raises(ScenarioError, match=r"targets\[0\]\.metric = 'late_rate'"):
        calibrate(document, load_targets(path), [parameter], reps=2, seed=1, max_evaluations=2)


def test_parameters_must_name_numbers(known_truth):
    """--params naming a missing key or a text value is refused with the key path."""
    document, _ = known_truth
    with pytest.raises(ScenarioError, match="stations\\[0\\].nope"):
        parse_parameter("stations[0].nope", document, spread=0.2)
    with pytest.raises(ScenarioError, match="must name a number"):
        parse_parameter("stations[0].name", document, spread=0.2)
    with pytest.raises(ScenarioError, match="LOW < HIGH"):
        parse_parameter("stations[0].servers=3:1", document, spread=0.2)


def test_sensitivity_moves_each_parameter_both_ways(known_truth):
    """Slower service raises the wait and faster service lowers it, significantly."""
    document, _ = known_truth
    parameter = parse_parameter("stations[0].service.mean", document, spread=0.2)
    result = sensitivity(document, [parameter], reps=3, seed=2)
    rows = {(r[1], r[3]): r for r in result.rows(["wait_mean.desk"])}
    assert rows[("low", "wait_mean.desk")][5] < 0 < rows[("high", "wait_mean.desk")][5]
    assert [r.value for r in result.runs] == [pytest.approx(0.4), pytest.approx(0.6)]


def test_calibration_opens_the_executor_once(known_truth, monkeypatch):
    """The pool starts once for the whole search, not once per evaluation; progress ends full."""
    import simulator.execution.fitting as fitting

    document, targets = known_truth
    parameter = parse_parameter("stations[0].service.mean=0.4:1.0", document, spread=0.5)
    opened, calls = [], []
    real = fitting.open_executor
    monkeypatch.setattr(fitting, "open_executor", lambda *a, **k: opened.append(a) or real(*a, **k))
    result = calibrate(
        document,
        targets,
        [parameter],
        reps=2,
        seed=5,
        executor=Executor.pool(2),
        max_evaluations=4,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert len(result.evaluations) == 4 and len(opened) == 1
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_sensitivity_progress_counts_every_replication(known_truth):
    """Sensitivity reports (done, total) over the base's and each setting's replications."""
    document, _ = known_truth
    parameter = parse_parameter("stations[0].service.mean", document, spread=0.2)
    calls = []
    sensitivity(document, [parameter], reps=2, seed=2, progress=lambda *c: calls.append(c))
    assert calls[0] == (0, 6) and calls[-1] == (6, 6) and len(calls) == 7
