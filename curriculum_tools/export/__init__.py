"""Exporters: the shared model -> a context dict -> Jinja templates -> files.

Each format is one module here with an exporter object registered in :data:`EXPORTERS`
(``"name": "module:attribute"``, imported lazily). An exporter receives the loaded
:class:`~curriculum_tools.project.Corpus` and an :class:`ExportOptions`, writes into
``options.out`` (a fresh staging folder, swapped into place when the export succeeds), and
returns an :class:`ExportResult`.

Templates are package data under ``curriculum_tools/templates/<format>/``; a user's
``--templates DIR`` overrides any of them by file name (:func:`make_env`).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..text import own_lines

if TYPE_CHECKING:
    import jinja2

    from ..config import Config
    from ..model import Document, Section
    from ..project import Corpus

EXPORTERS: dict[str, str] = {
    "anki": "curriculum_tools.export.anki:EXPORTER",
    "html": "curriculum_tools.export.html:EXPORTER",
    "latex": "curriculum_tools.export.latex:EXPORTER",
}
"""Format name -> ``"module:attribute"`` of its exporter (read-only registry)."""


@dataclass(slots=True)
class ExportOptions:
    """What the user asked for, resolved."""

    out: Path
    """The folder to write into (a staging folder; see :func:`staged_output`)."""
    config: Config
    templates: Path | None = None
    """A folder of user templates overriding bundled ones by file name."""
    lang: str = "both"
    """``en``, ``ko`` (the configured languages) or ``both``: which languages to export."""
    pdf: bool = False
    """LaTeX: also compile with the TeX engine when installed."""
    progress: Callable[[str], None] | None = None
    """Called with a short label as each unit of work finishes (drives a progress bar)."""


@dataclass(slots=True)
class ExportResult:
    """What an exporter did: files written (relative to its output folder) and problems."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """``path:line: message`` texts; the export still succeeded."""
    errors: list[str] = field(default_factory=list)
    """``path:line: message`` texts; the command exits 1."""
    stats: dict[str, int] = field(default_factory=dict)
    """Counts for the closing summary (pages, images, notes, ...)."""


class Exporter(Protocol):
    name: str

    def export(self, corpus: Corpus, options: ExportOptions) -> ExportResult: ...


def get_exporter(name: str) -> Exporter:
    module_name, attr = EXPORTERS[name].split(":")
    exporter: Exporter = getattr(importlib.import_module(module_name), attr)
    return exporter


def make_env(fmt: str, user_dir: Path | None = None, **options: Any) -> jinja2.Environment:
    """A Jinja environment for ``fmt``: user templates first, then the bundled ones.

    Undefined variables are errors (``StrictUndefined``). ``options`` go to the
    Environment (LaTeX passes its own delimiters, HTML turns autoescape on).
    """
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(jinja2.PackageLoader("curriculum_tools", f"templates/{fmt}"))
    options.setdefault("autoescape", False)
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        **options,
    )


def section_markdown(doc: Document, section: Section) -> str:
    """The Markdown source of a section's own content (its heading and subsections excluded)."""
    return "\n".join(own_lines(doc, section)).strip("\n") + "\n"


def preamble_markdown(doc: Document) -> str:
    """The Markdown source between the front matter and the first heading."""
    lines = doc.lines
    start = doc.front_matter_lines[1] if doc.front_matter_lines else 0
    flat = doc.walk()
    end = flat[0].line - 1 if flat else len(lines)
    return "\n".join(lines[start:end]).strip("\n") + "\n"


@contextlib.contextmanager
def staged_output(final: Path) -> Iterator[Path]:
    """Yield a fresh staging folder beside ``final``; on success swap it into place.

    Two exports into the same folder never mix files: each writes its own staging folder
    and the swap happens under a lock, so the folder holds one complete export or the other.
    On error the staging folder is removed and ``final`` is left as it was.
    """
    import fcntl

    final = final.resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))
    try:
        yield stage
        os.chmod(stage, 0o755)
        lock_path = final.parent / f".{final.name}.lock"
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            old = None
            if final.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
                os.rename(final, old / "x")
            os.rename(stage, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def write_text(root: Path, rel: str | Path, text: str) -> Path:
    """Write a UTF-8 file under ``root`` (inside a staging folder: no temp-file dance needed)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Path(rel)
