"""The interpreter's state along one path, how two paths join, and what leaves a function."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formula import conj, ite
from ..model import FALSE, TRUE, Formula, Seq, Term, Value
from .heap import Heap
from .values import merge_seq, merge_values

UNBOUND = Term("<unbound>", 0, "opaque")


@dataclass
class State:
    """One path through the function.

    `guard` is what the path's exits are guarded by, with tests that earlier exits already rule
    out left out (first-match order implies them); `path` is the exact condition of the path from
    the frame's entry, used to tell joined paths apart. `objects` holds the lists the function
    built (None: their contents are unknown since unmodeled code could reach them)."""

    guard: Formula
    path: Formula
    env: dict[str, Value]
    heap: Heap
    objects: dict[int, Seq | None] = field(default_factory=dict)
    escaped: frozenset[int] = frozenset()
    dead: bool = False  # every way through what ran so far raised: nothing after it runs

    def fork(self, cond: Formula) -> "State":
        path = conj(self.path, cond)
        return State(conj(self.guard, cond), path, dict(self.env), self.heap, dict(self.objects), self.escaped,
                     dead=self.dead or path == FALSE)

    def copy(self) -> "State":
        return State(self.guard, self.path, dict(self.env), self.heap, dict(self.objects), self.escaped)


def merge(test: Formula, a: State | None, b: State | None, guard: Formula, path: Formula) -> State | None:
    """The state after an `if` whose arms ended in `a` (where `test` held) and `b`."""
    if a is not None and (a.dead or a.path == FALSE):
        a = None
    if b is not None and (b.dead or b.path == FALSE):
        b = None
    if a is None and b is None:
        return None
    if a is None:  # only the other arm goes on: its own guard and path (an arm that breaks out
        return b  # of a loop does not make the other arm's test implied)
    if b is None:
        return a
    env: dict[str, Value] = {}
    for name in a.env.keys() | b.env.keys():
        x, y = a.env.get(name, UNBOUND), b.env.get(name, UNBOUND)
        env[name] = x if x == y else merge_values(test, x, y)
    objects: dict[int, Seq | None] = {}
    for oid in a.objects.keys() | b.objects.keys():
        if oid in a.objects and oid in b.objects:
            x, y = a.objects[oid], b.objects[oid]
            objects[oid] = None if x is None or y is None else (x if x == y else merge_seq(test, x, y))
        else:  # created in one arm only: the other arm cannot refer to it
            objects[oid] = a.objects.get(oid, b.objects.get(oid))
    return State(guard, path, env, Heap.merge(test, a.heap, b.heap), objects, a.escaped | b.escaped)


def merge_many(states: list[tuple[Formula, State]], guard: Formula, path: Formula | None = None) -> State | None:
    """Join states reached on mutually exclusive paths (`(exact path, state)` pairs). The joined
    path is `path`, or, where some paths left on the way (returned, broke out), exactly the
    disjunction of the joined ones."""
    if not states:
        return None
    if path is None:
        from ..formula import disj

        path = disj(*(s.path for _, s in states))
    acc = states[-1][1]
    for cond, state in reversed(states[:-1]):
        acc = merge(cond, state, acc, guard, path)  # type: ignore[assignment]
    return State(guard, path, acc.env, acc.heap, acc.objects, acc.escaped)


def join_value(pairs: list[tuple[Formula, Value]]) -> Value:
    """One conditional value from (exact path, value) pairs of mutually exclusive paths."""
    value = pairs[-1][1]
    for cond, v in reversed(pairs[:-1]):
        value = merge_values(cond, v, value) if cond != TRUE else v
    return value


@dataclass
class Exit:
    """A way out of the target: a `return`, a `raise`, a failing `assert`."""

    kind: str  # return | raise | assert
    guard: Formula
    value: Value  # the returned value; for raises, a term naming the exception
    line: int
    col: int
    guard_line: int
    state: State
    depth: int = 0  # the frame it left from (an inlined helper's raise: its state is the helper's)


__all__ = ["State", "Exit", "merge", "merge_many", "join_value", "UNBOUND", "ite"]
