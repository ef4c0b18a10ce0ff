"""What the ``term-consistency`` rule costs: ``ctools lint`` on the rust book with and without it.

Run ``.venv/bin/python bench/bench_terms.py``. Needs the shared corpora (``../shared`` next to
a checkout, ``../../shared`` next to a worktree); prints a note and exits 0 without them.
Each configuration runs once to warm the parse cache, then ``--runs`` times; the best time
counts. Also prints the time of building the glossary alone, in-process, for comparison.
"""

from __future__ import annotations

import argparse
import os
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


def lint_time(corpus: Path, config: Path, runs: int, env: dict[str, str]) -> tuple[float, int]:
    cmd = [str(BIN / "ctools"), "lint", "--format", "json", str(corpus)]
    best, code = float("inf"), 0
    for i in range(runs + 1):  # the first run warms the parse cache
        start = time.perf_counter()
        code = subprocess.run(cmd, cwd=config, capture_output=True, env=env).returncode
        if i:
            best = min(best, time.perf_counter() - start)
    return best, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "rust-book")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: {args.corpus} not found")
        return 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        with_rule, without = Path(tmp) / "with", Path(tmp) / "without"
        for folder, severity in ((with_rule, "warning"), (without, "off")):
            folder.mkdir()
            (folder / "ctools.yaml").write_text(
                f"source: .\nrules:\n  term-consistency: {severity}\n", "utf-8"
            )
        t_off, _ = lint_time(args.corpus, without, args.runs, env)
        t_on, _ = lint_time(args.corpus, with_rule, args.runs, env)
    sys.path.insert(0, str(ROOT))
    from curriculum_tools import glossary
    from curriculum_tools.config import Config
    from curriculum_tools.project import load_corpus

    corpus = load_corpus([args.corpus], Config(root=args.corpus))
    start = time.perf_counter()
    terms = glossary.build(corpus)
    t_build = time.perf_counter() - start
    accepted = sum(1 for t in terms if terms.accepted(t))
    name = args.corpus.name
    print(f"{name}: ctools lint, all rules but term-consistency: {t_off:6.2f} s")
    print(f"{name}: ctools lint, all rules:                      {t_on:6.2f} s")
    print(f"term-consistency costs {t_on - t_off:+.2f} s ({t_on / t_off:.2f}x the rest of lint)")
    print(f"glossary.build alone: {t_build:.2f} s, {len(terms.terms)} terms, {accepted} accepted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
