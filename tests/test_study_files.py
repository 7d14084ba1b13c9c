"""The files of studies: a calibration's fitted scenario is one safe TOML file."""

import tomllib

from simulator.execution.fitting import CalibrationResult, Evaluation, Parameter
from simulator.output.study_files import calibrated_scenario_text
from simulator.values.document import read_document


def test_a_command_with_a_line_break_stays_one_comment_in_the_calibrated_scenario(tmp_path):
    """An argument holding a newline cannot inject a line into the calibrated TOML file."""
    scenario = tmp_path / "base.toml"
    scenario.write_text('kind = "network"\nname = "base"\n')
    document = read_document(scenario)
    parameter = Parameter(path="run.customers", low=1.0, high=9.0, base=5.0, integer=True)
    best = Evaluation(number=1, values={"run.customers": 4}, objective=0.5, summary={})
    result = CalibrationResult(parameters=(parameter,), evaluations=(best,), stopped_by="time")
    command = ["onestop", "calibrate", "--params", 'x\nkind = "evil"']
    text = calibrated_scenario_text(result, document, tmp_path, command)
    assert tomllib.loads(text)["run"] == {"customers": 4}
    plain = calibrated_scenario_text(result, document, tmp_path, ["onestop", "calibrate"])
    assert "kind" not in tomllib.loads(text) and text.count("\n") == plain.count("\n")
