"""From the interpreter's exits to a `DecisionModel`: one branch per (exit, outcome) in first-match
order, outcomes typed (`Outcome`), lists expanded to the exact orders they take per region."""

from __future__ import annotations

import ast
import difflib
import re

from ..formula import conj, neg, truth
from ..model import (
    FALSE,
    TRUE,
    Branch,
    Computation,
    ConfigError,
    DecisionModel,
    Formula,
    Lit,
    Location,
    Named,
    Outcome,
    Seq,
    Term,
    Value,
)
from .index import ModuleIndex, body_binds, dotted, gives_any
from .interpreter import Interpreter, Options
from .self_writes import attribute_variable, later_writes, self_writes
from .state import UNBOUND
from .values import Mapping, _is_bool, cases, flatten, split_value, value_step

MAX_LIST_ORDERS = 256


def compile_refusal(index: ModuleIndex) -> ConfigError | None:
    """The error CPython's compiler gives for a module `ast` parses (`def f(a, a)`, `return` outside
    a function, `nonlocal` at module level, a late `from __future__ import`): the module never
    imports, so a rule about it is an input error, never a verdict (round 31: exit 0). Compiled,
    not run, once per module modelled (not for each module of the tree read)."""
    known = index.__dict__.get("_compile_refusal", False)
    if known is not False:
        return known
    import warnings

    refused = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (`"\d"`: a SyntaxWarning, no error)
            compile(index.source, index.path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        refused = ConfigError(Location(index.path, exc.lineno or 1, exc.offset or 1), f"cannot compile {index.path}: {exc.msg}")
    except (ValueError, RecursionError, MemoryError):
        refused = None  # (what `parse` already answers, or a nesting only the parser's thread handles)
    index._compile_refusal = refused  # type: ignore[attr-defined]
    return refused


def build_model(index: ModuleIndex, path: str, function: str, target: str | None, project, options: Options) -> DecisionModel | ConfigError:
    try:
        return _build_model(index, path, function, target, project, options)
    finally:
        _NAMED_ROOTS.reset(None, None)  # (the module's index is the run's: held here, it outlived it)


def _build_model(index: ModuleIndex, path: str, function: str, target: str | None, project, options: Options) -> DecisionModel | ConfigError:
    qualname, _, variable = function.partition(":")
    target = target or f"{path}::{function}"
    refused = compile_refusal(index)
    if refused is not None:
        return refused
    fn = index.functions.get(qualname)
    self_class = None
    if fn is None and "." in qualname:  # `Impl.choose` that `Impl` inherits: run with `self` an `Impl`
        fn, self_class = _inherited(index, qualname, project, options)
    if fn is None:
        near = difflib.get_close_matches(qualname, list(index.functions), n=2, cutoff=0.75)
        hints = tuple(f"did you mean `{n}` (line {index.functions[n].node.lineno})?" for n in near)
        return ConfigError(Location(path, 1), f"no function `{qualname}` in {path}", hints=hints)
    from .calls import _yields

    if isinstance(fn.node, ast.AsyncFunctionDef) or _yields(fn.node):
        # a call returns a coroutine or a generator, not what the `return`s give (round 9: clean)
        kind = "an `async` function" if isinstance(fn.node, ast.AsyncFunctionDef) else "a generator (`yield`)"
        return ConfigError(Location(path, fn.node.lineno), f"`{qualname}` is {kind}: a call returns "
                           f"{'a coroutine' if kind.startswith('an') else 'a generator'}, not a decision the model reads")
    if qualname in index.rebound and (fn.cls is None) == ("." not in qualname):  # (a method: `Sel.ok`, round 32)
        # `if NEW: def f ... else: def f ...`, `f = other` after `def f`: which one a call runs
        # is the module's choice at import (round 7: the last `def` was checked)
        return ConfigError(Location(path, fn.node.lineno), f"`{qualname}` is bound more than once in {path}: the model cannot "
                           "tell which definition a call runs", hints=("name each definition apart, or target the one the module keeps",))
    _clear_caches()
    if self_class is not None:
        index, path = fn.module, fn.module.path  # (the code that runs, and where it is)
    _NAMED_ROOTS.reset(index, fn.node)
    interp = Interpreter(project, options)
    node = fn.node
    stop = last = 0
    if variable:
        owner = self_class or fn.cls
        attribute = owner is not None and fn.kind in ("method", "property") and attribute_variable(node, variable)
        lines = _assignment_lines(node, variable)
        if attribute:
            # and the calls of helpers the model may inline that write it (`self._select_runner()`,
            # a helper of a helper, a base's method, a function handed `self`; round 48: a
            # dispatcher whose only writes were through its helpers was "never assigns")
            writes = self_writes(Interpreter(project, options), owner, fn)  # (its own: the model's state untouched)
            lines += [*writes.get(variable.removeprefix("self."), ()), *writes.get("*", ())]
        if not lines:
            assigned = sorted(_assigned_names(node))
            near = difflib.get_close_matches(variable, assigned, n=3, cutoff=0.5)
            return ConfigError(Location(path, node.lineno), f"`{qualname}` never assigns the decision variable `{variable}`",
                               hints=tuple(f"did you mean `{n}`?" for n in near))
        # the last assignment, unless a nested function assigns it (`nonlocal`): a call of that
        # may come anywhere, and the whole function runs (round 7: the value set by `setb()`
        # after the last assignment of the body was lost); an attribute of `self` is followed to
        # the last line that may write it (round 48: `self.backend = "a"; if n: self._off()`
        # stopped at the assignment, and `_off`'s write was never run)
        stop = 0 if _nested_assignment(node, variable) else max(lines)
        last = stop or (max(lines) if attribute else 0)  # (where the value at the end is reported)
        if attribute and stop:
            later = later_writes(Interpreter(project, options), owner, fn, variable.removeprefix("self."))
            stop = 0 if later is None else max([stop, *later])
    try:
        returns, frame = interp.start(fn, variable or None, stop, self_class)
    except RecursionError:
        return ConfigError(Location(path, node.lineno), f"`{qualname}` is nested too deeply to model, or reads a value too "
                           "large to (a literal of thousands of items, an expression thousands of operators deep)")
    items: list[tuple] = []
    starts: list[int] = []  # the first branch of each exit (a variable's value: none, every branch after)
    if variable:
        # the variable's last value on every way out: where the function left before the last
        # assignment (an early `return`, a `raise`), the value it had there (round 7: only the
        # end's was read, and `use_stream = a and b; if use_stream: return 1; use_stream = False`
        # was always False)
        local = variable in frame.locals
        # a `raise` is that outcome, as it is of the function: the caller gets the exception, not
        # the value (round 12: the value there hid the raise from `expect` and from `diff`)
        groups = [[_raise_item(ex)] if ex.kind in ("raise", "assert") and ex.depth == 0 else _exit_items(interp, ex, variable, local)
                  for ex in interp.exits]
        end = frame.end
        if end is not None:
            value = _variable_value(interp, variable, end)
            groups.append(_value_items(end.guard, value, last, 1, 0, "value", boolean=_boolean(value)))
        for group in _firing_all(groups):
            items.extend(group)
    else:
        groups: list[list[tuple]] = []
        for ex in interp.exits:
            if ex.kind in ("raise", "assert"):
                groups.append([_raise_item(ex)])
            else:
                groups.append(_value_items(ex.guard, ex.value, ex.line, ex.col, ex.guard_line, "return"))
        starts = []  # the first branch of each exit
        for group in _firing_all(groups):
            starts.append(len(items))
            items.extend(group)
        starts.append(len(items))  # after every exit: the fall-through
        end = frame.end
        if end is not None and not end.dead:
            items.append((end.guard, Outcome("None", "none"), index.end_line(node), 1, 0, "default"))
        decorator = interp.opaque_decorator(fn)
        if decorator is not None:
            # calling the function runs the decorator's code, which may return anything: a first
            # branch of unknown outcome, under an atom no input decides (round 6: the body's
            # chain alone was clean where the wrapper changed the argument)
            spelt = f"@{ast.unparse(decorator)}" if decorator in node.decorator_list or decorator in getattr(fn.cls, "node", node).decorator_list \
                else ast.unparse(decorator)  # (of a method: what may replace it on its class, `S = patch(S)`; round 28)
            text = f"<what {spelt} makes {node.name}() return>"
            interp.rest_on_code(decorator, fn.module, text)
            interp.note(decorator.lineno, "decorator", f"`{spelt}` may replace what calling "
                        f"`{node.name}` returns: the model does not see through it, and no verdict is definite")
            items.insert(0, (truth(Term(text, decorator.lineno, "opaque")), Outcome(text, "opaque"), decorator.lineno, 1, 0, "return"))
            starts = [i + 1 for i in starts]
    if options.definitions:
        _nested_reads(interp, node, index)
    branches = []
    for i, (guard, outcome, line, col, guard_line, kind) in enumerate(items):
        branches.append(Branch(i, guard, outcome.text, line, col, _source(index, guard_line, line), kind, guard_line, outcome))
    _note_versions(interp, branches)
    notes = tuple(sorted(set(interp.notes.values()), key=lambda n: (n.line, n.message)))
    helpers = tuple(h for h in interp.helpers.values() if isinstance(h, Named))
    definitions = _definitions(interp, branches)
    return DecisionModel(
        target, path, qualname, variable or None, node.lineno, tuple(branches), notes, helpers,
        index.end_line(node), tuple(sorted(interp.ignored_calls)), _declared(interp, index, branches, None if variable else node),
        tuple(Term(text, line, kind) for text, (line, kind) in interp.paths_seen.items()  # type: ignore[arg-type]
              if kind in ("attr", "subscript", "name") and not text.startswith("<"))
        + tuple(Term(p.arg, node.lineno, "name") for p in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                if p.arg not in ("self", "cls")),
        tuple(interp.unfollowed),
        _axioms(interp, branches),
        tuple(Computation(value, guard, line, starts[exits] if starts else 0, length, reads)
              for value, guard, line, exits, length in interp.computations
              if (reads := _raising_reads(value, length)) is not None),
        tuple((*key, value, default) for key, found in interp.lookups.items() for value, default in found),
        tuple((*key, present) for key, present in interp.memberships.items()),
        definitions + _narrowed_reads(interp, index, branches),
        tuple(sorted((obj, attr, default) for (obj, attr), default in interp.getattr_defaults.items())),
        tuple(sorted((text, tuple(sorted(info.aliases.items()))) for text, info in interp.enum_of.items())),
        _uncomputed(interp, definitions),
        attribute_tests=tuple((obj, attr, test) for (obj, attr, _), test in interp.attribute_tests.items()),
        getattr_reads=tuple((obj, attr, value, default) for (obj, attr, _), found in interp.getattr_reads.items()
                            for value, default in found),
        membership_tests=tuple((*key, test) for key, test in interp.membership_tests.items()),
        rebound_locals=tuple(sorted(name for name, lines in interp.__dict__.get("local_lines", {}).items() if len(lines) > 1)),
    )


def _inherited(index: ModuleIndex, qualname: str, project, options: Options):
    """The method a class of `index` inherits under that name (`Impl.choose` of `class
    Impl(Base)`, `choose` defined on `Base`, in this module or another of the tree), and the
    class, where it does not define it itself; (None, None) otherwise."""
    owner, _, name = qualname.rpartition(".")
    info = index.classes.get(owner)
    if info is None:
        return None, None
    found = Interpreter(project, options).find_method(info, name)
    if found is None or found.cls is info or found.kind not in ("method", "classmethod", "property"):
        return None, None
    return found, info


def inherited_overridden(index: ModuleIndex, project) -> list[tuple[str, object]]:
    """`(Sub.method, the method)` for each method a class of `index` inherits from a class of the
    tree and does not define, whose body reads through `self` or `cls` a name the class binds
    itself (an override of what the base's code reads: `Impl.supports` of `Base.choose`)."""
    interp = None
    out = []
    for info in index.classes.values():
        if not info.bases:
            continue
        interp = interp or Interpreter(project, Options())
        own = body_binds(info) | {
            n.attr for fn in info.methods.values() for n in ast.walk(fn.node)
            if isinstance(n, ast.Attribute) and not isinstance(n.ctx, ast.Load) and isinstance(n.value, ast.Name) and n.value.id == "self"}
        taken = set(body_binds(info))  # (what the first class on the way that binds a name binds: the one inherited)
        inherited: dict[str, object] = {}
        for base in interp.mro(info)[1:]:
            for name, fn in base.methods.items():
                if name not in taken and fn.kind in ("method", "classmethod"):
                    inherited[name] = fn
            taken |= body_binds(base)
        reads = {name: {n.attr for n in ast.walk(fn.node) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                        and n.value.id in ("self", "cls")} for name, fn in inherited.items()}
        # and a method that reads such a method through `self` (`pick` calling `self.ok()`, which reads
        # the overridden `self.FLAG`: round 32, only `Base.pick` was compared)
        grown = True
        while grown:
            grown = False
            for name in inherited:
                if name not in own and reads[name] & own:
                    own, grown = own | {name}, True
        out += [(f"{info.qualname}.{name}", fn) for name, fn in inherited.items() if reads[name] & own]
    return out


def _nested_reads(interp, node: ast.AST, index: ModuleIndex) -> None:
    """diff: the module's globals that code nested in the target reads (a lambda, a comprehension,
    an inner function), which the model may not have run (a `sorted` key, `any(m > LIM for m in
    ns)` over an input): what they compute rests on those globals' definitions (round 30: `LIM`
    4 -> 8 read there was "0 decisions changed", the new model taken for the old)."""
    local = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)} if hasattr(node, "args") else set()
    local |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    seen: set[str] = set()
    for nested in ast.walk(node):
        if nested is node or not isinstance(nested, (ast.Lambda, ast.GeneratorExp, ast.ListComp, ast.SetComp, ast.DictComp,
                                                     ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        marker = f"<code at line {nested.lineno} of {getattr(node, 'name', 'the function')}>"
        seen |= interp.rest_on_globals(index, nested, marker, local | seen)


def _definitions(interp, branches) -> tuple[tuple[str, str, str], ...]:
    """diff: (atom, module path, name) for each global of the tree read as one value that the
    guards or outcomes name, or that an opaque loop iterates: what `definitions.changed` asks of
    both versions."""
    if not interp.global_reads:
        return ()
    from ..formula import terms_of
    from .definitions import names

    texts: set[str] = set(interp.opaque_sources)
    texts.update(t.text for t in terms_of(branch.guard for branch in branches))
    texts.update(branch.outcome for branch in branches)
    return tuple(sorted((atom, path, name) for atom, where in interp.global_reads.items() if any(names(text, atom) for text in texts)
                        for path, name in where))


def _uncomputed(interp, definitions: tuple) -> tuple[str, ...]:
    """diff: the atoms of `definitions` that read an attribute a class they rest on binds itself
    (`limit = 4` in its body, `Sub.limit = 2` after it) and no method of those classes writes on
    an instance: code fixes their value, which the model read as an input instead of computing
    (round 33: `self.limit`, an input of the new version only, gave a region no run reaches)."""
    roots: dict[str, list] = {}
    for atom, path, name in definitions:
        qual, dot, attr = name.rpartition(".")
        if dot and "[" not in name and not name.endswith(("!", "^")) and atom.endswith(f".{attr}"):
            module = interp.project.module(path) if interp.project is not None else None
            info = module.classes.get(qual) if isinstance(module, ModuleIndex) else None
            if info is not None:
                roots.setdefault(atom, []).append((info, attr))
    out = []
    for atom, found in roots.items():
        attr = found[0][1]
        written = any(isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store) and n.attr == attr
                      for info, _ in found for fn in info.methods.values() for n in ast.walk(fn.node))
        if not written and any(a in info.bound for info, a in found):
            out.append(atom)
    return tuple(sorted(out))


_DUNDER_CALLS = {"str": "__str__", "repr": "__repr__", "len": "__len__", "bool": "__bool__", "int": "__int__",
                 "float": "__float__", "hash": "__hash__", "format": "__format__", "abs": "__abs__", "iter": "__iter__"}
_DUNDER_OPS = {"==": "__eq__", "!=": "__eq__", "<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__",
               "in": "__contains__", "not in": "__contains__"}


def _narrowed_reads(interp, index: ModuleIndex, branches) -> tuple[tuple[str, str, str], ...]:
    """diff: what a value the guards tie to a class of the tree (`isinstance(c, Cfg)`, `m is
    Mode.C`) reads of that class: `c.fast` rests on `Cfg.fast` (a property, a class attribute, what
    `__init__` writes: `definitions._class_attribute`), `str(m)` on `__str__`, `m == x` on `__eq__`,
    a test of `m` on `__bool__` / `__len__`; of the first class of its MRO that defines it (round 33:
    a changed property of `Cfg`, a dropped `__str__`, read that way, was "0 decisions changed")."""
    if not interp.options.definitions:
        return ()
    from ..formula import terms_of, walk
    from ..model import Compare, Truth
    from .definitions import names

    guards = [b.guard for b in branches]
    narrowed: dict[str, list] = {}  # value text -> the classes of the tree it is tied to
    ties: set[int] = set()  # ids of the atoms that tie them
    seen: set[int] = set()  # (each node once: a chain's guards share the earlier ones, negated)
    for node in (n for g in guards for n in walk(g, seen)):
        found = None
        if isinstance(node, Term) and node.text.startswith("isinstance("):
            try:
                call = ast.parse(node.text, mode="eval").body
            except SyntaxError:
                continue
            if isinstance(call, ast.Call) and len(call.args) == 2:
                kinds = call.args[1].elts if isinstance(call.args[1], ast.Tuple) else [call.args[1]]
                classes = [interp.class_by_name(ast.unparse(k), index) for k in kinds]
                found = ast.unparse(call.args[0]), [c for c in classes if c is not None]
        elif isinstance(node, Compare) and node.op in ("is", "is not", "==", "!=", "in", "not in"):
            for value, other in ((node.left, node.right), (node.right, node.left)):
                members = other.value if isinstance(other, Lit) and isinstance(other.value, tuple) else (other,)
                kinds = [interp.enum_of.get(m.text.rpartition(".")[0]) for m in members
                         if isinstance(m, Term) and m.kind == "member"]
                if isinstance(value, Term) and value.kind != "member" and kinds and None not in kinds:
                    found = value.text, kinds
                    break
        if found and found[1]:
            ties.add(id(node))
            narrowed.setdefault(found[0], [])
            narrowed[found[0]] += [c for c in found[1] if c not in narrowed[found[0]]]
    if not narrowed:
        return ()
    reads: dict[str, set[str]] = {}  # atom -> the attributes or hooks of the class it reads
    texts = [b.outcome for b in branches]
    seen = set()
    for node in (n for g in guards for n in walk(g, seen)):
        if id(node) in ties:
            continue
        if isinstance(node, Compare) and _DUNDER_OPS.get(node.op):
            for side in (node.left, node.right):
                if isinstance(side, Term) and side.text in narrowed:
                    reads.setdefault(side.text, set()).add(_DUNDER_OPS[node.op])
        elif isinstance(node, Truth) and node.term.text in narrowed:
            reads.setdefault(node.term.text, set()).add("__bool__")
    texts += [t.text for t in terms_of(guards)]
    for text in texts:
        for value in narrowed:
            if not names(text, value) or text.startswith("isinstance("):
                continue
            for attr in re.findall(r"(?<![\w.])" + re.escape(value) + r"\.(\w+)", text):
                reads.setdefault(f"{value}.{attr}", set()).add(attr)
            call = re.fullmatch(r"(\w+)\(" + re.escape(value) + r"\)", text)
            if call and call.group(1) in _DUNDER_CALLS:
                reads.setdefault(text, set()).add(_DUNDER_CALLS[call.group(1)])
    out: set[tuple[str, str, str]] = set()
    for atom, wanted in reads.items():
        value = atom if atom in narrowed else atom.partition("(")[2].rstrip(")") if "(" in atom else atom.rpartition(".")[0]
        for cls in narrowed.get(value, ()):
            roots = set()
            for attr in wanted:
                hooks = [attr, "__len__"] if attr == "__bool__" else [attr]
                for hook in hooks:
                    owner = next((k for k in interp.mro(cls) if hook in k.bound or hook in k.methods or hook in k.written), cls)
                    roots.add((owner.module.path, f"{owner.qualname}.{hook}"))
            if len(roots) > 1 and "." not in cls.qualname:  # (one root an atom: the whole class, else every pair differs)
                roots = {(cls.module.path, cls.qualname)}
            out |= {(atom, path, name) for path, name in roots}
    return tuple(sorted(out))


def _raising_reads(value, length: int | None) -> frozenset[str] | None:
    """What a fact must give for Python to refuse computing a value (`model.Computation.reads`):
    the operands of an atom it computes from others (`6 // n`, `mode.upper()`), the sides of an
    order comparison (`n > 5` of a string), the value unpacked; "*" for a comparison the model
    itself saw refused. None where nothing in it may raise."""
    from ..computed import operands
    from ..formula import walk
    from ..model import Compare

    if length is not None:
        return frozenset({value.text}) if isinstance(value, Term) else None
    reads: set[str] = set()
    for node in walk(value):
        if isinstance(node, Term):
            if node.is_opaque:
                if node.text.endswith(": TypeError>"):
                    reads.add("*")
                continue
            ops = operands(node.text, node.kind)
            if ops:
                reads.update(ops)
        elif isinstance(node, Compare) and node.op in ("<", "<=", ">", ">="):
            reads.update(side.text for side in (node.left, node.right) if isinstance(side, Term))
    return frozenset(reads) if reads else None


def _axioms(interp: Interpreter, branches: list[Branch]) -> tuple:
    """The interpreter's axioms between atoms that the guards read (`axioms`)."""
    from ..formula import terms_all, terms_of

    guard_terms = {(t.text, t.version): t for t in terms_of(b.guard for b in branches)}
    from .builtins import env_axioms, environment_truths

    axioms = interp.axioms() + _mapping_axioms(interp, guard_terms) + _member_value_axioms(interp, branches, guard_terms) \
        + env_axioms(interp, branches) + environment_truths(interp, branches)
    if not axioms:
        return ()
    return tuple(a for a in axioms if all((t.text, t.version) in guard_terms for t in terms_all(a)))


def _member_value_axioms(interp: Interpreter, branches: list[Branch], read: dict) -> list:
    """`x.value` where `x is E.M` (or `x == E.M`) of a plain enum whose member's value is a literal:
    that value (round 22: the region `kind=Kind.MLA, value=other than "mla"` no input takes, and a
    change of `MLA = 1` unseen where the guard read `k.value`)."""
    from ..formula import compare, disj, walk
    from ..model import Compare, SetLiteral

    out = []
    seen: set[int] = set()
    for branch in branches:
        for node in walk(branch.guard, seen):
            if not (isinstance(node, Compare) and node.op in ("==", "is") and isinstance(node.left, Term)
                    and isinstance(node.right, Term) and node.right.kind == "member" and node.left.kind != "member"):
                continue
            value = read.get((f"{node.left.text}.value", node.left.version))
            info = interp.enum_of.get(node.right.text.rpartition(".")[0])
            name = node.right.text.rpartition(".")[2]
            if value is None or info is None or info.int_like or name not in info.member_values:
                continue
            literal = info.member_values[name]
            if isinstance(literal, tuple) and not isinstance(literal, SetLiteral) or any(
                    gives_any(c, ("__eq__", "value", "__init__")) for c in interp.mro(info)):
                continue
            out.append(disj(neg(node), compare(value, "==", Lit(literal))))
    return out


def _mapping_axioms(interp: Interpreter, read: dict) -> list:
    """What mappings the model does not hold imply beyond `Interpreter.axioms`: one of no items
    (`len(d) == 0`) holds no key, `k in d` is false and `d.get(k)` its default there (`len(d) == 0
    and d.get("x") == "y"` never holds; exploratory fuzz round 3); and keys read by two texts."""
    from ..formula import compare, disj
    from .builtins import SUBSCRIPT

    out = []
    for mapping, version, key in {*interp.lookups, *interp.memberships}:
        size = read.get((f"len({mapping})", version))
        if size is None or size.kind != "call":
            continue
        empty = compare(size, "==", Lit(0))
        present = interp.memberships.get((mapping, version, key))
        if present is not None:
            out.append(disj(neg(empty), neg(present)))
        for value, default in interp.lookups.get((mapping, version, key), ()):
            if default != SUBSCRIPT:
                out.append(disj(neg(empty), compare(value, "==", default)))
    # a key tested by one text and looked up by another (`"x" not in d` and `d.get(mode)` where
    # `mode == "x"`): where the two keys are equal, the lookup misses where the test says so
    for (mapping, version, tested), present in interp.memberships.items():
        for (m, v, looked), found in interp.lookups.items():
            if (m, v) != (mapping, version) or looked == tested:
                continue
            a, b = _key_value(tested, read), _key_value(looked, read)
            if a is None or b is None:
                continue
            for value, default in found:
                if default != SUBSCRIPT:
                    out.append(disj(neg(compare(a, "==", b)), present, compare(value, "==", default)))
    return out


def _key_value(text: str, read: dict):
    """A key as `_key_text` wrote it: a literal, or a term the guards read (None: neither)."""
    import ast as _ast

    name, _, version = text.partition(" @")
    try:
        return Lit(_ast.literal_eval(name))
    except (ValueError, SyntaxError):
        return read.get((name, version))


def _clear_caches() -> None:
    """The memoised helpers key on values, and two runs may make equal terms that differ in what
    they were read after (`Term.prior` is not part of equality): start each model afresh."""
    from ..formula import MEMBER_TRUTH, truth
    from .expressions import _holds_refs
    from .values import _PRIORS, _is_bool, reset_uids

    for cached in (truth, _holds_refs, _is_bool):
        cached.cache_clear()
    MEMBER_TRUTH.clear()
    _PRIORS.clear()
    reset_uids()


def _note_versions(interp: Interpreter, branches: list[Branch]) -> None:
    """A note for each read the model keeps that comes after a call that may change it."""
    from ..formula import terms_all
    from ..model import And

    # one walk over every guard (each repeats the earlier ones' negations: a walk per branch
    # reads the chain's DAG once per branch)
    found = terms_all(And(tuple(branch.guard for branch in branches)))
    found += [b.result.term for b in branches if b.result is not None and b.result.term is not None]
    for term in found:
        if not term.version:
            continue
        line, why = interp.version_reads.get((term.text, term.version.split("|")[0]), (term.line, ""))
        if why:
            interp.note(line, f"version:{term.text}:{term.version}",
                        f"`{term.text}` is read after {why}, which may change it: a new atom (declare the call in `pure-calls` if it cannot)")


UNASSIGNED = Outcome("(never assigned)", "unassigned")  # a way out before the variable had a value: no rule's concern


def _raise_item(ex) -> tuple:
    name = ex.value.text if isinstance(ex.value, Term) else "exception"
    return (ex.guard, Outcome(f"raise {name}", "raise"), ex.line, ex.col, ex.guard_line, ex.kind)


def _exit_items(interp: Interpreter, ex, variable: str, local: bool) -> list[tuple]:
    """The variable's value where `ex` leaves the function: its local's value there, unknown for a
    raise inside an inlined helper (whose state holds the helper's locals), none where the
    function never assigned it."""
    if local and ex.depth > 0:
        value: Value = Term(f"<{variable} where line {ex.line} raises>", ex.line, "opaque")
    elif local and ex.state.env.get(variable, UNBOUND) == UNBOUND:
        return [(ex.guard, UNASSIGNED, ex.line, ex.col, ex.guard_line, "value")]
    else:
        value = _variable_value(interp, variable, ex.state)
    return _value_items(ex.guard, value, ex.line, ex.col, ex.guard_line, "value", boolean=_boolean(value))


def _variable_value(interp: Interpreter, variable: str, end) -> Value:
    if variable in end.env:
        return interp.load(end.env[variable], end)
    root, _, rest = variable.partition(".")
    if rest and root in end.env:
        # an attribute of what a local holds (`sa = self.server_args; sa.backend = ...`: the write
        # went to `self.server_args.backend`; round 12 read `self.sa.backend`)
        base = interp.load(end.env[root], end)
        if isinstance(base, Term) and not base.is_opaque:
            return interp.read_path(f"{base.text}.{rest}", "attr", 0, end, at=interp.object_path(base, f".{rest}"))
        return Term(f"<{variable} at the end>", 0, "opaque")
    path = f"self.{variable}"
    return interp.read_path(path, "attr", 0, end)


def _boolean(value: Value) -> bool:
    leaves = [leaf for _, leaf in flatten(value)]
    return all(_is_bool(leaf) or isinstance(leaf, Term) for leaf in leaves) and any(_is_bool(leaf) for leaf in leaves)


def _value_items(guard: Formula, value: Value, line: int, col: int, guard_line: int, kind: str, boolean: bool = False) -> list[tuple]:
    """A decision's value as first-match items. A boolean decision variable (`and`/`or`/
    comparisons of inputs, tested by an `if`) is read by its truth: True where it holds."""
    if boolean:
        f = truth(value)
        return [(conj(guard, f), Outcome("True", "literal"), line, col, guard_line, kind),
                (guard, Outcome("False", "literal"), line, col, guard_line, kind)]
    out: list[tuple] = []
    for cond, leaf, assigned in _leaves(value):
        g = conj(guard, cond)
        if g == FALSE:
            continue
        if assigned:  # a decision variable's value: reported at the assignment that made it
            line, col, guard_line = assigned, 1, 0
        if isinstance(leaf, Lit):
            value_ = leaf.value
            out.append((g, _literal_outcome(value_), line, col, guard_line, kind))
        elif isinstance(leaf, Term):
            out.append((g, _term_outcome(leaf), line, col, guard_line, kind))
        elif isinstance(leaf, Mapping):
            for entry_cond, outcome in _mappings(leaf):
                out.append((conj(g, entry_cond), outcome, line, col, guard_line, kind))
        elif isinstance(leaf, Seq):
            if leaf.kind == "tuple" and leaf.items and leaf.items[0].cond == TRUE:
                out.extend(_value_items(g, leaf.items[0].value, line, col, guard_line, kind))
                continue
            from ..cubes import simplified

            for order_cond, outcome in _orders(leaf):
                out.append((simplified(conj(g, order_cond)), outcome, line, col, guard_line, kind))
        elif _is_object(leaf):  # a class, a function, a module: the object, by its name (round 23:
            # `cls = Triton; if flash: cls = Flash; return cls` returned True and False)
            out.append((g, _object_outcome(leaf), line, col, guard_line, kind))
        else:  # a truth value: True where it holds, False elsewhere
            f = truth(leaf)
            out.append((conj(g, f), Outcome("True", "literal"), line, col, guard_line, kind))
            out.append((g, Outcome("False", "literal"), line, col, guard_line, kind))
    return out


def _is_object(leaf: Value) -> bool:
    from .expressions import ModuleRef
    from .values import ClassRef, Closure, FunctionRef

    return isinstance(leaf, (ClassRef, FunctionRef, ModuleRef, Closure))


def _object_outcome(leaf: Value) -> Outcome:
    """The outcome of a class, a function or a module of the tree: its name (a nested function's,
    opaque)."""
    from .values import Closure

    if isinstance(leaf, Closure):
        return Outcome(f"<function {leaf.node.name}>", "opaque")
    return Outcome(leaf.text, "named")


def _firing_all(groups: list[list[tuple]]) -> list[list[tuple]]:
    """`_firing` of each exit's items, in one diagram: the exits of a function share most of
    their guards (each holds the negations of the branches before it), compiled once for all
    (a diagram per exit compiled them again: 25 blocks that each reassign one local, 12 of 13 s)."""
    from ..domains import Space
    from ..logic import Diagram, TooLarge

    split = [g for g in groups if len(g) > 1]
    if len(split) <= 1:
        return [_firing(g) for g in groups]
    try:
        d = Diagram(Space(item[0] for g in split for item in g))
        return [_firing(g, d) for g in groups]
    except TooLarge:  # one diagram for every exit is past the budget: one each, as before
        return [_firing(g) for g in groups]


def _firing(items: list[tuple], shared=None) -> list[tuple]:
    """The items one exit splits into (one per value it may return), less those that can never be
    the first whose guard holds (`x = A if c else B` read where `c` is known). An exit none of
    whose items can fire keeps them all: that is a shadowed branch, and it is reported."""
    from ..domains import Space
    from ..logic import Diagram, TooLarge

    if len(items) <= 1:
        return items
    # one diagram for all the items' guards: each guard compiled once, the union of those before
    # it grown one item at a time (a diagram per item rebuilt that union every time)
    try:
        d = shared if shared is not None else Diagram(Space(item[0] for item in items))
        kept, before = [], d.false
        for item in items:
            # the guard holds somewhere none before it does exactly when adding it grows the union
            # (diagrams are canonical: one node per function)
            grown = d.disj(before, d.formula(item[0]))
            if grown != before:
                kept.append(item)
            before = grown
    except TooLarge:  # past the diagram budget: every item kept (its guard is exact: one that
        if shared is not None:  # cannot fire is a branch that never does; vLLM's `_flash_attn_fwd`
            raise  # crashed here). A diagram `_firing_all` shares: its caller's to handle
        return items
    return kept or items


def _leaves(value: Value) -> list[tuple[Formula, Value, int]]:
    """`flatten` that also says, for each leaf, the line of the assignment that made it (0: none)."""
    def step(node: Value, line: int) -> list | None:
        if isinstance(node, Named) and node.kind == "assignment":
            return [(None, node.body, node.line)]
        return value_step(node, line)

    return [(cond, leaf, line or 0) for cond, leaf, line in split_value(value, step, exclusive=False)]


def _literal_outcome(value: object) -> Outcome:
    if value is None:
        return Outcome("None", "none")
    if isinstance(value, tuple) and value:
        return _literal_outcome(value[0])
    return Outcome(repr(value), "literal")


_CONSTANT_CASE = re.compile(r"[A-Z][A-Z0-9_]*")


class _ForeignNames:
    """Names the target reads from outside what the model sees: imported names and names the
    module never binds (a snippet's enum), less the function's own parameters and locals.
    Asked name by name, so that a model reads only the module entries it needs (`reads.py`)."""

    def __init__(self) -> None:
        self.index: ModuleIndex | None = None
        self.own: set[str] = set()
        self.read: set[str] = set()

    def reset(self, index: ModuleIndex | None, node: ast.AST | None) -> None:
        self.index = index
        self.own, self.read = set(), set()
        if node is not None:
            self.own = {a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)}
            for n in ast.walk(node):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    self.own.add(n.id)
                elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                    self.read.add(n.id)

    def __contains__(self, name: str) -> bool:
        index = self.index
        if index is None or name in self.own:
            return False
        if name in index.imports:
            return True
        return name in self.read and not any(name in table for table in (index.globals, index.functions, index.classes, index.constants))


_NAMED_ROOTS = _ForeignNames()  # module-level imported names of the target's module, less its parameters


def _term_outcome(term: Term) -> Outcome:
    from .values import ClassRef, FunctionRef

    if term.kind == "member":
        return Outcome(term.text, "member")
    if not term.version and isinstance(term.prior, (ClassRef, FunctionRef)):
        return Outcome(term.text, "named")  # a class or function of the tree a list holds (round 15)
    root, _, last = term.text.rpartition(".")
    if not term.version and root.split(".")[0] in _NAMED_ROOTS and _CONSTANT_CASE.fullmatch(last) and "(" not in term.text:
        return Outcome(term.text, "named")
    if term.is_opaque:
        return Outcome(term.text, "opaque")
    return Outcome(term.text, "term", term=term)


def _item_outcome(value: Value) -> Outcome:
    if isinstance(value, Lit):
        return _literal_outcome(value.value) if not isinstance(value.value, tuple) else Outcome(repr(value.value), "literal")
    if isinstance(value, Term):
        return _term_outcome(value)
    from .values import ClassRef, FunctionRef

    if isinstance(value, (ClassRef, FunctionRef)):  # a class or function of the tree, by its name (round 15)
        return Outcome(value.text, "named")
    from ..formula import render

    return Outcome(f"<{render(value)}>", "opaque")


def _orders(seq: Seq) -> list[tuple[Formula, Outcome]]:
    """The exact orders a list takes, each with the condition it takes it under (infeasible
    combinations of conditions pruned with the decision diagram)."""
    from ..domains import Space
    from ..logic import Diagram, TooLarge

    alternatives: list[list[tuple[Formula, Value | None]]] = []
    for item in seq.items:
        choices: list[tuple[Formula, Value | None]] = []
        for cond, leaf in cases(item.value):
            choices.append((conj(item.cond, cond), leaf))
        if item.cond != TRUE:
            choices.append((neg(item.cond), None))
        alternatives.append(choices)
    results: list[tuple[Formula, tuple[Value, ...]]] = []
    too_many = False
    # one diagram over every choice's condition: a path's condition is one conjunction more than
    # its parent's, not a diagram compiled again from the whole path
    d = Diagram(Space(c for choices in alternatives for c, _ in choices))

    def go(i: int, cond: Formula, node: int, chosen: tuple[Value, ...]) -> None:
        nonlocal too_many
        if too_many:
            return
        if i == len(alternatives):
            results.append((cond, chosen))
            if len(results) > MAX_LIST_ORDERS:
                too_many = True
            return
        choices = alternatives[i]
        if len(choices) == 1 and choices[0][0] == TRUE:
            go(i + 1, cond, node, chosen + ((choices[0][1],) if choices[0][1] is not None else ()))
            return
        for c, leaf in choices:
            nxt = conj(cond, c)
            if nxt == FALSE:
                continue
            nxt_node = d.conj(node, d.formula(c))
            if nxt_node == d.false:
                continue
            go(i + 1, nxt, nxt_node, chosen + ((leaf,) if leaf is not None else ()))

    try:
        go(0, TRUE, d.true, ())
    except TooLarge:  # the orders' conditions past the diagram budget: as unknown as too many orders
        too_many = True
    finally:
        del go  # it calls itself: a cycle otherwise, left to the collector
    if too_many:
        return [(TRUE, Outcome("<a list with too many orders to list>", "opaque"))]
    merged: dict[tuple[str, ...], list] = {}
    for cond, chosen in results:
        items = tuple(_item_outcome(v) for v in chosen)
        key = tuple(o.text for o in items)
        if key in merged:
            from ..formula import disj

            merged[key][0] = disj(merged[key][0], cond)
        else:
            merged[key] = [cond, items]
    out = []
    for key, (cond, items) in merged.items():
        out.append((cond, Outcome("[" + ", ".join(key) + "]", "list", items)))
    return out


def _mappings(mapping: Mapping) -> list[tuple[Formula, Outcome]]:
    """A dict the function returns (`{"attention_backend": backend}`), one outcome per combination
    of its values' alternatives: a literal where every value is a constant, else a "dict" whose
    values a rule's facts may give (round 48: `{"attention_backend": view.prefill}` was a literal
    of that text, no value a rule names, and `forbid` of the dict it returns was clean)."""
    combos: list[tuple[Formula, tuple[Outcome, ...]]] = [(TRUE, ())]
    keys = tuple(key.text if isinstance(key, Term) else repr(key) for key, _ in mapping.entries)  # (a member by its name: round 50)
    for _key, value in mapping.entries:
        nxt = []
        for cond, items in combos:
            for c, leaf in cases(value):
                both = conj(cond, c)
                if both != FALSE:
                    nxt.append((both, items + (_item_outcome(leaf),)))
        combos = nxt[:MAX_LIST_ORDERS]
    return [(cond, Outcome("{" + ", ".join(f"{k}: {i.text}" for k, i in zip(keys, items)) + "}",
                           "literal" if all(i.kind in _CONSTANT_KINDS for i in items) else "dict", items, keys=keys))
            for cond, items in combos]


_CONSTANT_KINDS = ("literal", "none", "member", "named")  # (an item's outcome that is one value whatever the inputs)


def _declared(interp: Interpreter, index: ModuleIndex, branches: list[Branch], node: ast.AST | None) -> tuple[str, ...]:
    """Every member of the enums the branches return members of (so a rule may expect a member
    that no branch returns any more: that is a finding, not a stale rule), and the literals the
    function's own `return`s write (a branch the model folds away still names its outcome)."""
    from .calls import _own_returns

    literals = [_literal_outcome(r.value.value).text for r in (_own_returns(node) if node is not None else ())
                if isinstance(r.value, ast.Constant) and isinstance(r.value.value, (str, int, float)) and not isinstance(r.value.value, bool)]
    classes: dict[str, None] = {}
    for b in branches:
        outcomes = [b.result] if b.result is not None else []
        for o in outcomes:
            for leaf in (o.items if o.kind == "list" else (o,)):
                if leaf.kind == "member":
                    classes.setdefault(leaf.text.rsplit(".", 1)[0], None)
    declared: list[str] = []
    for text in classes:
        info = interp.class_by_name(text, index)
        if info is not None and info.is_enum:
            declared.extend(f"{text}.{m}" for m in info.members)
    return tuple(dict.fromkeys([*declared, *literals]))


def _source(index: ModuleIndex, guard_line: int, line: int) -> tuple[tuple[int, str], ...]:
    wanted = []
    if guard_line and guard_line < line:
        wanted.append(guard_line)
        if line - guard_line <= 3:
            wanted.extend(range(guard_line + 1, line))
    wanted.append(line)
    return tuple((n, index.line_text(n)) for n in wanted if 0 < n <= len(index.lines))


def _assignment_lines(node: ast.FunctionDef, variable: str) -> list[int]:
    """The lines of the statements that bind the decision variable: an assignment, `:=`, and every
    other binding of the name (a `for` target, `with ... as`, `except ... as`, `del`, an import,
    a `match` capture: round 41, the function was run only to the last plain assignment, and a
    later `for backend in ...` was never seen); for an attribute of `self`, a `setattr(self, ...)`
    (round 41). The calls of helpers that write an attribute are `self_writes`'."""
    wanted = {variable, f"self.{variable}"}
    lines = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and dotted(sub.func) in ("setattr", "object.__setattr__") and sub.args \
                and dotted(sub.args[0]) == "self" and not (len(sub.args) > 1 and isinstance(sub.args[1], ast.Constant)
                                                           and sub.args[1].value != variable.removeprefix("self.")):
            lines.append(sub.lineno)
        if isinstance(sub, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.Delete)):
            targets = sub.targets if isinstance(sub, (ast.Assign, ast.Delete)) else [sub.target]
            for t in targets:
                for part in ast.walk(t):
                    if dotted(part) in wanted and isinstance(getattr(part, "ctx", None), (ast.Store, ast.Del)):
                        lines.append(sub.lineno)
        elif isinstance(sub, ast.NamedExpr) and sub.target.id == variable:
            lines.append(sub.lineno)
        elif isinstance(sub, (ast.With, ast.AsyncWith)) and any(
                dotted(part) in wanted for item in sub.items if item.optional_vars is not None for part in ast.walk(item.optional_vars)):
            lines.append(sub.lineno)
        elif isinstance(sub, ast.ExceptHandler) and sub.name == variable:
            lines.append(getattr(sub, "end_lineno", None) or sub.lineno)  # (the name is unbound after the handler)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)) and any((a.asname or a.name.split(".")[0]) == variable for a in sub.names):
            lines.append(sub.lineno)
        elif isinstance(sub, (ast.MatchAs, ast.MatchStar)) and sub.name == variable \
                or isinstance(sub, ast.MatchMapping) and sub.rest == variable:
            lines.append(sub.lineno)
    return lines


def _nested_assignment(node: ast.FunctionDef, variable: str) -> bool:
    """Whether a function nested in `node` assigns `variable` of it (`nonlocal variable`)."""
    from .calls import _nonlocal_writes

    return variable in _nonlocal_writes(node)


def _assigned_names(node: ast.FunctionDef) -> set[str]:
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            names.add(sub.id)
        elif isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store) and dotted(sub.value) == "self":
            names.add(sub.attr)
    return names
