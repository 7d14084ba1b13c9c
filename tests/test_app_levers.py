"""Levers become the --set values of the command line; only moved levers are set."""

from pathlib import Path

from simulator.app.levers import LEVERS, set_texts
from simulator.values.document import read_document

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline_q1_2022.toml"


def test_every_lever_names_a_key_of_the_baseline_or_a_choice():
    """A lever the baseline lacks must be a choice with a default (the discipline)."""
    document = read_document(BASELINE)
    for lever in LEVERS:
        assert lever.current(document) is not None or lever.choices, lever.key


def test_an_agency_lever_points_at_its_agency():
    """[[agencies]] is a list: the lever's index must still hold the agency it names."""
    agencies = read_document(BASELINE).data["agencies"]
    for lever in (lever for lever in LEVERS if lever.agency):
        index = int(lever.key.split("[")[1].split("]")[0])
        assert agencies[index]["name"] == lever.agency, lever.key


def test_only_moved_levers_are_set_and_walk_ins_make_room_for_online():
    """Unmoved levers are left out; a higher online share takes its room from walk-ins."""
    document = read_document(BASELINE)
    unmoved = {lever.key: lever.current(document) for lever in LEVERS}
    unmoved["processing.discipline"] = "fifo"
    assert set_texts(unmoved, document) == []
    texts = set_texts({**unmoved, "channels.online": 0.3}, document)
    assert texts == ["channels.online=0.3", "channels.walkin=0.67"]
