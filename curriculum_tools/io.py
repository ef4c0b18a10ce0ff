"""File I/O at the edges: one bounded reader, one atomic in-place writer.

Every command reads files through :func:`read_bytes` (regular files only, at most
:data:`MAX_BYTES` plus one byte, never blocking on a FIFO or a device) and decodes them with
:func:`decode_markdown`. Every command that changes a user's file writes through
:func:`replace_file` (or :func:`rewrite_text`): a temporary file beside the real target,
fsynced and renamed over it, keeping what the user set up around the file: symlinks are
written through (never out of the project: :mod:`.confine`), hard links, owner, group and
mode are kept, a UTF-8 BOM and CRLF line endings survive, and read-only files are refused. Problems become :class:`InputError`
messages naming the file, never tracebacks.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .budget import check_markup_budget
from .confine import leads_out
from .errors import BinaryFileError, InputError, shown

__all__ = ["shown"]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
MAX_BYTES = 64 * 1024 * 1024
"""Files larger than this are refused rather than parsed (bounded memory)."""
_CHUNK = 1 << 20
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


# --- reading --------------------------------------------------------------------------------


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, refusing anything else or anything over ``limit``.

    FIFOs, sockets and devices (``/dev/zero``, also behind a symlink) are refused before
    they are opened for reading; the file is opened non-blocking and checked again on the
    open descriptor, and at most ``limit + 1`` bytes are ever read.
    """
    _refuse_links_out(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file ({_kind(info.st_mode)}), refused", path)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file ({_kind(info.st_mode)}), refused", path)
        if info.st_size > limit:
            raise InputError(f"file too large ({info.st_size} bytes > {limit})", path)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None
    finally:
        os.close(fd)
    if total > limit:
        raise InputError(f"file too large (more than {limit} bytes)", path)
    return b"".join(chunks)


def _refuse_links_out(path: Path) -> None:
    """Refuse a path that symlinks take out of its project (:mod:`.confine`)."""
    real = leads_out(path)
    if real is not None:
        raise InputError(f"a symlink leading out of the project (to {real}), refused", path)


def read_stream(stream: BinaryIO, name: str = "<stdin>", limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes of a stream (standard input); more is refused, not read."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"input too large (more than {limit} bytes)", name)
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _looks_like_text(text: str) -> bool:
    """No control characters besides whitespace, no unassigned or private code points."""
    for char in text:
        if char < " " and char not in _TEXT_CONTROLS:
            return False
        if char >= "\x7f" and unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs"):
            return False
    return True


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` is provably UTF-16 text without a BOM:
    it decodes strictly under exactly one byte order to text without control characters,
    unassigned code points or NULs, and holds at least one line break or space."""
    if len(data) < 2 or len(data) % 2:
        return None
    found = []
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if ("\n" in text or " " in text) and _looks_like_text(text):
            found.append(name)
    return found[0] if len(found) == 1 else None


def decode_markdown(data: bytes, path: Path | str, *, budget: bool = True) -> str:
    """Decode UTF-8 (a BOM is allowed) or raise an error naming file and line.

    Binary data (NULs among other control bytes) raises :class:`BinaryFileError`, which
    commands skip; text in another Unicode encoding (UTF-32, UTF-16 with or without a BOM)
    and otherwise readable text holding NUL bytes are input errors (exit 2), and so is a
    document over the markup budget (:mod:`curriculum_tools.budget`; ``budget=False`` for
    text that is not Markdown).
    """
    name = path
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError("file is UTF-32, not UTF-8: convert it to UTF-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("file is UTF-16, not UTF-8: run `ctools fix-encoding` to convert it", name)
    if b"\x00" in data:
        if utf16_without_bom(data):
            raise InputError(
                "file is UTF-16 without a byte order mark, not UTF-8: "
                "run `ctools fix-encoding` to convert it",
                name,
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BinaryFileError("binary file (NUL bytes), skipped", name) from None
        if not _looks_like_text(text.replace("\x00", "")):
            raise BinaryFileError("binary file (NUL bytes), skipped", name)
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError("text with a NUL byte: unreadable input, remove it", name, line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}): "
            "run `ctools fix-encoding` to repair or convert it",
            name,
            line,
        ) from None
    if budget:  # Markdown: refused when it holds more markup than its size allows
        check_markup_budget(text, name, len(data))
    return text


def is_binary(data: bytes) -> bool:
    """True for data :func:`decode_markdown` skips as binary (rather than refusing as text
    it cannot read): commands skip such files and fail on the others."""
    try:
        decode_markdown(data, "", budget=False)
    except BinaryFileError:
        return True
    except InputError:
        return False
    return False


def read_source(path: Path) -> tuple[bytes, str]:
    """The bytes of a Markdown file and its text (bounded, decoded as :func:`decode_markdown`)."""
    data = read_bytes(path)
    return data, decode_markdown(data, path)


def read_text(path: Path) -> str:
    """A UTF-8 file that is not a Markdown document (``ctools.yaml``): bounded and decoded
    as :func:`decode_markdown`, without the markup budget."""
    return decode_markdown(read_bytes(path), path, budget=False)


def read_markdown(path: Path) -> str:
    """Read a Markdown file as text, refusing binary, undecodable, huge or special files."""
    return read_source(path)[1]


# --- writing --------------------------------------------------------------------------------


def encode_like(text: str, original: bytes) -> bytes:
    """``text`` as UTF-8 bytes in the conventions of ``original``: its UTF-8 BOM is kept, and
    when every line of ``original`` ended in CRLF, new lines end in CRLF too."""
    data = text.encode("utf-8", "surrogatepass")
    bom = codecs.BOM_UTF8
    if original.startswith(bom) and not data.startswith(bom):
        data = bom + data
    newlines = original.count(b"\n")
    if newlines and original.count(b"\r\n") == newlines:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return data


def rewrite_text(path: Path, text: str, original: bytes) -> bool:
    """Write ``text`` over ``path`` (read as ``original``) in its conventions, unless the
    bytes would not change or the file changed since it was read. True when written."""
    data = encode_like(text, original)
    if data == original:
        return False
    replace_file(path, data, expect=original)
    return True


def replace_file(path: Path, data: bytes, *, expect: bytes | None = None) -> None:
    """Replace an existing file's content atomically, keeping everything around it.

    A symlink is followed to its target, which is replaced (the link stays a link). The
    target's mode, owner and group are kept; a file with other hard links, a read-only
    file, one that is not a regular file, or (with ``expect``) one whose bytes changed since
    they were read is refused with :class:`InputError`. A crash at any point leaves either
    the old or the new content, never a mix. Disk full, read-only folders and other write
    failures become :class:`InputError` naming the file; the temporary file is removed.
    """
    path = Path(path)
    _refuse_links_out(path)
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", path) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"not a regular file ({_kind(info.st_mode)}), not written", path)
    if not info.st_mode & stat.S_IWUSR or not os.access(target, os.W_OK):
        raise InputError("read-only file, not written (make it writable first)", path)
    if info.st_nlink > 1:
        raise InputError(
            f"file has {info.st_nlink} hard links; replacing it would split them, not written",
            path,
        )
    if expect is not None and read_bytes(target) != expect:
        raise InputError("changed while ctools worked on it, not written: run again", path)
    _write_then_rename(path, target, data, info)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``path`` atomically: an existing file goes through :func:`replace_file`; a new
    one is a temporary file in the same folder, fsynced, renamed into place (umask mode)."""
    path = Path(path)
    if os.path.lexists(path):
        replace_file(path, data)
        return
    _refuse_links_out(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", path) from None
    _write_then_rename(path, path, data, None)


def write_cache_entry(path: Path, data: bytes) -> None:
    """Write one entry of a cache ctools alone reads, where a missing or damaged entry is a
    miss (the parse and lint caches): a temporary file in the same folder renamed into place,
    so no reader ever sees it half-written, but not fsynced. An entry a crash loses is simply
    computed again; :func:`atomic_write`'s two fsyncs per file made a first run on a 200-file
    book wait seconds for the disk. Raises ``OSError`` (the caller decides what it costs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle.fileno(), 0o666 & ~umask)
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_then_rename(
    shown_as: Path, target: Path, data: bytes, info: os.stat_result | None
) -> None:
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if info is not None:
                _keep_owner(handle.fileno(), info, shown_as)
                os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(handle.fileno(), 0o666 & ~umask)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        tmp = ""
        with contextlib.suppress(OSError):
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", shown_as) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _keep_owner(fd: int, info: os.stat_result, path: Path) -> None:
    """Give the new file the old one's owner and group, or refuse if that is not allowed."""
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        raise InputError(
            "owned by another user or group that ctools cannot keep; not written", path
        ) from None


# --- walking --------------------------------------------------------------------------------


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
