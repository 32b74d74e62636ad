"""Which values computed atoms can take: witnesses from concrete operand values.

A computed atom (`computed.py`) that no fact or point of its operands ties is a variable of its
own in the decision diagram, free to take every class of its domain. Not every class is a value
its operands can give it: no string makes `mode.upper() == "x"`, `len(x) == -1`, `abs(n) < 0`,
`n % 2 == 5` or `f"on-{mode}" == "y"` hold. A definite answer built on such a value is one that
running the code contradicts (a violation no input gives).

So a definite answer (a violation, a reachable outcome, a changed configuration) takes computed
atoms only at values found here: operand values are tried (the constants of the atom and of its
domain, numbers one or two steps from them, their substrings, every class of the operand's own
variables, a few of each type) and Python's result kept with the classes it falls in
(`realizable`). Atoms that read one operand are searched together, so `mode.upper() == "X"` and
`mode.lower() == "y"` do not hold at once either. A class no tried value gives is not claimed to
be impossible: proving a rule clean takes every class as before (the sound query is not
restricted); only a definite answer needs a witness, and without one it is undetermined.
"""

from __future__ import annotations

import ast
import functools
import itertools
import random
from dataclasses import dataclass

from .computed import UNKNOWN, Unsupported, operands, parsed, term_kind, value_of, with_items
from .domains import Variable, VarKey

TRIES = 1_500  # operand values tried per group of atoms
_MAX_GROUP = 4  # atoms searched together (more: each alone)
_MAX_OPERANDS = 3
_GENERIC = (None, True, False, 0, 1, -1, 2, 3, 0.5, -0.5, 10, "", "x", "X", "ab", "a_b", (), (0,), (0, 0))
_ANY = -1  # a value no class holds


def realizable(d, facts: dict[str, object]) -> tuple[int, list[int], list[int], list[tuple[int, int]]]:
    """Where the computed atoms of diagram `d` take classes some tried operand values give them
    together, the atoms that restricts, and those no tried value gives any value (Python raises
    computing them: unknown wherever they are read), and the atoms Python raises computing at some
    classes of their operands and not at others (`mode in "xy"`: at None), each with where its
    operands take those classes (a definite answer there that rests on the atom's value is none).
    `facts`: the texts facts substituted -> values (an atom whose operands they all give is
    computed from them in `computed.ties`)."""
    variables = d.space.variables
    given = with_items({text: getattr(value, "value", value) for text, value in facts.items()}, variables)
    own: dict[tuple[str, str], list[int]] = {}
    reads: dict[int, list[tuple[str, str]]] = {}
    plain: dict[int, list[tuple[str, str]]] = {}  # relations of two values no atom computes
    for i, var in enumerate(variables):
        if var.key.kind == "rel":
            found = _relation_reads(d.space, var)
            if found is not None and not all(not version and text in given for text, version in found[0]):
                (reads if found[1] else plain)[i] = found[0]
            continue
        ops = None if var.opaque else operands(var.text, term_kind(d.space, var))
        if ops is None:
            own.setdefault((var.text, var.version), []).append(i)
            continue
        if not (ops and ops <= given.keys() and not var.version):  # (none: of constants alone, `divmod(7, 2)[1]`)
            reads[i] = [(text, var.version) for text in sorted(ops)]
    # a relation of two values one of which a computed atom reads is searched with it (`k < "a"`,
    # `k ? mode` and `mode` "a": no string is both; exploratory fuzz round 4)
    computed_operands = {key for keys in reads.values() for key in keys}
    reads.update((i, keys) for i, keys in plain.items() if computed_operands.intersection(keys))
    # a value's truth is its class's where that decides it (`cfg.m` "x" is true): its truth
    # variable is searched beside the value only in classes that do not (`_classes_of`), so a
    # falsy value that is not None is one Python makes (round 10: `not dtype and dtype is not
    # None and dtype.startswith("fp")` took "fp..." for it)
    where, limited, unknown = d.true, [], []
    raised: list[tuple[int, int]] = []
    for group in _groups(reads):
        keys = sorted({k for i in group for k in reads[i]})
        found = _search(tuple((_searched(variables[i]), variables[i].classes) for i in group),
                        tuple((text, _given(given, text, version), tuple(variables[j].classes for j in own.get((text, version), ())))
                              for text, version in keys))
        if found is None:
            continue
        seen, tuples, raising, partly = found
        operand_vars = [j for key in keys for j in own.get(key, ())]
        for k, combos in partly:
            raised.append((group[k], _union(d, (_cube(d, variables, operand_vars, combo) for combo in combos))))
        # an atom Python raises computing at every value tried (`n % 0`): a path reading it
        # raises; no class of it is a value, and a definite answer must not rest on one
        # (exploratory fuzz round 4: `n % 0 == 1` was violated)
        unknown += [group[k] for k in raising]
        allowed = d.negate(_union(d, (_cube(d, variables, operand_vars, combo) for combo in seen)))
        allowed = d.disj(allowed, _union(d, (_cube(d, variables, [*operand_vars, *group], t) for t in tuples)))
        if allowed != d.true:
            where = d.conj(where, allowed)
            limited += group
    return where, limited, unknown, raised


def _relation_reads(space, var: Variable) -> tuple[list[tuple[str, str]], bool] | None:
    """The operands a relation between two values reads ((text, version) each, a plain side its
    own operand), and whether a side is computed from others (`mode ? mode.upper()`,
    `mode[:1] ? mode[0:1]`). None where a side is a value of unmodeled code."""
    reads: dict[tuple[str, str], None] = {}
    sides: list[set[tuple[str, str]]] = []
    computed = False
    for text, version in ((var.key.text, var.key.version), (var.key.other, var.key.other_version)):
        term = space.term(text, version)
        if term.is_opaque or text.startswith("<"):  # a value of unmodeled code: no operand of it to try
            return None
        ops = operands(text, term.kind)
        side = {(op, version) for op in ops} if ops else {(text, version)}
        computed = computed or bool(ops)
        sides.append(side)
        reads.update(dict.fromkeys(side))
    # a computed side searched only where both sides read one operand (`mode ? mode.upper()`):
    # two values of different inputs take any relation (`threshold ? hidden_states.shape[0]`)
    return sorted(reads), computed and bool(sides[0] & sides[1])


def _searched(var: Variable) -> object:
    """What `_search` computes for a variable: its text, or a relation's two sides."""
    return ("rel", var.key.text, var.key.other) if var.key.kind == "rel" else var.text


_NOT_GIVEN = ("<not given>",)


def _given(given: dict[str, object], text: str, version: str) -> object:
    """The value a fact gives an operand as read by the atom (facts give entry values only)."""
    if version or text not in given:
        return _NOT_GIVEN
    value = given[text]
    try:
        hash(value)
    except TypeError:
        return _NOT_GIVEN
    return value


def _groups(reads: dict[int, list[tuple[str, str]]]) -> list[list[int]]:
    """The atoms that read a common operand, together (small groups; larger ones atom by atom)."""
    parent = {i: i for i in reads}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, keys in reads.items():
        for key in keys:
            if key in first:
                parent[root(i)] = root(first[key])
            else:
                first[key] = i
    groups: dict[int, list[int]] = {}
    for i in reads:
        groups.setdefault(root(i), []).append(i)
    out = []
    for group in groups.values():
        if len(group) <= _MAX_GROUP and len({k for i in group for k in reads[i]}) <= _MAX_OPERANDS:
            out.append(group)
        else:
            out += [[i] for i in group if len(reads[i]) <= _MAX_OPERANDS]
    return out


def _union(d, cubes) -> int:
    u = d.false
    for cube in cubes:
        u = d.disj(u, cube)
    return u


def _cube(d, variables, vars_: list[int], classes: tuple[int, ...]) -> int:
    u = d.true
    for var, c in zip(vars_, classes):
        if c != _ANY:
            u = d.conj(u, d.node(var, tuple(d.true if k == c else d.false for k in range(len(variables[var].classes)))))
    return u


@functools.lru_cache(maxsize=2048)
def _search(atoms: tuple, operands_: tuple) -> tuple[frozenset, frozenset] | None:
    """Try operand values on `atoms` ((text, classes) each). `operands_`: (text, the value a fact
    gives or _NOT_GIVEN, the classes of each of its own variables). Returns the combinations of
    the operands' own classes tried, and each with the atoms' classes there; None where the
    evaluator cannot compute an atom."""
    constants = _constants(atoms)
    atom_vars = [(text, Variable(VarKey("value", text), text, classes)) for text, classes in atoms]
    own_vars = [[Variable(VarKey("value", text), text, classes) for classes in own] for text, _, own in operands_]
    pools = [[given] if given is not _NOT_GIVEN else _pool(constants, own) for _, given, own in operands_]
    seen: set[tuple[int, ...]] = set()
    valued_at: dict[tuple[tuple[int, ...], int], bool] = {}  # (operand classes, atom) -> some value there
    records: set[tuple[tuple[int, ...], tuple[int | None, ...]]] = set()
    supported = [True] * len(atom_vars)
    valued = [False] * len(atom_vars)  # some tried value gives the atom a value (Python does not raise)
    for values in _assignments(pools):
        env = {text: value for (text, _, _), value in zip(operands_, values)}
        combo = _classes_of(values, own_vars)
        if combo is None:
            continue
        taken = []
        for k, (text, var) in enumerate(atom_vars):
            try:
                value = _relation(text, var, env) if isinstance(text, tuple) else value_of(text, env)
            except Unsupported:
                # an atom this evaluator cannot compute takes any class beside the others (it was
                # the whole group: `isinstance(mode, str) and mode.upper() == "x"` left `upper()`
                # free; exploratory fuzz round 4)
                supported[k] = False
                taken.append(_ANY)
                continue
            taken.append(None if value is UNKNOWN else _class(var, value))
            valued[k] = valued[k] or value is not UNKNOWN
            valued_at[(combo, k)] = valued_at.get((combo, k), False) or value is not UNKNOWN
        if any(c is not None for c in taken):
            # (where Python raises computing every atom, only paths that read none are real:
            # the operands' classes there stay unrestricted)
            seen.add(combo)
            records.add((combo, tuple(taken)))
    if not any(supported):
        return None
    # where Python raises computing one atom of a group (`len(mode)` of None) and not another, a
    # path reading only the other is real: the first takes any class it takes elsewhere in the
    # operands' classes there
    elsewhere: dict[tuple[tuple[int, ...], int], set[int]] = {}
    for combo, taken in records:
        for k, c in enumerate(taken):
            if c is not None:
                elsewhere.setdefault((combo, k), set()).add(c)
    # (only where the group tests the operand's type, `isinstance(mode, str)`: code that reads
    # `s.startswith("a")` and `s[:1]` alone takes s for a value both accept, and a tuple, which
    # has a slice and no `startswith`, gave them a pair of classes no string does; round 7)
    typed = any(_tests_type(text) for text, _ in atom_vars)
    tuples: set[tuple[int, ...]] = set()
    for combo, taken in records:
        if None in taken and not typed:
            continue
        choices = [[c] if c is not None else sorted(elsewhere.get((combo, k), ())) for k, c in enumerate(taken)]
        tuples.update((*combo, *t) for t in itertools.product(*choices))
    raising = frozenset(k for k in range(len(atom_vars)) if supported[k] and not valued[k])
    partly: dict[int, set[tuple[int, ...]]] = {}
    for (combo, k), some in valued_at.items():
        if not some and valued[k] and supported[k]:
            partly.setdefault(k, set()).add(combo)
    return frozenset(seen), frozenset(tuples), raising, tuple((k, frozenset(c)) for k, c in sorted(partly.items()))


_TYPE_TESTS = frozenset({"isinstance", "type", "hasattr", "callable", "issubclass"})


def _tests_type(searched: object) -> bool:
    """Whether an atom asks about its operand's type (`isinstance(mode, str)`, `hasattr(x, "y")`)."""
    if isinstance(searched, tuple):
        return False
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in _TYPE_TESTS
               for n in _nodes(searched))


def _nodes(text: str) -> list[ast.AST]:
    """The nodes of an atom's text; none where it is no Python (a value too large to write out
    is `<value #digest>`: an internal error of a fused_moe diff)."""
    try:
        return list(ast.walk(parsed(text)))
    except SyntaxError:
        return []


def _relation(searched: tuple, var: Variable, env: dict[str, object]) -> object:
    """The class of a relation at operand values (`_searched`): lt / eq / gt, or eq / ne, as the
    variable's classes are (`domains.REL_ORDER`, `REL_EQ`); UNKNOWN where Python raises."""
    _, a, b = searched
    x, y = (env[t] if t in env else value_of(t, env) for t in (a, b))
    if x is UNKNOWN or y is UNKNOWN:
        return UNKNOWN
    labels = [cls.value for cls in var.classes]
    try:
        label = ("eq" if x == y else "ne") if "ne" in labels else ("lt" if x < y else "eq" if x == y else "gt" if x > y else None)
    except TypeError:
        return UNKNOWN
    return _RelationClass(labels.index(label)) if label in labels else UNKNOWN


@dataclass(frozen=True)
class _RelationClass:
    index: int


def _class(var, value: object) -> int:
    if isinstance(value, _RelationClass):
        return value.index
    try:
        return var.class_of(value)
    except (StopIteration, TypeError):
        return _ANY


def _classes_of(values: tuple, own_vars: list) -> tuple[int, ...] | None:
    out = []
    for value, own in zip(values, own_vars):
        decided = False  # the value's class decides its truth: its truth variable is any there
        for var in own:
            if var.is_bool and decided:
                out.append(_ANY)
                continue
            c = _class(var, value)
            if c == _ANY:
                return None  # a value no class of the operand holds (a bool variable and a list)
            out.append(c)
            decided = decided or (not var.is_bool and var.classes[c].truth() is not None)
    return tuple(out)


def _assignments(pools: list[list[object]]):
    """Every combination where there are few; else a corner of small ones, then a fixed sample."""
    size = 1
    for pool in pools:
        size *= len(pool)
    if size <= TRIES:
        yield from itertools.product(*pools)
        return
    side = max(2, int((TRIES // 2) ** (1 / len(pools))))
    corner = list(itertools.product(*(pool[:side] for pool in pools)))
    yield from corner
    rng = random.Random(0)
    for _ in range(TRIES - len(corner)):
        yield tuple(rng.choice(pool) for pool in pools)


def _constants(atoms: tuple) -> list[object]:
    """The constants in the atoms' texts and in their domains' classes."""
    out: list[object] = []
    for text, classes in atoms:
        for side in text[1:] if isinstance(text, tuple) else (text,):
            for node in _nodes(side):
                if isinstance(node, ast.Constant):
                    out.append(node.value)
        for cls in classes:
            if cls.kind == "point":
                out.append(cls.value)
            elif cls.kind == "range":
                out += [b for b in (cls.value, cls.high) if b not in (float("inf"), float("-inf"))]
    return out


def _pool(constants: list[object], own: tuple) -> list[object]:
    """Values to try for one operand: each class of its own variables first, then the constants,
    numbers a step or two from them, their substrings, strings and tuples of their lengths, a few
    of each type."""
    out: list[object] = []
    for classes in own:
        out += [cls.sample() for cls in classes if cls.kind != "other"]  # (`other`'s sample equals nothing: no value)
    numbers = [c for c in constants if isinstance(c, (int, float)) and not isinstance(c, bool) and abs(c) < 1e9]
    strings = [c for c in constants if isinstance(c, str) and len(c) <= 40]
    steps = [*numbers, 1, 2]
    near = list(numbers)
    for _ in range(2):
        near += [v for a in near[:40] for b in steps[:8] for v in _steps(a, b)]
        near = list(dict.fromkeys(near))[:300]
    subs = [s[i:j] for s in strings for i in range(len(s) + 1) for j in range(i, len(s) + 1)][:300]
    lengths = [n for n in near if isinstance(n, int) and 0 <= n <= 64]
    # a sequence holding a constant (`architectures[0] not in ARCHS` of an input list: round 48,
    # no value tried gave the item one of the names, and diff could not compare adding one)
    held = [(c,) * n for c in constants[:60] if _hashable(c) for n in (1, 2, 3)]
    out += [*constants, *_GENERIC, *near, *subs, *("x" * n for n in lengths), *((0,) * n for n in lengths), *held]
    return _unique(out)


def _unique(values: list[object]) -> list[object]:
    seen: set = set()
    out = []
    for v in values:
        key = (type(v), v) if _hashable(v) else None
        if key is None or key in seen:
            continue
        seen.add(key)
        out.append(v)
    return out


def _hashable(v: object) -> bool:
    try:
        hash(v)
    except TypeError:
        return False
    return True


def _steps(a: float, b: float) -> list[float]:
    """Numbers a step from `a` by `b`: where an operator inverts one (`n * 3 == 12` at 4)."""
    out = [a + b, a - b, a * b, -a, a + 0.5]
    if b:
        out += [a / b, a // b]
    return [v for v in out if abs(v) < 1e12]


__all__ = ["realizable"]
