"""Engine speed on wide chains, as ratios against anchors measured in the same run.

Anchors: `ast.parse` of the same source (the floor any Python linter pays) and brute-force
enumeration of every assignment (what the decision diagrams replace; run on 2^12 and
extrapolated beyond). Usage: python bench/bench_engine.py [--atoms 30] [--repeat 5]
"""

from __future__ import annotations

import argparse
import ast
import itertools
import random
import statistics
import time

from ordercheck.bind import Scenario
from ordercheck.check import Query, check_rule
from ordercheck.diff import diff_models
from ordercheck.extract import extract
from ordercheck.formula import substitute
from ordercheck.model import Lit, Location, Rule


def chain_source(atoms: int, seed: int = 7) -> str:
    """A first-match chain over `atoms` boolean config flags, a backend string and a token count,
    with properties and locals, shaped like a MoE dispatch method."""
    rng = random.Random(seed)
    flags = [f"self.cfg.flag{i}" for i in range(atoms - 2)]
    lines = ["class Dispatch:", "    @property", "    def _unsafe(self):",
             f"        if {flags[0]}:", "            return True",
             f"        return ({flags[1]} and self.cfg.backend not in ('a', 'b', 'c')) or {flags[2]}", "",
             "    def decide(self, x):", "        if self._unsafe:", "            return Order.SERIAL"]
    rest = flags[3:]
    k = 0
    while rest:
        take, rest = rest[:3], rest[3:]
        ops = [rng.choice([" and ", " or "]) for _ in take[1:]]
        expr = take[0] + "".join(op + ("not " if rng.random() < 0.3 else "") + t for op, t in zip(ops, take[1:]))
        lines += [f"        guard{k} = {expr}", f"        if guard{k}:", f"            return Order.PATH{k % 5}"]
        k += 1
    lines += ["        if x.shape[0] <= envs.THRESHOLD:", "            return Order.OVERLAP", "        return Order.SERIAL"]
    return "\n".join(lines) + "\n"


def brute_force(model, names: list[str], limit_bits: int) -> tuple[float, int]:
    """Seconds to evaluate the chain on every assignment of the first `limit_bits` boolean atoms."""
    start = time.perf_counter()
    count = 0
    names = names[:limit_bits]
    for combo in itertools.product((False, True), repeat=len(names)):
        values = {n: Lit(v) for n, v in zip(names, combo)}
        for branch in model.branches:
            if substitute(branch.guard, values) == Lit(True):
                break
        count += 1
    return time.perf_counter() - start, count


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--atoms", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source = chain_source(args.atoms)
    model = extract(source, "bench.py", "Dispatch.decide")
    query = Query.build(model, Scenario())
    names = [v.text for v in query.space.variables if v.is_bool]
    rule = Rule(id="bench", path="bench.py", function="Dispatch.decide", location=Location("bench.toml", 1),
                reachable=tuple(o.split(".")[-1] for o in model.outcomes))
    t_parse = best(lambda: ast.parse(source), args.repeat)
    t_extract = best(lambda: extract(source, "bench.py", "Dispatch.decide"), args.repeat)
    t_query = best(lambda: Query.build(model, Scenario()), args.repeat)
    t_rule = best(lambda: check_rule(rule, model), args.repeat)
    # diff against two edits: an early branch in front of the chain (the #35153 shape), and a
    # stress case: the first two path guards swapped and one flag's polarity flipped
    early = source.replace("        if self._unsafe:\n            return Order.SERIAL\n",
                           "        if self._unsafe:\n            return Order.SERIAL\n        if not self.cfg.flag1:\n            return Order.SERIAL\n")
    swapped = source.replace("        if guard0:", "        if guard1_:").replace("        if guard1:", "        if guard0:")
    swapped = swapped.replace("        if guard1_:", "        if guard1:", 1).replace("self.cfg.flag5", "not self.cfg.flag5", 1)
    early_model = extract(early, "bench.py", "Dispatch.decide")
    swapped_model = extract(swapped, "bench.py", "Dispatch.decide")
    t_diff = best(lambda: diff_models(model, early_model), args.repeat)
    t_stress = best(lambda: diff_models(model, swapped_model), max(1, args.repeat // 2))
    changed = diff_models(model, early_model)
    stressed = diff_models(model, swapped_model)
    bits = min(12, len(names))
    t_brute, n = brute_force(model, names, bits)
    per_assignment = t_brute / n
    full = per_assignment * (2 ** len(query.space.variables))
    print(f"chain: {len(model.branches)} branches, {len(query.space.variables)} atoms "
          f"({query.space.size():,} configurations)")
    print(f"{'stage':<34}{'seconds':>12}{'x ast.parse':>14}")
    for name, t in [("ast.parse (anchor)", t_parse), ("extract (libcst + inlining)", t_extract),
                    ("compile diagram (all branches)", t_query), ("check one rule (reachable x all)", t_rule),
                    ("diff: early branch added", t_diff), ("diff: guards swapped + flip", t_stress)]:
        print(f"{name:<34}{t:>12.5f}{t / t_parse:>14.1f}")
    print(f"diff, early branch: {changed.changed:,} of {changed.total:,} configurations change path, {len(changed.regions)} regions")
    print(f"diff, guards swapped + flip: {stressed.changed:,} of {stressed.total:,} change path, {len(stressed.regions)} regions "
          f"listed, {len(stressed.unlisted)} branch changes counted but too fragmented to list")
    print(f"brute force, 2^{bits} assignments (anchor): {t_brute:.3f} s; "
          f"extrapolated to all {len(query.space.variables)} atoms: {full:,.0f} s "
          f"= {full / t_query:,.0f}x the diagram")


if __name__ == "__main__":
    main()
