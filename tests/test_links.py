"""The one link and asset resolver (:mod:`curriculum_tools.assets`) and mdBook includes.

Link forms live in ``fixtures/links/links.md`` (title, ``.``, ``from-doc link``, ``.``,
expected ``kind [path] [#anchor found|missing] [fallback=lang]``, ``.``), resolved against the
small project ``fixtures/links/project`` loaded the way every command loads one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from curriculum_tools.assets import LinkIndex, Target, resolve
from curriculum_tools.config import Config
from curriculum_tools.includes import Splicer, read_include
from curriculum_tools.model import Document
from curriculum_tools.parse import parse_text
from curriculum_tools.project import Corpus, load_corpus

from .conftest import FIXTURES, read_cases

PROJECT = FIXTURES / "links" / "project"
CASES = read_cases(FIXTURES / "links" / "links.md", 2)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus([PROJECT], Config(root=PROJECT.resolve()), align=False)


def _doc(corpus: Corpus, rel: str) -> Document:
    path = (PROJECT / rel).resolve()
    return next(d for d in corpus.documents if d.path.resolve() == path)


def _describe(target: Target) -> str:
    parts: list[str] = [target.kind]
    if target.kind in ("document", "file", "self") and target.path is not None:
        parts.append(target.path.resolve().relative_to(PROJECT.resolve()).as_posix())
    if target.anchor:
        parts.append(f"#{target.anchor} {'found' if target.anchor_found else 'missing'}")
    if target.fallback_lang:
        parts.append(f"fallback={target.fallback_lang}")
    return " ".join(parts) + "\n"


@pytest.mark.parametrize(("title", "bodies"), CASES, ids=[c[0] for c in CASES])
def test_link_forms(corpus: Corpus, title: str, bodies: list[str]) -> None:
    source, expected = bodies
    rel, link = source.strip().split(" ", 1)
    target = resolve(link, _doc(corpus, rel), LinkIndex.of(corpus))
    assert _describe(target) == expected, title


def test_broken_means_missing_file_or_missing_anchor(corpus: Corpus) -> None:
    index = LinkIndex.of(corpus)
    doc = _doc(corpus, "en/index.md")
    assert resolve("nope.md", doc, index).broken
    assert resolve("unit1/tools#nope", doc, index).broken
    assert not resolve("unit1/tools#tools", doc, index).broken
    assert not resolve("https://example.org/x", doc, index).broken
    assert not resolve("../../../../../../../../etc/passwd", doc, index).broken  # outside


def test_anchors_of_documents_not_loaded_are_read_per_index(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(PROJECT, project)
    full = load_corpus([project], Config(root=project), align=False)
    index_doc = next(d for d in full.documents if d.rel == "index.md" and d.lang == "en")
    only = LinkIndex([index_doc], project)  # the target page is not loaded: read from disk
    assert resolve("unit1/tools#build-one", index_doc, only).anchor_found is True
    # a repaired heading is seen by the next index (no process-global cache)
    (project / "en" / "unit1" / "tools.md").write_text("# Tools\n\n## Build two\n")
    assert resolve("unit1/tools#build-one", index_doc, only).anchor_found is True
    fresh = LinkIndex([index_doc], project)
    assert resolve("unit1/tools#build-one", index_doc, fresh).anchor_found is False


def test_a_document_outside_a_language_folder_resolves_from_its_own_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n\n[x](other)\n")
    (tmp_path / "other.md").write_text("# Other\n")
    doc = parse_text((tmp_path / "notes.md").read_text(), tmp_path / "notes.md")
    target = resolve("other", doc, LinkIndex([doc], tmp_path))
    assert (target.kind, target.path) == ("document", tmp_path / "other.md")
    assert resolve("../x.md", doc, LinkIndex([doc], tmp_path)).kind == "outside"


def test_includes_read_anchors_and_line_ranges(corpus: Corpus) -> None:
    index = LinkIndex.of(corpus)
    doc = _doc(corpus, "en/index.md")
    assert read_include("listings/main.rs", "here", doc, index).lines == ("    let x = 5;",)
    whole = read_include("listings/main.rs", "", doc, index).lines
    assert whole is not None and "// ANCHOR" not in "\n".join(whole) and len(whole) == 4
    assert read_include("listings/main.rs", "1:2", doc, index).lines == (
        "fn main() {",
    )  # the ANCHOR line in the range is dropped
    assert read_include("listings/main.rs", "5", doc, index).lines == ('    println!("{x}");',)
    assert read_include("listings/main.rs", "nope", doc, index).reason == "no anchor `nope`"
    assert read_include("listings/gone.rs", "", doc, index).reason == "file not found"
    outside = read_include("../../../../../../etc/passwd", "", doc, index)
    assert (outside.lines, outside.reason) == (None, "outside the project")


def test_a_fence_with_includes_is_expanded_or_names_the_missing_path(corpus: Corpus) -> None:
    index = LinkIndex.of(corpus)
    doc = _doc(corpus, "en/index.md")
    text = "```rust\n{{#rustdoc_include listings/main.rs:here}}\n{{#include ../nope/lib.rs}}\n```\n"
    fence = next(t for t in parse_text(text).tokens if t.type == "fence")
    refused: list[str] = []
    assert Splicer(doc, index, refused).expand_fence(fence.content, fence.meta["includes"]) == (
        "    let x = 5;\n(not included: ../nope/lib.rs: file not found)\n"
    )
    assert refused == []


def test_includes_read_through_the_bounded_reader(tmp_path: Path) -> None:
    """An include is read like every input (issue 12, item 12): a file over the size limit
    is named with the reason, never read whole (a sparse 70 MB file: no data is read)."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    with open(project / "en" / "listings" / "huge.rs", "wb") as huge:
        huge.truncate(70 * 1024 * 1024)
    corpus = load_corpus([project], Config(root=project.resolve()), align=False)
    doc = next(d for d in corpus.documents if d.path.name == "index.md" and d.lang == "en")
    found = read_include("listings/huge.rs", "", doc, LinkIndex.of(corpus))
    assert found.lines is None and found.reason.startswith("file too large"), found.reason
