"""Find the documents a command works on, parse each once, and pair them.

A folder whose sub-folders are language codes (``en/``, ``ko/``) is a *source root*.
A file inside ``<root>/<lang>/`` belongs to that language and pairs across the root;
selecting one file of a pair still loads its counterpart.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .align import align_pair, disagree, heading_ids, pair_documents
from .config import YAML_REFUSALS, Config
from .errors import CtoolsError, shown
from .io import MARKDOWN_SUFFIXES, iter_markdown
from .model import Document, DocumentPair
from .order import CourseOrder, order_for


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be used, with why (shown to the user, never a traceback)."""

    path: Path
    line: int
    message: str
    skipped: bool = False
    """True for files skipped on purpose (binary); False for real errors."""


@dataclass(slots=True)
class Corpus:
    """Everything a command needs: parsed documents, their pairs, and unreadable files."""

    config: Config
    documents: list[Document] = field(default_factory=list)
    pairs: list[DocumentPair] = field(default_factory=list)
    unpaired: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    selected: set[Path] = field(default_factory=set)
    """Resolved paths the user named (empty: everything loaded is selected)."""
    real: Resolved = field(default_factory=lambda: Resolved(), repr=False, compare=False)
    """``Path.resolve()`` of the run's paths, each asked once."""
    _order: CourseOrder | None = field(default=None, repr=False, compare=False)
    _order_of: list[Document] | None = field(default=None, repr=False, compare=False)
    """The documents :func:`load_corpus` loaded, whose source roots :attr:`order` reads."""

    def is_selected(self, doc: Document | None) -> bool:
        return doc is not None and (not self.selected or self.real(doc.path) in self.selected)

    @property
    def order(self) -> CourseOrder:
        """Course order (``_toctree.yml``, ``SUMMARY.md``, ``mkdocs.yml``, ``order:``), read
        when first asked for (exports and status need it, ``lint`` does not)."""
        if self._order is None:
            docs = self._order_of
            self._order = CourseOrder() if docs is None else order_for(self.config, docs, self.real)
        return self._order

    @order.setter
    def order(self, value: CourseOrder) -> None:
        self._order = value


class Resolved:
    """``Path.resolve()`` remembered for the length of one run: resolving walks every folder
    of the path with a system call each, and a run asks again and again for the same files
    (loading, pairing, selection, the lint units). A new run starts with a new one."""

    __slots__ = ("_known",)

    def __init__(self) -> None:
        self._known: dict[Path, Path] = {}

    def __call__(self, path: Path) -> Path:
        real = self._known.get(path)
        if real is None:
            real = self._known[path] = path.resolve()
        return real


def guess_lang(text: str, default: str) -> str:
    """Language of a document outside a language folder, from its script (else ``default``)."""
    from .language import prose_language

    return prose_language(text[:20000]) or default


def _lang_root(
    path: Path, languages: Sequence[str], real: Callable[[Path], Path] = Path.resolve
) -> tuple[Path, str, str] | None:
    """(source root, language, relative path) when ``path`` sits under ``<root>/<lang>/``."""
    resolved = real(path)
    for parent in resolved.parents:
        if parent.name in languages:
            return parent.parent, parent.name, resolved.relative_to(parent).as_posix()
    return None


def is_source_root(folder: Path, languages: Sequence[str]) -> bool:
    return any((folder / lang).is_dir() for lang in languages)


class _Loader:
    def __init__(self, config: Config, cache: bool = True) -> None:
        self.config = config
        self.cache = cache
        self.docs: dict[Path, Document] = {}
        self.problems: list[Problem] = []
        self.real = Resolved()
        self.meanwhile: Callable[[], None] | None = None
        """Handed to the first parse (run while its workers parse, if any), then cleared."""

    def ignored(self, rel: str) -> bool:
        return any(fnmatch.fnmatch(rel, pattern) for pattern in self.config.ignore)

    def load(self, path: Path, lang: str, rel: str) -> Document | None:
        return self.load_many([(path, lang, rel)])[0]

    def load_many(self, items: Sequence[tuple[Path, str, str]]) -> list[Document | None]:
        """Parse files not loaded yet (cached, in parallel when many); problems are recorded."""
        from .batch import Failure, parse_many

        todo = []
        for item in dict.fromkeys(items):
            if self.real(item[0]) in self.docs:
                continue
            if not _utf8_name(item[0]):
                self.problems.append(Problem(item[0], 0, "file name is not valid UTF-8: rename it"))
                continue
            todo.append(item)
        meanwhile, self.meanwhile = self.meanwhile, None
        outcomes = parse_many(
            todo, cache=self.cache, components=self.config.components, meanwhile=meanwhile
        )
        for (path, lang, _), outcome in zip(todo, outcomes, strict=True):
            if isinstance(outcome, Failure):
                self.problems.append(Problem(path, outcome.line, outcome.message, outcome.skipped))
                continue
            refused = [e for e in outcome.errors if any(r in e[1] for r in YAML_REFUSALS)]
            if refused:  # a YAML bomb: the document is left out, as an unreadable file
                self.problems.append(Problem(path, refused[0][0], refused[0][1]))
                continue
            if not lang:
                fm_lang = outcome.front_matter.get("lang")
                outcome.lang = (
                    str(fm_lang) if fm_lang else guess_lang(outcome.text, self.config.source_lang)
                )
            self.docs[self.real(path)] = outcome
        return [self.docs.get(self.real(path)) for path, _, _ in items]

    def load_root(self, root: Path) -> None:
        items: list[tuple[Path, str, str]] = []
        for lang in self.config.languages[:2]:
            folder = root / lang
            if not folder.is_dir():
                continue
            for file in iter_markdown([folder]):
                rel = file.relative_to(folder).as_posix()
                if not self.ignored(rel):
                    items.append((file, lang, rel))
        self.load_many(items)


def load_corpus(
    paths: Sequence[Path],
    config: Config,
    *,
    align: bool = True,
    cache: bool = True,
    meanwhile: Callable[[], None] | None = None,
) -> Corpus:
    """Parse the named files and folders (default: the configured source folder) and pair them.

    ``meanwhile``: preparation for the caller's next step, run once in this process while
    worker processes parse; skipped when the files are too few for workers
    (:func:`curriculum_tools.batch.parse_many`).
    """
    corpus = Corpus(config)
    loader = _Loader(config, cache)
    loader.real = corpus.real
    loader.meanwhile = meanwhile
    src_lang, tgt_lang = config.languages[0], config.languages[1]
    if not paths:
        default = config.root / config.source
        if not default.exists():
            raise CtoolsError(f"source folder not found: {default} (set `source:` in ctools.yaml)")
        paths = [default]
    roots: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise CtoolsError("no such file or folder", path)
        if path.is_dir():
            if is_source_root(path, config.languages):
                roots.add(corpus.real(path))
                before = set(loader.docs)
                loader.load_root(path)
                corpus.selected.update(set(loader.docs) - before)
                continue
            files = list(iter_markdown([path]))
            corpus.selected.update(corpus.real(f) for f in files)
            placements = [(f, _lang_root(f, config.languages)) for f in files]
            loader.load_many([(f, p[1], p[2]) if p else (f, "", "") for f, p in placements])
            for file in files:
                _load_one(loader, file, roots)
            continue
        if path.suffix.lower() not in MARKDOWN_SUFFIXES and path.suffix:
            loader.problems.append(Problem(path, 0, "not a Markdown file, skipped", skipped=True))
            continue
        corpus.selected.add(corpus.real(path))
        _load_one(loader, path, roots)

    docs = _unique_ids(list(loader.docs.values()), loader.problems)
    source = [d for d in docs if d.lang == src_lang]
    target = [d for d in docs if d.lang == tgt_lang]
    placed_src = [d for d in source if d.rel]
    placed_tgt = [d for d in target if d.rel]
    pairs, unpaired = pair_documents(placed_src, placed_tgt)
    unpaired.extend(d for d in docs if not d.rel and d.lang in (src_lang, tgt_lang))
    corpus.documents = docs
    corpus.pairs = pairs
    corpus.unpaired = unpaired
    corpus.problems = loader.problems
    corpus._order_of = docs  # the course order is read from their roots when asked for
    if corpus.selected:
        corpus.pairs = [p for p in pairs if corpus.is_selected(p.en) or corpus.is_selected(p.ko)]
        corpus.unpaired = [d for d in unpaired if corpus.is_selected(d)]
        keep = {id(d) for p in corpus.pairs for d in (p.en, p.ko)} | {
            id(d) for d in corpus.unpaired
        }
        corpus.documents = [d for d in docs if id(d) in keep]
    if align:
        for pair in corpus.pairs:
            align_pair(pair)
    return corpus


def _utf8_name(path: Path) -> bool:
    """False for a name holding bytes that are not UTF-8 (Python keeps them as surrogates):
    such a name cannot be written into a page, a deck or a report, so the file is refused."""
    return not any("\udc80" <= char <= "\udcff" for char in str(path))


def _unique_ids(docs: list[Document], problems: list[Problem]) -> list[Document]:
    """Drop every document whose id another document of its language already has (the
    first by path is kept), recording an error that names both files: two documents with
    one id would otherwise overwrite each other in pairing, status and every export."""
    first: dict[tuple[str, str], Document] = {}
    keep: list[Document] = []
    for doc in sorted(docs, key=lambda d: str(d.path)):
        if not doc.rel and "id" not in doc.front_matter:
            keep.append(doc)  # a loose file outside a source root: its name is no id
            continue
        key = (doc.lang, doc.doc_id)
        other = first.setdefault(key, doc)
        if other is doc:
            keep.append(doc)
            continue
        message = (
            f"duplicate id `{doc.doc_id}` in `{doc.lang}`: {shown(other.path)} has it too "
            "(ids must be unique per language; this file is left out)"
        )
        problems.append(Problem(doc.path, _id_line(doc), message))
    return keep


def _id_line(doc: Document) -> int:
    """The line of the front matter's ``id:`` key (else 1)."""
    if doc.front_matter_lines and "id" in doc.front_matter:
        first, last = doc.front_matter_lines
        for number in range(first, min(last, len(doc.lines)) + 1):
            if doc.lines[number - 1].startswith("id:"):
                return number
    return 1


def _load_one(loader: _Loader, file: Path, roots: set[Path]) -> None:
    """Load a file and, when it sits in a source root, the counterparts it may pair with."""
    placed = _lang_root(file, loader.config.languages)
    if placed is None:
        loader.load(file, "", "")
        return
    root, lang, rel = placed
    doc = loader.load(file, lang, rel)
    if doc is None or root in roots:
        return
    for other in loader.config.languages[:2]:
        if other == lang or not (root / other).is_dir():
            continue
        stem = rel.rsplit(".", 1)[0]
        twins = [
            loader.load(twin, other, twin.relative_to(root / other).as_posix())
            for twin in (root / other / (stem + suffix) for suffix in MARKDOWN_SUFFIXES)
            if twin.is_file()
        ]
        if heading_ids(doc) and not any(t is not None and not disagree(doc, t) for t in twins):
            # a renumbered or moved file pairs by heading ids: its counterpart may be anywhere
            loader.load_many(
                [
                    (f, other, f.relative_to(root / other).as_posix())
                    for f in iter_markdown([root / other])
                ]
            )
            continue
        fm_id = doc.front_matter.get("id")
        if fm_id is None:
            continue
        needle = str(fm_id)
        for cand in iter_markdown([root / other]):
            try:
                with open(cand, "rb") as handle:  # only the head: never the whole file
                    head = handle.read(4096).decode("utf-8", "replace")
            except OSError:
                continue
            if head.startswith("---") and needle in head:
                loader.load(cand, other, cand.relative_to(root / other).as_posix())


def course_corpus(corpus: Corpus) -> Corpus:
    """The whole course around ``corpus``: the whole source root(s) of the linted pairs.

    Linting one file still judges it against the whole course's usage, not the usage
    inside that one file (the root's other files come from the parse cache).
    """
    languages = corpus.config.languages
    roots = {
        placed[0]
        for pair in corpus.pairs
        if pair.en is not None
        and (placed := _lang_root(pair.en.path, languages, corpus.real)) is not None
    }
    if not roots or not corpus.selected:
        return corpus
    known = {corpus.real(d.path) for d in corpus.documents}
    known |= {corpus.real(p.path) for p in corpus.problems}
    for root in roots:
        for lang in languages[:2]:
            folder = root / lang
            if not folder.is_dir():
                continue
            for file in iter_markdown([folder]):
                rel = file.relative_to(folder).as_posix()
                ignored = any(fnmatch.fnmatch(rel, pat) for pat in corpus.config.ignore)
                if not ignored and corpus.real(file) not in known:
                    return load_corpus(sorted(roots), corpus.config)
    return corpus
