"""Round 35 (an exploratory helper): builtins and the standard library given values no run gives,
or folded on the Python ordercheck runs on where another supported Python differs.

- `math.pow(n, 2)` (and any function of `math`, `statistics`, `decimal`, `copy`... of a value that
  is no literal) was a free input: a counterexample gave it `< 0`. It is computed from literals,
  unknown (never an input) otherwise, also imported by name (`from math import pow`).
- A read of the environment is a string or its default: `os.getenv("K") == 1` never holds, nor
  `os.environ.get("K", "") is None` (scenarios gave them 1 and None).
- `isinstance(x, int) == 2`, `hasattr(x, "a") == "yes"`: the atom is a bool, compared as Python
  compares one (a scenario gave it 2).
- `int()`, `float()` and `re.*` of text outside ASCII follow the Python's Unicode database
  (`int("\\U00011F50")` is 0 on 3.12, ValueError on 3.11): not folded.
- Lookups whose keys a fact makes equal (`d.get(key)` with `key = "K"`, and `d.get("K")`; `d.get(1)` and
  `d.get(True)`) were free of each other.
- Python's own classes: `isinstance(v, bool)` without `isinstance(v, int)`, an IntEnum member no
  int, an object both `int` and `str`: related as Python relates them (`bool` after `int` is shadowed)."""

import pytest

from test_round32_check import check_tree, undetermined


def run_guard(cli, tmp_path, head: str, guard: str, rule: str):
    mod = f"{head}\n\ndef f(n, x):\n    if {guard}:\n        return 'BAD'\n    return 'OK'\n"
    return check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", rule)


_FORBID = "forbid = [\"'BAD'\"]\n"


@pytest.mark.parametrize("head, guard", [("import math", "math.pow(n, 2) < 0"), ("from math import pow", "pow(n, 2) < 0"),
                                         ("import statistics", "statistics.median([n, n]) != n and n == 1"),
                                         ("import math", "math.prod([n, 2]) == 7 and n == 3")])
def test_a_standard_function_of_a_value_is_no_input(cli, tmp_path, head, guard):
    # round 35: a definite violation with the call's value free (`math.pow(n, 2)=<0`); f(n) is 'OK'
    run = run_guard(cli, tmp_path, head, guard, _FORBID)
    assert run.exit_code == 0 or undetermined(run), run.output


@pytest.mark.parametrize("guard", ["os.getenv('K') == 1", "os.environ.get('K', '') is None", "os.environ.get('K', 0) is True",
                                   "os.environ.get('K', '0') == 0", "os.environ['K'] == 1"])
def test_a_read_of_the_environment_is_a_string_or_its_default(cli, tmp_path, guard):
    # round 35: violations with the read 1, None, True or 0; no environment gives 'BAD'
    run = run_guard(cli, tmp_path, "import os", guard, _FORBID)
    assert run.exit_code == 0, run.output


def test_a_read_of_the_environment_equal_to_its_default_is_still_decided(cli, tmp_path):
    # `os.environ.get('K', 0) == 0` holds where K is unset: 'BAD' is reachable
    run = run_guard(cli, tmp_path, "import os", "os.environ.get('K', 0) == 0", _FORBID)
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output


@pytest.mark.parametrize("guard", ["isinstance(x, int) == 2", "hasattr(x, 'a') == 'yes'", "callable(x) == 2",
                                   "isinstance(x, int) > 1"])
def test_a_builtin_that_returns_a_bool_is_compared_as_one(cli, tmp_path, guard):
    # round 35: `isinstance(x, int)=2` in a counterexample; f is 'OK' for every x
    run = run_guard(cli, tmp_path, "", guard, _FORBID)
    assert run.exit_code == 0, run.output


def test_a_builtin_that_returns_a_bool_equals_one_where_true(cli, tmp_path):
    # `isinstance(x, int) == 1` holds for x = 3: 'BAD' is reachable
    run = run_guard(cli, tmp_path, "", "isinstance(x, int) == 1", _FORBID)
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output


@pytest.mark.parametrize("head, guard", [("", "int('\\U00011F50') == 0"), ("", "float('\\U00011F50') == 0"),
                                         ("import re", "re.match(r'\\w', '\\U0001E4D0')")])
def test_a_fold_of_text_outside_ascii_is_undetermined(cli, tmp_path, head, guard):
    # round 35: clean (3.11: ValueError / no match); 3.12 and 3.13 give 'BAD'
    run = run_guard(cli, tmp_path, head, guard, _FORBID)
    assert undetermined(run), run.output


@pytest.mark.parametrize("head, guard", [("", "isinstance(x, bool) and not isinstance(x, int)"),
                                         ("", "isinstance(x, int) and isinstance(x, str)"),
                                         ("", "isinstance(x, dict) and isinstance(x, list)"),
                                         ("import enum\n\nclass Level(enum.IntEnum):\n    LOW = 1",
                                          "isinstance(x, Level) and not isinstance(x, int)"),
                                         ("import collections", "isinstance(x, collections.OrderedDict) and not isinstance(x, dict)")])
def test_python_s_own_classes_are_related_as_python_relates_them(cli, tmp_path, head, guard):
    # round 35: counterexamples `isinstance(x, int)=false, isinstance(x, bool)=true` and the like; no
    # object gives 'BAD'
    run = run_guard(cli, tmp_path, head, guard, _FORBID)
    assert run.exit_code == 0, run.output


def test_a_check_of_bool_after_int_is_shadowed(cli, tmp_path):
    mod = "def f(x):\n    if isinstance(x, int):\n        return 'INT'\n    if isinstance(x, bool):\n        return 'BOOL'\n    return 'OTHER'\n"
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", "forbid = [\"'NONE'\"]\n")
    assert "branch at line 5 ('BOOL') can never fire: shadowed by line 3" in run.output, run.output


def test_classes_that_one_object_may_be_both_of_stay_free(cli, tmp_path):
    # `class B(int, Mixin)` objects are both: 'BAD' is reachable
    run = run_guard(cli, tmp_path, "class Mixin:\n    pass", "isinstance(x, int) and isinstance(x, Mixin)", _FORBID)
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output


_LOOKUPS = '''import os


def pick(key):
    if os.environ.get(key, "1") == "0":
        return "V0"
    if os.environ.get("VLLM_USE_V1", "1") == "0":
        return "V0_AGAIN"
    return "V1"


def f(table, use_tp):
    first = table.get(1)
    if table.get(use_tp) != first:
        return "MISMATCH"
    return "OK"
'''


@pytest.mark.parametrize("function, rule", [("pick", "forbid = [\"'V0_AGAIN'\"]\n[rule.given]\nkey = \"VLLM_USE_V1\"\n"),
                                            ("f", "forbid = [\"'MISMATCH'\"]\n[rule.given]\nuse_tp = true\n")])
def test_lookups_of_keys_a_fact_makes_equal_are_one_lookup(cli, tmp_path, function, rule):
    # round 35: `os.environ.get(key, '1')=other than "0"` beside `os.environ.get('VLLM_USE_V1', '1')="0"`
    # with key = "VLLM_USE_V1"; `table.get(1)` apart from `table.get(True)`: no run gives either
    run = check_tree(cli, tmp_path, {"mod.py": _LOOKUPS}, "mod.py", function, rule)
    assert run.exit_code == 0, run.output


def test_lookups_of_keys_a_fact_makes_different_stay_apart(cli, tmp_path):
    # key = "OTHER": `VLLM_USE_V1=0` gives 'V0_AGAIN'
    rule = "forbid = [\"'V0_AGAIN'\"]\n[rule.given]\nkey = \"OTHER\"\n"
    run = check_tree(cli, tmp_path, {"mod.py": _LOOKUPS}, "mod.py", "pick", rule)
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output


@pytest.mark.parametrize("head, guard", [("import math", "math.nan == math.nan"), ("from math import nan", "nan == nan"),
                                         ("import math", "math.inf < 10"), ("import math", "math.pi < 3 or math.e < 2"),
                                         ("import math", "not (math.nan != math.nan)")])
def test_constants_of_math_are_their_values(cli, tmp_path, head, guard):
    # round 35: `math.nan == math.nan` was taken to hold (clean where every run is 'OK' and 'BAD'
    # expected...), `math.inf` was a free input with a counterexample `inf=<10`; f is always 'OK'
    run = run_guard(cli, tmp_path, head, guard, _FORBID)
    assert run.exit_code == 0, run.output
