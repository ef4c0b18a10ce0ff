"""Flash-card material found in the section tree: terms, glosses and definition sentences.

Pure functions over :mod:`curriculum_tools.model` objects (no I/O), used by the Anki exporter:

- :func:`find_terms`: ``**Term**: definition`` (or ``**Term:** ...``, ``**Term** = ...``),
  ``Term = definition``, a heading that is a term (``#### Accuracy`` with ``Description:`` /
  ``Formula:`` lines, or ``### 2.1 Tokenization:`` followed by its definition);
- :func:`find_abbreviations`: ``LoRA (Low-Rank Adaptation)`` and ``Large Language Models (LLMs)``,
  kept only when the initials match;
- :func:`find_glosses`: a Korean term with its English original, ``토큰화 (Tokenization)``;
- :func:`heading_gloss`: the English and Korean titles of an aligned section pair;
- :func:`find_clozes`: definition sentences (``X is a ...``, ``X은 ... 입니다``) with X clozed.

Identities (:func:`section_identities`, :func:`term_key`) never depend on the text of a
definition, so an edited definition keeps its note.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ..model import Block, Document, Section
from ..parse import github_slug
from ..text import HANGUL, has_hangul

TermPattern = Literal["bold", "equals", "heading", "abbreviation"]

_LATIN_RE = re.compile(r"[A-Za-z]")
_MARKER_RE = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])\s+")
_BOLD_DEF_RE = re.compile(
    r"^\*\*(?P<term>[^*\n]{1,80}?)\*\*\s*(?P<sep>[:：=])\s*(?P<definition>.*)$"
)
_BOLD_COLON_INSIDE_RE = re.compile(
    r"^\*\*(?P<term>[^*\n]{1,80}?)\s*[:：]\*\*\s*(?P<definition>.*)$"
)
_EQUALS_RE = re.compile(r"^(?P<term>[^=*:`|\n]{1,60}?)\s+=\s+(?P<definition>[^=\n]+?)$")
_LABEL_RE = re.compile(r"^(?P<label>[^:：*`\[\]()|]{1,30}?)\s*[:：]\s*(?P<value>\S.*)$")
_EMPHASIS_RE = re.compile(r"\*\*|__")
_DEFINITION_LABELS = {"description", "definition", "설명", "정의"}
_EXTRA_LABELS = {
    "purpose", "formula", "example", "examples", "simple explanation", "note",
    "목적", "공식", "수식", "예", "예시", "간단한 설명", "쉬운 설명", "이해를 돕기 위한 설명", "참고",
}  # fmt: skip
_STOPWORDS = {"of", "the", "and", "for", "from", "to", "in", "on", "a", "an", "with", "by"}
_ABBR = r"[A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*"
_ABBR_FORWARD_RE = re.compile(
    rf"(?<![\w-])(?P<abbr>{_ABBR})\s*\((?P<expansion>[A-Za-z][A-Za-z\s\-']{{2,80}}?)\)"
)
_ABBR_BACKWARD_RE = re.compile(rf"\((?P<abbr>{_ABBR})\)")
_GLOSS_RE = re.compile(rf"\((?P<latin>[A-Za-z][^(){HANGUL}]{{1,80}}?)\)")
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9]+s?$")
_GLOSS_TERM_RE = re.compile(r"^[A-Za-z][A-Za-z0-9\-' ]*$")
_SENTENCE_SPLIT_RE = re.compile(rf"(?<=[.!?])\s+(?=[A-Z\"'“({HANGUL}])")
_EN_DEFINITION_RE = re.compile(
    r"^(?P<article>(?:An?|The)\s+)?"
    r"(?P<term>[A-Z][\w\-]*(?:\s+(?:\([^()]{1,40}\)|[\w\-]+)){0,5}?)"
    r"\s+(?P<verb>is defined as|refers to|stands for|means|is|are)\s+(?P<rest>.+)$"
)
_EN_COPULA_REST_RE = re.compile(r"^(?:\w+ly\s+)?(?:a|an|the|one)\b")
_EN_PRONOUNS = {
    "this", "these", "that", "those", "it", "they", "there", "here", "such", "each", "most",
    "some", "all", "many", "which", "what", "we", "you", "he", "she", "i",
}  # fmt: skip
_NOT_IN_TERMS = _EN_PRONOUNS | {"is", "are", "was", "were", "be", "if", "when", "so", "then"}
_KO_DEFINITION_RE = re.compile(
    rf"^(?P<term>[^\s:：,()][^:：,()]{{0,40}}?(?:[{HANGUL}A-Za-z0-9]|\([^()]{{1,60}}\)))"
    r"(?:은|는|이란|란)\s+"
    r"(?P<rest>.{6,}?(?:입니다|이다|말합니다|뜻합니다|의미합니다))\.?$"
)
_KO_PRONOUN_RE = re.compile(r"^(?:이|그|저|이러한|그러한|이런|그런)\s")


@dataclass(frozen=True, slots=True)
class Term:
    """A term and its definition, as written in the source."""

    term: str
    """Inline Markdown of the term (bold markers removed, trailing colon dropped)."""
    definition: str
    """Markdown of the definition (one line, or the list that follows ``**Term**:``)."""
    line: int
    """Source line (1-based) of the term."""
    pattern: TermPattern
    extras: tuple[tuple[str, str], ...] = ()
    """Labelled lines that belong to the term, ``(label, inline Markdown)``: Formula, Purpose..."""

    @property
    def key(self) -> str:
        """The stable identity of the term within its section (not of its definition)."""
        return "@heading" if self.pattern == "heading" else term_key(self.term)


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


def term_key(text: str) -> str:
    """Normalise a term for identity: emphasis and case folded away, spaces collapsed.

    >>> term_key("**In-context  Learning**:")
    'in-context learning'
    """
    text = unicodedata.normalize("NFC", _EMPHASIS_RE.sub("", text))
    return " ".join(text.split()).strip(" :：").casefold()


def strip_colon(title: str) -> str:
    """A heading title without the trailing colon some authors write (``Tokenization:``)."""
    return title.rstrip().rstrip(":：").rstrip()


# --- section identity ---------------------------------------------------------------------


def section_identities(doc: Document) -> dict[int, str]:
    """A stable identity for every section (by :attr:`Section.index`).

    An explicit id or the heading number (:attr:`Section.key`) when there is one; otherwise the
    parent's identity plus the title's slug (``3.4/accuracy``), so the identity survives
    reordering (GitHub slugs get ``-1``, ``-2`` suffixes by position; these do not). Two
    siblings with the same title get ``~2``, ``~3``.
    """
    out: dict[int, str] = {}
    used: set[str] = set()

    def visit(section: Section, parent: str) -> None:
        if section.ids or section.number:
            ident = section.key
        else:
            ident = f"{parent}/{github_slug(strip_colon(section.title)) or 'section'}"
        base, n = ident, 1
        while ident in used:
            n += 1
            ident = f"{base}~{n}"
        used.add(ident)
        out[section.index] = ident
        for child in section.children:
            visit(child, ident)

    for root in doc.sections:
        visit(root, "")
    return out


def section_number(section: Section, parents: dict[int, Section]) -> str | None:
    """The heading number of the section or of its nearest numbered ancestor (``3.4``)."""
    current: Section | None = section
    while current is not None:
        if current.number:
            return current.number.rstrip(".)")
        current = parents.get(current.index)
    return None


# --- source lines ---------------------------------------------------------------------------


def _block_lines(doc: Document, block: Block) -> list[tuple[int, str]]:
    lines = doc.lines
    return [(n, lines[n - 1].rstrip().rstrip("\\")) for n in range(block.line, block.end_line + 1)]


def _prose_blocks(section: Section) -> list[Block]:
    return [b for b in section.blocks if b.kind in ("paragraph", "list")]


def _strip_marker(line: str) -> tuple[str, int]:
    """Line text without its list marker, and the indentation of the marker (-1: no marker)."""
    match = _MARKER_RE.match(line)
    if match:
        return line[match.end() :].strip(), len(match.group("indent"))
    return line.strip(), -1


def _dedent(lines: list[str]) -> str:
    body = [ln for ln in lines if ln.strip()]
    if not body:
        return ""
    cut = min(len(ln) - len(ln.lstrip()) for ln in body)
    return "\n".join(ln[cut:] for ln in lines).strip("\n")


def _nested(lines: list[tuple[int, str]], i: int, indent: int) -> str:
    """The lines nested under list item ``i`` (more indented than its marker)."""
    out: list[str] = []
    for _, text in lines[i + 1 :]:
        if text.strip() and len(text) - len(text.lstrip()) <= indent:
            break
        out.append(text)
    return _dedent(out)


def _short_term(term: str, max_words: int = 8) -> bool:
    words = term.split()
    return 0 < len(words) <= max_words and bool(_LATIN_RE.search(term) or has_hangul(term))


# --- terms ----------------------------------------------------------------------------------


def _heading_term(doc: Document, section: Section) -> Term | None:
    """``#### Accuracy`` + ``Description: ...`` lines, or ``### 2.1 Tokenization:`` + definition."""
    definition: str | None = None
    first_plain: str | None = None
    extras: list[tuple[str, str]] = []
    for block in _prose_blocks(section):
        for _, raw in _block_lines(doc, block):
            text, _ = _strip_marker(raw)
            match = _LABEL_RE.match(text)
            label = match.group("label").strip() if match else ""
            if match and label.casefold() in _DEFINITION_LABELS and definition is None:
                definition = match.group("value").strip()
            elif match and label.casefold() in _EXTRA_LABELS:
                extras.append((label, match.group("value").strip()))
            elif first_plain is None and text and block.kind == "paragraph":
                first_plain = text
    title = strip_colon(section.title)
    if definition is None and section.title.rstrip().endswith((":", "：")):
        definition = first_plain
    if not definition or not title:
        return None
    return Term(title, definition, section.line, "heading", tuple(extras))


def find_terms(doc: Document, section: Section) -> list[Term]:
    """Terms defined in a section's own content (see the module docstring), in source order."""
    found: list[Term] = []
    heading = _heading_term(doc, section)
    if heading is not None:
        found.append(heading)
    blocks = _prose_blocks(section)
    all_blocks = list(section.blocks)
    for block in blocks:
        lines = _block_lines(doc, block)
        for i, (number, raw) in enumerate(lines):
            text, indent = _strip_marker(raw)
            if indent < 0 and block.kind == "list" and raw[:1].isspace():
                continue  # a continuation line of a list item
            match = _BOLD_DEF_RE.match(text) or _BOLD_COLON_INSIDE_RE.match(text)
            pattern: TermPattern = "bold"
            if match is None:
                if "**" in text or "`" in text:
                    continue
                match = _EQUALS_RE.match(text)
                pattern = "equals"
                if match is None or not _short_term(match.group("term"), 5):
                    continue
                if {w.casefold() for w in match.group("term").split()} & _NOT_IN_TERMS:
                    continue  # "This is a sentence = ...": prose, not a term
            term = match.group("term").strip().rstrip(":：").strip()
            definition = match.group("definition").strip()
            if not _short_term(term) or term.endswith("."):
                continue
            if not definition and indent >= 0:
                definition = _nested(lines, i, indent)
            elif not definition and i == len(lines) - 1:
                at = all_blocks.index(block)
                following = all_blocks[at + 1] if at + 1 < len(all_blocks) else None
                if following is not None and following.kind == "list":
                    definition = _dedent([t for _, t in _block_lines(doc, following)])
            if definition:
                found.append(Term(term, definition, number, pattern))
    seen: set[str] = set()
    unique = []
    for term in found:
        if term.key not in seen:
            seen.add(term.key)
            unique.append(term)
    return unique


# --- abbreviations --------------------------------------------------------------------------


def _initials(words: list[str]) -> str:
    out = []
    for word in words:
        for part in re.split(r"[-/]", word):
            if part and part.casefold() not in _STOPWORDS:
                out.append(part[0].upper())
    return "".join(out)


def abbreviation_matches(abbr: str, words: list[str]) -> bool:
    """True when the words' initials spell the abbreviation (``LoRA`` / Low-Rank Adaptation).

    >>> abbreviation_matches("GPT", ["Generative", "Pre-trained", "Transformers"])
    True
    >>> abbreviation_matches("BERT", ["Google"])
    False
    """
    letters = "".join(c for c in abbr.removesuffix("s") if c.isupper() or c.isdigit())
    initials = _initials(words)
    if len(letters) < 2 or not initials or initials[0] != letters[0]:
        return False
    if initials == letters:
        return True
    rest = iter(initials)
    return (
        all(c in rest for c in letters)
        and len(initials) <= len(letters) + 1
        and initials[-1] == letters[-1]
    )


def _abbreviations_in(text: str) -> Iterator[tuple[str, str]]:
    plain = _EMPHASIS_RE.sub("", text)
    for match in _ABBR_FORWARD_RE.finditer(plain):
        expansion = " ".join(match.group("expansion").split())
        if abbreviation_matches(match.group("abbr"), expansion.split()):
            yield match.group("abbr"), expansion
    for match in _ABBR_BACKWARD_RE.finditer(plain):
        abbr = match.group("abbr")
        tokens = plain[: match.start()].split()
        words: list[str] = []
        for token in reversed(tokens[-10:]):
            if not re.fullmatch(r"[A-Za-z][\w\-']*", token):
                break
            words.insert(0, token)
        candidates = [words[-k:] for k in range(1, len(words) + 1)]
        exact = [c for c in candidates if _initials(c) == abbr.removesuffix("s").upper()]
        loose = [c for c in candidates if abbreviation_matches(abbr, c)]
        chosen = exact or loose
        if chosen:
            yield abbr, " ".join(chosen[0])


def find_abbreviations(doc: Document, section: Section) -> list[Term]:
    """Abbreviations written with their expansion, in the heading or the section's prose."""
    found: list[Term] = []
    sources = [(section.line, section.title)]
    for block in _prose_blocks(section):
        sources.extend(_block_lines(doc, block))
    seen: set[str] = set()
    for line, text in sources:
        for abbr, expansion in _abbreviations_in(text):
            if abbr.casefold() not in seen:
                seen.add(abbr.casefold())
                found.append(Term(abbr, expansion, line, "abbreviation"))
    return found


# --- bilingual glosses ----------------------------------------------------------------------


def _split_gloss(title: str) -> tuple[str, str] | None:
    """``토큰화 (Tokenization)`` -> (``Tokenization``, ``토큰화``) when the title is exactly that."""
    match = re.fullmatch(rf"(?P<ko>[^()]*[{HANGUL}][^()]*?)\s*\((?P<en>[^(){HANGUL}]+)\)", title)
    if match and _LATIN_RE.search(match.group("en")):
        return match.group("en").strip(), match.group("ko").strip()
    return None


def heading_gloss(en: Section, ko: Section) -> Gloss | None:
    """The English and Korean titles of an aligned pair of sections, as a gloss."""
    en_title, ko_title = strip_colon(en.title), strip_colon(ko.title)
    split = _split_gloss(ko_title)
    if split is not None:
        ko_title = split[1]
    if not _LATIN_RE.search(en_title) or not has_hangul(ko_title):
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
            text = _EMPHASIS_RE.sub("", raw)
            for match in _GLOSS_RE.finditer(text):
                latin = match.group("latin").split(",")[0].strip()
                if (
                    _ACRONYM_RE.match(latin)
                    or not _GLOSS_TERM_RE.match(latin)
                    or len(_LATIN_RE.findall(latin)) < 3
                    or len(latin.split()) > 5
                ):
                    continue
                tokens = text[: match.start()].split()
                korean: list[str] = []
                for token in reversed(tokens):
                    if len(korean) == len(latin.split()) or not re.fullmatch(f"[{HANGUL}]+", token):
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
        if first in _EN_PRONOUNS or (copula and not _EN_COPULA_REST_RE.match(match.group("rest"))):
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
    text = f"{sentence[:start]}{{{{c1::{term}}}}}{sentence[end:]}"
    return Cloze(text, term, 0)


def find_clozes(doc: Document, section: Section) -> list[Cloze]:
    """Definition sentences of a section's prose, the defined term made a cloze deletion."""
    found: list[Cloze] = []
    seen: set[str] = set()
    for block in _prose_blocks(section):
        for line, raw in _block_lines(doc, block):
            text, _ = _strip_marker(raw)
            bold = _BOLD_DEF_RE.match(text) or _BOLD_COLON_INSIDE_RE.match(text)
            if bold is not None:
                text = bold.group("definition")
            text = _EMPHASIS_RE.sub("", text)
            for sentence in _SENTENCE_SPLIT_RE.split(text):
                cloze = _cloze_sentence(sentence)
                if cloze is not None and cloze.key not in seen:
                    seen.add(cloze.key)
                    found.append(Cloze(cloze.text, cloze.term, line))
    return found
