"""Sentences of a paragraph, counted on sentence ends (abbreviations, inline code, URLs,
dotted names and decimals aside): evidence of ``sentences-missing`` and of the segment
alignment's joins (:mod:`._seg_joins`)."""

from __future__ import annotations

import re

from ..text import HANGUL

_ABBREV_RE = re.compile(
    r"\b(?:e\.g|i\.e|etc|vs|cf|Mr|Mrs|Dr|St|No|Fig|approx|incl|resp)\.", re.IGNORECASE
)
_CODE_RE = re.compile(r"`[^`]*`|https?://\S*[^\s.,;:!?)]|\b\w++(?:\.\w++)+\b")
"""Spans whose dots end no sentence: inline code, URLs, ``a.b`` names and decimals. (The
word runs are possessive: giving back a word character never lets a dot or a word end
follow, so the matches are those of a plain word run, found without backtracking.)"""
_EN_END_RE = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")
_KO_END_RE = re.compile(r"[.!?。？！][\"'”’)\]]*(?=\s|$)")
_WORD_RE = re.compile(f"[A-Za-z{HANGUL}]")


def sentences(text: str, ends: re.Pattern[str]) -> int:
    """Sentences of a paragraph's text: pieces that end with a sentence mark and hold a word."""
    text = _CODE_RE.sub("x", _ABBREV_RE.sub("x", text))
    count = 0
    start = 0
    for m in ends.finditer(text):
        if _WORD_RE.search(text[start : m.start()]):
            count += 1
        start = m.end()
    return count + (1 if _WORD_RE.search(text[start:]) else 0)
