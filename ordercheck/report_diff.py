"""`ordercheck diff` output: text, JSON (schema ordercheck.diff/1), SARIF, GitHub annotations."""

from __future__ import annotations

import json
import math
import textwrap

from .diff import READ_AFTER, DiffResult, Region, TargetDiff, Uncompared
from .formula import short
from .domains import Space, Variable
from .report import error_dict, plain
from .model import first_order_change, short_outcome
from .report_ci import _region, annotation, error_annotation, sarif_log

CHANGED_RULE = "ordercheck/changed-path"  # diff's findings in SARIF: configurations that take another branch
VANISHED_RULE = "ordercheck/vanished-decision"
NOT_COMPARED_RULE = "ordercheck/not-compared"

DIFF_SCHEMA = "ordercheck.diff/1"
MAX_SHOWN = 12  # regions a target shows in text
MAX_ASSUMED = 4  # parts assumed the same that a target shows in text


def _outcome(text: str) -> str:
    return short_outcome(text)


_RELATIONS = {  # the classes of a relational variable `a ? b` a region allows -> the operator
    frozenset({"lt"}): "<", frozenset({"lt", "eq"}): "<=", frozenset({"eq"}): "==", frozenset({"eq", "gt"}): ">=",
    frozenset({"gt"}): ">", frozenset({"lt", "gt"}): "!=", frozenset({"ne"}): "!=",
}
_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def condition(variable: Variable | None, text: str, labels: tuple[str, ...], classes: frozenset[int] = frozenset()) -> str:
    """One atom condition of a region as code reads it: `shape[0] <= THRESHOLD` / `shape[0] >
    THRESHOLD` for the relation of two terms, `enable_eplb=false`, `backend="a"|"b"` for the rest."""
    if variable is not None and variable.key.kind == "rel":
        op = _RELATIONS.get(frozenset(variable.classes[c].value for c in classes))
        if op is not None:
            left, right = variable.key.text, variable.key.other
            if _constant_like(left) and not _constant_like(right):  # as people write it: `tokens <= LIMIT`
                left, right, op = right, left, _MIRRORED[op]
            return f"{left} {op} {right}"
    shown = text if text.startswith("(") or " " in text else short(text)
    interval = _interval(variable, classes) if variable is not None else None
    return f"{shown} {interval}" if interval else f"{shown}={'|'.join(labels)}"


def _interval(variable: Variable, classes: frozenset[int]) -> str | None:
    """Numeric classes that form one interval, as a comparison: `<= 256`, `> 256`, `== 1`,
    `in (1, 8]`; None when they do not (non-numeric values, gaps)."""
    def number(x: object) -> bool:
        return isinstance(x, (int, float)) and not isinstance(x, bool)

    numeric = [(i, c) for i, c in enumerate(variable.classes)
               if (c.kind == "point" and number(c.value)) or (c.kind == "range" and number(c.value) and number(c.high))]
    if not classes or len(numeric) != len(variable.classes) - sum(c.kind == "other" for c in variable.classes):
        return None
    left_out = [c for i, c in enumerate(variable.classes) if i not in classes]
    if any(variable.classes[i].kind == "other" for i in classes):  # non-numbers too: only "all but these"
        if left_out and all(c.kind == "point" for c in left_out):
            values = [_num(c.value) for c in left_out]
            return f"!= {values[0]}" if len(values) == 1 else f"not in ({', '.join(values)})"
        return None
    numeric.sort(key=lambda ic: (ic[1].value, 1 if ic[1].kind == "point" else 2))
    positions = [n for n, (i, _) in enumerate(numeric) if i in classes]
    if len(positions) != len(classes) or positions != list(range(positions[0], positions[-1] + 1)):
        return None
    first, last = numeric[positions[0]][1], numeric[positions[-1]][1]
    low, low_closed = first.value, first.kind == "point"
    high, high_closed = (last.value, True) if last.kind == "point" else (last.high, False)
    unbounded_low, unbounded_high = low == -math.inf, high == math.inf
    if first is last and first.kind == "point":
        return f"== {_num(low)}"
    if unbounded_low and not unbounded_high:
        return f"{'<=' if high_closed else '<'} {_num(high)}"
    if unbounded_high and not unbounded_low:
        return f"{'>=' if low_closed else '>'} {_num(low)}"
    if unbounded_low or unbounded_high:
        return None
    return f"in {'[' if low_closed else '('}{_num(low)}, {_num(high)}{']' if high_closed else ')'}"


def _num(x: object) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


def _constant_like(text: str) -> bool:
    name = text.rsplit(".", 1)[-1]
    return name.isupper()


def region_text(region: Region, space: Space | None = None) -> str:
    """A region's conditions, joined; `space` (the diff's variables) gives relations their operator."""
    typed = space is not None and len(region.cube) == len(region.when)  # `when` lists the cube's variables in order
    cube = region.cube if typed else ((None, frozenset()),) * len(region.when)
    parts = [condition(space.variables[index] if index is not None else None, text, labels, classes)
             for (index, classes), (text, labels) in zip(cube, region.when)]
    return ", ".join(parts) or "always"


def diff_text(result: DiffResult, style=plain, quiet: bool = False) -> str:
    """Each changed decision and its regions, then a summary line (left out with `quiet`). Errors
    are diagnostics, written apart (stderr)."""
    lines = []
    changed_files = set()
    for t in result.targets:
        model = t.new or t.old
        name = model.short_name
        file = model.path.rsplit("/", 1)[-1]
        if t.status == "vanished":
            lines.append(f"{style(name, 'bold')}  {file}:{t.old.line} -> (gone)")
            if t.old.variable:  # (round 48: a renamed flag read as a vanished `__init__`)
                lines.append(f"  the new version decides no `{t.old.variable}` there (the function is gone, or the variable "
                             "renamed or no longer set as a decision), and no decision with the same outcomes replaces it")
            else:
                lines.append("  the function is not in the new version, and no function with the same outcomes replaces it")
            changed_files.add(model.path)
            continue
        if t.status == "added":
            continue
        where = f"{file}:{t.old.line} -> :{t.new.line}"
        title = f"{style(name, 'bold')}  {where}"
        if t.renamed_from:
            title += f"  (renamed from {t.renamed_from})"
        if not t.has_change and not t.renamed_from and not t.atom_renames:
            continue
        lines.append(title)
        for old_atom, new_atom in t.atom_renames:
            lines.append(f"  atom `{old_atom}` is not in the new version; closest new atom: `{new_atom}`")
        renamed = {a for a, _ in t.atom_renames} | {b for _, b in t.atom_renames}
        if [a for a in t.only_new if a not in renamed]:
            lines.append("  new atoms: " + ", ".join(f"`{a}`" for a in t.only_new if a not in renamed))
        if [a for a in t.only_old if a not in renamed]:
            lines.append("  atoms no longer read: " + ", ".join(f"`{a}`" for a in t.only_old if a not in renamed))
        if not t.has_change:
            lines.append("  no configuration changes path")
            continue
        changed_files.add(model.path)
        for part in t.assumed_same[:MAX_ASSUMED]:
            shown = part if len(part) <= 100 else part[:97] + "..."
            where = t.assumed_changed.get(part)
            if where is not None and where.startswith(READ_AFTER):  # (`diff._reread_apart`)
                lines.append(f"  assuming `{shown}` is the same value in both versions, which it may not be: it is {where}; "
                             "configurations not listed may change path too")
            elif where is not None:  # (a definition it rests on changed: more configurations may change path)
                head, _, how = where.partition(", which ")
                lines.append(f"  assuming `{shown}` is the same value in both versions, which it may not be: it rests on "
                             f"`{head}`, which {how or 'changed'}; configurations not listed may change path too")
            else:
                lines.append(f"  assuming `{shown}` is the same value in both versions (code the model does not follow computes it)")
        if len(t.assumed_same) > MAX_ASSUMED:
            lines.append(f"  ... and {len(t.assumed_same) - MAX_ASSUMED} more assumed the same (--format json lists every one)")
        for old_atom, new_atom in t.assumed_renames:
            lines.append(f"  assuming `{new_atom}` is the input `{old_atom}` read under another name (the same final name)")
        for part in t.computed_apart:
            lines.append(f"  regions take {part} apart from its operands: a region listed may need it to take a value its "
                         "operands cannot give (not decided), and such a region changes nothing")
        if t.unfollowed:
            lines.append(f"  where {' and '.join(t.unfollowed[:2])} (code one version alone reads, which the model does not "
                         f"follow) {'take' if len(t.unfollowed) > 1 else 'takes'} some values, the path may change too: not listed")
        lines.append(f"  {t.changed:,} of {t.total:,} configurations change path "
                     f"({len(t.regions)} region{'s' if len(t.regions) != 1 else ''})")
        shown = t.regions[:MAX_SHOWN]
        for r in shown:
            wrapped = textwrap.wrap(f"when {region_text(r, t.space)}:", width=96, break_long_words=False, break_on_hyphens=False)
            lines.append(f"  - {wrapped[0]}")
            lines += [f"      {w}" for w in wrapped[1:]]
            lines.append(f"        {_outcome(r.old_outcome)} (line {r.old_line})  ->  {_outcome(r.new_outcome)} (line {r.new_line})")
            change = first_order_change(r.old_outcome, r.new_outcome)
            if change is not None:
                lines.append(f"        first change at position {change[0]}: {change[1] or '(end)'} -> {change[2] or '(end)'}")
        if len(t.regions) > len(shown):
            lines.append(f"  ... {len(t.regions) - len(shown)} more regions (--format json lists every one)")
        for old_outcome, old_line, new_outcome, new_line, n in t.unlisted:
            lines.append(f"  - {n:,} configurations too fragmented to list as conjunctions:")
            lines.append(f"        {_outcome(old_outcome)} (line {old_line})  ->  {_outcome(new_outcome)} (line {new_line})")
    for u in result.uncompared:
        lines.append(f"{style(u.function, 'bold')}  {u.path.rsplit('/', 1)[-1]}:{u.line}")
        lines.append(f"  not compared: {u.reason}")
    changed = [t for t in result.targets if t.has_change or t.status == "vanished"]
    if quiet:
        return "".join(f"{line}\n" for line in lines)
    notes = [f"{len(result.targets)} compared"]
    if result.uncompared:
        notes.append(f"{len(result.uncompared)} not compared")
    tree = result.tree
    if tree is not None and tree.same_tree:
        notes.append(f"{tree.same_tree:,} changed file{'s' if tree.same_tree != 1 else ''} with the same syntax tree, "
                     "reading none that changed: not modelled")
    if tree is not None and tree.cached:
        notes.append(f"{tree.cached:,} from the cache")
    lines.append(f"{len(changed)} decision{'s' if len(changed) != 1 else ''} changed in {len(changed_files)} "
                 f"file{'s' if len(changed_files) != 1 else ''} ({'; '.join(notes)})")
    return "\n".join(lines) + "\n"


def _target_dict(t: TargetDiff) -> dict:
    return {
        "target": t.target,
        "status": t.status,
        "renamed_from": t.renamed_from,
        "old": None if t.old is None else {"path": t.old.path, "function": t.old.short_name, "line": t.old.line},
        "new": None if t.new is None else {"path": t.new.path, "function": t.new.short_name, "line": t.new.line},
        "changed_configurations": t.changed,
        "total_configurations": t.total,
        "regions": [{"when": {text: list(labels) for text, labels in r.when}, "configurations": r.configurations,
                     "old": {"outcome": r.old_outcome, "line": r.old_line},
                     "new": {"outcome": r.new_outcome, "line": r.new_line},
                     "order_change": _order_change(r)} for r in t.regions],
        "unlisted": [{"old": {"outcome": a, "line": al}, "new": {"outcome": b, "line": bl}, "configurations": n}
                     for a, al, b, bl, n in t.unlisted],
        "atoms_only_old": t.only_old,
        "atoms_only_new": t.only_new,
        "atom_renames": [{"old": a, "closest_new": b} for a, b in t.atom_renames],
        "assumed_same": t.assumed_same,
        "assumed_changed": [{"part": k, "rests_on": v} for k, v in t.assumed_changed.items()],
        "computed_apart": t.computed_apart,
        "unfollowed": t.unfollowed,
        "assumed_renames": [{"old": a, "new": b} for a, b in t.assumed_renames],
    }


def _order_change(r: Region) -> dict | None:
    """Both outcomes lists: the first position (from 1) where they differ (null past the end)."""
    change = first_order_change(r.old_outcome, r.new_outcome)
    return None if change is None else {"position": change[0], "old": change[1], "new": change[2]}


def diff_json(result: DiffResult) -> str:
    data = {"schema": DIFF_SCHEMA, "exit_code": result.exit_code,
            "targets": [_target_dict(t) for t in result.targets],
            "not_compared": [{"path": u.path, "function": u.function, "line": u.line, "reason": u.reason}
                             for u in result.uncompared],
            "errors": [error_dict(e) for e in result.errors]}
    if result.tree is not None:
        data["files"] = {"same_syntax_tree": result.tree.same_tree, "from_cache": result.tree.cached}
    return json.dumps(data, indent=2) + "\n"


def _change_message(t: TargetDiff, r: Region) -> str:
    return (f"{t.new.short_name}: {t.changed} of {t.total} configurations change path. When {region_text(r, t.space)}: "
            f"{_outcome(r.old_outcome)} (old line {r.old_line}) -> {_outcome(r.new_outcome)} (line {r.new_line})")


def _vanished_message(t: TargetDiff) -> str:
    return f"{t.old.short_name} vanished: no function with the same outcomes replaces it"


def _uncompared_message(u: Uncompared) -> str:
    return f"{u.function} changed and was not compared: {u.reason}"


def diff_github(result: DiffResult) -> str:
    out = [error_annotation(e, "ordercheck diff") for e in result.errors]
    out += [annotation("warning", _uncompared_message(u), "ordercheck diff", u.path, u.line) for u in result.uncompared]
    for t in result.targets:
        if t.status == "vanished":
            out.append(annotation("warning", _vanished_message(t), "ordercheck diff", t.old.path, t.old.line))
        for r in t.regions:
            out.append(annotation("warning", _change_message(t, r), "ordercheck diff", t.new.path, r.new_line))
    return "\n".join(out) + ("\n" if out else "")


_DIFF_RULES = [
    {"id": CHANGED_RULE, "name": "changed-path",
     "shortDescription": {"text": "Configurations that take another branch of a decision than before."},
     "fullDescription": {"text": "A change to a first-match chain re-routes these configurations to another outcome."},
     "help": {"text": "Check that the new path is intended for every configuration listed: ordercheck diff lists them all."},
     "defaultConfiguration": {"level": "warning"}},
    {"id": VANISHED_RULE, "name": "vanished-decision",
     "shortDescription": {"text": "A decision function that is gone, with no function of the same outcomes replacing it."},
     "fullDescription": {"text": "Every caller now takes whatever path replaced it; rules naming it are stale."},
     "help": {"text": "Rename or remove the rules that name it."},
     "defaultConfiguration": {"level": "warning"}},
    {"id": NOT_COMPARED_RULE, "name": "not-compared",
     "shortDescription": {"text": "A decision that changed and that diff could not compare exactly."},
     "fullDescription": {"text": "Its model could not be built, or its comparison passed the decision-diagram budget: "
                                 "whether any configuration changes path is not known."},
     "help": {"text": "Compare it by a rule with `given` facts that narrow it, or review the change by hand."},
     "defaultConfiguration": {"level": "warning"}},
]


def diff_sarif(result: DiffResult) -> str:
    """Each changed region as a warning at its new branch, each vanished decision at its old line,
    each decision not compared at its line."""
    results = []
    for t in result.targets:
        if t.status == "vanished":
            results.append({"ruleId": VANISHED_RULE, "ruleIndex": 1, "level": "warning",
                            "message": {"text": _vanished_message(t)},
                            "locations": [{"physicalLocation": _region(t.old.path, t.old.line)}]})
        for r in t.regions:
            results.append({"ruleId": CHANGED_RULE, "ruleIndex": 0, "level": "warning",
                            "message": {"text": _change_message(t, r)},
                            "locations": [{"physicalLocation": _region(t.new.path, r.new_line)}]})
    for u in result.uncompared:
        results.append({"ruleId": NOT_COMPARED_RULE, "ruleIndex": 2, "level": "warning",
                        "message": {"text": _uncompared_message(u)},
                        "locations": [{"physicalLocation": _region(u.path, u.line)}]})
    return sarif_log(_DIFF_RULES, results, result.errors, result.exit_code)
