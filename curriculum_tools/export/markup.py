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
import re
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

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
    "a": {"href", "id", "name", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style"},
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
    "span": {"id", "role", "aria-label"},
    "div": {"id"},
}
for _tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
    _ATTRIBUTES[_tag] = {"id"}


_DIRECTIONS = ("ltr", "rtl", "auto")
_ALIGNMENTS = frozenset({"left", "right", "center", "justify"})
LINK_REL = "noopener noreferrer"
"""The ``rel`` of every link in the output (content cannot choose its own)."""


_URL_SCHEMES = ("http", "https", "mailto")
_SCHEME_RE = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _safe_url(url: str) -> bool:
    """A URL the sanitizer keeps: relative, or ``http``/``https``/``mailto``."""
    scheme = _SCHEME_RE.match(url)
    return scheme is None or scheme.group(1).lower() in _URL_SCHEMES


def is_remote(url: str) -> bool:
    """A URL the browser would fetch from the network (``http(s):`` or ``//host``)."""
    lowered = url.strip().lower()
    return lowered.startswith(("http:", "https:", "//"))


def text_align(style: str | None) -> str | None:
    """``text-align:<keyword>`` when that is the one declaration of ``style``, else None."""
    if not style:
        return None
    declarations = [d for d in style.split(";") if d.strip()]
    if len(declarations) != 1 or ":" not in declarations[0]:
        return None
    prop, value = (part.strip().lower() for part in declarations[0].split(":", 1))
    return f"text-align:{value}" if prop == "text-align" and value in _ALIGNMENTS else None


def _attribute_filter(keep_remote_images: bool) -> Callable[[str, str, str], str | None]:
    def check(tag: str, attr: str, value: str) -> str | None:
        if attr == "style":
            return text_align(value)
        if tag == "a" and attr == "rel":
            return LINK_REL
        if tag == "img" and attr == "src" and is_remote(value) and not keep_remote_images:
            return None
        return value

    return check


def sanitize(fragment: str, *, keep_remote_images: bool = False) -> str:
    """Keep harmless markup; drop scripts, styles, event handlers and unsafe URLs.

    The last step on every fragment: nothing rewrites the HTML afterwards. A ``style`` keeps
    only ``text-align`` with a keyword; a remote ``<img src>`` is dropped unless kept on
    purpose (an offline page never fetches from the network); every link gets
    ``rel="noopener noreferrer"`` (links that carry ``rel`` were given it by the renderer).
    """
    import nh3

    return str(
        nh3.clean(
            fragment,
            tags=_HTML_TAGS | _MATHML_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
            strip_comments=True,
            filter_style_properties={"text-align"},
            attribute_filter=_attribute_filter(keep_remote_images),
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


Attr = tuple[str, str | None]
"""One attribute of a tag: name (lower case) and value (None: a bare attribute)."""


class TagHook(Protocol):
    """Called for every ``<a>`` and ``<img>`` (Markdown or raw HTML) and every raw HTML tag,
    before the fragment is rendered and sanitized: returns the attributes to write, or an
    HTML string that replaces the tag (an image placeholder)."""

    def __call__(self, name: str, attrs: list[Attr], line: int) -> list[Attr] | str: ...


def placeholder(kind: str, what: str) -> str:
    """A visible stand-in for an image that is not shown (missing, refused, remote)."""
    return (
        f'<span class="missing-image" role="img" aria-label="{html.escape(kind)}">'
        f'<span class="missing-image-kind">{html.escape(kind)}</span> '
        f"<code>{html.escape(what)}</code></span>"
    )


REMOTE_IMAGE = "Remote image (not loaded)"


def remote_placeholder(src: str, alt: str) -> str:
    """A remote image shown as a link to it: the page never fetches it."""
    link = html.escape(src)
    return f'<a class="remote-image" href="{link}">{placeholder(REMOTE_IMAGE, alt or src)}</a>'


def _keep(name: str, attrs: list[Attr], line: int) -> list[Attr] | str:
    """The default hook: remote images become a link placeholder, the rest stays."""
    if name == "img":
        src = dict(attrs).get("src")
        if src is not None and is_remote(src):
            return remote_placeholder(src, dict(attrs).get("alt") or "")
    return attrs


def start_tag(name: str, attrs: list[Attr], close: str = "") -> str:
    """Serialize a start tag (values escaped)."""
    parts = [name]
    for key, value in attrs:
        parts.append(key if value is None else f'{key}="{html.escape(value, quote=True)}"')
    return f"<{' '.join(parts)}{close}>"


def _map_attrs(name: str, attrs: list[Attr]) -> list[Attr]:
    """The attribute mapping ctools does on every tag: ``align`` -> ``text-align`` style
    (keyword only), a link's ``rel`` is ours, ``dir`` only ``ltr``/``rtl``/``auto``."""
    out: list[Attr] = []
    styled = any(key == "style" for key, _ in attrs)
    for key, value in attrs:
        if key == "align":
            if name in ("td", "th") and value and not styled:
                style = text_align(f"text-align:{value}")
                if style is not None:
                    out.append(("style", style))
        elif (key == "rel" and name == "a") or (key == "dir" and value not in _DIRECTIONS):
            continue
        else:
            out.append((key, value))
    if name == "a":
        href = next((value for key, value in out if key == "href"), None)
        if href is not None and not _safe_url(href):
            out = [(key, value) for key, value in out if key != "href"]
        elif href is not None:
            out.append(("rel", LINK_REL))
    return out


def _call(hook: TagHook, name: str, attrs: list[Attr], line: int) -> list[Attr] | str:
    result = hook(name, attrs, line)
    return result if isinstance(result, str) else _map_attrs(name, result)


class _RawHtml(HTMLParser):
    """Raw HTML from the content with each start tag passed through a :class:`TagHook`.

    Only attributes are mapped here; the result is sanitized afterwards like all content.
    """

    def __init__(self, hook: TagHook, line: int) -> None:
        super().__init__(convert_charrefs=False)
        self.hook = hook
        self.line = line
        self.out: list[str] = []

    def _tag(self, tag: str, attrs: list[Attr], close: str) -> None:
        line = self.line + self.getpos()[0] - 1
        result = _call(self.hook, tag, attrs, line)
        self.out.append(result if isinstance(result, str) else start_tag(tag, result, close))

    def handle_starttag(self, tag: str, attrs: list[Attr]) -> None:
        self._tag(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[Attr]) -> None:
        self._tag(tag, attrs, " /")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def rewrite_raw_html(content: str, hook: TagHook, line: int) -> str:
    """Raw HTML with its tags mapped by ``hook`` (``line``: the line of its first character)."""
    parser = _RawHtml(hook, line)
    parser.feed(content)
    parser.close()
    return "".join(parser.out)


def _apply(tokens: Sequence[Token], hook: TagHook, first_line: int, alt: AltText) -> None:
    for token in tokens:
        line = first_line + token.map[0] if token.map else first_line
        if token.type == "inline" and token.children:
            _apply_inline(token.children, hook, line, alt)
        elif token.type == "html_block":
            token.content = rewrite_raw_html(token.content, hook, line)


AltText = Callable[["Sequence[Token]"], str]


def _apply_inline(children: list[Token], hook: TagHook, line: int, alt: AltText) -> None:
    from markdown_it.token import Token

    for k, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            child.content = rewrite_raw_html(child.content, hook, line)
        elif child.type == "link_open":
            attrs: list[Attr] = [(key, str(value)) for key, value in child.attrs.items()]
            result = _call(hook, "a", attrs, line)
            if not isinstance(result, str):
                child.attrs = {key: value or "" for key, value in result}
        elif child.type == "image":
            attrs = [("src", str(child.attrs.get("src", ""))), ("alt", alt(child.children or []))]
            attrs += [(k2, str(v)) for k2, v in child.attrs.items() if k2 not in ("src", "alt")]
            result = _call(hook, "img", attrs, line)
            if isinstance(result, str):
                children[k] = Token("html_inline", "", 0, content=result)
            else:  # the renderer writes alt from the image's children
                kept = {key: value or "" for key, value in result if key != "alt"}
                child.attrs = {"src": kept.pop("src", ""), "alt": "", **kept}


def render_html(
    markdown: str,
    *,
    hook: TagHook = _keep,
    first_line: int = 1,
    math: MathMode = "mathml",
    keep_remote_images: bool = False,
) -> str:
    """Render Markdown blocks to a sanitized HTML fragment (math as MathML, or for MathJax).

    ``hook`` maps the attributes of links, images and raw HTML tags on the tokens, before
    rendering; the sanitizer is the last step (``first_line``: the line of the first one).
    """
    from .. import parse

    md = parse.markdown_parser()
    env: EnvType = {}
    tokens = md.parse(markdown, env)
    options: OptionsDict = md.options
    renderer = _renderer(math)
    _apply(tokens, hook, first_line, lambda kids: renderer.renderInlineAsText(kids, options, env))
    html_text = renderer.render(tokens, options, env)
    return sanitize(html_text, keep_remote_images=keep_remote_images)


def render_inline(
    markdown: str,
    *,
    hook: TagHook = _keep,
    line: int = 1,
    math: MathMode = "mathml",
    keep_remote_images: bool = False,
) -> str:
    """Render one line of inline Markdown (a heading's title) to sanitized HTML."""
    from .. import parse

    md = parse.markdown_parser()
    env: EnvType = {}
    tokens = md.parseInline(markdown, env)
    renderer = _renderer(math)
    _apply(tokens, hook, line, lambda kids: renderer.renderInlineAsText(kids, md.options, env))
    html_text = renderer.render(tokens, md.options, env)
    return sanitize(html_text, keep_remote_images=keep_remote_images)
