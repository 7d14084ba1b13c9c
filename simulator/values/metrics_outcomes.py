"""Catalogue rows: dossier flow, outcomes and backlog of a one-stop run (whole horizon).

Counts are the report's own quantities (Q1/2022: handled, online, resolved, on time,
late, pending); see ``simulator.values.metrics`` for how the rows are read.
"""

from __future__ import annotations

from simulator.values.metric_types import BOTH, MetricFamily, Unit
from simulator.values.metric_types import MetricKind as Kind

FLOW = (
    MetricFamily(
        pattern="arrivals",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Arrivals (new dossiers or customers)",
        label_vi="Số lượt đến (hồ sơ mới hoặc khách)",
        description="New dossiers submitted in the horizon, set by arrivals.expected_new less "
        "walk-ins who gave up (one-stop), or customers arriving after the warm-up (network).",
        identity=True,
        models=BOTH,
    ),
    MetricFamily(
        pattern="carried_over",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Dossiers carried over",
        label_vi="Hồ sơ kỳ trước chuyển sang",
        description="Dossiers still open from the previous period at the start of the horizon; "
        "a constant of the scenario.",
        identity=True,
    ),
    MetricFamily(
        pattern="handled",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Dossiers handled (new and carried over)",
        label_vi="Tổng số hồ sơ tiếp nhận (mới và kỳ trước chuyển sang)",
        description="New dossiers plus those carried over: the report's total of dossiers "
        "received; each is counted once in resolved, returned_or_withdrawn or one kind of "
        "pending (HANDLED_PARTS).",
        console=True,
        identity=True,
    ),
    MetricFamily(
        pattern="walkin",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Walk-in dossiers",
        label_vi="Hồ sơ nộp trực tiếp",
        description="Dossiers submitted in person at a counter, set by the scenario's channel "
        "shares.",
        identity=True,
    ),
    MetricFamily(
        pattern="postal",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Postal dossiers",
        label_vi="Hồ sơ nộp qua bưu chính",
        description="Dossiers submitted through the postal service (VNPost), set by the "
        "scenario's channel shares.",
        identity=True,
    ),
    MetricFamily(
        pattern="walkin_and_postal",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Walk-in and postal dossiers",
        label_vi="Hồ sơ nộp trực tiếp và qua bưu chính",
        description="Walk-in plus postal dossiers, as the report gives them together.",
        identity=True,
    ),
    MetricFamily(
        pattern="online",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Online dossiers",
        label_vi="Hồ sơ nộp trực tuyến",
        description="Dossiers submitted online through the public-service portal, set by the "
        "scenario's channel shares.",
        identity=True,
    ),
    MetricFamily(
        pattern="online_share",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Online share of dossiers handled",
        label_vi="Tỷ lệ hồ sơ nộp trực tuyến",
        description="Online dossiers divided by dossiers handled: the scenario's online share.",
        console=True,
        identity=True,
    ),
)

OUTCOMES = (
    MetricFamily(
        pattern="resolved",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Dossiers resolved",
        label_vi="Hồ sơ đã giải quyết",
        description="Dossiers whose result was issued and closed in the system within the horizon.",
        console=True,
    ),
    MetricFamily(
        pattern="resolved_on_time",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Resolved on time",
        label_vi="Hồ sơ giải quyết đúng và trước hạn",
        description="Resolved dossiers closed on or before their statutory deadline.",
    ),
    MetricFamily(
        pattern="resolved_late",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Resolved late",
        label_vi="Hồ sơ giải quyết trễ hạn",
        description="Resolved dossiers closed after their statutory deadline.",
        console=True,
    ),
    MetricFamily(
        pattern="on_time_rate",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="On-time rate",
        label_vi="Tỷ lệ giải quyết đúng hạn",
        description="Share of resolved dossiers closed on or before their deadline.",
        console=True,
    ),
    MetricFamily(
        pattern="late_rate",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Late rate (share of resolved)",
        label_vi="Tỷ lệ trễ hạn (trên số đã giải quyết)",
        description="Share of resolved dossiers closed after their deadline.",
        headline=True,
        console=True,
    ),
    MetricFamily(
        pattern="returned_or_withdrawn",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Returned or withdrawn",
        label_vi="Hồ sơ trả lại hoặc rút",
        description="Dossiers returned to the citizen as incomplete or withdrawn within the "
        "horizon.",
        console=True,
    ),
    MetricFamily(
        pattern="late_due_to_closing_lag",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Late only because of the closing lag",
        label_vi="Trễ hạn chỉ do kết thúc chậm trên hệ thống",
        description="Late dossiers whose paper result was ready in time but which were closed "
        "in the information system after the deadline.",
        console=True,
    ),
    MetricFamily(
        pattern="late_due_to_processing",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Late because the paper result itself was late",
        label_vi="Trễ hạn do kết quả giấy đã trễ",
        description="Late dossiers whose paper result came after the deadline (agency queues, "
        "transfers between agencies, approval), whatever the closing.",
    ),
    MetricFamily(
        pattern="closing_delay_mean_days",
        unit=Unit.WORKING_DAYS,
        kind=Kind.MEAN,
        label_en="Mean delay from result to closing",
        label_vi="Thời gian trung bình từ khi có kết quả đến khi kết thúc trên hệ thống",
        description="Working days from the paper result to the closing action in the "
        "information system, over resolved dossiers (0 for results recorded as made).",
    ),
    MetricFamily(
        pattern="closed_as_made_share",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share of results recorded as they are made",
        label_vi="Tỷ lệ kết quả được cập nhật ngay khi có",
        description="Resolved dossiers closed in the system at the moment their result was "
        "made (electronic processing and signature, or closed as handed over).",
    ),
    MetricFamily(
        pattern="closing_entries",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Results entered by officers",
        label_vi="Số kết quả cán bộ nhập lên hệ thống",
        description="Paper results an officer entered in the information system in an entry "
        "session or after a reminder (officer work on top of processing).",
    ),
    MetricFamily(
        pattern="cycle_time_mean_days",
        unit=Unit.WORKING_DAYS,
        kind=Kind.MEAN,
        label_en="Mean time from arrival to closing",
        label_vi="Thời gian trung bình từ khi nộp đến khi đóng hồ sơ",
        description="Working days from submission to closing, averaged over the new dossiers "
        "resolved in the horizon.",
        console=True,
    ),
    MetricFamily(
        pattern="supplements_asked",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Supplements asked for",
        label_vi="Số lần yêu cầu bổ sung hồ sơ",
        description="Requests for missing documents made within the horizon: by the first "
        "agency for walk-in and postal dossiers, at review for online ones (at most one each).",
    ),
    MetricFamily(
        pattern="supplement_requests_over_limit",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Supplement requests after the 3-working-day limit",
        label_vi="Yêu cầu bổ sung hồ sơ quá 3 ngày làm việc",
        description="Agency requests for supplements made more than "
        "processing.supplement_request_limit_days working days after receipt (Decree 61/2018); "
        "the clock then pauses instead of restarting.",
    ),
)

BACKLOG = (
    MetricFamily(
        pattern="pending_within_deadline",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Pending within deadline at the end",
        label_vi="Đang giải quyết trong hạn cuối kỳ",
        description="Dossiers received (online: accepted) and in processing at the end of the "
        "horizon whose deadline has not passed (the report's definition); not those awaiting "
        "review, a supplement or reception.",
        headline=True,
        console=True,
    ),
    MetricFamily(
        pattern="pending_overdue",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Pending overdue at the end",
        label_vi="Đang giải quyết quá hạn cuối kỳ",
        description="Dossiers received and in processing at the end of the horizon whose "
        "deadline has passed.",
        headline=True,
        console=True,
    ),
    MetricFamily(
        pattern="pending_awaiting_review",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Online dossiers awaiting review at the end",
        label_vi="Hồ sơ trực tuyến chờ xem xét, tiếp nhận cuối kỳ",
        description="Online dossiers neither accepted nor refused at the end of the horizon "
        "(submitted, or their supplement uploaded, and not yet answered): no deadline runs yet.",
        headline=True,
        console=True,
    ),
    MetricFamily(
        pattern="pending_awaiting_supplement",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Awaiting the citizen's supplement at the end",
        label_vi="Chờ công dân bổ sung hồ sơ cuối kỳ",
        description="Dossiers asked for a supplement that the citizen had not yet brought, "
        "posted or uploaded at the end of the horizon.",
    ),
    MetricFamily(
        pattern="pending_awaiting_reception",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Walk-ins not yet received at the end",
        label_vi="Hồ sơ trực tiếp chưa được tiếp nhận cuối kỳ",
        description="Walk-in dossiers not yet received at a counter at the end of the horizon "
        "(sent home at the last closing, coming back).",
    ),
)

# Every dossier handled is counted once, in exactly one of these (a walk-in who gave up
# is not handled): handled = the sum of their values.
HANDLED_PARTS = (
    "resolved",
    "returned_or_withdrawn",
    "pending_within_deadline",
    "pending_overdue",
    "pending_awaiting_review",
    "pending_awaiting_supplement",
    "pending_awaiting_reception",
)
