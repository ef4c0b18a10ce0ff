"""The pure part of the LaTeX export: the parsed model -> one :class:`TexUnit` per ``.tex``.

A unit carries its template's typed context (:class:`DocumentContext` for
``document.tex.j2``, :class:`BilingualContext` for ``bilingual.tex.j2``), its side files
(code blocks), the images to copy and the warnings met. Given an image lookup, building the
units reads nothing and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypedDict

from ...syntax.hugo import shown_heading
from ...text import strip_trailing_ids
from .escape import latex_escape, latex_text
from .images import ImageLookup, find_image
from .renderer import LatexRenderer
from .settings import LatexSettings, fonts

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ...assets import LinkIndex
    from ...model import Document, DocumentPair, Section
    from ...project import Corpus

_HEADING_COMMANDS = ("section", "subsection", "subsubsection", "paragraph", "subparagraph")


class SectionItem(TypedDict):
    """One section as the templates show it (every text already LaTeX)."""

    level: int
    """Heading level after the title shift (0: the document title)."""
    command: str
    anchor: str
    heading: str
    bookmark: str
    bookmark_level: int
    marker: str
    body: str
    number: str


class BodyOnly(TypedDict):
    """A side of a bilingual row that is not a heading (the preamble, or a missing side)."""

    body: str


class BilingualRow(TypedDict, total=False):
    """One row of the bilingual edition: English then Korean."""

    heading: bool
    level: int
    command: str
    bookmark: str
    bookmark_level: int
    match: str
    moved: bool
    en: SectionItem | BodyOnly | None
    ko: SectionItem | BodyOnly | None


class DocumentContext(TypedDict):
    """The context of ``document.tex.j2`` (and ``preamble.tex.j2``)."""

    lang: str
    babel_lang: str
    source: str
    title: str
    pdf_title: str
    preamble: str
    sections: list[SectionItem]
    answers: str
    fonts: dict[str, str]
    paper: str


class BilingualContext(TypedDict):
    """The context of ``bilingual.tex.j2``."""

    lang: str
    source: str
    title_en: str
    title_ko: str
    pdf_title: str
    rows: list[BilingualRow]
    answers: str
    fonts: dict[str, str]
    paper: str


@dataclass(frozen=True, slots=True)
class UnitOptions:
    """What every unit of one export is built with (the same for documents, pairs and books)."""

    images: ImageLookup = find_image
    """Image reference -> file to copy (the shared asset resolver by default)."""
    settings: LatexSettings = field(default_factory=LatexSettings)
    display: Callable[[Path], str] = str
    """How a Markdown path is shown in markers and warnings."""
    links: LinkIndex | None = None
    """The one link resolver's index (links to other documents and their sections)."""


@dataclass(slots=True)
class TexUnit:
    """One ``.tex`` file to write: its template, context and side files."""

    tex: str
    """Output path relative to the export folder (``en/curriculum.tex``)."""
    template: str
    context: Mapping[str, Any]
    """A :class:`DocumentContext` or :class:`BilingualContext`."""
    assets: dict[str, str] = field(default_factory=dict)
    """Side text files (code blocks), relative to the ``.tex`` folder -> content."""
    copies: dict[str, Path] = field(default_factory=dict)
    """Images to copy, relative to the ``.tex`` folder -> source file."""
    code_origin: dict[str, list[tuple[int, str, int]]] = field(default_factory=dict)
    """Code file name -> its blocks in order: (first line in the file, Markdown display path,
    Markdown line of the block's first content line)."""
    sources: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    """``path:line`` of each remote image (shown as a link, never downloaded)."""
    refused: list[str] = field(default_factory=list)
    """Includes not spliced, over their document's cost budget (the export exits 2)."""


def heading_command(level: int) -> str:
    """The unnumbered sectioning command for a (shifted) Markdown heading level, 1-based."""
    return _HEADING_COMMANDS[min(max(level, 1), len(_HEADING_COMMANDS)) - 1]


def _blocks_by_section(
    doc: Document,
) -> tuple[list[Token], dict[int, list[Token]], dict[int, Token]]:
    """Slice the document's one token stream (:attr:`Document.tokens`, parsed once with its
    shared ``env``): preamble tokens, each section's own tokens, its heading's inline token."""
    tokens = doc.tokens
    start, stop = doc.preamble_tokens
    preamble = [t for t in tokens[start:stop] if t.type != "front_matter"]
    own: dict[int, list[Token]] = {}
    heads: dict[int, Token] = {}
    for section in doc.walk():
        first = section.tokens[0]
        if first + 1 < len(tokens) and tokens[first].type == "heading_open":
            heads[section.index] = tokens[first + 1]
            first += 3
        own[section.index] = list(tokens[first : section.own_tokens])
    return preamble, own, heads


def _heading_tex(renderer: LatexRenderer, section: Section, inline: Token | None) -> str:
    if inline is None:
        return latex_text(section.heading)
    children = list(inline.children or [])
    while children and children[-1].type == "text":
        stripped = strip_trailing_ids(children[-1].content)
        if stripped == children[-1].content:
            break
        clone = children[-1].copy()
        clone.content = stripped
        children[-1] = clone
    return renderer.inline(children, section.line).strip()


def _title_shift(doc: Document) -> int:
    """1 when the document opens with its only level-1 heading (shown as the title)."""
    flat = doc.walk()
    ones = [s for s in flat if s.level == 1]
    return 1 if flat and len(ones) == 1 and flat[0] is ones[0] else 0


@dataclass(slots=True)
class _DocParts:
    preamble: str
    sections: list[SectionItem]
    title_heading: str | None
    by_index: dict[int, SectionItem]
    answers: str = ""
    """The document's quiz answers (LaTeX), shown at its end."""


def render_parts(
    unit: TexUnit,
    doc: Document,
    *,
    prefix: str,
    asset_dir: str,
    options: UnitOptions,
    max_depth: int,
    cross: Callable[[str], str | None] | None = None,
) -> _DocParts:
    renderer = LatexRenderer(
        unit,
        doc,
        anchor_prefix=prefix,
        asset_dir=asset_dir,
        images=options.images,
        settings=options.settings,
        display=options.display(doc.path),
        max_depth=max_depth,
        links=options.links,
        cross=cross,
    )
    pre_tokens, own, heads = _blocks_by_section(doc)
    shift = _title_shift(doc)
    sections: list[SectionItem] = []
    by_index: dict[int, SectionItem] = {}
    title_heading = None
    bookmark_level = 0
    for section in doc.walk():
        heading = _heading_tex(renderer, section, heads.get(section.index))
        level = section.level - shift
        if level == 0:
            title_heading = heading
        bookmark_level = max(0, min(level, bookmark_level + 1))
        item: SectionItem = {
            "level": level,
            "command": heading_command(level),
            "anchor": renderer.anchor(section),
            "heading": heading,
            "bookmark": latex_escape(shown_heading(section.raw_title, section.heading, doc.lang)),
            "bookmark_level": bookmark_level,
            "marker": renderer.marker(section.line, section.heading_end).rstrip("\n"),
            "body": renderer.render(own.get(section.index, [])).strip("\n"),
            "number": section.number or "",
        }
        sections.append(item)
        by_index[section.index] = item
    preamble = renderer.render(pre_tokens).strip("\n")
    answers = renderer.components.answers()
    return _DocParts(preamble, sections, title_heading, by_index, answers)


def stem_of(doc: Document) -> str:
    rel = doc.rel or doc.path.name
    stem = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
    parts = [re.sub(r"[^\w.\-]+", "-", p).strip(".-") or "doc" for p in stem.split("/")]
    return "/".join(parts)


def build_document_context(
    doc: Document,
    tex: str,
    options: UnitOptions | None = None,
) -> TexUnit:
    """The unit for one document in one language (pure, given ``options.images``)."""
    options = options or UnitOptions()
    unit = TexUnit(tex=tex, template="document.tex.j2", context={}, sources=[doc])
    stem = PurePosixPath(tex).stem
    parts = render_parts(
        unit,
        doc,
        prefix=f"{doc.lang or 'doc'}.",
        asset_dir=f"{stem}-files",
        options=options,
        max_depth=5,
    )
    sections = parts.sections
    if parts.title_heading is not None:
        sections = sections[1:]
        first_body = parts.sections[0]["body"]
        preamble = "\n\n".join(p for p in (parts.preamble, first_body) if p)
        title = parts.title_heading
    else:
        preamble = parts.preamble
        fm_title = doc.front_matter.get("title")
        title = (
            latex_text(fm_title.strip()) if isinstance(fm_title, str) and fm_title.strip() else ""
        )
    context: DocumentContext = {
        "lang": doc.lang,
        "babel_lang": "korean" if doc.lang == "ko" else "english",
        "source": options.display(doc.path),
        "title": title,
        "pdf_title": doc.title,
        "preamble": preamble,
        "sections": sections,
        "answers": parts.answers,
        "fonts": fonts(options.settings),
        "paper": options.settings.paper,
    }
    unit.context = context
    return unit


def build_bilingual_context(
    pair: DocumentPair,
    tex: str,
    options: UnitOptions | None = None,
) -> TexUnit:
    """The bilingual unit of a pair: aligned sections, English then Korean, row by row."""
    assert pair.en is not None and pair.ko is not None
    options = options or UnitOptions()
    unit = TexUnit(tex=tex, template="bilingual.tex.j2", context={}, sources=[pair.en, pair.ko])
    stem = PurePosixPath(tex).stem
    parts = [
        render_parts(
            unit,
            doc,
            prefix=f"{side}.",
            asset_dir=f"{stem}-files",
            options=options,
            max_depth=4,
        )
        for side, doc in (("en", pair.en), ("ko", pair.ko))
    ]
    en, ko = parts
    rows: list[BilingualRow] = []
    if en.preamble or ko.preamble:
        rows.append({"heading": False, "en": {"body": en.preamble}, "ko": {"body": ko.preamble}})
    bookmark_level = 0
    for row in pair.rows:
        left = en.by_index.get(row.en.index) if row.en is not None else None
        right = ko.by_index.get(row.ko.index) if row.ko is not None else None
        ref = left or right
        assert ref is not None
        if ref["level"] == 0:  # the document title: shown by the title block, keep its text
            rows.append({"heading": False, "en": left or {"body": ""}, "ko": right or {"body": ""}})
            continue
        level = ref["level"]
        bookmark_level = max(0, min(level, bookmark_level + 1))
        rows.append(
            {
                "heading": True,
                "level": level,
                "command": heading_command(level),
                "bookmark": ref["bookmark"],
                "bookmark_level": bookmark_level,
                "match": row.match or "",
                "moved": row.moved,
                "en": left,
                "ko": right,
            }
        )
    bilingual: BilingualContext = {
        "lang": "en",
        "source": f"{options.display(pair.en.path)} + {options.display(pair.ko.path)}",
        "title_en": latex_text(pair.en.title),
        "title_ko": latex_text(pair.ko.title),
        "pdf_title": f"{pair.en.title} / {pair.ko.title}",
        "rows": rows,
        "answers": "".join(p.answers for p in parts),
        "fonts": fonts(options.settings),
        "paper": options.settings.paper,
    }
    unit.context = bilingual
    return unit


def build_context(
    corpus: Corpus,
    *,
    lang: str = "both",
    options: UnitOptions | None = None,
) -> list[TexUnit]:
    """Every unit of the export: each document (in the chosen languages), then each pair."""
    from dataclasses import replace

    from ...assets import LinkIndex

    options = options or UnitOptions()
    if options.links is None:  # the one resolver's index
        options = replace(options, links=LinkIndex.of(corpus))
    units: list[TexUnit] = []
    taken: set[str] = set()

    def name(base: str) -> str:
        candidate, n = f"{base}.tex", 1
        while candidate.casefold() in taken:  # `A.tex` and `a.tex` are one file on macOS
            n += 1
            candidate = f"{base}-{n}.tex"
        taken.add(candidate.casefold())
        return candidate

    for doc in corpus.documents:
        if lang != "both" and doc.lang != lang:
            continue
        tex = name(f"{doc.lang or 'doc'}/{stem_of(doc)}")
        units.append(build_document_context(doc, tex, options))
    if lang == "both":
        for pair in corpus.pairs:
            if pair.en is None or pair.ko is None:
                continue
            tex = name(f"bilingual/{stem_of(pair.en)}")
            units.append(build_bilingual_context(pair, tex, options))
    return units
