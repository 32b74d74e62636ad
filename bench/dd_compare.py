"""Our decision diagrams (`ordercheck/logic.py`) against the `dd` package on the same chains.

The chains are `chain_spec.guards(N)` (a string compared with K + 1 names, an integer compared with
8 thresholds, 16 flags; the last branch repeats the first). Each back end does the same three
things, and the results are checked to agree:

1. build: the chain's "which branch fires" diagrams. Ours: one multi-terminal diagram whose
   leaves are branch indices (`Diagram.chain`). dd: one BDD per branch, `fires_i = g_i & ~(g_0 |
   ... | g_{i-1})`, and the fall-through.
2. a rule query, a restriction and an emptiness check: under `backend == "b0"`, `flag0`, every
   configuration selects P0 (holds); under `backend == "b1"`, every one selects P1 (fails), with
   the counterexample that fixes the fewest variables besides the given ones and still names the
   branch that fires instead (what `check` prints). Ours: `restrict` + `leaves` +
   `shortest_path`. dd: `let` (substitution) on `domain & ~(fires of P0)`, compared with false;
   for the counterexample, a cheapest-path pass written here over dd's nodes (dd has no such
   query), once per branch of another outcome.
3. the shadowed-branch check: the branches no configuration reaches, and which earlier guards
   overlap each of them.

Finite domains in dd are encoded as dd's documentation does for MDDs: each variable is a block of
ceil(log2(size)) bits, most significant first, and a domain constraint (`code < size`) that every
query conjoins. Variables are declared in our order (first appearance in the chain); dynamic
reordering is off in both dd back ends so the orders stay equal. Times are CPU seconds of this
process (`time.process_time`), median of alternating repetitions (ours, dd.autoref, dd.cudd, ...).

Usage: python bench/dd_compare.py [--sizes 50,200,1000,10000] [--reps 3] [--big-reps 1]
Needs `dd` (pip install dd, in the bench venv ~/.cache/ordercheck/bench-venv: this script
re-runs itself with that venv's Python when `dd` is not importable here).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(REPO))
import chain_spec  # noqa: E402
from chain_spec import Guard  # noqa: E402

MASK = -1  # outside the query's scope
SERIAL = -2  # no branch fires: the chain falls through


def _reexec_in_bench_venv() -> None:
    cache = Path(os.environ.get("ORDERCHECK_CACHE", Path.home() / ".cache" / "ordercheck"))
    venvs = [Path(os.environ.get("ORDERCHECK_BENCH_VENV", cache / "bench-venv")), cache / "anchors"]
    tried = set(filter(None, os.environ.get("ORDERCHECK_DD_TRIED", "").split(os.pathsep))) | {str(Path(sys.prefix).resolve())}
    for venv in venvs:
        python = venv / "bin" / "python"
        # a venv's python is a link to the base interpreter: compare prefixes, not executables
        if python.is_file() and str(venv.resolve()) not in tried:
            os.environ["ORDERCHECK_DD_TRIED"] = os.pathsep.join(tried)
            os.execv(str(python), [str(python), *sys.argv])
    sys.exit(f"dd is not installed: python3 -m venv {venvs[0]} && {venvs[0]}/bin/pip install dd")


try:
    import dd.autoref as dd_autoref
except ImportError:
    _reexec_in_bench_venv()
try:
    import dd.cudd as dd_cudd
except ImportError:  # CUDD is optional in dd's wheels
    dd_cudd = None

from ordercheck.domains import Space  # noqa: E402
from ordercheck.logic import Diagram  # noqa: E402
from ordercheck.model import And, Compare, Lit, Or, Term, Truth  # noqa: E402


def outcome(guards: list[Guard], branch: int) -> str:
    return "SERIAL" if branch == SERIAL else f"P{guards[branch].outcome}"


# ---------------------------------------------------------------- ours


class Ours:
    """The chain in ordercheck's multi-valued decision diagrams."""

    name = "ours (logic.py)"

    def __init__(self, guards: list[Guard]) -> None:
        self.guards = guards
        backend, n = Term("cfg.backend"), Term("n", kind="name")
        self.formulas = [And((Compare(backend, "==", Lit(f"b{g.backend}")),
                              Or((Truth(Term(f"cfg.flag{g.flag}")), Compare(n, ">", Lit(g.threshold))))))
                         for g in guards]
        self.space = Space(self.formulas)
        self.d = Diagram(self.space)
        self.chain = self.d.chain(self.formulas, list(range(len(guards))), SERIAL)

    def _facts(self, given: dict[str, object]):
        facts = []
        for key, value in given.items():
            if key == "backend":
                facts.append(Compare(Term("cfg.backend"), "==", Lit(f"b{value}")))
            else:
                facts.append(Truth(Term(f"cfg.{key}")))
        return And(tuple(facts))

    def query(self, given: dict[str, object], expected: str) -> tuple[bool, int | None]:
        """(the rule holds, how many variables the smallest counterexample fixes)."""
        d = self.d
        r = d.restrict(d.formula(self._facts(given)), self.chain, MASK)

        def bad(v: object) -> bool:
            return v != MASK and outcome(self.guards, v) != expected  # type: ignore[arg-type]

        if not any(bad(v) for v in d.leaves(r)):
            return True, None
        fixed, _ = d.shortest_path(r, bad)  # type: ignore[misc]
        given_vars = {f"cfg.{k}" for k in given}
        return False, sum(1 for var in fixed if self.space.variables[var].text not in given_vars)

    def shadowed(self) -> list[tuple[int, list[int]]]:
        d = self.d
        live = d.leaves(d.restrict(d.consistency(), self.chain, MASK))
        out = []
        for i, f in enumerate(self.formulas):
            if i in live:
                continue
            g = d.conj(d.formula(f), d.consistency())
            if g != d.false:
                out.append((i, [j for j in range(i) if d.conj(g, d.formula(self.formulas[j])) != d.false]))
        return out

    def nodes(self) -> int:
        return len(self.d._var)


# ---------------------------------------------------------------- dd


class DD:
    """The chain in a `dd` BDD manager (dd.autoref or dd.cudd): finite domains as bit blocks."""

    def __init__(self, module, guards: list[Guard]) -> None:
        self.name = module.__name__
        self.guards = guards
        bdd = self.bdd = module.BDD()
        bdd.configure(reordering=False)
        k = chain_spec.backends(len(guards))
        thresholds = sorted(chain_spec.THRESHOLDS)
        # integer classes of n, as ours: below the first threshold, each threshold, each gap, above
        self.n_classes = 2 * len(thresholds) + 1
        self.sizes: dict[str, int] = {}
        order = ["backend"]
        for g in guards:  # first appearance, as our Space orders variables
            for var in (f"flag{g.flag}", "n"):
                if var not in order:
                    order.append(var)
        for var in order:
            self.sizes[var] = k + 1 if var == "backend" else self.n_classes if var == "n" else 2
        self.bits = {var: [f"{var}_{b}" for b in range(max(1, math.ceil(math.log2(size))))] if size > 2 else [var]
                     for var, size in self.sizes.items()}
        self.block = {bit: var for var, bits in self.bits.items() for bit in bits}
        bdd.declare(*(bit for var in order for bit in self.bits[var]))
        self.domain = bdd.true
        for var, size in self.sizes.items():
            if size < 2 ** len(self.bits[var]):
                self.domain &= self._or(self.value(var, code) for code in range(size))
        above = {t: self._or(self.value("n", c) for c in range(2 * i + 2, self.n_classes))
                 for i, t in enumerate(thresholds)}  # n > t: the classes after t's point class
        self.g = [self.value("backend", g.backend) & (bdd.var(f"flag{g.flag}") | above[g.threshold]) for g in guards]
        prefix, self.fires = bdd.false, []
        for g in self.g:
            self.fires.append(g & ~prefix)
            prefix |= g
        self.fallthrough = ~prefix
        self._outcomes: dict[str, object] = {}

    def _or(self, parts):
        acc = self.bdd.false
        for p in parts:
            acc |= p
        return acc

    def assignment(self, var: str, code: int) -> dict[str, bool]:
        bits = self.bits[var]
        if len(bits) == 1 and self.sizes[var] == 2:
            return {bits[0]: bool(code)}
        return {bit: bool(code >> (len(bits) - 1 - b) & 1) for b, bit in enumerate(bits)}

    def value(self, var: str, code: int):
        return self.bdd.cube(self.assignment(var, code))

    def query(self, given: dict[str, object], expected: str) -> tuple[bool, int | None]:
        bdd = self.bdd
        allowed = self._outcomes.get(expected)
        if allowed is None:
            allowed = self._or(f for i, f in enumerate(self.fires) if outcome(self.guards, i) == expected)
            if expected == "SERIAL":
                allowed |= self.fallthrough
            self._outcomes[expected] = allowed
        values: dict[str, bool] = {}
        for key, v in given.items():
            values.update(self.assignment(key, v if key == "backend" else 1))  # type: ignore[arg-type]
        violation = bdd.let(values, self.domain & ~allowed)
        if violation == bdd.false:
            return True, None
        # the smallest counterexample that names the branch firing instead: one pass per branch
        # of another outcome (a BDD has two leaves, so "which branch" is one diagram per branch)
        wrong = [f for i, f in enumerate(self.fires) if outcome(self.guards, i) != expected]
        if expected != "SERIAL":
            wrong.append(self.fallthrough)
        sizes = [self.cheapest(r) for r in (bdd.let(values, f & self.domain) for f in wrong) if r != bdd.false]
        return False, min(sizes)

    def cheapest(self, u) -> int:
        """How many variables (bit blocks) the path to true that touches the fewest blocks fixes:
        dd has no such query; a bottom-up pass over its nodes, complemented edges resolved."""
        bdd = self.bdd
        best: dict[object, float] = {}
        stack = [(u, False)]
        while stack:
            node, done = stack.pop()
            if node in best:
                continue
            if node == bdd.true or node == bdd.false:
                best[node] = 0.0 if node == bdd.true else math.inf
                continue
            kids = (node.low, node.high) if not node.negated else (~node.low, ~node.high)
            if not done:
                stack.append((node, True))
                stack.extend((k, False) for k in kids if k not in best)
                continue
            here = self.block[node.var]
            best[node] = min(best[k] + (0 if k == bdd.true or k == bdd.false or self.block[k.var] == here else 1)
                             for k in kids)
        return int(best[u] + 1)

    def shadowed(self) -> list[tuple[int, list[int]]]:
        bdd, out = self.bdd, []
        for i, f in enumerate(self.fires):
            if (f & self.domain) == bdd.false and (self.g[i] & self.domain) != bdd.false:
                g = self.g[i] & self.domain
                out.append((i, [j for j in range(i) if (g & self.g[j]) != bdd.false]))
        return out

    def nodes(self) -> int:
        return len(self.bdd)


# ---------------------------------------------------------------- timing


def one_run(factory, guards: list[Guard]) -> tuple[dict[str, float], tuple]:
    """CPU seconds of each stage, and what the back end answered (to check they agree)."""
    times = {}
    start = time.process_time()
    chain = factory(guards)
    times["build"] = time.process_time() - start
    start = time.process_time()
    holds = chain.query({"backend": 0, "flag0": True}, "P0")
    times["query (holds)"] = time.process_time() - start
    start = time.process_time()
    fails = chain.query({"backend": 1}, "P1")
    times["query (fails) + counterexample"] = time.process_time() - start
    start = time.process_time()
    shadowed = chain.shadowed()
    times["shadowed branches"] = time.process_time() - start
    times["total"] = sum(times.values())
    return times, (holds, fails, shadowed, chain.nodes())


def backends() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = [("ours (logic.py)", Ours), ("dd.autoref", lambda g: DD(dd_autoref, g))]
    if dd_cudd is not None:
        out.append(("dd.cudd", lambda g: DD(dd_cudd, g)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,200,1000,10000")
    parser.add_argument("--reps", type=int, default=3, help="alternating repetitions [3]")
    parser.add_argument("--big-reps", type=int, default=1, help="repetitions for chains of 5,000+ branches [1]")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(100000)
    load = os.getloadavg()
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    import dd
    print(f"dd {getattr(dd, '__version__', '?')}; dd.cudd {'available' if dd_cudd else 'not installed'}")
    stages = ["build", "query (holds)", "query (fails) + counterexample", "shadowed branches", "total"]
    for n in (int(s) for s in args.sizes.split(",")):
        guards = chain_spec.guards(n)
        reps = args.big_reps if n >= 5000 else args.reps
        runs: dict[str, list[dict[str, float]]] = {}
        answers: dict[str, tuple] = {}
        for _ in range(reps):
            for name, factory in backends():
                times, answer = one_run(factory, guards)
                runs.setdefault(name, []).append(times)
                answers[name] = answer
                print(f"  N={n} {name}: {times['total']:.3f} s", file=sys.stderr)
        print(f"\nN = {n} branches ({chain_spec.backends(n) + 1} backend values, 16 flags, "
              f"{2 * len(chain_spec.THRESHOLDS) + 1} classes of n), median of {reps}, CPU seconds")
        names = list(runs)
        print(f"{'stage':<34}" + "".join(f"{name:>18}" for name in names) + "   fastest")
        for stage in stages:
            medians = {name: statistics.median(r[stage] for r in runs[name]) for name in names}
            fastest = min(medians, key=medians.get)  # type: ignore[arg-type]
            print(f"{stage:<34}" + "".join(f"{medians[name]:>18.4f}" for name in names) + f"   {fastest}")
        print(f"{'nodes in the table after all':<34}" + "".join(f"{answers[name][3]:>18,}" for name in names))
        verdicts = {name: answers[name][:3] for name in names}
        agree = len({repr(v) for v in verdicts.values()}) == 1
        holds, fails, shadowed = next(iter(verdicts.values()))
        print(f"answers {'agree' if agree else 'DISAGREE: ' + repr(verdicts)}: holds={holds[0]}, "
              f"fails={not fails[0]} (smallest counterexample fixes {fails[1]} variables), "
              f"shadowed={[(i, by[:5]) for i, by in shadowed]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
