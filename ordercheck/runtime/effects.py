"""What each outcome must do physically, and whether the CUDA evidence shows it.

An effect table (TOML, `[[effect]]` tables, beside a pack or given with `--effects`) states, per
target and outcome, the streams of the shared and routed kernels and the overlap, as a share of
the shorter side's busy time:

    [[effect]]
    target = "SharedExperts._determine_shared_experts_order"   # qualname, or its suffix
    outcome = "MULTI_STREAM_OVERLAPPED"
    streams = "different"          # "different" | "same" | "any"
    min_overlap_share = 0.2        # and/or max_overlap_share

A trace window whose decisions (one outcome of the target) and evidence disagree is a finding.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..model import ConfigError, Location
from .cuda_trace import Evidence

PACK_EFFECTS = Path(__file__).parent / "effects"
_KEYS = {"target", "outcome", "streams", "min_overlap_share", "max_overlap_share", "message"}


@dataclass(frozen=True)
class Effect:
    target: str
    outcome: str
    streams: str = "any"
    min_share: float | None = None
    max_share: float | None = None
    message: str = ""
    location: Location | None = None

    def applies(self, target_id: str, outcome: str) -> bool:
        qualname = target_id.split("::")[-1]
        return (qualname == self.target or qualname.endswith("." + self.target)) and \
            (outcome == self.outcome or outcome.endswith("." + self.outcome))

    def expectation(self) -> str:
        parts = []
        if self.streams != "any":
            parts.append(f"shared and routed kernels on {self.streams} streams")
        if self.min_share is not None:
            parts.append(f"overlap >= {self.min_share:.0%} of the shorter side")
        if self.max_share is not None:
            parts.append(f"overlap <= {self.max_share:.0%} of the shorter side")
        return ", ".join(parts)


@dataclass(frozen=True)
class EffectFinding:
    effect: Effect
    image: str
    outcome: str
    evidence: Evidence
    problems: tuple[str, ...]

    def as_dict(self) -> dict:
        ev = self.evidence
        return {"target": self.effect.target, "outcome": self.outcome, "image": self.image,
                "expected": self.effect.expectation(), "problems": list(self.problems),
                "overlap_share": round(ev.share, 4), "per_layer_us": round(ev.per_layer_us, 2),
                "min_overlap_share": self.effect.min_share, "max_overlap_share": self.effect.max_share,
                "streams": ev.streams, "effect": f"{self.effect.location.path}:{self.effect.location.line}" if self.effect.location else None}


def load_effects(paths: list[str], packs: list[str]) -> tuple[list[Effect], list[ConfigError]]:
    files = [Path(p) for p in paths] + [PACK_EFFECTS / f"{pack}.toml" for pack in packs if (PACK_EFFECTS / f"{pack}.toml").is_file()]
    effects, errors = [], []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            errors.append(ConfigError(Location(str(path), 1), f"cannot read effect table: {exc}"))
            continue
        lines = [n + 1 for n, line in enumerate(text.splitlines()) if line.strip() == "[[effect]]"]
        for index, item in enumerate(data.get("effect", [])):
            where = Location(str(path), lines[index] if index < len(lines) else 1)
            unknown = set(item) - _KEYS
            if unknown or "target" not in item or "outcome" not in item:
                problem = f"unknown keys {sorted(unknown)}" if unknown else "needs `target` and `outcome`"
                errors.append(ConfigError(where, f"effect: {problem}", None, tuple(sorted(_KEYS))))
                continue
            if item.get("streams", "any") not in ("different", "same", "any"):
                errors.append(ConfigError(where, f"effect: streams = {item['streams']!r}: use different, same or any"))
                continue
            effects.append(Effect(item["target"], item["outcome"], item.get("streams", "any"), item.get("min_overlap_share"),
                                  item.get("max_overlap_share"), item.get("message", ""), where))
    return effects, errors


def judge(effects: list[Effect], image: str, outcomes: dict[str, dict[str, int]], evidence: Evidence):
    """(findings, notes) for one trace window: `outcomes` maps target id -> outcome -> calls in
    the window (or decisions baked into the replayed graphs)."""
    findings, notes = [], []
    for target_id, by_outcome in outcomes.items():
        taken = [o for o, n in by_outcome.items() if n]
        for effect in effects:
            matching = [o for o in taken if effect.applies(target_id, o)]
            if not matching:
                continue
            if len(taken) > 1:
                notes.append(f"{image}: the window mixes outcomes {', '.join(sorted(taken))} of {target_id}: evidence not judged")
                continue
            problems = _problems(effect, evidence)
            if problems is None:
                notes.append(f"{image}: no shared or routed kernels in the trace: {effect.outcome} not judged")
            elif problems:
                findings.append(EffectFinding(effect, image, matching[0], evidence, tuple(problems)))
    return findings, notes


def _problems(effect: Effect, ev: Evidence) -> list[str] | None:
    shared, routed = set(ev.streams.get("shared", [])), set(ev.streams.get("routed", []))
    if not shared or not routed:
        return None
    problems = []
    if effect.streams == "different" and shared & routed:
        problems.append(f"shared and routed kernels share stream {'/'.join(map(str, sorted(shared & routed)))}")
    if effect.streams == "same" and shared != routed:
        problems.append("shared and routed kernels ran on different streams")
    if effect.min_share is not None and ev.share < effect.min_share:
        problems.append(f"overlap {ev.share:.0%} of the shorter side ({ev.per_layer_us:.1f} us per layer) "
                        f"< {effect.min_share:.0%}")
    if effect.max_share is not None and ev.share > effect.max_share:
        problems.append(f"overlap {ev.share:.0%} of the shorter side ({ev.per_layer_us:.1f} us per layer) "
                        f"> {effect.max_share:.0%}")
    return problems
