"""`# ordercheck: ignore[rule-id, ...]` comments: on the line of the branch that fires (its
`return`, or the `if` that guards it), or the line before either, they silence that rule's finding; one that silences nothing is itself reported
(a warning), so a stale suppression cannot hide a future regression. Pure functions, no I/O."""

from __future__ import annotations

import difflib
import fnmatch
import re
from dataclasses import dataclass, replace

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


def id_matches(pattern: str, rule_id: str) -> bool:
    """Whether a rule id as written (in a suppression, `--select`, `--ignore`: a glob) names `rule_id`.
    A pack's prefix may be left out: `tp-only-*` names `vllm/tp-only-decode-overlaps-shared-experts`."""
    parts = rule_id.split("/")
    return any(fnmatch.fnmatchcase("/".join(parts[i:]), pattern) for i in range(len(parts)))


def nearest_ids(written: str, known: list[str], n: int = 1) -> list[str]:
    """The known rule ids closest to a mistyped one (compared with and without the pack prefix)."""
    stem = re.split(r"[*?\[]", written)[0]  # a glob is compared by what comes before its first wildcard
    cut = len(stem) if stem != written else None
    forms: dict[str, str] = {}
    for rule_id in known:
        for form in (rule_id, rule_id.split("/", 1)[-1]):
            forms.setdefault(form[:cut], rule_id)
    near = difflib.get_close_matches(stem, list(forms), n=n * 2, cutoff=0.5)
    return list(dict.fromkeys(forms[m] for m in near))[:n]


def apply(findings: list[Finding], written: list[Suppression]) -> list[Finding]:
    """Findings minus the suppressed ones, plus a warning for every unused suppression."""
    used: set[Suppression] = set()
    kept = []
    for f in findings:
        lines = {f.location.line, f.location.line - 1}
        if f.source:  # the guard's `if` line comes first
            lines |= {f.source[0][0], f.source[0][0] - 1}
        hit = [s for s in written if s.path == f.location.path and s.line in lines and id_matches(s.rule_id, f.rule_id)]
        if hit:
            used.update(hit)
        else:
            kept.append(f)
    for s in written:
        if s not in used:
            kept.append(Finding(
                rule_id=UNUSED_SUPPRESSION_RULE, severity="warning", location=Location(s.path, s.line, s.col),
                title=f"`# ordercheck: ignore[{s.rule_id}]` silences nothing: no finding of `{s.rule_id}` fires on this branch",
                extra={"suppressed": s.rule_id},
            ))
    return kept


def name_unknown(findings: list[Finding], known: list[str]) -> list[Finding]:
    """Unused suppressions whose id names no rule at all say so, with the nearest id."""
    out = []
    for f in findings:
        written = f.extra.get("suppressed") if f.rule_id == UNUSED_SUPPRESSION_RULE else None
        if written is not None and not any(id_matches(written, rule_id) for rule_id in known):
            near = nearest_ids(written, known)
            hint = f"; did you mean `{near[0]}`?" if near else ""
            f = replace(f, title=f"`# ordercheck: ignore[{written}]` names no rule: no rule `{written}` exists{hint}")
        out.append(f)
    return out
