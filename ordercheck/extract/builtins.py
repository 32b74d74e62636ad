"""Builtins: folded where their arguments are known (`len` of a known list, `str` of a literal,
`any`/`all` over a known sequence, `range` of literals), atoms of their own text elsewhere."""

from __future__ import annotations

import ast
import functools
import itertools

from ..computed import BUILTINS as _COMPUTED_BUILTINS  # builtins an atom may be computed by
from ..computed import operands
from ..formula import alternatives, arms, collapse, compare, conj, disj, neg, render, terms_all, truth
from ..model import FALSE, TRUE, Formula, FrozenSetLiteral, Item, Ite, ListLiteral, Lit, Named, Seq, SetLiteral, Term, Value, dotted, in_order, \
    join_versions
from ..pythons import same_sum, stable, unicode_alike
from .index import folding_pow
from .state import State
from .values import (
    _scalar,
    _Starred,
    ClassRef,
    Closure,
    FunctionRef,
    Mapping,
    Ref,
    held_class,
    new_uid,
    seq_count,
)

_MISSING = object()
_MAX_ARMS = 8  # values a builtin's argument may hold, each computed apart
_MAX_SPLIT = 6  # conditional items of a list a literal's method is folded over, case by case


class _Builtin:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:  # as an argument in an atom's text: `isinstance(x, str)`
        return self.name


_BUILTINS = {
    "len", "bool", "getattr", "hasattr", "isinstance", "issubclass", "str", "int", "float", "list", "tuple",
    "any", "all", "range", "min", "max", "abs", "print", "sorted", "reversed", "callable", "type", "repr",
    "set", "frozenset", "dict", "sum", "round", "id", "hash", "enumerate", "zip", "iter", "next", "super",
    "setattr", "delattr", "vars", "globals", "locals", "open", "format", "pow", "ord", "chr", "hex", "oct", "bin",
}
# methods of str / tuple literals that only compute: folded when every argument is a literal


class _LiteralMethod:
    """A method of a literal (`"".upper`), as `(cfg.m or "").upper` gives for one of its
    alternatives: the call computes a value from the literal and changes nothing."""

    __slots__ = ("value", "name")

    def __init__(self, value: object, name: str) -> None:
        self.value, self.name = value, name

    def __repr__(self) -> str:
        return f"{self.value!r}.{self.name}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _LiteralMethod) and type(other.value) is type(self.value) \
            and other.value == self.value and other.name == self.name

    def __hash__(self) -> int:
        return hash((type(self.value), self.value, self.name))


def _pure_method(value: object, name: str) -> bool:
    """A method of a str, tuple, number or set of literals, which computes a value and changes nothing."""
    if isinstance(value, SetLiteral):
        return name in _SET_METHODS
    if isinstance(value, ListLiteral):  # (a list constant: what reads it; round 35, `PRIORITY.index(x)` was an input)
        return name in ("index", "count")
    return type(value) in (str, tuple, int, float) and not name.startswith("_") and bool(stable(value, name)) \
        and callable(getattr(value, name))


_SET_METHODS = frozenset({"isdisjoint", "issubset", "issuperset", "union", "intersection", "difference", "symmetric_difference",
                          "copy"})


def _walked_in_order(value: object) -> bool:
    """Whether Python walks a literal, and every tuple in it, in the order the model holds it."""
    return in_order(value) and (not isinstance(value, tuple) or all(_walked_in_order(v) for v in value))


def _holds_literal(value: object) -> bool:
    if isinstance(value, tuple):
        return all(_holds_literal(v) for v in value)
    return value is None or type(value) in (bool, int, float, str)


def _folded(value: object, name: str, args: list) -> Lit | Seq | Exception | None:
    """`value.name(*args)` of literals, as a literal (a list as the `Seq` of a new list object's
    items), or what it raises; None for a value no literal holds (`"x".encode()`)."""
    if not unicode_alike(value, *[a.value for a in args]):
        return None  # (what a method says of a character outside ASCII: the Python's Unicode database)
    try:
        python = (frozenset if isinstance(value, FrozenSetLiteral) else set)(value) if isinstance(value, SetLiteral) else value
        result = getattr(python, name)(*[a.value for a in args])
    except Exception as exc:  # noqa: BLE001 - the program raises it there
        return exc
    if isinstance(result, list):  # (round 27: as a tuple, `"a b".split()` refused `.append` and item writes)
        return Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in result), "list") if _holds_literal(tuple(result)) else None
    result = FrozenSetLiteral(result) if isinstance(result, frozenset) else SetLiteral(result) if isinstance(result, set) else result
    return Lit(result) if _holds_literal(result) else None


def literal_method_of(value: Lit, name: str) -> _LiteralMethod | None:
    return _LiteralMethod(value.value, name) if _pure_method(value.value, name) else None


_ENUM_BASES = {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "enum.Enum", "enum.IntEnum", "enum.StrEnum",
               "enum.Flag", "enum.IntFlag", "ReprEnum", "enum.ReprEnum"}


_OWN_CLASSES = {t.__name__: t for t in (int, bool, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset,
                                         type, range, slice, memoryview)}
_OWN_BASES = {**{n: t for n, t in _OWN_CLASSES.items() if n != "bool"}, "IntEnum": int, "IntFlag": int, "StrEnum": str}


def _builtin_type(value: Value, module) -> type | None:
    """The class of Python's own a name reads (`int` where the module binds no `int`), or None."""
    if isinstance(value, _Builtin):
        return _OWN_CLASSES.get(value.name)
    if isinstance(value, Term) and value.kind in ("name", "attr") and not value.is_opaque and not value.version:
        return _stdlib_classes().get(stdlib_name(value.text, module, ()) or "")  # (`collections.OrderedDict`)
    return None


@functools.lru_cache(maxsize=1)
def _stdlib_classes() -> dict[str, type]:
    """Classes of the standard library an `isinstance` may name: concrete ones, and the number
    ABCs, of which Python's own numbers are instances (`bool` a `numbers.Number`; round 35: a
    counterexample had it none). Of an ABC only what Python's classes imply is taken (any class
    may be registered as a virtual subclass: `_apart` never holds of one)."""
    import collections
    import decimal
    import fractions
    import numbers

    return {f"collections.{c.__name__}": c for c in (collections.OrderedDict, collections.defaultdict, collections.Counter,
                                                    collections.deque)} | {"decimal.Decimal": decimal.Decimal,
                                                                           "fractions.Fraction": fractions.Fraction} \
        | {f"numbers.{c.__name__}": c for c in (numbers.Number, numbers.Complex, numbers.Real, numbers.Rational, numbers.Integral)}


# subscripted `typing` forms `isinstance` refuses on every Python 3.11+ (`Union[...]`, `Optional[...]` it takes)
_REFUSED_GENERICS = frozenset(f"typing.{n}" for n in (
    "List", "Dict", "Set", "FrozenSet", "Tuple", "Type", "Sequence", "Mapping", "MutableMapping", "MutableSequence",
    "Iterable", "Iterator", "Callable", "Literal", "Annotated", "ClassVar", "Final", "DefaultDict", "OrderedDict", "Deque"))


def _apart(a: type, b: type) -> bool:
    """Whether no object is an instance of both (no class can derive from both: `int` and `str`,
    `bool` and anything but its bases), as Python itself says."""
    try:
        type("_Both", (a, b), {})
    except TypeError:
        return True
    return False


_NO_LENGTH = Term("<no length>", 0, "opaque")  # an alternative whose length `len` does not know


def lookup_axioms(lookups: dict, memberships: dict) -> list[Formula]:
    """What lookups of mappings the model does not hold imply (`lookups`: (mapping, version, key)
    -> [(`d.get(k, ...)` read, its default)]; `memberships`: the same key -> `k in d`): the
    lookup is its default where `k in d` is false, and one key looked up twice holds the value
    the mapping holds, or each lookup its own default (`env.get(k, "0")` and `env.get(k, "")`
    are never "1" and "" at once). `diff` asks it of both versions' lookups together."""
    out = []
    for key, found in lookups.items():
        present = memberships.get(key)
        for i, (value, default) in enumerate(found):
            if present is not None and default != SUBSCRIPT:
                out.append(disj(present, compare(value, "==", default)))
                if key[0] == ENVIRONMENT and isinstance(default, Lit) and not isinstance(default.value, str):
                    # a key the environment holds gives a string, never the default (`os.environ.get(k)
                    # is None and k in os.environ` never holds)
                    out.append(disj(neg(present), compare(value, "!=", default)))
            for other, other_default in found[i + 1:]:
                if SUBSCRIPT in (default, other_default):
                    # `d[k]` (which raises where k is missing) and `d.get(k, x)`: one value where k
                    # is in d (round 13: `os.environ.get(k, "0")` -> `k in os.environ and
                    # os.environ[k]` gave regions no environment gives)
                    if present is not None:
                        out.append(disj(neg(present), compare(value, "==", other)))
                    continue
                out.append(disj(compare(value, "==", other), conj(compare(value, "==", default), compare(other, "==", other_default))))
                if key[0] == ENVIRONMENT:  # (its values are strings: a lookup giving None found no key; round 27,
                    # `os.environ.get(k) or "flash"` -> `os.environ.get(k, "flash")` listed an environment holding None;
                    # any default that is no str: fuzz round 36, `os.getenv(k, 0) == 0` beside `os.environ.get(k)` set)
                    for a, a_default, b, b_default in ((value, default, other, other_default), (other, other_default, value, default)):
                        if isinstance(a_default, Lit) and a_default != SUBSCRIPT and not isinstance(a_default.value, str):
                            out.append(disj(compare(a, "!=", a_default), compare(b, "==", b_default)))
    return out


def attribute_axioms(tests: dict, reads: dict) -> list[Formula]:
    """What `hasattr(o, a)` and `getattr(o, a, d)` read as `o.a` imply (`tests`: (object, attribute,
    version) -> the `hasattr` read; `reads`: the same key -> [(the read, d)]): where `hasattr` is
    false, `getattr` gives d. Both catch the AttributeError of one attribute read, which the model
    takes to give what it gave before (as it takes two reads of `o.a` to be one value), whatever
    the object's class (a `__getattr__` or a property included). Round 36: free of each other, a
    scenario had no attribute `mode` and `getattr(cfg, "mode", "auto")` other than "auto"."""
    out = []
    for key, found in reads.items():
        test = tests.get(key)
        if test is not None:
            out += [disj(truth(test), compare(value, "==", default)) for value, default in found]
    return out


ENVIRONMENT = "os.environ"  # the mapping key (`mapping_key`) of the environment, whose every value is a str


def lookup_axioms_across(models, read: set[str] | None = None) -> list[Formula]:
    """`lookup_axioms` of the lookups of several models taken together, one key of one mapping
    whatever version of the mapping each read: the two versions of the code (`diff`), or one
    model's reads across calls taken to change nothing (`check`'s "assume" mode). Values are read
    collapsed (no versions); `read`: only lookups whose value, and memberships whose atoms, the
    guards read."""
    lookups: dict[tuple, list] = {}
    memberships: dict[tuple, object] = {}
    for model in models:
        for mapping, _version, key, value, default in model.lookups:
            value = collapse(value, evaluations=True)
            if isinstance(value, Term) and (read is None or value.text in read) and (value, default) not in lookups.get((mapping, key), []):
                lookups.setdefault((mapping, key), []).append((value, default))
        for mapping, _version, key, present in model.memberships:
            present = collapse(present, evaluations=True)
            if read is None or all(t.text in read for t in terms_all(present)):
                memberships.setdefault((mapping, key), present)
    if not any(len(found) > 1 for found in lookups.values()) and not memberships:
        return []
    return lookup_axioms(lookups, memberships)


SUBSCRIPT = Lit(("<subscript>",))  # the "default" of a lookup `d[k]` (`lookups`): none, it raises


def _raised_class(exit) -> type | None:
    """Python's own exception class a `raise` exit names (`AttributeError`), or None where the
    model cannot tell (a class of the tree, a bare `raise`)."""
    import builtins

    name = exit.value.text if isinstance(exit.value, Term) else ""
    found = getattr(builtins, name, None) if "." not in name else None
    return found if isinstance(found, type) and issubclass(found, BaseException) else None


class BuiltinsMixin:
    def catching_attribute_error(self, read, st: State, node: ast.AST, what: str):
        """`read()` (an attribute read, which may inline a property) run as `getattr`'s default and
        `hasattr` run it: the AttributeErrors it raises are no exits of the target but caught there;
        any other exception still leaves. Returns its value and the condition under which it raised
        an AttributeError (round 31: a property's `raise AttributeError` was an exit past
        `getattr(obj, "p", None)`). A raise of a class the model cannot tell is caught where an
        opaque atom says so."""
        mark, computed = len(self.exits), len(self.computations)
        path, dead, depth = st.path, st.dead, self.try_depth
        self.try_depth = 0  # (the caught condition carries no "not caught" atom of an enclosing `try`)
        try:
            value = read()
        finally:
            self.try_depth = depth
        if depth:  # (computations inside a `try` are not recorded: its handlers run under an atom)
            del self.computations[computed:]
        kept, caught = [], []
        for exit in self.exits[mark:]:
            cls = _raised_class(exit) if exit.kind == "raise" else None
            if exit.kind != "raise" or (cls is not None and not issubclass(cls, AttributeError)):
                kept.append(exit)
                continue
            if cls is not None:
                caught.append((exit.guard, exit))
                continue
            line = exit.line
            atom = self.opaque_atom(f"<the {render(exit.value)} at line {line} is an AttributeError>", line, node)
            caught.append((conj(exit.guard, atom), exit))
            exit.guard = conj(exit.guard, neg(atom))
            kept.append(exit)
        if depth:
            for exit in kept:  # as `raise_exit` guards them inside a `try`
                exit.guard = conj(exit.guard, truth(Term(f"<the {render(exit.value)} at line {exit.line} is not caught>",
                                                         exit.line, "opaque")))
        if not caught:
            return value, FALSE
        staying = {id(e) for e in kept}
        removed = [i for i, e in enumerate(self.exits[mark:], mark) if id(e) not in staying]
        self.exits[mark:] = kept
        self.computations[:] = [(*c[:3], c[3] - sum(1 for i in removed if i < c[3]), *c[4:]) for c in self.computations]
        raised = disj(*(cond for cond, _ in caught))
        from .heap import Heap

        for cond, exit in caught:  # what the code changed before it raised stays changed
            st.heap = Heap.merge(cond, exit.state.heap, st.heap)
            for oid, held in exit.state.objects.items():
                if st.objects.get(oid, held) != held:
                    st.objects[oid] = None
        st.path, st.dead = path, dead  # (it goes on where the read raised an AttributeError)
        self.note(getattr(node, "lineno", 0), "caught:" + what, f"`{what}` catches the AttributeError the attribute's code may raise")
        return value, raised

    def member_isinstance(self, member: Term, kind: Value, st: State) -> bool | None:
        """`isinstance(Backend.X, Enum)` is true; against another class of the tree, whether
        that class is the member's enum or one of its bases."""
        info = self.member_enum(member)
        text = kind.text if isinstance(kind, (Term, ClassRef)) else kind.name if isinstance(kind, _Builtin) else None
        if text in _ENUM_BASES or text in ("object",):
            return True
        if isinstance(kind, ClassRef) and info is not None:
            return kind.info in self.mro(info)
        if text in ("type", "int", "str", "float", "list", "tuple", "dict", "bytes") and info is not None:
            mixins: set[str] = set()
            for cls in self.mro(info):
                for base in cls.bases:
                    short = base.rpartition(".")[2]
                    if self.class_by_name(base, cls.module) is not None:
                        continue
                    if short in ("str", "StrEnum"):
                        mixins.add("str")
                    elif short in ("int", "IntEnum", "IntFlag"):
                        mixins.add("int")
                    elif short in ("float", "bytes", "tuple"):
                        mixins.add(short)
                    elif short not in _ENUM_BASES and short != "object":
                        return None  # (a base the model does not know: what its members are instances of)
            # (round 24: `isinstance(B.FLASH, str)` of `class B(str, Enum)` was false)
            return text in mixins or (text == "int" and info.int_like)
        return None

    def plain_class(self, info) -> bool:
        """A class whose instances `isinstance` and `type` judge by the tree's own classes alone:
        every base on the way is a class of the tree (or `object`), none has a metaclass or a
        `__new__` (calling it returns an instance of it; `isinstance` against it is the bases').
        Enums aside."""
        chain = self.mro(info)
        for cls in chain:
            if cls.is_enum or "__new__" in cls.methods or any(k.arg == "metaclass" for k in cls.node.keywords) \
                    or not cls.namespace_known:  # (a body writing its namespace may bind `__new__`: round 34)
                return False
            if any(self.class_by_name(base, cls.module) is None for base in cls.bases if base != "object"):
                return False
        return len(chain) < 16

    def nominal(self, info) -> bool:
        """A class whose instances are those of its subclasses only: no metaclass on the way, no
        ABC or Protocol base the tree names (those take virtual and structural instances). A
        base outside the tree is taken to keep `isinstance` nominal (documented)."""
        for cls in self.mro(info):
            if any(k.arg == "metaclass" for k in cls.node.keywords):
                return False
            if any(base.rsplit(".", 1)[-1] in ("ABC", "Protocol", "ABCMeta") for base in cls.bases):
                return False
        return True

    def axioms(self) -> list[Formula]:
        """What holds in every run between atoms the function read: the classes' (`class_axioms`),
        and `d.get(k)` is its default wherever `k in d` is false, `getattr(o, a, d)` wherever
        `hasattr(o, a)` is."""
        return self.class_axioms() + lookup_axioms(self.lookups, self.memberships) \
            + attribute_axioms(self.attribute_tests, self.getattr_reads)

    def class_axioms(self) -> list[Formula]:
        """`isinstance(x, Leaf)` implies `isinstance(x, Mid)` for every two checks of one object
        read where Mid is a base of Leaf (a nominal class): without it a configuration where
        x is a Leaf and no Mid is a counterexample no run gives, and a check of a subclass after
        its base's is not seen to be shadowed."""
        out = []
        for read, checks in self.instance_checks.items():
            for sub, sub_atom in checks.items():
                if not self.nominal(sub):
                    continue
                # None is an instance of no class of the tree (a fact that the check holds and a
                # counterexample with the object None: exploratory fuzz round 5)
                out.append(disj(neg(truth(sub_atom)), compare(self.checked_objects[read], "is not", Lit(None))))
                chain = self.mro(sub)
                for base, base_atom in checks.items():
                    if base is not sub and base in chain:
                        out.append(disj(neg(truth(sub_atom)), truth(base_atom)))
        # `type(x) is Leaf`: x is an instance of Leaf's bases, and (classes whose checks are
        # their bases alone) of no other class
        for read, compares in self.class_compares.items():
            checks = self.instance_checks.get(self.type_reads.get(read, ("", "")), {})
            for cls, same in compares.items():
                chain = self.mro(cls)
                for kind, atom in checks.items():
                    if kind in chain:
                        out.append(disj(neg(same), truth(atom)))
                    elif self.plain_class(cls) and self.plain_class(kind):
                        out.append(disj(neg(same), neg(truth(atom))))
        # Python's own classes (round 35: `isinstance(v, bool)` without `isinstance(v, int)`, an
        # IntEnum's member no int, `int` and `str` at once were counterexamples no object gives)
        for read, checks in self.__dict__.get("builtin_checks", {}).items():
            kinds = list(checks.items())
            # (a, the atom that the object is one, b, its atom): each pair both ways, and each class of
            # the tree through the classes of Python's own it derives from
            pairs = [(a, atom_a, b, atom_b) for a, atom_a in kinds for b, atom_b in kinds if a is not b]
            pairs += [(a, atom, b, atom_b) for cls, atom in self.instance_checks.get(read, {}).items()
                      for a in self.builtin_bases(cls) for b, atom_b in kinds]
            for a, atom_a, b, atom_b in pairs:
                if issubclass(a, b):
                    out.append(disj(neg(truth(atom_a)), truth(atom_b)))
                elif not issubclass(b, a) and _apart(a, b):
                    out.append(disj(neg(truth(atom_a)), neg(truth(atom_b))))
        return out

    def builtin_bases(self, cls) -> set[type]:
        """Python's own classes every instance of a class of the tree is one of (`IntEnum`: int)."""
        out = set()
        for c in self.mro(cls):
            for base in c.bases:
                found = _OWN_BASES.get(base.rsplit(".", 1)[-1])
                if found is not None and (base not in c.module.globals or base in _ENUM_BASES):
                    out.add(found)
        return out

    def instance_of(self, cls, kind: Value) -> bool | None:
        """`isinstance(x, kind)` for an instance of exactly `cls` (a plain class of the tree);
        None where `kind` is not a class of the tree, `object`, or a tuple of those."""
        kinds = kind.body if isinstance(kind, Named) else kind
        if isinstance(kinds, Seq) and all(i.cond == TRUE for i in kinds.items):
            answers = [self.instance_of(cls, i.value) for i in kinds.items]
            return True if True in answers else None if None in answers else False
        if held_class(kinds) is not None:
            if held_class(kinds).info in self.mro(cls):
                return True
            return False if self.plain_class(held_class(kinds).info) else None
        if isinstance(kinds, Term) and kinds.text in ("object", "builtins.object"):
            return True
        return None

    def enum_members(self, value: Value, node: ast.AST, st: State) -> Seq | None:
        """Iterating an enum class: its members in definition order, where the model can tell
        there are no aliases (every value a distinct literal) and nothing customises iteration."""
        if not _countable_enum(value):
            return None
        return Seq(tuple(Item(new_uid(), TRUE, self.class_attribute(value, m, node, st)) for m in value.info.members), "tuple")

    def enum_lookup(self, cls: Value, key: Value, by: str, node: ast.AST, st: State) -> Value | None:
        """`Kind(value)` (`by` "value") and `Kind[name]` (`by` "name") of a plain enum whose
        values are literals: the member whose value (name) equals `key`, and the ValueError
        (KeyError) Python raises where none does. None where it does not apply (the model then
        treats the call as unknown, the subscript as a value it does not know)."""
        if not (_plain_enum(cls) or _int_enum(cls)) or "__new__" in cls.info.methods:
            return None
        missing = by == "value" and "_missing_" in cls.info.methods  # asked only where no member's value is the key
        info = cls.info
        keys = list(info.members) if by == "name" else [info.member_values[m] for m in info.members]
        plain = all(b.rsplit(".", 1)[-1] == "Enum" for b in info.bases)  # (a mixin's values are of its type)
        if not (all(isinstance(k, str) for k in keys) or (by == "value" and (_int_enum(cls) or (
                plain and all(type(k) in (int, float, bool, str) or k is None for k in keys))))):
            return None
        key = self.load(key, st)
        from ..formula import compare, ite
        from .values import flatten

        if any(not isinstance(leaf, (Term, Lit)) or isinstance(leaf, Term) and leaf.kind == "member" for _, leaf in flatten(key)):
            return None  # a member (`Kind(Kind.X)`, or another enum's) or a value of another kind

        conds = [compare(key, "==", Lit(k)) for k in keys]
        members = [self.class_attribute(cls, m, node, st) for m in info.members]
        if missing:
            # no member's value: what `_missing_` returns (or the ValueError it leads to), unknown
            value: Value = self.unknown(node, f"the value {info.name}._missing_ gives")
            for cond, member in zip(reversed(conds), reversed(members)):
                value = ite(cond, member, value)
            return value
        self.raise_if(conj(*(neg(c) for c in conds)), st, "ValueError" if by == "value" else "KeyError", node)
        if st.dead:
            return Lit(None)
        value = members[-1]
        for cond, member in zip(reversed(conds[:-1]), reversed(members[:-1])):
            value = ite(cond, member, value)
        return value

    def literal_method(self, receiver: Lit, method: str, args: list, node: ast.Call, st: State) -> Value | None:
        """`"NAME".lower()`, `("a", "b").index("b")`, `"-".join(order)`: folded where every
        argument is a literal, or a list of literals that holds each item on some condition (one
        fold per case of the list); None when it does not apply."""
        if type(receiver.value) in (str, tuple, int, float, bool) and stable(receiver.value, method) is None and not st.dead:
            # (`(1).is_integer()`: an AttributeError on 3.11, True on 3.12; round 34)
            return self.unknown(node, f"`.{method}` of a {type(receiver.value).__name__}, which Python versions differ on")
        if type(receiver.value) in (str, tuple, int, float, bool) and stable(receiver.value, method) is False \
                and not st.dead:
            # `("a",).append("c")`, `"a".nope()`: no such method, AttributeError whatever the arguments
            # (round 27: the call's value was an atom, and an unread one never raised). A tuple may
            # be a module's list the model keeps as one: a list's method raises or not, unknown
            if not (isinstance(receiver.value, tuple) and hasattr(list, method)):
                self.raise_if(TRUE, st, "AttributeError", node)
                return Lit(None)
            self.raise_if(truth(Term(f"<`.{method}` at line {node.lineno} of a tuple, or of a list held as one>", node.lineno, "opaque")),
                          st, "AttributeError", node)
        if not _pure_method(receiver.value, method):
            return None
        loaded = [self.load(a, st) for a in args]
        if not isinstance(receiver.value, SetLiteral) and any(isinstance(a, Lit) and not _walked_in_order(a.value) for a in loaded):
            # (`"-".join({"a", "b"})`: the order Python walks the set in, which string hashing
            # changes from run to run; round 35)
            return self.unknown(node, f"`.{method}` of a set's items, in the order Python walks the set")
        if all(isinstance(a, Lit) for a in loaded):
            return self.fold_call(receiver.value, method, loaded, node, st)
        seq = loaded[0] if len(loaded) == 1 else None
        if isinstance(seq, Seq) and all(isinstance(i.value, Lit) for i in seq.items):
            chosen = [i for i in seq.items if i.cond != TRUE]
            if len(chosen) > _MAX_SPLIT:
                return None
            from ..formula import ite

            value: Value | None = None
            for present in itertools.product((True, False), repeat=len(chosen)):  # one fold per case of the list
                where = conj(*(i.cond if p else neg(i.cond) for i, p in zip(chosen, present)))
                if where == FALSE:
                    continue
                kept = set(id(i) for i, p in zip(chosen, present) if p)
                items = tuple(i.value.value for i in seq.items if i.cond == TRUE or id(i) in kept)
                one = self.literal_method(receiver, method, [Lit(items)], node, st)
                if one is None:
                    return None
                value = one if value is None else ite(where, one, value)
            return value
        if loaded and all(_input_free(a) for a in loaded):
            # of constants and members alone (`"{}".format(Lvl.HIGH)`: the member's `__format__`,
            # which Python versions differ on): what the program computes, no input (round 25)
            return self.unknown(node, f"`{method}` of constants the model does not compute")
        return None

    def fold_call(self, value: object, name: str, args: list, node: ast.Call, st: State) -> Value:
        """A method of a literal called with literals: its value, or the exception it raises
        (`"ab".index("q")`: ValueError, whatever the branch it stands in: fuzz judge)."""
        result = _folded(value, name, args)
        if isinstance(result, Exception):
            self.raise_if(TRUE, st, type(result).__name__, node)
            return Lit(None)
        if isinstance(result, Seq):
            return self.new_list(result, st)
        return result if result is not None else self.unknown(node, f"{value!r}.{name}(...)")

    def refusing_zip(self, value: Value) -> Formula | None:
        """Where a value is a `zip(..., strict=True)` (or an `enumerate` or `map` of one) whose
        sequences' lengths may differ: the condition that they do, where walking it to its end
        raises ValueError; None for any other value."""
        return self.__dict__.get("refusing_zips", {}).get(value.text) if isinstance(value, Term) else None

    def strict_zip(self, loaded: list, kwargs: dict, node: ast.Call, st: State) -> Value | None:
        """`zip(..., strict=True)` of sequences whose lengths the model cannot prove equal: a value
        the known walks to its end (`for`, `list(...)`, a comprehension) raise ValueError of where
        the lengths differ (per path: `xs.append(x)` under a condition); as any other use may walk
        it to its end, a ValueError the model cannot rule out where it is made. None where the
        lengths are equal, or the call is no strict zip (round 45: `enumerate(zip(...))`, a list
        of a condition's length, were no raise)."""
        strict = self.load(kwargs["strict"], st) if "strict" in kwargs else None
        if set(kwargs) != {"strict"} or not (isinstance(strict, Lit) and strict.value) or len(loaded) < 2:
            return None
        line = node.lineno
        counts = [_lengths(arg) for arg in loaded]
        if any(c is None for c in counts):
            return None  # (of inputs, taken to be accepted, as any value from an input is)
        evaluation = self.evaluation(node)
        unknown = truth(Term(f"<the lengths zipped at line {line} differ>", line, "opaque", evaluation))
        differ = disj(*(conj(fa, fb, unknown) if na is None or nb is None else conj(fa, fb)
                        for a, b in itertools.combinations(counts, 2)
                        for na, fa in a.items() for nb, fb in b.items() if na != nb or na is None))
        if differ == FALSE:
            return None
        refusing = Term(f"<zip(...) at line {line}{', ' + evaluation if evaluation else ''}, which may raise ValueError at its end>",
                        line, "opaque")
        self.__dict__.setdefault("refusing_zips", {})[refusing.text] = differ
        walked = truth(Term(f"<the zip at line {line} is walked to its end>", line, "opaque", evaluation))
        self.raise_if(conj(differ, walked), st, "ValueError", node)
        return refusing

    def passing_refusal(self, name: str, loaded: list, node: ast.Call) -> Value | None:
        """`enumerate(z)`, `map(f, z)` of a refusing zip `z`: walked to its end, it walks `z` to its."""
        refusal = self.refusing_zip(loaded[0]) if name == "enumerate" and len(loaded) in (1, 2) else \
            self.refusing_zip(loaded[1]) if name == "map" and len(loaded) == 2 else None
        if refusal is None:
            return None
        value = Term(f"<{name}(...) at line {node.lineno} of {loaded[0 if name == 'enumerate' else 1].text}>", node.lineno, "opaque")
        self.refusing_zips[value.text] = refusal
        return value

    def literal_call(self, method: _LiteralMethod, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        """A method of a literal called: its value where every argument is known; else a value
        computed from them (an atom of its text), or unknown where Python would raise."""
        loaded = [self.load(a, st) if not isinstance(a, _Starred) else a for a in args]
        if not kwargs and all(isinstance(a, Lit) for a in loaded):
            return self.fold_call(method.value, method.name, loaded, node, st)
        if all(_input_free(a) for a in [*loaded, *kwargs.values()]):  # (as `literal_method`)
            return self.unknown(node, f"`{method.name}` of constants the model does not compute")
        text, versions = self.call_text(repr(method), args, kwargs, st)
        return Term(text, node.lineno, "expr", join_versions(*versions))

    def builtin(self, name: str, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        line = node.lineno
        handed = [a.value if isinstance(a, _Starred) else a for a in [*args, *kwargs.values()]]
        if handed_code_writes(name, handed, self.__dict__.get("lambda_nodes", {})):
            # (`sorted(xs, key=f)` of an `f` that writes: it runs f, whose effects the call has)
            from .calls import _opaque_read

            value = self.unknown_call(name, args, kwargs, node, st)
            return self._on_each(value, _opaque_read) if isinstance(value, Ite) else _opaque_read(value)
        loaded = [self.load(a, st) if not isinstance(a, _Starred) else a for a in args]
        if name in ("str", "repr", "ascii", "format", "print") and args:
            # (an object of a class of the tree: its `__str__` / `__repr__` / `__format__` runs; round 49)
            if name == "format":
                given = loaded[1] if len(loaded) > 1 else Lit("")
                text = self.formats(args[0], "format", node, st, spec=given.value if isinstance(given, Lit) and isinstance(given.value, str) else None)
            else:
                for arg in args if name == "print" else args[:1]:
                    text = self.formats(arg, "str" if name in ("str", "print") else "repr", node, st)
            if st.dead:
                return Lit(None)
            if text is not None and name != "print" and not (name == "str" and len(args) > 1) and not kwargs:
                return self.formatted_text(name, text, node, st)
        if name == "zip" and "strict" in kwargs:
            # walked to its end, it raises ValueError (round 44: never, and a clean verdict wrong)
            refusing = self.strict_zip(loaded, kwargs, node, st)
            if refusing is not None:
                return refusing if not st.dead else Lit(None)
        if name in ("enumerate", "map") and not kwargs and loaded and (passed := self.passing_refusal(name, loaded, node)) is not None:
            return passed
        if name in _WALKS_TO_THE_END and len(loaded) == 1 and (refusal := self.refusing_zip(loaded[0])) is not None:
            self.raise_if(refusal, st, "ValueError", node)  # (`list(zip(("a", "b"), ("x",), strict=True))`)
            if st.dead:
                return Lit(None)
            return self.unknown(node, "what a zip the model cannot walk gives")
        if name in ("str", "repr", "format") and len(loaded) == 1 and not kwargs \
                and all(isinstance(arm, Term) and arm.kind == "member" for arm in arms(loaded[0])):
            # a member's text: what every Python gives, else unknown (round 23: `str()` of a `str`
            # mixin's member was its value, and a violation wrong)
            def text(member: Value) -> Value:
                shown = self.member_text(member, name)  # type: ignore[arg-type]
                return Lit(shown) if shown is not None else Term(f"<{name}({member.text})>", line, "opaque")  # type: ignore[union-attr]

            return self._on_each(loaded[0], text) if isinstance(loaded[0], (Ite, Named)) else text(loaded[0])
        if name in _FOLDED and loaded and not kwargs and all(isinstance(a, Lit) and _scalar(a.value) for a in loaded) \
                and unicode_alike(*(a.value for a in loaded)):  # (`int("\U00011F50")`: 0 on 3.12, ValueError on 3.11)
            # `int("3")`, `int("b")`: what Python computes from literals, or the exception it raises
            # whatever the inputs (round 11: `v = int("b")` read by no guard, and clean)
            try:
                result = _FOLDED[name](*(a.value for a in loaded))  # type: ignore[union-attr]
            except RecursionError:
                result = None
            except Exception as exc:  # noqa: BLE001 - what Python raises there
                self.raise_if(TRUE, st, type(exc).__name__, node)
                return Lit(None)
            if _scalar(result) and (not isinstance(result, str) or len(result) <= 2000):
                return Lit(result)
        if name in ("frozenset", "set", "tuple") and (len(loaded) == 1 and isinstance(loaded[0], Lit)
                                                      and isinstance(loaded[0].value, (tuple, str)) or not args) and not kwargs:
            value = loaded[0].value if loaded else ()
            if name != "tuple":
                return Lit(SetLiteral(value) if name == "set" else FrozenSetLiteral(value))
            if isinstance(value, SetLiteral) and not value.ordered():
                return self.unknown(node, "a tuple of a set's items, in the order Python walks the set")
            return Lit(tuple(value))
        if name in ("isinstance", "issubclass") and len(loaded) == 2 and not kwargs:
            # a literal as the class (`REG.get(key)` of a missing key: None; a string): TypeError
            # (round 30: "got 'X'" with `isinstance(B(), None)=true`, which no run gives)
            def refused(leaf: Value) -> Value:
                return Lit(isinstance(leaf, Lit) and not isinstance(leaf.value, tuple))

            bad = self._on_each(loaded[1], refused) if isinstance(loaded[1], (Ite, Named)) else refused(loaded[1])
            if bad != Lit(False):
                self.raise_if(self.truth(bad, st), st, "TypeError", node)
                if st.dead:
                    return Lit(None)
        if name == "isinstance" and len(loaded) == 2 and isinstance(loaded[0], Term) and loaded[0].kind == "member":
            folded = self.member_isinstance(loaded[0], args[1], st)
            if folded is not None:
                return Lit(folded)
        if name == "hasattr" and len(args) == 2 and not kwargs and isinstance(loaded[1], Lit) and isinstance(loaded[1].value, str):
            if isinstance(loaded[0], Lit) and stable(loaded[0].value, loaded[1].value) is not None:
                return Lit(stable(loaded[0].value, loaded[1].value))  # `hasattr(1, "real")`: every Python's answer
            cls = args[0].body if isinstance(args[0], Named) else args[0]
            if isinstance(cls, ClassRef) and all(c.namespace_known for c in self.mro(cls.info)) \
                    and any(loaded[1].value in (*c.methods, *c.constants, *c.members) for c in self.mro(cls.info)):
                return Lit(True)  # defined by the class or a base the tree defines (`hasattr(OptA, "ok")`)
            if isinstance(cls, ClassRef) and self.class_lacks(cls, loaded[1].value, st):
                return Lit(False)
            if isinstance(cls, ClassRef):  # a class of the tree: whatever it has, no input says (round 18)
                return Term(f"<hasattr({cls.text}, {loaded[1].value!r}), which the model cannot tell>", line, "opaque")
            attr = loaded[1].value
            owner = self.frame.cls if isinstance(loaded[0], Term) and self.is_self(loaded[0]) else self.made_class(loaded[0])
            prop = self.find_method(owner, attr) if owner is not None else None
            if prop is not None and prop.kind == "property":
                # a property: Python runs it; an AttributeError it raises is False, any other leaves
                # (round 31: `hasattr(self, "p")` was an input though `p` raised ValueError)
                _, raised = self.catching_attribute_error(lambda: self.attribute(loaded[0], attr, node, st), st, node,
                                                          f"hasattr(..., {attr!r})")
                return neg(raised)
            if owner is not None and any("__getattr__" in c.methods for c in self.mro(owner)):
                # its class's `__getattr__` answers for what the object lacks (round 36: `hasattr(self, "m")` was an
                # input, false in a violation, where `__getattr__` returns for every name)
                return Term(f"<hasattr({loaded[0].text}, {attr!r}), which its class's __getattr__ decides>", line, "opaque")
            made = self.made_class(loaded[0])
            if made is not None:  # an object the function made: what its class and `__init__` give it (round 24)
                if any(loaded[1].value in (*c.methods, *c.constants) for c in self.mro(made)):
                    return Lit(True)
                return Term(f"<hasattr({loaded[0].text}, {loaded[1].value!r}), which its class decides>", line, "opaque")
        of_object = name in ("isinstance", "type") and len(loaded) == (2 if name == "isinstance" else 1) and not kwargs
        if of_object and isinstance(loaded[0], (Ite, Named)) \
                and any(isinstance(arm, Term) and self.instances.get(arm.text) is not None for arm in arms(loaded[0])):
            # one instance or another (`(OptB if c else OptA)()`): on each
            return self._on_each(loaded[0], lambda leaf: self.builtin(name, [leaf, *args[1:]], {}, node, st))
        if of_object and isinstance(loaded[0], Term) and self.instances.get(loaded[0].text) is not None:
            cls = self.instances[loaded[0].text]
            if name == "type":
                return ClassRef(cls, cls.name)
            folded = self.instance_of(cls, args[1])
            if folded is not None:
                return Lit(folded)
        if name == "isinstance" and len(args) == 2 and not kwargs and self.is_self(args[0]):
            if isinstance(args[1], ClassRef) and args[1].info in self.mro(self.frame.cls):
                return Lit(True)  # `self` is an instance of the method's class (or a subclass): of its bases too
        if name == "enumerate" and loaded and isinstance(loaded[0], (Seq, Lit, Ite, Named)) and not kwargs:
            start = loaded[1].value if len(loaded) > 1 and isinstance(loaded[1], Lit) else 0

            def numbered(seq: Value) -> Value | None:
                if isinstance(seq, Lit) and isinstance(seq.value, tuple) and in_order(seq.value):
                    seq = Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in seq.value), "tuple")
                if isinstance(seq, Seq) and isinstance(start, int) and all(i.cond == TRUE for i in seq.items):
                    return Seq(tuple(Item(new_uid(), TRUE, Seq((Item(new_uid(), TRUE, Lit(start + n)), Item(new_uid(), TRUE, i.value)),
                                                               "tuple")) for n, i in enumerate(seq.items)), "tuple")
                return None

            if not isinstance(loaded[0], (Ite, Named)):
                found = numbered(loaded[0])
                if found is not None:
                    return found
            elif all(numbered(arm) is not None for arm in arms(loaded[0])):  # (one list or another: each numbered; round 23)
                return self._on_each(loaded[0], numbered)
        if name == "next" and len(loaded) in (1, 2) and isinstance(loaded[0], (Ite, Named)) and not kwargs \
                and all(isinstance(arm, Seq) and arm.items and arm.items[0].cond == TRUE for arm in arms(loaded[0])):
            return self._on_each(loaded[0], lambda seq: seq.items[0].value)  # one sequence or another, each with a first item
        if name == "next" and len(loaded) in (1, 2) and isinstance(loaded[0], Seq) and not kwargs:
            from ..formula import ite

            value: Value = loaded[1] if len(loaded) == 2 else Lit(None)
            empty = TRUE
            for item in reversed(loaded[0].items):
                value = ite(item.cond, item.value, value)
                empty = conj(neg(item.cond), empty)
            if len(loaded) == 1:
                self.raise_if(empty, st, "StopIteration", node)
            return value
        if name == "len" and len(loaded) == 1 and not kwargs:
            value = self.as_data(loaded[0])  # (a `str` mixin's member: its string's length)
            if isinstance(value, Seq):
                return self.count(value, node)
            if isinstance(value, Lit) and isinstance(value.value, (tuple, str)):
                return Lit(len(value.value))
            if isinstance(value, Mapping):  # a dict with literal keys: as many as it has
                return Lit(len(value.entries))
            made = self.made_class(loaded[0])
            if made is not None:  # an object the function made: its class's `__len__` (round 17: an input)
                # (read, so that `diff` sees the code that computes it change: a model reads what it rests on)
                any("__len__" in c.methods for c in self.mro(made))
                return Term(f"<len({loaded[0].text}), which its class decides>", line, "opaque")  # type: ignore[union-attr]
            held = args[0].body if isinstance(args[0], Named) else args[0]
            if _countable_enum(held):  # an enum class: its members (round 16: `len(B)` was an input, `<2|>2`)
                return Lit(len(held.info.members))  # type: ignore[union-attr]
            if isinstance(value, (Ite, Named)):  # one list or another: the length of each (round 6: an atom)
                def length(leaf: Value) -> Value:
                    counted = self.count(leaf, node) if isinstance(leaf, Seq) else None
                    if isinstance(leaf, Lit) and isinstance(leaf.value, (tuple, str)):
                        counted = Lit(len(leaf.value))
                    return counted if isinstance(counted, Lit) else _NO_LENGTH

                lengths = self._on_each(value, length)
                if not any(arm is _NO_LENGTH for arm in arms(lengths)):
                    return lengths
        if name == "bool" and len(loaded) == 1:
            return self.truth(loaded[0], st)
        if name == "bool" and not loaded:
            return Lit(False)
        if name == "getattr" and len(loaded) in (2, 3) and isinstance(loaded[1], Lit) and isinstance(loaded[1].value, str):
            owner = args[0].body if isinstance(args[0], Named) else args[0]
            if len(loaded) == 3 and isinstance(owner, ClassRef) and self.class_lacks(owner, loaded[1].value, st):
                return args[2]  # the default, where the class has no such attribute
            if len(loaded) == 3 and isinstance(owner, ClassRef) and not any(
                    loaded[1].value in (*c.bound, *c.methods, *c.constants, *c.members) for c in self.mro(owner.info)):
                # the class or its default, which the model cannot tell apart (round 18: an input)
                return Term(f"<getattr({owner.text}, {loaded[1].value!r}, ...), which the model cannot tell>", line, "opaque")
            if len(loaded) == 3 and isinstance(loaded[0], Term):  # (diff: what it is where the object lacks it, per version)
                self.getattr_defaults.setdefault((loaded[0].text, loaded[1].value), render(self.load(loaded[2], st)))
            if len(loaded) == 2:
                return self.attribute(args[0], loaded[1].value, node, st)
            value, raised = self.catching_attribute_error(lambda: self.attribute(args[0], loaded[1].value, node, st), st, node,
                                                          f"getattr(..., {loaded[1].value!r}, ...)")
            from .values import merge_values

            if raised == FALSE and isinstance(loaded[0], Term) and isinstance(value, Term) and not value.is_opaque \
                    and value.text == f"{loaded[0].text}.{loaded[1].value}" and isinstance(loaded[2], (Lit, Term)) \
                    and not (isinstance(loaded[2], Term) and loaded[2].is_opaque):
                # the read `o.a` stands for the default where the object lacks it (`attribute_axioms`)
                found = self.getattr_reads.setdefault((loaded[0].text, loaded[1].value, value.version), [])
                if (value, loaded[2]) not in found:
                    found.append((value, loaded[2]))
            return value if raised == FALSE else merge_values(raised, args[2], value)
        if name in ("str", "int", "float") and len(loaded) == 1 and isinstance(loaded[0], Lit) \
                and not isinstance(loaded[0].value, SetLiteral):  # (a set's text: Python's order, `set` or `frozenset`)
            try:
                return Lit({"str": str, "int": int, "float": float}[name](loaded[0].value))
            except Exception:
                pass
        if name in ("list", "tuple") and len(loaded) == 1:
            value = self.enum_members(args[0], node, st) or loaded[0]
            if isinstance(value, Lit) and isinstance(value.value, tuple) and in_order(value.value):
                value = Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in value.value), "tuple")
            if isinstance(value, Seq):
                copy = Seq(tuple(Item(new_uid(), i.cond, i.value) for i in value.items), "list" if name == "list" else "tuple")
                if name == "tuple":
                    return copy
                oid = new_uid()
                st.objects[oid] = copy
                return Ref(oid)
        if name in ("list", "set", "dict", "sorted") and not kwargs and len(loaded) <= 1 and not any(isinstance(a, _Starred) for a in loaded):
            # a new object of unknown contents: changing it changes nothing else
            oid = new_uid()
            st.objects[oid] = None
            if name in ("list", "sorted"):
                self.note(line, f"{name}-unknown", f"`{name}(...)` of values the model does not know: the list is unknown")
            if name != "list" and name != "sorted":
                return Term(f"<{name}(...) at line {line}>", line, "opaque")
            return Ref(oid)
        if name in ("list", "tuple") and not loaded:
            if name == "tuple":
                return Lit(())
            oid = new_uid()
            st.objects[oid] = Seq((), "list")
            return Ref(oid)
        if name in ("any", "all") and len(loaded) == 1:
            value = loaded[0]
            if isinstance(value, Lit) and isinstance(value.value, tuple):
                value = Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in value.value), "tuple")
            if isinstance(value, Seq):
                if name == "any":  # (an item's truth as `if` reads it: an object's class may decide it)
                    return disj(*(conj(i.cond, self.truth(i.value, st)) for i in value.items))
                return conj(*(disj(neg(i.cond), self.truth(i.value, st)) for i in value.items))
        if name == "range" and loaded and all(isinstance(a, Lit) and isinstance(a.value, int) for a in loaded):
            try:
                span = range(*[a.value for a in loaded])  # (its length first: `range(10**9)` as a list took 24 GB)
                values = list(span) if len(span) <= 64 else None
            except Exception:
                values = None
            if values is not None:
                return Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in values), "tuple")
        if name in ("min", "max", "abs", "round", "sum") and loaded and not kwargs:
            constants = [_constant(a) for a in loaded]  # `sum([1, 1])`: a list of literals is its items
            if name == "sum" and constants and isinstance(constants[0], tuple) and not same_sum(list(constants[0])) \
                    and all(c is not _MISSING for c in constants):
                # (3.12 adds floats with compensation: `sum([0.1, 0.2, 0.3])` is 0.6 there; round 35)
                return self.unknown(node, "a sum of floats the Pythons a program may run on round apart")
            if all(c is not _MISSING for c in constants):
                try:
                    return Lit({"min": min, "max": max, "abs": abs, "round": round, "sum": sum}[name](*constants))
                except RecursionError:
                    pass
                except Exception as exc:  # noqa: BLE001 - what Python raises there (`min([])`; round 27: taken as a value)
                    if not any(isinstance(c, int) and not isinstance(c, bool) for c in constants):  # (`Feat(3)`: a number)
                        self.raise_if(TRUE, st, type(exc).__name__, node)
                        return Lit(None)
        if name == "isinstance" and len(loaded) == 2 and not kwargs and len(node.args) == 2 \
                and not any(isinstance(a, ast.Starred) for a in node.args):
            kind = node.args[1]
            if isinstance(loaded[1], Lit) and loaded[1].value == () and not isinstance(loaded[1].value, SetLiteral):
                return FALSE  # (`isinstance(x, ())`: an instance of none of no classes; round 35: a free atom)
            generic = kind.value if isinstance(kind, ast.Subscript) else None
            typing_name = stdlib_name(dotted(generic if generic is not None else kind) or "", self.frame.module, self.frame.locals) or ""
            if typing_name == "typing.Any" or generic is not None and (
                    typing_name in _REFUSED_GENERICS or isinstance(generic, ast.Name) and generic.id in ("list", "dict", "tuple", "set", "type", "frozenset")
                    and generic.id not in self.frame.locals and generic.id not in self.frame.module.globals):
                # `isinstance(x, List[int])`, `isinstance(x, Any)`: Python refuses the class (round 35: free)
                self.raise_if(TRUE, st, "TypeError", node)
                return Lit(None)
        if name == "isinstance" and len(loaded) == 2 and not kwargs and isinstance(loaded[0], Term) \
                and (cls := _builtin_type(loaded[1], self.frame.module)) is not None \
                and (default := self.environment_reads.get((loaded[0].text, loaded[0].version))) is not None:
            # a read of the environment is a str, or its default where the key is missing (round 35:
            # `isinstance(os.environ[k], str)` was false in a counterexample)
            found = Lit(issubclass(str, cls))
            if default == SUBSCRIPT or isinstance(default, Lit) and isinstance(default.value, str):
                return found
            if isinstance(default, Lit):
                missing = self.compare(loaded[0], "is" if default.value is None else "==", default, node)
                return disj(conj(missing, Lit(isinstance(default.value, cls))), conj(neg(missing), found))
        if name == "isinstance" and len(loaded) == 2 and not kwargs:
            kinds = loaded[1].body if isinstance(loaded[1], Named) else loaded[1]
            if isinstance(kinds, Seq) and len(kinds.items) > 1 and all(i.cond == TRUE for i in kinds.items):
                # `isinstance(x, (A, B))` is `isinstance(x, A) or isinstance(x, B)`: atoms their
                # subclasses' checks imply (`axioms`)
                return disj(*(truth(self.builtin("isinstance", [args[0], i.value], {}, node, st)) for i in kinds.items))
        if name in ("setattr", "delattr") and len(node.args) == (3 if name == "setattr" else 2) and not node.keywords \
                and isinstance(loaded[1], Lit) and isinstance(loaded[1].value, str) and loaded[1].value.isidentifier() \
                and dotted(node.args[0]) is not None:
            # `setattr(cfg, "m", v)` is `cfg.m = v`; `delattr(cfg, "m")` is `del cfg.m`
            target = ast.copy_location(ast.Attribute(value=node.args[0], attr=loaded[1].value, ctx=ast.Store()), node)
            value = args[2] if name == "setattr" else Term(f"<deleted at line {line}>", line, "opaque")
            self.write_target(target, value, st, node)
            return Lit(None)
        if name == "iter" and len(loaded) == 1 and not kwargs and all(isinstance(arm, (Seq, Lit, Mapping)) for arm in arms(loaded[0])):
            # an iterator over a known sequence (a dict's keys): what `next` takes its first item from
            def items(seq: Value) -> Value:
                if isinstance(seq, Mapping):
                    return Seq(tuple(Item(new_uid(), TRUE, Lit(k)) for k, _ in seq.entries), "tuple")
                if isinstance(seq, Lit) and isinstance(seq.value, (tuple, str)) and in_order(seq.value):
                    return Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in seq.value), "tuple")
                return seq

            seq = self._on_each(loaded[0], items) if isinstance(loaded[0], (Ite, Named)) else items(loaded[0])
            if all(isinstance(arm, Seq) for arm in arms(seq)):
                return seq
        if name == "super":  # a form `super_method` does not resolve (`super(B, cls)`, a diamond): code the model
            from .calls import _opaque_read  # does not follow, no input (round 18: `super(B, C).ok(n)=true`)

            return _opaque_read(self.unknown_call(name, args, kwargs, node, st))
        if name in ("setattr", "delattr") or (name == "vars" and args):  # (`vars(cfg)` is cfg's attributes: a call on it changes them)
            value = self.unknown_call(name, args, kwargs, node, st)
            if name == "vars" and len(args) == 1 and _of_the_tree(args[0]):
                from .calls import _opaque_read  # `vars(Sub)` of a class of the tree: what the program holds (round 28)

                return self._on_each(value, _opaque_read) if isinstance(value, Ite) else _opaque_read(value)
            return value
        if name in ("vars", "globals", "locals"):  # (what the program holds there: no input; round 21)
            from .calls import _opaque_read

            return _opaque_read(self.unknown_call(name, args, kwargs, node, st))
        if name == "issubclass" and len(args) == 2 and not kwargs:
            found = self.tree_subclass(args[0], args[1])
            if found is not None:
                return found
        if name in _COMPUTED_BUILTINS and not kwargs and not any(isinstance(a, _Starred) for a in args):
            # a local's value, not its name, is what a builtin computes from (`v = x or t;
            # isinstance(v, float)`: `v` was an atom free of x and t, round 11), on each value it
            # may hold where it depends on the path
            for k, value in enumerate(loaded):
                inner = value.body if isinstance(value, Named) else value
                while isinstance(inner, Named):
                    inner = inner.body
                if isinstance(inner, Ite):
                    if alternatives(inner) > _MAX_ARMS:
                        return self.unknown(node, f"`{name}(...)` of a value that depends on many branches")
                    return self._on_each(inner, lambda leaf, k=k: self.builtin(name, [*loaded[:k], leaf, *loaded[k + 1:]], {}, node, st))
                if inner is not value and isinstance(inner, (Term, Lit)):
                    return self.builtin(name, [*loaded[:k], inner, *loaded[k + 1:]], {}, node, st)
        if name in ("sorted", "reversed", "enumerate", "zip", "set", "frozenset", "dict"):
            return Term(f"<{name}(...) at line {line}>", line, "opaque")
        value = self.unknown_call(name, args, kwargs, node, st)
        if (name not in _COMPUTED_BUILTINS and name not in ("hasattr", "getattr")) \
                or (isinstance(value, Term) and name in _COMPUTED_BUILTINS and operands(value.text, value.kind) is None):
            # a builtin whose value its arguments decide and that the model does not compute
            # (`next(iter(x))`, `reversed(...)`, `id(x)`, `min(c, key=TABLE.get)`, whose text is no
            # expression): no configuration input (exploratory fuzz: as one, it took values its
            # arguments never give)
            from .calls import _opaque_read

            return self._on_each(value, _opaque_read) if isinstance(value, Ite) else _opaque_read(value)
        if name == "isinstance" and len(loaded) == 2 and isinstance(loaded[0], Term) and held_class(loaded[1]) is not None \
                and isinstance(value, Term) and not value.is_opaque:
            checked = held_class(loaded[1]).info
            if checked.is_enum and self.read_before_tie((loaded[0].text, loaded[0].version), checked, st=st):
                from .calls import _opaque_read  # (an enum has no subclass: `m.fast` read before was free; round 34)

                return _opaque_read(value)
            self.instance_checks.setdefault((loaded[0].text, loaded[0].version), {}).setdefault(held_class(loaded[1]).info, value)
            self.checked_objects.setdefault((loaded[0].text, loaded[0].version), loaded[0])
        if name == "isinstance" and len(loaded) == 2 and isinstance(loaded[0], Term) and isinstance(value, Term) \
                and not value.is_opaque and (own := _builtin_type(loaded[1], self.frame.module)) is not None:
            # (`isinstance(v, int)`, `isinstance(v, bool)`: Python's own classes, related as `class_axioms` says)
            self.__dict__.setdefault("builtin_checks", {}).setdefault((loaded[0].text, loaded[0].version), {}).setdefault(own, value)
            self.checked_objects.setdefault((loaded[0].text, loaded[0].version), loaded[0])
        if name == "type" and len(loaded) == 1 and isinstance(loaded[0], Term) and isinstance(value, Term):
            self.type_reads[(value.text, value.version)] = (loaded[0].text, loaded[0].version)
            if self.is_self(loaded[0]) and isinstance(self.frame.self_value, Term):  # (`type(self).LIMIT`: round 28)
                self.self_types[(value.text, value.version)] = self.frame.cls
        if all(_input_free(a) or _input_free(self.load(a, st)) for a in [*args, *kwargs.values()]) \
                or (name in ("getattr", "hasattr") and args and _of_the_tree(args[0])):
            # (`getattr(Cfg, "use_" + which)`: a class of the tree read by a name the input makes is
            # what the class holds under that name, no input of its own; round 28)
            # `max(PRIO, key=PRIO.get)`: computed from the program's constants alone, not an
            # input any configuration gives (exploratory fuzz: it was free, a counterexample
            # gave it a value it never has)
            from .calls import _opaque_read

            return _opaque_read(value)
        if name == "hasattr" and len(loaded) == 2 and isinstance(loaded[0], Term) and not loaded[0].is_opaque \
                and isinstance(loaded[1], Lit) and isinstance(loaded[1].value, str) and isinstance(value, Term) and not value.is_opaque:
            # (`attribute_axioms`: false only where `getattr(o, a, d)` is d; `check`: a fact giving `o.a` a value makes it true)
            self.attribute_tests.setdefault((loaded[0].text, loaded[1].value, value.version), value)
        return value


_FOLDED = {"int": int, "float": float, "str": str, "bool": bool, "len": len, "abs": abs, "round": round, "ord": ord,
           "chr": chr, "min": min, "max": max, "hex": hex, "oct": oct, "bin": bin, "repr": repr,
           "pow": folding_pow}  # of scalar literals (round 17: `pow(2, 3) == 8` was an input)


def _match_truth(function):
    """`re.match(p, s)` and the like: None where nothing matched, else a match object (`_MATCHED`)."""
    return lambda *a: None if function(*a) is None else _MATCHED


_MATCHED = object()


def _pure_functions() -> dict:
    import fnmatch
    import json
    import operator
    import posixpath  # (`os.path` where the code runs: a serving engine's Linux; no file is opened)
    import re

    table = {f"re.{n}": _match_truth(getattr(re, n)) for n in ("match", "search", "fullmatch")}
    table.update({"fnmatch.fnmatch": fnmatch.fnmatch, "fnmatch.fnmatchcase": fnmatch.fnmatchcase, "json.loads": json.loads})
    table.update({f"os.path.{n}": getattr(posixpath, n) for n in ("basename", "dirname", "splitext", "join", "normpath", "isabs")})
    table.update({f"operator.{n}": getattr(operator, n) for n in (
        "contains", "eq", "ne", "lt", "le", "gt", "ge", "add", "sub", "mul", "truediv", "floordiv", "mod", "neg", "not_",
        "truth", "getitem", "countOf", "indexOf", "is_", "is_not", "concat", "abs", "index")})
    return table


# functions of the standard library that compute from their arguments alone (round 31: `re.match("fp8",
# "int8")` was a free input, and a finding named its "true"); `math.*` is `calls._fold_math`'s
PURE_STDLIB = _pure_functions()
# classes of the standard library whose objects the model does not hold: made here, no input
_STDLIB_CONTAINERS = frozenset({"collections.Counter", "collections.defaultdict", "collections.OrderedDict",
                                "collections.deque", "collections.ChainMap", "packaging.version.Version",
                                "packaging.version.parse"})
# module constants of the standard library (`x in string.ascii_lowercase`)
STDLIB_CONSTANTS = {f"string.{n}": v for n, v in vars(__import__("string")).items()
                    if isinstance(v, str) and not n.startswith("_")}
STDLIB_CONSTANTS.update({f"math.{n}": getattr(__import__("math"), n) for n in ("pi", "e", "tau", "inf", "nan")})
# (round 35: `math.inf < 10` had a counterexample, and `math.nan == math.nan` was taken to hold)


def stdlib_name(callee_text: str, module, local_names) -> str | None:
    """The standard-library name a callee's text reads (`m.floor` of `import math as m`:
    `math.floor`; `basename` of `from os.path import basename`), or None where a local or no
    import of the module binds its root."""
    root, dot, rest = callee_text.partition(".")
    ref = module.imports.get(root)
    if ref is None or ref.level or root in local_names:
        return None
    base = ref.module if ref.name is None else f"{ref.module}.{ref.name}"
    return f"{base}.{rest}" if dot else base


def fold_stdlib(name: str, values: list, line: int, text: str) -> Value | None:
    """A pure standard-library function (`PURE_STDLIB`) of literals as Python computes it: a
    literal, a match object as an opaque (truthy) value, None where Python raises or gives what
    no literal holds."""
    if not unicode_alike(*values):
        return None  # (`re.match(r"\w", "\U0001E4D0")`: the Python's Unicode database; round 35)
    try:
        result = PURE_STDLIB[name](*values)
    except Exception:  # noqa: BLE001 - what Python raises there: not said here (the call is opaque)
        return None
    if result is _MATCHED:
        return Term(f"<{text}: a match>", line, "opaque")
    if _scalar(result) or isinstance(result, tuple) and all(_scalar(v) for v in result):
        return Lit(result)
    return None


# builtins that take a function without calling it (`callable(f)`, `getattr(f, "x")`)
_NOT_CALLING = frozenset({"isinstance", "issubclass", "hasattr", "getattr", "callable", "type", "id", "repr", "hash", "str",
                          "print", "len", "bool"})
# calls a callback may make and write nothing the decision reads (`key=lambda b: PRIO.get(b, 0)`)
_READING_CALLS = frozenset({"len", "str", "int", "float", "abs", "min", "max", "isinstance", "getattr", "hasattr", "bool",
                            "get", "index", "count", "startswith", "endswith", "lower", "upper", "strip", "split"})


def handed_code_writes(callee_text: str, handed: list, lambdas: dict) -> list:
    """The functions of the tree a call of outside code is handed and may call (`max(xs,
    key=score)`, `map(f, xs)`; not `callable(f)`), where their code may write something: a call
    other than a reading one, a write other than to a local, `global`/`nonlocal`; a list's or a
    dict's changing method (`map(seen.append, xs)`); a class of the tree (its `__init__`). A
    builtin known pure is not pure then (round 31: `max(bs, key=score)`, `score` appending to
    `tried`, changed nothing)."""
    from .lists import _LIST_MUTATORS, _ListMethod, _MappingMethod

    if callee_text.removeprefix("builtins.") in _NOT_CALLING:
        return []
    out = []
    for value in handed:
        while isinstance(value, Named):
            value = value.body
        if isinstance(value, (_ListMethod, _MappingMethod)) and value.name in (*_LIST_MUTATORS, "popitem", "update", "setdefault"):
            out.append(value)
        elif (isinstance(value, ClassRef) or isinstance(value, Term) and held_class(value) is not None) \
                and callee_text in ("map", "filter", "max", "min", "sorted"):
            out.append(value)  # (handed on as a value elsewhere: `registry.is_supported(K, cfg)`)
        elif isinstance(value, (FunctionRef, Closure)) and _may_write(value.node if isinstance(value, Closure) else value.info.node):
            out.append(value)
        elif isinstance(value, Term) and value.text in lambdas and any(_may_write(node) for node in lambdas[value.text]):
            out.append(value)  # (`key=lambda v: seen.append(v) or 0`: the lists it names escaped with it)
    return out


def _may_write(fn: ast.AST) -> bool:
    body = fn.body if isinstance(fn.body, list) else [fn.body]  # (a lambda's body is one expression)
    for node in (sub for stmt in body for sub in ast.walk(stmt)):
        if isinstance(node, (ast.Global, ast.Nonlocal, ast.Delete, ast.Yield, ast.YieldFrom, ast.Await)):
            return True
        if isinstance(node, (ast.Attribute, ast.Subscript)) and not isinstance(node.ctx, ast.Load):
            return True
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if name not in _READING_CALLS:
                return True
    return False


def _of_the_tree(value: object) -> bool:
    """Whether a value is a class of the tree (or reads no atom at all): what it holds under any
    name is the program's, no input."""
    while isinstance(value, Named):
        value = value.body
    return held_class(value) is not None or _input_free(value)


def _input_free(value: object) -> bool:
    """Whether a value reads no atom: literals, the tree's classes and functions, builtins, and
    lists, tuples and dicts of them."""
    from .lists import _MappingMethod

    if isinstance(value, (Lit, ClassRef, _Builtin, _LiteralMethod)):
        return True
    if isinstance(value, Named):
        return _input_free(value.body)
    if isinstance(value, Term) and value.kind == "member":  # (round 25: `max(Lvl)`, `all(Lvl)` were inputs)
        return True
    if isinstance(value, _MappingMethod):
        return _input_free(value.mapping)
    if isinstance(value, Seq):
        return all(i.cond == TRUE and _input_free(i.value) for i in value.items)
    if isinstance(value, Mapping):
        return all(_input_free(v) for _, v in value.entries)
    return False


def _constant(value: Value) -> object:
    """A literal, or a list or tuple every item of which is one (always there): its Python
    value; `_MISSING` otherwise."""
    if isinstance(value, Lit):
        return value.value
    if isinstance(value, Seq) and all(i.cond == TRUE and isinstance(i.value, Lit) for i in value.items):
        return tuple(i.value.value for i in value.items)
    return _MISSING


def _int_enum(value: Value) -> bool:
    """An IntEnum of the analysed tree (not a flag) whose members have distinct literal int values:
    `Lvl(n)` is the member whose value equals n."""
    if not isinstance(value, ClassRef) or not value.info.is_enum or not value.info.int_like:
        return False
    info = value.info
    values = [info.member_values.get(m, _MISSING) for m in info.members]
    return bool(info.members) and info.members_known and all(type(v) is int for v in values) and len(set(values)) == len(values) \
        and not any(b.rsplit(".", 1)[-1] in ("IntFlag", "Flag") for b in info.bases) and not info.aliases


def _countable_enum(value: Value) -> bool:
    """An enum class of the tree whose members Python iterates and counts as the model lists
    them: values distinct literals (an alias is no member: round 18), no `Flag` (its composite
    values are not iterated), bases `Enum`, `IntEnum`, `StrEnum` or a `str`/`int` mixin."""
    if not isinstance(value, ClassRef) or not value.info.is_enum:
        return False
    info = value.info
    values = [info.member_values.get(m, _MISSING) for m in info.members]
    if not info.members or not info.members_known or _MISSING in values or len(set(map(repr, values))) != len(values):
        return False
    return all(b.rsplit(".", 1)[-1] in ("Enum", "StrEnum", "IntEnum", "str", "int") for b in info.bases)


def _plain_enum(value: Value) -> bool:
    """An enum class of the analysed tree with no aliases (every value a distinct literal), not
    int-like, and nothing customising iteration."""
    if not _countable_enum(value) or value.info.int_like:  # type: ignore[union-attr]
        return False
    info = value.info  # type: ignore[union-attr]
    # (aliases: `Kind["FA"]` and `__members__` name them too, which the tables here do not)
    return all(b.rsplit(".", 1)[-1] in ("Enum", "StrEnum", "str") for b in info.bases) and not info.aliases


def _environ_read(node: ast.expr, module) -> str | None:
    """`os.getenv(K, D)`, `os.environ.get(K, D)` of the `os` module (`environ.get` of `from os import
    environ`): "str" where the default is a string (the value is one), "any" otherwise."""
    if not isinstance(node, ast.Call) or node.keywords or not 1 <= len(node.args) <= 2:
        return None
    name = dotted(node.func) or ""
    head = name.split(".")[0]
    ref = module.imports.get(head)
    if ref is None or ref.module != "os" or ref.level or head in module.globals and head not in module.imports:
        return None
    path = name if ref.name is None else f"os.{ref.name}{name[len(head):]}"
    if path not in ("os.getenv", "os.environ.get"):
        return None
    default = node.args[1] if len(node.args) == 2 else None
    return "str" if isinstance(default, ast.Constant) and isinstance(default.value, str) else "any"


def env_shape(body: ast.expr, module) -> str | None:
    """The kind of value a table entry's `lambda` computes from one environment read (`ENV_SHAPES`):
    "str", "lower", "upper", "int", "float", "bool"; None for any other body."""
    raw = _environ_read(body, module)
    if raw is not None:
        return "str" if raw == "str" else None
    if isinstance(body, ast.Call) and isinstance(body.func, ast.Attribute) and not body.args and not body.keywords \
            and body.func.attr in ("lower", "upper") and _environ_read(body.func.value, module) == "str":
        return body.func.attr
    if isinstance(body, ast.Call) and isinstance(body.func, ast.Name) and body.func.id in ("int", "float", "bool") \
            and body.func.id not in module.globals and len(body.args) == 1 and not body.keywords:
        inner = body.args[0]
        if body.func.id == "bool":
            return "bool"
        return body.func.id if _environ_read(inner, module) is not None or env_shape(inner, module) in ("str", "lower", "upper") \
            else None
    if isinstance(body, ast.Compare) and all(isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)) for op in body.ops):
        return "bool"  # (`os.getenv("X", "0") == "1"`: a comparison of strings is a bool)
    if isinstance(body, ast.UnaryOp) and isinstance(body.op, ast.Not):
        return "bool"
    return None


def _shape_may_equal(shape: str, constant: object) -> bool:
    """Whether a value of `shape` may `==` the constant."""
    if constant is None:
        return False
    if shape in ("str", "lower", "upper"):
        return isinstance(constant, str) and (shape == "str" or constant == getattr(constant, shape)())
    if shape == "int":
        return type(constant) in (int, bool) or (type(constant) is float and constant.is_integer())
    if shape == "float":
        return type(constant) in (int, bool, float)
    return type(constant) in (int, bool, float) and constant in (0, 1)  # bool


def environment_truths(interp, branches) -> list:
    """The truth of a read of the environment the guards test (`if not os.environ.get(k)`): a str
    is false where empty, its default as Python takes it (fuzz round 36: a scenario had the read
    set, false, and no empty string)."""
    from ..formula import walk
    from ..model import Truth

    reads = interp.environment_reads
    if not reads:
        return []
    out = []
    seen: set[int] = set()
    for branch in branches:
        for node in walk(branch.guard, seen):
            if not isinstance(node, Truth) or (default := reads.get((node.term.text, node.term.version))) is None:
                continue
            term = node.term
            true = compare(term, "!=", Lit(""))
            if isinstance(default, Lit) and default != SUBSCRIPT and not _truthy_literal(default.value) and default.value != "":
                true = conj(true, compare(term, "!=", default))
            elif not isinstance(default, Lit):
                continue  # (a default the model does not know: its truth is its own)
            out.append(disj(neg(node), true))
            out.append(disj(node, neg(true)))
    return out


def _truthy_literal(value: object) -> bool:
    try:
        return bool(value)
    except Exception:  # noqa: BLE001 - a literal the model holds always has a truth
        return True


def env_axioms(interp, branches) -> list:
    """What the kind of value an `envs.X` entry computes implies of the guards' comparisons of it
    with constants (`entry_shape`): `envs.X == "FLASH"` never holds of a lowercased string,
    `envs.X is None` never of an `int(...)` (round 32: findings named values no run gives)."""
    from ..formula import walk
    from ..model import Compare

    shapes = interp.__dict__.get("env_shapes") or {}
    if not shapes:
        return []
    out = []
    seen: set[int] = set()
    for branch in branches:
        for node in walk(branch.guard, seen):
            if not isinstance(node, Compare) or node.op not in ("==", "!=", "is", "is not"):
                continue
            for term, other in ((node.left, node.right), (node.right, node.left)):
                shape = shapes.get((term.text, term.version)) if isinstance(term, Term) else None
                if shape is None or not isinstance(other, Lit):
                    continue
                if node.op in ("is", "is not") and other.value is None:
                    out.append(neg(node) if node.op == "is" else node)
                elif node.op in ("==", "!=") and not _shape_may_equal(shape, other.value):
                    out.append(neg(node) if node.op == "==" else node)
    return out


_WALKS_TO_THE_END = frozenset({"list", "tuple", "set", "frozenset", "dict", "sorted", "sum", "min", "max"})


def _lengths(value: Value) -> dict | None:
    """The lengths a sequence may have, each with the condition that it has it (the length None:
    one unmodeled code gave, which the model does not know); None for an input's value."""
    if isinstance(value, Lit) and isinstance(value.value, (tuple, str)) and in_order(value.value):
        return {len(value.value): TRUE}
    if isinstance(value, Seq):
        counts = seq_count(value)
        return counts if counts is not None else {None: TRUE}
    if isinstance(value, Ite):
        then, other = _lengths(value.then), _lengths(value.other)
        if then is None or other is None:
            return None
        out: dict = {}
        for counts, cond in ((then, value.cond), (other, neg(value.cond))):
            for n, f in counts.items():
                out[n] = disj(out.get(n, FALSE), conj(cond, f))
        return out
    if isinstance(value, Term) and not value.is_opaque:
        return None
    return {None: TRUE}
