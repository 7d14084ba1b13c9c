"""Pure functions over results: statistics, theory, objectives, projections' tables."""
