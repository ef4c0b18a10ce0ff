"""MkDocs Material sites (the FastAPI docs): admonitions, blocks, content tabs, included listings.

Each case is a minimal pair written for the test, of the shape the hand-labelled real pages
showed (tests/labels/fastapi-docs.jsonl): the same note written ``!!! note`` on one side and
``/// note`` on the other, an example included with ``{* *}`` on one side and as variant
tabs of ``{!file!}`` fences on the other, a note only the translation kept.
"""

from __future__ import annotations

from pathlib import Path

from curriculum_tools.model import Document
from curriculum_tools.parse import parse_text
from curriculum_tools.syntax.mkdocs import example

from .rule_cases import export_html_pages, lint_case

EN = """# Cookies { #cookies }

Declare cookies the same way as `Query` parameters.

## Import { #import }

First import `Cookie`:

{* ../../docs_src/cookies/tutorial001_an_py310.py hl[3] *}

/// note | Technical Details

`Cookie` is a sister class of `Query`.

///

## Options { #options }

Pass `alias` to rename a cookie.

/// tip

Check the docs at `/docs`.

///
"""

KO = """# 쿠키 { #cookies }

`Query` 매개변수와 같은 방식으로 쿠키를 선언합니다.

## 임포트 { #import }

먼저 `Cookie`를 임포트합니다:

//// tab | Python 3.10+

```Python hl_lines="3"
{!> ../../../docs_src/cookies/tutorial001_an_py310.py!}
```

////

//// tab | Python 3.8+ Annotated가 없는 경우

!!! tip "팁"
    가능하다면 `Annotated` 버전을 권장합니다.

```Python hl_lines="1"
{!> ../../../docs_src/cookies/tutorial001.py!}
```

////

!!! note "기술 세부사항"
    `Cookie`는 `Query`의 자매 클래스입니다.

## 옵션 { #options }

쿠키 이름을 바꾸려면 `alias`를 전달합니다.

/// tip | 팁

`/docs`에서 문서를 확인하세요.

///
"""


def _last(doc: Document) -> str:
    """The text of the last top-level block of the last section."""
    return doc.walk()[-1].blocks[-1].text


def test_blocks_are_components() -> None:
    doc = parse_text(KO, lang="ko")
    comps = [(c.name, c.kind) for c in doc.components()]
    assert ("note", "admonition") in comps and ("tip", "admonition") in comps
    assert ("include", "listing") in comps
    text = "\n".join(b.text for b in doc.all_blocks())
    assert "!!!" not in text and "///" not in text and "{!" not in text
    note = next(c for c in doc.components() if c.name == "note")
    assert note.attr("title") == "기술 세부사항" and note.attr("type") == "note"
    assert "자매 클래스" in " ".join(b.text for b in note.children)


def test_variant_tabs_of_one_example_are_that_listing() -> None:
    doc = parse_text(KO, lang="ko")
    listings = [c for c in doc.components() if c.kind == "listing"]
    assert [c.attr("file-name") for c in listings] == ["docs_src/cookies/tutorial001.py"]
    # tabs showing other things stay tabs
    other = parse_text('# T\n\n=== "A"\n\n    One.\n\n=== "B"\n\n    Two.\n\nAfter.\n', lang="en")
    (group,) = [c for c in other.components() if c.kind == "tabs"]
    assert [c.attr("title") for c in (b.component for b in group.children) if c] == ["A", "B"]
    assert _last(other) == "After."


def test_example_names() -> None:
    assert example("../../docs_src/a/tutorial002_an_py39.py") == "docs_src/a/tutorial002.py"
    assert example("../../../docs_src/a/tutorial002.py") == "docs_src/a/tutorial002.py"
    assert example("docs_src/a/tutorial003b.py") == "docs_src/a/tutorial003b.py"


def test_an_admonition_body_ends_at_the_first_line_not_indented() -> None:
    doc = parse_text("# T\n\n!!! warning\n    Careful.\n\n    Twice.\n\nAfter.\n", lang="en")
    (warning,) = doc.components()
    assert [b.text for b in warning.children] == ["Careful.", "Twice."]
    assert _last(doc) == "After."
    assert warning.attr("type") == "warning"


def test_collapsible_admonitions_and_block_options() -> None:
    doc = parse_text(
        '# T\n\n???+ danger "Mind"\n    Hot.\n\n/// details | More\n    type: warning\n\nBody.\n\n///\n',
        lang="en",
    )
    danger, details = doc.components()
    assert (danger.attr("type"), danger.attr("title")) == ("caution", "Mind")
    assert (details.attr("type"), details.attr("title")) == ("warning", "More")
    assert [b.text for b in details.children] == ["Body."]


def test_an_unclosed_block_is_text() -> None:
    doc = parse_text("# T\n\n/// tip\n\nNo end.\n", lang="en")
    assert not list(doc.components())


def test_the_same_content_in_either_syntax_is_clean(tmp_path: Path) -> None:
    assert lint_case(tmp_path, EN, KO)[1] == []


def test_a_note_only_the_translation_has_is_reported(tmp_path: Path) -> None:
    en = EN.replace(
        "/// note | Technical Details\n\n`Cookie` is a sister class of `Query`.\n\n///\n", ""
    )
    lines = lint_case(tmp_path, en, KO)[1]
    assert any("admonition" in x or "paragraph-extra" in x for x in lines), lines


def test_another_example_is_still_reported(tmp_path: Path) -> None:
    ko = KO.replace("cookies/tutorial001", "cookies/tutorial002")
    lines = lint_case(tmp_path, EN, ko)[1]
    assert any("listing-mismatch" in x and "tutorial002" in x for x in lines), lines


def test_html_export_prints_no_block_markers(tmp_path: Path) -> None:
    pages, _ = export_html_pages(tmp_path, EN, KO, "cookies")
    for page, html in pages:
        for marker in ("///", "!!!", "{*", "{!", "==="):
            assert marker not in html, (page, marker)
        assert "admonition" in html and "docs_src/cookies/tutorial001.py" in html
