"""The generated first-match chains that `speed.py` and `dd_compare.py` time.

Branch `i` of an N-branch chain:

    if cfg.backend == "b{i % K}" and (cfg.flag{4 * (i // K) + i % 4} or n > {64 * (i % 8)}):
        return Order.P{i % 5}

for i < N - 1, with K = ceil((N - 1) / 4) backend names, so each name guards at most four branches
(each with its own flag: none shadows another); the last branch repeats branch 0's guard, so exactly
one branch (N - 1) is shadowed, by branch 0. The chain falls through to `Order.SERIAL`. Three kinds
of variable, as real dispatch chains have: a string compared with constants (a finite domain of
K + 1 values), an integer compared with thresholds, boolean flags. `elif` form for short chains;
CPython cannot parse thousands of nested `elif`s (ast.parse raises MemoryError at 10,000), so
long chains are early returns.
"""

from __future__ import annotations

from dataclasses import dataclass

FLAGS = 16
THRESHOLDS = tuple(64 * j for j in range(8))
OUTCOMES = 5


@dataclass(frozen=True)
class Guard:
    """`backend == name and (flag or n > threshold)`, and the outcome the branch returns."""

    backend: int
    flag: int
    threshold: int
    outcome: int


def backends(n: int) -> int:
    return max(1, -(-(n - 1) // 4))


def guards(n: int) -> list[Guard]:
    """The N guards; the last repeats the first with another outcome (the one shadowed branch)."""
    k = backends(n)
    out = [Guard(i % k, 4 * (i // k) + i % 4, THRESHOLDS[i % len(THRESHOLDS)], i % OUTCOMES) for i in range(n - 1)]
    return [*out, Guard(0, 0, THRESHOLDS[0], 1)]


def source(n: int, use_elif: bool | None = None) -> str:
    """The Python module: `class Dispatch` with the chain in `decide(self, n)`."""
    use_elif = n <= 500 if use_elif is None else use_elif
    lines = ["import enum", "", "", "class Order(enum.Enum):",
             *(f"    P{j} = {j}" for j in range(OUTCOMES)), f"    SERIAL = {OUTCOMES}", "", "",
             "class Dispatch:", "    def decide(self, n):", "        cfg = self.cfg"]
    for i, g in enumerate(guards(n)):
        keyword = "elif" if use_elif and i else "if"
        lines += [f'        {keyword} cfg.backend == "b{g.backend}" and (cfg.flag{g.flag} or n > {g.threshold}):',
                  f"            return Order.P{g.outcome}"]
    lines.append("        return Order.SERIAL")
    return "\n".join(lines) + "\n"


RULE_ID = "first-backend-first-flag"


def rule(path: str) -> str:
    """A rule file for the chain: under backend b0 with flag0 set, branch 0 (P0) fires."""
    return "\n".join([
        "[[rule]]", f'id = "{RULE_ID}"', f'path = "{path}"', 'function = "Dispatch.decide"',
        'message = "backend b0 with flag0 takes the first path"', 'expect = "P0"',
        "[rule.given]", 'backend = "b0"', "flag0 = true", "",
    ])
