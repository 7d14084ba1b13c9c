"""Reading the user's files: regular files only, of bounded size, never blocking.

A path given as a scenario, a parent (``extends``) or a posterior may name anything: a
FIFO or a character device blocks ``read`` forever, ``/proc/kmsg`` looks like an empty
regular file yet blocks too, and a symlink loop raises ``RuntimeError``. So the path is
resolved and stat-ed before it is opened, files under ``/proc``, ``/sys`` and ``/dev``
are refused, the file is opened with ``O_NONBLOCK`` and checked again (``fstat``) in
case it changed in between, and at most ``limit + 1`` bytes are read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from simulator.values.errors import Location
from simulator.values.limits import MAX_FILE_BYTES

SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))
_READ_CHUNK = 1 << 16


def read_regular_file(path: Path, where: Location, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else fails at once."""
    resolved = resolve_path(path, where)
    if any(resolved.is_relative_to(folder) for folder in SYSTEM_FOLDERS):
        where.fail(str(path), "is a system file (under /proc, /sys or /dev), not a data file")
    try:
        info = os.stat(resolved)
        _check_kind(info.st_mode, path, where, limit, info.st_size)
        handle = os.open(resolved, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        where.fail(str(path), f"cannot be read ({error.strerror})")
    try:
        info = os.fstat(handle)  # the file may have been swapped since the stat above
        _check_kind(info.st_mode, path, where, limit, info.st_size)
        data = _read_at_most(handle, limit + 1)
    except OSError as error:
        where.fail(str(path), f"cannot be read ({error.strerror})")
    finally:
        os.close(handle)
    if len(data) > limit:
        where.fail(f"{len(data)} bytes", f"file too large (at most {limit:,} bytes)")
    return data


def resolve_path(path: Path, where: Location) -> Path:
    """The path with every symbolic link followed; fails on a loop or a missing file."""
    try:
        return path.resolve(strict=True)
    except FileNotFoundError:
        where.fail(str(path), "no such file")
    except RuntimeError:  # Python 3.11 reports a symlink loop so
        where.fail(str(path), "cannot be read (a loop of symbolic links)")
    except (OSError, ValueError) as error:  # ELOOP, a name too long, a NUL byte
        reason = getattr(error, "strerror", None) or str(error)
        where.fail(str(path), f"cannot be read ({reason})")


def _check_kind(mode: int, path: Path, where: Location, limit: int, size: int) -> None:
    if stat.S_ISDIR(mode):
        where.fail(str(path), "is not a regular file (a directory?); give a .toml scenario file")
    if not stat.S_ISREG(mode):
        where.fail(str(path), "is not a regular file (a device, FIFO or socket); give a file")
    if size > limit:
        where.fail(f"{size} bytes", f"file too large (at most {limit:,} bytes)")


def _read_at_most(handle: int, count: int) -> bytes:
    chunks, total = [], 0
    while total < count:
        chunk = os.read(handle, min(_READ_CHUNK, count - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)
