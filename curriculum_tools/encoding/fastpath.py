"""The clean fast path: is there any pair of characters that could be mojibake?

Every damaged text holds a *gate pair*: a character that some code page makes of a UTF-8 lead
byte, followed by one it makes of a continuation byte (:func:`.codepages.suspect_chars`), or
two Latin-1 characters (CP949 read as Latin-1).  A no-break space is not a first character (a
lead byte A0 makes only a few rare UHC syllables, and ``tree`` output indents with ``│\\xa0\\xa0``).

Clean text must be proven clean at a small fraction of what ftfy spends on it, and a scan with a
character class in Python's ``re`` costs 3-4 ns a character, too much.  :func:`has_pair` reads
the UTF-8 bytes instead, where the question becomes a few ``memchr`` calls:

- every first character of a pair starts with one of nine bytes (``C2`` ``C3`` for U+0080-U+00FF,
  ``C4``-``C6`` Latin Extended, ``D0`` ``D1`` Cyrillic, ``E2`` typography, ``EF`` ligatures);
  a byte that is not in the text rules out every pair starting with it (``int in bytes``:
  memchr);
- for a byte that is there, one ``re`` pattern over bytes that starts with that byte spells out
  the UTF-8 form of every first character starting with it, then of every second character,
  as a trie of byte classes; it is tried where each occurrence is while they are far apart,
  and scans a window where they are dense, memchr jumping to the next cluster (:func:`_hops`).

UTF-8 is self-synchronizing: a byte ``C2``-``F4`` only ever starts a character, and the encoding
is prefix-free, so the byte pattern matches exactly where the character pattern would.  The
text's own UTF-8 bytes are what :func:`~curriculum_tools.fix_encoding.repair_bytes` decoded, so
the CLI pays no encoding at all (``tests/test_encoding_fastpath.py`` holds the old character
regex as the reference, and a Hypothesis property that both answer the same).

UTF-8 read as CP949 leaves no pair, and no U+FFFD or ``?`` when every word of a line has an
even number of syllables; every such line holds a *CP949 run* (:func:`cp949_gate`: a Hanja
whose CP949 bytes start a UTF-8 character, read on), found the same way (memchr for the Hanja's
first bytes, none of which Korean text holds).

A str is encoded only when :func:`prose_only` cannot prove it clean on the str itself (English
prose: ASCII and its curly quotes, dashes and ellipsis).  Nothing cheaper than UTF-8 answers
for Korean text in CPython: ``str.find`` is memchr but for one character, a character class in
``re`` costs 3-5.7 ns a character, and encoding Korean to UTF-8 about 2.  UTF-16 costs under 1,
but nothing reads its code units fast: Hangul syllables take every low byte value, so memchr
rules out no byte, and a bytes pattern of the pairs as code units has no literal first byte
(``re`` tries it at every offset: 28-119 ns a character).
"""

from __future__ import annotations

import re
from functools import cache
from typing import AnyStr

from ..text import FIRST_SYLLABLE, LAST_SYLLABLE
from .codepages import suspect_chars

_LATIN1 = frozenset(map(chr, range(0x80, 0x100)))


@cache
def pair_chars() -> tuple[frozenset[str], frozenset[str]]:
    """The characters that may start a gate pair, and those that may end one."""
    leads, conts = suspect_chars().split("\x00")
    return (frozenset(leads) | _LATIN1) - {"\xa0"}, frozenset(conts) | _LATIN1


def _trie(words: list[bytes]) -> bytes:
    """A bytes pattern that matches exactly ``words`` (non-empty, none a prefix of another)."""
    if not words[0]:
        return b""
    tails: dict[int, list[bytes]] = {}
    for w in words:
        tails.setdefault(w[0], []).append(w[1:])
    # first bytes with the same continuations share one class: [\x80-\xbf] for U+0080..U+00FF
    heads: dict[bytes, list[int]] = {}
    for first, rest in tails.items():
        heads.setdefault(_trie(sorted(rest)), []).append(first)
    branches = []
    for tail, firsts in heads.items():
        byte_class = b"".join(re.escape(bytes([b])) for b in sorted(firsts))
        branches.append((byte_class if len(firsts) == 1 else b"[" + byte_class + b"]") + tail)
    return branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"


@cache
def utf8_gate() -> tuple[tuple[int, re.Pattern[bytes]], ...]:
    """``(first byte, pattern)`` for every byte a first character of a gate pair starts with;
    the byte most texts hold (``E2``: quotation marks, dashes, box drawing) last.  The byte is
    an ``int``: ``int in bytes`` goes straight to memchr (30 ns), ``bytes in bytes`` through
    the buffer protocol and the substring search (260 ns on a short text)."""
    leads, conts = pair_chars()
    second = _trie(sorted(c.encode("utf-8") for c in conts))
    by_first: dict[int, list[bytes]] = {}
    for c in leads:
        data = c.encode("utf-8")
        by_first.setdefault(data[0], []).append(data)
    return tuple(
        (b, re.compile(_trie(sorted(by_first[b])) + second))
        for b in sorted(by_first, key=lambda b: (b == 0xE2, b))
    )


# An occurrence is tried where it is (memchr finds it, the pattern is anchored there: about
# 0.25 us a hop) while occurrences are far apart.  Where the next one is closer than _DENSE
# bytes, one regex scan (``re`` steps from byte to byte at 0.3 ns) takes a window, and memchr
# jumps to the first occurrence after it; the window starts at _WINDOW bytes and grows fourfold
# while occurrences go on right after it.  A pair of quotes costs a short scan, a box drawing
# one scan over the block, and the text between them none.
_DENSE = 1024
_WINDOW = 256
_REACH = 16  # longer than any match (a pair is at most 6 bytes; the ? looks one character on)
_BYTE = [bytes([b]) for b in range(256)]


def _hops(data: AnyStr, first: AnyStr, pattern: re.Pattern[AnyStr]) -> bool:
    """Whether ``pattern``, which starts with ``first`` and ends less than _REACH bytes (or
    characters) after it, matches somewhere in ``data``."""
    at = data.find(first)
    window = _WINDOW
    while at >= 0:
        after = data.find(first, at + 1)
        if 0 <= after < at + _DENSE:
            # the window ends _REACH after its last start: a match starting inside it is whole
            if pattern.search(data, at, at + window + _REACH) is not None:
                return True
            after = data.find(first, at + window)
            window = window * 4 if 0 <= after < at + window + _DENSE else _WINDOW
        elif pattern.match(data, at):
            return True
        at = after
    return False


def has_pair(data: bytes) -> bool:
    """Whether the text whose UTF-8 bytes are ``data`` holds a gate pair (see the module doc)."""
    for first, pattern in utf8_gate():
        # ``int in bytes`` is memchr (30 ns; ``bytes.find`` costs 80)
        if first in data and _hops(data, _BYTE[first], pattern):
            return True
    return False


# CP949 read as Latin-1: two Latin-1 characters; a no-break space first is left out (a lead byte
# A0 makes only a few rare UHC syllables, and `tree` output indents with pairs of them: │\xa0\xa0)
_LATIN1_PAIRS = (
    (b"\xc2", re.compile(b"\xc2[\x80-\x9f\xa1-\xbf][\xc2\xc3][\x80-\xbf]")),
    (b"\xc3", re.compile(b"\xc3[\x80-\xbf][\xc2\xc3][\x80-\xbf]")),
)


def has_latin1_pair(data: bytes) -> bool:
    """Whether the text whose UTF-8 bytes are ``data`` holds two Latin-1 characters in a row
    (U+0080..U+00FF, the first not a no-break space): in UTF-8 each is ``C2`` or ``C3`` and a
    continuation byte, so as with :func:`has_pair` memchr rules out what the text lacks."""
    return any(first[0] in data and _hops(data, first, p) for first, p in _LATIN1_PAIRS)


def _cp949_chars(leads: range, trails: range | list[int]) -> list[str]:
    """The characters CP949 decodes from a lead in ``leads`` and a trail in ``trails``."""
    out = []
    for lead in leads:
        for trail in trails:
            try:
                out.append(bytes([lead, trail]).decode("cp949"))
            except UnicodeDecodeError:
                continue
    return out


def _new_start(trail: int) -> bool:
    """Whether a byte can start a UTF-8 character (ASCII or a lead byte C2-F4)."""
    return trail < 0x80 or 0xC2 <= trail <= 0xF4


def _alternatives(chars: list[str], *more: bytes) -> bytes:
    """A group matching the UTF-8 of any of ``chars``, or any of ``more``."""
    return b"(?:" + b"|".join([_trie(sorted(c.encode("utf-8") for c in chars)), *more]) + b")"


@cache
def cp949_gate() -> tuple[tuple[int, re.Pattern[bytes]], ...]:
    """``(first byte, pattern)`` over UTF-8 bytes for the *CP949 run* of UTF-8 read as CP949:
    what a line of it holds whatever its words, a U+FFFD or ``?`` or not.

    Read as UTF-8 again (:func:`.doublebyte.utf8_as_cp949`), the bytes of a line start at a
    CP949 character boundary, and stay on one through ASCII and 2-byte UTF-8 characters (a lead
    C2-DF and its one continuation are one CP949 character).  So the first UTF-8 character of 3
    or 4 bytes (every Hangul syllable is one) starts with a CP949 character whose lead is a UTF-8
    lead E0-F4 and whose trail a continuation A1-BF (below A1 these leads take no trail): a
    Hanja of rows E0-F4 (651 of them).  The bytes its UTF-8 character still lacks begin the next
    CP949 character, whose lead is then a continuation 80-BF, and so on: the run is the Hanja
    and the characters after it, read on as UTF-8 until a character is whole at a CP949
    boundary or a byte inside a CP949 character starts a new UTF-8 one (three characters at
    most, four after a trail F0-F4); a ``?`` where a continuation must come ends it too (it may
    stand for any bytes).  A line without such a run yields no Hangul, so the family's detector
    takes none of it (and Japanese, kanji then kana, seldom reads on that far)."""
    hanja3 = _cp949_chars(range(0xE0, 0xF0), range(0xA1, 0xC0))
    hanja4 = _cp949_chars(range(0xF0, 0xF5), range(0xA1, 0xC0))
    after = _cp949_chars(range(0x81, 0xC0), range(0x41, 0xFF))
    trail = {c: c.encode("cp949")[1] for c in after}
    q = re.escape(b"?")
    a3 = _alternatives([c for c in after if _new_start(trail[c])], q)  # whole, then a start
    a4 = _alternatives([c for c in after if 0x80 <= trail[c] <= 0xBF], q)  # two continuations
    # after a Hanja of rows E0-EF, by what the follower's trail starts: nothing more (ASCII),
    # a 2-byte character (one continuation to come), 3 bytes (two), 4 bytes (three)
    run3 = b"|".join(
        [
            _alternatives([c for c in after if trail[c] < 0x80]),
            _alternatives([c for c in after if 0xC2 <= trail[c] <= 0xDF]) + a3,
            _alternatives([c for c in after if 0xE0 <= trail[c] <= 0xEF]) + a4,
            _alternatives([c for c in after if 0xF0 <= trail[c] <= 0xF4])
            + b"(?:"
            + a4
            + a3
            + b"|"
            + q
            + b")",
            q,
        ]
    )
    pattern = re.compile(_alternatives(hanja3) + b"(?:" + run3 + b")|" + _alternatives(hanja4) + a4)
    return tuple((b, pattern) for b in sorted({c.encode("utf-8")[0] for c in hanja3 + hanja4}))


# the first UTF-8 bytes of the Hanja of cp949_gate (U+4E00-U+9FFF, and U+F9xx): memchr rules
# them out before the patterns are built (Korean text holds none of them)
CP949_FIRST = (0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF)


def has_cp949_pair(data: bytes) -> bool:
    """Whether the text whose UTF-8 bytes are ``data`` holds a :func:`cp949_gate` pair."""
    # spelled out: a generator over CP949_FIRST costs as much as the seven memchr calls
    if not (
        0xE4 in data
        or 0xE5 in data
        or 0xE6 in data
        or 0xE7 in data
        or 0xE8 in data
        or 0xE9 in data
        or 0xEF in data
    ):
        return False
    return any(first in data and _hops(data, _BYTE[first], p) for first, p in cp949_gate())


@cache
def rare_qmark() -> re.Pattern[str]:
    """A ``?`` next to Hanja or a Hangul syllable that Korean text hardly ever uses (outside the
    frequency table), or followed by a CP949 symbol that a continuation byte can lead: what UTF-8
    read as CP949 leaves.  A ``?`` standing for a syllable's lead and first continuation leaves
    its last continuation (80-BF) to lead the next CP949 character, whose trail is the next
    character's lead (C2-F4) or an ASCII letter: a symbol of rows A1-AF (``?ㅽ뻾`` for 실행:
    compatibility jamo, Cyrillic, box drawing), if not a syllable.  The pattern starts with the
    literal ``?``, so the regex engine skips to each ``?`` at C speed."""
    from .doublebyte import syllable_set

    trails = [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC2, 0xF5)]
    symbols = "".join(
        re.escape(c)
        for c in _cp949_chars(range(0x81, 0xC0), trails)
        if not FIRST_SYLLABLE <= ord(c) <= LAST_SYLLABLE
    )

    table = syllable_set()
    rare = [c for c in range(FIRST_SYLLABLE, LAST_SYLLABLE + 1) if chr(c) not in table]
    ranges: list[tuple[int, int]] = []
    for c in rare:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    cls = "\u4e00-\u9fff" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)
    return re.compile(f"\\?(?:(?=[{cls}{symbols}])|(?<=[{cls}]\\?))")


def has_rare_qmark(text: str) -> bool:
    """Whether ``text`` holds a :func:`rare_qmark` (``str.find`` is memchr too)."""
    return _hops(text, "?", rare_qmark())


# English prose: ASCII, curly quotes, dashes and the ellipsis, each of them half of a gate pair
# (a MacRoman lead and a cp1252 continuation).
PROSE_MARKS = "\u2019\u201c\u201d\u2018\u2014\u2013\u2026"
_MARKS = re.compile("\x01\x01")  # ``re`` steps through ASCII at 0.3 ns; ``str.find``: 0.8


def prose_only(text: str) -> bool:
    """Whether ``text`` is English prose without a gate pair, proven on the str itself: every
    prose mark it holds becomes ``\\x01`` (``in`` and ``str.replace`` run on memchr, and the
    last replacement narrows the string to ASCII), and what is left must be ASCII with no two
    marks side by side.  Then no two non-ASCII characters touch (no gate pair), and the text
    holds no U+FFFD, Hangul or Hanja.  ``False`` says nothing: the UTF-8 bytes will tell.

    Korean text is never prose only: a text holding 다 or 는 (its commonest syllables) is
    answered at once, without replacing its marks in vain."""
    if "\ub2e4" in text or "\ub294" in text:
        return False
    for mark in PROSE_MARKS:
        if mark in text:
            text = text.replace(mark, "\x01")
    return text.isascii() and _MARKS.search(text) is None


def utf8(text: str) -> bytes:
    """The UTF-8 bytes of ``text``; a lone surrogate (never part of a pair) kept as its 3 bytes."""
    return text.encode("utf-8", "surrogatepass")
