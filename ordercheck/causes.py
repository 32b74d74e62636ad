"""Which changed lines cause a finding: with `check --base`, the branch that fires may sit far
from the edit that makes it fire (an inverted property at line 48 makes the branch at line 60
fire). Code scanning and annotations show only lines of the diff, so reports name those lines.
No I/O: callers hand in the source text and the changed line numbers."""

from __future__ import annotations

import ast

from .formula import walk
from .model import DecisionModel, Finding, Named, Term

MAX_CAUSES = 3  # changed lines named per finding


def changed_causes(model: DecisionModel, finding: Finding, source: str, changed: set[int], base: str) -> tuple[tuple[int, str], ...]:
    """(line, why) for the first changed line of each span the finding's branch depends on,
    nearest cause first, at most MAX_CAUSES."""
    found: dict[int, str] = {}
    for first, last, why in dependency_spans(model, finding, source):
        line = min((n for n in changed if first <= n <= last), default=None)
        if line is not None and line not in found and len(found) < MAX_CAUSES:
            found[line] = f"changed since {base}, {why}"
    return tuple(found.items())


def dependency_spans(model: DecisionModel, finding: Finding, source: str) -> list[tuple[int, int, str]]:
    """The source lines the branch of `finding` depends on, as (first, last, what) spans: its
    `return`, its guard and every earlier guard (first match), and the inlined helpers and locals
    they read. Spans listed first are the nearer cause."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    statements: dict[int, ast.stmt] = {}  # the outermost statement that starts on each line
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            statements.setdefault(node.lineno, node)
    fired = next((b for b in model.branches if (b.line, b.col) == (finding.location.line, finding.location.col)), None)
    chain = model.branches[: fired.index + 1] if fired is not None else model.branches
    spans: list[tuple[int, int, str]] = []
    decides = f"decides the branch at line {fired.line}" if fired is not None else "decides the chain"
    if fired is not None:
        spans.append((fired.line, fired.line, "the branch that fires"))
        if fired.result is not None and fired.result.kind == "list":
            spans += _list_building(statements, model.line, fired.line)
    helpers: dict[str, Named] = {}
    atoms: dict[int, Term] = {}
    for branch in reversed(chain):
        node = statements.get(branch.guard_line)
        if isinstance(node, ast.If):
            spans.append((node.test.lineno, node.test.end_lineno or node.test.lineno, f"in the guard at line {branch.guard_line}"))
        elif branch.guard_line:
            spans.append((branch.guard_line, branch.guard_line, f"in the guard at line {branch.guard_line}"))
        for part in walk(branch.guard):
            if isinstance(part, Named):
                helpers.setdefault(part.name, part)
            elif isinstance(part, Term) and part.line:
                atoms.setdefault(part.line, part)
    for helper in helpers.values():
        node = statements.get(helper.line)
        first = min([helper.line] + [d.lineno for d in getattr(node, "decorator_list", [])])
        last = getattr(node, "end_lineno", None) or helper.line
        spans.append((first, last, f"in `{helper.name}` ({helper.kind}, line {helper.line}), which {decides}"))
    for line, term in sorted(atoms.items()):
        spans.append((line, line, f"where `{term.text}` is read, which {decides}"))
    return spans


def _list_building(statements: dict[int, ast.stmt], first: int, returned_at: int) -> list[tuple[int, int, str]]:
    """The statements of the function before `return name` (at `returned_at`) that build the
    list it returns: assignments to the name, its items, and calls of its methods
    (`out.insert(0, x)` -> `out.append(x)` reorders the list the rule reads; round 15: no cause)."""
    node = statements.get(returned_at)
    if not isinstance(node, ast.Return) or not isinstance(node.value, ast.Name):
        return []
    name = node.value.id

    def builds(stmt: ast.stmt) -> bool:
        if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            return any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t))
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            func = stmt.value.func
            return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == name
        return False

    return [(line, stmt.end_lineno or line, f"in the list `{name}` returned at line {returned_at}")
            for line, stmt in sorted(statements.items(), reverse=True) if first <= line < returned_at and builds(stmt)]

