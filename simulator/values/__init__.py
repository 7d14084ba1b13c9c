"""Frozen values: scenario loading, validation, units, the calendar and the metric catalogue."""
