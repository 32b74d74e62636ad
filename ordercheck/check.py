"""Rules x DecisionModels -> Findings and ConfigErrors. The engine: no file access, no printing.

`check(rules, read)` takes the rules and a function that returns a target file's text (or None
when it does not exist), so tests and the CLI hand in what they like.

Every rule gets one of three verdicts, each exact:
- clean: no configuration allowed by the facts takes a wrong path, whatever the atoms the facts
  leave open, whatever unmodeled code returns, and whatever calls change (reads after a call that
  may change a value are atoms of their own, unbound by the facts);
- violated (a finding): some configuration of the inputs takes a wrong path whatever unmodeled
  code returns, assuming calls do not change the values the facts give (the finding names those
  calls when the counterexample needs that);
- undetermined (a finding that says so): neither can be proved; it names the unmodeled code or
  the calls the answer depends on.
"""

from __future__ import annotations

import collections
import difflib
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from . import suppress
from .bind import BindError, Scenario, Vocabulary, bind_condition, bind_scenario
from .extract import ModuleIndex, Options, Project, extract_from
from .extract import _deep as deep
from .formula import (after_event, collapse, compare, conj, disj, evaluate, named, render, render_literal, short, substitute,
                      terms_all, truth)
from .computed import settle, shown, surely, ties
from .witness import realizable as witnessed
from .cubes import lookup_for
from .domains import Space, Variable, VarKey
from .logic import Diagram, TooLarge
from .results import SHADOWED_RULE, CheckResult, finding_key  # noqa: F401 (re-exported)
from .model import ConfigError, DecisionModel, Finding, Formula, Lit, Location, Named, Outcome, Rule, Term, Truth, Value, short_outcome

_MASK = "<outside the scenario>"
_UNKNOWN_COST = 1000  # a counterexample fixes an unknown only where no other exists


class Models:
    """Parses each file once and extracts each target once; errors are cached as values."""

    def __init__(self, read: Callable[[str], str | None], options: Options = Options()) -> None:
        self.project = Project(read)
        self.options = options
        self._models: dict[tuple, DecisionModel | ConfigError] = {}

    def module(self, path: str) -> ModuleIndex | ConfigError | None:
        return self.project.module(path)

    def get(self, path: str, function: str, pure_calls: tuple[str, ...] = (),
            str_inputs: tuple[str, ...] = ()) -> DecisionModel | ConfigError | None:
        options = self.options if not pure_calls else replace(self.options, pure_calls=(*self.options.pure_calls, *pure_calls))
        if str_inputs:
            options = replace(options, str_inputs=str_inputs)
        key = (path, function, options)
        if key not in self._models:
            index = self.module(path)
            if index is None:
                return None
            self._models[key] = index if isinstance(index, ConfigError) else extract_from(
                index, path, function, project=self.project, options=options)
        return self._models[key]


def check(rules: Iterable[Rule], read: Callable[[str], str | None], shadow_check: bool = True,
          options: Options = Options()) -> CheckResult:
    """Check every rule against its target. `read(path)` returns the text of a file relative to
    the root, or None if there is no such file."""
    return deep(lambda: _check(rules, read, shadow_check, options))


def _check(rules: Iterable[Rule], read, shadow_check: bool, options: Options) -> CheckResult:
    result = CheckResult(rules=list(rules))
    models = Models(read, options)
    past_budget: set[str] = set()  # targets whose chain ran past the diagram budget under a rule
    for rule in result.rules:
        model = models.get(rule.path, rule.function, rule.pure_calls)
        if model is None:
            result.errors.append(ConfigError(rule.location, f"target file `{rule.path}` does not exist (rule `{rule.id}`)", rule.id))
            continue
        if isinstance(model, ConfigError):
            result.errors.append(_attach(model, rule))
            continue
        result.models[model.target] = model  # (the shadowed-branch check reads it: no rule's facts)
        strings = _string_inputs(rule, model)
        if strings:
            given = models.get(rule.path, rule.function, rule.pure_calls, strings)
            model = given if isinstance(given, DecisionModel) else model
        try:
            findings, error = check_rule(rule, model)
        except TooLarge as exc:
            findings, error = [], ConfigError(rule.location, f"rule `{rule.id}` cannot be decided exactly: {exc}", rule.id,
                                              ("narrow the scenario with more `given` facts",))
            if not rule.order:  # facts only narrow the chain: without them it is no smaller
                past_budget.add(model.target)
        if error is not None:
            result.errors.append(error)
        result.findings.extend(findings)
    if shadow_check:
        for model in result.models.values():
            if model.target not in past_budget:  # the same chain with fewer facts would run past it again
                result.findings.extend(shadowed_branches(model))
    result.findings = suppress.apply(result.findings, _suppressions(result, models))
    return result


def _string_inputs(rule: Rule, model: DecisionModel) -> tuple[str, ...]:
    """The inputs `rule`'s facts give a `str` whose str methods the model reads again after one of
    them ran (`kv.startswith("fp8")` twice: the second read "after" the first, as any object's
    method may change it; round 48, vLLM #40060: the correct version undetermined). The rule's
    model is built again knowing them `str`s; none where nothing would change."""
    vocab = Vocabulary(model)
    texts = set()
    for key, value in rule.given:
        if isinstance(value, str):
            try:
                texts.update(t.text for t in vocab.match_terms(key) if not t.version)
            except BindError:
                continue
    if not texts:
        return ()
    calls = tuple(f"{text}." for text in texts)
    events = {after_event(t.version) for b in model.branches for t in terms_all(b.guard) if t.version}
    return tuple(sorted(texts)) if any(event.startswith(calls) for event in events) else ()


def _suppressions(result: CheckResult, models: Models) -> list[suppress.Suppression]:
    ranges: dict[str, list[tuple[int, int]]] = {}
    for model in result.models.values():
        ranges.setdefault(model.path, []).append((model.line, model.end_line or model.line))
    written = []
    for path, spans in ranges.items():
        index = models.module(path)
        if isinstance(index, ModuleIndex):
            written += suppress.suppressions(path, index.lines, sorted(set(spans)))
    return written


def _attach(error: ConfigError, rule: Rule) -> ConfigError:
    hints = error.hints + (f"named by rule `{rule.id}` at {rule.location.path}:{rule.location.line}",)
    return ConfigError(error.location, error.message, rule.id, hints)


# ---------------------------------------------------------------- queries


@dataclass
class Query:
    """A model under a scenario, compiled to one diagram.

    `mode` "sound": facts bind only what the function was entered with; reads after a call that
    may change them are free atoms. "assume": every read of a text is the same atom (calls are
    assumed not to change what the decision reads)."""

    model: DecisionModel
    scenario: Scenario
    guards: list[Formula]
    space: Space
    diagram: Diagram
    scope: int  # where the scenario's constraints hold
    chain: int  # the branch index that fires, _MASK outside the scope
    mode: str = "assume"
    extra: list[Formula] = field(default_factory=list)
    computed: dict[int, int] = field(default_factory=dict)  # computed atoms -> where tied to their operands (`computed.py`)
    realizable: int = 1  # where computed atoms take values tried operands give them (`witness.py`); 1: true
    limited: tuple[int, ...] = ()  # the computed atoms that restricts

    @classmethod
    def build(cls, model: DecisionModel, scenario: Scenario, extra: Iterable[Formula] = (), mode: str = "assume") -> "Query":
        prepare = _preparer(scenario, mode)
        model, order = _with_refusals(model, scenario, prepare)
        guards = [prepare(b.guard) for b in model.branches]
        facts = [prepare(c) for c in scenario.constraints]
        axioms = [prepare(a) for a in [*model.axioms, *(_lookups_any_version(model) if mode == "assume" else ()),
                                       *_lookups_of_equal_keys(model, scenario),
                                       *(_attributes_any_version(model) if mode == "assume" else ()),
                                       *_facts_on_reads(model, scenario, facts, prepare)]]
        constraints = [*facts, *axioms]
        extra = [prepare(e) for e in extra]
        # variables are ordered as first met: the guards' before the axioms' (implications between
        # atoms the guards read, met in no useful order: first, they took a chain of four
        # isinstance guards from 268 diagram nodes to 657,678 and 80 s)
        space = Space([*facts, *guards, *axioms, *extra])
        diagram = Diagram(space)
        # the texts facts substituted are no variables: a computed atom reading one is not free
        computed, known = ties(diagram, scenario.values)
        scope = diagram.conj(diagram.conj(diagram.formula(conj(*constraints)), diagram.consistency()), known)
        chain = diagram.restrict(scope, diagram.chain([guards[i] for i in order], order), _MASK)
        realizable, limited, raising, _ = witnessed(diagram, scenario.values)
        computed.update((var, diagram.true) for var in raising)  # (tied everywhere: never a value)
        return cls(model, scenario, guards, space, diagram, scope, chain, mode, extra, computed, realizable, tuple(limited))

    def unknown_variables(self) -> set[int]:
        """Variables whose value no input decides: values of unmodeled code, and (in the sound
        mode) reads after a call that may have changed them. (Computed atoms are such only where
        their operands tie them: `surely`.)"""
        return {i for i, v in enumerate(self.space.variables) if v.opaque or (self.mode == "sound" and v.version)}

    def surely(self, u: int) -> int:
        """Where `u` holds whatever the unknowns are (and computed atoms, where their operands
        tie them), among the values the scenario allows them (a fact may decide a computed atom:
        `"x" in archs` = false), and some value is allowed."""
        u = settle(self.diagram, u, self.scope, self.computed)
        # and only where computed atoms take values some operand values give them (`witness.py`)
        u = self.diagram.conj(u, self.realizable)
        return surely(self.diagram, u, self.scope, self.unknown_variables())

    def cost(self, var: int) -> int:
        v = self.space.variables[var]
        return _UNKNOWN_COST if v.opaque or v.version or var in self.computed or var in self.limited else 1


def _lookups_any_version(model: DecisionModel) -> list:
    """What lookups of one key imply across calls the "assume" mode takes to change nothing
    (`os.getenv("K")`, a call, `os.environ.get("K", "0")`: one value, or each its default; round
    25: free of each other, a violation no run under that assumption gives); none where every
    key's lookups read one version of the mapping (`model.axioms` has those)."""
    from .extract import lookup_axioms_across

    versions: dict[tuple, set] = {}
    for mapping, version, key, *_ in model.lookups:
        versions.setdefault((mapping, key), set()).add(version)
    return lookup_axioms_across((model,)) if any(len(found) > 1 for found in versions.values()) else []


def _lookups_of_equal_keys(model: DecisionModel, scenario: Scenario) -> list:
    """What lookups of one mapping imply where their keys are spelled apart but equal: a name a
    fact gives and the literal it gives (`os.environ.get(key)` with `key = "K"`, and
    `os.environ.get("K")`), or literals Python takes for one key (`d.get(1)`, `d.get(True)`). Round
    35: they were free of each other, and a counterexample gave one variable two values."""
    import ast

    from .extract import lookup_axioms

    def key_of(text: str) -> object:
        text = text.split(" @", 1)[0]
        if text in scenario.values:
            return ("value", scenario.values[text].value)
        try:
            return ("value", ast.literal_eval(text))
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return ("text", text)

    groups: dict[tuple, dict[str, list]] = {}
    for mapping, version, key, value, default in model.lookups:
        try:
            canonical = (mapping, version, key_of(key))
            hash(canonical)
        except TypeError:  # (an unhashable literal key: Python raises there)
            continue
        groups.setdefault(canonical, {}).setdefault(key, []).append((value, default))
    out = []
    for canonical, by_text in groups.items():
        if len(by_text) > 1:  # (one spelling: `model.axioms` has them)
            out += lookup_axioms({canonical: [pair for pairs in by_text.values() for pair in pairs]}, {})
    return out


def _attributes_any_version(model: DecisionModel) -> list:
    """`extract.attribute_axioms` of `hasattr(o, a)` and `getattr(o, a, d)` read across calls the
    "assume" mode takes to change nothing (`model.axioms` has those of one version)."""
    from .extract.builtins import attribute_axioms

    tests = {(obj, attr): test for obj, attr, test in model.attribute_tests}
    reads: dict[tuple, list] = {}
    for obj, attr, value, default in model.getattr_reads:
        reads.setdefault((obj, attr), []).append((value, default))
    return attribute_axioms(tests, reads)


def _facts_on_reads(model: DecisionModel, scenario: Scenario, facts: list, prepare: Callable[[Value], Value]) -> list:
    """What the facts say of reads the function makes of the same thing by another name (round
    36; free of them, scenarios had `cfg.mode` "flash" and no attribute `mode`, or K unset and
    `os.getenv("K", "")` "1"): a fact giving `o.a` a value (or `o.a.b`, a set, a range, a
    comparison that holds) says reading it does not raise, so `hasattr(o, "a")` holds; and a fact
    on `k in d` the function does not read itself (`"'K' in os.environ" = false`) ties `d.get(k,
    x)`, `os.getenv(k, x)` to it as the function's own test does (`extract.lookup_axioms`)."""
    from .extract import lookup_axioms
    from .formula import walk
    from .model import Compare

    out: list = []
    given = {*scenario.values, *scenario.choices}
    given.update(t.text for c in scenario.constraints if isinstance(c, Compare) and c.op in ("==", "in", "<", "<=", ">", ">=", "is")
                 for t in (c.left, c.right) if isinstance(t, Term))
    for obj, attr, test in model.attribute_tests:
        read = f"{obj}.{attr}"
        if any(text == read or text.startswith((read + ".", read + "[", read + "(")) for text in given):
            out.append(truth(test.entry))
    tested = {node for fact in facts for node in walk(fact) if isinstance(node, Compare) and node.op == "in"}
    if tested:
        for mapping, version, key, test in model.membership_tests:
            if prepare(test) in tested:
                found = [(value, default) for m, v, k, value, default in model.lookups if (m, v, k) == (mapping, version, key)]
                out += lookup_axioms({(mapping, version, key): found}, {(mapping, version, key): test})
    return out


def _with_refusals(model: DecisionModel, scenario: Scenario, prepare: Callable[[Value], Value]) -> tuple[DecisionModel, list[int]]:
    """The model with a branch of unknown outcome for each statement the facts make Python raise
    computing (`k = 6 // n` with `n = 0`, `a, b = mode` with `mode = "abc"`), and the order of
    the chain: each such branch before the ones the statement precedes (the model does not follow
    the exception, and no branch after it fires where it raises). Added branches come after the
    model's own, whose indices stay."""
    order = list(range(len(model.branches)))
    if not (scenario.values or scenario.choices) or not model.computations:
        return model, order
    from dataclasses import replace

    from .model import Branch, Outcome

    given = {text: lit.value for text, lit in scenario.values.items()}
    added: list[Branch] = []
    before: dict[int, list[int]] = {}
    for c in model.computations:
        if "*" not in c.reads and c.reads.isdisjoint(given) and c.reads.isdisjoint(scenario.choices):
            continue  # (no fact gives what it reads: the model's assumption, values the code accepts)
        raises, exception = _refused(prepare(c.value), given, scenario.choices, c)
        if raises == Lit(False):
            continue
        what = f"unpacking {render(c.value)} into {c.length} names" if c.length is not None else render(c.value)
        verb = "computes NaN" if exception == "NaN" else \
            f"raises {exception}" if exception else "may raise"
        text = f"<{what if len(what) <= 60 else what[:57] + '...'} {verb} under the facts>"
        index = len(model.branches) + len(added)
        added.append(Branch(index, conj(prepare(c.guard), raises), text, c.line, 1, (), "raise", 0, Outcome(text, "opaque")))
        before.setdefault(c.first, []).append(index)
    if not added:
        return model, order
    order = []
    for position in range(len(model.branches) + 1):
        order += before.get(position, [])
        if position < len(model.branches):
            order.append(position)
    return replace(model, branches=(*model.branches, *added)), order


_MOST_CHOICES = 64  # value combinations of set facts tried per computation; past it, "may raise"


def _refused(value: Value, given: dict, choices: dict, computation) -> tuple[Formula, str]:
    """Where Python refuses a computation (`computed.refusal`) with the facts' values: for an
    operand a set fact gives (`n = [0, 1]`), at each of its values, under the atom taking that
    value (round 11: `6 // n` was clean where a set held 0); an operand a range gives may take
    any value of it (the evaluator cannot try them all): the computation may raise."""
    from itertools import product

    from .computed import refusal

    from .computed import operands
    from .formula import walk

    chosen = sorted(t for t in computation.reads if t in choices)
    ranged = {t for t in chosen if not isinstance(choices[t], tuple)}
    if ranged:
        # a range holds numbers, which an order comparison never refuses; a value computed from
        # one (`6 // n`) may raise at some number of it
        if computation.length is not None or any(
                isinstance(node, Term) and (operands(node.text, node.kind) or frozenset()) & ranged for node in walk(value)):
            return Lit(True), ""  # type: ignore[return-value]
        chosen = [t for t in chosen if t not in ranged]
    if not chosen:
        return refusal(value, given, computation.length)
    combos = list(product(*(choices[t] for t in chosen)))
    if len(combos) > _MOST_CHOICES:
        return Lit(True), ""  # type: ignore[return-value]
    found: list[Formula] = []
    names: dict[str, None] = {}
    for combo in combos:
        at = dict(zip(chosen, combo))
        raises, exception = refusal(substitute(value, {t: Lit(v) for t, v in at.items()}), {**given, **at}, computation.length)
        if raises == Lit(False):
            continue
        names.update(dict.fromkeys(exception.split(" or ")) if exception else {})
        found.append(conj(raises, *(compare(Term(t, 0, "name"), "==", Lit(v)) for t, v in at.items())))
    return (disj(*found) if found else Lit(False)), " or ".join(n for n in names if n)  # type: ignore[return-value]


def _preparer(scenario: Scenario, mode: str) -> Callable[[Value], Value]:
    values = scenario.values
    if mode == "assume":
        return lambda f: substitute(collapse(f), values)
    return lambda f: substitute(f, values, entry_only=True)


def outcome_matches(name: str, outcome: str) -> bool:
    """`NO_OVERLAP` matches `SharedExpertsOrder.NO_OVERLAP`; `WIDE` matches the literal `'WIDE'`."""
    if outcome[:1] in ("'", '"') and outcome[1:-1] == name:
        return True
    if outcome == name or outcome.endswith("." + name):
        return True
    # a dict as Python compares it (round 51: `{"backend": "fa3"}` named no `{'backend': 'fa3'}`:
    # clean where that dict is returned), keys and values each as above
    return name[:1] == "{" and outcome[:1] == "{" and _same_dict(name, outcome)


def _same_dict(name: str, outcome: str) -> bool:
    wanted, mine = _dict_spelling(name), _dict_spelling(outcome)
    if wanted is None or mine is None or len(wanted) != len(mine):
        return False
    matched = [next((i for i, (w, _) in enumerate(wanted) if _same_key(k, w)), None) for k, _ in mine]
    if None in matched or len(set(matched)) != len(matched):
        return False
    return all(_same_key(value, wanted[i][1], strict=True) for i, (_, value) in zip(matched, mine))


def _selected(query: Query, index: int) -> str:
    """The outcome text branch `index` selects under the query's scenario: a branch that passes
    an input through (an explicit user choice) selects the value the facts give it, a dict holding
    inputs (`{"attention_backend": view.prefill}`) the dict of the values they give."""
    branch = query.model.branches[index]
    result = branch.result
    if result is not None and result.kind in ("term", "dict"):
        bound = _bound_text(query, result)
        if bound is not None:
            return bound
    return branch.outcome


def _bound_text(query: Query, outcome: Outcome) -> str | None:
    """The text of `outcome` under the query's facts, where they give each input it holds a value
    (None where one is not given: it may be any value)."""
    if outcome.kind == "term" and outcome.term is not None:
        term = outcome.term
        if query.mode == "assume" or not term.version:
            bound = query.scenario.values.get(term.text)
            if bound is not None:
                return repr(bound.value) if bound.value is not None else "None"
        return None
    if outcome.kind == "dict":
        values = [_bound_text(query, item) for item in outcome.items]
        if any(v is None for v in values):
            return None
        return "{" + ", ".join(f"{k}: {v}" for k, v in zip(outcome.keys, values)) + "}"
    return None if outcome.kind == "opaque" else outcome.text


def _texts(query: Query, index: int) -> tuple[str, ...]:
    """What a rule may name branch `index` by: the outcome it selects under the scenario, and for
    a branch passing an input through that a fact gives, the expression it returns too (round 40:
    `return backend` with `backend = "triton"` was no `backend`, and `forbid = ["backend"]` clean)."""
    selected = _selected(query, index)
    own = query.model.branches[index].outcome
    return (selected,) if own == selected else (selected, own)


def known_outcomes(model: DecisionModel) -> list[str]:
    """Every outcome a rule may name: what branches select, the items of selected lists, and every
    member of the enums they come from."""
    items = [i.text for b in model.branches if b.result is not None and b.result.kind == "list" for i in b.result.items]
    return list(dict.fromkeys([*model.outcomes, *items, *model.declared]))


def _items(query: Query, index: int | None) -> list[str]:
    """The candidates branch `index` selects, in order (a scalar outcome is a list of one)."""
    if index is None:
        return []
    result = query.model.branches[index].result
    if result is not None and result.kind == "list":
        return [_bound_text(query, i) or i.text for i in result.items]
    return [_selected(query, index)]


def _position(name: str, items: list[str]) -> int | None:
    return next((i for i, item in enumerate(items) if outcome_matches(name, item)), None)


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
    known = known_outcomes(model)
    unnamed: list[str] = []  # outcomes no branch names, judged as values a branch may return
    for key, names in (("expect", [rule.expect]), ("forbid", rule.forbid), ("reachable", rule.reachable),
                       ("order", [s.then for s in rule.order]), ("otherwise", [rule.otherwise]), ("first", [rule.first]),
                       ("contains", rule.contains), ("before", [n for pair in rule.before for n in pair])):
        for name in names:
            if name and not any(outcome_matches(name, o) for o in known):
                if not _passes_through(model, name):
                    return [], _unknown_outcome(rule, model, name, key)
                unnamed.append(name)
    queries = {mode: Query.build(model, scenario, [w for w, _ in policy], mode) for mode in ("assume", "sound")}
    if queries["sound"].scope == queries["sound"].diagram.false:
        return [], ConfigError(rule.location, f"the facts of rule `{rule.id}` contradict each other: no configuration satisfies them", rule.id)
    findings: list[Finding] = []
    if rule.expect is not None:
        findings.extend(_violations(rule, queries, lambda o: outcome_matches(rule.expect, o), rule.expect, (rule.expect,), every=False))
    if rule.forbid:
        findings.extend(_violations(rule, queries, lambda o: not any(outcome_matches(f, o) for f in rule.forbid),
                                    f"not {' / '.join(rule.forbid)}", tuple(rule.forbid)))
    for name in rule.reachable:
        findings.extend(_reachable(rule, queries, name))
    if policy:
        findings.extend(_policy(rule, queries, policy))
    if rule.first is not None:
        findings.extend(_list_violations(rule, queries, lambda items: bool(items) and outcome_matches(rule.first, items[0]),
                                         f"first {rule.first}"))
    if rule.contains:
        findings.extend(_list_violations(rule, queries, lambda items: all(_position(c, items) is not None for c in rule.contains),
                                         "contains " + ", ".join(rule.contains)))
    for x, y in rule.before:
        def tried_first(items: list[str], x: str = x, y: str = y) -> bool:
            px, py = _position(x, items), _position(y, items)
            return py is None or (px is not None and px < py)

        findings.extend(_list_violations(rule, queries, tried_first, f"{x} before {y}"))
    if unnamed and findings:
        # a typo'd outcome is judged too, where a branch returns what the model does not follow
        # (round 12: "expected FLEXX, got FLEX" with no word that no branch names FLEXX)
        note = _unnamed_note(model, unnamed)
        findings = [_with(f, detail=(f.detail + "; " if f.detail else "") + note) for f in findings]
    return findings, None


def _unnamed_note(model: DecisionModel, names: list[str]) -> str:
    """Why a rule naming outcomes no branch names was judged at all, with the nearest names."""
    passing = [b for b in model.branches if b.result is not None and b.result.kind in ("term", "opaque", "dict", "list")]
    lines = sorted({b.line for b in passing})
    where = ", ".join(str(n) for n in lines[:3])
    # (an input passed through is a value the facts may give, no code the model does not follow: round 48)
    why = ", which the model does not follow" if all(b.result.kind == "opaque" for b in passing) else \
        ", an input the facts may give or a value the model does not follow"
    return (f"no branch names the outcome `{names[0]}` ({_outcome_hints(model, names[0])[0]}): it is judged as a value the "
            f"branch{'es' if len(lines) > 1 else ''} at line {where} may return{why}")


def _passes_through(model: DecisionModel, name: str) -> bool:
    """Some branch returns an input unchanged, so any value may be the outcome (`'triton'` when
    the user chose it), or a value the model does not follow (an item of a list something
    changed, what a `match` returns): the rule is judged, and undetermined where that branch may
    fire (round 10: a name the code returns was an "unknown outcome", exit 2)."""
    return any(b.result is not None and (b.result.kind in ("term", "opaque") or b.result.kind == "list" and any(
        i.kind in ("term", "opaque") for i in b.result.items) or b.result.kind == "dict" and _dict_may_be(b.result, name))
        for b in model.branches)


def _unknown_outcome(rule: Rule, model: DecisionModel, name: str, key: str) -> ConfigError:
    return ConfigError(rule.line_of(key), f"unknown outcome `{name}` for {model.short_name}", rule.id, _outcome_hints(model, name))


def _outcome_hints(model: DecisionModel, name: str) -> tuple[str, ...]:
    """The outcomes nearest to a name no branch has ("did you mean ..."), else all of them: of
    the branches' constants (not the text of a value a branch passes through)."""
    passed = {b.outcome for b in model.branches if b.result is not None and b.result.kind in ("term", "opaque", "dict")}
    known = [o for o in known_outcomes(model) if o not in passed]
    shorts = [short_outcome(o) for o in known]  # (round 48: `moe_runner_backend}` of a dict's text)
    near = [o for o, s in zip(known, shorts) if s.lower() in name.lower() or name.lower() in o.lower()]
    near += difflib.get_close_matches(name, shorts, n=2, cutoff=0.5)
    if not shorts:  # (round 44: "outcomes of this target: " with nothing after it)
        return ("no outcome of this target is a constant: each branch returns a value the model does not follow",)
    return tuple(dict.fromkeys(f"did you mean `{short_outcome(n) if n in known else n}`?" for n in near)) or (
        "outcomes of this target: " + ", ".join(shorts),)


# ---------------------------------------------------------------- verdicts


@dataclass
class Decision:
    """How a violation was decided: in which query, on which counterexample path."""

    verdict: str  # violated | undetermined
    query: Query
    fixed: dict
    unknowns: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()

    def walk(self, u: int) -> object:
        """The leaf of diagram `u` on the counterexample (variables it leaves free take any
        class: the violation holds for all of them)."""
        d = self.query.diagram
        while not d.is_leaf(u):
            classes = self.fixed.get(d.var_of(u))
            u = d.children(u)[classes[0] if classes else 0]
        return d.value(u)


def decide(queries: dict[str, Query], indicator: Callable[[Query], int],
           shown: Callable[[Query], int] | None = None) -> Decision | None:
    """None when no configuration violates (clean, proved in the sound query); violated when the
    assumed query violates for some inputs whatever the unknowns are; else undetermined, on a
    path of `shown` where it has one (where the scenario shown may violate: not one where a value
    passed through is one the rule allows)."""
    sound = queries["sound"]
    region = indicator(sound)
    if sound.diagram.shortest_path(region, bool) is None:
        return None
    assume = queries["assume"]
    definite = assume.surely(indicator(assume))
    found = assume.diagram.shortest_path(definite, bool)
    if found is not None:
        return Decision("violated", assume, _untied(assume, found[0]))
    if shown is not None:
        preferred = sound.diagram.conj(region, shown(sound))
        region = preferred if sound.diagram.shortest_path(preferred, bool) is not None else region
    fixed, _ = sound.diagram.shortest_path(region, bool, sound.cost)  # type: ignore[misc]
    unknown = sound.unknown_variables()
    unknowns = [_unknown_text(sound, v) for v in fixed if v in unknown or v in sound.computed or v in sound.limited]
    index = Decision("undetermined", sound, fixed).walk(sound.chain)
    if _opaque_outcome(sound, index):
        branch = sound.model.branches[index]  # type: ignore[index]
        unknowns.insert(0, f"line {branch.line}: `{branch.outcome[1:-1]}`, which the model does not follow" if branch.kind == "raise" else
                           f"the value returned at line {branch.line}, which the model does not know ({branch.outcome})")
    if not unknowns:
        unknowns = sorted({_unknown_text(sound, i) for i in [*unknown, *sound.computed, *sound.limited]})[:6]
    return Decision("undetermined", sound, fixed, tuple(unknowns))


def _untied(query: Query, fixed: dict) -> dict:
    """A counterexample less the computed atoms it ties (`computed.py`): the violation holds
    whatever they are there, and a value a path through the diagram gave one may be none its
    operands can make (`mode` other than "x" with `mode + "y"` == "xy": fuzz --computed 2214)."""
    d = query.diagram

    def always(u: int) -> bool:
        if d.is_leaf(u):
            return bool(d.value(u))
        classes = fixed.get(d.var_of(u)) or range(len(d.children(u)))
        return all(always(d.children(u)[c]) for c in classes)

    try:
        return {var: classes for var, classes in fixed.items() if var not in query.computed or not always(query.computed[var])}
    finally:
        del always  # it calls itself: a cycle otherwise, left to the collector


def _opaque_outcome(query: Query, index: object, named: tuple[str, ...] = ()) -> bool:
    """The branch selects a value the model does not know (a list built from unknown values...):
    it may or may not be what the rule wants. Not when the rule names that very expression
    (`named`): returning `cfg.auto` is returning what `forbid = ["cfg.auto"]` names, whatever its value."""
    if not isinstance(index, int):
        return False
    if any(outcome_matches(n, t) for n in named for t in _texts(query, index)):
        return False
    result = query.model.branches[index].result
    if result is not None and result.kind in ("term", "dict"):
        # a value passed through (`return cfg.m`, a dict holding it): unless the facts give it, it
        # may be any value, the one the rule names included; a dict, only one of its keys
        if _bound_text(query, result) is not None:
            return False
        return result.kind == "term" or not named or any(_dict_may_be(result, name) for name in named)
    return result is not None and (result.kind == "opaque" or any(i.kind == "opaque" or i.kind == "term" and _bound_text(query, i) is None
                                                                  for i in result.items))


def _dict_may_be(outcome: Outcome, name: str) -> bool:
    """Whether the dict a branch returns, some of its values unknown, may be the dict `name`
    writes: the same keys, and its constant values the same (round 48: `{"attention_backend":
    backend}` may be no `{}`, whatever `backend` is). Keys and values are Python literals or
    dotted names (`{B.FA: 'fa3'}`, `FA` for `B.FA` as elsewhere); a `name` that is no such dict
    is none (round 51: `{<B.FA: 'fa'>: 'fa3'}`, Python's repr, was judged and found clean)."""
    import ast as _ast

    wanted = _dict_spelling(name)
    if wanted is None:
        return False  # (a dict is no scalar, no list, no text Python does not read as a dict)
    mine = [_spelled(k) for k in outcome.keys]
    if any(k is None for k in mine):
        return True  # (a key the model knows no constant of: it may be any)
    if len(mine) != len(wanted):
        return False
    matched = [next((i for i, (w, _) in enumerate(wanted) if _same_key(k, w)), None) for k in mine]
    if None in matched or len(set(matched)) != len(matched):
        return False
    for i, item in zip(matched, outcome.items):
        value = wanted[i][1]
        if item.kind in ("literal", "none") and value[0] == "literal":
            try:
                if not _same_key(("literal", _ast.literal_eval(item.text)), value, strict=True):
                    return False
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
        elif item.kind in ("literal", "none") and value[0] == "name" or item.kind in ("member", "named") and (
                value[0] == "literal" or not outcome_matches(value[1], item.text)):
            return False
    return True


@functools.lru_cache(maxsize=4096)
def _dict_spelling(name: str) -> tuple[tuple[tuple[str, object], tuple[str, object]], ...] | None:
    """The (key, value) pairs of a rule's dict outcome, each ("literal", value) or ("name",
    dotted text) (`("other", text)` for a value that is neither); None where `name` is no dict
    of those keys."""
    import ast as _ast

    try:
        node = _ast.parse(name.strip(), mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    if not isinstance(node, _ast.Dict) or any(k is None for k in node.keys):
        return None
    pairs = []
    for key, value in zip(node.keys, node.values):
        k = _spelled_node(key)
        if k is None or k[0] == "other":
            return None
        v = _spelled_node(value)
        pairs.append((k, v if v[0] != "other" else ("other", _ast.unparse(value))))
    return tuple(pairs)


def _spelled(text: str) -> tuple[str, object] | None:
    """A key the model prints (`'k'`, `B.FA`) as `_dict_spelling` reads one; None: neither."""
    import ast as _ast

    try:
        found = _spelled_node(_ast.parse(text.strip(), mode="eval").body)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    return found if found is not None and found[0] != "other" else None


def _spelled_node(node) -> tuple[str, object] | None:
    import ast as _ast

    from .model import dotted

    try:
        return ("literal", _ast.literal_eval(node))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    text = dotted(node) if isinstance(node, (_ast.Name, _ast.Attribute)) else None
    return ("name", text) if text else ("other", None)


def _same_key(mine: tuple[str, object], wanted: tuple[str, object], strict: bool = False) -> bool:
    """A key (or value) the model prints and one a rule writes, as `_spelled_node` reads them:
    literals equal as Python compares them (a value, `strict`: of one type too, as a scalar
    outcome is named: `1` names no `True`), dotted names as `outcome_matches` does."""
    if mine[0] == "literal" and wanted[0] == "literal":
        if strict:
            return type(mine[1]) is type(wanted[1]) and bool(mine[1] == wanted[1])
        try:
            return bool(mine[1] == wanted[1]) and hash(mine[1]) == hash(wanted[1])
        except TypeError:
            return mine[1] == wanted[1]  # (a list value: no key, compared as one)
    if mine[0] == wanted[0] == "name":
        return outcome_matches(str(wanted[1]), str(mine[1]))
    return mine[0] == wanted[0] == "other" and mine[1] == wanted[1]


def _counts(query: Query, index: object, named: tuple[str, ...] = ()) -> bool:
    """Whether a branch is judged at all: an unknown outcome counts as a possible violation when
    proving a rule clean, never as a definite one; a way out before a decision variable was
    assigned is none of a rule's concern."""
    if isinstance(index, int):
        result = query.model.branches[index].result
        if result is not None and result.kind == "unassigned":
            return False
    return query.mode == "sound" or not _opaque_outcome(query, index, named)


def _violations(rule: Rule, queries: dict[str, Query], ok: Callable[[str], bool], expected: str,
                named: tuple[str, ...] = (), every: bool = True) -> list[Finding]:
    """The finding for "some configuration selects an outcome that is not ok", or none. `named`:
    the outcomes the rule names, which settle a passed-through value that is one of them. A branch
    a rule may name two ways (`_texts`) is ok where `every` one is (`forbid`), else where one is."""
    combine = all if every else any

    def indicator(query: Query) -> int:
        return query.diagram.local(lambda v: v != _MASK and _counts(query, v, named) and (
            v is None or _opaque_outcome(query, v, named) or not combine(ok(t) for t in _texts(query, v))), query.chain)  # type: ignore[arg-type]

    decision = decide(queries, indicator, lambda query: _passed_through_unless(query, ok))
    if decision is None:
        return []
    index = decision.walk(decision.query.chain)
    return [_decided(rule, decision, None if index == _MASK else index, expected)]  # type: ignore[arg-type]


def _passed_through_unless(query: Query, ok: Callable[[str], bool]) -> int:
    """Where no branch passing an input through (`return cfg.m`) fires at a value of it the
    guards compared with a constant the rule allows (`ok`): the region the scenario of an
    undetermined finding is taken from (round 48, vLLM 0.31.0: `<item of the loop> ==
    FLASHINFER_TRTLLM`, an item the rule allows, shown for "DEEPGEMM may be selected"). A
    display choice only: verdicts are the indicator's."""
    d = query.diagram
    allowed = d.false
    for index, branch in enumerate(query.model.branches):
        result = branch.result
        if result is None or result.kind not in ("term", "opaque") or _bound_text(query, result) is not None:
            continue
        # (a value of unmodeled code the guards compare, the loop's item: by its text)
        text, version = (result.term.text, result.term.version) if result.term is not None else (result.text, "")
        var = query.space.index.get(VarKey("value", text, version))
        if var is None:
            continue
        classes = query.space.variables[var].classes
        good = [c.kind == "point" and ok(c.label()) for c in classes]
        if any(good):
            fires = d.local(lambda v, index=index: v == index, query.chain)
            allowed = d.disj(allowed, d.conj(fires, d.node(var, tuple(d.true if g else d.false for g in good))))
    return d.negate(allowed)


def _list_violations(rule: Rule, queries: dict[str, Query], ok: Callable[[list[str]], bool], expected: str) -> list[Finding]:
    """The finding for "some configuration selects a list that is not ok" (`first`, `before`,
    `contains`), or none."""

    def indicator(query: Query) -> int:
        return query.diagram.local(lambda v: v != _MASK and _counts(query, v) and (_opaque_outcome(query, v) or not ok(_items(query, v))), query.chain)  # type: ignore[arg-type]

    decision = decide(queries, indicator)
    if decision is None:
        return []
    index = decision.walk(decision.query.chain)
    return [_decided(rule, decision, None if index == _MASK else index, expected)]  # type: ignore[arg-type]


def _decided(rule: Rule, decision: Decision, index: int | None, expected: str, detail: str = "") -> Finding:
    finding = _finding(rule, decision.query, decision.fixed, index, expected, detail)
    if decision.verdict == "violated":
        assumed = _assumed_calls(decision.query, index)
        return _with(finding, assumed=tuple(assumed)) if assumed else finding
    note = "undetermined: the outcome depends on " + ("; ".join(decision.unknowns) or
                                                      "how values the model does not compute relate (see the scenario)")
    return _with(finding, verdict="undetermined", unknowns=decision.unknowns,
                 detail=(finding.detail + "; " if finding.detail else "") + note)


def _unknown_text(query: Query, i: int) -> str:
    var = query.space.variables[i]
    if var.opaque:
        again = f", {var.version}" if var.version else ""  # a loop's later round, a helper's second call
        where = f", line {var.line}" if var.line else ""  # (a comparison the facts made raise has none)
        return f"unmodeled code ({var.text}{where}{again})"
    if i in query.computed and not var.version:
        return shown(query.space, var, line=True) + ", which the model does not relate to it"
    if i in query.limited:
        return shown(query.space, var, line=True) + ", at a value the model found no input to give it"
    return f"`{var.text}` read after `{after_event(var.version)}`, which may change it (line {var.line})"


def _assumed_calls(query: Query, index: int | None) -> list[str]:
    """The calls a definite finding assumes leave the facts alone: those before a read, in a
    guard up to the branch that fired, of an atom the facts bind."""
    from .formula import versioned

    out: dict[str, None] = {}
    bound = {t for texts in query.scenario.bound.values() for t in texts}
    for branch in query.model.branches[: (index + 1) if index is not None else None]:
        for term in versioned(branch.guard):
            if term.text in bound:
                out.setdefault(after_event(term.version), None)
    return list(out)


def _with(finding: Finding, **changes) -> Finding:
    from dataclasses import replace

    return replace(finding, **changes)


def _reachable(rule: Rule, queries: dict[str, Query], name: str) -> list[Finding]:
    """Pass: some inputs select `name` whatever the unknowns are. Finding: nothing can select it,
    even where unknowns help. Otherwise undetermined."""
    def selects(query: Query) -> int:
        return query.diagram.local(lambda v: v != _MASK and v is not None and any(outcome_matches(name, t) for t in _texts(query, v)),
                                   query.chain)

    sound = queries["sound"]
    if sound.surely(selects(sound)) != sound.diagram.false:
        return []
    model = sound.model
    branches = [b for b in model.branches if outcome_matches(name, b.outcome)]
    first = branches[0] if branches else None
    possible = selects(sound) != sound.diagram.false
    through: list = []
    if not possible:
        # a branch whose outcome is a value the model does not know (an input passed through, an
        # unmodeled value, a name from outside the tree) may be `name` where it fires: never
        # "nothing selects it" (`return mode` with mode "W"; exploratory fuzz round 4)
        fires = sound.diagram.leaves(sound.chain)
        # (a name from outside the tree, `Order.NO_OVERLAP`, is another outcome than `Order.X` by
        # its name, as everywhere; it may hold a literal a rule names)
        kinds = ("term", "opaque", "dict", "named") if name[:1] in ("'", '"') else ("term", "opaque", "dict")
        through = [b for b in model.branches if b.index in fires and (b.result is None or b.result.kind in kinds)]
        possible = bool(through)
    location = Location(model.path, first.line, first.col) if first else Location(model.path, model.line)
    detail = (f"no configuration allowed by the scenario selects {name}" if not possible
              else f"undetermined: {name} is selected only depending on code the model does not see")
    because = tuple(f"line {b.line}: {render(sound.guards[b.index], shorten=True)} never holds before an earlier branch" for b in branches) \
        if branches else tuple(f"line {b.line} returns {b.outcome}, a value the model does not know" for b in through[:3]) \
        or (f"no branch returns {name}",)
    return [Finding(
        rule_id=rule.id, severity=rule.severity, location=location,
        title=rule.message or f"{name} must be reachable", expected=name, expected_line=first.line if first else None,
        actual="unreachable" if not possible else "undetermined", source=first.source if first else (),
        scenario=_scenario_lines(rule, sound, {}), rule_location=rule.location, target=model.target, detail=detail,
        because=because, verdict="violated" if not possible else "undetermined",
    )]


def _policy(rule: Rule, queries: dict[str, Query], policy: list[tuple[Formula, str]]) -> list[Finding]:
    def pairs_of(query: Query) -> int:
        return query.diagram.pair(query.chain, query.diagram.chain(query.extra, list(range(len(policy))), fallback=None))

    def want_of(step: int | None) -> str | None:
        return policy[step][1] if step is not None else rule.otherwise

    def indicator(query: Query) -> int:
        def wrong(pair: object) -> bool:
            code, step = pair  # type: ignore[misc]
            want = want_of(step)
            if code == _MASK or want is None or not _counts(query, code, (want,)):
                return False
            return code is None or _opaque_outcome(query, code, (want,)) or not any(outcome_matches(want, t) for t in _texts(query, code))

        return query.diagram.local(wrong, pairs_of(query))

    decision = decide(queries, indicator)
    if decision is None:
        return []
    index, step = decision.walk(pairs_of(decision.query))  # type: ignore[misc]
    want = want_of(step)
    why = f"policy step {step + 1}: when {rule.order[step].when} -> {want}" if step is not None else f"policy: otherwise -> {want}"
    return [_decided(rule, decision, None if index == _MASK else index, want or "", why)]  # type: ignore[arg-type]


def _counterexample(fixed: list) -> dict[str, str]:
    """Atom text -> the class it takes. An expression read both for its truth and for its value
    (`t = cfg.f0 or ...; t is True`) is two variables of one text: the truth one is keyed
    `bool(text)`, or a truthy value other than True would read as True (fuzz seed 6464)."""
    texts = collections.Counter(_display(v, full=True) for v, _ in fixed)
    out = {}
    for v, c in fixed:
        text = _display(v, full=True)
        out[f"bool({text})" if texts[text] > 1 and v.key.kind == "truth" else text] = v.describe(c)
    return out


def _finding(rule: Rule, query: Query, fixed: dict, index: int | None, expected: str, detail: str = "") -> Finding:
    model = query.model
    expected_line = None
    if expected and not expected.startswith("not "):
        expected_line = next((b.line for b in model.branches if outcome_matches(expected, b.outcome)), None)
        if expected_line is None and any(outcome_matches(expected, o) for o in model.declared):
            detail = (detail + "; " if detail else "") + f"no branch returns {expected}"
    counterexample = _counterexample([(query.space.variables[k], c) for k, c in fixed.items()])
    if index is None:
        return Finding(rule.id, rule.severity, Location(model.path, model.line), rule.message or rule.id, expected, expected_line,
                       "no branch", None, (), (), _scenario_lines(rule, query, fixed), rule.location, model.target, detail,
                       extra={"counterexample": counterexample})
    branch = model.branches[index]
    return Finding(
        rule_id=rule.id, severity=rule.severity,
        location=Location(model.path, branch.line, branch.col),
        title=rule.message or rule.id, expected=expected, expected_line=expected_line,
        actual=_actual(query, index, fixed), actual_line=branch.line, source=branch.source,
        because=_because(query, fixed, index), scenario=_scenario_lines(rule, query, fixed), rule_location=rule.location,
        target=model.target, detail=detail,
        extra={"counterexample": counterexample, "branch": index},
    )


def _actual(query: Query, index: int, fixed: dict | None = None) -> str:
    text = _selected(query, index)
    result = query.model.branches[index].result
    pinned = _pinned(query, result, fixed or {}) if result is not None and text == result.text else None
    if pinned is not None:
        return f"{result.short} = {pinned}"  # type: ignore[union-attr]
    return result.short if result is not None and text == result.text else text


def _pinned(query: Query, result: Outcome, fixed: dict) -> str | None:
    """The constant a value passed through equals on the path `fixed` (its guards compared it
    with one: `<item of the loop> == DEEPGEMM`), as the scenario shows it; None elsewhere."""
    if result.kind not in ("term", "opaque"):
        return None
    text, version = (result.term.text, result.term.version) if result.term is not None else (result.text, "")
    var = query.space.index.get(VarKey("value", text, version))
    classes = fixed.get(var) if var is not None else None
    if not classes or len(classes) != 1:
        return None
    cls = query.space.variables[var].classes[next(iter(classes))]
    return cls.label() if cls.kind == "point" else None


def fact_text(value: object) -> str:
    """A fact's value as a rule writes it: `true`, `"a"`, `"a"|"b"` (a set), `1..256` (a range)."""
    from .model import Range

    if isinstance(value, Range):
        return f"{'' if value.min is None else render_literal(value.min)}..{'' if value.max is None else render_literal(value.max)}"
    if isinstance(value, tuple):
        return "|".join(render_literal(v) for v in value)
    return render_literal(value)


def _scenario_lines(rule: Rule, query: Query, fixed: dict) -> tuple[tuple[str, str], ...]:
    out = [(key, fact_text(value)) for key, value in rule.given]
    bound = {text for texts in query.scenario.bound.values() for text in texts}
    shown = [query.space.variables[v] for v in sorted(fixed)]
    apart = _colliding(query.space)
    both = collections.Counter(var.text for var in shown)  # (a text's value and its truth, two variables)
    for v, classes in sorted(fixed.items()):
        var = query.space.variables[v]
        if var.text in bound and not var.version:
            continue  # fixed by a fact already shown
        text = _display(var, var.text in apart)
        out.append((f"bool({text})" if both[var.text] > 1 and var.key.kind == "truth" else text, var.describe(classes)))
    return tuple(out)


def _colliding(space: Space) -> set[str]:
    """The texts of `space` whose last names are another text's too (`self.x`, `cfg.x`): shown in
    full, or a scenario reads `x=false, x=true` (round 47)."""
    by_short: dict[str, set[str]] = {}
    for var in space.variables:
        if var.key.kind != "rel":
            by_short.setdefault(short(var.text), set()).add(var.text)
    return {text for texts in by_short.values() if len(texts) > 1 for text in texts}


def _display(var: Variable, full: bool = False) -> str:
    text = var.text if full or var.key.kind == "rel" or " " in var.text else short(var.text)
    if var.version:
        text += f" (after {after_event(var.version)})"
    return text


def _because(query: Query, fixed: dict, index: int) -> tuple[str, ...]:
    """Why the branch's guard held: the guard, then each inlined helper with its definition
    and the values that made it true or false."""
    known = lookup_for(query.space, fixed)
    prepare = _preparer(query.scenario, query.mode)

    def lookup(atom: Value) -> object:
        folded = prepare(atom)
        if isinstance(folded, Lit):
            return bool(folded.value)
        return known(folded)

    def shown(atom: Value) -> str | None:
        if isinstance(atom, Term):
            atom = Truth(atom)
        value = lookup(atom)
        return "..." if value is None else _tri(value)

    guard = query.model.branches[index].guard
    apart = _colliding(query.space)
    shorten = not any(t.text in apart for t in terms_all(guard))  # (`x = true` of `cfg.x` beside `self.x`: round 47)
    if guard == Lit(True):  # (round 48: "because true = true")
        lines = [f"no earlier branch's guard holds (line {query.model.branches[index].line} is the way out after them)"
                 if index else "it is the first way out, under no guard"]
    else:
        lines = [f"{render(guard, shorten=shorten)} = {_tri(evaluate(guard, lookup))}"]
    for helper in named(guard):
        helper = Named(helper.name, truth(helper.body), helper.line, helper.kind)
        lines.append(f"{helper.name} = {render(helper.body, shorten=True, expand=True)}   (line {helper.line})")
        with_values, value = render(helper.body, expand=True, atom_text_of=shown), _tri(evaluate(helper.body, lookup))
        lines.append(f"    = {with_values}" + ("" if with_values == value else f" = {value}"))  # (round 48: "= true = true")
    return tuple(lines)


def _tri(value: object) -> str:
    return "unknown" if value is None else ("true" if value else "false")


# ---------------------------------------------------------------- generic checks


def shadowed_branches(model: DecisionModel) -> list[Finding]:
    """A warning for every branch no configuration can reach, whatever unknown values are.
    None for a chain too large to decide within the diagram budget (a warning it cannot prove)."""
    try:
        return deep(lambda: _shadowed(model))
    except TooLarge:
        return []


def _shadowed(model: DecisionModel) -> list[Finding]:
    guards = [b.guard for b in model.branches]
    space = Space([*guards, *model.axioms])
    d = Diagram(space)
    possible = d.conj(d.consistency(), d.formula(conj(*model.axioms)))  # (what the classes imply)
    chain = d.restrict(possible, d.chain(guards, list(range(len(model.branches)))), _MASK)
    live = d.leaves(chain)
    # one warning per written `return` that can never fire: a statement with several outcomes
    # (a conditional value) is live when any of them can fire
    live_lines = {model.branches[i].line for i in live if isinstance(i, int)}
    out = []
    reported: set[int] = set()
    for branch in model.branches:
        if branch.line in live_lines or branch.line in reported or branch.kind in ("default", "assert", "raise") \
                or branch.guard == Lit(False):
            continue
        g = d.conj(d.formula(branch.guard), possible)
        if g == d.false:
            continue  # a combination of conditions that cannot happen together, not a written branch
        reported.add(branch.line)
        # the earlier branches that take this guard's configurations (one pass over the chain,
        # not one conjunction per earlier branch)
        taken = sorted(i for i in d.leaves(d.restrict(g, chain, _MASK)) if isinstance(i, int) and i < branch.index)
        shadowing = [model.branches[i].line for i in taken]
        by = ", ".join(f"line {n}" for n in dict.fromkeys(shadowing)) or "its own guard, which never holds"
        out.append(Finding(
            rule_id=SHADOWED_RULE, severity="warning", location=Location(model.path, branch.line, branch.col),
            title=f"branch at line {branch.line} ({short_outcome(branch.outcome)}) can never fire: shadowed by {by}",
            source=branch.source, target=model.target, extra={"index": branch.index},
        ))
    return out


__all__ = ["check", "check_rule", "CheckResult", "Query", "outcome_matches", "shadowed_branches", "finding_key", "Models"]
