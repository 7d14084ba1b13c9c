"""The What-if page: pick a base, move levers, run on common random numbers, read sentences.

What a session ran is kept in its own ``st.session_state`` (never in a module global), so two
browser tabs never mix results; only the base's replications are shared (``BASE_RUNS``),
being the same for every tab that asks for the same base, seed and replications.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import streamlit as st

from simulator.app import workbench
from simulator.app.levers import LEVERS, Lever, Widget, choice_label, set_texts
from simulator.app.page_watch import watch_section
from simulator.app.text import UI
from simulator.output.report import headline_metrics
from simulator.output.sentences import change_sentence
from simulator.values.errors import ScenarioError


def whatif_page(lang: str) -> None:
    text = UI[lang]
    bases = workbench.base_scenarios()
    path = st.selectbox(text["base"], bases, format_func=lambda p: p.stem, key="whatif_base")
    base = workbench.scenario_with(path, [])
    reps, seed = run_settings(lang, "whatif")
    st.subheader(text["levers"])
    grid = st.columns(3)  # three levers a row, so the results show without much scrolling
    moved = {}
    for i, lever in enumerate(LEVERS):
        with grid[i % 3]:
            moved[lever.key] = lever_widget(lever, base.document, lang)
    sets = set_texts(moved, base.document)
    columns = st.columns(2)
    run = columns[0].button(text["run"], type="primary", key="whatif_run")
    columns[1].button(text["cancel"], key="whatif_cancel")  # any click stops the running script
    if run:
        _run(path, base, sets, reps, seed, lang)
    shown = st.session_state.get("whatif")
    if shown is not None:
        _results(shown, lang)
    watch_section(path, sets, lang)


def run_settings(lang: str, page: str) -> tuple[int, int]:
    text = UI[lang]
    left, right = st.columns(2)
    reps = left.number_input(text["reps"], min_value=1, max_value=100, value=10, key=f"{page}_reps")
    seed = right.number_input(text["seed"], min_value=0, value=1, key=f"{page}_seed")
    return int(reps), int(seed)


def lever_widget(lever: Lever, document: Any, lang: str) -> Any:
    """The lever's widget, starting at the base's value (None: the base lacks the key)."""
    current = lever.current(document)
    key = f"lever:{lever.key}"
    if lever.widget is Widget.CHOICE:
        start = lever.choices.index(current) if current in lever.choices else 0
        return st.selectbox(
            lever.label(lang),
            lever.choices,
            index=start,
            format_func=lambda c: choice_label(c, lang),
            key=key,
        )
    if current is None:
        return None
    if lever.widget is Widget.WHOLE:
        return int(st.number_input(lever.label(lang), value=int(current), step=1, key=key))
    if lever.widget is Widget.SHARE:
        start = float(current) * 100
        percent = st.slider(lever.label(lang), 0.0, 100.0, start, 0.5, format="%.1f%%", key=key)
        return round(percent / 100, 6)
    return float(st.number_input(lever.label(lang), value=float(current), step=0.5, key=key))


def _run(path: Path, base: Any, sets: list[str], reps: int, seed: int, lang: str) -> None:
    """Run the what-if with a progress bar; a bad lever value is the command line's one line."""
    text = UI[lang]
    if not sets:
        st.info(text["nothing_moved"])
        return
    try:
        alternative = workbench.scenario_with(path, sets)
    except ScenarioError as error:
        st.error(error.line())
        return
    bar = st.progress(0.0, text=text["running"])
    started = time.perf_counter()
    comparison = workbench.run_whatif(
        base, alternative, reps, seed, lambda done, total: bar.progress(done / total)
    )
    bar.empty()
    st.session_state["whatif"] = {
        "comparison": comparison,
        "alternative": alternative,
        "sets": sets,
        "seconds": time.perf_counter() - started,
    }


def _results(shown: dict[str, Any], lang: str) -> None:
    text = UI[lang]
    comparison = shown["comparison"]
    st.subheader(text["results"])
    st.caption(" · ".join([*shown["sets"], text["took"].format(seconds=shown["seconds"])]))
    differences = comparison.differences(comparison.alternatives[0])
    for metric in headline_metrics(comparison.base.metric_names()):
        d = differences.get(metric)
        if d is not None and d.n > 0:
            st.markdown(f"- {change_sentence(metric, d, lang)}")
    files = workbench.comparison_files(comparison, lang)
    for _, data in files.get("figures", []):
        st.image(data)
    _downloads(shown, files, lang)


def _downloads(shown: dict[str, Any], files: dict[str, Any], lang: str) -> None:
    text = UI[lang]
    alternative = shown["alternative"]
    left, middle, right = st.columns(3)
    left.download_button(
        text["download_toml"],
        workbench.scenario_toml(alternative),
        file_name=f"{alternative.name}.toml",
        mime="application/toml",
    )
    middle.download_button(text["download_xlsx"], files["compare.xlsx"], file_name="compare.xlsx")
    right.download_button(
        text["download_html"], files["report.html"], file_name="report.html", mime="text/html"
    )
