"""English sentences left inside a translated block (a paragraph only partly translated).

A translator who meets a sentence the source added later, or who stops half-way, leaves it in
English inside an otherwise Korean paragraph: ``두 단계를 알아봅시다. Note that we will use
some methods that ...``. The whole-block check of ``untranslated`` cannot see it (the line
has plenty of Korean). Here a stretch of Latin text between Korean text is a candidate when
it holds a sentence of prose (at least ``min_words`` words, a capital first, function words
among them; not a title, a list of terms, code, a name or a program's message, nor words a
Korean sentence goes on from) outside quotes, code and glosses, and it is reported
only when the same sentence (same words, or nearly: at least 80 % of its words in one source
sentence that is not much longer) is in the source's counterpart of the block (its matched
segments, else the aligned section): an English sentence quoted on purpose, a title or an
example the source does not have is not a leftover of the translation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..model import Block
from ..text import HANGUL
from ._comparison import Comparison
from ._domains import PROSE_KINDS, html_text

_QUOTED_RE = re.compile(
    r"\"[^\"\n]*\"|“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』|«[^»]*»"
    r"|(?<![A-Za-z0-9])'(?:[^'\n]|'(?=[A-Za-z]))+?'(?![A-Za-z0-9])"
)
"""Quoted text: kept in English on purpose (an example input, a message, a title)."""
_HANGUL_RE = re.compile(f"[{HANGUL}]")
_PAREN_RE = re.compile(r"\([^()]*\)|（[^（）]*）")
_STRETCH_RE = re.compile(f"[^{HANGUL}|]+")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z\"“(\[])")
_ABBREV_RE = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|Mr|Mrs|Dr|St|No|Fig|approx)\.\s*$", re.I)
_CODELIKE_RE = re.compile(r"[_/=<>{}\[\]#@$]|[a-z][A-Z]|\w\.\w|\w\(")
_FUNCTION_WORD_TEXT = """
a an the to of in on for with by from at as is are was were be been being it its this that
these those we you they he she i our your their can will would should could may might must
do does did not no and or but if then so which who what when where how there has have had
than also more most all each any some
"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_TEXT.split())
"""English function words: a sentence of prose has some, a title or a list of terms few."""
MIN_FUNCTION_WORDS = 2
NEAR_SHARE = 0.8
"""Share of a sentence's words found in one source sentence for it to be that sentence."""
NEAR_COVER = 0.5
"""... and the share of that source sentence they make (a short sentence is not found in a
long one by its common words)."""


class Candidate(NamedTuple):
    """An English prose sentence of a translated block, before any look at the source."""

    stretch: int
    """Number of the stretch of English it belongs to (its neighbours in one are one finding)."""
    line: int
    text: str
    """As compared: quotes and glosses blanked."""
    shown: str
    """As written (whitespace folded), from its first word."""


@dataclass(frozen=True, slots=True)
class LeftSentence:
    line: int
    text: str
    """The English sentence(s) as written (whitespace folded)."""
    en_line: int
    """Line of the source block that holds it."""


def _pieces(block: Block) -> list[tuple[int, str]]:
    """``(line, text)`` of the human text of a block: its prose lines, the text of its HTML
    attributes (captions, titles, alt text) and of its images' alt text."""
    out: list[tuple[int, str]] = list(block.lines) if block.kind != "html" else []
    attrs = html_text(block)
    if attrs:
        out.append((block.line, attrs))
    out.extend((f.line, f.text) for f in block.images if f.text)
    return out


def _mask(text: str) -> str:
    """``text`` with quoted text and parenthesised glosses blanked (same length): an English
    quotation or gloss in Korean prose is kept on purpose; a long parenthesis (six words or
    more, no Korean) is kept without its brackets, as part of the sentence it is in."""

    def gloss(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1]
        if len(_WORD_RE.findall(inner)) < 6 or _HANGUL_RE.search(inner):
            return " " * len(m.group(0))
        return f" {inner} "  # part of the sentence around it (Korean around it ends it)

    return _PAREN_RE.sub(gloss, _QUOTED_RE.sub(lambda m: " " * len(m.group(0)), text))


_ENDED_RE = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")
_NEXT_HANGUL_RE = re.compile(f"\\s*[{HANGUL}]")


def _sentences(stretch: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) of a stretch of English, split at sentence ends (abbreviations kept)."""
    start = 0
    for m in _SENTENCE_END_RE.finditer(stretch):
        if _ABBREV_RE.search(stretch[start : m.start()]):
            continue
        yield start, stretch[start : m.start()]
        start = m.end()
    yield start, stretch[start:]


_LEADING = " \t\n:;,.-–—(\"'“‘*"
_MESSAGE_RE = re.compile(
    r"^[\s:;,.]*(?:error|warning|note|help|fatal|panic|traceback|exception)\b[^:\n]{0,20}:"
    r"|\b\w*(?:Error|Exception|Warning):|\bpanicked at\b",
    re.I,
)


def prose_sentence(text: str, min_words: int) -> bool:
    """Whether ``text`` (no Korean) reads as a sentence of English prose: enough words, a
    capital first, some function words, not a title (most words capitalised), not code, not
    a program's message, not a list of terms."""
    words = _WORD_RE.findall(text)
    if len(words) < min_words:
        return False
    lead = text.lstrip(_LEADING)
    if not lead or not (lead[0].isupper() or lead[0].isdigit()):
        return False  # the end of a clause a Korean text began (a term, a fragment)
    if _MESSAGE_RE.search(text):
        return False  # a compiler's or a program's message, kept as it prints
    raw = text.split()
    if sum(1 for w in raw if _CODELIKE_RE.search(w)) * 3 >= len(raw):
        return False  # code, paths or identifiers
    lower = [w.lower() for w in words]
    if sum(1 for w in lower if w in _FUNCTION_WORDS) < MIN_FUNCTION_WORDS:
        return False  # a list of terms or a name
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    if content and sum(1 for w in content if w[0].isupper()) * 2 > len(content):
        return False  # a title or a run of names
    parts = [p for p in re.split(r"[,;/·]", text) if p.strip()]
    return not (len(parts) >= 3 and all(len(_WORD_RE.findall(p)) <= 3 for p in parts))


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower().replace("’", "'"))


class _Source:
    """The source text a target block is compared with, tokenised once."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self._joined: list[str] | None = None
        self._sentences: list[list[tuple[Counter[str], int]]] | None = None

    def _text(self, block: Block) -> str:
        return " ".join(t for _, t in _pieces(block))

    def find(self, words: list[str]) -> int:
        """Index of the block holding the sentence ``words`` (tokens), or -1."""
        if self._joined is None:
            self._joined = [" " + " ".join(_tokens(self._text(b))) + " " for b in self.blocks]
        needle = " " + " ".join(words) + " "
        for i, hay in enumerate(self._joined):
            if needle in hay:
                return i
        if self._sentences is None:
            self._sentences = [
                [
                    (Counter(toks), len(toks))
                    for _, s in _sentences(" ".join(self._text(b).split()))
                    if (toks := _tokens(s))
                ]
                for b in self.blocks
            ]
        mine = Counter(words)
        for i, sentences in enumerate(self._sentences):
            for counts, size in sentences:
                shared = sum((mine & counts).values())
                if shared >= NEAR_SHARE * len(words) and shared >= NEAR_COVER * size:
                    return i
        return -1


def _link_texts(block: Block) -> list[str]:
    return [" ".join(_tokens(f.text)) for f in block.links if f.text]


MIN_HANGUL = 5
"""Korean letters a block needs to count as translated (else it is wholly untranslated)."""


def candidates(block: Block, min_words: int) -> list[Candidate]:
    """The English prose sentences of a translated block (before any look at the source):
    (stretch number, line, text)."""
    if block.kind not in PROSE_KINDS:
        return []
    pieces = _pieces(block)
    if not any(len(_WORD_RE.findall(t)) >= min_words for _, t in pieces):
        return []  # cheap: no piece has the words of a sentence
    if sum(len(_HANGUL_RE.findall(t)) for _, t in pieces) < MIN_HANGUL:
        return []  # not translated at all: the whole-block check's finding
    return list(_candidates(pieces, min_words))


def left_sentences(
    comp: Comparison, found_in: dict[int, list[Candidate]]
) -> Iterator[tuple[Block, LeftSentence]]:
    """The English sentences of the source left inside translated blocks of ``comp``;
    ``found_in``: block id -> its :func:`candidates` (blocks without any are left out)."""
    whole: _Source | None = None
    groups: dict[int, tuple[int, ...]] = {}
    for group_en, group_ko in comp.matches:
        for j in group_ko:
            groups.setdefault(j, group_en)
    for j, seg in enumerate(comp.ko):
        block = seg.block
        found = found_in.get(id(block))
        if not found:
            continue
        near = _Source([comp.en[i].block for i in groups.get(j, ())])
        links = _link_texts(block)
        last: tuple[int, LeftSentence] | None = None
        for stretch, line, text, shown in found:
            words = _tokens(text)
            if any(" ".join(words) in link for link in links):
                continue  # the text of a link: a page's title
            hit = near.find(words)
            source = near
            if hit < 0:
                if whole is None:
                    whole = _Source([s.block for s in comp.en])
                hit, source = whole.find(words), whole
            if hit < 0:
                continue
            if last is not None and last[0] == stretch:  # the next sentence of the same stretch
                last = (
                    stretch,
                    LeftSentence(last[1].line, f"{last[1].text} {shown}", last[1].en_line),
                )
                continue
            if last is not None:
                yield block, last[1]
            last = (stretch, LeftSentence(line, shown, source.blocks[hit].line))
        if last is not None:
            yield block, last[1]


def _candidates(pieces: list[tuple[int, str]], min_words: int) -> Iterator[Candidate]:
    """Each English prose sentence in the block's pieces."""
    marker = "\n"
    joined = marker.join(t.replace(marker, " ") for _, t in pieces)
    starts: list[int] = []
    pos = 0
    for _, t in pieces:
        starts.append(pos)
        pos += len(t) + 1
    masked = _mask(joined)
    for number, m in enumerate(_STRETCH_RE.finditer(masked)):
        stretch = m.group(0)
        if len(_WORD_RE.findall(stretch)) < min_words:
            continue
        kept: list[tuple[int, str]] = []
        for offset, sentence in _sentences(stretch):
            if prose_sentence(sentence, min_words):
                kept.append((m.start() + offset, sentence))
        if kept and not _ENDED_RE.search(kept[-1][1]) and _NEXT_HANGUL_RE.match(masked, m.end()):
            kept.pop()  # words a Korean sentence goes on from: a title, a name, a term
        for offset, sentence in kept:
            first = _WORD_RE.search(sentence)
            where = offset + (first.start() if first else 0)
            index = max(i for i, s in enumerate(starts) if s <= where)
            shown = " ".join(joined[where : offset + len(sentence)].split())
            yield Candidate(number, pieces[index][0], sentence, shown)
