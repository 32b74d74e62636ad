"""Atoms the model keeps as text that Python computes from other values: arithmetic (`n + 1`,
`-n`), builtins (`len(mode)`, `abs(n)`, `isinstance(cfg.s, str)`) and methods of str values
(`mode.startswith("x")`, `cfg.m.upper()`).

The decision diagram gives each atom a variable of its own, free of the others. For a computed
atom that is not so: a configuration giving `n` the class `>5` and `n + 1` the class `1` does not
exist, nor one giving `mode` "y" and `mode.startswith("x")` true. A definite answer built on such
a combination is one that running the code contradicts. So a computed atom counts as unknown for
a definite answer (a violation must hold whatever its value) wherever one of its operands is
also read by another atom, bound by a fact, or read by another computed atom. Calls of other
code (`current_platform.is_cuda()`, `backend.supports(x)`) stay inputs, as the rules bind them.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable

from .domains import Variable

_BUILTINS = frozenset({
    "len", "abs", "min", "max", "sum", "int", "float", "str", "bool", "round", "isinstance", "issubclass",
    "sorted", "any", "all", "repr", "format", "divmod", "pow", "hash", "type", "callable", "hasattr", "getattr",
    "tuple", "list", "set", "frozenset", "dict", "ord", "chr", "hex", "oct", "bin",
})
_VALUE_METHODS = frozenset({
    "lower", "upper", "strip", "lstrip", "rstrip", "startswith", "endswith", "replace", "split", "rsplit",
    "casefold", "title", "capitalize", "isdigit", "isalpha", "isalnum", "isupper", "islower", "isspace",
    "isnumeric", "isdecimal", "count", "find", "rfind", "index", "rindex", "partition", "rpartition",
    "removeprefix", "removesuffix", "join", "format", "zfill", "center", "ljust", "rjust", "encode", "decode",
    "bit_length", "is_integer", "keys", "values", "items",
})


@functools.lru_cache(maxsize=4096)
def operands(text: str, kind: str) -> frozenset[str] | None:
    """The values a computed atom reads (the largest names and attribute chains in it, callees
    of builtins aside), or None when the atom is not computed by Python itself."""
    if kind not in ("expr", "call"):
        return None
    try:
        root = ast.parse(text, mode="eval").body
    except SyntaxError:
        return None
    if kind == "call" and not _computing(root):
        return None
    found: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        chain = _dotted(node)
        if chain is not None:
            found.add(chain)
            continue
        if isinstance(node, ast.Call):
            func = node.func
            stack.append(func.value if isinstance(func, ast.Attribute) else func)
            stack.extend(node.args)
            stack.extend(k.value for k in node.keywords)
            continue
        stack.extend(ast.iter_child_nodes(node))
    found.discard("")
    return frozenset(found - _BUILTINS)


def _computing(node: ast.expr) -> bool:
    """A call Python computes itself: a builtin, or a method of str and number values."""
    if not isinstance(node, ast.Call):
        return True  # an operator around calls: `len(x) + 1`
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in _BUILTINS
    return isinstance(func, ast.Attribute) and func.attr in _VALUE_METHODS


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def dependent(variables: list[Variable], kind_of, bound: Iterable[str]) -> frozenset[int]:
    """The variables of computed atoms whose operands another atom, a fact (`bound`: the texts
    facts bind) or another computed atom also reads. `kind_of(variable)`: its term's kind."""
    reads: dict[int, frozenset[str]] = {}
    plain: set[str] = set(bound)
    for i, var in enumerate(variables):
        if var.key.kind == "rel":
            plain.update((var.key.text, var.key.other))
            continue
        ops = None if var.opaque else operands(var.text, kind_of(var))
        if ops is None:
            plain.add(var.text)
        else:
            reads[i] = ops
    if not reads:
        return frozenset()
    # two variables of one text (its value and its truth) read the same operands: one atom
    texts: dict[str, set[str]] = {}
    for i, ops in reads.items():
        texts.setdefault(variables[i].text, set()).update(ops)
    counts: dict[str, int] = {}
    for ops in texts.values():
        for text in ops:
            counts[text] = counts.get(text, 0) + 1
    return frozenset(i for i, ops in reads.items() if any(text in plain or counts[text] > 1 for text in ops))


__all__ = ["dependent", "operands"]
