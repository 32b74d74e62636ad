"""Round 31: values Python computes or refuses that the model took as free, or as never raising.
Each case once had a definite verdict that running the code contradicted: a property's
AttributeError past `getattr`'s default, a missing key that never raised, two enums' members
equal, a made key hitting a literal, a key callback's writes unseen, a keyword bound to a
positional-only parameter, a standard-library call of constants free."""

import pytest
from test_soundness import check

_FORBID_X = 'forbid = ["\'X\'"]\n'

_LAYER = '''
class Layer:
    def __init__(self, quant):
        self.quant = quant

    @property
    def scheme(self):
        if self.quant is None:
            raise {exc}("no scheme")
        return self.quant

    def f(self):
{body}
'''


def _layer(exc: str, body: str) -> str:
    return _LAYER.format(exc=exc, body="".join(f"        {line}\n" for line in body.splitlines()))


# ---------------------------------------------------------------- getattr's default, hasattr


def test_getattr_default_catches_the_attribute_error_a_property_raises(cli, tmp_path):
    # round 31: "got raise AttributeError (line 8)" and 'UNQUANTIZED' shadowed; Python gives the default
    run = check(cli, tmp_path, _layer("AttributeError", 's = getattr(self, "scheme", None)\nif s is None:\n'
                                                        '    return "UNQUANTIZED"\nreturn "QUANTIZED"'),
                'expect = "\'UNQUANTIZED\'"\n[rule.given]\n"quant is None" = true\n', function="Layer.f")
    assert run.exit_code == 0 and "0 errors" in run.output and "configuration error" not in run.output, run.output


def test_getattr_default_lets_another_exception_of_the_property_leave(cli, tmp_path):
    run = check(cli, tmp_path, _layer("ValueError", 's = getattr(self, "scheme", None)\nif s is None:\n'
                                                    '    return "UNQUANTIZED"\nreturn "QUANTIZED"'),
                'expect = "raise ValueError"\n[rule.given]\n"quant is None" = true\n', function="Layer.f")
    assert run.exit_code == 0 and "0 errors" in run.output and "configuration error" not in run.output, run.output


def test_getattr_without_default_still_raises_the_property_attribute_error(cli, tmp_path):
    run = check(cli, tmp_path, _layer("AttributeError", 's = getattr(self, "scheme")\nreturn "Q"'),
                'expect = "raise AttributeError"\n[rule.given]\n"quant is None" = true\n', function="Layer.f")
    assert run.exit_code == 0 and "configuration error" not in run.output, run.output


def test_hasattr_is_false_where_the_property_raises_attribute_error(cli, tmp_path):
    run = check(cli, tmp_path, _layer("AttributeError", 'if hasattr(self, "scheme"):\n    return "HAS"\nreturn "NO"'),
                'expect = "\'NO\'"\n[rule.given]\n"quant is None" = true\n', function="Layer.f")
    assert run.exit_code == 0 and "0 errors" in run.output and "configuration error" not in run.output, run.output


def test_hasattr_lets_another_exception_of_the_property_leave(cli, tmp_path):
    # round 31: a definite 'HAS' with `hasattr(...)` a free input; Python raises ValueError
    run = check(cli, tmp_path, _layer("ValueError", 'if hasattr(self, "scheme"):\n    return "HAS"\nreturn "NO"'),
                'forbid = ["raise ValueError"]\n[rule.given]\n"quant is None" = true\n', function="Layer.f")
    assert run.exit_code == 1 and "got       raise ValueError" in run.output and "undetermined" not in run.output, run.output


# ---------------------------------------------------------------- a subscript of a missing key


def test_subscript_of_an_input_where_its_key_is_missing_is_undetermined_for_an_unknown_mapping_type(cli, tmp_path):
    # round 31: proved 'DEFAULT' though `f({})` raises KeyError; a defaultdict would not raise, so
    # with the mapping's type unknown the honest answer is undetermined, naming the KeyError
    run = check(cli, tmp_path, '''
        def f(cfg):
            if "backend" in cfg:
                return "EXPLICIT"
            backend = cfg["backend"]
            return "DEFAULT"
    ''', 'expect = "\'DEFAULT\'"\n[rule.given]\n\'"backend" in cfg\' = false\n')
    assert run.exit_code == 1 and "undetermined" in run.output and "raise KeyError" in run.output, run.output


def test_subscript_of_an_input_where_its_key_is_present_raises_nothing(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f(cfg):
            if "backend" in cfg:
                b = cfg["backend"]
                return "EXPLICIT"
            return "DEFAULT"
    ''', 'forbid = ["raise KeyError"]\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


# ---------------------------------------------------------------- members of two enums


_ENUMS = '''
import enum

class A({a}):
    X = 1

class B({b}):
    X = 1
    Y = 2

def f(v):
    x = A.X
    if {guard}:
        return "X"
    return "Y"
'''


@pytest.mark.parametrize("guard", ["x == B.Y", "x == B.X", "A.X is B.X", "x in (B.X, B.Y)", "(A.X if v else A.X) == B.X"])
def test_members_of_two_plain_enums_are_never_equal(cli, tmp_path, guard):
    # round 31: "got 'X' because A.X == B.Y = true", a free relation; Python: always 'Y'
    run = check(cli, tmp_path, _ENUMS.format(a="enum.Enum", b="enum.Enum", guard=guard), _FORBID_X)
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


@pytest.mark.parametrize("guard", ["x != B.X", "A.X is not B.Y"])
def test_members_of_two_plain_enums_are_always_apart(cli, tmp_path, guard):
    run = check(cli, tmp_path, _ENUMS.format(a="enum.Enum", b="enum.Enum", guard=guard), 'expect = "\'X\'"\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_members_of_two_int_enums_compare_their_values(cli, tmp_path):
    run = check(cli, tmp_path, _ENUMS.format(a="enum.IntEnum", b="enum.IntEnum", guard="x == B.X"), 'expect = "\'X\'"\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_members_of_two_int_enums_are_never_identical(cli, tmp_path):
    run = check(cli, tmp_path, _ENUMS.format(a="enum.IntEnum", b="enum.IntEnum", guard="x is B.X"), _FORBID_X)
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_members_of_an_enum_with_its_own_eq_compare_as_its_code_decides(cli, tmp_path):
    source = _ENUMS.format(a="enum.Enum", b="enum.Enum", guard="x == B.X").replace(
        "    X = 1\n\nclass B", "    X = 1\n    def __eq__(self, o):\n        return True\n    __hash__ = enum.Enum.__hash__\n\nclass B")
    run = check(cli, tmp_path, source, 'expect = "\'Y\'"\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


# ---------------------------------------------------------------- a dict looked up by a made object


@pytest.mark.parametrize("lookup", ['d.get(K(), "NONE") == "A"', 'K() in d', 'd.get(K()) is not None'])
def test_an_object_of_a_plain_class_never_hits_a_literal_key(cli, tmp_path, lookup):
    # round 31: "got 'X' because K() == "a" = true"; an object of a plain class equals no string
    run = check(cli, tmp_path, f'''
class K:
    pass

def f():
    d = {{"a": "A"}}
    if {lookup}:
        return "X"
    return "Y"
''', _FORBID_X)
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_a_subscript_by_an_object_of_a_plain_class_raises_key_error(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class K:
            pass

        def f():
            d = {"a": "A"}
            return d[K()]
    ''', 'expect = "raise KeyError"\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_a_lookup_by_an_object_whose_class_defines_hash_and_eq_is_undetermined(cli, tmp_path):
    # round 31: "got raise KeyError (K() != "a")"; its `__hash__`/`__eq__` match "a": Python returns 'A'
    run = check(cli, tmp_path, '''
        class K:
            def __hash__(self):
                return hash("a")

            def __eq__(self, other):
                return True

        def f():
            d = {"a": "A"}
            return d[K()]
    ''', 'expect = "\'A\'"\n')
    assert "got       raise KeyError" not in run.output or "undetermined" in run.output, run.output


# ---------------------------------------------------------------- a pure builtin handed a writing function


@pytest.mark.parametrize("call", ["max(backends, key=score)", "sorted(backends, key=score)", "list(map(score, backends))",
                                  "sorted(backends, key=lambda b: tried.append(b) or 0)"])
def test_a_builtin_handed_a_function_that_writes_is_not_pure(cli, tmp_path, call):
    # round 31: proved 'NOT_SCORED', the call "known not to change what the decision reads"
    run = check(cli, tmp_path, f'''
def f(backends):
    tried = []

    def score(b):
        tried.append(b)
        return len(b)

    best = {call}
    if tried:
        return "SCORED"
    return "NOT_SCORED"
''', 'expect = "\'NOT_SCORED\'"\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


def test_a_builtin_handed_a_function_that_only_reads_stays_pure(cli, tmp_path):
    run = check(cli, tmp_path, '''
        PRIO = {"a": 1}

        def f(backends):
            tried = []
            best = max(backends, key=lambda b: PRIO.get(b, 0))
            if tried:
                return "SCORED"
            return "NOT_SCORED"
    ''', 'expect = "\'NOT_SCORED\'"\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


# ---------------------------------------------------------------- a positional-only parameter


@pytest.mark.parametrize("helper", ["def helper(fast, /, **options):", "def helper(fast, /):"])
def test_a_keyword_never_binds_a_positional_only_parameter(cli, tmp_path, helper):
    # round 31: proved 'FAST'; Python raises TypeError (the keyword goes to **options, or is refused)
    run = check(cli, tmp_path, f'''
{helper}
    if fast:
        return "FAST"
    return "SLOW"

def f(use_fast):
    return helper(fast=use_fast)
''', 'expect = "\'FAST\'"\n[rule.given]\nuse_fast = true\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


def test_a_positional_only_parameter_and_a_keyword_of_its_name_both_bind(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def helper(fast, /, **options):
            if fast:
                return "FAST"
            return "SLOW"

        def f(use_fast):
            return helper(use_fast, fast=False)
    ''', 'expect = "\'FAST\'"\n[rule.given]\nuse_fast = true\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


# ---------------------------------------------------------------- the standard library's pure functions


@pytest.mark.parametrize("guard", ['re.match(r"fp8", "int8")', 'fnmatch.fnmatch("int8", "fp8*")',
                                   'os.path.basename("/a/b.py") == "a"', 'operator.contains(["a", "b"], "c")',
                                   'math.floor(2.5) == 3', '"A" in string.ascii_lowercase'])
def test_a_pure_standard_library_call_of_constants_is_computed(cli, tmp_path, guard):
    # round 31: "got 'X' because re.match('fp8', 'int8') = true", a value of constants alone
    run = check(cli, tmp_path, f'''
import fnmatch
import math
import operator
import os.path
import re
import string

def f():
    if {guard}:
        return "X"
    return "Y"
''', _FORBID_X)
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_a_regex_match_of_constants_that_matches_is_no_input(cli, tmp_path):
    run = check(cli, tmp_path, '''
        import re

        def f():
            if re.match("fp8", "fp8_e4m3"):
                return "X"
            return "Y"
    ''', 'expect = "\'Y\'"\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


@pytest.mark.parametrize("guard, given", [('math.floor(x) == 2', 'x = 2.5'),
                                          ('Version(x) >= Version("2.4")', 'x = "2.3.1"')])
def test_a_pure_standard_library_call_of_a_fact_is_undetermined_not_free(cli, tmp_path, guard, given):
    # not computed from the fact (no tie to its operand yet): undetermined, never a free counterexample
    run = check(cli, tmp_path, f'''
import math
from packaging.version import Version

def f(x):
    if {guard}:
        return "X"
    return "Y"
''', f'expect = "\'Y\'"\n[rule.given]\n{given}\n')
    assert run.exit_code == 1 and "undetermined" in run.output, run.output


@pytest.mark.parametrize("body", ['counts = Counter("aab")\nif counts[k] == 0:',
                                  'groups = defaultdict(list)\ngroups[k].append(1)\nif k not in groups:'])
def test_a_collections_container_made_here_is_no_input(cli, tmp_path, body):
    # round 31: `Counter("aab")[k]` free "other than 0", `k in defaultdict(list)` free after an insert
    lines = "".join(f"    {line}\n" for line in body.splitlines())
    run = check(cli, tmp_path, f'''
from collections import Counter, defaultdict

def f(k):
{lines}        return "X"
    return "Y"
''', _FORBID_X)
    assert run.exit_code == 1 and "undetermined" in run.output, run.output
