"""One result set per folder: a lock while a run writes, a manifest that names its files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from simulator.cli.main import main
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
