"""Course order: the sequence of documents a course is meant to be read in.

Read from the first of these that exists (an explicit setting wins over a builder's file):

1. ``order:`` in ``ctools.yaml`` (paths relative to a language folder, suffix optional);
2. ``_toctree.yml`` (Hugging Face doc-builder: ``local:`` entries, nested ``sections:``),
   in the source root's source-language folder, then target-language folder, then the root;
3. ``SUMMARY.md`` (mdBook: its links, in order), same places (and ``src/``);
4. ``mkdocs.yml`` ``nav:`` (beside ``ctools.yaml`` or in the source root).

Documents outside the order follow it alphabetically. Keys are relative paths without their
suffix (``tutorials/tools``), the way every one of these formats names a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import CtoolsError
from .io import MARKDOWN_SUFFIXES, read_text

if TYPE_CHECKING:
    from .config import Config
    from .model import Document

_T = TypeVar("_T")
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


def page_key(rel: str) -> str:
    """``./guide/intro.md`` -> ``guide/intro``; ``x.html`` -> ``x``; ``x/`` -> ``x/index``."""
    rel = rel.strip().split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
    while rel.startswith("./"):
        rel = rel[2:]
    rel = rel.lstrip("/")
    if rel.endswith("/"):
        rel += "index"
    for suffix in (*MARKDOWN_SUFFIXES, ".html", ".htm"):
        if rel.lower().endswith(suffix):
            return rel[: -len(suffix)]
    return rel


@dataclass(frozen=True, slots=True)
class CourseOrder:
    """The page keys in reading order, and where they came from (empty: alphabetical)."""

    keys: tuple[str, ...] = ()
    source: str = ""
    """The file (or ``ctools.yaml order``) the order was read from; empty when none."""
    _index: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[str, int] = {}
        for number, key in enumerate(self.keys):
            index.setdefault(key, number)
        object.__setattr__(self, "_index", index)

    def position(self, rel: str) -> tuple[int, str]:
        """Sort key of a document's relative path: its place in the order, then the path."""
        return (self._at(page_key(rel)), rel)

    def _at(self, key: str) -> int:
        index = self._index
        found = index.get(key)
        if found is None and key.endswith("/index"):
            found = index.get(key[: -len("/index")])
        if found is None:
            found = index.get(key + "/index")
        return len(self.keys) if found is None else found

    def sort(self, items: Iterable[_T], rel: Any = None) -> list[_T]:
        """``items`` (documents, or anything with ``rel(item)``) in course order."""

        def key(item: Any) -> tuple[int, str]:
            name = rel(item) if rel is not None else (item.rel or item.path.as_posix())
            return (self._at(page_key(name)), name)

        return sorted(items, key=key)


def _toctree_keys(data: Any) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _toctree_keys(item)
    elif isinstance(data, dict):
        local = data.get("local")
        if isinstance(local, str) and not _SCHEME_RE.match(local):
            yield page_key(local)
        for key in ("sections", "subsections"):
            yield from _toctree_keys(data.get(key))


def _nav_keys(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        if not _SCHEME_RE.match(data):
            yield page_key(data)
    elif isinstance(data, list):
        for item in data:
            yield from _nav_keys(item)
    elif isinstance(data, dict):
        for value in data.values():
            yield from _nav_keys(value)


def _summary_keys(text: str) -> Iterator[str]:
    from .parse import tokenize

    tokens, _ = tokenize(text)
    for token in tokens:
        for child in token.children or ():
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if href and not _SCHEME_RE.match(href) and not href.startswith("#"):
                yield page_key(href)


def _load_yaml(path: Path) -> Any:
    """YAML data, or None; tags like mkdocs' ``!!python/name:...`` load as None (never run)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
        return None

    _Loader.add_multi_constructor("", _ignore)
    from .config import YamlProblem, load_yaml

    try:  # bounded, no aliases (a "billion laughs" nav is walked exponentially), depth capped
        return load_yaml(read_text(path), loader=_Loader)
    except (CtoolsError, YamlProblem):
        return None


def _strip_lang(keys: Iterable[str], languages: Sequence[str]) -> tuple[str, ...]:
    """mkdocs i18n navs name pages ``en/intro``: drop a leading language folder."""
    out = []
    for key in keys:
        head, _, rest = key.partition("/")
        out.append(rest if rest and head in languages else key)
    return tuple(dict.fromkeys(out))


def read_order(config: Config, roots: Iterable[Path] = ()) -> CourseOrder:
    """The course order for ``config`` and the source roots of the loaded documents."""
    if config.order:
        keys = _strip_lang((page_key(rel) for rel in config.order), config.languages)
        return CourseOrder(keys, f"{config.path or 'ctools.yaml'}: order")
    folders: list[Path] = []
    roots = list(dict.fromkeys(roots))  # a root per document: each resolved once
    for root in dict.fromkeys(r.resolve() for r in roots):
        folders += [root / lang for lang in config.languages[:2]] + [root, root / "src"]
    for folder in folders:
        toctree = folder / "_toctree.yml"
        if toctree.is_file():
            keys = tuple(dict.fromkeys(_toctree_keys(_load_yaml(toctree))))
            if keys:
                return CourseOrder(keys, str(toctree))
    for folder in folders:
        summary = folder / "SUMMARY.md"
        if summary.is_file():
            try:
                text = read_text(summary)  # bounded: regular files only, at most the limit
            except CtoolsError:
                continue
            keys = tuple(dict.fromkeys(_summary_keys(text)))
            if keys:
                return CourseOrder(keys, str(summary))
    for folder in dict.fromkeys([config.root, *(r.resolve() for r in roots)]):
        mkdocs = folder / "mkdocs.yml"
        data = _load_yaml(mkdocs) if mkdocs.is_file() else None
        if isinstance(data, dict) and data.get("nav"):
            return CourseOrder(_strip_lang(_nav_keys(data["nav"]), config.languages), str(mkdocs))
    return CourseOrder()


def order_for(
    config: Config,
    documents: Iterable[Document],
    real: Callable[[Path], Path] = Path.resolve,
) -> CourseOrder:
    """:func:`read_order` with the source roots of ``documents`` (what a corpus holds);
    ``real`` resolves a document's path (a run's memo: :attr:`.project.Corpus.real`)."""
    from .assets import source_root

    roots = [
        root
        for doc in documents
        if doc.rel and (root := source_root(doc, real(doc.path))) is not None
    ]
    return read_order(config, roots)
