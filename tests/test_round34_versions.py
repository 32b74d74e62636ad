"""Round 34: attributes of literals that the Pythons a program may run on (3.11 on) answer
differently are undetermined, never computed on the Python ordercheck runs on; attributes of a
value a fact gives are tied to the fact, never free inputs."""

import pytest

from test_round32_check import check_tree, undetermined

_F = "def f(x):\n    if {guard}:\n        return 'YES'\n    return 'NO'\n"


def run_guard(cli, tmp_path, guard: str, expect: str = "'NO'", given: str = "x = 1\n"):
    return check_tree(cli, tmp_path, {"mod.py": _F.format(guard=guard)}, "mod.py", "f",
                      f"expect = \"{expect}\"\n[rule.given]\n{given}")


@pytest.mark.parametrize("guard", ["hasattr(x, 'is_integer')", "hasattr(1, 'is_integer')", "(1).is_integer()",
                                   "x.is_integer()", "callable(getattr(x, 'is_integer', None))", "hasattr(2.0, 'from_number')"])
def test_an_attribute_pythons_differ_on_is_undetermined(cli, tmp_path, guard):
    # on 3.11 'NO' (no int.is_integer) or an AttributeError; on 3.12 'YES'
    run = run_guard(cli, tmp_path, guard)
    assert undetermined(run), run.output


@pytest.mark.parametrize("guard", ["hasattr(x, 'real')", "hasattr(1, 'real')", "callable(x.bit_length)", "x.real + 1 == 2",
                                   "getattr(x, 'imag', 5) == 0"])
def test_an_attribute_every_python_gives_is_computed(cli, tmp_path, guard):
    run = run_guard(cli, tmp_path, guard, expect="'YES'")
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("guard", ["hasattr(x, 'nope')", "callable(x.real)", "x.real + 1 == 3", "hasattr('a', 'nope')"])
def test_an_attribute_every_python_answers_no_is_computed(cli, tmp_path, guard):
    # round 34: `callable(x.real)` was a free input, violated with it true; f(1) is 'NO'
    run = run_guard(cli, tmp_path, guard)
    assert run.exit_code == 0, run.output


def test_a_method_no_python_gives_an_int_raises(cli, tmp_path):
    # round 34: `(1).nope()` was a free input; running raises AttributeError
    run = run_guard(cli, tmp_path, "(1).nope()")
    assert run.exit_code == 1 and "raise AttributeError" in run.output, run.output
