"""Scaffold a translation: the source document's skeleton with every prose unit marked to translate.

The scaffold keeps every byte of the source except two things:

- the front matter gets the same ``id``, ``lang:`` set to the target language, ``title``
  prefixed with the marker, and no ``translation`` key;
- each *prose unit* -- a heading's text (after its number), a paragraph (also inside list
  items and block quotes) and a table cell with words in it -- starts with
  :data:`TRANSLATE_MARKER` followed by the untouched source text.

Code blocks, math, URLs, images, raw HTML, numbers and the table and list shapes are
copied as they are, so the scaffold already satisfies every parity check. The marker is
plain ASCII and the prose behind it stays English, so the ``untranslated`` lint rule and
``ctools status`` report each unit until a translator replaces it (marker included).

:func:`add_missing_sections` inserts only the sections an existing translation lacks,
leaving all of its other bytes alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import Document, DocumentPair, Section, split_lines, split_lines_keepends

TRANSLATE_MARKER = "[TRANSLATE]"
"""Starts every unit still to translate; a translator deletes it with the source text."""

_UNIT_START_RE = re.compile(r"^\s*(?:[#>|]|[-*+]\s|\d{1,9}[.)]\s)")
_NUMBER_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3})*[.)]?\s+")


def _is_prose(inline_children: Sequence[object]) -> bool:
    return any(
        getattr(child, "type", "") == "text"
        and any(c.isalpha() for c in getattr(child, "content", ""))
        for child in inline_children
    )


def marker_points(text: str) -> dict[int, list[int]]:
    """Where markers go: 0-based line index -> columns (in characters) of each unit start."""
    from .parse import markdown_parser

    lines = split_lines(text)
    points: dict[int, list[int]] = {}
    tokens = markdown_parser().parse(text)
    table_pos: dict[int, int] = {}  # line -> search position among a row's cells
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or tok.map is None or not tok.content:
            continue
        prev = tokens[i - 1].type if i else ""
        row = tok.map[0]
        if row >= len(lines):
            continue
        line = lines[row]
        first = tok.content.split("\n")[0]
        if prev in ("th_open", "td_open"):
            col = line.find(first, table_pos.get(row, 0))
            if col < 0:
                continue
            table_pos[row] = col + len(first)
        else:
            col = line.rfind(first)
            if col < 0:
                continue
        if not _is_prose(tok.children or ()):
            continue
        if prev == "heading_open":
            number = _NUMBER_RE.match(first)
            if number:
                col += number.end()
        points.setdefault(row, []).append(col)
    return points


Hints = Callable[[str], str]
"""English text of a unit -> a hint placed after its marker (glossary terms), or ``""``."""


def mark_text(text: str, hints: Hints | None = None) -> str:
    """``text`` with :data:`TRANSLATE_MARKER` inserted before every prose unit (pure).

    With ``hints``, each marker is followed by the hint for its unit's text, if any.
    """
    lines = split_lines_keepends(text)
    for row, cols in marker_points(text).items():
        line = lines[row]
        for col in sorted(cols, reverse=True):
            hint = hints(_unit_text(lines, row, col)) if hints else ""
            line = f"{line[:col]}{TRANSLATE_MARKER} {hint + ' ' if hint else ''}{line[col:]}"
        lines[row] = line
    return "".join(lines)


def _unit_text(lines: list[str], row: int, col: int) -> str:
    """The text of the unit starting at ``row``/``col``: to the cell's end or the blank line."""
    first = lines[row][col:]
    if lines[row].lstrip().startswith("|"):
        return first.split("|", 1)[0]
    out = [first]
    for line in lines[row + 1 :]:
        if not line.strip() or _UNIT_START_RE.match(line):
            break
        out.append(line)
    return " ".join(out)


def _front_matter(doc: Document, to_lang: str) -> str:
    import yaml

    data: dict[str, object] = {}
    for key, value in doc.front_matter.items():
        if key == "translation":
            continue
        if key == "title" and isinstance(value, str):
            value = f"{TRANSLATE_MARKER} {value}"
        data[key] = value
    data["lang"] = to_lang
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{dumped}---\n"


def _newline(text: str) -> str:
    """The document's line ending: ``\r\n``, a bare ``\r`` (classic Mac) or ``\n``."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text else "\n"


def scaffold_text(doc: Document, to_lang: str, hints: Hints | None = None) -> str:
    """The full scaffold of a source document for ``to_lang`` (pure)."""
    body = split_lines_keepends(mark_text(doc.text, hints))
    if doc.front_matter_lines is not None:
        body = body[doc.front_matter_lines[1] :]
        while body and not body[0].strip():
            body.pop(0)
    nl = _newline(doc.text)
    head = _front_matter(doc, to_lang).replace("\n", nl)
    return head + nl + "".join(body)


def section_scaffold(doc: Document, section: Section, marked: str | None = None) -> str:
    """The marked own lines of one section (heading to first subsection), no trailing blanks."""
    from .text import own_end

    lines = split_lines(marked if marked is not None else mark_text(doc.text))
    part = lines[section.line - 1 : own_end(section)]
    while part and not part[-1].strip():
        part.pop()
    return "\n".join(part)


@dataclass(frozen=True, slots=True)
class Insertion:
    """Source sections inserted into a translation before one of its lines."""

    before_line: int
    """1-based line of the translation they were inserted before (last line + 1: at the end)."""
    sections: tuple[Section, ...]


def add_missing_sections(
    pair: DocumentPair, hints: Hints | None = None
) -> tuple[str, list[Insertion]]:
    """The translation's text with scaffolds of its missing sections inserted (pure).

    Each run of missing sections goes right before the translation's counterpart of the
    next aligned section (so a missing subsection lands inside its parent, before the next
    sibling), or at the end of the file. Every other byte of the translation is kept.
    """
    en, ko = pair.en, pair.ko
    assert en is not None and ko is not None
    nl = _newline(ko.text)
    marked = mark_text(en.text, hints).replace("\r\n", "\n").replace("\r", "\n")
    ko_lines = split_lines_keepends(ko.text)
    end = len(ko_lines) + 1  # "after the last line"
    groups: dict[int, list[Section]] = {}
    pending: list[Section] = []
    for row in pair.rows:
        if row.en is not None and row.ko is None:
            pending.append(row.en)
        elif row.en is not None and row.ko is not None and not row.moved and pending:
            groups.setdefault(row.ko.line, []).extend(pending)
            pending = []
    if pending:
        groups.setdefault(end, []).extend(pending)
    if not groups:
        return ko.text, []
    pieces = {
        at: "\n\n".join(section_scaffold(en, s, marked) for s in sections)
        for at, sections in groups.items()
    }
    out = ko.text
    for at in sorted(pieces, reverse=True):
        chunk = pieces[at].replace("\n", nl)
        if at >= end:
            if out and not out.endswith(("\n", "\r")):
                out += nl
            if out.strip() and not out.endswith(nl + nl):
                out += nl
            out += chunk + nl
        else:
            offset = sum(len(line) for line in ko_lines[: at - 1])
            out = out[:offset] + chunk + nl + nl + out[offset:]
    return out, [Insertion(at, tuple(groups[at])) for at in sorted(groups)]
