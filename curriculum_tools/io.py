"""File I/O at the edges: reading Markdown safely and writing files atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import BinaryFileError, InputError

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
MAX_BYTES = 64 * 1024 * 1024
"""Files larger than this are refused rather than parsed (bounded memory)."""


def decode_markdown(data: bytes, path: Path | str) -> str:
    """Decode UTF-8 (a BOM is allowed) or raise an error naming file and line."""
    if b"\x00" in data:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(
                "file is UTF-16, not UTF-8: run `ctools fix-encoding` to convert it", path
            )
        raise BinaryFileError("binary file (NUL bytes), skipped", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}): "
            "run `ctools fix-encoding` to repair or convert it",
            path,
            line,
        ) from None


def read_markdown(path: Path) -> str:
    """Read a Markdown file as text, refusing binary, undecodable or huge files."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file too large ({size} bytes > {MAX_BYTES})", path)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None
    return decode_markdown(data, path)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically: temp file in the same folder, fsync, rename.

    The file's permission bits are kept. A crash at any point leaves either the old or
    the new content, never a mix.
    """
    path = Path(path)
    try:
        mode: int | None = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def iter_markdown(
    paths: Iterable[Path], suffixes: tuple[str, ...] = MARKDOWN_SUFFIXES
) -> Iterator[Path]:
    """Expand folders into their Markdown files (sorted; hidden entries and symlinks leading
    outside the folder are skipped)."""
    for path in paths:
        if path.is_dir():
            top = path.resolve()
            for child in sorted(path.rglob("*")):
                rel_parts = child.relative_to(path).parts
                if any(part.startswith(".") for part in rel_parts):
                    continue
                if child.suffix.lower() not in suffixes or not child.is_file():
                    continue
                if child.is_symlink() and not child.resolve().is_relative_to(top):
                    continue  # a link leading out of the folder is not part of it
                yield child
        else:
            yield path
