"""What ran (`records`), checked against the static model and the rules. No I/O here.

This module is the runtime's one user of the static engine's API (`check.Query`,
`check.outcome_matches`, `bind.*`, `formula.substitute`): a change there is a change here only."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from ..bind import BindError, Scenario, Vocabulary, bind_scenario, bind_condition
from ..check import Query, outcome_matches
from ..formula import substitute
from ..model import DecisionModel, Lit, Rule
from .records import Records


@dataclass
class Observation:
    target: str
    pid: int
    rank: int | None
    line: int | None
    outcome: object
    atoms: dict | None  # atom text -> observed value (atoms not read left out)
    capturing: bool
    count: int
    image: str = ""
    node: str | None = None
    not_read: dict = field(default_factory=dict)  # atom text -> why the probe did not read it
    compiled: dict | None = None  # traced by torch.compile: {"name", "calls", "traces"}

    def as_dict(self) -> dict:
        return {"target": self.target, "outcome": self.outcome, "count": self.count, "pid": self.pid, "rank": self.rank,
                "node": self.node, "image": self.image, "line": self.line, "atoms": self.atoms, "not_read": self.not_read,
                "capturing": self.capturing, "compiled": self.compiled}


@dataclass
class Violation:
    rule: Rule
    target: str
    outcome: str
    line: int | None
    count: int = 0
    pids: set = field(default_factory=set)
    ranks: set = field(default_factory=set)
    observed: dict = field(default_factory=dict)  # atom -> set of values

    def as_dict(self) -> dict:
        return {"rule": self.rule.id, "target": self.target, "expected": self.rule.expect,
                "forbid": list(self.rule.forbid), "actual": self.outcome, "line": self.line, "count": self.count,
                "pids": sorted(self.pids), "ranks": sorted(r for r in self.ranks if r is not None),
                "observed": {k: sorted(v, key=str) for k, v in self.observed.items()}}


@dataclass
class Disagreement:
    observation: Observation
    predicted: list[tuple[str, int]]  # (outcome, line) the static model allows for these atoms

    def as_dict(self) -> dict:
        return {**self.observation.as_dict(), "predicted": [{"outcome": o, "line": n} for o, n in self.predicted]}


@dataclass
class Reconciliation:
    observations: list[Observation] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    # calls that raised an exception no branch of the static model raises: a call or an operation
    # inside the target raised it (the model's branches are its `return`, `raise` and `assert`)
    unpredicted_raises: list[Observation] = field(default_factory=list)
    agreed_calls: int = 0
    exercised: set = field(default_factory=set)  # rule ids
    notes: list[str] = field(default_factory=list)


def observations_of(records: Records, atoms_of: dict[str, list[str]]) -> list[Observation]:
    """Count records -> observations. A decision traced by torch.compile counts once per call of
    the compiled callable it was traced in (as a captured decision counts per graph replay) when
    that callable has one graph; with several graphs its calls cannot be split, and it counts once
    per trace."""
    out = []
    for (image, target, line, outcome, atoms, capturing), count in records.observations.items():
        process = records.processes.get(image, {})
        values, not_read = _atoms(atoms_of.get(target, []), None if atoms is None else json.loads(atoms))
        out.append(Observation(target, process.get("pid"), process.get("rank"), line, json.loads(outcome), values,
                               capturing, count, image, process.get("node"), not_read))
    graphs: dict[tuple, set] = defaultdict(set)
    for (image, _target, _outcome, compiled, compile_id) in records.traced:
        graphs[(image, compiled)].add(compile_id)
    for (image, target, outcome, compiled, _compile_id), item in records.traced.items():
        process = records.processes.get(image, {})
        callable_ = records.compiled.get((image, compiled), {"name": None, "calls": 0})
        one_graph = len(graphs[(image, compiled)]) == 1 and compiled is not None
        count = item["count"] * callable_["calls"] if one_graph and callable_["calls"] else item["count"]
        values, not_read = _atoms(atoms_of.get(target, []), item.get("atoms"))
        out.append(Observation(target, process.get("pid"), process.get("rank"), None, json.loads(outcome), values, False,
                               count, image, process.get("node"), not_read,
                               {"name": callable_["name"], "calls": callable_["calls"], "traces": item["count"],
                                "graphs": len(graphs[(image, compiled)]), "per_call": one_graph}))
    return out


def _atoms(names: list[str], values: list | None) -> tuple[dict | None, dict]:
    if values is None:
        return None, {}
    read, skipped = {}, {}
    for name, value in zip(names, values):
        if isinstance(value, dict) and "not_read" in value:
            skipped[name] = value["not_read"]
        else:
            read[name] = value
    return read, skipped


def raised_name(observed: object) -> str | None:
    """The exception type's name of a call that raised (the probe records `{"raised": name}`)."""
    if isinstance(observed, dict) and isinstance(observed.get("raised"), str):
        return observed["raised"]
    return None


def outcome_text(observed: object) -> str:
    """An observed outcome as the static model writes outcomes: `raise ValueError` for a raise."""
    name = raised_name(observed)
    return f"raise {name}" if name is not None else str(observed)


def same_outcome(observed: object, static: str) -> bool:
    name = raised_name(observed)
    if name is not None:  # `raise ValueError` / `raise errors.Busy`: the class's own name
        return static.startswith("raise ") and static[6:].split("(")[0].strip().split(".")[-1] == name
    text = observed if isinstance(observed, str) else repr(observed)
    if text.startswith("<") and text.endswith(">"):  # an object the probe names by its type: `T(...)` made it
        name = text[1:-1]
        return static.split("(")[0].split(".")[-1] == name and static.endswith(")")
    return static == text or outcome_matches(text.split(".")[-1], static)


def _observed_branches(model: DecisionModel, obs: Observation) -> set[int]:
    return {b.index for b in model.branches
            if same_outcome(obs.outcome, b.outcome) and (obs.line is None or b.line == obs.line)}


def reconcile(models: dict[str, DecisionModel], rules: list[Rule], observations: list[Observation]) -> Reconciliation:
    result = Reconciliation(observations=observations)
    by_rule_target: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_rule_target[rule.target].append(rule)
    violations: dict[tuple, Violation] = {}
    bindings: dict[tuple, tuple | None] = {}
    for obs in observations:
        model = models.get(obs.target)
        if model is None:
            continue
        values = {k: Lit(v) for k, v in (obs.atoms or {}).items()}
        fired = _observed_branches(model, obs)
        if not fired and raised_name(obs.outcome) is not None:
            result.unpredicted_raises.append(obs)
            continue
        query = Query.build(model, Scenario(values=values))
        possible = {v for v in query.diagram.leaves(query.chain) if isinstance(v, int)}
        if fired & possible:
            result.agreed_calls += obs.count
        else:
            predicted = sorted({(model.branches[i].outcome, model.branches[i].line) for i in possible}, key=lambda p: p[1])
            result.disagreements.append(Disagreement(obs, predicted))
            continue
        for rule in by_rule_target.get(model.target, []):
            key = (rule.id, model.target)
            if key not in bindings:  # facts and policy are bound once per rule, not per observation
                bindings[key] = _bind(rule, Vocabulary(model))
            verdict = _rule_verdict(rule, model, bindings[key], values, fired)
            if verdict is None:
                continue
            result.exercised.add(rule.id)
            if verdict:
                key = (rule.id, obs.target, outcome_text(obs.outcome), obs.line)
                v = violations.setdefault(key, Violation(rule, obs.target, outcome_text(obs.outcome), obs.line))
                v.count += obs.count
                v.pids.add(obs.pid)
                v.ranks.add(obs.rank)
                for k, value in (obs.atoms or {}).items():
                    v.observed.setdefault(k, set()).add(json.dumps(value) if isinstance(value, (dict, list)) else value)
    result.violations = list(violations.values())
    return result


def _bind(rule: Rule, vocab: Vocabulary):
    try:
        return bind_scenario(vocab, rule.given), [(bind_condition(vocab, s.when), s.then) for s in rule.order]
    except BindError:
        return None


def _rule_verdict(rule: Rule, model: DecisionModel, bound, observed: dict, fired: set[int]):
    """None: the observation is outside the rule's scenario; True: a violation; False: it holds."""
    if bound is None:
        return None
    scenario, policy = bound
    for text, value in scenario.values.items():
        if text in observed and not _equal(observed[text].value, value.value):
            return None
    merged = Scenario(values={**observed, **scenario.values}, constraints=scenario.constraints)
    query = Query.build(model, merged, [w for w, _ in policy])
    d = query.diagram
    covered = {v for v in d.leaves(query.chain) if isinstance(v, int)} & fired
    if not covered:
        return None  # no completion of the unobserved atoms puts this call in the scenario
    outcome = model.branches[min(covered)].outcome
    if rule.expect is not None and not outcome_matches(rule.expect, outcome):
        return True
    if any(outcome_matches(f, outcome) for f in rule.forbid):
        return True
    if policy:
        whens = [substitute(w, merged.values) for w, _ in policy]
        policy_chain = d.chain(whens, list(range(len(policy))), fallback=None)
        in_scope = d.local(lambda code: code in covered, query.chain)
        wanted = d.leaves(d.restrict(in_scope, policy_chain, "<outside>")) - {"<outside>"}
        allowed = {policy[s][1] if s is not None else rule.otherwise for s in wanted}
        allowed.discard(None)
        if allowed and not any(outcome_matches(a, outcome) for a in allowed):
            return True
    return False if (rule.expect or rule.forbid or policy) else None


def _equal(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    return a == b
