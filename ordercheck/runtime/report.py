"""The runtime report: text for people, JSON (schema ordercheck.runtime/2) for machines."""

from __future__ import annotations

import json
import math

from ..formula import short, terms
from ..model import short_outcome
from ..report import error_dict
from .reconcile import judged, raised_name
from .session import RuntimeResult

RUNTIME_SCHEMA = "ordercheck.runtime/2"


def _who(process: dict | None, pid=None) -> str:
    if process and process.get("rank") is not None:
        return f"rank {process['rank']}"
    return f"pid {process.get('pid') if process else pid}"


def _where(process: dict | None, several_nodes: bool) -> str:
    who = _who(process)
    return f"{who} on {process.get('node')}" if several_nodes and process and process.get("node") else who


def _value_range(values: set) -> str:
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if numbers and len(numbers) == len(values) and len(values) > 1:
        return f"{min(numbers)}..{max(numbers)}"
    return "|".join(sorted(json.dumps(v) if not isinstance(v, str) else v for v in values))


SHOWN_ITEMS = 8  # items of a list outcome shown in the text report; the rest are counted


def _outcome(value: object) -> str:
    """An observed outcome as people read it: members by their short name, a list as
    `[FLASH_ATTN, FLASHINFER, ... 3 more]`."""
    name = raised_name(value)
    if name is not None:
        return f"raise {name}"
    if isinstance(value, list):
        more = sum(v["more"] for v in value if isinstance(v, dict) and "more" in v)
        items = [_outcome(v) for v in value if not (isinstance(v, dict) and "more" in v)]
        more += max(0, len(items) - SHOWN_ITEMS)
        return "[" + ", ".join(items[:SHOWN_ITEMS] + ([f"... {more} more"] if more else [])) + "]"
    return str(value).split(".")[-1] if isinstance(value, str) else json.dumps(value)


def _static(text: str) -> str:
    """A static model's outcome text as `explain` shows it (`short_outcome`)."""
    return short_outcome(text) if text[:1] in "[({'\"" else _outcome(text)  # (a dict or a string holding `.`: round 48)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _shown(o) -> str:
    """An observation's outcome; for a selection function, its pick (and the list it came from)."""
    if o.chosen is None:
        return _outcome(o.outcome)
    shown = f"chose {_outcome(o.chosen)}"
    if isinstance(o.outcome, list):
        shown += f" (returned {_outcome(o.outcome)})"
    return shown


def runtime_text(result: RuntimeResult) -> str:
    """The report for people. Configuration errors are not part of it (they are diagnostics, on
    stderr): with any, it is one line that says nothing ran or was reconciled."""
    if result.errors:
        n = len(result.errors)
        return f"ordercheck runtime: {n} configuration error{'s' if n != 1 else ''}: nothing was run or reconciled\n"
    lines: list[str] = []
    records, rec = result.records, result.reconciliation
    processes = records.processes
    nodes = sorted({p.get("node") for p in processes.values() if p.get("node")})
    several = len(nodes) > 1
    names = [_who(p) for _, p in sorted(processes.items(), key=lambda kv: (kv[1].get("node") or "", kv[1].get("pid") or 0))]
    lines.append(f"ordercheck runtime: {len(processes)} process{'es' if len(processes) != 1 else ''} probed"
                 + (f" ({', '.join(names)})" if names else "")
                 + (f" on {len(nodes)} nodes ({', '.join(nodes)})" if several else "")
                 + f", {len(result.models)} target{'s' if len(result.models) != 1 else ''}")
    for target, model in result.models.items():
        lines.append(f"  {model.short_name}  ({model.path})")
        obs = [o for o in rec.observations if o.target == target]
        if not obs:
            lines.append("    NEVER OBSERVED: no process called it (or it ran where the probe cannot see)")
            continue
        lines += _observation_lines(obs, processes, several)
        lines += _violation_lines(rec, target, model)
        bad = [d for d in rec.disagreements if d.observation.target == target]
        for d in bad:
            o = d.observation
            read = ", ".join(f"{short(k)}={v}" for k, v in (o.atoms or {}).items())
            lines.append(f"    MODEL DISAGREES: {_where(processes.get(o.image), several)} took {_outcome(o.outcome)}"
                         + (f" (line {o.line})" if o.line else "") + f" x {o.count:,}; the static model predicts "
                         + _predicted(d.predicted) + (f" for {read}" if read else " (no atoms read)"))
        raises = [o for o in rec.unpredicted_raises if o.target == target]
        for o in raises:
            lines.append(f"    RAISED {_outcome(o.outcome)[6:]} x {o.count:,} ({_where(processes.get(o.image), several)}): no branch of "
                         "the static model raises it; a call or an operation inside the target did")
        if not bad:
            agreed = sum(o.count for o in obs) - sum(o.count for o in raises)
            lines.append(f"    static model agrees with all {agreed:,} observed calls"
                         + (" that returned or raised one of its branches' outcomes" if raises else ""))
        skipped = {}
        for o in obs:
            skipped.update(o.not_read)
        if skipped:
            lines.append("    not read: " + "; ".join(f"{short(k)} ({why})" for k, why in sorted(skipped.items())))
    targeted = [r for r in result.rules if r.target in result.models and judged(r)]
    idle = [r.id for r in targeted if r.id not in rec.exercised]
    if idle:
        lines.append(f"  rules never exercised: {', '.join(idle)}")
    lines += _evidence_lines(result, processes, several)
    lines += _completeness_lines(result)
    for note in result.notes:
        lines.append(f"  note: {note}")
    for image, message in records.errors:
        where = _where(processes[image], several) if image in processes else image  # no record: "pid N"
        lines.append(f"  probe error ({where}): {message}")
    if not result.kept:
        lines.append("  data: removed (--keep-data keeps it)")
    return "\n".join(lines) + "\n"


def _observation_lines(obs, processes, several) -> list[str]:
    per: dict[tuple, dict] = {}
    for o in obs:
        compiled = o.compiled["name"] if o.compiled else None
        entry = per.setdefault((o.image, _shown(o), o.line, compiled), {"count": 0, "capturing": {True: 0, False: 0}, "o": o})
        entry["count"] += o.count
        entry["capturing"][o.capturing] += o.count
    lines = []
    order = sorted(per.items(), key=lambda kv: (str(processes.get(kv[0][0], {}).get("node")), str(processes.get(kv[0][0], {}).get("rank")), kv[0][0], kv[0][1]))
    for (image, outcome, line, compiled), entry in order:
        where = f" (line {line})" if line else ""
        cap = entry["capturing"]
        split = f"   capturing=false {cap[False]:,}, capturing=true {cap[True]:,}" if cap[True] else ""
        if compiled:
            c = entry["o"].compiled
            how = (f"{c['calls']:,} calls of compiled {compiled}" if c["per_call"]
                   else f"{c['traces']} traces in {c['graphs']} graphs of compiled {compiled}, whose {c['calls']:,} calls cannot be split")
            split = f"   traced by torch.compile ({how})"
        walked = entry["o"].candidates
        if walked:
            split += (f"   {_ordinal(walked['position'])} of {_outcome(walked['list'])}"
                      f" ({walked['target'].rpartition('::')[2]})")
        lines.append(f"    {_where(processes.get(image), several)}: {outcome}{where} x {entry['count']:,}{split}")
    return lines


def _predicted(predicted: list[tuple[str, int]]) -> str:
    return ", ".join(f"{_static(p)} (line {n})" for p, n in predicted) or "no branch"


def _violation_lines(rec, target, model) -> list[str]:
    lines = []
    for v in rec.violations:
        if v.target != target:
            continue
        ranks = sorted(r for r in v.ranks if r is not None)
        who = f"ranks {', '.join(map(str, ranks))}" if ranks else f"pids {', '.join(map(str, sorted(v.pids)))}"
        observed = ", ".join(f"{short(k)}={_value_range(vals)}" for k, vals in sorted(v.observed.items()))
        want = "; ".join(v.failed)
        actual = _outcome(v.observed_list) if v.observed_list is not None else _outcome(v.outcome)
        lines.append(f"    VIOLATION {v.rule.id}: {actual}" + (f" (line {v.line})" if v.line else "")
                     + f", {want}; {v.count:,} call{'s' if v.count != 1 else ''} in {who}")
        lines.append(f"      observed {observed or _nothing_read(model)}")
        if v.predicted is not None:  # the call ran a path the model does not predict: judged on what ran
            lines.append(f"      model    predicts {_predicted(v.predicted)} for these calls, not what ran "
                         "(MODEL DISAGREES below): the rule is judged on what ran")
        lines.append(f"      rule     {v.rule.location.path}:{v.rule.location.line}")
    return lines


def _nothing_read(model) -> str:
    """The `observed` of a violation whose calls had no atom read: say so, and name the guards'
    calls, which the probe never runs (the branch that fired tells their value)."""
    calls = [short(t.text) for b in model.branches for t in terms(b.guard)
             if "(" in t.text and not t.text.startswith("<")] if model is not None else []
    calls = list(dict.fromkeys(calls))
    return "(no atoms read" + (f"; calls the probe does not run: {', '.join(calls)})" if calls else ")")


def _evidence_lines(result, processes, several) -> list[str]:
    lines = []
    for trace, ev in result.evidence:
        unit = trace.get("unit", "steps")
        streams = (f"shared-expert kernels on stream {'/'.join(map(str, ev.streams.get('shared', []))) or '-'}, "
                   f"routed on {'/'.join(map(str, ev.streams.get('routed', []))) or '-'}")
        same = set(ev.streams.get("shared", [])) == set(ev.streams.get("routed", []))
        lines.append(f"  CUDA evidence ({_where(processes.get(trace['image']), several)}, {trace['steps']} {unit}, by {ev.classified_by}): "
                     f"{streams}{' (the same stream)' if same else ''}; overlapped: {'yes' if ev.overlapped else 'no'}, "
                     f"{ev.per_layer_us:.1f} us per layer over {ev.layers} layers ({ev.share:.0%} of the shorter side)")
    for f in result.effect_findings:
        where = f.effect.location
        lines.append(f"  EVIDENCE CONTRADICTS {_outcome(f.outcome)} ({_where(processes.get(f.image), several)}): "
                     + "; ".join(f.problems))
        lines.append(f"      expected {f.effect.expectation()}" + (f"   ({where.path}:{where.line})" if where else ""))
    return lines


def _completeness_lines(result) -> list[str]:
    lines = []
    for target in result.never_observed:
        flag = " (--require-observed: exit 1)" if result.require_observed else ""
        lines.append(f"  never observed: {target}{flag}")
    for node in result.missing_nodes:
        where = f" at {node['address']}" if node.get("address") else ""
        lines.append(f"  MISSING NODE {node['node']}{where} ({node['system']}): no probed process recorded there; "
                     "collect that node's data folder and run `ordercheck combine`")
    for p in result.records.unfinished():
        lines.append(f"  unfinished: {_who(p)} (pid {p.get('pid')}, {p.get('node')}) ended without a final flush: "
                     f"counts may be short by up to {p.get('flush_seconds', 1):g} s")
    return lines


def runtime_json(result: RuntimeResult) -> str:
    rec, records = result.reconciliation, result.records
    data = {
        "schema": RUNTIME_SCHEMA,
        "exit_code": result.exit_code,
        "command_exit": result.command_exit,
        "errors": [error_dict(e) for e in result.errors],
        "processes": list(records.processes.values()) if records else [],
        "observations": [o.as_dict() for o in rec.observations] if rec else [],
        "violations": [v.as_dict() for v in rec.violations] if rec else [],
        "disagreements": [d.as_dict() for d in rec.disagreements] if rec else [],
        "unpredicted_raises": [o.as_dict() for o in rec.unpredicted_raises] if rec else [],
        "agreed_calls": rec.agreed_calls if rec else 0,
        "rules_exercised": sorted(rec.exercised) if rec else [],
        "never_observed": result.never_observed,
        "missing_nodes": result.missing_nodes,
        "unfinished_processes": [{"image": p["image"], "pid": p.get("pid"), "node": p.get("node"),
                                  "counts_short_by_up_to_s": p.get("flush_seconds", 1)} for p in records.unfinished()] if records else [],
        "cuda_evidence": [{"pid": t["pid"], "image": t["image"], "steps": t["steps"], "unit": t.get("unit"), **e.as_dict()}
                          for t, e in result.evidence],
        "evidence_findings": [f.as_dict() for f in result.effect_findings],
        "probe_errors": [{"image": image, "message": m} for image, m in (records.errors if records else [])],
        "notes": result.notes,
        "data_dir": result.data_dir,
        "data_kept": result.kept,
    }
    return json.dumps(_finite(data), indent=2, default=str, allow_nan=False) + "\n"


def _finite(value: object) -> object:
    """`value` with every NaN or infinite float as the string "nan", "inf" or "-inf" (as
    `str(float)` writes them): JSON has no such numbers, and a report with bare `NaN` is refused
    by strict parsers. A string atom that reads "nan" is written the same: the text report and
    `float(text)` read both back."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value
