"""The web page's "Watch a day": the scenario of the What-if page, one day at one site."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from simulator.app.text import UI

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "simulator" / "app" / "page.py"
MARCH = ROOT / "tests" / "data" / "app"  # the baseline cut to March 2022


@pytest.fixture
def page(monkeypatch):
    monkeypatch.setenv("ONESTOP_SCENARIOS", str(MARCH))
    app = AppTest.from_file(str(PAGE), default_timeout=600)
    return app.run()


def test_watching_a_district_day_shows_the_animation_and_offers_it(page):
    """Kon Tum city's section on 1 March: the animation in the page and its HTML to download."""
    assert page.subheader[-1].value == UI["en"]["watch"]
    page.selectbox(key="watch_site").set_value("kon_tum_city")
    page.button(key="watch_run").click().run()
    assert not page.exception and not page.error
    frames = page.get("iframe")
    assert len(frames) == 1
    assert "window.onestopDay" in frames[0].proto.srcdoc
    assert "kon_tum_city, Tue 01 Mar 2022" in frames[0].proto.srcdoc
    assert len(page.get("download_button")) == 1


def test_a_day_outside_the_scenario_cannot_be_chosen(page):
    """The date picker stops at the scenario's horizon (March 2022)."""
    picker = page.date_input(key="watch_day")
    assert str(picker.value) == "2022-03-01"
    assert str(picker.min) == "2022-03-01" and str(picker.max) == "2022-03-31"
