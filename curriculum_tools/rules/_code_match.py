"""Which code blocks of an aligned section pair correspond: best content match, not position."""

from __future__ import annotations

from ._code import code_match_score, code_similarity, contained, is_plain, same_code
from ._common import HANGUL_RE
from ._comparison import Comparison

MATCH_AT = 0.5
"""Least similarity for two code blocks to be the same block (else: missing and extra)."""


def match_code(comp: Comparison) -> list[tuple[int, int]]:
    """Code segments paired by best content match (identical first), not by position."""
    en = [i for i, s in enumerate(comp.en) if s.block.kind == "code"]
    ko = [j for j, s in enumerate(comp.ko) if s.block.kind == "code"]
    scored = []
    for i in en:
        for j in ko:
            lines, sim = code_match_score(comp.en[i].block, comp.ko[j].block)
            if sim >= MATCH_AT:  # pairs sharing whole lines first, then by similarity
                scored.append((not lines, -sim, i, j))
    scored.sort()
    used_en: set[int] = set()
    used_ko: set[int] = set()
    out = []
    for _by_chars, _neg, i, j in scored:
        if i not in used_en and j not in used_ko:
            used_en.add(i)
            used_ko.add(j)
            out.append((i, j))
    for j in ko:  # a block whose only change is a translated string or comment
        if j in used_ko:
            continue
        for i in en:
            if i not in used_en and same_code(comp.en[i].block, comp.ko[j].block):
                used_en.add(i)
                used_ko.add(j)
                out.append((i, j))
                break
    for j in ko:  # a block that grew or shrank: the same block, changed (one finding)
        grown = [
            (code_similarity(comp.en[i].block, comp.ko[j].block), i)
            for i in en
            if j not in used_ko
            and i not in used_en
            and contained(comp.en[i].block.code, comp.ko[j].block.code)
        ]
        if grown:
            out.append((max(grown)[1], j))
            used_en.add(max(grown)[1])
            used_ko.add(j)
    free_en = [i for i in en if i not in used_en]
    out.extend(_translated_output(comp, free_en, [j for j in ko if j not in used_ko]))
    return sorted(out)


def _translated_output(comp: Comparison, en: list[int], ko: list[int]) -> list[tuple[int, int]]:
    """Blocks of plain text (no language, ``text``, output) whose target side is translated
    prose: paired in order with the source's remaining plain blocks near them."""
    plain_en = [i for i in en if is_plain(comp.en[i].block)]
    out = []
    for j in ko:
        block = comp.ko[j].block
        if not (is_plain(block) and HANGUL_RE.search(block.code)):
            continue
        expected = comp.ko_to_en.get(j, -1)
        near = [i for i in plain_en if expected < 0 or abs(i - expected) <= 3]
        if near:
            plain_en.remove(near[0])
            out.append((near[0], j))
    return out
