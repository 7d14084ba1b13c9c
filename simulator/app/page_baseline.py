"""The Baseline and Projection pages: the calibrated baseline against the report, fan charts."""

from __future__ import annotations

import streamlit as st

from simulator.app import workbench
from simulator.app.page_whatif import run_settings
from simulator.app.text import UI
from simulator.execution.projection_run import MAX_QUARTERS
from simulator.output.readable import label_with_unit, value
from simulator.output.sentences import level_sentence, target_sentence

# the three plain sentences of the Baseline page: late rate, counter wait, open dossiers
SENTENCES = ("late_rate", "counter_wait_mean_min.provincial_centre", "pending_overdue")


def baseline_page(lang: str) -> None:
    text = UI[lang]
    st.write(text["baseline_intro"])
    reps, seed = run_settings(lang, "baseline")
    if st.button(text["run"], type="primary", key="baseline_run"):
        bar = st.progress(0.0, text=text["running"])
        base = workbench.scenario_with(workbench.BASELINE, [])
        result = workbench.run_base(
            base, reps, seed, lambda done, total: bar.progress(done / total)
        )
        bar.empty()
        st.session_state["baseline"] = result
    result = st.session_state.get("baseline")
    if result is None:
        return
    summary = result.summary()
    for metric in SENTENCES:
        if metric in summary and summary[metric].n > 0:
            st.markdown(f"- {level_sentence(metric, summary[metric], lang)}")
    checks, name = workbench.baseline_checks(result)
    st.subheader(name)
    st.table([_check_row(check, lang) for check in checks])
    for check in checks:
        st.caption(target_sentence(check, lang))
    for _, data in workbench.figure_bytes(result):
        st.image(data)


def _check_row(check, lang: str) -> dict[str, str]:
    text, metric, s = UI[lang], check.target.metric, check.summary
    return {
        text["metric"]: label_with_unit(metric, lang),
        text["reported"]: value(metric, check.target.value, lang),
        text["simulated"]: value(metric, s.mean, lang),
        text["interval"]: f"{value(metric, s.ci95_low, lang)} – {value(metric, s.ci95_high, lang)}",
        text["tolerance"]: value(metric, check.target.tolerance, lang),
        text["within"]: text["yes"] if check.within_tolerance else text["no"],
    }


def projection_page(lang: str) -> None:
    text = UI[lang]
    paths = workbench.base_scenarios()
    start = next((i for i, p in enumerate(paths) if p.stem == "projection_2022_2024"), 0)
    path = st.selectbox(
        text["scenario"], paths, index=start, format_func=lambda p: p.stem, key="proj_scenario"
    )
    quarters = st.slider(text["quarters"], 1, MAX_QUARTERS, 8, key="proj_quarters")
    reps, seed = run_settings(lang, "projection")
    if st.button(text["run"], type="primary", key="projection_run"):
        bar = st.progress(0.0, text=text["running"])
        fans = workbench.projection_fans(
            path, quarters, reps, seed, lambda done, total: bar.progress(done / total)
        )
        bar.empty()
        st.session_state["projection"] = fans
    for metric, data in st.session_state.get("projection", []):
        st.image(data, caption=label_with_unit(metric, lang))
