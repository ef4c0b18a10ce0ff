"""Glosses and definition sentences (pure functions over the model, no I/O):

- :func:`find_glosses`: a Korean term with its English original, ``토큰화 (Tokenization)``;
- :func:`heading_gloss`: the English and Korean titles of an aligned section pair;
- :func:`find_clozes`: definition sentences (``X is a ...``, ``X은 ... 입니다``) with X clozed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Document, Section
from ...text import HANGUL_SYLLABLES as _HANGUL
from .sections import (
    EMPHASIS_RE,
    EN_PRONOUNS,
    LATIN_RE,
    has_hangul,
    strip_colon,
    term_key,
)
from .terms import _block_lines, _bold_definition, _prose_blocks, _strip_marker

_GLOSS_RE = re.compile(rf"\((?P<latin>[A-Za-z][^(){_HANGUL}]{{1,80}}?)\)")
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9]+s?$")
_GLOSS_TERM_RE = re.compile(r"^[A-Za-z][A-Za-z0-9\-' ]*$")
_SENTENCE_SPLIT_RE = re.compile(rf"(?<=[.!?])\s+(?=[A-Z\"'“({_HANGUL}])")
_EN_DEFINITION_RE = re.compile(
    r"^(?P<article>(?:An?|The)\s+)?"
    r"(?P<term>[A-Z][\w\-]*(?:\s+(?:\([^()]{1,40}\)|[\w\-]+)){0,5}?)"
    r"\s+(?P<verb>is defined as|refers to|stands for|means|is|are)\s+(?P<rest>.+)$"
)
_EN_COPULA_REST_RE = re.compile(r"^(?:\w+ly\s+)?(?:a|an|the|one)\b")
_KO_DEFINITION_RE = re.compile(
    rf"^(?P<term>[^\s:：,()][^:：,()]{{0,40}}?(?:[{_HANGUL}A-Za-z0-9]|\([^()]{{1,60}}\)))"
    r"(?:은|는|이란|란)\s+"
    r"(?P<rest>.{6,}?(?:입니다|이다|말합니다|뜻합니다|의미합니다))\.?$"
)
_KO_PRONOUN_RE = re.compile(r"^(?:이|그|저|이러한|그러한|이런|그런)\s")


@dataclass(frozen=True, slots=True)
class Gloss:
    """A term in the source language and its translation, written or aligned side by side."""

    source: str
    """The source-language (English) side, plain text."""
    target: str
    """The target-language (Korean) side, plain text."""
    line: int
    """Line of the target side (1-based)."""

    @property
    def key(self) -> str:
        return term_key(self.source)


@dataclass(frozen=True, slots=True)
class Cloze:
    """A definition sentence with the defined term as cloze deletion ``{{c1::...}}``."""

    text: str
    """Markdown of the sentence with ``{{c1::term}}``."""
    term: str
    line: int

    @property
    def key(self) -> str:
        return term_key(self.term)


def _split_gloss(title: str) -> tuple[str, str] | None:
    """``토큰화 (Tokenization)`` -> (``Tokenization``, ``토큰화``) when the title is exactly that."""
    match = re.fullmatch(rf"(?P<ko>[^()]*[{_HANGUL}][^()]*?)\s*\((?P<en>[^(){_HANGUL}]+)\)", title)
    if match and LATIN_RE.search(match.group("en")):
        return match.group("en").strip(), match.group("ko").strip()
    return None


def heading_gloss(en: Section, ko: Section) -> Gloss | None:
    """The English and Korean titles of an aligned pair of sections, as a gloss."""
    en_title, ko_title = strip_colon(en.title), strip_colon(ko.title)
    split = _split_gloss(ko_title)
    if split is not None:
        ko_title = split[1]
    if not LATIN_RE.search(en_title) or not has_hangul(ko_title):
        return None
    if term_key(en_title) == term_key(ko_title):
        return None
    return Gloss(en_title, ko_title, ko.line)


def find_glosses(doc: Document, section: Section) -> list[Gloss]:
    """Korean terms written with their English original: ``토큰화 (Tokenization)``.

    In a heading the whole Korean part is the term; in prose, as many Korean words as the
    English has (``퓨샷 학습(few-shot learning)``). Bare acronyms (``순환 신경망(RNN)``) are
    left out: their Korean words cannot be delimited reliably.
    """
    found: list[Gloss] = []
    split = _split_gloss(strip_colon(section.title))
    if split is not None:
        found.append(Gloss(split[0], split[1], section.line))
    for block in _prose_blocks(section):
        for line, raw in _block_lines(doc, block):
            text = EMPHASIS_RE.sub("", raw)
            for match in _GLOSS_RE.finditer(text):
                latin = match.group("latin").split(",")[0].strip()
                if (
                    _ACRONYM_RE.match(latin)
                    or not _GLOSS_TERM_RE.match(latin)
                    or len(LATIN_RE.findall(latin)) < 3
                    or len(latin.split()) > 5
                ):
                    continue
                tokens = text[: match.start()].split()
                korean: list[str] = []
                for token in reversed(tokens):
                    if len(korean) == len(latin.split()) or not re.fullmatch(
                        f"[{_HANGUL}]+", token
                    ):
                        break
                    korean.insert(0, token)
                if korean:
                    found.append(Gloss(latin, " ".join(korean), line))
    return found


# --- cloze sentences ------------------------------------------------------------------------


def _cloze_sentence(sentence: str) -> Cloze | None:
    sentence = sentence.strip()
    words = sentence.split()
    if not 5 <= len(words) <= 60:
        return None
    match = _EN_DEFINITION_RE.match(sentence)
    if match:
        term = match.group("term")
        first = term.split()[0].casefold()
        copula = match.group("verb") in ("is", "are")
        if first in EN_PRONOUNS or (copula and not _EN_COPULA_REST_RE.match(match.group("rest"))):
            return None
        start, end = match.span("term")
    else:
        match = _KO_DEFINITION_RE.match(sentence)
        if match is None or _KO_PRONOUN_RE.match(sentence):
            return None
        term = match.group("term")
        if len(re.sub(r"\([^()]*\)", "", term).split()) > 5:
            return None
        start, end = match.span("term")
    if any(bad in term for bad in ("{{", "}}", "::")):
        return None
    before, after = _inert(sentence[:start]), _inert(sentence[end:])
    return Cloze(f"{before}{{{{c1::{term}}}}}{after}", term, 0)


_CLOZE_OPEN_RE = re.compile(r"(?i)\{\{(?=\s*c\d+\s*::)")
"""Where Anki would open a cloze deletion (its own pattern is ``{{c(\\d+)::``)."""


def _inert(text: str) -> str:
    """``text`` with each cloze opening broken by a WORD JOINER (invisible): a ``{{c2::…}}``
    written in the content must not become a cloze deletion (an extra card) of its own."""
    return _CLOZE_OPEN_RE.sub("{\u2060{", text)


def find_clozes(doc: Document, section: Section) -> list[Cloze]:
    """Definition sentences of a section's prose, the defined term made a cloze deletion."""
    found: list[Cloze] = []
    seen: set[str] = set()
    for block in _prose_blocks(section):
        for line, raw in _block_lines(doc, block):
            text, _ = _strip_marker(raw)
            bold = _bold_definition(text)
            if bold is not None:
                text = bold.group("definition")
            if "**" in text or "__" in text:
                text = EMPHASIS_RE.sub("", text)
            for sentence in _SENTENCE_SPLIT_RE.split(text):
                cloze = _cloze_sentence(sentence)
                if cloze is not None and cloze.key not in seen:
                    seen.add(cloze.key)
                    found.append(Cloze(cloze.text, cloze.term, line))
    return found
