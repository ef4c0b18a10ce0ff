"""Make mojibake on purpose, and measure a repair (for tests and benchmarks).

>>> damage("텍스트", "cp1254")
'í…ìŠ¤íŠ¸'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..text import is_hangul_syllable

MODES = ("drop", "qmark", "fffd")


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
    hangul = [k for k in lost if is_hangul_syllable(original[k])]
    return Score(
        lost=len(lost),
        restored=sum(same[k] for k in lost),
        lost_hangul=len(hangul),
        restored_hangul=sum(same[k] for k in hangul),
        char_accuracy=sum(same) / len(original) if original else 1.0,
    )
