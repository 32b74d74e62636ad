"""Findings, errors and decision models -> text for people, JSON for machines.

JSON output carries `"schema": "ordercheck.check/1"` (or `.explain/1`); fields are only ever
added within a schema version. See README.md ("JSON output").
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable

from .results import SHADOWED_RULE, CheckResult
from .formula import render, reread_texts, truth
from .model import ConfigError, DecisionModel, Finding, Rule, short_outcome
from .suppress import UNUSED_SUPPRESSION_RULE

CHECK_SCHEMA = "ordercheck.check/1"
EXPLAIN_SCHEMA = "ordercheck.explain/1"

Style = Callable[[str, str], str]  # (text, role) -> text; role: error | warning | dim | bold

# SGR codes per role; each styled span ends with a full reset, so no role cancels another
_SGR = {"error": "1;31", "warning": "1;33", "dim": "2", "bold": "1", "ok": "32"}


def plain(text: str, role: str) -> str:
    return text


def ansi(text: str, role: str) -> str:
    """Terminal colors: what `--color always` (or a terminal under `auto`) uses."""
    code = _SGR.get(role)
    return f"\x1b[{code}m{text}\x1b[0m" if code and text else text


BUILTIN_RULES = {  # id -> (severity, what it reports, what to do)
    SHADOWED_RULE: ("warning", "A branch of a first-match chain that no configuration can reach.",
                    "An earlier branch's guard holds whenever this one's does, so this branch never fires. "
                    "Either the earlier guard is too wide (a regression that re-routes configurations) or this "
                    "branch is dead code."),
    UNUSED_SUPPRESSION_RULE: ("warning", "An `# ordercheck: ignore[...]` comment that silences nothing.",
                              "Remove the comment, or fix its rule id: a stale suppression may hide a future finding."),
}


# ---------------------------------------------------------------- check: text


def check_text(result: CheckResult, style: Style = plain, quiet: bool = False, hidden: int | None = None) -> str:
    """The findings and a summary line. Configuration errors are diagnostics (`errors_text`, on
    stderr), not part of the report; the summary counts them. `hidden`: findings `--base` left out."""
    out = [finding_text(f, style) for f in sorted(result.findings, key=lambda f: (f.location.path, f.location.line, f.rule_id))]
    if not quiet:
        out.append(summary_line(result, hidden) + "\n")
    return "\n".join(out)


def errors_text(errors: list[ConfigError], style: Style = plain) -> str:
    return "".join(error_text(e, style) for e in errors)


def error_text(error: ConfigError, style: Style = plain) -> str:
    loc = error.location
    where = "" if loc is None else f"{loc.path}:{loc.line}:" + (f"{loc.col}:" if loc.col > 1 else "") + " "
    rule = f"[{error.rule_id}]" if error.rule_id else ""
    lines = [f"{where}{style('config error' + rule, 'error')}: {error.message}"]
    lines += [f"  {hint}" for hint in error.hints]
    return "\n".join(lines) + "\n"


def finding_text(f: Finding, style: Style = plain) -> str:
    loc = f.location
    head = f"{loc.path}:{loc.line}:{loc.col}: {style(f'{f.severity}[{f.rule_id}]', f.severity)}"
    lines = [head, f"  {f.title}"]
    if f.detail:
        lines.append(f"  {style(f.detail, 'dim')}")
    width = max(len(f.expected or ""), len(f.actual or "")) + 3
    if f.expected is not None:
        where = f"(line {f.expected_line})" if f.expected_line else ""
        lines.append(f"  {'expected':<9} {f.expected:<{width}} {where}".rstrip())
    if f.actual is not None:
        where = f"(line {f.actual_line}, first branch whose guard holds)" if f.actual_line else ""
        # padded before styling: escape codes have no width on a terminal
        lines.append(f"  {'got':<9} {style(f.actual, 'bold')}{' ' * (width - len(f.actual))} {where}".rstrip())
    for number, text in f.source:
        lines.append(f"  {number:>7} | {text}")
    if f.because:
        lines.append(f"  {'because':<9} {f.because[0]}")
        lines += [f"  {'':<9} {line}" for line in f.because[1:]]
    if f.scenario:
        facts = ", ".join(_scenario_item(k, v) for k, v in f.scenario)
        wrapped = textwrap.wrap(facts, width=88, break_long_words=False, break_on_hyphens=False)
        lines.append(f"  {'scenario':<9} {wrapped[0]}")
        lines += [f"  {'':<9} {w}" for w in wrapped[1:]]
    if f.rule_location is not None:
        lines.append(f"  {'rule':<9} {f.rule_location.path}:{f.rule_location.line}")
    for line, why in related(f):
        lines.append(f"  {'cause':<9} line {line} {why}")
    return "\n".join(lines) + "\n"


def related(f: Finding) -> tuple[tuple[int, str], ...]:
    """The changed lines (`check --base`) that the branch that fired depends on: (line, why), same file."""
    return tuple(f.extra.get("related", ()))


def summary_line(result: CheckResult, hidden: int | None = None) -> str:
    errors = sum(1 for f in result.findings if f.severity == "error")
    warnings = sum(1 for f in result.findings if f.severity == "warning")
    targets = len(result.models)
    files = len(result.files)
    parts = f"{_n(errors, 'error')}, {_n(warnings, 'warning')} in {_n(targets, 'target')} ({_n(len(result.rules), 'rule')}, {_n(files, 'file')})"
    if hidden is not None:
        parts += f"; {_n(hidden, 'finding')} hidden: already in the base revision"
    if result.errors:
        parts += f"; {_n(len(result.errors), 'configuration error')}: nothing was checked for the rules concerned"
    return parts


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------- check: json


def check_json(result: CheckResult, hidden: int | None = None) -> str:
    data = {
        "schema": CHECK_SCHEMA,
        "findings": [finding_dict(f) for f in result.findings],
        "errors": [error_dict(e) for e in result.errors],
        "summary": {
            "errors": sum(1 for f in result.findings if f.severity == "error"),
            "warnings": sum(1 for f in result.findings if f.severity == "warning"),
            "config_errors": len(result.errors),
            "targets": sorted(result.models),
            "rules": len(result.rules),
            "files": sorted(result.files),
            "exit_code": result.exit_code,
            "hidden_by_base": hidden,
        },
    }
    return json.dumps(data, indent=2) + "\n"


def finding_dict(f: Finding) -> dict:
    return {
        "rule": f.rule_id,
        "severity": f.severity,
        "verdict": f.verdict,
        "path": f.location.path,
        "line": f.location.line,
        "col": f.location.col,
        "message": f.title,
        "target": f.target,
        "expected": None if f.expected is None else {"outcome": f.expected, "line": f.expected_line},
        "actual": None if f.actual is None else {"outcome": f.actual, "line": f.actual_line},
        "scenario": dict(f.scenario),
        "counterexample": f.extra.get("counterexample", {}),
        "because": list(f.because),
        "source": [{"line": n, "text": t} for n, t in f.source],
        "detail": f.detail,
        "rule_location": None if f.rule_location is None else {"path": f.rule_location.path, "line": f.rule_location.line},
        "related": [{"path": f.location.path, "line": line, "message": why} for line, why in related(f)],
    }


def error_dict(e: ConfigError) -> dict:
    """The one JSON shape of a configuration error (schema: ordercheck/schemas/config-error.schema.json)."""
    return {
        "rule": e.rule_id,
        "path": e.location.path if e.location else None,
        "line": e.location.line if e.location else None,
        "col": e.location.col if e.location else None,
        "message": e.message,
        "hints": list(e.hints),
    }


# ---------------------------------------------------------------- explain


def explain_text(model: DecisionModel, atoms: int, shadowed: set[int], style: Style = plain) -> str:
    name = model.path.rsplit("/", 1)[-1]
    branches = f"{len(model.branches)} branch{'' if len(model.branches) == 1 else 'es'}"
    head = f"{style(model.short_name, 'bold')}  ({name}:{model.line}, {branches}, {_n(atoms, 'atom')})"
    rows = [("#", "line", "outcome", "guard (after inlining)")]
    reread = reread_texts(b.guard for b in model.branches)
    for b in model.branches:
        guard = render(b.guard, shorten=True, expand=True, versions=reread)
        if b.kind == "default" or (guard == "true" and b.index == len(model.branches) - 1):
            guard = "(default)"
        mark = "  [shadowed]" if b.index in shadowed else ""
        rows.append((str(b.index + 1), str(b.line), short_outcome(b.outcome), guard + mark))
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    lines = [head] + [f"  {a:>{w0}}  {b:<{w1}}  {c:<{w2}}  {d}" for a, b, c, d in rows]
    shadow_lines = ", ".join(f"#{i + 1} (line {model.branches[i].line})" for i in sorted(shadowed))
    lines.append(f"  shadowed branches: {shadow_lines or 'none'}")
    if model.helpers:
        lines.append("  helpers inlined:")
        for h in model.helpers:
            lines.append(f"    {h.name} ({h.kind}, line {h.line}) = {render(h.body, shorten=True, expand=True)}")
    for note in model.notes:
        lines.append(f"  note: line {note.line}: {note.message}")
    for line, call in model.ignored_calls:
        lines.append(f"  ignored: line {line}: {call} (known not to change what the decision reads)")
    return "\n".join(lines) + "\n"


def explain_json(model: DecisionModel, atoms: list[str], shadowed: set[int]) -> str:
    return json.dumps({"schema": EXPLAIN_SCHEMA, **explain_dict(model, atoms, shadowed)}, indent=2) + "\n"


def explain_dict(model: DecisionModel, atoms: list[str], shadowed: set[int]) -> dict:
    reread = reread_texts(b.guard for b in model.branches)
    return {
        "target": model.target,
        "path": model.path,
        "function": model.short_name,
        "line": model.line,
        "atoms": atoms,
        "branches": [
            {
                "index": b.index + 1,
                "line": b.line,
                "col": b.col,
                "outcome": b.outcome,
                "kind": b.kind,
                "guard": render(b.guard, expand=True, versions=reread),
                "guard_short": render(b.guard, shorten=True, expand=True, versions=reread),
                "shadowed": b.index in shadowed,
            }
            for b in model.branches
        ],
        "helpers": [{"name": h.name, "kind": h.kind, "line": h.line, "body": render(truth(h.body), expand=True)} for h in model.helpers],
        "notes": [{"line": n.line, "message": n.message} for n in model.notes],
        "ignored_calls": [{"line": line, "call": call} for line, call in model.ignored_calls],
    }


GRAPH_WIDTH = 48  # characters per line of a node label in dot and Mermaid


def wrap_label(text: str, width: int = GRAPH_WIDTH) -> str:
    """A long guard as lines of at most `width` characters, broken between words only."""
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)) or text


def decision_graph(model: DecisionModel, shadowed: set[int]):
    """The chain as a graph: (nodes, edges). Nodes are (id, kind, label, shadowed) with kind
    start | guard | outcome; labels are wrapped to lines (`\\n`); edges are (source, target, label)."""
    nodes = [("start", "start", model.short_name, False)]
    edges = []
    reread = reread_texts(b.guard for b in model.branches)
    prev, label = "start", ""
    for b in model.branches:
        outcome = f"o{b.index}"
        dead = b.index in shadowed
        nodes.append((outcome, "outcome", f"{short_outcome(b.outcome)}\nline {b.line}", dead))
        if b.index == len(model.branches) - 1 and render(b.guard) == "true":
            edges.append((prev, outcome, label))
            break
        guard = f"g{b.index}"
        nodes.append((guard, "guard", wrap_label(render(b.guard, shorten=True, expand=True, versions=reread)), dead))
        edges += [(prev, guard, label), (guard, outcome, "true")]
        prev, label = guard, "false"
    return nodes, edges


def explain_mermaid(model: DecisionModel, shadowed: set[int]) -> str:
    """A flowchart GitHub renders: guards as diamonds, true/false edges, outcomes as leaves."""
    shapes = {"start": '(["{}"])', "guard": '{{"{}"}}', "outcome": '["{}"]'}
    nodes, edges = decision_graph(model, shadowed)
    lines = ["flowchart TD"]
    for node, kind, label, _ in nodes:
        lines.append(f"  {node}" + shapes[kind].format(_mm(label).replace("\n", "<br/>")))
    for source, target, label in edges:
        lines.append(f"  {source} -->{f'|{label}|' if label else ''} {target}")
    dead = [node for node, _, _, is_dead in nodes if is_dead]
    if dead:
        lines.append(f"  class {','.join(dead)} shadowed")
    lines.append("  classDef shadowed stroke-dasharray: 5 5,color:#999")
    return "\n".join(lines) + "\n"


def _mm(text: str) -> str:
    # `#` first: mermaid reads `#name;` as an entity (`"#lt;b#gt;"` showed as `"<b>"`: round 15)
    return text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def explain_dot(model: DecisionModel, shadowed: set[int]) -> str:
    """The same decision graph for Graphviz (`dot -Tsvg`)."""
    shapes = {"start": "oval", "guard": "diamond", "outcome": "box"}
    nodes, edges = decision_graph(model, shadowed)
    lines = ["digraph decision {", "  rankdir=TB;", '  node [fontname="Helvetica"];']
    for node, kind, label, dead in nodes:
        style = ', style=dashed, fontcolor="gray40"' if dead else ""
        text = _dot(label).replace("\n", "\\n") + ("\\n(shadowed)" if dead else "")
        lines.append(f'  {node} [shape={shapes[kind]}, label="{text}"{style}];')
    for source, target, label in edges:
        lines.append(f"  {source} -> {target}" + (f' [label="{label}"]' if label else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


# ---------------------------------------------------------------- rules


def rules_text(rules: list[Rule], packs: dict[str, int], builtins: list[str], quiet: bool = False) -> str:
    """`ordercheck rules`: each rule's id, severity, target and message, the built-in rules, then
    the installed packs (name -> rule count)."""
    rows = [(r.id, r.severity, r.target, (r.message or _expectation(r)) + f"  ({r.location.path}:{r.location.line})")
            for r in rules]
    rows += [(i, BUILTIN_RULES[i][0], "every target", BUILTIN_RULES[i][1]) for i in builtins]
    width = max((len(rule_id) for rule_id, *_ in rows), default=0)
    lines = []
    for rule_id, severity, target, message in rows:
        lines.append(f"{rule_id:<{width}}  {severity:<7}  {target}")
        lines.append(f"{'':<{width}}  {message}")
    if not quiet:
        installed = ", ".join(f"{name} ({_n(count, 'rule')})" for name, count in packs.items()) or "none"
        lines.append(f"{_n(len(rules), 'rule')} and {_n(len(builtins), 'built-in rule')}; installed packs: {installed}")
    return "".join(f"{line}\n" for line in lines)


def _expectation(rule: Rule) -> str:
    if rule.expect:
        return f"expect {rule.expect}"
    if rule.forbid:
        return "forbid " + ", ".join(rule.forbid)
    if rule.reachable:
        return "reachable " + ", ".join(rule.reachable)
    return f"order of {len(rule.order)} steps" + (f", otherwise {rule.otherwise}" if rule.otherwise else "")


# ---------------------------------------------------------------- discover

DISCOVER_SCHEMA = "ordercheck.discover/1"


def discover_text(candidates: list, files: int, cached: int, unreadable: list[tuple[str, str]], limit: int) -> str:
    """The best `limit` candidates as a table (target, kind, branches, atoms, callers)."""
    shown = candidates[:limit]
    rows = [(str(i + 1), c.kind, f"{c.path}::{c.target}", str(c.line), str(c.branches), str(c.atoms), str(c.callers))
            for i, c in enumerate(shown)]
    header = ("#", "kind", "target", "line", "branches", "atoms", "callers")
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
    lines = ["  ".join(cell.rjust(w) if k in (0, 3, 4, 5, 6) else cell.ljust(w) for k, (cell, w) in enumerate(zip(row, widths))).rstrip()
             for row in [header, *rows]]
    for path, why in unreadable[:5]:
        lines.append(f"skipped {path}: {why}")
    if len(unreadable) > 5:
        lines.append(f"skipped {len(unreadable) - 5} more files")
    kinds: dict[str, int] = {}
    for c in candidates:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    by_kind = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    lines.append(f"{len(candidates)} candidates in {files} files ({by_kind or 'none'}); {cached} files from the cache; "
                 f"showing {len(shown)} (--limit). `ordercheck discover --suggest PATH::TARGET` writes starter rules.")
    return "\n".join(lines) + "\n"


def discover_json(candidates: list, files: int, cached: int, unreadable: list[tuple[str, str]], limit: int) -> str:
    data = {"schema": DISCOVER_SCHEMA, "files": files, "cached": cached,
            "skipped": [{"path": p, "why": w} for p, w in unreadable],
            "candidates": [{"path": c.path, "target": c.target, "line": c.line, "kind": c.kind, "branches": c.branches,
                            "atoms": c.atoms, "callers": c.callers, "score": round(c.score, 3)} for c in candidates[:limit]]}
    return json.dumps(data, indent=2) + "\n"


def _scenario_item(atom: str, value: str) -> str:
    """`atom=value`; a relation between two values as the comparison it is, `(a != b)=true`
    (JSON keeps `{"a ? b": "!="}`; round 17: the text read `a ? b=!=`)."""
    if " ? " in atom and value in ("<", "==", ">", "!="):
        return f"({atom.replace(' ? ', f' {value} ', 1)})=true"
    return f"{atom}={value}"

