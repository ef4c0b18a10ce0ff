"""Cost budgets of issue 12 item 11: every command on hostile shapes, in seconds per MB.

The budget is about 1 s per MB plus start-up for any input, or a refusal with a message
(exit 2: a document with more heading lines than its size allows, see ``io.py``).
Each shape is generated at two sizes; the script prints each command's CPU seconds, its
seconds per MB above start-up, and the growth factor when the input doubles (about 2 is
linear, about 4 is quadratic). Peers in the same run: ``ctools --version`` (start-up) and
``ctools tree`` on ordinary prose of the same size (the parser's own pace). Nothing here is
asserted: machines are noisy, the numbers are for people to read.

Run ``.venv/bin/python bench/bench_budgets.py [--quick] [--only SHAPE]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def emphasis(scale: int) -> str:
    return "# T\n\n" + "*a **a " * (25_000 * scale // 4) + "\n"


def wide_table(scale: int) -> str:
    cols = 20_000 * scale // 4
    head = "|" + "|".join(f"c{i}" for i in range(cols)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(cols)) + "|\n"
    return "# T\n\n" + head + rule + ("|" + "|".join("x" for _ in range(cols)) + "|\n") * 3


def headings(scale: int) -> str:
    return "".join(f"## H{i}\n\n" for i in range(100_000 * scale // 4))


def headings_at_budget(scale: int) -> str:
    return "".join(f"## H{i}\n\n" for i in range(9_000 * scale // 4))


def numbered_headings(scale: int) -> str:
    return "".join(
        f"### {i}.{i % 7}. Title {i}\n\ntext {i}\n\n" for i in range(50_000 * scale // 4)
    )


def brackets(scale: int) -> str:
    return "# T\n\n" + "[a](" * (50_000 * scale // 4) + "\n"


def deep_list(scale: int) -> str:
    return "# T\n\n" + "".join("  " * (i % 400) + "- item\n" for i in range(20_000 * scale // 4))


def links(scale: int) -> str:
    return "# T\n\n" + "".join(f"[l{i}](#h{i}) " for i in range(40_000 * scale // 4)) + "\n"


def code_spans(scale: int) -> str:
    return "# T\n\n" + "".join(f"`c{i}` and " for i in range(40_000 * scale // 4)) + "\n"


def images(scale: int) -> str:
    return "# T\n\n" + "".join(f"![i{i}](img/{i}.png) " for i in range(20_000 * scale // 4)) + "\n"


def long_table(scale: int) -> str:
    rows = "".join(f"| {i} | cell {i} | `x` |\n" for i in range(20_000 * scale // 4))
    return "# T\n\n| a | b | c |\n|---|---|---|\n" + rows


def inline_html(scale: int) -> str:
    return "# T\n\n" + "<span>a</span> <b>b</b> " * (20_000 * scale // 4) + "\n"


def formulas(scale: int) -> str:
    return "# T\n\n" + "".join(f"$x_{i}^2$ and " for i in range(20_000 * scale // 4)) + "\n"


def prose(scale: int) -> str:
    chunk = "## Section\n\n" + "Some words here, 42 of them. " * 30 + "\n\n"
    return chunk * (1_000 * scale // 4)


SHAPES: dict[str, Callable[[int], str]] = {
    "emphasis '*a **a '": emphasis,
    "20,000-column table": wide_table,
    "100k headings": headings,
    "9k headings (budget)": headings_at_budget,
    "50k numbered headings": numbered_headings,
    "unclosed links '[a]('": brackets,
    "deep list": deep_list,
    "40k links": links,
    "40k code spans": code_spans,
    "20k images": images,
    "20k-row table": long_table,
    "inline HTML": inline_html,
    "20k formulas": formulas,
    "prose (peer)": prose,
}
COMMANDS: dict[str, list[str]] = {
    "tree": ["tree"],
    "lint": ["lint"],
    "status": ["status"],
    "align": ["align"],
    "fix-encoding": ["fix-encoding", "--check"],
    "html": ["export", "-f", "html", "--out", "out"],
    "latex": ["export", "-f", "latex", "--out", "out"],
    "anki": ["export", "-f", "anki", "--out", "out"],
}


def cpu_seconds(args: list[str], cwd: Path, timeout: float) -> tuple[float, int]:
    """CPU time (user + system) of one ctools run, children included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "CTOOLS_NO_CACHE": "1", "PYTHONPATH": str(ROOT)}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "curriculum_tools", *args],
            cwd=cwd,
            capture_output=True,
            timeout=timeout,
            env=env,
        )
        code = proc.returncode
    except subprocess.TimeoutExpired:
        code = -1
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a quarter)")
    parser.add_argument("--only", help="comma-separated: run only shapes whose name contains one")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    sizes = (1, 2) if args.quick else (2, 4)
    with tempfile.TemporaryDirectory(prefix="ctools-budget-") as tmp:
        work = Path(tmp)
        start, _ = cpu_seconds(["--version"], work, 60)
        print(f"start-up (ctools --version): {start:.2f} s CPU")
        print(f"{'shape':24} {'command':13} {'MB':>5} {'CPU s':>7} {'s/MB':>6} {'x2 →':>6}  exit")
        for shape, make in SHAPES.items():
            if args.only and not any(part in shape for part in args.only.split(",")):
                continue
            for command, cmd in COMMANDS.items():
                row: list[tuple[float, float, int]] = []
                for scale in sizes:
                    path = work / "doc.md"
                    path.write_text(make(scale), encoding="utf-8")
                    size = path.stat().st_size / 1e6
                    used, code = cpu_seconds([*cmd, str(path)], work, args.timeout)
                    row.append((size, used, code))
                (_, small, _), (mb, used, code) = row
                per_mb = max(0.0, used - start) / mb
                growth = (used - start) / max(small - start, 1e-3)
                shown = "timeout" if code == -1 else str(code)
                print(
                    f"{shape:24} {command:13} {mb:5.2f} {used:7.2f} {per_mb:6.2f} "
                    f"{growth:6.1f}  {shown}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
