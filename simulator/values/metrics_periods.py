"""Catalogue rows: one-stop metrics by week, by hour of day and by quarter.

Per-quarter metrics (``late_rate.2022Q3``) appear when the horizon is given in
quarters or spans more than one; ``onestop project`` reads them. See
``simulator.values.metrics`` for how the rows are read.
"""

from __future__ import annotations

from simulator.values.metric_types import MetricFamily, Unit
from simulator.values.metric_types import MetricKind as Kind

OVER_THE_DAY = (
    MetricFamily(
        pattern="late_rate_week.<week>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Late rate",
        label_vi="Tỷ lệ trễ hạn",
        description="Share of the dossiers resolved in that week of the horizon that were late.",
    ),
    MetricFamily(
        pattern="queue_length_hour.provincial_centre.<hour>",
        unit=Unit.COUNT,
        kind=Kind.TIME_AVERAGE,
        label_en="Queue at the provincial centre",
        label_vi="Hàng chờ tại Trung tâm tỉnh",
        description="Citizens waiting at the provincial centre's counters (to submit or to "
        "pick up a result), averaged over the open minutes of that clock hour on working days.",
    ),
)

QUARTERS = (
    MetricFamily(
        pattern="arrivals.<quarter>",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="New dossiers in the quarter",
        label_vi="Hồ sơ mới tiếp nhận trong quý",
        description="New dossiers submitted in the quarter, set by arrivals.expected_new and "
        "the arrival growth trend.",
        identity=True,
    ),
    MetricFamily(
        pattern="online_share.<quarter>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Online share of new dossiers in the quarter",
        label_vi="Tỷ lệ hồ sơ mới nộp trực tuyến trong quý",
        description="Share of the quarter's new dossiers submitted online, set by the online "
        "share and its trend.",
        identity=True,
    ),
    MetricFamily(
        pattern="resolved.<quarter>",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Dossiers resolved in the quarter",
        label_vi="Hồ sơ đã giải quyết trong quý",
        description="Dossiers resolved and closed in the system during the quarter.",
    ),
    MetricFamily(
        pattern="resolved_late.<quarter>",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Resolved late in the quarter",
        label_vi="Hồ sơ giải quyết trễ hạn trong quý",
        description="Dossiers resolved in the quarter after their statutory deadline.",
    ),
    MetricFamily(
        pattern="late_rate.<quarter>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Late rate in the quarter",
        label_vi="Tỷ lệ trễ hạn trong quý",
        description="Share of the dossiers resolved in the quarter that were late.",
    ),
    MetricFamily(
        pattern="on_time_rate.<quarter>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="On-time rate in the quarter",
        label_vi="Tỷ lệ giải quyết đúng hạn trong quý",
        description="Share of the dossiers resolved in the quarter that were on time.",
    ),
    MetricFamily(
        pattern="pending.<quarter>",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Pending at the end of the quarter",
        label_vi="Đang giải quyết cuối quý",
        description="Dossiers still open at the end of the quarter, of every kind (in processing, "
        "awaiting review, a supplement or reception); they carry over into the next one.",
    ),
    MetricFamily(
        pattern="pending_within_deadline.<quarter>",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Pending within deadline at the end of the quarter",
        label_vi="Đang giải quyết trong hạn cuối quý",
        description="Dossiers received and in processing at the end of the quarter whose "
        "deadline had not passed.",
    ),
    MetricFamily(
        pattern="pending_overdue.<quarter>",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Pending overdue at the end of the quarter",
        label_vi="Đang giải quyết quá hạn cuối quý",
        description="Dossiers received and in processing at the end of the quarter whose "
        "deadline had passed.",
    ),
    MetricFamily(
        pattern="counter_wait_mean_min.<quarter>",
        unit=Unit.MINUTES,
        kind=Kind.MEAN,
        label_en="Mean counter wait in the quarter, all sites",
        label_vi="Thời gian chờ trung bình tại quầy trong quý, mọi điểm tiếp nhận",
        description="Minutes walk-ins served in the quarter waited at a counter, over all sites.",
    ),
    MetricFamily(
        pattern="counter_wait_p95_min.<quarter>",
        unit=Unit.MINUTES,
        kind=Kind.PERCENTILE,
        label_en="Counter wait in the quarter, 95th percentile, all sites",
        label_vi="Thời gian chờ tại quầy trong quý, phân vị 95, mọi điểm tiếp nhận",
        description="The counter wait that 95 in 100 walk-ins served in the quarter did not "
        "exceed, over all sites.",
    ),
    MetricFamily(
        pattern="share_wait_over_30min.<quarter>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share waiting over 30 minutes in the quarter, all sites",
        label_vi="Tỷ lệ chờ quá 30 phút trong quý, mọi điểm tiếp nhận",
        description="Share of the walk-ins served in the quarter, over all sites, who waited "
        "longer than the national 30-minute target.",
    ),
    MetricFamily(
        pattern="share_wait_over_15min.<quarter>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share waiting over 15 minutes in the quarter, all sites",
        label_vi="Tỷ lệ chờ quá 15 phút trong quý, mọi điểm tiếp nhận",
        description="Share of the walk-ins served in the quarter, over all sites, who waited "
        "longer than the national 15-minute target for 2025.",
    ),
    MetricFamily(
        pattern="counter_wait_mean_min.provincial_centre.<quarter>",
        unit=Unit.MINUTES,
        kind=Kind.MEAN,
        label_en="Mean counter wait in the quarter, provincial centre",
        label_vi="Thời gian chờ trung bình tại quầy trong quý, Trung tâm tỉnh",
        description="Minutes walk-ins served in the quarter waited at the provincial centre's "
        "counters.",
    ),
    MetricFamily(
        pattern="counter_wait_p95_min.provincial_centre.<quarter>",
        unit=Unit.MINUTES,
        kind=Kind.PERCENTILE,
        label_en="Counter wait in the quarter, 95th percentile, provincial centre",
        label_vi="Thời gian chờ tại quầy trong quý, phân vị 95, Trung tâm tỉnh",
        description="The wait at the provincial centre's counters that 95 in 100 walk-ins "
        "served in the quarter did not exceed.",
    ),
    MetricFamily(
        pattern="share_wait_over_30min.provincial_centre.<quarter>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share waiting over 30 minutes in the quarter, provincial centre",
        label_vi="Tỷ lệ chờ quá 30 phút trong quý, Trung tâm tỉnh",
        description="Share of the walk-ins served at the provincial centre in the quarter who "
        "waited longer than the national 30-minute target.",
    ),
    MetricFamily(
        pattern="share_wait_over_15min.provincial_centre.<quarter>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share waiting over 15 minutes in the quarter, provincial centre",
        label_vi="Tỷ lệ chờ quá 15 phút trong quý, Trung tâm tỉnh",
        description="Share of the walk-ins served at the provincial centre in the quarter who "
        "waited longer than the national 15-minute target for 2025.",
    ),
)
