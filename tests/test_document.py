"""Scenario documents: safe TOML reading and ``extends`` merging."""

import pytest

from simulator.document import deep_merge, read_document
from simulator.errors import ScenarioError


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
