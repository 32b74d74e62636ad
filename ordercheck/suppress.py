"""`# ordercheck: ignore[rule-id, ...]` comments: on the line of the branch that fires (its
`return`, or the `if` that guards it), or the line before either, they silence that rule's finding; one that silences nothing is itself reported
(a warning), so a stale suppression cannot hide a future regression. Pure functions, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Finding, Location

UNUSED_SUPPRESSION_RULE = "ordercheck/unused-suppression"
_COMMENT = re.compile(r"#\s*ordercheck:\s*ignore\[([^\]]*)\]")


@dataclass(frozen=True)
class Suppression:
    path: str
    line: int
    col: int
    rule_id: str


def suppressions(path: str, lines: list[str], ranges: list[tuple[int, int]]) -> list[Suppression]:
    """The suppressions written in `lines` within the given (first, last) line ranges."""
    out = []
    for first, last in ranges:
        for number in range(first, min(last, len(lines)) + 1):
            for match in _COMMENT.finditer(lines[number - 1]):
                for rule_id in match.group(1).split(","):
                    if rule_id.strip():
                        out.append(Suppression(path, number, match.start() + 1, rule_id.strip()))
    return list(dict.fromkeys(out))


def _matches(written: str, rule_id: str) -> bool:
    return written == rule_id or rule_id.endswith("/" + written)


def apply(findings: list[Finding], written: list[Suppression]) -> list[Finding]:
    """Findings minus the suppressed ones, plus a warning for every unused suppression."""
    used: set[Suppression] = set()
    kept = []
    for f in findings:
        lines = {f.location.line, f.location.line - 1}
        if f.source:  # the guard's `if` line comes first
            lines |= {f.source[0][0], f.source[0][0] - 1}
        hit = [s for s in written if s.path == f.location.path and s.line in lines and _matches(s.rule_id, f.rule_id)]
        if hit:
            used.update(hit)
        else:
            kept.append(f)
    for s in written:
        if s not in used:
            kept.append(Finding(
                rule_id=UNUSED_SUPPRESSION_RULE, severity="warning", location=Location(s.path, s.line, s.col),
                title=f"`# ordercheck: ignore[{s.rule_id}]` silences nothing: no finding of `{s.rule_id}` fires on this branch",
            ))
    return kept
