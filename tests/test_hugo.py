"""Hugo sites (the Kubernetes website): shortcodes, template headings, language-prefixed links.

Each case is a minimal pair written for the test, of the shape the hand-labelled real pages
showed (tests/labels/k8s-docs.jsonl): a ``{{< note >}}`` box, a glossary link whose text is
translated, the what's-next heading written three ways, ``/ko/docs/...`` links, Hugo's own
front-matter keys.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from curriculum_tools.cli import main
from curriculum_tools.parse import parse_text
from curriculum_tools.syntax.hugo import is_hugo_page, parse_args
from curriculum_tools.syntax.meaning import tab_label

from .rule_cases import export_html_pages, lint_case

PAGE = """---
title: Field checks
content_type: concept
---

<!-- overview -->

A {{< glossary_tooltip text="Pod" term_id="pod" >}} runs one or more containers.

## Select

{{< note >}}
Checks are *filters*: an empty one selects everything.
{{< /note >}}

{{< codenew file="pods/simple-pod.yaml" >}}

## Run it

{{< feature-state for_k8s_version="v1.27" state="stable" >}}

Apply the file with `kubectl apply`.
"""

PAGE_KO = """---
title: 필드 검사
content_type: concept
---

<!-- overview -->

{{< glossary_tooltip text="파드" term_id="pod" >}}는 하나 이상의 컨테이너를 실행한다.

## 선택하기

{{< note >}}
검사는 *필터*이다. 빈 검사는 모든 것을 선택한다.
{{< /note >}}

{{< codenew file="pods/simple-pod.yaml" >}}

## 실행하기

{{< feature-state for_k8s_version="v1.27" state="stable" >}}

`kubectl apply`로 파일을 적용한다.
"""


def test_shortcodes_are_components_and_a_glossary_link_is_its_text() -> None:
    doc = parse_text(PAGE, lang="en")
    blocks = list(doc.all_blocks())
    comps = [(c.name, c.kind) for c in doc.components()]
    assert ("note", "admonition") in comps
    assert ("codenew", "listing") in comps
    assert ("feature-state", "container") in comps
    text = "\n".join(b.text for b in blocks)
    assert "{{" not in text, text
    assert "A Pod runs one or more containers." in " ".join(text.split())
    note = next(c for c in doc.components() if c.name == "note")
    assert note.attr("type") == "note"
    assert "filters" in " ".join(b.text for b in note.children)


def test_a_shortcode_in_a_sentence_is_not_a_block() -> None:
    doc = parse_text('# T\n\n{{< glossary_tooltip term_id="node" >}} and more.\n', lang="en")
    (section,) = doc.walk()
    assert [b.kind for b in section.blocks] == ["paragraph"]
    assert section.blocks[0].text == "node and more."


def test_shortcode_arguments() -> None:
    assert parse_args(' text="컨테이너" term_id=container "v1" ') == {
        "text": "컨테이너",
        "term_id": "container",
        "_0": "v1",
    }
    assert is_hugo_page("x {{< note >}} y") and is_hugo_page("intro\n<!--more-->\n")
    assert not is_hugo_page("{{#include a.rs}} and {{ jinja }}")


def test_html_export_prints_no_shortcode(tmp_path: Path) -> None:
    pages, _ = export_html_pages(tmp_path, PAGE, PAGE_KO, "checks")
    for page, html in pages:
        assert "{{&lt;" not in html and "{{<" not in html and "/note" not in html, page
        assert "admonition" in html and "simple-pod.yaml" in html
    assert "파드" in "".join(html for _, html in pages)


def test_a_pair_with_the_same_shortcodes_is_clean(tmp_path: Path) -> None:
    assert lint_case(tmp_path, PAGE, PAGE_KO)[1] == []


def test_a_note_the_translation_lost_is_still_reported(tmp_path: Path) -> None:
    ko = PAGE_KO.replace(
        "{{< note >}}\n검사는 *필터*이다. 빈 검사는 모든 것을 선택한다.\n{{< /note >}}\n", ""
    )
    lines = lint_case(tmp_path, PAGE, ko)[1]
    assert any("paragraph-missing" in x or "admonition" in x for x in lines), lines


WHATSNEXT_EN = """# Labels

Labels are key/value pairs.

{}

* Read [the selectors page](https://example.com/selectors).
"""

WHATSNEXT_KO = """# 레이블

레이블은 키/값 쌍이다.

## {{% heading "whatsnext" %}}

* [셀렉터 문서](https://example.com/selectors)를 읽는다.
"""


def test_the_whatsnext_heading_in_its_three_forms_is_one_heading(tmp_path: Path) -> None:
    for n, form in enumerate(
        ('## {{% heading "whatsnext" %}}', "{{% whatsnext-heading %}}", "{{% capture whatsnext %}}")
    ):
        en = WHATSNEXT_EN.replace("{}", form)
        if "capture" in form:
            en += "\n{{% /capture %}}\n"
        assert lint_case(tmp_path / str(n), en, WHATSNEXT_KO)[1] == [], form
    doc = parse_text(WHATSNEXT_KO, lang="ko")
    assert [s.heading for s in doc.walk()][-1] == "What's next"


def test_a_capture_without_a_heading_is_dropped_and_a_new_section_still_reported(
    tmp_path: Path,
) -> None:
    en = "# Labels\n\n{{% capture overview %}}\n\nLabels are key/value pairs.\n\n{{% /capture %}}\n"
    ko = "# 레이블\n\n레이블은 키/값 쌍이다.\n\n## 새 절\n\n새 내용이 있다.\n"
    lines = lint_case(tmp_path, en, ko)[1]
    assert [x for x in lines if "section-extra" in x], lines
    assert not [x for x in lines if "paragraph-" in x], lines


LINKS_EN = """---
title: Pods
---

# Pods

A [Pod](/docs/concepts/workloads/pods/) runs [containers](/docs/concepts/containers/),
see [phases](/docs/concepts/workloads/pods/pod-lifecycle/#pod-phase),
[probes](/docs/tasks/probes/), [limits](/docs/concepts/limits/) and
[QoS](/docs/concepts/qos/) with [nodes](/docs/concepts/nodes/).
"""


def _ko_links(prefix: str) -> str:
    return (
        LINKS_EN.replace("# Pods", "# 파드")
        .replace("](/docs/", f"]({prefix}/docs/")
        .replace("A [Pod]", "[파드]")
        .replace("runs [containers]", "는 [컨테이너]")
    )


def test_a_link_to_the_same_page_of_the_korean_edition_is_the_same_link(tmp_path: Path) -> None:
    assert lint_case(tmp_path, LINKS_EN, _ko_links("/ko"))[1] == []


def test_a_korean_edition_link_into_a_folder_we_have_is_still_checked(tmp_path: Path) -> None:
    (tmp_path / "ko" / "docs" / "concepts").mkdir(parents=True)
    (tmp_path / "ko" / "docs" / "concepts" / "nodes.md").write_text("# 노드\n", encoding="utf-8")
    lines = lint_case(tmp_path, LINKS_EN, _ko_links("/ko"))[1]
    broken = [x for x in lines if "broken-link" in x]
    assert broken and not [x for x in broken if "nodes" in x], lines


def test_hugo_front_matter_keys_are_not_unknown_on_a_hugo_page(tmp_path: Path) -> None:
    fm = "---\ntitle: T\ncontent_type: concept\ncard:\n  name: concepts\nmenu:\n  main: {}\n---\n"
    en, ko = (
        fm + "# T\n\nText.\n<!--more-->\n",
        fm.replace("T\n", "제목\n", 1) + "# 제목\n\n글.\n<!--more-->\n",
    )
    assert not [x for x in lint_case(tmp_path / "a", en, ko)[1] if "front-matter" in x]
    plain_en, plain_ko = en.replace("<!--more-->\n", ""), ko.replace("<!--more-->\n", "")
    lines = lint_case(tmp_path / "b", plain_en, plain_ko)[1]
    assert [x for x in lines if "`content_type`" in x] and not [x for x in lines if "`menu`" in x]


def test_a_shortcode_in_a_link_address_is_a_link(tmp_path: Path) -> None:
    en = '# T\n\nSee [the API](/docs/api/{{< param "version" >}}/#pod) and [x](/a b.\n'
    ko = '# 제목\n\n[API](/docs/api/{{< param "version" >}}/#pod)와 [x](/a b를 본다.\n'
    lines = lint_case(tmp_path, en, ko, only="unbalanced-brackets")[1]
    assert len(lines) == 2 and all("[x](/a" in x for x in lines), lines


TABS = """# Start

{{< tabs name="dashboard" >}}
{{% tab name="Browser launch" %}}
Open a new terminal.
{{% /tab %}}
{{% tab name="URL copy" %}}
Copy the address.
{{% /tab %}}
{{< /tabs >}}
"""


def test_a_tab_is_called_by_its_name_in_the_html_and_latex_exports(tmp_path: Path) -> None:
    src = tmp_path / "site"
    (src / "en").mkdir(parents=True)
    (src / "en" / "start.md").write_text(TABS, encoding="utf-8")
    out = tmp_path / "out"
    args = ["export", "--format", "html", "--format", "latex", "--out", str(out), str(src)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    html = (out / "html" / "en" / "start.html").read_text(encoding="utf-8")
    assert "<strong>Browser launch</strong>" in html and "<strong>URL copy</strong>" in html
    assert ">tab<" not in html
    latex = "".join(p.read_text(encoding="utf-8") for p in (out / "latex").rglob("start*.tex"))
    assert "{Browser launch}" in latex and "{tab}" not in latex


def test_tab_labels_of_every_format() -> None:
    assert tab_label("tab", {"name": "Browser"}) == "Browser"  # Hugo
    assert tab_label("TabItem", {"value": "py", "label": "Python"}) == "Python"  # Docusaurus
    assert tab_label("hfoption", {"id": "pt"}) == "PyTorch"  # doc-builder, by id
    assert tab_label("pt", {}) == "PyTorch"  # doc-builder, by component name
    assert tab_label("hfoption", {"id": "Diffusers"}) == "Diffusers"
    assert tab_label("tab", {"title": "Shown", "name": "other"}) == "Shown"


def test_the_front_matter_title_is_the_page_heading_when_no_h1_gives_one(tmp_path: Path) -> None:
    pages, _ = export_html_pages(tmp_path, PAGE, PAGE_KO, "checks")
    by_lang = {page.parent.name: html for page, html in pages}
    assert '<h1 class="doc-title">Field checks</h1>' in by_lang["en"]
    assert '<h1 class="doc-title">필드 검사</h1>' in by_lang["ko"]
    with_h1 = PAGE.replace("<!-- overview -->", "# Field checks")
    ko_h1 = PAGE_KO.replace("<!-- overview -->", "# 필드 검사")
    for page, html in export_html_pages(tmp_path / "h1", with_h1, ko_h1, "checks")[0]:
        assert 'class="doc-title"' not in html
        assert html.count("<h1") == (2 if page.parent.name == "en-ko" else 1), page
