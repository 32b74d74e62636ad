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
import fnmatch

from ..formula import conj, disj, neg, render, truth
from ..model import FALSE, TRUE, Item, Ite, Lit, Named, Seq, Term, Value
from .expressions import ModuleRef, _text
from .index import ClassInfo, FunctionInfo, ModuleIndex, literal, is_literal
from .state import UNBOUND, State, join_value, merge_many
from .values import (
    ClassRef,
    Closure,
    FunctionRef,
    IndexOf,
    Ref,
    new_uid,
    project,
    seq_append,
    seq_concat,
    seq_drop,
    seq_first,
    seq_remove_first,
    seq_truth,
)

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
_LIST_MUTATORS = {"append", "insert", "remove", "pop", "extend", "clear", "sort", "reverse", "__setitem__", "__delitem__"}
MAX_DEPTH = 6
MAX_STEPS = 40_000


class _ListMethod:
    __slots__ = ("ref", "name")

    def __init__(self, ref: Ref, name: str) -> None:
        self.ref, self.name = ref, name


class _Builtin:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


_BUILTINS = {
    "len", "bool", "getattr", "hasattr", "isinstance", "issubclass", "str", "int", "float", "list", "tuple",
    "any", "all", "range", "min", "max", "abs", "print", "sorted", "reversed", "callable", "type", "repr",
    "set", "frozenset", "dict", "sum", "round", "id", "hash", "enumerate", "zip", "iter", "next", "super",
    "setattr", "delattr", "vars", "globals", "locals", "open", "format",
}


class CallsMixin:
    # ------------------------------------------------------------ names
    def lookup(self, name: str, node: ast.AST, st: State) -> Value:
        frame = self.frame
        if name in frame.locals:
            value = st.env.get(name)
            if value is None or value == UNBOUND:
                self.raise_exit(st, "UnboundLocalError", node)
                st.dead = True
                return Lit(None)
            if isinstance(value, Ite):
                unbound = _unbound_condition(value)
                if unbound != FALSE:
                    self.raise_if(unbound, st, "UnboundLocalError", node)
            return value
        if frame.outer_env is not None and (name in frame.nonlocals or name in frame.free):
            if name in st.env:
                return st.env[name]
            if name in frame.outer_env:
                return frame.outer_env[name]
        if name in frame.nonlocals:
            return Term(f"<{name} of the enclosing function>", getattr(node, "lineno", 0), "opaque")
        return self.global_value(name, node, st, frame.module, name)

    def global_value(self, name: str, node: ast.AST, st: State, module: ModuleIndex, text: str) -> Value:
        line = getattr(node, "lineno", 0)
        if name in module.constants:
            return Lit(module.constants[name])
        stable = name in module.stable
        if stable and name in module.classes:
            return ClassRef(module.classes[name], text)
        if stable and name in module.functions and module.functions[name].cls is None:
            return FunctionRef(module.functions[name], text)
        ref = module.imports.get(name)
        if ref is not None and stable:
            resolved = self.resolve_import(ref, module, text)
            if resolved is not None:
                return resolved
        if name in module.globals or ref is not None:
            return self.read_path(text, "name", line, st)
        if name in _BUILTINS:
            return _Builtin(name)
        return Term(text, line, "name")

    def resolve_import(self, ref, module: ModuleIndex, text: str) -> Value | None:
        """An imported name as a value: a module, or a function/class/constant of a module of the
        analysed tree; None when it is a value of the running program."""
        if ref.name is None:
            return ModuleRef(text, ref.module, ref.level, module.path)
        target = self.project.module_for(ref.module, ref.level, module.path)
        if target is None:
            sub = self.project.module_for(f"{ref.module}.{ref.name}" if ref.module else ref.name, ref.level, module.path)
            if sub is not None:
                return ModuleRef(text, f"{ref.module}.{ref.name}", ref.level, module.path)
            return None
        return self.member_of_module(target, ref.name, text)

    def member_of_module(self, target: ModuleIndex, name: str, text: str) -> Value | None:
        if name in target.constants:
            return Lit(target.constants[name])
        if name in target.stable:
            if name in target.classes:
                return ClassRef(target.classes[name], text)
            fn = target.functions.get(name)
            if fn is not None and fn.cls is None:
                return FunctionRef(fn, text)
            ref = target.imports.get(name)
            if ref is not None and self.import_hops < 4:  # re-exported: follow it
                self.import_hops += 1
                try:
                    return self.resolve_import(ref, target, text)
                finally:
                    self.import_hops -= 1
        return None

    def import_value(self, stmt: ast.Import | ast.ImportFrom, alias: ast.alias) -> Value:
        from .index import ImportRef

        if isinstance(stmt, ast.Import):
            local = alias.asname or alias.name.split(".")[0]
            return ModuleRef(local, alias.name if alias.asname else alias.name.split(".")[0])
        ref = ImportRef(stmt.module or "", alias.name, stmt.level)
        local = alias.asname or alias.name
        value = self.resolve_import(ref, self.frame.module, local)
        return value if value is not None else Term(local, stmt.lineno, "name")

    # ------------------------------------------------------------ heap reads
    def read_path(self, text: str, kind: str, line: int, st: State, versions: tuple[str, ...] = ()) -> Value:
        self.paths_seen.setdefault(text, (line, kind))
        def fresh(path: str, version: str, why: str, event_line: int) -> Value:
            full = "|".join(v for v in (version, *versions) if v)
            term = Term(path, line, kind, full, why)  # type: ignore[arg-type]
            if version:
                self.note_version(term, why, line)
            return term

        value = st.heap.read(text, fresh, lambda v, suffix: self.project_written(v, suffix, line, st))
        if versions and isinstance(value, Term) and value.text == text:
            full = "|".join(v for v in (value.version, *versions) if v)
            value = Term(value.text, line, value.kind, full, value.origin)
        return value

    def project_written(self, value: Value, suffix: str, line: int, st: State) -> Value:
        if isinstance(value, Term) and value.kind in ("attr", "name", "subscript", "call"):
            return self.read_path(value.text + suffix, "attr" if suffix.startswith(".") else "subscript", line, st)
        return project(value, suffix, line, "attr" if suffix.startswith(".") else "subscript")

    # ------------------------------------------------------------ attributes
    def attribute(self, base: Value, attr: str, node: ast.AST, st: State) -> Value:
        line = getattr(node, "lineno", 0)
        if isinstance(base, Named):
            base = base.body
        if isinstance(base, Ite):
            from ..formula import ite

            return ite(base.cond, self.attribute(base.then, attr, node, st), self.attribute(base.other, attr, node, st))
        if isinstance(base, ClassRef):
            return self.class_attribute(base, attr, node, st)
        if isinstance(base, ModuleRef):
            target = self.project.module_for(base.name, base.level, base.origin or self.frame.module.path)
            if target is not None:
                found = self.member_of_module(target, attr, f"{base.text}.{attr}")
                if found is not None:
                    return found
                sub = self.project.module_for(f"{base.name}.{attr}", base.level, base.origin or self.frame.module.path)
                if sub is not None:
                    return ModuleRef(f"{base.text}.{attr}", f"{base.name}.{attr}", base.level, base.origin)
            return self.read_path(f"{base.text}.{attr}", "attr", line, st)
        if isinstance(base, Ref):
            return _ListMethod(base, attr)
        if isinstance(base, Term):
            if base.is_opaque:
                return Term(f"{base.text}.{attr}", line, "opaque")
            if base.kind == "member":
                return Term(f"{base.text}.{attr}", line, "attr")
            if self.is_self(base):
                found = self.self_attribute(base, attr, node, st)
                if found is not None:
                    return found
            return self.read_through(base, f".{attr}", "attr", line, st)
        if isinstance(base, (FunctionRef, Closure, _Builtin, _ListMethod)):
            return Term(f"<attribute {attr} of a function>", line, "opaque")
        return project(self.load(base, st), f".{attr}", line, "attr")

    def read_through(self, base: Term, suffix: str, kind: str, line: int, st: State, versions: tuple[str, ...] = ()) -> Value:
        """`base.attr` / `base[k]`: a heap path. When `base` is an object read before something
        changed its path (a local holding an old object), the result is that old object's."""
        if base.kind not in ("attr", "name", "subscript", "call"):
            return project(base, suffix, line, kind)
        value = self.read_path(base.text + suffix, kind, line, st, versions)
        if base.kind not in ("attr", "subscript"):
            return value  # a parameter, a global or a call's result: the object the name holds
        current = self.read_path(base.text, base.kind, line, st)
        if isinstance(current, Term) and current.text == base.text and current.version == base.version:
            return value
        if isinstance(value, Term):
            stale = f"via {base.version or 'entry'}"
            return Term(value.text, line, value.kind, f"{stale}|{value.version}" if value.version else stale, value.origin)
        return project(base, suffix, line, kind)

    def is_self(self, value: Value) -> bool:
        frame = self.frame
        return frame.cls is not None and frame.self_value is not None and value == frame.self_value

    def self_attribute(self, base: Term, attr: str, node: ast.AST, st: State) -> Value | None:
        cls = self.frame.cls
        fn = self.find_method(cls, attr)
        if fn is not None:
            if fn.kind == "property":
                return self.inline(fn, base, [], {}, node, st, name=attr, kind="property")
            if fn.kind in ("method", "classmethod", "staticmethod"):
                return FunctionRef(fn, f"{base.text}.{attr}", bound=base if fn.kind == "method" else ClassRef(fn.cls, fn.cls.name))
        constant = self.class_constant(cls, attr)
        if constant is not None:
            return constant
        return None

    def class_attribute(self, cref: ClassRef, attr: str, node: ast.AST, st: State) -> Value:
        info: ClassInfo = cref.info  # type: ignore[assignment]
        line = getattr(node, "lineno", 0)
        if info.is_enum and attr in info.members:
            return Term(f"{cref.text}.{attr}", line, "member")
        constant = self.class_constant(info, attr)
        if constant is not None:
            return constant
        fn = self.find_method(info, attr)
        if fn is not None:
            bound = cref if fn.kind == "classmethod" else None
            return FunctionRef(fn, f"{cref.text}.{attr}", bound=bound)
        nested = info.module.classes.get(f"{info.qualname}.{attr}")
        if nested is not None:
            return ClassRef(nested, f"{cref.text}.{attr}")
        return self.read_path(f"{cref.text}.{attr}", "attr", line, st)

    def class_constant(self, info: ClassInfo, attr: str) -> Value | None:
        for cls in self.mro(info):
            if attr in cls.constants:
                return Lit(cls.constants[attr])
            if attr in cls.methods or (cls.is_enum and attr in cls.members):
                return None
        return None

    def find_method(self, info: ClassInfo | None, name: str) -> FunctionInfo | None:
        for cls in self.mro(info):
            if name in cls.methods:
                return cls.methods[name]
        return None

    def mro(self, info: ClassInfo | None) -> list[ClassInfo]:
        """The class and the bases the analysed tree defines, depth first (a simple MRO)."""
        out: list[ClassInfo] = []
        stack = [info] if info is not None else []
        while stack and len(out) < 16:
            cls = stack.pop(0)
            if cls in out:
                continue
            out.append(cls)
            for base in cls.bases:
                found = self.class_by_name(base, cls.module)
                if found is not None:
                    stack.append(found)
        return out

    def class_by_name(self, dotted_name: str, module: ModuleIndex) -> ClassInfo | None:
        head, _, rest = dotted_name.partition(".")
        if not rest and head in module.classes:
            return module.classes[head]
        ref = module.imports.get(head)
        if ref is None:
            return None
        value = self.resolve_import(ref, module, head)
        for part in rest.split(".") if rest else []:
            if isinstance(value, ModuleRef):
                target = self.project.module_for(value.name, value.level, module.path)
                value = self.member_of_module(target, part, part) if target is not None else None
            elif isinstance(value, ClassRef):
                nested = value.info.module.classes.get(f"{value.info.qualname}.{part}")
                value = ClassRef(nested, part) if nested is not None else None
            else:
                return None
        return value.info if isinstance(value, ClassRef) else None

    # ------------------------------------------------------------ subscripts
    def subscript(self, base: Value, index: Value, node: ast.AST, st: State) -> Value:
        line = getattr(node, "lineno", 0)
        index = self.load(index, st)
        if isinstance(base, Named):
            base = base.body
        if isinstance(base, Ite):
            from ..formula import ite

            return ite(base.cond, self.subscript(base.then, index, node, st), self.subscript(base.other, index, node, st))
        if isinstance(base, Ref):
            content = st.objects.get(base.oid)
            if content is None:
                return self.unknown(node, "an item of a list changed by unmodeled code")
            base = self.load(base, st)
        if isinstance(base, Lit) and isinstance(index, Lit):
            try:
                return Lit(base.value[index.value])  # type: ignore[index]
            except Exception:
                return self.unknown(node, "a subscript that raises")
        if isinstance(base, Seq) and isinstance(index, Lit) and isinstance(index.value, int) and not isinstance(index.value, bool):
            return self.seq_item(base, index.value, node, st)
        if isinstance(base, Term) and not base.is_opaque and base.kind != "member":
            versions = (index.version,) if isinstance(index, Term) and index.version else ()
            return self.read_through(base, f"[{_text(index)}]", "subscript", line, st, versions)
        return self.unknown(node, "a subscript of a value the model does not know")

    def seq_item(self, seq: Seq, i: int, node: ast.AST, st: State) -> Value:
        if i in (0, -1):
            value, empty = seq_first(seq, last=i == -1)
            if empty != FALSE:
                self.raise_exit(st.fork(empty), "IndexError", node)
                st.path = conj(st.path, neg(empty))
            return value
        if all(item.cond == TRUE for item in seq.items):
            try:
                return seq.items[i].value
            except IndexError:
                self.raise_exit(st, "IndexError", node)
                st.dead = True
                return Lit(None)
        return self.unknown(node, "an item of a list whose items are conditional")

    # ------------------------------------------------------------ calls
    def e_Call(self, node: ast.Call, st: State) -> Value:
        func = node.func
        if isinstance(func, ast.Attribute):
            receiver = self.expr(func.value, st)
            callee = self.attribute(receiver, func.attr, func, st)
            if isinstance(callee, Term) and not isinstance(receiver, (ClassRef, ModuleRef)) and not callee.is_opaque:
                callee = Term(f"{_text(self.load(receiver, st))}.{func.attr}", callee.line, "attr", callee.version)
        else:
            callee = self.expr(func, st)
        args: list[Value] = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                inner = self.expr(arg.value, st)
                args.append(_Starred(inner))
            else:
                args.append(self.expr(arg, st))
        kwargs: dict[str | None, Value] = {}
        for kw in node.keywords:
            kwargs[kw.arg] = self.expr(kw.value, st)
        if st.dead:
            return Lit(None)
        return self.invoke(callee, args, kwargs, node, st)

    def invoke(self, callee: Value, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        if isinstance(callee, Named):
            callee = callee.body
        if isinstance(callee, _ListMethod):
            return self.list_method(callee, args, kwargs, node, st)
        if isinstance(callee, _Builtin):
            return self.builtin(callee.name, args, kwargs, node, st)
        if isinstance(callee, FunctionRef):
            fn: FunctionInfo = callee.info  # type: ignore[assignment]
            receiver = callee.bound
            if fn.kind == "staticmethod":
                receiver = None
            name = callee.text.rsplit(".", 1)[-1]
            return self.inline(fn, receiver, args, kwargs, node, st, name=name, kind="function" if fn.cls is None else "method",
                               text=callee.text)
        if isinstance(callee, Closure):
            return self.call_closure(callee, args, kwargs, node, st)
        if isinstance(callee, ClassRef):
            return self.unknown_call(callee.text, args, kwargs, node, st)
        if isinstance(callee, Term) and not callee.is_opaque:
            if callee.kind == "member":
                return self.unknown_call(callee.text, args, kwargs, node, st)
            return self.unknown_call(callee.text, args, kwargs, node, st)
        return self.unknown_call(_text(self.load(callee, st)) if isinstance(callee, (Term, Lit)) else "<callable>", args, kwargs, node, st)

    def call_text(self, callee_text: str, args: list, kwargs: dict, st: State) -> tuple[str, tuple[str, ...]]:
        parts: list[str] = []
        versions: list[str] = []
        for value in args:
            if isinstance(value, _Starred):
                parts.append("*" + _text(self.load(value.value, st)))
                continue
            shown = self.load(value, st)
            parts.append(_short_text(shown))
            versions.extend(_versions(shown))
        for key, value in kwargs.items():
            shown = self.load(value, st)
            parts.append(f"{key}={_short_text(shown)}" if key else f"**{_short_text(shown)}")
            versions.extend(_versions(shown))
        return f"{callee_text}({', '.join(parts)})", tuple(dict.fromkeys(versions))

    def is_pure(self, callee_text: str) -> bool:
        return any(fnmatch.fnmatchcase(callee_text, p) for p in self.pure_patterns)

    def is_plain_context(self, text: str) -> bool:
        return bool(text) and any(fnmatch.fnmatchcase(text, p) for p in (*PLAIN_CONTEXTS, *self.plain_contexts))

    def unknown_call(self, callee_text: str, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        text, versions = self.call_text(callee_text, args, kwargs, st)
        line = node.lineno
        value = self.read_path(text, "call", line, st, versions)
        if isinstance(value, Term) and (callee_text.startswith("<") or _any_opaque([*args, *kwargs.values()], self, st)):
            value = Term(value.text, value.line, "opaque", value.version, value.origin)  # a call on unknown values
        if self.is_pure(callee_text):
            self.ignored_calls.setdefault((line, text), None)
            return value
        self.unknown_call_effects(st, text, line, args=[*args, *kwargs.values()])
        return value

    def unknown_call_effects(self, st: State, text: str, line: int, args: list = ()) -> None:
        """What an unmodeled call may do: change any heap path, any list it can reach (its
        arguments, and lists that escaped before), and locals that escaped closures write."""
        key = self.event_key(text)
        st.heap = st.heap.havoc("*", key, f"`{text}` at line {line}", line)
        reached = set(st.escaped)
        for value in args:
            for ref in _refs_in(value.value if isinstance(value, _Starred) else value):
                reached.add(ref.oid)
            for closure in _closures_in(value):
                self.frame.cells.update(_nonlocal_writes(closure.node))
        for oid in reached:
            if oid in st.objects:
                st.objects[oid] = None
        st.escaped = frozenset(reached)
        for name in self.frame.cells:
            st.env[name] = Term(f"<{name} after `{text}` at line {line}>", line, "opaque")

    # ------------------------------------------------------------ inlining
    def inline(self, fn: FunctionInfo, receiver: Value | None, args: list, kwargs: dict, node: ast.AST, st: State,
               name: str, kind: str, text: str | None = None) -> Value:
        line = getattr(node, "lineno", 0)
        label = text or name
        if any(f.fn is fn for f in self.frames) or len(self.frames) > self.max_depth or self.steps > MAX_STEPS:
            why = "is recursive" if any(f.fn is fn for f in self.frames) else "is past the inlining depth" if len(self.frames) > self.max_depth else "is past the interpretation budget"
            self.note(line, "inline-stop:" + label, f"`{label}` {why}: called as unmodeled code")
            if kind == "property":
                return self.read_through(receiver, f".{name}", "attr", line, st) if isinstance(receiver, Term) else self.unknown(node, label)
            return self.unknown_call(label, args, kwargs, node, st) if isinstance(node, ast.Call) else self.unknown(node, label)
        params = self.bind_params(fn, receiver, args, kwargs, st)
        if params is None:
            self.note(line, "inline-args:" + label, f"the arguments of `{label}` do not match its parameters: called as unmodeled code")
            return self.unknown_call(label, args, kwargs, node, st) if isinstance(node, ast.Call) else self.unknown(node, label)
        if kind == "property" and _is_cached(fn):
            cached_path = f"{_text(receiver)}.{name}" if isinstance(receiver, Term) else None
        else:
            cached_path = None
        entry = State(TRUE, TRUE, params, st.heap, st.objects, st.escaped)
        returns, _ = self.run_frame(fn, entry, receiver, entry_guard=conj(self.frame.entry_guard, st.guard))
        if not returns:
            st.dead = True
            return Lit(None)
        value = join_value([(p, v) for p, v, _s in returns])
        joined = merge_many([(p, s) for p, _v, s in returns], st.guard, st.path)
        st.heap, st.objects, st.escaped = joined.heap, joined.objects, joined.escaped
        if cached_path is not None:
            st.heap = st.heap.write(cached_path, self.load(value, st), self.event_key(f"cache {cached_path}"), line)
        value = self.load(value, st) if not isinstance(value, Ref) else value
        if isinstance(value, (Lit, Ref, Seq)) or (isinstance(value, Term) and value.kind == "member"):
            return value
        shown = name if not args and not kwargs else self.call_text(name, args, kwargs, st)[0]
        named = Named(shown, value, fn.node.lineno, kind)
        self.helpers.setdefault(shown, named)
        return named

    def bind_params(self, fn: FunctionInfo, receiver: Value | None, args: list, kwargs: dict, st: State) -> dict | None:
        a = fn.node.args
        positional = [p.arg for p in [*a.posonlyargs, *a.args]]
        if any(isinstance(v, _Starred) for v in args) or None in kwargs:
            return None
        values = list(args)
        if fn.kind in ("method", "property", "classmethod") and positional:
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
        for key, value in kwargs.items():
            if key in env:
                return None
            if key in positional or key in kwonly:
                env[key] = value
            else:
                leftover[key] = value
        if leftover and a.kwarg is None:
            return None
        if a.kwarg is not None:
            env[a.kwarg.arg] = Term(f"<**{a.kwarg.arg}>", fn.node.lineno, "opaque")
        defaults = dict(zip(positional[len(positional) - len(a.defaults):], a.defaults))
        defaults.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None})
        for pname in [*positional, *kwonly]:
            if pname not in env:
                if pname not in defaults:
                    return None
                value = literal(defaults[pname])
                if is_literal(value):
                    env[pname] = Lit(value)
                elif isinstance(defaults[pname], ast.Name) and defaults[pname].id in fn.module.constants:
                    env[pname] = Lit(fn.module.constants[defaults[pname].id])
                else:
                    env[pname] = Term(f"<default of {pname}>", fn.node.lineno, "opaque")
        return env

    def call_closure(self, closure: Closure, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        if closure.oid not in self.frame.closures:
            return self.unknown_call(f"<function {closure.node.name}>", args, kwargs, node, st)
        fn = FunctionInfo(closure.node.name, closure.node, self.frame.cls, self.frame.module, "function")
        params = self.bind_params(fn, None, args, kwargs, st)
        if params is None or len(self.frames) > self.max_depth:
            return self.unknown_call(closure.node.name, args, kwargs, node, st)
        entry = State(TRUE, TRUE, params, st.heap, st.objects, st.escaped)
        returns, frame = self.run_frame(fn, entry, self.frame.self_value, outer_env=st.env,
                                        entry_guard=conj(self.frame.entry_guard, st.guard))
        if not returns:
            st.dead = True
            return Lit(None)
        value = join_value([(p, v) for p, v, _s in returns])
        joined = merge_many([(p, s) for p, _v, s in returns], st.guard, st.path)
        st.heap, st.objects, st.escaped = joined.heap, joined.objects, joined.escaped
        for name in frame.nonlocals:
            st.env[name] = join_value([(p, s.env.get(name, st.env.get(name, Lit(None)))) for p, _v, s in returns])
        return self.load(value, st) if not isinstance(value, Ref) else value

    # ------------------------------------------------------------ lists
    def list_method(self, method: _ListMethod, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        oid, name = method.ref.oid, method.name
        content = st.objects.get(oid)
        line = node.lineno
        if content is None:
            if name in _LIST_MUTATORS:
                return Lit(None)
            return self.unknown(node, f"`.{name}()` of a list changed by unmodeled code")
        if kwargs or any(isinstance(a, _Starred) for a in args):
            st.objects[oid] = None
            return self.unknown(node, f"`.{name}()` with keyword or starred arguments")
        if name == "append" and len(args) == 1:
            st.objects[oid] = seq_append(content, args[0])
            return Lit(None)
        if name == "insert" and len(args) == 2:
            index = self.load(args[0], st)
            if isinstance(index, Lit) and index.value == 0:
                st.objects[oid] = seq_append(content, args[1], front=True)
                return Lit(None)
            if isinstance(index, Lit) and isinstance(index.value, int) and all(i.cond == TRUE for i in content.items):
                items = list(content.items)
                items.insert(index.value, Item(new_uid(), TRUE, args[1]))
                st.objects[oid] = Seq(tuple(items), content.kind)
                return Lit(None)
            st.objects[oid] = None
            self.note(line, "list-insert", "`insert` at a position that depends on the configuration: the list is unknown after it")
            return Lit(None)
        if name == "extend" and len(args) == 1:
            other = self.load(args[0], st)
            if isinstance(other, Lit) and isinstance(other.value, tuple):
                other = Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in other.value), "tuple")
            if isinstance(other, Seq):
                st.objects[oid] = seq_concat(content, other)
            else:
                st.objects[oid] = None
                self.note(line, "list-extend", "`extend` with values the model does not know: the list is unknown after it")
            return Lit(None)
        if name == "remove" and len(args) == 1:
            updated, missing = seq_remove_first(content, self.load(args[0], st))
            self.raise_if(missing, st, "ValueError", node)
            st.objects[oid] = updated
            return Lit(None)
        if name == "index" and len(args) == 1:
            value = self.load(args[0], st)
            found = disj(*(conj(i.cond, truth(_eq(i.value, value))) for i in content.items))
            self.raise_if(neg(found), st, "ValueError", node)
            return IndexOf(method.ref, value)
        if name == "pop" and len(args) <= 1:
            index = args[0] if args else Lit(-1)
            if isinstance(index, IndexOf) and index.ref.oid == oid:
                updated, missing = seq_remove_first(content, index.value)
                st.objects[oid] = updated
                return index.value
            index = self.load(index, st)
            if isinstance(index, Lit) and index.value in (0, -1):
                value, empty = seq_first(content, last=index.value == -1)
                self.raise_if(empty, st, "IndexError", node)
                st.objects[oid] = seq_drop(content, last=index.value == -1)
                return value
            st.objects[oid] = None
            return self.unknown(node, "`pop` at a position that depends on the configuration")
        if name == "clear" and not args:
            st.objects[oid] = Seq((), content.kind)
            return Lit(None)
        if name == "copy" and not args:
            copy = new_uid()
            st.objects[copy] = Seq(tuple(Item(new_uid(), i.cond, i.value) for i in content.items), content.kind)
            return Ref(copy)
        if name == "count" and len(args) == 1:
            return self.unknown(node, "`count` of a list")
        st.objects[oid] = None
        self.note(line, "list-" + name, f"`.{name}()` of a list is not modeled: the list is unknown after it")
        return self.unknown(node, f"`.{name}()`")

    def list_extend(self, ref: Ref, operand: Value, st: State, node: ast.AST) -> None:
        content = st.objects.get(ref.oid)
        other = self.load(operand, st)
        if isinstance(other, Lit) and isinstance(other.value, tuple):
            other = Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in other.value), "tuple")
        if content is not None and isinstance(other, Seq):
            st.objects[ref.oid] = seq_concat(content, other)
        else:
            st.objects[ref.oid] = None

    def raise_if(self, cond, st: State, name: str, node: ast.AST) -> None:
        if cond == FALSE:
            return
        self.raise_exit(st.fork(cond), name, node)
        if cond == TRUE:
            st.dead = True
        else:
            st.path = conj(st.path, neg(cond))

    def mutates(self, body: list[ast.stmt], iterable: ast.expr, st: State) -> bool:
        """Whether a loop body may change the list it iterates (then it is not unrolled)."""
        name = iterable.id if isinstance(iterable, ast.Name) else None
        if name is None or not isinstance(st.env.get(name), Ref):
            return False
        for stmt in body:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Call):
                    if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id == name:
                        if node.func.attr in _LIST_MUTATORS:
                            return True
                    if any(isinstance(a, ast.Name) and a.id == name for a in node.args):
                        return True
                if isinstance(node, (ast.Assign, ast.AugAssign)) and any(
                    isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == name
                    for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                ):
                    return True
        return False

    # ------------------------------------------------------------ builtins
    def builtin(self, name: str, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        line = node.lineno
        loaded = [self.load(a, st) if not isinstance(a, _Starred) else a for a in args]
        if name == "len" and len(loaded) == 1 and not kwargs:
            value = loaded[0]
            if isinstance(value, Seq):
                return self.count(value, node)
            if isinstance(value, Lit) and isinstance(value.value, (tuple, str)):
                return Lit(len(value.value))
        if name == "bool" and len(loaded) == 1:
            return self.truth(loaded[0], st)
        if name == "bool" and not loaded:
            return Lit(False)
        if name == "getattr" and len(loaded) in (2, 3) and isinstance(loaded[1], Lit) and isinstance(loaded[1].value, str):
            return self.attribute(args[0], loaded[1].value, node, st)
        if name in ("str", "int", "float") and len(loaded) == 1 and isinstance(loaded[0], Lit):
            try:
                return Lit({"str": str, "int": int, "float": float}[name](loaded[0].value))
            except Exception:
                pass
        if name in ("list", "tuple") and len(loaded) == 1:
            value = loaded[0]
            if isinstance(value, Lit) and isinstance(value.value, tuple):
                value = Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in value.value), "tuple")
            if isinstance(value, Seq):
                copy = Seq(tuple(Item(new_uid(), i.cond, i.value) for i in value.items), "list" if name == "list" else "tuple")
                if name == "tuple":
                    return copy
                oid = new_uid()
                st.objects[oid] = copy
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
                if name == "any":
                    return disj(*(conj(i.cond, truth(i.value)) for i in value.items))
                return conj(*(disj(neg(i.cond), truth(i.value)) for i in value.items))
        if name == "range" and loaded and all(isinstance(a, Lit) and isinstance(a.value, int) for a in loaded):
            try:
                values = list(range(*[a.value for a in loaded]))
            except Exception:
                values = None
            if values is not None and len(values) <= 64:
                return Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in values), "tuple")
        if name in ("min", "max", "abs", "round", "sum") and loaded and all(isinstance(a, Lit) for a in loaded) and not kwargs:
            try:
                return Lit({"min": min, "max": max, "abs": abs, "round": round, "sum": sum}[name](*[a.value for a in loaded]))
            except Exception:
                pass
        if name in ("isinstance", "issubclass") and len(loaded) == 2 and isinstance(loaded[0], Term) and loaded[0].kind == "member":
            pass
        if name in ("super", "setattr", "delattr", "vars", "globals", "locals", "iter", "next", "open"):
            return self.unknown_call(name, args, kwargs, node, st)
        if name in ("sorted", "reversed", "enumerate", "zip", "set", "frozenset", "dict"):
            return Term(f"<{name}(...) at line {line}>", line, "opaque")
        return self.unknown_call(name, args, kwargs, node, st)


def _unbound_condition(value: Value):
    """Where a conditional value is a name that was never assigned (Python raises there)."""
    if value == UNBOUND:
        return TRUE
    if isinstance(value, Ite):
        return disj(conj(value.cond, _unbound_condition(value.then)), conj(neg(value.cond), _unbound_condition(value.other)))
    return FALSE


def _any_opaque(values: list, interp, st: State) -> bool:
    from ..formula import walk

    for value in values:
        shown = interp.load(value.value if isinstance(value, _Starred) else value, st)
        nodes = [i.value for i in shown.items] if isinstance(shown, Seq) else list(walk(shown))
        if any(isinstance(n, Term) and n.is_opaque for n in nodes):
            return True
    return False


class _Starred:
    __slots__ = ("value",)

    def __init__(self, value: Value) -> None:
        self.value = value


def _eq(a: Value, b: Value):
    from ..formula import compare

    return compare(a, "==", b)


def _short_text(value: Value) -> str:
    if isinstance(value, Seq):
        return "[" + ", ".join(_short_text(i.value) for i in value.items) + "]"
    if isinstance(value, (Term, Lit)):
        return _text(value)
    return render(value)


def _versions(value: Value) -> list[str]:
    from ..formula import walk

    out = []
    if isinstance(value, Seq):
        for item in value.items:
            out.extend(_versions(item.value))
        return out
    for node in walk(value):
        if isinstance(node, Term) and node.version:
            out.append(node.version)
    return out


def _refs_in(value) -> list[Ref]:
    if isinstance(value, Ref):
        return [value]
    if isinstance(value, Ite):
        return _refs_in(value.then) + _refs_in(value.other)
    if isinstance(value, Seq):
        out = []
        for item in value.items:
            out.extend(_refs_in(item.value))
        return out
    return []


def _closures_in(value) -> list[Closure]:
    if isinstance(value, _Starred):
        value = value.value
    return [value] if isinstance(value, Closure) else []


def _nonlocal_writes(node) -> set[str]:
    out: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Nonlocal):
            out.update(sub.names)
    return out


def _is_cached(fn: FunctionInfo) -> bool:
    from .index import decorator_name

    return any(decorator_name(d).endswith("cached_property") for d in fn.node.decorator_list)


__all__ = ["CallsMixin", "DEFAULT_PURE_CALLS", "PLAIN_CONTEXTS", "seq_truth", "MAX_DEPTH"]
