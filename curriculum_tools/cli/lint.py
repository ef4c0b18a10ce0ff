"""``ctools lint`` and ``ctools rules``: check translations, list the rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import load_settings

FORMATS = ["text", "json", "sarif", "github"]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help="Output format.",
)  # fmt: skip
@click.option("--fix", is_flag=True, help="Apply the fixes of fixable rules, then report the rest.")
def lint(paths: tuple[Path, ...], fmt: str, fix: bool) -> None:
    """Check documents and their translations; exit 1 when a finding is an error.

    PATHS are files or folders (default: the configured source folder). A single file is
    checked together with its counterpart in the other language.
    """
    from ..lint import fix_files, run
    from ..report import render, summary

    cfg = load_settings()
    result = run(list(paths), cfg)
    if fix:
        outcomes = fix_files(result)
        for outcome in outcomes:
            if outcome.refused:
                click.echo(f"{outcome.path}: {outcome.refused}", err=True)
            else:
                click.echo(f"{outcome.path}: {outcome.fixed} fix(es) applied", err=True)
        if any(o.fixed for o in outcomes):
            result = run(list(paths), cfg)
    out = render(result, fmt)
    if out:
        click.echo(out)
    if fmt == "text" and sys.stderr.isatty():
        s = summary(result)
        click.echo(
            f"{s['files']} files, {s['pairs']} pairs: {s['errors']} errors,"
            f" {s['warnings']} warnings, {s['infos']} infos",
            err=True,
        )
    sys.exit(result.exit_code)


@click.command()
@click.argument("name", required=False)
def rules(name: str | None) -> None:
    """List the lint rules, or print the documentation of rule NAME."""
    from ..lint import registry

    reg = registry()
    if name:
        if name not in reg:
            raise click.BadParameter(
                f"unknown rule `{name}` (see `ctools rules`)", param_hint="NAME"
            )
        spec = reg[name]
        click.echo(f"# {spec.name}\n")
        click.echo(
            f"Default severity: {spec.severity}. Scope: {spec.scope}."
            f" Fixable: {'yes' if spec.fixable else 'no'}."
        )
        click.echo("\n" + spec.doc)
        return
    width = max(len(n) for n in reg)
    for spec in reg.values():
        fixable = "fixable" if spec.fixable else ""
        click.echo(
            f"{spec.name:<{width}}  {spec.severity:<7}  {spec.scope:<12}  {fixable:<7}  {spec.summary}"
        )
