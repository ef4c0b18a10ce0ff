"""``ctools status``: which sections of each translation are missing, untranslated or stale."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import click

from .common import FORMAT_TEXT_JSON, load_settings, report_problems

_STATES = ("ok", "missing", "untranslated", "stale", "orphan")


def _states(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    names = tuple(x.strip() for x in value.split(",") if x.strip())
    bad = [x for x in names if x not in _STATES]
    if bad:
        raise click.BadParameter(f"unknown state {', '.join(bad)} (known: {', '.join(_STATES)})")
    return names


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@FORMAT_TEXT_JSON
@click.option("--all", "show_all", is_flag=True, help="List `ok` sections too.")
@click.option(
    "--fail-on",
    callback=_states,
    metavar="STATES",
    help="Comma-separated states (e.g. `stale,missing`): exit 1 if any section has one.",
)
@click.option("--explain", is_flag=True, help="Show the English diff of each stale section (git).")
@click.option(
    "--mark-synced",
    "mark",
    is_flag=True,
    help="Record the English sections of PATHS as translated up to date (in the lock file).",
)
@click.option(
    "--section",
    metavar="N",
    help="With --mark-synced: only this section (number, id or slug).",
)
def status(
    paths: tuple[Path, ...],
    fmt: str,
    show_all: bool,
    fail_on: tuple[str, ...],
    explain: bool,
    mark: bool,
    section: str | None,
) -> None:
    """Per document pair and section: ok, missing, untranslated, stale or orphan.

    PATHS are files or folders (default: the configured source folder). A section is
    stale when its English text changed since a translator ran `--mark-synced`; sections
    never marked count as ok (shown as `unsynced` in the summary). Exit code 0 unless
    `--fail-on` matches (1) or a file cannot be read (2).
    """
    from ..project import load_corpus
    from ..status import (
        explain_stale,
        load_lock,
        mark_synced,
        section_states,
        status_pairs,
        status_report,
        status_text,
        write_lock,
    )

    if section is not None and not mark:
        raise click.UsageError("--section only goes with --mark-synced")
    cfg = load_settings()
    lock_path = cfg.root / cfg.lock
    lock = load_lock(lock_path)
    corpus = load_corpus(list(paths), cfg)
    failed = report_problems(corpus.problems)

    if mark:
        result = mark_synced(corpus.pairs, lock, section)
        write_lock(lock, lock_path)
        for doc_id, key, why in result.skipped:
            click.echo(f"skipped {doc_id} {key}: {why}", err=True)
        click.echo(f"marked {len(result.marked)} sections synced in {lock_path}")
        sys.exit(2 if failed else 0)

    report = status_report(corpus, lock)
    explanations: dict[tuple[str, int], str] = {}
    if explain:
        for pair in status_pairs(corpus):
            for st in section_states(pair, lock):
                if st.state == "stale" and pair.en is not None and st.en and st.recorded:
                    explanations[(pair.en.doc_id, st.en.line)] = explain_stale(
                        pair.en, st.en, st.recorded
                    )
    if fmt == "json":
        if explain:
            for doc in report["documents"]:
                for row in doc["sections"]:
                    if (doc["id"], row["line"]) in explanations:
                        row["explain"] = explanations[(doc["id"], row["line"])]
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        columns = shutil.get_terminal_size((100, 24)).columns
        text = status_text(
            report, show_all=show_all, color=color, columns=columns, explanations=explanations
        )
        click.echo(text, color=color)
    if failed:
        sys.exit(2)
    if fail_on and any(
        row["state"] in fail_on for doc in report["documents"] for row in doc["sections"]
    ):
        sys.exit(1)
