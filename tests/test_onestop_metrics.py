"""The recorder: spans summed in chunks give the totals of one running sum."""

from datetime import date
from pathlib import Path

from simulator import api
from simulator.model import onestop_metrics
from simulator.model.onestop import OnestopModel
from simulator.streams import Streams

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline_q1_2022.toml"


def test_spans_summed_every_few_dossiers_give_the_same_metrics(monkeypatch):
    """Folding the kept spans into the totals every 7 dossiers changes no metric, not a bit."""
    week = api.load(BASELINE).with_values({"horizon.end": date(2022, 1, 14)}, name="week").value
    once = OnestopModel(week, Streams(1, 0)).run()
    monkeypatch.setattr(onestop_metrics, "SPANS_KEPT", 7)
    often = OnestopModel(week, Streams(1, 0)).run()
    assert once["cycle_time_mean_days"] > 0
    assert [repr(v) for v in often.values()] == [repr(v) for v in once.values()]
