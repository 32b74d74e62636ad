"""`ordercheck mutate`: how many of the edits that re-route a configuration a rule pack catches.

For every rule target, the edits `mutate` makes to the target and the same-file helpers it reads
are judged twice, in memory (the mutated file stands in for the real one through the source
reader; nothing is written): by `diff` between the original and the mutated model of every
target that reads the edited function (does some configuration now take another path?), and by
the pack's rules on those targets (does a rule that held now fail, or go stale?). The built-in
rules do not count: a mutant is caught by the pack or not at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import mutate
from .api import load_targets, merge_errors
from .check import check, finding_key
from .exit_codes import exit_code
from .extract import Options
from .model import ConfigError, DecisionModel, Rule


@dataclass
class TargetMutants:
    """The mutants of one target (`path::function`), among them those of the helpers it reads
    that no earlier target owns."""

    path: str
    function: str
    rules: list[str]
    functions: list[str]  # the target and its same-file helpers, as mutated
    results: list[mutate.MutantResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def target(self) -> str:
        return f"{self.path}::{self.function}"


@dataclass
class MutationResult:
    targets: list[TargetMutants] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)
    operators: tuple[str, ...] = mutate.OPERATORS
    failing: list[str] = field(default_factory=list)  # rules that already fail on the unmutated tree: left out

    @property
    def results(self) -> list[mutate.MutantResult]:
        return [r for t in self.targets for r in t.results]

    def counts(self) -> dict[str, int]:
        return {verdict: sum(r.verdict == verdict for r in self.results) for verdict in mutate.VERDICTS}

    @property
    def score(self) -> float | None:
        """caught / path-changing, None when no mutant changes a path."""
        caught, changing = mutate.score(self.results)
        return caught / changing if changing else None

    def exit_code(self, fail_under: float | None = None) -> int:
        """2 on a configuration error; 1 when the score is below `fail_under` (a fraction); else 0."""
        below = fail_under is not None and self.score is not None and self.score < fail_under
        return exit_code(bool(self.errors), below)


def run_mutate(rule_paths: list[str] = (), packs: list[str] = (), root: str = ".", select: list[str] = (),
               ignore: list[str] = (), operators: list[str] = (), pure_calls: list[str] = (),
               progress: Callable[[str], None] | None = None) -> MutationResult:
    """Mutate every selected rule's target under `root` and judge each mutant (see the module
    docstring). `operators`: only these (default all of `mutate.OPERATORS`). A rule that is a
    configuration error on the unmutated tree is reported and its target left out. `progress`
    hears of each mutant judged."""
    result = MutationResult(operators=tuple(operators) or mutate.OPERATORS)
    targets = load_targets(rule_paths, packs, root, select, ignore)
    options = Options(tuple(pure_calls))
    baseline = check(targets.rules, targets.read, shadow_check=False, options=options)
    result.errors = merge_errors(targets.errors + baseline.errors)
    broken = {e.rule_id for e in baseline.errors}
    # a rule that already fails catches nothing: a mutant's other finding was counted as caught (round 15)
    result.failing = sorted({f.rule_id for f in baseline.findings} - broken)
    rules = [r for r in targets.rules if r.id not in broken and r.id not in result.failing
             and f"{r.path}::{r.function}" in baseline.models]
    before = _Before(targets.read, options, baseline.models, {r.id for r in rules},
                     {finding_key(f) for f in baseline.findings}, {(e.location, e.message) for e in baseline.errors})
    for path in dict.fromkeys(r.path for r in rules):
        result.targets += _mutate_file(path, [r for r in rules if r.path == path], before, result.operators, progress)
    return result


@dataclass(frozen=True)
class _Before:
    """The unmutated tree: how to read it, its models and what the rules already said of it."""

    read: Callable
    options: Options
    models: dict[str, DecisionModel]
    rule_ids: set[str]
    findings: set[tuple]
    errors: set[tuple]


def _mutate_file(path: str, rules: list[Rule], before: _Before, operators, progress) -> list[TargetMutants]:
    """Every mutant of the targets of one file (and of the helpers they read), each judged by the
    oracle and by the rules of the targets that read the edited function."""
    source = before.read(path)
    rows = _rows(source, rules)
    by_target = {row.function: [r for r in rules if r.function == row.function] for row in rows}
    variables = [row.function.partition(":")[2] for row in rows]
    found = _unique(mutate.mutants(source, [f for row in rows for f in row.functions], operators, filter(None, variables)))
    judged_here = []
    for k, mutant in enumerate(found, 1):
        relevant = [row for row in rows if _reads(row, mutant.function)]
        if not relevant:
            continue
        started = time.perf_counter()
        judged = check([r for row in relevant for r in by_target[row.function]], _overlay(before.read, path, mutant.source),
                       shadow_check=False, options=before.options)
        pairs = [(row.target, before.models[row.target], _after(judged, row, by_target[row.function])) for row in relevant]
        caught = [f.rule_id for f in judged.findings if f.rule_id in before.rule_ids and finding_key(f) not in before.findings]
        stale = [e.rule_id or "?" for e in judged.errors if (e.location, e.message) not in before.errors]
        owner = next((row for row in relevant if _owns(row, mutant.function)), relevant[0])
        owner.seconds += time.perf_counter() - started
        judged_here.append((mutant, pairs, caught, stale, owner))
        if progress:
            progress(f"{k}/{len(found)} {path}:{mutant.line} {mutant.operator}")
    # a function that some edit re-routed a target through is read by that target: its other edits are judged so
    first = [mutate.oracle(mutant, pairs) for mutant, pairs, *_ in judged_here]
    read_by: dict[str, set[str]] = {}
    for (mutant, *_), said in zip(judged_here, first):
        read_by.setdefault(mutant.function, set()).update(said.targets)
    for (mutant, pairs, caught, stale, owner), said in zip(judged_here, first):
        if said.changed is None and read_by.get(mutant.function):
            said = mutate.oracle(mutant, pairs, read_by[mutant.function])
        owner.results.append(mutate.judge(mutant, said, caught, stale))
    for row in rows:
        row.results.sort(key=lambda r: (r.mutant.line, mutate.OPERATORS.index(r.mutant.operator)))
    return rows


def _rows(source: str, rules: list[Rule]) -> list[TargetMutants]:
    """One row per target of the file, in rule order, each with the functions it reads."""
    rows: dict[str, TargetMutants] = {}
    for rule in rules:
        if rule.function not in rows:
            rows[rule.function] = TargetMutants(rule.path, rule.function, [], mutate.helpers(source, rule.function))
        rows[rule.function].rules.append(rule.id)
    return list(rows.values())


def _unique(mutants: list[mutate.Mutant]) -> list[mutate.Mutant]:
    """One mutant per distinct edited source (two operators can make the same edit)."""
    seen: dict[str, mutate.Mutant] = {}
    for m in mutants:
        seen.setdefault(m.source, m)
    return list(seen.values())


def _within(function: str, qualname: str) -> bool:
    return function == qualname or function.startswith(qualname + ".")


def _reads(row: TargetMutants, function: str) -> bool:
    return any(_within(function, f) for f in row.functions)


def _owns(row: TargetMutants, function: str) -> bool:
    return _within(function, row.function.partition(":")[0])


def _overlay(read, path: str, text: str):
    """The tree as `read` sees it, with `path` holding `text`."""
    return lambda p: text if p == path else read(p)


def _after(judged, row: TargetMutants, rules: list[Rule]) -> DecisionModel | ConfigError | None:
    """The mutated model of a row's target, or the error that stands in for it."""
    model = judged.models.get(row.target)
    if model is not None:
        return model
    ids = {r.id for r in rules}
    return next((e for e in judged.errors if e.rule_id in ids), None)


__all__ = ["run_mutate", "MutationResult", "TargetMutants"]
