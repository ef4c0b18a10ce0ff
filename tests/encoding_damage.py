"""A small reproducible damage simulator: make mojibake on purpose, and measure a repair.

Used by the tests and by ``bench/bench_encoding.py`` (not part of the package).  Every kind of
damage fix-encoding repairs: UTF-8 read with a single-byte code page (:func:`damage`, bytes the
page lacks dropped, or replaced by ``?``/U+FFFD, once or twice), and the Korean double-byte
families (:func:`damage_korean`).

>>> damage("텍스트", "cp1254")
'í…ìŠ¤íŠ¸'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

MODES = ("drop", "qmark", "fffd")
KOREAN_FAMILIES = (
    "cp949-latin1",
    "cp949-cp1252",
    "utf8-cp949-fffd",
    "utf8-cp949-qmark",
    "cp949-utf8",
)


def damage(
    text: str, codepage: str, *, drop_soft_hyphen: bool = True, mode: str = "drop", layers: int = 1
) -> str:
    """``text`` as UTF-8 bytes read with ``codepage`` and saved again, ``layers`` times.

    Bytes the code page does not define are dropped (``mode="drop"``) or replaced by ``?`` /
    U+FFFD; a soft hyphen (byte 0xAD) is dropped too when ``drop_soft_hyphen``.  With
    ``mode="sloppy"`` undefined bytes survive as C1 controls (lossless, as ftfy's sloppy codecs).
    """
    for _ in range(layers):
        out: list[str] = []
        for b in text.encode("utf-8"):
            try:
                ch = bytes([b]).decode(codepage)
            except UnicodeDecodeError:
                ch = {"drop": "", "qmark": "?", "fffd": "\ufffd", "sloppy": chr(b)}[mode]
            if ch == "\u00ad" and drop_soft_hyphen:
                ch = ""
            out.append(ch)
        text = "".join(out)
    return text


def lost_positions(text: str, codepage: str, *, drop_soft_hyphen: bool = True) -> list[int]:
    """Indices of the characters of ``text`` that lose at least one byte under :func:`damage`."""
    out = []
    for k, ch in enumerate(text):
        for b in ch.encode("utf-8"):
            try:
                dec = bytes([b]).decode(codepage)
            except UnicodeDecodeError:
                out.append(k)
                break
            if dec == "\u00ad" and drop_soft_hyphen:
                out.append(k)
                break
    return out


@dataclass(frozen=True, slots=True)
class Score:
    lost: int  # characters that lost bytes
    restored: int  # of those, restored exactly
    lost_hangul: int
    restored_hangul: int
    char_accuracy: float  # matching characters / characters of the original

    @property
    def recovery(self) -> float:
        return self.restored / self.lost if self.lost else 1.0

    @property
    def hangul_recovery(self) -> float:
        return self.restored_hangul / self.lost_hangul if self.lost_hangul else 1.0


def measure(original: str, repaired: str, lost: list[int]) -> Score:
    """Compare ``repaired`` with ``original`` (aligned by a diff when lengths differ)."""
    if len(original) == len(repaired):
        same = [a == b for a, b in zip(original, repaired, strict=True)]
    else:
        same = [False] * len(original)
        sm = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
        for block in sm.get_matching_blocks():
            for k in range(block.a, block.a + block.size):
                same[k] = True
    hangul = [k for k in lost if "\uac00" <= original[k] <= "\ud7a3"]
    return Score(
        lost=len(lost),
        restored=sum(same[k] for k in lost),
        lost_hangul=len(hangul),
        restored_hangul=sum(same[k] for k in hangul),
        char_accuracy=sum(same) / len(original) if original else 1.0,
    )


def missed_words(original: str, repaired: str, lost: set[int]) -> Iterator[tuple[str, str, str]]:
    """Each whitespace-delimited word of ``original`` holding a lost position that ``repaired``
    does not restore: (the word, what it became, the differing span of ``repaired``)."""
    sm = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or not any(k in lost for k in range(i1, i2)):
            continue
        a, b = i1, i2
        while a > 0 and not original[a - 1].isspace():
            a -= 1
        while b < len(original) and not original[b].isspace():
            b += 1
        yield original[a:b], repaired[j1 - (i1 - a) : j2 + (b - i2)], repaired[j1:j2]


def _cp949_reading(data: bytes, windows: bool) -> tuple[str, set[int]]:
    """Decode CP949 with replacements: each invalid byte one U+FFFD (as Python and ICU), or, like
    Windows, an invalid pair (a lead and a byte that could be a trail) one ``?``.  Also the
    offsets of the bytes replaced."""
    out: list[str] = []
    lost: set[int] = set()
    i = 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        pair = data[i : i + 2]
        try:
            out.append(pair.decode("cp949"))
            i += 2
            continue
        except UnicodeDecodeError:
            pass
        size = 2 if windows and len(pair) == 2 and 0x81 <= b <= 0xFE and pair[1] >= 0x41 else 1
        out.append("?" if windows else "\ufffd")
        lost.update(range(i, i + size))
        i += size
    return "".join(out), lost


def lost_korean(text: str, family: str) -> list[int]:
    """Indices of the characters of ``text`` that lose bytes under :func:`damage_korean`."""
    if family == "cp949-latin1":
        return []
    if family.startswith("cp949"):
        drop = (0x81, 0x8D, 0x8F, 0x90, 0x9D) if family == "cp949-cp1252" else ()
        return [
            k
            for k, ch in enumerate(text)
            if ch > "\x7f"
            and (family == "cp949-utf8" or any(b in drop for b in ch.encode("cp949")))
        ]
    data = text.encode("utf-8")
    _, lost = _cp949_reading(data, family.endswith("qmark"))
    out = []
    pos = 0
    for k, ch in enumerate(text):
        size = len(ch.encode("utf-8"))
        if any(p in lost for p in range(pos, pos + size)):
            out.append(k)
        pos += size
    return out


def damage_korean(text: str, family: str) -> str:
    """``text`` through one Korean double-byte family (see :data:`KOREAN_FAMILIES`):

    - ``cp949-latin1``: CP949 bytes read as Latin-1 (lossless);
    - ``cp949-cp1252``: CP949 bytes read as cp1252, undefined bytes (81 8D 8F 90 9D) dropped;
    - ``utf8-cp949-fffd`` / ``utf8-cp949-qmark``: UTF-8 read as CP949, each invalid byte U+FFFD
      (as Python and ICU) or each invalid pair ``?`` (as Windows);
    - ``cp949-utf8``: CP949 bytes read as UTF-8 with U+FFFD (the Hangul is lost).

    Characters CP949 cannot encode (emoji) are dropped first for the families that start from
    CP949.
    """
    if family.startswith("cp949"):
        data = text.encode("cp949", errors="ignore")
        if family == "cp949-latin1":
            return data.decode("latin-1")
        if family == "cp949-cp1252":
            return data.decode("cp1252", errors="ignore")
        return data.decode("utf-8", errors="replace")
    return _cp949_reading(text.encode("utf-8"), family.endswith("qmark"))[0]


def cp949_text(text: str) -> str:
    """``text`` without the characters CP949 cannot encode (the original of those families)."""
    return text.encode("cp949", errors="ignore").decode("cp949")


def lost_positions_twice(text: str, codepage: str) -> list[int]:
    """Indices of the characters of ``text`` that lose a byte in either pass of
    ``damage(text, codepage, layers=2)``."""
    out = []
    for k, ch in enumerate(text):
        once = damage(ch, codepage, mode="sloppy", drop_soft_hyphen=False)
        lossless_twice = damage(once, codepage, mode="sloppy", drop_soft_hyphen=False)
        if damage(ch, codepage, layers=2) != lossless_twice:
            out.append(k)
    return out
