"""Regenerate curriculum_tools/encoding/symbols.tsv: a prior for symbols and emoji.

When a 3- or 4-byte sequence (arrows, box drawing, dingbats, emoji) loses a byte, several
characters fit the bytes that are left.  The table gives each symbol (general category So, Sm or
Sk, outside ASCII, Latin-1 and Hangul) its frequency in wordfreq 3.1, averaged over the languages
whose lists count emoji (mostly from Twitter and Reddit), stored as round(-10 * ln(p)) of its
share among the symbols; and a flag for emoji that default to text presentation (Unicode
``Emoji`` but not ``Emoji_Presentation``): only those take the variation selector U+FE0F.
Symbols wordfreq never saw are listed only when they carry the flag (cost empty).

Run: python bench/make_symbol_table.py  (needs wordfreq and regex)
"""

from __future__ import annotations

import collections
import math
import unicodedata
from pathlib import Path

import regex
import wordfreq

OUT = Path(__file__).resolve().parent.parent / "curriculum_tools" / "encoding" / "symbols.tsv"
LANGS = ("en", "es", "pt", "fr", "de", "ja", "ar", "it")
_TEXT_DEFAULT = regex.compile(r"(?=\p{Emoji})\P{Emoji_Presentation}")


def _symbol(ch: str) -> bool:
    return ord(ch) > 0xFF and unicodedata.category(ch) in ("So", "Sm", "Sk")


def main() -> None:
    freq: dict[str, float] = collections.defaultdict(float)
    for lang in LANGS:
        for word, f in wordfreq.get_frequency_dict(lang).items():
            if len(word) == 1 and _symbol(word):
                freq[word] += f / len(LANGS)
    total = sum(freq.values())
    text_default = {
        chr(cp)
        for cp in range(0x100, 0x20000)
        if _symbol(chr(cp)) and _TEXT_DEFAULT.fullmatch(chr(cp))
    }
    header = (
        f"# Symbol and emoji frequencies derived from wordfreq 3.1 ({', '.join(LANGS)}), see\n"
        "# bench/make_symbol_table.py. Format: symbol TAB round(-10 * ln(share)) (empty: unseen)\n"
        "# TAB 1 when the symbol is an emoji with text presentation by default (takes U+FE0F).\n"
    )
    rows = []
    for ch in sorted(set(freq) | text_default):
        cost = str(round(-math.log(freq[ch] / total) * 10)) if ch in freq else ""
        rows.append(f"{ch}\t{cost}\t{int(ch in text_default)}\n")
    OUT.write_text(header + "".join(rows), encoding="utf-8")
    print(f"{len(rows)} symbols -> {OUT}")


if __name__ == "__main__":
    main()
