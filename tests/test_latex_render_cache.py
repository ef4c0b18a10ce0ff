"""A LaTeX export with no change renders nothing (:mod:`curriculum_tools.export.latex.rendercache`),
and any change to an input (a document, an included file, an image, a template, a setting)
renders again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from curriculum_tools.config import Config
from curriculum_tools.export import ExportOptions
from curriculum_tools.export.latex import EXPORTER, LatexExporter
from curriculum_tools.project import load_corpus

from .test_export_latex import png_bytes


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CTOOLS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CTOOLS_NO_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "course"
    (root / "en").mkdir(parents=True)
    (root / "listings").mkdir()
    (root / "listings" / "main.rs").write_text("fn main() {}\n")
    (root / "en" / "img.png").write_bytes(png_bytes())
    (root / "en" / "a.md").write_text(
        "# A\n\n```rust\n{{#include ../listings/main.rs}}\n```\n\n![dot](img.png)\n\n"
        "See [b](b.md#two) and ![gone](gone.png).\n"
    )
    (root / "en" / "b.md").write_text("# B\n\n## Two\n\nText.\n")
    return root


def export(
    root: Path, out: Path, templates: Path | None = None, paper: str = "a4paper"
) -> tuple[dict[str, bytes], int]:
    """The files of one export and how many times it rendered."""
    calls = []
    original = LatexExporter._render

    def spy(self: LatexExporter, *args: object) -> object:
        calls.append(1)
        return original(self, *args)  # type: ignore[arg-type]

    LatexExporter._render = spy  # type: ignore[assignment,method-assign]
    try:
        config = Config(root=root, export={"latex": {"paper": paper}})
        corpus = load_corpus([root], config)
        result = EXPORTER.export(
            corpus, ExportOptions(out=out, config=corpus.config, templates=templates)
        )
    finally:
        LatexExporter._render = original  # type: ignore[method-assign]
    assert result.errors == []
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(f.as_posix() for f in result.files)
    files["warnings"] = "\n".join(result.warnings).encode()
    return files, len(calls)


def touch(path: Path, text: str) -> None:
    path.write_text(text)
    later = time.time_ns() + 10**9
    os.utime(path, ns=(later, later))


def test_no_change_renders_nothing_and_writes_the_same(course: Path, tmp_path: Path) -> None:
    first, rendered = export(course, tmp_path / "o1")
    assert rendered == 1
    again, rendered = export(course, tmp_path / "o2")
    assert rendered == 0 and again == first
    assert b"gone.png" in again["warnings"], "warnings come back from the cache"
    assert any(name.endswith(".png") for name in again), "images are copied again"


@pytest.mark.parametrize(
    "change",
    ["document", "include", "image", "new file", "template", "setting"],
)
def test_every_input_renders_again(course: Path, tmp_path: Path, change: str) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    first, _ = export(course, tmp_path / "o1", templates)
    if change == "document":
        touch(course / "en" / "b.md", "# B\n\n## Two\n\nOther text.\n")
    elif change == "include":
        touch(course / "listings" / "main.rs", "fn main() { println!(); }\n")
    elif change == "image":
        (course / "en" / "img.png").unlink()
    elif change == "new file":
        (course / "en" / "gone.png").write_bytes(png_bytes())
    elif change == "template":
        (templates / "document.tex.j2").write_text("%% mine\n")
    again, rendered = export(
        course, tmp_path / "o2", templates, "letterpaper" if change == "setting" else "a4paper"
    )
    assert rendered == 1, change
    assert again != first, change


def test_no_cache_renders_every_time(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTOOLS_NO_CACHE", "1")
    _, first = export(course, tmp_path / "o1")
    _, again = export(course, tmp_path / "o2")
    assert first == again == 1


def test_a_cache_entry_never_writes_outside_the_export(course: Path, tmp_path: Path) -> None:
    import json

    export(course, tmp_path / "o1")
    (entry,) = [p for p in (tmp_path / "cache" / "render").rglob("*") if p.is_file()]
    data = json.loads(entry.read_text("utf-8"))
    data["files"]["../../escaped.tex"] = "x"
    entry.write_text(json.dumps(data), "utf-8")
    _, rendered = export(course, tmp_path / "o2")
    assert rendered == 1 and not (tmp_path / "escaped.tex").exists()
    assert not (tmp_path / "o2" / ".." / ".." / "escaped.tex").resolve().exists()
