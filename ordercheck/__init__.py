"""ordercheck: static and runtime checks for execution-order regressions.

Python API: `run_check(rule_paths, packs, root, files)` -> CheckResult (findings, errors,
exit_code); `explain(target, root)` -> Explanation or ConfigError; `check(rules, read)` is the
I/O-free engine underneath.
"""

__version__ = "0.1.0"

from .api import explain, load_rules, run_check  # noqa: E402
from .check import CheckResult, check  # noqa: E402

__all__ = ["CheckResult", "check", "explain", "load_rules", "run_check", "__version__"]
