"""The lock file: English section fingerprints a translator declared in sync.

``ctools status --mark-synced`` records fingerprints in the lock file (``ctools.lock.yaml``
beside ``ctools.yaml``), keyed by document id and section key::

    # ctools translation lock: ...
    version: 1
    documents:
      curriculum:
        "1": {fingerprint: "3b0c44298fc1c149", title: "Introduction"}
        "1.1": {fingerprint: "9f86d081884c7d65", title: "Early Language Models"}

The writer is hand-made on purpose: sorted keys and one flow mapping per section keep the
file stable and merge-friendly (a generic YAML dumper wraps long titles and reorders keys).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CtoolsError

if TYPE_CHECKING:
    from ..config import Config

LOCK_VERSION = 1
_LOCK_HEADER = (
    "# ctools translation lock: English section fingerprints recorded by\n"
    "# `ctools status --mark-synced`. Commit it beside the sources; one section per line.\n"
)


@dataclass(frozen=True, slots=True)
class LockEntry:
    """What a translator declared in sync: the English section's fingerprint at that time."""

    fingerprint: str
    title: str = ""
    """The English heading then (for humans reading the lock and its diffs)."""


@dataclass(slots=True)
class Lock:
    """Recorded fingerprints: document id -> section key -> entry."""

    documents: dict[str, dict[str, LockEntry]] = field(default_factory=dict)
    path: Path | None = None

    def get(self, doc_id: str, key: str) -> LockEntry | None:
        return self.documents.get(doc_id, {}).get(key)


def _natural(key: str) -> tuple[tuple[int, int | str], ...]:
    """Sort ``1.2`` before ``1.10`` and numbers before words."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", key) if p)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def dump_lock(lock: Lock) -> str:
    """The lock as YAML: sorted documents and sections, one section per line (merge-friendly)."""
    out = [_LOCK_HEADER, f"version: {LOCK_VERSION}\n", "documents:"]
    docs = {k: v for k, v in lock.documents.items() if v}
    if not docs:
        return "".join(out) + " {}\n"
    out.append("\n")
    for doc_id in sorted(docs, key=_natural):
        out.append(f"  {_q(doc_id)}:\n")
        sections = docs[doc_id]
        for key in sorted(sections, key=_natural):
            entry = sections[key]
            out.append(
                f"    {_q(key)}: {{fingerprint: {_q(entry.fingerprint)}, title: {_q(entry.title)}}}\n"
            )
    return "".join(out)


def parse_lock(text: str, path: Path | str = "ctools.lock.yaml") -> Lock:
    """Read lock YAML; a malformed lock is an error naming the file (and line)."""
    from ..config import YamlProblem, load_yaml

    try:  # no anchors/aliases, bounded depth: a lock from a pull request is input too
        data = load_yaml(text) if text.strip() else {}
    except YamlProblem as exc:
        raise CtoolsError(f"invalid lock file: {exc.message}", path, exc.line + 1) from None
    data = data or {}
    if not isinstance(data, dict) or not isinstance(data.get("documents") or {}, dict):
        raise CtoolsError("invalid lock file: expected `documents:` mapping", path)
    if data.get("version", LOCK_VERSION) != LOCK_VERSION:
        raise CtoolsError(f"unsupported lock file version {data.get('version')!r}", path)
    lock = Lock(path=Path(path))
    for doc_id, sections in (data.get("documents") or {}).items():
        if not isinstance(sections, dict):
            raise CtoolsError(f"invalid lock file: `{doc_id}` must map section keys", path)
        entries: dict[str, LockEntry] = {}
        for key, value in sections.items():
            if not isinstance(value, dict) or not isinstance(value.get("fingerprint"), str):
                raise CtoolsError(f"invalid lock file: `{doc_id}.{key}` needs a fingerprint", path)
            entries[str(key)] = LockEntry(value["fingerprint"], str(value.get("title") or ""))
        lock.documents[str(doc_id)] = entries
    return lock


def load_lock(path: Path) -> Lock:
    """Read the lock file; a missing file is an empty lock."""
    from ..io import read_bytes

    if not os.path.lexists(path):
        return Lock(path=path)
    try:
        text = read_bytes(path).decode("utf-8")  # bounded; FIFOs and devices refused
    except UnicodeDecodeError as exc:
        raise CtoolsError(f"cannot read lock file: {exc}", path) from None
    return parse_lock(text, path)


_LOCK_CACHE: dict[Path, tuple[int, Lock]] = {}


def lock_for(config: Config) -> Lock:
    """The configured lock file (``config.root / config.lock``), cached until it changes."""
    path = config.root / config.lock
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    cached = _LOCK_CACHE.get(path)
    if cached is None or cached[0] != stamp:
        cached = _LOCK_CACHE[path] = (stamp, load_lock(path))
    return cached[1]


def write_lock(lock: Lock, path: Path) -> None:
    from ..io import atomic_write

    atomic_write(path, dump_lock(lock).encode("utf-8"))
