"""Round 51 (extractor): an `assert` taken to always run though `python -O` drops it; a plain
`*args, **kwargs` forwarding helper not followed (its `**kwargs` unknown); a module name bound
last, unconditionally, to a literal after an import or other code read as a free input, with
definite verdicts no run gives."""

import pytest

from test_round32_check import check_tree, undetermined

# ---------------------------------------------------------------- 01: `assert` under `python -O`

_ASSERTED = '''
    def decide(cfg):
        assert cfg.mode != "slow", "slow mode is gone"
        if cfg.mode == "slow":
            return "SLOW"
        return "FAST"
'''


def test_a_branch_an_assert_rules_out_fires_under_python_O(cli, tmp_path):
    # round 51: clean, and line 5 "can never fire"; `python -O` drops the assert: decide(slow) -> SLOW
    run = check_tree(cli, tmp_path, {"m.py": _ASSERTED}, "m.py", "decide", 'forbid = ["SLOW"]\n')
    assert run.exit_code == 1 and "scenario  __debug__=false, mode=\"slow\"" in run.output, run.output
    assert "can never fire" not in run.output, run.output


def test_a_rule_states_the_program_never_runs_optimized_by_a_debug_fact(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _ASSERTED}, "m.py", "decide", 'forbid = ["SLOW"]\n[rule.given]\n"__debug__" = true\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_an_asserts_test_runs_only_where_debug_holds(cli, tmp_path):
    # the test's call is not made under -O: `cfg.touched` stays False there
    source = '''
        def touch(cfg):
            cfg.touched = True
            return True


        def decide(cfg):
            cfg.touched = False
            assert touch(cfg)
            if cfg.touched:
                return "TOUCHED"
            return "UNTOUCHED"
    '''
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "decide", 'forbid = ["UNTOUCHED"]\n')
    assert run.exit_code == 1 and "scenario  __debug__=false" in run.output, run.output
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "decide", 'forbid = ["UNTOUCHED"]\n[rule.given]\n"__debug__" = true\n')
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 05: `*args, **kwargs` forwarding

_FORWARD = '''
    def _select(mode, fast=False, *, strict=False):
        if strict:
            return "STRICT"
        if fast:
            return "FAST"
        return "SLOW"


    def select(*args, **kwargs):
        return _select(*args, **kwargs)


    def decide(cfg):
        return select(cfg.mode, cfg.fast)


    def decide_kw(cfg):
        return select(cfg.mode, fast=cfg.fast, strict=cfg.strict)


    def count(mode, **kwargs):
        if kwargs.get("fast"):
            return "GOT_FAST"
        if kwargs:
            return "NONEMPTY"
        return "EMPTY"


    def decide_count(cfg):
        return count(cfg.mode)
'''


@pytest.mark.parametrize("function", ["decide", "decide_kw"])
def test_a_forwarding_helper_passes_its_keywords_on(cli, tmp_path, function):
    # round 51: undetermined, "the arguments of `_select` do not match its parameters"
    strict = '"cfg.strict" = false\n' if function == "decide_kw" else ""
    rule = 'forbid = ["FAST"]\n[rule.given]\n"cfg.fast" = false\n' + strict
    run = check_tree(cli, tmp_path, {"m.py": _FORWARD}, "m.py", function, rule)
    assert run.exit_code == 0 and "0 errors" in run.output, run.output
    rule = 'forbid = ["FAST"]\n[rule.given]\n"cfg.fast" = true\n' + strict
    run = check_tree(cli, tmp_path, {"m.py": _FORWARD}, "m.py", function, rule)
    assert run.exit_code == 1 and not undetermined(run) and "got       'FAST'" in run.output, run.output


def test_a_keywords_dict_of_a_call_giving_none_is_empty(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _FORWARD}, "m.py", "decide_count", 'expect = "EMPTY"\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_an_unknown_keywords_dict_is_shown_once_starred(cli, tmp_path):
    (tmp_path / "m.py").write_text("def decide(cfg, *args, **kwargs):\n    return cfg.pick(*args, **kwargs)\n")
    run = cli("explain", "m.py::decide", "--root", tmp_path)
    assert "cfg.pick(<*args>, <**kwargs>)" in run.output and "**<**" not in run.output, run.output


# ---------------------------------------------------------------- 03: a name bound last to a literal

_PICK = '''
    {head}


    def decide():
        if MODE == "sub":
            return "SUB"
        return "OTHER"
'''


@pytest.mark.parametrize("head", [
    'from sub import MODE\n    MODE = "override"',
    'MODE = "sub"\n    import json\n    MODE = "override"',
    'import json as MODE\n    MODE = "override"',
    'def MODE():\n        pass\n    MODE = "override"',
    'import os\n    MODE = os.environ.get("M", "sub")\n    print("x")\n    MODE = "override"',
    'try:\n        import flash_attn\n        MODE = "sub"\n    except ImportError:\n        MODE = "sub"\n    MODE = "override"',
    'try:\n        import flash_attn\n        MODE = "sub"\n    except ImportError:\n        MODE = "sub"\n    finally:\n        MODE = "override"',
])
def test_a_name_bound_last_to_a_literal_after_other_code_is_that_literal(cli, tmp_path, head):
    # round 51: a free input, and "violated" with MODE="sub", which no run gives (decide() -> OTHER)
    files = {"sub.py": 'MODE = "sub"\n', "m.py": _PICK.format(head=head)}
    run = check_tree(cli, tmp_path, files, "m.py", "decide", 'forbid = ["SUB"]\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_a_name_bound_last_is_that_literal_in_a_module_importing_it(cli, tmp_path):
    files = {"sub.py": 'MODE = "sub"\n', "m.py": 'from sub import MODE\nMODE = "override"\n',
             "c.py": _PICK.format(head="from m import MODE")}
    run = check_tree(cli, tmp_path, files, "c.py", "decide", 'forbid = ["SUB"]\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_a_packages_name_bound_last_is_that_literal_through_the_package(cli, tmp_path):
    files = {"pkg/__init__.py": 'from .sub import MODE\nMODE = "override"\n', "pkg/sub.py": 'MODE = "sub"\n',
             "m.py": '''
        def decide():
            import pkg.sub
            if pkg.MODE == "sub":
                return "SUB"
            return "OTHER"
    '''}
    run = check_tree(cli, tmp_path, files, "m.py", "decide", 'forbid = ["SUB"]\n')
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_a_name_bound_last_with_module_code_run_between_is_unknown(cli, tmp_path):
    # `setup()` runs `decide()` while MODE is still "sub": that call returns SUB
    head = 'MODE = "sub"\n    def setup():\n        return decide()\n    setup()\n    MODE = "override"'
    files = {"m.py": _PICK.format(head=head)}
    run = check_tree(cli, tmp_path, files, "m.py", "decide", 'forbid = ["SUB"]\n')
    assert undetermined(run) and "bound more than once, with code between" in run.output, run.output


def test_a_name_a_function_may_rebind_stays_an_input(cli, tmp_path):
    head = 'from sub import MODE\n    MODE = "override"\n    def enable():\n        global MODE\n        MODE = "sub"'
    files = {"sub.py": 'MODE = "sub"\n', "m.py": _PICK.format(head=head)}
    run = check_tree(cli, tmp_path, files, "m.py", "decide", 'forbid = ["SUB"]\n')
    assert run.exit_code == 1 and "0 errors" not in run.output, run.output


def test_a_name_another_module_writes_is_not_folded(cli, tmp_path):
    files = {"sub.py": 'MODE = "sub"\n', "m.py": _PICK.format(head='from sub import MODE\n    MODE = "override"'),
             "boot.py": 'import m\nm.MODE = "sub"\n'}
    run = check_tree(cli, tmp_path, files, "m.py", "decide", 'forbid = ["SUB"]\n')
    assert run.exit_code == 1 and "0 errors" not in run.output, run.output
