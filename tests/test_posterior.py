"""Posterior files: accepted parameter sets read back, chosen evenly, bad files named."""

import pytest

from simulator.values.errors import ScenarioError
from simulator.values.posterior import load_posterior

HEADER = "point,wave,a.b,c[0].d,simulated.late,implausibility.late,max_implausibility,accepted\n"


def _file(tmp_path, rows, header=HEADER):
    path = tmp_path / "calibration_posterior.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def test_accepted_sets_keep_file_order_and_whole_numbers(tmp_path):
    """Only accepted rows; parameters are the columns that are not derived; 3 stays an int."""
    path = _file(
        tmp_path,
        [
            "0,1,0.5,3,1.0,9.0,9.0,false\n",
            "1,1,0.25,4,1.0,1.0,1.0,true\n",
            "5,2,0.125,2,1.0,,2.5,true\n",  # an empty (undefined) derived cell is fine
        ],
    )
    posterior = load_posterior(path)
    assert posterior.parameters == ("a.b", "c[0].d") and posterior.points == 3
    assert [s.point for s in posterior.accepted] == [1, 5]
    assert posterior.accepted[0].values == {"a.b": 0.25, "c[0].d": 4}
    assert isinstance(posterior.accepted[0].values["c[0].d"], int)


def test_draws_are_evenly_spaced_and_deterministic(tmp_path):
    """3 of 10 accepted sets: the 1st, 4th and 7th (i x 10 // 3); more than there are: all."""
    rows = [f"{i},1,{i / 10},1,0,0,0,true\n" for i in range(10)]
    posterior = load_posterior(_file(tmp_path, rows))
    assert [s.point for s in posterior.draws(3)] == [0, 3, 6]
    assert posterior.draws(3) == posterior.draws(3)
    assert len(posterior.draws(50)) == 10


@pytest.mark.parametrize(
    ("rows", "header", "key", "message"),
    [
        (["0,1,0.5,3,1,9,9,false\n"], HEADER, "accepted", "no accepted parameter set"),
        (["0,1,x,3,1,1,1,true\n"], HEADER, "line 2.a.b", "must be a number"),
        (["0,1,nan,3,1,1,1,true\n"], HEADER, "line 2.a.b", "finite"),
        (["0,1,0.5,3,1,1,1,yes\n"], HEADER, "line 2.accepted", "true or false"),
        (["0,1,0.5\n"], HEADER, "", "one value per column"),
        ([], "point,wave,max_implausibility,accepted\n", "", "no parameter column"),
        ([], "a,b\n", "", "'point' column"),
    ],
)
def test_bad_posterior_files_are_named(tmp_path, rows, header, key, message):
    """A bad cell or a file that is not a posterior: one error naming file, place and rule."""
    path = _file(tmp_path, rows, header)
    with pytest.raises(ScenarioError) as caught:
        load_posterior(path)
    assert caught.value.file == str(path) and caught.value.key == key
    assert message in caught.value.allowed


def test_a_missing_posterior_file_is_bad_input(tmp_path):
    """A path that is not a file is a ScenarioError (exit 2), not a crash."""
    with pytest.raises(ScenarioError, match="no such file"):
        load_posterior(tmp_path / "nope.csv")
