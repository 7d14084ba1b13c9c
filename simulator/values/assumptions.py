"""Which scenario values are assumptions: the key paths a file marks with an ``ASSUMPTION`` comment.

Scenario files name the source of every value, and mark each value nobody published with a
comment containing ``ASSUMPTION`` and the reasoning. Those are the values a province could
measure instead of assume, so ``onestop sensitivity --params all-assumptions`` screens them.
TOML parsers drop comments, so this module reads the files' text, line by line.

The rule is a line rule, kept small on purpose:

- a ``key = value`` line is marked when its own comment contains ``ASSUMPTION``, or when a
  comment line directly above it (no blank line between) opens with it, ``# ASSUMPTION: why``
  (a file's preamble that merely mentions the word marks nothing);
- a comment above a table header (``[x]``, ``[[x]]``) marks nothing: a header is not a value,
  and "ASSUMPTION throughout" over a long table is too vague to screen; mark each line;
- ``[[agencies]]`` is counted, so a key under its fourth header is ``agencies[3].key``;
- lines inside a value that spans several lines (a long list) are not keys.

Every path found is checked against the parsed document, so a line the scanner misreads is
dropped rather than varied. A marked value that is an inline table (``work = { dist =
"lognormal", mean = 20, cv = 0.8 }``) stands for each number in it (``agencies[3].work.mean``,
``agencies[3].work.cv``); texts, true/false and lists cannot be moved by a share and are
reported as skipped, with why.

A mark must give its reason, not just a number (``unreasoned``). The reason of a marked key is
the comment block above it (when that block marks it) and the key's own comment. It passes
when, leaving out the word ASSUMPTION, numbers, number words (``two``, ``half``), units
(``minutes``, ``km``) and little words (``a``, ``the``, ``of``), at least ``REASON_WORDS``
words remain, and one of them is a reasoning word (``because``, ``since``, ``so``, ``as``,
``given``, ``from``, ``typical``, ``judgement``, ...) or names a source (``DOMAIN.md``,
``Decree``, ``Decision``, ``Directive``, ``report``, ``census``, ...). So ``# ASSUMPTION: 8
staff`` fails, and so does ``# ASSUMPTION: minutes per walk-in (completeness check, receipt)``;
``# ASSUMPTION: 8 staff, sized so that 1,222 dossiers a day x 6 minutes keep them about two
thirds busy`` passes. A rule of words cannot tell a good reason from a bad one: it only makes
sure that one is written down, where a reviewer can judge it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.values.document import Document, get_key_path, parse_key_path

MARK = "ASSUMPTION"
_HEADER = re.compile(r"^(\[\[?)\s*([^\[\]]+?)\s*\]\]?")
_QUOTES = re.compile(r"[\"']")


@dataclass(frozen=True, kw_only=True)
class Marked:
    """A key a file marks as an assumption, and where."""

    path: str  # key path in the merged document, e.g. "agencies[3].work"
    file: str
    line: int  # 1-based line of the key
    reason: str = ""  # the comment block above it (when that marks it) and its own comment


@dataclass(frozen=True, kw_only=True)
class Assumption:
    """One number that can be varied: a marked key, or a number inside a marked inline table."""

    path: str
    base: int | float
    file: str
    line: int


@dataclass(frozen=True, kw_only=True)
class Skipped:
    """A marked key that is not a number to vary, and why."""

    path: str
    why: str
    file: str
    line: int


def marked_keys(text: str, file: str = "") -> list[Marked]:
    """The key paths a TOML text marks with ASSUMPTION, in file order (see the module doc)."""
    found: list[Marked] = []
    table, counts = "", {}  # the current table path; how many [[name]] headers so far
    block: list[str] = []  # the comment lines directly above (a blank line or a key ends it)
    marked_above, depth = False, 0  # the block says ASSUMPTION; open brackets
    for number, raw in enumerate(text.splitlines(), start=1):
        code, comment, balance = split_line(raw)
        if depth > 0:  # inside a list or table that spans lines: no keys here
            depth += balance
            continue
        stripped = code.strip()
        if not stripped:
            # a comment line extends the block above the next key; a blank line ends it
            opens = comment.strip().startswith(MARK)  # "# ASSUMPTION: why", not a mention
            marked_above = (marked_above or opens) if comment else False
            block = [*block, comment.strip()] if comment else []
            continue
        header = _HEADER.match(stripped)
        if header:
            table = _table_path(header.group(1), _unquote(header.group(2)), counts)
        else:
            key, equals, _value = stripped.partition("=")
            if equals and (marked_above or MARK in comment):
                path = _unquote(key.strip())
                path = f"{table}.{path}" if table else path
                reason = " ".join([*block, comment.strip()] if marked_above else [comment.strip()])
                found.append(Marked(path=path, file=file, line=number, reason=reason.strip()))
            depth = balance
        marked_above, block = False, []
    return found


REASON_WORDS = 6  # words a reason needs beyond numbers, units and little words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


REASONING = _words(
    "because since so as given from hence thus therefore typical typically like unlike than "
    "judgement judgment sized estimate estimated analogy fitted calibrated"
)
SOURCES = _words("domain.md decree decision directive circular report census law")
_IGNORED = _words(
    "assumption assumptions a an the of to at in on per and or is are be it its for with by "
    "one two three four five six seven eight nine ten half third thirds quarter twice "
    "minute minutes min hour hours day days week weeks km kmh cv percent"
)
_EDGES = "\"'()[]{},.;:!?*`~<>=+"


def reason_words(text: str) -> list[str]:
    """The words of a comment that can carry a reason (lower case, in order; see the doc)."""
    tokens = (token.strip(_EDGES).lower().replace("’", "'") for token in text.split())
    words = (token.removesuffix("'s") for token in tokens)  # "report's" -> "report"
    return [w for w in words if len(w) > 1 and w[0].isalpha() and w not in _IGNORED]


def unreasoned(text: str, file: str = "") -> list[tuple[Marked, str]]:
    """The marked keys of a TOML text whose comment gives no reason, each with what it lacks."""
    found = []
    for marked in marked_keys(text, file):
        words = reason_words(marked.reason)
        if len(words) < REASON_WORDS:
            found.append((marked, f"{len(words)} words, at least {REASON_WORDS} needed"))
        elif not any(w in REASONING or w in SOURCES for w in words):
            found.append((marked, "no reasoning word (because, since, so, as, given, from...)"))
    return found


def _table_path(brackets: str, name: str, counts: dict[str, int]) -> str:
    """``[x.y]`` -> ``x.y``; the n-th ``[[x]]`` -> ``x[n]`` (0-based)."""
    if brackets == "[":
        return name
    counts[name] = counts.get(name, -1) + 1
    return f"{name}[{counts[name]}]"


def _unquote(key: str) -> str:
    """``"a" . b`` -> ``a.b``: the scenario files use bare keys; quotes are only dropped."""
    return ".".join(_QUOTES.sub("", part).strip() for part in key.split("."))


def split_line(line: str) -> tuple[str, str, int]:
    """(code, comment, open brackets minus closed ones) of one line, ignoring quoted text."""
    quote, escaped, balance = "", False, 0
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif quote:
            escaped = char == "\\" and quote == '"'  # only basic strings have escapes
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index], line[index + 1 :], balance
        elif char in "[{":
            balance += 1
        elif char in "]}":
            balance -= 1
    return line, "", balance


def assumptions(document: Document) -> tuple[list[Assumption], list[Skipped]]:
    """Every number the scenario's files mark as an assumption, and the marked keys skipped.

    The base value is the merged document's (a child may override a parent's number and the
    mark still holds: the brief for a fitted value is its parent's line). Parents come first,
    so the order is the order of the base file; a key marked twice is listed once.
    """
    found: dict[str, Assumption | Skipped] = {}
    for file in reversed(document.chain):
        text = Path(file).read_text(encoding="utf-8")
        for marked in marked_keys(text, file):
            if _inherited(document, marked):
                for item in _numbers(get_key_path(document.data, marked.path), marked):
                    found.setdefault(item.path, item)
    chosen = [item for item in found.values() if isinstance(item, Assumption)]
    skipped = [item for item in found.values() if isinstance(item, Skipped)]
    return chosen, skipped


def _inherited(document: Document, marked: Marked) -> bool:
    """Whether the marked key is in the merged document and still the marking file's.

    A child that redefines ``[[agencies]]`` replaces the whole list, so a parent's mark
    on ``agencies[3]`` would point at someone else's fourth agency: such marks are dropped.
    """
    try:
        get_key_path(document.data, marked.path)
        parts = parse_key_path(marked.path)
    except (KeyError, ValueError):
        return False
    prefix = ""
    for part in parts:
        if isinstance(part, int) and document.origins.get(prefix) != marked.file:
            return False
        prefix = f"{prefix}[{part}]" if isinstance(part, int) else _join(prefix, part)
    return True


def _numbers(value: Any, marked: Marked) -> list[Assumption | Skipped]:
    """The numbers in a marked value (itself, or each number of an inline table)."""
    where = {"file": marked.file, "line": marked.line}
    if isinstance(value, bool):
        return [Skipped(path=marked.path, why="true/false, not a number", **where)]
    if isinstance(value, (int, float)):
        return [Assumption(path=marked.path, base=value, **where)]
    if isinstance(value, dict):
        inner = [_numbers(v, Marked(path=_join(marked.path, k), **where)) for k, v in value.items()]
        return [item for items in inner for item in items if isinstance(item, Assumption)]
    kind = "a list" if isinstance(value, list) else "text" if isinstance(value, str) else "a date"
    return [Skipped(path=marked.path, why=f"{kind}, not a number", **where)]


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def whole_number(data: dict[str, Any], path: str) -> bool:
    """Whether the number at ``path`` is a count to round (officers, counters, days).

    TOML types ``mean = 12`` as an integer, but a distribution's parameters are real numbers
    whatever their spelling: numbers inside a table with a ``dist`` key are never rounded.
    """
    value = get_key_path(data, path)
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    cut = max(path.rfind("."), path.rfind("["))  # "a[3].work.mean" -> "a[3].work"
    parent = get_key_path(data, path[:cut]) if cut > 0 else data
    return not (isinstance(parent, dict) and "dist" in parent)
