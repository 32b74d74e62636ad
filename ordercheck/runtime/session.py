"""One runtime session: build the probe plan, run the command with the probe in every Python
process it starts, then reconcile. The command's stdin, stdout, stderr and exit status pass
through untouched; the report is the caller's to print."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..api import load_rules, source_reader
from ..check import Models, check_rule
from ..model import ConfigError, DecisionModel, Location, Rule
from . import cuda_trace
from .plan import build_plan, pure_atoms, write_plan
from .reconcile import Reconciliation, Records, load_records, observations_of, reconcile

_BOOT = '''"""ordercheck runtime probe bootstrap: start the probe, then chain to the next sitecustomize."""


def _ordercheck_boot():
    import importlib.util
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    try:
        import _ordercheck_probe

        _ordercheck_probe.start()
    except BaseException:
        pass  # the program runs as it would without the probe
    for entry in sys.path:
        if not entry or os.path.abspath(entry) == here:
            continue
        candidate = os.path.join(entry, "sitecustomize.py")
        if os.path.isfile(candidate):
            spec = importlib.util.spec_from_file_location("_ordercheck_chained_sitecustomize", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            break


_ordercheck_boot()
'''


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


@dataclass
class RuntimeResult:
    errors: list[ConfigError] = field(default_factory=list)
    command_exit: int | None = None
    models: dict[str, DecisionModel] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    records: Records | None = None
    reconciliation: Reconciliation | None = None
    evidence: list[tuple[dict, cuda_trace.Evidence]] = field(default_factory=list)
    data_dir: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        if self.command_exit:
            return self.command_exit if self.command_exit > 0 else 128 - self.command_exit
        rec = self.reconciliation
        return 1 if rec is not None and (rec.violations or rec.disagreements) else 0


def prepare(options: RuntimeOptions) -> RuntimeResult:
    """Rules and targets -> static models; every configuration error, before anything runs."""
    result = RuntimeResult()
    rules, errors = load_rules(options.rule_paths, options.packs)
    result.errors += errors
    models = Models(source_reader(options.root))
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
            result.errors.append(model)
        elif model.variable:
            result.notes.append(f"{model.target}: decision variables are checked statically only")
        else:
            result.models[model.target] = model
            if rule is not None:
                _, error = check_rule(rule, model)  # a stale fact must stop the run, as in `check`
                if error is not None:
                    result.errors.append(error)
    result.rules = rules
    if not result.models and not result.errors:
        result.errors.append(ConfigError(None, "nothing to probe: name rules (--rules, --pack) or --target PATH::Qualname"))
    return result


def run_runtime(options: RuntimeOptions) -> RuntimeResult:
    result = prepare(options)
    if result.errors:
        return result
    data_dir = Path(options.data_dir or tempfile.mkdtemp(prefix="ordercheck-runtime-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    for stale in list(data_dir.glob("probe-*.jsonl")) + list(data_dir.glob("trace-*.json")):
        stale.unlink()
    result.data_dir = str(data_dir)
    cuda = {"warmup": options.cuda_warmup, "window": options.cuda_window} if options.cuda_evidence else None
    plan_path = write_plan(build_plan(list(result.models.values()), options.root, data_dir, cuda), data_dir)
    boot = data_dir / "boot"
    boot.mkdir(exist_ok=True)
    (boot / "sitecustomize.py").write_text(_BOOT)
    shutil.copy(Path(__file__).with_name("probe.py"), boot / "_ordercheck_probe.py")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(boot), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])])
    env["ORDERCHECK_PROBE"] = str(plan_path)
    result.command_exit = _run(options.command, env)
    result.records = load_records(data_dir)
    atoms_of = {m.target: pure_atoms(m) for m in result.models.values()}
    observations = observations_of(result.records, atoms_of)
    result.reconciliation = reconcile(result.models, result.rules, observations)
    for trace in result.records.traces:
        try:
            result.evidence.append((trace, cuda_trace.analyze_file(trace["path"], options.kernel_classes)))
        except (OSError, ValueError) as exc:
            result.notes.append(f"cannot read trace {trace['path']}: {exc}")
    return result


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
