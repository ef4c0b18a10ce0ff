"""The lint result cache: per-pair findings and whole-run results, keyed by what they read.

A lint run reads more than the files it reports on, so every key names every input:

- **Shared inputs** (:func:`shared_digest`): the ctools version and the name, size and time of
  each of its modules (any rule edit retires every entry), the effective configuration and the bytes of
  ``ctools.yaml``, the lock file, the user glossary, the git ``HEAD`` of the repository
  around the project (``stale-translation`` reads its history), the working folder (paths
  are shown relative to it), the rule selection and ``CTOOLS_KO_MODEL``.
- **A pair's own files**: path as written, resolved path, language, relative path, whether
  the user named it, and the SHA-256 of its bytes (:meth:`LintCache.unit_key`).
- **Files the rules consulted beyond the pair** (dependencies): every path the one link
  resolver (:mod:`curriculum_tools.assets`) looked at while the pair was linted, with what
  it found: a file's content digest (a linked page's anchors, an included listing), a
  folder, or nothing. A pair's entry is used only when each of them is still the same.
- **A whole run** (:meth:`LintCache.load_result`): the listing and bytes of every Markdown
  file the loader may read (every language folder of every source root involved), the
  dependencies of all pairs and the shared inputs. When all match, the stored result is
  the result: nothing is parsed. Corpus-wide rules (the course glossary, unpaired files)
  only ever reuse results through this whole-run key.

Entries are pickles in the user's cache folder beside the parse cache (never inside the
repository: a repository must not be able to plant one); ``CTOOLS_NO_CACHE=1`` turns the
cache off (``CTOOLS_NO_LINT_CACHE=1`` only this one, not the parse cache). A damaged entry is
a miss. Old entries are never read again and never deleted (as the parse cache's).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import stat
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .config import Config
    from .model import Document
    from .project import Corpus
    from .registry import Finding, Rule

CACHE_FORMAT = "1"
"""Bump to retire every entry by hand (the source digest already does on any code change)."""
_HASH_LIMIT = 4 * 1024 * 1024
"""Files up to this size are compared by content; larger ones (only images, which rules
never read) by size and modification time."""

# --- digests ------------------------------------------------------------------------------


@functools.cache
def source_digest() -> str:
    """A digest of every module of ctools (name, size and modification time, as Python's own
    bytecode cache checks its sources): a changed rule retires every stored result."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for file in sorted(here.rglob("*.py")):
        with contextlib.suppress(OSError):
            info = file.stat()
            name = file.relative_to(here).as_posix()
            digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


def file_digest(path: str) -> str:
    """What a rule can learn from ``path``: ``-`` nothing there, ``d`` a folder, else the
    content digest (size and time for files past :data:`_HASH_LIMIT`)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return "-"
    if stat.S_ISDIR(info.st_mode):
        return "d"
    if not stat.S_ISREG(info.st_mode):
        return "o"
    if info.st_size > _HASH_LIMIT:
        return f"big:{info.st_size}:{info.st_mtime_ns}"
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()[:32]
    except OSError:
        return "-"


def _git_head(root: Path) -> str:
    """The repository holding ``root`` and its ``HEAD`` commit ("" outside git), read from the
    ``.git`` files (no subprocess on every run); ``git rev-parse`` when they are unusual."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            break
    else:
        return ""
    if not os.environ.get("GIT_DIR"):
        with contextlib.suppress(OSError, UnicodeDecodeError, ValueError):
            found = _read_head(folder)
            if found:
                return f"{folder}|{found}"
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "git?"
    return done.stdout.strip() + f"|{done.returncode}"


def _read_head(folder: Path) -> str:
    """``ref|commit`` of ``folder/.git`` (a worktree's ``gitdir:`` file followed), "" when the
    layout is not one this reader knows."""
    git = folder / ".git"
    if git.is_file():
        text = git.read_text(encoding="utf-8").strip()
        if not text.startswith("gitdir:"):
            return ""
        git = (folder / text[len("gitdir:") :].strip()).resolve()
    head = (git / "HEAD").read_text(encoding="utf-8").strip()
    if not head.startswith("ref:"):
        return head  # detached: the commit itself
    ref = head[len("ref:") :].strip()
    common = git
    if (git / "commondir").is_file():
        common = (git / (git / "commondir").read_text(encoding="utf-8").strip()).resolve()
    for base in (git, common):
        if (base / ref).is_file():
            return f"{ref}|{(base / ref).read_text(encoding='utf-8').strip()}"
    packed = common / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8").splitlines():
            if line.endswith(" " + ref):
                return f"{ref}|{line.split()[0]}"
    return f"{ref}|unborn"


def shared_digest(config: Config, only: Sequence[str] | None, rules: Sequence[str]) -> str:
    """The inputs every finding may depend on (see the module docstring)."""
    from .glossary.io import NAMES

    root = config.root.resolve()
    parts = [
        __version__,
        CACHE_FORMAT,
        source_digest(),
        os.getcwd(),
        repr(config),
        repr(sorted(only) if only is not None else None),
        repr(sorted(rules)),
        os.environ.get("CTOOLS_KO_MODEL", ""),
        _git_head(root),
    ]
    files = [str(root / config.lock), *(str(root / name) for name in NAMES)]
    if config.path is not None:
        files.append(str(config.path))
    parts += [f"{f}={file_digest(f)}" for f in files]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def cache_folder() -> Path | None:
    """Where lint results are kept (beside the parse cache), or None when caching is off
    (``CTOOLS_NO_CACHE``; ``CTOOLS_NO_LINT_CACHE`` keeps the parse cache and turns off only
    this one: every rule runs, over cached parses)."""
    from .batch import cache_dir

    if os.environ.get("CTOOLS_NO_LINT_CACHE"):
        return None
    parse = cache_dir()
    return None if parse is None else parse.parent / f"lint-{__version__}-{CACHE_FORMAT}"


# --- the cache ----------------------------------------------------------------------------


@dataclass(slots=True)
class UnitEntry:
    """The raw findings of one pair (or lone document), before severities and suppression,
    as ``(rule index, rule name, finding)``, and the paths consulted beyond the pair."""

    findings: list[tuple[str, int, Finding]]
    deps: dict[str, str]


@dataclass(slots=True)
class StoredRun:
    """What a whole run produced (the parts of a :class:`~curriculum_tools.lint.Result`)."""

    findings: list[Finding]
    files: int
    pairs: int
    unreadable: list[str]
    sources: dict[Path, str] = field(default_factory=dict)


@dataclass(slots=True)
class _RunEntry:
    inputs: dict[str, str]
    listings: dict[str, tuple[str, ...]]
    run: StoredRun
    documents: list[str]


@dataclass(slots=True)
class LintCache:
    """One run's view of the cache: the shared digest and a per-run memory of file digests."""

    folder: Path
    shared: str
    paths: tuple[str, ...]
    """The paths as the user named them (no path: the configured source folder)."""
    digests: dict[str, str] = field(default_factory=dict)
    deps: dict[str, str] = field(default_factory=dict)
    """Union of the dependencies of every pair of the run (for the whole-run entry)."""

    @classmethod
    def open(
        cls,
        paths: Sequence[Path],
        config: Config,
        only: Sequence[str] | None,
        rules: dict[str, Rule],
    ) -> LintCache | None:
        """The cache for this run, or None when it is off (``CTOOLS_NO_CACHE``) or a rule
        comes from outside ctools (its code is not part of the source digest)."""
        folder = cache_folder()
        if folder is None:
            return None
        if any(not r.func.__module__.startswith("curriculum_tools.") for r in rules.values()):
            return None
        shared = shared_digest(config, only, list(rules))
        named = [str(p) for p in paths] or ["", str(config.root / config.source)]
        return cls(folder, shared, tuple(named))

    def digest(self, path: str) -> str:
        if path not in self.digests:
            self.digests[path] = file_digest(path)
        return self.digests[path]

    def _fresh(self, deps: dict[str, str]) -> bool:
        return all(self.digest(path) == value for path, value in deps.items())

    # per pair

    def unit_key(
        self, docs: Sequence[Document | None], selected: Sequence[bool], how: str = ""
    ) -> str:
        """The key of one pair's findings: its files (as named, where, language, relative
        path, named by the user or not, content) and how they were paired."""
        digest = hashlib.sha256(f"{self.shared}\0unit\0{how}".encode())
        for doc, chosen in zip(docs, selected, strict=True):
            if doc is None:
                digest.update(b"\0-")
                continue
            where = os.path.abspath(doc.path)
            for part in (str(doc.path), where, doc.lang, doc.rel, str(chosen), self.digest(where)):
                digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def unit_get(self, key: str) -> UnitEntry | None:
        entry = _load(self.folder, key)
        if not isinstance(entry, UnitEntry) or not self._fresh(entry.deps):
            return None
        self.deps.update(entry.deps)
        return entry

    def unit_put(self, key: str, findings: list[tuple[str, int, Finding]], seen: set[str]) -> None:
        deps = {path: self.digest(path) for path in sorted(seen)}
        self.deps.update(deps)
        _store(self.folder, key, UnitEntry(findings, deps))

    # whole run

    def _run_key(self) -> str:
        return hashlib.sha256(
            "\0".join((self.shared, "run", *self.paths)).encode("utf-8", "surrogatepass")
        ).hexdigest()

    def load_result(self) -> StoredRun | None:
        """The stored result of this very run when nothing it read has changed, else None."""
        entry = _load(self.folder, self._run_key())
        if not isinstance(entry, _RunEntry):
            return None
        for folder, listed in entry.listings.items():
            if _listing(folder) != listed:
                return None
        if not self._fresh(entry.inputs):
            return None
        sources = _sources(entry.documents)
        if sources is None:
            return None
        entry.run.sources = sources
        return entry.run

    def store_result(self, run: StoredRun, corpus: Corpus) -> None:
        listings = {folder: _listing(folder) for folder in _folders(corpus, self.paths)}
        inputs = dict(self.deps)
        for doc in corpus.documents:
            where = os.path.abspath(doc.path)
            inputs[where] = self.digest(where)
        for problem in corpus.problems:
            where = os.path.abspath(problem.path)
            inputs[where] = self.digest(where)
        for listed in listings.values():
            for file in listed:
                inputs[file] = self.digest(file)
        stored = StoredRun(run.findings, run.files, run.pairs, run.unreadable)
        entry = _RunEntry(inputs, listings, stored, [str(d.path) for d in corpus.documents])
        _store(self.folder, self._run_key(), entry)


def _folders(corpus: Corpus, paths: Sequence[str]) -> set[str]:
    """Every folder whose Markdown the loader may read: the folders the user named and each
    language folder of each source root holding a loaded document (its other files decide
    pairing and the course glossary)."""
    from .assets import source_root

    out = {os.path.abspath(p) for p in paths if os.path.isdir(p)}
    for doc in corpus.documents:
        root = source_root(doc)
        if root is not None:
            out.update(str(root / lang) for lang in corpus.config.languages[:2])
    return out


def _listing(folder: str) -> tuple[str, ...]:
    from .io import iter_markdown

    path = Path(folder)
    if not path.is_dir():
        return ()
    return tuple(os.path.abspath(f) for f in iter_markdown([path]))


def _sources(paths: list[str]) -> dict[Path, str] | None:
    from .errors import InputError
    from .io import decode_markdown, read_bytes

    out: dict[Path, str] = {}
    for name in paths:
        path = Path(name)
        try:
            out[path] = decode_markdown(read_bytes(path), path)
        except (InputError, OSError):
            return None
    return out


def _load(folder: Path, key: str) -> object:
    try:
        with open(folder / key[:2] / key, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, damaged or foreign: a miss, never an error
        return None


def _store(folder: Path, key: str, value: object) -> None:
    from .io import write_cache_entry

    with contextlib.suppress(OSError):  # a read-only or full disk only costs speed
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        write_cache_entry(folder / key[:2] / key, data)
