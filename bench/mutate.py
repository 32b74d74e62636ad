"""The mutation bench: `ordercheck mutate` for each pack on the real release it targets (skipped,
with a message, when the release is not cached) and on our own fixture tree.

Prints a table (pack, tree, target, mutants, path-changing, caught, survived, benign,
benign-flagged, unmodeled, seconds) and the survivors and false alarms, and writes the same into
the `mutate` section of bench/RESULTS.md (replaced between its markers, appended when absent).
Work is spread over processes, one target file per job.

Usage: python bench/mutate.py [--jobs N] [--no-write] [--machine TEXT] [--only TEXT]
Releases: ~/.cache/ordercheck/<pack>/<version>/ (or $ORDERCHECK_CACHE), as tests/vllm_release.py
fetches them; never copied into the repository.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ordercheck import api, mutate  # noqa: E402
from ordercheck.mutation import MutationResult, run_mutate  # noqa: E402
from ordercheck.report_mutate import example_text, oracle_text, rules_text  # noqa: E402

CACHE = Path(os.environ.get("ORDERCHECK_CACHE", Path.home() / ".cache" / "ordercheck"))
TREES = [  # (pack, label, root)
    ("vllm", "vLLM 0.33.0", CACHE / "vllm" / "0.33.0"),
    ("sglang", "SGLang 0.5.23", CACHE / "sglang" / "0.5.23"),
    ("vllm", "fixture", REPO / "tests" / "fixtures" / "vllm_tree" / "fixed"),
]
RESULTS = REPO / "bench" / "RESULTS.md"
BEGIN, END = "<!-- bench/mutate.py: begin -->", "<!-- bench/mutate.py: end -->"
COLUMNS = ("pack", "tree", "target", "mutants", "path-changing", "caught (stale)", "survived", "benign",
           "benign-flagged", "unmodeled", "seconds")


def jobs_of(pack: str, root: Path) -> list[list[str]]:
    """The rule ids of each target file: one job each."""
    rules, errors = api.load_rules([], [pack])
    by_path: dict[str, list[str]] = {}
    for rule in rules:
        by_path.setdefault(rule.path, []).append(rule.id)
    return list(by_path.values())


def run_job(pack: str, root: str, ids: list[str]) -> MutationResult:
    return run_mutate(packs=[pack], root=root, select=ids)


def row(pack: str, label: str, target) -> list[str]:
    counts = {v: sum(r.verdict == v for r in target.results) for v in mutate.VERDICTS}
    caught, changing = mutate.score(target.results)
    name = target.function + f"  ({target.path.rsplit('/', 1)[-1]})"
    return [pack, label, name, str(len(target.results)), str(changing), f"{caught} ({counts['caught-stale']})",
            str(counts["survived"]), str(counts["benign"]), str(counts["benign-flagged"]), str(counts["unmodeled"]),
            f"{target.seconds:.0f}"]


def markdown_table(rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" if i < 3 else "---:" for i in range(len(COLUMNS))) + "|"]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def attention(label: str, result: MutationResult) -> list[str]:
    """Survivors and false alarms, one bullet each, with the region that changed."""
    out = []
    for target in result.targets:
        for r in target.results:
            if r.verdict not in ("survived", "benign-flagged"):
                continue
            said = "; ".join(filter(None, [oracle_text(r), rules_text(r)]))
            example = example_text(r)
            out.append(f"- {label}, `{target.path}:{r.mutant.line}` {r.verdict}, {r.mutant.operator}: "
                       f"{r.mutant.description.replace('|', '/')}. {said}" + (f"; {example}" if example else ""))
    return out


def write_results(section: list[str]) -> None:
    text = RESULTS.read_text(encoding="utf-8")
    block = "\n".join([BEGIN, *section, END])
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n## Mutation bench (`python bench/mutate.py`)\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-write", action="store_true", help="Print only; leave bench/RESULTS.md alone.")
    parser.add_argument("--machine", default=f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}")
    parser.add_argument("--only", metavar="TEXT", help="Only the trees whose pack or label holds TEXT (`sglang`, `fixture`).")
    args = parser.parse_args()
    started = time.perf_counter()
    planned, skipped = [], []
    for pack, label, root in TREES:
        if args.only and args.only not in (pack, label) and args.only not in label:
            continue
        if not root.is_dir():
            skipped.append(f"{label}: not cached at {root}; skipped (see tests/vllm_release.py to fetch it)")
            print(f"skip {skipped[-1]}", file=sys.stderr)
            continue
        planned += [(pack, label, root, ids) for ids in jobs_of(pack, root)]
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [(pack, label, pool.submit(run_job, pack, str(root), ids)) for pack, label, root, ids in planned]
        done = [(pack, label, f.result()) for pack, label, f in futures]
    rows, notes, errors = [], [], []
    total = MutationResult()
    for pack, label, result in done:
        rows += [row(pack, label, t) for t in result.targets]
        notes += attention(label, result)
        errors += [f"- {label}: {e.location.path if e.location else ''}: {e.message}" for e in result.errors]
        total.targets += result.targets
    caught, changing = mutate.score(total.results)
    counts = total.counts()
    summary = (f"{len(total.results)} mutants: " + ", ".join(f"{counts[v]} {v}" for v in mutate.VERDICTS)
               + (f"; mutation score {caught}/{changing} = {100 * caught / changing:.1f}%" if changing else ""))
    elapsed = time.perf_counter() - started
    section = [f"Measured {datetime.date.today().isoformat()} on {args.machine}, {args.jobs} jobs, "
               f"{elapsed:.0f} s wall in all (seconds per target: time spent judging its mutants, summed over jobs).",
               "", *markdown_table(rows), "", summary, ""]
    section += [f"Skipped: {s}" for s in skipped] + ([""] if skipped else [])
    section += ["Configuration errors:", *errors, ""] if errors else []
    section += ["Survivors and false alarms (the region is the largest one that changed path; new lines are the "
                "mutant's):", "", *(notes or ["- none"])]
    print("\n".join(section))
    if not args.no_write:
        write_results(section)
        print(f"\nwrote {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
