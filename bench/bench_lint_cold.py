"""Where a cold ``ctools lint`` of the Rust book spends its CPU, and the floor that leaves.

Not part of ``make test``; ``bench/run.py`` runs it. In one process (no workers, no cache),
best of three, CPU seconds:

- **parse** (the cycle collector off, as in a lint run): markdown-it-py alone (CommonMark +
  tables, no plugin) on the 218 files, then ctools' tokenizer (its plugins and the rule
  dispatch of :mod:`curriculum_tools.syntax.dispatch`), then the whole
  :func:`~curriculum_tools.parse.parse_text` (tokens folded into sections, blocks and facts);
- **lint phases** of one serial cold run: parsing, pairing and alignment, the pair-by-pair
  rules, the corpus-wide rules (``term-consistency``...), and what remains (start-up, output).

The floor printed at the end is what a cold run on ``N`` cores cannot beat with these costs:
the serial parts plus (parse + rules) / N. ``bench_lint_rustbook.py`` measures the real run
against markdownlint-cli2. Last, a real cold run with its worker processes reports the CPU
its main process spends while no worker runs (the serial path): from its start to the parse
workers' fork (imports, the parser, reading the files; the rules are imported while the
workers parse), from the end of the parse to the lint workers' fork (pairing, section
alignment, a first pair linted to warm what the workers inherit) and after the lint workers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("CTOOLS_RUSTBOOK", "/work/shared/corpora/rust-book"))

PHASES = r"""
import os, sys, time
os.environ["CTOOLS_NO_CACHE"] = "1"
start = time.process_time()
from pathlib import Path
from curriculum_tools import batch, lint, lint_units, project
batch.PARALLEL_FROM = lint_units.PARALLEL_FROM = 10**9
lint.registry()  # start-up ("rest"): a run with workers imports the rules while they parse
spent = {"parse": 0.0, "align": 0.0, "units": 0.0}
def timed(module, name, label):
    original = getattr(module, name)
    def wrapper(*args, **kwargs):
        begin = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - begin
    setattr(module, name, wrapper)
timed(batch, "parse_many", "parse")
timed(project, "align_pair", "align")
timed(lint_units, "lint_unit", "units")
from curriculum_tools import lint
checked = lint.check
def check(*args, **kwargs):
    begin = time.process_time()
    try:
        return checked(*args, **kwargs)
    finally:
        spent["check"] = time.process_time() - begin
lint.check = check
from curriculum_tools.config import load_config
from curriculum_tools.lint_run import LintOptions, lint_command
os.chdir(sys.argv[1])
lint_command([Path(".")], load_config(), LintOptions("json"))
spent["corpus_rules"] = spent.pop("check") - spent["units"]
spent["rest"] = time.process_time() - start - sum(spent.values())
print(" ".join(f"{k}={v:.4f}" for k, v in spent.items()))
"""


SERIAL = r"""
import os, sys, time
start = time.process_time()
os.environ["CTOOLS_NO_CACHE"] = "1"
from curriculum_tools import workers
shared, marks = workers.shared, []
def timed(*args, **kwargs):
    marks.append(time.process_time() - start)
    try:
        return shared(*args, **kwargs)
    finally:
        marks.append(time.process_time() - start)
workers.shared = timed
import atexit
def report():
    end = time.process_time() - start
    print(f"{marks[0]:.4f} {marks[2] - marks[1]:.4f} {end - marks[3]:.4f}", file=sys.stderr)
atexit.register(report)
os.chdir(sys.argv[1])
sys.argv = ["ctools", "lint", "--format", "json", "."]
from curriculum_tools.__main__ import main
main()
"""
"""A real cold run (workers on) that reports the CPU its main process spends alone: from its
start to the parse workers' fork, from the parse workers' end to the lint workers' fork, and
after the lint workers (findings sorted, JSON written)."""


def serial_path(env: dict[str, str], runs: int = 5) -> list[float]:
    """Best of ``runs`` of each serial stretch of :data:`SERIAL`, CPU seconds."""
    best_of: list[float] = []
    for _ in range(runs):
        err = subprocess.run(
            [sys.executable, "-c", SERIAL, str(CORPUS)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        ).stderr.split()
        got = [float(x) for x in err[-3:]]
        best_of = [min(a, b) for a, b in zip(best_of, got, strict=True)] if best_of else got
    return best_of


def best(func: object, runs: int = 3) -> float:
    """Best CPU seconds of ``runs`` calls, the cycle collector off (as in a lint run)."""
    from curriculum_tools.lint import no_cycle_collection

    times = []
    for _ in range(runs):
        with no_cycle_collection():
            begin = time.process_time()
            func()  # type: ignore[operator]
            times.append(time.process_time() - begin)
    return min(times)


def main() -> int:
    if not (CORPUS / "en").is_dir():
        print(f"bench_lint_cold: no corpus at {CORPUS} (set CTOOLS_RUSTBOOK); skipped")
        return 0
    sys.path.insert(0, str(ROOT))
    from markdown_it import MarkdownIt

    from curriculum_tools.parse import parse_text, tokenize

    texts = [(p, p.read_text("utf-8")) for p in sorted(CORPUS.rglob("*.md"))]
    raw = MarkdownIt("commonmark").enable("table")
    tokenize(texts[0][1])
    t_raw = best(lambda: [raw.parse(text) for _, text in texts])
    t_tok = best(lambda: [tokenize(text) for _, text in texts])
    t_doc = best(lambda: [parse_text(text, path, "en", path.name) for path, text in texts])
    print(f"rust book: {len(texts)} files, {sum(len(t) for _, t in texts) / 1e6:.1f} MB")
    print(f"parse, markdown-it-py alone (commonmark + table)  {t_raw:6.3f} s CPU")
    print(f"parse, ctools tokens (plugins + dispatch)         {t_tok:6.3f} s CPU")
    print(f"parse, ctools Documents (parse_text)              {t_doc:6.3f} s CPU")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", PHASES, str(CORPUS)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout.split()
        runs.append({k: float(v) for k, v in (item.split("=") for item in out)})
    phases = min(runs, key=lambda r: sum(r.values()))
    print(
        "cold lint in one process, CPU s: " + ", ".join(f"{k} {v:.2f}" for k, v in phases.items())
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    parallel = phases["parse"] + phases["units"] + phases["corpus_rules"]
    serial = phases["align"] + phases["rest"]
    print(
        f"floor on {cores} cores: {serial:.2f} serial + {parallel:.2f} / {cores} ="
        f" {serial + parallel / cores:.2f} s (a 5x run next to markdownlint-cli2 needs a fifth"
        " of its wall time)"
    )
    if cores > 1:
        alone = serial_path(env)
        print(
            "real run (workers), CPU s of the main process alone, best of 5: start-up to the"
            f" parse fork {alone[0]:.3f}, parse end to the lint fork {alone[1]:.3f}, after the"
            f" lint workers {alone[2]:.3f}: {sum(alone):.3f} serial"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
