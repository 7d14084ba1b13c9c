"""The report of one ``onestop run``: report.html, self-contained, in English or Vietnamese.

What a planner opens first: the scenario, the headline results as plain sentences and as a
table with 95% intervals, the comparison with the reported figures of a targets file when
one is given (``--targets``), and the run's figures embedded. Style and figure embedding
are the comparison report's (``report``); labels, units and numbers are ``readable``'s.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from simulator.output.readable import label_with_unit, value
from simulator.output.report import STYLE, embedded_figure
from simulator.output.sentences import level_sentence, target_sentence
from simulator.output.storage import atomic_write_text
from simulator.values.metrics import headline_metrics

TEXT = {
    "en": {
        "title": "Simulation results",
        "method": "{reps} replications with seed {seed}; each figure is the mean over the "
        "replications with its 95% Student-t interval.",
        "headline": "Headline results",
        "metric": "Metric",
        "mean": "Mean",
        "interval": "95% interval",
        "targets": "Against the reported figures ({name})",
        "reported": "Reported",
        "simulated": "Simulated",
        "tolerance": "Tolerance",
        "within": "Within tolerance",
        "yes": "yes",
        "no": "no",
        "figures": "Figures",
    },
    "vi": {
        "title": "Kết quả mô phỏng",
        "method": "{reps} lần lặp với hạt giống {seed}; mỗi số liệu là trung bình các lần lặp "
        "cùng khoảng tin cậy 95% Student-t.",
        "headline": "Kết quả chính",
        "metric": "Chỉ số",
        "mean": "Trung bình",
        "interval": "Khoảng tin cậy 95%",
        "targets": "So với số liệu báo cáo ({name})",
        "reported": "Báo cáo",
        "simulated": "Mô phỏng",
        "tolerance": "Dung sai",
        "within": "Trong dung sai",
        "yes": "có",
        "no": "không",
        "figures": "Biểu đồ",
    },
}


def _headline(summary: dict[str, Any], metrics: list[str], lang: str) -> str:
    text = TEXT[lang]
    sentences = "".join(
        f"<li>{html.escape(level_sentence(m, summary[m], lang))}</li>" for m in metrics
    )
    head = f"<tr><th>{text['metric']}</th><th>{text['mean']}</th><th>{text['interval']}</th></tr>"
    rows = "".join(
        f"<tr><td>{html.escape(label_with_unit(m, lang))}</td>"
        f"<td>{value(m, summary[m].mean, lang)}</td>"
        f"<td>{value(m, summary[m].ci95_low, lang)} – {value(m, summary[m].ci95_high, lang)}</td>"
        "</tr>"
        for m in metrics
    )
    return f"<h2>{text['headline']}</h2><ul>{sentences}</ul><table>{head}{rows}</table>"


def _targets(checks: list[Any], name: str, lang: str) -> str:
    text = TEXT[lang]
    sentences = "".join(f"<li>{html.escape(target_sentence(c, lang))}</li>" for c in checks)
    columns = ("metric", "reported", "simulated", "interval", "tolerance", "within")
    head = "".join(f"<th>{text[c]}</th>" for c in columns)
    rows = []
    for check in checks:
        m, s = check.target.metric, check.summary
        cells = (
            html.escape(label_with_unit(m, lang)),
            value(m, check.target.value, lang),
            value(m, s.mean, lang),
            f"{value(m, s.ci95_low, lang)} – {value(m, s.ci95_high, lang)}",
            value(m, check.target.tolerance, lang),
            text["yes"] if check.within_tolerance else text["no"],
        )
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    title = text["targets"].format(name=html.escape(name))
    return f"<h2>{title}</h2><ul>{sentences}</ul><table><tr>{head}</tr>{''.join(rows)}</table>"


def write_run_report(
    result: Any,
    figures: list[Path],
    path: Path,
    lang: str = "en",
    checks: tuple[list[Any], str] | None = None,
) -> Path:
    """Write report.html for one run; ``checks``: (target checks, targets name) or None."""
    text = TEXT[lang]
    summary = result.summary()
    metrics = [m for m in headline_metrics(result.metric_names()) if summary[m].n > 0]
    scenario = result.scenario
    method = text["method"].format(reps=len(result.replications), seed=result.seed)
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{text['title']}: {html.escape(scenario.name)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{text['title']}: {html.escape(scenario.name)}</h1>",
        f"<p>{html.escape(scenario.description)}</p><p>{method}</p>",
        _headline(summary, metrics, lang),
        _targets(*checks, lang) if checks else "",
        f"<h2>{text['figures']}</h2>" if figures else "",
        *(embedded_figure(f) for f in figures),
        "</body></html>\n",
    ]
    atomic_write_text(path, "\n".join(parts))
    return path
