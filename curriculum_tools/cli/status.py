"""``ctools status``: which sections of each translation are missing, untranslated or stale."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from .common import FORMAT_TEXT_JSON, load_settings


def _states(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    from ..status import STATES

    if not value:
        return ()
    names = tuple(x.strip() for x in value.split(",") if x.strip())
    bad = [x for x in names if x not in STATES]
    if bad:
        raise click.BadParameter(f"unknown state {', '.join(bad)} (known: {', '.join(STATES)})")
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
    stale when its English text changed since a translator ran `--mark-synced`; for
    documents the lock file does not list, in a git repository, when its English words
    changed in a later commit than its translation. Sections never marked outside git
    count as ok (shown as `unsynced`). Exit code 0 unless `--fail-on` matches.
    """
    from ..status import mark_run, status_run

    if section is not None and not mark:
        raise click.UsageError("--section only goes with --mark-synced")
    cfg = load_settings()
    if mark:
        outcome = mark_run(list(paths), cfg, section)
    else:
        color = fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        outcome = status_run(
            list(paths),
            cfg,
            fmt=fmt,
            show_all=show_all,
            fail_on=fail_on,
            explain=explain,
            color=color,
            columns=shutil.get_terminal_size((100, 24)).columns,
        )
    for line in outcome.errors:
        click.echo(line, err=True)
    click.echo(outcome.out, color=fmt == "text" and sys.stdout.isatty())
    sys.exit(outcome.exit_code)
