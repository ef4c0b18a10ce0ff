"""The dynamic programme that aligns the segments of one section pair (see :mod:`._segments`).

Scores: code against code by content similarity, math by its formula, prose by shared anchors,
block kind and length (the target's prose length against the source's scaled by the
document's ratio). 1-1, 2-1 and 1-2 matches are allowed; skipping costs nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import pairwise

from ._code import code_similarity
from ._domains import PROSE_KINDS, Segment

_DP_CELLS = 60_000
"""Largest segment matrix aligned by the dynamic programme (bigger: anchors and order only)."""


def _score(a: Segment, b: Segment, ratio: float) -> float:
    ka, kb = a.block.kind, b.block.kind
    if ka == "code" or kb == "code":
        if ka != kb:
            return -9.0
        return 6.0 * code_similarity(a.block, b.block) - 2.5
    if ka == "math" or kb == "math":
        return 3.0 if ka == kb and a.anchors == b.anchors else -9.0
    score = 0.5 if ka == kb else -0.75
    if ka == kb == "table":
        score += 1.0 if (a.block.rows, a.block.cols) == (b.block.rows, b.block.cols) else 0.0
    aa, ab = a.anchors, b.anchors
    if aa or ab:
        na, nb = len(aa), len(ab)
        shared = len(aa & ab)
        score += 4.0 * shared / (na + nb - shared)  # the size of the union
        if not shared and (na >= 2 or nb >= 2):
            score -= 1.5
    if a.own != b.own:
        score -= FOLDED_COST  # own content first; a folded subsection is the fallback
    ca, cb = a.chars, b.chars  # _length_score, inline (the alignment asks for it often)
    if ca == 0 and cb == 0:
        return score + 0.5
    if ca == 0 or cb == 0:
        return score - 2.0
    return score + max(-3.0, 1.5 - 2.0 * abs(math.log(cb / (ca * ratio))))


def _matrix(en: list[Segment], ko: list[Segment], ratio: float, band: int) -> list[list[float]]:
    """``_score(a, b) + 0.5 - abs(i / n - j / m)`` of every segment pair within the band
    (-9.0 outside): :func:`_score` with each segment's features read once, prose inline.

    Only the columns near the band are visited (the exact band test still decides each)."""
    n, m = len(en), len(ko)
    log = math.log
    feats = [(s.block.kind, s.anchors, len(s.anchors), s.own, s.chars) for s in ko]
    shapes = [(s.block.rows, s.block.cols) for s in ko]
    across = [j / m for j in range(m)]
    out: list[list[float]] = []
    for i, a in enumerate(en):
        ka, aa, na, oa, ca = a.block.kind, a.anchors, len(a.anchors), a.own, a.chars
        special = ka in _SPECIAL
        a_shape = (a.block.rows, a.block.cols)
        scaled = ca * ratio
        down = i / n
        centre = i * m / n
        row = [-9.0] * m
        low = max(0, int(centre - band) - 1)
        high = min(m, int(centre + band) + 2)
        for j in range(low, high):
            if abs(centre - j) > band:
                continue
            kb, ab, nb, ob, cb = feats[j]
            if special or kb in _SPECIAL:
                # code or math facing another kind scores -9.0 (what _score says)
                value = _score(a, ko[j], ratio) if ka == kb else -9.0
                row[j] = value + 0.5 - abs(down - across[j])
                continue
            score = 0.5 if ka == kb else -0.75  # from here on: _score of two prose segments
            if ka == kb == "table":
                score += 1.0 if a_shape == shapes[j] else 0.0
            if na or nb:
                shared = len(aa & ab)
                score += 4.0 * shared / (na + nb - shared)
                if not shared and (na >= 2 or nb >= 2):
                    score -= 1.5
            if oa != ob:
                score -= FOLDED_COST
            if ca == 0 and cb == 0:
                length = 0.5
            elif ca == 0 or cb == 0:
                length = -2.0
            else:
                length = max(-3.0, 1.5 - 2.0 * abs(log(cb / scaled)))
            row[j] = score + length + 0.5 - abs(down - across[j])
        out.append(row)
    return out


segment_score = _score  # the pair score of two segments, for rules that look further

_SPECIAL = frozenset({"code", "math"})
"""Kinds :func:`_score` judges apart from prose."""


def _merged(segs: Iterable[Segment]) -> Segment:
    items = list(segs)
    anchors: frozenset[str] = frozenset().union(*(s.anchors for s in items))
    links = tuple(x for s in items for x in s.html_links)
    return Segment(items[0].block, items[0].own, sum(s.chars for s in items), anchors, links)


def _prose(s: Segment) -> bool:
    return s.block.kind in PROSE_KINDS


Group = tuple[tuple[int, ...], tuple[int, ...]]
_STAY, _DOWN, _RIGHT = (0, 0, 0.0), (1, 0, 0.0), (0, 1, 0.0)
"""Moves of the alignment programme: none (the end), skip a source / a target segment."""
BAND_MIN = 12
BAND_SHARE = 0.35
"""Segments further apart than this (in the scaled order of the other side) are not compared."""
MERGE_COST = 0.4
FOLDED_COST = 0.75
"""Score given up when one segment is a section's own and the other a folded subsection's."""
"""Score given up by a 2-1 or 1-2 match (a translator joined or split paragraphs)."""


def align(en: list[Segment], ko: list[Segment], ratio: float) -> list[Group]:
    n, m = len(en), len(ko)
    if not n or not m:
        return []
    if n * m > _DP_CELLS:  # huge sections: same-kind segments sharing anchors, in order
        found: list[Group] = []
        j = 0
        for i, a in enumerate(en):
            for k in range(j, min(m, j + 8)):
                if _score(a, ko[k], ratio) > 1.0:
                    found.append(((i,), (k,)))
                    j = k + 1
                    break
        return found
    band = max(BAND_MIN, int(BAND_SHARE * max(n, m)))
    score = _matrix(en, ko, ratio, band)
    merged_en = [
        _merged(en[i : i + 2]) if _prose(en[i]) and _prose(en[i + 1]) else None
        for i in range(n - 1)
    ]
    merged_ko = [
        _merged(ko[j : j + 2]) if _prose(ko[j]) and _prose(ko[j + 1]) else None
        for j in range(m - 1)
    ]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move: list[list[tuple[int, int, float]]] = [[_STAY] * (m + 1) for _ in range(n + 1)]
    # the last row and column: skipping is all there is (every best value is >= 0)
    move[n][:m] = [_RIGHT] * m
    for i in range(n):
        move[i][m] = _DOWN
    prose_ko = [_prose(b) for b in ko]
    across = [j / m for j in range(m)]
    for i in range(n - 1, -1, -1):
        here, below = best[i], best[i + 1]
        row, row_below = score[i], score[i + 1] if i + 1 < n else []
        moves = move[i]
        pair_en = merged_en[i] if i + 1 < n else None  # not None: 2-1 matches possible
        prose_en = _prose(en[i])
        down = i / n
        for j in range(m - 1, -1, -1):
            value, step = below[j], _DOWN
            if here[j + 1] > value:
                value, step = here[j + 1], _RIGHT
            s = row[j]
            if s > 0 and below[j + 1] + s > value:
                value, step = below[j + 1] + s, (1, 1, s)
            if pair_en is not None and prose_ko[j] and (s > -1.0 or row_below[j] > -1.0):
                near = 0.5 - abs(down - across[j])
                s2 = _score(pair_en, ko[j], ratio) + near - MERGE_COST
                if s2 > 0 and best[i + 2][j + 1] + s2 > value:
                    value, step = best[i + 2][j + 1] + s2, (2, 1, s2)
            if prose_en and j + 1 < m and (s > -1.0 or row[j + 1] > -1.0):
                pair_ko = merged_ko[j]
                if pair_ko is not None:
                    near = 0.5 - abs(down - across[j])
                    s2 = _score(en[i], pair_ko, ratio) + near - MERGE_COST
                    if s2 > 0 and below[j + 2] + s2 > value:
                        value, step = below[j + 2] + s2, (1, 2, s2)
            here[j] = value
            moves[j] = step
    out: list[Group] = []
    i = j = 0
    while i < n or j < m:
        di, dj, s = move[i][j]
        if di and dj:
            out.append((tuple(range(i, i + di)), tuple(range(j, j + dj))))
        i, j = i + di, j + dj
        if di == dj == 0:
            break
    return out


CROSS_WINDOW = 3
"""How far (in segments) a prose segment may have moved past its neighbours (a caption
written below the code in one language and above it in the other)."""


def local_crossings(
    en: list[Segment], ko: list[Segment], matches: list[Group], ratio: float
) -> list[Group]:
    """Unmatched prose segments paired with a near segment on strong evidence: first with a
    near unmatched one, then (a segment split in two around a code block, a caption above
    the code in one language and below it in the other) with a near matched one."""
    got_en = {i for g, _ in matches for i in g}
    got_ko = {j for _, g in matches for j in g}
    pos_ko = {j: i for g_en, g_ko in matches for i in g_en for j in g_ko}

    def expected(j: int) -> int:
        before = [k for k in pos_ko if k < j]
        return pos_ko[max(before)] + j - max(before) if before else j

    scored = []
    places = [expected(j) for j in range(len(ko))]
    prose_ko = [_prose(b) for b in ko]
    for i in range(len(en)):
        if not _prose(en[i]):
            continue
        for j in range(len(ko)):
            if (i in got_en and j in got_ko) or not prose_ko[j]:
                continue
            if abs(i - places[j]) > CROSS_WINDOW:
                continue
            shared = len(en[i].anchors & ko[j].anchors)
            score = _score(en[i], ko[j], ratio)
            both_free = i not in got_en and j not in got_ko
            if shared and (score > 1.0 or shared >= 2) and (both_free or shared >= 2):
                scored.append((not both_free, -score, i, j))
            elif both_free and not en[i].anchors and not ko[j].anchors and score > 1.5:
                scored.append((True, -score, i, j))  # plain prose moved a short hop
    out: list[Group] = []
    for _taken, _neg, i, j in sorted(scored):
        if i in got_en and j in got_ko:
            continue
        got_en.add(i)
        got_ko.add(j)
        out.append(((i,), (j,)))
    return out


SANDWICH_MIN = -1.0
"""Least score of a lone pair left between two matches that still counts as one paragraph."""


def sandwiched(
    en: list[Segment], ko: list[Segment], matches: list[Group], ratio: float
) -> list[Group]:
    """A lone unmatched source segment and a lone unmatched target segment of the same prose
    kind between two matched groups, of a plausible length: the same paragraph, changed (the
    source added a sentence with a link; the facts it lost are reported one by one)."""
    got_en = sorted(i for g, _ in matches for i in g)
    got_ko = sorted(j for _, g in matches for j in g)
    pairs = sorted((max(g_en), max(g_ko), min(g_en), min(g_ko)) for g_en, g_ko in matches)
    taken_en, taken_ko = set(got_en), set(got_ko)
    out: list[Group] = []
    for (end_en, end_ko, _, _), (_, _, next_en, next_ko) in pairwise(pairs):
        gap_en = [i for i in range(end_en + 1, next_en) if i not in taken_en]
        gap_ko = [j for j in range(end_ko + 1, next_ko) if j not in taken_ko]
        if len(gap_en) != 1 or len(gap_ko) != 1 or next_en - end_en != 2 or next_ko - end_ko != 2:
            continue
        a, b = en[gap_en[0]], ko[gap_ko[0]]
        if a.block.kind != b.block.kind or not _prose(a) or not a.own or not b.own:
            continue
        if not a.chars or not b.chars or abs(math.log(b.chars / (a.chars * ratio))) > math.log(2):
            continue
        if _score(a, b, ratio) > SANDWICH_MIN:
            out.append(((gap_en[0],), (gap_ko[0],)))
    return out
