"""React-docs style MDX (react.dev and its translations): heading ids in MDX comments, merge
conflicts left in a translated page, console output, the site's boxes.

Each case is a minimal pair written for the test, of the shape the hand-labelled real pages
showed (tests/labels/react-docs.jsonl).
"""

from __future__ import annotations

from pathlib import Path

from curriculum_tools.parse import parse_text
from curriculum_tools.text import blank_conflict_markers, mdx_heading_ids

from .rule_cases import export_html_pages, lint_case

EN = """---
title: Trying it
---

<Intro>

Try the tool in a sandbox before you install it.

</Intro>

<InlineToc />

## Try it {/*try-it*/}

Open the sandbox and edit the file.

<Pitfall>

Never share **one** sandbox between two people.

</Pitfall>

<DeepDive>

#### Why a sandbox {/*why-a-sandbox*/}

A sandbox keeps your machine clean.

</DeepDive>

## Run it locally {/*run-it-locally*/}

Read [why](#why-a-sandbox) and [how](#try-it) first.

<ConsoleBlock level="error">

Error: the port is already in use.

</ConsoleBlock>
"""

KO = """---
title: 시도하기
---

<Intro>

설치하기 전에 샌드박스에서 도구를 사용해 보세요.

</Intro>

<InlineToc />

## 시도하기 {/*try-it*/}

샌드박스를 열고 파일을 편집하세요.

<Pitfall>

샌드박스 **하나를** 두 사람이 함께 쓰지 마세요.

</Pitfall>

<DeepDive>

#### 왜 샌드박스인가 {/*why-a-sandbox*/}

샌드박스는 컴퓨터를 깨끗하게 유지합니다.

</DeepDive>

## 로컬에서 실행하기 {/*run-it-locally*/}

먼저 [이유](#why-a-sandbox)와 [방법](#try-it)을 읽으세요.

<ConsoleBlock level="error">

Error: the port is already in use.

</ConsoleBlock>
"""


def test_an_id_in_an_mdx_comment_ending_a_heading_is_its_id() -> None:
    assert mdx_heading_ids("시도하기 {/*try-it*/}") == ("try-it",)
    assert mdx_heading_ids("Plan {/* to do later */}") == ()
    doc = parse_text(KO, "ko/try.md", "ko")
    assert [s.ids for s in doc.walk()] == [("try-it",), ("run-it-locally",)]
    assert "why-a-sandbox" in doc.nested_anchors


def test_links_to_mdx_heading_ids_resolve_and_the_pair_is_clean(tmp_path: Path) -> None:
    assert lint_case(tmp_path, EN, KO)[1] == []


def test_a_link_to_an_id_no_heading_has_is_still_broken(tmp_path: Path) -> None:
    lines = lint_case(tmp_path, EN, KO.replace("(#try-it)", "(#try-this)"))[1]
    assert any("broken-anchor" in x and "try-this" in x for x in lines), lines


def test_console_output_is_not_prose_to_translate_but_is_compared(tmp_path: Path) -> None:
    doc = parse_text(KO, "ko/try.md", "ko")
    output = [b for b in doc.all_blocks() if b.info == "output"]
    assert [b.kind for b in output] == ["code"] and "port" in output[0].code
    changed = KO.replace("Error: the port", "Error: that port")
    lines = lint_case(tmp_path, EN, changed)[1]
    assert any("code-mismatch" in x for x in lines), lines
    assert not any("untranslated" in x for x in lines), lines


def test_english_prose_outside_console_output_is_still_untranslated(tmp_path: Path) -> None:
    ko = KO.replace(
        "먼저 [이유](#why-a-sandbox)와 [방법](#try-it)을 읽으세요.",
        "Read [why](#why-a-sandbox) and [how](#try-it) first, before you run anything here.",
    )
    lines = lint_case(tmp_path, EN, ko)[1]
    assert any("untranslated" in x for x in lines), lines


def test_pitfall_is_a_warning_box_and_a_lost_one_is_reported(tmp_path: Path) -> None:
    doc = parse_text(EN, "en/try.md", "en")
    kinds = {c.name: c.kind for c in doc.components()}
    assert kinds["Pitfall"] == "admonition" and kinds["ConsoleBlock"] == "output"
    assert kinds["Intro"] == kinds["DeepDive"] == "container"
    ko = KO.replace("<Pitfall>\n", "").replace("</Pitfall>\n", "")
    lines = lint_case(tmp_path, EN, ko)[1]
    assert any("admonition-mismatch" in x for x in lines), lines


CONFLICT = """## 시도하기 {/*try-it*/}

샌드박스를 열고 파일을 편집하세요.

<<<<<<< HEAD
샌드박스는 컴퓨터를 깨끗하게 유지합니다.
=======
A sandbox keeps your machine clean and your files safe.
>>>>>>> 0123abc

## 로컬에서 실행하기 {/*run-it-locally*/}

로컬에서 실행하세요.
"""

CONFLICT_EN = """## Try it {/*try-it*/}

Open the sandbox and edit the file.

A sandbox keeps your machine clean and your files safe.

## Run it locally {/*run-it-locally*/}

Run it locally.
"""


def test_conflict_markers_are_blank_to_the_parser_and_a_setext_heading_is_kept() -> None:
    assert blank_conflict_markers("<<<<<<< HEAD\n가\n=======\nB\n>>>>>>> x\n") == "\n가\n\nB\n\n"
    assert blank_conflict_markers("Title\n=======\n\n<<<<<<< only\n") == (
        "Title\n=======\n\n<<<<<<< only\n"
    )
    fenced = "```\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n```\n"
    assert blank_conflict_markers(fenced) == fenced
    doc = parse_text(CONFLICT, "ko/c.md", "ko")
    assert [s.level for s in doc.walk()] == [2, 2]
    assert parse_text("Title\n=======\n", "ko/t.md", "ko").sections[0].level == 1


def test_a_conflict_is_one_merge_conflict_not_a_heading_and_a_quote(tmp_path: Path) -> None:
    lines = lint_case(tmp_path, CONFLICT_EN, CONFLICT)[1]
    rules = sorted({x.split()[2] if len(x.split()) > 2 else x for x in lines})
    assert any("merge-conflict" in x for x in lines), lines
    for noise in ("heading-level-mismatch", "section-extra", "empty-section", "quote"):
        assert not any(noise in x for x in lines), (noise, rules, lines)


def test_html_export_prints_no_component_syntax_and_keeps_the_ids(tmp_path: Path) -> None:
    pages, output = export_html_pages(tmp_path, EN, KO, "try")
    for page, html in pages:
        for raw in ("&lt;Pitfall", "&lt;DeepDive", "&lt;ConsoleBlock", "{/*", "&lt;Intro"):
            assert raw not in html, (raw, page)
        if page.parent.name in ("en", "ko"):  # the side-by-side page prefixes its ids
            assert 'id="try-it"' in html and 'id="why-a-sandbox"' in html, page
        assert "admonition-warning" in html
    assert "unknown component" not in output


LINK_EN = """## Editors {/*editors*/}

Read the [editor guide](https://tools.example.com/editor/) before you start.
"""


def test_a_language_segment_only_the_translation_writes_is_another_edition(tmp_path: Path) -> None:
    ko = "## 에디터 {/*editors*/}\n\n시작하기 전에 [에디터 안내](https://tools.example.com/ko-kr/editor/)를 읽으세요.\n"
    lines = lint_case(tmp_path, LINK_EN, ko)[1]
    assert [x for x in lines if "url-mismatch" in x and "info" not in x] == [], lines
    assert any("another language edition" in x for x in lines), lines
    other = ko.replace("ko-kr/editor", "ko-kr/editors")
    lines = lint_case(tmp_path / "b", LINK_EN, other)[1]
    assert any("url-mismatch" in x and "differs" in x for x in lines), lines


WIKI_EN = """## Principles {/*principles*/}

Keep state [DRY](https://en.wikipedia.org/wiki/Don%27t_repeat_yourself) and small.
"""


def test_a_wikipedia_article_of_the_korean_edition_is_another_edition(tmp_path: Path) -> None:
    ko = "## 원칙 {/*principles*/}\n\nState는 [중복 배제](https://ko.wikipedia.org/wiki/중복배제)로 작게 유지하세요.\n"
    lines = lint_case(tmp_path, WIKI_EN, ko)[1]
    assert [x for x in lines if "url-mismatch" in x and "info" not in x] == [], lines
    assert any("another language edition" in x for x in lines), lines
    other = ko.replace("ko.wikipedia.org/wiki/중복배제", "en.wikipedia.org/wiki/Redundancy")
    lines = lint_case(tmp_path / "b", WIKI_EN, other)[1]
    assert any("url-mismatch" in x and "differs" in x for x in lines), lines
