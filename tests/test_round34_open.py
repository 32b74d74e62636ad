"""Round 34 (an exploratory helper, end of the session of 2026-12-02): answers of `check` that
running the code contradicts, NOT fixed yet. Each is a strict xfail: the test states what a sound
answer is (running's, or undetermined) and fails today; when a fix lands it passes, and strict
xfail then fails the suite until the mark is removed."""

import pytest

from test_round32_check import check_tree, undetermined


def sound(run) -> bool:
    """Clean where running gives what the rule wants, or undetermined; never a definite other."""
    return run.exit_code == 0 or undetermined(run)


_OPEN = pytest.mark.xfail(strict=True, reason="round 34: open, see the issue 10 closing note of 2026-12-02")


@_OPEN
def test_a_property_of_the_class_type_x_is_narrows_to_is_not_a_free_input(cli, tmp_path):
    # violation "p=other than 1"; every x with type(x) is C returns 'ONE'
    mod = ("class C:\n    @property\n    def p(self):\n        return 1\n\n\ndef f(x):\n    if type(x) is C:\n"
           "        if x.p == 1:\n            return 'ONE'\n        return 'NOTONE'\n    return 'OTHER'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", "forbid = [\"'NOTONE'\"]\n")
    assert sound(run), run.output


@_OPEN
def test_hasattr_of_an_int_fact_that_pythons_answer_differently_is_undetermined(cli, tmp_path):
    # clean on 3.11 (int.is_integer is new in 3.12): 'FLT' on 3.12 and 3.13
    mod = "def f(x):\n    if hasattr(x, 'is_integer'):\n        return 'FLT'\n    return 'NO'\n"
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", "expect = \"'NO'\"\n[rule.given]\nx = 1\n")
    assert undetermined(run), run.output


@_OPEN
def test_a_property_of_an_enum_a_member_test_narrows_to_is_not_a_free_input(cli, tmp_path):
    # violation "m=Mode.A, fast=false"; f(Mode.A) is 'FAST'
    mod = ("import enum\n\n\nclass Mode(enum.Enum):\n    A = 1\n    B = 2\n\n    @property\n    def fast(self):\n"
           "        return self is Mode.A\n\n\ndef f(m):\n    if m is Mode.A:\n        if m.fast:\n            return 'FAST'\n"
           "        return 'SLOW'\n    return 'OTHER'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", "forbid = [\"'SLOW'\"]\n")
    assert sound(run), run.output


@_OPEN
def test_a_method_of_star_args_gets_self_among_them(cli, tmp_path):
    # clean (args == (x,)); K().run(x) is 'BOUND': args == (self, x)
    mod = ("class K:\n    def check(*args):\n        return len(args) == 2\n\n    def run(self, x):\n        if self.check(x):\n"
           "            return 'BOUND'\n        return 'NO'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "K.run", "expect = \"'NO'\"\n")
    assert run.exit_code == 1, run.output


@_OPEN
@pytest.mark.parametrize("patch", ["type.__setattr__(Base, 'limit', 6)\n", "setter = setattr\nsetter(Base, 'limit', 6)\n"])
def test_a_base_constant_set_by_setattr_under_another_name_is_not_folded(cli, tmp_path, patch):
    # clean (self.limit folded to 4); `import w.patch; Sel().pick(5)` is 'SMALL'
    sel = ("import w.patch\nfrom w.base import Base\n\n\nclass Sel(Base):\n    def pick(self, n):\n        if n > self.limit:\n"
           "            return 'BIG'\n        return 'SMALL'\n")
    files = {"w/__init__.py": "", "w/base.py": "class Base:\n    limit = 4\n", "w/patch.py": "from w.base import Base\n" + patch,
             "w/sel.py": sel}
    run = check_tree(cli, tmp_path, files, "w/sel.py", "Sel.pick", "expect = \"'BIG'\"\n[rule.given]\nn = 5\n")
    assert undetermined(run), run.output


@_OPEN
def test_a_class_body_writing_its_namespace_leaves_no_free_input_of_its_objects(cli, tmp_path):
    # violation "Empty()=true"; Empty() is falsy on every run
    mod = ("class Empty:\n    vars()['__bool__'] = lambda self: False\n\n\ndef f(a):\n    if Empty():\n        return 'TRUTHY'\n"
           "    return 'FALSY'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", "expect = \"'FALSY'\"\n")
    assert sound(run), run.output
