"""The layering is a contract that import-linter checks (`.importlinter` at the repository root):
the command line above the edges above the library API above the engine, and an engine that
imports no I/O module. The contract itself is tested: a module that crosses a layer breaks it."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ordercheck.runtime import datadir

REPO = Path(__file__).resolve().parent.parent
LAYERS = "Command line above edges above library API above engine"
ENGINE_IO = "The engine opens no file, starts no process and prints through no terminal library"
WRITERS_IO = "Report writers and the reconciliation return values: they import no file or process module"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` in `root`, as a developer runs it there (it reads `root/.importlinter`), on
    the package under `root` (first on the path), without a cache."""
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "300", "NO_COLOR": "1"}
    return subprocess.run([str(lint), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=120)


def with_import(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess:
    """`lint-imports` on a copy of the package in which `module` (a path under ordercheck/,
    created if new) ends with `line`."""
    shutil.copytree(REPO / "ordercheck", tmp_path / "ordercheck", ignore=shutil.ignore_patterns("__pycache__", "packs"))
    shutil.copy(REPO / ".importlinter", tmp_path / ".importlinter")
    with open(tmp_path / "ordercheck" / module, "a") as fh:
        fh.write(f"\n{line}\n")
    return lint_imports(tmp_path)


def test_the_package_keeps_its_layering_contracts():
    run = lint_imports(REPO)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{LAYERS} KEPT" in run.stdout
    assert f"{ENGINE_IO} KEPT" in run.stdout
    assert f"{WRITERS_IO} KEPT" in run.stdout
    assert "Contracts: 3 kept, 0 broken." in run.stdout


def test_a_new_engine_module_that_imports_a_report_writer_breaks_the_layers(tmp_path):
    run = with_import(tmp_path, "extract/shortcut.py", "from .. import report")
    assert run.returncode == 1
    assert f"{LAYERS} BROKEN" in run.stdout and f"{ENGINE_IO} KEPT" in run.stdout
    assert "ordercheck.extract is not allowed to import ordercheck.report:" in run.stdout
    assert "- ordercheck.extract.shortcut -> ordercheck.report (l.2)" in run.stdout


def test_the_library_api_may_not_import_the_command_line(tmp_path):
    run = with_import(tmp_path, "config.py", "from . import cli  # noqa")
    assert run.returncode == 1
    assert "ordercheck.config is not allowed to import ordercheck.cli:" in run.stdout


def test_an_engine_module_that_runs_a_process_breaks_the_engine_io_contract(tmp_path):
    run = with_import(tmp_path, "formula.py", "import subprocess  # noqa")
    assert run.returncode == 1
    assert f"{LAYERS} KEPT" in run.stdout and f"{ENGINE_IO} BROKEN" in run.stdout
    assert "ordercheck.formula is not allowed to import subprocess:" in run.stdout


def test_a_report_writer_that_opens_files_breaks_the_writers_contract(tmp_path):
    run = with_import(tmp_path, "report_ci.py", "import pathlib  # noqa")
    assert run.returncode == 1
    assert f"{WRITERS_IO} BROKEN" in run.stdout
    assert "ordercheck.report_ci is not allowed to import pathlib:" in run.stdout


def test_a_new_top_level_module_must_be_given_a_layer(tmp_path):
    run = with_import(tmp_path, "helpers.py", "import json")
    assert run.returncode == 1
    assert f"{LAYERS} BROKEN" in run.stdout
    assert "The following modules are not listed as layers:\n\n- ordercheck.helpers" in run.stdout


def test_the_probe_uses_the_standard_library_only():
    # probe*.py are copied into every probed process, which may not have ordercheck installed:
    # they import the standard library, each other, and the hooks of the program's own libraries
    runtime = REPO / "ordercheck" / "runtime"
    probes = sorted(runtime.glob("probe*.py"))
    own = {p.stem for p in probes}
    assert own == {"probe"} | {Path(name).stem for name in datadir._PROBE_MODULES}  # each one is copied
    for file in probes:
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.level == 1 and node.module in own, f"{file.name}:{node.lineno} imports .{node.module}"
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
                for name in names:
                    top = name.split(".")[0]
                    assert top in sys.stdlib_module_names or top in ("torch", "ray"), f"{file.name}:{node.lineno} imports {name}"
