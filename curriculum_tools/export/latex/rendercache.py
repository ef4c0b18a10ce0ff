"""A rebuild with no change renders nothing: the ``.tex`` files of the last export come back
from the cache when every input hashes the same.

The key covers everything rendering reads: the ctools code and templates (bundled and
``--templates``), the settings and options, the current folder (paths in messages are relative
to it), every document's path and text, and the size and modification time of every other
file in the project (``{{#include}}`` sources, images; folders starting with ``.`` and export
folders, which hold ``.ctools-export.json``, are skipped). Any change there renders again.
A hit writes the stored ``.tex`` and side files, copies the images again and gives back units
that the compile step (:mod:`.build`, its own PDF cache) needs: no Markdown is tokenized.
Entries live beside the PDF cache (``render/``); ``CTOOLS_NO_CACHE`` turns both off.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...assets import source_root
from .cache import pdf_cache_root
from .context import TexUnit

if TYPE_CHECKING:
    from ...project import Corpus
    from .. import ExportOptions
    from .settings import LatexSettings

_VERSION = "1"
_PACKAGE = Path(__file__).resolve().parents[2]
_MARKER = ".ctools-export.json"


def _tree(root: Path) -> list[str]:
    """``path size mtime`` of every file under ``root`` (not hidden, not an export)."""
    rows: list[str] = []
    for folder, dirs, files in os.walk(root):
        if _MARKER in files:
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            rows.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    return rows


def _code(templates: Path | None) -> str:
    digest = hashlib.sha256()
    folders = [_PACKAGE] + ([templates] if templates is not None else [])
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2", ".lua", ".yaml", ".json"):
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def render_key(corpus: Corpus, options: ExportOptions, settings: LatexSettings) -> str | None:
    """The hash of every input of rendering, or None when caching is off."""
    if pdf_cache_root() is None:
        return None
    digest = hashlib.sha256(_VERSION.encode())
    parts = [
        _code(options.templates),
        repr(settings),
        options.lang,
        os.getcwd(),
        repr(options.config),
    ]
    digest.update("\0".join(parts).encode())
    roots = {corpus.config.root.resolve()}
    for doc in corpus.documents:
        digest.update(f"\0{doc.path.resolve()}\0{doc.lang}\0{doc.rel}\0".encode())
        digest.update(doc.text.encode("utf-8", "surrogatepass"))
        top = source_root(doc)
        if top is not None:
            roots.add(top)
    for root in sorted(roots):
        if not any(r in root.parents for r in roots):
            digest.update("\n".join(_tree(root)).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _entry(key: str) -> Path | None:
    root = pdf_cache_root()
    return None if root is None else root.parent / "render" / key[:2] / key


def store(key: str, out: Path, units: list[TexUnit]) -> None:
    """Keep the written ``.tex`` and side files of ``units`` and what compiling needs."""
    entry = _entry(key)
    if entry is None:
        return
    data: dict[str, Any] = {"units": [], "files": {}}
    for unit in units:
        folder = Path(unit.tex).parent
        data["files"][unit.tex] = (out / unit.tex).read_text("utf-8")
        for rel in unit.assets:
            data["files"][str(folder / rel)] = (out / folder / rel).read_text("utf-8")
        data["units"].append(
            {
                "tex": unit.tex,
                "template": unit.template,
                "assets": sorted(unit.assets),
                "copies": {rel: str(p) for rel, p in unit.copies.items()},
                "code_origin": unit.code_origin,
                "sources": [str(d.path) for d in unit.sources],
                "warnings": unit.warnings,
                "remote": unit.remote,
            }
        )
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".new-", dir=entry.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False)
        os.replace(tmp, entry)
    except OSError:
        return


def load(key: str, out: Path, corpus: Corpus) -> tuple[list[TexUnit], list[Path]] | None:
    """The units of a stored render, their files written into ``out``; None on a miss."""
    entry = _entry(key)
    if entry is None:
        return None
    try:
        data = json.loads(entry.read_text("utf-8"))
        docs = {str(d.path): d for d in corpus.documents}
        units: list[TexUnit] = []
        for raw in data["units"]:
            unit = TexUnit(
                tex=raw["tex"],
                template=raw["template"],
                context={},
                assets=dict.fromkeys(raw["assets"], ""),
                copies={rel: Path(p) for rel, p in raw["copies"].items()},
                code_origin={
                    name: [(int(b[0]), str(b[1]), int(b[2])) for b in blocks]
                    for name, blocks in raw["code_origin"].items()
                },
                sources=[docs[p] for p in raw["sources"]],
                warnings=raw["warnings"],
                remote=raw["remote"],
            )
            units.append(unit)
        written: list[Path] = []
        names = [*data["files"], *(r for u in units for r in u.copies)]
        if any(Path(n).is_absolute() or ".." in Path(n).parts for n in names):
            return None  # never written outside the export folder, whatever the cache holds
        for rel, text in data["files"].items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
            written.append(Path(rel))
        for unit in units:
            folder = Path(unit.tex).parent
            for rel, source in unit.copies.items():
                (out / folder / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, out / folder / rel)
                written.append(folder / rel)
        return units, written
    except (OSError, ValueError, KeyError, TypeError):
        return None
