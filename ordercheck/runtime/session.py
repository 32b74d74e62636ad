"""One runtime session: build the probe plan, run the command with the probe in every Python
process it starts, then reconcile; or (`combine`) reconcile run folders from several nodes as one
run. The command's stdin, stdout, stderr and exit status pass through untouched; the report is the
caller's to print."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass, field

from ..api import load_rules, merge_errors, source_reader
from ..check import Models, check_rule
from ..exit_codes import exit_code
from ..model import ConfigError, DecisionModel, Location, Rule
from . import cuda_trace
from .datadir import DataDirError, install_boot, new_run_folder
from .effects import Effect, EffectFinding, judge, load_effects
from .plan import build_plan, pure_atoms, write_plan
from .reconcile import Reconciliation, fact_atoms, observations_of, reconcile
from .records import Records, load_records, missing_nodes, run_folders


@dataclass
class RuntimeOptions:
    command: list[str]
    rule_paths: list[str] = field(default_factory=list)
    packs: list[str] = field(default_factory=list)
    root: str = "."
    targets: list[str] = field(default_factory=list)  # PATH::Qualname, relative to root
    data_dir: str | None = None
    cuda_evidence: bool = False
    cuda_warmup: int = 20
    cuda_window: int = 5
    kernel_classes: tuple = cuda_trace.DEFAULT_CLASSES
    effect_paths: list[str] = field(default_factory=list)
    keep_data: bool = False
    require_observed: bool = False


@dataclass
class RuntimeResult:
    errors: list[ConfigError] = field(default_factory=list)
    command_exit: int | None = None
    models: dict[str, DecisionModel] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    records: Records | None = None
    reconciliation: Reconciliation | None = None
    evidence: list[tuple[dict, cuda_trace.Evidence]] = field(default_factory=list)
    effect_findings: list[EffectFinding] = field(default_factory=list)
    never_observed: list[str] = field(default_factory=list)
    missing_nodes: list[dict] = field(default_factory=list)
    data_dir: str = ""
    kept: bool = True
    require_observed: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        rec = self.reconciliation
        findings = (rec is not None and bool(rec.violations or rec.disagreements)) or bool(self.effect_findings) \
            or (self.require_observed and bool(self.never_observed))
        return exit_code(bool(self.errors), findings, self.command_exit or 0)


def prepare(options: RuntimeOptions) -> RuntimeResult:
    """Rules, effects and targets -> static models; every configuration error, before anything runs."""
    result = RuntimeResult(require_observed=options.require_observed)
    rules, errors = load_rules(options.rule_paths, options.packs)
    result.errors += errors
    result.effects, errors = load_effects(options.effect_paths, options.packs)
    result.errors += errors
    models = Models(source_reader(options.root))
    variables: list[str] = []  # decision-variable targets: checked statically only
    wanted: list[tuple[str, str, Rule | None]] = [(r.path, r.function, r) for r in rules]
    for spec in options.targets:
        path, sep, function = spec.partition("::")
        if not sep or not function:
            result.errors.append(ConfigError(None, f"--target {spec}: must be PATH::Qualname"))
            continue
        wanted.append((path, function, None))
    for path, function, rule in wanted:
        model = models.get(path, function)
        where = rule.location if rule else Location(path, 1)
        if model is None:
            result.errors.append(ConfigError(where, f"target file `{path}` does not exist under {options.root}", rule.id if rule else None))
        elif isinstance(model, ConfigError):
            result.errors.append(_named_by(model, rule))
        elif model.variable:
            variables.append(model.target)
            result.notes.append(f"{model.target}: decision variables are checked statically only")
        else:
            result.models[model.target] = model
            if rule is not None:
                _, error = check_rule(rule, model)  # a stale fact must stop the run, as in `check`
                if error is not None:
                    result.errors.append(error)
    result.rules = rules
    result.errors = merge_errors(result.errors)  # one error per cause, naming its rules, as `check` reports it
    if not result.models and not result.errors:
        result.errors.append(_nothing_to_probe(variables))
    return result


def _named_by(error: ConfigError, rule: Rule | None) -> ConfigError:
    """A target's error (cached once per target) as the error of the rule that names it, so that
    `merge_errors` reports a cause once and names every rule it stops."""
    if rule is None:
        return error
    return ConfigError(error.location, error.message, rule.id,
                       error.hints + (f"named by rule `{rule.id}` at {rule.location.path}:{rule.location.line}",))


def _nothing_to_probe(variables: list[str]) -> ConfigError:
    """Why nothing runs: every target named is a decision variable (which the probe cannot
    observe: it records what a function returns), or no target was named at all."""
    if variables:
        return ConfigError(None, f"nothing to probe: {', '.join(dict.fromkeys(variables))}: decision variables are "
                           "checked statically only (`ordercheck check`, `ordercheck explain`); --target a function")
    return ConfigError(None, "nothing to probe: name rules (--rules, --pack) or --target PATH::Qualname")


def run_runtime(options: RuntimeOptions) -> RuntimeResult:
    result = prepare(options)
    if result.errors:
        return result
    try:
        run, cleanup = new_run_folder(options.data_dir)
    except (DataDirError, OSError) as exc:
        result.errors.append(ConfigError(None, str(exc)))
        return result
    result.data_dir, result.kept = str(run), cleanup is None or options.keep_data
    try:
        cuda = {"warmup": options.cuda_warmup, "window": options.cuda_window} if options.cuda_evidence else None
        sources = {"rules": [os.path.abspath(p) for p in options.rule_paths], "packs": list(options.packs),
                   "root": os.path.abspath(options.root), "effects": [os.path.abspath(p) for p in options.effect_paths],
                   "targets": list(options.targets)}
        facts = {m.target: fact_atoms(m, result.rules) for m in result.models.values()}
        plan_path = write_plan(build_plan(list(result.models.values()), options.root, run, cuda, sources, facts), run)
        boot = install_boot(run)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(boot), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])])
        env["ORDERCHECK_PROBE"] = str(plan_path)
        result.command_exit = _run(options.command, env)
        analyze(result, load_records([run]), options.kernel_classes)
    finally:
        if cleanup is not None and not options.keep_data:
            shutil.rmtree(cleanup, ignore_errors=True)  # the temporary folder this run created
    return result


def combine(folders: list[str], options: RuntimeOptions) -> RuntimeResult:
    """Reconcile run folders from several nodes (or runs) as one run. Rules, effects and targets
    come from `options` when given, else from the first run's plan."""
    runs = run_folders(folders)
    if not runs:
        result = RuntimeResult()
        result.errors.append(ConfigError(None, f"no run folders (with plan.json) in {', '.join(folders)}"))
        return result
    records = load_records(runs)
    sources = next((p.get("sources") for p in records.plans if p.get("sources")), {}) or {}
    if not (options.rule_paths or options.packs or options.targets):
        options.rule_paths, options.packs = sources.get("rules", []), sources.get("packs", [])
        options.targets = sources.get("targets", [])
        options.effect_paths = options.effect_paths or sources.get("effects", [])
        if options.root == "." and sources.get("root"):
            options.root = sources["root"]
    result = prepare(options)
    if result.errors:
        return result
    result.data_dir = ", ".join(str(r) for r in runs)
    ids = {tuple(sorted(t["id"] for t in p.get("targets", []))) for p in records.plans}
    if len(ids) > 1:
        result.notes.append("the runs probed different targets: each target is reported over the runs that probed it")
    analyze(result, records, options.kernel_classes)
    return result


def analyze(result: RuntimeResult, records: Records, classes) -> None:
    """Records -> reconciliation, judged evidence, never-observed targets, missing nodes."""
    result.records = records
    atoms_of = {m.target: pure_atoms(m) for m in result.models.values()}
    observations = observations_of(records, atoms_of)
    result.reconciliation = reconcile(result.models, result.rules, observations)
    result.notes += result.reconciliation.notes
    observed = {o.target for o in observations}
    result.never_observed = [t for t in result.models if t not in observed]
    result.missing_nodes = missing_nodes(records)
    for trace in records.traces:
        try:
            evidence = cuda_trace.analyze_file(trace["path"], classes)
        except (OSError, ValueError) as exc:
            result.notes.append(f"cannot read trace {trace['path']}: {exc}")
            continue
        result.evidence.append((trace, evidence))
        findings, notes = judge(result.effects, trace["image"], _window_outcomes(trace, observations), evidence)
        result.effect_findings += findings
        result.notes += notes


def _window_outcomes(trace: dict, observations) -> dict[str, dict[str, int]]:
    """The decisions behind a trace window: counted in the window (eager), or captured into the
    graphs that the window replays."""
    import json

    if trace.get("outcomes") is not None:
        return {t: {json.loads(o) if o.startswith('"') else o: n for o, n in by.items()} for t, by in trace["outcomes"].items()}
    out: dict[str, dict[str, int]] = {}
    for o in observations:
        if o.image == trace["image"] and o.capturing:
            by = out.setdefault(o.target, {})
            by[str(o.outcome)] = by.get(str(o.outcome), 0) + o.count
    return out


def _run(command: list[str], env: dict) -> int:
    try:
        proc = subprocess.Popen(command, env=env)
    except OSError as exc:
        import sys

        sys.stderr.write(f"ordercheck runtime: cannot start {command[0]}: {exc.strerror}\n")
        return 127  # as a shell does for a command it cannot run
    previous = {}

    def forward(signum, frame):
        proc.send_signal(signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[sig] = signal.signal(sig, forward)
        except ValueError:  # not the main thread
            pass
    try:
        return proc.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
