"""The segments a section pair is compared by: each block of a section's *domain* (its own
blocks plus those of the unpaired subsections folded into it), with the anchors that tie a
segment to its translation (code, numbers, links, images, formulas, file paths, captions)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Block, Document, Section
from ..text import HANGUL_RE
from ._facts import image_key, link_key, number_values

PROSE_KINDS = frozenset({"paragraph", "list", "table", "blockquote", "html"})
REPORTED_KINDS = frozenset({"paragraph", "list", "table", "blockquote"})
"""Segments ``paragraph-missing`` / ``paragraph-extra`` report when unmatched."""
PARAGRAPH_MIN_CHARS = 60
PARAGRAPH_MIN_CHARS_TARGET = 30
"""Default least prose of a reported source / target paragraph (the rules' ``min-chars``)."""


@dataclass(frozen=True, slots=True)
class Segment:
    block: Block
    own: bool
    """Part of the section's own content (not a folded unpaired subsection)."""
    chars: int
    anchors: frozenset[str]
    html_links: tuple[tuple[str, int], ...] = ()
    """``href``/``src`` of raw HTML (``<a>``, ``<iframe>``, ``<video>``...) as (target, line)."""
    bare: bool = False
    """A folded segment of a stretch that shares nothing checkable with the other side: set
    only while :func:`._seg_align.align` runs (see :func:`._seg_align.folded_cost`)."""
    words: frozenset[str] = frozenset()
    """Target prose only: ``c:<word>`` of each identifier written as a plain word
    (``markLoop``, not `` `markLoop` ``): an older translation drops the code marks, and the
    word still ties the paragraph to the source's code span when pairing, if the two share
    no checkable fact (never a fact itself)."""


_ATTR_RE = re.compile(r"""\b(caption|title|alt|file-name|number)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SPAN_RE = re.compile(r"`([^`]+)`")
_PATH_RE = re.compile(r"(?<![\w/])[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+\.[A-Za-z0-9]+")


def html_text(block: Block) -> str:
    """The human text of a raw HTML block's attributes (``caption=``, ``title=``, ``alt=``...)."""
    if block.kind != "html":
        return ""
    return " ".join((m.group(2) or m.group(3) or "") for m in _ATTR_RE.finditer(block.code))


_GLOSSED_RE = re.compile(
    r"(?P<gloss>[^()`]*[^\x00-\x7f][^()`]*?)\s*\((?P<ident>[A-Za-z_][\w.\-]*)\)"
    r"|(?P<ident2>[A-Za-z_][\w.\-]*)\s*\((?P<gloss2>[^()`]*[^\x00-\x7f][^()`]*)\)"
)


def span_anchor(value: str) -> str:
    """The anchor of an inline code span: its text, whitespace folded; for a span that glosses
    an identifier in the reader's language (`시작 구절(startphrase)`, `label(레이블)`), the
    identifier, which is what ties it to the source's `startphrase`."""
    text = " ".join(value.split())
    if text.isascii():
        return text
    match = _GLOSSED_RE.fullmatch(text)
    if match is None:
        return text
    return match.group("ident") or match.group("ident2")


def _anchors(block: Block) -> frozenset[str]:
    out: set[str] = set()
    attrs = html_text(block)
    if attrs:
        out.update("c:" + " ".join(x.split()) for x in _SPAN_RE.findall(attrs))
        out.update("n:" + v for v in number_values(_SPAN_RE.sub(" ", attrs)))
    for _line, text in block.lines:
        if "/" in text:  # a path has one
            out.update("p:" + p for p in _PATH_RE.findall(text))
        values = number_values(text)
        if values:
            out.update("n:" + v for v in values)
    if "/" in attrs:
        out.update("p:" + p for p in _PATH_RE.findall(attrs))
    if block.code_spans:
        out.update("c:" + span_anchor(f.value) for f in block.code_spans)
    if block.links:
        out.update("u:" + link_key(f.value) for f in block.links)
    if block.images:
        out.update("i:" + image_key(f.value) for f in block.images)
    if block.math:
        out.update("m:" + "".join(f.value.split()) for f in block.math)
    if block.component is not None and block.component.kind == "autodoc":
        out.update("a:" + str(v) for k, v in block.component.attrs if k == "target")
    if block.component is not None and block.component.kind in ("video", "embed"):
        ident = block.component.attr("id")
        if ident:  # a video's id (`<Youtube id>`; an address is a link's anchor) ties it
            out.add("v:" + str(ident))
    return frozenset(out)


_HTML_LINK_RE = re.compile(
    r"""<(?:a|iframe|video|audio|source|embed|track)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']""",
    re.I,
)


_HTML_TAG_RE = re.compile(r"<(?:a|iframe|video|audio|source|embed|track)\b", re.I)
"""How every match of :data:`_HTML_LINK_RE` starts (searched in a whole document at once)."""


def _html_links(block: Block, lines: list[str]) -> tuple[tuple[str, int], ...]:
    """Link targets of raw HTML in the block (``<img>`` is an image fact already)."""
    chunk = lines[max(block.line - 1, 0) : max(block.end_line, 0)]
    if block.kind == "code" or not any("<" in text for text in chunk):
        return ()
    out: list[tuple[str, int]] = []
    for number in range(block.line, block.end_line + 1):
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        if "<" in text:
            out.extend((m.group(1), number) for m in _HTML_LINK_RE.finditer(text))
    return tuple(out)


LEFT_MIN_WORDS = 5
"""English words of a target line with no Korean letter that make it a line left in the
source language (an untranslated copy, often kept above its translation)."""

_IDENT_RE = re.compile(r"(?<![\w`$.])[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(\))?")
_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def left_in_source_chars(block: Block) -> int:
    """Prose characters of the lines of a translated block (it has Korean) that are still
    in the source language: the English kept above (or below) its translation. A block
    with no Korean at all is a whole untranslated copy and keeps its length (it stands for
    its source block; ``untranslated`` reports it)."""
    if not HANGUL_RE.search(block.text):
        return 0
    return sum(
        len("".join(text.split()))
        for _, text in block.lines
        if len(_LATIN_WORD_RE.findall(text)) >= LEFT_MIN_WORDS and not HANGUL_RE.search(text)
    )


def _segment(
    block: Block, own: bool, lines: list[str], html: bool = True, target: bool = False
) -> Segment:
    """``html``: False when the document writes no HTML link at all (none to look for);
    ``target``: lines left in the source language do not count as the block's prose."""
    text = block.text if block.kind != "html" else html_text(block)
    chars = len("".join(text.split())) if block.kind != "code" else 0
    if target and chars and block.lines:
        chars = max(0, chars - left_in_source_chars(block))
    links = _html_links(block, lines) if html else ()
    anchors = _anchors(block) | {"u:" + link_key(url) for url, _ in links}
    words: frozenset[str] = frozenset()
    if target and chars and block.kind in ("paragraph", "list", "blockquote"):
        words = frozenset("c:" + w for w in _IDENT_RE.findall(text))
    return Segment(block, own, chars, anchors, links, words=words)


def _owners(doc: Document, paired: set[int], target: bool = False) -> dict[int, int | None]:
    """Section index -> index of the nearest paired section at or above it; ``target``: an
    unpaired translated section with no paired subsection between two paired siblings folds
    into the next one instead (the source merged the two sections under the later heading;
    a first subsection, or a run of unpaired ones, stays with its parent)."""
    out: dict[int, int | None] = {}

    def subtree(section: Section) -> Iterator[Section]:
        yield section
        for child in section.children:
            yield from subtree(child)

    def visit(row: list[Section], owner: int | None) -> None:
        for k, section in enumerate(row):
            later = row[k + 1] if k + 1 < len(row) else None
            mine = section.index if section.index in paired else owner
            if (
                target
                and mine != section.index
                and k > 0
                and row[k - 1].index in paired
                and later is not None
                and later.index in paired
                and not any(s.index in paired for s in subtree(section))
            ):
                mine = later.index
            out[section.index] = mine
            visit(section.children, mine)

    visit(doc.sections, None)
    return out


def domains(doc: Document, paired: set[int], target: bool = False) -> dict[int, list[Segment]]:
    """Paired section index -> its segments (own blocks, then folded subsections); ``target``:
    the translation (its lines left in the source language are not its prose)."""
    owners = _owners(doc, paired, target)
    out: dict[int, list[Segment]] = {i: [] for i in paired}
    html = _HTML_TAG_RE.search(doc.text) is not None  # else no line has an HTML link
    for section in doc.walk():
        owner = owners.get(section.index)
        if owner is None:
            continue
        own = owner == section.index
        for b in section.blocks:
            out[owner].append(_segment(b, own, doc.lines, html, target))
            if b.code and b.kind in ("list", "blockquote"):
                out[owner].extend(_segment(c, own, doc.lines, False) for c in nested_code(b, doc))
    return out


_FENCE_RE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[ \t]*([^`\s]*)")


def nested_code(block: Block, doc: Document) -> list[Block]:
    """The fenced code blocks written inside a list (or quote) block, as code blocks of their
    own: a translator who un-indents a list item's code writes the same block at top level."""
    out: list[Block] = []
    lines = doc.lines
    n = block.line
    while n <= min(block.end_line, len(lines)):
        opening = _FENCE_RE.match(lines[n - 1])
        if opening is None:
            n += 1
            continue
        indent, fence, info = opening.groups()
        close = n + 1
        while close <= block.end_line and not lines[close - 1].strip().startswith(fence):
            close += 1
        body = [
            x[len(indent) :] if x.startswith(indent) else x.lstrip() for x in lines[n : close - 1]
        ]
        code = "\n".join(body) + "\n" if body else ""
        out.append(Block("code", n, min(close, block.end_line), info=info, code=code))
        n = close + 1
    return out
