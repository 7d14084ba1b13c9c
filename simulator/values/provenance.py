"""Versions of the interpreter, this package and its dependencies, for manifests.

Every run writes them, so they are read the way ``importlib.metadata.version`` finds them
(the first ``*.dist-info`` or ``*.egg-info`` of that name along ``sys.path``, its ``Version``
header) but without importing ``importlib.metadata`` and passing whole metadata files through
the email parser, which together were a tenth of a small run's start-up. A path that only
``importlib.metadata`` reads (a zip file or an egg on ``sys.path``, another finder of
distributions) is left to it. tests/test_provenance.py compares the two.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import sys

_PACKAGES = ("onestop-simulator", "simpy", "numpy", "scipy", "matplotlib", "holidays")
NOT_INSTALLED = "not installed"


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "platform": platform.platform()}
    installed = installed_versions(_PACKAGES)
    return found | {name: installed.get(name, NOT_INSTALLED) for name in _PACKAGES}


def installed_versions(names: tuple[str, ...]) -> dict[str, str]:
    """The installed version of each name that is installed."""
    if not _plain_path():
        return _by_importlib(names)
    wanted = {_normalized(name) for name in names}
    found: dict[str, str | None] = {}  # by normalized name: the first found wins
    for entry in sys.path:
        if not os.path.isdir(entry or "."):
            continue
        for child in os.listdir(entry or "."):
            stem, _, suffix = child.lower().rpartition(".")
            if suffix not in ("dist-info", "egg-info"):
                continue
            key = _normalized(stem.partition("-")[0])
            if key in wanted and key not in found:
                found[key] = _version(os.path.join(entry, child))
    versions = {name: found.get(_normalized(name)) for name in names}
    return {name: version for name, version in versions.items() if version is not None}


def _plain_path() -> bool:
    """Whether sys.path holds only directories (or nothing) and no egg, and only the standard
    path finder finds distributions."""
    finders = [f for f in sys.meta_path if hasattr(f, "find_distributions")]
    if any(getattr(f, "__name__", "") != "PathFinder" for f in finders):
        return False
    return not any(
        entry.lower().endswith(".egg") or (os.path.exists(entry) and not os.path.isdir(entry))
        for entry in sys.path
        if entry
    )


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")  # as importlib.metadata


def _version(info: str) -> str | None:
    """The Version header of a METADATA or PKG-INFO (an .egg-info may be that file itself)."""
    paths = [os.path.join(info, "METADATA"), os.path.join(info, "PKG-INFO"), info]
    for path in paths:
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="surrogateescape") as stream:
                for line in stream:
                    if not line.strip():
                        return None  # the headers end at the first empty line
                    key, colon, value = line.partition(":")
                    if colon and key.lower() == "version":
                        return value.strip()
            return None
    return None


def _by_importlib(names: tuple[str, ...]) -> dict[str, str]:
    from importlib import metadata  # only for the paths above that need it

    found = {}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found
