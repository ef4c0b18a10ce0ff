"""The shared data model: documents, sections, blocks and the facts inside them.

Every command works on these objects, produced once by :mod:`curriculum_tools.parse`.
All line numbers are 1-based and inclusive (``end_line`` is the last line that belongs
to the object), converted once from markdown-it's 0-based, end-exclusive ``token.map``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    r"""Source lines exactly as markdown-it counts them: ``\r\n``, ``\r`` and ``\n`` end a line.

    (``str.splitlines`` also breaks at ``\x0b``, ``\x0c``, ``\u2028`` ... and would disagree
    with the parser's line numbers.)

    >>> split_lines("a\r\nb\rc\u2028d\n")
    ['a', 'b', 'c\u2028d', '']
    """
    return _LINE_BREAK_RE.split(text)


def split_lines_keepends(text: str) -> list[str]:
    r"""Like :func:`split_lines`, each line keeping its own line ending (no empty last item).

    >>> split_lines_keepends("a\r\nb\rc")
    ['a\r\n', 'b\r', 'c']
    """
    out: list[str] = []
    start = 0
    for match in _LINE_BREAK_RE.finditer(text):
        out.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        out.append(text[start:])
    return out


BlockKind = Literal[
    "paragraph", "list", "table", "code", "math", "html", "blockquote", "hr", "component"
]


@dataclass(frozen=True, slots=True)
class Fact:
    """One comparable fact inside a block: a number, code span, link, image or formula."""

    value: str
    """The comparable value: digits of a number, code text, link target, image src, TeX."""
    line: int
    """Source line (1-based) where the fact starts."""
    text: str = ""
    """Human text belonging to it: a link's text, an image's alt text."""

    def __reduce__(self) -> tuple[type[Fact], tuple[str, int, str]]:
        return (Fact, (self.value, self.line, self.text))  # 3x faster to unpickle than setstate


@dataclass(frozen=True, slots=True)
class Component:
    """A JSX/MDX component, admonition or directive (see :mod:`curriculum_tools.syntax`).

    ``kind`` is its meaning from the registry (``admonition``, ``video``, ``quiz``, ``tabs``,
    ``tab``, ``listing``, ``notebook``, ``embed``, ``autodoc``, ``include``, ``container``
    or ``unknown``); ``attrs`` are typed values (str, bool, number, list, dict, or
    :class:`~curriculum_tools.syntax.jsx.Expr`); ``children`` are its Markdown children as
    blocks (empty for a self-closing tag and for components inside a paragraph or list).
    """

    name: str
    kind: str
    attrs: tuple[tuple[str, Any], ...]
    line: int
    end_line: int
    children: tuple[Block, ...] = ()
    inline: bool = False
    """True for a component inside a paragraph (its children were inline text)."""

    def attr(self, key: str, default: Any = None) -> Any:
        return next((v for k, v in self.attrs if k == key), default)

    @property
    def attr_map(self) -> dict[str, Any]:
        return dict(self.attrs)

    def texts(self) -> list[str]:
        """Reader-visible attribute text: caption, title, quiz choices and explanations."""
        from .syntax.registry import attr_texts

        return attr_texts(self.kind, dict(self.attrs))

    def __hash__(self) -> int:  # attrs may hold lists and dicts
        return hash((self.name, self.kind, self.line, self.end_line))


@dataclass(frozen=True, slots=True)
class Block:
    """A top-level block of a section (a list or a block quote is one block)."""

    kind: BlockKind
    line: int
    """First source line (1-based)."""
    end_line: int
    """Last source line (1-based, inclusive)."""
    text: str = ""
    """Prose only: inline text with code spans, URLs and math removed (for language checks)."""
    info: str = ""
    """Fenced code info string (``python``), or the html tag name for raw HTML."""
    code: str = ""
    """Code block content, raw HTML content or display math TeX."""
    items: int = 0
    """Lists: number of top-level items."""
    depth: int = 0
    """Lists: deepest nesting (1 = flat list)."""
    rows: int = 0
    """Tables: number of rows (header row included)."""
    cols: int = 0
    """Tables: number of columns of the header row."""
    numbers: tuple[Fact, ...] = ()
    code_spans: tuple[Fact, ...] = ()
    links: tuple[Fact, ...] = ()
    images: tuple[Fact, ...] = ()
    math: tuple[Fact, ...] = ()
    lines: tuple[tuple[int, str], ...] = ()
    """Prose per source line ``(line, text)``, for line-precise findings."""
    component: Component | None = None
    """Kind ``component``: the component this block is (its children are blocks inside it)."""
    components: tuple[Component, ...] = ()
    """Components met inside this block's content (inline ones, ones nested in a list...)."""
    tokens: tuple[int, int] = (0, 0)
    """``(start, stop)`` slice of :attr:`Document.tokens` this block was made from."""

    def walk(self) -> Iterator[Block]:
        """This block, then the blocks inside it (a component's children), in order."""
        yield self
        if self.component is not None:
            for child in self.component.children:
                yield from child.walk()

    def __reduce__(self) -> tuple[type[Block], tuple[Any, ...]]:
        return (Block, tuple(getattr(self, f) for f in _BLOCK_FIELDS))


_BLOCK_FIELDS = tuple(f.name for f in fields(Block))


@dataclass(slots=True, eq=False)
class Section:
    """A heading and everything up to the next heading of the same or a higher level."""

    level: int
    """Heading level, 1-6."""
    number: str | None
    """The number as written (``1.``, ``1.1.``, ``2.1``, ``3.2.1.``), or None."""
    title: str
    """Heading text without the number, the explicit id and markup."""
    slug: str
    """GitHub-compatible anchor of the heading (unique within the document)."""
    ids: tuple[str, ...]
    """Explicit ids: ``{#id}`` attributes and ``[[id]]`` markers."""
    line: int
    """Line of the heading (1-based); for setext headings, its text line."""
    end_line: int
    """Last line of the section including its subsections."""
    heading_end: int
    """Last line of the heading itself (setext headings span two lines)."""
    blocks: tuple[Block, ...] = ()
    """The section's own blocks, before its first subsection, flat: a ``component`` block is
    followed by the blocks inside it (prose in a ``<Tip>`` is prose, a fence in a
    ``<Listing>`` is code); ``block.component.children`` is the same content as a tree."""
    children: list[Section] = field(default_factory=list)
    index: int = 0
    """Position in the document's flattened (pre-order) section list."""
    raw_title: str = ""
    """The heading's inline source as written (number and markup included)."""
    tokens: tuple[int, int] = (0, 0)
    """``(start, stop)`` slice of :attr:`Document.tokens`: the heading, its blocks and its
    subsections (render it with :func:`curriculum_tools.parse.render_tokens`)."""
    own_tokens: int = 0
    """Index where its first subsection starts (``tokens[1]`` when it has none)."""

    def walk(self) -> Iterator[Section]:
        """Yield this section and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def key(self) -> str:
        """The most stable identity available: first explicit id, else number, else slug."""
        if self.ids:
            return self.ids[0]
        if self.number:
            return self.number.rstrip(".)")
        return self.slug

    @property
    def heading(self) -> str:
        """Number and title as a reader sees them."""
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline ``<!-- ctools-... -->`` comment that switches rules off or on."""

    kind: Literal["disable", "enable", "disable-next-line", "disable-line"]
    rules: tuple[str, ...]
    """Rule names; empty means every rule."""
    line: int


@dataclass(slots=True, eq=False)
class Document:
    """One parsed Markdown file."""

    path: Path
    lang: str
    text: str
    front_matter: dict[str, Any]
    front_matter_lines: tuple[int, int] | None
    """First and last line of the front matter block, if any."""
    preamble: tuple[Block, ...]
    """Blocks before the first heading (flat, like :attr:`Section.blocks`)."""
    sections: list[Section]
    """Top-level sections (the roots of the tree)."""
    directives: tuple[Directive, ...] = ()
    rel: str = ""
    """Path relative to its language folder (``guide/intro.md``), the pairing key."""
    errors: tuple[tuple[int, str], ...] = ()
    """Problems met while parsing, as ``(line, message)`` (broken front matter, ...)."""
    preamble_tokens: tuple[int, int] = (0, 0)
    """Token slice before the first heading (front matter included)."""
    syntax: tuple[tuple[str, str], ...] = ()
    """The team's component mapping the document was parsed with (to re-parse it alike)."""
    tokenizer: (
        Callable[[str, tuple[tuple[str, str], ...]], tuple[list[Any], dict[str, Any]]] | None
    ) = None
    """``curriculum_tools.parse.tokenize`` (set by the parser; pickled by reference, so the
    model never imports the parser)."""
    nested_anchors: frozenset[str] | None = None
    """Anchors of headings nested in quotes, lists and components (set by the parser, kept
    when pickled: link checks need them without re-parsing)."""
    _flat: list[Section] | None = None
    _lines: list[str] | None = None
    _tokens: list[Any] | None = None
    _env: dict[str, Any] | None = None

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the token stream (the parse cache and worker processes stay small);
        :attr:`tokens` re-parses the text on first use, with the same configuration."""
        state = {name: getattr(self, name) for name in _DOCUMENT_FIELDS}
        state["_tokens"] = state["_env"] = state["_flat"] = state["_lines"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    @property
    def tokens(self) -> list[Any]:
        """The document's one markdown-it token stream (``list[Token]``); sections and blocks
        hold ``(start, stop)`` slices of it. After unpickling it is re-parsed on first use by
        the parser that made the document (:attr:`tokenizer`), with the same configuration."""
        if self._tokens is None:
            if self.tokenizer is None:
                raise ValueError(f"{self.path}: document has no tokens (not made by the parser)")
            self._tokens, self._env = self.tokenizer(self.text, self.syntax)
        return self._tokens

    @property
    def env(self) -> dict[str, Any]:
        """The markdown-it ``env`` of the parse: reference definitions (``references``),
        footnotes ... shared by every slice rendered from :attr:`tokens`."""
        if self._env is None:
            self.tokens  # noqa: B018 - parses and sets both
        assert self._env is not None
        return self._env

    @property
    def lines(self) -> list[str]:
        """The source lines (1-based line N is ``lines[N - 1]``), split as the parser counts."""
        if self._lines is None:
            self._lines = split_lines(self.text)
        return self._lines

    def walk(self) -> list[Section]:
        """All sections in document (pre-order) order."""
        if self._flat is None:
            self._flat = [s for root in self.sections for s in root.walk()]
        return self._flat

    @property
    def doc_id(self) -> str:
        """The pairing identity: front-matter ``id`` or the relative path without suffix."""
        fm_id = self.front_matter.get("id")
        if isinstance(fm_id, str | int) and str(fm_id).strip():
            return str(fm_id).strip()
        rel = self.rel or self.path.name
        return rel.rsplit(".", 1)[0]

    @property
    def title(self) -> str:
        """Front-matter title, else the first heading, else the file name."""
        title = self.front_matter.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        flat = self.walk()
        return flat[0].heading if flat else self.path.stem

    @property
    def no_translation(self) -> bool:
        """True when front matter says ``translation: none``."""
        value = self.front_matter.get("translation")
        return value is False or (isinstance(value, str) and value.strip().lower() == "none")

    @property
    def anchors(self) -> set[str]:
        """Every fragment a link may point to: slugs and explicit ids."""
        out: set[str] = set()
        for section in self.walk():
            out.add(section.slug)
            out.update(section.ids)
        return out

    def all_blocks(self) -> Iterator[Block]:
        """Preamble blocks, then every section's blocks, in document order."""
        yield from self.preamble
        for section in self.walk():
            yield from section.blocks

    def components(self) -> Iterator[Component]:
        """Every component of the document (flow, nested and inline), in document order."""
        for block in self.all_blocks():
            if block.component is not None:
                yield block.component
            yield from block.components


_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))


Match = Literal["id", "number", "structure"]


@dataclass(frozen=True, slots=True)
class SectionPair:
    """One row of an alignment: aligned sections, or a gap on one side."""

    en: Section | None
    ko: Section | None
    match: Match | None
    """Why they were paired; None for a gap."""
    moved: bool = False
    """Paired, but out of order relative to the other pairs."""


@dataclass(slots=True, eq=False)
class DocumentPair:
    """A document and its translation (either side may be missing)."""

    en: Document | None
    ko: Document | None
    rows: list[SectionPair] = field(default_factory=list)
    how: Literal["path", "id", "anchors", "none"] = "none"
    """How the documents were paired: front-matter ``id``, relative ``path``, or shared heading
    ids (``anchors``: a renumbered or moved file)."""
