"""Single-byte code pages that turn UTF-8 into mojibake, and a scanner that undoes one layer.

UTF-8 text that was decoded with a single-byte code page ``C`` and saved again becomes one
character per byte.  Encoding those characters back with ``C`` recovers the bytes, except for
the bytes that ``C`` does not define: depending on the tool they survived as C1 control
characters (the "sloppy" decoding that ftfy also uses), were replaced by ``?`` / U+FFFD, or were
dropped.  Lead bytes of UTF-8 (``C2``..``F4``) are defined in every code page here, so a lost
byte is always a continuation byte and the broken sequence still starts with its lead.

:func:`scan` reads one segment of text under one code page and returns pieces: literal text,
characters decoded losslessly, and *lossy spots* (a lead byte with too few continuation bytes)
together with every character that inserting dropped byte values could have produced.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

#: Code pages tried, in order of preference when the evidence ties (ftfy's list, by frequency).
CODEPAGES: tuple[str, ...] = (
    "cp1252",
    "cp1254",
    "latin-1",
    "cp1250",
    "cp1251",
    "cp1257",
    "mac_roman",
)

SOFT_HYPHEN = 0xAD
_C1 = frozenset(range(0x80, 0xA0))
PLACEHOLDER = -1  # a byte known to be there but whose value was replaced by "?" or U+FFFD


@dataclass(frozen=True, slots=True)
class CodePage:
    """Sloppy byte <-> character tables of one code page."""

    name: str
    to_byte: dict[str, int]  # non-ASCII character -> byte 0x80..0xFF
    undefined: frozenset[int]  # bytes the code page does not define

    @property
    def droppable(self) -> frozenset[int]:
        """Bytes that can vanish on the way: undefined ones, soft hyphen, invisible C1 controls."""
        extra = _C1 if self.name == "latin-1" else frozenset()
        return self.undefined | extra | {SOFT_HYPHEN}


@cache
def codepage(name: str) -> CodePage:
    to_byte: dict[str, int] = {}
    undefined: set[int] = set()
    for b in range(0x80, 0x100):
        try:
            ch = bytes([b]).decode(name)
        except UnicodeDecodeError:
            undefined.add(b)
            ch = chr(b)  # sloppy: the byte survived as the C1 control of the same value
        to_byte.setdefault(ch, b)
    return CodePage(name, to_byte, frozenset(undefined))


@cache
def suspect_chars() -> str:
    """Characters that may start (lead) or continue UTF-8 mojibake in any supported code page."""
    leads: set[str] = set()
    conts: set[str] = set()
    for name in CODEPAGES:
        for ch, b in codepage(name).to_byte.items():
            if 0xC2 <= b <= 0xF4:
                leads.add(ch)
            elif 0x80 <= b <= 0xBF:
                conts.add(ch)
    return "".join(sorted(leads)) + "\x00" + "".join(sorted(conts))


@cache
def _relevant(name: str) -> re.Pattern[str]:
    """The characters :func:`scan` must look at: those the code page makes of a byte, and the
    Latin, Greek and Cyrillic ones it could not have made (each one rules the page out)."""
    chars = "".join(sorted(codepage(name).to_byte))
    return re.compile(f"[\u0080-\u052f{re.escape(chars)}]")


def seq_len(lead: int) -> int:
    """Number of bytes of the UTF-8 sequence that starts with ``lead`` (0 if not a lead)."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def acceptable(ch: str) -> bool:
    """A character that can plausibly have been in a text (assigned, not a control)."""
    return unicodedata.category(ch) not in ("Cn", "Cs", "Co", "Cc")


@dataclass(frozen=True, slots=True)
class LossySpot:
    """A broken UTF-8 sequence: the lead and the continuation bytes still there."""

    before: str  # the characters as found
    start: int  # offset of ``before`` in the scanned segment
    candidates: tuple[str, ...]  # every acceptable character it can have been


@dataclass(frozen=True, slots=True)
class Decoded:
    """A character decoded losslessly from ``before``."""

    before: str
    start: int
    char: str


@dataclass(slots=True)
class Scan:
    """The result of reading one segment under one code page."""

    pieces: list[str | Decoded | LossySpot] = field(default_factory=list)
    lossless: int = 0  # complete multi-byte sequences decoded
    lossy: int = 0  # broken sequences that kept at least one continuation byte (or placeholder)
    bare: int = 0  # lone lead bytes (all continuation bytes lost)
    bad: int = (
        0  # invalid sequences or stray continuation bytes: this code page does not explain it
    )
    seen: set[int] = field(default_factory=set)  # continuation byte values present in sequences

    @property
    def damaged(self) -> bool:
        return self.bad == 0 and (self.lossless + self.lossy) > 0


def candidates(lead: int, got: list[int], need: int, dropped: frozenset[int]) -> tuple[str, ...]:
    return _candidates(lead, tuple(got), need, dropped)


@cache
def _candidates(
    lead: int, got: tuple[int, ...], need: int, dropped: frozenset[int]
) -> tuple[str, ...]:
    """Characters obtained by filling ``got`` (which may hold placeholders) up to ``need`` bytes."""
    missing = need - 1 - len(got)
    values = sorted(dropped)
    out: dict[str, None] = {}
    for where in itertools.combinations(range(need - 1), missing):
        holes = missing + sum(1 for g in got if g == PLACEHOLDER)
        for fill in itertools.product(values, repeat=holes):
            it = iter(fill)
            seq = [lead]
            rest = iter(got)
            for pos in range(need - 1):
                v = next(it) if pos in where else next(rest)
                seq.append(next(it) if v == PLACEHOLDER else v)
            try:
                ch = bytes(seq).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if acceptable(ch):
                out[ch] = None
    return tuple(out)


def scan(
    text: str, cp: CodePage, dropped: frozenset[int], qmark: bool = False, give_up: bool = False
) -> Scan:
    """Read ``text`` as UTF-8 bytes that were decoded with ``cp``; see the module docstring.

    ``dropped`` are the byte values that may have been lost; ``qmark`` says that ``?`` inside a
    broken sequence stands for a replaced byte (U+FFFD always does).  With ``give_up`` the scan
    stops at the first thing the code page does not explain (the result is then not
    :attr:`~Scan.damaged`, all a caller that only wants damaged segments needs to know).
    """
    res = Scan()
    to_byte = cp.to_byte
    relevant = _relevant(cp.name)
    n = len(text)
    literal_from = 0
    i = 0

    def byte_at(k: int) -> int | None:
        ch = text[k]
        return ord(ch) if ch < "\x80" else to_byte.get(ch)

    while i < n and not (give_up and res.bad):
        if byte_at(i) is None or text[i] < "\x80":
            # ASCII, Hangul, CJK...: what the code page neither made nor rules out is skipped
            # in one step up to the next character that matters (the loop would step over it)
            found = relevant.search(text, i)
            if found is None:
                break
            i = found.start()
        b = byte_at(i)
        if b is None or b < 0x80:
            if b is None and "\x80" <= text[i] <= "\u052f":
                # Latin, Greek or Cyrillic this code page cannot have produced: its mojibake
                # would consist of its own characters only
                res.bad += 1
            i += 1
            continue
        need = seq_len(b)
        if need == 0:
            res.bad += 1  # a continuation byte without its lead, or C0/C1/F5..FF
            i += 1
            continue
        got: list[int] = []
        j = i + 1
        while len(got) < need - 1 and j < n:
            c = byte_at(j)
            if c is not None and 0x80 <= c <= 0xBF:
                got.append(c)
            elif text[j] == "\ufffd" or (qmark and text[j] == "?"):
                got.append(PLACEHOLDER)
            else:
                break
            j += 1
        if len(got) == need - 1 and PLACEHOLDER not in got:
            try:
                ch = bytes([b, *got]).decode("utf-8")
            except UnicodeDecodeError:
                res.bad += 1
                i += 1
                continue
            if not (
                acceptable(ch) or "\x80" <= ch <= "\x9f"
            ):  # C1: an inner layer of double mojibake
                res.bad += 1
                i += 1
                continue
            res.pieces.append(text[literal_from:i])
            res.pieces.append(Decoded(text[i:j], i, ch))
            res.lossless += 1
        else:
            cands = candidates(b, got, need, dropped)
            if not cands:
                res.bad += 1
                i += 1
                continue
            res.pieces.append(text[literal_from:i])
            res.pieces.append(LossySpot(text[i:j], i, cands))
            if got:
                res.lossy += 1
            else:
                res.bare += 1
        res.seen.update(g for g in got if g != PLACEHOLDER)
        literal_from = i = j
    res.pieces.append(text[literal_from:])
    return res
