"""Rules x DecisionModels -> Findings and ConfigErrors. The engine: no file access, no printing.

`check(rules, read)` takes the rules and a function that returns a target file's text (or None
when it does not exist), so tests and the CLI hand in what they like.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import suppress
from .bind import BindError, Scenario, Vocabulary, bind_condition, bind_scenario
from .extract import ModuleIndex, extract_from, parse
from .formula import conj, evaluate, named, render, render_literal, short, substitute, truth
from .logic import Diagram, Space, Variable, lookup_for
from .model import ConfigError, DecisionModel, Finding, Formula, Lit, Location, Named, Rule, Term, Truth, Value

SHADOWED_RULE = "ordercheck/shadowed-branch"
_MASK = "<outside the scenario>"


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)
    models: dict[str, DecisionModel] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)

    @property
    def files(self) -> set[str]:
        return {m.path for m in self.models.values()}

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if any(f.severity == "error" for f in self.findings) else 0


class Models:
    """Parses each file once and extracts each target once; errors are cached as values."""

    def __init__(self, read: Callable[[str], str | None]) -> None:
        self._read = read
        self._modules: dict[str, ModuleIndex | ConfigError | None] = {}
        self._models: dict[str, DecisionModel | ConfigError] = {}

    def module(self, path: str) -> ModuleIndex | ConfigError | None:
        if path not in self._modules:
            text = self._read(path)
            self._modules[path] = None if text is None else parse(text, path)
        return self._modules[path]

    def get(self, path: str, function: str) -> DecisionModel | ConfigError | None:
        key = f"{path}::{function}"
        if key not in self._models:
            index = self.module(path)
            if index is None:
                return None
            self._models[key] = index if isinstance(index, ConfigError) else extract_from(index, path, function)
        return self._models[key]


def check(rules: Iterable[Rule], read: Callable[[str], str | None], shadow_check: bool = True) -> CheckResult:
    """Check every rule against its target. `read(path)` returns the text of a file relative to
    the root, or None if there is no such file."""
    result = CheckResult(rules=list(rules))
    models = Models(read)
    for rule in result.rules:
        model = models.get(rule.path, rule.function)
        if model is None:
            result.errors.append(ConfigError(rule.location, f"target file `{rule.path}` does not exist (rule `{rule.id}`)", rule.id))
            continue
        if isinstance(model, ConfigError):
            result.errors.append(_attach(model, rule))
            continue
        result.models[model.target] = model
        findings, error = check_rule(rule, model)
        if error is not None:
            result.errors.append(error)
        result.findings.extend(findings)
    if shadow_check:
        for model in result.models.values():
            result.findings.extend(shadowed_branches(model))
    result.findings = suppress.apply(result.findings, _suppressions(result, models))
    return result


def _suppressions(result: CheckResult, models: "Models") -> list[suppress.Suppression]:
    ranges: dict[str, list[tuple[int, int]]] = {}
    for model in result.models.values():
        ranges.setdefault(model.path, []).append((model.line, model.end_line or model.line))
    written = []
    for path, spans in ranges.items():
        index = models.module(path)
        if isinstance(index, ModuleIndex):
            written += suppress.suppressions(path, index.lines, sorted(set(spans)))
    return written


def finding_key(f: Finding) -> tuple:
    """What identifies a finding across versions: not its line, which moves with every edit."""
    return (f.rule_id, f.location.path, f.target, f.actual or "", f.expected or "", f.detail.split(";")[0])


def _attach(error: ConfigError, rule: Rule) -> ConfigError:
    hints = error.hints + (f"named by rule `{rule.id}` at {rule.location.path}:{rule.location.line}",)
    return ConfigError(error.location, error.message, rule.id, hints)


# ---------------------------------------------------------------- one rule


@dataclass
class Query:
    """A model under a scenario, compiled to one diagram."""

    model: DecisionModel
    scenario: Scenario
    guards: list[Formula]
    space: Space
    diagram: Diagram
    scope: int  # where the scenario's constraints hold
    chain: int  # the branch index that fires, _MASK outside the scope

    @classmethod
    def build(cls, model: DecisionModel, scenario: Scenario, extra: Iterable[Formula] = ()) -> "Query":
        guards = [substitute(b.guard, scenario.values) for b in model.branches]
        constraints = [substitute(c, scenario.values) for c in scenario.constraints]
        extra = [substitute(e, scenario.values) for e in extra]
        space = Space([*constraints, *guards, *extra])
        diagram = Diagram(space)
        scope = diagram.formula(conj(*constraints))
        chain = diagram.restrict(scope, diagram.chain(guards, list(range(len(guards)))), _MASK)
        return cls(model, scenario, guards, space, diagram, scope, chain)


def outcome_matches(name: str, outcome: str) -> bool:
    """`NO_OVERLAP` matches `SharedExpertsOrder.NO_OVERLAP`; `WIDE` matches the literal `'WIDE'`."""
    if outcome[:1] in ("'", '"') and outcome[1:-1] == name:
        return True
    return outcome == name or outcome.endswith("." + name)


def check_rule(rule: Rule, model: DecisionModel) -> tuple[list[Finding], ConfigError | None]:
    """Evaluate one rule exactly. Returns its findings, or the configuration error that stops it."""
    vocab = Vocabulary(model)
    try:
        scenario = bind_scenario(vocab, rule.given)
    except BindError as exc:
        return [], ConfigError(rule.line_of(exc.key), exc.message, rule.id, exc.hints)
    try:
        policy = [(bind_condition(vocab, step.when), step.then) for step in rule.order]
    except BindError as exc:
        return [], ConfigError(rule.line_of("order"), exc.message, rule.id, exc.hints)
    names = [n for n in (rule.expect, *rule.forbid, *rule.reachable, *(s.then for s in rule.order), rule.otherwise) if n]
    for name in names:
        if not any(outcome_matches(name, o) for o in model.outcomes):
            near = [o for o in model.outcomes if o.split(".")[-1].lower() in name.lower() or name.lower() in o.lower()]
            near += difflib.get_close_matches(name, [o.split(".")[-1] for o in model.outcomes], n=2, cutoff=0.5)
            hints = tuple(dict.fromkeys(f"did you mean `{n.split('.')[-1]}`?" for n in near)) or (
                "outcomes of this target: " + ", ".join(o.split(".")[-1] for o in model.outcomes),)
            return [], ConfigError(rule.location, f"unknown outcome `{name}` for {model.short_name}", rule.id, hints)
    query = Query.build(model, scenario, [w for w, _ in policy])
    if query.scope == query.diagram.leaf(False):
        return [], ConfigError(rule.location, f"the facts of rule `{rule.id}` contradict each other: no configuration satisfies them", rule.id)
    findings: list[Finding] = []
    if rule.expect is not None:
        findings.extend(_expect(rule, query, lambda o: outcome_matches(rule.expect, o), f"expected {rule.expect}"))
    if rule.forbid:
        findings.extend(_expect(rule, query, lambda o: not any(outcome_matches(f, o) for f in rule.forbid), "forbidden"))
    for name in rule.reachable:
        findings.extend(_reachable(rule, query, name))
    if policy:
        findings.extend(_policy(rule, query, policy))
    return findings, None


def _expect(rule: Rule, query: Query, ok: Callable[[str], bool], what: str) -> list[Finding]:
    model, d = query.model, query.diagram
    found = d.shortest_path(query.chain, lambda v: v != _MASK and (v is None or not ok(model.branches[v].outcome)))
    if found is None:
        return []
    fixed, index = found
    expected = rule.expect
    expected_line = None
    if expected is not None:
        expected_line = next((b.line for b in model.branches if outcome_matches(expected, b.outcome)), None)
    return [_finding(rule, query, fixed, index, expected=expected or f"not {' / '.join(rule.forbid)}", expected_line=expected_line)]


def _reachable(rule: Rule, query: Query, name: str) -> list[Finding]:
    model, d = query.model, query.diagram
    if d.shortest_path(query.chain, lambda v: v != _MASK and v is not None and outcome_matches(name, model.branches[v].outcome)):
        return []
    branches = [b for b in model.branches if outcome_matches(name, b.outcome)]
    first = branches[0]
    detail = f"no configuration allowed by the scenario selects {name}"
    return [Finding(
        rule_id=rule.id, severity=rule.severity, location=Location(model.path, first.line, first.col),
        title=rule.message or f"{name} must be reachable", expected=name, expected_line=first.line,
        actual="unreachable", source=first.source, scenario=_scenario_lines(rule, query, {}),
        rule_location=rule.location, target=model.target, detail=detail,
        because=tuple(f"line {b.line}: {render(query.guards[b.index], shorten=True)} never holds before an earlier branch" for b in branches),
    )]


def _policy(rule: Rule, query: Query, policy: list[tuple[Formula, str]]) -> list[Finding]:
    model, d = query.model, query.diagram
    whens = [substitute(w, query.scenario.values) for w, _ in policy]
    steps = list(range(len(policy)))
    policy_chain = d.chain(whens, steps, fallback=None)
    pairs = d.apply("policy", lambda code, step: (code, step), query.chain, policy_chain)

    def wrong(pair: object) -> bool:
        code, step = pair  # type: ignore[misc]
        if code == _MASK:
            return False
        want = policy[step][1] if step is not None else rule.otherwise
        if want is None:
            return False
        return code is None or not outcome_matches(want, model.branches[code].outcome)

    found = d.shortest_path(pairs, wrong)
    if found is None:
        return []
    fixed, (index, step) = found  # type: ignore[misc]
    want = policy[step][1] if step is not None else rule.otherwise
    why = f"policy step {step + 1}: when {rule.order[step].when} -> {want}" if step is not None else f"policy: otherwise -> {want}"
    expected_line = next((b.line for b in model.branches if outcome_matches(want, b.outcome)), None)
    return [_finding(rule, query, fixed, index, expected=want, expected_line=expected_line, detail=why)]


def _finding(rule: Rule, query: Query, fixed: dict, index: int | None, expected: str, expected_line: int | None, detail: str = "") -> Finding:
    model = query.model
    if index is None:
        line = model.line
        return Finding(rule.id, rule.severity, Location(model.path, line), rule.message or rule.id, expected, expected_line,
                       "no branch", (), (), _scenario_lines(rule, query, fixed), rule.location, model.target, detail)
    branch = model.branches[index]
    because = _because(query, fixed, index)
    opaque = [query.space.variables[v].text for v in fixed if query.space.variables[v].text.startswith("<")]
    if opaque:
        detail = (detail + "; " if detail else "") + "undetermined: the outcome depends on unmodeled code: " + ", ".join(opaque)
    return Finding(
        rule_id=rule.id, severity=rule.severity,
        location=Location(model.path, branch.line, branch.col),
        title=rule.message or rule.id, expected=expected, expected_line=expected_line,
        actual=branch.outcome.split(".")[-1], actual_line=branch.line, source=branch.source,
        because=because, scenario=_scenario_lines(rule, query, fixed), rule_location=rule.location,
        target=model.target, detail=detail,
        extra={"counterexample": {query.space.variables[v].text: _labels(query.space.variables[v], c) for v, c in fixed.items()}},
    )


def _labels(var: Variable, classes: tuple[int, ...]) -> str:
    return var.describe(classes)


def _scenario_lines(rule: Rule, query: Query, fixed: dict) -> tuple[tuple[str, str], ...]:
    out = [(key, render_literal(value)) for key, value in rule.given]
    bound = {text for texts in query.scenario.bound.values() for text in texts}
    for v, classes in sorted(fixed.items()):
        var = query.space.variables[v]
        if var.text in bound:
            continue  # fixed by a fact already shown
        out.append((_display(var), _labels(var, classes)))
    return tuple(out)


def _display(var: Variable) -> str:
    if var.key.startswith("cmp:"):
        return var.text
    return short(var.text)


def _because(query: Query, fixed: dict, index: int) -> tuple[str, ...]:
    """Why the branch's guard held: the guard, then each inlined helper with its definition
    and the values that made it true or false."""
    known = lookup_for(query.space, fixed)
    values = query.scenario.values

    def lookup(atom: Value) -> object:
        folded = substitute(atom, values)
        if isinstance(folded, Lit):
            return bool(folded.value)
        return known(folded)

    def shown(atom: Value) -> str | None:
        if isinstance(atom, Term):
            atom = Truth(atom)
        value = lookup(atom)
        return "..." if value is None else _tri(value)

    guard = query.model.branches[index].guard
    lines = [f"{render(guard, shorten=True)} = {_tri(evaluate(guard, lookup))}"]
    for helper in named(guard):
        helper = Named(helper.name, truth(helper.body), helper.line, helper.kind)
        lines.append(f"{helper.name} = {render(helper.body, shorten=True, expand=True)}   (line {helper.line})")
        lines.append(f"    = {render(helper.body, expand=True, atom_text_of=shown)} = {_tri(evaluate(helper.body, lookup))}")
    return tuple(lines)


def _tri(value: object) -> str:
    return "unknown" if value is None else ("true" if value else "false")


# ---------------------------------------------------------------- generic checks


def shadowed_branches(model: DecisionModel) -> list[Finding]:
    """A warning for every branch no configuration can reach."""
    space = Space(b.guard for b in model.branches)
    d = Diagram(space)
    chain = d.chain([b.guard for b in model.branches], list(range(len(model.branches))))
    live = d.leaves(chain)
    out = []
    for branch in model.branches:
        if branch.index in live or branch.kind in ("default", "assert"):
            continue
        g = d.formula(branch.guard)
        shadowing = [b.line for b in model.branches[: branch.index]
                     if d.apply("and", lambda x, y: x and y, g, d.formula(b.guard)) != d.leaf(False)]
        by = ", ".join(f"line {n}" for n in shadowing) or "its own guard, which never holds"
        out.append(Finding(
            rule_id=SHADOWED_RULE, severity="warning", location=Location(model.path, branch.line, branch.col),
            title=f"branch at line {branch.line} ({branch.outcome.split('.')[-1]}) can never fire: shadowed by {by}",
            source=branch.source, target=model.target, extra={"index": branch.index},
        ))
    return out
