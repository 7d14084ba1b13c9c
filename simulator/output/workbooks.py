"""Excel workbooks: summary.xlsx of a run and compare.xlsx of a comparison (xlsxwriter).

Each row is one metric: its identifier (as in summary.json), its label and unit from the
catalogue in the chosen language, then the numbers. Cells hold the numbers themselves;
a number format per row shows shares as percent (0.0%), counts with thousands grouping
and times with one decimal, and Excel draws the separators of the reader's own locale.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import xlsxwriter

from simulator.output.readable import label, unit_text
from simulator.output.storage import atomic_write_bytes
from simulator.values.metric_types import Unit
from simulator.values.metrics import unit_of

HEADERS = {
    "en": {
        "metric": "Metric (identifier)",
        "label": "Metric",
        "unit": "Unit",
        "mean": "Mean",
        "std": "Std. deviation",
        "ci95_low": "95% CI low",
        "ci95_high": "95% CI high",
        "n": "Replications",
        "base_mean": "Base mean",
        "alt_mean": "Alternative mean",
        "diff_mean": "Difference (alt − base)",
        "diff_ci95_low": "Difference 95% CI low",
        "diff_ci95_high": "Difference 95% CI high",
        "significant": "Significant",
        "alternative": "Alternative",
    },
    "vi": {
        "metric": "Chỉ số (mã)",
        "label": "Chỉ số",
        "unit": "Đơn vị",
        "mean": "Trung bình",
        "std": "Độ lệch chuẩn",
        "ci95_low": "KTC 95% dưới",
        "ci95_high": "KTC 95% trên",
        "n": "Số lần lặp",
        "base_mean": "Trung bình gốc",
        "alt_mean": "Trung bình phương án",
        "diff_mean": "Chênh lệch (phương án − gốc)",
        "diff_ci95_low": "Chênh lệch KTC 95% dưới",
        "diff_ci95_high": "Chênh lệch KTC 95% trên",
        "significant": "Có ý nghĩa",
        "alternative": "Phương án",
    },
}
SUMMARY_COLUMNS = ("metric", "label", "unit", "mean", "std", "ci95_low", "ci95_high", "n")
COMPARE_COLUMNS = (
    "alternative",
    "metric",
    "label",
    "unit",
    "base_mean",
    "alt_mean",
    "diff_mean",
    "diff_ci95_low",
    "diff_ci95_high",
    "significant",
    "n",
)
_FORMATS = {Unit.SHARE: "0.0%", Unit.COUNT: "#,##0", Unit.VISITS: "#,##0"}
_WIDTHS = {"metric": 40, "label": 48, "unit": 16, "alternative": 30}


def write_summary_workbook(result: Any, path: Path, lang: str = "en") -> Path:
    """summary.xlsx: one row per metric of a run, mean and 95% interval."""
    rows = [{"metric": name, **s.to_dict()} for name, s in result.summary().items()]
    return _write(path, result.scenario.name, SUMMARY_COLUMNS, rows, lang)


def write_compare_workbook(comparison: Any, path: Path, lang: str = "en") -> Path:
    """compare.xlsx: one row per alternative and metric, the paired difference and its CI."""
    rows = []
    for alternative in comparison.alternatives:
        for name, d in comparison.differences(alternative).items():
            row = {"alternative": alternative.scenario.name, "metric": name}
            rows.append({**row, **{c: getattr(d, c) for c in COMPARE_COLUMNS[4:]}})
    return _write(path, "compare", COMPARE_COLUMNS, rows, lang)


def _write(path: Path, sheet: str, columns: tuple[str, ...], rows: list[dict], lang: str) -> Path:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True})
    page = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {unit: book.add_format({"num_format": f}) for unit, f in _FORMATS.items()}
    other = book.add_format({"num_format": "#,##0.0"})
    for col, key in enumerate(columns):
        page.write(0, col, HEADERS[lang][key], bold)
        page.set_column(col, col, _WIDTHS.get(key, 14))
    for r, row in enumerate(rows, start=1):
        metric = row["metric"]
        number_format = formats.get(unit_of(metric), other)
        cells = {**row, "label": label(metric, lang), "unit": unit_text(metric, lang)}
        for col, key in enumerate(columns):
            _cell(page, r, col, key, cells.get(key), number_format, lang)
    page.freeze_panes(1, 0)
    page.autofilter(0, 0, len(rows), len(columns) - 1)
    book.close()
    atomic_write_bytes(path, buffer.getvalue())
    return path


def _cell(page, r: int, col: int, key: str, value: Any, number_format, lang: str) -> None:
    if value is None:
        page.write_blank(r, col, None)
    elif isinstance(value, bool):
        page.write_string(r, col, ("có" if value else "không") if lang == "vi" else str(value))
    elif key == "n":
        page.write_number(r, col, value)
    elif isinstance(value, int | float):
        page.write_number(r, col, value, number_format)
    else:
        page.write_string(r, col, str(value))
