"""Differential testing at scale: generated decision programs, judged by running them.

    python bench/fuzz.py [--programs 10000] [--jobs 2] [--start 0] [--computed] [--classes] [--objects]

Each program (tests/soundness_programs.py) gets a random rule; ordercheck's verdict is checked
against executing the program on every input the facts allow (clean), or on inputs matching the
counterexample (violated). Every fourth program is also edited (a guard negated, two guards
swapped, a constant or a comparison changed) and `diff` is checked against executing both
versions. Prints the counts, the share of undetermined verdicts and every contradiction (seed,
program, rule, what execution did). Exit 1 on any contradiction. `--computed`: guards on atoms
Python computes from the inputs too (`n + 1 > 2`, `mode.startswith("x")`: COMPUTED in
tests/soundness_programs.py), which the judge computes from the inputs it runs. `--classes`: guards
and statements over classes too (CLASS_HEAD there: `Kind(mode)`, candidate classes walked to the
first supported, a class kept in a list, methods a subclass inherits or overrides, `super()`).
`--objects`: statements over objects changed in place (a list chosen by `if`/`or`, held by a tuple,
a dict or another list, an item written into it; a set changed through another name) and
consumers that stop early (`any(...)` of a generator whose later items raise or bind `:=`, a loop
that breaks before its `else`, a `try` in each round of a loop), and calls of helpers a decorator
wraps (OBJECTS_HEAD: one that forwards the call where a state holds, one that negates it), a
list default argument, a generator function.
"""

from __future__ import annotations

import argparse
import collections
import functools
import multiprocessing
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from soundness_programs import edit, judge, judge_diff, program, rule_for  # noqa: E402


def one(seed: int, computed: bool = False, classes: bool = False, objects: bool = False) -> tuple[int, str, str | None, str | None]:
    rng = random.Random(seed)
    prog = program(rng, computed=computed, classes=classes, objects=objects)
    rule, facts, kind, outcome = rule_for(prog, rng)
    try:
        verdict = judge(prog, rule, facts, kind, outcome)
    except Exception as exc:  # a crash is a finding of the fuzzer too
        return seed, "crash", f"{type(exc).__name__}: {exc}", None
    diff_verdict = None
    if seed % 4 == 0:
        base = program(random.Random(seed + 10**9), deterministic=True, computed=computed, classes=classes, objects=objects)
        new = edit(base, rng)
        if new is not None:
            try:
                d = judge_diff(base, new)
            except Exception as exc:
                return seed, "crash", f"diff: {type(exc).__name__}: {exc}", None
            diff_verdict = d.verdict + (f" CONTRADICTION {d.contradiction}" if d.contradiction else "")
            if d.contradiction:
                return seed, verdict.verdict, f"diff: {d.contradiction}", diff_verdict
    return seed, verdict.verdict, verdict.contradiction, diff_verdict


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--computed", action="store_true", help="guards on atoms computed from the inputs too")
    parser.add_argument("--classes", action="store_true", help="guards and statements over classes too")
    parser.add_argument("--objects", action="store_true", help="objects changed in place and consumers that stop early too")
    args = parser.parse_args()
    started = time.time()
    counts: collections.Counter = collections.Counter()
    diffs: collections.Counter = collections.Counter()
    bad = []
    seeds = range(args.start, args.start + args.programs)
    with multiprocessing.Pool(args.jobs) as pool:
        for seed, verdict, contradiction, diff_verdict in pool.imap_unordered(functools.partial(one, computed=args.computed, classes=args.classes, objects=args.objects),
                                                                              seeds, chunksize=20):
            counts[verdict] += 1
            if diff_verdict:
                diffs[diff_verdict.split(" ")[0]] += 1
            if contradiction:
                bad.append((seed, verdict, contradiction))
    elapsed = time.time() - started
    judged = counts["clean"] + counts["violated"] + counts["undetermined"]
    print(f"programs: {args.programs} (seeds {args.start}..{args.start + args.programs - 1}) in {elapsed:.0f} s")
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if judged:
        print(f"undetermined share of judged verdicts: {counts['undetermined'] / judged:.1%}")
    print("diff checks: " + (", ".join(f"{k} {v}" for k, v in sorted(diffs.items())) or "none"))
    print(f"contradictions: {len(bad)}")
    for seed, verdict, contradiction in sorted(bad):
        rng = random.Random(seed)
        prog = program(rng, computed=args.computed, classes=args.classes, objects=args.objects)
        rule = rule_for(prog, rng)[0]
        print(f"\n--- seed {seed} ({verdict}): {contradiction}\n{prog.source}\n{rule}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
