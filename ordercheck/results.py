"""What `check` returns, and how a finding is known across versions: light enough for the command
line to report an empty run without importing the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from .exit_codes import exit_code
from .model import ConfigError, DecisionModel, Finding, Rule

SHADOWED_RULE = "ordercheck/shadowed-branch"


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)
    models: dict[str, DecisionModel] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)

    @property
    def files(self) -> set[str]:
        return {m.path for m in self.models.values()}

    @property
    def exit_code(self) -> int:
        return exit_code(bool(self.errors), any(f.severity == "error" for f in self.findings))


def finding_key(f: Finding) -> tuple:
    """What identifies a finding across versions: not its line, which moves with every edit."""
    return (f.rule_id, f.location.path, f.target, f.actual or "", f.expected or "", f.detail.split(";")[0])


__all__ = ["CheckResult", "SHADOWED_RULE", "finding_key"]
