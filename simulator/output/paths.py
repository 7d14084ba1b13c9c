"""Every file a command writes lies inside its ``--out`` folder.

Names that become file names (stations, sites, districts: parts of metric names; scenario
names: folders) are validated where they are loaded (``values.validate.identifier`` and
``output_name``), so that no writer has to escape them. This module is the second line:
``output_dir`` opens the folder a command writes into (and remembers it, resolved), and
``inside`` is called by every writer (``storage.atomic_write_bytes``, which writes JSON, CSV,
TOML, HTML and the figures, and the trace sink) on the path it is about to create. The
path is resolved with every symbolic link followed, so neither ``..`` segments nor a link
planted inside the folder can lead a write elsewhere.

The check is on while a command runs (``confined``, entered by the CLI around each verb),
so a library caller (the API, a test writing one file) that opened no output folder is not
checked: it chose its own paths. Forked workers inherit the folders (trace files).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from simulator.values.errors import ScenarioError

_ROOTS: list[Path] | None = None  # the resolved output folders of the running command


@contextmanager
def confined() -> Iterator[None]:
    """While the block runs, every write must lie inside an output folder it opened."""
    global _ROOTS
    previous, _ROOTS = _ROOTS, []
    try:
        yield
    finally:
        _ROOTS = previous


def output_dir(out: str | Path) -> Path:
    """The output folder, created if needed; exit 2 if it cannot be one."""
    text = str(out)
    if not text.strip():
        raise ScenarioError("--out", "", text, "must name a folder (an empty name is refused)")
    if not text.isprintable():
        raise ScenarioError("--out", "", text, "must not contain control characters")
    path = Path(out)
    if path.exists() and not path.is_dir():
        allowed = "exists and is not a folder; name a new or an existing folder"
        raise ScenarioError("--out", "", text, allowed)
    try:
        path.mkdir(parents=True, exist_ok=True)
        root = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ScenarioError("--out", "", text, f"cannot be created ({reason})") from None
    if _ROOTS is not None and root not in _ROOTS:
        _ROOTS.append(root)
    return path


def inside(path: Path) -> Path:
    """The path itself, after checking that it lies in an output folder this process opened."""
    if not _ROOTS:
        return path
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a loop of links on the way
        resolved = None
    if resolved is None or not any(resolved.is_relative_to(root) for root in _ROOTS):
        folders = ", ".join(str(root) for root in _ROOTS)
        raise ScenarioError("--out", "", str(path), f"would be written outside {folders}")
    return path
