"""Imports point one way: a module never imports from a layer above its own (DESIGN.md)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "simulator"
LAYERS = [
    {
        "errors",
        "validate",
        "calendar",
        "periods",
        "distributions",
        "document",
        "scenario",
        "scenario_network",
        "scenario_onestop",
        "onestop_values",
        "onestop_trends",
        "targets",
        "provenance",
    },
    {"streams"},
    {"model"},
    {"run"},
    {"stats", "theory", "calibrate", "projection"},
    {"experiment", "compare", "fitting", "batch", "batch_plan", "executors", "projection_run"},
    {"storage", "batch_files", "plots", "plots_onestop", "report", "projection_output"},
    {"cli", "cli_common", "cli_run", "cli_fit", "cli_batch", "cli_project", "api", "__main__"},
]


def layer_of(module: str) -> int:
    head = module.split(".")[0]
    return next(i for i, names in enumerate(LAYERS) if head in names)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("simulator."):
            found.add(node.module.removeprefix("simulator."))
        elif isinstance(node, ast.ImportFrom) and node.module == "simulator":
            found.update(alias.name for alias in node.names)
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_higher_layer(path):
    """Each simulator import stays in the module's own layer or below it."""
    own = "model" if path.parent.name == "model" else path.stem
    upward = [m for m in imports_of(path) if layer_of(m) > layer_of(own)]
    assert not upward, f"{path.name} imports from higher layers: {upward}"


def test_only_the_model_imports_simpy():
    """SimPy stays inside simulator/model/ (plots and stats never import it)."""
    outside = [
        p.name for p in MODULES if p.parent.name != "model" and "import simpy" in p.read_text()
    ]
    assert outside == []
