"""Staleness from git history, for repositories without a lock file.

A section's *last change* is the newest commit (or the uncommitted working tree) that
changed its words: the section is looked up by key in every version of its file, newest
first, and compared by :func:`~curriculum_tools.status.sections.content_key`, so commits
that only re-wrapped, re-indented or migrated syntax are not changes. An English section
whose last change is newer than its Korean counterpart's is stale; a commit that changed
both is a sync.

Git is asked three times at most per run: ``git rev-parse`` (where and which HEAD), one
``git log --raw`` for the history of every Markdown file (newest first, with blob ids), and
one long-lived ``git cat-file --batch`` for the versions that must be read. The log is cached
by HEAD and what a version's sections are by blob id (content-addressed, never stale), in one
JSON file per repository in the user's cache folder (never in the repository).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .. import __version__
from ..model import Document
from .sections import content_keys

MAX_COMMITS = 5000
"""History depth read from ``git log`` (older changes count as this old)."""
_NULL = "0" * 40
_CACHE_FORMAT = 1


def git(args: Sequence[str], cwd: Path) -> str | None:
    """Run git; its output, or None when git is missing, fails or hangs."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


@dataclass(frozen=True, slots=True)
class Change:
    """When a section's words last changed."""

    commit: str
    """Full commit id; empty for uncommitted changes in the working tree."""
    date: str
    """Committer date (``YYYY-MM-DD``); empty for the working tree."""
    order: int
    """Position in the history, newest first: -1 working tree, 0 the newest commit."""

    @property
    def short(self) -> str:
        return self.commit[:7] if self.commit else "uncommitted"

    def describe(self) -> str:
        return f"commit {self.short} ({self.date})" if self.commit else "uncommitted changes"


@dataclass(frozen=True, slots=True)
class _Version:
    order: int
    blob: str
    """Blob id of the file at that commit; empty when the commit deleted it."""


class GitHistory:
    """The Markdown history of one repository at one HEAD; answers per-document questions."""

    def __init__(
        self,
        top: Path,
        head: str,
        log: str | None,
        cache: Path | None,
        cached: dict[str, Any] | None = None,
    ) -> None:
        """``log``: ``git log`` output to read, or None to take the log from ``cached`` (the
        cache file's data for this HEAD); the blob entries of ``cached`` are used either way."""
        self.top = top
        self.head = head
        self.commits: list[tuple[str, str]] = []
        """(commit id, date) by order."""
        self.versions: dict[str, list[_Version]] = {}
        """Repository-relative path -> its versions, newest first."""
        self._cache_file = cache
        self._blobs: dict[str, dict[str, str]] = {}
        self._dirty = False
        self._reader: subprocess.Popen[bytes] | None = None
        self._memo: dict[tuple[str, str], dict[str, Change]] = {}
        if cached is not None:
            self._blobs = {str(k): v for k, v in cached["blobs"].items() if isinstance(v, dict)}
        if log is None and cached is not None:
            self.commits = [(str(c), str(d)) for c, d in cached["commits"]]
            self.versions = {
                str(path): [_Version(int(o), str(b)) for o, b in rows]
                for path, rows in cached["versions"].items()
            }
        else:
            self._parse_log(log or "")
            self._dirty = True
        atexit.register(self.close)

    # -- reading git ------------------------------------------------------------------------

    def _parse_log(self, log: str) -> None:
        tokens = iter(log.split("\0"))
        for token in tokens:
            token = token.lstrip("\n")
            if not token:
                continue
            if token.startswith(":"):
                path = next(tokens, "")
                fields = token[1:].split()
                if len(fields) >= 5 and self.commits:
                    blob = "" if fields[3] == _NULL else fields[3]
                    order = len(self.commits) - 1
                    self.versions.setdefault(path, []).append(_Version(order, blob))
                continue
            commit, _, date = token.partition(" ")
            self.commits.append((commit, date.split(" ")[-1]))

    def read_blob(self, blob: str) -> str | None:
        """The text of a blob (through one long-lived ``git cat-file --batch``)."""
        if self._reader is None:
            self._reader = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self.top,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        stdin: IO[bytes] | None = self._reader.stdin
        stdout: IO[bytes] | None = self._reader.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(blob.encode("ascii") + b"\n")
            stdin.flush()
            header = stdout.readline().split()
            if len(header) < 3 or header[1] != b"blob":
                return None
            data = stdout.read(int(header[2]) + 1)[:-1]
        except (OSError, ValueError):
            return None
        return data.decode("utf-8-sig", "replace")

    def _sections_of(self, blob: str, rel: str, lang: str) -> dict[str, str]:
        """Section key -> content key of one version of a file (cached by blob id)."""
        cached = self._blobs.get(blob)
        if cached is not None:
            return cached
        from ..parse import parse_text

        text = self.read_blob(blob)
        keys: dict[str, str] = {}
        if text is not None:
            try:
                keys = content_keys(parse_text(text, rel, lang, rel))
            except RecursionError:
                keys = {}
        self._blobs[blob] = keys
        self._dirty = True
        return keys

    # -- questions ----------------------------------------------------------------------------

    def relpath(self, doc: Document) -> str | None:
        try:
            return doc.path.resolve().relative_to(self.top).as_posix()
        except ValueError:
            return None

    def span(self, doc: Document) -> tuple[int, int] | None:
        """Orders of the newest and oldest commit of the document's file (None: untracked)."""
        rel = self.relpath(doc)
        versions = self.versions.get(rel) if rel else None
        if not versions:
            return None
        return versions[0].order, versions[-1].order

    def last_changes(self, doc: Document) -> dict[str, Change]:
        """Section key -> the newest change of that section's words (working tree included).

        A section that is not in the history at all (untracked file) changed "now".
        """
        rel = self.relpath(doc)
        current = content_keys(doc)
        memo_key = (rel or str(doc.path), hashlib.sha256(doc.text.encode()).hexdigest())
        if memo_key in self._memo:
            return self._memo[memo_key]
        versions = self.versions.get(rel, []) if rel else []
        now = Change("", "", -1)
        out: dict[str, Change] = {}
        pending = dict(current)  # key -> content key of the newer version
        newer = now
        for version in versions:
            if not pending:
                break
            if version.order == versions[0].order and version.blob == blob_id(doc.text):
                then = current  # the working tree is the newest commit: nothing to read
            elif version.blob:
                then = self._sections_of(version.blob, rel or "", doc.lang)
            else:
                then = {}
            commit, date = self.commits[version.order]
            for key, words in list(pending.items()):
                if then.get(key) != words:
                    out[key] = newer
                    del pending[key]
            newer = Change(commit, date, version.order)
        for key in pending:  # unchanged since the oldest version read: created there
            out[key] = newer
        self._memo[memo_key] = out
        return out

    # -- the cache ----------------------------------------------------------------------------

    def close(self) -> None:
        """Stop the blob reader and write new cache entries (called at exit too)."""
        if self._reader is not None:
            with contextlib.suppress(OSError):
                if self._reader.stdin is not None:
                    self._reader.stdin.close()
                self._reader.wait(timeout=5)
            self._reader = None
        if self._dirty and self._cache_file is not None:
            from ..io import atomic_write

            data = {
                "format": _CACHE_FORMAT,
                "head": self.head,
                "commits": self.commits,
                "versions": {
                    path: [(v.order, v.blob) for v in rows] for path, rows in self.versions.items()
                },
                "blobs": self._blobs,
            }
            with contextlib.suppress(OSError):
                atomic_write(self._cache_file, json.dumps(data).encode("utf-8"))
            self._dirty = False


def _read_cache(path: Path | None) -> dict[str, Any] | None:
    """The cache file's data (``format``, ``head``, ``commits``, ``versions``, ``blobs``), or
    None when there is none or it is damaged (a cache miss, never an error)."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != _CACHE_FORMAT:
        return None
    shapes = (("commits", list), ("versions", dict), ("blobs", dict))
    if not all(isinstance(data.get(name), kind) for name, kind in shapes):
        return None
    return data


def _cache_file(top: Path) -> Path | None:
    from ..batch import cache_dir

    base = cache_dir()
    if base is None:
        return None
    name = hashlib.sha256(str(top).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return base.parent / f"git-{__version__}-{_CACHE_FORMAT}" / f"{name}.json"


_LOGS: dict[tuple[Path, str], GitHistory] = {}


def git_history(folder: Path) -> GitHistory | None:
    """The history of the repository holding ``folder``; None outside git (or without commits).

    One ``git rev-parse`` per call; the log is read once per (repository, HEAD).
    """
    found = git(["rev-parse", "--show-toplevel", "HEAD"], folder)
    if found is None:
        return None
    lines = found.splitlines()
    if len(lines) < 2:
        return None
    top, head = Path(lines[0]).resolve(), lines[1].strip()
    history = _LOGS.get((top, head))
    cache = _cache_file(top)
    cached = _read_cache(cache) if history is None else None
    if history is None and cached is not None and cached.get("head") == head:
        history = GitHistory(top, head, None, cache, cached)
    if history is None:
        log = git(
            [
                "-c",
                "core.quotepath=off",
                "log",
                f"--max-count={MAX_COMMITS}",
                "--format=%x00%H %ct %cs",
                "--raw",
                "--no-abbrev",
                "--no-renames",
                "-z",
                "--",
                "*.md",
                "*.markdown",
                "*.mdx",
            ],
            top,
        )
        if log is None:
            return None
        history = GitHistory(top, head, log, cache, cached)
    if (top, head) not in _LOGS:
        for stale in [k for k in _LOGS if k[0] == top]:
            _LOGS.pop(stale).close()
        _LOGS[(top, head)] = history
    return history


def pair_changes(
    history: GitHistory, en: Document, ko: Document
) -> tuple[dict[str, Change], dict[str, Change]] | None:
    """Last changes of every section of both sides (section key -> change).

    None when no English section can be newer than its translation: the English file is
    unchanged in the working tree and its newest commit is not after the Korean file's first.
    """
    en_span, ko_span = history.span(en), history.span(ko)
    if en_span is not None and ko_span is not None and en_span[0] >= ko_span[1]:
        rel = history.relpath(en)
        newest = history.versions[rel or ""][0]
        if newest.blob and newest.blob == blob_id(en.text):
            return None
    return history.last_changes(en), history.last_changes(ko)


def blob_id(text: str) -> str:
    """Git's blob id of ``text`` written as UTF-8."""
    data = text.encode("utf-8", "surrogateescape")
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def is_newer(a: Change, b: Change) -> bool:
    """True when change ``a`` happened after change ``b`` (by history order)."""
    return a.order < b.order


def explain_since(history: GitHistory, doc: Document, key: str, since: Change) -> str | None:
    """The source of section ``key`` of ``doc`` as it was at ``since`` (None if absent)."""
    from ..parse import parse_text
    from .sections import section_keys, section_source

    rel = history.relpath(doc)
    for version in history.versions.get(rel or "", []):
        if version.order < since.order or since.order < 0:
            continue
        if not version.blob:
            return None
        text = history.read_blob(version.blob)
        if text is None:
            return None
        old = parse_text(text, rel or "", doc.lang, rel or "", doc.syntax)
        keys = section_keys(old)
        match = next((s for s in old.walk() if keys[s.index] == key), None)
        return section_source(old, match) if match is not None else None
    return None


_RUN: list[tuple[object, GitHistory | None]] = []


def history_of_run(run: object, folder: Path) -> GitHistory | None:
    """:func:`git_history` asked once per lint run (``run``: the run's corpus), not per pair."""
    if run is None:
        return git_history(folder)
    if _RUN and _RUN[0][0] is run:
        return _RUN[0][1]
    history = git_history(folder)
    _RUN[:] = [(run, history)]
    return history
