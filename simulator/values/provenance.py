"""Versions of the interpreter, this package and its dependencies, for manifests."""

from __future__ import annotations

import platform
from importlib import metadata

_PACKAGES = ("onestop-simulator", "simpy", "numpy", "scipy", "matplotlib", "holidays")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "platform": platform.platform()}
    for name in _PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found
