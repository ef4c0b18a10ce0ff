"""Where the lost syllables of UTF-8 read as CP949 with ``?`` (Windows) go.

    python bench/bench_qmark.py [fixtures|held] [-v]

``fixtures``: the nine Korean test documents (the family was tuned on them).  ``held``: real
pages never used for tuning, chosen by size alone (about as many syllables as the fixtures):
the four smallest smolagents pages of the held-out half of ``bench/lossy_holdout.py`` and the
rust-book pages of its fixed-seed sample shorter than 2,000 characters.  ``-v`` lists each
damaged word written wrong (WRONG) or left as found (KEPT).

Damages the Korean test documents (tests/encoding_damage.py), repairs them with kiwipiepy and
sorts every Hangul syllable that lost bytes:

- restored: written and right;
- all three bytes lost, missed (a particle or a one-syllable word: context alone decides);
- not enumerated / pruned: the right word is not among the readings, or the beam dropped it;
- wrong at the top: ranked, but another filling won;
- right but uncertain: below the confidence threshold (reported, not written);
- written wrong: at confidence >= the threshold but not the original (the calibration check:
  compare with the expected number, the sum of 1 - confidence over the written ones).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lossy_holdout import sets  # noqa: E402
from curriculum_tools.encoding import korean, layer, qrank  # noqa: E402
from curriculum_tools.encoding.doublebyte import Piece  # noqa: E402
from curriculum_tools.fix_encoding import repair_text  # noqa: E402
from tests.encoding_damage import (  # noqa: E402
    cp949_text,
    damage_korean,
    lost_korean,
    measure,
    missed_words,
)

FAMILY = "utf8-cp949-qmark"


def _windows_chars(data: bytes) -> list[tuple[int, int]]:
    """The byte range of each character of the Windows CP949 reading of ``data``."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(data):
        b = data[i]
        size = 1
        if b >= 0x80:
            pair = data[i : i + 2]
            try:
                pair.decode("cp949")
                size = 2
            except UnicodeDecodeError:
                size = 2 if len(pair) == 2 and 0x81 <= b <= 0xFE and pair[1] >= 0x41 else 1
        out.append((i, i + size))
        i += size
    return out


def documents(which: str) -> list[Path]:
    """The documents of the set ``which`` (see the module docstring)."""
    if which == "fixtures":
        return sorted((ROOT / "tests" / "fixtures" / "encoding" / "korean").glob("*.md"))
    chosen = sets()
    smol = sorted(chosen["hold"], key=lambda p: (len(p.read_text(encoding="utf-8")), p.name))
    rust = [p for p in chosen["rust"] if len(p.read_text(encoding="utf-8")) < 2000]
    return smol[:4] + sorted(rust)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    which = args[0] if args else "fixtures"
    paths = documents(which)
    model = korean.model_named("kiwipiepy")
    seen: dict[str, object] = {}
    rows = qrank._rows

    def spy(parsed: qrank.Parsed, lines: dict[int, str], decided: dict[qrank.Occ, qrank.Outcome]):  # type: ignore[no-untyped-def]
        seen["parsed"], seen["decided"] = parsed, decided
        return rows(parsed, lines, decided)

    qrank._rows = spy  # type: ignore[assignment]
    classes: Counter[str] = Counter()
    expected = 0.0
    same = [0, 0]  # characters right, characters
    start = time.perf_counter()
    for path in paths:
        original = cp949_text(path.read_text(encoding="utf-8"))
        damaged = damage_korean(original, FAMILY)
        lost = set(lost_korean(original, FAMILY))
        seen.clear()
        res = repair_text(damaged, model=model)
        score = measure(original, res.text, sorted(lost))
        if "-v" in sys.argv:
            _misses(path.name, original, res.text, lost)
        classes["lost"] += score.lost_hangul
        classes["restored"] += score.restored_hangul
        same[0] += round(score.char_accuracy * len(original))
        same[1] += len(original)
        parsed = seen.get("parsed", {})
        decided = seen.get("decided", {})
        assert isinstance(parsed, dict) and isinstance(decided, dict)
        offset = 0
        for k, (line, bad) in enumerate(
            zip(original.split("\n"), damaged.split("\n"), strict=True)
        ):
            spans = _windows_chars(line.encode("utf-8"))
            starts = [0]
            for ch in line:
                starts.append(starts[-1] + len(ch.encode("utf-8")))
            for j, ch in enumerate(line):
                if offset + j not in lost or not "\uac00" <= ch <= "\ud7a3":
                    continue
                a, b = starts[j], starts[j + 1]
                held = [n for n, (x, y) in enumerate(spans) if x < b and y > a]
                all_lost = (
                    all(bad[n] == "?" for n in held)
                    and sum(min(b, spans[n][1]) - max(a, spans[n][0]) for n in held) == 3
                )
                seg = next(
                    (
                        (jj, s, e, opts)
                        for jj, (s, e, opts) in enumerate(parsed.get(k, []))
                        if spans[s][0] <= a and b <= spans[e - 1][1]
                    ),
                    None,
                )
                if seg is None:
                    classes["line not read"] += 1
                    continue
                jj, s, e, options = seg
                sa, sb = spans[s][0], spans[e - 1][1]
                idx = [i for i in range(len(line)) if starts[i] < sb and starts[i + 1] > sa]
                truth, pos = "".join(line[i] for i in idx), j - idx[0]
                out = decided.get((k, jj))
                pieces: list[Piece] = out.pieces if out is not None else []
                top = "".join(p.char for p in pieces)
                right_top = len(top) == len(truth) and top[pos] == truth[pos]
                conf = out.confidence[pos] if out is not None and len(pieces) == len(truth) else 0.0
                written = (
                    out is not None
                    and out.whole
                    and len(top) == len(truth)
                    and conf >= layer.CONFIDENCE_THRESHOLD
                )
                if written and pieces[pos].candidates:
                    expected += 1 - conf
                    classes["written"] += 1
                    classes["written wrong"] += not right_top
                if written and right_top:
                    continue
                enumerated = any(
                    len(r) == len(truth)
                    and all(
                        p.char == c if not p.candidates else c in p.candidates
                        for p, c in zip(r, truth, strict=True)
                    )
                    for r in options
                )
                if all_lost:
                    classes["missed: all three bytes lost"] += 1
                elif not enumerated:
                    classes["missed: not enumerated"] += 1
                elif right_top:
                    classes["missed: right but uncertain"] += 1
                else:
                    classes["missed: pruned or wrong at the top"] += 1
            offset += len(line) + 1
        print(
            f"  after {path.name}: {classes['restored']}/{classes['lost']} restored, "
            f"{classes['written wrong']} written wrong, {expected:.1f} expected",
            flush=True,
        )
    took = time.perf_counter() - start
    lost_n = classes.pop("lost")
    print(f"UTF-8 read as CP949 with ?: {which} ({len(paths)} documents), {lost_n} lost syllables")
    print(f"  {took:.0f} s; restored {classes['restored'] / lost_n:.1%}")
    for name, n in classes.most_common():
        print(f"  {name:38} {n:6} {n / lost_n:7.1%}")
    print(f"  written wrong, expected by the confidences: {expected:.1f}")
    print(f"  character accuracy {same[0] / same[1]:.4f}")


def _misses(name: str, original: str, repaired: str, lost: set[int]) -> None:
    """Print each damaged word of ``original`` that ``repaired`` does not restore."""
    for word, got, span in missed_words(original, repaired, lost):
        kind = "KEPT " if "?" in span else "WRONG"
        print(f"  {kind} {name}: {word} -> {got}")


if __name__ == "__main__":
    main()
