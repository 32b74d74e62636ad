"""Mutation testing of rules: each operator makes the edit it names at the line it names; the
benign operators change nothing `diff` can see; `oracle` and `judge` give the verdicts the
command reports; `ordercheck mutate` on the fixture tree catches the edits its rules are about."""

import ast
import json
import textwrap

import pytest

from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE
from ordercheck import mutate, schemas
from ordercheck.diff import diff_models
from ordercheck.extract import extract
from ordercheck.model import ConfigError, Location

CHOOSER = textwrap.dedent('''\
    import envs


    class Chooser:
        @property
        def _disabled(self):
            if self.lora:
                return True
            return self.eplb and self.backend not in ("x", "y")

        def choose(self, tokens):
            if self._disabled:
                return Order.NONE
            if self.mk():
                return Order.MK
            run_aux = self.cuda and tokens <= envs.LIMIT
            if run_aux:
                return Order.AUX
            else:
                return Order.NONE


    def unrelated(flag):
        if flag:
            return 1
        return 2
''')


def edits(source, operator, functions=("Chooser.choose",)):
    """(line, edited lines) of every mutant one operator makes."""
    return [(m.line, m.edit) for m in mutate.mutants(source, functions, [operator])]


def mutated(source, operator):
    """(line, whole edited source) of every mutant one operator makes of `f`."""
    return [(m.line, m.source) for m in mutate.mutants(source, ["f"], [operator])]


# ---------------------------------------------------------------- operators


def test_negate_guard_negates_each_if_of_the_functions_named_and_no_other():
    assert edits(CHOOSER, "negate-guard") == [
        (12, ("-        if self._disabled:", "+        if not self._disabled:")),
        (14, ("-        if self.mk():", "+        if not self.mk():")),
        (17, ("-        if run_aux:", "+        if not run_aux:")),
    ]


def test_negate_guard_removes_a_not_rather_than_doubling_it_and_parenthesizes_an_operation():
    source = "def f(a, b):\n    if not a:\n        return 1\n    if a and b:\n        return 2\n"
    assert edits(source, "negate-guard", ["f"]) == [
        (2, ("-    if not a:", "+    if a:")),
        (4, ("-    if a and b:", "+    if not (a and b):")),
    ]


def test_swap_arms_exchanges_the_if_and_else_bodies():
    [(line, edit)] = edits(CHOOSER, "swap-arms")
    assert line == 17
    assert edit == ("+            return Order.NONE", "+        else:", "-        else:", "-            return Order.NONE")


def test_swap_arms_and_negate_guard_reach_conditional_expressions():
    source = "def f(c):\n    return A if c else B\n"
    assert edits(source, "swap-arms", ["f"]) == [(2, ("-    return A if c else B", "+    return B if c else A"))]
    assert edits(source, "negate-guard", ["f"]) == [(2, ("-    return A if c else B", "+    return A if not c else B"))]


def test_swap_returns_exchanges_neighbouring_guarded_returns():
    [m] = mutate.mutants(CHOOSER, ["Chooser.choose"], ["swap-returns"])
    assert (m.line, m.description) == (12, "statements at lines 12 and 14 swapped")
    body = m.source.splitlines()[11:15]
    assert body == ["        if self.mk():", "            return Order.MK", "        if self._disabled:", "            return Order.NONE"]


def test_swap_elif_exchanges_two_arms_of_a_chain_with_their_bodies():
    source = "def f(a, b):\n    if a:\n        return 1\n    elif b:\n        return 2\n    return 3\n"
    assert mutated(source, "swap-elif") == [(2, "def f(a, b):\n    if b:\n        return 2\n    elif a:\n        return 1\n    return 3\n")]


def test_drop_guard_deletes_each_guarded_return():
    assert edits(CHOOSER, "drop-guard") == [
        (12, ("-        if self._disabled:", "-            return Order.NONE")),
        (14, ("-        if self.mk():", "-            return Order.MK")),
    ]


def test_unguard_keeps_the_body_of_an_if_without_else_and_drops_its_condition():
    source = "def f(view):\n    backend = view.backend\n    if backend == 'auto':\n        backend = 'triton'\n    return backend\n"
    assert mutated(source, "unguard") == [(3, "def f(view):\n    backend = view.backend\n    backend = 'triton'\n    return backend\n")]


def test_drop_operand_drops_each_operand_of_a_flat_chain_at_its_own_line():
    source = "def f(a, b, c):\n    if (\n        a\n        and b\n        and c\n    ):\n        return 1\n"
    found = mutate.mutants(source, ["f"], ["drop-operand"])
    assert [m.line for m in found] == [3, 4, 5]
    tests = [ast.unparse(ast.parse(m.source).body[0].body[0].test) for m in found]
    assert tests == ["b and c", "a and c", "a and b"]


def test_drop_operand_keeps_the_parentheses_that_hold_a_multi_line_chain():
    source = "def f(a, b):\n    x = (\n        a\n        and b\n    )\n    return x\n"
    found = mutate.mutants(source, ["f"], ["drop-operand"])
    assert [ast.unparse(ast.parse(m.source).body[0].body[0].value) for m in found] == ["b", "a"]
    assert "x = (\n        b\n    )" in found[0].source


def test_drop_member_deletes_each_member_and_a_tuple_left_with_one_stays_a_tuple():
    found = mutate.mutants(CHOOSER, ["Chooser._disabled"], ["drop-member"])
    values = [ast.literal_eval(ast.parse(m.source).body[1].body[0].body[1].value.values[1].comparators[0]) for m in found]
    assert [m.line for m in found] == [9, 9]
    assert values == [("y",), ("x",)]


def test_add_member_adds_a_fresh_string_to_a_collection_of_strings():
    [(line, edit)] = edits(CHOOSER, "add-member", ["Chooser._disabled"])
    assert line == 9
    assert edit[1].endswith('not in ("x", "y", "added_by_mutation")')


def test_swap_members_reorders_neighbouring_members_of_a_priority_list():
    source = "def f():\n    return [B.FLASH, B.TRITON, B.FLEX]\n"
    assert [ast.unparse(ast.parse(m.source).body[0].body[0].value) for m in mutate.mutants(source, ["f"], ["swap-members"])] == [
        "[B.TRITON, B.FLASH, B.FLEX]", "[B.FLASH, B.FLEX, B.TRITON]"]


def test_collections_that_are_unpacked_into_names_are_not_edited():
    source = "def f(pairs):\n    a, b = pairs[0]\n    for x, y in pairs:\n        return [x, y]\n"
    found = mutate.mutants(source, ["f"], ["swap-members", "drop-member"])
    assert [m.line for m in found] == [4, 4, 4]


def test_swap_statements_exchanges_neighbouring_calls_and_plain_if_blocks():
    source = textwrap.dedent('''\
        def f(backends, cpu, xpu):
            backends.remove(A)
            backends.insert(0, A)
            if cpu:
                backends.append(C)
            if xpu:
                backends.append(X)
            return backends
    ''')
    found = mutate.mutants(source, ["f"], ["swap-statements"])
    assert [m.description for m in found] == ["statements at lines 2 and 3 swapped", "statements at lines 4 and 6 swapped"]
    assert found[0].source.splitlines()[1:3] == ["    backends.insert(0, A)", "    backends.remove(A)"]


def test_threshold_moves_the_bound_and_flips_the_direction():
    assert edits(CHOOSER, "threshold") == [
        (16, ("-        run_aux = self.cuda and tokens <= envs.LIMIT", "+        run_aux = self.cuda and tokens < envs.LIMIT")),
        (16, ("-        run_aux = self.cuda and tokens <= envs.LIMIT", "+        run_aux = self.cuda and tokens >= envs.LIMIT")),
    ]


def test_mirror_comparison_writes_the_same_comparison_the_other_way_round():
    assert edits(CHOOSER, "mirror-comparison") == [
        (16, ("-        run_aux = self.cuda and tokens <= envs.LIMIT", "+        run_aux = self.cuda and envs.LIMIT >= tokens"))]


def test_rename_local_renames_every_read_but_no_attribute_or_keyword():
    source = "def f(self):\n    mode = self.mode\n    if mode:\n        return g(mode=mode)\n    return mode\n"
    assert mutated(source, "rename-local") == [(1, "def f(self):\n    mode_renamed = self.mode\n    if mode_renamed:\n"
                                                   "        return g(mode=mode_renamed)\n    return mode_renamed\n")]


def test_reorder_operands_only_where_the_value_is_read_as_truth_and_nothing_is_called():
    source = textwrap.dedent('''\
        def f(a, b, view):
            if a and b:
                return 1
            if a and view.ok():
                return 2
            backend = view.backend or "auto"
            return a < 1 or b > 2
    ''')
    assert edits(source, "reorder-operands", ["f"]) == [
        (2, ("-    if a and b:", "+    if b and a:")),
        (7, ("-    return a < 1 or b > 2", "+    return b > 2 or a < 1")),
    ]


def test_every_mutant_of_the_fixture_tree_parses():
    for path in (VLLM_TREE / "fixed").rglob("*.py"):
        source = path.read_text()
        names = [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]
        for m in mutate.mutants(source, names):
            ast.parse(m.source)  # a SyntaxError fails the test, naming the file


def test_an_unknown_operator_is_an_error():
    with pytest.raises(ValueError, match="unknown mutation operator 'negate'"):
        mutate.mutants(CHOOSER, ["Chooser.choose"], ["negate"])


def test_helpers_follows_properties_methods_and_functions_of_the_same_file_but_not_decorators():
    source = textwrap.dedent('''\
        def register(fn):
            return fn

        def _default(view):
            return "triton"

        class Runner:
            @property
            def _safe(self):
                return self._check()

            def _check(self):
                return True

            @register
            def decide(self, view):
                if self._safe:
                    return _default(view)
                return getattr(self, "_fallback", None)

            def _fallback(self):
                return None
    ''')
    assert mutate.helpers(source, "Runner.decide") == ["Runner.decide", "Runner._safe", "_default", "Runner._fallback",
                                                       "Runner._check"]
    assert mutate.helpers(source, "Runner.decide:backend") == mutate.helpers(source, "Runner.decide")
    assert mutate.helpers(source, "Runner.missing") == []


# ---------------------------------------------------------------- the benign operators change no path


BENIGN_SHAPES = [
    (VLLM_TREE / "fixed" / SHARED_EXPERTS, TARGET),  # guarded returns, a property with a local tuple, a threshold
    (VLLM_TREE / "fixed" / "vllm/platforms/cuda.py", "_get_backend_priorities"),  # priority lists, a helper
    (None, "pick:backend"),  # an assignment chain: a user's choice wins over defaults
]
PICK = textwrap.dedent('''\
    def pick(view, major):
        backend = view.backend
        fp8 = view.dtype == "fp8"
        if backend is None and major >= 9 and fp8:
            backend = "fa3"
        elif backend is None and (major < 9 or not fp8):
            backend = "triton"
        return backend
''')


@pytest.mark.parametrize("path,function", BENIGN_SHAPES, ids=["chain", "priority-list", "assignment-chain"])
def test_benign_mutants_change_no_configuration_path(path, function):
    source = path.read_text() if path else PICK
    name = str(path.name) if path else "pick.py"
    original = extract(source, name, function)
    found = mutate.mutants(source, mutate.helpers(source, function), mutate.BENIGN, keep=[function.partition(":")[2]])
    assert {m.operator for m in found} >= {"rename-local", "mirror-comparison"}
    assert path or {m.operator for m in found} == set(mutate.BENIGN)
    for m in found:
        diff = diff_models(original, extract(m.source, name, function), renames=False)
        assert diff.changed == 0, (m.line, m.description)


# ---------------------------------------------------------------- oracle and judge


def chooser_models(mutant):
    before = extract(CHOOSER, "c.py", "Chooser.choose")
    return [("c.py::Chooser.choose", before, extract(mutant.source, "c.py", "Chooser.choose"))]


def test_oracle_counts_the_configurations_that_take_another_path():
    source = "def f(a, b):\n    if a:\n        return 1\n    if b:\n        return 2\n    return 3\n"
    before = extract(source, "f.py", "f")
    said = [mutate.oracle(m, [("f.py::f", before, extract(m.source, "f.py", "f"))])
            for m in mutate.mutants(source, ["f"], ["negate-guard"])]
    # not a: 1 / a and b: 2 / a and not b: 3 takes another path everywhere; `if not b` only where a is false
    assert [(s.changed, s.total, s.targets, s.reason) for s in said] == [(4, 4, ("f.py::f",), ""), (2, 4, ("f.py::f",), "")]
    assert said[1].diff.regions[0].old_outcome in ("2", "3")


def test_oracle_cannot_say_when_the_mutated_model_is_an_error():
    m = mutate.mutants(CHOOSER, ["Chooser.choose"], ["negate-guard"])[0]
    before = extract(CHOOSER, "c.py", "Chooser.choose")
    error = ConfigError(Location("c.py", 1), "no function `choose`")
    said = mutate.oracle(m, [("c.py::Chooser.choose", before, error)])
    assert (said.changed, said.reason) == (None, "c.py::Chooser.choose: no function `choose`")


def test_oracle_cannot_say_for_an_edit_of_a_helper_the_model_does_not_read():
    m = mutate.mutants(CHOOSER, ["unrelated"], ["negate-guard"])[0]
    said = mutate.oracle(m, chooser_models(m))
    assert said.changed is None
    assert said.reason.startswith("lines 24-24 of `unrelated` are not modeled in c.py::Chooser.choose")
    assert mutate.oracle(m, chooser_models(m), read_by=["c.py::Chooser.choose"]).changed == 0


@pytest.mark.parametrize("changed,caught,stale,verdict", [
    (5, ["r"], [], "caught"),
    (5, [], ["r"], "caught-stale"),
    (5, ["r"], ["s"], "caught"),
    (5, [], [], "survived"),
    (0, [], [], "benign"),
    (0, ["r"], [], "benign-flagged"),
    (0, [], ["r"], "benign-flagged"),
    (None, ["r"], [], "unmodeled"),
])
def test_judge(changed, caught, stale, verdict):
    m = mutate.mutants(CHOOSER, ["Chooser.choose"], ["negate-guard"])[0]
    assert mutate.judge(m, mutate.Oracle(changed, 10), caught, stale).verdict == verdict


def test_score_counts_stale_rules_as_caught_and_leaves_out_what_changes_no_path():
    m = mutate.mutants(CHOOSER, ["Chooser.choose"], ["negate-guard"])[0]
    results = [mutate.judge(m, mutate.Oracle(c, 10), caught, stale)
               for c, caught, stale in [(1, ["r"], []), (1, [], ["r"]), (1, [], []), (0, [], []), (None, [], [])]]
    assert mutate.score(results) == (2, 3)


# ---------------------------------------------------------------- the command


def test_mutate_catches_a_negated_guard_on_the_fixture_tree(cli):
    run = cli("mutate", "--pack", "vllm", "--root", VLLM_TREE / "fixed", "--select", "tp-only-decode-overlaps-shared-experts",
              "--operator", "negate-guard", "--operator", "threshold")
    lines = run.stdout.splitlines()
    assert run.exit_code == 0, run.output
    assert lines[0] == (f"{SHARED_EXPERTS}::{TARGET}  (1 rule, 7 mutants; helpers mutated with it: "
                        "SharedExperts._disable_shared_experts_overlap)")
    at = lines.index(f"  {SHARED_EXPERTS}:48: caught         negate-guard      guard negated: `self._disable_shared_experts_overlap`")
    assert lines[at + 1] == "      896 of 1536 configurations take another path; caught by vllm/tp-only-decode-overlaps-shared-experts"
    assert lines[-1] == ("7 mutants in 1 target: 6 caught, 0 caught-stale, 1 survived, 0 benign, 0 benign-flagged, 0 unmodeled; "
                         "mutation score 6/7 = 85.7% (caught / path-changing)")


def test_mutate_fail_under_exits_1_below_the_score_and_json_follows_its_schema(cli):
    args = ("mutate", "--pack", "vllm", "--root", VLLM_TREE / "fixed", "--select", "tp-only-decode-overlaps-shared-experts",
            "--operator", "threshold")
    assert cli(*args, "--fail-under", "50").exit_code == 0
    run = cli(*args, "--fail-under", "60", "--format", "json")
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    schemas.validator("mutate").validate(data)
    assert (data["summary"]["score"], data["summary"]["exit_code"]) == (0.5, 1)
    survivor = next(m for m in data["mutants"] if m["verdict"] == "survived")
    assert survivor["description"].startswith("threshold bound moved")
    assert survivor["oracle"]["example"].endswith("MULTI_STREAM_OVERLAPPED (line 62) -> NO_OVERLAP (line 63)")


def test_a_rule_that_names_a_renamed_local_goes_stale_a_benign_flagged_mutant(cli):
    run = cli("mutate", "--pack", "vllm", "--root", VLLM_TREE / "fixed", "--select", "shared-experts-precedence",
              "--operator", "rename-local", "-q")
    assert run.stdout.splitlines()[:2] == [
        f"  {SHARED_EXPERTS}:47: benign-flagged rename-local      local `should_run_shared_in_aux_stream` renamed to "
        "`should_run_shared_in_aux_stream_renamed`",
        "      no configuration takes another path (of 1536); stale: vllm/shared-experts-precedence",
    ]


def test_mutate_with_a_selection_that_names_no_rule_is_a_configuration_error(cli):
    run = cli("mutate", "--pack", "vllm", "--root", VLLM_TREE / "fixed", "--select", "no-such-rule")
    assert run.exit_code == 2
    assert "--select `no-such-rule` matches no rule" in run.stderr
