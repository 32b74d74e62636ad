"""The operators: where each applies in a function (`_Sites`, one site at a time) and the mutants
it makes; which functions of a file a target reads (`helpers`)."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from . import edits

BENIGN = ("rename-local", "mirror-comparison", "reorder-operands")
OPERATORS = ("negate-guard", "swap-arms", "swap-returns", "swap-elif", "drop-guard", "unguard", "drop-operand",
             "drop-member", "add-member", "swap-members", "swap-statements", "threshold", *BENIGN)
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

    try:
        index(ast.parse(source), "")
    finally:
        del index  # it calls itself: a cycle otherwise, left to the collector
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
        if op == "negate-guard" and self._site(original, f"guard negated: {edits.head(original.test)}", original.test):
            return updated.with_changes(test=edits.negate(updated.test))
        if op == "swap-arms" and isinstance(updated.orelse, cst.Else) \
                and self._site(original, "if/else arms swapped", original.test):
            return updated.with_changes(body=updated.orelse.body, orelse=updated.orelse.with_changes(body=updated.body))
        if op == "swap-elif" and isinstance(updated.orelse, cst.If) and self._site(
                original, f"elif arms swapped: {edits.head(original.test)} / {edits.head(original.orelse.test)}", original.test):
            other = updated.orelse
            return updated.with_changes(test=other.test, body=other.body,
                                        orelse=other.with_changes(test=updated.test, body=updated.body))
        return updated

    def leave_IfExp(self, original: cst.IfExp, updated: cst.IfExp):
        if self.operator == "negate-guard" \
                and self._site(original, f"condition negated: {edits.head(original.test)}", original.test):
            return updated.with_changes(test=edits.negate(updated.test))
        if self.operator == "swap-arms" and self._site(original, "conditional expression arms swapped", original.test):
            return updated.with_changes(body=updated.orelse, orelse=updated.body)
        return updated

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock):
        body = list(updated.body)
        op = self.operator
        for i, stmt in enumerate(body):
            here = original.body[i]
            if op == "drop-guard" and edits.guarded_exit(stmt) \
                    and self._site(here, f"guarded exit dropped: {edits.head(here.test)}"):
                return updated.with_changes(body=body[:i] + body[i + 1:] or [cst.SimpleStatementLine([cst.Pass()])])
            if op == "unguard" and edits.plain_if(stmt) \
                    and self._site(here, f"guard removed, body always runs: {edits.head(here.test)}"):
                inner = edits.statements(stmt.body)
                inner[0] = inner[0].with_changes(leading_lines=stmt.leading_lines)
                return updated.with_changes(body=body[:i] + inner + body[i + 1:])
            if i + 1 >= len(body):
                continue
            swap = ((op == "swap-returns" and edits.guarded_exit(stmt) and edits.guarded_exit(body[i + 1]))
                    or (op == "swap-statements" and edits.swappable(stmt, body[i + 1])))
            if swap and self._site(here, f"statements at lines {self.positions[here].start.line} and "
                                         f"{self.positions[original.body[i + 1]].start.line} swapped"):
                body[i], body[i + 1] = body[i + 1], body[i]
                return updated.with_changes(body=body)
        return updated

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> bool:
        for child in (node.left, node.right):
            if edits.same_chain(node, child):
                self.inner.add(id(child))
                if id(node) in self.truth:
                    self.truth.add(id(child))
        return True

    def leave_BooleanOperation(self, original: cst.BooleanOperation, updated: cst.BooleanOperation):
        if id(original) in self.inner or self.operator not in ("drop-operand", "reorder-operands"):
            return updated
        old_operands, _ = edits.chain(original)
        operands, operators = edits.chain(updated)
        word = "and" if isinstance(original.operator, cst.And) else "or"
        if self.operator == "drop-operand":
            for i, operand in enumerate(old_operands):
                if self._site(original, f"operand of `{word}` dropped: {edits.head(operand)}", operand):
                    kept = operands[:i] + operands[i + 1:]
                    joins = operators[:max(i - 1, 0)] + operators[max(i, 1):]
                    return edits.rebuild(kept, joins, updated)
        if self.operator == "reorder-operands" and (id(original) in self.truth or all(map(edits.boolean, old_operands))):
            for i in range(len(old_operands) - 1):
                if edits.contains(old_operands[i], cst.Call) or edits.contains(old_operands[i + 1], cst.Call):
                    continue
                if self._site(original, f"operands of `{word}` reordered: {edits.head(old_operands[i])} / "
                                        f"{edits.head(old_operands[i + 1])}", old_operands[i]):
                    swapped = list(operands)
                    swapped[i], swapped[i + 1] = operands[i + 1], operands[i]  # operands of one chain need no new parentheses
                    return edits.rebuild(swapped, operators, updated)
        return updated

    def leave_Comparison(self, original: cst.Comparison, updated: cst.Comparison):
        if len(updated.comparisons) != 1:
            return updated
        target = updated.comparisons[0]
        op = type(target.operator)
        if self.operator == "threshold" and op in _BOUND:
            if self._site(original, f"threshold bound moved: {edits.code(original)}"):
                return updated.with_changes(comparisons=[target.with_changes(operator=_BOUND[op]())])
            if self._site(original, f"threshold comparison flipped: {edits.code(original)}"):
                return updated.with_changes(comparisons=[target.with_changes(operator=_FLIP[op]())])
        if self.operator == "mirror-comparison" and op in _MIRROR \
                and self._site(original, f"comparison mirrored: {edits.code(original)}"):
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
                if self._site(original, f"member {edits.code(el.value)} dropped", el):
                    return updated.with_changes(elements=edits.without(elements, i, isinstance(updated, cst.Tuple)))
        strings = [e.value.evaluated_value for e in elements if isinstance(e.value, cst.SimpleString)]
        if op == "add-member" and elements and len(strings) == len(elements) and ADDED_MEMBER not in strings \
                and self._site(original, f"member '{ADDED_MEMBER}' added"):
            last = elements[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            return updated.with_changes(elements=[*elements[:-1], last, cst.Element(cst.SimpleString(f'"{ADDED_MEMBER}"'),
                                                                                   comma=elements[-1].comma)])
        if op == "swap-members" and not isinstance(updated, cst.Set):
            for i in range(len(elements) - 1):
                if self._site(original, f"members {edits.code(original.elements[i].value)} and "
                                        f"{edits.code(original.elements[i + 1].value)} swapped", original.elements[i]):
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


