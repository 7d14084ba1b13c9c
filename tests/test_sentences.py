"""Results as plain sentences that never claim more than the intervals show."""

from simulator.analysis.stats import PairedDifference, Summary
from simulator.output.sentences import change_sentence, level_sentence


def _difference(base, alt, low, high):
    significant = low > 0 or high < 0
    return PairedDifference(
        base_mean=base,
        alt_mean=alt,
        diff_mean=alt - base,
        diff_ci95_low=low,
        diff_ci95_high=high,
        significant=significant,
        n=10,
    )


def test_a_clear_fall_is_said_in_points_with_its_interval():
    """Late rate falls from 6,2% to 1,0% (−5,2 points, 95% CI ...)."""
    text = change_sentence("late_rate", _difference(0.062, 0.010, -0.053, -0.051), "vi")
    assert text.startswith("Tỷ lệ trễ hạn") and "giảm từ 6,2% xuống 1,0%" in text
    assert "−5,2 điểm %" in text and "KTC 95% −5,3 điểm % đến −5,1 điểm %" in text


def test_an_interval_across_zero_is_no_clear_change():
    """A difference whose interval holds zero is not called a rise or a fall."""
    text = change_sentence("late_rate", _difference(0.062, 0.063, -0.002, 0.004), "en")
    assert "no clear change" in text and "rises" not in text


def test_a_clear_change_below_the_rounding_is_called_slight():
    """Visits fall clearly but by less than 0.01: not "falls from 1.65 to 1.65"."""
    text = change_sentence("visits_per_dossier", _difference(1.652, 1.648, -0.005, -0.003), "en")
    assert text.startswith("Citizens' visits per dossier falls slightly")
    assert "from" not in text and "(1.65 visits and 1.65 visits;" in text
    vi = change_sentence("visits_per_dossier", _difference(1.652, 1.648, -0.005, -0.003), "vi")
    assert "giảm nhẹ" in vi and " từ " not in vi


def test_a_level_carries_its_unit_and_interval():
    """A mean wait in minutes with its 95% interval."""
    s = Summary(mean=12.46, std=1.0, ci95_low=11.0, ci95_high=13.9, n=5)
    text = level_sentence("counter_wait_mean_min.provincial_centre", s, "en")
    assert text.endswith(": 12.5 minutes (95% CI 11.0 minutes to 13.9 minutes).")
