"""Loanwords: a Hangul word that spells an English word of the same document.

Technical Korean writes English terms in Hangul (``청크`` for *chunk*, ``마스크`` for *mask*,
``토크나이저`` for *tokenizer*) and usually shows the English word too, in code or in
parentheses.  A lost syllable of such a word is often one Kiwi ranks badly (``청포`` is a word
too, ``토포나이저`` is as unknown to it as ``토크나이저``), while the English word decides at once.

The match is on consonant skeletons, by the general rules of Korean loanword spelling (no word
list): each Hangul consonant stands for a small class of English spellings (ㅋ: k, c, q; ㅍ: p,
f, ph; ㅊ: ch; ㄹ: l, r; a final ㅇ: ng or n...), vowels and the epenthetic 으 are ignored, and
English letters are read the same way (a doubled letter once, ``ck`` as k, ``x`` as ks, an ``r``
before a consonant or at the end silent, as Korean spelling drops it: *markdown* ``마크다운``).
Only skeletons of three consonants or more count, so short native words do not match by chance.

>>> sorted(english_skeletons("Split the text into chunks (`chunk_size`)."))[:3]
['CNK', 'SPLT', 'TKST']
>>> hangul_skeletons("청크") & english_skeletons("chunk"), hangul_skeletons("청포") & english_skeletons("chunk")
({'CNK'}, set())
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import cache

from ..text import FIRST_SYLLABLE

MIN_CONSONANTS = 3
#: one-syllable particles and endings: a syllable and one of these are a native word form
PARTICLES = frozenset("은는이가을를의에도로와과만고서게며면요다")
_WORD = re.compile(r"[A-Za-z]{3,}")
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_VOWELS = frozenset("aeiouyw")

# Hangul initials (19) and finals (28, the first is none) as skeleton classes; "" = silent
_INITIAL = (
    "G",
    "G",
    "N",
    "D",
    "D",
    "L",
    "M",
    "B",
    "B",
    "S",
    "S",
    "",
    "J",
    "J",
    "C",
    "K",
    "T",
    "P",
    "H",
)
_FINAL: tuple[tuple[str, ...] | None, ...] = (
    ("",),
    ("K", "G"),  # ㄱ: back, bag
    ("K",),  # ㄲ
    None,  # ㄳ: not in loanwords
    ("N",),  # ㄴ
    None,
    None,
    ("D", "T"),  # ㄷ
    ("L",),  # ㄹ
    *(None,) * 7,  # ㄺ ... ㅀ
    ("M",),  # ㅁ
    ("B", "P"),  # ㅂ: web, top
    None,  # ㅄ
    ("T", "S"),  # ㅅ: cat, cache
    ("S",),  # ㅆ
    ("N",),  # ㅇ: ng
    ("J",),
    ("C",),
    ("K",),
    ("T",),
    ("P",),
    ("H",),
)


def _hangul(ch: str) -> tuple[str, tuple[str, ...] | None] | None:
    code = ord(ch) - FIRST_SYLLABLE
    if not 0 <= code < 11172:
        return None
    return _INITIAL[code // 588], _FINAL[code % 28]


def hangul_skeletons(word: str) -> set[str]:
    """The consonant skeletons a Hangul word can spell (empty when it holds other characters)."""
    out = {""}
    for ch in word:
        parts = _hangul(ch)
        if parts is None:
            return set()
        initial, finals = parts
        if finals is None:
            return set()
        out = {s + initial + f for s in out for f in finals}
    return {c for c in map(_collapse, out) if len(c) >= MIN_CONSONANTS}


def _collapse(skeleton: str) -> str:
    """ㄹ once where it repeats: Korean doubles it for one English l between vowels (클래스,
    class).  Other consonants stay (메모리 is M M L: no *Morocco*)."""
    while "LL" in skeleton:
        skeleton = skeleton.replace("LL", "L")
    return skeleton


def _english(word: str) -> set[str]:
    w = word.lower()
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]  # a plural or verb ending Hangul does not spell (tasks: 태스크; logs: 로그)
    w = w.replace("x", "ks").replace("ck", "k")
    w = re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", w)  # doubled consonants once
    w = re.sub(r"[st]ion", "shun", w)
    out = {""}
    k = 0
    while k < len(w):
        c, nxt = w[k], w[k + 1 : k + 2]
        step = 1
        classes: tuple[str, ...] = ("",)
        if c in _VOWELS:
            pass
        elif w.startswith(("ch", "sh", "th", "ph", "gh"), k):
            step = 2
            classes = {"c": ("C",), "s": ("S",), "t": ("S", "D", "T"), "p": ("P",), "g": ("",)}[c]
        elif w.startswith("ng", k) and not (w[k + 2 : k + 3] in _VOWELS and k + 2 < len(w)):
            # before l or r Korean writes the g too: single 싱글, angle 앵글, dangling 댕글링
            step, classes = 2, ("N", "NG") if w[k + 2 : k + 3] in ("l", "r") else ("N",)
        elif c == "c":
            classes = ("S",) if nxt in ("e", "i", "y") else ("K",)
        elif c == "g":
            classes = ("G", "J") if nxt in ("e", "i", "y") else ("G",)
        elif c == "r":
            classes = ("L",) if nxt and nxt in _VOWELS else ("",)
        elif c == "h":
            classes = ("H",) if k == 0 or w[k - 1] in _VOWELS else ("",)
        else:
            classes = (
                (
                    {"b": "B", "v": "B", "p": "P", "f": "P", "d": "D", "t": "T", "k": "K", "q": "K"}
                    | {"l": "L", "m": "M", "n": "N", "s": "S", "z": "J", "j": "J"}
                ).get(c, "?"),
            )
        out = {s + x for s in out for x in classes}
        if len(out) > 16:
            return set()
        k += step
    return {c for c in map(_collapse, out) if len(c) >= MIN_CONSONANTS and "?" not in c}


def english_skeletons(text: str) -> set[str]:
    """The consonant skeletons of the English words of ``text`` (and of the parts of
    ``snake_case`` and ``camelCase`` identifiers)."""
    out: set[str] = set()
    for m in _WORD.finditer(text):
        word = m.group()
        parts = {word, *(p for p in _CAMEL.findall(word) if len(p) >= 3)}
        for part in parts:
            out |= _english_cached(part.lower())
    return out


@cache
def _english_cached(word: str) -> frozenset[str]:
    return frozenset(_english(word))


def spells_english(word: str, known: AbstractSet[str]) -> bool:
    """``word`` (Hangul), or one of its prefixes of two syllables or more (the word without its
    particle: ``청크로``), spells an English word whose skeleton is in ``known``."""
    return any(
        not _hangul_cached(word[:end]).isdisjoint(known)
        for end in range(len(word), 1, -1)
        if end > 2
        or word[1] not in PARTICLES  # 릿은 is no "return": a particle is no syllable of it
    )


@cache
def _hangul_cached(word: str) -> frozenset[str]:
    return frozenset(hangul_skeletons(word))
