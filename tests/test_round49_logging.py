"""Round 49: logging and string formatting that run code of the tree: an object's own
`__str__` / `__repr__` / `__format__` run by formatting it (`f"{self}"`, `str(self)`, `"%s" % (self,)`,
`"{}".format(self)`, `print`, a logger's arguments), `warnings.warn` under an "error" filter the tree
installs, vLLM's `logger.warning_once` (an `@lru_cache` function) handed a list, and a logger of
the class the tree hands `logging.setLoggerClass`. Each test runs the program for the truth."""

import subprocess
import sys

import pytest

from test_round32_check import check_tree, undetermined
from test_round46_diff import _trees


def _run(root, module: str, expr: str) -> str:
    """What `expr` gives (or the name of the exception it raises), run with `module` imported from `root`."""
    code = f"import {module} as m\ntry:\n    print(repr({expr}))\nexcept BaseException as e:\n    print('raise', type(e).__name__)\n"
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]


_SEL = '''
import logging

logger = logging.getLogger(__name__)


class Sel:
    def __init__(self):
        self.mode = "a"

    def __str__(self):
        self.mode = "flash"
        return "Sel"

    def __repr__(self):
        self.mode = "flash"
        return "Sel"

    def pick(self):
        {line}
        if self.mode == "flash":
            return "FLASH"
        return "TRITON"
'''


@pytest.mark.parametrize("line", [
    'logger.info(f"picking for {self}")',
    'logger.info(f"picking for {self!r}")',
    's = str(self)',
    's = repr(self)',
    's = "picking %s" % (self,)',
    's = "picking {}".format(self)',
    'print("picking", self)',
    'logger.warning("picking for %s", self)',
    's = str((self, 1))',
])
def test_formatting_an_object_of_the_tree_runs_its_own_str_or_repr(cli, tmp_path, line):
    # round 49: the formatting was pure, `forbid = ["FLASH"]` clean; every run returns 'FLASH'
    files = {"sel.py": _SEL.replace("{line}", line)}
    run = check_tree(cli, tmp_path, files, "sel.py", "Sel.pick", 'forbid = ["FLASH"]\n[rule.given]\nmode = "a"\n')
    assert _run(tmp_path, "sel", "m.Sel().pick()") == "'FLASH'"
    assert run.exit_code == 1 and "0 errors" not in run.output, run.output


def test_a_logged_repr_of_self_is_a_change_of_the_decision(cli, tmp_path):
    # round 49: "0 decisions changed"; old Sel().pick() -> 'TRITON', new -> 'FLASH'
    head = 'import logging\nlogger = logging.getLogger(__name__)\n\n\nclass Sel:\n    def __init__(self):\n' \
           '        self.mode = "a"\n\n    def __repr__(self):\n        self.mode = "flash"\n        return "Sel"\n\n' \
           '    def pick(self):\n'
    tail = '        if self.mode == "flash":\n            return "FLASH"\n        return "TRITON"\n'
    old, new = _trees(tmp_path, {"sel.py": head + tail}, {"sel.py": head + '        logger.info(f"picking for {self!r}")\n' + tail})
    assert (_run(old, "sel", "m.Sel().pick()"), _run(new, "sel", "m.Sel().pick()")) == ("'TRITON'", "'FLASH'")
    run = cli("diff", old, new, "--no-cache")
    assert "0 decisions changed" not in run.output, run.output


_WARN = '''
import warnings

{filter}


def pick(fast):
    {infn}
    if fast:
        warnings.warn("the fast path is deprecated", {category})
        return "FLASH"
    return "TRITON"
'''


@pytest.mark.parametrize("filter_, infn, category", [
    ('warnings.simplefilter("error", DeprecationWarning)', "pass", "DeprecationWarning"),
    ("", 'warnings.filterwarnings("error", category=FutureWarning)', "FutureWarning"),
])
def test_warn_under_an_error_filter_of_the_tree_may_raise(cli, tmp_path, filter_, infn, category):
    # round 49: `warnings.warn` was "known not to change what the decision reads": expect FLASH clean
    files = {"sel.py": _WARN.format(filter=filter_, infn=infn, category=category)}
    run = check_tree(cli, tmp_path, files, "sel.py", "pick", 'expect = "FLASH"\n[rule.given]\nfast = true\n')
    assert _run(tmp_path, "sel", "m.pick(True)") == f"raise {category}"
    assert undetermined(run) or run.exit_code == 1 and "0 errors" not in run.output, run.output


_INIT_LOGGER = '''
import logging
from functools import lru_cache
from types import MethodType


@lru_cache
def _print_warning_once(logger, msg, *args):
    logger.warning(msg, *args, stacklevel=3)


_METHODS_TO_PATCH = {"warning_once": _print_warning_once}


def init_logger(name):
    logger = logging.getLogger(name)
    for method_name, method in _METHODS_TO_PATCH.items():
        setattr(logger, method_name, MethodType(method, logger))
    return logger
'''
_SEL3 = '''
from pk.logger import init_logger

logger = init_logger(__name__)


def pick(fast, fp8):
    order = ["FLASH", "CUTLASS"] if fast else ["CUTLASS"]
    if fp8:
        logger.warning_once("candidates: %s", order)
    for b in order:
        if b == "FLASH" or fp8:
            return b
    return "TRITON"
'''


def test_warning_once_of_vllms_init_logger_refuses_a_list(cli, tmp_path):
    # round 49: `expect = "FLASH"` given fast, fp8 was clean; the `@lru_cache` hashes the list: TypeError
    files = {"pk/__init__.py": "", "pk/logger.py": _INIT_LOGGER, "pk/sel3.py": _SEL3}
    run = check_tree(cli, tmp_path, files, "pk/sel3.py", "pick", 'expect = "FLASH"\n[rule.given]\nfast = true\nfp8 = true\n')
    assert _run(tmp_path, "pk.sel3", "m.pick(True, True)") == "raise TypeError"
    assert run.exit_code == 1 and "raise TypeError" in run.output, run.output


def test_warning_once_handed_a_tuple_holding_a_list_is_no_clean(cli, tmp_path):
    # round 50: only a list itself was refused; `("t", order)` hashes the list too: TypeError
    files = {"pk/__init__.py": "", "pk/logger.py": _INIT_LOGGER,
             "pk/sel3.py": _SEL3.replace('"candidates: %s", order', '"candidates: %s", ("t", order)')}
    run = check_tree(cli, tmp_path, files, "pk/sel3.py", "pick", 'expect = "FLASH"\n[rule.given]\nfast = true\nfp8 = true\n')
    assert _run(tmp_path, "pk.sel3", "m.pick(True, True)") == "raise TypeError"
    assert run.exit_code == 1, run.output


_STRICT = '''
import logging


class StrictLogger(logging.Logger):
    def warning(self, msg, *args, **kwargs):
        raise RuntimeError("strict: " + msg)

    def warning_once(self, msg):
        pass


logging.setLoggerClass(StrictLogger)
logger = logging.getLogger(__name__)


def pick(fast, fp8):
    if fp8 and not fast:
        logger.{method}("fp8 without fast kernels")
    return "FLASH" if fast else "CUTLASS"
'''


def test_a_logger_of_the_class_the_tree_sets_runs_its_warning(cli, tmp_path):
    # round 49: read as the standard library's logger: `expect = "CUTLASS"` clean, every run raises
    files = {"sel.py": _STRICT.format(method="warning")}
    run = check_tree(cli, tmp_path, files, "sel.py", "pick", 'expect = "CUTLASS"\n[rule.given]\nfast = false\nfp8 = true\n')
    assert _run(tmp_path, "sel", "m.pick(False, True)") == "raise RuntimeError"
    assert run.exit_code == 1 and "0 errors" not in run.output, run.output


def test_a_method_of_the_class_the_tree_sets_is_no_attribute_error(cli, tmp_path):
    # round 49: "got raise AttributeError" (definite) where the run returns 'CUTLASS'
    files = {"sel.py": _STRICT.format(method="warning_once")}
    run = check_tree(cli, tmp_path, files, "sel.py", "pick", 'expect = "CUTLASS"\n[rule.given]\nfast = false\nfp8 = true\n')
    assert _run(tmp_path, "sel", "m.pick(False, True)") == "'CUTLASS'"
    assert run.exit_code == 0 or undetermined(run), run.output
