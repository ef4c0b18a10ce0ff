"""What the component rules compare, read from the model (pure functions, no rule logic).

A section's components come from :attr:`Section.blocks` (flow components, then the blocks
inside them) and :attr:`Block.components` (ones inside a paragraph or a list). Listings are
read from ``<Listing number caption file-name>`` and from mdBook's older form, which many
translations still use::

    <span class="filename">Filename: src/main.rs</span>
    ```rust ... ```
    <span class="caption">Listing 2-1: Code that ...</span>
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..language import reads_english, strip_non_prose
from ..model import Component, Document, Section

_SPAN_RE = re.compile(r'<span\s+class="(caption|filename)"\s*>(.*?)</span>', re.S | re.I)
_NUMBER_RE = re.compile(
    r"^\s*(?:listing|example|code|예제|코드|리스팅)\s*(\d+(?:[-.]\d+)+)\s*[:.]\s*", re.S | re.I
)
"""A listing caption's number; ``Figure 4-6:`` / ``그림 4-6:`` captions are figures, not listings."""
_FILE_RE = re.compile(r"^[^:]{1,20}:\s*(.+)$", re.S)


def components(section: Section) -> list[Component]:
    """Every component of the section's own content, in source order."""
    out: list[Component] = []
    for block in section.blocks:
        if block.component is not None:
            out.append(block.component)
        out.extend(block.components)
    return sorted(out, key=lambda c: (c.line, c.end_line))


def of_kind(section: Section, *kinds: str) -> list[Component]:
    return [c for c in components(section) if c.kind in kinds]


def text_attr(component: Component, *keys: str) -> str | None:
    """The first of ``keys`` whose value is a non-empty string (numbers become text)."""
    for key in keys:
        value = component.attr(key)
        if isinstance(value, bool):
            continue
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return None


# --- listings ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listing:
    """One code listing: its number (``2-1``), file name and caption, where it starts."""

    line: int
    number: str | None
    file: str | None
    caption: str | None
    caption_line: int = 0
    """Where the caption is written (the ``<Listing>`` line, or the caption span's line)."""


def listings(doc: Document, section: Section) -> list[Listing]:
    """The section's listings: ``<Listing>`` components and the older caption/filename spans."""
    out = [
        Listing(
            c.line,
            text_attr(c, "number"),
            text_attr(c, "file-name", "filename", "file"),
            text_attr(c, "caption"),
            c.line,
        )
        for c in of_kind(section, "listing")
    ]
    out.extend(_span_listings(doc, section))
    return sorted(out, key=lambda x: x.line)


def _span_listings(doc: Document, section: Section) -> Iterator[Listing]:
    pending: tuple[int, str] | None = None  # a filename span waiting for its caption
    for kind, text, line in _spans(doc, section):
        if kind == "filename":
            if pending is not None:
                yield Listing(pending[0], None, pending[1], None)
            found = _FILE_RE.match(text)
            pending = (line, (found.group(1) if found else text).strip())
            continue
        number = _NUMBER_RE.match(text)
        if number is None:
            continue  # a figure's caption
        caption = text[number.end() :].strip()
        start, file = pending if pending is not None else (line, None)
        yield Listing(start, number.group(1), file, caption or None, line)
        pending = None
    if pending is not None:
        yield Listing(pending[0], None, pending[1], None)


@lru_cache(maxsize=1024)
def _may_have_spans(text: str) -> bool:
    """False when no ``<span`` is written anywhere in a document's text (most documents):
    asked once per document, not once per block of every section."""
    return _SPAN_OPEN_RE.search(text) is not None


_SPAN_OPEN_RE = re.compile(r"<span", re.I)


def _spans(doc: Document, section: Section) -> Iterator[tuple[str, str, int]]:
    if not _may_have_spans(doc.text):
        return
    lines = doc.lines
    for block in section.blocks:
        if block.kind not in ("html", "paragraph"):
            continue
        source = "\n".join(lines[block.line - 1 : block.end_line])
        for match in _SPAN_RE.finditer(source):
            text = re.sub(r"<[^>]+>", "", match.group(2))
            line = block.line + source.count("\n", 0, match.start())
            yield match.group(1).lower(), " ".join(text.split()), line


# --- quizzes, tabs, embeds --------------------------------------------------------------


def choices(quiz: Component) -> list[dict[str, Any]]:
    value = quiz.attr("choices")
    return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []


def correct(quiz: Component) -> tuple[int, ...]:
    """1-based positions of the correct choices."""
    return tuple(i for i, c in enumerate(choices(quiz), 1) if c.get("correct") is True)


def tab_ids(tabs: Component) -> tuple[str, ...]:
    """The ids of a tabs component's tabs (``hfoption id``, or the tag name: ``pt``, ``tf``)."""
    out = []
    for block in tabs.children:
        tab = block.component
        if tab is not None and tab.kind == "tab":
            out.append(text_attr(tab, "id", "value", "label") or tab.name)
    return tuple(out)


_LANG_SEGMENT_RE = re.compile(r"(?<=/)(?:en|ko|en-us|ko-kr)(?=/|$)", re.I)


def embed_target(component: Component) -> str | None:
    """What a video or embed shows: its ``src``/``url``, or a video ``id``, normalised."""
    value = text_attr(component, "src", "url", "href", "id")
    if value is None:
        return None
    value = _LANG_SEGMENT_RE.sub("{lang}", value.strip())
    value = re.sub(r"[?&](?:hl|lang)=[A-Za-z-]+", "", value)
    return value.rstrip("/")


# --- text attributes --------------------------------------------------------------------

_CAPITAL_RE = re.compile(r"\b[A-Z][\w.-]*")


def english_text(text: str, min_words: int) -> bool:
    """True for reader text that reads as English prose (not code, names or a URL).

    Code spans, URLs and HTML are removed first; capitalised words after the first one
    (product and type names: ``Hugging Face Hub``) do not count as English words.
    """
    prose = strip_non_prose(text)
    if not reads_english(prose, min_words):
        return False
    head, _, tail = prose.strip().partition(" ")
    return reads_english(head + " " + _CAPITAL_RE.sub(" ", tail), min_words)


def short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= width else f"“{text[: width - 1]}…”"
