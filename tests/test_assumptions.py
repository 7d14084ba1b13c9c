"""ASSUMPTION marks in scenario files: key paths, numbers, skips, and whether each says why."""

from pathlib import Path

import pytest

from simulator.values.assumptions import (
    assumptions,
    marked_keys,
    reason_words,
    split_line,
    unreasoned,
    whole_number,
)
from simulator.values.document import read_document

TEXT = """\
# A preamble that mentions ASSUMPTION marks nothing.
kind = "onestop"
name = "x"   # ASSUMPTION: a text is marked, then skipped

[arrivals]
expected_new = 100        # DOMAIN.md: a published number
carried_over = 10         # ASSUMPTION: nobody counted them
# ASSUMPTION: a comment line directly above marks the next key
weights = [1, 2,          # a list over two lines
  3]                      # ASSUMPTION inside a list is not a key
share = 0.5

# ASSUMPTION: a blank line ends the block

after_blank = 1

[sites.provincial]
service = { dist = "lognormal", mean = 12, cv = 0.6 }  # ASSUMPTION: minutes
label = "a # in a string"  # ASSUMPTION (no comment starts inside the quotes)

# Agencies. ASSUMPTION throughout: a header is not a value
[[agencies]]
name = "first"
officers = 4
[[agencies]]
name = "second"
officers = 7      # ASSUMPTION: only this one
"""


def test_marked_keys_follow_the_line_rule():
    """Own comments and `# ASSUMPTION:` blocks mark keys; preambles, headers, lists do not."""
    found = [(m.path, m.line) for m in marked_keys(TEXT)]
    assert found == [
        ("name", 3),
        ("arrivals.carried_over", 7),
        ("arrivals.weights", 9),
        ("sites.provincial.service", 18),
        ("sites.provincial.label", 19),
        ("agencies[1].officers", 27),
    ]


def test_split_line_ignores_quoted_hashes_and_brackets():
    """A # or a bracket inside quotes is text; the balance counts the code's brackets only."""
    assert split_line('a = "x # [y" # note') == ('a = "x # [y" ', " note", 0)
    assert split_line("w = [1, {a = 2},") == ("w = [1, {a = 2},", "", 1)
    assert split_line(r'a = "q\"#" # c') == (r'a = "q\"#" ', " c", 0)


def test_assumptions_expand_tables_skip_texts_and_follow_extends(write_scenario):
    """Numbers of marked inline tables are listed; a child's value is the base; texts skipped."""
    write_scenario(TEXT, "parent.toml")
    child = write_scenario('extends = "parent.toml"\n[arrivals]\ncarried_over = 20\n', "c.toml")
    found, skipped = assumptions(read_document(child))
    bases = {item.path: item.base for item in found}
    assert bases == {
        "arrivals.carried_over": 20,
        "sites.provincial.service.mean": 12,
        "sites.provincial.service.cv": 0.6,
        "agencies[1].officers": 7,
    }
    why = {item.path: item.why for item in skipped}
    assert set(why) == {"name", "arrivals.weights", "sites.provincial.label"}
    assert why["arrivals.weights"] == "a list, not a number"


def test_a_parent_mark_on_a_list_the_child_replaced_is_dropped(write_scenario):
    """A child's own [[agencies]] replaces the parent's: the parent's marks there do not apply."""
    write_scenario(TEXT, "parent.toml")
    child = write_scenario(
        'extends = "parent.toml"\n[[agencies]]\nname = "a"\nofficers = 1\n'
        '[[agencies]]\nname = "b"\nofficers = 2\n',
        "c.toml",
    )
    found, _ = assumptions(read_document(child))
    assert "agencies[1].officers" not in {item.path for item in found}


def test_whole_numbers_are_counts_not_distribution_parameters(write_scenario):
    """officers = 7 is a count; mean = 12 inside a distribution table is a real number."""
    data = read_document(write_scenario(TEXT)).data
    assert whole_number(data, "agencies[1].officers")
    assert not whole_number(data, "sites.provincial.service.mean")
    assert not whole_number(data, "arrivals.share")


def test_a_bare_number_is_not_a_reason():
    """`ASSUMPTION: 8 staff` and a mere description of the value fail the reason rule."""
    text = (
        "[digitisation]\n"
        "staff = 8   # ASSUMPTION: 8 staff\n"
        "# ASSUMPTION: working minutes to scan and index a dossier\n"
        "time = 6\n"
        "counters = 2   # ASSUMPTION: two counters at a district one-stop section\n"
    )
    found = {marked.path: why for marked, why in unreasoned(text)}
    assert found == {
        "digitisation.staff": "1 words, at least 6 needed",
        "digitisation.time": "4 words, at least 6 needed",
        "digitisation.counters": "4 words, at least 6 needed",
    }


def test_enough_words_without_a_reasoning_word_still_fail():
    """A long description that says nothing of where the number comes from is refused."""
    text = (
        "x = 1  # ASSUMPTION: officers reviewing online provincial dossiers every working morning"
    )
    (marked, why), *rest = unreasoned(text)
    assert not rest and marked.path == "x" and why.startswith("no reasoning word")


def test_a_reasoned_comment_passes_whether_inline_or_above():
    """An arithmetic or a source, in the key's own comment or in the block above, passes."""
    text = (
        "# ASSUMPTION: VNPost staff, sized so that 1,222 dossiers a day x 6 minutes keep\n"
        "# 8 staff about two thirds busy (DOMAIN.md volume)\n"
        "staff = 8\n"
        "share = 0.08  # ASSUMPTION: judgement, as priority counters serve the elderly\n"
    )
    assert [m.path for m in marked_keys(text)] == ["staff", "share"]
    assert unreasoned(text) == []
    assert "two thirds busy" in marked_keys(text)[0].reason


def test_reason_words_leave_out_numbers_units_and_little_words():
    """Numbers, number words, units and articles do not count as words of a reason."""
    assert reason_words("ASSUMPTION: two 12 minutes per walk-in, the report's 1,078") == [
        "walk-in",
        "report",
    ]


SCENARIOS = sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_shipped_assumption_gives_its_reason(path):
    """Each ASSUMPTION mark in scenarios/*.toml passes the reason rule (see values.assumptions)."""
    text = path.read_text(encoding="utf-8")
    missing = [f"{m.line}: {m.path}: {why}" for m, why in unreasoned(text, str(path))]
    assert not missing, "\n".join(missing)
