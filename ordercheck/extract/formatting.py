"""What formatting a value runs of the tree's code (`str`, `repr`, `format`, f-strings, `%`,
`str.format`, a logger's arguments: an object's own `__str__`/`__repr__`/`__format__`), and the
logging and warnings calls whose code is the tree's or may raise (a logger class the tree sets,
a cached `*_once` method the tree attaches, `warnings.warn` under an "error" filter; round 49)."""

from __future__ import annotations

import ast

from ..formula import arms, conj, neg
from ..model import TRUE, Item, Ite, Lit, Named, Seq, Term, Value, dotted
from .builtins import stdlib_name
from .index import FunctionInfo
from .state import State
from .values import (
    _Starred,
    Mapping,
    Ref,
    new_uid,
)


# class decorators that define no `__str__` / `__repr__` / `__format__` of their own code, and bases
# outside the tree whose formatting runs none of the tree's (`formats`)
_PLAIN_CLASS_DECORATORS = frozenset({"dataclass", "total_ordering", "unique", "final", "runtime_checkable"})
# of those, the bases whose formatting is `object.__format__`'s (none defines `__format__`)
_OBJECT_FORMAT_BASES = frozenset({"object", "ABC", "Generic", "Protocol", "Exception", "BaseException", "ValueError",
                                  "RuntimeError", "TypeError", "KeyError", "Logger", "NamedTuple"})
_PLAIN_FORMATTING_BASES = frozenset({"object", "ABC", "Generic", "Protocol", "Exception", "BaseException", "ValueError",
                                     "RuntimeError", "TypeError", "KeyError", "Logger", "Enum", "IntEnum", "StrEnum",
                                     "Flag", "IntFlag", "str", "int", "float", "NamedTuple"})


_LOGGER_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
_FORMATTING_BUILTINS = frozenset({"print", "str", "repr", "format", "ascii"})  # (formatted by `builtin`)


def _attachments(tree: ast.AST, method: str) -> list[str]:
    """The names of functions a module binds as attribute `method` of objects: `{"method": fn}`
    (a table `setattr` walks), `setattr(o, "method", fn)`, `o.method = fn`, each maybe through
    `MethodType(fn, o)` / `partial(fn, ...)`."""
    def named(value: ast.expr | None) -> str | None:
        if isinstance(value, ast.Call) and (dotted(value.func) or "").rsplit(".", 1)[-1] in ("MethodType", "partial") and value.args:
            value = value.args[0]
        return value.id if isinstance(value, ast.Name) else None

    out = []
    for sub in ast.walk(tree):
        if isinstance(sub, ast.Dict):
            out += [named(v) for k, v in zip(sub.keys, sub.values) if isinstance(k, ast.Constant) and k.value == method]
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "setattr" and len(sub.args) == 3 \
                and isinstance(sub.args[1], ast.Constant) and sub.args[1].value == method:
            out.append(named(sub.args[2]))
        elif isinstance(sub, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == method for t in sub.targets):
            out.append(named(sub.value))
    return [n for n in out if n is not None]


def _may_attach(text: str, method: str) -> bool:
    """Whether `text` may bind `method` as `_attachments` reads it: the name quoted (`"method"`,
    a key or `setattr`'s argument) or stored as an attribute (`.method = `, spaces and line
    continuations allowed around the dot and the `=`). A text test, before any parse: a search
    with a regular expression over each file naming the method was 26 ms of a pre-commit run."""
    size, at = len(method), text.find(method)
    while at >= 0:
        end = at + size
        before = text[at - 1] if at else ""
        if before in ("'", '"') and text[end:end + 1] == before:
            return True
        if not (before.isidentifier() or before.isdigit()) and text[end:end + 1] not in _IDENTIFIER_MORE:
            back = at - 1
            while back >= 0 and text[back] in " \t\\\n\r":
                back -= 1
            ahead = end
            while ahead < len(text) and text[ahead] in " \t\\\n\r":
                ahead += 1
            if back >= 0 and text[back] == "." and text[ahead:ahead + 1] == "=" and text[ahead + 1:ahead + 2] != "=":
                return True
        at = text.find(method, at + 1)
    return False


_IDENTIFIER_MORE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")  # (non-ASCII: read as a boundary)


UNFOLLOWED = Term("<text the tree's formatting code gives>", 0, "opaque")  # (`formats`: code ran, its text unknown)


def _term_text(value: Value) -> str:
    return value.text if isinstance(value, Term) else "a value"


class FormattingMixin:
    """The interpreter's formatting and logging calls (`Interpreter`'s bases)."""

    def formats(self, value: Value, how: str, node: ast.AST, st: State, maybe: bool = False,
                spec: str | None = "") -> Value | None:
        """Python formatting `value` as `how` ("str": `str(x)`, `"%s" % x`, `print(x)`; "repr":
        `repr(x)`, `f"{x!r}"`, the items of a container; "format": `f"{x:spec}"`, `"{}".format(x)`;
        "any": a conversion the model cannot read) runs the `__str__` / `__repr__` / `__format__`
        its class defines: where `value` may be an object of a class of the tree defining one, that
        method is inlined (`maybe`: on the paths where it runs, a logger's record emitted or not),
        or, where the model cannot tell which runs, its effects are those of a call it does not
        follow (round 49: `logger.info(f"{self}")` of a `__str__` writing `self.mode` was pure).
        Strings, numbers, enum members and objects of no class of the tree run nothing here.
        Returns None where no code of the tree runs, else the text it gives: the inlined method's
        return, or `UNFOLLOWED` (helper-111's fuzz: `str(t) == "T"` of a `__str__` returning "T"
        was a free atom, and a violation no run gives)."""
        if st.dead:
            return None
        held = self.load(value, st) if not isinstance(value, _Starred) else self.load(value.value, st)
        held = held.body if isinstance(held, Named) else held
        if isinstance(held, Seq):  # (a tuple or list: its items' repr, `str((self, 1))`)
            ran = [self.formats(item.value, "repr", node, st, maybe=True if item.cond != TRUE else maybe) for item in held.items]
            return UNFOLLOWED if any(r is not None for r in ran) else None
        if isinstance(held, Ref):
            seq = st.objects.get(held.oid)
            ran = [self.formats(item.value, "repr", node, st, maybe=True if item.cond != TRUE else maybe)
                   for item in (seq.items if isinstance(seq, Seq) else ())]
            return UNFOLLOWED if any(r is not None for r in ran) else None
        if isinstance(held, Mapping):
            ran = [self.formats(item, "repr", node, st, maybe=maybe) for _, item in held.entries]
            return UNFOLLOWED if any(r is not None for r in ran) else None
        if isinstance(held, Ite):
            if any(self.formatting_method(leaf, how, spec) is not None for leaf in arms(held)):
                self.__dict__["formatting_runs"] = self.__dict__.get("formatting_runs", 0) + 1
                self.formatting_unfollowed(held, node, st, "an object one of whose classes formats it by its own code")
                return UNFOLLOWED
            return None
        method = self.formatting_method(held, how, spec)
        if method is None:
            return None
        self.__dict__["formatting_runs"] = self.__dict__.get("formatting_runs", 0) + 1
        if not isinstance(method, tuple):
            self.formatting_unfollowed(held, node, st, method)
            return UNFOLLOWED
        fn, name = method
        line = getattr(node, "lineno", 0)
        if fn in ("raises", "may raise"):  # (a spec the class's formatting refuses: `formatting_method`)
            refuses = TRUE if fn == "raises" else self.unknown_formula(node, f"whether `{_term_text(held)}`'s class refuses the "
                                                                               f"format spec {spec!r}")
            if maybe:
                refuses = conj(refuses, self.unknown_formula(node, f"whether the record at line {line} is emitted (its "
                                                                   "arguments formatted)"))
            self.raise_if(refuses, st, name, node)
            return UNFOLLOWED
        args = [Lit(spec)] if name == "__format__" else []
        text = f"{_term_text(held)}.{name}"
        if not maybe:
            return self.inline(fn, held, args, {}, node, st, name=name, kind="method", text=text)
        from .state import merge

        emitted = self.unknown_formula(node, f"whether the record at line {line} is emitted (its arguments formatted)")
        a, b = st.fork(emitted), st.fork(neg(emitted))
        if not a.dead:
            self.inline(fn, held, args, {}, node, a, name=name, kind="method", text=text)
        joined = merge(emitted, a, b, st.guard, st.path)
        if joined is None:
            st.dead = True
            return UNFOLLOWED
        st.env, st.heap, st.objects, st.escaped = joined.env, joined.heap, joined.objects, joined.escaped
        return UNFOLLOWED

    def formatted_text(self, name: str, text: Value, node: ast.AST, st: State) -> Value:
        """What `str(x)` / `repr(x)` / `format(x, spec)` (`name`) gives where the tree's method
        returned `text` (`formats`): a text literal as it is (`ascii` of one that is ASCII), a value
        passed through as itself (a `str`, as an input the code accepts is); Python's `TypeError`
        for another literal (`__str__ returned non-string`); a value the model does not name else."""
        text = text if text is UNFOLLOWED else self.load(text, st)
        while isinstance(text, Named):
            text = text.body
        if isinstance(text, Lit) and isinstance(text.value, str):
            return text if name != "ascii" or text.value.isascii() else self.unknown(node, "the `ascii()` of a text")
        if isinstance(text, Lit):
            self.raise_if(TRUE, st, "TypeError", node)
            return Lit(None)
        if isinstance(text, Term) and text is not UNFOLLOWED and not text.is_opaque and name != "ascii":
            return text
        return self.unknown(node, f"the text `{name}()` of an object gives, which its class's own code makes")

    def str_format_runs(self, receiver: Lit, method: str, args: list, keywords: dict, node: ast.AST, st: State) -> None:
        """`"{} {!r}".format(a, b)`, `"{m}".format_map(d)`: each value formatted as its field asks
        (`formats`); each as "any" where the model cannot pair fields and values."""
        import string

        if not isinstance(receiver.value, str) or method not in ("format", "format_map"):
            return
        values = [a for a in args if not isinstance(a, _Starred)]
        if method == "format_map" or any(isinstance(a, _Starred) for a in args) or None in keywords:
            pairs = None
        else:
            try:
                fields = [f for f in string.Formatter().parse(receiver.value) if f[1] is not None]
            except ValueError:
                fields = None
            pairs = [] if fields is not None else None
            auto = 0
            for _literal, name, spec, conversion in fields or ():
                key, _, rest = name.partition(".") if "." in name and "[" not in name.partition(".")[0] else name.partition("[")
                if rest:
                    continue  # (`{0.mode}`: an attribute of it formatted, not the object)
                if key == "":
                    key, auto = str(auto), auto + 1
                value = values[int(key)] if key.isdigit() and int(key) < len(values) else keywords.get(key)
                if value is None:
                    continue
                how = {"r": "repr", "a": "repr", "s": "str"}.get(conversion or "", "format")
                pairs.append((value, how, None if "{" in (spec or "") else (spec or "")))  # type: ignore[union-attr]
        if pairs is None:
            for value in [*values, *(a.value for a in args if isinstance(a, _Starred)), *keywords.values()]:
                self.formats(value, "any", node, st)
            return
        for value, how, spec in pairs:
            self.formats(value, how, node, st, spec=spec)

    def logging_call(self, callee_text: str, args: list, kwargs: dict, node: ast.AST, st: State) -> bool:
        """A call of a logger or `warnings.warn` known to change nothing itself, as it runs: a warning
        that a filter the tree sets may turn into an error (`warn_may_raise`), and the formatting of
        its record (`logging_formats`). Whether it may do more than nothing."""
        if self.tree_logger_call(callee_text, args, kwargs, node, st):
            return True
        raised = self.warn_may_raise(callee_text, args, kwargs, node, st)
        attached = self.attached_method(callee_text.rsplit(".", 1)[-1]) if "." in callee_text else None
        if attached is not None and self.refuses_unhashable(attached, args, kwargs, node, st):
            return True  # (round 49: vLLM's `logger.warning_once("%s", order)`, an `@lru_cache` function, hashes a list)
        return self.logging_formats(callee_text, args, kwargs, node, st) or raised or attached is not None

    def attached_method(self, method: str) -> FunctionInfo | None:
        """A cached (`@cache` / `@lru_cache`) function of the tree that code of the tree attaches to
        objects as their method `method` (vLLM's `init_logger`: `setattr(logger, name,
        MethodType(fn, logger))` over `{"warning_once": _print_warning_once}`; `obj.method = fn`;
        `setattr(obj, "method", fn)`), found in the running modules and the files naming `method`;
        None where none is."""
        from .index import ModuleIndex
        from .outside import Search

        if method in _LOGGER_METHODS:
            return None  # (the standard logger's own: a cached function attached under its name is no vLLM shape)
        # (what the tree's files answer, the project's: a search per model of a word as common as
        # `info` parsed every module naming it, 1 s of a pre-commit run)
        memo = self.project.__dict__.setdefault("_attached_methods", {})
        if method in memo:
            return memo[method]
        found = None
        paths = self.project.search(Search(self.frames[0].module.path, (method,), through_module=False))
        paths = [self.frames[0].module.path, *paths] if method in self.frames[0].module.source else list(paths)
        for path in dict.fromkeys(paths):
            text = self.project.text(path)
            if not isinstance(text, str) or "cache" not in text or not _may_attach(text, method):  # (`@cache` there too)
                continue  # (no file of the tree is parsed for a word it only calls: every one that logs)
            module = self.project.module(path)
            if not isinstance(module, ModuleIndex):
                continue
            for bound in _attachments(module.tree, method):
                fn = module.functions.get(bound)
                if fn is not None and any(self.plain_decorator(d, module) in ("cache", "lru_cache") for d in fn.node.decorator_list):
                    found = fn
                    break
            if found is not None:
                break
        memo[method] = found
        return found

    def tree_logger_call(self, callee_text: str, args: list, kwargs: dict, node: ast.AST, st: State) -> bool:
        """`logger.m(...)` of a module name bound to `logging.getLogger(...)` where code of the tree
        calls `logging.setLoggerClass(C)` (`tree_logger_class`): the logger may be an object of C
        (made after that call) or a `logging.Logger` (made before, or elsewhere first), on an atom:
        of C, C's method runs (inlined; unmodeled code where C's classes override what the standard
        one calls, or C is not one the model can name); of the standard library's, nothing, or
        `AttributeError` for a method it lacks (round 49: read as the standard library's alone).
        Whether it applied."""

        root, _, method = callee_text.rpartition(".")
        classes = self.tree_logger_class() if self.logger_bound(root) else None
        running = self.__dict__.setdefault("_tree_logger_calls", set())
        if not classes or st.dead or id(node) in running:  # (its method, not followed, is called as this text again)
            return False
        line = getattr(node, "lineno", 0)
        names = ", ".join(c.name if not isinstance(c, str) else "a class the model cannot name" for c in classes)
        self.note(line, "logger-class:" + str(line), f"`{callee_text}` at line {line}: the tree sets the logging module's logger "
                                                     f"class ({names}); the logger may be an object of it")
        running.add(id(node))
        try:
            self.logger_of(list(classes), root, method, callee_text, args, kwargs, node, st)
        finally:
            running.discard(id(node))
        return True

    def logger_of(self, classes: list, root: str, method: str, callee_text: str, args: list, kwargs: dict, node: ast.AST,
                  st: State) -> None:
        """`tree_logger_call` on `st`: the logger an object of the first of `classes` (on an atom),
        else of the rest, at last the standard library's."""
        import logging

        from .state import merge

        line = getattr(node, "lineno", 0)
        if not classes:
            if not hasattr(logging.Logger, method):
                self.raise_if(TRUE, st, "AttributeError", node)
            return
        cls = classes[0]
        name = cls.name if not isinstance(cls, str) else "another"
        theirs = self.unknown_formula(node, f"whether `{root}` is an object of {name} (the tree's logger class)")
        a, b = st.fork(theirs), st.fork(neg(theirs))
        chain = self.mro(cls) if not isinstance(cls, str) else []
        owner = next((c for c in chain if method in c.methods or method in c.bound or method in c.written), None)
        fn = owner.methods.get(method) if owner is not None else None
        overrides = any(m in vars(logging.Logger) for c in chain for m in c.methods)
        if not a.dead:
            if fn is not None and fn.kind == "method" and method not in owner.written:
                self.inline(fn, Term(root, line, "name"), args, kwargs, node, a, name=method, kind="method", text=callee_text)
            elif isinstance(cls, str) or owner is not None or overrides:
                # (code the model cannot follow: it may raise, on an atom of its own)
                self.unknown_call_effects(a, callee_text, line, args=[*args, *kwargs.values()])
                self.raise_if(self.unknown_formula(node, f"whether `{callee_text}` of the tree's logger class raises"),
                              a, "Exception", node)
            elif not hasattr(logging.Logger, method):
                self.raise_if(TRUE, a, "AttributeError", node)
        if not b.dead:
            self.logger_of(classes[1:], root, method, callee_text, args, kwargs, node, b)
        joined = merge(theirs, a, b, st.guard, st.path)
        if joined is None:
            st.dead = True
        else:
            st.env, st.heap, st.objects, st.escaped = joined.env, joined.heap, joined.objects, joined.escaped

    def logger_bound(self, root: str) -> bool:
        """Whether `root` is a name of the running module bound once, at module level, to
        `logging.getLogger(...)` (`import logging`)."""
        module = self.frame.module
        if not root or "." in root or root in self.frame.locals or root not in module.stable:
            return False
        bound = next((stmt.value for stmt in module.tree.body if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                      and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id == root), None)
        return isinstance(bound, ast.Call) and isinstance(bound.func, ast.Attribute) and bound.func.attr == "getLogger" \
            and isinstance(bound.func.value, ast.Name) and (ref := module.imports.get(bound.func.value.id)) is not None \
            and ref.name is None and ref.module == "logging"

    def tree_logger_class(self):
        """The classes code of the tree hands `logging.setLoggerClass` (the running modules and the
        files naming it): each `ClassInfo`, "code" for one the model cannot name; empty where no
        code of the tree calls it."""
        from .index import ModuleIndex
        from .outside import Search

        if "_tree_logger_class" not in self.__dict__:
            found: list = []
            paths = [m.path for m in self.running_modules()]
            paths += self.project.search(Search(self.frames[0].module.path, ("setLoggerClass",), through_module=False))
            for path in dict.fromkeys(paths):
                module = self.project.module(path)
                if not isinstance(module, ModuleIndex) or "setLoggerClass" not in module.source:
                    continue
                for sub in ast.walk(module.tree):
                    if isinstance(sub, ast.Call) and (dotted(sub.func) or "").rsplit(".", 1)[-1] == "setLoggerClass":
                        arg = dotted(sub.args[0]) if len(sub.args) == 1 else None
                        info = self.class_by_name(arg, module) if arg else None
                        if (info if info is not None else "code") not in found:
                            found.append(info if info is not None else "code")
            self.__dict__["_tree_logger_class"] = tuple(found)
        return self.__dict__["_tree_logger_class"]

    def warn_may_raise(self, callee_text: str, args: list, kwargs: dict, node: ast.AST, st: State) -> bool:
        """`warnings.warn(msg, C)` where code of the tree may install an "error" filter
        (`warnings.simplefilter("error", ...)`, `filterwarnings(...)` of that action or one the
        model cannot read: `error_filter`): it may raise its category, on an atom (which warnings a
        filter matches, and whether it ran first, the model does not tell; round 49: taken as
        pure). The interpreter's `-W` options are not read (README)."""
        module = self.frame.module
        if stdlib_name(callee_text, module, self.frame.locals) != "warnings.warn" or st.dead:
            return False
        where = self.error_filter()
        if where is None:
            return False
        category = kwargs.get("category", args[1] if len(args) > 1 else None)
        node_category = next((kw.value for kw in getattr(node, "keywords", ()) if kw.arg == "category"),
                             node.args[1] if isinstance(node, ast.Call) and len(node.args) > 1 else None)
        name = node_category.id if isinstance(node_category, ast.Name) else \
            node_category.attr if isinstance(node_category, ast.Attribute) else "UserWarning" if category is None else "Warning"
        line = getattr(node, "lineno", 0)
        self.note(line, "warn-error:" + str(line), f"`{callee_text}` at line {line} raises its category where a warnings filter "
                                                   f"of the tree ({where}) makes it an error: it may raise")
        self.raise_if(self.unknown_formula(node, f"whether a warnings filter makes the warning at line {line} an error"),
                      st, name, node)
        return True

    def error_filter(self) -> str | None:
        """Where code of the tree (the running modules, and the files naming `simplefilter` or
        `filterwarnings`) calls `simplefilter` / `filterwarnings` with the action "error" or one
        the model cannot read: "path:line"; None where none does."""
        from .index import ModuleIndex
        from .outside import Search

        if "_error_filter" not in self.__dict__:
            found = None
            paths = [m.path for m in self.running_modules()]
            for word in ("simplefilter", "filterwarnings"):
                paths += self.project.search(Search(self.frames[0].module.path, (word,), through_module=False))
            for path in dict.fromkeys(paths):
                module = self.project.module(path)
                if not isinstance(module, ModuleIndex) or not ("simplefilter" in module.source or "filterwarnings" in module.source):
                    continue
                for sub in ast.walk(module.tree):
                    if not isinstance(sub, ast.Call) or (dotted(sub.func) or "").rsplit(".", 1)[-1] not in ("simplefilter", "filterwarnings"):
                        continue
                    action = sub.args[0] if sub.args else next((kw.value for kw in sub.keywords if kw.arg == "action"), None)
                    if not (isinstance(action, ast.Constant) and action.value != "error"):
                        found = f"{path}:{sub.lineno}"
                        break
                if found is not None:
                    break
            self.__dict__["_error_filter"] = found
        return self.__dict__["_error_filter"]

    def logging_formats(self, callee_text: str, args: list, kwargs: dict, node: ast.AST, st: State) -> bool:
        """A call of a logger (or `warnings.warn`) known to change nothing itself: where its record
        is emitted (the level enabled: the model cannot tell) it formats its message and arguments
        (`msg % args`), whose classes' `__str__` / `__repr__` may run (`formats`). Whether anything
        of the tree's code ran (or may have)."""
        if callee_text.rsplit(".", 1)[-1] in _FORMATTING_BUILTINS:
            return False
        before = self.__dict__.get("formatting_runs", 0)
        rest = args[1:] if callee_text.rsplit(".", 1)[-1] == "log" else args
        if rest:
            message, values = rest[0], rest[1:]
            self.formats(message, "str", node, st, maybe=True)
            text = self.load(message, st) if not isinstance(message, _Starred) else None
            if values and isinstance(text, Lit) and isinstance(text.value, str) \
                    and not any(isinstance(v, _Starred) for v in values):
                given = values[0] if len(values) == 1 and isinstance(self.load(values[0], st), Mapping) else \
                    Seq(tuple(Item(new_uid(), TRUE, v) for v in values), "tuple")
                self.percent_formats(text.value, given, node, st, maybe=True)
            else:
                for value in values:
                    self.formats(value, "any", node, st, maybe=True)
        return st.dead or self.__dict__.get("formatting_runs", 0) != before

    def formatting_method(self, value: Value, how: str, spec: str | None):
        """The method of a class of the tree that formatting `value` as `how` runs: `(FunctionInfo,
        name)`; a reason (str) where such code may run and the model cannot tell which; None where
        none does (no object of a class of the tree, or one whose classes define none of them)."""
        if not isinstance(value, Term):
            return None
        cls = self.frame.cls if self.is_self(value) and self.frame.cls is not None else self.made_class(value)
        if cls is None:
            return None
        order = {"str": ("__str__", "__repr__"), "repr": ("__repr__",), "format": ("__format__", "__str__", "__repr__"),
                 "any": ("__format__", "__str__", "__repr__")}[how]
        chain = self.mro(cls)
        if any(not c.namespace_known for c in chain):
            return "an object whose class's namespace the model does not follow"
        decorated = [d for c in chain for d in c.node.decorator_list
                     if (dotted(d.func if isinstance(d, ast.Call) else d) or "").rsplit(".", 1)[-1] not in _PLAIN_CLASS_DECORATORS]
        outside = {b.rsplit(".", 1)[-1] for c in chain for b in c.bases if self.class_by_name(b, c.module) is None}
        defined = [(c, d) for d in order for c in chain
                   if d in c.methods or d in c.constants or d in c.bound or d in c.written]
        if not defined:
            if decorated or not outside <= _PLAIN_FORMATTING_BASES:
                return "an object whose class's decorator or outside base may define how it is formatted"
            return None
        if how == "any":
            return "an object whose class formats it by its own code, in a way the model does not read"
        if how == "format" and spec is None:
            return "an object formatted by its class's `__format__` with a spec the model does not read"
        for dunder in order:
            for c in chain:
                if dunder in c.methods or dunder in c.constants or dunder in c.bound or dunder in c.written:
                    fn = c.methods.get(dunder) if isinstance(c.methods, dict) else None
                    if fn is None or fn.kind != "method" or dunder in c.written or fn.node.decorator_list:
                        return f"an object whose class's `{dunder}` the model does not follow"
                    if dunder == "__format__" and how != "format":
                        continue
                    return fn, dunder
            if decorated or not outside <= _PLAIN_FORMATTING_BASES:
                return "an object whose class's decorator or outside base may define how it is formatted"
            if how == "format" and dunder == "__format__" and spec:
                # `object.__format__` refuses any spec (helper-111's fuzz: `f"{self:u}"` was clean
                # where every run raises); a builtin base's (`str`, `int`, `Enum`) may refuse it
                return ("raises", "TypeError") if outside <= _OBJECT_FORMAT_BASES else ("may raise", "ValueError")
        return None

    def formatting_unfollowed(self, held: Value, node: ast.AST, st: State, why: str) -> None:
        """Formatting an object runs its class's code the model does not follow: what that code may
        write is unknown after it."""
        line = getattr(node, "lineno", 0)
        text = f"<formatting of {_term_text(held)} at line {line}>"
        self.note(line, "formatting:" + text, f"{why}: formatting it at line {line} is called as unmodeled code")
        self.unknown_call_effects(st, text, line, args=[held])
