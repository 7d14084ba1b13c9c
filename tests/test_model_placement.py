"""Commune sections: each commune its own counter, reviewers and officer; exact agency totals.

Stories use tests/data/onestop_small.toml (two districts of two communes each, deterministic
times) with a commune office and a commune procedure added. Times are minutes from 00:00
of Monday 10 January 2022; the office opens 07:00-11:30 and 13:30-17:00.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from simulator.model.onestop import TRACE_COLUMNS, OnestopModel
from simulator.streams import Streams
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"
MONDAY = date(2022, 1, 10)
COMMUNE = """
[[agencies]]
name = "commune_office"
level = "commune"
officers = 4
work = { dist = "deterministic", value = 60 }

[[groups]]
name = "commune_certificate"
level = "commune"
sector = "justice"
share = 0.2
days = 1
stages = ["commune_office"]
lead_time = { dist = "deterministic", value = 0 }
"""


def _scenario(write_scenario):
    text = SMALL.read_text(encoding="utf-8").replace("share = 0.5\n", "share = 0.4\n", 2)
    return load_scenario(write_scenario(text + COMMUNE))


def _run(scenario, dossiers):
    """Run (at, group, channel, district, priority, commune) dossiers; the model and rows."""
    rows = []
    model = OnestopModel(scenario, Streams(1, 0), trace=rows.append)
    for dossier in dossiers:
        model.submit(*dossier)
    model.run()
    return model, [dict(zip(TRACE_COLUMNS, row, strict=True)) for row in sorted(rows)]


def test_a_commune_dossier_uses_its_own_communes_officer(write_scenario):
    """A walk-in of Đắk Glei's second commune is worked by that commune's officer only."""
    walkin = (8 * 60, "commune_certificate", "walkin", "dak_glei", False, 1)
    model, rows = _run(_scenario(write_scenario), [walkin])
    officers = [stage.resource for stage in model.resources.agencies["commune_office"]]
    # communes are numbered across the province: Kon Tum city's 0 and 1, Đắk Glei's 2 and 3
    assert [officer.jobs for officer in officers] == [0, 0, 0, 1]
    assert officers[3].name == "commune_office_dak_glei_1"
    assert rows[0]["site"] == "dak_glei_communes"


def test_two_communes_queues_do_not_mix(write_scenario):
    """Two walk-ins at one commune queue behind each other; a third at the next commune does not.

    Each commune has one 10-minute counter and one 60-minute officer: the second walk-in at
    commune 0 waits 10 minutes at the counter and its dossier an hour for the officer.
    """
    at = 8 * 60
    dossiers = [
        (at, "commune_certificate", "walkin", "dak_glei", False, 0),
        (at, "commune_certificate", "walkin", "dak_glei", False, 0),
        (at, "commune_certificate", "walkin", "dak_glei", False, 1),
    ]
    model, rows = _run(_scenario(write_scenario), dossiers)
    assert [row["counter_wait_min"] for row in rows] == [0.0, 10.0, 0.0]
    day = model.calendar.at(MONDAY, "00:00")
    done = [row["paper_done_at"] - day for row in rows]
    assert done == [
        pytest.approx(9 * 60 + 10),
        pytest.approx(10 * 60 + 10),
        pytest.approx(9 * 60 + 10),
    ]


def test_an_online_commune_dossier_is_reviewed_at_its_commune(write_scenario):
    """Online dossiers of two communes are reviewed at once (30 minutes each), not in one queue."""
    dossiers = [
        (8 * 60, "commune_certificate", "online", "dak_glei", False, 0),
        (8 * 60, "commune_certificate", "online", "dak_glei", False, 1),
    ]
    model, rows = _run(_scenario(write_scenario), dossiers)
    reviewers = model.resources.review_pools["dak_glei_communes"]
    assert [pool.jobs for pool in reviewers] == [1, 1]
    assert rows[0]["received_at"] == rows[1]["received_at"] == pytest.approx(8 * 60 + 30)


def test_baseline_agency_totals_are_the_scenarios():
    """Every agency's instances add up to exactly its officers; one per commune section."""
    scenario = load_scenario(BASELINE)
    model = OnestopModel(scenario, Streams(1, 0))
    for agency in scenario.agencies:
        instances = [stage.resource for stage in model.resources.agencies[agency.name]]
        assert sum(instance.servers for instance in instances) == agency.officers, agency.name
        assert min(instance.servers for instance in instances) >= 1
    communes = model.resources.agencies["commune_office"]
    assert len(communes) == sum(d.communes for d in scenario.districts) == 102


def test_commune_dossiers_spread_over_the_communes_of_their_district(write_scenario):
    """Without a given commune, dossiers are drawn to both communes of their district."""
    dossiers = [(8 * 60 + i, "commune_certificate", "postal", "dak_glei") for i in range(40)]
    model, _ = _run(_scenario(write_scenario), dossiers)
    jobs = [stage.resource.jobs for stage in model.resources.agencies["commune_office"]]
    assert jobs[:2] == [0, 0] and sum(jobs) == 40 and min(jobs[2:]) > 5
