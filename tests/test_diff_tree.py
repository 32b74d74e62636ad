"""`diff` over many files: files whose syntax tree did not change are not modelled unless they
read one that did, the answers are cached with what they read, and a cache from elsewhere is
never trusted."""

import json
import textwrap

import pytest

HELPER = '''
    def fast_ok(cfg):
        return cfg.tp > 1
'''
CHOOSER = '''
    from helper import fast_ok

    def choose(cfg):
        if fast_ok(cfg):
            return "FAST"
        if cfg.debug:
            return "DEBUG"
        return "SLOW"
'''


def _tree(folder, **files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(text))
    return folder


def _reformatted(text: str) -> str:
    """The same syntax tree: other quotes, a comment, blank lines."""
    return "# reformatted\n\n" + textwrap.dedent(text).replace('"', "'") + "\n\n"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the signing key's folder


def test_a_reformat_is_not_modelled_and_changes_nothing(cli, tmp_path, home):
    old = _tree(tmp_path / "old", helper=HELPER, chooser=CHOOSER)
    new = _tree(tmp_path / "new", helper=_reformatted(HELPER), chooser=_reformatted(CHOOSER))
    run = cli("diff", old, new)
    assert run.exit_code == 0, run.output
    assert "0 compared; 2 changed files with the same syntax tree, reading none that changed: not modelled" in run.output


def test_a_reformatted_file_that_reads_a_changed_helper_is_compared(cli, tmp_path, home):
    # chooser.py only changed its format, but fast_ok (in helper.py) changed what it returns
    old = _tree(tmp_path / "old", helper=HELPER, chooser=CHOOSER)
    new = _tree(tmp_path / "new", helper=HELPER.replace("cfg.tp > 1", "cfg.tp > 2"), chooser=_reformatted(CHOOSER))
    run = cli("diff", old, new, "chooser.py")
    assert run.exit_code == 1, run.output
    assert "choose" in run.output and "'FAST'" in run.output and "'DEBUG'" in run.output


def test_a_changed_file_outside_the_paths_is_found_when_a_model_reads_it(cli, tmp_path, home):
    # pkg/other.py changed, so the files outside pkg/ are not parsed up front; pkg/chooser.py
    # only changed its format, and its model reads helper.py (outside pkg/): whether helper's
    # tree changed is worked out then
    other = CHOOSER.replace("choose", "pick")
    for helper, compared in ((HELPER.replace("cfg.tp > 1", "cfg.tp > 2"), True), (_reformatted(HELPER), False)):
        root = tmp_path / ("changed" if compared else "reformatted")
        old = _tree(root / "old", helper=HELPER)
        new = _tree(root / "new", helper=helper)
        _tree(old / "pkg", chooser=CHOOSER, other=other)
        _tree(new / "pkg", chooser=_reformatted(CHOOSER), other=other.replace('return "DEBUG"', 'return "TRACE"'))
        run = cli("diff", old, new, "pkg", "--format", "json", "--no-cache")
        targets = {t["target"] for t in json.loads(run.stdout)["targets"] if t["status"] == "changed"}
        expected = {"pkg/other.py::pick"} | ({"pkg/chooser.py::choose"} if compared else set())
        assert targets == expected, run.output


def test_a_cached_answer_is_reused_only_while_everything_it_read_is_unchanged(cli, tmp_path, home):
    old = _tree(tmp_path / "old", helper=HELPER, chooser=CHOOSER)
    new = _tree(tmp_path / "new", helper=HELPER, chooser=CHOOSER.replace('"DEBUG"', '"VERBOSE"'))
    first = cli("diff", old, new)
    assert first.exit_code == 1 and "from the cache" not in first.output, first.output
    second = cli("diff", old, new)
    assert second.exit_code == 1 and "1 from the cache" in second.output, second.output
    assert first.output.splitlines()[:-1] == second.output.splitlines()[:-1]
    # the helper the answer read changes in the new tree: the entry no longer holds
    (new / "helper.py").write_text(textwrap.dedent(HELPER).replace("cfg.tp > 1", "cfg.tp > 4"))
    third = cli("diff", old, new, "chooser.py")
    assert third.exit_code == 1 and "from the cache" not in third.output, third.output
    assert "tp in (1, 4]" in third.output
    data = json.loads(cli("diff", "--format", "json", old, new, "chooser.py").output)
    assert data["files"] == {"same_syntax_tree": 0, "from_cache": 1}


def test_no_cache_neither_reads_nor_writes(cli, tmp_path, home):
    old = _tree(tmp_path / "old", chooser=CHOOSER.replace("fast_ok(cfg)", "cfg.fast"))
    new = _tree(tmp_path / "new", chooser=CHOOSER.replace("fast_ok(cfg)", "cfg.quick"))
    cli("diff", "--no-cache", old, new)
    assert not (new / ".ordercheck_cache").exists()
    cli("diff", old, new)
    assert (new / ".ordercheck_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    run = cli("diff", "--no-cache", old, new)
    assert "from the cache" not in run.output


def test_a_cache_entry_signed_by_another_key_is_ignored(cli, tmp_path, monkeypatch):
    old = _tree(tmp_path / "old", chooser=CHOOSER.replace("fast_ok(cfg)", "cfg.fast"))
    new = _tree(tmp_path / "new", chooser=CHOOSER.replace("fast_ok(cfg)", "cfg.quick"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert cli("diff", old, new).exit_code == 1
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "me"))  # another user's key: their entries are not read
    run = cli("diff", old, new)
    assert run.exit_code == 1 and "from the cache" not in run.output, run.output


def test_files_are_compared_in_worker_processes_with_the_same_answers(cli, tmp_path, home):
    files = {f"m{i}": CHOOSER.replace("fast_ok(cfg)", f"cfg.flag{i}").replace("from helper import fast_ok\n", "") for i in range(10)}
    old = _tree(tmp_path / "old", **files)
    new = _tree(tmp_path / "new", **{k: v.replace('"DEBUG"', '"VERBOSE"') for k, v in files.items()})
    one = cli("diff", "--no-cache", "--jobs", "1", old, new)
    two = cli("diff", "--no-cache", "--jobs", "2", old, new)
    assert one.exit_code == two.exit_code == 1
    assert one.output == two.output
    assert "10 decisions changed in 10 files" in two.output


def test_a_thousand_elif_chain_is_diffed_not_crashed_on(cli, tmp_path, home):
    # found by bench/bad_inputs.py: the syntax-tree digest recursed once per `elif` level
    chain = "".join(f"    {'if' if i == 0 else 'elif'} mode == 'm{i}':\n        return 'R{i}'\n" for i in range(1000))
    swapped = chain.replace("'m1'", "'TMP'").replace("'m2'", "'m1'").replace("'TMP'", "'m2'")
    old = _tree(tmp_path / "old", mod=f"def f(mode):\n{chain}    return 'OTHER'\n")
    new = _tree(tmp_path / "new", mod=f"def f(mode):\n{swapped}    return 'OTHER'\n")
    run = cli("diff", "--no-cache", old, new)
    assert run.exit_code == 1, run.output
    assert "'R1' (line 5)  ->  'R2' (line 7)" in run.output and "internal error" not in run.output


def test_paths_select_the_changed_files_at_or_below_them(cli, tmp_path, home):
    # PATHS filter the one listing of changed files (a folder, `./` prefixes, a file), and a name
    # that only starts like a folder (`pkg_extra/`) is not below it
    changed = CHOOSER.replace('return "DEBUG"', 'return "TRACE"')
    old = tmp_path / "old"
    new = tmp_path / "new"
    for tree, text in ((old, CHOOSER), (new, changed)):
        _tree(tree / "pkg", helper=HELPER, chooser=text)
        _tree(tree / "pkg_extra", helper=HELPER, chooser=text)
    inside = cli("diff", old, new, "./pkg/", "--format", "json")
    targets = {t["target"] for t in json.loads(inside.stdout)["targets"]}
    assert inside.exit_code == 1 and targets == {"pkg/chooser.py::choose"}, inside.output
    one = cli("diff", old, new, "pkg_extra/chooser.py", "--format", "json")
    assert {t["target"] for t in json.loads(one.stdout)["targets"]} == {"pkg_extra/chooser.py::choose"}
    assert cli("diff", old, new, "pkg/helper.py").exit_code == 0


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_a_decision_that_could_not_be_compared_is_reported_in_every_format(cli, tmp_path, home, monkeypatch, fmt):
    # past its budget, a found decision is "not compared" with the reason, at its line, and the
    # exit code is 1: never an empty report that exits 1 without saying why
    import ordercheck.diff_files as diff

    monkeypatch.setattr(diff, "FOUND_BUDGET", 8)
    old = _tree(tmp_path / "old", chooser=CHOOSER)
    new = _tree(tmp_path / "new", chooser=CHOOSER.replace('return "DEBUG"', 'return "TRACE"'))
    run = cli("diff", "--no-cache", old, new, "--format", fmt)
    assert run.exit_code == 1, run.output
    if fmt == "json":
        from test_cli_schemas import valid

        (entry,) = valid("diff", run.stdout)["not_compared"]
        assert entry["function"] == "choose" and entry["line"] == 4 and "more than 8 decision-diagram nodes" in entry["reason"]
    elif fmt == "sarif":
        (result,) = json.loads(run.stdout)["runs"][0]["results"]
        assert result["ruleId"] == "ordercheck/not-compared" and "not compared" in result["message"]["text"]
    elif fmt == "github":
        assert run.stdout.startswith("::warning file=chooser.py,line=4") and "not compared" in run.stdout
    else:
        assert "not compared: deciding it exactly needs more than 8 decision-diagram nodes" in run.stdout
        assert "0 decisions changed in 0 files (0 compared; 1 not compared)" in run.stdout


BACKENDS = '''
    class Flash:
        MIN_CAP = 80
'''
CAPPED = '''
    from backends import Flash

    def choose(cap):
        if cap >= Flash.MIN_CAP:
            return "FLASH"
        return "TRITON"
'''


@pytest.mark.parametrize("added, modelled", [
    ("from backends import Flash\n\ndef show():\n    return Flash.MIN_CAP\n", False),  # names it, writes nothing
    ("from backends import Flash\n\nFlash.MIN_CAP = 100\n", True),
])
def test_a_new_file_naming_what_a_model_reads_counts_only_where_it_may_write_it(cli, tmp_path, home, added, modelled):
    # the tree is searched for modules that may write `Flash.MIN_CAP`: a new file that only reads
    # it answers that search as before, and the reformatted chooser's model is the old one
    old = _tree(tmp_path / "old", backends=BACKENDS, chooser=CAPPED)
    new = _tree(tmp_path / "new", backends=BACKENDS, chooser=_reformatted(CAPPED), added=added)
    data = json.loads(cli("diff", "--format", "json", "--no-cache", old, new, "chooser.py").stdout)
    assert data["files"]["same_syntax_tree"] == (0 if modelled else 1), data
    # (modelled: not compared, the written value being one the model does not compute; round 46: the regions
    # listed over it, `cap < 80, <Flash.MIN_CAP as added.py writes it> <= cap`, were none a run gives)
    assert [t["status"] for t in data["targets"]] + [u["function"] for u in data["not_compared"]] == (["choose"] if modelled else []), data
