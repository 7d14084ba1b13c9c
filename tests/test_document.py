"""Scenario documents: safe TOML reading and ``extends`` merging."""

import pytest

from simulator.values.document import (
    deep_merge,
    get_key_path,
    parse_key_path,
    read_document,
    set_key_path,
    with_overrides,
)
from simulator.values.errors import ScenarioError


def test_child_overrides_parent_key_by_key(write_scenario):
    """A child changes one value of a parent table and keeps the rest."""
    write_scenario('kind = "network"\n[run]\ncustomers = 10\nwarmup_customers = 2\n', "base.toml")
    child = write_scenario('extends = "base.toml"\n[run]\ncustomers = 99\n', "child.toml")
    document = read_document(child)
    assert document.data["run"] == {"customers": 99, "warmup_customers": 2}
    assert document.file_of("run.customers") == str(child)
    assert document.file_of("run.warmup_customers").endswith("base.toml")


def test_lists_are_replaced_not_merged():
    """Merging replaces a list whole: a child's stations are the stations."""
    merged = deep_merge({"a": [1, 2], "t": {"x": 1}}, {"a": [3], "t": {"y": 2}})
    assert merged == {"a": [3], "t": {"x": 1, "y": 2}}


def test_extends_cycle_is_reported(write_scenario):
    """Two files that extend each other name the cycle instead of recursing forever."""
    write_scenario('extends = "b.toml"\nkind = "network"\n', "a.toml")
    b = write_scenario('extends = "a.toml"\n', "b.toml")
    with pytest.raises(ScenarioError, match="cycle"):
        read_document(b)


def test_missing_parent_is_reported_with_its_key(write_scenario):
    """extends naming a file that does not exist points at the extends key."""
    path = write_scenario('extends = "nowhere.toml"\n')
    with pytest.raises(ScenarioError, match=r"scenario\.toml: extends = 'nowhere\.toml'"):
        read_document(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"kind = \n", "not valid TOML"),
        (b"\xff\xfe\x00bad", "UTF-8"),
        (b"x" * 1_000_001, "too large"),
    ],
)
def test_unreadable_files_give_one_clear_line(tmp_path, content, message):
    """Empty, malformed, non-UTF-8 and oversized files each say what is wrong."""
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(ScenarioError, match=message) as caught:
        read_document(path)
    assert "\n" not in str(caught.value)


def test_a_directory_is_not_a_scenario(tmp_path):
    """Giving a folder instead of a file is a clear error."""
    with pytest.raises(ScenarioError, match="not a regular file"):
        read_document(tmp_path)


def test_equal_content_gives_equal_digest(write_scenario):
    """The digest depends on the resolved content, not on file names or formatting."""
    one = read_document(write_scenario('kind = "network"\nname = "x"\n', "one.toml"))
    two = read_document(write_scenario('name = "x"\n\nkind="network"\n', "two.toml"))
    assert one.digest() == two.digest()


def test_key_paths_reach_into_tables_and_lists():
    """``stations[1].service.mean`` names one value in nested tables and lists."""
    data = {"stations": [{"name": "a"}, {"service": {"mean": 2.0}}]}
    assert parse_key_path("stations[1].service.mean") == ["stations", 1, "service", "mean"]
    assert get_key_path(data, "stations[1].service.mean") == 2.0


def test_setting_a_key_path_copies_and_leaves_the_original(write_scenario):
    """An override changes the copy only, and its origin is the override's source."""
    document = read_document(write_scenario('kind = "network"\n[run]\ncustomers = 10\n'))
    changed = with_overrides(document, {"run.customers": 20}, "--set")
    assert changed.data["run"]["customers"] == 20 and document.data["run"]["customers"] == 10
    assert changed.file_of("run.customers") == "--set"


def test_a_table_set_then_changed_inside_leaves_the_callers_table_alone(write_scenario):
    """Setting a table and then a key inside it changes the copy, never the table passed in."""
    document = read_document(write_scenario('kind = "network"\n[run]\ncustomers = 10\n'))
    table = {"mean": 0.5}
    changed = with_overrides(document, {"run.extra": table, "run.extra.mean": 0.9}, "--set")
    assert changed.data["run"]["extra"] == {"mean": 0.9} and table == {"mean": 0.5}


@pytest.mark.parametrize("path", ["", ".a", "a..b", "a[x]", "a[1", "stations[9].name"])
def test_bad_key_paths_are_refused(path):
    """Malformed or missing key paths raise instead of silently creating structure."""
    with pytest.raises((ValueError, KeyError)):
        set_key_path({"stations": [{"name": "a"}]}, path, 1)
