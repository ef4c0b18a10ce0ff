"""VitePress sites (the Vue docs): custom containers, code groups, playground links, front matter.

Each case is a minimal pair written for the test, of the shape the hand-labelled real pages
showed (tests/labels/vue-docs.jsonl): a ``::: warning Title`` box (closed by a ``:::`` line
right after its text, or by one a formatter indented under a list item), ``:::tip`` without a
space, a container name VitePress does not know (``:::팁``, printed as text on the site), a
``<VTCodeGroup>`` of labelled tabs, playground links whose fragment encodes the (translated)
example, the old playground host, and VitePress's own front-matter keys.
"""

from __future__ import annotations

from pathlib import Path

from curriculum_tools.parse import parse_text
from curriculum_tools.rules._facts import norm_url, same_target

from .rule_cases import export_html_pages, lint_case

PAGE = """---
outline: deep
footer: false
---

# Toggles {#toggles}

## Show a block {#show}

Use `v-show` to toggle the element.

::: warning Note
Do **not** use `v-if` with `v-for` on one element.
:::

:::tip Before you start

- Know the command line
- Install Node.js 18 or higher
  :::

<VTCodeGroup>
  <VTCodeGroupTab label="npm">

  ```sh
  $ npm run dev
  ```

  </VTCodeGroupTab>
  <VTCodeGroupTab label="yarn">

  ```sh
  $ yarn dev
  ```

  </VTCodeGroupTab>
</VTCodeGroup>

::: code-group

```js [main.js]
createApp(App).mount('#app')
```

```vue [App.vue]
<template><p>hi</p></template>
```

:::

[Try it in the Playground](https://play.vuejs.org/#eNp9kE9KAzEUxq_ycjYVOhO6LWnRS7jKph3f2KnNH5JMuygDRcETiLiy)
"""

PAGE_KO = """---
outline: deep
footer: false
---

# 토글 {#toggles}

## 블록 표시하기 {#show}

`v-show`를 사용하여 엘리먼트를 전환합니다.

:::warning 참고
한 엘리먼트에 `v-if`와 `v-for`를 함께 사용하지 **마세요**.
:::

:::tip 시작하기 전에

- 명령줄에 익숙할 것
- Node.js 18 이상 설치
  :::

<VTCodeGroup>
  <VTCodeGroupTab label="npm">

  ```sh
  $ npm run dev
  ```

  </VTCodeGroupTab>
  <VTCodeGroupTab label="yarn">

  ```sh
  $ yarn dev
  ```

  </VTCodeGroupTab>
</VTCodeGroup>

::: code-group

```js [main.js]
createApp(App).mount('#app')
```

```vue [App.vue]
<template><p>안녕</p></template>
```

:::

[온라인 연습장으로 실행하기](https://sfc.vuejs.org/#eyJBcHAudnVlIjoiPHNjcmlwdCBzZXR1cD5cbmltcG9ydCB7IHJlZiB9IGZyb20)
"""


def test_containers_are_components() -> None:
    doc = parse_text(PAGE, lang="en")
    comps = [(c.name, c.kind) for c in doc.components()]
    assert ("::: warning", "admonition") in comps
    assert ("::: tip", "admonition") in comps
    assert ("::: code-group", "tabs") in comps
    assert ("VTCodeGroup", "tabs") in comps and ("VTCodeGroupTab", "tab") in comps
    warning = next(c for c in doc.components() if c.name == "::: warning")
    assert warning.attr("type") == "warning" and warning.attr("title") == "Note"
    assert "recommended" not in warning.attr("title")
    assert "on one element" in " ".join(b.text for b in warning.children)
    tip = next(c for c in doc.components() if c.name == "::: tip")
    assert [b.kind for b in tip.children] == ["list"]
    text = " ".join(b.text for b in doc.all_blocks())
    assert ":::" not in text, text


def test_an_unknown_or_unclosed_container_stays_text() -> None:
    for page in ("# T\n\n:::팁 브라우저 지원\n텍스트.\n:::\n", "# T\n\n::: tip\nNever closed.\n"):
        doc = parse_text(page, lang="ko")
        assert not list(doc.components()), page
        assert ":::" in " ".join(b.text for b in doc.all_blocks())


def test_a_longer_marker_nests_a_container() -> None:
    doc = parse_text("# T\n\n:::: details More\n::: tip\nInner.\n:::\n::::\n", lang="en")
    outer = next(c for c in doc.components() if c.name == "::: details")
    assert outer.attr("title") == "More"
    assert [b.component.name for b in outer.children if b.component] == ["::: tip"]


def test_a_toc_line_is_a_component() -> None:
    doc = parse_text("# T\n\n[[toc]]\n\nText.\n", lang="en")
    assert [c.name for c in doc.components()] == ["toc"]
    assert "[[toc]]" not in " ".join(b.text for b in doc.all_blocks())


def test_a_pair_with_the_same_containers_is_clean(tmp_path: Path) -> None:
    assert lint_case(tmp_path, PAGE, PAGE_KO)[1] == []


def test_a_box_the_translation_lost_is_an_admonition_finding(tmp_path: Path) -> None:
    ko = PAGE_KO.replace(":::warning 참고\n", "").replace("**마세요**.\n:::\n", "**마세요**.\n")
    lines = lint_case(tmp_path, PAGE, ko)[1]
    assert any("admonition-mismatch" in x and "2 in the source" in x for x in lines), lines


def test_a_container_name_vitepress_does_not_know_is_reported(tmp_path: Path) -> None:
    lines = lint_case(tmp_path, PAGE, PAGE_KO.replace(":::tip 시작하기", ":::팁 시작하기"))[1]
    assert any("admonition-mismatch" in x for x in lines), lines


def test_playground_state_and_moved_host_are_the_same_link(tmp_path: Path) -> None:
    a = "https://sfc.vuejs.org/#eyJBcHAudnVlIjoiPHNjcmlwdCBzZXR1cD5cbmltcG9ydCB7IHJlZiB9IGZyb20"
    b = "https://play.vuejs.org/#eNp9kE9KAzEUxq_ycjYVOhO6LWnRS7jKph3f2KnNH5JMuygDRcETiLiy"
    assert same_target(a, b)
    # an anchor is still an anchor, and another playground page is another link
    assert norm_url("https://example.com/a#install") != norm_url("https://example.com/a#usage")
    long_a = "https://example.com/a#improving_scroll_performance_using_passive_listeners"
    assert not same_target(long_a, long_a.replace("improving", "measuring"))
    assert not same_target(b, "https://play.vuejs.org/other#eNp9kE9KAzEUxq_ycjYVOhO6LWnRS7jKph3f2")
    ko = PAGE_KO.replace("https://sfc.vuejs.org/#", "https://example.org/#")
    lines = lint_case(tmp_path, PAGE, ko)[1]
    assert any("url-mismatch" in x for x in lines), lines


def test_vitepress_front_matter_keys_are_known(tmp_path: Path) -> None:
    lines = lint_case(tmp_path, PAGE, PAGE_KO.replace("outline: deep", "outlin: deep"))[1]
    assert [x for x in lines if "front-matter" in x and "outlin`" in x], lines
    assert not [x for x in lines if "`footer`" in x or "`outline`" in x], lines


def test_html_export_prints_no_container_marker(tmp_path: Path) -> None:
    pages, _ = export_html_pages(tmp_path, PAGE, PAGE_KO, "toggles")
    for page, html in pages:
        body = html.split('class="findings"')[0]
        assert ":::" not in body, page
        assert "admonition-warning" in body and "admonition-tip" in body
        assert ">npm<" in body and ">yarn<" in body, page


def test_a_third_party_ordinal_is_not_a_number(tmp_path: Path) -> None:
    en = "# Refs\n\nYou may set up a 3rd party library on the element.\n"
    ko = "# 참조\n\n엘리먼트에 타사 라이브러리를 설정할 수 있습니다.\n"
    assert lint_case(tmp_path, en, ko)[1] == []
    en = en.replace("element.", "element in 3 steps.")
    lines = lint_case(tmp_path, en, ko)[1]
    assert any("number-mismatch" in x and "`3`" in x for x in lines), lines


def test_a_tag_the_source_names_in_words_is_not_new_code(tmp_path: Path) -> None:
    en = "# Focus\n\nHere is a directive that focuses an input when it is inserted.\n"
    ko = "# 포커스\n\n다음은 삽입될 때 `<input>`에 포커스하는 디렉티브입니다.\n"
    assert lint_case(tmp_path, en, ko)[1] == []
    lines = lint_case(tmp_path, en, ko.replace("`<input>`", "`<textarea>`"))[1]
    assert any("code-mismatch" in x and "<textarea>" in x for x in lines), lines
