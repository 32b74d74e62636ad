"""The program's objects as the decision reads them: attribute chains and subscripts of parameters
and module globals ("paths", keyed by their text), tracked through writes and calls.

A heap is a persistent chain of events, newest first, like mypy's binder frames keyed by
expression: a `Write` sets one path to a value (reads below it go through that value); a `Havoc`
says some paths may have changed to something unknown (an unmodeled call, a write through a
possible alias); a `Merge` joins the heaps of two arms of an `if`. Reading a path walks the
chain: the newest event that may affect it decides, so two reads with nothing in between are the
same atom, and a read after a possible change is a new atom whose `version` names the event.
Objects the function makes and classes of the tree have roots of their own (`<object 2>`,
`<class m.py::C>`), not their text (two `C()` are two objects): a write to the own attribute of
one leaves the own attributes of the others alone (`_apart`); any other path through the same
attribute may be an alias of it and reads a new atom.

Known blind spots, as in every analyser of this kind: reading an attribute or comparing values
is assumed to run no code that changes state (properties of other classes, `__getattr__`,
`__eq__`); module state changed from another module is not seen.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from ..formula import ite
from ..model import Formula, Term, Value

ALL = "*"


@dataclass(frozen=True)
class Write:
    path: str
    value: Value
    key: str  # names the event in versions of possibly aliased paths
    line: int
    root: str = ""  # the object written, where known exactly (`object_root`): "" where any may be
    shown: str = ""  # the path as the code spells it, for notes (`C().x` of `<object 2>.x`)


@dataclass(frozen=True)
class Havoc:
    """Paths that may have changed: every path (`scope` ALL), paths with a component `.attr`
    (scope `.attr`), every subscript (scope `[`), or paths under a root (scope `root.`)."""

    scope: str
    key: str  # the version given to reads it affects: `after f() #1`
    why: str  # for notes: "`f()` at line 12"
    line: int
    spare: str = ""  # a path it leaves alone (the exact path of a write)
    certain: bool = False  # the function's own change (`d["x"] = v` for `d.get("x")`), no possible one: the
    # paths are unknown after it even where unmodeled calls are assumed to change nothing
    root: str = ""  # as `Write.root`: the `.attr` of that object changed, no other known object's


@dataclass(frozen=True)
class Merge:
    cond: Formula
    then: "Heap"
    other: "Heap"


_UNSEEN = object()


class Heap:
    """One node of the persistent event chain. `Heap()` is the state on entry."""

    __slots__ = ("event", "parent", "_memo", "depth", "writes", "writer")

    def __init__(self, event: Write | Havoc | Merge | None = None, parent: "Heap | None" = None) -> None:
        self.event = event
        self.parent = parent
        self._memo: dict[str, Value] = {}
        self.depth = 0 if parent is None else parent.depth + 1
        # whether this event writes (a `Write`, or a `Merge` with one in an arm), and the nearest
        # node before it that does. A read of the value on entry (`read(..., entry=True)`) passes
        # over every other event (each unmodeled call is one): it jumps from writer to writer.
        self.writes = isinstance(event, Write) or (isinstance(event, Havoc) and event.certain) \
            or (isinstance(event, Merge) and _writes(event, parent))
        self.writer: Heap | None = None if parent is None else parent if parent.writes else parent.writer

    def write(self, path: str, value: Value, key: str, line: int, root: str = "", shown: str = "") -> "Heap":
        return Heap(Write(path, value, key, line, root, shown), self)

    def havoc(self, scope: str, key: str, why: str, line: int, certain: bool = False, root: str = "") -> "Heap":
        return Heap(Havoc(scope, key, why, line, certain=certain, root=root), self)

    @staticmethod
    def merge(cond: Formula, then: "Heap", other: "Heap") -> "Heap":
        if then is other:
            return then
        base = _common_ancestor(then, other)
        return Heap(Merge(cond, then, other), base)

    def read(self, path: str, fresh: Callable[[str, str, str, int], Value], project: Callable[[Value, str], Value],
             entry: bool = False) -> Value:
        """The value of `path` here. `fresh(path, version, why, line)` makes the atom of an unknown
        value; `project(value, suffix)` reads `.x` / `[k]` below a written value. With `entry`,
        events that make a read a new atom are passed over: the value the path would have if no
        unmodeled code had run (a written value, or the value on entry), which is what a read
        after such events stood for before them (`Term.prior`)."""
        key = ("entry", path) if entry else path
        node: Heap | None = self
        chain: list[Heap] = []
        result: Value | None = None
        while node is not None:
            hit = node._memo.get(key)  # type: ignore[call-overload]
            if hit is not None:
                result = hit
                break
            chain.append(node)
            if node.event is None:
                result = fresh(path, "", "", 0, None)
                break
            if entry and not node.writes:
                node = node.writer  # nothing from here to it can make the value on entry another
                if node is None:  # no write back to the entry
                    result = fresh(path, "", "", 0, None)
                    break
                continue
            result = _event_value(node, path, fresh, project, entry)
            if result is not None:
                break
            node = node.parent
        assert result is not None
        for n in chain:
            n._memo[key] = result  # type: ignore[index]
        return result

    def read_until(self, path: str, stop: "Heap | None", fresh, project, entry: bool = False) -> Value | None:
        """Like `read`, but None when no event between here and `stop` affects the path. Kept
        per (path, stop): nested merges read the same stretch of events again and again."""
        key = (path, id(stop), entry)
        hit = self._memo.get(key, _UNSEEN)  # type: ignore[call-overload]
        if hit is _UNSEEN:
            hit = self._memo[key] = self._read_until(path, stop, fresh, project, entry)  # type: ignore[index]
        return hit

    def _read_until(self, path: str, stop: "Heap | None", fresh, project, entry: bool) -> Value | None:
        node: Heap | None = self
        while node is not None and node is not stop:
            if entry and not node.writes:
                node = node.writer  # as in `read`: only writes matter to the value on entry
                if node is None or (stop is not None and node.depth <= stop.depth):
                    return None  # no write in the stretch (`stop` is an ancestor of this node)
                continue
            if node.event is not None:
                value = _event_value(node, path, fresh, project, entry)
                if value is not None:
                    return value
            node = node.parent
        return None

    def events(self, stop: "Heap | None" = None):
        """The events from here back to `stop`, newest first (merges are not entered)."""
        node: Heap | None = self
        while node is not None and node is not stop:
            if node.event is not None:
                yield node.event
            node = node.parent


def _event_value(node: Heap, path: str, fresh, project, entry: bool) -> Value | None:
    """What the event at `node` (not the entry) makes `path`, or None where it leaves it alone
    (with `entry`, events that would make it a new atom leave it alone too)."""
    event = node.event
    if isinstance(event, Merge):
        a = event.then.read_until(path, node.parent, fresh, project, entry)
        b = event.other.read_until(path, node.parent, fresh, project, entry)
        if a is None and b is None:
            return None
        base = None
        if a is None or b is None:
            base = node.parent.read(path, fresh, project, entry) if node.parent is not None else fresh(path, "", "", 0, None)
        return ite(event.cond, a if a is not None else base, b if b is not None else base)
    effect = _affects(event, path, project)  # type: ignore[arg-type]
    if isinstance(effect, _Fresh) and isinstance(event, Havoc) and event.certain:
        # changed by the function in a way the model does not follow: unknown in every mode
        return Term(f"<{path} after {event.why}>", event.line, "opaque")
    if effect is None or (entry and isinstance(effect, _Fresh)):
        return None
    if not isinstance(effect, _Fresh):
        return effect
    # the new atom a read after the event gets, remembering what it stood for before every such
    # event (not the atom of the previous one: a chain as long as the calls before it)
    before = node.parent.read(path, fresh, project, entry=True) if node.parent is not None else fresh(path, "", "", 0, None)
    return fresh(path, effect.key, effect.why, effect.line, before)


@dataclass(frozen=True)
class _Fresh:
    key: str
    why: str
    line: int


def _affects(event: Write | Havoc, path: str, project) -> Value | _Fresh | None:
    if isinstance(event, Write):
        if path == event.path:
            return event.value
        if path.startswith(event.path) and path[len(event.path)] in ".[":
            return project(event.value, path[len(event.path):])
        # a write to `a.f` may change `b.f` where b aliases a: every other path through `.f`
        last = _last_component(event.path)
        if last is not None and last in _components(path) and not _apart(event.root, path):
            return _Fresh(event.key, f"the write to `{event.shown or event.path}` at line {event.line}", event.line)
        return None
    if event.spare and (path == event.spare or path.startswith(event.spare + ".")):
        return None
    if _apart(event.root, path):
        return None
    if event.scope == ALL:
        return _Fresh(event.key, event.why, event.line)
    if event.scope.endswith(".") and (path + ".").startswith(event.scope):
        return _Fresh(event.key, event.why, event.line)
    if event.scope in _components(path):
        return _Fresh(event.key, event.why, event.line)
    return None


OBJECT_ROOT = "<object "  # an object the function made (`<object 2>`: the second one), `object_root`
CLASS_ROOT = "<class "  # a class of the tree, whatever name reads it (`interpreter.class_key`)


def _apart(root: str, path: str) -> bool:
    """Whether a change of an attribute of the object `root` (known exactly) leaves `path` alone:
    `path` is an attribute of another known object itself (`<object 2>.x`, `<class ...::B>.x`;
    deeper, `<object 2>.inner.x` may be reached through the same `inner`). An object's own
    attribute is no other object's and no class's; a class's own is no other class's (a read of
    a class's attribute walks its bases' first, `written_on_the_way`), but an instance may read
    it (round 35: `a.off()` on one of two `C()` objects changed the other's)."""
    if not root or not path.startswith((OBJECT_ROOT, CLASS_ROOT)):
        return False
    end = path.find(">")
    other, rest = path[:end + 1], path[end + 1:]
    if other == root or not rest.startswith(".") or "." in rest[1:] or "[" in rest:
        return False
    return root.startswith(OBJECT_ROOT) or other.startswith(CLASS_ROOT)


def _last_component(path: str) -> str | None:
    parts = _components(path)
    return parts[-1] if parts else None


@functools.lru_cache(maxsize=100_000)
def _components(path: str) -> tuple[str, ...]:
    """`self.a[k].b` -> ['.a', '[', '.b'] (subscripts all count as one kind of component)."""
    out: list[str] = []
    depth = 0
    i = 0
    start = None
    while i < len(path):
        ch = path[i]
        if ch in "([{":
            if depth == 0 and ch == "[":
                out.append("[")
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "." and depth == 0:
            start = i
            j = i + 1
            while j < len(path) and (path[j].isalnum() or path[j] == "_"):
                j += 1
            out.append(path[start:j])
            i = j
            continue
        i += 1
    return tuple(out)


def _writes(merge: Merge, base: Heap | None) -> bool:
    """Whether an arm of `merge` writes between its end and `base`, the arms' common ancestor."""
    for arm in (merge.then, merge.other):
        writer = arm if arm.writes else arm.writer
        if writer is not None and (base is None or writer.depth > base.depth):
            return True
    return False


def _common_ancestor(a: Heap, b: Heap) -> Heap | None:
    while a.depth > b.depth:
        a = a.parent  # type: ignore[assignment]
    while b.depth > a.depth:
        b = b.parent  # type: ignore[assignment]
    while a is not b:
        a, b = a.parent, b.parent  # type: ignore[assignment]
        if a is None or b is None:
            return None
    return a


def is_heap_term(term: Term) -> bool:
    return term.kind in ("attr", "subscript", "name", "call")
