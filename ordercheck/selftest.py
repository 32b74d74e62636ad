"""Rule self-tests: each rule may carry `examples` (a source snippet and the verdict the rule must
reach on it), so a rule that stops matching its target's shape is caught by its own test.

    [[rule.examples]]
    name = "regressed like #35153"
    verdict = "fail"          # pass: no finding; fail: a finding; error: the rule is a config error
    branch_line = 17          # optional, fail only: the line of `source` the finding must name
    source = '''
    class SharedExperts: ...
    '''
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .check import check_rule
from .extract import Options, extract
from .model import ConfigError, Rule, RuleExample


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    example: RuleExample
    number: int
    got: str  # pass | fail | undetermined | error
    detail: str = ""
    lines: tuple[int, ...] = ()  # fail: the line each finding names (see RuleExample.branch_line)

    @property
    def ok(self) -> bool:
        pinned = self.example.branch_line
        return self.got == self.example.verdict and (pinned is None or pinned in self.lines)

    @property
    def label(self) -> str:
        return self.example.name or f"example {self.number}"


def run_examples(rules: list[Rule]) -> list[ExampleResult]:
    """Check every rule against each of its examples, as if the snippet were the target file."""
    results = []
    for rule in rules:
        for number, example in enumerate(rule.examples, 1):
            source = textwrap.dedent(example.source)
            model = extract(source, rule.path, rule.function, options=Options(rule.pure_calls, snippets=True))
            if isinstance(model, ConfigError):
                results.append(ExampleResult(rule, example, number, "error", model.message))
                continue
            findings, error = check_rule(rule, model)
            if error is not None:
                results.append(ExampleResult(rule, example, number, "error", error.message))
            elif findings and all(f.verdict == "undetermined" for f in findings):
                results.append(ExampleResult(rule, example, number, "undetermined", findings[0].detail))
            elif findings:
                fired = [f for f in findings if f.verdict != "undetermined"]
                f = next((f for f in fired if f.location.line == example.branch_line), fired[0])
                detail = f"got {f.actual} at line {f.actual_line}" if f.actual_line else f"{f.title} (line {f.location.line})"
                lines = tuple(f.location.line for f in fired)
                results.append(ExampleResult(rule, example, number, "fail", detail, lines))
            else:
                results.append(ExampleResult(rule, example, number, "pass"))
    return results


def report(results: list[ExampleResult], rules: list[Rule], style=lambda text, role: text, quiet: bool = False) -> str:
    """One line per example (`ok` / `FAIL`) and a summary; `quiet`: the failures only."""
    lines = []
    for r in results:
        if quiet and r.ok:
            continue
        status = style("ok  ", "ok") if r.ok else style("FAIL", "error")
        pinned = f" at line {r.example.branch_line}" if r.example.branch_line else ""
        line = f"{status}  {r.rule.id}: {r.label} (expects {r.example.verdict}{pinned}, got {r.got})"
        if not r.ok and r.detail:
            line += f": {r.detail}"
        lines.append(line + f"  [{r.rule.location.path}:{r.rule.location.line}]")
    if quiet:
        return "".join(f"{line}\n" for line in lines)
    without = [rule.id for rule in rules if not rule.examples]
    failed = sum(1 for r in results if not r.ok)
    summary = f"{len(results)} examples: {len(results) - failed} passed, {failed} failed"
    if without:
        summary += f"; {len(without)} rule{'s' if len(without) != 1 else ''} without examples: {', '.join(without)}"
    return "\n".join(lines + [summary]) + "\n"
