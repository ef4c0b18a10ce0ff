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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote

from .errors import InputError
from .io import MARKDOWN_SUFFIXES, read_bytes

if TYPE_CHECKING:
    from .model import Document
    from .project import Corpus

Kind = Literal["document", "file", "self", "remote", "site", "missing", "outside"]
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HTML_ANCHOR_RE = re.compile(r"""<[a-zA-Z][^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']""")
_DOC_SUFFIXES = tuple(MARKDOWN_SUFFIXES)
_ANCHOR_RE = re.compile(r"\bANCHOR(_END)?:\s*([\w-]+)")


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
    ) -> None:
        self.root = root.resolve()
        self.languages = tuple(languages)
        self.by_path: dict[Path, Document] = {}
        for doc in documents:
            self.by_path[doc.path.resolve()] = doc
        self._anchors: dict[Path, frozenset[str]] = {}
        self._real: dict[Path, Path] = {}
        self._targets: dict[tuple[str, Path, str, str], tuple[Target, tuple[str, ...]]] = {}
        self._folders: dict[Path, bool] = {}
        self._files: dict[Path, tuple[str, ...] | str] = {}

    @classmethod
    def of(cls, corpus: Corpus) -> LinkIndex:
        return cls(corpus.documents, corpus.config.root, corpus.config.languages)

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
    object and each of its members: ``#pkg.Name.method``, members unknown to us)."""
    names = set(doc.anchors) | set(_HTML_ANCHOR_RE.findall(doc.text))
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
        first = raw.lstrip("/").split("/", 1)[0]
        for base in bases:
            touch(base / first)
        if not any((b / first).exists() for b in bases):
            return Target("site", link, anchor=anchor)  # into no folder we have: unjudgeable
        joined = [Path(os.path.normpath(b / raw.lstrip("/"))) for b in bases]
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


@dataclass(frozen=True, slots=True)
class Include:
    """An mdBook ``{{#include path:anchor}}``: the lines it stands for, or why there are none."""

    path: str
    anchor: str
    lines: tuple[str, ...] | None
    """None when the file is outside the project, missing, or has no such anchor."""
    reason: str = ""


def read_include(path: str, anchor: str, from_doc: Document, index: LinkIndex) -> Include:
    """The lines an include directive means (mdBook rules: ``:name`` is the text between
    ``ANCHOR: name`` and ``ANCHOR_END: name``; ``:3:9``, ``:3:``, ``::9`` and ``:3`` are
    1-based line ranges; other ``ANCHOR`` marker lines are dropped). Uncharged: exporters
    splice through a :class:`Splicer`."""
    return _read(path, anchor, from_doc, index)[0]


def _read(
    path: str, anchor: str, from_doc: Document, index: LinkIndex
) -> tuple[Include, Path | None, tuple[str, ...]]:
    """:func:`read_include`, the file it read and all its lines (None and ``()``: none)."""
    target = resolve(path, from_doc, index)
    if target.kind == "outside":
        return Include(path, anchor, None, "outside the project"), None, ()
    if target.kind not in ("file", "document") or target.path is None:
        return Include(path, anchor, None, "file not found"), None, ()
    found = index.file_lines(target.path)
    if isinstance(found, str):
        return Include(path, anchor, None, found), None, ()
    chosen = _select(list(found), anchor)
    if chosen is None:
        return Include(path, anchor, None, f"no anchor `{anchor}`"), None, ()
    kept = tuple(ln for ln in chosen if not _ANCHOR_RE.search(ln))
    return Include(path, anchor, kept), index.real(target.path), found


SPLICES = 2
"""How many times a rendering may splice the code of the files it includes (whole, then in
parts); the cost of an export stays proportional to the bytes it reads."""


class Splicer:
    """The includes of one rendering of one document, spliced within a cost budget.

    A page that names one large file a thousand times would cost its export a thousand times
    its input (and write as much). Every splice is charged what the same code costs written
    in a fence (:func:`.budget.code_micros`); a rendering may splice :data:`SPLICES` times the
    code of the distinct files it reads (the mdBook way: a listing whole, then piece by piece),
    and any page :data:`~.budget.FLOOR_MICROS` of it. A splice over that is not made: the
    exporter shows its placeholder, and :attr:`refused` names the document and the line of the
    first include left out (the command then exits 2, as for any refused input)."""

    def __init__(self, doc: Document, index: LinkIndex, refused: list[str]) -> None:
        self.doc = doc
        self.index = index
        self.refused = refused
        """Where refusals go (``path:line: message``), shared by the renderings of a run."""
        self._files: dict[Path, float] = {}
        self._spent = 0.0
        self._seen: dict[str, int] = {}
        self._over = False

    def read(self, path: str, anchor: str, source: str = "") -> Include:
        """The include's lines, charged; None lines (and a refusal) when over the budget."""
        from .budget import FLOOR_MICROS, code_micros

        directive = source or f"{{{{#include {path}}}}}"
        nth = self._seen[directive] = self._seen.get(directive, -1) + 1
        got, file, whole = _read(path, anchor, self.doc, self.index)
        if got.lines is None or file is None:
            return got
        if file not in self._files:  # a file read twice (or named two ways) earns no more
            self._files[file] = code_micros(whole)
        cost = code_micros(got.lines)
        allowed = max(FLOOR_MICROS, SPLICES * sum(self._files.values()))
        if self._spent + cost > allowed:
            if not self._over:  # said once per rendering: the first include left out
                self._over = True
                self.refused.append(
                    f"{self.doc.path}:{self._line(directive, nth)}: `{directive}` and the "
                    f"includes after it over the budget not spliced: this document would splice "
                    f"about {(self._spent + cost) / 1e6:.1f} s of code, more than {SPLICES} "
                    f"times the code of the files it includes ({allowed / 1e6:.2f} s)"
                )
            return Include(path, anchor, None, "over the cost budget of this document")
        self._spent += cost
        return got

    def expand_fence(self, content: str, includes: list[dict[str, object]]) -> str:
        """A fence's code with each include line replaced by the included lines, or by a
        one-line placeholder naming the path (``(not included: path: reason)``)."""
        lines = content.split("\n")
        by_line = {int(str(item["line"])): item for item in includes}
        out: list[str] = []
        for number, line in enumerate(lines):
            item = by_line.get(number)
            if item is None:
                out.append(line)
                continue
            source = str(item["source"])
            got = self.read(str(item["path"]), str(item["anchor"]), source)
            if got.lines is None:
                out.append(line.replace(source, f"(not included: {got.path}: {got.reason})"))
            else:
                out.extend(got.lines)
        return "\n".join(out)

    def _line(self, directive: str, nth: int) -> int:
        """The line of the ``nth`` occurrence (from 0) of ``directive`` in the document's
        source (a rendering splices in document order); 1 when it is not found."""
        at = -1
        for _ in range(nth + 1):
            at = self.doc.text.find(directive, at + 1)
            if at < 0:
                return 1
        return self.doc.text.count("\n", 0, at) + 1


def _select(lines: list[str], anchor: str) -> list[str] | None:
    if not anchor:
        return lines
    parts = anchor.split(":")
    if all(p.isdigit() or not p for p in parts) and len(parts) <= 2:
        first = int(parts[0]) if parts[0] else 1
        last = (
            int(parts[1])
            if len(parts) == 2 and parts[1]
            else (first if len(parts) == 1 else len(lines))
        )
        return lines[max(first, 1) - 1 : last]
    out: list[str] | None = None
    for line in lines:
        match = _ANCHOR_RE.search(line)
        if match and match.group(2) == anchor:
            if match.group(1):
                return out if out is not None else []
            out = []
            continue
        if out is not None:
            out.append(line)
    return out
