"""Never confidently wrong: every case where a verdict once disagreed with running the code, as a
named test through the CLI, and generated programs judged by executing them."""

import random
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soundness_programs import CLASS_HEAD, edit, judge, judge_diff, program, rule_for


def check(cli, tmp_path, source: str, rule: str, function: str = "f"):
    (tmp_path / "mod.py").write_text(textwrap.dedent(source))
    (tmp_path / "r.toml").write_text(f'[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "{function}"\n' + textwrap.dedent(rule))
    return cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)


def check_guard(cli, tmp_path, guard: str, params: str, rule: str, head: str = ""):
    """`check` of `f(params)` returning "X" where `guard` holds, else "Y" (`head`: code before it)."""
    return check(cli, tmp_path, textwrap.dedent(head) + f'''
def f({params}):
    if {guard}:
        return "X"
    return "Y"
''', rule)


# ---------------------------------------------------------------- names, as Python scopes them


def test_a_parameter_named_like_a_module_constant_is_the_parameter(cli, tmp_path):
    run = check(cli, tmp_path, '''
        MODE = "fast"
        def f(MODE):
            if MODE == "slow":
                return "SLOW"
            return "FAST"
    ''', 'forbid = ["\'SLOW\'"]\n')
    assert run.exit_code == 1
    assert "mod.py:5:9: error[r]" in run.output and "got       'SLOW'" in run.output
    assert 'MODE="slow"' in run.output


def test_a_constant_rebound_by_global_is_read_as_the_program_holds_it(cli, tmp_path):
    run = check(cli, tmp_path, '''
        MODE = "fast"
        def set_slow():
            global MODE
            MODE = "slow"
        def f():
            if MODE == "slow":
                return "SLOW"
            return "FAST"
    ''', 'forbid = ["\'SLOW\'"]\n')
    assert run.exit_code == 1 and "got       'SLOW'" in run.output


def test_a_constant_bound_in_both_arms_of_a_module_level_if_is_not_folded(cli, tmp_path):
    run = check(cli, tmp_path, '''
        import os
        if os.environ.get("X"):
            MODE = "slow"
        else:
            MODE = "fast"
        def f():
            if MODE == "slow":
                return "SLOW"
            return "FAST"
    ''', 'forbid = ["\'SLOW\'"]\n')
    assert run.exit_code == 1 and "got       'SLOW'" in run.output


def test_an_instance_attribute_overrides_the_class_attribute(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class C:
            MODE = "fast"
            def __init__(self, mode):
                self.MODE = mode
            def f(self):
                if self.MODE == "slow":
                    return "SLOW"
                return "FAST"
    ''', 'forbid = ["\'SLOW\'"]\n', function="C.f")
    assert run.exit_code == 1 and "got       'SLOW'" in run.output


def test_reading_a_local_before_it_is_assigned_raises(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a):
            if a:
                found = ["x"]
            if found:
                return "FOUND"
            return "NONE"
    ''', 'expect = "\'NONE\'"\n[rule.given]\na = false\n')
    assert run.exit_code == 1 and "got       raise UnboundLocalError" in run.output


# ---------------------------------------------------------------- calls and mutation


def test_a_list_appended_to_under_a_condition_is_non_empty_there(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a):
            found = []
            if a:
                found.append(1)
            if found:
                return "FOUND"
            return "NONE"
    ''', 'forbid = ["\'FOUND\'"]\n')
    assert run.exit_code == 1 and "got       'FOUND'" in run.output and "a=true" in run.output


def test_a_nonlocal_written_by_an_inlined_closure_is_seen(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a):
            flag = False
            def mark():
                nonlocal flag
                flag = True
            if a:
                mark()
            if flag:
                return "MARKED"
            return "NONE"
    ''', 'forbid = ["\'MARKED\'"]\n')
    assert run.exit_code == 1 and "got       'MARKED'" in run.output


def test_a_write_to_an_attribute_of_a_parameter_is_what_later_reads_see(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(cfg):
            cfg.flag = True
            if cfg.flag:
                return "ON"
            return "OFF"
    ''', 'expect = "\'ON\'"\n[rule.given]\nflag = false\n')
    assert run.exit_code == 0, run.output


def test_a_property_inlined_after_the_caller_wrote_its_attribute_reads_the_write(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class C:
            @property
            def on(self):
                return self.flag
            def f(self):
                self.flag = True
                if self.on:
                    return "ON"
                return "OFF"
    ''', 'expect = "\'ON\'"\n[rule.given]\nflag = false\n', function="C.f")
    assert run.exit_code == 0, run.output


def test_an_unknown_call_makes_later_reads_new_atoms(cli, tmp_path):
    source = '''
        def f(cfg, hook):
            hook(cfg)
            if cfg.flag:
                return "ON"
            return "OFF"
    '''
    run = check(cli, tmp_path, source, 'expect = "\'OFF\'"\n[rule.given]\nflag = false\n')
    assert run.exit_code == 1
    assert "undetermined: the outcome depends on `cfg.flag` read after `hook(cfg)`" in run.output
    (tmp_path / "r.toml").write_text('pure-calls = ["hook"]\n' + (tmp_path / "r.toml").read_text())
    assert cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path).exit_code == 0


def test_logging_calls_change_nothing_and_explain_lists_them(cli, tmp_path):
    source = '''
        import logging
        logger = logging.getLogger(__name__)
        def f(cfg):
            logger.debug("deciding %s", cfg)
            if cfg.flag:
                return "ON"
            return "OFF"
    '''
    run = check(cli, tmp_path, source, 'expect = "\'OFF\'"\n[rule.given]\nflag = false\n')
    assert run.exit_code == 0, run.output
    explained = cli("explain", "mod.py::f", "--root", tmp_path)
    assert "ignored: line 5: logger.debug('deciding %s', cfg)" in explained.output


# ---------------------------------------------------------------- values


def test_or_returns_its_operand_not_a_boolean(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(mode):
            return mode or "auto"
    ''', 'forbid = ["\'auto\'"]\n')
    assert run.exit_code == 1 and "got       'auto'" in run.output


def test_and_value_compared_with_true_is_the_value_not_its_truth(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a, b):
            flag = a and b
            if flag is True:
                return "T"
            return "F"
    ''', 'expect = "\'F\'"\n[rule.given]\na = 1\nb = 2\n')
    assert run.exit_code == 0, run.output  # 1 and 2 is 2, which is not True


# ---------------------------------------------------------------- exceptions


def test_a_context_manager_that_may_swallow_makes_the_rest_reachable(cli, tmp_path):
    run = check(cli, tmp_path, '''
        from contextlib import suppress
        def f(x):
            with suppress(ValueError):
                check(x)
                return "A"
            return "B"
    ''', 'forbid = ["\'B\'"]\n')
    assert run.exit_code == 1
    assert "undetermined: the outcome depends on unmodeled code (<exception caught at line 4>, line 4)" in run.output


def test_a_raise_in_an_inlined_property_is_a_raise_of_the_target(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class C:
            @property
            def mode(self):
                if self.bad:
                    raise ValueError("bad")
                return self.m
            def f(self):
                if self.mode is None:
                    return "NONE"
                return "SOME"
    ''', 'forbid = ["NONE", "SOME"]\n[rule.given]\nbad = true\n', function="C.f")
    assert run.exit_code == 0, run.output  # it raises, returning neither


def test_a_try_handler_can_run_after_any_part_of_the_body(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(cfg, load):
            try:
                load(cfg)
                return "LOADED"
            except ValueError:
                return "FALLBACK"
    ''', 'forbid = ["\'FALLBACK\'"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output


# ---------------------------------------------------------------- comparisons and outcomes


def test_a_mirrored_comparison_is_the_same_condition(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(x, T):
            if x.shape[0] <= T:
                return "A"
            if T >= x.shape[0]:
                return "B"
            return "C"
    ''', 'reachable = ["\'B\'"]\n')
    assert run.exit_code == 1 and "no configuration allowed by the scenario selects 'B'" in run.output


def test_relations_between_inputs_agree_with_their_values(cli, tmp_path):
    # `n <= lvl` with n > 2 and lvl < 1 cannot hold: no counterexample may use that combination
    run = check(cli, tmp_path, '''
        def f(n, lvl):
            if n > 2 and lvl < 1 and n <= lvl:
                return "IMPOSSIBLE"
            return "OK"
    ''', 'forbid = ["\'IMPOSSIBLE\'"]\n')
    assert run.exit_code == 0, run.output


def test_relations_among_three_inputs_are_transitive(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a, b, c):
            if a < b and b < c and c < a:
                return "CYCLE"
            return "OK"
    ''', 'forbid = ["\'CYCLE\'"]\n')
    assert run.exit_code == 0, run.output


def test_expecting_a_declared_member_that_no_branch_returns_is_a_finding(cli, tmp_path):
    run = check(cli, tmp_path, '''
        from enum import Enum
        class Order(Enum):
            A = 1
            B = 2
            C = 3
        def f(x):
            if x:
                return Order.A
            return Order.B
    ''', 'expect = "C"\n')
    assert run.exit_code == 1
    assert "no branch returns C" in run.output
    stale = check(cli, tmp_path, (tmp_path / "mod.py").read_text(), 'expect = "D"\n')
    assert stale.exit_code == 2 and "unknown outcome `D`" in stale.output


def test_two_objects_calls_of_a_plain_class_make_are_never_one_object(cli, tmp_path):
    # `Node() is Node()`, `Node() == Node()` (no `__eq__`): the assume mode read the second call as
    # the first's value and found them the same (perf_isinstance_kinds, exploratory fuzz)
    for op in ("is", "=="):
        run = check(cli, tmp_path, f'''
            class Node:
                TAG = "node"
            def f(x):
                a = Node()
                b = Node()
                if a {op} b:
                    return "SAME"
                return "DIFF"
        ''', 'expect = "DIFF"\n')
        assert run.exit_code == 0, run.output
    # a dataclass compares its fields: two of them made alike are equal
    run = check(cli, tmp_path, '''
        from dataclasses import dataclass
        @dataclass
        class Node:
            k: int = 0
        def f(x):
            a = Node()
            b = Node()
            if a == b:
                return "SAME"
            return "DIFF"
    ''', 'expect = "DIFF"\n')
    assert run.exit_code == 1 and "got       'SAME'" in run.output


def test_an_enum_member_equals_a_literal_only_as_its_mixin_says(cli, tmp_path):
    # a member of an Enum with no mixin equals no string; a `str` mixin's equals its value. Both
    # were a free atom of the member (`A="a"`): violated (exploratory fuzz round 3)
    head = '''
import enum
class Plain(enum.Enum):
    A = "a"
    B = "b"
class S(str, enum.Enum):
    A = "a"
    B = "b"
'''
    given = '[rule.given]\nmode = "a"\n'
    for guard in ("mode == Plain.A", "mode in (Plain.A, Plain.B)"):
        run = check_guard(cli, tmp_path, guard, "mode", 'forbid = ["\'X\'"]\n' + given, head=head)
        assert run.exit_code == 0, (guard, run.output)
    run = check_guard(cli, tmp_path, 'mode == "a" and mode == S.A', "mode", 'expect = "\'X\'"\n' + given, head=head)
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- loops


def test_an_arm_that_breaks_does_not_make_its_test_implied(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(mode, stop, ok):
            for item in ("x", "y"):
                if item == mode and ok:
                    return "FOUND"
                if stop:
                    break
            return "NONE"
    ''', 'forbid = ["\'FOUND\'"]\n[rule.given]\nmode = "y"\nstop = true\n')
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- source text


def test_a_pep263_latin1_file_is_read_as_python_reads_it(cli, tmp_path):
    (tmp_path / "mod.py").write_bytes("# -*- coding: latin-1 -*-\ndef f(x):\n    # caf\xe9\n    if x:\n        return 'A'\n    return 'B'\n".encode("latin-1"))
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "f"\nexpect = "\'B\'"\n[rule.given]\nx = false\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    assert run.exit_code == 0, run.output


def test_an_undecodable_file_is_an_input_error(cli, tmp_path):
    (tmp_path / "mod.py").write_bytes(b"def f(x):\n    return '\xff\xfe'\n")
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "f"\nexpect = "A"\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    assert run.exit_code == 2 and "cannot decode mod.py" in run.output


# ---------------------------------------------------------------- generated programs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**31))
def test_no_verdict_is_contradicted_by_running_the_program(seed):
    rng = random.Random(seed)
    prog = program(rng)
    rule, facts, kind, outcome = rule_for(prog, rng)
    judgement = judge(prog, rule, facts, kind, outcome)
    assert judgement.contradiction is None, f"seed {seed}\n{prog.source}\n{rule}\n{judgement.contradiction}"
    assert judgement.verdict != "error", judgement


@pytest.mark.parametrize("seed", [718189559, 8142552, 6464])
def test_generated_programs_that_once_failed(seed):
    # 718189559: the verdict was right; the judge sampled 1,500 of the inputs before keeping those
    # that match the counterexample (n=2, self.lvl=1 was sampled away) and reported no match.
    # 8142552: right again (an instance whose LEVEL is 2 returns "R0"); the judge set self.LEVEL
    # only where the counterexample related it to an input, not where it gave it a class.
    # 6464: right again (`t0 = cfg.f0 or ...; if t0 is True`: cfg.f0 truthy but not True); the
    # counterexample keyed both of cfg.f0's variables `cfg.f0`, and the judge saw only "true"
    test_no_verdict_is_contradicted_by_running_the_program.hypothesis.inner_test(seed)


def test_generated_program_over_classes_that_once_failed():
    # 124804: right (`self.lvl >= n` holds for n = 2, self.lvl = 5); the judge tried the string
    # "other" for "n other than 1" and crashed comparing it with self.lvl (a CI run, random seeds)
    judged_without_contradiction(124804, classes=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**31))
def test_no_verdict_on_atoms_computed_from_inputs_is_contradicted_by_running_the_program(seed):
    # the same programs with guards on `n + 1`, `mode.startswith("x")`, `isinstance(cfg.s, str)`...
    # (`COMPUTED`), which the diagram keeps apart from the inputs they are computed from
    judged_without_contradiction(seed, computed=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**31))
def test_no_verdict_on_programs_over_classes_is_contradicted_by_running_the_program(seed):
    # the same programs with enum lookups, candidate classes walked to the first supported, a
    # class kept in a list, methods a subclass inherits or overrides (`CLASS_HEAD`)
    judged_without_contradiction(seed, classes=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**31))
def test_no_verdict_on_programs_changing_objects_in_place_is_contradicted_by_running_the_program(seed):
    # the same programs with lists chosen by `if`/`or` or held by other displays and appended to,
    # sets changed through another name, `any(...)` of a generator that stops early, a loop that
    # breaks before its `else`, a `try` in each round, helpers a decorator wraps, a list default,
    # a generator function (`_Writer.object_shape`, OBJECTS_HEAD): 43 contradictions in the first
    # 600 seeds before d3b497f
    judged_without_contradiction(seed, objects=True)


@pytest.mark.parametrize("seed", [0, 1, 2, 522,
                                  35,
                                  186])
def test_no_verdict_on_programs_of_engine_shapes_is_contradicted_by_running_the_program(seed):
    # dict outcomes, `nonlocal` cells written on some paths, formatting that runs the tree's
    # dunders (`engines`: bench/fuzz.py --engines). 35: `format(self, "") == "D"` with the
    # Decider's `__str__` returning "D", a definite violation under `format(self, '')` other
    # than "D"; 186: `f"{self:u}"` raises TypeError (`object.__format__` takes no spec), the
    # model formats it and judged a later branch reachable (found by helper-111, both fixed in round 51)
    judged_without_contradiction(seed, engines=True)


def test_the_judge_compares_returned_dicts_as_python_does():
    from soundness_programs import _holds

    assert _holds("expect", "{'fast': True, 'backend': 'x'}", "{'backend': 'x', 'fast': True}")
    assert not _holds("expect", "{'fast': True}", "{'fast': 1}") and _holds("forbid", "{'fast': None}", "'R0'")


def judged_without_contradiction(seed: int, **kinds) -> None:
    rng = random.Random(seed)
    prog = program(rng, **kinds)
    rule, facts, kind, outcome = rule_for(prog, rng)
    judgement = judge(prog, rule, facts, kind, outcome)
    assert judgement.contradiction is None, f"seed {seed}\n{prog.source}\n{rule}\n{judgement.contradiction}"
    assert judgement.verdict != "error", judgement


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**31))
def test_no_diff_answer_is_contradicted_by_running_both_versions(seed):
    rng = random.Random(seed)
    base = program(random.Random(seed + 10**9), deterministic=True)
    new = edit(base, rng)
    if new is None:
        return
    judgement = judge_diff(base, new)
    assert judgement.contradiction is None, f"seed {seed}\n{base.source}\n---\n{new.source}\n{judgement.contradiction}"


@pytest.mark.parametrize("seed", [5, 19, 74])
def test_diffs_that_once_failed(seed):
    # 5, 19: a loop over an input counts what the model does not follow, and the edit changed what
    # it counts (`k += 1` -> `k += 2`) or where it starts; both versions' "after the loop" atoms
    # were one variable and diff said nothing changes (before 746aee6).
    # 74: `len([item for item in cfg.l if item == m0])` is an atom named by its source, and the
    # edit changed the local it reads (`m0 = "x"` -> `"y"`); one atom in both versions (before 0788c44)
    test_no_diff_answer_is_contradicted_by_running_both_versions.hypothesis.inner_test(seed)


def test_a_helper_that_returns_on_one_arm_raises_only_where_it_does_not_return(cli, tmp_path):
    # inside an inlined helper, its own `return` is not an exit of the target: the raise after
    # it is guarded by the test that did not return (the first-match shortcut does not apply)
    run = check(cli, tmp_path, '''
        def pick(cfg):
            if cfg.ok:
                return "x"
            raise ValueError("none")
        def f(cfg):
            mode = pick(cfg)
            return "CHOSEN"
    ''', 'expect = "\'CHOSEN\'"\n[rule.given]\nok = true\n')
    assert run.exit_code == 0, run.output
    broken = check(cli, tmp_path, (tmp_path / "mod.py").read_text(), 'expect = "\'CHOSEN\'"\n[rule.given]\nok = false\n')
    assert broken.exit_code == 1 and "got       raise ValueError" in broken.output


# ---------------------------------------------------------------- candidate lists (fuzz, priority lists)


def test_a_concatenated_list_is_a_new_list_that_a_helper_reorders(cli, tmp_path):
    # `cands + [...]` made a value the model could not mutate: a helper's move to the front was
    # lost on it, and `first` was proved for a list the program reorders
    source = '''
        def front(lst, item):
            lst.insert(0, lst.pop(lst.index(item)))
        def f(a, n):
            cands = ["z", "w", "y"]
            if a:
                cands = cands + ["x"]
            if n > 2:
                front(cands, "w")
            return cands
    '''
    run = check(cli, tmp_path, source, 'first = "\'z\'"\n[rule.given]\na = true\n')
    assert run.exit_code == 1, run.output
    assert "n=3" in run.output or "n > 2" in run.output
    assert check(cli, tmp_path, source, 'first = "\'w\'"\n[rule.given]\na = true\nn = 3\n').exit_code == 0


def test_pop_on_one_list_or_another_changes_the_one_the_program_holds(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a):
            cands = ["z", "w", "y"]
            if a:
                cands = cands + ["x"]
            cands.pop(0)
            return cands
    ''', 'first = "\'w\'"\n')
    assert run.exit_code == 0, run.output  # z was popped from whichever list `cands` holds


def test_an_index_into_a_list_that_escapes_is_opaque_not_a_crash(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a):
            cands = ["z", "w"]
            if a:
                cands = cands + ["x"]
            return cands.index("w")
    ''', 'forbid = ["\'q\'"]\n')
    # (an outcome the model does not follow may be any name: undetermined, no "unknown outcome")
    assert run.exit_code == 1 and "undetermined" in run.output and "<an index into a list>" in run.output, run.output


def test_diff_sees_a_negated_guard_around_remove_and_append(cli, tmp_path):
    # fuzz seed 44: the edit made `remove(y); append(y)` run where it never did; diff said
    # the configuration kept its path
    old = '''
        def f(b, s, n):
            cands = ["y", "z", "x", "w"]
            if "x" in cands and (b or s is None):
                cands = cands + ["v"]
            if "y" in cands and (2 < n and n <= 2):
                cands.remove("y"); cands.append("y")
            return cands
    '''
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "m.py").write_text(textwrap.dedent(old))
    (tmp_path / "new" / "m.py").write_text(textwrap.dedent(old).replace('if "y" in cands and (2 < n and n <= 2):',
                                                                         'if not ("y" in cands and (2 < n and n <= 2)):'))
    run = cli("diff", tmp_path / "old", tmp_path / "new")
    assert run.exit_code == 1, run.output
    assert "['y', 'z', 'x', 'w', 'v'] (line 8)  ->  ['z', 'x', 'w', 'v', 'y'] (line 8)" in run.output
    assert "first change at position 1: 'y' -> 'z'" in run.output


def test_a_value_passed_through_may_be_the_literal_a_rule_forbids(cli, tmp_path):
    # fuzz seed 521: `return v0` with `v0 = cfg.m or "auto"` was judged clean for forbid 'x';
    # cfg.m = "x" returns 'x'. Unless the facts give it, a passed-through value may be anything.
    source = '''
        def f(cfg, n):
            v0 = cfg.m or "auto"
            if n <= 0:
                return v0
            return "x"
    '''
    run = check(cli, tmp_path, source, 'forbid = ["x"]\n[rule.given]\nn = 0\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output
    bound = check(cli, tmp_path, source, 'forbid = ["x"]\n[rule.given]\nn = 0\n"cfg.m" = "y"\n')
    assert bound.exit_code == 0, bound.output
    named = check(cli, tmp_path, '''
        from elsewhere import Order
        def f(cfg):
            if cfg.fast:
                return Order.FAST
            return Order.SLOW
    ''', 'forbid = ["SLOW"]\n[rule.given]\nfast = true\n')
    assert named.exit_code == 0, named.output  # a constant named from outside the tree is the outcome it names


# ---------------------------------------------------------------- dicts the function builds


@pytest.mark.parametrize("fill", [
    "d[k] = 1",                      # an item write
    "for p in k:\n                d[p] = 1",  # in a loop
    "put(d, k)",                     # in a helper the model inlines
    "d.update({k: 1})",              # a mutating method
    "external(d)",                   # unmodeled code that receives it
    "def fill():\n                d[k] = 1\n            fill()",  # a closure that writes the dict it sees
])
def test_a_dict_filled_after_it_was_made_empty_may_be_non_empty(cli, tmp_path, fill):
    # `d = {}` then `d[k] = 1` was modelled as still empty: `if d:` never held and a rule that
    # forbids "A" passed; calling f returns "A"
    source = f'''
        from elsewhere import external
        def put(d, k):
            d[k] = 1
        def f(k):
            d = {{}}
            {fill}
            if d:
                return "A"
            return "B"
    '''
    run = check(cli, tmp_path, source, 'forbid = ["A"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


@pytest.mark.parametrize("made", [
    'd = {"a": 0} if flag else {"b": 0}',  # one dict or another, chosen by a condition
    "d = make(flag)",                       # chosen inside a helper the model inlines
])
def test_a_dict_chosen_by_a_condition_and_handed_to_unmodeled_code_may_change(cli, tmp_path, made):
    # which dicts a call can reach is read from the arms of the value only (`holds_mapping`, not
    # its conditions): a dict in an arm, or in a helper's returned value, must still be reached;
    # else `d.get("c")` stays None, "A" is never returned, and calling f with an `external` that
    # sets "c" returns it
    source = f'''
        from elsewhere import external
        def make(flag):
            if flag:
                return {{"a": 0}}
            return {{"b": 0}}
        def f(flag):
            {made}
            external(d)
            if d.get("c"):
                return "A"
            return "B"
    '''
    run = check(cli, tmp_path, source, 'forbid = ["A"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


def test_the_truth_of_a_dict_returned_by_a_helper_is_a_value_not_a_crash(cli, tmp_path):
    # vLLM's benchmarks/serve.py `check_goodput_args`: a dict from a helper decided an exit; the
    # diagram was handed the dict as a formula (TypeError, exit 2 on a whole-tree diff)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    source = textwrap.dedent('''
        def parse(pairs):
            out = {}
            for pair in pairs:
                name, value = pair.split(":")
                out[name] = float(value)
            return out
        def f(args):
            config = {}
            if args.goodput:
                config = parse(args.goodput)
                for name, value in config.items():
                    if value < 0:
                        raise ValueError(name)
            return config
    ''')
    (tmp_path / "old" / "m.py").write_text(source)
    (tmp_path / "new" / "m.py").write_text(source.replace("out = {}", "out = {}  # parsed"))
    run = cli("diff", tmp_path / "old", tmp_path / "new")
    assert run.exit_code == 0, run.output


def test_an_untouched_function_is_unchanged_when_another_function_of_its_file_changes(cli, tmp_path):
    # the objects a model names (`<list 3 changed by unmodeled code>`) were numbered across the
    # run, so renaming a local in `pick` shifted the numbers in `nodes` and diff reported it changed
    old = textwrap.dedent('''
        def pick(cfg):
            x = cfg.a
            if x:
                return "A"
            return "B"

        def nodes(cfg):
            out = []
            if cfg.empty:
                return None
            fill(out)
            return out
    ''')
    for name, text in (("old", old), ("new", old.replace("x = cfg.a\n    if x:", "y = cfg.a\n    if y:"))):
        (tmp_path / name).mkdir()
        (tmp_path / name / "m.py").write_text(text)
    run = cli("diff", tmp_path / "old", tmp_path / "new")
    assert run.exit_code == 0, run.output


def test_returning_the_very_expression_a_rule_names_is_decided_by_its_text(cli, tmp_path):
    # helper report on the packs: `return cfg.auto` with `forbid = ["cfg.auto"]` became
    # "undetermined" once passed-through values were opaque; it returns what the rule forbids,
    # whatever the value. Another literal stays undetermined: cfg.auto may be "x".
    source = '''
        def f(cfg, n):
            if n <= 0:
                return cfg.user
            return cfg.auto
    '''
    forbid = check(cli, tmp_path, source, 'forbid = ["cfg.auto"]\n[rule.given]\nn = 1\n')
    assert forbid.exit_code == 1 and "undetermined" not in forbid.output, forbid.output
    expect = check(cli, tmp_path, source, 'expect = "cfg.auto"\n[rule.given]\nn = 1\n')
    assert expect.exit_code == 0, expect.output
    other = check(cli, tmp_path, source, 'expect = "x"\n[rule.given]\nn = 1\n')
    assert other.exit_code == 1 and "undetermined" in other.output, other.output


_TWO_ROUNDS = '''
    def f(x, y):
        seen_t = False
        seen_f = False
        for a in (x, y):
            if {guard}:
                seen_t = True
            else:
                seen_f = True
        if seen_t and seen_f:
            return "MIXED"
        return "SAME"
'''


def test_an_unmodeled_expression_evaluated_in_two_rounds_of_a_loop_is_two_values(cli, tmp_path):
    # found in review: `[a] == [1]` (a comparison of lists, unmodeled then) was one atom for both
    # rounds of the loop, so the rounds always agreed and "MIXED" was proved unreachable;
    # f(1, 2) returns it. Lists now compare item by item (round 23), so an expression still
    # unmodeled stands in for it, and the comparison of lists, modeled, proves the violation
    run = check(cli, tmp_path, _TWO_ROUNDS.format(guard="sorted([a, 0]) == [0, 1]"), 'forbid = ["\'MIXED\'"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output
    (tmp_path / "lists").mkdir()
    run = check(cli, tmp_path / "lists", _TWO_ROUNDS.format(guard="[a] == [1]"), 'forbid = ["\'MIXED\'"]\n')
    assert run.exit_code == 1 and "undetermined" not in run.output and "got       'MIXED'" in run.output, run.output


def test_a_value_of_unmodeled_code_read_after_a_call_is_unknown_in_the_assumed_query_too(cli, tmp_path):
    # fuzz seed 30881 (before the generator drew its loops aside): `len(<comprehension>)` read
    # after `hook(cfg)` was opaque, but what it stood for before the hook (what the query that
    # takes calls to change nothing reads) was an input, free to take any value: two counts of
    # one list, equal whenever the program runs, were set apart and the rule called violated
    run = check(cli, tmp_path, '''
        def f(cfg, hook, mode):
            hook(cfg)
            m0 = "x"
            c0 = len([item for item in cfg.l if item == m0])
            if c0 > 1:
                return mode
            m1 = "x"
            c1 = len([item for item in cfg.l if item == m1])
            if c1 > 1:
                return "R0"
            return "R1"
    ''', 'forbid = ["R0"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output and "violated" not in run.output, run.output


# ---------------------------------------------------------------- atoms Python computes from others


def test_an_atom_computed_from_an_input_is_not_given_a_value_the_input_rules_out(cli, tmp_path):
    # exploratory fuzz seed 220: `n + 1` was a variable free of `n`, and the finding's scenario
    # (n > 5 from the fact and the raise, n + 1 == 1) exists for no n: nothing returns "R0"
    run = check(cli, tmp_path, '''
        def f(n, lvl):
            if n <= lvl:
                raise RuntimeError("no")
            if n + 1 == 1:
                return "R0"
            return "R1"
    ''', 'forbid = ["R0"]\n[rule.given]\nlvl = 5\n')
    assert "undetermined: the outcome depends on `n + 1` (line 5, computed from `n`)" in run.output, run.output


@pytest.mark.parametrize("guard, fact", [
    ('mode.startswith("x")', 'mode = "y"'),  # seed 1836: mode "y" and mode.startswith("x") true
    ('isinstance(cfg.s, str)', '"cfg.s is None" = true'),  # seed 1713
    ('len(mode) == 2', 'mode = "y"'),
    ('mode.upper() == "X" and cfg.s is None', 'mode = "y"'),
    ('len(cfg.s or "") > 0', '"cfg.s is None" = true'),
    # exploratory fuzz seed 2387: `(cfg.m or "").upper()` kept `''.upper()` as an atom, and found
    # "X" returned with cfg.m None (`''.upper() == "Y"`), which no run does
    ('(cfg.m or "").upper() == "Y"', '"cfg.m is None" = true'),
])
def test_a_builtin_or_str_method_of_a_bound_input_is_computed_from_it(cli, tmp_path, guard, fact):
    # each of these guards is false for the value the fact gives: the rule holds
    run = check_guard(cli, tmp_path, guard, "mode, cfg", f'forbid = ["X"]\n[rule.given]\n{fact}\n')
    assert run.exit_code == 0, run.output


def test_a_computed_atom_python_cannot_evaluate_for_a_bound_input_is_no_free_atom(cli, tmp_path):
    # `len(mode) % k` reads k, which nothing gives: Python cannot compute it from mode = "y", so
    # it is tied to mode, and the violation it would need is undetermined
    run = check(cli, tmp_path, '''
        def f(mode, k):
            if len(mode) % k == 1:
                return "X"
            return "Y"
    ''', 'forbid = ["X"]\n[rule.given]\nmode = "y"\n')
    assert run.exit_code == 1 and "undetermined: the outcome depends on `len(mode) % k`" in run.output, run.output


def test_an_atom_computed_from_an_input_nothing_else_reads_still_decides(cli, tmp_path):
    # `n + 1 > 2` alone: every class of it is some n's, so the violation stays definite
    run = check(cli, tmp_path, '''
        def f(n):
            if n + 1 > 2:
                return "R0"
            return "R1"
    ''', 'forbid = ["R0"]\n')
    assert run.exit_code == 1 and "got       'R0'" in run.output and "undetermined" not in run.output, run.output


def test_a_fact_on_a_computed_atom_decides_it_when_another_atom_reads_its_operand(cli, tmp_path):
    # the sglang pack's `"Whisper..." in (archs or [])`: the truth of `archs` and the membership
    # share an operand; the fact keeps the membership false, so the violation stays definite
    run = check(cli, tmp_path, '''
        def f(archs, hopper):
            if "W" in (archs or []):
                return "fi"
            if hopper:
                return "fa3"
            return "triton"
    ''', 'expect = "fa3"\n[rule.given]\n"\'W\' in archs" = false\nhopper = true\n')
    assert run.exit_code == 0, run.output
    run = check(cli, tmp_path, '''
        def f(archs, hopper):
            if "W" in (archs or []):
                return "fi"
            if not hopper:
                return "fa3"
            return "triton"
    ''', 'expect = "fa3"\n[rule.given]\n"\'W\' in archs" = false\nhopper = true\n')
    assert run.exit_code == 1 and "got       'triton'" in run.output and "undetermined" not in run.output, run.output


def _diff(cli, tmp_path, old: str, new: str):
    for name, text in (("old", old), ("new", new)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "m.py").write_text(textwrap.dedent(text))
    return cli("diff", tmp_path / "old", tmp_path / "new")


def test_a_diff_whose_only_change_needs_a_computed_atom_apart_from_its_input_claims_none(cli, tmp_path):
    # both versions return "B" for every n and mode: the old "A" and "C" need n > 5 with
    # n + 1 == 1, and mode "y" with mode.startswith("x"); diff listed them as changes
    run = _diff(cli, tmp_path, '''
        def f(n, mode):
            if n > 5 and n + 1 == 1:
                return "A"
            if mode == "y" and mode.startswith("x"):
                return "C"
            return "B"
    ''', '''
        def f(n, mode):
            return "B"
    ''')
    assert "change path" not in run.output and "not compared: a change needs `n + 1` (computed from `n`)" in run.output, run.output


def test_a_diff_region_that_needs_a_computed_atom_says_so(cli, tmp_path):
    run = _diff(cli, tmp_path, '''
        def f(n):
            if n > 5:
                return "A"
            if n + 1 == 1:
                return "C"
            return "B"
    ''', '''
        def f(n):
            return "B"
    ''')
    assert run.exit_code == 1 and "regions take `n + 1` (computed from `n`) apart from its operands" in run.output, run.output
    assert "when n > 5:" in run.output, run.output


def test_an_atom_with_an_unmodeled_part_is_each_version_s_own_in_diff(cli, tmp_path):
    # fuzz --computed seed 1120: after a first-supported loop of unknown calls, `len(<comprehension>)`
    # is read as one value per path (after one call or two), not as an opaque value, and diff took
    # it for one input of both versions; the edit changed what the comprehension counts, and
    # diff said nothing changes
    source = '''
        from elsewhere import supported
        def f(cfg):
            if cfg.f0:
                for c in ["x", "y"]:
                    if supported(c, cfg):
                        return c
            m0 = "x"
            if len([item for item in cfg.l if item == m0]) > 1:
                return "R0"
            return "R2"
    '''
    run = _diff(cli, tmp_path, source, source.replace('m0 = "x"', 'm0 = "y"'))
    assert "no configuration changes path if `len(<[item for item in cfg.l if item == m0]>)`" in run.output, run.output


def test_a_fact_does_not_compute_an_atom_read_after_a_call_that_may_change_its_operand(cli, tmp_path):
    # fuzz --computed seed 302532: the fact gives cfg.m as the function is entered; `hook` may set
    # it to "y" before `(cfg.m or "").upper()` is read, and the check said clean
    run = check(cli, tmp_path, '''
        from elsewhere import hook
        def f(cfg):
            hook(cfg)
            if (cfg.m or "").upper() == "Y":
                return "Y"
            return "N"
    ''', 'forbid = ["Y"]\n[rule.given]\n"cfg.m" = "z"\n')
    assert run.exit_code == 1 and "undetermined" in run.output and "read after `hook(cfg)`" in run.output, run.output


def test_a_method_of_a_literal_that_raises_raises(cli, tmp_path):
    # found reviewing `literal_call`: `"ab".index("q")` (an alternative of `c or "ab"`) was an atom
    # free to be 0, and the check found "X" returned where every run raises ValueError
    run = check(cli, tmp_path, '''
        def f(c):
            if (c or "ab").index("q") == 0:
                return "X"
            return "Y"
    ''', 'forbid = ["X"]\n[rule.given]\nc = ""\n')
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("guard", [
    'mode == "x" and OPT.name == mode and OPT.name == "y"',  # two strings: never equal
    'mode == "x" and OPT.name < mode and OPT.name == "y"',  # "y" < "x" is false
    'mode == "x" and OPT.name == mode and OPT.name != "x"',  # `other than "x"` against "x"
    'mode is None and OPT.name == mode and OPT.name == "y"',  # None against a string
])
def test_two_atoms_related_where_their_values_decide_the_relation(cli, tmp_path, guard):
    # fuzz (a class's attribute read after a loop that may change it, compared with an input):
    # `mode` "x" with `OPT.name == mode` and `OPT.name` "y" was a counterexample no input has,
    # as the relation between two terms was free unless both were numbers
    run = check_guard(cli, tmp_path, guard, "mode, OPT", 'forbid = ["X"]\n')
    assert run.exit_code == 0, run.output


ENUM = CLASS_HEAD  # Kind, to_kind, candidate classes OptA/OptB/OptC, Base


@pytest.mark.parametrize("guard, rule, code", [
    # fuzz: `Kind(mode)` was a free atom, `Kind.X` where `to_kind(mode)` had ruled "x" out
    ('to_kind(mode) == Kind.W and Kind(mode) == Kind.X', 'forbid = ["R0"]\n', 0),
    ('Kind(mode) is Kind.Y', 'forbid = ["R0"]\n[rule.given]\nmode = "y"\n', 1),
    ('Kind(mode) is Kind.Y', 'forbid = ["R0"]\n[rule.given]\nmode = "w"\n', 0),
    ('Kind[mode] == Kind.X', 'expect = "R0"\n[rule.given]\nmode = "X"\n', 0),
    ('Kind[mode] == Kind.X', 'forbid = ["R0"]\n[rule.given]\nmode = "x"\n', 0),  # by name: KeyError
])
def test_an_enum_called_with_a_value_or_indexed_by_a_name_is_its_member_or_raises(cli, tmp_path, guard, rule, code):
    run = check_guard(cli, tmp_path, guard, "mode", rule.replace("R0", "X"), head=ENUM)
    assert run.exit_code == code, run.output


def test_an_enum_called_with_a_value_no_member_has_raises_value_error(cli, tmp_path):
    run = check_guard(cli, tmp_path, "Kind(mode) is Kind.X", "mode", 'expect = "Y"\n[rule.given]\nmode = "q"\n', head=ENUM)
    assert run.exit_code == 1 and "raise ValueError" in run.output, run.output


PRIORITY = '''
PRIORITY = {order}


def f(cfg):
    for c in PRIORITY:
        if c.ok(cfg):
            return c.NAME
    return None
'''


@pytest.mark.parametrize("order", ["(OptA, OptB)", "[OptA, OptB]"])
def test_a_loop_over_a_module_level_sequence_of_classes_calls_each_class_s_own_method(cli, tmp_path, order):
    # the first-supported shape: `for backend in PRIORITY: if backend.is_supported(cfg)`; the
    # loop was unmodeled and its item's method an unknown call
    source = CLASS_HEAD + PRIORITY.format(order=order)
    assert check(cli, tmp_path, source, 'expect = "y"\n[rule.given]\n"cfg.f1" = true\n"cfg.m" = "y"\n').exit_code == 0
    run = check(cli, tmp_path, source, 'expect = "y"\n[rule.given]\n"cfg.m" = "y"\n')
    assert run.exit_code == 1 and "got       'x'" in run.output and "f1=false" in run.output, run.output
    explained = cli("explain", "mod.py::f", "--root", tmp_path)
    assert "loop not modeled" not in explained.output, explained.output


def test_a_module_level_list_of_classes_something_appends_to_is_not_followed(cli, tmp_path):
    source = CLASS_HEAD + PRIORITY.format(order="[OptA, OptB]") + '''

def register(c):
    PRIORITY.append(c)
'''
    run = check(cli, tmp_path, source, 'forbid = ["None"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output
    assert "loop not modeled" in cli("explain", "mod.py::f", "--root", tmp_path).output


HIERARCHY = '''
    class Base:
        DEPTH = 2

        def deep(self, k):
            return k >= self.DEPTH

        def kind(self):
            return self.name()

        def name(self):
            return "base"

        def supports(self, m):
            return m == "x"

        @classmethod
        def deeper(cls, k):
            return k > cls.DEPTH

    class D(Base):
        DEPTH = 3

        def name(self):
            return "d"

        def supports(self, m):
            return m == "y" or super().supports(m)

        def f(self, n, mode):
            if {guard}:
                return "X"
            return "Y"
'''


@pytest.mark.parametrize("guard, given, code", [
    # an inherited method reads the instance's class: D.DEPTH, D.name (it read Base's: "X" for
    # n = 2, and kind() == "base" always, where every run says otherwise)
    ("self.deep(n)", "n = 2", 0),
    ("self.deep(n)", "n = 3", 1),
    ('self.kind() == "base" or n == 5', "n = 0", 0),
    ('self.kind() == "d"', "n = 0", 1),
    ("self.deeper(n)", "n = 3", 0),  # a classmethod called on self gets D: 3 > 3 is false
    ("self.deeper(n)", "n = 4", 1),
    # super() and an explicit `Base.method(self, ...)` run Base's code
    ("self.supports(mode)", 'mode = "x"', 1),
    ('super().supports(mode)', 'mode = "y"', 0),
    ('Base.supports(self, mode)', 'mode = "x"', 1),
    ("not isinstance(self, Base) or n == 5", "n = 0", 0),  # fuzz: an atom free to be false
])
def test_a_method_an_instance_inherits_reads_what_its_class_overrides(cli, tmp_path, guard, given, code):
    run = check(cli, tmp_path, HIERARCHY.format(guard=guard), f'forbid = ["X"]\n[rule.given]\n{given}\n', function="D.f")
    assert run.exit_code == code, run.output
    if code:
        assert "undetermined" not in run.output, run.output


@pytest.mark.parametrize("given, code", [('mode = "x"\nn = 1', 1), ('mode = "x"\nn = 2', 0), ('mode = "y"\nn = 1', 0)])
def test_a_pair_is_in_a_module_level_tuple_of_pairs_where_some_pair_equals_it_item_by_item(cli, tmp_path, given, code):
    # module-level sequences of names are read as tables: a pair compared with each of them was
    # one opaque atom whose text wrote out both values (vLLM's fp8 oracle: minutes and gigabytes)
    run = check_guard(cli, tmp_path, "(mode, n) in SUPPORTED", "mode, n", f'forbid = ["X"]\n[rule.given]\n{given}\n',
                      head='''
    LIMIT = 1
    OTHER = 3
    SUPPORTED = (("x", LIMIT), ("w", OTHER))
    ''')
    assert run.exit_code == code, run.output


@pytest.mark.parametrize("held", [
    "self.k = OptA; k = self.k",  # an attribute
    "k = [OptA][0]",  # a list
    'k = {"a": OptA}["a"]',  # a dict
    "k = next(c for c in (OptA,) if c.NAME)",  # a comprehension (fuzz: `any(c.NAME == mode for c in CANDS)`)
])
def test_a_class_held_by_an_attribute_a_list_or_a_dict_is_that_class(cli, tmp_path, held):
    # the class was read back as a name, and its attributes as free atoms: `OptA.NAME` "y" was a
    # counterexample no run has
    run = check(cli, tmp_path, CLASS_HEAD + f'''
class D:
    def f(self, cfg):
        {held}
        if k.NAME == "y" or k.ok(cfg):
            return "BAD"
        return "OK"
''', 'forbid = ["BAD"]\n[rule.given]\n"cfg.f1" = true\n', function="D.f")
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("table, given, code", [
    ("_value2member_map_", 'mode = "w"', 0), ("_value2member_map_", 'mode = "q"', 1),
    ("__members__", 'mode = "W"', 0), ("__members__", 'mode = "w"', 1),
])
def test_a_plain_enum_s_tables_of_values_and_names_are_its_members(cli, tmp_path, table, given, code):
    # fuzz --classes seeds 290, 885: `mode in Kind._value2member_map_` was an atom free to be false
    run = check_guard(cli, tmp_path, f"mode not in Kind.{table}", "mode", f'forbid = ["X"]\n[rule.given]\n{given}\n', head=ENUM)
    assert run.exit_code == code, run.output


@pytest.mark.parametrize("guard, code", [
    # exploratory fuzz (iteration idioms): two classes compared were a relation free to be `==`
    ("[c for c in CANDIDATES if c.ok(cfg)][0] is OptB and OptA is OptB", 0),
    ("OptA.__name__ != 'OptA'", 0),
    ('not hasattr(OptA, "ok")', 0),
    ("[c for c in CANDIDATES if c.ok(cfg)][0] is OptB", 1),  # cfg.f1 true and cfg.m "y"
])
def test_classes_compare_by_identity_and_know_their_names_and_attributes(cli, tmp_path, guard, code):
    # `or cfg.f0` (false): "X" stays an outcome where the guard is never true
    run = check_guard(cli, tmp_path, f"({guard}) or cfg.f0", "cfg", 'forbid = ["X"]\n[rule.given]\n"cfg.f0" = false\n', head=ENUM)
    assert run.exit_code == code, run.output
    if code:
        assert "undetermined" not in run.output and "f1=true" in run.output, run.output


def test_a_call_on_an_unknown_value_read_on_two_paths_is_unknown_on_both(cli, tmp_path):
    # exploratory fuzz: `len(<comprehension>)` read after a call made on one path only was one
    # read per path, and those reads were inputs free to take any value (a definite violation
    # where every run returns "A")
    run = check(cli, tmp_path, '''
        def f(cfg, items, n, hook):
            if n > 1:
                hook(cfg)
            if len([c for c in items if c.ok(cfg)]) == len([c for c in items if c.ok(cfg)]):
                return "A"
            return "B"
    ''', 'forbid = ["B"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


@pytest.mark.parametrize("guard", [
    "a and not b and a == b",  # a true value is never equal to a false one
    "a and b is None and a == b",
    'not a and a == "x"',
])
def test_a_value_read_for_its_truth_is_unequal_to_one_of_the_other_truth(cli, tmp_path, guard):
    # exploratory fuzz seed 60150: `a` true, `b` false and `a == b` was a counterexample no run has
    run = check_guard(cli, tmp_path, f"({guard}) or c", "a, b, c", 'forbid = ["X"]\n[rule.given]\nc = false\n')
    assert run.exit_code == 0, run.output


def test_an_item_at_a_number_inside_a_call_is_computed_from_the_input(cli, tmp_path):
    # `len(mode[0])` read `mode[0]` as an input of its own: with `mode == "ab"` it was free to be
    # 2 (exploratory fuzz round 3, call_on_item_pinned); it is 1
    for guard in ('mode == "ab" and len(mode[0]) == 2', 'mode == "ab" and mode[0].upper() == "AB"',
                  'mode == "ab" and str(mode[1]) == "AB"'):
        run = check_guard(cli, tmp_path, guard, "mode", 'forbid = ["\'X\'"]\n')
        assert run.exit_code == 0, (guard, run.output)


def test_two_items_of_one_input_are_not_free_of_each_other(cli, tmp_path):
    # no string has `mode[:1] == "x"` and `mode[0] == "y"`: violated at such a pair before (the
    # value search gave up where `mode` was a number: `0[0]` raises, as Python does)
    for guard in ('mode[:1] == "x" and mode[0] == "y"', 'mode[:1] == "x" and mode.lower() == "y"'):
        run = check_guard(cli, tmp_path, guard, "mode", 'forbid = ["\'X\'"]\n')
        assert run.exit_code == 1 and "undetermined" in run.output and "found no input to give it" in run.output, run.output


def test_arithmetic_on_a_local_whose_value_depends_on_the_path_is_unknown(cli, tmp_path):
    # `v = self.lvl` read after a call on one path only: `v + 1` was an atom of that text, free of
    # self.lvl (given 0), and "R1" was violated at `v + 1 < 0` (exploratory fuzz round 3)
    run = check(cli, tmp_path, '''
        class D:
            def decide(self, mode, a, hook):
                q1 = [c for c in (mode, "w") if c != mode or a]
                if mode == "x":
                    hook(q1)  # (a call on one path: `q1.append` was one while a comprehension's list was no object)
                v = self.lvl
                v = v + 1
                if v < 0:
                    return "R1"
                return "R0"
    ''', 'forbid = ["R1"]\n[rule.given]\n"self.lvl" = 0\n', function="D.decide")
    assert run.exit_code == 1 and "undetermined" in run.output and "v + 1=" not in run.output, run.output


def test_os_environ_raises_for_a_key_it_does_not_hold(cli, tmp_path):
    # `"X" not in os.environ and os.environ["X"] == "1"`: Python raises KeyError there; the model
    # read the item as a free input and found "R1" (exploratory fuzz round 3, get_default_unrelated)
    for head, env in (("import os\n", "os.environ"), ("from os import environ\n", "environ")):
        run = check_guard(cli, tmp_path, f'"XF_E" not in {env} and {env}["XF_E"] == "1"', "mode",
                          'forbid = ["\'X\'"]\n', head=head)
        assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_two_values_a_relation_says_are_equal_have_one_truth(cli, tmp_path):
    # `not d.get("x")` and `d.get("x", "z") == "y"`: the two reads equal where the key is there, and
    # "y" is true; the truth of the first was a variable no relation reached (violated; exploratory
    # fuzz round 3, get_default_unrelated)
    run = check_guard(cli, tmp_path, 'not d.get("x") and d.get("x", "z") == "y"', "d", 'forbid = ["\'X\'"]\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_an_empty_mapping_or_a_key_it_lacks_gives_the_default(cli, tmp_path):
    # `len(d) == 0` holds no key; `"x" not in d` with `mode == "x"`: `d.get(mode)` is None. Each was
    # violated at a value no mapping gives (exploratory fuzz round 3, get_default_unrelated)
    for guard in ('len(d) == 0 and d.get("x") == "y"', 'mode == "x" and "x" not in d and d.get(mode) is not None'):
        run = check_guard(cli, tmp_path, guard, "d, mode", 'forbid = ["\'X\'"]\n')
        assert run.exit_code == 0 and "0 errors" in run.output, (guard, run.output)


def test_an_f_string_with_a_conversion_or_a_format_spec_is_computed(cli, tmp_path):
    # `f"{mode!r}" == "x"`, `f"{n:03d}" == "1"`: no value of Python's own types gives them; they
    # were free atoms, violated (exploratory fuzz round 3). `f"{n:03d}" == "001"` holds at n = 1
    for guard, params in (('f"{mode!r}" == "x"', "mode"), ('f"{n:03d}" == "1"', "n")):
        run = check_guard(cli, tmp_path, guard, params, 'forbid = ["\'X\'"]\n')
        assert run.exit_code == 1 and "found no input to give it" in run.output, run.output
    run = check_guard(cli, tmp_path, 'f"{n:03d}" == "001"', "n", 'forbid = ["\'X\'"]\n')
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output


@pytest.mark.parametrize("source", [
    # a `continue` in the `else` of an inner loop that can `break`
    """
def f(mode):
    for m in ("a",):
        for k in ("c",):
            if mode == "b":
                break
        else:
            continue
        return "X"
    return "Y"
""",
    # a `break` inside a `try` inside the loop (with `except`, and with `finally`)
    """
def f(mode):
    for m in ("a",):
        try:
            if m == mode:
                break
        except ValueError:
            pass
        return "X"
    return "Y"
""",
])
def test_code_after_a_loop_runs_only_where_no_jump_left_it(cli, tmp_path, source):
    # the code after the inner loop (or the `try`) took the paths a jump had left by too: "Y" was
    # reported never to fire and `forbid Y` clean, though f("a") returns "Y" (exploratory fuzz round 4)
    run = check(cli, tmp_path, source, 'forbid = ["\'Y\'"]\n')
    assert run.exit_code == 1 and "never fire" not in run.output, run.output


def test_a_dict_display_keeps_one_entry_for_equal_keys(cli, tmp_path):
    # `{1: "X", True: "Y"}` is `{1: "Y"}` in Python; the model kept two entries (clean verdicts on
    # `len` and `.get` that running contradicts: exploratory fuzz round 4)
    run = check(cli, tmp_path, '''
        T = {1: "X", True: "Y"}
        def f(n):
            if len(T) == 2 or T.get(n) == "X":
                return "TWO"
            return "ONE"
    ''', 'expect = "\'TWO\'"\n')
    # it never fires: a literal the function returns is a known outcome no branch returns
    assert run.exit_code == 1 and "no branch returns 'TWO'" in run.output, run.output


def test_a_set_comprehension_keeps_equal_items_once(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(mode):
            s = {c for c in ("a", mode)}
            if len(s) == 2:
                return "X"
            return "Y"
    ''', 'expect = "\'X\'"\n')
    # f("a") returns "Y" (the set holds "a" once); it was a list of two, and "X" clean
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


def test_identity_with_a_literal_that_is_no_singleton_is_not_equality(cli, tmp_path):
    # `n == 1 and n is not 1` holds for 1.0 and True; `"a" * 2 is "aa"` is CPython's choice
    for guard in ("n == 1 and n is not 1", '"a" * 2 is "aa"'):
        run = check_guard(cli, tmp_path, guard, "n", 'forbid = ["\'X\'"]\n')
        assert run.exit_code == 1 and "undetermined" in run.output, (guard, run.output)


def test_an_outcome_an_input_passes_through_may_be_reachable(cli, tmp_path):
    # `return mode`: f("W") returns "W"; a `reachable` rule for it was violated ("no branch returns
    # 'W'"; exploratory fuzz round 4)
    run = check(cli, tmp_path, '''
        def f(mode):
            if mode == "a":
                return "X"
            return mode
    ''', 'reachable = ["\'W\'"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output and "no branch returns" not in run.output, run.output


@pytest.mark.parametrize("helpers, source", [
    ({}, "import consts\ndef f(mode):\n    consts.MODE = mode\n    if consts.MODE == 'a':\n        return 'X'\n    return 'Y'\n"),
    ({"setup_mod.py": "import consts\ndef configure(m):\n    consts.MODE = m\n"},
     "import consts\nimport setup_mod\ndef f(mode):\n    setup_mod.configure(mode)\n    if consts.MODE == 'a':\n        return 'X'\n    return 'Y'\n"),
    ({}, "from consts import Cfg\ndef f(mode):\n    Cfg.MODE = mode\n    if Cfg.MODE == 'a':\n        return 'X'\n    return 'Y'\n"),
    ({}, "from consts import ORDER\ndef f(mode):\n    ORDER.insert(0, mode)\n    if ORDER[0] == 'a':\n        return 'X'\n    return 'Y'\n"),
])
def test_a_constant_of_another_module_the_code_changes_is_not_folded(cli, tmp_path, helpers, source):
    # `consts.MODE = mode` (here or in a helper it runs), `Cfg.MODE = mode` of an imported class,
    # `ORDER.insert(0, mode)` of an imported list: the constant stayed folded and `expect X` was
    # clean, though f("b") returns "Y" (exploratory fuzz round 4)
    (tmp_path / "consts.py").write_text("MODE = 'a'\nORDER = ['a']\nclass Cfg:\n    MODE = 'a'\n")
    for name, text in helpers.items():
        (tmp_path / name).write_text(text)
    run = check(cli, tmp_path, source, 'expect = "\'X\'"\n')
    assert run.exit_code == 1 and "0 errors" not in run.output, run.output


def test_an_atom_the_value_search_cannot_compute_leaves_the_others_of_its_group_searched(cli, tmp_path):
    # `isinstance(mode, str) and mode.upper() == "x"`: no string's upper case is "x", but the search
    # gave up on the group (isinstance is not computed); `n ** 2 < 0`, `hex(n) == "10"` were free
    # (exploratory fuzz round 4). Undetermined now, never violated
    for guard, params in (('isinstance(mode, str) and mode.upper() == "x"', "mode"), ("n ** 2 < 0", "n"),
                          ('hex(n) == "10"', "n"), ("n << 1 == 3", "n")):
        run = check_guard(cli, tmp_path, guard, params, 'forbid = ["\'X\'"]\n')
        assert run.exit_code == 1 and "found no input to give it" in run.output, (guard, run.output)


def test_an_atom_python_raises_computing_is_no_value(cli, tmp_path):
    # `n % 0 == 1`: every read raises ZeroDivisionError; the atom was free, and `forbid Y` violated
    # at `n % 0` other than 1 (exploratory fuzz round 4)
    run = check_guard(cli, tmp_path, "n % 0 == 1", "n", 'forbid = ["\'Y\'"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


# ---------------------------------------------------------------- objects changed in place, calls not run as written
# (found by an exploratory generator of shapes the committed one does not write: each was a
# definite verdict that running the program contradicts)

_GIVEN_B = '\n[rule.given]\nb = true\n'


def test_a_list_chosen_by_a_conditional_expression_is_the_object_appended_to(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a, b):
            order = ["x"] if a else []
            if b:
                order.append("y")
            if "y" in order:
                return "Y"
            return "N"
    ''', 'expect = "\'N\'"' + _GIVEN_B)
    assert run.exit_code == 1 and "got       'Y'" in run.output and "undetermined" not in run.output


def test_a_list_kept_by_an_or_default_is_the_object_appended_to(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a, b):
            base = ["x"] if a else []
            order = base or ["z"]
            if b:
                order.append("y")
            if "y" in base:
                return "Y"
            return "N"
    ''', 'expect = "\'N\'"\n[rule.given]\na = true\nb = true\n')
    assert run.exit_code == 1 and "got       'Y'" in run.output


@pytest.mark.parametrize("build, reach", [
    ('order, n = ["x"], 1', "order"),  # a list in a tuple display was folded into a tuple literal
    ('d = {"k": ["x"]}\n    order = d.get("k")', 'd["k"]'),  # a dict display's values were copies
    ('outer = [["x"]]\n    order = outer[0]', "outer[0]"),  # an item of a list was a copy
])
def test_a_list_held_by_another_display_is_one_object(cli, tmp_path, build, reach):
    run = check(cli, tmp_path, f'''
def f(b):
    {build}
    if b:
        order.append("y")
    if "y" in {reach}:
        return "Y"
    return "N"
''', 'expect = "\'N\'"' + _GIVEN_B)
    assert run.exit_code == 1 and "got       'Y'" in run.output


@pytest.mark.parametrize("source", [
    # an item written into one of two lists (`order` is either): the list is unknown after it
    'def f(a, b):\n    order = ["x"] if a else ["w"]\n    if b:\n        order[0] = "y"\n    if order[0] == "y":\n        return "Y"\n    return "N"\n',
    # a set changed in place through another name for it
    'def f(a, b):\n    s = {"x"}\n    t = s\n    if b:\n        t.add("y")\n    if "y" in s:\n        return "Y"\n    return "N"\n',
    # a parameter's list appended to: membership before and after are two reads
    'def f(seen, b):\n    if "y" in seen:\n        return "N"\n    if b:\n        seen.append("y")\n    if "y" in seen:\n        return "Y"\n    return "N"\n',
    # two values that may be equal: the set's size is not known
    'def f(a, b):\n    if len({a, b}) == 2:\n        return "N"\n    return "Y"\n',
])
def test_a_value_changed_in_place_or_of_unknown_size_is_never_proved(cli, tmp_path, source):
    (tmp_path / "mod.py").write_text(source)
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "f"\nexpect = "\'N\'"' + _GIVEN_B)
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    assert run.exit_code == 1, run.output  # it was clean: every run with b true returns "Y"


@pytest.mark.parametrize("head, change, reach", [
    ('class C:\n    ORDER = ["a"]\n', 'C.ORDER.append("b")', "C.ORDER"),  # a class attribute list appended to
    ('T = (["a"], 1)\n', 'T[0].append("b")', "T[0]"),  # a module tuple holding a list
    ('SEEN = []\ndef remember(x):\n    SEEN.append(x)\n', 'remember("b")', "SEEN"),  # a module list, through a helper
])
def test_a_list_a_module_or_class_holds_changed_in_place_is_no_constant(cli, tmp_path, head, change, reach):
    run = check(cli, tmp_path, head + f'''
def f(b):
    if "b" in {reach}:  # read before the change too: the read after it is another
        return "A"
    if b:
        {change}
    if "b" in {reach}:
        return "B"
    return "A"
''', 'expect = "\'A\'"' + _GIVEN_B)
    assert run.exit_code == 1, run.output


def test_a_loop_else_runs_only_where_the_loop_did_not_break(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(n):
            i = 0
            while i < 3:
                if i > n:
                    break
                i += 1
            else:
                return "ALL"
            return "BROKE"
    ''', 'expect = "\'ALL\'"\n')
    assert run.exit_code == 1 and "shadowed" not in run.output  # f(0) breaks: "BROKE" was called unreachable


@pytest.mark.parametrize("helper", [
    "def negate(fn):\n    def wrapper(*args):\n        return not fn(*args)\n    return wrapper\n\n@negate\ndef is_x(m):\n    return m == 'x'\n",
    "def is_x(m):\n    yield m == 'x'\n",  # a generator: the call returns a generator, always true
    "async def is_x(m):\n    return m == 'x'\n",  # a coroutine function: the call returns a coroutine
])
def test_a_helper_whose_call_does_not_run_its_body_as_written_is_not_inlined(cli, tmp_path, helper):
    run = check(cli, tmp_path, helper + '''
def f(mode):
    if is_x(mode):
        return "X"
    return "OTHER"
''', 'expect = "\'X\'"\n[rule.given]\nmode = "x"\n')
    assert run.exit_code == 1 and "undetermined" in run.output and "is_x(mode)" in run.output


def test_a_mutable_default_argument_is_not_fresh_at_each_call(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def collect(x, acc=[]):
            acc.append(x)
            return len(acc)
        def f(mode):
            collect(mode)
            if collect(mode) == 2:
                return "TWO"
            return "ONE"
    ''', 'expect = "\'ONE\'"\n')
    assert run.exit_code == 1 and "undetermined" in run.output


@pytest.mark.parametrize("write", ['type(self).LEVEL = 5', 'self.__class__.LEVEL = 5'])
def test_a_write_through_the_class_of_self_changes_the_class_attribute(cli, tmp_path, write):
    run = check(cli, tmp_path, f'''
class D:
    LEVEL = 1
    def f(self, n):
        {write}
        if self.LEVEL > n:
            return "HIGH"
        return "LOW"
''', 'forbid = ["\'HIGH\'"]\n[rule.given]\nn = 1\n', function="D.f")
    assert run.exit_code == 1, run.output  # LEVEL was folded to 1: clean, and every run returns "HIGH"


def test_a_write_into_self_dict_is_a_write_to_the_attribute(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class D:
            def f(self, mode):
                if mode == "x":
                    self.__dict__["flag"] = True
                if self.flag:
                    return "ON"
                return "OFF"
    ''', 'expect = "\'OFF\'"\n[rule.given]\n"self.flag" = false\nmode = "x"\n', function="D.f")
    assert run.exit_code == 1, run.output


def test_a_generator_consumed_by_any_stops_at_the_first_true_item(cli, tmp_path):
    # the items after the first true one are never computed: `parse("z")` never raises here
    run = check(cli, tmp_path, '''
        def parse(m):
            return {"x": 1, "y": 2}[m]
        def f(mode):
            if any(c == mode or parse(c) > 1 for c in ("y", "z")):
                return "HIT"
            return "MISS"
    ''', 'expect = "\'HIT\'"\n[rule.given]\nmode = "y"\n')
    assert run.exit_code == 0, run.output  # it was "violated: raise KeyError"


def test_a_walrus_in_a_generator_consumed_by_any_keeps_the_item_it_stopped_at(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(mode):
            h = "none"
            if any((h := c) == mode for c in ("y", "x", "w")):
                pass
            if h == "w":
                return "LAST"
            return "OTHER"
    ''', 'expect = "\'LAST\'"\n')
    assert run.exit_code == 1 and "got       'OTHER'" in run.output  # it was clean: h was always "w"


def test_a_try_in_each_round_of_a_loop_decides_each_round_apart(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def parse(m):
            return {"x": 1, "y": 2}[m]
        def f(mode, flag):
            g = "s"
            for c in ("x", "q", "y"):
                try:
                    v = parse(c)
                except KeyError:
                    v = 0
                if v == 0 and flag:
                    g = c
                if c == mode:
                    break
            if g == "q":
                return "Q"
            return "OTHER"
    ''', 'forbid = ["\'Q\'"]\n[rule.given]\nmode = "w"\n')
    assert run.exit_code == 1, run.output  # it was clean: one "exception caught" atom for every round


def test_a_loop_over_a_set_is_not_run_in_the_order_it_is_written(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a):
            for c in {"b", "a", "c"}:
                if a:
                    return c
            return "none"
    ''', 'expect = "\'b\'"\n[rule.given]\na = true\n')
    # the first item of a set is whichever its hashes put first (it was "b", proved): now unknown
    assert run.exit_code == 1 and "undetermined" in run.output and "<loop at line 3" in run.output, run.output


@pytest.mark.parametrize("guard, verdict", [
    ('sum([1, 1]) == 1', 0),  # a builtin of a list of literals: folded
    ('len(["x"] * 2) == 4', 0),  # a repeated list: written out
    ('max(PRIO, key=PRIO.get) != "x"', 1),  # computed from constants alone: opaque, never an input
])
def test_a_value_computed_from_constants_alone_is_never_free(cli, tmp_path, guard, verdict):
    run = check_guard(cli, tmp_path, guard, "mode", 'expect = "\'Y\'"\n', head='PRIO = {"x": 2, "y": 0, "w": 1}\n')
    # it was "violated", the expression given a value Python never computes for it
    assert run.exit_code == verdict and (verdict == 0 or "undetermined" in run.output), run.output


@pytest.mark.parametrize("guard", ['mode == "w-" and mode.isidentifier()', 'mode == "w" and mode[1:] == "x"'])
def test_a_method_or_slice_of_a_value_a_fact_gives_is_computed(cli, tmp_path, guard):
    run = check_guard(cli, tmp_path, guard, "mode", 'expect = "\'Y\'"\n')
    assert run.exit_code == 0, run.output  # it was violated with `isidentifier()`=true, `mode[1:]`="x"


def test_an_item_written_through_another_name_for_a_module_dict_is_read_back(cli, tmp_path):
    run = check(cli, tmp_path, '''
        TABLE = {"x": "A"}
        def f(mode):
            other = TABLE
            if mode == "x":
                other["x"] = "B"
            if TABLE.get("x") == "B":
                return "B"
            return "A"
    ''', 'expect = "\'A\'"\n[rule.given]\nmode = "x"\n')
    assert run.exit_code == 1, run.output  # it was clean: `TABLE.get("x")` read as before the write


def test_a_decorator_whose_wrapper_forwards_the_call_is_run_with_it(cli, tmp_path):
    # vLLM's `@if_aiter_supported`: the wrapper calls the function only where a check holds
    run = check(cli, tmp_path, '''
        import functools
        ENABLED = False
        def gate():
            return ENABLED
        def if_supported(func):
            """Run only where supported."""
            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                if gate():
                    return func(*args, **kwargs)
                return None
            return wrapper
        class Ops:
            @classmethod
            @if_supported
            def is_enabled(cls, flag):
                return flag
        def f(flag):
            if Ops.is_enabled(flag):
                return "AITER"
            return "TRITON"
    ''', 'expect = "\'TRITON\'"\n')
    assert run.exit_code == 0, run.output  # the body alone says "AITER" where flag holds: the wrapper never calls it


def test_the_arguments_of_a_literal_s_method_are_evaluated_once(cli, tmp_path):
    # `"-".join([add()])` ran `add()` twice in the model: the list it appends to held "y" twice
    run = check(cli, tmp_path, '''
        def f(a):
            lst = []
            def add():
                lst.append("y")
                return "z"
            s = "-".join([add()])
            if len(lst) == 2:
                return "TWICE"
            return s
    ''', 'expect = "\'z\'"\n')
    assert run.exit_code == 0, run.output  # it was violated: "TWICE" always


def test_a_literal_s_method_of_a_list_built_on_conditions_is_folded_case_by_case(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(a):
            order = ["x"]
            if a:
                order.append("y")
            if "-".join(order) == "x-y":
                return "BOTH"
            return "ONE"
    ''', 'expect = "\'ONE\'"\n[rule.given]\na = false\n')
    assert run.exit_code == 0, run.output  # both lists were one atom, `'-'.join(['x', 'y'])`


def test_a_call_on_a_list_built_on_conditions_is_one_atom_per_list(cli, tmp_path):
    (tmp_path / "mod.py").write_text(textwrap.dedent('''
        from helpers import ext


        def f(a):
            one = ["x", "y"]
            two = ["x"]
            if a:
                two.append("y")
            if ext(one) and not ext(two):
                return "APART"
            return "SAME"
    '''))
    (tmp_path / "r.toml").write_text('pure-calls = ["ext"]\n[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "f"\n'
                                     'expect = "\'SAME\'"\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    # where `a` does not hold, `two` is ["x"]: `ext(two)` is another call than `ext(one)` (both
    # were `ext(['x', 'y'])`, one atom, and the verdict clean)
    assert run.exit_code == 1 and "got       'APART'" in run.output, run.output


def test_a_module_list_given_as_a_default_argument_is_changed_through_it(cli, tmp_path):
    run = check(cli, tmp_path, '''
        DEFAULTS = ["x"]
        def add(b, items=DEFAULTS):
            if b:
                items.append("y")
        def f(b):
            if "y" in DEFAULTS:
                return "A"
            add(b)
            if "y" in DEFAULTS:
                return "Y"
            return "N"
    ''', 'expect = "\'N\'"' + _GIVEN_B)
    assert run.exit_code == 1, run.output  # it was clean: DEFAULTS a constant, "Y" never fired


def test_a_relation_between_a_computed_value_and_its_operand_is_never_free(cli, tmp_path):
    # `min(n, 2) != n` is false wherever `n <= 2`: a relation variable between the two was free,
    # and the counterexample "min(n, 2) != n" no number gives
    run = check_guard(cli, tmp_path, "min(n, 2) != n", "n", 'forbid = ["\'X\'"]\n[rule.given]\n"n <= 2" = true\n')
    assert run.exit_code == 1 and "undetermined" in run.output and "computed from `n`" in run.output, run.output


def test_a_property_with_a_setter_keeps_its_getter_and_a_write_runs_unknown_code(cli, tmp_path):
    source = '''
        class C:
            def __init__(self):
                self._on = False
            @property
            def on(self):
                return self._on
            @on.setter
            def on(self, value):
                self._on = value
            def f(self, a):
                if a:
                    self.on = True
                if self.on:
                    return "ON"
                return "OFF"
    '''
    # the setter replaced the getter in the index (`self.on` a free atom of its own); now the
    # getter is read, and a write through the setter changes what it reads
    run = check(cli, tmp_path, source, 'expect = "\'OFF\'"\n[rule.given]\na = false\n"self._on" = false\n', function="C.f")
    assert run.exit_code == 0, run.output
    run = check(cli, tmp_path, source, 'expect = "\'OFF\'"\n[rule.given]\na = true\n"self._on" = false\n', function="C.f")
    assert run.exit_code == 1, run.output


def test_an_open_range_between_two_integers_holds_values(cli, tmp_path):
    # a term compared only with integers was taken to be an integer: `0 < ratio < 1` "never"
    run = check_guard(cli, tmp_path, "0 < ratio < 1", "ratio", 'forbid = ["\'X\'"]\n')
    assert run.exit_code == 1 and "got       'X'" in run.output, run.output


def test_a_value_tested_only_for_equality_with_numbers_may_be_none(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(k):
            if k:
                return "TRUE"
            if k == 0:
                return "ZERO"
            return "OTHER"
    ''', 'forbid = ["\'OTHER\'"]\n')
    # f(None) returns "OTHER": a falsy k was taken to be 0, "OTHER" unreachable
    assert run.exit_code == 1 and "shadowed" not in run.output, run.output


@pytest.mark.parametrize("jump", ["continue", "break"])
def test_a_jump_out_of_a_try_runs_its_finally(cli, tmp_path, jump):
    run = check(cli, tmp_path, f'''
def f(mode):
    k = 0
    for c in ("x", "y", "w"):
        try:
            if c != mode:
                {jump}
            k += 10
        finally:
            k += 1
    if k >= 1:
        return "RAN"
    return "SKIPPED"
''', 'forbid = ["\'RAN\'"]\n[rule.given]\nmode = ""\n')
    assert run.exit_code == 1 and "got       'RAN'" in run.output, run.output  # clean before: the jump skipped `finally`


def test_a_helper_whose_try_returns_from_a_statement_the_model_does_not_follow_returns_unknown(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def parse(m):
            return {"x": 1, "y": 2}[m]
        def helper(m):
            try:
                parse(m)
                return 2
            except KeyError:
                return 3
            finally:
                if m == "":
                    return 2
        def f(mode):
            if helper(mode) == 3:
                return "THREE"
            return "OTHER"
    ''', 'expect = "\'OTHER\'"\n[rule.given]\nmode = "X"\n')
    assert run.exit_code == 1, run.output  # it was clean: the helper's returns were lost (it "returned None")


@pytest.mark.parametrize("change, read", [
    ("c.v = 2", "d.v == 2"),  # a write through one object a call returned was read through another
    ('c.extras.append("y")', "c.extras == d.extras"),  # two calls' objects read as one
])
def test_two_objects_two_calls_returned_are_not_one(cli, tmp_path, change, read):
    run = check(cli, tmp_path, f'''
class Box:
    def __init__(self):
        self.v = 1
        self.extras = []


def f(a):
    c = Box()
    d = Box()
    if a:
        {change}
    if {read}:
        return "SAME"
    return "APART"
''', 'expect = "\'SAME\'"\n[rule.given]\na = true\n')
    assert run.exit_code == 1, run.output  # it was clean: "SAME" wherever `a` holds


def test_a_cached_property_read_twice_keeps_its_first_value(cli, tmp_path):
    run = check(cli, tmp_path, '''
        import functools
        class D:
            def __init__(self, lvl):
                self.lvl = lvl
            @functools.cached_property
            def tier(self):
                return "hi" if self.lvl > 1 else "lo"
            def f(self):
                first = self.tier
                self.lvl = -1
                if self.tier == "hi":
                    return "HI"
                return "LO"
    ''', 'expect = "\'LO\'"\n[rule.given]\n"self.lvl" = 2\n', function="D.f")
    assert run.exit_code == 1 and "got       'HI'" in run.output, run.output  # the getter ran again: "LO", clean


def test_a_cached_function_is_not_inlined_as_if_its_body_ran_at_each_call(cli, tmp_path):
    run = check(cli, tmp_path, '''
        import functools
        STATE = {"v": "idle"}
        @functools.cache
        def cached_state():
            return STATE["v"]
        def f(mode):
            cached_state()
            STATE["v"] = "busy"
            if cached_state() == "busy":
                return "BUSY"
            return "IDLE"
    ''', 'expect = "\'BUSY\'"\n')
    # Python returns "IDLE" (the cache holds the first value); inlined, it was proved "BUSY"
    assert run.exit_code == 1, run.output


def test_functions_of_the_tree_compare_by_identity(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def handle_x(cfg):
            return "X"
        def handle_y(cfg):
            return "Y"
        HANDLERS = {"x": handle_x, "y": handle_y}
        def f(mode):
            if mode in HANDLERS and HANDLERS[mode] is handle_y:
                return "IS_Y"
            return "OTHER"
    ''', 'forbid = ["\'IS_Y\'"]\n[rule.given]\nmode = "x"\n')
    assert run.exit_code == 0, run.output  # `handle_x ? handle_y` was a relation free to be `is`


def test_a_class_of_the_tree_is_never_none(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class A:
            pass
        T = {"x": A}
        def f(mode):
            q = T.get(mode)
            if q is not None:
                return "FOUND"
            return "NONE"
    ''', 'expect = "\'FOUND\'"\n[rule.given]\nmode = "x"\n')
    assert run.exit_code == 0, run.output  # it was violated with `A=None`


def test_each_round_of_a_loop_catches_an_exception_of_its_own(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def parse(m):
            return {"x": 1, "y": 2}[m]
        def f(mode):
            g = "s"
            for c in ("q", "y"):
                try:
                    v = parse(c)
                except KeyError:
                    v = 0
                if v == 0:
                    g = c
            return g
    ''', 'expect = "q"\n')
    # Python returns "q" (only the first round raises); the rule's own mode merged the two
    # rounds' "exception caught" atoms into one and proved "y"
    assert run.exit_code == 1 and "undetermined" in run.output and "violated" not in run.output, run.output


@pytest.mark.parametrize("guard", [
    'mode.upper() == "x"', "len(mode) == -1", "abs(n) < 0", "n % 2 == 5", 'f"on-{mode}" == "y"',
    'mode == "q" or mode.upper() == "x"', '"-".join((mode, "z")) == "y"',
])
def test_a_computed_value_no_input_gives_is_no_counterexample(cli, tmp_path, guard):
    run = check_guard(cli, tmp_path, guard, "mode, n", 'forbid = ["\'X\'"]\n[rule.given]\n"mode == \\"q\\"" = false\n'
                      if "q" in guard else 'forbid = ["\'X\'"]\n')
    # no string's upper case is "x", no length is negative...: each was "violated" at that value
    assert run.exit_code == 1 and "undetermined" in run.output and "found no input to give it" in run.output, run.output


@pytest.mark.parametrize("guard", ["n * 3 == 12", 'mode.upper() == "X"', 'f"on-{mode}" == "on-x"', "n % 3 == 2",
                                   'mode.upper() == "AB" and mode.lower() == "ab"', "len(mode) == 3"])
def test_a_computed_value_some_input_gives_is_a_counterexample(cli, tmp_path, guard):
    run = check_guard(cli, tmp_path, guard, "mode, n", 'forbid = ["\'X\'"]\n')
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output


def test_an_item_of_a_value_computed_from_a_fact_is_computed(cli, tmp_path):
    run = check_guard(cli, tmp_path, "divmod(n, 2)[1] == 1", "n", 'expect = "\'X\'"\n[rule.given]\nn = -1\n')
    assert run.exit_code == 0, run.output  # `divmod(n, 2)[1]` was free: "violated" with n = -1


def test_an_operation_on_sets_of_constants_is_no_free_atom(cli, tmp_path):
    run = check_guard(cli, tmp_path, 'mode in ALLOWED | {"y"}', "mode", 'expect = "\'X\'"\n[rule.given]\nmode = "w"\n',
                      head='ALLOWED = {"x", "w"}\n')
    # `|` of two sets was an atom free to be false; then undetermined; it is computed (round 20)
    assert run.exit_code == 0, run.output


CLASSES = '''
class Node:
    pass
class Mid(Node):
    pass
class Leaf(Mid):
    pass
class Other:
    pass
'''


def test_an_instance_the_function_makes_is_of_its_class_and_bases(cli, tmp_path):
    run = check(cli, tmp_path, CLASSES + '''
def f(mode):
    ob = (Leaf if mode == "x" else Other)()
    if isinstance(ob, Mid) and type(ob) is Leaf:
        return "LEAF"
    if isinstance(ob, (Mid, Node)):
        return "BAD"
    return "OTHER"
''', 'forbid = ["\'BAD\'"]\n')
    assert run.exit_code == 0, run.output  # `isinstance(Leaf(), Mid)` was a free atom: "BAD" with it false


def test_an_object_made_by_a_class_a_dict_holds_is_an_instance_of_that_class(cli, tmp_path):
    # `KINDS.get(mode, Node)()`, each of them a subclass of Node; and `Leaf() if c else Node()`,
    # whose second call is read after the first or not: an instance on each path (was an atom
    # per path, `isinstance(Node(), Node)` after `Leaf()`, and a 4-guard chain of 657,678 nodes)
    source = CLASSES + '''
KINDS = {"x": Leaf, "y": Mid}
def f(x, mode):
    a = Leaf() if x.c else Node()
    b = KINDS.get(mode, Node)()
    if isinstance(b, Node) and isinstance(a, Node):
        return "NODE"
    if x.d:
        return "OTHER"
    return "END"
'''
    run = check(cli, tmp_path, source, 'expect = "NODE"\n')
    assert run.exit_code == 0, run.output
    run = check(cli, tmp_path, source, 'reachable = ["OTHER"]\n')
    assert run.exit_code == 1 and "no branch returns OTHER" in run.output, run.output  # nothing else fires


def test_a_check_of_a_subclass_implies_its_base_check(cli, tmp_path):
    run = check(cli, tmp_path, CLASSES + '''
def f(ob):
    if isinstance(ob, Mid):
        return "MID"
    if isinstance(ob, Leaf):
        return "LEAF"
    return "OTHER"
''', 'forbid = ["\'LEAF\'"]\n')
    # a Leaf is a Mid: the second branch never fires (it was "violated" with `isinstance(ob, Mid)`
    # false and `isinstance(ob, Leaf)` true), and it is reported as shadowed
    assert run.exit_code == 0 and "line 15 ('LEAF') can never fire: shadowed by line 13" in run.output, run.output


def test_a_value_is_one_class_at_most(cli, tmp_path):
    run = check(cli, tmp_path, CLASSES + '''
def f(ob):
    if type(ob) is Leaf:
        if type(ob) is Mid or not isinstance(ob, Node):
            return "BAD"
        return "LEAF"
    if type(ob) is Other and isinstance(ob, Mid):
        return "BAD"
    return "OTHER"
''', 'forbid = ["\'BAD\'"]\n')
    assert run.exit_code == 0, run.output  # `Leaf ? type(ob)` and `Mid ? type(ob)` were free relations


def test_a_class_with_a_metaclass_keeps_its_checks_apart(cli, tmp_path):
    run = check(cli, tmp_path, '''
import abc
class Mid(abc.ABC):
    pass
class Leaf(Mid, metaclass=abc.ABCMeta):
    pass
def f(ob):
    if isinstance(ob, Mid):
        return "MID"
    if isinstance(ob, Leaf):
        return "LEAF"
    return "OTHER"
''', 'forbid = ["\'LEAF\'"]\n')
    # an ABC takes virtual instances (`Leaf.register(T)`): no implication is claimed
    assert run.exit_code == 1 and "can never fire" not in run.output, run.output


def test_a_module_dict_read_after_the_function_writes_an_item_is_not_its_entry_value(cli, tmp_path):
    run = check(cli, tmp_path, '''
        TABLE = {"x": "R_tx"}
        def f(flag):
            if flag:
                TABLE["x"] = "R_w"
            if TABLE.get("x") == "R_w":
                return "R0"
            return "R4"
    ''', 'forbid = ["\'R4\'"]\n[rule.given]\nflag = true\n')
    # Python returns "R0"; `TABLE.get("x")` after the write was the entry atom under the rule's
    # own mode (which assumes calls change nothing: the write is no call) and "R4" was proved
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


def test_setattr_with_a_literal_name_is_an_attribute_write(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(cfg, mode):
            if mode == "y":
                setattr(cfg, "m", mode)
            if cfg.m == "x":
                return "R2"
            return "R3"
    ''', 'forbid = ["\'R2\'"]\n[rule.given]\nmode = "y"\n')
    assert run.exit_code == 0, run.output  # it was "violated" with `cfg.m` "x" after setting it to "y"


@pytest.mark.parametrize("fact", ['"r is None" = true', 'r = "abc"'])
def test_an_ordered_comparison_a_fact_makes_raise_is_not_false(cli, tmp_path, fact):
    run = check_guard(cli, tmp_path, "r >= 1", "r", f'expect = "\'Y\'"\n[rule.given]\n{fact}\n')
    # Python raises TypeError there: it was "clean" (the comparison taken as false)
    assert run.exit_code == 1 and "undetermined" in run.output and "TypeError" in run.output, run.output


def test_an_ordered_comparison_of_literals_that_python_refuses_raises(cli, tmp_path):
    run = check(cli, tmp_path, '''
        LIMIT = None
        def f(a):
            if a:
                return "A"
            if LIMIT >= 1:
                return "R1"
            return "R2"
    ''', 'expect = "\'A\'"\n[rule.given]\na = false\n')
    assert run.exit_code == 1 and "raise TypeError" in run.output, run.output


@pytest.mark.parametrize("lookup", ['os.environ.get("XF_E")', 'os.getenv("XF_E")', 'env.get("XF_E")', 'env.get("XF_E", "0") != "0"'])
def test_a_lookup_of_a_key_not_in_the_mapping_is_its_default(cli, tmp_path, lookup):
    source = f'''
        import os
        def f(env):
            if "XF_E" in {"env" if lookup.startswith("env") else "os.environ"}:
                return "SET"
            if {lookup if "!=" in lookup else lookup + " is not None"}:
                return "LOOKED_UP"
            return "UNSET"
    '''
    run = check(cli, tmp_path, source, 'forbid = ["\'LOOKED_UP\'"]\n')
    # `"XF_E" in d` false with `d.get("XF_E")` not None was a counterexample no run gives
    assert run.exit_code == 0 and "can never fire" in run.output, run.output


INT_ENUMS = '''
import enum
class Lvl(enum.IntEnum):
    LOW = 0
    MID = 1
    HIGH = 2
class Feat(enum.IntFlag):
    A = 1
    B = 2
'''


@pytest.mark.parametrize("guard, params, fact, expected", [
    ("n >= Lvl.HIGH", "n", "n = 2", "X"), ("Lvl.LOW < n < Lvl.HIGH", "n", "n = 1", "X"), ("n == Lvl.MID", "n", "n = 5", "Y"),
    ("Feat.A & Feat.B", "n", "n = 0", "Y"), ("Feat.A in (Feat(0) | Feat.A if n else Feat(0))", "n", "n = 0", "Y"),
])
def test_an_int_enum_member_compares_and_computes_as_its_number(cli, tmp_path, guard, params, fact, expected):
    run = check_guard(cli, tmp_path, guard, params, f'expect = "\'{expected}\'"\n[rule.given]\n{fact}\n', head=INT_ENUMS)
    # each was "violated" with the member free to take any value (`HIGH=<1|1`)
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("mode, verdict", [("x", 0), ("X", 1)])
def test_an_enum_with_missing_finds_its_members_by_value_first(cli, tmp_path, mode, verdict):
    run = check(cli, tmp_path, '''
        import enum
        class Backend(enum.Enum):
            X = "x"
            Y = "y"
            @classmethod
            def _missing_(cls, value):
                return cls(value.lower()) if isinstance(value, str) else None
        def f(mode):
            if Backend(mode) is Backend.X:
                return "R0"
            return "R1"
    ''', f'expect = "\'R0\'"\n[rule.given]\nmode = "{mode}"\n')
    # "x" is X's value: R0 (it was a free atom, "violated"); "X" goes through `_missing_`: unknown
    assert run.exit_code == verdict and (verdict == 0 or "undetermined" in run.output), run.output


def test_a_decorator_of_the_tree_that_keeps_results_is_a_cache(cli, tmp_path):
    run = check(cli, tmp_path, '''
        import functools
        def cache_once(fn):
            result_map = {}
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                key = (args, tuple(sorted(kwargs.items())))
                if key not in result_map:
                    result_map[key] = fn(*args, **kwargs)
                return result_map[key]
            return wrapper
        @cache_once
        def platform():
            return "cuda"
        def f(mode):
            if platform() == "rocm":
                return "ROCM"
            return "OTHER"
    ''', 'expect = "\'ROCM\'"\n[rule.given]\n"platform()" = "rocm"\n')
    # SGLang's `@cache_once` (177 uses): the call is an atom rules bind, as `@cache`'s is (it was
    # opaque: the fact bound nothing there)
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("guard, fact, exit_code", [('mode[0] == "a"', 'mode = "ab"', 1), ('mode[0] == "ab"', 'mode = "ab"', 0)])
def test_a_fact_on_a_value_does_not_bind_its_first_item(cli, tmp_path, guard, fact, exit_code):
    run = check_guard(cli, tmp_path, guard, "mode", f'forbid = ["\'X\'"]\n[rule.given]\n{fact}\n')
    # the fact `mode = "ab"` bound `mode[0]` too (a rule meant for a call's tuple `ok, why = f()`):
    # `mode[0] == "a"` was proved false, a wrong clean
    assert run.exit_code == exit_code, run.output


@pytest.mark.parametrize("guard, fact", [
    ('next(iter([mode, "w"])) == "w"', 'mode = "x"'),  # a builtin the model does not compute was an input
    ('"{m}".format(m=mode) == "x"', 'mode = "y"'),  # keywords were dropped from the atom's text
    ('max([1, *([2] if a else [])]) == 5', 'a = true'),  # a starred item stopped the value search
    ('divmod(7, 2)[1] == 5', 'a = true'),  # of constants alone: nothing was searched
    ('"".join(reversed(mode)) == "q"', 'mode = "x"'),  # unmodeled inside a computed text
    ('min(["ab", "-"], key=len).upper() == "Q"', 'a = true'),  # a method of a value of unmodeled code
    ('(mode * 2)[1] == "q"', 'mode = "xx"'),  # rendered `mode * 2[1]`: another expression
    ('mode.split("-")[0][0] == "z"', 'mode = "y"'),  # an item of an item
    ('("%d" % n).split("-")[-1] == "None"', 'a = true'),  # an item of a list Python computes
])
def test_a_value_python_computes_is_no_free_input(cli, tmp_path, guard, fact):
    run = check_guard(cli, tmp_path, guard, "mode, n, a", f'forbid = ["\'X\'"]\n[rule.given]\n{fact}\n')
    # Python never takes the branch; each was "violated" at a value no input gives (exploratory fuzz round 3)
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


@pytest.mark.parametrize("change", ['delattr(cfg, "s")', 'cfg.__dict__.pop("s", None)', "vars(cfg).clear()"])
def test_deleting_an_attribute_through_a_call_is_seen(cli, tmp_path, change):
    run = check(cli, tmp_path, f'''
        def f(cfg):
            {change}
            if getattr(cfg, "s", "gone") == "gone":
                return "R0"
            return "R1"
    ''', 'forbid = ["\'R1\'"]\n')
    # Python returns "R0" (or raises): "R1" was proved with `cfg.s` read as its entry value
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


@pytest.mark.parametrize("setup, guard", [
    ('d = {"x": 1, "y": 2}\n    if a:\n        d = d | {"w": 0, "x": 2}', 'next(iter(d)) == "w"'),  # a merged dict's first key
    ('d = {"x": 1} | {"w": 0}', '"q" in d or d["x"] == 5'),  # `|` of two dicts was a free text
    ('d = {"m": mode}', '"%(m)s-v" % d == "y-v"'),  # `%` with a dict shown as `Mapping(entries=...)`: free
    ('d = dict(env)', 'env.get("k", "0") == "1" and env.get("k", "") == ""'),  # one key, two defaults
    ('c = [k for k in ("x", "y") if k != mode]', 'min(c, key=PMAP.get) == mode'),  # a text that is no expression
])
def test_dicts_python_builds_are_no_free_inputs(cli, tmp_path, setup, guard):
    run = check(cli, tmp_path, f'''
PMAP = {{"x": 1, "y": 2}}
def f(a, mode, env):
    {setup}
    if {guard}:
        return "X"
    return "Y"
''', 'forbid = ["\'X\'"]\n[rule.given]\nmode = "x"\n')
    # Python never returns "X"; each was "violated" (exploratory fuzz round 3)
    assert run.exit_code in (0, 2) or "undetermined" in run.output, run.output
    assert "violated" not in run.output and "Mapping(" not in run.output, run.output


def test_a_walrus_in_a_comprehension_binds_in_the_function(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(n):
            y = 0
            [y := x for x in range(n)]
            if y == 2:
                return "R1"
            return "R0"
    ''', 'expect = "\'R0\'"\n[rule.given]\nn = 3\n')
    # Python returns "R1" (y is 2): it was "clean", y kept its old value
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


def test_two_long_unmodeled_values_are_two_atoms(cli, tmp_path):
    pad = "z" * 60
    run = check(cli, tmp_path, f'''
        def f(mode):
            if sorted(["a", mode + "{pad}x"])[-1] == "b{pad}y":
                return "R0"
            if sorted(["a", mode + "{pad}y"])[-1] == "b{pad}y":
                return "R1"
            return "R2"
    ''', 'forbid = ["\'R1\'"]\n')
    # mode "b" returns "R1": with one generic name they were one atom, and "R1" was proved unreachable
    assert run.exit_code == 1 and "can never fire" not in run.output, run.output


@pytest.mark.parametrize("change", ['TABLE.update({"x": "R_new"})', 'TABLE.pop("x")', "TABLE.clear()"])
def test_a_module_dict_changed_by_a_method_is_not_its_entry_value(cli, tmp_path, change):
    run = check(cli, tmp_path, f'''
        TABLE = {{"x": "R_tx"}}
        def f(mode):
            {change}
            if TABLE.get("x") == "R_tx":
                return "R1"
            return "R0"
    ''', 'forbid = ["\'R1\'"]\n')
    # Python returns "R0": `TABLE.get("x")` after the change was the entry atom under the rule's own mode
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


@pytest.mark.parametrize("guard, expected", [
    ("Lvl(n) is Lvl.HIGH", "X"), ("n in (Lvl.MID, Lvl.HIGH)", "X"), ("Lvl.HIGH.value == n", "X"), ("-Lvl.HIGH == -2", "X"),
    ('{2: "a"}.get(Lvl.HIGH) == "a"', "X"), ("Lvl.MID in [1] and n == 2", "X"),
])
def test_an_int_enum_member_is_its_number_in_lookups_containers_and_signs(cli, tmp_path, guard, expected):
    run = check_guard(cli, tmp_path, guard, "n", f'expect = "\'{expected}\'"\n[rule.given]\nn = 2\n', head=INT_ENUMS)
    # each was "violated" with the member's value free (exploratory fuzz round 3)
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("write", ['cfg.__setattr__("m", "q")', 'object.__setattr__(cfg, "m", "q")', 'vars(cfg)["m"] = "q"'])
def test_an_attribute_written_through_its_dunder_or_dict_is_written(cli, tmp_path, write):
    run = check(cli, tmp_path, f'''
        def f(cfg):
            {write}
            if cfg.m == "q":
                return "R0"
            return "R1"
    ''', 'forbid = ["\'R1\'"]\n')
    # Python returns "R0": the write was not seen (`cfg.m` read as its entry value, free: "R1" proved)
    assert run.exit_code in (0, 2) or "undetermined" in run.output, run.output


def test_format_with_keywords_is_computed_from_its_arguments(cli, tmp_path):
    run = check_guard(cli, tmp_path, '"{m}_{k}".format(m=mode, k=n) == "y-1"', "mode, n", 'forbid = ["\'X\'"]\n')
    # no input makes "y-1" (an underscore, not a dash): it was "violated" at that value
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


@pytest.mark.parametrize("guard", ["len(mode[0]) == 2", 'mode[0].upper() == "AB"', 'str(mode[1]) == "AB"'])
def test_an_item_of_a_value_a_fact_gives_is_computed_inside_a_call(cli, tmp_path, guard):
    run = check_guard(cli, tmp_path, guard, "mode", 'forbid = ["\'X\'"]\n[rule.given]\nmode = "ab"\n')
    # an item of "ab" is one character: "X" never; it was "violated" with `len(mode[0])` 2
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


@pytest.mark.parametrize("statement, facts, exception", [
    ("k = 6 // n", "n = 0", "ZeroDivisionError"), ("a, b = mode", 'mode = "abc"', "ValueError"),
    ("k = mode.upper()", "mode = 3", "AttributeError"), ("n + 1", 'n = "a"', "TypeError"),
    ("flag = n > 5", 'n = "a"', "TypeError"), ("k = 1; k += 6 // n", "n = 0", "ZeroDivisionError"),
])
def test_a_statement_the_facts_make_raise_is_no_clean_answer(cli, tmp_path, statement, facts, exception):
    run = check(cli, tmp_path, f'''
        def f(mode, n):
            {statement}
            return "X"
    ''', f'expect = "\'X\'"\n[rule.given]\n{facts}\n')
    # Python raises there and never returns "X": the value no guard reads was not looked at (clean;
    # exploratory fuzz round 4, exception_with_fact_ignored, unpack_with_fact_ignored)
    assert run.exit_code == 1 and f"raises {exception} under the facts`, which the model does not follow" in run.output, run.output


def test_a_statement_that_raises_only_where_an_earlier_branch_returned_is_clean(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(n, mode):
            if n == 0:
                return "Z"
            k = 6 // n
            if mode:
                a, b = mode
            return "X"
    ''', 'expect = "\'Z\'"\n[rule.given]\nn = 0\nmode = "abc"\n')
    assert run.exit_code == 0, run.output
    run = check(cli, tmp_path, '''
        def f(n):
            if n != 0:
                k = 6 // n
            return "X"
    ''', 'expect = "\'X\'"\n[rule.given]\nn = 0\n')
    assert run.exit_code == 0, run.output


def test_a_policy_step_met_by_a_passed_through_value_is_no_definite_violation(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(cfg):
            if cfg.x:
                return "A"
            return cfg.m
    ''', 'order = [{when = "cfg.x", then = "\'A\'"}]\notherwise = "\'B\'"\n')
    # `cfg.m` may be "B": it was "violated", got `m`
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


@pytest.mark.parametrize("guard", [
    "mode.isupper() and mode != mode.upper()", 'mode == "" and mode.lower() != mode',
    'mode != mode.lower() and mode.lower() == "a" and mode != "A"', "mode[:1] != mode[0:1]",
])
def test_a_relation_between_a_value_and_its_own_method_needs_an_input_that_gives_it(cli, tmp_path, guard):
    run = check_guard(cli, tmp_path, guard, "mode", 'forbid = ["\'X\'"]\n')
    # no string gives either: the relation variable was free, "violated" (exploratory fuzz round 4)
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


@pytest.mark.parametrize("guard", ["mode != mode.upper()", 'mode == mode.lower() and mode.upper() != mode', "mode[:1] == mode"])
def test_a_relation_some_string_gives_is_still_a_violation(cli, tmp_path, guard):
    run = check_guard(cli, tmp_path, guard, "mode", 'forbid = ["\'X\'"]\n')
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output


# ---------------------------------------------------------------- exploratory fuzz round 5

@pytest.mark.parametrize("body, guard, returns", [
    ('class B(str, Enum):\n    NONE = ""\n    FLASH = "flash"\n', "B.NONE", "Y"),  # a str mixin's "" is false
    ("class B(Enum):\n    FLASH = 1\n    FA = 1\n", "B.FA is B.FLASH", "X"),  # an alias is the member
    ("class B(Enum):\n    FLASH = 1\n    FA = 1.0\n", 'B.FA.name == "FLASH"', "X"),
    ('class B(Enum):\n    FLASH = "flash"\n    _TRITON = "triton"\n', 'has("triton")', "X"),
    ('class B(Enum):\n    _ignore_ = ["LEGACY"]\n    FLASH = "flash"\n    LEGACY = "legacy"\n', 'has("legacy")', "Y"),
    ('class F(Flag):\n    NONE = 0\n    A = 1\n', "F.NONE", "Y"),
])
def test_enum_members_are_what_python_makes_them(cli, tmp_path, body, guard, returns):
    source = "from enum import Enum, Flag\n" + body + f'''
def has(value):
    for b in B:
        if b.value == value:
            return True
    return False

def f():
    if {guard}:
        return "X"
    return "Y"
'''
    run = check(cli, tmp_path, source, f'expect = "\'{returns}\'"\n')
    # each was clean for the other outcome (a falsy member taken as true, an alias as a member of
    # its own, `_TRITON` left out, `_ignore_` names iterated)
    assert run.exit_code == 0, run.output
    run = check(cli, tmp_path, source, f'expect = "\'{"X" if returns == "Y" else "Y"}\'"\n')
    assert run.exit_code != 0, run.output


def test_a_module_constant_a_walrus_rebinds_is_no_constant(cli, tmp_path):
    run = check(cli, tmp_path, '''
        MODE = "a"
        (MODE := "b")

        def f():
            if MODE == "a":
                return "A"
            return "B"
    ''', 'expect = "\'A\'"\n')
    assert run.exit_code == 1, run.output  # Python returns "B": it was clean


def test_none_is_an_instance_of_no_class_of_the_tree(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class Fp8Config:
            pass

        def f(quant):
            if quant is None:
                return "UNQUANT"
            if isinstance(quant, Fp8Config):
                return "FP8"
            return "OTHER"
    ''', 'expect = "\'FP8\'"\n[rule.given]\n"isinstance(quant, Fp8Config)" = true\n')
    assert run.exit_code == 0, run.output  # it was violated with quant None


@pytest.mark.parametrize("guard", ['B.FLASH.startswith("fl")', 'B.FLASH < "g"', "len(B.FLASH) == 5", 'B.FLASH + "_x" == "flash_x"',
                                   'B.FLASH.upper() == "FLASH"', '{"flash": 1}.get(B.FLASH) == 1'])
def test_a_str_mixin_member_computes_as_its_string(cli, tmp_path, guard):
    run = check_guard(cli, tmp_path, guard, "", 'expect = "\'X\'"\n', head='''
        from enum import Enum
        class B(str, Enum):
            FLASH = "flash"
    ''')
    assert run.exit_code == 0, run.output  # it was violated, or decided false


def test_a_plain_enum_called_with_a_value_equal_to_a_members_is_that_member(cli, tmp_path):
    run = check_guard(cli, tmp_path, "Level(n) is Level.LOW", "n", 'expect = "\'X\'"\n[rule.given]\nn = 1.0\n', head='''
        from enum import Enum
        class Level(Enum):
            LOW = 1
            HIGH = 3
    ''')
    assert run.exit_code == 0, run.output  # `Level(n)` was an input: violated with `Level(n)` other than LOW


@pytest.mark.parametrize("make", ["c = Cfg()", "c = Data()"])
def test_an_attribute_of_an_object_the_function_made_is_no_input(cli, tmp_path, make):
    run = check(cli, tmp_path, f'''
        from dataclasses import dataclass

        class Cfg:
            backend = "flash"

        @dataclass
        class Data:
            backend: str = "flash"

        def f():
            {make}
            if c.backend == "flash":
                return "X"
            return "Y"
    ''', 'expect = "\'X\'"\n')
    # it was violated with `backend` other than "flash": no input chooses it
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


def test_a_relation_with_a_side_of_unmodeled_code_has_no_operands_to_try(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(x, c):
            m, k = x.size() if c else x.shape
            if len(x.name) != m:
                return "X"
            return "Y"
    ''', 'forbid = ["\'X\'"]\n')
    # the relation `len(x.name) ? <m, k = x.size()>` had its opaque side parsed for constants: a
    # SyntaxError inside the witness search (fused_moe diff)
    assert run.exit_code == 1 and "Traceback" not in run.output, run.output


def test_a_computation_that_never_raises_is_no_refusal(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(cfg):
            known = isinstance(cfg.s, str) or callable(cfg.s)
            return "X"
    ''', 'expect = "\'X\'"\n[rule.given]\n"cfg.s" = "v"\n')
    # `isinstance` is not computed from a fact's value here, and was taken to maybe raise: undetermined
    assert run.exit_code == 0, run.output


def test_a_relation_between_inputs_is_searched_with_the_computed_atoms_of_one(cli, tmp_path):
    run = check_guard(cli, tmp_path, 'mode == "a" and mode < k and k < "a"', "mode, k", 'forbid = ["\'X\'"]\n')
    # no string k is above "a" and below it: the relation was free of `k < "a"` (violated;
    # exploratory fuzz round 4, str_order_transitivity)
    assert run.exit_code == 0 or "undetermined" in run.output, run.output
    run = check_guard(cli, tmp_path, 'mode == "a" and mode < k and k < "b"', "mode, k", 'forbid = ["\'X\'"]\n')
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output  # k = "aa"


@pytest.mark.parametrize("call, returns", [("Cfg().on()", "X"), ("Sub().on()", "Y"), ("Cfg().prop", "X"), ("Cfg.make().on()", "X")])
def test_a_method_of_an_object_the_function_made_runs_its_class_code(cli, tmp_path, call, returns):
    source = f'''
        class Cfg:
            KIND = "a"
            def on(self):
                return self.KIND == "a"
            @property
            def prop(self):
                return self.on()
            @classmethod
            def make(cls):
                return cls()

        class Sub(Cfg):
            KIND = "b"

        def f():
            if {call}:
                return "X"
            return "Y"
    '''
    run = check(cli, tmp_path, source, f'expect = "\'{returns}\'"\n')
    # `on()` of `Cfg()` was an input: violated with `on()` false (exploratory fuzz round 5 shape)
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


# ---------------------------------------------------------------- exploratory fuzz round 6


@pytest.mark.parametrize("make", ['[c for c in out if c != "X"]', "list(out)", "out + []", "[*out]"])
def test_a_list_a_comprehension_or_copy_made_is_one_the_function_goes_on_changing(cli, tmp_path, make):
    run = check(cli, tmp_path, f'''
        def f(a):
            out = ["B", "A"]
            if a:
                out = {make}
            out.insert(0, "D")
            out.append("E")
            return out
    ''', 'first = "\'D\'"\ncontains = ["\'E\'"]\n')
    # the comprehension's list was a value, not an object: `insert` and `append` were lost on its
    # path (`first "B"` clean, `contains "E"` violated)
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("cls", [
    "@dataclass\nclass Cfg:\n    mode: str = 'a'\n",
    "class Cfg(NamedTuple):\n    mode: str = 'a'\n",
    "class Cfg:\n    mode = 'a'\n    def __init__(self, **kw):\n        self.__dict__.update(kw)\n",
    "class Cfg:\n    mode = 'a'\n    @classmethod\n    def make(cls, m):\n        o = cls()\n        o.mode = m\n        return o\n",
])
def test_a_class_attribute_its_instances_may_set_is_no_constant(cli, tmp_path, cls):
    body = textwrap.indent('def pick(self):\n    if self.mode == "a":\n        return "DEF"\n    return "OTHER"\n', "    ")
    (tmp_path / "mod.py").write_text("from dataclasses import dataclass\nfrom typing import NamedTuple\n" + cls + body)
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "Cfg.pick"\nexpect = "\'DEF\'"\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    # `Cfg(mode="b").pick()` returns "OTHER": the default was folded as a class constant (clean)
    assert run.exit_code == 1, run.output


def test_a_decorator_of_the_tree_on_the_target_is_no_definite_answer(cli, tmp_path):
    source = '''
        import functools

        def deco(func):
            @functools.wraps(func)
            def wrapper(mode):
                if mode == "y":
                    mode = "x"
                return func(mode)
            return wrapper

        def register(fn):
            REGISTRY.append(fn)
            return fn

        REGISTRY = []

        @deco
        def f(mode):
            if mode == "x":
                return "X"
            if mode == "y":
                return "Y"
            return "O"

        @register
        def g(mode):
            if mode == "x":
                return "X"
            return "O"
    '''
    run = check(cli, tmp_path, source, 'forbid = ["\'X\'"]\n[rule.given]\nmode = "y"\n')
    # `f("y")` returns "X" through the wrapper: the body alone was clean
    assert run.exit_code == 1 and "undetermined" in run.output, run.output
    run = check(cli, tmp_path, source, 'forbid = ["\'X\'"]\n[rule.given]\nmode = "y"\n', function="g")
    assert run.exit_code == 0, run.output  # a decorator that returns the function keeps it


@pytest.mark.parametrize("head, guard", [
    ("BASE = 3\nLIMIT = BASE * 2\n", "n >= LIMIT"), ("LIMIT = len('abcdef')\n", "n >= LIMIT"),
    ("LIMIT = (6, 7)[0]\n", "n >= LIMIT"), ("T = {'a': 6}\nLIMIT = T['a']\n", "n >= LIMIT"),
    ("BASE = 3\nclass P:\n    LIMIT = BASE * 2\n", "n >= P.LIMIT"),
])
def test_a_constant_python_computes_from_constants_is_that_value(cli, tmp_path, head, guard):
    run = check_guard(cli, tmp_path, guard, "n", 'expect = "\'Y\'"\n[rule.given]\nn = 5\n', head=head)
    # LIMIT is always 6: it was an input, violated at `LIMIT <= 5`
    assert run.exit_code == 0, run.output


def test_a_private_name_is_the_mangled_attribute(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class P:
            __mode = "x"

            def pick(self, m):
                if m == self._P__mode + "y" and self.__mode == "x":
                    return "XY"
                return "O"
    ''', 'expect = "\'XY\'"\n[rule.given]\nm = "xy"\n', function="P.pick")
    assert run.exit_code == 0, run.output  # `self._P__mode` was a free atom: violated


@pytest.mark.parametrize("old, new, changed", [
    ('if d.get("k", "a") == "a":\n        return "A"\n    if d.get("k") == "b":\n        return "B"\n    return "O"',
     'if d.get("k", "b") == "a":\n        return "A"\n    if d.get("k") == "b":\n        return "B"\n    return "O"', "1 of"),
    ('if os.environ.get("K", "a") == "a":\n        return "A"\n    return "O"',
     'if os.environ.get("K") == "a":\n        return "A"\n    return "O"', "1 of"),
    ('out = ["A", "B", "C"]\n    if d is None:\n        out = [c for c in out if c != "B"]\n    if len(out) > 2:\n        out.insert(0, "B")\n    return out',
     'out = ["A", "B", "C"]\n    if len(out) > 2:\n        out.insert(0, "B")\n    if d is None:\n        out = [c for c in out if c != "B"]\n    return out', None),
    ('if d is None:\n        return "NONE"\n    return "O"',
     'try:\n        if d is None:\n            return "NONE"\n    finally:\n        pass\n    return "O"', None),
])
def test_diff_lists_only_changes_some_input_makes(cli, tmp_path, old, new, changed):
    for name, body in (("old", old), ("new", new)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "mod.py").write_text(f"import os\n\ndef f(d):\n    {body}\n")
    run = cli("diff", "--no-cache", tmp_path / "old", tmp_path / "new", "mod.py")
    # round 6: regions no mapping gives (a lookup's default in each version unrelated), a list's
    # length an atom, a `finally` alone taken to catch
    if changed is None:
        assert run.exit_code == 0 and "0 decisions changed" in run.output, run.output
    else:
        assert run.exit_code == 1 and f"{changed} " in run.output and "(1 region)" in run.output, run.output


# ---------------------------------------------------------------- exploratory fuzz round 7


@pytest.mark.parametrize("source, returns", [
    ('''
        def f(mode):
            backend = "A"
            if mode == "x":
                backend = "X"
                return len(backend)
            backend = "B"
            return len(backend)
    ''', "X"),  # left early with the variable "X": only the end's value was read (clean)
    ('''
        def f(mode):
            chosen = "A"
            def setb():
                nonlocal chosen
                chosen = "B"
            if mode == "b":
                setb()
            return 0
    ''', "B"),  # a nested function's `nonlocal` write after the body's last assignment
])
def test_a_decision_variable_is_its_last_value_on_every_way_out(cli, tmp_path, source, returns):
    variable = "backend" if "backend" in source else "chosen"
    run = check(cli, tmp_path, source, f'forbid = ["\'{returns}\'"]\n', function=f"f:{variable}")
    assert run.exit_code == 1 and "undetermined" not in run.output and f"'{returns}'" in run.output, run.output


def test_a_variable_never_assigned_on_a_way_out_is_no_rules_concern(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(mode):
            if mode == "q":
                return 0
            backend = "A" if mode == "a" else "B"
            return 1
    ''', 'forbid = ["\'B\'"]\n[rule.given]\nmode = "q"\n', function="f:backend")
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("head", [
    "USE_NEW = True\nif USE_NEW:\n    def f(m):\n        return 'A'\nelse:\n    def f(m):\n        return 'C'\n",
    "def f(m):\n    return 'C'\ndef _impl(m):\n    return 'A'\nf = _impl\n",
])
def test_a_target_bound_more_than_once_is_no_answer(cli, tmp_path, head):
    run = check(cli, tmp_path, head, 'expect = "\'C\'"\n')
    # the last `def` was checked (clean), though the module binds the first
    assert run.exit_code == 2 and "bound more than once" in run.output, run.output


def test_a_helper_bound_more_than_once_is_unknown_not_an_input(cli, tmp_path):
    run = check(cli, tmp_path, '''
        FLAG = False
        if FLAG:
            def ok(m):
                return m == "a"
        else:
            def ok(m):
                return False

        def f(m):
            if ok(m):
                return "A"
            return "B"
    ''', 'reachable = ["\'A\'"]\n')
    # `ok(m)` was an input a rule may choose: "A" reachable, clean; Python never returns it
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


@pytest.mark.parametrize("old, new, reason", [
    ("def f(mode, *, fast=False):\n    if fast:\n        return 'F'\n    return 'X' if mode == 'a' else 'Y'\n",
     "def f(mode, *, fast=True):\n    if fast:\n        return 'F'\n    return 'X' if mode == 'a' else 'Y'\n", "the default of `fast` changed"),
    ("def f(s):\n    if s.startswith('a'):\n        return 'X'\n    return 'Y'\n",
     "def f(s):\n    if s[:1] == 'a':\n        return 'X'\n    return 'Y'\n", "to take values the model does not relate"),
    ("def f(mode):\n    match mode:\n        case ['a', _]:\n            return 'X'\n    return 'Z'\n",
     "def f(mode):\n    if mode == ['a', 1]:\n        return 'X'\n    return 'Z'\n", "code the model does not follow"),
])
def test_diff_claims_no_change_an_input_cannot_make(cli, tmp_path, old, new, reason):
    for name, body in (("old", old), ("new", new)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "mod.py").write_text(body)
    run = cli("diff", "--no-cache", tmp_path / "old", tmp_path / "new", "mod.py")
    # round 7: a default changed was "0 decisions changed"; a slice for `startswith` and a
    # `match` made `if`s listed regions no input (or only some unmodeled value) gives
    assert run.exit_code == 1 and "not compared" in run.output and reason in run.output, run.output


def test_a_computed_constant_something_changes_in_place_is_no_constant(cli, tmp_path):
    run = check_guard(cli, tmp_path, "len(X) == 3", "", 'expect = "\'X\'"\n', head='''
        ORDER = ["a", "b"]
        X = ORDER + ["z"]
        X.append("q")
    ''')
    assert run.exit_code == 1, run.output  # X has 4 items: folded to 3, it was clean


# ---------------------------------------------------------------- exploratory fuzz round 8


@pytest.mark.parametrize("sub, returns", [
    ("class Sub(Base):\n    CAP = int(os.environ.get('X_CAP', '90'))\n", None),  # an input: no answer for every env
    ("class Sub(Base):\n    CAP = Base.CAP + 10\n", "SLOW"),
    ("class Sub(Base):\n    CAP, NAME = 90, 'x'\n", "SLOW"),
    ("class Sub(Base):\n    if True:\n        CAP = 90\n", None),
    ("class Sub(Base):\n    CAP = 90\n    del CAP\n", "FAST"),
    ("class Sub(Base):\n    pass\nSub.CAP = 90\n", None),
    ("class Sub(Base):\n    CAP: int = 90\n", "SLOW"),
])
def test_a_subclass_binding_hides_its_bases_constant(cli, tmp_path, sub, returns):
    source = "import os\n\nclass Base:\n    CAP = 80\n\n" + sub + '''
def f(c):
    if c >= Sub.CAP:
        return "FAST"
    return "SLOW"
'''
    # c = 85: the base's 80 was read for every shape (FAST clean, or SLOW violated)
    run = check(cli, tmp_path, source, 'expect = "\'FAST\'"\n[rule.given]\nc = 85\n')
    if returns == "FAST":
        assert run.exit_code == 0 or "undetermined" in run.output, run.output
    else:
        assert run.exit_code == 1, run.output
        assert returns is None or "undetermined" not in run.output, run.output


def test_a_field_a_dataclass_base_sets_is_no_constant_of_a_subclass(cli, tmp_path):
    run = check(cli, tmp_path, '''
        from dataclasses import dataclass

        @dataclass
        class Base:
            cap: int = 80

        class Sub(Base):
            cap: int = 90

            def pick(self, c):
                if c >= self.cap:
                    return "FAST"
                return "SLOW"
    ''', 'expect = "\'SLOW\'"\n[rule.given]\nc = 85\n', function="Sub.pick")
    # `Sub().cap` is 80 (the dataclass's __init__ sets it): 90 was folded, clean
    assert run.exit_code == 1, run.output


# ---------------------------------------------------------------- crash and bad-input hunt (round 9)


@pytest.mark.parametrize("body", [
    "def h():\n        nonlocal y\n        y = True\n    run(h)",
    "def g():\n        def h():\n            nonlocal y\n            y = True\n        h()\n    g()",
    "def g():\n        def h():\n            nonlocal y\n            y = True\n        return h\n    g()()",
    "def h():\n        nonlocal y\n        y = True\n    d = {'a': h}\n    d['a']()",
    "class K:\n        nonlocal y\n        y = True",
])
def test_a_local_a_nested_function_sets_is_what_it_sets(cli, tmp_path, body):
    source = "def run(fn):\n    fn()\n\n\ndef f(x):\n    y = False\n    " + body + '\n    if y and x:\n        return "B"\n    return "A"\n'
    run = check(cli, tmp_path, source, 'expect = "\'A\'"\n[rule.given]\nx = true\n')
    # Python returns "B": the write was missed and "A" proved (round 9)
    assert run.exit_code == 1, run.output


@pytest.mark.parametrize("source, rule", [
    ("def f(x):\n    if x:\n        yield 'B'\n    return 'A'\n", 'expect = "\'A\'"\n'),  # a call returns a generator
    ("def f(cfg):\n    if cfg.disabled:\n        return 'A'\n    return 'B'\n",
     'expect = "\'A\'"\n[rule.given]\n"cfg.disabled" = true\ndisabled = false\n'),  # two values for one atom
    ("def f(m):\n    return 'A'\n", 'forbid = [""]\n'),
])
def test_a_rule_the_model_cannot_read_is_exit_2(cli, tmp_path, source, rule):
    run = check(cli, tmp_path, source, rule)
    assert run.exit_code == 2, run.output


def test_a_set_of_one_value_is_that_value(cli, tmp_path):
    run = check_guard(cli, tmp_path, "n > 10", "n", 'forbid = ["\'X\'"]\n[rule.given]\nn = ["abc"]\n')
    assert run.exit_code == 1 and "raises TypeError under the facts" in run.output, run.output  # was clean


def test_a_list_that_doubles_in_a_loop_is_unknown_past_a_size(cli, tmp_path):
    for op in ("L = L + L", "L += L", "L.extend(L)", "L = [*L, *L]"):
        run = check(cli, tmp_path, f'''
            def f(c):
                L = [1]
                for _ in range(40):
                    {op}
                if c.x in L:
                    return "B"
                return "A"
        ''', 'expect = "\'A\'"\n')
        assert run.exit_code == 1, (op, run.output)  # it took minutes and gigabytes


def test_a_constant_of_literals_the_folder_cannot_compute_is_no_input(cli, tmp_path):
    head = "S = " + " + ".join(["'x'"] * 3000) + "\n"
    run = check_guard(cli, tmp_path, "k == S", "k", 'forbid = ["\'X\'"]\n[rule.given]\nk = "x"\n', head=head)
    # S was an input: violated at S = "x" (folded where the recursion limit allows, else unknown)
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


def test_diff_paths_outside_or_missing_are_errors(cli, tmp_path):
    for name in ("old", "new"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "mod.py").write_text("def f(m):\n    return 'A' if m else 'B'\n")
    for path in ("nope.py", "/etc", str(tmp_path / "new" / "nope.py")):
        run = cli("diff", "--no-cache", tmp_path / "old", tmp_path / "new", path)
        assert run.exit_code == 2 and "internal error" not in run.output, (path, run.output)
    run = cli("diff", "--no-cache", tmp_path / "old", tmp_path / "new", str(tmp_path / "new" / "mod.py"))
    assert run.exit_code == 0, run.output  # an absolute path inside a tree is that file


def test_a_rule_file_whose_rule_is_no_table_is_exit_2(cli, tmp_path):
    (tmp_path / "mod.py").write_text("def f():\n    return 'A'\n")
    (tmp_path / "r.toml").write_text('rule = ["a"]\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    assert run.exit_code == 2 and "internal error" not in run.output, run.output


def test_a_target_with_a_colon_and_no_variable_is_exit_2(cli, tmp_path):
    run = check(cli, tmp_path, "class Sel:\n    def choose(self, x):\n        use = x\n        return 'a' if use else 'b'\n",
                'expect = "\'a\'"\n', function="Sel.choose:")
    assert run.exit_code == 2 and "Qualname:variable" in run.output, run.output  # it was read as `Sel.choose`
    run = cli("explain", "mod.py::Sel.choose:", "--root", tmp_path)
    assert run.exit_code == 2, run.output


def test_an_include_pattern_that_matches_no_rule_is_exit_2(cli, tmp_path):
    (tmp_path / "mod.py").write_text("def f(m):\n    return 'A' if m else 'B'\n")
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "f"\nforbid = ["\'C\'"]\n')
    (tmp_path / "pyproject.toml").write_text('[tool.ordercheck]\nrules = ["r.toml"]\ninclude = ["md.py"]\n')
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "ordercheck.cli", "check"], cwd=tmp_path, capture_output=True, text=True)
    # a typo left no rule: "0 targets", exit 0 (round 9)
    assert done.returncode == 2 and "matches no rule" in done.stderr + done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("text, code", [
    ('\ufeff[tool.ordercheck]\nrules = ["r.toml"]\n', 0),  # a BOM hid the table: "no rules named"
    ('[tool.ordercheck]\nrules = ["r.toml"]\n# \xff\n', 2),  # a byte that is no UTF-8: ignored
    ('[tool]\nordercheck = 1\n', 2),
])
def test_a_pyproject_the_model_cannot_read_is_no_silence(tmp_path, text, code):
    import subprocess
    import sys
    (tmp_path / "mod.py").write_text("def f(m):\n    return 'A' if m else 'B'\n")
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "f"\nreachable = ["\'A\'"]\n')
    (tmp_path / "pyproject.toml").write_bytes(text.encode("utf-8") if "\xff" not in text else text.replace("\xff", "").encode() + b"\xff\n")
    done = subprocess.run([sys.executable, "-m", "ordercheck.cli", "check"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == code and "Traceback" not in done.stderr, done.stdout + done.stderr


@pytest.mark.parametrize("fact", ["nan", "[1.0, nan]", "{ min = nan }"])
def test_a_nan_fact_is_exit_2(cli, tmp_path, fact):
    # `x == x` was folded to true before the fact `x = nan` came: clean, where Python returns "Y"
    run = check_guard(cli, tmp_path, "x == x", "x", f'expect = "X"\n[rule.given]\nx = {fact}\n')
    assert run.exit_code == 2 and "NaN is not modelled" in run.output, run.output


def test_an_atom_is_never_equal_to_a_nan_constant(cli, tmp_path):
    run = check_guard(cli, tmp_path, "y == NAN", "y", 'forbid = ["X"]\n', head='NAN = float("nan")\n')
    # (the domains never gave `y == nan` a value; the comparison is folded now where it is built)
    assert run.exit_code in (0, 2) and "scenario" not in run.output, run.output
    run = check_guard(cli, tmp_path, "y != NAN", "y", 'expect = "X"\n', head='NAN = float("nan")\n')
    assert run.exit_code == 0, run.output


def test_a_fact_that_computes_nan_is_undetermined(cli, tmp_path):
    run = check(cli, tmp_path, '''
def f(y):
    x = float(y)
    if x > 0.5:
        return "A"
    if x <= 0.5:
        return "B"
    return "C"
''', 'forbid = ["C"]\n[rule.given]\ny = "nan"\n')
    assert run.exit_code == 1 and "computes NaN" in run.output, run.output  # was clean: Python returns "C"


def test_a_return_in_finally_replaces_the_body_s_return(cli, tmp_path):
    # the `try` was opaque: 'A' was an "unknown outcome" (exit 2; round 9)
    run = check(cli, tmp_path, "def f(a):\n    try:\n        return 'B'\n    finally:\n        return 'A'\n", "expect = \"'A'\"\n")
    assert run.exit_code == 0, run.output
    source = '''
def f(a):
    try:
        if a:
            return "B"
    finally:
        if not a:
            return "A"
    return "C"
'''
    assert check(cli, tmp_path, source, 'expect = "A"\n[rule.given]\na = false\n').exit_code == 0
    run = check(cli, tmp_path, source, 'forbid = ["C"]\n')
    assert run.exit_code == 0, run.output  # a true returns "B", a false "A" (an exception raises)
    run = check(cli, tmp_path, source, 'expect = "A"\n[rule.given]\na = true\n')
    assert run.exit_code == 1 and "'B'" in run.output, run.output


def test_a_break_in_finally_discards_the_return(cli, tmp_path):
    source = '''
def f(a):
    for i in [1, 2]:
        try:
            return "B"
        finally:
            if a:
                break
    return "C"
'''
    assert check(cli, tmp_path, source, 'expect = "C"\n[rule.given]\na = true\n').exit_code == 0
    assert check(cli, tmp_path, source, 'forbid = ["C"]\n[rule.given]\na = false\n').exit_code == 0  # "B" (or it raises)


def check_package(cli, tmp_path, files: dict[str, str], target: str, rule: str):
    """`check` of `pkg/sel.py::{target}` in a package of `files` (path under pkg/ -> source)."""
    (tmp_path / "pkg").mkdir(exist_ok=True)
    (tmp_path / "pkg" / "__init__.py").write_text(files.pop("__init__.py", ""))
    for name, source in files.items():
        (tmp_path / "pkg" / name).write_text(textwrap.dedent(source))
    (tmp_path / "r.toml").write_text(f'[[rule]]\nid = "r"\npath = "pkg/sel.py"\nfunction = "{target}"\n' + textwrap.dedent(rule))
    return cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)


@pytest.mark.parametrize("change", [
    "for _order in (PRIORITY, OTHER):\n    _order.insert(0, 'PLUGIN')\n",
    "t, o = {}, PRIORITY\no.reverse()\n",
    "(o := PRIORITY).reverse()\n",
    "ALL = {'cuda': PRIORITY}\nALL['cuda'].reverse()\n",
])
def test_a_module_list_changed_through_another_name_is_no_constant(cli, tmp_path, change):
    # round 10: the list was folded as written, clean, where Python returns 'PLUGIN' or 'TRITON'
    run = check_package(cli, tmp_path, {
        "backends.py": "PRIORITY = ['FLASH_ATTN', 'TRITON']\nOTHER = ['AITER']\n" + change,
        "sel.py": "from .backends import PRIORITY\n\ndef select():\n    for name in PRIORITY:\n        return name\n",
    }, "select", "expect = \"FLASH_ATTN\"\n")
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


@pytest.mark.parametrize("change", [
    "for _cls in (Flash, Triton):\n    _cls.FP8 = True\n",
    "F = Flash\nF.FP8 = True\n",
    "type.__setattr__(Flash, 'FP8', True)\n",
])
def test_a_class_attribute_written_through_another_name_is_no_constant(cli, tmp_path, change):
    run = check_package(cli, tmp_path, {
        "sel.py": "class Flash:\n    FP8 = False\n\nclass Triton:\n    FP8 = False\n\n" + change
                  + "\ndef select():\n    if Flash.FP8:\n        return 'FLASH'\n    return 'TRITON'\n",
    }, "select", "expect = \"TRITON\"\n")
    assert run.exit_code == 1, run.output  # round 10: clean; Python returns 'FLASH'


def test_a_class_a_metaclass_makes_keeps_no_constants(cli, tmp_path):
    run = check_package(cli, tmp_path, {"sel.py": '''
        import os

        class Meta(type):
            def __new__(mcs, name, bases, ns):
                ns["ENABLED"] = os.environ.get("ENABLE", "1") == "1"
                return super().__new__(mcs, name, bases, ns)

        class Base(metaclass=Meta):
            ENABLED = True

        class Flash(Base):
            ENABLED = True

        def select():
            if Flash.ENABLED:
                return "FLASH"
            return "TRITON"
    '''}, "select", 'expect = "FLASH"\n')
    assert run.exit_code == 1, run.output  # round 10: clean; with ENABLE=0 Python returns 'TRITON'


@pytest.mark.parametrize("head", [
    "from .backends import *\n",
    "from pkg import *\n",  # re-exported by the package's own `from .backends import *`
    "from pkg import Flash, LIMIT\n",
])
def test_a_star_import_resolves_like_an_explicit_one(cli, tmp_path, head):
    run = check_package(cli, tmp_path, {
        "__init__.py": "from .backends import *\n",
        "backends.py": "__all__ = ['Flash', 'LIMIT']\nLIMIT = 4\n\nclass Flash:\n    @classmethod\n"
                       "    def is_supported(cls, cfg):\n        return True\n",
        "sel.py": head + "\ndef pick(cfg):\n    if Flash.is_supported(cfg) and LIMIT == 4:\n        return 'FLASH'\n    return 'NONE'\n",
    }, "pick", 'expect = "FLASH"\n')
    assert run.exit_code == 0, run.output  # round 10: a free atom, a definite violation


@pytest.mark.parametrize("head", ["from . import helpers\n", "from pkg import helpers\n"])
def test_a_submodule_imported_from_its_package_is_followed(cli, tmp_path, head):
    run = check_package(cli, tmp_path, {
        "helpers.py": "DEFAULT = 'a'\n\ndef use_triton(cfg):\n    return True\n",
        "sel.py": head + "\ndef select(cfg):\n    if helpers.use_triton(cfg) and helpers.DEFAULT == 'a':\n"
                         "        return 'TRITON'\n    return 'AITER'\n",
    }, "select", 'expect = "TRITON"\n')
    assert run.exit_code == 0, run.output  # round 10 (`from vllm import envs`): free atoms, a definite violation


def test_is_true_is_not_equal_to_true(cli, tmp_path):
    source = 'def f(a):\n    if a is True:\n        return "X"\n    if a == True:\n        return "Y"\n    return "Z"\n'
    run = check(cli, tmp_path, source, 'forbid = ["Y"]\n')
    # round 11: one atom: clean, and 'Y' "can never fire"; f(1) and f(1.0) return "Y"
    assert run.exit_code == 1 and "a=1" in run.output and "never fire" not in run.output, run.output
    assert check(cli, tmp_path, source, 'expect = "X"\n[rule.given]\na = true\n').exit_code == 0
    assert check(cli, tmp_path, source, 'expect = "Y"\n[rule.given]\na = 1\n').exit_code == 0


def test_a_diff_from_is_true_to_equals_true_changes_for_one(cli, tmp_path):
    run = _diff(cli, tmp_path, 'def f(a):\n    if a is True:\n        return "X"\n    return "Y"\n',
                'def f(a):\n    if a == True:\n        return "X"\n    return "Y"\n')
    assert run.exit_code == 1 and "a=1" in run.output, run.output  # round 11: "0 decisions changed"


@pytest.mark.parametrize("fact, raises", [("[0, 1]", True), ("[1, 2]", False), ("{ min = 0, max = 1 }", True)])
def test_a_set_or_range_fact_that_makes_a_statement_raise_is_no_clean(cli, tmp_path, fact, raises):
    run = check(cli, tmp_path, 'def f(n):\n    k = 6 // n\n    return "A"\n', f'expect = "A"\n[rule.given]\nn = {fact}\n')
    assert (run.exit_code, "raise" in run.output) == ((1, True) if raises else (0, False)), run.output  # round 11: clean


def test_a_range_fact_read_by_an_order_comparison_raises_nothing(cli, tmp_path):
    run = check(cli, tmp_path, 'def f(n):\n    if n > 1:\n        return "A"\n    return "B"\n', 'expect = "A"\n[rule.given]\nn = { min = 2 }\n')
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("statement, exception", [
    ('v = int("b")', "ValueError"), ("v = 6 // 0", "ZeroDivisionError"), ('v = "abc"[5]', "IndexError"),
    ('v = "a" + 1', "TypeError"),
])
def test_a_statement_python_refuses_on_constants_raises(cli, tmp_path, statement, exception):
    run = check(cli, tmp_path, f'def f(a):\n    if a:\n        {statement}\n    return "A"\n', 'expect = "A"\n[rule.given]\na = true\n')
    assert run.exit_code == 1 and exception in run.output, run.output  # round 11: clean (no guard read v)


def test_containment_of_a_nan_is_undetermined(cli, tmp_path):
    run = check(cli, tmp_path, 'def f(a):\n    x = float("nan")\n    if a and x in [x]:\n        return "A"\n    return "B"\n',
                'expect = "B"\n[rule.given]\na = true\n')
    assert run.exit_code == 1, run.output  # round 11: clean; `x in [x]` holds (identity first)


def test_a_class_kept_in_a_list_keeps_its_constants(cli, tmp_path):
    run = check_package(cli, tmp_path, {
        "b.py": "class A:\n    NAME = 'X'\n\nclass B:\n    NAME = 'X'\n",
        "sel.py": "from .b import A, B\n\ndef select(flag):\n    order = [A]\n    if flag:\n        order.append(B)\n"
                  "    return order[-1].NAME\n",
    }, "select", 'expect = "X"\n')
    assert run.exit_code == 0, run.output  # round 10: 'B.NAME', a definite violation


def test_a_class_handed_to_a_call_may_have_its_attributes_written(cli, tmp_path):
    run = check_package(cli, tmp_path, {
        "b.py": "class B:\n    NAME = 'X'\n", "h.py": "def reg(c):\n    c.NAME = 'Z'\n",
        "sel.py": "from .b import B\nfrom .h import reg\nreg(B)\n\ndef select():\n    return B.NAME\n",
    }, "select", 'expect = "X"\n')
    assert run.exit_code != 0, run.output  # Python returns 'Z'


def test_a_module_written_through_one_name_and_read_through_another(cli, tmp_path):
    run = check_package(cli, tmp_path, {
        "c.py": "DEFAULT = 'a'\n",
        "sel.py": "import pkg.c as c\nfrom . import c as other\n\ndef select():\n    other.DEFAULT = 'b'\n"
                  "    if c.DEFAULT == 'a':\n        return 'A'\n    return 'B'\n",
    }, "select", 'expect = "B"\n')
    assert run.exit_code == 0, run.output  # round 10: a violation with DEFAULT="a"


def test_a_falsy_operand_that_is_not_none_is_one_python_makes(cli, tmp_path):
    run = check(cli, tmp_path, 'def f(dtype):\n    if not dtype and dtype is not None and dtype.startswith("fp"):\n'
                '        return "CUTLASS"\n    return "TRITON"\n', 'forbid = ["CUTLASS"]\n')
    assert run.exit_code in (0, 1) and ("undetermined" in run.output or run.exit_code == 0), run.output  # round 10: violated


def test_str_of_a_truth_is_true_or_false(cli, tmp_path):
    run = check(cli, tmp_path, 'def f(m):\n    v = str(bool(m)).upper()\n    if v:\n        return "A"\n    return "B"\n',
                'expect = "A"\n')
    assert run.exit_code == 0 or "undetermined" in run.output, run.output  # round 11: `str(m)`, violated with m ""


def test_a_builtin_of_a_local_computes_from_its_value(cli, tmp_path):
    run = check(cli, tmp_path, 'def f(x, t):\n    v = x or t\n    if isinstance(v, float):\n        return "B"\n    return "A"\n',
                'expect = "A"\n[rule.given]\nx = ""\nt = "a"\n')
    assert run.exit_code == 0 or "undetermined" in run.output, run.output  # round 11: `isinstance(v, float)` free, violated


def test_a_constant_read_after_a_call_on_some_paths_is_still_the_constant(cli, tmp_path):
    for name, limit, extra in (("old", 3, ""), ("new", 4, "\n\ndef other(x):\n    y = x + 1\n    return y\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "consts.py").write_text(f"LIMIT = {limit}\n")
        (tmp_path / name / "sel.py").write_text("import os\nimport consts\n\n\ndef select(b, n):\n    if b:\n        os.getcwd()\n"
                                                "    if n > consts.LIMIT:\n        return 'C'\n    return 'D'\n" + extra)
    run = cli("diff", "--no-cache", tmp_path / "old", tmp_path / "new")
    assert run.exit_code == 1 and "n in (3, 4]" in run.output, run.output  # round 13: "0 decisions changed"


def test_a_raise_in_an_assignment_chain_is_its_outcome(cli, tmp_path):
    source = '''
class Runner:
    def adjust(self):
        args = self.args
        if self.special:
            if args.backend is None:
                args.backend = "x"
            elif args.backend != "x":
                raise ValueError("needs x")
        if args.backend is None:
            args.backend = "y"
'''
    run = check(cli, tmp_path, source, 'expect = "raise ValueError"\n[rule.given]\nspecial = true\nbackend = "z"\n',
                function="Runner.adjust:args.backend")
    assert run.exit_code == 0, run.output  # round 12: "got 'z'", a violation; Python raises


def test_a_diff_compares_assignment_chains(cli, tmp_path):
    old = 'class R:\n    def adjust(self):\n        a = self.args\n        if a.backend is None:\n            if self.mla:\n' \
          '                a.backend = "fa3"\n            else:\n                a.backend = "triton"\n'
    run = _diff(cli, tmp_path, old, old.replace('"fa3"', '"flashinfer"'))
    assert run.exit_code == 1 and "R.adjust:a.backend" in run.output, run.output  # round 12: "0 decisions changed"


def test_a_variable_target_through_a_local_alias(cli, tmp_path):
    source = 'class R:\n    def adjust(self):\n        a = self.args\n        a.backend = "x" if self.special else "y"\n'
    run = check(cli, tmp_path, source, 'expect = "y"\n[rule.given]\nspecial = false\n', function="R.adjust:a.backend")
    assert run.exit_code == 0, run.output  # round 12: read `self.a.backend`, "got None"


def test_not_in_is_the_negation_of_in(cli, tmp_path):
    run = check(cli, tmp_path, 'import os\n\ndef f():\n    if "OC_X" in os.environ and os.environ["OC_X"] == "1":\n'
                '        return "E"\n    return "B"\n', 'forbid = ["raise KeyError"]\n')
    assert run.exit_code in (0, 2), run.output  # round 13: `in` and `not in` were two atoms, both true: a KeyError


@pytest.mark.parametrize("old, new", [
    ('os.environ.get("OC_X", "0") == "1"', '"OC_X" in os.environ and os.environ["OC_X"] == "1"'),
    ('d.get("k", "x") == "y"', '(d["k"] if "k" in d else "x") == "y"'),
])
def test_a_get_rewritten_as_a_membership_test_and_a_subscript_changes_nothing(cli, tmp_path, old, new):
    head = "import os\n\ndef select(d):\n    if {}:\n        return 'E'\n    return 'B'\n"
    run = _diff(cli, tmp_path, head.format(old), head.format(new))
    assert run.exit_code == 0 or "not compared" in run.output, run.output  # round 13: 4 and 2 regions


@pytest.mark.parametrize("old, new", [('getattr(cfg, "mode", "x")', 'getattr(cfg, "mode", "y")'),
                                      ("cfg.mode", 'getattr(cfg, "mode", "x")')])
def test_a_changed_getattr_default_is_not_compared(cli, tmp_path, old, new):
    head = "def select(cfg):\n    if {} == 'x':\n        return 'X'\n    return 'O'\n"
    run = _diff(cli, tmp_path, head.format(old), head.format(new))
    assert run.exit_code == 1 and "not compared" in run.output, run.output  # round 13: "no change", exit 0


def test_two_lookups_of_one_key_with_a_default_of_an_input(cli, tmp_path):
    old = "import os\n\ndef f(d):\n    if os.environ.get('OC_X', '1') != '1':\n        return 'B'\n    return 'A'\n"
    new = "import os\n\ndef f(d):\n    if os.environ.get('OC_X', '1') != '1' and os.environ.get('OC_X', d) == '1':\n" \
          "        return 'C'\n    if os.environ.get('OC_X', '1') != '1':\n        return 'B'\n    return 'A'\n"
    run = _diff(cli, tmp_path, old, new)
    assert run.exit_code == 0, run.output  # round 13: a region 'B' -> 'C' no environment gives


def test_a_diff_region_resting_on_a_value_python_refuses_is_not_compared(cli, tmp_path):
    old = 'def select(n, mode):\n    if n == 0:\n        return "D"\n    if mode is None:\n        return "N"\n    return "B"\n'
    run = _diff(cli, tmp_path, old, old.replace("if n == 0:", 'if n == 0 and mode in "xy":'))
    # round 13: a region mode=None, `mode in "xy"` false: 'D' -> 'N', where Python raises TypeError
    assert "'D' (line 3)  ->  'N'" not in run.output and "not compared" in run.output, run.output


def test_a_region_that_needs_a_value_one_version_alone_reads_is_not_listed(cli, tmp_path):
    old = '''
def is_fast(mode):
    return mode == "x"

def select(a, mode):
    if a:
        return "C"
    if is_fast(mode):
        return "A"
    return "B"
'''
    new = old.replace('        return "C"', '        return "Z"').replace(
        '    if is_fast(mode):', '    try:\n        fast = is_fast(mode)\n    except ValueError:\n        fast = False\n    if fast:')
    run = _diff(cli, tmp_path, old, new)
    # round 13: "a=false, mode="x", <exception caught ...>=true: 'A' -> 'B'" was listed as definite
    assert run.exit_code == 1 and "'C' (line 7)  ->  'Z'" in run.output and "'A' (line" not in run.output, run.output


def test_a_helper_s_module_global_is_not_the_target_s_parameter(cli, tmp_path):
    source = 'n = 0\n\ndef setn(v):\n    global n\n    n = v\n\ndef g():\n    return n > 3\n\ndef f(n):\n    if g():\n' \
             '        return "G"\n    if n > 3:\n        return "N"\n    return "Z"\n'
    run = check(cli, tmp_path, source, 'forbid = ["Z"]\n[rule.given]\n"mod.n" = 0\n')
    assert "never fire" not in run.output, run.output  # round 15: one atom `n`: 'N' (line 10) was "shadowed"
    assert run.exit_code == 1 and "'Z'" in run.output, run.output  # f(0) with mod.n = 0: 'Z'
    run = check(cli, tmp_path, source, 'forbid = ["G"]\n[rule.given]\n"mod.n" = 0\n')
    assert run.exit_code == 0, run.output  # g() reads the module's n, not the parameter


@pytest.mark.parametrize("head", ["BASE = 0\nLIMIT = BASE * 2\n\ndef other(k=LIMIT):\n    return k\n",
                                  "BASE = 0\nLIMIT = BASE * 2\n\nclass C:\n    DEPTH = LIMIT\n"])
def test_a_computed_constant_used_as_a_default_or_alias_stays_folded(cli, tmp_path, head):
    run = check_guard(cli, tmp_path, "n > LIMIT", "n", 'expect = "Y"\n[rule.given]\nn = 0\n', head=head)
    assert run.exit_code == 0, run.output  # round 14: LIMIT free, a violation with LIMIT<0


def test_a_class_constant_computed_from_its_base_s(cli, tmp_path):
    run = check_guard(cli, tmp_path, "n >= Sub.DEPTH", "n", 'expect = "Y"\n[rule.given]\nn = 1\n',
                      head="class Base:\n    DEPTH = 1\n\nclass Sub(Base):\n    DEPTH = Base.DEPTH + 1\n")
    assert run.exit_code == 0, run.output  # round 14: Sub.DEPTH free, a violation


def test_a_table_imported_from_another_module_is_held(cli, tmp_path):
    run = check_package(cli, tmp_path, {"lib.py": "TABLE = {'a': 1, 'b': 3}\n",
                                        "sel.py": "from .lib import TABLE\n\ndef decide(mode):\n    if TABLE.get(mode, 0) > 2:\n"
                                                  "        return 'R3'\n    return 'R5'\n"},
                        "decide", 'expect = "R5"\n[rule.given]\nmode = "a"\n')
    assert run.exit_code == 0, run.output  # round 14: TABLE.get(mode, 0) free, a violation


def test_an_order_rule_whose_counterexample_raises_is_no_crash(cli, tmp_path):
    source = 'class Base:\n\n    @classmethod\n    def accepts(cls, x):\n        return x == cls.TAG\n\n    def supports(self, x):\n        return self.accepts(x) or x == "a"\n\nclass Sub(Base):\n    pass\n\nclass Other(Base):\n    pass\n\nKINDS = {"a": Sub, "c": Other}\n\ndef h0(x, k=0):\n    return k\n\ndef decide(mode, cfg):\n    if (mode or "").strip() == "":\n        return "R1"\n    elif Sub().supports(str(mode)):\n        o0 = KINDS.get(mode, Sub)()\n        if o0.supports(cfg.kind):\n            return "R0"\n        if (w0 := h0("a", k=cfg.level)) > 0:\n            return "R4"\n'
    run = check(cli, tmp_path, source, "order = [{ when = 'cfg.level > 0', then = \"R1\" }]\notherwise = \"R4\"\n"
                "[rule.given]\n\"cfg.kind\" = \"b\"\n", function="decide")
    assert run.exit_code == 1 and "internal error" not in run.output, run.output  # round 14: TypeError in _finding


def test_an_attribute_chain_reports_each_value_at_its_assignment(cli, tmp_path):
    source = '''
class Srv:
    def setup(self, backend, user=None):
        if user is not None:
            self.backend = user
        elif backend == "cuda":
            self.backend = "triton"
        else:
            self.backend = "cpu"
'''
    run = check(cli, tmp_path, source, 'expect = "cpu"\n[rule.given]\nbackend = "cuda"\n"user is None" = true\n',
                function="Srv.setup:self.backend")
    assert run.exit_code == 1 and "mod.py:7:" in run.output, run.output  # round 15: every arm at line 9


def test_a_list_of_classes_is_a_list_of_names(cli, tmp_path):
    source = "class Tri:\n    pass\n\nclass Fla:\n    pass\n\ndef order(hopper):\n    out = [Tri]\n    if hopper:\n" \
             "        out.insert(0, Fla)\n    return out\n"
    run = check(cli, tmp_path, source, 'first = "Fla"\n[rule.given]\nhopper = true\n', function="order")
    assert run.exit_code == 0, run.output  # round 15: undetermined, "the model does not know ([Fla, Tri])"


def test_discover_names_a_self_attribute_chain_with_self(cli, tmp_path):
    (tmp_path / "srv.py").write_text("class Srv:\n    def setup(self, backend):\n        if backend == 'cuda':\n"
                                     "            self.backend = 'triton'\n        else:\n            self.backend = 'cpu'\n")
    run = cli("discover", "srv.py", "--root", tmp_path)
    assert "Srv.setup:self.backend" in run.output, run.output  # round 15: `:backend`, the parameter
    run = cli("discover", tmp_path / "srv.py")  # outside the root (the working directory): an internal error
    assert run.exit_code == 2 and "outside the root" in run.output, run.output


def test_a_string_literal_is_shown_escaped(cli, tmp_path):
    run = check(cli, tmp_path, "def f(mode):\n    if mode == 'a\" or \"b':\n        return 'Q'\n    return 'Z'\n",
                'expect = "Z"\n[rule.given]\nmode = \'a" or "b\'\n')
    assert "because   mode == 'a\" or \"b' = true" in run.output, run.output  # round 15: shown as `"a" or "b"`


def test_mermaid_escapes_its_entity_sign(cli, tmp_path):
    (tmp_path / "mod.py").write_text('def f(tag):\n    if tag == "#lt;b#gt;":\n        return "x"\n    return "y"\n')
    run = cli("explain", "mod.py::f", "--root", tmp_path, "--format", "mermaid")
    assert "#35;lt;b#35;gt;" in run.output, run.output  # round 15: rendered as "<b>"


def test_mutate_leaves_out_a_rule_that_already_fails(cli, tmp_path):
    (tmp_path / "mod.py").write_text("def f(major):\n    if major > 9:\n        return 'FAST'\n    return 'SLOW'\n")
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "f"\nexpect = "FAST"\n')
    run = cli("mutate", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    assert "0 caught" in run.output and "already failing" in run.output, run.output  # round 15: credited with catches


def test_a_table_keyed_by_enum_members_is_held(cli, tmp_path):
    source = '''
from enum import Enum

class Trt:
    @staticmethod
    def ok(cfg):
        return cfg.blackwell

class Tri:
    @staticmethod
    def ok(cfg):
        return not cfg.blackwell

class Backend(Enum):
    TRT = "TRT"
    TRI = "TRI"

KERNELS = {Backend.TRT: Trt, Backend.TRI: Tri}

def select(cfg):
    for b in [Backend.TRT, Backend.TRI]:
        if KERNELS[b].ok(cfg):
            return b
    raise ValueError("none")
'''
    run = check(cli, tmp_path, source, 'expect = "TRT"\n[rule.given]\nblackwell = true\n', function="select")
    assert run.exit_code == 0, run.output  # round 12: `KERNELS[b].ok(cfg)` free atoms, a violation
    run = _diff(cli, tmp_path, source, source.replace("[Backend.TRT, Backend.TRI]", "[Backend.TRI, Backend.TRT]"))
    assert run.exit_code == 0, run.output  # mutually exclusive candidates reordered: no change


def test_a_diff_region_keeps_a_value_and_its_truth_apart(cli, tmp_path):
    old = 'def select(a):\n    if a is True:\n        return "T"\n    if a:\n        return "Y"\n    return "Z"\n'
    run = _diff(cli, tmp_path, old, old.replace('return "Y"', 'return "N"'))
    (tmp_path / "j").mkdir()
    assert "bool(a)=true" in run.output, run.output  # round 13: "a=<1|other, a=true", and JSON kept one `a`


@pytest.mark.parametrize("fact", ['[1, "a"]', '["a", 1]'])
def test_a_set_fact_whose_value_an_order_comparison_refuses_is_undetermined(cli, tmp_path, fact):
    run = check_guard(cli, tmp_path, "n > 10", "n", f'expect = "Y"\n[rule.given]\nn = {fact}\n')
    assert run.exit_code == 1 and "TypeError" in run.output, run.output  # round 9 (open until now): clean


def test_item_writes_into_a_dict_the_function_made(cli, tmp_path):
    source = '''
def overrides(sm100, runner, a2a):
    out = {}
    if sm100 and runner == "auto":
        if a2a == "none":
            out["runner"] = "trtllm"
    elif runner == "auto":
        out["runner"] = "marlin"
    return out
'''
    run = check(cli, tmp_path, source, 'forbid = ["{\'runner\': \'trtllm\'}"]\n[rule.given]\na2a = ["deepep", "deepep_v2"]\n',
                function="overrides")
    assert run.exit_code == 0, run.output  # round 12 (SGLang #39079's shape): undetermined on the fixed code


def test_a_list_holding_a_dict_sees_its_item_write(cli, tmp_path):
    source = 'def f(x):\n    d = {}\n    lst = [d]\n    d["k"] = 1\n    if lst[0].get("k", 0) == 1:\n        return "A"\n    return "B"\n'
    run = check(cli, tmp_path, source, 'forbid = ["A"]\n')
    assert run.exit_code != 0, run.output  # the list kept the old dict: clean, where Python returns "A"


def test_a_dict_or_list_the_function_made_is_never_none(cli, tmp_path):
    source = '''
def f(a, b):
    d = {"k": 1} if a else {"k": 2}
    if d is None:
        return "NONE"
    x = [] if b else [1]
    if x == False:
        return "FALSE"
    return "B"
'''
    run = check(cli, tmp_path, source, 'forbid = ["\'NONE\'", "\'FALSE\'"]\n')
    assert run.exit_code == 0, run.output  # vLLM 0.33's fp8 oracle: `({'k': 1} is None)` an atom, undetermined
    (tmp_path / "mod.py").write_text(textwrap.dedent(source).replace('if a else {"k": 2}', 'if a else None'))
    run = cli("explain", f"{tmp_path / 'mod.py'}::f")
    assert "Mapping(" not in run.output and '{"k": 1}' in run.output, run.output  # a dict shows as Python writes it


def test_an_outcome_no_branch_names_is_said_where_a_branch_passes_a_value_through(cli, tmp_path):
    source = '''
import enum
class Backend(enum.Enum):
    FLEX = "f"
    TRITON = "t"
def f(selected, use_mla):
    if use_mla:
        return selected.get_path()
    if selected == Backend.FLEX:
        return Backend.FLEX
    return Backend.TRITON
'''
    run = check(cli, tmp_path, source, 'expect = "FLEXX"\n[rule.given]\n"selected == Backend.FLEX" = true\nuse_mla = false\n')
    assert run.exit_code == 1, run.output  # running the code: FLEX, not FLEXX
    # round 12: "expected FLEXX, got FLEX" with no word that no branch names FLEXX
    assert "no branch names the outcome `FLEXX` (did you mean `FLEX`?)" in run.output, run.output
    assert "branch at line 8 may return" in run.output, run.output


# ---------------------------------------------------------------- round 16: engine dispatch shapes


def test_super_in_a_classmethod_keeps_the_class_it_was_called_on(cli, tmp_path):
    source = '''
class Base:
    MIN_CAP = 80
    @classmethod
    def is_supported(cls, cap):
        return cap >= cls.MIN_CAP
class Mid(Base):
    @classmethod
    def is_supported(cls, cap):
        return super().is_supported(cap)
class Leaf(Mid):
    MIN_CAP = 100
def f(cap):
    if Leaf.is_supported(cap):
        return "LEAF"
    return "OTHER"
'''
    run = check(cli, tmp_path, source, 'expect = "\'LEAF\'"\n[rule.given]\ncap = 90\n')
    assert run.exit_code == 1, run.output  # round 16: clean (`cls` was Mid, MIN_CAP 80); Python returns OTHER


def test_a_tuple_a_helper_returns_is_true_in_an_if(cli, tmp_path):
    source = '''
class Flash:
    @staticmethod
    def is_supported(cap):
        return cap >= 90, "needs sm90"
def f(cap):
    if Flash.is_supported(cap):
        return "FLASH"
    return "OTHER"
'''
    run = check(cli, tmp_path, source, 'expect = "\'OTHER\'"\n[rule.given]\ncap = 80\n')
    assert run.exit_code == 1, run.output  # round 16: clean (the tuple was its first item); Python returns FLASH


def test_a_class_list_changed_through_a_subclass_is_no_constant(cli, tmp_path):
    source = '''
class Base:
    DTYPES = ["fp16"]
class Fp8(Base):
    pass
Fp8.DTYPES.append("fp8")
def f(dtype):
    if dtype in Base.DTYPES:
        return "BASE"
    return "NONE"
'''
    run = check(cli, tmp_path, source, 'expect = "\'NONE\'"\n[rule.given]\ndtype = "fp8"\n')
    assert run.exit_code == 1, run.output  # round 16: clean; `Fp8.DTYPES` is Base's list, now ["fp16", "fp8"]


def test_the_truth_of_an_object_whose_class_defines_len_is_no_input(cli, tmp_path):
    source = '''
class Reasons:
    def __len__(self):
        return 0
class Plain:
    pass
def reasons(cap):
    if cap < 90:
        return Reasons()
    return None
def f(cap, x):
    if Plain() and not x:
        return "PLAIN"
    if reasons(cap):
        return "FALLBACK"
    return "FLASH"
'''
    run = check(cli, tmp_path, source, 'expect = "\'FLASH\'"\n[rule.given]\ncap = 80\nx = true\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output  # round 16: violated, `Reasons()=true`
    run = check(cli, tmp_path, source, 'expect = "\'PLAIN\'"\n[rule.given]\nx = false\n')
    assert run.exit_code == 0, run.output  # an object of a class with neither is true


def test_getattr_and_hasattr_of_a_class_that_lacks_the_attribute(cli, tmp_path):
    source = '''
class A:
    pass
class B:
    SUPPORTS_SINKS = True
    def fused(self):
        return True
def f(sinks):
    for cls in (A, B):
        if sinks and not getattr(cls, "SUPPORTS_SINKS", False):
            continue
        if not hasattr(cls, "fused"):
            return "NO_FUSED"
        return cls.__name__
'''
    run = check(cli, tmp_path, source, 'expect = "\'B\'"\n[rule.given]\nsinks = true\n')
    assert run.exit_code == 0, run.output  # round 16: violated, `SUPPORTS_SINKS=true` of A (an input)
    run = check(cli, tmp_path, source, 'expect = "\'NO_FUSED\'"\n[rule.given]\nsinks = false\n')
    assert run.exit_code == 0, run.output  # A has no `fused`: hasattr is false (was an input)


def test_the_length_of_an_enum_class_is_its_members(cli, tmp_path):
    source = 'import enum\nclass B(enum.Enum):\n    FLASH = 1\n    TRITON = 2\ndef f(x):\n    if len(B) == 2:\n        return "OK"\n    return "NO"\n'
    run = check(cli, tmp_path, source, 'expect = "\'OK\'"\n')
    assert run.exit_code == 0, run.output  # round 16: violated with `len(B)=<2|>2`


def test_a_str_mixin_member_computes_as_its_string_and_auto_values_are_not_inputs(cli, tmp_path):
    source = '''
import enum
class B(str, enum.Enum):
    FLASH = "flash_attn"
    TRITON = "triton"
class A(str, enum.Enum):
    X = enum.auto()
def f(use_fa, name):
    b = B.FLASH if use_fa else B.TRITON
    if b.startswith("flash"):
        return "FA"
    if name == A.X:
        return "X"
    return "OTHER"
'''
    run = check(cli, tmp_path, source, 'expect = "\'FA\'"\n[rule.given]\nuse_fa = true\n')
    assert run.exit_code == 0, run.output  # round 16: violated, `FLASH.startswith('flash')=false` an input
    run = check(cli, tmp_path, source, 'expect = "\'X\'"\n[rule.given]\nuse_fa = false\nname = "1"\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output  # round 16: violated, `X=other than "1"`


def test_a_class_tuple_of_enum_members_is_read_where_it_is_bound(cli, tmp_path):
    source = '''
import enum
class Kind(enum.Enum):
    MHA = 1
    MLA = 2
class FlashMLA:
    KINDS = (Kind.MLA,)
class FA:
    KINDS = (Kind.MHA,)
def f(mla):
    k = Kind.MLA if mla else Kind.MHA
    for c in (FlashMLA, FA):
        if k in c.KINDS:
            return c.__name__
    return "NONE"
'''
    run = check(cli, tmp_path, source, 'expect = "\'FA\'"\n[rule.given]\nmla = false\n')
    assert run.exit_code == 0, run.output  # round 16: violated, `(Kind.MHA in FlashMLA.KINDS)=true` an input


# ---------------------------------------------------------------- round 17: ordinary Python semantics


def test_an_object_compared_by_its_own_eq_is_no_fold(cli, tmp_path):
    source = '''
from dataclasses import dataclass
class Never:
    def __eq__(self, other):
        return False
@dataclass(eq=False)
class Cfg:
    mode: str = "a"
def f(x):
    a = Never()
    if a == a and x:
        return "SAME"
    if Cfg() == Cfg():
        return "EQ"
    return "NE"
'''
    run = check(cli, tmp_path, source, 'expect = "\'SAME\'"\n[rule.given]\nx = true\n')
    assert run.exit_code == 1, run.output  # round 17: clean (`a == a` folded true); Python returns NE
    run = check(cli, tmp_path, source, 'expect = "\'NE\'"\n[rule.given]\nx = false\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output  # was violated: dataclass fields compared


def test_len_and_membership_of_an_object_the_function_made_are_no_inputs(cli, tmp_path):
    source = '''
class Bag:
    def __len__(self):
        return 3
    def __contains__(self, k):
        return True
def f(n):
    if len(Bag()) == n:
        return "EQ"
    if n in Bag():
        return "IN"
    return "O"
'''
    run = check(cli, tmp_path, source, 'expect = "\'EQ\'"\n[rule.given]\nn = 3\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output  # round 17: violated, `len(Bag())` an input
    assert "<len(Bag()), which its class decides>" in run.output, run.output


def test_module_constants_of_comparisons_and_builtins_fold(cli, tmp_path):
    source = '''
X = len("abc") == 3
Y = "ab".upper() == "AB" and pow(2, 3) == 8
Z = 0 < round(2.5) <= 2 or None
def f(n):
    if X and Y and Z and pow(2, 3) == n:
        return "T"
    return "F"
'''
    run = check(cli, tmp_path, source, 'expect = "\'T\'"\n[rule.given]\nn = 8\n')
    assert run.exit_code == 0, run.output  # round 17: violated with `X=false`, `pow(2, 3)=other than 8`


def test_an_item_at_an_index_the_facts_give_is_computed(cli, tmp_path):
    source = 'def f(s, i):\n    if s[i] == "c":\n        return "C"\n    if s[i:] == "bc":\n        return "BC"\n    return "Z"\n'
    run = check(cli, tmp_path, source, 'expect = "\'C\'"\n[rule.given]\ns = "abc"\ni = -1\n')
    assert run.exit_code == 0, run.output  # round 17: violated, `s[i]=other than "c"`
    run = check(cli, tmp_path, source, 'expect = "\'BC\'"\n[rule.given]\ns = "abc"\ni = 1\n')
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("old,new", [
    ("@dataclass\nclass C:\n    m: int = 0\n", "@dataclass(eq=False)\nclass C:\n    m: int = 0\n"),
    ("class C:\n    def __len__(self):\n        return 0\n", "class C:\n    def __len__(self):\n        return 1\n"),
])
def test_a_diff_of_how_a_class_compares_or_counts_is_no_clean_no_change(cli, tmp_path, old, new):
    body = 'def select(n):\n    if (C() == C() or len(C()) == 0) and n > 0:\n        return "A"\n    return "N"\n'
    head = "from dataclasses import dataclass\n"
    run = _diff(cli, tmp_path, head + old + body, head + new + body)
    assert run.exit_code == 1 and "not compared" in run.output, run.output  # round 17: "0 decisions changed", exit 0


def test_a_relation_in_a_scenario_reads_as_the_comparison(cli, tmp_path):
    run = check(cli, tmp_path, 'def f(a, b):\n    if a == b:\n        return "EQ"\n    return "NE"\n', 'expect = "\'EQ\'"\n')
    assert "scenario  (a != b)=true" in run.output, run.output  # round 17: `a ? b=!=`


def test_an_object_a_class_with_an_outside_base_made_is_no_input(cli, tmp_path):
    source = '''
from typing import NamedTuple
class DeviceCapability(NamedTuple):
    major: int
    minor: int
    def to_int(self):
        return self.major * 10 + self.minor
def f(major, minor):
    cap = DeviceCapability(major, minor)
    if cap.to_int() >= 80:
        return "SM80"
    return "OLD"
'''
    run = check(cli, tmp_path, source, 'expect = "\'SM80\'"\n[rule.given]\nmajor = 8\nminor = 0\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output  # round 16: violated, `to_int()=<80` an input


def test_a_target_returning_a_helper_s_tuple_through_a_name_is_read_by_its_first_item(cli, tmp_path):
    source = '''
class A:
    @staticmethod
    def ok(n):
        return n > 1
class B:
    @staticmethod
    def ok(n):
        return True
def pick(n):
    for cls in (A, B):
        if cls.ok(n):
            return "X" if cls is A else "Y", cls
    raise ValueError("none")
def f(n):
    selected = pick(n)
    return selected
'''
    run = check(cli, tmp_path, source, 'expect = "\'Y\'"\n[rule.given]\nn = 0\n')
    assert run.exit_code == 0, run.output  # the outcome is the tuple's first item, as `return b, cls` is
    run = check(cli, tmp_path, source, 'expect = "\'Y\'"\n[rule.given]\nn = 5\n')
    assert run.exit_code == 1 and "got       'X'" in run.output, run.output


# ---------------------------------------------------------------- round 18: the round 16/17 shapes pushed further


def test_an_enum_s_own_bool_and_eq_decide_its_members(cli, tmp_path):
    source = '''
import enum
class Falsy(enum.Enum):
    def __bool__(self):
        return False
class E(Falsy):
    A = 1
class F(enum.Enum):
    A = 1
    B = 2
    def __eq__(self, o):
        return True
    __hash__ = enum.Enum.__hash__
def f(n):
    if E.A:
        return "T"
    if F.A == F.B:
        return "EQ"
    return "NE"
'''
    run = check(cli, tmp_path, source, 'expect = "\'T\'"\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output  # round 18: clean; Python returns EQ


def test_a_class_attribute_written_by_a_computed_name_or_another_object_is_not_lacking(cli, tmp_path):
    source = '''
class A:
    pass
class B:
    pass
for _k in ("X",):
    setattr(A, _k, 1)
CLASSES = (B,)
CLASSES[0].Y = 1
def f(n):
    if getattr(A, "X", 0) == 1 or hasattr(B, "Y"):
        return "HAS"
    return "O"
'''
    run = check(cli, tmp_path, source, 'expect = "\'O\'"\n')
    assert run.exit_code == 1, run.output  # round 18: clean (both folded as missing); Python returns HAS


def test_a_class_list_changed_through_a_local_alias_is_no_constant(cli, tmp_path):
    source = 'class A:\n    KINDS = ["x"]\n_k = A.KINDS\n_k.append("y")\ndef f(m):\n    if m in A.KINDS:\n        return "IN"\n    return "OUT"\n'
    run = check(cli, tmp_path, source, 'expect = "\'OUT\'"\n[rule.given]\nm = "y"\n')
    assert run.exit_code == 1, run.output  # round 18: clean; Python returns IN


def test_super_forms_the_model_does_not_resolve_are_no_inputs(cli, tmp_path):
    source = '''
class A:
    @classmethod
    def ok(cls, n):
        return n > 100
class B(A):
    @classmethod
    def ok(cls, n):
        return True
class C(B):
    @classmethod
    def ok(cls, n):
        return super(B, cls).ok(n)
def f(n):
    if C.ok(n):
        return "Y"
    return "N"
'''
    run = check(cli, tmp_path, source, 'expect = "\'N\'"\n[rule.given]\nn = 95\n')
    assert "undetermined" in run.output or run.exit_code == 0, run.output  # round 18: violated, `super(B, C).ok(n)=true`


def test_membership_and_truth_of_objects_the_function_made_inside_containers_and_and_or(cli, tmp_path):
    source = '''
from dataclasses import dataclass
@dataclass(eq=False)
class K:
    a: int
class Base:
    def __len__(self):
        return 0
class Sub(Base):
    pass
def f(n):
    r = Sub() and "x"
    if r == "x":
        return "X"
    if any([Sub(), Sub()]):
        return "ANY"
    if K(n) in [K(1)]:
        return "IN"
    return "OUT"
'''
    run = check(cli, tmp_path, source, 'forbid = ["\'OUT\'"]\n[rule.given]\nn = 1\n')
    assert run.exit_code == 1 and "undetermined" in run.output and "Sub()=" not in run.output, run.output  # round 18


def test_a_diff_of_a_dataclass_field_default_is_not_a_clean_no_change(cli, tmp_path):
    old = 'from dataclasses import dataclass\n@dataclass\nclass Spec:\n    size: int = 1\ndef select(n):\n    if Spec().size >= n:\n        return "FITS"\n    return "BIG"\n'
    run = _diff(cli, tmp_path, old, old.replace("size: int = 1", "size: int = 2"))
    assert run.exit_code == 1 and "not compared" in run.output, run.output  # round 19: "0 decisions changed", exit 0


def test_enum_aliases_iterate_and_count_as_python_and_auto_values_are_computed(cli, tmp_path):
    source = '''
import enum
class B(enum.Enum):
    FLASH = 1
    TRITON = 2
    FIRST = 1
class A(enum.IntEnum):
    X = enum.auto()
    Y = enum.auto()
def f(n):
    last = None
    for m in B:
        last = m
    if len(B) == 2 and last is B.TRITON and A.Y == n:
        return "OK"
    return "NO"
'''
    run = check(cli, tmp_path, source, 'expect = "\'OK\'"\n[rule.given]\nn = 2\n')
    assert run.exit_code == 0, run.output  # round 18/19: `len(B)=<2|>2`; A.Y a value the model did not know


def test_an_item_at_a_computed_index_the_facts_give(cli, tmp_path):
    source = 'def f(s, i):\n    if s[i + 1] == "b" and s[i:i + 2] == "ab":\n        return "T"\n    return "F"\n'
    run = check(cli, tmp_path, source, 'expect = "\'T\'"\n[rule.given]\ns = "abc"\ni = 0\n')
    assert run.exit_code == 0, run.output  # round 18: violated, `s[i + 1]` an input


def test_a_name_bound_to_what_reads_no_input_is_no_input(cli, tmp_path):
    source = '''
import enum
class Kind(enum.Enum):
    MLA = 1
    MHA = 2
T = ("a", "b")
X = T.index("b") == 1
class Base:
    KINDS = (Kind.MLA,)
class Sub(Base):
    KINDS = Base.KINDS + (Kind.MHA,)
def f(n):
    if X and Kind.MHA in Sub.KINDS:
        return "T"
    return "F"
'''
    run = check(cli, tmp_path, source, 'expect = "\'T\'"\n')
    assert run.exit_code in (0, 1) and "X=false" not in run.output and "Sub.KINDS)=false" not in run.output, run.output
    assert run.exit_code == 0 or "undetermined" in run.output, run.output  # round 18: violated on free atoms


def test_a_diff_of_a_class_tuple_made_a_list_is_no_change(cli, tmp_path):
    old = 'import enum\nclass Kind(enum.Enum):\n    MLA = 1\n    MHA = 2\nclass Flash:\n    KINDS = (Kind.MLA,)\ndef select(kind):\n    if kind in Flash.KINDS:\n        return "FLASH"\n    return "OTHER"\n'
    run = _diff(cli, tmp_path, old, old.replace("KINDS = (Kind.MLA,)", "KINDS = [Kind.MLA]"))
    assert run.exit_code == 0, run.output  # round 19: a region over `(kind in Flash.KINDS)=false`, the list an input


def test_a_diff_resting_on_an_unresolved_super_call_is_not_compared(cli, tmp_path):
    old = '''
class Base:
    @classmethod
    def supports(cls, cfg):
        return cfg.n >= 1
class Flash(Base):
    @classmethod
    def supports(cls, cfg):
        return super().supports(cfg)
def select(cfg, flag):
    if flag and Flash.supports(cfg):
        return "FLASH"
    return "NONE"
'''
    run = _diff(cli, tmp_path, old, old.replace("super().supports(cfg)", "super(Flash, cls).supports(cfg)"))
    # round 19: 2 regions over the unresolved call as if it were an input, and no input changes outcome
    assert "0 decisions changed" in run.output and "not compared" in run.output, run.output


def test_a_class_attribute_the_function_wrote_is_read_back(cli, tmp_path):
    source = 'class C:\n    pass\ndef f(n):\n    C.X = 1\n    if getattr(C, "X", 0) == 1 and C.X == n:\n        return "ONE"\n    return "O"\n'
    run = check(cli, tmp_path, source, 'expect = "\'ONE\'"\n[rule.given]\nn = 1\n')
    assert run.exit_code == 0, run.output  # round 18: violated, `X=other than 1` (the write havocked every `.X`)


def test_an_attribute_no_class_on_the_way_has_raises(cli, tmp_path):
    source = 'class C:\n    pass\ndef f(n):\n    if n > 1 and C.X == 5:\n        return "FIVE"\n    return "O"\n'
    run = check(cli, tmp_path, source, 'forbid = ["\'FIVE\'"]\n')
    assert run.exit_code == 0, run.output  # round 18: violated with `X=5` (an input); Python raises AttributeError
    run = check(cli, tmp_path, source, 'expect = "\'O\'"\n')
    assert run.exit_code == 1 and "raise AttributeError" in run.output, run.output


def _diff_tree(cli, tmp_path, old: dict[str, str], new: dict[str, str], *args):
    for name, files in (("old", old), ("new", new)):
        for path, text in files.items():
            (tmp_path / name / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / path).write_text(textwrap.dedent(text))
    return cli("diff", tmp_path / "old", tmp_path / "new", *args)


_BACKENDS = '''
class Flash:
    RANK = 1

    @classmethod
    def supports(cls, cfg):
        return cfg.flag


class Fallback:
    RANK = 9

    @classmethod
    def supports(cls, cfg):
        return True


def unrelated():
    return 1


PRIORITY = sorted([Flash, Fallback], key=lambda c: c.RANK)
'''
_SELECT = '''
from backends import PRIORITY


def select(cfg):
    for b in PRIORITY:
        if b.supports(cfg):
            return b.__name__
    return None


def other(x):
    y = x
    return y
'''


def test_a_diff_over_a_sorted_priority_list_whose_classes_changed_is_not_compared(cli, tmp_path):
    # round 19: the loop over `sorted([...])` is opaque, its classes' methods were never read, so
    # `select` read "the same" in both versions: "0 decisions changed" where both inputs change path
    old = {"backends.py": _BACKENDS, "sel.py": _SELECT}
    new = {"backends.py": _BACKENDS.replace("return cfg.flag", "return not cfg.flag"), "sel.py": _SELECT.replace("y", "z")}
    run = _diff_tree(cli, tmp_path, old, new)
    assert run.exit_code == 1 and "not compared" in run.output and "PRIORITY" in run.output \
        and "rests on `backends.py::Flash`" in run.output, run.output  # (round 38: `<PRIORITY: ... not compute>`)


def test_a_diff_over_a_sorted_priority_list_whose_order_changed_is_not_compared(cli, tmp_path):
    old = {"backends.py": _BACKENDS, "sel.py": _SELECT}
    new = {"backends.py": _BACKENDS.replace("RANK = 1\n", "RANK = 30\n"), "sel.py": _SELECT.replace("y", "z")}
    run = _diff_tree(cli, tmp_path, old, new)
    assert run.exit_code == 1 and "not compared" in run.output, run.output  # round 19: 432 inputs 'flash' -> 'triton'


def test_a_diff_over_a_global_whose_definitions_did_not_change_stays_unchanged(cli, tmp_path):
    # what PRIORITY rests on is its statement, the classes and the lambda it reads: not `unrelated`
    old = {"backends.py": _BACKENDS, "sel.py": _SELECT}
    new = {"backends.py": _BACKENDS.replace("return 1", "return 2"), "sel.py": _SELECT.replace("y", "z")}
    run = _diff_tree(cli, tmp_path, old, new)
    assert run.exit_code == 0 and "0 decisions changed" in run.output, run.output


_CONSTS = '''
import os

ENV_ON = os.environ.get("OC_X", "0") == "1"
OTHER = os.environ.get("OC_Y", "0") == "1"
'''
_SEL_READING = '''
import {module}


def select(a):
    if {module}.{name} and a:
        return "E"
    return "D"


def other(x):
    y = x
    return y
'''
_SEL_CONSTS = _SEL_READING.format(module="consts", name="ENV_ON")


def _one_default_changed(cli, tmp_path, module: str, text: str, sel: str, edits: tuple[str, str, str], message: str):
    """`edits`: (a default's text, it changed, another default changed): the first is a change the
    global `sel` reads rests on, the second none."""
    default, changed, unrelated = edits
    old = {module: text, "sel.py": sel}
    run = _diff_tree(cli, tmp_path, old, {module: text.replace(default, changed), "sel.py": sel.replace("y", "z")})
    assert run.exit_code == 1 and message in run.output, run.output
    run = _diff_tree(cli, tmp_path / "again", old, {module: text.replace(*unrelated.split(" -> ")), "sel.py": sel.replace("y", "z")})
    assert run.exit_code == 0 and "0 decisions changed" in run.output, run.output


def test_a_diff_over_a_module_constant_whose_environment_default_changed_is_not_compared(cli, tmp_path):
    # round 19: `consts.ENV_ON` was one input in both versions although its default changed
    _one_default_changed(cli, tmp_path, "consts.py", _CONSTS, _SEL_CONSTS, ('"OC_X", "0"', '"OC_X", "1"', '"OC_Y", "0" -> "OC_Y", "1"'),
                         "`consts.ENV_ON` rests on `consts.py::ENV_ON`, which changed")


def test_a_diff_of_a_changed_decision_over_a_redefined_global_lists_what_it_assumes(cli, tmp_path):
    old = {"consts.py": _CONSTS, "sel.py": _SEL_CONSTS}
    new = {"consts.py": _CONSTS.replace('"OC_X", "0"', '"OC_X", "1"'),
           "sel.py": _SEL_CONSTS.replace('return "D"', 'return "N" if not a else "D"')}
    run = _diff_tree(cli, tmp_path, old, new)
    assert run.exit_code == 1 and "assuming `consts.ENV_ON` is the same value in both versions" in run.output, run.output


_ENVS = '''
import os

environment_variables = {
    "USE_X": lambda: os.getenv("USE_X", "0") == "1",
    "USE_Y": lambda: os.getenv("USE_Y", "0") == "1",
}


def __getattr__(name):
    if name in environment_variables:
        return environment_variables[name]()
    raise AttributeError(name)
'''
_SEL_ENVS = _SEL_READING.format(module="envs", name="USE_X")


def test_a_diff_reads_a_lazy_module_attribute_by_its_own_table_entry(cli, tmp_path):
    # `envs.USE_X` is what the module's `__getattr__` finds for "USE_X": a changed default of it
    # may change the value; one of another entry does not
    _one_default_changed(cli, tmp_path, "envs.py", _ENVS, _SEL_ENVS, ('"USE_X", "0"', '"USE_X", "1"', '"USE_Y", "0" -> "USE_Y", "1"'),
                         "`envs.USE_X` rests on `envs.py::environment_variables[USE_X]`")


def test_a_diff_over_a_re_exported_global_that_moved_modules_is_unchanged(cli, tmp_path):
    # `LIMIT` moved from `a.py` to `b.py`, which `a.py` re-exports: the same definition
    sel = 'from a import LIMIT\n\n\ndef select(n):\n    if n > LIMIT:\n        return "BIG"\n    return "SMALL"\n\n\ndef other(x):\n    y = x\n    return y\n'
    old = {"a.py": "import os\nLIMIT = int(os.environ.get('L', '4'))\n", "b.py": "X = 1\n", "sel.py": sel}
    new = {"a.py": "from b import LIMIT\n", "b.py": "import os\nX = 1\nLIMIT = int(os.environ.get('L', '4'))\n",
           "sel.py": sel.replace("y", "z")}
    run = _diff_tree(cli, tmp_path, old, new)
    assert run.exit_code == 0 and "0 decisions changed" in run.output, run.output


def test_a_diff_comparing_a_dict_outcome_with_a_passed_through_value_does_not_crash(cli, tmp_path):
    # a literal dict outcome (`{"BLOCK_SIZE_M": 64}` in vLLM's fused_moe configs) compared with a
    # value the function passes through, when both versions read an opaque value: "internal
    # error: unhashable type: 'dict'"
    old = '''
        def f(a, cfgs):
            i = 0
            while i < len(cfgs):
                i += 1
            if i > 2 and a:
                return cfgs[0]
            return {"M": 1, "N": 2}
    '''
    run = _diff(cli, tmp_path, old, old.replace("i += 1", "i = i + 1"))
    assert run.exit_code == 1 and "not compared" in run.output and "internal error" not in run.output, run.output


# ---------------------------------------------------------------- round 20: scopes of class bodies, defaults, module objects


def test_a_class_body_name_read_before_the_class_binds_it_is_the_modules(cli, tmp_path):
    # `Y = X` runs before the class binds X: Y is the module's "g" (round 20: read as the class's "c", clean)
    run = check(cli, tmp_path, '''
        X = "g"

        class K:
            Y = X
            X = "c"

        def f(a):
            if K.Y == "c":
                return "C"
            return "G"
    ''', 'forbid = ["\'G\'"]\n')
    assert run.exit_code == 1 and "got       'G'" in run.output, run.output


def test_an_import_in_a_class_body_rebinds_its_attribute(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class K:
            MODE = "a"
            from os import sep as MODE

        def f(a):
            if K.MODE == "a":
                return "A"
            return "B"
    ''', 'forbid = ["\'B\'"]\n')
    assert run.exit_code == 1, run.output  # round 20: K.MODE folded to "a", clean


@pytest.mark.parametrize("method", ["def m(self, v=X):\n        return v", "@staticmethod\n    def m(v=X):\n        return v"])
def test_a_method_default_reads_the_class_body_it_is_defined_in(cli, tmp_path, method):
    run = check(cli, tmp_path, f'''
X = "g"

class K:
    X = "c"
    {method}

def f(a):
    if K().m() == "g":
        return "G"
    return "C"
''', 'forbid = ["\'C\'"]\n')
    assert run.exit_code == 1 and "got       'C'" in run.output, run.output  # round 20: the module's "g", clean


@pytest.mark.parametrize("default", ["v=X", "*, v=X"])
def test_a_nested_function_default_reads_the_enclosing_function(cli, tmp_path, default):
    run = check(cli, tmp_path, f'''
X = "g"

def f(a):
    X = "l"
    def h({default}):
        return v
    if h() == "g":
        return "G"
    return "L"
''', 'forbid = ["\'L\'"]\n')
    assert run.exit_code == 1 and "clean" not in run.output, run.output  # round 20: the module's "g", clean


def test_a_star_import_rebinds_a_name_bound_above_it(cli, tmp_path):
    (tmp_path / "other.py").write_text('MODE = "b"\n')
    run = check(cli, tmp_path, '''
        MODE = "a"
        from other import *

        def f(a):
            if MODE == "a":
                return "A"
            return "B"
    ''', 'forbid = ["\'B\'"]\n')
    assert run.exit_code == 1, run.output  # round 20: MODE folded to "a", clean


@pytest.mark.parametrize("write", ['sys.modules[__name__].MODE = "b"', 'setattr(sys.modules[__name__], "MODE", "b")',
                                   'import mod\n    mod.MODE = "b"'])
def test_a_module_name_written_through_the_module_object_is_no_constant(cli, tmp_path, write):
    run = check(cli, tmp_path, f'''
import sys
MODE = "a"

def set_b():
    {write}

def f(a):
    set_b()
    if MODE == "a":
        return "A"
    return "B"
''', 'forbid = ["\'B\'"]\n')
    assert run.exit_code == 1, run.output  # round 20: MODE folded to "a", clean


def test_a_module_name_another_module_writes_while_the_function_runs_is_what_it_wrote(cli, tmp_path):
    (tmp_path / "other.py").write_text('import mod\n\ndef go():\n    mod.MODE = "b"\n')
    run = check(cli, tmp_path, '''
        import other
        MODE = "a"

        def f(a):
            other.go()
            if MODE == "a":
                return "A"
            return "B"
    ''', 'forbid = ["\'B\'"]\n')
    assert run.exit_code == 1 and "got       'B'" in run.output and "undetermined" not in run.output, run.output


@pytest.mark.parametrize("guard", ["complex(1, 0) == 1", 'bytes(2) == b"\\x00\\x00"', "object() == object()", 'ascii("a") == "\'a\'"',
                                   "Ellipsis is not None"])
def test_a_builtin_the_model_does_not_compute_is_unknown_never_an_input(cli, tmp_path, guard):
    run = check_guard(cli, tmp_path, guard, "", 'forbid = ["\'Y\'"]\n')
    assert "undetermined" in run.output and "scenario  complex" not in run.output, run.output  # round 20: `complex(1, 0)=other than 1`


@pytest.mark.parametrize("guard", ["n + 1 > 1e16", "n * 2 + 1 > 2e16", "-n - 1 < -1e16", "abs(n + 1) > 1e16", "n // 1 + 1 > 1e16"])
def test_a_computed_int_compares_with_a_float_exactly_past_two_to_the_53(cli, tmp_path, guard):
    # 10**16 + 1 > 1e16 in Python; a class above 1e16 was sampled at 1e16 + 1, which is 1e16
    # (round 20: clean for `forbid 'X'`, and a violation of `expect 'X'`)
    run = check_guard(cli, tmp_path, guard, "n", 'forbid = ["\'X\'"]\n[rule.given]\nn = 10000000000000000\n')
    assert run.exit_code == 1 and "got       'X'" in run.output, run.output


@pytest.mark.parametrize("guard,truth", [
    ("{1, 2} == {2, 1}", True), ('frozenset({"x", "y"}) == {"y", "x"}', True), ("{1, 2} == (1, 2)", False),
    ("{1, 2} >= {2}", True), ("{1, 2} < {2}", False), ("{1, 2} in [{2, 1}]", True), ("{1, 2}.isdisjoint({3})", True),
    ('set("ba") == {"a", "b"}', True), ("({1, 2} | {3}) == {3, 2, 1}", True), ("len({1, True, 1.0}) == 1", True),
    ('tuple("ab") == ("a", "b")', True),
])
def test_a_set_of_literals_compares_as_python_compares_sets(cli, tmp_path, guard, truth):
    # round 20: sets were tuples, equal only in the same order, and `<=` was tuple order
    outcome = "'X'" if truth else "'Y'"
    run = check_guard(cli, tmp_path, guard, "", f'expect = "{outcome}"\n')
    assert run.exit_code == 0, run.output


def test_a_module_set_is_compared_as_a_set_and_walked_in_no_known_order(cli, tmp_path):
    run = check(cli, tmp_path, '''
        FEATURES = {"fp8", "nvfp4"}

        def f(use_fast):
            if use_fast and {"nvfp4"} <= FEATURES:
                return "FAST"
            for feature in FEATURES:
                return feature
            return "NONE"
    ''', 'forbid = ["\'FAST\'"]\n')
    assert run.exit_code == 1 and "got       'FAST'" in run.output, run.output  # round 20: clean
    run = check(cli, tmp_path, '''
        FEATURES = {"fp8", "nvfp4"}

        def f(use_fast):
            for feature in FEATURES:
                return feature
            return "NONE"
    ''', 'forbid = ["\'nvfp4\'"]\n')
    assert "undetermined" in run.output, run.output  # which string a set gives first is Python's choice


_PLAIN_LEVELS = '''
from enum import Enum, IntEnum


class Lvl(Enum):
    LOW = 0
    MID = 1
    HIGH = 2


def f(n):
    if n >= Lvl.HIGH:
        return "H"
    return "L"
'''


def test_an_order_comparison_with_a_plain_enum_member_raises(cli, tmp_path):
    # Enum defines no `<`: `n >= Lvl.HIGH` raises TypeError for every n (round 19: a relation free to hold)
    run = check(cli, tmp_path, _PLAIN_LEVELS, 'forbid = ["\'L\'", "\'H\'"]\n')
    assert run.exit_code == 0, run.output
    (tmp_path / "d").mkdir()
    run = _diff(cli, tmp_path / "d", _PLAIN_LEVELS.replace("class Lvl(Enum)", "class Lvl(IntEnum)"), _PLAIN_LEVELS)
    assert run.exit_code == 1 and "'L' (line 14)  ->  raise TypeError" in run.output, run.output
    ordered = _PLAIN_LEVELS.replace("    HIGH = 2\n", "    HIGH = 2\n\n    def __ge__(self, other):\n        return True\n")
    (tmp_path / "o").mkdir()
    run = check(cli, tmp_path / "o", ordered, 'forbid = ["\'L\'", "\'H\'"]\n')
    assert run.exit_code == 1, run.output  # an enum that defines its order: compared as it says (or undetermined)


def test_writing_an_attribute_of_a_frozen_dataclass_object_raises(cli, tmp_path):
    source = '''
        from dataclasses import dataclass


        @dataclass(frozen=True)
        class Spec:
            size: int = 0


        def f(a, n):
            s = Spec()
            s.size = n
            if a and s.size > 2:
                return "BIG"
            return "D"
    '''
    run = check(cli, tmp_path, source, 'forbid = ["\'D\'", "\'BIG\'"]\n')
    assert run.exit_code == 0, run.output  # round 19: FrozenInstanceError missed, regions over `s.size`
    (tmp_path / "s").mkdir()
    run = check(cli, tmp_path / "s", source.replace("size: int = 0", "size: int = 0\n\n            def __setattr__(self, k, v):\n                pass"),
                'forbid = ["\'D\'", "\'BIG\'"]\n')
    assert run.exit_code == 1, run.output  # its own `__setattr__`: it decides


def test_an_attribute_written_on_a_base_class_is_read_through_a_subclass(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class C:
            pass


        class D(C):
            pass


        def f(n):
            C.X = 1
            if D.X == 1:
                return "ONE"
            return "OTHER"
    ''', 'forbid = ["\'OTHER\'"]\n')
    assert run.exit_code == 0, run.output  # round 18: `D.X` an input, "X=other than 1"


_FLAGS = '''
import os


class Sel:
    ENABLED = os.environ.get("OC_X", "0") == "1"

    def select(self, a):
        if self.ENABLED and a:
            return "E"
        return "D"

    def other(self, x):
        y = x
        return y
'''


def test_a_diff_over_a_class_attribute_its_body_computes_rests_on_that_statement(cli, tmp_path):
    # `self.ENABLED` (and `Sel.ENABLED`) is the class body's value: its default changed, so may it;
    # an edit of another method changes nothing it holds
    run = _diff(cli, tmp_path, _FLAGS, _FLAGS.replace('"OC_X", "0"', '"OC_X", "1"'))
    assert run.exit_code == 1 and "`self.ENABLED` rests on `m.py::Sel.ENABLED`, which changed" in run.output, run.output
    (tmp_path / "again").mkdir()
    run = _diff(cli, tmp_path / "again", _FLAGS, _FLAGS.replace("y = x\n        return y", "z = x\n        return z"))
    assert run.exit_code == 0 and "0 decisions changed" in run.output, run.output


# ---------------------------------------------------------------- round 21: decorators, registries, writes through other names


@pytest.mark.parametrize("decorator", [
    "def disable(cls):\n    return Disabled",                      # binds the name to another class
    "def disable(cls):\n    cls.is_supported = classmethod(lambda c, cap: False)\n    return cls",  # replaces a method
    "def disable(cls):\n    setattr(cls, 'is_supported', classmethod(lambda c, cap: False))\n    return cls",
])
def test_a_class_decorator_of_the_tree_is_followed_or_unknown(cli, tmp_path, decorator):
    # round 21: the class body was inlined as written (clean; Python always returns TRITON)
    run = check_package(cli, tmp_path, {
        "reg.py": f"class Disabled:\n    @classmethod\n    def is_supported(cls, cap):\n        return False\n\n\n{decorator}\n",
        "backends.py": "from .reg import disable\n\n\n@disable\nclass Flash:\n    @classmethod\n    def is_supported(cls, cap):\n        return cap >= 90\n",
        "sel.py": "from .backends import Flash\n\n\ndef select(cap):\n    if Flash.is_supported(cap):\n        return 'FLASH'\n    return 'TRITON'\n",
    }, "select", 'forbid = ["\'TRITON\'"]\n[rule.given]\ncap = 100\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


def test_an_attribute_an_imported_class_decorator_sets_is_not_the_base_constant(cli, tmp_path):
    run = check_package(cli, tmp_path, {
        "reg.py": "def cap90(cls):\n    cls.MIN_CAP = 90\n    return cls\n",
        "backends.py": "from .reg import cap90\n\n\nclass Base:\n    MIN_CAP = 0\n\n    @classmethod\n    def ok(cls, cap):\n"
                       "        return cap >= cls.MIN_CAP\n\n\n@cap90\nclass Flash(Base):\n    pass\n",
        "sel.py": "from .backends import Flash\n\n\ndef select(cap):\n    if Flash.ok(cap):\n        return 'F'\n    return 'T'\n",
    }, "select", 'forbid = ["\'T\'"]\n[rule.given]\ncap = 80\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output  # round 21: Base.MIN_CAP = 0 folded, clean


@pytest.mark.parametrize("write", ["Flash.MIN_CAP = 100", "Base.MIN_CAP = 100", "ALL = [Flash]\nALL[0].MIN_CAP = 100"])
def test_a_class_constant_the_importing_module_writes_is_no_constant_in_the_class_s_methods(cli, tmp_path, write):
    run = check_package(cli, tmp_path, {
        "backends.py": "class Base:\n    MIN_CAP = 0\n\n    @classmethod\n    def is_supported(cls, cap):\n        return cap >= cls.MIN_CAP\n\n\n"
                       "class Flash(Base):\n    MIN_CAP = 80\n",
        "sel.py": f"from .backends import Base, Flash\n\n{write}\n\n\ndef select(cap):\n    if Flash.is_supported(cap):\n"
                  "        return 'FLASH'\n    return 'TRITON'\n",
    }, "select", 'forbid = ["\'TRITON\'"]\n[rule.given]\ncap = 85\n')
    assert run.exit_code == 1, run.output  # round 21: `cls.MIN_CAP` folded to 80 in the inlined classmethod, clean


@pytest.mark.parametrize("write", ['reg.REG["fp8"] = Fp8Plugin', 'from .reg import REG as _R\n_R["fp8"] = Fp8Plugin',
                                   'def _plugins():\n    reg.REG["fp8"] = Fp8Plugin\n\n\n_plugins()'])
def test_a_module_dict_changed_through_another_name_is_no_table(cli, tmp_path, write):
    run = check_package(cli, tmp_path, {
        "reg.py": "class Fp8Method:\n    pass\n\n\nclass Fp8Plugin:\n    pass\n\n\nREG = {'fp8': Fp8Method}\n",
        "sel.py": f"from . import reg\nfrom .reg import REG, Fp8Plugin\n\n{write}\n\n\ndef select():\n    if REG.get('fp8') is Fp8Plugin:\n"
                  "        return 'PLUGIN'\n    return 'BUILTIN'\n",
    }, "select", 'forbid = ["\'PLUGIN\'"]\n')
    assert run.exit_code == 1, run.output  # round 21: REG folded as written, clean


_SEL_FLAG = "from pkg import consts\n\n\ndef select(a):\n    if a:\n        return 'A'\n    if consts.ENV_ON:\n        return 'E'\n    return 'D'\n"
_ENV_ON = "import os\n\nENV_ON = os.environ.get('OC_X', '0') == '1'\n"


@pytest.mark.parametrize("case,old,new", [
    ("environ set before the read", _ENV_ON, _ENV_ON.replace("import os\n", "import os\nos.environ.setdefault('OC_X', '1')\n")),
    ("globals() rebinding it", _ENV_ON, _ENV_ON + "globals()['ENV_ON'] = True\n"),
    ("setattr of the module object", _ENV_ON, "import sys\n" + _ENV_ON + "setattr(sys.modules[__name__], 'ENV_ON', True)\n"),
    ("a star import rebinding it", _ENV_ON + "from pkg.more import *\n", _ENV_ON + "from pkg.more import *\n"),
    ("a module-level call of a function that changes it", "REG = set()\n\n\ndef _add(k):\n    REG.add(k)\n\n\n_add('x')\nENV_ON = 'on' in REG\n",
     "REG = set()\n\n\ndef _add(k):\n    REG.add(k)\n\n\n_add('on')\nENV_ON = 'on' in REG\n"),
])
def test_a_diff_over_a_global_sees_what_changes_it_at_import(cli, tmp_path, case, old, new):
    # round 21: each was "0 decisions changed", exit 0, where an input changes outcome
    more = {"pkg/more.py": "ENV_ON = False\n"}
    old_files = {"pkg/__init__.py": "", "pkg/consts.py": old, "pkg/sel.py": _SEL_FLAG, **more}
    new_files = {"pkg/__init__.py": "", "pkg/consts.py": new, "pkg/sel.py": _SEL_FLAG.replace("'D'", "('D')"),
                 **({"pkg/more.py": "ENV_ON = True\n"} if "star" in case else more)}
    run = _diff_tree(cli, tmp_path, old_files, new_files)
    assert run.exit_code == 1 and "0 decisions changed in 0 files (1 compared)" not in run.output, run.output


def test_a_diff_of_an_import_alias_swapped_to_another_global_is_no_clean_change(cli, tmp_path):
    impl = "import os\nMODE_A = os.environ.get('OC_M', 'fast')\nMODE_B = os.environ.get('OC_M', 'slow')\n"
    sel = "from pkg.impl import MODE_A as MODE\n\n\ndef select(a):\n    if a:\n        return 'A'\n    if MODE == 'fast':\n        return 'FAST'\n    return 'D'\n"
    run = _diff_tree(cli, tmp_path, {"pkg/__init__.py": "", "pkg/impl.py": impl, "pkg/sel.py": sel},
                     {"pkg/__init__.py": "", "pkg/impl.py": impl, "pkg/sel.py": sel.replace("MODE_A as", "MODE_B as")})
    assert run.exit_code == 1 and "`MODE` rests on `pkg/impl.py::MODE_B`, which changed" in run.output, run.output


@pytest.mark.parametrize("default", ["t=T", "t=T * 2"])
def test_a_diff_reads_a_helper_default_from_the_module_it_names(cli, tmp_path, default):
    # `def small(n, t=T)` of another module's T: an atom of its own (or opaque), which a change of T left alone (round 21)
    helpers = {"t=T": "from pkg.consts import T\n", "t=T * 2": "T = {T}\n"}[default]
    files = lambda t: {"pkg/__init__.py": "", "pkg/consts.py": f"T = {t}\n", "pkg/helpers.py": helpers.format(T=t) + f"\n\ndef small(n, {default}):\n    return n < t\n",
                       "pkg/sel.py": "from pkg.helpers import small\n\n\ndef select(n):\n    if small(n):\n        return 'SMALL'\n    return 'BIG'\n"}
    new = files(50)
    new["pkg/sel.py"] = new["pkg/sel.py"].replace("'BIG'", "('BIG')")
    run = _diff_tree(cli, tmp_path, files(256), new)
    assert run.exit_code == 1 and "'SMALL' (line 6)  ->  'BIG'" in run.output, run.output


def test_a_module_set_a_function_fills_is_no_constant(cli, tmp_path):
    run = check(cli, tmp_path, '''
        R = set()


        def _add(k):
            R.add(k)


        def f(n):
            _add("on")
            if "on" in R:
                return "X"
            return "Y"
    ''', 'forbid = ["\'Y\'"]\n')
    assert "got       'Y'" not in run.output or "undetermined" in run.output, run.output  # (`set()` read as an empty constant)


def _pkg(files: dict[str, str]) -> dict[str, str]:
    return {"pkg/__init__.py": "", **{f"pkg/{k}": v for k, v in files.items()}}


@pytest.mark.parametrize("case", ["decorator registry", "config handed to a function", "lazy table imported", "reformatted reader"])
def test_a_diff_over_globals_filled_or_read_indirectly_is_not_a_clean_no_change(cli, tmp_path, case):
    # round 21: each was "0 decisions changed", exit 0, where running both versions differs
    sel_reg = "from pkg.registry import REGISTRY\n\n\ndef select(a):\n    if a:\n        return 'A'\n    if 'triton' in REGISTRY:\n        return 'T'\n    return 'D'\n"
    reg = "REGISTRY = {}\n\n\ndef register(name):\n    def deco(cls):\n        REGISTRY[name] = cls\n        return cls\n    return deco\n\n\n@register('{k}')\nclass X:\n    pass\n"
    cfg = "import os\n\n\nclass Config:\n    def __init__(self):\n        self.mode = 'slow'\n\n\nCONFIG = Config()\n\n\ndef _tune(c):\n    c.mode = 'fast'\n"
    sel_cfg = "from pkg.plat import CONFIG\n\n\ndef select(a):\n    if a:\n        return 'A'\n    if CONFIG.mode == 'fast':\n        return 'F'\n    return 'D'\n"
    envs = "from pkg.table import T\n\n\ndef __getattr__(name):\n    if name in T:\n        return T[name]()\n    raise AttributeError(name)\n"
    table = "import os\n\nT = {'X': lambda: os.getenv('OC_X', '{d}') == '1', 'Y': lambda: False}\n"
    sel_envs = "from pkg import envs\n\n\ndef select(a):\n    if a:\n        return 'A'\n    if envs.X:\n        return 'E'\n    return 'D'\n"
    mid = "from pkg import defs\n\nFLAG = defs.ENV_ON\n"
    sel_mid = "from pkg import mid\n\n\ndef select(a):\n    if a:\n        return 'A'\n    if mid.FLAG:\n        return 'E'\n    return 'D'\n"
    defs = "import os\n\nENV_ON = os.environ.get('OC_X', '{d}') == '1'\n"
    old, new = {
        "decorator registry": ({"registry.py": reg.replace("{k}", "flash"), "sel.py": sel_reg}, {"registry.py": reg.replace("{k}", "triton"), "sel.py": sel_reg + "\n"}),
        "config handed to a function": ({"plat.py": cfg, "sel.py": sel_cfg}, {"plat.py": cfg + "\n\n_tune(CONFIG)\n", "sel.py": sel_cfg.replace("if a:", "if a :")}),
        "lazy table imported": ({"envs.py": envs, "table.py": table.replace("{d}", "0"), "sel.py": sel_envs},
                                {"envs.py": envs, "table.py": table.replace("{d}", "1"), "sel.py": sel_envs.replace("'D'", "'D' ")}),
        "reformatted reader": ({"mid.py": mid, "defs.py": defs.replace("{d}", "0"), "sel.py": sel_mid},
                               {"mid.py": mid, "defs.py": defs.replace("{d}", "1"), "sel.py": sel_mid.replace("if a:", "if (a):")}),
    }[case]
    run = _diff_tree(cli, tmp_path, _pkg(old), _pkg(new))
    assert run.exit_code == 1, run.output


@pytest.mark.parametrize("swap", [("from pkg.impl import Flash", "from pkg.impl import Triton as Flash"),
                                  ("from pkg import pa as plat", "from pkg import pb as plat")])
def test_a_diff_of_an_import_alias_swapped_to_another_class_or_module_is_no_clean_change(cli, tmp_path, swap):
    impl = "class Flash:\n    pass\n\n\nclass Triton:\n    pass\n"
    check_ = "isinstance(b, Flash)" if "Flash" in swap[0] else "isinstance(b, plat.Backend)"
    sel = f"{swap[0]}\n\n\ndef select(b):\n    if {check_}:\n        return 'F'\n    return 'D'\n"
    files = {"impl.py": impl, "pa.py": "class Backend:\n    pass\n", "pb.py": "class Backend:\n    pass\n"}
    run = _diff_tree(cli, tmp_path, _pkg({**files, "sel.py": sel}), _pkg({**files, "sel.py": sel.replace(swap[0], swap[1])}))
    assert run.exit_code == 1, run.output  # round 21: "0 decisions changed", atoms matched by their text


def test_a_diff_of_a_global_renamed_lists_no_region_of_the_two_names_apart(cli, tmp_path):
    defs = "import os\n\nENV_ON = os.environ.get('OC_X', '0') == '1'\n"
    sel = "from pkg import defs\n\n\ndef select(a):\n    if a:\n        return 'A'\n    if defs.ENV_ON:\n        return 'E'\n    return 'D'\n"
    run = _diff_tree(cli, tmp_path, _pkg({"defs.py": defs, "sel.py": sel}),
                     _pkg({"defs.py": defs.replace("ENV_ON", "USE_X"), "sel.py": sel.replace("ENV_ON", "USE_X")}))
    assert "configurations change path" not in run.output, run.output  # round 21: "ENV_ON=true, USE_X=false: 'E' -> 'D'"


@pytest.mark.parametrize("guard,truth", [
    ("issubclass(Flash, Base)", True), ("issubclass(Flash, Other)", False), ("issubclass(Flash if a else Other, Base)", "a"),
    ("Flash.enabled", True), ("Flash", True), ("Flash.__bases__[0] is Base", None), ("len(Flash.__mro__) == 3", None),
])
def test_what_python_makes_of_a_class_of_the_tree_is_computed_or_unknown_never_an_input(cli, tmp_path, guard, truth):
    # round 21: each was a free atom (`issubclass(Flash, Other)=true`, `enabled=false`, `__bases__[0]=...`)
    head = ("class Base:\n    pass\n\n\nclass Other:\n    pass\n\n\nclass Flash(Base):\n    @property\n    def enabled(self):\n"
            "        return False\n")
    expect = {True: "'X'", False: "'Y'", None: None, "a": None}[truth]
    run = check_guard(cli, tmp_path, guard, "a", f'expect = "{expect}"\n' if expect else 'forbid = ["\'Y\'"]\n', head=head)
    if expect:
        assert run.exit_code == 0, run.output
    elif truth == "a":  # (Python: 'Y' where a is false, the only input that decides it)
        assert "scenario  a=false" in run.output and "issubclass" not in run.output.split("scenario")[1], run.output
    else:
        assert "scenario" not in run.output or "undetermined" in run.output, run.output


@pytest.mark.parametrize("guard", ["Backend.FLASH.min_cap == 90", "Backend.FLASH.value == ('flash', 90)", "Backend(name).is_flash"])
def test_what_an_enum_s_code_makes_of_its_member_is_no_input(cli, tmp_path, guard):
    head = '''
from enum import Enum


class Backend(Enum):
    FLASH = ("flash", 90)
    TRITON = ("triton", 0)

    def __init__(self, label, min_cap):
        self.label, self.min_cap = label, min_cap

    @property
    def is_flash(self):
        return self is Backend.FLASH
'''
    run = check_guard(cli, tmp_path, guard, "name", 'forbid = ["\'Y\'"]\n[rule.given]\nname = ["flash", "triton"]\n', head=head)
    assert "undetermined" in run.output or run.exit_code == 0, run.output  # round 21: `min_cap=other than 90`, a definite violation


# ---------------------------------------------------------------- round 22: the session's own features attacked


@pytest.mark.parametrize("change", ["t = s\n    t |= {'triton'}", "holders = [s]\n    holders[0].add('triton')",
                                    "d = {'k': s}\n    d['k'] |= {'triton'}", "def grow():\n        s.add('triton')\n    grow()",
                                    "put = s.add\n    put('triton')"])
def test_a_set_changed_through_another_name_is_the_one_set(cli, tmp_path, change):
    run = check(cli, tmp_path, f'''
def f():
    s = {{"flash"}}
    {change}
    if "triton" in s:
        return "TRITON"
    return "FLASH"
''', 'forbid = ["\'TRITON\'"]\n')
    assert run.exit_code == 1, run.output  # round 22: `"triton" in s` folded to false, clean


@pytest.mark.parametrize("guard,rule", [("MODES[0] == 'flash'", 'expect = "\'X\'"\n'), ("{1, 2}.count(1) == 1", 'expect = "\'X\'"\n'),
                                        ('str({2, 1}) == "{2, 1}"', 'expect = "\'X\'"\n'), ("{5}.pop() == 5", 'forbid = ["\'X\'"]\n')])
def test_what_a_set_does_not_have_or_orders_its_own_way_is_no_value(cli, tmp_path, guard, rule):
    # a set has no item 0 nor `.count` (Python raises), and its text and `.pop()` are Python's choice
    run = check_guard(cli, tmp_path, guard, "", rule, head="MODES = {'flash', 'triton'}\n")
    assert run.exit_code == 1 and "scenario  {" not in run.output, run.output  # round 22: clean, or a free atom


def test_an_order_an_enum_defines_itself_is_its_code_s(cli, tmp_path):
    run = check_guard(cli, tmp_path, "Lvl.LOW < Lvl.HIGH", "", 'expect = "\'Y\'"\n', head='''
from enum import Enum


class Lvl(Enum):
    LOW = 1
    HIGH = 2

    def __lt__(self, other):
        return self.value < other.value
''')
    assert run.exit_code == 1, run.output  # round 22: folded to false, clean (Python: 'X')


def test_object_setattr_writes_past_a_frozen_dataclass(cli, tmp_path):
    run = check(cli, tmp_path, '''
        from dataclasses import dataclass


        @dataclass(frozen=True)
        class Spec:
            size: int = 0


        def f():
            s = Spec()
            object.__setattr__(s, "size", 2)
            if s.size == 2:
                return "TWO"
            return "OTHER"
    ''', 'expect = "\'TWO\'"\n')
    assert "FrozenInstanceError" not in run.output, run.output  # round 22: a raise no run gives


def test_a_subclass_s_own_binding_hides_a_write_on_its_base(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class Base:
            CAP = 80


        class Flash(Base):
            CAP = 90


        def f():
            Base.CAP = 100
            if Flash.CAP == 90:
                return "FLASH90"
            return "OTHER"


        def tune():
            Flash.CAP = 95
    ''', 'expect = "\'OTHER\'"\n')
    assert run.exit_code == 1, run.output  # round 22: Flash.CAP read as the 100 written on Base, clean


@pytest.mark.parametrize("write", ["me = sys.modules[__name__]\nme.MODE = 'b'", "sys.modules[__name__].__dict__['MODE'] = 'b'"])
def test_a_module_name_written_through_an_alias_of_the_module_object_is_no_constant(cli, tmp_path, write):
    run = check(cli, tmp_path, f"import sys\nMODE = 'a'\n{write}\n\n\ndef f():\n    if MODE == 'a':\n        return 'A'\n    return 'B'\n",
                'expect = "\'A\'"\n')
    assert run.exit_code == 1, run.output  # round 22: MODE folded to 'a', clean


def test_a_diff_of_a_set_written_another_way_is_no_change(cli, tmp_path):
    sel = "from pkg import consts\n\n\ndef select(a):\n    if a and 'b' in consts.MODES:\n        return 'E'\n    return 'D'\n\n\ndef other(x):\n    y = x\n    return y\n"
    run = _diff_tree(cli, tmp_path, _pkg({"consts.py": "MODES = {'a', 'b'}\n", "sel.py": sel}),
                     _pkg({"consts.py": "MODES = {'a'} | {'b'}\n", "sel.py": sel.replace("y", "z")}))
    assert run.exit_code == 0, run.output  # round 22: a region over `("b" in MODES)=false`, an input of the new version


def test_a_diff_of_a_feature_flag_switched_off_is_a_change(cli, tmp_path):
    # every guard folds in both versions: one outcome each, another in each (round 22: "0 compared", exit 0)
    source = 'USE_FLASH = True\n\n\ndef select(cfg):\n    if USE_FLASH:\n        return "flash"\n    return "triton"\n'
    run = _diff(cli, tmp_path, source, source.replace("USE_FLASH = True", "USE_FLASH = False"))
    assert run.exit_code == 1 and "'flash' (line 6)  ->  'triton' (line 7)" in run.output, run.output


def test_a_diff_of_a_helper_s_getattr_default_is_not_a_clean_no_change(cli, tmp_path):
    # an inlined helper's `getattr(cfg, "fast", default)` with its parameter's default changed (rounds 16, 19, 22)
    helpers = "def use_fast(cfg, default=None):\n    return getattr(cfg, 'fast', default)\n"
    sel = "from pkg.helpers import use_fast\n\n\ndef select(cfg):\n    if use_fast(cfg):\n        return 'FAST'\n    return 'DEF'\n"
    run = _diff_tree(cli, tmp_path, _pkg({"helpers.py": helpers, "sel.py": sel}),
                     _pkg({"helpers.py": helpers.replace("default=None", "default=True"), "sel.py": sel.replace("'DEF'", "('DEF')  # d")}))
    assert run.exit_code == 1 and "`cfg.fast` where it is missing changed" in run.output, run.output


_KINDS = "from enum import Enum\n\n\nclass Kind(Enum):\n    MLA = {v}\n    MHA = 2\n"


def test_a_member_s_value_read_through_an_input_is_the_member_s(cli, tmp_path):
    # `cfg.kind.value` where `cfg.kind is Kind.MLA`: "mla" (round 22: a region with `kind=Kind.MLA,
    # value=other than "mla"` no input takes)
    sel = ("from pkg.enums import Kind\n\nLIMIT = {n}\n\n\ndef select(cfg, n):\n    if cfg.kind.value == 'mla':\n        return 'V'\n"
           "    if cfg.kind is Kind.MLA and n >= LIMIT:\n        return 'T'\n    return 'NONE'\n")
    run = _diff_tree(cli, tmp_path, _pkg({"enums.py": _KINDS.format(v="'mla'"), "sel.py": sel.format(n=3)}),
                     _pkg({"enums.py": _KINDS.format(v="'mla'"), "sel.py": sel.format(n=0)}))
    assert "configurations change path" not in run.output, run.output
    # the member's value changed: `k.value` is each version's own
    sel = "from pkg.enums import Kind\n\n\ndef select(k):\n    if k is Kind.MLA and k.value == 1:\n        return 'ONE'\n    return 'D'\n"
    run = _diff_tree(cli, tmp_path / "again", _pkg({"enums.py": _KINDS.format(v=1), "sel.py": sel}),
                     _pkg({"enums.py": _KINDS.format(v=0), "sel.py": sel.replace("'D'", "('D')  # d")}))
    assert run.exit_code == 1, run.output  # round 22: "0 decisions changed", where k = Kind.MLA goes 'ONE' -> 'D'


def test_a_diff_of_an_alias_swapped_between_two_globals_written_alike_is_no_change(cli, tmp_path):
    # what a global is is its value, not its name (round 22: "rests on `pkg/flags.py::B`, which changed")
    flags = "import os\nA = os.environ.get('X', '0') == '1'\nB = os.environ.get('X', '0') == '1'\n"
    sel = "from pkg.flags import A as ENV_ON\n\n\ndef select(a):\n    if a:\n        return 'A'\n    if ENV_ON:\n        return 'E'\n    return 'D'\n"
    run = _diff_tree(cli, tmp_path, _pkg({"flags.py": flags, "sel.py": sel}), _pkg({"flags.py": flags, "sel.py": sel.replace("A as", "B as")}))
    assert run.exit_code == 0, run.output
    changed = flags.replace("B = os.environ.get('X', '0')", "B = os.environ.get('X', '1')")
    run = _diff_tree(cli, tmp_path / "again", _pkg({"flags.py": changed, "sel.py": sel}), _pkg({"flags.py": changed, "sel.py": sel.replace("A as", "B as")}))
    assert run.exit_code == 1, run.output


# ---------------------------------------------------------------- what other modules do at import


_REGISTRY_SEL = ("from pkg.registry import BACKENDS\n\n\ndef choose(x):\n    if not BACKENDS:\n        return 'none'\n"
                 "    if BACKENDS[0] == 'flash':\n        return 'FLASH'\n    return 'OTHER'\n")


@pytest.mark.parametrize("writer", [
    "from pkg.registry import BACKENDS\nBACKENDS.append('flash')\n",
    "from pkg import registry\nregistry.BACKENDS.append('flash')\n",
    "import pkg.registry as r\nr.BACKENDS = ['flash']\n",
])
def test_a_registry_a_module_the_target_never_imports_fills_is_no_constant(cli, tmp_path, writer):
    # round 23: `BACKENDS = []` was folded as empty, and `expect = "none"` clean, where the
    # package's __init__ imports a module that appends to it: running `choose` gives 'FLASH'
    run = check_package(cli, tmp_path, {"__init__.py": "from pkg import flash\n", "registry.py": "BACKENDS = []\n",
                                        "flash.py": writer, "sel.py": _REGISTRY_SEL}, "choose", 'expect = "none"\n')
    assert run.exit_code == 1 and "pkg/flash.py changes it" in run.output, run.output


def test_a_class_constant_a_module_the_target_never_imports_writes_is_no_constant(cli, tmp_path):
    # round 23: `Flash.MIN_CAP = 100` in a module the package imports (the class imported from
    # its re-export), `MIN_CAP = 80` folded: clean where running `choose(90)` gives 'OTHER'
    sel = "from pkg.backends import Flash\n\n\ndef choose(cap):\n    if cap >= Flash.MIN_CAP:\n        return 'FLASH'\n    return 'OTHER'\n"
    run = check_package(cli, tmp_path, {"__init__.py": "from pkg.backends import Flash\nfrom pkg import tune\n",
                                        "backends.py": "class Flash:\n    MIN_CAP = 80\n",
                                        "tune.py": "from pkg import Flash\nFlash.MIN_CAP = 100\n", "sel.py": sel},
                        "choose", 'expect = "FLASH"\n[rule.given]\ncap = 90\n')
    assert run.exit_code == 1 and "pkg/tune.py writes it" in run.output, run.output
    # no module writes it: the constant, and a proof
    (tmp_path / "plain").mkdir()
    run = check_package(cli, tmp_path / "plain", {"backends.py": "class Flash:\n    MIN_CAP = 80\n", "sel.py": sel},
                        "choose", 'expect = "FLASH"\n[rule.given]\ncap = 90\n')
    assert run.exit_code == 0, run.output


_REGISTER = "BACKENDS = []\n\n\ndef register(name):\n    def deco(cls):\n        BACKENDS.append(name)\n        return cls\n    return deco\n"


def test_a_diff_of_a_registry_other_modules_fill_at_import_is_not_a_clean_no_change(cli, tmp_path):
    # round 23: the package imports the registering modules in another order; `choose` reads
    # `BACKENDS` as an input of both versions, "0 decisions changed" where running it goes
    # 'FLASH' -> 'OTHER'
    files = {"registry.py": _REGISTER, "sel.py": _REGISTRY_SEL,
             "flash.py": "from pkg.registry import register\n\n\n@register('flash')\nclass Flash:\n    pass\n",
             "triton.py": "from pkg.registry import register\n\n\n@register('triton')\nclass Triton:\n    pass\n"}
    old = _pkg({**files, "__init__.py": "from pkg import flash, triton\n"})
    new = _pkg({**files, "__init__.py": "from pkg import triton, flash\n", "sel.py": _REGISTRY_SEL + "\n\ndef unrelated():\n    return 1\n"})
    run = _diff_tree(cli, tmp_path, old, new)
    assert run.exit_code == 1 and "which `pkg/flash.py` (calling `register`) may change" in run.output, run.output
    # a registry no module of the tree calls into: the same input in both versions
    alone = {"registry.py": _REGISTER, "sel.py": _REGISTRY_SEL}
    run = _diff_tree(cli, tmp_path / "alone", _pkg(alone), _pkg({**alone, "sel.py": _REGISTRY_SEL + "\n\ndef unrelated():\n    return 1\n"}))
    assert run.exit_code == 0, run.output


def test_a_registry_filled_elsewhere_is_found_at_a_git_revision_too(cli, tmp_path):
    # `check --base`: the base revision's tree is searched with `git grep`
    import subprocess

    files = {"pkg/__init__.py": "from pkg import flash\n", "pkg/registry.py": "BACKENDS = []\n",
             "pkg/flash.py": "from pkg.registry import BACKENDS\nBACKENDS.append('flash')\n", "pkg/sel.py": _REGISTRY_SEL}
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "pkg/sel.py"\nfunction = "choose"\nexpect = "none"\n')
    git = ["git", "-C", str(tmp_path), "-c", "user.email=a@b", "-c", "user.name=n"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    (tmp_path / "pkg" / "flash.py").write_text("")
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path, "--base", "HEAD", "--format", "json")
    # the working tree proves `expect = "none"` (nothing appends); the base cannot: no finding is new
    assert run.exit_code == 0, run.output
    from ordercheck.api import decode_source
    from ordercheck.revisions import revision_reader

    read = revision_reader(tmp_path, "HEAD", decode_source)
    assert read.mentioning(("BACKENDS", "registry")) == ["pkg/flash.py", "pkg/sel.py"]


@pytest.mark.parametrize("body", [
    "    cls = Triton\n    if use_flash:\n        cls = FlashAttn\n    return cls\n",
    "    for cls in (FlashAttn, Triton):\n        if use_flash or cls is Triton:\n            break\n    return cls\n",
])
def test_a_returned_variable_holding_one_class_or_another_is_the_class(cli, tmp_path, body):
    # round 23: the join of two classes was returned as its truth, True and False: `forbid =
    # ["Triton"]` clean where select(False) returns Triton, and `expect = "FlashAttn"` unknown
    source = "class FlashAttn:\n    pass\n\n\nclass Triton:\n    pass\n\n\ndef f(use_flash):\n" + body
    run = check(cli, tmp_path, source, 'forbid = ["Triton"]\n')
    assert run.exit_code == 1 and "use_flash=false" in run.output and "got       Triton" in run.output, run.output
    run = check(cli, tmp_path, source, 'expect = "FlashAttn"\n[rule.given]\nuse_flash = true\n')
    assert run.exit_code == 0, run.output


_LAZY_ENVS = ("import os\n\nenvironment_variables = {\n    'VLLM_ATTENTION_BACKEND': lambda: os.getenv('VLLM_ATTENTION_BACKEND', None),\n}\n\n\n"
         "def __getattr__(name):\n    if name in environment_variables:\n        return environment_variables[name]()\n"
         "    raise AttributeError(name)\n")


@pytest.mark.parametrize("read, rule", [
    ("os.getenv('K', '1') == '0'", 'expect = "\'mha\'"\n[rule.given]\nuse_mla = true\n"os.getenv(\'K\', \'1\')" = "1"\n'),
    ("os.environ['K'] == '0'", 'expect = "raise KeyError"\n[rule.given]\nuse_mla = true\n"\'K\' in os.environ" = false\n'),
])
def test_a_read_of_the_environment_after_the_function_wrote_it_is_not_the_input(cli, tmp_path, read, rule):
    # round 23: `os.environ["K"] = "0"` then `os.getenv("K", "1")` read the atom of before the
    # write, and `os.environ["K"]` kept its KeyError where K was just set: both clean, where
    # running select(True) returns 'mla'
    source = f"import os\n\n\ndef f(use_mla):\n    if use_mla:\n        os.environ['K'] = '0'\n    if {read}:\n        return 'mla'\n    return 'mha'\n"
    run = check(cli, tmp_path, source, rule)
    assert run.exit_code == 1 and "undetermined" in run.output, run.output
    # where nothing was written, the input as before
    (tmp_path / "plain").mkdir()
    run = check(cli, tmp_path / "plain", source.replace("os.environ['K'] = '0'", "pass"), rule)
    assert run.exit_code == 0, run.output


def test_a_lazy_env_attribute_after_the_function_wrote_the_environment_is_not_the_input(cli, tmp_path):
    # round 23: vLLM's `envs.X` (a module `__getattr__` reading os.getenv) read after
    # `os.environ["X"] = "FLASHMLA"` was the input the rule gives ("FLASH_ATTN"): clean, where
    # running select(True) returns 'mla'
    sel = ("import os\nfrom pkg import envs\n\n\ndef select(use_mla):\n    if use_mla:\n        os.environ['VLLM_ATTENTION_BACKEND'] = 'FLASHMLA'\n"
           "    if envs.VLLM_ATTENTION_BACKEND == 'FLASHMLA':\n        return 'mla'\n    return 'default'\n")
    run = check_package(cli, tmp_path, {"envs.py": _LAZY_ENVS, "sel.py": sel}, "select",
                        'expect = "\'default\'"\n[rule.given]\nuse_mla = true\nVLLM_ATTENTION_BACKEND = "FLASH_ATTN"\n')
    assert run.exit_code == 1 and "after a write to os.environ" in run.output, run.output


_GET = "\n\ndef get(name, n=0):\n    if name in _R or n > F.CAP:\n        return 'hit'\n    return 'miss'\n"


@pytest.mark.parametrize("old, new", [
    ("_R = {}\n_R['flash'] = 1\n", "_R = {}\n_R['fa'] = 1\n"),
    ("_R = {}\n_alias = _R\n_alias['flash'] = 1\n", "_R = {}\n_alias = _R\n_alias['fa'] = 1\n"),
    ("_R = {}\n\n\nclass Base:\n    def __init_subclass__(cls, key='', **kw):\n        _R[key] = cls\n\n\nclass Flash(Base, key='flash'):\n    pass\n",
     "_R = {}\n\n\nclass Base:\n    def __init_subclass__(cls, key='', **kw):\n        _R[key] = cls\n\n\nclass Flash(Base, key='fa'):\n    pass\n"),
    ("_R = {}\nclass F:\n    CAP = 4\nF.CAP = 6\n", "_R = {}\nclass F:\n    CAP = 4\nF.CAP = 8\n"),
    ("_R = {}\nclass F:\n    CAP = 4\n    for _i in range(2):\n        CAP += 1\n", "_R = {}\nclass F:\n    CAP = 4\n    for _i in range(4):\n        CAP += 1\n"),
    ("_R = {}\nclass F:\n    X = (CAP := 6)\n", "_R = {}\nclass F:\n    X = (CAP := 8)\n"),
])
def test_a_diff_of_module_code_that_fills_or_writes_what_the_target_reads_is_not_a_clean_no_change(cli, tmp_path, old, new):
    # round 23: a registry of the target's own module filled by module-level code (an item write,
    # through an alias, by `__init_subclass__`), a class attribute written by the module or bound
    # by class code (`for`, a walrus): "0 decisions changed", exit 0, where running `get` differs
    head = "" if "class F" in old else "class F:\n    CAP = 4\n"
    run = _diff(cli, tmp_path, head + old + _GET, head + new + _GET)
    assert run.exit_code == 1 and "not compared" in run.output, run.output


def test_a_module_walrus_is_a_name_of_the_module_for_diff_and_a_class_walrus_binds_the_class(cli, tmp_path):
    # round 23: `(LIMIT := 6)` -> `(LIMIT := 8)` was no change; `X = (CAP := 6)` in a class body
    # left `F.CAP` missing (AttributeError): a definite violation where running gives 'big'
    source = "(LIMIT := {v})\n\n\ndef get(n):\n    if n > LIMIT:\n        return 'big'\n    return 'small'\n"
    run = _diff(cli, tmp_path, source.format(v=6), source.format(v=8))
    assert run.exit_code == 1 and "`LIMIT` rests on `m.py::LIMIT`" in run.output, run.output
    (tmp_path / "mod.py").write_text("class F:\n    X = (CAP := 6)\n\n\ndef f(n):\n    if n > F.CAP:\n        return 'big'\n    return 'small'\n")
    run = cli("explain", "mod.py::f", "--root", tmp_path)
    assert run.exit_code == 0 and "AttributeError" not in run.output and "'big'" in run.output, run.output


def test_an_f_string_of_a_local_is_computed_from_what_the_local_holds(cli, tmp_path):
    # round 23: `f"{x}"` was an atom `f'{x}'` over a local's name, free: `forbid = ["'B'"]` violated
    # with `f'{x}'="b"`, where x is "a" or "c"
    run = check(cli, tmp_path, 'def f(flag, cfg):\n    x = "a" if flag else "c"\n    if f"{x}" == "b":\n        return "B"\n'
                '    m = cfg.mode\n    if f"{m}-x" == "fast-x":\n        return "F"\n    return "A"\n', 'forbid = ["\'B\'"]\n')
    assert run.exit_code == 0, run.output
    # one read from an input is that input's: `cfg.mode` given "fast" takes 'F'
    (tmp_path / "x").mkdir()
    run = check(cli, tmp_path / "x",
                'def f(cfg):\n    m = cfg.mode\n    if f"{m}-x" == "fast-x":\n        return "F"\n    return "A"\n',
                'expect = "\'F\'"\n[rule.given]\n"cfg.mode" = "fast"\n')
    assert run.exit_code == 0, run.output


_MEMBER_TEXTS = '''
import enum


class Backend(str, enum.Enum):
    FLASH = "flash"


class Level(enum.IntEnum):
    O3 = 3


class Dtype(enum.StrEnum):
    FP8 = "fp8"


def f(flag):
    if flag and {guard}:
        return "T"
    return "F"
'''


@pytest.mark.parametrize("guard, outcome", [
    ("str(Backend.FLASH) == 'flash'", "'F'"),                   # 'Backend.FLASH' on every Python
    ("str(Backend.FLASH) == 'Backend.FLASH'", "'T'"),
    ("f'{Level.O3}' == '3'", "'T'"),
    ("str(Dtype.FP8) == 'fp8'", "'T'"),
    ("repr(Backend.FLASH) == \"<Backend.FLASH: 'flash'>\"", "'T'"),
])
def test_the_text_of_an_enum_member_is_python_s(cli, tmp_path, guard, outcome):
    # round 23: `str()` of a `str` mixin's member was its value, `f"{IntEnum member}"` unequal to
    # its number, a StrEnum's `str()` unequal to its value, `repr()` never matched: each a definite
    # violation running the code contradicts
    run = check(cli, tmp_path, _MEMBER_TEXTS.format(guard=guard), f'expect = "{outcome}"\n[rule.given]\nflag = true\n')
    assert run.exit_code == 0, run.output
    # where Pythons differ (`format()` of a mixin's member: its value up to 3.10), unknown
    (tmp_path / "d").mkdir()
    run = check(cli, tmp_path / "d",
                _MEMBER_TEXTS.format(guard="format(Backend.FLASH) == 'flash'"), 'expect = "\'F\'"\n[rule.given]\nflag = true\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


def test_a_str_mixin_member_equals_its_string_where_an_input_is_the_member(cli, tmp_path):
    # round 23: `x == Mode.EAGER` -> `x is Mode.EAGER` listed `x=Mode.EAGER: 'C' -> 'A'`, where the
    # member equals "eager" and takes 'A' in both versions; only x="eager" changes
    source = ("import enum\n\n\nclass Mode(str, enum.Enum):\n    EAGER = 'eager'\n    GRAPH = 'graph'\n\n\n"
              "def pick(x):\n    if x == Mode.EAGER:\n        return 'A'\n    return 'C'\n")
    run = _diff(cli, tmp_path, source, source.replace("x == Mode.EAGER", "x is Mode.EAGER"))
    assert run.exit_code == 1 and '1 of 3 configurations' in run.output and 'when x="eager"' in run.output, run.output
    assert "x=Mode.EAGER" not in run.output, run.output


def test_a_diff_of_an_instance_check_whose_class_lost_a_subclass_is_not_a_clean_no_change(cli, tmp_path):
    # round 23: `class ModelOptFp8Config(Fp8Config)` rebased onto another class: `isinstance(qc,
    # Fp8Config)` of a ModelOptFp8Config goes true -> false, and diff said "0 decisions changed"
    configs = "class QuantizationConfig:\n    pass\n\n\nclass Fp8Config(QuantizationConfig):\n    pass\n\n\nclass ModelOpt(Fp8Config):\n    pass\n"
    sel = "from pkg.configs import Fp8Config\n\n\ndef pick(qc):\n    if isinstance(qc, Fp8Config):\n        return 'fp8'\n    return 'other'\n"
    run = _diff_tree(cli, tmp_path, _pkg({"configs.py": configs, "sel.py": sel}),
                     _pkg({"configs.py": configs.replace("ModelOpt(Fp8Config)", "ModelOpt(QuantizationConfig)"), "sel.py": sel + "# t\n"}))
    assert run.exit_code == 1 and "not compared" in run.output, run.output
    # a subclass in another module, added
    run = _diff_tree(cli, tmp_path / "added", _pkg({"configs.py": configs, "sel.py": sel}),
                     _pkg({"configs.py": configs, "sel.py": sel + "# t\n",
                           "more.py": "from pkg.configs import Fp8Config\n\n\nclass Mine(Fp8Config):\n    pass\n"}))
    assert run.exit_code == 1 and "not compared" in run.output, run.output
    # nothing of the hierarchy changed: the same input
    run = _diff_tree(cli, tmp_path / "same", _pkg({"configs.py": configs, "sel.py": sel}), _pkg({"configs.py": configs, "sel.py": sel + "# t\n"}))
    assert run.exit_code == 0, run.output


def test_a_change_listed_assuming_a_value_whose_definition_changed_says_more_may_change(cli, tmp_path):
    # round 23: `MIN_CAP = Base.MIN_CAP + 10` with Base's changed, and a threshold changed too: the
    # region of the threshold was listed "assuming `Flash.MIN_CAP` is the same (code the model does
    # not follow computes it)", and cap=85 triton -> flash left out with no word that it may be
    base = "class Base:\n    MIN_CAP = {v}\n"
    sel = ("from pkg.base import Base\n\n\nclass Flash(Base):\n    MIN_CAP = Base.MIN_CAP + 10\n\n\n"
           "def pick(cap):\n    if cap >= Flash.MIN_CAP:\n        return 'flash'\n    if cap >= {t}:\n        return 'triton'\n    return 'torch'\n")
    run = _diff_tree(cli, tmp_path, _pkg({"base.py": base.format(v=80), "sel.py": sel.replace("{t}", "70")}),
                     _pkg({"base.py": base.format(v=75), "sel.py": sel.replace("{t}", "60")}), "--format", "json")
    import json

    target = json.loads(run.output)["targets"][0]
    # (round 38: the class body's `Base.MIN_CAP + 10` is computed as the module is imported, 90 then
    # 85: the region is listed as a change of its own, no assumption left)
    assert run.exit_code == 1 and any(r["when"].get("cap") == ["85|in (85, 90)"] and r["old"]["outcome"] == "'triton'"
                                      and r["new"]["outcome"] == "'flash'" for r in target["regions"]), run.output


@pytest.mark.parametrize("given, outcome", [("major = 9\nminor = 0\n", "'V3'"), ("major = 8\nminor = 9\n", "'V2'"),
                                            ("major = 8\nminor = 6\n", "'A86'"), ("major = 10\nminor = -1\n", "'V3'")])
def test_tuples_compare_item_by_item_as_python_does(cli, tmp_path, given, outcome):
    # round 23: `(major, minor) >= (9, 0)` (vLLM's capability checks) was "comparison with a list
    # not modeled", undetermined with both given
    run = check(cli, tmp_path, 'def f(major, minor):\n    if (major, minor) >= (9, 0):\n        return "V3"\n'
                '    if (major, minor) == (8, 6):\n        return "A86"\n    return "V2"\n', f'expect = "{outcome}"\n[rule.given]\n{given}')
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("where", ["module", "class"])
def test_a_constant_bound_to_a_member_of_the_module_s_enum_is_that_member(cli, tmp_path, where):
    # round 23: `_DEFAULT = Backend.FLASH` (or a class attribute so bound) was "a value of the
    # module's constants the model did not compute": undetermined where the rule is decidable
    head = "import enum\n\n\nclass Backend(enum.Enum):\n    FLASH = 1\n    TRITON = 2\n\n\n"
    bound = "_DEFAULT = Backend.FLASH\n" if where == "module" else "class Cfg:\n    DEFAULT = Backend.FLASH\n"
    read = "_DEFAULT" if where == "module" else "Cfg.DEFAULT"
    source = head + bound + f"\n\ndef f(use_triton):\n    if use_triton:\n        return Backend.TRITON\n    return {read}\n"
    run = check(cli, tmp_path, source, 'expect = "FLASH"\n[rule.given]\nuse_triton = false\n')
    assert run.exit_code == 0, run.output


def test_enumerate_over_one_list_or_another_walks_each(cli, tmp_path):
    # round 23: `for i, b in enumerate([A, B] if cap >= 100 else [B, A])` (vLLM's
    # get_attn_backend_cls shape) was "loop not modeled", where the loop without enumerate proves it
    source = ("class FlashInfer:\n    @classmethod\n    def supports(cls, h):\n        return h in (64, 128, 256)\n\n\n"
              "class FlashAttn:\n    @classmethod\n    def supports(cls, h):\n        return h % 32 == 0\n\n\n"
              "def f(cap, h):\n    prios = [FlashInfer, FlashAttn] if cap >= 100 else [FlashAttn, FlashInfer]\n"
              "    for i, b in enumerate(prios):\n        if b.supports(h):\n            return b.__name__\n    return 'none'\n")
    run = check(cli, tmp_path, source, 'expect = "\'FlashInfer\'"\n[rule.given]\ncap = 100\nh = 128\n')
    assert run.exit_code == 0, run.output
    (tmp_path / "b").mkdir()
    run = check(cli, tmp_path / "b", source, 'expect = "\'FlashAttn\'"\n[rule.given]\ncap = 90\nh = 128\n')
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- round 24


_CAUGHT = '''
def f(mode):
    try:
        if mode {test}:
            raise ValueError(mode)
        ok = mode == "fp8"
    except {handlers}:
        return "fallback"
    if ok:
        return "quant"
    return "default"
'''


@pytest.mark.parametrize("handlers", ["ValueError", "(KeyError, ValueError) as e", "Exception", "BaseException"])
def test_a_raise_its_own_handler_catches_runs_the_handler(cli, tmp_path, handlers):
    # round 24: `raise ValueError(m)` in a `try` whose `except ValueError` returns was an exit
    # under "<the ValueError is not caught>", an opaque atom: undetermined where the function
    # always returns the handler's value, and `diff` listed 'default' -> raise ValueError for a
    # change that returns "fallback" instead
    run = check(cli, tmp_path, _CAUGHT.format(test='== "bad"', handlers=handlers),
                'expect = "\'fallback\'"\n[rule.given]\nmode = "bad"\n')
    assert run.exit_code == 0, run.output
    (tmp_path / "d").mkdir()
    run = _diff(cli, tmp_path / "d", _CAUGHT.format(test='== "bad"', handlers=handlers),
                _CAUGHT.format(test='in ("bad", "off")', handlers=handlers))
    assert run.exit_code == 1 and "raise" not in run.output and "'default' (line 11)  ->  'fallback' (line 8)" in run.output, run.output


def test_a_raise_no_handler_catches_still_leaves(cli, tmp_path):
    # (the handler for another class, or one of the tree's, decides nothing)
    run = check(cli, tmp_path, _CAUGHT.format(test='== "bad"', handlers="KeyError"),
                'expect = "\'fallback\'"\n[rule.given]\nmode = "bad"\n')
    assert run.exit_code == 1 and "got       raise ValueError" in run.output, run.output
    (tmp_path / "tree").mkdir()
    run = check(cli, tmp_path / "tree", "class ValueError(Exception):\n    pass\n" + _CAUGHT.format(test='== "bad"', handlers="KeyError"),
                'expect = "\'fallback\'"\n[rule.given]\nmode = "bad"\n')
    assert run.exit_code == 1, run.output


_OWN_OK = {
    "written": "class A:\n    def ok(self):\n        return True\n\n\ndef f():\n    o = A()\n    o.ok = lambda: False\n    if o.ok():\n        return 'X'\n    return 'Y'\n",
    "setattr": "class A:\n    def ok(self):\n        return True\n\n\ndef never():\n    return False\n\n\ndef f():\n    o = A()\n"
               "    setattr(o, 'ok', never)\n    if o.ok():\n        return 'X'\n    return 'Y'\n",
    "init": "def never():\n    return False\n\n\nclass A:\n    def __init__(self):\n        self.ok = never\n\n    def ok(self):\n"
            "        return True\n\n\ndef f():\n    o = A()\n    if o.ok():\n        return 'X'\n    return 'Y'\n",
    "self": "def never():\n    return False\n\n\nclass A:\n    def __init__(self):\n        self.ok = never\n\n    def ok(self):\n"
            "        return True\n\n    def f(self):\n        if self.ok():\n            return 'X'\n        return 'Y'\n",
}


@pytest.mark.parametrize("case", sorted(_OWN_OK))
def test_an_object_s_own_attribute_hides_its_class_s_method(cli, tmp_path, case):
    # round 24: `o.ok = lambda: False` (or `setattr(o, "ok", g)`, `self.ok = g` in `__init__`)
    # and then `o.ok()` ran the class's `ok`: forbid 'Y' was proved clean, and f() returns 'Y'
    run = check(cli, tmp_path, _OWN_OK[case], 'forbid = ["\'Y\'"]\n', "A.f" if case == "self" else "f")
    assert run.exit_code == 1, run.output
    # with nothing writing `ok` on objects, the method is what the call runs
    (tmp_path / "plain").mkdir()
    run = check(cli, tmp_path / "plain", "class A:\n    def ok(self):\n        return True\n\n\ndef f():\n    o = A()\n"
                "    if o.ok():\n        return 'X'\n    return 'Y'\n", 'forbid = ["\'Y\'"]\n')
    assert run.exit_code == 0, run.output


def test_a_str_method_of_a_call_s_value_is_computed_from_that_value(cli, tmp_path):
    # round 24: `os.getenv("K", "flash").lower()` was an atom free apart from `os.getenv("K",
    # "flash")`: `diff` listed getenv "flash" with its `.lower()` other than "flash", 'flash' ->
    # 'torch', which no environment gives
    sel = ("import os\n\n\ndef choose():\n    backend = os.getenv('OC_BACKEND', 'flash'){lower}\n    if backend == 'flash':\n"
           "        return 'flash'\n    return 'torch'\n")
    run = _diff_tree(cli, tmp_path, _pkg({"sel.py": sel.format(lower="")}), _pkg({"sel.py": sel.format(lower=".lower()")}))
    assert "'flash' (line 7)  ->  'torch'" not in run.output and ("not compared" in run.output or "apart" in run.output), run.output


def test_a_helper_newly_cached_is_no_input_apart_from_its_argument(cli, tmp_path):
    # round 24: `@functools.cache` added to a pure helper made its call an atom of the new version
    # alone, and `diff` paired it freely with the old version's inlined guard: "n >= 8,
    # is_big(n)=false: 'big' -> 'small'", which no n gives (both versions return the same)
    sel = ("import functools\n\n\n{deco}def is_big(n):\n    return n >= 8\n\n\ndef choose(n):\n    if is_big(n):\n"
           "        return 'big'\n    return 'small'\n")
    run = _diff_tree(cli, tmp_path, _pkg({"sel.py": sel.format(deco="")}), _pkg({"sel.py": sel.format(deco="@functools.cache\n")}))
    # (round 32: a cached function of its argument alone is inlined: the two versions compare the same)
    assert "->" not in run.output and ("not compared" in run.output or "0 decisions changed" in run.output), run.output


@pytest.mark.parametrize("edit", ["function added", "comment only"])
def test_a_module_newly_changing_a_walked_list_is_read_by_the_decision(cli, tmp_path, edit):
    # round 24: `BACKENDS.insert(0, "triton")` added to another module of the package, the
    # decision's file changed elsewhere: the old model (exact) was taken for the new one ("every
    # read answers the same": the search of the tree was no read), "0 decisions changed", and
    # choose(8) goes 'flash' -> 'triton'
    sel = ("from .reg import BACKENDS\n\n\ndef choose(n):\n    for b in BACKENDS:\n        if b == 'flash' and n >= 8:\n"
           "            return b\n        if b == 'triton':\n            return b\n    return 'none'\n")
    more = "\n\ndef unrelated():\n    return 1\n" if edit == "function added" else "# reviewed\n"
    files = {"__init__.py": "from . import ext\n", "reg.py": "BACKENDS = ['flash', 'triton']\n", "sel.py": sel,
             "ext.py": "from .reg import BACKENDS\n"}
    new = {**files, "sel.py": sel + more, "ext.py": files["ext.py"] + "BACKENDS.insert(0, 'triton')\n"}
    run = _diff_tree(cli, tmp_path, _pkg(files), _pkg(new), "--no-cache")
    assert run.exit_code == 1 and ("not compared" in run.output or "->" in run.output), run.output


def test_an_attribute_the_class_s_init_computes_rests_on_it(cli, tmp_path):
    # round 24: `self.quant = mode in ("fp8", "int8")` in `__init__`, narrowed to ("fp8",): the
    # decision reads `self.quant` as one value in both versions, "0 decisions changed"; and
    # Sel("int8").choose(0) goes 'quant' -> 'small'
    sel = ("class Sel:\n    def __init__(self, mode):\n        self.quant = mode in {modes}\n\n    def choose(self, n):\n"
           "        if self.quant:\n            return 'quant'\n        if n > 4:\n            return 'big'\n        return 'small'\n")
    run = _diff_tree(cli, tmp_path, _pkg({"sel.py": sel.format(modes="('fp8', 'int8')")}), _pkg({"sel.py": sel.format(modes="('fp8',)")}))
    assert run.exit_code == 1 and "not compared" in run.output and "Sel.quant" in run.output, run.output
    # another attribute `__init__` sets, changed, is no change of this one
    other = sel.replace("        self.quant", "        self.name = {name}\n        self.quant")
    run = _diff_tree(cli, tmp_path / "other", _pkg({"sel.py": other.format(name="'a'", modes="('fp8',)")}),
                     _pkg({"sel.py": other.format(name="'b'", modes="('fp8',)")}))
    assert run.exit_code == 0, run.output


_MATCH = """
def choose(mode, n):
    match mode:
        case {first}:
            return "quant"
        case None:
            return "none"
        case m if n > 4:
            return "big"
        case _:
            pass
    return "default"
"""


def test_a_match_of_values_runs_as_its_if_chain(cli, tmp_path):
    # round 24: a decision written as one `match` was no decision (its returns opaque), and `diff`
    # of `case "fp8"` -> `case "int8"` was "0 decisions changed"
    run = check(cli, tmp_path, _MATCH.format(first='"fp8" | "int8"'), 'expect = "\'big\'"\n[rule.given]\nmode = "x"\nn = 5\n',
                "choose")
    assert run.exit_code == 0, run.output
    (tmp_path / "none").mkdir()
    run = check(cli, tmp_path / "none", _MATCH.format(first='"fp8" | "int8"'), 'forbid = ["\'default\'"]\n[rule.given]\nn = 5\n',
                "choose")
    assert run.exit_code == 0, run.output  # every mode that reaches the capture takes it with n > 4
    (tmp_path / "d").mkdir()
    run = _diff(cli, tmp_path / "d", _MATCH.format(first='"fp8"'), _MATCH.format(first='"int8"'))
    assert run.exit_code == 1 and "mode=\"fp8\"" in run.output and "mode=\"int8\"" in run.output, run.output


def test_a_helper_under_a_decorator_factory_rests_on_the_factory(cli, tmp_path):
    # round 24: `@register("a")` on a helper, the factory's inner decorator changed to return
    # another function: the call was the same opaque atom in both versions, "0 decisions
    # changed", and choose(8) goes 'fast' -> 'slow'
    sel = ("def register(name):\n    def deco(fn):\n        return {made}\n    return deco\n\n\n@register('a')\ndef is_fast(n):\n"
           "    return n >= 8\n\n\ndef choose(n):\n    if is_fast(n):\n        return 'fast'\n    return 'slow'\n")
    run = _diff_tree(cli, tmp_path, _pkg({"sel.py": sel.format(made="fn")}), _pkg({"sel.py": sel.format(made="lambda n: False")}))
    assert run.exit_code == 1 and "not compared" in run.output and "register" in run.output, run.output


_HOOK = ("class Base:\n    def supports(self, n):\n        return n >= 8\n\n    def choose(self, n):\n        if self.supports(n):\n"
         "            return 'fast'\n        return 'slow'\n\n\nclass Impl(Base):\n{body}\n")


def test_a_subclass_s_inherited_decision_is_its_own_target(cli, tmp_path):
    # round 24: `Impl(Base)` inherits `Base.choose`, which calls `self.supports(n)`: a new
    # `Impl.supports` changed what Impl().choose(0) returns ('slow' -> 'fast'), and `diff` compared
    # `Base.choose` alone ("0 decisions changed"); `Impl.choose` was no target a rule could name
    override = "    def supports(self, n):\n        return True\n"
    run = _diff_tree(cli, tmp_path, _pkg({"sel.py": _HOOK.format(body="    pass")}), _pkg({"sel.py": _HOOK.format(body=override)}))
    assert run.exit_code == 1 and "Impl.choose" in run.output and "'slow' (line 8)  ->  'fast' (line 7)" in run.output, run.output
    (tmp_path / "check").mkdir()
    (tmp_path / "check" / "mod.py").write_text(_HOOK.format(body=override))
    (tmp_path / "check" / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "Impl.choose"\nforbid = ["\'slow\'"]\n')
    assert cli("check", "--rules", tmp_path / "check" / "r.toml", "--root", tmp_path / "check").exit_code == 0
    (tmp_path / "check" / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "Base.choose"\nforbid = ["\'slow\'"]\n')
    assert cli("check", "--rules", tmp_path / "check" / "r.toml", "--root", tmp_path / "check").exit_code == 1


def test_a_function_moved_to_a_module_its_old_one_imports_it_from_is_compared(cli, tmp_path):
    # round 24: `choose` moved to sel2.py (sel.py: `from .sel2 import choose`), `n >= 8` made
    # `n > 8`: reported "gone, no function with the same outcomes replaces it", the change at n == 8
    # never compared
    body = "def choose(n, mode):\n    if mode == 'fp8':\n        return 'quant'\n    if n {op} 8:\n        return 'big'\n    return 'small'\n"
    run = _diff_tree(cli, tmp_path, _pkg({"sel.py": body.format(op=">=")}),
                     _pkg({"sel.py": "from .sel2 import choose\n", "sel2.py": body.format(op=">")}))
    assert run.exit_code == 1 and "renamed from pkg/sel.py::choose" in run.output and "n == 8" in run.output, run.output


@pytest.mark.parametrize("returned, edit", [
    ("Backend.FLASH.value", ("FLASH = 'flash'", "FLASH = 'fa2'")),
    ("Backend.FLASH.get_path()", ("return 'pkg.flash'", "return 'pkg.flash2'")),
])
def test_a_member_returned_as_its_value_rests_on_its_definition(cli, tmp_path, returned, edit):
    # round 24: `return Backend.FLASH.value`, the member's value changed: every call returns
    # another string, and `diff` said "0 decisions changed" (the outcome is keyed as the member)
    sel = ("import enum\n\n\nclass Backend(enum.Enum):\n    FLASH = 'flash'\n    TRITON = 'triton'\n\n    def get_path(self):\n"
           "        return 'pkg.flash'\n\n\ndef choose(mode):\n    if mode == 'fp8':\n        return Backend.TRITON.value\n"
           f"    return {returned}\n")
    run = _diff_tree(cli, tmp_path, _pkg({"sel.py": sel}), _pkg({"sel.py": sel.replace(*edit)}))
    # (round 48: a member's own method is inlined; the change is then listed exactly)
    exact = "'pkg.flash' (line 15)  ->  'pkg.flash2' (line 15)" if "get_path" in returned else None
    assert run.exit_code == 1 and ("not compared" in run.output or exact and exact in run.output), run.output


_CHANGED_UNSEEN = [
    "def f():\n    it = iter(['a', 'b'])\n    next(it)\n    if next(it) == 'a':\n        return 'X'\n    return 'Y'\n",
    "def f():\n    g = (x == 'a' for x in ['a', 'b'])\n    any(g)\n    if any(g):\n        return 'X'\n    return 'Y'\n",
    "def f():\n    e = enumerate(['a', 'b'])\n    next(e)\n    i, x = next(e)\n    if x == 'a':\n        return 'X'\n    return 'Y'\n",
    "def f():\n    it = iter(['a', 'b', 'c'])\n    for x in it:\n        if x == 'a':\n            next(it)\n        if x == 'b':\n"
    "            return 'X'\n    return 'Y'\n",
    "def f():\n    d = {'a': 1}\n    keys = d.keys()\n    d['b'] = 2\n    if 'b' in keys:\n        return 'Y'\n    return 'X'\n",
    "def f():\n    lst = ['a', 'b', 'c']\n    for i, x in enumerate(lst):\n        if x == 'a':\n            lst.remove('b')\n"
    "        if x == 'b':\n            return 'X'\n    return 'Y'\n",
    "def f():\n    lst = ['a', 'b']\n\n    def chk(x):\n        if x == 'a':\n            lst.remove('b')\n        return x == 'b'\n"
    "    if any(chk(x) for x in lst):\n        return 'X'\n    return 'Y'\n",
    "class A:\n    def ok(self):\n        return True\n\n\ndef no(self):\n    return False\n\n\ndef f():\n    A.ok = no\n"
    "    if A().ok():\n        return 'X'\n    return 'Y'\n",
    "class A:\n    def __getattribute__(self, name):\n        return lambda: False\n\n    def ok(self):\n        return True\n\n\n"
    "def f():\n    if A().ok():\n        return 'X'\n    return 'Y'\n",
    "class A:\n    def ok(self):\n        return True\n\n\nclass B:\n    def ok(self):\n        return False\n\n\ndef f():\n"
    "    o = A()\n    o.__class__ = B\n    if o.ok():\n        return 'X'\n    return 'Y'\n",
    "def never(self):\n    return False\n\n\nclass Base:\n    def ok(self):\n        return True\n\n\nclass Sub(Base):\n"
    "    ok = never\n\n\ndef f():\n    if Sub().ok():\n        return 'X'\n    return 'Y'\n",
    "class Base:\n    @property\n    def kind(self):\n        return 'base'\n\n    def g(self):\n        if self.kind == 'base':\n"
    "            return 'X'\n        return 'Y'\n\n\nclass Sub(Base):\n    kind = 'sub'\n\n\ndef f():\n    return Sub().g()\n",
]


@pytest.mark.parametrize("source", _CHANGED_UNSEEN)
def test_what_changes_unseen_is_not_read_as_it_was(cli, tmp_path, source):
    # round 24: an iterator read twice was walked afresh (`next(it)` twice gave the first item
    # twice, `any(g)` after `any(g)`), a dict's keys view did not see a later insert, a list
    # changed while `enumerate` or `any` of a generator walked it was walked as it was, and a
    # method replaced on the class (`A.ok = no`), read through `__getattribute__`, of an object
    # whose `__class__` was reassigned, or hidden by a subclass's plain binding (`ok = never`,
    # `kind = 'sub'` over a property) ran the `def`: 'Y' was proved unreachable, f() returns it
    run = check(cli, tmp_path, source, 'forbid = ["\'Y\'"]\n')
    assert run.exit_code == 1, run.output


def test_an_iterator_read_once_is_still_walked(cli, tmp_path):
    run = check(cli, tmp_path, "def f(m):\n    g = (b for b in ['flash', 'triton'] if b != m)\n    if next(g, None) == 'flash':\n"
                "        return 'X'\n    return 'Y'\n", 'expect = "\'Y\'"\n[rule.given]\nm = "flash"\n')
    assert run.exit_code == 0, run.output


def test_a_list_extended_by_augmented_assignment_is_the_one_object(cli, tmp_path):
    # round 24: `global ORDER; ORDER += ["b"]` in a helper, `o = ORDER` before it: "got 'Y'" with
    # `("b" in ORDER)=false`, which no run gives (o is the list extended)
    run = check(cli, tmp_path, "ORDER = ['a']\n\n\ndef grow():\n    global ORDER\n    ORDER += ['b']\n\n\ndef f():\n    o = ORDER\n"
                "    grow()\n    if 'b' in o:\n        return 'X'\n    return 'Y'\n", 'forbid = ["\'Y\'"]\n')
    assert "got       'Y'" not in run.output or "undetermined" in run.output, run.output


def test_a_list_a_finally_changes_is_returned_changed(cli, tmp_path):
    # round 24: `try: return cands` / `finally: cands.insert(0, "xformers")`: the caller gets the
    # changed list, and `first = 'flash'` was proved
    run = check(cli, tmp_path, "def f():\n    cands = ['flash', 'triton']\n    try:\n        return cands\n    finally:\n"
                "        cands.insert(0, 'xformers')\n", 'first = "\'flash\'"\n')
    assert run.exit_code == 1 and "xformers" in run.output, run.output


@pytest.mark.parametrize("head, guard", [
    ("import enum\n\n\nclass B(str, enum.Enum):\n    FLASH = 'flash'\n", "isinstance(B.FLASH, str)"),
    ("import enum\n\n\nclass L(enum.IntEnum):\n    HI = 2\n", "isinstance(L.HI, int)"),
    ("def ok(a, b):\n    return b == 'b' or True\n", "ok(*('a', m))"),
])
def test_what_the_program_fixes_is_no_free_input(cli, tmp_path, head, guard):
    # round 24: each was a free atom, and a violation was reported with a scenario no run gives
    run = check_guard(cli, tmp_path, guard, "m", 'forbid = ["\'Y\'"]\n', head=head)
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("head, guard", [
    ("class A:\n    def __init__(self):\n        self.q = 1\n", "hasattr(A(), 'q')"),
    ("import functools\n\n\ndef ok(thr, cap):\n    return cap >= thr\n", "functools.partial(ok, 95)(m)"),
])
def test_what_the_program_computes_unseen_is_unknown_not_free(cli, tmp_path, head, guard):
    run = check_guard(cli, tmp_path, guard, "m", 'forbid = ["\'Y\'"]\n[rule.given]\nm = 100\n', head=head)
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


# ---------------------------------------------------------------- round 25


@pytest.mark.parametrize("head, guard", [
    # a base's `__init_subclass__` sets the attribute on every subclass: "scenario ENABLED=false"
    ("class Backend:\n    def __init_subclass__(cls, **kw):\n        super().__init_subclass__(**kw)\n"
     "        cls.ENABLED = True\n\n\nclass Flash(Backend):\n    pass\n", "Flash.ENABLED"),
    # the functional API makes the enum from its arguments: "scenario value=other than 1"
    ("import enum\n\nB = enum.Enum('B', 'FLASH TRITON')\n", "B.FLASH.value == 1"),
    ("from enum import IntEnum\n\nB = IntEnum('B', ['FLASH', 'TRITON'])\n", "B.TRITON == 2"),
])
def test_what_class_code_sets_is_unknown_not_an_input(cli, tmp_path, head, guard):
    # round 25: each was a free atom, and 'Y' was reported with a scenario no run gives
    run = check_guard(cli, tmp_path, guard, "m", 'forbid = ["\'Y\'"]\n', head=head)
    assert "scenario" not in run.output or "undetermined" in run.output, run.output
    assert run.exit_code in (0, 1), run.output


@pytest.mark.parametrize("source", [
    "def second(it):\n    next(it, None)\n    return next(it, None)\n\n\ndef f():\n    it = iter(['flash', 'triton'])\n"
    "    if second(it) == 'triton':\n        return 'X'\n    return 'Y'\n",
    "def both(g):\n    return any(g) or any(g)\n\n\ndef f():\n    g = (x for x in [0, 1])\n    if both(g):\n        return 'X'\n"
    "    return 'Y'\n",
    "def count(g):\n    return len(list(g)) + len(list(g))\n\n\ndef f():\n    g = (x for x in ['a', 'b'])\n"
    "    if count(g) == 2:\n        return 'X'\n    return 'Y'\n",
    "def f():\n    it = iter(['flash', 'triton'])\n    box = [it]\n    next(box[0])\n    if next(box[0]) == 'triton':\n"
    "        return 'X'\n    return 'Y'\n",
])
def test_an_iterator_handed_to_other_code_may_be_walked_twice(cli, tmp_path, source):
    # round 25: `it` read once in the function, handed to a helper that walks it twice (or kept in a
    # list and walked through it): the first item was read twice, and 'Y' proved; f() returns 'X'
    run = check(cli, tmp_path, source, 'forbid = ["\'X\'"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


def test_an_enum_that_lost_its_str_mixin_is_not_compared_member_by_value(cli, tmp_path):
    # round 25: `class B(str, Enum)` -> `class B(Enum)`: beside the true "mode='flash': 'X' -> 'Y'",
    # "when mode=B.FLASH: 'Y' -> 'X'", where both versions return 'X'
    old = ("import enum\n\n\nclass B(str, enum.Enum):\n    FLASH = 'flash'\n\n\n"
           "def f(mode):\n    if mode == B.FLASH:\n        return 'X'\n    return 'Y'\n")
    run = _diff(cli, tmp_path, old, old.replace("(str, enum.Enum)", "(enum.Enum)"))
    assert "B.FLASH" in run.output and "not compared" in run.output, run.output
    assert "'Y' (line 11)  ->  'X'" not in run.output, run.output


_ENUM_HEADS = '''
import abc
from enum import Enum, Flag, IntEnum, auto


class Level(IntEnum):
    LOW = 1
    HIGH = 2
    TOP = 2


class Cap(Flag):
    A = 1
    B = 2


class Kind(Enum):
    A = 1


class Iface(metaclass=abc.ABCMeta):
    pass


class Named(Enum):
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()

    FLASH = auto()


class Upper(Enum):
    def __new__(cls, label):
        obj = object.__new__(cls)
        obj._value_ = label.upper()
        return obj

    FLASH = "flash"


class Ordered(IntEnum):
    LOW = 1
    HIGH = 2

    def __eq__(self, other):
        return int(self) >= int(other)

    __hash__ = int.__hash__


class Mixed(str, Enum):
    FLASH = "flash"


class Slotted:
    __slots__ = ("use_fp8",)
'''


@pytest.mark.parametrize("guard, outcome", [
    ('"TOP" in Level.__members__', "X"),  # an IntEnum's table names its aliases too
    ("max(Level) == 2", "X"), ("all([Level.LOW, Level.HIGH])", "X"), ("str(Cap.A | Cap.B) == 'Cap.A|B'", "X"),
    ('"{}".format(Level.HIGH) == "2"', "X"), ("Kind.A in Kind", "X"), ("Kind", "X"), ("Iface", "X"),
    ("Named.FLASH.value == 1", "Y"), ("Upper.FLASH.value == 'flash'", "Y"), ("Ordered.HIGH == 1", "X"),
    ("'%s' % Mixed.FLASH == 'flash'", "Y"), ("hasattr(Slotted, 'use_fp8')", "X"),
])
def test_what_an_enum_or_class_makes_of_itself_is_python_s(cli, tmp_path, guard, outcome):
    # round 25: each was folded to the other outcome (an auto() beside the enum's own
    # `_generate_next_value_`, a value its `__new__` replaces, an IntEnum's own `__eq__`, `%s` of a
    # `str` mixin's member, a slot's descriptor), or an input free to take a value no run gives
    # (`max(Level)`, `Kind.A in Kind`, the truth of an enum class): never a definite other outcome
    namespace: dict = {}
    exec(compile(_ENUM_HEADS + f"\n\ndef f(m):\n    return 'X' if {guard} else 'Y'\n", "mod", "exec"), namespace)
    assert namespace["f"](0) == outcome
    other = "Y" if outcome == "X" else "X"
    run = check_guard(cli, tmp_path, guard, "m", f'forbid = ["\'{outcome}\'"]\n', head=_ENUM_HEADS)
    assert run.exit_code == 1, run.output  # (violated or undetermined: never clean)
    run = check_guard(cli, tmp_path, guard, "m", f'forbid = ["\'{other}\'"]\n', head=_ENUM_HEADS)
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


def test_a_walrus_in_a_comprehension_the_model_does_not_walk_may_bind(cli, tmp_path):
    # round 25: `any((m := c) == "b" for c in mode)` over an unknown str: `m` was never bound, the
    # branch an UnboundLocalError, and `reachable = ["B"]` violated; choose("b") returns "B"
    run = check(cli, tmp_path, "def f(mode):\n    if any((m := c) == 'b' for c in mode):\n        if m == 'b':\n"
                "            return 'B'\n    return 'OTHER'\n", "reachable = [\"'B'\"]\n")
    assert "undetermined" in run.output or run.exit_code == 0, run.output


def test_the_name_of_an_except_clause_is_unbound_after_it(cli, tmp_path):
    # round 25: `except ValueError as err: pass` then `if err is None`: Python deleted `err`, f(0)
    # raises UnboundLocalError; "forbid OK, BAD" was violated with n=0 -> 'OK'
    run = check(cli, tmp_path, "def f(n):\n    err = None\n    try:\n        if n == 0:\n            raise ValueError('zero')\n"
                "    except ValueError as err:\n        pass\n    if err is None:\n        return 'OK'\n    return 'BAD'\n",
                "forbid = [\"'OK'\", \"'BAD'\"]\n[rule.given]\nn = 0\n")
    assert run.exit_code == 0, run.output


def test_a_fact_on_getenv_binds_a_later_environ_read_under_the_assumption_too(cli, tmp_path):
    # round 25: `os.getenv("K")`, a call, `os.environ.get("K", "0")`: the assume mode took the two
    # reads apart and reported K="1" with the later read "0", which no run under its assumption gives
    run = check(cli, tmp_path, "import os\n\n\ndef f(n):\n    if os.getenv('K') == '1' and n == 1:\n        return 'FIRST'\n"
                "    os.sched_yield()\n    if os.environ.get('K', '0') == '0':\n        return 'DEFAULT0'\n    return 'OTHER'\n",
                "expect = \"'OTHER'\"\n[rule.given]\nn = 3\n\"os.getenv('K')\" = \"1\"\n")
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


# ---------------------------------------------------------------- round 26: diff


_SEL = "from consts import DEFAULT\n\n\ndef select(mode):\n    if mode is None:\n        return DEFAULT\n    return 'torch'\n"


@pytest.mark.parametrize("old, new, changed", [
    # a returned string constant another module defines: it changed, and diff said "0 decisions changed"
    ({"consts.py": "DEFAULT = 'flash'\n", "sel.py": _SEL}, {"consts.py": "DEFAULT = 'triton'\n", "sel.py": _SEL + "# x\n"}, True),
    # the import written another way, nothing else: "DEFAULT=other than 'flash': DEFAULT -> 'flash'", which no run gives
    ({"consts.py": "DEFAULT = 'flash'\n", "sel.py": _SEL},
     {"consts.py": "DEFAULT = 'flash'\n", "sel.py": _SEL.replace("from consts import DEFAULT", "import consts").replace(
         "return DEFAULT", "return consts.DEFAULT")}, False),
])
def test_a_returned_constant_of_another_module_is_its_value(cli, tmp_path, old, new, changed):
    run = _diff_tree(cli, tmp_path, old, new)
    assert run.exit_code == (1 if changed else 0), run.output
    assert ("'flash' (line 6)  ->  'triton'" in run.output) == changed, run.output


@pytest.mark.parametrize("old, new", [
    # a returned list another module defines, reordered: "0 decisions changed"
    ({"consts.py": "ORDER = ['flash', 'triton']\n", "sel.py": "from consts import ORDER\n\n\ndef get(x):\n    if x:\n"
      "        return ORDER\n    return ['torch']\n"},
     {"consts.py": "ORDER = ['triton', 'flash']\n", "sel.py": "from consts import ORDER\n\n\ndef get(x):\n    if x:\n"
      "        return ORDER\n    return ['torch']\n# x\n"}),
    # an attribute `__init__` sets from a name of `from consts import *`: "0 decisions changed"
    ({"consts.py": "USE_GRAPH = True\n", "sel.py": "from consts import *\n\n\nclass Runner:\n    def __init__(self):\n"
      "        self.graph = USE_GRAPH\n\n    def pick(self):\n        if self.graph:\n            return 'graph'\n"
      "        return 'eager'\n"},
     {"consts.py": "USE_GRAPH = False\n", "sel.py": "from consts import *\n\n\nclass Runner:\n    def __init__(self):\n"
      "        self.graph = USE_GRAPH\n\n    def pick(self):\n        if self.graph:\n            return 'graph'\n"
      "        return 'eager'\n# x\n"}),
    # a returned list constant of another module become a tuple: the new model (the tuple folded)
    # was taken for the old one, its read of the constant's literal the same
    ({"consts.py": "ORDER = ['flash', 'triton']\n", "sel.py": "from consts import ORDER\n\n\ndef get(x):\n    if x:\n"
      "        return ORDER\n    return ['torch']\n"},
     {"consts.py": "ORDER = ('flash', 'triton')\n", "sel.py": "from consts import ORDER\n\n\ndef get(x):\n    if x:\n"
      "        return ORDER\n    return ['torch']\n# x\n"}),
])
def test_what_a_decision_rests_on_in_another_module_is_compared(cli, tmp_path, old, new):
    # round 26: each was "0 decisions changed", exit 0; running both versions differs
    run = _diff_tree(cli, tmp_path, old, new)
    assert run.exit_code == 1 and ("not compared" in run.output or "decision changed" in run.output), run.output


def test_a_call_one_version_makes_may_raise_where_the_other_raises(cli, tmp_path):
    # round 26: the check moved into a cached helper: "raise ValueError -> 'FLASH'" for names both reject
    old = "def select(name):\n    if name not in ('flash', 'torch'):\n        raise ValueError(name)\n" \
          "    if name == 'flash':\n        return 'FLASH'\n    return 'TORCH'\n"
    new = "import functools\n\n\n@functools.lru_cache(maxsize=None)\ndef validated(name):\n" \
          "    if name not in ('flash', 'torch'):\n        raise ValueError(name)\n    return name\n\n\n" \
          "def select(name):\n    name = validated(name)\n    if name == 'flash':\n        return 'FLASH'\n    return 'TORCH'\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new})
    assert "raise ValueError (line 3)  ->" not in run.output, run.output


def test_two_defaults_of_one_key_stay_tied_under_a_builtin(cli, tmp_path):
    # round 26: `int(os.environ.get("LEVEL", "1"))` -> default "2": a region "int(...'1') >= 2,
    # int(...'2') < 2: 'fast' -> 'slow'" was listed, which no environment gives
    old = "import os\n\n\ndef select():\n    lvl = int(os.environ.get('LEVEL', '1'))\n    if lvl >= 2:\n        return 'fast'\n" \
          "    return 'slow'\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": old.replace("'1'", "'2'")})
    assert "'fast' (line 7)  ->  'slow'" not in run.output, run.output


def test_a_made_object_s_attribute_whose_class_changed_says_so(cli, tmp_path):
    # round 26: `m = METHODS[name](); cap >= m.min_cap` with `Fp8.min_cap` 89 -> 90: "assuming it is
    # the same value in both versions", with no word of the change
    layers = "class Fp8:\n    min_cap = 89\n\n\nclass Int4:\n    min_cap = 70\n\n\nMETHODS = {'fp8': Fp8, 'int4': Int4}\n"
    sel = "from layers import METHODS\n\n\ndef choose(name, cap):\n    m = METHODS[name]()\n    if cap >= m.min_cap:\n" \
          "        return 'fused'\n    if cap >= METHODS[name].min_cap:\n        return 'plain'\n    return 'fallback'\n"
    run = _diff_tree(cli, tmp_path, {"layers.py": layers, "sel.py": sel},
                     {"layers.py": layers.replace("89", "90"), "sel.py": sel + "# x\n"})
    assert "which it may not be" in run.output or "not compared" in run.output, run.output


# ---------------------------------------------------------------- round 27


def test_a_bare_annotation_at_module_level_is_no_binding(cli, tmp_path):
    # round 27: `MODE: str` before `MODE = "a"` (vLLM's generated `_version.py`) was an internal
    # error of every check and diff reading the module (its index took the annotation's value)
    run = check(cli, tmp_path, "MODE: str\nMODE = 'a'\n\n\ndef f(x):\n    if MODE == 'a':\n        return 'A'\n    return 'B'\n",
                "forbid = [\"'A'\"]\n")
    assert run.exit_code == 1 and "got       'A'" in run.output, run.output


def test_a_package_comes_before_a_module_of_the_same_name(cli, tmp_path):
    # round 27: `consts/__init__.py` beside `consts.py`: Python imports the package, the model read the
    # module; the package's LIMIT 8 -> 6 was "0 decisions changed", and select(6) went 'small' -> 'big'
    sel = "from consts import LIMIT\n\n\ndef select(n):\n    if n >= LIMIT:\n        return 'big'\n    return 'small'\n"
    run = _diff_tree(cli, tmp_path, {"consts.py": "LIMIT = 4\n", "consts/__init__.py": "LIMIT = 8\n", "sel.py": sel},
                     {"consts.py": "LIMIT = 4\n", "consts/__init__.py": "LIMIT = 6\n", "sel.py": sel + "# x\n"})
    assert run.exit_code == 1 and "n in [6, 8)" in run.output, run.output


_CAUGHT_BY_CLASS = ("class Err(Exception):\n    pass\n\n\nclass Sub(Err):\n    pass\n\n\ndef select(n):\n    try:\n"
                    "        if n < 0:\n            raise Sub(n)\n        ok = n > 4\n    except Err:\n        return 'bad'\n"
                    "    except Exception:\n        return 'other'\n    if ok:\n        return 'big'\n    return 'small'\n")
_GUARD = ("class Guard:\n    def __enter__(self):\n        return self\n\n    def __exit__(self, *exc):\n        return False\n\n\n"
          "def select(n):\n    with Guard():\n        if n < 0:\n            raise ValueError(n)\n        if n > 4:\n"
          "            return 'big'\n    return 'small'\n")


@pytest.mark.parametrize("old, new", [
    # which handler catches: select(-1) went 'bad' -> 'other'
    (_CAUGHT_BY_CLASS, _CAUGHT_BY_CLASS.replace("class Sub(Err)", "class Sub(Exception)")),
    # a context manager that now swallows: select(-1) went from raising to 'small'
    (_GUARD, _GUARD.replace("return False", "return True")),
])
def test_what_catches_an_exception_is_read_as_the_classes_say(cli, tmp_path, old, new):
    # round 27: the handler's and the context manager's atoms are opaque; the classes they rest on
    # were no read of the model, and the new version's model was taken for the old: "unchanged"
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new})
    assert run.exit_code == 1 and "not compared" in run.output, run.output


@pytest.mark.parametrize("old, new", [
    ("def select(mode, backend):\n    if mode == 'fp8':\n        return 'quant'\n    if backend == 'flash':\n        return 'flash'\n"
     "    return 'default'\n", None),
    ("def select(kind, n):\n    if kind == 'a':\n        return 'A'\n    if n > 4:\n        return 'big'\n    return 'small'\n",
     "def select(mode, n):\n    if mode == 'a':\n        return 'A'\n    if n > 4:\n        return 'big'\n    return 'small'\n"),
])
def test_parameters_moved_or_renamed_are_not_compared_by_name(cli, tmp_path, old, new):
    # round 27: `select(mode, backend)` -> `select(backend, mode)` was "0 decisions changed" (a
    # positional call differs); a renamed one listed "mode='a', kind!='a'", which no call gives
    new = new or old.replace("(mode, backend)", "(backend, mode)")
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new})
    assert run.exit_code == 1 and "the parameter at position 1 changed" in run.output, run.output


def test_a_decision_rebound_below_it_is_not_compared(cli, tmp_path):
    # round 27: `select = _wrap(select)` added below the function: it cannot be modelled, and the
    # diff said "0 decisions changed (0 compared)", exit 0; select(200) went 'big' -> 'huge'
    old = "def select(n):\n    if n > 4:\n        return 'big'\n    return 'small'\n"
    new = old + "\n\ndef _wrap(fn):\n    def inner(n):\n        if n > 100:\n            return 'huge'\n        return fn(n)\n" \
                "    return inner\n\n\nselect = _wrap(select)\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new})
    assert run.exit_code == 1 and "not compared" in run.output, run.output


def test_an_enum_member_made_an_alias_is_not_compared_by_name(cli, tmp_path):
    # round 27: `B = 2` -> `B = 1` made `Mode.B` the member `Mode.A`: "m=Mode.B: 'B' -> 'O'", where
    # select(Mode.B) returns 'B' in both versions (a caller's Mode.B is the new version's Mode.A)
    old = "import enum\n\n\nclass Mode(enum.Enum):\n    A = 1\n    B = 2\n\n\ndef select(m):\n    if m is Mode.B:\n" \
          "        return 'B'\n    if m is Mode.A:\n        return 'A'\n    return 'O'\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": old.replace("B = 2", "B = 1")})
    assert "'B' (line 11)  ->  'O'" not in run.output and "Mode.B" in run.output and "not compared" in run.output, run.output


@pytest.mark.parametrize("mapping", ["cfg", "os.environ"])
def test_two_lookups_of_one_key_stay_tied_where_a_branch_returns_them(cli, tmp_path, mapping):
    # round 27: `b = M.get("backend") or "flash"` -> `M.get("backend", "flash")`: the decision
    # variable listed "M.get('backend') true and != M.get('backend', 'flash')", which no mapping
    # gives (the lookups were tied only where guards read them); for os.environ, whose values are
    # strings, a region where the key holds None too
    head = "import os\n\n\n" if mapping == "os.environ" else ""
    params = "" if mapping == "os.environ" else "cfg"
    old = f"{head}def select({params}):\n    b = {mapping}.get('backend') or 'flash'\n    if b == 'flash':\n        return 'F'\n" \
          "    return 'O'\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": old.replace(".get('backend') or 'flash'", ".get('backend', 'flash')")})
    assert "=true, " not in run.output, run.output
    if mapping == "os.environ":
        assert "=None" not in run.output and "1 of 6 configurations" in run.output, run.output


def test_a_package_s_name_shadowed_by_its_submodule_is_not_read_as_either(cli, tmp_path):
    # round 27: `import pkg.helpers` rebinds `pkg.helpers` to the submodule, whatever `__init__`
    # bound (`from pkg import alt as helpers`): "n in [4, 8): 'small' -> 'big'", which no n gives
    tree = {"pkg/alt.py": "def big(n):\n    return n >= 4\n", "pkg/helpers.py": "def big(n):\n    return n >= 8\n",
            "pkg/sel.py": "import pkg.helpers\n\n\ndef select(n):\n    if pkg.helpers.big(n):\n        return 'big'\n"
                          "    return 'small'\n"}
    run = _diff_tree(cli, tmp_path, {**tree, "pkg/__init__.py": ""},
                     {**tree, "pkg/__init__.py": "from pkg import alt as helpers\n", "pkg/sel.py": tree["pkg/sel.py"] + "# x\n"})
    assert "n in [4, 8)" not in run.output, run.output


def test_an_imported_function_bound_twice_is_code_not_an_input(cli, tmp_path):
    # round 27: `big = big8` below `def big` in the helpers' module: the imported `big(n)` was an
    # input, and "n < 4, big(n)=true: 'small' -> 'big'" was listed, which no n gives
    helpers = "def big(n):\n    return n >= 4\n\n\ndef big8(n):\n    return n >= 8\n"
    sel = "from helpers import big\n\n\ndef select(n):\n    if big(n):\n        return 'big'\n    return 'small'\n"
    run = _diff_tree(cli, tmp_path, {"helpers.py": helpers, "sel.py": sel},
                     {"helpers.py": helpers + "\n\nbig = big8\n", "sel.py": sel + "# x\n"})
    assert "n < 4" not in run.output and run.exit_code == 1, run.output


def test_a_list_passing_an_input_through_differs_where_its_items_do(cli, tmp_path):
    # round 27: `[mode]` -> `['x']`: "when n > 4" was a change for every mode, `mode='x'` included
    old = "def select(mode, n):\n    if n > 4:\n        return [mode]\n    return ['small']\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": old.replace("[mode]", "['x']")})
    assert 'mode=other than "x"' in run.output, run.output


# ---------------------------------------------------------------- round 29


@pytest.mark.parametrize("helper", [
    "def _can(cfg):\n    return getattr(cfg, 'use_overlap', False)\n",
    "def _can(cfg):\n    if not hasattr(cfg, 'use_overlap'):\n        return False\n    return cfg.use_overlap\n",
])
def test_a_plain_read_moved_into_a_helper_that_tolerates_a_missing_attribute_is_a_change(cli, tmp_path, helper):
    # round 29: `cfg.use_overlap` -> a helper's `getattr(cfg, "use_overlap", False)` was "0 decisions
    # changed" (a cfg without it raised AttributeError, now 'NONE'); with `hasattr`, a region where
    # the attribute is missing and read all the same was listed
    old = "def select(cfg):\n    if cfg.use_overlap:\n        return 'OVERLAP'\n    return 'NONE'\n"
    new = helper + "\n\ndef select(cfg):\n    if _can(cfg):\n        return 'OVERLAP'\n    return 'NONE'\n"
    for first, second in ((old, new), (new, old)):
        run = _diff_tree(cli, tmp_path / str(len(first)), {"sel.py": first}, {"sel.py": second})
        assert run.exit_code == 1 and "where it is missing changed" in run.output, run.output


# ---------------------------------------------------------------- round 30


@pytest.mark.parametrize("body", [
    "    f = lambda m: m > LIM\n    if f(n):\n        return 'big'\n    return 'small'\n",
    "    if any(m > LIM for m in ns):\n        return 'big'\n    return 'small'\n",
    "    if any(map(over, ns)):\n        return 'big'\n    return 'small'\n",
])
def test_a_global_read_by_code_the_model_does_not_run_is_read(cli, tmp_path, body):
    # round 30: `LIM` 4 -> 8 read by a lambda, a generator over an input, or a function handed to
    # `map`: "0 decisions changed", the new model taken for the old; select(5) went 'big' -> 'small'
    head = "LIM = {}\n\n\ndef over(m):\n    return m > LIM\n\n\ndef select(n, ns):\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": head.format(4) + body}, {"sel.py": head.format(8) + body})
    assert run.exit_code == 1 and "LIM" in run.output, run.output


@pytest.mark.parametrize("guard", ["isinstance(B(), REG.get(key))", "issubclass(B, REG.get(key))", "isinstance(B(), 'A')"])
def test_a_literal_as_the_class_of_isinstance_raises(cli, tmp_path, guard):
    # round 30: `isinstance(B(), REG.get(key))` of a missing key: "got 'X'" with
    # `isinstance(B(), None)=true`; Python raises TypeError, and 'X' is never returned
    head = "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nREG = {'a': A}\n"
    namespace: dict = {}
    exec(compile(head + f"\n\ndef f(key):\n    if {guard}:\n        return 'X'\n    return 'Y'\n", "mod", "exec"), namespace)
    with pytest.raises(TypeError):
        namespace["f"]("zz")
    run = check_guard(cli, tmp_path, guard, "key", 'forbid = ["\'X\'"]\n[rule.given]\nkey = "zz"\n', head=head)
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


@pytest.mark.parametrize("limit, changed", [(8, False), (6, True)])
def test_an_imported_alias_of_a_function_is_that_function(cli, tmp_path, limit, changed):
    # round 30: `def limit()` renamed `get_limit` with `limit = get_limit` kept in util.py: `limit()`
    # became an input of the new version, and regions "n > 8, limit() >= n" were listed, which no n gives
    sel = "from util import limit\n\n\ndef select(n):\n    if n > limit():\n        return 'big'\n    return 'small'\n"
    run = _diff_tree(cli, tmp_path, {"util.py": "def limit():\n    return 8\n", "sel.py": sel},
                     {"util.py": f"def get_limit():\n    return {limit}\n\n\nlimit = get_limit\n", "sel.py": sel + "# x\n"})
    assert ("n in (6, 8]" in run.output) == changed and "limit()" not in run.output, run.output
    assert run.exit_code == (1 if changed else 0), run.output


@pytest.mark.parametrize("core_old", ["def other():\n    return 1\n", "def limit():\n    return 7\n"])
def test_a_def_a_later_star_import_may_rebind_is_not_read_as_the_def(cli, tmp_path, core_old):
    # round 30: `def limit(): return 8` then `from core import *`, core gaining (or changing) its own
    # `limit`: "0 decisions changed", the local def read; select(7) went 'small' -> 'big'
    util = "def limit():\n    return 8\n\n\nfrom core import *  # noqa\n\n\ndef select(n):\n    if n > limit():\n" \
           "        return 'big'\n    return 'small'\n"
    run = _diff_tree(cli, tmp_path, {"core.py": core_old, "util.py": util},
                     {"core.py": "def limit():\n    return 6\n", "util.py": util + "# x\n"})
    assert run.exit_code == 1, run.output


@pytest.mark.parametrize("old, new", [
    ("def select(n):\n    match n:\n        case int():\n            return 'a'\n        case _:\n            return 'b'\n", None),
    ("LIM = 4\n\n\ndef select(n):\n    match n:\n        case int() if n > LIM:\n            return 'big'\n        case _:\n"
     "            return 'small'\n", "LIM = 8\n\n\ndef select(n):\n    match n:\n        case int() if n > LIM:\n"
     "            return 'big'\n        case _:\n            return 'small'\n"),
])
def test_a_match_the_model_does_not_interpret_is_still_compared(cli, tmp_path, old, new):
    # round 30: `case int(): return "a"` -> "c": the function was no decision (its outcomes unknown),
    # and diff said "0 compared", exit 0; a global its guard reads, changed, too
    new = new or old.replace("'a'", "'c'")
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new})
    assert run.exit_code == 1, run.output


@pytest.mark.parametrize("setter, raises", [("", True), ("\n    @mode.setter\n    def mode(self, v):\n        self._m = v\n", False)])
def test_a_write_to_a_property_with_no_setter_raises(cli, tmp_path, setter, raises):
    # round 30: `c.mode = "b"` of a getter-only property was a write: `expect 'X'` clean, where every
    # call raises AttributeError
    source = f"class C:\n    @property\n    def mode(self):\n        return 'a'\n{setter}\n\ndef f():\n    c = C()\n" \
             "    c.mode = 'b'\n    return 'X'\n"
    namespace: dict = {}
    exec(compile(source, "mod", "exec"), namespace)
    try:
        namespace["f"]()
        raised = False
    except AttributeError:
        raised = True
    assert raised == raises
    run = check(cli, tmp_path, source, "expect = \"'X'\"\n")
    assert (run.exit_code == 1 and "raise AttributeError" in run.output) if raises else run.exit_code == 0, run.output


def test_a_loop_over_subclasses_rests_on_the_modules_defining_them(cli, tmp_path):
    # round 30: a subclass in another module gaining an `is_supported` override: "0 decisions
    # changed"; select(5) went 'torch' -> 'tri'
    base = "class Base:\n    name = 'base'\n\n    @classmethod\n    def is_supported(cls, n):\n        return False\n"
    sel = "from base import Base\nimport tri  # noqa\n\n\ndef select(n):\n    for c in Base.__subclasses__():\n" \
          "        if c.is_supported(n):\n            return c.name\n    return 'torch'\n"
    tri = "from base import Base\n\n\nclass Tri(Base):\n    name = 'tri'\n"
    run = _diff_tree(cli, tmp_path, {"base.py": base, "tri.py": tri, "sel.py": sel},
                     {"base.py": base, "tri.py": tri + "\n    @classmethod\n    def is_supported(cls, n):\n        return n > 4\n",
                      "sel.py": sel + "# x\n"})
    assert run.exit_code == 1, run.output
