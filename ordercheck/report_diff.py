"""`ordercheck diff` output: text, JSON (schema ordercheck.diff/1), GitHub annotations."""

from __future__ import annotations

import json
import textwrap

from .diff import DiffResult, TargetDiff, display_when
from .report import error_text, plain
from .report_ci import _escape

DIFF_SCHEMA = "ordercheck.diff/1"
MAX_SHOWN = 12  # regions a target shows in text


def _outcome(text: str) -> str:
    return text.split(".")[-1] if not text.startswith(("'", '"')) else text


def diff_text(result: DiffResult, style=plain) -> str:
    lines = [error_text(e, style).rstrip() for e in result.errors]
    changed_files = set()
    for t in result.targets:
        model = t.new or t.old
        name = model.short_name
        file = model.path.rsplit("/", 1)[-1]
        if t.status == "vanished":
            lines.append(f"{style(name, 'bold')}  {file}:{t.old.line} -> (gone)")
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
        lines.append(f"  {t.changed:,} of {t.total:,} configurations change path "
                     f"({len(t.regions)} region{'s' if len(t.regions) != 1 else ''})")
        shown = t.regions[:MAX_SHOWN]
        for r in shown:
            wrapped = textwrap.wrap(f"when {display_when(r)}:", width=96, break_long_words=False, break_on_hyphens=False)
            lines.append(f"  - {wrapped[0]}")
            lines += [f"      {w}" for w in wrapped[1:]]
            lines.append(f"        {_outcome(r.old_outcome)} (line {r.old_line})  ->  {_outcome(r.new_outcome)} (line {r.new_line})")
        if len(t.regions) > len(shown):
            lines.append(f"  ... {len(t.regions) - len(shown)} more regions (--format json lists every one)")
        for old_outcome, old_line, new_outcome, new_line, n in t.unlisted:
            lines.append(f"  - {n:,} configurations too fragmented to list as conjunctions:")
            lines.append(f"        {_outcome(old_outcome)} (line {old_line})  ->  {_outcome(new_outcome)} (line {new_line})")
    changed = [t for t in result.targets if t.has_change or t.status == "vanished"]
    lines.append(f"{len(changed)} decision{'s' if len(changed) != 1 else ''} changed in {len(changed_files)} "
                 f"file{'s' if len(changed_files) != 1 else ''} ({len(result.targets)} compared)")
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
                     "new": {"outcome": r.new_outcome, "line": r.new_line}} for r in t.regions],
        "unlisted": [{"old": {"outcome": a, "line": al}, "new": {"outcome": b, "line": bl}, "configurations": n}
                     for a, al, b, bl, n in t.unlisted],
        "atoms_only_old": t.only_old,
        "atoms_only_new": t.only_new,
        "atom_renames": [{"old": a, "closest_new": b} for a, b in t.atom_renames],
    }


def diff_json(result: DiffResult) -> str:
    data = {"schema": DIFF_SCHEMA, "exit_code": result.exit_code,
            "targets": [_target_dict(t) for t in result.targets],
            "errors": [{"path": e.location.path if e.location else None, "line": e.location.line if e.location else None,
                        "message": e.message, "hints": list(e.hints)} for e in result.errors]}
    return json.dumps(data, indent=2) + "\n"


def diff_github(result: DiffResult) -> str:
    out = []
    for e in result.errors:
        where = f"file={_escape(e.location.path, True)},line={e.location.line}," if e.location else ""
        out.append(f"::error {where}title=ordercheck diff::{_escape(e.message)}")
    for t in result.targets:
        if t.status == "vanished":
            out.append(f"::warning file={_escape(t.old.path, True)},line={t.old.line},title=ordercheck diff::"
                       f"{_escape(t.old.short_name + ' vanished')}")
        for r in t.regions:
            message = (f"{t.new.short_name}: {t.changed} of {t.total} configurations change path. When {display_when(r)}: "
                       f"{_outcome(r.old_outcome)} (old line {r.old_line}) -> {_outcome(r.new_outcome)} (line {r.new_line})")
            out.append(f"::warning file={_escape(t.new.path, True)},line={r.new_line},title=ordercheck diff::{_escape(message)}")
    return "\n".join(out) + ("\n" if out else "")
