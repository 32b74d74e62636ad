"""The probe's generated wrapper, in-process: every call counted under the key of what it read,
whichever of its paths read it (the last call's key, a new key, the checked reader); the program's
arguments, results and exceptions unchanged; no code of the program run by the probe."""

import sys
import threading
import types

import pytest

from ordercheck.runtime.probe_read import not_read, plain
from ordercheck.runtime.probe_wrap import make, signature


class Counts:
    """The recorder side of the wrapper: a count list per key."""

    def __init__(self):
        self.counts = {}
        self.calls = [0]
        self.tick = None
        self.errors = []

    def new_key(self, key):
        count = self.counts[key] = [1]
        return count

    def observed(self):
        """{(outcome, atoms...): count} as the report would show them."""
        return {tuple(repr(plain(v)) if isinstance(plain(v), dict) else plain(v) for v in key[1:2] + key[3:]): c[0]
                for key, c in self.counts.items()}


def wrap(function, atoms, none_only=(), capturing=None):
    counts = Counts()
    target = {"qualname": function.__qualname__, "atoms": list(atoms), "none_only": list(none_only)}
    hooks = {"ret": None, "capturing": capturing or [False], "error": lambda stage, exc: counts.errors.append((stage, exc)),
             "note": lambda result: None, "nr_call": not_read("a call"), "nr_name": not_read("name not defined")}
    wrapper, reader = make(function, target, counts, hooks)
    return wrapper, counts


class Config:
    def __init__(self, enabled, limit):
        self.enabled = enabled
        self.limit = limit


class Tokens:
    def __init__(self, n):
        self.shape = (n, 64)


class Router:
    def __init__(self, cfg, stream=None):
        self.cfg = cfg
        self.stream = stream

    def pick(self, tokens):
        if not self.cfg.enabled or self.stream is None:
            return "SLOW"
        return "FAST" if tokens.shape[0] <= self.cfg.limit else "SLOW"


PICK_ATOMS = ["self.cfg.enabled", "self.stream", "tokens.shape[0]", "self.cfg.limit"]


def test_repeated_calls_with_the_same_values_count_under_one_key():
    pick, counts = wrap(Router.pick, PICK_ATOMS, none_only=["self.stream"])
    router, tokens = Router(Config(True, 8), stream=object()), Tokens(4)
    for _ in range(1000):
        assert pick(router, tokens) == "FAST"
    assert counts.observed() == {("FAST", True, "<object>", 4, 8): 1000}
    assert counts.errors == []


def test_each_change_of_a_value_is_counted_under_its_own_key():
    pick, counts = wrap(Router.pick, PICK_ATOMS, none_only=["self.stream"])
    router = Router(Config(True, 8), stream=object())
    for n in [1, 1, 9, 9, 9, 1, 9, 1, 1]:
        pick(router, Tokens(n))
    router.stream = None
    pick(router, Tokens(1))
    router.cfg.enabled = False
    pick(router, Tokens(1))
    assert counts.observed() == {("FAST", True, "<object>", 1, 8): 5, ("SLOW", True, "<object>", 9, 8): 4,
                                 ("SLOW", True, None, 1, 8): 1, ("SLOW", False, None, 1, 8): 1}


def test_an_int_beyond_the_small_int_cache_counts_under_one_key_although_each_read_is_a_new_object():
    pick, counts = wrap(Router.pick, PICK_ATOMS, none_only=["self.stream"])
    router = Router(Config(True, 10**6), stream=object())
    for _ in range(300):
        pick(router, Tokens(int("4096")))  # a new int object on every call, as torch's shape[0] is
    assert counts.observed() == {("FAST", True, "<object>", 4096, 10**6): 300}


class Sneaky:
    """A config whose `enabled` is a property that counts its reads."""

    reads = 0

    @property
    def enabled(self):
        Sneaky.reads += 1
        return True

    limit = 8


def test_an_object_of_a_new_type_goes_to_the_checked_reader_and_its_property_never_runs():
    pick, counts = wrap(Router.pick, PICK_ATOMS, none_only=["self.stream"])
    router, tokens = Router(Config(True, 8), stream=object()), Tokens(2)
    for _ in range(3):
        pick(router, tokens)
    router.cfg = Sneaky()
    for _ in range(3):
        pick(router, tokens)
    assert Sneaky.reads == 3  # the program's own reads, one per call
    router.cfg = Config(True, 8)
    pick(router, tokens)
    assert counts.observed() == {("FAST", True, "<object>", 2, 8): 4,
                                 ("FAST", repr({"not_read": "property Sneaky.enabled"}), "<object>", 2, 8): 3}


def test_a_decision_that_raises_is_counted_with_its_exception_type_and_the_exception_reaches_the_caller():
    class Picky(Router):
        def pick(self, tokens):
            if tokens.shape[0] > self.cfg.limit:
                raise ValueError("too many tokens")
            return "FAST"

    pick, counts = wrap(Picky.pick, ["tokens.shape[0]", "self.cfg.limit"])
    router = Picky(Config(True, 8))
    for n in (1, 20, 20):
        try:
            pick(router, Tokens(n))
        except ValueError as exc:
            assert exc.args == ("too many tokens",)
            last = exc.__traceback__
            while last.tb_next is not None:
                last = last.tb_next
            assert last.tb_frame.f_code is Picky.pick.__code__  # raised where the program raised it
    with pytest.raises(ValueError, match="too many tokens"):
        pick(router, Tokens(30))
    assert counts.observed() == {("FAST", 1, 8): 1, (repr({"raised": "ValueError"}), 20, 8): 2,
                                 (repr({"raised": "ValueError"}), 30, 8): 1}


def every_kind_of_parameter(a, b=2, /, c=3, *rest, d, e=5, **options):
    return (a, b, c, rest, d, e, options)


def test_the_wrapper_takes_and_passes_on_every_kind_of_parameter_exactly():
    wrapper, counts = wrap(every_kind_of_parameter, ["a", "d"])
    calls = [((1,), {"d": 4}), ((1, 9, 8, 7, 6), {"d": 4, "e": 0, "z": 1}), ((1, 2), {"c": 0, "d": 4})]
    for args, kwargs in calls:
        assert wrapper(*args, **kwargs) == every_kind_of_parameter(*args, **kwargs)
    with pytest.raises(TypeError):
        wrapper(a=1, d=4)  # `a` is positional-only: the wrapper refuses it as the original does
    assert sum(counts.observed().values()) == 3
    assert signature(every_kind_of_parameter)[0] == "a, b=None, /, c=None, *rest, d, e=None, **options"


def uses_our_names(result, capturing, original, _oc_fast=1):
    return (result, capturing, original, _oc_fast)


def test_parameters_named_like_the_wrappers_own_names_are_passed_through():
    wrapper, counts = wrap(uses_our_names, ["result", "capturing"])
    assert wrapper(1, 2, 3) == (1, 2, 3, 1)
    assert counts.observed() == {("<tuple>", 1, 2): 1}


def test_a_module_that_shadows_builtins_runs_none_of_its_shadows():
    module = types.ModuleType("shadowing")
    exec("calls = []\n"
         "def type(x):\n    calls.append('type')\n    return int\n"
         "def int(x=0):\n    calls.append('int')\n    return 0\n"
         "class Config:\n    limit = 4\n"
         "def decide(cfg, n):\n    return n <= cfg.limit\n", module.__dict__)
    wrapper, counts = wrap(module.decide, ["cfg.limit", "n"])
    for n in (1, 1, 9):
        wrapper(module.Config(), n)
    assert module.calls == []
    assert counts.observed() == {(True, 4, 1): 2, (False, 4, 9): 1}


def test_a_module_whose_class_has_a_property_is_never_read_through_it():
    module = types.ModuleType("lazy")

    class LazyModule(types.ModuleType):
        reads = 0

        @property
        def LIMIT(self):
            LazyModule.reads += 1
            return 4

    module.__class__ = LazyModule
    holder = types.ModuleType("holder")
    sys.modules["lazy"] = module
    try:
        exec("import lazy\ndef decide(n):\n    return 'FAST' if n <= lazy.LIMIT else 'SLOW'\n", holder.__dict__)
        wrapper, counts = wrap(holder.decide, ["lazy.LIMIT", "n"])
        for _ in range(5):
            wrapper(2)
    finally:
        del sys.modules["lazy"]
    assert LazyModule.reads == 5
    assert counts.observed() == {("FAST", repr({"not_read": "property LazyModule.LIMIT"}), 2): 5}


def test_two_threads_with_different_values_never_count_under_each_others_keys():
    pick, counts = wrap(Router.pick, PICK_ATOMS, none_only=["self.stream"])
    calls = 20000
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter allows

    def run(n):
        router, tokens = Router(Config(True, 8), stream=object()), Tokens(n)
        for _ in range(calls):
            pick(router, tokens)

    try:
        threads = [threading.Thread(target=run, args=(n,)) for n in (1, 9)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    observed = counts.observed()
    assert set(observed) == {("FAST", True, "<object>", 1, 8), ("SLOW", True, "<object>", 9, 8)}
    assert sorted(observed.values()) == [calls, calls]


def test_a_name_that_is_not_defined_is_recorded_as_not_read():
    module = types.ModuleType("late")
    exec("def decide(n):\n    return n\n", module.__dict__)
    wrapper, counts = wrap(module.decide, ["n", "LIMIT"])
    wrapper(1)
    module.LIMIT = 3
    wrapper(1)
    wrapper(1)
    assert counts.observed() == {(1, 1, repr({"not_read": "name not defined"})): 1, (1, 1, 3): 2}


def test_the_capture_flag_is_part_of_the_key():
    capturing = [False]
    pick, counts = wrap(Router.pick, PICK_ATOMS, none_only=["self.stream"], capturing=capturing)
    router, tokens = Router(Config(True, 8), stream=object()), Tokens(1)
    pick(router, tokens)
    capturing[0] = True
    pick(router, tokens)
    pick(router, tokens)
    assert sorted(key[2] for key in counts.counts) == [False, True]
    assert sorted(c[0] for c in counts.counts.values()) == [1, 2]
