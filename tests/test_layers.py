"""Imports point one way, down the layers of DESIGN.md, with no cycles and no hidden imports."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "simulator"

# Lowest first: a module may import from its own layer and the layers before it.
LAYERS = (
    "values",
    "streams",
    "model",
    "run",
    "analysis",
    "execution",
    "output",
    "api",
    "app",
    "cli",
)
TOP = "__main__"  # python -m simulator: above everything

# Imports inside functions, allowed only where start-up time or optional packages need them.
DEFERRED_OK = {
    # a network run need not import the Kon Tum model, nor a one-stop run the network engine
    ("run", "simulator.model.network"),
    ("run", "simulator.model.onestop"),
    ("run", "simulator.model.onestop_events"),  # the event log (it imports the one-stop model)
}
# The command line imports a command's machinery (matplotlib, scipy, Dask) only when that
# command runs, so `onestop --help` and `onestop check` start in a fraction of a second.
DEFERRED_PACKAGES = ("cli",)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    head = module.split(".")[0]
    return len(LAYERS) if head == TOP or head == "" else LAYERS.index(head)


def internal_imports(path: Path) -> list[tuple[str, bool]]:
    """(imported simulator module, at module top level) for each import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("simulator"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                target = (
                    full
                    if (PACKAGE.parent / (full.replace(".", "/") + ".py")).exists()
                    else node.module
                )
                found.append((target.removeprefix("simulator").lstrip("."), id(node) in top_level))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("simulator."):
                    found.append((alias.name.removeprefix("simulator."), id(node) in top_level))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))
GRAPH = {module_name(p): {m for m, _ in internal_imports(p)} - {module_name(p)} for p in MODULES}


def test_every_module_belongs_to_a_layer():
    """Each module sits in one of the named layers (a new subpackage must be placed in LAYERS)."""
    strays = [m for m in GRAPH if m and m.split(".")[0] not in (*LAYERS, TOP)]
    assert strays == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_higher_layer(path):
    """Each simulator import stays in the module's own layer or below it."""
    own = module_name(path)
    upward = [m for m, _ in internal_imports(path) if layer_of(m) > layer_of(own)]
    assert not upward, f"{own} imports from higher layers: {upward}"


EAGER = [p for p in MODULES if module_name(p).split(".")[0] not in DEFERRED_PACKAGES]


@pytest.mark.parametrize("path", EAGER, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_are_at_the_top_of_modules(path):
    """Internal imports sit at the top of the module, except the listed deferred ones."""
    own = module_name(path)
    hidden = [
        m
        for m, top in internal_imports(path)
        if not top and (own, f"simulator.{m}") not in DEFERRED_OK
    ]
    assert not hidden, f"{own} imports inside a function: {hidden}"


def test_the_import_graph_has_no_cycles():
    """No chain of imports leads from a module back to itself."""
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target in GRAPH and target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_only_the_model_imports_simpy():
    """SimPy stays inside simulator/model/ (plots and stats never import it)."""
    outside = [
        module_name(p)
        for p in MODULES
        if not module_name(p).startswith("model") and "import simpy" in p.read_text()
    ]
    assert outside == []


MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 40  # DESIGN.md: no god modules, short functions


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_stay_short(path):
    """No module over 400 lines and no function over 40 (split them instead)."""
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long = [
        node.name
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
