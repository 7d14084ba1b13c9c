"""The web page under Streamlit's own harness: language switch, a lever, a run, its sentences."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from simulator.app.text import UI

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "simulator" / "app" / "page.py"
MARCH = ROOT / "tests" / "data" / "app"  # the baseline cut to March 2022: a quick what-if
KON_TUM_CITY = "lever:sites.district.counters_by_district.kon_tum_city"


@pytest.fixture
def page(monkeypatch):
    monkeypatch.setenv("ONESTOP_SCENARIOS", str(MARCH))
    app = AppTest.from_file(str(PAGE), default_timeout=600)
    return app.run()


def test_the_page_opens_in_english_and_switches_to_vietnamese(page):
    """The title and the page names follow the language switch."""
    assert not page.exception and page.title[0].value == UI["en"]["title"]
    page.sidebar.radio(key="lang").set_value("vi").run()
    assert page.title[0].value == UI["vi"]["title"] and page.header[0].value == UI["vi"]["whatif"]


def test_a_moved_lever_runs_and_answers_in_sentences_with_intervals(page):
    """Six counters in Kon Tum city, 2 replications: Vietnamese sentences and three downloads."""
    page.sidebar.radio(key="lang").set_value("vi").run()
    page.number_input(key=KON_TUM_CITY).set_value(6)
    page.number_input(key="whatif_reps").set_value(2)
    page.button(key="whatif_run").click().run()
    assert not page.exception and not page.error
    sentences = [m.value for m in page.markdown if m.value.startswith("- ")]
    assert sentences[0].startswith("- Tỷ lệ trễ hạn") and "KTC 95%" in sentences[0]
    assert "%" in sentences[0] and "điểm %" in sentences[0]
    assert len(page.get("download_button")) == 3 and len(page.get("image")) > 0
    assert "kon_tum_city=6" in page.caption[0].value


def test_a_bad_lever_value_gets_the_command_lines_one_line_error(page):
    """Minus one counter is refused as a bad --set value is, and nothing runs."""
    page.number_input(key=KON_TUM_CITY).set_value(-1)
    page.button(key="whatif_run").click().run()
    assert len(page.error) == 1
    message = page.error[0].value
    assert message.startswith("--set: sites.district.counters_by_district.kon_tum_city = -1:")
    assert "\n" not in message
    assert not [m for m in page.markdown if m.value.startswith("- ")]


def test_without_a_moved_lever_nothing_runs(page):
    """Run with every lever at the base's value says so instead of running the base twice."""
    page.button(key="whatif_run").click().run()
    assert page.info[0].value == UI["en"]["nothing_moved"]


def test_the_about_page_names_method_sources_and_licence(page):
    """About: method, assumptions, sources, citation and licence, in the chosen language."""
    page.sidebar.radio(key="page").set_value("about").run()
    text = " ".join(m.value for m in page.markdown)
    assert "Method" in text and "ASSUMPTION" in text and "MIT" in text


def test_the_baseline_page_sets_the_run_against_the_report(page, monkeypatch):
    """Baseline: three sentences, the report's figures with tolerances, the figures drawn."""
    from simulator.app import workbench

    monkeypatch.setattr(workbench, "BASELINE", MARCH / "march_2022.toml")  # a quick month
    page.sidebar.radio(key="page").set_value("baseline").run()
    page.number_input(key="baseline_reps").set_value(2)
    page.button(key="baseline_run").click().run()
    assert not page.exception
    sentences = [m.value for m in page.markdown if m.value.startswith("- ")]
    assert len(sentences) == 3 and sentences[0].startswith("- Late rate")
    table = page.table[0].value
    assert "Reported" in table.columns and "Within tolerance" in table.columns
    assert len(page.get("image")) > 0


def test_the_staffing_page_shows_the_committed_search(page):
    """Staffing: the counters found against today's, the targets in Vietnamese, the figure."""
    page.sidebar.radio(key="lang").set_value("vi").run()
    page.sidebar.radio(key="page").set_value("staffing").run()
    assert not page.exception
    counters, targets = page.table[0].value, page.table[1].value
    assert UI["vi"]["staffing_found"] in counters.columns and len(counters) == 6
    assert UI["vi"]["staffing_met"] in targets.columns and len(targets) == 2
    assert len(page.get("image")) == 1 and "onestop staff" in page.code[0].value
