"""Types shared by every stage: frozen dataclasses, no logic beyond small helpers.

A decision function becomes a `DecisionModel`: an ordered tuple of `Branch`es whose guards are
formulas over atoms. Formulas are trees of the node types below; they are values, hashable and
comparable, so stages can memoise on them.
"""

from __future__ import annotations

import ast
import operator
import re
import threading
from dataclasses import dataclass, field, fields
from typing import Literal, Union

from .errors import ConfigError, Location  # noqa: F401  (re-exported: every stage's types are here)


# ---------------------------------------------------------------- values and formulas


TermKind = Literal["attr", "call", "name", "subscript", "member", "expr", "opaque"]


@dataclass(frozen=True)
class Term:
    """A value the model does not look inside: an attribute chain, a call, a subscript.

    `text` is the normalized source text after substituting locals and inlining, which is what
    `given` keys match by suffix. `version` tells reads of one text apart when something that may
    change it happened in between: "" is the value the function was entered with, otherwise the
    key of the last event that may have changed it (`after f() #1`). `kind`:
    attr (attribute chain), call, name (a parameter or global), subscript, member (an enum
    member: equal to itself only), expr (arithmetic and other expressions kept as text),
    opaque (a value of unmodeled code; its text is `<...>`).
    """

    text: str
    line: int = field(default=0, compare=False)
    kind: TermKind = "attr"
    version: str = ""
    origin: str = field(default="", compare=False)  # why it has this version: "`f()` at line 12"
    prior: "Value | None" = field(default=None, compare=False, repr=False)  # the value read before that event

    def __repr__(self) -> str:
        return f"Term({self.text!r}{', ' + repr(self.version) if self.version else ''})"

    @property
    def is_opaque(self) -> bool:
        return self.kind == "opaque"

    @property
    def entry(self) -> "Term":
        """The same text as read when the function was entered."""
        return self if not self.version else Term(self.text, self.line, self.kind)


class SetLiteral(tuple):
    """A set of literals (`{1, 2}`, `frozenset(("a",))`): each item once, compared as Python
    compares sets (in any order; `<=` a subset; against no set, equal never and ordered not at
    all), joined with `|`, `&`, `-`, `^`. A tuple, so that membership, length and truth read it
    as any sequence of literals; what reads its items in order (a loop, `list(s)`, unpacking)
    must not take the order they are written in for Python's (round 20: `{1, 2} == {2, 1}` was
    false)."""

    __slots__ = ()

    def __new__(cls, items=()):
        return super().__new__(cls, tuple(dict.fromkeys(items)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SetLiteral) and frozenset(self) == frozenset(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(frozenset(self))

    def __contains__(self, item: object) -> bool:
        if not hashable_literal(item) and type(item) is not SetLiteral:
            # (`[1] in {(1,)}`: Python hashes the item first, and refuses a list; a set it looks up as a frozenset)
            raise TypeError("a list is no set item")
        return tuple.__contains__(self, item)

    def _other(self, other: object) -> frozenset:
        if not isinstance(other, SetLiteral):
            raise TypeError("a set is ordered against sets only")
        return frozenset(other)

    def __lt__(self, other): return frozenset(self) < self._other(other)  # noqa: E704
    def __le__(self, other): return frozenset(self) <= self._other(other)  # noqa: E704
    def __gt__(self, other): return frozenset(self) > self._other(other)  # noqa: E704
    def __ge__(self, other): return frozenset(self) >= self._other(other)  # noqa: E704
    # (the result is of the left operand's class: `frozenset() | {1}` is a frozenset, `{1} | frozenset()` a set)
    def __or__(self, other): return type(self)((*self, *other)) if isinstance(other, SetLiteral) else NotImplemented  # noqa: E704
    def __and__(self, other): return type(self)(v for v in self if v in self._other(other))  # noqa: E704
    def __sub__(self, other): return type(self)(v for v in self if v not in self._other(other))  # noqa: E704
    def __xor__(self, other): return (self - other) | (type(self)(other) - self)  # noqa: E704

    def __add__(self, other):
        raise TypeError("sets are not added")

    __radd__ = __add__
    __mul__ = __add__
    __rmul__ = __add__

    def __repr__(self) -> str:
        return "{" + ", ".join(map(repr, self)) + "}" if self else "set()"

    def ordered(self) -> bool:
        """Whether the order Python walks it in is the order it holds (one item or none)."""
        return len(self) <= 1


class FrozenSetLiteral(SetLiteral):
    """A frozenset of literals (`frozenset({1, 2})`): a `SetLiteral` Python hashes (a set it refuses
    as a dict key or a set's item)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"frozenset({SetLiteral.__repr__(self) if self else ''})"


class ListLiteral(tuple):
    """A list of literals a module or class constant holds (`ORDER = ["flash", "triton"]`): its
    items in order, compared, printed, added and ordered as Python's list is (round 35: held as
    a tuple, `ORDER == ("flash", "triton")` was true, `str(ORDER)` the tuple's text, `[9, 0] !=
    (9, 0)` false). A tuple, so that membership, length, truth and indexing read it as any
    sequence of literals. Hashable for the model's own tables only: what Python hashes (a dict
    key, a set item, `in` a set) must refuse it (`hashable_literal`)."""

    __slots__ = ()

    def __new__(cls, items=()):
        return super().__new__(cls, tuple(items))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ListLiteral) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(("list", tuple(self)))

    def _other(self, other: object) -> tuple:
        if not isinstance(other, ListLiteral):
            raise TypeError("a list is ordered against, and added to, lists only")
        return tuple(other)

    def __lt__(self, other): return tuple(self) < self._other(other)  # noqa: E704
    def __le__(self, other): return tuple(self) <= self._other(other)  # noqa: E704
    def __gt__(self, other): return tuple(self) > self._other(other)  # noqa: E704
    def __ge__(self, other): return tuple(self) >= self._other(other)  # noqa: E704
    def __add__(self, other): return ListLiteral((*self, *self._other(other)))  # noqa: E704
    def __radd__(self, other): return ListLiteral((*self._other(other), *self))  # noqa: E704
    def __mul__(self, n): return ListLiteral(tuple(self) * n)  # noqa: E704
    __rmul__ = __mul__

    def __getitem__(self, key):
        item = tuple.__getitem__(self, key)
        return ListLiteral(item) if isinstance(key, slice) else item

    def __repr__(self) -> str:
        return "[" + ", ".join(map(repr, self)) + "]"


def hashable_literal(value: object) -> bool:
    """Whether Python hashes a literal: no list or set in it (a tuple holding one is refused too);
    a frozenset it hashes (round 35: `T.get({"a"})` was a miss, Python raises TypeError)."""
    if isinstance(value, ListLiteral) or type(value) is SetLiteral:
        return False
    return not isinstance(value, tuple) or isinstance(value, FrozenSetLiteral) or all(map(hashable_literal, value))


def in_order(value: object) -> bool:
    """Whether Python walks a literal tuple (or string) in the order the model holds it: a set of
    two or more items it walks in an order of its own (`SetLiteral`)."""
    return not isinstance(value, SetLiteral) or value.ordered()


@dataclass(frozen=True)
class Lit:
    """A literal: bool, int, float, str, None, or a tuple of those."""

    value: object

    def __repr__(self) -> str:
        return f"Lit({self.value!r})"


@dataclass(frozen=True)
class Truth:
    """The truth value of a term: a boolean atom."""

    term: Term


@dataclass(frozen=True)
class Compare:
    """`left op right` where op is one of ==, !=, <, <=, >, >=, in, not in, is, is not."""

    left: Union[Term, Lit]
    op: str
    right: Union[Term, Lit]


@dataclass(frozen=True)
class Not:
    arg: "Formula"


@dataclass(frozen=True)
class And:
    args: tuple["Formula", ...]


@dataclass(frozen=True)
class Or:
    args: tuple["Formula", ...]


@dataclass(frozen=True)
class Ite:
    """`then if cond else other`, for formulas and for values alike."""

    cond: "Formula"
    then: "Value"
    other: "Value"


@dataclass(frozen=True)
class Named:
    """An inlined helper (a property, a method, a local decision variable): transparent for
    evaluation, kept so rules can name it and reports can show where a value came from."""

    name: str
    body: "Value"
    line: int
    kind: str = "property"  # property | method | local


@dataclass(frozen=True)
class Item:
    """One element of a sequence value, present where `cond` holds. `uid` names the statement
    that put it there, so two versions of one list merge item by item after an `if`."""

    uid: int
    cond: "Formula"
    value: "Value"


@dataclass(frozen=True)
class Seq:
    """A list or tuple whose elements are known per region: the present items, in order."""

    items: tuple[Item, ...]
    kind: Literal["list", "tuple"] = "list"


Formula = Union[Lit, Truth, Compare, Not, And, Or, Ite, Named]
Value = Union[Term, Lit, Truth, Compare, Not, And, Or, Ite, Named, Seq]


_EQUAL = threading.local()  # `pairs`: the (id, id) pairs one comparison has found equal


def _canonical(value: object) -> object:
    """A hashable stand-in for a value holding dicts, lists or sets: equal values give equal ones."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((repr(_canonical(k)), _canonical(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_canonical(v) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted((_canonical(v) for v in value), key=repr)))
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def _cache_hash(cls: type) -> type:
    """Formulas are trees hashed again and again by memo tables: compute each node's hash once."""
    fields_of = operator.attrgetter(*[f.name for f in fields(cls) if f.compare])  # one C call for all
    name = cls.__name__

    def __hash__(self) -> int:
        # getattr, not `self.__dict__`: asking for the dict makes one for every node (the
        # attributes are kept inline otherwise), ~100 bytes each over millions of nodes
        h = getattr(self, "_hash", None)
        if h is None:
            try:
                h = hash((name, fields_of(self)))
            except TypeError:  # a literal dict (an outcome `{"BLOCK_SIZE_M": 64}`): by its items, in any order
                h = hash((name, _canonical(fields_of(self))))
            object.__setattr__(self, "_hash", h)
        return h

    def __getstate__(self) -> dict:  # the cached hash is this process's (string hashes are salted)
        state = dict(self.__dict__)
        state.pop("_hash", None)
        return state

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        # unequal values mostly differ in their (cached) hashes: no walk of two DAGs to learn it
        # (in a tuple, as the generated `__eq__` compares: identity first, so one NaN equals itself)
        try:
            if hash(self) != hash(other):
                return False
        except TypeError:  # a literal that cannot be hashed is still compared, as before
            pass
        # two equal DAGs built apart share no nodes: the same pair of subformulas is met again
        # along every path to it, and a comparison of the trees is exponential (five `try` blocks
        # assigning one local: 27 million comparisons, 30 s). Pairs found equal are remembered
        # while the outermost comparison runs (its operands keep every id alive meanwhile).
        pairs = getattr(_EQUAL, "pairs", None)
        key = (id(self), id(other))
        if pairs is not None and key in pairs:
            return True
        outermost = pairs is None
        if outermost:
            pairs = _EQUAL.pairs = set()
        try:
            same = (fields_of(self),) == (fields_of(other),)
            if same:
                pairs.add(key)
            return same
        finally:
            if outermost:
                _EQUAL.pairs = None

    cls.__hash__ = __hash__  # type: ignore[assignment]
    cls.__eq__ = __eq__  # type: ignore[assignment]
    cls.__getstate__ = __getstate__  # type: ignore[attr-defined]
    return cls


for _node in (Term, Lit, Truth, Compare, Not, And, Or, Ite, Named, Item, Seq):
    _cache_hash(_node)

TRUE = Lit(True)
FALSE = Lit(False)


# ---------------------------------------------------------------- decision models


@dataclass(frozen=True)
class Note:
    """Something the extractor could not model exactly, at a source line."""

    line: int
    message: str


# named: a CONSTANT_CASE attribute of an imported name the model cannot see into (`Order.FAST`
# with `Order` from outside the tree): it is the outcome its name says, as a member is
_DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")  # an input passed through: `cfg.backend`

OutcomeKind = Literal["member", "named", "literal", "term", "list", "dict", "raise", "none", "opaque", "unassigned"]


@dataclass(frozen=True)
class Outcome:
    """What a branch selects: an enum member, a literal, an input value (a term the function
    passes through, such as a user's explicit choice), an ordered list of candidates, or an
    exception."""

    text: str  # as people read it: `SharedExpertsOrder.NO_OVERLAP`, `'SLOW'`, `[A.X, A.Y]`
    kind: OutcomeKind
    items: tuple["Outcome", ...] = ()  # for lists; for a dict, its values (a "dict" holds one not constant)
    term: Term | None = None  # for kind "term": the input it passes through
    keys: tuple[str, ...] = ()  # for a dict: its keys' texts, in order (`repr`), beside `items`

    @property
    def short(self) -> str:
        """`NO_OVERLAP` for `SharedExpertsOrder.NO_OVERLAP`; lists show their items' short names."""
        if self.kind == "list":
            return "[" + ", ".join(i.short for i in self.items) + "]"
        if self.kind in ("member", "named", "raise") or (self.kind == "term" and _DOTTED_NAME.fullmatch(self.text)):
            return self.text.rsplit(".", 1)[-1]
        return self.text  # (round 44: `f'{n:05.1f}'` showed as `1f}'`)


@dataclass(frozen=True)
class Branch:
    """One arm of a first-match chain: `guard` selects `outcome` at `line`."""

    index: int
    guard: Formula
    outcome: str  # the outcome's text (`result.text`), kept for readers of older fields
    line: int
    col: int
    source: tuple[tuple[int, str], ...]  # (line, text) of the guard and the return, for reports
    kind: Literal["return", "raise", "assert", "default", "value"] = "return"
    guard_line: int = 0  # the line of the innermost `if` that guards it (0: none)
    result: Outcome | None = None


@dataclass(frozen=True)
class Computation:
    """A value a statement computes whatever guards read it (`k = 6 // n`; `a, b = mode`,
    `length` 2): where facts make Python raise there, the branches from `first` on do not fire
    where `guard` holds (`check.Query.build`)."""

    value: "Value"
    guard: "Formula"
    line: int
    first: int  # the first branch the computation precedes
    length: int | None = None  # the count of items unpacking it needs
    reads: frozenset[str] = frozenset({"*"})  # what a fact must give for it to raise ("*": any fact)


@dataclass(frozen=True)
class DecisionModel:
    """The first-match chain of one target: the first branch whose guard holds fires."""

    target: str  # as written by the user: path::Qualname[:variable]
    path: str
    qualname: str
    variable: str | None
    line: int  # the def line
    branches: tuple[Branch, ...]
    notes: tuple[Note, ...] = ()
    helpers: tuple[Named, ...] = ()  # every inlined helper and local decision variable
    end_line: int = 0  # the last line of the function
    ignored_calls: tuple[tuple[int, str], ...] = ()  # (line, call) known not to change the decision
    declared: tuple[str, ...] = ()  # every outcome the returned enum declares (members no branch returns too)
    inputs: tuple[Term, ...] = ()  # every path the function reads or writes (facts may name any of them)
    unfollowed: tuple[str, ...] = ()  # texts of calls into the tree's code that the model did not follow
    axioms: tuple["Formula", ...] = ()  # what holds in every run between atoms of the guards: `isinstance(x, Leaf)`
    # implies `isinstance(x, Mid)` where Leaf subclasses Mid
    computations: tuple[Computation, ...] = ()  # values statements compute, which facts may make raise
    lookups: tuple = ()  # (mapping, its version, key, `d.get(k, ...)` read, default): of mappings the model does not hold
    memberships: tuple = ()  # (mapping, its version, key, `k in d`)
    definitions: tuple[tuple[str, str, str], ...] = ()  # diff: (atom of a global read as one value, its module, its name)
    getattr_defaults: tuple[tuple[str, str, str], ...] = ()  # diff: (object, attribute, the default `getattr` gives)
    # diff: (an enum the model reads members of, as named, its aliases: (name, the member it names))
    enum_aliases: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # diff: atoms read as inputs that are an attribute a class of the tree binds itself, which no method
    # writes on an instance (`self.limit` of `limit = 4`, set again by `Sub.limit = 2`): a value code
    # fixes that the model did not compute
    uncomputed: tuple[str, ...] = ()
    # check: (object, attribute, `hasattr(o, a)` read), which a fact giving `o.a` a value makes true; (object, attribute,
    # `getattr(o, a, d)` read as `o.a`, d); (mapping, its version, key, `k in d` of a key looked up that the function
    # does not test itself), whose lookups follow a fact on it as they follow the function's own test
    attribute_tests: tuple[tuple[str, str, Term], ...] = ()
    getattr_reads: tuple[tuple[str, str, Term, "Value"], ...] = ()
    membership_tests: tuple = ()
    rebound_locals: tuple[str, ...] = ()  # locals of the function bound on more than one line (a fact cannot tell which)

    @property
    def outcomes(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for branch in self.branches:
            seen.setdefault(branch.outcome, None)
        return tuple(seen)

    @property
    def short_name(self) -> str:
        return self.qualname + (f":{self.variable}" if self.variable else "")


# ---------------------------------------------------------------- rules and findings


@dataclass(frozen=True)
class Range:
    """A fact's value: any number from `min` to `max` (both included; None: unbounded)."""

    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class PolicyStep:
    when: str
    then: str


@dataclass(frozen=True)
class RuleExample:
    """A rule self-test: source text and the verdict the rule must reach on it."""

    source: str
    verdict: str  # pass | fail | undetermined | error (the rule must be a configuration error on it)
    name: str = ""
    # fail: the line (in `source`) the finding must name: the branch that fires, or for
    # `reachable` the branch that nothing selects
    branch_line: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    path: str  # target file, relative to the root
    function: str  # Qualname[:variable]
    location: Location  # where the rule is written (rule file and line)
    message: str = ""
    severity: str = "error"
    given: tuple[tuple[str, object], ...] = ()
    expect: str | None = None
    forbid: tuple[str, ...] = ()
    reachable: tuple[str, ...] = ()
    order: tuple[PolicyStep, ...] = ()
    otherwise: str | None = None
    first: str | None = None  # the selected list's first candidate
    before: tuple[tuple[str, str], ...] = ()  # (X, Y): where Y is in the selected list, X is, and earlier
    contains: tuple[str, ...] = ()  # candidates the selected list must hold
    examples: tuple[RuleExample, ...] = ()
    key_lines: tuple[tuple[str, int], ...] = ()  # line of each fact / key in the rule file
    pure_calls: tuple[str, ...] = ()  # the rule file's `pure-calls`: calls assumed to change nothing

    def line_of(self, key: str | None) -> Location:
        line = dict(self.key_lines).get(key or "", self.location.line)
        return Location(self.location.path, line)

    @property
    def target(self) -> str:
        return f"{self.path}::{self.function}"


@dataclass(frozen=True)
class Finding:
    """The code violates a rule (exit 1 for errors)."""

    rule_id: str
    severity: str  # error | warning
    location: Location  # the branch that fired (or the shadowed branch)
    title: str  # one line: what the rule says
    expected: str | None = None
    expected_line: int | None = None
    actual: str | None = None
    actual_line: int | None = None
    source: tuple[tuple[int, str], ...] = ()  # source lines of the branch that fired
    because: tuple[str, ...] = ()  # lines explaining why the guard held
    scenario: tuple[tuple[str, str], ...] = ()  # (atom, value) shown to the user
    rule_location: Location | None = None
    target: str = ""
    detail: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    # violated: running the code under the counterexample takes the wrong path; undetermined:
    # it may, depending on code the model does not see (named in `unknowns`)
    verdict: Literal["violated", "undetermined"] = "violated"
    unknowns: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()  # calls assumed not to change the facts the counterexample needs


def join_versions(*versions: str) -> str:
    """One version for a value read after several events: each event once, in first-seen order
    (a composite version is `a|b`; joining composites again must not repeat their parts, or a
    function that reads one value after many calls builds strings that grow with every read)."""
    if len(versions) == 1 and "|" not in versions[0]:  # most reads: one event, nothing to join
        return versions[0]
    parts: dict[str, None] = {}
    for version in versions:
        if version:
            parts.update(dict.fromkeys(version.split("|")))
    return "|".join(parts)


def short_outcome(text: str) -> str:
    """An outcome as a table shows it: `Order.NO_OVERLAP` -> `NO_OVERLAP`, a list of enum members
    -> `[FLASH_ATTN, FLASHINFER]`; strings, numbers and calls stay as written."""
    def short(node: ast.expr, source: str) -> str:
        if isinstance(node, (ast.List, ast.Tuple)):
            inner = ", ".join(short(e, source) for e in node.elts)
            if isinstance(node, ast.Tuple) and len(node.elts) == 1:
                inner += ","
            return f"[{inner}]" if isinstance(node, ast.List) else f"({inner})"
        if isinstance(node, ast.Attribute) and node.attr in ("value", "name") and isinstance(node.value, ast.Attribute) \
                and dotted(node.value) is not None:
            return f"{node.value.attr}.{node.attr}"  # (diff: a member handed out as its value, `FLASH.value`)
        if isinstance(node, ast.Attribute) and dotted(node.value) is not None:
            return node.attr
        return ast.get_source_segment(source, node) or source

    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return text
    try:
        return short(tree.body, text.strip())
    finally:
        del short  # it calls itself: a cycle otherwise, left to the collector


def is_nan(value: object) -> bool:
    """A float NaN: the one number the model leaves out (it takes every number to equal itself,
    and `x > 1` or `x <= 1` to hold). Facts refuse it, a value computed to it is unknown, a
    comparison or a containment test with it is not folded."""
    return isinstance(value, float) and value != value


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a name or a chain of attributes of one; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def first_order_change(old: str, new: str) -> tuple[int, str | None, str | None] | None:
    """Where two list outcomes first differ: (position from 1, old element, new element; None past
    the end), or None when either is not a list or they are equal."""
    lists = []
    for text in (old, new):
        shown = short_outcome(text)
        try:
            node = ast.parse(shown, mode="eval").body
        except SyntaxError:
            return None
        if not isinstance(node, (ast.List, ast.Tuple)):
            return None
        lists.append([ast.get_source_segment(shown, e) for e in node.elts])
    a, b = lists
    for i in range(max(len(a), len(b))):
        x, y = (a[i] if i < len(a) else None), (b[i] if i < len(b) else None)
        if x != y:
            return i + 1, x, y
    return None
