"""MkDocs Material blocks as components: admonitions, content tabs and included listings.

An MkDocs site (Material theme, Python-Markdown with pymdownx; the FastAPI docs) writes its
boxes, tabs and code examples in its own block syntax. They become the same tokens as MDX
components (:mod:`curriculum_tools.syntax`), so rules and exporters never see them as text:

- ``!!! note "Title"`` and the collapsible ``??? tip`` / ``???+ tip``, with a body indented
  4 spaces, are ``admonition`` components (the title is prose: attr ``title``);
- the block syntax ``/// tip | Title`` ... ``///`` (pymdownx.blocks; more slashes for an
  outer block: ``//// tab | Python 3.10+`` ... ``////``) is an admonition, a ``tab`` for
  ``/// tab``, a ``container`` for any other name; consecutive tabs form one ``tabs``;
- content tabs ``=== "Python 3.10+"`` with an indented body are ``tab`` components, the
  consecutive ones one ``tabs`` group;
- ``{* ../../docs_src/app/tutorial001.py hl[3] *}`` (the FastAPI docs' include of an example,
  shown in all its Python variants) and a fence that only includes a file
  (``{!> ../../../docs_src/app/tutorial001.py!}``) are ``listing`` components whose
  ``file-name`` is the example (:func:`example`); a tab group that only shows variants of
  one example (each tab: that listing, maybe a note) is that one listing, as ``{* *}``
  renders it.

Headings' explicit ids ``{ #first-steps }`` are read by :func:`curriculum_tools.text.split_trailing_ids`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .components import close_component, open_component, parse_children

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

STARTS = "!?/="
"""The first characters of a block of this module (``{*`` is tried from the ``{`` branch)."""

ADMONITION_RE = re.compile(r"(!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+\"([^\"\n]*)\")?[ \t]*$")
BLOCK_RE = re.compile(r"(/{3,})[ \t]*([\w-]+)(?:[ \t]*\|[ \t]*(.*?))?[ \t]*$")
TAB_RE = re.compile(r"===\+?[ \t]+\"([^\"\n]*)\"[ \t]*$")
INCLUDE_RE = re.compile(r"\{\*[ \t]*(\S+)([^\n]*?)\*\}[ \t]*$")
FENCE_INCLUDE_RE = re.compile(r"\{!>?[ \t]*([^!\s]+)[ \t]*!\}")
OPTION_RE = re.compile(r"([\w-]+):[ \t]*(.*?)[ \t]*$")
"""An option line of a ``///`` block (``    type: warning``), indented under its header."""
_VARIANT_RE = re.compile(r"(?:_an)?(?:_py\d+)?$")

ADMONITION_TYPES: dict[str, str] = {
    "note": "note",
    "abstract": "note",
    "summary": "note",
    "info": "note",
    "todo": "note",
    "question": "note",
    "example": "note",
    "quote": "note",
    "details": "note",
    "admonition": "note",
    "tip": "tip",
    "hint": "tip",
    "success": "tip",
    "check": "tip",
    "done": "tip",
    "important": "important",
    "warning": "warning",
    "attention": "warning",
    "caution": "caution",
    "danger": "caution",
    "error": "caution",
    "failure": "caution",
    "bug": "caution",
}
"""Material's admonition types -> the five of :data:`~.registry.ADMONITION_TYPES`."""


def example(path: str) -> str:
    """The example an include shows: the path from the project's root, without the Python
    variant suffix (``_an``, ``_py39``, ``_py310``), which ``{* *}`` shows as tabs.

    >>> example("../../../docs_src/query_params/tutorial002_an_py310.py")
    'docs_src/query_params/tutorial002.py'
    """
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    stem, dot, ext = "/".join(parts).rpartition(".")
    if not dot:
        return _VARIANT_RE.sub("", ext)
    return f"{_VARIANT_RE.sub('', stem)}.{ext}"


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _admonition_meta(name: str, title: str | None, declared: str | None = None) -> dict[str, Any]:
    """``declared`` is a block's ``type:`` option (``/// details`` with ``type: warning``)."""
    kind = ADMONITION_TYPES.get((declared or "").lower())
    attrs: dict[str, Any] = {"type": kind or ADMONITION_TYPES.get(name.lower(), "note")}
    title = (title or "").strip().strip("\"'").strip()
    if title:
        attrs["title"] = title
    return {"name": name, "attrs": attrs, "kind": "admonition"}


def _tab_meta(title: str) -> dict[str, Any]:
    return {"name": "tab", "attrs": {"title": title.strip().strip("\"'")}, "kind": "tab"}


_TABS_META: dict[str, Any] = {"name": "tabs", "attrs": {}, "kind": "tabs"}


def _indented_end(state: StateBlock, start: int, end: int, indent: int) -> int:
    """The line after the last one of the body indented ``indent`` under line ``start``."""
    line = last = start + 1
    while line < end:
        if not state.isEmpty(line) and state.sCount[line] < indent:
            break
        line += 1
        if not state.isEmpty(line - 1):
            last = line
    return last


def _next_block(state: StateBlock, line: int, end: int) -> int:
    while line < end and state.isEmpty(line):
        line += 1
    return line


def _find_close(state: StateBlock, start: int, end: int, slashes: str) -> int | None:
    """The line closing the ``slashes`` block opened at ``start`` (same-count blocks nest)."""
    depth, fence = 0, ""
    for line in range(start + 1, end):
        text = _line(state, line).rstrip()
        if fence:
            if text.startswith(fence):
                fence = ""
            continue
        if text.startswith(("```", "~~~")):
            fence = text[:3]
        elif text == slashes:
            if depth == 0:
                return line
            depth -= 1
        elif (opener := BLOCK_RE.match(text)) and opener.group(1) == slashes:
            depth += 1
    return None


def block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An admonition, a block (``/// name``), a tab group or a ``{* *}`` include line."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = _line(state, start)
    char = text[:1]
    if char in "!?" and (match := ADMONITION_RE.match(text)):
        if not silent:
            indent = state.sCount[start] + 4
            last = _indented_end(state, start, end, indent)
            meta = _admonition_meta(match.group(2), match.group(3))
            open_component(state, meta, [start, last], match.group(1))
            parse_children(state, start + 1, last, indent)
            close_component(state, meta)
            state.line = last
        return True
    if char == "=" and TAB_RE.match(text):
        if not silent:
            _content_tabs(state, start, end)
        return True
    if char == "/" and (match := BLOCK_RE.match(text)):
        close = _find_close(state, start, end, match.group(1))
        if close is None:
            return False
        if not silent:
            _slash_blocks(state, start, end, match, close)
        return True
    if char == "{" and (match := INCLUDE_RE.match(text)):
        if not silent:
            token = state.push("component", "div", 0)
            token.map, token.content = [start, start + 1], text
            token.meta = _listing_meta(match.group(1))
            state.line = start + 1
        return True
    return False


def _content_tabs(state: StateBlock, start: int, end: int) -> None:
    column = state.sCount[start]
    group: list[tuple[int, int, str]] = []
    line = start
    while line < end and state.sCount[line] == column:
        match = TAB_RE.match(_line(state, line))
        if match is None:
            break
        last = _indented_end(state, line, end, column + 4)
        group.append((line, last, match.group(1)))
        line = _next_block(state, last, end)
    open_component(state, dict(_TABS_META), [start, group[-1][1]], "===")
    for first, last, title in group:
        meta = _tab_meta(title)
        open_component(state, meta, [first, last], "===")
        parse_children(state, first + 1, last, column + 4)
        close_component(state, meta)
    close_component(state, _TABS_META)
    state.line = group[-1][1]


def _slash_blocks(
    state: StateBlock, start: int, end: int, match: re.Match[str], close: int
) -> None:
    slashes, name, title = match.group(1), match.group(2), match.group(3)
    if name != "tab":
        first, options = _options(state, start + 1, close)
        meta = (
            _admonition_meta(name, title, options.get("type"))
            if name.lower() in ADMONITION_TYPES
            else {"name": name, "attrs": {"title": title} if title else {}, "kind": "container"}
        )
        open_component(state, meta, [start, close + 1], slashes)
        parse_children(state, first, close, state.blkIndent)
        close_component(state, meta)
        state.line = close + 1
        return
    group = [(start, close, title or "")]
    line = _next_block(state, close + 1, end)
    while line < end and (nxt := BLOCK_RE.match(_line(state, line))):
        if nxt.group(1) != slashes or nxt.group(2) != "tab":
            break
        nxt_close = _find_close(state, line, end, slashes)
        if nxt_close is None:
            break
        group.append((line, nxt_close, nxt.group(3) or ""))
        line = _next_block(state, nxt_close + 1, end)
    open_component(state, dict(_TABS_META), [start, group[-1][1] + 1], slashes)
    for first, last, tab_title in group:
        meta = _tab_meta(tab_title)
        open_component(state, meta, [first, last + 1], slashes)
        parse_children(state, _options(state, first + 1, last)[0], last, state.blkIndent)
        close_component(state, meta)
    close_component(state, _TABS_META)
    state.line = group[-1][1] + 1


def _options(state: StateBlock, line: int, close: int) -> tuple[int, dict[str, str]]:
    """The block's option lines right under its header: the first body line, the options."""
    options: dict[str, str] = {}
    while line < close and state.sCount[line] - state.blkIndent >= 4:
        option = OPTION_RE.fullmatch(_line(state, line))
        if option is None:
            break
        options[option.group(1)] = option.group(2).strip("\"'")
        line += 1
    return line, options


def _listing_meta(path: str) -> dict[str, Any]:
    return {
        "name": "include",
        "attrs": {"path": path, "file-name": example(path)},
        "kind": "listing",
    }


# --- after the block parse: fences that include a file, tab groups of one example ----------


def core_rule(state: StateCore) -> None:
    """Fences holding only ``{! file !}`` become listings; variant tab groups one listing."""
    from markdown_it.token import Token  # the parser is loaded by now (see test_layering)

    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "fence" and (match := FENCE_INCLUDE_RE.fullmatch(token.content.strip())):
            listing = Token("component", "div", 0)
            listing.map, listing.block, listing.level = token.map, True, token.level
            listing.content, listing.meta = token.content, _listing_meta(match.group(1))
            tokens[index] = listing
    if any(t.type == "component_open" and t.markup in ("===", "////", "///") for t in tokens):
        state.tokens = _collapse_variants(tokens)


def _collapse_variants(tokens: list[Token]) -> list[Token]:
    from markdown_it.token import Token  # the parser is loaded by now (see test_layering)

    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        close = _group_close(tokens, index) if _is_tabs(token) else None
        name = _one_example(tokens, index, close) if close is not None else None
        if close is None or name is None:
            out.append(token)
            index += 1
            continue
        listing = Token("component", "div", 0)
        listing.map, listing.block, listing.level = token.map, True, token.level
        listing.content = token.markup
        listing.meta = {"name": "include", "attrs": {"file-name": name}, "kind": "listing"}
        out.append(listing)
        index = close + 1
    return out


def _is_tabs(token: Token) -> bool:
    return token.type == "component_open" and (token.meta or {}).get("kind") == "tabs"


def _group_close(tokens: list[Token], start: int) -> int | None:
    depth = 0
    for index in range(start, len(tokens)):
        kind = tokens[index].type
        if kind == "component_open":
            depth += 1
        elif kind == "component_close":
            depth -= 1
            if depth == 0:
                return index
    return None


def _one_example(tokens: list[Token], start: int, close: int) -> str | None:
    """The example every tab of the group shows (besides notes), else None."""
    names: set[str] = set()
    tabs = depth = 0
    for token in tokens[start + 1 : close]:
        meta = token.meta or {}
        if token.type == "component_open":
            depth += 1
            tabs += depth == 1
            if depth == 1 and meta.get("kind") != "tab":
                return None
        elif token.type == "component_close":
            depth -= 1
        elif depth == 1 and token.type == "component" and meta.get("kind") == "listing":
            names.add(str(meta["attrs"]["file-name"]))
        elif depth == 1 or (depth == 0 and token.type != "component"):
            return None  # text of the tab itself, besides a listing or a note
    return names.pop() if len(names) == 1 and tabs > 1 else None
