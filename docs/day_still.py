"""Take the README's still of `onestop animate` (docs/figures/animate_provincial_centre.png).

Animates Monday 17 January 2022 at the provincial centre of the calibrated baseline (seed 1,
replication 0) into results/animate/, opens it in Debian's Chromium (Playwright), goes to the
09:00 frame and takes a screenshot; records the command's CPU and wall time, the file's size,
the day's tickets and how many citizens the frame shows queueing in
docs/results/animate_day.json, and rewrites the README's sentence on them
(simulator/output/day_figures.py; tests/test_day_figures.py holds the two together).
Run: .venv/bin/python docs/day_still.py
"""

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from simulator.output.day_figures import write_day_record

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "results" / "animate" / "day_provincial_centre_2022-01-17.html"
STILL = ROOT / "docs" / "figures" / "animate_provincial_centre.png"
RECORD = ROOT / "docs" / "results" / "animate_day.json"
DAY = "2022-01-17"
COMMAND = [
    *(sys.executable, "-m", "simulator", "animate", "scenarios/baseline_q1_2022.toml"),
    *("--site", "provincial_centre", "--date", DAY, "--out", str(HTML)),
]


def _animate() -> dict:
    """Run the command; its CPU (user + system of the child), wall time and output."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run(COMMAND, cwd=ROOT, capture_output=True, text=True, check=True)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    print(done.stdout.strip())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tickets = int(re.search(r"(\d+) tickets", done.stdout)[1])
    return {
        "date": DAY,
        "tickets": tickets,
        "cpu_s": round(cpu, 2),
        "wall_s": round(wall, 2),
        "load_average": round(os.getloadavg()[0], 1),
        "size_mb": round(HTML.stat().st_size / 1e6, 2),
    }


def main() -> None:
    record = _animate()
    with sync_playwright() as playwright:
        chromium = shutil.which("chromium")
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(HTML.as_uri())
        page.wait_for_function("() => window.Plotly && window.onestopDay")
        page.evaluate(
            """() => Plotly.animate(window.onestopDay.div, ['09:00'], {mode: 'immediate',
                frame: {duration: 0, redraw: false}, transition: {duration: 0}})"""
        )
        page.wait_for_timeout(500)
        queueing = page.evaluate("() => window.onestopDay.queueing['09:00']")
        print("queueing at 09:00:", queueing)
        page.screenshot(path=STILL, full_page=True)
        browser.close()
    record["queueing_0900"] = int(queueing)
    write_day_record(record, RECORD, ROOT / "README.md")


if __name__ == "__main__":
    main()
