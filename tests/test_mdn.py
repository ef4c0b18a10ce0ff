"""Lint, parse and export on the shapes of MDN Web Docs pages (issue 16, a new format).

Each case is a minimal pair written for the test, of the shape the hand-labelled real pages
showed (tests/labels/mdn-docs.jsonl): KumaScript macros, MDN front matter, ``/ko/docs/``
site routes, MDN heading ids, ``> **Note:**`` notes, examples whose comments or HTML text
are translated, sections a translation orders differently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from curriculum_tools.cli import main
from curriculum_tools.parse import parse_text, tokenize

from .rule_cases import lint_case

MDN_FM = "---\ntitle: T\nslug: Web/T\npage-type: guide\nbrowser-compat: api.T\n---\n\n"
KO_FM = "---\ntitle: T\nslug: Web/T\nl10n:\n  sourceCommit: abc123\n---\n\n"


def _rules(lines: list[str]) -> list[str]:
    """``ko.md:3:1: warning section-order ...`` -> ``section-order``."""
    return [line.split(": ", 1)[1].split()[1] for line in lines]


# --- front matter -------------------------------------------------------------------------


def test_mdn_front_matter_keys_are_known(tmp_path: Path) -> None:
    _, lines = lint_case(
        tmp_path, MDN_FM + "# T\n\nText.\n", KO_FM + "# T\n\n글.\n", "front-matter"
    )
    assert lines == []


def test_an_unknown_front_matter_key_is_still_reported(tmp_path: Path) -> None:
    en = "---\ntitle: T\npage-typo: guide\n---\n\n# T\n\nText.\n"
    _, lines = lint_case(tmp_path, en, "", "front-matter")
    assert any("page-typo" in line for line in lines), lines


# --- site routes and anchors ----------------------------------------------------------------


def test_a_locale_site_route_is_not_a_broken_link(tmp_path: Path) -> None:
    ko = KO_FM + "# T\n\n[전역 특성](/ko/docs/Web/HTML/Global_attributes)을 보세요.\n"
    _, lines = lint_case(tmp_path, MDN_FM + "# T\n\nSee it.\n", ko, "broken-link")
    assert lines == []


def test_a_missing_page_in_a_folder_we_have_is_still_broken(tmp_path: Path) -> None:
    ko = KO_FM + "# T\n\n[그림](/ko/img/nothere/page)을 보세요.\n"
    _, lines = lint_case(tmp_path, MDN_FM + "# T\n\nSee it.\n", ko, "broken-link")
    assert len(lines) == 1 and "/ko/img/nothere/page" in lines[0], lines


MDN_ANCHORS = MDN_FM + (
    "# T\n\n- [loop](#for...of_statement)\n- [mistake](#closures_in_loops_a_common_mistake)\n"
    "- [auto](#auto)\n\n## for...of statement\n\nText.\n\n"
    "## Closures in loops: A common mistake\n\nText.\n\n## Values\n\n- `auto`\n  - : Chosen.\n"
)


def test_mdn_heading_and_term_ids_are_anchors_of_an_mdn_page(tmp_path: Path) -> None:
    _, lines = lint_case(tmp_path, MDN_ANCHORS, "", "broken-anchor")
    assert lines == []


def test_underscore_anchors_stay_broken_outside_mdn_pages(tmp_path: Path) -> None:
    en = "# T\n\n[loop](#for_statement)\n\n## for statement\n\nText.\n"
    _, lines = lint_case(tmp_path, en, "", "broken-anchor")
    assert len(lines) == 1 and "#for_statement" in lines[0], lines


# --- notes ----------------------------------------------------------------------------------


def test_a_bold_note_label_is_the_same_note_as_an_alert(tmp_path: Path) -> None:
    en = "# T\n\n> **Note:** The attribute is obsolete.\n"
    ko = "# T\n\n> [!NOTE]\n> 이 특성은 더 이상 쓰이지 않습니다.\n"
    _, lines = lint_case(tmp_path, en, ko, "admonition-mismatch")
    assert lines == []
    tokens, _ = tokenize(en)
    opened = [t for t in tokens if t.type == "component_open"]
    assert [t.meta["attrs"]["type"] for t in opened] == ["note"]


def test_a_bold_note_the_translation_lost_is_reported(tmp_path: Path) -> None:
    en = "# T\n\nText.\n\n> **Warning:** Do not change the array.\n"
    ko = "# T\n\n글입니다.\n"
    _, lines = lint_case(tmp_path, en, ko, "admonition-mismatch")
    assert len(lines) == 1 and "[!WARNING]" in lines[0], lines


# --- KumaScript macros ----------------------------------------------------------------------

MACROS = (
    "# T\n\n{{JSRef}}\n\n"
    'Use {{jsxref("Array/forEach", "forEach")}} on {{jsxref("Array")}}, a '
    '{{Glossary("Closure", "closure")}} and {{HTMLElement("div")}} {{optional_inline}}.\n\n'
    '{{EmbedLiveSample("Examples", 600, 200)}}\n\n{{PreviousNext("Web/A",\n  "Web/B")}}\n\n'
    "A template {{ name }} and an include {{#include x.rs}} are not macros.\n"
)


def test_macros_are_components_with_link_facts_and_visible_text() -> None:
    doc = parse_text(MACROS, lang="en")
    blocks = list(doc.all_blocks())
    macros = [
        c for b in blocks for c in ([b.component] if b.component else []) + list(b.components)
    ]
    names = [c.name for c in macros if c.kind == "macro"]
    assert names == [
        "JSRef", "jsxref", "jsxref", "Glossary", "HTMLElement", "optional_inline",
        "EmbedLiveSample", "PreviousNext",
    ]  # fmt: skip
    paragraph = next(b for b in blocks if b.kind == "paragraph")
    words = paragraph.text.split()  # display texts are prose; a bare target is inline code
    assert words[:2] == ["Use", "forEach"] and "closure" in words
    assert "{{" not in paragraph.text and "jsxref" not in paragraph.text
    targets = [f.value for f in paragraph.links]
    assert targets == [
        "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/forEach",
        "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array",
        "https://developer.mozilla.org/en-US/docs/Glossary/Closure",
        "https://developer.mozilla.org/en-US/docs/Web/HTML/Element/div",
    ]
    assert [f.value for f in paragraph.code_spans] == ["Array", "<div>"]
    assert not paragraph.numbers  # the sample's size is not a number of the prose
    last = blocks[-1]
    assert "{{ name }}" in last.text and [c.kind for c in last.components] == ["include"]


def test_translated_display_text_is_prose_and_the_target_a_fact(tmp_path: Path) -> None:
    en = '# T\n\nA {{Glossary("Closure")}} is created by {{jsxref("Array")}} methods.\n'
    ko = '# T\n\n{{Glossary("Closure", "클로저")}}는 {{jsxref("Array")}} 메서드가 만듭니다.\n'
    _, lines = lint_case(tmp_path, en, ko)
    assert lines == []


def test_a_macro_naming_another_page_is_a_link_difference(tmp_path: Path) -> None:
    en = '# T\n\nIterate over {{jsxref("Array")}} elements.\n'
    ko = '# T\n\n{{jsxref("배열")}} 요소를 순회합니다.\n'
    _, lines = lint_case(tmp_path, en, ko, "url-mismatch")
    assert len(lines) == 1 and "배열" in lines[0] and "differs" in lines[0], lines


def test_a_macro_and_a_written_link_to_the_same_page_agree(tmp_path: Path) -> None:
    en = "# T\n\nA scrolling list (a [`<select>`](/en-US/docs/Web/HTML/Element/select)).\n"
    ko = '# T\n\n스크롤 목록({{HTMLElement("select")}} 요소).\n'
    _, lines = lint_case(tmp_path, en, ko, "url-mismatch")
    assert lines == []


def test_the_html_export_renders_macros_not_their_source(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "doc.md").write_text(MACROS, encoding="utf-8")
    out = tmp_path / "build"
    result = CliRunner().invoke(
        main, ["export", "-f", "html", "--out", str(out), str(tmp_path / "en")]
    )
    assert result.exit_code == 0, result.output
    page = (out / "html" / "en" / "doc.html").read_text(encoding="utf-8")
    body = page[page.index("<main") :]
    assert "jsxref" not in body.replace('data-component="jsxref"', "")
    assert "{{JSRef}}" not in body and "EmbedLiveSample(" not in body
    assert "<code>Array</code>" in body and "closure" in body


# --- examples and moved sections ------------------------------------------------------------


def test_translated_html_text_is_not_a_code_difference(tmp_path: Path) -> None:
    en = "# T\n\n```html\n<p>\n  This is the first paragraph.\n</p>\n<button>Switch</button>\n```\n"
    ko = "# T\n\n```html\n<p>첫 번째 문단입니다.</p>\n<button>바꾸기</button>\n```\n"
    _, lines = lint_case(tmp_path, en, ko, "code-mismatch")
    assert lines == []


def test_changed_html_tags_are_still_a_code_difference(tmp_path: Path) -> None:
    en = '# T\n\n```html\n<button id="size-12">12</button>\n```\n'
    ko = '# T\n\n```html\n<a href="#" id="size-12">12</a>\n```\n'
    _, lines = lint_case(tmp_path, en, ko, "code-mismatch")
    assert len(lines) == 1, lines


def _example(title: str, name: str, comment: str) -> str:
    blocks = "".join(
        f"```js\n// {comment} {k}\nconst {name}{k} = {name}({k});\nlog({name}{k});\n```\n\n"
        for k in range(3)
    )
    return f"## {title}\n\nText.\n\n{blocks}"


def test_a_section_moved_with_translated_comments_is_out_of_order_not_missing(
    tmp_path: Path,
) -> None:
    en = "# T\n\n" + "".join(
        _example(t, n, c)
        for t, n, c in [("Mapping", "mapIt", "maps it"), ("Filtering", "filterIt", "filters"),
                        ("Sparse arrays", "sparseIt", "skips holes")]
    )  # fmt: skip
    ko = "# T\n\n" + "".join(
        _example(t, n, c)
        for t, n, c in [("희소 배열", "sparseIt", "빈 곳을 건너뜁니다"), ("매핑", "mapIt", "매핑합니다"),
                        ("거르기", "filterIt", "거릅니다")]
    )  # fmt: skip
    _, lines = lint_case(tmp_path, en, ko)
    rules = _rules(lines)
    assert "section-missing" not in rules and "section-extra" not in rules, lines
    assert "code-mismatch" not in rules, lines
    assert "section-order" in rules, lines


def _paragraph_segment(text: str, target: bool) -> Any:
    from curriculum_tools.rules._domains import _segment

    doc = parse_text("# T\n\n" + text + "\n", lang="ko" if target else "en")
    block = next(b for b in doc.all_blocks() if b.kind == "paragraph")
    return _segment(block, True, doc.lines, True, target)


def test_a_translation_that_dropped_the_code_marks_still_pairs_with_its_paragraph() -> None:
    from curriculum_tools.rules._seg_align import segment_score

    en = _paragraph_segment(
        "In this example, the label `markLoop` identifies a `while` loop.", False
    )
    ko = _paragraph_segment("이 예에서, 레이블 markLoop는 while 루프를 식별합니다.", True)
    other = _paragraph_segment("이 예에서, 레이블은 반복문을 식별합니다.", True)
    assert segment_score(en, ko, 1.0) > 2.0
    assert segment_score(en, other, 1.0) < 0.0  # no identifier of the source: not tied


def test_an_mdn_address_and_a_site_path_are_the_same_target() -> None:
    from curriculum_tools.rules._facts import link_key

    site = link_key("/ko/docs/Web/HTML/Element/select")
    assert link_key("https://developer.mozilla.org/en-US/docs/Web/HTML/Element/select") == site
    assert link_key("/en-US/docs/Web/HTML/Element/select") == site
    assert link_key("https://example.org/en-US/docs/Web/HTML/Element/select") != site
