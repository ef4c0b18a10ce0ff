"""The ``ctools`` command line: one Click group whose commands load lazily.

Each command lives in its own small module here (``cli/<name>.py``): it reads options,
imports the core inside its body, calls one core function, prints, and returns an exit
code. Listing a command below is the only registration needed.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from .. import __version__

COMMANDS: dict[str, str] = {
    "tree": "curriculum_tools.cli.inspect:tree",
    "align": "curriculum_tools.cli.inspect:align",
    "export": "curriculum_tools.cli.export:export",
    "fix-encoding": "curriculum_tools.cli.fix_encoding:fix_encoding",
    "status": "curriculum_tools.cli.status:status",
    "scaffold": "curriculum_tools.cli.scaffold:scaffold",
    "lint": "curriculum_tools.cli.lint:lint",
    "rules": "curriculum_tools.cli.lint:rules",
    "glossary": "curriculum_tools.cli.glossary:glossary",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module_name, attr = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ctools")
def main() -> None:
    """ctools: parse, align, repair, lint and export bilingual (English/Korean) Markdown.

    Start with `ctools tree FILE` and `ctools align source/`; `ctools lint source/` checks
    that both languages line up section by section.
    """
