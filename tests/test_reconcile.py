"""`runtime.reconcile`: what ran, checked against the static model and the rules, without running
anything: observations are written by hand, as the probe would record them."""

import textwrap

from ordercheck.extract import extract
from ordercheck.rules import parse_rules
from ordercheck.runtime.reconcile import Observation, reconcile, same_outcome

SOURCE = textwrap.dedent('''
    def pick(cfg):
        if cfg.lora:
            return "SERIAL"
        if cfg.stream is not None and cfg.tokens <= 256:
            return "OVERLAP"
        return "SERIAL"
''')
MODEL = extract(SOURCE, "mod.py", "pick")
TARGET = "mod.py::pick"
DECODE = {"cfg.lora": False, "cfg.stream": "<Stream>", "cfg.tokens": 1}


def rules(body: str):
    found, errors = parse_rules(f'[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "pick"\n{body}', "r.toml")
    assert errors == []
    return found


def seen(outcome: str, line: int, atoms: dict | None, count: int = 3) -> Observation:
    return Observation(TARGET, pid=100, rank=0, line=line, outcome=outcome, atoms=atoms, capturing=False, count=count)


def test_the_model_under_test_has_three_branches():
    assert [(b.outcome, b.line) for b in MODEL.branches] == [("'SERIAL'", 4), ("'OVERLAP'", 6), ("'SERIAL'", 7)]


def test_an_observation_the_model_predicts_is_agreed_and_counted():
    result = reconcile({TARGET: MODEL}, [], [seen("OVERLAP", 6, DECODE)])
    assert (result.agreed_calls, result.disagreements, result.violations) == (3, [], [])


def test_an_observation_the_model_does_not_predict_is_a_disagreement_naming_what_it_predicts():
    result = reconcile({TARGET: MODEL}, [], [seen("SERIAL", 7, DECODE)])
    (disagreement,) = result.disagreements
    assert disagreement.predicted == [("'OVERLAP'", 6)]
    assert result.agreed_calls == 0


def test_atoms_not_read_leave_every_branch_possible():
    result = reconcile({TARGET: MODEL}, [], [seen("SERIAL", 4, None)])
    assert (result.agreed_calls, result.disagreements) == (3, [])


def test_an_expect_rule_is_violated_by_a_call_inside_its_scenario():
    rule = rules('expect = "OVERLAP"\n[rule.given]\nlora = false\n')
    prefill = {**DECODE, "cfg.tokens": 4096}
    result = reconcile({TARGET: MODEL}, rule, [seen("SERIAL", 7, prefill, count=2)])
    (violation,) = result.violations
    assert (violation.outcome, violation.line, violation.count, violation.pids) == ("SERIAL", 7, 2, {100})
    assert violation.observed == {"cfg.lora": {False}, "cfg.stream": {"<Stream>"}, "cfg.tokens": {4096}}
    assert result.exercised == {"r"}


def test_a_call_outside_the_scenario_does_not_exercise_the_rule():
    rule = rules('expect = "OVERLAP"\n[rule.given]\nlora = false\n')
    result = reconcile({TARGET: MODEL}, rule, [seen("SERIAL", 4, {**DECODE, "cfg.lora": True})])
    assert (result.violations, result.exercised, result.agreed_calls) == ([], set(), 3)


def test_a_policy_rule_is_checked_against_what_ran():
    rule = rules('order = [{ when = "lora", then = "SERIAL" }]\notherwise = "OVERLAP"\n')
    prefill = {**DECODE, "cfg.tokens": 4096}
    result = reconcile({TARGET: MODEL}, rule, [seen("OVERLAP", 6, DECODE), seen("SERIAL", 7, prefill, count=5)])
    (violation,) = result.violations
    assert (violation.outcome, violation.line, violation.count) == ("SERIAL", 7, 5)
    assert result.exercised == {"r"}


def test_a_policy_rule_holds_for_a_call_its_first_step_selects():
    rule = rules('order = [{ when = "lora", then = "SERIAL" }]\notherwise = "OVERLAP"\n')
    result = reconcile({TARGET: MODEL}, rule, [seen("SERIAL", 4, {**DECODE, "cfg.lora": True})])
    assert (result.violations, result.exercised) == ([], {"r"})


def test_same_outcome_reads_the_probe_s_text_of_a_value():
    assert same_outcome("SharedExpertsOrder.NO_OVERLAP", "SharedExpertsOrder.NO_OVERLAP")
    assert same_outcome("NO_OVERLAP", "SharedExpertsOrder.NO_OVERLAP")  # an enum's str() is its member name
    assert same_outcome("SERIAL", "'SERIAL'")
    assert same_outcome(3, "3") and same_outcome(None, "None")
    assert same_outcome("<Plan>", "Plan(a, b)")  # an object the probe names by its type
    assert not same_outcome("<Plan>", "make_plan()")
    assert not same_outcome("OVERLAP", "'SERIAL'")
