"""Exact reasoning over first-match chains with multi-valued decision diagrams (MDDs).

Every atom becomes a variable with a finite domain of classes:
- a term compared with constants (literals, enum members) has one class per constant, one per
  open interval between numeric constants, and `other` (a value equal to none of them); every
  comparison with those constants is constant on each class, so deciding over classes is exact.
  Its truth (`if x:`) is read off the class where the class decides it (None, 0, "" are false),
  and from a residual boolean variable where it does not (`other`), so the two never disagree;
- a term only tested for truth is a boolean variable;
- a comparison of two terms is one relational variable for the pair, in a canonical orientation:
  `a <= b`, `b >= a` and `not (a > b)` are the same condition (classes lt / eq / gt, or eq / ne
  when the pair is only compared for equality);
- reads of one text separated by something that may change it are different atoms (`version`).

A diagram node is `(variable, children)` with one child per class; leaves hold any value (a bool
for formulas, a branch index for chains, a pair for diffs). Nodes are hash-consed, so equal
functions are equal node ids, and `apply` is memoised on what it computes. No I/O here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from .formula import evaluate_compare, render_literal, walk
from .model import And, Compare, Formula, Ite, Lit, Named, Not, Or, Term, Truth, Value, join_versions

_INF = math.inf


@dataclass(frozen=True)
class Member:
    """An enum member as a constant of a value domain: equal to itself only."""

    text: str

    def __repr__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Class:
    """One class of a variable's domain: a point, an open numeric interval, a relation, or `other`."""

    kind: Literal["bool", "point", "range", "other", "rel"]
    value: object = None
    high: object = None

    def label(self) -> str:
        if self.kind in ("bool", "point"):
            return self.value.text if isinstance(self.value, Member) else render_literal(self.value)
        if self.kind == "range":
            lo, hi = self.value, self.high
            if lo == -_INF:
                return f"<{_num(hi)}"
            if hi == _INF:
                return f">{_num(lo)}"
            return f"in ({_num(lo)}, {_num(hi)})"
        if self.kind == "rel":
            return {"lt": "<", "eq": "==", "gt": ">", "ne": "!="}[self.value]  # type: ignore[index]
        return "other"

    def sample(self) -> object:
        """A concrete value in the class (for executing code under an assignment)."""
        if self.kind in ("bool", "point", "rel"):
            return self.value
        if self.kind == "range":
            lo, hi = self.value, self.high
            if lo == -_INF:
                return hi - 1
            if hi == _INF:
                return lo + 1
            return lo + 1 if isinstance(lo, int) and isinstance(hi, int) else (lo + hi) / 2
        return _Other()

    def truth(self) -> bool | None:
        """The truth value of every value in the class, or None where it varies."""
        if self.kind == "bool":
            return bool(self.value)
        if self.kind == "point":
            if isinstance(self.value, Member):
                return None  # an IntEnum member may be 0
            try:
                return bool(self.value)
            except Exception:
                return None
        if self.kind == "range":
            lo, hi = self.value, self.high
            return None if lo < 0 < hi else True
        return None


class _Other:
    """A value equal to no constant, ordered with no number (comparisons are false)."""

    def __repr__(self) -> str:
        return "<other>"


def _num(x: object) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


@dataclass(frozen=True)
class VarKey:
    """What a variable decides: the value of a term (`value`), the truth of a term no constant
    decides (`truth`), or the relation of two terms (`rel`)."""

    kind: Literal["value", "truth", "rel"]
    text: str
    version: str = ""
    other: str = ""  # rel: the second term's text
    other_version: str = ""

    @property
    def term(self) -> tuple[str, str]:
        return self.text, self.version


@dataclass(frozen=True)
class Variable:
    key: VarKey
    text: str  # what users read and `given` keys match
    classes: tuple[Class, ...]
    line: int = 0
    opaque: bool = False  # a value of unmodeled code
    version: str = ""

    @property
    def is_bool(self) -> bool:
        return self.classes[0].kind == "bool"

    def class_of(self, value: object) -> int:
        """The index of the class a concrete value falls in."""
        for i, cls in enumerate(self.classes):
            if cls.kind == "bool" and bool(value) == cls.value:
                return i
            if cls.kind == "point" and _same(value, cls.value):
                return i
            if cls.kind == "range" and _is_number(value) and cls.value < value < cls.high:
                return i
        return next(i for i, cls in enumerate(self.classes) if cls.kind == "other")

    def describe(self, classes: tuple[int, ...] | frozenset[int]) -> str:
        """The allowed classes as people read them: `true`, `1`, `"a"|"b"`, `not None`."""
        chosen = [self.classes[c] for c in sorted(classes)]
        points = [c for c in self.classes if c.kind == "point"]
        if len(chosen) == 1 and chosen[0].kind == "other" and points:
            if len(points) == 1 and points[0].value is None:
                return "not None"
            return "other than " + "|".join(p.label() for p in points)
        return "|".join(c.label() for c in chosen)


def _same(value: object, constant: object) -> bool:
    if isinstance(constant, Member):
        return isinstance(value, Member) and value == constant
    if value is constant:
        return True
    if _is_number(value) and _is_number(constant):
        return value == constant
    return type(value) is type(constant) and value == constant


BOOL_CLASSES = (Class("bool", False), Class("bool", True))
REL_ORDER = (Class("rel", "lt"), Class("rel", "eq"), Class("rel", "gt"))
REL_EQ = (Class("rel", "eq"), Class("rel", "ne"))


# ---------------------------------------------------------------- atoms


def constant_of(value: Value) -> tuple[bool, object]:
    """(True, constant) when a comparison operand is a constant of a value domain."""
    if isinstance(value, Lit):
        return True, value.value
    if isinstance(value, Term) and value.kind == "member":
        return True, Member(value.text)
    return False, None


def _term_key(term: Term) -> tuple[str, str]:
    return term.text, term.version


@dataclass(frozen=True)
class Atom:
    """How one atom node (`Truth` or `Compare`) reads its variables."""

    kind: Literal["truth", "value", "rel", "fixed"]
    term: Term | None = None
    op: str = ""
    constant: object = None
    other: Term | None = None
    result: bool = False


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=", "is": "is", "is not": "is not"}


def atom_of(node: Value) -> Atom | None:
    """The reading of an atom node, in canonical form, or None for a non-atom."""
    if isinstance(node, Truth):
        return Atom("truth", node.term)
    if not isinstance(node, Compare):
        return None
    left, op, right = node.left, node.op, node.right
    lc, lv = constant_of(left)
    rc, rv = constant_of(right)
    if lc and not rc and op in _FLIP:
        left, right, op, (lc, lv), (rc, rv) = right, left, _FLIP[op], (rc, rv), (lc, lv)
    if isinstance(left, Term) and rc and _domain_op(op, rv):
        return Atom("value", left, op, tuple(Member(v.text) if isinstance(v, Term) else v for v in rv) if isinstance(rv, tuple) else rv)
    if isinstance(left, Term) and isinstance(right, Term) and not lc and not rc:
        if op in ("in", "not in"):
            kind = "opaque" if left.is_opaque or right.is_opaque else "expr"
            return Atom("truth", Term(f"({left.text} {op} {right.text})", left.line, kind, _join(left.version, right.version)))
        a, b = left, right
        if (_term_key(b) < _term_key(a)) and op in _FLIP:
            a, b, op = b, a, _FLIP[op]
        return Atom("rel", a, op, None, b)
    if lc and rc:
        result = evaluate_compare(lv, op, rv)
        return Atom("fixed", result=bool(result))
    # a comparison the domains cannot express (a term against a list, ...): a boolean atom of its text
    from .formula import render

    versions = _join(*(t.version for t in (left, right) if isinstance(t, Term)))
    opaque = any(isinstance(t, Term) and t.is_opaque for t in (left, right))
    return Atom("truth", Term(f"({render(node)})", getattr(left, "line", 0), "opaque" if opaque else "expr", versions))


def _join(*versions: str) -> str:
    return join_versions(*versions)


def _domain_op(op: str, value: object) -> bool:
    if op in ("in", "not in"):
        return isinstance(value, tuple)
    if op in ("<", "<=", ">", ">="):
        return _is_number(value)
    return True


def _constants(atom: Atom) -> list[object]:
    return list(atom.constant) if atom.op in ("in", "not in") else [atom.constant]  # type: ignore[arg-type]


def class_compare(cls: Class, op: str, constant: object) -> bool:
    """Whether every value of `cls` satisfies `value op constant` (classes make it constant)."""
    if op in ("in", "not in"):
        hit = any(class_compare(cls, "==", c) for c in constant)  # type: ignore[union-attr]
        return hit if op == "in" else not hit
    if cls.kind == "other":
        return op in ("!=", "is not")
    if isinstance(constant, Member) or isinstance(cls.value, Member):
        same = cls.kind == "point" and cls.value == constant
        if op in ("==", "is"):
            return same
        if op in ("!=", "is not"):
            return not same
        return False
    if cls.kind == "range":
        if op in ("==", "is"):
            return False
        if op in ("!=", "is not"):
            return True
        if not _is_number(constant):
            return False
        return bool(evaluate_compare(cls.sample(), op, constant))
    return bool(evaluate_compare(cls.value, op, constant))


def _relations(a: Class | None, b: Class | None) -> set[str] | None:
    """The relations (lt / eq / gt) a value of class `a` may have to one of class `b`; None
    where the classes say nothing (no class, `other`, non-numeric points)."""
    def bounds(c: Class | None):
        if c is None:
            return None
        if c.kind == "point" and _is_number(c.value):
            return (c.value, c.value, True)
        if c.kind == "range":
            return (c.value, c.high, False)
        return None

    x, y = bounds(a), bounds(b)
    if x is None or y is None:
        return None
    (alo, ahi, apoint), (blo, bhi, bpoint) = x, y
    if apoint and bpoint:
        return {"lt" if alo < blo else "eq" if alo == blo else "gt"}
    if ahi < blo or (ahi == blo and not (apoint and bpoint)):
        return {"lt"}
    if alo > bhi or (alo == bhi and not (apoint and bpoint)):
        return {"gt"}
    return {"lt", "eq", "gt"}


def _feasible(constraints: list[tuple[tuple[str, str], tuple[str, str], str]]) -> bool:
    """Whether numbers exist for the terms with every `a REL b` of `constraints`."""
    import itertools

    terms = sorted({t for a, b, _ in constraints for t in (a, b)})
    for values in itertools.product(range(3), repeat=len(terms)):
        at = dict(zip(terms, values))
        if all(_relation_of(at[a], at[b]) == r or (r == "ne" and at[a] != at[b]) for a, b, r in constraints):
            return True
    return False


def _relation_of(x: int, y: int) -> str:
    return "lt" if x < y else "eq" if x == y else "gt"


def rel_holds(relation: str, op: str) -> bool:
    if relation == "ne":
        return op in ("!=", "is not")
    table = {"lt": ("<", "<=", "!=", "is not"), "eq": ("==", "<=", ">=", "is"), "gt": (">", ">=", "!=", "is not")}
    return op in table[relation]


class Space:
    """The variables of one query, ordered by first appearance (a good MDD order for chains)."""

    def __init__(self, formulas: Iterable[Value] = ()) -> None:
        self._constants: dict[tuple[str, str], list[object]] = {}
        self._truth: set[tuple[str, str]] = set()
        self._rel_order: set[tuple] = set()
        self._order: list[tuple[VarKey, Term]] = []
        self._seen: set[VarKey] = set()
        self.terms: dict[tuple[str, str], Term] = {}  # (text, version) -> the term, to write conditions back
        self._variables: list[Variable] = []
        self._index: dict[VarKey, int] = {}
        self._known: dict[tuple[str, str], set] = {}  # the hashable constants of each term, to skip repeats
        self._dirty = False
        for f in formulas:
            self.add(f)

    @property
    def variables(self) -> list[Variable]:
        if self._dirty:
            self._freeze()
        return self._variables

    @property
    def index(self) -> dict[VarKey, int]:
        if self._dirty:
            self._freeze()
        return self._index

    def add(self, f: Value) -> None:
        for node in walk(f):
            atom = atom_of(node)
            if atom is None or atom.kind == "fixed":
                continue
            if atom.kind == "value":
                key = _term_key(atom.term)  # type: ignore[arg-type]
                constants = self._constants.setdefault(key, [])
                known = self._known.setdefault(key, set())
                for c in _constants(atom):
                    try:
                        seen = (type(c), c) in known
                    except TypeError:  # unhashable: compare with each
                        seen = any(_same(c, k) and type(c) is type(k) for k in constants)
                    if not seen:
                        constants.append(c)
                        try:
                            known.add((type(c), c))
                        except TypeError:
                            pass
                self._note(VarKey("value", atom.term.text, atom.term.version), atom.term)  # type: ignore[union-attr]
            elif atom.kind == "truth":
                self._truth.add(_term_key(atom.term))  # type: ignore[arg-type]
                self._note(VarKey("truth", atom.term.text, atom.term.version), atom.term)  # type: ignore[union-attr]
            else:
                a, b = atom.term, atom.other
                pair = (_term_key(a), _term_key(b))  # type: ignore[arg-type]
                if atom.op not in ("==", "!=", "is", "is not"):
                    self._rel_order.add(pair)
                self._note(VarKey("rel", a.text, a.version, b.text, b.version), a)  # type: ignore[union-attr]
                self.terms.setdefault((b.text, b.version), b)  # type: ignore[union-attr]
        self._dirty = True

    def _note(self, key: VarKey, term: Term) -> None:
        if key not in self._seen:
            self._seen.add(key)
            self._order.append((key, term))
        if key.kind == "rel":
            self.terms.setdefault((key.text, key.version), term)
        else:
            self.terms.setdefault((key.text, key.version), term)

    def term(self, text: str, version: str) -> Term:
        return self.terms.get((text, version)) or Term(text, 0, "attr", version)

    def _freeze(self) -> None:
        self._dirty = False
        variables: list[Variable] = []
        index: dict[VarKey, int] = {}
        done: set[VarKey] = set()
        for key, term in self._order:
            tkey = (key.text, key.version)
            if key.kind in ("value", "truth") and tkey in self._constants:
                vkey = VarKey("value", key.text, key.version)
                if vkey not in done:
                    done.add(vkey)
                    classes = _classes(self._constants[tkey])
                    index[vkey] = len(variables)
                    variables.append(Variable(vkey, key.text, classes, term.line, term.is_opaque, key.version))
                if tkey in self._truth and any(c.truth() is None for c in _classes(self._constants[tkey])):
                    rkey = VarKey("truth", key.text, key.version)
                    if rkey not in done:
                        done.add(rkey)
                        index[rkey] = len(variables)
                        variables.append(Variable(rkey, key.text, BOOL_CLASSES, term.line, term.is_opaque, key.version))
                continue
            if key in done:
                continue
            done.add(key)
            if key.kind == "rel":
                pair = ((key.text, key.version), (key.other, key.other_version))
                classes = REL_ORDER if pair in self._rel_order else REL_EQ
                text = f"{key.text} ? {key.other}"
            else:
                classes, text = BOOL_CLASSES, key.text
            index[key] = len(variables)
            variables.append(Variable(key, text, classes, term.line, term.is_opaque, key.version))
        # keep earlier variables' positions stable when a later formula adds a variable
        before = self._variables
        if before and [v.key for v in variables[: len(before)]] != [v.key for v in before]:
            position = {v.key: i for i, v in enumerate(before)}
            ordered = sorted((v for v in variables if v.key in position), key=lambda v: position[v.key])
            variables = ordered + [v for v in variables if v.key not in position]
            index = {v.key: i for i, v in enumerate(variables)}
        self._variables, self._index = variables, index

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
_FRESH = 1_000  # nodes a diagram may hold before its consistency for that to say anything

NODE_BUDGET = 1_000_000  # nodes one diagram may hold (a few hundred MB) before a question is refused


class TooLarge(Exception):
    """A diagram outgrew `NODE_BUDGET`: the question has no exact answer within the budget.
    Callers report it (undetermined, not compared) instead of answering it approximately."""

    def __init__(self, nodes: int, variables: int) -> None:
        super().__init__(f"deciding it exactly needs more than {nodes:,} decision-diagram nodes "
                         f"({variables} variables)")


_WIDE = 8  # classes of a variable from which a step maps distinct children instead of every class


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
        """The point classes of a variable by what they equal under `==` (`_point_key`)."""
        table = self._point_tables.get(var)
        if table is None:
            table = {}
            for i, cls in enumerate(self.space.variables[var].classes):
                if cls.kind == "point" and _indexable(cls.value):
                    table.setdefault(_point_key(cls.value), []).append(i)
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

        return go(us)

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
        va = space.index.get(VarKey("value", a.text, a.version))  # type: ignore[union-attr]
        vb = space.index.get(VarKey("value", b.text, b.version))  # type: ignore[union-attr]
        if va is None and vb is None:
            return rel
        # where the two terms' value classes decide the relation, it is decided there (the
        # relational variable only speaks where they do not): no impossible combinations
        classes_a = space.variables[va].classes if va is not None else (None,)
        classes_b = space.variables[vb].classes if vb is not None else (None,)
        eq_only = space.variables[var].classes == REL_EQ
        acc = self.false
        for i, ca in enumerate(classes_a):
            for j, cb in enumerate(classes_b):
                relations = _relations(ca, cb)
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
                for key in (VarKey("value", v.key.text, v.key.version), VarKey("value", v.key.other, v.key.other_version)):
                    if key in space.index:
                        involved.add(space.index[key])
        return tuple((space.variables[i].key, space.variables[i].classes) for i in sorted(involved))

    def _consistency(self) -> int:
        space = self.space
        acc = self.true
        for var, v in enumerate(space.variables):
            if v.key.kind != "rel":
                continue
            va = space.index.get(VarKey("value", v.key.text, v.key.version))
            vb = space.index.get(VarKey("value", v.key.other, v.key.other_version))
            if va is None and vb is None:
                continue
            classes_a = space.variables[va].classes if va is not None else (None,)
            classes_b = space.variables[vb].classes if vb is not None else (None,)
            eq_only = v.classes == REL_EQ
            for i, ca in enumerate(classes_a):
                for j, cb in enumerate(classes_b):
                    relations = _relations(ca, cb)
                    if relations is None:
                        continue
                    if eq_only:
                        relations = {"eq" if r == "eq" else "ne" for r in relations}
                    allowed = self.node(var, tuple(self.true if c.value in relations else self.false for c in v.classes))
                    where = self.true
                    if va is not None:
                        where = self.conj(where, self._indicator(va, i))
                    if vb is not None:
                        where = self.conj(where, self._indicator(vb, j))
                    acc = self.conj(acc, self.disj(self.negate(where), allowed))
        return self.conj(acc, self._transitive())

    def _transitive(self) -> int:
        """Relations among three terms that no numbers satisfy (a < b < c < a) cannot happen."""
        import itertools

        space = self.space
        rel: dict[frozenset, tuple[int, tuple[str, str], tuple[str, str]]] = {}
        for var, v in enumerate(space.variables):
            if v.key.kind == "rel":
                a, b = (v.key.text, v.key.version), (v.key.other, v.key.other_version)
                rel[frozenset((a, b))] = (var, a, b)
        terms = sorted({t for var, a, b in rel.values() for t in (a, b)})
        acc = self.true
        if len(rel) < 3:
            return acc
        for x, y, z in itertools.combinations(terms, 3):
            pairs = [rel.get(frozenset(p)) for p in ((x, y), (y, z), (x, z))]
            if None in pairs:
                continue
            allowed = self.false
            for classes in itertools.product(*(space.variables[var].classes for var, _, _ in pairs)):
                if _feasible([(a, b, c.value) for (var, a, b), c in zip(pairs, classes)]):
                    where = self.true
                    for (var, _, _), c in zip(pairs, classes):
                        where = self.conj(where, self._indicator(var, space.variables[var].classes.index(c)))
                    allowed = self.disj(allowed, where)
            acc = self.conj(acc, allowed)
        return acc

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

        return go(u)

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

    def partition(self, u: int) -> dict[object, int]:
        """For every leaf value of `u`, the boolean diagram of where `u` reaches it: one pass
        bottom-up (a node's children sit at later variables, so each indicator node is built
        directly), instead of one `apply` over the whole diagram per value."""
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
                parts[n] = {self.value(n): self.true}
                continue
            kids = [parts[k] for k in self.children(n)]
            values = dict.fromkeys(v for part in kids for v in part)
            parts[n] = {v: self.node(self.var_of(n), tuple(part.get(v, false) for part in kids)) for v in values}
        return parts[u]

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

        return go(u) * math.prod(sizes[: level(u)])


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
            full = frozenset(range(len(variables[var].classes)))
            result = [sub if classes == full else ((var, classes), sub) for sub, classes in by_sub.items()]
            if limit is not None and len(result) > limit:
                memo[n] = None
                raise TooFragmented
        memo[n] = result
        return result

    cubes = []
    for chain in go(u):
        cube = {}
        while chain:
            (var, classes), chain = chain
            cube[var] = classes
        cubes.append(cube)
    return cubes


def merge_cubes(cubes: list[dict[int, frozenset[int]]], variables: list[Variable]) -> list[dict[int, frozenset[int]]]:
    """Join cubes that agree everywhere but on one variable, until none do: fewer, smaller
    conjunctions for the same set. Buckets by the cube without that variable: linear a pass."""
    full = [frozenset(range(len(v.classes))) for v in variables]

    def freeze(cube: dict[int, frozenset[int]]) -> tuple:
        return tuple(sorted((k, c) for k, c in cube.items() if c != full[k]))

    current = {freeze(c): None for c in cubes}
    as_dict: dict[tuple, dict[int, frozenset[int]]] = {}
    changed = True
    while changed and len(current) > 1:
        changed = False
        # a variable no cube constrains merges nothing (cubes equal elsewhere are one already)
        for v in sorted({k for cube in current for k, _ in cube}):
            buckets: dict[tuple, frozenset[int]] = {}
            merged = False
            for cube in current:
                known = as_dict.get(cube)
                if known is None:
                    known = as_dict[cube] = dict(cube)
                classes = known.get(v)
                rest = cube if classes is None else tuple(kc for kc in cube if kc[0] != v)
                if rest in buckets:
                    merged = True
                buckets[rest] = buckets.get(rest, frozenset()) | (full[v] if classes is None else classes)
            if merged:
                changed = True
                current = {freeze(dict(rest) | {v: classes}): None for rest, classes in buckets.items()}
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
            if cls.value != -_INF:
                parts.append(compare(term, ">", Lit(cls.value)))
            if cls.high != _INF:
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
    u = d.conj(d.formula(f), d.consistency())
    if u == d.false:
        return Lit(False)
    try:
        cubes = merge_cubes(cover(d, u, 64), space.variables)
    except TooFragmented:
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
