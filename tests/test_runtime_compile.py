"""A decision inside a torch.compile'd function: recorded when Dynamo traces it, counted once per
call of the compiled function, with Dynamo's counters unchanged by the probe."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="torch is not installed (CI runs without it; `pip install torch==2.13.0` runs this)")

FIXTURES = Path(__file__).parent / "fixtures" / "runtime"
EXAMPLE = Path(__file__).parent.parent / "examples" / "moe_decode"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    report = tmp_path_factory.mktemp("compile") / "report.json"
    plain = subprocess.run([sys.executable, "compiled.py", "regressed", "--steps", "7"], cwd=FIXTURES,
                           capture_output=True, text=True, timeout=300)
    probed = subprocess.run([sys.executable, "-m", "ordercheck.cli", "--runtime", "--rules", str(EXAMPLE / "rules"),
                             "--root", str(EXAMPLE / "regressed"), "--format", "json", "--output", str(report), "--",
                             sys.executable, "compiled.py", "regressed", "--steps", "7"],
                            cwd=FIXTURES, capture_output=True, text=True, timeout=300)
    return plain, probed, json.loads(report.read_text())


def test_dynamo_counters_and_results_are_the_same_with_and_without_the_probe(runs):
    plain, probed, _ = runs
    assert plain.returncode == 0, plain.stderr
    assert json.loads(probed.stdout) == json.loads(plain.stdout) == {
        "unique_graphs": 1, "graph_breaks": 0, "frames_ok": 1, "frames_total": 1, "result": 24.0}


def test_the_traced_decision_counts_once_per_call_of_the_compiled_function(runs):
    _, _, data = runs
    (o,) = data["observations"]
    assert (o["outcome"], o["count"]) == ("SharedExpertsOrder.NO_OVERLAP", 14)
    assert o["compiled"] == {"name": "main.<locals>.step", "calls": 7, "traces": 2, "graphs": 1, "per_call": True}
    assert o["not_read"]["hidden_states.shape[0]"] == "traced by torch.compile"


def test_a_traced_violation_is_reported(runs):
    probed_exit = runs[1].returncode
    (v,) = runs[2]["violations"]
    assert probed_exit == 1 and (v["rule"], v["count"]) == ("tp-only-decode-overlaps", 14)
