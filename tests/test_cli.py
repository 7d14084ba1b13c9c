"""The onestop command, run as a user would: a real subprocess on a temporary folder."""

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli.main import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parent.parent

SMALL = """
kind = "network"
name = "small"
[run]
customers = 3000
warmup_customers = 200
[arrivals]
station = "desk"
interarrival = { dist = "exponential", mean = 0.5 }
[[stations]]
name = "desk"
servers = 3
service = { dist = "gamma", mean = 1.2, cv = 0.7 }
next = [{ to = "desk", p = 0.1 }]
"""


def onestop(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture
def small(write_scenario):
    return write_scenario(SMALL, "small.toml")


def test_run_writes_the_contracted_files(small, tmp_path):
    """run writes summary.json, replications.csv, manifest.json and figures into --out."""
    out = tmp_path / "out"
    done = onestop("run", small, "--reps", 3, "--seed", 4, "--out", out, "--jobs", 1)
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == "small" and summary["kind"] == "network"
    assert summary["seed"] == 4 and summary["replications"] == 3
    wait = summary["metrics"]["wait_mean.desk"]
    assert set(wait) == {"mean", "std", "ci95_low", "ci95_high", "n", "unit"}
    assert wait["unit"] == "time_units" and summary["metrics"]["served"]["unit"] == "count"
    assert wait["ci95_low"] <= wait["mean"] <= wait["ci95_high"] and wait["n"] == 3
    rows = (out / "replications.csv").read_text().splitlines()
    assert rows[0] == "replication,metric,value" and len(rows) > 3
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 4 and manifest["resolved_scenario"]["name"] == "small"
    assert manifest["extends_chain"] == [str(small.resolve())]
    assert "simpy" in manifest["versions"]
    assert (out / "figures" / "wait_mean.png").stat().st_size > 1000


def test_results_are_byte_identical_whatever_the_jobs(small, tmp_path):
    """The same file and seed give the same summary and table with 1 or 2 workers."""
    for jobs in (1, 2):
        done = onestop(
            "run",
            small,
            "--reps",
            4,
            "--out",
            tmp_path / f"j{jobs}",
            "--jobs",
            jobs,
            "--no-figures",
            "--quiet",
        )
        assert done.returncode == 0, done.stderr
    for name in ("summary.json", "replications.csv"):
        assert (tmp_path / "j1" / name).read_bytes() == (tmp_path / "j2" / name).read_bytes()


def test_bad_scenario_exits_2_with_one_line_and_no_files(write_scenario, tmp_path):
    """A bad value: exit code 2, one line on stderr naming file and key, nothing written."""
    bad = write_scenario(SMALL.replace("servers = 3", "servers = 0"), "bad.toml")
    out = tmp_path / "never"
    done = onestop("run", bad, "--out", out)
    assert done.returncode == 2
    assert done.stderr.strip() == f"{bad}: stations[0].servers = 0: must be >= 1"
    assert "Traceback" not in done.stderr and not out.exists()


def test_check_validates_without_running(small, write_scenario, tmp_path):
    """check says ok for good files, names the bad one, and exits 2 if any is bad."""
    bad = write_scenario("kind = 'network'\nname = 'x'\nbogus = 1\n", "bad.toml")
    done = onestop("check", small, bad, cwd=tmp_path)
    assert done.returncode == 2
    assert f"{small}: ok" in done.stdout
    assert done.stderr.count("\n") == 1 and str(bad) in done.stderr
    assert not (tmp_path / "results").exists()


def test_check_refuses_a_target_that_is_not_a_metric(write_scenario):
    """A misspelt target metric: exit 2, one line naming file, key path, value and a guess."""
    targets = write_scenario(
        '[[targets]]\nmetric = "lat_rate"\nvalue = 0.06\nsource = "report"\n'
        "absolute_tolerance = 0.01\n",
        "targets.toml",
    )
    done = onestop("check", targets)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr == (
        f"{targets}: targets[0].metric = 'lat_rate': not a metric; did you mean 'late_rate'? "
        "see `onestop metrics` for the catalogue\n"
    )


def test_check_names_the_targets_that_restate_inputs():
    """The Q1/2022 targets load; handled and online_share are shown as restating inputs."""
    done = onestop("check", ROOT / "scenarios" / "targets_q1_2022.toml")
    assert done.returncode == 0, done.stderr
    assert "restate inputs: handled" in done.stdout and "online_share" in done.stdout


def test_metrics_lists_the_catalogue_in_vietnamese():
    """onestop metrics --lang vi prints every family with its Vietnamese label."""
    done = onestop("metrics", "--lang", "vi")
    assert done.returncode == 0, done.stderr
    assert "counter_wait_mean_min.<site>" in done.stdout
    assert "Thời gian chờ trung bình tại quầy" in done.stdout


def test_docs_metrics_md_is_what_the_command_prints():
    """docs/metrics.md cannot drift from the catalogue: make metrics-doc regenerates it."""
    done = onestop("metrics", "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8") == done.stdout


def test_help_lists_the_commands():
    """--help explains the commands a user has."""
    done = onestop("--help")
    assert done.returncode == 0
    assert "run" in done.stdout and "check" in done.stdout and "metrics" in done.stdout


def subcommands(parser):
    """The onestop parser's command parsers, by name."""
    return parser._subparsers._group_actions[0].choices


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_named_commands_parser_is_the_full_parsers(command):
    """Building only the named command's parser (a run's start-up) gives the same parser."""
    alone = subcommands(build_parser(command))
    assert list(alone) == [command]
    assert alone[command].format_help() == subcommands(build_parser())[command].format_help()
    assert len(subcommands(build_parser("no-such-command"))) == len(COMMANDS) == 14


def test_bad_option_value_exits_2():
    """A nonsensical --reps is refused by the argument parser with exit code 2."""
    done = onestop("run", "x.toml", "--reps", "0")
    assert done.returncode == 2 and "--reps" in done.stderr


def test_calibrate_writes_a_scenario_that_extends_the_base(small, write_scenario, tmp_path):
    """The calibrated file extends the base, sets only the fitted value, and loads."""
    targets = write_scenario(
        '[[targets]]\nmetric = "utilisation.desk"\nvalue = 0.8\nsource = "made up"\n'
        "absolute_tolerance = 0.02\n",
        "targets.toml",
    )
    out = tmp_path / "cal"
    done = onestop(
        "calibrate",
        small,
        "--targets",
        targets,
        "--params",
        "stations[0].service.mean=0.8:1.6",
        "--reps",
        2,
        "--max-evals",
        4,
        "--out",
        out,
        "--jobs",
        1,
    )
    assert done.returncode == 0, done.stderr
    text = (out / "small_calibrated.toml").read_text()
    assert 'extends = "../small.toml"' in text and "# stations[0].service.mean fitted:" in text
    assert onestop("check", out / "small_calibrated.toml").returncode == 0
    fit = (out / "calibration.csv").read_text().splitlines()
    assert fit[0].startswith("metric,target,simulated_mean") and len(fit) == 2
    assert (out / "figures" / "calibration_fit.png").exists()


def test_trace_writes_one_row_per_dossier(tmp_path):
    """--trace streams a per-dossier table beside the summary; its outcomes add up."""
    import csv

    out = tmp_path / "traced"
    # the three-week cut of the baseline: every channel and outcome, a twentieth of the cost
    tiny = Path(__file__).resolve().parent / "data" / "tiny_onestop.toml"
    done = onestop(
        "run",
        tiny,
        "--reps",
        1,
        "--trace",
        "--no-figures",
        "--quiet",
        "--out",
        out,
        "--jobs",
        1,
    )
    assert done.returncode == 0, done.stderr
    with open(out / "trace" / "trace_00000.csv", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    summary = json.loads((out / "summary.json").read_text())["metrics"]
    resolved = sum(r["outcome"].startswith("resolved") for r in rows)
    assert resolved > 0 and resolved == summary["resolved"]["mean"]
    assert not [p for p in (out / "trace").iterdir() if p.name.startswith(".")]


def test_trace_is_refused_for_plain_networks(small, tmp_path):
    """A plain network has no dossiers: --trace is a clear input error."""
    done = onestop("run", small, "--trace", "--out", tmp_path / "x")
    assert done.returncode == 2 and "onestop scenarios only" in done.stderr
    assert not (tmp_path / "x").exists()


def test_events_writes_an_event_log_per_replication_listed_in_the_manifest(tmp_path):
    """--events on two workers: one event log per replication, in the manifest, XES columns."""
    tiny = Path(__file__).resolve().parent / "data" / "tiny_onestop.toml"
    out = tmp_path / "logged"
    done = onestop(
        "run", tiny, "--reps", 2, "--jobs", 2, "--events", "--no-figures", "--quiet", "--out", out
    )
    assert done.returncode == 0, done.stderr
    logs = sorted(p.name for p in (out / "events").iterdir())
    assert logs == ["events_00000.csv", "events_00001.csv"]
    header = (out / "events" / logs[0]).read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("case:concept:name,concept:name,time:timestamp,org:resource,")
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    assert "events/events_00001.csv" in manifest
    assert onestop("verify", out).returncode == 0


def test_events_is_refused_for_plain_networks(small, tmp_path):
    """A plain network has no dossiers: --events is a clear input error."""
    done = onestop("run", small, "--events", "--out", tmp_path / "x")
    assert (
        done.returncode == 2
        and "--events" in done.stderr
        and "onestop scenarios only" in done.stderr
    )


def refused(*args, cwd: Path) -> str:
    """Run the command; assert exit 2, one line on stderr, no traceback, < 2 s of CPU."""
    started = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = onestop(*args, cwd=cwd)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ended.ru_utime + ended.ru_stime) - (started.ru_utime + started.ru_stime)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr
    assert cpu < 2.0
    return done.stderr.strip()


@pytest.mark.parametrize(
    "args, expected",
    [
        (["run", "small.toml", "--bogus"], "onestop: error: unrecognized arguments: --bogus"),
        (["run"], "onestop run: error: the following arguments are required: scenario"),
        (["run", "small.toml", "--reps", "1000000000"], "onestop run: error: argument --reps"),
        (["run", "small.toml", "--jobs", "1000"], "onestop run: error: argument --jobs"),
        (["run", "small.toml", "--out", ""], "onestop run: error: argument --out: must name"),
        (["batch", "small.toml", "--out", "a\nb"], "onestop batch: error: argument --out"),
        (["calibrate", "small.toml", "--max-minutes", "-1"], "onestop calibrate: error"),
        (["calibrate", "small.toml", "--out", "x\ny"], "onestop calibrate: error: argument"),
    ],
    ids=["unknown", "missing", "reps", "jobs", "out_empty", "out_newline", "minutes", "calib_out"],
)
def test_bad_arguments_give_one_line_and_exit_2(small, args, expected):
    """Bad options: one line 'onestop VERB: error: ... (see --help)', exit 2, nothing written."""
    line = refused(*args, cwd=small.parent)
    assert line.startswith(expected) and line.endswith("(see --help)"), line
    assert sorted(p.name for p in small.parent.iterdir()) == ["small.toml"]


def test_out_at_an_existing_file_is_bad_input(small, tmp_path):
    """--out naming an existing file: exit 2 and one line naming --out."""
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    line = refused("run", small, "--out", blocker, "--jobs", 1, cwd=tmp_path)
    # a long path is shortened in the message (under pytest-xdist the temporary path is long)
    assert line.startswith("--out = '") and ": exists and is not a folder" in line


def test_compare_refuses_scenarios_of_different_kinds(small, tmp_path):
    """compare of a network against a onestop scenario: exit 2, no output folder."""
    tiny = ROOT / "tests" / "data" / "tiny_onestop.toml"
    line = refused("compare", small, tiny, "--out", tmp_path / "out", cwd=tmp_path)
    assert line.startswith(f"{tiny}: kind = 'onestop': kinds differ")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("address", ["not a url", "tcp://127.0.0.1:99999"])
def test_a_malformed_dask_address_is_bad_input(small, tmp_path, address):
    """--dask 'not a url' or a port out of range: exit 2, one line naming --dask."""
    line = refused("run", small, "--dask", address, "--out", tmp_path / "out", cwd=tmp_path)
    assert line.startswith(f"--dask = {address!r}")
