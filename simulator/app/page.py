"""The planner's web page (Streamlit): ``onestop app`` runs this script.

A sidebar switches the language (English, Tiếng Việt) and the page: Baseline, What-if,
Projection, Staffing, Upload, About. Each page is a function of the language; the runs behind them
are ``workbench``'s, the same engine and execution layer as the command line.
"""

from __future__ import annotations

import streamlit as st

from simulator.app import workbench
from simulator.app.page_baseline import baseline_page, projection_page
from simulator.app.page_staffing import staffing_page
from simulator.app.page_whatif import whatif_page
from simulator.app.text import ABOUT, UI
from simulator.values.errors import ScenarioError

LANGUAGES = {"en": "English", "vi": "Tiếng Việt"}


def upload_page(lang: str) -> None:
    """Validate an uploaded scenario with the command line's one-line errors."""
    text = UI[lang]
    uploaded = st.file_uploader(text["upload_help"], type=["toml"], key="upload_file")
    if uploaded is None:
        return
    try:
        handle = workbench.uploaded_scenario(uploaded.name, uploaded.getvalue())
    except ScenarioError as error:
        st.error(error.line())
        return
    st.success(text["upload_ok"].format(name=handle.name, kind=handle.value.kind.value))


def about_page(lang: str) -> None:
    st.markdown(ABOUT[lang])


PAGES = {
    "baseline": baseline_page,
    "whatif": whatif_page,
    "projection": projection_page,
    "staffing": staffing_page,
    "upload": upload_page,
    "about": about_page,
}


def main() -> None:
    st.set_page_config(page_title="onestop", layout="wide")
    lang = st.sidebar.radio(
        "Language / Ngôn ngữ", list(LANGUAGES), format_func=LANGUAGES.get, key="lang"
    )
    text = UI[lang]
    page = st.sidebar.radio(text["page"], list(PAGES), format_func=text.get, key="page", index=1)
    st.title(text["title"])
    st.header(text[page])
    PAGES[page](lang)


main()
