"""The web page's words in English and Vietnamese (metric labels come from the catalogue)."""

from __future__ import annotations

UI = {
    "en": {
        "language": "Language",
        "page": "Page",
        "baseline": "Baseline",
        "whatif": "What-if",
        "projection": "Projection",
        "upload": "Upload",
        "about": "About",
        "title": "Kon Tum one-stop shops: a planner's workbench",
        "reps": "Replications",
        "seed": "Seed",
        "run": "Run",
        "cancel": "Cancel",
        "cancelled": "Cancelled.",
        "base": "Base scenario",
        "levers": "Levers",
        "running": "Running replications in worker processes…",
        "results": "Results: the change against the base (paired, 95% intervals)",
        "nothing_moved": "Move a lever first: the alternative is the base unchanged.",
        "download_toml": "Scenario (TOML)",
        "download_xlsx": "Excel workbook",
        "download_html": "HTML report",
        "baseline_intro": "The calibrated Q1/2022 baseline against the figures of the "
        "province's Q1/2022 report.",
        "reported": "Reported",
        "simulated": "Simulated",
        "interval": "95% interval",
        "tolerance": "Tolerance",
        "within": "Within tolerance",
        "metric": "Metric",
        "yes": "yes",
        "no": "no",
        "quarters": "Quarters",
        "scenario": "Scenario",
        "upload_help": "A scenario file (TOML); a file that extends a shipped scenario names "
        'it as scenarios/ does (extends = "baseline_q1_2022.toml").',
        "upload_ok": "{name}: a valid {kind} scenario.",
        "took": "{seconds:.1f} s",
        "staffing": "Staffing",
        "staffing_intro": "How many counters the provincial centre needs for Decision 468's 2025 "
        "target (at most 5% of walk-ins waiting over 15 minutes), found by `onestop staff` on "
        "common random numbers and checked on fresh replications (March 2022).",
        "staffing_missing": "No committed staffing run: `make staffing-example` writes one.",
        "staffing_pool": "Counter pool",
        "staffing_start": "Today",
        "staffing_found": "Found",
        "staffing_check": "Replications",
        "staffing_search": "search",
        "staffing_final": "fresh check",
        "staffing_met": "Met (95%)",
        "staffing_effort": "Cost {cost:g}; {evaluations} evaluations in {seconds:.0f} s; "
        "fresh check passed: {passed}.",
        "watch": "Watch a day",
        "watch_intro": "One working day of {scenario} at one site's counters: citizens queueing "
        "per counter pool, counters busy or free, those sent home at closing; play, pause, "
        "speed and a time slider (onestop animate).",
        "site": "Site",
        "day": "Day",
        "watch_run": "Watch",
        "watch_running": "Simulating up to the end of that day…",
        "watch_download": "Animation (HTML)",
    },
    "vi": {
        "language": "Ngôn ngữ",
        "page": "Trang",
        "baseline": "Kịch bản gốc",
        "whatif": "Giả định",
        "projection": "Dự báo",
        "upload": "Tải lên",
        "about": "Giới thiệu",
        "title": "Bộ phận một cửa tỉnh Kon Tum: công cụ cho người lập kế hoạch",
        "reps": "Số lần lặp",
        "seed": "Hạt giống",
        "run": "Chạy",
        "cancel": "Hủy",
        "cancelled": "Đã hủy.",
        "base": "Kịch bản gốc",
        "levers": "Các đòn bẩy",
        "running": "Đang chạy các lần lặp trong các tiến trình…",
        "results": "Kết quả: thay đổi so với kịch bản gốc (theo cặp, khoảng tin cậy 95%)",
        "nothing_moved": "Hãy thay đổi một đòn bẩy trước: phương án đang giống kịch bản gốc.",
        "download_toml": "Kịch bản (TOML)",
        "download_xlsx": "Bảng tính Excel",
        "download_html": "Báo cáo HTML",
        "baseline_intro": "Kịch bản gốc quý I/2022 đã hiệu chỉnh, so với số liệu báo cáo "
        "quý I/2022 của tỉnh.",
        "reported": "Báo cáo",
        "simulated": "Mô phỏng",
        "interval": "Khoảng tin cậy 95%",
        "tolerance": "Dung sai",
        "within": "Trong dung sai",
        "metric": "Chỉ số",
        "yes": "có",
        "no": "không",
        "quarters": "Số quý",
        "scenario": "Kịch bản",
        "upload_help": "Tệp kịch bản (TOML); tệp kế thừa một kịch bản có sẵn ghi tên như trong "
        'thư mục scenarios/ (extends = "baseline_q1_2022.toml").',
        "upload_ok": "{name}: kịch bản {kind} hợp lệ.",
        "took": "{seconds:.1f} giây",
        "staffing": "Bố trí nhân sự",
        "staffing_intro": "Trung tâm tỉnh cần bao nhiêu quầy để đạt mục tiêu năm 2025 của Quyết "
        "định 468 (không quá 5% người nộp trực tiếp chờ quá 15 phút), tìm bằng `onestop staff` "
        "trên cùng các số ngẫu nhiên và kiểm tra lại bằng các lần lặp mới (tháng 3/2022).",
        "staffing_missing": "Chưa có kết quả bố trí nhân sự: `make staffing-example` tạo kết quả.",
        "staffing_pool": "Nhóm quầy",
        "staffing_start": "Hiện nay",
        "staffing_found": "Đề xuất",
        "staffing_check": "Các lần lặp",
        "staffing_search": "tìm kiếm",
        "staffing_final": "kiểm tra mới",
        "staffing_met": "Đạt (95%)",
        "staffing_effort": "Chi phí {cost:g}; {evaluations} lần đánh giá trong {seconds:.0f} giây; "
        "đạt khi kiểm tra mới: {passed}.",
        "watch": "Xem một ngày",
        "watch_intro": "Một ngày làm việc của {scenario} tại các quầy của một nơi tiếp nhận: "
        "người dân xếp hàng theo nhóm quầy, quầy bận hay rảnh, người phải về khi hết giờ; "
        "phát, tạm dừng, tốc độ và thanh thời gian (onestop animate).",
        "site": "Nơi tiếp nhận",
        "day": "Ngày",
        "watch_run": "Xem",
        "watch_running": "Đang mô phỏng đến hết ngày đó…",
        "watch_download": "Hoạt hình (HTML)",
    },
}

ABOUT = {
    "en": """
**Method.** An event-driven simulation (SimPy) of the one-stop system for administrative
procedures of Kon Tum province: walk-in, postal and online dossiers, reception counters
(VNPost staff at the provincial centre, who receive, scan and hand back results), agencies
working against deadlines in working days, and results closed in the information system. Each
run is a set of independent replications; a what-if runs the base and the alternative on common
random numbers, so their difference is paired and
its 95% interval narrow. Every page runs the same engine as the `onestop` command line.

**Assumptions.** Every parameter of a shipped scenario carries its source or an `ASSUMPTION:`
comment with its reasoning (`scenarios/baseline_q1_2022_uncalibrated.toml`); the calibrated
baseline fits the closing mechanism to the Q1/2022 report.

**Sources.** The Kon Tum Q1/2022 report on administrative procedures; Decree 61/2018/NĐ-CP;
Directive 02/CT-TTg; Decision 766/QĐ-TTg (see the README and `docs/`).

**Citation and licence.** See `CITATION.cff`; MIT licence (`LICENSE`).
""",
    "vi": """
**Phương pháp.** Mô phỏng sự kiện rời rạc (SimPy) hệ thống một cửa giải quyết thủ tục hành
chính tỉnh Kon Tum: hồ sơ nộp trực tiếp, qua bưu chính và trực tuyến, quầy tiếp nhận (nhân viên
Bưu điện tiếp nhận, số hóa và trả kết quả tại Trung tâm tỉnh), cơ quan giải quyết theo thời
hạn tính bằng ngày làm việc, và việc cập nhật kết quả trên hệ thống thông tin.
Mỗi lần chạy gồm nhiều lần lặp độc lập; một giả định chạy kịch bản
gốc và phương án trên cùng các số ngẫu nhiên, nên chênh lệch được ghép cặp và khoảng tin cậy 95%
hẹp. Mọi trang dùng cùng mô hình với lệnh `onestop`.

**Giả định.** Mỗi tham số trong các kịch bản kèm nguồn hoặc chú thích `ASSUMPTION:` nêu lý do
(`scenarios/baseline_q1_2022_uncalibrated.toml`); kịch bản gốc đã hiệu chỉnh cơ chế cập nhật kết
quả theo báo cáo quý I/2022.

**Nguồn.** Báo cáo quý I/2022 của tỉnh Kon Tum về giải quyết thủ tục hành chính; Nghị định
61/2018/NĐ-CP; Chỉ thị 02/CT-TTg; Quyết định 766/QĐ-TTg (xem README và `docs/`).

**Trích dẫn và giấy phép.** Xem `CITATION.cff`; giấy phép MIT (`LICENSE`).
""",
}
