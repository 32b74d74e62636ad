"""Round 36 (an exploratory helper): facts and tests of one thing read by another name.

- A fact on a membership the function does not test itself (`"'K' in os.environ" = false`) bound
  the atom but left `os.getenv("K", "")`, `os.environ.get("K", "0")` and `d.get("x", "a")` free:
  a scenario had K unset and `os.getenv("K", "")` "1". Now the lookups follow the fact as they
  follow the function's own `k in d` (their default where it is false, a string where it is true).
- `hasattr(cfg, "mode")` was free of `getattr(cfg, "mode", d)` and of facts on `cfg.mode`:
  scenarios had no attribute `mode` and `getattr` other than its default, or `cfg.mode` "flash"
  and no attribute `mode`. Now `hasattr` false makes `getattr` its default, and a fact giving
  `cfg.mode` (or `cfg.mode.kind`) a value, or a comparison of it that holds, makes `hasattr` true.
- `hasattr(self, "m")` of a class whose `__getattr__` answers every name was an input, false in
  a violation: it is what the class's code decides (unknown, never an input)."""

from test_round32_check import check_tree, undetermined

_ENV = '''
    import os
    from os import environ


    def by_getenv():
        if os.getenv("VLLM_X", "") == "1":
            return "ON"
        return "OFF"


    def by_int():
        v = os.environ.get("VLLM_X", "0")
        if int(v) > 0:
            return "ON"
        return "OFF"


    def by_name():
        if environ.get("VLLM_X", "0") != "0":
            return "ON"
        return "OFF"


    def unset():
        if os.getenv("VLLM_X") is None:
            return "UNSET"
        return "SET"


    def by_key(key):
        if os.environ.get(key, "") == "1":
            return "ON"
        return "OFF"


    def of_dict(d):
        if d.get("x", "a") == "b":
            return "B"
        return "A"
'''


def run_env(cli, tmp_path, function: str, rule: str):
    return check_tree(cli, tmp_path, {"mod.py": _ENV}, "mod.py", function, rule)


def test_a_variable_a_fact_unsets_is_its_default_in_getenv(cli, tmp_path):
    # round 36: violation "got 'ON'" with `'VLLM_X' in os.environ=false, os.getenv('VLLM_X', '')="1"`;
    # by_getenv() with VLLM_X unset is 'OFF'
    run = run_env(cli, tmp_path, "by_getenv", "expect = \"'OFF'\"\n[rule.given]\n\"'VLLM_X' in os.environ\" = false\n")
    assert run.exit_code == 0, run.output


def test_a_variable_a_fact_unsets_is_its_default_in_environ_get(cli, tmp_path):
    # round 36: violation with `int(os.environ.get('VLLM_X', '0'))=>0`; by_int() with VLLM_X unset is 'OFF'
    run = run_env(cli, tmp_path, "by_int", "expect = \"'OFF'\"\n[rule.given]\n\"'VLLM_X' in os.environ\" = false\n")
    assert run.exit_code == 0, run.output


def test_a_fact_written_not_in_unsets_the_variable_too(cli, tmp_path):
    # round 36: violation with VLLM_X not in the environment and getenv "1"; by_getenv() is 'OFF'
    run = run_env(cli, tmp_path, "by_getenv", "expect = \"'OFF'\"\n[rule.given]\n\"'VLLM_X' not in os.environ\" = true\n")
    assert run.exit_code == 0, run.output


def test_a_fact_on_the_environment_by_its_imported_name_unsets_the_variable(cli, tmp_path):
    # round 36: violation with `'VLLM_X' in environ=false` and `environ.get(...)` other than "0"; by_name() is 'OFF'
    run = run_env(cli, tmp_path, "by_name", "expect = \"'OFF'\"\n[rule.given]\n\"'VLLM_X' in environ\" = false\n")
    assert run.exit_code == 0, run.output


def test_a_variable_a_fact_sets_is_a_string_in_getenv(cli, tmp_path):
    # round 36: violation "got 'UNSET'" with VLLM_X in the environment and `os.getenv('VLLM_X')` None;
    # unset() with VLLM_X set to anything is 'SET'
    run = run_env(cli, tmp_path, "unset", "expect = \"'SET'\"\n[rule.given]\n\"'VLLM_X' in os.environ\" = true\n")
    assert run.exit_code == 0, run.output


def test_a_key_a_fact_names_is_unset_by_a_fact_on_its_literal(cli, tmp_path):
    # round 36: violation with `key="VLLM_X"`, VLLM_X unset and `os.environ.get(key, '')` "1"; by_key("VLLM_X") is 'OFF'
    run = run_env(cli, tmp_path, "by_key", "expect = \"'OFF'\"\n[rule.given]\nkey = \"VLLM_X\"\n\"'VLLM_X' in os.environ\" = false\n")
    assert run.exit_code == 0, run.output


def test_a_key_a_fact_takes_out_of_a_mapping_is_its_default_in_get(cli, tmp_path):
    # round 36: violation with `'x' in d=false` and `d.get('x', 'a')="b"`; of_dict(d) of a dict without "x" is 'A'
    run = run_env(cli, tmp_path, "of_dict", "expect = \"'A'\"\n[rule.given]\n\"'x' in d\" = false\n")
    assert run.exit_code == 0, run.output


def test_a_set_variable_may_still_take_the_other_path(cli, tmp_path):
    # by_getenv() with VLLM_X=1 is 'ON': the fact that it is set leaves that open
    run = run_env(cli, tmp_path, "by_getenv", "expect = \"'OFF'\"\n[rule.given]\n\"'VLLM_X' in os.environ\" = true\n")
    assert run.exit_code == 1 and "undetermined" not in run.output and "got       'ON'" in run.output, run.output


_ATTR = '''
    def pick(cfg):
        mode = getattr(cfg, "mode", "auto")
        if mode == "auto":
            return "AUTO"
        if hasattr(cfg, "mode") and cfg.mode == "flash":
            return "FLASH"
        return "OTHER"


    def pick2(cfg):
        if not hasattr(cfg, "mode"):
            return "NOATTR"
        if getattr(cfg, "mode", None) is None:
            return "NONE"
        return "SET"


    def kind(cfg):
        if not hasattr(cfg, "mode"):
            return "NOATTR"
        if cfg.mode.kind == "x":
            return "X"
        return "OTHER"


    def flash(cfg):
        if hasattr(cfg, "mode") and cfg.mode == "flash":
            return "FLASH"
        return "OTHER"


    def weird(cfg):
        if not hasattr(cfg, "mode") and getattr(cfg, "mode", None) is not None:
            return "WEIRD"
        return "OK"


    class Box:
        def __getattr__(self, name):
            return "dyn"

        def pick(self):
            if not hasattr(self, "mode"):
                return "NOATTR"
            return "HAS"
'''


def run_attr(cli, tmp_path, function: str, rule: str):
    return check_tree(cli, tmp_path, {"mod.py": _ATTR}, "mod.py", function, rule)


def test_getattr_is_its_default_where_hasattr_is_false(cli, tmp_path):
    # round 36: violation "got 'OTHER'" with `hasattr(cfg, 'mode')=false, mode=other than "auto"`;
    # pick(cfg) of a cfg without `mode` is 'AUTO'
    run = run_attr(cli, tmp_path, "pick", "expect = \"'AUTO'\"\n[rule.given]\n\"hasattr(cfg, 'mode')\" = false\n")
    assert run.exit_code == 0, run.output


def test_a_fact_giving_the_attribute_a_value_makes_hasattr_true(cli, tmp_path):
    # round 36: violation "got 'OTHER'" with `cfg.mode="flash", hasattr(cfg, 'mode')=false`; pick(cfg) of mode "flash" is 'FLASH'
    run = run_attr(cli, tmp_path, "pick", "expect = \"'FLASH'\"\n[rule.given]\n\"cfg.mode\" = \"flash\"\n")
    assert run.exit_code == 0, run.output


def test_an_attribute_other_than_getattrs_default_is_there(cli, tmp_path):
    # round 36: violation "got 'NOATTR'" with `cfg.mode="x", hasattr(cfg, 'mode')=false`; pick2(cfg) of mode "x" is 'SET'
    run = run_attr(cli, tmp_path, "pick2", "expect = \"'SET'\"\n[rule.given]\n\"cfg.mode\" = \"x\"\n")
    assert run.exit_code == 0, run.output


def test_a_fact_that_the_attribute_is_none_makes_hasattr_true(cli, tmp_path):
    # round 36: violation "got 'NOATTR'" with `cfg.mode is None=true, hasattr(cfg, 'mode')=false`; pick2(cfg) of mode None is 'NONE'
    run = run_attr(cli, tmp_path, "pick2", "expect = \"'NONE'\"\n[rule.given]\n\"cfg.mode is None\" = true\n")
    assert run.exit_code == 0, run.output


def test_a_fact_on_an_attribute_of_the_attribute_makes_hasattr_true(cli, tmp_path):
    # round 36: violation "got 'NOATTR'" with `cfg.mode.kind="x", hasattr(cfg, 'mode')=false`; kind(cfg) is 'X' there
    run = run_attr(cli, tmp_path, "kind", "expect = \"'X'\"\n[rule.given]\n\"cfg.mode.kind\" = \"x\"\n")
    assert run.exit_code == 0, run.output


def test_a_comparison_fact_that_holds_makes_hasattr_true(cli, tmp_path):
    # round 36: violation "got 'OTHER'" with `cfg.mode == "flash"` and no attribute `mode`; flash(cfg) of mode "flash" is 'FLASH'
    run = run_attr(cli, tmp_path, "flash", "expect = \"'FLASH'\"\n[rule.given]\n\"cfg.mode == 'flash'\" = true\n")
    assert run.exit_code == 0, run.output


def test_no_object_lacks_an_attribute_getattr_finds(cli, tmp_path):
    # round 36: violation "got 'WEIRD'" with `hasattr(cfg, 'mode')=false` and `getattr(cfg, 'mode', None)` not None;
    # weird(cfg) is 'OK' for every object
    run = run_attr(cli, tmp_path, "weird", "forbid = [\"'WEIRD'\"]\n")
    assert run.exit_code == 0, run.output


def test_hasattr_of_an_object_whose_class_has_getattr_is_no_input(cli, tmp_path):
    # round 36: violation "got 'NOATTR'" with `hasattr(self, 'mode')=false`; Box().pick() is 'HAS' (its
    # `__getattr__` answers every name)
    run = run_attr(cli, tmp_path, "Box.pick", "forbid = [\"'NOATTR'\"]\n")
    assert undetermined(run) and "__getattr__ decides" in run.output, run.output


def test_an_attribute_may_still_be_missing_where_no_fact_says(cli, tmp_path):
    # pick2(cfg) of a cfg without `mode` is 'NOATTR'
    run = run_attr(cli, tmp_path, "pick2", "expect = \"'SET'\"\n")
    assert run.exit_code == 1 and "undetermined" not in run.output and "got       'NOATTR'" in run.output, run.output
