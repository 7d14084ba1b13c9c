"""One result set per folder: a lock while a run writes, a manifest that names its files.

A folder given as ``--out`` holds the files of one run, and says so:

* **A lock.** ``.onestop.lock`` in the folder is held (``flock``) from before the first
  replication to after the last file; a second run into the same folder exits 2 at once,
  naming the pid that holds it. The kernel drops the lock when its holder dies (and the
  pool's workers, which share it, die with their parent: ``execution.worker_guard``), so
  a lock left by a killed run is *stale*: the next run finds its pid dead, takes it over
  and writes its own pid. The file stays (it is hidden); only the ``flock`` counts.
* **A run id** (random, one per command) in ``manifest.json`` only. Not in the other
  files: ``summary.json`` and ``replications.csv`` must stay byte-identical for the same
  scenario and seed (the reproducibility contract), and CSVs that people open in a
  spreadsheet stay plain. The manifest binds each file to the run by its sha256.
* **The manifest last.** Writing a set first removes the old ``manifest.json``, then
  writes every other file, then the manifest naming each with its sha256. A kill at any
  moment leaves either no manifest (an incomplete set) or a manifest whose hashes match.
  Files the previous manifest listed that the new set does not write (figures of a metric
  gone, traces of replications no longer run) are removed, so nothing stale stays.

``verify_set`` (``onestop verify``, and the commands that read a results folder) finds:
no manifest, a listed file missing or changed, a file in the set that the manifest does
not list, a nested set (a scenario of ``compare``) with another run id, a run still
writing.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from simulator.values.errors import ScenarioError

LOCK = ".onestop.lock"
MANIFEST = "manifest.json"
CHUNK = 1 << 20


@contextlib.contextmanager
def locked_folder(out: Path) -> Iterator[str]:
    """Hold the folder's lock for a run; yields the run id. Exit 2 if another run holds it."""
    out.mkdir(parents=True, exist_ok=True)
    run_id = new_run_id()
    handle = _acquire(out / LOCK, run_id)
    try:
        yield run_id
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


def new_run_id() -> str:
    return uuid.uuid4().hex


def _acquire(path: Path, run_id: str) -> int:
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(handle)
        os.close(handle)
        raise ScenarioError(
            "--out",
            "",
            str(path.parent),
            f"another onestop run ({holder}) is writing into this folder; wait for it to end "
            "or choose another --out",
        ) from None
    # a stale lock (its run was killed) is taken over: the file now names this run
    os.ftruncate(handle, 0)
    os.pwrite(handle, json.dumps({"pid": os.getpid(), "run_id": run_id}).encode(), 0)
    return handle


def _holder(handle: int) -> str:
    try:
        data = json.loads(os.pread(handle, 4096, 0) or b"{}")
        return f"pid {int(data['pid'])}"
    except (ValueError, KeyError, TypeError):
        return "pid unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def begin_set(out: Path) -> list[str]:
    """Start writing a set into ``out``: remove its manifest; return the files it listed."""
    manifest = out / MANIFEST
    try:
        listed = list(json.loads(manifest.read_text(encoding="utf-8")).get("files", {}))
    except (OSError, ValueError, AttributeError):
        listed = []
    manifest.unlink(missing_ok=True)
    return listed


def listing(out: Path, files: Iterable[Path]) -> dict[str, str]:
    """``{path relative to out: sha256}`` of the set's files, sorted by path."""
    root = out.resolve()
    rows = {}
    for path in files:
        relative = path.resolve().relative_to(root).as_posix()
        if relative != MANIFEST:
            rows[relative] = sha256_of(path)
    return dict(sorted(rows.items()))


def drop_stale(out: Path, previous: list[str], current: dict[str, str]) -> None:
    """Remove files of the previous set that this set does not write (inside ``out`` only).

    Files inside a nested set this set lists are left alone: a batch's failed scenario may
    be listed file by file once and as its own set the next time.
    """
    root = out.resolve()
    nested = [Path(name).parent for name in current if Path(name).name == MANIFEST]
    for name in previous:
        path = (out / name).resolve()
        if name in current or not path.is_relative_to(root) or path == root:
            continue
        if any(Path(name).is_relative_to(folder) for folder in nested):
            continue  # a file of a nested set (a batch's scenario): that set's own manifest rules
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)


# --- reading a set back -------------------------------------------------------------------


def verify_set(out: Path, run_id: str | None = None) -> list[str]:
    """What is wrong with the result set in ``out`` (empty: it is one complete run)."""
    manifest = out / MANIFEST
    if not out.is_dir():
        return [f"{out}: not a folder"]
    if _locked(out / LOCK):
        return [f"{out}: a run is still writing into this folder ({LOCK} is held)"]
    try:
        document = json.loads(manifest.read_text(encoding="utf-8"))
        files = dict(document["files"])
        found_id = str(document["run_id"])
    except FileNotFoundError:
        return [f"{manifest}: missing: the run did not finish (or wrote no manifest)"]
    except (OSError, ValueError, KeyError, TypeError):
        return [f"{manifest}: not a manifest of this simulator (no run_id and files)"]
    problems = []
    if run_id is not None and found_id != run_id:
        problems.append(f"{manifest}: run_id {found_id} differs from {run_id} of the folder above")
    problems += _check_files(out, files)
    problems += [
        f"{out / name}: not in {manifest} (left by another run?)" for name in _extra(out, files)
    ]
    for name in files:
        if Path(name).name == MANIFEST:
            problems += verify_set((out / name).parent, found_id)
    return problems


def _check_files(out: Path, files: dict[str, Any]) -> list[str]:
    problems = []
    root = out.resolve()
    for name, digest in files.items():
        path = out / name
        if not path.resolve().is_relative_to(root):
            problems.append(f"{path}: outside {out}")
        elif not path.is_file():
            problems.append(f"{path}: listed in {out / MANIFEST} but missing")
        elif sha256_of(path) != digest:
            problems.append(f"{path}: changed since {out / MANIFEST} was written (sha256 differs)")
    return problems


def _extra(out: Path, files: dict[str, Any]) -> list[str]:
    """Files in the folder that the manifest does not list (hidden files and nested sets aside)."""
    nested = {Path(name).parent for name in files if Path(name).name == MANIFEST}
    extra = []
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if any(relative.is_relative_to(folder) for folder in nested):
            continue
        name = relative.as_posix()
        if name != MANIFEST and name not in files:
            extra.append(name)
    return extra


def _locked(path: Path) -> bool:
    try:
        handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)
    return False
