"""`ordercheck` on the command line: parse options, call the library, choose the exit code.

Exit codes: 0 nothing found, 1 findings (errors), 2 usage, configuration or input error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__, api, report, report_ci, selftest
from .config import Config, load_config
from .model import ConfigError


def _style_for(output: str | None):
    if output or not sys.stdout.isatty() or os.environ.get("NO_COLOR"):
        return report.plain
    colors = {"error": "red", "warning": "yellow", "dim": None, "bold": None}

    def style(text: str, role: str) -> str:
        return click.style(text, fg=colors.get(role), bold=role in ("error", "bold"), dim=role == "dim")

    return style


def _emit(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


def _finish(result, fmt: str, output: str | None, renderers: dict) -> None:
    """Render a result in the chosen format (text gets colors on a terminal), write it, exit."""
    render = renderers[fmt]
    _emit(render(result, _style_for(output)) if fmt == "text" else render(result), output)
    sys.exit(result.exit_code)


def _fail(error: ConfigError) -> None:
    click.echo(report.error_text(error), err=True, nl=False)
    sys.exit(2)


def _config() -> Config:
    config = load_config(Path.cwd())
    if isinstance(config, ConfigError):
        _fail(config)
    return config  # type: ignore[return-value]


def _sources(config: Config, rule_paths, packs, root) -> tuple[list[str], list[str], str]:
    """Command-line rules/packs replace the configuration's; --root overrides its root."""
    if rule_paths or packs:
        rule_paths, packs = list(rule_paths), list(packs)
    else:
        rule_paths, packs = config.rules, config.packs
    root = root or config.root or "."
    if not os.path.isdir(root):
        raise click.UsageError(f"--root {root}: no such folder")
    return rule_paths, packs, root


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="ordercheck")
def main() -> None:
    """Find execution-order regressions in first-match dispatch chains.

    \b
    ordercheck check --pack vllm --root ~/src/vllm
    ordercheck check --rules rules/ --root . [FILES...]
    ordercheck explain PATH::Class.method --root .
    ordercheck test --pack vllm

    Options not given on the command line come from [tool.ordercheck] in the nearest
    pyproject.toml (rules, packs, root, include, exclude).

    Exit codes: 0 clean, 1 findings, 2 usage / configuration / input error.
    """


_RULES = click.option("--rules", "rule_paths", multiple=True, metavar="PATH", help="Rule file or folder of *.toml files (repeatable).")
_PACK = click.option("--pack", "packs", multiple=True, metavar="NAME", help="A rule pack installed with ordercheck, e.g. `vllm` (repeatable).")
_ROOT = click.option("--root", default=None, type=click.Path(file_okay=False), help="Root that target paths are relative to [default: config or .].")
_OUTPUT = click.option("--output", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")


@main.command("check")
@_RULES
@_PACK
@_ROOT
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text", show_default=True,
              help="text for people; json (schema ordercheck.check/1); sarif 2.1.0 for code scanning; github workflow annotations.")
@_OUTPUT
@click.option("--base", metavar="REV", help="Report only findings the base revision does not have (for pull requests).")
@click.argument("files", nargs=-1, type=click.Path())
def check_command(rule_paths, packs, root, fmt, output, base, files) -> None:
    """Check the rules' targets; with FILES, only rules whose target is among them.

    A pack is a name (`--pack vllm`), never a path, so a folder called `vllm/` in a checkout
    cannot be mistaken for it. Unbound atoms are universally quantified: a rule holds only if it
    holds for every value of the atoms its facts leave open. `# ordercheck: ignore[RULE]` on the
    line of the branch that fires (or the line before) silences that finding.
    """
    config = _config()
    rule_paths, packs, root = _sources(config, rule_paths, packs, root)
    selected = list(files) if files else None
    if base:
        result = api.run_check_new(rule_paths, packs, root, selected, config.include, config.exclude, base, config.pure_calls)
    else:
        result = api.run_check(rule_paths, packs, root, selected, config.include, config.exclude, config.pure_calls)
    _finish(result, fmt, output, {"json": report.check_json, "sarif": report_ci.check_sarif,
                                  "github": report_ci.check_github, "text": report.check_text})


@main.command("explain")
@click.argument("target")
@_ROOT
@click.option("--format", "fmt", type=click.Choice(["text", "json", "mermaid", "dot"]), default="text", show_default=True,
              help="A table; JSON (schema ordercheck.explain/1); a Mermaid flowchart (renders on GitHub); Graphviz dot.")
@_OUTPUT
def explain_command(target, root, fmt, output) -> None:
    """Show the decision chain of TARGET (PATH::Qualname or PATH::Qualname:variable)."""
    root = root or _config().root or "."
    explanation = api.explain(target, root)
    if isinstance(explanation, ConfigError):
        _fail(explanation)
    model, shadowed = explanation.model, explanation.shadowed
    if fmt == "json":
        data = {"schema": report.EXPLAIN_SCHEMA, **report.explain_dict(model, explanation.atoms, shadowed)}
        text = json.dumps(data, indent=2) + "\n"
    elif fmt == "mermaid":
        text = report.explain_mermaid(model, shadowed)
    elif fmt == "dot":
        text = report.explain_dot(model, shadowed)
    else:
        text = report.explain_text(model, len(explanation.atoms), shadowed, _style_for(output))
    _emit(text, output)
    sys.exit(0)


@main.command("diff")
@click.option("--base", metavar="REV", help="The old revision (git); without it, give OLD_ROOT NEW_ROOT.")
@click.option("--head", metavar="REV", help="The new revision [default: the working tree].")
@_RULES
@_PACK
@_ROOT
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
@_OUTPUT
@click.argument("args", nargs=-1, type=click.Path())
def diff_command(base, head, rule_paths, packs, root, fmt, output, args) -> None:
    """Which configurations change path between two versions, exactly, with no rule needed.

    \b
    ordercheck diff --base origin/main [--head REV] [PATHS...]
    ordercheck diff OLD_ROOT NEW_ROOT [PATHS...]      # e.g. two extracted releases

    Targets: every rule target (from --rules/--pack or the configuration) and every decision
    function in the Python files that differ. Exit 0: nothing changes path; 1: some
    configurations do; 2: an error (a rule's target vanished, a bad revision, unparsable source).
    """
    from . import report_diff

    config = _config()
    if not rule_paths and not packs:
        rule_paths, packs = config.rules, config.packs
    if base:
        root = root or config.root or "."
        result = api.run_diff(base, head, rule_paths, packs, root, list(args))
    else:
        if len(args) < 2 or not all(os.path.isdir(a) for a in args[:2]):
            raise click.UsageError("give --base REV, or two folders: OLD_ROOT NEW_ROOT [PATHS...]")
        result = api.run_diff(None, None, rule_paths, packs, args[1], list(args[2:]), old_root=args[0], new_root=args[1])
    _finish(result, fmt, output, {"json": report_diff.diff_json, "github": report_diff.diff_github,
                                  "text": report_diff.diff_text})


@main.command("test")
@_PACK
@click.argument("rule_paths", nargs=-1, type=click.Path())
def test_command(packs, rule_paths) -> None:
    """Run the examples that rules carry: each must get the verdict it states.

    Exit 1 when an example gets another verdict, 2 when a rule file is invalid.
    """
    config = _config()
    if not rule_paths and not packs:
        rule_paths, packs = config.rules, config.packs
    rules, errors = api.load_rules(list(rule_paths), list(packs))
    if not rule_paths and not packs:
        errors.append(ConfigError(None, "no rules named: pass RULES paths or --pack NAME"))
    for error in errors:
        click.echo(report.error_text(error), nl=False)
    results = selftest.run_examples(rules)
    click.echo(selftest.report(results, rules), nl=False)
    sys.exit(2 if errors else (1 if any(not r.ok for r in results) else 0))


_RUNTIME_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
_EFFECTS = click.option("--effects", "effect_paths", multiple=True, type=click.Path(dir_okay=False),
                        help="Effect table: the physical effect each outcome must have (repeatable; packs bring theirs).")
_REQUIRE_OBSERVED = click.option("--require-observed", is_flag=True, help="Exit 1 when a target was never observed.")


def _kernel_options(function):
    for option in reversed([
        click.option("--shared-ranges", default=r"shared_experts?", show_default=True, metavar="REGEX", help="record_function ranges of the shared experts (eager)."),
        click.option("--routed-ranges", default=r"routed_experts?", show_default=True, metavar="REGEX", help="record_function ranges of the routed experts (eager)."),
        click.option("--shared-kernels", default=r"$^", show_default=True, metavar="REGEX", help="Kernel names of the shared experts (graph replays carry no ranges)."),
        click.option("--routed-kernels", default=r".", show_default=True, metavar="REGEX",
                     help="Kernel names of the routed path; by default every kernel that is not a shared expert's."),
    ]):
        function = option(function)
    return function


def _runtime_report(result, fmt, output) -> None:
    from .runtime import report as runtime_report

    text = runtime_report.runtime_json(result) if fmt == "json" else runtime_report.runtime_text(result)
    if output:
        _emit(text, output)
    else:
        click.echo(text, err=True, nl=False)
    sys.exit(result.exit_code)


@main.command("runtime", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@_RULES
@_PACK
@_ROOT
@click.option("--target", "targets", multiple=True, metavar="PATH::QUALNAME", help="Probe this function too (repeatable).")
@click.option("--data-dir", type=click.Path(file_okay=False),
              help="Keep each run's files in a new subfolder here (0700; must be yours) [default: a temporary folder, removed].")
@click.option("--keep-data", is_flag=True, help="Keep the default temporary folder (its path is in the report).")
@click.option("--cuda-evidence", is_flag=True, help="Profile a window of steps with torch.profiler: streams and overlap.")
@click.option("--cuda-warmup", type=int, default=20, show_default=True, help="Steps (graph replays, else decision calls) before the window.")
@click.option("--cuda-window", type=int, default=5, show_default=True, help="Steps in the profiled window.")
@_kernel_options
@_EFFECTS
@_REQUIRE_OBSERVED
@_RUNTIME_FORMAT
@_OUTPUT
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
def runtime_command(rule_paths, packs, root, targets, data_dir, keep_data, cuda_evidence, cuda_warmup, cuda_window,
                    shared_ranges, routed_ranges, shared_kernels, routed_kernels, effect_paths, require_observed, fmt,
                    output, command) -> None:
    """Run COMMAND (after `--`) with every Python process it starts probed; report which path each
    decision took, reconcile it with the static model and the rules.

    \b
    ordercheck --runtime --pack vllm -- torchrun --nproc-per-node 2 bench_decode.py
    ordercheck --runtime --pack vllm -- python serve_with_ray.py      # Ray workers on every node

    COMMAND's stdin, stdout, stderr and exit status pass through; the report goes to stderr (or
    --output). Exit: COMMAND's own status if it failed, else 1 on a violation, a call the static
    model does not predict, CUDA evidence that contradicts the outcome, or (--require-observed) a
    target never observed, else 0; 2 on a configuration error (COMMAND is then not run).
    """
    from .runtime.cuda_trace import KernelClass
    from .runtime.session import RuntimeOptions, run_runtime

    config = _config()
    rule_paths, packs, root = _sources(config, rule_paths, packs, root)
    classes = (KernelClass("shared", shared_ranges, shared_kernels), KernelClass("routed", routed_ranges, routed_kernels))
    options = RuntimeOptions(list(command), rule_paths, packs, root, list(targets), data_dir, cuda_evidence, cuda_warmup,
                             cuda_window, classes, list(effect_paths), keep_data, require_observed)
    _runtime_report(run_runtime(options), fmt, output)


@main.command("combine")
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@_RULES
@_PACK
@click.option("--root", default=None, type=click.Path(file_okay=False), help="Root of the target paths [default: the runs' own].")
@click.option("--target", "targets", multiple=True, metavar="PATH::QUALNAME", help="Reconcile this function too (repeatable).")
@_kernel_options
@_EFFECTS
@_REQUIRE_OBSERVED
@_RUNTIME_FORMAT
@_OUTPUT
def combine_command(folders, rule_paths, packs, root, targets, shared_ranges, routed_ranges, shared_kernels,
                    routed_kernels, effect_paths, require_observed, fmt, output) -> None:
    """Merge the data folders of several nodes (or runs) and report them as one run.

    \b
    ordercheck combine node0/run-* node1/run-*      # run folders, or folders that hold them

    Rules, effects and targets come from the runs' plans unless given here. A node that a driver
    or launcher saw but that has no records is named in the report.
    """
    from .runtime.cuda_trace import KernelClass
    from .runtime.session import RuntimeOptions, combine

    classes = (KernelClass("shared", shared_ranges, shared_kernels), KernelClass("routed", routed_ranges, routed_kernels))
    options = RuntimeOptions([], list(rule_paths), list(packs), root or ".", list(targets), None, False, 0, 0, classes,
                             list(effect_paths), True, require_observed)
    _runtime_report(combine(list(folders), options), fmt, output)


def entry() -> None:
    """The console script: `ordercheck --runtime [OPTIONS] -- CMD` is `ordercheck runtime ...`."""
    if len(sys.argv) > 1 and sys.argv[1] == "--runtime":
        sys.argv[1] = "runtime"
    main()


if __name__ == "__main__":  # pragma: no cover
    entry()
