"""Symbolic values beyond formulas: sequences whose items are present per region, references to
lists the function builds and mutates, and the walks that split a conditional value into the
(condition, leaf) pairs a first-match chain is made of. No I/O.
"""

from __future__ import annotations

import ast
import functools
import itertools
from dataclasses import dataclass, field

from ..formula import arms, compare, conj, disj, ite, neg, once_per_node, truth
from ..model import FALSE, TRUE, Formula, Item, Ite, Lit, Named, Seq, Term, Value

_uids = itertools.count(1)


def new_uid() -> int:
    return next(_uids)


def holds_mapping(value: Value) -> bool:
    """Whether a value is (or may be, on some path) a dict the function built: one of its arms
    (`formula.arms`; no condition holds a dict, the truth of one is its emptiness)."""
    return any(isinstance(arm, Mapping) for arm in arms(value))


def holds_set(value: Value) -> bool:
    """Whether a value is (or may be, on some path) a set of literals (`SetLiteral`): one object,
    which a change through another name for it changes (round 22: `t = s; t |= {"x"}`)."""
    from ..model import SetLiteral

    return any(isinstance(arm, Lit) and isinstance(arm.value, SetLiteral) for arm in arms(value))


def contains_mapping(value: Value) -> bool:
    """Whether a dict the function built is in a value at any depth: an arm (`holds_mapping`),
    or an item of a list or tuple an arm is, and so on."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for arm in arms(node):
            if isinstance(arm, Mapping):
                return True
            if isinstance(arm, Seq):
                stack.extend(item.value for item in arm.items)
    return False


def unhashable(value: Value, looked_up_in_a_set: bool = False) -> bool:
    """Whether Python surely refuses to hash a value as a dict key or a set item: a list or a
    dict the function holds (a tuple the model holds may be another iterator: not said), a
    constant's list (`ListLiteral`, or a tuple holding one), a set of literals (`looked_up_in_a_set`:
    `{"a"} in s` of a set looks the set up as a frozenset)."""
    from ..model import SetLiteral, hashable_literal

    if looked_up_in_a_set and isinstance(value, Lit) and type(value.value) is SetLiteral:
        return False
    return isinstance(value, (Ref, Mapping)) or isinstance(value, Seq) and value.kind == "list" \
        or isinstance(value, Lit) and not hashable_literal(value.value)


def reset_uids() -> None:
    """Number each model's objects from 1: an object's number shows in outcomes that name it
    (`<list 3 changed by unmodeled code>`), so a count shared by all the functions of a run made
    an untouched function differ between two versions of its file."""
    global _uids
    _uids = itertools.count(1)


@dataclass(frozen=True)
class Ref:
    """A list object the function created: its contents live in the state (`State.objects`), so
    every name that refers to it sees its mutations."""

    oid: int

    def __repr__(self) -> str:  # as a message or an atom's text shows it (not `Ref(oid=10)`: round 12)
        return f"<list {self.oid} the function made>"  # (its number tells two lists apart)


@dataclass(frozen=True)
class Closure:
    """A function defined inside the function being modeled."""

    node: object  # ast.FunctionDef
    oid: int
    cells: tuple = field(default=(), compare=False)  # the values it may reach as it was made (`closure_reach`'s names)
    scope: object = field(default=None, compare=False)  # the function whose `def` made it (its siblings' code)

    def __repr__(self) -> str:  # in a call's text (never the node's address: texts are compared across runs)
        return f"<function {getattr(self.node, 'name', 'lambda')}>"


def closure_reach(closure: Closure) -> frozenset[str]:
    """The names a nested function's code may read when it runs: those its body names and, as
    Python binds them late, those of every other function or value its scope binds under a name it
    reads (`def b(): c()` reaches what `c` names, and so on). Round 44: a call not followed made
    unknown what `b` named, not the list `c` changes."""
    scope = closure.scope
    kept = _kept(closure.node, "reach")
    if scope in kept:
        return kept[scope]
    bindings: dict[str, list] = {}
    for node in ast.walk(scope) if scope is not None else ():
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not scope:
            bindings.setdefault(node.name, []).append(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for name in (n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)):
                bindings.setdefault(name, []).append(node.value)
    reach: set[str] = set()
    todo = [closure.node]
    while todo:
        for name in {n.id for n in ast.walk(todo.pop()) if isinstance(n, ast.Name)} - reach:
            reach.add(name)
            todo += [b for b in bindings.get(name, ()) if b is not None]
    kept[scope] = frozenset(reach)
    return kept[scope]


def made_in(node: ast.AST, scope: ast.AST | None) -> None:
    """Record that the nested `def` `node` is written in the function `scope` (a fact of the
    source: the same `def` is always in the same function)."""
    _kept(node, "made in")[None] = scope


def enclosing_functions(scope: ast.AST | None) -> tuple:
    """`scope` and the functions around it, innermost first, as far as `made_in` saw them made:
    the frames whose variables a nested function made in `scope` may name."""
    chain = []
    while scope is not None and scope not in chain:
        chain.append(scope)
        scope = _kept(scope, "made in").get(None)
    return tuple(chain)


def reads_only(node: ast.AST) -> str:
    """What a nested function's code may change outside it when it runs, where that is little:
    "nothing" where it calls nothing but `len` and `isinstance`, writes no attribute or item,
    walks no iterable (a generator it walks is spent),
    declares nothing `global` or `nonlocal`, makes no function, does not yield or await, and
    returns no object it reaches; "items" where it may return an item of one (`return order[0]`:
    whoever called it may change that item); "" otherwise."""
    kept = _kept(node, "reads only")
    if None not in kept:
        plain = all(
            not isinstance(n, (ast.Global, ast.Nonlocal, ast.Delete, ast.Yield, ast.YieldFrom, ast.Await, ast.NamedExpr,
                               ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Import, ast.ImportFrom,
                               ast.With, ast.AsyncWith, ast.AsyncFor, ast.For, ast.comprehension))
            and not (isinstance(n, (ast.Attribute, ast.Subscript)) and not isinstance(n.ctx, ast.Load))
            and not (isinstance(n, ast.Call) and not (isinstance(n.func, ast.Name) and n.func.id in ("len", "isinstance")))
            for stmt in node.body for n in ast.walk(stmt))
        given = [n.value for stmt in node.body for n in ast.walk(stmt) if isinstance(n, ast.Return) and n.value is not None]
        kept[None] = "" if not plain or not all(isinstance(v, (ast.Constant, ast.Compare, ast.JoinedStr, ast.Call, ast.Subscript))
                                                or isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.Not) for v in given) \
            else "items" if any(isinstance(v, ast.Subscript) for v in given) else "nothing"
    return kept[None]


def nonlocal_names(scope: ast.AST) -> frozenset[str]:
    """The names `nonlocal` statements anywhere in `scope` declare."""
    kept = _kept(scope, "nonlocals")
    if None not in kept:
        kept[None] = frozenset(name for n in ast.walk(scope) if isinstance(n, ast.Nonlocal) for name in n.names)
    return kept[None]


def _kept(node: ast.AST, what: str) -> dict:
    """A memo held by a syntax node itself (it lives as long as the node: a module-wide table
    keyed by ids would keep every tree a diff reads alive)."""
    memo = node.__dict__.setdefault("_ordercheck", {})
    return memo.setdefault(what, {})


@dataclass(frozen=True)
class IndexOf:
    """`lst.index(v)`: kept symbolic so `lst.pop(lst.index(v))` removes exactly that item."""

    ref: Ref
    value: Value


@dataclass(frozen=True)
class Mapping:
    """A dict whose keys are literals (a dispatch table): its entries in order."""

    entries: tuple[tuple[object, Value], ...]

    def __repr__(self) -> str:  # as a guard or a helper's value shows it: Python's text of the dict
        from ..formula import render, render_literal

        return "{" + ", ".join(f"{render_literal(k)}: {render(v)}" for k, v in self.entries) + "}"


@dataclass(frozen=True)
class ClassRef:
    """A class of the analysed tree, used as a value (`cls`, `Backend.method`)."""

    info: object  # index.ClassInfo
    text: str

    def __repr__(self) -> str:  # as a helper's value shows it: the name the code uses
        return self.text


@dataclass(frozen=True)
class FunctionRef:
    info: object  # index.FunctionInfo
    text: str
    bound: Value | None = None  # the receiver of a bound method

    def __repr__(self) -> str:  # as a value's text shows it (its info holds the whole module)
        return self.text


class _Starred:
    __slots__ = ("value",)

    def __init__(self, value: Value) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"*{self.value!r}"


def seq_of(values: list[Value], kind: str = "list") -> Seq:
    return Seq(tuple(Item(new_uid(), TRUE, v) for v in values), kind)  # type: ignore[arg-type]


def present(seq: Seq) -> list[Item]:
    return [i for i in seq.items if i.cond != FALSE]


def seq_truth(seq: Seq) -> Formula:
    return disj(*(i.cond for i in seq.items))


def seq_contains(seq: Seq, value: Value) -> Formula:
    return disj(*(conj(i.cond, equal(i.value, value)) for i in seq.items))


def held_class(value: Value) -> "ClassRef | None":
    """The class of the analysed tree a value is: a `ClassRef`, or the name it was read back as
    from a list, a dict or an attribute (`Term.prior`, unless a call may have changed it since)."""
    if isinstance(value, ClassRef):
        return value
    if isinstance(value, Term) and isinstance(value.prior, ClassRef) and not value.version:
        return value.prior
    return None


def held_function(value: Value) -> "FunctionRef | None":
    """The function of the analysed tree a value is (not a method bound to an object: each read
    of one is a new bound method), as `held_class` reads classes."""
    ref = value.prior if isinstance(value, Term) and not value.version else value
    return ref if isinstance(ref, FunctionRef) and ref.bound is None else None


def same_class(a: Value, b: Value) -> Formula | None:
    """`a == b` (`a is b`) of two classes, or two functions, of the analysed tree: whether they are
    one (exploratory fuzz: `HANDLERS[mode] is handle_y` was a free relation); None unless both are
    such classes or functions."""
    x, y = held_class(a) or held_function(a), held_class(b) or held_function(b)
    if x is None or y is None:
        return None
    return TRUE if type(x) is type(y) and x.info is y.info else FALSE


def equal(a: Value, b: Value) -> Formula:
    """`a == b`; two tuples (lists) of known items item by item."""
    same = same_class(a, b)
    if same is not None:
        return same
    if isinstance(a, Seq) and isinstance(b, Seq) and all(i.cond == TRUE for i in (*a.items, *b.items)):
        if a.kind != b.kind or len(a.items) != len(b.items):
            return FALSE  # `(1,) == [1]` is False too
        return conj(*(equal(x.value, y.value) for x, y in zip(a.items, b.items)))
    return compare(a, "==", b)


def seq_append(seq: Seq, value: Value, front: bool = False) -> Seq:
    item = Item(new_uid(), TRUE, value)
    return Seq((item, *seq.items) if front else (*seq.items, item), seq.kind)


def seq_concat(a: Seq, b: Seq) -> Seq:
    return Seq((*a.items, *(Item(new_uid(), i.cond, i.value) for i in b.items)), a.kind)


def seq_remove_first(seq: Seq, value: Value) -> tuple[Seq, Formula]:
    """Remove the first present item equal to `value`. Returns the new sequence and the condition
    under which no item was equal (where Python raises ValueError)."""
    before: Formula = FALSE
    items = []
    for item in seq.items:
        hit = conj(item.cond, equal(item.value, value))
        first = conj(hit, neg(before))
        items.append(Item(item.uid, conj(item.cond, neg(first)), item.value))
        before = disj(before, hit)
    return Seq(tuple(i for i in items if i.cond != FALSE), seq.kind), neg(before)


def seq_first(seq: Seq, last: bool = False) -> tuple[Value, Formula]:
    """The first (or last) present item, as a conditional value, and the condition that the
    sequence is empty."""
    items = list(reversed(seq.items)) if last else list(seq.items)
    value: Value = Lit(None)
    for item in reversed(items):
        value = ite(item.cond, item.value, value)
    return value, neg(seq_truth(seq))


def seq_drop(seq: Seq, last: bool = False) -> Seq:
    """The sequence without its first (or last) present item."""
    items = list(reversed(seq.items)) if last else list(seq.items)
    out = []
    seen: Formula = FALSE
    for item in items:
        first = conj(item.cond, neg(seen))
        out.append(Item(item.uid, conj(item.cond, neg(first)), item.value))
        seen = disj(seen, item.cond)
    if last:
        out.reverse()
    return Seq(tuple(i for i in out if i.cond != FALSE), seq.kind)


def seq_count(seq: Seq, limit: int = 16) -> dict[int, Formula] | None:
    """For each possible length, the condition that the sequence has exactly that many items;
    None when too many items are conditional to say it compactly."""
    conditional = [i for i in seq.items if i.cond not in (TRUE, FALSE)]
    fixed = sum(1 for i in seq.items if i.cond == TRUE)
    if len(conditional) > limit:
        return None
    counts: dict[int, Formula] = {0: TRUE}
    for item in conditional:
        nxt: dict[int, Formula] = {}
        for k, f in counts.items():
            nxt[k] = disj(nxt.get(k, FALSE), conj(f, neg(item.cond)))
            nxt[k + 1] = disj(nxt.get(k + 1, FALSE), conj(f, item.cond))
        counts = nxt
    return {k + fixed: f for k, f in counts.items() if f != FALSE}


def merge_seq(test: Formula, a: Seq, b: Seq) -> Seq:
    """One sequence that is `a` where `test` holds and `b` elsewhere, item by item: items are
    matched by uid (the statement that added them), which keeps their relative order."""
    if a == b:
        return a
    a_ids = [i.uid for i in a.items]
    b_ids = {i.uid for i in b.items}
    shared = [u for u in a_ids if u in b_ids]
    b_shared = [i.uid for i in b.items if i.uid in set(shared)]
    if shared != b_shared:  # never produced by appends/inserts/removes; be exact anyway
        return None  # type: ignore[return-value]
    by_b = {i.uid: i for i in b.items}
    out: list[Item] = []
    bi = 0
    b_items = list(b.items)
    for item in a.items:
        if item.uid in by_b:
            while bi < len(b_items) and b_items[bi].uid != item.uid:
                other = b_items[bi]
                out.append(Item(other.uid, conj(neg(test), other.cond), other.value))
                bi += 1
            other = b_items[bi]
            bi += 1
            cond = item.cond if item.cond == other.cond else disj(conj(test, item.cond), conj(neg(test), other.cond))
            out.append(Item(item.uid, cond, item.value))
        else:
            out.append(Item(item.uid, conj(test, item.cond), item.value))
    for other in b_items[bi:]:
        out.append(Item(other.uid, conj(neg(test), other.cond), other.value))
    return Seq(tuple(i for i in out if i.cond != FALSE), a.kind)


def merge_values(test: Formula, a: Value, b: Value) -> Value:
    if a == b:
        return a
    if isinstance(a, Seq) and isinstance(b, Seq) and a.kind == b.kind == "tuple" and len(a.items) == len(b.items) \
            and all(i.cond == TRUE for i in (*a.items, *b.items)):
        # two tuples of one length (`return b, cls` on each path): item by item, as a tuple is
        # never changed in place; by uid it was every item of both under its path, and its first
        # item a choice among all of them
        return Seq(tuple(Item(new_uid(), TRUE, merge_values(test, x.value, y.value)) for x, y in zip(a.items, b.items)), "tuple")
    if isinstance(a, Seq) and isinstance(b, Seq) and a.kind == b.kind:
        merged = merge_seq(test, a, b)
        if merged is not None:
            return merged
    return ite(test, a, b)


# ---------------------------------------------------------------- reading into values


def project(base: Value, suffix: str, line: int, kind: str) -> Value:
    """`base.attr` or `base[...]` for a symbolic base, distributing over conditional values."""

    def one(node: Value) -> Value:
        if isinstance(node, Named):
            return go(node.body)
        if isinstance(node, Ite):
            return ite(node.cond, go(node.then), go(node.other))
        if isinstance(node, Term):
            if node.kind == "member" and suffix in (".value", ".name"):
                return Term(node.text + suffix, line, "attr")
            out_kind = "opaque" if node.kind == "opaque" else kind
            prior = _project_prior(node.prior, suffix, kind) if node.prior is not None else None
            # `(mode * 2)[1]`, not `mode * 2[1]` (another expression, and another atom's text)
            text = f"({node.text})" if node.kind == "expr" else node.text
            return Term(text + suffix, line, out_kind, node.version, node.origin, prior)  # type: ignore[arg-type]
        if isinstance(node, Lit):
            return Term(f"{node.value!r}{suffix}", line, "opaque")
        return Term(f"<value>{suffix}", line, "opaque")

    go = once_per_node(one)
    try:
        return go(base)  # type: ignore[return-value]
    finally:
        del go  # `one` calls it: a cycle otherwise, left to the collector with all it holds


# (id of a prior value, suffix, kind) -> (that value, kept alive so the id stays its, projection);
# cleared per model
_PRIORS: dict[tuple, tuple[Value, Value]] = {}


def _project_prior(prior: Value, suffix: str, kind: str) -> Value:
    """What `prior.attr` was: shared between the many reads of one object's attributes (a value's
    priors form a chain as long as the calls before it)."""
    key = (id(prior), suffix, kind)
    found = _PRIORS.get(key)
    if found is None:
        found = _PRIORS[key] = (prior, project(prior, suffix, 0, kind))
    return found[1]


def and_value(left: Value, right: Value) -> Value:
    """The value of `left and right` (not only its truth)."""
    t = truth(left)
    if _is_bool(left) and _is_bool(right):
        return conj(t, truth(right))
    return ite(t, right, left)


def or_value(left: Value, right: Value) -> Value:
    t = truth(left)
    if _is_bool(left) and _is_bool(right):
        return disj(t, truth(right))
    return ite(t, left, right)


@functools.lru_cache(maxsize=200_000)
def _is_bool(value: Value) -> bool:
    """A value Python evaluates to exactly True or False (so `and`/`or` return a bool)."""
    from ..model import And, Compare, Not, Or, Truth

    if isinstance(value, Lit):
        return isinstance(value.value, bool)
    if isinstance(value, (Compare, Not)):
        return True
    if isinstance(value, (And, Or)):
        return True  # built only from bool operands
    if isinstance(value, Named):
        return _is_bool(value.body)
    if isinstance(value, Ite):
        return _is_bool(value.then) and _is_bool(value.other)
    return isinstance(value, Truth)


def flatten(value: Value) -> list[tuple[Formula, Value]]:
    """A conditional value as first-match (condition, leaf) pairs."""
    return _leaves(value, exclusive=False)


def cases(value: Value) -> list[tuple[Formula, Value]]:
    """A conditional value as (condition, leaf) pairs whose conditions exclude each other (unlike
    `flatten`, whose conditions are read in first-match order)."""
    return [(c, leaf) for c, leaf in _leaves(value, exclusive=True) if c != FALSE]


PATHS_WALKED = 64  # a conditional value with more paths than this is split by `leaf_regions`


def leaf_regions(value: Value, step) -> list[tuple[Formula, Value, object]] | None:
    """A conditional value as exclusive (region, leaf, tag) triples, one per distinct (leaf, tag),
    in the order a depth-first walk (then-arm first) meets them; None when it has at most
    `PATHS_WALKED` paths, or not many more than nodes (a walk path by path is then cheap, and
    keeps each path's own condition). `step(node, tag)` is the children of a node as (condition, child, tag) triples
    (the condition None: the child takes the node's whole region), or None at a leaf.

    A value is a DAG: a local reassigned in each of several blocks shares the value of the block
    before it between both arms of the next, and its paths double with each block (five
    `try: q = get(m) except E: q = None` blocks: 10,303 paths to 16 leaves, a minute of guards).
    Regions are pushed down the DAG in topological order, so each node is visited once."""
    order: list[tuple[int, object]] = []  # reverse post-order of (node, tag) states: parents first
    nodes: dict[tuple[int, object], tuple[Value, list | None]] = {}
    paths: dict[tuple[int, object], int] = {}
    stack: list[tuple[Value, object, bool]] = [(value, None, False)]
    while stack:
        node, tag, done = stack.pop()
        key = (id(node), tag)
        if done:
            children = nodes[key][1]
            paths[key] = 1 if children is None else sum(paths[(id(c), t)] for _, c, t in children)
            order.append(key)
            continue
        if key in nodes:
            continue
        children = step(node, tag)
        nodes[key] = (node, children)
        stack.append((node, tag, True))
        for _, child, t in reversed(children or ()):
            if (id(child), t) not in nodes:
                stack.append((child, t, False))
    root = (id(value), None)
    if paths[root] <= max(PATHS_WALKED, 4 * len(nodes)):
        return None  # a walk path by path costs about as much (a chain of 5,000 `if`s: 5,001 paths)
    region: dict[tuple[int, object], Formula] = {root: TRUE}
    leaves: list[tuple[Formula, Value, object]] = []
    for key in reversed(order):
        node, children = nodes[key]
        here = region.get(key, FALSE)
        if children is None:
            leaves.append((here, node, key[1]))
            continue
        for cond, child, t in children:
            part = here if cond is None else conj(here, cond)
            ckey = (id(child), t)
            region[ckey] = part if ckey not in region else disj(region[ckey], part)
    first: dict[tuple[int, object], int] = {}  # the depth-first order of the leaves
    walk = [(value, None)]
    while walk:
        node, tag = walk.pop()
        key = (id(node), tag)
        if key in first:
            continue
        first[key] = len(first)
        walk.extend((c, t) for _, c, t in reversed(nodes[key][1] or ()))
    leaves.sort(key=lambda leaf: first[(id(leaf[1]), leaf[2])])
    return [leaf for leaf in leaves if leaf[0] != FALSE]


def value_step(node: Value, tag: object) -> list | None:
    """The children of a conditional value's node for `split_value`: a name's value, an `Ite`'s
    arms (not a boolean formula's); None at a leaf."""
    if isinstance(node, Named) and isinstance(node.body, (Ite, Term, Lit, Seq, Named)):
        return [(None, node.body, tag)]
    if isinstance(node, Ite) and not _is_formula_ite(node):
        return [(node.cond, node.then, tag), (neg(node.cond), node.other, tag)]
    return None


def _leaves(value: Value, exclusive: bool) -> list[tuple[Formula, Value]]:
    return [(cond, leaf) for cond, leaf, _ in split_value(value, value_step, exclusive)]


def split_value(value: Value, step, exclusive: bool) -> list[tuple[Formula, Value, object]]:
    """A conditional value as (condition, leaf, tag) triples, `step` giving each node's children
    (as `leaf_regions` reads it), then-arm before else-arm: in first-match order, or with
    `exclusive` conditions that exclude each other. A value with many more paths than nodes is
    split over its DAG (`leaf_regions`: exclusive, which first-match order reads the same)."""
    regions = leaf_regions(value, step)
    if regions is not None:
        return regions
    out: list[tuple[Formula, Value, object]] = []
    stack: list[tuple[Formula, Value, object]] = [(TRUE, value, None)]
    while stack:  # iterative depth-first
        cond, node, tag = stack.pop()
        children = step(node, tag)
        if children is None:
            out.append((cond, node, tag))
            continue
        last = len(children) - 1
        for k in range(last, -1, -1):  # pushed last first: the first child is split first
            c, child, t = children[k]
            # (read in first-match order, the last alternative needs no condition of its own)
            stack.append((cond if c is None or (k == last and not exclusive) else conj(cond, c), child, t))
    return out


def _is_formula_ite(node: Ite) -> bool:
    """An Ite whose arms are truth values (a boolean formula), not outcomes."""
    return _is_bool(node.then) and _is_bool(node.other)


def truth_of(value: Value) -> Formula:
    if isinstance(value, Seq):
        return seq_truth(value)
    if isinstance(value, Ite) and (isinstance(value.then, Seq) or isinstance(value.other, Seq)):
        return ite(value.cond, truth_of(value.then), truth_of(value.other))  # type: ignore[return-value]
    return truth(value)


def _scalar(value: object) -> bool:
    """A literal the model holds as Python does (a number, a string, a bool, None), unlike a
    tuple, which may stand for a set display: what Python computes from it is what the model does."""
    return value is None or type(value) in (int, float, str, bool, bytes)
