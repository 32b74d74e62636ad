"""ordercheck: static and runtime checks for execution-order regressions."""

__version__ = "0.1.0"
