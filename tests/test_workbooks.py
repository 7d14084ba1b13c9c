"""summary.xlsx and compare.xlsx: labelled columns, units and number formats per metric."""

import zipfile

import pytest
from stories import desk_network

from simulator.execution.compare import run_comparison
from simulator.output.workbooks import write_compare_workbook, write_summary_workbook
from simulator.values.scenario import load_scenario


def _sheet(path):
    """The shared strings, the first sheet's XML and the styles of an .xlsx file."""
    with zipfile.ZipFile(path) as book:
        read = lambda name: book.read(name).decode("utf-8")  # noqa: E731
        return read("xl/sharedStrings.xml"), read("xl/worksheets/sheet1.xml"), read("xl/styles.xml")


@pytest.fixture
def comparison(write_scenario):
    base = load_scenario(write_scenario(desk_network("three", 3, customers=1500), "a.toml"))
    alt = load_scenario(write_scenario(desk_network("four", 4, customers=1500), "b.toml"))
    return run_comparison(base, [alt], reps=3, seed=1)


def test_the_summary_workbook_has_labels_units_and_formats(comparison, tmp_path):
    """Vietnamese headers and labels; utilisation as percent, waits with one decimal."""
    path = write_summary_workbook(comparison.base, tmp_path / "summary.xlsx", "vi")
    strings, sheet, styles = _sheet(path)
    assert "Chỉ số (mã)" in strings and "Đơn vị" in strings and "KTC 95% dưới" in strings
    assert "utilisation.desk" in strings and "%" in strings
    assert 'formatCode="0.0%"' in styles and 'formatCode="#,##0.0"' in styles
    rows = sheet.count("<row ")
    assert rows == len(comparison.base.summary()) + 1


def test_the_compare_workbook_has_one_row_per_alternative_and_metric(comparison, tmp_path):
    """Each difference with its interval and whether it is significant."""
    path = write_compare_workbook(comparison, tmp_path / "compare.xlsx", "en")
    strings, sheet, _ = _sheet(path)
    assert "Difference (alt − base)" in strings and "four" in strings
    differences = comparison.differences(comparison.alternatives[0])
    assert sheet.count("<row ") == len(differences) + 1
