"""The course book of the rust book: ``ctools export --format latex --pdf`` with
``export.latex.build: book`` (the chapters and the assembled books, both languages), cold (an
empty PDF cache) and again with no change (every PDF from the cache).

Run ``.venv/bin/python bench/bench_book.py``. Needs LuaLaTeX and the shared corpora
(``../shared`` next to a checkout, ``../../shared`` next to a worktree); prints a note and
exits 0 without them. The corpus is copied to a temporary folder with a ``ctools.yaml`` that
asks for the book only. Goals of issue 17: cold <= 90 s on 2 cores, no change <= 5 s. CPU time
(ctools plus every LuaLaTeX it ran) is printed beside the wall time: on a shared machine the
wall time says more about the neighbours than about ctools.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared",
)


def build(work: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (ctools and every LuaLaTeX it ran), the summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "ctools"), "export", "--format", "latex", "--pdf", "--out", "out", "."],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = (done.stdout.strip().splitlines() or ["(no summary)"])[-1]
    return seconds, cpu, summary


def main() -> int:
    corpus = SHARED / "corpora" / "rust-book"
    if not corpus.is_dir() or shutil.which("lualatex") is None:
        print(f"skipped: needs {corpus} and lualatex")
        return 0
    with tempfile.TemporaryDirectory(prefix="ctools-bench-book-") as tmp:
        work = Path(tmp) / "rust-book"
        shutil.copytree(corpus, work)
        (work / "ctools.yaml").write_text("export:\n  latex:\n    build: book\n")
        env = dict(os.environ, CTOOLS_CACHE_DIR=str(Path(tmp) / "cache"))
        cold, cold_cpu, summary = build(work, env)
        again, again_cpu, summary_again = build(work, env)
        print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
        print(
            f"rust book, course book cold:      {cold:7.1f} s wall {cold_cpu:7.1f} s CPU  ({summary})"
        )
        print(
            f"rust book, course book no change: {again:7.1f} s wall {again_cpu:7.1f} s CPU  "
            f"({summary_again})"
        )
        compiled = re.search(r"compiled (\d+)", summary_again)
        print(
            f"no-change / cold: {again / cold:.3f}; recompiled on no change: "
            f"{compiled.group(1) if compiled else '?'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
