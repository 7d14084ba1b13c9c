"""Take the README's two screenshots of the web page (docs/figures/app_whatif_{vi,en}.png).

Starts `onestop app` on a free port, and in Debian's Chromium (Playwright) runs one what-if
on the calibrated baseline, six counters in Kon Tum city, in each language; prints how long
each run took as the page reports it (the second reuses the base's replications).
Run: .venv/bin/python docs/app_screenshots.py [REPS]
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
LABELS = {  # language: (switch, lever, replications, run, the sentence to wait for)
    "vi": ("Tiếng Việt", "Số quầy tại bộ phận một cửa TP Kon Tum", "Số lần lặp", "Chạy", "Tỷ lệ"),
    "en": ("English", "Counters at the Kon Tum city section", "Replications", "Run", "Late rate"),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(240):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise TimeoutError(port)


def shoot(page, lang: str, reps: int) -> None:
    switch, lever, replications, run, sentence = LABELS[lang]
    page.get_by_text(switch, exact=True).click()
    page.wait_for_timeout(3000)
    page.get_by_label(lever).fill("6")
    page.get_by_label(lever).press("Enter")
    page.get_by_label(replications).fill(str(reps))
    page.get_by_label(replications).press("Enter")
    page.get_by_role("button", name=run, exact=True).click()
    expect(page.locator("li", has_text=sentence).first).to_be_visible(timeout=900_000)
    downloads = page.locator("[data-testid='stDownloadButton']")
    expect(downloads).to_have_count(3, timeout=120_000)  # drawn after the sentences
    page.wait_for_timeout(2000)
    print(lang, page.locator("[data-testid='stCaptionContainer']").first.inner_text())
    page.screenshot(path=ROOT / "docs" / "figures" / f"app_whatif_{lang}.png", full_page=True)


def main(reps: int) -> None:
    port = free_port()
    command = [sys.executable, "-m", "simulator", "app", "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    try:
        wait_for(port)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
            for lang in ("vi", "en"):  # a fresh tab each: its own session, the base cached
                page = browser.new_page(viewport={"width": 1400, "height": 2400})
                page.goto(f"http://127.0.0.1:{port}/")
                shoot(page, lang, reps)
                page.close()
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
