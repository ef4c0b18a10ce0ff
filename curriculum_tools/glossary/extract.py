"""Where the course states its terms: glosses, aligned short headings, paired bold terms.

Each finder yields :class:`Evidence`: an English term, a Korean rendering and the place that
said so. Nothing here decides which rendering is right; :mod:`.build` counts how the course
uses them. The finders err on the side of saying nothing: a Korean run is cut at the first
word that carries a particle or verb ending, headings that read as phrases are skipped.

:func:`segments` cuts an aligned document pair into the smallest units that correspond:
the two headings of a section pair, then line by line when the blocks have the same shape,
else block by block, else the whole section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..model import Block, Document, DocumentPair, Section
from ..text import HANGUL_SYLLABLE_RE as HANGUL_RE
from ..text import HANGUL_SYLLABLES as HANGUL
from .match import LATIN_RE, is_acronym

Kind = Literal["gloss", "heading", "bold", "user"]

_KO_THEN_EN_RE = re.compile(rf"\((?P<latin>[A-Za-z][^(){HANGUL}]{{0,80}}?)\)")
_EN_THEN_KO_RE = re.compile(rf"\((?P<ko>[{HANGUL}][{HANGUL} ]{{0,30}}?)\)")
_HANGUL_WORD_RE = re.compile(f"^[{HANGUL}]+$")
_LATIN_WORD_RE = re.compile(r"^[A-Za-z][A-Za-z0-9\-']*$")
_LATIN_TERM_RE = re.compile(r"^[A-Za-z][A-Za-z0-9\-' ]*[A-Za-z0-9]$")
_BOLD_RE = re.compile(
    r"^\s*(?:[-*+]\s+|\d{1,3}[.)]\s+)?\*\*(?P<term>[^*\n]{1,60}?)\s*[:：]?\*\*\s*[:：]"
)
_TRAILING_COLON_RE = re.compile(r"\s*[:：]\s*$")
_PAREN_RE = re.compile(r"\s*\([^()]*\)\s*")
_ENDINGS = tuple("은는을를의에서로고며면다요게도만과와및한된할될던지록")
"""Final syllables that mark a Korean word as carrying a particle or an ending."""
_MODIFIER_ENDS = tuple("는은을를된할될던")
"""Endings that cannot close a noun: 있는, 않은, 사용할."""
_DETERMINERS = {
    "이런", "그런", "저런", "어떤", "모든", "각각", "여러", "다른", "새로운", "같은", "또는",
    "그리고", "예를",
}  # fmt: skip
_VERB_ENDS = ("다", "요", "지", "고", "면", "서", "니까")
_FUNCTION_WORDS = {
    "a", "an", "the", "and", "or", "to", "how", "what", "when", "why", "where", "which", "who",
    "is", "are", "be", "your", "our", "my", "this", "that", "these", "those", "with", "for",
    "from", "into", "in", "on", "at", "by", "as", "it", "its", "using", "use", "not", "vs",
    "versus",
}  # fmt: skip
_KO_PHRASE_END = ("하기", "하는", "니다", "하자", "까요", "이란", "란", "기")
_MAX_TERM_WORDS = 4


@dataclass(frozen=True, slots=True)
class Evidence:
    """One statement of the course that ``en`` is rendered ``ko``."""

    en: str
    ko: str
    path: Path
    """The Korean side's file (the user glossary's file for ``user``)."""
    line: int
    kind: Kind
    shorter: str = ""
    """A shorter reading of ``ko`` (without its first word); usage decides which is right."""


@dataclass(frozen=True, slots=True)
class Segment:
    """The smallest aligned unit of a pair: English text against Korean lines."""

    en: str
    en_line: int
    ko_lines: tuple[tuple[int, str], ...]
    """``(line, prose)`` of the Korean side."""
    kind: Literal["heading", "line", "block", "section"]

    @property
    def ko(self) -> str:
        return "\n".join(text for _, text in self.ko_lines)


# --- glosses ----------------------------------------------------------------------------------


def _korean_before(text: str, least: int, most: int) -> tuple[str, str]:
    """The Korean words just before the end of ``text`` (at most ``most``), and a shorter run.

    A word carrying a particle or an ending stops the run; when that happens before
    ``least`` words, the gloss is dropped: its Korean side is uncertain
    (``일치하지 않는 타입 (mismatched types)`` is not "타입"). One more plain word of two
    syllables or more is taken beyond ``most``, since Korean often needs two words for one
    English word (``주의 집중(attention)``); the run without it is returned second, and the
    course's usage decides between them (``복사본인 레지스트리`` is ``레지스트리``).
    """
    words: list[str] = []
    for token in reversed(text.split()):
        if not _HANGUL_WORD_RE.match(token) or len(words) > most:
            break
        noun = len(token) == 2 and token.endswith("의")  # 주의, 정의, 회의: not a genitive
        if token.endswith(_ENDINGS if words else _MODIFIER_ENDS) and not noun:
            if len(words) < least:
                return "", ""
            break
        if len(words) == most and (len(token) < 2 or token in _DETERMINERS):
            break
        words.insert(0, token)
    if words and words[-1].endswith(_VERB_ENDS):
        return "", ""  # a verb form, not a noun: 유효한지(True), 수정합니다 (...)
    shorter = " ".join(words[1:]) if len(words) > most else ""
    return " ".join(words), shorter


def _latin_before(text: str, parts: int) -> str:
    words: list[str] = []
    count = 0
    for token in reversed(text.split()):
        if not _LATIN_WORD_RE.match(token) or count >= parts:
            break
        if token.casefold() in _FUNCTION_WORDS:
            break
        words.insert(0, token)
        count += len(token.split("-"))
    return " ".join(words)


def _english_ok(en: str) -> bool:
    if not _LATIN_TERM_RE.match(en) or len(LATIN_RE.findall(en)) < 2:
        return False
    words = en.split()
    if len(words) > _MAX_TERM_WORDS or all(w.casefold() in _FUNCTION_WORDS for w in words):
        return False
    return not (len(words) == 1 and en.casefold() in {"true", "false", "none", "null", "e.g"})


def glosses_in(text: str) -> Iterator[tuple[str, str, str]]:
    """``(english, korean, shorter korean)`` glosses in one line of prose, either direction.

    >>> list(glosses_in("퓨샷 학습(few-shot learning) 능력이"))
    [('few-shot learning', '퓨샷 학습', '')]
    >>> list(glosses_in("대규모 언어 모델(Large Language Model, LLM)은"))
    [('Large Language Model', '대규모 언어 모델', ''), ('LLM', '대규모 언어 모델', '')]
    >>> list(glosses_in("Tokenization(토큰화) splits text; 유효한지(True)"))
    [('Tokenization', '토큰화', '')]
    >>> list(glosses_in("이 주의 집중(attention)은"))
    [('attention', '주의 집중', '집중')]
    """
    if "(" not in text:
        return  # both forms are a parenthesis
    for match in _KO_THEN_EN_RE.finditer(text):
        names = [part.strip() for part in match.group("latin").split(",")]
        names = [n for n in names if _english_ok(n)]
        if not names:
            continue
        most = max(len(re.split(r"[\s\-]+", n)) for n in names)
        least = min(len(n.split()) for n in names)
        if all(is_acronym(n) for n in names):
            most, least = min(3, max(most, *(len(n.rstrip("s")) for n in names))), 1
        korean, shorter = _korean_before(text[: match.start()], least, most)
        if korean:
            for name in names:
                yield name, korean, shorter
    for match in _EN_THEN_KO_RE.finditer(text):
        korean = " ".join(match.group("ko").split())
        english = _latin_before(text[: match.start()], len(korean.split()))
        if english and _english_ok(english) and not korean.endswith(_VERB_ENDS):
            yield english, korean, ""


def _title(section: Section) -> str:
    return _TRAILING_COLON_RE.sub("", section.title).strip()


_HEADING_GLOSS_RE = re.compile(rf"(?P<ko>[^()]*[{HANGUL}][^()]*?)\s*\((?P<en>[^(){HANGUL}]+)\)")


def doc_glosses(doc: Document) -> Iterator[Evidence]:
    """Every gloss of a document: in headings and in prose lines."""
    for section in doc.walk():
        title = _title(section)
        whole = _HEADING_GLOSS_RE.fullmatch(title)
        for en, ko, shorter in glosses_in(title):
            if whole and en in whole.group("en"):  # a heading gloss: the whole Korean title
                ko, shorter = " ".join(whole.group("ko").split()), ""
            yield Evidence(en, ko, doc.path, section.line, "gloss", shorter)
    for block in doc.all_blocks():
        if block.kind in ("paragraph", "list", "table", "blockquote"):
            for line, text in block.lines:
                for en, ko, shorter in glosses_in(text):
                    yield Evidence(en, ko, doc.path, line, "gloss", shorter)


# --- aligned headings and bold terms -----------------------------------------------------------


def _short_heading(en: str, ko: str) -> bool:
    words = en.split()
    if not words or len(words) > _MAX_TERM_WORDS or len(ko.split()) > _MAX_TERM_WORDS + 1:
        return False
    if any(w.casefold() in _FUNCTION_WORDS for w in words) or not _english_ok(en):
        return False
    if len(words) > 1 and words[0].endswith("ing") and "-" not in words[0]:
        return False  # "Evaluating Fine-tuned Models": an activity, not a term
    if not HANGUL_RE.search(ko) or (LATIN_RE.search(ko) and not LATIN_RE.search(en)):
        return False
    return not ko.endswith(_KO_PHRASE_END) and not re.search(r"[.?!,;]", en + ko)


def heading_evidence(pair: DocumentPair) -> Iterator[Evidence]:
    """Short aligned headings that name the same thing: ``Error Analysis`` / ``오류 분석``."""
    if pair.ko is None:
        return
    for row in pair.rows:
        if row.en is None or row.ko is None:
            continue
        en, ko = _title(row.en), _title(row.ko)
        bare = _PAREN_RE.sub(" ", ko).strip()
        if bare != ko and not HANGUL_RE.search(_PAREN_RE.sub(" ", en)):
            en = _PAREN_RE.sub(" ", en).strip()  # "LoRA (Low-Rank Adaptation)" on both sides
        if _short_heading(en, bare) and en.casefold() not in bare.casefold():
            yield Evidence(en, " ".join(bare.split()), pair.ko.path, row.ko.line, "heading")


def _bold_terms(doc: Document, section: Section) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    lines = doc.lines
    for block in section.blocks:
        if block.kind not in ("paragraph", "list"):
            continue
        for line in range(block.line, block.end_line + 1):
            text = lines[line - 1] if line <= len(lines) else ""
            match = _BOLD_RE.match(text) if "**" in text else None
            if match:
                out.append((line, " ".join(match.group("term").split())))
    return out


def bold_evidence(pair: DocumentPair) -> Iterator[Evidence]:
    """``**Term**: ...`` lines paired in order across an aligned section pair."""
    if pair.en is None or pair.ko is None:
        return
    for row in pair.rows:
        if row.en is None or row.ko is None:
            continue
        en_terms, ko_terms = _bold_terms(pair.en, row.en), _bold_terms(pair.ko, row.ko)
        if len(en_terms) != len(ko_terms):
            continue
        for (_, en), (line, ko) in zip(en_terms, ko_terms, strict=True):
            if _english_ok(en) and HANGUL_RE.search(ko) and not LATIN_RE.search(ko):
                yield Evidence(en, ko, pair.ko.path, line, "bold")


# --- segments ----------------------------------------------------------------------------------

_PROSE = ("paragraph", "list", "table", "blockquote")


def _prose(blocks: tuple[Block, ...]) -> list[Block]:
    return [b for b in blocks if b.kind in _PROSE and b.lines]


def segments(pair: DocumentPair) -> Iterator[Segment]:
    """The aligned units of a pair, smallest first available (see the module docstring)."""
    for row in pair.rows:
        if row.en is None or row.ko is None:
            continue
        en_sec, ko_sec = row.en, row.ko
        yield Segment(en_sec.title, en_sec.line, ((ko_sec.line, ko_sec.title),), "heading")
        en_blocks, ko_blocks = _prose(en_sec.blocks), _prose(ko_sec.blocks)
        same = len(en_blocks) == len(ko_blocks) and all(
            a.kind == b.kind for a, b in zip(en_blocks, ko_blocks, strict=False)
        )
        if not same:
            if en_blocks and ko_blocks:
                en_text = "\n".join(t for b in en_blocks for _, t in b.lines)
                ko_lines = tuple(x for b in ko_blocks for x in b.lines)
                yield Segment(en_text, en_blocks[0].line, ko_lines, "section")
            continue
        for a, b in zip(en_blocks, ko_blocks, strict=True):
            if len(a.lines) == len(b.lines) and _one_unit_per_line(a) and _one_unit_per_line(b):
                for (en_line, en_text), ko_line in zip(a.lines, b.lines, strict=True):
                    yield Segment(en_text, en_line, (ko_line,), "line")
            else:
                en_text = "\n".join(t for _, t in a.lines)
                yield Segment(en_text, a.line, b.lines, "block")


def _one_unit_per_line(block: Block) -> bool:
    """Table rows, or a flat list whose items fit on one line each (wrapped prose never)."""
    if block.kind == "table":
        return True
    return block.kind == "list" and block.depth <= 1 and block.items == len(block.lines)
