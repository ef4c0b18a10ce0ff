"""Colon containers (Starlight and Docusaurus asides, VitePress custom blocks) as components.

::

    :::tip[Custom title]          ::: warning A title
    Markdown children             Markdown children
    :::                           :::

A line of three or more colons followed by a kind (``note``, ``tip``, ``caution``,
``danger``, ``warning``, ``info``, ``details`` ...) opens a block component that the line of
the same colons alone closes (same-marker containers nest; a longer marker may wrap a shorter
one). The title, in brackets or after the kind, is ``attrs["title"]``: prose a translation
translates. Note-like kinds are an ``admonition`` (``attrs["type"]`` one of
:data:`~.registry.ADMONITION_TYPES`), any other kind a ``container``. An opener without its
closing line is left as text.

>>> from markdown_it import MarkdownIt
>>> md = MarkdownIt()
>>> md.block.ruler.before("paragraph", "asides", block_rule)
>>> [(t.type, (t.meta or {}).get("attrs")) for t in md.parse(":::tip[Hi]\\nText\\n:::\\n")][:2]
[('component_open', {'type': 'tip', 'title': 'Hi'}), ('paragraph_open', None)]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock

_OPEN_RE = re.compile(
    r"(?P<marker>:{3,})[ \t]*(?P<kind>[A-Za-z][\w-]*)"
    r"(?:\[(?P<bracket>[^\]\n]*)\]|[ \t]+(?P<rest>[^\n{]*?))?[ \t]*(?:\{[^\n]*\})?[ \t]*$"
)
_TYPES = {
    "note": "note", "tip": "tip", "important": "important", "warning": "warning",
    "caution": "caution", "danger": "caution", "info": "note", "success": "tip",
}  # fmt: skip
"""Aside kinds with a meaning of their own (Starlight's ``danger`` is its strongest)."""


def meta_of(kind: str, title: str) -> dict[str, Any]:
    """``{"name", "attrs", "kind"}`` of a container of ``kind`` titled ``title``."""
    attrs: dict[str, Any] = {}
    lowered = kind.lower()
    if lowered in _TYPES:
        attrs["type"] = _TYPES[lowered]
    if title:
        attrs["title"] = title
    return {
        "name": lowered,
        "attrs": attrs,
        "kind": "admonition" if lowered in _TYPES else "container",
    }


def _closing_line(state: StateBlock, marker: str, start: int, end: int) -> int | None:
    """The line of ``marker`` alone that closes the container opened at ``start``."""
    depth = 0
    for line in range(start + 1, end):
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()
        if text == marker:
            if depth == 0:
                return line
            depth -= 1
        elif text.startswith(marker) and (opened := _OPEN_RE.match(text)):
            depth += opened.group("marker") == marker
    return None


def block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``:::kind[title]`` ... ``:::``: a component around its Markdown children."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith(":::", pos):
        return False
    match = _OPEN_RE.match(state.src, pos, state.eMarks[start])
    if match is None:
        return False
    close = _closing_line(state, match.group("marker"), start, end)
    if close is None:
        return False
    if silent:
        return True
    title = (match.group("bracket") or match.group("rest") or "").strip()
    meta = meta_of(match.group("kind"), title)
    opening = state.push("component_open", "div", 1)
    opening.map, opening.markup, opening.meta = [start, close + 1], match.group(0).strip(), meta
    old_parent, old_max = state.parentType, state.lineMax
    try:
        state.parentType, state.lineMax = "component", close
        if start + 1 < close:
            state.md.block.tokenize(state, start + 1, close)
    finally:
        state.parentType, state.lineMax = old_parent, old_max
    closer = state.push("component_close", "div", -1)
    closer.markup, closer.meta = match.group("marker"), dict(meta)
    state.line = close + 1
    return True
