"""Scenario files are data, never code; a run writes only inside the folder it is given."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "simulator"
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}
UNSAFE_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "yaml", "jsonpickle"}

SCENARIO = """
kind = "network"
name = "safe"
description = "{code}"
[run]
customers = 500
[arrivals]
station = "desk"
interarrival = {{ dist = "exponential", mean = 1.0 }}
[[stations]]
name = "desk"
servers = {servers}
service = {{ dist = "exponential", mean = 0.5 }}
"""


def code(marker: Path) -> str:
    return f"__import__('os').system('touch {marker}')"


def onestop(*args, cwd: Path, env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_package_never_evaluates_or_unpickles():
    """No eval/exec/compile/__import__ calls and no pickle-like modules anywhere in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in UNSAFE_CALLS:
                found.append(f"{path.name}:{node.lineno} {node.func.id}()")
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.name}:{node.lineno} import {n}" for n in names if n in UNSAFE_MODULES]
    assert found == []


def test_code_in_a_string_is_kept_as_text_and_never_run(write_scenario, tmp_path):
    """Code in a description is stored verbatim; in a number's place it is refused; never run."""
    marker = tmp_path / "pwned"
    good = write_scenario(SCENARIO.format(code=code(marker), servers=1), "good.toml")
    bad = write_scenario(SCENARIO.format(code="x", servers=f'"{code(marker)}"'), "bad.toml")
    out = tmp_path / "out"
    done = onestop("run", good, "--reps", 1, "--out", out, "--no-figures", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = (out / "manifest.json").read_text()
    assert "__import__('os').system" in manifest
    done = onestop("check", bad, cwd=tmp_path)
    assert done.returncode == 2 and "stations[0].servers" in done.stderr
    assert "must be a whole number" in done.stderr
    assert not marker.exists()


@pytest.mark.parametrize("use_default_out", [False, True])
def test_run_writes_only_inside_its_output_folder(write_scenario, tmp_path, use_default_out):
    """Every file a run creates is under --out (or results/<name>/ when --out is not given)."""
    scenario = write_scenario(SCENARIO.format(code="plain", servers=1), "safe.toml")
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home)}
    env["MPLCONFIGDIR"] = str(home / "mpl")  # matplotlib's font cache is not a run output
    before = files_under(tmp_path)
    out = work / "results" / "safe" if use_default_out else work / "chosen" / "out"
    args = ["run", scenario, "--reps", 2, "--jobs", 2]
    done = onestop(*args, *([] if use_default_out else ["--out", out]), cwd=work, env=env)
    assert done.returncode == 0, done.stderr
    created = files_under(tmp_path) - before
    outside = [p for p in created if not (p.is_relative_to(out) or p.is_relative_to(home / "mpl"))]
    assert outside == []
    assert {p.name for p in created if p.is_relative_to(out)} >= {
        "summary.json",
        "replications.csv",
        "manifest.json",
    }


@pytest.mark.parametrize("station", ["../../x", "a/b"])
@pytest.mark.parametrize("verb", ["compare", "sensitivity"])
def test_a_station_name_that_climbs_or_nests_writes_nothing(
    write_scenario, tmp_path, verb, station
):
    """Station names become figure names: '../../x' or 'a/b' is refused at load, exit 2."""
    text = SCENARIO.format(code="plain", servers=1).replace('"desk"', f'"{station}"')
    scenario = write_scenario(text, "climb.toml")
    other = write_scenario(text.replace('name = "safe"', 'name = "other"'), "other.toml")
    work = tmp_path / "work" / "deep" / "er"
    work.mkdir(parents=True)
    before = files_under(tmp_path)
    extra = [other] if verb == "compare" else ["--params", "stations[0].servers"]
    done = onestop(verb, scenario, *extra, "--reps", 2, "--jobs", 1, "--out", "out", cwd=work)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(f"{scenario}: stations[0].name = {station!r}")
    assert files_under(tmp_path) == before and list(work.iterdir()) == []
