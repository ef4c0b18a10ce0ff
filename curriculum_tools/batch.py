"""Parse many files fast: a content-addressed cache and worker processes.

Parsing (markdown-it) is most of the cost of every command on a large tree, so:

- **Cache.** A parsed :class:`~curriculum_tools.model.Document` is stored under a key made of
  the file's bytes, its path, language and relative path and the ctools version, in the
  user's cache folder (``$CTOOLS_CACHE_DIR``, else ``$XDG_CACHE_HOME/ctools``, else
  ``~/.cache/ctools``). It lives outside the repository on purpose: entries are pickles, and
  a repository must never be able to plant one (a cache folder set inside the project, e.g.
  ``CTOOLS_CACHE_DIR=.cache`` in CI, turns caching off). ``CTOOLS_NO_CACHE=1`` (or ``--no-cache``
  where a command offers it) turns it off. An edited file has a new key, so a stale entry
  is never used; old entries are simply never read again.
- **Workers.** Cache misses beyond a few dozen files are parsed in forked worker processes
  and in this one (:mod:`.workers`), the parser built before the fork.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .confine import inside_the_project
from .errors import BinaryFileError, InputError
from .model import Document

CACHE_FORMAT = "1"
"""Bump to retire every entry (the digest of model.py/parse.py already does on code changes)."""
PARALLEL_FROM = 32
"""Parse in worker processes only when at least this many files miss the cache."""


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be parsed: why, at which line, and whether it was just skipped."""

    line: int
    message: str
    skipped: bool = False


Outcome = Document | Failure


def parse_data(
    data: bytes, path: Path, lang: str, rel: str, components: tuple[tuple[str, str], ...] = ()
) -> Outcome:
    """Decode and parse one file's bytes; never raises for bad input."""
    from .io import decode_markdown
    from .parse import parse_text

    try:
        return parse_text(decode_markdown(data, path), path, lang, rel, components)
    except BinaryFileError as exc:
        return Failure(0, exc.reason, skipped=True)
    except InputError as exc:
        return Failure(exc.line or 0, exc.reason)
    except RecursionError:
        return Failure(0, "nesting too deep to parse")


Job = tuple[bytes, str, str, str, tuple[tuple[str, str], ...]]
"""``(bytes, path, language, relative path, component mapping)`` of one file to parse."""


def _parse_job(job: Job) -> Outcome:
    data, path, lang, rel, components = job
    return parse_data(data, Path(path), lang, rel, components)


_JOBS: list[Job] = []
"""The jobs of the running :func:`_parse_jobs` (forked workers inherit them: no pickling)."""
_STORE: tuple[Path | None, list[str]] = (None, [])
"""Where the running :func:`_parse_jobs` caches what it parses: the folder (None: no cache)
and each job's key. Whoever parses a job stores it, so the workers share the writing."""


def _parse_chunk(indexes: list[int]) -> list[Outcome]:
    folder, keys = _STORE
    out = []
    for i in indexes:
        outcome = _parse_job(_JOBS[i])
        if folder is not None and isinstance(outcome, Document):
            _cache_put(folder, keys[i], outcome)
        out.append(outcome)
    return out


def _parse_jobs(
    jobs: list[Job],
    folder: Path | None = None,
    keys: Sequence[str] = (),
    meanwhile: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Parse every job, in forked workers and this process when there are many; with a cache
    ``folder``, each parsed document is stored under its key in ``keys``. ``meanwhile`` runs
    in this process while the workers start (skipped when the jobs are too few for workers)."""
    from .workers import cores, shared

    global _JOBS, _STORE
    processes = cores()
    _JOBS, _STORE = jobs, (folder, list(keys))
    try:
        if len(jobs) < PARALLEL_FROM or processes < 2:
            return _parse_chunk(list(range(len(jobs))))
        from .io import decode_markdown  # noqa: F401  (imported once, before the fork)
        from .parse import markdown_parser

        markdown_parser(jobs[0][4])  # built once here: every worker inherits it
        # biggest first, dealt into small chunks: the workers and this process finish together
        ordered = sorted(range(len(jobs)), key=lambda i: -len(jobs[i][0]))
        size = max(1, min(4, len(ordered) // (8 * processes)))
        chunks = [ordered[k : k + size] for k in range(0, len(ordered), size)]
        results = shared(_parse_chunk, chunks, processes, meanwhile)
    finally:
        _JOBS, _STORE = [], (None, [])
    out: list[Outcome | None] = [None] * len(jobs)
    for chunk, outcomes in zip(chunks, results, strict=True):
        for index, outcome in zip(chunk, outcomes, strict=True):
            out[index] = outcome
    return [o if o is not None else Failure(0, "not parsed") for o in out]


def cache_dir() -> Path | None:
    """Where parsed documents are cached, or None when caching is off."""
    if os.environ.get("CTOOLS_NO_CACHE"):
        return None
    base = os.environ.get("CTOOLS_CACHE_DIR")
    if base:
        root = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = (Path(xdg) if xdg else Path.home() / ".cache") / "ctools"
    if inside_the_project(root):  # entries are pickles: a commit must never plant one
        return None
    return root / f"parse-{__version__}-{CACHE_FORMAT}-{_code_digest()}"


@functools.cache
def _code_digest() -> str:
    """A digest of the modules that shape a Document: editing them retires every old entry."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in (
        "model.py",
        "parse.py",
        "fold.py",
        "batch.py",
        "syntax/__init__.py",
        "syntax/components.py",
        "syntax/dispatch.py",
        "syntax/directives.py",
        "syntax/jsx.py",
        "syntax/registry.py",
    ):
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def _key(data: bytes, path: Path, lang: str, rel: str, components: str = "") -> str:
    digest = hashlib.sha256()
    for part in (str(path.resolve()), lang, rel, components):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(data)
    return digest.hexdigest()


def _cache_get(folder: Path, key: str) -> Document | None:
    try:
        with open(folder / key[:2] / key, "rb") as handle:
            doc = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign entry is a miss, never an error
        return None
    return doc if isinstance(doc, Document) else None


def _cache_put(folder: Path, key: str, doc: Document) -> None:
    from .io import write_cache_entry

    with contextlib.suppress(OSError):  # a read-only or full disk only costs speed
        data = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        write_cache_entry(folder / key[:2] / key, data)


def parse_many(
    items: Sequence[tuple[Path, str, str]],
    *,
    cache: bool = True,
    components: tuple[tuple[str, str], ...] = (),
    meanwhile: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Parse ``(path, lang, rel)`` items, in order, using the cache and worker processes.

    ``components``: the team's component mapping (``ctools.yaml``), part of the cache key.
    ``meanwhile``: preparation for the caller's next step (work that step would do anyway),
    run once in this process while worker processes parse
    (:func:`curriculum_tools.workers.shared`); skipped when the files are too few for workers.
    """
    mapping = repr(components) if components else ""
    outcomes: list[Outcome | None] = [None] * len(items)
    from .io import read_bytes

    folder = cache_dir() if cache else None
    misses: list[tuple[int, bytes, str]] = []
    for index, (path, lang, rel) in enumerate(items):
        try:
            data = read_bytes(path)  # bounded: regular files only, at most the size limit
        except InputError as exc:
            outcomes[index] = Failure(0, exc.reason)
            continue
        key = _key(data, path, lang, rel, mapping) if folder is not None else ""
        hit = _cache_get(folder, key) if folder is not None else None
        if hit is not None:
            hit.path = path
            outcomes[index] = hit
        else:
            misses.append((index, data, key))

    jobs = [(data, str(items[i][0]), items[i][1], items[i][2], components) for i, data, _ in misses]
    parsed = _parse_jobs(jobs, folder, [key for _, _, key in misses], meanwhile)
    for (index, _, _), outcome in zip(misses, parsed, strict=True):
        if isinstance(outcome, Document):
            outcome.path = items[index][0]
        outcomes[index] = outcome
    return [o if o is not None else Failure(0, "not parsed") for o in outcomes]
