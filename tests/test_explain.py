"""`ordercheck explain`: the chain as a table, JSON or a Mermaid flowchart."""

import json

from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE

FIXED = VLLM_TREE / "fixed"


def test_explain_table_shows_guards_after_inlining(cli):
    run = cli("explain", f"{SHARED_EXPERTS}::{TARGET}", "--root", FIXED)
    assert run.exit_code == 0
    lines = run.output.splitlines()
    assert lines[0] == "SharedExperts._determine_shared_experts_order  (shared_experts.py:47, 4 branches, 9 atoms)"
    assert lines[1].split() == ["#", "line", "outcome", "guard", "(after", "inlining)"]
    assert lines[2].split(None, 3) == ["1", "49", "NO_OVERLAP",
        '_lora_fully_sharded or shard_sequence_parallel or (enable_eplb and all2all_backend not in '
        '{"allgather_reducescatter", "deepep_v2", "flashinfer_nvlink_one_sided"}) or use_fi_nvl_two_sided_kernels']
    assert lines[3].split(None, 3) == ["2", "52", "MK_INTERNAL_OVERLAPPED", "_mk_can_overlap_shared_experts()"]
    assert lines[4].split(None, 3) == ["3", "62", "MULTI_STREAM_OVERLAPPED",
        "current_platform.is_cuda_alike() and _stream is not None and shape[0] <= VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD"]
    assert lines[5].split(None, 3) == ["4", "64", "NO_OVERLAP", "(default)"]
    assert lines[6] == "  shadowed branches: none"


def test_explain_json_lists_atoms_branches_and_helpers(cli):
    run = cli("explain", f"{SHARED_EXPERTS}::{TARGET}", "--root", FIXED, "--format", "json")
    data = json.loads(run.output)
    assert data["schema"] == "ordercheck.explain/1"
    assert [b["line"] for b in data["branches"]] == [49, 52, 62, 64]
    assert "self._moe_config.moe_parallel_config.all2all_backend" in data["atoms"]
    assert len(data["atoms"]) == 9
    assert {h["name"] for h in data["helpers"]} == {"_disable_shared_experts_overlap", "should_run_shared_in_aux_stream"}


def test_explain_mermaid_is_a_flowchart_with_true_and_false_edges(cli):
    run = cli("explain", f"{SHARED_EXPERTS}::{TARGET}", "--root", FIXED, "--format", "mermaid")
    out = run.output
    assert out.startswith("flowchart TD\n")
    assert "  g0 -->|true| o0\n" in out
    assert "  g0 -->|false| g1\n" in out
    assert '  o3["NO_OVERLAP<br/>line 64"]\n' in out
    assert "  g2 -->|false| o3\n" in out


def test_shadowed_branch_is_marked_and_warned(cli, tmp_path):
    (tmp_path / "mod.py").write_text(
        "def pick(cfg):\n"
        "    if cfg.a or cfg.b:\n"
        "        return 'WIDE'\n"
        "    if cfg.a:\n"
        "        return 'NARROW'\n"
        "    return 'NONE'\n"
    )
    run = cli("explain", "mod.py::pick", "--root", tmp_path)
    assert "  shadowed branches: #2 (line 5)" in run.output
    assert "[shadowed]" in run.output
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "pick"\nreachable = ["WIDE"]\n')
    check = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    assert check.exit_code == 0  # a warning alone does not fail
    assert "mod.py:5:9: warning[ordercheck/shadowed-branch]" in check.output
    assert "branch at line 5 ('NARROW') can never fire: shadowed by line 3" in check.output


def test_a_model_whose_values_outgrow_the_diagram_budget_is_built_not_crashed(cli, tmp_path, monkeypatch):
    # vLLM 0.33.0's `_flash_attn_fwd:use_sparse_decode`: the items of one exit needed more than a
    # million diagram nodes to prune, and `explain` stopped with an internal error. Past the
    # budget every item is kept (each guard is exact) and a list's orders are unknown.
    import ordercheck.logic

    monkeypatch.setattr(ordercheck.logic, "NODE_BUDGET", 6)
    (tmp_path / "mod.py").write_text(
        "def f(a, b, c, d, e):\n"
        "    use = (a and b) or (c and not d) or e\n"
        "    order = ['x'] if a else []\n"
        "    if b:\n"
        "        order.append('y')\n"
        "    if use:\n"
        "        return order\n"
        "    return ['z']\n"
    )
    for target in ("mod.py::f:use", "mod.py::f"):
        run = cli("explain", target, "--root", tmp_path)
        assert run.exit_code == 0, run.output
        assert "internal error" not in run.output
    assert "<a list with too many orders to list>" in run.output
