"""Catalogue rows: counter waits, citizens' travel, online review and back-office resources.

Per-site, per-district and per-resource metrics have one row each, with a placeholder
for the part after the dot; see ``simulator.values.metrics``.
"""

from __future__ import annotations

from simulator.values.metric_types import BOTH, MetricFamily, Unit
from simulator.values.metric_types import MetricKind as Kind

WAITS = (
    MetricFamily(
        pattern="counter_wait_mean_min.<site>",
        unit=Unit.MINUTES,
        kind=Kind.MEAN,
        label_en="Mean counter wait",
        label_vi="Thời gian chờ trung bình tại quầy",
        description="Open minutes a walk-in citizen waits at the site's reception counters "
        "before being served (a lunch break inside the wait does not count).",
        headline=True,
        console=True,
    ),
    MetricFamily(
        pattern="counter_wait_p95_min.<site>",
        unit=Unit.MINUTES,
        kind=Kind.PERCENTILE,
        label_en="Counter wait, 95th percentile",
        label_vi="Thời gian chờ tại quầy, phân vị 95",
        description="The counter wait at the site (open minutes) that 95 in 100 walk-ins do "
        "not exceed.",
    ),
    MetricFamily(
        pattern="share_wait_over_30min.<site>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share waiting over 30 minutes",
        label_vi="Tỷ lệ chờ quá 30 phút",
        description="Share of walk-ins at the site who wait longer than the national 30-minute "
        "target, in open minutes.",
        headline=True,
        console=True,
    ),
    MetricFamily(
        pattern="share_wait_over_15min.<site>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share waiting over 15 minutes",
        label_vi="Tỷ lệ chờ quá 15 phút",
        description="Share of walk-ins at the site who wait longer than 15 minutes, in open "
        "minutes: Decision 468/QĐ-TTg's waiting-time target for 2025.",
    ),
    MetricFamily(
        pattern="counter_wait_mean_min",
        unit=Unit.MINUTES,
        kind=Kind.MEAN,
        label_en="Mean counter wait, all sites",
        label_vi="Thời gian chờ trung bình tại quầy, mọi điểm tiếp nhận",
        description="Open minutes a walk-in citizen waits at a reception counter, over all sites.",
    ),
    MetricFamily(
        pattern="counter_wait_p95_min",
        unit=Unit.MINUTES,
        kind=Kind.PERCENTILE,
        label_en="Counter wait, 95th percentile, all sites",
        label_vi="Thời gian chờ tại quầy, phân vị 95, mọi điểm tiếp nhận",
        description="The counter wait (open minutes) that 95 in 100 walk-ins do not exceed, "
        "over all sites.",
    ),
    MetricFamily(
        pattern="share_wait_over_30min",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share waiting over 30 minutes, all sites",
        label_vi="Tỷ lệ chờ quá 30 phút, mọi điểm tiếp nhận",
        description="Share of walk-ins, over all sites, who wait longer than the national "
        "30-minute target, in open minutes.",
    ),
    MetricFamily(
        pattern="share_wait_over_15min",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share waiting over 15 minutes, all sites",
        label_vi="Tỷ lệ chờ quá 15 phút, mọi điểm tiếp nhận",
        description="Share of walk-ins, over all sites, who wait longer than 15 minutes (the "
        "2025 target of Decision 468/QĐ-TTg), in open minutes.",
    ),
    MetricFamily(
        pattern="counter_wait_overnight_share.<site>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Counter waits across a closure",
        label_vi="Tỷ lệ lượt chờ tại quầy kéo qua giờ nghỉ",
        description="Share of walk-in reception waits at the site that spanned a closed period "
        "(the lunch break): they waited through it, though the counter wait counts only open "
        "minutes. A share of visits, not of minutes, since a closure's length is fixed by the "
        "timetable and what a planner can change is how many are kept over it.",
    ),
    MetricFamily(
        pattern="counter_wait_overnight_share",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Counter waits across a closure, all sites",
        label_vi="Tỷ lệ lượt chờ tại quầy kéo qua giờ nghỉ, mọi điểm tiếp nhận",
        description="Share of walk-in reception waits, over all sites, that spanned a closed "
        "period (the lunch break).",
    ),
    MetricFamily(
        pattern="pickup_wait_mean_min.<site>",
        unit=Unit.MINUTES,
        kind=Kind.MEAN,
        label_en="Mean wait to pick up a result",
        label_vi="Thời gian chờ trung bình để nhận kết quả tại quầy",
        description="Open minutes a citizen coming back for a result waits at the site's "
        "counters (the same queue as reception); sites that hand results over the counter.",
    ),
    MetricFamily(
        pattern="pickup_wait_mean_min",
        unit=Unit.MINUTES,
        kind=Kind.MEAN,
        label_en="Mean wait to pick up a result, all sites",
        label_vi="Thời gian chờ trung bình để nhận kết quả tại quầy, mọi điểm tiếp nhận",
        description="Open minutes a citizen coming back for a result waits at a counter, over "
        "all sites.",
    ),
    MetricFamily(
        pattern="results_picked_up",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Results picked up at a counter",
        label_vi="Kết quả trả tại quầy",
        description="Pick-up tickets served at a counter in the horizon: walk-ins' results "
        "and level-3 online results handed back over the counter.",
    ),
    MetricFamily(
        pattern="results_by_post",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Results returned by post",
        label_vi="Kết quả trả qua dịch vụ bưu chính",
        description="Resolved dossiers whose result VNPost delivers by post: postal dossiers "
        "and walk-ins who asked for it.",
    ),
    MetricFamily(
        pattern="walkins_returned_next_day",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Walk-ins sent home at closing",
        label_vi="Lượt người dân phải quay lại hôm sau",
        description="Walk-ins still queuing when the counters closed, who come back the next "
        "working day.",
    ),
    MetricFamily(
        pattern="walkins_gave_up",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Walk-ins who gave up",
        label_vi="Lượt người dân bỏ về không nộp hồ sơ",
        description="Walk-ins sent home at closing who did not come back, so their dossiers "
        "were never handled.",
    ),
)

CITIZENS = (
    MetricFamily(
        pattern="travel_hours_total",
        unit=Unit.HOURS,
        kind=Kind.TOTAL,
        label_en="Citizens' travel hours (total)",
        label_vi="Tổng số giờ đi lại của người dân",
        description="Round-trip hours citizens spend travelling to counters to submit, bring "
        "supplements and pick up results.",
        headline=True,
        console=True,
    ),
    MetricFamily(
        pattern="travel_hours_per_walkin",
        unit=Unit.HOURS,
        kind=Kind.MEAN,
        label_en="Travel hours per walk-in dossier",
        label_vi="Số giờ đi lại mỗi hồ sơ nộp trực tiếp",
        description="Round-trip travel hours per walk-in dossier, all its visits together.",
        headline=True,
        console=True,
    ),
    MetricFamily(
        pattern="visits_per_dossier",
        unit=Unit.VISITS,
        kind=Kind.MEAN,
        label_en="Citizens' visits per dossier",
        label_vi="Số lần người dân đến nơi nộp mỗi hồ sơ",
        description="Trips to a counter per dossier: to submit, to bring supplements and to "
        "pick up the result.",
        headline=True,
        console=True,
    ),
    MetricFamily(
        pattern="travel_hours_total.<district>",
        unit=Unit.HOURS,
        kind=Kind.TOTAL,
        label_en="Citizens' travel hours (total)",
        label_vi="Tổng số giờ đi lại của người dân",
        description="Round-trip travel hours of the citizens living in the district.",
    ),
    MetricFamily(
        pattern="visits_per_dossier.<district>",
        unit=Unit.VISITS,
        kind=Kind.MEAN,
        label_en="Citizens' visits per dossier",
        label_vi="Số lần người dân đến nơi nộp mỗi hồ sơ",
        description="Trips to a counter per dossier of the citizens living in the district.",
    ),
)

ONLINE = (
    MetricFamily(
        pattern="online_reviews",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Online reviews answered",
        label_vi="Lượt xem xét hồ sơ trực tuyến đã trả lời",
        description="Reviews of online dossiers answered within the horizon (accepted, refused "
        "or asked for a supplement); a dossier whose supplement is uploaded is reviewed again.",
    ),
    MetricFamily(
        pattern="online_review_within_8h_share",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Answered online reviews within 8 working hours",
        label_vi="Tỷ lệ lượt xem xét hồ sơ trực tuyến đã trả lời trong 8 giờ làm việc",
        description="Share of the online reviews answered within the horizon that were answered "
        "within the limit; reviews still waiting at the end are left out (see "
        "online_review_over_limit_share).",
    ),
    MetricFamily(
        pattern="online_review_over_limit",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Online reviews over the 8-working-hour limit",
        label_vi="Lượt xem xét hồ sơ trực tuyến quá 8 giờ làm việc",
        description="Online reviews not answered (accepted, refused or asked for a supplement) "
        "within reception.review_limit_hours working hours: answered late within the horizon, "
        "or still waiting at its end with the limit already passed.",
    ),
    MetricFamily(
        pattern="online_review_over_limit_share",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share of online reviews over the 8-working-hour limit",
        label_vi="Tỷ lệ lượt xem xét hồ sơ trực tuyến quá 8 giờ làm việc",
        description="online_review_over_limit divided by the online reviews answered within the "
        "horizon plus those still waiting at its end past their limit (a review still within "
        "its limit at the end is in neither).",
        headline=True,
    ),
    MetricFamily(
        pattern="online_results_at_counter",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Online results picked up at a counter",
        label_vi="Kết quả hồ sơ trực tuyến nhận tại quầy",
        description="Resolved online dossiers whose result the citizen fetches at a counter.",
    ),
    MetricFamily(
        pattern="online_fee_payments",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Fees paid online",
        label_vi="Hồ sơ thanh toán phí trực tuyến",
        description="Dossiers whose fee is paid online, drawn from the scenario's online "
        "payment shares.",
        identity=True,
    ),
)

BACK_OFFICE = (
    MetricFamily(
        pattern="digitisation_time_mean_min.<pool>",
        unit=Unit.WORKING_MINUTES,
        kind=Kind.MEAN,
        label_en="Reception to digitised",
        label_vi="Từ tiếp nhận đến số hóa xong",
        description="Working minutes from reception until the pool's staff have scanned the "
        "dossier, queue included.",
        headline=True,
    ),
    MetricFamily(
        pattern="utilisation.<resource>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Utilisation",
        label_vi="Hệ số sử dụng (tỷ lệ thời gian bận)",
        description="Share of the resource's working capacity spent busy: a site's counters, "
        "digitisation staff, online reviewers, an agency's officers or a station's servers. "
        "Only busy minutes inside the open hours of the horizon count (a walk-in served past "
        "closing, a job still running at the end), so it is at most 1.",
        models=BOTH,
    ),
)
