"""Round 46 (explorer of `diff`): answers that running both versions contradicted. A list another
module changes through a module's name and a local alias (`order = _b.PRIORITY; order[:0] = [x]`)
was unseen; a cached or recursive helper not inlined, and a global of an unchanged module, rested on
nothing beyond their own module (a constant two imports away changed: "0 decisions changed"); a
flag of `try: from m import x ... except ImportError` rested on `m` alone, not on the modules `m`
imports, which may now raise; and a loop over a list the model does not hold, read as one pass,
gave regions needing its item to be a class where no run gives them."""

_SEL_LOOP = """from pkg.backends import PRIORITY, Flash, Cpu


def select(cap, on_cpu):
    for b in PRIORITY:
        if b is Flash and cap < 80:
            continue
        if b is Cpu and not on_cpu:
            continue
        return b
    return None
"""

_BACKENDS = "class Flash:\n    pass\n\n\nclass Cpu:\n    pass\n\n\nclass Triton:\n    pass\n\n\nPRIORITY = [Flash, Triton]\n"


def _trees(root, old: dict[str, str], new: dict[str, str]):
    """Two versions of a package under `root`/old and `root`/new: each a map of path -> text."""
    for side, files in (("old", old), ("new", new)):
        for path, text in files.items():
            (root / side / path).parent.mkdir(parents=True, exist_ok=True)
            (root / side / path).write_text(text)
    return root / "old", root / "new"


def test_a_list_changed_through_a_module_alias_and_a_local_alias_is_not_unchanged(cli, tmp_path):
    # round 46: "0 decisions changed" (the file not modelled); running: select(70, True) Triton -> Cpu
    common = {"pkg/backends.py": _BACKENDS, "pkg/sel.py": _SEL_LOOP}
    plugin = "from pkg.backends import Cpu\nfrom pkg import backends as _b\norder = _b.PRIORITY\norder[:0] = [Cpu]\n"
    old, new = _trees(tmp_path, {**common, "pkg/__init__.py": ""},
                      {**common, "pkg/sel.py": _SEL_LOOP + "# touched\n", "pkg/__init__.py": "from pkg import plugin\n",
                       "pkg/plugin.py": plugin})
    run = cli("diff", old, new, "--no-cache")
    assert "not compared" in run.output or "1 decision changed" in run.output, run.output
    assert "not modelled" not in run.output and run.exit_code == 1, run.output


def test_a_loop_over_a_list_the_model_does_not_hold_lists_no_region_over_its_item(cli, tmp_path):
    # round 46: "when cap < 80, <item of the loop #1> == Flash: Triton -> None", which no run gives
    common = {"pkg/backends.py": _BACKENDS, "pkg/sel.py": _SEL_LOOP}
    old, new = _trees(tmp_path, {**common, "pkg/__init__.py": ""},
                      {**common, "pkg/sel.py": _SEL_LOOP + "# touched\n", "pkg/__init__.py": "from pkg import plugin\n",
                       "pkg/plugin.py": "from pkg.backends import PRIORITY, Cpu\nPRIORITY.insert(0, Cpu)\n"})
    run = cli("diff", old, new, "--no-cache")
    assert "<item of the loop #1> ==" not in run.output and "not compared" in run.output, run.output
    assert run.exit_code == 1, run.output


_FITS_USER = "from pkg.utils import fits\n\n\ndef mode(n):\n    if fits(n):\n        return 'graph'\n    return 'eager'\n"
_CACHED = "import functools\nfrom pkg.consts import LIMIT\n\n\n@functools.lru_cache(maxsize=None)\ndef fits(n):\n    return n <= LIMIT\n"
_RECURSIVE = "from pkg.consts import LIMIT\n\n\ndef fits(n, depth=0):\n    if depth > 3:\n        return n <= LIMIT\n    return fits(n, depth + 1)\n"


def test_a_cached_helper_not_inlined_rests_on_the_constant_it_imports(cli, tmp_path):
    # round 46: "0 decisions changed" (not modelled); running: mode(300) 'graph' -> 'eager'
    common = {"pkg/__init__.py": "", "pkg/utils.py": _CACHED}
    old, new = _trees(tmp_path, {**common, "pkg/consts.py": "LIMIT = 512\n", "pkg/sel.py": _FITS_USER},
                      {**common, "pkg/consts.py": "LIMIT = 256\n", "pkg/sel.py": _FITS_USER + "# touched\n"})
    run = cli("diff", old, new, "--no-cache")
    assert "not compared" in run.output and "`fits(n)` rests on `pkg/consts.py::LIMIT`, which changed" in run.output, run.output
    assert run.exit_code == 1, run.output


def test_a_recursive_helper_not_inlined_rests_on_the_constant_it_imports(cli, tmp_path):
    # round 46: "0 decisions changed in 0 files (2 compared)" with sel.py's tree changed
    common = {"pkg/__init__.py": "", "pkg/utils.py": _RECURSIVE}
    old, new = _trees(tmp_path, {**common, "pkg/consts.py": "LIMIT = 512\n", "pkg/sel.py": _FITS_USER},
                      {**common, "pkg/consts.py": "LIMIT = 256\n", "pkg/sel.py": _FITS_USER + "\n\ndef other():\n    return 1\n"})
    run = cli("diff", old, new, "--no-cache")
    assert "not compared" in run.output and "rests on `pkg/consts.py::LIMIT`, which changed" in run.output, run.output
    assert run.exit_code == 1, run.output


_PICK = ("from pkg.defaults import DEFAULT_BACKEND\n\n\ndef pick(backend=None):\n    if backend is None:\n"
         "        backend = DEFAULT_BACKEND\n    if backend == 'flash':\n        return 'FLASH'\n    return 'OTHER'\n")


def test_a_same_tree_file_reads_what_a_global_rests_on_two_imports_away(cli, tmp_path):
    # round 46: "0 decisions changed (... 1 changed file with the same syntax tree ...: not modelled)";
    # running: pick() 'FLASH' -> 'OTHER'
    defaults = "from pkg import consts\nDEFAULT_BACKEND = 'torch' if consts.FORCE_TORCH else consts.PREFERRED\n"
    common = {"pkg/__init__.py": "", "pkg/defaults.py": defaults}
    old, new = _trees(tmp_path, {**common, "pkg/consts.py": "PREFERRED = 'flash'\nFORCE_TORCH = False\n", "pkg/sel.py": _PICK},
                      {**common, "pkg/consts.py": "PREFERRED = 'flash'\nFORCE_TORCH = True\n", "pkg/sel.py": _PICK + "# touched\n"})
    run = cli("diff", old, new, "--no-cache")
    assert "not modelled" not in run.output and "not compared" in run.output, run.output
    assert run.exit_code == 1, run.output


_KERNELS = "try:\n    from pkg._fast import fused_op\n    HAS_FUSED = True\nexcept ImportError:\n    HAS_FUSED = False\n"
_NORM = "from pkg.kernels import HAS_FUSED\n\n\ndef norm_impl(n):\n    if HAS_FUSED and n >= 8:\n        return 'fused'\n    return 'torch'\n"
_NORM_TRY = ("def norm_impl(n):\n    if n % 8:\n        return 'torch'\n    try:\n        from pkg._fast import fused_op\n"
             "    except ImportError:\n        return 'torch'\n    return 'fused'\n")
_INNER = "def op(x):\n    return x\n"


def _fast_package(sel: str) -> tuple[dict, dict]:
    common = {"pkg/__init__.py": "", "pkg/kernels.py": _KERNELS, "pkg/_fast.py": "from pkg.inner import op as fused_op\n"}
    return ({**common, "pkg/inner.py": _INNER, "pkg/sel.py": sel},
            {**common, "pkg/inner.py": "import flashinfer_nonexistent_pkg\n" + _INNER, "pkg/sel.py": sel + "# touched\n"})


def test_a_flag_of_a_try_import_rests_on_the_modules_the_imported_module_imports(cli, tmp_path):
    # round 46: "0 decisions changed in 0 files (1 compared)"; running: norm_impl(8) 'fused' -> 'torch'
    old, new = _trees(tmp_path, *_fast_package(_NORM))
    run = cli("diff", old, new, "--no-cache")
    assert "not compared" in run.output and "rests on `pkg/inner.py::*`, which changed" in run.output, run.output
    assert run.exit_code == 1, run.output


def test_a_try_import_in_the_decision_rests_on_the_modules_the_imported_module_imports(cli, tmp_path):
    # round 46: "0 decisions changed (... not modelled)"; running: norm_impl(8) 'fused' -> 'torch'
    old, new = _trees(tmp_path, *_fast_package(_NORM_TRY))
    run = cli("diff", old, new, "--no-cache")
    assert "not compared" in run.output and "rests on `pkg/inner.py::*`, which changed" in run.output, run.output
    assert run.exit_code == 1, run.output


def test_an_unchanged_import_closure_keeps_a_try_import_flag_compared(cli, tmp_path):
    # the transitive modules are read, not taken for changed: only the decision's edit is listed
    old_files, _ = _fast_package(_NORM)
    new_files = {**old_files, "pkg/sel.py": _NORM.replace("n >= 8", "n >= 16")}
    old, new = _trees(tmp_path, old_files, new_files)
    run = cli("diff", old, new, "--no-cache")
    assert "1 decision changed" in run.output and "not compared" not in run.output, run.output
