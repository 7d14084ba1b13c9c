"""The What-if page's "Watch a day": one day of the scenario as set, at one site's counters.

The scenario is the What-if page's: its base with the levers as they stand (the base alone
if no lever moved or a lever's value is refused). The animation is ``onestop animate``'s
HTML (``workbench.watch_html``), shown in the page and offered as a download; what a
session watched is kept in its own ``st.session_state``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from simulator.app import workbench
from simulator.app.text import UI
from simulator.values.errors import ScenarioError

HEIGHT = 980  # pixels of the frame that holds the animation (it scrolls past that)


def watch_section(path: Path, sets: list[str], lang: str) -> None:
    text = UI[lang]
    st.subheader(text["watch"])
    try:
        handle = workbench.scenario_with(path, sets)
    except ScenarioError:  # the lever's error shows when Run is pressed
        handle, sets = workbench.scenario_with(path, []), []
    st.caption(text["watch_intro"].format(scenario=" · ".join([path.stem, *sets])))
    left, middle, right = st.columns(3)
    site = left.selectbox(text["site"], workbench.watch_sites(handle), key="watch_site")
    day = middle.date_input(
        text["day"],
        value=workbench.watch_first_day(handle),
        min_value=handle.value.start,
        max_value=handle.value.end,
        key="watch_day",
    )
    seed = int(right.number_input(text["seed"], min_value=0, value=1, key="watch_seed"))
    wanted = (workbench.fingerprint(handle), site, day, seed)
    if st.button(text["watch_run"], key="watch_run"):
        with st.spinner(text["watch_running"]):
            try:
                html = workbench.watch_html(handle, site, day, seed)
            except ScenarioError as error:
                st.error(error.line())
                return
        st.session_state["watch"] = {"key": wanted, "html": html}
    shown = st.session_state.get("watch")
    if shown is not None and shown["key"] == wanted:
        components.html(shown["html"], height=HEIGHT, scrolling=True)
        name = f"day_{site}_{day}.html"
        st.download_button(text["watch_download"], shown["html"], file_name=name, mime="text/html")
