"""Round 47, `--runtime`: a guard that reads an atom again after a call is not judged by the value
the probe read at entry; a branch that returns an input or a value the model cannot evaluate agrees
with what the call returned; calls through references taken while the target's module imported
(an alias, a dispatch table, a `functools.partial`, a registering decorator) are recorded."""

import inspect
import json
import subprocess
import sys
import textwrap
import types

import pytest

from ordercheck.runtime.probe_read import not_read
from ordercheck.runtime.probe_wrap import copy_of, make, redirect, redirectable
from test_runtime import _interpreters

SOURCES = {
    "pkg/__init__.py": "",
    "pkg/sel.py": """\
        def pick(cfg):
            if cfg.n > 1:
                return "A"
            cfg.refresh()
            if cfg.n > 1:
                return "B"
            return "C"
        """,
    "pkg/inp.py": """\
        def passthru(mode, n):
            if n > 0:
                return mode
            return "DEFAULT"

        def attr(cfg):
            if cfg.on:
                return cfg.backend
            return "NONE"
        """,
    "pkg/opq.py": """\
        import os

        def ext(n):
            if n > 3:
                return "FAST"
            return os.getenv("OC_R47_MODE", "SLOW")

        def deep(n):
            if n > 0:
                return deep(n - 1)
            return "Z"

        def viamap(n, table):
            if n > 0:
                return table[n]
            return "NONE"
        """,
    "pkg/alias.py": """\
        import functools

        def pick(n):
            if n > 2:
                return "BIG"
            return "SMALL"

        ALIAS = pick
        TABLE = {"p": pick}
        PART = functools.partial(pick, 5)
        """,
    "pkg/reg.py": """\
        REGISTRY = {}

        def register(name):
            def deco(fn):
                REGISTRY[name] = fn
                return fn
            return deco

        @register("pick")
        def pick2(n):
            if n > 2:
                return "BIG"
            return "SMALL"
        """,
    "reread.py": """\
        import sys
        sys.path.insert(0, ".")
        from pkg.sel import pick

        class Cfg:
            def __init__(self, n):
                self.n = n

            def refresh(self):
                self.n = 5

        print(pick(Cfg(0)), pick(Cfg(3)))
        """,
    "passthrough.py": """\
        import sys
        sys.path.insert(0, ".")
        from pkg.inp import passthru, attr
        from pkg.opq import ext, deep, viamap

        class C:
            on = True
            backend = "flash"

        print(passthru("x", 1), passthru("x", 0), attr(C()), ext(5), ext(1), deep(2), viamap(1, {1: "T"}), viamap(0, {}))
        """,
    "aliases.py": """\
        import inspect, sys
        sys.path.insert(0, ".")
        import pkg.alias as S
        from pkg.reg import REGISTRY
        print(S.ALIAS(3), S.TABLE["p"](4), S.PART(), S.pick(1), [REGISTRY["pick"](n) for n in (1, 3, 5)])
        print(S.pick.__wrapped__ is S.ALIAS is S.TABLE["p"] is S.PART.func, str(inspect.signature(S.ALIAS)),
              inspect.getsource(S.ALIAS).splitlines()[0])
        """,
    "reread.toml": """\
        [[rule]]
        id = "small-n-never-b"
        path = "pkg/sel.py"
        function = "pick"
        forbid = ["B"]
        [rule.given]
        "cfg.n" = 0
        """,
    "passthrough.toml": """\
        [[rule]]
        id = "x-when-asked"
        path = "pkg/inp.py"
        function = "passthru"
        expect = "x"
        [rule.given]
        mode = "x"
        n = 1

        [[rule]]
        id = "never-x"
        path = "pkg/inp.py"
        function = "passthru"
        forbid = ["x"]
        [rule.given]
        n = 1
        """,
    "aliases.toml": """\
        [[rule]]
        id = "never-big"
        path = "pkg/alias.py"
        function = "pick"
        forbid = ["BIG"]
        [rule.given]
        n = { min = 3, max = 10 }

        [[rule]]
        id = "never-big-registered"
        path = "pkg/reg.py"
        function = "pick2"
        forbid = ["BIG"]
        [rule.given]
        n = { min = 3, max = 10 }
        """,
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("r47")
    for name, text in SOURCES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


@pytest.fixture(params=_interpreters())
def python(request):
    return request.param


def runtime(root, python, program, *options):
    report = root / f"report-{program}.json"
    done = subprocess.run([sys.executable, "-m", "ordercheck.cli", "--runtime", "--root", ".", *options, "--format", "json",
                           "--output", str(report), "--", python, program], cwd=root, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode in (0, 1), done.stderr
    data = json.loads(report.read_text())
    assert data["probe_errors"] == []
    return done, data


def calls(data, target):
    out = {}
    for o in data["observations"]:
        if o["target"] == target:
            out[json.dumps(o["outcome"])] = out.get(json.dumps(o["outcome"]), 0) + o["count"]
    return out


# ---------------------------------------------------------------- a guard read again after a call


def test_a_guard_read_again_after_a_call_is_not_judged_by_the_value_read_at_entry(tree, python):
    done, data = runtime(tree, python, "reread.py", "--rules", "reread.toml")
    assert done.stdout == "B A\n"  # cfg.n == 0 at entry; refresh() made it 5 before the second guard
    assert data["disagreements"] == [] and data["agreed_calls"] == 2
    assert data["notes"] == ["pkg/sel.py::pick: `cfg.n` read at line 5, after `cfg.refresh()` at line 4, is not observed "
                             "(the probe reads atoms at entry): the branch that fired tells it, no entry value stands in for it"]


def test_a_rule_on_the_entry_value_is_judged_on_the_call_that_read_it_again_after_a_call(tree, python):
    done, data = runtime(tree, python, "reread.py", "--rules", "reread.toml")
    (v,) = data["violations"]
    assert (v["rule"], v["actual"], v["count"], v["failed"]) == ("small-n-never-b", "B", 1, ["forbidden B"])
    assert data["rules_exercised"] == ["small-n-never-b"] and data["exit_code"] == 1


# ---------------------------------------------------------------- values the model holds as expressions


def test_a_branch_that_returns_an_input_or_an_unevaluated_value_agrees_with_what_the_call_returned(tree, python):
    done, data = runtime(tree, python, "passthrough.py", *(f"--target=pkg/{t}" for t in (
        "inp.py::passthru", "inp.py::attr", "opq.py::ext", "opq.py::deep", "opq.py::viamap")))
    assert done.stdout == "x DEFAULT flash FAST SLOW Z T NONE\n"
    assert data["disagreements"] == [] and data["exit_code"] == 0
    assert data["agreed_calls"] == 10  # deep(2) runs deep three times
    read = {o["target"]: o["atoms"] for o in data["observations"]}
    assert read["pkg/inp.py::attr"] == {"cfg.on": True, "cfg.backend": "flash"}  # the returned input is read too


def test_a_rule_on_a_passed_through_input_is_judged_by_the_value_the_call_returned(tree, python):
    done, data = runtime(tree, python, "passthrough.py", "--rules", "passthrough.toml")
    assert data["disagreements"] == []
    assert sorted(data["rules_exercised"]) == ["never-x", "x-when-asked"]
    (v,) = data["violations"]
    assert (v["rule"], v["actual"], v["count"], v["failed"]) == ("never-x", "x", 1, ["forbidden x"])


# ---------------------------------------------------------------- references taken while importing


def test_calls_through_an_alias_a_table_and_a_partial_taken_at_import_are_recorded(tree, python):
    done, data = runtime(tree, python, "aliases.py", "--rules", "aliases.toml")
    assert done.stdout.splitlines()[0] == "BIG BIG BIG SMALL ['SMALL', 'BIG', 'BIG']"
    assert calls(data, "pkg/alias.py::pick") == {'"BIG"': 3, '"SMALL"': 1}
    v = {x["rule"]: x for x in data["violations"]}
    assert (v["never-big"]["count"], v["never-big"]["observed"]["n"]) == (3, [3, 4, 5])


def test_calls_through_a_registry_a_decorator_filled_at_import_are_recorded(tree, python):
    done, data = runtime(tree, python, "aliases.py", "--rules", "aliases.toml")
    assert calls(data, "pkg/reg.py::pick2") == {'"BIG"': 2, '"SMALL"': 1}
    v = {x["rule"]: x for x in data["violations"]}
    assert v["never-big-registered"]["count"] == 2 and data["never_observed"] == [] and data["exit_code"] == 1


def test_the_probed_function_stays_the_object_every_reference_holds_with_its_signature_and_source(tree, python):
    done, _ = runtime(tree, python, "aliases.py", "--rules", "aliases.toml")
    assert done.stdout.splitlines()[1] == "True (n) def pick(n):"


class Base:
    def pick(self, n, *rest, k=1, **options):
        return ("base", n, rest, k, options)


class Child(Base):
    def pick(self, n, /, *rest, k=1, **options):
        if n > 2:
            return super().pick(n, *rest, k=k, **options)  # a closure over `__class__`
        return "SMALL"


def test_a_redirected_method_passes_every_kind_of_argument_through_the_wrapper_once():
    function = Child.__dict__["pick"]
    assert redirectable(function)
    counts = {}
    recorder = types.SimpleNamespace(counts=counts, calls=[0], tick=None, new_key=lambda key: counts.setdefault(key, [1]))
    hooks = {"ret": None, "capturing": [False], "error": lambda stage, exc: None, "note": lambda result: None,
             "nr_call": not_read("a call"), "nr_name": not_read("name not defined")}
    wrapper, _ = make(function, {"qualname": "Child.pick", "atoms": ["n"], "none_only": []}, recorder, hooks)
    before = inspect.signature(function)
    redirect(function, wrapper, copy_of(function))
    child = Child()
    assert child.pick(1) == "SMALL"
    assert child.pick(5, 6, k=2, z=3) == ("base", 5, (6,), 2, {"z": 3})
    assert Child.pick is function and inspect.signature(function) == before
    assert sorted((key[1] if isinstance(key[1], str) else "base", key[3]) for key in counts) == [("SMALL", 1), ("base", 5)]
    with pytest.raises(TypeError):
        child.pick(n=1)  # positional-only, as the original


def test_a_generator_function_is_not_redirected():
    def gen(n):
        yield n

    async def coro(n):
        return n

    assert not redirectable(gen) and not redirectable(coro)
