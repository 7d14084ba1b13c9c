"""The Staffing page: the least-cost counters for the 2025 waiting-time target.

It shows the committed ``make staffing-example`` run (``docs/results/staffing/``): the
counters found against today's, each target on the search's and on fresh replications,
the figure, and the command that answers other questions (``onestop staff``). A search
takes minutes of simulation, so the page reads its results rather than running one.
"""

from __future__ import annotations

import streamlit as st

from simulator.app import workbench
from simulator.app.text import UI
from simulator.output.readable import label_with_unit, value


def staffing_page(lang: str) -> None:
    text = UI[lang]
    st.write(text["staffing_intro"])
    found = workbench.staffing_example()
    if found is None:
        st.info(text["staffing_missing"])
        return
    summary, figure = found
    start = dict(part.split("=") for part in summary["steps"][0]["staffing"].split(" "))
    st.table(
        [
            {
                text["staffing_pool"]: key,
                text["staffing_start"]: start[key],
                text["staffing_found"]: n,
            }
            for key, n in summary["staffing"].items()
        ]
    )
    st.table([_target_row(row, lang) for row in summary["targets"]])
    verdict = text["yes"] if summary["final_check_passed"] else text["no"]
    st.caption(
        text["staffing_effort"].format(
            cost=summary["cost"],
            evaluations=summary["evaluations"],
            seconds=summary["wall_time_seconds"],
            passed=verdict,
        )
    )
    if figure is not None:
        st.image(figure)
    st.code(summary["command"], language="sh")


def _target_row(row: dict, lang: str) -> dict[str, str]:
    text, metric = UI[lang], row["metric"]
    operator = "≤" if row["direction"] == "at_most" else "≥"
    low, high = value(metric, row["ci95_low"], lang), value(metric, row["ci95_high"], lang)
    return {
        text[
            "metric"
        ]: f"{label_with_unit(metric, lang)} {operator} {value(metric, row['limit'], lang)}",
        text["staffing_check"]: f"{text['staffing_' + row['check']]} ({row['replications']})",
        text["simulated"]: value(metric, row["mean"], lang),
        text["interval"]: f"{low} – {high}",
        text["staffing_met"]: text["yes"] if row["met"] else text["no"],
    }
