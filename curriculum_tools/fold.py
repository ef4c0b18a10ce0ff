"""Tokens -> :class:`~curriculum_tools.model.Block`: the facts of each top-level block.

Split from :mod:`curriculum_tools.parse` (which folds blocks into sections). A component
(see :mod:`curriculum_tools.syntax`) becomes a block of kind ``component`` whose children
are folded the same way; components met inside other blocks are listed on the block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .model import Block, BlockKind, Component, Fact
from .text import IMG_SRC_RE

if TYPE_CHECKING:
    from markdown_it.token import Token

_HTML_ID_RE = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
_URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_PROSE_NUMBER_RE = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)(?!\d*(?:st|nd|rd)[- ]part(?:y|ies)\b)")
"""A number in prose; not the ordinal of ``3rd-party``/``1st party`` (an idiom, no count)."""
_DIGIT_RE = re.compile(r"\d")


def numbers_in(text: str) -> list[str]:
    """Numbers in prose, normalised (``1,000`` -> ``1000``; ``0,5`` stays decimal-ish as ``0.5``)."""
    out = []
    for match in _PROSE_NUMBER_RE.finditer(text):
        value = match.group(1)
        if "," in value:
            parts = value.split(",")
            if all(len(p) == 3 for p in parts[1:]):
                value = "".join(parts)
            else:
                continue  # a list like "1,2" -- ambiguous, not a number
        out.append(value.rstrip("."))
    return out


class Inline:
    """Facts collected from inline tokens, with line tracking across soft/hard breaks."""

    __slots__ = (
        "code_spans",
        "components",
        "html_ids",
        "images",
        "lines",
        "links",
        "math",
        "plain",
    )

    def __init__(self) -> None:
        self.plain: list[str] = []  # textContent, for slugs and titles
        self.lines: dict[int, list[str]] = {}  # prose per line
        self.code_spans: list[Fact] = []
        self.links: list[Fact] = []
        self.images: list[Fact] = []
        self.math: list[Fact] = []
        self.html_ids: list[str] = []
        self.components: list[Component] = []

    def feed(self, token: Token, line: int) -> None:
        link_stack: list[tuple[str, int, list[str]]] = []
        lines, plain = self.lines, self.plain
        current = lines.setdefault(line, [])
        current.append(" ")  # separates table cells on one line
        for child in token.children or ():
            kind = child.type
            if kind == "text":
                plain.append(child.content)
                current.append(child.content)
                for target_text in link_stack:
                    target_text[2].append(child.content)
            elif kind == "softbreak" or kind == "hardbreak":
                line += 1
                plain.append(" ")
                current = lines.setdefault(line, [])
            elif kind == "code_inline":
                self.plain.append(child.content)
                api = child.meta.get("api") if child.meta else None
                self.code_spans.append(Fact(child.content, line, f"api:{api}" if api else ""))
                for target_text in link_stack:
                    target_text[2].append(child.content)
            elif kind == "math_inline" or kind == "math_inline_double":
                self.plain.append(child.content)
                self.math.append(Fact(child.content.strip(), line))
            elif kind == "image":
                self.images.append(
                    Fact(unquote(str(child.attrs.get("src", ""))), line, child.content)
                )
            elif kind == "link_open":
                link_stack.append((unquote(str(child.attrs.get("href", ""))), line, []))
            elif kind == "link_close" and link_stack:
                href, at, words = link_stack.pop()
                self.links.append(Fact(href, at, "".join(words)))
            elif kind == "html_inline":
                self.html_ids.extend(_HTML_ID_RE.findall(child.content))
                for src in IMG_SRC_RE.findall(child.content):
                    self.images.append(Fact(src, line))
                current.append(" ")
            elif kind == "component" or kind == "component_open":
                self.components.append(component_of(child, line, line, inline=True))
                current.append(" ")
                line += child.content.count("\n") + child.markup.count("\n")
                current = lines.setdefault(line, [])


def component_of(
    token: Token, line: int, end_line: int, children: tuple[Block, ...] = (), inline: bool = False
) -> Component:
    meta: dict[str, Any] = token.meta or {}
    attrs = tuple((str(k), v) for k, v in (meta.get("attrs") or {}).items())
    return Component(
        str(meta.get("name", "")),
        str(meta.get("kind", "unknown")),
        attrs,
        line,
        end_line,
        children,
        inline,
    )


def _prose(text: str) -> str:
    return _URL_RE.sub(" ", text)


def make_block(
    kind: BlockKind,
    tokens: Sequence[Token],
    line: int,
    end_line: int,
    offset: int = 0,
    last_line: Any = None,
) -> Block:
    """Fold the tokens of one top-level block (``tokens[0]`` is its opening token).

    ``offset`` is the index of ``tokens[0]`` in the document's stream (for ``Block.tokens``);
    ``last_line(first, end)`` pulls an end line back over blank lines (children of components).
    """
    span = (offset, offset + len(tokens))
    if kind == "component":
        return _component_block(tokens, line, end_line, offset, last_line)
    inline = Inline()
    items = depth = rows = cols = 0
    info = code = ""
    cur = line
    list_level = tokens[0].level + 1
    nest = 0
    first_row_cols: int | None = None
    row_cells = 0
    codes = _TOKEN_CODES
    for tok in tokens:
        code_of = codes.get(tok.type)
        if code_of is None:  # paragraph_open, list_item_close, th_close ...: only their line
            if tok.map is not None:
                cur = tok.map[0] + 1
            continue
        if tok.map is not None:
            cur = tok.map[0] + 1
        if code_of == _INLINE:
            inline.feed(tok, cur)
        elif code_of == _LIST_OPEN:
            nest += 1
            depth = max(depth, nest)
        elif code_of == _LIST_CLOSE:
            nest -= 1
        elif code_of == _ITEM_OPEN:
            if tok.level == list_level:
                items += 1
        elif code_of == _TR_OPEN:
            rows += 1
            row_cells = 0
        elif code_of == _CELL_OPEN:
            row_cells += 1
        elif code_of == _TR_CLOSE:
            if first_row_cols is None:
                first_row_cols = row_cells
        elif code_of == _CODE:
            info = info or tok.info.strip()
            code = code or tok.content
        elif code_of == _HTML:
            code = code or tok.content
            match = _HTML_TAG_RE.match(tok.content)
            info = info or (match.group(1).lower() if match else "")
            for src in IMG_SRC_RE.findall(tok.content):
                inline.images.append(Fact(src, cur))
        elif code_of == _MATH:
            code = code or tok.content.strip()
            inline.math.append(Fact(tok.content.strip(), cur))
        else:  # _COMPONENT
            inline.components.append(component_of(tok, cur, tok.map[1] if tok.map else cur))
    cols = first_row_cols or 0
    per_line: list[tuple[int, str]] = []
    numbers: list[Fact] = []
    links = list(inline.links)
    for ln, parts in sorted(inline.lines.items()):
        raw = "".join(parts)
        if "://" in raw:  # a bare URL: a link, and not prose
            for url in _URL_RE.findall(raw):
                if not any(link.value == url for link in links):
                    links.append(Fact(url, ln, url))
            prose = _prose(raw).strip()
        else:
            prose = raw.strip()
            if not prose:
                continue
        per_line.append((ln, prose))
        if _DIGIT_RE.search(prose):
            numbers.extend(Fact(n, ln) for n in numbers_in(prose))
    return Block(
        kind=kind,
        line=line,
        end_line=end_line,
        text="\n".join(text for _, text in per_line),
        info=info,
        code=code,
        items=items,
        depth=depth,
        rows=rows,
        cols=cols,
        numbers=tuple(numbers),
        code_spans=tuple(inline.code_spans),
        links=tuple(links),
        images=tuple(inline.images),
        math=tuple(inline.math),
        lines=tuple(per_line),
        components=tuple(inline.components),
        tokens=span,
    )


def _component_block(
    tokens: Sequence[Token], line: int, end_line: int, offset: int, last_line: Any
) -> Block:
    """A flow component: its children (the tokens between open and close) folded as blocks."""
    children: list[Block] = []
    opening = tokens[0]
    if opening.type == "component_open":
        inner = tokens[1:-1]
        for start, stop in top_level(inner):
            tok = inner[start]
            kind = KIND_OF.get(tok.type)
            if kind is None:
                continue
            first = tok.map[0] + 1 if tok.map else line
            last = tok.map[1] if tok.map else first
            if last_line is not None:
                last = last_line(first, last)
            children.append(
                make_block(kind, inner[start:stop], first, last, offset + 1 + start, last_line)
            )
    component = component_of(opening, line, end_line, tuple(children))
    name = component.name
    return Block(
        kind="component",
        line=line,
        end_line=end_line,
        info=name,
        component=component,
        tokens=(offset, offset + len(tokens)),
    )


_INLINE, _LIST_OPEN, _LIST_CLOSE, _ITEM_OPEN, _TR_OPEN, _CELL_OPEN, _TR_CLOSE = range(7)
_CODE, _HTML, _MATH, _COMPONENT = range(7, 11)
_TOKEN_CODES: dict[str, int] = {
    "inline": _INLINE,
    "bullet_list_open": _LIST_OPEN,
    "ordered_list_open": _LIST_OPEN,
    "bullet_list_close": _LIST_CLOSE,
    "ordered_list_close": _LIST_CLOSE,
    "list_item_open": _ITEM_OPEN,
    "tr_open": _TR_OPEN,
    "th_open": _CELL_OPEN,
    "td_open": _CELL_OPEN,
    "tr_close": _TR_CLOSE,
    "fence": _CODE,
    "code_block": _CODE,
    "html_block": _HTML,
    "math_block": _MATH,
    "math_block_label": _MATH,
    "component": _COMPONENT,
    "component_open": _COMPONENT,
}
"""What :func:`make_block` does with a token of each type (other types: nothing)."""
_HTML_TAG_RE = re.compile(r"\s*<([A-Za-z][\w-]*)")

KIND_OF: dict[str, BlockKind] = {
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "blockquote_open": "blockquote",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "hr": "hr",
    "math_block": "math",
    "math_block_label": "math",
    "component_open": "component",
    "component": "component",
}


def top_level(tokens: Sequence[Token]) -> Iterator[tuple[int, int]]:
    """Yield (start, stop) index ranges of the top-level blocks in a token stream."""
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.nesting == 1:
            depth = 0
            j = i
            while j < n:
                depth += tokens[j].nesting
                if depth == 0:
                    break
                j += 1
            yield i, min(j + 1, n)
            i = j + 1
        else:
            yield i, i + 1
            i += 1
