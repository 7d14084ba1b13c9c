"""`onestop animate`: the HTML in a real browser shows the queue the event log gives.

Debian's Chromium is driven by Playwright (as in tests/test_app_browser.py; it cannot
download a browser of its own here). The day is the first of the March 2022 test scenario
(the calibrated baseline cut to March), run only up to the end of that day.
"""

from __future__ import annotations

import csv
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from simulator.cli import main
from simulator.output.animation import clock, pool_label

ROOT = Path(__file__).resolve().parent.parent
MARCH = ROOT / "tests" / "data" / "app" / "march_2022.toml"
DAY = "2022-03-01"
NINE = datetime(2022, 3, 1, 9, 0)


def _queue_from_event_log(path: Path, site: str, at: datetime) -> int:
    """Citizens with a ticket at the site's counters by ``at`` and not yet called or sent home."""
    queueing: set[tuple[str, str]] = set()
    with open(path, encoding="utf-8") as stream:
        rows = sorted(csv.DictReader(stream), key=lambda row: row["time:timestamp"])
    for row in rows:
        if row["site"] != site or not row["org:resource"].startswith("counters_"):
            continue
        if datetime.fromisoformat(row["time:timestamp"]) > at:
            break
        visit = (row["case:concept:name"], row["org:resource"])
        if row["concept:name"] == "take ticket":
            queueing.add(visit)
        elif row["concept:name"] in ("called", "sent home"):
            queueing.discard(visit)
    return len(queueing)


def _shown_at(html: Path, frame: str) -> tuple[int, int]:
    """In Chromium: go to the frame; the queue's points drawn, and the number in its text."""
    chromium = shutil.which("chromium")
    assert chromium, "install Debian's chromium (apt-get install chromium); .ci/run does"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(html.as_uri())
        page.wait_for_function("() => window.Plotly && window.onestopDay")
        page.evaluate(
            """frame => Plotly.animate(window.onestopDay.div, [frame], {mode: 'immediate',
                frame: {duration: 0, redraw: false}, transition: {duration: 0}})""",
            frame,
        )
        page.wait_for_timeout(300)
        drawn = page.evaluate(
            """() => {
                const plot = document.getElementById(window.onestopDay.div);
                const index = plot.data.findIndex(t => t.name === window.onestopDay.queueTrace);
                const trace = plot.querySelectorAll('.scatterlayer .trace')[index];
                return trace.querySelectorAll('path.point').length;
            }"""
        )
        text = page.locator("#onestop-day text", has_text="waiting").first.text_content()
        browser.close()
    return drawn, int(re.search(r"(\d+) waiting", text).group(1))


def test_the_0900_frame_shows_the_queue_of_the_event_log(tmp_path):
    """The citizens drawn queueing at 09:00 (and the count written) = the event log's queue."""
    html = tmp_path / "day.html"
    argv = ["animate", str(MARCH), "--date", DAY, "--out", str(html), "--events", "--quiet"]
    assert main(argv) == 0
    expected = _queue_from_event_log(
        tmp_path / "events" / "events_00000.csv", "provincial_centre", NINE
    )
    assert expected > 0  # a morning queue to compare (the first day of March is busy)
    assert _shown_at(html, "09:00") == (expected, expected)
    assert html.stat().st_size < 15e6


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--site", "nowhere", "--site = 'nowhere'"),
        ("--date", "2022-05-02", "--date = '2022-05-02'"),
    ],
)
def test_a_site_or_date_the_scenario_lacks_is_one_line_and_exit_2(
    tmp_path, capsys, option, value, named
):
    """An unknown site or a date outside the horizon: exit 2, one line naming it."""
    argv = ["animate", str(MARCH), "--out", str(tmp_path / "day.html"), option, value]
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and named in lines[0]
    assert not (tmp_path / "day.html").exists()


def test_labels_read_plainly():
    """Clock times and pool names as the page shows them."""
    assert clock(9 * 60 + 5.9) == "09:05"
    assert clock(1440 * 3 + 17 * 60) == "17:00"
    assert (
        pool_label("provincial_centre", "counters_provincial_centre.health_labour")
        == "health labour"
    )
    assert pool_label("kon_tum_city", "counters_kon_tum_city.0") == "0"


def test_a_plain_network_has_no_counters_to_animate(tmp_path, capsys):
    """A network scenario: exit 2, one line naming the file and its kind."""
    network = tmp_path / "net.toml"
    network.write_text(
        'kind = "network"\nname = "net"\n[run]\ncustomers = 100\n[arrivals]\nstation = "desk"\n'
        'interarrival = { dist = "exponential", mean = 1 }\n[[stations]]\nname = "desk"\n'
        'servers = 1\nservice = { dist = "exponential", mean = 0.5 }\n',
        encoding="utf-8",
    )
    assert main(["animate", str(network), "--out", str(tmp_path / "day.html")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{network}: kind = 'network'")


def test_an_out_that_is_a_folder_is_one_line_and_exit_2(tmp_path, capsys):
    """--out naming a folder: exit 2 and one line, before anything is simulated."""
    assert main(["animate", str(MARCH), "--out", str(tmp_path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "not a folder" in lines[0]
