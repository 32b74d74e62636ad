"""Expressions: names (scoped as Python scopes them), attributes and subscripts read through the
heap, `and`/`or` with their values, comparisons, conditional expressions, literals, sequences.
An operand that calls code runs only where Python would run it (short-circuit), so its effects
are conditional too."""

from __future__ import annotations

import ast
import re
import hashlib
import functools
import operator

from ..formula import alternatives, arms, compare, conj, disj, evaluate_compare, ite, neg, render, truth
from ..model import FALSE, TRUE, Formula, Item, Ite, ListLiteral, Lit, Named, Seq, SetLiteral, Term, Value, dotted, in_order, is_nan
from .index import gives_any, literal, is_literal
from .state import UNBOUND, State, merge
from .values import (
    _scalar,
    ClassRef,
    Closure,
    FunctionRef,
    IndexOf,
    Mapping,
    Ref,
    and_value,
    new_uid,
    or_value,
    held_class,
    same_class,
    held_function,
    seq_contains,
    seq_count,
    truth_of,
    unhashable,
)

_COMPARE_OPS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}
_ARITH = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod, ast.Pow: operator.pow, ast.Div: operator.truediv, ast.BitOr: operator.or_,
    ast.BitAnd: operator.and_, ast.BitXor: operator.xor, ast.LShift: operator.lshift, ast.RShift: operator.rshift,
}


OS_MODULE = "<os>"  # a name no code can write that reads as the `os` module (`getenv(k)` -> `<os>.getenv(k)`)


class ModuleRef:
    """An imported module used as a value: attributes resolve into the analysed tree when the
    module is part of it, else read as heap paths (`envs.X`)."""

    __slots__ = ("text", "name", "level", "origin")

    def __init__(self, text: str, name: str, level: int = 0, origin: str = "") -> None:
        self.text, self.name, self.level, self.origin = text, name, level, origin

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ModuleRef) and (self.text, self.name) == (other.text, other.name)

    def __hash__(self) -> int:
        return hash((self.text, self.name))

    def __repr__(self) -> str:  # as a call's text shows it: the name the code uses
        return self.text


MAX_ITEMS = 1024  # items a list or tuple the model holds may have: past it, its value is unknown
MAX_TEXT = 2000  # characters of a computed atom's text: past it, the value is unknown

_COMPUTING = (ast.BinOp, ast.UnaryOp, ast.Compare, ast.Call, ast.Subscript, ast.JoinedStr)  # (not `and`/`or`/`if`:
# their operands are evaluated where they run, each under its own condition)


class ExpressionsMixin:
    def expr(self, node: ast.expr, st: State) -> Value:
        method = getattr(self, "e_" + type(node).__name__, None)
        if method is None:
            return self.unknown(node, f"`{type(node).__name__}` expression")
        value = method(node, st)
        if isinstance(node, _COMPUTING):  # where Python may raise for some inputs
            self.computed_here(value, st, node.lineno)
        return value

    # ------------------------------------------------------------ values
    def load(self, value: Value, st: State, refs: bool = False) -> Value:
        """A value as formulas use it: lists read from the state, references as terms (`refs`:
        classes and functions a list holds stay what they are, for a loop over it)."""
        if isinstance(value, Ref):
            content = st.objects.get(value.oid)
            if content is None:
                return Term(f"<list {value.oid} changed by unmodeled code>", 0, "opaque")
            loading = self.__dict__.setdefault("loading_lists", set())
            if value.oid in loading:  # (`order.append(order)`: round 44, a RecursionError blamed on the input)
                return Term(f"<list {value.oid}, which holds itself>", 0, "opaque")
            loading.add(value.oid)
            try:
                return Seq(tuple(Item(i.uid, i.cond, self.load(i.value, st, refs)) for i in content.items), content.kind)
            finally:
                loading.discard(value.oid)
        if isinstance(value, Seq) and not refs and any(isinstance(i.value, (ClassRef, FunctionRef)) for i in value.items):
            return Seq(tuple(Item(i.uid, i.cond, self.load(i.value, st) if not isinstance(i.value, Ref) else i.value)
                             for i in value.items), value.kind)
        if refs and isinstance(value, (ClassRef, FunctionRef)):
            return value
        if isinstance(value, Ite) and _holds_refs(value):
            return ite(value.cond, self.load(value.then, st, refs), self.load(value.other, st, refs))
        if isinstance(value, Named) and _holds_refs(value.body):
            return self.load(value.body, st, refs)
        if isinstance(value, Mapping) and _holds_refs(value):
            return Mapping(tuple((k, self.load(v, st, refs)) for k, v in value.entries))
        if isinstance(value, (ClassRef, FunctionRef)):
            # the class (function) stays at hand: an attribute read or a call through the term
            # (`self.k = A` then `self.k.NAME`, `{"a": A}["a"].ok()`) is the class's own
            return Term(value.text, 0, "name", prior=value)
        if isinstance(value, ModuleRef):
            return Term(value.text, 0, "name")
        if isinstance(value, Closure):
            # held by a list, a dict, another name: a call through it runs it where the model
            # knows it is that function (`prior`), and any call it does not follow may (round 44)
            self.escaped_closure(value)
            return Term(f"<function {value.node.name}>", value.node.lineno, "opaque", prior=value)
        if isinstance(value, IndexOf):
            return Term("<an index into a list>", 0, "opaque")
        return value

    snapshot = load

    def truth(self, value: Value, st: State) -> Formula:
        return truth_of(self.object_truths(self.load(value, st)))

    def object_truths(self, value: Value) -> Value:
        """`value` for its truth, with each object the function made of a plain class of the tree
        true, as Python's default is, or where a class on the way decides (`__bool__`,
        `__len__`) a value no input gives (round 16: `Reasons()`, whose `__len__` is 0, was an
        input, and a violation said `Reasons()=true`)."""
        def one(arm: Value) -> Value:
            prior = getattr(arm, "prior", None)
            if isinstance(prior, FunctionRef) and isinstance(arm, Term) and not arm.version:
                return Lit(True)  # a function object (a property read on its class too: round 21)
            if isinstance(prior, ClassRef) and isinstance(arm, Term) and not arm.version:
                # a class object: its metaclass `type` defines no truth, and an enum's (`EnumType`)
                # is always true; another metaclass decides (round 25: `if Kind:` was an input)
                if any(k.arg == "metaclass" and (dotted(k.value) or "").rsplit(".", 1)[-1] not in _TRUE_METACLASSES
                       for c in self.mro(prior.info) for k in c.node.keywords):
                    return Term(f"<the truth of {arm.text}, which its metaclass decides>", arm.line, "opaque")
                return Lit(True)
            cls = self.made_class(arm)
            if cls is None:
                return arm
            if self.gives_dunder(cls, ("__bool__", "__len__")):
                return Term(f"<the truth of {arm.text}, which its class decides>", arm.line, "opaque", arm.version)  # type: ignore[union-attr]
            return Lit(True)

        if isinstance(value, (Ite, Named)):
            return self._on_each(value, one) if any(self.made_class(arm) is not None or getattr(arm, "prior", None) is not None
                                                    for arm in arms(value)) else value
        return one(value)

    def returned(self, node: ast.expr, st: State) -> Value:
        """The outcome a `return` selects: the first element of a tuple, and an enum member where
        the code returns `X.value`, `X.name`, `X.method()` or `str(X)` of it."""
        if isinstance(node, ast.Tuple) and node.elts and not any(isinstance(e, ast.Starred) for e in node.elts):
            value = self.expr(node.elts[0], st)
            for el in node.elts[1:]:
                self.expr(el, st)
            return value
        if isinstance(node, ast.Call):  # a helper whose value is the outcome: its returns are outcomes too
            saved, self.outcome_call = self.outcome_call, node
            try:
                return self.expr(node, st)
            finally:
                self.outcome_call = saved
        inner = _member_wrapper(node)
        if inner is not None and isinstance(node, ast.Attribute):
            base = self.expr(inner, st)  # once: `return pick().value` calls `pick` once
            if _all_members(base):
                self.member_rests(base, node)
                return base
            return self.attribute(base, node.attr, node, st)
        if inner is not None and not _has_effects(inner):  # read twice, changing nothing
            base = self.expr(inner, st)
            if _all_members(base):
                self.expr(node, st)  # the call still runs
                self.member_rests(base, node)
                return base
        return self.expr(node, st)

    def member_rests(self, value: Value, node: ast.expr) -> None:
        """diff: a member returned as `X.value` or `X.method()` is that value: the outcome rests
        on the member's definition, or the method's (round 24: `FLASH = "flash"` made `"fa2"`, and
        `return Backend.FLASH.value` was "0 decisions changed")."""
        if isinstance(node, ast.Attribute) and node.attr == "value":
            part = None
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            part = node.func.attr
        else:
            return
        for leaf in arms(value):
            info = self.member_enum(leaf) if isinstance(leaf, Term) else None
            if info is None:
                continue
            for owner in self.mro(info):
                attr = part or leaf.text.rpartition(".")[2]
                if part is None or attr in owner.methods:
                    self.rests_on(owner.module, f"{owner.qualname}.{attr}", leaf.text)

    # ------------------------------------------------------------ leaves
    def e_Constant(self, node: ast.Constant, st: State) -> Value:
        return Lit(node.value)

    def e_Name(self, node: ast.Name, st: State) -> Value:
        from .builtins import STDLIB_CONSTANTS, stdlib_name

        if node.id in self.frame.module.imports and stdlib_name(node.id, self.frame.module, self.frame.locals) in STDLIB_CONSTANTS:
            # `nan` of `from math import nan`: the standard library's constant (round 35)
            return Lit(STDLIB_CONSTANTS[stdlib_name(node.id, self.frame.module, self.frame.locals)])
        return self.lookup(node.id, node, st)

    def e_Tuple(self, node: ast.Tuple, st: State) -> Value:
        value = literal(node)
        if is_literal(value) and not any(isinstance(el, (ast.List, ast.Set)) for el in node.elts):
            return Lit(value)  # a list in it is an object of its own, not a tuple of its items
        return self.sequence(node, st, "tuple")

    def e_List(self, node: ast.List, st: State) -> Value:
        content = self.sequence(node, st, "list")
        return self.new_list(content, st)

    def new_list(self, content: Value, st: State) -> Value:
        """A list object holding `content` (one object per case of a conditional content)."""
        if isinstance(content, Ite) and isinstance(content.then, (Seq, Ite)) and isinstance(content.other, (Seq, Ite)):
            return ite(content.cond, self.new_list(content.then, st), self.new_list(content.other, st))
        if not isinstance(content, Seq):
            return content
        oid = new_uid()
        st.objects[oid] = content
        return Ref(oid)

    def e_Set(self, node: ast.Set, st: State) -> Value:
        if any(_unhashable_display(el) for el in node.elts):
            return self.refused_display(node, node.elts, st)
        value = literal(node)
        if is_literal(value):
            return Lit(value)  # (a `SetLiteral`: equal items are one item, `{1, True}` is `{1}`)
        seq = self.sequence(node, st, "tuple")
        refused = disj(*(i.cond for i in seq.items if unhashable(self.load(i.value, st)))) if isinstance(seq, Seq) else FALSE
        if refused != FALSE:  # (`{ORDER}` of a list or set constant: Python hashes each item; review of round 35)
            self.raise_if(refused, st, "TypeError", node)
            if st.dead:
                return Lit(None)
        if isinstance(seq, Seq) and _distinct_constants(seq, self.as_data):
            return seq  # distinct constants: the set has each once
        # items that may be equal (`{a, b}`): how many it holds is not known (exploratory fuzz:
        # `len({a, b}) == 2` was always true); `x in {a, b}` is compared item by item (e_Compare)
        return self.unknown(node, "a set of values that may be equal")

    def sequence(self, node: ast.Tuple | ast.List | ast.Set, st: State, kind: str, starred: dict | None = None) -> Value:
        items: list[Item] = []
        for position, el in enumerate(node.elts):
            if isinstance(el, ast.Starred):
                inner = starred[id(el)] if starred and id(el) in starred else self.load(self.expr(el.value, st), st)
                if isinstance(inner, Ite):
                    from .values import cases as exclusive

                    split = exclusive(inner)
                    if len(split) <= 16 and all(isinstance(leaf, (Seq, Lit)) for _, leaf in split):
                        # `[*a, x]` where `a` is one list or another: the sequence for each
                        value: Value | None = None
                        for cond, leaf in reversed(split):
                            one = self.sequence(node, st, kind, {**(starred or {}), id(el): leaf})
                            value = one if value is None else ite(cond, one, value)
                        return value  # type: ignore[return-value]
                if isinstance(inner, Seq):
                    items.extend(Item(new_uid(), i.cond, i.value) for i in inner.items)
                    continue
                if isinstance(inner, Lit) and isinstance(inner.value, tuple) and (in_order(inner.value) or kind == "set"):
                    items.extend(Item(new_uid(), TRUE, Lit(v)) for v in inner.value)
                    continue
                for rest in node.elts[position + 1:]:  # (evaluated all the same: `(*xs, turn_on())`; round 35)
                    self.expr(rest.value if isinstance(rest, ast.Starred) else rest, st)
                if isinstance(inner, Lit) and isinstance(inner.value, tuple):  # (`[*{"a", "b"}]`: round 35)
                    return self.unknown(node, "a sequence of a set's items, in the order Python walks the set")
                return self.unknown(node, "a sequence built from an unknown iterable")
            value = self.expr(el, st)
            # a list keeps the objects it holds: a class stays one (`for c in (A, B): c.ok()`)
            items.append(Item(new_uid(), TRUE, value if isinstance(value, (ClassRef, FunctionRef)) or _holds_list(value) else self.load(value, st)))
        if len(items) > MAX_ITEMS:  # (`[*L, *L]` in a loop)
            return self.unknown(node, "a display of more items than the model holds")
        return Seq(tuple(items), kind)  # type: ignore[arg-type]

    def _member_key(self, node: ast.expr, st: State) -> object:
        """A key that is a member of a plain enum (`Backend.TRTLLM`), as its member atom: equal to
        itself and to no other key (round 12); None for any other key the model does not hold."""
        from ..formula import MEMBER_EQUALS, PLAIN_MEMBER

        if not isinstance(node, ast.Attribute):
            return None
        value = self.expr(node, st)
        return value if isinstance(value, Term) and value.kind == "member" and MEMBER_EQUALS.get(value.text) is PLAIN_MEMBER else None

    def refused_display(self, node: ast.Set | ast.Dict, parts: list, st: State) -> Value:
        """A set display with an item (a dict display with a key) Python cannot hash, `{["a"]: 1}`:
        its parts evaluated in order, then TypeError (round 27: `literal` reads a list display as
        a tuple, and the dict was built)."""
        for part in parts:
            if part is not None:
                self.expr(part.value if isinstance(part, ast.Starred) else part, st)
            if st.dead:
                return Lit(None)
        self.raise_if(TRUE, st, "TypeError", node)
        return Lit(None)

    def e_Dict(self, node: ast.Dict, st: State) -> Value:
        if any(k is not None and _unhashable_display(k) for k in node.keys):
            return self.refused_display(node, [p for pair in zip(node.keys, node.values) for p in pair], st)
        keys = [literal(k) if k is not None else None for k in node.keys]
        if any(k is not None and not is_literal(key) for k, key in zip(node.keys, keys)):
            keys = [key if k is None or is_literal(key) else self._member_key(k, st) for k, key in zip(node.keys, keys)]
        values = [self.expr(v, st) for v in node.values]
        values = [v if _holds_list(v) else self.load(v, st) for v in values]  # a list value stays its object
        if any(k is None for k in keys) and all(k is not None or isinstance(v, Mapping) for k, v in zip(keys, values)):
            # `{"a": 1, **EXTRA}` of a dict the model holds: its entries there, in order (round 47: an input)
            pairs = [p for k, v in zip(keys, values) for p in (v.entries if k is None else ((k, v),))]
            keys, values = [k for k, _v in pairs], [v for _k, v in pairs]
        if all(k is not None and (is_literal(k) or isinstance(k, Term)) for k in keys):
            # as Python builds it: a key equal to an earlier one (`"a"` twice, `1` and `True`, `0`
            # and `0.0`) keeps the earlier key and takes the later value (exploratory fuzz round 4:
            # `{1: "X", True: "Y"}` was two entries)
            try:
                return Mapping(tuple(dict(zip(keys, values)).items()))
            except TypeError:  # a key Python cannot hash: it raises there
                pass
        self.unrun_effects([k for k in node.keys if k is not None and not is_literal(literal(k))], st)
        return self.unknown(node, "a dict whose keys are not literals")

    def e_JoinedStr(self, node: ast.JoinedStr, st: State) -> Value:
        """An f-string: its text where every part is a literal (or a member whose text every
        Python gives), else an atom over the inputs its parts read, as text (`f'{cfg.mode}'` of
        `m = cfg.mode; f"{m}"`: round 23 kept `f'{m}'`, a local's name, as a free input), opaque
        where a part is a value the model does not name."""
        values = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                values.append(self.load(self.expr(part.value, st), st))
                static = part.format_spec is None or all(isinstance(v, ast.Constant) for v in part.format_spec.values)  # type: ignore[attr-defined]
                if not static:
                    self.expr(part.format_spec, st)  # (`f"{x:{width()}}"`: its calls run; round 35)
                # an object of a class of the tree: its `__format__` / `__str__` / `__repr__` runs (round 49)
                how = {ord("r"): "repr", ord("a"): "repr", ord("s"): "str"}.get(part.conversion, "format")
                spec = "" if part.format_spec is None else "".join(v.value for v in part.format_spec.values) if static else None  # type: ignore[attr-defined]
                self.formats(values[-1], how, part, st, spec=spec)
                if st.dead:
                    return Lit(None)
        if len(values) == 1 and isinstance(values[0], (Ite, Named)):
            return self._on_each(values[0], lambda leaf: self.joined(node, [leaf]))
        value = self.joined(node, values)
        if isinstance(value, Term) and not value.is_opaque and any(isinstance(p, ast.Constant) and p.value for p in node.values):
            self.known_str(value)  # (joined with a literal part: a new `str`, whatever the values' classes)
        return value

    def joined(self, node: ast.JoinedStr, values: list[Value]) -> Value:
        parts: list[ast.expr] = []
        pending = iter(values)
        for part in node.values:
            if not isinstance(part, ast.FormattedValue):
                parts.append(part)
                continue
            value = next(pending)
            spec = part.format_spec
            static = spec is None or all(isinstance(v, ast.Constant) for v in spec.values)  # type: ignore[attr-defined]
            if isinstance(value, Lit) and isinstance(value.value, (str, int, float, bool, type(None))) and static:
                spec_text = "" if spec is None else "".join(v.value for v in spec.values)  # type: ignore[attr-defined]
                shown = {ord("r"): repr, ord("a"): ascii, ord("s"): str}.get(part.conversion, lambda v: v)(value.value)
                try:
                    parts.append(ast.Constant(format(shown, spec_text)))
                except (ValueError, TypeError):
                    return self.unknown(node, "an f-string that raises")
                continue
            if isinstance(value, Term) and value.kind == "member" and spec is None:
                how = {ord("r"): "repr", ord("s"): "str"}.get(part.conversion, "format" if part.conversion == -1 else "")
                text = self.member_text(value, how) if how else None
                if text is None:
                    return Term(f"<{ast.unparse(node)}>", node.lineno, "opaque")
                parts.append(ast.Constant(text))
                continue
            if isinstance(value, Term) and not value.is_opaque and not value.version and value.kind != "member":
                try:
                    read = ast.parse(value.text, mode="eval").body
                except SyntaxError:
                    return Term(f"<{ast.unparse(node)}>", node.lineno, "opaque")
                parts.append(ast.FormattedValue(read, part.conversion, spec))
                continue
            return Term(f"<{ast.unparse(node)}>", node.lineno, "opaque")
        if all(isinstance(p, ast.Constant) for p in parts):
            return Lit("".join(str(p.value) for p in parts))
        return Term(ast.unparse(ast.JoinedStr(parts)), node.lineno, "expr")

    def e_Lambda(self, node, st):
        self.note(node.lineno, "lambda", "`lambda` not modeled: calling it is unmodeled code")
        for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]:
            self.expr(default, st)  # (evaluated where the lambda is made, with their effects: round 35)
        # the lists its body names escape: a call of it (unmodeled code) may change them (round 9:
        # `g = lambda: y.__setitem__(0, True); g()` left `y[0]` False)
        from .calls import _refs_in

        for sub in ast.walk(node.body):
            if isinstance(sub, ast.Name) and sub.id in st.env:
                st.escaped = st.escaped | {ref.oid for ref in _refs_in(st.env[sub.id])}
        text = f"<lambda at line {node.lineno}>"
        # (its code, for a call that is handed it: `handed_code_writes`)
        self.__dict__.setdefault("lambda_nodes", {}).setdefault(text, []).append(node)
        return Term(text, node.lineno, "opaque")

    def e_Starred(self, node, st):
        return self.unknown(node, "a starred expression")

    def e_Slice(self, node, st):
        parts = [p for p in (node.lower, node.upper, node.step) if p is not None]
        if any(isinstance(n, (ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)) or isinstance(n, ast.Call) and not self.index_call(n)
               for p in parts for n in ast.walk(p)):
            # a bound computed by code (`s[turn_on():]`): it runs, and what it gives the model does not
            # keep as text (round 35: the call's effects were dropped)
            for p in parts:
                self.expr(p, st)
            return self.unknown(node, "a slice bound computed by a call")
        return Term(ast.unparse(node), node.lineno, "expr")

    def typed_stdlib(self, value: Term) -> type | None:
        """The type of a value of the standard library a read names (`sys.platform`: str), or None."""
        from .builtins import stdlib_name

        return _TYPED_STDLIB.get(stdlib_name(value.text, self.frame.module, self.frame.locals) or "")

    def index_call(self, node: ast.Call) -> bool:
        """A call a slice bound may keep as text (`len("attn:")`, `s.find(":")`): Python's own, of
        no effect, computed from the facts (`computed.py`)."""
        func = node.func
        if isinstance(func, ast.Name):
            return func.id in _INDEX_BUILTINS and func.id not in self.frame.locals and func.id not in self.frame.module.globals
        return isinstance(func, ast.Attribute) and func.attr in _INDEX_METHODS

    def e_Await(self, node, st):
        self.expr(node.value, st)
        self.unknown_call_effects(st, "await", node.lineno)
        return self.unknown(node, "`await`")

    def e_Yield(self, node, st):
        if node.value is not None:
            self.expr(node.value, st)
        self.unknown_call_effects(st, "yield", node.lineno)
        return self.unknown(node, "`yield`")

    e_YieldFrom = e_Yield

    def e_NamedExpr(self, node: ast.NamedExpr, st: State) -> Value:
        value = self.expr(node.value, st)
        self.bind_name(node.target.id, value, st, node)
        return value

    def e_Attribute(self, node: ast.Attribute, st: State) -> Value:
        from .builtins import STDLIB_CONSTANTS, stdlib_name

        text = dotted(node)
        if text is not None and stdlib_name(text, self.frame.module, self.frame.locals) in STDLIB_CONSTANTS:
            # `string.ascii_lowercase`: the standard library's constant, no input (round 31)
            return Lit(STDLIB_CONSTANTS[stdlib_name(text, self.frame.module, self.frame.locals)])
        base = self.expr(node.value, st)
        if self.refused_attribute(self.load(base, st), node.attr, node, st):
            return Lit(None)
        if not (node.attr.startswith("__") and node.attr.endswith("__")):  # (None has those)
            self.refused_none(node.value, base, "AttributeError", node, st)
        return self.attribute(base, node.attr, node, st)

    def refused_none(self, node: ast.expr, value: Value, error: str, at: ast.AST, st: State) -> None:
        """`x.attr`, `x[k]` of an input the function also compares with None: where x is None,
        Python raises `error` there (round 35: `cfg.quant.method` then `if cfg.quant is None` gave
        a counterexample `quant=None`, which raises before that branch). Of an input the function
        never compares with None, the design's assumption stands: it is a value the code accepts."""
        fn = self.frame.fn
        if fn is None or st.dead:
            return
        checked = self.none_checked.get(id(fn.node))
        if checked is None:
            checked = self.none_checked[id(fn.node)] = _compared_with_none(fn.node)
        if not checked or dotted(node) not in checked:
            return
        held = self.load(value, st)
        if isinstance(held, Term) and not held.is_opaque and held.kind in ("name", "attr", "subscript"):
            self.raise_if(compare(held, "is", Lit(None)), st, error, at)

    def refused_attribute(self, held: Value, attr: str, node: ast.AST, st: State) -> bool:
        """Whether reading `attr` of a literal the model holds surely raises AttributeError
        (`"a".nope`, `None.x`): then a raise branch, and True (round 27: the read's value was an
        atom, and an unread one never raised). A tuple may be a module's list the model keeps as
        one: only what neither has; a number may be an `IntFlag`'s member (`Feat(0)`): not said."""
        if st.dead or not isinstance(held, Lit) or isinstance(held.value, SetLiteral):
            return False
        value = held.value
        if type(value) not in (str, type(None), tuple) or hasattr(value, attr) \
                or (isinstance(value, tuple) and hasattr(list, attr)):
            return False
        self.raise_if(TRUE, st, "AttributeError", node)
        return True

    def e_Subscript(self, node: ast.Subscript, st: State) -> Value:
        base = self.expr(node.value, st)
        index = self.expr(node.slice, st)
        self.refused_none(node.value, base, "TypeError", node, st)  # (`x[0]` of None)
        value = self.made_key_lookup(base, index, node, st)
        if value is None:
            value = self.subscript(base, index, node, st)
        if not self.dead(st):
            self.missing_key(base, index, node, st)
        return value

    def made_key_lookup(self, base: Value, index: Value, node: ast.AST, st: State) -> Value | None:
        """`d[K()]` of a dict the function holds, keyed by an object it made: matched as `==`
        matches it (`key_match`); KeyError where no key does. None for other subscripts."""
        from .lists import lookup_key

        while isinstance(base, Named):
            base = base.body
        key = self.as_data(self.load(index, st))
        match = self.key_match(key, node) if isinstance(base, Mapping) else None
        if match is None:
            return None
        value, missing = lookup_key(base, key, None, match)
        self.raise_if(missing, st, "KeyError", node)
        return value

    def missing_key(self, base: Value, index: Value, node: ast.AST, st: State) -> None:
        """`m[k]` of an input mapping where the code tested `k in m`: where that is false, a `dict`
        raises KeyError, a `defaultdict` or a mapping with `__missing__` gives a value; the model
        does not know which `m` is, so the raise holds where an opaque atom says so (round 31: a
        clean proof of 'DEFAULT' past `cfg["backend"]` where `"backend" in cfg` was false). Where
        the code never tested the key, the design's assumption stands: the input holds it."""
        while isinstance(base, Named):
            base = base.body
        index = self.load(index, st)
        if not isinstance(base, Term) or base.is_opaque or base.kind not in ("name", "attr", "subscript") \
                or self.is_os_environ(base) or not (isinstance(index, Term) or isinstance(index, Lit) and isinstance(index.value, str)):
            return
        present = self.memberships.get((self.mapping_key(base), base.version, _key_text(index)))
        if present is None:
            return
        line = getattr(node, "lineno", 0)
        raises = self.opaque_atom(f"<{base.text} raises KeyError for a key it lacks (a dict, no defaultdict)>", line)
        self.raise_if(conj(neg(present), raises), st, "KeyError", node)

    # ------------------------------------------------------------ operators
    def e_BoolOp(self, node: ast.BoolOp, st: State) -> Value:
        value = self.expr(node.values[0], st)
        # (`plain`: no arm so far is a list or an object whose truth is not its own: each operand is
        # then looked at alone, not the whole value again; round 43, 5,000 operands took a minute)
        plain = self.plain_truth(value, st)
        for operand in node.values[1:]:
            t = truth_of(self.load(value, st)) if plain else self.truth(value, st)
            runs = t if isinstance(node.op, ast.And) else neg(t)
            right = self.conditionally(operand, runs, st, objects=True)
            if plain and self.plain_truth(right, st):
                loaded = self.load(value, st)
                value = and_value(loaded, right) if isinstance(node.op, ast.And) else or_value(loaded, right)
                continue
            plain = False
            loaded = self.load(value, st)
            truths = self.object_truths(loaded)
            if _holds_list(value) or _holds_list(right) or truths is not loaded:
                # a list object, not a copy of what it holds now; an object whose truth is not its own atom
                t = truth_of(truths)
                value = ite(t, right, value) if isinstance(node.op, ast.And) else ite(t, value, right)
            else:
                value = and_value(loaded, right) if isinstance(node.op, ast.And) else or_value(loaded, right)
        return value

    def plain_truth(self, value: Value, st: State) -> bool:
        """Whether no arm of `value` is a list object or an object whose truth is not its own atom."""
        loaded = self.load(value, st)
        return not _holds_list(value) and self.object_truths(loaded) is loaded

    def conditionally(self, node: ast.expr, cond: Formula, st: State, objects: bool = False) -> Value:
        """Evaluate `node` where `cond` holds (Python would not evaluate it elsewhere): its
        effects and exits happen only there. With `objects`, a list stays the object it is (the
        value of `a if c else b`, `a or b`: a later `.append` changes it), not what it holds now."""
        if cond == FALSE:
            return Lit(None)  # never evaluated; the value is not used
        if cond == TRUE:
            value = self.expr(node, st)
            return value if objects and _holds_list(value) else self.load(value, st)
        sub = st.fork(cond)
        value = self.expr(node, sub)
        if not (objects and _holds_list(value)):
            value = self.load(value, sub)
        joined = merge(cond, sub, st.copy(), st.guard, st.path)
        if joined is None:
            st.dead = True
        else:
            st.env, st.heap, st.objects, st.escaped = joined.env, joined.heap, joined.objects, joined.escaped
        return value

    def e_UnaryOp(self, node: ast.UnaryOp, st: State) -> Value:
        operand = self.load(self.expr(node.operand, st), st)
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.as_data(operand)  # `-Lvl.MID` is -1
        elif isinstance(node.op, ast.Invert) and isinstance(operand, Term) and operand.kind == "member":
            return self.unknown(node, "the complement of an enum member")  # (of a flag: within its bits, no int's `~`)
        if isinstance(node.op, ast.Not):
            return neg(truth_of(self.object_truths(operand)))
        if isinstance(operand, Lit) and isinstance(operand.value, (int, float)) and not isinstance(operand.value, bool):
            if isinstance(node.op, ast.USub):
                return Lit(-operand.value)
            if isinstance(node.op, ast.UAdd):
                return operand
        if isinstance(operand, Term) and operand.kind == "member":
            # a member that is no number (`-S.A` of a plain Enum): TypeError, unless its enum defines the
            # operator (round 36: a free atom)
            return self.unknown(node, "an operator on an enum member")
        if not isinstance(operand, (Term, Lit)):
            # a condition's or a branch's value (`-(n > 1)`, `-(s or 1)`): its rendering is no
            # expression Python would read back as this one (round 36: `-(s or 1)` was `-s if s else 1`)
            return self.unknown(node, "an operator on a condition's value")
        # (round 36: `-(-n // 4)` was `--n // 4`, another expression, read back as one)
        return Term(f"{_UNARY.get(type(node.op), '?')}{_paren(operand)}", node.lineno, "expr")

    def e_BinOp(self, node: ast.BinOp, st: State) -> Value:
        left = self.expr(node.left, st)
        right = self.expr(node.right, st)
        return self.binop(node.op, left, right, node, st)

    def binop(self, op: ast.operator, left: Value, right: Value, node: ast.AST, st: State) -> Value:
        left, right = self.load(left, st), self.load(right, st)
        if isinstance(op, ast.Mod) and isinstance(left, Lit) and isinstance(left.value, str):
            self.percent_formats(left.value, right, node, st)  # (round 49: `"%s" % (self,)` runs `__str__`)
            if st.dead:
                return Lit(None)
        operands = (right, *(i.value for i in right.items)) if isinstance(right, Seq) else (right,)
        if isinstance(op, ast.Mod) and isinstance(left, Lit) and isinstance(left.value, str) and any(
                isinstance(leaf, Term) and leaf.kind == "member" for operand in operands for leaf in arms(operand)):
            # `"%s" % Backend.FLASH` is `str()` of the member ("Backend.FLASH" of a `str` mixin, not its
            # value; round 25), its enum's `__str__`, which Python versions differ on
            return self.unknown(node, "`%` formatting of an enum member")
        flag = next((v for v in (left, right) if self.flag_member(v)), None)
        left, right = self.as_data(left), self.as_data(right)
        if flag is not None and isinstance(op, (ast.BitOr, ast.BitAnd, ast.BitXor)) and all(
                isinstance(v, Lit) and type(v.value) is int for v in (left, right)):
            # `F.A | F.B`, `F.A & 2` of an IntFlag: a member of it (round 33: the int 3)
            bits = _constant_arith(op, left.value, right.value)  # type: ignore[union-attr]
            return self.flag_of(ClassRef(self.member_enum(flag), flag.text.rpartition(".")[0]), bits, node, st)
        if isinstance(left, Lit) and isinstance(right, Lit) and type(op) in _ARITH:
            try:
                return Lit(_constant_arith(op, left.value, right.value))
            except Exception as exc:
                if _scalar(left.value) and _scalar(right.value) and not isinstance(exc, (RecursionError, _Refused)):
                    # `6 // 0`, `"a" + 1`: Python raises whatever the inputs (round 11: no guard read
                    # the value, and the branch after it was clean)
                    self.raise_if(TRUE, st, type(exc).__name__, node)
                    return Lit(None)
                # constants the model holds as other types (a set display is a tuple: `S | {"y"}`),
                # or an operation it does not compute: as text it would be an atom free to take any
                # value, though it reads no input (exploratory fuzz)
                return self.unknown(node, "an operation on constants")
        if isinstance(op, ast.Add) and not st.dead:
            kinds = {_sequence_kind(left), _sequence_kind(right)}
            if kinds == {"list", "tuple"}:  # (`["a"] + ("b",)`: TypeError; round 27: an unread one never raised)
                self.raise_if(TRUE, st, "TypeError", node)
                return Lit(None)
            if kinds == {"list", "literal tuple"}:  # (a module's list the model keeps as a tuple: on an atom)
                line = getattr(node, "lineno", 0)
                self.raise_if(truth(Term(f"<the `+` at line {line} of a list and a tuple, or of a list held as one>", line, "opaque")),
                              st, "TypeError", node)
        if isinstance(op, ast.Add):
            joined = self.concat(left, right, st)
            if joined is not None:
                return joined
        if isinstance(op, ast.Mult) and (isinstance(left, Seq) or isinstance(right, Seq)):
            return self.repeat(left, right, node, st)
        left, right = _unnamed(left), _unnamed(right)  # (a local's name is no text a value is computed from)
        if isinstance(left, Ite) or isinstance(right, Ite):
            return self.unknown(node, "arithmetic on a value that depends on a branch")
        if isinstance(left, Mapping) and isinstance(right, Mapping) and isinstance(op, ast.BitOr):
            merged = dict(left.entries)  # `{"x": 1} | {"w": 0}`: the keys of both, the right's values
            merged.update(right.entries)
            return Mapping(tuple(merged.items()))
        if isinstance(op, ast.Mod) and isinstance(left, Lit) and isinstance(left.value, str) and isinstance(right, Mapping) \
                and all(isinstance(v, Lit) and _scalar(v.value) for _, v in right.entries) \
                and not re.search(r"%[^a-zA-Z%]*\d{4}", left.value):  # (no width Python would spend long on)
            # `"%(b)s" % {"b": "flash"}`: Python's text (round 39: an atom free to be "other than flash")
            try:
                return Lit(left.value % {k: v.value for k, v in right.entries})  # type: ignore[union-attr]
            except (KeyError, TypeError, ValueError) as exc:  # (a key it lacks, a bad conversion: raised as it runs)
                self.raise_if(TRUE, st, type(exc).__name__, node)
                return Lit(None)
        if isinstance(op, ast.Mod) and isinstance(left, Lit) and isinstance(left.value, str) and (
                isinstance(right, Mapping) and all(_constant_leaf(v) for _, v in right.entries)
                or isinstance(right, Seq) and all(_constant_leaf(i.value) for i in right.items)
                or isinstance(right, Lit) and isinstance(right.value, (tuple, SetLiteral, ListLiteral))):
            # formatting of constants the model does not compute (a member's `str`, a tuple's repr):
            # no input chooses it (round 42: an atom of its text, free)
            return self.unknown(node, "`%` formatting of constants the model does not compute")
        symbol = _BINARY.get(type(op), "?")
        if any(isinstance(v, (Mapping, Seq)) for v in (left, right)):
            from .calls import _short_text

            # (shown as the display it is: `"%(m)s" % {'m': mode}` is computed from `mode`)
            text = f"{_short_text(left)} {symbol} {_short_text(right)}"
        elif not all(isinstance(v, (Term, Lit)) for v in (left, right)):
            # a condition's value (`(n > 1) + 1`): its rendering is no expression Python would
            # read back as this one, and the atom would be free of what it is computed from
            return self.unknown(node, "arithmetic on a condition's value")
        elif all(isinstance(v, Term) and v.kind == "member" or isinstance(v, Lit) for v in (left, right)):
            # of members (and literals) the model does not compute (`Cap.A | Cap.B` of a `Flag`): what
            # the program computes from its constants, no input (round 25: `str(Cap.A | Cap.B)` was one)
            return self.unknown(node, "an operation on enum members")
        else:
            text = f"{_paren(left)} {symbol} {_paren(right)}"
        if len(text) > MAX_TEXT:  # (`s = s + s` in a loop: a text that doubles each round; round 9)
            return self.unknown(node, "arithmetic whose text is longer than the model keeps")
        return Term(text, getattr(node, "lineno", 0), _kind_of_parts(left, right))

    def percent_formats(self, text: str, right: Value, node: ast.AST, st: State, maybe: bool = False) -> None:
        """`text % right`: each value formatted as its conversion asks (`%s`: `str`, `%r`/`%a`:
        `repr`; `formats`), by position, or by key of a dict; where the model cannot pair them,
        each value as "any"."""
        held = right.body if isinstance(right, Named) else right
        conversions = percent_conversions(text)
        if isinstance(held, Mapping):
            named = dict(c for c in conversions or () if c[0] is not None)
            if conversions is not None and not named:  # (`"%s" % {"a": x}`: the dict's text, its items' repr)
                self.formats(held, "repr", node, st, maybe=maybe)
                return
            for key, value in held.entries:
                if conversions is None:
                    self.formats(value, "any", node, st, maybe=maybe)
                elif key in named:
                    self.formats(value, named[key], node, st, maybe=maybe)
            return
        values = [i.value for i in held.items] if isinstance(held, Seq) and held.kind == "tuple" \
            and all(i.cond == TRUE for i in held.items) else None
        if isinstance(held, Seq) and held.kind == "tuple" and values is None:
            for item in held.items:
                self.formats(item.value, "any", node, st, maybe=True)
            return
        values = values if values is not None else [right]
        if conversions is None or len(conversions) != len(values) or any(c[0] is not None for c in conversions):
            for value in values:
                self.formats(value, "any", node, st, maybe=maybe)
            return
        for (_, how), value in zip(conversions, values):
            if how is not None:
                self.formats(value, how, node, st, maybe=maybe)

    def repeat(self, left: Value, right: Value, node: ast.AST, st: State) -> Value:
        """`lst * n` / `n * lst` with a known count and items always there: the items n times (a
        new list object, or a tuple); otherwise an opaque value (as an atom its text, which may
        read no input, would be free to take any value: `len(["x"] * 2) == 4` was "possible")."""
        seq, times = (left, right) if isinstance(left, Seq) else (right, left)
        n = times.value if isinstance(times, Lit) and type(times.value) is int else None
        if n is not None and len(seq.items) * max(n, 0) <= MAX_REPEAT and all(i.cond == TRUE for i in seq.items):
            items = tuple(Item(new_uid(), TRUE, i.value) for _ in range(max(n, 0)) for i in seq.items)
            return Seq(items, "tuple") if seq.kind == "tuple" else self.new_list(Seq(items, "list"), st)
        if isinstance(times, Ite):
            return self.unknown(node, "arithmetic on a value that depends on a branch")
        if not isinstance(times, Lit) or not all(isinstance(i.value, Lit) for i in seq.items):
            # `[16] * n`: computed from an input, tied to it where it is known (`computed.py`)
            return Term(f"{_paren(left)} * {_paren(right)}", getattr(node, "lineno", 0), _kind_of_parts(left, right))
        return self.unknown(node, "a repeated list")

    def concat(self, left: Value, right: Value, st: State) -> Value | None:
        """`a + b` of lists (a new list object) or of tuples, distributed over conditional
        operands; None for anything else (a list plus a tuple raises: not modeled here)."""
        from .values import seq_concat

        if isinstance(left, Ite) or isinstance(right, Ite):
            node = left if isinstance(left, Ite) else right
            pick = (lambda v, arm: getattr(v, arm) if v is node else v)
            then = self.concat(pick(left, "then"), pick(right, "then"), st)
            other = self.concat(pick(left, "other"), pick(right, "other"), st)
            return None if then is None or other is None else ite(node.cond, then, other)
        left, right = _as_seq(left), _as_seq(right)
        if not isinstance(left, Seq) or not isinstance(right, Seq) or left.kind != right.kind:
            return None
        if len(left.items) + len(right.items) > MAX_ITEMS:  # (`L = L + L` in a loop: 2 ** 22 items, round 9)
            return None
        joined = seq_concat(left, right)
        if joined.kind != "list":
            return joined
        oid = new_uid()
        st.objects[oid] = Seq(tuple(Item(new_uid(), i.cond, i.value) for i in joined.items), "list")
        return Ref(oid)

    def e_Compare(self, node: ast.Compare, st: State) -> Value:
        left = self.load(self.expr(node.left, st), st)
        parts: list[Formula] = []
        for op, comparator in zip(node.ops, node.comparators):
            cond = conj(*parts) if parts else TRUE
            if isinstance(comparator, ast.Set) and isinstance(op, (ast.In, ast.NotIn)) and cond == TRUE:
                right = self.sequence(comparator, st, "tuple")  # membership: equal items change nothing
                if not st.dead and unhashable(left, looked_up_in_a_set=True):  # (a constant's list `in {...}`: Python hashes it first; round 35)
                    self.raise_if(TRUE, st, "TypeError", node)
                    parts.append(FALSE)
                    break
                if any(_LIST_MAKING.search(arm.text) for arm in arms(left) if isinstance(arm, Term) and arm.kind in ("call", "expr")):
                    # `s.split(",") in {"a"}`: a list where s is a str, which Python refuses to hash; the
                    # model compares item by item (round 36: clean, every run raises TypeError)
                    parts.append(self.unknown_formula(node, "membership in a set of a value that may be a list"))
                    left = right
                    continue
            else:
                right = self.conditionally(comparator, cond, st)
                if isinstance(op, (ast.In, ast.NotIn)) and not st.dead and unhashable(left) \
                        and isinstance(self.load(right, st), Mapping):  # (`{"a"} in T` of a dict: round 35)
                    self.raise_if(cond, st, "TypeError", node)
                    parts.append(FALSE)
                    break
            if isinstance(left, Lit) and isinstance(right, Lit) and evaluate_compare(left.value, _COMPARE_OPS[type(op)], right.value) is None:
                self.raise_if(cond, st, "TypeError", node)  # `None >= 1` where the model sees both: Python raises
                parts.append(FALSE)
                break
            if isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) and any(
                    arms_of and all(isinstance(a, Term) and a.text in self.unordered for a in arms_of)
                    for arms_of in (list(arms(left)), list(arms(right)))):
                self.raise_if(cond, st, "TypeError", node)  # a member of an enum that defines no order (round 19)
                parts.append(FALSE)
                break
            if isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) and any(
                    isinstance(a, Term) and a.text in self.custom_ordered for v in (left, right) for a in arms(v)):
                parts.append(self.unknown_formula(node, "an order its enum's own code decides"))
                left = right
                continue
            held = right.body if isinstance(right, Named) else right
            held = held.prior if isinstance(held, Term) and not held.version and isinstance(held.prior, ClassRef) else held
            if isinstance(op, (ast.In, ast.NotIn)) and isinstance(held, ClassRef) and held.info.is_enum:
                found = self.in_enum(left, held, node)
                parts.append(found if isinstance(op, ast.In) else neg(found))
                left = right
                continue
            refused = self.refused_operands(left, op, right)
            if refused == "raise":
                self.raise_if(cond, st, "TypeError", node)  # `x in SomeClass`, `n > threshold` (round 28)
                parts.append(FALSE)
                break
            if refused == "unknown":
                parts.append(self.unknown_formula(node, f"`{_COMPARE_OPS[type(op)]}` of an object its type's code decides"))
                left = right
                continue
            saved, self.testing = self.testing, st  # (the path a test ties an object on: `read_before_tie`)
            try:
                parts.append(self.compare(left, _COMPARE_OPS[type(op)], right, node))
            finally:
                self.testing = saved
            left = right
        return conj(*parts)

    def refused_operands(self, left: Value, op: ast.cmpop, right: Value) -> str | None:
        """Whether Python refuses `left op right` (`in`, or an order) for a class or function of
        the tree, an object a plain class of the tree made, or (as the container) an enum member:
        "raise" where every alternative raises TypeError, "unknown" where one may be decided by
        code the model does not see; None where no alternative is such an object (round 28: these
        were free inputs, and `x in Member` folded false)."""
        if isinstance(op, (ast.In, ast.NotIn)):
            if self.flag_member(left) and all(isinstance(a, Lit) and type(a.value) is int for a in arms(self.as_data(right))):
                return None  # `Feat.A in flags` of an IntFlag: its bits
            sides, dunders = [right], ("__contains__", "__iter__", "__getitem__")
        elif isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)):
            if self.custom_compare(left, _COMPARE_OPS[type(op)], right) is not None:
                return None  # the other side's own method may answer (reflected)
            sides, dunders = [left, right], ("__lt__", "__le__", "__gt__", "__ge__")
        else:
            return None
        kinds = [[self.refused_object(a, dunders) for a in arms(side)] for side in sides]
        if any(k and all(x == "raise" for x in k) for k in kinds):
            return "raise"
        return "unknown" if any(x is not None for k in kinds for x in k) else None

    def refused_object(self, value: Value, dunders: tuple[str, ...]) -> str | None:
        """`refused_operands` of one alternative: "raise" where neither its type nor a base of it
        defines one of `dunders`, "unknown" where a type the model does not see may (a metaclass,
        a base outside the tree, a decorator, a mixin), None for any other value."""
        if isinstance(value, Term) and not value.version and isinstance(value.prior, (ClassRef, FunctionRef)):
            value = value.prior
        member = False
        if isinstance(value, FunctionRef):
            return "unknown" if getattr(value.info.node, "decorator_list", None) else "raise"
        if isinstance(value, ClassRef):
            info, dunders = value.info, ()  # its type is its metaclass: `type`, where it names none
            if info.is_enum:
                return "unknown"
        elif isinstance(value, Term) and value.kind == "member":
            info = self.member_enum(value)
            if info is None or not info.is_enum or value.text.rpartition(".")[2] not in info.members and not value.text.endswith(">") \
                    or "__contains__" not in dunders:
                return None
            member = True
        else:
            info = self.made_class(value)
            if info is None:
                return None
        chain = self.mro(info)
        if any(c.node.decorator_list or c.node.keywords or any(d in c.methods or d in c.constants or d in c.bound or d in c.written
                                                                for d in dunders) for c in chain):
            return "unknown"
        outside = {b.rsplit(".", 1)[-1] for c in chain for b in c.bases if self.class_by_name(b, c.module) is None}
        # a plain Enum's or an IntEnum's member is no container; a Flag's tests bits, a `str` mixin's substrings
        return "raise" if outside <= ({"object", "Enum", "IntEnum", "int"} if member else {"object"}) else "unknown"

    def in_enum(self, value: Value, cls: ClassRef, node: ast.AST) -> Formula:
        """`x in Kind` of an enum class of the tree: true of its own members; of anything else what
        Python versions differ on (3.11 raises TypeError for a non-member, 3.12 looks values up):
        unknown (round 25: `Kind.A in Kind` was an input)."""
        if all(isinstance(arm, Term) and arm.kind == "member" and self.member_enum(arm) is cls.info for arm in arms(value)):
            return TRUE
        return self.unknown_formula(node, "membership in an enum class")

    def sequence_compare(self, left: Value, op: str, right: Value, node: ast.AST) -> Formula | None:
        """Two tuples (or two lists) of fixed length compared as Python does: item by item, the
        first pair that differs under `==` decides, by `op`; where none does, the lengths
        (`(major, minor) >= (9, 0)`; round 23: "comparison with a list not modeled" with both
        given). None where a side's length depends on the path, or the kinds differ."""
        def items(value: Value) -> tuple[str, list[Value]] | None:
            if isinstance(value, Seq) and all(i.cond == TRUE for i in value.items):
                return value.kind, [i.value for i in value.items]
            if isinstance(value, Lit) and isinstance(value.value, tuple) and not isinstance(value.value, SetLiteral):
                return "list" if isinstance(value.value, ListLiteral) else "tuple", [Lit(v) for v in value.value]
            return None

        a, b = items(left), items(right)
        if a is None or b is None or a[0] != b[0] or op not in ("==", "!=", "<", "<=", ">", ">=") or max(len(a[1]), len(b[1])) > 64:
            return None
        a_items, b_items = a[1], b[1]
        if op in ("==", "!="):
            same = conj(*(self.compare(x, "==", y, node) for x, y in zip(a_items, b_items))) if len(a_items) == len(b_items) else FALSE
            return same if op == "==" else neg(same)
        lengths = {"<": len(a_items) < len(b_items), "<=": len(a_items) <= len(b_items),
                   ">": len(a_items) > len(b_items), ">=": len(a_items) >= len(b_items)}[op]
        result: Formula = Lit(lengths)
        for x, y in reversed(list(zip(a_items, b_items))):
            result = ite(self.compare(x, "==", y, node), result, self.compare(x, op, y, node))
        return result

    def environment_default(self, value: Value) -> Value | None:
        """What a read of the environment (`os.getenv(k, d)`, `os.environ.get(k, d)`, `os.environ[k]`)
        gives that is no string: its default (`SUBSCRIPT`: none, it raises); None for any other value."""
        while isinstance(value, Named):  # (a helper's value: `read(os.environ, "K")`)
            value = value.body
        if not isinstance(value, Term) or value.is_opaque:
            return None
        default = self.environment_reads.get((value.text, value.version))
        return default if isinstance(default, Lit) else None

    def compare(self, left: Value, op: str, right: Value, node: ast.AST) -> Formula:
        if op in ("is", "is not") and any(isinstance(v, Lit) and not _singleton(v.value) for v in (left, right)) \
                and not (isinstance(left, Lit) and isinstance(right, Lit) and not _equal_keys(left.value, right.value)):
            # identity with an int, a str, a float: CPython's choice (small ints and interned
            # strings are shared), not `==` (`1.0 == 1`, `True == 1`, and neither `is 1`:
            # exploratory fuzz round 4)
            return self.unknown_formula(node, f"`{op}` against a literal that is no singleton")
        if op in ("in", "not in") and _has_nan(left, right):
            # containment asks identity first (`x in [x]` of a NaN holds), which the model's values,
            # copies of each other, do not keep (round 11)
            return self.unknown_formula(node, "containment of a NaN")
        for a, b, flip in ((left, right, False), (right, left, True)):
            inner = a.body if isinstance(a, Named) else a
            if op in ("==", "!=", "is", "is not") and isinstance(b, Lit) and not isinstance(b.value, str) and _scalar(b.value) \
                    and isinstance(inner, Ite) and self.environment_reads \
                    and any(self.environment_default(arm) is not None for arm in arms(inner)):
                # a read of the environment on some paths (`b0 = os.getenv(k, "0")` after a call on one):
                # each compared as what it is (fuzz round 36: given None past a free atom)
                def side(arm: Value) -> Formula:
                    return self.compare(b, op, arm, node) if flip else self.compare(arm, op, b, node)

                return ite(inner.cond, side(inner.then), side(inner.other))
            if op in ("<", "<=", ">", ">=") and isinstance(b, Lit) and isinstance(b.value, (int, float)) \
                    and (default := self.environment_default(a)) is not None and isinstance(default.value, (int, float)):
                # `os.getenv("K", 0) > 5`: where K is unset its default decides; where set, a str, which
                # Python refuses to order against a number (fuzz round 36: a scenario gave it `>5`)
                unset = self.compare(a, "==", default, node)
                ordered = evaluate_compare(b.value, op, default.value) if flip else evaluate_compare(default.value, op, b.value)
                return disj(conj(unset, Lit(bool(ordered))),
                            conj(neg(unset), self.unknown_formula(node, "an order of a value of the environment (a str where set)")))
            if op in ("==", "!=", "is", "is not") and isinstance(b, Lit) and not isinstance(b.value, str) and _scalar(b.value):
                default = self.environment_default(a)
                if default is not None:
                    # `os.getenv("K") == 1`: an environment holds strings; only the default can be
                    # anything else (round 35: the read took the value 1 in a counterexample)
                    same = default.value is b.value if op in ("is", "is not") else default.value == b.value
                    if not same:  # (equal to the default: where the key is missing, as compared below)
                        return FALSE if op in ("==", "is") else TRUE
            if op in ("==", "!=", "is", "is not") and isinstance(b, Lit) and _scalar(b.value) and isinstance(a, Term) \
                    and a.kind == "attr" and not a.version and (kind := self.typed_stdlib(a)) is not None \
                    and not isinstance(b.value, kind) and not (isinstance(b.value, (bool, float)) and kind is int):
                # `sys.platform == 1`: the standard library's value is of its own type, whatever it is
                # on the machine (round 35: the atom took the value 1 in a counterexample)
                return FALSE if op in ("==", "is") else TRUE
            if op not in ("in", "not in") and _boolean_builtin(a) and isinstance(b, Lit) and _scalar(b.value):
                # `isinstance(x, int) == 2`: a bool on each side of its truth, compared as Python
                # compares it (round 35: the atom took the value 2 in a counterexample)
                sides = [self.compare(b, op, Lit(v), node) if flip else self.compare(Lit(v), op, b, node) for v in (True, False)]
                return ite(truth(a), sides[0], sides[1])
            if op in ("==", "!=") and isinstance(b, Lit) and _scalar(b.value) and (
                    _call_of(a, "type") or _call_of(a, "hash") and (b.value == -1 or not isinstance(b.value, int))):
                # `type(x) == 3`: a class equals no number unless its metaclass says so; `hash(x)` is
                # never -1 (round 35: the atoms took those values in counterexamples)
                return self.unknown_formula(node, f"`{op}` of `{a.text}` and a value it gives only where "  # type: ignore[union-attr]
                                                  "the name is no builtin")
        custom = self.custom_compare(left, op, right)
        if custom is not None:
            return self.unknown_formula(node, custom)
        if not self.note_member_tie(left, op, right):
            return self.unknown_formula(node, f"`{op}` of a member and an object whose attributes were read before")
        flag = op in ("in", "not in") and self.flag_member(left)
        if op not in ("is", "is not", "in", "not in"):
            left, right = self.as_data(left), self.as_data(right)
        elif op in ("in", "not in") and isinstance(right, (Seq, Lit)) and not flag:
            # `n in (Lvl.MID, Lvl.HIGH)`, `Lvl.MID in [1]`: an IntEnum member is its number there too
            left = self.as_data(left)
            if isinstance(right, Seq):
                right = Seq(tuple(Item(i.uid, i.cond, self.as_data(i.value)) for i in right.items), right.kind)
        elif flag:
            bits = self.as_data(right)
            if all(isinstance(arm, Lit) and type(arm.value) is int for arm in arms(bits)):
                # `Feat.A in flags` of an IntFlag: all of its bits are set (on each alternative)
                a = self.as_data(left).value  # type: ignore[union-attr]
                held = lambda leaf: Lit(((a & leaf.value) == a) != (op == "not in"))  # noqa: E731
                return truth(self._on_each(bits, held) if isinstance(bits, (Ite, Named)) else held(bits))
        apart = self.members_apart(left, op, right, node)
        if apart is not None:
            return apart
        if isinstance(right, Ite) and _has_collection(right):  # `x in (a.items or [])`: on each side
            return ite(right.cond, self.compare(left, op, right.then, node), self.compare(left, op, right.other, node))
        if isinstance(left, Ite) and _has_collection(left):
            return ite(left.cond, self.compare(left.then, op, right, node), self.compare(left.other, op, right, node))

        if op in ("in", "not in") and isinstance(right, Mapping):
            from .lists import lookup_key

            _, missing = lookup_key(right, left, None, self.key_match(left, node))
            return neg(missing) if op == "in" else missing
        if op in ("in", "not in") and isinstance(right, Seq) and right.items and isinstance(left, Term) \
                and all(held_class(i.value) is not None for i in right.items):
            # `type(x) in (A, B)`: each as `type(x) is A` is, a constant of its domain that ties x (round 34)
            hit = disj(*(conj(i.cond, self.compare(left, "==", i.value, node)) for i in right.items))
            return hit if op == "in" else neg(hit)
        if op in ("in", "not in") and isinstance(right, Seq) and any(
                self.made_class(arm) is not None for v in (left, *(i.value for i in right.items)) for arm in arms(v)):
            # an object the function made, or a list holding one: each item as `is` or `==` compares
            # it (round 40: `Leaf() in [Leaf()]` was an atom of the text `Leaf() == Leaf()`, free)
            hit = disj(*(conj(i.cond, disj(self.compare(left, "is", i.value, node), self.compare(left, "==", i.value, node)))
                         for i in right.items))
            return hit if op == "in" else neg(hit)
        if op in ("in", "not in") and isinstance(right, Seq):
            hit = seq_contains(right, left)
            return hit if op == "in" else neg(hit)
        for x, y, flip in ((left, right, False), (right, left, True)):
            if isinstance(y, Lit) and type(y.value) in _SCALARS and op in ("==", "!=", "is", "is not"):
                # a list, tuple or dict the code made is never None, a bool, a number or a str
                # (`d is None` of `d = {...}` was an atom that read the dict's repr)
                if isinstance(x, (Seq, Mapping)):
                    return Lit(op in ("!=", "is not"))
                if isinstance(x, (Ite, Named)) and any(isinstance(arm, (Seq, Mapping)) or self.made_class(arm) is not None
                                                       for arm in arms(x)):
                    return self._on_each(x, lambda leaf: self.compare(y, op, leaf, node) if flip else self.compare(leaf, op, y, node))
        if isinstance(left, Seq) or isinstance(right, Seq):
            ordered = self.sequence_compare(left, op, right, node)
            if ordered is not None:
                return ordered
            if op in ("==", "!=") and isinstance(left, Seq) and isinstance(right, Seq):
                return self.unknown_formula(node, "comparison of two lists")
            return self.unknown_formula(node, "comparison with a list")
        if op in ("==", "!=", "is", "is not"):
            apart = self.fresh_apart(left, right, op)
            if apart is not None:
                return apart
            for x, y in ((left, right), (right, left)):  # an object a plain class made is no literal (round 18)
                if isinstance(y, Lit) and self.made_class(x) is not None:
                    return Lit(op in ("!=", "is not"))
            same = same_class(left, right)
            if same is None and any((held_class(x) or held_function(x)) is not None and isinstance(y, Lit)
                                    for x, y in ((left, right), (right, left))):
                same = FALSE  # a class or function of the tree is no literal: never None (`T.get(m) is not None`)
            if same is not None:
                return same if op in ("==", "is") else neg(same)
            # a class against a choice of classes (`[c for c in CANDS if c.ok()][0] is OptB`): on each
            if (held_class(right) or held_function(right)) is not None and isinstance(left, (Ite, Named)):
                return self._on_each(left, lambda leaf: self.compare(leaf, op, right, node))
            for x, y, flip in ((left, right, False), (right, left, True)):  # `T.get(m) is None`, T holding classes
                if isinstance(y, Lit) and isinstance(x, (Ite, Named)) and any(
                        (held_class(arm) or held_function(arm)) is not None for arm in arms(x)):
                    return self._on_each(x, lambda leaf: self.compare(y, op, leaf, node) if flip else self.compare(leaf, op, y, node))
            if (held_class(left) or held_function(left)) is not None and isinstance(right, (Ite, Named)):
                return self._on_each(right, lambda leaf: self.compare(left, op, leaf, node))
            for x, y in ((left, right), (right, left)):
                cls = held_class(y)
                if cls is not None and isinstance(x, Term) and not x.is_opaque and x.kind != "member" \
                        and held_class(x) is None and held_function(x) is None:
                    # a value against a class of the tree: the class is a constant of its domain, so
                    # `x is A` and `x is B` never hold together (as relations, both were free)
                    same = compare(x, "==", self.class_as_constant(cls.info))
                    tied = self.type_reads.get((x.text, x.version))
                    if tied is not None and self.read_before_tie(tied, cls.info, st=self.testing):
                        return self.unknown_formula(node, f"`{op}` {cls.info.name} of an object whose attributes the class decides, "
                                                          "read before")
                    self.class_compares.setdefault((x.text, x.version), {})[cls.info] = same
                    return same if op in ("==", "is") else neg(same)
        if isinstance(left, (Ite, Named)) and isinstance(right, (Ite, Named)):
            pairs = alternatives(left) * alternatives(right)
            if pairs > _MAX_PAIRS:  # every alternative against every other: past this, one opaque atom
                return self.unknown_formula(node, f"a comparison of two conditional values ({pairs} pairs of alternatives)")
        result = compare(left, op, right)
        if op in ("in", "not in") and isinstance(right, Term) and right.kind in ("name", "attr", "subscript") \
                and not right.is_opaque and isinstance(left, (Lit, Term)):
            # `k in d` of a mapping the model does not hold: `d.get(k)` is None where it is false
            self.memberships.setdefault((self.mapping_key(right), right.version, _key_text(left)), result if op == "in" else neg(result))
        return result

    def members_apart(self, left: Value, op: str, right: Value, node: ast.AST) -> Formula | None:
        """Members of two different enums of the tree (what `as_data` left members: no `int`/`str`
        mixin): never the same object, and never equal where neither enum has a mixin or an
        `__eq__` of its own (Enum compares identity). `in` a list or tuple of them: item by item.
        None where that does not decide it (round 31: `A.X == B.Y` of two plain enums was a free
        relation, and a finding named a scenario `A.X=B.Y`)."""
        if op in ("in", "not in") and isinstance(right, Seq) and _member(left) \
                and right.items and all(_member(i.value) for i in right.items):
            hits = [self.members_apart(left, "==", i.value, node) for i in right.items]
            if any(h is None for h in hits):
                return None
            hit = disj(*(conj(i.cond, h) for i, h in zip(right.items, hits)))
            return hit if op == "in" else neg(hit)
        if op not in ("==", "!=", "is", "is not"):
            return None
        for side, other, flip in ((left, right, False), (right, left, True)):
            if isinstance(side, (Ite, Named)) and all(_member(arm) for arm in arms(side)) \
                    and all(_member(arm) for arm in arms(other)) and alternatives(side) <= _MAX_PAIRS:
                # (`x == B.X` of `x = A.X if v else A.Y`: on each alternative, where each decides)
                def each(leaf: Value, other=other, flip=flip) -> Value:
                    found = self.members_apart(other, op, leaf, node) if flip else self.members_apart(leaf, op, other, node)
                    return _UNDECIDED if found is None else found

                result = self._on_each(side, each)
                return None if any(arm is _UNDECIDED for arm in arms(result)) else result
        if not (_member(left) and _member(right)):
            return None
        a, b = self.member_enum(left), self.member_enum(right)
        if a is None or b is None:
            return None
        if a is b:  # (one enum: its own rules, aliases among them)
            return None
        if op in ("==", "!=") and not (self.identity_enum(a) and self.identity_enum(b)):
            # (a data type mixed in that `as_data` did not read, an `__eq__` of its own: the enum's code)
            return self.unknown_formula(node, f"`{op}` of members of two enums, which their classes decide")
        return Lit(op in ("!=", "is not"))

    def note_member_tie(self, left: Value, op: str, right: Value) -> bool:
        """Record that a test ties a value to a member of the tree (`m is Mode.A`, `m == Mode.A`
        or `m in (Mode.A, Mode.B)` of an enum `==` compares by identity): where it holds, `m.p`
        is the member's (`narrowed_attribute`). False where the function read an attribute of
        the value as an input before (`read_before_tie`): the test must be unknown."""
        if op in ("in", "not in"):
            candidates = [(left, i.value) for i in right.items] if isinstance(right, Seq) else []
        elif op in ("==", "!=", "is", "is not"):
            candidates = [(left, right), (right, left)]
        else:
            return True
        for value, member in candidates:
            if not (isinstance(value, Term) and value.kind != "member" and not value.is_opaque and _member(member)):
                continue
            info = self.member_enum(member)
            if info is not None and (op in ("is", "is not") or self.identity_enum(info)):
                if self.read_before_tie((value.text, value.version), info, member.text, self.testing):
                    return False
                self.member_ties.setdefault((value.text, value.version), {})[member.text] = (value, member)
        return True

    def identity_enum(self, info) -> bool:
        """An enum of the tree whose members `==` compares by identity: every base outside the
        tree `Enum` or `Flag` (no data type mixed in), no `__eq__`/`__ne__` of its own."""
        for cls in self.mro(info):
            if gives_any(cls, ("__eq__", "__ne__")):
                return False
            for base in cls.bases:
                if self.class_by_name(base, cls.module) is None and base.rsplit(".", 1)[-1] not in ("Enum", "Flag", "object"):
                    return False
        return True

    def custom_compare(self, left: Value, op: str, right: Value) -> str | None:
        """Why a comparison is the code's own, where an object the function made of a class of the
        tree is compared by a method its class defines (`__eq__`, `__lt__`, `__contains__`, or a
        decorator that may write them: `@dataclass`): None for identity and object's defaults
        (round 17: `a == a` of a class whose `__eq__` is False was folded true, a wrong clean)."""
        if not self.instances or op in ("is", "is not"):
            return None
        dunders = {"==": ("__eq__", "__ne__"), "!=": ("__eq__", "__ne__"), "<": ("__lt__", "__gt__"), ">": ("__lt__", "__gt__"),
                   "<=": ("__le__", "__ge__"), ">=": ("__le__", "__ge__"),
                   "in": ("__contains__", "__iter__", "__getitem__"), "not in": ("__contains__", "__iter__", "__getitem__")}[op]
        sides = [right] if op in ("in", "not in") else [left, right]
        if op in ("in", "not in"):  # a list, tuple or set compares its items with `==` (identity first)
            eq = self.custom_compare(left, "==", Lit(None))
            if eq is not None:
                return eq
            for arm in arms(right) if isinstance(right, (Ite, Named)) else (right,):
                if isinstance(arm, Seq):
                    for item in arm.items:
                        eq = self.custom_compare(item.value, "==", Lit(None))
                        if eq is not None:
                            return eq
        for side in sides:
            for arm in arms(side) if isinstance(side, (Ite, Named)) else (side,):
                cls = self.made_class(arm)
                if cls is not None and (any(c.node.decorator_list for c in self.mro(cls)) or self.gives_dunder(cls, dunders)):
                    return f"`{op}` of an object of `{cls.name}`, which its class decides"
        return None

    def gives_dunder(self, info, names: tuple[str, ...]) -> bool:
        """Whether a class on `info`'s way gives one of `names` (`index.gives_any`), or code of
        another module writes one on it (`setattr(Empty, "__bool__", f)` after `from m import
        Empty`: round 33, Python's default truth was used)."""
        return any(gives_any(c, names) for c in self.mro(info)) or any(self.written_elsewhere(info, n) for n in names)

    def fresh_apart(self, left: Value, right: Value, op: str) -> Formula | None:
        """Two objects that calls of plain classes of the tree made, read apart (another text or
        another evaluation: the second call's read comes after the first call): never the same
        object, and never equal where no class on the way defines `__eq__` (object's compares
        identity). In the sound mode they were two atoms; the assume mode read both as one call's
        value, and `Node() is Node()` held (exploratory fuzz, perf_isinstance_kinds)."""
        if not (isinstance(left, Term) and isinstance(right, Term) and left.kind == right.kind == "call"):
            return None
        classes = [self.instances.get(left.text), self.instances.get(right.text)]
        if None in classes or (left.text, left.version) == (right.text, right.version):
            return None
        if op in ("is", "is not"):
            return FALSE if op == "is" else TRUE
        if any(c.node.decorator_list for cls in classes for c in self.mro(cls)) or any(self.gives_dunder(cls, ("__eq__", "__ne__"))
                                                                                    for cls in classes):
            return None  # (a decorator may define them: `@dataclass` compares the fields)
        return FALSE if op == "==" else TRUE

    def e_IfExp(self, node: ast.IfExp, st: State) -> Value:
        test = self.truth(self.expr(node.test, st), st)
        a = self.conditionally(node.body, test, st, objects=True)
        b = self.conditionally(node.orelse, neg(test), st, objects=True)
        from .values import merge_values

        return merge_values(test, a, b)

    # comprehensions over a known sequence, as `any(...)`, `all(...)`, `[...]`
    def e_GeneratorExp(self, node, st: State) -> Value:
        value = self.comprehension(node, st)
        self.walrus_escapes(node, st)
        return value

    def e_ListComp(self, node, st: State) -> Value:
        """A new list object of the items (an `.insert` into it later was lost: round 6)."""
        return self.new_list(self.e_GeneratorExp(node, st), st)

    def e_SetComp(self, node, st: State) -> Value:
        """A set: each equal item once, as a set display (`{c for c in ("a", mode)}` was a list of
        two, its size 2: exploratory fuzz round 4); items that may be equal, an unknown set."""
        value = self.e_GeneratorExp(node, st)
        if isinstance(value, Seq) and _distinct_constants(value, self.as_data):
            return value
        return self.unknown(node, "a set of values that may be equal")

    def e_DictComp(self, node, st):
        # its first iterable is computed where it is written, and walked to its end (round 45: a
        # `zip(..., strict=True)` of unequal lengths never raised)
        first = node.generators[0]
        iterable = self.load(self.expr(first.iter, st), st, refs=True)
        if self.dead(st):
            return Lit(None)
        refusal = self.refusing_zip(iterable)
        if refusal is not None and len(node.generators) == 1 and not first.is_async:
            self.raise_if(refusal, st, "ValueError", node)
            if st.dead:
                return Lit(None)
        value = self.unknown(node, "a dict comprehension")
        self.unrun_effects([node.key, node.value, first.target, *first.ifs, *node.generators[1:]], st)
        return value

    def unrun_effects(self, nodes: list, st: State) -> None:
        """What code the model makes opaque without running it may do (a comprehension's parts, a
        dict's keys): a call there is unmodeled code that may change what it reaches (every
        attribute path, the lists and closures its names hold), a walrus binds a value not known.
        (Round 35: `[self._enable(n) for n in names]` over an input list dropped the write to
        `self.use_cascade`, and `{key("a"): 1}` the `seen.append` in `key`.)"""
        from .calls import closures_held

        calls, reached = [], []
        for root in nodes:
            self.walrus_escapes(root, st)
            for sub in ast.walk(root):
                if isinstance(sub, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom)):
                    calls.append(sub)
                elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id in st.env:
                    reached.append(st.env[sub.id])
                    reached += getattr(st.env[sub.id], "cells", ())  # (the lists a nested function's body names)
        if calls:
            line = calls[0].lineno
            for value in reached:  # (a nested function it may call: what it may change, unknown too)
                for closure in closures_held(value):
                    self.closure_effects(closure, st, calls[0], f"code at line {line} the model does not run, which may call "
                                                                f"`{closure.node.name}`,")
            self.unknown_call_effects(st, f"code at line {line} the model does not run", line, args=reached)

    def walrus_escapes(self, node: ast.expr, st: State) -> None:
        """`[y := x for x in xs]` binds `y` in the function (PEP 572), to the last item's value or
        not at all: unknown after it (it kept its old value, or was unbound: exploratory fuzz); so
        does a walrus in code the model does not run (`unrun_effects`)."""
        for n in ast.walk(node):
            if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name):
                self.bind_name(n.target.id, Term(f"<{n.target.id} bound at line {n.lineno}>", n.lineno, "opaque"),
                               st, n)

    def comprehension(self, node, st: State, short: str = "") -> Value:
        """`[elt for x in SEQ if c]` over a sequence the model knows: the items of SEQ whose
        condition holds, in order; otherwise an opaque value. `short`: the generator is consumed
        by `any` / `all` / `next`, which stop at the first item true / false / present: each item
        is computed (with its effects) only where none before stopped it."""
        if len(node.generators) != 1 or node.generators[0].is_async:
            self.unrun_effects([node], st)
            return self.unknown(node, "a comprehension with several `for`s")
        gen = node.generators[0]
        iterable = self.load(self.expr(gen.iter, st), st, refs=True)
        if isinstance(iterable, Lit) and isinstance(iterable.value, tuple) and in_order(iterable.value):
            iterable = Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in iterable.value), "tuple")
        if (refusal := self.refusing_zip(iterable)) is not None:  # (a `zip(..., strict=True)` of unequal lengths: round 44)
            eager = isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp)) and not short
            self.raise_if(refusal if eager else conj(refusal, self.opaque_atom(f"<the zip at line {node.lineno} is walked to its end>",
                                                                           node.lineno, node)), st, "ValueError", node)
            if st.dead:
                return Lit(None)
        parts = [node.elt, *gen.ifs] if not isinstance(node, ast.DictComp) else [node.key, node.value, *gen.ifs]
        if not isinstance(iterable, Seq):
            self.unrun_effects(parts, st)
            return self.unknown(node, "a comprehension over values the model does not know")
        names = _target_names(gen.target)
        if names is None:
            self.unrun_effects(parts, st)
            return self.unknown(node, "a comprehension whose target is not names")
        if self.mutates([node.elt, *gen.ifs], gen.iter, st):
            self.unrun_effects(parts, st)
            return self.unknown(node, "a comprehension whose parts may change the list it walks")
        saved = {n: st.env.get(n) for n in names}
        items: list[Item] = []
        self.comprehension_names.append(set(names) | (self.comprehension_names[-1] if self.comprehension_names else set()))
        stopped: Formula = FALSE  # where an earlier item ended the consumer (`short`)
        try:
            for item in iterable.items:
                bound = _bind_target(gen.target, item.value)
                if bound is None:
                    self.unrun_effects(parts, st)
                    return self.unknown(node, "a comprehension over items whose shape is not known")
                st.env.update(bound)
                cond = item.cond
                live = conj(cond, neg(stopped))  # where this item is computed at all
                for test in gen.ifs:  # evaluated (with their effects) only where the item is there
                    passed = truth_of(self.object_truths(self.conditionally(test, live, st)))
                    cond, live = conj(cond, passed), conj(live, passed)
                value = self.conditionally(node.elt, live, st, objects=True)
                items.append(Item(new_uid(), cond, value))
                if short == "next":
                    stopped = disj(stopped, live)
                elif short:
                    t = self.truth(value, st)
                    stopped = disj(stopped, conj(live, t if short == "any" else neg(t)))
        finally:
            self.comprehension_names.pop()
            for n, v in saved.items():
                if v is None:
                    st.env.pop(n, None)
                else:
                    st.env[n] = v
        return Seq(tuple(items), "list")

    # ------------------------------------------------------------ helpers for the others
    def unknown(self, node: ast.AST, what: str) -> Term:
        line = getattr(node, "lineno", 0)
        self.note(line, "unknown:" + what, f"{what} not modeled: its value is an opaque atom")
        written = ast.unparse(node) if isinstance(node, ast.AST) else ""
        # a long text is named by its description, and told apart by a digest of it (two values of
        # unmodeled code with one generic name were one atom: exploratory fuzz round 3)
        text = written if 0 < len(written) < 80 else what + (f" #{hashlib.sha1(written.encode()).hexdigest()[:8]}" if written else "")
        # each evaluation of the node is a value of its own: a loop's rounds or a helper inlined
        # twice evaluate it on different inputs, and one atom for all would tie their outcomes
        return Term(f"<{text}>", line, "opaque", self.evaluation(node))

    def unknown_formula(self, node: ast.AST, what: str) -> Formula:
        return truth(self.unknown(node, what))

    def as_data(self, value: Value) -> Value:
        """`value` with each member of an IntEnum / IntFlag (a literal int value) as that number,
        and each member of a `str` mixin as its string: what it compares (`n >= Lvl.HIGH`,
        `n == Lvl.MID`, `Backend.FLASH < "g"`, two enums' members), computes (`Feat.A & Feat.B`,
        `Backend.FLASH + "_x"`) and looks up as. Identity (`is`) and the member a branch
        returns stay the member."""
        def number(leaf: Value) -> Value:
            if isinstance(leaf, Term) and leaf.kind == "member":
                info = self.member_enum(leaf)
                name = leaf.text.rpartition(".")[2]
                member = info.member_values.get(name) if info is not None and info.int_like else None
                if member is None and info is not None and info.int_like and name[:1] == "<" and name[1:-1].isdigit():
                    member = int(name[1:-1])  # (`F.<3>`: a value of an IntFlag no member names, `flag_of`)
                if type(member) is int:
                    return Lit(member)
                text = self.member_string(leaf, info)
                if text is not None:
                    return Lit(text)
            return leaf

        if isinstance(value, (Ite, Named)):
            if any(number(arm) is not arm for arm in arms(value)):
                return self._on_each(value, number)
            return value
        return number(value)

    def flag_member(self, value: Value) -> bool:
        """Whether `value` is a member of an IntFlag of the tree with a literal int value."""
        if not (isinstance(value, Term) and value.kind == "member" and isinstance(self.as_data(value), Lit)):
            return False
        return int_flag(self.member_enum(value))

    def flag_of(self, cref: ClassRef, bits: int, node: ast.AST, st: State) -> Value:
        """`F.A | F.B`, `F(0)` of an IntFlag of the tree: a member of F, not the int (round 33: its
        repr, `len` and `.name` were an int's): the member of that value, or one no name of the
        body gives (`F.<3>`), which compares and computes as its number, true where it is not 0.
        Unknown where the members or their values are not all known."""
        from ..formula import MEMBER_TRUTH
        from .names import _defines_truth

        info = cref.info
        values = [info.member_values.get(m) for m in info.members]
        if bits < 0 or not info.members_known or not all(type(v) is int for v in values):
            return self.unknown(node, f"a value of the IntFlag {info.name}")
        if bits in values:
            return self.class_attribute(cref, info.members[values.index(bits)], node, st)
        self.enum_of.setdefault(cref.text, info)
        text = f"{self.member_prefix(cref)}.<{bits}>"
        MEMBER_TRUTH.setdefault(text, None if _defines_truth(info, self) else bool(bits))
        return Term(text, getattr(node, "lineno", 0), "member")

    def class_as_constant(self, info) -> Term:
        """A class of the tree as a constant a value may equal (equal to itself only, as an enum
        member is): its name, with its module where two classes share one."""
        text = self.class_texts.get(info)
        if text is None:
            text = info.qualname
            if text in self.class_texts.values():
                text = f"{info.qualname} ({info.module.path})"
            self.class_texts[info] = text
        return Term(text, info.node.lineno, "member")

    def opaque_atom(self, text: str, line: int, node: ast.AST | None = None) -> Formula:
        """An atom no input decides. With `node`, one per evaluation of it: a statement run in
        each round of a loop (or in each call of a helper) decides it anew each time."""
        return truth(Term(text, line, "opaque", self.evaluation(node) if node is not None else ""))

    def evaluation(self, node: ast.AST) -> str:
        """"" the first time `node` is evaluated, then `evaluation N`: each evaluation's atoms its own."""
        count = self.evaluations[id(node)] = self.evaluations.get(id(node), 0) + 1
        return "" if count == 1 else f"evaluation {count}"

    def count(self, seq: Seq, node: ast.AST) -> Value:
        counts = seq_count(seq)
        if counts is None:
            return self.unknown(node, "the length of a long conditional list")
        if len(counts) == 1:
            return Lit(next(iter(counts)))
        # one number per region, as any value that depends on the path (round 44: an object of its
        # own, whose Python repr an outcome's text showed where `str(len(seen))` read it)
        *first, (last, _where) = sorted(counts.items())
        value: Value = Lit(last)
        for length, where in reversed(first):
            value = ite(where, Lit(length), value)
        return value


def _target_names(target: ast.expr) -> list[str] | None:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        out: list[str] = []
        for el in target.elts:
            inner = _target_names(el)
            if inner is None:
                return None
            out += inner
        return out
    return None


_BOOLEAN_BUILTINS = ("isinstance(", "issubclass(", "hasattr(", "callable(")


_TYPED_STDLIB = {**dict.fromkeys(("sys.platform", "sys.byteorder", "sys.version", "sys.executable", "sys.prefix",
                                   "sys.base_prefix", "os.name", "os.sep", "os.linesep", "os.pathsep", "os.curdir"), str),
                 **dict.fromkeys(("sys.maxsize", "sys.hexversion", "sys.api_version", "sys.maxunicode"), int)}
_LIST_MAKING = re.compile(r"(\.(split|rsplit|splitlines|keys|values|items)\(.*\)|^(sorted|list)\(.*\))$")
_INDEX_BUILTINS = frozenset({"len", "int", "abs", "min", "max", "ord", "round", "sum"})
_INDEX_METHODS = frozenset({"find", "rfind", "index", "rindex", "count", "bit_length"})


def _compared_with_none(fn: ast.AST) -> frozenset[str]:
    """The dotted texts a function compares with None (`x is None`, `cfg.q != None`)."""
    out = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.Compare) and len(n.ops) == 1 and isinstance(n.ops[0], (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)):
            for a, b in ((n.left, n.comparators[0]), (n.comparators[0], n.left)):
                if isinstance(b, ast.Constant) and b.value is None and (text := dotted(a)) is not None:
                    out.add(text)
    return frozenset(out)


def _call_of(value: Value, name: str) -> bool:
    """An atom of `name(...)` (`type(x)`: a class where `type` is the builtin, any value where a
    parameter of that name is called)."""
    return isinstance(value, Term) and value.kind == "call" and value.text.startswith(f"{name}(") and value.text.endswith(")")


def _boolean_builtin(value: Value) -> bool:
    """An atom of a builtin that returns a bool: `isinstance(x, T)`, `hasattr(x, "a")`."""
    return isinstance(value, Term) and value.kind == "call" and value.text.startswith(_BOOLEAN_BUILTINS) \
        and value.text.endswith(")")


def _bind_target(target: ast.expr, value: Value) -> dict | None:
    """The names a comprehension target binds to one item (tuples unpacked when their shape is known)."""
    if isinstance(target, ast.Name):
        return {target.id: value}
    if isinstance(value, Lit) and isinstance(value.value, tuple) and in_order(value.value):
        value = Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in value.value), "tuple")
    if isinstance(value, Seq) and len(value.items) == len(target.elts) and all(i.cond == TRUE for i in value.items):
        out: dict = {}
        for el, item in zip(target.elts, value.items):
            inner = _bind_target(el, item.value)
            if inner is None:
                return None
            out.update(inner)
        return out
    return None


_UNARY = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~"}
_BINARY = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**",
    ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.MatMult: "@",
}


def _text(value: Value) -> str:
    if isinstance(value, Term):
        return value.text
    if isinstance(value, Lit):
        return repr(value.value)
    return render(value)


def int_flag(info) -> bool:
    """Whether a class of the tree (or None) is an IntFlag: its values are bits of one int."""
    return info is not None and any(b.rsplit(".", 1)[-1] == "IntFlag" for b in info.bases)


_UNDECIDED = Term("<undecided>", 0, "opaque")  # (`members_apart` of an alternative it does not decide)


def _member(value: Value) -> bool:
    return isinstance(value, Term) and value.kind == "member"


def _key_text(value: Value) -> str:
    """A key as `k in d` and `d.get(k)` are matched: its text, and the read it is."""
    return _text(value) + (f" @{value.version}" if isinstance(value, Term) and value.version else "")


def _singleton(value: object) -> bool:
    return value is None or value is True or value is False or value is Ellipsis


def _distinct_constants(seq: Seq, as_data) -> bool:
    """Items all there, literals or enum members, no two equal (`1` and `True` are equal; a
    member of an IntEnum or a `str` mixin equals its value, `as_data` gives it)."""
    from ..formula import MEMBER_EQUALS, PLAIN_MEMBER

    # (round 33: `{B.FLASH, "flash"}` of a `str` mixin has one item, not two; a member the
    # model cannot tell the equals of, none)
    items = [v if isinstance(v, Term) and v.kind == "member" and MEMBER_EQUALS.get(v.text) is PLAIN_MEMBER else as_data(v)
             for v in (i.value for i in seq.items)]
    if not all(i.cond == TRUE for i in seq.items) or not all(
            isinstance(v, Lit) or isinstance(v, Term) and v.kind == "member" and MEMBER_EQUALS.get(v.text) is PLAIN_MEMBER
            for v in items):
        return False
    literals = [v.value for v in items if isinstance(v, Lit)]
    members = [v.text for v in items if isinstance(v, Term)]
    try:
        return len(set(members)) == len(members) and len(dict.fromkeys(literals)) == len(literals)
    except TypeError:  # an item Python cannot hash
        return False


def _equal_keys(a: object, b: object) -> bool:
    try:
        return hash(a) == hash(b) and a == b
    except TypeError:
        return False


def _unnamed(value: Value) -> Value:
    """The value a `Named` (a local's value, labelled with the assignment) stands for."""
    while isinstance(value, Named):
        value = value.body
    return value


def _constant_leaf(value: Value) -> bool:
    """Whether a value is a literal or an enum member on every arm: no input gives it."""
    return all(isinstance(arm, Lit) or isinstance(arm, Term) and arm.kind == "member" for arm in arms(value))


def _paren(value: Value) -> str:
    """A value's text as an operand: in parentheses where it is an expression (`-n`, `a + b`) or a
    negative number (round 36: `(-n) ** 2` was `-n ** 2`, `(-2) ** s` was `-2 ** s`)."""
    text = _text(value)
    return f"({text})" if isinstance(value, Term) and value.kind == "expr" or isinstance(value, Lit) and text.startswith("-") else text


def _constant_arith(op: ast.operator, left: object, right: object) -> object:
    """`left op right` of two constants, refused where Python would take long or much memory."""
    big = [v for v in (left, right) if isinstance(v, int) and abs(v) > 4096]
    if big and isinstance(op, (ast.Pow, ast.LShift)) or (isinstance(op, ast.Mult) and big
                                                        and any(isinstance(v, (str, bytes, tuple)) for v in (left, right))):
        raise _Refused("a large result")
    return _ARITH[type(op)](left, right)


_PERCENT = re.compile(r"%(?:\(([^)]*)\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.S)


def percent_conversions(text: str) -> list[tuple[str | None, str | None]] | None:
    """The conversions of a `%` format, in order: (key or None, "str" / "repr" / None for one that
    formats no object by its methods, `%d`); `%%` left out. None where a width or precision is
    `*` (it takes a value of its own) or a conversion is no valid one."""
    out: list[tuple[str | None, str | None]] = []
    for found in _PERCENT.finditer(text):
        key, _, width, precision, kind = found.groups()
        if kind == "%" and key is None and not width and not precision:
            continue
        if "*" in (width, precision) or kind not in "diouxXeEfFgGcrsa":
            return None
        out.append((key, {"s": "str", "r": "repr", "a": "repr"}.get(kind)))
    return out


class _Refused(Exception):
    """A value the model does not compute (too large): not what Python raises."""


def _kind_of_parts(left: Value, right: Value) -> str:
    return "opaque" if any(isinstance(v, Term) and v.is_opaque for v in (left, right)) else "expr"


def _sequence_kind(value: Value) -> str | None:
    """"list" or "tuple" for a sequence the model holds, "literal tuple" for a tuple of literals
    (which may be a module's list kept as one), None for anything else."""
    if isinstance(value, Seq):
        return value.kind
    return "literal tuple" if isinstance(value, Lit) and type(value.value) is tuple else None


def _unhashable_display(node: ast.expr) -> bool:
    """Whether an expression is a display Python cannot hash: a list, dict or set (or their
    comprehensions), or a tuple display holding one."""
    if isinstance(node, (ast.List, ast.ListComp, ast.Dict, ast.DictComp, ast.Set, ast.SetComp)):
        return True
    return isinstance(node, ast.Tuple) and any(not isinstance(el, ast.Starred) and _unhashable_display(el) for el in node.elts)


def _has_effects(node: ast.AST) -> bool:
    return any(isinstance(n, (ast.Call, ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)) for n in ast.walk(node))


MAX_REPEAT = 64  # items `lst * n` is written out to


def _holds_list(value: Value) -> bool:
    """Whether a (conditional) value may be a list object the function holds."""
    return any(isinstance(arm, Ref) for arm in arms(value))


_SCALARS = (type(None), bool, int, float, str)


def _has_collection(value: Value) -> bool:
    """Whether a conditional value may be a list, tuple or dict (an arm, not through helpers)."""
    return any(isinstance(arm, (Seq, Mapping)) for arm in arms(value, named=False))


@functools.lru_cache(maxsize=200_000)
def _holds_refs(value: Value) -> bool:
    """A value `load` must read through: a list object, an index into one, a sequence holding
    classes or functions."""
    if isinstance(value, (Ref, IndexOf)):
        return True
    if isinstance(value, Seq):
        return any(isinstance(i.value, (ClassRef, FunctionRef)) for i in value.items)
    if isinstance(value, Ite):  # (an arm that is a class or a function: read as its term, as a whole one is)
        return any(_holds_refs(arm) or isinstance(arm, (ClassRef, FunctionRef, ModuleRef, Closure)) for arm in (value.then, value.other))
    if isinstance(value, Named):
        return _holds_refs(value.body)
    if isinstance(value, Mapping):
        return any(_holds_list(v) for _, v in value.entries)
    return False


_MAX_PAIRS = 4096  # pairs of alternatives a comparison of two conditional values is distributed over


def _member_wrapper(node: ast.expr) -> ast.expr | None:
    """`X.value`, `X.name`, `X.method(...)`, `str(X)` -> X (checked to be a member by the caller)."""
    if isinstance(node, ast.Attribute) and node.attr in ("value", "name"):
        return node.value
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute) and not node.args and not node.keywords:
            return node.func.value
        if isinstance(node.func, ast.Name) and node.func.id == "str" and len(node.args) == 1:
            return node.args[0]
    return None


def _all_members(value: Value) -> bool:
    if isinstance(value, Term):
        return value.kind == "member"
    if isinstance(value, Ite):
        return _all_members(value.then) and _all_members(value.other)
    if isinstance(value, Named):
        return _all_members(value.body)
    return False


_TRUE_METACLASSES = frozenset({"type", "ABCMeta", "EnumMeta", "EnumType"})  # none defines a class's truth but as true


__all__ = ["ExpressionsMixin", "ModuleRef", "UNBOUND", "FALSE"]


def _as_seq(value: Value) -> Value:
    """A literal tuple as the sequence of its items."""
    if isinstance(value, Lit) and isinstance(value.value, tuple) and not isinstance(value.value, SetLiteral):
        return Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in value.value), "list" if isinstance(value.value, ListLiteral) else "tuple")
    return value


def _has_nan(*values: Value) -> bool:
    """Whether a NaN literal is among the values or the items of a list, tuple or literal."""
    for value in values:
        if isinstance(value, Lit) and (is_nan(value.value) or isinstance(value.value, (tuple, frozenset)) and any(map(is_nan, value.value))):
            return True
        if isinstance(value, Seq) and any(isinstance(i.value, Lit) and is_nan(i.value.value) for i in value.items):
            return True
    return False
