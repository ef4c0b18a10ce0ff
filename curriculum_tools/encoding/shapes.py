"""The shape of a character and of the text around a decoded stretch (:mod:`.evidence`).

Scripts of letters, and of the signs of the two-byte UTF-8 blocks; the tests that tell correct
text made of a capital letter and the punctuation after it (``ANDRÉ’s`` is C9 92 read through
cp1252, ``“MINHA IRMÃ”``) from damage.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from ..text import has_hangul
from .codepages import CodePage

_SCRIPT_NAMES = (
    "LATIN",
    "HANGUL",
    "CJK",
    "HIRAGANA",
    "KATAKANA",
    "CYRILLIC",
    "GREEK",
    "ARMENIAN",
    "HEBREW",
    "ARABIC",
    "THAI",
    "DEVANAGARI",
    "GEORGIAN",
)


OPEN_CLOSE = {"“": "”", "‘": "’", "«": "»", "「": "」", "『": "』", "‹": "›", "„": "“"}


#: Blocks of two-byte UTF-8 (what a capital Latin-1 letter and a symbol decode to) whose
#: punctuation, digits and signs belong to one script: ``Í¾`` is a Greek question mark, ``×³``
#: a Hebrew geresh, ``Û°`` an extended Arabic-Indic digit.
_BLOCKS = (
    ("\u0250", "\u02ff", "IPA"),  # IPA letters and spacing modifiers: ɒ for É’, ʰ for Ê°
    ("\u0370", "\u03ff", "GREEK"),
    ("\u0400", "\u052f", "CYRILLIC"),
    ("\u0530", "\u058f", "ARMENIAN"),
    ("\u0590", "\u05ff", "HEBREW"),
    ("\u0600", "\u06ff", "ARABIC"),
    ("\u0700", "\u074f", "SYRIAC"),
    ("\u0750", "\u077f", "ARABIC"),
    ("\u0780", "\u07bf", "THAANA"),
    ("\u07c0", "\u07ff", "NKO"),
)

# spacing modifiers in cp1250/1252/1257 and MacRoman, and the apostrophes of orthographies
# (Ukrainian ``памʼять``, Hawaiian ``Hawaiʻi``): no script of their own
_PAGE_MARKS = frozenset("ˆˇ˘˙˚˛˜˝ʻʼʽ")


@cache
def block_script(ch: str) -> str:
    """The script of any character of the :data:`_BLOCKS` (letters, digits, signs; ``""``
    elsewhere): decoded, a sign of a script the document does not use is no repair."""
    if ch in _PAGE_MARKS:
        return ""  # characters of the code pages themselves: the inner layer of double mojibake
    for lo, hi, name in _BLOCKS:
        if lo <= ch <= hi:
            return name
    return ""


@cache
def script(ch: str) -> str:
    """The script of a letter (``""`` for anything else)."""
    if "\u0250" <= ch <= "\u02af" and ch.isalpha() and unicodedata.category(ch) != "Lm":
        return "IPA"  # phonetic letters (ə ʃ ɒ): not the Latin of any page that lacks them
    if not ch.isalpha() or unicodedata.category(ch) == "Lm":
        return ""  # modifier letters (ˆ, ー) belong to no one script
    if has_hangul(ch):
        return "HANGUL"
    if ch < "\u0250" or "\u1e00" <= ch <= "\u1eff":
        return "LATIN"  # with µ, ª, º
    name = unicodedata.name(ch, "")
    for s in _SCRIPT_NAMES:
        if name.startswith(s):
            return s
    return name.split(" ", 1)[0] or "?"


def case_breaks(prefix: str, decoded: str, raw: str = "", rest: str = "") -> bool:
    """A capital word (two ASCII capitals or more before the decoded stretch) that would go on with a
    small Latin letter or a phonetic modifier: ``MARQUÉ²`` is no ``MARQUɲ``, ``MAÇÃ»`` no
    ``MAÇû``, ``ZOË’s`` no ``ZO˒s`` (an upper-case word read through a code page decodes to
    capitals: ``CAFÃ‰``).  Nor does a capital word end in an apostrophe before a small suffix
    by chance: ``JOSÄ’s``, ``KOBİ’ler`` are a possessive and a Turkish suffix (``raw``: the
    decoded characters as found, ``rest``: the word after them)."""
    letters = [c for c in prefix if c.isalpha()]
    if sum("A" <= c <= "Z" for c in letters) < 2 or not all(c.isupper() for c in letters):
        return False  # two ASCII capitals: mojibake capitals (``ÃÂ``) before a stretch are no word
    if raw[-1:] in "’‘" and rest[:1].islower() and rest.rstrip(_TRAILING).isalpha():
        return True
    return any(
        (c.islower() and script(c) in ("LATIN", "IPA")) or block_script(c) == "IPA" for c in decoded
    )


_TRAILING = ".,;:!?)]}»”’\"'*_"


def closes_quote(line: str, start: int, end: int) -> bool:
    """``line[start:end]`` (the raw characters of a decoded stretch) holds the closing mark of a
    quotation opened before it on the line and not closed after it: ``“MINHA IRMÃ”`` ends the
    quotation, ``«MAÇÃ»`` too; repaired, the line would keep an opening mark alone."""
    raw, before, after = line[start:end], line[:start], line[end:]
    if after[:1].isalnum():
        return False  # the mark must end the word
    for op, cl in OPEN_CLOSE.items():
        if raw.endswith(cl):
            at = before.rfind(op)
            # the opening mark starts a word (mojibake never does: a continuation byte)
            opens = at >= 0 and (at == 0 or before[at - 1].isspace() or before[at - 1] in "([*_")
            if opens and before.rfind(cl) < at and cl not in after:
                return True
    return False


def inner_start(decoded: str, cp: CodePage | None) -> bool:
    """``decoded`` reads through ``cp`` as the start of a UTF-8 sequence (a lead C2-F4 and
    continuations, maybe cut short): the inner layer of double mojibake, not a letter."""
    if cp is None or not decoded:
        return False
    data = [cp.to_byte.get(ch) for ch in decoded[:4]]
    if data[0] is None or not 0xC2 <= data[0] <= 0xF4:
        return False
    need = 1 if data[0] < 0xE0 else 2 if data[0] < 0xF0 else 3
    rest = data[1 : 1 + need]
    return bool(rest) and all(b is not None and 0x80 <= b <= 0xBF for b in rest)
