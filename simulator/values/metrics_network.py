"""Catalogue rows: the plain queueing network (``kind = "network"``).

Times are in the scenario's own unit; counts start after the warm-up. ``arrivals`` and
``utilisation.<resource>`` are shared with the one-stop model (``metrics_outcomes``,
``metrics_service``).
"""

from __future__ import annotations

from simulator.values.metric_types import NETWORK, MetricFamily, Unit
from simulator.values.metric_types import MetricKind as Kind

NETWORK_FAMILIES = (
    MetricFamily(
        pattern="served",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Customers served",
        label_vi="Số khách được phục vụ",
        description="Customers who entered after the warm-up and left the network before the "
        "end of the run.",
        models=NETWORK,
    ),
    MetricFamily(
        pattern="in_system_at_end",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Customers still in the system at the end",
        label_vi="Số khách còn trong hệ thống cuối kỳ",
        description="Counted arrivals not yet served when the run ends; a large share of "
        "arrivals means the network is overloaded.",
        models=NETWORK,
    ),
    MetricFamily(
        pattern="sojourn_mean",
        unit=Unit.TIME_UNITS,
        kind=Kind.MEAN,
        label_en="Mean time in system",
        label_vi="Thời gian trung bình trong hệ thống",
        description="Time from entering the network to leaving it, averaged over customers served.",
        headline=True,
        models=NETWORK,
    ),
    MetricFamily(
        pattern="arrivals.<station>",
        unit=Unit.COUNT,
        kind=Kind.COUNT,
        label_en="Arrivals at the station",
        label_vi="Số lượt đến trạm",
        description="Customers reaching the station after the warm-up, set by the arrival rate "
        "and the routing probabilities.",
        identity=True,
        models=NETWORK,
    ),
    MetricFamily(
        pattern="wait_mean.<station>",
        unit=Unit.TIME_UNITS,
        kind=Kind.MEAN,
        label_en="Mean wait before service",
        label_vi="Thời gian chờ trung bình trước khi được phục vụ",
        description="Time a customer queues at the station before a server takes it.",
        headline=True,
        models=NETWORK,
    ),
    MetricFamily(
        pattern="wait_p95.<station>",
        unit=Unit.TIME_UNITS,
        kind=Kind.PERCENTILE,
        label_en="Wait before service, 95th percentile",
        label_vi="Thời gian chờ trước khi được phục vụ, phân vị 95",
        description="The queueing time at the station that 95 in 100 customers do not exceed.",
        models=NETWORK,
    ),
    MetricFamily(
        pattern="share_wait_over_limit.<station>",
        unit=Unit.SHARE,
        kind=Kind.SHARE,
        label_en="Share waiting longer than the station's limit",
        label_vi="Tỷ lệ chờ quá giới hạn của trạm",
        description="Share of customers who queue at the station longer than its wait_limit "
        "(a service level; Erlang C gives it for M/M/c); only for stations with a wait_limit.",
        models=NETWORK,
    ),
    MetricFamily(
        pattern="queue_length_mean.<station>",
        unit=Unit.COUNT,
        kind=Kind.TIME_AVERAGE,
        label_en="Mean queue length",
        label_vi="Độ dài hàng chờ trung bình",
        description="Customers waiting at the station, averaged over time.",
        models=NETWORK,
    ),
    MetricFamily(
        pattern="in_service_mean.<station>",
        unit=Unit.COUNT,
        kind=Kind.TIME_AVERAGE,
        label_en="Mean customers in service",
        label_vi="Số khách đang được phục vụ trung bình",
        description="Busy servers at the station, averaged over time.",
        models=NETWORK,
    ),
    MetricFamily(
        pattern="arrival_rate.<station>",
        unit=Unit.PER_TIME_UNIT,
        kind=Kind.RATE,
        label_en="Arrival rate at the station",
        label_vi="Tần suất đến trạm",
        description="Customers reaching the station per time unit, set by the arrival rate and "
        "the routing probabilities.",
        identity=True,
        models=NETWORK,
    ),
)
