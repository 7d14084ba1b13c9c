"""Atomic writes of results: a killed run never leaves a half-written file that looks complete.

Every file goes to a temporary name in the same directory, is flushed to disk, and
is renamed over the final name (``os.replace`` is atomic on POSIX). JSON and CSV
are formatted deterministically so that equal results give byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from simulator.output.paths import inside, output_dir
from simulator.output.result_set import MANIFEST, begin_set, drop_stale, listing, new_run_id
from simulator.values.metrics import unit_of
from simulator.values.provenance import versions  # small, but only needed here


def _file_mode() -> int:
    """rw for everyone the umask allows (mkstemp alone would make results private, 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    inside(path).parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def clean_json(value: Any) -> Any:
    """NaN and infinities become null: they are not JSON, and mean 'undefined' here."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_json(v) for v in value]
    return value


def json_text(value: Any) -> str:
    return json.dumps(clean_json(value), indent=2, ensure_ascii=False, default=str) + "\n"


def write_json(path: Path, value: Any) -> None:
    atomic_write_text(path, json_text(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([format_cell(cell) for cell in row])
    return buffer.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    atomic_write_text(path, csv_text(header, rows))


def format_cell(value: Any) -> Any:
    """Floats as repr (shortest exact form); undefined values as empty cells."""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def safe_output_dir(out: str | Path) -> Path:
    """The output directory, created if needed; every later write must lie inside it."""
    return output_dir(out)


def summary_document(result: Any) -> dict[str, Any]:
    """The summary.json content: only what the scenario and seed determine, never timings."""
    scenario = result.scenario
    return {
        "scenario": scenario.name,
        "kind": scenario.kind.value,
        "seed": result.seed,
        "replications": len(result.replications),
        "metrics": {name: _metric_entry(name, s) for name, s in result.summary().items()},
    }


def _metric_entry(name: str, summary: Any) -> dict[str, Any]:
    """A metric's summary with its catalogue unit last (null for a name outside the catalogue)."""
    unit = unit_of(name)
    return {**summary.to_dict(), "unit": unit.value if unit is not None else None}


def replication_rows(result: Any) -> list[tuple[int, str, float]]:
    return [
        (r.replication, name, value)
        for r in result.replications
        for name, value in r.metrics.items()
    ]


def manifest_document(result: Any, command: Sequence[str]) -> dict[str, Any]:
    """What a reader needs to reproduce the run: versions, the resolved scenario, seed, times."""

    scenario = result.scenario
    return {
        "scenario": scenario.name,
        "source": scenario.source,
        "extends_chain": [str(Path(p).resolve()) for p in scenario.chain] or [scenario.source],
        "scenario_sha256": scenario.digest,
        "resolved_scenario": scenario.resolved,
        "seed": result.seed,
        "replications": len(result.replications),
        "jobs": result.jobs,
        "command": list(command),
        "versions": versions(),
        "wall_time_s": round(result.wall_time, 3),
        "replication_wall_times_s": [round(r.wall_time, 3) for r in result.replications],
    }


def write_run_outputs(
    result: Any,
    out: Path,
    command: Sequence[str],
    *,
    run_id: str | None = None,
    figures: Callable[[], list[Path]] | None = None,
    written: Sequence[Path] = (),
    previous: list[str] | None = None,
) -> list[Path]:
    """summary.json, replications.csv, the figures, then manifest.json, last (``result_set``).

    ``written``: files of the set made earlier (traces, stored tasks), listed in the manifest;
    ``previous``: what ``begin_set`` returned if the caller began the set before the run.
    Returns summary, replications, manifest, then the figures.
    """
    previous = begin_set(out) if previous is None else previous
    files = [out / "summary.json", out / "replications.csv"]
    write_json(files[0], summary_document(result))
    write_csv(files[1], ("replication", "metric", "value"), replication_rows(result))
    drawn = figures() if figures is not None else []
    manifest = finish_set(
        out, [*files, *drawn, *written], manifest_document(result, command), run_id, previous
    )
    return [*files, manifest, *drawn]


def finish_set(
    out: Path, files: Sequence[Path], document: dict[str, Any], run_id: str | None, previous: list
) -> Path:
    """Write ``out/manifest.json`` naming ``files`` with their sha256; drop stale files."""
    listed = listing(out, [path for path in files if path.is_file()])
    path = out / MANIFEST
    write_json(path, {**document, "run_id": run_id or new_run_id(), "files": listed})
    drop_stale(out, previous, listed)
    return path


class TraceFormat(Enum):
    CSV = "csv"
    PARQUET = "parquet"  # needs pyarrow


@dataclass(frozen=True)
class TraceSink:
    """Where per-dossier trace rows go: one file per replication, streamed, then renamed.

    The same sink writes event logs (``stem="events"``: ``events_<replication>.csv``).
    Picklable (a folder and a format), so worker processes open their own files.
    Rows are written as they come in chunks, so memory does not grow with the run;
    the file appears under its final name only when the replication has finished.
    """

    directory: Path
    format: TraceFormat = TraceFormat.CSV
    chunk_rows: int = 50_000
    stem: str = "trace"

    def path(self, replication: int) -> Path:
        return self.directory / f"{self.stem}_{replication:05d}.{self.format.value}"

    @contextmanager
    def open(self, replication: int, columns: Sequence[str]) -> Iterator[Callable[[tuple], None]]:
        final = inside(self.path(replication))
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.with_name(f".{final.name}.tmp")
        writer = (
            _ParquetChunks(temporary, columns)
            if self.format is TraceFormat.PARQUET
            else (_CsvChunks(temporary, columns))
        )
        buffer: list[tuple] = []

        def write(row: tuple) -> None:
            buffer.append(row)
            if len(buffer) >= self.chunk_rows:
                writer.write(buffer)
                buffer.clear()

        try:
            yield write
            writer.write(buffer)
            writer.close()
            os.replace(temporary, final)
        except BaseException:
            writer.close()
            temporary.unlink(missing_ok=True)
            raise


class _CsvChunks:
    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed in close)
        self.writer = csv.writer(self.stream, lineterminator="\n")
        self.writer.writerow(columns)

    def write(self, rows: list[tuple]) -> None:
        self.writer.writerows([format_cell(cell) for cell in row] for row in rows)

    def close(self) -> None:
        if not self.stream.closed:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()


class _ParquetChunks:
    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        import pyarrow.parquet as parquet

        self.columns = list(columns)
        self.path = path
        self.parquet = parquet
        self.writer = None

    def write(self, rows: list[tuple]) -> None:
        import pyarrow as arrow

        if not rows:
            return
        table = arrow.table({c: [row[i] for row in rows] for i, c in enumerate(self.columns)})
        if self.writer is None:
            self.writer = self.parquet.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is None:  # no rows: still a valid file, with the columns
            import pyarrow as arrow

            empty = {c: arrow.array([], type=arrow.string()) for c in self.columns}
            self.parquet.write_table(arrow.table(empty), self.path)
            self.writer = False
        elif self.writer:
            self.writer.close()
            self.writer = False
