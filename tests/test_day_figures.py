"""The README's sentence on animating a day is what the committed measurement says."""

from pathlib import Path

from simulator.output.day_figures import BLOCK, day_sentence, read_day_record, write_day_record
from simulator.output.readme_tables import block

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_sentence_matches_the_committed_measurement():
    """Regenerating the sentence from docs/results/animate_day.json gives the README's."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    record = read_day_record(ROOT / "docs" / "results" / "animate_day.json")
    assert block(readme, BLOCK) == day_sentence(record)


def test_a_new_measurement_rewrites_only_its_sentence(tmp_path):
    """Writing a record stores it and replaces the block, leaving the rest of the text."""
    readme = tmp_path / "README.md"
    readme.write_text("before\n<!-- animate-day:start -->\nold\n<!-- animate-day:end -->\nafter\n")
    record = {
        "date": "2022-01-17",
        "tickets": 944,
        "cpu_s": 2.9,
        "wall_s": 4.0,
        "load_average": 1.0,
        "size_mb": 8.4,
        "queueing_0900": 30,
    }
    write_day_record(record, tmp_path / "animate_day.json", readme)
    text = readme.read_text()
    assert text.startswith("before\n") and text.endswith("after\n")
    assert "944 tickets" in block(text, BLOCK) and "8.4 MB" in block(text, BLOCK)
    assert read_day_record(tmp_path / "animate_day.json") == record
