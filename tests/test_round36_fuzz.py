"""Round 36's fuzzing of the standard library's values (`bench/fuzz.py --builtins`).

01, 02: a module global whose object module code changes in place as it is imported
(`ORDER.reverse()`, `SEEN.add("v")`, through `ALIASED = ORDER`) or deletes under an `if` was read
as a free input: definite verdicts every run contradicts. It is now a value the model does not
compute (undetermined), as `TABLE["k"] = v` at module level already was.
03, 04: reads of one environment variable with different defaults were not kept consistent: a
set variable gave `os.getenv(k, 0)` its int default, and a read that was set and false was no
empty string. A default that is no str comes back only where the variable is unset, and the truth
of a read is that of a str (or of its default)."""

import pytest

from test_round32_check import check_tree, undetermined


@pytest.mark.parametrize("module_code, guard", [
    ('ORDER = ["x", "y"]\nORDER.reverse()', 'ORDER[0] == "y"'),
    ('SEEN = {"x"}\nSEEN.add("v")', '"v" in SEEN'),
    ('ORDER = ["x", "y"]\nALIASED = ORDER\nALIASED.insert(0, "v")', 'ORDER[0] == "v"'),
    ('L = ["a"]\nif True:\n    L.append("w")', "len(L) == 2"),
    ('import os\nLEGACY = "y"\nif not os.environ.get("APP_FAST"):\n    del LEGACY', 'LEGACY == "y"'),
])
def test_a_global_module_code_changes_as_it_is_imported_is_no_input(cli, tmp_path, module_code, guard):
    # fuzz round 36: a definite violation (`ORDER[0]=other than "y"`); every run returns 'R1' (or
    # raises NameError where LEGACY was deleted)
    source = f"{module_code}\n\n\ndef f(mode):\n    if {guard}:\n        return 'R1'\n    return 'R2'\n"
    (tmp_path / "mod.py").write_text(source)
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "mod.py"\nfunction = "f"\nforbid = ["\'R2\'"]\n')
    run = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path)
    assert run.exit_code == 0 or undetermined(run), run.output


_ENV = '''
    import os


    def f(mode, a):
        if {guard}:
            return "R2"
        return "R1"
'''


@pytest.mark.parametrize("guard", [
    'os.environ.get("K") is not None and not os.environ.get("K") and os.environ.get("K", "") != ""',
    'os.getenv("K", 0) == 0 and os.environ.get("K") is not None',
    'os.getenv("K", 0) == 0 and "K" in os.environ',
    'not os.getenv("K", "x") and os.getenv("K") is None',
    'os.environ.get("K") and os.environ.get("K", "") == ""',
])
def test_reads_of_one_variable_with_other_defaults_agree(cli, tmp_path, guard):
    # fuzz round 36: 'R2' definite (a scenario with the variable set and a read giving its int
    # default, or set, false and no empty string); no environment gives 'R2'
    run = check_tree(cli, tmp_path, {"mod.py": _ENV.replace("{guard}", guard)}, "mod.py", "f", "forbid = [\"'R2'\"]\n")
    assert run.exit_code == 0 or undetermined(run), run.output
    if "is not None and not" in guard:
        assert run.exit_code == 0, run.output


def test_an_environment_read_past_a_call_on_some_paths_is_still_a_str(cli, tmp_path):
    # fuzz round 36 (05): 'R2' definite with `os.getenv('K', '0')=None` past a free `"x" in SEEN`
    # (the read was one of two mappings, `os.environ` after `SEEN.discard` on one path); never 'R2'
    source = '''
        import os

        SEEN = {"x"}


        def f(n, a):
            if a:
                SEEN.discard("x")
            if "x" in SEEN:
                return "R0"
            b0 = os.getenv("K", "0")
            if b0 is None:
                return "R2"
            return "R1"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "f", "forbid = [\"'R2'\"]\n")
    assert run.exit_code == 0, run.output


def test_an_environment_read_ordered_against_a_number_is_its_default_or_refused(cli, tmp_path):
    # fuzz round 36: 'BIG' definite with `os.getenv('K', 0)=>5`; unset it is 0 ('SMALL'), set a str
    # Python refuses to order (TypeError): never 'BIG'
    source = '''
        import os


        def f(a):
            if a:
                if os.getenv("K", 0) > 5:
                    return "BIG"
                return "SMALL"
            if os.getenv("K", 0) == "1":
                return "ONE"
            return "OTHER"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "f", "forbid = [\"'BIG'\"]\n")
    assert run.exit_code == 0 or undetermined(run), run.output
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "f", "forbid = [\"'ONE'\"]\n")
    assert run.exit_code == 1 and not undetermined(run), run.output
