"""Round 36 (an exploratory helper): values Python computes from what the facts give that the model
took as free inputs or computed apart from Python.

- A slice of a fact's string with a computed bound (`spec[len("attn:"):]`, `s[s.find(":") + 1:]`,
  `s[True:]`, `s[:~0]`) was a free input: a counterexample gave it a value no run gives. Bounds that
  Python computes as ints from builtins, `str` methods and operators are computed now.
- A method or attribute the model does not compute of a fact's value (`s.translate({...})`,
  `int(s).numerator`, `s.__len__()`, `type(s).__name__`, `s[1.0:]`) was a free input: `expect` and
  `forbid` of one value were both violated. It is Python's own computation of that value: tied to
  the fact (undetermined, never an input).
- The relation of two values computed from facts (`a.lower() == b.lower()`) was free: a scenario
  said "flash_attn" differs from itself. It is Python's comparison now, or tied where not computed.
- A list Python computes (`s.split(",")`) never equalled a list constant (`NAMES = ["a", "b"]`, held
  as a tuple there): a wrong clean. A computed list is a list, and a list constant stays a list."""

import pytest

from test_round32_check import check_tree, undetermined


def _guarded(cli, tmp_path, params: str, guard: str, rule: str, given: str, head: str = ""):
    mod = f"{head}\n\ndef f({params}):\n    if {guard}:\n        return 'HIT'\n    return 'MISS'\n"
    return check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", f"{rule}\n[rule.given]\n{given}\n")


_EXPECT = "expect = \"'HIT'\""
_FORBID = "forbid = [\"'HIT'\"]"


@pytest.mark.parametrize("guard, given", [
    ('s[s.find(":") + 1:] == "flash"', 's = "attn:flash"'),
    ('s[len("attn:"):] == "flash"', 's = "attn:flash"'),
    ('s[:-len("_attn")] == "x"', 's = "x_attn"'),
    ('s[s.rfind("/") + 1:] == "c"', 's = "a/b/c"'),
    ('s[:len(s) - 1] == "ab"', 's = "abc"'),
    ('s[True:] == "bc"', 's = "abc"'),
    ('s[False] == "a"', 's = "abc"'),
    ('s[:~0] == "ab"', 's = "abc"'),
])
def test_a_slice_of_a_fact_with_a_computed_bound_is_computed(cli, tmp_path, guard, given):
    # round 36: "expected 'HIT' got 'MISS'" with the slice `other than` its value; every run is 'HIT'
    run = _guarded(cli, tmp_path, "s", guard, _EXPECT, given)
    assert run.exit_code == 0, run.output
    forbid = _guarded(cli, tmp_path, "s", guard, _FORBID, given)
    assert forbid.exit_code == 1 and "undetermined" not in forbid.output, forbid.output


def test_a_slice_python_refuses_is_no_input(cli, tmp_path):
    # round 36: `s[1.0:]` free, "got 'HIT'" in a scenario; every run raises TypeError, never 'HIT'
    run = _guarded(cli, tmp_path, "s", 's[1.0:] == "bc"', _FORBID, 's = "abc"')
    assert run.exit_code == 0 or undetermined(run), run.output


@pytest.mark.parametrize("guard, given", [
    ('s.translate({97: "b"}) == "bb"', 's = "aa"'),
    ('s.format_map({"x": 1}) == "1"', 's = "{x}"'),
    ("int(s).numerator == 3", 's = "3"'),
    ("s.__len__() == 3", 's = "abc"'),
    ("int(s).bit_count() == 3", 's = "7"'),
    ("s.upper.__call__() == 'A'", 's = "a"'),
    ("type(s).__name__ == 'bool'", "s = true"),
    ("s.__class__.__name__ == 'float'", "s = 1.0"),
    ('s.removeprefix("a").translate({98: "x"}) == "xc"', 's = "abc"'),
])
@pytest.mark.parametrize("rule", [_EXPECT, _FORBID])
def test_a_method_the_model_does_not_compute_of_a_fact_is_no_input(cli, tmp_path, guard, given, rule):
    # round 36: `expect` and `forbid` of 'HIT' both violated, the call `other than` its value in one
    # scenario; every run returns 'HIT'
    run = _guarded(cli, tmp_path, "s", guard, rule, given)
    if rule == _EXPECT:
        assert run.exit_code == 0 or undetermined(run), run.output
    else:
        assert run.exit_code == 1, run.output


@pytest.mark.parametrize("guard, given, real", [
    ("a.lower() == b.lower()", 'a = "FLASH_ATTN"\nb = "flash_attn"', "HIT"),
    ("a.lower() != b.lower()", 'a = "FLASH_ATTN"\nb = "flash_attn"', "MISS"),
    ("a.strip() == b.strip()", 'a = " x "\nb = "x"', "HIT"),
    ("a.upper() < b.upper()", 'a = "a"\nb = "B"', "HIT"),
    ("a.split(',')[0] == b.split(',')[0]", 'a = "a,b"\nb = "a,c"', "HIT"),
    ("a.lower() == b.lower()", 'a = "x"\nb = "y"', "MISS"),
    ("a.lower() is b.lower()", 'a = "x"\nb = "X"', "MISS"),
])
def test_a_relation_of_two_values_computed_from_facts_is_python_s(cli, tmp_path, guard, given, real):
    # round 36: "expected 'REQUESTED' got 'AUTO'" with `(name.lower() != requested.lower())=true` for
    # "FLASH_ATTN" and "flash_attn"; every run compares them as Python does (`is`: two objects or one)
    kept = _EXPECT if real == "HIT" else _FORBID  # the rule every run keeps
    run = _guarded(cli, tmp_path, "a, b", guard, kept, given)
    assert run.exit_code == 0 or undetermined(run), run.output


_LISTS = 'NAMES = ["a", "b"]\nONE = ["a"]\nTUP = ("a", "b")\n\n\nclass C:\n    L = ["a", "b"]\n'


@pytest.mark.parametrize("guard, given", [
    ('s.split(",") == NAMES', 's = "a,b"'),
    ('NAMES == s.split(",")', 's = "a,b"'),
    ("s.split() == NAMES", 's = "a b"'),
    ('s.rsplit(",") == NAMES', 's = "a,b"'),
    ("s.splitlines() == NAMES", 's = "a\\nb"'),
    ('s.split(",") == C.L', 's = "a,b"'),
    ('s.split(",") in (NAMES, TUP)', 's = "a,b"'),
])
def test_a_computed_list_equals_a_list_constant(cli, tmp_path, guard, given):
    # round 36: clean (forbid 'HIT'), the split taken as never equal to the list constant; every run
    # returns 'HIT'
    run = _guarded(cli, tmp_path, "s", guard, _FORBID, given, _LISTS)
    assert run.exit_code == 1 and "undetermined" not in run.output, run.output


@pytest.mark.parametrize("guard", ['s.split(",") == TUP', 's.split(",") != NAMES'])
def test_a_computed_list_is_still_no_tuple(cli, tmp_path, guard):
    # a list never equals a tuple: every run returns 'MISS'
    run = _guarded(cli, tmp_path, "s", guard, _FORBID, 's = "a,b"', _LISTS)
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("guard", [
    's == "aa" and s.translate({97: "b"}) != "bb"',
    's == "3" and int(s).numerator != 3',
    's == "abc" and s.__len__() != 3',
    's == "a,b" and s.split(",") != NAMES',
    's == "abc" and s[len("a"):] != "bc"',
])
def test_a_method_of_an_input_at_a_point_is_python_s(cli, tmp_path, guard):
    # where a guard fixes the input (`s == "aa"`), its method is the str's: no run returns 'HIT'
    # (round 36: `s.translate(...)` was free there, "got 'HIT'" with s "aa")
    mod = f"{_LISTS}\n\ndef f(s):\n    if {guard}:\n        return 'HIT'\n    return 'MISS'\n"
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", _FORBID + "\n")
    assert run.exit_code == 0 or undetermined(run), run.output


def test_a_relation_of_methods_of_inputs_at_points_is_no_input(cli, tmp_path):
    # a "X", b "x": `a.lower() != b.lower()` never holds (round 36: free, "got 'HIT'")
    mod = "def f(a, b):\n    if a == 'X' and b == 'x' and a.lower() != b.lower():\n        return 'HIT'\n    return 'MISS'\n"
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "f", _FORBID + "\n")
    assert run.exit_code == 0 or undetermined(run), run.output


@pytest.mark.parametrize("guard", ['s.split(",") not in {"a"}', 'sorted(s) in {"a"}', 's.splitlines() in {"a", "b"}'])
def test_a_list_looked_up_in_a_set_display_is_no_item_by_item_comparison(cli, tmp_path, guard):
    # round 36 (helper's leftover): clean for `expect 'HIT'` with `s = "a,b"`; Python hashes the list first: TypeError
    source = f"def pick(s):\n    if {guard}:\n        return 'HIT'\n    return 'MISS'\n"
    (tmp_path / "mod.py").write_text(source)
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "pick"\nexpect = "\'HIT\'"\n[rule.given]\ns = "a,b"\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    assert run.exit_code == 1, run.output
