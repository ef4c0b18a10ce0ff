"""Lost syllables recovered on real Korean pages held out from development (issue 13, section 3).

    python bench/lossy_holdout.py [dev|hold|rust|fixtures|FOLDER] [cp1254|cp1252] [LAYERS] [-v]
    python bench/lossy_holdout.py rust cp1254 --calibration   # everything written, compared

Not run by ``make bench`` (minutes per set on 2 cores).  The sets: the 17 smolagents Korean
pages of ``../shared/corpora`` split in two by sorted path (``dev``: even positions, the half
the lossy changes of this round were developed on; ``hold``: odd positions, only measured), 12
rust-book Korean pages drawn with a fixed seed (``rust``: never looked at while developing),
and the nine test documents (``fixtures``); or every ``*.md`` under any FOLDER given instead
(pages fetched from elsewhere, kept out of the repository, as a fresh held-out set).  Each page is damaged by tests/encoding_damage.py,
repaired with the installed model, and compared; ``-v`` lists every miss as WRONG (written
wrong) or UNSURE (below the confidence threshold, left as found).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curriculum_tools.encoding import korean  # noqa: E402
from curriculum_tools.fix_encoding import repair_text  # noqa: E402
from tests.encoding_damage import (  # noqa: E402
    damage,
    lost_positions,
    lost_positions_twice,
    measure,
    missed_words,
)

SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared",
)


def pages(which: str) -> list[Path]:
    """The named set, or every Markdown page under a folder."""
    named = sets()
    if which in named:
        return named[which]
    folder = Path(which)
    if not folder.is_dir():
        raise SystemExit(f"lossy_holdout: {which}: not a set ({', '.join(named)}) nor a folder")
    return sorted(folder.rglob("*.md"))


def sets() -> dict[str, list[Path]]:
    smol = sorted((SHARED / "corpora" / "smolagents-docs" / "ko").rglob("*.md"))
    rust = sorted((SHARED / "corpora" / "rust-book" / "ko").rglob("*.md"))
    return {
        "dev": smol[0::2],
        "hold": smol[1::2],
        "rust": random.Random(13).sample(rust, min(12, len(rust))),
        "fixtures": sorted((ROOT / "tests" / "fixtures" / "encoding" / "korean").glob("*.md")),
    }


def _hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def misses(path: Path, doc: str, out: str, lost: set[int]) -> list[str]:
    rows = []
    for word, got, span in missed_words(doc, out, lost):
        unsure = any(ch > "\x7f" and not _hangul(ch) for ch in span)
        rows.append(f"{'UNSURE' if unsure else 'WRONG '} {path.name}: {word} -> {got}")
    return rows


def calibration(paths: list[Path], page: str) -> None:
    """Write every reconstruction (threshold 0) and compare the confident ones with the truth."""
    from curriculum_tools.encoding import layer

    layer.CONFIDENCE_THRESHOLD = 0.0
    expected, wrong, total, skipped = 0.0, 0, 0, 0
    for path in paths:
        doc = path.read_text(encoding="utf-8")
        res = repair_text(damage(doc, page))
        if len(res.text) != len(doc):  # a spot left as found shifts the columns: not comparable
            skipped += 1
            continue
        lines = doc.split("\n")
        for s in res.spots:
            if s.kind != "lossless" and _hangul(s.after) and s.confidence >= 0.9:
                total += 1
                expected += 1 - s.confidence
                wrong += lines[s.line - 1][s.column - 1] != s.after
    print(f"spots at >= 0.9: {total}, expected wrong {expected:.1f}, wrong {wrong}", end="")
    print(f" ({skipped} of {len(paths)} pages not comparable)")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    which = args[0] if args else "hold"
    page = args[1] if len(args) > 1 else "cp1254"
    layers = int(args[2]) if len(args) > 2 else 1
    if "--calibration" in sys.argv:
        calibration(pages(which), page)
        return
    model = korean.default_model()
    lost_total = restored = 0
    start = time.perf_counter()
    for path in pages(which):
        doc = path.read_text(encoding="utf-8")
        damaged = damage(doc, page, layers=layers)
        positions = lost_positions_twice(doc, page) if layers == 2 else lost_positions(doc, page)
        out = repair_text(damaged, model=model).text
        score = measure(doc, out, positions)
        lost_total += score.lost_hangul
        restored += score.restored_hangul
        if "-v" in sys.argv:
            for row in misses(path, doc, out, {k for k in positions if _hangul(doc[k])}):
                print("  ", row)
    took = time.perf_counter() - start
    print(
        f"{which} {page} x{layers} ({model.name}): {restored}/{lost_total} lost syllables back "
        f"= {restored / max(lost_total, 1):.3%}, {lost_total - restored} missed, {took:.0f} s"
    )


if __name__ == "__main__":
    main()
