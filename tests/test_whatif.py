"""What-if mechanisms of the Kon Tum model: deterministic stories, then the shipped scenarios.

Stories use tests/data/onestop_small.toml (deterministic times; Kon Tum city at 0 km
and Đắk Glei at 120 km, i.e. 3 hours at 40 km/h, plus a 0.5-hour trip to the district
town) and add dossiers with ``OnestopModel.submit``. Times are minutes from 00:00 of
Monday 10 January 2022; the office opens 07:00-11:30 and 13:30-17:00.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from stories import edited_scenario, run_dossiers

from simulator.execution.compare import run_comparison
from simulator.execution.executors import Executor
from simulator.model.onestop import OnestopModel
from simulator.output.report import changed_parameters
from simulator.output.whatif_table import read_list
from simulator.streams import Streams
from simulator.values.calendar import WorkingCalendar
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
SCENARIOS = ROOT / "scenarios"
MONDAY = date(2022, 1, 10)
LOCATION = """
[location_independence]
scope = "{scope}"
uptake = 1.0
pilot_share = 1.0
transfer_delay = {{ dist = "deterministic", value = 4 }}
"""


_scenario, _run = edited_scenario, run_dossiers


def _t(calendar: WorkingCalendar, day: date, clock: str) -> float:
    return calendar.at(day, clock)


def test_far_walkin_submits_at_its_district_section_and_travels_less(write_scenario):
    """Scope "all": a Đắk Glei walk-in queues at the district, is sent on 4 h later, travels 2 h."""
    scenario = _scenario(write_scenario, extra=LOCATION.format(scope="all"))
    walkin = (8 * 60, "provincial_permit", "walkin", "dak_glei")
    metrics, rows, calendar = _run(scenario, [walkin])
    row = rows[0]
    assert row["site"] == "dak_glei"
    assert row["received_at"] == pytest.approx(_t(calendar, MONDAY, "08:10"))
    # 08:10 + 4 working hours = 14:10 at the department; 60 min work, one day's lead time
    assert row["paper_done_at"] == pytest.approx(_t(calendar, date(2022, 1, 11), "15:10"))
    # two round trips (submit, pick up) of 0.5 h each way to the district town
    assert metrics["travel_hours_total"] == pytest.approx(2.0)
    assert metrics["utilisation.counters_dak_glei"] > 0


def test_without_location_independence_the_walkin_travels_to_kon_tum_city(write_scenario):
    """The baseline rule: the same walk-in goes to the provincial centre, 3.5 h each way, twice."""
    metrics, rows, _ = _run(
        _scenario(write_scenario), [(8 * 60, "provincial_permit", "walkin", "dak_glei")]
    )
    assert rows[0]["site"] == "provincial_centre"
    assert metrics["travel_hours_total"] == pytest.approx(14.0)
    assert metrics["travel_hours_total.dak_glei"] == pytest.approx(14.0)
    assert metrics["visits_per_dossier"] == pytest.approx(2.0)


def test_city_walkins_and_non_pilot_groups_stay_at_the_provincial_centre(write_scenario):
    """Scope "pilot" moves only pilot groups; a Kon Tum city walk-in never moves."""
    pilot = _scenario(
        write_scenario,
        ('stages = ["dept"]\n', 'stages = ["dept"]\npilot = true\n'),
        extra=LOCATION.format(scope="pilot"),
    )
    not_pilot = _scenario(write_scenario, extra=LOCATION.format(scope="pilot"))
    dossiers = [
        (8 * 60, "provincial_permit", "walkin", "dak_glei"),
        (8 * 60, "provincial_permit", "walkin", "kon_tum_city"),
    ]
    _, rows, _ = _run(pilot, dossiers)
    assert [r["site"] for r in rows] == ["dak_glei", "provincial_centre"]
    _, rows, _ = _run(not_pilot, dossiers)
    assert [r["site"] for r in rows] == ["provincial_centre", "provincial_centre"]


def test_scope_none_changes_nothing(write_scenario):
    """An explicit scope "none" gives the same metrics as no table at all."""
    dossiers = [(8 * 60, "provincial_permit", "walkin", "dak_glei")]
    none, _, _ = _run(_scenario(write_scenario, extra=LOCATION.format(scope="none")), dossiers)
    base, _, _ = _run(_scenario(write_scenario), dossiers)
    np.testing.assert_equal(none, base)


def test_supplements_are_visits(write_scenario):
    """A walk-in asked once for supplements visits three times: submit, supplement, pick up."""
    scenario = _scenario(write_scenario, ("supplement_share = 0.0", "supplement_share = 1.0"))
    metrics, rows, _ = _run(scenario, [(8 * 60, "cross_level", "walkin", "dak_glei")])
    assert rows[0]["supplements"] >= 1
    assert metrics["visits_per_dossier"] == pytest.approx(2 + rows[0]["supplements"])


def _digitised(write_scenario, electronic: bool):
    section = "[sites.district]\ncounters = { section = 1 }\n"
    flags = f"digitise = true\nelectronic_transfer = {str(electronic).lower()}\n"
    return _scenario(write_scenario, (section, section + flags))


def test_electronic_transfer_skips_the_cut_off_wait(write_scenario):
    """A postal district dossier received at 16:00 reaches the office at once if electronic."""
    dossiers = [(16 * 60, "cross_level", "postal", "dak_glei")]
    _, paper, calendar = _run(_digitised(write_scenario, False), dossiers)
    _, electronic, _ = _run(_digitised(write_scenario, True), dossiers)
    # paper: digitised 16:05, sent next morning, office 07:00-08:00, lead 1 day -> Wed 08:00
    # electronic: office 16:05-17:00 + 07:00-07:05, lead 1 day -> Wed 07:05
    assert paper[0]["paper_done_at"] > electronic[0]["paper_done_at"]
    assert paper[0]["paper_done_at"] - electronic[0]["paper_done_at"] == pytest.approx(55.0)


def test_electronic_transfer_needs_digitisation(write_scenario):
    """electronic_transfer without digitise is refused, naming the key."""
    from simulator.values.errors import ScenarioError

    section = "[sites.district]\ncounters = { section = 1 }\n"
    with pytest.raises(ScenarioError, match="electronic_transfer"):
        _scenario(write_scenario, (section, section + "electronic_transfer = true\n"))


def test_processing_discipline_overrides_every_agency(write_scenario):
    """[processing] discipline = "edf": the department serves the earlier deadline first."""
    closing = 'closing_lag = { dist = "deterministic", value = 1 }\n'
    runs = {}
    for discipline in ("fifo", "edf"):
        scenario = _scenario(write_scenario, (closing, closing + f'discipline = "{discipline}"\n'))
        tue = 1440.0
        dossiers = [
            (8 * 60, "cross_level", "postal", "dak_glei"),  # reaches the department Tue 11:00
            (tue + 10 * 60 + 30, "provincial_permit", "postal", "dak_glei"),
            (tue + 11 * 60 + 10, "provincial_permit", "postal", "dak_glei"),
        ]
        _, rows, _ = _run(scenario, dossiers)
        runs[discipline] = rows[0]["paper_done_at"], rows[2]["paper_done_at"]
    assert runs["fifo"][0] < runs["fifo"][1]
    assert runs["edf"][1] < runs["edf"][0]


POST_OFFICES = """
submit_at = {{ district_section = {district}, post_office = {post} }}
[location_independence.post_offices]
offices = {{ dak_glei = 2 }}
counters = 1
service = {{ dist = "deterministic", value = 10 }}
trip_hours = 0.25
"""


def _post_office(write_scenario, district: float = 0.0, post: float = 1.0, extra: str = ""):
    location = LOCATION.format(scope="all") + extra
    return _scenario(
        write_scenario, extra=location + POST_OFFICES.format(district=district, post=post)
    )


def test_a_post_office_submission_queues_there_and_reaches_the_agency_after_the_transfer(
    write_scenario,
):
    """Two Đắk Glei walk-ins of one commune at its post office: one VNPost counter, a queue.

    Received 08:10 and 08:20, digitised there (5 minutes), sent on by VNPost 4 working hours
    later (12:15 -> 14:15 and 14:25 over the lunch break), an hour's work at the department
    (the second waits for the first), then one day's lead time.
    """
    walkin = (8 * 60, "provincial_permit", "walkin", "dak_glei", False, 0)
    metrics, rows, calendar = _run(_post_office(write_scenario), [walkin, walkin])
    assert [row["site"] for row in rows] == ["post_offices", "post_offices"]
    assert [row["counter_wait_min"] for row in rows] == [0.0, 10.0]
    assert rows[1]["received_at"] == pytest.approx(_t(calendar, MONDAY, "08:20"))
    tuesday = date(2022, 1, 11)
    assert rows[0]["paper_done_at"] == pytest.approx(_t(calendar, tuesday, "15:15"))
    assert rows[1]["paper_done_at"] == pytest.approx(_t(calendar, tuesday, "16:15"))
    # two round trips (submit, pick up) of 0.25 h each way to the post office, each
    assert metrics["travel_hours_total"] == pytest.approx(2.0)
    assert metrics["utilisation.vnpost_post_offices"] > 0


def test_communes_of_a_district_spread_over_its_post_offices(write_scenario):
    """Đắk Glei's two communes, two post offices: walk-ins of each commune do not queue together."""
    dossiers = [(8 * 60, "provincial_permit", "walkin", "dak_glei", False, c) for c in (0, 1)]
    _, rows, _ = _run(_post_office(write_scenario), dossiers)
    assert [row["counter_wait_min"] for row in rows] == [0.0, 0.0]


def test_moving_counters_opens_them_at_the_district_section(write_scenario):
    """moved_counters = { dak_glei = 1 }: the centre keeps 1 of 2 counters, Đắk Glei has 2.

    Two Đắk Glei walk-ins at the section at 08:00 are then served at once.
    """
    two = ("counters = { general = 1 }", "counters = { general = 2 }")
    moved = "moved_counters = { dak_glei = 1 }\n"
    dossiers = [(8 * 60, "provincial_permit", "walkin", "dak_glei")] * 2
    waits = {}
    for name, extra in (("kept", ""), ("moved", moved)):
        scenario = _scenario(write_scenario, two, extra=LOCATION.format(scope="all") + extra)
        model = OnestopModel(scenario, Streams(1, 0))
        pools = model.resources.counter_pools
        counts = [pools["provincial_centre"][0].servers, pools["dak_glei"][0].servers]
        assert counts == ([2, 1] if name == "kept" else [1, 2])
        _, rows, _ = _run(scenario, dossiers)
        waits[name] = [row["counter_wait_min"] for row in rows]
    assert waits == {"kept": [0.0, 10.0], "moved": [0.0, 0.0]}


def test_a_number_of_moved_counters_goes_to_the_districts_away_from_the_city(write_scenario):
    """moved_counters = 1: split by population over districts away from Kon Tum city."""
    two = ("counters = { general = 1 }", "counters = { general = 2 }")
    extra = LOCATION.format(scope="all") + "moved_counters = 1\n"
    model = OnestopModel(_scenario(write_scenario, two, extra=extra), Streams(1, 0))
    pools = model.resources.counter_pools
    assert [pools[site][0].servers for site in ("kon_tum_city", "dak_glei")] == [1, 2]


def test_a_pilot_district_procedure_is_submitted_in_kon_tum_city_by_a_citizen_away(
    write_scenario,
):
    """Pilot district group, citizen away: submitted at the centre, sent on to Đắk Glei.

    The walk-in travels as a Kon Tum city resident (0.5 h each way, twice) instead of the
    district section's, and the dossier reaches the district office 4 working hours later.
    """
    pilot = (
        'stages = ["district_office", "dept"]\n',
        'stages = ["district_office", "dept"]\npilot = true\n',
    )
    away = "away_share = 1.0\ndistrict_pilot_share = 1.0\n"
    scenario = _scenario(write_scenario, pilot, extra=LOCATION.format(scope="pilot") + away)
    walkin = [(8 * 60, "cross_level", "walkin", "dak_glei")]
    metrics, rows, calendar = _run(scenario, walkin)
    assert rows[0]["site"] == "provincial_centre"
    assert metrics["travel_hours_total"] == pytest.approx(2.0)
    _, home, _ = _run(_scenario(write_scenario, pilot), walkin)
    assert home[0]["site"] == "dak_glei"
    # received 08:10 either way; the district office starts 4 working hours later
    assert rows[0]["received_at"] == home[0]["received_at"]
    later = calendar.working_minutes_between(home[0]["paper_done_at"], rows[0]["paper_done_at"])
    assert later == pytest.approx(4 * 60)


# each what-if and the only parameters it may change relative to the baseline
WHATIFS = {
    "location_independent_pilot": {"location_independence.scope"},
    "location_independent_all": {"location_independence.scope"},
    "location_independent_post_office": {
        "location_independence.scope",
        "location_independence.submit_at.district_section",
        "location_independence.submit_at.post_office",
    },
    "online_30": {"channels.online", "channels.walkin"},
    "online_50": {"channels.online", "channels.walkin"},
    "timely_closing": {"closing.session_every_days"},
    "postal_staff_plus2": {
        "sites.provincial.counters.enterprise",
        "sites.provincial.counters.transport",
    },
    "deadline_first": {"processing.discipline"},
    "digitise_all_levels": {
        "sites.district.digitise",
        "sites.district.electronic_transfer",
        "sites.district.electronic_processing",
        "sites.commune.digitise",
        "sites.commune.electronic_transfer",
        "sites.commune.electronic_processing",
    },
    # levers planners pull (tests/test_levers.py tells their stories)
    "staff_to_online_review": {
        "channels.online",
        "channels.walkin",
        *(f"sites.provincial.counters.{s}" for s in ("enterprise", "land", "transport", "other")),
        "sites.provincial.reviewers",
    },
    "staff_to_online_review_dated": {
        *(f"changes[{i}].from" for i in (0, 1)),
        *(f"changes[{i}].set.channels.{c}" for i in (0, 1) for c in ("online", "walkin")),
        "changes[0].set.channels.postal",
        "changes[0].set.sites.provincial.counters.transport",
        "changes[0].set.sites.provincial.counters.other",
        "changes[1].set.sites.provincial.counters.enterprise",
        "changes[1].set.sites.provincial.counters.land",
        *(f"changes[{i}].set.sites.provincial.reviewers" for i in (0, 1)),
    },
    "online_50_with_reviewers": {
        "channels.online",
        "channels.walkin",
        *(f"sites.{level}.reviewers" for level in ("provincial", "district")),
    },
    "e_signature": {"processing.approval.mean", "processing.commune_approval.mean"},
    "land_officers_plus": {
        "changes[0].from",
        "changes[0].set.agencies[2].officers",
        "changes[0].set.agencies[6].officers",
    },
    "appointments": {"sites.provincial.appointment_share"},
    "saturday_morning": {
        f"sites.provincial.saturday.{key}" for key in ("opens", "closes", "walkin_share")
    },
    # a rota changes only its own bands (the file names them; nothing else may move)
    "morning_peak_rota": {
        f"sites.provincial.schedule.{sector}.{band}"
        for sector, bands in tomllib.loads(
            (SCENARIOS / "morning_peak_rota.toml").read_text(encoding="utf-8")
        )["sites"]["provincial"]["schedule"].items()
        for band in bands
    },
}


def test_every_listed_whatif_is_checked_here():
    """scenarios/whatif.list (the README's table) names the baseline and exactly these files."""
    listed = [path.stem for path in read_list(SCENARIOS / "whatif.list")]
    assert listed[0] == "baseline_q1_2022"
    assert set(listed[1:]) == set(WHATIFS)


@pytest.mark.parametrize("name", WHATIFS)
def test_shipped_whatifs_load_and_extend_the_baseline(name):
    """Each what-if file loads, extends the baseline and opens with a comment block."""
    path = SCENARIOS / f"{name}.toml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#") and 'extends = "baseline_q1_2022.toml"' in text
    scenario = load_scenario(path)
    assert scenario.name == name
    base = load_scenario(SCENARIOS / "baseline_q1_2022.toml")
    changed = {line.split(": ")[0] for line in changed_parameters(base.resolved, scenario.resolved)}
    assert changed == WHATIFS[name]


def test_bad_location_scope_is_refused(write_scenario):
    """An unknown scope names its key path and the allowed values."""
    from simulator.values.errors import ScenarioError

    with pytest.raises(ScenarioError, match="location_independence.scope"):
        _scenario(write_scenario, extra=LOCATION.format(scope="everywhere"))


# --- the shipped what-ifs against the baseline, on common random numbers -------------------


def _january(name: str):
    """A shipped scenario cut to 1-28 January 2022 (19 working days, the same daily volume)."""
    scenario = load_scenario(SCENARIOS / f"{name}.toml")
    share = 19 / 58  # working days kept; the surge before Tết roughly offsets the quiet New Year
    arrivals = replace(scenario.arrivals, expected_new=scenario.arrivals.expected_new * share)
    return replace(scenario, end=date(2022, 1, 28), arrivals=arrivals)


@pytest.fixture(scope="module")
def january():
    """Four replications of the January baseline and five what-ifs (about 15 s on 2 cores)."""
    names = ["timely_closing", "online_30", "location_independent_all", "postal_staff_plus2"]
    comparison = run_comparison(
        _january("baseline_q1_2022"),
        [_january(name) for name in names],
        reps=4,
        seed=1,
        executor=Executor.pool(2),
    )
    return {alt.scenario.name: comparison.differences(alt) for alt in comparison.alternatives}


def _down(differences, metric: str) -> bool:
    d = differences[metric]
    return d.significant and d.diff_ci95_high < 0


def _up(differences, metric: str) -> bool:
    d = differences[metric]
    return d.significant and d.diff_ci95_low > 0


@pytest.mark.slow
def test_timely_closing_cuts_the_late_rate(january):
    """Closing on time removes the closing lag: fewer late dossiers (paired 95% CI below 0)."""
    assert _down(january["timely_closing"], "late_rate")
    assert _down(january["timely_closing"], "late_due_to_closing_lag")


@pytest.mark.slow
def test_online_uptake_moves_load_from_counters_to_reviewers(january):
    """Online 30%: shorter counter waits at the provincial centre, busier online reviewers,
    and a review backlog past the 8-hour limit, counted apart from pending within deadline."""
    differences = january["online_30"]
    assert _down(differences, "counter_wait_mean_min.provincial_centre")
    assert _up(differences, "utilisation.online_reviewers")
    assert _down(differences, "online_review_within_8h_share")
    assert _up(differences, "pending_awaiting_review")
    assert _up(differences, "online_review_over_limit_share")


@pytest.mark.slow
def test_location_independence_cuts_travel_and_loads_district_counters(january):
    """Submitting in one's district: fewer travel hours, more load at district counters.

    The extra transfer to the provincial agency does not lengthen dossiers: agencies pace
    results to the appointment date, and the transfer fits in that slack.
    """
    differences = january["location_independent_all"]
    assert _down(differences, "travel_hours_total")
    assert _down(differences, "travel_hours_total.dak_glei")
    assert _up(differences, "utilisation.counters_dak_glei")


@pytest.mark.slow
def test_more_postal_staff_cut_the_provincial_counter_wait(january):
    """Two more VNPost staff at the centre's counters: shorter waits there, for reception and
    for results (VNPost staff receive, scan and hand back results at the counters)."""
    assert _down(january["postal_staff_plus2"], "counter_wait_mean_min.provincial_centre")
    assert _down(january["postal_staff_plus2"], "pickup_wait_mean_min.provincial_centre")


def test_report_headline_shows_what_planners_ask_for():
    """The headline: late rate, provincial counter wait, pending and travel; no weekly rates."""
    from simulator.output.report import headline_metrics
    from simulator.values.metrics import label

    names = ["late_rate_week.01", "travel_hours_total.dak_glei", "handled", "late_rate"]
    names += ["counter_wait_mean_min.provincial_centre", "pending_within_deadline"]
    names += ["travel_hours_total", "visits_per_dossier"]
    chosen = headline_metrics(names)
    assert chosen[:2] == ["late_rate", "counter_wait_mean_min.provincial_centre"]
    assert {"pending_within_deadline", "travel_hours_total", "visits_per_dossier"} <= set(chosen)
    assert "late_rate_week.01" not in chosen and "travel_hours_total.dak_glei" not in chosen
    assert all(label(name, "vi") != label(name, "en") != name for name in chosen)
