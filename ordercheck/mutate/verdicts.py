"""Verdicts: what `diff` says of a mutant (`oracle`), and that with the rules' answers (`judge`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..diff import TargetDiff, diff_models
from ..formula import named, terms_all
from ..model import ConfigError, DecisionModel
from .operators import Mutant

VERDICTS = ("caught", "caught-stale", "survived", "benign", "benign-flagged", "unmodeled")


@dataclass(frozen=True)
class Oracle:
    """What `diff` says about a mutant: `changed` of `total` configurations take another path
    (summed over the targets that read the edited function); `changed` None: it cannot say, and
    `reason` says why."""

    changed: int | None
    total: int = 0
    targets: tuple[str, ...] = ()  # the targets whose path changed
    reason: str = ""
    diff: TargetDiff | None = field(default=None, compare=False, repr=False)  # the first target's, with its regions

    @property
    def changes_path(self) -> bool:
        return bool(self.changed)


def oracle(mutant: Mutant, pairs: Iterable[tuple[str, DecisionModel, DecisionModel | ConfigError | None]],
           read_by: Iterable[str] = ()) -> Oracle:
    """Compare, for each target that reads the edited function, its model before and after the
    edit (`pairs`: target, original model, mutated model). An edit the mutated model cannot hold
    (an error, a vanished target), or one that changes nothing but touches code the models do not
    see (an opaque helper, a line with an unmodeled note), is unmodeled: diff cannot speak for it.
    `read_by`: targets known to read the edited function (another edit of it changed their path)."""
    read_by = set(read_by)
    changed = total = 0
    moved: list[str] = []
    unseen: list[str] = []
    first: TargetDiff | None = None
    for target, before, after in pairs:
        if not isinstance(after, DecisionModel):
            reason = after.message if isinstance(after, ConfigError) else "the target vanished"
            return Oracle(None, reason=f"{target}: {reason}")
        diff = diff_models(before, after, renames=False)
        total += diff.total
        if diff.changed:
            changed += diff.changed
            moved.append(target)
            first = first or diff
        elif diff.undetermined or not (_sees(before, mutant) or target in read_by) or _unmodeled(before, mutant):
            unseen.append(target)
    if not changed and unseen:
        return Oracle(None, total, reason=f"lines {mutant.line}-{mutant.end_line} of `{mutant.function}` are not modeled "
                                          f"in {', '.join(unseen)}: an opaque call or unmodeled code")
    return Oracle(changed, total, tuple(moved), diff=first)


def _model_lines(model: DecisionModel) -> tuple[set[int], set[int]]:
    """The source lines a model reads (branches, guards, inlined helpers) and those it notes as unmodeled."""
    lines: set[int] = set()
    for branch in model.branches:
        lines.update((branch.line, branch.guard_line, *(n for n, _ in branch.source)))
        lines.update(t.line for t in terms_all(branch.guard))
        lines.update(h.line for h in named(branch.guard))
    lines.update(h.line for h in model.helpers)
    return lines - {0}, {note.line for note in model.notes}


def _sees(model: DecisionModel, mutant: Mutant) -> bool:
    """Whether the (original) model reads some line of the edited function."""
    start, end = mutant.span
    return any(start <= n <= end for n in _model_lines(model)[0])


def _unmodeled(model: DecisionModel, mutant: Mutant) -> bool:
    """Whether the model notes unmodeled code on the edited lines."""
    return any(mutant.line <= n <= mutant.end_line for n in _model_lines(model)[1])


@dataclass(frozen=True)
class MutantResult:
    mutant: Mutant
    oracle: Oracle
    verdict: str  # one of VERDICTS
    caught_by: tuple[str, ...] = ()  # rules with a finding the original does not have
    stale: tuple[str, ...] = ()  # rules that became configuration errors


def judge(mutant: Mutant, said: Oracle, caught_by: Iterable[str] = (), stale: Iterable[str] = ()) -> MutantResult:
    """The verdict on a mutant from the oracle and the rules that now fail (new findings) or went
    stale (new configuration errors): caught, caught-stale or survived when it changes a path;
    benign or benign-flagged when it changes none; unmodeled when the oracle cannot say."""
    caught_by, stale = tuple(dict.fromkeys(caught_by)), tuple(dict.fromkeys(stale))
    if said.changed is None:
        verdict = "unmodeled"
    elif said.changed:
        verdict = "caught" if caught_by else "caught-stale" if stale else "survived"
    else:
        verdict = "benign-flagged" if caught_by or stale else "benign"
    return MutantResult(mutant, said, verdict, caught_by, stale)


def score(results: Iterable[MutantResult]) -> tuple[int, int]:
    """(caught, path-changing): caught counts caught-stale too (a stale rule fails the check)."""
    results = list(results)
    caught = sum(r.verdict in ("caught", "caught-stale") for r in results)
    return caught, caught + sum(r.verdict == "survived" for r in results)
