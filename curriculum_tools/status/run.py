"""The ``ctools status`` command as one core call per mode (the CLI only parses options)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import shown
from .explain import explanations
from .history import git_history
from .lockfile import load_lock, write_lock
from .states import STATES, mark_synced, status_report
from .text import status_text

if TYPE_CHECKING:
    from ..config import Config
    from ..project import Corpus


@dataclass(slots=True)
class Outcome:
    """What the command prints and its exit code."""

    out: str
    errors: list[str] = field(default_factory=list)
    exit_code: int = 0


def _problems(corpus: Corpus) -> list[str]:
    return [shown(f"{p.path}:{p.line or 1}: {p.message}") for p in corpus.problems]


def check_states(names: Sequence[str]) -> list[str]:
    """The unknown names among ``names`` (states for ``--fail-on``)."""
    return [x for x in names if x not in STATES]


def status_run(
    paths: Sequence[Path],
    config: Config,
    *,
    fmt: str = "text",
    show_all: bool = False,
    fail_on: Sequence[str] = (),
    explain: bool = False,
    color: bool = False,
    columns: int = 100,
) -> Outcome:
    """Load, judge and render; exit 1 when a section's state is in ``fail_on``."""
    from ..project import load_corpus

    lock = load_lock(config.root / config.lock)
    corpus = load_corpus(list(paths), config)
    history = git_history(config.root)  # for documents the lock does not know
    report = status_report(corpus, lock, history)
    notes = explanations(corpus, lock, history) if explain else {}
    if fmt == "json":
        for doc in report["documents"]:
            for row in doc["sections"]:
                if (doc["id"], row["line"]) in notes:
                    row["explain"] = notes[(doc["id"], row["line"])]
        out = json.dumps(report, ensure_ascii=False, indent=2)
    else:
        out = status_text(
            report, show_all=show_all, color=color, columns=columns, explanations=notes
        )
    failing = any(row["state"] in fail_on for doc in report["documents"] for row in doc["sections"])
    problems = _problems(corpus)  # a file that cannot be read is an input error: exit 2
    return Outcome(out, problems, 2 if problems else 1 if failing else 0)


def mark_run(paths: Sequence[Path], config: Config, section: str | None = None) -> Outcome:
    """``--mark-synced``: record the English fingerprints of ``paths`` in the lock file."""
    from ..project import load_corpus

    lock_path = config.root / config.lock
    lock = load_lock(lock_path)
    corpus = load_corpus(list(paths), config)
    result = mark_synced(corpus.pairs, lock, section)
    write_lock(lock, lock_path)
    problems = _problems(corpus)
    skipped = [f"skipped {doc_id} {key}: {why}" for doc_id, key, why in result.skipped]
    message = f"marked {len(result.marked)} sections synced in {lock_path}"
    return Outcome(message, problems + skipped, 2 if problems else 0)
