"""Markdown -> safe HTML fragments, shared by the HTML site and the Anki cards.

One renderer over the one parser: code is highlighted with Pygments at build time, math
becomes MathML (latex2mathml; the TeX is kept readable when it cannot be converted), links,
images and raw HTML tags are mapped on the tokens (:mod:`.tags`), and the whole fragment is
sanitized last (:mod:`.sanitize`) with nh3 (ammonia), so raw HTML
in the content keeps harmless tags (``<details>``, ``<br>``, ``<img>``) and loses scripts,
event handlers and ``javascript:``/``data:`` URLs.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from . import components_html
from .sanitize import LINK_REL, is_remote, sanitize, text_align
from .tags import (
    REMOTE_IMAGE,
    Attr,
    TagHook,
    _apply,
    _keep,
    placeholder,
    remote_placeholder,
    rewrite_raw_html,
    start_tag,
)

if TYPE_CHECKING:
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

MathMode = Literal["mathml", "mathjax"]
"""``mathml``: MathML (static pages); ``mathjax``: TeX kept between ``\\( \\)`` / ``\\[ \\]``
for a MathJax that runs where the HTML is shown (Anki cards)."""


@functools.lru_cache(maxsize=4096)
def highlight_code(code: str, info: str) -> str:
    """Pygments HTML for a code block (``<div class="highlight"><pre>...``)."""
    from pygments import highlight

    name = info.split()[0] if info.strip() else ""
    return str(highlight(code, _lexer(name), _formatter()))


@functools.cache
def _formatter() -> Any:
    """One formatter for every block (building one builds its style table: 2 ms)."""
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(cssclass="highlight", wrapcode=True)


@functools.lru_cache(maxsize=256)
def _lexer(name: str) -> Any:
    """The lexer of a fence's language name (plain text when Pygments does not know it)."""
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(name) if name else TextLexer()
    except ClassNotFound:
        return TextLexer()


def pygments_css() -> str:
    """The stylesheet for highlighted code."""
    from pygments.formatters import HtmlFormatter

    return str(HtmlFormatter(style="friendly").get_style_defs(".highlight"))


@functools.lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool) -> str:
    """MathML for a TeX formula; readable TeX in a ``<code>`` when it cannot be converted."""
    try:
        from latex2mathml.converter import convert

        return str(convert(tex, display="block" if display else "inline"))
    except Exception:  # latex2mathml raises many kinds on bad TeX; fall back to the source
        return f'<code class="math-tex">{html.escape(tex)}</code>'


def tex_to_mathjax(tex: str, display: bool) -> str:
    """TeX between MathJax delimiters, HTML-escaped (MathJax reads the text content), when it
    passes the allow-list of ordinary math (MathJax has ``\\href``, ``\\style``, ``\\require``);
    else the TeX as code, never typeset."""
    from .latex.mathpolicy import math_problem

    if math_problem(tex) is not None:
        shown = f"$${tex}$$" if display else f"${tex}$"
        return f'<code class="math-tex">{html.escape(shown, quote=False)}</code>'
    opening, closing = (r"\[", r"\]") if display else (r"\(", r"\)")
    return opening + html.escape(tex, quote=False) + closing


INCLUDE_KEY = "ctools_include"
"""``env`` key of an :data:`~.components_html.IncludeReader` (``{{#include}}`` outside fences)."""
LANG_KEY = "ctools_lang"
"""``env`` key of the page's language (the words components add: "Tip" / "팁")."""
FENCE_KEY = "ctools_fence"
"""``env`` key of ``(code, includes) -> code``: a fence's ``{{#include}}`` lines expanded."""


@functools.cache
def _renderer(math: MathMode = "mathml") -> RendererHTML:
    """A RendererHTML whose code, math and front-matter rules are ours."""
    from markdown_it.renderer import RendererHTML

    to_math = tex_to_mathjax if math == "mathjax" else tex_to_mathml

    class Renderer(RendererHTML):
        def fence(self, tokens: Sequence[Token], idx: int, _o: Any, env: Any) -> str:
            token = tokens[idx]
            code = token.content
            expand = env.get(FENCE_KEY) if isinstance(env, dict) else None
            if expand is not None and (token.meta or {}).get("includes"):
                code = expand(code, token.meta["includes"])
            return highlight_code(code, token.info)

        def component_open(self, tokens: Sequence[Token], idx: int, _o: Any, env: Any) -> str:
            lang = str(env.get(LANG_KEY, "en")) if isinstance(env, dict) else "en"
            return components_html.open_html(tokens[idx].meta or {}, bool(tokens[idx].block), lang)

        def text(self, tokens: Sequence[Token], idx: int, _o: Any, env: Any) -> str:
            lang = str(env.get(LANG_KEY, "en")) if isinstance(env, dict) else "en"
            return components_html.text_html(tokens, idx, lang)

        def component_close(self, tokens: Sequence[Token], idx: int, *_: Any) -> str:
            return components_html.close_html(tokens[idx].meta or {}, bool(tokens[idx].block))

        def component(self, tokens: Sequence[Token], idx: int, _o: Any, env: Any) -> str:
            include = env.get(INCLUDE_KEY) if isinstance(env, dict) else None
            lang = str(env.get(LANG_KEY, "en")) if isinstance(env, dict) else "en"
            token = tokens[idx]
            return components_html.self_closing_html(
                token.meta or {}, bool(token.block), include, lang
            )

        def code_block(self, tokens: Sequence[Token], idx: int, *_: Any) -> str:
            return highlight_code(tokens[idx].content, "")

        def math_inline(self, tokens: Sequence[Token], idx: int, *_: Any) -> str:
            return to_math(tokens[idx].content, display=False)

        def math_block(self, tokens: Sequence[Token], idx: int, *_: Any) -> str:
            mathml = to_math(tokens[idx].content.strip(), display=True)
            return f'<div class="math">{mathml}</div>\n'

        math_inline_double = math_block
        math_block_label = math_block

        def front_matter(self, *_: Any) -> str:
            return ""

    return Renderer()


_BR_RE = re.compile(r"(?i)^<br\s*/?>$")


def _paragraph_breaks(tokens: Sequence[Token]) -> None:
    """A line break inside a (shown) paragraph becomes a hard break, ``<br>``."""
    for k, token in enumerate(tokens[:-1]):
        if token.type == "paragraph_open" and not token.hidden:
            before = None
            for child in tokens[k + 1].children or []:
                written_break = before is not None and _BR_RE.match(before.content.strip())
                if child.type == "softbreak" and not written_break:
                    child.type = "hardbreak"
                before = child if child.type == "html_inline" else None


def render_html(
    markdown: str,
    *,
    hook: TagHook = _keep,
    first_line: int = 1,
    math: MathMode = "mathml",
    keep_remote_images: bool = False,
    breaks: bool = False,
) -> str:
    """Render Markdown blocks to a sanitized HTML fragment (math as MathML, or for MathJax).

    ``hook`` maps the attributes of links, images and raw HTML tags on the tokens, before
    rendering; the sanitizer is the last step (``first_line``: the line of the first one).
    ``breaks``: a line break inside a paragraph becomes ``<br>`` (not in a tight list item).
    """
    from .. import parse

    md = parse.markdown_parser()
    env: EnvType = {}
    tokens = md.parse(markdown, env)
    options: OptionsDict = md.options
    if breaks:
        _paragraph_breaks(tokens)
    renderer = _renderer(math)
    _apply(tokens, hook, first_line, lambda kids: renderer.renderInlineAsText(kids, options, env))
    html_text = renderer.render(tokens, options, env)
    return sanitize(html_text, keep_remote_images=keep_remote_images)


def render_slice(
    tokens: Sequence[Token],
    env: Mapping[str, Any],
    *,
    hook: TagHook = _keep,
    math: MathMode = "mathml",
    keep_remote_images: bool = False,
    extra_env: Mapping[str, Any] | None = None,
    prepare: Callable[[list[Token]], None] | None = None,
    breaks: bool = False,
) -> str:
    """Render a slice of a document's one token stream (a section's own blocks) with the
    document's ``env``, so a reference defined in another section resolves; the tokens are
    copied first (the hook maps attributes in place). Line numbers given to ``hook`` are the
    document's (token maps are absolute); ``prepare`` may change the copied tokens first;
    ``breaks`` renders soft line breaks as ``<br>`` (Anki fields)."""
    raw = render_raw_blocks(
        [tokens], env, hook=hook, math=math, extra_env=extra_env, prepare=prepare, breaks=breaks
    )
    return sanitize(raw[0], keep_remote_images=keep_remote_images)


def render_raw_blocks(
    blocks: Sequence[Sequence[Token]],
    env: Mapping[str, Any],
    *,
    hook: TagHook = _keep,
    math: MathMode = "mathml",
    extra_env: Mapping[str, Any] | None = None,
    prepare: Callable[[list[Token]], None] | None = None,
    breaks: bool = False,
) -> list[str]:
    """The HTML of consecutive top-level blocks of one slice, not yet sanitized, in one pass
    (copied, prepared and hooked together, as :func:`render_slice` does for their slice).

    Joined, the pieces are exactly the slice's HTML before sanitizing: a renderer rule reads
    only its own token, except that an opening block token looks at the next one and any
    block token at a hidden one before it, and a top-level block neither begins with a
    token whose next one is in another block nor follows a hidden token (only the paragraphs
    of a tight list are hidden, and they are nested). So a caller that needs a block's HTML
    alone and the HTML of runs of blocks renders each block once and joins
    (``tests/test_export_anki.py::test_a_long_section_renders_as_one_slice``)."""
    from .. import parse

    md = parse.markdown_parser()
    sizes = [len(block) for block in blocks]
    mine = _copy_tokens(blocks[0] if len(blocks) == 1 else [t for b in blocks for t in b])
    if prepare is not None:  # e.g. ids for headings nested in quotes and components
        prepare(mine)
    if breaks:
        _paragraph_breaks(mine)
    run_env: dict[str, Any] = {**env, **(extra_env or {})}
    renderer = _renderer(math)
    options: OptionsDict = md.options
    _apply(mine, hook, 1, lambda kids: renderer.renderInlineAsText(kids, options, run_env))
    if len(blocks) == 1:
        return [renderer.render(mine, options, run_env)]
    out = []
    at = 0
    for size in sizes:
        out.append(renderer.render(mine[at : at + size], options, run_env))
        at += size
    return out


_CHANGED_TYPES = frozenset({"inline", "html_block", "heading_open", "component"})
"""The only block tokens a render changes: an inline token's children (links, images and raw
tags mapped by the hook, soft breaks made hard, the ``alt`` markdown-it's image renderer
sets), an HTML block's content (the hook), a heading's ``id`` and an autodoc component's
``meta`` (``prepare``). Every other token is only read, from the document's own stream."""


_CHANGED_CHILD_TYPES = frozenset({"link_open", "link_close", "image", "html_inline", "softbreak"})
"""The children of an inline token a render changes (mapped or replaced by the hook, a soft
break made hard, an image's ``alt``): an inline token without any (plain text, emphasis, code,
math) is only read, and shared like the tokens outside :data:`_CHANGED_TYPES`."""


def _copy_tokens(tokens: Sequence[Token]) -> list[Token]:
    """Copies of the tokens a render may change (:data:`_CHANGED_TYPES`: attributes, children,
    content) without touching the document's stream; the others, and meta, are shared (read
    only). A page copies every token of the document, so the copy is cheap: field by field,
    twelve times cheaper than ``copy.copy`` and a hundred than ``deepcopy``, and only where
    a change can happen (a paragraph's open and close tokens are never copied)."""
    clone = _cloner()
    out = []
    for token in tokens:
        if token.type not in _CHANGED_TYPES or (
            token.type == "inline"
            and not any(child.type in _CHANGED_CHILD_TYPES for child in token.children or ())
        ):
            out.append(token)
            continue
        mine = clone(token)
        mine.attrs = dict(token.attrs)
        if token.children is not None:
            kids = []
            for child in token.children:
                kid = clone(child)
                kid.attrs = dict(child.attrs)
                kids.append(kid)
            mine.children = kids
        out.append(mine)
    return out


_TOKEN_FIELDS = (
    "type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup", "info",
    "meta", "block", "hidden",
)  # fmt: skip


def _clone(token: Token) -> Token:
    """A shallow copy of a markdown-it ``Token`` (the fields of :data:`_TOKEN_FIELDS`)."""
    new = object.__new__(type(token))
    new.type, new.tag, new.nesting, new.attrs = token.type, token.tag, token.nesting, token.attrs
    new.map, new.level, new.children = token.map, token.level, token.children
    new.content, new.markup, new.info = token.content, token.markup, token.info
    new.meta, new.block, new.hidden = token.meta, token.block, token.hidden
    return new


@functools.cache
def _cloner() -> Callable[[Token], Token]:
    """:func:`_clone` when ``Token`` has exactly the fields it copies, else ``copy.copy``
    (another markdown-it version)."""
    import copy
    import dataclasses

    from markdown_it.token import Token

    if tuple(f.name for f in dataclasses.fields(Token)) == _TOKEN_FIELDS:
        return _clone
    return copy.copy


_PLAIN_INLINE_RE = re.compile(r"[^\x00-\x1f\x7f!#$%&*+\-:<=>@\[\\\]^_`{}~]*\Z")
"""Text in which markdown-it's inline parser finds nothing but text: none of the characters
that end its ``text`` rule (every other inline rule, ctools' own included, starts at one of
them), no control character (line breaks, and the ``\r``/``\0`` its normalizer rewrites)."""


def render_inline(
    markdown: str,
    *,
    hook: TagHook = _keep,
    line: int = 1,
    math: MathMode = "mathml",
    keep_remote_images: bool = False,
    lang: str = "en",
) -> str:
    """Render one line of inline Markdown (a heading's title) to sanitized HTML.

    A line without any character that can start inline markup (:data:`_PLAIN_INLINE_RE`) is
    one text token: its HTML is the escaped text, sanitized, without a parse (most headings)."""
    from .. import parse

    if _PLAIN_INLINE_RE.match(markdown):
        from markdown_it.common.utils import escapeHtml

        return sanitize(escapeHtml(markdown), keep_remote_images=keep_remote_images)
    md = parse.markdown_parser()
    env: EnvType = {LANG_KEY: lang}
    tokens = md.parseInline(markdown, env)
    renderer = _renderer(math)
    _apply(tokens, hook, line, lambda kids: renderer.renderInlineAsText(kids, md.options, env))
    html_text = renderer.render(tokens, md.options, env)
    return sanitize(html_text, keep_remote_images=keep_remote_images)


__all__ = [
    "LINK_REL",
    "REMOTE_IMAGE",
    "Attr",
    "MathMode",
    "TagHook",
    "highlight_code",
    "is_remote",
    "placeholder",
    "pygments_css",
    "remote_placeholder",
    "render_html",
    "render_inline",
    "render_raw_blocks",
    "render_slice",
    "rewrite_raw_html",
    "sanitize",
    "start_tag",
    "tex_to_mathjax",
    "tex_to_mathml",
    "text_align",
]
