"""Rule self-tests (`selftest`): each example gets its verdict, and a pinned failing example
fails at its branch."""

from ordercheck.rules import parse_rules
from ordercheck.selftest import report, run_examples

RULE = '[[rule]]\nid = "r"\npath = "m.py"\nfunction = "pick"\nexpect = "FAST"\n[rule.given]\nfast = true\n'
# 1 def pick / 2 if cfg.slow / 3 return 'SLOW' / 4 if cfg.fast / 5 return 'FAST' / 6 return 'SLOW'
SOURCE = "source = '''\ndef pick(cfg):\n    if cfg.slow:\n        return 'SLOW'\n    if cfg.fast:\n        return 'FAST'\n    return 'SLOW'\n'''\n"


def examples(*tables: str):
    rules, errors = parse_rules(RULE + "".join(tables), "r.toml")
    assert errors == []
    return rules, run_examples(rules)


def test_a_failing_example_pinned_at_the_branch_that_fires_passes():
    rules, (result,) = examples(f'[[rule.examples]]\nname = "slow first"\nverdict = "fail"\nbranch_line = 3\n{SOURCE}')
    assert (result.ok, result.got, result.lines) == (True, "fail", (3,))
    assert report([result], rules).splitlines()[0] == "ok    r: slow first (expects fail at line 3, got fail)  [r.toml:1]"


def test_a_failing_example_that_fires_another_branch_fails_the_self_test():
    rules, (result,) = examples(f'[[rule.examples]]\nname = "slow first"\nverdict = "fail"\nbranch_line = 6\n{SOURCE}')
    assert (result.ok, result.got, result.lines) == (False, "fail", (3,))
    assert report([result], rules).splitlines() == [
        "FAIL  r: slow first (expects fail at line 6, got fail): got 'SLOW' at line 3  [r.toml:1]",
        "1 examples: 0 passed, 1 failed",
    ]


def test_an_unpinned_failing_example_needs_only_a_finding():
    _, (result,) = examples(f'[[rule.examples]]\nname = "slow first"\nverdict = "fail"\n{SOURCE}')
    assert (result.ok, result.lines) == (True, (3,))


def test_a_reachable_failure_is_pinned_at_the_branch_nothing_selects():
    rule = '[[rule]]\nid = "r"\npath = "m.py"\nfunction = "pick"\nreachable = ["FAST"]\n'
    source = "source = '''\ndef pick(cfg):\n    if cfg.fast:\n        return 'SLOW'\n    if cfg.fast:\n        return 'FAST'\n    return 'SLOW'\n'''\n"
    rules, errors = parse_rules(rule + f'[[rule.examples]]\nname = "dead"\nverdict = "fail"\nbranch_line = 5\n{source}', "r.toml")
    assert errors == []
    (result,) = run_examples(rules)
    assert (result.ok, result.lines) == (True, (5,))
