"""A decision for one lossy spot: the character chosen, its confidence and the candidates.

Kept apart from :mod:`.resolve` (which ranks) so that the document-level steps after ranking
(:mod:`.consensus`) read the same record: ``shares`` holds the posterior share of every ranked
candidate, not only of the one chosen.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .codepages import LossySpot

TEMPERATURE = 1.0  # scores are log probabilities: the softmax at 1 is the model's posterior


@dataclass(frozen=True, slots=True)
class Choice:
    char: str
    confidence: float
    ranked: tuple[str, ...]  # candidates, best first
    shares: tuple[float, ...] = ()  # posterior share of each ranked candidate (when known)


def softmax_best(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp((s - top) / TEMPERATURE) for s in scores]
    total = sum(exps)
    return [min(1.0, e / total) for e in exps]


def hole_choices(
    combos: Sequence[tuple[str, ...]],
    totals: Sequence[float],
    holes: Sequence[int],
    spots: Sequence[LossySpot],
) -> list[Choice]:
    """A :class:`Choice` per hole from the scores of the joint candidates."""
    probs = softmax_best(totals)
    top = max(range(len(combos)), key=lambda n: totals[n])
    out = []
    for h in range(len(holes)):
        share: dict[str, float] = defaultdict(float)
        for n, combo in enumerate(combos):
            share[combo[h]] += probs[n]
        pick = combos[top][h]
        by_share = sorted(share, key=lambda c: -share[c])
        rest = [c for c in spots[h].candidates if c not in share]
        ranked = (pick, *(c for c in by_share + rest if c != pick))
        shares = tuple(min(1.0, share.get(c, 0.0)) for c in ranked)
        out.append(Choice(pick, min(1.0, share[pick]), ranked, shares))
    return out
