"""The HTML comparison report is self-contained and readable in English and Vietnamese."""

import shutil
import subprocess

import pytest
from html_page import HtmlPage
from stories import desk_network

from simulator.execution.compare import run_comparison
from simulator.output.plots import compare_figures
from simulator.output.report import TEXT, changed_parameters, headline_metrics, write_report
from simulator.values.scenario import load_scenario


@pytest.fixture
def report(write_scenario, tmp_path):
    def make(lang):
        base = load_scenario(write_scenario(desk_network("three", 3, customers=3000), "a.toml"))
        alt = load_scenario(write_scenario(desk_network("four", 4, customers=3000), "b.toml"))
        comparison = run_comparison(base, [alt], reps=3, seed=1)
        metrics = headline_metrics(comparison.base.metric_names())
        figures = compare_figures(comparison, metrics, lang, "t", tmp_path / "fig")
        path = write_report(comparison, figures, tmp_path / f"report_{lang}.html", lang)
        parser = HtmlPage()
        parser.feed(path.read_text(encoding="utf-8"))
        return path, parser

    return make


def test_report_embeds_every_figure_and_links_nothing(report):
    """All figures are data URIs and there is no external resource: it opens offline."""
    _, parsed = report("en")
    assert parsed.images and all(src.startswith("data:image/png;base64,") for src in parsed.images)
    assert parsed.links == []


def test_report_says_what_each_scenario_changes(report):
    """The alternative's changed parameter is listed with its old and new value."""
    _, parsed = report("en")
    assert any("stations[0].servers: 3 → 4" in chunk for chunk in parsed.text)


def test_vietnamese_report_is_in_vietnamese(report):
    """--lang vi gives Vietnamese headings and catalogue labels with their diacritics intact."""
    path, parsed = report("vi")
    assert TEXT["vi"]["headline"] in parsed.text
    assert "Thời gian trung bình trong hệ thống (đơn vị thời gian)" in parsed.text
    assert "lang='vi'" in path.read_text(encoding="utf-8")


def test_changed_parameters_ignores_names_and_descriptions():
    """Only real parameter changes are listed."""
    base = {"name": "a", "description": "x", "run": {"customers": 5}}
    alternative = {"name": "b", "description": "y", "run": {"customers": 6}}
    assert changed_parameters(base, alternative) == ["run.customers: 5 → 6"]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_report_renders_in_headless_chromium(report, tmp_path):
    """A real browser loads the report and finds its title and images."""
    path, _ = report("vi")
    done = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert TEXT["vi"]["title"] in done.stdout and "<img" in done.stdout


def test_headline_metrics_are_exact_names_or_families():
    """late_rate is a headline; late_rate_week.01 is not; wait_mean.<station> is a family."""
    names = ["late_rate_week.01", "late_rate", "wait_mean.desk", "served"]
    assert headline_metrics(names) == ["late_rate", "wait_mean.desk"]
