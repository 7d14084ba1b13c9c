"""The comparison report: one self-contained HTML file (figures embedded) for planners.

It states the question, the scenarios and what each changes relative to the base
(read from the resolved scenario files), a headline table, difference charts
with paired 95% intervals, and the full table. ``lang`` is "en" or "vi". Which metrics
are headlines, and their labels and units, come from the metric catalogue
(``simulator.values.metrics``).
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from simulator.execution.compare import COLUMNS
from simulator.output.readable import difference, label_with_unit, value
from simulator.output.sentences import change_sentence
from simulator.output.storage import atomic_write_text

# headline_metrics stays importable from here: the compare and sensitivity commands use it
from simulator.values.metrics import headline_metrics

TEXT = {
    "en": {
        "title": "Scenario comparison",
        "question": "What changes if the one-stop system is run as in each alternative scenario "
        "instead of the base scenario?",
        "method": "All scenarios ran {reps} replications with seed {seed} on common random "
        "numbers; differences are ALT − BASE with paired 95% Student-t intervals. A difference "
        "is marked significant when its interval excludes zero.",
        "scenarios": "Scenarios",
        "base": "base",
        "changes": "What it changes relative to the base",
        "headline": "Headline results",
        "metric": "Metric",
        "target": "The national target for the counter wait is at most 30 minutes (2022).",
        "backlog": "How open dossiers are counted: pending within deadline and pending overdue "
        "are dossiers received (online: accepted) and in processing, as in the provincial "
        "report. Online dossiers not yet accepted or refused have no deadline and are counted "
        "apart (awaiting review), as are dossiers waiting for the citizen's supplement and "
        "walk-ins not yet received; before this change all three were counted as pending within "
        "deadline, so a growing online review backlog stayed out of sight. The share of online "
        "reviews over the 8-working-hour limit includes reviews still waiting at the end whose "
        "limit has passed.",
        "charts": "Differences from the base (95% intervals; red = significant)",
        "all": "All metrics",
        "yes": "yes",
        "no": "no",
        "nothing": "(no parameter differs)",
        "difference": "difference",
    },
    "vi": {
        "title": "So sánh kịch bản",
        "question": "Điều gì thay đổi nếu hệ thống một cửa vận hành như trong từng kịch bản "
        "thay thế thay vì kịch bản gốc?",
        "method": "Mọi kịch bản chạy {reps} lần lặp với hạt giống {seed} trên cùng các số ngẫu "
        "nhiên; chênh lệch là PHƯƠNG ÁN − GỐC với khoảng tin cậy 95% Student-t theo cặp. Chênh "
        "lệch có ý nghĩa thống kê khi khoảng tin cậy không chứa 0.",
        "scenarios": "Các kịch bản",
        "base": "gốc",
        "changes": "Thay đổi so với kịch bản gốc",
        "headline": "Kết quả chính",
        "metric": "Chỉ số",
        "target": "Mục tiêu quốc gia: thời gian chờ tại quầy không quá 30 phút (năm 2022).",
        "backlog": "Cách đếm hồ sơ chưa xong: đang giải quyết trong hạn và quá hạn là hồ sơ đã "
        "tiếp nhận (trực tuyến: đã được chấp nhận) và đang xử lý, như báo cáo của tỉnh. Hồ sơ trực "
        "tuyến chưa được chấp nhận hay từ chối chưa có hạn giải quyết và được đếm riêng (chờ xem "
        "xét), cũng như hồ sơ chờ công dân bổ sung và hồ sơ trực tiếp chưa được tiếp nhận; trước "
        "thay đổi này cả ba được tính là đang giải quyết trong hạn, nên tồn đọng xem xét trực "
        "tuyến bị che khuất. Tỷ lệ lượt xem xét trực tuyến quá 8 giờ làm việc gồm cả hồ sơ còn "
        "chờ ở cuối kỳ đã quá thời hạn.",
        "charts": "Chênh lệch so với kịch bản gốc (khoảng tin cậy 95%; đỏ = có ý nghĩa)",
        "all": "Tất cả chỉ số",
        "yes": "có",
        "no": "không",
        "nothing": "(không có tham số nào khác)",
        "difference": "chênh lệch",
    },
}


def changed_parameters(base: dict[str, Any], alternative: dict[str, Any]) -> list[str]:
    """Key paths whose values differ between two resolved scenarios (name and text aside)."""
    flat_base, flat_alt = _flatten(base), _flatten(alternative)
    ignored = {"name", "description"}
    keys = sorted((set(flat_base) | set(flat_alt)) - ignored)
    return [
        f"{key}: {flat_base.get(key, '—')} → {flat_alt.get(key, '—')}"
        for key in keys
        if flat_base.get(key) != flat_alt.get(key)
    ]


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(data, list) and any(isinstance(v, dict) for v in data):
        flat = {}
        for i, value in enumerate(data):
            flat.update(_flatten(value, f"{prefix}[{i}]"))
        return flat
    return {prefix: data}


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"


def _headline_table(comparison: Any, metrics: list[str], lang: str) -> str:
    text = TEXT[lang]
    head = f"<tr><th>{text['metric']}</th><th>{html.escape(comparison.base.scenario.name)}</th>"
    head += (
        "".join(f"<th>{html.escape(a.scenario.name)}</th>" for a in comparison.alternatives)
        + "</tr>"
    )
    body = []
    base_summary = comparison.base.summary()
    for metric in metrics:
        cells = [
            f"<td>{html.escape(label_with_unit(metric, lang))}</td>",
            f"<td>{value(metric, base_summary[metric].mean, lang)}</td>",
        ]
        for alternative in comparison.alternatives:
            d = comparison.differences(alternative).get(metric)
            if d is None or d.n == 0:
                cells.append("<td>—</td>")
                continue
            mark = " ★" if d.significant else ""
            cells.append(
                f"<td>{value(metric, d.alt_mean, lang)}<br><small>{text['difference']} "
                f"{difference(metric, d.diff_mean, lang)} "
                f"[{difference(metric, d.diff_ci95_low, lang)}, "
                f"{difference(metric, d.diff_ci95_high, lang)}]{mark}</small></td>"
            )
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table>{head}{''.join(body)}</table>"


def _sentences(comparison: Any, metrics: list[str], lang: str) -> str:
    """Each headline difference of each alternative as a plain sentence."""
    blocks = []
    for alternative in comparison.alternatives:
        differences = comparison.differences(alternative)
        items = "".join(
            f"<li>{html.escape(change_sentence(m, differences[m], lang))}</li>"
            for m in metrics
            if m in differences and differences[m].n > 0
        )
        blocks.append(f"<p><b>{html.escape(alternative.scenario.name)}</b></p><ul>{items}</ul>")
    return "".join(blocks)


def _scenarios_section(comparison: Any, lang: str) -> str:
    text = TEXT[lang]
    base = comparison.base.scenario
    items = [
        f"<li><b>{html.escape(base.name)}</b> ({text['base']}): "
        f"{html.escape(base.description)}</li>"
    ]
    for alternative in comparison.alternatives:
        scenario = alternative.scenario
        changes = changed_parameters(base.resolved, scenario.resolved) or [text["nothing"]]
        listed = "".join(f"<li><code>{html.escape(c)}</code></li>" for c in changes[:30])
        items.append(
            f"<li><b>{html.escape(scenario.name)}</b>: {html.escape(scenario.description)}"
            f"<br>{text['changes']}:<ul>{listed}</ul></li>"
        )
    return f"<h2>{text['scenarios']}</h2><ul>{''.join(items)}</ul>"


def _all_metrics_table(comparison: Any, lang: str) -> str:

    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v, lang))}</td>" for v in row) + "</tr>"
        for row in comparison.rows()
    )
    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    summary = f"<summary>{TEXT[lang]['all']}</summary>"
    return f"<details>{summary}<table><tr>{head}</tr>{rows}</table></details>"


def _cell(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return TEXT[lang]["yes"] if value else TEXT[lang]["no"]
    if isinstance(value, float) or value is None:
        return _number(value)
    return str(value)


def embedded_figure(figure: Path) -> str:
    data = base64.b64encode(figure.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(figure.stem)}" src="data:image/png;base64,{data}">'


STYLE = (
    "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;"
    "padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0}"
    "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top}"
    "td:first-child,th:first-child{text-align:left}img{max-width:100%;margin:0.5em 0}"
)


def write_report(comparison: Any, figures: list[Path], path: Path, lang: str = "en") -> Path:
    """Write report.html: readable offline, in any browser, with every figure inside it."""
    text = TEXT[lang]
    metrics = headline_metrics(comparison.base.metric_names())
    method = text["method"].format(
        reps=len(comparison.base.replications), seed=comparison.base.seed
    )
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{text['title']}</title><style>{STYLE}</style></head><body>",
        f"<h1>{text['title']}</h1><p>{text['question']}</p><p>{method}</p>",
        _scenarios_section(comparison, lang),
        f"<h2>{text['headline']}</h2>{_sentences(comparison, metrics, lang)}",
        _headline_table(comparison, metrics, lang),
        f"<p>{text['target']}</p>",
        f"<p>{text['backlog']}</p>" if "pending_awaiting_review" in metrics else "",
        f"<h2>{text['charts']}</h2>",
        *(embedded_figure(f) for f in figures),
        _all_metrics_table(comparison, lang),
        "</body></html>\n",
    ]
    atomic_write_text(path, "\n".join(parts))
    return path
