"""Benchmark of curriculum_tools.fix_encoding against ftfy, on corpora this script builds.

    python bench/bench_encoding.py            # everything
    python bench/bench_encoding.py --quick    # fewer damaged configurations

1. Clean text (the Korean test documents plus English text, 0.57 MB; and every page of
   ../shared/corpora, one call per page): throughput of repair_text (a str: English prose is
   proven clean on the str, other text encoded to UTF-8 first), of repair_bytes (what the CLI calls per file: decode, then the fast path on the bytes
   it decoded) and of ftfy.fix_encoding, best CPU time of interleaved runs (the ratios are what
   counts).
2. Damaged text, per family of damage (tests/encoding_damage.py): the Korean test documents
   (and, when ../shared is there, the Korean half of the smolagents docs, text nobody here tuned
   on): share of lost Hangul syllables restored exactly, character accuracy and time, for our
   repair (kiwipiepy; wordfreq and none on cp1254) and for ftfy.fix_encoding.
3. Seed 002: wall time cold (new process: imports + model load) and warm.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curriculum_tools.encoding import korean  # noqa: E402
from curriculum_tools.fix_encoding import repair_bytes, repair_text  # noqa: E402
from curriculum_tools.text import HANGUL_SYLLABLE_RE  # noqa: E402
from tests.encoding_damage import (  # noqa: E402
    cp949_text,
    damage,
    damage_korean,
    lost_korean,
    lost_positions,
    lost_positions_twice,
    measure,
)

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


UNSEEN_MAX = 20  # smolagents pages per family (the whole set takes long on 2 cores)


def unseen_documents() -> list[str]:
    folder = SHARED / "corpora" / "smolagents-docs" / "ko"
    pages = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    return [p.read_text(encoding="utf-8") for p in pages[:UNSEEN_MAX]]


def clean_corpus(size: int = 1_000_000) -> str:
    parts = korean_documents()
    parts += [ENGLISH * 20] * len(parts)
    text = "\n".join(parts)
    return (text * (size // len(text.encode("utf-8")) + 1))[: size // 2]


def _best_times(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Best CPU time of each function over ``repeat`` rounds, the functions interleaved in every
    round: a burst of load from other programs slows both, not one of them, and the CPU time of
    this process does not count the time other programs held the core (on this shared 2-core
    machine wall times of the same call varied 4x), so the ratio holds."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            start = time.process_time()
            fn()
            best[k] = min(best[k], time.process_time() - start)
    return best


def clean_pages() -> list[str]:
    """Every Markdown page of the shared corpora (real clean text, full of ``?`` and code)."""
    folder = SHARED / "corpora"
    return (
        [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))]
        if folder.is_dir()
        else []
    )


def _line(label: str, size: float, seconds: float, ftfy_seconds: float | None = None) -> str:
    shown = f"    {label:38} {size / seconds:9.1f} MB/s"
    return shown + (f"   ftfy takes {ftfy_seconds / seconds:6.1f}x" if ftfy_seconds else "")


def _clean_set(label: str, texts: list[str], repeat: int) -> tuple[float, float]:
    """Ours and ftfy.fix_encoding on ``texts`` (one call each), per text and per file; returns
    the text ratio and the per-file ratio beyond the UTF-8 decode."""
    import ftfy

    datas = [t.encode("utf-8") for t in texts]
    size = sum(len(d) for d in datas) / 1e6
    ours, ours_file, decode, theirs = _best_times(
        [
            lambda: [repair_text(t) for t in texts],
            lambda: [repair_bytes(d) for d in datas],
            lambda: [d.decode("utf-8") for d in datas],
            lambda: [ftfy.fix_encoding(t) for t in texts],
        ],
        repeat,
    )
    beyond = max(ours_file - decode, 1e-9)
    print(f"  {size:.2f} MB ({label})")
    print(_line("ftfy.fix_encoding(str)", size, theirs))
    print(_line("repair_text(str)", size, ours, theirs))
    print(_line("repair_bytes(file bytes) (the CLI)", size, ours_file))
    print(_line("  of which bytes.decode('utf-8')", size, decode))
    print(_line("  the rest: the fast path on the bytes", size, beyond, theirs))
    whole = (decode + theirs) / ours_file
    print(f"    per file, decoding included on both sides: ftfy takes {whole:.1f}x")
    return theirs / ours, theirs / beyond


def _by_language(pages: list[str], repeat: int) -> None:
    """repair_text(str) against ftfy on the English and the Korean pages apart, with what a
    str costs before any check: encoding it to UTF-8 (the bytes the gate reads) and to UTF-16
    (about a copy: the ceiling of any check in CPython that reads code units); and what the CLI
    spends per file (repair_bytes) beyond the UTF-8 decode every tool needs."""
    import ftfy

    groups = {
        "English": [t for t in pages if not _korean(t)],
        "Korean": [t for t in pages if _korean(t)],
    }
    print("    by language, ftfy takes ... times")
    for name, texts in groups.items():
        datas = [t.encode("utf-8") for t in texts]
        ours, file, decode, utf8, utf16, theirs = _best_times(
            [
                lambda texts=texts: [repair_text(t) for t in texts],
                lambda datas=datas: [repair_bytes(d) for d in datas],
                lambda datas=datas: [d.decode("utf-8") for d in datas],
                lambda texts=texts: [t.encode("utf-8") for t in texts],
                lambda texts=texts: [t.encode("utf-16-le") for t in texts],
                lambda texts=texts: [ftfy.fix_encoding(t) for t in texts],
            ],
            repeat,
        )
        beyond = max(file - decode, 1e-9)
        print(
            f"      {name:8} {len(texts):3} pages: repair_text {theirs / ours:6.1f}x"
            f"   (encoding alone: UTF-8 {theirs / utf8:6.1f}x, UTF-16 {theirs / utf16:6.1f}x)"
            f"   repair_bytes beyond the decode {theirs / beyond:6.1f}x"
        )


def _korean(text: str) -> bool:
    return len(HANGUL_SYLLABLE_RE.findall(text)) * 20 > len(text)


def bench_clean(repeat: int = 25) -> None:
    import ftfy

    ftfy.fix_encoding("warm up")
    repair_text("warm up")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"clean text: best CPU time of {repeat} interleaved runs (pages: {max(5, repeat // 3)}),"
        f" ours and ftfy in turn; load average {load} on {os.cpu_count()} cores"
    )
    ratios = [_clean_set("EN+KO test documents, one string", [clean_corpus()], repeat)]
    pages = clean_pages()
    if pages:
        label = f"{len(pages)} pages of ../shared/corpora, one call per page"
        ratios.append(_clean_set(label, pages, max(5, repeat // 3)))
        _by_language(pages, max(5, repeat // 3))
    text = " / ".join(f"{r[0]:.0f}x" for r in ratios)
    file = " / ".join(f"{r[1]:.0f}x" for r in ratios)
    met = "yes" if min(r[0] for r in ratios) >= 100 else "NO"
    print(f"  clean fast path >= 100x ftfy.fix_encoding on str: {met} ({text})")
    met = "yes" if min(r[1] for r in ratios) >= 100 else "NO"
    print(f"  ... on the file's bytes, beyond the UTF-8 decode every tool needs: {met} ({file})")


def _utf8_family(page: str, layers: int = 1, mode: str = "drop") -> Family:
    def make(doc: str) -> tuple[str, str, list[int]]:
        damaged = damage(doc, page, layers=layers, mode=mode)
        if mode == "sloppy":
            return doc, damaged, []
        lost = lost_positions_twice(doc, page) if layers == 2 else lost_positions(doc, page)
        return doc, damaged, lost

    return make


def _korean_family(name: str) -> Family:
    def make(doc: str) -> tuple[str, str, list[int]]:
        original = cp949_text(doc)
        return original, damage_korean(original, name), lost_korean(original, name)

    return make


Family = Callable[[str], tuple[str, str, list[int]]]
FAMILIES: dict[str, Family] = {
    "utf-8 as cp1252, lossless (C1 kept)": _utf8_family("cp1252", mode="sloppy"),
    "utf-8 as cp1254, bytes dropped": _utf8_family("cp1254"),
    "utf-8 as cp1252, bytes dropped": _utf8_family("cp1252"),
    "utf-8 as cp1252 twice, bytes dropped": _utf8_family("cp1252", layers=2),
    "utf-8 as cp1254, ? for lost bytes": _utf8_family("cp1254", mode="qmark"),
    "cp949 as latin-1": _korean_family("cp949-latin1"),
    "cp949 as cp1252, bytes dropped": _korean_family("cp949-cp1252"),
    "utf-8 as cp949, U+FFFD": _korean_family("utf8-cp949-fffd"),
    "utf-8 as cp949, ?": _korean_family("utf8-cp949-qmark"),
    "cp949 as utf-8 (unrecoverable)": _korean_family("cp949-utf8"),
}


def score(docs: list[str], family: Family, fix: Callable[[str], str]) -> tuple[float, float, int]:
    lost = restored = chars = same = 0
    for doc in docs:
        original, damaged, positions = family(doc)
        s = measure(original, fix(damaged), positions)
        lost += s.lost_hangul
        restored += s.restored_hangul
        chars += len(original)
        same += round(s.char_accuracy * len(original))
    return (restored / lost if lost else 1.0), same / chars, lost


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
    corpora = [("test documents", korean_documents())]
    if not quick:
        corpora.append(("smolagents ko (unseen)", unseen_documents()))
    for label, docs in corpora:
        if not docs:
            continue
        print(f"damaged text: {label}, {len(docs)} documents")
        print(
            f"  {'family':38} {'fixer':20} {'lost syllables back':>24} {'char accuracy':>14} {'time':>8}"
        )
        for family_name, family in FAMILIES.items():
            for name, fix in fixers.items():
                if (
                    "kiwipiepy" not in name
                    and "ftfy" not in name
                    and "cp1254, bytes" not in family_name
                ):
                    continue  # the weak models only on the family they were built for
                start = time.perf_counter()
                recovery, accuracy, lost = score(docs, family, fix)
                took = time.perf_counter() - start
                print(
                    f"  {family_name:38} {name:20} {recovery:9.2%} of {lost:6} lost "
                    f"{accuracy:14.5f} {took:7.1f}s"
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
