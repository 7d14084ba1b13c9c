"""The conservation check: every replication's end states add up to what entered, or it fails."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import simpy

from simulator.model.conservation import ConservationError, check_balance
from simulator.model.network import _Network
from simulator.model.onestop import OnestopModel
from simulator.model.onestop_metrics import Outcome
from simulator.streams import Streams
from simulator.values.metrics_outcomes import HANDLED_PARTS
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
MM4 = ROOT / "scenarios" / "mm4.toml"
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"


def test_balance_names_the_replication_and_the_counts():
    """A mismatch raises an internal error naming the replication and every count."""
    with pytest.raises(ConservationError) as caught:
        check_balance("dossiers", "replication 3 (seed 7)", 10, {"resolved": 6, "pending": 3})
    line = str(caught.value)
    assert line.startswith("internal error: dossiers not conserved in replication 3 (seed 7)")
    assert "10 entered, 9 in end states (resolved 6, pending 3)" in line
    check_balance("dossiers", "replication 0", 9, {"resolved": 6, "pending": 3})


def test_a_dossier_counted_twice_stops_the_replication():
    """A model bug that gives one dossier two outcomes fails loudly at the end of the run."""
    model = OnestopModel(load_scenario(SMALL), Streams(1, 4))
    received = model._received

    def received_and_returned(dossier, at):  # the bug: returned, and processed anyway
        model.recorder.finish(dossier, Outcome.RETURNED, at)
        received(dossier, at)

    model._received = received_and_returned
    model.submit(8 * 60, "provincial_permit", "postal", "kon_tum_city")
    with pytest.raises(ConservationError, match=r"replication 4 \(seed 1\): 1 entered, 2 in"):
        model.run()


def test_the_baseline_conserves_its_dossiers_in_a_month():
    """A month of the calibrated baseline: the check passes and the published totals agree."""
    scenario = load_scenario(BASELINE)
    model = OnestopModel(replace(scenario, end=date(2022, 1, 31)), Streams(5, 0))
    metrics = model.run()
    assert metrics["handled"] == sum(metrics[name] for name in HANDLED_PARTS)
    assert model.recorder.entered == metrics["handled"] + metrics["walkins_gave_up"]


def test_a_customer_lost_by_the_network_stops_the_replication():
    """A network that forgets a queued customer fails the check at the end of the run."""
    env = simpy.Environment()
    network = _Network(env, load_scenario(MM4), Streams(2, 1))
    network.start()
    env.run(until=200.0)
    network.check_conservation()  # as run: everyone is accounted for
    busiest = max(network.nodes.values(), key=lambda node: len(node.queue))
    if not busiest.queue:
        busiest.busy -= 1  # nobody waits: lose one in service instead
    else:
        busiest.queue.pop()
    with pytest.raises(ConservationError, match="customers not conserved in replication 1"):
        network.metrics()
