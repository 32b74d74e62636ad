"""A configuration error has one JSON shape (`report.error_dict`), in every JSON report."""

import json

from ordercheck import schemas
from ordercheck.check import CheckResult
from ordercheck.diff import DiffResult
from ordercheck.model import ConfigError, Location
from ordercheck.report import check_json
from ordercheck.report_diff import diff_json
from ordercheck.runtime.report import runtime_json
from ordercheck.runtime.session import RuntimeResult

STALE = ConfigError(Location("rules.toml", 8, 3), "fact `enable_epl` binds no atom", "tp-only", ("did you mean `enable_eplb`?",))
NOWHERE = ConfigError(None, "no rules named")
SHAPES = [
    {"rule": "tp-only", "path": "rules.toml", "line": 8, "col": 3, "message": "fact `enable_epl` binds no atom",
     "hints": ["did you mean `enable_eplb`?"]},
    {"rule": None, "path": None, "line": None, "col": None, "message": "no rules named", "hints": []},
]


def test_check_json_writes_each_error_in_the_one_shape():
    assert json.loads(check_json(CheckResult(errors=[STALE, NOWHERE])))["errors"] == SHAPES


def test_diff_json_writes_each_error_in_the_one_shape():
    assert json.loads(diff_json(DiffResult(errors=[STALE, NOWHERE])))["errors"] == SHAPES


def test_runtime_json_writes_each_error_in_the_one_shape():
    assert json.loads(runtime_json(RuntimeResult(errors=[STALE, NOWHERE])))["errors"] == SHAPES


def test_the_one_shape_is_the_config_error_schema():
    for shape in SHAPES:
        schemas.validator("config-error").validate(shape)
