"""Scenario documents: read TOML safely and resolve ``extends``, before validation.

A scenario file is data only (``tomllib``; never eval or pickle). ``extends =
"parent.toml"`` (relative to the file) deep-merges a parent: tables merge key by
key, everything else (numbers, strings, lists) is replaced by the child. Errors
name the file that actually holds the bad key, so a mistake in a parent is
reported there, not in the child that inherited it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from simulator.values.errors import Location, ScenarioError
from simulator.values.files import read_regular_file, resolve_path
from simulator.values.limits import (
    MAX_EXTENDS_DEPTH,
    MAX_FILE_BYTES,
    MAX_KEY_PARTS,
    MAX_NESTING,
    longest_dotted_key,
)

__all__ = ["MAX_EXTENDS_DEPTH", "MAX_FILE_BYTES", "MAX_NESTING"]  # read here by older callers


DIST = "dist"  # the key that makes a table a distribution


class ScenarioKind(Enum):
    NETWORK = "network"
    ONESTOP = "onestop"


@dataclass(frozen=True, kw_only=True)
class Document:
    """A scenario file merged with its parents, before validation."""

    path: Path
    data: dict[str, Any]
    origins: dict[str, str]  # key path -> file that set it
    chain: tuple[str, ...]  # the file and every parent it extends, child first

    def where(self) -> Location:
        return Location(str(self.path))

    def file_of(self, key: str) -> str:
        """The file that supplied key (or its closest enclosing table)."""
        probe = key
        while probe:
            if probe in self.origins:
                return self.origins[probe]
            probe = _parent_key(probe)
        return str(self.path)

    def digest(self) -> str:
        """A hash of the resolved content: equal for equal scenarios, whatever the files."""
        text = json.dumps(self.data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def _parent_key(key: str) -> str:
    """``a.b[2].c`` -> ``a.b[2]`` -> ``a.b`` -> ``a`` -> ``''``."""
    cut = max(key.rfind("."), key.rfind("["))
    return key[:cut] if cut > 0 else ""


def read_document(path: str | Path) -> Document:
    """Read a scenario file and the chain of files it extends, merged."""
    path = Path(path)
    data, origins, chain = _read_chain(path, ())
    return Document(path=path, data=data, origins=origins, chain=chain)


def _read_chain(path: Path, seen: tuple[Path, ...]) -> tuple[dict, dict[str, str], tuple[str, ...]]:
    data = read_toml(path)  # first: it reports a missing file or a symlink loop in one line
    resolved = path.resolve()
    origins = {key: str(path) for key in _key_paths(data)}
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data, origins, (str(path),)
    where = Location(str(path), "extends")
    if not isinstance(parent_name, str) or not parent_name.strip():
        where.fail(parent_name, "must be the path of a parent scenario file, relative to this one")
    if not parent_name.isprintable():
        where.fail(parent_name, "must not contain control characters")
    parent = _usable_parent(path.parent / parent_name, where, parent_name)
    if parent in seen or parent == resolved:
        where.fail(parent_name, "extends itself through a cycle of files; remove the cycle")
    if len(seen) >= MAX_EXTENDS_DEPTH:
        where.fail(parent_name, f"too many levels of extends (at most {MAX_EXTENDS_DEPTH})")
    base, base_origins, chain = _read_chain(parent, (*seen, resolved))
    base_origins.update(origins)
    merged = deep_merge(base, data)
    present = set(_key_paths(merged))  # a table the child replaced whole keeps no parent keys
    origins = {key: file for key, file in base_origins.items() if key in present}
    return merged, origins, (str(path), *chain)


def _usable_parent(parent: Path, where: Location, parent_name: str) -> Path:
    """The resolved parent file; a missing file, a loop of links, a device, a FIFO or a
    huge file is blamed on the child's ``extends`` key, before anything is read."""
    try:
        resolved = resolve_path(parent, where)
        read_regular_file(resolved, where)
    except ScenarioError as error:
        extends = Location(where.file, "extends")
        extends.fail(parent_name, f"the parent file {parent} {error.allowed}")
    return resolved


def read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file, turning every way it can be unreadable into a ScenarioError."""
    where = Location(str(path))
    raw = read_regular_file(path, where)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        where.fail(f"byte {error.start}", "not valid UTF-8 text; save the file as UTF-8")
    if not text.strip():
        where.fail("", "the file is empty; a scenario needs at least kind and name")
    parts = longest_dotted_key(text)  # before tomllib, whose time grows with its square
    if parts > MAX_KEY_PARTS:
        where.fail(f"{parts} parts", f"a dotted key with too many parts (at most {MAX_KEY_PARTS})")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where.fail(str(error), "not valid TOML; see https://toml.io")
    except RecursionError:
        data = None  # tomllib recurses into nested arrays and tables
    if data is None or _depth(data) > MAX_NESTING:
        where.fail("", f"values nested too deeply (at most {MAX_NESTING} levels)")
    return data


def _depth(data: Any) -> int:
    """How deeply lists and tables nest (without recursion: the data may be hostile)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        deepest = max(deepest, level)
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, (dict, list)) and level <= MAX_NESTING:
            stack.extend((child, level + 1) for child in children)
    return deepest


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value in override replaces the base's.

    A distribution table that names its ``dist`` is a new distribution: it replaces the
    base's table whole (a parent's ``cv`` must not leak into a child's exponential); one
    that sets only parameters (``mean``) changes them in the parent's distribution.
    """
    merged = copy.deepcopy(base)  # once: the tables below merge into this copy in place
    _merge_into(merged, override)
    return merged


def _merge_into(merged: dict[str, Any], override: dict[str, Any]) -> None:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict) and DIST not in value:
            _merge_into(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)


def _key_paths(data: Any, prefix: str = "") -> list[str]:
    """Every key path in a parsed document, tables and list items included."""
    paths = []
    items: Any = data.items() if isinstance(data, dict) else []
    if isinstance(data, list):
        items = ((f"[{i}]", v) for i, v in enumerate(data))
    for key, value in items:
        path = f"{prefix}{key}" if key.startswith("[") else (f"{prefix}.{key}" if prefix else key)
        paths.append(path)
        paths.extend(_key_paths(value, path))
    return paths


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_key_path(path: str) -> list[str | int]:
    """``groups[2].share`` -> ["groups", 2, "share"]; raises ValueError if malformed."""
    parts: list[str | int] = []
    position = 0
    for match in _PART.finditer(path):
        gap = path[position : match.start()]
        if gap not in ("", ".") or (gap == "." and not parts):
            raise ValueError(f"malformed key path {path!r}")
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    if not parts or position != len(path):
        raise ValueError(f"malformed key path {path!r}")
    return parts


def get_key_path(data: Any, path: str) -> Any:
    """The value at a key path; KeyError if any step is missing."""
    value = data
    for part in parse_key_path(path):
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            raise KeyError(path) from None
    return value


def set_key_path(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of data with the value at path replaced (a missing last key is added)."""
    copied = copy.deepcopy(data)
    _set_in_place(copied, path, value)
    return copied


def _set_in_place(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = parse_key_path(path)
    target: Any = data
    for part in parents:
        try:
            target = target[part]
        except (KeyError, IndexError, TypeError):
            raise KeyError(path) from None
    if isinstance(last, int) and not (isinstance(target, list) and last < len(target)):
        raise KeyError(path)
    if isinstance(last, str) and not isinstance(target, dict):
        raise KeyError(path)
    target[last] = value


def with_overrides(document: Document, overrides: dict[str, Any], source: str) -> Document:
    """The document with key-path overrides applied (``--set``, calibration, sweeps).

    ``source`` names where the overrides came from, for error messages about them.
    """
    data, origins = copy.deepcopy(document.data), dict(document.origins)  # one copy for all
    for path, value in overrides.items():
        # a copy of the value too: a later path may set a key inside a table set here, which
        # must not reach the caller's table (``[[changes]]`` pass tables still in the document)
        _set_in_place(data, path, copy.deepcopy(value))
        origins[path] = source
    return replace(document, data=data, origins=origins)


def toml_value(value: Any) -> str:
    """A value as TOML inline text (the inverse of reading, for files the tool writes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if value == value else "nan"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON string escapes are valid TOML
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if hasattr(value, "isoformat"):
        return value.isoformat()  # dates and times are bare in TOML
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)
