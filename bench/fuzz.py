"""Differential testing at scale: generated decision programs, judged by running them.

    python bench/fuzz.py [--programs 10000] [--jobs 2] [--start 0] [--computed] [--classes] [--objects] [--builtins] [--engines]

Each program (tests/soundness_programs.py) gets a random rule; ordercheck's verdict is checked
against executing the program on every input the facts allow (clean), or on inputs matching the
counterexample (violated). Every fourth program is also edited (a guard negated, two guards
swapped, a constant or a comparison changed) and `diff` is checked against executing both
versions. Prints the counts, the share of undetermined verdicts and every contradiction (seed,
program, rule, what execution did). Exit 1 on any contradiction. `--computed`: guards on atoms
Python computes from the inputs too (`n + 1 > 2`, `mode.startswith("x")`: COMPUTED in
tests/soundness_programs.py), which the judge computes from the inputs it runs. `--classes`: guards
and statements over classes too (CLASS_HEAD there: `Kind(mode)`, candidate classes walked to the
first supported, a class kept in a list, methods a subclass inherits or overrides, `super()`).
`--objects`: statements over objects changed in place (a list chosen by `if`/`or`, held by a tuple,
a dict or another list, an item written into it; a set changed through another name) and
consumers that stop early (`any(...)` of a generator whose later items raise or bind `:=`, a loop
that breaks before its `else`, a `try` in each round of a loop), and calls of helpers a decorator
wraps (OBJECTS_HEAD: one that forwards the call where a state holds, one that negates it), a
list default argument, a generator function. `--builtins`: guards and statements over what
Python and its standard library give (BUILTIN_GUARDS, BUILTINS_HEAD): reads of the environment
(`os.environ.get`, `os.getenv` with text, None or int defaults, `os.environ[...]`, `int(...)` of
one, `.lower() in (...)`) compared with text and with what no read gives, which the judge sets
per input (unset, "", "0", "1", "true", "x"); Python's own classes (`isinstance(v, int)` of a
bool, `type(v) is int`, an IntEnum member, OrderedDict and defaultdict as dicts) over a
parameter spanning bool/int/str/None/float; module lists, dicts and sets read by guards and
changed in place by module code or the function (directly, through a helper, through an alias);
objects with state of their own (two built by one call, a factory, an alias, a registry list);
values of standard functions (`round` rounding half to even, `math.floor`, `divmod`, `max(...,
key=)`, `float("nan")` comparisons); names bound on some paths only (NameError,
UnboundLocalError), parameters named like builtins, `getattr` with a default. The judge
computes a counterexample's atoms in the program's own module (as `decide` is entered); an atom
it cannot compute there matches no input, so a counterexample that needs one is reported as one
no input matches (check it by hand). Atoms over a constant `decide` changes in place, or a helper
hands out (ordercheck takes those as free: an earlier call may have changed them), are passed
over, and a violation no fresh run reproduces is tried again after a first call of `decide` with
other inputs; where none reproduces it the verdict is counted "violated (unconfirmed)", not a
contradiction (a caller of the helper may have done it). `--engines`: shapes real engines write
(`_Writer.engine_shape`, `engine_leaf`, `dict_value` there): branches returning dict literals
holding inputs, locals and constants (`return {"backend": mode, "fast": True}`, a dict built and
written on some paths), named by rules that `expect`/`forbid` one dict (its keys now and then in
another order), which the judge compares as Python compares dicts, each value of its own type;
`nonlocal` cells a nested function writes on some paths only (a flag, a text, a count, a
parameter, one bound on some paths only, one per candidate), called directly, twice, through a
list or a dict before the chain reads them; and formatting objects whose `__str__`/`__repr__`/
`__format__` have effects (a `Tag` of ENGINES_HEAD appending to a list it holds, counting, raising
when loud; the Decider's own `__str__` setting self.f, `__repr__` bumping self.lvl or raising) in
guards and statements: f-strings with `!r` and specs, `str()`, `repr()`, `format()`, `%`,
`str.format`, `print` to a StringIO, a logger's arguments (`info` below the level: never
formatted; `warning`/`error`: formatted by logging's last-resort handler, its output dropped).
"""

from __future__ import annotations

import argparse
import collections
import functools
import multiprocessing
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from soundness_programs import edit, judge, judge_diff, program, rule_for  # noqa: E402


def one(seed: int, computed: bool = False, classes: bool = False, objects: bool = False,
        builtins: bool = False, engines: bool = False) -> tuple[int, str, str | None, str | None]:
    rng = random.Random(seed)
    prog = program(rng, computed=computed, classes=classes, objects=objects, builtins=builtins, engines=engines)
    rule, facts, kind, outcome = rule_for(prog, rng)
    try:
        verdict = judge(prog, rule, facts, kind, outcome)
    except Exception as exc:  # a crash is a finding of the fuzzer too
        return seed, "crash", f"{type(exc).__name__}: {exc}", None
    diff_verdict = None
    if seed % 4 == 0:
        base = program(random.Random(seed + 10**9), deterministic=True, computed=computed, classes=classes, objects=objects,
                       builtins=builtins, engines=engines)
        new = edit(base, rng)
        if new is not None:
            try:
                d = judge_diff(base, new)
            except Exception as exc:
                return seed, "crash", f"diff: {type(exc).__name__}: {exc}", None
            diff_verdict = d.verdict + (f" CONTRADICTION {d.contradiction}" if d.contradiction else "")
            if d.contradiction:
                return seed, verdict.verdict, f"diff: {d.contradiction}", diff_verdict
    shown = "violated (unconfirmed)" if verdict.detail.startswith("unconfirmed") else verdict.verdict  # builtins: state a caller left
    return seed, shown, verdict.contradiction, diff_verdict


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--computed", action="store_true", help="guards on atoms computed from the inputs too")
    parser.add_argument("--classes", action="store_true", help="guards and statements over classes too")
    parser.add_argument("--objects", action="store_true", help="objects changed in place and consumers that stop early too")
    parser.add_argument("--builtins", action="store_true",
                        help="the environment, Python's own classes, module constants, objects with state, standard functions too")
    parser.add_argument("--engines", action="store_true",
                        help="dict outcomes, nonlocal cells written on some paths, formatting that runs the tree's dunders too")
    args = parser.parse_args()
    started = time.time()
    counts: collections.Counter = collections.Counter()
    diffs: collections.Counter = collections.Counter()
    bad = []
    seeds = range(args.start, args.start + args.programs)
    with multiprocessing.Pool(args.jobs) as pool:
        for seed, verdict, contradiction, diff_verdict in pool.imap_unordered(functools.partial(one, computed=args.computed, classes=args.classes, objects=args.objects,
                                                                                                builtins=args.builtins, engines=args.engines),
                                                                              seeds, chunksize=20):
            counts[verdict] += 1
            if diff_verdict:
                diffs[diff_verdict.split(" ")[0]] += 1
            if contradiction:
                bad.append((seed, verdict, contradiction))
    elapsed = time.time() - started
    judged = counts["clean"] + counts["violated"] + counts["violated (unconfirmed)"] + counts["undetermined"]
    print(f"programs: {args.programs} (seeds {args.start}..{args.start + args.programs - 1}) in {elapsed:.0f} s")
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if judged:
        print(f"undetermined share of judged verdicts: {counts['undetermined'] / judged:.1%}")
    print("diff checks: " + (", ".join(f"{k} {v}" for k, v in sorted(diffs.items())) or "none"))
    print(f"contradictions: {len(bad)}")
    for seed, verdict, contradiction in sorted(bad):
        rng = random.Random(seed)
        prog = program(rng, computed=args.computed, classes=args.classes, objects=args.objects, builtins=args.builtins,
                       engines=args.engines)
        rule = rule_for(prog, rng)[0]
        print(f"\n--- seed {seed} ({verdict}): {contradiction}\n{prog.source}\n{rule}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
