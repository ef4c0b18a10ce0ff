"""How closely the cost budget's estimate tracks what real documents cost (issue 12 item 11).

For every real Markdown file (both corpora in both languages, ``source/``, the seed files:
:func:`bench_budgets.real_documents`) it runs each export (HTML, LaTeX, Anki) on the file alone,
in this one process after a warm-up on a whole book (imports, Pygments lexers and templates
loaded once, as in a run over a project), and takes the CPU time beyond the same command on a
one-line file (its fixed cost: configuration, templates, the package's database), best of
``--repeat`` runs. It prints the spread of estimate / measured cost over the files (the
costliest export of each file; files that cost under ``--min-ms`` are left out of the spread:
their time is mostly noise), the files the estimate undershoots most and overshoots most, and
the same for each corpus concatenated into one file (each export in a fresh process, beyond its
start-up: a whole book's objects would make the warm process collect garbage far more often
than a run of its own does).

An estimate above 1 overestimates (safe: the file is charged more than it costs); under 1 the
file costs more than the budget thinks. Times are printed, never asserted.

Run ``.venv/bin/python bench/bench_estimate.py [--repeat N] [--only SUBSTRING] [--min-ms 5]``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_budgets import best_of, real_documents  # noqa: E402

from curriculum_tools.budget import cost_estimate  # noqa: E402

EXPORTS = ("html", "latex", "anki")


def run_once(args: list[str], cwd: Path) -> float:
    """CPU seconds of one in-process ``ctools`` run (its output swallowed)."""
    from curriculum_tools.cli import main as cli

    here = Path.cwd()
    os.chdir(cwd)
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            start = time.process_time()
            with contextlib.suppress(SystemExit):
                cli.main(args=args, standalone_mode=False)
            return time.process_time() - start
    finally:
        os.chdir(here)


def cost(fmt: str, path: Path, work: Path, repeat: int) -> float:
    """Best CPU seconds of exporting ``path`` alone (copied into ``work``, away from its
    project: a file inside a course makes lint load the whole course)."""
    alone = work / "alone" / path.name
    if path.parent != alone.parent:
        alone.parent.mkdir(exist_ok=True)
        for old in alone.parent.iterdir():
            old.unlink()
        alone.write_bytes(path.read_bytes())
    args = ["export", "-f", fmt, "--out", str(work / "out"), str(alone)]
    return min(run_once(args, work) for _ in range(repeat))


def spread(ratios: list[float]) -> str:
    ordered = sorted(ratios)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return (
        f"min {ordered[0]:.2f}, 10% {pick(0.1):.2f}, median {statistics.median(ordered):.2f}, "
        f"90% {pick(0.9):.2f}, max {ordered[-1]:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", help="only collections whose name contains this")
    parser.add_argument("--min-ms", type=float, default=5.0)
    parser.add_argument("--min-kb", type=float, default=10.0, help="a second spread: larger files")
    parser.add_argument("--books", action="store_true", help="also each corpus in one file")
    parser.add_argument("--tsv", type=Path, help="write every file's row here")
    args = parser.parse_args()
    os.environ["CTOOLS_NO_CACHE"] = "1"
    collections = {
        name: paths
        for name, paths in real_documents().items()
        if not args.only or args.only in name
    }
    with tempfile.TemporaryDirectory(prefix="ctools-estimate-") as tmp:
        work = Path(tmp)
        tiny = work / "tiny.md"
        tiny.write_text("# T\n\ntext\n", encoding="utf-8")
        books = {}
        for name, paths in collections.items():
            whole = b"\n".join(p.read_bytes().removeprefix(b"\xef\xbb\xbf") for p in paths)
            books[name] = work / (name.strip("/").replace("/", "_") + ".md")
            books[name].write_bytes(whole)
        warm = max(books.values(), key=lambda p: p.stat().st_size)
        for fmt in EXPORTS:
            cost(fmt, warm, work, 1)
        gc.collect()
        gc.freeze()  # what the warm-up left alive is never scanned again: a run pays its own
        fixed = {fmt: cost(fmt, tiny, work, max(3, args.repeat)) for fmt in EXPORTS}
        print(
            "fixed cost per run (ms): " + ", ".join(f"{f} {s * 1e3:.0f}" for f, s in fixed.items())
        )
        rows: list[tuple[float, float, float, str, str]] = []
        for paths in collections.values():
            for path in paths:
                data = path.read_bytes()
                guess = cost_estimate(data.decode("utf-8-sig"), len(data))
                spent = {f: cost(f, path, work, args.repeat) - fixed[f] for f in EXPORTS}
                top = max(spent, key=lambda f: spent[f])
                rows.append((guess / 1e6, spent[top], len(data) / 1e6, top, str(path)))
        kept = [row for row in rows if row[1] * 1e3 >= args.min_ms]
        print(f"real files: {len(rows)}, {len(kept)} cost at least {args.min_ms:g} ms")
        ratios = [row[0] / row[1] for row in kept]
        print(f"estimate / measured (costliest export): {spread(ratios)}")
        per_mb = [row[1] / row[2] for row in kept]
        print(f"measured s per MB: {spread(per_mb)}")
        large = [row for row in kept if row[2] * 1e3 >= args.min_kb]
        if large:
            print(
                f"files of {args.min_kb:g} KB or more ({len(large)}): estimate / measured "
                f"{spread([row[0] / row[1] for row in large])}"
            )
        if args.tsv:
            args.tsv.write_text(
                "".join("\t".join(map(str, row)) + "\n" for row in rows), encoding="utf-8"
            )
        by_ratio = sorted(kept, key=lambda row: row[0] / row[1])
        for label, chosen in (("lowest", by_ratio[:6]), ("highest", by_ratio[-4:])):
            for est, spent_s, mb, fmt, path in chosen:
                print(
                    f"  {label}: {est / spent_s:5.2f} estimate {est * 1e3:6.1f} ms, {fmt} "
                    f"{spent_s * 1e3:6.1f} ms, {spent_s / mb:4.2f} s/MB  {path}"
                )
        if args.books:  # in a fresh process each (a book's objects outnumber the warm-up's)
            fresh = {
                f: best_of(3, ["export", "-f", f, "--out", "o", str(tiny)], work, 60)[0]
                for f in EXPORTS
            }
            for name, path in books.items():
                data = path.read_bytes()
                mb = len(data) / 1e6
                guess = cost_estimate(data.decode("utf-8"), len(data)) / 1e6
                spent = {}
                for f in EXPORTS:
                    used = best_of(
                        args.repeat, ["export", "-f", f, "--out", "o", str(path)], work, 600
                    )
                    spent[f] = used[0] - fresh[f]
                top = max(spent, key=lambda f: spent[f])
                print(
                    f"  {name} in one file ({mb:.2f} MB): estimate {guess / mb:.2f} s/MB, "
                    f"{top} {spent[top] / mb:.2f} s/MB, ratio {guess / spent[top]:.2f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
