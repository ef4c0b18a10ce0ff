"""Attribute mapping on tokens, before rendering and sanitizing.

Every ``<a>`` and ``<img>`` of the Markdown (link and image tokens) and every tag of raw
HTML (parsed with :class:`html.parser.HTMLParser`) passes through a :class:`TagHook` that
returns the attributes to write or an HTML string that replaces the tag; ctools' own mapping
(``align`` -> ``text-align`` keyword, ``rel``, ``dir``) follows. The sanitizer runs after all
of it (:func:`~.sanitize.sanitize`): nothing rewrites sanitized HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Protocol

from .sanitize import _DIRECTIONS, LINK_REL, _safe_url, is_remote, text_align

if TYPE_CHECKING:
    from markdown_it.token import Token

Attr = tuple[str, str | None]
"""One attribute of a tag: name (lower case) and value (None: a bare attribute)."""


class TagHook(Protocol):
    """Called for every ``<a>`` and ``<img>`` (Markdown or raw HTML) and every raw HTML tag,
    before the fragment is rendered and sanitized: returns the attributes to write, or an
    HTML string that replaces the tag (an image placeholder; for a Markdown link, the string
    replaces the link's opening and its closing tag is dropped: ``""`` keeps only its text)."""

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

    unwrapped: list[bool] = []  # per open link: did the hook drop it (its text stays)?
    for k, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            child.content = rewrite_raw_html(child.content, hook, line)
        elif child.type == "link_open":
            attrs: list[Attr] = [(key, str(value)) for key, value in child.attrs.items()]
            result = _call(hook, "a", attrs, line)
            unwrapped.append(isinstance(result, str))
            if isinstance(result, str):
                children[k] = Token("html_inline", "", 0, content=result)
            else:
                child.attrs = {key: value or "" for key, value in result}
        elif child.type == "link_close" and unwrapped and unwrapped.pop():
            children[k] = Token("html_inline", "", 0, content="")
        elif child.type == "image":
            attrs = [("src", str(child.attrs.get("src", ""))), ("alt", alt(child.children or []))]
            attrs += [(k2, str(v)) for k2, v in child.attrs.items() if k2 not in ("src", "alt")]
            result = _call(hook, "img", attrs, line)
            if isinstance(result, str):
                children[k] = Token("html_inline", "", 0, content=result)
            else:  # the renderer writes alt from the image's children
                kept = {key: value or "" for key, value in result if key != "alt"}
                child.attrs = {"src": kept.pop("src", ""), "alt": "", **kept}
