"""Round 27: values and statements Python refuses or walks later. Each case once had a definite
verdict that running the code contradicted: a raising operation taken as succeeding, a dict
changed through another name, a generator read when it was made."""

import pytest
from test_soundness import _diff_tree, check

_FORBID_X = 'forbid = ["\'X\'"]\n'


def _always(body: str) -> str:
    """`f()` running `body`, then returning "X"."""
    return "def f():\n" + "".join(f"    {line}\n" for line in body.splitlines()) + '    return "X"\n'


# ---------------------------------------------------------------- a dict changed through another name


@pytest.mark.parametrize("change", [
    'e = d\n    e |= {"k": 2}',
    'hold = [d]\n    hold[0] |= {"k": 2}',
    'g(d)',
])
def test_a_dict_updated_in_place_through_another_name_is_seen(cli, tmp_path, change):
    # round 27: `e |= {...}` rebound `e` alone; `d["k"]` read the dict as it was ("got 'X'")
    run = check(cli, tmp_path, f'''
def g(x):
    x |= {{"k": 2}}

def f():
    d = {{"k": 1}}
    {change}
    if d["k"] == 1:
        return "X"
    return "Y"
''', _FORBID_X)
    assert "got       'X'" not in run.output or "undetermined" in run.output, run.output


def test_a_dict_updated_in_place_by_its_only_name_is_the_merge(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f():
            d = {"k": 1}
            d |= {"k": 2}
            if d["k"] == 2:
                return "X"
            return "Y"
    ''', _FORBID_X)
    assert run.exit_code == 1 and "got       'X'" in run.output and "undetermined" not in run.output, run.output


# ---------------------------------------------------------------- a generator walks its source when walked


@pytest.mark.parametrize("source", [
    '''
def f(use_flash):
    cands = ["triton"]
    it = (c for c in cands)
    if use_flash:
        cands.insert(0, "flash")
    if next(it) == "triton":
        return "X"
    return "Y"
''',
    '''
def f(use_flash):
    xs = ["a"]
    g = iter(xs)
    xs.insert(0, "b")
    if next(g) == "a":
        return "X"
    return "Y"
''',
    '''
def f(use_flash):
    xs = ["a"]
    g = enumerate(xs)
    xs.append("b")
    if len(list(g)) == 1:
        return "X"
    return "Y"
''',
    '''
def f(use_flash):
    xs = ["a", "b"]
    want = "a"
    g = (x for x in xs if x == want)
    want = "b"
    if next(g) == "a":
        return "X"
    return "Y"
''',
])
def test_a_generator_bound_to_a_name_sees_what_changes_before_it_is_walked(cli, tmp_path, source):
    # round 27: its items were computed where it was made: `cands.insert(0, "flash")` after it
    # was missed, and "got 'X'" was definite (Python gives 'Y' there)
    run = check(cli, tmp_path, source, 'forbid = ["\'X\'"]\n[rule.given]\nuse_flash = true\n')
    assert "got       'X'" not in run.output or "undetermined" in run.output, run.output


def test_a_generator_walked_by_the_next_statement_keeps_its_items(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f():
            cands = ["triton"]
            it = (c for c in cands)
            if next(it) == "triton":
                return "X"
            return "Y"
    ''', _FORBID_X)
    assert run.exit_code == 1 and "got       'X'" in run.output and "undetermined" not in run.output, run.output


# ---------------------------------------------------------------- writes a str, tuple or set refuses


@pytest.mark.parametrize("body", [
    's = "ab"\ns[0] = "c"',
    't = (["a"],)\nt[0] += ["b"]',
    't = ("a",)\nt.x = 1',
    's = "ab"\ns.mode = 1',
    'd = {"a": 1}\nsetattr(d, "m", 1)',
])
def test_an_item_or_attribute_write_python_refuses_raises(cli, tmp_path, body):
    # round 27: each was a write, and "got 'X'" definite; every call raises
    run = check(cli, tmp_path, _always(body), _FORBID_X)
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("body", [
    'order = ("flash", "triton")\norder[0] = "triton"',
    't = ("a", "b")\ndel t[0]',
    't = ("a",)\nt.append("c")',
])
def test_an_item_write_to_a_tuple_literal_may_raise(cli, tmp_path, body):
    # round 27: a tuple of literals may be a module's list the model keeps as one: undetermined
    run = check(cli, tmp_path, _always(body), _FORBID_X)
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


def test_a_list_a_string_method_returns_takes_item_writes(cli, tmp_path):
    # round 27: `"a b".split()` was a tuple: its item write and `append` were ignored
    run = check(cli, tmp_path, '''
        def f():
            parts = "a b".split()
            parts.append("c")
            if len(parts) == 3:
                return "X"
            return "Y"
    ''', _FORBID_X)
    assert run.exit_code == 1 and "got       'X'" in run.output and "undetermined" not in run.output, run.output


# ---------------------------------------------------------------- a key or an index that is not there


@pytest.mark.parametrize("body", [
    'd = {}\nd.pop("k")',
    's = {"x"}\ns.remove("y")',
    'a = ["x"]\na[3] = "y"',
    'a = ["x"]\ndel a[3]',
    'd = {"a": "X"}\ndel d["b"]',
])
def test_removing_what_is_not_there_raises(cli, tmp_path, body):
    # round 27: KeyError / IndexError missed: "got 'X'" definite, every call raises
    run = check(cli, tmp_path, _always(body), _FORBID_X)
    assert run.exit_code == 0, run.output


def test_a_deleted_key_is_gone(cli, tmp_path):
    # round 27: `del d["b"]` wrote an unknown value there: `"b" in d` still held
    run = check(cli, tmp_path, '''
        def f():
            d = {"a": 1, "b": 2}
            del d["b"]
            if "b" in d:
                return "X"
            return "Y"
    ''', _FORBID_X)
    assert "got       'X'" not in run.output or "undetermined" in run.output, run.output


# ---------------------------------------------------------------- keys Python cannot hash


@pytest.mark.parametrize("body", ['d = {["a"]: 1}', 'd = {}\nd[["x"]] = 1', 's = {"a", ("b", ["c"])}'])
def test_an_unhashable_key_or_set_item_raises(cli, tmp_path, body):
    # round 27: a list display as a key was read as a tuple of its items, and the dict built
    run = check(cli, tmp_path, _always(body), _FORBID_X)
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- statements that raise though unread


@pytest.mark.parametrize("body", [
    'lo = min([])',
    'a, b = ["x", "y", "z"]',
    'a, *m, c = ["a"]',
    'x = "a".nope',
    'g = None\ng()',
    'x = None\nfor i in x:\n    pass',
    'x = dict(a=1, **{"a": 2})',
])
def test_a_statement_of_constants_that_always_raises_raises_unread(cli, tmp_path, body):
    # round 27: its value was unknown, and an unknown value no guard reads never raised
    run = check(cli, tmp_path, _always(body), _FORBID_X)
    assert run.exit_code == 0, run.output


def test_a_list_plus_a_tuple_is_no_definite_value(cli, tmp_path):
    run = check(cli, tmp_path, _always('x = ["a"] + ("b",)'), _FORBID_X)
    assert run.exit_code == 0 or "undetermined" in run.output, run.output


# ---------------------------------------------------------------- `__slots__`


_SLOTTED = '''
class Opts:
    __slots__ = ("x",)


def f(n):
    o = Opts()
    o.big = n > 4
    if o.big:
        return "X"
    return "Y"
'''


def test_writing_an_attribute_a_slotted_class_lacks_raises(cli, tmp_path):
    # round 27: AttributeError missed (round 19 had the frozen dataclass only)
    run = check(cli, tmp_path, _SLOTTED, 'forbid = ["\'X\'", "\'Y\'"]\n')
    assert run.exit_code == 0, run.output
    (tmp_path / "s").mkdir()
    run = check(cli, tmp_path / "s", _SLOTTED.replace('("x",)', '("x", "big")'), 'forbid = ["\'X\'", "\'Y\'"]\n')
    assert run.exit_code == 1, run.output  # a slot of its own: written


def test_slots_added_to_a_class_is_no_unchanged_decision(cli, tmp_path):
    old = _SLOTTED.replace('    __slots__ = ("x",)', "    pass")
    run = _diff_tree(cli, tmp_path, {"sel.py": old}, {"sel.py": _SLOTTED})
    # (round 35: the write `o.big = n > 4` to the object the function made is read back exactly: the
    # change is compared, 'X'/'Y' -> AttributeError; before, not compared)
    assert "0 decisions changed" not in run.output and run.exit_code == 1, run.output
    assert "(1 compared)" not in run.output or "raise AttributeError" in run.output, run.output
