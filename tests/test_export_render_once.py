"""A section's blocks are rendered once (issue 12 item 11: the cost of the exports).

The Anki export used to render a long section three times (whole, block by block to measure,
part by part); it now renders each top-level block once
(:func:`curriculum_tools.export.markup.render_raw_blocks`) and sanitizes joins of the blocks'
HTML. These tests hold that this changes no byte: the joined blocks are the slice's own HTML,
and the answers are those of rendering every part on its own, on real documents and on a
document built to hold every kind of block (tight lists, HTML blocks, components, quotes,
tables, code, math) in sections long enough to be split.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from curriculum_tools.export.anki.fields import (
    MAX_ANSWER,
    _top_blocks,
    hangul_emphasis,
    own_tokens,
    plain_tokens,
    section_fields,
    visible_length,
)
from curriculum_tools.export.markup import render_raw_blocks, render_slice
from curriculum_tools.export.tags import _keep  # render_slice's default hook
from curriculum_tools.model import Document
from curriculum_tools.parse import parse_text

if TYPE_CHECKING:
    from markdown_it.token import Token

CORPORA = Path(os.environ.get("CTOOLS_CORPORA", "/work/shared/corpora"))

BLOCKS = """\
A paragraph with *emphasis*, `code`, a [link](#x) and **굵게**는 and $x^2$.
Its second line.

- tight item one
- tight item **two**
  - nested tight
- three

1. loose one

2. loose two

<div class="note">
raw <b>HTML</b> block
</div>

<Tip>

Inside a component, with a [link](https://example.org).

</Tip>

> A quote
> - with a list

| a | b |
|---|---|
| `x` | y |

```rust
fn main() {}
```

$$
a + b
$$

<!-- a comment -->

Last words of the part, [ref] and <span>inline</span>.

[ref]: https://example.org
"""


def _document() -> Document:
    long = "\n".join(f"Sentence {i} of a long section, written to be split." for i in range(9))
    sections = [f"## Part {k}\n\n{BLOCKS}\n{long}\n\n{BLOCKS}" for k in range(3)]
    text = "# Built\n\n" + "\n\n".join(sections) + "\n"
    return parse_text(text, Path("/src/en/built.md"), "en", "built.md")


def _real_documents() -> Iterator[Document]:
    for name in ("rust-book", "smolagents-docs"):
        folder = CORPORA / name / "en"
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.md"))[:60]:
            rel = path.relative_to(folder).as_posix()
            yield parse_text(path.read_text(encoding="utf-8-sig"), path, "en", rel)


def _old_section_fields(doc: Document, tokens: list[Token]) -> list[str]:
    """The answers as the export made them before: every part rendered on its own."""

    def render(part: Sequence[Token]) -> str:
        html = render_slice(part, doc.env, math="mathjax", breaks=True)
        return hangul_emphasis(html).strip()

    whole = render(tokens)
    if visible_length(whole) <= MAX_ANSWER:
        return [whole] if visible_length(whole) else []
    blocks = _top_blocks(tokens)
    if len(blocks) <= 1:
        return []
    parts: list[str] = []
    current: list[Token] = []
    used = 0
    for block in blocks:
        size = visible_length(render(block))
        joined = used + (1 if used and size else 0) + size
        if joined <= MAX_ANSWER:
            current.extend(block)
            used = joined
            continue
        if current:
            parts.append(render(current))
        current, used = (list(block), size) if size <= MAX_ANSWER else ([], 0)
    if current:
        parts.append(render(current))
    return [p for p in parts if visible_length(p)]


def _documents() -> list[Document]:
    return [_document(), *_real_documents()]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return _documents()


def test_a_long_section_renders_as_one_slice(documents: list[Document]) -> None:
    """The blocks' HTML, joined, is the HTML of their slice rendered at once (before
    sanitizing), for every section of every document."""
    checked = 0
    for doc in documents:
        for section in doc.walk():
            tokens = plain_tokens(own_tokens(doc, section))
            blocks = _top_blocks(tokens)
            joined = "".join(render_raw_blocks(blocks, doc.env, math="mathjax", breaks=True))
            whole = render_raw_blocks([tokens], doc.env, math="mathjax", breaks=True)[0]
            assert joined == whole, (doc.path, section.heading)
            checked += len(blocks) > 1
    assert checked > 20


def test_answers_are_those_of_rendering_each_part_alone(documents: list[Document]) -> None:
    """Whole answers and split ones are byte for byte what rendering each part gave."""

    split = 0
    for doc in documents:
        for section in doc.walk():
            tokens = plain_tokens(own_tokens(doc, section))
            got = section_fields(doc, section, _keep)
            assert got == _old_section_fields(doc, tokens), (doc.path, section.heading)
            split += len(got) > 1
    assert split >= 3  # the built document's long sections at least
