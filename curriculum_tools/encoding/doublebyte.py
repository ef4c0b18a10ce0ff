"""The Korean double-byte families of damage (issue 13, section 4).

- **CP949 read as Latin-1** (``ÇÑ±Û ¹®¼­`` for ``한글 문서``): every byte became one character;
  encoding the line back with Latin-1 and decoding it as CP949 restores it exactly.
- **CP949 read as cp1252**, its undefined bytes (81 8D 8F 90 9D) dropped: the same, except for a
  UHC-extension syllable whose trail byte was dropped; its lead byte is left followed by something
  that cannot be a trail, and the candidates (the lead with each dropped value) go to the model.
  A dropped *lead* byte leaves a trail that reads as an ordinary letter: that syllable is lost
  without a trace and cannot be restored.
- **UTF-8 read as CP949** (``�븳湲� 臾몄꽌`` for ``한글 문서``), each invalid byte replaced by U+FFFD
  (one byte each, as Python and ICU do) or an invalid pair by ``?`` (as Windows does): the line is
  encoded back to bytes with a hole for each replacement, and the UTF-8 structure tells which
  values a hole can take (a lead EA-ED, or a continuation 80-BF); the syllables with holes go to
  the model.
- **CP949 read as UTF-8** (``�ѱ� ����``): the Hangul is gone (:func:`unrecoverable`).

A line is taken only when all of it is explained and it yields Hangul; a document only when at
least :data:`MIN_SYLLABLES` syllables come back intact (clean text is never touched: clean Korean
encoded as CP949 is almost never valid UTF-8, and clean Latin text is not CP949 Hangul).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..text import is_hangul_syllable, may_hold_cjk

MIN_SYLLABLES = 6  # Hangul syllables restored without a hole, per document
SYMBOL_RUN = 6  # Hangul syllables read wholly from Latin-1 symbols: a code chart, not Korean
MAX_CANDIDATES = 24  # syllables kept per hole, the most frequent first
DROPPED_1252 = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
HOLE = -1  # a byte replaced by U+FFFD (alone)
PAIR_A, PAIR_B = -2, -3  # the two bytes of an invalid pair replaced by one "?"
SINGLE_Q = -4  # one byte replaced by "?"
HOLES = (HOLE, PAIR_A, PAIR_B, SINGLE_Q)


def _hangul(ch: str) -> bool:
    return is_hangul_syllable(ch)


@cache
def syllable_set() -> frozenset[str]:
    """The Hangul syllables of the frequency table (``ko_syllables.tsv``)."""
    from .resolve import _syllable_table

    return frozenset(_syllable_table())


def looks_rare(ch: str) -> bool:
    """Hanja, or a Hangul syllable outside the frequency table."""
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or (_hangul(ch) and ch not in syllable_set()))


def table_cost(ch: str) -> float:
    """ln p of a syllable in the frequency table (higher is more frequent)."""
    from .resolve import _syllable_table

    return _syllable_table().get(ch, -99.0)


_SYMBOLS = frozenset(
    "·“”‘’…―—–※○●□■◆◇△▲▽▼→←↑↓「」『』《》〈〉【】、。℃°±×÷"
)  # CP949 punctuation Korean text uses


def _plausible(decoded: str, strict: bool = True) -> bool:
    """Decoded text: Hangul (of the frequency table), ASCII, common punctuation, box drawing,
    a little Hanja; some Hangul."""
    table = syllable_set()
    hangul = hanja = rare = 0
    for ch in decoded:
        if _hangul(ch):
            rare += ch not in table  # 쌉 in 쌉싸름한: real, but a line of them is garbage
            hangul += 1
        elif "\u4e00" <= ch <= "\u9fff":
            hanja += 1  # 科擧 beside its reading: fine among much Hangul
        elif ch > "\x7f" and ch not in _SYMBOLS and not "\u2500" <= ch <= "\u257f":
            return False
    return hangul > 0


def _line_ok(pieces: list[Piece], strict: bool = True) -> bool:
    """The characters read whole are plausible (rebuilt ones may be rare syllables), and the
    line holds Hangul."""
    known = "".join(p.char for p in pieces if not p.candidates)
    text = "".join(p.char for p in pieces)
    # a syllable glued to a Latin letter after it is garbage ("isn뭪", "You뭠l"); a particle
    # after a Latin word ("API를") is not
    if any(_hangul(a) and b.isascii() and b.isalpha() for a, b in itertools.pairwise(text)):
        return False
    return _plausible(known + "가") and (any(_hangul(p.char) for p in pieces) or not strict)


@dataclass(frozen=True, slots=True)
class Piece:
    """A character of the repaired line: known (``candidates`` empty) or rebuilt."""

    before: str  # the damaged characters it comes from
    char: str
    candidates: tuple[str, ...] = ()


# --- CP949 read as Latin-1 / cp1252 -------------------------------------------------------------


def _to_bytes(line: str, codec: str) -> bytes | None:
    try:
        return line.encode(codec)
    except UnicodeEncodeError:
        return None


def cp949_as_single_byte(line: str, codec: str, strict: bool = True) -> list[Piece] | None:
    """Undo CP949 read as ``codec`` (``latin-1`` or ``cp1252``) on one line, or None.
    ``strict``: the line must yield Hangul (off once the document showed the family)."""
    if line.isascii():
        return None
    data = _to_bytes(line, codec)
    if data is None:
        return None
    out: list[Piece] = []
    i = 0
    n = len(data)
    syllables = letter_trails = 0
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(Piece(chr(b), chr(b)))
            i += 1
            continue
        if not 0x81 <= b <= 0xFE:
            return None
        pair = data[i : i + 2]
        shown = pair.decode(codec)
        try:
            ch = pair.decode("cp949") if len(pair) == 2 else ""
        except UnicodeDecodeError:
            ch = ""
        if ch and (_hangul(ch) or _plausible(ch + "가")):
            out.append(Piece(shown, ch))
            if _hangul(ch):
                syllables += 1
                letter_trails += pair[1] >= 0xC0
            i += 2
            continue
        if codec != "cp1252":
            return None
        # a dropped trail byte: the lead with each dropped value
        cands = []
        for t in DROPPED_1252:
            try:
                c = bytes([b, t]).decode("cp949")
            except UnicodeDecodeError:
                continue
            if _hangul(c):
                cands.append(c)
        if not cands:
            return None
        out.append(Piece(bytes([b]).decode(codec), cands[0], tuple(cands)))
        i += 1
    if syllables >= SYMBOL_RUN and not letter_trails:
        # two thirds of the trail bytes of Hangul read as Latin-1 are letters (C0-FE: ÇÑ±Û);
        # a run of symbols alone (°±²³´µ¶·¸¹º»¼½¾¿, a code chart) is no Korean line
        return None
    return out if _line_ok(out, strict) else None


# --- UTF-8 read as CP949 ------------------------------------------------------------------------


def _template(line: str) -> list[tuple[str, tuple[int, ...] | None]] | None:
    """Each character with its CP949 bytes, or None for a replacement (a hole)."""
    out: list[tuple[str, tuple[int, ...] | None]] = []
    for ch in line:
        if ch == "\ufffd":
            out.append((ch, None))
            continue
        try:
            out.append((ch, tuple(ch.encode("cp949"))))
        except UnicodeEncodeError:
            return None
    return out


def _parse(items: list[tuple[str, tuple[int, ...] | None]]) -> tuple[list[int], list[int]] | None:
    """The bytes (each U+FFFD one HOLE) read as UTF-8, and the item each byte came from: the
    holes' places in the UTF-8 structure follow from the known bytes."""
    acc: list[int] = []
    src: list[int] = []
    need = 0
    for k, (_, known) in enumerate(items):
        if known is None:
            need = need - 1 if need > 0 else 2  # a continuation, or the lead of 3 bytes
            acc.append(HOLE)
            src.append(k)
            continue
        ok, need = _feed(list(known), need)
        if not ok:
            return None
        acc.extend(known)
        src.extend([k] * len(known))
    return (acc, src) if need == 0 else None


def _feed(data: list[int], need: int) -> tuple[bool, int]:
    for b in data:
        if need:
            if not 0x80 <= b <= 0xBF:
                return False, 0
            need -= 1
        elif b < 0x80:
            continue
        elif 0xC2 <= b <= 0xDF:
            need = 1
        elif 0xE0 <= b <= 0xEF:
            need = 2
        elif 0xF0 <= b <= 0xF4:
            need = 3
        else:
            return False, 0
    return True, need


def utf8_as_cp949(line: str, strict: bool = True) -> list[Piece] | None:
    """Undo UTF-8 read as CP949 with U+FFFD for each invalid byte on one line (``?`` for an
    invalid pair: :mod:`.qmark`)."""
    if not may_hold_cjk(line):
        return None
    items = _template(line)
    parsed = None if items is None else _parse(items)
    if items is None or parsed is None:
        return None
    pieces = split_pieces(*parsed, items, _fill)
    return pieces if pieces is not None and _line_ok(pieces, strict) else None


Fill = Callable[[tuple[int, ...], int | None], tuple[str, ...]]
"""The characters that fit the holes of one UTF-8 sequence, given the byte after it (None at
the end of the bytes)."""


def split_pieces(
    data: list[int], src: list[int], items: list[tuple[str, tuple[int, ...] | None]], fill: Fill
) -> list[Piece] | None:
    """Cut the bytes of one reading into UTF-8 characters (``src[i]``: the item byte ``i`` came
    from): an intact one decoded, one with holes filled by ``fill``; None when a character does
    not decode, has no candidate or is cut short. Shared by U+FFFD and ``?`` (:mod:`.qmark`)."""
    out: list[Piece] = []
    i = 0
    while i < len(data):
        b = data[i]
        if b in HOLES or b >= 0xE0:
            size = 3 if b < 0xF0 else 4
        elif b >= 0xC2:
            size = 2
        else:
            size = 1
        seq = data[i : i + size]
        if len(seq) < size:
            return None
        before = "".join(items[k][0] for k in range(src[i], src[i + size - 1] + 1))
        if not any(x in HOLES for x in seq):
            try:
                out.append(Piece(before, bytes(seq).decode("utf-8")))
            except UnicodeDecodeError:
                return None
        else:
            cands = fill(tuple(seq), data[i + size] if i + size < len(data) else None)
            if not cands:
                return None
            out.append(Piece(before, cands[0], cands))
        i += size
    return out


def _valid_pair(b1: int, b2: int) -> bool:
    try:
        bytes([b1, b2]).decode("cp949")
    except UnicodeDecodeError:
        return False
    return True


def _replaced(seq: list[int], marks: tuple[int, ...], after: int | None) -> bool:
    """Would the CP949 decoder have replaced the filled holes (and only them)?  ``after`` is the
    byte after the sequence (None: unknown)."""
    for k, mark in enumerate(marks):
        if mark not in HOLES:
            continue
        b = seq[k]
        nxt = seq[k + 1] if k + 1 < len(seq) else after
        if b < 0x80:
            return False  # ASCII is never replaced
        if nxt is None or nxt in HOLES:
            if mark == PAIR_A and not 0x81 <= b <= 0xFE:
                return False
            continue
        if mark == PAIR_A:
            if not 0x81 <= b <= 0xFE or nxt < 0x41 or _valid_pair(b, nxt):
                return False
        elif (
            mark != PAIR_B
            and 0x81 <= b <= 0xFE
            and ((mark == SINGLE_Q and nxt >= 0x41) or _valid_pair(b, nxt))
        ):
            # a byte replaced alone is 80/FF, or a lead whose next byte makes no valid pair
            # (Windows replaces a lead and a byte that could be its trail as one pair)
            return False
    return True


@cache
def _fill(seq: tuple[int, ...], after: int | None, limit: int = MAX_CANDIDATES) -> tuple[str, ...]:
    holes = [k for k, b in enumerate(seq) if b in HOLES]
    out = []
    table = syllable_set()
    ranges = [range(0xEA, 0xEE) if k == 0 else range(0x80, 0xC0) for k in holes]
    for fill in itertools.product(*ranges):
        data = list(seq)
        for k, v in zip(holes, fill, strict=True):
            data[k] = v
        try:
            ch = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if ch in table and _replaced(data, seq, after if after not in HOLES else None):
            out.append(ch)
    # the most frequent ones: with two or three holes there can be hundreds
    return tuple(sorted(out, key=lambda c: -table_cost(c))[:limit])


# --- CP949 read as UTF-8: unrecoverable ---------------------------------------------------------


def unrecoverable(text: str) -> str | None:
    """A message when ``text`` is CP949 (or EUC-KR) that was read as UTF-8 with U+FFFD for every
    invalid byte: the Hangul bytes are gone and no tool can bring them back."""
    bad = text.count("\ufffd")
    if bad < 4:
        return None
    wide = [c for c in text if c > "\x7f" and c != "\ufffd"]
    # what survives are the few byte pairs that happen to be valid 2-byte UTF-8 (U+0080-U+07FF)
    if any(_hangul(c) for c in wide) and sum(map(_hangul, wide)) * 4 > bad:
        return None
    if sum(1 for c in wide if c <= "\u07ff") < 0.8 * len(wide):
        return None
    return (
        f"{bad} replacement characters (U+FFFD) where Korean text was: CP949/EUC-KR bytes were "
        "read as UTF-8 and the Hangul is lost; restore the file from the original (not "
        "repairable)"
    )
