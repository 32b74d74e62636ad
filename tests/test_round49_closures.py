"""Round 49 (explorer over nested functions and module constants): a nested function that writes a
`nonlocal` on some paths only made the variable unbound on the others (a definite verdict, and a
`diff` region, running contradicts); one logging call, `extend` or `dict.fromkeys` of a module list
anywhere in the module made that never-changed list unknown in every function (precision). Each
test runs the program to show the truth it asserts."""

import json
import subprocess
import sys
import textwrap

from test_round32_check import check_tree, undetermined
from test_round46_diff import _trees


def _run(source: str, function: str, *args):
    namespace: dict = {}
    exec(textwrap.dedent(source), namespace)
    target = namespace
    for part in function.split("."):
        target = target[part] if isinstance(target, dict) else getattr(target, part)
    return target(*args)


def _given(**inputs) -> str:
    return "[rule.given]\n" + "".join(f"{json.dumps(k)} = {json.dumps(v)}\n" for k, v in inputs.items())


def _agrees(cli, tmp_path, source: str, function: str, truth: str, **inputs) -> None:
    """`expect = truth` holds (exit 0) and `forbid = [truth]` is violated, for the given inputs."""
    expect = check_tree(cli, tmp_path, {"sel.py": source}, "sel.py", function,
                        f'message = "m"\nexpect = "{truth}"\n' + _given(**inputs), "--no-cache")
    assert expect.exit_code == 0, expect.output
    forbid = check_tree(cli, tmp_path, {"sel.py": source}, "sel.py", function,
                        f'message = "m"\nforbid = ["{truth}"]\n' + _given(**inputs), "--no-cache")
    assert forbid.exit_code == 1 and f"got       '{truth}'" in forbid.output and not undetermined(forbid), forbid.output


# ---------------------------------------------------------------- 03: a nonlocal written on some paths

_CHOOSE = '''
    def pick(fast, fp8):
        backend = "TRITON"

        def choose():
            nonlocal backend
            if fp8:
                backend = "CUTLASS"

        if fast:
            choose()
        return backend
'''


def test_a_nested_function_that_writes_a_nonlocal_on_some_paths_keeps_the_outer_value_on_the_others(cli, tmp_path):
    # round 49: "raise UnboundLocalError" at fast, not fp8; running returns TRITON
    assert _run(_CHOOSE, "pick", True, False) == "TRITON"
    _agrees(cli, tmp_path, _CHOOSE, "pick", "TRITON", fast=True, fp8=False)


def test_an_augmented_nonlocal_write_on_some_paths_keeps_the_outer_value(cli, tmp_path):
    source = '''
        def pick(fast, fp8):
            n = 1

            def bump():
                nonlocal n
                if fp8:
                    n += 2

            if fast:
                bump()
            if n > 2:
                return "CUTLASS"
            return "TRITON"
    '''
    assert _run(source, "pick", True, False) == "TRITON"
    _agrees(cli, tmp_path, source, "pick", "TRITON", fast=True, fp8=False)


def test_a_per_candidate_closure_setting_a_nonlocal_chooses_as_running_does(cli, tmp_path):
    source = '''
        def pick(fast, fp8):
            chosen = "TRITON"

            def consider(c):
                nonlocal chosen
                if c == "FLASH" and fast:
                    chosen = c
                elif c == "CUTLASS" and fp8:
                    chosen = c

            for c in ["FLASH", "CUTLASS"]:
                consider(c)
            return chosen
    '''
    assert _run(source, "pick", True, False) == "FLASH" and _run(source, "pick", False, False) == "TRITON"
    _agrees(cli, tmp_path, source, "pick", "FLASH", fast=True, fp8=False)
    _agrees(cli, tmp_path, source, "pick", "TRITON", fast=False, fp8=False)


def test_a_nonlocal_parameter_written_on_some_paths_keeps_its_argument(cli, tmp_path):
    source = '''
        def pick(backend, fp8):
            def choose():
                nonlocal backend
                if fp8:
                    backend = "CUTLASS"

            choose()
            return backend
    '''
    assert _run(source, "pick", "FLASH", False) == "FLASH"
    _agrees(cli, tmp_path, source, "pick", "FLASH", backend="FLASH", fp8=False)


def test_a_closure_in_a_method_writing_a_nonlocal_on_some_paths_keeps_the_outer_value(cli, tmp_path):
    source = '''
        class Sel:
            def __init__(self, fast, fp8):
                self.fast = fast
                self.fp8 = fp8

            def pick(self):
                backend = "TRITON"

                def choose():
                    nonlocal backend
                    if self.fp8:
                        backend = "CUTLASS"

                if self.fast:
                    choose()
                return backend
    '''
    namespace: dict = {}
    exec(textwrap.dedent(source), namespace)
    assert namespace["Sel"](True, False).pick() == "TRITON"
    given = {"self.fast": True, "self.fp8": False}
    _agrees(cli, tmp_path, source, "Sel.pick", "TRITON", **given)


def test_a_closure_read_of_an_outer_variable_bound_on_some_paths_before_the_call_stays_a_choice(cli, tmp_path):
    # the outer variable bound on some paths only: where the closure does not write it, what it
    # had (bound or not), not "unbound" everywhere
    source = '''
        def pick(x, y):
            if y:
                b = "A"

            def g():
                nonlocal b
                if x:
                    b = "C"

            g()
            return b
    '''
    assert _run(source, "pick", False, True) == "A"
    _agrees(cli, tmp_path, source, "pick", "A", x=False, y=True)


def test_diff_of_a_closure_without_its_no_op_else_changes_no_configuration(cli, tmp_path):
    # round 49: "when fast=true, fp8=false: 'TRITON' -> raise UnboundLocalError", which no run gives
    new = textwrap.dedent(_CHOOSE)
    old = new.replace('            backend = "CUTLASS"\n', '            backend = "CUTLASS"\n        else:\n            backend = backend\n')
    assert old != new
    for fast in (True, False):
        for fp8 in (True, False):
            assert _run(old, "pick", fast, fp8) == _run(new, "pick", fast, fp8)
    before, after = _trees(tmp_path, {"pkg/__init__.py": "", "pkg/sel.py": old}, {"pkg/__init__.py": "", "pkg/sel.py": new})
    run = cli("diff", before, after, "--no-cache")
    assert run.exit_code == 0 and "0 decisions changed" in run.output, run.output


# ---------------------------------------------------------------- 05: a module list only read elsewhere

_LOOP = '''
    import logging
    logger = logging.getLogger(__name__)
    DEFAULT = ["FLASH", "CUTLASS", "TRITON"]


    def pick(fast, fp8):
        for b in DEFAULT:
            if b == "FLASH" and not fast:
                continue
            if b == "CUTLASS" and not fp8:
                continue
            return b
        return "NONE"


    def other(x):
    {body}
'''


def _other(body: str) -> str:
    return _LOOP.replace("    {body}\n", textwrap.indent(textwrap.dedent(body), "        "))


def test_a_module_list_logged_elsewhere_may_be_changed_by_a_logger_class_of_another_module(cli, tmp_path):
    # round 50: logging it was taken to read it, and `expect 'SAME'` clean; another module's
    # `logging.setLoggerClass(Mutating)` makes `logger.info` append to it (running: 'CHANGED')
    files = {
        "logsetup.py": "import logging\n\n\nclass Mutating(logging.Logger):\n    def info(self, msg, *args, **kw):\n"
                       "        if args and isinstance(args[0], list):\n            args[0].append('x')\n"
                       "        super().info(msg, *args, **kw)\n\n\nlogging.setLoggerClass(Mutating)\n",
        "m.py": "import logging\n\nlogger = logging.getLogger(__name__)\n\nORDER = ['a', 'b']\n\n\ndef report():\n"
                "    logger.info('order %s', ORDER)\n\n\ndef pick(x):\n    if len(ORDER) > 2:\n        return 'CHANGED'\n"
                "    return 'SAME'\n",
    }
    run = check_tree(cli, tmp_path, files, "m.py", "pick", "expect = \"'SAME'\"\n")
    assert run.exit_code == 1, run.output  # (never clean)
    done = subprocess.run([sys.executable, "-c", "import logsetup, m; m.report(); print(m.pick(True))"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout == "CHANGED\n", done.stderr


def test_a_module_list_extended_into_a_new_list_elsewhere_stays_known(cli, tmp_path):
    source = _other('order = []\norder.extend(DEFAULT)\norder.append("X")\nreturn order\n')
    assert _run(source, "pick", False, False) == "TRITON"
    _agrees(cli, tmp_path, source, "pick", "TRITON", fast=False, fp8=False)


def test_a_module_list_read_by_dict_fromkeys_elsewhere_stays_known(cli, tmp_path):
    source = _other('return list(dict.fromkeys(DEFAULT))\n')
    assert _run(source, "pick", True, False) == "FLASH"
    _agrees(cli, tmp_path, source, "pick", "FLASH", fast=True, fp8=False)
