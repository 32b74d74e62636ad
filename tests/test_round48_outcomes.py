"""Round 48 (explorer replaying real regressions): a dict the function returns holding an input
(`return {"attention_backend": view.prefill_attention_backend}`, SGLang's override functions)
was a literal of that text. `forbid` of the very dict it returns was clean (on SGLang 0.5.23),
`expect` of it a definite violation, `reachable` unreachable; `diff` reported a change where the
two versions' values are equal; `--runtime` said every returned dict disagreed with the model. A
list's item passing an input through was not the value a fact gives it (`first`)."""

import json
import subprocess
import sys
import textwrap

from test_round32_check import check_tree
from test_round46_diff import _trees

_PICK = '''
    def pick(view):
        if view.prefill is not None and view.prefill == view.decode:
            return {"attention_backend": view.prefill}
        if view.backend is None:
            return {"attention_backend": "fa3"}
        return {}


    def order(view):
        if view.prefill is not None:
            return [view.prefill, "triton"]
        return ["flashinfer", "triton"]
'''
_SAME = '[rule.given]\nprefill = "fa3"\ndecode = "fa3"\n'


class _View:
    def __init__(self, prefill, decode, backend=None):
        self.prefill, self.decode, self.backend = prefill, decode, backend


def _run(function: str, *args):
    namespace: dict = {}
    exec(textwrap.dedent(_PICK), namespace)
    return namespace[function](*args)


def _check(cli, tmp_path, function: str, rule: str):
    return check_tree(cli, tmp_path, {"m.py": _PICK}, "m.py", function, rule)


def test_forbid_of_the_dict_a_branch_returns_with_the_facts_values_is_a_violation(cli, tmp_path):
    run = _check(cli, tmp_path, "pick", "forbid = [\"{'attention_backend': 'fa3'}\"]\n" + _SAME)
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output
    assert "got       {'attention_backend': 'fa3'}" in run.output
    assert _run("pick", _View("fa3", "fa3")) == {"attention_backend": "fa3"}  # (was clean: exit 0)


def test_expect_of_that_dict_is_clean_and_another_value_is_no_unknown_outcome(cli, tmp_path):
    run = _check(cli, tmp_path, "pick", "expect = \"{'attention_backend': 'fa3'}\"\n" + _SAME)
    assert run.exit_code == 0, run.output  # (was a definite violation)
    other = _check(cli, tmp_path, "pick", "expect = \"{'attention_backend': 'triton'}\"\n" + _SAME.replace("fa3", "triton"))
    assert other.exit_code == 0, other.output  # (was "unknown outcome", exit 2)
    assert _run("pick", _View("triton", "triton")) == {"attention_backend": "triton"}


def test_reachable_sees_the_dict_through_the_facts(cli, tmp_path):
    run = _check(cli, tmp_path, "pick", "reachable = [\"{'attention_backend': 'fa3'}\"]\n" + _SAME + '"view.backend is None" = false\n')
    assert run.exit_code == 0, run.output


def test_without_facts_a_dict_holding_an_input_may_be_what_forbid_names(cli, tmp_path):
    run = _check(cli, tmp_path, "pick", "forbid = [\"{'attention_backend': 'x'}\"]\n")
    assert run.exit_code == 1 and "undetermined" in run.output, run.output
    assert _run("pick", _View("x", "x")) == {"attention_backend": "x"}


def test_a_list_item_passing_an_input_through_is_the_value_a_fact_gives(cli, tmp_path):
    run = _check(cli, tmp_path, "order", "first = \"'triton'\"\n[rule.given]\nprefill = \"triton\"\n")
    assert run.exit_code == 0, run.output  # (was undetermined)
    assert _run("order", _View("triton", None))[0] == "triton"


def test_diff_of_a_dict_value_swapped_for_an_equal_input_is_no_change(cli, tmp_path):
    source = textwrap.dedent(_PICK)
    new = source.replace('{"attention_backend": view.prefill}', '{"attention_backend": view.decode}')
    old_root, new_root = _trees(tmp_path, {"m.py": source}, {"m.py": new})
    run = cli("diff", old_root, new_root, "--no-cache")
    assert run.exit_code == 0 and "0 decisions changed" in run.output, run.output
    changed = source.replace('{"attention_backend": view.prefill}', '{"attention_backend": view.backend}')
    (new_root / "m.py").write_text(changed)
    run = cli("diff", old_root, new_root, "--no-cache")
    assert run.exit_code == 1 and "view.backend != view.prefill" in run.output, run.output


def test_runtime_agrees_with_the_dicts_a_function_returns_and_judges_forbid(tmp_path):
    (tmp_path / "m.py").write_text(textwrap.dedent(_PICK))
    (tmp_path / "prog.py").write_text(
        "from m import pick\n\n\nclass V:\n    def __init__(s, p, d, b):\n        s.prefill, s.decode, s.backend = p, d, b\n\n\n"
        "print(pick(V('fa3', 'fa3', None)), pick(V(None, 'x', None)), pick(V('a', 'b', 1)))\n")
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "m.py"\nfunction = "pick"\n'
                                     "forbid = [\"{'attention_backend': 'fa3'}\"]\n" + _SAME)
    report = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-m", "ordercheck.cli", "--runtime", "--root", ".", "--rules", "r.toml", "--format",
                           "json", "--output", str(report), "--", sys.executable, "prog.py"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    data = json.loads(report.read_text())
    assert data["disagreements"] == [] and data["agreed_calls"] == 3, data  # (every dict "disagreed")
    assert [v["rule"] for v in data["violations"]] == ["r"] and done.returncode == 1


# ---------------------------------------------------------------- messages met replaying real cases

_CHOSEN = '''
    def f(b):
        if b is not None:
            return b
        return "auto"
'''


def test_a_fact_giving_the_string_none_to_an_atom_tested_for_none_is_a_config_error(cli, tmp_path):
    # round 48: `b = "None"` (TOML has no None) gave the string: a confident finding about it
    run = check_tree(cli, tmp_path, {"m.py": _CHOSEN}, "m.py", "f", "expect = \"'auto'\"\n[rule.given]\nb = \"None\"\n")
    assert run.exit_code == 2 and "gives the string 'None'" in run.output and '"b is None" = true' in run.output, run.output
    meant = check_tree(cli, tmp_path, {"m.py": _CHOSEN}, "m.py", "f", "expect = \"'None'\"\n[rule.given]\nb = [\"None\"]\n")
    assert meant.exit_code == 0, meant.output


def test_the_way_out_under_no_guard_says_why_it_fired(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _CHOSEN}, "m.py", "f", "expect = \"'x'\"\n[rule.given]\n\"b is None\" = true\n")
    assert run.exit_code == 1 and "because   no earlier branch's guard holds (line 5 is the way out after them)" in run.output
    assert "true = true" not in run.output


def test_a_near_outcome_of_a_dict_is_suggested_whole(cli, tmp_path):
    source = '''
        def g(kind, backend):
            if kind == "a":
                return {"runner": backend}
            return {"runner": "flashinfer_cutlass"}
    '''
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "g", "expect = \"{'runner': 'fashinfer_cutlass'}\"\n")
    assert "did you mean `{'runner': 'flashinfer_cutlass'}`?" in run.output, run.output
    assert "backend}`" not in run.output


def test_adding_a_name_to_the_set_an_input_lists_first_item_is_tested_against_is_listed(cli, tmp_path):
    # round 48 (SGLang 0.5.22 -> 0.5.23, `arch = hf_config.architectures[0]`): "not compared", no
    # value tried gave the item one of the names; running: only the added architecture changes
    source = ('ARCHS = frozenset(["FalconH1ForCausalLM", "NemotronHForCausalLM"])\n\n\ndef resolve(view):\n'
              '    arch = view.hf_config.architectures[0]\n    if arch not in ARCHS:\n        return {}\n'
              '    if view.disable_radix_cache:\n        return {}\n    return {"uses_mamba_radix_cache": True}\n')
    added = source.replace('"NemotronHForCausalLM"]', '"NemotronHForCausalLM", "MiniCPMV4_7ForConditionalGeneration"]')
    old, new = _trees(tmp_path, {"m.py": source}, {"m.py": added})
    run = cli("diff", old, new, "--no-cache")
    assert run.exit_code == 1 and "1 of 8 configurations change path" in run.output, run.output
    assert 'architectures[0]="MiniCPMV4_7ForConditionalGeneration", disable_radix_cache=false' in run.output


# ---------------------------------------------------------------- a fact giving a str (vLLM #40060)

_TWICE = '''
    def ok(kv):
        return kv.startswith("tq_")


    def pick(kv):
        if kv.startswith("tq_"):
            if ok(kv):
                return "TQ"
            return "BAD"
        return "FA"
'''


def test_a_str_method_read_twice_of_an_input_a_fact_makes_a_str_is_one_value(cli, tmp_path):
    # round 48: the second `kv.startswith` was read "after" the first (any object's method may
    # change it): the correct version undetermined, "got 'BAD'" under a scenario no string gives
    run = check_tree(cli, tmp_path, {"m.py": _TWICE}, "m.py", "pick", "expect = \"'TQ'\"\n[rule.given]\nkv = \"tq_4bit\"\n")
    assert run.exit_code == 0, run.output
    namespace: dict = {}
    exec(textwrap.dedent(_TWICE), namespace)
    assert namespace["pick"]("tq_4bit") == "TQ"


def test_without_the_fact_the_input_may_be_any_object_whose_method_changes_it(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _TWICE}, "m.py", "pick", "forbid = [\"'BAD'\"]\n")
    assert run.exit_code == 1, run.output  # (not clean: an object whose `startswith` answers once)

    class Once:
        def __init__(self):
            self.calls = 0

        def startswith(self, prefix):
            self.calls += 1
            return self.calls == 1

    namespace: dict = {}
    exec(textwrap.dedent(_TWICE), namespace)
    assert namespace["pick"](Once()) == "BAD"
