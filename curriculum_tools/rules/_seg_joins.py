"""A third look after the segment alignment (:mod:`._seg_align`, :mod:`._seg_second`): a
source paragraph left unmatched next to a matched one, when the translator joined it into
that one's translation (or condensed it in the slot it leaves), is given to that group.

The programme scores each match on its own and skipping costs nothing, so a paragraph the
translation joins with its neighbour stays unmatched whenever the neighbour alone already
fits its translation well enough, and a joined pair placed past its code (a crossing) is
matched by its half that shares an anchor. Three repairs, each on evidence the pair gives:

- *join*: the unmatched paragraph and its neighbour's group together have the length of the
  group's translation much better than the group alone (a 2-1 or 3-1 join), or better when
  the group's translation has all the paragraph's anchors, some of them not the group's
  own, or fit it well enough when the translation is clearly longer than the group alone
  and has more sentences than it, no more than the two (a condensed join); no anchor of the
  paragraph is elsewhere in the translation;
- *re-split*: a 1-2 match next to the unmatched paragraph, whose outer target paragraph sits
  in the slot the paragraph leaves (the segments after both are matched together), gives
  that target paragraph back when the match's other half alone still has its source's length;
- *unjoin*: a 2-1 (or 3-1) match next to an unmatched translated paragraph, in a slot closed
  by one match on both sides, gives its edge source paragraph to that paragraph when the two
  1-1 matches have the lengths much better than the joined one (the source moved an anchor,
  a link, from one paragraph to its neighbour, and the anchor paired the wrong ones);
- *split fact*: an unmatched translated paragraph next to a 1-1 match, in a slot closed by
  one match on both sides, whose anchors are all new (none in the source section) and each
  a code span or link of the match's source paragraph that the translation lost, renamed
  (alike: :func:`_renamed`), is the second half of that
  source paragraph split in two (its fact renamed, a newer API link: ``code-mismatch`` and
  ``url-mismatch`` report the fact) when the two halves fit the source's length better;
- *moved*: the paragraph's anchors, two or more, are all in one target paragraph and each in
  no other segment of either side: the translation moved it there, however far (a sentence
  put in an earlier paragraph); it joins that paragraph's group (or pairs with it);
- *shift*: the neighbour's anchors are all in the translation of the group before it and none
  in its own partner: the neighbour was joined into that group, and its partner is free for
  the unmatched paragraph.

A true drop keeps its finding: its neighbour's translation does not grow by its length, and
no slot is left empty for it; a true addition keeps its own: the joined match it would split
fits its translation as well as the two halves.
"""

from __future__ import annotations

import difflib

from ._domains import REPORTED_KINDS, Segment
from ._seg_align import Group, is_prose, length_score, segment_score
from ._sentence_count import _EN_END_RE, _KO_END_RE, sentences

JOIN_GAIN = 1.0
"""Length score the unmatched paragraph must add to its neighbour's group to join it."""
JOIN_FIT = 0.5
"""Least length score of the grown group (within about 1.65 times the expected length)."""
JOIN_MAX = 4
"""Most source paragraphs in one group."""
SPLIT_FIT = 0.69
"""Largest distance (log of the length ratio) of a re-split match's remaining half."""
TOLD_LONGER = 1.2
"""Least length of a group's translation, as a share of what its source alone predicts, for
its sentences to tell a join (:func:`_told`)."""
SLOT_MIN = -1.0
"""Least score of the unmatched paragraph with the target paragraph left in its slot."""
UNJOIN_GAIN = 1.0
"""Length score the two halves of a split joined match must win over the joined one."""
MOVED_MIN_ANCHORS = 2
"""Least anchors of a paragraph for :func:`_moved` to follow them however far."""
RENAMED = 0.6
"""Least similarity of two code spans or links for one to be the other renamed."""


def rejoin(en: list[Segment], ko: list[Segment], matches: list[Group], ratio: float) -> list[Group]:
    """``matches`` with the unmatched source paragraphs joined, re-split or shifted into
    the groups the translation made of them (see the module's documentation)."""
    groups = [(list(a), list(b)) for a, b in matches]
    en_anchors = frozenset().union(*(s.anchors for s in en)) if en else frozenset()
    ko_anchors = frozenset().union(*(s.anchors for s in ko)) if ko else frozenset()
    for u, seg in enumerate(en):
        if not _candidate(seg) or any(u in g for g, _ in groups):
            continue
        for repair in (_join, _resplit, _shift, _moved):
            if repair(en, ko, groups, u, ratio, en_anchors, ko_anchors):
                break
    for v, seg in enumerate(ko):
        if _candidate(seg) and _holding(groups, 1, v) is None:
            for fix in (_unjoin, _split_fact):
                if fix(en, ko, groups, v, ratio, en_anchors, ko_anchors):
                    break
    return [(tuple(sorted(a)), tuple(sorted(b))) for a, b in groups]


_Groups = list[tuple[list[int], list[int]]]


def _candidate(seg: Segment) -> bool:
    return seg.own and seg.block.kind in REPORTED_KINDS and seg.chars > 0


def _holding(groups: _Groups, side: int, index: int) -> int | None:
    for k, group in enumerate(groups):
        if index in group[side]:
            return k
    return None


def _prose_group(segs: list[Segment], indices: list[int], own: bool) -> bool:
    return all(is_prose(segs[x]) and segs[x].own == own for x in indices)


def _join(
    en: list[Segment],
    ko: list[Segment],
    groups: _Groups,
    u: int,
    ratio: float,
    _en_anchors: frozenset[str],
    ko_anchors: frozenset[str],
) -> bool:
    seg = en[u]
    best: tuple[float, int] | None = None
    for k in (u - 1, u + 1):
        held = _holding(groups, 0, k)
        if held is None:
            continue
        g_en, g_ko = groups[held]
        if u - 1 != max(g_en) and u + 1 != min(g_en):
            continue  # the neighbour is inside a wider group, not at its edge
        if len(g_en) >= JOIN_MAX or not _prose_group(en, g_en, seg.own):
            continue
        if not _prose_group(ko, g_ko, ko[g_ko[0]].own):
            continue
        target = frozenset().union(*(ko[j].anchors for j in g_ko))
        if (seg.anchors & ko_anchors) - target:
            continue  # an anchor of the paragraph is in another target segment
        own_facts = frozenset().union(*(en[i].anchors for i in g_en))
        vouched = seg.anchors <= target and seg.anchors - own_facts
        least = 0.0 if vouched else JOIN_GAIN  # its own anchors are all in the translation
        source = sum(en[i].chars for i in g_en)
        chars = sum(ko[j].chars for j in g_ko)
        grown = length_score(source + seg.chars, chars, ratio)
        gain = grown - length_score(source, chars, ratio)
        if (gain < least or gain <= 0) and not _told(
            en, ko, g_en, g_ko, seg, chars / max(1, source) / ratio
        ):
            continue
        if grown >= JOIN_FIT and (best is None or grown > best[0]):
            best = (grown, held)
    if best is None:
        return False
    groups[best[1]][0].append(u)
    return True


def _told(
    en: list[Segment],
    ko: list[Segment],
    g_en: list[int],
    g_ko: list[int],
    seg: Segment,
    longer: float,
) -> bool:
    """The group's translation tells it holds more than its source: it is clearly longer than
    the source predicts, and it has more sentences than the source, but no more than the
    source and the unmatched paragraph together (a condensed 2-1 join, sentence by sentence)."""
    if longer < TOLD_LONGER:
        return False
    source = sum(sentences(en[i].block.text, _EN_END_RE) for i in g_en)
    target = sum(sentences(ko[j].block.text, _KO_END_RE) for j in g_ko)
    return source < target <= source + sentences(seg.block.text, _EN_END_RE)


def _resplit(
    en: list[Segment],
    ko: list[Segment],
    groups: _Groups,
    u: int,
    ratio: float,
    en_anchors: frozenset[str],
    _ko_anchors: frozenset[str],
) -> bool:
    seg = en[u]
    for step in (-1, 1):
        held = _holding(groups, 0, u + step)
        if held is None:
            continue
        g_en, g_ko = groups[held]
        if len(g_en) != 1 or len(g_ko) < 2:
            continue
        edge = max(g_ko) if step == -1 else min(g_ko)
        after_en, after_ko = _holding(groups, 0, u - step), _holding(groups, 1, edge - step)
        if after_en is None or after_en != after_ko:
            continue  # the slot is not closed by one match on both sides
        other = ko[edge]
        if other.block.kind != seg.block.kind or not other.own:
            continue
        if (other.anchors & en_anchors) - seg.anchors:
            continue  # the target paragraph holds an anchor of another source segment
        rest = sum(ko[j].chars for j in g_ko if j != edge)
        source = en[g_en[0]].chars
        if not rest or not source or length_score(source, rest, ratio) < 1.5 - 2 * SPLIT_FIT:
            continue
        if segment_score(seg, other, ratio) <= SLOT_MIN:
            continue
        g_ko.remove(edge)
        groups.append(([u], [edge]))
        return True
    return False


def _shift(
    en: list[Segment],
    ko: list[Segment],
    groups: _Groups,
    u: int,
    ratio: float,
    _en_anchors: frozenset[str],
    _ko_anchors: frozenset[str],
) -> bool:
    seg = en[u]
    for step in (-1, 1):
        near, far = u + step, u + 2 * step
        held, before = _holding(groups, 0, near), _holding(groups, 0, far)
        if held is None or before is None or held == before:
            continue
        g_en, g_ko = groups[held]
        h_en, h_ko = groups[before]
        if len(g_en) != 1 or len(g_ko) != 1 or len(h_en) >= JOIN_MAX:
            continue
        partner = g_ko[0]
        edge = max(h_ko) if step == -1 else min(h_ko)
        if edge != partner + step:
            continue  # the group before does not end right before the partner
        moved = en[near]
        if not moved.anchors or not _prose_group(en, [near, *h_en], moved.own):
            continue
        if not _prose_group(ko, h_ko, ko[h_ko[0]].own):
            continue
        held_anchors = frozenset().union(*(ko[j].anchors for j in h_ko))
        if not moved.anchors <= held_anchors or moved.anchors & ko[partner].anchors:
            continue
        if not is_prose(ko[partner]) or segment_score(seg, ko[partner], ratio) <= 0:
            continue
        h_en.append(near)
        g_en[:] = [u]
        return True
    return False


def _next_held(groups: _Groups, side: int, start: int, step: int, size: int) -> int | None:
    """The group holding the first matched segment from ``start`` on (``step`` apart)."""
    k = start
    while 0 <= k < size:
        held = _holding(groups, side, k)
        if held is not None:
            return held
        k += step
    return None


def _unjoin(
    en: list[Segment],
    ko: list[Segment],
    groups: _Groups,
    v: int,
    ratio: float,
    en_anchors: frozenset[str],
    ko_anchors: frozenset[str],
) -> bool:
    seg = ko[v]
    for step in (-1, 1):
        held = _holding(groups, 1, v + step)
        if held is None:
            continue
        g_en, g_ko = groups[held]
        if len(g_ko) != 1 or len(g_en) < 2:
            continue
        edge = max(g_en) if step == -1 else min(g_en)
        closing = _next_held(groups, 0, edge - step, -step, len(en))
        if closing != _next_held(groups, 1, v - step, -step, len(ko)):
            continue  # the slot is not closed by one match on both sides (or by the ends)
        moved = en[edge]
        if moved.block.kind != seg.block.kind or moved.own != seg.own:
            continue
        if not _prose_group(en, g_en, moved.own) or not is_prose(ko[g_ko[0]]):
            continue
        if (seg.anchors & en_anchors) - moved.anchors:
            continue  # the paragraph holds an anchor of another source segment
        if (moved.anchors & ko_anchors) - ko[g_ko[0]].anchors - seg.anchors:
            continue  # an anchor of the edge paragraph is in another target segment
        target = ko[g_ko[0]].chars
        rest = sum(en[i].chars for i in g_en if i != edge)
        halves = length_score(rest, target, ratio), length_score(moved.chars, seg.chars, ratio)
        joined = length_score(rest + moved.chars, target, ratio)
        if min(halves) < JOIN_FIT or sum(halves) - joined < UNJOIN_GAIN:
            continue
        g_en.remove(edge)
        groups.append(([edge], [v]))
        return True
    return False


def _split_fact(
    en: list[Segment],
    ko: list[Segment],
    groups: _Groups,
    v: int,
    ratio: float,
    en_anchors: frozenset[str],
    ko_anchors: frozenset[str],
) -> bool:
    seg = ko[v]
    if not seg.anchors or seg.anchors & en_anchors or seg.block.kind != "paragraph":
        return False
    for step in (-1, 1):
        held = _holding(groups, 1, v + step)
        if held is None:
            continue
        g_en, g_ko = groups[held]
        if len(g_en) != 1 or len(g_ko) != 1:
            continue
        closing = _next_held(groups, 0, g_en[0] - step, -step, len(en))
        if closing != _next_held(groups, 1, v - step, -step, len(ko)):
            continue  # the slot is not closed by one match on both sides (or by the ends)
        source, half = en[g_en[0]], ko[g_ko[0]]
        if source.block.kind != "paragraph" or half.block.kind != "paragraph":
            continue
        if source.own != seg.own or half.own != seg.own:
            continue
        lost = source.anchors - ko_anchors
        if not all(any(_renamed(a, b) for b in lost) for a in seg.anchors):
            continue  # a fact of the paragraph is not one the source lost, renamed
        whole = length_score(source.chars, half.chars + seg.chars, ratio)
        if whole < JOIN_FIT or whole <= length_score(source.chars, half.chars, ratio):
            continue
        g_ko.append(v)
        return True
    return False


def _renamed(new: str, old: str) -> bool:
    """Anchor ``new`` is ``old`` renamed: both code spans or both links, alike (a number
    that changed is not a name)."""
    kind = new[:2]
    if kind not in ("c:", "u:") or old[:2] != kind:
        return False
    return difflib.SequenceMatcher(None, new[2:], old[2:]).ratio() >= RENAMED


def _moved(
    en: list[Segment],
    ko: list[Segment],
    groups: _Groups,
    u: int,
    _ratio: float,
    _en_anchors: frozenset[str],
    _ko_anchors: frozenset[str],
) -> bool:
    seg = en[u]
    if len(seg.anchors) < MOVED_MIN_ANCHORS:
        return False
    if any(x is not seg and x.anchors & seg.anchors for x in en):
        return False  # another source segment holds one of its anchors
    holders = [j for j, x in enumerate(ko) if x.anchors & seg.anchors]
    if len(holders) != 1 or not seg.anchors <= ko[holders[0]].anchors:
        return False
    j = holders[0]
    if not ko[j].own or not seg.own or not is_prose(ko[j]):
        return False
    held = _holding(groups, 1, j)
    if held is None:
        groups.append(([u], [j]))
        return True
    g_en, g_ko = groups[held]
    if g_ko != [j] or len(g_en) >= JOIN_MAX or not _prose_group(en, g_en, seg.own):
        return False
    g_en.append(u)
    return True
