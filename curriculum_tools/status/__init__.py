"""Translation status: which sections of a translation are missing, untranslated or out of date.

The package is split by concern:

- :mod:`.sections`: section keys, fingerprints and content keys (what "changed" means);
- :mod:`.lockfile`: the lock file written by ``ctools status --mark-synced``;
- :mod:`.history`: staleness from git history when the lock does not know a document;
- :mod:`.states`: the state of every row of a document pair, reports, marking synced;
- :mod:`.explain`: the English diff behind a stale section;
- :mod:`.text`: the terminal table; :mod:`.run`: the command as one call per mode.
"""

from __future__ import annotations

from ..text import own_end
from .explain import explain_git, explain_stale, explanations
from .history import Change, GitHistory, git_history, pair_changes
from .lockfile import (
    LOCK_VERSION,
    Lock,
    LockEntry,
    dump_lock,
    load_lock,
    lock_for,
    parse_lock,
    write_lock,
)
from .run import Outcome, mark_run, status_run
from .sections import (
    content_key,
    find_section,
    fingerprint_text,
    section_fingerprint,
    section_keys,
    section_source,
)
from .states import (
    STATES,
    MarkResult,
    SectionState,
    State,
    is_untranslated,
    mark_synced,
    pair_report,
    section_states,
    status_pairs,
    status_report,
    summarize,
)
from .text import status_text

__all__ = [
    "LOCK_VERSION",
    "STATES",
    "Change",
    "GitHistory",
    "Lock",
    "LockEntry",
    "MarkResult",
    "Outcome",
    "SectionState",
    "State",
    "content_key",
    "dump_lock",
    "explain_git",
    "explain_stale",
    "explanations",
    "find_section",
    "fingerprint_text",
    "git_history",
    "is_untranslated",
    "load_lock",
    "lock_for",
    "mark_run",
    "mark_synced",
    "own_end",
    "pair_changes",
    "pair_report",
    "parse_lock",
    "section_fingerprint",
    "section_keys",
    "section_source",
    "section_states",
    "status_pairs",
    "status_report",
    "status_run",
    "status_text",
    "summarize",
    "write_lock",
]
