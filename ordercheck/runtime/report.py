"""The runtime report: text for people, JSON (schema ordercheck.runtime/1) for machines."""

from __future__ import annotations

import json

from ..formula import short
from ..report import error_text
from .session import RuntimeResult

RUNTIME_SCHEMA = "ordercheck.runtime/1"


def _who(process: dict | None, pid: int) -> str:
    if process and process.get("rank") is not None:
        return f"rank {process['rank']}"
    return f"pid {pid}"


def _value_range(values: set) -> str:
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if numbers and len(numbers) == len(values) and len(values) > 1:
        return f"{min(numbers)}..{max(numbers)}"
    return "|".join(sorted(json.dumps(v) if not isinstance(v, str) else v for v in values))


def _outcome(value: object) -> str:
    return str(value).split(".")[-1] if isinstance(value, str) else json.dumps(value)


def runtime_text(result: RuntimeResult) -> str:
    lines = []
    for error in result.errors:
        lines.append(error_text(error).rstrip())
    if result.errors:
        return "\n".join(lines) + "\n"
    records, rec = result.records, result.reconciliation
    processes = records.processes
    names = [_who(p, pid) for pid, p in sorted(processes.items())]
    lines.append(f"ordercheck runtime: {len(processes)} process{'es' if len(processes) != 1 else ''} probed"
                 + (f" ({', '.join(names)})" if names else "") + f", {len(result.models)} target{'s' if len(result.models) != 1 else ''}")
    for target, model in result.models.items():
        lines.append(f"  {model.short_name}  ({model.path})")
        obs = [o for o in rec.observations if o.target == target]
        if not obs:
            lines.append("    never called")
            continue
        per_process: dict[tuple, dict] = {}
        for o in obs:
            entry = per_process.setdefault((o.pid, _outcome(o.outcome), o.line), {"count": 0, "capturing": {True: 0, False: 0}})
            entry["count"] += o.count
            entry["capturing"][o.capturing] += o.count
        for (pid, outcome, line), entry in sorted(per_process.items(), key=lambda kv: (str(processes.get(kv[0][0], {}).get("rank")), kv[0])):
            where = f" (line {line})" if line else ""
            cap = entry["capturing"]
            split = f"   capturing=false {cap[False]:,}, capturing=true {cap[True]:,}" if cap[True] else ""
            lines.append(f"    {_who(processes.get(pid), pid)}: {outcome}{where} x {entry['count']:,}{split}")
        for v in rec.violations:
            if v.target != target:
                continue
            ranks = sorted(r for r in v.ranks if r is not None)
            who = f"ranks {', '.join(map(str, ranks))}" if ranks else f"pids {', '.join(map(str, sorted(v.pids)))}"
            observed = ", ".join(f"{short(k)}={_value_range(vals)}" for k, vals in sorted(v.observed.items()))
            want = f"expected {v.rule.expect}" if v.rule.expect else f"forbidden {' / '.join(v.rule.forbid) or 'by the policy'}"
            lines.append(f"    VIOLATION {v.rule.id}: {_outcome(v.outcome)}" + (f" (line {v.line})" if v.line else "")
                         + f", {want}; {v.count:,} calls in {who}")
            lines.append(f"      observed {observed}")
            lines.append(f"      rule     {v.rule.location.path}:{v.rule.location.line}")
        bad = [d for d in rec.disagreements if d.observation.target == target]
        calls = sum(o.count for o in obs)
        if bad:
            for d in bad:
                o = d.observation
                predicted = ", ".join(f"{_outcome(p)} (line {n})" for p, n in d.predicted) or "no branch"
                lines.append(f"    MODEL DISAGREES: {_who(processes.get(o.pid), o.pid)} took {_outcome(o.outcome)}"
                             + (f" (line {o.line})" if o.line else "") + f" x {o.count:,}; the static model predicts {predicted} "
                             f"for {', '.join(f'{short(k)}={v}' for k, v in (o.atoms or {}).items())}")
        else:
            lines.append(f"    static model agrees with all {calls:,} observed calls")
    targeted = [r for r in result.rules if r.target in result.models and (r.expect or r.forbid or r.order)]
    idle = [r.id for r in targeted if r.id not in rec.exercised]
    if idle:
        lines.append(f"  rules never exercised: {', '.join(idle)}")
    for trace, ev in result.evidence:
        unit = trace.get("unit", "steps")
        streams = (f"shared-expert kernels on stream {'/'.join(map(str, ev.streams.get('shared', []))) or '-'}, "
                   f"routed on {'/'.join(map(str, ev.streams.get('routed', []))) or '-'}")
        same = set(ev.streams.get("shared", [])) == set(ev.streams.get("routed", []))
        lines.append(f"  CUDA evidence ({_who(processes.get(trace['pid']), trace['pid'])}, {trace['steps']} {unit}, by {ev.classified_by}): "
                     f"{streams}{' (the same stream)' if same else ''}; overlapped: {'yes' if ev.overlapped else 'no'}, "
                     f"{ev.per_layer_us:.1f} us per layer over {ev.layers} layers ({ev.share:.0%} of the shorter side)")
    for note in result.notes:
        lines.append(f"  note: {note}")
    for pid, message in records.errors:
        lines.append(f"  probe error ({_who(processes.get(pid), pid)}): {message}")
    return "\n".join(lines) + "\n"


def runtime_json(result: RuntimeResult) -> str:
    rec = result.reconciliation
    data = {
        "schema": RUNTIME_SCHEMA,
        "exit_code": result.exit_code,
        "command_exit": result.command_exit,
        "errors": [{"path": e.location.path if e.location else None, "line": e.location.line if e.location else None,
                    "message": e.message, "rule": e.rule_id, "hints": list(e.hints)} for e in result.errors],
        "processes": list(result.records.processes.values()) if result.records else [],
        "observations": [o.as_dict() for o in rec.observations] if rec else [],
        "violations": [v.as_dict() for v in rec.violations] if rec else [],
        "disagreements": [d.as_dict() for d in rec.disagreements] if rec else [],
        "agreed_calls": rec.agreed_calls if rec else 0,
        "rules_exercised": sorted(rec.exercised) if rec else [],
        "cuda_evidence": [{"pid": t["pid"], "steps": t["steps"], "unit": t.get("unit"), **e.as_dict()} for t, e in result.evidence],
        "probe_errors": [{"pid": pid, "message": m} for pid, m in (result.records.errors if result.records else [])],
        "notes": result.notes,
        "data_dir": result.data_dir,
    }
    return json.dumps(data, indent=2, default=str) + "\n"
