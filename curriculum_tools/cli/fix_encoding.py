"""``ctools fix-encoding``: repair mojibake and convert legacy encodings, in place and atomically.

Thin: the file loop is :func:`curriculum_tools.encoding.files.fix_paths`; this prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CtoolsError
from .common import load_settings


@click.command("fix-encoding")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Report only problems, not repaired files.")
def fix_encoding(paths: tuple[Path, ...], check: bool, show_diff: bool, quiet: bool) -> None:
    """Repair mojibake and convert legacy encodings (CP949, UTF-16) to UTF-8, in place.

    PATHS are Markdown files or folders (default: the configured source folder); `-` reads
    standard input and writes the repaired text to standard output. Files are replaced
    atomically (permissions and a byte order mark kept); clean files are never touched, and a
    reconstruction the tool is not sure of is reported, not written. Exit codes: 0 nothing to
    do or repaired, 1 changes needed (--check/--diff) or a file is damaged beyond repair (its
    original is needed), 2 a file could not be read or decoded.
    """
    from ..encoding.files import Status, Summary, diff, examine, fix_paths, report
    from ..errors import shown
    from ..io import read_stream
    from ..views import display_path

    dry = check or show_diff
    if paths == (Path("-"),):
        result = examine(Path("<stdin>"), read_stream(sys.stdin.buffer), write=False)  # bounded
        if result.status is Status.ERROR or result.status is Status.SKIPPED:
            raise CtoolsError(result.message, "<stdin>")
        assert result.repair is not None
        for line in report("<stdin>", result.repair):
            click.echo(line, err=True)
        if result.status is Status.UNRECOVERABLE:
            click.echo(f"<stdin>: error: {result.message}", err=True)
        sys.stdout.buffer.write(result.repair.data)
        summary = Summary()
        summary.add(result)
        sys.exit(summary.exit_code(dry))

    if not paths:
        cfg = load_settings()
        paths = (cfg.root / cfg.source,)
    for path in paths:
        if not path.exists():
            raise CtoolsError("no such file or folder", path)
    summary = Summary()
    for result in fix_paths(paths, write=not dry):
        summary.add(result)
        name = shown(display_path(result.path))
        if result.status is Status.SKIPPED:
            click.echo(f"{name}: skipped: {result.message}", err=True)
        elif result.status is Status.ERROR or result.status is Status.UNRECOVERABLE:
            click.echo(f"{name}: error: {result.message}", err=True)
        elif result.status is Status.CHANGED and result.repair is not None:
            if not quiet or result.repair.uncertain:
                for line in report(name, result.repair):
                    click.echo(line, err=True)
            if show_diff:
                click.echo(diff(name, result.repair.original, result.repair.text), nl=False)
    verb = "would change" if dry else "repaired"
    tail = f", {summary.unrecoverable} unrecoverable" if summary.unrecoverable else ""
    click.echo(
        f"{summary.checked} files checked, {summary.changed} {verb}{tail}, {summary.failed} failed",
        err=True,
    )
    sys.exit(summary.exit_code(dry))
