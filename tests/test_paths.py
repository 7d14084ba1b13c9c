"""Every file a command writes lies inside its --out folder, links and '..' included."""

from __future__ import annotations

import pytest

from simulator.output.paths import confined, inside, output_dir
from simulator.output.storage import write_json
from simulator.values.errors import ScenarioError


@pytest.fixture(autouse=True)
def command():
    """Each test runs as a command does: writes confined to the folders it opens."""
    with confined():
        yield


def test_a_file_below_the_output_folder_is_written(tmp_path):
    """A figure in a subfolder of --out is inside it."""
    out = output_dir(tmp_path / "out")
    write_json(out / "figures" / "a.json", {"x": 1})
    assert (out / "figures" / "a.json").exists()


def test_dot_dot_segments_cannot_climb_out(tmp_path):
    """A name that climbs with '..' is refused before any folder is made."""
    out = output_dir(tmp_path / "out")
    with pytest.raises(ScenarioError, match="would be written outside"):
        write_json(out / "figures" / "diff_wait_mean.." / ".." / ".." / ".." / "x.json", {})
    assert not (tmp_path / "x.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_link_planted_in_the_output_folder_is_followed_and_refused(tmp_path):
    """out/figures linking elsewhere: the resolved path is outside, so nothing is written."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = output_dir(tmp_path / "out")
    (out / "figures").symlink_to(elsewhere)
    with pytest.raises(ScenarioError, match="would be written outside"):
        write_json(out / "figures" / "a.json", {})
    assert list(elsewhere.iterdir()) == []


def test_an_output_folder_reached_through_a_link_is_fine(tmp_path):
    """--out itself may be a link (results -> /data/results): its target is the folder."""
    target = tmp_path / "target"
    target.mkdir()
    (tmp_path / "results").symlink_to(target)
    out = output_dir(tmp_path / "results")
    write_json(out / "a.json", {})
    assert (target / "a.json").exists()


@pytest.mark.parametrize("name", ["", "  ", "a\nb", "tab\there"])
def test_an_empty_or_control_character_out_is_bad_input(tmp_path, name):
    """--out '' would mean the current folder; a newline would end up inside files."""
    with pytest.raises(ScenarioError) as caught:
        output_dir(name)
    assert caught.value.file == "--out" and caught.value.line().isprintable()


def test_an_existing_file_as_out_is_bad_input(tmp_path):
    """--out at an existing file: a ScenarioError (exit 2), the file untouched."""
    blocker = tmp_path / "file"
    blocker.write_text("keep")
    with pytest.raises(ScenarioError, match="exists and is not a folder"):
        output_dir(blocker)
    assert blocker.read_text() == "keep"


def test_a_command_forgets_its_folders_when_it_ends(tmp_path):
    """Until a command opens a folder nothing is checked; its folders go when it ends (the
    API, or the next command in the same process, chooses its own paths)."""
    assert inside(tmp_path / ".." / "x.json") == tmp_path / ".." / "x.json"
    with confined():
        output_dir(tmp_path / "out")
        with pytest.raises(ScenarioError, match="would be written outside"):
            inside(tmp_path / "x.json")
    assert inside(tmp_path / "x.json") == tmp_path / "x.json"
