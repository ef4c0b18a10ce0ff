"""Translation status: which sections of a translation are missing, untranslated or out of date.

Every aligned row of a document pair gets one state:

``ok``
    translated, and the English section is unchanged since it was last marked synced
    (or was never marked: then ``unsynced`` is also set and counted in the summary);
``missing``
    the English section has no Korean counterpart;
``untranslated``
    the Korean section's prose is still in the source language
    (:func:`curriculum_tools.language.prose_language`);
``stale``
    the English section changed since a translator marked it synced;
``orphan``
    a Korean section with no English counterpart.

Staleness is decided by content, not timestamps. A section's *fingerprint* hashes its own
source lines (heading to first subsection) with every whitespace run collapsed, so re-wrapping a paragraph or editing a subsection does not make the parent stale.
``ctools status --mark-synced`` records fingerprints in the lock file (``ctools.lock.yaml``
beside ``ctools.yaml``), keyed by document id and section key::

    # ctools translation lock: ...
    version: 1
    documents:
      curriculum:
        "1": {fingerprint: "3b0c44298fc1c149", title: "Introduction"}
        "1.1": {fingerprint: "9f86d081884c7d65", title: "Early Language Models"}

Everything here is pure except :func:`load_lock`, :func:`write_lock` and
:func:`explain_stale` (which runs ``git``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import CtoolsError
from .model import Document, DocumentPair, Section
from .text import own_end

if TYPE_CHECKING:
    from .config import Config
    from .project import Corpus

State = Literal["ok", "missing", "untranslated", "stale", "orphan"]
STATES: tuple[State, ...] = ("ok", "stale", "untranslated", "missing", "orphan")
LOCK_VERSION = 1
_LOCK_HEADER = (
    "# ctools translation lock: English section fingerprints recorded by\n"
    "# `ctools status --mark-synced`. Commit it beside the sources; one section per line.\n"
)


# --- fingerprints ---------------------------------------------------------------------------


def section_source(doc: Document, section: Section) -> str:
    """The section's own source lines, heading included, without trailing blank lines."""
    lines = doc.lines[section.line - 1 : own_end(section)]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def fingerprint_text(text: str) -> str:
    """Hash of text with all whitespace runs (line breaks too) collapsed: 16 hex digits.

    Re-wrapping a paragraph or changing blank lines keeps the fingerprint; any other
    edit changes it.

    >>> fingerprint_text("## 1. Intro\\n\\nSome   text\\n") == fingerprint_text("## 1. Intro Some text")
    True
    """
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def section_fingerprint(doc: Document, section: Section) -> str:
    return fingerprint_text(section_source(doc, section))


def section_keys(doc: Document) -> dict[int, str]:
    """A unique key per section (by ``Section.index``): its key, else its slug on a clash."""
    flat = doc.walk()
    seen: dict[str, int] = {}
    for section in flat:
        seen[section.key] = seen.get(section.key, 0) + 1
    return {s.index: s.key if seen[s.key] == 1 else s.slug for s in flat}


def find_section(doc: Document, wanted: str) -> Section | None:
    """The section named by key, number (``1.2`` or ``1.2.``), explicit id or slug."""
    keys = section_keys(doc)
    bare = wanted.strip().rstrip(".)")
    for section in doc.walk():
        number = section.number.rstrip(".)") if section.number else None
        if wanted in (keys[section.index], section.slug, *section.ids) or bare == number:
            return section
    return None


# --- the lock file --------------------------------------------------------------------------


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
    import json

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
    import yaml

    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CtoolsError(
            f"invalid lock file: {getattr(exc, 'problem', None) or exc}",
            path,
            mark.line + 1 if mark is not None else None,
        ) from None
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
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Lock(path=path)
    except (OSError, UnicodeDecodeError) as exc:
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
    from .io import atomic_write

    atomic_write(path, dump_lock(lock).encode("utf-8"))


# --- states ---------------------------------------------------------------------------------


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

    @property
    def unsynced(self) -> bool:
        """Translated but never marked synced (counted as ok)."""
        return self.state == "ok" and self.recorded is None

    @property
    def section(self) -> Section:
        """The section shown for this row: the English one, else the Korean one."""
        section = self.en or self.ko
        assert section is not None
        return section


def is_untranslated(en: Section, ko: Section) -> bool:
    """True when the Korean section's own prose reads as English (the same line test as the
    ``untranslated`` lint rule; headings, code and ``[[autodoc]]``-style lines decide nothing)."""
    from .language import blocks_language

    return blocks_language(ko.blocks) == "en" and blocks_language(en.blocks) != "ko"


def section_states(pair: DocumentPair, lock: Lock) -> list[SectionState]:
    """One :class:`SectionState` per row of the pair, in the pair's row order.

    A one-sided pair gives ``missing`` (English only) or ``orphan`` (Korean only) rows;
    a document declaring ``translation: none`` gives none.
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
        else:
            out.append(SectionState("ok", row.en, row.ko, key, fp, recorded))
    return out


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


def pair_report(pair: DocumentPair, lock: Lock) -> dict[str, Any]:
    """One document entry of :func:`status_report`."""
    from .views import display_path

    states = section_states(pair, lock)
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
            for st in states
        ],
        "summary": summarize(states)
        | ({"percent_translated": None, "percent_up_to_date": None} if none else {}),
    }


def status_pairs(corpus: Corpus) -> list[DocumentPair]:
    """Every pair of the corpus plus one-sided pairs for its unpaired documents, by path."""
    source, target = corpus.config.languages[0], corpus.config.languages[1]
    pairs = list(corpus.pairs)
    for doc in corpus.unpaired:
        if doc.lang == source:
            pairs.append(DocumentPair(doc, None))
        elif doc.lang == target:
            pairs.append(DocumentPair(None, doc))

    def where(pair: DocumentPair) -> str:
        doc = pair.en or pair.ko
        return str(doc.path) if doc else ""

    return sorted(pairs, key=where)


def status_report(corpus: Corpus, lock: Lock) -> dict[str, Any]:
    """The ``ctools status --format json`` document (pure apart from path display).

    ``{"documents": [{"id", "en", "ko", "translation", "sections": [{"number", "title",
    "line", "state", "key", "unsynced", "en", "ko"}], "summary": {...}}], "summary": {...}}``.
    The HTML exporter's status page reads the same dict.
    """
    docs = [pair_report(pair, lock) for pair in status_pairs(corpus)]
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


# --- marking synced -------------------------------------------------------------------------


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


# --- explaining a stale section with git ------------------------------------------------------


def _git(args: Sequence[str], cwd: Path) -> str | None:
    import subprocess

    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def explain_stale(doc: Document, section: Section, recorded: str, *, limit: int = 500) -> str:
    """Unified diff of the English section from its last synced version (found in git) to now.

    Walks ``git log --follow`` of the file, newest first, and takes the newest commit whose
    version of the section (same key) has the recorded fingerprint.
    """
    import difflib

    from .parse import parse_text

    folder = doc.path.resolve().parent
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top is None:
        return "(no git history here: cannot show what changed since the section was synced)"
    root = Path(top.strip())
    rel = doc.path.resolve().relative_to(root.resolve()).as_posix()
    log = _git(["log", "--follow", f"-n{limit}", "--format=%x00%H", "--name-only", "--", rel], root)
    if not log:
        return f"(no commit of {rel} in git history: cannot show what changed)"
    key = section_keys(doc)[section.index]
    now = section_source(doc, section)
    commit = None
    path_then = rel
    for chunk in log.split("\0")[1:]:
        lines = [x for x in chunk.splitlines() if x.strip()]
        commit, path_then = lines[0], (lines[1] if len(lines) > 1 else path_then)
        text = _git(["show", f"{commit}:{path_then}"], root)
        if text is None:
            continue
        old = parse_text(text, path_then, doc.lang, doc.rel)
        old_keys = section_keys(old)
        match = next((s for s in old.walk() if old_keys[s.index] == key), None)
        if match is None or section_fingerprint(old, match) != recorded:
            continue
        then = section_source(old, match)
        diff = difflib.unified_diff(
            then.splitlines(),
            now.splitlines(),
            fromfile=f"{path_then} @ {commit[:10]} (synced)",
            tofile=f"{rel} (now)",
            lineterm="",
        )
        return "\n".join(diff) or "(no textual change: only whitespace differs)"
    return (
        f"(no commit of {rel} has section {key} as it was when marked synced; "
        "it was probably marked from uncommitted text)"
    )


# --- terminal text --------------------------------------------------------------------------

_COLORS: dict[str, str] = {
    "ok": "green",
    "stale": "yellow",
    "untranslated": "magenta",
    "missing": "red",
    "orphan": "cyan",
}


def _summary_line(summary: dict[str, Any], style: Any, unsynced: bool = True) -> str:
    parts = [
        style(f"{summary[state]} {state}", state)
        for state in STATES
        if summary[state] or state == "ok"
    ]
    line = (
        f"{summary['sections']} sections: {', '.join(parts)} · "
        f"{summary['percent_translated']:g}% translated, "
        f"{summary['percent_up_to_date']:g}% up to date"
    )
    if unsynced and summary["unsynced"]:
        line += f" ({summary['unsynced']} never marked synced)"
    return line


def status_text(
    report: dict[str, Any],
    *,
    show_all: bool = False,
    color: bool = False,
    columns: int = 100,
    explanations: dict[tuple[str, int], str] | None = None,
) -> str:
    """A compact table per document: a summary line, then every section not ``ok``.

    ``show_all`` lists ``ok`` sections too. ``explanations`` maps (document id, line) of
    stale sections to a diff printed below the row.
    """
    from .views import fit

    def style(text: str, state: str) -> str:
        if not color:
            return text
        import click

        return click.style(text, fg=_COLORS.get(state), bold=state != "ok")

    title_width = max(20, columns - 33)  # 32 columns of state, line and number before it
    out: list[str] = []
    for doc in report["documents"]:
        en, ko = doc["en"], doc["ko"]
        if doc["translation"] == "none":
            out.append(f"{en or ko}: translation: none (not translated on purpose)")
            continue
        head = f"{en} ↔ {ko}" if en and ko else f"{en or ko}: no counterpart"
        out.append(head)
        out.append("  " + _summary_line(doc["summary"], style))
        rows = [s for s in doc["sections"] if show_all or s["state"] != "ok"]
        for row in rows:
            state = row["state"] + ("*" if row["unsynced"] else "")
            number = row["number"] or ""
            out.append(
                f"    {style(fit(state, 13), row['state'])}{row['line']:>5}  "
                f"{fit(number, 8)}{fit(row['title'], title_width).rstrip()}"
            )
            diff = (explanations or {}).get((doc["id"], row["line"]))
            for line in diff.splitlines() if diff else ():
                if color and line[:1] in "+-" and line[:3] not in ("+++", "---"):
                    line = style(line, "ok" if line[0] == "+" else "missing")
                out.append("        " + line)
    total = report["summary"]
    if report["documents"]:
        out.append("")
    docs = f"{total['documents']} document" + ("" if total["documents"] == 1 else "s")
    out.append(f"total: {docs}, " + _summary_line(total, style, unsynced=False))
    if total["unsynced"]:
        out.append(
            f"ok*: {total['unsynced']} sections never marked synced (`status --mark-synced`)"
        )
    return "\n".join(out)
