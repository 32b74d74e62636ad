"""Statements: the abstract interpreter's control flow.

Every statement is either modeled exactly or makes what it may change unknown, with a note at its
line: `if`/`elif`/`else`, `return`, `raise`, `assert`, assignments (locals, attributes, items,
unpacking), statement-level calls, `for` over a list the function knows (unrolled), `break` /
`continue`, `with` (a context manager may swallow an exception raised in its body), `try`
(an exception may enter a handler after any part of the body), `global` / `nonlocal`, nested
functions. Loops over unknown iterables, `while`, `match` and `try ... finally` that exits run
as "any number of times": everything they may change becomes unknown.
"""

from __future__ import annotations

import ast
import builtins
import copy
from dataclasses import dataclass

from ..formula import conj, disj, neg
from ..model import TRUE, Formula, Ite, Lit, Named, Note, Seq, Term, Value, in_order
from .index import target_names
from .state import UNBOUND, Exit, State, merge, merge_many
from .expressions import _has_effects, _holds_refs
from .values import Closure, Ref, closure_reach, holds_mapping, holds_set, made_in, new_uid, nonlocal_names

MAX_UNROLL = 64
_MOST_UNPACKED = 64  # alternatives of a conditional value `unpacked_arms` unpacks item by item


LOOP_ITEM = "<item of the loop at line"  # the text of a loop's item the model does not name (`diff_files` reads it)


class Loop:
    def __init__(self) -> None:
        self.breaks: list[State] = []
        self.continues: list[State] = []


class StatementsMixin:
    # ------------------------------------------------------------ blocks
    def block(self, stmts: list[ast.stmt], st: State | None, top: bool = False) -> State | None:
        frame = self.frame
        if st is None or st.dead:
            return None
        for stmt in stmts:
            if st is None or st.dead:
                return None
            if top and frame.stop_line and stmt.lineno > frame.stop_line:
                break
            self.budget_tick(stmt)
            st = self.statement(stmt, st)
        return st

    def statement(self, stmt: ast.stmt, st: State) -> State | None:
        method = getattr(self, "s_" + type(stmt).__name__, None)
        if method is None:
            return self.opaque_statement(stmt, st, f"`{type(stmt).__name__}` statement")
        return method(stmt, st)

    # ------------------------------------------------------------ simple statements
    def s_Pass(self, stmt, st):
        return st

    def s_Expr(self, stmt: ast.Expr, st: State) -> State | None:
        if isinstance(stmt.value, ast.Constant):  # a docstring or a bare literal
            return st
        self.expr(stmt.value, st)
        return None if self.dead(st) else st

    def s_Return(self, stmt: ast.Return, st: State) -> State | None:
        # the target's outcome is the first item of a tuple it returns and the member of `X.value`
        # (`returned`), and so are those of a helper whose value it returns; what another helper
        # returns is its value, which the caller reads (round 16: a helper's `return ok, "why"`
        # was `ok` to an `if` that tests the tuple, always true)
        outcome = self.frame.depth == 0 or self.frame.outcome
        value: Value = Lit(None) if stmt.value is None else self.returned(stmt.value, st) if outcome else self.expr(stmt.value, st)
        if outcome and stmt.value is not None and not isinstance(stmt.value, ast.Tuple):
            value = self.tuple_outcome(value, st)  # (`selected = pick(...); return selected` of a helper's tuple)
        if self.dead(st):
            return None
        st = self.leaving(st, loop_only=False)  # the `finally` blocks it leaves run first
        if st is None:
            return None
        self.frame.returns.append((st.guard, value, st))  # first-match order: guards relative to the frame
        if self.frame.depth == 0:
            self.exits.append(Exit("return", st.guard, self.snapshot(value, st), stmt.lineno, self.col(stmt), self.guard_line, st))
        return None

    def tuple_outcome(self, value: Value, st: State) -> Value:
        """An outcome that is a tuple (on some path) read by its first item, as `return b, cls`
        is: the first item present, on each alternative (the tuple itself where it is empty)."""
        from ..formula import arms, ite

        loaded = value if isinstance(value, Seq) else self.load(value, st)

        def first(leaf: Value) -> Value:
            if not (isinstance(leaf, Seq) and leaf.kind == "tuple"):
                return leaf
            out: Value = leaf
            for item in reversed(leaf.items):
                out = ite(item.cond, item.value, out)
            return out

        if isinstance(loaded, Seq):  # (a list is the object: a `finally` that changes it changes what is
            return first(loaded) if loaded.kind == "tuple" else value  # returned; round 24)
        if isinstance(loaded, (Ite, Named)) and any(isinstance(arm, Seq) and arm.kind == "tuple" for arm in arms(loaded)):
            return self._on_each(loaded, first)
        return value

    def s_Raise(self, stmt: ast.Raise, st: State) -> State | None:
        exc = stmt.exc
        if isinstance(exc, ast.Call):
            for arg in exc.args:
                self.expr(arg, st)  # building the message may call code
            if self.dead(st):
                return None
        self.read_classes(exc.func if isinstance(exc, ast.Call) else exc)
        if self.caught_here(exc, st):
            return None
        name = (self.dotted(exc.func if isinstance(exc, ast.Call) else exc) or "exception") if exc is not None else "exception"
        self.raise_exit(st, name, stmt)
        return None

    def s_Assert(self, stmt: ast.Assert, st: State) -> State | None:
        """`assert test` is `if __debug__ and not test: raise AssertionError`: `python -O` (or
        PYTHONOPTIMIZE) drops it, test and all, so it checks only where `__debug__`, the input
        `if __debug__:` reads, is true (round 51: an assert ruling a later branch out was taken to
        always run, and that branch for one that never fires)."""
        debug = self.truth(self.expr(ast.copy_location(ast.Name("__debug__", ast.Load()), stmt), st), st)
        if self.dead(st):
            return None
        checked = st.fork(debug)
        test = self.truth(self.expr(stmt.test, checked), checked)
        passing = None
        if not self.dead(checked):
            self.raise_exit(checked.fork(neg(test)), "AssertionError", stmt, kind="assert")
            passing = checked.fork(test)
            passing.guard = checked.guard  # the assert's exit is listed first: first-match order implies the test
        return merge(debug, passing, st.fork(neg(debug)), st.guard, st.path)

    def s_Global(self, stmt, st):
        return st

    s_Nonlocal = s_Global

    def s_Import(self, stmt: ast.Import | ast.ImportFrom, st: State) -> State:
        for alias in stmt.names:
            local = alias.asname or alias.name.split(".")[0]
            st.env[local] = self.import_value(stmt, alias)
        return st

    s_ImportFrom = s_Import

    def s_FunctionDef(self, stmt: ast.FunctionDef, st: State) -> State | None:
        # Python's order: the decorators, then the defaults, then the function, then each
        # decorator called on it, innermost first (round 44: `@mark` of a nested function never ran)
        decorators = [self.expr(d, st) for d in stmt.decorator_list]
        for default in [*stmt.args.defaults, *(d for d in stmt.args.kw_defaults if d is not None)]:
            self.expr(default, st)  # (evaluated where the function is defined, with their effects: round 35)
        if self.dead(st):
            return None
        scope = self.frame.fn.node if self.frame.fn is not None else None
        made_in(stmt, scope)
        # what it may reach as it is made, under the names it (and the functions it may call) reads,
        # of this function and of those around it: a factory that returns it leaves no frame to
        # look them up in (round 45: `g = mk(); g()` lost `order.reverse()` of `mk`'s caller's list)
        visible = {**(self.frame.outer_env or {}), **st.env}
        reach = closure_reach(Closure(stmt, 0, (), scope))
        closure = Closure(stmt, new_uid(), tuple(visible[name] for name in sorted(reach & visible.keys())), scope)
        self.frame.closures.add(closure.oid)
        value = self.decorated(closure, stmt, decorators, st)
        if value is None:
            return None
        if value is closure:
            st.env[stmt.name] = closure
        else:
            self.bind_name(stmt.name, value, st, stmt)
        return st

    def decorated(self, made: Value, stmt: ast.FunctionDef | ast.ClassDef, decorators: list, st: State) -> Value | None:
        """What a nested `def` or `class` binds: `made` passed through its decorators (their values
        `decorators`), each called as Python calls it: one of the tree is followed, any other is a
        call the model does not follow, handed the function. Where the result is not the nested
        function itself, the function escaped: a call the model does not follow may run it.
        None where a decorator surely raises."""
        value = made
        for node, decorator in reversed(list(zip(stmt.decorator_list, decorators))):
            if isinstance(made, Closure) and _returns_its_argument(node):
                continue  # (`@(lambda f: f)`)
            if isinstance(made, Closure) and self.keeping_decorator(node):
                # (round 45: called as code the model does not follow, `@functools.cache` made
                # everything unknown; it runs none of the function's code, changes nothing)
                value = Term(f"<{stmt.name} as decorated at line {stmt.lineno}>", stmt.lineno, "opaque")
                continue
            call = ast.copy_location(ast.Call(node, [ast.copy_location(ast.Name(stmt.name, ast.Load()), node)], []), node)
            value = self.invoke(decorator, [value], {}, call, st)
            if self.dead(st):
                return None
        if value is not made and isinstance(made, Closure):
            self.escaped_closure(made)
            if not isinstance(value, Closure):  # (what a decorator returned: no function the model knows; round 35)
                held = self.load(value, st)
                value = held if isinstance(held, Term) and held.is_opaque else \
                    Term(f"<{stmt.name} as decorated at line {stmt.lineno}>", stmt.lineno, "opaque")
        return value

    def keeping_decorator(self, node: ast.expr) -> bool:
        """Whether a nested function's decorator is one of the standard library's that wraps or marks
        the function as it is made, running none of its code and changing nothing else
        (`functools.cache`, `staticmethod`, `contextlib.contextmanager`; not a name the running
        function or the tree binds)."""
        from .calls import _PLAIN_DECORATORS

        head = node
        while isinstance(head, ast.Attribute):
            head = head.value
        frame = self.frame
        if not isinstance(head, ast.Name) or head.id in frame.locals or (frame.enclosing and head.id in frame.enclosing):
            return False
        return self.plain_decorator(node, frame.module) in _PLAIN_DECORATORS | {"contextmanager", "asynccontextmanager"}

    s_AsyncFunctionDef = s_FunctionDef

    def s_ClassDef(self, stmt: ast.ClassDef, st: State) -> State | None:
        # a class made in the function: its decorators, bases and body run now, which the model does
        # not follow (round 35: `class Local: x = turn_on()` dropped the write `turn_on` makes)
        decorators = [self.expr(d, st) for d in stmt.decorator_list]
        nodes = [*stmt.bases, *(k.value for k in stmt.keywords)]
        bases = [self.expr(b, st) for b in nodes]
        if self.dead(st):
            return None
        # the decorators of its methods and inner classes are called as it is made (round 45: never)
        applied = [ast.copy_location(ast.Call(d, [], []), d) for n in ast.walk(ast.Module(stmt.body, []))
                   if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for d in n.decorator_list]
        self.unrun_effects([*stmt.body, *applied], st)
        hooked = [b for node, b in zip(nodes, bases) if not self.creates_plainly(node, b)]
        if hooked:
            # a base's `__init_subclass__`, a metaclass: code that runs as the class is made (round 44:
            # `Base.registry.append(cls)` in it was never run)
            what = f"the making of class `{stmt.name}` at line {stmt.lineno}"
            self.note(stmt.lineno, "class-hooks", f"{what} runs code of its bases or metaclass the model does not follow: "
                                                  "what it may change is unknown after it")
            self.unknown_call_effects(st, what, stmt.lineno, args=hooked)
        made = Term(f"<class {stmt.name} at line {stmt.lineno}>", stmt.lineno, "opaque")
        value = self.decorated(made, stmt, decorators, st)
        if value is None:
            return None
        st.env[stmt.name] = value
        return st

    def creates_plainly(self, node: ast.expr, base: Value) -> bool:
        """Whether making a class with `base` (read from `node`) among its bases runs no code of its
        own: a class of Python's builtins (`object`, `Exception`, `type` as a metaclass), or a class
        of the tree whose bases are all the tree's, with no metaclass, no `__init_subclass__`."""
        from .values import held_class

        frame = self.frame
        if isinstance(node, ast.Name) and isinstance(getattr(builtins, node.id, None), type) \
                and node.id not in frame.locals and not (frame.enclosing and node.id in frame.enclosing) \
                and node.id not in frame.module.globals:
            return True
        cls = held_class(base)
        return cls is not None and self.plain_class(cls.info) and not any(
            "__init_subclass__" in c.methods for c in self.mro(cls.info))

    def s_Delete(self, stmt: ast.Delete, st: State) -> State:
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                self.bind_name(target.id, UNBOUND, st, stmt)
            else:
                self.write_target(target, Term(f"<deleted at line {stmt.lineno}>", stmt.lineno, "opaque"), st, stmt, deleting=True)
            if st.dead:  # (`del d["missing"]`: KeyError, round 27)
                return None
        return st

    # ------------------------------------------------------------ assignments
    def s_Assign(self, stmt: ast.Assign, st: State) -> State | None:
        value = self.expr(stmt.value, st)
        if self.dead(st):
            return None
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            value = self.one_shot(stmt.targets[0].id, stmt, value)
        for target in stmt.targets:
            self.assign(target, value, st, stmt)
        return st

    def s_AnnAssign(self, stmt: ast.AnnAssign, st: State) -> State | None:
        if stmt.value is None:
            return st
        value = self.expr(stmt.value, st)
        if self.dead(st):
            return None
        if isinstance(stmt.target, ast.Name):
            value = self.one_shot(stmt.target.id, stmt, value)
        self.assign(stmt.target, value, st, stmt)
        return st

    def one_shot(self, name: str, stmt: ast.Assign | ast.AnnAssign, value: Value) -> Value:
        """`value`, or an opaque one where `stmt` binds `name` to an iterator (`iter(x)`, a
        generator, `enumerate`, `zip`, `map`, `filter`, `reversed`) the function reads more than
        once, or in a loop the binding is not in, or to a dict's view (`d.keys()`), which sees
        later changes of the dict: the model holds them as the items they walk, as if each read
        walked them afresh (round 24: `next(it)` twice gave the first item twice, and `any(g)`
        after `any(g)` walked `g` again)."""
        kind = _iterator_kind(stmt.value)
        fn = self.frame.fn
        if kind is None or fn is None:
            return value
        once = kind == "iterator" and _read_once(fn.node, name, stmt)
        # it walks what it reads when it is walked, not here: the items the model computed now are
        # its only where nothing can change in between (round 27: `cands.insert(0, ...)` before
        # `next(it)`, a rebound local its condition reads)
        if once and _walked_next(fn.node, name, stmt):
            return value
        line = stmt.lineno
        what = "an iterator, read more than once" if kind == "iterator" and not once else \
            "an iterator, walked after what it reads may change" if kind == "iterator" else \
            "a view of a dict, which sees its later changes"
        self.note(line, "one-shot:" + name, f"`{name}` is {what}: its value is unknown")
        return Term(f"<{name}: {what} (line {line})>", line, "opaque")

    def s_AugAssign(self, stmt: ast.AugAssign, st: State) -> State | None:
        rebound = self.rebound_by_value(stmt)
        if rebound or _parts_with_effects(stmt.target):
            return self.target_evaluated_once(stmt, st, rebound)
        current = self.expr(_as_load(stmt.target), st)
        operand = self.expr(stmt.value, st)
        if self.dead(st):
            return None
        ref = current if isinstance(current, Ref) else None
        if ref is not None and isinstance(stmt.op, ast.Add):
            self.list_extend(ref, operand, st, stmt)
            return self.stored_back(stmt, st)
        if ref is not None and isinstance(stmt.op, ast.Mult):  # in place: every name for the list sees it
            repeated = self.binop(stmt.op, current, operand, stmt, st)  # a new list of the items, or unknown
            st.objects[ref.oid] = st.objects.get(repeated.oid) if isinstance(repeated, Ref) else None
            return self.stored_back(stmt, st)
        if holds_set(self.load(current, st)) and isinstance(stmt.op, (ast.BitOr, ast.BitAnd, ast.Sub, ast.BitXor)):
            # `s |= {...}` changes the one set, under every name for it (round 22: `t = s; t |= ...` left s)
            self.havoc_mappings(st, f"the change of a set at line {stmt.lineno}", stmt.lineno, touched=True)
            return self.stored_back(stmt, st)
        if holds_mapping(self.load(current, st)) and isinstance(stmt.op, ast.BitOr):
            # `e |= {...}` updates the one dict in place, under every name for it (round 27: `e = d`,
            # `[d][0]`, a helper's parameter: only the name written saw it); its value is the merge
            value = self.binop(stmt.op, current, operand, stmt, st)
            if not (isinstance(stmt.target, ast.Name) and self.sole_mapping_holder(stmt.target.id, st)):
                self.havoc_mappings(st, f"the change of a dict at line {stmt.lineno}", stmt.lineno, touched=True)
            self.assign(stmt.target, value, st, stmt)
            return st
        held = self.load(current, st)
        if isinstance(held, Term) and held.kind in ("name", "attr") and not held.is_opaque \
                and isinstance(stmt.op, (ast.BitOr, ast.BitAnd, ast.Sub, ast.BitXor, ast.Add, ast.Mult)):
            # an object the model reads as a term (`t = ENABLED; t |= {...}`): a set changes in place,
            # and so does a list (`ORDER += ["b"]`, round 24: `o = ORDER` before it read the list as it
            # was), which every read of it sees from here (a number is rebound: the value below is its)
            method = "__iadd__" if isinstance(stmt.op, ast.Add) else "__imul__" if isinstance(stmt.op, ast.Mult) else "__ior__"
            self.name_changed(held, method, stmt, st)
            if held.kind == "attr":  # (`cands = cfg.backends; cands += [x]`: `cfg.backends` read after it; round 37)
                self.path_changed(held, method, stmt, st)
        value = self.binop(stmt.op, current, operand, stmt, st)
        self.computed_here(value, st, stmt.lineno)  # (no `BinOp` node: `expr` does not see it)
        self.assign(stmt.target, value, st, stmt)
        return st

    def rebound_by_value(self, stmt: ast.AugAssign) -> frozenset[str]:
        """The names in an augmented assignment's object or item that its value may bind again
        before the write: a walrus's, and, where it calls, those a nested function may write
        (`nonlocal`) or the enclosing function's. Python computes the target's parts first."""
        target = stmt.target
        if isinstance(target, ast.Name) or not _has_effects(stmt.value):
            return frozenset()
        names = {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        walrus = {n.target.id for n in ast.walk(stmt.value) if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name)}
        calls = any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom)) for n in ast.walk(stmt.value))
        frame = self.frame
        declared = nonlocal_names(frame.fn.node) if frame.fn is not None else frozenset()
        return frozenset(n for n in names if n in walrus or calls and (n in declared or n in frame.nonlocals or n in frame.free))

    def target_evaluated_once(self, stmt: ast.AugAssign, st: State, rebound: frozenset[str] = frozenset()) -> State | None:
        """`d[key()] += 1`, `make().hits += 1`, `d[k] += g()` of a `g` that rebinds `k`: Python
        computes the target's object and item once, before the value, then reads and writes through
        them; so does the model, holding each part that runs code or names what the value may bind
        again (`rebound`) under a name no source can spell (round 44: `key()` ran twice, once for
        the read, once for the write; round 45: `k` was read after `g()` rebound it)."""
        held: dict[str, Value] = {}

        def once(node: ast.expr | None) -> ast.expr | None:
            if node is None or not _has_effects(node) and not any(isinstance(n, ast.Name) and n.id in rebound for n in ast.walk(node)):
                return node
            if isinstance(node, ast.Slice):
                return ast.copy_location(ast.Slice(once(node.lower), once(node.upper), once(node.step)), node)
            name = f".part{len(held)}"
            held[name] = self.expr(node, st)
            return ast.copy_location(ast.Name(name, ast.Load()), node)

        target = stmt.target
        base = once(target.value)
        part = once(target.slice) if isinstance(target, ast.Subscript) else None
        if self.dead(st):
            return None
        plain = ast.Subscript(base, part, ast.Store()) if isinstance(target, ast.Subscript) else ast.Attribute(base, target.attr, ast.Store())
        again = ast.copy_location(ast.AugAssign(ast.copy_location(plain, target), stmt.op, stmt.value), stmt)
        st.env.update(held)
        self.comprehension_names.append(set(held) | (self.comprehension_names[-1] if self.comprehension_names else set()))
        try:
            out = self.s_AugAssign(again, st)
        finally:
            self.comprehension_names.pop()
        for done in (st, out):
            for name in held:
                if done is not None:
                    done.env.pop(name, None)
        return out

    def stored_back(self, stmt: ast.AugAssign, st: State) -> State | None:
        """`t[0] += [x]` after the list changed in place: Python stores the result back into
        `t[0]`, which a tuple refuses (round 27: TypeError missed). The target's parts are read
        again only where that runs no code."""
        target = stmt.target
        if isinstance(target, ast.Subscript) and not _has_effects(target.value) and not _has_effects(target.slice):
            base = self.expr(target.value, st)
            self.refused_item_write(base, self.load(self.expr(target.slice, st), st), stmt, st)
        return None if st.dead else st

    def sole_mapping_holder(self, name: str, st: State) -> bool:
        """Whether the local `name` of the target function is the only way to the dict it holds:
        no other name or list holds a dict, and none was stored where other code reaches it."""
        from .values import contains_mapping

        frame = self.frame
        return frame.depth == 0 and name in frame.locals and not self.mapping_escaped \
            and not any(n != name and contains_mapping(self.load(v, st)) for n, v in st.env.items()) \
            and not any(content is not None and contains_mapping(content) for content in st.objects.values())

    def assign(self, target: ast.expr, value: Value, st: State, stmt: ast.stmt) -> None:
        if isinstance(target, ast.Name):
            self.bind_name(target.id, value, st, stmt)
        elif isinstance(target, (ast.Tuple, ast.List)):
            self.unpack(target, value, st, stmt)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, self.unknown(stmt, "starred assignment"), st, stmt)
        else:
            from .calls import closures_held

            for closure in closures_held(value):  # (on an object, in a container: round 45, `ns.h = h; ns.h()`
                self.escaped_closure(closure)     # of a nested class's `ns` never ran `h`)
            self.write_target(target, value, st, stmt)

    def bind_name(self, name: str, value: Value, st: State, stmt: ast.AST) -> None:
        frame = self.frame
        if name in frame.nonlocals:
            # a write to the enclosing function's variable: modeled only when inlined from it
            if frame.outer_env is not None:
                frame.outer_writes.add(name)
            st.env[name] = value
            return
        if name in frame.globals_declared:
            st.heap = st.heap.write(name, self.load(value, st), self.event_key(f"global {name}"), getattr(stmt, "lineno", 0))
            return
        if frame.depth == 0:  # (which lines bind it: a fact naming it must tell one binding; `bind`)
            self.__dict__.setdefault("local_lines", {}).setdefault(name, set()).add(getattr(stmt, "lineno", 0))
        if (
            frame.depth == 0 and not isinstance(value, (Term, Lit, Ref, Closure)) and _is_formula(value)
            and not isinstance(value, Named) and not _holds_refs(value)
        ):
            value = Named(name, value, getattr(stmt, "lineno", 0), "local")
            self.helpers.setdefault(name, value)
        if frame.depth == 0 and frame.variable == name and not isinstance(value, (Ref, Closure)):
            # the decision variable: its value remembers the assignment that made it, so each
            # outcome is reported at its own line
            value = Named(name, value, getattr(stmt, "lineno", 0), "assignment")
            self.variable_assigned = True
        st.env[name] = value

    def unpack(self, target: ast.Tuple | ast.List, value: Value, st: State, stmt: ast.stmt) -> None:
        value = self.load(value, st)
        elts = target.elts
        if self.refused_unpacking(value, elts, st, stmt):
            return
        if isinstance(value, Seq) and all(i.cond == TRUE for i in value.items) and len(value.items) == len(elts) \
                and not any(isinstance(e, ast.Starred) for e in elts):
            for el, item in zip(elts, value.items):
                self.assign(el, item.value, st, stmt)
            return
        if isinstance(value, Lit) and isinstance(value.value, tuple) and len(value.value) == len(elts) and in_order(value.value):
            for el, item in zip(elts, value.value):
                self.assign(el, Lit(item), st, stmt)
            return
        if isinstance(value, Term) and not any(isinstance(e, ast.Starred) for e in elts):
            self.computed_here(value, st, stmt.lineno, length=len(elts))  # Python refuses another count of items
            for i, el in enumerate(elts):
                self.assign(el, Term(f"{value.text}[{i}]", stmt.lineno, "opaque" if value.is_opaque else "subscript",
                                     value.version, value.origin), st, stmt)
            return
        if not any(isinstance(e, ast.Starred) for e in elts):
            parts = self.unpacked_arms(value, len(elts), st, stmt)
            if parts is not None:
                for el, part in zip(elts, parts if not st.dead else ()):
                    self.assign(el, part, st, stmt)
                return
        for el in elts:
            self.assign(el, self.unknown(stmt, "unpacking of a value whose shape is not known"), st, stmt)

    def unpacked_arms(self, value: Value, count: int, st: State, stmt: ast.stmt) -> list[Value] | None:
        """`ok, why = check(cfg)` where the helper returns `False, "x"` early and `True, ""` later:
        a conditional value each of whose alternatives is a tuple or list the model holds. Name `i`
        takes the conditional of the alternatives' items `i`, under the same conditions; Python
        raises ValueError where an alternative has another count of items, TypeError where it is
        None (round 48: the whole was an unknown atom, and a correct version undetermined). None
        where some alternative's shape is not known (its names are unknown then); the values
        (none) where every alternative raised."""
        from .values import cases

        base = value
        while isinstance(base, Named):
            base = base.body
        if not isinstance(base, Ite):
            return None
        leaves = cases(base)
        if not leaves or len(leaves) > _MOST_UNPACKED:
            return None

        def shape(leaf: Value) -> tuple | str | None:
            while isinstance(leaf, Named):
                leaf = leaf.body
            if isinstance(leaf, Seq) and all(i.cond == TRUE for i in leaf.items):
                return tuple(i.value for i in leaf.items) if len(leaf.items) == count else "ValueError"
            if isinstance(leaf, Lit) and isinstance(leaf.value, tuple) and in_order(leaf.value):
                return tuple(Lit(v) for v in leaf.value) if len(leaf.value) == count else "ValueError"
            if isinstance(leaf, Lit) and leaf.value is None:
                return "TypeError"
            if isinstance(leaf, Lit) and isinstance(leaf.value, str) and len(leaf.value) != count:
                return "ValueError"
            return None

        refused: dict[str, list] = {}
        for cond, leaf in leaves:
            found = shape(leaf)
            if found is None:
                return None
            if isinstance(found, str):
                refused.setdefault(found, []).append(cond)
        unread: list[Value] = []  # (an alternative `cases` did not meet: none, as both walk the same arms)

        def item(position: int):
            def leaf_item(leaf: Value) -> Value:
                found = shape(leaf)
                if found is None:
                    unread.append(leaf)
                return found[position] if isinstance(found, tuple) else Lit(None)  # (where it raised: never read)
            return leaf_item

        parts = [self._on_each(base, item(i)) for i in range(count)]
        if unread:
            return None
        for name, conds in refused.items():
            self.raise_if(disj(*conds), st, name, stmt)
        return parts

    def refused_unpacking(self, value: Value, elts: list[ast.expr], st: State, stmt: ast.stmt) -> bool:
        """`a, b = seq` where `seq` has another count of items (`a, *m, c`: fewer than two), or is
        no iterable: a raise branch where it does (round 27: `a, b = ["x", "y", "z"]` was an
        unknown unpacking, and an unread one never raised). True where it surely raised."""
        from .values import seq_count

        if st.dead:
            return True
        starred = any(isinstance(e, ast.Starred) for e in elts)
        need = len(elts) - starred

        def wrong(n: int) -> bool:
            return n < need if starred else n != need

        if isinstance(value, Lit) and value.value is None:
            self.raise_if(TRUE, st, "TypeError", stmt)  # (`a, b = None`: not iterable; a number may be a `Flag`'s member)
        elif isinstance(value, Lit) and isinstance(value.value, (tuple, str)) and wrong(len(value.value)):
            self.raise_if(TRUE, st, "ValueError", stmt)
        elif isinstance(value, Seq):
            counts = seq_count(value)
            if counts is not None:
                self.raise_if(disj(*(cond for n, cond in counts.items() if wrong(n))), st, "ValueError", stmt)
        return st.dead

    # ------------------------------------------------------------ if
    def s_If(self, stmt: ast.If, st: State) -> State | None:
        test = self.truth(self.expr(stmt.test, st), st)
        if self.dead(st):
            return None
        saved = self.guard_line
        self.guard_line = stmt.lineno
        jumps = self.jumps
        then = self.block(stmt.body, st.fork(test))
        # an arm that always exits (returns or raises, not `break`s) makes its test implied for
        # what follows, by first-match order
        else_state = st.fork(neg(test))
        if then is None and self.jumps == jumps:
            else_state.guard = st.guard
        self.guard_line = saved if then is not None else stmt.lineno
        other = self.block(stmt.orelse, else_state)
        self.guard_line = saved
        return merge(test, then, other, st.guard, st.path)

    # ------------------------------------------------------------ loops
    def s_For(self, stmt: ast.For, st: State) -> State | None:
        raw = self.expr(stmt.iter, st)
        if isinstance(stmt.iter, (ast.Set, ast.SetComp)) and not self.dead(st):
            return self.opaque_loop(stmt, st, "a loop over a set, whose order is not the order it is written in")
        iterable = self.enum_members(raw, stmt, st) or self.load(raw, st, refs=True)
        if self.dead(st):
            return None
        if (refusal := self.refusing_zip(iterable)) is not None:
            return self.refusing_loop(stmt, st, refusal)
        if isinstance(iterable, Lit) and iterable.value is None:
            self.raise_if(TRUE, st, "TypeError", stmt)  # (`for i in None`: no iterable; round 27: a loop over unknown values)
            return None
        if isinstance(iterable, Lit) and not in_order(iterable.value):  # (a set a name holds: round 20)
            return self.opaque_loop(stmt, st, "a loop over a set, whose order is not the order it is written in")
        if isinstance(iterable, Lit) and isinstance(iterable.value, (tuple, str)):
            iterable = Seq(tuple(_item(Lit(v)) for v in iterable.value), "tuple")
        if isinstance(iterable, Seq) and len(iterable.items) <= MAX_UNROLL and not self.mutates(stmt.body, stmt.iter, st):
            return self.unrolled(stmt, iterable, st)
        cases = _sequence_cases(iterable)
        if cases is not None and not self.mutates(stmt.body, stmt.iter, st):
            # one list or another (built on different paths): the loop over each, where it is that one
            outs: list[tuple] = []
            for cond, seq in cases:
                branch = st.fork(cond)
                if branch.dead:
                    continue
                end = self.unrolled(stmt, seq, branch)
                if end is not None:
                    outs.append((end.path, end))
            return merge_many(outs, st.guard) if outs else None
        why = "a loop over values the model does not know" if not isinstance(iterable, Seq) else "a long loop"
        return self.opaque_loop(stmt, st, why)

    s_AsyncFor = s_For

    def unrolled(self, stmt: ast.For, seq: Seq, st: State) -> State | None:
        frame = self.frame
        entered = self.jumps
        loop = Loop()
        frame.loops.append(loop)
        try:
            current: State | None = st
            for item in seq.items:
                if current is None:
                    break
                body_state = current.fork(item.cond)
                self.assign(stmt.target, item.value, body_state, stmt)
                loop.continues = []
                jumps = self.jumps
                end = self.block(stmt.body, body_state)
                ends = [s for s in [end, *loop.continues] if s is not None]
                # where the body may `break`, what goes on is only what did not break
                guard = self.after_jumps(current.guard, jumps, [s.guard for s in ends])
                done = merge_many([(s.path, s) for s in ends], guard) if ends else None
                skip = current.fork(neg(item.cond)) if item.cond != TRUE else None
                if skip is not None and done is None and self.jumps == jumps:
                    skip.guard = current.guard
                if item.cond == TRUE:
                    current = done
                else:
                    current = merge(item.cond, done, skip, current.guard, current.path)
        finally:
            frame.loops.pop()
        if current is not None and stmt.orelse:
            current = self.block(stmt.orelse, current)
        finals = [(s.path, s) for s in loop.breaks] + ([(current.path, current)] if current is not None else [])
        if not finals:
            return None
        # where a jump left the loop for another (`else: continue` of an inner loop, a `break` in
        # a `try`), only what reached its end or broke out goes on: not every entry (exploratory
        # fuzz round 4: the code after an inner loop took the outer loop's `continue` paths too)
        return merge_many(finals, self.after_jumps(st.guard, entered, [s.guard for _, s in finals]))

    def after_jumps(self, guard: Formula, entered: int, reached: list[Formula]) -> Formula:
        """The guard of what goes on after a block entered with `guard` when `self.jumps` was
        `entered`: the same where no `break`/`continue` ran in it, else the union of the guards
        that reached its end (a jump left for its loop on the others)."""
        return guard if self.jumps == entered else disj(*reached)

    def s_While(self, stmt: ast.While, st: State) -> State | None:
        return self.opaque_loop(stmt, st, "a `while` loop")

    def s_Break(self, stmt, st: State) -> None:
        self.jumps += 1
        st = self.leaving(st, loop_only=True)
        if self.frame.loops and st is not None:
            self.frame.loops[-1].breaks.append(st)
        return None

    def s_Continue(self, stmt, st: State) -> None:
        self.jumps += 1
        st = self.leaving(st, loop_only=True)
        if self.frame.loops and st is not None:
            self.frame.loops[-1].continues.append(st)
        return None

    def leaving(self, st: State, loop_only: bool) -> State | None:
        """`st` after the `finally` blocks a `return` (every one of the frame's) or a `break` /
        `continue` (those inside the loop) leaves, innermost first (exploratory fuzz: a `continue`
        in a `try` skipped its `finally`)."""
        frame = self.frame
        pending = frame.finally_blocks
        for i in range(len(pending) - 1, -1, -1):
            body, loops = pending[i]
            if loop_only and loops != len(frame.loops):
                break
            frame.finally_blocks = pending[:i]  # a jump inside the block itself leaves only the outer ones
            try:
                st = self.block(body, st)
            finally:
                frame.finally_blocks = pending
            if st is None:
                return None
        return st

    def refusing_loop(self, stmt: ast.For | ast.AsyncFor, st: State, refusal: Formula) -> State | None:
        """A loop over a `zip(..., strict=True)` whose sequences' lengths differ where `refusal`
        holds: run as a loop the model does not follow, after which, where it did not `break`, the
        zip raises ValueError (its `else` never runs). Round 44: it never raised; round 45: nor of
        lengths that differ on one path only."""
        if refusal != TRUE:
            then = self.refusing_loop(stmt, st.fork(refusal), TRUE)
            other = st.fork(neg(refusal))
            other = self.opaque_loop(stmt, other, "a loop over a `zip` the model does not walk") if not other.dead else None
            return merge(refusal, then, other, st.guard, st.path)
        loop = ast.copy_location(type(stmt)(stmt.target, stmt.iter, stmt.body, [], stmt.type_comment), stmt)
        end = self.opaque_loop(loop, st, "a loop over a `zip` that raises at its end")
        if end is None or end.dead:
            return None
        ended = self.opaque_atom(f"<loop at line {stmt.lineno} ends without `break`>", stmt.lineno, stmt) if _breaks(stmt.body) else TRUE
        self.raise_if(ended, end, "ValueError", stmt)
        return None if end.dead else end

    def opaque_loop(self, stmt: ast.For | ast.While | ast.AsyncFor, st: State, why: str) -> State | None:
        """A loop run any number of times: what its body may change is unknown after it; its
        body is interpreted once from that unknown state, under an opaque "it iterates" atom."""
        line = stmt.lineno
        self.note(line, "loop", f"loop not modeled ({why}): what it changes is unknown after it, and its exits depend on it")
        havocked = self.havoc_region(stmt, st, f"the loop at line {line}")
        if self.options.definitions:  # (its atoms rest on what it iterates: `definitions.closure`)
            self.opaque_sources.append(ast.unparse(stmt.iter if isinstance(stmt, (ast.For, ast.AsyncFor)) else stmt.test))
            self.subclasses_read(stmt)
        loop = Loop()
        self.frame.loops.append(loop)
        try:
            entered = havocked.fork(self.opaque_atom(f"<loop at line {line} runs its body>", line, stmt))
            if isinstance(stmt, (ast.For, ast.AsyncFor)):
                self.assign(stmt.target, Term(f"{LOOP_ITEM} {line}>", line, "opaque", self.evaluation(stmt.target)), entered, stmt)
            else:
                self.truth(self.expr(stmt.test, entered), entered)
            self.block(stmt.body, entered)
        finally:
            self.frame.loops.pop()
        if not stmt.orelse:
            return havocked
        if not _breaks(stmt.body):
            return self.block(stmt.orelse, havocked)  # the `else` runs whenever the loop ends
        # the `else` runs only where the loop ended without `break` (exploratory fuzz: a `while`
        # whose `else` returned made every `break` path vanish, and the branch after it "dead")
        ended = self.opaque_atom(f"<loop at line {line} ends without `break`>", line, stmt.orelse[0])
        ran = self.block(stmt.orelse, havocked.fork(ended))
        return merge(ended, ran, havocked.fork(neg(ended)), havocked.guard, havocked.path)

    # ------------------------------------------------------------ with / try / match
    def s_With(self, stmt: ast.With, st: State) -> State | None:
        swallowing = []
        for item in stmt.items:
            manager = self.expr(item.context_expr, st)
            text = self.dotted(item.context_expr.func if isinstance(item.context_expr, ast.Call) else item.context_expr) or ""
            if not self.is_plain_context(text):
                self.read_classes(item.context_expr, ("__enter__", "__exit__"))
                self.unknown_call_effects(st, f"{text or 'the context manager'}.__enter__()", stmt.lineno)
                swallowing.append(text or "context manager")
            if item.optional_vars is not None:
                entered = manager if isinstance(manager, Ref) else Term(f"<{text or 'context'}.__enter__() at line {stmt.lineno}>", stmt.lineno, "opaque")
                self.assign(item.optional_vars, entered, st, stmt)
        if self.dead(st):
            return None
        if not swallowing:
            return self.block(stmt.body, st)
        return self.protected(stmt, st, f"`with {swallowing[0]}` may swallow an exception raised in its body",
                              handlers=[[]], exit_call=f"{swallowing[0]}.__exit__()")

    s_AsyncWith = s_With

    def s_Try(self, stmt: ast.Try, st: State) -> State | None:
        if any(_exits(s) for s in stmt.finalbody):
            if stmt.handlers:
                return self.opaque_statement(stmt, st, "`try` with `except` whose `finally` exits")
            return self.finally_exits(stmt, st)
        frame = self.frame
        if stmt.finalbody:  # run by a `return`, `break` or `continue` that leaves the body (`leaving`)
            frame.finally_blocks = [*frame.finally_blocks, (stmt.finalbody, len(frame.loops))]
        try:
            if stmt.handlers:
                for handler in stmt.handlers:
                    self.read_classes(handler.type)
                after = self.protected(stmt, st, "an exception may enter the `except` handlers after any part of the `try` body",
                                       handlers=[h.body for h in stmt.handlers], handler_nodes=stmt.handlers, orelse=stmt.orelse)
            else:  # `try`/`finally`: nothing is caught, an exception leaves as it would without it (round 6: a
                after = self.block(stmt.body, st)  # phantom "caught" region went on past the `try`)
        finally:
            if stmt.finalbody:
                frame.finally_blocks = frame.finally_blocks[:-1]
        if stmt.finalbody and after is not None:
            after = self.block(stmt.finalbody, after)
        return after

    s_TryStar = s_Try

    def finally_exits(self, stmt: ast.Try, st: State) -> State | None:
        """`try`/`finally` whose `finally` may `return`, `break` or `continue`: that jump replaces
        whatever left the body (a `return`'s value, a `break`, an exception). The body runs as
        written while an opaque atom says nothing raised in it (its `return`s, `break`s and
        `continue`s run the `finally` on their way out, `leaving`); where something raised, the
        `finally` runs from a state where what the body may have changed is unknown, and where
        it does not jump the exception goes on (a `raise`)."""
        line = stmt.lineno
        raised = self.opaque_atom(f"<exception in the `try` body at line {line}>", line, stmt)
        self.note(line, "protected", "an exception may leave the `try` body after any part of it: its `finally` runs then")
        frame = self.frame
        entered = self.jumps
        frame.finally_blocks = [*frame.finally_blocks, (stmt.finalbody, len(frame.loops))]
        self.try_depth += 1  # a `raise` in the body, or a statement that raises, reaches the `finally`
        try:
            normal = self.block(stmt.body, st.fork(neg(raised)))
        finally:
            self.try_depth -= 1
            frame.finally_blocks = frame.finally_blocks[:-1]
        if normal is not None:
            normal = self.block(stmt.finalbody, normal)
        caught = self.havoc_region(stmt, st.fork(raised), f"the exception in the `try` body at line {line}", body_only=True)
        unwinding = self.block(stmt.finalbody, caught)
        if unwinding is not None:  # the `finally` ended without a jump: the exception goes on
            self.raise_exit(unwinding, "exception", stmt)
        if normal is None:
            return None
        normal.guard = self.after_jumps(st.guard, entered, [normal.guard]) if self.jumps != entered else normal.guard
        return normal

    def protected(self, stmt, st: State, why: str, handlers: list[list[ast.stmt]], handler_nodes=None,
                  orelse: list[ast.stmt] = (), exit_call: str | None = None) -> State | None:
        """A body whose exceptions may be caught: it runs as written while an opaque atom says
        no exception was caught; otherwise a handler runs from a state where everything the
        body may have changed is unknown."""
        line = stmt.lineno
        raised = self.opaque_atom(f"<exception caught at line {line}>", line, stmt)
        self.note(line, "protected", why)
        if self.options.definitions and self.project is not None:  # (diff: whether an import of the body raises is
            # the code of the modules it runs, and of those they import; round 46)
            from .definitions import imports_run
            for where in imports_run(self.project, self.frame.module, stmt.body):
                self.global_reads.setdefault(f"<exception caught at line {line}>", {})[where] = None
        entered = self.jumps
        self.try_depth += 1
        catcher = _Catcher(handler_nodes, self.frame, len(self.frame.loops), len(self.frame.finally_blocks), self.try_depth) \
            if handler_nodes else None
        if catcher is not None:
            self.catchers.append(catcher)
        try:
            normal = self.block(stmt.body, st.fork(neg(raised)))
        finally:
            self.try_depth -= 1
            if catcher is not None:
                self.catchers.pop()
        if normal is not None and orelse:
            normal = self.block(list(orelse), normal)
        if exit_call is not None and normal is not None:
            self.unknown_call_effects(normal, exit_call, line)
        caught_from = self.havoc_region(stmt, st.fork(raised), f"the exception caught at line {line}", body_only=True)
        outs: list[State] = [] if normal is None else [normal]
        for i, body in enumerate(handlers):
            entry = caught_from.copy()
            if len(handlers) > 1:
                entry = entry.fork(self.opaque_atom(f"<handler {i + 1} at line {line} catches it>", line, body[0] if body else stmt))
            thrown = catcher.raised[i] if catcher is not None else []
            if thrown:  # `raise ValueError(...)` in the body, which this handler catches: it runs from there
                entries = [s for s in (entry, *thrown) if not s.dead]
                entry = merge_many([(s.path, s) for s in entries], disj(*(s.guard for s in entries)))
                if entry is None:
                    continue
            node = handler_nodes[i] if handler_nodes else None
            if node is not None and node.name:
                self.bind_name(node.name, Term(f"<exception at line {line}>", line, "opaque"), entry, stmt)
            if exit_call is not None:
                self.unknown_call_effects(entry, exit_call, line)
            end = self.block(body, entry)
            if end is not None and node is not None and node.name:  # Python deletes it as the handler ends
                self.bind_name(node.name, UNBOUND, end, stmt)  # (round 25: `err` read after it was the exception)
            if end is not None:
                outs.append(end)
        if not outs:
            return None
        # a `break` or `continue` in the body left for the loop: only what stayed goes on (as
        # `unrolled`; exploratory fuzz round 4)
        # (with no handler, the region where the body raised goes on as it did: a `try` of a
        # `finally` alone)
        uncaught = [] if handlers else [conj(st.guard, raised)]
        guard = self.after_jumps(st.guard, entered, [*(s.guard for s in outs), *uncaught])
        return merge_many([(s.path, s) for s in outs], guard)

    def caught_here(self, exc: ast.expr | None, st: State) -> bool:
        """Whether the exception `raise exc` raises is one a handler of the innermost `try` of
        this body catches, Python's own classes decided as Python decides them (`raise
        ValueError(m)` in `try: ... except (KeyError, ValueError):`): its state then enters that
        handler, as a jump (round 24: it was an exit under "is not caught", an opaque atom, and
        `diff` listed a change to raising where the function returns the handler's value). Only
        where nothing lies between (a loop, an inlined call, a `finally`, a `with`)."""
        catcher = self.catchers[-1] if self.catchers else None
        if catcher is None or exc is None or catcher.frame is not self.frame or catcher.depth != self.try_depth \
                or len(self.frame.loops) != catcher.loops or len(self.frame.finally_blocks) != catcher.finals:
            return False
        raised = self.exception_class(exc.func if isinstance(exc, ast.Call) else exc, st)
        if raised is None:
            return False
        catching = None
        for i, handler in enumerate(catcher.handlers):
            kinds = [] if handler.type is None else handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            classes = [self.exception_class(k, st) for k in kinds]
            if any(c is None for c in classes):
                return False  # (a class of the tree, or a name the model does not decide)
            if handler.type is None or any(issubclass(raised, c) for c in classes):
                catching = i
                break
        if catching is None and catcher.depth != 1:
            return False  # (an enclosing `try` or `with` may catch it)
        if catching is None:  # no handler catches it, and nothing encloses this `try`: it leaves
            self.raise_exit(st, raised.__name__, exc, caught=False)
        else:
            self.jumps += 1
            catcher.raised[catching].append(st.copy())
        return True

    def read_classes(self, node: ast.expr | None, methods: tuple[str, ...] = ()) -> None:
        """Read the tree's classes `node` names, their bases and their `methods`, for nothing but
        the reads (`diff` takes a model whose every read answers the same in the other version for
        that version's model): which handler catches an exception, and whether a context manager
        swallows one, are opaque atoms that rest on them (round 27: `class Sub(Err)` ->
        `class Sub(Exception)`, and a `__exit__` now returning True, were "unchanged")."""
        if node is None:
            return
        module = self.frame.module
        for sub in ast.walk(node):
            text = self.dotted(sub) if isinstance(sub, (ast.Name, ast.Attribute)) else None
            info = self.class_by_name(text, module) if text else None
            if info is not None:
                self.mro(info)
                for method in methods:
                    self.find_method(info, method)

    def exception_class(self, node: ast.expr, st: State) -> type | None:
        """Python's own exception class a name reads (`ValueError`), where nothing of the function
        or its module binds the name."""
        if not isinstance(node, ast.Name):
            return None
        frame, name = self.frame, node.id
        found = getattr(builtins, name, None)
        if not (isinstance(found, type) and issubclass(found, BaseException)):
            return None
        module = frame.module
        if name in frame.locals or name in frame.nonlocals or (frame.outer_env is not None and name in frame.free) \
                or name in module.globals \
                or name in module.imports or module.star_imports:
            return None
        return found

    def s_Match(self, stmt: ast.Match, st: State) -> State | None:
        """A `match` whose patterns are values, `None`/`True`/`False`, alternatives of those,
        wildcards and captures (with guards) runs as the `if` chain Python's semantics make of it
        (`_desugared`; round 24: a decision written as one `match` was no decision, and `diff`
        said nothing of an edited case); other patterns (classes, sequences, mappings) leave the
        statement opaque."""
        plan = _desugared(stmt)
        if plan is None:
            return self.opaque_statement(stmt, st, "`match` statement with class, sequence or mapping patterns")
        body, names = plan
        frame = self.frame
        frame.locals = frame.locals | names
        return self.block(body, st)

    def opaque_statement(self, stmt: ast.stmt, st: State, what: str) -> State | None:
        """A statement the model does not interpret: everything it may change is unknown after it,
        and its `return`s and `raise`s are exits guarded by opaque atoms."""
        line = stmt.lineno
        self.note(line, "opaque", f"{what} not modeled: what it changes is unknown after it")
        after = self.havoc_region(stmt, st, f"the {what} at line {line}")
        self.statement_reads(stmt)
        for node in ast.walk(stmt):
            if isinstance(node, (ast.Return, ast.Raise)):
                guard = conj(after.guard, self.opaque_atom(f"<{what} at line {line} exits at line {node.lineno}>", node.lineno, node))
                exit_state = State(guard, guard, after.env, after.heap, after.objects, after.escaped)
                if isinstance(node, ast.Return):
                    value = Term(f"<value returned at line {node.lineno}>", node.lineno, "opaque")
                    if isinstance(node.value, ast.Constant) and type(node.value.value) in (str, int, float, bool, type(None)):
                        value = Lit(node.value.value)  # (`return "a"`: that outcome, under an unknown guard; round 30:
                        # a `match` of class patterns was no decision, and an edit of it was dropped by `diff`)
                    # an inlined helper's own return too (its value was lost: the helper seemed to
                    # fall off its end; exploratory fuzz); what runs after it is where it did not
                    self.frame.returns.append((guard, value, exit_state))
                    if self.frame.depth == 0:
                        self.exits.append(Exit("return", guard, value, node.lineno, self.col(node), 0, exit_state))
                    else:
                        after = after.fork(neg(guard))
                elif self.frame.depth == 0:
                    self.exits.append(Exit("raise", guard, Term("exception", node.lineno, "opaque"), node.lineno, self.col(node), 0, exit_state))
                else:
                    self.raise_exit(exit_state, "exception", node)
        loop = self.frame.loops[-1] if self.frame.loops else None
        for jump, kind in ((ast.Break, "breaks"), (ast.Continue, "continues")):
            if loop is not None and _jumps([stmt], jump):  # a `break` / `continue` in it: the rest is skipped there
                where = self.opaque_atom(f"<{what} at line {line} {kind}>", line, stmt)
                (loop.breaks if jump is ast.Break else loop.continues).append(after.fork(where))
                after = after.fork(neg(where))
        return after

    def subclasses_read(self, stmt: ast.stmt) -> None:
        """diff: a loop over `Base.__subclasses__()` walks the classes any module of the tree
        defines on `Base`: what it decides rests on those modules' text (round 30: a subclass
        gaining an `is_supported` override was "0 decisions changed")."""
        from .outside import modules_naming

        head = stmt.iter if isinstance(stmt, (ast.For, ast.AsyncFor)) else stmt.test
        for node in ast.walk(head):
            if isinstance(node, ast.Attribute) and node.attr == "__subclasses__":
                text = ast.unparse(head)
                module = self.frame.module
                self.rests_on(module, "*", text)
                info = self.class_by_name(self.dotted(node.value) or "", module)
                if info is not None:
                    for other in [info.module, *modules_naming(self.project, info.module, info.name, subclassing=True)]:
                        self.rests_on(other, "*", text)

    def statement_reads(self, stmt: ast.stmt) -> None:
        """diff: what a statement the model does not interpret decides rests on the module's
        globals it names (round 30: `case int() if n > LIM:` with `LIM` 4 -> 8 was "0 decisions
        changed", the new model taken for the old)."""
        frame = self.frame
        marker = f"<the statement at line {stmt.lineno} of {getattr(frame.fn, 'qualname', 'the function')}>"
        self.rest_on_globals(frame.module, stmt, marker, frame.locals)

    def havoc_region(self, stmt: ast.stmt, st: State, why: str, body_only: bool = False) -> State:
        """`st` after running some unknown part of `stmt`: its assigned locals, the heap (when it
        calls or writes anything) and the lists it may mutate are unknown."""
        out = st.copy()
        nodes = stmt.body if body_only and hasattr(stmt, "body") else [stmt]
        assigned: set[str] = set()
        effects = False
        for sub in nodes:
            for node in ast.walk(sub):
                if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                    assigned.add(node.id)
                elif isinstance(node, (ast.Call, ast.Attribute, ast.Subscript)) and (
                    isinstance(node, ast.Call) or isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del))
                ):
                    effects = True
                elif isinstance(node, ast.ExceptHandler) and node.name:
                    assigned.add(node.name)
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    assigned.add(node.name)
        line = stmt.lineno
        for name in sorted(assigned):
            if name in self.frame.globals_declared:
                effects = True
                continue
            out.env[name] = Term(f"<{name} after {why}>", line, "opaque")
        if effects:
            out.heap = out.heap.havoc("*", self.event_key(why), why, line)
            for oid in list(out.objects):
                out.objects[oid] = None
            self.havoc_mappings(out, why, line)
        return out


def _sequence_cases(value, limit: int = 32):
    """`(condition, list)` cases of a conditional value whose leaves are all known lists."""
    from ..model import Ite
    from .values import cases as exclusive_cases

    if not isinstance(value, Ite):
        return None
    cases = exclusive_cases(value)
    if len(cases) > limit or not all(isinstance(leaf, Seq) and len(leaf.items) <= MAX_UNROLL for _, leaf in cases):
        return None
    return cases


def _breaks(body: list[ast.stmt]) -> bool:
    """Whether a loop body has a `break` of its own (not one of a loop nested in it)."""
    return _jumps(body, ast.Break)


def _jumps(body: list[ast.stmt], jump: type) -> bool:
    """Whether statements have a `break` (`continue`) of the loop they are in (not one of a loop
    nested in them)."""
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, jump):
            return True
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            stack.extend(node.orelse)  # a `break` in a nested loop's `else` leaves this loop
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False


def _is_formula(value) -> bool:
    from ..model import And, Compare, Ite, Not, Or, Truth

    return isinstance(value, (And, Or, Not, Compare, Truth, Ite))


def _item(value: Value):
    from ..model import Item

    return Item(new_uid(), TRUE, value)


_ITERATORS = frozenset({"iter", "enumerate", "zip", "map", "filter", "reversed"})


def _iterator_kind(node: ast.expr) -> str | None:
    """"iterator" for what Python walks once (`iter(x)`, a generator expression, `enumerate`...),
    "view" for a dict's `keys()`, `values()`, `items()`; None for others."""
    if isinstance(node, ast.GeneratorExp):
        return "iterator"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _ITERATORS:
        return "iterator"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("keys", "values", "items") \
            and not node.args:
        return "view"
    return None


_LOOPING = (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
            ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


# builtins that walk an iterator handed to them once, there and then (`zip`, `map`, `enumerate` and
# `filter` make an iterator that walks it later: a name bound to theirs is one-shot in turn)
_CONSUMERS = frozenset({"next", "list", "tuple", "sorted", "any", "all", "min", "max", "sum", "set", "frozenset",
                        "dict", "enumerate", "zip", "map", "filter", "len"})


def _read_once(fn: ast.AST, name: str, binding: ast.stmt) -> bool:
    """Whether the function reads `name` at most once, and not inside a loop, comprehension or
    nested function that `binding` is not inside (a `for` over it reads it once, where its body
    does not), and walks it there: a `for` over it, or a builtin handed it (`_CONSUMERS`). Handed
    to other code, stored or returned, it may be walked any number of times (round 25: a helper
    that called `next(it)` twice was modelled as reading the first item twice)."""
    reads: list[tuple] = []
    binding_at: list[tuple] = []
    walked = [True]

    def walk(node: ast.AST, around: tuple) -> None:
        if node is binding:
            binding_at.append(around)
        for field, child in ast.iter_fields(node):
            inner = around
            if isinstance(node, _LOOPING) and not (isinstance(node, (ast.For, ast.AsyncFor)) and field == "iter"):
                inner = (*around, id(node))
            for sub in child if isinstance(child, list) else [child]:
                if isinstance(sub, ast.Name) and sub.id == name and isinstance(sub.ctx, ast.Load):
                    reads.append(inner)
                    walked[0] = walked[0] and _walks(node, field, sub)
                elif isinstance(sub, ast.AST):
                    walk(sub, inner)

    for stmt in fn.body:
        walk(stmt, ())
    return walked[0] and len(reads) <= 1 and all(r == (binding_at[0] if binding_at else ()) for r in reads)


def _walked_next(fn: ast.AST, name: str, binding: ast.stmt) -> bool:
    """Whether the iterator `binding` binds to `name` is walked by the statement right after it,
    before anything there may run code or rebind a name: in its head (a `return`'s value, an
    `if`'s test, a `for`'s iterable) whose calls are only builtins that walk it (`next(it)`,
    `len(list(g))`), and a `for` over it whose body calls nothing and rebinds no name it reads."""
    after = None
    for node in ast.walk(fn):
        for _, child in ast.iter_fields(node):
            if isinstance(child, list) and binding in child:
                at = child.index(binding)
                after = child[at + 1] if at + 1 < len(child) else None
    if after is None:
        return False
    if isinstance(after, (ast.Return, ast.Expr, ast.Assign, ast.AnnAssign)):
        head = after.value
    elif isinstance(after, (ast.If, ast.Assert)):
        head = after.test
    elif isinstance(after, ast.For):
        head = after.iter
        read = {n.id for n in ast.walk(binding.value) if isinstance(n, ast.Name)}
        for node in (n for stmt in [*after.body, *after.orelse] for n in ast.walk(stmt)):
            if isinstance(node, (ast.Call, ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom, ast.Delete, ast.Global,
                                 ast.Nonlocal, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                return False
            if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, ast.Store):
                return False
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in read:
                return False
    else:
        return False
    if head is None or not any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(head)):
        return False
    return not any(isinstance(n, (ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom, ast.Lambda))
                   or isinstance(n, ast.Call) and not (isinstance(n.func, ast.Name) and n.func.id in _CONSUMERS | {"iter"})
                   for n in ast.walk(head))


def _walks(parent: ast.AST, field: str, read: ast.Name) -> bool:
    """Whether `parent` walks the iterator `read` names where it reads it: a `for` (or a
    comprehension) over it, or a builtin consumer called with it (`next(it)`, `any(g)`)."""
    if isinstance(parent, (ast.For, ast.AsyncFor, ast.comprehension)) and field == "iter":
        return True
    return isinstance(parent, ast.Call) and field == "args" and isinstance(parent.func, ast.Name) \
        and parent.func.id in _CONSUMERS


_SUBJECT = "match_subject"  # (a local no Python name can clash with: `_desugared` numbers it by line)


def _desugared(stmt: ast.Match) -> tuple[list[ast.stmt], set[str]] | None:
    """The statements a `match` runs as (the subject evaluated once, each case's pattern tested
    in order, its captures bound, its guard tested, the first that holds run), and the local
    names they bind; None where a pattern is none of those `s_Match` models. Built once per node."""
    cached = getattr(stmt, "_desugared", False)
    if cached is not False:
        return cached
    line = stmt.lineno
    subject = f"{_SUBJECT}_{line}"
    flag = f"match_taken_{line}"
    names: set[str] = {subject}
    plain = True
    cases = []
    for case in stmt.cases:
        captures: list[str] = []
        test = _pattern_test(case.pattern, subject, captures)
        if test is None:
            stmt._desugared = None
            return None
        names.update(captures)
        plain = plain and not captures and case.guard is None
        cases.append((case, test, captures))
    at = {"lineno": line, "col_offset": stmt.col_offset}

    def located(node):
        for sub in ast.walk(node):
            if "lineno" in sub._attributes and not hasattr(sub, "lineno"):
                sub.lineno, sub.col_offset = node.lineno, node.col_offset
                sub.end_lineno, sub.end_col_offset = node.lineno, node.col_offset
        return node

    out: list[ast.stmt] = [located(ast.Assign(targets=[ast.Name(subject, ast.Store())], value=stmt.subject, **at))]
    if plain:  # an `if` / `elif` chain
        chain: list[ast.stmt] = []
        for case, test, _ in reversed(cases):
            where = {"lineno": case.pattern.lineno, "col_offset": case.pattern.col_offset}
            if isinstance(test, ast.Constant) and test.value is True:
                chain = list(case.body)
            else:
                chain = [located(ast.If(test=test, body=list(case.body), orelse=chain, **where))]
        out += chain
    else:  # a flag: a case whose guard fails leaves its captures bound and goes on to the next
        names.add(flag)
        out.append(located(ast.Assign(targets=[ast.Name(flag, ast.Store())], value=ast.Constant(False), **at)))
        for case, test, captures in cases:
            where = {"lineno": case.pattern.lineno, "col_offset": case.pattern.col_offset}
            taken = [located(ast.Assign(targets=[ast.Name(flag, ast.Store())], value=ast.Constant(True), **where)), *case.body]
            inner = [located(ast.If(test=case.guard, body=taken, orelse=[], **where))] if case.guard is not None else taken
            bound = [located(ast.Assign(targets=[ast.Name(n, ast.Store())], value=ast.Name(subject, ast.Load()), **where))
                     for n in captures]
            untaken = ast.UnaryOp(op=ast.Not(), operand=ast.Name(flag, ast.Load()))
            out.append(located(ast.If(test=ast.BoolOp(op=ast.And(), values=[untaken, test]), body=bound + inner, orelse=[], **where)))
    stmt._desugared = (out, names)
    return stmt._desugared


def _pattern_test(pattern: ast.pattern, subject: str, captures: list[str]) -> ast.expr | None:
    """The test a pattern makes of the subject (`==` a value, `is` a singleton, `or` of
    alternatives, True for a wildcard or a capture, whose name goes to `captures`); None for
    the others."""
    read = ast.Name(subject, ast.Load())
    if isinstance(pattern, ast.MatchValue):
        return ast.Compare(left=read, ops=[ast.Eq()], comparators=[pattern.value])
    if isinstance(pattern, ast.MatchSingleton):
        return ast.Compare(left=read, ops=[ast.Is()], comparators=[ast.Constant(pattern.value)])
    if isinstance(pattern, ast.MatchOr):
        inner: list[str] = []
        tests = [_pattern_test(p, subject, inner) for p in pattern.patterns]
        if inner or any(t is None for t in tests):
            return None  # (alternatives that bind names)
        return ast.BoolOp(op=ast.Or(), values=tests)
    if isinstance(pattern, ast.MatchAs):
        test = ast.Constant(True) if pattern.pattern is None else _pattern_test(pattern.pattern, subject, captures)
        if test is not None and pattern.name is not None:
            captures.append(pattern.name)
        return test
    return None


@dataclass
class _Catcher:
    """A `try` body running: its handlers, where it runs (frame, loops and `finally` blocks open,
    `try` depth), and for each handler the states of `raise`s it catches."""
    handlers: list
    frame: object
    loops: int
    finals: int
    depth: int
    raised: list = None

    def __post_init__(self) -> None:
        self.raised = [[] for _ in self.handlers]


def _exits(stmt: ast.stmt) -> bool:
    return any(isinstance(n, (ast.Return, ast.Raise, ast.Break, ast.Continue)) for n in ast.walk(stmt))


def _as_load(target: ast.expr) -> ast.expr:
    """An augmented assignment's target as the expression read before the write: a copy of it with
    every part a read (the parts `target_evaluated_once` holds are names no source spells)."""
    node = copy.deepcopy(target)
    for sub in ast.walk(node):
        if hasattr(sub, "ctx"):
            sub.ctx = ast.Load()
    return ast.copy_location(_relocate(node, target), target)


def _relocate(node: ast.AST, like: ast.AST) -> ast.AST:
    for sub in ast.walk(node):
        if hasattr(sub, "lineno"):
            sub.lineno, sub.col_offset = like.lineno, like.col_offset
            sub.end_lineno, sub.end_col_offset = getattr(like, "end_lineno", like.lineno), getattr(like, "end_col_offset", 0)
    return node


__all__ = ["StatementsMixin", "Loop", "target_names", "Note"]


def _returns_its_argument(node: ast.expr) -> bool:
    """`lambda f: f`: a decorator that gives back the function, running nothing."""
    if not isinstance(node, ast.Lambda):
        return False
    a = node.args
    return len(a.args) == 1 and not (a.posonlyargs or a.kwonlyargs or a.vararg or a.kwarg or a.defaults) \
        and isinstance(node.body, ast.Name) and node.body.id == a.args[0].arg


def _parts_with_effects(target: ast.expr) -> bool:
    """Whether an augmented assignment's target has an object or an item that runs code to compute."""
    if isinstance(target, ast.Attribute):
        return _has_effects(target.value)
    return isinstance(target, ast.Subscript) and (_has_effects(target.value) or _has_effects(target.slice))
