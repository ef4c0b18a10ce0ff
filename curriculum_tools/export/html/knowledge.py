"""What ``lint`` and ``status`` know, attached to the sections the site shows.

The side-by-side page shows in each row its translation state (``ok``, ``stale`` with the
English commit from git history or the lock, ``missing``, ``untranslated``, ``orphan``)
and the findings of both sides (rule, message); the status page shows the same per row,
totals and a progress bar per document. One lint run and one status judgement per export,
with the same lock and git history ``ctools status`` uses.
"""

from __future__ import annotations

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


def _owner(doc: Document, line: int) -> Section | None:
    """The innermost section holding ``line``."""
    found = None
    for section in doc.walk():
        if section.line <= line <= max(section.end_line, section.line):
            found = section
    return found


def gather(corpus: Corpus, lock: Lock, history: GitHistory | None) -> Knowledge:
    """Lint findings and section states of the corpus, by section."""
    from ...lint import check
    from ...status import section_states, status_pairs

    known = Knowledge(history=history)
    by_path = {doc.path: doc for doc in corpus.documents}
    for finding in check(corpus, corpus.config).findings:
        doc = by_path.get(finding.path)
        section = _owner(doc, finding.line) if doc is not None else None
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
    for section in sections:
        if section is not None:
            for item in known.findings.get(id(section), ()):
                if item not in out:
                    out.append(item)
    return out
