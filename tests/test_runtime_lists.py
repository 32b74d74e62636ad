"""Decisions that return an ordered list of candidates, and selections that pick the first one
supported: the probe records the list it saw (plain values, bounded, holding nothing of the
program) and the candidate chosen; reconciling matches lists with the static model's list
outcomes and checks `first`, `before` and `contains` rules on what ran."""

import enum
import json
import os
import shutil
import subprocess
import sys
import textwrap
import weakref
from pathlib import Path

import pytest

import ordercheck
from ordercheck.extract import extract
from ordercheck.formula import terms
from ordercheck.rules import parse_rules
from ordercheck.runtime.probe_read import MAX_ITEMS, key_of, plain
from ordercheck.runtime.reconcile import Observation, fact_atoms, observations_of, reconcile
from ordercheck.runtime.records import Records
from ordercheck.schemas import validator

from test_runtime import _has_monitoring, _interpreters
from test_runtime_reader import wrap

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"
BACKENDS = (FIXTURES / "backends.py").read_text()
PRIORITIES, SELECT = "backends.py::priorities", "backends.py::select"
HOPPER = ["Backend.FLASH_ATTN", "Backend.FLASHINFER", "Backend.TRITON", "Backend.FLEX"]
BLACKWELL = ["Backend.FLASHINFER", "Backend.FLASH_ATTN", "Backend.TRITON", "Backend.FLEX"]
REORDERED = ("backends = [Backend.FLASH_ATTN, Backend.FLASHINFER, Backend.TRITON]",
             "backends = [Backend.FLASHINFER, Backend.FLASH_ATTN, Backend.TRITON]")


class Backend(enum.Enum):
    FLASH_ATTN = 1
    TRITON = 2


# ---------------------------------------------------------------- what the probe records


def test_a_returned_list_is_counted_as_the_plain_values_of_its_items_under_one_key():
    def order(fast):
        return [Backend.FLASH_ATTN, "auto", 3, None, (Backend.TRITON, [1.5])] if fast else (Backend.TRITON,)

    wrapper, counts = wrap(order, ["fast"])
    for _ in range(100):
        assert wrapper(True)[0] is Backend.FLASH_ATTN  # a new list each call
    wrapper(False)
    assert {json.dumps(plain(key[1])): c[0] for key, c in counts.counts.items()} == {
        '["Backend.FLASH_ATTN", "auto", 3, null, ["Backend.TRITON", [1.5]]]': 100, '["Backend.TRITON"]': 1}
    assert counts.errors == []


def test_a_list_longer_than_the_bound_is_cut_with_a_marker_that_says_how_many_items_were_left_out():
    assert plain(key_of(list(range(MAX_ITEMS + 6)), True)) == [*range(MAX_ITEMS), {"more": 6}]
    assert plain(key_of([[0] * 40, [1] * 40], True)) == [[0] * 40, [1] * 22 + [{"more": 18}]]  # 64 items in all
    assert plain(key_of([[[["deep"]]]], True)) == [[["<list>"]]]  # three levels at most


def test_the_probe_keeps_no_reference_to_a_returned_list_or_its_items():
    class Candidates(list):
        pass

    class Item:
        pass

    def order():
        return Candidates([Backend.TRITON, Item()])

    wrapper, counts = wrap(order, [])
    result = wrapper()
    gone, item_gone = weakref.ref(result), weakref.ref(result[1])
    del result
    assert gone() is None and item_gone() is None
    (key,) = counts.counts
    assert plain(key[1]) == ["Backend.TRITON", "<Item>"]


def test_a_list_changed_after_it_was_returned_is_counted_as_it_was_returned():
    shared = [Backend.FLASH_ATTN]

    def order():
        return shared

    wrapper, counts = wrap(order, [])
    wrapper()
    shared.append(Backend.TRITON)  # the same object, other items
    wrapper()
    assert sorted(json.dumps(plain(k[1])) for k in counts.counts) == [
        '["Backend.FLASH_ATTN", "Backend.TRITON"]', '["Backend.FLASH_ATTN"]']


def test_a_list_subclass_is_read_without_running_its_own_iter_len_or_getitem():
    class Loud(list):
        def __iter__(self):
            raise AssertionError("the probe ran __iter__")

        def __len__(self):
            raise AssertionError("the probe ran __len__")

        def __getitem__(self, i):
            raise AssertionError("the probe ran __getitem__")

    assert plain(key_of(Loud([Backend.TRITON, "x"]), True)) == ["Backend.TRITON", "x"]


def test_a_tuple_subclass_is_read_without_its_class_property_or_its_eq():
    class Pair(tuple):
        @property
        def __class__(self):
            raise AssertionError("the probe read __class__")

        def __eq__(self, other):
            raise AssertionError("the probe ran __eq__")

        __hash__ = tuple.__hash__

    assert plain(key_of(Pair((Backend.TRITON, 2)), True)) == ["Backend.TRITON", 2]


def test_atoms_that_hold_lists_are_still_kept_by_their_type():
    assert plain(key_of([1, 2])) == "<list>"


# ---------------------------------------------------------------- reconciling, without running


def model(function, source=BACKENDS):
    return extract(source, "backends.py", function)


def rules(text: str):
    found, errors = parse_rules(text, "lists.toml")
    assert errors == []
    return found


RULES = rules((FIXTURES / "lists.toml").read_text())


def seen(target, outcome, atoms, line=None, count=3, image="img-1") -> Observation:
    return Observation(target, pid=7, rank=None, line=line, outcome=outcome, atoms=atoms, capturing=False, count=count,
                       image=image)


def test_a_recorded_list_agrees_with_the_static_branch_of_the_same_items_in_the_same_order():
    models = {PRIORITIES: model("priorities")}
    result = reconcile(models, RULES, [seen(PRIORITIES, HOPPER, {"use_mla": False, "major": 9}, line=25),
                                       seen(PRIORITIES, BLACKWELL, {"use_mla": False, "major": 10}, line=25)])
    assert (result.agreed_calls, result.disagreements, result.violations) == (6, [], [])
    assert result.exercised == {"hopper-tries-flash-attn-first", "blackwell-tries-flashinfer-before-flash-attn"}


def test_a_list_the_model_does_not_predict_for_the_recorded_atoms_is_a_disagreement():
    models = {PRIORITIES: model("priorities")}
    result = reconcile(models, [], [seen(PRIORITIES, BLACKWELL, {"use_mla": False, "major": 9})])
    (disagreement,) = result.disagreements
    assert disagreement.predicted == [("[Backend.FLASH_ATTN, Backend.FLASHINFER, Backend.TRITON, Backend.FLEX]", 25)]
    assert result.agreed_calls == 0


def test_a_list_with_an_item_missing_or_added_is_a_disagreement():
    models = {PRIORITIES: model("priorities")}
    atoms = {"use_mla": False, "major": 9}
    result = reconcile(models, [], [seen(PRIORITIES, HOPPER[:3], atoms), seen(PRIORITIES, HOPPER + ["Backend.FLEX"], atoms)])
    assert len(result.disagreements) == 2


def test_a_reordered_list_violates_first_naming_the_observed_list_and_the_atoms():
    source = BACKENDS.replace(*REORDERED)
    models = {PRIORITIES: model("priorities", source)}
    assert "major" not in {t.text for b in models[PRIORITIES].branches for t in terms(b.guard)}  # nor does the probe read it
    result = reconcile(models, RULES, [seen(PRIORITIES, BLACKWELL, {"use_mla": False}, line=25)])
    assert result.disagreements == []
    (violation,) = result.violations
    assert violation.rule.id == "hopper-tries-flash-attn-first"
    assert (violation.failed, violation.observed_list, violation.count) == (["expected first FLASH_ATTN"], BLACKWELL, 3)
    assert violation.observed == {"use_mla": {False}}
    assert violation.as_dict()["first"] == "FLASH_ATTN"


def test_the_probe_reads_the_facts_a_list_no_longer_depends_on_and_a_call_outside_them_is_outside():
    models = {PRIORITIES: model("priorities", BACKENDS.replace(*REORDERED))}
    assert fact_atoms(models[PRIORITIES], RULES) == ["major", "use_mla"]
    assert fact_atoms(model("priorities"), RULES) == ["major", "use_mla"]  # the plan adds those its guards do not read
    result = reconcile(models, RULES, [seen(PRIORITIES, BLACKWELL, {"use_mla": False, "major": 10}, line=25)])
    assert (result.violations, result.exercised, result.agreed_calls) == ([], {"blackwell-tries-flashinfer-before-flash-attn"}, 3)


def test_recorded_atoms_are_named_by_the_plan_of_the_run_that_recorded_them():
    records = Records(plan_of={"run-1": {"targets": [{"id": PRIORITIES, "atoms": ["major", "use_mla"]}]}},
                      processes={"img-1": {"run": "run-1", "pid": 7}, "img-2": {"run": "run-2", "pid": 8}})
    records.observations = {("img-1", PRIORITIES, 25, json.dumps(BLACKWELL), "[10, false]", False): 3,
                            ("img-2", PRIORITIES, 25, json.dumps(BLACKWELL), "[false, 10]", False): 2}
    by_pid = {o.pid: o.atoms for o in observations_of(records, {PRIORITIES: ["use_mla", "major"]})}
    assert by_pid == {7: {"major": 10, "use_mla": False}, 8: {"use_mla": False, "major": 10}}  # run-2: no plan, the model's


def test_before_and_contains_are_checked_on_the_observed_list():
    source = "def order(major):\n    if major >= 10:\n        return ['b', 'a']\n    return ['a', 'c']\n"
    text = ('[[rule]]\nid = "{id}"\npath = "m.py"\nfunction = "order"\n{body}\n[rule.given]\nmajor = {major}\n')
    found = rules(text.format(id="a-before-b", body='before = [["a", "b"]]', major=10)
                  + text.format(id="has-c", body='contains = ["c"]', major=10))
    models = {"m.py::order": extract(source, "m.py", "order")}
    result = reconcile(models, found, [seen("m.py::order", ["b", "a"], {"major": 10})])
    assert sorted((v.rule.id, tuple(v.failed)) for v in result.violations) == [
        ("a-before-b", ("expected a before b",)), ("has-c", ("expected to contain c",))]


def test_a_list_the_probe_cut_short_matches_on_the_items_it_kept_and_its_length():
    items = ", ".join(f"'c{i}'" for i in range(MAX_ITEMS + 2))
    source = f"def order(x):\n    if x:\n        return []\n    return [{items}]\n"
    models = {"m.py::order": extract(source, "m.py", "order")}
    kept = [f"c{i}" for i in range(MAX_ITEMS)]
    result = reconcile(models, [], [seen("m.py::order", [*kept, {"more": 2}], {"x": False}),
                                    seen("m.py::order", [*kept, {"more": 3}], {"x": False})])
    assert result.agreed_calls == 3 and len(result.disagreements) == 1


def test_a_list_the_model_cannot_spell_out_agrees_with_any_list():
    source = "def order(xs):\n    out = []\n    for x in xs:\n        out.append(x)\n    return out\n"
    models = {"m.py::order": extract(source, "m.py", "order")}
    assert [b.result.kind for b in models["m.py::order"].branches] == ["opaque"]
    result = reconcile(models, [], [seen("m.py::order", ["a", "b"], {})])
    assert (result.agreed_calls, result.disagreements) == (3, [])


def test_a_named_constant_from_outside_the_tree_agrees_with_a_plain_value_and_with_the_member_of_its_name():
    source = ("import envs\ndef pick(x):\n    if x:\n        return Order.FAST\n    if envs.FLAG:\n"
              "        return envs.DEFAULT_BACKEND\n    return [Order.SLOW, Order.FAST]\nfrom consts import Order\n")
    models = {"m.py::pick": extract(source, "m.py", "pick")}
    assert [b.result.kind for b in models["m.py::pick"].branches] == ["named", "named", "list"]
    agreeing = [seen("m.py::pick", "Order.FAST", {"x": True}), seen("m.py::pick", "flash", {"x": False, "envs.FLAG": True}),
                seen("m.py::pick", ["Order.SLOW", "fast"], {"x": False, "envs.FLAG": False})]
    result = reconcile(models, [], agreeing + [seen("m.py::pick", "Order.SLOW", {"x": True})])
    assert result.agreed_calls == 9
    assert [(d.observation.outcome, d.predicted) for d in result.disagreements] == [("Order.SLOW", [("Order.FAST", 4)])]


def test_a_returned_tuple_the_model_reads_by_its_first_item_agrees_by_that_item():
    source = textwrap.dedent("""
        import enum
        class B(enum.Enum):
            X = 1
            Y = 2
        def select(cfg):
            if cfg.fast:
                return B.X, XExperts
            return B.Y, None
        from experts import XExperts
    """)
    models = {"m.py::select": extract(source, "m.py", "select")}
    result = reconcile(models, [], [seen("m.py::select", ["B.X", "<ABCMeta>"], {"cfg.fast": True}),
                                    seen("m.py::select", ["B.X", None], {"cfg.fast": False})])
    assert result.agreed_calls == 3 and len(result.disagreements) == 1


def test_an_item_that_passes_an_input_through_is_compared_with_the_recorded_input():
    source = "def order(cfg):\n    return [cfg.choice, 'auto']\n"
    models = {"m.py::order": extract(source, "m.py", "order")}
    result = reconcile(models, [], [seen("m.py::order", ["triton", "auto"], {"cfg.choice": "triton"}),
                                    seen("m.py::order", ["flex", "auto"], {"cfg.choice": "triton"})])
    assert result.agreed_calls == 3 and len(result.disagreements) == 1


def test_a_selection_names_its_pick_and_the_one_list_of_the_process_it_came_from():
    models = {PRIORITIES: model("priorities"), SELECT: model("select")}
    atoms = {"use_mla": False, "major": 9}
    result = reconcile(models, RULES, [seen(PRIORITIES, HOPPER, atoms, count=6), seen(SELECT, "Backend.TRITON", atoms),
                                       seen(SELECT, "Backend.TRITON", atoms, image="img-2")])
    picks = [o for o in result.observations if o.target == SELECT]
    assert [o.chosen for o in picks] == ["Backend.TRITON", "Backend.TRITON"]
    assert picks[0].candidates == {"target": PRIORITIES, "list": HOPPER, "position": 3}
    assert picks[1].candidates is None  # that process recorded no list
    assert "hopper-falls-back-to-triton" in result.exercised and result.violations == []


# ---------------------------------------------------------------- through `ordercheck --runtime`


@pytest.fixture(scope="module", params=_interpreters())
def runs(request, tmp_path_factory):
    """The program under the probe: once per configuration (Hopper, Blackwell) into one data
    folder, then a copy whose priority list was reordered (both in one run)."""
    python, tmp = request.param, tmp_path_factory.mktemp("lists")
    edited = tmp / "edited"
    shutil.copytree(FIXTURES, edited, ignore=shutil.ignore_patterns("__pycache__"))
    (edited / "backends.py").write_text(BACKENDS.replace(*REORDERED))
    done = {name: probed(FIXTURES, tmp / "data", python, name) for name in ("hopper", "blackwell")}
    done["edited"] = probed(edited, tmp / "edited-data", python, "hopper", "blackwell")
    return python, tmp, done


def probed(where, data, python, *configs):
    """(the finished command, its JSON report)."""
    report = data.parent / f"{data.name}-{'-'.join(configs)}.json"
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--rules", "lists.toml", "--data-dir", str(data),
               "--format", "json", "--output", str(report), "--", python, "lists.py", *configs]
    done = subprocess.run(command, cwd=where, capture_output=True, text=True, timeout=120, env=ENV)
    return done, json.loads(report.read_text())


# subprocesses import this checkout of ordercheck, whatever is installed
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(ordercheck.__file__).parent.parent),
                                                    *filter(None, [os.environ.get("PYTHONPATH")])])}


def combined(folder, *extra):
    return subprocess.run([sys.executable, "-m", "ordercheck.cli", "combine", *map(str, sorted(folder.glob("run-*"))), *extra],
                          capture_output=True, text=True, timeout=120, env=ENV)


def test_each_configuration_records_its_list_and_the_candidate_chosen(runs):
    python, tmp, done = runs
    assert [done[n][0].returncode for n in ("hopper", "blackwell")] == [0, 0], done["hopper"][0].stderr
    assert done["hopper"][0].stdout == "hopper ['FLASH_ATTN', 'FLASHINFER', 'TRITON', 'FLEX'] -> TRITON\n"
    data = json.loads(combined(tmp / "data", "--format", "json").stdout)
    validator("runtime").validate(data)
    line = 25 if _has_monitoring(python) else None
    lists = sorted((o["outcome"], o["atoms"]["major"], o["line"], o["count"]) for o in data["observations"] if o["target"] == PRIORITIES)
    assert lists == [(BLACKWELL, 10, line, 6), (HOPPER, 9, line, 6)]  # three direct calls, three from select
    picks = sorted((o["chosen"], o["candidates"]["position"], o["candidates"]["list"], o["count"])
                   for o in data["observations"] if o["target"] == SELECT)
    assert picks == [("Backend.FLASHINFER", 1, BLACKWELL, 3), ("Backend.TRITON", 3, HOPPER, 3)]
    assert (data["disagreements"], data["violations"], data["exit_code"]) == ([], [], 0)
    assert data["rules_exercised"] == ["blackwell-tries-flashinfer-before-flash-attn", "hopper-falls-back-to-triton",
                                       "hopper-tries-flash-attn-first"]


def test_a_reordered_list_is_a_violation_that_names_the_rule_the_list_and_the_atoms(runs):
    python, tmp, done = runs
    edited, data = done["edited"]
    assert edited.returncode == 1
    validator("runtime").validate(data)
    (violation,) = data["violations"]  # the Blackwell calls return the same list, outside the rule's facts
    assert (violation["rule"], violation["observed_list"], violation["failed"], violation["count"], violation["observed"]) == (
        "hopper-tries-flash-attn-first", BLACKWELL, ["expected first FLASH_ATTN"], 6, {"major": [9], "use_mla": [False]})
    assert data["disagreements"] == []


def test_the_text_report_shows_lists_picks_and_violations_by_short_names(runs):
    python, tmp, done = runs
    text = combined(tmp / "edited-data").stdout
    line = " (line 25)" if _has_monitoring(python) else ""
    assert f": [FLASHINFER, FLASH_ATTN, TRITON, FLEX]{line} x 12\n" in text
    assert f"VIOLATION hopper-tries-flash-attn-first: [FLASHINFER, FLASH_ATTN, TRITON, FLEX]{line}, expected first FLASH_ATTN; 6 calls" in text
    assert "      observed major=9, use_mla=false\n" in text
    pick = " (line 32)" if _has_monitoring(python) else ""
    assert f": chose TRITON{pick} x 3   3rd of [FLASHINFER, FLASH_ATTN, TRITON, FLEX] (priorities)\n" in text
    assert f": chose FLASHINFER{pick} x 3   1st of [FLASHINFER, FLASH_ATTN, TRITON, FLEX] (priorities)\n" in text
