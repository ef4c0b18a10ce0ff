"""The Anki exporter: pure note extraction, and real imports into a fresh Anki collection."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from curriculum_tools.config import Config
from curriculum_tools.export import ExportOptions, ExportResult, TemplateProblem, staged_output
from curriculum_tools.export import anki as anki_export
from curriculum_tools.export.anki import (
    CARD_KINDS,
    NOTE_TYPES,
    CardKind,
    build_context,
    deck_id,
    mojibake_in,
)
from curriculum_tools.export.anki.notes import (
    abbreviation_matches,
    find_abbreviations,
    find_clozes,
    find_glosses,
    find_terms,
    heading_gloss,
    section_identities,
)
from curriculum_tools.fix_encoding import find_mojibake
from curriculum_tools.parse import parse_text
from curriculum_tools.project import load_corpus

from .conftest import ROOT, SOURCE, seed

anki_collection = pytest.importorskip("anki.collection")

HANGUL = re.compile(r"[\uac00-\ud7a3]")
T0 = 1_700_000_000.0


# --- helpers ----------------------------------------------------------------------------------


def export(
    source: Path,
    out: Path,
    *,
    lang: str = "both",
    templates: Path | None = None,
) -> ExportResult:
    config = Config(root=source.parent)
    corpus = load_corpus([source], config)
    with staged_output(out) as stage:
        return anki_export.EXPORTER.export(
            corpus, ExportOptions(out=stage, config=config, lang=lang, templates=templates)
        )


def import_folder(col: Any, folder: Path) -> list[Any]:
    logs = []
    for package in sorted(folder.rglob("*.apkg")):
        request = anki_collection.ImportAnkiPackageRequest(
            package_path=str(package),
            options=anki_collection.ImportAnkiPackageOptions(
                merge_notetypes=True, with_scheduling=False, with_deck_configs=False
            ),
        )
        logs.append(col.import_anki_package(request).log)
    return logs


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def notes_of(col: Any, kind: CardKind) -> list[Any]:
    return [col.get_note(nid) for nid in col.find_notes(f'"note:{NOTE_TYPES[kind].name}"')]


def without_style(html: str) -> str:
    return re.sub(r"<style>.*?</style>", "", html, flags=re.S)


def doc(text: str, lang: str = "en", rel: str = "x.md") -> Any:
    return parse_text(text, Path(f"/src/{lang}/{rel}"), lang, rel)


# --- the bundled source, imported into Anki ---------------------------------------------------


@pytest.fixture(scope="module")
def source_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ExportResult]:
    out = tmp_path_factory.mktemp("anki") / "anki"
    return out, export(SOURCE, out)


def test_source_exports_one_course_package(source_export: tuple[Path, ExportResult]) -> None:
    out, result = source_export
    assert result.errors == []
    assert [p.as_posix() for p in result.files] == ["LLM-and-AI-Agent-Training-Curriculum.apkg"]
    per_document = build_context(load_corpus([SOURCE], Config(root=ROOT)), per_document=True)
    assert sorted(p.name for p in per_document.packages) == [
        "curriculum.apkg",
        "notes-build-llm-ch1.apkg",
        "notes-generative-ai-with-llms.apkg",
        "notes-llm-lectures.apkg",
    ]
    assert all((out / p).is_file() for p in result.files)
    for kind in ("section", "term", "bilingual", "cloze"):
        assert result.stats[f"{kind} notes"] > 0, kind
    # one resolver, one wording with HTML, LaTeX and lint: a missing image is named with
    # file:line; a site path (/images/x.png into no folder of the project) is left out quietly
    assert "source/ko/notes/build-llm-ch1.md:29: image `./images/1-3.png` not found" in (
        result.warnings
    ), result.warnings
    assert not [w for w in result.warnings if "llm-lectures.md" in w], result.warnings


def test_source_imports_into_a_fresh_collection(
    source_export: tuple[Path, ExportResult], collection: Any
) -> None:
    out, result = source_export
    logs = import_folder(collection, out)
    assert sum(len(log.new) for log in logs) == result.stats["notes"]
    assert collection.note_count() == result.stats["notes"]
    assert collection.card_count() == result.stats["cards"]
    for kind in CARD_KINDS:
        assert len(notes_of(collection, kind)) == result.stats[f"{kind} notes"], kind
    bilingual = result.stats["bilingual notes"]
    assert result.stats["cards"] == result.stats["notes"] + bilingual, "both directions"

    names = {d.name for d in collection.decks.all_names_and_ids()}
    title = "Curriculum::LLM and AI Agent Training Curriculum"
    assert {
        "Curriculum",
        title,
        f"{title}::1. Introduction to Large Language Models (LLMs)",
        f"{title}::2. How LLMs Work",
        f"{title}::3. LLM Fine-tuning",
        "Curriculum::LLM lecture notes::Lecture 1: Introduction to LLMs",
    } <= names

    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        shown = without_style(card.question()) + without_style(card.answer())
        assert not re.search(r"field called|is blank|\{\{|\}\}|emplate error", shown), shown
        assert "\ufffd" not in shown and not find_mojibake(shown)

    for note in collection.find_notes(""):
        tags = collection.get_note(note).tags
        assert "ctools" in tags and all(" " not in t for t in tags)


def test_fields_hold_hangul_where_they_should(
    source_export: tuple[Path, ExportResult], collection: Any
) -> None:
    out, _ = source_export
    import_folder(collection, out)
    for note in notes_of(collection, "bilingual"):
        assert HANGUL.search(note["Translation"]) and not HANGUL.search(note["Term"])
    tokenization = [n for n in notes_of(collection, "bilingual") if n["Term"] == "Tokenization"]
    assert [n["Translation"] for n in tokenization] == ["토큰화"]
    sections = notes_of(collection, "section")
    ko = [n for n in sections if n["Language"] == "ko"]
    en = [n for n in sections if n["Language"] == "en"]
    assert ko and all(HANGUL.search(n["Content"] + n["Question"]) for n in ko)
    assert en and not any(HANGUL.search(n["Content"] + n["Question"]) for n in en)
    ko_terms = [n for n in notes_of(collection, "term") if "lang::ko" in n.tags]
    accuracy = [n for n in ko_terms if n["Term"] == "정확도 (Accuracy)"]
    assert len(accuracy) == 1 and "공식" in accuracy[0]["Extra"]
    assert "True Positives + True Negatives" in accuracy[0]["Extra"]


def test_language_selection(tmp_path: Path) -> None:
    ko = build_context(load_corpus([SOURCE], Config(root=ROOT)), "ko")
    assert [p.name for p in ko.packages] == ["curriculum.apkg", "notes-build-llm-ch1.apkg"], (
        "the English notes have no Korean side"
    )
    assert ko.packages[0].title == "LLM 및 AI 에이전트 교육 커리큘럼"
    assert {n.kind for n in ko.packages[0].notes} == {"section", "term", "cloze"}
    assert all(n.deck.startswith("Curriculum::LLM 및 AI") for n in ko.packages[0].notes)
    en = build_context(load_corpus([SOURCE], Config(root=ROOT)), "en")
    assert en.count("bilingual") == (0, 0)
    assert not any(HANGUL.search("".join(n.fields)) for p in en.packages for n in p.notes)
    both = build_context(load_corpus([SOURCE], Config(root=ROOT)), "both")
    assert both.count()[0] > en.count()[0] + ko.count()[0] - 1


# --- re-import updates instead of duplicating -------------------------------------------------


def _swap_sections(text: str, first: str, second: str, until: str) -> str:
    """Swap two adjacent sections: ``first`` up to ``second``, ``second`` up to ``until``."""
    a = text.index(first)
    b = text.index(second)
    end = text.index(until, b + 1) - 1
    return text[:a] + text[b:end].rstrip("\n") + "\n\n" + text[a:b].rstrip("\n") + "\n" + text[end:]


def test_edited_and_reordered_source_updates_notes_in_place(
    tmp_path: Path, collection: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "source"
    shutil.copytree(SOURCE, source)
    monkeypatch.setattr(anki_export, "_now", lambda: T0)
    first = export(source, tmp_path / "build1" / "anki")
    import_folder(collection, tmp_path / "build1" / "anki")
    notes_before, cards_before = collection.note_count(), collection.card_count()
    guids_before = {collection.get_note(n).guid for n in collection.find_notes("")}

    en = source / "en" / "curriculum.md"
    text = en.read_text(encoding="utf-8")
    old = "Description: The proportion of correct predictions among total predictions"
    new = "Description: The share of all predictions that were correct (edited)"
    assert old in text
    text = text.replace(old, new)
    text = _swap_sections(text, "#### Precision", "#### Recall", "#### F1 Score")
    text = _swap_sections(text, "### 2.4 Feed-Forward", "### 2.5 Stacking", "### 2.6 Output")
    assert text.index("#### Recall") < text.index("#### Precision")
    en.write_text(text, encoding="utf-8")

    monkeypatch.setattr(anki_export, "_now", lambda: T0 + 3600)
    second = export(source, tmp_path / "build2" / "anki")
    assert second.stats["notes"] == first.stats["notes"]
    logs = import_folder(collection, tmp_path / "build2" / "anki")
    assert sum(len(log.new) for log in logs) == 0
    assert sum(len(log.updated) for log in logs) >= 1
    assert collection.note_count() == notes_before
    assert collection.card_count() == cards_before
    assert {collection.get_note(n).guid for n in collection.find_notes("")} == guids_before
    accuracy = [
        n for n in notes_of(collection, "term") if n["Term"] == "Accuracy" and "lang::en" in n.tags
    ]
    assert len(accuracy) == 1
    assert "(edited)" in accuracy[0]["Definition"]


def test_guids_come_from_identities_not_text() -> None:
    base = "# Doc\n\n## 1. Intro\n\n**LoRA**: low-rank updates.\n\n#### Accuracy\n\nDescription: share right\n\n#### Recall\n\nDescription: r\n"
    edited = base.replace("low-rank updates.", "something else entirely.").replace(
        "share right", "changed"
    )
    moved = (
        "# Doc\n\n## 1. Intro\n\n**LoRA**: low-rank updates.\n\n#### Recall\n\nDescription: r\n\n"
        "#### Accuracy\n\nDescription: share right\n"
    )

    def guids(text: str) -> dict[str, str]:
        d = doc(text)
        ids = section_identities(d)
        out = {}
        for s in d.walk():
            for t in find_terms(d, s):
                ident = ids[s.index]
                out[f"{ident}|{t.key}"] = anki_export.note_guid("x", "en", ident, "term", t.key)
        return out

    assert guids(base) == guids(edited) == guids(moved)
    assert len(set(guids(base).values())) == 3
    assert deck_id("Curriculum::A") == deck_id("Curriculum::A") != deck_id("Curriculum::B")
    assert 1 << 30 <= deck_id("x") < 1 << 31


def test_section_identities_survive_reordering_and_repeat_titles() -> None:
    text = (
        "# T\n\n## 3.2.1. Full\n\n##### When to use\n\nx\n\n## 3.2.2. Partial\n\n"
        "##### When to use\n\ny\n\n## Extra {#extra}\n\n#### Accuracy\n\nz\n"
    )
    d = doc(text)
    ids = [section_identities(d)[s.index] for s in d.walk()]
    assert ids == [
        "/t",
        "3.2.1",
        "3.2.1/when-to-use",
        "3.2.2",
        "3.2.2/when-to-use",
        "extra",
        "extra/accuracy",
    ]
    swapped = text.replace("## 3.2.1. Full\n\n##### When to use\n\nx\n\n", "").replace(
        "## Extra", "## 3.2.1. Full\n\n##### When to use\n\nx\n\n## Extra"
    )
    d2 = doc(swapped)
    assert sorted(section_identities(d2).values()) == sorted(ids)


# --- pure extraction --------------------------------------------------------------------------


def test_term_patterns() -> None:
    text = (
        "# T\n\n## 1. S\n\n"
        "**Models**: Statistical language models\n\n"
        "**Reasons**:\n- one\n- two\n\nText.\n\n"
        "- **Deep Learning (DL)**: A subset of ML .\n"
        "- **Colon inside:** defined here\n"
        "1. **Pre-Training**:\n   - Involves training\n   - Example: GPT-3\n\n"
        "**in-context learning** = zero shot inference: include input data  \n"
        "Creating LLMs = Pre-Training + Fine-Tuning\n"
        "final weight = original weight + LoRA = d x k\n"
        "This is a sentence = not a term because it is far too long to be one\n\n"
        "```\ncode = not a term\n```\n"
    )
    d = doc(text)
    section = d.walk()[1]
    terms = {t.term: (t.pattern, t.definition) for t in find_terms(d, section)}
    assert terms == {
        "Models": ("bold", "Statistical language models"),
        "Reasons": ("bold", "- one\n- two"),
        "Deep Learning (DL)": ("bold", "A subset of ML ."),
        "Colon inside": ("bold", "defined here"),
        "Pre-Training": ("bold", "- Involves training\n- Example: GPT-3"),
        "in-context learning": ("bold", "zero shot inference: include input data"),
        "Creating LLMs": ("equals", "Pre-Training + Fine-Tuning"),
    }


def test_heading_terms_with_labels_and_colon_headings() -> None:
    text = (
        "# T\n\n### 3.4. Eval\n\n#### Accuracy\n\n"
        "Description: The proportion of correct predictions\n"
        "Purpose: Quick overview\nFormula: (TP + TN) / Total\n\n"
        "#### Recall\n\n- Description: Found positives\n- Formula: TP / (TP + FN)\n\n"
        "### 2.1 Tokenization:\n\nDivides input text into small units (tokens).\n"
        'Example: "Hello there" → ["Hello", "there"]\n\n'
        "### 2.9 Plain heading\n\nJust text.\n"
    )
    d = doc(text)
    found = {t.term: t for s in d.walk() for t in find_terms(d, s)}
    assert set(found) == {"Accuracy", "Recall", "Tokenization"}
    assert found["Accuracy"].definition == "The proportion of correct predictions"
    assert found["Accuracy"].extras == (
        ("Purpose", "Quick overview"),
        ("Formula", "(TP + TN) / Total"),
    )
    assert found["Recall"].extras == (("Formula", "TP / (TP + FN)"),)
    assert found["Tokenization"].definition == "Divides input text into small units (tokens)."
    assert found["Tokenization"].key == "@heading", "a heading term is its section"
    ctx = build_context(load_corpus([SOURCE], Config(root=ROOT)), "en")
    (tokenization,) = [
        n
        for n in ctx.packages[0].notes
        if n.kind == "section" and n.fields[0] == "2.1 Tokenization:"
    ]
    assert tokenization.fields[2] == "What are the key points of “Tokenization”?"
    assert tokenization.fields[3] == (
        "<p>Divides input text into small units (tokens).<br>\n"
        'Example: "Hello there" → ["Hello", "there"]<br>\n'
        "Simple explanation: The process of breaking a sentence into words or meaningful parts.</p>"
    ), "one statement per line stays one per line"
    ko = doc(
        "# T\n\n#### 정확도 (Accuracy)\n\n설명: 올바르게 예측한 비율\n공식: (TP + TN) / N\n", "ko"
    )
    (term,) = find_terms(ko, ko.walk()[1])
    assert (term.term, term.definition, term.extras) == (
        "정확도 (Accuracy)",
        "올바르게 예측한 비율",
        (("공식", "(TP + TN) / N"),),
    )


def test_abbreviations() -> None:
    assert abbreviation_matches("LoRA", ["Low-Rank", "Adaptation"])
    assert abbreviation_matches("LLMs", ["Large", "Language", "Models"])
    assert not abbreviation_matches("GPT", ["OpenAI"])
    text = (
        "# T\n\n## 3.2.5. LoRA (Low-Rank Adaptation)\n\n"
        "Large Language Models (LLMs) and Long Short-Term Memory (LSTM) and BERT (Google).\n"
        "AUC (Area Under the Curve): area. Also BERT (Bidirectional Encoder Representations from Transformers).\n"
    )
    d = doc(text)
    found = {t.term: t.definition for t in find_abbreviations(d, d.walk()[1])}
    assert found == {
        "LoRA": "Low-Rank Adaptation",
        "LLMs": "Large Language Models",
        "LSTM": "Long Short-Term Memory",
        "AUC": "Area Under the Curve",
        "BERT": "Bidirectional Encoder Representations from Transformers",
    }


def test_glosses_and_heading_pairs() -> None:
    ko = doc(
        "# T\n\n### 2.1 토큰화 (Tokenization):\n\n"
        "모델 크기 증가에 따른 능력의 창발(emergence)이 관찰되었습니다. "
        "퓨샷 학습(few-shot learning) 능력. 순환 신경망(RNN). 단방향 : 토큰에 의존 (i am a \\*\\*\\*)\n",
        "ko",
    )
    pairs = [(g.source, g.target) for g in find_glosses(ko, ko.walk()[1])]
    assert pairs == [
        ("Tokenization", "토큰화"),
        ("emergence", "창발"),
        ("few-shot learning", "퓨샷 학습"),
    ]
    en = doc("# T\n\n### 2.1 Tokenization:\n\nx\n")
    gloss = heading_gloss(en.walk()[1], ko.walk()[1])
    assert gloss is not None and (gloss.source, gloss.target) == ("Tokenization", "토큰화")
    same = doc("# T\n\n### LoRA (Low-Rank Adaptation)\n", "ko")
    assert (
        heading_gloss(doc("# T\n\n### LoRA (Low-Rank Adaptation)\n").walk()[1], same.walk()[1])
        is None
    )


def test_cloze_sentences() -> None:
    en = doc(
        "# T\n\n## S\n\nFine-tuning is the process of further training a model. "
        "This is a pronoun sentence that is long.\n\n"
        "- **Transformers**: Transformers are a deep neural network architecture.\n"
        "- An LLM is fundamentally a deep neural network that processes text.\n"
        "- The training process is computationally intensive and slow.\n"
    )
    texts = [c.text for c in find_clozes(en, en.walk()[1])]
    assert texts == [
        "{{c1::Fine-tuning}} is the process of further training a model.",
        "{{c1::Transformers}} are a deep neural network architecture.",
        "An {{c1::LLM}} is fundamentally a deep neural network that processes text.",
    ]
    ko = doc(
        "# T\n\n## S\n\n파인 튜닝은 사전 학습된 모델을 추가로 학습시키는 과정입니다.\n"
        "이 모델들은 혁신을 일으키는 중요한 모델입니다.\n",
        "ko",
    )
    assert [c.text for c in find_clozes(ko, ko.walk()[1])] == [
        "{{c1::파인 튜닝}}은 사전 학습된 모델을 추가로 학습시키는 과정입니다."
    ]


# --- encoding, media, math, templates ---------------------------------------------------------


def test_mojibake_is_refused_with_a_pointer_to_fix_encoding(tmp_path: Path) -> None:
    assert mojibake_in(parse_text("# T\n\nclean Café 한국어 São Paulo — “quotes”\n")) is None
    assert mojibake_in(
        parse_text("# T\n\nx\nì•ˆë…•í•˜ì„¸ìš” ë‹¤ì‹œ ë§Œë‚˜ì„œ ë°˜ê°‘ìŠµë‹ˆë‹¤\n")
    ) == (4, "ì•ˆë…•í•˜ì„¸ìš”")
    assert mojibake_in(parse_text("# T\n\nbad \ufffd char\n")) is not None
    damaged = seed("002").read_text(encoding="utf-8", errors="replace")
    assert mojibake_in(parse_text(damaged, "damaged.md", "ko")) is not None
    for path in sorted(SOURCE.rglob("*.md")):
        assert mojibake_in(parse_text(path.read_text(encoding="utf-8"))) is None, path

    source = tmp_path / "source"
    (source / "en").mkdir(parents=True)
    (source / "ko").mkdir()
    (source / "en" / "a.md").write_text("# A\n\n## 1. One\n\n**Term**: fine\n", encoding="utf-8")
    (source / "ko" / "a.md").write_text(
        "# A\n\n## 1. í•˜ë‚˜\n\n**ìš©ì–´**: ì¢‹ìŒ\n", encoding="utf-8"
    )
    result = export(source, tmp_path / "out" / "anki")
    assert len(result.errors) == 1
    assert re.search(r"ko/a\.md:3: mojibake .*ctools fix-encoding", result.errors[0])
    assert result.stats["bilingual notes"] == 0 and result.stats["notes"] > 0


def test_images_are_packed_by_content_hash_and_kept_inside_the_source(
    tmp_path: Path, collection: Any
) -> None:
    source = tmp_path / "source"
    (source / "en" / "img").mkdir(parents=True)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    (source / "en" / "img" / "diagram one.png").write_bytes(png)
    (tmp_path / "secret.png").write_bytes(b"secret")
    (source / "en" / "img" / "link.png").symlink_to(tmp_path / "secret.png")
    (source / "en" / "doc.md").write_text(
        "---\ntranslation: none\n---\n\n# Doc\n\n## 1. Pictures\n\n"
        "![diagram](img/diagram%20one.png)\n\n"
        '<img src="img/diagram one.png" alt="again">\n\n'
        "![missing](img/nope.png)\n\n"
        "![out](../../secret.png)\n\n"
        "![abs](/etc/hostname)\n\n"
        "![link](img/link.png)\n\n"
        "![remote](https://example.org/x.png)\n",
        encoding="utf-8",
    )
    result = export(source, tmp_path / "out" / "anki")
    assert result.errors == [] and result.stats["media"] == 1
    problems = sorted(re.sub(r"^.*doc\.md:", "", w) for w in result.warnings)
    assert problems == [
        "13: image `img/nope.png` not found",  # the resolver's words, as HTML, LaTeX and lint
        "15: image outside the source folder, not packed: ../../secret.png",
        # /etc/hostname: a site path (into no folder of the project): never read, left out quietly
        "19: image links outside the source folder, not packed: img/link.png",
    ]
    import_folder(collection, tmp_path / "out" / "anki")
    media_dir = Path(collection.media.dir())
    packed = [p.name for p in media_dir.iterdir()]
    assert len(packed) == 1 and re.fullmatch(r"[0-9a-f]{20}\.png", packed[0])
    assert (media_dir / packed[0]).read_bytes() == png
    (section,) = notes_of(collection, "section")
    content = section["Content"]
    assert content.count(f'src="{packed[0]}"') == 2
    assert "secret" not in content and "/etc/hostname" not in content
    assert 'class="missing-image"' in content and "https://example.org/x.png" in content


def test_code_and_math_in_fields(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "en").mkdir(parents=True)
    (source / "en" / "m.md").write_text(
        "# M\n\n## 1. Math\n\nThe loss $L = -\\log p$ uses `softmax`.\n\n"
        "See [notes](other.md#x), [here](#math) and [the web](https://example.org/).\n\n"
        "```python\nx = 1\n```\n\n$$\na^2 + b^2\n$$\n",
        encoding="utf-8",
    )
    ctx = build_context(load_corpus([source], Config(root=tmp_path)))
    (section,) = [n for n in ctx.packages[0].notes if n.kind == "section"]
    content = section.fields[NOTE_TYPES["section"].fields.index("Content")]
    assert r"\(L = -\log p\)" in content and r"\[a^2 + b^2\]" in content
    assert "<code>softmax</code>" in content
    assert 'class="highlight"' not in content and "x = 1" not in content, "code is no answer"
    assert "<math" not in content
    assert "See notes, here and " in content, "local links keep only their text"
    assert '<a href="https://example.org/"' in content
    result = export(source, tmp_path / "out" / "anki")
    assert result.errors == []


def test_fields_are_mapped_on_tokens_never_rewritten_after_sanitizing(tmp_path: Path) -> None:
    from html.parser import HTMLParser

    from curriculum_tools.export.anki.package import media_names

    source = tmp_path / "source"
    (source / "en" / "img").mkdir(parents=True)
    (source / "en" / "img" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (source / "en" / "m.md").write_text(
        "# M\n\n## 1. Images\n\n"
        "![Two tables: one on the\nstack](img/a.png) and ![remote](https://example.org/r.png)\n"
        "second line\n\n"
        '<p><a class="x" href="other.md">raw local</a> <a href="https://example.org/">web</a></p>\n',
        encoding="utf-8",
    )
    ctx = build_context(load_corpus([source], Config(root=tmp_path)))
    (section,) = [n for n in ctx.packages[0].notes if n.kind == "section"]
    content = section.fields[NOTE_TYPES["section"].fields.index("Content")]

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[str, dict[str, str | None]]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found.append((tag, dict(attrs)))

    parser = Tags()
    parser.feed(content)
    (image,) = [a for t, a in parser.found if t == "img"]
    assert image["alt"] == "Two tables: one on the\nstack", "no <br> inside an attribute"
    assert image["src"] in ctx.media.files and media_names([content], ctx.media.files)
    assert not [a for t, a in parser.found if t == "img" and "example.org" in str(a["src"])]
    links = [a.get("href") for t, a in parser.found if t == "a"]
    assert links == ["https://example.org/r.png", "https://example.org/"], links
    assert "raw local" in content and "<br>\nsecond line" in content


def test_user_templates_override_bundled_ones(tmp_path: Path, collection: Any) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "term.front.html.j2").write_text(
        '<div class="mine">CUSTOM [[ name ]]: {{Term}}</div>\n', encoding="utf-8"
    )
    result = export(SOURCE, tmp_path / "out" / "anki", lang="en", templates=templates)
    assert result.errors == []
    import_folder(collection, tmp_path / "out" / "anki")
    nid = notes_of(collection, "term")[0].id
    card = collection.get_card(collection.find_cards(f"nid:{nid}")[0])
    assert "CUSTOM ctools term: " in card.question()
    section = notes_of(collection, "section")[0]
    section_card = collection.get_card(collection.find_cards(f"nid:{section.id}")[0])
    assert "CUSTOM" not in section_card.question(), "other templates stay bundled"

    (templates / "term.front.html.j2").write_text("[% if %]", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"term\.front\.html\.j2:1: template error"):
        export(SOURCE, tmp_path / "out2" / "anki", templates=templates)


def test_cli_export_anki(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from curriculum_tools.cli import main

    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["export", "--format", "anki", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert re.search(r"anki: 1 files \(decks \d+, notes \d+", result.output)
    assert (tmp_path / "anki" / "LLM-and-AI-Agent-Training-Curriculum.apkg").is_file()
