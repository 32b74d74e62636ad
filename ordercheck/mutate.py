"""Mutation testing of rules: edit a decision the way regressions do, and see which edits the rules
catch. libcst keeps every mutant's formatting, so its lines match the source. No I/O: the caller
hands in the source, the models and the rules' verdicts.

Operators, each applied at one site at a time inside the target and the same-file helpers it
calls (`helpers`):
- negate-guard: `if c` -> `if not c` (an `elif` or a conditional expression too; `not c` -> `c`);
- swap-arms: the two arms of an if/else or of a conditional expression change places;
- swap-returns: two neighbouring guarded `return`s (or `raise`s) change places;
- swap-elif: two neighbouring arms of an if/elif chain change places (tests with their bodies);
- drop-guard: a guarded `return` / `raise` is deleted;
- unguard: an `if` without `else` (a default applied "when the user chose nothing") loses its
  condition: its body always runs;
- drop-operand: one operand of an `and` / `or` chain is deleted (a conjunct of a platform guard);
- drop-member / add-member: a member of a literal list, tuple or set is deleted / a fresh string
  is added to a collection of strings;
- swap-members: two neighbouring members of a literal list or tuple change places (a priority
  list reordered);
- swap-statements: two neighbouring calls on their own lines (`append`, `insert`, a move-to-front
  helper), or two neighbouring `if` blocks without exits, change places;
- threshold: a comparison's bound moves (`<=` / `<`) or its direction flips (`<=` / `>=`);
and edits that must change no configuration's path (BENIGN): rename a local, mirror a comparison
(`a <= b` -> `b >= a`), swap neighbouring operands of an `and` / `or` that is read as a truth
value and calls nothing.

`oracle` decides with `diff` whether a mutant changes some configuration's path; `judge` turns
that and the rules' verdicts into one of VERDICTS.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .diff import TargetDiff, diff_models
from .formula import named, terms_all
from .model import ConfigError, DecisionModel

BENIGN = ("rename-local", "mirror-comparison", "reorder-operands")
OPERATORS = ("negate-guard", "swap-arms", "swap-returns", "swap-elif", "drop-guard", "unguard", "drop-operand",
             "drop-member", "add-member", "swap-members", "swap-statements", "threshold", *BENIGN)
VERDICTS = ("caught", "caught-stale", "survived", "benign", "benign-flagged", "unmodeled")
ADDED_MEMBER = "added_by_mutation"
_MIRROR = {cst.LessThan: cst.GreaterThan, cst.LessThanEqual: cst.GreaterThanEqual, cst.GreaterThan: cst.LessThan,
           cst.GreaterThanEqual: cst.LessThanEqual, cst.Equal: cst.Equal, cst.NotEqual: cst.NotEqual}
_BOUND = {cst.LessThan: cst.LessThanEqual, cst.LessThanEqual: cst.LessThan, cst.GreaterThan: cst.GreaterThanEqual,
          cst.GreaterThanEqual: cst.GreaterThan}
_FLIP = {cst.LessThan: cst.GreaterThan, cst.LessThanEqual: cst.GreaterThanEqual, cst.GreaterThan: cst.LessThan,
         cst.GreaterThanEqual: cst.LessThanEqual}


@dataclass(frozen=True)
class Mutant:
    """One edit at one site: `source` is the whole edited file; `line`..`end_line` the edited
    lines of the original; `function` the innermost function holding them, `span` its lines."""

    operator: str
    function: str
    line: int
    end_line: int
    description: str
    source: str
    span: tuple[int, int] = (0, 0)
    edit: tuple[str, ...] = ()  # the changed lines, `-old` / `+new`

    @property
    def benign(self) -> bool:
        return self.operator in BENIGN


# ---------------------------------------------------------------- which functions


def helpers(source: str, qualname: str) -> list[str]:
    """`qualname` (a `:variable` suffix is ignored) and the functions of the same file it reaches
    through calls and attribute reads (`self.prop`, `helper(...)`, `Class.method`,
    `getattr(self, "name")`), transitively; [] when the file does not define it."""
    defs: dict[str, ast.AST] = {}
    classes: set[str] = set()

    def index(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{scope}.{child.name}" if scope else child.name
                if isinstance(child, ast.ClassDef):
                    classes.add(name)
                else:
                    defs[name] = child
                index(child, name)

    index(ast.parse(source), "")
    start = qualname.partition(":")[0]
    if start not in defs:
        return []
    found = [start]
    for current in found:
        owner = current.rpartition(".")[0]
        while owner and owner not in classes:  # the class of a method, also from a nested function
            owner = owner.rpartition(".")[0]
        for node in (n for statement in defs[current].body for n in ast.walk(statement)):  # not its decorators
            names: list[str] = []
            if isinstance(node, ast.Name):
                names = [node.id]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                base = node.value.id
                names = [f"{owner}.{node.attr}" if owner and base in ("self", "cls", owner.rpartition(".")[2])
                         else f"{base}.{node.attr}"]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and owner:
                names = [f"{owner}.{node.value}"]
            for name in names:
                if name in defs and name not in found and not name.startswith(start + "."):
                    found.append(name)
    return found


# ---------------------------------------------------------------- mutants


def mutants(source: str, functions: Iterable[str], operators: Iterable[str] = OPERATORS,
            keep: Iterable[str] = ()) -> list[Mutant]:
    """Every single-site mutant of the functions named (qualnames) in `source`, by operator, in
    source order; each mutant's source parses. `keep`: locals rename-local leaves alone (the
    decision variables that targets name: renaming one makes the target vanish)."""
    wanted = set(functions)
    keep = frozenset(keep)
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    out: list[Mutant] = []
    for operator in operators:
        if operator not in OPERATORS:
            raise ValueError(f"unknown mutation operator {operator!r} (known: {', '.join(OPERATORS)})")
        counter = _Sites(operator, wanted, positions, -1, keep)
        wrapper.module.visit(counter)
        for k in range(counter.count):
            editor = _Sites(operator, wanted, positions, k, keep)
            edited = wrapper.module.visit(editor).code
            if editor.done and edited != source and _parses(edited):
                out.append(Mutant(operator, editor.function, editor.line, editor.end_line, editor.description, edited,
                                  editor.span, _edit(source, edited)))
    return out


def _edit(before: str, after: str) -> tuple[str, ...]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return tuple(line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---")))


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True


class _Sites(cst.CSTTransformer):
    """Counts the sites of one operator (`target` -1) or applies it at site `target`."""

    def __init__(self, operator: str, functions: set[str], positions, target: int, keep: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.operator, self.functions, self.positions, self.target = operator, functions, positions, target
        self.keep = keep
        self.count = 0
        self.scope: list[str] = []
        self.spans: list[tuple[str, tuple[int, int]]] = []  # the functions we are in, innermost last
        self.inside = 0
        self.done = False
        self.function, self.line, self.end_line, self.description, self.span = "", 0, 0, "", (0, 0)
        self.truth: set[int] = set()  # ids of expressions read only as a truth value
        self.inner: set[int] = set()  # ids of `and`/`or` nodes that are operands of a chain of the same operator
        self.targets: set[int] = set()  # ids of loop targets

    # -- scope: qualnames of classes and functions
    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.scope.append(node.name.value)
        return True

    def leave_ClassDef(self, original, updated):
        self.scope.pop()
        return updated

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.scope.append(node.name.value)
        qualname = ".".join(self.scope)
        position = self.positions[node]
        self.spans.append((qualname, (position.start.line, position.end.line)))
        if qualname in self.functions:
            self.inside += 1
        return True

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef):
        qualname = ".".join(self.scope)
        if self.operator == "rename-local" and qualname in self.functions and not self.done:
            updated = self._rename(original, updated)
        if qualname in self.functions:
            self.inside -= 1
        self.scope.pop()
        self.spans.pop()
        return updated

    # -- sites
    def _site(self, node: cst.CSTNode, description: str, line_of: cst.CSTNode | None = None) -> bool:
        """Count a site; True when it is the one to mutate."""
        if not self.inside or self.done:
            return False
        k = self.count
        self.count += 1
        if k != self.target:
            return False
        self.done = True
        position = self.positions[line_of or node]
        self.line, self.end_line = position.start.line, position.end.line
        self.function, self.span = self.spans[-1]
        self.description = description
        return True

    def _mark_truth(self, test: cst.BaseExpression) -> None:
        stack = [test]
        while stack:
            node = stack.pop()
            self.truth.add(id(node))
            if isinstance(node, cst.BooleanOperation):
                stack += [node.left, node.right]
            elif isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
                stack.append(node.expression)

    def visit_If(self, node: cst.If) -> bool:
        self._mark_truth(node.test)
        return True

    def visit_IfExp(self, node: cst.IfExp) -> bool:
        self._mark_truth(node.test)
        return True

    def leave_If(self, original: cst.If, updated: cst.If):
        op = self.operator
        if op == "negate-guard" and self._site(original, f"guard negated: {_head(original.test)}", original.test):
            return updated.with_changes(test=_negate(updated.test))
        if op == "swap-arms" and isinstance(updated.orelse, cst.Else) and self._site(original, "if/else arms swapped", original.test):
            return updated.with_changes(body=updated.orelse.body, orelse=updated.orelse.with_changes(body=updated.body))
        if op == "swap-elif" and isinstance(updated.orelse, cst.If) and self._site(
                original, f"elif arms swapped: {_head(original.test)} / {_head(original.orelse.test)}", original.test):
            other = updated.orelse
            return updated.with_changes(test=other.test, body=other.body,
                                        orelse=other.with_changes(test=updated.test, body=updated.body))
        return updated

    def leave_IfExp(self, original: cst.IfExp, updated: cst.IfExp):
        if self.operator == "negate-guard" and self._site(original, f"condition negated: {_head(original.test)}", original.test):
            return updated.with_changes(test=_negate(updated.test))
        if self.operator == "swap-arms" and self._site(original, "conditional expression arms swapped", original.test):
            return updated.with_changes(body=updated.orelse, orelse=updated.body)
        return updated

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock):
        body = list(updated.body)
        op = self.operator
        for i, stmt in enumerate(body):
            here = original.body[i]
            if op == "drop-guard" and _guarded_exit(stmt) and self._site(here, f"guarded exit dropped: {_head(here.test)}"):
                return updated.with_changes(body=body[:i] + body[i + 1:] or [cst.SimpleStatementLine([cst.Pass()])])
            if op == "unguard" and _plain_if(stmt) and self._site(here, f"guard removed, body always runs: {_head(here.test)}"):
                inner = _statements(stmt.body)
                inner[0] = inner[0].with_changes(leading_lines=stmt.leading_lines)
                return updated.with_changes(body=body[:i] + inner + body[i + 1:])
            if i + 1 >= len(body):
                continue
            swap = ((op == "swap-returns" and _guarded_exit(stmt) and _guarded_exit(body[i + 1]))
                    or (op == "swap-statements" and _swappable(stmt, body[i + 1])))
            if swap and self._site(here, f"statements at lines {self.positions[here].start.line} and "
                                         f"{self.positions[original.body[i + 1]].start.line} swapped"):
                body[i], body[i + 1] = body[i + 1], body[i]
                return updated.with_changes(body=body)
        return updated

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> bool:
        for child in (node.left, node.right):
            if _same_chain(node, child):
                self.inner.add(id(child))
                if id(node) in self.truth:
                    self.truth.add(id(child))
        return True

    def leave_BooleanOperation(self, original: cst.BooleanOperation, updated: cst.BooleanOperation):
        if id(original) in self.inner or self.operator not in ("drop-operand", "reorder-operands"):
            return updated
        old_operands, _ = _chain(original)
        operands, operators = _chain(updated)
        word = "and" if isinstance(original.operator, cst.And) else "or"
        if self.operator == "drop-operand":
            for i, operand in enumerate(old_operands):
                if self._site(original, f"operand of `{word}` dropped: {_head(operand)}", operand):
                    kept = operands[:i] + operands[i + 1:]
                    joins = operators[:max(i - 1, 0)] + operators[max(i, 1):]
                    return _rebuild(kept, joins, updated)
        if self.operator == "reorder-operands" and (id(original) in self.truth or all(map(_boolean, old_operands))):
            for i in range(len(old_operands) - 1):
                if _contains(old_operands[i], cst.Call) or _contains(old_operands[i + 1], cst.Call):
                    continue
                if self._site(original, f"operands of `{word}` reordered: {_head(old_operands[i])} / "
                                        f"{_head(old_operands[i + 1])}", old_operands[i]):
                    swapped = list(operands)
                    swapped[i], swapped[i + 1] = operands[i + 1], operands[i]  # operands of one chain need no new parentheses
                    return _rebuild(swapped, operators, updated)
        return updated

    def leave_Comparison(self, original: cst.Comparison, updated: cst.Comparison):
        if len(updated.comparisons) != 1:
            return updated
        target = updated.comparisons[0]
        op = type(target.operator)
        if self.operator == "threshold" and op in _BOUND:
            if self._site(original, f"threshold bound moved: {_code(original)}"):
                return updated.with_changes(comparisons=[target.with_changes(operator=_BOUND[op]())])
            if self._site(original, f"threshold comparison flipped: {_code(original)}"):
                return updated.with_changes(comparisons=[target.with_changes(operator=_FLIP[op]())])
        if self.operator == "mirror-comparison" and op in _MIRROR and self._site(original, f"comparison mirrored: {_code(original)}"):
            space = cst.SimpleWhitespace(" ")
            return cst.Comparison(left=target.comparator, lpar=updated.lpar, rpar=updated.rpar, comparisons=[
                cst.ComparisonTarget(_MIRROR[op](whitespace_before=space, whitespace_after=space), updated.left)])
        return updated

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        return False  # `a, b = ...` unpacks: not a collection to edit

    def visit_For(self, node: cst.For) -> bool:
        self.targets.add(id(node.target))  # `for a, b in ...` unpacks too
        return True

    def visit_CompFor(self, node: cst.CompFor) -> bool:
        self.targets.add(id(node.target))
        return True

    def _collection(self, original, updated):
        if id(original) in self.targets:
            return updated
        elements = list(updated.elements)
        op = self.operator
        if op == "drop-member" and len(elements) > 1:
            for i, el in enumerate(original.elements):
                if self._site(original, f"member {_code(el.value)} dropped", el):
                    return updated.with_changes(elements=_without(elements, i, isinstance(updated, cst.Tuple)))
        strings = [e.value.evaluated_value for e in elements if isinstance(e.value, cst.SimpleString)]
        if op == "add-member" and elements and len(strings) == len(elements) and ADDED_MEMBER not in strings \
                and self._site(original, f"member '{ADDED_MEMBER}' added"):
            last = elements[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            return updated.with_changes(elements=[*elements[:-1], last, cst.Element(cst.SimpleString(f'"{ADDED_MEMBER}"'),
                                                                                   comma=elements[-1].comma)])
        if op == "swap-members" and not isinstance(updated, cst.Set):
            for i in range(len(elements) - 1):
                if self._site(original, f"members {_code(original.elements[i].value)} and "
                                        f"{_code(original.elements[i + 1].value)} swapped", original.elements[i]):
                    swapped = list(elements)
                    swapped[i] = elements[i + 1].with_changes(comma=elements[i].comma)
                    swapped[i + 1] = elements[i].with_changes(comma=elements[i + 1].comma)
                    return updated.with_changes(elements=swapped)
        return updated

    leave_Tuple = leave_List = leave_Set = _collection

    def _rename(self, original: cst.FunctionDef, updated: cst.FunctionDef):
        for name in sorted(_assigned_locals(original) - self.keep):
            if self._site(original, f"local `{name}` renamed to `{name}_renamed`", original.name):
                return updated.visit(_Rename(name, f"{name}_renamed"))
        return updated


class _Rename(cst.CSTTransformer):
    """Every `Name` `old` becomes `new`, but not attribute names or keyword argument names."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        return updated.with_changes(value=self.new) if updated.value == self.old else updated

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.Attribute:
        return updated.with_changes(attr=original.attr)

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        return updated.with_changes(keyword=original.keyword)


def _assigned_locals(fn: cst.FunctionDef) -> set[str]:
    """Names the function itself assigns (`x = ...`, `x: T = ...`), not its parameters, not
    names it declares global or nonlocal."""
    found: set[str] = set()
    declared: set[str] = set()

    class Visitor(cst.CSTVisitor):
        def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
            if isinstance(node.target, cst.Name):
                found.add(node.target.value)

        def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
            if isinstance(node.target, cst.Name):
                found.add(node.target.value)

        def visit_Global(self, node: cst.Global) -> None:
            declared.update(n.name.value for n in node.names)

        visit_Nonlocal = visit_Global

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is fn

    fn.visit(Visitor())
    params = {p.name.value for p in (*fn.params.params, *fn.params.kwonly_params, *fn.params.posonly_params)}
    return found - params - declared


# ---------------------------------------------------------------- edits


def _code(node: cst.CSTNode) -> str:
    return " ".join(cst.Module([]).code_for_node(node).split())


def _head(node: cst.CSTNode, width: int = 60) -> str:
    text = _code(node)
    return f"`{text}`" if len(text) <= width else f"`{text[:width - 3]}...`"


def _negate(test: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) and not test.lpar:
        return test.expression
    return cst.UnaryOperation(cst.Not(), _parenthesize(test))


def _parenthesize(expr: cst.BaseExpression) -> cst.BaseExpression:
    simple = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.SimpleString, cst.Integer, cst.Float, cst.List,
              cst.Tuple, cst.Dict, cst.Set)
    if isinstance(expr, simple) or expr.lpar:
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _same_chain(parent: cst.BooleanOperation, child: cst.CSTNode) -> bool:
    return isinstance(child, cst.BooleanOperation) and type(child.operator) is type(parent.operator) and not child.lpar


def _chain(node: cst.BooleanOperation) -> tuple[list[cst.BaseExpression], list[cst.BaseBooleanOp]]:
    """`a and b and c` (nested to the left or right) as its operands and the operators between them."""
    if not isinstance(node, cst.BooleanOperation):
        return [node], []
    left, left_ops = _chain(node.left) if _same_chain(node, node.left) else ([node.left], [])
    right, right_ops = _chain(node.right) if _same_chain(node, node.right) else ([node.right], [])
    return left + right, left_ops + [node.operator] + right_ops


def _rebuild(operands: list[cst.BaseExpression], operators: list[cst.BaseBooleanOp],
             top: cst.BooleanOperation) -> cst.BaseExpression:
    """A chain from its operands and operators, keeping the parentheses of the chain it replaces."""
    expr = operands[0]
    for operator, operand in zip(operators, operands[1:]):
        expr = cst.BooleanOperation(left=expr, operator=operator, right=operand)
    if top.lpar and not expr.lpar:
        expr = expr.with_changes(lpar=top.lpar, rpar=top.rpar)
    elif top.lpar:
        expr = expr.with_changes(lpar=[*top.lpar, *expr.lpar], rpar=[*expr.rpar, *top.rpar])
    return expr


def _without(elements: list, i: int, is_tuple: bool) -> list:
    """`elements` without the i-th, keeping the trailing-comma style; a one-element tuple keeps its comma."""
    kept = elements[:i] + elements[i + 1:]
    if i == len(elements) - 1:
        kept[-1] = kept[-1].with_changes(comma=elements[i].comma)
    if is_tuple and len(kept) == 1 and not isinstance(kept[0].comma, cst.Comma):
        kept[0] = kept[0].with_changes(comma=cst.Comma())
    return kept


def _statements(body: cst.BaseSuite) -> list[cst.BaseStatement]:
    if isinstance(body, cst.IndentedBlock):
        return list(body.body)
    return [cst.SimpleStatementLine(list(body.body))]


class _Finder(cst.CSTVisitor):
    """Whether a node holds a node of some kinds, outside nested functions."""

    def __init__(self, kinds: tuple[type, ...]) -> None:
        super().__init__()
        self.kinds, self.found = kinds, False

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.found = self.found or isinstance(node, self.kinds)
        return not self.found and not isinstance(node, (cst.FunctionDef, cst.Lambda))


def _contains(node: cst.CSTNode, *kinds: type) -> bool:
    finder = _Finder(kinds)
    node.visit(finder)
    return finder.found


def _guarded_exit(stmt: cst.CSTNode) -> bool:
    """`if c: return X` / `if c: raise E` with no else."""
    if not isinstance(stmt, cst.If) or stmt.orelse is not None:
        return False
    body = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else []
    return (len(body) == 1 and isinstance(body[0], cst.SimpleStatementLine) and len(body[0].body) == 1
            and isinstance(body[0].body[0], (cst.Return, cst.Raise)))


def _plain_if(stmt: cst.CSTNode) -> bool:
    """An `if` without else whose body does not exit: a guarded assignment or call."""
    return isinstance(stmt, cst.If) and stmt.orelse is None and not _contains(stmt.body, cst.Return, cst.Raise)


def _call_line(stmt: cst.CSTNode) -> bool:
    return (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)
            and isinstance(stmt.body[0].value, cst.Call))


def _swappable(a: cst.CSTNode, b: cst.CSTNode) -> bool:
    return (_call_line(a) and _call_line(b)) or (_plain_if(a) and _plain_if(b))


def _boolean(node: cst.CSTNode) -> bool:
    """An expression whose value is True or False whatever its operands: `and`/`or` return an
    operand, so only these may change places outside a truth test."""
    if isinstance(node, cst.BooleanOperation):
        return _boolean(node.left) and _boolean(node.right)
    return isinstance(node, cst.Comparison) or (isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not)) \
        or (isinstance(node, cst.Name) and node.value in ("True", "False"))


# ---------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Oracle:
    """What `diff` says about a mutant: `changed` of `total` configurations take another path
    (summed over the targets that read the edited function); `changed` None: it cannot say, and
    `reason` says why."""

    changed: int | None
    total: int = 0
    targets: tuple[str, ...] = ()  # the targets whose path changed
    reason: str = ""
    diff: TargetDiff | None = field(default=None, compare=False, repr=False)  # the first target's, with its regions

    @property
    def changes_path(self) -> bool:
        return bool(self.changed)


def oracle(mutant: Mutant, pairs: Iterable[tuple[str, DecisionModel, DecisionModel | ConfigError | None]],
           read_by: Iterable[str] = ()) -> Oracle:
    """Compare, for each target that reads the edited function, its model before and after the
    edit (`pairs`: target, original model, mutated model). An edit the mutated model cannot hold
    (an error, a vanished target), or one that changes nothing but touches code the models do not
    see (an opaque helper, a line with an unmodeled note), is unmodeled: diff cannot speak for it.
    `read_by`: targets known to read the edited function (another edit of it changed their path)."""
    read_by = set(read_by)
    changed = total = 0
    moved: list[str] = []
    unseen: list[str] = []
    first: TargetDiff | None = None
    for target, before, after in pairs:
        if not isinstance(after, DecisionModel):
            reason = after.message if isinstance(after, ConfigError) else "the target vanished"
            return Oracle(None, reason=f"{target}: {reason}")
        diff = diff_models(before, after, renames=False)
        total += diff.total
        if diff.changed:
            changed += diff.changed
            moved.append(target)
            first = first or diff
        elif not (_sees(before, mutant) or target in read_by) or _unmodeled(before, mutant):
            unseen.append(target)
    if not changed and unseen:
        return Oracle(None, total, reason=f"lines {mutant.line}-{mutant.end_line} of `{mutant.function}` are not modeled "
                                          f"in {', '.join(unseen)}: an opaque call or unmodeled code")
    return Oracle(changed, total, tuple(moved), diff=first)


def _model_lines(model: DecisionModel) -> tuple[set[int], set[int]]:
    """The source lines a model reads (branches, guards, inlined helpers) and those it notes as unmodeled."""
    lines: set[int] = set()
    for branch in model.branches:
        lines.update((branch.line, branch.guard_line, *(n for n, _ in branch.source)))
        lines.update(t.line for t in terms_all(branch.guard))
        lines.update(h.line for h in named(branch.guard))
    lines.update(h.line for h in model.helpers)
    return lines - {0}, {note.line for note in model.notes}


def _sees(model: DecisionModel, mutant: Mutant) -> bool:
    """Whether the (original) model reads some line of the edited function."""
    start, end = mutant.span
    return any(start <= n <= end for n in _model_lines(model)[0])


def _unmodeled(model: DecisionModel, mutant: Mutant) -> bool:
    """Whether the model notes unmodeled code on the edited lines."""
    return any(mutant.line <= n <= mutant.end_line for n in _model_lines(model)[1])


@dataclass(frozen=True)
class MutantResult:
    mutant: Mutant
    oracle: Oracle
    verdict: str  # one of VERDICTS
    caught_by: tuple[str, ...] = ()  # rules with a finding the original does not have
    stale: tuple[str, ...] = ()  # rules that became configuration errors


def judge(mutant: Mutant, said: Oracle, caught_by: Iterable[str] = (), stale: Iterable[str] = ()) -> MutantResult:
    """The verdict on a mutant from the oracle and the rules that now fail (new findings) or went
    stale (new configuration errors): caught, caught-stale or survived when it changes a path;
    benign or benign-flagged when it changes none; unmodeled when the oracle cannot say."""
    caught_by, stale = tuple(dict.fromkeys(caught_by)), tuple(dict.fromkeys(stale))
    if said.changed is None:
        verdict = "unmodeled"
    elif said.changed:
        verdict = "caught" if caught_by else "caught-stale" if stale else "survived"
    else:
        verdict = "benign-flagged" if caught_by or stale else "benign"
    return MutantResult(mutant, said, verdict, caught_by, stale)


def score(results: Iterable[MutantResult]) -> tuple[int, int]:
    """(caught, path-changing): caught counts caught-stale too (a stale rule fails the check)."""
    results = list(results)
    caught = sum(r.verdict in ("caught", "caught-stale") for r in results)
    return caught, caught + sum(r.verdict == "survived" for r in results)


__all__ = ["Mutant", "MutantResult", "Oracle", "mutants", "helpers", "oracle", "judge", "score", "OPERATORS",
           "BENIGN", "VERDICTS"]
