"""Round 44 (explorer over control the model did not see run): a nested function it does not
follow, which calls the nested functions it closes over; one called through a list or a dict; a
decorator of a nested `def` or `class`, and a base's `__init_subclass__`; an augmented
assignment whose target runs code; `zip(..., strict=True)` of unequal lengths; a list that holds
itself; and outcome texts that showed an object's repr, a cut f-string or an empty list of
outcomes. Each but the last was a wrong verdict or a configuration error running contradicts."""

import pytest

from test_round32_check import check_tree, undetermined

# ---------------------------------------------------------------- 06: what a nested function reaches, transitively

_TRANSITIVE = '''
    import functools


    def ext(fn):
        fn()


    def handed(cfg):
        order = ["flash", "triton"]
        def c():
            order.reverse()
        def b():
            c()
        ext(b)
        return order[0]


    def partial(cfg):
        order = ["flash", "triton"]
        def c():
            order.reverse()
        def b():
            c()
        g = functools.partial(b)
        g()
        return order[0]


    def cached(cfg):
        order = ["flash", "triton"]
        def c():
            order.reverse()
        @functools.lru_cache
        def b():
            c()
        b()
        return order[0]


    def sibling(cfg):
        order = ["flash", "triton"]
        def c():
            order.reverse()
        def b():
            c()
        b()
        return order[0]


    def bound_later(cfg):
        def b():
            c()
        def c():
            order.reverse()
        order = ["flash", "triton"]
        ext(b)
        return order[0]


    def deep(cfg):
        order = ["flash", "triton"]
        def a():
            b()
        def b():
            c()
        def c():
            d()
        def d():
            e()
        def e():
            f()
        def f():
            g()
        def g():
            h()
        def h():
            order.reverse()
        a()
        return order[0]
'''


@pytest.mark.parametrize("function", ["handed", "partial", "cached", "sibling", "bound_later", "deep"])
def test_a_nested_function_not_followed_makes_unknown_what_the_functions_it_calls_change(cli, tmp_path, function):
    # round 44 (06): only the names `b` itself read were made unknown, not the list `c` reverses:
    # `first = "flash"` was clean, and every one of them returns 'triton'
    run = check_tree(cli, tmp_path, {"m.py": _TRANSITIVE}, "m.py", function, 'first = "flash"\n')
    assert undetermined(run), run.output


_DICTS = '''
    def ext(fn):
        fn()


    def handed(cfg):
        state = {"fast": True}
        def c():
            state["fast"] = False
        def b():
            c()
        ext(b)
        return "FAST" if state["fast"] else "SLOW"


    def alias(cfg):
        state = {"fast": True}
        other = state
        def c():
            state["fast"] = False
        def b():
            c()
        ext(b)
        return "FAST" if other["fast"] else "SLOW"


    def sibling(cfg):
        state = {"fast": True}
        def c():
            state["fast"] = False
        def b():
            c()
        b()
        return "FAST" if state["fast"] else "SLOW"
'''


@pytest.mark.parametrize("function", ["handed", "alias", "sibling"])
def test_a_dict_a_nested_function_not_followed_may_change_is_unknown_in_the_function_that_made_it(cli, tmp_path, function):
    # round 44 (06): the dict of the function that made `c` kept its value (`expect = 'FAST'` clean; it runs SLOW)
    run = check_tree(cli, tmp_path, {"m.py": _DICTS}, "m.py", function, "expect = \"'FAST'\"\n")
    assert undetermined(run), run.output


# ---------------------------------------------------------------- 07: a nested function called through a container

_CONTAINERS = '''
    def loop(cfg):
        order = ["flash", "triton"]
        def demote():
            order.insert(0, "triton")
        for hook in [demote]:
            hook()
        return order[0]


    def index(cfg):
        order = ["flash", "triton"]
        def demote():
            order.insert(0, "triton")
        hooks = [demote]
        hooks[0]()
        return order[0]


    def table(cfg):
        order = ["flash", "triton"]
        def demote():
            order.insert(0, "triton")
        hooks = {"fp8": demote}
        hooks["fp8"]()
        return order[0]


    def generator(cfg):
        order = ["flash", "triton"]
        def demote():
            order.insert(0, "triton")
            return False
        any(f() for f in [demote])
        return order[0]
'''


@pytest.mark.parametrize("function", ["loop", "index", "table", "generator"])
def test_a_nested_function_called_through_a_list_or_a_dict_is_followed(cli, tmp_path, function):
    # round 44 (07): the call did nothing, and `first = "flash"` was clean; it returns 'triton'
    run = check_tree(cli, tmp_path, {"m.py": _CONTAINERS}, "m.py", function, "expect = \"'triton'\"\n")
    assert run.exit_code == 0, run.output


_ESCAPED = '''
    import hooks


    def run_all(cfg):
        flags = {"fast": True}
        def off():
            flags["fast"] = False
        table = {"k": off}
        hooks.run(table)
        if flags["fast"]:
            return "FAST"
        return "SLOW"
'''


def test_a_call_the_model_does_not_follow_may_run_a_nested_function_a_dict_holds(cli, tmp_path):
    # round 44 (07): `hooks.run(table)` may call `off`, which the table holds: the dict is unknown, with a note
    run = check_tree(cli, tmp_path, {"m.py": _ESCAPED}, "m.py", "run_all", "expect = \"'FAST'\"\n")
    assert undetermined(run), run.output
    explained = cli("explain", "m.py::run_all", "--root", tmp_path)
    assert "which may call `off`, is not followed: what it closes over is unknown after it" in explained.output


# ---------------------------------------------------------------- 05: decorators of nested code, `__init_subclass__`

_DECORATED = '''
    def registered(cfg):
        registry = []
        def register(fn):
            registry.append(fn.__name__)
            return fn
        @register
        def flash():
            return 1
        if registry:
            return "REGISTERED"
        return "EMPTY"


    def written(cfg):
        cfg.fast = True
        def off(fn):
            cfg.fast = False
            return fn
        @off
        def _unused():
            pass
        if cfg.fast:
            return "FAST"
        return "SLOW"


    def class_decorated(cfg):
        order = ["flash", "triton"]
        def demote(cls):
            order.insert(0, "triton")
            return cls
        @demote
        class Local:
            pass
        return order[0]
'''


@pytest.mark.parametrize("function, rule, got", [
    ("registered", "forbid = [\"'REGISTERED'\"]\n", "'REGISTERED'"),
    ("written", "expect = \"'FAST'\"\n", "'SLOW'"),
])
def test_a_decorator_of_a_nested_def_runs_where_the_statement_runs(cli, tmp_path, function, rule, got):
    # round 44 (05): the decorator never ran, and each rule was clean
    run = check_tree(cli, tmp_path, {"m.py": _DECORATED}, "m.py", function, rule)
    assert run.exit_code == 1 and not undetermined(run), run.output
    assert f"got       {got}" in run.output


def test_a_decorator_of_a_nested_class_runs_where_the_statement_runs(cli, tmp_path):
    # round 44 (05): `demote` never ran: the model's only outcome was 'flash'; it returns 'triton'
    run = check_tree(cli, tmp_path, {"m.py": _DECORATED}, "m.py", "class_decorated", "expect = \"'triton'\"\n")
    assert run.exit_code == 0, run.output


_SUBCLASS = '''
    class Base:
        registry = []

        def __init_subclass__(cls, **kw):
            super().__init_subclass__(**kw)
            Base.registry.append(cls.__name__)


    def made(cfg):
        n0 = len(Base.registry)
        class Local(Base):
            pass
        if len(Base.registry) > n0:
            return "REGISTERED"
        return "NOT"
'''


def test_a_nested_class_runs_its_bases_init_subclass(cli, tmp_path):
    # round 44 (05): `Base.registry` was "known not to change" across the class statement: clean, running REGISTERED
    run = check_tree(cli, tmp_path, {"m.py": _SUBCLASS}, "m.py", "made", "expect = \"'NOT'\"\n")
    assert undetermined(run), run.output
    explained = cli("explain", "m.py::made", "--root", tmp_path)
    assert "the making of class `Local` at line 12 runs code of its bases or metaclass" in explained.output


_PLAIN = """
    class Plain:
        pass


    def plain(cfg):
        order = ["flash", "triton"]
        class A(Plain):
            pass
        class B(Exception):
            pass
        return order[0]
"""


def test_a_nested_class_of_plain_bases_runs_no_hook(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _PLAIN}, "m.py", "plain", "expect = \"'flash'\"\n")
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 02: an augmented assignment's target, evaluated once

_AUGMENTED = '''
    class Box:
        def __init__(self):
            self.hits = 0


    def item(cfg):
        calls = []
        def key(x):
            calls.append(x)
            return x
        d = {"a": 1}
        d[key("a")] += 1
        if len(calls) == 2:
            return "TWICE"
        return "ONCE"


    def popped(cfg):
        order = ["flash", "triton"]
        def nxt():
            return order.pop(0)
        d = {"flash": 0, "triton": 0}
        d[nxt()] += 1
        return order[0]


    def attribute(cfg):
        made = []
        def mk():
            b = Box()
            made.append(b)
            return b
        mk().hits += 1
        if len(made) == 1:
            return "ONCE"
        return "TWICE"


    def index(cfg):
        calls = []
        def idx():
            calls.append(1)
            return 0
        lst = [1]
        lst[idx()] += 1
        return "ONCE" if len(calls) == 1 else "TWICE"
'''


@pytest.mark.parametrize("function, rule", [
    ("item", "expect = \"'ONCE'\"\n"),
    ("popped", "expect = \"'triton'\"\n"),
    ("attribute", "expect = \"'ONCE'\"\n"),
    ("index", "expect = \"'ONCE'\"\n"),
])
def test_an_augmented_assignment_computes_its_targets_object_and_item_once(cli, tmp_path, function, rule):
    # round 44 (02): `key()`, `nxt()`, `mk()`, `idx()` ran twice: violations (and `raise IndexError`) no run gives
    run = check_tree(cli, tmp_path, {"m.py": _AUGMENTED}, "m.py", function, rule)
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 01: zip(strict=True)

_ZIPS = '''
    NAMES = ("flash", "triton")


    def loop(cfg):
        for name, prio in zip(NAMES, (1, 2, 3), strict=True):
            pass
        return "END"


    def listed(cfg):
        pairs = list(zip(("a", "b"), ("x",), strict=True))
        return "END"


    def comprehension(cfg):
        firsts = [a for a, b in zip(("a", "b"), ("x",), strict=True)]
        return "END"


    def equal(cfg):
        pairs = list(zip(("a", "b"), ("x", "y"), strict=True))
        return "END"
'''


@pytest.mark.parametrize("function", ["loop", "listed", "comprehension"])
def test_a_strict_zip_of_unequal_constants_raises_value_error(cli, tmp_path, function):
    # round 44 (01): clean, and `forbid = ["raise ValueError"]` an unknown outcome; Python raises
    run = check_tree(cli, tmp_path, {"m.py": _ZIPS}, "m.py", function, "expect = \"'END'\"\n")
    assert run.exit_code == 1 and not undetermined(run), run.output
    assert "got       raise ValueError" in run.output


def test_a_strict_zip_of_equal_lengths_does_not_raise(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _ZIPS}, "m.py", "equal", "expect = \"'END'\"\n")
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 03: a list that holds itself

_ITSELF = '''
    def length(cfg):
        order = ["flash", "triton"]
        order.append(order)
        if len(order) == 3:
            return "THREE"
        return "OTHER"


    def member(cfg):
        order = ["flash"]
        order.append(order)
        if "triton" in order:
            return "IN"
        return "OUT"
'''


def test_the_length_of_a_list_that_holds_itself_is_computed(cli, tmp_path):
    # round 44 (03): "nested too deeply to model" (exit 2), a RecursionError blamed on the input
    run = check_tree(cli, tmp_path, {"m.py": _ITSELF}, "m.py", "length", "expect = \"'THREE'\"\n")
    assert run.exit_code == 0, run.output


def test_membership_in_a_list_that_holds_itself_is_no_config_error(cli, tmp_path):
    run = check_tree(cli, tmp_path, {"m.py": _ITSELF}, "m.py", "member", "expect = \"'OUT'\"\n")
    assert undetermined(run) and "nested too deeply" not in run.output, run.output


# ---------------------------------------------------------------- 04: outcome texts

_TEXTS = '''
    def count(n):
        seen = []
        def ok(x):
            seen.append(x)
            return x == n
        if all(not ok(x) for x in (1, 2, 3)):
            return "NONE" + str(len(seen))
        return "HIT" + str(len(seen))


    def fmt(n):
        return f"{n:05.1f}"
'''


def test_a_length_that_depends_on_the_path_shows_no_object_repr(cli, tmp_path):
    # round 44 (04): `'HIT' + str(<ordercheck.extract.expressions._Count object at 0x...>)`
    run = check_tree(cli, tmp_path, {"m.py": _TEXTS}, "m.py", "count", "expect = \"'HIT2'\"\n[rule.given]\nn = 2\n")
    assert undetermined(run), run.output
    assert "object at 0x" not in run.output and "_Count" not in run.output
    assert "str(len(seen))" in run.output


def test_an_f_string_outcome_is_shown_whole_and_the_outcomes_named(cli, tmp_path):
    # round 44 (04): "got 1f}'" (cut at its last '.') and "(outcomes of this target: )"
    run = check_tree(cli, tmp_path, {"m.py": _TEXTS}, "m.py", "fmt", "expect = \"'003.0'\"\n[rule.given]\nn = 3\n")
    assert undetermined(run), run.output
    assert "got       f'{n:05.1f}'" in run.output
    assert "outcomes of this target: )" not in run.output
    assert "no outcome of this target is a constant" in run.output
