"""Formula algebra: smart constructors, walkers, substitution, rendering, three-valued evaluation.

Pure functions over the node types of `model`; no I/O.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Container, Iterable, Iterator

from .model import (
    FALSE,
    TRUE,
    And,
    Compare,
    Formula,
    Ite,
    Lit,
    Named,
    Not,
    Or,
    Seq,
    Term,
    Truth,
    Value,
    is_nan,
)

FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=", "is": "is", "is not": "is not"}
NEGATED = {
    "==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">",
    "in": "not in", "not in": "in", "is": "is not", "is not": "is",
}


# ---------------------------------------------------------------- constructors


# truth of enum members whose class the interpreter knows (plain enums are always true; an
# IntEnum member is true when its value is non-zero); cleared with the other memos per model
MEMBER_TRUTH: dict[str, bool | None] = {}



class _PlainMember:
    def __repr__(self) -> str:
        return "PLAIN_MEMBER"


PLAIN_MEMBER = _PlainMember()  # (no str: a `str` mixin's member may hold "plain")
class _CustomMember:
    def __repr__(self) -> str:
        return "CUSTOM_MEMBER"


CUSTOM_MEMBER = _CustomMember()  # a member whose enum defines `__eq__`: no comparison of it folds (round 18)
# what an enum member equals among literals, for members whose enum the interpreter has read:
# PLAIN_MEMBER (an Enum with no mixin and no `__eq__`: no literal), or the str a `str` mixin's
# member is. Kept for the process (rules are checked after the model is built, facts substituted
# then); a text two enums give differently (two modules' `Kind.A`) is None: not folded
MEMBER_EQUALS: dict[str, object] = {}


def note_member_equality(text: str, equals: object) -> None:
    if MEMBER_EQUALS.get(text, equals) != equals:
        equals = None
    MEMBER_EQUALS[text] = equals


@functools.lru_cache(maxsize=200_000)
def truth(value: Value) -> Formula:
    """The truth value of any symbolic value, as a formula."""
    if isinstance(value, Term):
        if value.kind == "member" and value.text in MEMBER_TRUTH:
            known = MEMBER_TRUTH[value.text]
            if known is None:  # (round 18: an enum's `__bool__` was ignored, or the member's truth an input)
                return Truth(Term(f"<the truth of {value.text}, which its enum decides>", value.line, "opaque"))
            return TRUE if known else FALSE
        return Truth(value)
    if isinstance(value, Lit):
        return TRUE if _truthy(value.value) else FALSE
    if isinstance(value, Ite):
        then, other = truth(value.then), truth(value.other)
        # `a and b` is `b if a else a`, `a or b` is `a if a else b`: as truth values, a conjunction
        # and a disjunction
        if other == value.cond:
            return conj(value.cond, then)
        if then == value.cond:
            return disj(value.cond, other)
        # as a truth value, `True if c else e` is `c or e`: keeps guards readable
        if then == TRUE:
            return disj(value.cond, other)
        if then == FALSE:
            return conj(neg(value.cond), other)
        if other == FALSE:
            return conj(value.cond, then)
        if other == TRUE:
            return disj(neg(value.cond), then)
        return ite(value.cond, then, other)
    if isinstance(value, Named):
        body = truth(value.body)
        return value if body is value.body else Named(value.name, body, value.line, value.kind)
    from .model import Seq

    if isinstance(value, Seq):
        return disj(*(i.cond for i in value.items))
    if isinstance(value, (And, Or, Not, Compare, Truth)):
        return value
    entries = getattr(value, "entries", None)
    if isinstance(entries, tuple):  # a dict of literal keys the function built: empty or not
        return TRUE if entries else FALSE
    # a value no formula speaks of (a reference, a callable): its truth is unknown, one atom
    # per value (a TypeError in the diagram once, serve.py's `check_goodput_args` in vLLM)
    return Truth(Term(f"<truth of {type(value).__name__} #{digest(value)}>", 0, "opaque"))


def _truthy(value: object) -> bool:
    try:
        return bool(value)
    except Exception:  # pragma: no cover - literals always have a truth value
        return True


def neg(f: Formula) -> Formula:
    if isinstance(f, Lit):
        return FALSE if _truthy(f.value) else TRUE
    if isinstance(f, Not):
        return f.arg
    return Not(f)


def conj(*args: Formula) -> Formula:
    out: list[Formula] = []
    for a in args:
        if isinstance(a, Lit):
            if not _truthy(a.value):
                return FALSE
            continue
        if isinstance(a, And):
            out.extend(a.args)
        else:
            out.append(a)
    if not out:
        return TRUE
    return out[0] if len(out) == 1 else And(tuple(out))


def disj(*args: Formula) -> Formula:
    out: list[Formula] = []
    for a in args:
        if isinstance(a, Lit):
            if _truthy(a.value):
                return TRUE
            continue
        if isinstance(a, Or):
            out.extend(a.args)
        else:
            out.append(a)
    if not out:
        return FALSE
    return out[0] if len(out) == 1 else Or(tuple(out))


def ite(cond: Formula, then: Value, other: Value) -> Value:
    if isinstance(cond, Lit):
        return then if _truthy(cond.value) else other
    if then is other or (hash(then) == hash(other) and then == other):  # hashes are cached: a cheap reject
        return then
    if isinstance(cond, Not):  # keep the positive test first
        return Ite(cond.arg, other, then)
    return Ite(cond, then, other)


def compare(left: Value, op: str, right: Value) -> Formula:
    """`left op right`, distributing over conditional values and folding literals. Values are
    DAGs (a loop over a conditional tuple shares each round's value between the arms of the
    next): each pair of shared nodes is compared once, not once per path to it."""
    memo: dict[tuple[int, int], Formula] = {}

    def go(left: Value, right: Value) -> Formula:
        key = (id(left), id(right))
        found = memo.get(key)
        if found is None:
            found = memo[key] = _distribute(left, right)
        return found

    def _distribute(left: Value, right: Value) -> Formula:
        if isinstance(left, Named):
            return go(left.body, right)
        if isinstance(right, Named):
            return go(left, right.body)
        if isinstance(left, Ite):
            return ite(left.cond, go(left.then, right), go(left.other, right))
        if isinstance(right, Ite):
            return ite(right.cond, go(left, right.then), go(left, right.other))
        return _compare_leaves(left, op, right)

    try:
        return go(left, right)
    finally:
        del go, _distribute  # nested functions that call each other are a cycle: left to refcounting, not the collector


def _compare_leaves(left: Value, op: str, right: Value) -> Formula:
    if op == "not in":  # Python defines it as the negation of `in`: one atom (round 13: two, both true)
        return neg(_compare_leaves(left, "in", right))
    if not isinstance(left, (Term, Lit)) or not isinstance(right, (Term, Lit)):
        # a boolean formula compared with a constant: `x == True`, `flag is False`
        lhs, rhs = (left, right) if isinstance(right, Lit) else (right, left)
        if isinstance(rhs, Lit) and isinstance(rhs.value, bool) and op in ("==", "is", "!=", "is not"):
            positive = op in ("==", "is")
            return lhs if positive == rhs.value else neg(lhs)
        return Truth(Term(f"({render(left)} {op} {render(right)})", 0, "opaque"))
    if (
        isinstance(left, Term) and isinstance(right, Term) and left.kind == right.kind == "member"
        and op in ("==", "!=", "is", "is not") and left.text.rsplit(".", 1)[0] == right.text.rsplit(".", 1)[0]
    ):
        same = left.text == right.text
        if op in ("==", "!=") and CUSTOM_MEMBER in (MEMBER_EQUALS.get(left.text), MEMBER_EQUALS.get(right.text)):
            atom = Truth(Term(f"<{left.text} == {right.text}>", 0, "opaque"))  # its enum's own `__eq__` decides
            return atom if op == "==" else neg(atom)
        return Lit(same if op in ("==", "is") else not same)
    if isinstance(left, Term) and isinstance(right, Term) and left.kind == right.kind == "member" \
            and op in ("==", "!=", "is", "is not"):
        # members (or classes) of two enums: a model spells each enum one way (`member_prefix`), so
        # two prefixes are two classes (round 38: `b.get() is Kind.X` of two modules' `Kind` was
        # free); equal only where their mixins' values are (`str` members of two enums)
        if op in ("is", "is not"):
            return Lit(op == "is not")
        a, b = MEMBER_EQUALS.get(left.text), MEMBER_EQUALS.get(right.text)
        if PLAIN_MEMBER in (a, b) and CUSTOM_MEMBER not in (a, b):
            return Lit(op == "!=")
        if a is not None and b is not None and CUSTOM_MEMBER not in (a, b):
            return Lit((a == b) == (op == "=="))  # (both a `str` mixin's value here)
        atom = Truth(Term(f"<{left.text} == {right.text}>", 0, "opaque"))
        return atom if op == "==" else neg(atom)
    if isinstance(left, Term) and left == right and not left.is_opaque and op in ("==", "!=", "is", "is not", "<=", ">=", "<", ">"):
        # one value compared with itself (the model assumes ordinary equality: no NaN, no odd __eq__)
        return Lit(op in ("==", "is", "<=", ">="))
    for a, b in ((left, right), (right, left)):  # an enum member is never None
        if isinstance(a, Term) and a.kind == "member" and isinstance(b, Lit) and b.value is None and op in ("==", "!=", "is", "is not"):
            return Lit(op in ("!=", "is not"))
        if isinstance(a, Term) and a.kind == "member" and isinstance(b, Lit) and op in ("==", "!=", "is", "is not"):
            # a member is an object of its enum, never a literal's object; equal to a literal only
            # as its mixin says (`S.A == "a"` of `class S(str, Enum)`; `Plain.A == "a"` never)
            if op in ("is", "is not"):
                return Lit(op == "is not")
            equals = MEMBER_EQUALS.get(a.text)
            if equals is CUSTOM_MEMBER:
                equals = None
            if equals is PLAIN_MEMBER:
                return Lit(op == "!=")
            if isinstance(equals, str) and isinstance(b.value, str):
                return Lit((equals == b.value) == (op == "=="))
            if type(equals) is int and (b.value is None or isinstance(b.value, (str, bool, int, float))):
                return Lit((equals == b.value) == (op == "=="))  # (an `int` mixin's member: its number)
            if isinstance(equals, str) and (b.value is None or type(b.value) in (bool, int, float)):
                return Lit(op == "!=")  # a string is no number and no None
            # a member whose value the model does not know (`auto()` of a `str` mixin, another
            # mixin): a comparison no input decides (round 16: the member was an input)
            atom = Truth(Term(f"<{a.text} == {render(b)}>", 0, "opaque"))
            return atom if op == "==" else neg(atom)
    nan = next((side for side in (left, right) if isinstance(side, Lit) and is_nan(side.value)), None)
    if nan is not None and not (isinstance(left, Lit) and isinstance(right, Lit)):
        # an atom against NaN (`x == float("nan")`): never equal; an order comparison is false for
        # a number and raises for a string, which the model does not decide (its numbers are no NaN)
        if op in ("==", "!="):
            return Lit(op == "!=")
        return Truth(Term(f"({render(left)} {op} {render(right)})", 0, "opaque"))
    if isinstance(left, Lit) and isinstance(right, Lit):
        result = evaluate_compare(left.value, op, right.value)
        if result is None:
            # Python raises TypeError there (`None >= 1`, a fact giving a number's atom None): no
            # branch is taken, which no truth value says; an atom no input decides (the extractor
            # raises where it sees the literals itself)
            return Truth(Term(f"<{render(left)} {op} {render(right)}: TypeError>", 0, "opaque"))
        return Lit(result)
    if isinstance(left, Lit) and op in FLIPPED:
        return Compare(right, FLIPPED[op], left)
    return Compare(left, op, right)


def evaluate_compare(a: object, op: str, b: object) -> bool | None:
    """Python's comparison on literals; None where Python would raise."""
    try:
        if op == "==":
            return a == b
        if op == "!=":
            return a != b
        if op == "is":
            return a is b or (a == b and type(a) is type(b) and a in (None, True, False))
        if op == "is not":
            return not evaluate_compare(a, "is", b)
        if op == "in":
            return a in b  # type: ignore[operator]
        if op == "not in":
            return a not in b  # type: ignore[operator]
        if op == "<":
            return a < b  # type: ignore[operator]
        if op == "<=":
            return a <= b  # type: ignore[operator]
        if op == ">":
            return a > b  # type: ignore[operator]
        if op == ">=":
            return a >= b  # type: ignore[operator]
    except TypeError:
        return None
    raise ValueError(f"unknown comparison {op!r}")


# ---------------------------------------------------------------- walkers


def walk(f: Value, seen: set[int] | None = None) -> Iterator[Value]:
    """Every node of a formula or value, parents before children; a node shared by several
    parents once (values are DAGs: a loop over a conditional tuple shares each round's value
    between the branches of the next, and a tree walk of it is exponential). `seen`: ids of
    nodes already walked (by an earlier walk whose formulas the caller keeps alive), skipped."""
    stack = [f]
    seen = set() if seen is None else seen
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, Not):
            stack.append(node.arg)
        elif isinstance(node, (And, Or)):
            stack.extend(reversed(node.args))
        elif isinstance(node, Ite):
            stack.extend((node.other, node.then, node.cond))
        elif isinstance(node, Named):
            stack.append(node.body)
        elif isinstance(node, Truth):
            stack.append(node.term)
        elif isinstance(node, Compare):
            stack.extend((node.right, node.left))


def terms(f: Value) -> list[Term]:
    seen: dict[str, Term] = {}
    for node in walk(f):
        if isinstance(node, Term):
            seen.setdefault(node.text, node)
    return list(seen.values())


def named(f: Value) -> list[Named]:
    seen: dict[str, Named] = {}
    for node in walk(f):
        if isinstance(node, Named):
            seen.setdefault(node.name, node)
    return list(seen.values())


def transform(f: Value, fn: Callable[[Value], Value | None], memo: dict[int, Value] | None = None) -> Value:
    """Rebuild `f` bottom-up; `fn` returns a replacement for a node or None to keep it. A node
    nothing below changed is kept as it is (the same object, with what is cached on it: values
    are immutable and built by the folding constructors, so rebuilding it gives an equal one);
    a node above a change is rebuilt by those constructors, so it folds. A `memo`
    shared between calls with the same `fn` keeps shared subformulas from being rebuilt (its
    keys are ids: the caller keeps the formulas alive while it is in use)."""
    memo = {} if memo is None else memo

    def go(node: Value) -> Value:
        key = id(node)
        if key in memo:
            return memo[key]
        replaced = fn(node)
        if replaced is not None:
            out = replaced
        elif isinstance(node, Not):
            arg = go(node.arg)
            out = node if arg is node.arg else neg(arg)
        elif isinstance(node, (And, Or)):
            args = tuple(go(a) for a in node.args)
            if all(a is b for a, b in zip(args, node.args)):
                out = node  # unchanged below: kept (with what is cached on it), not rebuilt
            else:
                out = conj(*args) if isinstance(node, And) else disj(*args)
        elif isinstance(node, Ite):
            cond, then, other = go(node.cond), go(node.then), go(node.other)
            out = node if cond is node.cond and then is node.then and other is node.other else ite(cond, then, other)
        elif isinstance(node, Named):
            body = go(node.body)
            out = node if body is node.body else Named(node.name, body, node.line, node.kind)
        elif isinstance(node, Truth):
            term = go(node.term)
            out = node if term is node.term else truth(term)
        elif isinstance(node, Compare):
            left, right = go(node.left), go(node.right)
            out = node if left is node.left and right is node.right else compare(left, node.op, right)
        else:
            out = node
        memo[key] = out
        return out

    try:
        return go(f)
    finally:
        del go  # a cycle otherwise (see `compare`)


def substitute(f: Value, values: dict[str, Lit], entry_only: bool = False) -> Value:
    """Replace every term whose text is a key of `values` by that literal, and fold. With
    `entry_only`, only reads of the value the function was entered with (version "") are
    replaced: a read after a call that may change it stays an atom."""
    if not values:
        return f

    def replace(node: Value) -> Value | None:
        if isinstance(node, Term) and (not entry_only or not node.version):
            return values.get(node.text)
        return None

    return transform(f, replace)


def collapse(f: Value, evaluations: bool = False) -> Value:
    """Every read of a text as the same atom, whatever happened between reads: the model of a
    program whose calls change nothing the decision reads. An opaque atom's versions are
    evaluations of unmodeled code (a loop's rounds, a helper inlined twice), no reads a call may
    have changed: each stays its own atom, unless `evaluations` (one atom per unmodeled text:
    `diff`, which compares nothing that depends on one)."""

    memo: dict[int, Value] = {}

    def entry(node: Value) -> Value | None:
        if isinstance(node, Term) and node.version and (evaluations or not node.is_opaque):
            if node.is_opaque and isinstance(node.prior, Term) and not node.prior.is_opaque:
                # an input's object the function changed in place (`cfg.backends.append(x)`): no read
                # of what it was entered with (round 37: `diff` took it for that, "0 changed")
                return node.entry
            # what was read before the call that may have changed it (a value the function
            # wrote, or the value it was entered with)
            return transform(node.prior, entry, memo) if node.prior is not None else node.entry
        return None

    try:
        return transform(f, entry, memo)
    finally:
        del entry  # it calls itself through `transform`: a cycle otherwise (see `compare`)


def versioned(f: Value) -> list[Term]:
    """The terms of `f` read after something that may have changed them."""
    return [t for t in terms_all(f) if t.version]


def terms_all(f: Value) -> list[Term]:
    """Every distinct term (text and version) of a formula."""
    return terms_of((f,))


def terms_of(formulas: Iterable[Value]) -> list[Term]:
    """Every distinct term of several formulas, in one walk: what a chain's guards share (each
    the one before it, negated, and more) is walked once (a terms_all per guard walked the
    fused_moe chains' 6.8 million nodes in a diff)."""
    seen: dict[Term, None] = {}
    walked: set[int] = set()
    kept = []  # (alive while their ids are in `walked`)
    for f in formulas:
        kept.append(f)
        for node in walk(f, walked):
            if isinstance(node, Term):
                seen.setdefault(node, None)
    return list(seen)


# ---------------------------------------------------------------- rendering


def _outside_brackets(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def short(text: str, receivers: bool = True) -> str:
    """`self._moe_config.moe_parallel_config.enable_eplb` -> `enable_eplb`; a method call keeps
    the last name of its receiver (`s.startswith('x')`, `environ.get('MODE')`: two calls of one
    method on different objects read alike otherwise; round 15), and with `receivers` False only
    the method (`is_cuda()`: what names an input read from another place). An opaque atom's
    description (`<C.X: bound by ...>`) is kept whole: it is no attribute chain."""
    if text.startswith("<"):
        return text
    if any(ch in " +-*/%|&^<>=!~@" for ch in _outside_brackets(text)):
        return text  # an expression, not one attribute chain (`cfg.head // cfg.tp`: round 10 showed `tp`)
    depth = 0
    cuts = [0]
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "." and depth == 0:
            cuts.append(i + 1)
    cut = cuts[-1]
    if receivers and len(cuts) > 1 and text.endswith(")") and "(" not in text[:cut] and text[cuts[-2]:cut] not in ("self.", "cls."):
        cut = cuts[-2]
    return text[cut:] or text


def render_literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if value.isprintable() and '"' not in value and "\\" not in value:
            return f'"{value}"'
        return repr(value)  # (escaped: `'a" or "b'` showed as `"a" or "b"`, a newline broke the table; round 15)
    if isinstance(value, tuple):
        if len(value) > 3:
            return "{..." + str(len(value)) + "}"
        return "{" + ", ".join(render_literal(v) for v in value) + "}"
    return repr(value)


def render_value(value: object) -> str:
    """A constant as one value, as Python writes it: a tuple `(9, 0)`, a list `[9, 0]`, a set
    `{9, 0}` (`render_literal` writes a tuple as the set of values `in` tests; round 40: a capability
    `(9, 0)` showed as `{9, 0}`, which reads as a set)."""
    from .model import FrozenSetLiteral, ListLiteral, SetLiteral

    if isinstance(value, FrozenSetLiteral):
        return f"frozenset({render_value(SetLiteral(value))})" if value else "frozenset()"
    if isinstance(value, SetLiteral):
        return "{" + ", ".join(render_value(v) for v in value) + "}" if value else "set()"
    if isinstance(value, ListLiteral):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(render_value(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return render_literal(value)


def _shown(node: Value, expand: bool) -> Value:
    while expand and isinstance(node, Named):
        node = node.body
    return node


_PREC = {"or": 1, "and": 2, "not": 3, "cmp": 4, "atom": 5, "ite": 0}


RENDER_NODES = 4000  # a value larger than this as a tree renders as its digest


def _children(node: Value, expand: bool) -> tuple:
    if isinstance(node, Not):
        return (node.arg,)
    if isinstance(node, (And, Or)):
        return node.args
    if isinstance(node, Ite):
        return (node.then, node.cond, node.other)
    if isinstance(node, Compare):
        return (node.left, node.right)
    if isinstance(node, Truth):
        return (node.term,)
    if isinstance(node, Named) and expand:
        return (node.body,)
    if isinstance(node, Seq):
        return tuple(part for item in node.items for part in (item.cond, item.value))
    return ()


def _bottom_up(f: Value, expand: bool, combine: Callable[[Value, list], object], keep: str = "") -> object:
    """`combine(node, results of its children)` for every node of a value's DAG, each node once.
    With `keep`, each inner node's result is kept on the node under that name (values are
    immutable), and a later walk stops at nodes that have one."""
    memo: dict[int, object] = {}
    stack: list[tuple[Value, bool]] = [(f, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in memo:
            continue
        kids = _children(node, expand)
        known = getattr(node, keep, None) if keep and kids else None  # not `__dict__`: see model._cache_hash
        if known is not None:
            memo[id(node)] = known
        elif ready or not kids:
            memo[id(node)] = result = combine(node, [memo[id(k)] for k in kids])
            if keep and kids:
                object.__setattr__(node, keep, result)
        else:
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in memo)
    return memo[id(f)]


def keep_bottom_up(f: Value, combine: Callable[[Value, list], object], name: str) -> object:
    """`combine(node, results of its children)` over a value's DAG through inlined helpers (children
    in `_children`'s order), each inner node's result kept on it under `name`."""
    return _bottom_up(f, True, combine, name)


def arms(value: Value, named: bool = True) -> Iterator[Value]:
    """The alternatives of a conditional value: the ends of its `Ite` arms (through inlined
    helpers' bodies with `named`), each arm of the DAG entered once. Conditions are not entered:
    they are formulas, most of a large value, and hold no list or dict."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        while named and isinstance(node, Named):
            node = node.body
        if not isinstance(node, Ite):
            yield node
        elif id(node) not in seen:
            seen.add(id(node))
            stack += (node.other, node.then)


def alternatives(value: Value) -> int:
    """How many leaves a conditional value has as a tree (`Ite` arms, through inlined helpers;
    the DAG shares them), counted in one pass."""
    memo: dict[int, int] = {}
    stack: list[Value] = [value]
    while stack:
        v = stack[-1]
        while isinstance(v, Named):
            v = v.body
        if not isinstance(v, Ite):
            memo[id(stack.pop())] = 1
            continue
        arms = [a.body if isinstance(a, Named) else a for a in (v.then, v.other)]
        todo = [a for a in arms if isinstance(a, Ite) and id(a) not in memo]
        if todo:
            stack.extend(todo)
            continue
        memo[id(stack.pop())] = sum(memo.get(id(a), 1) for a in arms)
    return memo[id(value)]


def tree_size(f: Value, expand: bool = False) -> int:
    """The nodes of a value written out as a tree (what rendering it costs), in one pass over
    its DAG: a loop over a conditional tuple shares each round's value, so the tree can be
    exponentially larger than the value."""
    return _bottom_up(f, expand, lambda node, sizes: 1 + sum(sizes),  # type: ignore[return-value]
                      "_tree_size_expanded" if expand else "_tree_size")


def contains(f: Value, kind: type) -> bool:
    """Whether a node of `kind` is in a value's DAG (through inlined helpers), in one pass, kept
    on each inner node: a state's values are asked again and again."""
    return _bottom_up(f, True, lambda node, kids: isinstance(node, kind) or any(kids),  # type: ignore[return-value]
                      f"_has_{kind.__name__}")


def digest(f: Value, expand: bool = False) -> str:
    """A short name of a value's structure, the same for equal values in every run (unlike
    `hash`, which varies with PYTHONHASHSEED), computed over its DAG."""
    import hashlib

    def combine(node: Value, kids: list) -> bytes:
        head = f"{type(node).__name__}:{getattr(node, 'op', '')}:"
        if not kids:
            head += repr(node.text if isinstance(node, Term) else node.value if isinstance(node, Lit)
                         else node.name if isinstance(node, Named) else node)
        h = hashlib.blake2b(head.encode(), digest_size=8)
        for k in kids:
            h.update(k)
        return h.digest()

    return _bottom_up(f, expand, combine, "_digest_expanded" if expand else "_digest").hex()[:10]  # type: ignore[union-attr]


def after_event(version: str) -> str:
    """The event a term's `version` names, as source: `after cfg.refresh() #1|...` -> `cfg.refresh()`."""
    return version.split("|")[0].removeprefix("via ").removeprefix("after ").split(" #")[0]


def versioned_text(term: Term, shorten: bool = False) -> str:
    """A term as a reader tells its reads apart: `n (after cfg.refresh())` where it was read after
    an event that may have changed it (an opaque value's versions are evaluations, not reads)."""
    text = short(term.text) if shorten else term.text
    return f"{text} (after {after_event(term.version)})" if term.version and not term.is_opaque else text


def reread_texts(values: Iterable[Value]) -> set[str]:
    """The texts `values` read in more than one version (`cfg.n`, then `cfg.n` after
    `cfg.refresh()`): two atoms a table shows under one text unless told apart."""
    seen: dict[str, set[str]] = {}
    for value in values:
        for t in terms_all(value):
            if not t.is_opaque:
                seen.setdefault(t.text, set()).add(t.version)
    return {text for text, versions in seen.items() if len(versions) > 1}


def render(f: Value, shorten: bool = False, expand: bool = False, atom_text_of: Callable[[Value], str | None] | None = None,
           versions: Container[str] = ()) -> str:
    """Python-like text of a formula. `shorten` keeps the last name of each attribute chain;
    `expand` shows inlined helpers' bodies instead of their names; `atom_text_of` may replace
    the text of an atom (to show its value); the reads of a text in `versions` are told apart
    (`versioned_text`: `n (after cfg.refresh()) > 1`; `reread_texts`). A value of more than `RENDER_NODES` nodes as a
    tree is `<value #digest>`: its text would be too long to read (and exponential to write)."""
    if tree_size(f, expand) > RENDER_NODES:
        return f"<value #{digest(f, expand)}>"

    def atom_text(node: Value, container: bool = False) -> str:
        if isinstance(node, Term):
            return versioned_text(node, shorten) if node.text in versions else short(node.text) if shorten else node.text
        if isinstance(node, Lit):  # (a tuple is a value as Python writes it, a set of values only in `in`)
            return render_literal(node.value) if container or not isinstance(node.value, tuple) else render_value(node.value)
        return go(node, 0)

    def go(node: Value, parent: int) -> str:
        if atom_text_of is not None and isinstance(node, (Truth, Compare, Term)):
            shown = atom_text_of(node)
            if shown is not None:
                return shown
        if isinstance(node, (Term, Lit)):
            return atom_text(node)
        if isinstance(node, Truth):
            return atom_text(node.term)
        if isinstance(node, Named):
            if expand:
                return go(node.body, parent)
            return node.name
        if isinstance(node, Compare):
            def side(value: Value) -> str:  # (a tuple compared as one value is Python's tuple; `in` one, the values)
                return atom_text(value, node.op in ("in", "not in"))
            text, prec = f"{side(node.left)} {node.op} {side(node.right)}", _PREC["cmp"]
        elif isinstance(node, Not):
            inner = node.arg
            if isinstance(inner, Compare) and inner.op in NEGATED:
                text, prec = go(Compare(inner.left, NEGATED[inner.op], inner.right), parent), _PREC["cmp"]
            else:
                text, prec = "not " + go(inner, _PREC["not"]), _PREC["not"]
        elif isinstance(node, And):
            text, prec = " and ".join(go(a, _PREC["and"]) for a in node.args), _PREC["and"]
        elif isinstance(node, Or):
            # parenthesize `and` inside `or` although Python does not need it: easier to read
            text = " or ".join(go(a, _PREC["and"] + 1 if isinstance(_shown(a, expand), And) else _PREC["or"]) for a in node.args)
            prec = _PREC["or"]
        elif isinstance(node, Ite):
            text = f"{go(node.then, 1)} if {go(node.cond, 1)} else {go(node.other, 0)}"
            prec = _PREC["ite"]
        elif isinstance(node, Seq):
            items = [go(i.value, 1) if i.cond == TRUE else f"{go(i.value, 1)} if {go(i.cond, 1)}" for i in node.items]
            text = ("[" + ", ".join(items) + "]") if node.kind == "list" else ("(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")")
            prec = _PREC["atom"]
        else:  # pragma: no cover
            text, prec = repr(node), _PREC["atom"]
        return f"({text})" if prec < parent else text

    try:
        return go(f, 0)
    finally:
        del go, atom_text  # a cycle otherwise (see `compare`)


# ---------------------------------------------------------------- three-valued evaluation


def evaluate(f: Value, lookup: Callable[[Value], object]) -> object:
    """Kleene evaluation. `lookup(atom)` returns True/False for a Truth or Compare atom it
    knows, or None for unknown. Returns True, False or None (unknown). Each node of the formula's
    DAG is evaluated once (a tree walk of a loop's shared values is exponential)."""

    def one(f: Value) -> object:
        if isinstance(f, Lit):
            return _truthy(f.value)
        if isinstance(f, Named):
            return go(f.body)
        if isinstance(f, Term):
            return lookup(Truth(f))
        if isinstance(f, (Truth, Compare)):
            return lookup(f)
        if isinstance(f, Not):
            v = go(f.arg)
            return None if v is None else not v
        if isinstance(f, (And, Or)):
            decisive = isinstance(f, Or)  # the value of one argument that settles the whole
            unknown = False
            for a in f.args:
                v = go(a)
                if v is decisive:
                    return decisive
                unknown |= v is None
            return None if unknown else not decisive
        if isinstance(f, Ite):
            c = go(f.cond)
            if c is None:
                a, b = go(f.then), go(f.other)
                return a if a == b else None
            return go(f.then if c else f.other)
        raise TypeError(f"not a formula: {f!r}")

    go = once_per_node(one)
    try:
        return go(f)
    finally:
        del go  # `one` calls it: a cycle otherwise (see `compare`)


def once_per_node(step: Callable[[Value], object]) -> Callable[[Value], object]:
    """`go(node)`: `step(node)` computed once per node of a value's DAG (by identity; the nodes
    stay alive while the value does). `step` recurses through `go`."""
    memo: dict[int, object] = {}

    def go(node: Value) -> object:
        key = id(node)
        if key not in memo:
            memo[key] = step(node)
        return memo[key]

    return go
