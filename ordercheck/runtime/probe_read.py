"""Reading atoms without running the program's code (part of the probe: standard library only).

An atom is an attribute chain, a constant subscript or a name (`self.cfg.flag`, `x.shape[0]`,
`envs.LIMIT`). The probe reads one only where no code of the program can run:
- names: the target's arguments, its module's globals (a dict lookup), builtins;
- attributes: the instance `__dict__`, slots, plain class values, and the C getters of C types,
  on a type whose attribute lookup is the default one (no `__getattribute__` of its own, or a C
  type's that is CPython's generic lookup: `types.SimpleNamespace`), never a property or another
  descriptor written in Python, never `__getattr__`;
- subscripts: dicts, lists and tuples through their C-level lookup (`dict.get`: no `__missing__`),
  never a `__getitem__` written in Python.
Anything else becomes a `NotRead` marker that carries the reason, and the count key holds only
plain values (bool, int, float, str, None), enum members by name, and markers: hashing or
comparing a key never calls the program's `__hash__` or `__eq__`. An outcome that is a list or
tuple is a `Listed` of such keys, read through the C iterator of `list`/`tuple` (no `__iter__`
of the program runs), at most MAX_ITEMS items, never holding the list itself.

Speed: two readers share these verdicts (`probe_wrap` generates both). The checked reader has a
site per step of a chain, with the type it verified last: that type is read with plain bytecode,
any other takes `Site.read`, which verifies it (and caches the verdict). The fast reader checks
each object of the chains once (`Guard`: its type, or a module by identity) for which every step
read from it is a plain read, and falls back to the checked reader when a check fails.
Blind spots: a class changed after it was verified (a property added later, an object's
`__class__` reassigned to a class with a property) is read as verified: verdicts are per type
object, not per type version; likewise a module that gains a `__getattr__` after it was verified.
"""

from __future__ import annotations

import ast
import enum
import types
from operator import is_

_HEAPTYPE = 1 << 9
# the C getters of `type`: a metaclass cannot intercept them
_MRO = type.__dict__["__mro__"].__get__
_OWN = type.__dict__["__dict__"].__get__
_FLAGS = type.__dict__["__flags__"].__get__
_NAME = type.__dict__["__name__"].__get__
_MODULE_DICT = types.ModuleType.__dict__["__dict__"].__get__
_DEFAULT_GETATTRIBUTE = {id(object.__dict__["__getattribute__"]), id(types.ModuleType.__dict__["__getattribute__"])}
_DICT_GET = dict.get
_LIST_GET = list.__getitem__
_TUPLE_GET = tuple.__getitem__
_C_DESCRIPTORS = (types.MemberDescriptorType, types.GetSetDescriptorType)
# Python classes whose C getters skip Python hooks for exact instances (torch's `__torch_function__`
# runs only for subclasses); named, not imported
TRUSTED_EXACT = {("torch", "Tensor"), ("torch.nn.parameter", "Parameter")}


class NotRead:
    """An atom the probe did not read, and why. Hashes by identity."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"<not read: {self.reason}>"


class Opaque:
    """A value read but kept only by its type's name (never hashed or compared itself)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class Named:
    """An atom that holds an enum member, a class or a function (`kind`: "member", "class",
    "function"), by the name the static model gives it (`Lvl.HIGH`, `Fla`), and a member's value
    where the enum mixes in int or str: the model compares such a member as its value
    (`n >= Lvl.HIGH` is `n >= 3`), and a string that reads `Plain.B` is no member. `value` is
    exactly an int, a str or None, so comparing keys runs no code of the program."""

    __slots__ = ("kind", "name", "value")

    def __init__(self, kind: str, name: str, value=None) -> None:
        self.kind, self.name, self.value = kind, name, value

    def __eq__(self, other) -> bool:
        return type(other) is Named and (other.kind, other.name, other.value) == (self.kind, self.name, self.value)

    def __hash__(self) -> int:
        return hash((self.kind, self.name, self.value))


class Raised:
    """The outcome of a call that raised: the exception's type name. Hashes by identity."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


OBJECT = Opaque("object")  # an atom read only as `is None` / `is not None`
_OPAQUE: dict[int, tuple[type, Opaque]] = {}
_RAISED: dict[int, tuple[type, Raised]] = {}
_ENUMS: dict[int, tuple[object, str]] = {}
_MEMBER_ATOMS: dict[int, tuple[object, Named]] = {}
UNNAMED_CLASS, UNNAMED_FUNCTION = Opaque("class"), Opaque("function")  # `<class>`, `<function>`: no name the model uses
_TYPE_QUALNAME = type.__dict__["__qualname__"].__get__
_FUNCTION_QUALNAME = types.FunctionType.__dict__["__qualname__"].__get__
_REASONS: dict[str, NotRead] = {}


def not_read(reason: str) -> NotRead:
    marker = _REASONS.get(reason)
    if marker is None:
        marker = _REASONS[reason] = NotRead(reason)
    return marker


def class_attr(t: type, name: str):
    """(value, owner) of `name` in the MRO of `t`, read from the class namespaces only."""
    for klass in _MRO(t):
        own = _OWN(klass)
        if name in own:
            return own[name], klass
    return None, None


def _is_heap(t: type) -> bool:
    return bool(_FLAGS(t) & _HEAPTYPE)


def _qual(t: type) -> str:
    return _NAME(t)


def _trusted_c(t: type) -> bool:
    if not _is_heap(t):
        return True
    module, _ = class_attr(t, "__module__")
    return (module if isinstance(module, str) else None, _NAME(t)) in TRUSTED_EXACT


def raised(exc: BaseException) -> Raised:
    """The count-key outcome of a call that raised `exc`: its type's name, read by the C getter."""
    t = type(exc)
    entry = _RAISED.get(id(t))
    if entry is None or entry[0] is not t:
        entry = _RAISED[id(t)] = (t, Raised(_qual(t)))
    return entry[1]


def defined_name(value, t: type) -> str | None:
    """The qualified name of a class or a Python function as written in its module (`Fla`,
    `Outer.pick`), which is how the static model names it, read by the C getters of `type` and
    `function` (a metaclass cannot intercept them); None for a name the model cannot give
    (`f.<locals>.Cls`, `<lambda>`)."""
    name = _FUNCTION_QUALNAME(value) if t is types.FunctionType else _TYPE_QUALNAME(value)
    return name if type(name) is str and "<" not in name else None


def key_of(value, lists: bool = False):
    """A value fit for a count key: plain values as they are, enum members by name, classes and
    functions by their qualified name (`<class>` / `<function>` where it cannot be named),
    anything else by its type's name; with `lists` (an outcome), a list or tuple as a `Listed` of
    such keys. Runs no code of the program."""
    t = type(value)
    if t is bool or t is int or t is str or value is None or t is float or t is NotRead or t is Opaque or t is Raised:
        return value
    if lists and (t is list or t is tuple):
        return _known_list(value)
    cached = _ENUMS.get(id(value))
    if cached is not None and cached[0] is value:
        return cached[1]
    if _is_enum_type(t):
        own = instance_dict(value) or {}  # enum members keep `_name_` in their dict
        name = _DICT_GET(own, "_name_")
        key = f"{_qual(t)}.{name}" if type(name) is str else Opaque(_qual(t))
        _ENUMS[id(value)] = (value, key)  # members live as long as their class
        return key
    if t is types.FunctionType or issubclass(t, type):  # (not isinstance: it may read `__class__`)
        name = defined_name(value, t)
        return name if name is not None else UNNAMED_FUNCTION if t is types.FunctionType else UNNAMED_CLASS
    if lists and (issubclass(t, list) or issubclass(t, tuple)):
        return listed(value)
    entry = _OPAQUE.get(id(t))
    if entry is None or entry[0] is not t:
        entry = _OPAQUE[id(t)] = (t, Opaque(_qual(t)))
    return entry[1]


def atom_key(value, outcome: bool = False):
    """The count key of an atom (with `outcome`, `key_of(value, True)`): as `key_of`, but an enum
    member, a class or a function is a `Named`, so that the reconciler substitutes what the model
    uses for it (the member, or its value) and never the text of its name as a string."""
    if outcome:
        return key_of(value, True)
    t = type(value)
    cached = _MEMBER_ATOMS.get(id(value))
    if cached is not None and cached[0] is value:
        return cached[1]
    if _is_enum_type(t):
        name = key_of(value)
        if type(name) is not str:
            return name
        data = _DICT_GET(instance_dict(value) or {}, "_value_")
        mixed = type(data) is int and issubclass(t, int) or type(data) is str and issubclass(t, str)
        key = Named("member", name, data if mixed else None)
        _MEMBER_ATOMS[id(value)] = (value, key)  # members live as long as their class
        return key
    if t is types.FunctionType or issubclass(t, type):
        name = defined_name(value, t)
        if name is not None:
            return Named("function" if t is types.FunctionType else "class", name)
    return key_of(value)


class Listed(tuple):
    """A list or tuple outcome as a count key: its items' keys, in order. Holds no object of the
    program; hashed and compared as a tuple of plain values and markers."""

    __slots__ = ()


class More:
    """The last item of a `Listed` cut at MAX_ITEMS: how many items were left out."""

    __slots__ = ("count",)

    def __init__(self, count: int) -> None:
        self.count = count

    def __eq__(self, other) -> bool:
        return type(other) is More and other.count == self.count

    def __hash__(self) -> int:
        return hash(("more", self.count))


MAX_ITEMS = 64  # items kept of a list outcome, nested lists' items included; the rest is a `More`
MAX_DEPTH = 3  # list outcomes nested deeper are kept by their type's name
_LIST_LEN, _TUPLE_LEN = list.__len__, tuple.__len__
_LIST_ITER, _TUPLE_ITER = list.__iter__, tuple.__iter__


def listed(value, depth: int = 1, budget: list | None = None) -> Listed:
    """A list or tuple (or a subclass: read through the base type's C iterator, so no `__iter__`
    or `__getitem__` of the program runs) -> its items' keys; MAX_ITEMS items in all, nested
    lists' included, each list cut short ending with a `More`."""
    return _listed(value, depth, [MAX_ITEMS] if budget is None else budget)[0]


def _listed(value, depth: int, budget: list) -> tuple[Listed, bool]:
    """(`listed`, whether every item is a plain value or an enum member: what `_LISTS` may keep)."""
    is_list = issubclass(type(value), list)  # not isinstance: it may read the program's `__class__`
    keys: list = []
    append = keys.append
    left, keep = budget[0], True
    for item in (_LIST_ITER(value) if is_list else _TUPLE_ITER(value)):
        if left <= 0:
            break
        left -= 1
        t = type(item)
        if t is str or t is int or item is None or t is float or t is bool:
            append(item)
            continue
        cached = _ENUMS.get(id(item))
        if cached is not None and cached[0] is item:
            append(cached[1])
            continue
        if depth < MAX_DEPTH and (issubclass(t, list) or issubclass(t, tuple)) and not _is_enum_type(t):
            budget[0] = left
            append(listed(item, depth + 1, budget))
            left, keep = budget[0], False
        else:
            append(key_of(item))
            keep = keep and type(keys[-1]) is str  # an enum member (cached now), not an object by its type
    budget[0] = left
    size = _LIST_LEN(value) if is_list else _TUPLE_LEN(value)  # after: another thread may have changed it
    if size > len(keys):
        append(More(size - len(keys)))
        keep = False
    return Listed(keys), keep


# lists of plain values and enum members seen before: the ids of their items -> (the items, the
# key), so that a list like one seen before costs a tuple of ids and an identity check per item
_LISTS: dict[tuple, tuple] = {}
_LISTS_KEPT = 256


def _known_list(value) -> Listed:
    """`listed` for an exact list or tuple, through `_LISTS`."""
    if (_LIST_LEN(value) if type(value) is list else _TUPLE_LEN(value)) > MAX_ITEMS:
        return listed(value)
    ids = tuple(map(id, value))
    hit = _LISTS.get(ids)
    if hit is not None and all(map(is_, hit[0], value)):
        return hit[1]
    key, keep = _listed(value, 1, [MAX_ITEMS])
    if keep:
        if len(_LISTS) >= _LISTS_KEPT:
            _LISTS.clear()
        _LISTS[ids] = (tuple(value), key)
    return key


def _is_enum_type(t: type) -> bool:
    return any(k is enum.Enum for k in _MRO(t))


def plain(value):
    """A key value as JSON: markers become {"not_read": reason} / "<Type>"; a `Listed` a list of
    its items' JSON, its `More` {"more": count}; a `Named` {"member": "Lvl.HIGH", "value": 3},
    {"class": "Fla"} or {"function": "pick"}."""
    t = type(value)
    if t is NotRead:
        return {"not_read": value.reason}
    if t is Opaque:
        return f"<{value.name}>"
    if t is Raised:
        return {"raised": value.name}
    if t is Listed:
        return [plain(item) for item in value]
    if t is More:
        return {"more": value.count}
    if t is Named:
        return {value.kind: value.name, **({"value": value.value} if value.value is not None else {})}
    return value


# ---------------------------------------------------------------- verdicts per (type, site)

PLAIN = "plain"  # plain bytecode reads it with no code of the program (cache the type)
DICT = "dict"  # read it from the instance or module dict (a `__getattr__` would run on a miss)
SLOT = "slot"  # read through the slot descriptor (a `__getattr__` would run on an empty slot)
MAPPING = "mapping"  # dict.get, no __missing__


def attribute_verdict(t: type, name: str):
    """How `obj.name` can be read for objects of type `t`: PLAIN, DICT, SLOT or a NotRead."""
    getattribute, _ = class_attr(t, "__getattribute__")
    if id(getattribute) not in _DEFAULT_GETATTRIBUTE and not generic_getattribute(getattribute):
        if getattribute is type.__dict__["__getattribute__"]:
            return not_read(f"attribute of a class ({_qual(t)})")
        return not_read(f"{_qual(t)} defines __getattribute__")
    attr, owner = class_attr(t, name)
    if issubclass(t, types.ModuleType) and (owner is None or owner is types.ModuleType or owner is object):
        return DICT  # a module subclass's own class attributes (a property) are judged below
    has_getattr = class_attr(t, "__getattr__")[0] is not None
    if owner is None:
        return DICT if has_getattr else PLAIN
    kind = type(attr)
    getter = class_attr(kind, "__get__")[0]
    if getter is None:
        return PLAIN  # a plain class value, which the instance dict may shadow
    if kind is types.MemberDescriptorType:
        return SLOT if has_getattr else PLAIN
    if kind is types.GetSetDescriptorType:
        if name == "__dict__" or _trusted_c(t):
            return PLAIN
        return not_read(f"C attribute {_qual(owner)}.{name} on a Python subclass ({_qual(t)})")
    data = class_attr(kind, "__set__")[0] is not None or class_attr(kind, "__delete__")[0] is not None
    if data:  # a property, or another data descriptor: its getter is the program's code
        what = "property" if issubclass(kind, property) else f"descriptor ({_qual(kind)})"
        return not_read(f"{what} {_qual(owner)}.{name}")
    if kind in _PLAIN_METHODS:  # a method: binding it runs no code (the instance dict may shadow it)
        return PLAIN if not has_getattr else DICT
    return DICT  # a non-data descriptor written in Python: only an instance-dict value is safe


_GENERIC: dict[int, tuple[object, bool]] = {}  # id of a slot wrapper -> (the wrapper, whether it is generic)
_SIMPLE_NAMESPACE_GETATTRIBUTE = types.SimpleNamespace.__dict__.get("__getattribute__")  # (none on 3.13+: object's)
_GENERIC_POINTER: list = []  # [the C function of `object.__getattribute__`, the reader], or [None]


def generic_getattribute(getattribute) -> bool:
    """Whether a C type's `__getattribute__` (a slot wrapper) is CPython's generic lookup, as
    `object`'s is (`types.SimpleNamespace`, `functools.partial`, `BaseException` set it in C): it
    runs no code but the descriptors `attribute_verdict` judges. A C lookup of its own is not
    (`weakref.proxy` reads its referent, `super` runs descriptors), nor a Python `__getattribute__`.
    Told by the C function the wrapper wraps (its last field), read through ctypes once per type;
    where that cannot be read (no ctypes, another implementation), only SimpleNamespace's counts."""
    if type(getattribute) is not types.WrapperDescriptorType:
        return False
    entry = _GENERIC.get(id(getattribute))
    if entry is None or entry[0] is not getattribute:
        entry = _GENERIC[id(getattribute)] = (getattribute, _wraps_generic(getattribute))
    return entry[1]


def _wraps_generic(getattribute) -> bool:
    if getattribute is _SIMPLE_NAMESPACE_GETATTRIBUTE:
        return True
    if not _GENERIC_POINTER:
        _GENERIC_POINTER[:] = _generic_pointer()
    reference = _GENERIC_POINTER[0]
    if reference is None:
        return False
    try:
        return _GENERIC_POINTER[1](getattribute) == reference
    except Exception:
        return False


def _generic_pointer() -> list:
    """[the C function `object.__getattribute__` wraps, a reader of a wrapper's C function], or
    [None] where it cannot be read, or the read fails its check (module's lookup is its own)."""
    try:
        import ctypes
        import sys

        if sys.implementation.name != "cpython":
            return [None]
        offset = types.WrapperDescriptorType.__basicsize__ - ctypes.sizeof(ctypes.c_void_p)  # `d_wrapped`: the last field

        def wrapped(descriptor) -> int | None:
            return ctypes.c_void_p.from_address(id(descriptor) + offset).value

        reference = wrapped(object.__dict__["__getattribute__"])
        if not reference or reference == wrapped(types.ModuleType.__dict__["__getattribute__"]):
            return [None]  # the field read is not the wrapped function
        return [reference, wrapped]
    except Exception:
        return [None]


_PLAIN_METHODS = (types.FunctionType, types.MethodDescriptorType, types.WrapperDescriptorType,
                  types.BuiltinFunctionType, staticmethod)


def subscript_verdict(t: type, key):
    """How `obj[key]` can be read for objects of type `t`: PLAIN, MAPPING or a NotRead."""
    if t is dict or t is list or t is tuple:
        return PLAIN
    getitem, owner = class_attr(t, "__getitem__")
    if issubclass(t, dict):
        return MAPPING if owner is None or not _is_heap(owner) else not_read(f"{_qual(owner)} defines __getitem__")
    if issubclass(t, (list, tuple)) and (owner is None or not _is_heap(owner)):
        return PLAIN  # a C subclass (torch.Size): its C __getitem__ returns the stored item
    if issubclass(t, (list, tuple)):
        return not_read(f"{_qual(owner)} defines __getitem__")
    return not_read(f"subscript of {_qual(t)} (not a dict, list or tuple)")


def instance_dict(obj):
    """The instance `__dict__` through the C getter, or None."""
    descriptor, owner = class_attr(type(obj), "__dict__")
    if type(descriptor) is types.GetSetDescriptorType or type(descriptor) is types.MemberDescriptorType and not _is_heap(owner):
        # (a C type's `__dict__` member, as SimpleNamespace's, reads the stored dict: no code runs)
        try:
            found = descriptor.__get__(obj)
        except Exception:
            return None
        return found if type(found) is dict else None
    if issubclass(type(obj), types.ModuleType):
        return _MODULE_DICT(obj)
    return None


class Site:
    """One step of an atom chain: `.name` or `[key]`, with the type it verified last (or, right
    after a global that holds a module, the module object itself). `guard` is the fast reader's
    check on the object the step reads from."""

    __slots__ = ("index", "attribute", "name", "verdicts", "cell", "by_identity", "guard")

    def __init__(self, index: int, attribute: bool, name, by_identity: bool = False) -> None:
        self.index = index
        self.attribute = attribute
        self.name = name  # attribute name, or the subscript's constant key
        self.verdicts: dict[int, tuple[type, object]] = {}
        self.cell = None  # the closure cell the checked reader compares against
        self.by_identity = by_identity  # the cell holds a module object, compared with `is`
        self.guard: Guard | None = None

    def verdict(self, t: type):
        entry = self.verdicts.get(id(t))
        if entry is None or entry[0] is not t:
            verdict = attribute_verdict(t, self.name) if self.attribute else subscript_verdict(t, self.name)
            entry = self.verdicts[id(t)] = (t, verdict)
        return entry[1]

    def read(self, obj):
        """The slow path: verify `type(obj)`, read the step, remember what the fast paths may
        read with plain bytecode. Never raises."""
        try:
            return self._read(obj)
        except Exception as exc:  # a probe bug must not reach the program
            return not_read(f"probe error: {type(exc).__name__}")

    def _read(self, obj):
        t = type(obj)
        if t is NotRead:
            return obj
        verdict = self.verdict(t)
        if type(verdict) is NotRead:
            return verdict
        if verdict is PLAIN:
            if self.cell is not None and not self.by_identity:
                self.cell.cell_contents = t
                if self.guard is not None:
                    self.guard.offer(obj)
            try:
                return getattr(obj, self.name) if self.attribute else obj[self.name]
            except (AttributeError, KeyError, IndexError, TypeError):
                return not_read(f"no {self._text()} on {_qual(t)}")
        if verdict is MAPPING:
            found = _DICT_GET(obj, self.name, _MISSING)
            if found is _MISSING:
                has_missing = class_attr(t, "__missing__")[0] is not None
                return not_read(f"key {self.name!r} absent" + ("; __missing__ would run" if has_missing else ""))
            return found
        if verdict is SLOT:
            descriptor, _ = class_attr(t, self.name)
            try:
                return descriptor.__get__(obj, t)
            except AttributeError:
                return not_read(f"slot {self.name} empty; __getattr__ would run")
        own = instance_dict(obj)  # DICT
        found = _MISSING if own is None else _DICT_GET(own, self.name, _MISSING)
        module = issubclass(t, types.ModuleType)
        if found is _MISSING:
            hook = "module __getattr__" if module else "__getattr__ or a descriptor"
            return not_read(f"{self.name} not in the __dict__ of {_qual(t)}; {hook} would run")
        if self.by_identity and self.cell is not None and plain_module(obj, (self,)):
            self.cell.cell_contents = obj  # plain reads of this module are dict reads
            if self.guard is not None:
                self.guard.offer(obj)
        return found

    def _text(self) -> str:
        return f".{self.name}" if self.attribute else f"[{self.name!r}]"


def plain_module(obj, sites) -> bool:
    """Whether plain bytecode reads `obj.name` for every site from the module's dict alone: an
    exact module (a subclass may define properties), no module `__getattr__`, and no name that
    the module type itself defines (`__annotations__` is a getter that writes to the dict)."""
    if type(obj) is not types.ModuleType:
        return False
    own = _MODULE_DICT(obj)
    return "__getattr__" not in own and all(
        site.attribute and class_attr(types.ModuleType, site.name)[1] is None for site in sites)


class Guard:
    """The fast reader's check on one object of the chains (`self`, `self.cfg`, a module): the
    type for which every step read from that object is a plain read, or, for a module, the
    module itself. Set by the checked reader once it has verified one of those steps."""

    __slots__ = ("index", "sites", "cell", "by_identity")

    def __init__(self, index: int, by_identity: bool = False) -> None:
        self.index = index
        self.sites: list[Site] = []
        self.cell = None  # the closure cell the fast reader compares against
        self.by_identity = by_identity

    def offer(self, obj) -> None:
        if self.cell is None:
            return
        if self.by_identity:
            if plain_module(obj, self.sites):
                self.cell.cell_contents = obj
            return
        t = type(obj)
        if all(site.verdict(t) is PLAIN for site in self.sites):
            self.cell.cell_contents = t


_MISSING = object()


# ---------------------------------------------------------------- parsing atom texts


def parse_atom(text: str):
    """An atom's text -> (root name, [(is_attribute, name_or_key)]) or None when it is not a
    chain of attributes and constant subscripts on a name."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return None
    steps = []
    while True:
        if isinstance(node, ast.Attribute):
            steps.append((True, node.attr))
            node = node.value
        elif isinstance(node, ast.Subscript) and _constant_key(node.slice) is not None:
            steps.append((False, _constant_key(node.slice)))
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id, steps[::-1]
        else:
            return None


def _constant_key(node: ast.expr):
    """A subscript's constant key: a str or an int, a negative one included (`lst[-1]` is read
    through the same C lookup as `lst[0]`); None for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
            and type(node.operand.value) is int:
        return -node.operand.value
    if isinstance(node, ast.Constant) and type(node.value) in (int, str):
        return node.value
    return None
