"""Where a problem is, and a problem with the input: the two types every layer reports with.

Apart from `model` so the configuration reader and the pre-commit fast path (`quick`) can report
without building the engine's types.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    col: int = 1


@dataclass(frozen=True)
class ConfigError:
    """The rule, the configuration or the input is wrong (exit 2); never a finding."""

    location: Location | None
    message: str
    rule_id: str | None = None
    hints: tuple[str, ...] = ()
