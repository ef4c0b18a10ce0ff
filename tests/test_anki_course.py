"""Anki decks worth studying (issue 17): the course deck imported with the anki library,
card sides checked, GUIDs stable against a deck exported before the change, and the notes
made from components, labels, long sections, glosses and reference links."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from curriculum_tools.config import Config
from curriculum_tools.export.anki import NOTE_TYPES, build_context
from curriculum_tools.export.anki.fields import MAX_ANSWER, hangul_emphasis
from curriculum_tools.glossary import TermEntry
from curriculum_tools.project import load_corpus

from .conftest import FIXTURES, ROOT, SOURCE
from .test_export_anki import export, import_folder, notes_of

anki_collection = pytest.importorskip("anki.collection")

BEFORE = FIXTURES / "export" / "anki_before"
TAG_RE = re.compile(r"<[^>]+>")
RAW_MARKUP_RE = re.compile(
    r"</?[A-Z][A-Za-z]*(?:\s|/?>)|\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]|"
    r"\*\*(?=[^\s*])[^*\n]+?\*\*|^\s*(?:```|~~~)|\{\{#\w+|\[\[autodoc\]\]|^#{1,6} ",
    re.M,
)
LABELS = {"models", "model", "overview", "reasons", "description", "개요", "이유", "모델"}


def visible(field: str) -> str:
    return " ".join(html.unescape(TAG_RE.sub(" ", field)).split())


def field_of(note: Any, kind: str, name: str) -> str:
    return str(note.fields[NOTE_TYPES[kind].fields.index(name)])  # type: ignore[index]


def corpus_of(tmp_path: Path, files: dict[str, str]) -> Any:
    source = tmp_path / "source"
    for rel, text in files.items():
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(text, encoding="utf-8")
    return load_corpus([source], Config(root=tmp_path))


# --- the bundled course deck, imported -------------------------------------------------------


@pytest.fixture
def collection(tmp_path: Path) -> Any:
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def test_course_deck_card_sides(tmp_path: Path, collection: Any) -> None:
    """Every field of the imported course deck: short enough, no markup, no label terms."""
    result = export(SOURCE, tmp_path / "anki")
    assert len(result.files) == 1 and result.errors == []
    import_folder(collection, tmp_path / "anki")
    assert collection.note_count() == result.stats["notes"]
    decks = {d.name for d in collection.decks.all_names_and_ids()}
    assert sum(1 for d in decks if d.count("::") == 1) >= 4, "a subdeck per document"
    for nid in collection.find_notes(""):
        note = collection.get_note(nid)
        for name, value in note.items():
            text = visible(value)
            assert len(text) <= MAX_ANSWER, (name, len(text))
            assert not RAW_MARKUP_RE.search(text), (name, text[:200])
    terms = [n for n in notes_of(collection, "term") if "facet" not in n.tags]
    shown = {visible(n["Term"]).casefold() for n in terms}
    assert not shown & LABELS, shown & LABELS
    facets = [n for n in notes_of(collection, "term") if "facet" in n.tags]
    fronts = {visible(n["Term"]) for n in facets}
    assert "1.1. Early Language Models (1990s - Early 2000s) — Models?" in fronts
    assert any(f.endswith("— 개요?") for f in fronts)


def test_reimport_over_a_deck_made_before_updates_never_duplicates(
    tmp_path: Path, collection: Any
) -> None:
    """tests/fixtures/export/anki_before holds the per-document decks of the old code."""
    import_folder(collection, BEFORE)
    before = set(collection.find_notes(""))
    old_guids = {collection.get_note(n).guid for n in before}
    assert len(old_guids) == 280
    result = export(SOURCE, tmp_path / "anki")
    logs = import_folder(collection, tmp_path / "anki")
    assert collection.note_count() == result.stats["notes"], "no note twice"
    after_guids = {collection.get_note(n).guid for n in collection.find_notes("")}
    assert old_guids <= after_guids
    assert sum(len(log.new) for log in logs) == result.stats["notes"] - len(old_guids)
    # a label card of the old deck is now its facet card (same note, updated in place)
    facet = [n for n in notes_of(collection, "term") if "facet" in n.tags]
    assert facet and all(n.guid in old_guids for n in facet)


# --- notes from the one token stream -------------------------------------------------------


def _notes(corpus: Any, kind: str, **options: Any) -> list[Any]:
    ctx = build_context(corpus, per_document=False, **options)
    return [n for p in ctx.packages for n in p.notes if n.kind == kind]


def test_reference_defined_in_another_section_links(tmp_path: Path) -> None:
    corpus = corpus_of(
        tmp_path,
        {
            "en/a.md": "# A\n\n## One\n\nRead [the paper][attn] first.\n\n"
            "## Two\n\nMore text here.\n\n[attn]: https://arxiv.org/abs/1706.03762\n",
        },
    )
    (one,) = [n for n in _notes(corpus, "section") if "One" in n.fields[0]]
    content = field_of(one, "section", "Content")
    assert '<a href="https://arxiv.org/abs/1706.03762"' in content and "[attn]" not in content


MDX = """# Unit

## Quiz

Which is right?

<Question
  choices={[
    {text: "Tokens", explain: "Models read tokens.", correct: true},
    {text: "Pixels", explain: "Not for text."}
  ]}
/>

## Notes

<Tip warning={true}>

Mind the **gap** here.

</Tip>

<Youtube id="abc123" />

<hfoptions id="x">
<hfoption id="pip">

Install with pip.

</hfoption>
</hfoptions>

> [!NOTE]
> A note.

```py
{{#include ../listings/a.rs}}
```
"""


def test_quiz_component_becomes_a_quiz_card(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {"en/u.mdx": MDX})
    (quiz,) = _notes(corpus, "quiz")
    assert visible(field_of(quiz, "quiz", "Question")) == "Quiz"
    assert "Tokens" in field_of(quiz, "quiz", "Choices")
    answer = visible(field_of(quiz, "quiz", "Answer"))
    assert "Tokens" in answer and "Models read tokens." in answer and "Pixels" not in answer


def test_components_never_appear_as_markup(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {"en/u.mdx": MDX})
    ctx = build_context(corpus, per_document=False)
    fields = [f for p in ctx.packages for n in p.notes for f in n.fields]
    joined = "\n".join(visible(f) for f in fields)
    assert not RAW_MARKUP_RE.search(joined), joined
    assert "choices=" not in joined and "hfoption" not in joined
    (notes,) = [n for n in _notes(corpus, "section") if "Notes" in n.fields[0]]
    content = field_of(notes, "section", "Content")
    assert "<strong>Warning</strong>" in content and "<strong>gap</strong>" in content
    assert 'href="https://www.youtube.com/watch?v=abc123"' in content
    assert "[pip]" in visible(content) and "Install with pip." in content
    assert "include" not in content, "code listings are never an answer"


def test_long_section_is_split_and_an_oversized_block_left_out(tmp_path: Path) -> None:
    paragraph = "This sentence explains one more point about the topic. " * 6
    huge = "word " * 400
    text = "# D\n\n## Long\n\n" + "\n\n".join([paragraph] * 8 + [huge.strip()]) + "\n"
    corpus = corpus_of(tmp_path, {"en/d.md": text})
    parts = [n for n in _notes(corpus, "section") if n.fields[0] == "Long"]
    assert len(parts) >= 2
    assert all(len(visible(field_of(p, "section", "Content"))) <= MAX_ANSWER for p in parts)
    assert all("word word" not in field_of(p, "section", "Content") for p in parts)
    assert len({p.guid for p in parts}) == len(parts)
    assert "(1/" in parts[0].fields[2]


def test_labels_become_facets_and_terms_stay_terms(tmp_path: Path) -> None:
    text = (
        "# C\n\n## 1.1 Early Models\n\n**Models**: n-gram models\n\n**Attention**: weighing "
        "tokens\n\n## 1.2 Neural Models\n\n**Models**: RNNs\n"
    )
    corpus = corpus_of(tmp_path, {"en/c.md": text})
    terms = _notes(corpus, "term")
    fronts = {visible(n.fields[0]): n for n in terms}
    assert "1.1 Early Models — Models?" in fronts and "1.2 Neural Models — Models?" in fronts
    assert "facet" in fronts["1.1 Early Models — Models?"].tags
    assert "Attention" in fronts and "facet" not in fronts["Attention"].tags
    assert "Models" not in fronts


def test_glossary_gives_the_whole_gloss_and_term_cards(tmp_path: Path) -> None:
    corpus = corpus_of(
        tmp_path,
        {
            "en/g.md": "# G\n\n## Base\n\nA base model is pretrained.\n",
            "ko/g.md": "# G\n\n## 베이스\n\n이것은 베이스 언어 모델(Base Model)입니다.\n",
        },
    )
    entries = [
        TermEntry("base model", "Base Model", "베이스 언어 모델"),
        TermEntry("token", "Token", "토큰", ("토큰 단위",)),
        TermEntry("overview", "Overview", "개요"),
    ]
    bilingual = _notes(corpus, "bilingual", terms=entries)
    pairs = {(visible(n.fields[0]), visible(n.fields[1])) for n in bilingual}
    assert ("Base Model", "베이스 언어 모델") in pairs, pairs
    assert any(en == "Token" and ko.startswith("토큰") for en, ko in pairs)
    without = _notes(corpus, "bilingual")
    assert ("Base Model", "언어 모델") in {
        (visible(n.fields[0]), visible(n.fields[1])) for n in without
    }


def test_emphasis_next_to_hangul_is_bold() -> None:
    assert hangul_emphasis("**베이스 모델(Base Model)**은 중요") == (
        "<strong>베이스 모델(Base Model)</strong>은 중요"
    )
    assert hangul_emphasis("<code>**kw**</code>") == "<code>**kw**</code>"
    assert hangul_emphasis("a ** b") == "a ** b"


def test_per_document_packages_on_request(tmp_path: Path) -> None:
    corpus = load_corpus([SOURCE], Config(root=ROOT))
    ctx = build_context(corpus, per_document=True)
    assert len(ctx.packages) == 4
    course = build_context(corpus, per_document=False, course="My Course")
    (package,) = course.packages
    assert package.name == "My-Course.apkg"
    assert {n.guid for p in ctx.packages for n in p.notes} == {n.guid for n in package.notes}
