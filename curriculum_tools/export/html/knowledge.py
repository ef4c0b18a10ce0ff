"""What ``lint`` and ``status`` know, attached to the sections the site shows.

The side-by-side page shows in each row its translation state (``ok``, ``stale`` with the
English commit from git history or the lock, ``missing``, ``untranslated``, ``orphan``)
and the findings of both sides (rule, message); the status page shows the same per row,
totals and a progress bar per document. One lint run and one status judgement per export,
with the same lock and git history ``ctools status`` uses.
"""

from __future__ import annotations

import os
import sys
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from ...model import Document, DocumentPair, Section
    from ...project import Corpus
    from ...status import GitHistory, Lock, SectionState


@dataclass(slots=True)
class Knowledge:
    findings: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    """``id(section)`` -> its findings (``rule``, ``severity``, ``message``, ``line``)."""
    states: dict[int, SectionState] = field(default_factory=dict)
    """``id(section)`` (either side) -> the state of its row."""
    history: GitHistory | None = None
    pairs: list[tuple[DocumentPair, list[SectionState]]] = field(default_factory=list)
    """Every pair ``ctools status`` lists, with its rows' states (the status page's data)."""

    def state_of(self, section: Section | None) -> dict[str, str] | None:
        """The row state of a section for a template (``state``, ``since``)."""
        st = self.states.get(id(section)) if section is not None else None
        if st is None:
            return None
        since = ""
        if st.state == "stale":
            if st.since is not None:
                since = f"English changed in {st.since.describe()}"
            elif st.recorded:
                since = "English changed since it was marked synced"
        return {"state": st.state, "since": since}


class _Owners:
    """The innermost section holding a line, for every line of a document, in O(log n):
    sections in pre-order have non-decreasing heading lines, so the candidate is the last
    one starting at or before the line, or the nearest ancestor of it still open there."""

    __slots__ = ("_lines", "_parents", "_sections")

    def __init__(self, doc: Document) -> None:
        self._sections = doc.walk()
        self._lines = [s.line for s in self._sections]
        index = {id(s): i for i, s in enumerate(self._sections)}
        self._parents = [-1] * len(self._sections)
        for i, section in enumerate(self._sections):
            for child in section.children:
                self._parents[index[id(child)]] = i

    def owner(self, line: int) -> Section | None:
        i = bisect_right(self._lines, line) - 1
        while i >= 0:
            section = self._sections[i]
            if line <= max(section.end_line, section.line):
                return section
            i = self._parents[i]
        return None


Row = tuple[Path, int, str, str, str, tuple[Path, int] | None]
"""A lint finding as the pages show it: path, line, rule, severity, message, counterpart."""


def _rows(corpus: Corpus) -> list[Row]:
    """One ``lint`` run over the corpus (:func:`curriculum_tools.lint.check`, the public
    entry point), reduced to what the pages show. Pairs whose files (and every file their
    findings consulted) are unchanged since a ``ctools lint`` or an export take their
    findings from the lint result cache, as in ``ctools lint`` (:mod:`...lint_cache`; off
    with ``CTOOLS_NO_CACHE=1``); the findings are the same either way."""
    from ...lint import check, registry
    from ...lint_cache import LintCache

    cache = LintCache.open([], corpus.config, None, registry())
    found = check(corpus, corpus.config, cache=cache).findings
    return [(f.path, f.line, f.rule, f.severity, f.message, f.counterpart) for f in found]


def lint_in_background(corpus: Corpus) -> Callable[[], list[Row]]:
    """Start the export's one lint run; the returned function waits for its findings.

    Where processes fork (Linux) and a second core is idle, lint runs in a forked child
    while the parent renders the document pages (which show no findings): the export then
    costs about the longer of the two instead of their sum (the token streams, which both
    need, are made first and shared by the fork). Elsewhere, or when the child
    fails, lint runs in this process when the findings are asked for; the findings are the
    same either way. (On a busy machine the fork only adds work: copying the pages the
    child touches costs about a second of CPU on the rust book.)
    """
    import multiprocessing
    import pickle

    if not _free_core():
        return lambda: _rows(corpus)
    for doc in corpus.documents:  # parsed once, before the fork: both processes read them
        doc.tokens  # noqa: B018 (a lazy property: the markdown-it tokens, re-made after the cache)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_lint_child, args=(corpus, send), daemon=True)
    try:
        child.start()
    except OSError:
        return lambda: _rows(corpus)
    send.close()

    def wait() -> list[Row]:
        try:
            got = receive.recv()
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):  # a child that died
            got = None
        finally:
            receive.close()
            child.join()
        return got if isinstance(got, list) else _rows(corpus)

    return wait


def _free_core() -> bool:
    """Linux, two cores or more, and a load average that leaves one of them idle."""
    if not sys.platform.startswith("linux") or not hasattr(os, "sched_getaffinity"):
        return False
    cores = len(os.sched_getaffinity(0))
    try:
        load = os.getloadavg()[0]
    except OSError:
        return False
    return cores >= 2 and load <= cores - 1


def _lint_child(corpus: Corpus, send: Connection) -> None:
    try:
        send.send(_rows(corpus))
    except Exception:  # the parent lints itself on anything else than a list
        send.send(None)
    finally:
        send.close()


def _place(
    owners: dict[Path, _Owners], path: Path, line: int, other: tuple[Path, int] | None
) -> Section | None:
    """The section a finding belongs to: the innermost one holding its line, or the one
    holding its counterpart's line when that is deeper (``section-missing`` is reported on
    the blank line where the missing section would go, which only the title section holds;
    its counterpart is the English section the row shows)."""
    mine = owners.get(path)
    own = mine.owner(line) if mine is not None else None
    there = owners.get(other[0]) if other is not None else None
    theirs = there.owner(other[1]) if there is not None and other is not None else None
    if theirs is not None and (own is None or theirs.level > own.level):
        return theirs
    return own


def gather(
    corpus: Corpus,
    lock: Lock,
    history: GitHistory | None,
    findings: Callable[[], list[Row]] | None = None,
) -> Knowledge:
    """Lint findings and section states of the corpus, by section (``findings``: a pending
    lint run from :func:`lint_in_background`; default: lint now)."""
    from ...status import section_states, status_pairs

    known = Knowledge(history=history)
    owners = {doc.path: _Owners(doc) for doc in corpus.documents}
    for path, line, rule, severity, message, other in (findings or (lambda: _rows(corpus)))():
        section = _place(owners, path, line, other)
        if section is None:
            continue
        item = {"rule": rule, "severity": severity, "message": message, "line": str(line)}
        known.findings.setdefault(id(section), []).append(item)
    for pair in status_pairs(corpus):
        states = section_states(pair, lock, history)
        known.pairs.append((pair, states))
        for st in states:
            for section in (st.en, st.ko):
                if section is not None:
                    known.states[id(section)] = st
    return known


def row_findings(known: Knowledge, *sections: Section | None) -> list[dict[str, Any]]:
    """The findings of a row's sections, each once."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    for section in sections:
        if section is not None:
            for item in known.findings.get(id(section), ()):
                key = tuple(item.values())
                if key not in seen:
                    seen.add(key)
                    out.append(item)
    return out


def needs_review(state: str, findings: list[dict[str, Any]]) -> bool:
    """An ``ok`` row (in sync by the lock or git history) that lint still finds a warning or
    an error in (``50,304`` in one language, ``50,257`` in the other): shown as ``review``,
    never as ``ok``."""
    return state == "ok" and any(f.get("severity") in ("warning", "error") for f in findings)
