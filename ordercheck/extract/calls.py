"""Names, attributes, subscripts and calls: where values come from and what calls may change.

- A call the model can resolve (a method of the class, a property, a function of the module or of
  another module under the root, a static/class method, a function defined inside the target) is
  interpreted in place, to a bounded depth: its writes, its raises and its returns become the
  caller's.
- A call known not to change anything the decision reads (logging, `warnings.warn`, `print`,
  builtins such as `len`/`isinstance`, and the `pure-calls` patterns of the configuration) is an
  atom of its own text and changes nothing.
- Any other call may change anything it can reach: every heap path read after it is a new atom
  (its version names the call), lists it was given are unknown afterwards.
"""

from __future__ import annotations

import ast
import functools
import fnmatch
import re
from collections.abc import Callable

from ..formula import alternatives, arms, compare, conj, digest, disj, render, tree_size, truth
from ..model import FALSE, TRUE, And, Item, Ite, Lit, Named, Or, Seq, SetLiteral, Term, Truth, Value, join_versions, dotted
from .expressions import OS_MODULE, ModuleRef, _holds_list, _key_text, _paren, _text, int_flag
from .index import body_binds, mutable_display, statement_binds, _MUTATORS, FunctionInfo, decorator_name, literal, is_literal
from .builtins import _Builtin, _LiteralMethod
from .expressions import _holds_refs
from .lists import _ListMethod, _MappingMethod
from .state import UNBOUND, State, join_value, merge_many
from .values import (
    closure_reach,
    enclosing_functions,
    holds_set,
    nonlocal_names,
    reads_only,
    holds_mapping,
    _Starred,
    ClassRef,
    Mapping,
    Closure,
    FunctionRef,
    IndexOf,
    Ref,
    new_uid,
)

# Standard modules whose functions compute from their arguments alone (round 28).
_COMPUTING_MODULES = frozenset({"math", "cmath", "copy", "operator", "statistics", "fractions", "decimal", "string"})

_FOLDED_MATH = frozenset({"floor", "ceil", "trunc", "fabs", "sqrt", "isqrt", "log", "log2", "log10", "exp", "gcd", "isclose",
                          "isfinite", "isinf", "isnan", "copysign", "fmod", "hypot", "sin", "cos", "tan", "radians", "degrees"})


def _fold_math(callee_text: str, values: list, module) -> Lit | None:
    """`math.floor(8.2)` as Python computes it: a function of `_FOLDED_MATH` on numbers (not
    bools, none past 1e12), `copy.copy`/`copy.deepcopy` of a number or string; None otherwise."""
    import math

    root, _, name = callee_text.partition(".")
    ref = module.imports.get(root)
    if ref is None or ref.name is not None or "." in name:  # (`import math`, `import copy`: the modules themselves)
        return None
    if ref.module == "copy" and name in ("copy", "deepcopy") and len(values) == 1 \
            and type(values[0]) in (int, float, str, type(None)):
        return Lit(values[0])
    if ref.module != "math" or name not in _FOLDED_MATH or not values \
            or not all(type(v) in (int, float) and abs(v) <= 1e12 for v in values):
        return None
    try:
        result = getattr(math, name)(*values)
    except (ValueError, TypeError, OverflowError, ZeroDivisionError):
        return None  # (Python raises: what the model does not say here)
    return Lit(result) if type(result) in (int, float, bool) and not (type(result) is float and math.isnan(result)) else None


# Builtins a cached function may call and stay a function of its arguments (`transparent_cache`).
_CACHE_SAFE_BUILTINS = frozenset({"len", "min", "max", "abs", "int", "float", "str", "bool", "round", "tuple",
                                  "sorted", "sum", "any", "all", "divmod", "pow"})

# Builtins that read the calling module's names by a name the model does not see (round 28).
_NAMESPACE_READERS = frozenset({"globals", "vars", "eval", "exec", "dir"})

# Calls assumed to change nothing the decision reads. Builtins may run dunder methods of user
# classes; like attribute reads, that is a documented blind spot.
DEFAULT_PURE_CALLS = (
    "print", "logger.*", "*.logger.*", "logging.*", "log.*", "_logger.*", "LOG.*", "LOGGER.*", "warnings.warn",
    "isinstance", "issubclass", "hasattr", "getattr", "callable", "type", "id", "repr", "hash", "len",
    "str", "int", "float", "bool", "abs", "round", "min", "max", "sum", "any", "all", "sorted", "reversed",
    "tuple", "list", "frozenset", "set", "dict", "range", "enumerate", "zip", "divmod", "pow", "format",
    "os.getenv", "os.environ.get", "math.*",
)
# context managers known not to swallow exceptions
PLAIN_CONTEXTS = (
    "open", "nullcontext", "contextlib.nullcontext", "torch.no_grad", "torch.inference_mode", "torch.enable_grad",
    "torch.cuda.stream", "torch.cuda.device", "torch.device", "record_function", "torch.profiler.record_function",
    "threading.Lock", "threading.RLock", "*.lock", "*._lock",
)
MAX_DEPTH = 6
MAX_STEPS = 40_000


# methods of `str` that run no code of the program on literal arguments and change nothing
# (`pure_str_method`); those of them that give a `str` again (`_STR_RESULTS`)
_STR_RESULTS = frozenset({
    "lower", "upper", "casefold", "strip", "lstrip", "rstrip", "replace", "removeprefix", "removesuffix",
    "title", "capitalize", "swapcase", "zfill", "center", "ljust", "rjust", "expandtabs",
})
_PURE_STR_METHODS = _STR_RESULTS | frozenset({
    "startswith", "endswith", "split", "rsplit", "partition", "rpartition", "splitlines", "count", "find",
    "rfind", "index", "rindex", "isdigit", "isalpha", "isalnum", "isupper", "islower", "isspace", "isnumeric",
    "isdecimal", "isidentifier", "isprintable", "isascii", "istitle",
})


class CallsMixin:
    def e_Call(self, node: ast.Call, st: State) -> Value:
        func = node.func
        if isinstance(func, ast.Name) and func.id in self.frame.module.stable and not (self.frame.enclosing and func.id in self.frame.enclosing):
            from .builtins import stdlib_name

            if stdlib_name(func.id, self.frame.module, self.frame.locals) == "os.getenv":
                # `getenv(k)` of `from os import getenv`: `os.getenv(k)`, a read of the environment
                # as it is where called (after `os.environ[k] = v` too)
                equivalent = self.getenv_nodes.get(id(node))
                if equivalent is None or equivalent[0] is not node:
                    os_module = ast.copy_location(ast.Name(OS_MODULE, ast.Load()), func)
                    call = ast.Call(ast.copy_location(ast.Attribute(os_module, "getenv", ast.Load()), func), node.args, node.keywords)
                    equivalent = self.getenv_nodes[id(node)] = (node, ast.copy_location(call, node))
                return self.e_Call(equivalent[1], st)  # type: ignore[arg-type]
        if isinstance(func, ast.Attribute) and func.attr == "__setattr__" and not node.keywords:
            # `cfg.__setattr__("m", v)`, `object.__setattr__(cfg, "m", v)`: `setattr(cfg, "m", v)`
            through_object = isinstance(func.value, ast.Name) and func.value.id == "object" and "object" not in self.frame.locals
            written = [*node.args] if through_object else [func.value, *node.args]
            if len(written) == 3 and "setattr" not in self.frame.locals:
                saved, self.raw_setattr = self.raw_setattr, through_object  # (`object.__setattr__` skips the class's own)
                try:
                    return self.e_Call(ast.copy_location(ast.Call(ast.Name("setattr", ast.Load()), written, []), node), st)
                finally:
                    self.raw_setattr = saved
        owner = None  # the object whose `__dict__` the call changes
        changed_path = None  # `cfg.backends` of `cfg.backends.append(x)`
        inherited = self.super_method(func) if isinstance(func, ast.Attribute) else None
        if inherited is not None:
            callee: Value = inherited
        elif isinstance(func, ast.Attribute):
            receiver = self.expr(func.value, st)
            if not (func.attr.startswith("__") and func.attr.endswith("__")):  # (`mode.lower()` of None raises)
                self.refused_none(func.value, receiver, "AttributeError", node, st)
            held = self.load(receiver, st)
            while isinstance(held, Named) and isinstance(held.body, (Term, Lit)):
                # what an inlined helper returned (`ident(backend).startswith("F")`): the method is
                # that value's (round 39: an atom of the helper's text, free under a fact on `backend`)
                held = held.body
            if func.attr in ("pop", "clear", "update", "setdefault", "popitem", "__setitem__", "__delitem__"):
                owner = _instance_dict_owner(held)  # `cfg.__dict__.pop("s")`, `vars(cfg).clear()`: cfg's attributes change
            if func.attr in _MUTATORS and not _holds_list(receiver):
                if isinstance(held, (Lit, Seq)):
                    self.changed_in_place(func.value, func.attr, node, st)
                elif isinstance(held, Term) and held.kind == "name":
                    self.name_changed(held, func.attr, node, st)
                elif isinstance(held, Term):  # (`cfg.order.insert(0, m)`: it may be a module's list constant)
                    if held.kind in ("attr", "subscript") and not held.is_opaque and not held.text.startswith("<"):
                        changed_path = held  # (written after the call's own effects: `path_changed`)
                    self.change_unnamed(st, f"`{_text(held)}.{func.attr}(...)` at line {node.lineno}", node.lineno)
            if isinstance(held, Term) and held.kind == "member" and hasattr(str, func.attr) and not func.attr.startswith("_") \
                    and not any(func.attr in c.methods for c in self.mro(self.member_enum(held))):
                held = self.as_data(held)  # a `str` mixin's member: `Backend.FLASH.startswith("fl")` of its string
            if isinstance(held, Lit) and isinstance(held.value, SetLiteral) and not _pure_set_method(func.attr):
                if not hasattr(set, func.attr):  # (`{1, 2}.count(1)`: a tuple's method, no set's; round 22)
                    self.raise_if(TRUE, st, "AttributeError", node)
                    return Lit(None)
                if func.attr == "remove" and len(node.args) == 1 and not node.keywords and isinstance(node.args[0], ast.Constant) \
                        and node.args[0].value not in frozenset(held.value):
                    self.raise_if(TRUE, st, "KeyError", node)  # (an item it lacks; round 27: taken as removed)
                    return Lit(None)
                return self.unknown(node, f"`.{func.attr}()` of a set")  # (`{5}.pop()`: which item is Python's choice)
            if isinstance(held, Lit) and isinstance(held.value, (str, tuple, int, float)):
                # a method of a literal (`", ".join(names)`): computes a value, changes nothing; its
                # arguments evaluated once (a helper called in them ran twice: fuzz)
                args = [self.expr(a.value if isinstance(a, ast.Starred) else a, st) for a in node.args]
                keywords = {kw.arg: self.expr(kw.value, st) for kw in node.keywords}
                self.str_format_runs(held, func.attr, args, keywords, node, st)  # (round 49: `"{}".format(self)`)
                if st.dead:
                    return Lit(None)
                plain = not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args)
                folded = self.literal_method(held, func.attr, args, node, st) if plain else None
                if folded is not None:
                    return folded
                # (its keywords shown: `"{m}".format(m=mode)` and `"{m}".format(m=cfg.m)` were one atom)
                text, versions = self.call_text(f"{_paren(held)}.{func.attr}", args, keywords, st)
                # of a value of unmodeled code (`"".join(reversed(mode))`), unknown too
                kind = "opaque" if _any_opaque([*args, *keywords.values()], self, st) else "expr"
                return Term(text, node.lineno, kind, join_versions(*versions))
            member_method = self.member_method(held, func.attr)
            callee = member_method if member_method is not None else self.attribute(receiver, func.attr, func, st)
            if isinstance(callee, Term) and not isinstance(receiver, (ClassRef, ModuleRef)) and not callee.is_opaque:
                callee = Term(f"{_paren(held)}.{func.attr}", callee.line, "attr", callee.version)
        else:
            callee = self.expr(func, st)
            if isinstance(func, ast.Name) and not isinstance(callee, _Builtin):
                callee = self.not_the_builtin(callee, func.id)  # (a parameter `len`: round 31)
            if isinstance(func, ast.Name) and func.id in self.frame.module.made_objects and func.id not in self.frame.locals \
                    and isinstance(callee, Term) and callee.kind == "name":
                callee = _opaque_read(callee)  # `GATE(cap)` of `GATE = MinCap(90)`: its class's code, no input (round 28)
        args: list[Value] = []
        for position, arg in enumerate(node.args):
            if position == 0 and isinstance(arg, ast.GeneratorExp) and isinstance(callee, _Builtin) and callee.name in _LAZY:
                # `any(check(c) for c in ...)`: the items after the one that decides are never
                # computed (their calls, raises and `:=` bindings happen only where none before did)
                args.append(self.comprehension(arg, st, short=callee.name))
                if not isinstance(args[-1], Seq):  # (not walked: a `:=` in it binds or not; round 25: never bound)
                    self.walrus_escapes(arg, st)
            elif isinstance(arg, ast.Starred):
                inner = self.expr(arg.value, st)
                held = self.load(inner, st)
                if isinstance(held, Seq) and all(i.cond == TRUE for i in held.items):  # `ok(*("a", m))`: its items
                    args.extend(i.value for i in held.items)  # (round 24: the call was an input, free)
                elif isinstance(held, Lit) and isinstance(held.value, tuple):
                    args.extend(Lit(v) for v in held.value)
                else:
                    args.append(_Starred(inner))
            else:
                args.append(self.expr(arg, st))
        kwargs: dict[str | None, Value] = {}
        named: list[object] = []  # the keywords given, by name or by a dict the model holds (`**{"a": 2}`)
        for kw in node.keywords:
            given = self.expr(kw.value, st)
            spread = self.load(given, st) if kw.arg is None else None
            named.extend([k for k, _ in spread.entries] if isinstance(spread, Mapping) else [kw.arg] if kw.arg is not None else [])
            if isinstance(spread, Mapping) and not st.dead:
                if not all(isinstance(k, str) for k, _ in spread.entries):
                    self.raise_if(TRUE, st, "TypeError", node)  # (`f(**{1: 2})`: keywords must be strings)
                    return Lit(None)
                # `f(**{"a": 1})`, `f(x, **{})`: the keywords it holds, each by its name (round 35: the
                # call was not bound, and read as a free input)
                kwargs.update((k, v) for k, v in spread.entries if k not in kwargs)
            elif kw.arg is None and None in kwargs:  # a second `**` the model cannot read: neither is lost from the call's text
                kwargs[None] = Term(f"<**{_text(self.load(kwargs[None], st))}, **{_text(spread)}>", node.lineno, "opaque")
            else:
                kwargs[kw.arg] = given
        if not st.dead and len(named) != len(set(named)):
            # `f(a=1, **{"a": 2})`: a keyword given twice, TypeError before any call (round 27: a call)
            self.raise_if(TRUE, st, "TypeError", node)
        if not st.dead and isinstance(callee, Lit) and isinstance(callee.value, (str, tuple, type(None))):
            self.raise_if(TRUE, st, "TypeError", node)  # (`None()`, `"a"()`: not callable; round 27. A number may be a member)
        if st.dead:
            return Lit(None)
        imported = self.imported_module(func, callee, receiver if isinstance(func, ast.Attribute) and inherited is None else None,
                                        args, kwargs, node, st)
        if imported is not None:
            return imported
        pure_str = isinstance(func, ast.Attribute) and inherited is None and self.pure_str_method(held, func.attr, node)
        if pure_str:
            saved, self.str_method_node = self.__dict__.get("str_method_node"), node
        try:
            value = self.invoke(callee, args, kwargs, node, st)
        finally:
            if pure_str:
                self.str_method_node = saved
        if pure_str and func.attr in _STR_RESULTS and isinstance(value, Term) and not value.is_opaque:
            self.known_str(value)  # (a str method of an exact str gives one: `kv.lower().startswith(...)`)
        if changed_path is not None and not st.dead:
            self.path_changed(changed_path, func.attr, node, st)  # type: ignore[union-attr]
        if owner is not None:
            st.heap = st.heap.havoc(owner + ".", self.event_key(f"{owner}.__dict__.{func.attr}()"),
                                    f"`{owner}.__dict__.{func.attr}()` at line {node.lineno}", node.lineno, certain=True)
        if isinstance(func, ast.Attribute) and func.attr in ("get", "getenv") and inherited is None and 1 <= len(node.args) <= 2 \
                and not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args):
            if func.attr == "get":
                self.note_lookup(held, args, value, st)
                if self.is_os_environ(held):
                    self.environment_string(node, value)
            elif isinstance(held, Term) and held.text == "os" and held.kind == "name":  # `os.getenv(k)` is `os.environ.get(k)`
                self.note_lookup(self.load(self.attribute(receiver, "environ", func, st), st), args, value, st)
                value = self.getenv_after_writes(node, value, st)
                self.environment_string(node, value)
        return value

    def environment_string(self, node: ast.Call, value: Value) -> None:
        """`os.getenv("K", "auto")`, `os.environ.get("K", "auto")`: the environment holds exact
        `str`s (it decodes what it stores), the default is one: `known_str`."""
        if len(node.args) == 2 and all(isinstance(a, ast.Constant) and type(a.value) is str for a in node.args) \
                and isinstance(value, Term) and not value.is_opaque:
            self.known_str(value)

    def known_str(self, value: Term) -> None:
        """Remember that `value` is exactly a `str` (no subclass): an f-string with a literal part,
        what a str method of one gives (`pure_str_method`)."""
        self.__dict__.setdefault("known_strs", set()).add((value.text, value.version))

    def exact_str(self, held: Value) -> bool:
        """Whether `held` is exactly a `str`, whose methods are `str`'s (no subclass's, no other
        object's, whose `startswith` may run any code): one `known_str` remembers, or an input
        the options say the scenario gives a `str` (`Options.str_inputs`: the texts a rule's
        facts give a string, read before any call that may change them)."""
        if not isinstance(held, Term) or held.is_opaque:
            return False
        if (held.text, held.version) in self.__dict__.get("known_strs", ()):
            return True
        return not held.version and held.kind in ("name", "attr", "subscript") \
            and held.text in getattr(self.options, "str_inputs", ())

    def pure_str_method(self, held: Value, attr: str, node: ast.Call) -> bool:
        """`kv.startswith("tq_")` of an exact `str` (`exact_str`) with literal arguments: Python's
        own method, which runs no code of the program and changes nothing, so reads after it are
        not new atoms (round 48: the second `kv.startswith(...)` was read "after" the first, and a
        correct version undetermined). Methods whose arguments Python converts by running their
        code (`format`, `join`, `translate`) are left out."""
        if attr not in _PURE_STR_METHODS or node.keywords or not self.exact_str(held):
            return False

        def literal(arg: ast.expr) -> bool:
            if isinstance(arg, ast.Tuple):
                return all(isinstance(e, ast.Constant) and type(e.value) is str for e in arg.elts)
            return isinstance(arg, ast.Constant) and type(arg.value) in (str, int, type(None))

        return all(literal(a) for a in node.args)

    def member_method(self, held: Value, attr: str) -> FunctionRef | None:
        """`b.get_class()` of an enum member `b` whose enum's own body defines `get_class` (a plain
        `def`, a classmethod or a staticmethod): that method, bound to the member, to inline (round
        48: `return _CLASSES[self]` was an unknown atom, and a selector walking members
        undetermined). An enum with members has no subclass, and its own class is the first on a
        member's way; None where the member may hold an attribute of that name (`__init__`,
        `__new__`, a write), reads run code (`__getattribute__`, `__getattr__` aside), a decorator
        of the tree may set it, or the enum binds it otherwise: the atom as before."""
        if not (isinstance(held, Term) and held.kind == "member" and not held.is_opaque and not held.version) \
                or "<" in held.text or attr.startswith("__"):
            return None
        info = self.member_enum(held)
        if info is None or not info.is_enum or not info.namespace_known:
            return None
        fn = info.methods.get(attr)
        if fn is None or fn.kind not in ("method", "classmethod", "staticmethod") or self.find_method(info, attr) is not fn:
            return None
        chain = self.mro(info)
        if self.intercepts_reads(info) or self.decorated_attribute(info, attr) or self.may_hold_own(info, attr) \
                or any({"__init__", "__new__", "__setattr__", "__getattribute__"} & {*c.methods, *body_binds(c)} for c in chain):
            return None
        bound = held if fn.kind == "method" else ClassRef(info, held.text.rpartition(".")[0]) if fn.kind == "classmethod" else None
        return FunctionRef(fn, f"{held.text}.{attr}", bound=bound)

    def imported_module(self, func: ast.expr, callee: Value, receiver: Value | None, args: list, kwargs: dict,
                        node: ast.Call, st: State) -> Value | None:
        """`__import__("m")`, `importlib.import_module("m")`: the module, as `import m` gives it (a
        module of the tree resolves into its code); of a name the model cannot read, an unknown value
        (it may be the tree's code). None for any other call. Round 35: `getattr(__import__("mod"),
        "g")("x")` of the tree's own `g` was a free input."""
        frame = self.frame
        if isinstance(func, ast.Name) and isinstance(callee, Term) and callee.kind == "name" and callee.text == func.id \
                and func.id not in frame.locals and not (frame.enclosing and func.id in frame.enclosing):
            ref = frame.module.imports.get(func.id)
            if func.id == "__import__" and ref is None and func.id not in frame.module.globals:
                whole = False  # (the builtin: `__import__("a.b")` gives the package `a`)
            elif ref is not None and (ref.module, ref.name, ref.level) == ("importlib", "import_module", 0) \
                    and func.id in frame.module.stable:
                whole = True
            else:
                return None
        elif isinstance(func, ast.Attribute) and func.attr == "import_module" and isinstance(receiver, ModuleRef) \
                and receiver.name == "importlib" and not receiver.level:
            whole = True
        else:
            return None
        name = self.load(args[0], st) if len(args) == 1 and not kwargs and not isinstance(args[0], _Starred) else None
        if not (isinstance(name, Lit) and isinstance(name.value, str) and name.value):
            self.note(node.lineno, "import-call", f"the module imported at line {node.lineno} is not known: its value is unknown")
            return Term(f"<the module imported at line {node.lineno}>", node.lineno, "opaque")
        module = name.value if whole else name.value.split(".")[0]
        return ModuleRef(module, module)

    def getenv_after_writes(self, node: ast.Call, value: Value, st: State) -> Value:
        """`os.getenv(k, d)` where the function may have written `os.environ` before: what
        `os.environ.get(k, d)` reads there (round 23: the atom read before the write, and a clean
        verdict wrong), the call's own atom where nothing was written."""
        if not all(isinstance(a, (ast.Constant, ast.Name, ast.Attribute)) for a in node.args):
            return value  # (arguments evaluated again: only those that change nothing)
        equivalent = self.getenv_nodes.get(id(node))
        if equivalent is None or equivalent[0] is not node:
            func = node.func
            environ = ast.copy_location(ast.Attribute(func.value, "environ", ast.Load()), func)
            get = ast.copy_location(ast.Attribute(environ, "get", ast.Load()), func)
            equivalent = self.getenv_nodes[id(node)] = (node, ast.copy_location(ast.Call(get, list(node.args), []), node))
        read = self.expr(equivalent[1], st)

        def leaf(arm: Value) -> Value:
            plain = isinstance(arm, Term) and not arm.version and not arm.is_opaque
            return value if plain else arm

        return self._on_each(read, leaf) if isinstance(read, (Ite, Named)) else leaf(read)

    def note_lookup(self, mapping: Value, args: list, value: Value, st: State) -> None:
        """`d.get(k)` of a mapping the model does not hold: where `k in d` is read too, it is
        `None` (or the default) wherever `k in d` is false (`axioms`)."""
        if isinstance(mapping, Ite) and isinstance(value, Ite) and mapping.cond == value.cond:
            # one mapping or another (`os.environ` after a call on some paths): the lookup of each
            # (fuzz round 36: a read of the environment there was given None)
            self.note_lookup(mapping.then, args, value.then, st)
            self.note_lookup(mapping.other, args, value.other, st)
            return
        default = self.load(args[1], st) if len(args) == 2 else Lit(None)
        key = self.load(args[0], st)
        if isinstance(mapping, Term) and mapping.kind in ("name", "attr", "subscript") and not mapping.is_opaque \
                and isinstance(value, Term) and not value.is_opaque and isinstance(key, (Lit, Term)) \
                and (isinstance(default, Lit) or (isinstance(default, Term) and not default.is_opaque)):
            self.note_found(self.mapping_key(mapping), mapping.version, _key_text(key), value, default)
            self.membership_tests.setdefault((self.mapping_key(mapping), mapping.version, _key_text(key)), compare(key, "in", mapping))

    def note_found(self, mapping: str, version: str, key: str, value: Term, default: Lit | Term) -> None:
        """One lookup of `key` in the mapping `mapping_key` names; of the environment, `environment_default`
        finds its default by the value read."""
        from .builtins import ENVIRONMENT

        found = self.lookups.setdefault((mapping, version, key), [])
        if (value, default) not in found:
            found.append((value, default))
        if mapping == ENVIRONMENT:
            self.environment_reads.setdefault((value.text, value.version), default)

    def invoke(self, callee: Value, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        if isinstance(callee, Named):
            callee = callee.body
        if isinstance(callee, Term) and isinstance(callee.prior, (ClassRef, FunctionRef, Closure)) and not callee.version:
            callee = callee.prior  # a class or function held by a list, a dict, an attribute
        if isinstance(callee, Ite) and alternatives(callee) > _MAX_CALLEES:
            # a callee rebound round after round (`x = x.narrow(...)` in a loop) shares its
            # alternatives: a call on each would be exponential. Unmodeled, with its effects
            self.note(node.lineno, "callees", f"a call on a value with more than {_MAX_CALLEES} alternatives at line "
                                              f"{node.lineno} is not modeled: its value is unknown")
            return self.unknown_call("<callable>", args, kwargs, node, st, reaches=[callee])
        if isinstance(callee, Ite):  # a method of one object or another: the call on each, where it is that one
            texts: list[str] = []
            value = self.unknown_leaves(callee, args, kwargs, node, st, texts)
            if value is not None:  # none of them is interpreted: one atom each, one set of effects
                if not all(self.is_pure(t) for t in texts):
                    self.unknown_call_effects(st, texts[0], node.lineno, args=[*args, *kwargs.values()])
                return value
            from ..formula import neg
            from .state import merge
            from .values import merge_values

            cond = callee.cond
            a, b = st.fork(cond), st.fork(neg(cond))
            present = _conditions_in([*args, *kwargs.values()])
            va = self.invoke(callee.then, _assuming(args, cond, True, present), _assuming(kwargs, cond, True, present), node, a) \
                if not a.dead else Lit(None)
            vb = self.invoke(callee.other, _assuming(args, cond, False, present), _assuming(kwargs, cond, False, present), node, b) \
                if not b.dead else Lit(None)
            joined = merge(cond, a, b, st.guard, st.path)
            if joined is None:
                st.dead = True
                return Lit(None)
            st.env, st.heap, st.objects, st.escaped = joined.env, joined.heap, joined.objects, joined.escaped
            return merge_values(cond, va, vb)
        if isinstance(callee, _Forward):  # `func(*args, **kwargs)` in a decorator's wrapper (`wrapper_of`)
            return self.inline(callee.fn, callee.receiver, callee.args, callee.kwargs, node, st, callee.name, callee.kind,
                               callee.text, unwrapped=True)
        if isinstance(callee, _ListMethod):
            return self.list_method(callee, args, kwargs, node, st)
        if isinstance(callee, _MappingMethod):
            return self.mapping_method(callee, args, kwargs, node, st)
        if isinstance(callee, _Builtin):
            return self.builtin(callee.name, args, kwargs, node, st)
        if isinstance(callee, _LiteralMethod):
            return self.literal_call(callee, args, kwargs, node, st)
        if isinstance(callee, FunctionRef) and self.is_declared_pure(callee.text):
            # declared pure: an atom of its own text, not interpreted (the rule speaks of it)
            return self.unknown_call(callee.text, args, kwargs, node, st)
        if isinstance(callee, FunctionRef):
            fn: FunctionInfo = callee.info  # type: ignore[assignment]
            receiver = callee.bound
            if fn.kind == "staticmethod":
                receiver = None
            elif receiver is None and fn.kind == "method" and args and self.is_self(args[0]):
                receiver, args = args[0], args[1:]  # `Base.method(self, x)`: this instance passed explicitly
            name = callee.text.rsplit(".", 1)[-1]
            return self.inline(fn, receiver, args, kwargs, node, st, name=name, kind="function" if fn.cls is None else "method",
                               text=callee.text)
        if isinstance(callee, Closure):
            return self.call_closure(callee, args, kwargs, node, st)
        if isinstance(callee, ClassRef):
            if len(args) == 1 and not kwargs and not isinstance(args[0], _Starred):
                member = self.enum_lookup(callee, args[0], "value", node, st)
                if member is not None:
                    return member
                number = self.load(args[0], st)
                if isinstance(number, Lit) and type(number.value) is int and int_flag(callee.info) \
                        and not {"_missing_", "__new__"} & set(callee.info.methods):
                    return self.flag_of(callee, number.value, node, st)  # `Feat(0)`: a member of those bits (round 33)
            self.last_event = ""
            return self.instance(self.unknown_call(callee.text, args, kwargs, node, st), callee)
        refused = self.refused_object(callee, ("__call__",)) if isinstance(callee, Term) and callee.kind == "call" else None
        if refused == "raise":  # `Plain()(n)`: an object of a class with no `__call__` (round 28)
            self.raise_if(TRUE, st, "TypeError", node)
            return Lit(None)
        if isinstance(callee, Term) and not callee.is_opaque and refused is None:
            if callee.kind == "member":
                return self.unknown_call(callee.text, args, kwargs, node, st)
            return self.unknown_call(callee.text, args, kwargs, node, st)
        # a callable the model cannot name: it may reach whatever the callee value holds too; what
        # it returns is no input (a method of a value of unmodeled code: `min(c, key=len).upper()`)
        value = self.unknown_call(_text(self.load(callee, st)) if isinstance(callee, (Term, Lit)) else "<callable>",
                                  args, kwargs, node, st, reaches=[callee])
        return _opaque_read(value)

    def instance(self, value: Value, cls: ClassRef) -> Value:
        """`value`, what calling class `cls` returned: an instance of exactly that class (a plain
        class), which `isinstance` and `type` of it read."""
        unknown = [c for c in self.mro(cls.info) if not c.namespace_known or self.class_decoration(c)[1] is None]
        if not self.plain_class(cls.info) or unknown:
            # an object of a class of the tree that code the model does not follow makes (a base
            # from outside the tree, a metaclass, `__new__`, a body writing its namespace or a
            # decorator attributes it cannot name, `__bool__` maybe: round 34):
            # no input (round 16: a NamedTuple's `cap.to_int()` was one, with a definite violation)
            held = self._on_each(value, _opaque_read) if isinstance(value, (Ite, Named)) else _opaque_read(value)
            for arm, c in ((a, c) for a in (arms(held) if isinstance(held, (Ite, Named)) else (held,)) for c in unknown):
                if isinstance(arm, Term):  # (diff: that body's code; round 34)
                    self.rests_on(c.module, c.qualname.split(".", 1)[0], arm.text)
            return held
        # each read of it: a call read on paths that differ is one value per path (`K() if c
        # else Node()`: `Node()` read after `K()` or not)
        for arm in arms(value) if isinstance(value, (Ite, Named)) else (value,):
            if isinstance(arm, Term) and arm.kind == "call":
                self.made_events.setdefault((arm.text, arm.version), self.last_event)
                known = self.instances.setdefault(arm.text, cls.info)
                if known is not cls.info:
                    self.instances[arm.text] = None  # one text, two classes (two modules' `Leaf`)
        return value

    def super_method(self, func: ast.Attribute) -> FunctionRef | None:
        """`super().m` in a method: the next class's `m` after the one defining the running
        method, in the instance's class's bases; None unless every class on the way has one base
        at most (then the order is the plain chain) and some class of the analysed tree defines it."""
        call = func.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "super" and not call.args
                and not call.keywords and "super" not in self.frame.locals):
            return None
        frame = self.frame
        if frame.fn is None or frame.fn.cls is None or frame.cls is None or frame.self_value is None:
            return None
        # in a classmethod, the class it was called on (`Leaf.ok()` running `Mid.ok`): its
        # `super()` goes on from there, with that class as `cls` (round 16: `cls` was the defining class)
        actual = frame.self_value.info if isinstance(frame.self_value, ClassRef) else frame.cls
        chain = self.mro(actual)
        if any(len(c.bases) > 1 or not c.namespace_known for c in chain) or frame.fn.cls not in chain:
            # (round 34: a body writing its namespace may rebind the `def` found)
            return None
        for cls in chain[chain.index(frame.fn.cls) + 1:]:
            fn = cls.methods.get(func.attr)
            if fn is not None:
                if fn.kind not in ("method", "classmethod", "staticmethod"):
                    return None
                bound = frame.self_value if fn.kind == "method" else ClassRef(actual, actual.name) if fn.kind == "classmethod" else None
                return FunctionRef(fn, f"super().{func.attr}", bound=bound)
        return None

    def unknown_leaves(self, callee: Value, args: list, kwargs: dict, node: ast.Call, st: State, texts: list[str],
                       present: set | None = None) -> Value | None:
        """A conditional callee none of whose values the model interprets (classes and objects it
        does not see into, declared pure calls): the call's value on each, without effects; None
        when one of them is interpreted (or is a list method, a builtin, a closure). `present`:
        the conditions the arguments' values are chosen by (`_conditions_in`)."""
        from .values import merge_values

        if isinstance(callee, Named):
            callee = callee.body
        if isinstance(callee, Term) and isinstance(callee.prior, ClassRef) and not callee.version:
            callee = callee.prior  # a class held by a dict or a list (as `invoke` reads it)
        if isinstance(callee, Ite):
            cond = callee.cond
            if present is None:
                present = _conditions_in([*args, *kwargs.values()])
            a = self.unknown_leaves(callee.then, _assuming(args, cond, True, present), _assuming(kwargs, cond, True, present),
                                    node, st, texts, present)
            if a is None:
                return None
            b = self.unknown_leaves(callee.other, _assuming(args, cond, False, present), _assuming(kwargs, cond, False, present),
                                    node, st, texts, present)
            return None if b is None else merge_values(cond, a, b)
        if isinstance(callee, ClassRef) or (isinstance(callee, FunctionRef) and self.is_declared_pure(callee.text)):
            callee_text = callee.text
        elif isinstance(callee, Term) and not callee.is_opaque:
            callee_text = callee.text
        else:
            return None
        text, versions = self.call_text(callee_text, args, kwargs, st)
        value = self.read_path(text, "call", node.lineno, st, versions)
        if isinstance(value, Term) and _any_opaque([*args, *kwargs.values()], self, st):
            value = Term(value.text, value.line, "opaque", value.version, value.origin, value.prior)
        if self.is_pure(callee_text):
            self.ignored_calls.setdefault((node.lineno, text), None)
        texts.append(callee_text)
        return self.instance(value, callee) if isinstance(callee, ClassRef) else value

    def call_text(self, callee_text: str, args: list, kwargs: dict, st: State) -> tuple[str, tuple[str, ...]]:
        parts: list[str] = []
        versions: list[str] = []
        for value in args:
            if isinstance(value, _Starred):
                shown_text = _text(self.load(value.value, st))
                parts.append(shown_text if shown_text.startswith("<*") else "*" + shown_text)  # (`<*args>`, no `*<*args>`)
                continue
            shown = self.load(value, st)
            parts.append(_short_text(shown))
            versions.extend(_versions(shown))
        for key, value in kwargs.items():
            shown = self.load(value, st)
            text = _short_text(shown)
            parts.append(f"{key}={text}" if key else text if text.startswith("<**") else f"**{text}")
            versions.extend(_versions(shown))
        return f"{callee_text}({', '.join(parts)})", tuple(dict.fromkeys(versions))

    def changed_in_place(self, owner: ast.expr, method: str, node: ast.Call, st: State) -> None:
        """`owner.add(x)` on a value the model holds as a constant (a set, or a sequence read as a
        value rather than a list it tracks): what holds it is unknown from here. A local at the
        root of `owner` is rebound to a new atom; any other holder (an attribute, a global) is
        changed as an unmodeled call changes the heap."""
        root = owner
        while isinstance(root, (ast.Attribute, ast.Subscript)):
            root = root.value
        why = f"`.{method}()` at line {node.lineno}"
        if isinstance(root, ast.Name) and root.id in st.env and root.id in self.frame.locals:
            # the same object may be held by another local (`t = s`) or an attribute (`self.s = s`)
            held = self.load(st.env[root.id], st)
            for name in [n for n, v in st.env.items() if n == root.id or (isinstance(v, (Lit, Seq)) and v == held)]:
                st.env[name] = Term(f"<{name} after {why}>", node.lineno, "opaque")
            self.note(node.lineno, f"in-place:{root.id}", f"{why} changes `{root.id}` in place, which the model does not follow: "
                                                         "its value is unknown after it")
        if owner is not root:
            # an item changed in place (`table[0].insert(...)`): any list holding a list, a tuple or a
            # set as an item may hold that very object (`table = [*orders]` shares them; round 41:
            # `orders[0]` read as before), and so may any local holding such a value
            for oid, seq in list(st.objects.items()):
                if seq is not None and any(isinstance(i.value, (Seq, Ref)) or isinstance(i.value, Lit) and isinstance(i.value.value, tuple)
                                           for i in seq.items):
                    st.objects[oid] = None
            # (a list or tuple item of a local's value is a constant's list held as a literal: an item
            # that is a list the function made is an object, `st.objects` above)
            for name, v in list(st.env.items()):
                if isinstance(v, Seq) and any(isinstance(i.value, Lit) and isinstance(i.value.value, tuple) for i in v.items) \
                        or isinstance(v, Lit) and isinstance(v.value, tuple) and any(isinstance(x, tuple) for x in v.value):
                    st.env[name] = Term(f"<{name} after {why}>", node.lineno, "opaque")
        # (a set or dict held under another name, `holders = [s]; holders[0].add(x)`, or a caller's,
        # through a nested function: round 22)
        self.havoc_mappings(st, why, node.lineno, touched=True)
        self.unknown_call_effects(st, why, node.lineno)

    def path_changed(self, held: Term, method: str, node: ast.Call, st: State) -> None:
        """`cfg.backends.append(x)`: the object at that path changed in place by the function itself,
        no call that may leave it alone: what is read of it from here (`len(cfg.backends)`) is
        unknown in every mode (round 35: `n = len(cfg.backends)` before an `append` and after a `pop`
        were one atom under the rule's mode, equal, with no assumption named)."""
        key = self.event_key(f"{held.text}.{method}()")
        why = f"`{held.text}.{method}(...)` at line {node.lineno}"
        # (a text of its own: an atom of the text `held` reads is the object on entry, which `diff` compares
        # across the versions; round 37: the same text, "0 changed" where an `append` was added)
        changed = Term(f"<{held.text} after {why}>", node.lineno, "opaque", join_versions(key, held.version) if held.version else key,
                       why, held)
        st.heap = st.heap.write(held.text, changed, key, node.lineno)
        self.note_version(changed, why, node.lineno)

    def name_changed(self, held: Term, method: str, node: ast.Call, st: State) -> None:
        """`seen.append(x)` where `seen` holds an object the model reads as a term (a parameter, a
        module global): what is read of the object from here (`x in seen`, `if seen:`) is a new
        atom. The name's value is written to the heap (other frames and aliases read it there,
        `current`) and rebound where this frame holds it."""
        key = self.event_key(f"{held.text}.{method}()")
        why = f"`{held.text}.{method}(...)` at line {node.lineno}"
        # the function's own change, not a call's: unknown in every mode (under the rule's own mode,
        # which takes reads after calls as the entry values, `TABLE.get("x")` after `TABLE.update(...)`
        # was the entry atom: exploratory fuzz round 3)
        # (a text of its own: an atom of the text `held` reads is the object on entry, which `diff` compares
        # across the versions; round 37: the same text, "0 changed" where an `append` was added)
        changed = Term(f"<{held.text} after {why}>", node.lineno, "opaque", join_versions(key, held.version) if held.version else key,
                       why, held)
        st.heap = st.heap.write(_contents(held.text), changed, key, node.lineno)
        self.change_unnamed(st, why, node.lineno)  # (a parameter's object may be a module's list constant: round 35)
        self.changed_names.add(held.text)
        for name, value in list(st.env.items()):
            if value == held:
                st.env[name] = changed
        self.note_version(changed, why, node.lineno)

    def current(self, value: Value, st: State) -> Value:
        """A term for an object held by a name, as changed in place since (`name_changed`)."""
        if isinstance(value, Term) and value.kind == "name" and value.text in self.changed_names:
            return st.heap.read(_contents(value.text), lambda path, version, why, line, before=None: value,
                                lambda v, suffix: v, entry=True)  # where it was changed on some paths: a choice
        return value

    def is_pure(self, callee_text: str) -> bool:
        """Whether a name pattern (`logger.*`) says the call changes nothing, and the object it is a
        method of is no object the tree's code makes (round 32: `logger.warning_once(...)` of a
        tree class that writes state was ignored by its name)."""
        return _matcher(self.pure_patterns)(callee_text) is not None and not self.tree_objects(callee_text.rpartition(".")[0])

    def is_plain_context(self, text: str) -> bool:
        """Whether a context manager named `text` is known not to swallow an exception: by a name
        pattern (`*._lock`), unless the object is one the tree's code makes whose `__exit__` may
        return true (round 32: `with self._lock:` of a tree class swallowing the exception)."""
        if not text or _matcher((*PLAIN_CONTEXTS, *self.plain_contexts))(text) is None:
            return False
        made = self.tree_objects(text)
        if not made and self.swallower() is not None:
            # an object no code of the tree is seen making (`cfg.lock` of a parameter) may be one of a
            # class of the tree whose `__exit__` returns true (round 41: taken for a lock by its name)
            return False
        return all(isinstance(m, str) is False and not self.may_swallow(m) for m in made)

    def swallower(self) -> str | None:
        """A class of the tree whose `__exit__` may swallow an exception (`may_swallow`), found by
        text (modules defining `__exit__`): its qualified name; None where none does."""
        from .index import ModuleIndex
        from .outside import Search

        if "_swallower" not in self.__dict__:
            found = None
            paths = [m.path for m in self.running_modules()]
            paths += self.project.search(Search(self.frames[0].module.path, ("__exit__",), through_module=False))
            for path in dict.fromkeys(paths):
                module = self.project.module(path)
                if not isinstance(module, ModuleIndex) or "__exit__" not in module.source:
                    continue
                found = next((f"{path}::{c.qualname}" for c in module.classes.values()
                              if "__exit__" in c.methods and self.may_swallow(c)), None)
                if found is not None:
                    break
            self.__dict__["_swallower"] = found  # (not the method's own name: it would hide it)
        return self.__dict__["_swallower"]

    def may_swallow(self, info) -> bool:
        """Whether an object of tree class `info` may swallow an exception: its `__exit__` (on its
        way through the tree's classes) returns something other than None/False, or a base outside
        the tree may define it."""
        chain = self.mro(info)
        for cls in chain:
            if not cls.namespace_known:  # (its body may bind `__exit__` by code the model does not follow: round 34)
                return True
            fn = cls.methods.get("__exit__") if isinstance(cls.methods, dict) else None
            if fn is None and "__exit__" in cls.methods:
                return True
            if fn is not None:
                return any(r.value is not None and not (isinstance(r.value, ast.Constant) and r.value.value in (None, False))
                           for r in _own_returns(fn.node)) or bool(fn.node.decorator_list)
            if "__exit__" in cls.constants or "__exit__" in cls.bound or cls.node.decorator_list:
                return True
        outside = {b.rsplit(".", 1)[-1] for c in chain for b in c.bases if self.class_by_name(b, c.module) is None}
        return not outside <= {"object"}

    def tree_objects(self, text: str) -> list:
        """What the tree's code makes the object a dotted name (`logger`, `self._lock`) holds: a
        `ClassInfo` per class of the tree it may be an object of, "code" where code of the tree
        makes it and the model cannot tell its class; empty where no code of the tree makes it (a
        parameter, `logging.getLogger(...)`)."""
        parts = text.split(".") if text else []
        frame = self.frame
        if not parts or frame is None or len(parts) > 2:
            return []
        module, root = frame.module, parts[0]
        if root in frame.locals:
            fn = frame.fn
            own = fn is not None and fn.cls is not None and fn.kind in ("method", "property") \
                and fn.node.args.args and fn.node.args.args[0].arg == root
            if not own or len(parts) != 2:
                return []
            values = [(v, cls.module) for cls in self.mro(fn.cls) for v in _attribute_bindings(cls.node, parts[1])]
        elif len(parts) == 1:
            values = self.global_bindings(root, module, 0)
        else:
            return []
        made: list = []
        for value, where in values:
            made.extend(self.made_by(value, where, 0))
        return made

    def global_bindings(self, name: str, module, depth: int) -> list:
        """The values (with their module) a module-level name is bound to, following imports of
        the tree."""
        if depth > 4:
            return []
        ref = module.imports.get(name)
        if ref is not None and name not in module.functions and name not in module.classes:
            if ref.name is None:
                return []
            target = self.project.module_for(ref.module, ref.level, module.path)
            return self.global_bindings(ref.name, target, depth + 1) if target is not None else []
        out = []
        for stmt in module.tree.body:
            if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
                out.append((stmt.value, module))
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name \
                    and stmt.value is not None:
                out.append((stmt.value, module))
        return out

    def made_by(self, node: ast.expr, module, depth: int, local: ast.AST | None = None) -> list:
        """`tree_objects` of one value: what `node` (in `module`; `local`: the function whose
        locals it may read) is made by. Kept for the model being built (the purity of each call
        asked it again: 7% of a diff); not for the project, whose searches each model must ask
        itself to read what its answer rests on (`reads`)."""
        memo = self.__dict__.setdefault("made_by_memo", {})
        key = (id(node), id(module), depth, id(local))
        if key not in memo:
            memo[key] = (self._made_by(node, module, depth, local), node, module, local)  # (the objects kept: ids stay theirs)
        return memo[key][0]

    def _made_by(self, node: ast.expr, module, depth: int, local: ast.AST | None = None) -> list:
        if depth > 3:
            return ["code"]
        if isinstance(node, ast.Name):
            if local is not None and any(node.id == a.arg for a in ast.walk(local.args) if isinstance(a, ast.arg)):
                return []  # (what the caller hands in)
            if local is not None:
                assigned = [n.value for n in ast.walk(local) if isinstance(n, ast.Assign)
                            and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)]
                if assigned:
                    return [m for v in assigned for m in self.made_by(v, module, depth + 1, local)]
            return [m for v, where in self.global_bindings(node.id, module, 0) for m in self.made_by(v, where, depth + 1)]
        if not isinstance(node, ast.Call):
            return []
        name = dotted(node.func)
        if name is None:
            return []
        if name.rsplit(".", 1)[-1] == "cast" and len(node.args) == 2:
            return self.made_by(node.args[1], module, depth, local)  # `cast(T, x)`: x
        info = self.class_by_name(name, module)
        if info is not None:
            return [info]
        fn = self.tree_function(node.func, module, call=True) if local is None or name.split(".")[0] not in \
            {a.arg for a in ast.walk(local.args) if isinstance(a, ast.arg)} else None
        if fn is None:
            return ["code"] if self.of_the_tree(node.func, module) and name.split(".")[0] in module.globals \
                and name.split(".")[0] not in module.imports else []
        if fn.decorator_list or _yields(fn):
            return ["code"]  # (`@contextmanager def guard(): try: yield ...`: what its decorator makes)
        owner = next((f.module for f in _functions_named(self, node.func, module) if f.node is fn), module)
        return [m for r in _own_returns(fn) if r.value is not None for m in self.made_by(r.value, owner, depth + 1, fn)]

    def is_declared_pure(self, callee_text: str) -> bool:
        """Named by the user's `pure-calls` (not the built-in list): kept as an atom."""
        return _matcher(tuple(self.options.pure_calls))(callee_text) is not None

    def unknown_call(self, callee_text: str, args: list, kwargs: dict, node: ast.Call, st: State, reaches: list = ()) -> Value:
        text, versions = self.call_text(callee_text, args, kwargs, st)
        line = node.lineno
        value = self.read_path(text, "call", line, st, versions)
        handed = [v.value if isinstance(v, _Starred) else v for v in [*args, *kwargs.values()]]
        self.namespace_call(callee_text, handed, text)
        if callee_text.startswith("<") or _any_opaque([*args, *kwargs.values()], self, st) \
                or any(isinstance(v, (FunctionRef, Closure)) for v in handed):
            # (and a call handed the tree's own code, `functools.partial(ok, 95)`: what it makes
            # runs that code, no input; round 24)
            # a call on unknown values; what it stood for before the calls since (`prior`, what
            # the assume query reads) is as unknown (fuzz seed 30881: a `len(<comprehension>)`
            # read after a hook was an input there, free to take any value). Each read of it: a
            # read on paths that differ is one value per path (exploratory fuzz: an `Ite` of
            # them kept its terms free)
            value = self._on_each(value, _opaque_read)
            for code in handed:  # diff: the tree's function handed on rests on its definition, and so on what it
                # reads (round 30: `any(map(over, ns))`, `over` reading `LIM` 4 -> 8, was "0 decisions changed")
                if isinstance(code, FunctionRef) and getattr(code.info, "module", None) is not None:
                    self.rests_on_unrun(code.info.module, code.info.qualname.split(".")[0], f"<code handed to {text}>")
        elif self.stdlib_call(callee_text) is not None:
            # a pure function of the standard library: what Python computes from literals; of
            # anything else no input either (round 31: `re.match("fp8", "int8")`, `Counter(...)`
            # were free); it changes nothing
            from .builtins import PURE_STDLIB, fold_stdlib

            name = self.stdlib_call(callee_text)
            from .builtins import _MISSING, _constant

            held = [_constant(self.load(v, st)) if not isinstance(v, _Starred) else _MISSING for v in handed]
            membership = name in ("operator.contains", "operator.countOf", "operator.indexOf")
            constant = not kwargs and all(h is not _MISSING and (isinstance(self.load(v, st), Lit) or membership and i == 0)
                                          for i, (h, v) in enumerate(zip(held, handed)))
            if name in PURE_STDLIB and constant:  # (a list the function holds: its items, for a membership)
                folded = fold_stdlib(name, held, line, text)
                if folded is not None:
                    return folded
            if name.startswith("math.") and constant and handed:
                folded = _fold_math(callee_text, held, self.frame.module)
                if folded is not None:
                    return folded
            value = self._on_each(value, _opaque_read)
            if name in PURE_STDLIB or name.startswith("math."):
                self.ignored_calls.setdefault((line, text), None)
                return value
        elif handed and self.of_computing_module(callee_text):
            # `math.floor(8.2)`: what a function of the standard library computes from constants,
            # computed where it is a plain function of numbers, else no input (round 28:
            # `math.floor(consts.LIMIT)`, LIMIT 8.2 -> 8.7, listed regions over `math.floor(8.2)` and
            # `math.floor(8.7)` as two free inputs, which no run gives)
            # (round 35: of any other argument, `math.pow(n, 2)` was a free input, `< 0` in a counterexample)
            constants = all(isinstance(self.load(v, st), Lit) for v in handed) and not kwargs
            folded = _fold_math(callee_text, [self.load(v, st).value for v in handed], self.frame.module) if constants else None
            if folded is not None:
                return folded
            value = self._on_each(value, _opaque_read)
        from .builtins import handed_code_writes

        writers = [] if self.is_declared_pure(callee_text) else \
            handed_code_writes(callee_text, handed, self.__dict__.get("lambda_nodes", {}))  # (the user's word stands)
        if node is self.__dict__.get("str_method_node") and not writers:
            return value  # a method of a `str` (`pure_str_method`): it changes nothing
        if self.is_pure(callee_text) and not writers:
            refused = self.stdlib_refusal(callee_text, node)
            if refused is not None:  # (round 41: `logger.warning_once` of a `logging.getLogger` logger, taken for a no-op)
                self.raise_if(TRUE, st, refused, node)
                return Lit(None)
            if self.logging_call(callee_text, args, kwargs, node, st):  # (round 49: a warning may raise, its arguments' `__str__` run)
                return Lit(None) if st.dead else value
            self.ignored_calls.setdefault((line, text), None)
            return value
        for code in writers:  # (what the function it is handed closes over changes with it)
            if isinstance(code, Closure):
                self.closure_effects(code, st, node)
        self.unknown_call_effects(st, text, line, args=[*args, *kwargs.values(), *reaches])
        return value

    def stdlib_refusal(self, callee_text: str, node: ast.Call) -> str | None:
        """The exception a logging call raises whatever its inputs, where the model knows the object
        is the standard library's: a method `logging.Logger` lacks on a module name bound once to
        `logging.getLogger(...)` (`warning_once` is vLLM's own logger's), a function the `logging`
        or `warnings` module lacks, `warnings.warn(msg, C)` of a builtin class no `Warning` is.
        None elsewhere (a logger the tree makes: its own class decides)."""
        import builtins
        import logging
        import warnings

        root, _, method = callee_text.rpartition(".")
        module = self.frame.module
        if not root or "." in root or root in self.frame.locals or root not in module.stable:
            return None
        ref = module.imports.get(root)
        if ref is not None and ref.name is None and ref.module in ("logging", "warnings") and ref.level == 0:
            if not hasattr(logging if ref.module == "logging" else warnings, method):
                return "AttributeError"
            if ref.module == "warnings" and method == "warn" and len(node.args) >= 2 and isinstance(node.args[1], ast.Name) \
                    and node.args[1].id not in module.globals and isinstance(getattr(builtins, node.args[1].id, None), type) \
                    and not issubclass(getattr(builtins, node.args[1].id), Warning):
                return "TypeError"
            return None
        bound = next((stmt.value for stmt in module.tree.body if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                      and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id == root), None)
        if isinstance(bound, ast.Call) and isinstance(bound.func, ast.Attribute) and bound.func.attr == "getLogger" \
                and isinstance(bound.func.value, ast.Name) and (logref := module.imports.get(bound.func.value.id)) is not None \
                and logref.name is None and logref.module == "logging" and not hasattr(logging.Logger, method) \
                and not self.tree_logger_class():  # (round 49: `setLoggerClass` of a class of the tree: `tree_logger_call`)
            return "AttributeError"
        return None

    def stdlib_call(self, callee_text: str) -> str | None:
        """The standard-library name of a pure function or a container class the call is
        (`builtins.PURE_STDLIB`, `_STDLIB_CONTAINERS`), else None."""
        from .builtins import _STDLIB_CONTAINERS, PURE_STDLIB, stdlib_name

        name = stdlib_name(callee_text, self.frame.module, self.frame.locals)
        if name is not None and name.startswith("math.") and name[5:] in _FOLDED_MATH:
            return name  # (`math.floor(x)` of a fact's 2.5: an input it was, free of x)
        return name if name in PURE_STDLIB or name in _STDLIB_CONTAINERS else None

    def of_computing_module(self, callee_text: str) -> bool:
        """Whether `callee_text` (`math.floor`, `m.floor` of `import math as m`) names a function
        of a standard module that computes from its arguments alone (`_COMPUTING_MODULES`)."""
        root, dot, _ = callee_text.partition(".")
        ref = self.frame.module.imports.get(root) if root not in self.frame.locals else None
        if ref is None or ref.level:
            return False
        # `math.pow`, `m.pow` of `import math as m`, `pow` of `from math import pow` (round 35: an input)
        return ref.module in _COMPUTING_MODULES if dot and ref.name is None else not dot and ref.module in _COMPUTING_MODULES

    def namespace_call(self, callee_text: str, handed: list, text: str) -> None:
        """diff: what a call from outside the tree reads of the tree's modules by their names, not
        by a read the model sees, rests on those modules (round 28: `globals()["LIMIT"]`,
        `eval("LIMIT")`, `importlib.import_module("consts").LIMIT`, `operator.attrgetter("LIMIT")(consts)`
        were atoms of the same text in both versions, a changed `LIMIT` "0 decisions changed")."""
        if not self.options.definitions:
            return
        short = callee_text.removeprefix("builtins.").strip("<>").removeprefix("builtin ")  # (`model.eval()`: no such read)
        module = self.frame.module
        if short in _NAMESPACE_READERS and (short in ("globals", "eval", "exec") or not handed):  # (`vars(cfg)`: cfg's)
            self.rests_on(module, "*", callee_text)
        if short in ("__import__", "import_module") or short.endswith("importlib.import_module"):
            name = handed[0] if handed else None
            target = self.project.module_for(name.value, 0, module.path) \
                if isinstance(name, Lit) and isinstance(name.value, str) else None
            self.rests_on(target or module, "*", callee_text)  # (a name it cannot tell: its own module, at least)
        for value in handed:  # a module of the tree handed to it (`attrgetter("LIMIT")(consts)`)
            value = value.body if isinstance(value, Named) else value
            if isinstance(value, ModuleRef):
                target = self.project.module_for(value.name, value.level, value.origin or module.path)
                if target is not None:
                    self.rests_on(target, "*", text)

    def unknown_call_effects(self, st: State, text: str, line: int, args: list = ()) -> None:
        """What an unmodeled call may do: change any heap path, any list it can reach (its
        arguments, and lists that escaped before), and locals that escaped closures write."""
        key = self.event_key(text)
        self.last_event = key
        st.heap = st.heap.havoc("*", key, f"`{text}` at line {line}", line)
        reached = set(st.escaped)
        for value in args:
            for ref in _refs_in(value.value if isinstance(value, _Starred) else value):
                reached.add(ref.oid)
            for closure in _closures_in(value):
                self.frame.cells.update(_nonlocal_writes(closure.node))
        for closure in list(self.__dict__.get("escaped_closures", {}).values()):
            # (a nested function a list, a dict or a decorator holds: the call may run it; round 44)
            self.closure_effects(closure, st, ast.Pass(lineno=line), f"`{text}` at line {line}, which may call `{closure.node.name}`,")
        for oid in reached:
            if oid in st.objects:
                st.objects[oid] = None
        st.escaped = frozenset(reached)
        if self.mapping_escaped or any(holds_mapping(self.load(v.value if isinstance(v, _Starred) else v, st)) for v in args):
            self.havoc_mappings(st, f"`{text}` at line {line}", line)
        for name in self.frame.cells:
            st.env[name] = Term(f"<{name} after `{text}` at line {line}>", line, "opaque")

    def not_followed(self, value: Value) -> Value:
        """`value` stands for code of the tree the model did not follow (`DecisionModel.unfollowed`):
        its text names the call, not what the code computes, and that code may differ between
        two versions of the tree."""
        if isinstance(value, Term):
            self.unfollowed.setdefault(value.text, None)
        return value

    # ------------------------------------------------------------ inlining
    def inline(self, fn: FunctionInfo, receiver: Value | None, args: list, kwargs: dict, node: ast.AST, st: State,
               name: str, kind: str, text: str | None = None, unwrapped: bool = False) -> Value:
        """`fn`'s body run with these arguments (`unwrapped`: its decorator's wrapper is what calls it)."""
        line = getattr(node, "lineno", 0)
        label = text or name
        wrapped = None if unwrapped else self.wrapper_of(fn)
        memo = not unwrapped and wrapped is None and self.memoized(fn)
        opaque = "" if wrapped is not None or memo else _not_plain(fn, unwrapped, self.plain_decorator)
        # `@cache` (or a decorator of the tree that keeps what the function returned, SGLang's
        # `@cache_once`): what an earlier call computed, whatever changed since (exploratory fuzz:
        # inlined, it read the state as it is now): a call the model does not follow, an atom of its own
        caching = memo or kind != "property" and any(self.plain_decorator(d, fn.module) in ("cache", "lru_cache")
                                                     for d in fn.node.decorator_list)
        if caching and self.refuses_unhashable(fn, args, kwargs, node, st):
            return Lit(None)
        cached = memo or (caching and not self.transparent_cache(fn))
        if opaque or cached or any(f.fn is fn for f in self.frames) or len(self.frames) > self.max_depth or self.steps > MAX_STEPS:
            why = opaque or ("is cached (`@cache`): it returns what an earlier call computed" if cached
                             else "is recursive" if any(f.fn is fn for f in self.frames) else "is past the inlining depth"
                             if len(self.frames) > self.max_depth else "is past the interpretation budget")
            self.note(line, "inline-stop:" + label, f"`{label}` {why}: called as unmodeled code")
            if kind == "property":
                value = self.read_through(receiver, f".{name}", "attr", line, st) if isinstance(receiver, Term) else self.unknown(node, label)
            else:
                value = self.unknown_call(label, args, kwargs, node, st) if isinstance(node, ast.Call) else self.unknown(node, label)
                if not cached:  # recursive, too deep: the tree's code, not followed, is no input (round 35:
                    # `1 + depth(2)` took a value `depth` never returns in a counterexample)
                    value = self._on_each(value, _opaque_read) if isinstance(value, (Ite, Named)) else _opaque_read(value)
            if opaque:  # what the code returns is not what its body says: no input gives it a value
                value = self._on_each(value, _opaque_read) if isinstance(value, Ite) else _opaque_read(value)
                if isinstance(value, Term):  # (diff: it rests on the function and its decorators' code,
                    # a factory's included: round 24, `@register("a")` whose inner decorator changed)
                    for decorator in fn.node.decorator_list:
                        root = (dotted(decorator.func if isinstance(decorator, ast.Call) else decorator) or "").split(".")[0]
                        if root and (root in fn.module.globals or root in fn.module.imports):
                            self.rests_on(fn.module, root, value.text)
                return value
            if isinstance(value, Term) and fn.module.functions.get(fn.qualname) is fn:
                # (diff: what it returns rests on the function whole, a method's on its class's, and what
                # it reads of other modules; rounds 46-47: a cached helper or method reading an imported
                # constant that changed was one value)
                self.rests_on(fn.module, fn.qualname.split(".")[0], value.text)
            return self.not_followed(value)
        if wrapped is not None:
            # `@decorator` whose wrapper calls the function through `func(*args, **kwargs)`: the
            # wrapper's body runs, and that call runs `fn` with these arguments (`_Forward`)
            wrapper, func, rest = wrapped
            params: dict | None = {p: Term(f"<{p} of {wrapper.name}>", line, "opaque") for p in rest}
            run_fn, outer = wrapper, {func: _Forward(fn, receiver, args, kwargs, name, kind, text),
                                      wrapper.name: Term(f"<the {wrapper.name} of the decorator>", line, "opaque")}
        else:
            params = self.bind_params(fn, receiver, args, kwargs, st)
            run_fn, outer = fn, None
        if params is None:
            self.note(line, "inline-args:" + label, f"the arguments of `{label}` do not match its parameters, or the model "
                                                    f"cannot read them: called as unmodeled code")
            value = self.unknown_call(label, args, kwargs, node, st) if isinstance(node, ast.Call) else self.unknown(node, label)
            # the tree's own code, not followed: what it returns is no input (round 35: `g(**{...})`
            # was one, free to take a value `g` never returns)
            return self.not_followed(self._on_each(value, _opaque_read) if isinstance(value, (Ite, Named)) else _opaque_read(value))
        if kind == "property" and _is_cached(fn):
            # (of each object its own: `a.big` and `b.big` of `a = P(); b = P()` are two caches; round 35)
            cached_path = self.object_path(receiver, f".{name}") if isinstance(receiver, Term) else None
            cached = _cached_value(st.heap, cached_path) if cached_path is not None else None
            if cached is not None:  # computed before in this run: that value, whatever changed since
                return cached
            # an object the function did not make (`self`, a parameter) may hold a value an earlier
            # read cached, whatever its attributes are now (round 36: inlined, a wrong clean): the
            # getter runs only where an atom says it was not read before
            held = f"{receiver.text}.{name}" if isinstance(receiver, Term) else label
            earlier = None if self.cache_unread(receiver, cached_path, st) else \
                (self.opaque_atom(f"<{held} was cached before line {line}>", line, node),
                 Term(f"<{held} as an earlier read cached it>", line, "opaque"))
        else:
            cached_path = earlier = None
        before = (st.heap, st.objects, st.escaped)
        from ..formula import conj, neg
        from .heap import Heap
        from .values import merge_values

        frame_guard = self.global_guard(st) if earlier is None else conj(self.global_guard(st), neg(earlier[0]))
        entry = State(TRUE, TRUE, params, st.heap, st.objects, st.escaped)
        changes = self.mapping_changes
        # `self.m()` of an inherited method: `self` in it is still an instance of the caller's class,
        # whose overrides its own `self.x` reads (virtual dispatch)
        dispatch = self.frame.cls if receiver is not None and fn.kind in ("method", "property") and self.is_self(receiver) else None
        if receiver is not None and fn.kind in ("method", "property") and dispatch is None:
            dispatch = self.made_class(receiver)  # an object the function made: its own class's overrides
        # (a wrapper's frame holds the receiver too: the call it forwards dispatches as this one would)
        sites = self.__dict__.setdefault("call_sites", [])
        sites.append(line)  # (where the target's code called it: a raise in another module is reported there)
        try:
            returns, _ = self.run_frame(run_fn, entry, receiver, outer_env=outer, entry_guard=frame_guard, cls=dispatch,
                                        enclosing=None if outer is None else frozenset(outer),  # (the decorator's names)
                                        outcome=node is self.outcome_call)
        finally:
            sites.pop()
        self.settle_closures(st)
        if self.mapping_changes != changes:  # the helper may have changed a dict the caller holds
            self.havoc_mappings(st, f"`{label}` at line {line}", line)
        if not returns and earlier is None:
            st.dead = True
            return Lit(None)
        if returns:
            value = join_value([(p, v) for p, v, _s in returns])
            joined = merge_many([(p, s) for p, _v, s in returns], st.guard, st.path)
            st.heap, st.objects, st.escaped = joined.heap, joined.objects, joined.escaped
        if earlier is not None:  # read before: the cached value, and nothing the getter does happened
            value = merge_values(earlier[0], earlier[1], value) if returns else earlier[1]
            st.heap = Heap.merge(earlier[0], before[0], st.heap)
            st.objects = {oid: held if before[1].get(oid, held) == held else None for oid, held in st.objects.items()}
            st.escaped = st.escaped | before[2]
        if cached_path is not None:
            st.heap = st.heap.write(cached_path, self.load(value, st), self.event_key(f"cache {cached_path}"), line,
                                    root=self.object_root(receiver) or "")  # (that object's cache, no other's)
        if caching and (_holds_refs(value) or _holds_list(value) or isinstance(self.load(value, st), Mapping)):
            # a cached function's list or dict is one object every call gets, changed by whoever
            # holds it, before the function ran too (round 41: `base().insert(0, x)` then `base()`
            # read the body's fresh list): unknown
            return self.unknown(node, f"a list or dict `{label}` returns from its cache")
        if _holds_refs(value) or isinstance(value, Closure):
            return value  # lists the caller goes on mutating, a function it made (`closure_effects`): kept
        value = self.load(value, st)
        if isinstance(value, (Lit, Seq)) or (isinstance(value, Term) and value.kind == "member"):
            return value
        shown = name if not args and not kwargs else self.call_text(name, args, kwargs, st)[0]
        named = Named(shown, value, fn.node.lineno, kind)
        self.helpers.setdefault(shown, named)
        return named

    def wrapper_of(self, fn: FunctionInfo) -> tuple[FunctionInfo, str, tuple[str, str]] | None:
        """For a function with one decorator the model does not know, defined in the tree as
        `def deco(func): @functools.wraps(func) def wrapper(*args, **kwargs): ... func(*args, **kwargs)
        ...; return wrapper`: (the wrapper as a function of deco's module, `func`'s name, the names
        of `*args` and `**kwargs`). None for anything else (the call is then not inlined)."""
        deco = self.tree_decorator(fn)
        shape = _wrapper_shape(deco.node) if deco is not None else None
        if shape is None:
            return None
        node, func, rest = shape
        return FunctionInfo(node.name, node, None, deco.module, "function"), func, rest

    def cache_unread(self, receiver: Value, path: str | None, st: State) -> bool:
        """Whether the `cached_property` at `path` of `receiver` cannot have been read before:
        the object is one the function made (`Sel(95)`) of a plain class whose construction reads
        nothing of `self` (`_construction_reads`), and no call since that may have reached it
        (round 36: `self.backend` of an object read before was inlined as if computed now)."""
        info = self.made_class(receiver)
        if path is None or info is None or self.object_root(receiver) is None or not self.plain_class(info):
            return False
        chain = self.mro(info)
        defined = frozenset(name for cls in chain for name in cls.methods)
        if any(_construction_reads(cls, defined) for cls in chain):
            return False
        made = {"", self.made_events.get((receiver.text, receiver.version), "")}  # type: ignore[union-attr]
        for (text, _version), event in self.made_events.items():  # (`b = P()` after `a = P()` of a class
            # that runs no code to make one: no read of `a.big`)
            other = self.instances.get(text)
            if other is not None and self.plain_class(other) and not any(
                    c.node.decorator_list or any(m in c.methods or m in c.bound for m in _CONSTRUCTION) for c in self.mro(other)):
                made.add(event)
        versions: set[str] = set()

        def fresh(path_: str, version: str, why: str, line: int, before=None):
            versions.update(version.split("|"))
            return Term(path_, 0, "attr", version, why)

        held = st.heap.read(path, fresh, lambda v, suffix: Lit(None))
        return all(isinstance(arm, Term) and arm.text == path for arm in arms(held)) and versions <= made

    def refuses_unhashable(self, fn: FunctionInfo, args: list, kwargs: dict, node: ast.AST, st: State) -> bool:
        """A cache keyed by the call's arguments hashes them before the body runs: TypeError where
        one is a list, a dict or a set (round 39: `count_ok(["flash", "triton"])` of a `@cache`
        helper ran its body, a clean verdict every run contradicts). Whether no path goes on."""
        from .values import cases, unhashable

        handed = [*args, *(v for k, v in kwargs.items() if k is not None)]  # (`**opts`: its values, not the dict)
        loaded = [(cond, self.load(leaf, st)) for value in handed if not isinstance(value, _Starred) for cond, leaf in cases(value)]
        refused = disj(*(cond for cond, leaf in loaded if unhashable(leaf)))
        # a tuple holding one (`("t", [1])`: hashing it hashes the list), where the model cannot say
        # the tuple is no other iterable: TypeError on an atom (round 50: clean, the run raising)
        maybe = disj(*(cond for cond, leaf in loaded if not unhashable(leaf) and self.holds_unhashable(leaf, st)))
        if maybe != FALSE:
            line = getattr(node, "lineno", 0)
            refused = disj(refused, conj(maybe, truth(Term(f"<hashing the arguments at line {line}: a tuple holding a list, "
                                                           "a dict or a set>", line, "opaque"))))
        if refused == FALSE:
            return False
        self.raise_if(refused, st, "TypeError", node)
        return st.dead

    def holds_unhashable(self, value: Value, st: State, depth: int = 0) -> bool:
        """Whether a tuple the model holds holds (at any depth) an item Python refuses to hash."""
        from .values import cases, unhashable

        if depth > 8 or not (isinstance(value, Seq) and value.kind == "tuple"):
            return False
        return any(unhashable(item) or self.holds_unhashable(item, st, depth + 1)
                   for i in value.items for _cond, leaf in cases(i.value) for item in [self.load(leaf, st)])

    def transparent_cache(self, fn: FunctionInfo) -> bool:
        """Whether caching cannot change what a `@cache`/`@lru_cache` function returns: a plain
        function whose body reads only its parameters, its own locals, literals, constants of its
        module that nothing changes, and calls only builtins that compute (`_CACHE_SAFE_BUILTINS`);
        no attribute, subscript, `global`, nested code (round 32: `_use_big(tp_size)` was a free
        input, the same argument's value no run gives). Such a function is inlined."""
        node, module = fn.node, fn.module
        if fn.cls is not None or fn.kind != "function" or not isinstance(node, ast.FunctionDef) or len(node.decorator_list) != 1:
            return False
        params = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
        if node.args.vararg or node.args.kwarg or node.args.defaults or node.args.kw_defaults:
            return False
        stored = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))}
        for sub in ast.walk(ast.Module(body=node.body, type_ignores=[])):
            if isinstance(sub, (ast.Attribute, ast.Subscript, ast.Global, ast.Nonlocal, ast.Lambda, ast.FunctionDef,
                                ast.AsyncFunctionDef, ast.ClassDef, ast.Yield, ast.YieldFrom, ast.Await, ast.Starred,
                                ast.NamedExpr, ast.Try, ast.With, ast.Delete, ast.Import, ast.ImportFrom)) \
                    or isinstance(sub, ast.comprehension):
                return False
            if isinstance(sub, ast.Call) and not (isinstance(sub.func, ast.Name) and sub.func.id in _CACHE_SAFE_BUILTINS
                                                  and sub.func.id not in module.globals and sub.func.id not in params | stored):
                return False
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id not in params | stored \
                    and sub.id not in _CACHE_SAFE_BUILTINS:
                if not (sub.id in module.immutable and sub.id in module.stable and sub.id not in module.rebound
                        and self.changed_elsewhere(module, sub.id) is None):
                    return False
        return True

    def memoized(self, fn: FunctionInfo) -> bool:
        """Whether `fn`'s one unknown decorator is a function of the tree whose wrapper keeps what
        the function returned and returns what it kept (`_memo_shape`), as `@cache` does."""
        deco = self.tree_decorator(fn)
        return deco is not None and _memo_shape(deco.node)

    def opaque_decorator(self, fn: FunctionInfo) -> ast.expr | None:
        """A decorator of the tree on `fn` that may replace what calling it returns: not a function
        that returns the function it is given (`def register(fn): REGISTRY.append(fn); return
        fn`), nor a call of one that returns such a function (`@_register_for("A", "B")`). One
        the model knows to keep the function (`_PLAIN_DECORATORS`) or from outside the tree is
        taken to keep it (documented). Of a method, also what may replace it on its class (round 28:
        `@patch class S` writing `cls.select`, `S = patch(S)`, `dec.patch(S)`: "0 decisions changed")."""
        found = next((d for d, kept in self.tree_decorators(fn.node, fn.module) if kept is None), None)
        if found is not None or fn.cls is None:
            return found
        return self.method_rewriter(fn)

    def rest_on_code(self, node: ast.expr, module, text: str) -> None:
        """diff: `text`, what code of the tree a decorator (or a call) names makes, rests on that
        code's definition (round 28: `@Deco()` whose `__call__` changed was "0 decisions changed",
        the atom's text the same in both versions)."""
        head = node
        while isinstance(head, (ast.Call, ast.Subscript)) or isinstance(head, ast.Attribute) and not isinstance(head.value, ast.Name):
            head = head.func if isinstance(head, ast.Call) else head.value
        if isinstance(head, ast.Attribute) and head.value.id in module.imports:
            ref = self.resolve_import(module.imports[head.value.id], module, head.value.id)
            target = self.project.module_for(ref.name, ref.level, ref.origin or module.path) if isinstance(ref, ModuleRef) else None
            if target is not None:
                self.rests_on(target, head.attr, text)
                return
        if isinstance(head, ast.Attribute):
            head = head.value
        if isinstance(head, ast.Name):
            self.rests_on(module, head.id, text)

    def method_rewriter(self, fn: FunctionInfo) -> ast.expr | None:
        """Code of the tree that may replace the method `fn` on its class: a class decorator that
        may bind the class's name to another object or writes the method (or attributes it cannot
        name), a module-level rebinding of the class's name, or a call of the tree's code handed
        the class at module level; None where none may."""
        cls = fn.cls
        replaced, written = self.class_decoration(cls)
        if replaced is not None:
            return replaced
        if written is None or fn.name in written:
            return next((d for d, _ in self.tree_decorators(cls.node, cls.module)), cls.node.decorator_list[0])
        if "." in cls.qualname:
            return None
        module, name = cls.module, cls.name
        stack = list(module.tree.body)
        while stack:
            stmt = stack.pop(0)
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and name not in module.stable and any(
                    isinstance(t, ast.Name) and t.id == name for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])):
                call = stmt.value if isinstance(stmt.value, ast.Call) else None
                found = self.tree_function(call.func, module) if call is not None else None
                if not (found is not None and _returns_its_argument(found) and not _rewrites(found, call, name, fn.name)):
                    return stmt.value or stmt.target  # (`S = patch(S)`)
                stack.append(call)
                continue
            if isinstance(stmt, ast.Call):
                if any(isinstance(a, ast.Name) and a.id == name for a in [*stmt.args, *(k.value for k in stmt.keywords)]) \
                        and self.of_the_tree(stmt.func, module):
                    found = self.tree_function(stmt.func, module)
                    if found is None or _rewrites(found, stmt, name, fn.name):
                        return stmt  # (`dec.patch(S)`, `register(S)`: the tree's code handed the class)
            stack.extend(ast.iter_child_nodes(stmt))
        return None

    def tree_decorators(self, node: ast.AST, module):
        """Each decorator of the tree on `node` (a function or class): (the decorator, the function
        that keeps what it is given and gets it, or None where it may replace it). Known-plain
        decorators and those from outside the tree are left out."""
        for d in node.decorator_list:
            if self.plain_decorator(d, module) in _PLAIN_DECORATORS:
                continue
            call = isinstance(d, ast.Call)
            found = self.tree_function(d.func if call else d, module, call)
            if found is None:
                if self.of_the_tree(d.func if call else d, module):
                    # (an object of the tree the model does not read as a function: `@dec.deco` of
                    # a class's method, `@Deco()`; round 28: it was left out, "0 decisions changed")
                    yield d, None
                continue
            if call:
                found = _returned_def(found)
            yield d, (found if found is not None and _returns_its_argument(found) else None)

    def class_decoration(self, info) -> tuple[ast.expr | None, frozenset[str] | None]:
        """What the class's decorators of the tree do to it: (one that may bind its name to
        another object, a function that does not return its argument on every path, or None;
        the attributes they set on it: `cls.MIN_CAP = 90`, `setattr(cls, "x", f)`, None for any).
        Decorators from outside the tree keep the class (documented)."""
        known = info.__dict__.get("_decoration")
        if known is not None:
            return known
        written: set[str] | None = set()
        replaced = None
        for d, found in self.tree_decorators(info.node, info.module):
            if found is None:
                replaced = d
                break
            param = [*found.args.posonlyargs, *found.args.args][0].arg
            for n in ast.walk(found):
                if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == param \
                        and not isinstance(n.ctx, ast.Load) and written is not None:
                    written = None if n.attr == "__dict__" else written | {n.attr}
                elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "setattr" and n.args \
                        and isinstance(n.args[0], ast.Name) and n.args[0].id == param and written is not None:
                    key = n.args[1] if len(n.args) > 1 else None
                    written = written | {key.value} if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
        known = info._decoration = (replaced, None if written is None else frozenset(written))
        return known

    def decorated_attribute(self, info, attr: str) -> bool:
        """Whether the first class on `info`'s way to say what `attr` is a decorator of the tree
        that sets it (round 21: `@cap90` writing `cls.MIN_CAP`, read as `Base.MIN_CAP`)."""
        for cls in self.mro(info):
            written = self.class_decoration(cls)[1]
            if written is None or attr in written:
                return True
            if attr in cls.bound or attr in cls.methods or attr in cls.constants or attr in cls.members:
                return False
        return False

    def plain_decorator(self, node: ast.expr, module) -> str:
        """A decorator's last name (`functools.cache`, `lru_cache(maxsize=8)` -> `cache`,
        `lru_cache`) where it is no object of the tree; "" for one of the tree, whatever its name
        (round 41: the tree's own `cache`, `deprecated`, `override` were taken for the standard
        library's, which keep the function, and its body inlined)."""
        return "" if self.of_the_tree(node, module) else _short_decorator(node)

    def of_the_tree(self, node: ast.expr, module) -> bool:
        """Whether a decorator's head (`deco`, `dec.deco`, `Deco`, `REG.add`) is an object of the
        tree: its first name bound in the module, or imported from a module of the tree."""
        while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
            node = node.func if isinstance(node, ast.Call) else node.value
        if not isinstance(node, ast.Name):
            return True  # (`@(lambda f: f)`, `@fns[0]`: code the model does not read)
        name = node.id
        if name in module.imports:  # (an import binds a module name too: only one of the tree's)
            ref = self.resolve_import(module.imports[name], module, name)
            if isinstance(ref, ModuleRef):
                return self.project.module_for(ref.name, ref.level, ref.origin or module.path) is not None
            return ref is not None
        return name in module.functions or name in module.classes or name in module.globals

    def tree_function(self, node: ast.expr, module, call: bool = False) -> ast.FunctionDef | None:
        """The module-level function of the tree a decorator's name reads (`deco`, `dec.deco` of a
        module of the tree; called, `Cls.register(...)` of a static or class method), or None."""
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in module.imports:
            ref = self.resolve_import(module.imports[node.value.id], module, node.value.id)
            target = self.project.module_for(ref.name, ref.level, ref.origin or module.path) if isinstance(ref, ModuleRef) else None
            fn = target.functions.get(node.attr) if target is not None and node.attr in target.stable else None
            if target is not None:
                if self.changed_elsewhere(target, node.attr) is not None:
                    return None  # (`dec.deco = other` in a module of the tree: of the tree, not read)
                return fn.node if fn is not None and fn.cls is None and isinstance(fn.node, ast.FunctionDef) else None
            return None
        if call and isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            held = module.classes.get(node.value.id) if node.value.id in module.stable else None
            if held is None and node.value.id in module.imports:
                ref = self.resolve_import(module.imports[node.value.id], module, node.value.id)
                held = ref.info if isinstance(ref, ClassRef) else None
            fn = self.find_method(held, node.attr) if held is not None else None
            return fn.node if fn is not None and fn.kind in ("staticmethod", "classmethod") and isinstance(fn.node, ast.FunctionDef) else None
        name = node.id if isinstance(node, ast.Name) else None
        if name is None:
            return None
        fn = module.functions.get(name) if name in module.stable else None
        if fn is None and name in module.imports:
            ref = self.resolve_import(module.imports[name], module, name)
            fn = ref.info if isinstance(ref, FunctionRef) else None
        return fn.node if fn is not None and fn.cls is None and isinstance(fn.node, ast.FunctionDef) else None

    def tree_decorator(self, fn: FunctionInfo) -> FunctionInfo | None:
        """The module-level function of the tree that is `fn`'s one decorator the model does not
        know (by its plain name), or None."""
        others = [d for d in fn.node.decorator_list if self.plain_decorator(d, fn.module) not in _PLAIN_DECORATORS]
        if len(others) != 1 or not isinstance(others[0], ast.Name) or isinstance(fn.node, ast.AsyncFunctionDef) or _yields(fn.node):
            return None
        module = fn.module
        name = others[0].id
        deco = module.functions.get(name) if name in module.stable else None
        if deco is None and name in module.imports:
            ref = self.resolve_import(module.imports[name], module, name)
            deco = ref.info if isinstance(ref, FunctionRef) else None
        return deco if deco is not None and deco.cls is None else None

    def bind_params(self, fn: FunctionInfo, receiver: Value | None, args: list, kwargs: dict, st: State,
                    enclosing: set[str] = frozenset()) -> dict | None:
        """The parameters of a call of `fn`; None where the call cannot bind them. `enclosing`: the
        local names of the function a nested `fn` is defined in, whose defaults it evaluates."""
        a = fn.node.args
        positional = [p.arg for p in [*a.posonlyargs, *a.args]]
        if any(isinstance(v, _Starred) for v in args) or None in kwargs:
            return None
        values = list(args)
        if fn.kind in ("method", "property", "classmethod"):
            # the receiver is the first positional argument, also of `def check(*args)` (round 34:
            # it was dropped) and of a method with no positional slot (Python raises TypeError)
            if receiver is None:
                return None
            values = [receiver, *values]
        env: dict[str, Value] = {}
        if len(values) > len(positional) and a.vararg is None:
            return None
        for pname, value in zip(positional, values):
            env[pname] = value
        if a.vararg is not None:
            extra = values[len(positional):]
            env[a.vararg.arg] = Seq(tuple(Item(new_uid(), TRUE, self.load(v, st)) for v in extra), "tuple")
        kwonly = [p.arg for p in a.kwonlyargs]
        leftover = {}
        posonly = {p.arg for p in a.posonlyargs}  # a keyword of that name goes to `**kwargs` (round 31)
        for key, value in kwargs.items():
            if key in env and key not in posonly:
                return None
            if (key in positional or key in kwonly) and key not in posonly:
                env[key] = value
            else:
                leftover[key] = value
        if leftover and a.kwarg is None:
            return None
        if a.kwarg is not None:
            # a new dict of the keywords no parameter took, `{}` where none (round 51: unknown, and a
            # `return _select(*args, **kwargs)` forwarding helper was not followed)
            env[a.kwarg.arg] = Mapping(tuple((k, v if _holds_list(v) else self.load(v, st)) for k, v in leftover.items()))
        defaults = dict(zip(positional[len(positional) - len(a.defaults):], a.defaults))
        defaults.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None})
        for pname in [*positional, *kwonly]:
            if pname not in env:
                if pname not in defaults:
                    return None
                value = literal(defaults[pname])
                scoped = _default_scope(fn, defaults[pname], enclosing)
                if is_literal(value) and not any(map(mutable_display, ast.walk(defaults[pname]))):
                    env[pname] = Lit(value)
                elif scoped is not None:  # (a name of the class body or the enclosing function: round 20)
                    env[pname] = scoped
                elif isinstance(defaults[pname], ast.Name) and defaults[pname].id in fn.module.constants \
                        and defaults[pname].id not in fn.module.rebound:
                    # (of a name bound again, the constant is its last value; the default is the one the
                    # `def` read: round 31, `LIMIT = 4; def _big(n, limit=LIMIT)`, `LIMIT = 8` below)
                    env[pname] = Lit(fn.module.constants[defaults[pname].id])
                elif isinstance(defaults[pname], ast.Name) and defaults[pname].id in fn.module.imports:
                    # another module's name (`from consts import T; def small(n, t=T)`): what it is there
                    # (round 21: an atom of its own, which a change of `consts.T` left the same)
                    env[pname] = self.global_value(defaults[pname].id, defaults[pname], st, fn.module, defaults[pname].id)
                elif isinstance(defaults[pname], ast.Name) and defaults[pname].id in fn.module.stable \
                        and defaults[pname].id in fn.module.globals and not (fn.module.functions.keys() | fn.module.classes.keys()) & {defaults[pname].id}:
                    # the object the module name holds (bound once): a change through the
                    # parameter is a change of it (`def add(items=DEFAULTS): items.append(...)`)
                    self.rests_on(fn.module, defaults[pname].id, defaults[pname].id)
                    env[pname] = Term(defaults[pname].id, fn.node.lineno, "name")
                elif _of_stable_names(defaults[pname], fn.module):
                    # `t=T * 2`: what it computes from names bound once, read in the module now
                    # (round 21: opaque, and a change of `T` unseen)
                    env[pname] = self.in_module(fn.module, lambda d=defaults[pname]: self.load(self.expr(d, st), st))
                else:
                    env[pname] = Term(f"<default of {pname}>", fn.node.lineno, "opaque")
                    # diff: evaluated at the `def`, from the globals it reads (round 31: `limit=LIMIT`
                    # with LIMIT rebound later, 4 -> 6 in one version, was one input of both)
                    self.rest_on_globals(fn.module, defaults[pname], env[pname].text)
        return env

    def closure_effects(self, closure: Closure, st: State, node: ast.AST, why: str = "") -> None:
        """A nested function that may run where the model does not follow it (handed on, held by a
        list, called past the inlining depth, one a call returned: `register("x")(Default)`): what
        its code may change through the names it reads, and through those of the nested functions
        it may call in turn (`closure_reach`), is unknown after the call. The lists are unknown
        at once; the dicts, sets and `nonlocal` names of the function that made it (which may be
        a caller of the running one) when the call returns to it (`settle_closures`). Round 21:
        `reg[name] = cls` in it went unseen; round 44: only its own names were, not those of `c`
        in `def b(): c()`."""
        line = getattr(node, "lineno", 0)
        why = why or f"the call of `{closure.node.name}` at line {line}"
        todo, seen = [closure], set()
        while todo:
            code = todo.pop()
            if code.oid in seen:
                continue
            seen.add(code.oid)
            # what surely changes nothing stays known (round 45: `def cb(): return order[0]` handed on
            # made `order` unknown); of one returning an item, the objects the items it reaches are
            kind = reads_only(code.node)
            if kind == "items":
                reached = [*code.cells, *(env[n] for env in (st.env, self.frame.outer_env or {}) for n in closure_reach(code) if n in env)]
                loaded = [self.load(v, st) for v in reached if not isinstance(v, Closure)]
                if not any(isinstance(v, Mapping) and any(holds_mapping(e) or holds_set(e) for _k, e in v.entries) for v in loaded):
                    for value in reached:
                        content = st.objects.get(value.oid) if isinstance(value, Ref) else value
                        items = [i.value for i in content.items] if isinstance(content, Seq) else \
                            [e for _k, e in content.entries] if isinstance(content, Mapping) else []
                        for item in items:
                            todo += self.forget_held(item, st)
                    continue
            elif kind == "nothing":
                continue
            reach = closure_reach(code)
            scope = code.scope if code.scope is not None else code.node
            declared = nonlocal_names(scope)
            for held in code.cells:  # (what it named as it was made, under whatever name: `make(reg)` returning `deco`)
                todo += self.forget_held(held, st)
            frames = self.frames
            definer = next((i for i in range(len(frames) - 1, -1, -1) if code.oid in frames[i].closures), None)
            if definer is not None:
                todo += self.forget_in_frame(definer, reach, declared, st, why, line)
                continue
            # made by a call that has returned (`g = mk(); g()`): what it held then is in its cells (a
            # dict among them: changed in place, any name for it), what it names of the functions
            # around its maker, in those of them still running (round 45: none was forgotten)
            if any(holds_mapping(loaded := self.load(held, st)) or holds_set(loaded) for held in code.cells
                   if not isinstance(held, Closure)):
                self.havoc_mappings(st, why, line, touched=True)
            around = enclosing_functions(code.scope)[1:]
            for i, frame in enumerate(frames):
                if frame.fn is not None and frame.fn.node in around:
                    todo += self.forget_in_frame(i, reach, declared, st, why, line)
        self.note(line, "closure-call", f"{why} is not followed: what it closes over is unknown after it")

    def forget_in_frame(self, definer: int, reach: frozenset, declared: frozenset, st: State, why: str, line: int) -> list:
        """`closure_effects` for a nested function whose names are those of the running frame
        `definer`: what it holds under them unknown now where the frame runs, else when the call
        returns to it (`settle_closures`). Returns the nested functions they hold."""
        frames, todo = self.frames, []
        pending = self.__dict__.setdefault("unfollowed_closures", {})
        outer = frames[definer].free | frames[definer].nonlocals
        for i in range(definer, len(frames)):  # the enclosing functions' values the frames above see
            if frames[i].outer_env is not None:
                todo += self.forget_names(frames[i].outer_env, reach & (outer if i == definer else reach), declared, st, why, line)
        if frames[definer] is self.frame:
            return todo + self.forget_names(st.env, reach, declared, st, why, line)
        if self.frame.outer_env is not None:  # (the names it writes `nonlocal`, kept in the running frame)
            todo += self.forget_names(st.env, reach & (self.frame.free | self.frame.nonlocals), declared, st, why, line)
        for i in range(definer + 1):  # the function that made it and, for the names it reads of theirs, its callers
            names = reach if i == definer else reach & outer
            if names:
                kept = pending.setdefault(id(frames[i]), (frames[i], set(), set(), why, line))
                kept[1].update(names)
                kept[2].update(declared)
        return todo

    def forget_names(self, env: dict, names: frozenset, declared: frozenset, st: State, why: str, line: int) -> list:
        """Make unknown what `env` holds under `names` (a nested function's code may change it):
        the lists it reaches, and the name itself where it holds a dict or a set or is written
        `nonlocal`. Returns the nested functions it holds, whose code may run too."""
        found, changed = [], False
        for name in sorted(names & env.keys()):
            value = env[name]
            found += self.forget_held(value, st)
            loaded = self.load(value, st) if not isinstance(value, Closure) else value
            changed = changed or holds_mapping(loaded) or holds_set(loaded)
            if name in declared or holds_mapping(loaded) or holds_set(loaded):
                env[name] = Term(f"<{name} after {why}>", line, "opaque")
        if changed and env is st.env:  # (another name for that dict sees the change too)
            self.havoc_mappings(st, why, line, touched=True)
        return found

    def forget_held(self, value: Value, st: State) -> list:
        """The lists a value holds (in its arms, items and dict entries) made unknown; the nested
        functions it holds, returned."""
        return closures_held(value, st.objects)

    def settle_closures(self, st: State) -> None:
        """Back in a function after a call: what a nested function it made may have changed while
        the model did not follow it (`closure_effects`), unknown in its own variables now."""
        pending = self.__dict__.get("unfollowed_closures")
        kept = pending.pop(id(self.frame), None) if pending else None
        if kept is None or kept[0] is not self.frame:
            return
        _frame, names, declared, why, line = kept
        for code in self.forget_names(st.env, frozenset(names), frozenset(declared), st, why, line):
            self.closure_effects(code, st, ast.Pass(lineno=line), why)

    def escaped_closure(self, closure: Closure) -> None:
        """A nested function that went where the model does not follow it (a list, a dict, a
        decorator that returned something else): any call the model does not follow may run it."""
        self.__dict__.setdefault("escaped_closures", {}).setdefault(closure.oid, closure)

    def call_closure(self, closure: Closure, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        if isinstance(closure.node, ast.AsyncFunctionDef) or _yields(closure.node):
            # a generator or coroutine function: the call returns an object whose code runs as it is
            # walked or awaited, by code the model may not follow (round 45: run as a plain function)
            kind = "is `async` (a call returns a coroutine)" if isinstance(closure.node, ast.AsyncFunctionDef) \
                else "is a generator (`yield`): a call returns a generator"
            self.note(node.lineno, "inline-stop:" + closure.node.name, f"`{closure.node.name}` {kind}: called as unmodeled code")
            self.escaped_closure(closure)
            value = self.unknown_call(f"<function {closure.node.name}>", args, kwargs, node, st)
            return self._on_each(value, _opaque_read) if isinstance(value, (Ite, Named)) else _opaque_read(value)
        if closure.oid not in self.frame.closures:
            self.closure_effects(closure, st, node)
            return self.unknown_call(f"<function {closure.node.name}>", args, kwargs, node, st)
        fn = FunctionInfo(closure.node.name, closure.node, self.frame.cls, self.frame.module, "function")
        params = self.bind_params(fn, None, args, kwargs, st, enclosing=self.frame.locals)
        if params is None or len(self.frames) > self.max_depth:
            # not run: what it writes of ours is unknown after it, what it returns is no input (round 35)
            self.closure_effects(closure, st, node)
            return self._on_each(value, _opaque_read) if isinstance(value := self.unknown_call(
                closure.node.name, args, kwargs, node, st), (Ite, Named)) else _opaque_read(value)
        enclosing, outer = self.enclosing_scope(st, node.lineno)
        before, seeded = self.nonlocal_cells(closure, st, outer, node.lineno)
        params.update(seeded)
        entry = State(TRUE, TRUE, params, st.heap, st.objects, st.escaped)
        changes = self.mapping_changes
        returns, frame = self.run_frame(fn, entry, self.frame.self_value, outer_env=outer, enclosing=enclosing,
                                        entry_guard=self.global_guard(st), outcome=node is self.outcome_call)
        self.settle_closures(st)
        if self.mapping_changes != changes:  # the closure may have changed a dict this function holds
            self.havoc_mappings(st, f"`{closure.node.name}` at line {node.lineno}", node.lineno)
        if not returns:
            st.dead = True
            return Lit(None)
        value = join_value([(p, v) for p, v, _s in returns])
        joined = merge_many([(p, s) for p, _v, s in returns], st.guard, st.path)
        st.heap, st.objects, st.escaped = joined.heap, joined.objects, joined.escaped
        # its own `nonlocal` writes, and those of functions nested in it that it ran (`def g(): def h():
        # nonlocal y ...; h()`: y is this frame's; round 9)
        for name, held in before.items():
            # a path that does not write it leaves the enclosing function's value (round 49: read as unbound)
            written = join_value([(p, s.env.get(name, held)) for p, _v, s in returns])
            if name not in seeded and written != held and UNBOUND in arms(written):
                # (not bound on every path before the call: a path's unbound is the value it had)
                written = _unbound_as(written, held) if not _unbinds(closure.node, name) else \
                    Term(f"<{name} after `{closure.node.name}` at line {node.lineno}>", node.lineno, "opaque")
            if written != held or name in st.env:
                st.env[name] = written
        if isinstance(value, Closure):  # a function it made: calling it may change what it closes over (`closure_effects`)
            return value
        return value if _holds_refs(value) else self.load(value, st)

    def nonlocal_cells(self, closure: Closure, st: State, outer: dict, line: int) -> tuple[dict, dict]:
        """The enclosing variables a nested function about to run writes `nonlocal` (its own and
        those of the functions nested in it), with their values now (`UNBOUND` where not bound
        yet); and those of them bound on every path, which its frame starts with: a path of it
        that does not write one reads and keeps that value (round 49: `if fp8: backend = ...`
        left `backend` unbound on the other path)."""
        from .interpreter import function_scope

        own_locals, _globals, declared, _free = function_scope(closure.node)
        frame, before, seeded = self.frame, {}, {}
        for name in sorted(declared | (_nonlocal_writes(closure.node) - own_locals)):
            if name in frame.locals or name not in st.env:
                value = outer.get(name)
            else:  # (an enclosing variable of ours a nested function set before)
                value = st.env[name]
            if value is None:
                value = UNBOUND if name in frame.locals else \
                    Term(f"<{name} of the enclosing function>", line, "opaque")
            before[name] = value
            if UNBOUND not in arms(value):
                seeded[name] = value
        return before, seeded

    def enclosing_scope(self, st: State, line: int) -> tuple[frozenset[str], dict]:
        """For a function nested in the running one: the names its enclosing functions bind, decided
        as CPython's symtable does (this function's locals, bound anywhere in its body, and those it
        reads from its own enclosing functions, less its `global` ones), and their values now (one
        not bound yet is absent: a read of it raises NameError). Round 35: a free name the running
        function binds only later (or in dead code) was read as the module's global."""
        frame = self.frame
        inherited = (frame.enclosing or frozenset()) - frame.globals_declared - frame.locals
        values = {name: frame.outer_env[name] for name in inherited if frame.outer_env is not None and name in frame.outer_env}
        values.update((name, value) for name, value in st.env.items() if name in frame.locals or name in frame.nonlocals)
        for name in frame.volatile:  # a nested function that escaped may have set it
            values[name] = Term(f"<{name}: a nested function that escapes may set it>", line, "opaque")
        return inherited | frame.locals, values



def _of_stable_names(node: ast.expr, module) -> bool:
    """An expression of the module's names bound once (and literals), with no call: the same value
    whenever it is computed."""
    return not any(isinstance(n, (ast.Call, ast.Lambda, ast.NamedExpr, ast.Await, ast.Yield, ast.ListComp, ast.SetComp,
                                  ast.DictComp, ast.GeneratorExp, ast.List, ast.Set, ast.Dict)) for n in ast.walk(node)) and all(
        n.id in module.stable for n in ast.walk(node) if isinstance(n, ast.Name))


def _pure_set_method(name: str) -> bool:
    from .builtins import _SET_METHODS

    return name in _SET_METHODS


def _default_scope(fn: FunctionInfo, default: ast.expr, enclosing: set[str]) -> Value | None:
    """A default that reads a name of the scope the `def` runs in rather than of the module: a
    class body's (`X = "c"; def m(self, v=X)`: a constant it bound above, else unknown) or the
    enclosing function's (unknown: it was evaluated when the `def` ran). None where it reads only
    the module's names."""
    names = {n.id for n in ast.walk(default) if isinstance(n, ast.Name)}
    if names & set(enclosing):
        return Term(f"<default of {fn.node.name}() read where it is defined>", fn.node.lineno, "opaque")
    cls = fn.cls
    if cls is None or not any(stmt is fn.node for stmt in cls.node.body):
        return None
    above: set[str] = set()
    for stmt in cls.node.body:
        if stmt is fn.node:
            break
        above.update(statement_binds(stmt))
    if not names & above:
        return None
    if isinstance(default, ast.Name) and default.id in cls.constants:
        return Lit(cls.constants[default.id])
    return Term(f"<default of {fn.node.name}() read in the class body>", fn.node.lineno, "opaque")


def _assuming(values, cond, holds: bool, present: set | None = None):
    """Arguments where `cond` is known to hold (or not): conditional values decided by it fold
    (`lst.pop(lst.index(x))` on `lst = a if c else b` pops from `a` at `a`'s index). `present`
    (`_conditions_in` the arguments, or more): where `cond` is not in it, nothing folds."""
    from ..formula import transform

    if present is not None and cond not in present:
        return values

    def fold(node):
        if isinstance(node, Ite) and node.cond == cond:
            return fold(node.then if holds else node.other) or (node.then if holds else node.other)
        return None

    def one(value):
        if isinstance(value, Ite):
            return transform(value, fold) if not _holds_refs(value) else _fold_refs(value, cond, holds)
        if isinstance(value, IndexOf) and isinstance(value.value, Ite):
            return IndexOf(value.ref, one(value.value))
        return value

    try:
        if isinstance(values, dict):
            return {k: one(v) for k, v in values.items()}
        return [one(v) for v in values]
    finally:
        del fold, one  # they call themselves: a cycle otherwise, left to the collector


def _conditions_in(values: list) -> set:
    """Every condition `_assuming` may fold in these values: those of the conditional values
    reachable as `transform` walks them, and of an index into a conditional list."""
    from ..formula import walk

    out: set = set()
    for value in values:
        if isinstance(value, IndexOf):
            value = value.value
        if isinstance(value, Ite):
            out.update(node.cond for node in walk(value) if isinstance(node, Ite))
    return out


def _fold_refs(value, cond, holds: bool):
    if isinstance(value, Ite):
        if value.cond == cond:
            return _fold_refs(value.then if holds else value.other, cond, holds)
        return Ite(value.cond, _fold_refs(value.then, cond, holds), _fold_refs(value.other, cond, holds))
    return value


def _opaque_read(value: Value) -> Value:
    """A read of a call (one of them, where it is read on different paths) made opaque, and what
    it stood for before (`prior`) too."""
    if not isinstance(value, Term) or value.is_opaque:
        return value
    prior = value.prior
    if isinstance(prior, Term) and not prior.is_opaque and prior.text == value.text:
        prior = Term(prior.text, prior.line, "opaque", prior.version, prior.origin, prior.prior)
    return Term(value.text, value.line, "opaque", value.version, value.origin, prior)


def _instance_dict_owner(value: Value) -> str | None:
    """`cfg` for `cfg.__dict__` or `vars(cfg)`: the object whose attributes that dict holds."""
    if not isinstance(value, Term) or value.is_opaque:
        return None
    if value.text.endswith(".__dict__"):
        return value.text[: -len(".__dict__")]
    if value.text.startswith("vars(") and value.text.endswith(")") and "(" not in value.text[5:-1]:
        return value.text[5:-1]
    return None


def _any_opaque(values: list, interp, st: State) -> bool:
    from ..formula import walk

    for value in values:
        shown = interp.load(value.value if isinstance(value, _Starred) else value, st)
        nodes = [i.value for i in shown.items] if isinstance(shown, Seq) else list(walk(shown))
        if any(isinstance(n, Term) and n.is_opaque for n in nodes):
            return True
    return False


@functools.lru_cache(maxsize=64)
def _matcher(patterns: tuple[str, ...]) -> Callable[[str], object]:
    """`fnmatch.fnmatchcase` against any of `patterns`, as one compiled expression (asked for
    every call the model does not follow: millions of times over a tree)."""
    if not patterns:
        return lambda text: None
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns)).match


_MAX_CALLEES = 64  # alternatives of a conditional callee called one by one


# decorators that return the function itself, or one that returns what it returns
_PLAIN_DECORATORS = frozenset({
    "property", "cached_property", "staticmethod", "classmethod", "abstractmethod", "cache", "lru_cache", "override",
    "final", "deprecated", "no_type_check", "overload",
})


def _short_decorator(node: ast.expr) -> str:
    """A decorator's last name: `functools.cache` and `lru_cache(maxsize=8)` -> `cache`, `lru_cache`."""
    return decorator_name(node).rsplit(".", 1)[-1]


def _attribute_bindings(cls_node: ast.ClassDef, attr: str) -> list[ast.expr]:
    """The values a class binds `attr` to: in its body (`attr = v`), and in its methods through
    their first parameter (`self.attr = v`)."""
    out = []
    for stmt in cls_node.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == attr for t in stmt.targets):
            out.append(stmt.value)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.args.args:
            me = stmt.args.args[0].arg
            for n in ast.walk(stmt):
                targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, ast.AnnAssign) and n.value else []
                if any(isinstance(t, ast.Attribute) and t.attr == attr and isinstance(t.value, ast.Name) and t.value.id == me
                       for t in targets):
                    out.append(n.value)
    return out


def _functions_named(interp, func: ast.expr, module) -> list:
    """The `FunctionInfo`s a call's head may name (a function of the module, or imported)."""
    out = []
    if isinstance(func, ast.Name):
        if func.id in module.functions:
            out.append(module.functions[func.id])
        elif func.id in module.imports:
            ref = interp.resolve_import(module.imports[func.id], module, func.id)
            if isinstance(ref, FunctionRef):
                out.append(ref.info)
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in module.imports:
        ref = interp.resolve_import(module.imports[func.value.id], module, func.value.id)
        target = interp.project.module_for(ref.name, ref.level, ref.origin or module.path) if isinstance(ref, ModuleRef) else None
        if target is not None and func.attr in target.functions:
            out.append(target.functions[func.attr])
    return out


def _own_returns(node: ast.FunctionDef) -> list[ast.Return]:
    """The `return` statements of a function's own body (not of functions nested in it)."""
    out, stack = [], list(node.body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(n, ast.Return):
            out.append(n)
        stack.extend(ast.iter_child_nodes(n))
    return out


def _rewrites(fn: ast.FunctionDef, call: ast.Call, name: str, attr: str) -> bool:
    """Whether calling `fn` as `call`, handed the class `name`, may write its `attr`: writes
    `attr` (or `__dict__`, or any by `setattr`) on the parameter the class binds, or hands it on
    to other code; True where the class binds none the model can tell (`*args`, a keyword)."""
    if any(isinstance(k.value, ast.Name) and k.value.id == name for k in call.keywords) or fn.args.vararg:
        return True
    params = [*fn.args.posonlyargs, *fn.args.args]
    at = [i for i, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id == name]
    if any(i >= len(params) or isinstance(a, ast.Starred) for i in at for a in call.args[: i + 1]):
        return True
    held = {params[i].arg for i in at}
    for n in ast.walk(fn):
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in held \
                and not isinstance(n.ctx, ast.Load) and n.attr in (attr, "__dict__"):
            return True
        if isinstance(n, ast.Call) and any(isinstance(a, ast.Name) and a.id in held for a in [*n.args, *(k.value for k in n.keywords)]) \
                and not (isinstance(n.func, ast.Attribute) and n.func.attr in _MUTATORS):
            return True  # (`setattr(cls, ...)`, `other(cls)`; not `REGISTRY.append(cls)`)
        if isinstance(n, ast.Name) and n.id in held and isinstance(n.ctx, (ast.Store, ast.Del)):
            return True
    return False


def _returns_its_argument(node: ast.FunctionDef) -> bool:
    """`def deco(fn): ...; return fn`: one parameter, never rebound, returned by every `return`
    (and the body ends in one), no `yield`: the decorated function is kept as it is."""
    params = [*node.args.posonlyargs, *node.args.args]
    if len(params) != 1 or node.args.vararg or node.args.kwarg or _yields(node) or not node.body:
        return False
    name = params[0].arg
    if any(isinstance(t, ast.Name) and t.id == name and isinstance(t.ctx, (ast.Store, ast.Del)) for t in ast.walk(node)):
        return False
    returns = _own_returns(node)
    return bool(returns) and isinstance(node.body[-1], ast.Return) and all(
        isinstance(r.value, ast.Name) and r.value.id == name for r in returns)


def _returned_def(factory: ast.FunctionDef) -> ast.FunctionDef | None:
    """The nested function a decorator factory returns on every path (`return decorator`)."""
    returns = _own_returns(factory)
    names = {r.value.id for r in returns if isinstance(r.value, ast.Name)}
    if len(names) != 1 or len(returns) != sum(isinstance(r.value, ast.Name) for r in returns) or _yields(factory):
        return None
    (name,) = names
    defs = [n for n in factory.body if isinstance(n, ast.FunctionDef) and n.name == name]
    return defs[0] if len(defs) == 1 and not defs[0].decorator_list else None


def _not_plain(fn: FunctionInfo, unwrapped: bool, plain: Callable[[ast.expr, ModuleIndex], str]) -> str:
    """Why calling `fn` does not run its body as written ("" when it does): a generator or a
    coroutine function returns an object, and a decorator the model does not know may replace
    the function (exploratory fuzz: `@negate` inlined as written gave a definite wrong answer).
    `unwrapped`: called by its decorator's wrapper (`wrapper_of`), which the model ran."""
    node = fn.node
    if isinstance(node, ast.AsyncFunctionDef):
        return "is `async` (a call returns a coroutine)"
    for d in node.decorator_list:
        if plain(d, fn.module) not in _PLAIN_DECORATORS and not unwrapped:
            return f"has the decorator `@{decorator_name(d) or ast.unparse(d)}`, which the model does not see through"
    if _yields(node):
        return "is a generator (`yield`): a call returns a generator"
    return ""


class _Forward:
    """The decorated function inside its decorator's wrapper: `func(*args, **kwargs)` there runs
    it with the arguments of the call being modelled."""

    __slots__ = ("fn", "receiver", "args", "kwargs", "name", "kind", "text")

    def __init__(self, fn, receiver, args, kwargs, name, kind, text) -> None:
        self.fn, self.receiver, self.args, self.kwargs = fn, receiver, args, kwargs
        self.name, self.kind, self.text = name, kind, text

    def __repr__(self) -> str:
        return f"<function {self.name}>"


def _wrapper_shape(deco: ast.FunctionDef) -> tuple[ast.FunctionDef, str, tuple[str, str]] | None:
    """`def deco(func): [doc] @wraps(func) def wrapper(*args, **kwargs): BODY; return wrapper`,
    where BODY reads `func`, `args` and `kwargs` only as `func(*args, **kwargs)` and rebinds none
    of them: (wrapper, "func", ("args", "kwargs")); None otherwise. Kept on the node (a syntax
    tree is never changed)."""
    known = deco.__dict__.get("_wrapper_shape", False)
    if known is False:
        known = deco._wrapper_shape = _find_wrapper_shape(deco)
    return known


def _decorator_parts(deco: ast.FunctionDef) -> tuple[str, list[ast.stmt], ast.FunctionDef] | None:
    """`def deco(func): [doc] PRELUDE; def wrapper(*args, **kwargs): ...; return wrapper`:
    (`func`'s name, the PRELUDE statements, the wrapper); None for any other shape."""
    a = deco.args
    if a.posonlyargs or len(a.args) != 1 or a.vararg or a.kwarg or a.kwonlyargs or deco.decorator_list:
        return None
    body = [s for s in deco.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) < 2 or not isinstance(body[-2], ast.FunctionDef) or not isinstance(body[-1], ast.Return):
        return None
    wrapper = body[-2]
    if not (isinstance(body[-1].value, ast.Name) and body[-1].value.id == wrapper.name):
        return None
    w = wrapper.args
    if w.posonlyargs or w.args or w.kwonlyargs or w.vararg is None or w.kwarg is None:
        return None
    return a.args[0].arg, body[:-2], wrapper


def _find_wrapper_shape(deco: ast.FunctionDef) -> tuple[ast.FunctionDef, str, tuple[str, str]] | None:
    parts = _decorator_parts(deco)
    if parts is None or parts[1]:
        return None
    func, _, wrapper = parts
    w = wrapper.args
    for d in wrapper.decorator_list:  # only `functools.wraps(func)`
        if not (isinstance(d, ast.Call) and _short_decorator(d) == "wraps" and len(d.args) == 1
                and isinstance(d.args[0], ast.Name) and d.args[0].id == func):
            return None
    names = {func, w.vararg.arg, w.kwarg.arg}
    forwards = 0
    for n in (n for stmt in wrapper.body for n in ast.walk(stmt)):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == func:
            if not (len(n.args) == 1 and isinstance(n.args[0], ast.Starred) and isinstance(n.args[0].value, ast.Name)
                    and n.args[0].value.id == w.vararg.arg and len(n.keywords) == 1 and n.keywords[0].arg is None
                    and isinstance(n.keywords[0].value, ast.Name) and n.keywords[0].value.id == w.kwarg.arg):
                return None
            forwards += 1
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return None  # a nested scope could read them another way
    uses = sum(1 for stmt in wrapper.body for n in ast.walk(stmt) if isinstance(n, ast.Name) and n.id in names)
    if uses != 3 * forwards:  # every read of them is in a forwarding call, and nothing writes them
        return None
    return wrapper, func, (w.vararg.arg, w.kwarg.arg)


def _memo_shape(deco: ast.FunctionDef) -> bool:
    """`def deco(fn): [doc] M = {} ... @wraps(fn) def wrapper(*args, **kwargs): ... M[key] =
    fn(*args, **kwargs) ... return M[key]; return wrapper`: every call of `fn` stores its result
    in a dict `deco` makes, and the wrapper returns only what such a dict holds. Kept on the node."""
    known = deco.__dict__.get("_memo_shape")
    if known is None:
        known = deco._memo_shape = _find_memo_shape(deco)
    return known


def _find_memo_shape(deco: ast.FunctionDef) -> bool:
    parts = _decorator_parts(deco)
    if parts is None:
        return False
    func, prelude, wrapper = parts
    stores = set()
    for stmt in prelude:  # `result_map = {}`: the dicts that keep results
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                and (isinstance(stmt.value, ast.Dict) and not stmt.value.keys or ast.unparse(stmt.value) == "dict()")):
            return False
        stores.add(stmt.targets[0].id)
    if not stores:
        return False
    calls = stored = 0
    for n in (n for stmt in wrapper.body for n in ast.walk(stmt)):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == func:
            calls += 1
        elif isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Name) \
                and n.value.func.id == func and len(n.targets) == 1 and isinstance(n.targets[0], ast.Subscript) \
                and isinstance(n.targets[0].value, ast.Name) and n.targets[0].value.id in stores:
            stored += 1
        elif isinstance(n, ast.Return) and not (isinstance(n.value, ast.Subscript) and isinstance(n.value.value, ast.Name)
                                                and n.value.value.id in stores):
            return False
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Global, ast.Nonlocal)):
            return False
    return calls > 0 and calls == stored


@functools.lru_cache(maxsize=8192)  # per function node: every call of a helper asks it
def _yields(node: ast.AST) -> bool:
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(n))
    return False


_LAZY = frozenset({"any", "all", "next"})  # builtins that stop consuming a generator early


def _cached_value(heap, path: str) -> Value | None:
    """The value a `cached_property` was given by an earlier read on this path (`inline` writes it
    at `path`), None where none was; where one was on some paths only, or it cannot be told, an
    opaque value (exploratory fuzz: a second read ran the getter again, on changed attributes)."""
    from .heap import Havoc, Merge, Write, _affects

    node = heap
    dropped = None  # a change of the object's `__dict__` since (`self.__dict__.pop("big", None)`): the cache maybe gone
    while node is not None and node.event is not None:
        event = node.event
        if isinstance(event, Write) and event.path == path:
            return event.value if dropped is None else Term(f"<{path} as cached, or recomputed after {dropped.why}>", dropped.line, "opaque")
        if isinstance(event, Merge) and node.writes:
            if any(isinstance(e, Write) and e.path == path for arm in (event.then, event.other) for e in arm.events(node.parent)):
                return Term(f"<{path} as cached on some paths>", event.then.depth, "opaque")
            if dropped is None:
                dropped = _havoc_of(event, node.parent, path)
        if dropped is None and isinstance(event, Havoc) and _affects(event, path, None) is not None:
            dropped = event  # (round 28: the first value was kept, and a call may have reset it)
        node = node.parent
    return None


def _havoc_of(merge, stop, path: str):
    """A change in an arm of `merge` (or of a merge within) that may reach `path`, or None."""
    from .heap import Havoc, Merge, _affects

    for arm in (merge.then, merge.other):
        for event in arm.events(stop):
            found = _havoc_of(event, stop, path) if isinstance(event, Merge) else \
                event if isinstance(event, Havoc) and _affects(event, path, None) is not None else None
            if found is not None:
                return found
    return None


def _contents(name: str) -> str:
    """The heap path a name's object is kept under once changed in place: no path read through
    the name (`seen.x`, `seen[0]`) extends it."""
    return f"{name}#contents"


_ARGUMENT_TEXT = 160  # longer argument texts are written as a digest of the text


def _short_text(value: Value) -> str:
    """An argument as a call's text shows it. A conditional value (an argument chosen by a chain
    of conditions) renders as the whole chain; past `_ARGUMENT_TEXT` nodes or characters it is
    the digest of the value (`formula.digest`, equal for equal values), not 120 kB of text
    repeated in every later read of a factory call's result."""
    if isinstance(value, Seq):
        # an item held on a condition shows it (`['x', *(['y'] if a else [])]`): two lists that
        # differ are never one argument
        inner = ", ".join(_short_text(i.value) if i.cond == TRUE else f"*([{_short_text(i.value)}] if {render(i.cond)} else [])"
                          for i in value.items)
        text = f"[{inner}]" if value.kind == "list" else f"({inner}{',' if len(value.items) == 1 else ''})"
    elif isinstance(value, Mapping):
        text = "{" + ", ".join(f"{k!r}: {_short_text(v)}" for k, v in value.entries) + "}"
    elif isinstance(value, (Term, Lit)):
        text = _text(value)
    else:
        kept = getattr(value, "_short_text", None)
        if kept is None:  # kept on the value (immutable): a conditional callee's every leaf shows the same arguments
            # a truth the model holds (`bool(m)`, `bool(a and b)`) is a bool: its text says so (round
            # 11: `str(bool(m))` was `str(m)`, which is "" for m "")
            shown = render(value) if tree_size(value) <= _ARGUMENT_TEXT else None
            if shown is not None and isinstance(value, (Truth, And, Or)):
                shown = f"bool({shown})"
            kept = _within(shown, value)
            try:
                object.__setattr__(value, "_short_text", kept)
            except AttributeError:  # a value with slots keeps nothing
                pass
        return kept
    return _within(text, value)


def _within(text: str | None, value: Value) -> str:
    """`text`, or the value's digest where there is none or it is longer than `_ARGUMENT_TEXT`."""
    return text if text is not None and len(text) <= _ARGUMENT_TEXT else f"<value #{digest(value)}>"


def _versions(value: Value) -> list[str]:
    out = []
    if isinstance(value, Seq):
        for item in value.items:
            out.extend(_versions(item.value))
        return out
    return list(term_versions(value))


def term_versions(value: Value) -> tuple[str, ...]:
    """The versions of the terms in a value, each once, in the order a walk of it meets them (a
    call's text carries its arguments' versions, and the same argument value is shown in many
    calls). Kept on each node of the value's DAG (values are immutable): a value built on another
    reads the other's at once."""
    if isinstance(value, Term):  # most arguments: no walk to set up
        return (value.version,) if value.version else ()
    if isinstance(value, Lit):
        return ()
    from ..formula import keep_bottom_up

    return keep_bottom_up(value, _versions_of, "_term_versions")  # type: ignore[return-value]


def _versions_of(node: Value, kids: list) -> tuple[str, ...]:
    if isinstance(node, Term):
        return (node.version,) if node.version else ()
    if not any(kids):
        return ()
    if isinstance(node, Ite):  # the walk's order: the condition, then the arms
        kids = [kids[1], kids[0], kids[2]]
    return tuple(dict.fromkeys(version for found in kids for version in found))


def _refs_in(value) -> list[Ref]:
    """The list objects a value may be (through conditional arms and sequence items), each
    node of its DAG visited once: a value chosen in a loop shares its arms, and a tree walk of it
    is exponential."""
    out: list[Ref] = []
    seen: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Ref):
            out.append(node)
        elif isinstance(node, _ListMethod):
            out.append(node.ref)
        elif isinstance(node, Ite):
            stack += (node.other, node.then)
        elif isinstance(node, Seq):
            stack.extend(item.value for item in reversed(node.items))
    return out


def closures_held(value, objects: dict | None = None) -> list[Closure]:
    """The nested functions a value may be or hold (in its arms, items and dict entries); with
    `objects` (a state's), the lists it holds are made unknown there and their items walked."""
    found, stack, seen = [], [value], set()
    while stack:
        held = stack.pop()
        if id(held) in seen:
            continue
        seen.add(id(held))
        if isinstance(held, Closure):
            found.append(held)
        elif isinstance(held, Term) and isinstance(held.prior, Closure):
            found.append(held.prior)
        elif objects is not None and isinstance(held, (Ref, _ListMethod)):
            ref = held if isinstance(held, Ref) else held.ref
            content = objects.get(ref.oid)
            objects[ref.oid] = None
            stack += [i.value for i in content.items] if content is not None else []
        elif isinstance(held, (Ite, Named)):
            stack += arms(held)
        elif isinstance(held, Seq):
            stack += [i.value for i in held.items]
        elif isinstance(held, Mapping):
            stack += [v for _k, v in held.entries]
        elif isinstance(held, _Starred):
            stack.append(held.value)
    return found


def _closures_in(value) -> list[Closure]:
    if isinstance(value, _Starred):
        value = value.value
    return [value] if isinstance(value, Closure) else []


def _unbinds(node, name: str) -> bool:
    """Whether a function's code may unbind `name` (`del name`, `except ... as name`)."""
    return any(isinstance(sub, ast.Delete) and any(isinstance(t, ast.Name) and t.id == name for t in sub.targets)
               or isinstance(sub, ast.ExceptHandler) and sub.name == name for sub in ast.walk(node))


def _unbound_as(value: Value, held: Value) -> Value:
    """`value` with its unbound arms read as `held` (the value a path that did not write kept);
    opaque where an unbound arm is out of reach (inside an inlined helper's body)."""
    from ..formula import ite

    memo: dict[int, Value] = {}

    def sub(node: Value) -> Value:
        if node == UNBOUND:
            return held
        if not isinstance(node, Ite):
            return node
        if id(node) not in memo:
            memo[id(node)] = ite(node.cond, sub(node.then), sub(node.other))
        return memo[id(node)]

    out = sub(value)
    return out if UNBOUND not in arms(out) or UNBOUND in arms(held) else Term("<a nonlocal variable after a call>", 0, "opaque")


def _nonlocal_writes(node) -> set[str]:
    out: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Nonlocal):
            out.update(sub.names)
    return out


_CONSTRUCTION = ("__init__", "__post_init__", "__new__", "__setattr__", "__getattr__", "__getattribute__")


def _construction_reads(cls, defined: frozenset[str]) -> bool:
    """Whether making an instance of `cls` may run code that reads a property of it: a decorator
    other than `dataclass`, or a construction method (`__init__`, `__post_init__`, ...) that uses
    `self` other than to write a plain attribute (`self.cap = cap`) or read one no class on the way
    defines a method of (`defined`), or calls anything of `super()` but its construction."""
    if any(decorator_name(d).rpartition(".")[2] != "dataclass" for d in cls.node.decorator_list):
        return True
    for name in _CONSTRUCTION:
        fn = cls.methods.get(name)
        if fn is None:
            if name in cls.bound:
                return True
            continue
        params = [*fn.node.args.posonlyargs, *fn.node.args.args]
        own = params[0].arg if params else None
        parents = {id(child): parent for parent in ast.walk(fn.node) for child in ast.iter_child_nodes(parent)}
        for sub in ast.walk(fn.node):
            if isinstance(sub, ast.Name) and sub.id in (own, "super", "vars", "getattr", "locals"):
                parent = parents.get(id(sub))
                call = parents.get(id(parent))
                if sub.id == own and isinstance(parent, ast.Attribute) and parent.value is sub \
                        and (isinstance(parent.ctx, ast.Store) or parent.attr not in defined) \
                        and not (isinstance(call, ast.Call) and call.func is parent):
                    continue
                if sub.id == "super" and isinstance(call, ast.Attribute) and call.attr in _CONSTRUCTION[:3]:
                    continue  # `super().__init__(...)`: a base's construction, each checked on its own
                return True
            if isinstance(sub, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)) and sub is not fn.node:
                return True
    return False


def _is_cached(fn: FunctionInfo) -> bool:
    from .index import decorator_name

    return any(decorator_name(d).endswith("cached_property") for d in fn.node.decorator_list)



__all__ = ["CallsMixin", "DEFAULT_PURE_CALLS", "PLAIN_CONTEXTS", "MAX_DEPTH"]
