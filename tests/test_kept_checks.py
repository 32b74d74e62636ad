"""A check's answer kept under the root (`kept_checks`, issue 10: a pre-commit re-run of an
unchanged tree runs no engine): it is given only where nothing the answer rests on changed, and
every change of that (the target, a module it reads, a new writer a tree search finds, the rules,
`--no-cache`) runs the engine again."""

import importlib

import pytest

from ordercheck.tree_files import Kept

SEL = """from w.base import Base


class Sel(Base):
    def pick(self, n):
        if n > self.limit:
            return 'BIG'
        return 'SMALL'
"""
RULE = """[[rule]]
id = "r"
path = "w/sel.py"
function = "Sel.pick"
expect = "'BIG'"
[rule.given]
n = 5
"""


@pytest.fixture
def trusting(monkeypatch):
    # every file counts as written long before the answer (a test writes them a moment before)
    monkeypatch.setattr(Kept, "TRUSTED_BEFORE_NS", -10**15)


@pytest.fixture
def root(tmp_path):
    for name, text in {"w/__init__.py": "", "w/base.py": "class Base:\n    limit = 4\n", "w/sel.py": SEL,
                       "r.toml": RULE}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def run(cli, root, *extra):
    return cli("check", "--rules", root / "r.toml", "--root", root, *extra, root / "w" / "sel.py", cwd=root)


@pytest.fixture
def engine_off(monkeypatch):
    """After it is applied, a run that reaches the engine fails the test."""

    def off():
        def refuse(*args, **kwargs):
            raise AssertionError("the engine ran")
        monkeypatch.setattr(importlib.import_module("ordercheck.check"), "check", refuse)
    return off


def test_an_unchanged_tree_is_answered_without_the_engine(cli, root, trusting, engine_off):
    first = run(cli, root)
    assert first.exit_code == 0, first.output
    engine_off()
    again = run(cli, root)
    assert (again.exit_code, again.output) == (first.exit_code, first.output)


def test_a_finding_is_kept_as_it_was(cli, root, trusting, engine_off):
    (root / "r.toml").write_text(RULE.replace("n = 5", "n = 3"))
    first = run(cli, root)
    assert first.exit_code == 1 and "'SMALL'" in first.output, first.output
    engine_off()
    again = run(cli, root)
    assert (again.exit_code, again.output) == (first.exit_code, first.output)


@pytest.mark.parametrize("change", ["target", "read module", "new writer", "rules"])
def test_what_the_answer_rests_on_changed_runs_the_engine(cli, root, trusting, change):
    assert run(cli, root).exit_code == 0
    if change == "target":
        (root / "w" / "sel.py").write_text(SEL.replace("n > self.limit", "n < self.limit"))
    elif change == "read module":
        (root / "w" / "base.py").write_text("class Base:\n    limit = 9\n")
    elif change == "new writer":  # a module no run read before, that a tree search finds
        (root / "w" / "patch.py").write_text("from w.base import Base\nBase.limit = 6\n")
    else:
        (root / "r.toml").write_text(RULE.replace("'BIG'", "'SMALL'"))
    again = run(cli, root)
    assert again.exit_code == 1, again.output
    if change == "new writer":
        assert "undetermined" in again.output


def test_a_file_changed_just_before_the_run_is_not_trusted(cli, root, engine_off):
    # (no `trusting`: the files were written within the second before the first run)
    assert run(cli, root).exit_code == 0
    engine_off()
    assert "the engine ran" in run(cli, root).output


def test_no_cache_runs_the_engine(cli, root, trusting, engine_off):
    assert run(cli, root).exit_code == 0
    engine_off()
    assert "the engine ran" in run(cli, root, "--no-cache").output


def test_only_the_answers_written_last_are_kept(cli, root, trusting, monkeypatch):
    monkeypatch.setattr("ordercheck.kept_checks._MOST", 2)
    for n in range(4):  # four rule files: four answers
        (root / "r.toml").write_text(RULE.replace("n = 5", f"n = {5 + n}"))
        assert run(cli, root).exit_code == 0
    assert len(list((root / ".ordercheck_cache" / "checks" / "answers").iterdir())) == 2
