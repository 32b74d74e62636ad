"""Round 35 (an exploratory helper): code the model makes opaque without running it kept none of
its effects. A comprehension over an input list (`[self._enable(n) for n in names]`, whose method
writes `self.use_cascade`), a dict comprehension's iterable, a dict display's non-literal key
(`{key("a"): 1}` appending to a list, `{(m := "b"): 1}` binding `m`) and a lambda's defaults
(evaluated where it is made) ran nothing in the model: `check` said clean where every run gives
the other outcome. A call there is now unmodeled code that may change what it reaches, a walrus
binds a value the model does not know, and a lambda's defaults are evaluated."""

import pytest

from test_round32_check import check_tree, undetermined

_SELECTOR = '''class Selector:
    def __init__(self):
        self.use_cascade = False

    def _enable(self, name):
        if name == "cascade":
            self.use_cascade = True
        return name

    def pick(self, names):
        enabled = [self._enable(n) for n in names]
        if self.use_cascade:
            return "CASCADE"
        return "FLASH"
'''


def test_a_comprehension_over_an_input_keeps_its_calls_effects(cli, tmp_path):
    # was clean (forbid CASCADE with self.use_cascade false); Selector().pick(["cascade"]) is 'CASCADE'
    rule = "forbid = [\"'CASCADE'\"]\n[rule.given]\n\"self.use_cascade\" = false\n"
    run = check_tree(cli, tmp_path, {"mod.py": _SELECTOR}, "mod.py", "Selector.pick", rule)
    assert undetermined(run), run.output


_SEEN = '''def f():
    seen = []

    def mark(v):
        seen.append(v)
        return v

    {body}
    if seen:
        return "TOUCHED"
    return "UNTOUCHED"
'''


@pytest.mark.parametrize("body, runs", [("table = {mark('a'): 1}", "TOUCHED"), ("handlers = {k: 1 for k in mark(['a'])}", "TOUCHED"),
                                        ("cb = lambda v=mark('d'): v", "TOUCHED"), ("cb = lambda v: mark(v)", "UNTOUCHED")])
def test_what_opaque_code_runs_keeps_its_effects(cli, tmp_path, body, runs):
    # round 35: the first three were clean for 'UNTOUCHED'; running f() gives `runs`
    other = "UNTOUCHED" if runs == "TOUCHED" else "TOUCHED"
    run = check_tree(cli, tmp_path, {"mod.py": _SEEN.format(body=body)}, "mod.py", "f", f"expect = \"'{other}'\"\n")
    assert run.exit_code == 1, run.output
    if runs == "UNTOUCHED":  # (a lambda's body runs when it is called: nothing here)
        assert "undetermined" not in run.output, run.output


def test_a_walrus_in_a_dict_key_binds_its_name(cli, tmp_path):
    # round 35: clean for 'UNSET'; g() is 'SET'
    mod = "def g():\n    m = None\n    d = {(m := 'flash'): 1}\n    if m is None:\n        return 'UNSET'\n    return 'SET'\n"
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "g", "expect = \"'UNSET'\"\n")
    assert run.exit_code == 1, run.output


@pytest.mark.parametrize("body, runs", [("def inner(x=mark(1)):\n        return x", "TOUCHED"),
                                        ("def inner(x=1):\n        return mark(x)", "UNTOUCHED")])
def test_a_nested_function_s_defaults_run_where_it_is_defined(cli, tmp_path, body, runs):
    # round 35: the default's `mark(1)` was dropped (clean for 'UNTOUCHED'); f() gives `runs`
    other = "UNTOUCHED" if runs == "TOUCHED" else "TOUCHED"
    run = check_tree(cli, tmp_path, {"mod.py": _SEEN.format(body=body)}, "mod.py", "f", f"expect = \"'{other}'\"\n")
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output


def test_a_decorated_nested_function_is_what_its_decorator_returns(cli, tmp_path):
    # the undecorated body was inlined ('OLD' for certain); g() is 'NEW'
    mod = ("def g():\n    def deco(fn):\n        return lambda: 'NEW'\n\n    @deco\n    def inner():\n        return 'OLD'\n\n"
           "    if inner() == 'OLD':\n        return 'OLD'\n    return 'NEW'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "g", "expect = \"'OLD'\"\n")
    assert undetermined(run), run.output
