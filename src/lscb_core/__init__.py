"""lscb: a safeguarding board's year, written down once as data, made into its annual report."""

__version__ = "0.1.0"

__all__ = ["__version__"]
