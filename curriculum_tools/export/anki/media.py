"""The images of Anki notes: only files inside the source folder, named by content hash.

Resolution happens while the note fields are rendered (on the tokens, before sanitizing):
a usable image's ``src`` becomes its media name, any other a ``[label]`` stand-in.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ...views import display_path
from .model import IMAGE_SUFFIXES

if TYPE_CHECKING:
    from ...assets import LinkIndex
    from ...model import Document


def source_root(doc: Document) -> Path:
    """The folder images must stay inside: the source root (``<root>/<lang>/<rel>``)."""
    path = Path(os.path.abspath(doc.path))
    if doc.rel:
        depth = len(PurePosixPath(doc.rel).parts)
        if depth < len(path.parents):
            return path.parents[depth]
    return path.parent


class MediaIndex:
    """Images of the notes: checked, named by a hash of their content (so the same image is
    one media file however often it is used), listed for packing."""

    def __init__(self, links: LinkIndex | None = None) -> None:
        self.links = links
        """The run's link index: images are judged by the one resolver, in its words."""
        self.names: dict[Path, str] = {}
        self.files: dict[str, Path] = {}
        """Media name -> the file to pack."""
        self.problems: dict[tuple[Path, str], str | None] = {}
        self.warnings: list[str] = []

    def resolve(self, src: str, doc: Document) -> str | None:
        """The media name for an image ``src`` of ``doc``, or None (with a warning) if unusable."""
        key = (doc.path, src)
        if key in self.problems:
            return self.problems[key]
        name, problem = self._judge(src, doc)
        if problem:
            line = _image_line(doc, src)
            said = problem if problem.startswith("image `") else f"{problem}: {src}"
            self.warnings.append(f"{display_path(doc.path)}:{line}: {said}")
        self.problems[key] = name
        return name

    def _judge(self, src: str, doc: Document) -> tuple[str | None, str | None]:
        """The resolver's verdict first (the same as HTML, LaTeX and ``missing-image``), then
        the packing checks of :meth:`_pack`. A site path is left out quietly."""
        if self.links is not None and not src.startswith(("http://", "https://", "//")):
            from ...assets import resolve

            target = resolve(src, doc, self.links)
            if target.kind == "site":
                return None, None
            if target.kind == "outside":
                return None, f"image `{src}` is outside the project"
            if target.kind not in ("file", "document") or target.path is None:
                return None, f"image `{src}` not found"
        return self._pack(src, doc)

    def _pack(self, src: str, doc: Document) -> tuple[str | None, str | None]:
        rel = unquote(src.split("#", 1)[0].split("?", 1)[0])
        if not rel:
            return None, "empty image path"
        if rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", rel):
            return None, "absolute image path, not packed (use a path relative to the document)"
        root = source_root(doc)
        base = Path(os.path.abspath(doc.path)).parent
        if not Path(os.path.normpath(base / rel)).is_relative_to(root):
            return None, "image outside the source folder, not packed"
        try:
            real = (base / rel).resolve(strict=True)
        except (OSError, RuntimeError):
            return None, "image not found"
        if not real.is_relative_to(root.resolve()):
            return None, "image links outside the source folder, not packed"
        if not real.is_file():
            return None, "image not found"
        suffix = real.suffix.lower()
        if suffix not in IMAGE_SUFFIXES:
            return None, "not an image file, not packed"
        if real in self.names:
            return self.names[real], None
        from ...errors import InputError
        from ...io import read_bytes

        try:  # the bounded reader: at most the size limit, regular files only
            data = read_bytes(real)
        except InputError as exc:
            return None, f"image not packed: {exc.reason}"
        name = hashlib.sha256(data).hexdigest()[:20] + suffix
        self.names[real] = name
        self.files[name] = real
        return name, None


_IMAGE_LINES: list[tuple[Document, dict[str, int]]] = []


def _image_line(doc: Document, src: str) -> int:
    """The line of an image's first use: a lookup in a table built once per document (not a
    scan per image, which made thousands of images quadratic)."""
    if not _IMAGE_LINES or _IMAGE_LINES[0][0] is not doc:
        table: dict[str, int] = {}
        for block in doc.all_blocks():
            for image in block.images:
                table.setdefault(image.value, image.line)
        _IMAGE_LINES[:] = [(doc, table)]
    table = _IMAGE_LINES[0][1]
    return table.get(src) or table.get(unquote(src)) or 1
