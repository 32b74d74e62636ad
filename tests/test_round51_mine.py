"""Round 51 (my own, from round 48-50 leftovers): a rule naming a dict outcome in a spelling no
dict the branches return can be (Python's repr of an enum key `{<B.FA: 'fa'>: 'fa3'}`, the
internal `Term(...)`) was judged, and found clean where the forbidden dict is returned; it is a
configuration error now, as an unknown scalar outcome is."""

import pytest

from test_round32_check import check_tree
from test_round50_attacks import _ENUM_KEY

_GIVEN = "[rule.given]\na = true\nx = \"fa3\"\n"


@pytest.mark.parametrize("spelling", ["{<B.FA: 'fa'>: 'fa3'}", "{Term('B.FA'): 'fa3'}", "{B.XX: 'fa3'}", "'fa3'", "{B.FA: 'fa3', 'k': 1}"])
def test_a_dict_outcome_no_branch_can_return_is_a_config_error(cli, tmp_path, spelling):
    run = check_tree(cli, tmp_path, {"m.py": _ENUM_KEY}, "m.py", "enumkey", f"forbid = [\"{spelling}\"]\n" + _GIVEN)
    assert run.exit_code == 2 and "unknown outcome" in run.output, run.output  # (was clean, exit 0)


@pytest.mark.parametrize("spelling", ["{B.FA: 'fa3'}", "{FA: 'fa3'}", "{B.FA:\"fa3\"}"])
def test_a_dict_outcome_spelled_as_python_does_is_judged(cli, tmp_path, spelling):
    run = check_tree(cli, tmp_path, {"m.py": _ENUM_KEY}, "m.py", "enumkey", f"forbid = ['''{spelling}''']\n" + _GIVEN)
    assert run.exit_code == 1 and "got       {B.FA: 'fa3'}" in run.output, run.output


_PICK = '''
    def pick(view):
        if view.a:
            return {"backend": view.x, "fast": True}
        return {"backend": "tr", "fast": False}
'''


@pytest.mark.parametrize("spelling", ['{"backend": "fa3", "fast": True}', "{'fast': True, 'backend': 'fa3'}",
                                      "{'backend':'fa3','fast':True}"])
def test_a_dict_outcome_is_compared_as_python_compares_dicts(cli, tmp_path, spelling):
    # (round 51: double quotes, another key order or spacing named no dict: clean where it is returned)
    run = check_tree(cli, tmp_path, {"m.py": _PICK}, "m.py", "pick", f"forbid = ['''{spelling}''']\n[rule.given]\nx = \"fa3\"\n")
    assert run.exit_code == 1 and "got       {'backend': 'fa3', 'fast': True}" in run.output, run.output


def test_a_constant_dict_outcome_in_another_spelling_is_judged(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _PICK}, "m.py", "pick", "forbid = ['''{\"fast\": False, \"backend\": \"tr\"}''']\n"
                     "[rule.given]\na = false\n")
    assert run.exit_code == 1 and "got       {'backend': 'tr', 'fast': False}" in run.output, run.output


_LOOP = '''
    import enum


    class B(enum.Enum):
        A = "a"
        D = "d"
        T = "t"


    def f(cfg, order):
        for b in order:
            if b == B.T and cfg.t:
                return b
            if b == B.D and cfg.d:
                return b
        return B.A
'''


def test_an_undetermined_scenario_shows_an_item_the_rule_forbids(cli, tmp_path):
    # (round 48, vLLM 0.31.0: "DEEPGEMM may be selected" was shown with the loop's item
    # FLASHINFER_TRTLLM, an item the rule allows)
    run = check_tree(cli, tmp_path, {"m.py": _LOOP}, "m.py", "f", 'forbid = ["D"]\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output
    assert "<item of the loop at line 12>=B.D" in run.output and "got       <item of the loop at line 12> = B.D" in run.output
    assert "B.T" not in run.output.split("scenario")[1]


_PASSED = '''
    def h(cfg):
        if cfg.m == "Y" or cfg.m == "Z":
            return cfg.m
        return "X"
'''


def test_a_value_passed_through_is_shown_at_a_value_the_rule_forbids(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _PASSED}, "m.py", "h", 'forbid = ["Y"]\n')
    assert run.exit_code == 1 and 'scenario  m="Y"\n' in run.output and 'got       m = "Y"' in run.output, run.output


@pytest.mark.parametrize("spelling", ["{'backend': 'fa3', 'fast': 1}", "{'backend': 'fa3'}", "{'backend': 'fa3', 'fast': True, 'x': 1}"])
def test_a_dict_outcome_of_other_values_or_keys_is_a_config_error(cli, tmp_path, spelling):
    # (values of one type, as scalar outcomes are named: `1` names no `True`)
    run = check_tree(cli, tmp_path, {"m.py": _PICK}, "m.py", "pick", "forbid = [\"\"\"" + spelling + "\"\"\"]\n")
    assert run.exit_code == 2 and "unknown outcome" in run.output, run.output


_SPEC = '''
    class Sel{base}:
        def __str__(self):
            return "D"

        def pick(self, fast):
            label = {spelling}
            if fast:
                return "FLASH"
            return "TRITON"
'''


@pytest.mark.parametrize("spelling", ['f"{self:u}"', 'format(self, "u")', '"{:u}".format(self)'])
def test_a_spec_object_format_refuses_raises(cli, tmp_path, spelling):
    # (helper-111's fuzz, seed 186: `object.__format__` refuses any spec; clean where every run raises)
    import textwrap

    source = textwrap.dedent(_SPEC.format(base="", spelling=spelling))
    namespace: dict = {}
    exec(source, namespace)
    with pytest.raises((TypeError, ValueError)):
        namespace["Sel"]().pick(True)
    run = check_tree(cli, tmp_path, {"m.py": _SPEC.format(base="", spelling=spelling)}, "m.py", "Sel.pick",
                     'expect = "FLASH"\n[rule.given]\nfast = true\n')
    assert run.exit_code == 1 and "got       raise " in run.output and "undetermined" not in run.output, run.output


def test_a_spec_a_builtin_base_may_refuse_is_undetermined(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _SPEC.format(base="(str)", spelling='f"{self:u}"')}, "m.py", "Sel.pick",
                     'expect = "FLASH"\n[rule.given]\nfast = true\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


_TAG = '''
    NAME = "n"


    class Tag:
        def __init__(self, name):
            self.name = name

        def __str__(self):
            return {text}

        def __repr__(self):
            return "R"


    def pick(fast):
        t = Tag("x")
        if {guard}:
            return "FLASH"
        return "TRITON"
'''


@pytest.mark.parametrize("text, guard, flash", [('"T"', 'str(t) == "T"', True), ('"T"', 'format(t, "") == "T"', True),
                                                ('"T"', 'repr(t) == "R"', True), ("NAME", 'str(t) == "n"', True),
                                                ('"T"', 'str(t) == "x"', False)])
def test_the_text_a_tree_class_gives_is_its_methods_return(cli, tmp_path, text, guard, flash):
    # (helper-111's fuzz, seed 35: `str(t) == "T"` of a `__str__` returning "T" was a free atom,
    # and `expect FLASH` a violation no run gives)
    import textwrap

    source = textwrap.dedent(_TAG.format(text=text, guard=guard))
    namespace: dict = {}
    exec(source, namespace)
    assert (namespace["pick"](True) == "FLASH") is flash
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "pick", 'expect = "FLASH"\n')
    assert run.exit_code == (0 if flash else 1) and "undetermined" not in run.output, run.output


def test_a_str_method_returning_no_text_raises(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _TAG.format(text="3", guard='str(t) == "3"')}, "m.py", "pick", 'expect = "FLASH"\n')
    assert run.exit_code == 1 and "raise TypeError" in run.output, run.output
