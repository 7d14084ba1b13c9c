"""The answer scenario of `onestop staff`: dotted keys, quoted band keys, repeated lists."""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import SimpleNamespace

from simulator.execution.staffing import Stop
from simulator.output.staffing_files import staffed_scenario_text
from simulator.values.document import Document
from simulator.values.staffing import Lever


def _result(levers, staffing):
    return SimpleNamespace(
        levers=levers, staffing=staffing, evaluations=12, cost=9.0, stop=Stop.MET, final_passed=True
    )


def _document(tmp_path: Path, data: dict) -> Document:
    return Document(path=tmp_path / "scenarios" / "base.toml", data=data, origins={}, chain=())


def test_the_answer_sets_band_and_plain_keys_as_toml_reads_them(tmp_path):
    """A band key's clock part is quoted; the --set value and the counts are all set."""
    levers = (
        Lever(key="sites.provincial.schedule.transport.07:00-09:00", low=1, high=9),
        Lever(key="sites.provincial.counters.land", low=1, high=9),
    )
    document = _document(tmp_path, {"name": "base"})
    text = staffed_scenario_text(
        _result(levers, (6, 3)), document, [("run.reps_note", "2")], tmp_path / "out", ["staff"]
    )
    data = tomllib.loads(text)
    assert data["sites"]["provincial"]["schedule"]["transport"]["07:00-09:00"] == 6
    assert data["sites"]["provincial"]["counters"]["land"] == 3
    assert data["run"]["reps_note"] == 2
    assert data["extends"] == "../scenarios/base.toml" and data["name"] == "base_staffed"


def test_a_list_element_is_written_as_the_whole_list(tmp_path):
    """extends replaces lists whole, so stations[0].servers repeats the stations list."""
    stations = [{"name": "a", "servers": 4}, {"name": "b", "servers": 2}]
    document = _document(tmp_path, {"name": "base", "stations": stations})
    levers = (Lever(key="stations[0].servers", low=4, high=9),)
    text = staffed_scenario_text(_result(levers, (6,)), document, [], tmp_path, ["staff"])
    assert tomllib.loads(text)["stations"] == [
        {"name": "a", "servers": 6},
        {"name": "b", "servers": 2},
    ]
    assert stations[0]["servers"] == 4  # the document read is not changed
