"""`ordercheck check` end to end on the fixture tree: the exact findings a user sees."""

import json

from conftest import SHARED_EXPERTS, VLLM_TREE


def test_regressed_tree_fails_with_the_tp_only_finding(cli):
    run = cli("check", "--pack", "vllm", "--root", VLLM_TREE / "regressed")
    assert run.exit_code == 1
    out = run.output
    assert f"{SHARED_EXPERTS}:60:13: error[vllm/tp-only-decode-overlaps-shared-experts]" in out
    assert "  expected  MULTI_STREAM_OVERLAPPED    (line 73)" in out
    assert "  got       NO_OVERLAP                 (line 60, first branch whose guard holds)" in out
    assert "       59 |         if self._has_external_experts:" in out
    assert "       60 |             return SharedExpertsOrder.NO_OVERLAP" in out
    assert "_has_external_experts = not ((enable_eplb and all2all_backend != \"allgather_reducescatter\") or use_fi_nvl_two_sided_kernels)   (line 48)" in out
    assert "= not ((false and ...) or false) = true" in out
    assert "scenario  enable_eplb=false, use_fi_nvl_two_sided_kernels=false" in out
    assert "shared_experts.toml:113" in out
    assert out.rstrip().endswith("2 errors, 0 warnings in 9 targets (50 rules, 6 files)")


def test_regressed_tree_breaks_the_precedence_policy_with_a_counterexample(cli):
    run = cli("check", "--pack", "vllm", "--root", VLLM_TREE / "regressed", "--format", "json")
    data = json.loads(run.output)
    assert data["schema"] == "ordercheck.check/1"
    policy = [f for f in data["findings"] if f["rule"] == "vllm/shared-experts-precedence"]
    assert len(policy) == 1
    finding = policy[0]
    assert (finding["path"], finding["line"]) == (SHARED_EXPERTS, 60)
    assert finding["expected"] == {"outcome": "MK_INTERNAL_OVERLAPPED", "line": 63}
    assert finding["actual"] == {"outcome": "NO_OVERLAP", "line": 60}
    assert finding["detail"] == "policy step 2: when _mk_can_overlap_shared_experts -> MK_INTERNAL_OVERLAPPED"
    # the smallest counterexample: the five atoms that decide it, nothing else
    assert finding["counterexample"] == {
        "self._lora_fully_sharded": "false",
        "self._layer.shard_sequence_parallel": "false",
        "self._moe_config.moe_parallel_config.enable_eplb": "false",
        "self._moe_config.moe_parallel_config.use_fi_nvl_two_sided_kernels": "false",
        "self._mk_can_overlap_shared_experts()": "true",
    }
    assert data["summary"]["exit_code"] == 1


def test_fixed_tree_passes_every_pack_rule(cli):
    run = cli("check", "--pack", "vllm", "--root", VLLM_TREE / "fixed")
    assert run.exit_code == 0
    assert run.output == "0 errors, 0 warnings in 9 targets (50 rules, 6 files)\n"


def test_files_argument_limits_the_check_to_rules_whose_target_is_named(cli, tree):
    root = tree("regressed")
    (root / "setup.py").write_text("print('unrelated')\n")
    other = cli("check", "--pack", "vllm", "--root", root, root / "setup.py")
    assert other.exit_code == 0
    assert "0 rules" in other.output
    named = cli("check", "--pack", "vllm", "--root", root, root / SHARED_EXPERTS)
    assert named.exit_code == 1


def test_files_relative_to_the_working_directory(cli):
    run = cli("check", "--pack", "vllm", SHARED_EXPERTS, cwd=VLLM_TREE / "regressed")
    assert run.exit_code == 1
    assert "error[vllm/tp-only-decode-overlaps-shared-experts]" in run.output


def test_output_file_receives_the_report(cli, tmp_path):
    out = tmp_path / "report.json"
    run = cli("check", "--pack", "vllm", "--root", VLLM_TREE / "regressed", "--format", "json", "--output", out)
    assert run.exit_code == 1
    assert run.output == ""
    assert json.loads(out.read_text())["summary"]["errors"] == 2


def test_older_shapes_tuple_returns_and_decision_variables(cli):
    shapes = VLLM_TREE.parent / "shapes"
    run = cli("check", "--rules", "rules.toml", cwd=shapes)
    assert run.exit_code == 1
    out = run.output
    # the #35153 form fails on its EXTERNAL branch (tuple return, first element is the outcome)
    assert "external_regressed.py:38:13: error[tp-only-decode-is-not-external]" in out
    assert "  got       EXTERNAL                   (line 38, first branch whose guard holds)" in out
    # the #38990 form and the boolean decision variable pass
    assert "tp-only-decode-is-not-external-fixed" not in out
    assert "runner-tp-only-decode-uses-stream" not in out
    assert out.rstrip().endswith("1 error, 0 warnings in 3 targets (3 rules, 3 files)")
