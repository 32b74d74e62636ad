"""The abstract interpreter: one run over a target function and everything it inlines.

It executes the body symbolically, path by path, with Python's own scoping (a parameter shadows a
module constant; a name assigned anywhere in a function is local to all of it), the heap model of
`heap.py`, and the statements, expressions and calls of the mixins. What it cannot model exactly it
makes unknown and notes at its line; nothing is silently assumed.
"""

from __future__ import annotations

import ast
import functools
import itertools
import re
from dataclasses import dataclass, field

from ..formula import arms
from ..model import TRUE, And, Compare, Ite, Lit, Named, Not, Note, Or, Seq, Term, Truth, Value
from .formatting import FormattingMixin
from .builtins import BuiltinsMixin
from .calls import DEFAULT_PURE_CALLS, MAX_DEPTH, CallsMixin, _is_cached, _nonlocal_writes
from .lists import ListsMixin
from .names import NamesMixin
from .expressions import ExpressionsMixin, ModuleRef, _holds_list
from .heap import Heap
from .outside import Search, _defines_setter, passes
from .index import FunctionInfo, ModuleIndex, decorator_name, dotted, target_names
from .state import Exit, State
from .values import ClassRef, Mapping, contains_mapping, holds_mapping, holds_set
from .statements import StatementsMixin


@dataclass
class Frame:
    fn: FunctionInfo | None
    module: ModuleIndex
    cls: object | None
    depth: int
    locals: set[str]
    globals_declared: set[str]
    nonlocals: set[str]
    free: set[str]
    self_value: Value | None = None
    outer_env: dict | None = None
    # names the enclosing functions bind, as CPython's symtable decides it (a free name that is one reads
    # that cell, empty until bound: NameError); None where the frame is no nested function the model runs
    enclosing: frozenset[str] | None = None
    outer_writes: set[str] = field(default_factory=set)
    returns: list = field(default_factory=list)
    loops: list = field(default_factory=list)
    stop_line: int = 0
    variable: str | None = None
    cells: set[str] = field(default_factory=set)  # locals that escaped closures may write
    volatile: set[str] = field(default_factory=set)  # locals a nested function that escapes writes: unknown when read
    entry_guard: object = None  # the caller's guard when this frame was entered (states' guards are relative to it)
    closures: set[int] = field(default_factory=set)  # closures defined in this frame
    finally_blocks: list = field(default_factory=list)  # (`finally` body, loops open at its `try`), innermost last
    outcome: bool = False  # a helper whose value the target returns: what it returns reads as an outcome (`returned`)


@dataclass(frozen=True)
class Options:
    """What the user may tell the model: calls known to change nothing the decision reads
    (`pure-calls`, fnmatch patterns over the called name), context managers known not to swallow
    exceptions, and how deep calls are inlined."""

    pure_calls: tuple[str, ...] = ()
    plain_contexts: tuple[str, ...] = ()
    max_depth: int = MAX_DEPTH
    computations: bool = True  # record what facts may make raise (`computed_here`): only `check` reads them
    definitions: bool = False  # record what globals read as one value rest on (`definitions.closure`): only `diff` reads it
    snippets: bool = False  # a rule pack's example sources, which omit their imports: a name nothing binds is an input
    # inputs a rule's facts give a `str` (read on entry): their str methods run no code and change
    # nothing (`CallsMixin.exact_str`; check builds a rule's model with them where it reads one again)
    str_inputs: tuple[str, ...] = ()

_EVENT_TEXT = 80  # longest event text kept in a version key


def _short(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[:most - 3] + "..."



@functools.lru_cache(maxsize=8192)  # (per function node: every inlined call runs a frame)
def _escaping_writes(node: ast.AST) -> frozenset[str]:
    """Names of `node`'s scope that a nested function writes (`nonlocal`, at any depth) where that
    function escapes: it is read other than by a direct call in `node`'s own code (passed to a
    call, kept in a list or dict, decorated, called from a lambda or another nested function), so
    a call the model does not see may run it (exploratory round 9: `run(h)` that calls `h()`)."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or not _nonlocal_writes(node):
        return frozenset()
    writers: dict[str, set[str]] = {}
    direct: set[int] = set()  # ids of Name nodes that are the callee of a call in `node`'s own code
    escaping: set[str] = set()
    stack: list[tuple[ast.AST, bool]] = [(child, True) for child in node.body]
    while stack:
        n, own = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = _nonlocal_writes(n)
            if names and own:
                writers[n.name] = names
                if n.decorator_list or _escaping_writes(n):  # (a function it defines escapes: `return h`)
                    escaping.add(n.name)
            stack.extend((child, False) for child in ast.iter_child_nodes(n))
            continue
        if isinstance(n, ast.ClassDef):  # a class body runs where it stands: its `nonlocal` writes happen
            writers[n.name] = _nonlocal_writes(n)
            escaping.add(n.name)
            stack.extend((child, False) for child in ast.iter_child_nodes(n))
            continue
        if isinstance(n, ast.Lambda):
            stack.extend((child, False) for child in ast.iter_child_nodes(n))
            continue
        if own and isinstance(n, ast.Return) and isinstance(n.value, ast.Name):
            escaping.add(n.value.id)
        if own and isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            direct.add(id(n.func))
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and id(n) not in direct:
            escaping.add(n.id)
        stack.extend((child, own) for child in ast.iter_child_nodes(n))
    return frozenset(name for writer, names in writers.items() if writer in escaping for name in names)


_FORMULAS = (Term, Compare, Ite, Truth, Named, And, Or, Not)  # values a computation may hide in


def class_key(info) -> str:
    """A class of the tree as a heap path's root: one text whatever name the code reads it by."""
    return f"<class {info.module.path}::{info.qualname}>"


def _slots(cls) -> tuple[str, ...] | None:
    """The names a class's `__slots__` literal gives (`"x"` or a tuple or list of names), None
    where it has none or the model cannot read it."""
    slots = cls.constants.get("__slots__")
    if isinstance(slots, str):
        return (slots,)
    if isinstance(slots, tuple) and all(isinstance(s, str) for s in slots) and "__slots__" not in cls.unfollowed:
        return slots
    return None


def _frozen(chain) -> bool:
    """Whether writing an attribute of an object of the first class of `chain` (its MRO) raises:
    the first class on the way that says is a `@dataclass(frozen=True)`, not one with its own
    `__setattr__`."""
    for cls in chain:
        if "__setattr__" in cls.methods:
            return False
        for deco in cls.node.decorator_list:
            if isinstance(deco, ast.Call) and decorator_name(deco).rsplit(".", 1)[-1] == "dataclass" and any(
                    k.arg == "frozen" and isinstance(k.value, ast.Constant) and k.value.value is True for k in deco.keywords):
                return True
    return False


class Interpreter(StatementsMixin, ExpressionsMixin, NamesMixin, CallsMixin, ListsMixin, BuiltinsMixin, FormattingMixin):
    def __init__(self, project, options: Options = Options()) -> None:
        self.project = project
        self.options = options
        self.pure_patterns = (*DEFAULT_PURE_CALLS, *options.pure_calls)
        self.plain_contexts = options.plain_contexts
        self.max_depth = options.max_depth
        self.frames: list[Frame] = []
        self.exits: list[Exit] = []
        self.notes: dict[tuple[int, str], Note] = {}
        self.evaluations: dict[int, int] = {}  # id(AST node) -> times an unmodeled node was evaluated
        self.computations: list[tuple] = []  # (value, guard, line, exits before): statements' values facts may make raise
        self.helpers: dict[str, Value] = {}
        self.ignored_calls: dict[tuple[int, str], None] = {}
        self.unfollowed: dict[str, None] = {}  # texts of calls into the tree's own code that were not inlined
        self.global_reads: dict[str, dict[tuple[str, str], None]] = {}  # atom of a global read as one value -> its
        # definitions (module path, name): `definitions.closure`
        self.opaque_sources: list[str] = []  # texts of what opaque loops iterate or test (`for b in PRIORITY`)
        self.steps = 0
        self.mapping_changes = 0  # dict mutations seen: a caller's dicts may be the ones changed
        self.mapping_escaped = False  # a dict was stored where unmodeled code may reach it
        self.try_depth = 0
        self.catchers: list = []  # `_Catcher`s of the `try` bodies running, innermost last (`s_Raise`)
        self.jumps = 0  # `break`s and `continue`s seen: an arm ending in one does not exit
        self.guard_line = 0
        self.import_hops = 0
        self.variable_assigned = False
        self.version_reads: dict[tuple[str, str], tuple[int, str]] = {}
        self.paths_seen: dict[str, tuple[int, str]] = {}  # every heap path read or written
        self.enum_of: dict[str, object] = {}  # the enum class of each member prefix seen
        self.instances: dict[str, object] = {}  # `Leaf()` -> the class of the tree it is an instance of (None: two)
        self.outcome_call: ast.AST | None = None  # a call the target (or such a helper) returns: its helper's returns are outcomes
        self.getenv_nodes: dict[int, tuple[ast.AST, ast.AST]] = {}  # `os.getenv(k)` -> `os.environ.get(k)` (kept alive)
        self.environ_checked = False  # `os.environ[k]` of a conditional mapping: its KeyError is raised once, for all arms
        self.instance_checks: dict[tuple[str, str], dict[object, Term]] = {}  # object read -> class -> `isinstance` atom
        self.checked_objects: dict[tuple[str, str], Term] = {}  # object read -> its term
        self.last_event = ""  # the key of the last unmodeled call's event
        self.made_events: dict[tuple[str, str], str] = {}  # an object a class call made -> that call's event
        self.class_compares: dict[tuple[str, str], dict[object, object]] = {}  # value read -> class -> `value is class` atom
        self.type_reads: dict[tuple[str, str], tuple[str, str]] = {}  # `type(x)` read -> `x` read
        self.member_ties: dict[tuple[str, str], dict[str, tuple[Term, Term]]] = {}  # `m` read -> member text -> (m, member) tested
        self.free_reads: dict[tuple[str, str], dict[str, dict]] = {}  # `x` read -> attribute read of it as an input -> the
        # classes and members tested that it was no input under, the frame and the path it was read on
        self.testing: State | None = None  # the state a comparison is evaluated on (`e_Compare`)
        self.self_types: dict[tuple[str, str], object] = {}  # `type(self)`, `self.__class__` read -> the method's class
        self.class_texts: dict[object, str] = {}  # a class of the tree -> its text as a constant (`class_as_constant`)
        self.lookups: dict[tuple[str, str, str], list[tuple[Term, Lit]]] = {}  # (mapping, its version, key) -> `d.get(k)`s, defaults
        self.memberships: dict[tuple[str, str, str], Formula] = {}  # (mapping, its version, key) -> `k in d`
        self.none_checked: dict[int, frozenset[str]] = {}  # a function's node -> texts it compares with None
        self.environment_reads: dict[tuple[str, str], Lit | Term] = {}  # (text, version) of a read of the environment -> its default
        self.comprehension_names: list[set[str]] = []  # names comprehensions bind, innermost last
        self.changed_names: set[str] = set()  # texts of objects held by names that were changed in place
        self.unordered: set[str] = set()  # members of enums that define no order (`<` of one raises TypeError)
        self.raw_setattr = False  # a write by `object.__setattr__`, past the class's own `__setattr__`
        self.custom_ordered: set[str] = set()  # members whose order their enum's own code decides
        self.getattr_defaults: dict[tuple[str, str], str] = {}  # (object, attribute) -> `getattr(o, a, d)`'s default
        # (object, attribute, version) -> `hasattr(o, a)` read; -> `getattr(o, a, d)`s read as `o.a`, their defaults
        self.attribute_tests: dict[tuple[str, str, str], Term] = {}
        self.getattr_reads: dict[tuple[str, str, str], list[tuple[Term, Value]]] = {}
        # (mapping, its version, key) -> `k in d` of a key looked up that the function does not test itself: a fact may
        self.membership_tests: dict[tuple[str, str, str], Formula] = {}  # (`check`: the lookups follow it)
        self._events: dict[str, itertools.count] = {}

    @property
    def frame(self) -> Frame:
        return self.frames[-1]

    # ------------------------------------------------------------ frames
    def run_frame(self, fn: FunctionInfo, entry: State, self_value: Value | None, outer_env: dict | None = None,
                  stop_line: int = 0, variable: str | None = None, entry_guard=TRUE, cls: object | None = None,
                  outcome: bool = False, enclosing: frozenset[str] | None = None):
        """Run `fn`'s body from `entry`; returns ([(path, value, state)], frame) for every way it
        returns (falling off the end returns None). `cls`: the class of `self_value`, where
        `self.x` is looked up (a subclass of the one that defines `fn`, where it overrides).
        `outer_env`, `enclosing`: for a nested function, its enclosing functions' values and the
        names they bind (`Frame.enclosing`)."""
        locals_, globals_, nonlocals, free = function_scope(fn.node)
        frame = Frame(fn, fn.module, cls or fn.cls, len(self.frames), locals_, globals_, nonlocals, free,
                      self_value=self_value, outer_env=outer_env, enclosing=enclosing, stop_line=stop_line, variable=variable,
                      entry_guard=entry_guard, volatile=_escaping_writes(fn.node) & locals_, outcome=outcome)
        self.frames.append(frame)
        saved_guard_line = self.guard_line
        self.guard_line = 0
        try:
            end = self.block(fn.node.body, entry, top=True)
        finally:
            self.frames.pop()
            self.guard_line = saved_guard_line
        returns = list(frame.returns)
        if end is not None and not end.dead:
            returns.append((end.guard, Lit(None), end))
        frame.end = end  # type: ignore[attr-defined]
        return returns, frame

    def start(self, fn: FunctionInfo, variable: str | None = None, stop_line: int = 0, cls=None):
        """Run the target: parameters are atoms named as written; `self` is the instance (of
        `cls`, a subclass that inherits the method, where given)."""
        env: dict[str, Value] = {}
        a = fn.node.args
        params = [p.arg for p in [*a.posonlyargs, *a.args]]
        self_value = None
        for i, name in enumerate(params):
            if i == 0 and fn.cls is not None and fn.kind in ("method", "property"):
                self_value = Term(name, fn.node.lineno, "name")
                env[name] = self_value
            elif i == 0 and fn.cls is not None and fn.kind == "classmethod":
                from .values import ClassRef

                env[name] = ClassRef(cls or fn.cls, (cls or fn.cls).name)
            else:
                env[name] = Term(name, fn.node.lineno, "name")
        for p in a.kwonlyargs:
            env[p.arg] = Term(p.arg, fn.node.lineno, "name")
        if a.vararg is not None:
            env[a.vararg.arg] = Term(f"<*{a.vararg.arg}>", fn.node.lineno, "opaque")
        if a.kwarg is not None:
            env[a.kwarg.arg] = Term(f"<**{a.kwarg.arg}>", fn.node.lineno, "opaque")
        entry = State(TRUE, TRUE, env, Heap())
        return self.run_frame(fn, entry, self_value, stop_line=stop_line, variable=variable, cls=cls)

    # ------------------------------------------------------------ exits, notes, events
    def raise_exit(self, st: State, name: str, node: ast.AST, kind: str = "raise", caught: bool = True) -> None:
        """An exit raising `name`; inside a `try` or `with`, one that may be caught (`caught`)
        holds only where an opaque atom says it is not."""
        from ..formula import conj

        guard = self.global_guard(st)
        if self.try_depth and caught:
            from ..formula import conj, truth

            guard = conj(guard, truth(Term(f"<the {name} at line {node.lineno} is not caught>", node.lineno, "opaque")))
        line, col, guard_line = node.lineno, self.col(node), self.guard_line
        sites = self.__dict__.get("call_sites") or []
        if self.frames and self.frame.module is not self.frames[0].module and sites:
            # raised in a helper of another module: reported at the target's call of it, the
            # helper's file and line named (round 32: the helper's line in the target's file)
            line, col, guard_line = sites[0], 1, 0
            self.note(line, f"raised-in:{self.frame.module.path}:{node.lineno}",
                      f"the {name} of line {line} is raised at {self.frame.module.path}:{node.lineno}, "
                      f"in `{self.frame.fn.qualname if self.frame.fn else '?'}` that line {line} calls")
        self.exits.append(Exit(kind, guard, Term(name, node.lineno, "name"), line, col, guard_line, st,
                               self.frame.depth if self.frames else 0))

    def variable_path(self, variable: str, st: State) -> str:
        """The heap path a decision variable's attribute is written at: `x` and `self.x` of
        `self`, `alias.x` of what the local `alias` holds."""
        root, _, rest = variable.partition(".")
        if not rest:
            return f"self.{variable}"
        held = st.env.get(root)
        if root != "self" and isinstance(held, Term) and not held.is_opaque:
            return f"{held.text}.{rest}"
        return variable

    def computed_here(self, value: Value, st: State, line: int, length: int | None = None) -> None:
        """Remember a value Python computes here (`6 // n`, `mode.upper()`, `n > 5`; `a, b = mode`:
        `length` 2): facts may make it raise though no guard reads it (`model.Computation`). Not
        inside a `try`, whose handlers run under an "it raised" atom already."""
        if not self.options.computations or self.try_depth or not isinstance(value, _FORMULAS) or (isinstance(value, Term) and value.is_opaque):
            return
        self.computations.append((value, self.global_guard(st), line, len(self.exits), length))

    def global_guard(self, st: State):
        """The guard of the state as an exit of the target. In the target, first-match order
        makes tests of arms that exited implied; inside an inlined call, its own `return`s are not
        exits of the target, so the exact path is used there."""
        from ..formula import conj

        if not self.frames or self.frame.depth == 0:
            return st.guard
        return conj(self.frame.entry_guard, st.path)

    def note(self, line: int, key: str, message: str) -> None:
        self.notes.setdefault((line, key), Note(line, message))

    def note_version(self, term: Term, why: str, line: int) -> None:
        """Remember why a read is a new atom; `build` notes the ones the model keeps."""
        if why:
            self.version_reads.setdefault((term.text, term.version), (line, why))

    def event_key(self, text: str) -> str:
        # a key names the event for people (`read after f(...)`) and tells events apart by its
        # count; a call's full text, with its arguments' values rendered, can be kilobytes, and
        # keys are joined into the versions of every later read
        if len(text) > _EVENT_TEXT:
            head = text.split("(", 1)[0]
            text = f"{head}(...)" if len(head) < len(text) and len(head) <= _EVENT_TEXT else text[: _EVENT_TEXT - 3] + "..."
        counter = self._events.setdefault(text, itertools.count(1))
        return f"after {text} #{next(counter)}"

    def dead(self, st: State) -> bool:
        return st.dead

    def dotted(self, node: ast.AST) -> str | None:
        return dotted(node)

    def col(self, node: ast.AST) -> int:
        return self.frame.module.col(node) if self.frames and hasattr(node, "lineno") else getattr(node, "col_offset", 0) + 1

    def budget_tick(self, stmt: ast.stmt) -> None:
        self.steps += 1

    def setter_of(self, attr: str) -> str | None:
        """The module of a class of the tree whose `attr` is a property with a setter (`@attr.setter`,
        `attr = property(get, set)`), found by text; None where none is."""
        memo = self.__dict__.setdefault("setters", {})
        if attr not in memo:
            found = next((m.path for m in self.running_modules() if _defines_setter(m.source, attr)), None)
            for word in ("setter", "property"):
                for path in () if found is not None else self.project.search(Search(self.frame.module.path, (attr, word), through_module=False)):
                    # (what the file's text answered kept in the project: every model of a diff asks)
                    if passes(self.project._filtered, self.project.text, path, ("setter", attr)):
                        found = path
                        break
            memo[attr] = found
        return memo[attr]

    def write_target(self, target: ast.expr, value: Value, st: State, stmt: ast.stmt, deleting: bool = False) -> None:
        """`obj.attr = value` / `obj[k] = value` (`del obj[k]`: `deleting`): the written path reads
        `value` from now on; any other path through the same attribute may alias it and reads a
        new atom."""
        from .values import Ref

        line = stmt.lineno
        if isinstance(target, ast.Attribute):
            base = self.expr(target.value, st)
            prop = self.find_method(self.frame.cls, target.attr) if self.frame.cls is not None and self.is_self(base) else None
            if prop is not None and prop.kind == "property" and not _is_cached(prop):  # a cached one: the written value is its cache
                # `self.x = v` through a property's setter: code the model does not run (its
                # getter reads what the setter writes, not `self.x`)
                self.escape(value, st)
                self.unknown_call_effects(st, f"{target.attr}.setter", line, args=[value])
                return
            held = self.load(base, st)
            if not st.dead and (isinstance(held, (Seq, Mapping))
                                or isinstance(held, Lit) and isinstance(held.value, (str, tuple, type(None)))):
                # `t.x = 1` of a str, tuple, set, list, dict or None: no such object takes an
                # attribute, AttributeError (round 27: it was a write). (A number may be an
                # `IntFlag`'s member, `Feat(0)`: not said)
                self.raise_if(TRUE, st, "AttributeError", stmt)
                return
            made = self.made_class(base)
            if made is not None and not self.raw_setattr and _frozen(self.mro(made)):
                # `s.size = n` of a frozen dataclass's object: FrozenInstanceError (round 19: regions)
                self.raise_if(TRUE, st, "FrozenInstanceError", stmt)
                return
            if made is not None and self.slots_refuse(made, target.attr):
                # `o.big = v` of a class whose `__slots__` (and its bases') leave no `big` and no
                # `__dict__`: AttributeError (round 27, as round 19's frozen dataclass)
                self.raise_if(TRUE, st, "AttributeError", stmt)
                return
            if made is not None and not self.raw_setattr and self.getter_only(made, target.attr):
                # `c.mode = v` where `mode` is a `@property` with no setter: AttributeError (round 30: a write)
                self.raise_if(TRUE, st, "AttributeError", stmt)
                return
            if made is not None and any((slots := _slots(c)) is not None and target.attr not in slots and "__dict__" not in slots
                                        for c in self.mro(made)):
                # (a `__slots__` that may leave it no such attribute, where the model cannot tell: round 28,
                # `__slots__ = ()` added to a class of another module, whose write of `.mode` elsewhere
                # may be the class's, was no raise in either version, "0 decisions changed")
                from ..formula import truth

                self.raise_if(truth(Term(f"<`.{target.attr} =` at line {stmt.lineno} of a `{made.name}` object, whose "
                                         f"`__slots__` may refuse it>", stmt.lineno, "opaque")), st, "AttributeError", stmt)
            # an object the function made: its own heap root, where the write is a plain one (no
            # `__setattr__`, property setter or descriptor of its class runs code instead)
            root = self.object_root(base) if made is not None and self.plain_attribute_write(made, target.attr) else None
            if isinstance(base, Term) and base.kind == "call" and root is None:
                # the object a call returned: another call with the same text may return another
                # object (`b1 = Box(); b2 = Box(); b1.v = 2` is no write to `b2.v`; exploratory
                # fuzz), and the heap keys paths by text: every `.v` is unknown after it; through
                # `self` of a method run on it too (round 35: `a.off()` set `b.on` of `b = C()`)
                self.escape(value, st)
                st.heap = st.heap.havoc("." + target.attr, self.event_key(f".{target.attr} ="),
                                        f"the write to `{_short(base.text)}.{target.attr}` at line {line}", line)
                return
            if made is None and isinstance(base, Term) and not base.is_opaque and (setter := self.setter_of(target.attr)) is not None:
                # an object of a class the model does not know, and a class of the tree whose `attr` is a
                # property with a setter: the write may run it, and the getter read what it stored
                # (round 39: `cfg.backend = "flash"` read back, where the setter stores `v.upper()`)
                self.escape(value, st)
                self.unknown_call_effects(st, f"{target.attr}.setter of {setter}", line, args=[value])
                return
            if isinstance(base, Term) and base.kind in ("name", "attr", "subscript", "call") and not base.is_opaque:
                path = f"{base.text}.{target.attr}"
                self.paths_seen.setdefault(path, (line, "attr"))
                self.escape(value, st)
                if self.frame.depth == 0 and self.frame.variable and not isinstance(value, Ref) \
                        and self.variable_path(self.frame.variable, st) == path:
                    # the target's decision variable: each value reported at the assignment that made
                    # it (round 15: `self.x` and `alias.x` chains gave every arm the last one's line)
                    from ..model import Named

                    value = Named(self.frame.variable, self.load(value, st), line, "assignment")
                st.heap = st.heap.write(self.object_path(base, f".{target.attr}"), value if isinstance(value, Ref) else self.load(value, st),
                                        self.event_key(f"{path} ="), line, root=root or "", shown=path)
                return
            self.escape(value, st)
            # `C.X = v`, `cls.X = v` of a known class sets X on that class alone: another class's
            # own X is not changed (round 35: `Flash.bump()` made `Base.MIN` a new input)
            root = class_key(base.info) if isinstance(base, ClassRef) else ""
            st.heap = st.heap.havoc("." + target.attr, self.event_key(f".{target.attr} ="), f"the write to `.{target.attr}` at line {line}", line,
                                    root=root)
            if isinstance(base, ClassRef) and not isinstance(value, Ref):
                # `C.X = 1`: read back as `C.X` (another way to the class, `Sub.X`, `cls.X`, is
                # unknown after it, as any `.X`); round 18: `getattr(C, "X", 0)` after it was free
                path = f"{base.text}.{target.attr}"
                st.heap = st.heap.write(path, self.load(value, st), self.event_key(f"{path} ="), line, root=root)
                # and by the class itself, whatever name reads it (`D.X` of a subclass D: round 18)
                path = f"{class_key(base.info)}.{target.attr}"
                st.heap = st.heap.write(path, self.load(value, st), self.event_key(f"{path} ="), line, root=root)
            if isinstance(base, ModuleRef):  # `consts.MODE = m`: that module's name holds it now
                path = f"{base.text}.{target.attr}"
                held = value if isinstance(value, Ref) else self.load(value, st)
                st.heap = st.heap.write(path, held, self.event_key(f"{path} ="), line)
                canonical = self.module_path(base, target.attr)
                if canonical is not None:  # read through another name for the module too (round 10)
                    st.heap = st.heap.write(canonical, held, self.event_key(f"{path} ="), line)
            return
        if holds_mapping(self.load(value, st)) and not isinstance(target, ast.Name):
            self.mapping_escaped = True  # stored where another name (and unmodeled code) reaches it
        if isinstance(target, ast.Subscript):
            base = self.expr(target.value, st)
            index = self.load(self.expr(target.slice, st), st)
            if self.refused_item_write(base, index, stmt, st, deleting):
                return
            if deleting and isinstance(self.load(base, st), Mapping):
                # (the key is gone: written as a value, `"k" in d` still held; round 27)
                self.havoc_mappings(st, f"the `del` at line {line}", line, touched=True)
                return
            if self.own_mapping_write(target, base, index, value, st):
                return
            if not isinstance(base, Ref):
                self.havoc_mappings(st, f"the item write at line {line}", line, touched=holds_mapping(self.load(base, st)))
            lists = [arm for arm in arms(base) if isinstance(arm, Ref)]  # a list, or one of several
            for ref in lists:
                st.objects[ref.oid] = None
            if lists:
                self.note(line, "list-item-write", "an item write to a list is not modeled: the list is unknown after it")
            if isinstance(base, Ref):
                return
            # (`opts[k] = v` of a parameter: it may be a module's dict or list constant; round 35)
            self.change_unnamed(st, f"the item write at line {line}", line)
            self.escape(value, st)
            if isinstance(base, Term) and (base.text.endswith(".__dict__") or base.text.startswith(("vars(", "globals("))):
                # an item of an object's (or module's) `__dict__` is one of its attributes: of a known
                # object, a certain change of its attributes (the function's own)
                from .calls import _instance_dict_owner

                owner = _instance_dict_owner(base)
                st.heap = st.heap.havoc(owner + "." if owner else "*", self.event_key("__dict__[...] ="),
                                        f"the write to `{ast.unparse(target)}` at line {line}", line, certain=owner is not None)
                return
            if isinstance(base, Term) and not base.is_opaque:
                from .expressions import _text

                path = f"{base.text}[{_text(index)}]"
                st.heap = st.heap.havoc("[", self.event_key(f"{path} ="), f"the write to `{path}` at line {line}", line)
                # what else reads the object (`d.get("x")`, `"x" in d`) reads the item written too:
                # unknown after it, even where calls are assumed to change nothing (this is no call)
                st.heap = st.heap.havoc(self.object_path(base, "."), self.event_key(f"{path} ="), f"the write to `{path}` at line {line}",
                                        line, certain=True)
                if base.kind == "name":
                    self.name_changed(base, "__setitem__", stmt, st)
                st.heap = st.heap.write(self.object_path(base, f"[{_text(index)}]"), self.load(value, st), self.event_key(f"{path} ="),
                                        line, shown=path)
                return
            st.heap = st.heap.havoc("[", self.event_key("[...] ="), f"the item write at line {line}", line)
            return
        self.assign(target, value, st, stmt)

    def plain_attribute_write(self, info, attr: str) -> bool:
        """Whether `o.attr = v` of an object of the tree's class `info` stores v in the object's
        own `__dict__`: no class on its way defines `__setattr__` or binds `attr` to a property
        or another descriptor (whose code the model does not run for the write)."""
        chain = self.mro(info)
        if any("__setattr__" in c.methods or "__setattr__" in c.bound or attr in c.descriptors for c in chain):
            return False
        fn = self.find_method(info, attr)
        return fn is None or fn.kind != "property"

    def getter_only(self, info, attr: str) -> bool:
        """Whether `attr` of an object of the tree's class `info` is a `@property` with no setter:
        the first class on its way binding it binds it by one `@property` `def` alone, every class
        on the way is the tree's (bases up to `object`) with no `__setattr__`, and no code writes
        the attribute on the class by name."""
        chain = self.mro(info)
        for cls in chain:
            if "__setattr__" in cls.methods or cls.module.dynamic_attributes or cls.is_enum \
                    or any(base != "object" and self.class_by_name(base, cls.module) is None for base in cls.bases):
                return False
        for cls in chain:
            binding = [stmt for stmt in cls.node.body
                       if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and stmt.name == attr
                       or any(attr in target_names(t) for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                                                                if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) else []))]
            if not binding:
                continue
            fn = binding[0]
            plain = len(binding) == 1 and isinstance(fn, ast.FunctionDef) and len(fn.decorator_list) == 1 \
                and isinstance(fn.decorator_list[0], ast.Name) and fn.decorator_list[0].id == "property" \
                and "property" not in cls.module.globals and attr not in cls.unfollowed
            written = re.compile(rf"\b{re.escape(cls.name)}\s*\.\s*{re.escape(attr)}\s*=[^=]")
            return plain and not written.search(cls.module.source)
        return False

    def slots_refuse(self, info, attr: str) -> bool:
        """Whether writing `attr` on an object of the tree's class `info` surely raises
        AttributeError: every class on its way is a plain class of the tree (bases the tree
        defines, up to `object`; no decorator, metaclass or `__setattr__`) with a `__slots__`
        literal, none names `attr` or `__dict__`, and nothing binds `attr` on a class (a
        descriptor may take the write)."""
        from .outside import modules_naming

        chain = self.mro(info)
        for cls in chain:
            slots = _slots(cls)
            if slots is None or "__dict__" in slots or attr in slots or cls.node.decorator_list or cls.node.keywords \
                    or "__setattr__" in cls.methods or attr in cls.methods or attr in cls.constants or attr in cls.members \
                    or cls.module.dynamic_attributes or cls.is_enum:
                return False
            if any(base != "object" and self.class_by_name(base, cls.module) is None for base in cls.bases):
                return False  # (a base the tree does not define may give its objects a `__dict__`)
            if attr in cls.unfollowed or any(
                    isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and stmt.name == attr
                    or any(attr in target_names(t) for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                                                             if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) else []))
                    for stmt in cls.node.body):
                return False
            written = re.compile(rf"\b{re.escape(cls.name)}\s*\.\s*{re.escape(attr)}\s*=[^=]")
            if written.search(cls.module.source) or modules_naming(self.project, cls.module, cls.name, attr, through_module=False,
                                                                   writing=(attr, True)):
                return False  # (`Opts.big = property(...)`: a class attribute, maybe one that takes the write)
        return bool(chain)

    def own_mapping_write(self, target: ast.Subscript, base: Value, index: Value, value: Value, st: State) -> bool:
        """`d["k"] = v` where the local `d` holds a dict the function made and no other name, list
        or unmodeled code reaches: `d` holds the dict with that item from here (round 12:
        SGLang's `overrides = {}; overrides["k"] = v; return overrides` was unknown). False where
        the write is not that."""
        from .values import Mapping

        name = target.value.id if isinstance(target.value, ast.Name) else None
        # (the target's own frame: a helper's parameter may be its caller's dict)
        if name is None or self.frame.depth != 0 or name not in self.frame.locals or self.mapping_escaped \
                or not isinstance(index, Lit):
            return False
        held = self.load(base, st)
        if not isinstance(held, Mapping):
            return False
        # no other name, and no list, may hold a dict (`e = d`, `lst = [d]`: they see the write)
        if any(n != name and contains_mapping(self.load(v, st)) for n, v in st.env.items()) \
                or any(content is not None and contains_mapping(content) for content in st.objects.values()):
            return False
        item = value if _holds_list(value) else self.load(value, st)
        if holds_mapping(item):
            return False  # (a dict inside a dict: two names for one object)
        try:
            entries = dict(held.entries)
            entries[index.value] = item  # as Python does: an equal key keeps its first spelling
        except TypeError:  # a key Python cannot hash: it raises there
            return False
        self.escape(value, st)
        st.env[name] = Mapping(tuple(entries.items()))
        return True

    def havoc_mappings(self, st: State, why: str, line: int, touched: bool = False) -> None:
        """A dict may have changed (an item write, a mutating method, a call that reaches it): the
        dicts the function holds are values, so every local holding one is unknown from here (an
        alias of the changed dict sees the change too). `touched`: a dict surely changed (it may
        be one a caller or an enclosing function holds)."""
        changed = [name for name, value in st.env.items()
                   if not isinstance(value, Term) and (holds_mapping(loaded := self.load(value, st)) or holds_set(loaded))]
        for name in changed:
            st.env[name] = Term(f"<{name} after {why}>", line, "opaque")
        for oid, content in list(st.objects.items()):
            if content is not None and contains_mapping(content):
                st.objects[oid] = None  # a list holding a dict (`lst = [d]`) holds the changed one (it read the old)
        if changed or touched or self.mapping_escaped:
            self.mapping_changes += 1
        if changed:
            self.note(line, "dict-change", f"a dict may change at line {line} ({why}): "
                                           f"{', '.join(f'`{n}`' for n in changed)} unknown after it")

    def escape(self, value: Value, st: State) -> None:
        from .calls import _refs_in

        refs = {r.oid for r in _refs_in(value)}
        if refs:
            st.escaped = st.escaped | refs


def function_scope(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[frozenset[str], ...]:
    """Python's scoping for one function: (locals, names declared global, names declared nonlocal,
    free names read from enclosing functions). Kept on the node: a helper is inlined again at
    every call."""
    known = node.__dict__.get("_ordercheck_scope")
    if known is None:
        known = node._ordercheck_scope = tuple(frozenset(names) for names in _scope(node))
    return known


def _scope(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[set[str], set[str], set[str], set[str]]:
    a = node.args
    params = {p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]}
    if a.vararg is not None:
        params.add(a.vararg.arg)
    if a.kwarg is not None:
        params.add(a.kwarg.arg)
    bound: set[str] = set(params)
    declared_global: set[str] = set()
    declared_nonlocal: set[str] = set()
    read: set[str] = set()

    def visit(n: ast.AST, in_comprehension: bool = False) -> None:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(n.name)
            for d in n.decorator_list:
                visit(d)
            if not isinstance(n, ast.ClassDef):
                for default in [*n.args.defaults, *[d for d in n.args.kw_defaults if d is not None]]:
                    visit(default)
            else:
                for base in n.bases:
                    visit(base)
            # names a nested function reads from us stay ours; it has its own scope
            return
        if isinstance(n, ast.Lambda):
            return
        if isinstance(n, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for gen in n.generators:
                visit(gen.iter, in_comprehension)
                for cond in gen.ifs:
                    visit(cond, True)
            for part in ([n.key, n.value] if isinstance(n, ast.DictComp) else [n.elt]):
                visit(part, True)
            return
        if isinstance(n, ast.Global):
            declared_global.update(n.names)
        elif isinstance(n, ast.Nonlocal):
            declared_nonlocal.update(n.names)
        elif isinstance(n, ast.Name):
            if isinstance(n.ctx, (ast.Store, ast.Del)) and not in_comprehension:
                bound.add(n.id)
            elif isinstance(n.ctx, ast.Load):
                read.add(n.id)
        elif isinstance(n, ast.NamedExpr):
            bound.add(n.target.id)
            visit(n.value, in_comprehension)
            return
        elif isinstance(n, ast.ExceptHandler) and n.name:
            bound.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            for alias in n.names:
                if alias.name != "*":
                    bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(n, ast.MatchAs) and n.name:
            bound.add(n.name)
        elif isinstance(n, ast.MatchStar) and n.name:
            bound.add(n.name)
        elif isinstance(n, ast.MatchMapping) and n.rest:
            bound.add(n.rest)
        for child in ast.iter_child_nodes(n):
            visit(child, in_comprehension)

    for stmt in node.body:
        visit(stmt)
    del visit  # it calls itself: a cycle otherwise, left to the collector
    locals_ = bound - declared_global - declared_nonlocal
    free = read - bound - declared_global
    return locals_, declared_global, declared_nonlocal, free


__all__ = ["Interpreter", "Options", "Frame", "function_scope"]
