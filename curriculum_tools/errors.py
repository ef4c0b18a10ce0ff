"""Errors that reach the user as a one-line message (never a traceback)."""

from __future__ import annotations

from pathlib import Path

import click


class CtoolsError(click.ClickException):
    """A usage, configuration or input error: exit code 2, message names file and line."""

    exit_code = 2

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        location = ""
        if path is not None:
            location = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(location + message)
        self.path = path
        self.line = line


class InputError(CtoolsError):
    """A file that cannot be read as Markdown text (binary, wrong encoding, too large)."""


class BinaryFileError(InputError):
    """The file holds NUL bytes: it is not text. Commands skip it with a message."""
