"""UTF-8 read as CP949 with each invalid pair written as ``?`` (as Windows does): a search over
the readings of every damaged word.

A ``?`` stands for two bytes (a lead 81-FE and a byte the lead cannot take as its trail), for
one byte (0x80, which is no lead; or a lead right before an ASCII byte below 0x41), or for
itself.  A visible ASCII character other than ``?`` is a character boundary of the original
UTF-8, so a line splits into independent *segments* (runs of non-ASCII characters and ``?``);
inside a segment every byte is high, so a one-byte ``?`` there is 0x80, a continuation byte.

Each segment's readings (one length per ``?``) are enumerated here under the UTF-8 structure
and what the CP949 decoder must have rejected (:func:`.doublebyte._replaced`); each reading's
syllables with holes get their candidates (:func:`.doublebyte._fill`).  :mod:`.qrank` ranks
all readings and fillings of each word together.
"""

from __future__ import annotations

from functools import cache

from .doublebyte import (
    HOLES,
    PAIR_A,
    PAIR_B,
    SINGLE_Q,
    Piece,
    _feed,
    _fill,
    _plausible,
    _replaced,
    split_pieces,
    table_cost,
)

MAX_READINGS = 48  # readings of one segment compared
_MAX_STEPS = 4000  # search steps per segment
LOST_CANDIDATES = 128  # for a syllable that lost all three bytes (about 1,000 fit; 와 is 54th)
CANDIDATES = 48  # syllables per hole, the most frequent first (a syllable whose lead and first
# continuation are lost has about a hundred; 24 missed the right one for one word in nine)

UNEXPLAINED = 4  # a line is read when at most one word in this many has no reading
LEADS = (0xEA, 0xEB, 0xEC, 0xED)  # lead bytes of the Hangul syllables in UTF-8

Item = tuple[str, tuple[int, ...] | None]


def split(line: str) -> list[tuple[int, int]] | None:
    """The segments of ``line`` (start, end) that hold a non-ASCII character; None when a
    character is not CP949."""
    out: list[tuple[int, int]] = []
    start = -1
    for k, ch in enumerate(line + "\n"):
        inner = not ch.isascii() or ch == "?"
        if inner and start < 0:
            start = k
        elif not inner and start >= 0:
            # a word of "?" alone: a syllable that lost all its bytes, or question marks
            if not line[start:k].isascii() or k - start >= 2:
                out.append((start, k))
            start = -1
    for s, e in out:
        for ch in line[s:e]:
            if ch != "?":
                try:
                    ch.encode("cp949")
                except UnicodeEncodeError:
                    return None
    return out


def _items(text: str) -> list[Item]:
    return [(ch, None if ch == "?" else tuple(ch.encode("cp949"))) for ch in text]


def _byte_readings(items: list[Item]) -> list[tuple[list[int], list[int]]]:
    """Every reading of the segment's bytes as UTF-8 (holes as marks), with the item of each
    byte."""
    out: list[tuple[list[int], list[int]]] = []
    steps = [_MAX_STEPS]

    def walk(k: int, need: int, acc: list[int], src: list[int]) -> None:
        steps[0] -= 1
        if steps[0] < 0 or len(out) >= MAX_READINGS:
            return
        if k == len(items):
            if need == 0:
                out.append((acc, src))
            return
        known = items[k][1]
        if known is not None:
            ok, state = _feed(list(known), need)
            if ok:
                walk(k + 1, state, acc + list(known), src + [k] * len(known))
            return
        state = need
        for _ in range(2):  # a pair: continuation bytes, or the lead of a 3-byte character
            state = state - 1 if state > 0 else 2
        walk(k + 1, state, [*acc, PAIR_A, PAIR_B], [*src, k, k])
        if need > 0:  # one byte: a continuation
            walk(k + 1, need - 1, [*acc, SINGLE_Q], [*src, k])
        if need == 0:  # the question mark itself
            walk(k + 1, 0, [*acc, 0x3F], [*src, k])

    walk(0, 0, [], [])
    return out


def _pieces(data: list[int], src: list[int], items: list[Item], after: int) -> list[Piece] | None:
    """The characters of one reading; ``after`` is the byte after the segment."""

    def fill(seq: tuple[int, ...], nxt: int | None) -> tuple[str, ...]:
        limit = CANDIDATES if sum(x in HOLES for x in seq) < 3 else LOST_CANDIDATES
        return _fill_before(seq, after if nxt is None else nxt, limit)

    return split_pieces(data, src, items, fill)


@cache
def _fill_before(seq: tuple[int, ...], nxt: int, limit: int) -> tuple[str, ...]:
    """The syllables (and punctuation marks) that fit the holes of ``seq`` followed by the byte
    ``nxt``.  A hole after it is the lost lead of the next character (EA-ED for a syllable):
    the decoder rejected the pair it formed with this one's last byte for at least one of them
    (a last byte that makes a valid pair with every lead, as 81-A0 and the Hangul rows B0-BF
    do, would have shown)."""
    if nxt not in HOLES:
        found = list(_fill(seq, nxt, limit))
    else:
        union: set[str] = set()
        for lead in LEADS:
            union.update(_fill(seq, lead, 100_000))
        found = sorted(union, key=lambda c: (-table_cost(c), c))[:limit]
    return (*found, *_symbols(seq, None if nxt in HOLES else nxt))


SYMBOLS = "“”‘’…—–※→"  # punctuation of three UTF-8 bytes that Korean prose uses (E2 xx xx)


def _symbols(seq: tuple[int, ...], nxt: int | None) -> tuple[str, ...]:
    """The punctuation marks of :data:`SYMBOLS` that fit the holes of ``seq`` (a curly quote
    loses its lead E2 and first continuation as one ``?`` before a Hangul syllable); at least
    one of its bytes must be left."""
    out: list[str] = []
    if all(m in HOLES for m in seq):
        return ()  # nothing of it is left: a syllable (a particle) is far likelier
    for ch in SYMBOLS:
        data = ch.encode("utf-8")
        fits = len(data) == len(seq) and all(
            m in HOLES or m == b for m, b in zip(seq, data, strict=True)
        )
        if fits and _replaced(list(data), seq, nxt):
            out.append(ch)
    return tuple(out)


def readings(text: str, after: int) -> list[list[Piece]]:
    """The plausible readings of the segment ``text`` (followed by the byte ``after``)."""
    items = _items(text)
    out: list[list[Piece]] = []
    for data, src in _byte_readings(items):
        pieces = _pieces(data, src, items, after)
        if pieces is None:
            continue
        known = "".join(p.char for p in pieces if not p.candidates)
        if not _plausible(known + "가"):
            continue
        out.append(pieces)
    return out


def _detect_key(pieces: list[Piece]) -> tuple[int, int, int]:
    from .doublebyte import syllable_set

    table = syllable_set()
    whole = sum(1 for p in pieces if not p.candidates and p.char in table)
    rare = sum(1 for p in pieces if not p.candidates and p.char not in table)
    return whole - 2 * rare, -sum(1 for p in pieces if p.candidates), -len(pieces)


def detect_line(line: str) -> list[Piece] | None:
    """A cheap reading of the whole line (the likeliest-looking reading of each segment), for
    choosing the family, without the segments no reading explains; None when too many have
    none (:data:`UNEXPLAINED`)."""
    segs = split(line)
    if segs is None:
        return None
    out: list[Piece] = []
    pos = 0
    missing = 0
    for s, e in segs:
        out.extend(Piece(c, c) for c in line[pos:s])
        pos = e
        found = readings(line[s:e], _after(line, e))
        if not found:  # a character no reading explains: that word stays as found
            missing += 1
            continue
        best: list[Piece] = max(found, key=_detect_key)
        out.extend(best)
    out.extend(Piece(c, c) for c in line[pos:])
    return None if missing * UNEXPLAINED > len(segs) else out


def _after(line: str, end: int) -> int:
    return ord(line[end]) if end < len(line) else 0x0A
