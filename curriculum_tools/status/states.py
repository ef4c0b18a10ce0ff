"""Section states of document pairs, the status report and marking sections synced.

Every aligned row of a document pair gets one state:

``ok``
    translated, and the English section is unchanged since it was last synced (or was never
    marked and there is no git history: then ``unsynced`` is also set and counted);
``stale``
    the English section changed since a translator marked it synced (lock file), or, for a
    document the lock does not know, its words changed in a later commit than its Korean
    counterpart's (git history, :mod:`.history`);
``untranslated``
    the Korean section's prose is still in the source language
    (:func:`curriculum_tools.language.prose_language`);
``missing``
    the English section has no Korean counterpart;
``orphan``
    a Korean section with no English counterpart.

Everything here is pure apart from the git reads done through a :class:`GitHistory`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..errors import CtoolsError
from ..model import DocumentPair, Section
from .history import Change, GitHistory, is_newer, pair_changes
from .lockfile import Lock, LockEntry
from .sections import find_section, section_fingerprint, section_keys

if TYPE_CHECKING:
    from ..project import Corpus

State = Literal["ok", "missing", "untranslated", "stale", "orphan"]
STATES: tuple[State, ...] = ("ok", "stale", "untranslated", "missing", "orphan")
"""Every state, in the order reports list them."""


@dataclass(frozen=True, slots=True)
class SectionState:
    """The status of one aligned row of a document pair."""

    state: State
    en: Section | None
    ko: Section | None
    key: str
    """Lock key of the English section (of the Korean one for an orphan)."""
    fingerprint: str | None = None
    """Current fingerprint of the English section."""
    recorded: str | None = None
    """Fingerprint recorded in the lock, if any."""
    since: Change | None = None
    """Git: the English change newer than the translation's last change (stale rows)."""
    synced: Change | None = None
    """Git: the translation's last change (translated rows judged by git history)."""

    @property
    def unsynced(self) -> bool:
        """Translated but neither marked synced nor judged by git history (counted as ok)."""
        return self.state == "ok" and self.recorded is None and self.synced is None

    @property
    def section(self) -> Section:
        """The section shown for this row: the English one, else the Korean one."""
        section = self.en or self.ko
        assert section is not None
        return section


def is_untranslated(en: Section, ko: Section) -> bool:
    """True when the Korean section's own prose reads as English (the same line test as the
    ``untranslated`` lint rule; headings, code and ``[[autodoc]]``-style lines decide nothing)."""
    from ..language import blocks_language

    return blocks_language(ko.blocks) == "en" and blocks_language(en.blocks) != "ko"


def section_states(
    pair: DocumentPair, lock: Lock, history: GitHistory | None = None
) -> list[SectionState]:
    """One :class:`SectionState` per row of the pair, in the pair's row order.

    A one-sided pair gives ``missing`` (English only) or ``orphan`` (Korean only) rows;
    a document declaring ``translation: none`` gives none. Staleness comes from the lock
    when it has entries for the document, else from ``history`` (git) when given.
    """
    en, ko = pair.en, pair.ko
    only = en if ko is None else ko if en is None else None
    if (en is None and ko is None) or (only is not None and only.no_translation):
        return []  # nothing, or one-sided on purpose
    if en is None or ko is None:
        doc = en or ko
        assert doc is not None
        keys = section_keys(doc)
        state: State = "missing" if en is not None else "orphan"
        return [
            SectionState(
                state,
                s if en else None,
                None if en else s,
                keys[s.index],
                section_fingerprint(doc, s) if en else None,
            )
            for s in doc.walk()
        ]
    en_keys, ko_keys = section_keys(en), section_keys(ko)
    by_git = history is not None and not lock.documents.get(en.doc_id)
    changes = pair_changes(history, en, ko) if history is not None and by_git else None
    out: list[SectionState] = []
    for row in pair.rows:
        if row.en is None:
            assert row.ko is not None
            out.append(SectionState("orphan", None, row.ko, ko_keys[row.ko.index]))
            continue
        key = en_keys[row.en.index]
        fp = section_fingerprint(en, row.en)
        entry = lock.get(en.doc_id, key)
        recorded = entry.fingerprint if entry else None
        if row.ko is None:
            out.append(SectionState("missing", row.en, None, key, fp, recorded))
        elif is_untranslated(row.en, row.ko):
            out.append(SectionState("untranslated", row.en, row.ko, key, fp, recorded))
        elif recorded is not None and recorded != fp:
            out.append(SectionState("stale", row.en, row.ko, key, fp, recorded))
        elif changes is not None:
            en_change, ko_change = changes[0].get(key), changes[1].get(ko_keys[row.ko.index])
            if en_change is not None and ko_change is not None and is_newer(en_change, ko_change):
                out.append(
                    SectionState("stale", row.en, row.ko, key, fp, None, en_change, ko_change)
                )
            else:
                out.append(SectionState("ok", row.en, row.ko, key, fp, None, None, ko_change))
        else:
            synced = _NOT_STALE if by_git else None
            out.append(SectionState("ok", row.en, row.ko, key, fp, recorded, None, synced))
    return out


_NOT_STALE = Change("", "", -1)
"""A pair git cleared as a whole (the English file is older than its translation)."""


def summarize(states: Sequence[SectionState]) -> dict[str, Any]:
    """Counts per state, ``unsynced``, and percentages over the English sections."""
    counts: dict[str, Any] = {state: 0 for state in STATES}
    for st in states:
        counts[st.state] += 1
    source = sum(1 for st in states if st.en is not None)
    translated = counts["ok"] + counts["stale"]
    counts["unsynced"] = sum(1 for st in states if st.unsynced)
    counts["sections"] = source
    counts["translated"] = translated
    counts["percent_translated"] = round(100.0 * translated / source, 1) if source else 100.0
    counts["percent_up_to_date"] = round(100.0 * counts["ok"] / source, 1) if source else 100.0
    return counts


def _side(section: Section | None) -> dict[str, Any] | None:
    if section is None:
        return None
    return {"number": section.number, "title": section.title, "line": section.line}


def _changed(st: SectionState) -> dict[str, Any]:
    if st.since is None:
        return {}
    return {"changed": {"commit": st.since.short, "date": st.since.date}}


def pair_report(
    pair: DocumentPair, lock: Lock, history: GitHistory | None = None
) -> dict[str, Any]:
    """One document entry of :func:`status_report`."""
    from ..views import display_path

    states = section_states(pair, lock, history)
    doc = pair.en or pair.ko
    assert doc is not None
    none = (pair.en is None or pair.ko is None) and doc.no_translation
    return {
        "id": doc.doc_id,
        "en": display_path(pair.en.path) if pair.en else None,
        "ko": display_path(pair.ko.path) if pair.ko else None,
        "translation": "none" if none else None,
        "sections": [
            {
                "number": st.section.number,
                "title": st.section.title,
                "line": st.section.line,
                "state": st.state,
                "key": st.key,
                "unsynced": st.unsynced,
                "en": _side(st.en),
                "ko": _side(st.ko),
            }
            | _changed(st)
            for st in states
        ],
        "summary": summarize(states)
        | ({"percent_translated": None, "percent_up_to_date": None} if none else {}),
    }


def status_pairs(corpus: Corpus) -> list[DocumentPair]:
    """Every pair of the corpus plus one-sided pairs for its unpaired documents, in course
    order (:mod:`curriculum_tools.order`), the rest by path."""
    source, target = corpus.config.languages[0], corpus.config.languages[1]
    pairs = list(corpus.pairs)
    for doc in corpus.unpaired:
        if doc.lang == source:
            pairs.append(DocumentPair(doc, None))
        elif doc.lang == target:
            pairs.append(DocumentPair(None, doc))

    def where(pair: DocumentPair) -> tuple[int, str]:
        doc = pair.en or pair.ko
        if doc is None:
            return (len(corpus.order.keys), "")
        return (
            corpus.order.position(doc.rel)[0] if doc.rel else len(corpus.order.keys),
            str(doc.path),
        )

    return sorted(pairs, key=where)


def status_report(corpus: Corpus, lock: Lock, history: GitHistory | None = None) -> dict[str, Any]:
    """The ``ctools status --format json`` document (pure apart from path display).

    ``{"documents": [{"id", "en", "ko", "translation", "sections": [{"number", "title",
    "line", "state", "key", "unsynced", "en", "ko", "changed"?}], "summary": {...}}],
    "summary": {...}}`` (``changed``: the English commit of a section stale by git history).
    The HTML exporter's status page reads the same dict.
    """
    docs = [pair_report(pair, lock, history) for pair in status_pairs(corpus)]
    totals: dict[str, Any] = {state: 0 for state in STATES}
    for name in ("unsynced", "sections", "translated"):
        totals[name] = 0
    for entry in docs:
        for name in totals:
            totals[name] += entry["summary"][name]
    source = totals["sections"]
    totals["percent_translated"] = (
        round(100.0 * totals["translated"] / source, 1) if source else 100.0
    )
    totals["percent_up_to_date"] = round(100.0 * totals["ok"] / source, 1) if source else 100.0
    totals["documents"] = len(docs)
    totals["no_translation"] = sum(1 for d in docs if d["translation"] == "none")
    return {"documents": docs, "summary": totals}


@dataclass(slots=True)
class MarkResult:
    marked: list[tuple[str, str]] = field(default_factory=list)
    """(document id, section key) recorded."""
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    """(document id, section key, why) not recorded."""


def mark_synced(
    pairs: Iterable[DocumentPair], lock: Lock, section: str | None = None
) -> MarkResult:
    """Record the current English fingerprints in ``lock`` (changed in place).

    Without ``section``: every translated row of each pair (the document's entries are
    replaced, so deleted sections drop out; missing and untranslated rows are skipped).
    With ``section``: that one section (key, number, id or slug) of each pair having it;
    none having it is an error.
    """
    result = MarkResult()
    found = False
    for pair in pairs:
        en, ko = pair.en, pair.ko
        if en is None or ko is None or en.no_translation:
            continue
        keys = section_keys(en)
        if section is not None:
            target = find_section(en, section)
            if target is None:
                continue
            found = True
            row = next((r for r in pair.rows if r.en is target), None)
            key = keys[target.index]
            if row is None or row.ko is None:
                result.skipped.append((en.doc_id, key, "missing in the translation"))
                continue
            entries = lock.documents.setdefault(en.doc_id, {})
            entries[key] = LockEntry(section_fingerprint(en, target), target.heading)
            result.marked.append((en.doc_id, key))
            continue
        entries = {}
        for row in pair.rows:
            if row.en is None:
                continue
            key = keys[row.en.index]
            if row.ko is None:
                result.skipped.append((en.doc_id, key, "missing in the translation"))
            elif is_untranslated(row.en, row.ko):
                result.skipped.append((en.doc_id, key, "not translated yet"))
            else:
                entries[key] = LockEntry(section_fingerprint(en, row.en), row.en.heading)
                result.marked.append((en.doc_id, key))
        lock.documents[en.doc_id] = entries
    if section is not None and not found:
        raise CtoolsError(f"no section `{section}` in the selected documents")
    return result


def stale_rows(pair: DocumentPair, lock: Lock, history: GitHistory | None) -> list[SectionState]:
    """The stale rows of a translated pair (what the ``stale-translation`` rule reports)."""
    if pair.en is None or pair.ko is None:
        return []
    if not lock.documents.get(pair.en.doc_id) and history is None:
        return []  # nothing of this document was ever marked synced, and no git history
    return [
        st
        for st in section_states(pair, lock, history)
        if st.state == "stale" and st.en is not None and st.ko is not None
    ]


def stale_message(st: SectionState) -> str:
    """The finding text for a stale row: what changed, and since when (git) or since the sync."""
    assert st.en is not None and st.ko is not None
    head = f"section `{st.ko.heading}` is out of date: English section `{st.en.heading}` changed"
    if st.since is not None:
        return f"{head} in {st.since.describe()}, after the translation last changed"
    return f"{head} since it was marked synced"
