"""The hard limits: the dotted-key scan that runs before the TOML parser is exact and linear."""

from __future__ import annotations

import time

import pytest

from simulator.values.limits import MAX_KEY_PARTS, longest_dotted_key


@pytest.mark.parametrize(
    "text, parts",
    [
        ("a = 1\n", 0),
        ("a.b.c = 1\n", 3),
        ('[stations.a."b.c"]\nx = 1.5\n', 3),  # a quoted part is one part, 1.5 is two
        ('description = "see 1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21.22.23.24"\n', 0),
        ("x = { a . b . c = 1 }\n", 3),
    ],
)
def test_dotted_keys_are_counted_by_their_parts(text, parts):
    """Bare and quoted parts count once each; dots inside strings do not count."""
    assert longest_dotted_key(text) == parts


@pytest.mark.parametrize(
    "text",
    ["a." * 100_000 + "a = 1", "a" * 1_000_000, '"' * 200_000, "'.a" * 100_000, "a ." * 200_000],
    ids=["deep_key", "long_word", "quotes", "open_quote", "spaced"],
)
def test_hostile_text_is_scanned_in_linear_time(text):
    """A megabyte of hostile text is scanned in well under a second (no backtracking)."""
    started = time.process_time()
    longest_dotted_key(text)
    assert time.process_time() - started < 1.0


def test_the_shipped_scenarios_are_far_below_the_key_limit():
    """No real scenario comes near the limit: it refuses only hostile files."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "scenarios"
    deepest = max(longest_dotted_key(p.read_text(encoding="utf-8")) for p in root.glob("*.toml"))
    assert 2 <= deepest <= MAX_KEY_PARTS // 4
