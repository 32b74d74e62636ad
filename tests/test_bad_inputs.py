"""The bad-input corpus at small sizes: every input ends with exit 0, 1 or 2, never an internal
error (how long each takes at full size is the bench's business: bench/bad_inputs.py, RESULTS.md)."""

import subprocess
import sys
from pathlib import Path

BAD = Path(__file__).resolve().parent.parent / "bench" / "bad_inputs.py"


def test_every_bad_input_gets_an_answer_or_a_clear_error(tmp_path):
    done = subprocess.run([sys.executable, str(BAD), "--quick", "--limit", "600", "--keep", str(tmp_path)],
                          capture_output=True, text=True, timeout=900)
    rows = [line for line in done.stdout.splitlines() if line.rstrip().endswith(("yes", "NO")) or "  yes  " in line or "  NO   " in line]
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert len(rows) >= 16, done.stdout
    assert "INTERNAL ERROR" not in done.stdout
    # the inputs that are not Python are errors that name the file, not crashes
    for name in ("syntax error", "not UTF-8", "NUL byte"):
        row = next(line for line in rows if line.startswith(name))
        assert " 2 " in row and "config error" in row, row
