"""Terms found in the section tree (pure functions over the model, no I/O):

- :func:`find_terms`: ``**Term**: definition`` (or ``**Term:** ...``, ``**Term** = ...``),
  ``Term = definition``, a heading that is a term (``#### Accuracy`` with ``Description:`` /
  ``Formula:`` lines, or ``### 2.1 Tokenization:`` followed by its definition);
- :func:`find_abbreviations`: ``LoRA (Low-Rank Adaptation)`` and ``Large Language Models (LLMs)``,
  kept only when the initials match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ...model import Block, Document, Section
from .sections import (
    BOLD_COLON_INSIDE_RE,
    BOLD_DEF_RE,
    EMPHASIS_RE,
    EN_PRONOUNS,
    LATIN_RE,
    has_hangul,
    strip_colon,
    term_key,
)

TermPattern = Literal["bold", "equals", "heading", "abbreviation"]

_MARKER_RE = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])\s+")
_EQUALS_RE = re.compile(r"^(?P<term>[^=*:`|\n]{1,60}?)\s+=\s+(?P<definition>[^=\n]+?)$")
_LABEL_RE = re.compile(r"^(?P<label>[^:：*`\[\]()|]{1,30}?)\s*[:：]\s*(?P<value>\S.*)$")
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
_NOT_IN_TERMS = EN_PRONOUNS | {"is", "are", "was", "were", "be", "if", "when", "so", "then"}


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


def _block_lines(doc: Document, block: Block) -> list[tuple[int, str]]:
    first = block.line
    lines = doc.lines[first - 1 : block.end_line] if first >= 1 else []
    return [(n, line.rstrip().rstrip("\\")) for n, line in enumerate(lines, first)]


def _prose_blocks(section: Section) -> list[Block]:
    return [b for b in section.blocks if b.kind in ("paragraph", "list")]


def _strip_marker(line: str) -> tuple[str, int]:
    """Line text without its list marker, and the indentation of the marker (-1: no marker)."""
    match = _MARKER_RE.match(line)
    if match:
        return line[match.end() :].strip(), len(match.group("indent"))
    return line.strip(), -1


def _bold_definition(text: str) -> re.Match[str] | None:
    """``**Term**: definition`` or ``**Term:** definition`` (both begin with ``**``: most
    lines of prose are not tried)."""
    if not text.startswith("**"):
        return None
    return BOLD_DEF_RE.match(text) or BOLD_COLON_INSIDE_RE.match(text)


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
    return 0 < len(words) <= max_words and bool(LATIN_RE.search(term) or has_hangul(term))


# --- terms ----------------------------------------------------------------------------------


def _heading_term(doc: Document, section: Section) -> Term | None:
    """``#### Accuracy`` + ``Description: ...`` lines, or ``### 2.1 Tokenization:`` + definition."""
    definition: str | None = None
    first_plain: str | None = None
    extras: list[tuple[str, str]] = []
    for block in _prose_blocks(section):
        for _, raw in _block_lines(doc, block):
            text, _ = _strip_marker(raw)
            match = _LABEL_RE.match(text) if ":" in text or "：" in text else None
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
            match = _bold_definition(text)
            pattern: TermPattern = "bold"
            if match is None:
                if "**" in text or "`" in text or "=" not in text:
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
    if "(" not in text:  # both patterns need one (most lines of prose have none)
        return
    plain = EMPHASIS_RE.sub("", text)
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


class TermsOf:
    """:func:`find_terms` of each section, found once per export: the labels
    (:func:`.facets.label_keys`), the term cards and the bilingual glosses all read them."""

    def __init__(self) -> None:
        self._found: dict[tuple[int, int], list[Term]] = {}
        self._docs: dict[int, Document] = {}  # held, so that no id is reused meanwhile

    def __call__(self, doc: Document, section: Section) -> list[Term]:
        key = (id(doc), section.index)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = find_terms(doc, section)
            self._docs[id(doc)] = doc
        return found
