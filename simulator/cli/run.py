"""The ``run``, ``check`` and ``compare`` commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    ProgressBar,
    common_options,
    executor,
)
from simulator.cli.sets import load_scenario_with_sets, set_option
from simulator.values.errors import ScenarioError


def add_run(commands) -> None:
    parser = commands.add_parser(
        "run",
        help="run replications of one scenario",
        description="Run independent replications of one scenario and write summary.json, "
        "replications.csv, manifest.json, summary.xlsx, report.html (readable offline; vi or "
        "en) and figures/*.png into --out.",
    )
    parser.add_argument("scenario", type=Path, help="scenario file (TOML)")
    common_options(parser, default_reps=10)
    set_option(parser)
    parser.add_argument(
        "--lang", choices=("en", "vi"), default="en", help="language of report.html (default en)"
    )
    parser.add_argument(
        "--targets",
        type=Path,
        metavar="FILE",
        help="a targets file (TOML): report.html sets the reported figures beside the simulated",
    )
    parser.add_argument(
        "--trace",
        nargs="?",
        const="csv",
        choices=("csv", "parquet"),
        help="also write one row per dossier (times, channel, site, group, outcome) to "
        "DIR/trace/trace_<replication>.csv, streamed to disk (parquet needs pyarrow); "
        "onestop scenarios only; with --dask, only a local cluster (workers write the files)",
    )
    parser.add_argument(
        "--events",
        nargs="?",
        const="csv",
        choices=("csv", "parquet"),
        help="also write the event log: one row per step of each dossier (case, activity, "
        "date-time, resource, as process-mining tools read them; see the README) to "
        "DIR/events/events_<replication>.csv, streamed to disk; as --trace otherwise",
    )
    parser.set_defaults(handler=_run)


def add_check(commands) -> None:
    parser = commands.add_parser(
        "check",
        help="validate scenario files without running them",
        description="Validate scenario files (with the files they extend), calibration "
        "targets files and service-level files (onestop staff). Prints one line per file; "
        "exit code 2 if any file is bad. Only regular files of at most 256 kB are read (no "
        "FIFO, device or /proc file); see the README's Limits for every bound.",
    )
    parser.add_argument("files", type=Path, nargs="+", help="scenario files (TOML)")
    parser.set_defaults(handler=_check)


def _run(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.output.result_set import begin_set, locked_folder
    from simulator.output.storage import safe_output_dir

    scenario = load_scenario_with_sets(args.scenario, args.sets)
    targets = _load_targets(args.targets)
    where = executor(args)
    folder = args.out or Path("results") / scenario.name
    trace = _trace_sink(args.trace, scenario, folder, where)
    events = _trace_sink(args.events, scenario, folder, where, stem="events")
    out = safe_output_dir(args.out or Path("results") / scenario.name)
    with locked_folder(out) as run_id:  # one run writes into a folder at a time
        previous = begin_set(out)  # from here the folder has no manifest until the run ends
        files, result = _run_locked(
            args, command, (scenario, targets), where, (trace, events), out, run_id, previous
        )
    if not args.quiet:
        _print_summary(result, args.lang)
        named = [f.name for f in files if f.parent == out]
        figures = any(f.parent != out for f in files)
        print(f"results: {out}/ ({', '.join(named)}{', figures/' if figures else ''})")
    return EXIT_OK


def _run_locked(args, command, what, where, sinks, out, run_id, previous):
    from simulator.execution.experiment import run_experiment
    from simulator.output.storage import write_run_outputs

    scenario, targets = what
    trace, events = sinks
    with ProgressBar(f"{scenario.name}", args.quiet) as tick:
        result = run_experiment(
            scenario,
            reps=args.reps,
            seed=args.seed,
            executor=where,
            progress=tick,
            trace=trace,
            events=events,
        )
    _warn_if_overloaded(result)

    def readable() -> list[Path]:  # figures, report.html and summary.xlsx: before the manifest
        figures = []
        if not args.no_figures:
            from simulator.output.plots import run_figures

            figures = run_figures(result, out / "figures")
        return [*_readable_files(result, figures, out, args.lang, targets), *figures]

    done = [r.replication for r in result.replications]
    traces = [sink.path(r) for sink in sinks if sink is not None for r in done]
    files = write_run_outputs(
        result, out, command, run_id=run_id, figures=readable, written=traces, previous=previous
    )
    return files, result


def _load_targets(path: Path | None):
    if path is None:
        return None
    from simulator.values.targets import load_targets

    return load_targets(path)


def _readable_files(result, figures: list[Path], out: Path, lang: str, targets) -> list[Path]:
    """report.html (with the targets' checks when given) and summary.xlsx."""
    from simulator.analysis.validation import check_targets, require_metrics
    from simulator.output.run_report import write_run_report
    from simulator.output.workbooks import write_summary_workbook

    checks = None
    if targets is not None:
        require_metrics(result.summary(), targets)
        checks = (check_targets(result.summary(), targets), targets.name)
    report = write_run_report(result, figures, out / "report.html", lang, checks)
    return [report, write_summary_workbook(result, out / "summary.xlsx", lang)]


def _trace_sink(choice: str | None, scenario, out: Path, where, stem: str = "trace"):
    """The trace writer for --trace (or --events), refused early where it cannot work.

    The sink (a folder and a format) is pickled to the workers, which write their own
    files: on a remote Dask scheduler those would land on the workers' disks, so refused.
    """
    if choice is None:
        return None
    from simulator.output.storage import TraceFormat, TraceSink

    option = f"--{stem}"  # --trace or --events
    what = "an event log" if stem == "events" else "a trace"
    if scenario.kind.value != "onestop":
        raise ScenarioError(option, "", choice, f"{what} is written for onestop scenarios only")
    if not where.shares_this_disk:
        allowed = f"{what} needs workers on this machine: --dask local or no --dask"
        raise ScenarioError(option, "", f"--dask {where.address}", allowed)
    if choice == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ScenarioError(
                option, "", choice, "parquet needs pyarrow (pip install pyarrow); or use csv"
            ) from None
    return TraceSink(out / stem, TraceFormat(choice), stem=stem)


OVERLOADED_UTILISATION = 0.98  # mean busy fraction at or above which queues cannot settle
OVERLOADED_BACKLOG = 0.05  # share of arrivals still in the system at the end of the run


def _warn_if_overloaded(result) -> None:
    """One warning line on stderr when demand exceeds capacity: the metrics then describe a
    queue that grows with the horizon, not a steady state."""
    summary = {name: s.mean for name, s in result.summary().items() if s.n}
    busy = {k: v for k, v in summary.items() if k.startswith("utilisation.")}
    full = sorted((k for k, v in busy.items() if v >= OVERLOADED_UTILISATION), key=busy.get)
    backlog, arrivals = summary.get("in_system_at_end", 0.0), summary.get("arrivals", 0.0)
    growing = arrivals > 0 and backlog >= OVERLOADED_BACKLOG * arrivals
    if not (full or growing):
        return
    parts = [f"{k} = {busy[k]:.3f}" for k in reversed(full)][:3]
    if growing:
        parts.append(f"{backlog:.0f} of {arrivals:.0f} arrivals still in the system at the end")
    print(
        f"onestop: warning: {result.scenario.name} looks overloaded (arrivals exceed capacity): "
        f"{'; '.join(parts)}; queues grow with the horizon, so waits are not steady-state",
        file=sys.stderr,
    )


def _check(args: argparse.Namespace, command: list[str]) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            print(f"{path}: ok ({_check_one(path)})")
        except ScenarioError as error:
            print(error.line(), file=sys.stderr)
            status = EXIT_BAD_INPUT
    return status


def _check_one(path: Path) -> str:
    """Validate a scenario file, or a calibration targets or service-level file (no kind, a
    [[targets]] list; service levels give at_most or at_least, see ``onestop staff``)."""
    from simulator.values.document import read_toml
    from simulator.values.scenario import load_scenario
    from simulator.values.staffing import is_service_levels, load_service_levels
    from simulator.values.targets import load_targets

    if path.is_file() and path.suffix == ".toml" and _is_targets(read_toml, path):
        if is_service_levels(read_toml(path)):
            levels = load_service_levels(path)
            return f"service-level file with {len(levels.targets)} targets"
        targets = load_targets(path)
        restated = [t.metric for t in targets.targets if t.identity]
        identities = f"; {len(restated)} restate inputs: {', '.join(restated)}" if restated else ""
        return f"targets file with {len(targets.targets)} targets{identities}"
    scenario = load_scenario(path)
    return f"{scenario.kind.value} scenario {scenario.name!r}"


def _is_targets(read_toml, path: Path) -> bool:
    data = read_toml(path)
    return "kind" not in data and "extends" not in data and "targets" in data


# Above this many metrics the console shows only the catalogue's console metrics (what a
# planner reads first on the terminal); everything is in summary.json.
CONSOLE_LIMIT = 30


def _print_summary(result, lang: str = "en") -> None:
    """The console table: catalogue labels, units and the reader's number format."""
    from simulator.output.readable import label_with_unit, value

    print(
        f"{result.scenario.name}: {len(result.replications)} replications, seed {result.seed}, "
        f"{result.wall_time:.1f} s"
    )
    summaries = result.summary()
    shown = summaries
    if len(summaries) > CONSOLE_LIMIT:
        from simulator.values.metrics import console_metrics

        shown = {k: summaries[k] for k in console_metrics(summaries)}
    width = max((len(label_with_unit(name, lang)) for name in shown), default=0)
    for name, s in shown.items():
        text = label_with_unit(name, lang)
        if s.n == 0:
            print(f"  {text:<{width}} {'—':>12}")
        elif s.ci95_low is None:
            print(f"  {text:<{width}} {value(name, s.mean, lang):>12}")
        else:
            interval = f"[{value(name, s.ci95_low, lang)}, {value(name, s.ci95_high, lang)}]"
            print(f"  {text:<{width}} {value(name, s.mean, lang):>12}  {interval}")
    if len(shown) < len(summaries):
        print(f"  ... and {len(summaries) - len(shown)} more metrics in summary.json")


def add_compare(commands) -> None:
    parser = commands.add_parser(
        "compare",
        help="compare scenarios on common random numbers",
        description="Run a base scenario and one or more alternatives with the same seed and "
        "replication numbers (common random numbers) and report, for every metric, the paired "
        "difference ALT - BASE with its 95%% Student-t interval. Writes compare.json, "
        "compare.csv, compare.xlsx, figures/diff_*.png, report.html and each scenario's run files.",
    )
    parser.add_argument("base", type=Path, help="the base scenario file (TOML)")
    parser.add_argument(
        "alternatives",
        type=Path,
        nargs="*",
        help="alternative scenario files (none: the base with the --set values)",
    )
    common_options(parser, default_reps=10)
    set_option(
        parser,
        "change a value in every alternative (none given: the base with these values is the "
        "alternative), e.g. sites.district.counters_by_district.kon_tum_city=6; repeatable",
    )
    parser.add_argument(
        "--lang", choices=("en", "vi"), default="en", help="language of the report (default en)"
    )
    parser.set_defaults(handler=_compare)


def _compare(args: argparse.Namespace, command: list[str]) -> int:
    from simulator.execution.compare import check_comparable
    from simulator.output.result_set import begin_set, locked_folder
    from simulator.output.storage import safe_output_dir
    from simulator.values.scenario import load_scenario

    base = load_scenario(args.base)
    if not args.alternatives and not args.sets:
        raise ScenarioError(str(args.base), "", "", "give alternative files or --set KEY=VALUE")
    paths = args.alternatives or [args.base]
    alternatives = [load_scenario_with_sets(path, args.sets) for path in paths]
    check_comparable(base, alternatives)  # before any folder is made
    out = safe_output_dir(args.out or Path("results") / f"compare_{base.name}")
    with locked_folder(out) as run_id:  # one run writes into a folder at a time
        previous = begin_set(out)
        comparison, files = _compare_locked(args, command, base, alternatives, out, run_id)
        _finish_compare(comparison, files, out, command, run_id, previous)
    if not args.quiet:
        _print_differences(comparison, args.lang)
        print(f"results: {out}/ ({', '.join(f.name for f in files)})")
    return EXIT_OK


def _compare_locked(args, command, base, alternatives, out: Path, run_id: str):
    from simulator.execution.compare import run_comparison
    from simulator.output.storage import write_run_outputs
    from simulator.output.study_files import write_compare_outputs

    with ProgressBar("compare", args.quiet) as tick:
        comparison = run_comparison(
            base,
            alternatives,
            reps=args.reps,
            seed=args.seed,
            executor=executor(args),
            progress=tick,
        )
    for result in (comparison.base, *comparison.alternatives):
        write_run_outputs(result, out / result.scenario.name, command, run_id=run_id)
    files = write_compare_outputs(comparison, out)
    files.append(_compare_workbook(comparison, out, args.lang))
    if not args.no_figures:
        files += _compare_report(comparison, out, args.lang)
    return comparison, files


def _finish_compare(comparison, files, out: Path, command, run_id: str, previous) -> None:
    """The compare folder's own manifest, last: its files and each scenario's manifest."""
    from simulator.output.result_set import MANIFEST
    from simulator.output.storage import finish_set

    sets = [out / r.scenario.name / MANIFEST for r in (comparison.base, *comparison.alternatives)]
    document = {"command": list(command), "seed": comparison.base.seed}
    finish_set(out, [*files, *sets], document, run_id, previous)


def _compare_workbook(comparison, out: Path, lang: str) -> Path:
    from simulator.output.workbooks import write_compare_workbook

    return write_compare_workbook(comparison, out / "compare.xlsx", lang)


def _compare_report(comparison, out: Path, lang: str) -> list[Path]:
    from simulator.output.plots import compare_figures
    from simulator.output.report import TEXT, headline_metrics, write_report

    metrics = headline_metrics(comparison.base.metric_names())
    figures = compare_figures(comparison, metrics, lang, TEXT[lang]["charts"], out / "figures")
    return [*figures, write_report(comparison, figures, out / "report.html", lang)]


def _print_differences(comparison, lang: str = "en") -> None:
    """Each headline difference as a plain sentence (points for rates, 95% intervals)."""
    from simulator.output.report import headline_metrics
    from simulator.output.sentences import change_sentence

    metrics = headline_metrics(comparison.base.metric_names())
    for alternative in comparison.alternatives:
        print(f"{alternative.scenario.name} - {comparison.base.scenario.name}:")
        for metric, d in comparison.differences(alternative).items():
            if metric in metrics and d.diff_mean is not None:
                print(f"  {change_sentence(metric, d, lang)}")
