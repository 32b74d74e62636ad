"""Physical evidence from a torch.profiler (Chrome) trace: which CUDA stream the shared-expert
and routed-expert kernels ran on, and how long they overlapped.

Kernels are classified by the `record_function` range that encloses them on their stream
(`gpu_user_annotation` events, eager mode) or, when no range matches (CUDA graph replays carry
none), by regular expressions over kernel names. Streams are only ever compared with each other:
under graph replay the stream ids are the executor's, not the program's aux stream.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class KernelClass:
    name: str
    range_pattern: str  # record_function range names
    kernel_pattern: str  # kernel names, for replays without ranges


@dataclass
class Evidence:
    path: str
    kernels: dict[str, int] = field(default_factory=dict)  # class -> kernel count
    streams: dict[str, list[int]] = field(default_factory=dict)  # class -> stream ids
    busy_us: dict[str, float] = field(default_factory=dict)  # class -> union of kernel time
    overlap_us: float = 0.0
    layers: int = 0  # shared-expert invocations seen (merged kernel runs)
    classified_by: str = "ranges"

    @property
    def overlapped(self) -> bool:
        return self.overlap_us > 0.5 * max(1, self.layers)  # at least half a microsecond a layer

    @property
    def per_layer_us(self) -> float:
        return self.overlap_us / self.layers if self.layers else 0.0

    @property
    def share(self) -> float:
        shorter = min(self.busy_us.get("shared", 0.0), self.busy_us.get("routed", 0.0))
        return self.overlap_us / shorter if shorter else 0.0

    def as_dict(self) -> dict:
        return {"trace": self.path, "kernels": self.kernels, "streams": self.streams, "busy_us": self.busy_us,
                "overlap_us": round(self.overlap_us, 2), "layers": self.layers, "per_layer_us": round(self.per_layer_us, 2),
                "overlap_share_of_shorter": round(self.share, 4), "overlapped": self.overlapped, "classified_by": self.classified_by}


def kernel_classes(shared_ranges: str, routed_ranges: str, shared_kernels: str, routed_kernels: str
                   ) -> tuple[KernelClass, KernelClass]:
    """The shared-expert and routed-expert classes from their range and kernel-name patterns."""
    return KernelClass("shared", shared_ranges, shared_kernels), KernelClass("routed", routed_ranges, routed_kernels)


# no kernel name is a shared expert's by default (`$^`), and by name every kernel that is not the
# shared experts' counts as the routed path (router, permutation, grouped GEMMs, combine): what
# the shared experts can hide behind
DEFAULT_CLASSES = kernel_classes(r"shared_experts?", r"routed_experts?", r"$^", r".")


def _union(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _intersection(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> float:
    """Total length of the intersection of two sorted, disjoint interval lists (one sweep)."""
    i = j = 0
    total = 0.0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def analyze(trace: dict, classes=DEFAULT_CLASSES, path: str = "", gap_us: float = 5.0) -> Evidence:
    events = trace.get("traceEvents", trace if isinstance(trace, list) else [])
    kernels = [e for e in events if e.get("cat") == "kernel" and "dur" in e]
    ranges = [e for e in events if e.get("cat") == "gpu_user_annotation" and "dur" in e]
    evidence = Evidence(path)
    found: dict[str, list[dict]] = {c.name: [] for c in classes}
    by_range = 0
    shared_ranges = set()
    for kernel in kernels:
        start, end = kernel["ts"], kernel["ts"] + kernel["dur"]
        stream = kernel.get("args", {}).get("stream", kernel.get("tid"))
        label = None
        for r in ranges:
            if r.get("args", {}).get("stream", r.get("tid")) == stream and r["ts"] <= start and end <= r["ts"] + r["dur"]:
                label = next((c.name for c in classes if re.search(c.range_pattern, r.get("name", ""))), None)
                if label:
                    by_range += 1
                    if label == "shared":
                        shared_ranges.add((r["ts"], stream))
                    break
        if label is None:
            label = next((c.name for c in classes if re.search(c.kernel_pattern, kernel.get("name", ""))), None)
        if label is not None:
            found[label].append({"start": start, "end": end, "stream": stream})
    evidence.classified_by = "ranges" if by_range else "kernel names"
    unions = {}
    for name, items in found.items():
        evidence.kernels[name] = len(items)
        evidence.streams[name] = sorted({k["stream"] for k in items if k["stream"] is not None})
        unions[name] = _union([(k["start"], k["end"]) for k in items])
        evidence.busy_us[name] = round(sum(b - a for a, b in unions[name]), 2)
    evidence.overlap_us = _intersection(unions.get("shared", []), unions.get("routed", []))
    # one shared-expert invocation per layer: its range, or its kernels merged across short gaps
    runs = _union([(a, b + gap_us) for a, b in unions.get("shared", [])])
    evidence.layers = len(shared_ranges) or len(runs)
    return evidence


def analyze_file(path: str | Path, classes=DEFAULT_CLASSES) -> Evidence:
    return analyze(json.loads(Path(path).read_text()), classes, str(path))
