"""Atoms the model keeps as text that Python computes from other values: arithmetic (`n + 1`,
`-n`), builtins (`len(mode)`, `abs(n)`, `isinstance(cfg.s, str)`) and methods of str values
(`mode.startswith("x")`, `cfg.m.upper()`).

The decision diagram gives each atom a variable of its own, free of the others. For a computed
atom that is not so: a configuration giving `n` the class `>5` and `n + 1` the class `1` does not
exist, nor one giving `mode` "y" and `mode.startswith("x")` true. A definite answer built on such
a combination is one that running the code contradicts. So (`ties`): where an operand takes one
value (a fact, a point class) the atom is computed from it when Python can (`evaluate`), a
constraint of the scope; where it cannot, or where an operand settles the atom in other ways
(arithmetic on an atom, a relation, another computed atom), the atom is tied, and a definite answer
must hold whatever it is there (`settle`). Calls of other code (`current_platform.is_cuda()`,
`backend.supports(x)`) stay inputs, as the rules bind them.
"""

from __future__ import annotations

import ast
import functools

from .domains import REL_EQ, Member, Variable, VarKey
from .model import ListLiteral, dotted, hashable_literal, is_nan
from .pythons import same_sum, stable, unicode_alike

_BUILTINS = frozenset({
    "len", "abs", "min", "max", "sum", "int", "float", "str", "bool", "round", "isinstance", "issubclass",
    "sorted", "any", "all", "repr", "format", "divmod", "pow", "hash", "type", "callable",
    "tuple", "list", "set", "frozenset", "dict", "ord", "chr", "hex", "oct", "bin",
})
_VALUE_METHODS = frozenset({
    "lower", "upper", "strip", "lstrip", "rstrip", "startswith", "endswith", "replace", "split", "rsplit",
    "casefold", "title", "capitalize", "isdigit", "isalpha", "isalnum", "isupper", "islower", "isspace",
    "isnumeric", "isdecimal", "count", "find", "rfind", "index", "rindex", "partition", "rpartition",
    "removeprefix", "removesuffix", "join", "format", "zfill", "center", "ljust", "rjust", "encode", "decode",
    "bit_length", "is_integer", "keys", "values", "items", "swapcase", "isidentifier", "isprintable", "isascii",
    "istitle", "expandtabs", "splitlines", "conjugate", "as_integer_ratio", "hex",
})


@functools.lru_cache(maxsize=4096)
def operands(text: str, kind: str) -> frozenset[str] | None:
    """The values a computed atom reads (the largest names and attribute chains in it, callees
    of builtins aside), or None when the atom is not computed by Python itself."""
    if kind not in ("expr", "call", "subscript") or len(text) > _MOST_TEXT:
        return None  # (a text past it, `x[0][0]...[0]` a thousand deep, is read as a value: round 43, 76 s)
    try:
        root = parsed(text)
    except SyntaxError:
        return None
    if kind == "subscript":  # `mode[1:]`, `mode[0]`: computed from `mode` where a fact or a point gives it
        if isinstance(root, ast.Subscript) and not _constant_index(root.slice) and dotted(root.value) is not None \
                and _named_index(root.slice):
            # `s[i]`, `s[i:]`, `s[:-n]`: from `s` and the index's names (round 17: free, with both given)
            return frozenset({dotted(root.value), *_index_names(root.slice)})
        if isinstance(root, ast.Subscript) and _constant_index(root.slice):
            if dotted(root.value) is not None:
                return frozenset({dotted(root.value)})
            if isinstance(root.value, _COMPUTED_BASES):  # `divmod(n, 2)[1]`, `str(n)[0]`, `mode.split("-")[0][1:]`
                inner = "call" if isinstance(root.value, ast.Call) else "subscript" if isinstance(root.value, ast.Subscript) else "expr"
                return operands(ast.unparse(root.value), inner)
        if isinstance(root, ast.Subscript) and _computed_index(root.slice):
            # `s[len("attn:"):]`, `s[s.find(":") + 1:]`, `s[True:]`: from `s` and what the bounds read
            # (round 36: free inputs, a counterexample no string gives)
            base = root.value
            kind_of_base = "call" if isinstance(base, ast.Call) else "subscript" if isinstance(base, ast.Subscript) else "expr"
            found = {dotted(base)} if dotted(base) is not None else \
                operands(ast.unparse(base), kind_of_base) if isinstance(base, _COMPUTED_BASES) else None
            parts = [operands(ast.unparse(p), "expr") for p in _slice_parts(root.slice) if p is not None]
            if found is None or any(p is None for p in parts):
                return None
            return frozenset(found.union(*parts))
        return None
    if kind == "call" and not _computing(root):
        return None
    found: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        chain = dotted(node)
        if chain is not None:
            found.add(chain)
            continue
        if _read(node) or (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
                           and not _constant_index(node.slice) and dotted(node.value) is not None):
            found.add(ast.unparse(node))  # `getattr(layer, name, None)`, `config["BLOCK_M"]`: reads, as attributes are
            continue
        # (an item at a number, `len(mode[0])`, is computed from `mode`, as the atom `mode[0]` is:
        # with `mode == "ab"` it is 1, where as a read of its own it was free to be 2)
        if isinstance(node, ast.Compare) and all(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) \
                and all(dotted(c) is not None or _read(c) for c in node.comparators):
            # membership in a container the model does not know: what it holds is the container's,
            # whatever the element is (`backend in B12X_BACKENDS` and `backend == "b12x"` are free)
            stack.extend(node.comparators)
            continue
        if isinstance(node, ast.Call) and node is not root and not _computing(node):
            # a call Python does not compute (`os.getenv("K", "x")` of `os.getenv("K", "x").lower()`)
            # is read as a value, as an attribute is (round 24: the two were free apart, and `diff`
            # listed getenv "flash" with its `.lower()` other than "flash")
            found.add(ast.unparse(node))
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


_MOST_TEXT = 400  # characters of an atom's text `operands` parses (it re-parses each nested item: quadratic)
_COMPUTED_BASES = (ast.Call, ast.BinOp, ast.UnaryOp, ast.Subscript, ast.JoinedStr)  # what an item is computed from


def _read(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr")


def _computing(node: ast.expr) -> bool:
    """A call Python computes itself: a builtin, or a method of str and number values."""
    if not isinstance(node, ast.Call):
        return True  # an operator around calls: `len(x) + 1`
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in _BUILTINS and not _read(node)
    return isinstance(func, ast.Attribute) and func.attr in _VALUE_METHODS


def surely(d, u: int, scope: int, unknown: set[int] | frozenset[int]) -> int:
    """Where diagram `u` holds whatever the `unknown` variables are, among the values `scope`
    allows them, and `scope` allows some (`d`: the `logic.Diagram` both live in)."""
    from .logic import _and, _or

    if not unknown:
        return u
    holds = d.quantify(d.disj(u, d.negate(scope)), unknown, _and)
    return d.conj(holds, d.quantify(scope, unknown, _or))


def settle(d, u: int, scope: int, tied: dict[int, int]) -> int:
    """`u` less what needs a computed atom to take a value apart from its operands: where such
    an atom is tied to them (`tied`: variable -> where, from `ties`), `u` must hold whatever the
    atom is."""
    for var, where in tied.items():
        if where == d.false:
            continue
        fixed = surely(d, u, scope, {var})
        u = d.disj(d.conj(d.negate(where), u), d.conj(where, fixed))
    return u


def shown(space, var: Variable, line: bool = False) -> str:
    """A computed atom of `space` as a reason names it: `` `n + 1` (line 4, computed from `n`) ``."""
    if var.key.kind == "rel":  # `min(n, 2) ? n`: what its computed sides read
        sides = ((var.key.text, var.key.version), (var.key.other, var.key.other_version))
        ops = sorted({o for text, version in sides
                      for o in operands(text, space.term(text, version).kind) or python_own(text) or ()})
    else:
        read = attribute_read(var.text, term_kind(space, var))
        ops = sorted(operands(var.text, term_kind(space, var)) or ([read[0]] if read else python_own(var.text) or ()))
    where = f"line {var.line}, " if line else ""
    if not ops:
        return f"`{var.text}` ({where}computed from constants)"
    return f"`{var.text}` ({where}computed from " + ", ".join(f"`{o}`" for o in ops[:3]) + (" ..." if len(ops) > 3 else "") + ")"


def term_kind(space, var: Variable) -> str:
    """The kind of the term a variable of `space` decides (`expr`, `call`, `attr`...)."""
    return space.term(var.key.text, var.key.version).kind


def arithmetic(text: str, kind: str) -> bool:
    """A computed atom that its operands' values settle whatever class they are in: an operator
    (`n + 1`, `-n`, `mode * 2`), an f-string, a numeric builtin or a conversion (`min(n, 2)`,
    `len(x)`, `str(n)`). `n` in `>5` leaves no `n + 1 == 1`; `mode` other than "x" no
    `mode * 2 == "xx"`; two of them reading one operand are related too (`n * 2 > 3` and
    `min(n, 2) < 2` hold together for no n). Membership, `isinstance` and str methods are settled
    only by a point (`mode` "y", `x` None): `mode` other than "x" may start with "x"."""
    if operands(text, kind) is None:
        return False
    root = parsed(text)
    if isinstance(root, ast.Call):
        return isinstance(root.func, ast.Name) and root.func.id in _SETTLED
    return isinstance(root, (ast.BinOp, ast.UnaryOp, ast.JoinedStr))


_SETTLED = frozenset({"abs", "min", "max", "sum", "round", "int", "float", "len", "divmod", "pow", "str", "repr",
                      "format", "bool", "ord", "chr", "hex", "oct", "bin"})


def ties(d, facts: dict[str, object]) -> tuple[dict[int, int], int]:
    """Computed atoms and where each is tied to its operands, as diagrams of `d`: where an
    operand takes a point class (`mode` "y" decides `mode.startswith("x")`, `x` None decides
    `isinstance(x, T)`); for `arithmetic` ones everywhere an operand is an atom too, or a relation
    or another computed atom reads it (`n > 5` and `n + 1 == 1`; `n * 2 > 3` and `min(n, 2) < 2`),
    as for any computed atom reading an operand an arithmetic one reads; and everywhere for an
    operand a fact binds (`facts`: the texts facts substituted -> their values; an atom whose
    operands they all give is computed). Elsewhere the
    atom is free: `isinstance(x, T)` where `x` is not None, membership in a container the model
    does not know, whatever the element. `d`: the `logic.Diagram` of the query (its space's
    variables are the atoms).

    Also returns what is known: at a point of its only operand, an atom Python can compute from
    literals takes that value (`mode` "y": `mode.startswith("x")` is false), a constraint to
    conjoin with the scope; there it is not tied."""
    variables = d.space.variables
    kind_of = functools.partial(term_kind, d.space)
    given = with_items({text: getattr(value, "value", value) for text, value in facts.items()}, d.space.variables)  # a `Lit` or a literal
    reads: dict[int, frozenset[str]] = {}
    values: dict[tuple[str, str], list[int]] = {}  # an operand's own variables, by (text, version)
    related: set[str] = set(given)
    computed_relations: list[int] = []  # relations with a side Python computes from operands
    attributes: dict[int, tuple[str, str, bool]] = {}  # `x.real`, `hasattr(x, "upper")` of an `x` a fact gives
    owned: dict[int, frozenset[str]] = {}  # `s.translate(...)`, `int(s).numerator` of an `s` a fact gives
    relations_of_facts: list[int] = []  # relations whose sides facts may settle (`a.lower() ? b.lower()`)
    for i, var in enumerate(variables):
        read = None if var.key.kind == "rel" or var.opaque else attribute_read(var.text, kind_of(var))
        if read is not None and read[0] in given:
            attributes[i] = read
            continue
        if var.key.kind == "rel":
            related.update((var.key.text, var.key.other))
            sides = ((var.key.text, var.key.version), (var.key.other, var.key.other_version))
            if any(arithmetic(text, d.space.term(text, version).kind) for text, version in sides):
                computed_relations.append(i)  # `min(n, 2) ? n`: its operands settle it, free it is not
            else:
                relations_of_facts.append(i)
            continue
        ops = None if var.opaque else operands(var.text, kind_of(var))
        if ops is None:
            values.setdefault((var.text, var.version), []).append(i)
            if not var.opaque:
                owned[i] = frozenset()
        else:
            reads[i] = ops
    known = d.true
    out: dict[int, int] = {i: d.true for i in computed_relations}
    at_points = functools.partial(_at_points, d, values)
    for i in list(owned):
        # Python's own method or attribute of a value a fact gives (or a point of its operand
        # gives): computed where it can be, else tied there (round 36: `s.translate({97: "b"})`,
        # `int(s).numerator` of `s = "3"` were inputs)
        var = variables[i]
        own = python_own(var.text, _Anchors(given, values, var.version, var.text))
        if own is None:
            continue
        if own <= given.keys():
            taken = None if var.version else _class_of(var, evaluate(var.text, {text: given[text] for text in own}))
            if taken is None:
                out[i] = d.true
            else:
                known = d.conj(known, _among(d, i, len(var.classes), {taken}))
            continue
        if not any(isinstance(n, (ast.Call, ast.Subscript)) for n in ast.walk(parsed(var.text))):
            continue  # (`x.name` where x equals "flash": an enum member's too, not only a str's)
        where = at_points(own - given.keys(), var.version)
        if where != d.false:
            out[i] = where
    for i in relations_of_facts:
        relation = _relation_of_facts(d, variables[i], given, values)
        if isinstance(relation, int):
            known = d.conj(known, _among(d, i, len(variables[i].classes), {relation}))
        elif relation is not None and relation[0] != d.false:
            out[i] = relation[0]
    for i, (base, name, asked) in attributes.items():
        # an attribute of a value of a known type is Python's: computed where it can be (`n.real` of
        # 3 is 3, `hasattr("ab", "upper")` true), else tied (round 33: both were free inputs)
        value, var = given[base], variables[i]
        taken = None
        present = stable(value, name) if not var.version and type(value) in _PLAIN_TYPES else None
        if present is not None:  # (not where the Pythons a program may run on differ: `hasattr(1, "is_integer")`, round 34)
            taken = _class_of(var, present if asked else getattr(value, name, UNKNOWN))
        if taken is None:
            out[i] = d.true
        else:
            known = d.conj(known, _among(d, i, len(var.classes), {taken}))
    if not reads:
        return out, known
    for text in {text for ops in reads.values() for text in ops} - given.keys():
        read = attribute_read(text, "attr")  # `x.real` of `x.real + 1`, `x = 1`: an operand Python gives
        if read is not None and read[0] in given and type(given[read[0]]) in _PLAIN_TYPES \
                and stable(given[read[0]], read[1]):
            given[text] = getattr(given[read[0]], read[1])
    numeric: dict[str, set[str]] = {}  # the arithmetic atoms reading each operand (value and truth: one atom)
    readers: dict[str, set[str]] = {}  # every computed atom reading each operand
    for i, ops in reads.items():
        for text in ops:
            readers.setdefault(text, set()).add(variables[i].text)
            if arithmetic(variables[i].text, kind_of(variables[i])):
                numeric.setdefault(text, set()).add(variables[i].text)
    budget = MAX_EVALUATIONS
    for i, ops in reads.items():
        var = variables[i]
        counting = arithmetic(var.text, kind_of(var))
        where = d.false
        # facts give the values the function is entered with: an atom read after a call that may
        # change its operand is not computed from them (fuzz --computed seed 302532)
        if ops and ops <= given.keys() and not var.version:  # every operand given: Python says what the atom is, if it can
            taken = _class_of(var, evaluate(var.text, {text: given[text] for text in ops}))
            if taken is not None:
                known = d.conj(known, _among(d, i, len(var.classes), {taken}))
                continue
        for text in ops:
            # an arithmetic atom settles its operand for the others reading it (`f"{mode}-"` == "x-"
            # leaves `mode.upper()` no value but "X"): they are tied to each other
            if text in given or _attribute_of(text, given) or (counting and (text in related or len(readers[text]) > 1)) or numeric.get(text, {var.text}) - {var.text}:
                where = d.true
                break
            for j in values.get((text, var.version), ()):  # the operand as read with the atom, not before a call
                classes = variables[j].classes
                if counting:  # tied wherever the operand is not a point: computed below where it is
                    where = d.disj(where, _among(d, j, len(classes), {k for k, cls in enumerate(classes) if cls.kind != "point"}))
                # the atom at each point of the operand, grouped by the class it takes there (one
                # constraint per class taken, not per point: a name compared with thousands of keys)
                taken: dict[int | None, set[int]] = {}
                for c, cls in enumerate(classes):
                    if cls.kind == "point":
                        budget -= 1
                        # (an enum member's point is no Python value here: `str(x)` of a StrEnum's member is its
                        # value, of a plain one its name; round 40: the placeholder's own text, a wrong clean)
                        result = _class_of(var, evaluate(var.text, {text: cls.value})) \
                            if len(ops) == 1 and budget > 0 and not isinstance(cls.value, Member) else None
                        taken.setdefault(result, set()).add(c)
                for result, points in taken.items():
                    at = _among(d, j, len(classes), points)
                    if result is None:
                        where = d.disj(where, at)
                    else:
                        known = d.conj(known, d.disj(d.negate(at), _among(d, i, len(var.classes), {result})))
        if where != d.false:
            out[i] = where
    return out, known


_PLAIN_TYPES = (str, int, float, bool, type(None), tuple)  # whose attributes no code of the tree gives


@functools.lru_cache(maxsize=4096)
def attribute_read(text: str, kind: str) -> tuple[str, str, bool] | None:
    """`("x", "real", False)` of the atom `x.real`, `("x", "upper", True)` of `hasattr(x, "upper")`:
    an attribute read of a name or chain, and whether it asks only whether the attribute is there."""
    if kind == "attr" and "." in text:
        base, _, name = text.rpartition(".")
        try:
            return (base, name, False) if name.isidentifier() and dotted(parsed(base)) == base else None
        except SyntaxError:
            return None
    if kind != "call":
        return None
    try:
        root = parsed(text)
    except SyntaxError:
        return None
    if isinstance(root, ast.Call) and isinstance(root.func, ast.Name) and root.func.id == "hasattr" and len(root.args) == 2 \
            and not root.keywords and dotted(root.args[0]) is not None and isinstance(root.args[1], ast.Constant) \
            and isinstance(root.args[1].value, str):
        return dotted(root.args[0]), root.args[1].value, True
    return None


def _attribute_of(text: str, given: dict[str, object]) -> bool:
    """Whether operand `text` is an attribute of a value a fact gives (`x.real`, `hasattr(x, "real")`
    of `x = 1`): tied to the fact, never free (round 34: `callable(x.real)` was an input)."""
    read = attribute_read(text, "attr") or attribute_read(text, "call")
    return read is not None and read[0] in given


_PYTHON_VALUES = (str, int, float, type(None), tuple)  # Python's own types (bool an int; lists and sets held as tuples)


def python_own(text: str, given: dict[str, object] | None = None) -> frozenset[str] | None:
    """The values a fact gives (`given`; None: any name) that an atom the model does not compute
    is Python's own computation of: every attribute, method or item it takes is of such a value,
    a constant, or of what builtins and operators make of them (`s.translate({97: "b"})`,
    `int(s).numerator`, `s.__len__()`, `type(s).__name__`, `s[1.0:]` of `s = "aa"`). Such an atom is
    no input: tied to the facts (round 36: free, a counterexample no run gives). None where the
    atom is not (a method of a value no fact gives may be the tree's code: an input)."""
    try:
        root = parsed(text)
    except SyntaxError:
        return None
    found = _anchored(root, given)
    return frozenset(found) if found else None


def _relation_of_facts(d, var: Variable, given: dict[str, object], values: dict) -> int | tuple[int] | None:
    """The class of relation `var` (`a.lower() ? b.lower()`) that facts settle: Python's relation
    of the two sides where facts give every operand of both (round 36: free, a counterexample with
    "flash_attn" unequal to itself); `(where,)`: where it is tied, a side reading a fact and the
    relation not computed (the other side computed too, or read elsewhere), or both sides Python's
    own of operands at points; None: free, as a relation of inputs is (one side settled, the other
    a value of its own that nothing else reads)."""
    if var.opaque:
        return None
    sides = []
    for text, version in ((var.key.text, var.key.version), (var.key.other, var.key.other_version)):
        ops = operands(text, d.space.term(text, version).kind)
        if ops is not None and (ops & given.keys() or any(_attribute_of(o, given) for o in ops)):
            settled = ops
        else:
            settled = python_own(text, given) if given else None
        sides.append((text, version, ops, settled))
    if not any(settled for *_, settled in sides):
        # both sides Python's own of operands that points give (`a` "X" of a set fact): tied there
        reads = [ops if ops is not None else python_own(text, _Anchors(given, values, version, text)) for text, version, ops, _ in sides]
        if any(r is None for r in reads) or not all(reads):
            return None
        where = d.true
        for (text, version, *_), read in zip(sides, reads):
            where = d.conj(where, _at_points(d, values, read, version))  # type: ignore[arg-type]
        return (where,)
    values = [evaluate(text, {o: given[o] for o in settled}) for text, version, _, settled in sides
              if settled and not version and settled <= given.keys()]
    if len(values) == 2 and UNKNOWN not in values:
        pair = ((var.key.text, var.key.version), (var.key.other, var.key.other_version))
        found = _python_relation(values[0], values[1], var.classes, pair in getattr(d.space, "identity", ()))
        return (d.true,) if found is None else found
    free = [(text, version) for text, version, ops, settled in sides if not settled and ops is None]
    if len(free) != 1 or var.classes != REL_EQ:
        return (d.true,)
    text, version = free[0]
    index = d.space.index
    if any(VarKey(kind, text, version) in index for kind in ("value", "truth")):
        return (d.true,)  # its classes relate it to constants the settled side may be
    others = [v for v in d.space.variables if v.key.kind == "rel" and v is not var
              and (text, version) in ((v.key.text, v.key.version), (v.key.other, v.key.other_version))]
    return (d.true,) if others else None


class _Anchors(dict):
    """What `python_own` may take a computation to be of: the values facts give, and operands with
    variables of their own (read with the atom's version), which are Python's values at their points."""

    def __init__(self, given: dict[str, object], values: dict, version: str, atom: str) -> None:
        super().__init__(given)
        for text, at in values:
            if at == version and text not in self and text != atom:
                self[text] = _AT_POINTS


_AT_POINTS = object()


def _at_points(d, values: dict, texts, version: str) -> int:
    """Where one of the operands `texts` (with `version`) is at a point class holding a value of
    Python's own types (`"aa"`, 3; not an enum member, not None, whose attributes raise): their own
    variables in `values`."""
    where = d.false
    for text in texts:
        for j in values.get((text, version), ()):
            classes = d.space.variables[j].classes
            points = {k for k, cls in enumerate(classes)
                      if cls.kind == "point" and cls.value is not None and isinstance(cls.value, _PYTHON_VALUES)}
            if points:
                where = d.disj(where, _among(d, j, len(classes), points))
    return where


def _python_relation(p: object, q: object, classes: tuple, identity: bool) -> int | None:
    """The class (of `REL_EQ` or `REL_ORDER`) Python's comparison of `p` with `q` falls in; None
    where it cannot tell (values not ordered, `is` of two equal values that may be two objects)."""
    try:
        if classes == REL_EQ:
            name = "eq" if p == q else "ne"
            if name == "eq" and identity and not (p is None or isinstance(p, bool)):
                return None
        else:
            name = "eq" if p == q else "lt" if p < q else "gt" if p > q else ""  # type: ignore[operator]
    except TypeError:
        return None
    return next((k for k, cls in enumerate(classes) if cls.value == name), None)


def _anchored(node: ast.AST, given: dict[str, object] | None) -> set[str] | None:
    chain = dotted(node)
    if chain is not None:
        if given is None and isinstance(node, ast.Name):
            return {chain}
        if given is not None and chain in given:
            return {chain} if given[chain] is _AT_POINTS or isinstance(given[chain], _PYTHON_VALUES) else None
        return _anchored(node.value, given) if isinstance(node, ast.Attribute) else None
    if isinstance(node, ast.Constant):
        return set()
    if isinstance(node, ast.Attribute):
        return _anchored(node.value, given)
    if isinstance(node, ast.Subscript):
        return _anchored(node.value, given)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):
            return _anchored(func.value, given)
        if not (isinstance(func, ast.Name) and func.id in _BUILTINS) or not node.args:
            return None
        parts = [_anchored(a, given) for a in node.args]
        return None if all(p is None for p in parts) else set().union(*(p for p in parts if p is not None))
    if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.IfExp, ast.JoinedStr, ast.FormattedValue,
                         ast.Tuple, ast.List, ast.Set)):
        parts = [_anchored(child, given) for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)]
        return None if all(p is None for p in parts) else set().union(*(p for p in parts if p is not None))
    return None


def with_items(given: dict[str, object], variables) -> dict[str, object]:
    """`given` and the items of the strings and tuples it gives that computed atoms read as
    operands (`len(mode[0])` reads `mode[0]`, which `mode = "ab"` gives as "a"; exploratory fuzz)."""
    if not given:
        return given
    out = dict(given)
    for var in variables:
        reads = frozenset() if var.key.kind == "rel" else (operands(var.text, "call") or frozenset()) | (operands(var.text, "expr") or frozenset())
        for text in reads:
            if text in out or not text.endswith("]"):
                continue
            try:
                root = parsed(text)
            except SyntaxError:
                continue
            base = dotted(root.value) if isinstance(root, ast.Subscript) else None
            if base in given and isinstance(given[base], (str, tuple)) and _constant_index(root.slice):
                try:
                    out[text] = _value(root, {base: given[base]})
                except Exception:  # noqa: BLE001 - an index past the end: Python raises, no value
                    pass
    return out


def _among(d, var: int, count: int, chosen: set[int]) -> int:
    """The diagram of `var` (of `count` classes) taking one of the `chosen` classes."""
    return d.node(var, tuple(d.true if k in chosen else d.false for k in range(count)))


UNKNOWN = object()
MAX_EVALUATIONS = 20_000  # atoms computed at points per query; past it they are tied there (never wrong)


def _class_of(var: Variable, value: object) -> int | None:
    """The class of `var` a computed value falls in; None for no value, or one no class holds."""
    if value is UNKNOWN:
        return None
    try:
        return var.class_of(value)
    except (StopIteration, TypeError):
        return None
_SAFE_CALLS = {"len": len, "abs": abs, "min": min, "max": max, "int": int, "float": float, "bool": bool,
               "round": round, "sum": sum, "any": any, "all": all, "sorted": sorted, "tuple": tuple,
               "divmod": divmod, "ord": ord, "chr": chr, "hex": hex, "oct": oct, "bin": bin, "callable": callable}  # str, repr: `_text`
_NUMBER_TEXT = frozenset({"chr", "hex", "oct", "bin"})  # an int's text or character: 1.0 raises where 1 does not


def _power(a, b):
    if isinstance(a, int) and isinstance(b, int) and (abs(b) > 256 or abs(a) > 2 ** 64):
        raise Unsupported("a large power")
    return a ** b


def _shift(a, b, left: bool):
    if isinstance(b, int) and not isinstance(b, bool) and left and b > 256:
        raise Unsupported("a large shift")
    return a << b if left else a >> b
_BINARY = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
           ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
           ast.BitAnd: lambda a, b: a & b, ast.BitOr: lambda a, b: a | b, ast.BitXor: lambda a, b: a ^ b,
           ast.Pow: _power, ast.LShift: lambda a, b: _shift(a, b, True), ast.RShift: lambda a, b: _shift(a, b, False)}
_COMPARE = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
            ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
            ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b, ast.Is: lambda a, b: a is b,
            ast.IsNot: lambda a, b: a is not b}


class Unsupported(Exception):
    """Python computes it; this evaluator does not (or not exactly: the text of a number whose
    class holds floats and ints alike)."""


def evaluate(text: str, env: dict[str, object]) -> object:
    """The value of a computed atom's text with its operands' values (`env`: operand text ->
    a literal), or `UNKNOWN` where it reads anything else, calls anything but a builtin that
    only computes or a str method, or raises (the program would not reach a branch there)."""
    try:
        value = _value(parsed(text), env)
    except Exception:  # noqa: BLE001 - whatever Python would raise, the atom takes no value
        return UNKNOWN
    return UNKNOWN if is_nan(value) else value


@functools.lru_cache(maxsize=4096)
def parsed(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


def value_of(text: str, env: dict[str, object]) -> object:
    """The exact value of `text` with concrete operand values (`env`), `UNKNOWN` where Python
    raises there; `Unsupported` where this evaluator cannot tell."""
    try:
        value = _value(parsed(text), env, True)
    except Unsupported:
        raise
    except Exception:  # noqa: BLE001 - what Python raises: no value there
        return UNKNOWN
    if is_nan(value):
        raise Unsupported(text)
    return value


_NEVER_RAISE = frozenset({"isinstance", "callable", "type", "repr", "bool", "id"})  # of any value (and a class)


def refusal(value: object, given: dict[str, object], length: int | None = None) -> tuple[object, str]:
    """Where Python raises computing a value (`model.Computation`, facts already substituted)
    with operands at the values `given` (text -> literal), or may (an atom this evaluator cannot
    compute from them): a formula over the value's own conditions (`x if c else 6 // n` raises
    where `c` holds), and the exception's name ("" where not known). `length`: the value is
    unpacked into that many names. FALSE where it cannot tell (an operand no fact gives: the
    model's assumption that inputs are values the code accepts)."""
    from .formula import conj, disj, neg
    from .model import FALSE, TRUE, And, Compare, Ite, Lit, Not, Or, Term, Truth

    if length is not None:
        if not isinstance(value, Lit):
            return FALSE, ""
        try:
            count = len(list(value.value))  # type: ignore[call-overload]
        except TypeError:
            return TRUE, "TypeError"
        return (TRUE, "ValueError") if count != length else (FALSE, "")
    memo: dict[int, object] = {}
    names: dict[str, None] = {}

    def raises(term: Term) -> bool:
        if term.version:
            return False
        if term.is_opaque:  # an order comparison the facts made (`formula.compare`)
            if term.text.endswith(": TypeError>"):
                names["TypeError"] = None
                return True
            return False
        ops = operands(term.text, term.kind)
        if not ops or not ops <= given.keys():
            return False
        try:
            result = _value(parsed(term.text), {text: given[text] for text in ops}, True)
        except Unsupported:  # not computed here: it may raise, unless it never does on values
            root = parsed(term.text)
            return not (isinstance(root, ast.Call) and isinstance(root.func, ast.Name) and root.func.id in _NEVER_RAISE)
        except Exception as exc:  # noqa: BLE001 - what Python raises there
            names[type(exc).__name__] = None
            return True
        if is_nan(result):  # (`float(mode)`, mode "nan": the model's numbers equal themselves)
            names["NaN"] = None
            return True
        return False

    def go(node: object) -> object:
        if id(node) in memo:
            return memo[id(node)]
        if isinstance(node, Term):
            out = TRUE if raises(node) else FALSE
        elif isinstance(node, Ite):  # the arm the condition picks is computed, the other not
            out = disj(go(node.cond), conj(node.cond, go(node.then)), conj(neg(node.cond), go(node.other)))
        elif isinstance(node, Truth):
            out = go(node.term)
        elif isinstance(node, Not):
            out = go(node.arg)
        elif isinstance(node, (And, Or)):
            out = disj(*(go(a) for a in node.args))
        elif isinstance(node, Compare):
            out = disj(go(node.left), go(node.right))
        else:  # a literal, a list; a helper's result or a local's value (`Named`): computed where it
            out = FALSE  # ran, under that code's own conditions, and remembered there
        memo[id(node)] = out
        return out

    try:
        return go(value), " or ".join(names)
    finally:
        del go  # it calls itself: a cycle otherwise


def _text(value: object, exact: bool = False) -> str:
    """`str(value)` where a class's other members print the same: a point `1` holds 1.0 too
    (`exact`: the value is itself, not a class)."""
    _printed_alike(value, exact=exact)
    return str(value)


def _printed_alike(*values: object, exact: bool) -> None:
    """Refuse where a number's text (its `format`, `hex`, character) is asked of a class and not of
    one value (`exact`): the point `1` holds 1.0 too, which prints and converts apart."""
    if not exact and any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        raise Unsupported("the text of a number")


_CONVERSIONS = {-1: None, ord("s"): str, ord("r"): repr, ord("a"): ascii}


def _static_spec(spec: ast.expr | None) -> bool:
    return spec is None or isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values)


def _formatted(node: ast.FormattedValue, env: dict[str, object], exact: bool) -> str:
    """One `{value!conversion:spec}` of an f-string (a spec of constants). A number's text is
    its class's only where the class holds one value (`exact`): `1` and `1.0` print apart."""
    value = _value(node.value, env, exact)
    spec = "".join(v.value for v in node.format_spec.values) if node.format_spec is not None else ""  # type: ignore[union-attr]
    convert = _CONVERSIONS[node.conversion]
    _printed_alike(value, exact=exact)
    return format(convert(value) if convert is not None else value, spec)


def _constant_index(node: ast.expr) -> bool:
    if isinstance(node, ast.Slice):
        return all(part is None or _constant_index(part) for part in (node.lower, node.upper, node.step))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


def _named_index(node: ast.expr) -> bool:
    """An index or slice of int constants and names, with `+ - * // %` among them, one name at
    least (`i`, `i:`, `:-n`, `i + 1`, `i:i + 1`)."""
    def index(part: ast.expr | None) -> bool:
        if part is None or (isinstance(part, ast.Constant) and type(part.value) is int) or dotted(part) is not None:
            return True
        if isinstance(part, ast.UnaryOp) and isinstance(part.op, ast.USub):
            return index(part.operand)
        return isinstance(part, ast.BinOp) and isinstance(part.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)) \
            and index(part.left) and index(part.right)

    parts = (node.lower, node.upper, node.step) if isinstance(node, ast.Slice) else (node,)
    return all(index(part) for part in parts) and bool(_index_names(node))


_INDEX_CALLS = frozenset({"len", "int", "abs", "min", "max", "ord", "round", "sum",
                          "find", "rfind", "index", "rindex", "count", "bit_length"})  # of ints only


def _slice_parts(node: ast.expr) -> tuple:
    return (node.lower, node.upper, node.step) if isinstance(node, ast.Slice) else (node,)


def _computed_index(node: ast.expr) -> bool:
    """An index or slice whose bounds Python computes as ints from names and constants: builtins
    and str methods giving an int (`len("attn:")`, `s.find(":") + 1`, `-len(x)`) or a bool
    (`s[True:]`). A key of another type (`d[name.lower()]`) is a lookup, not an index."""
    def index(part: ast.expr | None) -> bool:
        if part is None or (isinstance(part, ast.Constant) and type(part.value) in (int, bool)) or dotted(part) is not None:
            return True
        if isinstance(part, ast.UnaryOp) and isinstance(part.op, (ast.USub, ast.UAdd, ast.Invert)):
            return index(part.operand)
        if isinstance(part, ast.Call):
            func = part.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            return name in _INDEX_CALLS and _computing(part) and not _read(part)
        return isinstance(part, ast.BinOp) and isinstance(part.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)) \
            and index(part.left) and index(part.right)

    return all(index(part) for part in _slice_parts(node))


def _index_names(node: ast.expr) -> list[str]:
    """The names and attribute chains an index reads (`i` of `s[i]`, `cfg.n` of `s[:cfg.n]`)."""
    return [name for n in ast.walk(node) if (name := dotted(n)) is not None and not _inner_of_chain(n, node)]


def _inner_of_chain(n: ast.AST, root: ast.AST) -> bool:
    """`a` of `a.b` in an index: part of a larger chain, not a name of its own."""
    return any(isinstance(p, ast.Attribute) and p.value is n for p in ast.walk(root))


def _listed(value: object) -> object:
    """A list Python computes (`s.split(",")`, `sorted(t)`) as the model holds a list constant, so
    that it equals one (round 36: `s.split(",") == NAMES` of a list constant was never true)."""
    return ListLiteral(value) if type(value) is list else value


def _value(node: ast.AST, env: dict[str, object], exact: bool = False) -> object:
    read = dotted(node)
    if read is None and isinstance(node, ast.Subscript) and ast.unparse(node) not in env \
            and (_constant_index(node.slice) or (_named_index(node.slice) and dotted(node.value) in env)
                 or _computed_index(node.slice)) \
            and (dotted(node.value) in env or isinstance(node.value, _COMPUTED_BASES)):
        base = env[dotted(node.value)] if dotted(node.value) in env else _value(node.value, env, exact)
        if isinstance(base, (str, tuple, list)):  # an item or a slice of a literal, or of what Python computes
            index = node.slice
            if isinstance(index, ast.Slice):
                return base[slice(*(None if p is None else _value(p, env, exact) for p in (index.lower, index.upper, index.step)))]
            return base[_value(index, env, exact)]
        if base is None or isinstance(base, (bool, int, float, set, frozenset)):
            raise TypeError(f"{type(base).__name__} is not subscriptable")  # as Python does: no value there
    if read is None and (_read(node) or isinstance(node, ast.Subscript) or (isinstance(node, ast.Call) and not _computing(node))):
        read = ast.unparse(node)  # (a call Python does not compute is a value read, as `operands` takes it)
    if read is not None:
        if read not in env:
            raise Unsupported(read)
        return env[read]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = [v for e in node.elts for v in (_value(e.value, env, exact) if isinstance(e, ast.Starred) else (_value(e, env, exact),))]
        if isinstance(node, ast.Set) and not all(map(hashable_literal, items)):
            raise TypeError("unhashable: a list in a set")  # (the model hashes its lists; Python does not)
        return set(items) if isinstance(node, ast.Set) else tuple(items) if isinstance(node, ast.Tuple) else ListLiteral(items)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _value(node.left, env, exact), _value(node.right, env, exact)
        if isinstance(node.op, ast.Mult) and any(isinstance(v, (str, list, tuple)) for v in (left, right)) \
                and any(isinstance(v, int) and abs(v) > 1000 for v in (left, right)):
            raise OverflowError("a long repetition")
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp):
        operand = _value(node.operand, env, exact)
        return {ast.Not: lambda v: not v, ast.USub: lambda v: -v, ast.UAdd: lambda v: +v, ast.Invert: lambda v: ~v}[type(node.op)](operand)
    if isinstance(node, ast.IfExp):
        return _value(node.body, env, exact) if _value(node.test, env, exact) else _value(node.orelse, env, exact)
    if isinstance(node, ast.BoolOp):
        result = _value(node.values[0], env, exact)
        for part in node.values[1:]:
            if (not result) if isinstance(node.op, ast.And) else result:
                return result
            result = _value(part, env, exact)
        return result
    if isinstance(node, ast.Compare):
        left = _value(node.left, env, exact)
        for op, right_node in zip(node.ops, node.comparators):
            right = _value(right_node, env, exact)
            if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (set, frozenset, dict)) and not hashable_literal(left):
                raise TypeError("unhashable: a list looked up in a set")
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue)
                                                and v.conversion in _CONVERSIONS and _static_spec(v.format_spec))
                                                for v in node.values):
        return "".join(v.value if isinstance(v, ast.Constant) else _formatted(v, env, exact) for v in node.values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance" and len(node.args) == 2:
        kinds = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
        names = {ast.unparse(k) for k in kinds}
        if _value(node.args[0], env, exact) is None and not names & {"object", "NoneType", "type(None)", "Any", "typing.Any"}:
            return False  # None is an instance of no other class (NoneType cannot be subclassed)
        raise Unsupported("isinstance")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.keywords \
            and all(k.arg is not None for k in node.keywords) and node.func.attr in _VALUE_METHODS - {"keys", "values", "items"}:
        receiver = _value(node.func.value, env, exact)  # `"{m}_{k}".format(m=mode, k=n)`
        if isinstance(receiver, str):
            kwargs = {k.arg: _value(k.value, env, exact) for k in node.keywords}
            if node.func.attr == "format":
                _printed_alike(*kwargs.values(), exact=exact)
            return _listed(getattr(receiver, node.func.attr)(*[_value(a, env, exact) for a in node.args], **kwargs))
    if isinstance(node, ast.Call) and not node.keywords:
        args = [_value(a, env, exact) for a in node.args]
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("str", "repr"):
            _text(*args, exact=exact)  # a number's text is its type's
            return str(*args) if func.id == "str" else repr(*args)
        if isinstance(func, ast.Name) and func.id in _SAFE_CALLS:
            if func.id in _NUMBER_TEXT:
                _printed_alike(*args, exact=exact)  # (`hex` refuses the 1.0 a class's 1 holds)
            if func.id == "sum" and args and isinstance(args[0], (tuple, list)) and not same_sum(list(args[0])):
                raise Unsupported("a sum of floats 3.11 and 3.12 round apart")
            return _listed(_SAFE_CALLS[func.id](*args))
        if isinstance(func, ast.Attribute) and func.attr in _VALUE_METHODS - {"keys", "values", "items"}:
            receiver = _value(func.value, env, exact)
            if not unicode_alike(receiver, *args):
                raise Unsupported("a string method of characters outside ASCII: the Python's Unicode database")
            if isinstance(receiver, (str, int, float, bytes)) or (exact and isinstance(receiver, (type(None), tuple))):
                return _listed(getattr(receiver, func.attr)(*args))  # (None.upper(): what Python raises)
    raise Unsupported(ast.dump(node)[:40])


BUILTINS = _BUILTINS

__all__ = ["BUILTINS", "arithmetic", "evaluate", "operands", "settle", "shown", "surely", "ties"]
