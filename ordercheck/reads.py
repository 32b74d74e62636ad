"""What a model read of its project, recorded while it is built, and whether another version of
the project answers every one of those reads the same way. No I/O.

A model is a function of what the extractor reads: the modules it looks up (found or not) and,
in each, the entries of the tables an index keeps (functions, classes, constants, imports,
module names, stable names, dispatch tables). Where another version gives each of those reads the
same answer, building the model there gives the same model, and `diff` need not build it.

An index's tables are wrapped (`watch`) so that every look-up, membership test and walk over a
table is noted, whatever part of the extractor makes it: a walk notes the whole table. A read
answers the same in two versions when the file's text is the same, or when the entry is: the
same literal, the same definition (its syntax tree without positions, and for a class what the
module says of it: constants, members, enum kind), the same import, the same membership. Only
positions are left out: a function that moved, with everything it reads, is the same decision.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Set
from contextlib import contextmanager

from .extract.index import ModuleIndex

_TABLES = ("functions", "classes", "constants", "imports", "tables", "globals", "stable", "immutable", "import_refs",
           "member_aliases")  # (the last two: what a name computed as the module is imported is bound to; round 38)
_ACTIVE: list["Reads"] = []  # the models being built, innermost last
_WHOLE = "*"  # a walk over a table: every entry and which keys there are


class Reads:
    """The modules a model looked up and the table entries it read, by module path."""

    def __init__(self) -> None:
        self.paths: dict[str, set[tuple[str, str]]] = {}  # path -> {(table, key)}
        self.searches: set = set()  # the tree searched by text (`extract.outside.Search`)

    def module(self, path: str) -> None:
        self.paths.setdefault(path, set())

    def entry(self, path: str, table: str, key) -> None:
        self.paths.setdefault(path, set()).add((table, key))


@contextmanager
def recording():
    """Note every read made meanwhile (nested recordings note into each enclosing one)."""
    reads = Reads()
    _ACTIVE.append(reads)
    try:
        yield reads
    finally:
        _ACTIVE.remove(reads)


def note_module(path: str) -> None:
    for reads in _ACTIVE:
        reads.module(path)


def note_search(search) -> None:
    """The tree was searched by text (an `outside.Search`: what other
    modules may do to a name; round 24: a module of the tree newly changing a list the decision
    walks was not among the reads, and the old version's model was taken to be the new one's)."""
    for reads in _ACTIVE:
        reads.searches.add(search)


def _note(where: tuple[str, str], key) -> None:
    if _ACTIVE:
        for reads in _ACTIVE:
            reads.entry(where[0], where[1], key)


class _Table(dict):
    """A dict that notes its reads while a model is being built."""

    __slots__ = ("_where",)

    def __getitem__(self, key):
        _note(self._where, key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        _note(self._where, key)
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        _note(self._where, key)
        return dict.__contains__(self, key)


class _Names(Set):
    """A set of names that notes its reads while a model is being built. Not a `set`: CPython's
    own set operations read another set's items without iterating it, and would go unnoticed;
    every operation of this one goes through `__contains__` and `__iter__`."""

    __slots__ = ("_items", "_where")

    def __init__(self, items) -> None:
        self._items = set(items)

    def __contains__(self, key) -> bool:
        _note(self._where, key)
        return key in self._items

    def __iter__(self):
        _note(self._where, _WHOLE)
        return iter(self._items)

    def __len__(self) -> int:
        _note(self._where, _WHOLE)
        return len(self._items)

    def __repr__(self) -> str:
        return f"_Names({self._items!r})"


def _whole(base: type, name: str):
    """`base.name` noting a read of the whole table first."""
    method = getattr(base, name)

    def whole(self, *args, **kwargs):
        _note(self._where, _WHOLE)
        return method(self, *args, **kwargs)

    whole.__name__ = name
    return whole


for _name in ("__iter__", "__len__", "keys", "values", "items", "copy", "__eq__", "__ne__", "__or__", "__ror__"):
    setattr(_Table, _name, _whole(dict, _name))


def watch(index) -> None:
    """Wrap a module index's tables so that reads made while recording are noted (once per
    index; the tables keep their contents and their behaviour)."""
    if getattr(index, "_watched", False):
        return
    for table in _TABLES:
        _wrap(index, table, index.path, table)
    for info in dict.values(index.classes):
        for table in _CLASS_TABLES:
            _wrap(info, table, index.path, f"{table}@{info.qualname}")
    index._watched = True


_CLASS_TABLES = ("methods", "constants", "tables", "body", "import_refs", "member_aliases")  # a class's own tables: read
# entry by entry too


def _wrap(owner, field: str, path: str, table: str) -> None:
    raw = getattr(owner, field)
    wrapped = _Table(raw) if isinstance(raw, dict) else _Names(raw)
    wrapped._where = (path, table)
    setattr(owner, field, wrapped)


# ---------------------------------------------------------------- the same answer in another version


def same_reads(reads: Reads, old, new, same_text) -> bool:
    """Whether every read in `reads` (made in the project `new`) answers the same in `old`: both
    are `extract.Project`s; `same_text(path)` says whether a file's text is the same in both."""
    for search in reads.searches:  # the same files found, each the same text
        found = new.search(search)
        if old.search(search) != found or not all(same_text(path) for path in found):
            return False
    for path, entries in reads.paths.items():
        if same_text(path):
            continue
        a, b = old.module(path), new.module(path)
        if not isinstance(a, ModuleIndex) or not isinstance(b, ModuleIndex):
            return False  # a module that appeared, vanished or no longer parses
        for table, key in entries:
            if _fact(a, table, key) != _fact(b, table, key):
                return False
    return True


def _fact(index, table: str, key) -> object:
    kind, _, qualname = table.partition("@")
    if qualname:  # a class's methods or constants
        owner = dict.get(index.classes, qualname)
        if owner is None:
            return _MISSING
    else:
        owner = index
    raw = getattr(owner, kind)
    if isinstance(raw, _Names):
        raw = raw._items
    if key == _WHOLE:
        keys = sorted(dict.keys(raw) if isinstance(raw, dict) else raw, key=repr)
        return tuple((k, _fact(index, table, k)) for k in keys)
    if isinstance(raw, (set, frozenset)):
        return key in raw
    if not dict.__contains__(raw, key):
        return _MISSING
    value = dict.__getitem__(raw, key)
    if kind == "constants":
        return _literal(value)
    if kind in ("tables", "body", "import_refs", "member_aliases"):
        return tree_digest(value)
    if kind == "classes":
        return class_digest(value)
    if kind in ("functions", "methods"):
        return function_digest(value)
    return repr(value)  # an ImportRef


_MISSING = ("<missing>",)


def _literal(value: object) -> object:
    if isinstance(value, tuple):  # (a list's or a set's kind too: `(1, 2)` -> `[1, 2]` is a change; round 35)
        return (type(value).__name__, tuple(_literal(v) for v in value))
    return (type(value).__name__, repr(value))


def class_digest(info) -> tuple:
    """A class as the extractor sees it apart from its methods and constants (read entry by
    entry): its bases, whether and which enum it is, its decorators and keywords."""
    known = info.__dict__.get("_read_digest")
    if known is None:
        known = (info.qualname, info.bases, info.members, tuple(sorted((n, _literal(v)) for n, v in info.member_values.items())),
                 info.is_enum, info.int_like, info.members_known, tuple(sorted(info.aliases.items())),
                 tree_digest(ast.Module(body=[ast.Expr(d) for d in info.node.decorator_list], type_ignores=[])),
                 tuple(ast.unparse(k) for k in info.node.keywords))  # (`@dataclass(eq=False)`, a metaclass: round 17)
        info._read_digest = known
    return known


def function_digest(fn) -> tuple:
    """A function or method: its syntax without positions, its kind, and its class."""
    known = fn.__dict__.get("_read_digest")
    if known is None:
        known = (fn.qualname, fn.kind, tree_digest(fn.node), class_digest(fn.cls) if fn.cls is not None else None)
        fn._read_digest = known
    return known


def tree_digest(tree: ast.AST) -> str:
    """A digest of a syntax tree without positions, written without recursion (a 1,000-`elif`
    chain is a tree 1,000 deep, past `ast.dump`). Docstrings and other string statements are left
    out, as is a string's `u` prefix: a formatter re-indents docstrings, and no model reads them.
    The tree is written in prefix order: each node type has a fixed number of fields and each list
    its length, so the text reads back one way only."""
    out: list[str] = []
    stack: list = [tree]
    fields = _FIELDS
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is list:
            out.append(f"[{len(node)}")
            stack.extend(reversed(node))
        elif isinstance(node, ast.AST):
            if kind is ast.Expr and type(node.value) is ast.Constant and type(node.value.value) is str:
                out.append("S")  # a string statement: present, whatever it says
                continue
            names = fields.get(kind)
            if names is None:
                names = fields[kind] = tuple(reversed([f for f in kind._fields if f != "kind"]))
            out.append(kind.__name__)
            stack.extend(getattr(node, f, None) for f in names)
        else:
            out.append(repr(node))
    return hashlib.blake2b("\0".join(out).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


_FIELDS: dict[type, tuple[str, ...]] = {}


__all__ = ["Reads", "recording", "note_module", "watch", "same_reads", "class_digest", "function_digest", "tree_digest"]
