"""Which configurations change path between two versions of a decision function. No I/O.

Both versions' guards are compiled over one shared space of atoms (matched by normalized text
after inlining, every read of a text as one atom), each chain into a diagram whose leaves are
branch indices; the pair diagram's leaves say, for every configuration at once, which branch
fires before and after. The assignments whose outcome differs are exactly the paths to differing
leaves, which are merged into few, small regions. Nothing is enumerated: 30 atoms cost what 3 do.

diff never calls a change "nothing": a function that changed and could not be compared is
listed with the reason (`DiffResult.uncompared`).
"""

from __future__ import annotations

import ast
import difflib
import math
import re
from dataclasses import dataclass, field
from collections.abc import Callable

from .exit_codes import exit_code
from .extract import ModuleIndex, Project, extract_from
from .extract import _deep as deep
from .formula import collapse, compare, short, terms_all, transform
from .cubes import TooFragmented, cover, merge_cubes
from .domains import Space
from .logic import Diagram, TooLarge, _pair
from .model import ConfigError, DecisionModel, Lit, Location, Term
from .reads import Reads, note_module, recording, same_reads, watch


@dataclass(frozen=True)
class Region:  # `cube` keeps the classes by variable index, for exactness checks
    """A conjunction of atom conditions (variable text -> allowed class labels) on which the old
    and the new version both take one branch each, with different outcomes."""

    when: tuple[tuple[str, tuple[str, ...]], ...]
    old_outcome: str
    old_line: int
    new_outcome: str
    new_line: int
    configurations: int
    cube: tuple[tuple[int, frozenset[int]], ...] = ()


@dataclass
class TargetDiff:
    target: str  # path::Qualname (the new name where it was renamed)
    old: DecisionModel | None
    new: DecisionModel | None
    status: str  # changed | unchanged | vanished | added | renamed-changed | renamed-unchanged
    regions: list[Region] = field(default_factory=list)
    changed: int = 0
    total: int = 0
    renamed_from: str | None = None
    atom_renames: list[tuple[str, str]] = field(default_factory=list)  # (old atom, closest new atom), not assumed
    assumed_renames: list[tuple[str, str]] = field(default_factory=list)  # compared as one atom
    only_old: list[str] = field(default_factory=list)
    only_new: list[str] = field(default_factory=list)
    space: Space | None = None
    unlisted: list[tuple] = field(default_factory=list)  # (old outcome, line, new outcome, line, configurations)
    assumed_same: list[str] = field(default_factory=list)  # unmodeled parts taken to be one value in both versions
    undetermined: str | None = None  # why no exact answer: a change may hide in what the model does not follow

    @property
    def has_change(self) -> bool:
        return self.changed > 0 or self.status == "vanished"  # never silently dropped


@dataclass(frozen=True)
class Uncompared:
    """A function that changed between the versions and could not be compared."""

    path: str
    function: str
    line: int
    reason: str


def _stable(model: DecisionModel, tag: str = "", shown: dict[str, str] | None = None, unseen: frozenset[str] = frozenset()) -> list:
    """The guards with every read of a text as one atom, and unmodeled parts named by their order
    in the function rather than their line (a moved line is not a change). With `tag`, every
    part the model does not see into (named by its position, or naming a call in `unseen`) is
    that version's own. `shown` collects the text each renamed part had."""
    numbering: dict[int, int] = {}

    def renumber(node):
        if not isinstance(node, Term):
            return None
        if " at line " in node.text and (node.is_opaque or tag):
            def sub(m: re.Match) -> str:
                line = int(m.group(1))
                numbering.setdefault(line, len(numbering) + 1)
                return f" #{numbering[line]}"

            text = re.sub(r" at line (\d+)", sub, node.text) + (f" [{tag}]" if tag else "")
            if shown is not None:
                shown.setdefault(text, node.text)
            return Term(text, node.line, node.kind)
        if tag and _unseen(node, unseen):
            return Term(f"{node.text} [{tag}]", node.line, node.kind)
        return None

    return [transform(collapse(b.guard), renumber) for b in model.branches]


_OPAQUE = re.compile(r"<[^<>]+>")  # an unmodeled part as outcomes name it


def _unseen(term: Term, unseen: frozenset[str]) -> bool:
    """Whether an atom is something the model does not see into: an opaque value (what a loop
    leaves, an expression it does not model, a list unmodeled code changed), or a call into the
    tree's code that was not followed (`DecisionModel.unfollowed`). Inputs are not: a path or a
    call the model does not resolve, read by its text, is the same value in both versions; so is
    `<unbound>`, a name with no value (reading it raises), in either."""
    if term.text == _UNBOUND:
        return False
    return term.is_opaque or " at line " in term.text or _names_call(term.text, unseen)


_UNBOUND = "<unbound>"


def _names_call(text: str, unseen: frozenset[str]) -> bool:
    return any(call in text for call in unseen)


def _names_unseen(text: str, unseen: frozenset[str]) -> bool:
    """Whether an outcome's text names a part the model does not see into."""
    return any(part != _UNBOUND for part in _OPAQUE.findall(text)) or _names_call(text, unseen)


FOUND_BUDGET = 250_000  # diagram nodes for a decision found in a changed file (rule targets get NODE_BUDGET)


def diff_models(old: DecisionModel, new: DecisionModel, renames: bool = True, budget: int | None = None,
                same_code: bool = False) -> TargetDiff:
    """The exact set of configurations whose outcome differs, as merged regions. Raises
    TooLarge past `budget` diagram nodes (default `logic.NODE_BUDGET`). `same_code`: both models
    come from the same code and reads (`Modules.same_in`), so their unmodeled parts are one."""
    return deep(lambda: _diff_models(old, new, renames, budget, same_code))


def _diff_models(old: DecisionModel, new: DecisionModel, renames: bool, budget: int | None, same_code: bool = False) -> TargetDiff:
    """Parts the model does not see into are taken to be one value in both versions when they
    read the same: what a loop leaves in a variable, whether an exception is caught, an item
    write's result (named by their position), and calls into the tree's own code that were not
    followed (recursive, past the inlining depth; named by their text). The code that computes
    them may have changed all the same. An answer that rests on it says so: changes are listed
    with the parts assumed the same; and where nothing changes under that assumption but
    something may without it (each version's parts its own values), the comparison is
    undetermined, with the reason."""
    shown: dict[str, str] = {}
    old_guards, new_guards = _stable(old), _stable(new, shown=shown)
    result = _compare(old, new, renames, budget, old_guards, new_guards)
    if same_code:
        return result
    unseen = frozenset((*old.unfollowed, *new.unfollowed))
    shared = _shared_unseen(old, new, old_guards, new_guards, unseen)
    if not shared and not result.assumed_renames:
        return result
    if result.changed:
        result.assumed_same = [shown.get(text, text) for text in shared]
        return result
    try:  # each version's unseen parts its own values, and no input taken for another
        blind = _compare(old, new, False, budget, _stable(old, "old", unseen=unseen), _stable(new, "new", unseen=unseen),
                         tag=True, unseen=unseen).changed
    except TooLarge:
        blind = 1
    if blind:
        result.undetermined = _undetermined([_clipped(shown.get(text, text)) for text in shared], result.assumed_renames)
    return result


def _undetermined(shared: list[str], renames: list[tuple[str, str]]) -> str:
    """Why a comparison that finds no change under its assumptions is not an answer."""
    reasons = []
    if shared:
        parts = ", ".join(f"`{text}`" for text in shared[:2]) + (f" and {len(shared) - 2} more" if len(shared) > 2 else "")
        reasons.append(f"{parts} {'is' if len(shared) == 1 else 'are'} the same in both versions (code the model does not "
                       f"follow computes {'it' if len(shared) == 1 else 'them'})")
    for old_atom, new_atom in renames[:2]:
        reasons.append(f"`{_clipped(new_atom)}` is the input `{_clipped(old_atom)}` read under another name")
    return f"no configuration changes path if {' and '.join(reasons)}, and whether that holds cannot be told"


def _clipped(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[:most - 3] + "..."


def _shared_unseen(old: DecisionModel, new: DecisionModel, old_guards: list, new_guards: list, unseen: frozenset[str]) -> list[str]:
    """The parts the model does not see into that both versions read: atoms of their guards (as
    `_stable` names them), and parts their values and outcomes name."""
    def named(model: DecisionModel, guards: list) -> set[str]:
        out = {t.text for g in guards for t in terms_all(g) if _unseen(t, unseen)}
        for b in model.branches:
            out.update(part for part in _OPAQUE.findall(b.outcome) if part != _UNBOUND)
            out.update(call for call in unseen if call in b.outcome)
            out.update(t.text for t in terms_all(_value(b)) if _unseen(t, unseen))
        return out

    return sorted(named(old, old_guards) & named(new, new_guards))


def _compare(old: DecisionModel, new: DecisionModel, renames: bool, budget: int | None, old_guards: list, new_guards: list,
             tag: bool = False, unseen: frozenset[str] = frozenset()) -> TargetDiff:
    """The comparison itself; with `tag`, the unseen parts of values and outcomes are each
    version's own too, and only the count is wanted."""
    old_atoms = {t.text for g in old_guards for t in terms_all(g)}
    new_atoms = {t.text for g in new_guards for t in terms_all(g)}
    only_old, only_new = sorted(old_atoms - new_atoms), sorted(new_atoms - old_atoms)
    assumed: list[tuple[str, str]] = []
    if renames:
        assumed = _same_final_name(only_old, only_new)
        if assumed:
            mapping = dict(assumed)
            old_guards = [transform(g, lambda n: Term(mapping[n.text], n.line, n.kind) if isinstance(n, Term) and n.text in mapping else None)
                          for g in old_guards]
    # an outcome that passes an input through (`return mode`) differs from another only where
    # their values differ: that is a condition of its own, compiled with the guards
    old_values = [_value(b, "old" if tag else "", unseen) for b in old.branches]
    new_values = [_value(b, "new" if tag else "", unseen) for b in new.branches]
    symbolic = {(i, j): compare(a, "!=", b) for i, a in enumerate(old_values) for j, b in enumerate(new_values)
                if isinstance(a, Term) or isinstance(b, Term)}
    if assumed:
        symbolic = {k: transform(f, lambda n: Term(mapping[n.text], n.line, n.kind) if isinstance(n, Term) and n.text in mapping else None)
                    for k, f in symbolic.items()}
    if symbolic:
        # only the pairs of branches that fire together need their values compared: a relation
        # variable for every pair (factories returning calls: dozens) makes the transitivity
        # constraints among them grow past any budget
        probe = Diagram(Space(_interleaved(old_guards, new_guards)), budget)
        together = probe.leaves(probe.restrict(probe.consistency(), probe.pair(
            probe.chain(old_guards, [b.index for b in old.branches]), probe.chain(new_guards, [b.index for b in new.branches])), None))
        symbolic = {k: f for k, f in symbolic.items() if k in together}
    space = Space([*_interleaved(old_guards, new_guards), *symbolic.values()])
    d = Diagram(space, budget)
    old_chain = d.chain(old_guards, [b.index for b in old.branches])
    new_chain = d.chain(new_guards, [b.index for b in new.branches])
    possible = d.consistency()
    pairs = d.restrict(possible, d.pair(old_chain, new_chain), None)

    def outcome(model: DecisionModel, index: int | None) -> str:
        if index is None:
            return "<no branch>"
        text = model.branches[index].outcome
        return text + (" [old]" if model is old else " [new]") if tag and _names_unseen(text, unseen) else text

    def constant_differs(pair: object) -> bool:
        if pair is None:  # a combination of conditions that cannot happen
            return False
        a, b = pair  # type: ignore[misc]
        if (a, b) in symbolic:
            return False
        return outcome(old, a) != outcome(new, b)

    changed = d.local(constant_differs, pairs)
    where = d.partition(pairs) if symbolic else {}
    for (i, j), condition in symbolic.items():
        if (i, j) in where:
            changed = d.disj(changed, d.conj(where[(i, j)], d.formula(condition)))
    moved = d.ite(changed, pairs, d.leaf(None))  # the pair of branches where the outcome differs, None elsewhere

    def differs(pair: object) -> bool:
        return pair is not None

    result = TargetDiff(new.target, old, new, "unchanged")
    result.space = space
    result.changed = d.count(changed, bool)
    if tag:
        return result
    result.total = d.count(possible, bool)
    renamed = {a for a, _ in assumed} | {b for _, b in assumed}
    result.assumed_renames = assumed
    result.only_old = [a for a in only_old if a not in renamed]
    result.only_new = [a for a in only_new if a not in renamed]
    for atom in result.only_old:
        near = difflib.get_close_matches(atom, result.only_new, n=1, cutoff=0.6)
        if near:
            result.atom_renames.append((atom, near[0]))
    if result.changed:
        result.status = "changed"
        d.forget_operations()  # listing regions builds no operation: what the memo holds is garbage now
        result.regions, unlisted = _regions(d, moved, differs, old, new)
        result.unlisted = [
            (old.branches[a].outcome if a is not None else "<no branch>", old.branches[a].line if a is not None else 0,
             new.branches[b].outcome if b is not None else "<no branch>", new.branches[b].line if b is not None else 0, n)
            for a, b, n in unlisted
        ]
    return result


def _interleaved(old_guards: list, new_guards: list) -> list:
    """Both chains' guards, first of each, then second of each...: the order their atoms become
    variables in. Old guards first put an atom that only the new version reads, in its first
    guards, after every old atom, and the new chain's diagram grows exponentially (a 48-branch
    `weight_loader`: 666,152 nodes for the new chain alone, past the budget; interleaved, 65,254
    nodes for the whole comparison)."""
    out = []
    for i in range(max(len(old_guards), len(new_guards))):
        out += old_guards[i:i + 1] + new_guards[i:i + 1]
    return out


def _value(branch, tag: str = "", unseen: frozenset[str] = frozenset()):
    """What a branch returns, as a value to compare: an input it passes through, or its constant.
    With `tag`, the parts the model does not see into are that version's own."""
    import ast as _ast

    result = branch.result
    if result is not None and result.kind == "term" and result.term is not None:
        if tag:
            return transform(collapse(result.term), lambda n: Term(f"{n.text} [{tag}]", n.line, n.kind)
                             if isinstance(n, Term) and _unseen(n, unseen) else None)
        return collapse(result.term)
    if result is not None and result.kind in ("literal", "none"):
        try:
            return Lit(_ast.literal_eval(result.text))
        except (ValueError, SyntaxError):
            return Lit(result.text)
    return Lit(("<outcome>", branch.outcome + (f" [{tag}]" if tag and _names_unseen(branch.outcome, unseen) else "")))


def _same_final_name(only_old: list[str], only_new: list[str]) -> list[tuple[str, str]]:
    """Vanished atoms paired with new atoms of the same final name, where the pairing is unique
    (`envs.X` -> `config.X`): most likely the same input read from another place."""
    by_old: dict[str, list[str]] = {}
    by_new: dict[str, list[str]] = {}
    for a in only_old:
        by_old.setdefault(short(a), []).append(a)
    for b in only_new:
        by_new.setdefault(short(b), []).append(b)
    return [(olds[0], by_new[name][0]) for name, olds in by_old.items()
            if len(olds) == 1 and len(by_new.get(name, [])) == 1 and not name.startswith("<")]


MAX_REGIONS = 400  # per change of branch; past it the change is counted exactly but not listed


def _regions(d: Diagram, pairs: int, differs, old: DecisionModel, new: DecisionModel) -> tuple[list[Region], list[tuple]]:
    """The regions of every change of branch, and the changes too fragmented to list:
    (old index, new index, configurations)."""
    space = d.space
    moves = sorted({pair for pair in d.leaves(pairs) if differs(pair)}, key=lambda p: (p[0] is None, p[0] or 0, p[1] or 0))
    regions = []
    unlisted = []
    where = d.partition(pairs)
    covered: dict = {}  # the cubes of each node, shared by the moves' diagrams
    sizes = [len(var.classes) for var in space.variables]
    everything = math.prod(sizes)
    for a, b in moves:
        indicator = where[(a, b)]
        try:
            cubes = merge_cubes(cover(d, indicator, MAX_REGIONS, covered), space.variables)
        except TooFragmented:
            unlisted.append((a, b, d.count(indicator, bool)))
            continue
        for cube in cubes:
            configurations = everything // math.prod(sizes[i] for i in cube) * math.prod(len(c) for c in cube.values())
            when = tuple((space.variables[v].text, (space.variables[v].describe(classes),)) for v, classes in sorted(cube.items()))
            old_branch = old.branches[a] if a is not None else None
            new_branch = new.branches[b] if b is not None else None
            regions.append(Region(
                when,
                old_branch.outcome if old_branch else "<no branch>", old_branch.line if old_branch else 0,
                new_branch.outcome if new_branch else "<no branch>", new_branch.line if new_branch else 0,
                configurations, tuple(sorted(cube.items())),
            ))
    regions.sort(key=lambda r: (-r.configurations, r.old_line, r.new_line))
    return regions, unlisted


# ---------------------------------------------------------------- many targets


def _functions(index: ModuleIndex):
    return [(q, f) for q, f in index.functions.items()]


def _own_returns(node: ast.AST) -> int:
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
        branches = branches or isinstance(n, (ast.If, ast.IfExp, ast.For, ast.Match))
        stack.extend(ast.iter_child_nodes(n))
    return count if branches else min(count, 1)


def decision_candidates(index: ModuleIndex) -> list[str]:
    """Functions shaped like a decision: at least two `return`s, a conditional return, or one
    return of what conditions built (`is_decision` then keeps those with two outcomes)."""
    return [q for q, f in _functions(index) if _own_returns(f.node) >= 2]


def is_decision(model: DecisionModel) -> bool:
    """At least two different outcomes, one of them constant (an enum member, a literal, a list of
    them), and a guard."""
    results = [b.result for b in model.branches if b.kind in ("return", "value") and b.result is not None]
    constant = {r.text for r in results if r.kind in ("member", "named", "literal", "list", "none")}
    outcomes = {r.text for r in results}  # a value read from an input counts too (`return True` / `return flag`)
    return bool(constant) and len(outcomes) >= 2 and any(b.guard_line or b.guard != Lit(True) for b in model.branches)


def decision_variables(index: ModuleIndex, path: str) -> list[str]:
    """`Qualname:variable` for boolean decision variables: a local or `self.` attribute assigned
    an `and` / `or` or a comparison chain, that a later `if` tests (or, for `self.x`, that the
    object keeps)."""
    found = []
    for qualname, fn in _functions(index):
        assigned: dict[str, None] = {}
        tested: set[str] = set()
        stack = list(ast.iter_child_nodes(fn.node))
        while stack:
            n = stack.pop()
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.value, ast.BoolOp):
                name = _dotted(n.targets[0])
                if name and (name.startswith("self.") or "." not in name):
                    assigned[name] = None
            elif isinstance(n, ast.If):
                for sub in ast.walk(n.test):
                    name = _dotted(sub)
                    if name:
                        tested.add(name)
            stack.extend(ast.iter_child_nodes(n))
        for name in sorted(assigned):
            if name.startswith("self.") or name in tested:
                found.append(f"{qualname}:{name.removeprefix('self.')}")
    return found


def _dotted(node: ast.AST) -> str | None:
    from .extract import dotted

    return dotted(node)


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


@dataclass
class DiffResult:
    targets: list[TargetDiff] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)
    uncompared: list[Uncompared] = field(default_factory=list)
    tree: object = None  # diff_tree.TreeDiff: files answered without modelling, from the cache

    @property
    def exit_code(self) -> int:
        return exit_code(bool(self.errors), any(t.has_change for t in self.targets) or bool(self.uncompared))


class Modules(Project):
    """Each file of one version parsed once, each function modelled once; imports resolved inside
    that version. `touched`, when set, collects every path looked up (found or not): what the
    models built meanwhile may depend on."""

    def __init__(self, read=None, records: bool = False) -> None:
        super().__init__(read)
        self.touched: set[str] | None = None
        self.records = records  # note what each model reads (`same_in`)
        self._models: dict[tuple[str, str], DecisionModel | ConfigError] = {}
        self._outcomes: dict[tuple[str, str], tuple[str, ...]] = {}  # of models dropped (`forget_model`)
        self._reads: dict[tuple[str, str], Reads] = {}
        self._same_text: dict[tuple[int, str], bool] = {}  # (id of the other version, path): its text is this one's

    def module(self, path: str) -> ModuleIndex | ConfigError | None:
        if self.touched is not None:
            self.touched.add(path)
        note_module(path)
        index = super().module(path)
        if self.records and isinstance(index, ModuleIndex):
            watch(index)
        return index

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

        return same_reads(reads, other, self, same_text)

    def get(self, path: str) -> ModuleIndex | ConfigError | None:
        return self.module(path)

    def forget_models(self) -> None:
        """Drop the models built so far (the parsed modules stay): a worker's memory between files."""
        self._models.clear()
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
                    self._models[key] = extract_from(index, path, function, project=self)
                self._reads[key] = reads
            else:
                self._models[key] = extract_from(index, path, function, project=self)
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
    compared: dict[int, list[str]] = {}  # by side: candidates that are decisions (or cannot be modelled)
    same: set[str] = set()
    errors: dict[int, ConfigError] = {}
    for modules in sides:
        index = modules.get(path)
        side = compared.setdefault(id(modules), [])
        if isinstance(index, ConfigError):  # an unparsable changed file is never a clean diff
            errors[id(modules)] = index
        elif index is not None:
            for qualname in decision_candidates(index):
                if modules is old_modules and qualname in same:
                    continue
                model = modules.extract(index, path, qualname)
                if modules is new_modules and old_side and modules.same_in(old_modules, path, qualname):
                    same.add(qualname)
                if isinstance(model, ConfigError) or is_decision(model):
                    side.append(qualname)
                else:  # not compared: its values can be large (a rename match extracts it again)
                    modules.forget_model(path, qualname)
            side += decision_variables(index, path)
    found: dict[str, None] = {}
    for modules in (old_modules, new_modules) if old_side else sides:
        if id(modules) in errors:
            result.errors.append(errors[id(modules)])
        index = modules.get(path)
        if modules is old_modules and isinstance(index, ModuleIndex):  # in the old version's order
            kept = set(compared.get(id(modules), ())) | (same & set(compared.get(id(new_modules), ())))
            found.update(dict.fromkeys(q for q in [*decision_candidates(index), *decision_variables(index, path)] if q in kept))
        else:
            found.update(dict.fromkeys(compared.get(id(modules), ())))
    if not old_side:
        index = new_modules.get(path)
        for qualname in found:
            if ":" in qualname and isinstance(index, ModuleIndex):
                new_modules.extract(index, path, qualname)
        return result
    targets = [(path, q, False) for q in found if f"{path}::{q}" not in exclude]
    diffed = diff_targets(targets, old_modules, new_modules, renames)
    result.targets, result.uncompared = diffed.targets, diffed.uncompared
    result.errors += diffed.errors
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
        if isinstance(new, DecisionModel) and before is not None and new_modules.same_in(old_modules, path, function):
            diff = _compared(result, _moved(new, before.node), new, renames, path, function, required, same_code=True)
            if diff is not None:
                result.targets.append(diff)
            continue
        old = old_modules.extract(old_index, path, function) if old_index is not None else None
        old_missing = old_index is None or qualname not in old_index.functions or _lost_variable(old)
        new_missing = new_index is None or qualname not in new_index.functions or _lost_variable(new)
        for model, missing, index in ((old, old_missing, old_index), (new, new_missing, new_index)):
            if isinstance(model, ConfigError) and not missing:
                if required:
                    result.errors.append(model)
                elif _source_changed(old_index, new_index, qualname):
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
            if renamed is None:
                message = f"`{function}` vanished from {path}" + ("" if new_index is not None else " (the file is gone)")
                error = ConfigError(Location(path, old.line), message, hints=("rename or remove the rules that name it",))
                if required:
                    result.errors.append(error)
                result.targets.append(TargetDiff(old.target, old, None, "vanished"))
                continue
            new = new_modules.extract(new_index, path, renamed)
            diff = _compared(result, old, new, renames, path, function, required)
            if diff is None:
                continue
            diff.renamed_from = function
            diff.status = "renamed-" + ("changed" if diff.changed else "unchanged")
            result.targets.append(diff)
            continue
        diff = _compared(result, old, new, renames, path, function, required)
        if diff is not None:
            result.targets.append(diff)
    return result


def _compared(result: DiffResult, old: DecisionModel, new: DecisionModel, renames: bool, path: str, function: str,
              required: bool, same_code: bool = False) -> TargetDiff | None:
    """The diff of two models, or None with the target listed as not compared when no exact
    answer fits the diagram budget: a rule's target gets the whole `NODE_BUDGET`, a decision
    found in a changed file `FOUND_BUDGET` (the largest comparison over vLLM's fused_moe between
    two releases needs 65,254 nodes; one that needs more than a million took 13 s and 400 MB to
    say so)."""
    try:
        diff = diff_models(old, new, renames, None if required else FOUND_BUDGET, same_code)
    except TooLarge as exc:
        result.uncompared.append(Uncompared(path, function, new.line, str(exc)))
        return None
    if diff.undetermined:
        result.uncompared.append(Uncompared(path, function, new.line, diff.undetermined))
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


def display_when(region: Region) -> str:
    parts = []
    for text, labels in region.when:
        shown = text if text.startswith("(") or " " in text else short(text)
        parts.append(f"{shown}={'|'.join(labels)}" if len(labels) > 1 else f"{shown}={labels[0]}")
    return ", ".join(parts) if parts else "always"


__all__ = ["diff_models", "diff_targets", "DiffResult", "TargetDiff", "Region", "Uncompared", "Modules",
           "decision_candidates", "decision_variables", "is_decision", "display_when", "diff_file", "cover", "_pair"]
