"""The metric catalogue: one family for every metric either model emits, read by every output."""

from datetime import date
from pathlib import Path

import pytest

from simulator import api
from simulator.values.metrics import (
    CATALOGUE,
    MetricKind,
    Unit,
    console_metrics,
    families_matching,
    family,
    family_of,
    headline_metrics,
    label,
    label_with_unit,
    members,
    unit_of,
    unknown_metric,
)

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
BASELINE = SCENARIOS / "baseline_q1_2022.toml"


def _names(scenario, values):
    """The metric names one replication of ``scenario`` (with ``values`` set) emits."""
    chosen = api.load(scenario).with_values(values, name="short")
    return list(api.run(chosen, reps=1, seed=1).summary())


def _horizon(start, end):
    return {"horizon.start": start, "horizon.end": end, "arrivals.expected_new": 8000}


@pytest.fixture(scope="module")
def emitted():
    """Metric names of short runs: two weeks of the baseline, a horizon across two quarters
    (per-quarter metrics), a small M/M/4 network (with a wait limit) and two weeks of the
    two-tier scenario."""
    network = {"run.customers": 2000, "run.warmup_customers": 100, "stations[0].wait_limit": 0.5}
    return {
        "two_weeks": _names(BASELINE, _horizon(date(2022, 1, 3), date(2022, 1, 14))),
        "two_quarters": _names(BASELINE, _horizon(date(2022, 3, 21), date(2022, 4, 8))),
        "network": _names(SCENARIOS / "mm4.toml", network),
        # by-district metrics: only scenarios that declare their levels and sites report them
        "two_tier": _names(
            SCENARIOS / "two_tier_2025.toml", _horizon(date(2022, 1, 3), date(2022, 1, 14))
        ),
    }


@pytest.mark.parametrize("run", ["two_weeks", "two_quarters", "network", "two_tier"])
def test_every_emitted_metric_has_exactly_one_family(emitted, run):
    """No metric is missing from the catalogue, and none is claimed by two families."""
    names = emitted[run]
    assert names
    claimed = {name: [f.pattern for f in families_matching(name)] for name in names}
    assert {name: found for name, found in claimed.items() if len(found) != 1} == {}
    assert all(family_of(name) is not None for name in names)


def test_quarter_metrics_appear_only_when_the_horizon_spans_quarters(emitted):
    """The two-quarter run has late_rate.2022Q1 and .2022Q2; the two-week run has none."""
    assert {"late_rate.2022Q1", "late_rate.2022Q2"} <= set(emitted["two_quarters"])
    assert not [n for n in emitted["two_weeks"] if n.endswith("Q1")]


def test_every_family_is_emitted_by_some_run(emitted):
    """The catalogue has no row for a metric that no model writes any more."""
    seen = {family_of(name).pattern for names in emitted.values() for name in names}
    assert [f.pattern for f in CATALOGUE if f.pattern not in seen] == []


def test_families_have_labels_units_and_unique_patterns():
    """Every family has both labels, a one-sentence description, an Enum unit and kind."""
    patterns = [f.pattern for f in CATALOGUE]
    assert len(patterns) == len(set(patterns))
    for metric_family in CATALOGUE:
        assert metric_family.label_en and metric_family.label_vi, metric_family.pattern
        assert isinstance(metric_family.unit, Unit) and isinstance(metric_family.kind, MetricKind)
        assert metric_family.description.endswith("."), metric_family.pattern
        assert metric_family.models, metric_family.pattern


def test_vietnamese_labels_are_written_with_diacritics():
    """A Vietnamese label is not the English one, and carries Vietnamese letters."""
    for metric_family in CATALOGUE:
        assert metric_family.label_vi != metric_family.label_en
        assert not metric_family.label_vi.isascii(), metric_family.pattern


def test_a_label_names_the_site_of_a_per_site_metric():
    """The placeholder part is filled in, in either language; the unit follows on request."""
    name = "counter_wait_mean_min.provincial_centre"
    assert label(name) == "Mean counter wait — provincial_centre"
    assert label(name, "vi") == "Thời gian chờ trung bình tại quầy — provincial_centre"
    assert label_with_unit(name) == "Mean counter wait — provincial_centre (minutes)"
    assert label("late_rate_week.03", "vi") == "Tỷ lệ trễ hạn — tuần 03"
    assert label("not_a_metric") == "not_a_metric"


def test_units_come_from_the_family():
    """Per-site, per-quarter and network metrics get their family's unit; unknown names none."""
    assert unit_of("counter_wait_mean_min.dak_glei") is Unit.MINUTES
    assert unit_of("late_rate.2022Q3") is Unit.SHARE
    assert unit_of("cycle_time_mean_days") is Unit.WORKING_DAYS
    assert unit_of("wait_mean.desk") is Unit.TIME_UNITS
    assert unit_of("late_rate_week") is None


def test_a_station_is_not_taken_for_a_quarter():
    """arrivals.2022Q3 is the quarter's arrivals; arrivals.desk a network station's."""
    assert family_of("arrivals.2022Q3").pattern == "arrivals.<quarter>"
    assert family_of("arrivals.desk").pattern == "arrivals.<station>"
    assert family_of("counter_wait_mean_min.2022Q3").pattern == "counter_wait_mean_min.<quarter>"


def test_identities_are_the_inputs_restated():
    """handled, carried_over, online_share and arrivals restate inputs; late_rate does not."""
    for name in ("handled", "carried_over", "online_share", "arrivals", "arrivals.2023Q1"):
        assert family_of(name).identity, name
    assert not family_of("late_rate").identity and not family_of("resolved").identity


def test_headline_shows_the_provincial_centre_first_after_the_late_rate(emitted):
    """Eleven headline metrics of a baseline run, late rate first; no district sites or weeks."""
    chosen = headline_metrics(emitted["two_weeks"])
    assert chosen[:3] == [
        "late_rate",
        "counter_wait_mean_min.provincial_centre",
        "share_wait_over_30min.provincial_centre",
    ]
    assert len(chosen) == 11 and "digitisation_time_mean_min.vnpost_provincial_centre" in chosen
    assert {"pending_awaiting_review", "online_review_over_limit_share"} <= set(chosen)
    assert not [n for n in chosen if "dak_ha" in n or "week" in n]


def test_headline_of_a_network_is_its_waits(emitted):
    """A network's headline: mean time in system and every station's mean wait."""
    assert headline_metrics(emitted["network"]) == ["sojourn_mean", "wait_mean.desk"]
    assert headline_metrics(["x", "y"]) == ["x", "y"]  # nothing known: the first few


def test_console_table_keeps_flow_outcomes_waits_and_travel(emitted):
    """The console's short list: handled to cycle time, the provincial waits, the backlog
    (the online review backlog too), and travel."""
    shown = console_metrics(emitted["two_weeks"])
    assert shown[0] == "handled" and "late_rate" in shown and "visits_per_dossier" in shown
    assert "counter_wait_mean_min.provincial_centre" in shown and "pending_awaiting_review" in shown
    assert "counter_wait_mean_min.dak_ha" not in shown and len(shown) == 17


def test_members_of_a_family_are_found_by_placeholder():
    """Figures get a family's bars by site; other families and quarters are left out."""
    names = ["utilisation.desk", "counter_wait_mean_min.x", "counter_wait_mean_min.2022Q1"]
    names.append("counter_wait_mean_min")
    assert members(names, "counter_wait_mean_min.<site>") == {"x": "counter_wait_mean_min.x"}
    assert family("utilisation.<resource>").title() == "Utilisation by resource"
    with pytest.raises(KeyError):
        family("utilisation")


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("lat_rate", "did you mean 'late_rate'?"),
        ("counter_wait_mean.provincial_centre", "'counter_wait_mean_min.provincial_centre'"),
        ("completely_different", "not a metric; see `onestop metrics`"),
    ],
)
def test_an_unknown_name_gets_a_suggestion(name, hint):
    """A near miss is answered with the closest metric; anything else with the catalogue."""
    assert family_of(name) is None
    assert hint in unknown_metric(name)
