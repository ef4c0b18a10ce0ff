"""Pair documents with their translations and align their section trees.

Documents pair in :mod:`curriculum_tools.pairing` (re-exported here).

Sections align in one pass of a weighted sequence alignment (longest common subsequence
with scores) over the two flattened section lists: explicit ids decide, equal heading
numbers weigh heavily, and structure (level, relative position, shared numbers, code, URLs,
images, formulas and Latin words of the title) decides the rest. A pair is only made when
its score is positive, so a missing or extra section becomes a gap instead of shifting every
later pair. Afterwards, gaps that clearly belong together (same id, or same number and
similar content) are joined as *moved* pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .model import Document, DocumentPair, Match, Section, SectionPair
from .pairing import disagree, heading_ids, pair_documents
from .section_score import Features as _Features
from .section_score import TitleMemory
from .section_score import features as _features
from .section_score import score as _score
from .section_score import slug_id as _slug_id
from .section_score import with_aliases as _with_aliases
from .section_score import with_distinctive_lines as _with_lines
from .section_score import with_trees as _with_trees
from .syntax.hugo import heading_words, template_key

__all__ = ["align_pair", "align_sections", "disagree", "heading_ids", "pair_documents"]

_DP_LIMIT = 250_000
"""Largest n*m matrix aligned in one piece; bigger inputs are cut at sure anchors first."""


def _match_reason(a: Section, b: Section) -> Match:
    if set(a.ids) & set(b.ids):
        return "id"
    if a.number and b.number and a.number.rstrip(".)") == b.number.rstrip(".)"):
        return "number"
    return "structure"


# --- alignment ------------------------------------------------------------------------------


def _lcs(
    fa: Sequence[_Features], fb: Sequence[_Features], memory: TitleMemory | None = None
) -> list[tuple[int, int]]:
    """Weighted LCS: the monotone set of pairs with the largest total positive score."""
    n, m = len(fa), len(fb)
    if n == 0 or m == 0:
        return []
    scores = [[_score(a, b, memory) for b in fb] for a in fa]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below, srow = best[i], best[i + 1], scores[i]
        for j in range(m - 1, -1, -1):
            value = below[j] if below[j] > row[j + 1] else row[j + 1]
            s = srow[j]
            if s > 0 and below[j + 1] + s > value:
                value = below[j + 1] + s
            row[j] = value
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        s = scores[i][j]
        if s > 0 and abs(best[i][j] - (best[i + 1][j + 1] + s)) < 1e-9:
            pairs.append((i, j))
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


SURE = 4.0
"""Score from which a pair with a unique shared id or number+level is an anchor."""


def _anchors(
    fa: Sequence[_Features], fb: Sequence[_Features], memory: TitleMemory | None = None
) -> list[tuple[int, int]]:
    """Sure pairs forming an increasing chain: a unique shared id, or a unique shared
    number and level whose content does not disagree (score >= :data:`SURE`)."""

    def keys(fs: Sequence[_Features]) -> dict[str, int]:
        seen: dict[str, int] = {}
        dup: set[str] = set()
        for idx, f in enumerate(fs):
            for key in [
                *("id:" + i for i in f.ids | f.aliases),
                f"num:{f.level}:{f.number}" if f.number else "",
            ]:
                if not key:
                    continue
                if key in seen:
                    dup.add(key)
                seen[key] = idx
        return {k: v for k, v in seen.items() if k not in dup}

    ka, kb = keys(fa), keys(fb)
    cand_set = {
        (ka[k], kb[k])
        for k in ka.keys() & kb.keys()
        if _score(fa[ka[k]], fb[kb[k]], memory) >= SURE
    }
    title = _title_pair(fa, fb)
    if title is not None:
        cand_set.add(title)
    cand = sorted(cand_set)
    # longest increasing subsequence on j (patience sorting)
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(cand)
    for idx, (_, j) in enumerate(cand):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(idx)
        else:
            tails[pos] = j
            tail_idx[pos] = idx
        prev[idx] = tail_idx[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append(cand[k])
        k = prev[k]
    chain.reverse()
    return chain


def _title_pair(fa: Sequence[_Features], fb: Sequence[_Features]) -> tuple[int, int] | None:
    """Titles pair with titles: when each document opens with its only heading of the top
    level (an H1 over H2s, or a lone H1: a page whose other side gained subsections), the
    two openings are a sure pair whatever their words."""

    def title(fs: Sequence[_Features]) -> int | None:
        if not fs:
            return None
        top = min(f.level for f in fs)
        tops = [i for i, f in enumerate(fs) if f.level == top]
        return 0 if tops == [0] and (len(fs) > 1 or top == 1) else None

    a, b = title(fa), title(fb)
    if a is None or b is None or fa[a].level != fb[b].level:
        return None
    if fa[a].ids and fb[b].ids and not fa[a].ids & fb[b].ids:
        return None
    return (a, b)


def _align_indices(
    fa: Sequence[_Features], fb: Sequence[_Features], memory: TitleMemory | None = None
) -> list[tuple[int, int]]:
    """Sure anchors first; the weighted alignment then runs only on the stretches between them.

    Between two anchors the full weighted LCS decides. A stretch too large for it (no anchor
    in thousands of sections) is paired positionally where levels agree.
    """
    pairs: list[tuple[int, int]] = []
    last_i = last_j = 0
    for ai, bj in [*_anchors(fa, fb, memory), (len(fa), len(fb))]:
        seg_a, seg_b = fa[last_i:ai], fb[last_j:bj]
        if len(seg_a) * len(seg_b) <= _DP_LIMIT:
            pairs.extend((last_i + i, last_j + j) for i, j in _lcs(seg_a, seg_b, memory))
        else:
            pairs.extend(
                (last_i + k, last_j + k)
                for k in range(min(len(seg_a), len(seg_b)))
                if seg_a[k].level == seg_b[k].level
            )
        if ai < len(fa) and bj < len(fb):
            pairs.append((ai, bj))
        last_i, last_j = ai + 1, bj + 1
    return pairs


def align_sections(en: Document, ko: Document) -> list[SectionPair]:
    """Align the section trees of a document and its translation.

    Returns one row per section of either side, in the order of the source document,
    with target-only sections placed after the row of their preceding target section.
    """
    a, b = en.walk(), ko.walk()
    pa, pb = _positions(a, _lone_templates(a, b)), _positions(b, _lone_templates(b, a))
    fa = [_features(s, pa[i]) for i, s in enumerate(a)]
    fb = [_features(s, pb[j]) for j, s in enumerate(b)]
    fa, fb = _with_lines(fa, a), _with_lines(fb, b)
    fa, fb = _with_aliases(a, fa, en.text), _with_aliases(b, fb, ko.text)
    fa, fb = _with_twins(_with_trees(a, fa), _with_trees(b, fb))
    matched = _align_indices(fa, fb)
    if len(matched) < max(len(a), len(b)):  # gaps: let the document's own terminology decide
        memory = _title_memory(fa, fb, matched)
        if memory:
            matched = _align_indices(fa, fb, memory)

    rows: list[SectionPair] = []
    i = j = 0
    for mi, mj in [*matched, (len(a), len(b))]:
        rows.extend(SectionPair(a[k], None, None) for k in range(i, mi))
        rows.extend(SectionPair(None, b[k], None) for k in range(j, mj))
        if mi < len(a) and mj < len(b):
            rows.append(SectionPair(a[mi], b[mj], _match_reason(a[mi], b[mj])))
        i, j = mi + 1, mj + 1
    return _join_moves(rows, fa, fb)


def _positions(sections: Sequence[Section], skip: frozenset[int] = frozenset()) -> list[float]:
    """Where each section starts: the mean of its rank among the sections and its share of
    the document's text before it (a translation that lacks sections the source added keeps
    its long sections where the text puts them). Sections in ``skip`` (sure to have no
    counterpart) take no room: the others keep the places of the other side's."""
    n = len(sections) - len(skip)
    sizes = [
        0 if i in skip else sum(len(b.text) + len(b.code) for b in s.blocks) + 1
        for i, s in enumerate(sections)
    ]
    total = sum(sizes) or 1
    out, before, rank = [], 0, 0
    for i, size in enumerate(sizes):
        out.append(min(1.0, (rank / max(1, n - 1) + before / total) / 2))
        before += size
        rank += i not in skip
    return out


def _lone_templates(sections: Sequence[Section], other: Sequence[Section]) -> frozenset[int]:
    """Site template headings (``{{% heading "whatsnext" %}}``) the other side has no form of."""
    keys = {i: k for i, s in enumerate(sections) if (k := template_key(s.raw_title))}
    if not keys:
        return frozenset()
    there = {template_key(s.raw_title) for s in other}
    titles = {s.title.casefold() for s in other}
    return frozenset(i for i, k in keys.items() if k not in there and not titles & heading_words(k))


def _title_memory(
    fa: Sequence[_Features], fb: Sequence[_Features], matched: Sequence[tuple[int, int]]
) -> TitleMemory:
    """Repeated titles translated the same way: at least twice and in 3 of 4 of their pairs.

    ``When to use`` / ``주요 사용 시기`` under every technique: when one such subsection is
    missing, the memory says which of its neighbours the remaining one is.
    """
    seen: dict[str, dict[str, int]] = {}
    for i, j in matched:
        seen.setdefault(fa[i].title, {}).setdefault(fb[j].title, 0)
        seen[fa[i].title][fb[j].title] += 1
    memory: TitleMemory = {}
    for source, targets in seen.items():
        target, count = max(targets.items(), key=lambda item: item[1])
        if count >= 2 and count >= 0.75 * sum(targets.values()):
            memory[source] = target
    targets_used = list(memory.values())
    return {k: v for k, v in memory.items() if targets_used.count(v) == 1}


MOVE_MIN_FACTS = 3
"""Checkable facts (code, URLs, numbers, images, formulas) two unnumbered sections must share
to be the same section moved."""


def _same_content(a: _Features, b: _Features) -> bool:
    """Most of the checkable facts of both sections are shared (and enough of them)."""
    shared = len(a.hard & b.hard)
    return shared >= MOVE_MIN_FACTS and shared >= 0.6 * max(len(a.hard), len(b.hard))


def _same_shape(a: _Features, b: _Features) -> bool:
    """The same sequence of at least two blocks (paragraph, list, code...) and no checkable
    fact that disagrees: a prose section recognisable by its shape alone."""
    return len(a.kinds) >= 2 and a.kinds == b.kinds and not (a.hard ^ b.hard)


SWAP_SPAN = 2
"""Most paired rows between a source-only and a target-only row of a swap of neighbours."""


def _swapped(rows: Sequence[SectionPair], a: int, b: int) -> bool:
    """Rows ``a`` (source only) and ``b`` (target only) straddle at most :data:`SWAP_SPAN`
    rows, all paired: two neighbouring sections traded places."""
    lo, hi = sorted((a, b))
    between = rows[lo + 1 : hi]
    return len(between) <= SWAP_SPAN and all(r.en and r.ko for r in between)


def _alike(a: _Features, b: _Features) -> bool:
    """The same shape, or checkable facts mostly shared: evidence that two neighbouring
    gaps are one section (its heading words are in two languages)."""
    if _same_shape(a, b):
        return True
    shared = len(a.hard & b.hard)
    return shared >= 1 and shared >= 0.5 * min(len(a.hard), len(b.hard))


def _with_twins(
    fa: list[_Features], fb: list[_Features]
) -> tuple[list[_Features], list[_Features]]:
    """Number the features and record each section's content twins on the other side."""
    import dataclasses

    if len(fa) * len(fb) > _DP_LIMIT:
        return fa, fb
    twins_a: dict[int, set[int]] = {}
    twins_b: dict[int, set[int]] = {}
    for i, x in enumerate(fa):
        if len(x.hard) < MOVE_MIN_FACTS:
            continue
        for j, y in enumerate(fb):
            if x.level == y.level and _same_content(x, y):
                twins_a.setdefault(i, set()).add(j)
                twins_b.setdefault(j, set()).add(i)
    out_a = [
        dataclasses.replace(x, index=i, twins=frozenset(twins_a.get(i, ())))
        for i, x in enumerate(fa)
    ]
    out_b = [
        dataclasses.replace(y, index=j, twins=frozenset(twins_b.get(j, ())))
        for j, y in enumerate(fb)
    ]
    return out_a, out_b


def _join_moves(
    rows: list[SectionPair], fa: Sequence[_Features], fb: Sequence[_Features]
) -> list[SectionPair]:
    """Join a source-only and a target-only row that are the same section, moved."""
    only_b = {r.ko.index: r for r in rows if r.en is None and r.ko is not None}
    if not only_b:
        return rows
    joined: dict[int, SectionPair] = {}  # index in rows of the source-only row -> new pair
    used: set[int] = set()
    only_a = [r for r in rows if r.ko is None and r.en is not None]
    lone = len(only_a) == 1 and len(only_b) == 1  # one gap on each side: maybe one move
    row_of = {r.ko.index: pos for pos, r in enumerate(rows) if r.en is None and r.ko is not None}
    titles = Counter(f.title for f in (*fa, *fb))
    for pos, row in enumerate(rows):
        if row.ko is not None or row.en is None:
            continue
        fe = fa[row.en.index]
        best: tuple[float, int] | None = None
        for j, other in only_b.items():
            if j in used or other.ko is None:
                continue
            fk = fb[j]
            # an explicit id on one side that is the other's generated anchor is the same
            # heading too (a translation keeps the source's anchor as its id)
            same_id = bool(fe.ids & fk.ids) or _slug_id(fe, fk)
            same_num = fe.number is not None and fe.number == fk.number and fe.level == fk.level
            same_content = fe.level == fk.level and (
                _same_content(fe, fk)
                or ((lone or _swapped(rows, pos, row_of[j])) and _alike(fe, fk))
            )
            # the same heading, written alike in both languages (`src/pages`, a product
            # name) and found once on each side: the section moved, whatever it now says
            same_title = bool(fe.title) and fe.title == fk.title and titles[fe.title] == 2
            same_title = same_title and fe.level == fk.level
            if not (same_id or same_num or same_content or same_title):
                continue
            score = _score(fe, fk) + 1.0  # position penalty is expected for a move
            if (same_id or same_content or same_title or score > 2.0) and (
                best is None or score > best[0]
            ):
                best = (score, j)
        if best is not None:
            used.add(best[1])
            ko_section = only_b[best[1]].ko
            assert ko_section is not None
            joined[pos] = SectionPair(
                row.en, ko_section, _match_reason(row.en, ko_section), moved=True
            )
    if not joined:
        return rows
    out: list[SectionPair] = []
    for pos, row in enumerate(rows):
        if pos in joined:
            out.append(joined[pos])
        elif row.en is None and row.ko is not None and row.ko.index in used:
            continue
        else:
            out.append(row)
    return out


def align_pair(pair: DocumentPair) -> DocumentPair:
    """Fill ``pair.rows`` with the section alignment (no-op for a one-sided pair)."""
    if pair.en is not None and pair.ko is not None:
        pair.rows = align_sections(pair.en, pair.ko)
    return pair
