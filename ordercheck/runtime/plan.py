"""What the probe needs to know, from the static models: targets (file, qualname) and the pure
atoms to read at entry. Written as JSON into the data folder; the probe reads only that."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from ..formula import terms, walk
from ..model import Compare, DecisionModel, Lit, Term

PLAN_VERSION = 1


def pure_atoms(model: DecisionModel) -> list[str]:
    """Atom texts that can be read without calling anything: attribute chains, subscripts and
    names (calls, and helpers that are properties, are never re-run; the branch that fired tells
    their value where it matters)."""
    seen: dict[str, None] = {}
    for branch in model.branches:
        for term in terms(branch.guard):
            if term.kind in ("attr", "subscript", "name") and "(" not in term.text and not term.text.startswith("<"):
                seen.setdefault(term.text, None)
    return list(seen)


def passed_through(model: DecisionModel) -> list[str]:
    """Inputs a branch returns as they were entered with (`return mode`, `return cfg.backend`, a
    list's item), readable as the guards' atoms are: read too, so that the value a call returned is
    compared with the input's (`reconcile._passed_through`)."""
    seen: dict[str, None] = {}
    for branch in model.branches:
        result = branch.result
        for outcome in (() if result is None else (result, *result.items)):
            term = outcome.term if outcome.kind == "term" else None
            if term is not None and not term.version and term.kind in ("attr", "subscript", "name") \
                    and "(" not in term.text and not term.text.startswith("<"):
                seen.setdefault(term.text, None)
    return list(seen)


def none_only(model: DecisionModel) -> set[str]:
    """Atoms read only as `x is None` / `x is not None`: the probe records just that, so a
    stream or tensor object never has to be hashed or serialized."""
    compared = {
        node.left.text
        for branch in model.branches for node in walk(branch.guard)
        if isinstance(node, Compare) and isinstance(node.left, Term) and isinstance(node.right, Lit)
        and node.right.value is None and node.op in ("is", "is not", "==", "!=")
    }
    return {t for t in compared if not _used_elsewhere(model, t)}


def _used_elsewhere(model: DecisionModel, text: str) -> bool:
    for branch in model.branches:
        for node in walk(branch.guard):
            if isinstance(node, Compare):
                if isinstance(node.left, Term) and node.left.text == text:
                    if not (isinstance(node.right, Lit) and node.right.value is None):
                        return True
                if isinstance(node.right, Term) and node.right.text == text:
                    return True
            elif hasattr(node, "term") and node.term.text == text:  # Truth(term)
                return True
    return False


def needs_return_line(model: DecisionModel) -> bool:
    """Two branches return the same outcome: only the return line tells them apart."""
    outcomes = [b.outcome for b in model.branches]
    return len(set(outcomes)) < len(outcomes)


def quiet_lines(model: DecisionModel) -> list[int]:
    """Lines whose return gives one constant that no other branch gives: the outcome tells the
    line, so the probe watches such a return once (Python 3.12+), then never again."""
    outcomes = Counter(b.outcome for b in model.branches)
    lines = Counter(b.line for b in model.branches)
    return sorted(b.line for b in model.branches
                  if b.kind in ("return", "default") and b.result is not None and b.result.kind in _CONSTANT
                  and outcomes[b.outcome] == 1 and lines[b.line] == 1)


_CONSTANT = ("member", "literal", "none")


def build_plan(models: list[DecisionModel], root: str | Path, data_dir: str | Path, cuda: dict | None = None,
               sources: dict | None = None, facts: dict[str, list[str]] | None = None) -> dict:
    """The probe's plan. `sources` (rules, packs, root, effects) lets `combine` reconcile later;
    `facts`: per target, inputs the rules' facts bind that its guards do not read, read too."""
    def atoms(m: DecisionModel) -> list[str]:
        read = pure_atoms(m)
        read += [t for t in passed_through(m) if t not in read]
        return read + [t for t in (facts or {}).get(m.target, []) if t not in read]

    return {
        "version": PLAN_VERSION,
        "data_dir": str(Path(data_dir).resolve()),
        "targets": [
            {"id": m.target, "file": os.path.realpath(Path(root) / m.path), "qualname": m.qualname, "atoms": atoms(m),
             "none_only": sorted(none_only(m) & set(pure_atoms(m))), "need_line": needs_return_line(m),
             "quiet_lines": quiet_lines(m)}
            for m in models if not m.variable
        ],
        "cuda": cuda,
        "sources": sources or {},
    }


def write_plan(plan: dict, data_dir: str | Path) -> Path:
    """plan.json in a fresh run folder: created exclusively, never through a link."""
    from .datadir import write_new

    path = Path(data_dir) / "plan.json"
    write_new(path, json.dumps(plan, indent=2))
    return path
