"""The tree search's answers kept between runs (`tree_files.Kept`, issue 10: a pre-commit check
of one file no longer reads the whole tree): a later run answers exactly as a search of the tree
as it is now, whatever changed in between, and reads again only the files that changed."""

import os

import pytest

from ordercheck import tree_files
from ordercheck.tree_files import Kept, files_mentioning

QUERIES = [("envs", "MODE"), ("setattr", "envs"), ("vars", "envs"), ("environment_variables", "envs"), ("MODE",)]


def write(tmp_path, texts):
    for name, text in texts.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)


def answers(tmp_path, keeping=True):
    search = files_mentioning(tmp_path, keeping)
    found = [search(q) for q in QUERIES]
    search.keep()  # (what a check does when it is done)
    return found


@pytest.fixture
def trusting(monkeypatch):
    # every file counts as written long before the answers (a test writes them a moment before)
    monkeypatch.setattr(Kept, "TRUSTED_BEFORE_NS", -10**15)


TEXTS = {"a.py": "import envs\nenvs.MODE = 1\n", "b.py": "setattr(envs, 'MODE', 2)\n", "pkg/c.py": "vars(envs)\n",
         "pkg/d.py": "environment_variables = {}\nimport envs\n", "e.py": "MODE = 3\n"}


def test_kept_answers_follow_every_change_of_the_tree(tmp_path, trusting):
    write(tmp_path, TEXTS)
    assert answers(tmp_path) == answers(tmp_path, keeping=False)
    assert (tmp_path / ".ordercheck_cache" / "tree" / "words.marshal").is_file()
    changes = [
        lambda: (tmp_path / "a.py").write_text("import os\nos.MODE = 1\n"),  # a word gone
        lambda: (tmp_path / "e.py").write_text("envs.MODE = 3\n"),  # one come
        lambda: (tmp_path / "pkg" / "new.py").write_text("setattr(envs, k, v)\n"),  # a file added
        lambda: (tmp_path / "b.py").unlink(),  # one removed
        lambda: (tmp_path / "pkg" / "c.py").write_text("vars(enVS)\n"),  # the same size, the same times
    ]
    for change in changes:
        before = os.stat(tmp_path / "pkg" / "c.py")
        change()
        if (tmp_path / "pkg" / "c.py").read_text() == "vars(enVS)\n":
            os.utime(tmp_path / "pkg" / "c.py", ns=(before.st_atime_ns, before.st_mtime_ns))
        assert answers(tmp_path) == answers(tmp_path, keeping=False)


def test_a_kept_answer_reads_only_the_files_that_changed(tmp_path, trusting, monkeypatch):
    write(tmp_path, TEXTS)
    answers(tmp_path)
    (tmp_path / "e.py").write_text("envs.MODE = 4\n")
    opened = []
    real = open

    def counting(path, *args, **kwargs):
        opened.append(os.path.basename(str(path)))
        return real(path, *args, **kwargs)

    search = files_mentioning(tmp_path, True)
    monkeypatch.setattr("builtins.open", counting)
    found = search(("envs", "MODE"))
    monkeypatch.setattr("builtins.open", real)
    assert found == files_mentioning(tmp_path)(("envs", "MODE")) == ["a.py", "b.py", "e.py"]
    assert [name for name in opened if name.endswith(".py")] == ["e.py"], opened


def test_a_file_written_just_before_the_answers_is_read_again(tmp_path):
    # (no `trusting`): a file whose times are within a second of the answers may have been
    # written again within the clock's tick: never trusted
    write(tmp_path, TEXTS)
    answers(tmp_path)
    kept = Kept(str(tmp_path / ".ordercheck_cache" / "tree" / "words.marshal"), tmp_path, sorted(TEXTS))
    assert len(kept.changed) == len(TEXTS)


def test_a_damaged_or_foreign_file_is_no_answer(tmp_path, trusting):
    write(tmp_path, TEXTS)
    expected = answers(tmp_path, keeping=False)
    kept = tmp_path / ".ordercheck_cache" / "tree" / "words.marshal"
    kept.parent.mkdir(parents=True)
    for content in (b"", b"\x00garbage", b"{not marshal", __import__("marshal").dumps({"format": ("other", 4)})):
        kept.write_bytes(content)
        assert answers(tmp_path) == expected


def test_a_check_keeps_its_searches_and_no_cache_does_not(cli, tmp_path):
    write(tmp_path, {"pkg/sel.py": "import envs\n\ndef pick(cfg):\n    if envs.MODE:\n        return 'A'\n    return 'B'\n",
                     "envs.py": "MODE = 0\n", "w.py": "import envs\nenvs.MODE = 1\n"})
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "pkg/sel.py"\nfunction = "pick"\nforbid = ["\'A\'"]\n')
    first = cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path, "--no-cache")
    assert not (tmp_path / ".ordercheck_cache").exists()
    assert cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path).output == first.output
    assert cli("check", "--rules", tmp_path / "r.toml", "--root", tmp_path).output == first.output
    assert tree_files.CACHE_DIR == ".ordercheck_cache"
