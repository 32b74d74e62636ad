"""Where the decisions are: find the shapes rules are written about in a module's source, rank
them, and write a starter rule file for one. The engine side: text in, values out.

`scan(source, path)` reads one module with `ast` only (no model is built, so a whole tree is
cheap) and returns its candidates:
- decision: a function with two or more returns of constants (enum members, literals, lists);
- priority-list: a function that builds a list under conditions and returns it;
- first-supported: a loop that returns the first candidate a check accepts;
- assignment-chain: an `if/elif` chain whose arms assign one variable or attribute constants
  (the target names the variable: `path::Qual:attr`);
- decision-variable: a boolean local or `self.` attribute assigned an `and`/`or` and tested.
Each carries its branches (returns, raises and tests), atoms (distinct names and calls its tests
read) and the names it calls; `rank` adds callers across the tree (a call graph over short names,
with networkx) and orders them. `suggest(model)` writes one rule per reachable branch, with the
smallest facts that make it fire.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field, replace

from .model import DecisionModel

KINDS = ("decision", "priority-list", "first-supported", "assignment-chain", "decision-variable")
_MUTATORS = {"append", "insert", "remove", "extend", "pop"}


@dataclass(frozen=True)
class Candidate:
    path: str
    target: str  # Qualname, or Qualname:variable
    line: int
    kind: str
    branches: int
    atoms: int
    callers: int = 0

    @property
    def score(self) -> float:
        return self.branches * math.log2(2 + self.atoms) * math.log2(2 + self.callers)


@dataclass
class ModuleScan:
    candidates: list[Candidate] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=dict)  # short name of a called function -> call sites


def scan(source: str, path: str) -> ModuleScan:
    """The candidates of one module (raises SyntaxError/ValueError for source `ast` rejects)."""
    tree = ast.parse(source, filename=path)
    out = ModuleScan()
    for qualname, fn in _functions(tree):
        body = list(_own_nodes(fn))
        whole = (sum(isinstance(n, (ast.Return, ast.Raise, ast.If, ast.IfExp)) for n in body),
                 len({_text(a) for n in body if isinstance(n, (ast.If, ast.IfExp, ast.While)) for a in _atoms(n.test)}))
        seen: set[tuple[str, str]] = set()
        for kind, target, line, own in _shapes(fn, body):
            if (kind, target) in seen:
                continue
            seen.add((kind, target))
            branches, atoms = own or whole
            out.candidates.append(Candidate(path, qualname + (f":{target}" if target else ""), line, kind, branches, atoms))
        for n in body:
            if isinstance(n, ast.Call):
                name = _short_name(n.func)
                if name:
                    out.calls[name] = out.calls.get(name, 0) + 1
    return out


def rank(scans: list[ModuleScan]) -> list[Candidate]:
    """Every candidate with its callers (call sites of its short name anywhere in the scans),
    best first: more branches, more atoms, more callers."""
    import networkx as nx

    graph = nx.DiGraph()
    for s in scans:
        for name, count in s.calls.items():
            graph.add_edge("<tree>", name, weight=graph.get_edge_data("<tree>", name, {"weight": 0})["weight"] + count)
    ranked = []
    for s in scans:
        for c in s.candidates:
            short = c.target.split(":")[0].rsplit(".", 1)[-1]
            callers = graph.get_edge_data("<tree>", short, {"weight": 0})["weight"] if short in graph else 0
            ranked.append(replace(c, callers=callers))
    ranked.sort(key=lambda c: (-c.score, c.path, c.line))
    return ranked


# ---------------------------------------------------------------- shapes


def _functions(tree: ast.Module):
    stack: list[tuple[str, ast.AST]] = [("", tree)]
    while stack:
        prefix, node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield prefix + child.name, child
            elif isinstance(child, ast.ClassDef):
                stack.append((prefix + child.name + ".", child))


def _own_nodes(fn: ast.AST):
    """The nodes of a function's body, not of the functions and classes nested in it."""
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        yield n
        stack.extend(ast.iter_child_nodes(n))


def _shapes(fn: ast.AST, body: list[ast.AST]):
    returns = [n for n in body if isinstance(n, ast.Return) and n.value is not None]
    # (a `try`'s handlers and a `match`'s cases choose too; round 31: `except ValueError: return "TORCH"`
    # beside `return "FLASH"` was no candidate)
    tests = any(isinstance(n, (ast.If, ast.IfExp, ast.Match, ast.Try, ast.TryStar)) for n in body)
    constant = {ast.dump(r.value) for r in returns if _constant(r.value)}
    if len(constant) >= 2 and tests:
        yield "decision", "", fn.lineno, None
    lists = _conditional_lists(body)
    if any(isinstance(r.value, ast.Name) and r.value.id in lists for r in returns):
        yield "priority-list", "", fn.lineno, None
    for loop in first_supported_loops(body):
        yield "first-supported", "", loop.lineno, None
        break
    for name, line, arms, tests_read in _assignment_chains(body):
        yield "assignment-chain", name, line, (arms, tests_read)
    for name, line, value in _decision_variables(body):
        yield "decision-variable", name, line, (len(value.values), len({_text(a) for a in _atoms(value)}))


def _constant(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Attribute):
        return isinstance(node.value, (ast.Name, ast.Attribute)) and node.attr[:1].isupper()
    if isinstance(node, (ast.List, ast.Tuple)):
        return bool(node.elts) and all(_constant(e) for e in node.elts)
    return False


def _conditional_lists(body: list[ast.AST]) -> set[str]:
    """Locals bound to a list that an `if` body then changes (a method or a helper call)."""
    bound = {t.id for n in body if isinstance(n, ast.Assign) and _list_value(n.value)
             for t in n.targets if isinstance(t, ast.Name)}
    changed: set[str] = set()
    for n in body:
        if not isinstance(n, ast.If):
            continue
        for sub in ast.walk(n):
            if isinstance(sub, ast.Call):
                f = sub.func
                if isinstance(f, ast.Attribute) and f.attr in _MUTATORS and isinstance(f.value, ast.Name):
                    changed.add(f.value.id)
                changed.update(a.id for a in sub.args if isinstance(a, ast.Name))
            elif isinstance(sub, ast.Assign):
                changed.update(t.id for t in sub.targets if isinstance(t, ast.Name))
    return bound & changed


def _list_value(node: ast.expr) -> bool:
    """A list literal, `list(...)`/`sorted(...)`, or a concatenation with a list literal."""
    if isinstance(node, ast.List):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("list", "sorted"):
        return True
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and (_list_value(node.left) or _list_value(node.right))


def first_supported_loops(body) -> list[ast.For | ast.AsyncFor]:
    """The loops among a function's own nodes (`_own_nodes`) that return the first candidate a
    check accepts, or what it gives."""
    return [n for n in body if isinstance(n, (ast.For, ast.AsyncFor)) and isinstance(n.target, ast.Name)
            and _returns_first_accepted(n)]


def _returns_first_accepted(loop: ast.For | ast.AsyncFor) -> bool:
    """`for b in candidates: ... if check(b or what b gives): return b` (also through an inner loop
    over b's kernels), or what the item gives: `return b.NAME`, `return b.get_path()` (round 47:
    such a loop was no candidate, and a reordered list "0 decisions changed")."""
    var = loop.target.id  # type: ignore[union-attr]
    bound = {var} | {n.target.id for n in ast.walk(loop) if isinstance(n, (ast.For, ast.AsyncFor)) and isinstance(n.target, ast.Name)}
    for sub in ast.walk(loop):
        if isinstance(sub, ast.If) and any(isinstance(n, ast.Name) and n.id in bound for n in ast.walk(sub.test)):
            for stmt in ast.walk(sub):
                if isinstance(stmt, ast.Return) and stmt.value is not None:
                    value = stmt.value.elts[0] if isinstance(stmt.value, ast.Tuple) and stmt.value.elts else stmt.value
                    if _of_item(value, var):
                        return True
    return False


def _of_item(value: ast.expr, var: str) -> bool:
    """The loop's item, an attribute of it or a call of one (`b`, `b.NAME`, `b.get_path()`,
    `b().get_path()`)."""
    while True:
        if isinstance(value, ast.Name):
            return value.id == var
        if isinstance(value, ast.Call) and not value.args and not value.keywords:
            value = value.func
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            value = value.func  # (`b.path_for(cfg)`)
        elif isinstance(value, ast.Attribute):
            value = value.value
        else:
            return False


def _assignment_chains(body: list[ast.AST]):
    """(variable, line) for `if/elif` chains of two or more arms that assign it constants."""
    inner = {id(n.orelse[0]) for n in body if isinstance(n, ast.If) and len(n.orelse) == 1 and isinstance(n.orelse[0], ast.If)}
    for n in body:
        if not isinstance(n, ast.If) or id(n) in inner:
            continue
        counts: dict[str, int] = {}
        arm: ast.If | None = n
        arms: list[list[ast.stmt]] = []
        while arm is not None:
            arms.append(arm.body)
            nxt = arm.orelse
            if len(nxt) == 1 and isinstance(nxt[0], ast.If):
                arm = nxt[0]
            else:
                if nxt:
                    arms.append(nxt)
                arm = None
        for stmts in arms:
            for name in {_target(s) for s in stmts if isinstance(s, ast.Assign) and _constant(s.value)} - {None}:
                counts[name] = counts.get(name, 0) + 1
        read = len({_text(a) for sub in ast.walk(n) if isinstance(sub, ast.If) for a in _atoms(sub.test)})
        for name, count in counts.items():
            if count >= 2:
                yield name, n.lineno, len(arms), read


def _target(stmt: ast.Assign) -> str | None:
    if len(stmt.targets) != 1:
        return None
    t = stmt.targets[0]
    if isinstance(t, ast.Name):
        return t.id
    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
        return f"self.{t.attr}"  # (`Cls.m:backend` is a local or parameter `backend` where there is one: round 15)
    return None


def _decision_variables(body: list[ast.AST]):
    tested = {_text(a) for n in body if isinstance(n, ast.If) for a in ast.walk(n.test) if isinstance(a, (ast.Name, ast.Attribute))}
    for n in body:
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.BoolOp):
            name = _target(n)
            if name and (name in tested or f"self.{name}" in tested or isinstance(n.targets[0], ast.Attribute)):
                yield name, n.lineno, n.value


def _atoms(test: ast.expr):
    """The names, attribute chains and calls a test reads (the outermost of each chain)."""
    stack = [test]
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
            yield n.func if isinstance(n, ast.Call) else n
            continue
        stack.extend(c for c in ast.iter_child_nodes(n) if isinstance(c, ast.expr))


def _text(node: ast.AST) -> str:
    return ast.unparse(node)


def _short_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


# ---------------------------------------------------------------- a starter rule file


def suggest(model: DecisionModel, target_path: str, function: str) -> str:
    """A rule file with one rule per branch some configuration reaches: the smallest facts that
    make it fire (from the branch's first-match region) and its outcome as the expectation.
    Branches that depend on unmodeled code say so in a comment; shadowed ones are left out."""
    from .bind import Scenario
    from .check import Query
    from .formula import versioned

    query = Query.build(model, Scenario())
    space, diagram = query.space, query.diagram
    lines = [f"# Starter rules for {function} ({target_path}:{model.line}), written by `ordercheck discover --suggest`.",
             "# Each rule pins one branch with the fewest facts that reach it: keep the ones that state an",
             "# intended behaviour, reword their messages, widen their facts (sets, ranges) where the",
             "# outcome must not depend on them, and add `examples`.", ""]
    stem = function.split(":")[0].rsplit(".", 1)[-1].strip("_").replace("_", "-").lower()
    events = sorted({_call_pattern(t.version) for b in model.branches for t in versioned(b.guard)} - {""})
    if events:
        lines += ["# Reads after these calls are atoms of their own (a call may change what it reads); if they",
                  "# change nothing the decision reads, say so and the rules below decide exactly:",
                  "# pure-calls = [" + ", ".join(_toml_string(e) for e in events) + "]", ""]
    taken: dict[str, int] = {}  # rule ids given so far
    for branch in model.branches:
        found = diagram.shortest_path(query.chain, lambda v, i=branch.index: v == i, query.cost)
        if found is None:
            lines += [f"# line {branch.line} ({branch.outcome}): no configuration reaches it (shadowed)", ""]
            continue
        fixed, _ = found
        facts, unknown = [], []
        for var_index, classes in sorted(fixed.items()):
            var = space.variables[var_index]
            if var.opaque or var.version:
                unknown.append(var.text)
                continue
            facts.append(_fact(var, classes))
        expectation = _expectation(branch)
        if expectation is None:
            lines += [f"# line {branch.line}: its outcome ({branch.outcome}) is not a name a rule can expect", ""]
            continue
        rule_id = f"{stem}-line-{branch.line}"
        taken[rule_id] = taken.get(rule_id, 0) + 1
        if taken[rule_id] > 1:  # several branches at one line (a list's orders, a chain's values): one id each (round 15)
            rule_id += f"-{taken[rule_id]}"
        lines += ["[[rule]]", f'id = "{rule_id}"', f'path = "{target_path}"', f'function = "{function}"',
                  f'message = "TODO: why line {branch.line} must win here"', expectation]
        if unknown:
            lines.append("# reached only where unmodeled code agrees: " + ", ".join(f"`{u}`" for u in unknown))
        if facts:
            lines.append("[rule.given]")
            lines += facts
        lines.append("")
    return "\n".join(lines)


def _call_pattern(version: str) -> str:
    """`after self.probe() #1|...` -> `self.probe`: the call a read came after, as a pattern."""
    text = version.split("|")[0].removeprefix("via ").removeprefix("after ").split(" #")[0].strip("`")
    return text.split("(")[0] if "(" in text else ""


def _expectation(branch) -> str | None:
    result = branch.result
    if result is not None and result.kind == "list":
        first = result.items[0].text.rsplit(".", 1)[-1] if result.items else None
        return f'first = "{first}"' if first else None
    if branch.kind == "raise" or (result is not None and result.kind in ("term", "opaque")):
        return None
    text = branch.outcome
    shown = text.rsplit(".", 1)[-1] if result is not None and result.kind == "member" else text
    return "expect = " + _toml_string(shown)


def _fact(var, classes) -> str:
    """`key = value` (TOML) that puts `var` in one of `classes`."""
    chosen = [var.classes[c] for c in sorted(classes)]
    cls = chosen[0]
    key = _toml_string(var.text)
    if cls.kind == "bool":
        return f"{key} = {'true' if cls.value else 'false'}"
    if cls.kind == "rel":
        left, _, right = var.text.partition(" ? ")
        op = {"lt": "<", "eq": "==", "gt": ">", "ne": "!="}[cls.value]
        return f"{_toml_string(f'{left} {op} {right}')} = true"
    if cls.kind == "point":
        value = cls.value
        if value is None:
            return f"{_toml_string(var.text + ' is None')} = true"
        if isinstance(value, (bool, int, float, str)):
            return f"{key} = {_toml_value(value)}"
        return f"{_toml_string(f'{var.text} == {cls.label()}')} = true"
    if cls.kind == "range":
        return f"{key} = {_toml_value(cls.sample())}"
    points = [c for c in var.classes if c.kind == "point"]  # other: none of the named values
    if len(points) == 1 and points[0].value is None:
        return f"{_toml_string(var.text + ' is not None')} = true"
    if points and all(isinstance(p.value, str) for p in points):
        taken = {p.value for p in points}  # (a string none of the named ones: `"other"` may be one, round 47)
        fresh = next(f"other{n or ''}" for n in range(len(taken) + 1) if f"other{n or ''}" not in taken)
        return f"{key} = {_toml_string(fresh)}"
    return "\n".join(f"{_toml_string(f'{var.text} != {_python_text(p)}')} = true" for p in points) or f"# {var.text}: any value"


def _python_text(cls) -> str:
    """A point class's value as the key of a fact reads it, in Python: `True`, `1.5`, `'a'`, a
    member's name (round 47: `b != true`, TOML's spelling, bound nothing)."""
    return repr(cls.value) if isinstance(cls.value, (bool, int, float, str)) else cls.label()


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    return repr(value)


__all__ = ["Candidate", "ModuleScan", "KINDS", "scan", "rank", "suggest"]
