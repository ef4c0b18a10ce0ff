"""The markdown-it rules for JSX/MDX components, block and inline.

Tokens (see :mod:`curriculum_tools.syntax` for the whole contract):

- ``component_open`` / ``component_close`` around Markdown children (nesting 1/-1);
- ``component`` for a self-closing tag (nesting 0, ``content`` = the tag's source).

``meta`` = ``{"name": str, "attrs": dict, "kind": str}``; ``token.block`` tells a flow
component (its children are blocks) from one inside a paragraph (children are inline).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .jsx import NAME_RE as _NAME_RE
from .jsx import Tag, find_close, scan_tag
from .registry import is_component_name, kind_of

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline


def open_component(state: StateBlock, meta: dict[str, Any], span: list[int], markup: str) -> None:
    """Push the ``component_open`` of a block component covering lines ``span``."""
    token = state.push("component_open", "div", 1)
    token.map, token.markup, token.meta = span, markup, meta


def close_component(state: StateBlock, meta: dict[str, Any], markup: str = "") -> None:
    closer = state.push("component_close", "div", -1)
    closer.markup, closer.meta = markup, dict(meta)


def parse_children(state: StateBlock, first: int, last: int, indent: int | None = None) -> None:
    """Parse lines ``first`` to ``last`` (exclusive) as the open component's Markdown children,
    at ``indent`` columns when given (an indented body), then restore the state."""
    old = state.parentType, state.lineMax, state.blkIndent
    try:
        state.parentType, state.lineMax = "component", last
        if indent is not None:
            state.blkIndent = indent
        if first < last:
            state.md.block.tokenize(state, first, last)
    finally:
        state.parentType, state.lineMax, state.blkIndent = old


def meta_of(tag: Tag, table: Mapping[str, str]) -> dict[str, Any]:
    return {"name": tag.name, "attrs": dict(tag.attrs), "kind": kind_of(tag.name, table)}


def _line_of(state: StateBlock, pos: int, start: int, end: int) -> int:
    """The line (index into the marks) holding source offset ``pos``."""
    line = start
    while line < end - 1 and state.eMarks[line] < pos:
        line += 1
    return line


def _rest_blank(src: str, pos: int, end: int) -> bool:
    return not src[pos:end].strip()


def _set_begin(state: StateBlock, line: int, pos: int) -> None:
    """Start ``line`` at ``pos`` (after a tag), recomputing its indent as markdown-it does."""
    state.bMarks[line] = pos
    offset = 0
    shift = pos
    while shift < state.eMarks[line] and state.src[shift] in " \t":
        offset += 4 - offset % 4 if state.src[shift] == "\t" else 1
        shift += 1
    state.tShift[line] = shift - pos
    state.sCount[line] = offset


def make_block_rule(table: Mapping[str, str]) -> Any:
    def component_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.sCount[start] - state.blkIndent >= 4:
            return False
        src = state.src
        pos = state.bMarks[start] + state.tShift[start]
        name = _NAME_RE.match(src, pos + 1 + (src[pos + 1 : pos + 2] == "/"))
        if name is None or not is_component_name(name.group(0), table):
            return False
        limit = state.eMarks[end - 1]
        tag = scan_tag(src, pos, limit)
        if tag is None:
            return False
        tag_line = _line_of(state, tag.end - 1, start, end)
        if tag.closing:  # a stray closing tag: swallow it rather than print it
            if not _rest_blank(src, tag.end, state.eMarks[tag_line]):
                return False
            if not silent:
                state.line = tag_line + 1
            return True
        close = None if tag.self_closing else find_close(src, tag.name, tag.end, limit)
        if close is None:
            if not tag.self_closing and kind_of(tag.name, table) == "unknown":
                return False  # `<T>` in prose is not an unclosed component
            if not _rest_blank(src, tag.end, state.eMarks[tag_line]):
                return False  # text follows on the line: the inline rule takes it
            if silent:
                return True
            token = state.push("component", "div", 0)
            token.map = [start, tag_line + 1]
            token.content = src[tag.start : tag.end]
            token.meta = meta_of(tag, table)
            if not tag.self_closing:
                token.meta["unclosed"] = True
            state.line = tag_line + 1
            return True
        close_line = _line_of(state, close[0], tag_line, end)
        if not _rest_blank(src, close[1], state.eMarks[close_line]) and close_line == start:
            return False  # `<Tip>short</Tip> and more` is inline
        if silent:
            return True
        saved = (
            state.bMarks[tag_line],
            state.tShift[tag_line],
            state.sCount[tag_line],
            state.eMarks[close_line],
        )
        first = tag_line + 1
        if not _rest_blank(src, tag.end, state.eMarks[tag_line]):
            first = tag_line
        last = close_line
        if not _rest_blank(src, state.bMarks[close_line], close[0]) or close_line == first:
            last = close_line + 1
        token = state.push("component_open", "div", 1)
        token.map = [start, close_line + 1]
        token.markup = src[tag.start : tag.end]
        token.meta = meta_of(tag, table)
        old_parent, old_max = state.parentType, state.lineMax
        try:
            if first == tag_line:
                _set_begin(state, tag_line, tag.end)
            state.eMarks[close_line] = close[0]
            state.parentType = "component"
            state.lineMax = last
            if first < last:
                state.md.block.tokenize(state, first, last)
        finally:
            state.parentType, state.lineMax = old_parent, old_max
            (
                state.bMarks[tag_line],
                state.tShift[tag_line],
                state.sCount[tag_line],
                state.eMarks[close_line],
            ) = saved
        closer = state.push("component_close", "div", -1)
        closer.markup = src[close[0] : close[1]]
        closer.meta = dict(token.meta)
        if _rest_blank(src, close[1], state.eMarks[close_line]):
            state.line = close_line + 1
        else:  # `</pt><tf>`: the rest of the line is parsed as the next block
            _set_begin(state, close_line, close[1])
            state.line = close_line
        return True

    return component_block


def make_inline_rule(table: Mapping[str, str]) -> Any:
    def component_inline(state: StateInline, silent: bool) -> bool:
        src, pos = state.src, state.pos
        if pos > 0 and (src[pos - 1].isalnum() or src[pos - 1] == "_"):
            return False  # Vec<T>
        name = _NAME_RE.match(src, pos + 1)
        if name is None or not is_component_name(name.group(0), table):
            return False
        tag = scan_tag(src, pos, state.posMax)
        if tag is None or tag.closing:
            return False
        if tag.self_closing:
            if not silent:
                token = state.push("component", "span", 0)
                token.content = src[tag.start : tag.end]
                token.meta = meta_of(tag, table)
            state.pos = tag.end
            return True
        close = find_close(src, tag.name, tag.end, state.posMax)
        if close is None:
            return False
        if not silent:
            token = state.push("component_open", "span", 1)
            token.markup = src[tag.start : tag.end]
            token.meta = meta_of(tag, table)
            old_max = state.posMax
            state.pos, state.posMax = tag.end, close[0]
            state.md.inline.tokenize(state)
            state.posMax = old_max
            closer = state.push("component_close", "span", -1)
            closer.markup = src[close[0] : close[1]]
            closer.meta = dict(token.meta)
        state.pos = close[1]
        return True

    return component_inline
