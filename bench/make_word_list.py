"""Regenerate curriculum_tools/encoding/ko_words.txt from wordfreq's Korean list.

The list holds the Hangul words (two syllables or more) of wordfreq's Korean frequency list
(words used at least about once per million, from subtitles, Wikipedia, web text...) that the
Kiwi model ctools loads reads as one proper noun or as a word outside its dictionary: the words
for which the list says more than Kiwi's own score (see ``encoding/lexicon.py``).  Kiwi's
reading of every other word does not depend on the list, so they are left out (5,500 of 25,000
words).  Run: python bench/make_word_list.py (needs wordfreq and kiwipiepy).
"""

from __future__ import annotations

from pathlib import Path

import wordfreq
from kiwipiepy import Kiwi

OUT = Path(__file__).resolve().parent.parent / "curriculum_tools" / "encoding" / "ko_words.txt"
UNKNOWN_IDS = 20  # as curriculum_tools.encoding.korean._UNKNOWN_IDS


def main() -> None:
    kiwi = Kiwi(
        model_type="cong-global",
        load_default_dict=False,
        load_typo_dict=False,
        load_multi_dict=False,
    )
    keep = []
    for word in wordfreq.get_frequency_dict("ko"):  # most frequent first
        if len(word) < 2 or not all("\uac00" <= ch <= "\ud7a3" for ch in word):
            continue
        tokens, _ = kiwi.analyze(word, top_n=1)[0]
        one = len(tokens) == 1 and tokens[0].form == word
        if one and (tokens[0].id < UNKNOWN_IDS or tokens[0].tag == "NNP"):
            keep.append(word)
    header = (
        "# Korean words of wordfreq 3.1 'ko' (zipf >= 3, most frequent first) that Kiwi reads\n"
        "# as one proper noun or as a word outside its dictionary. One word a line.\n"
        "# Regenerate with bench/make_word_list.py.\n"
    )
    OUT.write_text(header + "".join(f"{w}\n" for w in keep), encoding="utf-8")
    print(f"{len(keep)} words -> {OUT}")


if __name__ == "__main__":
    main()
