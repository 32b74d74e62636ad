"""Round 51, `--runtime`: a call on a path the static model does not predict is still judged by
the rules, on the outcome that ran (a forbidden outcome is a VIOLATION that says what the model
predicted; an expected one exercises the rule; a scenario that turns on an atom the probe did not
read is not judged, and a note says so); a report with no atom read says so; attributes of a
`types.SimpleNamespace` (a C type whose lookup is the generic one) are read."""

import functools
import json
import subprocess
import sys
import textwrap
import types
import weakref

import pytest

from ordercheck.runtime.probe_read import PLAIN, NotRead, Site, attribute_verdict
from test_runtime import _interpreters

MODEL = """\
    def decide(cfg):
        if cfg.mode == "slow":
            return "SAFE"
        if cfg.mode == "legacy":
            return "SLOW"
        if cfg.mode == "turbo":
            return "DEFAULT"
        return "FAST"


    def pick(cfg):
        if cfg.off:
            return "STOP"
        if cfg.ready():
            return "GO"
        return "WAIT"


    def lookup(opts):
        if opts.get("k") == 1:
            return "ONE"
        return "OTHER"


    def guarded(cfg):
        if cfg.mode == "a":
            return "A"
        return "B"
    """

SOURCES = {
    "m.py": MODEL,
    # the code that runs is not the code the static model read (a deployment patched after the
    # check): `slow` returns SLOW, `turbo` FAST, a ready `pick` STOP, `guarded` an outcome it never had
    "patched.py": """\
        import pathlib, sys, types
        sys.dont_write_bytecode = True
        source = pathlib.Path("m.py").read_text()
        pathlib.Path("m.py").write_text(source.replace('"SAFE"', '"SLOW"').replace('"DEFAULT"', '"FAST"')
                                        .replace('"GO"', '"STOP"').replace('"B"', '"C"'))
        import m
        pathlib.Path("m.py").write_text(source)

        class Ready:
            off = False

            def ready(self):
                return True

        class Hooked:
            def __getattribute__(self, name):
                return "z"

        print(m.decide(types.SimpleNamespace(mode="slow")), m.decide(types.SimpleNamespace(mode="turbo")),
              m.decide(types.SimpleNamespace(mode="eco")), m.pick(Ready()), m.guarded(Hooked()))
        """,
    "plain.py": """\
        import sys, types
        sys.dont_write_bytecode = True
        import m
        print(m.lookup({"k": 1}), m.lookup({"k": 3}), m.decide(types.SimpleNamespace(mode="slow")))
        """,
    "rules.toml": """\
        [[rule]]
        id = "slow-never-slow"
        path = "m.py"
        function = "decide"
        forbid = ["SLOW"]
        [rule.given]
        "cfg.mode" = "slow"

        [[rule]]
        id = "turbo-is-fast"
        path = "m.py"
        function = "decide"
        expect = "FAST"
        [rule.given]
        "cfg.mode" = "turbo"

        [[rule]]
        id = "legacy-is-slow"
        path = "m.py"
        function = "decide"
        expect = "SLOW"
        [rule.given]
        "cfg.mode" = "legacy"

        [[rule]]
        id = "policy"
        path = "m.py"
        function = "decide"
        order = [
          { when = "cfg.mode == 'slow'", then = "SAFE" },
          { when = "cfg.mode == 'legacy'", then = "SLOW" },
        ]
        otherwise = "FAST"

        [[rule]]
        id = "ready-never-stops"
        path = "m.py"
        function = "pick"
        forbid = ["STOP"]
        [rule.given]
        "cfg.ready()" = true

        [[rule]]
        id = "guarded-never-b"
        path = "m.py"
        function = "guarded"
        forbid = ["B"]

        [[rule]]
        id = "never-other"
        path = "m.py"
        function = "lookup"
        forbid = ["OTHER"]
        """,
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("r51")
    for name, text in SOURCES.items():
        (root / name).write_text(textwrap.dedent(text))
    return root


@pytest.fixture(params=_interpreters())
def python(request):
    return request.param


_RUNS: dict = {}


def runtime(root, python, program, form="json"):
    """The report of `--runtime --rules rules.toml -- PYTHON PROGRAM` (one run per program, form
    and interpreter)."""
    key = (str(root), python, program, form)
    if key not in _RUNS:
        report = root / f"report-{program}-{form}-{len(_RUNS)}"
        done = subprocess.run([sys.executable, "-m", "ordercheck.cli", "--runtime", "--root", ".", "--rules", "rules.toml",
                               "--format", form, "--output", str(report), "--", python, program],
                              cwd=root, capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        _RUNS[key] = (done, json.loads(report.read_text()) if form == "json" else report.read_text())
    return _RUNS[key]


def _lines_of(text, target):
    """The report's lines under target `target` (up to the next target or the summary)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {target}  ("))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    return lines[start + 1:end]


# ---------------------------------------------------------------- a path the model does not predict


def test_a_forbidden_outcome_that_ran_on_a_path_the_model_does_not_predict_is_a_violation(tree, python):
    done, data = runtime(tree, python, "patched.py")
    assert done.stdout == "SLOW FAST FAST STOP C\n"
    v = {x["rule"]: x for x in data["violations"]}
    slow = v["slow-never-slow"]
    assert (slow["actual"], slow["failed"], slow["count"], slow["observed"]) == ("SLOW", ["forbidden SLOW"], 1, {"cfg.mode": ["slow"]})
    assert slow["predicted"] == [{"outcome": "'SAFE'", "line": 3}]  # what the model said, beside what ran
    assert "slow-never-slow" in data["rules_exercised"] and data["exit_code"] == 1
    assert {(d["target"], d["outcome"]) for d in data["disagreements"]} >= {("m.py::decide", "SLOW"), ("m.py::decide", "FAST")}


def test_an_expected_outcome_that_ran_on_a_path_the_model_does_not_predict_exercises_the_rule(tree, python):
    _, data = runtime(tree, python, "patched.py")
    assert "turbo-is-fast" in data["rules_exercised"]  # the model predicts DEFAULT for turbo; FAST ran
    assert "turbo-is-fast" not in {x["rule"] for x in data["violations"]}
    assert "legacy-is-slow" not in data["rules_exercised"]  # no call in its scenario


def test_a_policy_is_judged_on_the_outcome_that_ran_where_the_model_does_not_predict_it(tree, python):
    _, data = runtime(tree, python, "patched.py")
    (v,) = [x for x in data["violations"] if x["rule"] == "policy"]
    assert (v["actual"], v["failed"], v["observed"]) == ("SLOW", ["forbidden by the policy"], {"cfg.mode": ["slow"]})
    assert v["predicted"] == [{"outcome": "'SAFE'", "line": 3}]


def test_a_violation_where_the_model_agrees_has_no_prediction_of_its_own(tree, python):
    _, data = runtime(tree, python, "plain.py")
    (v,) = [x for x in data["violations"] if x["rule"] == "never-other"]
    assert v["predicted"] is None and data["disagreements"] == []


def test_a_scenario_that_turns_on_an_atom_not_read_is_not_judged_on_an_unpredicted_path_and_a_note_says_so(tree, python):
    _, data = runtime(tree, python, "patched.py")
    assert "ready-never-stops" not in data["rules_exercised"]
    assert "ready-never-stops" not in {x["rule"] for x in data["violations"]}
    (note,) = [n for n in data["notes"] if "ready-never-stops" in n]
    assert note.startswith("m.py::pick: 1 call (pid ")
    assert ("on a path the static model does not predict, which breaks rule ready-never-stops (forbidden STOP) if the "
            "call is in its scenario: that turns on `cfg.ready()`, which the probe did not read") in note


def test_the_text_report_says_what_the_model_predicted_for_a_violation_on_a_path_it_does_not_predict(tree, python):
    _, text = runtime(tree, python, "patched.py", "text")
    lines = _lines_of(text, "decide")
    at = next(i for i, line in enumerate(lines) if line.startswith("    VIOLATION slow-never-slow: SLOW"))
    assert lines[at].endswith(", forbidden SLOW; 1 call in pids " + lines[at].rsplit(" ", 1)[1])
    assert lines[at + 1:at + 4] == [
        "      observed mode=slow",
        "      model    predicts 'SAFE' (line 3) for these calls, not what ran (MODEL DISAGREES below): the rule is "
        "judged on what ran",
        "      rule     rules.toml:1",
    ]
    (idle,) = [line for line in text.splitlines() if line.startswith("  rules never exercised: ")]
    assert idle == "  rules never exercised: legacy-is-slow, ready-never-stops, never-other"  # (lookup never ran)


# ---------------------------------------------------------------- nothing read


def test_a_violation_whose_calls_read_no_atom_says_so_and_names_the_calls_not_run(tree, python):
    _, text = runtime(tree, python, "plain.py", "text")
    lines = _lines_of(text, "lookup")
    at = next(i for i, line in enumerate(lines) if line.startswith("    VIOLATION never-other: OTHER"))
    assert lines[at + 1] == "      observed (no atoms read; calls the probe does not run: opts.get('k'))"


def test_a_disagreement_with_no_atom_read_says_so_rather_than_ending_in_for(tree, python):
    _, text = runtime(tree, python, "patched.py", "text")
    (line,) = [x for x in _lines_of(text, "guarded") if x.startswith("    MODEL DISAGREES")]
    assert line.endswith("; the static model predicts 'A' (line 27), 'B' (line 28) (no atoms read)")
    assert "    not read: mode (Hooked defines __getattribute__)" in _lines_of(text, "guarded")


def test_an_outcome_a_rule_does_not_forbid_on_an_unpredicted_path_exercises_it(tree, python):
    _, data = runtime(tree, python, "patched.py")
    assert "guarded-never-b" in data["rules_exercised"]  # C ran: no fact to check, not B
    assert "guarded-never-b" not in {x["rule"] for x in data["violations"]}


# ---------------------------------------------------------------- SimpleNamespace


def test_the_attributes_of_a_simple_namespace_are_read(tree, python):
    _, data = runtime(tree, python, "plain.py")
    (o,) = [x for x in data["observations"] if x["target"] == "m.py::decide"]
    assert (o["outcome"], o["atoms"], o["not_read"]) == ("SAFE", {"cfg.mode": "slow"}, {})


class _Hooked:
    def __getattribute__(self, name):
        return 1


class _Namespace(types.SimpleNamespace):
    def __getattr__(self, name):
        return 1


def test_a_c_type_whose_lookup_is_the_generic_one_is_read_and_a_lookup_of_its_own_is_not():
    assert attribute_verdict(types.SimpleNamespace, "mode") is PLAIN
    assert attribute_verdict(functools.partial, "func") is PLAIN
    assert attribute_verdict(type("Sub", (types.SimpleNamespace,), {}), "mode") is PLAIN
    refused = {t: attribute_verdict(t, "mode") for t in (_Hooked, weakref.ProxyType, super)}
    assert all(type(v) is NotRead for v in refused.values())
    assert refused[_Hooked].reason == "_Hooked defines __getattribute__"
    assert refused[weakref.ProxyType].reason == "ProxyType defines __getattribute__"  # it reads the referent


def test_a_simple_namespace_subclass_with_getattr_is_read_from_its_dict_only():
    site = Site(0, True, "mode")
    assert site.read(_Namespace(mode="x")) == "x"
    assert type(site.read(_Namespace())) is NotRead  # a miss would run __getattr__
