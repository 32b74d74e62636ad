"""`ordercheck` on the command line: parse options, call the library, choose the exit code.

Exit codes: 0 nothing found, 1 findings (errors), 2 usage, configuration or input error, and any
crash: never 1, which CI reads as "findings". Reports go to stdout (or --output); diagnostics
(configuration errors, bad input, crashes) go to stderr.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from . import __version__, gc_policy, quick
from .config import Config, load_config
from .exit_codes import CLEAN, ERROR, exit_code, process_exit
from .model import ConfigError
from .runtime.cuda_trace import DEFAULT_CLASSES, kernel_classes


def _lazy(name: str):
    """A module of ours, loaded on first attribute access (importlib's LazyLoader): `--help`,
    `--version` and a run with nothing to check never import the engine."""
    import importlib.util

    full = f"{__package__}.{name}"
    if full in sys.modules:
        return sys.modules[full]
    spec = importlib.util.find_spec(full)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    spec.loader.exec_module(module)
    return module


api, report, report_ci, report_diff, selftest = map(_lazy, ("api", "report", "report_ci", "report_diff", "selftest"))

_DEBUG_KEY = "ordercheck.debug"  # in click's context meta, shared by every nested context


class InputError(click.ClickException):
    """A bad command line or input (a missing file, an unwritable --output): one line, exit 2."""

    exit_code = ERROR

    def show(self, file=None) -> None:
        click.echo(f"ordercheck: error: {self.format_message()}", err=True)


def exit_with(code: int, exit_zero: bool = False) -> NoReturn:
    """Exit with a result's code (the policy is `exit_codes`): 0 clean, 1 findings (0 under
    --exit-zero), 2 errors."""
    sys.exit(process_exit(code, exit_zero))


class _Ordercheck(click.Group):
    """`ordercheck [--debug] --runtime ...` is the runtime command; an uncaught exception in any
    command is one line on stderr and exit 2 (the traceback with --debug)."""

    def main(self, args=None, **kwargs):
        gc_policy.for_batch()
        args = list(sys.argv[1:] if args is None else args)
        for i, arg in enumerate(args):
            if arg == "--runtime":
                args[i] = "runtime"
            if arg != "--debug":
                break
        return super().main(args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the edge: every crash becomes exit 2
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                raise  # a closed pipe (`| head`): click exits quietly
            if ctx.meta.get(_DEBUG_KEY):
                import traceback  # here: every run would pay for its import (the pre-commit budget)

                traceback.print_exc()
            else:
                first = (str(exc).strip().splitlines() or [""])[0]
                click.echo(f"ordercheck: internal error: {type(exc).__name__}{': ' + first if first else ''} "
                           "(a bug in ordercheck, not a finding; rerun with --debug to see the traceback)", err=True)
            ctx.exit(ERROR)


def _set_debug(ctx: click.Context, param, value: bool) -> None:
    if value:
        ctx.meta[_DEBUG_KEY] = True


def _check_output(ctx, param, value: str | None) -> str | None:
    """Fail before any work when the report could not be written."""
    if value == "":  # (round 43: `--output ''` wrote to stdout, as if the option were not given)
        raise InputError("--output is empty; give a file name, or leave the option out for stdout")
    if value:
        folder = os.path.dirname(value)
        if os.path.isdir(value):
            raise InputError(f"--output {value} is a folder; give a file name")
        if folder and not os.path.isdir(folder):
            raise InputError(f"--output {value}: folder `{folder}` does not exist")
    return value


def _style(color: str, stream, to_file: bool = False) -> report.Style:
    if color == "always":
        return report.ansi
    if color == "never" or to_file or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return report.plain
    return report.ansi if stream.isatty() else report.plain


def _emit(text: str, output: str | None) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise InputError(f"cannot write --output {output}: {exc.strerror or exc}") from None
    else:
        click.echo(text, nl=False, color=True)  # styled or not by --color already


def _diagnose(errors: list[ConfigError], color: str = "auto") -> None:
    """Configuration errors are diagnostics: stderr, whatever the report's format."""
    if errors:
        click.echo(report.errors_text(errors, _style(color, sys.stderr)), err=True, nl=False, color=True)


def _fail(error: ConfigError) -> NoReturn:
    _diagnose([error])
    exit_with(ERROR)


def _config() -> Config:
    config = load_config(Path.cwd())
    if isinstance(config, ConfigError):
        _fail(config)
    return config


def _sources(config: Config, rule_paths, packs, root) -> tuple[list[str], list[str], str]:
    """Command-line rules/packs replace the configuration's; --root overrides its root."""
    rule_paths, packs, root = quick.sources(config, rule_paths, packs, root)
    if not os.path.isdir(root):
        raise InputError(f"--root {root}: no such folder")
    return rule_paths, packs, root


def _revision(ctx, param, value: str | None) -> str | None:
    """A --base / --head revision, never blank: `--base "$BASE"` with BASE unset in CI gives ``,
    which a truthiness test read as no --base, a silent full check (round 43: `check --base ''`
    reported the base's findings as new, exit 1; `diff --head ''` listed the working tree's
    changed files but read the index's copies, exit 0)."""
    if value is not None and not value.strip():
        raise InputError(f"--{param.name} is empty: give a git revision")
    return value


def _existing(files: tuple[str, ...], root: str) -> list[str] | None:
    """FILES as given (relative to the working directory or the root); each must exist."""
    for f in files:
        if not (os.path.exists(f) or os.path.exists(os.path.join(root, f))):
            raise InputError(f"FILES: `{f}` does not exist")
    return list(files) if files else None


@click.group(cls=_Ordercheck, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="ordercheck")
@click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
              help="On an internal error, show the traceback (any command takes --debug too).")
@click.option("--runtime", "runtime_alias", is_flag=True, expose_value=False,
              help="Run a program with its decisions probed: `ordercheck --runtime [OPTIONS] -- CMD [ARGS...]` "
                   "is the `runtime` command.")
def main() -> None:
    """Find execution-order regressions in first-match dispatch chains.

    \b
    ordercheck check --pack vllm --root ~/src/vllm
    ordercheck check --rules rules/ --root . [FILES...]
    ordercheck explain PATH::Class.method --root .
    ordercheck diff --base origin/main
    ordercheck test --pack vllm
    ordercheck rules --pack vllm
    ordercheck mutate --pack vllm --root ~/src/vllm
    ordercheck --runtime --pack vllm -- CMD [ARGS...]

    Options not given on the command line come from [tool.ordercheck] in the nearest
    pyproject.toml (rules, packs, root, include, exclude, select, ignore).

    Exit codes: 0 clean, 1 findings, 2 usage / configuration / input error or a crash.
    Reports go to stdout (or --output), diagnostics to stderr.
    """


_RULES = click.option("--rules", "rule_paths", multiple=True, metavar="PATH", help="Rule file or folder of *.toml files (repeatable).")
_PACK = click.option("--pack", "packs", multiple=True, metavar="NAME",
                     help="A rule pack installed with ordercheck, by name, e.g. `vllm` (repeatable); paths go to --rules.")
_ROOT = click.option("--root", default=None, metavar="DIR", help="Root that target paths are relative to [default: config or .].")
_OUTPUT = click.option("--output", metavar="FILE", callback=_check_output, help="Write the report to FILE instead of stdout.")
_SELECT = click.option("--select", multiple=True, metavar="GLOB",
                       help="Only rules whose id matches (repeatable; `vllm/tp-only-*`; a pack's prefix may be left out).")
_IGNORE = click.option("--ignore", multiple=True, metavar="GLOB", help="Leave out rules whose id matches (repeatable).")
_QUIET = click.option("--quiet", "-q", is_flag=True, help="Print findings and errors only: no summary, nothing when clean.")
_EXIT_ZERO = click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (errors still exit 2).")
_COLOR = click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                      help="Colors in text output; auto: on a terminal, unless NO_COLOR is set.")
_DEBUG = click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
                      help="On an internal error, show the traceback.")


@main.command("check")
@_RULES
@_PACK
@_ROOT
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text", show_default=True,
              help="text for people; json (schema ordercheck.check/1); sarif 2.1.0 for code scanning; github workflow annotations.")
@_OUTPUT
@click.option("--base", metavar="REV", callback=_revision,
              help="Report only findings the base revision does not have (for pull requests).")
@_SELECT
@_IGNORE
@_QUIET
@_EXIT_ZERO
@_COLOR
@click.option("--no-cache", is_flag=True, help="Neither read nor write .ordercheck_cache/ (under the root): the rules' "
                                               "targets (a run on files none targets skips the rules) and the tree searches.")
@_DEBUG
@click.argument("files", nargs=-1)
def check_command(rule_paths, packs, root, fmt, output, base, select, ignore, quiet, exit_zero, color, no_cache, files) -> None:
    """Check the rules' targets; with FILES, only rules whose target is among them (or under a
    folder among them).

    A pack is a name (`--pack vllm`), never a path, so a folder called `vllm/` in a checkout
    cannot be mistaken for it. Unbound atoms are universally quantified: a rule holds only if it
    holds for every value of the atoms its facts leave open. `# ordercheck: ignore[RULE]` on the
    line of the branch that fires (or the line before) silences that finding. With --base, each
    new finding also names the changed lines that make its branch fire.

    A run remembers the chosen rules' target paths under the root, keyed by the rule files'
    contents and the options choosing among them; a later run on FILES none of them targets
    answers from that (no rule parsed) and prints what a full run would.
    """
    config = _config()
    rule_paths, packs, root = _sources(config, rule_paths, packs, root)
    selected = _existing(files, root)
    select, ignore = list(select) or config.select, list(ignore) or config.ignore
    args = (rule_paths, packs, root, selected, config.include, config.exclude)
    hidden = None
    if base is not None:
        new = api.run_check_new(*args, base, config.pure_calls, select, ignore)
        result, hidden = new.result, len(new.hidden) if new.compared else None  # (round 43: "0 hidden" of no base read)
    else:
        result = api.run_check(*args, config.pure_calls, select, ignore, remembering=not no_cache)
    _diagnose(result.errors, color)
    if fmt == "text":
        text = report.check_text(result, _style(color, sys.stdout, bool(output)), quiet, hidden)
    elif fmt == "json":
        text = report.check_json(result, hidden)
    elif fmt == "sarif":
        text = report_ci.check_sarif(result)
    else:
        text = report_ci.check_github(result, hidden)
    _emit(text, output)
    exit_with(result.exit_code, exit_zero)


@main.command("explain")
@click.argument("target")
@_ROOT
@_RULES
@_PACK
@click.option("--pure-calls", "pure_calls", multiple=True, metavar="PATTERN",
              help="A call that changes nothing the decision reads (glob, repeatable); rules from --rules/--pack on the same file bring theirs.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "mermaid", "dot"]), default="text", show_default=True,
              help="A table; JSON (schema ordercheck.explain/1); a Mermaid flowchart (renders on GitHub); Graphviz dot.")
@_OUTPUT
@_COLOR
@_DEBUG
def explain_command(target, root, rule_paths, packs, pure_calls, fmt, output, color) -> None:
    """Show the decision chain of TARGET (PATH::Qualname or PATH::Qualname:variable).

    Calls are assumed to change what they may change unless declared pure: in the configuration's
    `pure-calls`, with --pure-calls, or by the rules of --rules/--pack that target the same file
    (so `explain --pack vllm` models a file as `check --pack vllm` does)."""
    config = _config()
    root = root or config.root or "."
    if not os.path.isdir(root):
        raise InputError(f"--root {root}: no such folder")
    loaded, errors = api.load_rules(list(rule_paths), list(packs)) if (rule_paths or packs) else ([], [])
    if errors:
        _diagnose(errors, color)
        exit_with(ERROR)
    explanation = api.explain(target, root, api.Options(tuple(dict.fromkeys((*config.pure_calls, *pure_calls)))), loaded)
    if isinstance(explanation, ConfigError):
        _fail(explanation)
    model, shadowed = explanation.model, explanation.shadowed
    if fmt == "json":
        text = report.explain_json(model, explanation.atoms, shadowed)
    elif fmt == "mermaid":
        text = report.explain_mermaid(model, shadowed)
    elif fmt == "dot":
        text = report.explain_dot(model, shadowed)
    else:
        text = report.explain_text(model, len(explanation.atoms), shadowed, _style(color, sys.stdout, bool(output)))
    _emit(text, output)
    exit_with(CLEAN)


@main.command("diff")
@click.option("--base", metavar="REV", callback=_revision, help="The old revision (git); without it, give OLD_ROOT NEW_ROOT.")
@click.option("--head", metavar="REV", callback=_revision, help="The new revision [default: the working tree].")
@_RULES
@_PACK
@_ROOT
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text", show_default=True,
              help="text; json (schema ordercheck.diff/1); sarif 2.1.0 (a warning per changed region); github annotations.")
@_OUTPUT
@_QUIET
@_EXIT_ZERO
@_COLOR
@_DEBUG
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes [default: one per CPU].")
@click.option("--no-cache", is_flag=True, help="Neither read nor write .ordercheck_cache/diff/ (under the root, or NEW_ROOT).")
@click.argument("args", nargs=-1)
def diff_command(base, head, rule_paths, packs, root, fmt, output, quiet, exit_zero, color, jobs, no_cache, args) -> None:
    """Which configurations change path between two versions, exactly, with no rule needed.

    \b
    ordercheck diff --base origin/main [--head REV] [PATHS...]
    ordercheck diff OLD_ROOT NEW_ROOT [PATHS...]      # e.g. two extracted releases

    Targets: every rule target (from --rules/--pack or the configuration) and every decision
    function in the Python files that differ. A file whose syntax tree did not change (a
    reformat, comments), and whose models read no file that did, is not modelled. Files are
    compared in worker processes, and each answer is cached in .ordercheck_cache/diff/ with the
    hashes of every file it read (reused only when all are unchanged). A decision that changed
    and cannot be compared exactly (no model, or past the decision-diagram budget: 1,000,000
    nodes for a rule's target, 250,000 for a decision found in a changed file) is listed as
    "not compared" with the reason. Exit 0: nothing changes path; 1: some configurations do, or
    a decision was not compared; 2: an error (a rule's target vanished, a bad revision,
    unparsable source).
    """
    config = _config()
    if not rule_paths and not packs:
        rule_paths, packs = config.rules, config.packs
    if base is not None:
        root = root or config.root or "."
        if not os.path.isdir(root):
            raise InputError(f"--root {root}: no such folder")
        with _StageBar() as bar:
            result = api.run_diff(base, head, rule_paths, packs, root, list(args), progress=bar, use_cache=not no_cache, jobs=jobs)
    else:
        if head is not None:
            raise InputError("--head needs --base (two folders are compared as they are)")
        if len(args) < 2:
            raise InputError("give --base REV, or two folders: OLD_ROOT NEW_ROOT [PATHS...]")
        missing = [a for a in args[:2] if not os.path.isdir(a)]
        if missing:
            raise InputError(f"{missing[0]}: no such folder (give --base REV, or two folders: OLD_ROOT NEW_ROOT [PATHS...])")
        with _StageBar() as bar:
            result = api.run_diff(None, None, rule_paths, packs, args[1], list(args[2:]), old_root=args[0], new_root=args[1],
                                  progress=bar, use_cache=not no_cache, jobs=jobs)
    _diagnose(result.errors, color)
    if fmt == "text":
        text = report_diff.diff_text(result, _style(color, sys.stdout, bool(output)), quiet)
    else:
        text = {"json": report_diff.diff_json, "sarif": report_diff.diff_sarif, "github": report_diff.diff_github}[fmt](result)
    _emit(text, output)
    exit_with(result.exit_code, exit_zero)


@main.command("test")
@_RULES
@_PACK
@_SELECT
@_IGNORE
@_OUTPUT
@_QUIET
@_COLOR
@_DEBUG
@click.argument("more_rules", nargs=-1, metavar="[RULES]...")
def test_command(rule_paths, packs, select, ignore, output, quiet, color, more_rules) -> None:
    """Run the examples that rules carry: each must get the verdict it states.

    Rules come from --rules / --pack as for `check` (RULES... are more rule paths), else from
    the configuration. Exit 1 when an example gets another verdict, 2 when a rule file is invalid.
    """
    config = _config()
    rule_paths = list(rule_paths) + list(more_rules)
    if not rule_paths and not packs:
        rule_paths, packs = config.rules, config.packs
    loaded, errors = api.load_rules(list(rule_paths), list(packs))
    if not rule_paths and not packs:
        errors.append(ConfigError(None, "no rules named: pass --rules PATH or --pack NAME"))
    select, ignore = list(select) or config.select, list(ignore) or config.ignore
    rules, problems = api.select_ids(loaded, select, ignore)
    errors += problems
    _diagnose(errors, color)
    results = selftest.run_examples(rules)
    _emit(selftest.report(results, rules, _style(color, sys.stdout, bool(output)), quiet), output)
    exit_with(exit_code(bool(errors), any(not r.ok for r in results)))


@main.command("discover")
@click.argument("paths", nargs=-1)
@_ROOT
@click.option("--suggest", "suggest_target", metavar="PATH::TARGET",
              help="Write a starter rule file for one target (a rule per reachable branch, the fewest facts that reach it).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="How many candidates to show.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table; JSON (schema ordercheck.discover/1).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes [default: one per CPU].")
@click.option("--no-cache", is_flag=True, help="Neither read nor write .ordercheck_cache/ under the root.")
@_OUTPUT
@_DEBUG
def discover_command(paths, root, suggest_target, limit, fmt, jobs, no_cache, output) -> None:
    """Find decisions worth rules under PATHS (default: the root), best first.

    Finds functions that return one of several constants (decisions), build and return a
    candidate list (priority lists), return the first candidate a check accepts (first-supported
    loops), `if/elif` chains that assign one variable (assignment chains) and boolean decision
    variables; ranks them by branches, atoms their tests read, and call sites across the tree.
    Reads each file with `ast` only; what each file gave is cached by content hash in
    .ordercheck_cache/ under the root (safe under concurrent runs; --no-cache to skip it)."""
    config = _config()
    root = root or config.root or "."
    if not os.path.isdir(root):
        raise InputError(f"--root {root}: no such folder")
    if suggest_target:
        text = api.suggest_rules(suggest_target, root, api.Options(tuple(config.pure_calls)))
        if isinstance(text, ConfigError):
            _fail(text)
        _emit(text, output)
        exit_with(CLEAN)
    from . import survey as survey_module

    for p in paths:
        if not os.path.exists(os.path.join(root, p)):
            raise InputError(f"PATHS: `{p}` does not exist under {root}")
        if not Path(root, p).resolve().is_relative_to(Path(root).resolve()):  # (an internal error: round 15)
            raise InputError(f"PATHS: `{p}` is outside the root {root}: give --root a folder that holds it")
    files = survey_module.python_files(Path(root), list(paths))
    show = sys.stderr.isatty() and len(files) > 200
    with click.progressbar(length=len(files), label="scanning", file=sys.stderr) if show else _NoBar() as bar:
        found = survey_module.survey(root, list(paths), jobs, not no_cache, progress=bar.update)
    render = report.discover_json if fmt == "json" else report.discover_text
    _emit(render(found.candidates, found.files, found.cached, found.unreadable, limit), output)
    exit_with(CLEAN)


class _StageBar:
    """A progress bar on stderr per stage of a long run (`reading` 120 files, `comparing` 900
    targets), shown only on a terminal and past `_BAR_AFTER` steps; a callable `(stage, done, total)`."""

    def __init__(self) -> None:
        self.stage, self.bar, self.shown = "", None, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self._close()
            self.stage = stage
            if total > _BAR_AFTER and sys.stderr.isatty():
                self.bar = click.progressbar(length=total, label=stage, file=sys.stderr)
                self.bar.__enter__()
            self.shown = 0
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def _close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> "_StageBar":
        return self

    def __exit__(self, *exc) -> None:
        self._close()


_BAR_AFTER = 50


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n: int) -> None:
        pass


@main.command("rules")
@_RULES
@_PACK
@_SELECT
@_IGNORE
@_OUTPUT
@_QUIET
@_DEBUG
def rules_command(rule_paths, packs, select, ignore, output, quiet) -> None:
    """List rules (id, severity, target, message), the built-in rules and the installed packs.

    Rules come from --rules / --pack, else from the configuration; with neither, only the
    built-in rules and the installed packs are listed.
    """
    config = _config()
    if not rule_paths and not packs:
        rule_paths, packs = config.rules, config.packs
    loaded, errors = api.load_rules(list(rule_paths), list(packs))
    select, ignore = list(select) or config.select, list(ignore) or config.ignore
    rules, problems = api.select_ids(loaded, select, ignore)
    builtins = [i for i in api.BUILTIN_RULE_IDS if api.is_selected(i, select, ignore)]
    _diagnose(errors + problems)
    _emit(report.rules_text(rules, api.pack_sizes(), builtins, quiet), output)
    exit_with(exit_code(bool(errors or problems), findings=False))


def _score(ctx, param, value: float | None) -> float | None:
    if value is not None and not 0 <= value <= 100:
        raise click.BadParameter("a percentage from 0 to 100")
    return value


def _operators(ctx, param, names: tuple[str, ...]) -> tuple[str, ...]:
    """Known operator names; checked here, not by click.Choice, so that `--help` does not import libcst."""
    if names:
        from .mutate import OPERATORS

        unknown = [n for n in names if n not in OPERATORS]
        if unknown:
            raise click.BadParameter(f"{', '.join(unknown)} is not an operator; operators: {', '.join(OPERATORS)}")
    return names


@main.command("mutate")
@_RULES
@_PACK
@_ROOT
@_SELECT
@_IGNORE
@click.option("--operator", "operators", multiple=True, callback=_operators, metavar="NAME",
              help="Only this mutation operator (repeatable), e.g. swap-members; an unknown name lists them all.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json (schema ordercheck.mutate/1).")
@_OUTPUT
@click.option("--fail-under", type=float, callback=_score, metavar="PERCENT",
              help="Exit 1 when the mutation score (caught / path-changing) is below PERCENT.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the mutants that ask for a look (survived, benign-flagged).")
@_COLOR
@_DEBUG
def mutate_command(rule_paths, packs, root, select, ignore, operators, fmt, output, fail_under, quiet, color) -> None:
    """Mutation-test the rules: edit each rule's target (and the same-file helpers it reads) the
    way regressions do, one edit at a time, in memory, and report which edits the rules catch.

    \b
    ordercheck mutate --pack vllm --root ~/src/vllm [--select GLOB] [--operator NAME]

    Each mutant is judged twice: by `diff` (does some configuration now take another path?) and
    by the rules on the targets that read the edited function (does one now fail, or go stale?).
    Verdicts: caught, caught-stale (a rule became a configuration error), survived (a path
    changed, no rule noticed), benign (no path changed, no rule fired), benign-flagged (no path
    changed but a rule fired: a false alarm), unmodeled (diff cannot say: opaque code). The score
    is caught (with caught-stale) over path-changing mutants. --quiet: survivors and false alarms
    only. Exit 0, or 1 below --fail-under, or 2 on a configuration error.
    """
    from . import mutation, report_mutate

    config = _config()
    rule_paths, packs, root = _sources(config, rule_paths, packs, root)
    select, ignore = list(select) or config.select, list(ignore) or config.ignore
    progress = None
    if sys.stderr.isatty():  # minutes on a real tree: say where it is, on a terminal only
        def progress(where: str) -> None:
            click.echo(f"\rmutate {where[-70:]:<70}", err=True, nl=False)
    result = mutation.run_mutate(rule_paths, packs, root, select, ignore, list(operators), config.pure_calls, progress)
    if progress:
        click.echo("\r" + " " * 79 + "\r", err=True, nl=False)
    _diagnose(result.errors, color)
    fraction = None if fail_under is None else fail_under / 100
    if fmt == "json":
        text = report_mutate.mutate_json(result, fraction)
    else:
        text = report_mutate.mutate_text(result, _style(color, sys.stdout, bool(output)), quiet)
    _emit(text, output)
    exit_with(result.exit_code(fraction))


_RUNTIME_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
_EFFECTS = click.option("--effects", "effect_paths", multiple=True, type=click.Path(dir_okay=False),
                        help="Effect table: the physical effect each outcome must have (repeatable; packs bring theirs).")
_REQUIRE_OBSERVED = click.option("--require-observed", is_flag=True, help="Exit 1 when a target was never observed.")


def _kernel_options(function):
    shared, routed = DEFAULT_CLASSES
    for option in reversed([
        click.option("--shared-ranges", default=shared.range_pattern, show_default=True, metavar="REGEX", help="record_function ranges of the shared experts (eager)."),
        click.option("--routed-ranges", default=routed.range_pattern, show_default=True, metavar="REGEX", help="record_function ranges of the routed experts (eager)."),
        click.option("--shared-kernels", default=shared.kernel_pattern, show_default=True, metavar="REGEX", help="Kernel names of the shared experts (graph replays carry no ranges)."),
        click.option("--routed-kernels", default=routed.kernel_pattern, show_default=True, metavar="REGEX",
                     help="Kernel names of the routed path; by default every kernel that is not a shared expert's."),
    ]):
        function = option(function)
    return function


def _runtime_report(result, fmt: str, output: str | None, command: bool) -> None:
    """The runtime report (and `combine`'s): to --output, else to stdout, except when COMMAND ran:
    its stdout is ours and stays its own, so the report goes to stderr. Configuration errors are
    diagnostics on stderr, as for every command; the JSON report carries them too."""
    from .runtime import report as runtime_report

    _diagnose(result.errors)
    text = runtime_report.runtime_json(result) if fmt == "json" else runtime_report.runtime_text(result)
    if not output and command and result.command_exit is not None:
        click.echo(text, err=True, nl=False)
    else:
        _emit(text, output)
    exit_with(result.exit_code)


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

    COMMAND's stdin, stdout, stderr and exit status pass through untouched. The report goes to
    --output FILE; without it, to stderr, because stdout is COMMAND's and a report there would mix
    with its output; when COMMAND did not run (a configuration error), to stdout, as every other
    command writes its report. Configuration errors are diagnostics on stderr. Exit: COMMAND's own
    status if it failed, else 1 on a violation, a call the static model does not predict, CUDA
    evidence that contradicts the outcome, or (--require-observed) a target never observed, else
    0; 2 on a configuration error (COMMAND is then not run).
    """
    from .runtime.session import RuntimeOptions, run_runtime

    config = _config()
    rule_paths, packs, root = _sources(config, rule_paths, packs, root)
    classes = kernel_classes(shared_ranges, routed_ranges, shared_kernels, routed_kernels)
    options = RuntimeOptions(list(command), rule_paths, packs, root, list(targets), data_dir, cuda_evidence, cuda_warmup,
                             cuda_window, classes, list(effect_paths), keep_data, require_observed)
    _runtime_report(run_runtime(options), fmt, output, command=True)


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
    or launcher saw but that has no records is named in the report. The report goes to stdout (or
    --output), configuration errors to stderr.
    """
    from .runtime.session import RuntimeOptions, combine

    classes = kernel_classes(shared_ranges, routed_ranges, shared_kernels, routed_kernels)
    options = RuntimeOptions([], list(rule_paths), list(packs), root or ".", list(targets), None, False, 0, 0, classes,
                             list(effect_paths), True, require_observed)
    _runtime_report(combine(list(folders), options), fmt, output, command=False)


def entry() -> None:
    """The console script and `python -m ordercheck`."""
    main()


if __name__ == "__main__":  # pragma: no cover
    entry()
