"""A manifest names the interpreter, the platform and each package's installed version."""

import sys
from importlib import metadata

from simulator.values.provenance import versions


def test_the_manifest_names_python_the_platform_and_each_package():
    """versions() has the interpreter, the platform and every package (or "not installed")."""
    found = versions()
    assert found["python"] == ".".join(map(str, sys.version_info[:3]))
    assert found["platform"]
    for name in ("numpy", "simpy", "onestop-simulator"):
        assert found[name] == metadata.version(name)
    assert set(found) >= {"scipy", "matplotlib", "holidays"}
