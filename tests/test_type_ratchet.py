"""mypy as a ratchet: the number of type errors in src/ may fall, never rise.

The ceiling lives in tests/mypy_ceiling.txt. When you fix errors, lower it to the
new count in the same commit so that they stay fixed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CEILING_FILE = Path(__file__).with_name("mypy_ceiling.txt")


def test_mypy_errors_do_not_exceed_the_ceiling(tmp_path):
    ceiling = int(CEILING_FILE.read_text().strip())
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "mypy-cache"), str(ROOT / "src" / "prepdeck")],
        capture_output=True, text=True, cwd=ROOT, timeout=240,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    found = re.search(r"Found (\d+) errors?", summary)
    if found is None:
        # mypy itself failed (a crash, a bad config): that is not a pass.
        assert "Success" in summary, result.stdout + result.stderr
        count = 0
    else:
        count = int(found.group(1))
    assert count <= ceiling, (
        f"mypy reports {count} errors, above the ceiling of {ceiling}; the new ones:\n" + result.stdout[-4000:])
