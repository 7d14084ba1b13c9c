"""The vocabulary of the metric catalogue: units, kinds, name parts and the family record.

A metric family is a name pattern with placeholders in angle brackets
(``counter_wait_mean_min.<site>``, ``late_rate.<quarter>``); each placeholder is a
``Part`` with the text it matches. The catalogue itself is ``simulator.values.metrics``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache

from simulator.values.document import ScenarioKind
from simulator.values.onestop_values import PROVINCIAL_CENTRE

ONESTOP = (ScenarioKind.ONESTOP,)
NETWORK = (ScenarioKind.NETWORK,)
BOTH = (ScenarioKind.ONESTOP, ScenarioKind.NETWORK)


class Unit(Enum):
    """What one unit of a metric's value is; the value is written into summary.json."""

    COUNT = "count"
    SHARE = "share"
    MINUTES = "minutes"
    WORKING_MINUTES = "working_minutes"
    WORKING_DAYS = "working_days"
    HOURS = "hours"
    VISITS = "visits"
    TIME_UNITS = "time_units"
    PER_TIME_UNIT = "per_time_unit"

    def label(self, lang: str) -> str:
        return _UNIT_LABELS[self][lang == "vi"]


_UNIT_LABELS = {
    Unit.COUNT: ("count", "số lượng"),
    Unit.SHARE: ("share (0–1)", "tỷ lệ (0–1)"),
    Unit.MINUTES: ("minutes", "phút"),
    Unit.WORKING_MINUTES: ("working minutes", "phút làm việc"),
    Unit.WORKING_DAYS: ("working days", "ngày làm việc"),
    Unit.HOURS: ("hours", "giờ"),
    Unit.VISITS: ("visits", "lượt"),
    # a network scenario has no calendar: its times are in whatever unit its file uses
    Unit.TIME_UNITS: ("time units", "đơn vị thời gian"),
    Unit.PER_TIME_UNIT: ("per time unit", "mỗi đơn vị thời gian"),
}


class MetricKind(Enum):
    """How a metric is reduced from a run: it tells a reader (and a chart) how to read it."""

    COUNT = "count"  # events counted over the horizon (or the quarter)
    TOTAL = "total"  # a quantity (hours) summed over the horizon
    SHARE = "share"  # a fraction of a group: rates, utilisation
    MEAN = "mean"  # the mean of a per-dossier or per-customer quantity
    PERCENTILE = "percentile"  # the 95th percentile of a per-dossier or per-customer quantity
    TIME_AVERAGE = "time_average"  # a level (a queue, busy servers) averaged over time
    RATE = "rate"  # events per unit of time

    def label(self, lang: str) -> str:
        return _KIND_LABELS[self][lang == "vi"]


_KIND_LABELS = {
    MetricKind.COUNT: ("count", "đếm"),
    MetricKind.TOTAL: ("total", "tổng"),
    MetricKind.SHARE: ("share", "tỷ lệ"),
    MetricKind.MEAN: ("mean", "trung bình"),
    MetricKind.PERCENTILE: ("95th percentile", "phân vị 95"),
    MetricKind.TIME_AVERAGE: ("time average", "trung bình theo thời gian"),
    MetricKind.RATE: ("rate", "tần suất"),
}

_QUARTER = r"\d{4}Q[1-4]"
# A name from the scenario: anything without a dot, except a quarter label, so that
# ``arrivals.<station>`` and ``arrivals.<quarter>`` never claim the same metric.
_NAME = rf"(?!{_QUARTER}(?:\.|$))[^.]+"
# Network station names are free text and may hold dots.
_FREE_NAME = rf"(?!{_QUARTER}$).+"


class Part(Enum):
    """A placeholder of a family's pattern: the text it matches and how it is shown."""

    SITE = "site"
    DISTRICT = "district"
    POOL = "pool"
    RESOURCE = "resource"
    STATION = "station"
    QUARTER = "quarter"
    WEEK = "week"
    HOUR = "hour"

    @property
    def regex(self) -> str:
        return _PART_REGEX[self]

    @property
    def principal(self) -> str | None:
        """The member a headline shows (None: every member), e.g. the provincial centre."""
        return _PRINCIPAL.get(self)

    def noun(self, lang: str) -> str:
        return _PART_NOUNS[self][lang == "vi"]

    @property
    def help(self) -> str:
        """What the placeholder stands for, with examples (English)."""
        return _PART_HELP[self]

    def show(self, value: str, lang: str) -> str:
        """A member's text in a label: names as they are, weeks and hours with their noun."""
        if self is Part.WEEK:
            return f"{self.noun(lang)} {value}"
        if self is Part.HOUR:
            return f"{value}:00"
        return value


_PART_REGEX = {
    Part.SITE: _NAME,
    Part.DISTRICT: _NAME,
    Part.POOL: _NAME,
    Part.RESOURCE: _FREE_NAME,
    Part.STATION: _FREE_NAME,
    Part.QUARTER: _QUARTER,
    Part.WEEK: r"\d{2,}",  # 01, 02, ...; 100 and more on horizons past 99 weeks
    Part.HOUR: r"\d{2}",
}
# The provincial centre is the site the Q1/2022 report and the national target speak of;
# its VNPost digitisation pool is named "vnpost_" + site by the model's builder.
_PRINCIPAL = {Part.SITE: PROVINCIAL_CENTRE, Part.POOL: "vnpost_" + PROVINCIAL_CENTRE}
_PART_NOUNS = {
    Part.SITE: ("site", "điểm tiếp nhận"),
    Part.DISTRICT: ("district", "huyện"),
    Part.POOL: ("digitisation pool", "nhóm nhân viên số hóa"),
    Part.RESOURCE: ("resource", "nguồn lực"),
    Part.STATION: ("station", "trạm"),
    Part.QUARTER: ("quarter", "quý"),
    Part.WEEK: ("week", "tuần"),
    Part.HOUR: ("hour", "giờ"),
}
_PART_HELP = {
    Part.SITE: "a counter site: `provincial_centre`, a district's one-stop section (`dak_ha`) "
    "or its communes (`dak_ha_communes`)",
    Part.DISTRICT: "a district of the scenario, where citizens live (`kon_tum_city`, `dak_glei`)",
    Part.POOL: "a digitisation staff pool (`vnpost_provincial_centre`, `digitisers_dak_ha`)",
    Part.RESOURCE: "a site's counters (`counters_dak_ha`), a digitisation pool, "
    "`online_reviewers`, an agency (`district_tax`) or a network station",
    Part.STATION: "a station of a network scenario (`desk`)",
    Part.QUARTER: "a calendar quarter of the horizon (`2022Q3`)",
    Part.WEEK: "a week of the horizon, from its start (`01`, `02`, ...)",
    Part.HOUR: "a clock hour of the working day (`07`, ..., `16`)",
}
_PLACEHOLDER = re.compile(r"<([a-z]+)>")


@dataclass(frozen=True, kw_only=True)
class MetricFamily:
    """One row of the catalogue: every metric whose name matches ``pattern``.

    ``headline``: among the first things a planner reads (report, compare, sensitivity);
    ``console``: in the short table ``onestop run`` prints when the full list is too long;
    ``identity``: the metric merely restates an input (fitting it tells nothing new).
    """

    pattern: str
    unit: Unit
    kind: MetricKind
    label_en: str
    label_vi: str
    description: str
    headline: bool = False
    console: bool = False
    identity: bool = False
    models: tuple[ScenarioKind, ...] = ONESTOP

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(Part(token) for token in _PLACEHOLDER.findall(self.pattern))

    def regex(self) -> re.Pattern[str]:
        """The pattern as a regular expression, one group per placeholder."""
        return _pattern_regex(self.pattern)

    def label(self, lang: str = "en") -> str:
        return self.label_vi if lang == "vi" else self.label_en

    def title(self, lang: str = "en") -> str:
        """The label of the family as a whole, e.g. "Mean counter wait by site"."""
        nouns = " · ".join(part.noun(lang) for part in self.parts)
        if not nouns:
            return self.label(lang)
        return f"{self.label(lang)} {'theo' if lang == 'vi' else 'by'} {nouns}"


@cache
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    # compiled once, when a name is first matched against the family (not all at import:
    # a run meets a few dozen of the catalogue's families)
    pieces = _PLACEHOLDER.split(pattern)
    text = "".join(
        re.escape(piece) if i % 2 == 0 else f"({Part(piece).regex})"
        for i, piece in enumerate(pieces)
    )
    return re.compile(text + r"\Z")
