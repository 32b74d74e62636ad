"""Round 41 (explorer over decision variables, priority lists and helpers): a decision variable
bound by other statements than `=`, or written by a helper after its last assignment; a cached
helper's list shared by every call; a shallow copy's inner lists shared with the original; the
tree's own decorators named like the standard library's. Each was a wrong clean."""

import pytest

from test_round32_check import check_tree, undetermined

_VARIABLES = '''
    class Mgr:
        def __enter__(self):
            return "flash"

        def __exit__(self, *a):
            return False

    def with_as(cap):
        backend = "torch"
        with Mgr() as backend:
            pass
        return backend

    def deleted(cap):
        backend = "torch"
        if cap > 90:
            del backend
        return backend

    def loop(cap, names):
        backend = "torch"
        for backend in names:
            if cap >= 80:
                break
        return backend
'''


@pytest.mark.parametrize("function", ["with_as", "deleted", "loop"])
def test_a_decision_variable_bound_by_other_statements_is_followed(cli, tmp_path, function):
    # round 41 (03): the function ran to the last plain `backend = ...` only; `with ... as backend`,
    # `del backend`, `for backend in ...` after it were never seen, and `expect = "torch"` was clean
    run = check_tree(cli, tmp_path, {"m.py": _VARIABLES}, "m.py", f"{function}:backend", 'expect = "torch"\n')
    assert run.exit_code != 0, run.output


_RUNNER = '''
    class Runner:
        def __init__(self, stream):
            self.stream = stream
            self.use_stream = False

        def _disable(self):
            self.use_stream = False

        def forward(self, n):
            self.use_stream = self.stream is not None and n <= 256
            if n == 7:
                self._disable()
            return "X"

        def forward2(self, n):
            self.use_stream = self.stream is not None and n <= 256
            if n == 7:
                setattr(self, "use_stream", False)
            return "X"
'''


@pytest.mark.parametrize("function", ["forward", "forward2"])
def test_an_attribute_decision_variable_a_later_helper_writes_is_followed(cli, tmp_path, function):
    # round 41 (04): `self._disable()` / `setattr(self, "use_stream", False)` after the last
    # assignment were dropped: `expect = "True"` at n=7 clean, the run leaves False
    given = '[rule.given]\n"stream is not None" = true\nn = 7\n'
    run = check_tree(cli, tmp_path, {"m.py": _RUNNER}, "m.py", f"Runner.{function}:use_stream", f'expect = "True"\n{given}')
    assert run.exit_code == 1 and "False" in run.output, run.output


def test_a_list_a_cached_helper_returns_is_one_object_every_call_gets(cli, tmp_path):
    # round 41 (02): `out = base(); out.insert(0, "cutlass"); return base()` read the body's fresh list
    source = '''
        import functools

        @functools.lru_cache(maxsize=None)
        def base(sm):
            return ["flash", "triton"]

        def prio(cfg):
            out = base(cfg.sm)
            if cfg.fp8:
                out.insert(0, "cutlass")
            return base(cfg.sm)
    '''
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "prio", 'first = "flash"\n[rule.given]\nfp8 = true\n')
    assert undetermined(run), run.output


@pytest.mark.parametrize("copy", ["[*orders]", "list(orders)", "orders + []", "orders.copy()"])
def test_a_shallow_copy_shares_its_inner_lists(cli, tmp_path, copy):
    # round 41 (08): `table = [*orders]; table[0].insert(0, "torch")` left `orders[0]` as written
    source = f'''
        def prio(c):
            orders = [["flash", "triton"], ["trtllm"]]
            table = {copy}
            if c:
                table[0].insert(0, "torch")
            return orders[0]
    '''
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "prio", 'first = "flash"\n[rule.given]\nc = true\n')
    assert run.exit_code == 1, run.output


def test_a_decorator_of_the_tree_named_like_the_standard_librarys_is_the_trees(cli, tmp_path):
    # round 41 (07): the tree's own `cache` (a store another module seeds) was taken for
    # functools.cache of a pure function and its body inlined: `first = "flash"` clean, runs ['torch']
    files = {
        "pk/__init__.py": "from . import warm\n",
        "pk/utils.py": '''
            STORE = {}

            def cache(fn):
                def wrapper(*args):
                    if fn.__name__ in STORE:
                        return STORE[fn.__name__]
                    return fn(*args)
                return wrapper
        ''',
        "pk/warm.py": 'from .utils import STORE\n\nSTORE["base_order"] = ["torch"]\n',
        "pk/sel.py": '''
            from .utils import cache

            @cache
            def base_order():
                return ["flash", "triton"]

            def prio():
                return base_order()
        ''',
    }
    run = check_tree(cli, tmp_path, files, "pk/sel.py", "prio", 'first = "flash"\n')
    assert run.exit_code != 0, run.output


_QUIET = '''
    class Quiet:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return {returned}

    def pick(cfg):
        backend = "auto"
        with cfg.lock:
            if cfg.bad:
                raise ValueError("bad")
            backend = "flash"
        return backend
'''


def test_a_lock_by_name_may_be_a_tree_class_that_swallows(cli, tmp_path):
    # round 41 (06): `with cfg.lock:` was a plain lock by its name, though a class of the tree has an
    # `__exit__` returning True: `expect = "raise ValueError"` clean, the run returns 'auto'
    rule = 'expect = "raise ValueError"\n[rule.given]\nbad = true\n'
    run = check_tree(cli, tmp_path, {"m.py": _QUIET.format(returned="True")}, "m.py", "pick", rule)
    assert undetermined(run), run.output
    run = check_tree(cli, tmp_path, {"m.py": _QUIET.format(returned="False")}, "m.py", "pick", rule)
    assert run.exit_code == 0, run.output  # (no class of the tree swallows: the lock's name holds)


def test_a_method_a_standard_library_logger_lacks_raises(cli, tmp_path):
    # round 41 (01): `logger.warning_once(...)` of `logging.getLogger(__name__)` (vLLM's own logger has it,
    # logging.Logger does not) was a pure no-op; every run with `old` raises AttributeError
    source = '''
        import logging
        import warnings

        logger = logging.getLogger(__name__)

        def pick(cfg):
            if cfg.old:
                logger.warning_once("old config")
                return "torch"
            return "flash"

        def warned(cfg):
            if cfg.old:
                warnings.warn("old config", ValueError)
                return "torch"
            return "flash"

        def fine(cfg):
            if cfg.old:
                logger.warning("old config")
                return "torch"
            return "flash"
    '''
    for function, raised in (("pick", "AttributeError"), ("warned", "TypeError")):
        run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", function, 'reachable = ["\'torch\'"]\n[rule.given]\nold = true\n')
        assert run.exit_code in (1, 2) and "torch" in run.output, run.output  # (never reached: the call raises first)
        run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", function, 'forbid = ["\'flash\'"]\n')
        assert run.exit_code == 1 or raised in run.output, run.output
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "fine", 'expect = "\'torch\'"\n[rule.given]\nold = true\n')
    assert run.exit_code == 0, run.output


def test_two_locks_by_name_in_one_function_are_judged_alike(cli, tmp_path):
    # the first answer of "may a class of the tree swallow" hid the method that gives it: a second
    # `with cfg.lock:` crashed ("'str' object is not callable"), first seen on vLLM's fused_moe diff
    source = _QUIET.format(returned="True") + '''
    def twice(cfg):
        with cfg.lock:
            pass
        with cfg.lock:
            return "DONE"
'''
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "twice", 'reachable = ["\'DONE\'"]\n')
    assert run.exit_code in (0, 1) and "internal error" not in run.output, run.output
