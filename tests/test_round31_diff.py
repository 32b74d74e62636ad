"""Round 31: `diff` over defaults that read globals (the decision's own `limit=LIMIT`, a helper's
default of a rebound global) and over decisions whose arms are a `try`'s handlers. Each case once
gave "0 decisions changed" or regions no run gives, where running both versions differs."""

import pytest
from test_soundness import _diff_tree


def _not_compared(run, why: str) -> None:
    assert run.exit_code == 1 and "1 not compared" in run.output and why in run.output, run.output


def _unchanged(run) -> None:
    assert run.exit_code == 0 and "0 decisions changed" in run.output and "not compared" not in run.output, run.output


# ---------------------------------------------------------------- 02: the decision's own default

_OWN = '''
LIMIT = 4


def pick(n, limit=LIMIT):
    if n > limit:
        return 'BIG'
    return 'SMALL'
'''


def test_an_own_default_naming_a_changed_constant_is_not_compared(cli, tmp_path):
    # round 31: LIMIT 4 -> 6 was "0 decisions changed"; pick(5) goes 'BIG' -> 'SMALL'
    run = _diff_tree(cli, tmp_path, {"m.py": _OWN}, {"m.py": _OWN.replace("LIMIT = 4", "LIMIT = 6")}, "--no-cache")
    _not_compared(run, "the default of `limit` (LIMIT) rests on `m.py::LIMIT`, which changed")


def test_an_own_default_naming_a_constant_rebound_after_the_def_is_not_compared(cli, tmp_path):
    # round 31: the default is LIMIT's value at the `def` (4 -> 6), whatever binds it later
    old = _OWN + "\n\nLIMIT = 8\n"
    run = _diff_tree(cli, tmp_path, {"m.py": old}, {"m.py": old.replace("LIMIT = 4", "LIMIT = 6")}, "--no-cache")
    _not_compared(run, "the default of `limit` (LIMIT) rests on `m.py::LIMIT`")


@pytest.mark.parametrize("imports, default", [("from c import LIMIT", "LIMIT"), ("import c", "c.LIMIT")])
def test_an_own_default_naming_a_changed_constant_of_another_module_is_not_compared(cli, tmp_path, imports, default):
    # round 31: c's LIMIT 4 -> 6, m.py touched by a comment only: "1 changed file with the same
    # syntax tree, reading none that changed: not modelled"
    m = _OWN.replace("LIMIT = 4", imports).replace("limit=LIMIT", f"limit={default}")
    run = _diff_tree(cli, tmp_path, {"m.py": m, "c.py": "LIMIT = 4\n"}, {"m.py": "# touched\n" + m, "c.py": "LIMIT = 6\n"},
                     "--no-cache")
    _not_compared(run, f"the default of `limit` ({default}) rests on `c.py::LIMIT`, which changed")


def test_an_own_default_naming_an_unchanged_constant_stays_unchanged_under_a_refactor(cli, tmp_path):
    # a pure refactor (the test turned around, another constant added) is no reason to give up
    new = _OWN.replace("if n > limit:", "if limit < n:").replace("LIMIT = 4", "LIMIT = 4\nOTHER = 1")
    run = _diff_tree(cli, tmp_path, {"m.py": _OWN}, {"m.py": new}, "--no-cache")
    _unchanged(run)


def test_an_own_default_of_another_module_stays_unchanged_where_only_another_name_changed(cli, tmp_path):
    # `c.LIMIT` rests on c's LIMIT, not on the whole of c
    m = _OWN.replace("LIMIT = 4", "import c").replace("limit=LIMIT", "limit=c.LIMIT")
    run = _diff_tree(cli, tmp_path, {"m.py": m, "c.py": "LIMIT = 4\nOTHER = 1\n"},
                     {"m.py": "# touched\n" + m, "c.py": "LIMIT = 4\nOTHER = 2\n"}, "--no-cache")
    _unchanged(run)


# ---------------------------------------------------------------- 01: a helper's default of a rebound global

_HELPER = '''
LIMIT = 4


def _big(n, limit=LIMIT):
    return n > limit


LIMIT = 8


def pick(n):
    if _big(n):
        return 'BIG'
    return 'SMALL'
'''


def test_a_helper_default_of_a_rebound_global_is_no_input_shared_by_both_versions(cli, tmp_path):
    # round 31: `<default of limit>` read the same text in both versions, "0 decisions changed";
    # LIMIT 4 -> 6 before the `def` makes pick(5) go 'BIG' -> 'SMALL'
    run = _diff_tree(cli, tmp_path, {"m.py": _HELPER}, {"m.py": _HELPER.replace("LIMIT = 4", "LIMIT = 6")}, "--no-cache")
    _not_compared(run, "`<default of limit>` rests on `m.py::LIMIT`, which changed")


@pytest.mark.parametrize("side", ["old", "new"])
def test_a_helper_default_rebound_in_one_version_alone_lists_no_region(cli, tmp_path, side):
    # round 31: `LIMIT = 8` below `_big` in one version only listed "when <default of limit> < n,
    # n <= 4: 'BIG' -> 'SMALL'"; the default is 4 in both, and no run changes path
    plain = _HELPER.replace("LIMIT = 8\n", "")
    old, new = (_HELPER, plain) if side == "old" else (plain, _HELPER)
    run = _diff_tree(cli, tmp_path, {"m.py": old}, {"m.py": new}, "--no-cache")
    _not_compared(run, f"`<default of limit>`, which the {side} version alone reads, rests on `m.py::LIMIT`, which changed")


def test_a_helper_default_of_a_rebound_global_stays_unchanged_where_its_definitions_are_the_same(cli, tmp_path):
    # another function of the file edited: `<default of limit>` rests on the same LIMIT in both
    run = _diff_tree(cli, tmp_path, {"m.py": _HELPER + "\n\ndef other():\n    return 1\n"},
                     {"m.py": _HELPER + "\n\ndef other():\n    return 2\n"}, "--no-cache")
    _unchanged(run)


# ---------------------------------------------------------------- 03: returns in a `try`'s arms, a `with`

_TRY = '''
class Unsupported(ValueError):
    pass


def _probe(dtype):
    if dtype == 'fp8':
        raise Unsupported(dtype)
    return 'flash'


def pick(dtype):
BODY
'''

_SHAPES = {
    "except": "    try:\n        _probe(dtype)\n    except ValueError:\n        return 'TORCH'\n    return 'FLASH'",
    "else": "    try:\n        _probe(dtype)\n    except ValueError:\n        return 'TORCH'\n    else:\n        return 'FLASH'",
    "with": ("    import contextlib\n    with contextlib.suppress(ValueError):\n        _probe(dtype)\n        return 'FLASH'\n"
             "    return 'TORCH'"),
}


@pytest.mark.parametrize("shape", sorted(_SHAPES))
def test_a_decision_whose_arms_are_a_try_or_with_is_compared(cli, tmp_path, shape):
    # round 31: `return 'TORCH'` in an `except` beside `return 'FLASH'` was no candidate: renaming
    # the outcome was "0 decisions changed (0 compared)"
    old = _TRY.replace("BODY", _SHAPES[shape])
    run = _diff_tree(cli, tmp_path, {"m.py": old}, {"m.py": old.replace("'FLASH'", "'FLASH2'")}, "--no-cache")
    assert run.exit_code == 1 and "0 compared" not in run.output and "pick" in run.output, run.output


def test_a_decision_whose_handler_catches_less_is_not_compared(cli, tmp_path):
    # round 31: `Unsupported` no longer a ValueError: pick('fp8') went 'TORCH' -> raises, and the diff
    # said "0 decisions changed (0 compared)"
    old = _TRY.replace("BODY", _SHAPES["except"])
    run = _diff_tree(cli, tmp_path, {"m.py": old}, {"m.py": old.replace("Unsupported(ValueError)", "Unsupported(RuntimeError)")},
                     "--no-cache")
    _not_compared(run, "pick")
