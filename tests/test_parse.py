"""The parser: section trees, numbers, slugs, ids, blocks and line numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from curriculum_tools.errors import BinaryFileError, InputError
from curriculum_tools.parse import parse_file, parse_text, split_heading

from .conftest import FIXTURES, SOURCE, read_cases, seed


def test_seed_curriculum_trees_have_46_matching_headings() -> None:
    en = parse_file(seed("000"))
    ko = parse_file(seed("001"))
    assert len(en.walk()) == 46
    assert len(ko.walk()) == 46
    assert [(s.level, s.number) for s in en.walk()] == [(s.level, s.number) for s in ko.walk()]
    numbers = [s.number for s in en.walk() if s.number]
    assert numbers[:3] == ["1.", "1.1.", "1.2."]
    assert "2.1" in numbers and "3.2.1." in numbers


@pytest.mark.parametrize(
    "path", sorted((SOURCE / "en").rglob("*.md")) + sorted((SOURCE / "ko").rglob("*.md"))
)
def test_heading_lines_match_the_file_exactly(path: Path) -> None:
    doc = parse_file(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert doc.walk(), path
    for section in doc.walk():
        heading = lines[section.line - 1]
        assert heading.lstrip().startswith("#"), (section.line, heading)
        assert section.title in heading
        assert section.end_line >= section.line
        for block in section.blocks:
            assert section.line < block.line <= block.end_line <= section.end_line


def test_slugs_match_github_for_english_and_korean() -> None:
    en = parse_file(seed("000"))
    ko = parse_file(seed("001"))
    en_slugs = [s.slug for s in en.walk()]
    ko_slugs = [s.slug for s in ko.walk()]
    assert "11-early-language-models-1990s---early-2000s" in en_slugs
    assert "1-대규모-언어-모델llm-소개" in ko_slugs
    assert "11-초기-언어-모델-1990년대--2000년대-초반" in ko_slugs
    # duplicates get -1, -2, ... in document order, as on GitHub
    assert [s for s in en_slugs if s.startswith("when-to-use")] == [
        "when-to-use",
        "when-to-use-1",
        "when-to-use-2",
        "when-to-use-3",
        "when-to-use-4",
    ]


def test_slugs_match_the_table_of_contents_written_for_github() -> None:
    # seed 002's table of contents was written against GitHub's anchors; once repaired its
    # links must hit the headings. Checked here on a hand-written copy of its shape.
    text = (
        "## Table of Contents\n- [Pretraining과 Fine-tuning](#pretraining과-fine-tuning)\n"
        "- [📖 원문 발췌](#-원문-발췌)\n\n## Pretraining과 Fine-tuning\n\n## 📖 원문 발췌\n"
    )
    doc = parse_text(text)
    anchors = doc.anchors
    links = [link.value[1:] for block in doc.all_blocks() for link in block.links]
    assert links and all(link in anchors for link in links)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Hello World", "hello-world"),
        ("What's new?", "whats-new"),
        ("  C++ & Rust_lang  ", "c--rust_lang"),
        ("F1 점수", "f1-점수"),
        ("`code` and *emph*", "code-and-emph"),
    ],
)
def test_github_slug(text: str, slug: str) -> None:
    assert parse_text(f"# {text}\n").walk()[0].slug == slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Intro", ("1.", "Intro", ())),
        ("2.1 Tokenization:", ("2.1", "Tokenization:", ())),
        ("3.2.1. Full", ("3.2.1.", "Full", ())),
        ("When to use", (None, "When to use", ())),
        ("2017 was a year", (None, "2017 was a year", ())),
        ("Agents[[agents-intro]]", (None, "Agents", ("agents-intro",))),
        ("Setup {#setup .cls}", (None, "Setup", ("setup",))),
        ("4) Step", ("4)", "Step", ())),
    ],
)
def test_split_heading(text: str, expected: tuple[object, ...]) -> None:
    assert split_heading(text)[:3] == expected


def test_setext_headings_count_and_code_hashes_do_not() -> None:
    doc = parse_text("Title\n=====\n\n```sh\n# not a heading\n```\n\nSub\n---\ntext\n")
    assert [(s.level, s.title, s.line, s.heading_end) for s in doc.walk()] == [
        (1, "Title", 1, 2),
        (2, "Sub", 8, 9),
    ]
    assert doc.walk()[0].blocks[0].kind == "code"
    assert "# not a heading" in doc.walk()[0].blocks[0].code


def test_blocks_expose_what_checks_need() -> None:
    text = (
        "# T\n\nSee [docs](https://ex.com/a) and `run()` with $x^2$ in 2017, 1,000 times.\n\n"
        "- a\n  - b\n- c\n\n| h1 | h2 | h3 |\n|---|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |\n\n"
        "```python\nprint(1)\n```\n\n![alt](img/x.png)\n\n$$\nE=mc^2\n$$\n\n<details>\nx\n</details>\n"
    )
    doc = parse_text(text)
    kinds = [b.kind for b in doc.walk()[0].blocks]
    assert kinds == ["paragraph", "list", "table", "code", "paragraph", "math", "html"]
    para, lst, table, code, img, math, html = doc.walk()[0].blocks
    assert [f.value for f in para.links] == ["https://ex.com/a"]
    assert [f.value for f in para.code_spans] == ["run()"]
    assert [f.value for f in para.math] == ["x^2"]
    assert [f.value for f in para.numbers] == ["2017", "1000"]
    assert "run()" not in para.text and "docs" in para.text
    assert (lst.items, lst.depth) == (2, 2)
    assert (table.rows, table.cols) == (3, 3)
    assert (code.info, code.code) == ("python", "print(1)\n")
    assert [(f.value, f.text) for f in img.images] == [("img/x.png", "alt")]
    assert math.code == "E=mc^2"
    assert html.info == "details"


def test_dollar_amounts_are_not_math() -> None:
    doc = parse_text("# T\n\nIt costs $5 and $10 today.\n")
    assert doc.walk()[0].blocks[0].math == ()


def test_front_matter_and_directives() -> None:
    text = "---\nid: intro\ntitle: Intro\ntranslation: none\n---\n\n# A\n\n<!-- ctools-disable untranslated -->\ntext\n"
    doc = parse_text(text)
    assert doc.front_matter == {"id": "intro", "title": "Intro", "translation": "none"}
    assert doc.front_matter_lines == (1, 5)
    assert doc.no_translation and doc.doc_id == "intro" and doc.title == "Intro"
    assert [(d.kind, d.rules, d.line) for d in doc.directives] == [
        ("disable", ("untranslated",), 9)
    ]
    assert doc.walk()[0].line == 7


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("id: x\ntitle: [unclosed\n", 3),  # the line that opens what never closes
        ('id: x\ntitle: "unclosed\n', 3),
        ("id: x\n  y: 1\n", 3),  # bad indentation
        ("id: x\ntitle: ok\nbad: : :\n", 4),
        ("- a\n- b\n", 1),  # not a mapping: the opening line
    ],
)
def test_broken_front_matter_names_the_line(front: str, line: int) -> None:
    doc = parse_text(f"---\n{front}---\n# A\n")
    assert [at for at, _ in doc.errors] == [line]
    assert "front matter" in doc.errors[0][1]
    assert doc.front_matter == {} and [s.title for s in doc.walk()] == ["A"]


def test_parse_fixture_cases() -> None:
    for title, (markdown, expected) in read_cases(FIXTURES / "parse" / "trees.md", 2):
        doc = parse_text(markdown)
        got = [
            [s.level, s.number, s.title, s.slug, list(s.ids), s.line, s.end_line]
            for s in doc.walk()
        ]
        assert got == json.loads(expected), title


def test_invalid_utf8_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes("# 제목\n\nok\n".encode() + "깨짐\n".encode("cp949"))
    with pytest.raises(InputError) as info:
        parse_file(bad)
    assert "bad.md:4" in str(info.value.message) and "fix-encoding" in info.value.message


def test_binary_file_is_refused_as_binary(tmp_path: Path) -> None:
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(BinaryFileError):
        parse_file(binary)


def test_huge_and_deeply_nested_input_parse() -> None:
    big = ("## Section\n\n" + "Some words here, 42 of them. " * 30 + "\n\n") * 6000
    assert len(big) > 5_000_000
    doc = parse_text(big)
    assert len(doc.walk()) == 6000
    nested = "".join("  " * i + "- item\n" for i in range(1000))
    doc = parse_text("# Deep\n\n" + nested)
    assert doc.walk()[0].blocks[0].kind == "list"
    quotes = ">" * 1000 + " deep\n"
    parse_text(quotes)


def test_section_key_and_heading() -> None:
    doc = parse_text("## 1.2. Title\n\n### Other[[my-id]]\n\n### Plain\n")
    keys = [s.key for s in doc.walk()]
    assert keys == ["1.2", "my-id", "plain"]
    assert doc.walk()[0].heading == "1.2. Title"


def test_html_ids_in_headings() -> None:
    doc = parse_text('## <a id="old-anchor"></a>Title\n')
    assert doc.walk()[0].ids == ("old-anchor",)
    assert re.fullmatch("title", doc.walk()[0].slug)


def test_table_cells_do_not_run_together() -> None:
    doc = parse_text("# T\n\n| GPT-2 | 48 |\n|---|---|\n| BERT base | 12 |\n")
    assert [f.value for f in doc.walk()[0].blocks[0].numbers] == ["2", "48", "12"]
