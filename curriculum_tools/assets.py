"""The one link and asset resolver: where a link or image of a document leads.

Every consumer asks the same question the same way (HTML, LaTeX and Anki exporters; the
``missing-image``, ``broken-link`` and ``broken-anchor`` rules)::

    index = LinkIndex.of(corpus)            # once per run (anchors are cached per index)
    target = resolve("../unit1/tools#setup", doc, index)
    target.kind        # "document" | "file" | "self" | "remote" | "site" | "missing" | "outside"
    target.path        # the file on disk, target.doc the parsed Document when loaded
    target.anchor, target.anchor_found
    target.fallback_lang  # "en": a Korean page's link led to the English page

Forms understood: ``tools``, ``tools.md``/``.mdx``, ``tools.html`` (mdBook/doc-builder output
names, ``ch04-01-what-is-ownership.html#slug``), ``tools/`` (folder: ``index.md``,
``README.md`` or ``tools.md``), ``../x``, ``/x`` (from the source root, the language folder,
then the project root), ``#anchor`` (same document), percent-escapes.

Verdicts: a path into a folder the project does not have (``/images/x.png`` with no ``images``
folder, mdBook's ``../std/index.html`` beside the book) is ``site``: it depends on where the
site is published, so it is neither found nor broken. A path that leaves the project is
``outside`` whether or not it exists (no exporter copies or reads it). A document of the
target language whose link finds nothing in its own language folder falls back to the same
path in the source language (``fallback_lang``). Pure: reads only the file system.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote

from .errors import InputError
from .io import MARKDOWN_SUFFIXES, read_bytes
from .syntax.kumascript import definition_terms, is_mdn_page, underscore_slug

if TYPE_CHECKING:
    from .model import Document
    from .project import Corpus

Kind = Literal["document", "file", "self", "remote", "site", "missing", "outside"]
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HTML_ANCHOR_RE = re.compile(r"""<[a-zA-Z][^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']""")
_DOC_SUFFIXES = tuple(MARKDOWN_SUFFIXES)


@dataclass(frozen=True, slots=True)
class Target:
    """Where one link leads (see the module docstring)."""

    kind: Kind
    url: str
    path: Path | None = None
    doc: Document | None = None
    anchor: str = ""
    anchor_found: bool | None = None
    """None when there is no anchor or the target cannot have one (an image, a remote page)."""
    fallback_lang: str | None = None

    @property
    def broken(self) -> bool:
        """Leads nowhere: a missing file, or an anchor the target does not have."""
        return self.kind == "missing" or self.anchor_found is False


_RECORDING: list[set[str]] = []


def touch(path: Path | str) -> None:
    """Note that the resolver looked at ``path`` (what it found there decides a verdict)."""
    if _RECORDING:
        _RECORDING[-1].add(os.path.abspath(path))


@contextlib.contextmanager
def recording() -> Iterator[set[str]]:
    """Collect every path the resolver looks at while the block runs (absolute, unresolved):
    the lint cache keys a pair's findings on what these held (:mod:`.lint_cache`)."""
    seen: set[str] = set()
    _RECORDING.append(seen)
    try:
        yield seen
    finally:
        _RECORDING.pop()


class LinkIndex:
    """The documents of a run and the project's limits, with per-index anchor caches."""

    def __init__(
        self,
        documents: Iterable[Document],
        root: Path,
        languages: Sequence[str] = ("en", "ko"),
        real: Callable[[Path], Path] = Path.resolve,
    ) -> None:
        """``real`` resolves the documents' paths (a run's memo: ``Corpus.real``)."""
        self.root = root.resolve()
        self.languages = tuple(languages)
        self.by_path: dict[Path, Document] = {}
        self._real: dict[Path, Path] = {}
        for doc in documents:
            resolved = self._real[doc.path] = real(doc.path)  # remembered: its links ask again
            self.by_path[resolved] = doc
        self._anchors: dict[Path, frozenset[str]] = {}
        self._targets: dict[tuple[str, Path, str, str], tuple[Target, tuple[str, ...]]] = {}
        self._folders: dict[Path, bool] = {}
        self._files: dict[Path, tuple[str, ...] | str] = {}

    @classmethod
    def of(cls, corpus: Corpus) -> LinkIndex:
        return cls(corpus.documents, corpus.config.root, corpus.config.languages, corpus.real)

    def real(self, path: Path) -> Path:
        """``path.resolve()``, once per path and index (a page may hold thousands of links)."""
        found = self._real.get(path)
        if found is None:
            found = self._real[path] = path.resolve()
        return found

    def file_lines(self, path: Path) -> tuple[str, ...] | str:
        """An included file's lines, read once per index through the one bounded reader
        (regular files only, at most the size limit); or why it cannot be read."""
        real = self.real(path)
        found = self._files.get(real)
        if found is None:
            try:
                found = tuple(read_bytes(real).decode("utf-8").splitlines())
            except InputError as exc:
                found = exc.reason
            except UnicodeDecodeError as exc:
                found = f"cannot read: {exc}"
            self._files[real] = found
        return found

    def is_folder(self, path: Path) -> bool:
        """``path.is_dir()``, once per folder and index (thousands of links share a few)."""
        touch(path)
        found = self._folders.get(path)
        if found is None:
            found = self._folders[path] = path.is_dir()
        return found

    def anchors(self, path: Path, doc: Document | None = None) -> frozenset[str]:
        """Anchors of the document at ``path`` (``doc`` itself, a loaded one, else parsed from
        disk once per index: a new run never sees stale anchors)."""
        touch(path)
        if path not in self._anchors:
            doc = doc or self.by_path.get(path)
            if doc is None:
                from .errors import CtoolsError
                from .parse import parse_file

                try:
                    doc = parse_file(path)
                except (CtoolsError, OSError, RecursionError):
                    self._anchors[path] = frozenset()
                    return self._anchors[path]
            self._anchors[path] = document_anchors(doc)
        return self._anchors[path]


def document_anchors(doc: Document) -> frozenset[str]:
    """Every fragment a link may point to: heading slugs, explicit ids, HTML ``id``/``name``,
    and ``api:Name`` for each ``[[autodoc]] pkg.Name`` (doc-builder makes an anchor for the
    object and each of its members: ``#pkg.Name.method``, members unknown to us). A heading
    slug with ``_`` also stands without them: doc-builder keeps only letters, digits and
    hyphens (``## HF_HOME`` is ``#hfhome`` there, ``#hf_home`` on GitHub). MDN's ids stand
    too: ``#for...of_statement`` for ``## for...of statement``, ``#auto`` for the term of a
    definition list ``- `auto``` (:mod:`curriculum_tools.syntax.kumascript`)."""
    names = set(doc.anchors) | set(_HTML_ANCHOR_RE.findall(doc.text))
    names |= {s.slug.replace("_", "") for s in doc.walk() if "_" in s.slug}
    if is_mdn_page(doc.front_matter, doc.text):
        names |= {underscore_slug(f"{s.number or ''} {s.title}") for s in doc.walk()}
        names |= {underscore_slug(term) for term in definition_terms(doc.text)}
    if re.search(r"^[ \t]*(?:>[ \t]*)+#", doc.text, re.M) or "<" in doc.text:
        names |= _nested_heading_anchors(doc)
    for comp in doc.components():
        target = comp.attr("target") if comp.kind == "autodoc" else None
        if isinstance(target, str) and target:
            names.add("api:" + target.rsplit(".", 1)[-1])
    return frozenset(names)


def source_root(doc: Document, resolved: Path | None = None) -> Path | None:
    """The folder holding the document's language folder (``<root>/<lang>/<rel>``);
    ``resolved`` is ``doc.path.resolve()`` when the caller has it."""
    if not doc.rel:
        return None
    path = resolved or doc.path.resolve()
    depth = len(Path(doc.rel).parts)
    if len(path.parents) <= depth:
        return None
    return path.parents[depth]


@functools.lru_cache(maxsize=64)
def _lowered(anchors: frozenset[str]) -> frozenset[str]:
    """The anchors in lower case, once per anchor set (not once per link: a page with
    thousands of links into thousands of headings)."""
    return frozenset(a.lower() for a in anchors)


def _inside(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _candidates(path: Path, raw: str) -> list[Path]:
    """Files a written link may mean, most literal first."""
    name = path.name
    suffix = path.suffix.lower()
    if raw.endswith("/"):
        return [path / f"index{s}" for s in _DOC_SUFFIXES] + [
            path / "README.md",
            *(path.with_name(name + s) for s in _DOC_SUFFIXES),
        ]
    out = [path]
    if suffix in (".html", ".htm"):
        stem = path.with_suffix("")
        out += [stem.with_name(stem.name + s) for s in _DOC_SUFFIXES]
        if stem.name == "index":
            out.append(stem.parent / "README.md")
    elif suffix not in _DOC_SUFFIXES:
        out += [path.with_name(name + s) for s in _DOC_SUFFIXES]
        out += [path / f"index{s}" for s in _DOC_SUFFIXES] + [path / "README.md"]
    return out


def _all_candidates(bases: Iterable[Path], raw: str, index: LinkIndex) -> Iterator[Path]:
    """The candidates of each base path whose folder exists (a file in a missing folder, or
    below it, cannot exist: a missing image costs one cached look-up, not eight)."""
    for base in bases:
        if index.is_folder(base.parent):
            yield from _candidates(base, raw)


def _find(paths: Iterable[Path], index: LinkIndex) -> Path | None:
    for candidate in paths:
        touch(candidate)
        if candidate in index.by_path or candidate.is_file():
            return candidate
    return None


def _nested_heading_anchors(doc: Document) -> frozenset[str]:
    """Slugs and ids of headings inside block quotes, lists and components (see
    :func:`curriculum_tools.parse.nested_heading_anchors`; stored by the parser)."""
    if doc.nested_anchors is not None:
        return doc.nested_anchors
    from .parse import nested_heading_anchors

    return nested_heading_anchors(doc.tokens)


def resolve(link: str, from_doc: Document, index: LinkIndex) -> Target:
    """Where ``link`` (an href or image src as written in ``from_doc``) leads (once per link,
    document and index: a document rendered twice, alone and in a book, asks twice)."""
    key = (link, from_doc.path, from_doc.rel, from_doc.lang)
    hit = index._targets.get(key)
    if hit is None:
        with recording() as seen:
            target = _resolve(link, from_doc, index)
        hit = index._targets[key] = (target, tuple(seen))
    if _RECORDING:  # a cached verdict still depends on what was looked at to reach it
        _RECORDING[-1].update(hit[1])
    return hit[0]


def _resolve(link: str, from_doc: Document, index: LinkIndex) -> Target:
    url = link.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    if not url or url.startswith("#"):
        anchor = unquote(url[1:])
        here = (
            _has_anchor(index.anchors(index.real(from_doc.path), from_doc), anchor)
            if anchor
            else None
        )
        return Target("self", link, from_doc.path, from_doc, anchor, here)
    if url.startswith("//") or (_SCHEME_RE.match(url) and not re.match(r"^[A-Za-z]:[\\/]", url)):
        return Target("remote", link)
    address, _, fragment = url.partition("#")
    address = address.partition("?")[0]
    raw = unquote(address)
    anchor = unquote(fragment)
    real = index.real(from_doc.path)
    src_root = source_root(from_doc, real)
    roots = [index.root] + ([src_root] if src_root else [])
    lang_dir = src_root / from_doc.lang if src_root and from_doc.lang else None
    if raw.startswith("/"):
        bases = [b for b in (src_root, lang_dir, index.root) if b is not None]
        rest = raw.lstrip("/")
        edition, _, below = rest.partition("/")
        if below and src_root is not None and edition in index.languages:
            # ``/ko/docs/x`` (Hugo, Docusaurus, MDN): the page ``/docs/x`` of the Korean
            # edition of the site, looked up from the Korean folder like ``/docs/x`` from ours
            bases, rest = [src_root / edition], below
        first = rest.split("/", 1)[0]
        for base in bases:
            touch(base / first)
        if not any((b / first).exists() for b in bases) or _site_route(raw, src_root, index):
            return Target("site", link, anchor=anchor)  # into no folder we have: unjudgeable
        joined = [Path(os.path.normpath(b / rest)) for b in bases]
    else:
        joined = [Path(os.path.normpath(real.parent / raw))]
    if not any(_inside(p, roots) for p in joined):
        return Target("outside", link, joined[0], anchor=anchor)
    joined = [p for p in joined if _inside(p, roots)]
    fallback: str | None = None
    found = _find(_all_candidates(joined, raw, index), index)
    if found is None and src_root is not None and from_doc.lang in index.languages[1:]:
        source_lang = index.languages[0]
        swapped = [
            src_root / source_lang / p.relative_to(lang_dir)
            for p in joined
            if lang_dir is not None and _inside(p, [lang_dir])
        ]
        found = _find(_all_candidates(swapped, raw, index), index)
        fallback = source_lang if found is not None else None
    if found is None:
        if not any(_enters_a_folder_of_ours(p, src_root or index.root, index) for p in joined):
            return Target("site", link, joined[0], anchor=anchor)
        return Target("missing", link, joined[0], anchor=anchor)
    if found.suffix.lower() not in _DOC_SUFFIXES:
        return Target("file", link, found, anchor=anchor, fallback_lang=fallback)
    doc = index.by_path.get(found)
    has = _has_anchor(index.anchors(found), anchor) if anchor else None
    return Target("document", link, found, doc, anchor, has, fallback)


def _site_route(raw: str, src_root: Path | None, index: LinkIndex) -> bool:
    """``/ko/docs/Web/...``: a site path that starts with a language code we have as a folder
    but goes on into a folder none of our language folders has (MDN's ``/<locale>/docs/``
    routes): a page of the published site, not a file of ours."""
    parts = raw.strip("/").split("/")
    if len(parts) < 3 or src_root is None or parts[0] not in index.languages:
        return False
    return not any(index.is_folder(src_root / lang / parts[1]) for lang in index.languages)


def _enters_a_folder_of_ours(path: Path, root: Path, index: LinkIndex) -> bool:
    """True when ``path`` lies in a folder that exists below ``root`` (``en/...``), False for a
    path into a sibling site we do not have (mdBook's ``../std/index.html``)."""
    if not _inside(path, [root]) or path == root:
        return False
    first = root / path.relative_to(root).parts[0]
    return index.is_folder(first) or len(path.relative_to(root).parts) == 1


def _has_anchor(anchors: frozenset[str], anchor: str) -> bool:
    if anchor in anchors or anchor.lower() in _lowered(anchors):
        return True
    return "." in anchor and any("api:" + part in anchors for part in anchor.split("."))
