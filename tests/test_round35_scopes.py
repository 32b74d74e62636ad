"""Round 35 (an exploratory helper): where a name or a call of the tree's own code is resolved.

- A nested function's free name was read as the module's global although the enclosing function
  binds that name (anywhere in its body: later, or only in dead code). Python decides the scope
  statically: the name is the enclosing function's cell, empty when the nested function runs
  first, and the read raises NameError. `check` said clean for an outcome no run gives.
- A call of the tree's function with `**{...}` (a dict display, `**{}` too) was not bound and read
  as a free input: a definite violation gave `make_backend(**{...})` a value it never returns. The
  keywords of a dict the model holds are bound by name; a call of the tree's code the model does
  not follow (arguments it cannot bind, a recursive call) is unknown, never an input.
- `getattr(__import__("mod"), "g")("x")`, `importlib.import_module("mod").g("x")`: the tree's `g`,
  read as a free input; the module is now the one `import mod` gives."""

import pytest

from test_round32_check import check_tree, undetermined

_EXPECT = "expect = \"'{}'\"\n"


# ---------------------------------------------------------------- 15: a free name of a nested function

_LATER = '''
    BACKEND = "FLASH_ATTN"


    def select(cfg):
        def is_flash():
            return BACKEND == "FLASH_ATTN"

        if is_flash():
            return "FLASH"
        BACKEND = cfg.backend
        return "OTHER"
'''


def test_a_nested_function_reads_the_enclosing_cell_bound_later_not_the_global(cli, tmp_path):
    # round 35: clean for expect 'FLASH'; select(cfg) raises NameError (BACKEND is select's, unbound yet)
    run = check_tree(cli, tmp_path, {"mod.py": _LATER}, "mod.py", "select", _EXPECT.format("FLASH"))
    assert run.exit_code == 1 and "raise NameError" in run.output and "undetermined" not in run.output, run.output


_DEAD = '''
    BACKEND = "FLASH_ATTN"


    def select():
        def current():
            return BACKEND
        if current() == "FLASH_ATTN":
            return "FLASH"
        return "OTHER"
        BACKEND = "unreachable"
'''


def test_a_binding_in_dead_code_makes_the_name_the_enclosing_functions(cli, tmp_path):
    # round 35: clean for expect 'FLASH'; select() raises NameError (the dead `BACKEND =` makes it a local)
    run = check_tree(cli, tmp_path, {"mod.py": _DEAD}, "mod.py", "select", _EXPECT.format("FLASH"))
    assert run.exit_code == 1 and "raise NameError" in run.output, run.output


_TWO_LEVELS = '''
    MODE = "G"


    def select(late):
        def outer():
            def inner():
                return MODE
            return inner()
        if not late:
            MODE = "L"
        if outer() == "G":
            return "GLOBAL"
        return "LOCAL"
'''


def test_a_function_nested_two_deep_reads_the_outermost_functions_cell(cli, tmp_path):
    # select(False) returns 'LOCAL' (inner reads select's MODE through outer), select(True) raises
    # NameError; 'GLOBAL' is never returned (the model read the module's MODE: clean for forbid-free)
    run = check_tree(cli, tmp_path, {"mod.py": _TWO_LEVELS}, "mod.py", "select", "given = { late = false }\n"
                     + _EXPECT.format("LOCAL"))
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, {"mod.py": _TWO_LEVELS}, "mod.py", "select", "given = { late = true }\n"
                     + _EXPECT.format("GLOBAL"))
    assert run.exit_code == 1 and "raise NameError" in run.output, run.output


_GLOBAL_DECLARED = '''
    MODE = "G"


    def select():
        MODE = "L"
        def outer():
            global MODE
            def inner():
                return MODE
            return inner()
        if outer() == "L":
            return "LOCAL"
        return "OTHER"
'''


def test_a_global_declaration_between_makes_the_nested_read_the_modules(cli, tmp_path):
    # select() returns 'OTHER' while the module's MODE is 'G': inner's MODE is the module's, not
    # select's 'L' (a guard of the scope rule: `global` in outer hides select's cell from inner)
    run = check_tree(cli, tmp_path, {"mod.py": _GLOBAL_DECLARED}, "mod.py", "select",
                     "given = { MODE = \"G\" }\n" + _EXPECT.format("OTHER"))
    assert run.exit_code == 0, run.output


_CONDITIONAL = '''
    MODE = "G"


    def select(flag):
        def current():
            return MODE
        if flag:
            MODE = "L"
        if current() == "G":
            return "GLOBAL"
        return "LOCAL"
'''


def test_a_cell_bound_on_some_paths_raises_name_error_on_the_others(cli, tmp_path):
    # select(True) is 'LOCAL', select(False) raises NameError; 'GLOBAL' is never returned
    run = check_tree(cli, tmp_path, {"mod.py": _CONDITIONAL}, "mod.py", "select", "forbid = [\"'GLOBAL'\"]\n")
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, {"mod.py": _CONDITIONAL}, "mod.py", "select",
                     "given = { flag = false }\n" + _EXPECT.format("LOCAL"))
    assert run.exit_code == 1 and "raise NameError" in run.output, run.output


# ---------------------------------------------------------------- 14: calls of the tree's code it does not bind

_BACKEND = '''
    def make_backend(name, kv_dtype="auto"):
        if kv_dtype == "fp8":
            return name + "_FP8"
        return name


    def pick():
        if {call} == "FLASH_FP8":
            return "FP8_PATH"
        return "PLAIN"
'''


@pytest.mark.parametrize("call", ['make_backend(**{"name": "FLASH", "kv_dtype": "fp8"})',
                                  'make_backend("FLASH", **{"kv_dtype": "fp8"})',
                                  'make_backend("FLASH", **{}, kv_dtype="fp8")',
                                  'make_backend(**{"name": "FLASH"}, **{"kv_dtype": "fp8"})'])
def test_keywords_of_a_dict_display_are_bound_by_name(cli, tmp_path, call):
    # round 35: "expected 'FP8_PATH' got 'PLAIN'" with `make_backend(**{...})=other than "FLASH_FP8"`;
    # pick() always returns 'FP8_PATH'
    run = check_tree(cli, tmp_path, {"mod.py": _BACKEND.format(call=call)}, "mod.py", "pick", _EXPECT.format("FP8_PATH"))
    assert run.exit_code == 0, run.output


def test_an_empty_dict_display_binds_nothing(cli, tmp_path):
    # round 35: `make_backend('FLASH', **{})=other than "FLASH"` gave 'OTHER'; pick() is 'PLAIN'
    source = _BACKEND.format(call='make_backend("FLASH", **{})').replace('"FLASH_FP8"', '"FLASH"')
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", _EXPECT.format("FP8_PATH"))
    assert run.exit_code == 0, run.output  # (the first branch, `== "FLASH"`, returns 'FP8_PATH')


def test_a_keyword_given_twice_through_a_dict_display_raises_type_error(cli, tmp_path):
    # make_backend(kv_dtype="x", **{"kv_dtype": "fp8"}) raises TypeError before the call, every run
    # (a guard: binding the dict's keywords by name must keep the duplicate that raises)
    source = _BACKEND.format(call='make_backend("FLASH", kv_dtype="x", **{"kv_dtype": "fp8"})')
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", _EXPECT.format("FP8_PATH"))
    assert run.exit_code == 1 and "raise TypeError" in run.output and "undetermined" not in run.output, run.output


def test_a_dict_display_with_a_key_that_is_no_string_raises_type_error(cli, tmp_path):
    # make_backend(**{1: "x"}) raises TypeError ("keywords must be strings"), every run
    source = _BACKEND.format(call='make_backend("FLASH", **{1: "x"})')
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", _EXPECT.format("PLAIN"))
    assert run.exit_code == 1 and "raise TypeError" in run.output, run.output


@pytest.mark.parametrize("call", ['make_backend("FLASH", **{"name": "FLASH"})', "make_backend()",
                                  'make_backend("FLASH", **{"other": 1})'])
def test_a_call_of_the_trees_function_it_cannot_bind_is_unknown_not_an_input(cli, tmp_path, call):
    # each raises TypeError when run; the model read the call as a free input and gave a definite
    # "expected 'FP8_PATH' got 'PLAIN'" with a value make_backend never returns
    run = check_tree(cli, tmp_path, {"mod.py": _BACKEND.format(call=call)}, "mod.py", "pick", _EXPECT.format("FP8_PATH"))
    assert run.exit_code == 0 or undetermined(run), run.output


def test_a_recursive_call_is_unknown_not_an_input(cli, tmp_path):
    # pick() always returns 'THREE' (depth(3) == 3); `1 + depth(2)` was free, `<3|>3` in a counterexample
    source = '''
        def depth(n):
            if n <= 0:
                return 0
            return 1 + depth(n - 1)


        def pick():
            if depth(3) == 3:
                return "THREE"
            return "OTHER"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", _EXPECT.format("THREE"))
    assert run.exit_code == 0 or undetermined(run), run.output


_IMPORTED = '''
    import importlib


    def g(a, b="y"):
        return a + b


    def pick():
        if {call} == "xy":
            return "XY"
        return "OTHER"
'''


@pytest.mark.parametrize("call", ["getattr(__import__('mod'), 'g')('x')", "__import__('mod').g('x')",
                                  "importlib.import_module('mod').g('x')"])
def test_a_module_of_the_tree_imported_by_a_call_resolves_into_its_code(cli, tmp_path, call):
    # round 35: `g('x')=other than "xy"` gave 'OTHER'; pick() always returns 'XY'
    run = check_tree(cli, tmp_path, {"mod.py": _IMPORTED.format(call=call)}, "mod.py", "pick", _EXPECT.format("XY"))
    assert run.exit_code == 0, run.output


def test_a_module_imported_by_a_name_the_model_cannot_read_is_unknown(cli, tmp_path):
    # `importlib.import_module(name)` may be the tree's module: pick('mod') is 'XY', no input decides it
    source = _IMPORTED.format(call="importlib.import_module(name).g('x')").replace("def pick():", "def pick(name):")
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", _EXPECT.format("OTHER"))
    assert undetermined(run), run.output
