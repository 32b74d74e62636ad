"""The command's start: the methods `dataclasses` writes compiled once and kept (`ordercheck.startup`)."""

import os
import subprocess
import sys
import textwrap

_PROGRAM = textwrap.dedent('''
    import sys
    from ordercheck import startup
    if sys.argv[2] == "cached":
        startup.compile = lambda *a, **k: (_ for _ in ()).throw(AssertionError("compiled again"))
    startup.install(sys.argv[1])
    from dataclasses import dataclass, FrozenInstanceError

    @dataclass(frozen=True)
    class Point:
        x: int
        y: int = 2

    p = Point(1)
    assert p == Point(1, 2) and hash(p) == hash(Point(1, 2)) and repr(p) == "Point(x=1, y=2)"
    try:
        p.x = 3
    except FrozenInstanceError:
        print("frozen")
''')


def _run(path, mode, **env):
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environ.update(env)
    return subprocess.run([sys.executable, "-c", _PROGRAM, str(path), mode], capture_output=True, text=True, env=environ)


def test_dataclass_methods_compiled_once_run_from_the_kept_code(tmp_path):
    path = tmp_path / "code.marshal"
    first = _run(path, "compile")
    assert first.returncode == 0 and first.stdout == "frozen\n" and path.is_file(), first.stderr
    second = _run(path, "cached")  # (compiling again raises: every method comes from the file)
    assert second.returncode == 0 and second.stdout == "frozen\n", second.stderr


def test_nothing_is_kept_where_bytecode_is_not_written(tmp_path):
    path = tmp_path / "code.marshal"
    run = _run(path, "compile", PYTHONDONTWRITEBYTECODE="1")
    assert run.returncode == 0 and not path.exists(), run.stderr


def test_a_cache_file_of_another_format_is_no_cache(tmp_path):
    path = tmp_path / "code.marshal"
    path.write_bytes(b"not marshal")
    run = _run(path, "compile")
    assert run.returncode == 0 and run.stdout == "frozen\n", run.stderr
    assert _run(path, "cached").returncode == 0  # (written again, whole)


def test_a_closed_standard_output_is_an_error_not_a_lost_report(tmp_path):
    # round 43 (06): with stdout closed (`>&-`) text output crashed ("'NoneType' object has no
    # attribute 'isatty'") and JSON, SARIF, discover lost the report and still exited 0 or 1
    run = subprocess.run(["bash", "-c", f'"{sys.executable}" -m ordercheck check --root "{tmp_path}" >&-'],
                         capture_output=False, stderr=subprocess.PIPE, text=True)
    assert run.returncode == 2 and "standard output is closed" in run.stderr, run.stderr


import pytest  # noqa: E402


@pytest.mark.parametrize("table", ['[ tool.ordercheck ]\nrules = ["r.toml"]\n', '[tool."ordercheck"]\nrules = ["r.toml"]\n',
                                   '[tool]\nordercheck.rules = ["r.toml"]\n'])
def test_the_configuration_table_in_any_toml_spelling_is_read(tmp_path, table):
    # round 43 (03): a byte pattern chose the file: these spellings were skipped ("no rules named",
    # exit 2), a parent's pyproject.toml read instead, settings dropped
    from ordercheck.config import Config, load_config

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["ordercheck"]\n\n' + table)
    config = load_config(tmp_path)
    assert isinstance(config, Config) and config.rules == [str(tmp_path / "r.toml")], config


def test_a_pyproject_naming_ordercheck_only_as_a_dependency_has_no_table(tmp_path):
    from ordercheck.config import find_pyproject

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["ordercheck"]\n')
    assert find_pyproject(tmp_path) is None
