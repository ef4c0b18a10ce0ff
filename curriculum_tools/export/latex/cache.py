"""Incremental PDF builds: a ``.tex`` whose inputs did not change is not compiled again.

The key of a unit is the SHA-256 of everything the engine reads that ctools controls: the
engine command and Lua sandbox, the ``.tex`` text, every side file (code) and every copied
image. A hit copies the stored PDF and log into the export and replays the stored outcome
(errors and warnings are reported again, so a rebuild says what the first build said).
Entries live in the user's cache folder (``$CTOOLS_CACHE_DIR``, else
``$XDG_CACHE_HOME/ctools``, else ``~/.cache/ctools``) under ``pdf/``; ``CTOOLS_NO_CACHE``
turns the cache off. Fonts and the TeX installation are outside the key: after upgrading
them, clear ``pdf/``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .log import CompileOutcome

if TYPE_CHECKING:
    from .context import TexUnit

_VERSION = "1"


def pdf_cache_root() -> Path | None:
    """The folder of stored PDFs, or None when caching is off."""
    if os.environ.get("CTOOLS_NO_CACHE"):
        return None
    from ...confine import inside_the_project

    base = os.environ.get("CTOOLS_CACHE_DIR")
    if base:
        root = Path(base) / "pdf"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = (Path(xdg) if xdg else Path.home() / ".cache") / "ctools" / "pdf"
    # a commit could plant PDFs (and rendered .tex) there, published as if compiled
    return None if inside_the_project(root) else root


def unit_key(out: Path, unit: TexUnit, command: list[str]) -> str:
    """The hash of a unit's ``.tex`` and its inputs, as written into ``out``."""
    digest = hashlib.sha256(_VERSION.encode())
    digest.update("\0".join(command).encode())
    for arg in command:  # the sandbox script is part of the command's meaning
        if arg.startswith("--lua="):
            digest.update(Path(arg[6:]).read_bytes())
    digest.update((out / unit.tex).read_bytes())
    folder = (out / unit.tex).parent
    for rel in sorted({*unit.assets, *unit.copies}):
        digest.update(b"\0" + rel.encode() + b"\0")
        digest.update((folder / rel).read_bytes())
    return digest.hexdigest()


def load(root: Path | None, key: str, out: Path, unit: TexUnit) -> CompileOutcome | None:
    """The stored outcome of ``key`` with its PDF and log copied next to the ``.tex``."""
    if root is None:
        return None
    entry = root / key[:2] / key
    try:
        data = json.loads((entry / "outcome.json").read_text("utf-8"))
        target = (out / unit.tex).with_suffix("")
        for suffix in (".pdf", ".log"):
            if (entry / f"x{suffix}").exists():
                shutil.copyfile(entry / f"x{suffix}", f"{target}{suffix}")
        return CompileOutcome(**data)
    except (OSError, ValueError, TypeError):
        return None


def store(root: Path | None, key: str, out: Path, unit: TexUnit, outcome: CompileOutcome) -> None:
    """Keep a successful build (a failed one is compiled again next time)."""
    if root is None or not outcome.pdf or outcome.errors:
        return
    entry = root / key[:2] / key
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".new-", dir=entry.parent))
        source = (out / unit.tex).with_suffix("")
        for suffix in (".pdf", ".log"):
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", tmp / f"x{suffix}")
        data = dataclasses.asdict(outcome)
        (tmp / "outcome.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        os.replace(tmp, entry) if not entry.exists() else shutil.rmtree(tmp)
    except OSError:
        return
