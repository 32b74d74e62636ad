"""Round 33: `diff` (and `check`) over shapes where a region printed was one no input reaches, or
"unchanged" held where running both versions differs: relations along a chain of four compared
values, a property of a class a value is narrowed to, an attribute a subclass gets after its class
body. Each case once gave a definite answer that running both versions contradicts."""

import textwrap

from test_soundness import _diff_tree, check


def _unchanged(run) -> None:
    assert run.exit_code == 0 and "0 decisions changed" in run.output and "not compared" not in run.output, run.output


def _changed(run, *lines: str) -> None:
    assert run.exit_code == 1 and "1 decision changed" in run.output and "not compared" not in run.output, run.output
    for line in lines:
        assert line in run.output, run.output


# ---------------------------------------------------------------- 08: relations along a chain of four values

_CHAIN = '''
def pick(a, b, c, d):
    if a {ne} b:
        return "X"
    if b {ne} c:
        return "X"
    if c {ne} d:
        return "X"
{last}
'''


def _chain(ne: str, last: str) -> str:
    return _CHAIN.format(ne=ne, last=textwrap.indent(textwrap.dedent(last).strip(), "    "))


def test_equality_along_a_chain_of_four_values_is_transitive(cli, tmp_path):
    # round 33: "when a == b, b == c, c == d, a != d: 'B' -> 'A'"; a == b == c == d gives a == d,
    # and every run of pick gives one outcome in both versions
    old = _chain("!=", 'if a == d:\n    return "A"\nreturn "B"')
    new = _chain("!=", 'return "A"')
    _unchanged(_diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new}, "--no-cache"))


def test_an_order_along_a_chain_of_four_values_is_transitive(cli, tmp_path):
    # round 33: "when a < b, b < c, c < d, a >= d: 'B' -> 'A'"; a < b < c < d gives a < d
    old = _chain(">=", 'if a < d:\n    return "A"\nreturn "B"')
    new = _chain(">=", 'return "A"')
    _unchanged(_diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new}, "--no-cache"))


def test_an_order_cycle_closed_by_an_inequality_is_infeasible(cli, tmp_path):
    # round 33: a < b, b == c, c < d, d == a cannot hold (a < a), with a != c beside it (triangles
    # a<b==c, c<d==a each hold alone); the old version's 'B' there was a region no input reaches
    old = '''
    def pick(a, b, c, d):
        if a < b and b == c and c < d and d == a and a != c:
            return "B"
        return "A"
    '''
    new = '''
    def pick(a, b, c, d):
        return "A"
    '''
    _unchanged(_diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new}, "--no-cache"))


def test_a_changed_default_of_two_environment_reads_lists_only_regions_an_environment_gives(cli, tmp_path):
    # round 33: 12 regions, among them X and Y set and equal ("'B' -> 'A'"), which the chain
    # get(X) == get(X, 'Y') == ... rules out; running: only X or Y unset, the other "Y", changes
    old = '''
    import os

    def pick(n):
        if os.environ.get("X", "Y") == os.environ.get("Y", "Y"):
            return "A"
        if n > 3:
            return "BIG"
        return "B"
    '''
    new = old.replace('os.environ.get("X", "Y") == os.environ.get("Y", "Y")', 'os.environ.get("X") == os.environ.get("Y")')
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new}, "--no-cache")
    _changed(run, "(4 regions)")
    assert "'B' (line 9)  ->  'A'" not in run.output and "'BIG' (line 8)  ->  'A'" not in run.output, run.output


def test_constants_at_both_ends_of_a_chain_of_equal_values_tie_it(cli, tmp_path):
    # round 33: "when a == 1, c == 2, a == b, b == c: 'B' -> 'A'"; a == b == c cannot be 1 and 2
    old = '''
    def pick(a, b, c):
        if a == 1 and c == 2 and a == b and b == c:
            return "B"
        return "A"
    '''
    new = '''
    def pick(a, b, c):
        return "A"
    '''
    _unchanged(_diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": new}, "--no-cache"))


def test_check_finds_no_violation_on_a_chain_of_four_equal_values(cli, tmp_path):
    # round 33: `check` gave the counterexample a == b, b == c, c == d, a != d for 'B', which no
    # call of pick returns
    source = _chain("!=", 'if a == d:\n    return "A"\nreturn "B"')
    run = check(cli, tmp_path, source, 'forbid = ["\'B\'"]\n', function="pick")
    assert run.exit_code == 0 and "violat" not in run.output.lower(), run.output


def _not_compared(run, why: str) -> None:
    assert run.exit_code == 1 and "1 not compared" in run.output and why in run.output, run.output


# ---------------------------------------------------------------- 01: a property of a class a value is narrowed to

_CFG = '''
class Cfg:
    def __init__(self, k):
        self.k = k

    @property
    def fast(self):
        return self.k == 1

    def other(self):
        return 1
'''

_PICK_CFG = '''
from cfg import Cfg


def pick(c, n):
    if not isinstance(c, Cfg):
        return "NONE"
    if c.fast:
        return "FLASH"
    if n > 3:
        return "BIG"
    return "SMALL"
'''


def test_a_changed_property_of_the_class_isinstance_narrows_to_is_not_compared(cli, tmp_path):
    # round 33: "0 decisions changed" (`c.fast` one input in both); pick(Cfg(1), 1) is 'FLASH' in
    # the old version, 'SMALL' in the new
    new_cfg = _CFG.replace("self.k == 1", "self.k == 2")
    run = _diff_tree(cli, tmp_path, {"cfg.py": _CFG, "sel.py": _PICK_CFG}, {"cfg.py": new_cfg, "sel.py": _PICK_CFG + "# x\n"},
                     "--no-cache")
    _not_compared(run, "`c.fast` rests on `cfg.py::Cfg.fast`, which changed")


def test_a_changed_property_a_base_class_defines_is_not_compared(cli, tmp_path):
    # round 33: the property inherited from `Base` of another module, edited there: "0 decisions
    # changed"; an edit of another method of the classes changes nothing the model reads
    base = _CFG.replace("class Cfg:", "class Base:")
    cfg = "from base import Base\n\n\nclass Cfg(Base):\n    def helper(self):\n        return 2\n"
    old = {"base.py": base, "cfg.py": cfg, "sel.py": _PICK_CFG}
    other = {"base.py": base.replace("return 1", "return 5"), "cfg.py": cfg.replace("return 2", "return 3"),
             "sel.py": _PICK_CFG + "# x\n"}
    _unchanged(_diff_tree(cli, tmp_path / "a", old, other, "--no-cache"))
    changed = {**other, "base.py": other["base.py"].replace("self.k == 1", "self.k == 2")}
    _not_compared(_diff_tree(cli, tmp_path / "b", old, changed, "--no-cache"), "rests on `base.py::Base.fast`, which changed")


_MODE = '''
from enum import Enum


class Mode(Enum):
    A = 1
    B = 2
    C = 3

    @property
    def fast(self):
        return self is Mode.A
'''


def test_a_changed_property_of_an_enum_a_value_is_compared_with_is_not_compared(cli, tmp_path):
    # round 33: `m is Mode.C` then `m.fast`, the property edited: "0 decisions changed";
    # pick(Mode.A, 1) is 'FLASH' in the old version, 'SMALL' in the new
    sel = '''
    from consts import Mode


    def pick(m, n):
        if m is Mode.C:
            return "C"
        if m.fast:
            return "FLASH"
        if n > 3:
            return "BIG"
        return "SMALL"
    '''
    run = _diff_tree(cli, tmp_path, {"consts.py": _MODE, "sel.py": sel},
                     {"consts.py": _MODE.replace("self is Mode.A", "self is Mode.B"), "sel.py": sel + "# x\n"}, "--no-cache")
    _not_compared(run, "`m.fast` rests on `consts.py::Mode.fast`, which changed")


def test_a_dropped_str_of_an_enum_a_value_is_compared_with_is_not_compared(cli, tmp_path):
    # round 33: `str(m) == "A"` with `Mode.__str__` (the member's name) dropped: "0 decisions
    # changed"; pick(Mode.A, 1) is 'FLASH' in the old version ("A"), 'SMALL' in the new ("Mode.A")
    consts = _MODE.replace("    @property\n    def fast(self):\n        return self is Mode.A\n",
                           "    def __str__(self):\n        return self.name\n")
    sel = '''
    from consts import Mode


    def pick(m, n):
        if m is Mode.C:
            return "C"
        if str(m) == "A":
            return "FLASH"
        if n > 3:
            return "BIG"
        return "SMALL"
    '''
    new_consts = consts.replace("    def __str__(self):\n        return self.name\n", "")
    run = _diff_tree(cli, tmp_path, {"consts.py": consts, "sel.py": sel}, {"consts.py": new_consts, "sel.py": sel + "# x\n"},
                     "--no-cache")
    _not_compared(run, "`str(m)` rests on `consts.py::Mode.__str__`, which changed")


# ---------------------------------------------------------------- 10: a class attribute set on a subclass after its body

_BASE = '''
class Base:
    limit = 4


class Sub(Base):
    pass
'''

_SEL_SUB = '''
from base import Sub


class Sel(Sub):
    def other(self):
        return 1

    def pick(self, n, mode):
        if mode == "x":
            return "X"
        if n > self.limit:
            return "BIG"
        return "SMALL"
'''


def test_a_class_attribute_one_version_does_not_compute_is_no_input(cli, tmp_path):
    # round 33: `Sub.limit = 2` added after `class Sub(Base)`: "new atoms: `self.limit`", "when
    # n > 4, n <= self.limit: 'BIG' -> 'SMALL'"; every Sel() has limit 2 there, and
    # Sel().pick(5, "y") is 'BIG' in both versions
    run = _diff_tree(cli, tmp_path, {"base.py": _BASE, "sel.py": _SEL_SUB},
                     {"base.py": _BASE + "\nSub.limit = 2\n", "sel.py": _SEL_SUB.replace("return 1", "return 2")}, "--no-cache")
    _not_compared(run, "`self.limit` is a class attribute of the tree that the new version's model reads as an input")
    # (what stays: `self.use_x`, which `__init__` sets from its argument, read by the new version
    # alone, is an input: Sel(True).pick(1) is 'SMALL' -> 'X')
    old = textwrap.dedent('''
        class Sel:
            def __init__(self, use_x):
                self.use_x = use_x

            def pick(self, n):
                if n > 3:
                    return "BIG"
                return "SMALL"
    ''')
    new = old.replace("        if n > 3:", "        if self.use_x:\n            return \"X\"\n        if n > 3:")
    _changed(_diff_tree(cli, tmp_path / "inst", {"sel.py": old}, {"sel.py": new}, "--no-cache"), "new atoms: `self.use_x`")

