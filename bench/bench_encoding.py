"""Benchmark of curriculum_tools.fix_encoding against ftfy, on corpora this script builds.

    python bench/bench_encoding.py            # everything
    python bench/bench_encoding.py --quick    # fewer damaged configurations

1. Clean text (the Korean test documents plus English text, about 1 MB): throughput of
   repair_text, ftfy.fix_encoding and ftfy.fix_text.
2. Damaged text: the Korean test documents (and, when ../shared is there, the Korean half of the
   smolagents docs, text nobody here tuned on) through cp1254/cp1252 with dropped bytes: share
   of lost Hangul syllables restored exactly and character accuracy, for our repair with each
   Korean model (kiwipiepy, wordfreq, none) and for ftfy.
3. Seed 002: wall time cold (new process: imports + model load) and warm.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curriculum_tools.encoding import korean  # noqa: E402
from tests.encoding_damage import damage, damage_korean, lost_positions, measure  # noqa: E402
from curriculum_tools.fix_encoding import repair_bytes, repair_text  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
# ../shared next to a checkout, ../../shared next to a git worktree under wt/
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared",
)
SEED = FIXTURES / "seeds" / "002_fde0fcc6ce5901db.txt"

ENGLISH = (
    "The transformer architecture consists of two submodules: an encoder and a decoder. "
    "The encoder processes the input text into vectors that capture its context; the decoder "
    "generates the output text one token at a time. Self-attention lets the model weigh the "
    "importance of different words relative to each other, which captures long-range dependencies.\n"
)


def korean_documents() -> list[str]:
    return [
        p.read_text(encoding="utf-8")
        for p in sorted((FIXTURES / "encoding" / "korean").glob("*.md"))
    ]


def unseen_documents() -> list[str]:
    folder = SHARED / "corpora" / "smolagents-docs" / "ko"
    return (
        [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))]
        if folder.is_dir()
        else []
    )


def clean_corpus(size: int = 1_000_000) -> str:
    parts = korean_documents()
    parts += [ENGLISH * 20] * len(parts)
    text = "\n".join(parts)
    return (text * (size // len(text.encode("utf-8")) + 1))[: size // 2]


def throughput(fn: Callable[[str], object], text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - start)
    return len(text.encode("utf-8")) / best / 1e6


def bench_clean() -> None:
    import ftfy

    text = clean_corpus()
    ftfy.fix_encoding("warm up")
    ours = throughput(lambda t: repair_text(t), text)
    fix_encoding = throughput(ftfy.fix_encoding, text)
    fix_text = throughput(ftfy.fix_text, text)
    print(f"clean text, {len(text.encode('utf-8')) / 1e6:.2f} MB (EN+KO)")
    print(f"  repair_text        {ours:9.1f} MB/s")
    print(f"  ftfy.fix_encoding  {fix_encoding:9.1f} MB/s   ours is {ours / fix_encoding:6.1f}x")
    print(f"  ftfy.fix_text      {fix_text:9.1f} MB/s   ours is {ours / fix_text:6.1f}x")


def score(
    docs: list[str], page: str, soft_hyphen: bool, fix: Callable[[str], str]
) -> tuple[float, float, int]:
    lost = restored = chars = same = 0
    for doc in docs:
        out = fix(damage(doc, page, drop_soft_hyphen=soft_hyphen))
        s = measure(doc, out, lost_positions(doc, page, drop_soft_hyphen=soft_hyphen))
        lost += s.lost_hangul
        restored += s.restored_hangul
        chars += len(doc)
        same += round(s.char_accuracy * len(doc))
    return restored / lost, same / chars, lost


def _ours(text: str, model: korean.Model) -> str:
    return repair_text(text, model=model).text


def bench_damaged(quick: bool) -> None:
    import ftfy

    fixers: dict[str, Callable[[str], str]] = {}
    for name in ("kiwipiepy", "wordfreq", "none"):
        try:
            model = korean.model_named(name)
        except ImportError:
            print(f"  ({name} not installed)")
            continue

        fixers[f"ours ({name})"] = partial(_ours, model=model)
    fixers["ftfy.fix_encoding"] = ftfy.fix_encoding
    fixers["ftfy.fix_text"] = ftfy.fix_text
    configs = (
        [("cp1254", True), ("cp1252", False)]
        if quick
        else [("cp1254", True), ("cp1254", False), ("cp1252", True), ("cp1252", False)]
    )
    for label, docs in (
        ("test documents", korean_documents()),
        ("smolagents ko (unseen)", unseen_documents()),
    ):
        if not docs:
            continue
        print(f"damaged text: {label}, {len(docs)} documents")
        for page, soft_hyphen in configs:
            for name, fix in fixers.items():
                start = time.perf_counter()
                recovery, accuracy, lost = score(docs, page, soft_hyphen, fix)
                took = time.perf_counter() - start
                print(
                    f"  {page} soft-hyphen-dropped={soft_hyphen!s:5}  {name:20} "
                    f"hangul restored {recovery:7.2%} of {lost:5}  char accuracy {accuracy:.5f}  ({took:.1f} s)"
                )


def bench_seed() -> None:
    code = (
        "import time; t = time.perf_counter(); from pathlib import Path;"
        "from curriculum_tools.fix_encoding import repair_bytes;"
        f"r = repair_bytes(Path({str(SEED)!r}).read_bytes());"
        "print(time.perf_counter() - t, len([s for s in r.spots if s.kind != 'lossless']), len(r.uncertain), r.model)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    cold, spots, uncertain, model = out.stdout.split()
    data = SEED.read_bytes()
    repair_bytes(data)
    start = time.perf_counter()
    res = repair_bytes(data)
    warm = time.perf_counter() - start
    print(
        f"seed 002: {spots} reconstructed spots, {uncertain} uncertain, chain {res.chain}, model {model}"
    )
    print(f"  cold (new process, imports + model load) {float(cold):.2f} s, warm {warm:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    bench_clean()
    bench_seed()
    bench_damaged(args.quick)


if __name__ == "__main__":
    main()
