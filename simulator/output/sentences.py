"""Plain sentences about results, in English or Vietnamese, for the report and the app.

"Late rate falls from 6.2% to 1.0% (−5.1 points, 95% CI −5.2 to −5.0)." A change whose
interval holds zero is said to be no clear change, so a sentence never claims more than
the replications show; a clear change too small for the digits shown is said to be slight.
"""

from __future__ import annotations

from typing import Any

from simulator.output.readable import difference, label, quantity

_WORDS = {
    "en": {
        "rises": "rises",
        "falls": "falls",
        "from_to": "{label} {verb} from {base} to {alt} ({diff}, 95% CI {low} to {high}).",
        "unclear": "{label}: no clear change ({base} and {alt}; {diff}, 95% CI {low} to {high}).",
        "slight": "{label} {verb} slightly, by less than the rounding shows ({base} and {alt}; "
        "{diff}, 95% CI {low} to {high}).",
        "level": "{label}: {mean} (95% CI {low} to {high}).",
        "level_only": "{label}: {mean}.",
        "target": "{label}: simulated {mean}, reported {reported} ({verdict}).",
        "within": "within the tolerance of {tolerance}",
        "outside": "outside the tolerance of {tolerance}",
    },
    "vi": {
        "rises": "tăng",
        "falls": "giảm",
        "from_to": "{label} {verb} từ {base} xuống {alt} ({diff}, KTC 95% {low} đến {high}).",
        "unclear": "{label}: không thay đổi rõ rệt ({base} và {alt}; {diff}, KTC 95% {low} "
        "đến {high}).",
        "slight": "{label} {verb} nhẹ, ít hơn mức làm tròn cho thấy ({base} và {alt}; {diff}, "
        "KTC 95% {low} đến {high}).",
        "level": "{label}: {mean} (KTC 95% {low} đến {high}).",
        "level_only": "{label}: {mean}.",
        "target": "{label}: mô phỏng {mean}, báo cáo {reported} ({verdict}).",
        "within": "trong dung sai {tolerance}",
        "outside": "ngoài dung sai {tolerance}",
    },
}


def change_sentence(metric: str, d: Any, lang: str = "en") -> str:
    """One paired difference (``compare.Difference``) as a sentence."""
    words = _WORDS[lang]
    fields = {
        "label": label(metric, lang),
        "base": quantity(metric, d.base_mean, lang),
        "alt": quantity(metric, d.alt_mean, lang),
        "diff": difference(metric, d.diff_mean, lang),
        "low": difference(metric, d.diff_ci95_low, lang),
        "high": difference(metric, d.diff_ci95_high, lang),
    }
    if not d.significant:
        return words["unclear"].format(**fields)
    verb = words["rises"] if d.diff_mean > 0 else words["falls"]
    if fields["base"] == fields["alt"]:  # clear, yet too small for the digits shown
        return words["slight"].format(verb=verb, **fields)
    text = words["from_to"].format(verb=verb, **fields)
    return text.replace(" xuống ", " lên ") if lang == "vi" and d.diff_mean > 0 else text


def level_sentence(metric: str, s: Any, lang: str = "en") -> str:
    """One metric's mean with its 95% interval (an ``analysis.stats.Summary``)."""
    words = _WORDS[lang]
    mean = quantity(metric, s.mean, lang)
    if s.ci95_low is None:
        return words["level_only"].format(label=label(metric, lang), mean=mean)
    low, high = quantity(metric, s.ci95_low, lang), quantity(metric, s.ci95_high, lang)
    return words["level"].format(label=label(metric, lang), mean=mean, low=low, high=high)


def target_sentence(check: Any, lang: str = "en") -> str:
    """A simulated figure against the reported one (an ``analysis.validation`` check)."""
    words = _WORDS[lang]
    metric = check.target.metric
    tolerance = difference(metric, check.target.tolerance, lang).lstrip("+")
    verdict = words["within" if check.within_tolerance else "outside"]
    return words["target"].format(
        label=label(metric, lang),
        mean=quantity(metric, check.summary.mean, lang),
        reported=quantity(metric, check.target.value, lang),
        verdict=verdict.format(tolerance=tolerance),
    )
