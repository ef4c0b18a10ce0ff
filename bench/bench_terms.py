"""What the ``term-consistency`` rule costs: ``ctools lint`` on the rust book with and without it.

Run ``.venv/bin/python bench/bench_terms.py``. Needs the shared corpora (``../shared`` next to
a checkout, ``../../shared`` next to a worktree); prints a note and exits 0 without them.
End to end: ``ctools lint`` in a subprocess, after one run that warms the parse cache, the
two configurations alternating ``--runs`` times; the best time counts. In-process: the rules
over the parsed corpus with and without the rule (steadier on a busy machine), and building
the glossary alone.
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


def lint_time(corpus: Path, config: Path, env: dict[str, str]) -> float:
    cmd = [str(BIN / "ctools"), "lint", "--format", "json", str(corpus)]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=config, capture_output=True, env=env, check=False)
    return time.perf_counter() - start


def in_process(corpus_path: Path, runs: int) -> tuple[float, float]:
    """Best times of the linter's rules over an already parsed corpus: without, with the rule."""
    sys.path.insert(0, str(ROOT))
    from curriculum_tools.config import Config
    from curriculum_tools.lint import check, registry
    from curriculum_tools.project import load_corpus

    config = Config(root=corpus_path)
    corpus = load_corpus([corpus_path], config)
    everything = list(registry())
    rest = [name for name in everything if name != "term-consistency"]
    best = {"off": float("inf"), "on": float("inf")}
    for _ in range(runs):  # interleaved, so that load from other processes hits both alike
        for key, names in (("off", rest), ("on", everything)):
            start = time.perf_counter()
            check(corpus, config, names)
            best[key] = min(best[key], time.perf_counter() - start)
    return best["off"], best["on"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "rust-book")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: {args.corpus} not found")
        return 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CTOOLS_NO_LINT_CACHE": "1"}  # rules run
    with tempfile.TemporaryDirectory() as tmp:
        with_rule, without = Path(tmp) / "with", Path(tmp) / "without"
        for folder, severity in ((with_rule, "warning"), (without, "off")):
            folder.mkdir()
            (folder / "ctools.yaml").write_text(
                f"source: .\nrules:\n  term-consistency: {severity}\n", "utf-8"
            )
        lint_time(args.corpus, without, env)  # warms the parse cache
        t_off = t_on = float("inf")
        for _ in range(args.runs):
            t_off = min(t_off, lint_time(args.corpus, without, env))
            t_on = min(t_on, lint_time(args.corpus, with_rule, env))
    r_off, r_on = in_process(args.corpus, args.runs)
    from curriculum_tools import glossary
    from curriculum_tools.config import Config
    from curriculum_tools.project import load_corpus

    corpus = load_corpus([args.corpus], Config(root=args.corpus))
    start = time.perf_counter()
    terms = glossary.build(corpus)
    t_build = time.perf_counter() - start
    accepted = sum(1 for t in terms if terms.accepted(t))
    name = args.corpus.name
    print(f"{name}: `ctools lint` without term-consistency: {t_off:6.2f} s (best of {args.runs})")
    print(f"{name}: `ctools lint` with term-consistency:    {t_on:6.2f} s")
    print(f"{name}: rules on the parsed corpus, without / with: {r_off:.2f} s / {r_on:.2f} s")
    print(
        f"term-consistency costs {r_on - r_off:+.2f} s in-process "
        f"({r_on / r_off:.2f}x the other rules), {t_on - t_off:+.2f} s end to end"
    )
    print(f"glossary.build alone: {t_build:.2f} s, {len(terms.terms)} terms, {accepted} accepted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
