"""Options and helpers shared by the commands (kept light: imported at start-up)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..config import Config

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
