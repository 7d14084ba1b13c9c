"""The planner's web page (Streamlit) over the same engine: pages, levers and runs."""
