"""VitePress (and markdown-it-container) conventions as components: ``::: tip`` … ``:::``.

A VitePress site (the Vue docs, Vite, Vitest, Pinia) writes its boxes as custom containers,
a line ``::: name title`` opening and a line ``:::`` closing them:

- ``::: tip``, ``::: info``, ``::: warning Title``, ``:::danger`` (no space needed), and the
  ``note``/``important``/``caution`` of Docusaurus-style sites are ``admonition`` components
  (the rest of the opening line is the box's ``title``); ``::: details Title`` is a
  collapsible box, an admonition too;
- ``::: code-group`` (labelled fences, ```` ```vue [App.vue] ````) is a ``tabs`` component,
  ``::: raw`` and ``::: v-pre`` are ``container`` components (their children are shown);
- a ``[[toc]]`` line (the page's table of contents) is a self-closing ``container``;
- Starlight (Astro docs) writes the title in brackets, ``:::tip[Custom title]``: the same
  ``title`` without them.

The close is found as markdown-it-container finds it: the first later line of at least as
many colons and nothing else, indented less than 4 columns more than the container (so a
``  :::`` that a formatter indented under a list item closes it); nesting uses longer
markers (``::::``). A name VitePress does not know (``:::팁``) is not a container: the site
prints the line as text, and so does the parser. An opening line that no line closes stays
text too (a box that would swallow the rest of the page is reported by the rules as text).
The Vue theme's ``<VTCodeGroup>``/``<VTCodeGroupTab>`` are tabs components through the
registry (:data:`~.registry.DEFAULT_COMPONENTS`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .components import close_component, open_component, parse_children

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock

CONTAINERS: dict[str, tuple[str, str]] = {
    "tip": ("admonition", "tip"),
    "info": ("admonition", "note"),
    "note": ("admonition", "note"),
    "important": ("admonition", "important"),
    "warning": ("admonition", "warning"),
    "caution": ("admonition", "caution"),
    "danger": ("admonition", "caution"),
    "details": ("admonition", "note"),
    "code-group": ("tabs", ""),
    "raw": ("container", ""),
    "v-pre": ("container", ""),
}
"""Container name -> (component kind, admonition type)."""

FRONT_MATTER = frozenset(
    {
        "footer", "aside", "outline", "sidebar", "navbar", "lastUpdated", "editLink",
        "pageClass", "head", "titleTemplate", "hero", "features", "prev", "next",
    }
)  # fmt: skip
"""VitePress's own front-matter keys (default theme): harmless on any page."""

_OPEN_RE = re.compile(r"(:{3,})[ \t]*([\w-]+)[ \t]*(.*?)[ \t]*$")
_BRACKET_RE = re.compile(r"\[(.*)\](?:[ \t]*\{[^}]*\})?")
"""Starlight's (remark-directive's) title: ``:::tip[Custom title]``, attributes ``{...}`` aside."""
_CLOSE_RE = re.compile(r"(:{3,})[ \t]*$")
_TOC = "[[toc]]"


def _close_line(state: StateBlock, start: int, end: int, colons: int) -> int | None:
    """The line closing the container opened at ``start`` (markdown-it-container's search)."""
    src = state.src
    for line in range(start + 1, end):
        if state.sCount[line] < state.blkIndent and not state.isEmpty(line):
            return None  # the parent block ends first: never closed (a blank line does not)
        if state.sCount[line] - state.blkIndent >= 4:
            continue
        pos = state.bMarks[line] + state.tShift[line]
        if src[pos : pos + 3] != ":::":
            continue
        match = _CLOSE_RE.match(src, pos, state.eMarks[line])
        if match and len(match.group(1)) >= colons:
            return line
    return None


def container_meta(name: str, title: str) -> dict[str, Any]:
    """``{"name": "::: tip", "attrs": {...}, "kind": ...}`` of the container ``name``."""
    kind, admonition = CONTAINERS[name]
    attrs: dict[str, Any] = {}
    if admonition:
        attrs["type"] = admonition
    if title:
        attrs["title"] = title
    if name == "details":
        attrs["collapsible"] = True
    return {"name": f"::: {name}", "attrs": attrs, "kind": kind}


def block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A ``::: name`` line closed by a later ``:::`` line, or a ``[[toc]]`` line."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    src = state.src
    pos = state.bMarks[start] + state.tShift[start]
    line_end = state.eMarks[start]
    if src.startswith(_TOC, pos):
        if src[pos + len(_TOC) : line_end].strip():
            return False
        if not silent:
            token = state.push("component", "div", 0)
            token.map, token.content = [start, start + 1], _TOC
            token.meta = {"name": "toc", "attrs": {}, "kind": "container"}
            state.line = start + 1
        return True
    match = _OPEN_RE.match(src, pos, line_end)
    if match is None or match.group(2).lower() not in CONTAINERS:
        return False
    close = _close_line(state, start, end, len(match.group(1)))
    if close is None:
        return False
    if silent:
        return True
    title = match.group(3)
    if bracket := _BRACKET_RE.fullmatch(title):
        title = bracket.group(1).strip()
    meta = container_meta(match.group(2).lower(), title)
    open_component(state, meta, [start, close + 1], match.group(0).strip())
    parse_children(state, start + 1, close)
    close_component(state, meta, src[state.bMarks[close] : state.eMarks[close]].strip())
    state.line = close + 1
    return True
