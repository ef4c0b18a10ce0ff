"""Hugo shortcodes as components: ``{{< note >}} … {{< /note >}}`` and their kin.

A Hugo site (the Kubernetes website, Docsy themes) writes its boxes, tabs, listings and
glossary links as shortcodes, ``{{< name attrs >}}`` or ``{{% name attrs %}}``, paired with
``{{< /name >}}`` when they wrap content. They become the same tokens as MDX components
(:mod:`curriculum_tools.syntax`), so rules and exporters never see them as prose:

- a paired shortcode alone on its lines (``note``, ``warning``, ``caution``, ``tabs``,
  ``tab``, ``table``, ``details`` ...) is ``component_open``/``component_close`` around its
  Markdown children; a self-closing one alone on its line (``codenew``, ``include``,
  ``glossary_definition``, ``feature-state``, ``figure`` ...) is a ``component``;
- inside a paragraph, ``{{< glossary_tooltip text="컨테이너" term_id="container" >}}`` is
  the inline text its reader sees (``text``, else the ``term_id``) wrapped in a component;
  other inline shortcodes (``param``, ``skew``) are self-closing components;
- the section headings of the Kubernetes templates are one heading whatever their form:
  ``{{% whatsnext-heading %}}`` (a line) and ``{{% capture whatsnext %}}`` (the old template
  blocks, for ``prerequisites``, ``objectives``, ``cleanup`` and ``whatsnext``) become the
  heading ``## {{% heading "whatsnext" %}}`` newer pages write; a capture's own lines
  (``{{% capture body %}}``, ``{{% /capture %}}``) are template logic and are dropped.

``{{% heading "whatsnext" %}}`` shows its English words (:data:`HEADINGS`). Kinds come from
:data:`SHORTCODES`; a name it does not list is a ``container`` (its children are shown).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .components import close_component, open_component, parse_children

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

SHORTCODE_RE = re.compile(
    r"\{\{(?:(?P<lt><)|%)-?\s*(?P<close>/)?\s*(?P<name>[A-Za-z][\w.-]*)"
    r"(?P<args>(?:\"[^\"\n]*\"|'[^'\n]*'|`[^`\n]*`|[^\"'`\n])*?)\s*-?(?(lt)>|%)\}\}"
)
"""One shortcode marker: its delimiter (``<`` or ``%``), closing ``/``, name and arguments."""

_ARG_RE = re.compile(r"(?:([\w-]+)\s*=\s*)?(?:\"([^\"]*)\"|'([^']*)'|`([^`]*)`|([^\s\"'`=]+))")
_HUGO_PAGE_RE = re.compile(r"\{\{[<%]-?\s*/?\s*[A-Za-z][\w.-]*[\s>%/-]|<!--more-->")

SHORTCODES: dict[str, str] = {
    "note": "admonition",
    "warning": "admonition",
    "caution": "admonition",
    "alert": "admonition",
    "callout": "admonition",
    "tabs": "tabs",
    "tab": "tab",
    "codenew": "listing",
    "code": "listing",
    "code_sample": "listing",
    "include": "include",
    "glossary_definition": "include",
    "figure": "embed",
}
"""Shortcode name -> component kind (:data:`~.registry.KINDS`); any other is ``container``."""

INLINE = frozenset({"glossary_tooltip", "param", "skew", "heading", "latest-version"})
"""Shortcodes written inside a sentence: never a block of their own."""

HEADED_CAPTURES = ("prerequisites", "objectives", "cleanup", "whatsnext")
"""The capture blocks the old Kubernetes templates gave a heading (the others have none)."""

HEADINGS = {
    "prerequisites": "Before you begin",
    "objectives": "Objectives",
    "cleanup": "Cleaning up",
    "whatsnext": "What's next",
    "synopsis": "Synopsis",
    "options": "Options",
    "seealso": "See also",
}
"""What ``{{% heading "whatsnext" %}}`` shows (the site's English strings; the key otherwise)."""

HEADINGS_BY_LANGUAGE = {
    "ko": {
        "prerequisites": "시작하기 전에",
        "objectives": "목적",
        "cleanup": "정리하기",
        "whatsnext": "다음 내용",
        "synopsis": "시놉시스",
        "options": "옵션",
        "seealso": "더 보기",
    },
}
"""The same headings in the site's other languages (``i18n/ko/ko.toml``: ``whatsnext_heading``
is ``다음 내용`` ...): what a translated page shows, and a plain heading that writes them."""


TEMPLATE_HEADING_RE = re.compile(r"\{\{%\s*heading\s+\"([\w-]+)\"\s*%\}\}")
"""A template heading in a heading's source: ``## {{% heading "whatsnext" %}}``."""


def template_key(raw_title: str) -> str:
    """The key of a site template heading, ``""`` for any other heading.

    >>> template_key('{{% heading "whatsnext" %}}'), template_key("Next steps")
    ('whatsnext', '')
    """
    match = TEMPLATE_HEADING_RE.search(raw_title)
    return match.group(1) if match else ""


def shown_heading(raw_title: str, heading: str, lang: str) -> str:
    """A heading as a page in ``lang`` shows it: a template heading in that language's words.

    >>> shown_heading('{{% heading "cleanup" %}}', "Cleaning up", "ko")
    '정리하기'
    """
    key = template_key(raw_title) if "{{%" in raw_title else ""
    return (heading_in(key, lang) or heading) if key else heading


def heading_in(key: str, lang: str) -> str:
    """What the template heading ``key`` shows on a page in ``lang`` (``""``: its English)."""
    return HEADINGS_BY_LANGUAGE.get(lang, {}).get(key, "")


def heading_words(key: str) -> frozenset[str]:
    """The words every language of the site shows for the template heading ``key``, folded.

    >>> sorted(heading_words("whatsnext"))
    ["what's next", '다음 내용']
    """
    words = [HEADINGS.get(key, key)] + [h[key] for h in HEADINGS_BY_LANGUAGE.values() if key in h]
    return frozenset(w.casefold() for w in words)


_HEADING_LINE_RE = re.compile(r"\{\{%\s*([a-z]+)-heading\s*%\}\}")


def is_hugo_page(text: str) -> bool:
    """Whether ``text`` is a Hugo page: it calls a shortcode or has a ``<!--more-->`` divider."""
    return _HUGO_PAGE_RE.search(text) is not None


def parse_args(args: str) -> dict[str, Any]:
    """``text="컨테이너" term_id="container"`` -> a dict; positional values are ``_0``, ``_1``."""
    out: dict[str, Any] = {}
    position = 0
    for match in _ARG_RE.finditer(args):
        key, *values = match.groups()
        value = next((v for v in values if v is not None), "")
        if key:
            out[key] = value
        else:
            out[f"_{position}"] = value
            position += 1
    return out


def _attrs(name: str, args: str) -> dict[str, Any]:
    attrs = parse_args(args)
    if name in ("codenew", "code", "code_sample") and "file" in attrs:
        attrs.setdefault("file-name", attrs["file"])
    elif name == "include" and "_0" in attrs:
        attrs["path"] = attrs["_0"]
    elif name == "glossary_definition":
        attrs["path"] = "glossary/" + str(attrs.get("term_id", ""))
    elif name == "figure":
        if "caption" in attrs or "alt" in attrs:
            attrs["title"] = attrs.get("caption") or attrs.get("alt")
    elif name in ("note", "warning", "caution"):
        attrs["type"] = name
    return attrs


def _meta(name: str, args: str) -> dict[str, Any]:
    return {"name": name, "attrs": _attrs(name, args), "kind": SHORTCODES.get(name, "container")}


def _find_close(src: str, name: str, start: int, limit: int) -> re.Match[str] | None:
    """The marker closing ``name`` opened before ``start`` (same-name pairs nest)."""
    depth = 0
    for match in SHORTCODE_RE.finditer(src, start, limit):
        if match.group("name") != name:
            continue
        if match.group("close"):
            if depth == 0:
                return match
            depth -= 1
        elif not match.group("args").rstrip().endswith("/"):
            depth += 1
    return None


def _line_of(state: StateBlock, pos: int, start: int, end: int) -> int:
    line = start
    while line < end - 1 and state.eMarks[line] < pos:
        line += 1
    return line


def _heading(state: StateBlock, key: str, line: int) -> None:
    """Push ``## {{% heading "key" %}}`` (what newer pages write for the same heading)."""
    opening = state.push("heading_open", "h2", 1)
    opening.markup, opening.map = "##", [line, line + 1]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = (
        f'{{{{% heading "{key}" %}}}}',
        [line, line + 1],
        [],
    )
    state.push("heading_close", "h2", -1).markup = "##"


def block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line that starts with a shortcode: a component, a heading, or template logic."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    src = state.src
    pos = state.bMarks[start] + state.tShift[start]
    line_end = state.eMarks[start]
    if not src.startswith(("{{<", "{{%"), pos):
        return False
    match = SHORTCODE_RE.match(src, pos, line_end)
    if match is None or match.group("name") in INLINE:
        return False
    if src[match.end() : line_end].strip():
        return False  # text follows on the line: part of a paragraph
    name, args = match.group("name"), match.group("args")
    if heading := _HEADING_LINE_RE.fullmatch(match.group(0)):
        if not silent:
            _heading(state, heading.group(1), start)
            state.line = start + 1
        return True
    if name == "capture":
        if not silent:
            key = parse_args(args).get("_0", "")
            if not match.group("close") and key in HEADED_CAPTURES:
                _heading(state, str(key), start)
            state.line = start + 1
        return True
    if match.group("close"):  # a stray closing marker: swallow it rather than print it
        if not silent:
            state.line = start + 1
        return True
    limit = state.eMarks[end - 1]
    close = None if args.rstrip().endswith("/") else _find_close(src, name, match.end(), limit)
    close_line = _line_of(state, close.start(), start, end) if close else start
    closes_alone = close is not None and (
        not src[state.bMarks[close_line] : close.start()].strip()
        and not src[close.end() : state.eMarks[close_line]].strip()
    )
    if silent:
        return True
    meta = _meta(name, args)
    if close is None or not closes_alone or close_line == start:
        token = state.push("component", "div", 0)
        token.map, token.content, token.meta = [start, start + 1], match.group(0), meta
        state.line = start + 1
        return True
    open_component(state, meta, [start, close_line + 1], match.group(0))
    parse_children(state, start + 1, close_line)
    close_component(state, meta, close.group(0))
    state.line = close_line + 1
    return True


def inline_rule(state: StateInline, silent: bool) -> bool:
    """A shortcode inside a paragraph: a glossary link's text, or a self-closing component."""
    src, pos = state.src, state.pos
    if not src.startswith(("{{<", "{{%"), pos):
        return False
    match = SHORTCODE_RE.match(src, pos, state.posMax)
    if match is None:
        return False
    if not silent:
        name, args = match.group("name"), match.group("args")
        meta = _meta(name, args)
        if name in ("glossary_tooltip", "heading") and not match.group("close"):
            attrs = meta["attrs"]
            shown = attrs.get("text") or attrs.get("term_id") or HEADINGS.get(attrs.get("_0"), "")
            opening = state.push("component_open", "span", 1)
            opening.markup, opening.meta = match.group(0), meta
            state.push("text", "", 0).content = str(shown)
            state.push("component_close", "span", -1).meta = dict(meta)
        elif not match.group("close"):
            token = state.push("component", "span", 0)
            token.content, token.meta = match.group(0), meta
    state.pos = match.end()
    return True
