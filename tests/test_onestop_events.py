"""The event log: the steps of small stories, and agreement with the per-dossier trace."""

from __future__ import annotations

import csv
import math
from datetime import datetime
from pathlib import Path

import pyarrow.parquet as parquet  # pyarrow comes with streamlit, of the test extra
from stories import edited_scenario

from simulator.model.onestop import OnestopModel
from simulator.model.onestop_events import EVENT_COLUMNS, EVENT_FIELDS, Activity, attach
from simulator.output.storage import TraceFormat, TraceSink
from simulator.run import run_replication
from simulator.streams import Streams
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
NINE = 9 * 60.0  # 09:00 on Monday 10 January, the small scenario's first day
MS = 1.0 / 60_000  # one millisecond in minutes: the file's time resolution


def _story(scenario, dossiers):
    """Run the dossiers (at, group, channel, district); the event rows as dicts, in time order."""
    rows = []
    model = OnestopModel(scenario, Streams(1, 0))
    attach(model, rows.append)
    for dossier in dossiers:
        model.submit(*dossier)
    model.run()
    rows.sort(key=lambda row: row[2])
    return [dict(zip(EVENT_FIELDS, row, strict=True)) for row in rows]


def test_a_walk_in_leaves_every_step_in_order(write_scenario):
    """A walk-in at the centre (no scanning there): ticket, counter 1, agency, result, closed."""
    scenario = edited_scenario(write_scenario)
    rows = _story(scenario, [(NINE, "provincial_permit", "walkin", "kon_tum_city")])
    assert [row["activity"] for row in rows] == [
        "arrive",
        "take ticket",
        "called",
        "reception start",
        "reception end",
        "transferred",
        "stage start",
        "stage end",
        "paper result",
        "closed",
    ]
    counter = [row for row in rows if row["resource"] == "counters_provincial_centre.general"]
    assert {row["instance"] for row in counter if row["activity"] != "take ticket"} == {1}
    assert rows[4]["at"] - rows[3]["at"] == 10.0  # the deterministic service time
    assert {row["resource"] for row in rows if row["activity"].startswith("stage")} == {"dept"}


def test_two_counters_serve_two_citizens_at_once_and_then_the_third(write_scenario):
    """Three tickets at 09:00 with two counters: numbers 1 and 2, the third waits for 1."""
    scenario = edited_scenario(
        write_scenario, ("counters = { general = 1 }", "counters = { general = 2 }")
    )
    walkin = (NINE, "provincial_permit", "walkin", "kon_tum_city")
    rows = _story(scenario, [walkin, walkin, walkin])
    called = [
        (row["dossier"], row["instance"], row["at"]) for row in rows if row["activity"] == "called"
    ]
    assert called == [(0, 1, NINE), (1, 2, NINE), (2, 1, NINE + 10.0)]


def test_a_citizen_still_queueing_at_closing_is_sent_home_and_comes_back(write_scenario):
    """A ticket at 16:55 behind a 10-minute service: sent home at 17:00, a new ticket next day."""
    scenario = edited_scenario(write_scenario)
    late = (16 * 60.0 + 55, "provincial_permit", "walkin", "kon_tum_city")
    rows = _story(scenario, [late, late])
    second = [row["activity"] for row in rows if row["dossier"] == 1][:5]
    assert second == ["arrive", "take ticket", "sent home", "take ticket", "called"]
    tickets = [
        row["at"] for row in rows if row["dossier"] == 1 and row["activity"] == "take ticket"
    ]
    assert tickets[1] == 1440.0 + 7 * 60.0  # Tuesday's opening


def _baseline_week(write_scenario):
    text = f"""extends = "{BASELINE}"
kind = "onestop"
name = "one_week"
[horizon]
start = 2022-03-07
end = 2022-03-13
[arrivals]
expected_new = 6000
"""
    return load_scenario(write_scenario(text))


def _minutes(stamp: str, start: datetime) -> float:
    return (datetime.fromisoformat(stamp) - start).total_seconds() / 60.0


def test_the_event_log_and_the_trace_agree(write_scenario, tmp_path):
    """A week of the baseline: the same dossiers, and each trace time is an event's time."""
    scenario = _baseline_week(write_scenario)
    trace = TraceSink(tmp_path / "trace")
    events = TraceSink(tmp_path / "events", TraceFormat.CSV, stem="events")
    run_replication(scenario, 1, 0, trace=trace, events=events)
    with open(trace.path(0), encoding="utf-8") as stream:
        dossiers = {int(row["dossier"]): row for row in csv.DictReader(stream)}
    with open(events.path(0), encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        assert tuple(reader.fieldnames) == EVENT_COLUMNS
        rows = list(reader)
    start = datetime(2022, 3, 7)
    horizon = 7 * 1440.0
    steps: dict[int, dict[str, list[float]]] = {}
    for row in rows:
        at = _minutes(row["time:timestamp"], start)
        assert 0.0 <= at <= horizon + MS
        case = steps.setdefault(int(row["case:concept:name"]), {})
        case.setdefault(row["concept:name"], []).append(at)
    # the same dossiers: every dossier of the log is traced, every new one is logged (it
    # arrives in the week), and a carried-over one is logged when a trace time falls in the
    # week (checked below); carried-over dossiers idle all week have no event to log
    assert set(steps) <= set(dossiers)
    new = {seq for seq, row in dossiers.items() if row["carried_over"] == "false"}
    assert new and new <= set(steps)
    checked = {"arrived_at": 0, "received_at": 0, "paper_done_at": 0, "closed_at": 0}
    for seq, row in dossiers.items():
        case = steps.get(seq, {})
        for column, activity, first in (
            ("arrived_at", Activity.ARRIVE, True),
            ("received_at", Activity.RECEPTION_END, True),
            ("paper_done_at", Activity.PAPER_RESULT, False),
            ("closed_at", Activity.CLOSED, False),
        ):
            at = float(row[column]) if row[column] else math.nan
            times = case.get(activity.value, [])
            if math.isnan(at) or at > horizon:
                assert not times, (seq, column, times)
                continue
            assert times, (seq, column)
            assert abs((min(times) if first else times[-1]) - at) <= MS, (seq, column)
            checked[column] += 1
        assert ("gave up" in case) == (row["outcome"] == "gave_up")
    assert min(checked.values()) > 100  # every kind of time was compared, many times


def test_the_event_log_as_parquet_keeps_one_type_per_column(tmp_path):
    """--events parquet: counter numbers are integers with nulls where a step has none."""
    scenario = load_scenario(ROOT / "tests" / "data" / "tiny_onestop.toml")
    events = TraceSink(tmp_path / "events", TraceFormat.PARQUET, stem="events")
    run_replication(scenario, 1, 0, events=events)
    table = parquet.read_table(events.path(0))
    assert table.column_names == list(EVENT_COLUMNS)
    assert str(table.schema.field("resource_instance").type) == "int64"
    instances = table.column("resource_instance")
    assert 0 < instances.null_count < len(instances)
