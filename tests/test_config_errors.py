"""Bad input is exit 2 with file, line and nearest names; it never passes as clean."""

import pytest

from conftest import SHARED_EXPERTS, TARGET, VLLM_TREE


def write_rule(tmp_path, body: str, name="rules.toml"):
    path = tmp_path / name
    path.write_text(body)
    return path


RULE = f'''
[[rule]]
id = "tp-only"
path = "{SHARED_EXPERTS}"
function = "{TARGET}"
expect = "MULTI_STREAM_OVERLAPPED"
'''


def run_rules(cli, tmp_path, body, root=VLLM_TREE / "fixed"):
    path = write_rule(tmp_path, body)
    return cli("check", "--rules", path, "--root", root, cwd=tmp_path)


def test_fact_that_binds_no_atom_names_the_nearest_atom(cli, tmp_path):
    run = run_rules(cli, tmp_path, RULE + "[rule.given]\nenable_epl = false\n")
    assert run.exit_code == 2
    assert ("rules.toml:8: config error[tp-only]: fact `enable_epl` binds no atom of "
            "SharedExperts._determine_shared_experts_order") in run.output
    assert "  did you mean `enable_eplb`? (self._moe_config.moe_parallel_config.enable_eplb, line 43)" in run.output


def test_unknown_outcome_names_the_outcomes(cli, tmp_path):
    run = run_rules(cli, tmp_path, RULE.replace("MULTI_STREAM_OVERLAPPED", "MULTI_STREAM"))
    assert run.exit_code == 2
    assert "config error[tp-only]: unknown outcome `MULTI_STREAM`" in run.output
    assert "did you mean `MULTI_STREAM_OVERLAPPED`?" in run.output


def test_unknown_key_is_reported_with_its_line_and_the_nearest_key(cli, tmp_path):
    run = run_rules(cli, tmp_path, RULE + 'expekt = "NO_OVERLAP"\n')
    assert run.exit_code == 2
    assert "rules.toml:7: config error[tp-only]: unknown key `expekt` in rule" in run.output
    assert "did you mean `expect`?" in run.output


def test_missing_field(cli, tmp_path):
    run = run_rules(cli, tmp_path, RULE.replace(f'function = "{TARGET}"\n', ""))
    assert run.exit_code == 2
    assert "rules.toml:2: config error[tp-only]: rule is missing `function`" in run.output


def test_rule_without_expectation(cli, tmp_path):
    run = run_rules(cli, tmp_path, RULE.replace('expect = "MULTI_STREAM_OVERLAPPED"\n', ""))
    assert run.exit_code == 2
    assert "rule states no expectation" in run.output


def test_missing_target_file(cli, tmp_path):
    run = run_rules(cli, tmp_path, RULE.replace(SHARED_EXPERTS, "vllm/gone.py"))
    assert run.exit_code == 2
    assert f"rules.toml:4: config error[tp-only]: target file `vllm/gone.py` does not exist under {VLLM_TREE / 'fixed'}" in run.output
    assert "  named by rule `tp-only`" in run.output


def test_missing_target_function_suggests_the_nearest(cli, tmp_path):
    run = run_rules(cli, tmp_path, RULE.replace(TARGET, "SharedExperts._determine_shared_expert_order"))
    assert run.exit_code == 2
    assert f"{SHARED_EXPERTS}:1: config error[tp-only]: no function `SharedExperts._determine_shared_expert_order`" in run.output
    assert "did you mean `SharedExperts._determine_shared_experts_order` (line 47)?" in run.output
    assert "named by rule `tp-only` at rules.toml:2" in run.output


def test_unparsable_target_source(cli, tmp_path, tree):
    root = tree("fixed")
    (root / SHARED_EXPERTS).write_text("def broken(:\n    pass\n")
    run = run_rules(cli, tmp_path, RULE, root=root)
    assert run.exit_code == 2
    assert f"{SHARED_EXPERTS}:1:12: config error[tp-only]: cannot parse {SHARED_EXPERTS}: invalid syntax" in run.output


def test_invalid_toml_names_the_line(cli, tmp_path):
    run = run_rules(cli, tmp_path, RULE + "given = {\n")
    assert run.exit_code == 2
    assert "rules.toml:7" in run.output
    assert "invalid TOML" in run.output


def test_empty_rules_folder(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    run = cli("check", "--rules", tmp_path / "empty", "--root", VLLM_TREE / "fixed")
    assert run.exit_code == 2
    assert "holds no *.toml rule files" in run.output


def test_missing_rules_path(cli, tmp_path):
    run = cli("check", "--rules", tmp_path / "nope.toml", "--root", VLLM_TREE / "fixed")
    assert run.exit_code == 2
    assert "does not exist" in run.output


def test_no_rules_named_says_how_to_name_them(cli, tmp_path):
    run = cli("check", "--root", VLLM_TREE / "fixed", cwd=tmp_path)
    assert run.exit_code == 2
    assert "no rules named: pass --rules PATH or --pack NAME" in run.output


def test_unknown_pack_lists_the_installed_packs(cli):
    run = cli("check", "--pack", "vlm", "--root", VLLM_TREE / "fixed")
    assert run.exit_code == 2
    assert "no rule pack named `vlm` (installed packs: sglang, vllm)" in run.output


def test_pack_name_is_never_read_as_a_path(cli, tmp_path):
    (tmp_path / "vllm").mkdir()  # a folder called vllm, as in a vLLM checkout
    run = cli("check", "--pack", "vllm", "--root", VLLM_TREE / "fixed", cwd=tmp_path)
    assert run.exit_code == 0


def test_contradictory_facts(cli, tmp_path):
    body = RULE + '[rule.given]\n"_stream is None" = true\n"_stream is not None" = true\n'
    run = run_rules(cli, tmp_path, body)
    assert run.exit_code == 2
    assert "contradict each other" in run.output


def test_bad_severity_is_a_configuration_error(cli, tmp_path):
    run = run_rules(cli, tmp_path, RULE + 'severity = "fatal"\n')
    assert run.exit_code == 2
    assert "rules.toml:7: config error[tp-only]: severity must be one of error, warning, not `fatal`" in run.output


def test_a_duplicate_rule_id_names_the_first_rule_with_it(cli, tmp_path):
    # the first rule is valid and kept: the second, a valid rule too, repeats its id
    run = run_rules(cli, tmp_path, RULE + RULE)
    assert run.exit_code == 2
    assert "rules.toml:8: config error[tp-only]: duplicate rule id `tp-only` (first at line 2)" in run.output


def test_config_error_wins_over_findings(cli, tmp_path):
    good = RULE + '[rule.given]\n_lora_fully_sharded = true\n'
    bad = RULE.replace('"tp-only"', '"stale"') + "[rule.given]\nenable_epl = false\n"
    run = run_rules(cli, tmp_path, good + bad)
    assert "error[tp-only]" in run.output
    assert "config error[stale]" in run.output
    assert run.exit_code == 2


def test_explain_missing_target_is_exit_2(cli):
    run = cli("explain", f"{SHARED_EXPERTS}::Nope.method", "--root", VLLM_TREE / "fixed")
    assert run.exit_code == 2
    assert "no function `Nope.method`" in run.output


def test_explain_target_without_separator_is_exit_2(cli):
    run = cli("explain", SHARED_EXPERTS, "--root", VLLM_TREE / "fixed")
    assert run.exit_code == 2
    assert "must be PATH::Qualname" in run.output


@pytest.mark.parametrize("construct", ["lambda", "loop"])
def test_unmodeled_constructs_are_notes_not_guesses(cli, tmp_path, construct):
    body = {
        "lambda": "def decide(x):\n    if (lambda: x.flag)():\n        return 'A'\n    return 'B'\n",
        "loop": "def decide(x):\n    for item in x.items:\n        if item.ok:\n            return 'A'\n    return 'B'\n",
    }[construct]
    (tmp_path / "mod.py").write_text(body)
    run = cli("explain", "mod.py::decide", "--root", tmp_path)
    assert run.exit_code == 0
    assert "note: line 2:" in run.output
    assert "not modeled" in run.output
