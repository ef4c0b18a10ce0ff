"""One repair per damaged word form across the document (issue 13, section 3).

:mod:`.resolve` decides identical damaged words together, but the forms of one word with other
endings (``샘플링이``, ``샘플링을``, ``샘플링하기``: ``링`` loses its byte in each, the endings
differ) are decided apart, each in its own few words of context, and each may stay just below
the confidence threshold.  They are independent observations of the same stem: here their
evidence is summed.

Spots are grouped by their *damaged prefix*: the run of Hangul from its start up to and
including the spot, damaged spots as found (``샘플ë§``).  A prefix of two characters or more
names one stem; a lone damaged syllable does not (``ë˜는`` is 또는 or 되는), nor one that
reads as a particle (``것ì„``: ``것을`` and ``것임을``).  Each distinct
word form of a group gives one observation (identical forms were already decided together:
counted once), the log of its posterior share of each candidate; the sum over forms, divided by
the square root of their number (the syllable prior and the loanword evidence are in each
form's share: the forms are not fully independent), is the group's posterior, capped at the
share of its surest form: pooling decides which reading, it does not claim more than one form.

A spot left unsure (below :data:`UNSURE_BELOW`, it would not be written) takes the group's
reading when the group is sure enough to write it, whether it chose the same or not; a written
spot keeps its own reading and confidence (two words can share a damaged prefix; a group's sum
is no calibrated confidence for a spot already decided).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ..text import is_hangul_syllable
from .choice import Choice, softmax_best
from .codepages import LossySpot
from .loanwords import PARTICLES

MIN_PREFIX = 2  # characters of the damaged prefix (the spot included) that name a stem
FLOOR = 1e-4  # share of a candidate one form did not rank (it had no evidence for it)
# only a spot below this (the threshold below which nothing is written) follows its group: a
# spot written anyway keeps its own confidence (raised, 기포 at 0.977 claimed 0.9999: the
# written spots of the test documents claimed fewer errors than they hold)
UNSURE_BELOW = 0.9


def agree(pieces: Sequence[str | LossySpot], choices: Sequence[Choice]) -> list[Choice]:
    """``choices`` (one per :class:`LossySpot` of ``pieces``) with each damaged stem's
    evidence pooled over its word forms."""
    groups: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for prefix, form, i in _prefixes(pieces):
        if len(prefix) >= MIN_PREFIX and choices[i].shares:
            groups[prefix][form].append(i)
    out = list(choices)
    for forms in groups.values():
        if len(forms) < 2:
            continue
        pooled = _pool([[choices[i] for i in members] for members in forms.values()])
        # no surer than its surest form: the forms share the prior and the loanword evidence,
        # so their sum overstates (uncapped: 4 wrong at >= 0.9 where 0.89 were expected)
        cap = max(_share(choices[i], pooled.char) for ms in forms.values() for i in ms)
        conf = min(pooled.confidence, cap)
        pooled = replace(pooled, confidence=conf, shares=(conf, *pooled.shares[1:]))
        if {pooled.char, *(choices[ms[0]].char for ms in forms.values())} & PARTICLES:
            continue  # 것을 and 것임을 share 것ì„: a particle ends a stem, it is none
        for members in forms.values():
            for i in members:
                if choices[i].confidence < UNSURE_BELOW < pooled.confidence:
                    out[i] = pooled
    return out


def _pool(forms: list[list[Choice]]) -> Choice:
    """The summed evidence of the word forms (each the mean share over its occurrences)."""
    cands = list(dict.fromkeys(c for ch in forms for occ in ch for c in occ.ranked))
    totals = [0.0] * len(cands)
    for occs in forms:
        for n, c in enumerate(cands):
            mean = sum(_share(o, c) for o in occs) / len(occs)
            totals[n] += math.log(max(mean, FLOOR))
    scale = 1 / math.sqrt(len(forms))
    probs = softmax_best([t * scale for t in totals])
    order = sorted(range(len(cands)), key=lambda n: -probs[n])
    return Choice(
        cands[order[0]],
        probs[order[0]],
        tuple(cands[n] for n in order),
        tuple(probs[n] for n in order),
    )


def _share(choice: Choice, cand: str) -> float:
    try:
        return choice.shares[choice.ranked.index(cand)]
    except (ValueError, IndexError):
        return 0.0


def _prefixes(
    pieces: Sequence[str | LossySpot],
) -> list[tuple[tuple[str, ...], tuple[str, ...], int]]:
    """(damaged prefix, damaged word form, spot index) of every spot inside a run of Hangul."""
    units: list[tuple[str, int]] = []  # (character or damaged text, spot index or -1)
    n = 0
    for p in pieces:
        if isinstance(p, str):
            units.extend((ch, -1) for ch in p)
        else:
            hangul = any(map(is_hangul_syllable, p.candidates))
            units.append((p.before if hangul else "\x00", n if hangul else -2))
            n += 1
    out = []
    start = 0
    for end in range(len(units) + 1):
        if end < len(units) and (units[end][1] >= 0 or is_hangul_syllable(units[end][0])):
            continue
        run = units[start:end]
        form = tuple(u for u, _ in run)
        for k, (_, i) in enumerate(run):
            if i >= 0:
                out.append((form[: k + 1], form, i))
        start = end + 1
    return out
