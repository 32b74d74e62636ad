"""The one exit-code policy of every command and every result type.

0: clean. 1: findings (CI reads 1 as "the code violates a rule"). 2: a configuration, usage or
input error, or a crash: nothing was checked for what it concerns, so it wins over findings and is
never reported as 1 (or, under `--exit-zero`, as 0).
"""

from __future__ import annotations

CLEAN, FINDINGS, ERROR = 0, 1, 2


def exit_code(errors: bool, findings: bool, command_status: int = 0) -> int:
    """The exit code of a run: ERROR when it had errors; else the failing status of the command it
    ran (`ordercheck --runtime`), a death by signal N (status -N) as 128 + N as a shell reports
    it; else FINDINGS when it found something; else CLEAN."""
    if errors:
        return ERROR
    if command_status:
        return command_status if command_status > 0 else 128 - command_status
    return FINDINGS if findings else CLEAN


def process_exit(code: int, exit_zero: bool = False) -> int:
    """What the process exits with: `--exit-zero` turns FINDINGS into CLEAN; errors stay ERROR."""
    return CLEAN if exit_zero and code == FINDINGS else code
