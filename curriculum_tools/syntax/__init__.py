"""Real course formats for markdown-it: MDX components, admonitions, doc-builder, mdBook, Hugo,
MkDocs, VitePress.

:func:`syntax_plugin` adds the rules to the one parser of :mod:`curriculum_tools.parse`.
What the exporters and rules receive (the **component model**):

Tokens
    ``component_open`` / ``component_close`` wrap Markdown children; ``component`` is a
    self-closing tag or a directive line. ``token.block`` is True for a flow component (its
    children are blocks: paragraphs, fences, lists, nested components) and False inside a
    paragraph (children are inline). ``token.meta`` is
    ``{"name": "Tip", "attrs": {"warning": True}, "kind": "admonition"}``; attribute values
    are typed (str, bool, int, float, list, dict, or :class:`~.jsx.Expr` for code).
    ``> [!TIP]`` is ``component_open`` named ``[!TIP]`` with ``attrs = {"type": "tip"}``.
    A self-closing ``component``'s ``content`` is its source (for error messages only).

Kinds (:data:`~.registry.KINDS`)
    admonition, video, embed, quiz, notebook, tabs, tab, listing, autodoc, include,
    macro (MDN's KumaScript, :mod:`~.kumascript`), container, unknown. Names map to kinds through :data:`~.registry.DEFAULT_COMPONENTS`
    plus ``components:`` in ``ctools.yaml``. Render the children of every kind (``unknown``
    too: warn once per name, see :func:`curriculum_tools.syntax.meaning.component_warnings`).

Other tokens
    a doc-builder API link ``[`~pkg.Cls.meth`]`` is a ``code_inline`` whose ``content`` is
    the shown name (``meth``) and ``meta["api"]`` the full target (``pkg.Cls.meth``); a
    fence holding ``{{#include ...}}`` lines keeps them and lists them in
    ``meta["includes"]`` (``directive``, ``path``, ``anchor``, ``line``, ``source``).
    Hugo shortcodes (``{{< note >}}``, ``{{< glossary_tooltip text=... >}}``) are components
    too (:mod:`.hugo`), and so are MkDocs Material's ``!!! note``, ``/// tip``, ``=== "tab"``
    and ``{* example *}`` (:mod:`.mkdocs`) and VitePress containers (``::: tip``,
    ``::: code-group``, ``[[toc]]``: :mod:`.vitepress`; Starlight's ``:::tip[Title]`` too); MDX
    ``import``/``export`` blocks are dropped (:mod:`.esm`).

The model (:class:`curriculum_tools.model.Component`) mirrors this for flow components:
a ``Block`` of kind ``component`` with ``block.component`` (name, kind, attrs, children
blocks); components inside other blocks are listed in ``block.components``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import esm, hugo, mkdocs, vitepress
from .components import make_block_rule, make_inline_rule
from .directives import (
    api_link,
    fence_includes,
    make_alert_rule,
    make_inline_include,
    make_line_rule,
)
from .kumascript import macro_block, macro_inline
from .registry import admonition_type, merged

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

__all__ = ["merged", "syntax_plugin"]

_TERMINATES = ["paragraph", "reference", "blockquote"]


def syntax_plugin(md: MarkdownIt, components: Mapping[str, str] | None = None) -> None:
    """Install the component, admonition, include, autodoc and API-link rules on ``md``."""
    table = merged(components or {})
    # One rule per chain, dispatching on the first character: markdown-it calls every block
    # rule at every line and every inline rule at every markup character, so each extra
    # rule costs (the parse benchmark keeps the whole plugin within 10 %).
    components_rule, directive_rule = make_block_rule(table), make_line_rule(table)

    def course_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        char = state.src[pos : pos + 1]
        if char == "<":
            return bool(components_rule(state, start, end, silent))
        if char == "{" and state.src.startswith(("{{<", "{{%"), pos):
            return hugo.block_rule(state, start, end, silent)
        if char in mkdocs.STARTS or (char == "{" and state.src.startswith("{*", pos)):
            return mkdocs.block_rule(state, start, end, silent)
        if char == ":" or (char == "[" and state.src.startswith("[[toc]]", pos)):
            return vitepress.block_rule(state, start, end, silent)
        if char == "[":
            return bool(directive_rule(state, start, end, silent))
        if char == "{":
            return bool(directive_rule(state, start, end, silent)) or macro_block(
                state, start, end, silent
            )
        return False

    inline_component, inline_include = make_inline_rule(table), make_inline_include(table)

    def course_inline(state: StateInline, silent: bool) -> bool:
        char = state.src[state.pos]
        if char == "<":
            return bool(inline_component(state, silent))
        if char == "[":
            return api_link(state, silent)
        if char == "{":
            return (
                hugo.inline_rule(state, silent)
                or bool(inline_include(state, silent))
                or macro_inline(state, silent)
            )
        return False

    alerts = make_alert_rule(table)

    def course_core(state: StateCore) -> None:
        if "[!" in state.src or "> **" in state.src:
            alerts(state)
        if "{{#" in state.src:
            fence_includes(state)
        if "{!" in state.src or "===" in state.src or "///" in state.src:
            mkdocs.core_rule(state)

    md.block.ruler.before("reference", "course_block", course_block, {"alt": _TERMINATES})
    md.block.ruler.before("paragraph", "mdx_esm", esm.block_rule)
    md.core.ruler.after("block", "course_core", course_core)
    md.inline.ruler.before("link", "course_inline", course_inline)
    for name in ("component_open", "component_close", "component"):
        md.add_render_rule(name, _render_html)


def _render_html(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A plain, safe HTML default (exporters override it): a classed wrapper, never raw tags."""
    token = tokens[idx]
    tag = "div" if token.block else "span"
    meta = token.meta or {}
    kind = str(meta.get("kind", "unknown"))
    name = html.escape(str(meta.get("name", "")))
    attrs = meta.get("attrs") or {}
    if token.type == "component_close":
        return f"</{tag}>\n" if token.block else f"</{tag}>"
    classes = f"component component-{kind}"
    if kind == "admonition":
        classes += f" admonition-{admonition_type(str(meta.get('name', '')), attrs)}"
    opening = f'<{tag} class="{classes}" data-component="{name}">'
    if token.type == "component_open":
        return opening + ("\n" if token.block else "")
    return opening + _placeholder(kind, name, attrs) + f"</{tag}>" + ("\n" if token.block else "")


def _placeholder(kind: str, name: str, attrs: Mapping[str, Any]) -> str:
    """Visible text for a self-closing component: a link for media, the path for includes."""
    esc = html.escape
    if kind == "video" and isinstance(attrs.get("id"), str):
        url = "https://www.youtube.com/watch?v=" + attrs["id"]
        return f'<a href="{esc(url)}">Video: {esc(url)}</a>'
    src = attrs.get("src")
    if kind in ("video", "embed") and isinstance(src, str):
        return f'<a href="{esc(src)}">{esc(str(attrs.get("title") or src))}</a>'
    if kind == "include":
        return f"<code>{esc(str(attrs.get('path', '')))}</code> (not included)"
    if kind == "autodoc":
        return f"<code>{esc(str(attrs.get('target', '')))}</code>"
    if kind == "quiz" and isinstance(attrs.get("choices"), list):
        items = "".join(
            f"<li>{esc(str(c.get('text', '')))}{' ✓' if c.get('correct') else ''}</li>"
            for c in attrs["choices"]
            if isinstance(c, dict)
        )
        return f"<ol>{items}</ol>"
    return ""
