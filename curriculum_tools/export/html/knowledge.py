"""What ``lint`` and ``status`` know, attached to the sections the site shows.

The side-by-side page shows in each row its translation state (``ok``, ``stale`` with the
English commit from git history or the lock, ``missing``, ``untranslated``, ``orphan``)
and the findings of both sides (rule, message); the status page shows the same per row,
totals and a progress bar per document. One lint run and one status judgement per export,
with the same lock and git history ``ctools status`` uses.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...model import Document, Section
    from ...project import Corpus
    from ...status import GitHistory, Lock, SectionState


@dataclass(slots=True)
class Knowledge:
    findings: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    """``id(section)`` -> its findings (``rule``, ``severity``, ``message``, ``line``)."""
    states: dict[int, SectionState] = field(default_factory=dict)
    """``id(section)`` (either side) -> the state of its row."""
    history: GitHistory | None = None

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


def gather(corpus: Corpus, lock: Lock, history: GitHistory | None) -> Knowledge:
    """Lint findings and section states of the corpus, by section."""
    from ...lint import check
    from ...status import section_states, status_pairs

    known = Knowledge(history=history)
    owners = {doc.path: _Owners(doc) for doc in corpus.documents}
    for finding in check(corpus, corpus.config).findings:
        found = owners.get(finding.path)
        section = found.owner(finding.line) if found is not None else None
        if section is None:
            continue
        item = {
            "rule": finding.rule,
            "severity": finding.severity,
            "message": finding.message,
            "line": str(finding.line),
        }
        known.findings.setdefault(id(section), []).append(item)
    for pair in status_pairs(corpus):
        for st in section_states(pair, lock, history):
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
