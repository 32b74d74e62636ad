"""Decision diagrams read back: disjoint cubes of a diagram's true set (the regions `diff`
lists), the condition a cube's classes stand for, simplification and satisfiability of a
formula, and the lookup of a formula's value at fixed classes. No I/O here.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .domains import Class, Member, Space, VarKey, Variable, atom_of, class_compare, rel_holds
from .logic import Diagram, TooLarge
from .model import Formula, Lit, Term, Value

# ---------------------------------------------------------------- cubes


class TooFragmented(Exception):
    pass


def cover(d: Diagram, u: int, limit: int | None = None, memo: dict | None = None) -> list[dict[int, frozenset[int]]]:
    """Disjoint cubes whose union is exactly the true set of the boolean diagram `u`. Cubes that
    agree below a variable are merged there (their classes joined), so a factor shared by many
    paths is written once. Raises TooFragmented past `limit` cubes at a node.

    A cube is built as a linked chain `((var, classes), rest)`: prepending a variable is one
    pair, not a copy of everything below it. `memo`, shared by calls on one diagram with one
    `limit`, keeps each node's cubes (nodes are shared between diagrams) and the nodes past the
    limit."""
    memo = {} if memo is None else memo
    variables = d.space.variables

    def go(n: int) -> list[tuple]:
        if n in memo:
            if memo[n] is None:
                raise TooFragmented
            return memo[n]
        if d.is_leaf(n):
            result = [()] if d.value(n) else []
        else:
            var = d.var_of(n)
            by_sub: dict[tuple, frozenset[int]] = {}
            for child, classes in d.arcs(n).items():
                these = frozenset(classes)
                for sub in go(child):
                    known = by_sub.get(sub)
                    by_sub[sub] = these if known is None else known | these
            size = len(variables[var].classes)  # (classes are a subset of the variable's: all of them where as many)
            result = [sub if len(classes) == size else ((var, classes), sub) for sub, classes in by_sub.items()]
            if limit is not None and len(result) > limit:
                memo[n] = None
                raise TooFragmented
        memo[n] = result
        return result

    try:
        chains = go(u)
    finally:
        del go  # it calls itself: a cycle otherwise, left to the collector
    cubes = []
    for chain in chains:
        cube = {}
        while chain:
            (var, classes), chain = chain
            cube[var] = classes
        cubes.append(cube)
    return cubes


def merge_cubes(cubes: list[dict[int, frozenset[int]]], variables: list[Variable]) -> list[dict[int, frozenset[int]]]:
    """Join cubes that agree everywhere but on one variable, until none do: fewer, smaller
    conjunctions for the same set. For each variable, only the cubes that constrain it are
    bucketed by the rest of the cube (the cubes are disjoint: one that leaves the variable free
    holds no other that agrees with it elsewhere), and the cubes keep their order."""
    full = [frozenset(range(len(v.classes))) for v in variables]

    def freeze(cube: dict[int, frozenset[int]]) -> tuple:
        return tuple(sorted((k, c) for k, c in cube.items() if len(c) != len(full[k])))

    current = list({freeze(c): None for c in cubes})
    positions: dict[tuple, dict[int, int]] = {}  # a cube's variables -> where each is in it

    def at(cube: tuple) -> dict[int, int]:
        found = positions.get(cube)
        if found is None:
            found = positions[cube] = {k: i for i, (k, _) in enumerate(cube)}
        return found

    changed = True
    while changed and len(current) > 1:
        changed = False
        for v in sorted({k for cube in current for k, _ in cube}):
            buckets: dict[tuple, frozenset[int]] = {}
            rests: dict[tuple, tuple[tuple, int]] = {}  # a cube that constrains v -> the rest of it, v's place
            merged = False
            for cube in current:
                i = at(cube).get(v)
                if i is None:
                    continue
                rest = cube[:i] + cube[i + 1:]
                rests[cube] = (rest, i)
                known = buckets.get(rest)
                if known is not None:
                    merged = True
                buckets[rest] = cube[i][1] if known is None else known | cube[i][1]
            if not merged:
                continue
            changed = True
            out: dict[tuple, None] = {}
            for cube in current:
                kept = rests.get(cube)
                if kept is None:
                    out[cube] = None
                    continue
                rest, i = kept
                if rest in buckets:  # v back at its place (the cube stays sorted), or left out where it is free
                    joined = buckets.pop(rest)
                    out[rest if len(joined) == len(full[v]) else rest[:i] + ((v, joined),) + rest[i:]] = None
            current = list(out)
    return [dict(c) for c in current]


def condition(space: Space, var: int, classes: frozenset[int] | tuple[int, ...]) -> Formula:
    """The condition "variable `var` is in `classes`", written back as a formula of its atoms."""
    from .formula import compare, conj, disj, neg, truth

    v = space.variables[var]
    chosen = set(classes)
    if len(chosen) == len(v.classes):
        return Lit(True)
    term = space.term(v.key.text, v.key.version)
    if v.key.kind == "truth":
        return truth(term) if v.classes[next(iter(chosen))].value else neg(truth(term))
    if v.key.kind == "rel":
        other = space.term(v.key.other, v.key.other_version)
        relations = {v.classes[c].value for c in chosen}
        op = {frozenset({"lt"}): "<", frozenset({"eq"}): "==", frozenset({"gt"}): ">", frozenset({"lt", "eq"}): "<=",
              frozenset({"gt", "eq"}): ">=", frozenset({"lt", "gt"}): "!=", frozenset({"ne"}): "!="}[frozenset(relations)]
        return compare(term, op, other)

    def constant(value: object):
        return Term(value.text, 0, "member") if isinstance(value, Member) else Lit(value)

    def one(cls: Class) -> Formula:
        if cls.kind == "point":
            return compare(term, "==", constant(cls.value))
        if cls.kind == "range":
            parts = []
            if cls.value != -math.inf:
                parts.append(compare(term, ">", Lit(cls.value)))
            if cls.high != math.inf:
                parts.append(compare(term, "<", Lit(cls.high)))
            return conj(*parts)
        points = [c.value for c in v.classes if c.kind == "point"]
        return conj(*(compare(term, "!=", constant(p)) for p in points))

    rest = [v.classes[c] for c in range(len(v.classes)) if c not in chosen]
    if len(rest) < len(chosen):
        return neg(disj(*(one(c) for c in rest)))
    return disj(*(one(v.classes[c]) for c in sorted(chosen)))


def simplified(f: Formula) -> Formula:
    """An equivalent formula written as few, small conjunctions of atom conditions (for
    conditions the model builds, such as the region of a list order)."""
    from .formula import conj, disj

    space = Space([f])
    d = Diagram(space)
    try:
        u = d.conj(d.formula(f), d.consistency())
        if u == d.false:
            return Lit(False)
        cubes = merge_cubes(cover(d, u, 64), space.variables)
    except (TooFragmented, TooLarge):  # the formula as it is: equivalent, only longer
        return f
    return disj(*(conj(*(condition(space, var, classes) for var, classes in sorted(cube.items()))) for cube in cubes))


def satisfiable(f: Formula) -> bool:
    """Whether some assignment of the atoms makes `f` true."""
    space = Space([f])
    d = Diagram(space)
    return d.formula(f) != d.false


def lookup_for(space: Space, fixed: dict[int, tuple[int, ...]]) -> Callable[[Value], object]:
    """An atom lookup for `formula.evaluate` from a partial assignment of classes."""

    def lookup(node: Value) -> object:
        atom = atom_of(node)
        if atom is None:
            return None
        if atom.kind == "fixed":
            return atom.result
        if atom.kind == "value":
            key = VarKey("value", atom.term.text, atom.term.version)  # type: ignore[union-attr]
            var = space.index.get(key)
            if var is None or var not in fixed:
                return None
            results = {class_compare(space.variables[var].classes[c], atom.op, atom.constant) for c in fixed[var]}
            return results.pop() if len(results) == 1 else None
        if atom.kind == "truth":
            term = atom.term
            vkey = VarKey("value", term.text, term.version)  # type: ignore[union-attr]
            tkey = VarKey("truth", term.text, term.version)  # type: ignore[union-attr]
            results: set = set()
            if vkey in space.index and space.index[vkey] in fixed:
                var = space.index[vkey]
                for c in fixed[var]:
                    t = space.variables[var].classes[c].truth()
                    if t is None:
                        if tkey in space.index and space.index[tkey] in fixed:
                            results |= {space.variables[space.index[tkey]].classes[k].value for k in fixed[space.index[tkey]]}
                        else:
                            return None
                    else:
                        results.add(t)
            elif tkey in space.index and space.index[tkey] in fixed:
                var = space.index[tkey]
                results = {space.variables[var].classes[c].value for c in fixed[var]}
            else:
                return None
            return results.pop() if len(results) == 1 else None
        a, b = atom.term, atom.other
        key = VarKey("rel", a.text, a.version, b.text, b.version)  # type: ignore[union-attr]
        var = space.index.get(key)
        if var is None or var not in fixed:
            return None
        results = {rel_holds(space.variables[var].classes[c].value, atom.op) for c in fixed[var]}  # type: ignore[arg-type]
        return results.pop() if len(results) == 1 else None

    return lookup
