"""History matching runs: the truth's neighbourhood is kept, far points are ruled out.

The model is a two-station tandem whose utilisations identify the two service means.
The truth is simulated (seed 99, 6 replications) and its means become the targets;
the design runs on another seed. At 2,000 customers one replication's utilisation
has an sd of about 0.02-0.025, so a point 0.01 from the truth sits about half an sd
away (implausibility well under 3), and one 0.3 away sits over ten sd away.
"""

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from simulator.execution.experiment import run_experiment
from simulator.execution.fitting import parse_parameter
from simulator.execution.history_matching import Method, Stop, history_match, run_points
from simulator.values.document import read_document
from simulator.values.scenario import load_scenario
from simulator.values.targets import load_targets

TRUTH = (0.6, 0.5)  # service means of desk and back
RANGES = ("stations[0].service.mean=0.3:0.9", "stations[1].service.mean=0.2:0.8")

MODEL = """
kind = "network"
name = "tandem"
[run]
customers = 2000
warmup_customers = 200
[arrivals]
station = "desk"
interarrival = { dist = "exponential", mean = 1.0 }
[[stations]]
name = "desk"
servers = 1
service = { dist = "exponential", mean = 0.6 }
next = "back"
[[stations]]
name = "back"
servers = 1
service = { dist = "exponential", mean = 0.5 }
"""


@pytest.fixture
def problem(write_scenario):
    """The model at the truth, targets from its simulated means, and the two parameters."""
    model = write_scenario(MODEL, "tandem.toml")
    truth = run_experiment(load_scenario(model), reps=6, seed=99).summary()
    blocks = [
        f'[[targets]]\nmetric = "utilisation.{s}"\nvalue = {truth[f"utilisation.{s}"].mean!r}\n'
        'source = "simulated truth"\nabsolute_tolerance = 0.02\n'
        for s in ("desk", "back")
    ]
    blocks.append(
        '[[targets]]\nmetric = "served"\nvalue = 1.0\nsource = "an input"\n'
        "absolute_tolerance = 0.5\nidentity = true\n"
    )
    targets = write_scenario("\n".join(blocks), "targets.toml")
    document = read_document(model)
    parameters = [parse_parameter(text, document, spread=0.5) for text in RANGES]
    return document, load_targets(targets), parameters, model, targets


def _unit(parameters, values):
    return [p.position(v) for p, v in zip(parameters, values, strict=True)]


def test_the_truths_neighbourhood_is_accepted_and_a_far_point_ruled_out(problem):
    """Points within 0.01 of the true service means pass; (0.9, 0.2) does not."""
    document, targets, parameters, *_ = problem
    steps = [(a, b) for a in (-0.01, 0.01) for b in (-0.01, 0.01)]
    near = [_unit(parameters, (TRUTH[0] + a, TRUTH[1] + b)) for a, b in steps]
    far = _unit(parameters, (0.9, 0.2))
    points = run_points(document, targets, parameters, np.array([*near, far]), reps=4, seed=1)
    assert [p.judgement.accepted for p in points] == [True] * 4 + [False]
    assert points[-1].judgement.largest > 10
    # the identity target (served, set by the input customers) is reported, never judged
    assert set(points[0].judgement.implausibility) == {"utilisation.desk", "utilisation.back"}


def test_waves_refocus_and_keep_points_near_the_truth(problem):
    """Wave 2 samples inside the padded box of wave 1's accepted points; all kept are near."""
    document, targets, parameters, *_ = problem
    match = history_match(document, targets, parameters, design=12, waves=2, reps=3, seed=2)
    assert match.stopped_by is Stop.FINISHED and len(match.points) == 24
    first = np.array([p.unit for p in match.points if p.wave == 1 and p.judgement.accepted])
    second = np.array([p.unit for p in match.points if p.wave == 2])
    assert first.size and second.size
    assert (second >= first.min(axis=0) - 1 / 12 - 1e-12).all()
    assert (second <= first.max(axis=0) + 1 / 12 + 1e-12).all()
    # the accepted region is about +/-3 sd (0.07-0.1 in service mean); 0.2 is a wide margin
    for point in match.accepted:
        assert np.allclose(list(point.values.values()), TRUTH, atol=0.2)


def test_the_time_budget_stops_between_points(problem):
    """A budget already spent runs no point and says it stopped for time."""
    document, targets, parameters, *_ = problem
    match = history_match(document, targets, parameters, design=4, reps=2, seed=1, max_seconds=-1.0)
    assert match.stopped_by is Stop.TIME and match.points == ()


def test_cli_methods_match_the_enum():
    """The --method choices the CLI spells out are exactly the Method values."""
    from simulator.cli.history import METHODS

    assert tuple(m.value for m in Method) == METHODS


def onestop(*args):
    command = [sys.executable, "-m", "simulator", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_calibrate_history_writes_the_posterior_and_the_pairs(problem, tmp_path):
    """`calibrate --method history` writes the posterior CSV/JSON, the fit and the figure."""
    *_, model, targets = problem
    out = tmp_path / "hm"
    common = ["--targets", targets, "--params", *RANGES, "--reps", 2, "--jobs", 1]
    done = onestop("calibrate", model, *common, "--method", "history", "--design", 6, "--out", out)
    assert done.returncode == 0, done.stderr
    with open(out / "calibration_posterior.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6 and {r["accepted"] for r in rows} <= {"true", "false"}
    assert list(rows[0])[2:4] == ["stations[0].service.mean", "stations[1].service.mean"]
    summary = json.loads((out / "calibration_posterior.json").read_text())
    assert summary["identities"] == ["served"] and summary["cutoff"] == 3.0
    fit = list(csv.DictReader((out / "calibration.csv").read_text().splitlines()))
    assert [r["informative"] for r in fit] == ["true", "true", "false"]
    assert (out / "figures" / "calibration_pairs.png").stat().st_size > 1000


def test_calibrate_history_refuses_one_replication(problem, tmp_path):
    """Implausibility needs a replication variance: --reps 1 exits 2 with one line."""
    *_, model, targets = problem
    done = onestop(
        "calibrate", model, "--targets", targets, "--params", RANGES[0],
        "--method", "history", "--reps", 1, "--out", tmp_path / "x",
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "--reps" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x").exists()
