"""Round 32: `diff` over what a global's value rests on: a module-level alias of a function or a
class rebound, a flag bound in a `try`'s handlers, names bound by star imports (added, reordered,
filtered by `__all__`), and a module-level call in another file of a function that sets a flag.
Each case once gave "0 decisions changed" where running both versions differs."""

import pytest
from test_soundness import _diff_tree


def _not_compared(run, why: str) -> None:
    assert run.exit_code == 1 and "1 not compared" in run.output and why in run.output, run.output


def _changed(run, *regions: str) -> None:
    assert run.exit_code == 1 and "1 decision changed" in run.output and "not compared" not in run.output, run.output
    for region in regions:
        assert region in run.output, run.output


def _unchanged(run) -> None:
    assert run.exit_code == 0 and "0 decisions changed" in run.output and "not compared" not in run.output, run.output


# ---------------------------------------------------------------- 01: an alias rebound

_ALIAS = '''
def _cuda(a):
    return a


def _rocm(a):
    return not a


_ok = _cuda


def pick(a):
    if _ok(a):
        return 'FLASH'
    return 'TORCH'
'''


def test_a_function_alias_rebound_is_compared(cli, tmp_path):
    # round 32: `_ok = _cuda` -> `_ok = _rocm` was "0 decisions changed"; pick(True) FLASH -> TORCH
    run = _diff_tree(cli, tmp_path, {"sel.py": _ALIAS}, {"sel.py": _ALIAS.replace("_ok = _cuda", "_ok = _rocm")}, "--no-cache")
    _changed(run, "when a=true:\n        'FLASH' (line 15)  ->  'TORCH' (line 16)",
             "when a=false:\n        'TORCH' (line 16)  ->  'FLASH' (line 15)")


def test_a_function_alias_of_another_module_rebound_is_compared(cli, tmp_path):
    # round 32: h's `ok = _v1` -> `ok = _v2`, sel.py doing `from h import ok`: "0 decisions changed"
    sel = "from h import ok\n\n\ndef pick(a):\n    if ok(a):\n        return 'FAST'\n    return 'SLOW'\n"
    h = "def _v1(a):\n    return a\n\n\ndef _v2(a):\n    return not a\n\n\nok = _v1\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": sel, "h.py": h},
                     {"sel.py": sel + "\n\ndef other():\n    return 1\n", "h.py": h.replace("ok = _v1", "ok = _v2")}, "--no-cache")
    _changed(run, "when a=true:\n        'FAST' (line 6)  ->  'SLOW' (line 7)")


def test_a_function_alias_unchanged_stays_unchanged(cli, tmp_path):
    # the alias the same, another function added: nothing to give up on
    run = _diff_tree(cli, tmp_path, {"sel.py": _ALIAS}, {"sel.py": _ALIAS + "\n\ndef other():\n    return 1\n"}, "--no-cache")
    _unchanged(run)


# ---------------------------------------------------------------- 02: a flag bound in a `try`

_TRY = '''
try:
    from os import path
    HAS_X = True
except ImportError:
    HAS_X = False


def pick(want):
    if want and HAS_X:
        return 'FANCY'
    return 'PLAIN'
'''


@pytest.mark.parametrize("old, new", [("from os import path", "from os import no_such_name"),
                                      ("from os import path", "import missing_module")])
def test_a_flag_bound_in_a_try_whose_body_changed_is_not_compared(cli, tmp_path, old, new):
    # round 32: the import now raises, HAS_X False: pick(True) FANCY -> PLAIN, was "0 decisions changed"
    run = _diff_tree(cli, tmp_path, {"sel.py": _TRY}, {"sel.py": _TRY.replace(old, new)}, "--no-cache")
    _not_compared(run, "`HAS_X` rests on `sel.py::HAS_X`, which changed")


def test_a_flag_bound_in_a_try_importing_a_changed_module_of_the_tree_is_not_compared(cli, tmp_path):
    # round 32: pkg/fancy.py now raises on import; sel.py touched by a comment
    sel = _TRY.replace("from os import path", "from pkg import fancy")
    run = _diff_tree(cli, tmp_path, {"sel.py": sel, "pkg/__init__.py": "", "pkg/fancy.py": "X = 1\n"},
                     {"sel.py": "# touched\n" + sel, "pkg/__init__.py": "", "pkg/fancy.py": "X = 1\nraise ImportError('gone')\n"},
                     "--no-cache")
    _not_compared(run, "`HAS_X` rests on `pkg/fancy.py::*`, which changed")


def test_a_flag_bound_in_a_try_whose_body_is_the_same_stays_unchanged(cli, tmp_path):
    run = _diff_tree(cli, tmp_path, {"sel.py": _TRY}, {"sel.py": _TRY + "\n\ndef other():\n    return 1\n"}, "--no-cache")
    _unchanged(run)


# ---------------------------------------------------------------- 04, 05: star imports

_STAR_SEL = "from pkg import ok\n\n\ndef pick(a):\n    if ok(a):\n        return 'FAST'\n    return 'SLOW'\n"
_STAR_A = "def ok(a):\n    return a\n"
_STAR_B = "def ok(a):\n    return not a\n"


@pytest.mark.parametrize("old_init, new_init", [("from .a import *\n", "from .a import *\nfrom .b import *\n"),
                                                ("from .a import *\nfrom .b import *\n", "from .b import *\nfrom .a import *\n")])
def test_a_name_a_package_binds_by_star_imports_added_or_reordered_is_compared(cli, tmp_path, old_init, new_init):
    # round 32: a second `from .b import *` (or the two swapped) rebinds `ok`: pick(True) FAST -> SLOW
    # (or back), was "0 decisions changed"
    # (sel.py touched: only the decisions of files that differ are compared)
    files = {"pkg/a.py": _STAR_A, "pkg/b.py": _STAR_B}
    run = _diff_tree(cli, tmp_path, {**files, "sel.py": _STAR_SEL, "pkg/__init__.py": old_init},
                     {**files, "sel.py": "# touched\n" + _STAR_SEL, "pkg/__init__.py": new_init}, "--no-cache")
    assert run.exit_code == 1 and "1 decision changed" in run.output and "2 of 2 configurations change path" in run.output, run.output


def test_a_star_import_source_gaining_all_is_not_compared(cli, tmp_path):
    # round 32: `__all__ = []` added to a.py stops `from pkg.a import *` rebinding sel's own `ok`:
    # pick(True) SLOW -> FAST, was "0 decisions changed"
    sel = "def ok(a):\n    return a\n\n\nfrom pkg.a import *\n\n\ndef pick(a):\n    if ok(a):\n        return 'FAST'\n    return 'SLOW'\n"
    a = "def ok(a):\n    return not a\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": sel, "pkg/__init__.py": "", "pkg/a.py": a},
                     {"sel.py": sel + "\n\ndef other():\n    return 1\n", "pkg/__init__.py": "", "pkg/a.py": a + "\n__all__ = []\n"},
                     "--no-cache")
    _not_compared(run, "`ok` rests on `pkg/a.py::__all__`, which changed")


def test_star_imports_the_same_stay_unchanged(cli, tmp_path):
    files = {"pkg/__init__.py": "from .a import *\nfrom .b import *\n", "pkg/a.py": _STAR_A, "pkg/b.py": _STAR_B}
    run = _diff_tree(cli, tmp_path, {**files, "sel.py": _STAR_SEL},
                     {**files, "sel.py": _STAR_SEL + "\n\ndef other():\n    return 1\n"}, "--no-cache")
    _unchanged(run)


# ---------------------------------------------------------------- 06: a setter called from another module

_SETTER = '''
_FLAG = False


def enable():
    global _FLAG
    _FLAG = True


def pick(a):
    if _FLAG and a:
        return 'X'
    return 'Y'
'''


@pytest.mark.parametrize("boot", ["import sel\nsel.enable()\n", "from sel import enable\nenable()\n"])
def test_a_setter_newly_called_from_another_module_is_not_compared(cli, tmp_path, boot):
    # round 32: boot.py newly calls `sel.enable()`, sel.py untouched: pick was never looked at
    # ("0 decisions changed (0 compared)"); after `import boot`, pick(True) 'Y' -> 'X'
    old_boot = boot.splitlines()[0] + "\n"
    run = _diff_tree(cli, tmp_path, {"sel.py": _SETTER, "boot.py": old_boot}, {"sel.py": _SETTER, "boot.py": boot}, "--no-cache")
    _not_compared(run, "`_FLAG` rests on `sel.py::_FLAG`, which `boot.py` (calling `enable`) may change")


def test_a_module_calling_no_setter_leaves_the_unchanged_file_alone(cli, tmp_path):
    # boot.py newly calls `sel.pick`, which sets nothing: sel.py (the same text) is not looked at
    run = _diff_tree(cli, tmp_path, {"sel.py": _SETTER, "boot.py": "import sel\n"},
                     {"sel.py": _SETTER, "boot.py": "import sel\nsel.pick(True)\n"}, "--no-cache")
    assert run.exit_code == 0 and "0 decisions changed in 0 files (0 compared)" in run.output, run.output


def test_a_setter_module_outside_the_paths_asked_is_not_reported(cli, tmp_path):
    # boot/ newly calls `sel.enable()`; the diff asks about boot/ alone: sel.py's decisions, outside
    # it, are not looked at (a fused_moe diff listed vllm/utils/import_utils.py's)
    run = _diff_tree(cli, tmp_path, {"sel.py": _SETTER, "boot/run.py": "import sel\n"},
                     {"sel.py": _SETTER, "boot/run.py": "import sel\nsel.enable()\n"}, "--no-cache", "boot")
    assert run.exit_code == 0 and "0 decisions changed in 0 files (0 compared)" in run.output, run.output
    whole = _diff_tree(cli, tmp_path / "whole", {"sel.py": _SETTER, "boot/run.py": "import sel\n"},
                       {"sel.py": _SETTER, "boot/run.py": "import sel\nsel.enable()\n"}, "--no-cache")
    _not_compared(whole, "`_FLAG` rests on `sel.py::_FLAG`, which `boot/run.py` (calling `enable`) may change")
