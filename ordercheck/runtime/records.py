"""The probe's data folders -> what ran: one record per process image, read from one run folder
or several (`ordercheck combine`). No judgement here; `reconcile` checks, `report` shows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

PLAN_FILE = "plan.json"


@dataclass
class Records:
    runs: list[str] = field(default_factory=list)  # run folders read
    plans: list[dict] = field(default_factory=list)
    processes: dict[str, dict] = field(default_factory=dict)  # image -> process record (+ "final", "last_write")
    # (image, target, line, outcome json, atoms json, capturing) -> count
    observations: dict[tuple, int] = field(default_factory=dict)
    # (image, target, outcome json, compiled callable id, Dynamo compile id) -> record
    traced: dict[tuple, dict] = field(default_factory=dict)
    compiled: dict[tuple, dict] = field(default_factory=dict)  # (image, compiled id) -> {"name", "calls"}
    errors: list[tuple[str, str]] = field(default_factory=list)  # (image, message)
    traces: list[dict] = field(default_factory=list)
    clusters: list[dict] = field(default_factory=list)  # node lists the drivers saw (Ray)

    def unfinished(self) -> list[dict]:
        """Processes whose record has no final flush: killed (SIGKILL, a crash) or still running."""
        return [p for p in self.processes.values() if not p.get("final")]


def run_folders(paths: list[str | Path]) -> list[Path]:
    """Each path is a run folder (it holds plan.json) or a folder of run folders."""
    found = []
    for path in map(Path, paths):
        if (path / PLAN_FILE).is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(p for p in path.iterdir() if (p / PLAN_FILE).is_file())
    return found


def load_records(folders: list[str | Path]) -> Records:
    """Read every process file of every run folder; counts are cumulative, so the last wins."""
    records = Records()
    for folder in map(Path, folders):
        records.runs.append(str(folder))
        try:
            records.plans.append(json.loads((folder / PLAN_FILE).read_text()))
        except (OSError, ValueError):
            pass
        for path in sorted(folder.glob("probe-*.jsonl")):
            _load_file(path, records, str(folder))
        for path in sorted(folder.glob("boot-error-*.txt")):  # a process the probe did not start in
            message, _, argv = path.read_text(encoding="utf-8", errors="replace").partition("\n")
            pid = path.name.split("-")[2]
            records.errors.append((f"pid {pid}", f"the probe did not start ({argv.strip() or 'no argv'}): {message}"))
    return records


def _load_file(path: Path, records: Records, run: str) -> None:
    image = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by a killed process
        kind = item.get("type")
        if kind == "process":
            image = item.get("image") or f"{path.stem}"
            if item.get("continued") and image in records.processes:
                continue  # the same image, continued in a new file
            records.processes[image] = {**item, "image": image, "run": run, "final": None, "file": str(path)}
            continue
        if image is None:
            continue
        process = records.processes[image]
        if kind == "process-update":
            process.update({k: v for k, v in item.items() if k != "type"})
        elif kind == "final":
            process["final"] = item.get("reason") or "exit"
            process["last_write"] = item.get("at")
        elif kind == "obs":
            process["final"] = None  # counted after a final flush (an exec that failed): not final any more
            atoms = None if item["atoms"] is None else json.dumps(item["atoms"])
            key = (image, item["target"], item["line"], json.dumps(item["outcome"]), atoms, item["capturing"])
            records.observations[key] = item["count"]
        elif kind == "traced":
            key = (image, item["target"], json.dumps(item["outcome"]), item.get("compiled"), item.get("compile_id"))
            records.traced[key] = item
        elif kind == "compiled":
            records.compiled[(image, item["id"])] = {"name": item["name"], "calls": item["calls"]}
        elif kind == "error":
            records.errors.append((image, item["message"]))
        elif kind == "trace":
            records.traces.append({**item, "image": image, "pid": process.get("pid")})
        elif kind == "cluster":
            records.clusters.append({**item, "image": image})


def missing_nodes(records: Records) -> list[dict]:
    """Nodes that some driver or launcher saw, with no probed process: named, never skipped."""
    seen = {p.get("ray_node_id") for p in records.processes.values()} | {p.get("node") for p in records.processes.values()}
    missing: dict[str, dict] = {}
    for cluster in records.clusters:
        for node in cluster.get("nodes", []):
            if node.get("alive") and node.get("node_id") not in seen:
                missing[node["node_id"]] = {"node": node["node_id"], "address": node.get("address"), "system": "ray"}
    for process in records.processes.values():
        nodes = process.get("nodes")
        if nodes and process.get("node_rank") is not None:
            host_ranks = {p.get("node_rank") for p in records.processes.values() if p.get("node_rank") is not None}
            for rank in range(nodes):
                if rank not in host_ranks:
                    missing[f"node-rank-{rank}"] = {"node": f"node rank {rank}", "address": None, "system": "torchrun"}
    return list(missing.values())
