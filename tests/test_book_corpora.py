"""On the shared real corpora (rust book, smolagents docs): no raw component text in any Anki
field nor in the course book's PDF text. Skipped, with the reason, where the corpora are not
next to the checkout (``../shared/corpora`` or ``../../shared/corpora``)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from curriculum_tools.syntax.registry import DEFAULT_COMPONENTS

from .conftest import ROOT
from .test_export_anki import export, import_folder
from .test_export_latex import ctools, needs_tex

anki_collection = pytest.importorskip("anki.collection")

SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared",
)
CORPORA = [SHARED / "corpora" / name for name in ("smolagents-docs", "rust-book")]
_NAMES = sorted({n for n in DEFAULT_COMPONENTS if n[0] != "["} | {"Question", "Tip", "Youtube"})
_TAGS = "|".join(map(re.escape, _NAMES))
RAW_COMPONENT_RE = re.compile(
    rf"</?(?:{_TAGS})\b|\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]|\{{\{{#(?:rustdoc_)?include\b|"
    r"\[\[(?:autodoc|open-in-colab)\]\]|choices=\{"
)
needs_corpora = pytest.mark.skipif(
    not all(c.is_dir() for c in CORPORA), reason=f"shared corpora not found under {SHARED}"
)


def test_the_check_sees_raw_component_text() -> None:
    for raw in ("<Tip warning={true}>", "[!NOTE]", "{{#rustdoc_include ../x.rs}}", "</hfoption>"):
        assert RAW_COMPONENT_RE.search(raw), raw
    assert not RAW_COMPONENT_RE.search("Option<T> and Vec<Tipping> and <code>")


@pytest.mark.slow
@needs_corpora
@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_no_raw_component_text_in_any_anki_field(corpus: Path, tmp_path: Path) -> None:
    source = tmp_path / corpus.name
    shutil.copytree(corpus, source)
    result = export(source, tmp_path / "anki")
    assert result.errors == [] and len(result.files) == 1
    col: Any = anki_collection.Collection(str(tmp_path / "c.anki2"))
    try:
        import_folder(col, tmp_path / "anki")
        assert col.note_count() == result.stats["notes"]
        for nid in col.find_notes(""):
            for name, value in col.get_note(nid).items():
                text = html.unescape(value)
                assert not RAW_COMPONENT_RE.search(text), (name, text[:300])
                plain = " ".join(re.sub(r"<[^>]+>", " ", text).split())
                assert len(plain) <= 1500 or name != "Content", len(plain)
    finally:
        col.close()


@pytest.mark.slow
@needs_tex
@needs_corpora
def test_no_raw_component_text_in_the_smolagents_book(tmp_path: Path) -> None:
    work = tmp_path / "smolagents-docs"
    shutil.copytree(CORPORA[0], work)
    (work / "ctools.yaml").write_text("export:\n  latex:\n    build: book\n")
    with pytest.MonkeyPatch.context() as env:  # then back to the session's own
        env.setenv("CTOOLS_CACHE_DIR", str(tmp_path / "cache"))
        done = ctools("export", "--format", "latex", "--pdf", ".", cwd=work)
    assert "books 2" in done.stdout, done.stdout + done.stderr
    for lang in ("en", "ko"):
        pdf = work / "build" / "latex" / "book" / f"course-{lang}.pdf"
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert ("Contents" if lang == "en" else "차례") in text
        hits = [
            text[max(0, m.start() - 40) : m.end() + 40] for m in RAW_COMPONENT_RE.finditer(text)
        ]
        assert hits == [], hits[:5]
