"""`ordercheck diff`: exactly the configurations whose outcome differs, and nothing for refactors."""

import itertools
import json
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings

from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE, edit, copy_fixture
from ordercheck.diff import diff_models
from ordercheck.extract import extract
from test_breakage import BREAKAGES, DISABLE, MK
from test_engine_vs_execution import DOMAINS, decision_class, execute


# ---------------------------------------------------------------- exactness against execution


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decision_class(), decision_class())
def test_regions_are_exactly_the_assignments_whose_outcome_differs(old_source, new_source):
    old = extract(old_source, "gen.py", "Decider.decide")
    new = extract(new_source, "gen.py", "Decider.decide")
    diff = diff_models(old, new)
    variables = diff.space.variables
    names = sorted(DOMAINS)
    for combo in itertools.product(*(DOMAINS[n] for n in names)):
        values = dict(zip(names, combo))
        differs = execute(old_source, values) != execute(new_source, values)
        classes = {i: var.class_of(values[var.text]) for i, var in enumerate(variables)}
        inside = [r for r in diff.regions if all(classes[v] in allowed for v, allowed in r.cube)]
        assert len(inside) == (1 if differs else 0), (old_source, new_source, values)
        if differs:
            (region,) = inside
            assert region.old_outcome == execute(old_source, values)
            assert region.new_outcome == execute(new_source, values)


# ---------------------------------------------------------------- the #35153 shape


def test_pr35153_shape_changes_exactly_the_tp_only_configurations(cli):
    run = cli("diff", VLLM_TREE / "fixed", VLLM_TREE / "regressed", "--format", "json")
    assert run.exit_code == 1
    (target,) = [t for t in json.loads(run.output)["targets"] if t["target"].endswith(TARGET)]
    assert target["status"] == "changed"
    assert (target["old"]["line"], target["new"]["line"]) == (47, 55)
    moves = {(r["old"]["outcome"].split(".")[-1], r["old"]["line"], r["new"]["outcome"].split(".")[-1], r["new"]["line"])
             for r in target["regions"]}
    assert moves == {("MK_INTERNAL_OVERLAPPED", 52, "NO_OVERLAP", 60), ("MULTI_STREAM_OVERLAPPED", 62, "NO_OVERLAP", 60)}
    for region in target["regions"]:
        when = region["when"]
        assert when["self._lora_fully_sharded"] == ["false"]
        assert when["self._moe_config.moe_parallel_config.use_fi_nvl_two_sided_kernels"] == ["false"]
    # `shape[0] <= THRESHOLD` compares two inputs: one relational variable with three classes (<, ==, >)
    assert target["changed_configurations"] == 70


def test_text_report_names_lines_and_outcomes(cli):
    run = cli("diff", VLLM_TREE / "fixed", VLLM_TREE / "regressed")
    lines = run.output.splitlines()
    assert lines[0] == "SharedExperts._determine_shared_experts_order  shared_experts.py:47 -> :55"
    assert lines[1] == "  70 of 1,536 configurations change path (4 regions)"
    assert "        MULTI_STREAM_OVERLAPPED (line 62)  ->  NO_OVERLAP (line 60)" in lines
    assert "_stream=not None" in run.output
    assert lines[-1].startswith("1 decision changed in 1 file")


# ---------------------------------------------------------------- refactors report nothing


REFACTORS = {
    "reordered-and-operands": lambda s: s.replace(
        "            current_platform.is_cuda_alike()\n            and self._stream is not None\n",
        "            self._stream is not None\n            and current_platform.is_cuda_alike()\n"),
    "renamed-local": lambda s: s.replace("should_run_shared_in_aux_stream", "use_aux").replace("parallel.", "pc.").replace("parallel =", "pc ="),
    "nested-ifs-for-a-combined-guard": lambda s: s.replace(
        "        if should_run_shared_in_aux_stream:\n            return SharedExpertsOrder.MULTI_STREAM_OVERLAPPED\n"
        "        else:\n            return SharedExpertsOrder.NO_OVERLAP\n",
        "        if current_platform.is_cuda_alike():\n            if self._stream is not None:\n"
        "                if hidden_states.shape[0] <= envs.VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD:\n"
        "                    return SharedExpertsOrder.MULTI_STREAM_OVERLAPPED\n"
        "        return SharedExpertsOrder.NO_OVERLAP\n"),
    "elif-after-return": lambda s: s.replace(DISABLE + "\n" + MK, DISABLE + MK.replace("        if", "        elif", 1)),
    "equal-outcome-guards-swapped": lambda s: s.replace(
        "        if getattr(self._layer, \"shard_sequence_parallel\", False):\n            return True\n", "").replace(
        "        if self._lora_fully_sharded:\n            return True\n",
        "        if getattr(self._layer, \"shard_sequence_parallel\", False):\n            return True\n"
        "        if self._lora_fully_sharded:\n            return True\n"),
    "property-inlined": lambda s: s.replace(
        "        if self._disable_shared_experts_overlap:\n            return SharedExpertsOrder.NO_OVERLAP\n",
        "        parallel = self._moe_config.moe_parallel_config\n"
        "        if self._lora_fully_sharded or getattr(self._layer, \"shard_sequence_parallel\", False) or (\n"
        "            parallel.enable_eplb and parallel.all2all_backend not in (\"allgather_reducescatter\", \"deepep_v2\", "
        "\"flashinfer_nvlink_one_sided\")\n        ) or parallel.use_fi_nvl_two_sided_kernels:\n"
        "            return SharedExpertsOrder.NO_OVERLAP\n"),
}


def _pair(tmp_path, root, edit_source):
    old, new = tmp_path / "old", tmp_path / "new"
    for dest in (old, new):
        (dest / SHARED_EXPERTS).parent.mkdir(parents=True)
    text = (root / SHARED_EXPERTS).read_text()
    (old / SHARED_EXPERTS).write_text(text)
    edited = edit_source(text)
    assert edited != text
    (new / SHARED_EXPERTS).write_text(edited)
    return old, new


def _roots():
    from vllm_release import release_tree

    return [pytest.param(lambda: VLLM_TREE / "fixed", id="fixture"),
            pytest.param(lambda: release_tree("0.33.0"), id="vllm-0.33.0", marks=pytest.mark.vllm_release)]


@pytest.mark.parametrize("make_root", _roots())
@pytest.mark.parametrize("name", sorted(REFACTORS))
def test_refactors_change_no_configuration(cli, tmp_path, make_root, name):
    old, new = _pair(tmp_path, make_root(), REFACTORS[name])
    run = cli("diff", old, new)
    assert run.exit_code == 0, run.output
    assert "0 decisions changed" in run.output


@pytest.mark.parametrize("make_root", _roots())
@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_breakages_are_reported_with_outcomes(cli, tmp_path, make_root, name):
    old, new = _pair(tmp_path, make_root(), BREAKAGES[name][0])
    run = cli("diff", old, new, "--format", "json")
    assert run.exit_code == 1, run.output
    (target,) = [t for t in json.loads(run.output)["targets"] if t["target"].endswith(TARGET)]
    assert target["regions"]
    new_lines = (new / SHARED_EXPERTS).read_text().splitlines()
    for region in target["regions"]:
        assert region["old"]["outcome"] != region["new"]["outcome"]
        fired = new_lines[region["new"]["line"] - 1]
        assert "return" in fired and region["new"]["outcome"].split(".")[-1] in fired


def test_a_changed_threshold_comparison_is_reported(cli, tmp_path):
    old, new = _pair(tmp_path, VLLM_TREE / "fixed", lambda s: s.replace(
        "<= envs.VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD", "< envs.VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD"))
    run = cli("diff", old, new)
    assert run.exit_code == 1
    assert "MULTI_STREAM_OVERLAPPED (line 62)  ->  NO_OVERLAP (line 64)" in run.output


# ---------------------------------------------------------------- renames and vanished targets


def test_renamed_function_is_reported_as_renamed(cli, tmp_path):
    old, new = _pair(tmp_path, VLLM_TREE / "fixed", lambda s: s.replace("_determine_shared_experts_order", "_pick_order"))
    run = cli("diff", old, new, "--format", "json")
    (target,) = [t for t in json.loads(run.output)["targets"] if t["renamed_from"] and ":" not in t["renamed_from"]]
    assert (target["renamed_from"], target["status"]) == ("SharedExperts._determine_shared_experts_order", "renamed-unchanged")
    assert target["new"]["function"] == "SharedExperts._pick_order"
    assert run.exit_code == 0


def test_a_rule_target_that_vanished_is_an_error(cli, tmp_path):
    old, new = _pair(tmp_path, VLLM_TREE / "fixed", lambda s: s.replace(
        "def _determine_shared_experts_order(self, hidden_states):", "def _gone(self, hidden_states):").replace(
        "return SharedExpertsOrder.MK_INTERNAL_OVERLAPPED", "return None"))
    run = cli("diff", "--pack", "vllm", old, new)
    assert run.exit_code == 2
    assert "`SharedExperts._determine_shared_experts_order` vanished from" in run.output


def test_a_renamed_atom_is_named_with_its_closest_match(cli, tmp_path):
    old, new = _pair(tmp_path, VLLM_TREE / "fixed", lambda s: s.replace("_lora_fully_sharded", "_lora_fully_shard"))
    run = cli("diff", old, new)
    assert "atom `self._lora_fully_sharded` is not in the new version; closest new atom: `self._lora_fully_shard`" in run.output


# ---------------------------------------------------------------- git revisions


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(cwd)}).stdout


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    copy_fixture(VLLM_TREE / "fixed", root)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "fixed")
    return root


def test_diff_base_against_the_working_tree_leaves_tree_and_index_alone(cli, repo):
    shutil.copy(VLLM_TREE / "regressed" / SHARED_EXPERTS, repo / SHARED_EXPERTS)
    before = _git(repo, "status", "--porcelain")
    run = cli("diff", "--base", "HEAD", "--root", repo)
    assert run.exit_code == 1
    assert "MULTI_STREAM_OVERLAPPED (line 62)  ->  NO_OVERLAP (line 60)" in run.output
    assert _git(repo, "status", "--porcelain") == before


def test_diff_between_two_revisions(cli, repo):
    shutil.copy(VLLM_TREE / "regressed" / SHARED_EXPERTS, repo / SHARED_EXPERTS)
    _git(repo, "commit", "-qam", "regress")
    shutil.copy(VLLM_TREE / "fixed" / SHARED_EXPERTS, repo / SHARED_EXPERTS)  # the working tree differs: ignored
    run = cli("diff", "--base", "HEAD~1", "--head", "HEAD", "--root", repo)
    assert run.exit_code == 1
    assert "shared_experts.py:47 -> :55" in run.output
    clean = cli("diff", "--base", "HEAD~1", "--head", "HEAD~1", "--root", repo)
    assert clean.exit_code == 0


def test_unknown_revision_is_exit_2(cli, repo):
    run = cli("diff", "--base", "no-such-branch", "--root", repo)
    assert run.exit_code == 2
    assert "cannot resolve revision `no-such-branch`" in run.output


def test_check_base_reports_only_new_findings(cli, repo):
    shutil.copy(VLLM_TREE / "regressed" / SHARED_EXPERTS, repo / SHARED_EXPERTS)
    new = cli("check", "--pack", "vllm", "--root", repo, "--base", "HEAD")
    assert new.exit_code == 1
    assert "error[vllm/tp-only-decode-overlaps-shared-experts]" in new.output
    _git(repo, "commit", "-qam", "regress")
    edit(repo, "import envs\n", "import envs  # touched\n")
    old = cli("check", "--pack", "vllm", "--root", repo, "--base", "HEAD")
    assert old.exit_code == 0, old.output
    assert "0 errors" in old.output


@pytest.mark.vllm_release
def test_between_two_real_releases_the_lora_guard_is_the_change(cli):
    from vllm_release import release_tree

    old, new = release_tree("0.32.0"), release_tree("0.33.0")
    run = cli("diff", old, new, SHARED_EXPERTS, "--format", "json")
    assert run.exit_code == 1
    targets = {t["target"].split("::")[1]: t for t in json.loads(run.output)["targets"] if t["status"] != "added"}
    order = targets["SharedExperts._determine_shared_experts_order"]
    assert order["atoms_only_new"] == ["self._lora_fully_sharded"]
    for region in order["regions"]:
        assert region["when"]["self._lora_fully_sharded"] == ["true"]
        assert region["new"]["outcome"] == "SharedExpertsOrder.NO_OVERLAP"
    assert {r["old"]["outcome"] for r in order["regions"]} == {
        "SharedExpertsOrder.MK_INTERNAL_OVERLAPPED", "SharedExpertsOrder.MULTI_STREAM_OVERLAPPED"}
    # no other decision of the file changed path except the property the new guard lives in, and
    # the method that returns whether the order is the multi-stream one (it calls the decision)
    assert {name for name, t in targets.items() if t["changed_configurations"]} == {
        "SharedExperts._determine_shared_experts_order", "SharedExperts._disable_shared_experts_overlap",
        "SharedExperts.maybe_forward_async"}


def test_github_annotations_point_at_the_new_branch(cli):
    run = cli("diff", VLLM_TREE / "fixed", VLLM_TREE / "regressed", "--format", "github")
    assert run.exit_code == 1
    lines = [l for l in run.output.splitlines() if "_determine_shared_experts_order" in l]
    assert lines and all(l.startswith(f"::warning file={SHARED_EXPERTS},line=60,title=ordercheck diff::") for l in lines)
    assert "70 of 1536 configurations change path" in lines[0]


def test_a_decision_function_that_vanished_is_reported_not_dropped(cli, tmp_path):
    old, new = _pair(tmp_path, VLLM_TREE / "fixed", lambda s: s[: s.index("    def _determine_shared_experts_order")])
    run = cli("diff", old, new)
    assert run.exit_code == 1
    assert "SharedExperts._determine_shared_experts_order  shared_experts.py:47 -> (gone)" in run.output


def test_an_unparsable_changed_file_is_exit_2(cli, tmp_path):
    old, new = _pair(tmp_path, VLLM_TREE / "fixed", lambda s: s.replace("def _determine_shared_experts_order(self, hidden_states):",
                                                                          "def _determine_shared_experts_order(self, hidden_states:"))
    run = cli("diff", old, new)
    assert run.exit_code == 2
    assert f"{SHARED_EXPERTS}:47:" in run.output and "cannot parse" in run.output


def test_boolean_decision_variables_in_changed_files_are_diffed(cli, tmp_path):
    shapes = VLLM_TREE.parent / "shapes"
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    text = (shapes / "runner_decision_variable.py").read_text()
    (old / "runner.py").write_text(text)
    (new / "runner.py").write_text(text.replace("            and not self.use_dp_chunking\n", ""))
    run = cli("diff", old, new, "--format", "json")
    assert run.exit_code == 1
    targets = {t["target"].split("::")[1]: t for t in json.loads(run.output)["targets"]}
    stream = targets["MoERunner.forward_impl:use_shared_experts_stream"]
    assert {(r["old"]["outcome"], r["new"]["outcome"]) for r in stream["regions"]} == {("False", "True")}
    assert all(r["when"]["envs.VLLM_ENABLE_MOE_DP_CHUNK"] == ["true"] for r in stream["regions"])
    assert "MoERunner.forward_impl:run_shared_experts_before" in targets


def test_a_found_decision_past_its_budget_is_listed_as_not_compared_and_a_rule_target_gets_the_whole_budget(monkeypatch):
    import ordercheck.diff_files as diff

    def chooser(last):
        return "\n".join(["def choose(cfg):", *(f"    if cfg.f{i}:\n        return {i}" for i in range(6)), f"    return {last}"])

    texts = ({"m.py": chooser(99)}, {"m.py": chooser(98)})
    old, new = (diff.Modules(lambda p, t=t: t.get(p)) for t in texts)
    monkeypatch.setattr(diff, "FOUND_BUDGET", 8)
    found = diff.diff_targets([("m.py", "choose", False)], old, new)
    (uncompared,) = found.uncompared
    assert not found.targets and "more than 8 decision-diagram nodes" in uncompared.reason and found.exit_code == 1
    (target,) = diff.diff_targets([("m.py", "choose", True)], old, new).targets
    assert target.status == "changed" and target.changed == 1


# ---------------------------------------------------------------- what the model does not follow

COUNTER = """\
def f(xs, flag):
    n = 0
    for x in xs:
        if x:
            n += 1
    if n > 2:
        return "A"
    return "B"
"""


def _two_trees(tmp_path, old_text: str, new_text: str):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    (old / "m.py").write_text(old_text)
    (new / "m.py").write_text(new_text)
    return old, new


@pytest.mark.parametrize("new_text", [
    COUNTER.replace("n += 1", "n += 2"),  # the loop computes something else: xs=[1, 1] went to "B", now to "A"
    COUNTER.replace("n = 0", "n = 5"),  # the same loop from another start
])
def test_a_change_inside_what_the_model_does_not_follow_is_never_called_no_change(cli, tmp_path, new_text):
    # found while reviewing diff: the loop's result was one atom in both versions, named by its
    # position, and diff answered "0 decisions changed", exit 0, for functions that run differently
    old, new = _two_trees(tmp_path, COUNTER, new_text)
    run = cli("diff", "--no-cache", old, new, "--format", "json")
    assert run.exit_code == 1, run.output
    (uncompared,) = json.loads(run.output)["not_compared"]
    assert uncompared["function"] == "f" and "`<n after the loop at line 3>`" in uncompared["reason"]


def test_a_change_beside_what_the_model_does_not_follow_says_what_it_assumes(cli, tmp_path):
    new_text = COUNTER.replace('    return "B"', '    if flag:\n        return "C"\n    return "B"')
    old, new = _two_trees(tmp_path, COUNTER, new_text)
    run = cli("diff", "--no-cache", old, new)
    assert run.exit_code == 1
    assert "assuming `<n after the loop at line 3>` is the same value in both versions" in run.output
    assert "when <n after the loop #1> <= 2, flag=true:" in run.output


def test_a_function_that_did_not_change_beside_one_that_did_reads_the_same_loop(cli, tmp_path):
    old, new = _two_trees(tmp_path, COUNTER, COUNTER + "\n\ndef g(x):\n    return 1\n")
    run = cli("diff", "--no-cache", old, new)
    assert run.exit_code == 0 and "0 decisions changed in 0 files (1 compared)" in run.output


DEPTH = """\
def depth(n):
    if n <= 0:
        return 0
    return 1 + depth(n - 1)


def f(n):
    if n <= 0:
        return "Z"
    if depth(n) > 2:
        return "A"
    return "B"
"""


def test_a_call_into_the_tree_the_model_does_not_follow_is_no_input_either(cli, tmp_path):
    # found while reviewing diff: a recursive call is an atom named by its text, and two versions'
    # calls of one text were one value though the function they call changed. With the base
    # case 0 -> 5, f(1) went from "B" to "A", and diff said f did not change
    old, new = _two_trees(tmp_path, DEPTH, DEPTH.replace("        return 0", "        return 5"))
    run = cli("diff", "--no-cache", old, new, "--format", "json")
    assert run.exit_code == 1
    data = json.loads(run.output)
    (f,) = [u for u in data["not_compared"] if u["function"] == "f"]
    assert "`1 + depth(n - 1)`" in f["reason"]
    (depth,) = [t for t in data["targets"] if t["target"].endswith("::depth")]
    # (round 35: the recursive call itself is opaque, no input: it is what is assumed the same)
    assert depth["status"] == "changed" and "depth(n - 1)" in depth["assumed_same"]


def test_an_expression_the_model_does_not_evaluate_is_named_by_its_text_but_not_taken_for_one_value(cli, tmp_path):
    # found while reviewing diff: `<[x for x in range(k)]>` reads the same in both versions, but k
    # is cfg.n in one and cfg.n + 1 in the other: cfg.n=40 went from "B" to "A"
    text = 'def f(cfg):\n    k = cfg.n\n    if len([x for x in range(k)]) > 40:\n        return "A"\n    return "B"\n'
    old, new = _two_trees(tmp_path, text, text.replace("k = cfg.n\n", "k = cfg.n + 1\n"))
    run = cli("diff", "--no-cache", old, new, "--format", "json")
    assert run.exit_code == 1
    (uncompared,) = json.loads(run.output)["not_compared"]
    assert "`len(<[x for x in range(k)]>)`" in uncompared["reason"]


@pytest.mark.parametrize("extra, status", [("", None), ('    if config.LOUD:\n        return "C"\n', "changed")])
def test_an_input_read_under_another_name_is_an_assumption_the_answer_states(cli, tmp_path, extra, status):
    # `envs.USE_X` -> `config.USE_X`: the same final name, most likely the same input moved; diff
    # compared them as one atom and said nothing changed, exit 0, though they are two inputs
    old_text = 'import envs\n\n\ndef f(config):\n    if envs.USE_X:\n        return "A"\n    return "B"\n'
    new_text = old_text.replace("    if envs.USE_X:", extra + "    if config.USE_X:")
    old, new = _two_trees(tmp_path, old_text, new_text)
    run = cli("diff", "--no-cache", old, new, "--format", "json")
    assert run.exit_code == 1
    data = json.loads(run.output)
    if status is None:
        (uncompared,) = data["not_compared"]
        assert "`config.USE_X` is the input `envs.USE_X` read under another name" in uncompared["reason"]
    else:
        (target,) = data["targets"]
        assert target["status"] == status and target["assumed_renames"] == [{"old": "envs.USE_X", "new": "config.USE_X"}]
        text = cli("diff", "--no-cache", old, new).output
        assert "assuming `config.USE_X` is the input `envs.USE_X` read under another name" in text


def test_a_variable_with_no_value_on_some_path_is_the_same_nothing_in_both_versions(cli, tmp_path):
    # `use` is unbound where `a` is false: `<unbound>` is no value computed by code, and the
    # variable's comparison is exact (it used to be "not compared" once opaque values were)
    text = 'def f(a, b, c):\n    if a:\n        use = b or c\n        if use:\n            return "U"\n    return "N"\n'
    old, new = _two_trees(tmp_path, text, text.replace('return "N"', 'return "M"'))
    run = cli("diff", "--no-cache", old, new, "--format", "json")
    data = json.loads(run.output)
    targets = {t["target"].split("::")[1]: t for t in data["targets"]}
    assert targets["f:use"]["status"] == "unchanged" and not data["not_compared"], run.output
    assert targets["f"]["status"] == "changed"


def test_a_models_texts_never_hold_an_objects_address():
    """A module, a list method, a closure chosen by a condition and passed to a call the model
    does not follow rendered as Python's default repr (`<ModuleRef object at 0x7f...>`): notes,
    event texts and read versions differed from run to run, so two runs of the same code, or the
    two versions a diff compares, named one read differently (vLLM's mxfp4 weight conversion)."""
    source = '''
def decide(cfg, items):
    if cfg.v == "3.8":
        import json as codec
    else:
        import pickle as codec

    def hook():
        pass

    codec.dumps(codec, items.append if cfg.z else hook, *items)
    if cfg.y:
        return "A"
    return "B"
'''
    first, second = extract(source, "m.py", "decide"), extract(source, "m.py", "decide")
    texts = [note.message for note in first.notes] + [repr(b.guard) for b in first.branches]
    assert texts and not any("object at 0x" in t for t in texts), texts
    assert texts == [note.message for note in second.notes] + [repr(b.guard) for b in second.branches]
    assert diff_models(first, second).changed == 0


def test_a_model_compared_with_itself_counts_what_the_pair_comparison_counts():
    """`same_code` comparisons (a function whose code and reads are the same in both versions)
    count one chain's configurations, its relations placed next to their values, instead of
    building the pair of chains: the same total, no change, over generated programs."""
    import random

    from soundness_programs import program

    compared = related = 0
    for seed in range(60):
        source = program(random.Random(seed)).source
        model = extract(source, "gen.py", "Decider.decide")
        if not hasattr(model, "branches"):
            continue
        itself = diff_models(model, model, same_code=True)
        pair = diff_models(model, model)
        assert (itself.changed, itself.total) == (0, pair.total), seed
        compared += 1
        related += any(v.key.kind == "rel" for v in itself.space.variables)
    assert compared >= 40 and related >= 10  # relations between two inputs moved in most of them
