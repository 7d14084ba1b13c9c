"""The one error a user sees for bad input, and where in a file it was found.

Every validation failure becomes a ``ScenarioError`` whose message is one line:
``FILE: KEY.PATH = VALUE: what is allowed``. The CLI prints that line and exits
with code 2; nothing else in the package prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

_MAX_VALUE_CHARS = 80


class SimulatorError(Exception):
    """Base class of the errors the package raises on purpose."""


class ScenarioError(SimulatorError):
    """Bad input: names the file, the key path, the bad value and what is allowed."""

    def __init__(self, file: str, key: str, value: Any, allowed: str) -> None:
        self.file = file
        self.key = key
        self.value = value
        self.allowed = allowed
        super().__init__(self.line())

    def __reduce__(self):  # picklable, so a worker process can report it to the parent
        return (type(self), (self.file, self.key, self.value, self.allowed))

    def line(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else str(self.file)
        return one_line(f"{where} = {show_value(self.value)}: {self.allowed}")


class _Missing:
    """Marks a required key that is absent (shown as ``<missing>``)."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()


def show_value(value: Any) -> str:
    """A short one-line rendering of a bad value for an error message."""
    text = repr(value)
    text = " ".join(text.split())  # one line, whatever the value held
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


def one_line(text: str) -> str:
    """Escape line breaks and other control characters (names in a file may hold them),
    so the message stays one line and cannot drive the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class Location:
    """Where a value sits: the file it came from and its key path inside it."""

    file: str
    key: str = ""

    def child(self, name: str | int) -> Location:
        """The location of a key (str) or list item (int) below this one."""
        if isinstance(name, int):
            return Location(self.file, f"{self.key}[{name}]")
        return Location(self.file, f"{self.key}.{name}" if self.key else name)

    def fail(self, value: Any, allowed: str) -> NoReturn:
        """Raise the ScenarioError for a bad value at this location."""
        raise ScenarioError(self.file, self.key, value, allowed)
