"""Finding a term in text: English with its inflections, Korean with particles and spacing.

English terms are compared word by word on light stems, so ``token``/``tokens``,
``embed``/``embedding``/``embedded`` and ``fine-tuning``/``fine-tuned`` are one term.
Acronyms (``LLM``) match case-sensitively, with an optional plural ``s``.

Korean renderings are compared on the text as written: particles attach at the end of a
word (``어텐션은``, ``어텐션을``, ``어텐션의``), so a rendering is found when it *starts* a
word (it is not the tail of a longer word: ``주의`` is not found in ``부주의``). A rendering
written with different spacing (``셀프어텐션`` for ``셀프 어텐션``) is a *spacing variant*.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from ..text import HANGUL_SYLLABLE_RE as HANGUL_RE

LATIN_RE = re.compile(r"[A-Za-z]")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*$")
_SUFFIXES = (
    ("ies", "y"), ("sses", "ss"), ("ings", ""), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")
)  # fmt: skip
_KEEP = frozenset(
    [
        "embed",
        "imbed",
        "speed",
        "proceed",
        "exceed",
        "succeed",
        "breed",
        "need",
        "seed",
        "shed",
        "hundred",
    ]
)
"""Words that end in ``ed`` without being past tenses."""


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stem: enough to join a term's inflections, never a dictionary form.

    >>> [stem(w) for w in ("Tokens", "embedding", "embedded", "embeds", "embed")]
    ['token', 'embed', 'embed', 'embed', 'embed']
    >>> [stem(w) for w in ("tune", "tuning", "tuned", "types", "type", "classes", "queries")]
    ['tun', 'tun', 'tun', 'typ', 'typ', 'class', 'query']
    >>> [stem(w) for w in ("analysis", "bias", "biases", "passed", "feed", "string", "strings")]
    ['analysis', 'bias', 'bias', 'pass', 'feed', 'str', 'str']
    """
    w = word.casefold()
    if len(w) <= 3 or w in _KEEP:
        return w
    for suffix, repl in _SUFFIXES:
        if not w.endswith(suffix) or len(w) - len(suffix) < 3:
            continue
        if suffix == "s" and w.endswith(("ss", "us", "is", "as")):
            break
        base = w[: -len(suffix)] + repl
        if suffix in ("ing", "ings", "ed") and base[-1] == base[-2] and base[-1] not in "lsz":
            base = base[:-1]  # embedd -> embed, mapp -> map
        w = base
        break
    return w[:-1] if len(w) >= 4 and w.endswith("e") else w


def is_acronym(word: str) -> bool:
    return bool(_ACRONYM_RE.match(word))


def term_words(term: str) -> tuple[str, ...]:
    """The comparable words of an English term (acronyms kept as written, others stemmed).

    >>> term_words("Self-Attention"), term_words("LLMs"), term_words("fine-tuned models")
    (('self', 'attention'), ('LLM',), ('fin', 'tun', 'model'))
    """
    return tuple(map(_word_key, _WORD_RE.findall(term)))


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    """One word of :func:`term_words` (memoised: a course repeats its words endlessly)."""
    if word.endswith("s") and is_acronym(word[:-1]):
        word = word[:-1]
    return word if is_acronym(word) else stem(word)


def text_words(text: str) -> list[str]:
    """The comparable words of English text, in order (see :func:`term_words`)."""
    return list(_text_words(text))


@lru_cache(maxsize=16384)
def _text_words(text: str) -> tuple[str, ...]:
    return term_words(text)


def find_term(words: list[str], key: tuple[str, ...]) -> Iterator[int]:
    """Start indexes where ``key`` occurs in ``words``."""
    n = len(key)
    first = key[0]
    for i, word in enumerate(words):
        if word == first and tuple(words[i : i + n]) == key:
            yield i


def squash(text: str) -> str:
    """Text without whitespace: the identity of a rendering across spacing variants."""
    return "".join(text.split())


@lru_cache(maxsize=8192)
def _spaced_re(rendering: str) -> re.Pattern[str]:
    return re.compile(r"\s*".join(re.escape(c) for c in squash(rendering)))


def _starts_word(text: str, at: int) -> bool:
    """True when ``text[at]`` is not the continuation of a word of the same script."""
    if at == 0:
        return True
    before, first = text[at - 1], text[at]
    if HANGUL_RE.match(first):
        return not HANGUL_RE.match(before)
    return not (before.isascii() and before.isalnum())


def find_rendering(text: str, rendering: str) -> tuple[int, str] | None:
    """Where ``rendering`` starts a word of ``text``, in any spacing: (offset, as written).

    A spacing that splits off a single syllable is not a variant but another word
    (``이 동작`` does not write ``이동``).

    >>> find_rendering("셀프어텐션은 중요합니다", "셀프 어텐션")
    (0, '셀프어텐션')
    >>> find_rendering("부주의한 실수", "주의") is None, find_rendering("이 동작은", "이동") is None
    (True, True)
    """
    first, last = rendering_ends(rendering)
    if not first or first not in text or last not in text:
        return None  # cheap test first: most lines lack the rendering's first or last letter
    for match in _spaced_re(rendering).finditer(text):
        form = match.group(0)
        if not _starts_word(text, match.start()):
            continue
        if form == rendering or _plausible_spacing(form):
            return match.start(), form
    return None


class KoLines:
    """Korean ``(line, text)`` lines and their joined text, searched for renderings as a whole
    (one search of the joined text instead of one per line)."""

    __slots__ = ("_starts", "joined", "lines")

    def __init__(self, lines: Sequence[tuple[int, str]], joined: str | None = None) -> None:
        self.lines = lines
        self.joined = "\n".join(text for _, text in lines) if joined is None else joined
        self._starts: list[int] | None = None

    def candidates(self, rendering: str) -> Sequence[tuple[int, str]]:
        """The lines where :func:`find_rendering` may find ``rendering``: a superset, every
        line that a match of the rendering's spaced pattern in the joined text touches (a
        match inside one line is such a match, or overlaps one)."""
        first, last = rendering_ends(rendering)
        joined = self.joined
        if not first or first not in joined or last not in joined:
            return ()
        if len(self.lines) == 1:
            return self.lines
        spans = [m.span() for m in _spaced_re(rendering).finditer(joined)]
        if not spans:
            return ()
        if self._starts is None:
            self._starts = list(
                itertools.accumulate((len(t) + 1 for _, t in self.lines), initial=0)
            )
        out: list[tuple[int, str]] = []
        done = -1
        for start, end in spans:  # a match starts and ends with a letter, never a newline
            low = max(done + 1, bisect.bisect_right(self._starts, start) - 1)
            done = bisect.bisect_right(self._starts, end - 1) - 1
            out.extend(self.lines[low : done + 1])
        return out


@lru_cache(maxsize=4096)
def rendering_ends(rendering: str) -> tuple[str, str]:
    """The first and last letter of ``rendering`` (spaces aside; ``("", "")`` when empty):
    :func:`find_rendering` finds nothing in a text lacking either."""
    squashed = squash(rendering)
    return (squashed[0], squashed[-1]) if squashed else ("", "")


def _plausible_spacing(form: str) -> bool:
    pieces = form.split()
    return len(pieces) == 1 or all(len(p) >= 2 for p in pieces)


def present(text: str, rendering: str) -> bool:
    """True when ``text`` has ``rendering`` spelled exactly, anywhere (the lenient test).

    >>> present("셀프 어텐션은", "어텐션"), present("셀프어텐션", "셀프 어텐션")
    (True, False)
    """
    return rendering in text


def spacing_variant(text: str, rendering: str) -> str | None:
    """The form of ``rendering`` written with other spacing in ``text``, if that is all there is.

    >>> spacing_variant("셀프어텐션을 계산합니다", "셀프 어텐션")
    '셀프어텐션'
    >>> spacing_variant("셀프 어텐션을", "셀프 어텐션") is None
    True
    """
    if (" " not in rendering and " " not in text) or present(text, rendering):
        return None
    found = find_rendering(text, rendering)
    return found[1] if found is not None and found[1] != rendering else None


def contains_english(text: str, key: tuple[str, ...]) -> bool:
    """True when ``text`` (Korean prose) keeps the English term itself."""
    if not LATIN_RE.search(text):
        return False
    return next(find_term(text_words(text), key), None) is not None
