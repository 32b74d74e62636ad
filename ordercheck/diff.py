"""Which configurations change path between two versions of a decision function. No I/O.

Both versions' guards are compiled over one shared space of atoms (matched by normalized text
after inlining), each chain into a diagram whose leaves are branch indices; the pair diagram's
leaves say, for every configuration at once, which branch fires before and after. The
assignments whose outcome differs are exactly the paths to differing leaves, which are merged
into few, small regions. Nothing is enumerated: 30 atoms cost what 3 do.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .extract import ModuleIndex, exits_in, extract_from
from .formula import short
from .logic import Diagram, Space, Variable
from .model import ConfigError, DecisionModel, Location


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
    atom_renames: list[tuple[str, str]] = field(default_factory=list)  # (old atom, closest new atom)
    only_old: list[str] = field(default_factory=list)
    only_new: list[str] = field(default_factory=list)
    space: Space | None = None
    unlisted: list[tuple] = field(default_factory=list)  # (old outcome, line, new outcome, line, configurations)

    @property
    def has_change(self) -> bool:
        return self.changed > 0 or self.status == "vanished"  # never silently dropped


def diff_models(old: DecisionModel, new: DecisionModel) -> TargetDiff:
    """The exact set of configurations whose outcome differs, as merged regions."""
    space = Space([*(b.guard for b in old.branches), *(b.guard for b in new.branches)])
    d = Diagram(space)
    old_chain = d.chain([b.guard for b in old.branches], [b.index for b in old.branches])
    new_chain = d.chain([b.guard for b in new.branches], [b.index for b in new.branches])
    pairs = d.apply("pair", lambda a, b: (a, b), old_chain, new_chain)

    def outcome(model: DecisionModel, index: int | None) -> str:
        return "<no branch>" if index is None else model.branches[index].outcome

    def differs(pair: object) -> bool:
        a, b = pair  # type: ignore[misc]
        return outcome(old, a) != outcome(new, b)

    result = TargetDiff(new.target, old, new, "unchanged")
    result.space = space
    result.total = space.size()
    result.changed = d.count(pairs, differs)
    old_atoms = {v.text for v in Space(b.guard for b in old.branches).variables}
    new_atoms = {v.text for v in Space(b.guard for b in new.branches).variables}
    result.only_old = sorted(old_atoms - new_atoms)
    result.only_new = sorted(new_atoms - old_atoms)
    for atom in result.only_old:
        near = difflib.get_close_matches(atom, result.only_new, n=1, cutoff=0.6)
        if near:
            result.atom_renames.append((atom, near[0]))
    if result.changed:
        result.status = "changed"
        result.regions, unlisted = _regions(d, pairs, differs, old, new)
        result.unlisted = [
            (old.branches[a].outcome if a is not None else "<no branch>", old.branches[a].line if a is not None else 0,
             new.branches[b].outcome if b is not None else "<no branch>", new.branches[b].line if b is not None else 0, n)
            for a, b, n in unlisted
        ]
    return result


MAX_REGIONS = 400  # per change of branch; past it the change is counted exactly but not listed


class TooFragmented(Exception):
    pass


def _regions(d: Diagram, pairs: int, differs, old: DecisionModel, new: DecisionModel) -> tuple[list[Region], list[tuple]]:
    """The regions of every change of branch, and the changes too fragmented to list:
    (old index, new index, configurations)."""
    space = d.space
    moves = sorted({pair for pair in d.leaves(pairs) if differs(pair)}, key=lambda p: (p[0] is None, p[0] or 0, p[1] or 0))
    regions = []
    unlisted = []
    for a, b in moves:
        indicator = d.apply(f"is:{a}:{b}", lambda p, want=(a, b): p == want, pairs)
        try:
            cubes = _merge(cover(d, indicator, MAX_REGIONS), space.variables)
        except TooFragmented:
            unlisted.append((a, b, d.count(indicator, bool)))
            continue
        for cube in cubes:
            configurations = 1
            for i, var in enumerate(space.variables):
                configurations *= len(cube.get(i, range(len(var.classes))))
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


def cover(d: Diagram, u: int, limit: int | None = None) -> list[dict[int, frozenset[int]]]:
    """Disjoint cubes whose union is exactly the true set of the boolean diagram `u`. Cubes that
    agree below a variable are merged there (their classes joined), so a factor shared by many
    paths is written once."""
    memo: dict[int, list[tuple]] = {}
    variables = d.space.variables

    def go(n: int) -> list[tuple]:
        if n in memo:
            return memo[n]
        if d.is_leaf(n):
            result = [()] if d.value(n) else []
        else:
            var = d.var_of(n)
            by_sub: dict[tuple, frozenset[int]] = {}
            grouped: dict[int, list[int]] = {}
            for c, child in enumerate(d.children(n)):
                grouped.setdefault(child, []).append(c)
            for child, classes in grouped.items():
                for sub in go(child):
                    by_sub[sub] = by_sub.get(sub, frozenset()) | frozenset(classes)
            full = frozenset(range(len(variables[var].classes)))
            result = [sub if classes == full else ((var, classes), *sub) for sub, classes in by_sub.items()]
            if limit is not None and len(result) > limit:
                raise TooFragmented
        memo[n] = result
        return result

    return [dict(cube) for cube in go(u)]


def _merge(cubes: list[dict[int, frozenset[int]]], variables: list[Variable]) -> list[dict[int, frozenset[int]]]:
    """Join cubes that agree everywhere but on one variable, until none do: fewer, smaller
    conjunctions for the same set. Buckets by the cube without that variable: linear a pass."""
    full = [frozenset(range(len(v.classes))) for v in variables]
    current = {_freeze(c, full): None for c in cubes}
    changed = True
    while changed and len(current) > 1:
        changed = False
        for v in range(len(variables)):
            buckets: dict[tuple, frozenset[int]] = {}
            merged = False
            for cube in current:
                rest = tuple((k, c) for k, c in cube if k != v)
                classes = dict(cube).get(v, full[v])
                if rest in buckets:
                    merged = True
                buckets[rest] = buckets.get(rest, frozenset()) | classes
            if merged:
                changed = True
                current = {_freeze(dict(rest) | {v: classes}, full): None for rest, classes in buckets.items()}
    return [dict(c) for c in current]


def _freeze(cube: dict[int, frozenset[int]], full: list[frozenset[int]]) -> tuple:
    return tuple(sorted((k, c) for k, c in cube.items() if c != full[k]))


# ---------------------------------------------------------------- many targets


def decision_functions(index: ModuleIndex, path: str) -> list[str]:
    """Functions of a module that are decision chains: side-effect free, at least two return
    branches with different outcomes that name constants (enum members, literals), and a guard."""
    from .extract import is_simple

    found = []
    for qualname, (funcdef, _) in index.functions.items():
        if _returns(funcdef) < 2 or not is_simple(funcdef):  # one path, or it acts as well as decides
            continue
        model = extract_from(index, path, qualname)
        if isinstance(model, ConfigError) or model.notes:
            continue
        outcomes = {b.outcome for b in model.branches if b.kind == "return"}
        simple = all(_constant_like(o) for o in outcomes)
        if len(outcomes) >= 2 and simple and any(b.guard_line for b in model.branches):
            found.append(qualname)
    return found


def decision_variables(index: ModuleIndex, path: str) -> list[str]:
    """`Qualname:variable` for boolean decision variables: a local or `self.` attribute assigned
    an `and` / `or` of at least two operands or a comparison chain, that a later `if` tests (or,
    for `self.x`, that the object keeps)."""
    import libcst as cst

    from .extract import dotted

    found = []
    for qualname, (funcdef, _) in index.functions.items():
        assigned: dict[str, None] = {}
        tested: set[str] = set()

        class Visitor(cst.CSTVisitor):
            loops = 0  # a variable set in a loop or a try is not modeled statement by statement

            def visit_For(self, node):
                self.loops += 1

            def leave_For(self, node):
                self.loops -= 1

            visit_While = visit_Try = visit_For
            leave_While = leave_Try = leave_For

            def visit_Assign(self, node):
                if self.loops:
                    return
                if len(node.targets) == 1 and isinstance(node.value, cst.BooleanOperation):
                    name = dotted(node.targets[0].target)
                    if name and (name.startswith("self.") or "." not in name):
                        assigned[name] = None

            def visit_If(self, node):
                for n in _names(node.test):
                    tested.add(n)

            def visit_FunctionDef(self, node):
                return node is funcdef

        funcdef.visit(Visitor())
        for name in assigned:
            if name.startswith("self.") or name in tested:
                found.append(f"{qualname}:{name.removeprefix('self.')}")
    return found


def _names(node) -> set[str]:
    import libcst as cst

    from .extract import dotted

    out: set[str] = set()

    class Visitor(cst.CSTVisitor):
        def visit_Name(self, n):
            out.add(n.value)

        def visit_Attribute(self, n):
            chain = dotted(n)
            if chain:
                out.add(chain)

    node.visit(Visitor())
    return out


def _returns(funcdef) -> int:
    """How many `return` statements a function body has (a conditional return counts twice)."""
    import libcst as cst

    return sum(2 if isinstance(n.value, cst.IfExp) else 1 for n in exits_in(funcdef.body) if isinstance(n, cst.Return))


def _constant_like(outcome: str) -> bool:
    if outcome in ("True", "False", "None") or outcome[:1] in ("'", '"') or outcome.lstrip("-").isdigit():
        return True
    name = outcome.split(".")[-1]
    return "(" not in outcome and (name.isupper() or "." in outcome)


def match_function(old_name: str, old: DecisionModel, new_index: ModuleIndex, path: str, taken: set[str]) -> str | None:
    """The new function that a vanished one most likely became: same outcomes, closest name."""
    candidates = []
    for qualname in new_index.functions:
        if qualname in taken:
            continue
        model = extract_from(new_index, path, qualname)
        if isinstance(model, ConfigError):
            continue
        if set(model.outcomes) == set(old.outcomes) and len(model.outcomes) >= 2:
            candidates.append(qualname)
    near = difflib.get_close_matches(old_name, candidates, n=1, cutoff=0.0)
    return near[0] if near else None


@dataclass
class DiffResult:
    targets: list[TargetDiff] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if any(t.has_change for t in self.targets) else 0


class Modules:
    """Each file of one version parsed once (parsing with positions is the expensive part)."""

    def __init__(self, read) -> None:
        self.read = read
        self._cache: dict[str, ModuleIndex | ConfigError | None] = {}

    def get(self, path: str) -> ModuleIndex | ConfigError | None:
        if path not in self._cache:
            from .extract import parse

            text = self.read(path)
            self._cache[path] = None if text is None else parse(text, path)
        return self._cache[path]


def diff_targets(targets: list[tuple[str, str, bool]], old_modules: Modules, new_modules: Modules) -> DiffResult:
    """`targets`: (path, function, required). A required target (named by a rule) that vanished
    is an error; a decision function found in a changed file that vanished is reported."""
    result = DiffResult()

    seen: set[tuple[str, str]] = set()
    for path, function, required in targets:
        if (path, function) in seen:
            continue
        seen.add((path, function))
        old_index, new_index = old_modules.get(path), new_modules.get(path)
        for index in (old_index, new_index):
            if isinstance(index, ConfigError) and required:
                result.errors.append(index)
        if isinstance(old_index, ConfigError) or isinstance(new_index, ConfigError):
            continue
        old = extract_from(old_index, path, function) if old_index is not None else None
        new = extract_from(new_index, path, function) if new_index is not None else None
        if isinstance(old, ConfigError):
            old = None
        if isinstance(new, ConfigError) and not new.message.startswith("no function"):
            if required:  # a target found by the heuristics that cannot be modeled is left out
                result.errors.append(new)
            continue
        if isinstance(new, ConfigError):
            new = None
        if old is None and new is None:
            if required:
                result.errors.append(ConfigError(Location(path, 1), f"target `{function}` exists in neither version of {path}"))
            continue
        if old is None:
            if not any(t.new is not None and t.new.target == new.target for t in result.targets):
                result.targets.append(TargetDiff(new.target, None, new, "added"))
            continue
        if new is None:
            # a function the old version also has is not a rename of this one
            qualname, _, variable = function.partition(":")
            taken = {f for p, f, _ in targets if p == path and f in old_index.functions}
            renamed = None
            if new_index is not None:
                base = old if not variable else extract_from(old_index, path, qualname)
                if not isinstance(base, ConfigError):
                    renamed = match_function(qualname, base, new_index, path, taken)
                if renamed is not None and variable:
                    renamed = f"{renamed}:{variable}"
                    if isinstance(extract_from(new_index, path, renamed), ConfigError):
                        renamed = None
            if renamed is None:
                message = f"`{function}` vanished from {path}" + ("" if new_index is not None else " (the file is gone)")
                error = ConfigError(Location(path, old.line), message, hints=("rename or remove the rules that name it",))
                if required:
                    result.errors.append(error)
                result.targets.append(TargetDiff(old.target, old, None, "vanished"))
                continue
            new = extract_from(new_index, path, renamed)
            diff = diff_models(old, new)
            diff.renamed_from = function
            diff.status = "renamed-" + ("changed" if diff.changed else "unchanged")
            result.targets.append(diff)
            continue
        result.targets.append(diff_models(old, new))
    return result


def display_when(region: Region) -> str:
    parts = []
    for text, labels in region.when:
        shown = text if text.startswith("(") or " " in text else short(text)
        parts.append(f"{shown}={'|'.join(labels)}" if len(labels) > 1 else f"{shown}={labels[0]}")
    return ", ".join(parts) if parts else "always"
