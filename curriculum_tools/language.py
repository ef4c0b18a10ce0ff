"""Which language a piece of prose is written in, decided by its script (pure, no I/O).

English and Korean use different scripts, so counting letters is enough and far more
robust on short technical text than a statistical language detector: Hangul syllables
and jamo against Latin letters, over *prose only*. Before counting, :func:`prose_language`
removes what is legitimately Latin in a Korean text:

- fenced code and inline code spans (```` ``` ```` blocks, `` `x` ``), and display or
  inline math (``$$...$$``, ``$...$``);
- URLs, link targets (``[text](url)`` keeps ``text``), image references, raw HTML tags
  and comments;
- parenthesised glosses without Hangul, as in ``토큰화 (Tokenization)`` or
  ``대규모 언어 모델(Large Language Model, LLM)``;
- acronyms and other all-capital words (``LLM``, ``GPT-4``, ``NLP``), which Korean text
  keeps as they are.

A Hangul syllable carries about as much text as three Latin letters, so Hangul is weighed
three times: ``"ko"`` when ``3 * hangul >= latin``, else ``"en"``. Text with fewer than
``min_letters`` letters left (a number, a code-only line, an acronym) is ``None``:
undecided, never reported as either language.

>>> prose_language("Large Language Models are trained on vast amounts of text.")
'en'
>>> prose_language("토큰화 (Tokenization)는 텍스트를 토큰으로 나누는 과정입니다.")
'ko'
>>> prose_language("`pip install ctools` 2024") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from .text import HANGUL, HANGUL_RE

if TYPE_CHECKING:
    from .model import Block

Language = Literal["en", "ko"]

_FENCE_RE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?^[ \t]*\1[^\n]*$", re.M | re.S)
_MATH_BLOCK_RE = re.compile(r"\$\$.*?\$\$", re.S)
_MATH_INLINE_RE = re.compile(r"(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?![\w$])")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_TARGET_RE = re.compile(r"\]\([^)]*\)")
_HTML_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)
_HTML_CODE_RE = re.compile(r"<(code|kbd|samp|tt)\b[^<>]*>.*?</\1\s*>", re.S | re.I)
"""An HTML code element: the HTML form of a code span (quiz text is HTML, not Markdown)."""
_URL_RE = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+")
_GLOSS_RE = re.compile(f"[(（][^()（）{HANGUL}]*[)）]")
_ACRONYM_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*s?(?![A-Za-z0-9])")
_HANGUL_RE = HANGUL_RE
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")

HANGUL_WEIGHT = 3
"""How many Latin letters one Hangul character counts for."""


def strip_non_prose(text: str) -> str:
    """Remove code (spans and ``<code>`` elements), math, URLs, link targets, HTML,
    Latin-only glosses and acronyms.

    >>> strip_non_prose("모델 (Transformer) 은 `attn()` 을 씁니다: https://x.org")
    '모델   은   을 씁니다:  '
    """
    for pattern in (
        _FENCE_RE,
        _MATH_BLOCK_RE,
        _CODE_SPAN_RE,
        _HTML_CODE_RE,
        _MATH_INLINE_RE,
        _IMAGE_RE,
        _LINK_TARGET_RE,
        _HTML_RE,
        _URL_RE,
        _GLOSS_RE,
        _ACRONYM_RE,
    ):
        text = pattern.sub(" ", text)
    return text


def script_counts(text: str) -> tuple[int, int]:
    """``(hangul, latin)`` letter counts of ``text`` as given (nothing stripped).

    >>> script_counts("GPT 모델")
    (2, 3)
    """
    return len(_HANGUL_RE.findall(text)), len(_LATIN_RE.findall(text))


def prose_language(text: str, *, min_letters: int = 4) -> Language | None:
    """``"en"`` or ``"ko"`` for the prose in ``text`` (Markdown or plain), ``None`` if undecided.

    See the module docstring for what is excluded and how the scripts are weighed.

    >>> prose_language("대규모 언어 모델(Large Language Model, LLM)은 인공지능 모델입니다.")
    'ko'
    >>> prose_language("**Models**: BERT (Google), GPT (OpenAI)")
    'en'
    >>> prose_language("LLM") is None
    True
    """
    hangul, latin = script_counts(strip_non_prose(text))
    if hangul + latin < min_letters:
        return None
    return "ko" if HANGUL_WEIGHT * hangul >= latin else "en"


# --- one parsed prose line at a time (lint and status) ------------------------------------

_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*")

_GLOSS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\"[^\"]*\"|“[^”]*”|'[^'\n]*'|‘[^’]*’|「[^」]*」")


_IDENT_RE = re.compile(r"\S*(?:[A-Za-z0-9][._/:][A-Za-z]|[a-z][A-Z]|_)\S*")


def strip_glosses(text: str) -> str:
    """Prose without glosses and identifiers (``smolagents.CodeAgent``, ``max_steps``)."""
    text = _IDENT_RE.sub(" ", text)
    previous = None
    while previous != text:
        previous = text
        text = _GLOSS_RE.sub(" ", text)
    return text


def _detect(text: str) -> str:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return str(detect(text))
    except LangDetectException:
        return ""


def reads_english(text: str, min_words: int) -> bool:
    """True when a line of a Korean document reads as English."""
    if len(_LATIN_WORD_RE.findall(text)) < min_words:
        return False  # stripping only removes words: cheap early answer
    core = strip_glosses(text)
    words = _LATIN_WORD_RE.findall(core)
    if len(words) < min_words:
        return False
    hangul = len(_HANGUL_RE.findall(core))
    if hangul == 0:
        return True
    if hangul * 3 >= sum(len(w) for w in words):
        return False  # plenty of Korean: a Korean sentence with English terms
    return hangul <= 4 and _detect(core) == "en"


def reads_korean(text: str, min_chars: int) -> bool:
    """True when a line of an English document reads as Korean."""
    if len(_HANGUL_RE.findall(text)) < min_chars:
        return False  # stripping only removes letters: cheap early answer
    core = strip_glosses(text)
    hangul = len(_HANGUL_RE.findall(core))
    if hangul < min_chars:
        return False
    latin = len(_LATIN_RE.findall(core))
    if hangul * 3 >= latin:
        return True
    return _detect(core) == "ko"


def blocks_language(blocks: Iterable[Block], min_words: int = 5) -> Language | None:
    """The language most prose lines of these blocks read as (headings are not blocks).

    ``"en"`` when more lines read as English than carry Korean, ``"ko"`` when Korean lines
    are the majority, None when no line decides (code only, short labels, ``[[autodoc]]``).
    """
    english = korean = 0
    for block in blocks:
        if block.kind not in ("paragraph", "list", "table", "blockquote"):
            continue
        for _, text in block.lines:
            if reads_english(text, min_words):
                english += 1
            elif _HANGUL_RE.search(text):
                korean += 1
    if english > korean:
        return "en"
    return "ko" if korean else None
