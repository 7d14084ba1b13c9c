"""Reading user files: regular files only, bounded, and never blocking."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.values.errors import Location, ScenarioError
from simulator.values.files import read_regular_file

WHERE = Location("scenario.toml")


def test_a_regular_file_is_read_whole(tmp_path):
    """A small regular file comes back byte for byte."""
    path = tmp_path / "a.toml"
    path.write_bytes(b'kind = "network"\n')
    assert read_regular_file(path, WHERE) == b'kind = "network"\n'


def test_a_fifo_is_refused_without_opening_it(tmp_path):
    """A FIFO would block open() until a writer came: refused from its stat."""
    path = tmp_path / "fifo"
    os.mkfifo(path)
    with pytest.raises(ScenarioError, match="not a regular file"):
        read_regular_file(path, WHERE)


@pytest.mark.parametrize("path", ["/proc/kmsg", "/proc/self/status", "/dev/zero", "/dev/null"])
def test_system_files_are_refused(path):
    """/proc looks like regular empty files that may block; devices never end."""
    if not Path(path).exists():
        pytest.skip(f"{path} does not exist here")
    with pytest.raises(ScenarioError, match="system file"):
        read_regular_file(Path(path), WHERE)


def test_a_loop_of_links_is_one_line(tmp_path):
    """a -> b -> a: a ScenarioError, not RuntimeError."""
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(ScenarioError, match="loop of symbolic links"):
        read_regular_file(tmp_path / "a", WHERE)


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path):
    """The size comes from stat: nothing over the limit is read."""
    path = tmp_path / "big"
    path.write_bytes(b"x" * 101)
    with pytest.raises(ScenarioError, match="at most 100 bytes"):
        read_regular_file(path, WHERE, limit=100)
    assert read_regular_file(path, WHERE, limit=101) == b"x" * 101
