"""How changes and chains read: diff regions as comparisons in code form, long guards wrapped in
dot and Mermaid, and diff as SARIF and GitHub annotations."""

import json
import re

import pytest

from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE
from ordercheck.report import GRAPH_WIDTH

FIXED, REGRESSED = VLLM_TREE / "fixed", VLLM_TREE / "regressed"


def two_versions(tmp_path, old, new):
    for name, body in (("old", old), ("new", new)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "m.py").write_text(body)
    return tmp_path / "old", tmp_path / "new"


# ---------------------------------------------------------------- regions as code reads them


@pytest.mark.parametrize("guard, holds, fails", [
    # a named constant stays on the right, as people write it
    ("x.n <= x.LIMIT", {"x.n <= x.LIMIT"}, {"x.n > x.LIMIT"}),
    # two plain terms: either orientation of the same relation
    ("x.n < x.limit", {"x.n < x.limit", "x.limit > x.n"}, {"x.n >= x.limit", "x.limit <= x.n"}),
    ("x.mode == x.default", {"x.mode == x.default", "x.default == x.mode"}, {"x.mode != x.default", "x.default != x.mode"}),
    # a term against numbers: the interval its classes form
    ("x.n <= 5", {"n <= 5"}, {"n > 5"}),
    ("x.n == 3", {"n == 3"}, {"n != 3"}),  # `n` may be None there too: not `<3|>3`
])
def test_a_comparison_in_a_region_reads_as_the_comparison_or_its_negation(cli, tmp_path, guard, holds, fails):
    old, new = two_versions(tmp_path,
                            f'def pick(x):\n    if x.flag:\n        return "A"\n    if {guard}:\n        return "B"\n    return "C"\n',
                            f'def pick(x):\n    if {guard}:\n        return "B"\n    return "C"\n')
    run = cli("diff", old, new)
    assert run.exit_code == 1
    regions = dict(re.findall(r"  - when flag=true, (.*):\n        'A' \(line 3\)  ->  ('[BC]')", run.stdout))
    assert set(regions.values()) == {"'B'", "'C'"}, run.stdout
    assert {c for c, o in regions.items() if o == "'B'"} <= holds
    assert {c for c, o in regions.items() if o == "'C'"} <= fails


def test_the_token_threshold_region_reads_as_a_comparison(cli):
    run = cli("diff", FIXED, REGRESSED)
    text = " ".join(run.stdout.split())
    assert "_stream=not None, hidden_states.shape[0] <= envs.VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD:" in text
    assert "THRESHOLD=true" not in text


def test_diff_github_annotations_carry_the_region_as_code(cli):
    run = cli("diff", FIXED, REGRESSED, "--format", "github")
    threshold = [line for line in run.stdout.splitlines() if "shape[0] <=" in line]
    assert threshold and all(line.startswith(f"::warning file={SHARED_EXPERTS},line=60,title=ordercheck diff::") for line in threshold)
    assert "hidden_states.shape[0] <= envs.VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD: MULTI_STREAM_OVERLAPPED (old line 62)" in threshold[0]


def test_diff_sarif_has_one_warning_per_region_at_the_new_branch(cli):
    run = cli("diff", FIXED, REGRESSED, "--format", "sarif")
    assert run.exit_code == 1
    (sarif_run,) = json.loads(run.stdout)["runs"]
    assert [r["id"] for r in sarif_run["tool"]["driver"]["rules"]] == ["ordercheck/changed-path", "ordercheck/vanished-decision",
                                                                  "ordercheck/not-compared"]
    (changed,) = [t for t in json.loads(cli("diff", FIXED, REGRESSED, "--format", "json").stdout)["targets"] if t["regions"]]
    messages = [r["message"]["text"] for r in sarif_run["results"]]
    assert len(messages) == len(changed["regions"]) == 4
    count = f"{changed['changed_configurations']} of {changed['total_configurations']} configurations change path"
    assert all(m.startswith(f"SharedExperts._determine_shared_experts_order: {count}. When ") for m in messages)
    assert sarif_run["invocations"][0]["exitCode"] == 1


def test_diff_sarif_of_a_vanished_decision(cli, tmp_path):
    old, new = two_versions(tmp_path, 'def pick(x):\n    if x.a:\n        return "A"\n    return "B"\n', "X = 1\n")
    run = cli("diff", old, new, "--format", "sarif")
    (result,) = json.loads(run.stdout)["runs"][0]["results"]
    assert result["ruleId"] == "ordercheck/vanished-decision"
    assert result["message"]["text"] == "pick vanished: no function with the same outcomes replaces it"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


# ---------------------------------------------------------------- long guards in diagrams


def labels(text, pattern):
    return [m.group(1) for m in re.finditer(pattern, text)]


def test_long_guards_wrap_in_mermaid(cli):
    run = cli("explain", f"{SHARED_EXPERTS}::{TARGET}", "--root", FIXED, "--format", "mermaid")
    guard = labels(run.stdout, r'  g0\{"(.*)"\}')[0]
    lines = guard.split("<br/>")
    assert len(lines) == 5
    assert all(len(line.replace("#quot;", '"')) <= GRAPH_WIDTH for line in lines)
    assert " ".join(lines).replace("#quot;", '"') == (
        '_lora_fully_sharded or shard_sequence_parallel or (enable_eplb and all2all_backend not in '
        '{"allgather_reducescatter", "deepep_v2", "flashinfer_nvlink_one_sided"}) or use_fi_nvl_two_sided_kernels')


def test_long_guards_wrap_in_dot(cli):
    run = cli("explain", f"{SHARED_EXPERTS}::{TARGET}", "--root", FIXED, "--format", "dot")
    guard = labels(run.stdout, r'  g2 \[shape=diamond, label="(.*)"\];')[0]
    assert guard.split("\\n") == ["current_platform.is_cuda_alike() and _stream is", "not None and shape[0] <=",
                                  "VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD"]
    short = labels(run.stdout, r'  g1 \[shape=diamond, label="(.*)"\];')[0]
    assert short == "_mk_can_overlap_shared_experts()"
