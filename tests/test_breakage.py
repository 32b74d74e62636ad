"""The vLLM pack fails, naming the branch, on every way to break its guarantees, and passes on
refactors. Run on our fixture tree always, and on the real vLLM 0.33.0 file when it is cached."""

import json
import re
import shutil

import pytest

from conftest import SHARED_EXPERTS, VLLM_TREE
from vllm_release import release_tree

DISABLE = "        if self._disable_shared_experts_overlap:\n            return SharedExpertsOrder.NO_OVERLAP\n"
MK = "        if self._mk_can_overlap_shared_experts():\n            return SharedExpertsOrder.MK_INTERNAL_OVERLAPPED\n"
ARMS = ("return SharedExpertsOrder.MULTI_STREAM_OVERLAPPED\n        else:\n            return SharedExpertsOrder.NO_OVERLAP")
PR35153 = (
    "        if not (self._moe_config.moe_parallel_config.enable_eplb\n"
    "                or self._moe_config.moe_parallel_config.use_fi_nvl_two_sided_kernels):\n"
    "            return SharedExpertsOrder.NO_OVERLAP\n\n"
)

BREAKAGES = {
    # name: (edit, rules that must fail, outcome of the branch that fires)
    "pr35153-early-branch": (lambda s: s.replace(MK, PR35153 + MK), {"tp-only-decode-overlaps-shared-experts", "shared-experts-precedence"}, "NO_OVERLAP"),
    "polarity-flip": (lambda s: s.replace("if self._disable_shared_experts_overlap:", "if not self._disable_shared_experts_overlap:"),
                      {"tp-only-decode-overlaps-shared-experts", "fully-sharded-lora-never-overlaps"}, None),
    "reordered-guards": (lambda s: s.replace(DISABLE + "\n" + MK, MK + "\n" + DISABLE), {"fully-sharded-lora-never-overlaps", "shared-experts-precedence"}, "MK_INTERNAL_OVERLAPPED"),
    "swapped-arms": (lambda s: s.replace(ARMS, ARMS.replace("MULTI_STREAM_OVERLAPPED", "@").replace("NO_OVERLAP", "MULTI_STREAM_OVERLAPPED").replace("@", "NO_OVERLAP")),
                     {"tp-only-decode-overlaps-shared-experts", "prefill-above-threshold-does-not-overlap", "non-cuda-does-not-overlap"}, None),
    "inverted-backend-check": (lambda s: re.sub(r"not in (_\w+)", r"in \1", s), {"eplb-unsafe-backend-never-overlaps", "eplb-safe-backend-still-overlaps"}, None),
    "threshold-comparison-flipped": (lambda s: s.replace("<= envs.VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD", ">= envs.VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD"),
                                     {"tp-only-decode-overlaps-shared-experts", "prefill-above-threshold-does-not-overlap"}, None),
}

REFACTORS = {
    "reordered-and-operands": lambda s: s.replace("            current_platform.is_cuda_alike()\n            and self._stream is not None\n",
                                                  "            self._stream is not None\n            and current_platform.is_cuda_alike()\n"),
    "renamed-local": lambda s: re.sub(r"\bparallel(_config)?\b", "pcfg", s),
    "elif-after-return": lambda s: s.replace(DISABLE + "\n" + MK, DISABLE + MK.replace("        if", "        elif", 1)),
}


def _trees():
    yield pytest.param(lambda: VLLM_TREE / "fixed", id="fixture")
    yield pytest.param(lambda: release_tree("0.33.0"), id="vllm-0.33.0", marks=pytest.mark.vllm_release)


TREES = list(_trees())


def copy_with(tmp_path, make_root, edit):
    src = make_root()
    dest = tmp_path / "tree" / SHARED_EXPERTS
    dest.parent.mkdir(parents=True)
    original = (src / SHARED_EXPERTS).read_text()
    edited = edit(original)
    assert edited != original, "the edit must apply"
    dest.write_text(edited)
    return tmp_path / "tree", edited


@pytest.mark.parametrize("make_root", TREES)
def test_pack_passes_on_the_unbroken_file(cli, make_root):
    run = cli("check", "--pack", "vllm", "--root", make_root())
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("make_root", TREES)
@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_pack_fails_on_breakage_naming_the_branch(cli, tmp_path, make_root, name):
    edit, must_fail, outcome = BREAKAGES[name]
    root, text = copy_with(tmp_path, make_root, edit)
    run = cli("check", "--pack", "vllm", "--root", root, "--format", "json", SHARED_EXPERTS)
    assert run.exit_code == 1, run.output
    data = json.loads(run.output)
    failed = {f["rule"].removeprefix("vllm/") for f in data["findings"] if f["severity"] == "error"}
    assert must_fail <= failed, failed
    lines = text.splitlines()
    for finding in data["findings"]:
        if finding["actual"] and finding["actual"]["line"]:
            fired = lines[finding["actual"]["line"] - 1]
            assert "return" in fired and finding["actual"]["outcome"] in fired
            if outcome and finding["rule"] == f"vllm/{sorted(must_fail)[0]}":
                assert finding["actual"]["outcome"] == outcome


@pytest.mark.parametrize("make_root", TREES)
def test_dropped_safety_guard_makes_its_rules_stale_never_clean(cli, tmp_path, make_root):
    # the guard and its only atom are gone: every rule that names the atom is a config error
    root, _ = copy_with(tmp_path, make_root, lambda s: s.replace("        if self._lora_fully_sharded:\n            return True\n", ""))
    run = cli("check", "--pack", "vllm", "--root", root, SHARED_EXPERTS)
    assert run.exit_code == 2
    assert "config error[vllm/fully-sharded-lora-never-overlaps]: fact `_lora_fully_sharded` binds no atom" in run.output


@pytest.mark.parametrize("make_root", TREES)
@pytest.mark.parametrize("name", sorted(REFACTORS))
def test_pack_passes_on_refactors(cli, tmp_path, make_root, name):
    root, _ = copy_with(tmp_path, make_root, REFACTORS[name])
    run = cli("check", "--pack", "vllm", "--root", root, SHARED_EXPERTS)
    assert run.exit_code == 0, run.output


@pytest.mark.vllm_release
def test_explain_models_the_real_019_decision_variable(cli):
    root = release_tree("0.19.1")
    path = "vllm/model_executor/layers/fused_moe/runner/default_moe_runner.py"
    run = cli("explain", f"{path}::DefaultMoERunner.forward_impl:use_shared_experts_stream", "--root", root, "--format", "json")
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert [b["outcome"] for b in data["branches"]] == ["True", "False"]
    guard = data["branches"][0]["guard_short"]
    for atom in ("is_cuda()", "mk_owns_shared_expert", "use_deepep_ll_kernels", "shared_experts_stream is not None",
                 "shape[0] <= VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD"):
        assert atom in guard
    # what the model could not decide is said: every read after the platform query is a new atom
    assert data["notes"] and all("read after `current_platform.is_cuda()` at line 780" in n["message"] for n in data["notes"])
