"""A pre-commit run on files no rule targets exits before the engine and its libraries are
imported (issue 10: at most 3x `python -c pass`)."""

import subprocess
import sys
import textwrap

HEAVY = ("libcst", "networkx", "multiprocessing", "concurrent.futures.process", "ordercheck.extract", "ordercheck.logic")


def test_a_run_on_a_file_no_rule_targets_imports_no_engine_nor_process_pool(tmp_path):
    (tmp_path / "chooser.py").write_text("def choose(cfg):\n    return 'A' if cfg.fast else 'B'\n")
    (tmp_path / "other.py").write_text("X = 1\n")
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "chooser.py"\nfunction = "choose"\nforbid = ["\'C\'"]\n')
    probe = textwrap.dedent(f"""
        import sys
        from ordercheck.cli import entry
        sys.argv = ["ordercheck", "check", "--rules", "r.toml", "--root", ".", "other.py"]
        try:
            entry()
        except SystemExit as done:
            code = done.code
        print(code, sorted(m for m in {HEAVY!r} if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr


def test_a_tree_search_finds_the_same_files_by_scanning_as_by_its_index(tmp_path, monkeypatch):
    # the first searches scan the texts, later ones an index of every identifier: one answer
    from ordercheck import tree_files
    from ordercheck.tree_files import files_mentioning

    texts = {"a.py": "x = 0xff + 1foo\n", "b.py": "a1foo = xff\n", "c.py": "foo_bar = envs.MODE\n", "d.py": "éfoo = 1\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    queries = [("foo",), ("xff",), ("a1foo",), ("foo_bar",), ("envs", "MODE"), ("MODE", "x"), ("bar",), ("1foo",),
               ("foo", "xff"), ("a1foo", "xff"), ("xff", "foo_bar"), ("xff", "foo")]  # (a word asked again scanned first)
    scanning = files_mentioning(tmp_path)
    scanned = [scanning(q) for q in queries]
    monkeypatch.setattr(tree_files, "_SCANNED_WORDS", 0)
    indexing = files_mentioning(tmp_path)
    assert [indexing(q) for q in queries] == scanned
    assert scanned[:4] == [["a.py", "d.py"], ["a.py", "b.py"], ["b.py"], ["c.py"]]
