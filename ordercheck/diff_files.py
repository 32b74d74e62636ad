"""The decisions of changed files, in both versions, compared: which functions are decisions
(candidates by shape, kept by their model), each version's modules parsed once and models built
once (the new version's recording what they read, `reads.py`), and the comparison of many
targets, renamed and vanished ones included. No I/O.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Callable

from .diff import DiffResult, TargetDiff, Uncompared, diff_models
from .extract import ModuleIndex, Options, Project, extract_from, inherited_overridden
from .extract.definitions import _attribute, changed
from .extract.index import statement_binds
from .extract.statements import LOOP_ITEM
from .formula import terms_of
from .extract import _deep as deep
from .logic import TooLarge
from .discover import _own_nodes, first_supported_loops
from .model import ConfigError, DecisionModel, Lit, Location, dotted
from .reads import Reads, note_module, note_search, recording, same_reads, watch

FOUND_BUDGET = 250_000  # diagram nodes for a decision found in a changed file (rule targets get NODE_BUDGET)


def _functions(index: ModuleIndex):
    return [(q, f) for q, f in index.functions.items()]


def _return_weight(node: ast.AST) -> int:
    """How many `return` statements a function body has (a conditional return counts twice, and
    so does returning a name when the body has an `if`: a list or value built on conditions),
    not counting nested functions."""
    count, branches = 0, False
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(n, ast.Return):
            count += 2 if isinstance(n.value, (ast.IfExp, ast.Name, ast.List, ast.Tuple)) else 1
        branches = branches or isinstance(n, CHOOSING)
        stack.extend(ast.iter_child_nodes(n))
    return count if branches else min(count, 1)


# statements whose arms run or not by what happens (round 31: `return "TORCH"` in an `except` beside
# `return "FLASH"` after the `try` was no candidate, and its change "0 decisions changed"): a `with`
# may swallow an exception, a `try`'s `else` and handlers run or not by what its body raises
CHOOSING = (ast.If, ast.IfExp, ast.For, ast.AsyncFor, ast.While, ast.Match, ast.Try, ast.TryStar, ast.With, ast.AsyncWith)


def decision_candidates(index: ModuleIndex) -> list[str]:
    """Functions shaped like a decision: at least two `return`s, a conditional return, or one
    return of what conditions built, or a first-supported loop (`is_decision` then keeps those
    with two outcomes)."""
    found = {q for q, f in _functions(index) if _return_weight(f.node) >= 2 or _first_supported(f.node)}
    grown = True
    while grown:  # (and a function whose one return is a call of one: `return _impl(b, a)`, round 32)
        grown = False
        for q, f in _functions(index):
            if q not in found and _forwards_to(f, found):
                found.add(q)
                grown = True
    return [q for q, _f in _functions(index) if q in found]


def _first_supported(node: ast.AST) -> bool:
    """Whether a function has a loop returning the first item a check accepts, or what that item
    gives (`for b in BACKENDS: if b.is_supported(cfg): return b.NAME`; round 47: no candidate,
    and a reordered `BACKENDS` was "0 decisions changed")."""
    return bool(first_supported_loops(list(_own_nodes(node))))


def _forwards_to(fn, found: set[str]) -> bool:
    """Whether the function's one `return` (no `if` about it) returns a call of a function of
    `found`: a plain name of the module, or `self.m`/`cls.m` of its class."""
    if _return_weight(fn.node) != 1:
        return False
    returns = [n for n in ast.walk(fn.node) if isinstance(n, ast.Return)]
    call = returns[0].value if len(returns) == 1 else None
    if not isinstance(call, ast.Call):
        return False
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in found
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls") \
        and fn.cls is not None and f"{fn.cls.qualname}.{func.attr}" in found


def is_decision(model: DecisionModel) -> bool:
    """At least two different outcomes, one of them constant (an enum member, a literal, a list of
    them), and a guard."""
    results = [b.result for b in model.branches if b.kind in ("return", "value") and b.result is not None]
    constant = {r.text for r in results if r.kind in ("member", "named", "literal", "list", "none")}
    outcomes = {r.text for r in results}  # a value read from an input counts too (`return True` / `return flag`)
    return bool(constant) and len(outcomes) >= 2 and any(b.guard_line or b.guard != Lit(True) for b in model.branches)


def _loop_decision(model: DecisionModel) -> str | None:
    """For a function with a first-supported loop that `is_decision` does not keep: "" where its
    outcomes (returns and raises) are two or more, each named (`'flash'`, `Flash.get_path()`,
    `raise AttributeError`), under a guard; why it cannot be compared where an outcome is the
    loop's item the model does not name (a loop over a list it does not hold); None otherwise."""
    results = [b.result for b in model.branches if b.kind in ("return", "value", "raise") and b.result is not None]
    unnamed = next((r.text for r in results if LOOP_ITEM in r.text), None)
    if unnamed is not None:
        return (f"an outcome is `{unnamed}`, what the loop's item gives where the model does not name the item (a list "
                "it does not hold): which item each configuration reaches, in either version, cannot be told")
    guarded = any(b.guard_line or b.guard != Lit(True) for b in model.branches)
    return "" if guarded and len({r.text for r in results}) >= 2 else None


def _constant_outcomes(model: DecisionModel) -> bool:
    """Whether every outcome a model's branches select is a constant (a member, a literal, a list
    of them): a decision whose guards all fold (`if USE_FLASH:` of a flag bound to a constant)."""
    results = [b.result for b in model.branches if b.kind in ("return", "value")]
    return bool(results) and all(r is not None and r.kind in ("member", "named", "literal", "list", "none") for r in results)


def decision_variables(index: ModuleIndex, path: str) -> list[str]:
    """`Qualname:variable` for boolean decision variables: a local or `self.` attribute assigned
    an `and` / `or` or a comparison chain, that a later `if` tests (or, for `self.x`, that the
    object keeps)."""
    found = []
    for qualname, fn in _functions(index):
        assigned: dict[str, None] = {}
        tested: set[str] = set()
        chains: dict[str, int] = {}
        stack = list(ast.iter_child_nodes(fn.node))
        while stack:
            n = stack.pop()
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.value, ast.BoolOp):
                name = dotted(n.targets[0])
                if name and (name.startswith("self.") or "." not in name):
                    assigned[name] = None
            elif isinstance(n, ast.If):
                for sub in ast.walk(n.test):
                    name = dotted(sub)
                    if name:
                        tested.add(name)
                for name, arms in _chain_assignments(n).items():
                    chains[name] = chains.get(name, 0) + arms
            stack.extend(ast.iter_child_nodes(n))
        for name in sorted(assigned):
            if name.startswith("self.") or name in tested:
                found.append(f"{qualname}:{name.removeprefix('self.')}")
        # an assignment chain: a name or attribute set to constants in two or more arms
        # (`server_args.backend = "x"` ... `elif ...: = "y"`; round 12: a changed default was "0
        # decisions changed")
        for name in sorted(chains):
            spec = f"{qualname}:{name}"
            if chains[name] >= 2 and name not in assigned and spec not in found:
                found.append(spec)
    return found


MAX_DISPATCHER_VARIABLES = 24  # attributes of `self` compared at the end of one changed dispatcher


def dispatcher_variables(index: ModuleIndex, other: ModuleIndex | None, path: str, project,
                         taken: list[str]) -> tuple[list[str], dict[str, tuple[int, str]]]:
    """`Qualname:self.x` for a method whose text differs between the versions (`other`: the other
    version's module) that writes attributes of `self` through helpers it calls (`self._handle_a2a()`
    then `self._select_runner()`: the order of the steps decides what the later one reads; round
    48, SGLang #30952, a reorder of two steps was "0 decisions changed"): each attribute the method
    or its helpers write, compared at the method's end, first those a guard of the method or of a
    helper reads and those that are decision variables of another function of the module. Where
    they are more than `MAX_DISPATCHER_VARIABLES`, the method is also returned with why the rest
    are not compared."""
    from .extract.self_writes import self_name, self_writes
    from .extract.interpreter import Interpreter

    if other is None:
        return [], {}
    interp = None
    named = {spec.partition(":")[2].removeprefix("self.") for spec in taken if ":" in spec}  # decision variables
    out: list[str] = []
    reasons: dict[str, tuple[int, str]] = {}
    for qualname, fn in _functions(index):
        if fn.cls is None or fn.kind not in ("method", "property") or qualname not in other.functions \
                or not _source_changed(index, other, qualname):
            continue
        interp = interp or Interpreter(project, Options())
        try:
            helpers = self_writes(interp, fn.cls, fn)
        except RecursionError:
            helpers = {}
        if not helpers:
            continue  # (no helper of it writes `self`: its own shapes are the other candidates)
        if "*" in helpers:  # (and the model may not run its helpers: the object may hold its own `_apply`)
            reasons[qualname] = (fn.node.lineno, "a helper it calls writes attributes of `self` by a name the model does "
                                 "not read (`setattr(self, name, v)`, `self.__dict__`): what each configuration leaves "
                                 "there, and which helpers then run, cannot be compared")
            continue
        first = self_name(fn)
        direct = {n.attr for n in ast.walk(fn.node) if isinstance(n, ast.Attribute)
                  and isinstance(n.ctx, (ast.Store, ast.Del)) and dotted(n.value) == first}
        written = sorted((set(helpers) | direct) - {"*"})
        read = _guard_reads(interp, fn, first)
        own = {spec.partition(":")[2].removeprefix("self.") for spec in taken if spec.startswith(qualname + ":")}
        # (what a guard reads or another function decides on first; the rest too: another method may
        # branch on it, round 50's "0 decisions changed" where only the guards' were compared)
        ranked = [x for x in written if x not in own and (x in read or x in named)] \
            + [x for x in written if x not in own and x in helpers and not (x in read or x in named)]
        out += [f"{qualname}:self.{x}" for x in ranked[:MAX_DISPATCHER_VARIABLES]]
        rest = ranked[MAX_DISPATCHER_VARIABLES:]
        if rest:
            reasons[qualname] = (fn.node.lineno, f"it writes {len(rest)} more attributes of `self` through its helpers "
                                 f"than are compared one by one ({', '.join(f'`self.{x}`' for x in rest[:4])}"
                                 f"{', ...' if len(rest) > 4 else ''})")
    return out, reasons


def _guard_reads(interp, fn, name: str) -> set[str]:
    """The attributes of the object `name` holds that a test of `fn` or of a helper it hands the
    object to reads (`if self.moe_a2a_backend != "none":`)."""
    from .extract.self_writes import helper_calls

    seen: set[tuple[int, str]] = set()
    out: set[str] = set()
    stack = [(fn, name)]
    while stack:
        f, n = stack.pop()
        if (id(f.node), n) in seen or n == "*":
            continue
        seen.add((id(f.node), n))
        for sub in ast.walk(f.node):
            test = sub.test if isinstance(sub, (ast.If, ast.While, ast.IfExp, ast.Assert)) else \
                sub.subject if isinstance(sub, ast.Match) else None
            if test is not None:
                out |= {part.attr for part in ast.walk(test) if isinstance(part, ast.Attribute) and dotted(part.value) == n}
        stack += [(callee, param) for _call, callee, param in helper_calls(interp, fn.cls, f, n)]
    return out


def _chain_assignments(node: ast.If) -> dict[str, int]:
    """For each name or attribute an arm of one `if` (its body, its `else`) assigns a constant
    directly: in how many of the two."""
    out: dict[str, int] = {}
    for arm in (node.body, node.orelse):
        names = set()
        for stmt in arm:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and _constant_value(stmt.value):
                name = dotted(stmt.targets[0])
                if name and name.count(".") <= 2:
                    names.add(name)
        for name in names:
            out[name] = out.get(name, 0) + 1
    return out


def _constant_value(node: ast.expr) -> bool:
    """A literal, or a dotted name written in capitals at its end (an enum member, a constant)."""
    if isinstance(node, ast.Constant):
        return True
    name = dotted(node)
    return name is not None and "." in name and name.rsplit(".", 1)[1][:1].isupper()


def match_function(old_name: str, old_outcomes: tuple[str, ...], new_index: ModuleIndex, path: str, taken: set[str],
                   modules: Modules) -> str | None:
    """The new function that a vanished one (with `old_outcomes`) most likely became: the same
    outcomes, the closest name."""
    candidates = []
    for qualname in decision_candidates(new_index):
        if qualname in taken:
            continue
        outcomes = modules.outcomes(new_index, path, qualname)
        if outcomes is not None and set(outcomes) == set(old_outcomes) and len(outcomes) >= 2:
            candidates.append(qualname)
    near = difflib.get_close_matches(old_name, candidates, n=1, cutoff=0.0)
    return near[0] if near else None


_COMPARED = Options(computations=False, definitions=True)  # a comparison reads no facts, so nothing they may make
# raise; it reads what globals rest on


class Modules(Project):
    """Each file of one version parsed once, each function modelled once; imports resolved inside
    that version. `touched`, when set, collects every path looked up (found or not): what the
    models built meanwhile may depend on."""

    def __init__(self, read=None, records: bool = False, twin: "Modules | None" = None) -> None:
        super().__init__(read)
        self.touched: set[str] | None = None
        self.searched: set = set()  # with `touched`: the searches of the tree made (`outside.Search`)
        # the other version: a module whose text is the same in both is parsed once, for both
        # (indexes are the module's alone; of the ~170 modules vLLM's fused_moe models read, 67
        # are the same text in two releases)
        self.twin = twin
        if twin is not None:
            twin.twin = self
        self.records = records  # note what each model reads (`same_in`)
        self._models: dict[tuple[str, str], DecisionModel | ConfigError] = {}
        self._outcomes: dict[tuple[str, str], tuple[str, ...]] = {}  # of models dropped (`forget_model`)
        self._reads: dict[tuple[str, str], Reads] = {}
        self._same_text: dict[tuple[int, str], bool] = {}  # (id of the other version, path): its text is this one's
        self._definitions: dict[tuple[str, str], tuple] = {}  # (path, function) -> its model's `definitions`
        self._changed: dict[tuple[str, str], str | None] = {}  # (path, global) -> the first definition that differs

    def module(self, path: str) -> ModuleIndex | ConfigError | None:
        if self.touched is not None:
            self.touched.add(path)
        note_module(path)
        twin = self.twin
        if twin is not None and path not in self._modules and isinstance(twin._modules.get(path), ModuleIndex) \
                and twin.text(path) == self.text(path):
            self._modules[path] = twin._modules[path]
        index = super().module(path)
        if self.records and isinstance(index, ModuleIndex):
            watch(index)
        return index

    def search(self, search) -> tuple[str, ...]:
        note_search(search)
        if self.touched is not None:
            self.searched.add(search)
        return super().search(search)

    def same_in(self, other: "Modules", path: str, function: str) -> bool:
        """Whether `other` (the other version) answers every read this version's model of
        `function` made the same way: then its model there is this one (positions aside)."""
        reads = self._reads.get((path, function))
        if reads is None:
            return False

        def same_text(file: str) -> bool:
            key = (id(other), file)
            if key not in self._same_text:
                self._same_text[key] = other.text(file) == self.text(file)
            return self._same_text[key]

        found = self._definitions.get((path, function), ())
        return same_reads(reads, other, self, same_text) and not self.redefined(other, found, found)

    def redefined(self, other: "Modules", before: tuple, after: tuple) -> dict[str, str]:
        """The atoms both models read as one global (their `definitions`: `before` the old
        version's, in `other`, `after` this one's) that may hold another value in one than in the
        other, each with the first definition it rests on that differs."""
        old_roots: dict[str, list] = {}
        for atom, path, name in before:
            old_roots.setdefault(atom, []).append((path, name))
        new_roots: dict[str, list] = {}
        for atom, path, name in after:
            new_roots.setdefault(atom, []).append((path, name))
        out: dict[str, str] = {}
        for atom, roots in new_roots.items():
            was = old_roots.get(atom, [])  # (an atom one version alone reads is that version's own)
            if not was:
                continue
            # a definition both read is compared with itself (`self.x` rests on every class on the way:
            # round 33), one alone with each the other reads alone, one the new version lost is a change
            gone, extra = [r for r in was if r not in roots], [r for r in roots if r not in was]
            pairs = [(r, r) for r in roots if r in was] + [(b, a) for a in extra for b in (gone or was)]
            if gone and not extra:
                out[atom] = f"{gone[0][0]}::{gone[0][1]}"
                continue
            for before_root, after_root in pairs:
                where = changed(other, self, before_root, after_root, self._changed)
                if where is not None:
                    out.setdefault(atom, where)
                    break
        return out

    def get(self, path: str) -> ModuleIndex | ConfigError | None:
        return self.module(path)

    def forget_models(self) -> None:
        """Drop the models built so far (the parsed modules stay): a worker's memory between files."""
        self._models.clear()
        self._definitions.clear()
        self._outcomes.clear()
        self._reads.clear()

    def forget_model(self, path: str, function: str) -> None:
        """Drop one model, keeping its outcomes (what the renamed-function matcher asks of it)."""
        model = self._models.pop((path, function), None)
        if isinstance(model, DecisionModel):
            self._outcomes[(path, function)] = model.outcomes

    def outcomes(self, index: ModuleIndex, path: str, function: str) -> tuple[str, ...] | None:
        """A function's outcomes (None: it cannot be modelled), from its model or what a dropped
        model left."""
        kept = self._outcomes.get((path, function))
        if kept is not None and (path, function) not in self._models:
            return kept
        model = self.extract(index, path, function)
        return None if isinstance(model, ConfigError) else model.outcomes

    def extract(self, index: ModuleIndex, path: str, function: str) -> DecisionModel | ConfigError:
        key = (path, function)
        if key not in self._models:
            if self.records:
                with recording() as reads:
                    self._models[key] = extract_from(index, path, function, project=self, options=_COMPARED)
                self._reads[key] = reads
            else:
                self._models[key] = extract_from(index, path, function, project=self, options=_COMPARED)
            model = self._models[key]
            if isinstance(model, DecisionModel):
                self._definitions[key] = model.definitions
        return self._models[key]


def diff_file(path: str, old_modules: Modules, new_modules: Modules, renames: bool = True, exclude: frozenset[str] = frozenset(),
              old_side: bool = True) -> DiffResult:
    """Every decision function of one changed file, in both versions, compared (`exclude`:
    functions compared elsewhere, as rule targets). With `old_side` False only the new version is
    modelled, to learn what it reads (`new_modules.touched`); the result then lists nothing."""
    result = DiffResult()
    # the new version first: a candidate whose every read answers the same in the old version
    # has the same model there, and is not built again (`Modules.same_in`)
    sides = (new_modules, old_modules) if old_side else (new_modules,)
    compared: dict[Modules, list[str]] = {m: [] for m in sides}  # decisions (or unmodelable), in file order
    plain: dict[Modules, dict[str, tuple[str, ...]]] = {m: {} for m in sides}  # other candidates: their outcomes
    unnamed: dict[Modules, dict[str, tuple[int, str]]] = {m: {} for m in sides}  # first-supported loops: why not compared
    same: set[str] = set()
    errors: dict[Modules, ConfigError] = {}
    inherited: list[str] = []
    dispatchers: dict[str, tuple[int, str]] = {}  # changed dispatchers writing more attributes than are compared
    for modules in sides:
        index = modules.get(path)
        side = compared[modules]
        if isinstance(index, ConfigError):  # an unparsable changed file is never a clean diff
            errors[modules] = index
        elif index is not None:
            # (a subclass's inherited decision whose overrides either version has: both compare it)
            inherited += [q for q, fn in inherited_overridden(index, modules) if _return_weight(fn.node) >= 2 and q not in inherited]
            own = decision_candidates(index)
            for qualname in own + [q for q in inherited if q not in own and q.rpartition(".")[0] in index.classes]:
                if modules is old_modules and qualname in same:  # the new version's model, read the same
                    if qualname in compared[new_modules]:
                        side.append(qualname)
                    continue
                model = modules.extract(index, path, qualname)
                if modules is new_modules and old_side and modules.same_in(old_modules, path, qualname):
                    same.add(qualname)
                loop = None if isinstance(model, ConfigError) or is_decision(model) or qualname not in own \
                    or not _first_supported(index.functions[qualname].node) else _loop_decision(model)
                if isinstance(model, ConfigError) or is_decision(model) or loop == "":
                    side.append(qualname)
                elif loop:  # (listed as not compared where its model changed: below)
                    unnamed[modules][qualname] = (model.line, loop)
                    modules.forget_model(path, qualname)
                else:  # not compared: its values can be large (a rename match extracts it again)
                    if _constant_outcomes(model):
                        plain[modules][qualname] = model.outcomes
                    modules.forget_model(path, qualname)
            side += decision_variables(index, path)
            if old_side:  # (a method whose text is the same in both versions is no dispatcher that changed)
                other = (old_modules if modules is new_modules else new_modules).get(path)
                specs, reasons = dispatcher_variables(index, other if isinstance(other, ModuleIndex) else None, path,
                                                      modules, side)
                side += specs
                dispatchers.update(reasons)
    found: dict[str, None] = {}
    for modules in (old_modules, new_modules) if old_side else sides:  # the old version's order first
        if modules in errors:
            result.errors.append(errors[modules])
        found.update(dict.fromkeys(compared[modules]))
    if old_side:  # a candidate with one outcome in each version, another in each (`if USE_FLASH:` with the flag
        # switched off: every guard folds, and the function returned 'flash', now 'triton'; round 22)
        found.update((q, None) for q, outcomes in plain[new_modules].items()
                     if q in plain[old_modules] and plain[old_modules][q] != outcomes)
    if not old_side:
        index = new_modules.get(path)
        for qualname in found:
            if ":" in qualname and isinstance(index, ModuleIndex):
                new_modules.extract(index, path, qualname)
        # what the models' globals rest on is read too (round 21: a default two modules away changed,
        # and a file whose syntax tree is the same was not modelled)
        walked: dict = {}
        for definitions in list(new_modules._definitions.values()):
            for _atom, where, name in definitions:
                changed(new_modules, new_modules, (where, name), (where, name), walked)
        # and what the decisions' own defaults rest on (round 31: `limit=LIMIT` of `from c import
        # LIMIT`, c's LIMIT 4 -> 6, the decision's file touched by a comment, was "not modelled")
        for qualname in found:
            fn = index.functions.get(qualname.partition(":")[0]) if isinstance(index, ModuleIndex) else None
            for roots in (default_roots(fn, new_modules) if fn is not None else {}).values():
                for root in roots:
                    changed(new_modules, new_modules, root, root, walked)
            hooks = method_hooks(path, qualname.partition(":")[0], new_modules)  # (and what may replace a method: round 33)
            if hooks is not None:
                changed(new_modules, new_modules, hooks, hooks, walked)
        return result
    targets = [(path, q, False) for q in found if f"{path}::{q}" not in exclude]
    diffed = diff_targets(targets, old_modules, new_modules, renames)
    result.targets, result.uncompared = diffed.targets, diffed.uncompared
    result.errors += diffed.errors
    for qualname, (line, why) in dispatchers.items():  # (round 48: never silently skipped)
        if f"{path}::{qualname}" not in exclude and not any(u.path == path and u.function == qualname for u in result.uncompared):
            result.uncompared.append(Uncompared(path, qualname, line, why))
    for modules in (new_modules, old_modules):  # a loop whose item's outcome is not named, in either version, where
        # its model may differ: no "0 decisions changed" (round 47)
        for qualname, (line, why) in unnamed[modules].items():
            listed = {u.function for u in result.uncompared if u.path == path}
            if qualname not in found and qualname not in same and qualname not in listed and f"{path}::{qualname}" not in exclude:
                result.uncompared.append(Uncompared(path, qualname, line, why))
    return result


def diff_targets(targets: list[tuple[str, str, bool]], old_modules: Modules, new_modules: Modules, renames: bool = True,
                 progress: Callable[[int, int], None] | None = None) -> DiffResult:
    """`targets`: (path, function, required). A required target (named by a rule) that vanished
    is an error; a decision function found in a changed file that vanished is reported; one that
    changed and cannot be modeled is listed as not compared, with the reason. `progress(done,
    total)` is told of each target."""
    return deep(lambda: _diff_targets(targets, old_modules, new_modules, renames, progress))


def _diff_targets(targets, old_modules: Modules, new_modules: Modules, renames: bool, progress=None) -> DiffResult:
    result = DiffResult()
    seen: set[tuple[str, str]] = set()
    for done, (path, function, required) in enumerate(targets, 1):
        if progress:
            progress(done, len(targets))
        if (path, function) in seen:
            continue
        seen.add((path, function))
        old_index, new_index = old_modules.get(path), new_modules.get(path)
        for index in (old_index, new_index):
            if isinstance(index, ConfigError) and required:
                result.errors.append(index)
        if isinstance(old_index, ConfigError) or isinstance(new_index, ConfigError):
            continue
        qualname, _, variable = function.partition(":")
        new = new_modules.extract(new_index, path, function) if new_index is not None else None
        before = old_index.functions.get(qualname) if isinstance(old_index, ModuleIndex) else None
        after = new_index.functions.get(qualname) if isinstance(new_index, ModuleIndex) else None
        redefault = _redefined_default(before, after, old_modules, new_modules) \
            if isinstance(new, DecisionModel) and before is not None and after is not None else None
        hooked = _rewritten_method(path, qualname, old_modules, new_modules) \
            if isinstance(new, DecisionModel) and before is not None and after is not None else None
        if redefault:  # (before `same_in`: the model reads no default of its own, and took the new one for the old)
            result.uncompared.append(Uncompared(path, function, new.line, redefault))
            continue
        if isinstance(new, DecisionModel) and before is not None and new_modules.same_in(old_modules, path, function):
            diff = _compared(result, _moved(new, before.node), new, renames, path, function, required, same_code=True,
                             hooked=hooked)
            if diff is not None:
                result.targets.append(diff)
            continue
        old = old_modules.extract(old_index, path, function) if old_index is not None else None
        old_missing = old_index is None or qualname not in old_index.functions or _lost_variable(old)
        new_missing = new_index is None or qualname not in new_index.functions or _lost_variable(new)
        for model, missing, index, other in ((old, old_missing, old_index, new), (new, new_missing, new_index, old)):
            if isinstance(model, ConfigError) and not missing:
                if required:
                    result.errors.append(model)
                # (or where the other version is modelled: round 27, `select = _wrap(select)` added
                # below the function made it unmodelable, and the diff said nothing of it)
                elif _source_changed(old_index, new_index, qualname) or isinstance(other, DecisionModel):
                    line = index.functions[qualname].node.lineno if index is not None and qualname in index.functions else 1
                    result.uncompared.append(Uncompared(path, function, line, model.message))
        if (isinstance(old, ConfigError) and not old_missing) or (isinstance(new, ConfigError) and not new_missing):
            continue
        old = None if isinstance(old, ConfigError) else old
        new = None if isinstance(new, ConfigError) else new
        if old is None and new is None:
            if required:
                result.errors.append(ConfigError(Location(path, 1), f"target `{function}` exists in neither version of {path}"))
            continue
        if old is None:
            if not any(t.new is not None and t.new.target == new.target for t in result.targets):
                result.targets.append(TargetDiff(new.target, None, new, "added"))
            continue
        if new is None:
            taken = {f for p, f, _ in targets if p == path and f in old_index.functions}
            renamed = None
            if new_index is not None and variable and qualname in new_index.functions:
                renamed = _renamed_variable(old, qualname, new_index, path, taken, new_modules, renames)
            elif new_index is not None:
                base = old.outcomes if not variable else old_modules.outcomes(old_index, path, qualname)
                if base is not None:
                    renamed = match_function(qualname, base, new_index, path, taken, new_modules)
                if renamed is not None and variable and ":" not in renamed:
                    renamed = f"{renamed}:{variable}"
                    if isinstance(new_modules.extract(new_index, path, renamed), ConfigError):
                        renamed = None
            if renamed is None and new_index is not None and not variable:
                moved = _reexported(new_index, path, qualname, new_modules)
                if moved is not None:  # moved to another module, which this one imports it from (round 24:
                    # "gone, no function with the same outcomes replaces it", its change never compared)
                    where, name, index = moved
                    new = new_modules.extract(index, where, name)
                    if isinstance(new, DecisionModel):
                        diff = _compared(result, old, new, renames, path, function, required,
                                         redefined=new_modules.redefined(old_modules, old.definitions, new.definitions))
                        if diff is not None:
                            diff.renamed_from = f"{path}::{function}"
                            diff.status = "renamed-" + ("changed" if diff.changed else "unchanged")
                            result.targets.append(diff)
                        continue
            if renamed is None:
                message = f"`{function}` vanished from {path}" + ("" if new_index is not None else " (the file is gone)")
                error = ConfigError(Location(path, old.line), message, hints=("rename or remove the rules that name it",))
                if required:
                    result.errors.append(error)
                result.targets.append(TargetDiff(old.target, old, None, "vanished"))
                continue
            new = new_modules.extract(new_index, path, renamed)
            diff = _compared(result, old, new, renames, path, function, required,
                             redefined=new_modules.redefined(old_modules, old.definitions, new.definitions))
            if diff is None:
                continue
            diff.renamed_from = function
            diff.status = "renamed-" + ("changed" if diff.changed else "unchanged")
            result.targets.append(diff)
            continue
        changed_default = _changed_default(old_index.functions.get(qualname), new_index.functions.get(qualname)) \
            or _changed_getattr_default(old, new) \
            or _moved_parameters(old_index.functions.get(qualname), new_index.functions.get(qualname))
        changed_default = changed_default or _redefined_alone(old, new, old_modules, new_modules)
        if changed_default:  # a call that omits the parameter reads another value: no input says which
            result.uncompared.append(Uncompared(path, function, new.line, changed_default))
            continue
        diff = _compared(result, old, new, renames, path, function, required,
                         redefined=new_modules.redefined(old_modules, old.definitions, new.definitions), hooked=hooked)
        if diff is not None:
            result.targets.append(diff)
    return result


def _reexported(index: ModuleIndex, path: str, name: str, modules: Modules) -> tuple[str, str, ModuleIndex] | None:
    """Where a function `index`'s module imports under `name` is defined (`from .sel2 import
    choose`): its module's path, its name there and the module; None where it imports none."""
    ref = index.imports.get(name) if "." not in name else None
    if ref is None or ref.name is None:
        return None
    found = modules.module_for(ref.module, ref.level, path)
    if not isinstance(found, ModuleIndex) or ref.name not in found.functions:
        return None
    return found.path, ref.name, found


def _changed_getattr_default(old: DecisionModel, new: DecisionModel) -> str | None:
    """Why the two models differ in what a `getattr(obj, "x", d)` gives where `obj` has no `x`,
    inlined helpers' included (round 16: `def use_fast(cfg, default=None)` -> `default=True` in
    a helper was "no change"), a plain read `obj.x` raising AttributeError there (round 28: `cfg.x`
    -> a helper's `getattr(cfg, "x", False)` was "0 decisions changed"), or None."""
    def tested(model: DecisionModel) -> set[tuple[str, str]]:  # `hasattr(cfg, 'mode')` among the guards' atoms
        found = (_HASATTR.match(t.text) for t in terms_of(b.guard for b in model.branches))
        return {(m.group(1), m.group(2)) for m in found if m}

    def defaults(model: DecisionModel) -> dict[tuple[str, str], str]:
        out = {(o, a): d for o, a, d in model.getattr_defaults}
        out |= {key: _TESTED for key in tested(model) if key not in out}
        return out | {tuple(t.text.rsplit(".", 1)): "" for t in model.inputs if t.kind == "attr" and "." in t.text
                      and tuple(t.text.rsplit(".", 1)) not in out}

    before, after = defaults(old), defaults(new)
    asked = {(o, a) for model in (old, new) for o, a, _ in model.getattr_defaults} | tested(old) | tested(new)
    for key in sorted(before.keys() & after.keys() & asked):
        was, now = before[key], after[key]
        if was != now:  # (round 29: `cfg.mode` -> a helper's `if not hasattr(cfg, "mode"): return "auto"` listed a region
            # where `mode` is missing and read all the same)
            was, now = ("no default: AttributeError" if not v else "what a `hasattr` test decides" if v == _TESTED else v
                        for v in (was, now))
            return (f"`{key[0]}.{key[1]}` where it is missing changed ({was} -> {now}): the model reads the attribute as an "
                    "input of both versions")
    return None


_HASATTR = re.compile(r"^hasattr\((.+), '(\w+)'\)$")
_TESTED = "<hasattr>"


def _changed_default(old, new) -> str | None:
    """Why two versions of a function differ in what calls that omit a parameter pass (a default
    changed: `fast=False` -> `fast=True`), or None. The model reads parameters as inputs, which
    defaults do not change (round 7: 'no configuration changes path')."""
    if old is None or new is None:
        return None

    before, after = _default_texts(old.node), _default_texts(new.node)
    for name in sorted(before.keys() & after.keys()):
        if before[name] != after[name]:
            return (f"the default of `{name}` changed ({before[name]} -> {after[name]}): a call that omits it reads another "
                    "value, and the model reads parameters as inputs")
    before, after = _attribute_defaults(old.node), _attribute_defaults(new.node)
    for owner, attr in sorted(before.keys() & after.keys()):
        if before[owner, attr] != after[owner, attr]:
            # the model reads `getattr(cfg, "x", d)` as `cfg.x`, an input of both versions; where
            # cfg has no `x` they differ (round 13: "no change")
            was, now = (v or "no default: AttributeError" for v in (before[owner, attr], after[owner, attr]))
            return (f"`{owner}.{attr}` where it is missing changed ({was} -> {now}): the model reads the attribute as an "
                    "input of both versions")
    return None


def default_roots(fn, project) -> dict[str, list[tuple[str, str]]]:
    """Each parameter of `fn` (an index's `FunctionInfo`, of `project`) whose default reads
    globals: the definitions (module path, name) it reads, as `definitions.changed` keys them: a
    module's name, an attribute of an imported module (`consts.LIMIT`: that module's `LIMIT`), a
    name of the class body a method's defaults are evaluated in (`Sel.LIMIT`)."""
    index, pairs = fn.module, _defaults(fn.node)
    owner = fn.cls.qualname if fn.cls is not None else None
    in_class = {n for stmt in fn.cls.node.body for n in statement_binds(stmt)} if owner else set()
    out: dict[str, list[tuple[str, str]]] = {}
    for param, default in pairs:
        roots: list[tuple[str, str]] = []
        bases = set()
        for n in ast.walk(default):
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in index.imports \
                    and n.value.id not in in_class:
                found = _attribute(project, index, n.value.id, n.attr)
                if found:
                    roots += found
                    bases.add(id(n.value))
            elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and id(n) not in bases:
                if n.id in in_class:
                    roots.append((index.path, f"{owner}.{n.id}"))
                elif n.id in index.globals or n.id in index.imports:
                    roots.append((index.path, n.id))
        if roots:
            out[param.arg] = list(dict.fromkeys(roots))
    return out


def _redefined_default(old, new, old_modules: Modules, new_modules: Modules) -> str | None:
    """Why a default of the same text reads another value in one version than in the other
    (`limit=LIMIT`, `LIMIT` 4 -> 6, here or in the module it is imported from), or None. The
    model reads the parameter as an input of both versions, which a call that omits it does
    not pass (round 31: "0 decisions changed"; `_changed_default` compares the text alone)."""
    before, after = default_roots(old, old_modules), default_roots(new, new_modules)
    for name in sorted(before.keys() & after.keys()):
        was, now = _default_texts(old.node).get(name), _default_texts(new.node).get(name)
        if was != now:  # (`_changed_default` says why)
            continue
        if len(before[name]) != len(after[name]):
            where = f"{after[name][0][0]}::{after[name][0][1]}"
        else:
            where = next((w for w in (changed(old_modules, new_modules, b, a, new_modules._changed)
                                      for b, a in zip(before[name], after[name])) if w is not None), None)
        if where is not None:
            head, _, how = where.partition(", which ")
            return (f"the default of `{name}` ({now}) rests on `{head}`, which {how or 'changed'}: a call that omits it "
                    "reads another value, and the model reads parameters as inputs")
    return None


def method_hooks(path: str, qualname: str, modules: Modules) -> tuple[str, str] | None:
    """The definition (module path, `Class.method^`) of what may replace a method on its class
    besides its own `def`: the class's header (a metaclass's code), its `__getattribute__`, the
    module's writes of it, and the same of each base (a base's `__init_subclass__` wrapping
    `cls.pick`); None for a function that is no method."""
    owner, _, name = qualname.rpartition(".")
    index = modules.get(path)
    if not owner or not isinstance(index, ModuleIndex) or owner not in index.classes:
        return None
    return path, f"{owner}.{name}^"


def _rewritten_method(path: str, qualname: str, old_modules: Modules, new_modules: Modules) -> str | None:
    """Why a method's model, of its own text, may not be what calling it runs in one version: code
    that may replace it on its class (a base's `__init_subclass__`, a metaclass, a
    `__getattribute__`) differs between the versions (round 33: a base's new `__init_subclass__`
    wrapping `cls.pick` was "unchanged"), or None."""
    before, after = method_hooks(path, qualname, old_modules), method_hooks(path, qualname, new_modules)
    if before is None or after is None:
        return None
    where = changed(old_modules, new_modules, before, after, new_modules._changed)
    if where is None:
        return None
    head, _, how = where.partition(", which ")
    head = f"`{head[:-1]}` (but its `def`)" if head.endswith("^") else f"`{head}`"
    return (f"what may replace `{qualname}` on its class (a base's `__init_subclass__`, a metaclass, `__getattribute__`, "
            f"a write of it) rests on {head}, which {how or 'changed'}: the model reads the method's own code")


def _redefined_alone(old: DecisionModel, new: DecisionModel, old_modules: Modules, new_modules: Modules) -> str | None:
    """Why a value of code the model did not run, that one version alone reads (`<default of
    limit>` of a helper's `limit=LIMIT`, LIMIT rebound later), is no input of that version: a
    definition it rests on differs between the versions, so the other version's guards computed
    the same from another value (round 31: `LIMIT = 8` added below `_big(n, limit=LIMIT)` listed
    "when <default of limit> < n, n <= 4: 'BIG' -> 'SMALL'", which no run gives), or None.
    (`Modules.redefined` asks the same of the atoms both read.)"""
    for model, other in ((old, new), (new, old)):
        theirs = {atom for atom, _path, _name in other.definitions}
        opaque = {t.text for t in terms_of(b.guard for b in model.branches) if t.is_opaque}
        for atom, where, name in model.definitions:
            if atom in theirs or atom not in opaque:
                continue
            found = changed(old_modules, new_modules, (where, name), (where, name), new_modules._changed)
            if found is not None:
                head, _, how = found.partition(", which ")
                return (f"`{atom}`, which the {'old' if model is old else 'new'} version alone reads, rests on `{head}`, which "
                        f"{how or 'changed'}: what the other version computes there from another value cannot be told")
    return None


def _defaults(node: ast.AST) -> list[tuple[ast.arg, ast.expr]]:
    """A `def`'s parameters that have a default, each with its default expression."""
    a = node.args
    positional = [*a.posonlyargs, *a.args]
    return [*zip(positional[len(positional) - len(a.defaults):], a.defaults),
            *((p, d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None)]


def _default_texts(node: ast.AST) -> dict[str, str]:
    """A `def`'s defaults as text, by parameter name."""
    return {p.arg: ast.unparse(d) for p, d in _defaults(node)}


def _moved_parameters(old, new) -> str | None:
    """Why two versions of a function bind their arguments apart, or None: a parameter either
    reads, at a position where the other version has another one (`select(mode, backend)` ->
    `select(backend, mode)`). The model reads parameters by name; a call passes them by position
    or by name, and the two versions then take different inputs (round 27: "0 decisions
    changed", where `select("fp8", "x")` went 'quant' -> 'default'; a renamed one listed regions
    with both names apart, which no call gives)."""
    if old is None or new is None:
        return None

    def positional(fn) -> list[str]:
        return [a.arg for a in (*fn.node.args.posonlyargs, *fn.node.args.args)]

    read = {n.id for fn in (old, new) for n in ast.walk(fn.node) if isinstance(n, ast.Name)}
    for position, (was, now) in enumerate(zip(positional(old), positional(new))):
        if was != now and (was in read or now in read):
            return (f"the parameter at position {position + 1} changed (`{was}` -> `{now}`): a call passing it by position "
                    "gives it another name, one passing it by name another position, and the model reads parameters by name")
    return None


def _attribute_defaults(node: ast.AST) -> dict[tuple[str, str], str]:
    """(object, attribute) -> the default `getattr` gives where it is missing, "" where the code
    reads it plainly (`cfg.x`, `getattr(cfg, "x")`: AttributeError), in a function's own body."""
    out: dict[tuple[str, str], str] = {}
    plain: set[tuple[str, str]] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "getattr" and 2 <= len(n.args) <= 3 \
                and isinstance(n.args[1], ast.Constant) and isinstance(n.args[1].value, str) and not n.keywords:
            key = (ast.unparse(n.args[0]), n.args[1].value)
            if len(n.args) == 3:
                out.setdefault(key, ast.unparse(n.args[2]))
            else:
                plain.add(key)
        elif isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load):
            plain.add((ast.unparse(n.value), n.attr))
    for key in plain:
        out.setdefault(key, "")
    return out


def _compared(result: DiffResult, old: DecisionModel, new: DecisionModel, renames: bool, path: str, function: str,
              required: bool, same_code: bool = False, redefined: dict[str, str] | None = None,
              hooked: str | None = None) -> TargetDiff | None:
    """The diff of two models, or None with the target listed as not compared when no exact
    answer fits the diagram budget: a rule's target gets the whole `NODE_BUDGET`, a decision
    found in a changed file `FOUND_BUDGET` (the largest comparison over vLLM's fused_moe between
    two releases needs 65,254 nodes; one that needs more than a million took 13 s and 400 MB to
    say so), or where `hooked` says why the method's code may not be what runs (`_rewritten_method`;
    a reason the comparison found first is kept)."""
    try:
        diff = diff_models(old, new, renames, None if required else FOUND_BUDGET, same_code, redefined)
    except TooLarge as exc:
        result.uncompared.append(Uncompared(path, function, new.line, str(exc)))
        return None
    if diff.undetermined or hooked:
        result.uncompared.append(Uncompared(path, function, new.line, diff.undetermined or hooked))
        return None
    return diff


def _moved(model: DecisionModel, node: ast.AST) -> DecisionModel:
    """A model of the old version built from the new one when the two read the same: only the
    function's position may differ."""
    from dataclasses import replace

    return replace(model, line=node.lineno, end_line=getattr(node, "end_lineno", None) or node.lineno)


def _lost_variable(model) -> bool:
    return isinstance(model, ConfigError) and "never assigns the decision variable" in model.message


def _renamed_variable(old: DecisionModel, qualname: str, new_index: ModuleIndex, path: str, taken: set[str],
                      modules: Modules, renames: bool) -> str | None:
    """The decision variable of the same function that a vanished one became: one that takes
    the same path for every configuration, else the closest name."""
    candidates = [v for v in decision_variables(new_index, path) if v.startswith(qualname + ":") and v not in taken]
    same = []
    for candidate in candidates:
        model = modules.extract(new_index, path, candidate)
        if not isinstance(model, ConfigError) and _unchanged(old, model, renames):
            same.append(candidate)
    pool = same or candidates
    near = difflib.get_close_matches(old.variable or "", [c.split(":", 1)[1] for c in pool], n=1, cutoff=0.0)
    return f"{qualname}:{near[0]}" if near else None


def _unchanged(old: DecisionModel, new: DecisionModel, renames: bool) -> bool:
    try:
        diff = diff_models(old, new, renames, FOUND_BUDGET)
        return diff.changed == 0 and not diff.undetermined
    except TooLarge:
        return False


def _source_changed(old: ModuleIndex | None, new: ModuleIndex | None, qualname: str) -> bool:
    def text(index):
        if index is None or qualname not in index.functions:
            return None
        return ast.dump(index.functions[qualname].node, include_attributes=False)

    return text(old) != text(new)


__all__ = ["Modules", "diff_file", "diff_targets", "decision_candidates", "decision_variables", "is_decision",
           "match_function", "FOUND_BUDGET"]
