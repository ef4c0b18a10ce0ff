"""Where a cold lint's rule time goes: CPU seconds per rule on the Rust book, in one process.

Not part of ``make test``; ``bench/run.py`` runs it. The corpus (``$CTOOLS_RUSTBOOK``, default
``/work/shared/corpora/rust-book``) is loaded once with ``CTOOLS_NO_CACHE=1``; then every rule
runs over it ``--runs`` times (default 5) in this process (no worker pool: the pool's threshold
is raised for the run), each time with a fresh per-run memo and every memoising cache of ctools
emptied, as a cold run starts. Per rule the best of the runs is printed, with its share of the
whole check: the first rule that asks for a section pair's segment alignment (normally
``number-mismatch``) pays for it, the others read it from the run's memo.

``--profile FILE`` also writes a cProfile of the last run (read it with ``python -m pstats``);
``--select a,b`` times only those rules. The findings of every run must be the same (checked).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = Path(os.environ.get("CTOOLS_RUSTBOOK", "/work/shared/corpora/rust-book"))


def _clear_caches() -> None:
    """Empty every ``functools`` cache of ctools' modules (a cold run starts without them)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("curriculum_tools") and module is not None:
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--select", default="")
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    if not (CORPUS / "en").is_dir():
        print(f"bench_lint_rules: no corpus at {CORPUS} (set CTOOLS_RUSTBOOK); skipped")
        return 0
    os.environ["CTOOLS_NO_CACHE"] = "1"
    os.chdir(CORPUS)
    from curriculum_tools import lint, lint_units
    from curriculum_tools.config import load_config
    from curriculum_tools.project import load_corpus

    lint_units.PARALLEL_FROM = 10**9  # every pair in this process
    spent: dict[str, float] = {}

    def timed(name: str, func: Callable[..., Iterator[Any]]) -> Callable[..., list[Any]]:
        def run(target: Any, ctx: Any) -> list[Any]:
            start = time.process_time()
            out = list(func(target, ctx))
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
            return out

        return run

    for name, spec in lint.registry().items():
        object.__setattr__(spec, "func", timed(name, spec.func))
    config = load_config()
    corpus = load_corpus([Path(".")], config)
    only = [x for x in args.select.split(",") if x] or None
    best: dict[str, float] = {}
    totals: list[float] = []
    first: list[tuple[Any, ...]] | None = None
    gc.disable()  # as lint.run does (lint.no_cycle_collection)
    for run in range(args.runs):
        _clear_caches()
        spent.clear()
        profile = None
        if args.profile is not None and run == args.runs - 1:
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        start = time.process_time()
        result = lint.check(corpus, config, only)
        totals.append(time.process_time() - start)
        if profile is not None:
            profile.disable()
            profile.dump_stats(args.profile)
        found = [(f.path, f.line, f.rule, f.message) for f in result.findings]
        if first is None:
            first = found
        elif found != first:
            print("bench_lint_rules: findings differ between runs")
            return 1
        for name, seconds in spent.items():
            best[name] = min(best.get(name, seconds), seconds)
    check = min(totals)
    print(f"rust book: {len(corpus.documents)} files, {len(first or [])} findings")
    print(f"whole check (all pairs, one process), best of {args.runs}: {check:.3f} CPU s")
    for name, seconds in sorted(best.items(), key=lambda item: -item[1]):
        if seconds >= 0.001:
            print(f"  {name:26s} {seconds:7.3f} s  {seconds / check:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
