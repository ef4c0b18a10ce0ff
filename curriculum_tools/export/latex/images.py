"""Where an image reference points: a file inside the source root, or why it cannot be used."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote

if TYPE_CHECKING:
    from ...assets import LinkIndex
    from ...model import Document

ImageStatus = Literal["ok", "missing", "remote", "outside", "unsupported", "site"]


@dataclass(frozen=True, slots=True)
class ImageRef:
    """What an image reference in a document points to."""

    status: ImageStatus
    file: Path | None = None
    """The file to copy (status ``ok`` only)."""
    detail: str = ""
    """Why it is not usable, for the warning (``""`` for a ``site`` image: nothing to warn)."""


ImageLookup = Callable[["Document", str], ImageRef]

_IMAGE_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".pdf": (b"%PDF-",),
}


def source_root(doc: Document) -> Path:
    """The folder holding the language folders (``source/``), or the document's own folder."""
    path = doc.path.resolve()
    if doc.rel:
        depth = len(PurePosixPath(doc.rel).parts)
        if len(path.parents) > depth:
            return path.parents[depth]
    return path.parent


def find_image(doc: Document, src: str) -> ImageRef:
    """Resolve an image reference on disk: inside the source root, PNG/JPEG/PDF only."""
    src = src.strip()
    if re.match(r"(?i)^[a-z][a-z0-9+.\-]*:", src) or src.startswith("//"):
        if re.match(r"(?i)^(https?:)?//", src):
            return ImageRef("remote", detail="remote images are not downloaded")
        return ImageRef("outside", detail="only files inside the source folder are used")
    path_part = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if not path_part or "\x00" in path_part:
        return ImageRef("missing", detail="empty image path")
    root = source_root(doc).resolve()
    base = root if path_part.startswith("/") else doc.path.resolve().parent
    candidate = base / path_part.lstrip("/")
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):
        return ImageRef("missing", detail=f"image `{src}` not found")
    if not resolved.is_relative_to(root):
        return ImageRef("outside", detail="image path leaves the source folder")
    if not resolved.is_file():
        return ImageRef("missing", detail=f"image `{src}` not found")
    suffix = resolved.suffix.lower()
    magic = _IMAGE_MAGIC.get(suffix)
    if magic is None:
        return ImageRef("unsupported", detail="only PNG, JPEG and PDF images can be used")
    try:
        with open(resolved, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return ImageRef("missing", detail="image cannot be read")
    if not head.startswith(magic):
        return ImageRef("unsupported", detail=f"file content is not {suffix[1:].upper()}")
    return ImageRef("ok", resolved)


def resolve_image(
    doc: Document, src: str, links: LinkIndex | None, lookup: ImageLookup = find_image
) -> ImageRef:
    """The image through the one resolver (:mod:`curriculum_tools.assets`) that HTML, Anki and
    the ``missing-image`` rule use: the same verdict and the same words (``image `x` not
    found``) everywhere; a site path (``/images/x.png`` into no folder of the project) is a
    quiet placeholder, as in HTML and lint. The file itself is then checked by ``lookup``."""
    from ...assets import resolve
    from ..sanitize import is_remote

    if links is None or is_remote(src):
        return lookup(doc, src)
    target = resolve(src, doc, links)
    if target.kind == "site":
        return ImageRef("site")
    if target.kind == "outside":
        return ImageRef("outside", detail=f"image `{src}` is outside the project")
    if target.kind not in ("file", "document") or target.path is None:
        return ImageRef("missing", detail=f"image `{src}` not found")
    return lookup(doc, src)
