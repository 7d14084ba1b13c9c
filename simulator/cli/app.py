"""The ``app`` command: the planner's web page on this machine (Streamlit)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from simulator.cli.common import EXIT_OK, positive_int
from simulator.values.errors import ScenarioError

DEFAULT_PORT = 8501
SCENARIOS_VARIABLE = "ONESTOP_SCENARIOS"  # read by app.workbench.base_scenarios
PAGE = Path(__file__).resolve().parent.parent / "app" / "page.py"


def add_app(commands) -> None:
    parser = commands.add_parser(
        "app",
        help="open the planner's web page (Baseline, What-if, Projection; vi/en)",
        description="Serve the web page on http://127.0.0.1:PORT/ (this machine only): the "
        "calibrated baseline against the report, what-ifs with levers as widgets run on "
        "common random numbers in worker processes, projections, scenario upload. Needs "
        "pip install 'onestop-simulator[app]'. Stop it with Ctrl+C.",
    )
    parser.add_argument(
        "--port", type=positive_int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--scenarios",
        type=Path,
        metavar="DIR",
        help="the folder whose one-stop scenarios the What-if page offers (default scenarios/)",
    )
    parser.set_defaults(handler=_app)


def app_command(port: int) -> list[str]:
    """The streamlit command line: local address only, no browser opened, no usage stats."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PAGE),
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--server.headless=true",
        "--browser.gatherUsageStats=false",
    ]


def _app(args: argparse.Namespace, command: list[str]) -> int:
    try:
        import streamlit  # noqa: F401
    except ImportError:
        allowed = "the web page needs Streamlit: pip install 'onestop-simulator[app]' (make app)"
        raise ScenarioError("app", "", "streamlit", allowed) from None
    environment = dict(os.environ)
    if args.scenarios is not None:
        if not args.scenarios.is_dir():
            raise ScenarioError("--scenarios", "", str(args.scenarios), "must be a folder")
        environment[SCENARIOS_VARIABLE] = str(args.scenarios.resolve())
    print(f"onestop app: http://127.0.0.1:{args.port}/ (Ctrl+C stops it)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how the page is stopped
        import subprocess  # here: every command imports this module to build the parser

        subprocess.run(app_command(args.port), check=False, env=environment)
    return EXIT_OK
