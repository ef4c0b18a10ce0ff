"""`make bench`: run every benchmark script in this folder, one after the other.

Each script measures ctools against its peers in the same run and prints ratios; nothing
here asserts a time (machines are noisy), the numbers are for people to read.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        failed |= subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
