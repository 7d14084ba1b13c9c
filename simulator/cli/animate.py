"""The ``animate`` command: one working day at one site's counters as an HTML animation."""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from simulator.cli.common import EXIT_OK, non_negative_int, output_folder
from simulator.cli.sets import load_scenario_with_sets, set_option
from simulator.values.errors import ScenarioError, SimulatorError

INSTALL = "pip install 'onestop-simulator[animate]'"


def add_animate(commands) -> None:
    parser = commands.add_parser(
        "animate",
        help="animate one day at one site's counters (self-contained HTML)",
        description="Run one replication up to the end of --date and write an HTML animation "
        "of that day at --site: citizens taking tickets and queueing per counter pool, "
        "counters busy or free, those sent home at closing; a clock, live queue counts and "
        "the mean wait so far; play, pause, speed and a time slider. Opens offline in any "
        f"browser (plotly.js is inlined). Needs the [animate] extra: {INSTALL}.",
    )
    parser.add_argument("scenario", type=Path, help="scenario file (TOML, a onestop scenario)")
    parser.add_argument(
        "--site",
        default="provincial_centre",
        help="a site with counters: provincial_centre, a district (kon_tum_city), or a "
        "district's commune sections (kon_tum_city_communes) (default provincial_centre)",
    )
    parser.add_argument(
        "--date",
        type=_date,
        help="the day to animate, YYYY-MM-DD (default: the first working day of the horizon)",
    )
    parser.add_argument(
        "--out",
        type=output_folder,
        metavar="FILE",
        help="the HTML file to write (default results/<scenario>/day_<site>_<date>.html)",
    )
    _run_options(parser)
    parser.set_defaults(handler=_animate)


def _run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seed", type=non_negative_int, default=1, metavar="S", help="random seed (default 1)"
    )
    parser.add_argument(
        "--replication",
        type=non_negative_int,
        default=0,
        metavar="R",
        help="which replication of the seed (default 0, the first of onestop run --seed S)",
    )
    parser.add_argument(
        "--events",
        action="store_true",
        help="also write the run's event log up to the end of --date (CSV, the columns of "
        "onestop run --events) to events/events_<R>.csv beside the HTML file",
    )
    set_option(parser)
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date YYYY-MM-DD, not {text!r}") from None


def _animate(args: argparse.Namespace, command: list[str]) -> int:
    started = time.perf_counter()
    _need_plotly()
    from simulator.execution.watch_day import first_working_day, frame_span
    from simulator.output.animation import write_day_html
    from simulator.output.storage import safe_output_dir

    scenario = load_scenario_with_sets(args.scenario, args.sets)
    if scenario.kind.value != "onestop":
        allowed = "onestop animate shows a onestop scenario (a plain network has no counters)"
        raise ScenarioError(str(args.scenario), "kind", scenario.kind.value, allowed)
    day = args.date or first_working_day(scenario)
    out = args.out or Path("results") / scenario.name / f"day_{args.site}_{day}.html"
    if out.is_dir():
        raise ScenarioError("--out", "", str(out), "a file to write, e.g. day.html (not a folder)")
    safe_output_dir(out.parent)
    view = _watch(args, scenario, day, out.parent)
    title = f"{scenario.name}: {args.site}, {day:%a %d %b %Y}"
    title += f" (seed {args.seed}, replication {args.replication})"
    write_day_html(view, frame_span(view), title, out)
    if not args.quiet:
        size = out.stat().st_size / 1e6
        seconds = time.perf_counter() - started
        print(f"animation: {out} ({size:.1f} MB, {len(view.visits)} tickets, {seconds:.1f} s)")
    return EXIT_OK


def _watch(args: argparse.Namespace, scenario, day: date, folder: Path):
    from simulator.execution.watch_day import watch_day

    if not args.events:
        return watch_day(scenario, args.site, day, seed=args.seed, replication=args.replication)
    from datetime import datetime

    from simulator.model.onestop_events import EVENT_COLUMNS, file_row
    from simulator.output.storage import TraceFormat, TraceSink

    start = datetime.combine(scenario.start, datetime.min.time())
    sink = TraceSink(folder / "events", TraceFormat.CSV, stem="events")
    with sink.open(args.replication, EVENT_COLUMNS) as write:
        return watch_day(
            scenario,
            args.site,
            day,
            seed=args.seed,
            replication=args.replication,
            emit=lambda row: write(file_row(row, start)),
        )


def _need_plotly() -> None:
    try:
        import plotly  # noqa: F401
    except ImportError:
        raise SimulatorError(f"onestop animate needs plotly: {INSTALL}") from None
