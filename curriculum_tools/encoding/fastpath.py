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
- for a byte that is there, one ``re`` pattern over bytes that starts with that byte (so ``re``
  jumps from one occurrence to the next) spells out the UTF-8 form of every first character
  starting with it, then of every second character, as a trie of byte classes.

UTF-8 is self-synchronizing: a byte ``C2``-``F4`` only ever starts a character, and the encoding
is prefix-free, so the byte pattern matches exactly where the character pattern would.  The
text's own UTF-8 bytes are what :func:`~curriculum_tools.fix_encoding.repair_bytes` decoded, so
the CLI pays no encoding at all (``tests/test_encoding_fastpath.py`` holds the old character
regex as the reference, and a Hypothesis property that both answer the same).
"""

from __future__ import annotations

import re
from functools import cache

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


def has_pair(data: bytes) -> bool:
    """Whether the text whose UTF-8 bytes are ``data`` holds a gate pair (see the module doc)."""
    for first, pattern in utf8_gate():  # noqa: SIM110 (any() over a generator: 6 % slower)
        if first in data and pattern.search(data):
            return True
    return False


def utf8(text: str) -> bytes:
    """The UTF-8 bytes of ``text``; a lone surrogate (never part of a pair) kept as its 3 bytes."""
    return text.encode("utf-8", "surrogatepass")
