"""Fuzzing the loader: mutated scenarios and random bytes either load or raise ScenarioError.

Valid scenario files are parsed, one value somewhere in them is mutated (dropped, renamed,
retyped, made negative, zero, huge, NaN or infinite, wrapped in a list, replaced by a random
string...), written back with a small TOML writer and loaded. Any exception other than
``ScenarioError`` is a bug; so is an error message that spans lines or does not start with
the file's path. Examples are derandomised so the suite is reproducible (FUZZ_EXAMPLES=N
hunts with N fresh random examples).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.values.document import read_document
from simulator.values.errors import ScenarioError
from simulator.values.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path("/work/shared/bench/tandem77k.toml")


def _valid_sources() -> list[Path]:
    candidates = sorted((ROOT / "scenarios").glob("*.toml")) + [BENCH]
    valid = []
    for path in candidates:
        try:
            load_scenario(path)
        except (ScenarioError, OSError):
            continue  # not a scenario (a targets file) or absent on this machine
        valid.append(path)
    return valid


SOURCES = _valid_sources()
BASES = {path.name: read_document(path).data for path in SOURCES}  # extends already merged
# files without extends: a corrupted copy of a child would be judged with whatever parent
# the fuzz folder holds, and its error rightly names that parent
STANDALONE = [path for path in SOURCES if len(read_document(path).chain) == 1]
# FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_loader.py hunts longer, with fresh random examples
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 120,
    deadline=None,
    derandomize=not EXAMPLES,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- a tiny TOML writer: every top-level key as `key = <inline value>` ---------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON escapes are valid TOML escapes
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__}")


def toml_text(data: dict[str, Any]) -> str:
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in data.items())


# --- mutations --------------------------------------------------------------------------


def paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every location in the data: dict keys and list positions, depth first."""
    found = []
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        found.append((*prefix, key))
        if isinstance(value, (dict, list)):
            found.extend(paths(value, (*prefix, key)))
    return found


def container_of(data: Any, path: tuple) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
scalars = st.one_of(
    st.sampled_from([0, -1, -0.0, 1e308, -1e308, 10**12, 2**63 - 1, -(2**63), 5e-324]),
    st.sampled_from([math.nan, math.inf, -math.inf, True, False, "", " ", "nan"]),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    text,
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)


def mutate(data: Any, path: tuple, how: str, new: Any) -> None:
    """Apply one mutation in place at path."""
    holder, key = container_of(data, path), path[-1]
    old = holder[key]
    if how == "drop":
        del holder[key]
    elif how == "rename" and isinstance(holder, dict):
        del holder[key]
        holder[f"{key}{new}" if isinstance(new, str) and new else f"{key}_x"] = old
    elif how == "wrap":
        holder[key] = [old]
    elif how == "negate" and isinstance(old, (int, float)) and not isinstance(old, bool):
        holder[key] = -old if old else -1
    elif how == "stringify":
        holder[key] = str(old)
    else:
        holder[key] = new


HOW = st.sampled_from(["drop", "rename", "wrap", "negate", "stringify", "replace", "replace"])


def assert_loads_or_explains(path: Path) -> None:
    try:
        load_scenario(path)
    except ScenarioError as error:
        line = str(error)
        assert "\n" not in line and "\r" not in line, line
        assert line.startswith(str(path)), line


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def test_writer_round_trips_the_valid_scenarios(folder):
    """The test's TOML writer reproduces every valid scenario exactly (so mutations are real)."""
    assert SOURCES, "no valid scenario to fuzz"
    for name, data in BASES.items():
        assert tomllib.loads(toml_text(data)) == data, name
        path = folder / name
        path.write_text(toml_text(data), encoding="utf-8")
        load_scenario(path)


@FUZZ
@given(data=st.data(), mutations=st.integers(1, 3))
def test_mutated_scenarios_load_or_raise_scenario_error(folder, data, mutations):
    """One to three random mutations of a valid scenario never raise anything but ScenarioError."""
    name = data.draw(st.sampled_from(sorted(BASES)))
    document = json_copy(BASES[name])
    for _ in range(mutations):
        locations = paths(document)
        if not locations:
            break
        seed = data.draw(st.integers(0, 2**64 - 1))  # spreads the choice over the whole file
        where = random.Random(seed).choice(locations)
        mutate(document, where, data.draw(HOW), data.draw(values))
    path = folder / "mutated.toml"
    path.write_text(toml_text(document), encoding="utf-8")
    assert_loads_or_explains(path)


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_random_bytes_raise_scenario_error(folder, raw):
    """Random bytes as a scenario file give a ScenarioError, never another exception."""
    path = folder / "bytes.toml"
    path.write_bytes(raw)
    assert_loads_or_explains(path)


@FUZZ
@given(data=st.data())
def test_corrupted_scenario_text_raises_scenario_error(folder, data):
    """Valid files with bytes deleted, inserted or overwritten load or give a ScenarioError."""
    source = data.draw(st.sampled_from(STANDALONE))
    raw = bytearray(source.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        chunk = data.draw(st.binary(min_size=1, max_size=8))
        how = data.draw(st.sampled_from(["delete", "insert", "overwrite"]))
        if how == "delete":
            del raw[at : at + len(chunk)]
        elif how == "insert":
            raw[at:at] = chunk
        else:
            raw[at : at + len(chunk)] = chunk
    path = folder / source.name
    path.write_bytes(bytes(raw))
    assert_loads_or_explains(path)


def json_copy(data: Any) -> Any:
    """A deep copy (dates and all) that cannot share structure with the cached base."""
    if isinstance(data, dict):
        return {k: json_copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [json_copy(v) for v in data]
    return data


@FUZZ
@given(name=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12))
def test_any_station_name_gives_a_one_line_error(folder, name):
    """Station names with line breaks or control characters never split the error line."""
    document = json_copy(BASES["mm4.toml"])
    document["stations"][0]["name"] = name
    document["arrivals"]["station"] = name
    document["stations"][0]["next"] = "nowhere"
    path = folder / "names.toml"
    path.write_text(toml_text(document), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.line().isprintable(), caught.value.line()


# --- random routing graphs --------------------------------------------------------------

MAX_EVENTS = 200_000  # far above what 40 customers need in any accepted graph drawn here
PROBABILITIES = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])  # any exit share is 0 or >= 0.25


@st.composite
def routing_graphs(draw) -> dict[str, Any]:
    """A network of 1-6 stations with random routes: self-loops, closed loops, zero times."""
    count = draw(st.integers(1, 6))
    names = [f"s{i}" for i in range(count)]
    stations = []
    for name in names:
        station = {"name": name, "servers": draw(st.integers(1, 2))}
        zero = draw(st.integers(0, 4)) == 0
        station["service"] = (
            {"dist": "deterministic", "value": 0} if zero else {"dist": "exponential", "mean": 0.5}
        )
        targets = draw(st.lists(st.sampled_from(names), max_size=3))
        routes, left = [], 1.0
        for target in targets:
            p = min(draw(PROBABILITIES), left)
            left -= p
            routes.append({"to": target, "p": p})
        if len(routes) == 1 and routes[0]["p"] == 1.0 and draw(st.booleans()):
            station["next"] = routes[0]["to"]  # the short form, next = "s1"
        elif routes:
            station["next"] = routes
        stations.append(station)
    return {
        "kind": "network",
        "name": "graph",
        "run": {"customers": 40},
        "arrivals": {
            "station": draw(st.sampled_from(names)),
            "interarrival": {"dist": "exponential", "mean": 1.0},
        },
        "stations": stations,
    }


def _events_to_finish(scenario) -> int:
    """Step a replication to its end; the number of events, or MAX_EVENTS + 1 if it runs on."""
    import simpy

    from simulator.model.network import _Network
    from simulator.streams import Streams

    env = simpy.Environment()
    network = _Network(env, scenario, Streams(0, 0))
    network.start()
    for events in range(MAX_EVENTS + 1):
        if env.peek() == math.inf:
            network.metrics()  # the conservation check included
            return events
        env.step()
    return MAX_EVENTS + 1


@FUZZ
@given(graph=routing_graphs())
def test_random_routing_graphs_are_refused_or_finish(folder, graph):
    """A random routing graph is refused in one line, or all its customers leave in bounded time."""
    path = folder / "graph.toml"
    path.write_text(toml_text(graph), encoding="utf-8")
    try:
        scenario = load_scenario(path)
    except ScenarioError as error:
        line = str(error)
        assert "\n" not in line and line.startswith(str(path)), line
        return
    assert _events_to_finish(scenario) <= MAX_EVENTS


# --- extends chains -------------------------------------------------------------------------


def leaves(data: dict[str, Any], prefix: tuple = ()) -> list[tuple[tuple, Any]]:
    """Leaf values by key path; lists and distributions (tables with dist) are leaves: a
    child replaces them whole."""
    found = []
    for key, value in data.items():
        if isinstance(value, dict) and value and "dist" not in value:
            found.extend(leaves(value, (*prefix, key)))
        else:
            found.append(((*prefix, key), value))
    return found


def split(data: dict[str, Any], owners: list[int], files: int) -> list[dict[str, Any]]:
    """The document's leaves spread over ``files`` documents (leaf i goes to owners[i])."""
    parts: list[dict[str, Any]] = [{} for _ in range(files)]
    for (path, value), owner in zip(leaves(data), owners, strict=True):
        table = parts[owner]
        for key in path[:-1]:
            table = table.setdefault(key, {})
        table[path[-1]] = json_copy(value)
    return parts


def write_chain(folder: Path, parts: list[dict[str, Any]], parents: list[Any]) -> list[Path]:
    """parts[0] is the root; file i extends parents[i] (None: no extends)."""
    chain = [folder / f"level{i}.toml" for i in range(len(parts))]
    for path, part, parent in zip(chain, parts, parents, strict=True):
        head = {} if parent is None else {"extends": parent}
        path.write_text(toml_text({**head, **part}), encoding="utf-8")
    return chain


BAD_PARENTS = ["missing.toml", "self", "child", "folder", "loop.toml", "/dev/null", "", 7]


def bad_parent(folder: Path, kind: Any, index: int, files: int) -> Any:
    """An extends value that must be refused: absent, itself, a cycle, a folder, a loop of
    links, a device, empty, or not a string."""
    if kind == "self":
        return f"level{index}.toml"
    if kind == "child":  # a file further down the chain: a cycle
        return f"level{files - 1}.toml"
    if kind == "folder":
        (folder / "folder").mkdir(exist_ok=True)
    if kind == "loop.toml" and not (folder / "loop.toml").is_symlink():
        (folder / "loop.toml").symlink_to(folder / "loop2.toml")
        (folder / "loop2.toml").symlink_to(folder / "loop.toml")
    return kind


@FUZZ
@given(data=st.data(), files=st.integers(2, 5))
def test_a_scenario_split_over_an_extends_chain_loads_as_the_whole(tmp_path_factory, data, files):
    """Spreading a valid scenario's values over a chain of files changes nothing."""
    name = data.draw(st.sampled_from(sorted(BASES)))
    base = BASES[name]
    owners = data.draw(
        st.lists(st.integers(0, files - 1), min_size=len(leaves(base)), max_size=len(leaves(base)))
    )
    folder = tmp_path_factory.mktemp("chain")
    parents = [None, *(f"level{i}.toml" for i in range(files - 1))]
    chain = write_chain(folder, split(base, owners, files), parents)
    document = read_document(chain[-1])
    assert document.data == base
    assert document.chain == tuple(str(p) for p in reversed(chain))
    load_scenario(chain[-1])


@FUZZ
@given(data=st.data(), files=st.integers(2, 5))
def test_a_broken_link_in_an_extends_chain_is_one_line_naming_a_file(tmp_path_factory, data, files):
    """A bad extends anywhere in the chain, or a mutated value in any file: a ScenarioError
    whose one line starts with a file of the chain."""
    name = data.draw(st.sampled_from(sorted(BASES)))
    base = json_copy(BASES[name])
    if data.draw(st.booleans()):
        where = random.Random(data.draw(st.integers(0, 2**64 - 1))).choice(paths(base))
        mutate(base, where, data.draw(HOW), data.draw(values))
    count = len(leaves(base))
    owners = data.draw(st.lists(st.integers(0, files - 1), min_size=count, max_size=count))
    folder = tmp_path_factory.mktemp("broken")
    parents: list[Any] = [None, *(f"level{i}.toml" for i in range(files - 1))]
    broken = data.draw(st.integers(0, files - 1))
    parents[broken] = bad_parent(folder, data.draw(st.sampled_from(BAD_PARENTS)), broken, files)
    chain = write_chain(folder, split(base, owners, files), parents)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(chain[-1])
    line = caught.value.line()
    assert "\n" not in line and "\r" not in line, line
    assert any(line.startswith(f"{path}: ") or line.startswith(f"{path} = ") for path in chain), (
        line
    )
