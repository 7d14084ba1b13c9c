"""Reading one-stop scenarios: the baseline loads, bad inputs name their key path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.values.document import ScenarioKind
from simulator.values.errors import ScenarioError
from simulator.values.onestop_values import Channel, Discipline, Level, ReceptionPoint
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "onestop_small.toml"
BASELINE = ROOT / "scenarios" / "baseline_q1_2022.toml"


def _variant(write_scenario, old: str, new: str) -> Path:
    text = SMALL.read_text(encoding="utf-8")
    assert old in text
    return write_scenario(text.replace(old, new, 1))


def test_baseline_loads_with_report_figures():
    """The hand-set baseline carries the report's volumes; the calibrated one stays close."""
    scenario = load_scenario(ROOT / "scenarios" / "baseline_q1_2022_uncalibrated.toml")
    assert scenario.kind is ScenarioKind.ONESTOP
    assert scenario.arrivals.expected_new == 70872
    calibrated = load_scenario(BASELINE)
    assert calibrated.arrivals.expected_new == pytest.approx(70872, rel=0.01)
    assert scenario.arrivals.carried_over == 6417
    assert scenario.channels[Channel.ONLINE] == pytest.approx(6087 / 77289, abs=1e-5)
    assert len(scenario.districts) == 10
    assert sum(d.communes for d in scenario.districts) == 102


SHIPPED = sorted(
    p
    for p in (ROOT / "scenarios").glob("*.toml")
    if 'kind = "onestop"' in p.read_text("utf-8") or "extends" in p.read_text("utf-8")
)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_parameter_line_has_a_source_comment(path):
    """Each key = value line of a shipped scenario carries a comment (a source or ASSUMPTION)."""
    uncommented = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith(("#", "[", "{", "]")) or "=" not in text:
            continue  # comments, headers and continuation lines of a multi-line value
        if lines[number - 2].strip().startswith("#"):
            continue  # the comment line just above documents it
        key = text.split("=", 1)[0].strip()
        if key in {"kind", "name", "description", "extends", "level", "sector", "stages", "share"}:
            continue
        if "#" not in line and not _block_is_commented(lines, number - 1):
            uncommented.append(f"{number}: {text}")
    assert not uncommented, "\n".join(uncommented)


def _block_is_commented(lines: list[str], index: int) -> bool:
    """A key of an array of tables whose header, or the comment above the array, names sources."""
    header = next((i for i in range(index, -1, -1) if lines[i].strip().startswith("[")), None)
    if header is None or "#" in lines[header]:
        return header is not None
    first = header
    for i in range(header, -1, -1):
        if lines[i].strip() == lines[header].strip():
            first = i
    return first > 0 and lines[first - 1].strip().startswith("#")


def test_small_scenario_values():
    """The small fixture parses into enums and per-district travel times."""
    scenario = load_scenario(SMALL)
    assert scenario.groups[1].stages == ("district_office", "dept")
    assert scenario.agencies[0].discipline is Discipline.FIFO
    assert scenario.groups[0].level is Level.PROVINCIAL
    assert scenario.districts[1].travel_hours == pytest.approx(3.0)


def test_channel_shares_not_summing_to_one_are_refused(write_scenario):
    """Channel shares that sum to 0.95 raise an error naming [channels]."""
    path = _variant(write_scenario, "walkin = 0.9", "walkin = 0.85")
    with pytest.raises(ScenarioError, match=r"channels = .*sum to 1"):
        load_scenario(path)


def test_group_shares_not_summing_to_one_are_refused(write_scenario):
    """Group shares must add up to 1; the error names groups."""
    path = _variant(write_scenario, "share = 0.5", "share = 0.4")
    with pytest.raises(ScenarioError, match=r": groups = .*sum to 1"):
        load_scenario(path)


def test_unknown_agency_in_stages_is_refused(write_scenario):
    """A route naming an agency that does not exist names groups[1].stages[1]."""
    path = _variant(
        write_scenario,
        'stages = ["district_office", "dept"]',
        'stages = ["district_office", "tax"]',
    )
    with pytest.raises(ScenarioError, match=re.escape("groups[1].stages[1] = 'tax'")):
        load_scenario(path)


def test_carried_overdue_share_must_be_a_probability(write_scenario):
    """A share of carried-over dossiers overdue above 1 is refused, naming its key path."""
    path = _variant(
        write_scenario, "carried_over = 0", "carried_over = 0\ncarried_overdue_share = 1.5"
    )
    with pytest.raises(ScenarioError, match=re.escape("arrivals.carried_overdue_share = 1.5")):
        load_scenario(path)


def test_unknown_key_is_refused(write_scenario):
    """A misspelt key inside a table is reported with its key path."""
    path = _variant(write_scenario, "give_up_share = 0.0", "give_up_share = 0.0\ngive_up = 0.1")
    with pytest.raises(ScenarioError, match=re.escape("reception.give_up = 0.1: unknown key")):
        load_scenario(path)


def test_provincial_sector_without_counters_is_refused(write_scenario):
    """A provincial group whose sector has no counter pool at the centre is refused."""
    path = _variant(write_scenario, 'sector = "general"', 'sector = "health"')
    with pytest.raises(ScenarioError, match=re.escape("groups[0].sector = 'health'")):
        load_scenario(path)


def test_bad_discipline_is_refused(write_scenario):
    """Queue disciplines are fifo or edf only."""
    path = _variant(write_scenario, "officers = 1\n", 'officers = 1\ndiscipline = "lifo"\n')
    with pytest.raises(ScenarioError, match=re.escape("agencies[0].discipline = 'lifo'")):
        load_scenario(path)


def test_supplement_request_limit_must_be_positive(write_scenario):
    """The Decree's 3 working days may be changed, but not to zero."""
    path = _variant(
        write_scenario,
        "returned_share = 0.0",
        "returned_share = 0.0\nsupplement_request_limit_days = 0",
    )
    with pytest.raises(ScenarioError, match=re.escape("processing.supplement_request_limit_days")):
        load_scenario(path)


def test_dotted_site_names_are_refused(write_scenario):
    """District names become metric suffixes, so they may not contain dots."""
    path = _variant(write_scenario, 'name = "dak_glei"', 'name = "dak.glei"')
    with pytest.raises(ScenarioError, match=re.escape("districts[1].name = 'dak.glei'")):
        load_scenario(path)


def test_days_and_hours_are_converted_to_working_minutes_once():
    """Lead times, supplement delay and closing lag in working days, transfers in hours."""
    scenario = load_scenario(SMALL)
    day = scenario.working_day_minutes
    assert day == (11 * 60 + 30 - 7 * 60) + (17 * 60 - (13 * 60 + 30))  # 07:00-11:30, 13:30-17:00
    assert scenario.groups[0].lead_time_minutes.mean == 1 * day
    assert scenario.processing.supplement_delay_minutes.mean == 1 * day
    assert scenario.processing.closing_lag_minutes.mean == 1 * day
    assert scenario.processing.transfer_delay_minutes.mean == 2 * 60.0
    assert scenario.reception.review_limit_minutes == 8 * 60.0
    assert scenario.processing.supplement_request_limit_minutes == 3 * day  # the default


def test_channels_are_an_int_enum_keyed_by_their_toml_names():
    """Channel members are 0, 1, 2 with keys walkin, postal, online; shares are keyed by them."""
    assert [(int(c), c.key) for c in Channel] == [(0, "walkin"), (1, "postal"), (2, "online")]
    assert Channel.from_key("postal") is Channel.POSTAL
    channels = load_scenario(SMALL).channels
    assert channels == {Channel.WALKIN: 0.9, Channel.POSTAL: 0.05, Channel.ONLINE: 0.05}


LOCATION = """
[location_independence]
scope = "all"
transfer_delay = { dist = "deterministic", value = 8 }
"""


def test_location_independence_defaults_to_the_district_section(write_scenario):
    """Without submit_at every such walk-in goes to its district section; nothing is moved."""
    scenario = load_scenario(write_scenario(SMALL.read_text(encoding="utf-8") + LOCATION))
    location = scenario.location_independence
    assert location.submit_at == {ReceptionPoint.DISTRICT_SECTION: 1.0}
    assert location.post_offices is None and location.moved_counters == {}
    assert location.away_share == location.district_pilot_share == 0.0


def test_reception_point_shares_must_sum_to_one(write_scenario):
    """submit_at shares adding up to 0.9 are refused, naming the table."""
    extra = "submit_at = { district_section = 0.4, post_office = 0.5 }\n"
    text = SMALL.read_text(encoding="utf-8") + LOCATION + extra
    with pytest.raises(ScenarioError, match=re.escape("location_independence.submit_at")):
        load_scenario(write_scenario(text))


def test_commune_agency_needs_an_officer_per_commune_section(write_scenario):
    """Three commune officers for four commune sections are refused, naming the key."""
    agency = '[[agencies]]\nname = "commune_office"\nlevel = "commune"\nofficers = 3\n'
    agency += 'work = { dist = "deterministic", value = 20 }\n'
    text = SMALL.read_text(encoding="utf-8") + agency
    with pytest.raises(
        ScenarioError, match=re.escape("agencies[2].officers = 3: must be at least 4")
    ):
        load_scenario(write_scenario(text))
