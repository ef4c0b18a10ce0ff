"""The scores and confidences shared by the two stages of the ``?`` family (:mod:`.qrank` ranks
each damaged word alone, :mod:`.qline` in its line): the syllable frequency prior of a
hypothesis, and the posterior of a set of hypotheses at the family's temperature."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..text import is_hangul_syllable
from .doublebyte import Piece

Key = tuple[str, str, str]  # a damaged word form: its text and the ASCII glued to a short one
Occ = tuple[int, int]  # (line, segment of the line)
Hyp = tuple[float, int, tuple[str, ...]]  # (score, reading, characters)

LITERAL_COST = 8.0  # a "?" read as itself inside a word (rare)
OTHER_COST = -12.0  # ln p of a non-Hangul, non-ASCII character (Hanja, punctuation)
# softmax temperature of the posterior: the hypotheses are a pruned few of many readings and
# fillings, so the model's own posterior (1.0) is overconfident here.  Measured on the damage
# simulator (nine test documents, every lost syllable written at >= 0.9, wrong against expected
# by the confidences): beam 8, temperature 1.0: 137 against 12; beam 16: 1.5: 52 against 19,
# 1.75: 41 against 23 (61 % restored), 2.0: 25 against 26 (57 %); with the joint decision of
# each line (.qline), 1.75: 42 against 23.6 (63 %); on held-out real pages 61 against 19.2
TEMPERATURE = 1.75
SURE = 0.99  # repaired this surely: taught to the document as intact text in the second pass


@dataclass(frozen=True, slots=True)
class Outcome:
    """A segment decided: its pieces, and per piece with holes its confidence and ranking."""

    pieces: list[Piece]
    confidence: list[float]  # per piece (1.0 for pieces read whole and sure)
    ranked: list[tuple[str, ...]]
    whole: bool  # False: the reading itself is in doubt, the segment stays as found


PRIOR_WEIGHT = 0.3  # weight of the syllable frequency prior (ln p per syllable)


def _prior(chars: list[str]) -> float:
    from .resolve import UNSEEN_SYLLABLE, _syllable_table

    table = _syllable_table()
    total = 0.0
    for c in chars:
        if is_hangul_syllable(c):
            total += PRIOR_WEIGHT * table.get(c, UNSEEN_SYLLABLE)
        elif c == "?":
            total -= LITERAL_COST
        elif not c.isascii():
            total += PRIOR_WEIGHT * OTHER_COST
    return total


def _outcome(options: list[list[Piece]], hyps: list[tuple[float, int, tuple[str, ...]]]) -> Outcome:
    """The best hypothesis, each piece's confidence the posterior share of those agreeing."""
    top = max(hyps, key=lambda h: h[0])
    weights = [math.exp((h[0] - top[0]) / TEMPERATURE) for h in hyps]
    total = sum(weights)
    _, r, chars = top
    pieces = options[r]
    conf: list[float] = []
    ranked: list[tuple[str, ...]] = []
    for k, ch in enumerate(chars):
        share: dict[str, float] = {}
        for w, (_, _, other) in zip(weights, hyps, strict=True):
            alt = other[k] if len(other) == len(chars) else ""
            share[alt] = share.get(alt, 0.0) + w / total
        conf.append(min(1.0, share.get(ch, 0.0)))
        order = sorted((c for c in share if c), key=lambda c: -share[c])
        ranked.append((ch, *(c for c in order if c != ch)))
    chosen = [Piece(p.before, chars[k], p.candidates and ranked[k]) for k, p in enumerate(pieces)]
    whole = all(c >= SURE for c, p in zip(conf, pieces, strict=True) if not p.candidates)
    return Outcome(chosen, conf, ranked, whole)


def _sure(out: Outcome) -> bool:
    return out.whole and min(out.confidence) >= SURE
