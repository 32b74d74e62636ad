"""The one exit-code policy (`ordercheck.exit_codes`), and every result type that follows it."""

import pytest

from ordercheck.check import CheckResult
from ordercheck.diff import DiffResult, Uncompared
from ordercheck.exit_codes import exit_code, process_exit
from ordercheck.model import ConfigError, Finding, Location
from ordercheck.runtime.reconcile import Reconciliation
from ordercheck.runtime.session import RuntimeResult

ERROR = ConfigError(Location("r.toml", 3), "fact `x` binds no atom")
AT = Location("mod.py", 4)


@pytest.mark.parametrize("errors, findings, code", [(False, False, 0), (False, True, 1), (True, False, 2), (True, True, 2)])
def test_errors_win_over_findings_and_findings_over_clean(errors, findings, code):
    assert exit_code(errors, findings) == code


def test_a_failed_command_passes_its_status_through_unless_there_are_errors():
    assert exit_code(False, True, command_status=3) == 3
    assert exit_code(False, False, command_status=-9) == 137  # killed by SIGKILL, as a shell says it
    assert exit_code(True, False, command_status=3) == 2


def test_exit_zero_clears_findings_and_never_errors():
    assert [process_exit(code, exit_zero=True) for code in (0, 1, 2)] == [0, 0, 2]
    assert [process_exit(code) for code in (0, 1, 2)] == [0, 1, 2]


def test_check_fails_on_error_findings_only_and_on_any_configuration_error():
    warning = Finding("r", "warning", AT, "t")
    error = Finding("r", "error", AT, "t")
    assert CheckResult(findings=[warning]).exit_code == 0
    assert CheckResult(findings=[warning, error]).exit_code == 1
    assert CheckResult(findings=[error], errors=[ERROR]).exit_code == 2


def test_diff_fails_on_a_function_it_could_not_compare():
    assert DiffResult().exit_code == 0
    assert DiffResult(uncompared=[Uncompared("mod.py", "pick", 1, "cannot model it")]).exit_code == 1
    assert DiffResult(uncompared=[Uncompared("mod.py", "pick", 1, "x")], errors=[ERROR]).exit_code == 2


def test_runtime_reports_the_command_s_failure_before_its_findings():
    assert RuntimeResult(reconciliation=Reconciliation()).exit_code == 0
    assert RuntimeResult(never_observed=["mod.py::pick"]).exit_code == 0
    assert RuntimeResult(never_observed=["mod.py::pick"], require_observed=True).exit_code == 1
    assert RuntimeResult(command_exit=-15, never_observed=["mod.py::pick"], require_observed=True).exit_code == 143
    assert RuntimeResult(errors=[ERROR], command_exit=1).exit_code == 2
