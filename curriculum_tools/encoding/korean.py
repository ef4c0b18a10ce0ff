"""Korean language models that rank reconstructions of lost syllables.

Each model scores a short string (a few words of context with one candidate filled in) by a log
probability; only differences between candidates of the same spot matter.

- :class:`KiwiModel` (optional extra ``kiwipiepy``): the score of the best morphological analysis
  of the Korean analyser Kiwi, less whole-word costs Kiwi's score misses (:func:`word_penalty`:
  a word outside its dictionary and the general word lists of :mod:`.lexicon`, a rare proper
  noun, an adverb glued to a noun).  Most accurate (see
  ``bench/bench_encoding.py``).
- :class:`WordfreqModel` (fallback, ``wordfreq``): the best segmentation of each word into entries
  of wordfreq's Korean frequency list (mostly morphemes), scored by their log frequencies.
- :class:`NullModel`: no knowledge; the document's own evidence decides alone.

:func:`default_model` picks the best one installed, once per process.  Heavy imports stay inside
functions so importing this module costs nothing.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any, Protocol

from ..text import is_hangul_syllable


class Model(Protocol):
    name: str

    def score(self, texts: Sequence[str]) -> list[float]: ...


class NullModel:
    name = "none"

    def score(self, texts: Sequence[str]) -> list[float]:
        return [0.0] * len(texts)


_CACHE_LIMIT = 200_000  # scored strings remembered per process


class KiwiModel:
    name = "kiwipiepy"

    def __init__(self) -> None:
        from kiwipiepy import Kiwi

        # the typo and multi-word dictionaries halve the loading time and do not help here;
        # "cong-global" (the CoNg model with its long-distance context) loads as fast as the
        # default "cong" and ranks lost syllables better (bench/bench_encoding.py: 2 of 6 misses
        # fewer on the test documents, none more on the unseen smolagents docs)
        # (older kiwipiepy releases without it keep their default model)
        options: dict[str, Any] = {
            "load_default_dict": False,
            "load_typo_dict": False,
            "load_multi_dict": False,
        }
        try:
            self._kiwi: Any = Kiwi(model_type="cong-global", **options)
        except Exception:
            self._kiwi = Kiwi(**options)
        self._cache: dict[str, float] = {}
        from .lexicon import known_words

        self._known: AbstractSet[str] = known_words()
        self._plain: KiwiModel | None = None

    def without_lists(self) -> KiwiModel:
        """The same Kiwi without the general word lists (:func:`without_lists`)."""
        if self._plain is None:
            plain = object.__new__(KiwiModel)
            plain._kiwi, plain._cache, plain._known, plain._plain = (
                self._kiwi,
                {},
                frozenset(),
                None,
            )
            self._plain = plain
        return self._plain

    def score(self, texts: Sequence[str]) -> list[float]:
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            for t in todo:
                tokens, score = self._kiwi.analyze(t, top_n=1)[0]
                best = float(score) - word_penalty(t, tokens, self._known)
                if best < score:
                    # the best analysis once the whole-word costs are counted: Kiwi's first
                    # may split a real word (더미 -> 더/MAG 미/NNG) where a later one does not
                    # (analyses come best first and costs are >= 0: none beats a free first)
                    best = max(
                        float(sc) - word_penalty(t, toks, self._known)
                        for toks, sc in self._kiwi.analyze(t, top_n=ANALYSES)
                    )
                self._cache[t] = best
        return [self._cache[t] for t in texts]


def without_lists(model: Model) -> Model:
    """``model`` as the ``?`` family (UTF-8 read as CP949, ``?`` for invalid pairs) was tuned:
    Kiwi without the general word lists of :mod:`.lexicon`.  That family ranks many readings
    of mostly unknown syllable strings with its own temperature; with the lists its first
    pages came back slightly worse (295 of 448 lost syllables against 300), so it keeps the old
    costs until it is measured whole."""
    return model.without_lists() if isinstance(model, KiwiModel) else model


ANALYSES = 3  # Kiwi analyses compared per scored text
UNKNOWN_WORD = 3.0  # a Hangul word Kiwi does not know (판트 for 힌트, 마스포 for 마스크)
# with the general word lists of .lexicon at hand: a word outside Kiwi's dictionary that a list
# has costs nothing (크레이트), one no list has costs more (포레이트); a proper noun of Kiwi's
# that no list has (폴로저, a rare name, for 클로저) costs as much as an unknown word
UNLISTED_WORD = 5.0
RARE_NAME = 3.0
GLUED_ADVERB = (
    4.0  # an adverb or interjection glued to a noun in one eojeol (관리또는, 또퍼, 에설계)
)
_UNKNOWN_IDS = 20  # Kiwi's placeholders for words outside its dictionary have the lowest ids
_NOUNS = ("NNG", "NNP", "NNB", "NR", "NP", "SL", "SH")
# adverbs and interjections stand alone: glued to a noun they mark a wrong syllable
# (관리또는 for 관리되는; 에/IC 설계 for 역설계, 역 having lost its soft hyphen byte)
_ADVERBS = ("MAG", "MAJ", "IC")


def word_penalty(text: str, tokens: Sequence[Any], known: AbstractSet[str] = frozenset()) -> float:
    """Log-probability cost of what Kiwi's score misses about whole words (eojeols): a word
    outside its dictionary, and an adverb or interjection written together with a noun, both
    rare in real text and typical of a wrong syllable.  ``known``: the words of general word
    lists (:mod:`.lexicon`), which decide whether a word Kiwi does not know, or one of its
    proper nouns, is a word people write."""
    cost = 0.0
    words = [text.count(" ", 0, t.start) for t in tokens]  # eojeol of each token
    for k, t in enumerate(tokens):
        if t.id < _UNKNOWN_IDS and any(map(is_hangul_syllable, t.form)):
            if not known:
                cost += UNKNOWN_WORD
            elif t.form not in known:
                cost += UNLISTED_WORD
        elif (
            known
            and t.tag == "NNP"
            and len(t.form) >= 2
            and t.form not in known
            and all(map(is_hangul_syllable, t.form))
        ):
            cost += RARE_NAME
        if t.tag in _ADVERBS and k > 0 and words[k - 1] == words[k] and tokens[k - 1].tag in _NOUNS:
            cost += GLUED_ADVERB
        if (
            t.tag in _ADVERBS
            and k + 1 < len(tokens)
            and words[k + 1] == words[k]
            and tokens[k + 1].tag in _NOUNS
        ):
            cost += GLUED_ADVERB
    return cost


class WordfreqModel:
    """Viterbi segmentation of Hangul runs into wordfreq entries (log frequency per piece)."""

    name = "wordfreq"
    _unknown = math.log(1e-9)  # cost of a syllable no entry covers
    _max_len = 6

    def __init__(self) -> None:
        import wordfreq

        freqs: dict[str, float] = wordfreq.get_frequency_dict("ko")
        self._logf = {
            w: math.log(f) for w, f in freqs.items() if w and all(map(is_hangul_syllable, w))
        }
        self._cache: dict[str, float] = {}

    def _run(self, run: str) -> float:
        s = self._cache.get(run)
        if s is not None:
            return s
        best = [0.0] + [-math.inf] * len(run)
        for end in range(1, len(run) + 1):
            for start in range(max(0, end - self._max_len), end):
                lf = self._logf.get(run[start:end])
                if lf is None:
                    lf = self._unknown if end - start == 1 else None
                if lf is not None and best[start] + lf > best[end]:
                    best[end] = best[start] + lf
        self._cache[run] = best[-1]
        return best[-1]

    def score(self, texts: Sequence[str]) -> list[float]:
        out = []
        for t in texts:
            total = 0.0
            run: list[str] = []
            for ch in t + " ":
                if is_hangul_syllable(ch):
                    run.append(ch)
                elif run:
                    total += self._run("".join(run))
                    run = []
            out.append(total)
        return out


@cache
def default_model() -> Model:
    """Kiwi if installed, else wordfreq, else nothing.  ``CTOOLS_KO_MODEL`` forces one by name."""
    wanted = os.environ.get("CTOOLS_KO_MODEL", "")
    order: list[type[KiwiModel] | type[WordfreqModel]] = [KiwiModel, WordfreqModel]
    if wanted == "none":
        return NullModel()
    for cls in order:
        if wanted and cls.name != wanted:
            continue
        try:
            return cls()
        except Exception:  # not installed, or its model files are missing or broken
            continue
    return NullModel()


@cache
def model_named(name: str) -> Model:
    """A specific model (for benchmarks and tests); raises ImportError when not installed."""
    if name == "kiwipiepy":
        return KiwiModel()
    if name == "wordfreq":
        return WordfreqModel()
    return NullModel()
