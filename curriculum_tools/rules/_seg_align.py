"""The dynamic programme that aligns the segments of one section pair (see :mod:`._segments`).

Scores: code against code by content similarity, math by its formula, prose by shared anchors,
block kind and length (the target's prose length against the source's scaled by the
document's ratio). 1-1, 2-1 and 1-2 matches are allowed; skipping costs nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

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
        hard = len(aa & ab)
        shared = hard or (len(aa & b.words) if b.words else 0)  # words: see Segment.words
        score += 4.0 * shared / (na + nb - hard)  # the size of the union
        if not shared and (na >= 2 or nb >= 2):
            score -= 1.5
    score -= folded_cost(a, b)  # own content first; a folded subsection is the fallback
    ca, cb = a.chars, b.chars  # _length_score, inline (the alignment asks for it often)
    if ca == 0 and cb == 0:
        return score + 0.5
    if ca == 0 or cb == 0:
        return score - 2.0
    return score + max(-3.0, 1.5 - 2.0 * abs(math.log(cb / (ca * ratio))))


def _matrix(
    en: list[Segment],
    ko: list[Segment],
    ratio: float,
    band: int,
    places: tuple[list[float], list[float]] | None = None,
) -> list[list[float]]:
    """``_score(a, b) + 0.5 - abs(i / n - j / m)`` of every segment pair within the band
    (-9.0 outside): :func:`_score` with each segment's features read once, prose inline.

    Only the columns near the band are visited (the exact band test still decides each).
    ``places`` replaces ``i / n`` and ``j / m`` (:func:`_own_places`); every column is
    visited then."""
    n, m = len(en), len(ko)
    log = math.log
    feats = [(s.block.kind, s.anchors, len(s.anchors), s.own, s.chars) for s in ko]
    words = [s.words for s in ko]
    shapes = [(s.block.rows, s.block.cols) for s in ko]
    bare_ko = [s.bare for s in ko]
    downs, across = places if places else ([i / n for i in range(n)], [j / m for j in range(m)])
    out: list[list[float]] = []
    for i, a in enumerate(en):
        ka, aa, na, oa, ca = a.block.kind, a.anchors, len(a.anchors), a.own, a.chars
        special = ka in _SPECIAL
        a_shape = (a.block.rows, a.block.cols)
        scaled = ca * ratio
        down = downs[i]
        centre = down * m if places else i * m / n
        row = [-9.0] * m
        low = 0 if places else max(0, int(centre - band) - 1)
        high = m if places else min(m, int(centre + band) + 2)
        for j in range(low, high):
            if abs(centre - (across[j] * m if places else j)) > band:
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
            shared = 0
            if na or nb:
                hard = len(aa & ab)
                shared = hard or (len(aa & words[j]) if na and words[j] else 0)
                score += 4.0 * shared / (na + nb - hard)
                if not shared and (na >= 2 or nb >= 2):
                    score -= 1.5
            if oa != ob:
                bare = (a.bare or bare_ko[j]) and not shared
                score -= FOLDED_COST + FOLDED_BARE_COST if bare else FOLDED_COST
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
    own, bare = items[0].own, items[0].bare
    return Segment(items[0].block, own, sum(s.chars for s in items), anchors, links, bare)


def _prose(s: Segment) -> bool:
    return s.block.kind in PROSE_KINDS


is_prose = _prose  # for the second look (:mod:`._seg_second`)


Group = tuple[tuple[int, ...], tuple[int, ...]]
_STAY, _DOWN, _RIGHT = (0, 0, 0.0), (1, 0, 0.0), (0, 1, 0.0)
"""Moves of the alignment programme: none (the end), skip a source / a target segment."""
BAND_MIN = 12
BAND_SHARE = 0.35
"""Segments further apart than this (in the scaled order of the other side) are not compared."""
MERGE_COST = 0.4
"""Score given up by a 2-1 or 1-2 match (a translator joined or split paragraphs)."""
FOLDED_COST = 0.75
"""Score given up when one segment is a section's own and the other a folded subsection's."""
FOLDED_BARE_COST = 3.0
"""Further score given up by such a pair of prose segments that share no anchor: length alone
does not tie a section's own paragraph to one of a subsection the other side lacks (a usage
guide the English moved away would take the place of the abstract the Korean dropped)."""


def folded_cost(a: Segment, b: Segment) -> float:
    """What :func:`_score` gives up for pairing an own segment with a folded one (0 else):
    more for prose of a bare folded stretch (:func:`_bare`) that shares no anchor with it."""
    if a.own == b.own:
        return 0.0
    if not (a.bare or b.bare) or a.anchors & b.anchors:
        return FOLDED_COST
    if a.block.kind in _SPECIAL or b.block.kind in _SPECIAL:
        return FOLDED_COST
    return FOLDED_COST + FOLDED_BARE_COST


BARE_CODE = 0.5
"""Code similarity from which a folded code block vouches for its stretch."""


def _bare(segs: list[Segment], other: list[Segment]) -> list[Segment]:
    """``segs`` with :attr:`Segment.bare` set on the folded segments of every stretch (folded
    segments between two own ones) that shares no anchor and no like code block with
    ``other``: the subsections of a usage guide only one side keeps, not the same content
    under a heading only one side has (that shares code, links, names with the other)."""
    anchors = frozenset().union(*(s.anchors for s in other))
    codes = [s.block for s in other if s.block.kind == "code"]
    out = list(segs)
    k = 0
    while k < len(segs):
        if segs[k].own:
            k += 1
            continue
        end = k
        while end < len(segs) and not segs[end].own:
            end += 1
        stretch = segs[k:end]
        vouched = any(s.anchors & anchors for s in stretch) or any(
            code_similarity(s.block, c) >= BARE_CODE
            for s in stretch
            if s.block.kind == "code"
            for c in codes
        )
        if not vouched:
            out[k:end] = [replace(s, bare=True) for s in stretch]
        k = end
    return out


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
    if n * m <= OWN_PASS_CELLS:
        en, ko = _bare(en, ko), _bare(ko, en)
    band = max(BAND_MIN, int(BAND_SHARE * max(n, m)))
    places = ([i / n for i in range(n)], [j / m for j in range(m)])
    total, out = _programme(en, ko, ratio, _matrix(en, ko, ratio, band), places)
    own = _own_places(en, ko)
    if own is not None and n * m <= OWN_PASS_CELLS:
        total_own, out_own = _programme(en, ko, ratio, _matrix(en, ko, ratio, band, own), own)
        if total_own > total:
            out = out_own
    return _thirds(en, ko, out, ratio)


THIRD_GAIN = 1.0
"""Length score a third paragraph must add to a 2-1 or 1-2 match to join it."""


def _thirds(en: list[Segment], ko: list[Segment], groups: list[Group], ratio: float) -> list[Group]:
    """A 2-1 or 1-2 match grown by the unmatched prose paragraph right before or after its
    pair, when the three together have the length of the one much better than the two: a
    translator split one long paragraph into three (the programme joins two at most)."""
    taken_en = {i for g, _ in groups for i in g}
    taken_ko = {j for _, g in groups for j in g}
    out: list[Group] = []
    for g_en, g_ko in groups:
        if len(g_en) + len(g_ko) == 3:
            many, one, side, taken = (
                (g_ko, en[g_en[0]], ko, taken_ko)
                if len(g_ko) == 2
                else (g_en, ko[g_ko[0]], en, taken_en)
            )
            for k in (many[0] - 1, many[-1] + 1):
                if not 0 <= k < len(side) or k in taken or not _prose(side[k]):
                    continue
                if side[k].own != side[many[0]].own or side[k].anchors:
                    continue
                two = sum(side[x].chars for x in many)
                three = two + side[k].chars
                if len(g_ko) == 2:
                    gain = _length(one.chars, three, ratio) - _length(one.chars, two, ratio)
                else:
                    gain = _length(three, one.chars, ratio) - _length(two, one.chars, ratio)
                if gain >= THIRD_GAIN:
                    grown = tuple(sorted((*many, k)))
                    taken.add(k)
                    g_en, g_ko = (g_en, grown) if len(g_ko) == 2 else (grown, g_ko)
                    break
        out.append((g_en, g_ko))
    return out


def _length(source: int, target: int, ratio: float) -> float:
    """The length term of :func:`_score` for prose of ``source`` and ``target`` characters."""
    if source == 0 or target == 0:
        return 0.5 if source == target else -2.0
    return max(-3.0, 1.5 - 2.0 * abs(math.log(target / (source * ratio))))


length_score = _length  # for the third look (:mod:`._seg_joins`)

OWN_PASS_CELLS = 6_000
"""Largest section aligned a second time with its folded segments out of the order."""


def _own_places(en: list[Segment], ko: list[Segment]) -> tuple[list[float], list[float]] | None:
    """Places in the order that count only the sections' own segments (a folded segment sits
    with the own segment before it), when one side has folded segments and the other none:
    the Korean keeps subsections the English dropped, or the English gained some; the own
    paragraphs of both still face each other, whatever the bulk of the folded ones.

    None when the plain order is the only one (the same shape on both sides)."""
    fold_en = any(not s.own for s in en)
    fold_ko = any(not s.own for s in ko)
    if fold_en == fold_ko:
        return None

    def places(segs: list[Segment]) -> list[float]:
        total = sum(1 for s in segs if s.own) or 1
        out, seen = [], 0
        for s in segs:
            out.append(min(seen, total - 1) / total if s.own else max(seen - 1, 0) / total)
            seen += s.own
        return out

    return places(en), places(ko)


def _programme(
    en: list[Segment],
    ko: list[Segment],
    ratio: float,
    score: list[list[float]],
    places: tuple[list[float], list[float]],
) -> tuple[float, list[Group]]:
    """The best monotone set of 1-1, 2-1 and 1-2 matches and its total score."""
    n, m = len(en), len(ko)
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
    downs, across = places
    for i in range(n - 1, -1, -1):
        here, below = best[i], best[i + 1]
        row, row_below = score[i], score[i + 1] if i + 1 < n else []
        moves = move[i]
        pair_en = merged_en[i] if i + 1 < n else None  # not None: 2-1 matches possible
        prose_en = _prose(en[i])
        down = downs[i]
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
    return best[0][0], out
