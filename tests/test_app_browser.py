"""The web page in a real browser: Debian's Chromium driven by Playwright, as a planner uses it.

The page is started as `onestop app` starts it (streamlit on 127.0.0.1, a free port), on the
baseline cut to March 2022 so that two replications are quick. Playwright cannot download its
own browser here, so it drives the `chromium` on the PATH (.ci/run installs it when missing).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
MARCH = ROOT / "tests" / "data" / "app"
LEVER = "Số quầy tại bộ phận một cửa TP Kon Tum"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@pytest.fixture
def app_url():
    port = _free_port()
    command = [sys.executable, "-m", "simulator", "app", "--port", str(port), "--scenarios", MARCH]
    process = subprocess.Popen(
        list(map(str, command)),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the server and its workers stop together
    )
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_a_planner_moves_a_lever_in_vietnamese_and_reads_the_answer(app_url, tmp_path):
    """Switch to Vietnamese, six counters in Kon Tum city, 2 replications, read the sentence."""
    chromium = shutil.which("chromium")
    assert chromium, "install Debian's chromium (apt-get install chromium); .ci/run does"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        page.goto(app_url)
        page.get_by_text("Tiếng Việt").click()
        expect(page.get_by_text("công cụ cho người lập kế hoạch")).to_be_visible(timeout=60_000)
        page.get_by_label(LEVER).fill("6")
        page.get_by_label(LEVER).press("Enter")
        page.get_by_label("Số lần lặp").fill("2")
        page.get_by_label("Số lần lặp").press("Enter")
        page.get_by_role("button", name="Chạy").click()
        sentence = page.locator("li", has_text="Tỷ lệ trễ hạn").first
        expect(sentence).to_be_visible(timeout=300_000)
        text = sentence.inner_text()
        page.screenshot(path=tmp_path / "whatif_vi.png", full_page=True)
        browser.close()
    assert "KTC 95%" in text and "điểm %" in text
    assert (tmp_path / "whatif_vi.png").stat().st_size > 10_000
