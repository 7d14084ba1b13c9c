"""Backtests against synthetic truth: a known scenario's metrics as targets, recovered by a fit."""

import csv
import math
from pathlib import Path

import pytest

from simulator.cli.main import main
from simulator.execution.backtest import parse_truth, predict_values
from simulator.execution.experiment import run_experiment
from simulator.execution.fitting import candidate, parse_parameter
from simulator.values.document import read_document, with_overrides
from simulator.values.errors import ScenarioError
from simulator.values.scenario import validate_document
from simulator.values.targets import load_targets

DATA = Path(__file__).resolve().parent / "data"
PERIOD_A = DATA / "tiny_onestop.toml"  # the base: expected_new 3,000, returned_share 0.012
PERIOD_B = DATA / "tiny_onestop_b.toml"  # April, 3,600 new dossiers, 15% online

# The fitted parameters: path -> (true value, the range given to the fit, the metric that
# identifies it). The ranges hold the truth but neither end, start nor first simplex hits it.
# Change them here if the model's mechanisms change.
PARAMETERS = {
    "arrivals.expected_new": (3240, "2500:3900", "arrivals"),
    "processing.returned_share": (0.027, "0.004:0.06", "returned_or_withdrawn"),
}
METRICS = (
    "handled",
    "online",
    "returned_or_withdrawn",
    "resolved",
    "on_time_rate",
    "pending_within_deadline",
)
TRUTH_SEED, FIT_SEED = 1001, 1  # different seeds: the fit never sees the truth's noise
TRUTH_REPS, FIT_REPS, MAX_EVALS = 8, 5, 25
K = 4  # standard errors allowed, as in the engine's checks against theory
OPTIMISER_STEP = 1e-3  # Nelder-Mead's xatol, a share of each range


def truth_summary(scenario: Path, values: dict) -> dict:
    """The true scenario's replications on the truth's seed."""
    document = with_overrides(read_document(scenario), values, "synthetic truth")
    return run_experiment(validate_document(document), reps=TRUTH_REPS, seed=TRUTH_SEED).summary()


def tolerance(summary, factor: float) -> float:
    """factor x K standard errors of (truth's mean - simulated mean), two independent means."""
    return factor * K * summary.std * math.sqrt(1 / TRUTH_REPS + 1 / FIT_REPS)


def write_targets(path: Path, summary: dict, factor: float) -> Path:
    """The truth's means as a targets file, each tolerance from the replication noise."""
    lines = []
    for metric in METRICS:
        lines += [
            "[[targets]]",
            f"metric = {metric!r}",
            f"value = {summary[metric].mean!r}",
            'source = "synthetic truth"',
            f"absolute_tolerance = {tolerance(summary[metric], factor)!r}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def truth(tmp_path_factory):
    """The true scenarios' metrics as targets files for periods A and B."""
    folder = tmp_path_factory.mktemp("backtest")
    values = {path: value for path, (value, _, _) in PARAMETERS.items()}
    a = truth_summary(PERIOD_A, values)
    # B's volume is a known input of B: the truth of B keeps B's own expected_new
    b = truth_summary(PERIOD_B, {"processing.returned_share": values["processing.returned_share"]})
    # B's error adds the fitted parameters' error to the noise of its means, about as much
    # again for these volumes and replications: sqrt(2) times A's tolerance
    return {
        "a": a,
        "values": values,
        "targets_a": write_targets(folder / "a.toml", a, 1.0),
        "targets_b": write_targets(folder / "b.toml", b, math.sqrt(2)),
        "out": folder / "out",
    }


def run_backtest(truth: dict) -> Path:
    """``onestop backtest`` fitted on A's truth, predicting B, given the true values."""
    params = [f"{path}={bounds}" for path, (_, bounds, _) in PARAMETERS.items()]
    command = ["backtest", str(PERIOD_A), "--fit", str(truth["targets_a"]), "--params", *params]
    command += ["--predict", str(PERIOD_B), "--against", str(truth["targets_b"]), "--truth"]
    command += [f"{path}={value!r}" for path, value in truth["values"].items()]
    command += ["--reps", str(FIT_REPS), "--seed", str(FIT_SEED), "--jobs", "1"]
    command += ["--max-evals", str(MAX_EVALS), "--out", str(truth["out"]), "--quiet"]
    assert main(command) == 0
    return truth["out"]


def assert_recovered(rows: list[dict], a: dict) -> None:
    """Each fitted value lies within K standard errors of the truth (delta method).

    The standard error of a fitted value is that of (truth's mean - fit's mean) of the
    metric that identifies it, over that metric's change per unit of the parameter:
    both metrics are proportional to their parameter (arrivals to expected_new, returned
    dossiers to returned_share), so the change per unit is the truth's mean / true value.
    """
    for row in rows:
        true, bounds, metric = PARAMETERS[row["parameter"]]
        low, high = (float(x) for x in bounds.split(":"))
        slope = a[metric].mean / true
        allowed = tolerance(a[metric], 1.0) / slope + OPTIMISER_STEP * (high - low)
        assert float(row["true"]) == true
        assert abs(float(row["fitted"]) - true) <= allowed, (row, allowed)
        assert float(row["fitted_minus_true"]) == pytest.approx(float(row["fitted"]) - true)


@pytest.mark.slow
def test_a_backtest_recovers_synthetic_truth_and_predicts_period_b(truth):
    """Fit on A finds the true values; B, from its known inputs and the fit, is within tolerance.

    One test, not several: the backtest is the expensive part, and test workers do not share
    a fixture.
    """
    out = run_backtest(truth)
    carried = read_rows(out / "backtest.csv")
    assert_recovered(carried, truth["a"])
    # B's own volume stands; the fitted share of returned dossiers is carried to B
    applied = {row["parameter"]: row["applied_to_predict"] for row in carried}
    assert applied == {"arrivals.expected_new": "false", "processing.returned_share": "true"}
    validation = read_rows(out / "validation.csv")
    assert [row["target"] for row in validation] == list(METRICS)
    assert all(row["within_tolerance"] == "true" for row in validation), validation
    written = ["calibration/calibration.csv", "prediction/summary.json", "figures/validation.png"]
    assert all((out / name).stat().st_size > 0 for name in written)


def test_without_the_fit_b_misses_its_tolerance(truth):
    """The control: B run with the base's hand-set share of returns is outside tolerance."""
    scenario = candidate(read_document(PERIOD_B), {})
    summary = run_experiment(scenario, reps=FIT_REPS, seed=FIT_SEED).summary()
    target = {t.metric: t for t in load_targets(truth["targets_b"]).targets}
    missed = target["returned_or_withdrawn"]
    assert abs(summary[missed.metric].mean - missed.value) > missed.tolerance


def test_b_keeps_the_values_it_sets_itself():
    """A key B sets to its own value is B's known input; one it inherits takes the fit."""
    base, predict = read_document(PERIOD_A), read_document(PERIOD_B)
    params = [parse_parameter(f"{p}={r}", base, 0.5) for p, (_, r, _) in PARAMETERS.items()]
    assert predict_values(params, base, predict) == {
        "arrivals.expected_new": 3600,
        "processing.returned_share": None,
    }


def test_a_parameter_b_lacks_is_refused_before_any_run(write_scenario):
    """A fitted key missing from B's scenario names B's file and the key."""
    base = read_document(PERIOD_A)
    predict = read_document(write_scenario(SMALL_NETWORK, "b.toml"))
    params = [parse_parameter("processing.returned_share", base, 0.5)]
    with pytest.raises(ScenarioError, match=r"b\.toml: processing\.returned_share = None"):
        predict_values(params, base, predict)


def test_truth_must_name_a_fitted_parameter_and_a_number():
    """--truth KEY=VALUE: an unknown key or a non-number is refused with the option named."""
    params = [parse_parameter("processing.returned_share", read_document(PERIOD_A), 0.5)]
    assert parse_truth(["processing.returned_share=0.02"], params) == {
        "processing.returned_share": 0.02
    }
    with pytest.raises(ScenarioError, match="--truth: arrivals.expected_new"):
        parse_truth(["arrivals.expected_new=3000"], params)
    with pytest.raises(ScenarioError, match="KEY=NUMBER"):
        parse_truth(["processing.returned_share=lots"], params)
    with pytest.raises(ScenarioError, match="finite"):
        parse_truth(["processing.returned_share=nan"], params)


SMALL_NETWORK = """
kind = "network"
name = "desk"
[run]
customers = 100
[arrivals]
station = "desk"
interarrival = { dist = "exponential", mean = 1.0 }
[[stations]]
name = "desk"
servers = 1
service = { dist = "exponential", mean = 0.5 }
"""
