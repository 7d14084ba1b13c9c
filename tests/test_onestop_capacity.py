"""Load-time capacity checks: a flow with nobody to serve it is an error naming the key."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from simulator.values.errors import Location, ScenarioError
from simulator.values.onestop_capacity import check_capacity
from simulator.values.onestop_values import Level, LocationIndependence, ReceptionPoint, Scope
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"


def _small(write_scenario, *edits: tuple[str, str]):
    text = SMALL.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return write_scenario(text)


WALKIN_NONE = ("walkin = 0.9\npostal = 0.05", "walkin = 0.0\npostal = 0.95")


def test_used_sector_without_counters_is_refused(write_scenario):
    """A sector whose groups have walk-ins needs a counter; the error names its key."""
    path = _small(
        write_scenario, ("counters = { general = 1 }", "counters = { general = 0, x = 1 }")
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.key == "sites.provincial.counters.general"
    assert caught.value.line().endswith("a sector with walk-in groups needs at least 1 counter")


def test_sector_without_walkins_may_have_no_counters(write_scenario):
    """With no walk-ins at all, an empty sector serves nobody and is accepted."""
    path = _small(
        write_scenario,
        ("counters = { general = 1 }", "counters = { general = 0, x = 1 }"),
        WALKIN_NONE,
    )
    assert load_scenario(path).sites[Level.PROVINCIAL].counters["general"] == 0


def test_digitised_postal_dossiers_need_section_counters(write_scenario):
    """Section digitisers are section_staff per counter: postal dossiers need counters too."""
    no_counters = (
        "counters = { section = 1 }",
        "counters = { section = 1 }\ncounters_by_district = { dak_glei = 0 }",
    )
    accepted = load_scenario(_small(write_scenario, no_counters, WALKIN_NONE))
    assert accepted.sites[Level.DISTRICT].counters_by_district == {"dak_glei": 0}
    digitise = (
        "counters_by_district = { dak_glei = 0 }",
        "counters_by_district = { dak_glei = 0 }\ndigitise = true",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_small(write_scenario, no_counters, WALKIN_NONE, digitise))
    assert caught.value.key == "sites.district.counters_by_district.dak_glei"
    assert "digitised postal dossiers" in caught.value.allowed


def test_location_independence_needs_a_district_site():
    """Walk-ins sent to their district section need [sites.district] with counters there."""
    values = load_scenario(SMALL)
    location = LocationIndependence(
        scope=Scope.ALL,
        uptake=0.5,
        pilot_share=1.0,
        transfer_delay_minutes=None,
        submit_at={ReceptionPoint.DISTRICT_SECTION: 1.0},
    )
    provincial_only = replace(
        values,
        groups=tuple(
            replace(g, share=1.0 if g.level is Level.PROVINCIAL else 0.0) for g in values.groups
        ),
        location_independence=location,
    )
    check_capacity(provincial_only, Location("f.toml"))  # the district section has a counter
    without = {k: v for k, v in values.sites.items() if k is not Level.DISTRICT}
    with pytest.raises(ScenarioError) as caught:
        check_capacity(replace(provincial_only, sites=without), Location("f.toml"))
    assert caught.value.key == "location_independence.scope"
    district = replace(values.sites[Level.DISTRICT], counters_by_district={"dak_glei": 0})
    closed = {**values.sites, Level.DISTRICT: district}
    with pytest.raises(ScenarioError) as caught:
        check_capacity(replace(provincial_only, sites=closed), Location("f.toml"))
    assert caught.value.key == "sites.district.counters_by_district.dak_glei"
    assert "location-independent" in caught.value.allowed


def test_dated_change_closing_a_used_pool_names_the_change(write_scenario):
    """A [[changes]] entry that sets a used sector to 0 counters fails at that change."""
    path = _small(
        write_scenario, ("counters = { general = 1 }", "counters = { general = 1, x = 1 }")
    )
    text = path.read_text() + (
        '\n[[changes]]\nfrom = 2022-01-17\nset = { "sites.provincial.counters.general" = 0 }\n'
    )
    path.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.key == 'changes[0].set."sites.provincial.counters.general"'
    assert "needs at least 1 counter" in caught.value.allowed
