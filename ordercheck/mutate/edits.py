"""Edits of libcst trees that keep the code valid and its formatting: negation, operand chains,
collections, statements, and the tests of what a site is."""

from __future__ import annotations

import libcst as cst


def code(node: cst.CSTNode) -> str:
    return " ".join(cst.Module([]).code_for_node(node).split())


def head(node: cst.CSTNode, width: int = 60) -> str:
    text = code(node)
    return f"`{text}`" if len(text) <= width else f"`{text[:width - 3]}...`"


def negate(test: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) and not test.lpar:
        return test.expression
    return cst.UnaryOperation(cst.Not(), parenthesize(test))


def parenthesize(expr: cst.BaseExpression) -> cst.BaseExpression:
    simple = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.SimpleString, cst.Integer, cst.Float, cst.List,
              cst.Tuple, cst.Dict, cst.Set)
    if isinstance(expr, simple) or expr.lpar:
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def same_chain(parent: cst.BooleanOperation, child: cst.CSTNode) -> bool:
    return isinstance(child, cst.BooleanOperation) and type(child.operator) is type(parent.operator) and not child.lpar


def chain(node: cst.BooleanOperation) -> tuple[list[cst.BaseExpression], list[cst.BaseBooleanOp]]:
    """`a and b and c` (nested to the left or right) as its operands and the operators between them."""
    if not isinstance(node, cst.BooleanOperation):
        return [node], []
    left, left_ops = chain(node.left) if same_chain(node, node.left) else ([node.left], [])
    right, right_ops = chain(node.right) if same_chain(node, node.right) else ([node.right], [])
    return left + right, left_ops + [node.operator] + right_ops


def rebuild(operands: list[cst.BaseExpression], operators: list[cst.BaseBooleanOp],
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


def without(elements: list, i: int, is_tuple: bool) -> list:
    """`elements` without the i-th, keeping the trailing-comma style; a one-element tuple keeps its comma."""
    kept = elements[:i] + elements[i + 1:]
    if i == len(elements) - 1:
        kept[-1] = kept[-1].with_changes(comma=elements[i].comma)
    if is_tuple and len(kept) == 1 and not isinstance(kept[0].comma, cst.Comma):
        kept[0] = kept[0].with_changes(comma=cst.Comma())
    return kept


def statements(body: cst.BaseSuite) -> list[cst.BaseStatement]:
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


def contains(node: cst.CSTNode, *kinds: type) -> bool:
    finder = _Finder(kinds)
    node.visit(finder)
    return finder.found


def guarded_exit(stmt: cst.CSTNode) -> bool:
    """`if c: return X` / `if c: raise E` with no else."""
    if not isinstance(stmt, cst.If) or stmt.orelse is not None:
        return False
    body = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else []
    return (len(body) == 1 and isinstance(body[0], cst.SimpleStatementLine) and len(body[0].body) == 1
            and isinstance(body[0].body[0], (cst.Return, cst.Raise)))


def plain_if(stmt: cst.CSTNode) -> bool:
    """An `if` without else whose body does not exit: a guarded assignment or call."""
    return isinstance(stmt, cst.If) and stmt.orelse is None and not contains(stmt.body, cst.Return, cst.Raise)


def call_line(stmt: cst.CSTNode) -> bool:
    return (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)
            and isinstance(stmt.body[0].value, cst.Call))


def swappable(a: cst.CSTNode, b: cst.CSTNode) -> bool:
    return (call_line(a) and call_line(b)) or (plain_if(a) and plain_if(b))


def boolean(node: cst.CSTNode) -> bool:
    """An expression whose value is True or False whatever its operands: `and`/`or` return an
    operand, so only these may change places outside a truth test."""
    if isinstance(node, cst.BooleanOperation):
        return boolean(node.left) and boolean(node.right)
    return isinstance(node, cst.Comparison) or (isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not)) \
        or (isinstance(node, cst.Name) and node.value in ("True", "False"))


