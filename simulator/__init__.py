"""Event-driven simulator of public-service one-stop shops (Kon Tum province, Vietnam)."""

__version__ = "0.1.0"
