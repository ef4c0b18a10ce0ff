"""Text helpers with one home: Hangul, heading id markers, ``<img>`` tags, section geometry.

The parser, the rules, status, scaffold, the encoding repair and the exporters all ask the same
small questions of text ("is this Korean?", "where does this heading's id marker start?", "where
does this section's own content end?"); they ask them here, so that the answers agree.

Two Hangul ranges, on purpose:

- :data:`HANGUL` is every Hangul letter: the precomposed syllables, the conjoining jamo and
  their extensions, the compatibility jamo (``ㄱ``, ``ㅏ``) and the half-width forms. Use it to
  ask whether text is Korean.
- :data:`HANGUL_SYLLABLES` is the 11,172 precomposed syllables ``가``-``힣`` only: the
  characters one UTF-8 sequence of three bytes encodes and CP949 maps. The encoding repair
  counts and reconstructs these.

This module imports nothing from the package (``model`` is needed for type hints only), so any
layer may use it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Document, Section

# --- Hangul ----------------------------------------------------------------------------------

HANGUL_SYLLABLES = "\uac00-\ud7a3"
"""Character-class range of the precomposed syllables (``[가-힣]``), for building patterns."""
FIRST_SYLLABLE, LAST_SYLLABLE = 0xAC00, 0xD7A3
"""Code points of the first and last precomposed syllable (``가``, ``힣``), for arithmetic."""

HANGUL = (
    HANGUL_SYLLABLES
    + "\u1100-\u11ff"  # conjoining jamo
    + "\u3130-\u318f"  # compatibility jamo
    + "\ua960-\ua97f"  # jamo extended-A
    + "\ud7b0-\ud7ff"  # jamo extended-B
    + "\uffa0-\uffdc"  # half-width forms
)
"""Character-class ranges of every Hangul letter, for building patterns (``f"[{HANGUL}]"``)."""

HANGUL_RE = re.compile(f"[{HANGUL}]")
HANGUL_SYLLABLE_RE = re.compile(f"[{HANGUL_SYLLABLES}]")


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds a Hangul letter (syllable or jamo).

    >>> has_hangul("토큰화 (Tokenization)"), has_hangul("ㅋ"), has_hangul("Tokenization")
    (True, True, False)
    """
    return HANGUL_RE.search(text) is not None


def is_hangul_syllable(ch: str) -> bool:
    """Whether ``ch`` is one precomposed Hangul syllable (``가``-``힣``).

    >>> is_hangul_syllable("한"), is_hangul_syllable("ㅎ"), is_hangul_syllable("a")
    (True, False, False)
    """
    return "\uac00" <= ch <= "\ud7a3"


def may_hold_cjk(line: str) -> bool:
    """A fast test: whether ``line`` holds any character from U+1100 to U+9FFF or from U+AC00
    on (jamo, CJK, Kana, Hangul and the rest of the BMP above them), where a CP949 reading can
    show up; a line without one has nothing double-byte to undo.

    >>> may_hold_cjk("plain ASCII"), may_hold_cjk("café"), may_hold_cjk("臾몄꽌")
    (False, False, True)
    """
    return not line.isascii() and any("\u1100" <= c <= "\u9fff" or c >= "\uac00" for c in line)


# --- heading id markers ----------------------------------------------------------------------

TRAILING_ID_RE = re.compile(
    r"\s*(?:\[\[(?P<marker>[^\[\]\s]+)\]\]|\{\s*#(?P<attr>[\w:.\-]+)[^{}]*\})\s*$"
)
"""An explicit id at the end of a heading: ``[[id]]`` or ``{#id .class key=value}``."""


def split_trailing_ids(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without its trailing id markers, and the ids in the order written.

    >>> split_trailing_ids("1.2. Neural Models {#neural} [[nm]]")
    ('1.2. Neural Models', ('neural', 'nm'))
    >>> split_trailing_ids("Costs [[a b]]")
    ('Costs [[a b]]', ())
    """
    ids: list[str] = []
    while match := TRAILING_ID_RE.search(text):
        ids.insert(0, match.group("marker") or match.group("attr"))
        text = text[: match.start()]
    return text, tuple(ids)


def strip_trailing_ids(text: str) -> str:
    """``text`` without the id markers at its end (surrounding text kept as written).

    >>> strip_trailing_ids("Tokenization {#tok}")
    'Tokenization'
    """
    return split_trailing_ids(text)[0]


MDX_ID_RE = re.compile(r"\{/\*\s*([A-Za-z0-9][\w:.\-]*)\s*\*/\}\s*$")
"""An MDX comment holding only an id at the end of a heading's source: ``{/*try-react*/}``."""


def mdx_heading_ids(raw: str) -> tuple[str, ...]:
    """The id a heading's source gives itself in an MDX comment at its end, the way react.dev
    and its translations write explicit ids (the comment is not shown; the site uses it as
    the anchor, kept in English by every translation). A comment of words is a comment.

    >>> mdx_heading_ids("React 시도하기 {/*try-react*/}"), mdx_heading_ids("A {/* to do */}")
    (('try-react',), ())
    """
    if "{/*" not in raw:
        return ()
    match = MDX_ID_RE.search(raw)
    return (match.group(1),) if match else ()


# --- merge conflict markers ------------------------------------------------------------------

_CONFLICT_START_RE = re.compile(r"<{7}(?: |$)")
_CONFLICT_BASE_RE = re.compile(r"\|{7}(?: |$)")
_CONFLICT_MIDDLE_RE = re.compile(r"={7}$")
_CONFLICT_END_RE = re.compile(r">{7}(?: |$)")
_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})")


def blank_conflict_markers(text: str) -> str:
    r"""``text`` with the marker lines of each complete merge conflict made empty (outside
    fenced code), so the parser reads the two versions as the paragraphs they are: git's
    ``=======`` under a line would otherwise underline it as a heading, and ``>>>>>>> sha``
    is a nested quotation. Line numbers are kept; the ``merge-conflict`` rule reads the
    document's own lines and still reports the conflict.

    >>> blank_conflict_markers("<<<<<<< HEAD\n한국어\n=======\nEnglish\n>>>>>>> main\n")
    '\n한국어\n\nEnglish\n\n'
    >>> blank_conflict_markers("Title\n=======\n")
    'Title\n=======\n'
    """
    if "<<<<<<<" not in text:
        return text
    lines = text.split("\n")
    fence = ""
    marks: list[int] = []  # the start line, a diff3 base line, then the middle line
    middle = False
    blank: list[int] = []
    for number, raw in enumerate(lines):
        line = raw.rstrip()
        opener = _FENCE_RE.match(line)
        if fence:
            closing = (
                opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence)
            )
            if closing and not line[opener.end() :].strip():  # type: ignore[union-attr]
                fence = ""
        elif opener:
            fence = opener.group(1)
        elif _CONFLICT_START_RE.match(line):
            marks, middle = [number], False
        elif marks and not middle and _CONFLICT_BASE_RE.match(line):
            marks.append(number)
        elif marks and not middle and _CONFLICT_MIDDLE_RE.match(line):
            marks.append(number)
            middle = True
        elif middle and _CONFLICT_END_RE.match(line):
            blank.extend((*marks, number))
            marks, middle = [], False
    for number in blank:
        lines[number] = ""
    return "\n".join(lines)


# --- HTML images -----------------------------------------------------------------------------

IMG_SRC_RE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']*)["']""", re.I)
"""An ``<img>`` tag up to its quoted ``src`` (group 1), as raw HTML in Markdown writes it."""

IMG_TAG_RE = re.compile(IMG_SRC_RE.pattern + r"[^>]*>", re.I)
"""A whole ``<img ... src="..." ...>`` tag; group 1 is its ``src``."""


def img_sources(html: str) -> list[str]:
    """The ``src`` of every ``<img>`` in a fragment of raw HTML, as written.

    >>> img_sources('<p><IMG alt="a" src="img/a.png"> <img src=\\'b.png\\'/></p>')
    ['img/a.png', 'b.png']
    """
    return IMG_SRC_RE.findall(html)


# --- section geometry ------------------------------------------------------------------------


def own_end(section: Section) -> int:
    """Last line of the section's own content: before its first subsection, or its end."""
    if section.children:
        return max(section.heading_end, section.children[0].line - 1)
    return section.end_line


def own_lines(doc: Document, section: Section) -> list[str]:
    """The source lines of the section's own content (heading and subsections excluded)."""
    return doc.lines[section.heading_end : own_end(section)]


def parent_map(doc: Document) -> dict[int, Section]:
    """Section index -> parent section (top-level sections have no entry)."""
    out: dict[int, Section] = {}
    for section in doc.walk():
        for child in section.children:
            out[child.index] = section
    return out
