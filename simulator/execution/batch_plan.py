"""Planning a batch: scenario files from paths and globs, multiplied by ``--set`` sweeps.

``PATH_OR_GLOB`` arguments become scenario files (a glob is expanded and sorted, so
the order never depends on the file system), and each ``--set key.path=v1,v2``
multiplies every file into variants (the product over all ``--set``). Values are
parsed as TOML (``5000`` is an int, ``[1, 2]`` a list), anything else is text, and
applied to the merged document before validation, so a bad value is reported like a
bad file: ``--set: stations[0].servers = 0: must be >= 1``.

A variant is named ``<name>__<key.path>=<value>`` (one ``__part`` per ``--set``, in
the order given), with every character outside ``A-Z a-z 0-9 . _ = + -`` replaced by
``_`` so that the name is a safe folder name on any file system:
``mm4__stations[0].servers=3`` is stored as ``mm4__stations_0_.servers=3``. A name
longer than 100 characters (a list value) is cut and ends in ``~`` and 12 hex digits of
a hash of the full name. The variant's ``name`` is set to that, so its summary names it too.

A file or variant that cannot be loaded becomes a ``Failure``; the others go on.
"""

from __future__ import annotations

import glob
import hashlib
import itertools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.values.document import Document, parse_key_path, read_document, with_overrides
from simulator.values.errors import ScenarioError
from simulator.values.scenario import validate_document

SET_SOURCE = "--set"  # the "file" that error messages name for a bad --set value
_UNSAFE = re.compile(r"[^A-Za-z0-9._=+-]")
MAX_VARIANT_CHARS = 100  # a variant name is a folder name (values.validate.output_name)


@dataclass(frozen=True, kw_only=True)
class Sweep:
    """One ``--set key.path=v1,v2``: the values as the user wrote them."""

    key: str
    texts: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One scenario of the batch (a file, or one variant of it)."""

    name: str  # folder-safe and unique in the batch
    source: str
    overrides: tuple[tuple[str, str], ...]  # (key path, value text) of each --set
    scenario: Any


@dataclass(frozen=True, kw_only=True)
class Failure:
    name: str
    source: str
    message: str  # one line, naming the file and key where there is one
    bad_input: bool  # a scenario that could not be loaded (as opposed to one that crashed)


@dataclass(frozen=True, kw_only=True)
class Plan:
    entries: tuple[Entry, ...]
    failures: tuple[Failure, ...]


def parse_sweep(text: str) -> Sweep:
    """``key.path=v1,v2,v3`` -> a Sweep; a ScenarioError (exit 2) if malformed."""
    key, sep, values = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ScenarioError(SET_SOURCE, key, text, "write KEY.PATH=V1,V2 (run.customers=2000,4000)")
    try:
        parse_key_path(key)
    except ValueError:
        raise ScenarioError(
            SET_SOURCE, key, text, "malformed key path (e.g. stations[0].servers)"
        ) from None
    texts = tuple(part.strip() for part in _split_values(values))
    if any(not part for part in texts):
        raise ScenarioError(SET_SOURCE, key, values, "give comma-separated values, none empty")
    return Sweep(key=key, texts=texts)


def _split_values(text: str) -> list[str]:
    """Split at commas outside brackets and quotes, so TOML arrays stay whole."""
    parts, current, depth, quote = [], [], 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def set_value(text: str) -> Any:
    """A --set value as TOML (``5000`` is an int, ``true`` a bool); otherwise the text."""
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text


def safe_name(text: str) -> str:
    name = _UNSAFE.sub("_", text)
    return "_" if name in ("", ".", "..") else name


def variant_name(base: str, overrides: Sequence[tuple[str, str]]) -> str:
    """``<name>__<key.path>=<value>``, made safe; a name over MAX_VARIANT_CHARS (a list
    value, many --set) is cut and ends in a hash of the full name, so it stays unique."""
    full = "__".join([base, *(f"{key}={text}" for key, text in overrides)])
    name = safe_name(full)
    if len(name) <= MAX_VARIANT_CHARS:
        return name
    digest = hashlib.sha256(full.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{name[: MAX_VARIANT_CHARS - len(digest) - 1]}~{digest}"


def _refuse_repeated_keys(sweeps: Sequence[Sweep]) -> None:
    keys = [sweep.key for sweep in sweeps]
    for key in keys:
        if keys.count(key) > 1:
            raise ScenarioError(SET_SOURCE, key, key, "is given twice; give its values once")


def expand_paths(patterns: Sequence[str | Path]) -> tuple[list[Path], list[Failure]]:
    """Scenario files from paths and globs (sorted), without duplicates."""
    paths, failures = [], []
    for pattern in map(str, patterns):
        if not glob.has_magic(pattern):
            paths.append(Path(pattern))  # a missing file is reported when it is loaded
            continue
        matches = sorted(glob.glob(pattern, recursive=True))
        if not matches:
            message = f"{pattern}: no file matches this pattern"
            failures.append(Failure(name=pattern, source=pattern, message=message, bad_input=True))
        paths += [Path(match) for match in matches]
    return list(dict.fromkeys(paths)), failures


def plan_batch(patterns: Sequence[str | Path], sweeps: Sequence[Sweep] = ()) -> Plan:
    """Load every scenario (and variant); the ones that fail become Failures."""
    _refuse_repeated_keys(sweeps)
    paths, failures = expand_paths(patterns)
    entries: dict[str, Entry] = {}
    for path in paths:
        for found in _entries_of(path, sweeps):
            if isinstance(found, Entry) and found.name in entries:
                found = Failure(
                    name=found.name,
                    source=found.source,
                    message=f"{found.source}: name = {found.scenario.name!r}: another scenario in "
                    f"this batch has the same results folder {found.name!r}; rename one",
                    bad_input=True,
                )
            if isinstance(found, Failure):
                failures.append(found)
            else:
                entries[found.name] = found
    return Plan(entries=tuple(entries.values()), failures=tuple(failures))


def _entries_of(path: Path, sweeps: Sequence[Sweep]) -> list[Entry | Failure]:
    try:
        document = read_document(path)
    except ScenarioError as error:
        return [Failure(name=path.stem, source=str(path), message=error.line(), bad_input=True)]
    base = str(document.data.get("name", path.stem))
    found: list[Entry | Failure] = []
    for overrides in itertools.product(*[[(s.key, t) for t in s.texts] for s in sweeps]):
        name = variant_name(base, overrides)
        try:
            scenario = _parse_variant(document, name, overrides)
        except ScenarioError as error:
            found.append(Failure(name=name, source=str(path), message=error.line(), bad_input=True))
            continue
        except Exception as error:  # a loader bug must not stop the other scenarios
            message = f"{path}: scenario {name!r} could not be loaded: {type(error).__name__}: "
            found.append(
                Failure(
                    name=name,
                    source=str(path),
                    message=message + " ".join(str(error).split()),
                    bad_input=False,
                )
            )
            continue
        found.append(Entry(name=name, source=str(path), overrides=overrides, scenario=scenario))
    return found


def _parse_variant(document: Document, name: str, overrides: Sequence[tuple[str, str]]) -> Any:
    return validate_document(apply_sets(document, overrides, name))


def apply_sets(
    document: Document, overrides: Sequence[tuple[str, str]], name: str | None = None
) -> Document:
    """The document with each (key path, value text) set and renamed to its variant name
    (``name``, else ``variant_name``); unchanged without overrides."""
    if not overrides:
        return document
    values = {key: set_value(text) for key, text in overrides}
    if name is None:
        name = variant_name(str(document.data.get("name", document.path.stem)), overrides)
    try:
        return with_overrides(document, {**values, "name": name}, SET_SOURCE)
    except KeyError as error:
        key = str(error.args[0])
        missing = "cannot be set: a table or list item on the way is missing"
        raise ScenarioError(str(document.path), key, values.get(key), missing) from None


def single_sets(texts: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``--set KEY=VALUE`` of the one-scenario commands (run, compare, project, validate):
    the batch syntax and errors, one value per key (a sweep is what ``batch`` is for)."""
    sweeps = [parse_sweep(text) for text in texts]
    _refuse_repeated_keys(sweeps)
    for sweep in sweeps:
        if len(sweep.texts) > 1:
            several = ",".join(sweep.texts)
            allowed = "one value per key here; `onestop batch --set` runs one variant per value"
            raise ScenarioError(SET_SOURCE, sweep.key, several, allowed)
    return tuple((sweep.key, sweep.texts[0]) for sweep in sweeps)


def load_with_sets(path: str | Path, texts: Sequence[str]) -> Any:
    """A scenario file with ``--set KEY=VALUE`` options applied, validated."""
    return validate_document(apply_sets(read_document(path), single_sets(texts)))
