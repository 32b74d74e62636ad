"""Round 31: names the model resolved to something other than what Python binds (a parameter named
like a builtin, a `def` under a module-level `if`, a name nothing binds, a name bound twice, a
method the class body deletes, `__getattribute__`, `property(getter)`), and source CPython's
compiler refuses. Each case once gave a definite answer running the code contradicts."""

import textwrap

import pytest
from test_soundness import check


def check_tree(cli, tmp_path, files: dict[str, str], target: str, function: str, rule: str):
    """`check` of `target::function` in a tree of `files` (path -> source)."""
    for path, text in files.items():
        (tmp_path / path).write_text(textwrap.dedent(text))
    (tmp_path / "r.toml").write_text(f'[[rule]]\nid = "r"\npath = "{target}"\nfunction = "{function}"\n' + textwrap.dedent(rule))
    return cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)


def undetermined(run) -> bool:
    return run.exit_code == 1 and "undetermined" in run.output


# ---------------------------------------------------------------- 01: a callee named like a builtin


@pytest.mark.parametrize("head, params, call, given", [
    ("", "name, len=lambda s: 0", "len(name) > 2", 'name = "abcd"'),  # a parameter
    ("from math import ceil as int\n", "name", "int(name) == 3", "name = 2.5"),  # a module import
    ("", "name, str=str.upper", 'str(name) == "ab"', 'name = "ab"'),
])
def test_a_callee_named_like_a_builtin_is_not_computed_as_the_builtin(cli, tmp_path, head, params, call, given):
    # round 31: `len(name)` of the parameter `len` was computed by Python's `len`: clean; f() is 'Y'
    run = check(cli, tmp_path, head + f'''
def f({params}):
    if {call}:
        return "X"
    return "Y"
''', f'expect = "\'X\'"\n[rule.given]\n{given}\n')
    assert undetermined(run) and "not the builtin" in run.output, run.output


def test_a_local_import_named_like_a_builtin_is_not_computed_as_the_builtin(cli, tmp_path):
    # round 31: `round(a)` of `from math import floor as round` was Python's round(3.5) == 4: clean
    run = check(cli, tmp_path, '''
        def f(a):
            from math import floor as round
            if round(a) == 3:
                return "X"
            return "Y"
    ''', 'expect = "\'Y\'"\n[rule.given]\na = 3.5\n')
    assert undetermined(run) and "<round: not the builtin>(a)" in run.output, run.output


# ---------------------------------------------------------------- 02: a def under a module-level `if`


@pytest.mark.parametrize("guard", [
    "if sys.version_info < (3, 0):",
    'if __name__ == "__main__":',
    "try:\n    import triton_never_there\n",
])
def test_a_def_bound_under_a_module_level_statement_is_not_always_bound(cli, tmp_path, guard):
    # round 31: f() was proved to return 'H'; Python: NameError where the block did not run
    head = f"import sys\n\n{guard}" if not guard.startswith("try") else f"{guard}"
    tail = "" if not guard.startswith("try") else "except ImportError:\n    pass\n"
    run = check(cli, tmp_path, head + '''
    def helper():
        return "H"
''' + tail + '''

def f():
    return helper()
''', 'expect = "\'H\'"\n')
    assert undetermined(run) and "bound only where the module-level" in run.output, run.output


def test_a_builtin_shadowed_under_a_module_level_if_is_not_assumed_shadowed(cli, tmp_path):
    # round 31: `forbid 'A'` was proved with the module's `len`; unset, Python's len gives 'A'
    run = check(cli, tmp_path, '''
        import os

        if os.environ.get("NEVER_SET_X"):
            def len(s):
                return 0


        def f(a):
            if len(a) > 0:
                return "A"
            return "B"
    ''', 'forbid = ["\'A\'"]\n[rule.given]\na = "x"\n')
    assert undetermined(run), run.output


def test_a_class_bound_under_a_module_level_if_is_not_always_bound(cli, tmp_path):
    run = check(cli, tmp_path, '''
        import sys

        if sys.version_info < (3, 0):
            class B:
                KIND = "k"


        def f():
            if B.KIND == "k":
                return "K"
            return "O"
    ''', 'expect = "\'K\'"\n')
    assert undetermined(run), run.output


def test_a_def_bound_at_the_top_level_is_still_inlined(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def helper():
            return "H"


        def f():
            return helper()
    ''', 'expect = "\'H\'"\n')
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 15: a name nothing binds


def test_a_global_name_nothing_binds_raises_name_error(cli, tmp_path):
    # round 31: FP8_SUPPORTED was a free input and 'FP8' reachable; Python: f(True) raises NameError
    run = check(cli, tmp_path, '''
        def f(use_fp8):
            if use_fp8 and FP8_SUPPORTED:
                return "FP8"
            return "BF16"
    ''', 'reachable = ["\'FP8\'"]\n')
    assert run.exit_code == 1 and "no branch returns 'FP8'" in run.output, run.output
    shown = cli("explain", "mod.py::f", "--root", tmp_path)
    assert "raise NameError" in shown.output, shown.output


@pytest.mark.parametrize("binder", [
    "from not_in_the_tree import *\n",  # a star import the model cannot list
    "def set_it():\n    global FP8_SUPPORTED\n    FP8_SUPPORTED = True\n",
    "globals()['FP8_SUPPORTED'] = True\n",
])
def test_a_global_name_that_code_may_bind_is_opaque(cli, tmp_path, binder):
    run = check(cli, tmp_path, binder + '''

def f(use_fp8):
    if use_fp8 and FP8_SUPPORTED:
        return "FP8"
    return "BF16"
''', 'forbid = ["\'FP8\'"]\n')
    assert undetermined(run), run.output


def test_a_global_name_another_module_writes_is_opaque(cli, tmp_path):
    run = check_tree(cli, tmp_path, {
        "mod.py": '''
            def f(use_fp8):
                if use_fp8 and FP8_SUPPORTED:
                    return "FP8"
                return "BF16"
        ''',
        "setup.py": '''
            import mod
            mod.FP8_SUPPORTED = True
        ''',
    }, "mod.py", "f", 'forbid = ["\'FP8\'"]\n')
    assert undetermined(run) and "setup.py" in run.output, run.output


def test_a_module_dunder_name_is_no_name_error(cli, tmp_path):
    run = check(cli, tmp_path, '''
        def f():
            if __name__ == "mod":
                return "X"
            return "Y"
    ''', 'reachable = ["\'X\'"]\n')
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 08: a module name bound twice


def test_a_module_name_bound_twice_at_the_top_level_is_the_last_binding(cli, tmp_path):
    # round 31: MODE was a free input, "expected 'FAST' got 'SLOW'"; Python: always 'FAST'
    run = check(cli, tmp_path, '''
        MODE = "slow"
        MODE = "fast"


        def f():
            if MODE == "fast":
                return "FAST"
            return "SLOW"
    ''', 'expect = "\'FAST\'"\n')
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("between", [
    'LABEL = setup()\n',  # code that may call f between the bindings
    'def go():\n    global MODE\n    MODE = "slow"\n',
])
def test_a_module_name_bound_twice_with_code_between_or_a_global_write_is_not_folded(cli, tmp_path, between):
    run = check(cli, tmp_path, 'def setup():\n    return f()\n\n\nMODE = "slow"\n' + between + '''MODE = "fast"


def f():
    if MODE == "fast":
        return "FAST"
    return "SLOW"
''', 'expect = "\'FAST\'"\n')
    assert run.exit_code == 1, run.output


# ---------------------------------------------------------------- 12: `del` of a method in a class body


def test_a_method_deleted_in_the_class_body_is_not_inlined(cli, tmp_path):
    # round 31: C.pick was inlined, 'C' proved; Python: Base.pick, 'BASE'
    run = check(cli, tmp_path, '''
        class Base:
            def pick(self):
                return "BASE"


        class C(Base):
            def pick(self):
                return "C"

            del pick

            def f(self):
                return self.pick()
    ''', 'expect = "\'C\'"\n', function="C.f")
    assert undetermined(run), run.output


# ---------------------------------------------------------------- 05: `__getattribute__`


@pytest.mark.parametrize("where", ["own", "base"])
def test_an_attribute_read_through_getattribute_is_opaque(cli, tmp_path, where):
    # round 31: `self.mode` was folded to the class constant "plain"; Python: 'OVERRIDE'
    hook = '''
    def __getattribute__(self, name):
        if name == "mode":
            return "override"
        return object.__getattribute__(self, name)
'''
    head = f"class Base:{hook}\n\nclass Cfg(Base):\n" if where == "base" else f"class Cfg:{hook}\n"
    run = check(cli, tmp_path, head + '''    mode = "plain"

    def f(self):
        if self.mode == "plain":
            return "PLAIN"
        return "OVERRIDE"
''', 'expect = "\'PLAIN\'"\n', function="Cfg.f")
    assert undetermined(run) and "__getattribute__" in run.output, run.output


# ---------------------------------------------------------------- 13: `property(getter)` in a class body


def test_a_property_of_the_call_form_runs_its_getter(cli, tmp_path):
    # round 31: `self.backend` was a free input, "got 'OTHER_PATH'"; Python: always 'TRITON_PATH'
    run = check(cli, tmp_path, '''
        class Layer:
            def _get_backend(self):
                return "TRITON"

            backend = property(_get_backend)

            def f(self):
                if self.backend == "TRITON":
                    return "TRITON_PATH"
                return "OTHER_PATH"
    ''', 'expect = "\'TRITON_PATH\'"\n', function="Layer.f")
    assert run.exit_code == 0, run.output


def test_a_property_of_a_lambda_is_no_input(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class Layer:
            backend = property(lambda self: "TRITON")

            def f(self):
                if self.backend == "TRITON":
                    return "TRITON_PATH"
                return "OTHER_PATH"
    ''', 'expect = "\'TRITON_PATH\'"\n', function="Layer.f")
    assert run.exit_code == 0 or undetermined(run), run.output
    assert "scenario  backend" not in run.output


def test_a_staticmethod_of_the_call_form_is_inlined(cli, tmp_path):
    run = check(cli, tmp_path, '''
        class Layer:
            def _pick():
                return "A"

            pick = staticmethod(_pick)

            def f(self):
                return self.pick()
    ''', 'expect = "\'A\'"\n', function="Layer.f")
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 11: source the compiler refuses


@pytest.mark.parametrize("source, message", [
    ("def f(mode, mode):\n    return 1\n", "duplicate argument 'mode' in function definition"),
    ("def f():\n    return 1\n\n\nreturn 2\n", "'return' outside function"),
    ("def f():\n    return 1\n\n\nnonlocal x\n", "nonlocal declaration not allowed at module level"),
    ("def f():\n    x = 1\n    global x\n    return x\n", "name 'x' is assigned to before global declaration"),
    ("import os\nfrom __future__ import annotations\n\n\ndef f():\n    return 1\n", "from __future__ imports must occur at the beginning"),
])
def test_source_the_compiler_refuses_is_an_input_error(cli, tmp_path, source, message):
    # round 31: `ast.parse` accepted it and the rule was checked clean (exit 0); `import mod` fails
    (tmp_path / "mod.py").write_text(source)
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "f"\nreachable = ["1"]\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    assert run.exit_code == 2 and "mod.py:" in run.output and message in run.output, run.output
    shown = cli("explain", "mod.py::f", "--root", tmp_path)
    assert shown.exit_code == 2 and message in shown.output, shown.output
