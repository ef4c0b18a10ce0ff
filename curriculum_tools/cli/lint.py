"""``ctools lint`` and ``ctools rules``: check translations, list the rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import load_settings

FORMATS = ["text", "json", "sarif", "github"]


def _rules(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    from ..errors import CtoolsError
    from ..lint import registry
    from ..lint_run import rule_list

    try:
        return rule_list(value, list(registry()))
    except CtoolsError as exc:
        raise click.BadParameter(exc.message) from None


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help="Output format.",
)  # fmt: skip
@click.option("--fix", is_flag=True, help="Apply the fixes of fixable rules, then report the rest.")
@click.option(
    "--select", callback=_rules, metavar="RULES",
    help="Comma-separated rule names: run only these.",
)  # fmt: skip
@click.option(
    "--ignore", callback=_rules, metavar="RULES",
    help="Comma-separated rule names: never run these.",
)  # fmt: skip
@click.option(
    "--baseline", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
    help="Do not report findings recorded in FILE (a legacy tree's known findings).",
)  # fmt: skip
@click.option(
    "--update-baseline", is_flag=True,
    help="With --baseline: record the current findings in FILE, report nothing, exit 0.",
)  # fmt: skip
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option(
    "--max-warnings", type=click.IntRange(min=0), metavar="N",
    help="Exit 1 when there are more than N warnings.",
)  # fmt: skip
@click.option("--summary", "file_summary", is_flag=True, help="Add counts per file.")
def lint(
    paths: tuple[Path, ...],
    fmt: str,
    fix: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    baseline: Path | None,
    update_baseline: bool,
    strict: bool,
    max_warnings: int | None,
    file_summary: bool,
) -> None:
    """Check documents and their translations; exit 1 when a finding is an error.

    PATHS are files or folders (default: the configured source folder). A single file is
    checked together with its counterpart in the other language. With --strict (or more
    warnings than --max-warnings) warnings fail too.
    """
    from ..lint_run import LintOptions, lint_command

    options = LintOptions(
        fmt, fix, select, ignore, baseline, update_baseline, strict, max_warnings, file_summary
    )
    outcome = lint_command(list(paths), load_settings(), options)
    for message in outcome.messages:
        click.echo(message, err=True)
    if outcome.out:
        click.echo(outcome.out)
    if fmt == "text" and sys.stderr.isatty() and outcome.result is not None:
        from ..report import summary

        s = summary(outcome.result)
        hidden = (
            f" ({outcome.result.baselined} in the baseline)" if outcome.result.baselined else ""
        )
        click.echo(
            f"{s['files']} files, {s['pairs']} pairs: {s['errors']} errors,"
            f" {s['warnings']} warnings, {s['infos']} infos{hidden}",
            err=True,
        )
    sys.exit(outcome.exit_code)


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
