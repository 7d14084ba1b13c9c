"""Targets files: published figures with sources, weights and tolerances."""

import pytest

from simulator.values.errors import ScenarioError
from simulator.values.targets import load_targets, require_informative


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


def test_a_target_naming_no_metric_is_refused_with_a_guess(write_scenario):
    """A misspelt metric fails when the file is loaded, with the closest metric name."""
    path = write_scenario(
        '[[targets]]\nmetric = "pending_within_deadlin"\nvalue = 6888\nsource = "6.888 hồ sơ"\n'
        "relative_tolerance = 0.05\n"
    )
    with pytest.raises(
        ScenarioError, match=r"targets\[0\]\.metric = 'pending_within_deadlin'"
    ) as e:
        load_targets(path)
    assert "did you mean 'pending_within_deadline'?" in str(e.value)


def test_targets_that_restate_inputs_are_marked(write_scenario):
    """handled restates the inputs (identity); resolved is informative."""
    path = write_scenario(
        '[[targets]]\nmetric = "handled"\nvalue = 77289\nsource = "a"\nrelative_tolerance = 0.005\n'
        '[[targets]]\nmetric = "resolved"\nvalue = 69323\nsource = "b"\nrelative_tolerance = 0.01\n'
    )
    targets = load_targets(path)
    assert [t.identity for t in targets.targets] == [True, False]
    assert [t.metric for t in targets.informative] == ["resolved"]


def test_identity_targets_are_read_and_kept_apart(write_scenario):
    """identity = true marks a target as reported, not fitted; the default is informative."""
    path = write_scenario(
        '[[targets]]\nmetric = "handled"\nvalue = 77289\nsource = "s"\n'
        "relative_tolerance = 0.005\nidentity = true\n"
        '[[targets]]\nmetric = "resolved"\nvalue = 69323\nsource = "s"\n'
        "relative_tolerance = 0.01\n"
    )
    targets = load_targets(path)
    assert [t.identity for t in targets.targets] == [True, False]
    assert [t.metric for t in targets.informative] == ["resolved"]


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        ('identity = "yes"\n', "targets[0].identity", "true or false"),
    ],
)
def test_bad_identity_flags_are_named(write_scenario, extra, key, message):
    """identity must be a boolean, and a file of identities alone leaves nothing to fit."""
    body = 'metric = "resolved"\nvalue = 1\nsource = "s"\nabsolute_tolerance = 1\n' + extra
    with pytest.raises(ScenarioError, match=message) as caught:
        load_targets(write_scenario("[[targets]]\n" + body))
    assert caught.value.key == key


def test_the_q1_2022_identities_are_the_inputs_arithmetic():
    """Handled, carried over and the channel figures are identities; the outcomes inform."""
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scenarios" / "targets_q1_2022.toml"
    targets = load_targets(path)
    identities = {t.metric for t in targets.targets if t.identity}
    assert identities == {"handled", "carried_over", "online_share", "online", "walkin_and_postal"}
    assert {t.metric for t in targets.informative} == {
        "resolved", "resolved_late", "resolved_on_time", "on_time_rate", "pending_within_deadline"
    }  # fmt: skip


def test_a_fit_needs_an_informative_target(write_scenario):
    """A file of identities alone loads (validation measures it) but cannot be fitted."""
    body = 'metric = "handled"\nvalue = 1\nsource = "s"\nabsolute_tolerance = 1\n'
    targets = load_targets(write_scenario("[[targets]]\n" + body))
    with pytest.raises(ScenarioError, match="needs an informative target") as caught:
        require_informative(targets)
    assert caught.value.key == "targets"
