"""The engine stays free of I/O and of the edges: checked on the imports, as import-linter would."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ordercheck"
ENGINE = ["model", "formula", "logic", "extract", "bind", "rules", "check", "diff", "suppress", "selftest"]
EDGES = {"cli", "api", "report", "report_ci", "report_diff", "revisions", "config", "runtime"}
IO = {"subprocess", "os", "shutil", "tempfile", "pathlib", "click", "socket"}


def imports(module: str) -> set[str]:
    folder = PACKAGE / module
    files = sorted(folder.glob("*.py")) if folder.is_dir() else [PACKAGE / f"{module}.py"]
    found = set()
    for file in files:
        found |= _imports(file)
    return found


def _imports(file: Path) -> set[str]:
    tree = ast.parse(file.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: ordercheck.<module>
                found.add((node.module or "").split(".")[0] or "<package>")
            else:
                found.add(node.module.split(".")[0])
    return found


def test_engine_modules_import_no_edge_module_and_no_io():
    for module in ENGINE:
        bad = imports(module) & (EDGES | IO)
        assert not bad, f"ordercheck/{module}.py imports {sorted(bad)}"


def test_the_probe_uses_the_standard_library_only():
    # it is copied into every probed process, which may not have ordercheck installed
    assert not (imports("runtime/probe") & ({"<package>", "ordercheck", "libcst", "click", "networkx"} | EDGES))
