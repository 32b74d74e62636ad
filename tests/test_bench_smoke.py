"""The speed bench's smoke version runs to the end and prints its table (no timing is asserted:
the numbers belong in bench/RESULTS.md, from a full run)."""

import re
import subprocess
import sys
from pathlib import Path

SPEED = Path(__file__).resolve().parent.parent / "bench" / "speed.py"


def test_quick_bench_without_anchors_prints_a_row_for_every_ordercheck_case(tmp_path):
    done = subprocess.run([sys.executable, str(SPEED), "--quick", "--no-anchors", "--keep", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert any(re.match(r"case\s+command\s+cpu s\s+wall s\s+peak MB", line) for line in lines), done.stdout
    for case in ("pre-commit, untargeted file", "pre-commit, targeted file", "diff, early branch added",
                 "check, 50-branch chain"):
        row = next((line for line in lines if line.startswith(case)), None)
        assert row is not None, f"no row for {case!r}:\n{done.stdout}"
        # command, median CPU s, median wall s, peak MB, repetitions; no error note after them
        assert re.match(rf"{re.escape(case)}\s+ordercheck (check|diff)\s+\d+\.\d{{3}}\s+\d+\.\d{{3}}\s+\d+\s+2\s*$", row), row
    assert "python -c pass" not in done.stdout  # --no-anchors: ordercheck's commands only
