"""Targets files: published figures with sources, weights and tolerances."""

import pytest

from simulator.values.errors import ScenarioError
from simulator.values.targets import load_targets


def test_relative_tolerance_becomes_absolute(write_scenario):
    """0.5% of 77,289 dossiers is a tolerance of about 386 dossiers."""
    path = write_scenario(
        '[[targets]]\nmetric = "handled"\nvalue = 77289\nsource = "77.289 hồ sơ"\n'
        "relative_tolerance = 0.005\n"
    )
    target = load_targets(path).targets[0]
    assert target.tolerance == pytest.approx(386.445)
    assert target.scaled_error(77289 + 386.445) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('metric = "x"\nvalue = 1\nsource = "s"\n', "exactly one of"),
        ('metric = "x"\nvalue = 1\nsource = "s"\nabsolute_tolerance = -1\n', "must be > 0"),
        ('metric = "x"\nvalue = 0\nsource = "s"\nrelative_tolerance = 0.1\n', "absolute"),
        ('metric = "x"\nvalue = 1\nabsolute_tolerance = 1\n', "source = <missing>"),
        ('metric = "x"\nvalue = 1\nsource = "s"\nabsolute_tolerance = 1\nwieght = 2\n', "weight"),
    ],
)
def test_bad_targets_are_named(write_scenario, body, message):
    """A target without a source, with two tolerances or a typo is refused with its key path."""
    path = write_scenario("[[targets]]\n" + body)
    with pytest.raises(ScenarioError, match="targets\\[0\\]") as caught:
        load_targets(path)
    assert message in str(caught.value)
