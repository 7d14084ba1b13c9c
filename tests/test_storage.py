"""Results are written atomically and deterministically."""

import json
import math
from pathlib import Path

import pytest

from simulator.output.storage import (
    atomic_write_bytes,
    csv_text,
    json_text,
    write_json,
)


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


def test_trace_rows_stream_in_chunks_into_one_file(tmp_path):
    """Rows written in chunks of two all land in the replication's file, under a header."""
    from simulator.output.storage import TraceSink

    sink = TraceSink(tmp_path, chunk_rows=2)
    with sink.open(3, ("dossier", "closed_at")) as write:
        for i in range(5):
            write((i, float(i) * 1.5))
    lines = (tmp_path / "trace_00003.csv").read_text().splitlines()
    assert lines[0] == "dossier,closed_at" and lines[1:] == [f"{i},{i * 1.5!r}" for i in range(5)]


def test_a_trace_interrupted_mid_run_leaves_nothing_that_looks_complete(tmp_path):
    """If the replication dies, neither the final file nor the temporary one remains."""
    from simulator.output.storage import TraceSink

    sink = TraceSink(tmp_path, chunk_rows=1)
    with pytest.raises(RuntimeError), sink.open(0, ("dossier",)) as write:
        write((1,))
        raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []


def test_parquet_trace_when_pyarrow_is_installed(tmp_path):
    """The parquet trace reads back with the same rows."""
    parquet = pytest.importorskip("pyarrow.parquet")
    from simulator.output.storage import TraceFormat, TraceSink

    sink = TraceSink(tmp_path, TraceFormat.PARQUET, chunk_rows=2)
    with sink.open(0, ("dossier", "site")) as write:
        for i in range(3):
            write((i, "provincial_centre"))
    table = parquet.read_table(tmp_path / "trace_00000.parquet")
    assert table.column("dossier").to_pylist() == [0, 1, 2]


def test_results_are_readable_like_any_other_file(tmp_path):
    """Atomic writes keep the usual permissions (umask), not the private 0600 of temp files."""
    import os

    umask = os.umask(0)
    os.umask(umask)
    write_json(tmp_path / "s.json", {})
    assert (tmp_path / "s.json").stat().st_mode & 0o777 == 0o666 & ~umask
