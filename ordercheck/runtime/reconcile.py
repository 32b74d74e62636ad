"""What ran (`records`), checked against the static model and the rules. No I/O here.

This module is the runtime's one user of the static engine's API (`check.Query`,
`check.outcome_matches`, `bind.*`, `formula.substitute`): a change there is a change here only."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..bind import BindError, Scenario, Vocabulary, bind_scenario, bind_condition
from ..check import Query, outcome_matches
from ..formula import substitute, terms, walk
from ..model import Branch, Compare, DecisionModel, Lit, Outcome, Rule, Term, Truth
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
    # a selection function's pick (its outcome, or the first item of the tuple it returned), and
    # the list it came from when the process recorded one list holding it: {"target", "list", "position"}
    chosen: object = None
    candidates: dict | None = None
    # the read atoms as recorded, with an enum member, a class or a function as the probe's
    # marker ({"member": "Lvl.HIGH", "value": 3}): `atoms` shows them by name (None: as `atoms`)
    recorded: dict | None = field(default=None, repr=False)

    def as_dict(self) -> dict:
        return {"target": self.target, "outcome": self.outcome, "count": self.count, "pid": self.pid, "rank": self.rank,
                "node": self.node, "image": self.image, "line": self.line, "atoms": self.atoms, "not_read": self.not_read,
                "capturing": self.capturing, "compiled": self.compiled,
                **({"chosen": self.chosen, "candidates": self.candidates} if self.chosen is not None else {})}


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
    failed: list[str] = field(default_factory=list)  # what the call broke: `expected X`, `expected first X`, ...
    observed_list: list | None = None  # the list the call returned, as the probe recorded it
    # (outcome, line) the static model predicts for these calls where it does not predict the path
    # that ran (a `Disagreement` too): the rule is judged on what ran; None where the model agrees
    predicted: list[tuple[str, int]] | None = None

    def as_dict(self) -> dict:
        return {"rule": self.rule.id, "target": self.target, "expected": self.rule.expect,
                "forbid": list(self.rule.forbid), "first": self.rule.first,
                "before": [list(pair) for pair in self.rule.before], "contains": list(self.rule.contains),
                "actual": self.outcome, "observed_list": self.observed_list, "failed": self.failed,
                "line": self.line, "count": self.count,
                "pids": sorted(self.pids), "ranks": sorted(r for r in self.ranks if r is not None),
                "observed": {k: sorted(v, key=str) for k, v in self.observed.items()},
                "predicted": None if self.predicted is None else [{"outcome": o, "line": n} for o, n in self.predicted]}


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


def fact_atoms(model: DecisionModel, rules: list[Rule]) -> list[str]:
    """Inputs the rules' facts bind that the guards do not read (`major` where the list no longer
    depends on it) and the probe can read (names, attribute chains, subscripts): read too, a
    call outside a rule's scenario is seen to be outside, not judged by what the model infers."""
    readable = {t.text for t in model.inputs if "(" not in t.text}
    vocab, out = Vocabulary(model), {}
    for rule in rules:
        if rule.target != model.target:
            continue
        try:
            bound = bind_scenario(vocab, rule.given).bound
        except BindError:
            continue
        out.update((text, None) for texts in bound.values() for text in texts if text in readable)
    return list(out)


def observations_of(records: Records, atoms_of: dict[str, list[str]]) -> list[Observation]:
    """Count records -> observations. A decision traced by torch.compile counts once per call of
    the compiled callable it was traced in (as a captured decision counts per graph replay) when
    that callable has one graph; with several graphs its calls cannot be split, and it counts once
    per trace."""
    out = []
    for (image, target, line, outcome, atoms, capturing), count in records.observations.items():
        process = records.processes.get(image, {})
        values, not_read = _atoms(_names(records, process, target, atoms_of), None if atoms is None else json.loads(atoms))
        out.append(Observation(target, process.get("pid"), process.get("rank"), line, json.loads(outcome), _shown(values),
                               capturing, count, image, process.get("node"), not_read, recorded=values))
    graphs: dict[tuple, set] = defaultdict(set)
    for (image, _target, _outcome, compiled, compile_id) in records.traced:
        graphs[(image, compiled)].add(compile_id)
    for (image, target, outcome, compiled, _compile_id), item in records.traced.items():
        process = records.processes.get(image, {})
        callable_ = records.compiled.get((image, compiled), {"name": None, "calls": 0})
        one_graph = len(graphs[(image, compiled)]) == 1 and compiled is not None
        count = item["count"] * callable_["calls"] if one_graph and callable_["calls"] else item["count"]
        values, not_read = _atoms(_names(records, process, target, atoms_of), item.get("atoms"))
        out.append(Observation(target, process.get("pid"), process.get("rank"), None, json.loads(outcome), _shown(values),
                               False, count, image, process.get("node"), not_read,
                               {"name": callable_["name"], "calls": callable_["calls"], "traces": item["count"],
                                "graphs": len(graphs[(image, compiled)]), "per_call": one_graph}, recorded=values))
    return out


def _names(records: Records, process: dict, target: str, atoms_of: dict[str, list[str]]) -> list[str]:
    """The atoms recorded for `target`, in order: as the plan of the run that recorded them lists
    them (the model may have changed since, under `combine`), else as the model reads them now."""
    read = records.atoms_read(process.get("run"), target)
    return atoms_of.get(target, []) if read is None else read


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


_NAMED = ("member", "class", "function")  # the probe's markers of an atom's enum member, class, function


def _named(value: object) -> tuple[str, str] | None:
    """(kind, name) of an atom the probe recorded as an enum member, a class or a function."""
    if isinstance(value, dict):
        for kind in _NAMED:
            if isinstance(value.get(kind), str):
                return kind, value[kind]
    return None


def _shown(values: dict | None) -> dict | None:
    """Recorded atoms as reports show them: a member, class or function by its name."""
    if values is None:
        return None
    return {k: (_named(v) or (None, v))[1] for k, v in values.items()}


def raised_name(observed: object) -> str | None:
    """The exception type's name of a call that raised (the probe records `{"raised": name}`)."""
    if isinstance(observed, dict) and isinstance(observed.get("raised"), str):
        return observed["raised"]
    return None


def outcome_text(observed: object) -> str:
    """An observed outcome as the static model writes outcomes: `raise ValueError` for a raise,
    `[Backend.X, 'auto', 3]` for a list."""
    name = raised_name(observed)
    if name is not None:
        return f"raise {name}"
    if isinstance(observed, list):
        items = [_item_text(v) for v in observed if not _more(v)]
        more = sum(v["more"] for v in observed if _more(v))
        return "[" + ", ".join(items + ([f"... {more} more"] if more else [])) + "]"
    return str(observed)


def _item_text(value: object) -> str:
    """A list item as the static model writes items: members and `<Type>` as recorded, other
    strings quoted, numbers and None as Python writes them."""
    if isinstance(value, list):
        return outcome_text(value)
    if isinstance(value, str) and not _member_or_type(value):
        return repr(value)
    return value if isinstance(value, str) else repr(value)


def _member_or_type(text: str) -> bool:
    """`Backend.X` (an enum member as the probe records it) or `<Type>` (an object by its type)."""
    if text.startswith("<") and text.endswith(">"):
        return True
    head, dot, tail = text.rpartition(".")
    return bool(dot) and head.isidentifier() and tail.isidentifier()


def _more(value: object) -> bool:
    """The marker that ends a list the probe cut short: {"more": items left out}."""
    return isinstance(value, dict) and isinstance(value.get("more"), int)


def same_outcome(observed: object, static: str) -> bool:
    name = raised_name(observed)
    if name is not None:  # `raise ValueError` / `raise errors.Busy`: the class's own name
        return static.startswith("raise ") and static[6:].split("(")[0].strip().split(".")[-1] == name
    text = observed if isinstance(observed, str) else repr(observed)
    if text.startswith("<") and text.endswith(">"):  # an object the probe names by its type: `T(...)` made it
        name = text[1:-1]
        return static.split("(")[0].split(".")[-1] == name and static.endswith(")")
    if static.endswith(")") and static.partition(" (")[0] == text:  # a class the model names with its file
        return True
    return static == text or outcome_matches(text.split(".")[-1], static)


def unnamed(observed: object) -> bool:
    """Whether an outcome holds a class or a function the probe could not name (`<class>`,
    `<function>`; `<type>` in records of older probes): what it is cannot be compared with the
    model's outcomes, so neither the model nor a rule is judged on it."""
    if isinstance(observed, list):
        return any(unnamed(v) for v in observed)
    return observed in ("<class>", "<function>", "<type>")


def _observed_branches(model: DecisionModel, obs: Observation) -> set[int]:
    return {b.index for b in model.branches
            if _selects(model, b, obs.outcome, obs.atoms or {}) and (obs.line is None or b.line == obs.line)}


# ---------------------------------------------------------------- lists


def _has_lists(model: DecisionModel) -> bool:
    return any(b.result is not None and b.result.kind == "list" for b in model.branches)


def _selects(model: DecisionModel, branch: Branch, observed: object, atoms: dict) -> bool:
    """Whether branch `branch` returns what was observed. A list matches a list outcome with the
    same items in the same order; where the model has no list outcomes, a returned tuple is
    modelled by its first item (`return Backend.X, experts_cls`). A list the model cannot spell
    out (`opaque`: too many orders, unknown items) may be any list."""
    result = branch.result
    if not isinstance(observed, list):
        return _same_scalar(observed, result, branch.outcome, atoms)
    if result is not None and result.kind == "list":
        return _same_items(observed, result.items, atoms)
    if result is not None and result.kind == "opaque":
        return True
    if result is None or _has_lists(model):
        return False
    return bool(observed) and not _more(observed[0]) and _same_value(observed[0], result, branch.outcome)


def _same_items(observed: list, items: tuple[Outcome, ...], atoms: dict) -> bool:
    """Item by item; a list the probe cut short matches on the items it kept and its length.
    An item the model does not know (`opaque`), or an input it passes through that the probe
    did not read, matches any value."""
    more = observed[-1]["more"] if observed and _more(observed[-1]) else 0
    kept = observed[:-1] if more else observed
    if len(kept) + more != len(items):
        return False
    for value, item in zip(kept, items):
        if item.kind == "opaque":
            continue
        if item.kind == "term" and item.term is not None:
            if item.term.text in atoms and not _equal(atoms[item.term.text], value):
                return False
            continue
        if isinstance(value, list) or not _same_value(value, item, item.text):
            return False
    return True


def _same_scalar(observed: object, result: Outcome | None, text: str, atoms: dict) -> bool:
    """A scalar outcome, as `_same_items` judges an item: a value the model cannot evaluate
    (`return deep(n - 1)`, `return os.getenv(...)`, `return table[n]`: `opaque`, or a term the probe
    did not read) may be any value; an input passed through (`return mode`) is the value the probe
    read for it, where it read a plain one at the value's read. A raise is no returned value."""
    if result is not None and raised_name(observed) is None:
        if result.kind == "opaque":
            return True
        if result.kind == "term" and result.term is not None:
            return _passed_through(observed, result.term, atoms)
        if _dict_outcome(result):  # (the probe records a dict by its type: round 48, every dict "disagreed")
            return observed == _DICT
    return _same_value(observed, result, text)


_DICT = "<dict>"  # a returned dict, as the probe records it


def _dict_outcome(result: Outcome) -> bool:
    """A dict display the branch returns (`{"attention_backend": view.prefill}`, `{}`)."""
    return bool(result.keys) or result.kind == "literal" and result.text == "{}"


def _dict_text(result: Outcome, values: dict) -> str | None:
    """The dict a branch returns with the values a call's atoms (or a rule's facts) give the
    inputs it holds, as `check` writes it; None where one is not given."""
    texts = []
    for item in result.items:
        if item.kind == "term" and item.term is not None:
            value = values.get(item.term.text) if not item.term.version else None
            if not isinstance(value, Lit):
                return None
            texts.append(repr(value.value))
        elif item.kind == "opaque":
            return None
        else:
            texts.append(item.text)
    return "{" + ", ".join(f"{k}: {t}" for k, t in zip(result.keys, texts)) + "}"


def _passed_through(observed: object, term: Term, atoms: dict) -> bool:
    """Whether a call that returned `observed` may have returned input `term`: unknown (any value)
    where the probe did not read it, read a marker (`<object>`, a member's record), or read it at
    entry while the branch returns it as read after a call (`version`)."""
    if term.version or term.text not in atoms:
        return True
    value = atoms[term.text]
    if isinstance(value, (dict, list)) or (isinstance(value, str) and value.startswith("<")):
        return True
    return _equal(value, observed)


def _scalar_texts(branch: Branch, observed: object, values: dict) -> tuple[str, ...]:
    """What a rule may name the branch that returned `observed` by (as `check._texts`): its own
    outcome, and for a value the model holds as an expression (an input passed through, a call's
    value), the value the call returned too."""
    result = branch.result
    if result is not None and result.kind == "dict" and raised_name(observed) is None:
        bound = _dict_text(result, values)
        return (branch.outcome,) if bound is None else (bound, branch.outcome)
    if result is None or result.kind not in ("term", "opaque") or raised_name(observed) is not None:
        return (branch.outcome,)
    value = observed[0] if isinstance(observed, list) and observed and not _more(observed[0]) else observed
    if isinstance(value, (list, dict)):
        return (branch.outcome,)
    return (_item_text(value), branch.outcome)


def _same_value(observed: object, static: Outcome | None, text: str) -> bool:
    """`same_outcome`, but a named constant from outside the tree (`envs.DEFAULT_BACKEND`,
    `Order.FAST`) holds a value the model does not know: an enum member must bear its name, a
    plain value or an object may be it."""
    if static is not None and static.kind == "named" and raised_name(observed) is None and not _member(observed):
        return True
    return same_outcome(observed, text)


def _member(observed: object) -> bool:
    """An enum member as the probe records it: `Backend.X`."""
    return isinstance(observed, str) and not observed.startswith("<") and _member_or_type(observed)


def candidates_of(model: DecisionModel, observed: object) -> list[str]:
    """The candidates, in order, that list rules (`first`, `before`, `contains`) judge in an
    observed outcome, as item texts; a scalar outcome (or the first item of a tuple the model
    reads so) is a list of one, as `check` reads it."""
    if isinstance(observed, list) and _has_lists(model):
        return [_item_text(v) for v in observed if not _more(v)]
    if isinstance(observed, list):
        return [_item_text(observed[0])] if observed and not _more(observed[0]) else []
    return [outcome_text(observed)]


def list_failures(rule: Rule, items: list[str], cut: bool) -> list[str]:
    """What an observed candidate list breaks of a rule's `first`, `before` and `contains`.
    `cut`: the probe kept only the list's first items, so an absence proves nothing."""
    def position(name: str) -> int | None:
        return next((i for i, item in enumerate(items) if outcome_matches(name, item)), None)

    failed = []
    if rule.first is not None and (not items or not outcome_matches(rule.first, items[0])) and (items or not cut):
        failed.append(f"expected first {rule.first}")
    for x, y in rule.before:
        px, py = position(x), position(y)
        if py is not None and (px is None or px > py):
            failed.append(f"expected {x} before {y}")
    if not cut:
        failed += [f"expected to contain {c}" for c in rule.contains if position(c) is None]
    return failed


def _selection_lines(model: DecisionModel) -> set[int]:
    """Lines of a selection function's pick: one `return` that returns several candidates (a
    first-supported loop, unrolled by the model, returns each candidate from its one line)."""
    per_line: dict[int, set[str]] = defaultdict(set)
    for b in model.branches:
        if b.kind == "return" and b.result is not None and b.result.kind in ("member", "named", "literal"):
            per_line[b.line].add(b.outcome)
    return {line for line, outcomes in per_line.items() if len(outcomes) > 1}


def _mark_selections(models: dict[str, DecisionModel], observations: list[Observation]) -> None:
    """A selection function's observation gets its pick (`chosen`) and, where the same process
    recorded exactly one list that holds the pick (the list it walked, as its priority list
    function returned it), that list and the pick's position in it."""
    lists: dict[str, dict[str, list]] = defaultdict(dict)  # image -> list json -> (target, list)
    for obs in observations:
        model = models.get(obs.target)
        if model is not None and isinstance(obs.outcome, list) and _has_lists(model):
            lists[obs.image][json.dumps(obs.outcome)] = [obs.target, obs.outcome]
    for obs in observations:
        model = models.get(obs.target)
        if model is None or raised_name(obs.outcome) is not None or obs.outcome is None:
            continue
        lines = _selection_lines(model)
        if not lines or (obs.line is not None and obs.line not in lines) or _has_lists(model):
            continue
        chosen = obs.outcome[0] if isinstance(obs.outcome, list) and obs.outcome else obs.outcome
        if isinstance(chosen, (list, dict)):
            continue
        obs.chosen = chosen
        holding = [(t, items) for t, items in lists[obs.image].values() if any(same_outcome(chosen, _item_text(v)) for v in items)]
        if len(holding) == 1:
            target, items = holding[0]
            position = next(i for i, v in enumerate(items) if same_outcome(chosen, _item_text(v)))
            obs.candidates = {"target": target, "list": items, "position": position + 1}


def reconcile(models: dict[str, DecisionModel], rules: list[Rule], observations: list[Observation]) -> Reconciliation:
    """Each observation against the static model (does it predict what ran, for the atoms the
    probe read?) and against every rule whose scenario it falls in."""
    result = Reconciliation(observations=observations)
    _mark_selections(models, observations)
    by_rule_target: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_rule_target[rule.target].append(rule)
    violations: dict[tuple, Violation] = {}
    bindings: dict[tuple, tuple | None] = {}
    unjudged: dict[str, int] = {}  # target -> calls that returned a class or function the probe could not name
    undecided: dict[tuple, list] = {}  # (rule, target, outcome, line) -> [Undecided, calls, who]
    for obs in observations:
        model = models.get(obs.target)
        if model is None:
            continue
        if unnamed(obs.outcome):
            unjudged[obs.target] = unjudged.get(obs.target, 0) + obs.count
            continue
        values = substitution(model, obs.recorded if obs.recorded is not None else obs.atoms or {})
        fired = _observed_branches(model, obs)
        if not fired and raised_name(obs.outcome) is not None:
            result.unpredicted_raises.append(obs)
            continue
        # "sound": the probe reads atoms at entry, so a read after a call that may change it
        # (`cfg.n` after `cfg.refresh()`) is a free atom, inferred from the branch that fired
        query = Query.build(model, Scenario(values=values), mode="sound")
        possible = {v for v in query.diagram.leaves(query.chain) if isinstance(v, int)}
        predicted = None
        if fired & possible:
            result.agreed_calls += obs.count
        else:  # (the query's model: where the atoms make a statement raise, a branch of its own)
            branches = query.model.branches
            predicted = sorted({(branches[i].outcome, branches[i].line) for i in possible}, key=lambda p: p[1])
            result.disagreements.append(Disagreement(obs, predicted))
        for rule in by_rule_target.get(model.target, []):
            key = (rule.id, model.target)
            if key not in bindings:  # facts and policy are bound once per rule, not per observation
                bindings[key] = _bind(rule, Vocabulary(model))
            if predicted is None:
                failed = _rule_verdict(rule, model, bindings[key], values, fired, obs.outcome)
            else:  # a path the model does not predict: the rule is judged on what ran, not on the model
                failed = _unpredicted_verdict(rule, model, bindings[key], values, fired, obs.outcome)
                if isinstance(failed, Undecided):
                    entry = undecided.setdefault((rule.id, obs.target, outcome_text(obs.outcome), obs.line), [failed, 0, set()])
                    entry[1] += obs.count
                    entry[2].add(obs.pid if obs.rank is None else f"rank {obs.rank}")
                    continue
            if failed is None:
                continue
            result.exercised.add(rule.id)
            if failed:
                key = (rule.id, obs.target, outcome_text(obs.outcome), obs.line, predicted is not None)
                v = violations.setdefault(key, Violation(rule, obs.target, outcome_text(obs.outcome), obs.line,
                                                         observed_list=obs.outcome if isinstance(obs.outcome, list) else None,
                                                         predicted=[] if predicted is not None else None))
                if predicted is not None:
                    v.predicted = sorted(set(v.predicted or []) | set(predicted), key=lambda p: p[1])
                v.failed += [f for f in failed if f not in v.failed]
                v.count += obs.count
                v.pids.add(obs.pid)
                v.ranks.add(obs.rank)
                for k, value in (obs.atoms or {}).items():
                    v.observed.setdefault(k, set()).add(json.dumps(value) if isinstance(value, (dict, list)) else value)
    result.violations = list(violations.values())
    result.notes += [_undecided_note(key, *entry) for key, entry in undecided.items()]
    result.notes += _unobserved_rereads(models, observations)
    result.notes += [f"{target}: cannot judge {n:,} call{'s' if n != 1 else ''} that returned a class or function the probe "
                     "cannot name as the static model does (defined in a function, or a lambda): not compared with the "
                     "model or the rules" for target, n in unjudged.items()]
    return result


def _unobserved_rereads(models: dict[str, DecisionModel], observations: list[Observation]) -> list[str]:
    """Notes on the reads the probe cannot observe: an atom read again after a call that may
    change it (`cfg.n` after `cfg.refresh()`) was read by the probe at entry only; the reconciler
    takes the later read as unknown (inferred from the branch that fired), never as the entry value."""
    notes, seen = [], set()
    for obs in observations:
        model = models.get(obs.target)
        if model is None or obs.target in seen:
            continue
        seen.add(obs.target)
        reads = {}
        for branch in model.branches:
            for term in terms(branch.guard):
                if term.version and not term.is_opaque:
                    reads.setdefault((term.text, term.origin), term.line)
        notes += [f"{obs.target}: `{text}` read at line {line}, after {origin or 'a call that may change it'}, is not "
                  "observed (the probe reads atoms at entry): the branch that fired tells it, no entry value stands in "
                  "for it" for (text, origin), line in reads.items()]
    return notes


# ---------------------------------------------------------------- atoms as the model's values


def substitution(model: DecisionModel, recorded: dict) -> dict:
    """Recorded atoms -> what the static model's guards get for them: a plain value as a literal;
    an enum member as the model's member (`p is Plain.B`), or as its value where the enum mixes in
    int or str and the model compares it as data (`n >= 3` for `n >= Lvl.HIGH`, `b == "flash"`);
    a class or a function as the model's constant of that name. An atom that cannot be given a
    value the model reads as the program did is left out: it may take any value (never judged
    by a stand-in that the program did not hold)."""
    out = {}
    for text, value in recorded.items():
        given = _model_value(model, text, value)
        if given is not None:
            out[text] = given
    return out


def _model_value(model: DecisionModel, text: str, value: object):
    named = _named(value)
    if named is None:
        if isinstance(value, dict) or value in ("<class>", "<function>", "<type>"):
            return None
        return Lit(value)
    kind, name = named
    constant = _model_constant(model, name, kind)
    data = value.get("value") if kind == "member" else None
    if data is None:
        return constant
    uses = _uses(model, text)
    if "identity" not in uses and "other" not in uses:
        return Lit(data)  # compared as its value only (or only its truth, which is its value's)
    if "data" not in uses and "other" not in uses:
        return constant
    return None


def _model_constant(model: DecisionModel, name: str, kind: str) -> Term | None:
    """The model's member (or class, function) constant that `name` (`Plain.B`, `Fla`) names:
    its text as the model writes it (`cfg.Plain.B`, `Fla (b.py)`); a member the model never
    names stands for itself; None where several model constants could be it."""
    texts = {t.text for b in model.branches for t in terms(b.guard) if t.kind == "member"}
    texts |= {o.text for b in model.branches if b.result is not None
              for o in (b.result, *b.result.items) if o.kind == "member"}
    found = [t for t in texts if t == name or t.endswith("." + name) or (t.endswith(")") and t.partition(" (")[0] == name)]
    if len(found) > 1:
        return None
    return Term(found[0] if found else name, 0, "member")


def _uses(model: DecisionModel, text: str) -> set[str]:
    """How the guards use atom `text`: compared with a member or class constant ("identity"),
    with a literal or by its truth ("data"), or otherwise ("other": another atom, a computation)."""
    uses = set()
    for branch in model.branches:
        for node in walk(branch.guard):
            if isinstance(node, Truth) and node.term.text == text:
                uses.add("data")
            elif isinstance(node, Compare):
                for mine, other in ((node.left, node.right), (node.right, node.left)):
                    if isinstance(mine, Term) and mine.text == text:
                        uses.add("identity" if isinstance(other, Term) and other.kind == "member"
                                 else "data" if isinstance(other, Lit) else "other")
            elif isinstance(node, Term) and node.text != text and re.search(rf"(?<![\w.]){re.escape(text)}(?!\w)", node.text):
                uses.add("other")  # read inside a computed atom (`len(x)`, `x.value`): not substituted
    return uses


def _bind(rule: Rule, vocab: Vocabulary):
    try:
        return bind_scenario(vocab, rule.given), [(bind_condition(vocab, s.when), s.then) for s in rule.order]
    except BindError:
        return None


def judged(rule: Rule) -> bool:
    """Whether a call can break the rule: it states an outcome (`expect`, `forbid`, `order`) or an
    order of candidates (`first`, `before`, `contains`); `reachable` asks about every call at once."""
    return bool(rule.expect or rule.forbid or rule.order or rule.first is not None or rule.before or rule.contains)


def _rule_verdict(rule: Rule, model: DecisionModel, bound, observed: dict, fired: set[int], outcome: object) -> list[str] | None:
    """None: the observation is outside the rule's scenario (or the rule states nothing this
    checks); else what it broke (`expected X`, `expected first X`, ...), empty when it holds.
    Expectations on one outcome are judged on the branch that fired; `first`, `before` and
    `contains` on the list the call returned."""
    if bound is None:
        return None
    scenario, policy = bound
    for text, value in scenario.values.items():
        if text in observed and not _given(observed[text], value.value):
            return None
    merged = Scenario(values={**observed, **scenario.values}, constraints=scenario.constraints)
    query = Query.build(model, merged, [w for w, _ in policy], mode="sound")
    d = query.diagram
    covered = {v for v in d.leaves(query.chain) if isinstance(v, int)} & fired
    if not covered:
        return None  # no completion of the unobserved atoms puts this call in the scenario
    # where the probe could not tell which of several branches fired (no return line, a value the
    # model cannot evaluate), the call broke the rule only if each of them breaks it
    verdicts = [_branch_failures(rule, model, query, merged, policy, covered, index, outcome) for index in sorted(covered)]
    failed = verdicts[0] if all(verdicts) else []
    return failed if judged(rule) else None


def _branch_failures(rule: Rule, model: DecisionModel, query: Query, merged: Scenario, policy: list, covered: set[int],
                     index: int, outcome: object) -> list[str]:
    """What the call breaks of the rule if branch `index` fired."""
    d = query.diagram
    texts = _scalar_texts(model.branches[index], outcome, merged.values)
    allowed: set = set()
    if policy:
        whens = [substitute(w, merged.values, entry_only=True) for w, _ in policy]
        policy_chain = d.chain(whens, list(range(len(policy))), fallback=None)
        in_scope = d.local(lambda code: code in covered, query.chain)
        allowed = _allowed(rule, policy, d, in_scope, policy_chain)
    return _failures(rule, model, texts, outcome, allowed)


def _allowed(rule: Rule, policy: list, d, where: int, policy_chain: int) -> set:
    """The outcomes the rule's policy allows somewhere in `where`."""
    wanted = d.leaves(d.restrict(where, policy_chain, "<outside>")) - {"<outside>"}
    allowed = {policy[s][1] if s is not None else rule.otherwise for s in wanted}
    allowed.discard(None)
    return allowed


def _failures(rule: Rule, model: DecisionModel, texts: tuple[str, ...], outcome: object, allowed: set) -> list[str]:
    """What a call that returned `outcome` (named by `texts`) breaks of the rule; `allowed`: the
    outcomes its policy allows there (none: no policy)."""
    failed = []
    if rule.expect is not None and not any(outcome_matches(rule.expect, t) for t in texts):
        failed.append(f"expected {rule.expect}")
    if any(outcome_matches(f, t) for f in rule.forbid for t in texts):
        failed.append(f"forbidden {' / '.join(rule.forbid)}")
    if rule.first is not None or rule.before or rule.contains:
        cut = isinstance(outcome, list) and any(_more(v) for v in outcome)
        failed += list_failures(rule, candidates_of(model, outcome), cut)
    if allowed and not any(outcome_matches(a, t) for a in allowed for t in texts):
        failed.append("forbidden by the policy")
    return failed


@dataclass(frozen=True)
class Undecided:
    """A call on a path the static model does not predict whose outcome breaks a rule, but whether
    it is in the rule's scenario turns on atoms the probe did not read (`unread`). Where the model
    agrees, the branch that fired tells them; here the model is wrong, so nothing tells them."""

    failed: tuple[str, ...]
    unread: tuple[str, ...]


def _unpredicted_verdict(rule: Rule, model: DecisionModel, bound, observed: dict, fired: set[int],
                         outcome: object) -> list[str] | Undecided | None:
    """`_rule_verdict` for a call on a path the static model does not predict (under `python -O`,
    a patched function, a model that is wrong). The rule is judged on what ran: the call is in the
    scenario when the atoms the probe read satisfy the facts, and the outcome it returned breaks
    the rule or holds it whatever the model predicted (a forbidden outcome that ran is a violation;
    an expected one exercises the rule). Atoms the probe did not read are not inferred from the
    model: where the scenario turns on them, an outcome that breaks the rule is `Undecided`, and one
    that holds it exercises nothing; a policy allows what its `when`s select for some value of them.
    None: outside the scenario (or nothing this checks)."""
    if bound is None or not judged(rule):
        return None
    scenario, policy = bound
    for text, value in scenario.values.items():
        if text in observed and not _given(observed[text], value.value):
            return None
    unread = [text for text in scenario.values if text not in observed]
    count = len(scenario.constraints)
    query = Query.build(model, Scenario(values={**observed, **scenario.values}),
                        [*scenario.constraints, *(w for w, _ in policy)], mode="sound")
    d = query.diagram
    facts = d.true
    for constraint in query.extra[:count]:
        facts = d.conj(facts, d.formula(constraint))
    inside = d.conj(query.scope, facts)
    if inside == d.false:
        return None  # the atoms read (and the facts on atoms not read) put the call outside
    if d.conj(query.scope, d.negate(facts)) != d.false:
        unread += [t.text for c in scenario.constraints for t in terms(c) if t.text not in observed and t.text not in unread]
    allowed: set = set()
    if policy:
        policy_chain = d.chain(query.extra[count:], list(range(len(policy))), fallback=None)
        allowed = _allowed(rule, policy, d, inside, policy_chain)
    # where several branches return what ran (no return line), it broke the rule only if each does
    texts = [_scalar_texts(model.branches[i], outcome, observed) for i in sorted(fired)] or [(outcome_text(outcome),)]
    verdicts = [_failures(rule, model, t, outcome, allowed) for t in texts]
    failed = verdicts[0] if all(verdicts) else []
    if unread:
        return Undecided(tuple(failed), tuple(dict.fromkeys(unread))) if failed else None
    return failed


def _undecided_note(key: tuple, undecided: Undecided, calls: int, who: set) -> str:
    rule, target, outcome, line = key
    where = ", ".join(str(w) if isinstance(w, str) else f"pid {w}" for w in sorted(who, key=str))
    return (f"{target}: {calls:,} call{'s' if calls != 1 else ''} ({where}) returned {outcome}"
            + (f" (line {line})" if line else "") + f" on a path the static model does not predict, which breaks rule "
            f"{rule} ({'; '.join(undecided.failed)}) if the call is in its scenario: that turns on "
            f"{', '.join(f'`{t}`' for t in undecided.unread)}, which the probe did not read (where the model agrees, "
            "the branch that fired tells it; here nothing does): not judged")


def _given(observed, value: object) -> bool:
    """Whether an atom's substituted value is the value a rule's fact gives it: a member or class
    constant is the fact's value when that names it (`Plain.B`, `B`)."""
    if isinstance(observed, Lit):
        return _equal(observed.value, value)
    return isinstance(value, str) and outcome_matches(value, observed.text)


def _equal(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    return a == b or (a != a and b != b)  # (NaN read and NaN returned: the same value)
