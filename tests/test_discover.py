"""`ordercheck discover`: the shapes it finds, how it ranks them, its cache, and the starter rules
`--suggest` writes (which must pass on the code they were written from and catch a regression)."""

import json
import shutil
import textwrap

from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE, copy_fixture
from ordercheck import schemas
from ordercheck.discover import rank, scan

SHAPES = textwrap.dedent('''
    class Backend:
        def pick(self, cfg):
            if cfg.eplb and cfg.backend not in ("a", "b"):
                return Order.NO_OVERLAP
            if cfg.stream is not None:
                return Order.MULTI_STREAM
            return Order.NO_OVERLAP

    def priorities(hopper, dp):
        backends = [B.TRITON, B.FLASHINFER]
        if hopper:
            backends.insert(0, backends.pop())
        if dp > 1:
            backends.remove(B.FLASHINFER)
        return backends

    def select(cfg):
        for b in priorities(cfg.hopper, cfg.dp):
            if b.supported(cfg):
                return b
        raise ValueError("none")

    def defaults(self, args):
        if args.backend is not None:
            self.attention_backend = args.backend
        elif args.hopper:
            self.attention_backend = "fa3"
        elif args.blackwell:
            self.attention_backend = "trtllm"
        else:
            self.attention_backend = "triton"

    def forward(self, x):
        use_aux = self.stream is not None and x.shape[0] <= 256
        if use_aux:
            return 1
        return 2

    def helper(x):
        return x + 1
''')


def test_scan_finds_each_shape_with_its_target_and_line():
    found = {(c.kind, c.target, c.line) for c in scan(SHAPES, "m.py").candidates}
    assert found == {
        ("decision", "Backend.pick", 3),
        ("priority-list", "priorities", 10),
        ("first-supported", "select", 19),
        ("assignment-chain", "defaults:self.attention_backend", 25),
        ("decision-variable", "forward:use_aux", 35),
        ("decision", "forward", 34),
    }


def test_rank_counts_callers_across_modules_and_orders_best_first():
    callers = scan("def a(cfg):\n    priorities(1, 2)\n    priorities(3, 4)\n", "n.py")
    ranked = rank([scan(SHAPES, "m.py"), callers])
    by_target = {c.target: c for c in ranked}
    assert by_target["priorities"].callers == 3  # two in n.py, one in select
    assert by_target["Backend.pick"].callers == 0
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)


def test_discover_on_the_fixture_tree_lists_the_pack_targets(cli):
    run = cli("discover", "--root", VLLM_TREE / "fixed", "--no-cache", "--format", "json", "--limit", "100")
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    schemas.validator("discover").validate(data)
    targets = {(c["path"], c["target"], c["kind"]) for c in data["candidates"]}
    assert (SHARED_EXPERTS, TARGET, "decision") in targets
    assert ("vllm/model_executor/layers/fused_moe/oracle/unquantized.py", "_get_priority_backends", "priority-list") in targets
    assert ("vllm/model_executor/layers/fused_moe/oracle/fp8.py", "select_fp8_moe_backend", "first-supported") in targets
    assert data["files"] == len(list((VLLM_TREE / "fixed").rglob("*.py"))) and data["cached"] == 0


def test_the_cache_is_keyed_by_content_and_no_cache_leaves_no_trace(cli, tmp_path):
    root = tmp_path / "tree"
    copy_fixture(VLLM_TREE / "fixed", root)
    cli("discover", "--root", root, "--no-cache")
    assert not (root / ".ordercheck_cache").exists()
    first = cli("discover", "--root", root)
    assert "0 files from the cache" in first.stdout
    files = len(list(root.rglob("*.py")))
    again = cli("discover", "--root", root)
    assert f"{files} files from the cache" in again.stdout
    assert again.stdout.splitlines()[:-1] == first.stdout.splitlines()[:-1]
    path = root / SHARED_EXPERTS
    path.write_text(path.read_text().replace("_mk_can_overlap_shared_experts():", "_mk_can_overlap_shared_experts() and True:"))
    edited = cli("discover", "--root", root)
    assert f"{files - 1} files from the cache" in edited.stdout


def test_discover_reports_unparsable_files_and_missing_paths(cli, tmp_path):
    (tmp_path / "bad.py").write_text("def f(:\n")
    run = cli("discover", "--root", tmp_path, "--no-cache")
    assert run.exit_code == 0
    assert "skipped bad.py: cannot parse: SyntaxError" in run.stdout
    missing = cli("discover", "--root", tmp_path, "nope")
    assert missing.exit_code == 2 and "`nope` does not exist" in missing.stderr


def test_suggested_rules_pass_where_they_were_written_and_catch_the_regression(cli, tmp_path):
    target = f"{SHARED_EXPERTS}::{TARGET}"
    run = cli("discover", "--root", VLLM_TREE / "fixed", "--suggest", target)
    assert run.exit_code == 0, run.output
    text = run.stdout
    assert '# pure-calls = ["current_platform.is_cuda_alike", "self._mk_can_overlap_shared_experts"]' in text
    assert text.count("[[rule]]") == 4
    rules = tmp_path / "suggested.toml"
    rules.write_text(text.replace("# pure-calls", "pure-calls"))
    assert cli("check", "--rules", rules, "--root", VLLM_TREE / "fixed").exit_code == 0
    regressed = cli("check", "--rules", rules, "--root", VLLM_TREE / "regressed", "--format", "json")
    assert regressed.exit_code == 1
    # the early branch (#35153) takes TP-only decode from the kernel's own overlap (line 52) and
    # from the multi-stream branch (line 62)
    assert {f["rule"] for f in json.loads(regressed.stdout)["findings"]} == {
        "determine-shared-experts-order-line-52", "determine-shared-experts-order-line-62"}
