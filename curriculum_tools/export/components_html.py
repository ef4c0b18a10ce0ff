"""Components rendered by meaning in HTML (the render rules of the HTML renderer).

Each kind of :mod:`curriculum_tools.syntax.registry` becomes plain, sanitizer-safe HTML:

- ``admonition``: a box (``<div class="admonition admonition-tip">`` with its label);
- ``video``/``embed``: a link to the video or page (never an ``<iframe>``, nothing fetched);
- ``quiz``: the question, its choices as a list, answer and explanations in ``<details>``;
- ``tabs``/``tab``: each tab a section with its label as a heading line (no script needed);
- ``listing``: a ``<figure>`` with its caption (number and file name);
- ``notebook``: links to the notebooks (``[[open-in-colab]]`` has none: a short note);
- ``include``: the included lines as code, or a visible placeholder naming the path;
- ``autodoc``: the API name as code; ``container``/``unknown``: the children only.

Nothing here emits component syntax: a self-closing tag's source is never shown.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markdown_it.common.utils import escapeHtml

from ..syntax.hugo import heading_in
from ..syntax.meaning import quiz_choices, tab_label, unreadable_choices
from ..syntax.registry import admonition_type

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning",
        "caution": "Caution", "listing": "Listing", "video": "Video", "embed": "Embedded page",
        "no-address": "no address", "correct": "correct", "not-correct": "not correct",
        "answer": "Answer", "notebook": "This page is also available as a notebook.",
        "open-notebook": "Open as a notebook:", "not-included": "Not included:",
        "unreadable-quiz": "The choices of this quiz could not be read from its source.",
    },
    "ko": {
        "note": "참고", "tip": "팁", "important": "중요", "warning": "경고", "caution": "주의",
        "listing": "예제", "video": "동영상", "embed": "삽입된 페이지", "no-address": "주소 없음",
        "correct": "정답", "not-correct": "오답", "answer": "정답 보기",
        "notebook": "이 페이지는 노트북으로도 제공됩니다.", "open-notebook": "노트북으로 열기:",
        "not-included": "포함되지 않음:",
        "unreadable-quiz": "이 퀴즈의 선택지를 원본에서 읽을 수 없습니다.",
    },
}  # fmt: skip
"""The words components add, in the page's language (English for any other language)."""


def word(key: str, lang: str) -> str:
    return WORDS.get(lang, WORDS["en"]).get(key) or WORDS["en"][key]


def text_html(tokens: Sequence[Any], idx: int, lang: str) -> str:
    """A text token; in a site template heading (``{{% heading "whatsnext" %}}``) the words
    the site shows in the page's language (``다음 내용`` on a Korean page)."""
    content = tokens[idx].content
    if idx and tokens[idx - 1].type == "component_open":
        meta = tokens[idx - 1].meta or {}
        if meta.get("name") == "heading":
            content = heading_in(str((meta.get("attrs") or {}).get("_0", "")), lang) or content
    return escapeHtml(content)


IncludeReader = Callable[[str, str], "tuple[str | None, str]"]
"""``(path, anchor) -> (text or None, reason)``: the resolver's include, for the page's document."""

_esc = html.escape


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _youtube(value: str) -> str:
    return "https://www.youtube.com/watch?v=" + value


def open_html(meta: Mapping[str, Any], block: bool, lang: str = "en") -> str:
    """The opening markup of a component with children."""
    kind = str(meta.get("kind", "unknown"))
    name = str(meta.get("name", ""))
    attrs: Mapping[str, Any] = meta.get("attrs") or {}
    tag = "div" if block else "span"
    nl = "\n" if block else ""
    if kind == "admonition":
        kind_name = admonition_type(name, attrs)
        title = _text(attrs.get("title")) or word(kind_name, lang)
        label = f'<{"p" if block else "strong"} class="admonition-title">{_esc(title)}'
        label += f"</{'p' if block else 'strong'}>"
        return f'<{tag} class="admonition admonition-{kind_name}">{nl}{label}{nl}'
    if kind == "tabs":
        return f'<{tag} class="tabs">{nl}'
    if kind == "tab":
        head = f'<p class="tab-title"><strong>{_esc(tab_label(name, attrs))}</strong></p>'
        head = head if block else ""
        return f'<{tag} class="tab">{nl}{head}{nl}'
    if kind == "listing" and block:
        return '<figure class="listing">\n' + _listing_caption(attrs, lang)
    if kind in ("video", "embed"):
        return f'<{tag} class="media">{nl}{_media_link(kind, attrs, lang)}{nl}'
    return f'<{tag} class="component component-{_esc(kind)}">{nl}'


def close_html(meta: Mapping[str, Any], block: bool) -> str:
    if str(meta.get("kind")) == "listing" and block:
        return "</figure>\n"
    return "</div>\n" if block else "</span>"


def self_closing_html(
    meta: Mapping[str, Any], block: bool, include: IncludeReader | None, lang: str = "en"
) -> str:
    """A component without children (a self-closing tag or a directive line)."""
    kind = str(meta.get("kind", "unknown"))
    attrs: Mapping[str, Any] = meta.get("attrs") or {}
    if kind == "quiz":
        body = _quiz(attrs, lang) if block else ""
    elif kind in ("video", "embed"):
        body = _media_link(kind, attrs, lang)
    elif kind == "notebook":
        body = _notebook(attrs, lang)
    elif kind == "include":
        body = _include(attrs, include, block, lang)
    elif kind == "autodoc":
        ident = f' id="{_esc(str(meta["id"]))}"' if meta.get("id") else ""
        body = f"<span{ident}><code>{_esc(_text(attrs.get('target')))}</code></span>"
    elif kind == "admonition":
        return open_html(meta, block, lang) + close_html(meta, block)
    elif kind == "listing" and block:  # Hugo's ``{{< codenew file=... >}}``: a listing by name
        caption = _listing_caption(attrs, lang)
        return f'<figure class="listing">\n{caption}</figure>\n' if caption else ""
    else:
        return ""
    if not body:
        return ""
    if not block:
        return f'<span class="component component-{kind}">{body}</span>'
    return f'<div class="component component-{kind}">\n{body}\n</div>\n'


def _listing_caption(attrs: Mapping[str, Any], lang: str) -> str:
    number = _text(attrs.get("number")) or (
        str(attrs["number"]) if isinstance(attrs.get("number"), int) else ""
    )
    caption = _text(attrs.get("caption"))
    file_name = _text(attrs.get("file-name"))
    parts = []
    if number:
        parts.append(f"<strong>{word('listing', lang)} {_esc(number)}</strong>")
    if caption:
        parts.append(_esc(caption))
    if file_name:
        parts.append(f"<code>{_esc(file_name)}</code>")
    if not parts:
        return ""
    return (
        f"<figcaption>{': '.join(parts[:2])}{' ' + parts[2] if len(parts) > 2 else ''}"
        "</figcaption>\n"
    )


def _media_link(kind: str, attrs: Mapping[str, Any], lang: str) -> str:
    url = ""
    if kind == "video" and _text(attrs.get("id")):
        url = _youtube(_text(attrs.get("id")))
    url = url or _text(attrs.get("src")) or _text(attrs.get("url"))
    title = _text(attrs.get("title"))
    what = word("video" if kind == "video" or "youtube" in url else "embed", lang)
    if not url.startswith(("http://", "https://")):
        return f'<span class="media-placeholder">{what} ({word("no-address", lang)})</span>'
    label = f"{what}: {title or url}"
    return f'<a class="media-link" href="{_esc(url)}">▶ {_esc(label)}</a>'


def _quiz(attrs: Mapping[str, Any], lang: str) -> str:
    choices = quiz_choices(attrs)
    question = _text(attrs.get("question")) or _text(attrs.get("title"))
    out = ['<div class="quiz">']
    if question:
        out.append(f'<p class="quiz-question">{_esc(question)}</p>')
    if unreadable_choices(attrs.get("choices")):  # said, rather than an empty box
        out.append(f'<p class="quiz-unreadable">{word("unreadable-quiz", lang)}</p>')
    out.append('<ol class="quiz-choices" type="A">')
    out += [f"<li>{_esc(text)}</li>" for text, _, _ in choices]
    out.append("</ol>")
    answers = []
    for number, (_, explain, correct) in enumerate(choices):
        letter = chr(ord("A") + number) if number < 26 else str(number + 1)
        verdict = word("correct" if correct else "not-correct", lang)
        answers.append(
            f"<li><strong>{letter}</strong> ({verdict}){': ' + _esc(explain) if explain else ''}"
            "</li>"
        )
    if answers:
        out.append(f'<details class="quiz-answer"><summary>{word("answer", lang)}</summary>')
        out.append("<ul>" + "".join(answers) + "</ul></details>")
    out.append("</div>")
    return "\n".join(out)


def _notebook(attrs: Mapping[str, Any], lang: str) -> str:
    links = []
    items = attrs.get("notebooks") or attrs.get("options")
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict):
            url = _text(item.get("value")) or _text(item.get("url"))
            if url.startswith(("http://", "https://")):
                label = _text(item.get("label")) or url
                links.append(f'<a href="{_esc(url)}">{_esc(label)}</a>')
    if not links:
        return f'<span class="notebook-note">{word("notebook", lang)}</span>'
    return word("open-notebook", lang) + " " + " · ".join(links)


def _include(
    attrs: Mapping[str, Any], include: IncludeReader | None, block: bool, lang: str
) -> str:
    path = _text(attrs.get("path"))
    anchor = _text(attrs.get("anchor"))
    text, reason = include(path, anchor) if include else (None, "not read")
    if text is None:
        return (
            f'<span class="placeholder">{word("not-included", lang)} <code>{_esc(path)}</code>'
            f" ({_esc(reason)})</span>"
        )
    if not block:
        return f"<code>{_esc(text)}</code>"
    return f'<pre class="include"><code>{_esc(text)}</code></pre>'
