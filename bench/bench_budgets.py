"""Cost budgets of issue 12 item 11: every command on hostile shapes, in seconds per MB.

The budget: about 1 s per MB plus start-up for any input, or a refusal with a message (exit 2:
a document whose estimated cost is over its allowance, see ``curriculum_tools/budget.py``).
Each shape is generated at two sizes; per shape and command the script prints the size, the
estimate of the budget scan (s per MB, for the costliest command), the CPU seconds, the
seconds per MB beyond the command's own start-up (measured in the same run on a one-line
file), the growth factor when the input doubles (about 2 is linear, about 4 quadratic), the
exit code, and a verdict for the larger size:

- ``refused``: exit 2 with the budget's ``refused, split it`` message;
- ``within``: CPU seconds minus start-up at most ``--budget`` (1 s) per MB, nothing else
  subtracted (no floor, no allowance for ordinary text);
- ``OVER (n x)``: accepted and slower than that, ``n`` times the budget.

The shapes named ``(near the line)`` hold one kind of unit each (emphasis, headings, list
items, code spans, links, images, table rows, formulas, inline HTML, paragraphs, soft lines,
intraword ``_``, escapes), every unit followed by as few words as keep the document's estimate
at most 0.95 of its allowance (:func:`diluted`, recomputed from the current weights): the
costliest document of that kind the budget accepts. They are tallied on their own line: they
measure whether the weights hold the line at about 1 s per MB, kind by kind.

Peers in the same run: the start-up row, and ordinary prose of the same size. At the end it
prints the margin of the real files (the corpora, ``source/``, the seed files): the allowance
of each file over its estimate, the smallest over all files, and the same for each corpus
concatenated into one file. Nothing here is asserted: machines are noisy, the numbers are for
people to read.

``--real`` measures instead every command on each corpus and language concatenated into one
file (a whole book as one document): CPU seconds per MB beyond start-up, beside its estimate.

Run ``.venv/bin/python bench/bench_budgets.py [--quick] [--only SHAPE] [--commands a,b]
[--real] [--repeat N]``.
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
sys.path.insert(0, str(ROOT))

from curriculum_tools.budget import MICROS_PER_BYTE, allowance, cost_estimate  # noqa: E402

CORPORA = Path(os.environ.get("CTOOLS_CORPORA", "/work/shared/corpora"))
SEEDS = Path(os.environ.get("CTOOLS_SEEDS", "/work/shared/seeds"))
MARKDOWN = (".md", ".mdx", ".markdown")


def real_documents() -> dict[str, list[Path]]:
    """Every real Markdown file, by collection: each corpus and language, ``source/``, and the
    seed files (Markdown saved as ``.txt``)."""
    found: dict[str, list[Path]] = {}
    corpora = sorted(CORPORA.iterdir()) if CORPORA.is_dir() else []
    for corpus in corpora:
        for lang in sorted(p for p in corpus.iterdir() if p.is_dir()):
            found[f"{corpus.name}/{lang.name}"] = sorted(
                p for p in lang.rglob("*") if p.suffix in MARKDOWN and p.is_file()
            )
    for root in {ROOT / "source", Path("/work/main/source")}:
        if root.is_dir():
            found[str(root)] = sorted(p for p in root.rglob("*.md") if p.is_file())
    for root in (SEEDS, ROOT / "tests" / "fixtures" / "seeds"):
        if root.is_dir():
            found[str(root)] = sorted(p for p in root.iterdir() if p.is_file())
    return {name: files for name, files in found.items() if files}


def margin(data: bytes) -> float:
    """The allowance of a document over its estimated cost (over 1: accepted)."""
    text = data.decode("utf-8-sig")
    return allowance(len(data)) / cost_estimate(text, len(data))


def print_real_margins() -> None:
    collections = real_documents()
    files = [path for paths in collections.values() for path in paths]
    if not files:
        print("real files: none found (set CTOOLS_CORPORA)")
        return
    worst = min(files, key=lambda path: margin(path.read_bytes()))
    print(
        f"real files: {len(files)}; the smallest margin (allowance / estimate) is "
        f"{margin(worst.read_bytes()):.1f}x ({worst})"
    )
    for name, paths in collections.items():
        whole = b"\n".join(path.read_bytes().removeprefix(b"\xef\xbb\xbf") for path in paths)
        print(
            f"  {name}: {len(paths)} files, smallest margin "
            f"{min(margin(path.read_bytes()) for path in paths):.1f}x; all in one file "
            f"({len(whole) / 1e6:.2f} MB): {margin(whole):.1f}x"
        )


def measure_real_books(commands: dict[str, list[str]], work: Path, repeat: int) -> None:
    """Each corpus and language concatenated into one file (a whole book in one document),
    every command on it: CPU seconds per MB beyond the command's start-up."""
    collections = {name: paths for name, paths in real_documents().items() if name.count("/") == 1}
    start = {
        command: best_of(max(repeat, 2), [*cmd, str(work / "tiny.md")], work, 60)[0]
        for command, cmd in commands.items()
    }
    print(f"{'book in one file':28} {'MB':>5} {'est':>5} " + " ".join(f"{c:>7}" for c in commands))
    for name, paths in collections.items():
        whole = b"\n".join(path.read_bytes().removeprefix(b"\xef\xbb\xbf") for path in paths)
        path = work / "book.md"
        path.write_bytes(whole)
        mb = len(whole) / 1e6
        guess = cost_estimate(whole.decode("utf-8"), len(whole)) / len(whole)
        cells = []
        for command, cmd in commands.items():
            used, code, _ = best_of(repeat, [*cmd, str(path)], work, 600)
            cell = f"{max(0.0, used - start[command]) / mb:.2f}" if code in (0, 1) else f"x{code}"
            cells.append(f"{cell:>7}")
        print(f"{name:28} {mb:5.2f} {guess:5.2f} " + " ".join(cells), flush=True)


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


def intraword_underscores(scale: int) -> str:
    """``snake_case_names`` in prose: ``_`` between letters opens and closes nothing."""
    return "# T\n\n" + "a_b_c_d_e " * (25_000 * scale // 4) + "\n"


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


def paragraphs(scale: int) -> str:
    return "# T\n\n" + "".join(f"p{i}\n\n" for i in range(40_000 * scale // 4))


def soft_lines(scale: int) -> str:
    return "# T\n\n" + "".join(f"a{i}\n" for i in range(40_000 * scale // 4))


def list_items(scale: int) -> str:
    return "# T\n\n" + "".join(f"- item {i}\n" for i in range(40_000 * scale // 4))


def fenced_code(scale: int) -> str:
    """One long Rust listing: highlighted by Pygments in the HTML export (per byte, not per
    unit: real books pay it too, so it is not refused)."""
    lines = "".join(f"let x{i} = {i};\n" for i in range(40_000 * scale // 4))
    return "# T\n\n```rust\n" + lines + "```\n"


def links_near_the_line(scale: int) -> str:
    """Links diluted with words to just under the refusal line (an estimate of 2.4 s/MB)."""
    words = "word " * 11
    return "# T\n\n" + "".join(f"[l{i}](#h{i}) {words}" for i in range(20_000 * scale // 4)) + "\n"


def rows_near_the_line(scale: int) -> str:
    """Table rows with long cells, just under the refusal line (an estimate of 2.4 s/MB)."""
    words = " ".join(["word"] * 33)
    rows = "".join(f"| {i} | {words} | x |\n" for i in range(10_000 * scale // 4))
    return "# T\n\n| a | b | c |\n|---|---|---|\n" + rows


NEAR_THE_LINE = 0.95
"""Diluted shapes are estimated at this share of the allowance (just under the line)."""
_DILUTED: dict[str, tuple[str, str, str]] = {
    # name: (what precedes the units, one unit with {i} and {w} for the words, what follows)
    "emphasis": ("# T\n\n", "*a{i}* **b** {w}", "\n"),
    "headings": ("", "## H{i}\n\n{w}\n\n", ""),
    "list items": ("# T\n\n", "- item {i} {w}\n", ""),
    "code spans": ("# T\n\n", "`c{i}` and {w}", "\n"),
    "links": ("# T\n\n", "[l{i}](#h{i}) {w}", "\n"),
    "images": ("# T\n\n", "![i{i}](img/{i}.png) {w}", "\n"),
    "table rows": ("# T\n\n| a | b | c |\n|---|---|---|\n", "| {i} | {w} | x |\n", ""),
    "formulas": ("# T\n\n", "$x_{i}^2$ and {w}", "\n"),
    "inline HTML": ("# T\n\n", "<span>a{i}</span> <b>b</b> {w}", "\n"),
    "paragraphs": ("# T\n\n", "p{i} {w}\n\n", ""),
    "soft lines": ("# T\n\n", "a{i} {w}\n", ""),
    "intraword '_'": ("# T\n\n", "a_b_c{i}_d {w}", "\n"),
    "escapes": ("# T\n\n", "\\* a{i} \\_ {w}", "\n"),
}


def diluted(kind: str, size: int, share: float = NEAR_THE_LINE) -> str:
    """About ``size`` bytes of units of one kind, each followed by as few words as keep the
    document's estimate at most ``share`` of its allowance (the densest such document: the
    costliest a document of this kind can be and still be accepted)."""
    head, unit, tail = _DILUTED[kind]

    def make(words: int, units: int) -> str:
        w = "".join(["word "] * words)
        return head + "".join(unit.format(i=i, w=w) for i in range(units)) + tail

    def fits(words: int) -> bool:
        text = make(words, 2_000)
        size = len(text.encode("utf-8"))
        return cost_estimate(text, size) <= share * MICROS_PER_BYTE * size  # no floor

    low, high = -1, 1
    while not fits(high):
        low, high = high, high * 2
    while high - low > 1:  # the fewest words that fit
        mid = (low + high) // 2
        low, high = (low, mid) if fits(mid) else (mid, high)
    words = max(0, high)
    per_unit = len(make(words, 2_000).encode("utf-8")) / 2_000
    return make(words, max(1, int(size / per_unit)))


def _near(kind: str) -> Callable[[int], str]:
    return lambda scale: diluted(kind, 250_000 * scale)


def prose(scale: int) -> str:
    chunk = "## Section\n\n" + "Some words here, 42 of them. " * 30 + "\n\n"
    return chunk * (1_000 * scale // 4)


SHAPES: dict[str, Callable[[int], str]] = {
    "emphasis '*a **a '": emphasis,
    "intraword '_'": intraword_underscores,
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
    "40k paragraphs": paragraphs,
    "40k soft lines": soft_lines,
    "40k list items": list_items,
    "40k lines of code": fenced_code,
    "links (near the line, 2.4)": links_near_the_line,
    "rows (near the line, 2.4)": rows_near_the_line,
    **{f"{kind} (near the line)": _near(kind) for kind in _DILUTED},
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


def cpu_seconds(args: list[str], cwd: Path, timeout: float) -> tuple[float, int, str]:
    """CPU time (user + system) of one ctools run, children included; exit code; stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "CTOOLS_NO_CACHE": "1", "PYTHONPATH": str(ROOT)}
    err = ""
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "curriculum_tools", *args],
            cwd=cwd,
            capture_output=True,
            timeout=timeout,
            env=env,
        )
        code = proc.returncode
        err = proc.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        code = -1
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used, code, err


def best_of(repeat: int, args: list[str], cwd: Path, timeout: float) -> tuple[float, int, str]:
    """The fastest of ``repeat`` runs (noise only ever adds time)."""
    runs = [cpu_seconds(args, cwd, timeout) for _ in range(repeat)]
    return min(runs, key=lambda run: run[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a quarter)")
    parser.add_argument("--only", help="comma-separated: run only shapes whose name contains one")
    parser.add_argument("--commands", help="comma-separated: run only these commands")
    parser.add_argument("--budget", type=float, default=1.0, help="s/MB beyond start-up")
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell (best is kept)")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--margins", action="store_true", help="only the real files' margins")
    parser.add_argument(
        "--real", action="store_true", help="only every command on each real book in one file"
    )
    args = parser.parse_args()
    if args.margins:
        print_real_margins()
        return 0
    sizes = (1, 2) if args.quick else (2, 4)
    commands = {
        name: cmd
        for name, cmd in COMMANDS.items()
        if not args.commands or name in args.commands.split(",")
    }
    verdicts: dict[str, int] = {}
    near: dict[str, int] = {}  # the shapes diluted to just under the line, on their own
    with tempfile.TemporaryDirectory(prefix="ctools-budget-") as tmp:
        work = Path(tmp)
        tiny = work / "tiny.md"
        tiny.write_text("# T\n\ntext\n", encoding="utf-8")
        if args.real:
            measure_real_books(commands, work, args.repeat)
            return 0
        start: dict[str, float] = {}
        for command, cmd in commands.items():
            start[command] = best_of(max(args.repeat, 2), [*cmd, str(tiny)], work, 60)[0]
        shown = ", ".join(f"{c} {s:.2f}" for c, s in start.items())
        print(f"start-up (CPU s on a one-line file): {shown}")
        print(
            f"{'shape':24} {'command':13} {'MB':>5} {'est':>5} {'CPU s':>7} {'s/MB':>6} "
            f"{'x2 →':>6} {'exit':>4}  verdict"
        )
        for shape, make in SHAPES.items():
            if args.only and not any(part in shape for part in args.only.split(",")):
                continue
            for command, cmd in commands.items():
                row: list[tuple[float, float, int, str]] = []
                for scale in sizes:
                    path = work / "doc.md"
                    text = make(scale)
                    path.write_text(text, encoding="utf-8")
                    size = path.stat().st_size / 1e6
                    guess = cost_estimate(text, path.stat().st_size) / path.stat().st_size
                    used, code, err = best_of(args.repeat, [*cmd, str(path)], work, args.timeout)
                    row.append((size, used, code, err))
                (_, small, _, _), (mb, used, code, err) = row
                base = start[command]
                per_mb = max(0.0, used - base) / mb
                grown = (used - base) / (small - base) if small - base > 0.05 else None
                if code == 2 and "split it" in err:
                    verdict = "refused"
                elif code == -1:
                    verdict = "OVER (timeout)"
                elif per_mb <= args.budget:
                    verdict = "within"
                else:
                    verdict = f"OVER ({per_mb / args.budget:.1f}x)"
                tally = near if shape.endswith("(near the line)") else verdicts
                tally[verdict.split()[0]] = tally.get(verdict.split()[0], 0) + 1
                exit_code = "t/o" if code == -1 else str(code)
                growth = f"{grown:6.1f}" if grown is not None else "     -"  # too fast to tell
                print(
                    f"{shape:24} {command:13} {mb:5.2f} {guess:5.1f} {used:7.2f} {per_mb:6.2f} "
                    f"{growth} {exit_code:>4}  {verdict}",
                    flush=True,
                )
    print("verdicts: " + ", ".join(f"{v} {n}" for v, n in sorted(verdicts.items())))
    if near:
        print("near the line: " + ", ".join(f"{v} {n}" for v, n in sorted(near.items())))
    print_real_margins()
    return 0


if __name__ == "__main__":
    sys.exit(main())
