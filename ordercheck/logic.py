"""Exact reasoning over first-match chains with multi-valued decision diagrams (MDDs), over the
variables of a `domains.Space`.

A diagram node is `(variable, children)` with one child per class; leaves hold any value (a bool
for formulas, a branch index for chains, a pair for diffs). Nodes are hash-consed, so equal
functions are equal node ids, and `apply` is memoised on what it computes. `cubes` reads
diagrams back as cubes and conditions. No I/O here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection

from .domains import (REL_EQ, Atom, Member, Space, TermOrder, VarKey, Variable, atom_of, class_compare, class_constraints,
                      class_relations, constant_relation, feasible, rel_holds)
from .model import And, Formula, Ite, Lit, Named, Not, Or, Term, Truth, Value
from .formula import MEMBER_EQUALS

# ---------------------------------------------------------------- diagrams


def _and(x: object, y: object) -> object:
    return x and y


def _or(x: object, y: object) -> object:
    return x or y


def _not(x: object) -> object:
    return not x


def _ite(c: object, t: object, e: object) -> object:
    return t if c else e


def _pair(a: object, b: object) -> object:
    return (a, b)


def _and_shortcut(args: tuple[int, ...], false: int, true: int) -> int | None:
    a, b = args
    if a == false or b == false:
        return false
    if a == true:
        return b
    if b == true or a == b:
        return a
    return None


def _or_shortcut(args: tuple[int, ...], false: int, true: int) -> int | None:
    a, b = args
    if a == true or b == true:
        return true
    if a == false:
        return b
    if b == false or a == b:
        return a
    return None


def _ite_shortcut(args: tuple[int, ...], false: int, true: int) -> int | None:
    c, t, e = args
    if c == true or t == e:
        return t
    if c == false:
        return e
    return None


def _indexable(value: object) -> bool:
    """A constant whose `==` with every class is decided by a table lookup: a string, an enum
    member, a number other than NaN (bools are numbers: `True == 1`)."""
    if isinstance(value, (str, Member)):
        return True
    return isinstance(value, (int, float)) and value == value


def _point_key(value: object) -> tuple[str, object]:
    """Equal keys for values Python's `==` calls equal among `_indexable` ones: `1`, `1.0`, `True`."""
    if isinstance(value, (int, float)):
        return ("number", value)
    return (type(value).__name__, value)


_SHORTCUTS = {_and: _and_shortcut, _or: _or_shortcut, _ite: _ite_shortcut}
_SPARSE = {_and: 2, _or: 2, _ite: 1}


_SWAP = bytes.maketrans(b"\x00\x01", b"\x01\x00")


def _find(kids: tuple, value: int, start: int) -> int:
    try:
        return kids.index(value, start)
    except ValueError:
        return -1


_PAST_BUDGET: set[tuple] = set()  # (budget, relational signature) whose consistency ran past the budget
_CONSTANTS = ("<constants>", "")  # the vertex of the relation graph next to every term with value classes
_REALISABLE = 10_000  # states of a part of related terms decided exactly (`Diagram._realisable`)
_FRESH = 1_000  # nodes a diagram may hold before its consistency for that to say anything

NODE_BUDGET = 1_000_000  # nodes one diagram may hold (a few hundred MB) before a question is refused


class TooLarge(Exception):
    """A diagram outgrew `NODE_BUDGET`: the question has no exact answer within the budget.
    Callers report it (undetermined, not compared) instead of answering it approximately."""

    def __init__(self, nodes: int, variables: int) -> None:
        super().__init__(f"deciding it exactly needs more than {nodes:,} decision-diagram nodes "
                         f"({variables} variables)")


_WIDE = 8  # classes of a variable from which a step maps distinct children instead of every class


def _hashable(classes: tuple) -> tuple:
    """Value classes as a key: a class of a dict value (an outcome `{"BLOCK_SIZE_M": 64}` compared
    with another) by its text."""
    try:
        hash(classes)
        return classes
    except TypeError:
        return tuple(repr(c) for c in classes)


class Diagram:
    """A hash-consed multi-valued decision diagram over one `Space`."""

    LEAF = 1 << 30

    def __init__(self, space: Space, budget: int | None = None) -> None:
        self.space = space
        self.budget = NODE_BUDGET if budget is None else budget
        self._var: list[int] = []  # node -> variable index (LEAF for leaves)
        self._kids: list[tuple[int, ...] | object] = []  # node -> children, or the leaf value
        self._unique: dict[tuple, int] = {}
        self._memo: dict[tuple, int] = {}  # (operation, args) -> node; operations are module functions
        self._compiled: dict[Value, int] = {}
        self._point_tables: dict[int, dict[tuple[str, object], list[int]]] = {}
        self._flatness: dict[int, bool] = {}  # node -> whether its children are the leaves False and True
        self._consistent: tuple[list, int] | None = None  # (the variables it was built over, its node)
        self._sized: list[Variable] | None = None  # the variables `_sizes` counts the classes of
        self._sizes: list[int] = []
        self.false = self.leaf(False)
        self.true = self.leaf(True)
        assert (self.false, self.true) == (0, 1)  # the flat-test fast paths read children as bytes

    # -- nodes
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
        if children.count(first) == len(children):
            return first
        key = (var, children)
        node = self._unique.get(key)
        if node is None:
            node = len(self._var)
            if node >= self.budget:
                raise TooLarge(self.budget, len(self.space.variables))
            self._var.append(var)
            self._kids.append(children)
            self._unique[key] = node
        return node

    def _points(self, var: int) -> dict[tuple[str, object], list[int]]:
        """The point classes of a variable by what they equal under `==` (`_point_key`), and its
        members' under `_MEMBERS`."""
        table = self._point_tables.get(var)
        if table is None:
            table = {}
            for i, cls in enumerate(self.space.variables[var].classes):
                if cls.kind == "point" and _indexable(cls.value):
                    table.setdefault(_point_key(cls.value), []).append(i)
                if cls.kind == "point" and isinstance(cls.value, Member):
                    table.setdefault(_MEMBERS, []).append(i)
            self._point_tables[var] = table
        return table

    def is_leaf(self, u: int) -> bool:
        return self._var[u] == self.LEAF

    def value(self, u: int) -> object:
        return self._kids[u]

    def var_of(self, u: int) -> int:
        return self._var[u]

    def children(self, u: int) -> tuple[int, ...]:
        return self._kids[u]  # type: ignore[return-value]

    def arcs(self, u: int) -> dict[int, tuple[int, ...]]:
        """The distinct children of node `u`, each with the classes of its variable that lead there."""
        grouped: dict[int, list[int]] = {}
        for c, child in enumerate(self.children(u)):
            grouped.setdefault(child, []).append(c)
        return {child: tuple(classes) for child, classes in grouped.items()}

    # -- operations
    def apply(self, fn: Callable[..., object], *us: int, memo: dict | None = None) -> int:
        """Combine diagrams pointwise: the leaf values are `fn(*leaf values)`. Results are
        memoised per function object (module-level operations share a memo across calls; pass
        a fresh `memo` for a function made on the spot)."""
        table = self._memo if memo is None else memo
        var, kids = self._var, self._kids
        variables = self.space.variables
        if variables is not self._sized:  # a new freeze of the space: count its classes again
            self._sized, self._sizes = variables, [len(v.classes) for v in variables]
        classes = self._sizes

        false, true = self.false, self.true
        shortcut = _SHORTCUTS.get(fn)
        sparse = _SPARSE.get(fn)  # how many leading arguments may decide a class on their own

        def _sparse_step(fn, args, top, go) -> tuple[int, ...]:
            """The children of `fn(args)` at `top` without a call per class where a deciding
            argument's child settles it (false in a conjunction or a condition, true in a
            conjunction or a condition): a chain's guard on a name of thousands of values has one
            class that is not false, so a step costs one loop over the classes, not a recursion each."""
            n = classes[top]
            cols = [kids[a] if var[a] == top else None for a in args]
            if fn is _ite:
                (ck, tk, ek), (_, t, e) = cols, args
                out = list(ek) if ek is not None else [e] * n
                for i, x in enumerate(ck) if ck is not None else ():
                    if x == false:
                        continue
                    ti = tk[i] if tk is not None else t
                    out[i] = ti if x == true else go((x, ti, ek[i] if ek is not None else e))
                return tuple(out)
            first = 0 if cols[0] is not None else 1
            dk, ok, other = cols[first], cols[1 - first], args[1 - first]
            absorb, unit = (false, true) if fn is _and else (true, false)
            out = [absorb] * n
            for i, x in enumerate(dk):
                if x == absorb:
                    continue
                y = ok[i] if ok is not None else other
                out[i] = y if x == unit else go((x, y))
            return tuple(out)

        def go(args: tuple[int, ...]) -> int:
            if shortcut is not None:
                done = shortcut(args, false, true)
                if done is not None:
                    return done
            key = (fn, args)
            hit = table.get(key)
            if hit is not None:
                return hit
            top = min(var[a] for a in args)
            if top == self.LEAF:
                result = self.leaf(fn(*(kids[a] for a in args)))
            else:
                at_top = [i for i, a in enumerate(args) if var[a] == top] if classes[top] > _WIDE else ()
                if len(at_top) == 1:  # a wide variable where one argument branches: a step per distinct child
                    i = at_top[0]
                    column = kids[args[i]]
                    mapped = {c: go(args[:i] + (c,) + args[i + 1:]) for c in set(column)}  # type: ignore[arg-type]
                    result = self.node(top, tuple(map(mapped.__getitem__, column)))  # type: ignore[arg-type]
                elif sparse is not None and any(var[a] == top for a in args[: sparse]):
                    result = self.node(top, _sparse_step(fn, args, top, go))
                else:
                    result = self.node(top, tuple(
                        go(tuple(kids[a][c] if var[a] == top else a for a in args))  # type: ignore[index]
                        for c in range(classes[top])
                    ))
            table[key] = result
            return result

        try:
            return go(us)
        finally:
            del go  # a cycle otherwise, left to the collector

    def forget_operations(self) -> None:
        """Drop the memo of operations and compiled formulas (the nodes stay): memory, when no
        more `apply` or `formula` will follow."""
        self._memo.clear()
        self._compiled.clear()

    def local(self, fn: Callable[..., object], *us: int) -> int:
        """`apply` for a function made on the spot: its memo lives for this call only."""
        return self.apply(fn, *us, memo={})

    def conj(self, a: int, b: int) -> int:
        if self._var[a] == self._var[b] and self._flat(a) and self._flat(b):
            return self._fold_flat([a, b], True)[0]
        return self.apply(_and, a, b)

    def disj(self, a: int, b: int) -> int:
        if self._var[a] == self._var[b] and self._flat(a) and self._flat(b):
            return self._fold_flat([a, b], False)[0]
        return self.apply(_or, a, b)

    def negate(self, a: int) -> int:
        if self._flat(a):  # a test of one variable: swap its leaves in one pass
            return self.node(self._var[a], tuple(bytes(self._kids[a]).translate(_SWAP)))  # type: ignore[arg-type]
        return self.apply(_not, a)

    def ite(self, c: int, t: int, e: int) -> int:
        if self._flat(c) and self._var[t] == self.LEAF and self._var[e] >= self._var[c]:
            # `c` tests one variable and picks a leaf: one pass over its true classes (a chain of
            # thousands of `key == 'k…'` guards would otherwise walk every class per guard)
            var, kids = self._var[c], self._kids[c]
            out = list(self._kids[e]) if self._var[e] == var else [e] * len(kids)  # type: ignore[arg-type]
            i = _find(kids, self.true, 0)
            while i >= 0:
                out[i] = t
                i = _find(kids, self.true, i + 1)
            return self.node(var, tuple(out))
        return self.apply(_ite, c, t, e)

    def _flat(self, u: int) -> bool:
        """`u` tests one variable: its children are the leaves False (node 0) and True (node 1)."""
        known = self._flatness.get(u)
        if known is None:
            known = self._flatness[u] = self._var[u] != self.LEAF and max(self._kids[u]) <= 1  # type: ignore[arg-type]
        return known

    def _fold_flat(self, parts: list[int], conjunction: bool) -> list[int]:
        """`parts` with the tests of one variable combined (and / or) in one pass each, as bytes:
        a guard `key not in` thousands of table keys is thousands of such tests."""
        by_var: dict[int, list[int]] = {}
        rest = []
        for u in parts:
            if self._flat(u):
                by_var.setdefault(self._var[u], []).append(u)
            else:
                rest.append(u)
        for var, group in by_var.items():
            if len(group) == 1:
                rest.append(group[0])
                continue
            width = len(self._kids[group[0]])  # type: ignore[arg-type]
            acc = int.from_bytes(bytes(self._kids[group[0]]), "big")  # type: ignore[arg-type]
            for u in group[1:]:
                bits = int.from_bytes(bytes(self._kids[u]), "big")  # type: ignore[arg-type]
                acc = acc & bits if conjunction else acc | bits
            rest.append(self.node(var, tuple(acc.to_bytes(width, "big"))))
        return rest

    def pair(self, a: int, b: int) -> int:
        return self.apply(_pair, a, b)

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
            return self.negate(self.formula(f.arg))
        if isinstance(f, (And, Or)):
            # combine from the operand that tests the latest variable back to the earliest: each
            # step adds nodes above what is built, instead of walking all of it again
            parts = self._fold_flat([self.formula(a) for a in f.args], isinstance(f, And))
            parts.sort(key=lambda u: -self._var[u])
            combine, stop = (self.conj, self.false) if isinstance(f, And) else (self.disj, self.true)
            acc = parts[0]
            for u in parts[1:]:
                if acc == stop:
                    break
                acc = combine(u, acc)
            return acc
        if isinstance(f, Ite):
            return self.ite(self.formula(f.cond), self.formula(f.then), self.formula(f.other))
        atom = atom_of(f)
        if atom is None:
            raise TypeError(f"not a formula: {f!r}")
        return self._atom(atom)

    def _atom(self, atom: Atom) -> int:
        space = self.space
        if atom.kind == "fixed":
            return self.leaf(atom.result)
        if atom.kind == "value":
            var = space.index[VarKey("value", atom.term.text, atom.term.version)]  # type: ignore[union-attr]
            classes = space.variables[var].classes
            if atom.op in ("==", "!=") and _indexable(atom.constant):
                # a name compared with one of its points: one class differs (a domain of thousands
                # of names is common in generated and real chains, so no pass over every class)
                hit, miss = (self.true, self.false) if atom.op == "==" else (self.false, self.true)
                kids = [miss] * len(classes)
                for at in self._points(var).get(_point_key(atom.constant), ()):
                    kids[at] = hit
                # (a `str` mixin's member equals its string, either way round: `class_compare`)
                for at in self._points(var).get(_MEMBERS, ()):
                    if class_compare(classes[at], "==", atom.constant):
                        kids[at] = hit
                equals = MEMBER_EQUALS.get(atom.constant.text) if isinstance(atom.constant, Member) else None
                for at in self._points(var).get(_point_key(equals), ()) if isinstance(equals, str) else ():
                    kids[at] = hit
                return self.node(var, tuple(kids))
            return self.node(var, tuple(self.leaf(class_compare(c, atom.op, atom.constant)) for c in classes))
        if atom.kind == "truth":
            term = atom.term
            value_key = VarKey("value", term.text, term.version)  # type: ignore[union-attr]
            truth_key = VarKey("truth", term.text, term.version)  # type: ignore[union-attr]
            residual = space.index.get(truth_key)
            residual_node = self.node(residual, (self.false, self.true)) if residual is not None else None
            if value_key in space.index:
                var = space.index[value_key]
                kids = []
                for c in space.variables[var].classes:
                    t = c.truth()
                    kids.append(self.leaf(t) if t is not None else residual_node)  # type: ignore[arg-type]
                # the residual variable comes after the value variable: order the children's tests
                return self._ordered(var, kids)
            return residual_node  # type: ignore[return-value]
        a, b = atom.term, atom.other
        var = space.index[VarKey("rel", a.text, a.version, b.text, b.version)]  # type: ignore[union-attr]
        rel = self.node(var, tuple(self.leaf(rel_holds(c.value, atom.op)) for c in space.variables[var].classes))  # type: ignore[arg-type]
        va = _operand(space, a.text, a.version)  # type: ignore[union-attr]
        vb = _operand(space, b.text, b.version)  # type: ignore[union-attr]
        if va is None and vb is None:
            return rel
        # where the two terms' value classes decide the relation, it is decided there (the
        # relational variable only speaks where they do not): no impossible combinations
        classes_a = space.variables[va].classes if va is not None else (None,)
        classes_b = space.variables[vb].classes if vb is not None else (None,)
        eq_only = space.variables[var].classes == REL_EQ
        points = _points(classes_a), _points(classes_b)
        acc = self.false
        for i, ca in enumerate(classes_a):
            for j, cb in enumerate(classes_b):
                relations = class_relations(ca, cb, eq_only, *points)
                if relations is not None and eq_only:
                    relations = {"eq" if r == "eq" else "ne" for r in relations}
                outcomes = {rel_holds(r, atom.op) for r in relations} if relations is not None else {True, False}
                inner = self.leaf(outcomes.pop()) if len(outcomes) == 1 else rel
                where = self.true
                if va is not None:
                    where = self.conj(where, self._indicator(va, i))
                if vb is not None:
                    where = self.conj(where, self._indicator(vb, j))
                acc = self.disj(acc, self.conj(where, inner))
        return acc

    def consistency(self) -> int:
        """Where every relational variable agrees with the value classes of its two terms: the
        configurations that can happen. Queries restrict themselves to it.

        Built once per diagram. Its nodes depend only on the relational variables, the value
        variables they relate and their order: once building it in a diagram of at most
        `_FRESH` nodes has run past the budget, a later diagram with the same ones (the
        shadowed-branch check after a rule's check; ordered comparisons of 40 values: 15 s
        each) would hold at least the budget less `_FRESH` nodes, and is refused at once. (In a
        diagram that other work had filled, running past the budget says nothing of its size.)"""
        variables = self.space.variables
        if self._consistent is None or self._consistent[0] is not variables:  # (a space that grew: again)
            signature = (self.budget, self._relational_signature())
            if signature in _PAST_BUDGET:
                raise TooLarge(self.budget, len(variables))
            fresh = len(self._var) <= _FRESH
            try:
                self._consistent = (variables, self._consistency())
            except TooLarge:
                if fresh:
                    _PAST_BUDGET.add(signature)
                raise
        return self._consistent[1]

    def _relational_signature(self) -> tuple:
        space = self.space
        involved: set[int] = set()
        for var, v in enumerate(space.variables):
            if v.key.kind == "rel":
                involved.add(var)
                for text, version in ((v.key.text, v.key.version), (v.key.other, v.key.other_version)):
                    found = _operand(space, text, version)
                    if found is not None:
                        involved.add(found)
        return tuple((space.variables[i].key, _hashable(space.variables[i].classes)) for i in sorted(involved))

    def _consistency(self) -> int:
        space = self.space
        acc = self.true
        for var, v in enumerate(space.variables):
            if v.key.kind != "rel":
                continue
            va = _operand(space, v.key.text, v.key.version)
            vb = _operand(space, v.key.other, v.key.other_version)
            if va is None and vb is None:
                continue
            acc = self.conj(acc, self._relation(var, va, vb))
            acc = self.conj(acc, self._equal_truth(var, v))
        return self.conj(acc, self._transitive())

    def _relation(self, var: int, va: int | None, vb: int | None) -> int:
        """What relation variable `var` may be, given the classes of its operands' variables `va`
        and `vb` (`class_relations`): built node by node over the (at most three) variables in
        their order, not as one conjunction per pair of classes over the growing constraint."""
        space = self.space
        v = space.variables[var]
        classes_a = space.variables[va].classes if va is not None else (None,)
        classes_b = space.variables[vb].classes if vb is not None else (None,)
        eq_only = v.classes == REL_EQ
        points = _points(classes_a), _points(classes_b)
        allowed: dict[tuple[int, int], frozenset[int]] = {}  # (class of a, class of b) -> the classes of `var` allowed
        for i, ca in enumerate(classes_a):
            for j, cb in enumerate(classes_b):
                if va is not None and va == vb and i != j:
                    continue  # (one variable: its class is both)
                relations = class_relations(ca, cb, eq_only, *points)
                if relations is not None:
                    if eq_only:
                        relations = {"eq" if r == "eq" else "ne" for r in relations}
                    allowed[(i, j)] = frozenset(c for c, cls in enumerate(v.classes) if cls.value in relations)
        order = sorted({x for x in (va, vb, var) if x is not None})
        true, false = self.true, self.false

        def build(level: int, fixed: dict[int, int]) -> int:
            pair = (fixed.get(va, 0) if va is not None else 0, fixed.get(vb, 0) if vb is not None else 0)
            if level == len(order):
                return true if pair not in allowed or fixed[var] in allowed[pair] else false
            x = order[level]
            if x == var and level == len(order) - 1:  # (the relation last: one node of what it may be)
                classes = allowed.get(pair)
                return true if classes is None else self.node(var, tuple(true if c in classes else false
                                                                         for c in range(len(v.classes))))
            return self.node(x, tuple(build(level + 1, {**fixed, x: c}) for c in range(len(space.variables[x].classes))))

        try:
            return build(0, {})
        finally:
            del build  # it calls itself: a cycle otherwise, left to the collector

    def _equal_truth(self, var: int, v: Variable) -> int:
        """Two values a relation says are equal have one truth. A term whose truth its value class
        does not decide (`d.get(k)`: None, or another value) has a truth variable too, which the
        classes above do not reach: `not d.get("x") and d.get("x", "z") == "y"` held with the
        two equal, the second "y" and the first false (exploratory fuzz round 3)."""
        space = self.space
        sides = ((v.key.text, v.key.version), (v.key.other, v.key.other_version))
        if "eq" not in [c.value for c in v.classes] or not any(
                VarKey("truth", t, ver) in space.index and VarKey("value", t, ver) in space.index for t, ver in sides):
            return self.true
        truths = [self._known_truth(t, ver) for t, ver in sides]
        if None in truths:
            return self.true  # a side the diagram has no variable for
        (a, known_a), (b, known_b) = truths
        same = self.disj(self.conj(a, b), self.conj(self.negate(a), self.negate(b)))
        equal = self._indicator(var, [c.value for c in v.classes].index("eq"))
        return self.disj(self.negate(self.conj(equal, self.conj(known_a, known_b))), same)

    def _known_truth(self, text: str, version: str) -> tuple[int, int] | None:
        """A term's truth, and where the diagram decides it: by its value class, else by its truth
        variable (a class that decides nothing, of a term with no truth variable: not known)."""
        space = self.space
        value = space.index.get(VarKey("value", text, version))
        residual = space.index.get(VarKey("truth", text, version))
        residual_node = self.node(residual, (self.false, self.true)) if residual is not None else None
        if value is None:
            return None if residual_node is None else (residual_node, self.true)
        kids, known = [], []
        for c in space.variables[value].classes:
            t = c.truth()
            kids.append(self.leaf(t) if t is not None else residual_node if residual_node is not None else self.false)
            known.append(self.true if t is not None or residual_node is not None else self.false)
        return self._ordered(value, kids), self.node(value, tuple(known))

    def _transitive(self) -> int:
        """Relations among terms that no numbers satisfy (a < b < c < a; a == b == c == d != a;
        a == 1, c == 2, a == b == c) cannot happen. Only a cycle of compared terms can hold such a
        set (the terms' value classes tie any two of them through the constants: a vertex
        `_CONSTANTS` next to each), so each biconnected part of that graph is constrained on its
        own: by its triangles where they decide every cycle (a chordal part whose relations are
        all orders or all `==` / `!=`, that relates every two of its terms with value classes),
        else exactly, variable by variable (`_realisable`)."""
        space = self.space
        edges = [(var, (v.key.text, v.key.version), (v.key.other, v.key.other_version))
                 for var, v in enumerate(space.variables) if v.key.kind == "rel"]
        edges = [(var, a, b) for var, a, b in edges if a != b]
        if len(edges) < 2:
            return self.true
        import itertools

        import networkx as nx

        graph = nx.Graph()
        for var, a, b in edges:
            graph.add_edge(a, b, relation=(var, a, b))  # (the variable's own sides: `lt` is a < b)
        for term in list(graph.nodes):
            value = space.index.get(VarKey("value", *term))
            if value is not None:
                graph.add_edge(term, _CONSTANTS, relation=(value, term, _CONSTANTS))
        acc = self.true
        for part in nx.biconnected_component_edges(graph):
            part = sorted(graph.edges[a, b]["relation"] for a, b in part)
            if len(part) < 3 or len(part) == 3 and sum(b == _CONSTANTS for _, _, b in part) == 2:
                continue  # (one relation and its two terms' classes: `_relation` holds them)
            relations = [(var, a, b) for var, a, b in part if b != _CONSTANTS]
            valued = [a for _, a, b in part if b == _CONSTANTS]
            kinds = {space.variables[var].classes == REL_EQ for var, _, _ in relations}
            sub = graph.edge_subgraph([(a, b) for _, a, b in relations])
            if len(kinds) == 1 and nx.is_chordal(sub) and all(sub.has_edge(u, v) for u, v in itertools.combinations(valued, 2)):
                # (the classes of terms related two by two, each pair by `_relation`: on a line,
                # intervals that meet two by two meet together)
                acc = self.conj(acc, self._triangles(relations))
            else:
                acc = self.conj(acc, self._realisable(part))
        return acc

    def _triangles(self, part: list[tuple[int, tuple[str, str], tuple[str, str]]]) -> int:
        """The relations of every three terms of `part` related pairwise that numbers satisfy.
        In a chordal graph a cycle no numbers satisfy has a chord that makes a shorter one (`eq`
        chords, `ne` chords of `==`-only parts, order chords of order-only parts), down to a
        triangle; a `ne` beside orders does not (a < b == c < d == a with a != c): `_realisable`."""
        import itertools

        space = self.space
        rel = {frozenset((a, b)): (var, a, b) for var, a, b in part}
        terms = sorted({t for _, a, b in part for t in (a, b)})
        acc = self.true
        for x, y, z in itertools.combinations(terms, 3):
            pairs = [rel.get(frozenset(p)) for p in ((x, y), (y, z), (x, z))]
            if None in pairs:
                continue
            allowed = self.false
            for classes in itertools.product(*(space.variables[var].classes for var, _, _ in pairs)):
                if feasible([(a, b, c.value) for (var, a, b), c in zip(pairs, classes)]):
                    where = self.true
                    for (var, _, _), c in zip(pairs, classes):
                        where = self.conj(where, self._indicator(var, space.variables[var].classes.index(c)))
                    allowed = self.disj(allowed, where)
            acc = self.conj(acc, allowed)
        return acc

    def _realisable(self, part: list[tuple[int, tuple[str, str], tuple[str, str]]]) -> int:
        """The classes of the variables of `part` (sorted by variable: relations, and the value
        variables of terms, whose other side is `_CONSTANTS`) that numbers realise together: built
        variable by variable in the diagram's order, a class kept where the constraints so far
        stay satisfiable. Two prefixes that imply the same of the terms the rest reads and the
        constants (`TermOrder.relation`) allow the same rest: one node. Past `_REALISABLE` such
        nodes the part is too large to decide exactly (TooLarge: not compared, not guessed)."""
        import itertools

        space = self.space
        constants: dict[tuple, tuple[str, str]] = {}  # `_point_key` of a constant -> its vertex
        values: dict[tuple, object] = {}

        def constant(value: object) -> tuple[str, str] | None:
            try:
                key = _point_key(value)
                hash(key)
            except TypeError:
                return None  # (a dict outcome: no vertex, no constraint)
            if key not in constants:
                constants[key] = (f"<constant {len(constants)}>", "")
                values[key] = value
            return constants[key]

        says: dict[tuple[int, int], list] = {}  # (value variable, class) -> its constraints
        reads: list[set] = []  # the constants each variable's classes name
        for var, term, other in part:
            reads.append(set())
            if other == _CONSTANTS:
                classes = space.variables[var].classes
                points = tuple(c.value for c in classes if c.kind == "point")
                for i, cls in enumerate(classes):
                    says[(var, i)] = class_constraints(term, cls, points, constant)
                    reads[-1].update(c for side in says[(var, i)] for c in side[:2] if c != term)
        start = _constant_order(constants, values)
        n = len(part)
        later: list[set] = [set() for _ in range(n + 1)]  # terms the variables from i on read
        named: list[list] = [[] for _ in range(n + 1)]  # constants they name
        for i in range(n - 1, -1, -1):
            later[i] = later[i + 1] | {part[i][1], part[i][2]} - {_CONSTANTS}
            named[i] = sorted(set(named[i + 1]) | reads[i])
        memo: dict[tuple, int] = {}

        def build(i: int, order: TermOrder) -> int:
            if i == n:
                return self.true
            frontier = sorted({t for _, a, b in part[:i] for t in (a, b)} & later[i])
            pairs = [*itertools.combinations(frontier, 2), *((u, c) for u in frontier for c in named[i])]
            implied = [order.relation(u, v) for u, v in pairs]
            key = (i, tuple(implied))
            found = memo.get(key)
            if found is not None:
                return found
            if len(memo) >= _REALISABLE:
                raise TooLarge(_REALISABLE, len(space.variables))
            # what the rest may ask of the prefix, in place of it (the key: the same projection)
            kept = [*start, *((u, v, r) for (u, v), r in zip(pairs, implied) if r)]
            var, a, b = part[i]
            kids = []
            for c, cls in enumerate(space.variables[var].classes):
                then = TermOrder.of([*kept, *says[(var, c)]] if b == _CONSTANTS else [*kept, (a, b, cls.value)])
                kids.append(build(i + 1, then) if then is not None else self.false)
            memo[key] = self.node(var, tuple(kids))
            return memo[key]

        try:
            return build(0, TermOrder.of(start) or TermOrder({}, {}, frozenset()))
        finally:
            del build  # it calls itself: a cycle otherwise, left to the collector

    def _indicator(self, var: int, c: int) -> int:
        n = len(self.space.variables[var].classes)
        return self.node(var, tuple(self.true if i == c else self.false for i in range(n)))

    def _ordered(self, var: int, kids: list[int]) -> int:
        """A node on `var` whose children may test variables before it: built with `ite`."""
        if all(self._var[k] > var for k in kids):
            return self.node(var, tuple(kids))
        acc = self.false
        for c, kid in enumerate(kids):
            indicator = self.node(var, tuple(self.true if i == c else self.false for i in range(len(kids))))
            acc = self.ite(indicator, kid, acc)
        return acc

    def chain(self, guards: list[Formula], values: list[object], fallback: object = None) -> int:
        """The multi-terminal diagram of a first-match chain: the value of the first guard that holds."""
        d = self.leaf(fallback)
        for guard, value in zip(reversed(guards), reversed(values)):
            d = self.ite(self.formula(guard), self.leaf(value), d)
        return d

    def restrict(self, constraint: int, u: int, masked: object) -> int:
        """`u` where `constraint` holds, the leaf `masked` elsewhere."""
        m = self.leaf(masked)
        return self.ite(constraint, u, m)

    def quantify(self, u: int, variables: set[int], combine: Callable[[object, object], object]) -> int:
        """Eliminate `variables` from a diagram by combining the children of their nodes
        (`_and`: for all values, `_or`: for some value)."""
        memo: dict[int, int] = {}

        def go(n: int) -> int:
            if n in memo:
                return memo[n]
            if self.is_leaf(n):
                result = n
            else:
                kids = [go(k) for k in self.children(n)]
                var = self.var_of(n)
                if var in variables:
                    result = kids[0]
                    for k in kids[1:]:
                        result = self.apply(combine, result, k)
                else:
                    result = self.node(var, tuple(kids))
            memo[n] = result
            return result

        try:
            return go(u)
        finally:
            del go  # it calls itself: a cycle otherwise, left to the collector

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

    def partition(self, u: int, wanted: Collection | None = None) -> dict[object, int]:
        """For every leaf value of `u` (those in `wanted`, when given), the boolean diagram of
        where `u` reaches it: one pass bottom-up (a node's children sit at later variables, so
        each indicator node is built directly), instead of one `apply` over the whole diagram per
        value. A value left out costs nothing: a pair diagram has hundreds of leaf values, and a
        comparison wants the few whose outcomes are computed."""
        order: list[int] = []
        seen: set[int] = set()
        stack: list[tuple[int, bool]] = [(u, False)]
        while stack:  # post-order: children before their parents
            n, ready = stack.pop()
            if ready:
                order.append(n)
            elif n not in seen:
                seen.add(n)
                stack.append((n, True))
                if not self.is_leaf(n):
                    stack.extend((k, False) for k in set(self.children(n)) if k not in seen)
        parts: dict[int, dict[object, int]] = {}
        false = self.false
        for n in order:
            if self.is_leaf(n):
                value = self.value(n)
                parts[n] = {value: self.true} if wanted is None or value in wanted else {}
                continue
            kids = [parts[k] for k in self.children(n)]
            values = dict.fromkeys(v for part in kids for v in part)
            parts[n] = {v: self.node(self.var_of(n), tuple(part.get(v, false) for part in kids)) for v in values}
        return parts[u]

    def substitute(self, u: int, leaf: Callable[[object], int]) -> int:
        """`u` with each leaf replaced by the diagram `leaf(value)`: one pass bottom-up, each node
        once. `partition` and a disjunction over the values would build a node per value at every
        node (a comparison whose outcomes are computed: thousands of pairs of branches)."""
        out: dict[int, int] = {}
        stack: list[tuple[int, bool]] = [(u, False)]
        while stack:  # post-order: children before their parents
            n, ready = stack.pop()
            if n in out:
                continue
            if self.is_leaf(n):
                out[n] = leaf(self.value(n))
            elif ready:
                var = self._var[n]
                kids = [out[k] for k in self.children(n)]
                out[n] = self.node(var, tuple(kids)) if all(self._var[k] > var for k in kids) else self._ordered(var, kids)
            else:
                stack.append((n, True))
                stack.extend((k, False) for k in set(self.children(n)) if k not in out)
        return out[u]

    def shortest_path(self, u: int, wanted: Callable[[object], bool], cost: Callable[[int], int] | None = None
                      ) -> tuple[dict[int, tuple[int, ...]], object] | None:
        """The path to a leaf with a `wanted` value that fixes the fewest variables (weighted by
        `cost(variable)`; 1 each by default): a pass over the diagram, bottom-up.

        Returns ({variable: classes allowed on the path}, leaf value), or None if no leaf is
        wanted. Variables not in the dict are free: any value gives the same leaf."""
        cost = cost or (lambda v: 1)
        best: dict[int, tuple[float, int | None, tuple[int, ...]]] = {}
        order: list[int] = []
        seen: set[int] = set()
        stack = [(u, False)]
        while stack:  # post-order without recursion
            n, done = stack.pop()
            if done:
                order.append(n)
                continue
            if n in seen:
                continue
            seen.add(n)
            stack.append((n, True))
            if not self.is_leaf(n):
                for child in set(self.children(n)):
                    if child not in seen:
                        stack.append((child, False))
        for n in order:
            if self.is_leaf(n):
                best[n] = (0.0, None, ()) if wanted(self.value(n)) else (math.inf, None, ())
                continue
            choice = (math.inf, None, ())
            for child, classes in self.arcs(n).items():
                total = best[child][0] + cost(self.var_of(n))
                if total < choice[0]:
                    choice = (total, child, classes)
            best[n] = choice
        if best[u][0] == math.inf:
            return None
        fixed: dict[int, tuple[int, ...]] = {}
        n = u
        while not self.is_leaf(n):
            _, child, classes = best[n]
            fixed[self.var_of(n)] = classes
            n = child  # type: ignore[assignment]
        return fixed, self.value(n)

    def count(self, u: int, wanted: Callable[[object], bool]) -> int:
        """How many configurations (points of the whole space) reach a wanted leaf."""
        sizes = [len(v.classes) for v in self.space.variables]
        nvars = len(sizes)
        memo: dict[int, int] = {}

        def level(n: int) -> int:
            return nvars if self.is_leaf(n) else self.var_of(n)

        def go(n: int) -> int:
            if n in memo:
                return memo[n]
            if self.is_leaf(n):
                result = 1 if wanted(self.value(n)) else 0
            else:
                var = self.var_of(n)
                result = 0
                for child in self.children(n):
                    result += go(child) * math.prod(sizes[var + 1: level(child)])
            memo[n] = result
            return result

        try:
            return go(u) * math.prod(sizes[: level(u)])
        finally:
            del go, level  # a cycle otherwise, left to the collector


_MEMBERS = ("<members>", None)


def _constant_order(vertices: dict, values: dict) -> list:
    """How constants (`_point_key` -> vertex, -> value) compare, as few `a REL b` constraints: numbers
    and strings each a chain of `lt`, the other constants (members, None, tuples) `eq` / `ne` to
    each other and `ne` to the numbers and strings (a member against a literal: unknown, none)."""
    out = []
    for kind in (int, str):
        ranked = sorted((k for k in vertices if isinstance(values[k], str) == (kind is str)
                         and (isinstance(values[k], str) or isinstance(values[k], (int, float)) and values[k] == values[k])),
                        key=lambda k: values[k])
        out += [(vertices[p], vertices[q], "lt") for p, q in zip(ranked, ranked[1:])]
    loose = [k for k in vertices if not isinstance(values[k], (str, int, float))]
    for p in loose:
        for q in vertices:
            if q != p and (q not in loose or repr(p) < repr(q)):
                r = constant_relation(values[p], values[q])
                if r is not None:
                    out.append((vertices[p], vertices[q], r))
    return out


def _points(classes: tuple) -> tuple:
    """The constants of a variable's point classes (`class_relations`: what its `other` is not)."""
    return tuple(c.value for c in classes if c is not None and c.kind == "point")


def _operand(space: Space, text: str, version: str) -> int | None:
    """The variable that decides a related term's value: its value variable, or, for a term
    only read for its truth, its truth variable (true and false values are never equal)."""
    found = space.index.get(VarKey("value", text, version))
    return found if found is not None else space.index.get(VarKey("truth", text, version))
