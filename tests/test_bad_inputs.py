"""Hostile and malformed scenario files: exit code 2, one line naming file and key, no files.

Each file in tests/data/bad/ starts with a comment ``# WHAT IS WRONG -- expect KEY [in FILE]``:
KEY is the key path the error line must name (``-`` for a file-level error such as bad TOML),
FILE the file that holds the error when it is not the file itself (a parent it extends).
Files that cannot hold a comment (empty, UTF-16) are listed in ``UNCOMMENTED``. Very large files
and directories are made at test time in a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
FILES = sorted(BAD.glob("*.toml"))
UNCOMMENTED = {"empty.toml": "-", "utf16.toml": "-"}
EXPECT = re.compile(rb"^# (?P<why>.+?) -- expect (?P<key>\S+)(?: in (?P<file>\S+))?$")
SECONDS_PER_FILE = 2.0
# run is spot-checked on every third file and on these (check covers them all, in one call)
MUST_RUN = {
    "binary",
    "child_of_bad_parent",
    "code_in_string",
    "cycle_a",
    "empty",
    "horizon_billions_of_customers",
    "horizon_million_years",
    "invalid_utf8",
    "name_path_traversal",
    "nested_too_deep",
    "servers_1e12",
    "station_path_traversal",
    "extends_proc_kmsg",
    "onestop_horizon_year_9999",
}
RUN_SAMPLE = [p for i, p in enumerate(FILES) if i % 3 == 0 or p.stem in MUST_RUN]


def expectation(path: Path) -> tuple[str, Path]:
    """The key path the error must name and the file it must be reported in."""
    if path.name in UNCOMMENTED:
        return UNCOMMENTED[path.name], path
    first = path.read_bytes().split(b"\n", 1)[0]
    match = EXPECT.match(first)
    assert match, f"{path.name}: first line must be '# WHAT -- expect KEY [in FILE]'"
    where = path.parent / match["file"].decode() if match["file"] else path
    return match["key"].decode(), where


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def onestop(*args, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    """Run the command; the time is the child's CPU seconds (user + system), so that a
    machine loaded by other tests slows it down without failing a correct loader."""
    started = _children_cpu_seconds()
    done = subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True,
        text=True,
        errors="replace",
        cwd=cwd,
        timeout=30,
    )
    return done, _children_cpu_seconds() - started


def assert_names(line: str, key: str, where: Path) -> None:
    """The line starts with the file (as given, or resolved for a parent) and the key path."""
    prefixes = {str(where), str(where.absolute())}
    with contextlib.suppress(RuntimeError):  # a loop of symbolic links: only as given
        prefixes.add(str(where.resolve()))
    heads = [f"{p}: {key} = " if key != "-" else f"{p} = " for p in prefixes]
    assert any(line.startswith(head) for head in heads), f"expected {heads[0]!r}..., got {line!r}"


def assert_refused(done: subprocess.CompletedProcess, elapsed: float, key: str, where: Path):
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert_names(lines[0], key, where)
    assert elapsed < SECONDS_PER_FILE


def test_corpus_has_forty_annotated_files():
    """The corpus holds at least 40 bad files, each saying what is wrong and what to expect."""
    assert len(FILES) >= 40
    for path in FILES:
        expectation(path)


def test_check_names_file_and_key_of_every_bad_file(tmp_path):
    """One check call over the corpus prints exactly one correct line per file, in order."""
    done, elapsed = onestop("check", *FILES, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == len(FILES), done.stderr
    for path, line in zip(FILES, lines, strict=True):
        assert_names(line, *expectation(path))
    assert elapsed < SECONDS_PER_FILE * len(FILES)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", RUN_SAMPLE, ids=[p.stem for p in RUN_SAMPLE])
def test_run_refuses_bad_file_quickly_without_writing(path, tmp_path):
    """run on a bad file: exit 2, one line naming file and key, < 2 s, no output folder."""
    out = tmp_path / "out"
    done, elapsed = onestop("run", path, "--out", out, "--reps", 2, "--jobs", 1, cwd=tmp_path)
    assert_refused(done, elapsed, *expectation(path))
    assert list(tmp_path.iterdir()) == []


def _too_large(folder: Path) -> Path:
    path = folder / "too_large.toml"
    line = "# " + "x" * 98 + "\n"
    path.write_text('kind = "network"\n' + line * 11_000)  # 1.1 MB of comments
    return path


def _directory(folder: Path) -> Path:
    path = folder / "a_directory.toml"
    path.mkdir()
    return path


def _absent(folder: Path) -> Path:
    return folder / "no_such_file.toml"


def _fifo(folder: Path) -> Path:
    path = folder / "a_fifo.toml"
    os.mkfifo(path)  # opening it for reading would block until a writer comes
    return path


def _symlink_loop(folder: Path) -> Path:
    (folder / "b.toml").symlink_to(folder / "a.toml")
    (folder / "a.toml").symlink_to(folder / "b.toml")
    return folder / "a.toml"


def _system_file(_folder: Path) -> Path:
    path = Path("/proc/kmsg")  # a regular file by stat, yet read blocks forever
    return path if path.exists() else Path("/dev/null")


def _character_device(_folder: Path) -> Path:
    return Path("/dev/zero")  # never ends


def _dotted_key(folder: Path) -> Path:
    path = folder / "dotted.toml"
    path.write_text("a." * 100_000 + "a = 1\n")  # 200 kB; tomllib's time is quadratic in it
    return path


UNREADABLE = [_too_large, _directory, _absent, _fifo, _symlink_loop, _system_file]
UNREADABLE += [_character_device, _dotted_key]


@pytest.mark.parametrize("make", UNREADABLE, ids=lambda make: make.__name__.strip("_"))
def test_unreadable_paths_are_refused_by_check_and_run(make, tmp_path):
    """A file over 1 MB, a directory, an absent path, a FIFO, a loop of links, /proc/kmsg, a
    device and a 100,000-part dotted key: exit 2 at once, one line naming the path."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    path = make(inputs)
    work = tmp_path / "work"
    work.mkdir()
    for command in (["check", path], ["run", path, "--out", work / "out", "--jobs", 1]):
        done, elapsed = onestop(*command, cwd=work)
        assert_refused(done, elapsed, "-", path)
        assert list(work.iterdir()) == []


def _extends(target: str):
    def make(folder: Path) -> Path:
        path = folder / "child.toml"
        path.write_text(f'# extends {target}\nextends = "{target}"\nkind = "network"\n')
        return path

    make.__name__ = f"extends_{target.replace('/', '_').strip('_')}"
    return make


def _thousand_stations(folder: Path) -> Path:
    path = folder / "stations.toml"
    station = '[[stations]]\nname = "s{}"\nservers = 1\n'
    station += 'service = {{ dist = "exponential", mean = 1.0 }}\n'
    head = 'kind = "network"\nname = "big"\n[run]\ncustomers = 10\n'
    head += '[arrivals]\nstation = "s0"\ninterarrival = { dist = "exponential", mean = 1.0 }\n'
    path.write_text(head + "".join(station.format(i) for i in range(1_001)))
    return path


def _fifo_parent(folder: Path) -> Path:
    os.mkfifo(folder / "parent.toml")
    return _extends("parent.toml")(folder)


def _looping_parent(folder: Path) -> Path:
    _symlink_loop(folder)
    return _extends("a.toml")(folder)


@pytest.mark.parametrize(
    "make, key",
    [(_fifo_parent, "extends"), (_looping_parent, "extends"), (_thousand_stations, "stations")],
    ids=["fifo_parent", "looping_parent", "thousand_stations"],
)
def test_generated_bad_files_name_their_key(make, key, tmp_path):
    """A FIFO or a loop of links as the parent, and 1,001 stations: exit 2 at once, one line."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    path = make(inputs)
    work = tmp_path / "work"
    work.mkdir()
    for command in (["check", path], ["run", path, "--out", work / "out", "--jobs", 1]):
        done, elapsed = onestop(*command, cwd=work)
        assert_refused(done, elapsed, key, path)
        assert list(work.iterdir()) == []
