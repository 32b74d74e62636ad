"""Round 32: `diff` (and, for a class body, `check`) over shapes where what the model read was not
what runs: a method a class-level `if` redefines, a base's helper reading an attribute a subclass
overrides, an attribute `__init__` computes from another, a callable bound under a module-level
`if`, a one-line wrapper of a decision, a member handed out as its `.value`. Each case once gave a
definite answer that running both versions contradicts."""

import pytest
from test_round31_names import check_tree, undetermined
from test_soundness import _diff_tree


def _not_compared(run, why: str) -> None:
    assert run.exit_code == 1 and "1 not compared" in run.output and why in run.output, run.output


def _changed(run, *lines: str) -> None:
    assert run.exit_code == 1 and "1 decision changed" in run.output and "not compared" not in run.output, run.output
    for line in lines:
        assert line in run.output, run.output


# ---------------------------------------------------------------- 11: a method a class-level `if` redefines

_SEL = '''
import os

ROCM = os.environ.get("ROCM") == "1"


class Sel:
    def ok(self, a):
        return a

    if ROCM:
        def ok(self, a):
            return False

    def pick(self, a):
        if self.ok(a):
            return 'FAST'
        return 'SLOW'
'''


def test_a_method_redefined_under_a_class_level_if_is_not_compared(cli, tmp_path):
    # round 32: the first `def ok` was inlined in both versions, "0 decisions changed"; with ROCM=1
    # Sel().pick(True) goes 'SLOW' -> 'FAST'
    new = _SEL.replace("            return False", "            return a")
    run = _diff_tree(cli, tmp_path, {"sel.py": _SEL}, {"sel.py": new}, "--no-cache")
    _not_compared(run, "rests on `sel.py::Sel.ok`, which changed")


def test_a_method_redefined_under_a_class_level_if_is_unmodeled_code_to_check(cli, tmp_path):
    # round 32: `check` read `ok(a)` as `a`; where the override returns `a` too, no run gives 'SLOW'
    source = _SEL.replace("            return False", "            return a")
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "Sel.pick", "given = { a = true }\nexpect = \"'FAST'\"\n")
    assert undetermined(run) and "<self.ok: a descriptor of Sel the model does not read>" in run.output, run.output


def test_a_method_bound_twice_in_a_class_body_is_no_target(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"mod.py": _SEL}, "mod.py", "Sel.ok", "given = { a = true }\nexpect = \"True\"\n")
    assert run.exit_code == 2 and "`Sel.ok` is bound more than once" in run.output, run.output


# ---------------------------------------------------------------- 10: a base's helper a subclass overrides

_BASE = '''
class Base:
    FLAG = True

    def ok(self):
        return Base.FLAG

    def pick(self, n):
        if n > 2 and self.ok():
            return 'ON'
        return 'OFF'


class Sub(Base):
    FLAG = False
'''


@pytest.mark.parametrize("helper", [
    "    def ok(self):\n        return self.FLAG\n",
    "    @classmethod\n    def ok(cls):\n        return cls.FLAG\n",
])
def test_a_base_helper_reading_an_overridden_attribute_compares_the_subclass(cli, tmp_path, helper):
    # round 32: only Base.pick was compared, "0 decisions changed"; Sub().pick(3) goes 'ON' -> 'OFF'
    new = _BASE.replace("    def ok(self):\n        return Base.FLAG\n", helper)
    run = _diff_tree(cli, tmp_path, {"sel.py": _BASE}, {"sel.py": new}, "--no-cache")
    _changed(run, "Sub.pick", "when n > 2:", "'ON' (line 10)  ->  'OFF'")


# ---------------------------------------------------------------- 03: an attribute `__init__` computes from another

_CFG = '''
class Cfg:
    def __init__(self, a, b):
        self.both = a and b
        self.mode = 'F' if self.both else 'S'

    def pick(self):
        if self.mode == 'F':
            return 'FAST'
        return 'SLOW'
'''


def _pick_not_compared(run) -> None:
    assert run.exit_code == 1 and "Cfg.pick" in run.output and "`self.mode` rests on `sel.py::Cfg.mode`, which changed" \
        in run.output, run.output


def test_a_changed_line_setting_an_attribute_another_is_computed_from_is_not_unchanged(cli, tmp_path):
    # round 32: Cfg.pick was "unchanged"; Cfg(True, False).pick() goes 'SLOW' -> 'FAST'
    run = _diff_tree(cli, tmp_path, {"sel.py": _CFG}, {"sel.py": _CFG.replace("a and b", "a or b")}, "--no-cache")
    _pick_not_compared(run)


def test_reordered_attribute_lines_of_init_are_not_unchanged(cli, tmp_path):
    # round 32: "0 decisions changed"; with `both = False` on the class, Cfg(True, True).pick() goes 'FAST' -> 'SLOW'
    old = _CFG.replace("class Cfg:\n", "class Cfg:\n    both = False\n\n")
    new = old.replace("        self.both = a and b\n        self.mode = 'F' if self.both else 'S'\n",
                      "        self.mode = 'F' if self.both else 'S'\n        self.both = a and b\n")
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new}, "--no-cache")
    _pick_not_compared(run)


def test_reordered_lines_of_a_dataclass_post_init_are_not_unchanged(cli, tmp_path):
    old = '''
from dataclasses import dataclass


@dataclass
class Cfg:
    a: bool
    b: bool

    def __post_init__(self):
        self.b = self.b or self.a
        self.mode = 'F' if self.b else 'S'

    def pick(self):
        if self.mode == 'F':
            return 'FAST'
        return 'SLOW'
'''
    new = old.replace("        self.b = self.b or self.a\n        self.mode = 'F' if self.b else 'S'\n",
                      "        self.mode = 'F' if self.b else 'S'\n        self.b = self.b or self.a\n")
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new}, "--no-cache")
    _pick_not_compared(run)


# ---------------------------------------------------------------- 09: a callable bound under a module-level `if`

_OK = '''
import os

ROCM = os.environ.get("ROCM") == "1"


def _cuda(a):
    return a


def _rocm(a):
    return False


if ROCM:
    _ok = _rocm
else:
    _ok = _cuda


def pick(a):
    if _ok(a):
        return 'FLASH'
    return 'TORCH'
'''


def test_a_call_of_a_name_bound_under_an_if_in_one_version_lists_no_region_free_of_its_arguments(cli, tmp_path):
    # round 32: "when _ok(a)=true, a=false: 'FLASH' -> 'TORCH'" was listed; `_ok(a)` is `a` or False
    new = _OK.replace("if ROCM:\n    _ok = _rocm\nelse:\n    _ok = _cuda\n", "_ok = _cuda\n")
    run = _diff_tree(cli, tmp_path, {"sel.py": _OK}, {"sel.py": new}, "--no-cache")
    _not_compared(run, "a change needs `_ok(a)` (code the model does not follow) to take some values")
    assert "_ok(a)=true, a=false" not in run.output


# ---------------------------------------------------------------- 08: a one-line wrapper of a decision

_WRAP = '''
def _impl(a, b):
    if a and not b:
        return 'A'
    return 'B'


def pick(a, b):
    return _impl(a, b)
'''


def test_a_wrapper_whose_one_return_calls_a_decision_is_compared(cli, tmp_path):
    # round 32: pick was no candidate, "0 decisions changed"; pick(True, False) goes 'A' -> 'B'
    run = _diff_tree(cli, tmp_path, {"sel.py": _WRAP}, {"sel.py": _WRAP.replace("_impl(a, b)\n", "_impl(b, a)\n")}, "--no-cache")
    _changed(run, "pick  sel.py:8", "when a=true, b=false:", "'A' (line 9)  ->  'B' (line 9)")


# ---------------------------------------------------------------- 07: a member handed out as its `.value`

_ENUM = '''
import enum


class Backend(enum.Enum):
    FLASH = 'flash'
    TORCH = 'torch'


def pick(a):
    if a:
        return Backend.FLASH
    return Backend.TORCH
'''


def test_a_member_returned_as_its_value_is_a_change(cli, tmp_path):
    # round 32: "0 decisions changed"; a caller's `pick(True) is Backend.FLASH` goes True -> False
    new = _ENUM.replace("return Backend.FLASH", "return Backend.FLASH.value").replace("return Backend.TORCH",
                                                                                       "return Backend.TORCH.value")
    run = _diff_tree(cli, tmp_path, {"sel.py": _ENUM}, {"sel.py": new}, "--no-cache")
    _changed(run, "2 of 2 configurations change path", "FLASH (line 12)  ->  FLASH.value (line 12)")


def test_a_member_returned_as_its_value_in_both_versions_is_no_change(cli, tmp_path):
    old = _ENUM.replace("return Backend.FLASH", "return Backend.FLASH.value").replace("return Backend.TORCH",
                                                                                       "return Backend.TORCH.value")
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": old.replace("if a:", "if a is True or a:")}, "--no-cache")
    assert run.exit_code == 0 and "0 decisions changed" in run.output and "not compared" not in run.output, run.output
