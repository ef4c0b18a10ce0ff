"""Parsing cost of the course-format rules, and what they take out of the prose.

Parses every Markdown file of the shared corpora (rust-book, smolagents-docs; ``../shared``
beside a checkout) twice in the same run: with the configuration before the course formats
(:func:`curriculum_tools.parse.base_parser`) and with the one every command uses now
(:func:`curriculum_tools.parse.markdown_parser`). Prints the time ratio (the issue's budget is
<= 1.10 on the rust book) and, for both, how many paragraph/inline text tokens and HTML blocks
still show component syntax (``<Tip``, ``<Question``, ``[!TIP]``, ``{{#include`` ...).

Run ``.venv/bin/python bench/bench_parse.py [--rounds 10]``.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared",
)
RAW_RE = re.compile(
    r"<(?:Tip|Question|Youtube|CourseFloatingBanner|DocNotebookDropdown|Listing|hfoptions?|"
    r"frameworkcontent)\b|</(?:Tip|Listing|hfoptions?|frameworkcontent)>|\[!(?:NOTE|TIP|IMPORTANT|"
    r"WARNING|CAUTION)\]|\{\{#(?:include|rustdoc_include)|\[\[(?:autodoc|open-in-colab)\]\]"
)


def raw_spots(tokens: list[Any]) -> int:
    """Text a reader would see that is still component syntax (not code, not a fence)."""
    count = 0
    for token in tokens:
        if token.type == "html_block":
            count += len(RAW_RE.findall(token.content))
        elif token.type == "inline":
            for child in token.children or ():
                if child.type in ("text", "html_inline"):
                    count += len(RAW_RE.findall(child.content))
    return count


def texts(corpus: Path) -> list[str]:
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".mdx"))
    return [p.read_text("utf-8") for p in files]


def cpu_time(parse: Any, docs: list[str]) -> float:
    """CPU seconds of one pass (process time: other processes on the machine count less)."""
    gc.collect()
    start = time.process_time()
    for text in docs:
        parse(text, {})
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    from curriculum_tools.parse import base_parser, markdown_parser

    old, new = base_parser(), markdown_parser()
    for name in ("rust-book", "smolagents-docs"):
        corpus = SHARED / "corpora" / name
        if not corpus.is_dir():
            print(f"{name}: not found under {SHARED}/corpora, skipped")
            continue
        docs = texts(corpus)
        old.parse(docs[0]), new.parse(docs[0])  # warm both
        # interleave the two (alternating which goes first) so machine noise hits both alike
        t_old = t_new = float("inf")
        for round_ in range(args.rounds):
            for which in (0, 1) if round_ % 2 else (1, 0):
                if which:
                    t_new = min(t_new, cpu_time(new.parse, docs))
                else:
                    t_old = min(t_old, cpu_time(old.parse, docs))
        raw_old = sum(raw_spots(old.parse(text)) for text in docs)
        raw_new = sum(raw_spots(new.parse(text)) for text in docs)
        print(
            f"{name}: {len(docs)} files, parse {t_old * 1000:.0f} ms -> {t_new * 1000:.0f} ms "
            f"(new/old {t_new / t_old:.3f}); raw component syntax in prose: {raw_old} -> {raw_new}"
        )


if __name__ == "__main__":
    main()
