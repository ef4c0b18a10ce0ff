"""The HTML course site: one token stream, components by meaning, links through the one
resolver, course order and navigation, offline search, what lint and status know, one voice."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum_tools.cli import main
from curriculum_tools.config import Config
from curriculum_tools.export import ExportOptions, ExportResult
from curriculum_tools.export.html import EXPORTER
from curriculum_tools.project import load_corpus

from .site_check import broken_internal_links, raw_syntax, read_site


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def export(source: Path, out: Path, **options: object) -> ExportResult:
    config = Config(root=source.parent)
    corpus = load_corpus([source], config)
    return EXPORTER.export(corpus, ExportOptions(out=out, config=config, **options))


COMPONENTS = """\
# Components

<Tip warning={true}>

Careful with **this** and [the paper][attn].

</Tip>

> [!NOTE]
> A GitHub note.

<Youtube id="dQw4w9WgXcQ"/>

<iframe src="https://example.org/embed/1" title="The demo"></iframe>

<Question
  choices={[
    {text: "Paris", explain: "It is the capital.", correct: true},
    {text: "Lyon", explain: "Not the capital."}
  ]}
/>

<hfoptions id="framework">
<hfoption id="pt">

PyTorch text.

</hfoption>
<hfoption id="tf">

TensorFlow text.

</hfoption>
</hfoptions>

<Listing number="1-1" caption="Hello, world" file-name="src/main.rs">

```rust
fn main() {}
```

</Listing>

[[open-in-colab]]

<CourseFloatingBanner chapter={1} notebooks={[{label: "Colab", value: "https://colab.research.google.com/x.ipynb"}]} />

{{#include missing.rs}}

Call [`~pkg.Agent.run`] and <Fancy>fancy text</Fancy> and <Fancy>again</Fancy>.

## Later section

[attn]: https://arxiv.org/abs/1706.03762
"""


@pytest.fixture
def components_site(tmp_path: Path) -> tuple[Path, ExportResult]:
    src = tmp_path / "source"
    write(src, "en/comp.md", COMPONENTS)
    out = tmp_path / "out"
    return out, export(src, out)


def test_a_reference_defined_in_another_section_links(
    components_site: tuple[Path, ExportResult],
) -> None:
    out, _ = components_site
    text = (out / "en/comp.html").read_text(encoding="utf-8")
    assert '<a href="https://arxiv.org/abs/1706.03762"' in text and "[attn]" not in text


def test_components_render_by_meaning(components_site: tuple[Path, ExportResult]) -> None:
    out, result = components_site
    text = (out / "en/comp.html").read_text(encoding="utf-8")
    assert '<div class="admonition admonition-warning">' in text
    assert "<strong>this</strong>" in text, "Markdown inside a component is rendered"
    assert '<div class="admonition admonition-note">' in text and "A GitHub note." in text
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in text, "video kept as a link"
    assert 'href="https://example.org/embed/1"' in text and "The demo" in text
    assert "<iframe" not in text and "youtube.com/embed" not in text, "nothing fetched"
    quiz = text[text.index('class="quiz"') :]
    assert "<li>Paris</li>" in quiz and "<li>Lyon</li>" in quiz
    answer = quiz[quiz.index("<details") : quiz.index("</details>")]
    assert "<summary>Answer</summary>" in answer
    assert "(correct): It is the capital." in answer and "(not correct)" in answer
    assert text.count('class="tab"') == 2 and ">PyTorch</strong>" in text
    assert ">TensorFlow</strong>" in text and "TensorFlow text." in text
    assert "<figcaption><strong>Listing 1-1</strong>: Hello, world" in text
    assert "<code>src/main.rs</code>" in text
    assert 'href="https://colab.research.google.com/x.ipynb"' in text
    assert "Not included: <code>missing.rs</code>" in text
    assert "<code>run</code>" in text and "~pkg" not in text, "API link: the short name"
    assert "fancy text" in text and "again" in text, "unknown components keep children"
    unknown = [w for w in result.warnings if "unknown component <Fancy>" in w]
    assert len(unknown) == 1, "one warning per unknown name"
    assert raw_syntax(read_site(out)) == []


def test_raw_syntax_check_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<p>&lt;Tip warning&gt; [!NOTE] Vec&lt;T&gt;</p><pre>&lt;Tip&gt;</pre>", encoding="utf-8"
    )
    found = [raw for _, raw in raw_syntax(read_site(tmp_path))]
    assert found == ["<Tip warning>", "[!NOTE]"], "prose generics and code are not syntax"


def test_includes_inside_the_project_are_included(tmp_path: Path) -> None:
    src = tmp_path / "source"
    write(src, "en/listings/main.rs", "// ANCHOR: here\nfn main() {}\n// ANCHOR_END: here\n")
    write(
        src,
        "en/ch01.md",
        "# Ch\n\n```rust\n{{#rustdoc_include listings/main.rs:here}}\n```\n\n"
        "{{#include listings/main.rs}}\n",
    )
    out = tmp_path / "out"
    export(src, out)
    text = (out / "en/ch01.html").read_text(encoding="utf-8")
    assert "ANCHOR" not in text and "include" not in re.sub(r"<[^>]+>", "", text)
    assert text.count("main") >= 2


LINKS = """\
# Links

[bare](tools) [html](tools.html#setup) [md](tools.md) [mdx](guide.mdx) [slash](unit/)
[chapter](ch04-01-what-is-ownership.html#the-stack) [nowhere](nope) [self](#links)
"""


def test_every_link_form_leads_to_the_exported_page(tmp_path: Path) -> None:
    src = tmp_path / "source"
    write(src, "en/links.md", LINKS)
    write(src, "en/tools.md", "# Tools\n\n## Setup\n")
    write(src, "en/guide.mdx", "# Guide\n")
    write(src, "en/unit/index.md", "# Unit\n")
    write(src, "en/ch04-01-what-is-ownership.md", "# Own\n\n> ### The Stack\n>\n> text\n")
    write(src, "ko/links.md", "# 링크\n\n[도구](tools) [영어만](guide)\n")
    write(src, "ko/tools.md", "# 도구\n")
    out = tmp_path / "out"
    result = export(src, out)
    text = (out / "en/links.html").read_text(encoding="utf-8")
    for href in (
        "tools.html",
        "tools.html#setup",
        "guide.html",
        "unit/index.html",
        "ch04-01-what-is-ownership.html#the-stack",
        "#links",
    ):
        assert f'href="{href}"' in text, href
    ko = (out / "ko/links.html").read_text(encoding="utf-8")
    assert '<a href="tools.html"' in ko, "the Korean page where it exists"
    assert 'href="../en/guide.html" class="fallback-link" hreflang="en"' in ko
    broken = [w for w in result.warnings if "link target" in w]
    assert broken == [f"{src / 'en/links.md'}:4: link target `nope` not found"]
    assert broken_internal_links(out, read_site(out)) == []


def test_broken_link_walker_can_fail(tmp_path: Path) -> None:
    write(tmp_path, "a.html", '<a href="b.html#x">b</a><a href="c.html">c</a><p id="y"></p>')
    write(tmp_path, "b.html", '<p id="z"></p>')
    assert broken_internal_links(tmp_path, read_site(tmp_path)) == [
        "a.html: b.html#x (no id)",
        "a.html: c.html",
    ]


def test_course_order_sidebar_and_previous_next(tmp_path: Path) -> None:
    src = tmp_path / "source"
    write(src, "en/SUMMARY.md", "# Summary\n\n- [Zed](zed.md)\n- [Alpha](alpha.md)\n")
    write(src, "en/zed.md", "# Zed\n\n## A\n\ntext\n")
    write(src, "en/alpha.md", "# Alpha\n")
    write(src, "ko/zed.md", "# 제드\n\n## 가\n\n본문\n")
    out = tmp_path / "out"
    export(src, out)
    pages = read_site(out)
    zed, alpha = pages["en/zed.html"], pages["en/alpha.html"]
    course = [  # the sidebar's links (the pager's carry rel)
        a for t, a in zed.tags
        if t == "a" and a.get("href") in ("zed.html", "alpha.html") and "rel" not in a
    ]  # fmt: skip
    assert [a["href"] for a in course][:2] == ["zed.html", "alpha.html"], "SUMMARY order"
    assert any(
        t == "a" and a.get("rel") == "next" and a["href"] == "alpha.html" for t, a in zed.tags
    )
    assert any(
        t == "a" and a.get("rel") == "prev" and a["href"] == "zed.html" for t, a in alpha.tags
    )
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("en/zed.html") < index.index("en/alpha.html")
    ko = pages["ko/zed.html"]
    assert any(t == "a" and a.get("href") == "../en/alpha.html" for t, a in ko.tags), (
        "a page with no Korean version is in the Korean course list, in English"
    )
    html = (out / "en/zed.html").read_text(encoding="utf-8")
    assert html.index('<main id="content">') < html.index('<aside class="sidebar">'), (
        "the text comes before the contents (a phone shows it first)"
    )
    assert '<details class="nav-box" open>' in html


def test_content_scripts_never_reach_a_page_only_the_sites_own(tmp_path: Path) -> None:
    src = tmp_path / "source"
    write(src, "en/x.md", "# X\n\n<script>alert(1)</script>\n\n<Tip><script>bad()</script></Tip>\n")
    out = tmp_path / "out"
    export(src, out)
    for page in read_site(out).values():
        scripts = [a.get("src", "") for t, a in page.tags if t == "script"]
        assert all(str(s).rsplit("/", 1)[-1] in ("site.js", "search.js", "search-index.js")
                   for s in scripts), scripts  # fmt: skip
    assert "alert(1)" not in (out / "en/x.html").read_text(encoding="utf-8")
    assert "bad()" not in (out / "en/x.html").read_text(encoding="utf-8")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_side_by_side_and_status_show_findings_and_git_staleness(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    src = tmp_path / "source"
    write(src, "en/doc.md", "# Doc\n\n## Numbers\n\nWe had 50,304 users.\n\n## Other\n\nSame.\n")
    write(src, "ko/doc.md", "# 문서\n\n## 숫자\n\n사용자는 50,304명이었다.\n\n## 기타\n\n같음.\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "first")
    write(src, "en/doc.md", "# Doc\n\n## Numbers\n\nWe had 50,257 users.\n\n## Other\n\nSame.\n")
    _git(tmp_path, "commit", "-qam", "english changed")
    commit = subprocess.run(
        ["git", "rev-parse", "--short=7", "HEAD"], cwd=tmp_path, capture_output=True, text=True
    ).stdout.strip()
    out = tmp_path / "out"
    export(src, out)
    status = (out / "status.html").read_text(encoding="utf-8")
    assert f"English changed in commit {commit}" in status
    assert "number-mismatch" in status and "50,257" in status, "the row's finding is shown"
    assert "<progress" in status and "All documents: 3 sections" in status
    pair = (out / "en-ko/doc.html").read_text(encoding="utf-8")
    assert ">stale</span> (English changed in commit " in pair
    assert "<code>number-mismatch</code>" in pair


def test_a_row_in_sync_with_a_number_difference_is_shown_for_review(tmp_path: Path) -> None:
    """``50,304`` vs ``50,257`` in a row that status calls ok is ``review``, never ``ok``, on
    the side-by-side and status pages; a row without findings stays ok."""
    src = tmp_path / "source"
    write(src, "en/doc.md", "# Doc\n\n## Numbers\n\nWe had 50,257 users.\n\n## Other\n\nSame.\n")
    write(src, "ko/doc.md", "# 문서\n\n## 숫자\n\n사용자는 50,304명이었다.\n\n## 기타\n\n같음.\n")
    out = tmp_path / "out"
    export(src, out)
    status = (out / "status.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-state="(\w+)">\s*<td>(.*?)</td>', status, re.S)
    shown = [re.sub(r"<[^>]+>", "", cell) for _, cell in rows]
    assert shown == ["ok*", "review", "ok*"], shown
    assert "1 to review" in status
    pair = (out / "en-ko/doc.html").read_text(encoding="utf-8")
    states = re.findall(r'<span class="state \w+"[^>]*>(\w+)</span>', pair)
    assert states == ["ok", "review", "ok"], states


def test_a_missing_section_is_reported_on_its_own_row(tmp_path: Path) -> None:
    """``section-missing`` sits on the gap where the Korean section would go (only the title
    section holds that line); the side-by-side page shows it on the row of the English
    section that is missing, not on the title row."""
    src = tmp_path / "source"
    write(
        src, "en/doc.md", "# Doc\n\nIntro.\n\n## Alpha\n\nA.\n\n## Beta\n\nB.\n\n## Gamma\n\nC.\n"
    )
    write(src, "ko/doc.md", "# 문서\n\n소개.\n\n## 알파\n\n가.\n\n## 감마\n\n다.\n")
    out = tmp_path / "out"
    export(src, out)
    pair = (out / "en-ko/doc.html").read_text(encoding="utf-8")
    rows = pair.split('id="row-')[1:]
    holding = [row.split('"', 1)[0] for row in rows if "section-missing" in row]
    beta = [row.split('"', 1)[0] for row in rows if 'id="en-beta"' in row]
    assert holding and holding == beta, (holding, beta)


def test_the_exports_lint_run_in_a_child_gives_the_findings_of_lint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export's one lint run (forked beside the document pages where there is a second
    core) finds what ``check`` finds; a child that dies is replaced by a run in-process."""
    from curriculum_tools.export.html import knowledge
    from curriculum_tools.lint import check

    src = tmp_path / "source"
    write(src, "en/doc.md", "# Doc\n\nWe had 50,257 users. See [x](missing.md).\n")
    write(src, "ko/doc.md", "# 문서\n\n사용자는 50,304명이었다. [x](missing.md) 참고.\n")
    config = Config(root=tmp_path)
    corpus = load_corpus([src], config)
    found = check(corpus, config).findings
    expected = [(f.path, f.line, f.rule, f.severity, f.message, f.counterpart) for f in found]
    assert {"number-mismatch", "broken-link"} <= {row[2] for row in expected}
    monkeypatch.setattr(knowledge.os, "getloadavg", lambda: (0.0, 0.0, 0.0), raising=False)
    monkeypatch.setattr(knowledge.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert knowledge._free_core() is sys.platform.startswith("linux")
    assert knowledge.lint_in_background(corpus)() == expected
    monkeypatch.setattr(knowledge, "_lint_child", lambda *_: os._exit(3))
    assert knowledge.lint_in_background(corpus)() == expected, "the parent lints itself"
    monkeypatch.setattr(knowledge.os, "getloadavg", lambda: (1.5, 1.0, 1.0), raising=False)
    assert not knowledge._free_core(), "both cores busy"
    assert knowledge.lint_in_background(corpus)() == expected, "busy: lint in-process"
    monkeypatch.setattr(knowledge.os, "sched_getaffinity", lambda _: {0}, raising=False)
    monkeypatch.setattr(knowledge.os, "getloadavg", lambda: (0.0, 0.0, 0.0), raising=False)
    assert not knowledge._free_core(), "one core"


def test_one_voice_across_formats_disable_comments_and_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "source"
    write(
        src,
        "en/doc.md",
        "# Doc\n\n![gone](gone.png)\n\n<!-- ctools-disable-next-line missing-image -->\n"
        "![quiet](quiet.png)\n\n[away](nowhere)\n",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "-f", "html", "source"])
    lines = result.output.splitlines()
    gone = [x for x in lines if "gone.png" in x]
    assert gone == ["warning: source/en/doc.md:3: image `gone.png` not found"], lines
    assert not any("quiet.png" in x for x in lines), "ctools-disable is honoured by exports"
    assert len([x for x in lines if "nowhere" in x]) == 1
    summary = lines[-1]
    assert summary.startswith("html: ") and " 2 warnings, 0 errors -> " in summary
    assert result.exit_code == 0
    lint = CliRunner().invoke(main, ["lint", "source"])
    assert "image `gone.png` not found" in lint.output, "the linter's wording"
    assert "quiet.png" not in lint.output


def test_the_collection_point_says_each_problem_once() -> None:
    from curriculum_tools.export.voice import Voice, rule_of

    voice = Voice()
    first = voice.keep(["a.md:3: image `x.png` not found", "a.md:4: link target `y` not found"])
    again = voice.keep(["a.md:3: image `x.png` not found", "a.md:3: other problem"])
    assert len(first) == 2 and again == ["a.md:3: other problem"]
    assert rule_of("image `x.png` not found") == "missing-image"
    assert rule_of("link target `y` not found") == "broken-link"
    assert rule_of("link target `#z` matches no heading or id in this document") == "broken-anchor"


class _Noisy:
    """An exporter reporting the same error twice and a switched-off one (for the CLI)."""

    name = "html"

    def export(self, corpus: object, options: ExportOptions) -> ExportResult:
        return ExportResult(
            errors=["source/en/doc.md:3: link target `x` not found"] * 2
            + ["source/en/doc.md:6: image `quiet.png` not found"],
        )


NOISY = _Noisy()


def test_summary_error_count_agrees_with_the_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import curriculum_tools.export as export_pkg

    src = tmp_path / "source"
    write(
        src,
        "en/doc.md",
        "# Doc\n\n[x](x)\n\n<!-- ctools-disable-next-line missing-image -->\n![q](quiet.png)\n",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(export_pkg.EXPORTERS, "html", "tests.test_site_course:NOISY")
    result = CliRunner().invoke(main, ["export", "-f", "html", "source"])
    lines = result.output.splitlines()
    assert lines.count("error: source/en/doc.md:3: link target `x` not found") == 1
    assert not any("quiet.png" in x for x in lines)
    assert " 1 errors -> " in lines[-2] and lines[-1] == "export: 0 warnings, 1 errors"
    assert result.exit_code == 1


def test_component_words_follow_the_page_language(tmp_path: Path) -> None:
    src = tmp_path / "source"
    write(src, "en/t.md", "# T\n\n<Tip>\n\nText.\n\n</Tip>\n\n[[open-in-colab]]\n")
    write(src, "ko/t.md", "# 티\n\n<Tip>\n\n본문.\n\n</Tip>\n\n[[open-in-colab]]\n")
    out = tmp_path / "out"
    export(src, out)
    en = (out / "en/t.html").read_text(encoding="utf-8")
    ko = (out / "ko/t.html").read_text(encoding="utf-8")
    assert '<p class="admonition-title">Tip</p>' in en and "as a notebook" in en
    assert '<p class="admonition-title">팁</p>' in ko and "노트북으로도" in ko
    assert "as a notebook" not in ko
