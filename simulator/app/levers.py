"""The what-if page's levers: which scenario keys a planner moves, and how they are shown.

Each lever is a key path of a one-stop scenario with its widget (a whole number, a share, a
choice) and its labels. A moved lever becomes the ``--set KEY=VALUE`` text the command line
takes, so a bad value gets the command line's own one-line error, and the scenario the page
runs is the one ``onestop run --set ...`` would run.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from simulator.values.document import get_key_path, toml_value


class Widget(Enum):
    WHOLE = "whole"  # a count: counters, staff, officers
    SHARE = "share"  # 0..1, shown as percent
    DAYS = "days"  # working days, one decimal
    CHOICE = "choice"  # one of ``choices``


@dataclass(frozen=True, kw_only=True)
class Lever:
    key: str
    widget: Widget
    label_en: str
    label_vi: str
    choices: tuple[str, ...] = ()
    agency: str = ""  # the agency whose officers the lever sets (its name in the scenario)

    def label(self, lang: str) -> str:
        return self.label_vi if lang == "vi" else self.label_en

    def current(self, document: Any) -> Any:
        """The lever's value in a scenario document (None if the scenario lacks the key)."""
        try:
            return get_key_path(document.data, self.key)
        except (KeyError, IndexError, TypeError):
            return None


def _agency(index: int, agency: str, name_en: str, name_vi: str) -> Lever:
    """Officers of one agency; its index in the baseline's [[agencies]] (a test holds it)."""
    return Lever(
        key=f"agencies[{index}].officers",
        agency=agency,
        widget=Widget.WHOLE,
        label_en=f"Officers: {name_en}",
        label_vi=f"Số cán bộ: {name_vi}",
    )


LEVERS = (
    Lever(
        key="sites.district.counters_by_district.kon_tum_city",
        widget=Widget.WHOLE,
        label_en="Counters at the Kon Tum city section",
        label_vi="Số quầy tại bộ phận một cửa TP Kon Tum",
    ),
    Lever(
        key="sites.district.counters.section",
        widget=Widget.WHOLE,
        label_en="Counters at each other district section",
        label_vi="Số quầy tại mỗi bộ phận một cửa huyện khác",
    ),
    # VNPost's staff at the provincial centre are its counters, by sector (issue 12): the two
    # largest sectors are the levers a planner moves first
    Lever(
        key="sites.provincial.counters.transport",
        widget=Widget.WHOLE,
        label_en="VNPost counters at the provincial centre: transport",
        label_vi="Quầy Bưu điện tại Trung tâm tỉnh: lĩnh vực giao thông vận tải",
    ),
    Lever(
        key="sites.provincial.counters.other",
        widget=Widget.WHOLE,
        label_en="VNPost counters at the provincial centre: other sectors",
        label_vi="Quầy Bưu điện tại Trung tâm tỉnh: các lĩnh vực khác",
    ),
    Lever(
        key="sites.provincial.reviewers",
        widget=Widget.WHOLE,
        label_en="Online reviewers at the provincial centre",
        label_vi="Cán bộ tiếp nhận trực tuyến tại Trung tâm tỉnh",
    ),
    Lever(
        key="channels.online",
        widget=Widget.SHARE,
        label_en="Online share of dossiers",
        label_vi="Tỷ lệ hồ sơ nộp trực tuyến",
    ),
    Lever(
        key="location_independence.scope",
        widget=Widget.CHOICE,
        label_en="Location-independent submission",
        label_vi="Tiếp nhận không phụ thuộc địa giới hành chính",
        choices=("none", "pilot", "all"),
    ),
    Lever(
        key="closing.session_every_days",
        widget=Widget.DAYS,
        label_en="Results entered in the system every ... working days (0: at once)",
        label_vi="Cập nhật kết quả lên hệ thống sau mỗi ... ngày làm việc (0: ngay)",
    ),
    _agency(
        6,
        "dept_natural_resources",
        "Dept. of Natural Resources and Environment",
        "Sở Tài nguyên và Môi trường",
    ),
    _agency(2, "district_land_office", "land registration branches", "Chi nhánh VPĐK đất đai"),
    Lever(
        key="processing.discipline",
        widget=Widget.CHOICE,
        label_en="Agencies take next",
        label_vi="Cơ quan xử lý hồ sơ tiếp theo",
        choices=("fifo", "edf"),
    ),
)
CHOICE_LABELS = {
    "none": ("none (baseline)", "không (như hiện nay)"),
    "pilot": ("the 2022 pilot's procedures", "các thủ tục thí điểm 2022"),
    "all": ("every provincial procedure", "mọi thủ tục cấp tỉnh"),
    "fifo": ("first come, first served", "đến trước, làm trước"),
    "edf": ("earliest deadline first", "hạn sớm nhất làm trước"),
}


def choice_label(choice: str, lang: str) -> str:
    return CHOICE_LABELS.get(choice, (choice, choice))[lang == "vi"]


def set_texts(levers: dict[str, Any], document: Any) -> list[str]:
    """``KEY=VALUE`` for each lever moved away from its value in the base document."""
    by_key = {lever.key: lever for lever in LEVERS}
    texts = []
    for key, value in levers.items():
        lever = by_key[key]
        if value is None or _same(lever.current(document), value, lever):
            continue
        texts.append(f"{key}={toml_value(value)}")
        if key == "channels.online":
            texts.append(f"channels.walkin={toml_value(_walkin(value, document))}")
    return texts


def _walkin(online: float, document: Any) -> float:
    """Walk-ins take what online does not (postal stays), so the shares still sum to one."""
    channels = document.data.get("channels", {})
    return round(1.0 - float(online) - float(channels.get("postal", 0.0)), 6)


def _same(current: Any, value: Any, lever: Lever) -> bool:
    if lever.widget is Widget.CHOICE:
        return current == value or (current is None and value == lever.choices[0])
    return current is not None and abs(float(current) - float(value)) < 1e-12
