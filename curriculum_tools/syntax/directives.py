"""doc-builder, mdBook and GitHub conventions as markdown-it rules.

- ``> [!TIP]`` (``NOTE``, ``IMPORTANT``, ``WARNING``, ``CAUTION``): the block quote becomes an
  ``admonition`` component (core rule, before inline parsing).
- ``[[autodoc]] pkg.Name`` (with ``- member`` lines under it) and ``[[open-in-colab]]`` lines,
  ``{{#include path}}`` / ``{{#rustdoc_include path:anchor}}`` lines: self-closing components.
- The same include directives inside a code fence stay code; the fence gets
  ``meta["includes"]`` (one dict per directive line) so an exporter can splice the file in
  (:func:`curriculum_tools.includes.read_include`).
- MDX comments ``{/* ... */}`` (a block of lines, or inline) are dropped like HTML comments.
- Svelte block lines (``{#if fw === 'pt'}``, ``{:else}``, ``{/if}``, ``{#each ...}`` ...; the
  Hugging Face course switches PyTorch/TensorFlow text with them) are template logic, not
  text: the line is dropped and the Markdown between them is parsed as usual (every branch).
- ``[`~pkg.Class.method`]`` (doc-builder API link): a ``code_inline`` token whose content is
  the name a reader sees (``method`` with ``~``, else the full name) and whose
  ``meta["api"]`` is the full target.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .registry import kind_of

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline

_ALERT_RE = re.compile(r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*([^\n]*)(?:\n|$)", re.I)
_LABEL_RE = re.compile(
    r"\*\*(note|tip|important|warning|caution|callout|참고|노트|팁|중요|경고|주의)"
    r"(?::\*\*|\*\*:)[ \t]*",
    re.I,
)
"""A quote opened by a bold label, ``> **Note:** ...`` (MDN, older GitHub docs): a note."""
_LABEL_TYPES = {"callout": "note", "참고": "note", "노트": "note", "팁": "tip", "중요": "important",
                "경고": "warning", "주의": "caution"}  # fmt: skip
_AUTODOC_RE = re.compile(r"\[\[autodoc\]\][ \t]*(\S*)[ \t]*$")
_MEMBER_RE = re.compile(r"[ \t]+-[ \t]+(\S+)[ \t]*$")
_COLAB_RE = re.compile(r"\[\[open-in-colab\]\][ \t]*$")
_SVELTE_BLOCK_RE = re.compile(
    r"\{(?:[#:](?:if|else|each|await|then|catch|key|snippet)\b[^\n]*|/(?:if|each|await|key|snippet))"
    r"\}[ \t]*$"
)
_INCLUDE_RE = re.compile(
    r"\{\{#(include|rustdoc_include|playground|playpen)[ \t]+([^}\s]+)[^}]*\}\}"
)
_API_RE = re.compile(r"\[`(~?)([A-Za-z_][\w.]*(?:\(\))?)`\]")


def include_attrs(directive: str, argument: str) -> dict[str, Any]:
    """``{"directive", "path", "anchor"}`` of an mdBook include (``path:anchor``, ``path:3:9``)."""
    path, _, anchor = argument.partition(":")
    return {"directive": directive, "path": path, "anchor": anchor}


def _component(
    state: StateBlock,
    name: str,
    attrs: dict[str, Any],
    table: Mapping[str, str],
    lines: tuple[int, int],
    content: str,
) -> None:
    token = state.push("component", "div", 0)
    token.map = [lines[0], lines[1]]
    token.content = content
    token.meta = {"name": name, "attrs": attrs, "kind": kind_of(name, table)}


def make_line_rule(table: Mapping[str, str]) -> Any:
    """One block rule for the whole-line directives (cheap: it looks at ``[`` and ``{`` only)."""

    def directive_line(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.sCount[start] - state.blkIndent >= 4:
            return False
        pos = state.bMarks[start] + state.tShift[start]
        maximum = state.eMarks[start]
        src = state.src
        if pos >= maximum or src[pos] not in "[{":
            return False
        line = src[pos:maximum]
        if line.startswith("{/*"):  # an MDX comment: not shown, so not parsed
            close = src.find("*/}", pos)
            if close < 0:
                return False
            last = start
            while last < end - 1 and state.eMarks[last] < close:
                last += 1
            if not src[close + 3 : state.eMarks[last]].strip():
                if not silent:
                    state.line = last + 1
                return True
            return False
        if match := _AUTODOC_RE.match(line):
            if silent:
                return True
            members: list[str] = []
            nxt = start + 1
            while nxt < end:
                member = _MEMBER_RE.match(src, state.bMarks[nxt], state.eMarks[nxt])
                if not member:
                    break
                members.append(member.group(1))
                nxt += 1
            attrs = {"target": match.group(1), "members": members}
            _component(
                state, "autodoc", attrs, table, (start, nxt), src[pos : state.eMarks[nxt - 1]]
            )
            state.line = nxt
            return True
        if line[1:2] in ("#", ":", "/") and _SVELTE_BLOCK_RE.match(line):
            if not silent:
                state.line = start + 1
            return True
        if _COLAB_RE.match(line):
            if not silent:
                _component(state, "open-in-colab", {}, table, (start, start + 1), line)
                state.line = start + 1
            return True
        match = _INCLUDE_RE.match(line)
        if match and not line[match.end() :].strip():
            if not silent:
                attrs = include_attrs(match.group(1), match.group(2))
                _component(state, "include", attrs, table, (start, start + 1), line)
                state.line = start + 1
            return True
        return False

    return directive_line


def make_alert_rule(table: Mapping[str, str]) -> Any:
    """Core rule (after ``block``): ``> [!TIP]`` and ``> **Note:** ...`` block quotes become
    admonition components."""

    def alerts(state: StateCore) -> None:
        tokens = state.tokens
        i = 0
        while i < len(tokens) - 2:
            tok = tokens[i]
            if tok.type != "blockquote_open" or tokens[i + 1].type != "paragraph_open":
                i += 1
                continue
            inline = tokens[i + 2]
            match = _ALERT_RE.match(inline.content) or _LABEL_RE.match(inline.content)
            if not match:
                i += 1
                continue
            kind = match.group(1).lower()
            kind = _LABEL_TYPES.get(kind, kind)
            name = f"[!{kind.upper()}]"
            attrs: dict[str, Any] = {"type": kind}
            labelled = match.re is _LABEL_RE  # the text goes on on the label's line
            if not labelled and match.group(2).strip():
                attrs["title"] = match.group(2).strip()
            meta = {"name": name, "attrs": attrs, "kind": kind_of(name, table)}
            depth, j = 0, i
            while j < len(tokens):
                depth += tokens[j].nesting if tokens[j].type.startswith("blockquote") else 0
                if depth == 0:
                    break
                j += 1
            tok.type, tok.tag, tok.meta = "component_open", "div", meta
            if j < len(tokens):
                tokens[j].type, tokens[j].tag, tokens[j].meta = "component_close", "div", dict(meta)
            rest = inline.content[match.end() :]
            if rest.strip():
                inline.content = rest
                if inline.map is not None and not labelled:
                    inline.map = [inline.map[0] + 1, inline.map[1]]
                    tokens[i + 1].map = list(inline.map)
            else:
                del tokens[i + 1 : i + 4]
            i += 1

    return alerts


def fence_includes(state: StateCore) -> None:
    """Core rule: record the include directives of every code fence in ``meta["includes"]``."""
    for token in state.tokens:
        if token.type != "fence" or "{{#" not in token.content:
            continue
        found = []
        for offset, line in enumerate(token.content.split("\n")):
            for match in _INCLUDE_RE.finditer(line):
                item = include_attrs(match.group(1), match.group(2))
                item["line"] = offset  # 0-based line within the fence's content
                item["source"] = match.group(0)
                found.append(item)
        if found:
            token.meta = {**(token.meta or {}), "includes": found}


def api_link(state: StateInline, silent: bool) -> bool:
    """``[`~pkg.Class.method`]`` that is not a real reference link: a code span with ``api``."""
    src, pos = state.src, state.pos
    if src[pos] != "[" or not src.startswith("[`", pos):
        return False
    match = _API_RE.match(src, pos, state.posMax)
    if not match:
        return False
    after = match.end()
    if after < state.posMax and src[after] in "([:":
        return False
    from markdown_it.common.utils import normalizeReference

    label = normalizeReference(match.group(0)[1:-1])
    if label in state.env.get("references", {}):
        return False
    if not silent:
        target = match.group(2)
        shown = target.rstrip("()").rsplit(".", 1)[-1] if match.group(1) else target
        token = state.push("code_inline", "code", 0)
        token.markup = "`"
        token.content = shown + ("()" if match.group(1) and target.endswith("()") else "")
        token.meta = {"api": target.removesuffix("()"), "short": bool(match.group(1))}
    state.pos = after
    return True


def make_inline_include(table: Mapping[str, str]) -> Any:
    def include_inline(state: StateInline, silent: bool) -> bool:
        if state.src.startswith("{/*", state.pos):  # an inline MDX comment: dropped
            close = state.src.find("*/}", state.pos, state.posMax)
            if close < 0:
                return False
            state.pos = close + 3
            return True
        if not state.src.startswith("{{#", state.pos):
            return False
        match = _INCLUDE_RE.match(state.src, state.pos, state.posMax)
        if not match:
            return False
        if not silent:
            token = state.push("component", "span", 0)
            token.content = match.group(0)
            attrs = include_attrs(match.group(1), match.group(2))
            token.meta = {"name": "include", "attrs": attrs, "kind": kind_of("include", table)}
        state.pos = match.end()
        return True

    return include_inline
