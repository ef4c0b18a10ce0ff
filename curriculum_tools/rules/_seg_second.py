"""A second look after the segment alignment (:mod:`._seg_align`): pairs the programme left
unmatched that strong evidence or their place still joins (a caption that moved past its
code, a paragraph the source grew by a sentence)."""

from __future__ import annotations

import math
from itertools import pairwise

from ._domains import Segment
from ._seg_align import Group, is_prose, segment_score

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
    prose_ko = [is_prose(b) for b in ko]
    for i in range(len(en)):
        if not is_prose(en[i]):
            continue
        for j in range(len(ko)):
            if (i in got_en and j in got_ko) or not prose_ko[j]:
                continue
            if abs(i - places[j]) > CROSS_WINDOW:
                continue
            shared = len(en[i].anchors & ko[j].anchors)
            score = segment_score(en[i], ko[j], ratio)
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
        if a.block.kind != b.block.kind or not is_prose(a) or not a.own or not b.own:
            continue
        if not a.chars or not b.chars or abs(math.log(b.chars / (a.chars * ratio))) > math.log(2):
            continue
        if segment_score(a, b, ratio) > SANDWICH_MIN:
            out.append(((gap_en[0],), (gap_ko[0],)))
    return out
