"""Injected-defect recall of ``ctools lint`` on the shared real corpora.

Not part of ``make test``. Run ``.venv/bin/python bench/bench_recall.py [--pairs 12] [--seed 16]``.

For each corpus (``../shared/corpora/rust-book`` and ``smolagents-docs``) and each defect
injector of ``tests/injections.py``, up to ``--pairs`` document pairs are drawn with a fixed
seed among the pairs the injector applies to. The pair is copied alone into a temporary
project, linted, damaged by the injector and linted again. The injection is *found* when every
finding the injector expects (rule, side, line) is reported after the damage more often than
before it (a finding the clean pair already had at that place, with the same message, does
not count). Recall is
printed per injector and overall, per corpus; the misses are listed with what was reported
near the expected line, so that a miss can be read.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curriculum_tools.config import Config  # noqa: E402
from curriculum_tools.lint import check  # noqa: E402
from curriculum_tools.project import load_corpus  # noqa: E402
from tests.injections import INJECTORS  # noqa: E402

CANDIDATES = [ROOT.parent / "shared", ROOT.parent.parent / "shared", Path("/work/shared")]
SHARED = next((p for p in CANDIDATES if (p / "corpora").is_dir()), CANDIDATES[-1])
CORPORA = ("rust-book", "smolagents-docs")

Key = tuple[str, str, int]
Said = tuple[str, str, int, str]
"""A finding with its message: a list of 9 items that becomes 8 is new even where the clean
pair already had a list-count finding (for 10 against 9) at that line."""


def pairs_of(corpus: Path) -> list[str]:
    """Relative paths of the Markdown documents present in both languages."""
    en = {p.relative_to(corpus / "en").as_posix() for p in (corpus / "en").rglob("*.md")}
    ko = {p.relative_to(corpus / "ko").as_posix() for p in (corpus / "ko").rglob("*.md")}
    return sorted(en & ko)


def lint_pair(root: Path, rel: str, en: str, ko: str) -> tuple[Counter[Said], list[Said]]:
    for lang, text in (("en", en), ("ko", ko)):
        path = root / lang / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    config = Config(root=root)
    result = check(load_corpus([root], config), config)
    keys = [(f.rule, f.path.relative_to(root).parts[0], f.line, f.message) for f in result.findings]
    return Counter(keys), keys


def measure(corpus: Path, pairs: int, seed: int, verbose: bool) -> tuple[int, int]:
    rels = pairs_of(corpus)
    texts = {
        rel: ((corpus / "en" / rel).read_text("utf-8"), (corpus / "ko" / rel).read_text("utf-8"))
        for rel in rels
    }
    clean: dict[str, Counter[Said]] = {}
    found_all = total_all = 0
    print(f"\n{corpus.name}: {len(rels)} pairs, up to {pairs} per injector (seed {seed})")
    for name, injector in sorted(INJECTORS.items()):
        rng = random.Random(f"{seed}-{name}")
        order = rels[:]
        rng.shuffle(order)
        found = total = 0
        misses: list[str] = []
        for rel in order:
            if total >= pairs:
                break
            en, ko = texts[rel]
            injected = injector(en, ko)
            if injected is None:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp)
                if rel not in clean:
                    clean[rel] = lint_pair(root / "clean", rel, en, ko)[0]
                after, keys = lint_pair(root / "damaged", rel, injected[0], injected[1])
            total += 1
            new = {k[:3] for k in keys if after[k] > clean[rel][k]}
            ok = all(key in new for key in injected[2])
            found += ok
            if not ok:
                near = sorted(
                    k
                    for k in new
                    for r, side, line in injected[2]
                    if k[1] == side and abs(k[2] - line) <= 3
                )
                misses.append(f"    {rel}: expected {injected[2]}, new nearby {near}")
        found_all += found
        total_all += total
        rate = f"{found / total:.3f}" if total else "  n/a"
        print(f"  {name:30} {found:3}/{total:<3} {rate}")
        if verbose:
            print("\n".join(misses)) if misses else None
    rate = found_all / total_all if total_all else 0.0
    print(f"  {'overall':30} {found_all:3}/{total_all:<3} {rate:.3f}")
    return found_all, total_all


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=12, help="pairs per injector and corpus")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--quiet", action="store_true", help="do not list the misses")
    parser.add_argument("--corpus", action="append", choices=CORPORA)
    args = parser.parse_args()
    for name in args.corpus or CORPORA:
        corpus = SHARED / "corpora" / name
        if not corpus.is_dir():
            print(f"{name}: corpus not present at {corpus}, skipped")
            continue
        measure(corpus, args.pairs, args.seed, not args.quiet)
    return 0


if __name__ == "__main__":
    shutil.disk_usage(tempfile.gettempdir())
    sys.exit(main())
