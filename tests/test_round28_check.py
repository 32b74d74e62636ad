"""Round 28: objects Python refuses or computes by their own type's code (an enum member, a class,
a function, an object of a class of the tree as the container of `in`, an operand of `<`, or the
callee), reads of a class by a computed name, and a `cached_property` reset through `__dict__`.
Each case once had a definite verdict that running the code contradicted."""

import pytest
from test_soundness import check, check_guard

_FORBID_X = 'forbid = ["\'X\'"]\n'
_FORBID_Y = 'forbid = ["\'Y\'"]\n'


# ---------------------------------------------------------------- `x in MEMBER`: a bit test, a substring test, or TypeError

_ENUMS = '''
import enum

class F(enum.Flag):
    A = 1
    B = 2
    AB = 3

class Backend(str, enum.Enum):
    FLASH = "flash"

class Lvl(enum.IntEnum):
    HIGH = 3

class Plain(enum.Enum):
    A = 1
    B = 2
'''


@pytest.mark.parametrize("guard, params, given", [
    ("F.A in F.AB", "n", ""),
    ("s in Backend.FLASH", "s", '[rule.given]\ns = "fl"\n'),
])
def test_membership_in_a_flag_or_str_mixin_member_is_not_folded_false(cli, tmp_path, guard, params, given):
    # round 28: `x in MEMBER` was always false; a Flag's member tests bits, a `str` mixin's substrings
    run = check_guard(cli, tmp_path, guard, params, _FORBID_X + given, head=_ENUMS)
    assert "undetermined" in run.output or "got       'X'" in run.output, run.output


@pytest.mark.parametrize("guard", ["3 in Lvl.HIGH", "Plain.A in Plain.B", "1 not in Plain.B"])
def test_membership_in_an_int_enum_or_plain_enum_member_raises(cli, tmp_path, guard):
    # round 28: `3 in Lvl.HIGH` was false ("expect 'Y'" clean); Python raises TypeError
    run = check_guard(cli, tmp_path, guard, "n", 'expect = "\'Y\'"\n', head=_ENUMS)
    assert run.exit_code == 1 and "raise TypeError" in run.output, run.output


# ---------------------------------------------------------------- getattr/hasattr of a class by a computed name, vars(Class)

_CFG = '''
class Cfg:
    use_a = False
    use_b = False

class Sub(Cfg):
    pass
'''


@pytest.mark.parametrize("guard, params, given", [
    ('getattr(Cfg, "use_" + which, False)', "which", '[rule.given]\nwhich = "a"\n'),
    ("hasattr(Cfg, which)", "which", '[rule.given]\nwhich = "zzz"\n'),
    ('"use_a" in vars(Sub)', "n", ""),
])
def test_a_class_read_by_a_computed_name_is_no_input(cli, tmp_path, guard, params, given):
    # round 28: each was a free input ("scenario which="a", getattr(...)=true"); Python: always "Y"
    run = check_guard(cli, tmp_path, guard, params, _FORBID_X + given, head=_CFG)
    assert "got       'X'" not in run.output or "undetermined" in run.output, run.output


# ---------------------------------------------------------------- `x in C` / `x < C` of a class, a function, a plain object

_OBJECTS = '''
class Limits:
    MAX = 8

def threshold():
    return 8
'''


@pytest.mark.parametrize("guard", [
    "mode in Limits", "mode in threshold", "mode not in threshold", "mode in Limits()",
    "mode > Limits", "threshold < mode", "Limits() <= mode",
])
def test_membership_or_order_of_a_class_function_or_plain_object_raises(cli, tmp_path, guard):
    # round 28: a free input ("scenario mode=4, threshold=4|>4"); Python raises TypeError on every run
    for rule in (_FORBID_X, _FORBID_Y):
        run = check_guard(cli, tmp_path, guard, "mode", rule + '[rule.given]\nmode = 4\n', head=_OBJECTS)
        assert run.exit_code == 0 and "error[" not in run.output, run.output
    run = check_guard(cli, tmp_path, guard, "mode", 'expect = "\'Y\'"\n', head=_OBJECTS)
    assert run.exit_code == 1 and "raise TypeError" in run.output, run.output


def test_order_of_an_object_whose_class_orders_is_not_a_raise(cli, tmp_path):
    run = check_guard(cli, tmp_path, "Big() > mode", "mode", _FORBID_X, head='''
class Big:
    def __gt__(self, other):
        return True
''')
    assert "got       'X'" in run.output or "undetermined" in run.output, run.output


# ---------------------------------------------------------------- a call of an object of a class of the tree

_CALLABLES = '''
class MinCap:
    def __init__(self, lim):
        self.lim = lim

    def __call__(self, cap):
        return cap >= self.lim

class Gate:
    def ok(self, cap):
        return False

class Plain:
    pass

SUPPORTS_FLASH = MinCap(90)
FLASH_GATE = Gate().ok
'''


@pytest.mark.parametrize("guard", ["SUPPORTS_FLASH(cap)", "FLASH_GATE(cap)", "MinCap(90)(cap)"])
def test_a_call_of_an_object_of_a_class_of_the_tree_is_no_input(cli, tmp_path, guard):
    # round 28: "scenario cap=80, SUPPORTS_FLASH(cap)=true"; Python: False for cap=80
    run = check_guard(cli, tmp_path, guard, "cap", _FORBID_X + '[rule.given]\ncap = 80\n', head=_CALLABLES)
    assert "got       'X'" not in run.output or "undetermined" in run.output, run.output


def test_a_call_of_an_object_whose_class_has_no_call_raises(cli, tmp_path):
    # round 28: `Plain()(n)` was a free input; Python raises TypeError
    run = check_guard(cli, tmp_path, "Plain()(cap)", "cap", 'expect = "\'Y\'"\n', head=_CALLABLES)
    assert run.exit_code == 1 and "raise TypeError" in run.output, run.output


# ---------------------------------------------------------------- a cached_property reset through `__dict__`


@pytest.mark.parametrize("reset", [
    'self.__dict__.pop("big", None)', 'vars(self).pop("big", None)', 'del self.__dict__["big"]', "self.__dict__.clear()",
    "self._invalidate()",
])
def test_a_cached_property_reset_through_dict_is_not_its_first_value(cli, tmp_path, reset):
    # round 28: the second read kept the first value (False) and the check was clean; Python: "X"
    run = check(cli, tmp_path, f'''
import functools

class Layer:
    def __init__(self, n):
        self.n = n

    @functools.cached_property
    def big(self):
        return self.n > 3

    def _invalidate(self):
        self.__dict__.pop("big", None)

    def choose(self):
        warm = self.big
        {reset}
        self.n = 10
        if self.big:
            return "X"
        return "Y"
''', _FORBID_X + '[rule.given]\nn = 1\n', function="Layer.choose")
    assert "got       'X'" in run.output, run.output
