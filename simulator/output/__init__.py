"""Files a planner opens: atomic writes, tables, figures and HTML reports."""
