"""Results are written atomically and deterministically."""

import json
import math
from pathlib import Path

import pytest

from simulator.storage import atomic_write_bytes, csv_text, json_text, write_json


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    """After a write only the final file is in the folder."""
    write_json(tmp_path / "a.json", {"x": 1})
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    """If writing dies halfway, the previous complete file is still there and no temp is left."""
    target = tmp_path / "summary.json"
    target.write_text("old")

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", crash)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]


def test_undefined_numbers_are_null_in_json_and_empty_in_csv():
    """NaN is not JSON: undefined metrics are written as null, and as empty CSV cells."""
    assert json.loads(json_text({"m": math.nan})) == {"m": None}
    assert csv_text(["a", "b"], [(1, math.nan)]) == "a,b\n1,\n"


def test_floats_are_written_in_their_shortest_exact_form():
    """A float reads back exactly from the CSV."""
    value = 0.1 + 0.2
    assert float(csv_text(["v"], [(value,)]).splitlines()[1]) == value


def test_paths_are_created(tmp_path):
    """Writing into a new sub-folder creates it."""
    atomic_write_bytes(tmp_path / "figures" / "x.png", b"png")
    assert Path(tmp_path / "figures" / "x.png").read_bytes() == b"png"
