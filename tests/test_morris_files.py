"""The files of a Morris screening: tables a planner opens, a design to redo it, figures."""

import json

import numpy as np

from simulator.analysis.morris import MORRIS_COLUMNS, MorrisIndex
from simulator.execution.fitting import Parameter
from simulator.execution.morris_params import Selection, SkippedKey
from simulator.execution.morris_run import MorrisPlan, MorrisResult, StopReason
from simulator.output.morris_files import morris_figures, write_morris_outputs

SHARE = Parameter(path="closing.session_every_days", low=0.07, high=0.21, base=0.14, integer=False)
STAFF = Parameter(path="digitisation.staff", low=4, high=12, base=8, integer=True)


def made_up_result() -> MorrisResult:
    """Two trajectories over two parameters, with invented measures (no simulation)."""
    plan = MorrisPlan(parameters=(SHARE, STAFF), trajectories=2, levels=4, reps=2, seed=1)
    design = np.array([[0, 0], [2 / 3, 0], [2 / 3, 2 / 3], [1, 1], [1 / 3, 1], [1 / 3, 1 / 3]])
    values = tuple(
        {SHARE.path: SHARE.value_at(a), STAFF.path: STAFF.value_at(b)} for a, b in design
    )
    indices = (
        MorrisIndex(metric="late_rate", parameter=SHARE.path, mu_star=0.04, mu_star_conf=0.004,
                    sigma=0.005, mu=0.04, rank=1),
        MorrisIndex(metric="late_rate", parameter=STAFF.path, mu_star=0.0, mu_star_conf=0.0,
                    sigma=0.0, mu=0.0, rank=2),
    )  # fmt: skip
    return MorrisResult(
        plan=plan,
        design=design,
        values=values,
        outputs={"late_rate": np.linspace(0.02, 0.07, 6)},
        indices=indices,
        undefined=(),
        stopped_by=StopReason.COMPLETE,
        wall_time=1.0,
    )


def test_the_tables_hold_measures_points_and_the_parameter_list(tmp_path):
    """morris.csv ranks, morris_design.csv has each point, morris_parameters.csv the skips."""
    selection = Selection(
        parameters=(SHARE, STAFF),
        skipped=(SkippedKey(path="channels.postal", why="must sum to 1", where="a.toml:44"),),
        marks={SHARE.path: "a.toml:144"},
    )
    files = write_morris_outputs(made_up_result(), selection, tmp_path, ["onestop", "x"])
    assert [f.name for f in files][-1] == "morris.json"
    table = (tmp_path / "morris.csv").read_text().splitlines()
    assert table[0] == ",".join(MORRIS_COLUMNS)
    assert (
        table[1].startswith("late_rate,closing.session_every_days,0.04,") and table[1][-2:] == ",1"
    )
    design = (tmp_path / "morris_design.csv").read_text().splitlines()
    assert design[0] == "point,trajectory,closing.session_every_days,digitisation.staff,late_rate"
    assert len(design) == 7 and design[4].startswith("3,1,0.21,12,")
    listed = (tmp_path / "morris_parameters.csv").read_text()
    assert "channels.postal,skipped,,,,,a.toml:44,must sum to 1" in listed
    facts = json.loads((tmp_path / "morris.json").read_text())
    assert facts["replications"] == 12 and facts["stopped_by"] == "complete"


def test_a_figure_per_metric_is_a_png(tmp_path):
    """figures/morris_<metric>.png for each screened metric."""
    (path,) = morris_figures(made_up_result(), tmp_path / "figures")
    assert path.name == "morris_late_rate.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
