"""``ctools scaffold``: a marked skeleton that, once filled, pairs 1:1 with the English facts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from curriculum_tools.align import align_pair
from curriculum_tools.cli import main
from curriculum_tools.model import Document, DocumentPair, Section
from curriculum_tools.parse import numbers_in, parse_text
from curriculum_tools.scaffold import TRANSLATE_MARKER, add_missing_sections, scaffold_text
from curriculum_tools.status import Lock, section_states

from .conftest import SOURCE

EN = """---
id: deep-dive
title: A Deep Dive into Attention
tags: [llm, attention]
---

# A Deep Dive into Attention

Attention lets a model weigh 3 inputs at once; see [the paper](https://arxiv.org/abs/1706.03762).

## 1. Background {#background}

Sequence models before 2017 read tokens one by one.

> Attention is all you need, said the 8 authors.
> It changed the field.

### 1.1. Recurrent networks

1. Read the first token.
2. Update the hidden state with `h = f(h, x)`.
3. Repeat for all 512 positions:
   - keep the state small
   - avoid exploding gradients

![A recurrent cell](images/rnn.png)

## 2. The formula

The scores use a softmax over $QK^T / \\sqrt{d_k}$ for each query.

$$
\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}(QK^T / \\sqrt{d_k}) V
$$

```python
def attention(q, k, v):
    return softmax(q @ k.T / d ** 0.5) @ v
```

| Model | Layers | Notes |
|-------|-------:|-------|
| BERT base | 12 | Encoder only, `bidirectional` |
| GPT-2 | 48 | Decoder only, trained on 40 GB of text |

Multi-Head Attention
--------------------

Each head attends to a different subspace, about 64 dimensions per head.
Heads are concatenated and projected back (https://jalammar.github.io/illustrated-transformer/).

<div class="note">Raw HTML stays as it is.</div>

## 3. Summary

- Attention is parallel.
- It scales with the square of the length.
"""

_PROTECT = re.compile(
    r"`[^`]*`|\$\$.*?\$\$|\$[^$\n]+\$|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|<[^>]*>"
    r"|https?://[^\s)]+|\{#[^}]*\}|\[\[[^\]]*\]\]"
)
_WORD = re.compile(r"[A-Za-z]+")


def _korean(segment: str) -> str:
    return _WORD.sub("번역", segment)


def fill(text: str) -> str:
    """Translate a scaffold mechanically: drop markers, turn Latin words of prose into Hangul."""
    out: list[str] = []
    fence = math = False
    front = text.startswith("---")
    for i, line in enumerate(text.split("\n")):
        if front:
            if i > 0 and line == "---":
                front = False
            elif line.startswith("title:"):
                line = "title: " + _korean(line[6:].replace(TRANSLATE_MARKER, ""))
            out.append(line)
            continue
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        if stripped == "$$":
            math = not math
        if fence or math or stripped.startswith(("```", "<")):
            out.append(line)
            continue
        line = line.replace(TRANSLATE_MARKER + " ", "")
        pieces, last = [], 0
        for match in _PROTECT.finditer(line):
            pieces.append(_korean(line[last : match.start()]))
            pieces.append(match.group())
            last = match.end()
        pieces.append(_korean(line[last:]))
        out.append("".join(pieces))
    return "\n".join(out)


def facts(section: Section) -> dict[str, Any]:
    """Everything the parity rules compare, for one section."""
    got: dict[str, Any] = {
        "level": section.level,
        "number": section.number,
        "title_numbers": numbers_in(section.title),
        "blocks": [
            (b.kind, b.items, b.depth, b.rows, b.cols, b.info, b.code) for b in section.blocks
        ],
    }
    for kind in ("numbers", "code_spans", "links", "images", "math"):
        got[kind] = sorted(f.value for b in section.blocks for f in getattr(b, kind))
    return got


def en_doc(text: str = EN, rel: str = "deep-dive.md") -> Document:
    return parse_text(text, "en/" + rel, "en", rel)


def pair_of(en: Document, ko_text: str) -> DocumentPair:
    return align_pair(DocumentPair(en, parse_text(ko_text, "ko/" + en.rel, "ko", en.rel)))


# --- pure ------------------------------------------------------------------------------------


def test_scaffold_marks_every_prose_unit_and_copies_the_rest() -> None:
    en = en_doc()
    text = scaffold_text(en, "ko")
    ko = parse_text(text, "ko/deep-dive.md", "ko", "deep-dive.md")
    assert ko.front_matter == {
        "id": "deep-dive",
        "title": f"{TRANSLATE_MARKER} A Deep Dive into Attention",
        "tags": ["llm", "attention"],
        "lang": "ko",
    }
    for line in (
        "# [TRANSLATE] A Deep Dive into Attention",
        "## 1. [TRANSLATE] Background {#background}",
        "> [TRANSLATE] Attention is all you need, said the 8 authors.",
        "> It changed the field.",
        "2. [TRANSLATE] Update the hidden state with `h = f(h, x)`.",
        "   - [TRANSLATE] keep the state small",
        "![A recurrent cell](images/rnn.png)",
        "| [TRANSLATE] BERT base | 12 | [TRANSLATE] Encoder only, `bidirectional` |",
        "| [TRANSLATE] Model | [TRANSLATE] Layers | [TRANSLATE] Notes |",
        "[TRANSLATE] Multi-Head Attention",
        "--------------------",
        '<div class="note">Raw HTML stays as it is.</div>',
        "    return softmax(q @ k.T / d ** 0.5) @ v",
        "\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}(QK^T / \\sqrt{d_k}) V",
    ):
        assert line in text.split("\n"), line
    # the body is the English body plus markers, nothing else
    body = EN.split("---\n", 2)[2].lstrip("\n")
    assert text.split("---\n", 2)[2].lstrip("\n").replace(TRANSLATE_MARKER + " ", "") == body
    # every section pairs with its scaffold and carries the same facts
    pair = align_pair(DocumentPair(en, ko))
    assert all(r.en is not None and r.ko is not None and not r.moved for r in pair.rows)
    assert [facts(r.en) for r in pair.rows if r.en] == [facts(r.ko) for r in pair.rows if r.ko]
    # ... and is reported untranslated until someone translates it
    assert {st.state for st in section_states(pair, Lock())} == {"untranslated"}


@pytest.mark.parametrize("source", ["synthetic", "bundled"])
def test_filled_scaffold_aligns_one_to_one_with_equal_facts(source: str) -> None:
    en = (
        en_doc()
        if source == "synthetic"
        else en_doc((SOURCE / "en" / "curriculum.md").read_text("utf-8"), "curriculum.md")
    )
    filled = fill(scaffold_text(en, "ko"))
    assert TRANSLATE_MARKER not in filled
    pair = pair_of(en, filled)
    assert len(pair.rows) == len(en.walk())
    for row in pair.rows:
        assert row.en is not None and row.ko is not None and not row.moved
        assert row.en.index == row.ko.index
        assert facts(row.en) == facts(row.ko), row.en.heading
    assert {st.state for st in section_states(pair, Lock())} == {"ok"}
    assert pair.ko is not None and pair.ko.doc_id == en.doc_id and pair.ko.lang == "ko"


def test_crlf_source_gives_crlf_scaffold() -> None:
    en = en_doc(EN.replace("\n", "\r\n"))
    text = scaffold_text(en, "ko")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert "## 1. [TRANSLATE] Background {#background}\r\n" in text


def _drop(text: str, start: str, stop: str) -> str:
    i, j = text.index(start), text.index(stop)
    return text[:i] + text[j:]


@pytest.mark.parametrize(
    ("start", "stop"),
    [
        ("### 1.1.", "## 2."),  # a last subsection
        ("## 1. ", "### 1.1."),  # a parent whose child stays
        ("## 3. ", None),  # the last section, at the end of the file
        ("## 2. ", "## 3. "),  # a section and its setext child
    ],
)
def test_add_missing_sections_keeps_other_bytes(start: str, stop: str | None) -> None:
    en = en_doc()
    full = fill(scaffold_text(en, "ko"))
    ko_start = fill(start)
    cut = _drop(full, ko_start, fill(stop)) if stop else full[: full.index(ko_start)]
    pair = pair_of(en, cut)
    assert any(r.ko is None for r in pair.rows)
    new, inserted = add_missing_sections(pair)
    assert inserted
    chunk_start = new.index(start)
    chunk_len = len(new) - len(cut)
    # every other byte is unchanged: removing the inserted chunk gives the old text back
    assert new[:chunk_start] + new[chunk_start + chunk_len :] == cut
    again = pair_of(en, new)
    assert all(r.en is not None and r.ko is not None and not r.moved for r in again.rows)
    assert [r.en.index for r in again.rows if r.en] == [r.ko.index for r in again.rows if r.ko]
    inserted_states = {
        st.state for st in section_states(again, Lock()) if st.en in inserted[0].sections
    }
    assert inserted_states == {"untranslated"}
    assert add_missing_sections(again)[1] == []


# --- the command -----------------------------------------------------------------------------


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["scaffold", *args])


@pytest.fixture
def tree(chdir_tmp: Path) -> Path:
    (chdir_tmp / "source" / "en" / "guide").mkdir(parents=True)
    (chdir_tmp / "source" / "en" / "guide" / "deep-dive.md").write_text(EN, encoding="utf-8")
    return chdir_tmp


def test_cli_writes_then_refuses_to_overwrite(tree: Path) -> None:
    en = Path("source/en/guide/deep-dive.md")
    result = invoke("--from", "en", "--to", "ko", str(en))
    assert result.exit_code == 0, result.output
    out = tree / "source" / "ko" / "guide" / "deep-dive.md"
    assert "wrote source/ko/guide/deep-dive.md" in result.output
    written = out.read_bytes()
    assert written.decode() == scaffold_text(en_doc(), "ko")
    result = invoke(str(en))
    assert result.exit_code == 2 and "already exists" in result.output
    assert out.read_bytes() == written


def test_cli_sections_inserts_a_deleted_section(tree: Path) -> None:
    en = Path("source/en/guide/deep-dive.md")
    out = tree / "source" / "ko" / "guide" / "deep-dive.md"
    out.parent.mkdir(parents=True)
    cut = _drop(fill(scaffold_text(en_doc(), "ko")), "### 1.1.", "## 2.")
    out.write_bytes(cut.encode("utf-8"))
    result = invoke("--sections", str(en))
    assert result.exit_code == 0, result.output
    assert "inserted 1.1. Recurrent networks" in result.output
    new = out.read_text("utf-8")
    at = new.index("### 1.1. [TRANSLATE] Recurrent networks")
    assert new[:at] == cut[:at]
    assert new.endswith(cut[at:])
    assert "no missing sections" in invoke("--sections", str(en)).output


def test_cli_errors(tree: Path) -> None:
    loose = tree / "loose.md"
    loose.write_text("# Loose\n\nText here.\n", encoding="utf-8")
    result = invoke(str(loose))
    assert result.exit_code == 2 and "language folder" in result.output
    none = tree / "source" / "en" / "notes.md"
    none.write_text("---\ntranslation: none\n---\n# Notes\n", encoding="utf-8")
    result = invoke(str(none))
    assert result.exit_code == 2 and "translation: none" in result.output
    assert invoke("--to", "en", "source/en/guide/deep-dive.md").exit_code == 2


def test_bare_carriage_returns_are_line_endings_too() -> None:
    """Classic-Mac line endings: the parser counts `\\r` as a line break, so must scaffold."""
    from curriculum_tools.align import align_sections
    from curriculum_tools.model import DocumentPair
    from curriculum_tools.parse import parse_text
    from curriculum_tools.scaffold import add_missing_sections, scaffold_text

    en_text = (
        "# Title\r\rSome text here.\r\r## 1. Part\r\r- item one\r- item two\r\r## 2. More\r\rEnd.\r"
    )
    en = parse_text(en_text, "en/a.md", "en", "a.md")
    out = scaffold_text(en, "ko")
    assert "\n" not in out
    assert out.count("[TRANSLATE]") == 7
    assert "\r- [TRANSLATE] item two\r" in out
    ko_text = "# 제목\r\r본문.\r\r## 2. 더\r\r끝.\r"
    ko = parse_text(ko_text, "ko/a.md", "ko", "a.md")
    pair = DocumentPair(en, ko, align_sections(en, ko), how="path")
    text, inserted = add_missing_sections(pair)
    assert "\n" not in text and len(inserted) == 1
    assert text.startswith("# 제목\r\r본문.\r\r## 1. [TRANSLATE] Part\r")
    assert text.endswith("## 2. 더\r\r끝.\r")
