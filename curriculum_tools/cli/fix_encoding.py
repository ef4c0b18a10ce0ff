"""``ctools fix-encoding``: repair mojibake and convert legacy encodings, in place and atomically."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import CtoolsError
from .common import load_settings

if TYPE_CHECKING:
    from ..fix_encoding import Repair


def _report(name: str, repair: Repair) -> list[str]:
    """Per-file report lines: what was found, then each uncertain spot with its line."""
    if not repair.changed:
        return []
    found = []
    if repair.encoding != "utf-8":
        found.append(f"decoded from {repair.encoding}")
    if repair.chain:
        rebuilt = sum(1 for s in repair.spots if s.kind != "lossless")
        found.append(
            f"mojibake {' + '.join(repair.chain)}: {len(repair.spots)} spots repaired"
            + (f", {rebuilt} reconstructed" if rebuilt else "")
            + f", {len(repair.uncertain)} uncertain"
        )
    lines = [f"{name}: {'; '.join(found) or 'repaired'}"]
    for spot in repair.uncertain:
        others = ", ".join(repr(c) for c in spot.candidates[1:4])
        lines.append(
            f"{name}:{spot.line}:{spot.column}: uncertain: {spot.before!r} -> {spot.after!r} "
            f"(confidence {spot.confidence:.2f}" + (f"; or {others})" if others else ")")
        )
    return lines


def _diff(name: str, before: str, after: str) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            f"a/{name}",
            f"b/{name}",
        )
    )


@click.command("fix-encoding")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Report only problems, not repaired files.")
def fix_encoding(paths: tuple[Path, ...], check: bool, show_diff: bool, quiet: bool) -> None:
    """Repair mojibake and convert legacy encodings (CP949, UTF-16) to UTF-8, in place.

    PATHS are Markdown files or folders (default: the configured source folder); `-` reads
    standard input and writes the repaired text to standard output. Files are replaced
    atomically (permissions kept); clean files are never touched. Exit codes: 0 nothing to
    do or repaired, 1 changes needed (--check/--diff), 2 a file could not be read or decoded.
    """
    from ..fix_encoding import EncodingError, repair_bytes
    from ..io import atomic_write, iter_markdown
    from ..parse import skeleton
    from ..views import display_path

    if paths == (Path("-"),):
        data = sys.stdin.buffer.read()
        try:
            repair = repair_bytes(data)
        except EncodingError as exc:
            raise CtoolsError(str(exc), "<stdin>") from None
        for line in _report("<stdin>", repair):
            click.echo(line, err=True)
        sys.stdout.buffer.write(repair.data)
        sys.exit(1 if check and repair.changed else 0)

    if not paths:
        cfg = load_settings()
        paths = (cfg.root / cfg.source,)
    for path in paths:
        if not path.exists():
            raise CtoolsError("no such file or folder", path)
    changed = failed = checked = 0
    for path in iter_markdown(paths):
        name = display_path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            click.echo(f"{name}: cannot read: {exc.strerror}", err=True)
            failed += 1
            continue
        checked += 1
        try:
            repair = repair_bytes(data)
        except EncodingError as exc:
            skipped = "binary" in str(exc)
            click.echo(f"{name}: {'skipped' if skipped else 'error'}: {exc}", err=True)
            failed += 0 if skipped else 1
            continue
        if not repair.changed:
            continue
        changed += 1
        if not quiet or repair.uncertain:
            for line in _report(name, repair):
                click.echo(line, err=True)
        if show_diff:
            click.echo(_diff(name, repair.original, repair.text), nl=False)
        if check or show_diff:
            continue
        if skeleton(repair.original) != skeleton(repair.text):
            click.echo(
                f"{name}: error: the repair would change the heading structure; not written",
                err=True,
            )
            failed += 1
            continue
        atomic_write(path, repair.data)
    verb = "would change" if check or show_diff else "repaired"
    click.echo(f"{checked} files checked, {changed} {verb}, {failed} failed", err=True)
    if failed:
        sys.exit(2)
    sys.exit(1 if changed and (check or show_diff) else 0)
