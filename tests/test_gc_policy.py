"""The command line runs the garbage collector rarely (`gc_policy`): that is only safe because
modelling, checking and diffing leave no reference cycles behind (what they drop is freed by
reference counting at once). A nested function that calls itself, or two that call each other,
is a cycle unless deleted when done; these tests find one wherever the engine makes it."""

import collections
import gc
import random
import types
from pathlib import Path

from soundness_programs import program
from ordercheck import gc_policy
from ordercheck.diff_files import Modules, diff_file
from ordercheck.api import run_check


# a module's index and its functions and classes point at each other: one cycle per module read,
# dropped with the run's modules at its end (or when a cache of parsed modules lets one go)
PER_RUN = ("ModuleIndex", "ClassInfo", "FunctionInfo", "ImportRef", "_Table", "_Names")


def _garbage(work) -> collections.Counter:
    """What `work()` left in reference cycles, by type (functions by name)."""
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        work()
        gc.collect()
        found = collections.Counter(_name(o) for o in gc.garbage if _name(o) and _name(o) not in PER_RUN)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    return found


def _name(o) -> str | None:
    """An ordercheck function or object by name; None for others (`ast.literal_eval`'s own
    nested functions are a cycle in the standard library, and small)."""
    if isinstance(o, types.FunctionType):
        return o.__qualname__ if (o.__module__ or "").startswith("ordercheck") else None
    return type(o).__qualname__ if type(o).__module__.startswith("ordercheck") else None


def test_modelling_and_diffing_generated_programs_leave_no_cycles():
    kept = []  # each version's modules live as long as the run, as in `diff`

    def work():
        for seed in range(40):
            rng = random.Random(seed)
            old_text = program(rng).source
            new_text = program(random.Random(seed + 1000)).source
            old, new = Modules({"gen.py": old_text}.get), Modules({"gen.py": new_text}.get, records=True)
            kept.append((old, new))
            diff_file("gen.py", old, new)

    assert _garbage(work) == collections.Counter()


def test_a_check_of_the_readme_example_leaves_no_cycles():
    """The README's main job, through the library API (a command's exit leaves the test runner's
    own cycles: the exception's frames)."""
    root = Path(__file__).resolve().parent / "fixtures" / "vllm_tree" / "regressed"
    results = []
    found = _garbage(lambda: results.append(run_check(packs=["vllm"], root=root)))
    assert results[0].findings  # the regressed tree has its finding
    assert found == collections.Counter()


def test_the_command_line_collects_rarely():
    thresholds = gc.get_threshold()
    try:
        gc_policy.for_batch()
        assert gc.get_threshold() == gc_policy.THRESHOLDS
        assert gc_policy.THRESHOLDS[0] >= 100 * 700  # the default's first threshold is 700
    finally:
        gc.set_threshold(*thresholds)


def test_library_calls_leave_the_host_processs_collector_alone(tmp_path):
    from ordercheck.api import run_diff

    for version, outcome in (("old", "A"), ("new", "B")):
        folder = tmp_path / version
        folder.mkdir()
        (folder / "mod.py").write_text(f"def pick(cfg):\n    if cfg.x:\n        return {outcome!r}\n    return 'C'\n")
    before = gc.get_threshold()  # a command run in this process earlier set its own
    gc.set_threshold(700, 10, 10)
    try:
        root = Path(__file__).resolve().parent / "fixtures" / "vllm_tree" / "regressed"
        run_check(packs=["vllm"], root=root)
        result = run_diff(old_root=str(tmp_path / "old"), new_root=str(tmp_path / "new"), use_cache=False, jobs=1)
        assert result.targets and result.targets[0].changed
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)
