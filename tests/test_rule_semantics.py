"""What a rule means: facts, helpers, quantification, forbid / reachable, undetermined."""

import pytest

import ordercheck
from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE

FIXED = VLLM_TREE / "fixed"
PURE = 'pure-calls = ["current_platform.*", "self._mk_can_overlap_shared_experts"]\n'
HEAD = f'{PURE}[[rule]]\nid = "r"\npath = "{SHARED_EXPERTS}"\nfunction = "{TARGET}"\n'


def run(tmp_path, body, root=FIXED):
    (tmp_path / "r.toml").write_text(HEAD + body)
    return ordercheck.run_check([str(tmp_path / "r.toml")], root=root)


def test_a_fact_may_constrain_an_inlined_property(tmp_path):
    result = run(tmp_path, 'expect = "MULTI_STREAM_OVERLAPPED"\n[rule.given]\n_disable_shared_experts_overlap = false\n'
                           '_mk_can_overlap_shared_experts = false\nshould_run_shared_in_aux_stream = true\n')
    assert result.errors == [] and result.findings == []


def test_a_helper_fact_leaves_its_atoms_quantified(tmp_path):
    # disable=false alone does not say the aux stream exists: NO_OVERLAP is still possible
    result = run(tmp_path, 'expect = "MULTI_STREAM_OVERLAPPED"\n[rule.given]\n_disable_shared_experts_overlap = false\n'
                           '_mk_can_overlap_shared_experts = false\n')
    (finding,) = result.findings
    assert finding.actual == "NO_OVERLAP" and finding.actual_line == 64
    # the path runs through the atoms the helper fact constrains, then the one that decides
    assert finding.extra["counterexample"]["current_platform.is_cuda_alike()"] == "false"
    assert finding.extra["counterexample"]["self._lora_fully_sharded"] == "false"


def test_is_none_and_is_not_none_bind_one_atom(tmp_path):
    body = 'forbid = ["MULTI_STREAM_OVERLAPPED"]\n[rule.given]\n"_stream is None" = true\n'
    result = run(tmp_path, body)
    assert result.errors == [] and result.findings == []


def test_string_fact_decides_membership_in_a_constant_tuple(tmp_path):
    safe = run(tmp_path, 'reachable = ["MULTI_STREAM_OVERLAPPED"]\n[rule.given]\nenable_eplb = true\nall2all_backend = "deepep_v2"\n')
    assert safe.errors == [] and safe.findings == []
    unsafe = run(tmp_path, 'reachable = ["MULTI_STREAM_OVERLAPPED"]\n[rule.given]\nenable_eplb = true\nall2all_backend = "naive"\n')
    assert unsafe.errors == []
    (finding,) = unsafe.findings
    assert finding.actual == "unreachable"
    assert finding.location.line == 62


def test_numbers_compare_numerically(tmp_path):
    at = run(tmp_path, 'forbid = ["NO_OVERLAP"]\n[rule.given]\n_disable_shared_experts_overlap = false\n'
                       '_mk_can_overlap_shared_experts = false\nis_cuda_alike = true\n"_stream is not None" = true\n'
                       '"hidden_states.shape[0]" = 256\nVLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD = 256\n')
    assert at.errors == [] and at.findings == []
    above = run(tmp_path, 'forbid = ["MULTI_STREAM_OVERLAPPED"]\n[rule.given]\n"hidden_states.shape[0]" = 257\n'
                          'VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD = 256\n')
    assert above.errors == [] and above.findings == []


def test_forbid_failure_reports_the_forbidden_branch(tmp_path):
    result = run(tmp_path, 'forbid = ["MK_INTERNAL_OVERLAPPED"]\n')
    (finding,) = result.findings
    assert (finding.actual, finding.actual_line, finding.expected) == ("MK_INTERNAL_OVERLAPPED", 52, "not MK_INTERNAL_OVERLAPPED")
    assert dict(finding.scenario) == {"_lora_fully_sharded": "false", "shard_sequence_parallel": "false", "enable_eplb": "false",
                                      "use_fi_nvl_two_sided_kernels": "false", "_mk_can_overlap_shared_experts()": "true"}
    assert result.exit_code == 1


def test_warning_severity_does_not_fail_the_run(tmp_path):
    result = run(tmp_path, 'severity = "warning"\nforbid = ["MK_INTERNAL_OVERLAPPED"]\n')
    assert result.findings[0].severity == "warning"
    assert result.exit_code == 0


def test_outcome_depending_on_unmodeled_code_is_reported_undetermined(tmp_path):
    (tmp_path / "mod.py").write_text(
        "def pick(cfg):\n"
        "    for backend in cfg.backends:\n"
        "        if backend.unsafe:\n"
        "            return 'SERIAL'\n"
        "    return 'OVERLAP'\n"
    )
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "pick"\nexpect = "OVERLAP"\n')
    result = ordercheck.run_check([str(tmp_path / "r.toml")], root=tmp_path)
    (finding,) = result.findings
    assert finding.actual == "'SERIAL'" and finding.actual_line == 4
    assert finding.verdict == "undetermined"
    assert "undetermined: the outcome depends on unmodeled code (<loop at line 2 runs its body>, line 2)" in finding.detail
    assert result.exit_code == 1


@pytest.mark.parametrize("key", ["is_cuda_alike", "is_cuda_alike()", "current_platform.is_cuda_alike"])
def test_call_keys_may_leave_out_parentheses(tmp_path, key):
    result = run(tmp_path, f'forbid = ["MULTI_STREAM_OVERLAPPED"]\n[rule.given]\n"{key}" = false\n')
    assert result.errors == [] and result.findings == []


def test_when_accepts_boolean_expressions_of_names(tmp_path):
    body = ('order = [\n  { when = "_lora_fully_sharded or shard_sequence_parallel", then = "NO_OVERLAP" },\n'
            '  { when = "not _disable_shared_experts_overlap and _mk_can_overlap_shared_experts", then = "MK_INTERNAL_OVERLAPPED" },\n]\n')
    result = run(tmp_path, body)
    assert result.errors == [] and result.findings == []


def test_a_read_after_a_call_that_may_change_it_is_not_bound_by_a_fact(tmp_path):
    # without pure-calls, `_stream` is read after `current_platform.is_cuda_alike()`: the fact
    # binds the value on entry, not the one read, so the rule cannot be proved either way
    body = 'expect = "MULTI_STREAM_OVERLAPPED"\n[rule.given]\n_disable_shared_experts_overlap = false\n' \
           '_mk_can_overlap_shared_experts = false\nis_cuda_alike = true\n"_stream is not None" = true\n' \
           '"hidden_states.shape[0]" = 1\nVLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD = 256\n'
    (tmp_path / "r.toml").write_text(HEAD.replace(PURE, "") + body)
    result = ordercheck.run_check([str(tmp_path / "r.toml")], root=FIXED)
    (finding,) = result.findings
    assert finding.verdict == "undetermined" and result.exit_code == 1
    assert "read after `self._mk_can_overlap_shared_experts()`, which may change it" in finding.detail
    declared = run(tmp_path, body)
    assert declared.errors == [] and declared.findings == []
