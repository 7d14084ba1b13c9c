"""The frozen values of a Kon Tum one-stop scenario (``kind = "onestop"``).

The vocabulary is the planner's: shares of dossiers, counts of counters and officers,
minutes of service, working days of statutory time. ``scenario_onestop`` reads a
scenario file into these values; ``model.onestop`` runs them.

Units: every duration distribution here draws (working) minutes, so the model never
converts. A scenario file gives some of them in other units (lead times, supplement
delay and closing lag in working days, transfer delays in working hours); the parser
converts them once, with ``Distribution.scaled`` (each draw times the factor), into
the ``*_minutes`` fields. Other units are in the names: ``*_days`` are working days,
``*_hours`` are hours.

Sites are named without dots (a metric puts one dot before the site):
``provincial_centre``, one district one-stop section per district-level unit
(``dak_ha``), the commune sections of a district grouped as ``dak_ha_communes`` (one
counter pool, reviewer pool and commune agency instance per commune section; metrics
aggregate them per district) and, with location independence, the post offices
receiving dossiers as one site, ``post_offices`` (one counter pool per office).

Levels and sites as data (``scenario_tiers``, ``OnestopScenario.tiers``): a scenario may
declare its levels (two tiers since 1/7/2025: no district sections) and its commune-level
centres; a district's commune group then holds those centres, and the district stays
the unit citizens are counted by (after 2025, the former district).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum, IntEnum
from typing import Any

from simulator.values.calendar import CalendarSpec
from simulator.values.distributions import Distribution
from simulator.values.document import ScenarioKind
from simulator.values.schedules import Schedule
from simulator.values.site_levers import SaturdaySession

PROVINCIAL_CENTRE = "provincial_centre"
COMMUNES_SUFFIX = "_communes"
POST_OFFICES = "post_offices"  # the site of every post office receiving dossiers
MINUTES_PER_HOUR = 60.0  # of working time: transfer delays are given in working hours


class Level(Enum):
    """The administrative level that receives (and first processes) a procedure."""

    PROVINCIAL = "provincial"
    DISTRICT = "district"
    COMMUNE = "commune"


class Channel(IntEnum):
    """How a dossier is submitted; the value indexes per-channel counts, ``key`` is the TOML key.

    An ``IntEnum`` so that the model can index lists by channel and compare members by
    identity (it runs once per dossier); scenario values key dicts by the members.
    """

    WALKIN = 0
    POSTAL = 1
    ONLINE = 2

    @property
    def key(self) -> str:
        """The name in scenario files, metrics and traces: ``walkin``, ``postal``, ``online``."""
        return self.name.lower()

    @classmethod
    def from_key(cls, key: str) -> Channel:
        return cls[key.upper()]


class Discipline(Enum):
    """Which waiting dossier an agency's free officer takes next."""

    FIFO = "fifo"  # first come, first served
    EDF = "edf"  # earliest deadline first (ties: first come)


class Scope(Enum):
    """Which provincial procedures may be submitted away from the provincial centre."""

    NONE = "none"  # the baseline: provincial walk-ins travel to the provincial centre
    PILOT = "pilot"  # groups with ``pilot = true`` (the 2022 pilot, Decision 95/QĐ-UBND)
    ALL = "all"  # every provincial procedure received at the provincial centre


@dataclass(frozen=True, kw_only=True)
class District:
    """A district-level unit: its one-stop section and its group of commune sections."""

    name: str
    population: int
    communes: int
    distance_km: float
    travel_hours: float  # one way, district town to Kon Tum city

    @property
    def communes_site(self) -> str:
        return self.name + COMMUNES_SUFFIX


@dataclass(frozen=True, kw_only=True)
class SiteSpec:
    """Reception at one kind of site: counters, service time, digitisation, online review.

    ``counters`` maps a counter pool to its number of counters: sectors at the
    provincial centre, ``section`` at a district section, ``commune`` (counters per
    commune section) for a commune group; ``counters_by_district`` overrides a district.

    ``digitise_at_counter`` (with ``digitise``): the counter staff digitise each dossier
    they receive in the same sitting (VNPost at the provincial centre from 1/1/2022), so a
    walk-in's service is ``service`` then ``[digitisation] time``, and postal dossiers are
    counter work too; else digitisation staff sit behind the counters (a FIFO pool).
    ``pooled`` (provincial only): one ticket queue for all counters instead of one per
    sector. ``pickup_service``: minutes at a counter to hand a result back; None: picking
    up a result makes no counter work (older scenarios).
    """

    counters: dict[str, int]
    counters_by_district: dict[str, int]
    service: Distribution  # minutes at the counter per walk-in dossier
    digitise: bool  # VNPost-style digitisation after reception
    reviewers: int  # officers reviewing online dossiers (per site)
    # digitised dossiers go to the agency electronically when digitised (no 15:00 cut-off)
    electronic_transfer: bool = False
    # agencies process digitised dossiers on the electronic file, so results are recorded
    # in the information system as they are made (Decree 45/2020, Decree 107/2021)
    electronic_processing: bool = False
    # reception levers (values.site_levers): booked walk-ins, a Saturday morning session
    appointment_share: float = 0.0
    saturday: SaturdaySession | None = None
    digitise_at_counter: bool = False
    pooled: bool = False
    pickup_service: Distribution | None = None
    # staff by time band (values.schedules): pool name (a counters key, a district of
    # counters_by_district, "reviewers") -> its schedule; attached by scenario_schedules
    schedules: dict[str, Schedule] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Reception:
    """Walk-in behaviour at counters and the online review rule."""

    priority_share: float  # walk-ins served first (elderly, pregnant women)
    give_up_share: float  # of walk-ins turned away at closing time, who do not come back
    review: Distribution  # working minutes an officer needs to accept or refuse an online dossier
    review_limit_minutes: float  # the 8-working-hour rule
    online_refused_share: float  # online dossiers refused at review (returned)
    level3_share: float  # online dossiers whose result is picked up at a counter
    # walk-ins who have their result sent by post (VNPost) instead of fetching it
    result_by_post_share: float = 0.0


@dataclass(frozen=True, kw_only=True)
class Digitisation:
    """Digitisation staff and time (VNPost at the provincial centre, from 1/1/2022).

    ``staff`` works behind the provincial counters only when they do not digitise
    themselves (``SiteSpec.digitise_at_counter``); 0: not given.
    """

    staff: int  # at the provincial centre, behind the counters
    section_staff: int  # per counter of each other site whose ``digitise`` is true (a what-if)
    time: Distribution  # working minutes per dossier


@dataclass(frozen=True, kw_only=True)
class Agency:
    """A processing agency; district agencies exist once per district, commune ones once
    per commune section.

    ``officers`` of a district or commune agency is the provincial total: each instance
    gets its population share (a commune section's population: its district's, shared
    evenly), at least one, rounded with the largest remainder so that they add up to it.
    """

    name: str
    level: Level
    officers: int
    work: Distribution  # working minutes of officer time per dossier
    discipline: Discipline
    schedule: Schedule | None = None  # officers by time band (values.schedules), a total
    # the level whose approval and closing habits it keeps: an agency moved to another level
    # (``scenario_tiers``) keeps its 2022 level's, as the same officers do the work
    habits: Level | None = None

    @property
    def habits_level(self) -> Level:
        """The level of its approval and closing habits (its own unless it was moved)."""
        return self.habits or self.level


@dataclass(frozen=True, kw_only=True)
class Group:
    """A group of procedures with the same route and statutory time."""

    name: str
    level: Level
    sector: str
    share: float  # of new dossiers
    days: int  # statutory working days (0: same day, 15:00 cut-off)
    stages: tuple[str, ...]  # agency names in route order (liên thông: two or more)
    pilot: bool  # in the location-independent submission pilot
    online_fee_share: float
    # working minutes of non-officer time per stage (TOML ``lead_time`` in working days);
    # None: the scenario paces results instead ([processing] approval and margin)
    lead_time_minutes: Distribution | None = None


@dataclass(frozen=True, kw_only=True)
class Processing:
    """What happens between reception and the dossier being closed in the system."""

    # TOML keys without ``_minutes``: transfer_delay in working hours, the others in working days
    transfer_delay_minutes: Distribution  # working minutes between agencies of a liên thông route
    # asked for supplements: walk-in and postal dossiers at the first stage, online ones at review
    supplement_share: float
    supplement_delay_minutes: Distribution  # working minutes until the citizen completes it
    returned_share: float  # returned or withdrawn at the first stage
    # Decree 61/2018: a request for supplements within 3 working days of receipt (TOML in days)
    supplement_request_limit_minutes: float = 3 * 480.0
    # The old closing rule, used only without a [closing] table: a share of results is
    # closed after a random lag.
    closing_lag_share: float = 0.0
    closing_lag_minutes: Distribution | None = None
    discipline: Discipline | None = None  # when set, overrides every agency's discipline
    # Pacing (when approval and margin are given; else each group's lead_time): after the
    # officer's work each stage waits for the leader's approval and signature
    # (commune_approval at commune agencies), and the last stage's paper result is planned
    # ``margin`` before the deadline, never before receipt. TOML in working days.
    approval_minutes: Distribution | None = None
    commune_approval_minutes: Distribution | None = None
    margin_minutes: Distribution | None = None

    @property
    def paced(self) -> bool:
        return self.approval_minutes is not None and self.margin_minutes is not None


@dataclass(frozen=True, kw_only=True)
class Closing:
    """Recording results in the information system ("closing"; ``model.onestop_closing``).

    A result made on the electronic file (online dossiers; digitised dossiers at a site with
    ``electronic_processing``) is recorded as it is made unless it is signed on paper
    (``paper_signed_share``). Any other result must be entered by an officer of the last
    agency, in entry sessions: at the start of a working day's last hour an agency's officers
    hold one with probability 1 / ``session_every_days`` (commune agencies:
    ``commune_session_every_days``; 0: entered as made); each entry is ``entry`` working
    minutes of officer time, queued behind dossier work. With a reminder the system reminds
    the officer of a result not yet entered that long before its deadline, and it is
    entered at once.
    """

    entry_minutes: Distribution  # working minutes of officer time per result entered
    # mean working days between sessions: a session each working day with probability
    # 1 / max(1, value); 0: a result is entered as it is made, without officer time
    session_every_days: float
    commune_session_every_days: float  # the same for commune agencies
    paper_signed_share: float  # results signed on paper, entered even when processed online
    reminder_minutes: float | None = None  # working minutes before the deadline; None: none


class ReceptionPoint(Enum):
    """Where a location-independent walk-in submits instead of the competent level's site."""

    DISTRICT_SECTION = "district_section"  # the one-stop section of the citizen's district
    POST_OFFICE = "post_office"  # a VNPost post office receiving dossiers


@dataclass(frozen=True, kw_only=True)
class PostOffices:
    """VNPost post offices receiving dossiers (17 post offices, 9 commune cultural post offices).

    They form one site, ``post_offices``, with one counter pool per office, each with
    ``counters`` VNPost staff who receive and digitise; a citizen uses an office of their
    district, the one serving their commune (communes spread evenly over the offices).
    """

    offices: dict[str, int]  # district name -> post offices receiving dossiers there
    counters: int  # VNPost counter staff per office
    service: Distribution  # minutes at the counter per walk-in dossier
    trip_hours: float  # one way, from a citizen's village to the post office


@dataclass(frozen=True, kw_only=True)
class LocationIndependence:
    """Submission away from the competent level's site (``model.onestop_location``).

    Provincial procedures: a walk-in citizen of a district away from Kon Tum city
    (``distance_km > 0``) whose procedure is in ``scope`` submits away from the provincial
    centre with probability ``uptake`` (x ``pilot_share`` for the pilot: the share of a
    pilot group's dossiers whose procedure is one of the pilot's), at a reception point
    drawn by ``submit_at`` (shares): the district section or a post office. District
    procedures of pilot groups (the pilot's 4): a walk-in citizen of a remote district who
    is ``away_share`` away in Kon Tum city submits there (a post office by the
    ``submit_at`` share, else the provincial centre) with probability
    ``district_pilot_share``, instead of travelling home. Either way the dossier is sent
    on to the competent agency after ``transfer_delay`` working hours (TOML) and the
    result is returned where it was submitted. ``moved_counters`` moves counters from
    the provincial centre to district sections.
    """

    scope: Scope
    uptake: float
    pilot_share: float
    transfer_delay_minutes: Distribution  # working minutes, on top of the usual transfer rule
    submit_at: dict[ReceptionPoint, float]  # shares summing to 1
    post_offices: PostOffices | None = None  # required when submit_at gives a post office
    district_pilot_share: float = 0.0  # of a pilot district group's dossiers in the pilot
    away_share: float = 0.0  # of remote districts' walk-ins who are in Kon Tum city
    moved_counters: dict[str, int] = field(default_factory=dict)  # district -> counters


@dataclass(frozen=True, kw_only=True)
class Travel:
    """Travel of citizens for visits to a site (submission and picking up the result)."""

    mountain_road_kmh: float
    district_trip_hours: float  # one way, to the district section
    commune_trip_hours: float  # one way, to the commune section


@dataclass(frozen=True, kw_only=True)
class Arrivals:
    """The time profile of new dossiers (weights are relative)."""

    expected_new: float
    carried_over: int
    carried_overdue_share: float  # of carried_over, already past their deadline at the start
    inperson_hour_weights: tuple[float, ...]  # 24, for walk-in and postal (open hours only)
    online_hour_weights: tuple[float, ...]  # 24
    weekday_weights: tuple[float, ...]  # 7, Monday first (in person)
    online_weekday_weights: tuple[float, ...]  # 7
    day_weights: tuple[tuple[date, date, float], ...]  # (first, last, weight), e.g. Tết


@dataclass(frozen=True, kw_only=True)
class OnestopScenario:
    name: str
    description: str
    start: date
    end: date  # inclusive: the run stops at 24:00 of this date
    calendar: CalendarSpec
    arrivals: Arrivals
    channels: dict[Channel, float]
    districts: tuple[District, ...]
    travel: Travel
    sites: dict[Level, SiteSpec]
    reception: Reception
    digitisation: Digitisation
    agencies: tuple[Agency, ...]
    groups: tuple[Group, ...]
    processing: Processing
    source: str
    digest: str
    resolved: dict[str, Any]
    chain: tuple[str, ...] = ()  # the file and every parent it extends, child first
    kind: ScenarioKind = ScenarioKind.ONESTOP
    # Multi-quarter projections (``onestop_trends``): trends over the horizon, dated changes
    # as epochs, and whether the horizon was given in quarters (expected_new then counts
    # the first quarter and per-quarter metrics are reported).
    trends: Any = None  # onestop_trends.Trends, or None: no trend
    epochs: tuple[Any, ...] = ()  # onestop_trends.Epoch after the start, in date order
    quarterly: bool = False
    location_independence: LocationIndependence | None = None  # None: scope "none"
    closing: Closing | None = None  # None: the old closing_lag rule of [processing]
    # scenario_tiers.Tiers: declared levels and commune-level centres; None: the 2022 map
    tiers: Any = None

    @property
    def working_day_minutes(self) -> float:
        """Working minutes in a working day: the scale of every ``*_days`` value."""
        return working_day_minutes_of(self.calendar)


def working_day_minutes_of(calendar: CalendarSpec) -> float:
    """The length of a working day in minutes: the sum of the calendar's sessions."""
    return float(sum(closes - opens for opens, closes in calendar.sessions))
