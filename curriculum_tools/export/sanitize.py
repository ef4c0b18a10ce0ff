"""The HTML sanitizer: the last step on every fragment of content (nh3, Rust's ammonia).

An allow-list of tags and attributes; URLs only ``http``/``https``/``mailto``; a ``style``
keeps only ``text-align`` with a keyword; a remote ``<img src>`` is dropped unless kept on
purpose; every link's ``rel`` is ``noopener noreferrer``. Nothing rewrites its output.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, cast

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
    "a": {"href", "id", "name", "rel", "hreflang"},
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

    The attribute filter (a Python call from ammonia for every attribute kept: every
    ``class`` of a highlighted listing) changes only ``style``, ``rel`` and ``src``; a
    fragment in which no such attribute can begin (:data:`_FILTERED_ATTRIBUTE_RE`) is
    cleaned without it, with the same result.
    """
    filtered = _FILTERED_ATTRIBUTE_RE.search(fragment) is not None
    return str(_cleaner(keep_remote_images, filtered=filtered)(fragment))


_FILTERED_ATTRIBUTE_RE = re.compile(r"(?i)[\s\"'/](?:style|rel|src)\b")
"""Where an attribute the filter changes may begin: an HTML attribute name starts after
whitespace, a ``/`` or a quote (after a quoted value) and ends at whitespace, ``/``, ``=`` or
``>``; names are compared in ASCII lower case. Text such as ``release`` or ``>src<`` does
not match; `` src/`` in prose does, which only costs the filter's calls."""


@functools.cache
def _cleaner(keep_remote_images: bool, *, filtered: bool = True) -> Callable[[str], str]:
    """One configured sanitizer per setting, built once: configuring ammonia costs about
    twenty times as much as cleaning a heading, and a page has thousands of fragments
    (``filtered``: with the attribute filter; without it only where no attribute it changes
    can occur)."""
    import nh3

    options: dict[str, Any] = {
        "tags": _HTML_TAGS | _MATHML_TAGS,
        "attributes": _ATTRIBUTES,
        "url_schemes": set(_URL_SCHEMES),
        "link_rel": None,
        "strip_comments": True,
        "filter_style_properties": {"text-align"},
    }
    if filtered:
        options["attribute_filter"] = _attribute_filter(keep_remote_images)
    cleaner = getattr(nh3, "Cleaner", None)
    if cleaner is not None:  # nh3 >= 0.3
        return cast("Callable[[str], str]", cleaner(**options).clean)
    return functools.partial(nh3.clean, **options)
