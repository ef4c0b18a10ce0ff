"""Writing ``.apkg`` files: note types rendered from the templates, images packed under
content-hash names, and the zip Anki imports."""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import tempfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ...views import display_path
from .. import render_template
from .model import IMAGE_SUFFIXES, NOTE_TYPES, CardKind

if TYPE_CHECKING:
    import jinja2

    from ...model import Document

_IMG_RE = re.compile(r"<img\b[^>]*>")
_SRC_RE = re.compile(r'\bsrc="([^"]*)"')
_ALT_RE = re.compile(r'\balt="([^"]*)"')


def build_note_types(env: jinja2.Environment) -> dict[CardKind, Any]:
    """genanki models of every card kind, their templates and CSS rendered by Jinja."""
    import genanki

    from ..markup import pygments_css

    models: dict[CardKind, Any] = {}
    for kind, spec in NOTE_TYPES.items():
        context = {"kind": kind, "name": spec.name, "fields": spec.fields}
        css = render_template(env, "style.css.j2", {"pygments_css": pygments_css(), **context})
        templates = [
            {
                "name": card,
                "qfmt": render_template(env, f"{stem}.front.html.j2", {"card": card, **context}),
                "afmt": render_template(env, f"{stem}.back.html.j2", {"card": card, **context}),
            }
            for card, stem in spec.cards
        ]
        models[kind] = genanki.Model(
            spec.model_id,
            spec.name,
            fields=[{"name": name} for name in spec.fields],
            templates=templates,
            css=css,
            model_type=genanki.Model.CLOZE if spec.cloze else genanki.Model.FRONT_BACK,
        )
    return models


def source_root(doc: Document) -> Path:
    """The folder images must stay inside: the source root (``<root>/<lang>/<rel>``)."""
    path = Path(os.path.abspath(doc.path))
    if doc.rel:
        depth = len(PurePosixPath(doc.rel).parts)
        if depth < len(path.parents):
            return path.parents[depth]
    return path.parent


class MediaPacker:
    """Images of the notes: checked, copied under content-hash names, and referenced by them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: dict[Path, str] = {}
        self.problems: dict[tuple[Path, str], str | None] = {}
        self.warnings: list[str] = []

    def resolve(self, src: str, doc: Document) -> str | None:
        """The media name for an image ``src`` of ``doc``, or None (with a warning) if unusable."""
        key = (doc.path, src)
        if key in self.problems:
            return self.problems[key]
        name, problem = self._pack(src, doc)
        if problem:
            line = _image_line(doc, src)
            self.warnings.append(f"{display_path(doc.path)}:{line}: {problem}: {src}")
        self.problems[key] = name
        return name

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
        data = real.read_bytes()
        name = hashlib.sha256(data).hexdigest()[:20] + suffix
        (self.folder / name).write_bytes(data)
        self.names[real] = name
        return name, None

    def rewrite(self, fragment: str, doc: Document, used: set[str]) -> str:
        """Point ``<img src>`` at packed media; drop images that cannot be packed."""

        def replace(match: re.Match[str]) -> str:
            tag = match.group(0)
            src_match = _SRC_RE.search(tag)
            if src_match is None:
                return tag
            src = html.unescape(src_match.group(1))
            if re.match(r"^(?:[a-z][a-z0-9+.\-]*:|//)", src, re.I):
                return tag  # remote image: shown when online, not packed
            name = self.resolve(src, doc)
            if name is None:
                alt = _ALT_RE.search(tag)
                label = alt.group(1) if alt and alt.group(1) else html.escape(Path(src).name)
                return f'<span class="missing-image">[{label}]</span>'
            used.add(name)
            return tag.replace(src_match.group(0), f'src="{html.escape(name)}"')

        return _IMG_RE.sub(replace, fragment)


def package_bytes(package: Any, media: list[Path], timestamp: float) -> bytes:
    """The ``.apkg`` (a zip of ``collection.anki2``, ``media`` and the numbered media files).

    Does what ``genanki.Package.write_to_file`` does, but compressed and without leaving
    its temporary database behind (genanki never deletes it).
    """
    import itertools
    import json
    import sqlite3
    import zipfile

    with tempfile.TemporaryDirectory(prefix="ctools-apkg-") as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(db, "collection.anki2")
            archive.writestr("media", json.dumps({str(i): p.name for i, p in enumerate(media)}))
            for i, path in enumerate(media):
                archive.write(path, str(i))
    return buffer.getvalue()


def _image_line(doc: Document, src: str) -> int:
    for block in doc.all_blocks():
        for image in block.images:
            if image.value in (src, unquote(src)):
                return image.line
    return 1
