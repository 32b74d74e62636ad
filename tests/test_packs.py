"""The bundled packs, as a maintainer runs them: each pack's examples pass, the pack is clean on our
own fixture trees and on the latest release of its engine, and on a copy of one release file edited
the way regressions ship (a reordered priority list, a dropped user-override guard, a platform
default that lost a conjunct, two swapped `append`s) the right rule fails naming the edited code
while `diff` against the release reports the changed region; renamed locals and mirrored
comparisons report nothing.

An edited copy is the release seen through symlinks with only the edited file real, so imports
resolve as in the release; each check and diff names that one file."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURES, VLLM_TREE
from vllm_release import release_tree

SGLANG_TREE = FIXTURES / "sglang_tree"
LATEST = {"vllm": "0.33.0", "sglang": "0.5.23"}
FIXTURE_TREES = {"vllm": VLLM_TREE / "fixed", "sglang": SGLANG_TREE / "fixed"}

CUDA = "vllm/platforms/cuda.py"
ROCM = "vllm/platforms/rocm.py"
SGLANG_OVERRIDES = "sglang/srt/arg_groups/overrides.py"
SGLANG_DEFAULTS = "sglang/srt/arg_groups/model_override_base.py"


def overlay(release: Path, dest: Path, path: str) -> Path:
    """`dest` mirrors `release` through symlinks, except `path`, a real copy; returns that copy."""
    source, target = release, dest
    target.mkdir(parents=True)
    parts = Path(path).parts
    for depth, part in enumerate(parts):
        for entry in source.iterdir():
            if entry.name != part and not entry.name.startswith("."):
                (target / entry.name).symlink_to(entry)
        source, target = source / part, target / part
        if depth < len(parts) - 1:
            target.mkdir()
    target.write_text(source.read_text())
    return target


def edited_copy(tmp_path: Path, engine: str, path: str, edit) -> tuple[Path, Path, str]:
    """(release root, edited root, edited text) for one file of the latest release."""
    release = release_tree(LATEST[engine], engine)
    copy = overlay(release, tmp_path / "edited", path)
    original = copy.read_text()
    text = edit(original)
    assert text != original, "the edit must apply to this release"
    copy.write_text(text)
    return release, tmp_path / "edited", text


def replace_once(old: str, new: str):
    def edit(text: str) -> str:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        return text.replace(old, new)
    return edit


def findings(run) -> list[dict]:
    data = json.loads(run.stdout)
    assert not data["errors"], data["errors"]
    return data["findings"]


def diff_targets(run) -> dict[str, dict]:
    data = json.loads(run.stdout)
    assert not data["errors"], data["errors"]
    return {t["target"]: t for t in data["targets"]}


# ---------------------------------------------------------------- self-tests and clean runs


@pytest.mark.parametrize("pack", sorted(LATEST))
def test_pack_examples_pass(cli, pack):
    run = cli("test", "--pack", pack)
    assert run.exit_code == 0, run.output
    summary = re.search(r"(\d+) examples: (\d+) passed, 0 failed", run.output)
    assert summary and summary[1] == summary[2] and int(summary[1]) >= 30, run.output


@pytest.mark.parametrize("pack", sorted(LATEST))
def test_pack_is_clean_on_our_fixture_tree(cli, pack):
    run = cli("check", "--pack", pack, "--root", FIXTURE_TREES[pack], "--format", "json")
    assert run.exit_code == 0, run.output
    assert findings(run) == []


@pytest.mark.vllm_release
@pytest.mark.parametrize("pack", sorted(LATEST))
def test_pack_is_clean_on_the_latest_release(cli, pack):
    run = cli("check", "--pack", pack, "--root", release_tree(LATEST[pack], pack), "--format", "json")
    assert run.exit_code == 0, run.output
    # a warning is allowed only from a rule that says, as a warning, why the behaviour may be unintended
    assert all(f["severity"] == "warning" for f in findings(run)), run.output


# ---------------------------------------------------------------- the mutation bench


@dataclass(frozen=True)
class Mutation:
    engine: str
    path: str
    old: str
    new: str
    rule: str  # the rule that must fail
    names: str  # how the finding names the edit: statement | body | guard | list-return
    fired: str  # text on the line the finding names
    function: str  # the decision `diff` must report changed
    order: tuple[str, str] | None = None  # diff: the first candidate that changed, old -> new
    diff: str = ""  # why `diff` is not run on this file, when it is not
    now_fires: tuple[str, ...] = ()  # diff: text on the lines the changed regions now take (default: `fired`)


MUTATIONS = {
    # Hopper's MHA list: FlashInfer moved ahead of FlashAttention
    "reordered-priority-list": Mutation(
        "vllm", CUDA,
        "                AttentionBackendEnum.FLASH_ATTN,\n                AttentionBackendEnum.FLASHINFER,\n"
        "                AttentionBackendEnum.TRITON_ATTN,\n",
        "                AttentionBackendEnum.FLASHINFER,\n                AttentionBackendEnum.FLASH_ATTN,\n"
        "                AttentionBackendEnum.TRITON_ATTN,\n",
        "vllm/hopper-mha-prefers-flash-attn", "statement", "return [", "_get_backend_priorities",
        order=("FLASH_ATTN", "FLASHINFER"),
    ),
    # SGLang's SM110/SM120 modelopt_fp4 default no longer asks whether the user chose a runner
    "dropped-user-override-guard": Mutation(
        "sglang", SGLANG_OVERRIDES,
        '    if (\n        moe_runner_backend == "auto"\n        and view.quantization == "modelopt_fp4"\n',
        '    if (\n        view.quantization == "modelopt_fp4"\n',
        "sglang/explicit-moe-runner-backend-wins-for-modelopt-fp4", "body", 'moe_runner_backend = "flashinfer_cutlass"',
        "_moe_runner_backend_quant_constraints",
        diff="diff over this 1,500-line file did not finish in 15 minutes (4.9 GB): an engine issue, reported",
    ),
    # SGLang's Blackwell trtllm_mha default lost "no speculative decoding with topk > 1"
    "platform-default-lost-a-conjunct": Mutation(
        "sglang", SGLANG_DEFAULTS,
        "            get_platform().is_sm100\n            and is_no_spec_infer_or_topk_one(resolved_view(server_args))\n",
        "            get_platform().is_sm100\n",
        "sglang/blackwell-spec-topk-over-one-avoids-trtllm-mha", "guard", 'return "trtllm_mha"', "get_default_attn_backend",
        now_fires=('return "trtllm_mha"', 'return "fa4"'),
    ),
    # ROCm: the AITER MHA append swapped in front of ROCM_ATTN's
    "swapped-appends": Mutation(
        "vllm", ROCM,
        "    if not use_kv_connector:\n        backends.append(AttentionBackendEnum.ROCM_ATTN)\n"
        "    if rocm_aiter_ops.is_mha_enabled():\n        backends.append(AttentionBackendEnum.ROCM_AITER_FA)\n",
        "    if rocm_aiter_ops.is_mha_enabled():\n        backends.append(AttentionBackendEnum.ROCM_AITER_FA)\n"
        "    if not use_kv_connector:\n        backends.append(AttentionBackendEnum.ROCM_ATTN)\n",
        "vllm/rocm-mha-prefers-rocm-attn", "list-return", "return backends", "_get_backend_priorities",
        order=("ROCM_ATTN", "ROCM_AITER_FA"),
    ),
}


def _names_the_edit(mutation: Mutation, finding: dict, lines: list[str], edited: int) -> bool:
    line = finding["line"]
    if mutation.names == "statement":  # the returned literal list holds the edited line
        span = "\n".join(lines[line - 1:edited])
        return line < edited and span.count("[") > span.count("]")
    if mutation.names == "body":  # the first statement under the edited guard
        header = "\n".join(lines[edited - 1:line - 1]).strip()
        return header.startswith("if") and header.endswith(":")
    if mutation.names == "guard":  # the `if`/`elif` whose condition was edited is quoted
        header = max(n for n in range(1, edited + 1) if lines[n - 1].lstrip().startswith(("if ", "if(", "elif ", "elif(")))
        return header in {s["line"] for s in finding["source"]}
    # a list built by appends: the finding names the return of the list, not the appends (the
    # engine does not track which mutation put a candidate first)
    return line > edited


@pytest.mark.vllm_release
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_edited_release_fails_the_right_rule_naming_the_edit(cli, tmp_path, name):
    mutation = MUTATIONS[name]
    release, root, text = edited_copy(tmp_path, mutation.engine, mutation.path, replace_once(mutation.old, mutation.new))
    run = cli("check", "--pack", mutation.engine, "--root", root, mutation.path, "--format", "json")
    assert run.exit_code == 1, run.output
    failed = [f for f in findings(run) if f["rule"] == mutation.rule]
    assert failed and failed[0]["severity"] == "error" and failed[0]["verdict"] == "violated", run.output
    lines = text.splitlines()
    original = (release / mutation.path).read_text()
    edited = original[:original.index(mutation.old)].count("\n") + 1  # the edit starts on this line
    assert mutation.fired in lines[failed[0]["line"] - 1], failed[0]
    assert _names_the_edit(mutation, failed[0], lines, edited), (edited, failed[0])


@pytest.mark.vllm_release
@pytest.mark.parametrize("name", sorted(n for n, m in MUTATIONS.items() if not m.diff))
def test_diff_against_the_release_reports_the_changed_region(cli, tmp_path, name):
    mutation = MUTATIONS[name]
    release, root, text = edited_copy(tmp_path, mutation.engine, mutation.path, replace_once(mutation.old, mutation.new))
    run = cli("diff", release, root, mutation.path, "--format", "json")
    assert run.exit_code == 1, run.output
    target = diff_targets(run)[f"{mutation.path}::{mutation.function}"]
    assert target["status"] == "changed" and target["regions"], target
    lines = text.splitlines()
    now = mutation.now_fires or (mutation.fired,)
    assert all(any(n in lines[r["new"]["line"] - 1] for n in now) for r in target["regions"]), target["regions"]
    if mutation.order:
        old, new = mutation.order
        assert {(r["order_change"]["old"], r["order_change"]["new"]) for r in target["regions"]} == {(old, new)}


def in_function(name: str, edit):
    """`edit` applied to the module-level function `name` only."""
    def apply(text: str) -> str:
        start = text.index(f"\ndef {name}(")
        end = text.index("\ndef ", start + 1)
        return text[:start] + edit(text[start:end]) + text[end:]
    return apply


REFACTORS = {
    # a local renamed, `num_heads <= 16` written `16 >= num_heads`
    "cuda-priorities": ("vllm", CUDA, "_get_backend_priorities", in_function("_get_backend_priorities", lambda s: re.sub(
        r"\bsparse_tail\b", "tail_candidates", s).replace("num_heads <= 16", "16 >= num_heads"))),
    "rocm-priorities": ("vllm", ROCM, "_get_backend_priorities", in_function("_get_backend_priorities", lambda s: re.sub(
        r"\bbackends\b", "candidates", s))),
    # a local renamed, `head_num == 128` written `128 == head_num`
    "sglang-defaults": ("sglang", SGLANG_DEFAULTS, "get_default_attn_backend", in_function("get_default_attn_backend", lambda s: re.sub(
        r"\bhead_num\b", "kv_heads", s).replace("kv_heads == 128 or kv_heads == 16", "128 == kv_heads or 16 == kv_heads"))),
}


@pytest.mark.vllm_release
@pytest.mark.parametrize("name", sorted(REFACTORS))
def test_renamed_locals_and_mirrored_comparisons_report_nothing(cli, tmp_path, name):
    engine, path, function, edit = REFACTORS[name]
    release, root, _ = edited_copy(tmp_path, engine, path, edit)
    check = cli("check", "--pack", engine, "--root", root, path, "--format", "json")
    assert check.exit_code == 0 and findings(check) == [], check.output
    run = cli("diff", release, root, path, "--format", "json")
    target = diff_targets(run).get(f"{path}::{function}")
    if target is not None:
        assert target["status"] == "unchanged", run.output
        return
    # both read an atom the model does not see into (an expression it does not evaluate, a call
    # it did not follow), named by its text: nothing changes if it is the same in both versions,
    # which diff cannot prove, so it says so rather than "unchanged"
    (uncompared,) = [u for u in json.loads(run.output)["not_compared"] if u["function"] == function]
    assert uncompared["reason"].startswith("no configuration changes path if `"), uncompared
    assert run.exit_code == 1


def test_diff_of_a_rename_elsewhere_in_the_file_reports_nothing(cli, tmp_path):
    source = ('def pick(cfg):\n    {v} = cfg.a\n    if {v}:\n        return "A"\n    return "B"\n\n\n'
              "def nodes(cfg):\n    out = []\n    if cfg.empty:\n        return None\n    fill(out)\n    return out\n")
    for side, local in (("old", "x"), ("new", "y")):
        (tmp_path / side).mkdir()
        (tmp_path / side / "m.py").write_text(source.format(v=local))
    run = cli("diff", tmp_path / "old", tmp_path / "new", "m.py")
    assert run.exit_code == 0, run.output
