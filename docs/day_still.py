"""Take the README's still of `onestop animate` (docs/figures/animate_provincial_centre.png).

Animates Monday 17 January 2022 at the provincial centre of the calibrated baseline (seed 1,
replication 0) into results/animate/, opens it in Debian's Chromium (Playwright), goes to the
09:00 frame and takes a screenshot; prints the command's own line (time, size) and how many
citizens the frame shows queueing.
Run: .venv/bin/python docs/day_still.py
"""

import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "results" / "animate" / "day_provincial_centre_2022-01-17.html"
STILL = ROOT / "docs" / "figures" / "animate_provincial_centre.png"
COMMAND = [
    *(sys.executable, "-m", "simulator", "animate", "scenarios/baseline_q1_2022.toml"),
    *("--site", "provincial_centre", "--date", "2022-01-17", "--out", str(HTML)),
]


def main() -> None:
    done = subprocess.run(COMMAND, cwd=ROOT, capture_output=True, text=True, check=True)
    print(done.stdout.strip())
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
        print("queueing at 09:00:", page.evaluate("() => window.onestopDay.queueing['09:00']"))
        page.screenshot(path=STILL, full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
