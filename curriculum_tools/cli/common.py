"""Options and helpers shared by the commands (kept light: imported at start-up)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..config import Config
    from ..project import Problem

FORMAT_TEXT_JSON = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)


def load_settings() -> Config:
    """Load ``ctools.yaml`` found by walking up from the current folder (errors exit 2)."""
    from ..config import load_config

    return load_config()


def report_problems(problems: Iterable[Problem]) -> bool:
    """Print each unreadable or skipped file on one line (names escaped); True when any of
    them is an input error, which makes the command exit 2 once it has done the rest."""
    from ..errors import shown

    failed = False
    for problem in problems:
        click.echo(f"{shown(problem.path)}:{problem.line or 1}: {problem.message}", err=True)
        failed = failed or not problem.skipped
    return failed
