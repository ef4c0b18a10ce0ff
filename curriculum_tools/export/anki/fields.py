"""Card fields from slices of a document's one token stream (never re-parsed Markdown).

:func:`section_fields` renders a section's own tokens (heading and subsections excluded)
with the document's shared ``env``, so a ``[text][ref]`` defined in another section links.
Components become plain content by meaning, never markup: an admonition its title in bold
and its children, a video or embed a link, a tab its label and children, a listing its
caption; quizzes are left out of answers (they are cards of their own, :mod:`.quiz`);
notebook banners and autodoc lines disappear. Code listings are never part of an answer.
An answer longer than :data:`MAX_ANSWER` characters is split at block boundaries into
parts; a single block longer than that is left out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ...syntax.meaning import tab_label
from ..latex.components import admonition_title, video_url
from ..markup import TagHook, render_raw_blocks, sanitize

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ...model import Document, Section

MAX_ANSWER = 1500
"""Characters of visible text an answer may hold (a card is read in one glance)."""

_DROPPED_KINDS = {"quiz", "notebook", "autodoc"}
_CODE_TYPES = {"fence", "code_block"}
_TAG_RE = re.compile(r"<[^>]*>")
_LEFT_BOLD_RE = re.compile(r"(?<![*\w])\*\*(?=\S)(?P<body>[^*<>\n]{1,120}?)(?<=\S)\*\*")
_SPLIT_RE = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>)", re.S | re.I)


def _html_block(content: str, like: Token) -> Token:
    from markdown_it.token import Token

    token = Token("html_block", "", 0, content=content, map=like.map)
    token.block = True
    return token


def plain_tokens(tokens: Sequence[Token], *, keep_code: bool = False) -> list[Token]:
    """The tokens with components replaced by what they mean (and code left out unless
    ``keep_code``); inline components inside paragraphs are dropped, their text kept."""
    out: list[Token] = []
    depth_dropped = 0
    for token in tokens:
        if token.type in ("component_open", "component_close", "component"):
            meta = token.meta or {}
            kind, name, attrs = meta.get("kind", ""), meta.get("name", ""), meta.get("attrs", {})
            if token.type == "component_open" and kind in _DROPPED_KINDS:
                depth_dropped += 1
                continue
            if token.type == "component_close" and kind in _DROPPED_KINDS:
                depth_dropped = max(0, depth_dropped - 1)
                continue
            if depth_dropped:
                continue
            shown = _component_html(token, kind, str(name), attrs)
            if shown:
                out.append(_html_block(shown, token))
            continue
        if depth_dropped or (token.type in _CODE_TYPES and not keep_code):
            continue
        if token.type == "inline" and token.children:
            kids = [c for c in token.children if not c.type.startswith("component")]
            if len(kids) != len(token.children):
                token = token.copy()
                token.children = kids
        out.append(token)
    return out


def _component_html(token: Token, kind: str, name: str, attrs: dict[str, Any]) -> str:
    if token.type == "component_close":
        return ""
    if kind == "admonition" and token.type == "component_open":
        return f"<p><strong>{html.escape(admonition_title(name, attrs))}</strong></p>\n"
    if kind == "tab" and token.type == "component_open":
        return f"<p><strong>[{html.escape(tab_label(name, attrs))}]</strong></p>\n"
    if kind == "listing":
        caption = attrs.get("caption")
        if not isinstance(caption, str):
            return ""
        pieces = caption.split("`")
        if len(pieces) % 2 == 0:
            return f"<p><em>{html.escape(caption)}</em></p>\n"
        shown = "".join(
            f"<code>{html.escape(p)}</code>" if k % 2 else html.escape(p)
            for k, p in enumerate(pieces)
        )
        return f"<p><em>{shown}</em></p>\n"
    if kind in ("video", "embed"):
        url = video_url(kind, attrs)
        label = "Video" if kind == "video" else "Embedded page"
        if url.startswith(("https://", "http://")):
            return f'<p>{label}: <a href="{html.escape(url)}">{html.escape(url)}</a></p>\n'
        return ""
    return ""


def hangul_emphasis(text: str) -> str:
    """``**베이스 모델**은``: emphasis CommonMark leaves as text (a closing ``**`` after
    punctuation and before Hangul is not right-flanking) becomes ``<strong>``; code is kept."""
    if "**" not in text:  # nothing to change (most fields)
        return text
    parts = _SPLIT_RE.split(text)
    for k in range(0, len(parts), 2):
        parts[k] = _LEFT_BOLD_RE.sub(lambda m: f"<strong>{m.group('body')}</strong>", parts[k])
    return "".join(parts)


def visible_length(fragment: str) -> int:
    """Characters a reader sees (tags count as a space, runs of spaces as one)."""
    return len(" ".join(html.unescape(_TAG_RE.sub(" ", fragment)).split()))


def own_tokens(doc: Document, section: Section) -> list[Token]:
    """The tokens of a section's own content: after its heading, before its first child."""
    tokens = doc.tokens
    first = section.tokens[0]
    if first < len(tokens) and tokens[first].type == "heading_open":
        first += 3
    return list(tokens[first : section.own_tokens])


def _top_blocks(tokens: Sequence[Token]) -> list[list[Token]]:
    """Split a token list into its top-level blocks (each with its nested tokens)."""
    blocks: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            blocks.append([])
        blocks[-1].append(token)
        depth += token.nesting if token.type != "inline" else 0
        depth = max(depth, 0)
    return blocks


def section_fields(doc: Document, section: Section, hook: TagHook) -> list[str]:
    """The answer(s) of a section: one HTML fragment, or several when it is long; empty when
    the section has no prose of its own."""
    tokens = plain_tokens(own_tokens(doc, section))
    blocks = _top_blocks(tokens)
    # Each top-level block is rendered once (:func:`render_raw_blocks`); the whole answer and
    # each part are the sanitized join of their blocks' HTML, exactly what rendering their
    # tokens again would give. Before, a long section was rendered three times: whole, block
    # by block to measure, and part by part.
    raw = render_raw_blocks(blocks, doc.env, hook=hook, math="mathjax", breaks=True)
    whole = _finish("".join(raw))
    size = visible_length(whole)
    if size <= MAX_ANSWER:
        return [whole] if size else []
    if len(blocks) <= 1:
        return []  # one block, too long for a card
    # Parts are HTML of the joined blocks; their visible lengths add up with one space between.
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for piece in raw:
        size = visible_length(_finish(piece))
        joined = used + (1 if used and size else 0) + size
        if joined <= MAX_ANSWER:
            current.append(piece)
            used = joined
            continue
        if current:
            parts.append(_finish("".join(current)))
        current, used = ([piece], size) if size <= MAX_ANSWER else ([], 0)
    if current:
        parts.append(_finish("".join(current)))
    return [p for p in parts if visible_length(p)]


def _finish(raw: str) -> str:
    """Rendered HTML made a field: sanitized, emphasis next to Hangul fixed, stripped."""
    return hangul_emphasis(sanitize(raw)).strip()
