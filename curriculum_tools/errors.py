"""Errors that reach the user as a one-line message (never a traceback)."""

from __future__ import annotations

import re
from pathlib import Path

import click

_UNSAFE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def shown(path: Path | str) -> str:
    """A file name printable on one line of any terminal: control characters (a newline in
    a name) and bytes that are not UTF-8 (kept by Python as surrogates) are escaped as
    ``\\n`` and ``\\xff``; everything else is unchanged, so applying it twice is harmless."""
    text = str(path)
    if not _UNSAFE.search(text):
        return text  # the common case: nothing to escape
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a raw byte of a non-UTF-8 name (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


class CtoolsError(click.ClickException):
    """A usage, configuration or input error: exit code 2, message names file and line."""

    exit_code = 2

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        location = ""
        if path is not None:
            location = f"{shown(path)}:{line}: " if line else f"{shown(path)}: "
        super().__init__(location + message)
        self.path = path
        self.line = line
        self.reason = message
        """The message without the ``path:line:`` prefix."""


class InputError(CtoolsError):
    """A file that cannot be read as Markdown text (binary, wrong encoding, too large)."""


class BinaryFileError(InputError):
    """The file holds NUL bytes: it is not text. Commands skip it with a message."""
