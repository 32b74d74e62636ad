"""ordercheck: static and runtime checks for execution-order regressions.

Python API: `run_check(rule_paths, packs, root, files)` -> CheckResult (findings, errors,
exit_code); `explain(target, root)` -> Explanation or ConfigError; `check(rules, read)` is the
I/O-free engine underneath.

The API is imported on first use (PEP 562), so `ordercheck --version`, `--help` and a run with
nothing to check do not pay for the engine's imports.
"""

__version__ = "0.1.0"

_API = {"explain": "api", "load_rules": "api", "run_check": "api", "CheckResult": "check", "check": "check"}

__all__ = ["CheckResult", "check", "explain", "load_rules", "run_check", "__version__"]


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'ordercheck' has no attribute {name!r}")
    import importlib

    for attr, module in _API.items():  # all at once: importing `.check` rebinds `check` to the module
        globals()[attr] = getattr(importlib.import_module(f".{module}", __name__), attr)
    return globals()[name]
