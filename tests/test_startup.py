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
