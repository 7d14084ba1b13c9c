"""report.html of one run: self-contained, readable sentences, the targets beside the figures."""

import pytest
from html_page import HtmlPage

from simulator.analysis.validation import check_targets
from simulator.execution.experiment import run_experiment
from simulator.output.plots import run_figures
from simulator.output.run_report import write_run_report
from simulator.values.scenario import load_scenario
from simulator.values.targets import load_targets

DESK = """
kind = "network"
name = "desk"
description = "three desks"
[run]
customers = 1500
[arrivals]
station = "desk"
interarrival = { dist = "exponential", mean = 0.4 }
[[stations]]
name = "desk"
servers = 3
service = { dist = "exponential", mean = 1.0 }
"""
TARGETS = """
name = "desk_targets"
[[targets]]
metric = "served"
value = 1500
source = "a count a test states"
absolute_tolerance = 1
"""


@pytest.fixture(scope="module")
def result():
    from pathlib import Path
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as folder:
        path = Path(folder) / "desk.toml"
        path.write_text(DESK, encoding="utf-8")
        yield run_experiment(load_scenario(path), reps=3, seed=1)


def test_the_report_embeds_its_figures_and_links_nothing(result, tmp_path):
    """Every figure is inside the file; there is no external link or script."""
    figures = run_figures(result, tmp_path / "figures")
    path = write_run_report(result, figures, tmp_path / "report.html", "en")
    page = HtmlPage()
    page.feed(path.read_text(encoding="utf-8"))
    assert figures and len(page.images) == len(figures)
    assert all(src.startswith("data:image/png;base64,") for src in page.images)
    assert page.links == []


def test_the_vietnamese_report_sets_the_targets_beside_the_simulated(result, tmp_path):
    """With a targets file, each target is a sentence: simulated, reported, tolerance."""
    targets_file = tmp_path / "targets.toml"
    targets_file.write_text(TARGETS, encoding="utf-8")
    targets = load_targets(targets_file)
    checks = (check_targets(result.summary(), targets), targets.name)
    path = write_run_report(result, [], tmp_path / "report.html", "vi", checks)
    text = path.read_text(encoding="utf-8")
    assert "<html lang='vi'>" in text and "So với số liệu báo cáo (desk_targets)" in text
    assert "báo cáo 1.500" in text and "KTC 95%" in text
