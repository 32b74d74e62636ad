"""The generated-program check of test_soundness is not vacuous. It judges a rule only where the
rule binds (a rule that is a configuration error is skipped) and can only contradict a verdict
that was reached: so most generated rules must bind, and every verdict must be reached."""

import random
from collections import Counter

from soundness_programs import judge, program, rule_for

SEEDS = range(200)


def verdicts() -> Counter:
    counts: Counter = Counter()
    for seed in SEEDS:
        rng = random.Random(seed)
        prog = program(rng)
        rule, facts, kind, outcome = rule_for(prog, rng)
        counts[judge(prog, rule, facts, kind, outcome).verdict] += 1
    return counts


def test_most_generated_rules_bind_and_every_verdict_is_reached():
    counts = verdicts()
    assert counts["error"] == 0, counts
    assert counts["skipped"] <= len(SEEDS) // 3, counts
    for verdict in ("clean", "violated", "undetermined"):
        assert counts[verdict] >= len(SEEDS) // 20, counts
