"""Markdown -> safe HTML fragments, shared by the HTML site and the Anki cards.

One renderer over the one parser: code is highlighted with Pygments at build time, math
becomes MathML (latex2mathml; the TeX is kept readable when it cannot be converted), local
URLs can be rewritten, and the whole fragment is sanitized with nh3 (ammonia), so raw HTML
in the content keeps harmless tags (``<details>``, ``<br>``, ``<img>``) and loses scripts,
event handlers and ``javascript:``/``data:`` URLs.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

UrlRewriter = Callable[[str], str]
MathMode = Literal["mathml", "mathjax"]
"""``mathml``: MathML (static pages); ``mathjax``: TeX kept between ``\\( \\)`` / ``\\[ \\]``
for a MathJax that runs where the HTML is shown (Anki cards)."""

_MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace",
    "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror",
}  # fmt: skip
_HTML_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul", "var",
}  # fmt: skip
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "lang", "title", "dir"},
    "a": {"href", "id", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "style"},
    "details": {"open"},
    "math": {"display", "xmlns"},
    "mi": {"mathvariant"},
    "mo": {
        "stretchy",
        "fence",
        "separator",
        "lspace",
        "rspace",
        "form",
        "largeop",
        "movablelimits",
    },
    "mfrac": {"linethickness"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "mtable": {"columnalign", "rowspacing", "columnspacing"},
    "mtd": {"columnalign"},
    "mspace": {"width"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "annotation": {"encoding"},
    "span": {"id"},
    "div": {"id"},
}
for _tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
    _ATTRIBUTES[_tag] = {"id"}


def sanitize(fragment: str) -> str:
    """Keep harmless markup; drop scripts, styles, event handlers and unsafe URLs."""
    import nh3

    return str(
        nh3.clean(
            fragment,
            tags=_HTML_TAGS | _MATHML_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
            strip_comments=True,
            filter_style_properties={"text-align"},
        )
    )


def highlight_code(code: str, info: str) -> str:
    """Pygments HTML for a code block (``<div class="highlight"><pre>...``)."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    name = info.split()[0] if info.strip() else ""
    try:
        lexer = get_lexer_by_name(name) if name else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    return str(highlight(code, lexer, HtmlFormatter(cssclass="highlight", wrapcode=True)))


def pygments_css() -> str:
    """The stylesheet for highlighted code."""
    from pygments.formatters import HtmlFormatter

    return str(HtmlFormatter(style="friendly").get_style_defs(".highlight"))


def tex_to_mathml(tex: str, display: bool) -> str:
    """MathML for a TeX formula; readable TeX in a ``<code>`` when it cannot be converted."""
    try:
        from latex2mathml.converter import convert

        return str(convert(tex, display="block" if display else "inline"))
    except Exception:  # latex2mathml raises many kinds on bad TeX; fall back to the source
        return f'<code class="math-tex">{html.escape(tex)}</code>'


def tex_to_mathjax(tex: str, display: bool) -> str:
    """TeX between MathJax delimiters, HTML-escaped (MathJax reads the text content)."""
    opening, closing = (r"\[", r"\]") if display else (r"\(", r"\)")
    return opening + html.escape(tex, quote=False) + closing


@functools.cache
def _renderer(math: MathMode = "mathml") -> RendererHTML:
    """A RendererHTML whose code, math and front-matter rules are ours."""
    from markdown_it.renderer import RendererHTML

    to_math = tex_to_mathjax if math == "mathjax" else tex_to_mathml

    class Renderer(RendererHTML):
        def fence(self, tokens: Sequence[Token], idx: int, *_: Any) -> str:
            return highlight_code(tokens[idx].content, tokens[idx].info)

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


def _rewrite(tokens: Sequence[Token], link: UrlRewriter | None, image: UrlRewriter | None) -> None:
    for token in tokens:
        if token.children:
            _rewrite(token.children, link, image)
        if token.type == "link_open" and link is not None:
            token.attrs["href"] = link(str(token.attrs.get("href", "")))
        elif token.type == "image" and image is not None:
            token.attrs["src"] = image(str(token.attrs.get("src", "")))


def render_html(
    markdown: str,
    *,
    link: UrlRewriter | None = None,
    image: UrlRewriter | None = None,
    math: MathMode = "mathml",
) -> str:
    """Render Markdown blocks to a sanitized HTML fragment (math as MathML, or for MathJax)."""
    from .. import parse

    md = parse.markdown_parser()
    env: EnvType = {}
    tokens = md.parse(markdown, env)
    _rewrite(tokens, link, image)
    options: OptionsDict = md.options
    return sanitize(_renderer(math).render(tokens, options, env))


def render_inline(markdown: str, *, math: MathMode = "mathml") -> str:
    """Render one line of inline Markdown (a heading's title) to sanitized HTML."""
    from .. import parse

    md = parse.markdown_parser()
    env: EnvType = {}
    tokens = md.parseInline(markdown, env)
    return sanitize(_renderer(math).render(tokens, md.options, env))
