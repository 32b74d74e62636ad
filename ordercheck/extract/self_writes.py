"""Which attributes of `self` a method may write through the helpers it calls (`self._handle()`,
a base's method, `super().m()`, a function of its module handed `self`), and on which of its
lines: a decision variable `Qualname:self.x` is followed to its last possible write (`build`), and
a changed dispatcher whose helpers write `self` is compared at its end (`diff_files`; round 48,
SGLang #30952: a reorder of two helper calls was "0 decisions changed"). Syntax only: the model
runs the calls; this says which of them may write what."""

from __future__ import annotations

import ast

from ..model import dotted


def attribute_variable(node: ast.FunctionDef, variable: str) -> bool:
    """Whether a method's decision variable is an attribute of `self`: `self.x`, or a plain `x` the
    function never binds as a local (`Runner.forward:use_stream` of `self.use_stream = ...`)."""
    if variable.startswith("self."):
        return "." not in variable.removeprefix("self.")
    if "." in variable:
        return False
    local = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))}
    local |= {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
    return variable not in local


def self_writes(interp, cls, fn) -> dict[str, list[int]]:
    """For each attribute of `self` the method `fn` (of `cls`, or run with `self` a `cls`) may write
    through a helper the model may inline, the lines of `fn` whose calls may write it ("*": any
    attribute, `setattr(self, name, v)` of a computed name, `self.__dict__`, `vars(self)`). A
    helper is a method found on `cls`'s classes (`self.m()`, `super().m()`, `type(self).m(self)`),
    or a function of its module handed `self`; a helper's helpers are followed. The model runs
    the calls; this says only which of them may write what (round 48)."""
    memo: dict[tuple[int, str], frozenset[str]] = {}
    first = self_name(fn)
    out: dict[str, list[int]] = {}
    if first is None:
        return out
    for sub, callee, param in helper_calls(interp, cls, fn, first):
        for attr in _writes_through(interp, cls, callee, param, memo):
            out.setdefault(attr, []).append(sub.lineno)
    return out


def later_writes(interp, cls, fn, attr: str) -> list[int] | None:
    """The lines of the method `fn` whose code may write `self.attr` other than by the writes
    `self_writes` and `_assignment_lines` name: `self` handed on, aliased, iterated, subscripted
    or given to an operator (its class's dunder methods, an unmodeled call that may change what
    its arguments reach); a call of a method of `self` that is not found, or is a classmethod
    (`cls.X = v` is what `self.X` reads where the object has none of its own); `super()`; a read
    of a property or a call of a method whose code may write it. None: any line may (code nested
    in `fn` that reads `self`, which may run anywhere; a class whose attribute reads run code)."""
    first = self_name(fn)
    if first is None or interp.intercepts_reads(cls):
        return None
    bases = {id(n.value) for n in ast.walk(fn.node) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    called = {id(n.func) for n in ast.walk(fn.node) if isinstance(n, ast.Call)}
    memo: dict = {}
    out: list[int] = []
    for sub in ast.walk(fn.node):
        if sub is not fn.node and isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            if any(isinstance(n, ast.Name) and n.id in (first, "super") for n in ast.walk(sub)):
                return None
        elif isinstance(sub, ast.Name) and sub.id in (first, "super", "vars", "setattr", "delattr") and id(sub) not in bases:
            out.append(sub.lineno)
        elif isinstance(sub, ast.Attribute) and sub.attr == attr and not isinstance(sub.ctx, ast.Load):
            out.append(sub.lineno)  # (through another name for the object, or on its class: `C.X = v`)
        elif isinstance(sub, ast.Attribute) and not isinstance(sub.ctx, ast.Load) and isinstance(sub.value, ast.Name) \
                and sub.value.id == first and interp.find_method(cls, sub.attr) is not None:
            out.append(sub.lineno)  # (a property's setter runs: `self.mode = v`; round 50)
        elif isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == first \
                and sub.attr in ("__class__", "__dict__"):
            out.append(sub.lineno)
        elif isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == first \
                and isinstance(sub.ctx, ast.Load):
            found = interp.find_method(cls, sub.attr)
            if found is None:
                if id(sub) in called:
                    out.append(sub.lineno)
            elif found.kind == "classmethod":
                out.append(sub.lineno)
            elif found.kind in ("method", "property"):
                param = self_name(found)
                writes = _writes_through(interp, cls, found, param, memo) if param is not None else {"*"}
                if (attr in writes or "*" in writes) and found.kind == "method" and id(sub) not in called:
                    return None  # (a bound method taken, `f = self._off`: called on any later line; round 50)
                if attr in writes or "*" in writes:
                    out.append(sub.lineno)
            elif id(sub) in called:  # (a static method handed `self` is a `Name` above)
                continue
    return out


def self_name(fn) -> str | None:
    a = fn.node.args
    params = [*a.posonlyargs, *a.args]
    return params[0].arg if params and fn.kind in ("method", "property") else None


def helper_calls(interp, cls, fn, name: str):
    """(call, helper, the helper's name for the object) for each call in `fn`'s code (nested code
    included) of a helper handed the object `name` holds."""
    mro = interp.mro(cls) if cls is not None else []
    for sub in ast.walk(fn.node):
        if not isinstance(sub, ast.Call):
            continue
        func = sub.func
        if isinstance(func, ast.Attribute):
            base = func.value
            callees = []
            if isinstance(base, ast.Name) and base.id == name:  # `self.m(...)`
                found = interp.find_method(cls, func.attr) if cls is not None else None
                callees = [found] if found is not None else []
            elif isinstance(base, ast.Call) and dotted(base.func) == "super":  # (a class after the method's own)
                after = mro[mro.index(fn.cls) + 1:] if fn.cls in mro else mro[1:]
                callees = [c.methods[func.attr] for c in after if func.attr in c.methods]
            elif dotted(base) == f"{name}.__class__" or isinstance(base, ast.Call) and \
                    dotted(base.func) == "type" and len(base.args) == 1 and dotted(base.args[0]) == name:
                callees = [c.methods[func.attr] for c in mro if func.attr in c.methods]  # (any class on the way)
            for callee in callees:
                if callee.kind in ("method", "property"):
                    param = self_name(callee)
                    explicit = not (isinstance(base, ast.Name) and base.id == name) and not (
                        isinstance(base, ast.Call) and dotted(base.func) == "super")
                    if explicit:  # (`type(self).m(self)`: the object is an argument)
                        param = _param_of(callee, sub, name, bound=False)
                    if param is not None:
                        yield sub, callee, param
                elif callee.kind in ("function", "staticmethod", "classmethod"):
                    param = _param_of(callee, sub, name)
                    if param is not None:
                        yield sub, callee, param
        elif isinstance(func, ast.Name):
            callee = fn.module.functions.get(func.id)
            if callee is not None and callee.cls is None:
                param = _param_of(callee, sub, name)
                if param is not None:
                    yield sub, callee, param


def _param_of(callee, call: ast.Call, name: str, bound: bool = True) -> str | None:
    """The parameter of `callee` a call binds to the object `name` holds (positionally or by
    keyword), "*" where it goes through `*args`/`**kwargs`, None where the call does not pass it."""
    a = callee.node.args
    params = [p.arg for p in [*a.posonlyargs, *a.args]]
    if bound and callee.kind in ("method", "property", "classmethod") and params:
        params = params[1:]
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred) and any(dotted(n) == name for n in ast.walk(arg)):
            return "*"
        if dotted(arg) == name:
            return params[i] if i < len(params) else "*"
    for kw in call.keywords:
        if dotted(kw.value) == name:
            return kw.arg if kw.arg is not None else "*"
    return None


def _writes_through(interp, cls, fn, name: str, memo: dict) -> frozenset[str]:
    """The attributes the function `fn` may write on the object its local `name` holds, its
    helpers' included ("*": any)."""
    key = (id(fn.node), name)
    if key in memo:
        return memo[key]
    memo[key] = frozenset()  # (a recursive helper: what the rest of it writes)
    if name == "*":
        memo[key] = frozenset({"*"})
        return memo[key]
    found: set[str] = set()
    bases = {id(n.value) for n in ast.walk(fn.node) if isinstance(n, ast.Attribute)}
    handed = {id(a) for call, _callee, _param in helper_calls(interp, cls, fn, name)
              for a in [*call.args, *(k.value for k in call.keywords)]}
    handed |= {id(call.args[0]) for call in ast.walk(fn.node) if isinstance(call, ast.Call) and call.args
               and dotted(call.func) in ("setattr", "object.__setattr__", "delattr", "vars")}  # (writes named below)
    for sub in ast.walk(fn.node):
        if isinstance(sub, ast.Name) and sub.id == name and isinstance(sub.ctx, ast.Load) and id(sub) not in bases \
                and id(sub) not in handed:
            found.add("*")  # (the object handed on or aliased: `o = self`, `for o in (self,)`, `other.off(self)`; round 50)
        elif isinstance(sub, ast.Attribute) and isinstance(sub.ctx, (ast.Store, ast.Del)) and dotted(sub.value) == name:
            found.add(sub.attr)
            if cls is not None and interp.find_method(cls, sub.attr) is not None:
                found.add("*")  # (a property's setter, a descriptor: its code writes what it writes)
        elif isinstance(sub, ast.Attribute) and sub.attr in ("__setattr__", "__delattr__") and dotted(sub.value) == name:
            found.add("*")
        elif isinstance(sub, ast.Attribute) and sub.attr == "__dict__" and dotted(sub.value) == name:
            found.add("*")
        elif isinstance(sub, ast.Call) and dotted(sub.func) in ("setattr", "object.__setattr__", "delattr", "vars") \
                and sub.args and dotted(sub.args[0]) == name:
            arg = sub.args[1] if len(sub.args) > 1 and dotted(sub.func) != "vars" else None
            found.add(arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else "*")
    for _sub, callee, param in helper_calls(interp, cls, fn, name):
        found |= _writes_through(interp, cls, callee, param, memo)
    memo[key] = frozenset(found)
    return memo[key]

