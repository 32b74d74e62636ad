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
import collections

import difflib
import math
import re
from dataclasses import dataclass, field

from .exit_codes import exit_code
from .extract import _deep as deep
from .extract.definitions import names
from .formula import MEMBER_EQUALS, after_event, collapse, compare, conj, disj, short, terms_all, terms_of, transform
from .cubes import TooFragmented, cover, merge_cubes
from .domains import Space
from .computed import settle, shown, ties
from .witness import realizable as witnessed
from .logic import Diagram, TooLarge, _pair
from .model import ConfigError, DecisionModel, Lit, Term


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
    assumed_changed: dict[str, str] = field(default_factory=dict)  # of those, ones whose definition changed -> where
    undetermined: str | None = None  # why no exact answer: a change may hide in what the model does not follow
    computed_apart: list[str] = field(default_factory=list)  # computed atoms the regions treat apart from their operands
    unfollowed: list[str] = field(default_factory=list)  # values of code one version alone reads: more may change there

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


def _stable(model: DecisionModel, tag: str = "", shown: dict[str, str] | None = None, unseen: frozenset[str] = frozenset(),
            axioms: list | None = None) -> list:
    """The guards with every read of a text as one atom, and unmodeled parts named by their order
    in the function rather than their line (a moved line is not a change). With `tag`, every
    part the model does not see into (named by its position, or naming a call in `unseen`) is
    that version's own. `shown` collects the text each renamed part had. `axioms`, when given,
    receives the model's axioms read the same way (their reads after a call are the guards'
    atoms: `d.get("k")` after `d.get("k", "a")` was a variable of its own, and regions held
    `d.get("k")` "b" and equal to `d.get("k", "a")` "a"; round 6)."""
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

    if axioms is not None:
        axioms += [transform(collapse(a, evaluations=True), renumber) for a in model.axioms]
    return [transform(collapse(b.guard, evaluations=True), renumber) for b in model.branches]


_OPAQUE = re.compile(r"<[^<>]+>")  # an unmodeled part as outcomes name it


def _unseen(term: Term, unseen: frozenset[str]) -> bool:
    """Whether an atom is something the model does not see into: an opaque value (what a loop
    leaves, an expression it does not model, a list unmodeled code changed), or a call into the
    tree's code that was not followed (`DecisionModel.unfollowed`), or an atom with such a part
    (`len(<comprehension>)` read after calls on some paths: fuzz --computed seed 1120). Inputs are
    not: a path or a call the model does not resolve, read by its text, is the same value in both
    versions; so is `<unbound>`, a name with no value (reading it raises), in either."""
    if term.text == _UNBOUND:
        return False
    return term.is_opaque or " at line " in term.text or _names_call(term.text, unseen) or _OPAQUE.search(term.text) is not None


_UNBOUND = "<unbound>"


def _names_call(text: str, unseen: frozenset[str]) -> bool:
    return any(names(text, call) for call in unseen)


def _unseen_parts(text: str, unseen: frozenset[str]) -> list[str]:
    """The parts an outcome's text names that the model does not see into."""
    return [*(part for part in _OPAQUE.findall(text) if part != _UNBOUND), *(call for call in unseen if _names_call(text, frozenset((call,))))]


def diff_models(old: DecisionModel, new: DecisionModel, renames: bool = True, budget: int | None = None,
                same_code: bool = False, redefined: dict[str, str] | None = None) -> TargetDiff:
    """The exact set of configurations whose outcome differs, as merged regions. Raises
    TooLarge past `budget` diagram nodes (default `logic.NODE_BUDGET`). `same_code`: both models
    come from the same code and reads (`Modules.same_in`), so their unmodeled parts are one.
    `redefined`: atoms of globals both read as one value whose definitions differ, each with the
    first definition that does (`definitions.changed`): like unmodeled parts, their values may
    differ."""
    return deep(lambda: _diff_models(old, new, renames, budget, same_code, redefined))


def _diff_models(old: DecisionModel, new: DecisionModel, renames: bool, budget: int | None, same_code: bool = False,
                 redefined: dict[str, str] | None = None) -> TargetDiff:
    """Parts the model does not see into (`_unseen`: opaque values, calls into the tree's code it
    did not follow) are taken to be one value in both versions when they read the same, and
    inputs with the same final name to be one input (`_same_final_name`); the code that computes
    them may have changed all the same. An answer that rests on it says so: changes are listed
    with what was assumed; and where nothing changes under the assumptions but something may
    without them (each version's parts its own values, no rename), the comparison is
    undetermined, with the reason."""
    if same_code:
        itself = _itself(old, new, budget)
        if itself is not None:
            return itself
    old, new = _handed_out(old, new)
    shown: dict[str, str] = {}
    old_axioms: list = []
    new_axioms: list = []
    old_guards, new_guards = _stable(old, axioms=old_axioms), _stable(new, shown=shown, axioms=new_axioms)
    # what holds in one version's runs alone (`k.value == 1` where `k is Kind.MLA`, and 0 in the
    # other) is no fact of the pair: the atoms it ties are each version's own (round 22: both taken
    # together left no configuration with `k is Kind.MLA`, and a change unseen)
    axioms = [a for a in old_axioms if a in new_axioms]
    apart = {t.text for a in (*old_axioms, *new_axioms) if a not in axioms for t in terms_all(a)}
    axioms += _lookups_across(old, new, old_guards + new_guards)
    result = _compare(old, new, renames, budget, old_guards, new_guards, axioms=axioms)
    if same_code:
        return result
    mixed = _members_equal_apart(old_guards + new_guards)
    if mixed:  # (round 25: `class B(str, Enum)` -> `class B(Enum)`: "when mode=B.FLASH: 'Y' -> 'X'", which
        # no run gives, beside the true "when mode='flash'")
        result.undetermined = (f"`{mixed[0]}` compares with strings in one version only (its enum's mixin or `__eq__` "
                               "changed): the model cannot tell the member from its value across the versions")
        return result
    aliased = _aliases_apart(old, new)
    if aliased:  # (round 27: `B = 2` -> `B = 1` made `Mode.B` the member `Mode.A`: "m=Mode.B: 'B' -> 'O'",
        # where a caller passing `Mode.B` passes `Mode.A` in the new version, which returns 'B')
        result.undetermined = (f"`{aliased}` names another member in one version than in the other (an enum alias "
                               "changed): an input given as that member is not one value across the versions")
        return result
    alone = _uncomputed_alone(old, new, result)
    if alone and result.changed:  # (round 33: `Sub.limit = 2` added after `class Sub(Base)`, `self.limit` a
        # new atom: "n > 4, n <= self.limit", which no run gives, its value being 2)
        atom, version = alone
        result.undetermined = (f"`{_clipped(atom)}` is a class attribute of the tree that the {version} version's model "
                               "reads as an input, not computing it, and the other version does not read: the regions "
                               "over it need not be reachable")
        return result
    redefined = {**{text: "what the classes or enums it is read against imply of it" for text in apart},
                 **_reread_apart(old, new), **(redefined or {})}
    # (as the guards name them: an opaque part by its order, not its line; round 26: a made object's
    # attribute whose class changed was "assumed the same" with no word of the change)
    stable_of = {raw: stable for stable, raw in shown.items()}
    redefined.update({stable_of[text]: why for text, why in list(redefined.items()) if text in stable_of})
    unseen = frozenset((*old.unfollowed, *new.unfollowed, *redefined))
    shared = _shared_unseen(old, new, old_guards, new_guards, unseen)
    if not shared and not result.assumed_renames:
        return result
    if result.changed:
        result.assumed_same = [shown.get(text, text) for text in shared]
        # (one whose definition changed may well differ: the regions listed are then not all; round 23)
        result.assumed_changed = {shown.get(text, text): redefined[text] for text in shared if text in redefined}
        return result
    try:  # each version's unseen parts its own values, and no input taken for another
        blind_axioms: list = []
        blind = _compare(old, new, False, budget, _stable(old, "old", unseen=unseen, axioms=blind_axioms),
                         _stable(new, "new", unseen=unseen, axioms=blind_axioms), tag=True, unseen=unseen, axioms=blind_axioms).changed
    except TooLarge:
        blind = 1
    if blind:
        result.undetermined = _undetermined([_clipped(shown.get(text, text)) for text in shared], result.assumed_renames,
                                            redefined)
    return result


def _reread_apart(old: DecisionModel, new: DecisionModel) -> dict[str, str]:
    """The texts both versions read where one reads it after a call the other version does not
    make (`cfg.n` after `cfg.refresh()`, added): the comparison takes every read of a text as one
    value (calls change nothing it reads), which a call one version alone makes need not leave
    alone (round 48: "0 decisions changed"). Calls both versions make, in another order (guards
    nested otherwise), stay under the assumption."""
    def events(model: DecisionModel) -> tuple[dict[str, set[str]], dict[str, int]]:
        """Each text's events, and how many times the model reads a call or after it (its
        evaluations: `cfg.bump() #1`, `#2`)."""
        out: dict[str, set[str]] = {}
        made: dict[str, int] = {}  # call -> the most times it ran before a read (its events' count, `#2`)
        values = [b.guard for b in model.branches]
        for b in model.branches:  # (what outcomes read: `return cfg.n`, `{"k": cfg.n}`, `[cfg.n, "t"]`; round 50)
            result = b.result
            values += [o.term for o in (() if result is None else (result, *result.items)) if o.term is not None]
        for t in terms_of(values):
            if t.kind == "call":
                made.setdefault(t.text, 0)
            if not t.is_opaque:
                seen = out.setdefault(t.text, set())
                for part in t.version.split("|") if t.version else ():
                    call, count = after_event(part), re.search(r" #(\d+)$", part.strip())
                    seen.add(call)
                    made[call] = max(made.get(call, 0), int(count.group(1)) if count else 1)
        return out, made

    (before, made_old), (after, made_new) = events(old), events(new)
    queried = {t.text for m in (old, new) for t in terms_of([b.guard for b in m.branches]) if t.kind == "call"}
    apart = {}
    for text in before.keys() & after.keys():
        # a call one version alone makes, or makes another number of times (round 50: one
        # `cfg.bump()` -> two was "0 decisions changed")
        # (a call read as a value, a query such as `is_cuda_alike()`, made more times by guards nested
        # otherwise, stays under the assumption: the flagship refactor)
        alone = sorted(c for c in before[text] | after[text]
                       if (c in made_old) != (c in made_new) or made_old.get(c) != made_new.get(c) and c not in queried)
        if alone:
            apart[text] = (f"{READ_AFTER} {', '.join(f'`{_clipped(c, 60)}`' for c in alone[:3])} in one version only, or "
                           "another number of times, which may change it")
    return apart


READ_AFTER = "read after"  # (how `_undetermined` tells a reason of `_reread_apart`)


def _accessor(branch) -> str:
    """How a `return` hands out its member outcome: `.value` or `.name` of it (`return
    Backend.FLASH.value`, which the model reads as the member, for rules), else "" (the member
    itself, or a line that does not parse alone: a blind spot)."""
    if branch.result is None or branch.result.kind != "member" or branch.kind != "return":
        return ""
    text = next((t for line, t in reversed(branch.source) if line == branch.line), "")
    try:
        stmt = ast.parse(text.strip()).body[0] if text.strip() else None
    except SyntaxError:
        return ""
    node = stmt.value if isinstance(stmt, ast.Return) else None
    if isinstance(node, ast.Tuple) and node.elts:
        node = node.elts[0]
    return f".{node.attr}" if isinstance(node, ast.Attribute) and node.attr in ("value", "name") else ""


def _handed_out(old: DecisionModel, new: DecisionModel) -> tuple[DecisionModel, DecisionModel]:
    """Both models with each member outcome named with its accessor (`Backend.FLASH.value`) where
    the versions hand out some member differently: a caller's `pick() is Backend.FLASH` tells the
    member from its value (round 32: `.value` added to every return was "0 decisions changed")."""
    import dataclasses

    hands = [{(b.outcome, _accessor(b)) for b in m.branches} for m in (old, new)]
    apart = {text for text, _ in hands[0] ^ hands[1]}
    if not any(text in {t for t, _ in hands[0]} and text in {t for t, _ in hands[1]} for text in apart):
        return old, new

    def named(model: DecisionModel) -> DecisionModel:
        branches = tuple(dataclasses.replace(b, outcome=b.outcome + _accessor(b)) if b.outcome in apart else b
                         for b in model.branches)
        return dataclasses.replace(model, branches=branches)

    return named(old), named(new)


def _operands_of(text: str) -> frozenset[str]:
    from .computed import operands

    for kind in ("call", "expr"):
        found = operands(text, kind)
        if found:
            return found
    return frozenset()


def _members_equal_apart(guards: list) -> list[str]:
    """The enum members the guards compare whose equality with literals the versions disagree on
    (`formula.MEMBER_EQUALS` holds None: not folded)."""
    return sorted({t.text for t in terms_of(guards)
                   if t.kind == "member" and t.text in MEMBER_EQUALS and MEMBER_EQUALS[t.text] is None})


def _aliases_apart(old: DecisionModel, new: DecisionModel) -> str | None:
    """A member name of an enum both models read that is an alias in one version and not in the
    other, or of another member (`Mode.B`), or None."""
    before = dict(old.enum_aliases)
    for enum, aliases in new.enum_aliases:
        if enum not in before:
            continue
        was, now = dict(before[enum]), dict(aliases)
        for name in sorted(was.keys() | now.keys()):
            if was.get(name) != now.get(name):
                return f"{enum}.{name}"
    return None


def _lookups_across(old: DecisionModel, new: DecisionModel, guards: list) -> list:
    """What lookups of one key in both versions imply together (`extract.lookup_axioms`): the
    value the mapping holds, or each version's default (`d.get("k", "a")` changed to
    `d.get("k", "b")` changes nothing where "k" is in d; round 6: 20 of 40 configurations, in
    regions no mapping gives), as the guards read them, among atoms the guards read."""
    from .extract import lookup_axioms_across

    read = {t.text for t in terms_of(guards)}
    # and what the branches return (round 27: `cfg.get("backend") or "flash"` -> `cfg.get("backend",
    # "flash")`, a decision variable: "when cfg.get('backend') is true and differs from
    # cfg.get('backend', 'flash')", which no dict gives)
    read |= {t.text for t in terms_of(_value(b) for model in (old, new) for b in model.branches)}
    # and the values computed atoms read (`int(os.environ.get("L", "1"))`: round 26, the tie of the
    # two versions' defaults was lost under `int`, and a region no environment gives was listed)
    read |= {o for t in list(read) for o in _operands_of(t)}
    return lookup_axioms_across((old, new), read)


def _itself(old: DecisionModel, new: DecisionModel, budget: int | None) -> TargetDiff | None:
    """Two models of the same code and reads (`same_code`): both chains are one, every
    configuration takes the same branch in both, and only the count of configurations is
    wanted. It is the count `_compare` gives (the pair diagram's space is the chain's: an
    outcome compared with itself folds to False) without building the pair of chains; None
    where an outcome compared with itself does not fold (opaque values), for `_compare`."""
    guards = _stable(new)
    for branch in new.branches:
        value = _value(branch)
        if isinstance(value, Term) and compare(value, "!=", value) != Lit(False):
            return None
    d = Diagram(Space(guards).relations_near(), budget)
    result = TargetDiff(new.target, old, new, "unchanged")
    result.space = d.space
    result.total = d.count(d.consistency(), bool)
    return result


def _uncomputed_alone(old: DecisionModel, new: DecisionModel, result: TargetDiff) -> tuple[str, str] | None:
    """An atom one version alone reads (`result.only_old`, `only_new`) that its model marks as a
    class attribute it did not compute (`DecisionModel.uncomputed`), with that version's name:
    code fixes its value, which the comparison would take for an input of every value."""
    for atoms, model, version in ((result.only_new, new, "new"), (result.only_old, old, "old")):
        for atom in model.uncomputed:
            if atom in atoms:
                return atom, version
    return None


def _undetermined(shared: list[str], renames: list[tuple[str, str]], redefined: dict[str, str] | None = None) -> str:
    """Why a comparison that finds no change under its assumptions is not an answer."""
    reasons = []
    redefined = redefined or {}
    if shared:
        parts = ", ".join(f"`{text}`" for text in shared[:2]) + (f" and {len(shared) - 2} more" if len(shared) > 2 else "")
        why = ("calls before the read differ" if all(redefined.get(t, "").startswith(READ_AFTER) for t in shared)
               else "its definition, or code it reads, changed" if set(shared) <= set(redefined)
               else f"code the model does not follow computes {'it' if len(shared) == 1 else 'them'}")
        reasons.append(f"{parts} {'is' if len(shared) == 1 else 'are'} the same in both versions ({why})")
    for old_atom, new_atom in renames[:2]:
        reasons.append(f"`{_clipped(new_atom)}` is the input `{_clipped(old_atom)}` read under another name")
    changed = "".join(f"; `{_clipped(atom)}` is {where}" if where.startswith(READ_AFTER) else
                      f"; `{_clipped(atom)}` rests on `{head}`, which {how or 'changed'}"  # (how: `definitions.changed`)
                      for atom, where in sorted(redefined.items())[:2] for head, _, how in [where.partition(", which ")])
    return f"no configuration changes path if {' and '.join(reasons)}, and whether that holds cannot be told{changed}"


def _clipped(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[:most - 3] + "..."


def _shared_unseen(old: DecisionModel, new: DecisionModel, old_guards: list, new_guards: list, unseen: frozenset[str]) -> list[str]:
    """The parts the model does not see into that both versions read: atoms of their guards (as
    `_stable` names them), and parts their values and outcomes name."""
    def named(model: DecisionModel, guards: list) -> set[str]:
        out = {t.text for t in terms_of(guards) if _unseen(t, unseen)}
        for b in model.branches:
            out.update(_unseen_parts(b.outcome, unseen))
            out.update(t.text for t in terms_all(_value(b)) if _unseen(t, unseen))
        return out

    return sorted(named(old, old_guards) & named(new, new_guards))


def _compare(old: DecisionModel, new: DecisionModel, renames: bool, budget: int | None, old_guards: list, new_guards: list,
             tag: bool = False, unseen: frozenset[str] = frozenset(), axioms: list = ()) -> TargetDiff:
    """The comparison itself; with `tag`, the unseen parts of values and outcomes are each
    version's own too, and only the count is wanted."""
    old_atoms = {t.text for t in terms_of(old_guards)}
    new_atoms = {t.text for t in terms_of(new_guards)}
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
    # two lists of one length whose items pass inputs through differ where an item does (round 27:
    # `[mode]` -> `['x']` was a change for every mode, `mode='x'` included)
    old_items = [_items(b, "old" if tag else "", unseen) for b in old.branches]
    new_items = [_items(b, "new" if tag else "", unseen) for b in new.branches]
    for i, a in enumerate(old.branches):
        for j, b in enumerate(new.branches):
            xs = old_items[i] if old_items[i] is not None else _items(a, "old" if tag else "", unseen, True)
            ys = new_items[j] if new_items[j] is not None else _items(b, "new" if tag else "", unseen, True)
            if (old_items[i] is not None or new_items[j] is not None) and xs is not None and ys is not None and len(xs) == len(ys):
                symbolic[(i, j)] = disj(*(compare(x, "!=", y) for x, y in zip(xs, ys)))
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
    axioms = [] if assumed else list(axioms)  # (in the texts each version reads, as the guards read them)
    space = Space([*_interleaved(old_guards, new_guards), *symbolic.values(), *axioms])
    d = Diagram(space, budget)
    old_chain = d.chain(old_guards, [b.index for b in old.branches])
    new_chain = d.chain(new_guards, [b.index for b in new.branches])
    computed, known = ({}, d.true) if tag else ties(d, {})
    possible = d.conj(d.conj(d.consistency(), known), d.formula(conj(*axioms)))  # (known: what a computed atom is
    # at a point of its operand, where Python says; axioms: what the classes imply)
    pairs = d.restrict(possible, d.pair(old_chain, new_chain), None)

    def outcome(model: DecisionModel, index: int | None) -> str:
        if index is None:
            return "<no branch>"
        text = model.branches[index].outcome
        return text + (" [old]" if model is old else " [new]") if tag and _unseen_parts(text, unseen) else text

    def constant_differs(pair: object) -> bool:
        if pair is None:  # a combination of conditions that cannot happen
            return False
        a, b = pair  # type: ignore[misc]
        if (a, b) in symbolic or _unassigned(old, a) or _unassigned(new, b):
            return False  # (a way out before a decision variable is assigned: no value to compare)
        return outcome(old, a) != outcome(new, b)

    if symbolic:  # a pair of branches whose values are computed differs where their values do
        changed = d.substitute(pairs, lambda pair: d.formula(symbolic[pair]) if pair in symbolic
                               else d.true if constant_differs(pair) else d.false)
    else:
        changed = d.local(constant_differs, pairs)
    computed_apart: list[str] = []
    unfollowed: list[str] = []
    realizable, limited, raising, partly = (d.true, [], [], []) if tag else witnessed(d, {})
    if not tag and changed != d.false:
        for var, where_raises in partly:
            inside = d.conj(changed, where_raises)
            if inside != d.false and var in _support(d, inside):
                # a change that rests on a value Python does not compute there (`mode in "xy"` of
                # None raises TypeError; round 13: a region 'D' -> 'N' no input takes)
                result = TargetDiff(new.target, old, new, "unchanged")
                result.space = space
                result.undetermined = (f"a change needs {shown(space, space.variables[var])} where Python raises computing "
                                       "it, which the model does not follow")
                return result
    computed.update((var, d.true) for var in raising)
    if computed or limited:
        # a change that needs a computed atom apart from its operands (`n > 5`, `n + 1 == 1`), or
        # at a value no operand value tried gives it (`mode.upper() == "x"`), is none
        definite = d.conj(settle(d, changed, possible, computed), realizable)
        if definite != changed:
            atoms = [shown(space, space.variables[i]) for i in sorted({*computed, *limited})]
            if definite == d.false:
                result = TargetDiff(new.target, old, new, "unchanged")
                result.space = space
                result.undetermined = (f"a change needs {' and '.join(atoms[:2])} to take values the model does not relate to "
                                       "their operands, and whether any input gives them cannot be told")
                return result
            computed_apart = atoms  # some regions need such a value: listed, and said so
    if not tag and changed != d.false:
        one_sided = set((*only_old, *only_new))  # (`_vague` keeps the opaque ones: `super(B, C).m()` too, not only `<...>`)
        vague, sure, needs = _vague(d, changed, pairs, possible, old, new, one_sided)
        if vague is not None:
            result = TargetDiff(new.target, old, new, "unchanged")
            result.space = space
            result.undetermined = vague
            return result
        if sure != changed:
            # the regions are what changes whatever such values are; where they take some, the
            # path may change too (round 13: such a region was listed as definite)
            changed, unfollowed = sure, needs
    moved = d.ite(changed, pairs, d.leaf(None))  # the pair of branches where the outcome differs, None elsewhere

    def differs(pair: object) -> bool:
        return pair is not None

    result = TargetDiff(new.target, old, new, "unchanged")
    result.space = space
    result.computed_apart = computed_apart
    result.unfollowed = unfollowed
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


def _unassigned(model: DecisionModel, index: int | None) -> bool:
    result = model.branches[index].result if index is not None else None
    return result is not None and result.kind == "unassigned"


def _vague(d: Diagram, changed: int, pairs: int, possible: int, old: DecisionModel, new: DecisionModel,
           one_sided: set[str]) -> tuple[str | None, int, list[str]]:
    """Why no configuration surely changes path, where every change needs a value of code the
    model does not follow that one version alone reads (`one_sided`: opaque atoms, at some class),
    or an outcome it does not know, which may be the other version's (a `match` rewritten as
    `if`s was 11 of 12 configurations changed; round 7); None where some configuration changes
    whatever those are, with that part of `changed` (what changes whatever they are) and the
    values it leaves out. (Parts both versions read are taken to be one value: a region may
    name them, with what it assumes.)"""
    from .computed import surely

    def unknown_outcome(model: DecisionModel, index: int | None) -> bool:
        if index is None:
            return False
        branch = model.branches[index]
        return (branch.result is not None and branch.result.kind == "opaque") or _OPAQUE.search(branch.outcome) is not None

    # (a global of the tree one version alone reads is what that version's code computes, no input:
    # `defs.ENV_ON` renamed `defs.USE_X` listed regions over the two as if apart; round 21)
    # (only where one version lost such a global and the other gained one, which may be it renamed: a
    # flag only the new version reads, `envs.VLLM_NEW`, is an input of its own)
    lost = {text for text, _path, _name in old.definitions} & one_sided
    gained = {text for text, _path, _name in new.definitions} & one_sided
    computed = lost | gained if lost and gained else set()
    # (and a call into the tree's code the model did not follow, one version alone reads: what that
    # code computes, no input; round 24: `@functools.cache` added to a helper paired its call freely
    # with the old version's inlined guard)
    calls = frozenset((*old.unfollowed, *new.unfollowed))
    # (and a call of a global of the tree one version alone reads, `_ok(a)` of `if ROCM: _ok = _rocm`:
    # what that code computes from its arguments, no input free of them; round 32 listed `_ok(a)=true,
    # a=false` where the new version inlines `_ok = _cuda`)
    globals_read = {text for text, _path, _name in (*old.definitions, *new.definitions)}
    computed |= {text for text in one_sided if "(" in text and text.partition("(")[0] in globals_read}
    # (a relation of such a value to another, `<item of the loop #1> ? Cpu`, is as unknown as the value: round 46
    # listed regions needing the item of a loop read once to be `Cpu`, which no run gives)
    opaque = {i for i, v in enumerate(d.space.variables)
              if (v.opaque or v.text in computed or _names_call(v.text, calls))
              and (v.text in one_sided or (v.key.kind == "rel" and v.opaque and (v.key.text in one_sided or v.key.other in one_sided)))}
    # (such code may raise, as the other version does where it raises: `raise ValueError` -> a cached
    # `validated(name)` that raises it; round 26 listed "raise ValueError -> 'FLASH'" where both raise)
    raising = {"raise", "assert"}

    def raises_apart(pair) -> bool:
        kinds = [model.branches[i].kind if i is not None else None for model, i in ((old, pair[0]), (new, pair[1]))]
        return bool(opaque) and (kinds[0] in raising) != (kinds[1] in raising)

    loose = d.local(lambda pair: pair is not None and (unknown_outcome(old, pair[0]) or unknown_outcome(new, pair[1])
                                                       or raises_apart(pair)), pairs)
    if loose == d.false and not opaque:
        return None, changed, []
    sure = surely(d, d.conj(changed, d.negate(loose)), possible, opaque)
    needs = sorted({d.space.variables[v].text for v in _support(d, changed) if v in opaque})
    if sure != d.false:
        return None, sure, [f"`{_clipped(text)}`" for text in needs] or ["values unmodeled code returns"]
    parts = [f"`{_clipped(text)}`" for text in needs[:2]] or ["values unmodeled code returns"]
    return (f"a change needs {' and '.join(parts)} (code the model does not follow) to take some values, and whether it does "
            "cannot be told"), sure, []


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
    return _outcome_value(branch.result, branch.outcome, tag, unseen)


def _outcome_value(result, text: str, tag: str = "", unseen: frozenset[str] = frozenset()):
    import ast as _ast

    if result is not None and result.kind == "term" and result.term is not None:
        if tag:
            return transform(collapse(result.term, evaluations=True), lambda n: Term(f"{n.text} [{tag}]", n.line, n.kind)
                             if isinstance(n, Term) and _unseen(n, unseen) else None)
        return collapse(result.term, evaluations=True)
    if result is not None and result.kind in ("literal", "none"):
        try:
            return Lit(_ast.literal_eval(result.text))
        except (ValueError, SyntaxError):
            return Lit(result.text)
    return Lit(("<outcome>", text + (f" [{tag}]" if tag and _unseen_parts(text, unseen) else "")))


def _items(branch, tag: str = "", unseen: frozenset[str] = frozenset(), constant: bool = False) -> tuple | None:
    """The items of a list a branch returns, as values to compare (`_value`), where one passes an
    input through (`[mode]`; `constant`: any list); a dict's keys and values alike (round 48:
    `{"b": view.prefill}` -> `{"b": view.decode}` changed path where the two are equal); None for
    any other outcome."""
    result = branch.result
    if result is None or result.kind not in ("list", "dict") and not result.keys \
            or not (constant or any(i.kind == "term" and i.term is not None for i in result.items)):
        return None
    if result.keys:  # (in the order written: a dict's order is what iterating it gives)
        return tuple(v for key, item in zip(result.keys, result.items) for v in (_key_value(key), _outcome_value(item, item.text, tag, unseen)))
    return tuple(_outcome_value(item, item.text, tag, unseen) for item in result.items)


def _key_value(text: str) -> Lit:
    """A dict key as a value to compare (`1` and `True` are one key)."""
    import ast as _ast

    try:
        return Lit(_ast.literal_eval(text))
    except (ValueError, SyntaxError):
        return Lit(("<key>", text))


def _same_final_name(only_old: list[str], only_new: list[str]) -> list[tuple[str, str]]:
    """Vanished atoms paired with new atoms of the same final name, where the pairing is unique
    (`envs.X` -> `config.X`): most likely the same input read from another place."""
    by_old: dict[str, list[str]] = {}
    by_new: dict[str, list[str]] = {}
    for a in only_old:
        by_old.setdefault(short(a, receivers=False), []).append(a)
    for b in only_new:
        by_new.setdefault(short(b, receivers=False), []).append(b)
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
    where = d.partition(pairs, set(moves))
    covered: dict = {}  # the cubes of each node, shared by the moves' diagrams
    sizes = [len(var.classes) for var in space.variables]
    everything = math.prod(sizes)
    described: dict[tuple[int, frozenset[int]], tuple[str, tuple[str]]] = {}  # a variable's classes, as the region shows them

    texts = collections.Counter(var.text for var in space.variables)

    def shown(v: int, classes: frozenset[int]) -> tuple[str, tuple[str]]:
        key = (v, classes)
        if key not in described:
            var = space.variables[v]
            # a value's truth beside the value (`a is True` and `if a:`): `bool(a)`, one key each (round 13)
            text = f"bool({var.text})" if var.key.kind == "truth" and texts[var.text] > 1 else var.text
            described[key] = (text, (var.describe(classes),))
        return described[key]

    for a, b in moves:
        indicator = where[(a, b)]
        try:
            cubes = merge_cubes(cover(d, indicator, MAX_REGIONS, covered), space.variables)
        except TooFragmented:
            unlisted.append((a, b, d.count(indicator, bool)))
            continue
        for cube in cubes:
            configurations = everything // math.prod(sizes[i] for i in cube) * math.prod(len(c) for c in cube.values())
            when = tuple(shown(v, classes) for v, classes in sorted(cube.items()))
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


@dataclass
class DiffResult:
    targets: list[TargetDiff] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)
    uncompared: list[Uncompared] = field(default_factory=list)
    tree: object = None  # diff_tree.TreeDiff: files answered without modelling, from the cache

    @property
    def exit_code(self) -> int:
        return exit_code(bool(self.errors), any(t.has_change for t in self.targets) or bool(self.uncompared))


def display_when(region: Region) -> str:
    parts = []
    for text, labels in region.when:
        shown = text if text.startswith("(") or " " in text else short(text)
        parts.append(f"{shown}={'|'.join(labels)}" if len(labels) > 1 else f"{shown}={labels[0]}")
    return ", ".join(parts) if parts else "always"


__all__ = ["diff_models", "DiffResult", "TargetDiff", "Region", "Uncompared", "display_when", "cover", "_pair"]


def _support(d, node: int) -> set[int]:
    """The variables a diagram tests."""
    out: set[int] = set()
    seen: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if n in seen or n in (d.true, d.false):
            continue
        seen.add(n)
        out.add(d.var_of(n))
        stack.extend(d.children(n))
    return out
