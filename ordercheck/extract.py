"""Source text -> DecisionModel, with libcst.

The extractor executes a function body symbolically, statement by statement, in textual order:
- every `return` / `raise` becomes a `Branch` guarded by the conjunction of the enclosing `if`
  tests (tests of arms that always return are implied by first-match order and left out);
- locals (and `self.x = ...` assignments) are substituted into later expressions, merged as
  conditional values where `if` arms assign differently;
- `@property` helpers and simple same-class methods are inlined as `Named` values;
- loops, `try`, `match`, comprehensions, lambdas become opaque atoms with a `Note`.
No I/O: the caller hands in the source text.
"""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .formula import compare, conj, disj, ite, neg, truth
from .model import (
    TRUE,
    Branch,
    ConfigError,
    DecisionModel,
    Ite,
    Lit,
    Location,
    Named,
    Note,
    Term,
    Value,
)

_COMPARE_OPS = {
    cst.Equal: "==", cst.NotEqual: "!=", cst.LessThan: "<", cst.LessThanEqual: "<=",
    cst.GreaterThan: ">", cst.GreaterThanEqual: ">=", cst.In: "in", cst.NotIn: "not in",
    cst.Is: "is", cst.IsNot: "is not",
}
_NOT_LITERAL = object()
_MAX_INLINE_DEPTH = 12


class _Unsupported(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class ClassInfo:
    name: str
    qualname: str
    methods: dict[str, cst.FunctionDef] = field(default_factory=dict)
    properties: set[str] = field(default_factory=set)
    constants: dict[str, object] = field(default_factory=dict)
    is_enum: bool = False  # members are outcomes, never literals


@dataclass
class ModuleIndex:
    """What a module defines: functions and classes by qualname, module-level literal constants."""

    module: cst.Module
    positions: dict
    lines: list[str]
    functions: dict[str, tuple[cst.FunctionDef, ClassInfo | None]] = field(default_factory=dict)
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    constants: dict[str, object] = field(default_factory=dict)

    def line(self, node: cst.CSTNode) -> int:
        return self.positions[node].start.line

    def col(self, node: cst.CSTNode) -> int:
        return self.positions[node].start.column + 1

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)


def parse(source: str, path: str) -> ModuleIndex | ConfigError:
    """Parse a module and index its functions, classes and constants."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        try:  # CPython's own parser points at the offending token more precisely
            ast.parse(source)
        except SyntaxError as syntax:
            return ConfigError(Location(path, syntax.lineno or 1, syntax.offset or 1), f"cannot parse {path}: {syntax.msg}")
        return ConfigError(Location(path, exc.raw_line, exc.raw_column + 1), f"cannot parse {path}: {exc.message}")
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    index = ModuleIndex(module, positions, source.splitlines())
    _index_body(index, module.body, prefix="", cls=None)
    return index


def _index_body(index: ModuleIndex, body, prefix: str, cls: ClassInfo | None) -> None:
    for stmt in body:
        if isinstance(stmt, cst.FunctionDef):
            qual = prefix + stmt.name.value
            index.functions[qual] = (stmt, cls)
            if cls is not None:
                cls.methods[stmt.name.value] = stmt
                if any(_decorator_name(d) in ("property", "cached_property", "functools.cached_property") for d in stmt.decorators):
                    cls.properties.add(stmt.name.value)
        elif isinstance(stmt, cst.ClassDef):
            qual = prefix + stmt.name.value
            bases = {(dotted(b.value) or "").rsplit(".", 1)[-1] for b in stmt.bases}
            info = ClassInfo(stmt.name.value, qual, is_enum=any("Enum" in b or "Flag" in b for b in bases))
            index.classes[qual] = info
            inner = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else []
            _index_body(index, inner, qual + ".", info)
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                target, value = _simple_assign(small)
                if target is None:
                    continue
                literal = _literal(value)
                if literal is not _NOT_LITERAL and not (cls is not None and cls.is_enum):
                    (cls.constants if cls is not None else index.constants)[target] = literal
        elif isinstance(stmt, cst.If) and cls is None:
            # `if TYPE_CHECKING:` and platform switches: index what they define too
            _index_body(index, stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else [], prefix, cls)


def _decorator_name(dec: cst.Decorator) -> str:
    node = dec.decorator
    if isinstance(node, cst.Call):
        node = node.func
    return dotted(node) or ""


def dotted(node: cst.CSTNode) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def _simple_assign(small: cst.BaseSmallStatement) -> tuple[str | None, cst.BaseExpression | None]:
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        return small.targets[0].target.value, small.value
    if isinstance(small, cst.AnnAssign) and small.value is not None and isinstance(small.target, cst.Name):
        return small.target.value, small.value
    return None, None


def _literal(node: cst.BaseExpression | None) -> object:
    if node is None:
        return _NOT_LITERAL
    if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return _NOT_LITERAL if value is None and not isinstance(node, cst.SimpleString) else value
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _literal(node.expression)
        return -inner if isinstance(inner, (int, float)) and not isinstance(inner, bool) else _NOT_LITERAL
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        items = []
        for el in node.elements:
            if isinstance(el, cst.StarredElement):
                return _NOT_LITERAL
            value = _literal(el.value)
            if value is _NOT_LITERAL:
                return _NOT_LITERAL
            items.append(value)
        return tuple(items)
    return _NOT_LITERAL


def normalize(code: str) -> str:
    """Canonical spacing of an expression's source text."""
    try:
        return ast.unparse(ast.parse(code.strip(), mode="eval"))
    except SyntaxError:
        return " ".join(code.split())


def extract(source: str, path: str, function: str, target: str | None = None) -> DecisionModel | ConfigError:
    """Extract the decision chain of `function` (`Qualname` or `Qualname:variable`) in `source`.

    Returns a DecisionModel, or a ConfigError naming the file, the line and the nearest names
    when the source cannot be parsed, the function does not exist or the variable is never set.
    """
    index = parse(source, path)
    if isinstance(index, ConfigError):
        return index
    return extract_from(index, path, function, target)


def extract_from(index: ModuleIndex, path: str, function: str, target: str | None = None) -> DecisionModel | ConfigError:
    qualname, _, variable = function.partition(":")
    target = target or f"{path}::{function}"
    entry = index.functions.get(qualname)
    if entry is None:
        near = difflib.get_close_matches(qualname, list(index.functions), n=2, cutoff=0.75)
        hints = tuple(f"did you mean `{n}` (line {index.line(index.functions[n][0])})?" for n in near)
        return ConfigError(Location(path, 1), f"no function `{qualname}` in {path}", hints=hints)
    funcdef, cls = entry
    run = _Run(index, path, cls)
    try:
        return run.model(funcdef, qualname, variable or None, target)
    except _Unsupported as exc:
        return ConfigError(Location(path, exc.line), f"unsupported construct in `{qualname}`: {exc.message}")
    except RecursionError:
        return ConfigError(Location(path, index.line(funcdef)), f"`{qualname}` is nested too deeply to model")


@dataclass
class _State:
    guard: object  # Formula
    env: dict[str, Value]


@dataclass
class _Exit:
    guard: object
    value: Value
    node: cst.CSTNode
    kind: str  # return | raise
    guard_node: cst.CSTNode | None


class _Run:
    """One symbolic execution context: a module, a class, notes and inlined helpers."""

    def __init__(self, index: ModuleIndex, path: str, cls: ClassInfo | None) -> None:
        self.index = index
        self.path = path
        self.cls = cls
        self.notes: dict[tuple[int, str], Note] = {}
        self.helpers: dict[str, Named] = {}
        self._inline_stack: list[str] = []
        self._inline_cache: dict[tuple, Value] = {}
        self._variable: str | None = None
        self._variable_values: list[tuple[Value, cst.CSTNode]] = []
        self._stop_line = 0

    # ------------------------------------------------------------ entry
    def model(self, funcdef: cst.FunctionDef, qualname: str, variable: str | None, target: str) -> DecisionModel | ConfigError:
        self._variable = variable
        self._end_line = self.index.positions[funcdef].end.line
        if variable:  # nothing after the variable's last assignment can change it
            lines = [self.index.line(n) for n in _assignments_to(funcdef, variable)]
            self._stop_line = max(lines) if lines else 0
        exits, falls_through, end = self._execute(funcdef, {})
        line = self.index.line(funcdef)
        if variable:
            if not self._variable_values:
                assigned = sorted(self._assigned_names(funcdef))
                near = difflib.get_close_matches(variable, assigned, n=3, cutoff=0.5)
                return ConfigError(
                    Location(self.path, line),
                    f"`{qualname}` never assigns the decision variable `{variable}`",
                    hints=tuple(f"did you mean `{n}`?" for n in near),
                )
            value, node = self._variable_values[-1]
            return self._finish(target, qualname, variable, line, self._value_branches(TRUE, value, node, None, as_bool=True))
        items: list[tuple] = []
        for ex in exits:
            items.extend(self._value_branches(ex.guard, ex.value, ex.node, ex.guard_node, kind=ex.kind))
        if falls_through is not None:
            items.append((falls_through, "None", end, None, "default"))
        return self._finish(target, qualname, None, line, items)

    def _finish(self, target, qualname, variable, line, items) -> DecisionModel:
        branches = []
        for i, (guard, outcome, node, guard_node, kind) in enumerate(items):
            if isinstance(node, int):
                bline, bcol = node, 1
            else:
                bline, bcol = self.index.line(node), self.index.col(node)
            gline = self.index.line(guard_node) if guard_node is not None else 0
            branches.append(Branch(i, guard, outcome, bline, bcol, self._source(gline, bline), kind, gline))
        return DecisionModel(
            target, self.path, qualname, variable, line, tuple(branches),
            tuple(sorted(self.notes.values(), key=lambda n: n.line)), tuple(self.helpers.values()),
            self._end_line,
        )

    def _source(self, guard_line: int, line: int) -> tuple[tuple[int, str], ...]:
        lines = self.index.lines
        wanted = []
        if guard_line and guard_line < line:
            wanted.append(guard_line)
            if line - guard_line <= 3:
                wanted.extend(range(guard_line + 1, line))
        wanted.append(line)
        return tuple((n, lines[n - 1].rstrip()) for n in wanted if 0 < n <= len(lines))

    def _value_branches(self, guard, value, node, guard_node, kind="return", as_bool=False) -> list[tuple]:
        """Split a returned value into (guard, outcome text) items, first-match ordered."""
        out = []
        for cond, leaf in _flatten(value):
            g = conj(guard, cond)
            if isinstance(leaf, Term):
                out.append((g, leaf.text if kind == "return" else f"raise {leaf.text}", node, guard_node, kind))
            elif isinstance(leaf, Lit) and not as_bool:
                out.append((g, _outcome_literal(leaf.value), node, guard_node, kind))
            else:  # a boolean formula: True where it holds, False elsewhere
                f = truth(leaf)
                out.append((conj(g, f), "True", node, guard_node, kind))
                out.append((g, "False", node, guard_node, kind))
        return out

    # ------------------------------------------------------------ statements
    def _execute(self, funcdef: cst.FunctionDef, env: dict[str, Value]):
        exits: list[_Exit] = []
        body = funcdef.body.body if isinstance(funcdef.body, cst.IndentedBlock) else funcdef.body.body
        state = self._block(body, _State(TRUE, dict(env)), exits, None)
        end = self.index.positions[funcdef].end.line
        return exits, (state.guard if state is not None else None), end

    def _block(self, stmts, state: _State | None, exits: list[_Exit], guard_node) -> _State | None:
        for stmt in stmts:
            if state is None:
                break  # unreachable code after a return on every path
            if self._stop_line and self.index.line(stmt) > self._stop_line:
                break
            state = self._statement(stmt, state, exits, guard_node)
        return state

    def _statement(self, stmt, state: _State, exits: list[_Exit], guard_node) -> _State | None:
        if isinstance(stmt, cst.SimpleStatementLine):
            return self._block(stmt.body, state, exits, guard_node)
        if isinstance(stmt, cst.If):
            return self._if(stmt, state, exits)
        if isinstance(stmt, cst.Return):
            value = Lit(None) if stmt.value is None else self._returned(stmt.value, state.env)
            exits.append(_Exit(state.guard, value, stmt, "return", guard_node))
            return None
        if isinstance(stmt, cst.Raise):
            exc = stmt.exc
            if isinstance(exc, cst.Call):
                exc = exc.func
            name = dotted(exc) if exc is not None else None
            exits.append(_Exit(state.guard, Term(name or "exception", self.index.line(stmt)), stmt, "raise", guard_node))
            return None
        if isinstance(stmt, (cst.Assign, cst.AnnAssign)):
            return self._assign(stmt, state)
        if isinstance(stmt, cst.AugAssign):
            self._forget(stmt.target, state, f"augmented assignment at line {self.index.line(stmt)}")
            return state
        if isinstance(stmt, cst.Assert):
            test = truth(self.value(stmt.test, state.env))
            exits.append(_Exit(conj(state.guard, neg(test)), Term("AssertionError"), stmt, "assert", None))
            return state
        if isinstance(stmt, cst.Expr):
            # a call as a statement may change state the guards read; walrus assigns a local
            if isinstance(stmt.value, cst.NamedExpr):
                self.value(stmt.value, state.env)
            return state
        if isinstance(stmt, (cst.Pass, cst.Import, cst.ImportFrom, cst.Global, cst.Nonlocal, cst.Del)):
            return state
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            return state
        if isinstance(stmt, cst.With):
            body = stmt.body.body
            return self._block(body, state, exits, guard_node)
        if isinstance(stmt, (cst.For, cst.While, cst.Try, cst.TryStar, cst.Match, cst.Break, cst.Continue)):
            return self._opaque_block(stmt, state, exits)
        raise _Unsupported(self.index.line(stmt), f"statement `{type(stmt).__name__}`")

    def _if(self, stmt: cst.If, state: _State, exits: list[_Exit]) -> _State | None:
        test = truth(self.value(stmt.test, state.env))
        then = self._block(stmt.body.body, _State(conj(state.guard, test), dict(state.env)), exits, stmt)
        if stmt.orelse is None:
            else_stmts = []
        elif isinstance(stmt.orelse, cst.If):
            else_stmts = [stmt.orelse]
        else:
            else_stmts = stmt.orelse.body.body
        # an arm that always exits makes its test implied by first-match order
        else_guard = state.guard if then is None else conj(state.guard, neg(test))
        other = self._block(else_stmts, _State(else_guard, dict(state.env)), exits, None if then is None else stmt)
        if then is None and other is None:
            return None
        if then is None:
            return _State(state.guard, other.env)
        if other is None:
            return _State(state.guard, then.env)
        merged = {}
        for name in then.env.keys() | other.env.keys():
            a = then.env.get(name, Term(name, self.index.line(stmt), "name"))
            b = other.env.get(name, Term(name, self.index.line(stmt), "name"))
            merged[name] = a if a == b else ite(test, a, b)
        return _State(state.guard, merged)

    def _assign(self, stmt, state: _State) -> _State:
        targets = [t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]
        if stmt.value is None:
            return state
        value = self.value(stmt.value, state.env)
        for target in targets:
            key = dotted(target)
            if key is not None and (isinstance(target, cst.Name) or key.startswith("self.")):
                if not isinstance(value, (Term, Lit)) and isinstance(target, cst.Name):
                    value = Named(target.value, value, self.index.line(stmt), "local")
                    self.helpers.setdefault(target.value, value)
                state.env[key] = value
                if self._variable and key in (self._variable, f"self.{self._variable}"):
                    self._variable_values.append((value, stmt))
            else:
                self._forget(target, state, f"assignment at line {self.index.line(stmt)}")
        return state

    def _forget(self, target, state: _State, why: str) -> None:
        for node in _names_in(target):
            state.env[node] = Term(f"<{node} after {why}>", self.index.line(target), "opaque")

    def _opaque_block(self, stmt, state: _State, exits: list[_Exit]) -> _State:
        line = self.index.line(stmt)
        kind = type(stmt).__name__.lower()
        self.notes.setdefault((line, kind), Note(line, f"`{kind}` not modeled: its exits are guarded by opaque atoms"))
        env = dict(state.env)
        for name in self._assigned_names(stmt):
            env[name] = Term(f"<{name} after {kind} at line {line}>", line, "opaque")
        for node in exits_in(stmt):
            nline = self.index.line(node)
            guard = conj(state.guard, truth(Term(f"<{kind} at line {line} exits at line {nline}>", nline, "opaque")))
            if isinstance(node, cst.Return):
                value = Lit(None) if node.value is None else self._returned(node.value, env)
                exits.append(_Exit(guard, value, node, "return", None))
            else:
                exits.append(_Exit(guard, Term("exception", nline), node, "raise", None))
        return _State(state.guard, env)

    def _assigned_names(self, node) -> set[str]:
        names: set[str] = set()

        class Visitor(cst.CSTVisitor):
            def visit_AssignTarget(self, n):
                names.update(_names_in(n.target))

            def visit_AnnAssign(self, n):
                names.update(_names_in(n.target))

            def visit_AugAssign(self, n):
                names.update(_names_in(n.target))

            def visit_For(self, n):
                names.update(_names_in(n.target))

            def visit_FunctionDef(self, n):
                return n is node

            def visit_Lambda(self, n):
                return False

        node.visit(Visitor())
        return names

    # ------------------------------------------------------------ expressions
    def _returned(self, node: cst.BaseExpression, env) -> Value:
        if isinstance(node, cst.Tuple) and node.elements:  # tuple return: the first element is the outcome
            return self.value(node.elements[0].value, env)
        value = self.value(node, env)
        if isinstance(value, Lit) and isinstance(value.value, tuple) and value.value:
            return Lit(value.value[0])
        return value

    def value(self, node: cst.BaseExpression, env: dict[str, Value]) -> Value:
        """The symbolic value of an expression under the local environment."""
        literal = _literal(node)
        if literal is not _NOT_LITERAL:
            return Lit(literal)
        line = self.index.line(node)
        if isinstance(node, cst.Name):
            if node.value in env:
                return env[node.value]
            if node.value in self.index.constants:
                return Lit(self.index.constants[node.value])
            return Term(node.value, line, "name")
        if isinstance(node, cst.Attribute):
            return self._attribute(node, env)
        if isinstance(node, cst.Call):
            return self._call(node, env)
        if isinstance(node, cst.Subscript):
            base = self.value(node.value, env)
            inside = normalize(self.index.code(node)[len(self.index.code(node.value)):])
            return _project(base, inside, line, "subscript")
        if isinstance(node, cst.BooleanOperation):
            left, right = truth(self.value(node.left, env)), truth(self.value(node.right, env))
            return conj(left, right) if isinstance(node.operator, cst.And) else disj(left, right)
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
            return neg(truth(self.value(node.expression, env)))
        if isinstance(node, cst.Comparison):
            left = self.value(node.left, env)
            parts = []
            for target in node.comparisons:
                right = self.value(target.comparator, env)
                parts.append(compare(left, _COMPARE_OPS[type(target.operator)], right))
                left = right
            return conj(*parts)
        if isinstance(node, cst.IfExp):
            return ite(truth(self.value(node.test, env)), self.value(node.body, env), self.value(node.orelse, env))
        if isinstance(node, cst.NamedExpr):
            value = self.value(node.value, env)
            if isinstance(node.target, cst.Name):
                env[node.target.value] = value
            return value
        if isinstance(node, (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Await, cst.Yield)):
            kind = type(node).__name__
            self.notes.setdefault((line, kind), Note(line, f"`{kind}` not modeled: treated as an opaque atom"))
            return Term(normalize(self.index.code(node)), line, "opaque")
        # arithmetic, f-strings, containers with non-literal items: a value atom of its own text
        return Term(self._text(node, env), line, "expr")

    def _text(self, node: cst.BaseExpression, env) -> str:
        """Source text of an expression with locals substituted where they are plain terms."""

        outer = self

        class Substitute(cst.CSTTransformer):
            def leave_Name(self, original, updated):
                value = env.get(original.value)
                if isinstance(value, Term) and value.kind != "opaque":
                    return cst.parse_expression(value.text) if _parses(value.text) else updated
                if isinstance(value, Lit) and _parses(repr(value.value)):
                    return cst.parse_expression(repr(value.value))
                if value is None and original.value in outer.index.constants:
                    return cst.parse_expression(repr(outer.index.constants[original.value]))
                return updated

        try:
            rewritten = node.visit(Substitute())
            return normalize(cst.Module([]).code_for_node(rewritten))
        except Exception:
            return normalize(self.index.code(node))

    def _attribute(self, node: cst.Attribute, env) -> Value:
        line = self.index.line(node)
        chain = dotted(node)
        if chain is not None and chain in env:
            return env[chain]
        attr = node.attr.value
        base_node = node.value
        if isinstance(base_node, cst.Name) and base_node.value == "self" and self.cls is not None:
            if attr in self.cls.properties:
                return self._inline(attr, {}, line, "property")
            if attr in self.cls.constants:
                return Lit(self.cls.constants[attr])
        if isinstance(base_node, cst.Name) and base_node.value in self.index.classes and base_node.value not in env:
            info = self.index.classes[base_node.value]
            if attr in info.constants:
                return Lit(info.constants[attr])
            # an enum member: equal only to itself, so comparisons of two members fold
            return Term(f"{base_node.value}.{attr}", line, "member" if info.is_enum else "attr")
        return _project(self.value(base_node, env), "." + attr, line, "attr")

    def _call(self, node: cst.Call, env) -> Value:
        line = self.index.line(node)
        func = node.func
        name = dotted(func)
        args = node.args
        if name == "getattr" and len(args) in (2, 3) and isinstance(args[1].value, cst.SimpleString):
            return _project(self.value(args[0].value, env), "." + args[1].value.evaluated_value, line, "attr")
        if name == "bool" and len(args) == 1:
            return truth(self.value(args[0].value, env))
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == "self"
            and self.cls is not None
            and func.attr.value in self.cls.methods
            and func.attr.value not in self.cls.properties
        ):
            method = self.cls.methods[func.attr.value]
            bound = self._bind(method, args, env)
            if bound is not None and is_simple(method):
                return self._inline(func.attr.value, bound, line, "method")
        callee = self.value(func, env) if not isinstance(func, cst.Name) else Term(func.value, line, "name")
        if isinstance(callee, Term) and callee.kind != "opaque":
            rendered = [self._arg_text(a, env) for a in args]
            return Term(f"{callee.text}({', '.join(rendered)})", line, "call")
        return Term(self._text(node, env), line, "call")

    def _arg_text(self, arg: cst.Arg, env) -> str:
        text = self._text(arg.value, env)
        if arg.keyword is not None:
            return f"{arg.keyword.value}={text}"
        return ("*" if arg.star == "*" else "**" if arg.star == "**" else "") + text

    def _bind(self, method: cst.FunctionDef, args, env) -> dict[str, Value] | None:
        params = [p.name.value for p in method.params.params]
        if not params or params[0] != "self" or method.params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) and not isinstance(method.params.star_arg, cst.ParamStar):
            return None
        params = params[1:]
        bound: dict[str, Value] = {}
        positional = [a for a in args if a.keyword is None and not a.star]
        if any(a.star for a in args) or len(positional) > len(params):
            return None
        for pname, arg in zip(params, positional):
            bound[pname] = self.value(arg.value, env)
        for arg in args:
            if arg.keyword is not None:
                bound[arg.keyword.value] = self.value(arg.value, env)
        for p in [*method.params.params[1:], *method.params.kwonly_params]:
            if p.name.value not in bound:
                if p.default is None:
                    return None
                bound[p.name.value] = self.value(p.default, {})
        return bound

    def _inline(self, name: str, bound: dict[str, Value], line: int, kind: str) -> Value:
        method = self.cls.methods[name]  # type: ignore[union-attr]
        key = (name, tuple(sorted(bound.items(), key=lambda kv: kv[0])))
        if key in self._inline_cache:
            return self._inline_cache[key]
        if name in self._inline_stack or len(self._inline_stack) >= _MAX_INLINE_DEPTH:
            self.notes.setdefault((line, "recursion"), Note(line, f"`{name}` is recursive: treated as an opaque atom"))
            return Term(f"self.{name}" + ("" if kind == "property" else "()"), line, "call")
        self._inline_stack.append(name)
        saved = self._variable
        self._variable = None
        try:
            exits, falls_through, _ = self._execute(method, bound)
        finally:
            self._variable = saved
            self._inline_stack.pop()
        value: Value = Lit(None)
        for ex in reversed(exits):
            if ex.kind in ("raise", "assert"):
                self.notes.setdefault((self.index.line(ex.node), "raise"), Note(
                    self.index.line(ex.node), f"`{name}` may raise here: modeled as returning None"))
                leaf: Value = Lit(None)
            else:
                leaf = ex.value
            value = ite(ex.guard, leaf, value)
        result: Value = value if isinstance(value, Lit) else Named(name, value, self.index.line(method), kind)
        if not bound:
            self.helpers.setdefault(name, result) if isinstance(result, Named) else None
        self._inline_cache[key] = result
        return result


def _parses(text: str) -> bool:
    try:
        cst.parse_expression(text)
        return True
    except Exception:
        return False


def _project(base: Value, suffix: str, line: int, kind: str) -> Value:
    """`base.attr` or `base[...]` for any symbolic base, distributing over conditional values."""
    if isinstance(base, Named):
        return _project(base.body, suffix, line, kind)
    if isinstance(base, Ite):
        return ite(base.cond, _project(base.then, suffix, line, kind), _project(base.other, suffix, line, kind))
    if isinstance(base, Term):
        return Term(base.text + suffix, line, "opaque" if base.kind == "opaque" else kind)
    if isinstance(base, Lit):
        return Term(f"{base.value!r}{suffix}", line, "opaque")
    return Term(f"<expr>{suffix}", line, "opaque")


def _flatten(value: Value) -> list[tuple[object, Value]]:
    """A conditional value as first-match (condition, leaf) pairs."""
    if isinstance(value, Named) and not isinstance(value.body, (Term, Lit, Ite)):
        return [(TRUE, value)]
    if isinstance(value, Named):
        return _flatten(value.body)
    if isinstance(value, Ite):
        then = [(conj(value.cond, c), leaf) for c, leaf in _flatten(value.then)]
        return then + _flatten(value.other)
    return [(TRUE, value)]


def _outcome_literal(value: object) -> str:
    return repr(value)


def _names_in(target) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        out = []
        for el in target.elements:
            out.extend(_names_in(el.value))
        return out
    if isinstance(target, cst.StarredElement):
        return _names_in(target.value)
    chain = dotted(target)
    return [chain] if chain and chain.startswith("self.") else []


def _assignments_to(funcdef: cst.FunctionDef, variable: str) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []
    wanted = {variable, f"self.{variable}"}

    class Visitor(cst.CSTVisitor):
        def visit_Assign(self, n):
            if any(dotted(t.target) in wanted for t in n.targets):
                found.append(n)

        def visit_AnnAssign(self, n):
            if dotted(n.target) in wanted:
                found.append(n)

    funcdef.body.visit(Visitor())
    return found


def exits_in(node) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []

    class Visitor(cst.CSTVisitor):
        def visit_Return(self, n):
            found.append(n)

        def visit_Raise(self, n):
            found.append(n)

        def visit_FunctionDef(self, n):
            return False

        def visit_Lambda(self, n):
            return False

    node.visit(Visitor())
    return found


def is_simple(method: cst.FunctionDef) -> bool:
    """A method we may inline: it assigns no attribute and calls nothing as a statement."""
    simple = True

    class Visitor(cst.CSTVisitor):
        def visit_Expr(self, n):
            nonlocal simple
            if isinstance(n.value, cst.Call):
                simple = False

        def visit_AssignTarget(self, n):
            nonlocal simple
            if not isinstance(n.target, (cst.Name, cst.Tuple)):
                simple = False

        def visit_AugAssign(self, n):
            nonlocal simple
            if not isinstance(n.target, cst.Name):
                simple = False

    method.body.visit(Visitor())
    return simple


__all__ = ["extract", "extract_from", "parse", "normalize", "ModuleIndex"]
