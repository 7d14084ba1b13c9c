"""Morris screening measures (SALib) on functions whose effects are known exactly."""

import sys

import numpy as np
import pytest

from simulator.analysis.morris import INSTALL_SALIB, leading, morris_design, morris_indices
from simulator.values.errors import SimulatorError

NAMES = ["linear", "idle", "curved"]


def known(design: np.ndarray) -> np.ndarray:
    """y = 3 x0 + 0 x1 + x2^2: x0 moves y by 3 over its range, x1 not at all, x2 bends."""
    return 3 * design[:, 0] + design[:, 2] ** 2


def test_design_is_whole_trajectories_on_the_grid():
    """(k + 1) x R points in [0, 1], on the levels' grid, equal for equal seeds."""
    design = morris_design(3, trajectories=5, levels=4, seed=7)
    assert design.shape == (20, 3)
    assert set(np.round(design.ravel() * 3, 9)) <= {0.0, 1.0, 2.0, 3.0}
    assert np.array_equal(design, morris_design(3, trajectories=5, levels=4, seed=7))


def test_measures_rank_the_known_effects():
    """A straight line's mu_star is its change over the range, with no spread; idle is zero."""
    design = morris_design(3, trajectories=8, levels=4, seed=1)
    found = {
        i.parameter: i for i in morris_indices("y", NAMES, design, known(design), levels=4, seed=1)
    }
    assert found["linear"].mu_star == pytest.approx(3.0) and found["linear"].rank == 1
    assert found["linear"].sigma == pytest.approx(0.0, abs=1e-12)
    assert found["idle"].mu_star == 0.0 and found["idle"].rank == 3
    assert found["curved"].sigma > 0  # x^2 has a different slope in different places
    assert [i.parameter for i in leading(found.values())] == ["linear", "curved"]


def test_without_salib_the_error_says_how_to_install(monkeypatch):
    """A missing SALib is one SimulatorError naming the pip extra."""
    for name in [m for m in sys.modules if m == "SALib" or m.startswith("SALib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "SALib", None)  # makes `import SALib...` fail
    with pytest.raises(SimulatorError, match="SALib") as error:
        morris_design(2, trajectories=2, levels=4, seed=1)
    assert INSTALL_SALIB in str(error.value)
