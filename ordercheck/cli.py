"""`ordercheck` on the command line: parse options, call the library, choose the exit code.

Exit codes: 0 nothing found, 1 findings (errors), 2 usage, configuration or input error.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__, api, report


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


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="ordercheck")
def main() -> None:
    """Find execution-order regressions in first-match dispatch chains.

    \b
    ordercheck check --pack vllm --root ~/src/vllm
    ordercheck check --rules rules/ --root . [FILES...]
    ordercheck explain PATH::Class.method --root .

    Exit codes: 0 clean, 1 findings, 2 usage / configuration / input error.
    """


@main.command("check")
@click.option("--rules", "rule_paths", multiple=True, metavar="PATH", help="Rule file or folder of *.toml files (repeatable).")
@click.option("--pack", "packs", multiple=True, metavar="NAME", help="A rule pack installed with ordercheck, e.g. `vllm` (repeatable).")
@click.option("--root", default=".", show_default=True, type=click.Path(file_okay=False), help="Root that rule target paths are relative to.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.argument("files", nargs=-1, type=click.Path())
def check_command(rule_paths, packs, root, fmt, output, files) -> None:
    """Check the rules' targets; with FILES, only rules whose target is among them.

    A pack is a name (`--pack vllm`), never a path, so a folder called `vllm/` in a checkout
    cannot be mistaken for it. Unbound atoms are universally quantified: a rule holds only if it
    holds for every value of the atoms its facts leave open.
    """
    if not os.path.isdir(root):
        raise click.UsageError(f"--root {root}: no such folder")
    result = api.run_check(rule_paths, packs, root, list(files) if files else None)
    text = report.check_json(result) if fmt == "json" else report.check_text(result, _style_for(output))
    _emit(text, output)
    sys.exit(result.exit_code)


@main.command("explain")
@click.argument("target")
@click.option("--root", default=".", show_default=True, type=click.Path(file_okay=False), help="Root that TARGET's path is relative to.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "mermaid"]), default="text", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
def explain_command(target, root, fmt, output) -> None:
    """Show the decision chain of TARGET (PATH::Qualname or PATH::Qualname:variable)."""
    explanation = api.explain(target, root)
    if isinstance(explanation, api.ConfigError):
        click.echo(report.error_text(explanation), err=True, nl=False)
        sys.exit(2)
    model, shadowed = explanation.model, explanation.shadowed
    if fmt == "json":
        import json

        data = {"schema": report.EXPLAIN_SCHEMA, **report.explain_dict(model, explanation.atoms, shadowed)}
        text = json.dumps(data, indent=2) + "\n"
    elif fmt == "mermaid":
        text = report.explain_mermaid(model, shadowed)
    else:
        text = report.explain_text(model, len(explanation.atoms), shadowed, _style_for(output))
    _emit(text, output)
    sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
