"""The generated-program check of test_soundness is not vacuous. It judges a rule only where the
rule binds (a rule that is a configuration error is skipped) and can only contradict a verdict
that was reached: so most generated rules must bind, and every verdict must be reached."""

import random
from collections import Counter

import pytest

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


@pytest.mark.parametrize("seed", [7175, 73065])
def test_fuzz_seeds_whose_violation_needs_an_instance_level(seed):
    # the contradictions these seeds gave were the judge's, each fixed in how it sets
    # `self.LEVEL` on the instance; run so, the violation the engine reports happens:
    # - 7175 (the 10,000-program run's one): the counterexample needs `self.LEVEL <= self.lvl < 1`,
    #   an instance attribute over the class's LEVEL = 1 (the program itself writes
    #   `self.LEVEL = 0`), and the judge ran with 1;
    # - 73065: the counterexample relates `self.LEVEL` to two inputs (`n ? self.LEVEL` = `==|>`,
    #   `self.LEVEL ? self.lvl` = `<|==`, with `self.lvl <= 0 < 2 < n`): the judge set the
    #   instance attribute for each relation in turn, kept `n`'s (LEVEL = n), ran inputs that no
    #   longer matched, and called the engine's violation a contradiction; one value meets both
    rng = random.Random(seed)
    prog = program(rng)
    rule, facts, kind, outcome = rule_for(prog, rng)
    judged = judge(prog, rule, facts, kind, outcome)
    assert judged.verdict == "violated" and judged.contradiction is None, judged


BUILTIN_SEEDS = range(30)


@pytest.mark.parametrize("kinds", [{"builtins": True}])
def test_generated_programs_of_a_mode_reach_every_verdict(kinds):
    # bench/fuzz.py --builtins: the programs compile, the judge runs them (setting the environment
    # per input and restoring it), most rules bind, and every verdict is reached
    import os

    before = {key: os.environ.get(key) for key in ("APP_FAST", "APP_LEVEL")}
    counts: Counter = Counter()
    for seed in BUILTIN_SEEDS:
        rng = random.Random(seed)
        prog = program(rng, **kinds)
        compile(prog.source, "<generated>", "exec")
        rule, facts, kind, outcome = rule_for(prog, rng)
        counts[judge(prog, rule, facts, kind, outcome).verdict] += 1
    assert {key: os.environ.get(key) for key in before} == before
    assert counts["error"] == 0, counts
    assert counts["skipped"] <= len(BUILTIN_SEEDS) // 2, counts
    for verdict in ("clean", "violated", "undetermined"):
        assert counts[verdict] >= 1, counts
