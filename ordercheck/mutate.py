"""Mutation testing of rules: edit a decision the way regressions do, and see which edits the rules
catch. libcst keeps every mutant's formatting, so its lines match the source.

Operators (each applied at one site at a time, inside the target and the same-file helpers it
calls): negate a guard, swap the arms of an if/else, swap two neighbouring guarded returns, drop a
guarded return, drop an operand of `and`/`or`, drop or add a member of a literal collection, move a
threshold comparison (`<=` to `<` and back, or flip its direction); and edits that must change
nothing: rename a local, mirror a comparison, reorder operands of `and`/`or` that call nothing.

Which mutants change some configuration's path is decided exactly by `diff` (the oracle); a mutant
the rules let through while it changes a path "survived", a mutant that changes nothing but makes
the rules fail is "benign-flagged". No I/O: the caller hands in the source and the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

BENIGN = ("rename-local", "mirror-comparison", "reorder-operands")
OPERATORS = ("negate-guard", "swap-arms", "swap-returns", "drop-guard", "drop-operand", "drop-member", "add-member",
             "threshold", *BENIGN)
_MIRROR = {cst.LessThan: cst.GreaterThan, cst.LessThanEqual: cst.GreaterThanEqual,
           cst.GreaterThan: cst.LessThan, cst.GreaterThanEqual: cst.LessThanEqual}


@dataclass(frozen=True)
class Mutant:
    operator: str
    line: int
    description: str
    source: str


@dataclass(frozen=True)
class MutantResult:
    mutant: Mutant
    changes_path: bool  # the oracle: some configuration takes another path (or it cannot be modeled)
    verdict: str  # caught | caught-stale | survived | benign | benign-flagged | unmodeled
    detail: str = ""


def mutants(source: str, functions: set[str]) -> list[Mutant]:
    """Every single-site mutant of the functions named (qualnames) in `source`."""
    module = cst.parse_module(source)
    out: list[Mutant] = []
    for operator in OPERATORS:
        counter = _Sites(operator, functions, -1)
        MetadataWrapper(module, unsafe_skip_copy=True).visit(counter)
        for k in range(counter.count):
            editor = _Sites(operator, functions, k)
            wrapper = MetadataWrapper(module)
            edited = wrapper.visit(editor)
            if editor.done and edited.code != source:
                out.append(Mutant(operator, editor.line, editor.description, edited.code))
    return out


class _Sites(cst.CSTTransformer):
    """Counts the sites of one operator (`target` -1) or applies it at site `target`."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, operator: str, functions: set[str], target: int) -> None:
        super().__init__()
        self.operator, self.functions, self.target = operator, functions, target
        self.count = 0
        self.scope: list[str] = []
        self.inside = 0
        self.done = False
        self.line = 0
        self.description = ""
        self.locals: list[set[str]] = []

    # -- scope: qualnames of classes and functions
    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.scope.append(node.name.value)
        return True

    def leave_ClassDef(self, original, updated):
        self.scope.pop()
        return updated

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.scope.append(node.name.value)
        if ".".join(self.scope) in self.functions:
            self.inside += 1
        return True

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef):
        qualname = ".".join(self.scope)
        self.scope.pop()
        if qualname in self.functions:
            self.inside -= 1
            if self.operator == "rename-local" and not self.done:
                return self._rename(original, updated)
        return updated

    # -- sites
    def _site(self, node: cst.CSTNode, description: str) -> bool:
        """Count a site; True when it is the one to mutate."""
        if not self.inside or self.done:
            return False
        k = self.count
        self.count += 1
        if k == self.target:
            self.done = True
            self.line = self.get_metadata(PositionProvider, node).start.line
            self.description = description
            return True
        return False

    def leave_If(self, original: cst.If, updated: cst.If):
        if self.operator == "negate-guard" and self._site(original, "guard negated"):
            return updated.with_changes(test=cst.UnaryOperation(cst.Not(), cst.ensure_type(
                _parenthesize(updated.test), cst.BaseExpression)))
        if self.operator == "swap-arms" and isinstance(updated.orelse, cst.Else) and self._site(original, "if/else arms swapped"):
            return updated.with_changes(body=updated.orelse.body, orelse=updated.orelse.with_changes(body=updated.body))
        return updated

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock):
        body = list(updated.body)
        if self.operator in ("swap-returns", "drop-guard"):
            for i, stmt in enumerate(body):
                if not _guarded_return(stmt):
                    continue
                if self.operator == "drop-guard" and self._site(original.body[i], "guarded return dropped"):
                    return updated.with_changes(body=body[:i] + body[i + 1:] or [cst.SimpleStatementLine([cst.Pass()])])
                if self.operator == "swap-returns" and i + 1 < len(body) and _guarded_return(body[i + 1]) \
                        and self._site(original.body[i], "two guarded returns swapped"):
                    body[i], body[i + 1] = body[i + 1], body[i]
                    return updated.with_changes(body=body)
        return updated

    def leave_BooleanOperation(self, original: cst.BooleanOperation, updated: cst.BooleanOperation):
        if self.operator == "drop-operand":
            if self._site(original, "left operand of and/or dropped"):
                return updated.right
            if self._site(original, "right operand of and/or dropped"):
                return updated.left
        if self.operator == "reorder-operands" and not _calls(original) and self._site(original, "and/or operands reordered"):
            return updated.with_changes(left=_parenthesize(updated.right), right=_parenthesize(updated.left))
        return updated

    def leave_Comparison(self, original: cst.Comparison, updated: cst.Comparison):
        if len(updated.comparisons) != 1:
            return updated
        target = updated.comparisons[0]
        op = type(target.operator)
        if self.operator == "threshold" and op in _MIRROR:
            swap = {cst.LessThan: cst.LessThanEqual, cst.LessThanEqual: cst.LessThan,
                    cst.GreaterThan: cst.GreaterThanEqual, cst.GreaterThanEqual: cst.GreaterThan}
            if self._site(original, "threshold bound moved (< / <=)"):
                return updated.with_changes(comparisons=[target.with_changes(operator=swap[op]())])
            if self._site(original, "threshold comparison flipped"):
                return updated.with_changes(comparisons=[target.with_changes(operator=_MIRROR[op]())])
        if self.operator == "mirror-comparison" and op in _MIRROR and self._site(original, "comparison mirrored"):
            return cst.Comparison(left=target.comparator, comparisons=[cst.ComparisonTarget(_MIRROR[op](), updated.left)],
                                  lpar=updated.lpar, rpar=updated.rpar)
        return updated

    def _collection(self, original, updated):
        elements = list(updated.elements)
        if not elements or not all(isinstance(e.value, cst.SimpleString) for e in elements):
            return updated
        if self.operator == "drop-member" and len(elements) > 1:
            for i, el in enumerate(elements):
                if self._site(original, f"member {el.value.value} dropped"):
                    kept = elements[:i] + elements[i + 1:]
                    kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT) if not isinstance(updated, cst.Tuple) or len(kept) > 1 else kept[-1]
                    return updated.with_changes(elements=kept)
        if self.operator == "add-member" and self._site(original, "member 'naive' added"):
            last = elements[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            return updated.with_changes(elements=[*elements[:-1], last, cst.Element(cst.SimpleString('"naive"'))])
        return updated

    leave_Tuple = leave_List = leave_Set = _collection

    def _rename(self, original: cst.FunctionDef, updated: cst.FunctionDef):
        names = _assigned_locals(original)
        for name in sorted(names):
            if self._site(original, f"local `{name}` renamed"):
                return updated.visit(_Rename(name, f"{name}_renamed"))
        return updated


class _Rename(cst.CSTTransformer):
    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        return updated.with_changes(value=self.new) if updated.value == self.old else updated

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # the `.attr` part is not a local
        return False

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.Attribute:
        return updated.with_changes(value=original.value.visit(self))

    def visit_Arg(self, node: cst.Arg) -> bool:
        return True

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        return updated.with_changes(keyword=original.keyword)  # keyword names are not locals


def _assigned_locals(fn: cst.FunctionDef) -> set[str]:
    found: set[str] = set()

    class Visitor(cst.CSTVisitor):
        def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
            if isinstance(node.target, cst.Name):
                found.add(node.target.value)

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is fn

    fn.visit(Visitor())
    params = {p.name.value for p in fn.params.params}
    return found - params


def _guarded_return(stmt: cst.CSTNode) -> bool:
    if not isinstance(stmt, cst.If) or stmt.orelse is not None:
        return False
    body = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else []
    return len(body) == 1 and isinstance(body[0], cst.SimpleStatementLine) and isinstance(body[0].body[0], cst.Return)


def _calls(node: cst.CSTNode) -> bool:
    found = False

    class Visitor(cst.CSTVisitor):
        def visit_Call(self, n: cst.Call) -> None:
            nonlocal found
            found = True

    node.visit(Visitor())
    return found


def _parenthesize(expr: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(expr, (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.SimpleString, cst.Integer)) or expr.lpar:
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def judge(mutant: Mutant, changes_path: Callable[[str], bool | None], rules_fail: Callable[[str], str]) -> MutantResult:
    """`changes_path(source)`: True/False from `diff`, None when it cannot say; `rules_fail(source)`:
    "" when the rules pass, "finding" or "stale" (a configuration error) when they do not."""
    changed = changes_path(mutant.source)
    failed = rules_fail(mutant.source)
    if changed is None:
        return MutantResult(mutant, True, "unmodeled", failed)
    if changed:
        verdict = "caught" if failed == "finding" else "caught-stale" if failed == "stale" else "survived"
    else:
        verdict = "benign-flagged" if failed else "benign"
    return MutantResult(mutant, changed, verdict, failed)


__all__ = ["Mutant", "MutantResult", "mutants", "judge", "OPERATORS", "BENIGN"]
