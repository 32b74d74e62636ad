"""ordercheck's speed against the tools users compare it with, as ratios measured in one run.

Each case runs ordercheck and its anchors alternately (A B C A B C ..., after one warm-up round)
and reports the median CPU time (user + system) of each child process and of the children it
waited for, taken from `os.wait4`, so other work on a shared machine counts as little as it can;
wall time and peak RSS are printed beside it. Cases (goals from issue 10):

- pre-commit on a file no rule targets: `check --pack vllm FILE` vs `python -c pass` (<= 3x);
- pre-commit on `shared_experts.py` vs Fixit (<= 0.3x) and Semgrep (<= 0.12x); ruff and
  `ast.parse` (interpreter start-up included) for reference: a re-run of an unchanged tree
  (answered from the kept check, `kept_checks`), and the file edited (its modification time set
  before each run: the engine runs, the tree searches read that file again);
- `diff` of `fused_moe/` between vLLM 0.32.0 and 0.33.0 vs Semgrep on the folder (<= 1x,
  peak RSS <= 150 MB);
- `check` of a generated 200-`elif` chain (< 1 s) and a 10,000-branch chain (< 30 s);
- `discover` over all of vLLM 0.33.0, cold (`--no-cache`), vs Fixit on `fused_moe/` (< 1x,
  peak < 1 GB), when the command exists;
- `diff` of all of vLLM 0.33.0 against a reformatted copy (`ruff format`, line length 120, single
  quotes; a trailing comment on each file it leaves alone, so every file differs): cold (< 60 s)
  and a warm re-run.

Each ordercheck run is capped at `--memory-cap` MB of address space (4096): a run that passes it
stops with MemoryError and is reported as such, with its CPU time and peak so far, instead of
taking the machine; a run past `--timeout` is killed and reported as not finished. Either ends
that case's repetitions. Children run with byte-code caching on, as an installed package does,
whatever PYTHONDONTWRITEBYTECODE says here.

vLLM releases live in ~/.cache/ordercheck/vllm/<version>/ (or $ORDERCHECK_CACHE/vllm); a missing
one is downloaded with `pip download vllm==X --no-deps` and only `vllm/**/*.py` is extracted.
Semgrep, Fixit and ruff come from a separate virtual environment, never this project's
dependencies:

    python3 -m venv ~/.cache/ordercheck/bench-venv
    ~/.cache/ordercheck/bench-venv/bin/pip install semgrep fixit ruff dd

(~/.cache/ordercheck/anchors is looked in too, and $ORDERCHECK_BENCH_VENV points elsewhere; tools
on PATH are used when neither venv has them.)
A missing tool is skipped with a message. `--quick` times small generated inputs only (no vLLM,
no download, 2 repetitions) for CI; `--no-anchors` runs ordercheck's commands alone.

Usage: python bench/speed.py [--quick] [--no-anchors] [--reps N] [--case NAME ...] [--big N]
                             [--timeout S] [--memory-cap MB] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import chain_spec  # noqa: E402  (a sibling module of this script)

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("ORDERCHECK_CACHE", Path.home() / ".cache" / "ordercheck"))
BENCH_VENV = Path(os.environ.get("ORDERCHECK_BENCH_VENV", CACHE / "bench-venv"))
# where the anchors may be installed, first found wins; then PATH
ANCHOR_VENVS = (BENCH_VENV, CACHE / "anchors")
RELEASES = ("0.32.0", "0.33.0")
SHARED_EXPERTS = "vllm/model_executor/layers/fused_moe/runner/shared_experts.py"
UNTARGETED = "vllm/model_executor/layers/fused_moe/layer.py"  # no rule of the vllm pack targets it
FUSED_MOE = "vllm/model_executor/layers/fused_moe"

# A first-match chain of guarded returns, the shape ordercheck models, as a Semgrep pattern.
SEMGREP_RULE = """\
rules:
  - id: first-match-return-chain
    languages: [python]
    severity: INFO
    message: a first-match chain of guarded returns
    pattern: |
      def $F(...):
          ...
          if $C1:
              return $R1
          ...
          if $C2:
              return $R2
          ...
"""


# ---------------------------------------------------------------- inputs


def release(version: str, download: bool = True) -> Path | None:
    """The root holding vLLM `version`'s `vllm/` package, extracted into the cache on first use."""
    root = CACHE / "vllm" / version
    if (root / "vllm").is_dir():
        return root
    if not download:
        return None
    wheels = CACHE / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    print(f"downloading vLLM {version} into {wheels} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "pip", "download", f"vllm=={version}", "--no-deps", "-d", str(wheels)],
                   check=False, timeout=1800)
    found = sorted(wheels.glob(f"vllm-{version}-*.whl"))
    if not found:
        print(f"vLLM {version}: download failed", file=sys.stderr)
        return None
    with zipfile.ZipFile(found[0]) as wheel:
        wheel.extractall(root, [n for n in wheel.namelist() if n.startswith("vllm/") and n.endswith(".py")])
    return root


def chain_tree(parent: Path, n: int) -> tuple[Path, str, str]:
    """A root holding a generated n-branch chain and its rule file: (root, file, rules)."""
    root = parent / f"chain{n}"
    root.mkdir(parents=True, exist_ok=True)
    (root / "dispatch.py").write_text(chain_spec.source(n))
    (root / "rules.toml").write_text(chain_spec.rule("dispatch.py"))
    return root, "dispatch.py", str(root / "rules.toml")


def quick_trees(parent: Path) -> tuple[Path, Path]:
    """Two small generated roots for `--quick`: a chain, and the same chain with an early branch
    in front (the #35153 shape), beside a module no rule targets."""
    old, new = parent / "old", parent / "new"
    for root, early in ((old, False), (new, True)):
        pkg = root / "pkg"
        pkg.mkdir(parents=True, exist_ok=True)
        text = chain_spec.source(30)
        if early:
            text = text.replace("        cfg = self.cfg\n",
                                "        cfg = self.cfg\n        if cfg.flag3:\n            return Order.SERIAL\n")
        (pkg / "dispatch.py").write_text(text)
        (pkg / "plain.py").write_text("def add(a, b):\n    return a + b\n")
    return old, new


# ---------------------------------------------------------------- tools


def tool(name: str) -> str | None:
    """The anchor venvs' executable `name`, else one on PATH, else None."""
    for venv in ANCHOR_VENVS:
        candidate = venv / "bin" / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def ordercheck_cmd() -> list[str]:
    """The `ordercheck` console script run by this interpreter (no shell shim in between)."""
    script = Path(sys.executable).parent / "ordercheck"
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "ordercheck"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # byte-code as an installed package has it (pip compiles on install), the anchors' included:
    # without it every ordercheck run compiles its own modules from source first
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # this checkout's ordercheck, whatever an editable install elsewhere points to
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    env.update(SEMGREP_ENABLE_VERSION_CHECK="0", SEMGREP_SEND_METRICS="off", NO_COLOR="1")
    return env


# ---------------------------------------------------------------- measuring


@dataclass
class Sample:
    cpu: float  # user + system seconds of the child and the children it waited for
    wall: float
    rss_mb: float  # peak resident set of the child or of any child it waited for
    rc: int
    timed_out: bool = False


@dataclass
class Command:
    label: str
    argv: list[str]
    cwd: Path
    goal: str = ""  # what the ordercheck command's ratio to this anchor must be, e.g. "<=0.3x"
    samples: list[Sample] = field(default_factory=list)
    note: str = ""
    memory_cap_mb: int | None = None  # address-space limit: a runaway run fails instead of taking the machine
    failed: bool = False  # timed out or over the cap: later rounds would only repeat it
    clear: list[Path] = field(default_factory=list)  # removed before each run (a cold cache)
    touch: list[Path] = field(default_factory=list)  # modification time set to now before each run (an edit)

    def median(self, what: str) -> float:
        return statistics.median(getattr(s, what) for s in self.samples)


def _address_space_cap(mb: int | None):
    if mb is None:
        return None
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))


def run_once(cmd: Command, env: dict[str, str], timeout: float, log: Path) -> Sample:
    for path in cmd.clear:
        shutil.rmtree(path, ignore_errors=True)
    for path in cmd.touch:
        os.utime(path)
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd.argv, cwd=cmd.cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                preexec_fn=_address_space_cap(cmd.memory_cap_mb))
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)  # the group this Popen started, nothing else
                timed_out = True
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    return Sample(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, proc.returncode, timed_out)


def alternate(commands: list[Command], reps: int, warmup: int, env: dict[str, str], logs: Path,
              timeout: float) -> None:
    """Run the commands in turn, `warmup` rounds unrecorded then `reps` recorded rounds; each
    command's output goes to its log in `logs` (the last round's is kept). When the first command
    (ordercheck's) times out or runs out of memory, that round is recorded, warm-up or not, and
    is the last."""
    for round_ in range(warmup + reps):
        taken = []
        for cmd in commands:
            log = logs / f"{''.join(c if c.isalnum() else '_' for c in cmd.label)}.log"
            sample = run_once(cmd, env, timeout, log)
            taken.append((cmd, sample))
            if sample.timed_out:
                cmd.note = f"did not finish in {timeout:.0f} s"
            elif sample.rc not in (0, 1):
                text = log.read_text(errors="replace")
                tail = text.strip().splitlines()[-1:] or [""]
                over = cmd.memory_cap_mb and "MemoryError" in text
                cmd.note = (f"over the {cmd.memory_cap_mb} MB address-space cap" if over
                            else f"exit {sample.rc}: {tail[0][:100]}")
            if sample.timed_out or cmd.note.startswith("over the"):
                cmd.failed = True
        if round_ >= warmup or commands[0].failed:
            for cmd, sample in taken:
                cmd.samples.append(sample)
        print(f"  round {round_ + 1}/{warmup + reps} done", file=sys.stderr)
        if commands[0].failed:
            print("  the ordercheck command did not complete: no more rounds", file=sys.stderr)
            return


# ---------------------------------------------------------------- cases


@dataclass
class Case:
    name: str
    subject: Command
    anchors: list[Command]
    goal: str = ""  # an absolute goal for the subject: "<1s", "peak<150MB"
    timeout: float = 600.0
    reps: int | None = None  # fewer repetitions for a long case
    after: str = ""  # run only when this case's ordercheck command completed (a warm re-run)


def shared_anchors(path: Path, cwd: Path, rule: Path, with_ast: bool) -> tuple[list[Command], list[str]]:
    """Fixit, Semgrep and ruff on `path` (a file or folder); the names of the tools missing."""
    anchors, missing = [], []
    fixit, semgrep, ruff = tool("fixit"), tool("semgrep"), tool("ruff")
    if fixit:
        anchors.append(Command("fixit lint", [fixit, "lint", str(path)], cwd))
    else:
        missing.append("fixit")
    if semgrep:
        anchors.append(Command("semgrep", [semgrep, "scan", "--config", str(rule), "--metrics=off",
                                           "--disable-version-check", "--quiet", str(path)], cwd))
    else:
        missing.append("semgrep")
    if ruff and with_ast:
        anchors.append(Command("ruff check", [ruff, "check", "--isolated", "--no-cache", str(path)], cwd))
    elif with_ast:
        missing.append("ruff")
    if with_ast:
        anchors.append(Command("python ast.parse", [sys.executable, "-c",
                                                    "import ast, sys; ast.parse(open(sys.argv[1]).read())", str(path)], cwd))
    return anchors, missing


def full_cases(args, work: Path) -> list[Case]:
    oc = ordercheck_cmd()
    old, new = release(RELEASES[0]), release(RELEASES[1])
    rule = work / "semgrep-chain.yaml"
    rule.write_text(SEMGREP_RULE)
    cases: list[Case] = []
    anchors = not args.no_anchors
    if new is None:
        print(f"vLLM {RELEASES[1]} unavailable: skipping the pre-commit and discover cases")
    else:
        cases.append(Case("pre-commit, untargeted file",
                          Command("ordercheck check", [*oc, "check", "--pack", "vllm", "--root", str(new), UNTARGETED], work),
                          [Command("python -c pass", [sys.executable, "-c", "pass"], work, "<=3x")] if anchors else []))
        se_anchors, missing = shared_anchors(new / SHARED_EXPERTS, work, rule, True) if anchors else ([], [])
        for a in se_anchors:
            a.goal = {"fixit lint": "<=0.3x", "semgrep": "<=0.12x"}.get(a.label, "")
        for name in missing:
            print(f"{name}: not installed (python3 -m venv {BENCH_VENV} && {BENCH_VENV}/bin/pip install {name}); skipped")
        cases.append(Case("pre-commit, shared_experts.py",
                          Command("ordercheck check", [*oc, "check", "--pack", "vllm", "--root", str(new), SHARED_EXPERTS], work),
                          se_anchors))
        # the same, the file edited before each run: the kept answer is no answer, the engine runs
        # (the tree searches' kept answers read the one changed file again)
        edited = Command("ordercheck check", [*oc, "check", "--pack", "vllm", "--root", str(new), SHARED_EXPERTS], work,
                         touch=[new / SHARED_EXPERTS])
        cases.append(Case("pre-commit, edited shared_experts", edited,
                          [Command(a.label, a.argv, a.cwd, a.goal) for a in se_anchors]))
    if old is None or new is None:
        print(f"vLLM {RELEASES[0]} or {RELEASES[1]} unavailable: skipping the diff case")
    else:
        semgrep = tool("semgrep") if anchors else None
        cases.append(Case(f"diff fused_moe {RELEASES[0]} -> {RELEASES[1]}",
                          Command("ordercheck diff", [*oc, "diff", "--no-cache", str(old), str(new), FUSED_MOE], work),
                          [Command("semgrep on fused_moe", [semgrep, "scan", "--config", str(rule), "--metrics=off",
                                                            "--disable-version-check", "--quiet", str(new / FUSED_MOE)],
                                   work, "<=1x")] if semgrep else [],
                          goal="peak<=150MB", timeout=args.timeout, reps=min(args.reps, 5)))
    cases += chain_cases(args, work, [(200, "<1s", None), (args.big, "<30s", 1)])
    cases += discover_case(args, work, new)
    if new is not None and (not args.case or any(k in "diff, reformat" for k in args.case)):
        cases += reformat_cases(args, work, new)  # copies and reformats 3,000 files: only when asked
    return cases


def reformatted(tree: Path, work: Path) -> tuple[Path, Path, int, int]:
    """Two roots for a pull request that reformats every file of `tree`'s vllm/: a copy of it and
    a reformatted copy (ruff format, line length 120 and single quotes, where ruff is installed;
    a trailing comment on every file the formatter left as it was, so that every file differs).
    Returns (old root, new root, files, files the formatter changed)."""
    old, new = work / "reformat-old", work / "reformat-new"
    for root in (old, new):
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(tree / "vllm", root / "vllm")
    ruff = tool("ruff")
    if ruff:
        subprocess.run([ruff, "format", "--isolated", "--quiet", "--line-length", "120", "--config",
                        "format.quote-style = 'single'", str(new / "vllm")], check=False, timeout=600)
    else:
        print("ruff: not installed; the reformat is a trailing comment on every file")
    files = changed = 0
    for path in sorted((new / "vllm").rglob("*.py")):
        files += 1
        before = (old / path.relative_to(new)).read_bytes()
        if path.read_bytes() != before:
            changed += 1
        else:
            path.write_bytes(before + b"\n# reformatted\n")
    return old, new, files, changed


def reformat_cases(args, work: Path, tree: Path) -> list[Case]:
    """`diff` of a tree against its reformatted copy: cold (no .ordercheck_cache/ under either root)
    and a warm re-run (whatever cache the cold run left)."""
    old, new, files, changed = reformatted(tree, work)
    print(f"reformat: {files} files of vLLM {RELEASES[1]}, {changed} changed by the formatter, the rest by a comment")
    argv = [*ordercheck_cmd(), "diff", str(old), str(new)]
    caches = [old / ".ordercheck_cache", new / ".ordercheck_cache", work / ".ordercheck_cache"]
    cold = Case(f"diff, reformat of {files} files, cold", Command("ordercheck diff", argv, work, clear=caches),
                [], goal="<60s", timeout=args.timeout, reps=1)
    warm = Case(f"diff, reformat of {files} files, warm", Command("ordercheck diff", argv, work), [],
                timeout=args.timeout, reps=1, after=cold.name)
    return [cold, warm]


def chain_cases(args, work: Path, sizes: list[tuple[int, str, int | None]]) -> list[Case]:
    oc = ordercheck_cmd()
    out = []
    for n, goal, reps in sizes:
        root, file, rules = chain_tree(work, n)
        out.append(Case(f"check, {n}-branch chain", Command("ordercheck check", [*oc, "check", "--rules", rules,
                                                                                  "--root", str(root), file], work),
                        [], goal=goal, timeout=args.timeout, reps=reps))
    return out


def discover_available() -> bool:
    try:
        done = subprocess.run([*ordercheck_cmd(), "discover", "--help"], env=child_env(), capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def discover_case(args, work: Path, tree: Path | None) -> list[Case]:
    if not discover_available():
        print("discover: not available")
        return []
    if tree is None:
        print("discover: vLLM unavailable, skipped")
        return []
    fixit = tool("fixit") if not args.no_anchors else None
    anchors = [Command("fixit lint fused_moe", [fixit, "lint", str(tree / FUSED_MOE)], work, "<1x")] if fixit else []
    # cold: --no-cache, so no run reads what an earlier one wrote
    command = Command("ordercheck discover", [*ordercheck_cmd(), "discover", "--root", str(tree), "--no-cache",
                                              str(tree / "vllm")], work)
    return [Case("discover, all of vLLM, cold", command, anchors, goal="peak<1GB", timeout=args.timeout,
                 reps=min(args.reps, 3))]


def quick_cases(args, work: Path) -> list[Case]:
    """Small generated inputs only: what CI can afford; the same commands as the full run."""
    oc = ordercheck_cmd()
    old, new = quick_trees(work)
    (new / "rules.toml").write_text(chain_spec.rule("pkg/dispatch.py"))
    anchors = not args.no_anchors
    cases = [
        Case("pre-commit, untargeted file",
             Command("ordercheck check", [*oc, "check", "--pack", "vllm", "--root", str(new), "pkg/plain.py"], work),
             [Command("python -c pass", [sys.executable, "-c", "pass"], work, "<=3x")] if anchors else []),
        Case("pre-commit, targeted file",
             Command("ordercheck check", [*oc, "check", "--rules", str(new / "rules.toml"), "--root", str(new),
                                          "pkg/dispatch.py"], work), []),
        Case("diff, early branch added", Command("ordercheck diff", [*oc, "diff", str(old), str(new), "pkg"], work), []),
    ]
    cases += chain_cases(args, work, [(50, "", None)])
    if discover_available():
        cases.append(Case("discover, small tree", Command("ordercheck discover", [*oc, "discover", str(new)], work), []))
    else:
        print("discover: not available")
    return cases


# ---------------------------------------------------------------- report


def meets(goal: str, value: float, rss: float) -> str:
    """'yes'/'no' for a goal written `<=0.3x`, `<1x`, `<1s`, `peak<=150MB`, `peak<1GB`."""
    if not goal:
        return ""
    if goal.startswith("peak"):
        limit = goal[4:].lstrip("<=")
        mb = float(limit[:-2]) * (1024 if limit.endswith("GB") else 1)
        ok = rss <= mb if "<=" in goal else rss < mb
    else:
        limit = float(goal.lstrip("<=").rstrip("xs"))
        ok = value <= limit if goal.startswith("<=") else value < limit
    return "yes" if ok else "NO"


def report(cases: list[Case]) -> None:
    header = f"{'case':<36}{'command':<22}{'cpu s':>9}{'wall s':>9}{'peak MB':>9}{'n':>3}  {'ordercheck/this':>15}  {'goal':<12}{'met':<4}"
    print()
    print(header)
    print("-" * len(header))
    for case in cases:
        s = case.subject
        if not s.samples:
            print(f"{case.name:<36}{s.label:<22}  not run  {s.note}")
            continue
        cpu, rss = s.median("cpu"), max(x.rss_mb for x in s.samples)
        goals = [g for g in case.goal.split(",") if g]
        met = ", ".join(meets(g, cpu, rss) for g in goals)
        print(f"{case.name:<36}{s.label:<22}{cpu:>9.3f}{s.median('wall'):>9.3f}{rss:>9.0f}{len(s.samples):>3}  {'':>15}  "
              f"{case.goal:<12}{met:<4} {s.note}".rstrip())
        for a in case.anchors:
            if not a.samples:
                continue
            ratio = cpu / a.median("cpu") if a.median("cpu") > 0 else float("inf")
            print(f"{'':<36}{a.label:<22}{a.median('cpu'):>9.3f}{a.median('wall'):>9.3f}"
                  f"{max(x.rss_mb for x in a.samples):>9.0f}{len(a.samples):>3}  {ratio:>14.2f}x  {a.goal:<12}"
                  f"{meets(a.goal, ratio, 0):<4} {a.note}".rstrip())


def machine() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return (f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{time.strftime('%Y-%m-%d %H:%M')}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small generated inputs, 2 repetitions (CI)")
    parser.add_argument("--no-anchors", action="store_true", help="ordercheck's commands only, no anchor tools")
    parser.add_argument("--reps", type=int, default=None, help="recorded repetitions per command [5; 2 with --quick]")
    parser.add_argument("--case", action="append", default=[], help="only cases whose name contains this (repeatable)")
    parser.add_argument("--big", type=int, default=10000, help="branches of the big chain [10000]")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before one long run is killed [600]")
    parser.add_argument("--memory-cap", type=int, default=4096,
                        help="address-space cap of each ordercheck run, MB [4096]; a run over it is reported, not waited for")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated inputs and logs in this folder")
    args = parser.parse_args(argv)
    args.reps = args.reps or (2 if args.quick else 5)
    print(machine())
    work = args.keep or Path(tempfile.mkdtemp(prefix="ordercheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    try:
        cases = quick_cases(args, work) if args.quick else full_cases(args, work)
        if args.case:
            cases = [c for c in cases if any(k in c.name for k in args.case)]
        env = child_env()
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "ordercheck")], env=env, check=False)
        warmup = 0 if args.quick else 1
        by_name = {case.name: case for case in cases}
        for case in cases:
            case.subject.memory_cap_mb = args.memory_cap
        for n, case in enumerate(cases):
            first = by_name.get(case.after)
            if first is not None and (first.subject.failed or first.subject.note or not first.subject.samples):
                case.subject.note = f"skipped: {first.name} did not complete"
                continue
            print(f"{case.name} ...", file=sys.stderr)
            case_logs = logs / f"case{n}"
            case_logs.mkdir(exist_ok=True)
            alternate([case.subject, *case.anchors], case.reps or args.reps, 0 if case.reps == 1 else warmup,
                      env, case_logs, case.timeout)
        report(cases)
        print(f"\nmedian CPU time (user + system, with waited-for children) of up to {args.reps} alternating "
              f"repetitions (column n), after {warmup} warm-up round(s); peak MB: the largest of them; ratio: "
              f"ordercheck's median / the anchor's median.\nend: {machine()}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
