"""Explaining stale sections: the English diff since the translation was last in sync."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Document, Section
from .history import Change, GitHistory, explain_since, git
from .lockfile import Lock
from .sections import section_fingerprint, section_keys, section_source
from .states import section_states, status_pairs

if TYPE_CHECKING:
    from ..project import Corpus


def explain_stale(doc: Document, section: Section, recorded: str, *, limit: int = 500) -> str:
    """Unified diff of the English section from its last synced version (found in git) to now.

    Walks ``git log --follow`` of the file, newest first, and takes the newest commit whose
    version of the section (same key) has the recorded fingerprint.
    """
    from ..parse import parse_text

    folder = doc.path.resolve().parent
    top = git(["rev-parse", "--show-toplevel"], folder)
    if top is None:
        return "(no git history here: cannot show what changed since the section was synced)"
    root = Path(top.strip())
    rel = doc.path.resolve().relative_to(root.resolve()).as_posix()
    log = git(["log", "--follow", f"-n{limit}", "--format=%x00%H", "--name-only", "--", rel], root)
    if not log:
        return f"(no commit of {rel} in git history: cannot show what changed)"
    key = section_keys(doc)[section.index]
    now = section_source(doc, section)
    commit = None
    path_then = rel
    for chunk in log.split("\0")[1:]:
        lines = [x for x in chunk.splitlines() if x.strip()]
        commit, path_then = lines[0], (lines[1] if len(lines) > 1 else path_then)
        text = git(["show", f"{commit}:{path_then}"], root)
        if text is None:
            continue
        old = parse_text(text, path_then, doc.lang, doc.rel, doc.syntax)
        old_keys = section_keys(old)
        match = next((s for s in old.walk() if old_keys[s.index] == key), None)
        if match is None or section_fingerprint(old, match) != recorded:
            continue
        then = section_source(old, match)
        return _diff(then, now, f"{path_then} @ {commit[:10]} (synced)", f"{rel} (now)")
    return (
        f"(no commit of {rel} has section {key} as it was when marked synced; "
        "it was probably marked from uncommitted text)"
    )


def explain_git(history: GitHistory, doc: Document, section: Section, synced: Change) -> str:
    """Unified diff of the English section from the version at ``synced`` (the translation's
    last change) to now."""
    key = section_keys(doc)[section.index]
    now = section_source(doc, section)
    then = explain_since(history, doc, key, synced) if synced.order >= 0 else None
    if then is None:
        return f"(section {key} has no version in git history before its translation changed)"
    rel = history.relpath(doc) or str(doc.path)
    return _diff(then, now, f"{rel} @ {synced.short} (translation last changed)", f"{rel} (now)")


def _diff(then: str, now: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        then.splitlines(), now.splitlines(), fromfile=before, tofile=after, lineterm=""
    )
    return "\n".join(lines) or "(no textual change: only whitespace differs)"


def explanations(
    corpus: Corpus, lock: Lock, history: GitHistory | None = None
) -> dict[tuple[str, int], str]:
    """(document id, English line) of every stale section -> its explanation."""
    out: dict[tuple[str, int], str] = {}
    for pair in status_pairs(corpus):
        if pair.en is None:
            continue
        for st in section_states(pair, lock, history):
            if st.state != "stale" or st.en is None:
                continue
            if st.recorded:
                text = explain_stale(pair.en, st.en, st.recorded)
            elif history is not None and st.synced is not None:
                text = explain_git(history, pair.en, st.en, st.synced)
            else:
                continue
            out[(pair.en.doc_id, st.en.line)] = text
    return out
