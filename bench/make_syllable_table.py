"""Regenerate curriculum_tools/encoding/ko_syllables.tsv from wordfreq's Korean list.

Each Hangul syllable gets the summed frequency of the wordfreq entries that contain it, stored as
round(-10 * ln(p)).  Run: python bench/make_syllable_table.py
"""

from __future__ import annotations

import collections
import math
from pathlib import Path

import wordfreq

OUT = Path(__file__).resolve().parent.parent / "curriculum_tools" / "encoding" / "ko_syllables.tsv"


def main() -> None:
    counts: dict[str, float] = collections.defaultdict(float)
    for word, freq in wordfreq.get_frequency_dict("ko").items():
        for ch in word:
            if "\uac00" <= ch <= "\ud7a3":
                counts[ch] += freq
    total = sum(counts.values())
    header = (
        "# Hangul syllable frequencies derived from wordfreq 3.1 'ko'\n"
        "# (sum of the frequencies of the words containing the syllable).\n"
        "# Format: syllable TAB round(-10 * ln(p)). Regenerate with bench/make_syllable_table.py.\n"
    )
    body = "".join(
        f"{ch}\t{round(-math.log(v / total) * 10)}\n" for ch, v in sorted(counts.items())
    )
    OUT.write_text(header + body, encoding="utf-8")
    print(f"{len(counts)} syllables -> {OUT}")


if __name__ == "__main__":
    main()
