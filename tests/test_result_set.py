"""One result set per folder: a lock while a run writes, a manifest that names its files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from simulator.cli.main import main
from simulator.execution.batch import run_batch
from simulator.execution.batch_plan import plan_batch
from simulator.execution.executors import Executor
from simulator.output.batch_files import TaskFiles, write_batch_outputs
from simulator.output.result_set import LOCK, MANIFEST, locked_folder, verify_set
from simulator.values.errors import ScenarioError

ROOT = Path(__file__).resolve().parent.parent
MM4 = ROOT / "scenarios" / "mm4.toml"


def _run(out: Path, *extra: str) -> int:
    return main(["run", str(MM4), "--reps", "2", "--out", str(out), "--quiet", *extra])


def _verify(out: Path, capsys) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["verify", str(out)])
    return code, capsys.readouterr().err.splitlines()


def test_a_finished_run_verifies_and_its_manifest_names_every_file(tmp_path, capsys):
    """The manifest lists summary, replications and figures with sha256 and one run id."""
    out = tmp_path / "out"
    assert _run(out) == 0
    manifest = json.loads((out / MANIFEST).read_text())
    assert len(manifest["run_id"]) == 32
    assert {"summary.json", "replications.csv"} <= set(manifest["files"])
    assert any(name.startswith("figures/") for name in manifest["files"])
    assert _verify(out, capsys) == (0, [])


def test_a_changed_missing_or_extra_file_is_reported_in_one_line(tmp_path, capsys):
    """verify exits 2 with one line naming the file for each kind of inconsistency."""
    out = tmp_path / "out"
    assert _run(out, "--no-figures") == 0
    (out / "stray.csv").write_text("from another run\n")
    code, lines = _verify(out, capsys)
    assert code == 2 and len(lines) == 1 and "stray.csv: not in" in lines[0]
    (out / "stray.csv").unlink()
    with open(out / "summary.json", "a") as stream:
        stream.write(" ")
    code, lines = _verify(out, capsys)
    assert code == 2 and len(lines) == 1 and "summary.json: changed since" in lines[0]
    (out / "summary.json").unlink()
    code, lines = _verify(out, capsys)
    assert code == 2 and "summary.json: listed in" in lines[0]
    (out / MANIFEST).unlink()
    code, lines = _verify(out, capsys)
    assert code == 2 and lines == [
        f"{out / MANIFEST}: missing: the run did not finish (or wrote no manifest)"
    ]


def test_a_kill_between_summary_and_manifest_leaves_no_manifest(tmp_path, capsys, monkeypatch):
    """A run stopped after summary.json but before manifest.json: the set reads as unfinished."""
    out = tmp_path / "out"
    assert _run(out, "--no-figures") == 0

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt  # stands for SIGKILL: nothing after this point runs

    monkeypatch.setattr("simulator.output.storage.finish_set", killed)
    assert main(["run", str(MM4), "--reps", "3", "--out", str(out), "--quiet"]) == 130
    assert json.loads((out / "summary.json").read_text())["replications"] == 3
    code, lines = _verify(out, capsys)
    assert code == 2 and lines[0].endswith("missing: the run did not finish (or wrote no manifest)")


def test_a_second_run_into_a_busy_folder_exits_2(tmp_path, capsys):
    """While a run holds the folder's lock, another run into it is refused in one line."""
    out = tmp_path / "out"
    with locked_folder(out):
        capsys.readouterr()
        assert _run(out) == 2
        lines = capsys.readouterr().err.splitlines()
        assert lines == [
            f"--out = {str(out)!r}: another onestop run (pid {os.getpid()}) is writing into "
            "this folder; wait for it to end or choose another --out"
        ]
        assert verify_set(out)[0].endswith(
            f"a run is still writing into this folder ({LOCK} is held)"
        )
    assert _run(out) == 0


def test_a_lock_left_by_a_killed_run_is_taken_over(tmp_path):
    """A holder killed with SIGKILL leaves a stale lock file: the next run replaces it."""
    out = tmp_path / "out"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from simulator.output.result_set import locked_folder
        with locked_folder(Path({str(out)!r})):
            print("locked", flush=True)
            time.sleep(60)
    """)
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=ROOT)
    assert holder.stdout.readline().strip() == b"locked"
    with pytest.raises(ScenarioError, match=f"pid {holder.pid}"), locked_folder(out):
        pass
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert json.loads((out / LOCK).read_text())["pid"] == holder.pid  # stale, still there
    assert _run(out) == 0
    assert json.loads((out / LOCK).read_text())["pid"] == os.getpid()


def test_a_rerun_removes_the_files_of_the_previous_set(tmp_path, capsys):
    """Figures of an earlier run that the new run does not draw are removed, not left mixed."""
    out = tmp_path / "out"
    assert _run(out) == 0
    assert list((out / "figures").glob("*.png"))
    assert _run(out, "--no-figures") == 0
    assert not list((out / "figures").glob("*.png"))
    assert _verify(out, capsys) == (0, [])


def test_compare_sets_share_one_run_id(tmp_path, write_scenario, capsys):
    """compare's folder and each scenario's folder carry one run id; a different one is found."""
    other = write_scenario(MM4.read_text().replace('name = "mm4"', 'name = "other"'), "other.toml")
    out = tmp_path / "cmp"
    args = ["compare", str(MM4), str(other), "--reps", "2", "--out", str(out), "--quiet"]
    assert main([*args, "--no-figures"]) == 0
    assert _verify(out, capsys) == (0, [])
    top = json.loads((out / MANIFEST).read_text())
    assert "mm4/manifest.json" in top["files"]
    nested = json.loads((out / "other" / MANIFEST).read_text())
    assert nested["run_id"] == top["run_id"]
    nested["run_id"] = "0" * 32
    (out / "other" / MANIFEST).write_text(json.dumps(nested))
    problems = verify_set(out)
    assert any(f"run_id {'0' * 32} differs from {top['run_id']}" in p for p in problems)


SMALL = ROOT / "tests" / "data" / "onestop_small.toml"


def _project(out: Path, small: Path, *extra: str) -> int:
    args = ["project", str(small), "--quarters", "1", "--reps", "2", "--jobs", "1"]
    return main([*args, "--out", str(out), "--quiet", "--no-figures", *extra])


def _batch(out: Path, *extra: str) -> int:
    return main(["batch", str(MM4), "--reps", "2", "--out", str(out), "--quiet", *extra])


@pytest.fixture
def small(write_scenario) -> Path:
    """The small one-stop scenario with arrivals, so that a projection has work to do."""
    text = SMALL.read_text(encoding="utf-8").replace("expected_new = 0", "expected_new = 150")
    return write_scenario(text, "small.toml")


def test_a_projection_is_one_set_with_its_runs(tmp_path, small, capsys):
    """project's manifest lists projection.csv and each run's manifest, all of one run id."""
    out = tmp_path / "proj"
    assert _project(out, small) == 0
    top = json.loads((out / MANIFEST).read_text())
    assert {"projection.csv", "small/manifest.json"} == set(top["files"])
    assert json.loads((out / "small" / MANIFEST).read_text())["run_id"] == top["run_id"]
    assert _verify(out, capsys) == (0, [])
    with open(out / "projection.csv", "a") as stream:
        stream.write("stray,row\n")
    code, lines = _verify(out, capsys)
    assert code == 2 and len(lines) == 1 and "projection.csv: changed since" in lines[0]
    (out / "projection.csv").unlink()
    code, lines = _verify(out, capsys)
    assert code == 2 and len(lines) == 1 and "projection.csv: listed in" in lines[0]


def test_a_projection_stopped_before_its_manifest_reads_as_incomplete(
    tmp_path, small, capsys, monkeypatch
):
    """A kill after projection.csv but before the projection's manifest leaves no manifest."""
    out = tmp_path / "proj"
    assert _project(out, small) == 0

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt  # stands for SIGKILL: nothing after this point runs

    monkeypatch.setattr("simulator.cli.project._finish_project", killed)
    assert _project(out, small) == 130
    code, lines = _verify(out, capsys)
    assert code == 2 and lines == [
        f"{out / MANIFEST}: missing: the run did not finish (or wrote no manifest)"
    ]


def test_a_batch_is_one_set_with_its_scenarios(tmp_path, capsys):
    """batch's manifest lists batch.json, batch.csv, the overview and each scenario's manifest."""
    out = tmp_path / "batch"
    assert _batch(out) == 0
    top = json.loads((out / MANIFEST).read_text())
    assert {"batch.json", "batch.csv", "figures/overview.png", "mm4/manifest.json"} == set(
        top["files"]
    )
    nested = json.loads((out / "mm4" / MANIFEST).read_text())
    assert nested["run_id"] == top["run_id"]
    assert "mm4/replications/0.json" not in top["files"]  # the scenario's own set lists it
    assert "replications/0.json" in nested["files"]
    assert _verify(out, capsys) == (0, [])
    (out / "batch.csv").write_text("scenario\n")
    code, lines = _verify(out, capsys)
    assert code == 2 and len(lines) == 1 and "batch.csv: changed since" in lines[0]


def test_a_batch_stopped_before_its_manifest_reads_as_incomplete(tmp_path, capsys, monkeypatch):
    """A kill after batch.csv but before the top manifest: incomplete; a rerun completes it."""
    out = tmp_path / "batch"

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt  # stands for SIGKILL: nothing after this point runs

    with monkeypatch.context() as patch:
        patch.setattr("simulator.output.batch_files.finish_set", killed)
        assert _batch(out, "--no-figures") == 130
    assert (out / "batch.csv").is_file() and (out / "mm4" / MANIFEST).is_file()
    code, lines = _verify(out, capsys)
    assert code == 2 and lines == [
        f"{out / MANIFEST}: missing: the run did not finish (or wrote no manifest)"
    ]
    assert _batch(out, "--no-figures") == 0
    assert _verify(out, capsys) == (0, [])


@pytest.mark.parametrize("verb", ["project", "batch"])
def test_a_second_project_or_batch_into_a_busy_folder_exits_2(tmp_path, small, capsys, verb):
    """While a run holds the folder's lock, project and batch into it are refused in one line."""
    out = tmp_path / "out"
    with locked_folder(out):
        capsys.readouterr()
        assert (_project(out, small) if verb == "project" else _batch(out)) == 2
        lines = capsys.readouterr().err.splitlines()
        assert lines == [
            f"--out = {str(out)!r}: another onestop run (pid {os.getpid()}) is writing into "
            "this folder; wait for it to end or choose another --out"
        ]
    assert not (out / MANIFEST).exists()


def test_a_batch_with_a_crashed_scenario_lists_what_it_left(tmp_path, write_scenario):
    """A crashed scenario's task files are in the batch's set; a rerun that works keeps them."""
    files = [write_scenario(_named(name), f"{name}.toml") for name in ("ok", "x")]
    plan = plan_batch(files)
    ok, broken = plan.entries
    crashing = replace(
        plan, entries=(ok, replace(broken, scenario=replace(broken.scenario, stations=())))
    )
    out = tmp_path / "out"
    result = run_batch(crashing, reps=2, seed=1, executor=Executor.pool(1), store=TaskFiles(out))
    assert [failure.name for failure in result.failures] == ["x"]
    write_batch_outputs(result, out, ["batch"], figures=False, metric=None)
    assert "x/batch-task.json" in json.loads((out / MANIFEST).read_text())["files"]
    assert verify_set(out) == []
    result = run_batch(plan, reps=2, seed=1, executor=Executor.pool(1), store=TaskFiles(out))
    write_batch_outputs(result, out, ["batch"], figures=False, metric=None)
    assert "x/manifest.json" in json.loads((out / MANIFEST).read_text())["files"]
    assert (out / "x" / "batch-task.json").is_file() and verify_set(out) == []


def _named(name: str) -> str:
    return MM4.read_text(encoding="utf-8").replace('name = "mm4"', f'name = "{name}"')
