"""A manifest's package versions are the ones importlib.metadata reports."""

import contextlib
import sys
import zipfile
from importlib import metadata

from simulator.values.provenance import NOT_INSTALLED, installed_versions, versions

# the manifest's packages, test tools, and names that are not installed
NAMES = ("onestop-simulator", "simpy", "numpy", "scipy", "matplotlib", "holidays", "pytest")
NAMES += ("XlsxWriter", "xlsxwriter", "ruff", "no-such-package", "no_such.package")


def importlib_versions(names):
    found = {}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def test_versions_match_importlib_metadata():
    """Each name, installed or not, has the version importlib.metadata finds for it."""
    assert installed_versions(NAMES) == importlib_versions(NAMES)
    assert importlib_versions(["no-such-package"]) == {}


def test_the_manifest_names_python_the_platform_and_each_package():
    """versions() has the interpreter, the platform and every package (or "not installed")."""
    found = versions()
    assert found["python"] == ".".join(map(str, sys.version_info[:3]))
    expected = importlib_versions(["numpy", "scipy", "onestop-simulator"])
    for name in ("numpy", "scipy", "onestop-simulator"):
        assert found[name] == expected.get(name, NOT_INSTALLED)


def test_a_zip_on_the_path_is_left_to_importlib(tmp_path, monkeypatch):
    """With a zip file on sys.path (which only importlib.metadata reads) the answer is its."""
    archive = tmp_path / "packages.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("zipped_pkg-1.2.3.dist-info/METADATA", "Name: zipped-pkg\nVersion: 1.2.3\n")
    monkeypatch.syspath_prepend(str(archive))
    assert installed_versions(("zipped-pkg", "numpy")) == importlib_versions(
        ["zipped-pkg", "numpy"]
    )
    assert installed_versions(("zipped-pkg",)) == {"zipped-pkg": "1.2.3"}
