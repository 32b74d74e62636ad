"""Exact reasoning over first-match chains with multi-valued decision diagrams (MDDs).

Every atom becomes a variable with a finite domain of classes:
- a boolean atom (`Truth(term)`, or a comparison of two unknown terms) has {false, true};
- a term compared with constants has one class per constant, one per open interval between
  numeric constants, and `other` (any value equal to none of them). Comparisons against any of
  the constants are constant on each class, so deciding over classes is exact.

A diagram node is `(variable, children)` with one child per class; leaves hold any value (a bool
for formulas, a branch index for chains, a pair of indices for diffs). Nodes are hash-consed,
so equal functions are equal node ids and `apply` is memoised: a 30-atom chain is a few hundred
nodes, never 2^30 rows. No I/O here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx

from .formula import evaluate_compare, render_literal, walk
from .model import And, Compare, Formula, Ite, Lit, Named, Not, Or, Term, Truth, Value

_INF = math.inf


@dataclass(frozen=True)
class Class:
    """One class of a variable's domain: a point, an open numeric interval, or `other`."""

    kind: str  # bool | point | range | other
    value: object = None
    high: object = None

    def label(self) -> str:
        if self.kind in ("bool", "point"):
            return render_literal(self.value)
        if self.kind == "range":
            lo, hi = self.value, self.high
            if lo == -_INF:
                return f"<{_num(hi)}"
            if hi == _INF:
                return f">{_num(lo)}"
            return f"in ({_num(lo)}, {_num(hi)})"
        return "other"

    def sample(self) -> object:
        """A concrete value in the class (for executing code under an assignment)."""
        if self.kind in ("bool", "point"):
            return self.value
        if self.kind == "range":
            lo, hi = self.value, self.high
            if lo == -_INF:
                return hi - 1
            if hi == _INF:
                return lo + 1
            return lo + 1 if isinstance(lo, int) and isinstance(hi, int) else (lo + hi) / 2
        return _Other()


class _Other:
    """A value equal to no constant, ordered with no number (comparisons are false)."""

    def __repr__(self) -> str:
        return "<other>"


def _num(x: object) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


@dataclass(frozen=True)
class Variable:
    key: str  # identity: "truth:<text>", "value:<text>" or "cmp:<text>"
    text: str  # what users read and `given` keys match
    classes: tuple[Class, ...]
    line: int = 0

    @property
    def is_bool(self) -> bool:
        return self.classes[0].kind == "bool"

    def class_of(self, value: object) -> int:
        """The index of the class a concrete value falls in."""
        for i, cls in enumerate(self.classes):
            if cls.kind == "bool" and bool(value) == cls.value:
                return i
            if cls.kind == "point" and (value is cls.value or (type(value) is type(cls.value) and value == cls.value)
                                        or (_is_number(value) and _is_number(cls.value) and value == cls.value)):
                return i
            if cls.kind == "range" and _is_number(value) and cls.value < value < cls.high:
                return i
        return next(i for i, cls in enumerate(self.classes) if cls.kind == "other")

    def describe(self, classes: tuple[int, ...] | frozenset[int]) -> str:
        """The allowed classes as people read them: `true`, `1`, `"a"|"b"`, `not None`."""
        chosen = [self.classes[c] for c in sorted(classes)]
        points = [c.value for c in self.classes if c.kind == "point"]
        if len(chosen) == 1 and chosen[0].kind == "other" and points:
            if points == [None]:
                return "not None"
            return "other than " + "|".join(render_literal(p) for p in points)
        return "|".join(c.label() for c in chosen)


BOOL_CLASSES = (Class("bool", False), Class("bool", True))


def atom_key(node: Value) -> tuple[str, str] | None:
    """The variable key and text an atom node decides, or None for a non-atom."""
    if isinstance(node, Truth):
        return "truth:" + node.term.text, node.term.text
    if isinstance(node, Compare):
        if isinstance(node.left, Term) and isinstance(node.right, Lit) and _domain_op(node):
            return "value:" + node.left.text, node.left.text
        text = _compare_text(node)
        return "cmp:" + text, text
    return None


def _compare_text(node: Compare) -> str:
    from .formula import render

    return render(node)


def _domain_op(node: Compare) -> bool:
    value = node.right.value  # type: ignore[union-attr]
    if node.op in ("in", "not in"):
        return isinstance(value, tuple)
    if node.op in ("<", "<=", ">", ">="):
        return _is_number(value)
    return True


def _constants(node: Compare) -> list[object]:
    value = node.right.value  # type: ignore[union-attr]
    return list(value) if node.op in ("in", "not in") else [value]


def class_compare(cls: Class, op: str, constant: object) -> bool:
    """Whether every value of `cls` satisfies `value op constant` (classes make it constant)."""
    if op in ("in", "not in"):
        hit = any(class_compare(cls, "==", c) for c in constant)  # type: ignore[union-attr]
        return hit if op == "in" else not hit
    if cls.kind == "other":
        return op in ("!=", "is not")
    if cls.kind == "range":
        if op in ("==", "is"):
            return False
        if op in ("!=", "is not"):
            return True
        if not _is_number(constant):
            return False
        result = evaluate_compare(cls.sample(), op, constant)
        return bool(result)
    result = evaluate_compare(cls.value, op, constant)
    return bool(result)


class Space:
    """The variables of one query, ordered by first appearance (a good MDD order for chains)."""

    def __init__(self, formulas: Iterable[Value] = ()) -> None:
        self._constants: dict[str, list[object]] = {}
        self._order: list[tuple[str, str, int]] = []
        self.variables: list[Variable] = []
        self.index: dict[str, int] = {}
        for f in formulas:
            self.add(f)

    def add(self, f: Value) -> None:
        for node in walk(f):
            key = atom_key(node)
            if key is None:
                continue
            if key[0] not in self._constants:
                self._constants[key[0]] = []
                line = node.term.line if isinstance(node, Truth) else getattr(node.left, "line", 0)
                self._order.append((key[0], key[1], line))
            if key[0].startswith("value:"):
                for c in _constants(node):  # type: ignore[arg-type]
                    if c not in self._constants[key[0]] or type(c) is not type(
                        self._constants[key[0]][self._constants[key[0]].index(c)]
                    ):
                        self._constants[key[0]].append(c)
        self._freeze()

    def _freeze(self) -> None:
        for key, text, line in self._order[len(self.variables):]:
            classes = BOOL_CLASSES if not key.startswith("value:") else _classes(self._constants[key])
            self.index[key] = len(self.variables)
            self.variables.append(Variable(key, text, classes, line))
        # constants may grow for an existing variable when a later formula adds one
        for i, var in enumerate(self.variables):
            if var.key.startswith("value:"):
                classes = _classes(self._constants[var.key])
                if classes != var.classes:
                    self.variables[i] = Variable(var.key, var.text, classes, var.line)

    def size(self) -> int:
        """Number of configurations: the product of the domain sizes."""
        return math.prod(len(v.classes) for v in self.variables)


def _classes(constants: list[object]) -> tuple[Class, ...]:
    numbers = sorted({c for c in constants if _is_number(c)})
    # compared only with integers (token counts, sizes, thresholds): an integer-valued atom,
    # so an open interval between consecutive integers holds no value
    integral = all(isinstance(c, int) for c in numbers)
    points = [Class("point", c) for c in constants if not _is_number(c)]
    out: list[Class] = []
    if numbers:
        bounds = [-_INF, *numbers, _INF]
        for lo, hi in zip(bounds, bounds[1:]):
            if not (integral and hi - lo <= 1):
                out.append(Class("range", lo, hi))
            if hi != _INF:
                out.append(Class("point", hi))
    out.extend(points)
    if not numbers or points:
        out.append(Class("other"))
    return tuple(out)


class Diagram:
    """A hash-consed multi-valued decision diagram over one `Space`."""

    def __init__(self, space: Space) -> None:
        self.space = space
        self._var: list[int] = []  # node -> variable index (len(vars)+big for leaves)
        self._kids: list[tuple[int, ...] | object] = []  # node -> children, or the leaf value
        self._unique: dict[tuple, int] = {}
        self._memo: dict[tuple, int] = {}
        self._compiled: dict[Value, int] = {}

    # -- nodes
    LEAF = 1 << 30

    def leaf(self, value: object) -> int:
        key = ("leaf", type(value).__name__, value)
        node = self._unique.get(key)
        if node is None:
            node = len(self._var)
            self._var.append(self.LEAF)
            self._kids.append(value)
            self._unique[key] = node
        return node

    def node(self, var: int, children: tuple[int, ...]) -> int:
        first = children[0]
        if all(c == first for c in children):
            return first
        key = (var, children)
        node = self._unique.get(key)
        if node is None:
            node = len(self._var)
            self._var.append(var)
            self._kids.append(children)
            self._unique[key] = node
        return node

    def is_leaf(self, u: int) -> bool:
        return self._var[u] == self.LEAF

    def value(self, u: int) -> object:
        return self._kids[u]

    def var_of(self, u: int) -> int:
        return self._var[u]

    def children(self, u: int) -> tuple[int, ...]:
        return self._kids[u]  # type: ignore[return-value]

    # -- operations
    def apply(self, name: str, fn: Callable[..., object], *us: int) -> int:
        """Combine diagrams pointwise: the leaf values are `fn(*leaf values)`."""
        memo = self._memo

        def go(args: tuple[int, ...]) -> int:
            key = (name, args)
            hit = memo.get(key)
            if hit is not None:
                return hit
            top = min(self._var[a] for a in args)
            if top == self.LEAF:
                result = self.leaf(fn(*(self._kids[a] for a in args)))
            else:
                n = len(self.space.variables[top].classes)
                kids = []
                for c in range(n):
                    kids.append(go(tuple(self._kids[a][c] if self._var[a] == top else a for a in args)))  # type: ignore[index]
                result = self.node(top, tuple(kids))
            memo[key] = result
            return result

        return go(us)

    def ite(self, c: int, t: int, e: int) -> int:
        return self.apply("ite", lambda cv, tv, ev: tv if cv else ev, c, t, e)

    def formula(self, f: Value) -> int:
        """The boolean diagram of a formula (or of a value's truth)."""
        hit = self._compiled.get(f)
        if hit is not None:
            return hit
        result = self._formula(f)
        self._compiled[f] = result
        return result

    def _formula(self, f: Value) -> int:
        if isinstance(f, Lit):
            return self.leaf(bool(f.value))
        if isinstance(f, Term):
            return self.formula(Truth(f))
        if isinstance(f, Named):
            return self.formula(f.body)
        if isinstance(f, Not):
            return self.apply("not", lambda a: not a, self.formula(f.arg))
        if isinstance(f, And):
            acc = self.formula(f.args[0])
            for a in f.args[1:]:
                acc = self.apply("and", lambda x, y: x and y, acc, self.formula(a))
            return acc
        if isinstance(f, Or):
            acc = self.formula(f.args[0])
            for a in f.args[1:]:
                acc = self.apply("or", lambda x, y: x or y, acc, self.formula(a))
            return acc
        if isinstance(f, Ite):
            return self.ite(self.formula(f.cond), self.formula(f.then), self.formula(f.other))
        key = atom_key(f)
        if key is None:
            raise TypeError(f"not a formula: {f!r}")
        var = self.space.index[key[0]]
        classes = self.space.variables[var].classes
        if key[0].startswith("value:"):
            results = [class_compare(c, f.op, f.right.value) for c in classes]  # type: ignore[union-attr]
        else:
            results = [False, True]
        return self.node(var, tuple(self.leaf(r) for r in results))

    def chain(self, guards: list[Formula], values: list[object], fallback: object = None) -> int:
        """The multi-terminal diagram of a first-match chain: the value of the first guard that holds."""
        d = self.leaf(fallback)
        for guard, value in zip(reversed(guards), reversed(values)):
            d = self.ite(self.formula(guard), self.leaf(value), d)
        return d

    def restrict(self, constraint: int, u: int, masked: object) -> int:
        """`u` where `constraint` holds, the leaf `masked` elsewhere."""
        return self.apply(f"restrict:{masked!r}", lambda c, x: x if c else masked, constraint, u)

    # -- queries
    def leaves(self, u: int) -> set:
        seen, out, stack = set(), set(), [u]
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if self.is_leaf(n):
                out.add(self.value(n))
            else:
                stack.extend(self.children(n))
        return out

    def shortest_path(self, u: int, wanted: Callable[[object], bool]) -> tuple[dict[int, tuple[int, ...]], object] | None:
        """The path to a leaf with a `wanted` value that fixes the fewest variables.

        Returns ({variable: classes allowed on the path}, leaf value), or None if no leaf is
        wanted. Variables not in the dict are free: any value gives the same leaf."""
        graph = nx.DiGraph()
        goal = ("goal",)
        seen, stack = set(), [u]
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if self.is_leaf(n):
                if wanted(self.value(n)):
                    graph.add_edge(n, goal, weight=0)
                continue
            grouped: dict[int, list[int]] = {}
            for c, child in enumerate(self.children(n)):
                grouped.setdefault(child, []).append(c)
            for child, classes in grouped.items():
                graph.add_edge(n, child, weight=1, classes=tuple(classes))
                stack.append(child)
        if goal not in graph or u not in graph:
            return None
        try:
            path = nx.shortest_path(graph, u, goal, weight="weight")
        except nx.NetworkXNoPath:
            return None
        fixed = {self.var_of(a): graph.edges[a, b]["classes"] for a, b in zip(path, path[1:-1])}
        return fixed, self.value(path[-2])

    def cubes(self, u: int, wanted: Callable[[object], bool]) -> list[tuple[dict[int, tuple[int, ...]], object]]:
        """Every path to a wanted leaf: disjoint cubes that together are exactly the wanted set."""
        out: list[tuple[dict[int, tuple[int, ...]], object]] = []

        def go(n: int, fixed: dict[int, tuple[int, ...]]) -> None:
            if self.is_leaf(n):
                if wanted(self.value(n)):
                    out.append((dict(fixed), self.value(n)))
                return
            grouped: dict[int, list[int]] = {}
            for c, child in enumerate(self.children(n)):
                grouped.setdefault(child, []).append(c)
            var = self.var_of(n)
            for child, classes in grouped.items():
                fixed[var] = tuple(classes)
                go(child, fixed)
                del fixed[var]

        go(u, {})
        return out

    def count(self, u: int, wanted: Callable[[object], bool]) -> int:
        """How many configurations (points of the whole space) reach a wanted leaf."""
        sizes = [len(v.classes) for v in self.space.variables]
        nvars = len(sizes)
        suffix = [1] * (nvars + 1)
        for i in range(nvars - 1, -1, -1):
            suffix[i] = suffix[i + 1] * sizes[i]
        memo: dict[int, int] = {}

        def level(n: int) -> int:
            return nvars if self.is_leaf(n) else self.var_of(n)

        def go(n: int) -> int:
            # configurations of the variables from level(n) on
            if n in memo:
                return memo[n]
            if self.is_leaf(n):
                result = 1 if wanted(self.value(n)) else 0
            else:
                var = self.var_of(n)
                result = 0
                for child in self.children(n):
                    gap = math.prod(sizes[var + 1 : level(child)])
                    result += go(child) * gap
            memo[n] = result
            return result

        return go(u) * math.prod(sizes[: level(u)])


def lookup_for(space: Space, fixed: dict[int, tuple[int, ...]]) -> Callable[[Value], object]:
    """An atom lookup for `formula.evaluate` from a partial assignment of classes."""

    def lookup(atom: Value) -> object:
        key = atom_key(atom)
        if key is None or key[0] not in space.index:
            return None
        var = space.index[key[0]]
        if var not in fixed:
            return None
        classes = [space.variables[var].classes[c] for c in fixed[var]]
        if key[0].startswith("value:"):
            results = {class_compare(c, atom.op, atom.right.value) for c in classes}  # type: ignore[union-attr]
        else:
            results = {c.value for c in classes}
        return results.pop() if len(results) == 1 else None

    return lookup
