"""General Korean word lists that check Kiwi's reading of a rare word (issue 13, section 3).

Kiwi scores a word outside its dictionary with a generic character model, and it knows many
rare proper nouns from its training corpus.  Two lost-syllable candidates of a loanword are then
ranked by chance: ``크레이트`` (crate) and ``포레이트`` are both outside its dictionary, and
``폴로저``, a rare name, beats ``클로저`` (closure), which Kiwi does not know.  Two general lists
that say which of such words people actually write, neither built for any document:

- ``ko_words.txt`` (shipped, ``bench/make_word_list.py``): the words of wordfreq's Korean
  frequency list (used about once per million words or more) that Kiwi reads as one proper noun
  or as an unknown word;
- ``default.dict`` of the installed ``kiwipiepy_model``: Kiwi's optional dictionary of 113,000
  proper nouns (titles of encyclopaedia articles: ``크레이트``, ``러스트``).  Loading it into Kiwi
  made ranking worse (its weights split ``클로저`` into ``클로`` + ``저``); as a list of words that
  exist it only decides between otherwise unknown words.

:func:`korean.word_penalty <curriculum_tools.encoding.korean.word_penalty>` charges a word outside
Kiwi's dictionary only when no list has it, and a proper noun of Kiwi's only when no list has it.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources

from ..text import is_hangul_syllable


def _words(lines: list[str]) -> set[str]:
    out = set()
    for line in lines:
        if line and not line.startswith("#"):
            word = line.split("\t", 1)[0].strip()
            if len(word) >= 2 and all(map(is_hangul_syllable, word)):
                out.add(word)
    return out


@cache
def known_words() -> frozenset[str]:
    """The Hangul words (two syllables or more) of both lists; the shipped one alone when the
    Kiwi model files are not installed."""
    data = resources.files(__package__).joinpath("ko_words.txt").read_text(encoding="utf-8")
    words = _words(data.splitlines())
    try:
        import kiwipiepy_model

        path = os.path.join(kiwipiepy_model.get_model_path(), "default.dict")
        with open(path, encoding="utf-8") as fh:
            words |= _words(fh.read().splitlines())
    except (ImportError, OSError, AttributeError):
        pass
    return frozenset(words)
