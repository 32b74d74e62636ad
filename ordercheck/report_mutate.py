"""`ordercheck mutate` output: text for people, JSON (schema ordercheck.mutate/1) for machines."""

from __future__ import annotations

import json

from .mutate import VERDICTS, MutantResult, score
from .mutation import MutationResult, TargetMutants
from .model import short_outcome
from .report import Style, _n, error_dict, plain
from .report_diff import region_text

MUTATE_SCHEMA = "ordercheck.mutate/1"
ATTENTION = ("survived", "benign-flagged")  # verdicts that ask for a look: a gap in the rules or in the engine
_ROLE = {"caught": "ok", "caught-stale": "ok", "survived": "error", "benign-flagged": "error", "unmodeled": "warning",
         "benign": "dim"}


def mutate_text(result: MutationResult, style: Style = plain, quiet: bool = False) -> str:
    """Per target, one line per mutant (file:line, verdict, operator, what was edited) and what the
    oracle and the rules said; the edit itself under each mutant that asks for a look. `quiet`:
    only those (survived, benign-flagged), no summary."""
    out: list[str] = []
    for row in result.targets:
        shown = [r for r in row.results if not quiet or r.verdict in ATTENTION]
        if not quiet:
            helpers = [f for f in row.functions if f != row.function.partition(":")[0]]
            reads = f"; helpers mutated with it: {', '.join(helpers)}" if helpers else ""
            out.append(style(row.target, "bold") + f"  ({_n(len(row.rules), 'rule')}, {_n(len(row.results), 'mutant')}{reads})")
        out += [_mutant_text(row, r, style) for r in shown]
    if not quiet:
        out.append(summary_line(result))
    return "".join(line + "\n" for line in out)


def _mutant_text(row: TargetMutants, r: MutantResult, style: Style) -> str:
    m = r.mutant
    said = "; ".join(filter(None, [oracle_text(r), rules_text(r)]))
    lines = [f"  {row.path}:{m.line}: {style(f'{r.verdict:<14}', _ROLE[r.verdict])} {m.operator:<17} {m.description}",
             f"      {said}"]
    if r.verdict in ATTENTION:
        example = example_text(r)
        lines += [f"      {example}"] if example else []
        lines += [f"      {style(line, 'dim')}" for line in m.edit]
    return "\n".join(lines)


def oracle_text(r: MutantResult) -> str:
    said = r.oracle
    if said.changed is None:
        return f"diff cannot say: {said.reason}"
    if not said.changed:
        return f"no configuration takes another path (of {said.total})"
    where = f" of {', '.join(t.split('::', 1)[1] for t in said.targets)}" if len(said.targets) > 1 else ""
    return f"{said.changed} of {said.total} configurations{where} take another path"


def example_text(r: MutantResult) -> str:
    """The largest region that changed path: `when ...: OLD (line a) -> NEW (line b)` (new lines
    are the mutant's)."""
    diff = r.oracle.diff
    if diff is None or not diff.regions:
        return ""
    region = diff.regions[0]
    return (f"when {region_text(region, diff.space)}: {short_outcome(region.old_outcome)} (line {region.old_line}) -> "
            f"{short_outcome(region.new_outcome)} (line {region.new_line})")


def rules_text(r: MutantResult) -> str:
    parts = []
    if r.caught_by:
        parts.append("caught by " + ", ".join(r.caught_by))
    if r.stale:
        parts.append("stale: " + ", ".join(r.stale))
    return "; ".join(parts)


def summary_line(result: MutationResult) -> str:
    counts = result.counts()
    caught, changing = score(result.results)
    shown = f"{caught}/{changing} = {100 * caught / changing:.1f}%" if changing else "n/a (no mutant changes a path)"
    line = (f"{_n(len(result.results), 'mutant')} in {_n(len(result.targets), 'target')}: "
            + ", ".join(f"{counts[v]} {v}" for v in VERDICTS)
            + f"; mutation score {shown} (caught / path-changing)")
    if result.errors:
        line += f"; {_n(len(result.errors), 'configuration error')}: the rules concerned were not mutated"
    if result.failing:
        line += (f"; {_n(len(result.failing), 'rule')} already failing on the unmutated code, left out: "
                 + ", ".join(result.failing[:3]) + (" ..." if len(result.failing) > 3 else ""))
    return line


def mutate_json(result: MutationResult, fail_under: float | None = None) -> str:
    caught, changing = score(result.results)
    data = {
        "schema": MUTATE_SCHEMA,
        "targets": [{"target": row.target, "path": row.path, "function": row.function, "rules": row.rules,
                     "functions": row.functions, "mutants": len(row.results), "seconds": round(row.seconds, 3)}
                    for row in result.targets],
        "mutants": [_mutant_dict(row, r) for row in result.targets for r in row.results],
        "errors": [error_dict(e) for e in result.errors],
        "summary": {**result.counts(), "mutants": len(result.results), "path_changing": changing, "caught_all": caught,
                    "score": None if not changing else round(caught / changing, 4),
                    "operators": list(result.operators), "exit_code": result.exit_code(fail_under)},
    }
    return json.dumps(data, indent=2) + "\n"


def _mutant_dict(row: TargetMutants, r: MutantResult) -> dict:
    m, said = r.mutant, r.oracle
    return {
        "target": row.target, "path": row.path, "line": m.line, "end_line": m.end_line, "function": m.function,
        "operator": m.operator, "description": m.description, "edit": list(m.edit), "verdict": r.verdict,
        "oracle": {"changed": said.changed, "total": said.total, "targets": list(said.targets), "example": example_text(r),
                   "reason": said.reason},
        "caught_by": list(r.caught_by), "stale": list(r.stale),
    }


__all__ = ["mutate_text", "mutate_json", "summary_line", "MUTATE_SCHEMA"]
