"""Lint and export on the shapes of real MDX courses and doc-builder docs (issue 16, hfcheck).

Each case is a minimal pair written for the test, of the same shape as what the hand-labelled
real pages showed (tests/labels/hf-course.jsonl, tests/labels/diffusers.jsonl): Svelte
``{#if}`` blocks, a page renamed and rewritten in English, a section rewritten with a Tip.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from curriculum_tools.cli import main
from curriculum_tools.parse import parse_text

from .rule_cases import lint_case

SWITCH = """# Fine-tuning

{#if fw === 'pt'}
* Load a dataset from the Hub
* Train with the `Trainer` API
{:else}
* Load a dataset from the Hub
* Train with Keras `fit()`
{/if}

{#if fw === 'pt'}
```python
model = AutoModel.from_pretrained("tiny")
```
{:else if fw === 'jax'}
```python
model = FlaxAutoModel.from_pretrained("tiny")
```
{/if}

Text after the switch.
{#each steps as step}
Every step.
{/each}
"""


def test_svelte_block_lines_are_not_text_and_every_branch_is_parsed() -> None:
    doc = parse_text(SWITCH, lang="en")
    (section,) = doc.walk()
    kinds = [b.kind for b in section.blocks]
    assert kinds == ["list", "list", "code", "code", "paragraph", "paragraph"], kinds
    text = "\n".join(b.text for b in section.blocks)
    assert "{" not in text and "fw ===" not in text
    assert [b.text for b in section.blocks if b.kind == "paragraph"] == [
        "Text after the switch.",
        "Every step.",
    ]


def test_braces_that_are_not_svelte_blocks_stay_text() -> None:
    doc = parse_text("# T\n\n{#id .cls}\n\n{ifs} and {/notes}\n", lang="en")
    (section,) = doc.walk()
    assert [b.text for b in section.blocks] == ["{#id .cls}", "{ifs} and {/notes}"]


def test_html_export_prints_no_svelte_block_syntax(tmp_path: Path) -> None:
    src = tmp_path / "course"
    for lang, text in (("en", SWITCH), ("ko", SWITCH.replace("# Fine-tuning", "# 미세 조정"))):
        (src / lang).mkdir(parents=True)
        (src / lang / "intro.mdx").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", "--format", "html", "--out", str(out), str(src)])
    assert result.exit_code == 0, result.output
    pages = sorted(out.rglob("intro.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "{#if" not in html and "{:else" not in html and "{/if}" not in html, page
        assert "FlaxAutoModel" in html  # every branch is shown


def test_lint_compares_svelte_branches_like_plain_markdown(tmp_path: Path) -> None:
    ko = SWITCH.replace("# Fine-tuning", "# 미세 조정").replace(
        "Text after the switch.", "전환 뒤의 글."
    )
    ko = ko.replace("Every step.", "모든 단계.").replace("Load a dataset", "데이터셋 불러오기")
    assert lint_case(tmp_path, SWITCH, ko)[1] == []


RENAMED_EN = """# Reproducible pipelines

Models are random; this guide shows how to control it on a CPU and GPU.

## Control randomness

Use `torch.Generator` and set a seed with `manual_seed(0)`.

```python
generator = torch.Generator(device="cpu").manual_seed(0)
```

## Batch generation

Pass a list of `Generator` objects, one per image, with seeds `0` to `3`
(see [the notes](https://pytorch.org/docs/stable/notes/randomness.html)).

```python
generator = [torch.Generator().manual_seed(i) for i in range(4)]
images = pipe(prompt, generator=generator).images
```
"""

RENAMED_KO = """# 결정적 생성으로 이미지 품질 개선하기

이미지마다 `Generator` 하나씩, 시드 `0`에서 `3`까지 목록을 넘깁니다
([노트](https://pytorch.org/docs/stable/notes/randomness.html) 참고).

```python
generator = [torch.Generator().manual_seed(i) for i in range(4)]
images = pipe(prompt, generator=generator).images
```
"""


def test_a_lone_title_pairs_with_the_other_sides_title(tmp_path: Path) -> None:
    """A page renamed and split into sections in English: the two titles are a pair (never a
    'section-extra' Korean title and a 'section-missing' English one)."""
    found = lint_case(tmp_path, RENAMED_EN, RENAMED_KO)[1]
    rules = [f.split(" ")[2] for f in found]
    assert "section-extra" not in rules and "heading-level-mismatch" not in rules, found
    missing = [f for f in found if " section-missing " in f]
    assert len(missing) == 2, found
    assert all("Reproducible pipelines" not in f for f in missing)
    assert any("`Control randomness`" in f for f in missing)


REWRITTEN_EN = """# Guide

## Setup

Install [uv](https://docs.astral.sh/uv/) and run `uv sync` in the project folder.

<Tip>

Use Python 3.12 or later.

</Tip>

Then export `HF_TOKEN` and `OPENAI_API_KEY`, and start the server with `uv run serve --port 8080`.

```bash
uv sync
uv run serve --port 8080
```
"""

REWRITTEN_KO = """# 안내서

## 설정

[pip](https://pip.pypa.io/)로 `requirements.txt`의 패키지를 설치하세요: `pip install -r requirements.txt`.

그다음 `python app.py`로 5000번 포트에서 서버를 시작하세요.

```bash
pip install -r requirements.txt
python app.py
```
"""


def test_a_rewritten_section_is_one_finding_even_with_a_new_admonition(tmp_path: Path) -> None:
    found = lint_case(tmp_path, REWRITTEN_EN, REWRITTEN_KO)[1]
    assert [f.split(" ")[2] for f in found] == ["section-rewritten"], found
    # a Tip lost from a section that was not rewritten is still reported
    plain = REWRITTEN_EN.replace("<Tip>\n\n", "").replace("\n\n</Tip>", "")
    again = lint_case(tmp_path / "kept", REWRITTEN_EN, plain)[1]
    assert any(" admonition-mismatch " in f for f in again), again


FLAT_EN = """# Speed

Intro with [the paper](https://example.org/paper).

## Benchmarks

Measured with [this script](https://example.org/bench.py) in this environment:

```bash
- tool version: 0.15.1
- Python version: 3.8.16
```

| GPU | Size | Plain | Fast |
|---|---|---|---|
| A | 512 | 6.88 | 5.26 |
| A | 768 | 4.99 | 3.24 |
| B | 512 | 5.7 | 4.3 |
| B | 768 | 3.14 | 2.43 |
"""

SPLIT_KO = """# 속도

[논문](https://example.org/paper) 소개.

## 벤치마크

[이 스크립트](https://example.org/bench.py)로 다음 환경에서 측정했습니다:

```bash
- tool version: 0.15.1
- Python version: 3.8.16
```

### A

| 크기 | 기본 | 빠름 |
|---|---|---|
| 512 | 6.88 | 5.26 |
| 768 | 4.99 | 3.24 |

### B

| 크기 | 기본 | 빠름 |
|---|---|---|
| 512 | 5.7 | 4.3 |
| 768 | 3.14 | 2.43 |

## 품질

[논문](https://example.org/paper)에 따르면 품질은 거의 그대로입니다.
"""


def test_a_flat_section_pairs_with_the_same_content_split_into_subsections(
    tmp_path: Path,
) -> None:
    """One English table against one table per GPU under H3s: the parents pair (by the facts
    of their subtrees), not the English section with the next Korean section at its place."""
    found = lint_case(tmp_path, FLAT_EN, SPLIT_KO)[1]
    assert not any(" section-rewritten " in f for f in found), found
    extra = sorted(f.split("`")[1] for f in found if " section-extra " in f)
    assert extra == ["A", "B", "품질"], found


def test_a_github_readme_tab_query_is_the_same_link(tmp_path: Path) -> None:
    en = "# G\n\n## S\n\nSee [usage](https://github.com/o/r?tab=readme-ov-file#usage).\n"
    ko = "# 안내\n\n## 에스\n\n[사용법](https://github.com/o/r#usage) 참고.\n"
    assert lint_case(tmp_path, en, ko)[1] == []
    moved = ko.replace("o/r#usage", "o/other#usage")
    assert any(" url-mismatch " in f for f in lint_case(tmp_path / "b", en, moved)[1])


def test_an_arxiv_paper_and_its_hugging_face_papers_page_are_the_same_link(
    tmp_path: Path,
) -> None:
    en = "# G\n\n## S\n\nPaper: [Safe decoding](https://huggingface.co/papers/2211.05105).\n"
    ko = "# 안내\n\n## 에스\n\n논문: [Safe decoding](https://arxiv.org/abs/2211.05105v2).\n"
    assert lint_case(tmp_path, en, ko)[1] == []
    other = ko.replace("2211.05105v2", "2211.05106")
    found = lint_case(tmp_path / "b", en, other)[1]
    assert any(" url-mismatch " in f for f in found), found


BROKEN_QUIZ = """# Quiz

### 1. What task does it perform?

<Question
choices={[
{
text: "Summary",
explain: "See the <a href=\\"[https://example.org/m\\\\](https://example.org/m)">model page</a>."
},
{
text: "Classification",
explain: "It sorts pairs into three labels.",
correct: true
},
{
text: "Generation",
explain: "See the <a href=\\"[https://example.org/m\\\\](https://example.org/m)">model page</a>."
}
]}
/>

### 2. What does this return?

```
ner = pipeline("ner", grouped=True)
ner("My name is Ada and I work in London.")
```

<Question
choices={[
{
text: "Scores",
correct: true
},
{
text: "Words"
}
]}
/>
"""


def test_a_stray_quote_in_a_quiz_breaks_that_quiz_only() -> None:
    """A ``"`` string of a JavaScript expression cannot span lines: a broken one ends at its
    line, so the next heading and quiz are still read (they were swallowed before)."""
    doc = parse_text(BROKEN_QUIZ, lang="ko")
    titles = [s.title for s in doc.walk()]
    assert doc.walk()[1].blocks[0].end_line == 21  # the broken quiz ends at its own "/>"
    assert titles == ["Quiz", "What task does it perform?", "What does this return?"]
    second = doc.walk()[2].blocks[-1].component
    assert second is not None and second.kind == "quiz"
    assert len(dict(second.attrs)["choices"]) == 2


def test_html_export_of_a_quiz_whose_choices_do_not_parse(tmp_path: Path) -> None:
    """The broken quiz is exported without its choices (they stay source); the export does
    not abort (it raised a TypeError on the unparsed expression) and the next quiz is shown."""
    src = tmp_path / "course"
    for lang in ("en", "ko"):
        (src / lang).mkdir(parents=True)
        (src / lang / "quiz.mdx").write_text(BROKEN_QUIZ, encoding="utf-8")
        (src / lang / "computed.mdx").write_text(
            "# Quiz\n\n<Question choices={makeChoices(3)} />\n\n"
            "<CourseFloatingBanner notebooks={links} />\n\nAfter.\n",
            encoding="utf-8",
        )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", "--format", "html", "--out", str(out), str(src)])
    assert result.exit_code == 0, result.output
    html = (out / "html" / "ko" / "quiz.html").read_text(encoding="utf-8")
    assert "What does this return?" in html and "Scores" in html
    assert "After." in (out / "html" / "ko" / "computed.html").read_text(encoding="utf-8")
    # the reader is told, not shown an empty box, and the export names the broken quiz once
    # per side at its line; a computed `choices={makeChoices(3)}` is not broken
    assert "선택지를 원본에서 읽을 수 없습니다" in html
    assert "could not be read from its source" in (out / "html" / "en" / "quiz.html").read_text(
        encoding="utf-8"
    )
    broken = [line for line in result.output.splitlines() if "`choices` list could not" in line]
    assert len(broken) == 2, result.output
    assert all(re.search(r"quiz\.mdx:5: quiz <Question>", line) for line in broken)
    assert "computed.mdx" not in result.output.replace("computed.html", "")


# --- the wider course sample (tests/labels/hf-course-wide.jsonl) ------------------------------

KEPT_EN = """# Writing a recipe card

A recipe card is as important as the recipe itself: it tells the cook what to expect, how long it takes, what it costs and what can go wrong on the way from the market to the table.

Writing down the steps and the oven temperature helps others repeat the dish, adapt it to their own kitchen and their own oven, and see in advance where it is likely to go wrong.

The card usually starts with a short overview, followed by these parts:

- Ingredients
- Steps
- Serving
"""

KEPT_KO = """# 레시피 카드 쓰기

레시피 카드는 레시피만큼 중요합니다. 요리하는 사람이 무엇을 기대할지 알려 줍니다.

단계와 오븐 온도를 적어 두면 다른 사람이 요리를 따라 하고 실패할 곳을 알 수 있습니다.

카드는 보통 짧은 개요로 시작하고 다음 부분이 이어집니다:
- 재료
- 단계
- 차림
"""

KEPT_PARTS = [
    (
        "Ingredients",
        "재료",
        "List what goes in, with the amounts, and say which items can be swapped",
    ),
    ("Steps", "단계", "Number the steps and keep one action per step, so nobody loses the thread"),
    (
        "Serving",
        "차림",
        "Say how the dish is served, on which plate, hot or cold, with which sides",
    ),
    (
        "Storing",
        "보관",
        "Tell the cook how long the dish keeps in the fridge and how to warm it up",
    ),
    (
        "Timing",
        "시간",
        "Give the time of each step, the resting time and the total time of the dish",
    ),
    ("Tools", "도구", "Name the pans, knives and bowls the dish needs, and what can replace them"),
]
for _en, _ko, _line in KEPT_PARTS * 2:  # each English line kept above its translation
    _long = f"{_line}; a cook who reads the card in a hurry will thank you for being this precise."
    KEPT_EN += f"\n## {_en}\n\n{_long}\n"
    KEPT_KO += f"\n## {_ko}\n\n{_long}\n{_ko}에 대해 필요한 내용을 정확하게 적어 둡니다.\n"


def test_english_kept_above_its_translation_does_not_shift_the_paragraphs(
    tmp_path: Path,
) -> None:
    """A page that keeps each English line above its Korean translation doubles its length:
    the English lines are not counted as the translation's prose (the page's ratio and each
    paragraph's length), so the translated intro pairs one to one. The English lines are
    reported, by `untranslated`."""
    found = lint_case(tmp_path, KEPT_EN, KEPT_KO)[1]
    assert not [f for f in found if " paragraph-missing " in f or " paragraph-extra " in f], found
    assert sum(" untranslated " in f for f in found) == 2 * len(KEPT_PARTS), found


QUIZ_EN = """# Quiz

<Question
\tchoices={[
\t\t{
\t\t\ttext: "<code>ValueError: cannot reshape array of size 6 into shape (4,)</code>",
\t\t\texplain: "The last line of the traceback belongs in the body of the post."
\t\t},
\t\t{
\t\t\ttext: "Why does my array not reshape?",
\t\t\texplain: "A short question is a good title.",
\t\t\tcorrect: true
\t\t}
\t]}
/>
"""

QUIZ_KO = (
    QUIZ_EN.replace("# Quiz", "# 퀴즈")
    .replace(
        "The last line of the traceback belongs in the body of the post.",
        "트레이스백의 마지막 줄은 본문에 넣는 것이 좋습니다.",
    )
    .replace("Why does my array not reshape?", "배열의 모양이 왜 바뀌지 않을까요?")
    .replace("A short question is a good title.", "짧은 질문이 좋은 제목입니다.")
)


def test_quiz_text_that_is_an_html_code_element_is_not_untranslated(tmp_path: Path) -> None:
    """`<code>…</code>` in a quiz choice is the HTML form of a code span: not prose."""
    found = lint_case(tmp_path, QUIZ_EN, QUIZ_KO)[1]
    assert not [f for f in found if " untranslated-attribute " in f], found
    english = QUIZ_KO.replace("짧은 질문이 좋은 제목입니다.", "A short question is a good title.")
    found = lint_case(tmp_path, QUIZ_EN, english)[1]
    assert [f for f in found if " untranslated-attribute " in f], found  # prose still is


IDS_EN = """# Models[[the-models]]

<Youtube id="abc123"/>

Models turn numbers into predictions; this page loads one.

## Loading[[loading]]

Load a model with `from_pretrained("tiny")`.

## Saving[[saving]]

Save it with `save_pretrained("out")`.
"""

IDS_KO = """# Models[[models]]

<Youtube id="abc123"/>

모델은 숫자를 예측으로 바꿉니다. 이 페이지에서 하나를 불러옵니다.

## 불러오기[[loading]]

`from_pretrained("tiny")`로 모델을 불러옵니다.

## 저장하기[[saving]]

`save_pretrained("out")`로 저장합니다.
"""


def test_a_section_joined_late_at_its_own_place_is_not_out_of_order(tmp_path: Path) -> None:
    """Titles whose `[[ids]]` differ are joined after the alignment; first on both sides,
    they are not out of order."""
    found = lint_case(tmp_path, IDS_EN, IDS_KO)[1]
    assert not [f for f in found if " section-order " in f], found
    swapped = IDS_KO.replace("## 불러오기[[loading]]", "## TMP").replace(
        "## 저장하기[[saving]]", "## 불러오기[[loading]]"
    )
    swapped = swapped.replace("## TMP", "## 저장하기[[saving]]")
    assert [f for f in lint_case(tmp_path, IDS_EN, swapped)[1] if " section-order " in f]


GROWN_EN = """# Errors

<Youtube id="abc123"/>

In this section we look at common errors of a freshly trained model. This prepares you for [section 4](/course/chapter8/section4), where we debug the training itself.

<Youtube id="def456"/>

Copy the template repository to your account first.
"""

GROWN_KO = """# 에러

<Youtube id="abc123"/>

이번 장에서는 새로 학습한 모델에서 흔히 생기는 에러를 살펴봅니다.

<Youtube id="def456"/>

먼저 템플릿 저장소를 계정에 복사하세요.
"""


def test_a_paragraph_the_source_grew_between_two_pairs_is_one_paragraph(tmp_path: Path) -> None:
    """The source added a sentence with a link to a paragraph that sits alone between two
    matched blocks: the same paragraph, changed. What it lost is reported (the reference to
    section 4), not a paragraph missing and another extra."""
    found = lint_case(tmp_path, GROWN_EN, GROWN_KO)[1]
    assert not [f for f in found if " paragraph-missing " in f or " paragraph-extra " in f], found
    assert any("`4`" in f for f in found), found


AUTHORS_EN = """# Introduction

## Welcome

This course teaches cooking with [the kitchen tools](https://example.org/tools).

## Who are we?

[**Ada Stone**](https://example.org/ada) cooks in Lyon and wrote [a book](https://example.org/book-2).

[**Ben Ray**](https://example.org/ben) bakes bread and teaches at the school since 2019.

[**Cleo Park**](https://example.org/cleo) grows herbs and answers questions on the forum.

[**Dan Moss**](https://example.org/dan) joined this year and films the videos for every chapter.

## FAQ

- **Is there a certificate?** Not yet, but one is planned for the whole course.
- **How long does it take?** About six hours a week, at your own pace.
- **Where do I ask?** On [the forum](https://example.org/forum), in the course category.

## Languages

The course exists in [French](https://example.org/fr) and [Korean](https://example.org/ko).

## Let's go

In this chapter you will use `cook()`.
"""

AUTHORS_KO = """# 소개

## 환영합니다

이 강의는 [주방 도구](https://example.org/tools)로 요리를 가르칩니다.

## 우리는 누구일까요?

**Ada Stone**은 리옹에서 요리하며 [책](https://example.org/book-1)을 썼습니다.

**Ben Ray**는 빵을 굽고 2019년부터 학교에서 가르칩니다.

**Cleo Park**는 허브를 기르고 포럼에서 질문에 답합니다.

이번 장에서는 `cook()`을 사용합니다.
"""


def test_a_long_section_that_kept_a_later_sections_text_pairs_by_its_place_in_the_text(
    tmp_path: Path,
) -> None:
    """The source added sections (FAQ, languages) between the authors and the closing
    words; the translation kept the closing words at the end of its authors section, without
    their heading. The authors pair with the authors (section positions weigh the text before
    them, not only their rank), so 'Who are we?' is not reported missing and the bios are not
    reported extra."""
    found = lint_case(tmp_path, AUTHORS_EN, AUTHORS_KO)[1]
    assert not [f for f in found if "`Who are we?`" in f and " section-missing " in f], found
    assert not [f for f in found if " paragraph-extra " in f and "Ada" in f], found
    assert [f for f in found if "`FAQ`" in f and " section-missing " in f], found


MAY_EN = """# History

- **May 2020**: GPT-3, a bigger model that you may use without fine-tuning.
- **June 2020**: a smaller one.
"""

MAY_KO = """# 역사

- **2020년 5월**: GPT-3, 미세 조정 없이 쓸 수 있는 더 큰 모델.
- **2020년 6월**: 더 작은 모델.
"""


def test_the_month_may_next_to_a_year_is_the_fifth_month(tmp_path: Path) -> None:
    """`May 2020` is `2020년 5월` (the verb `may` stays a word)."""
    found = lint_case(tmp_path, MAY_EN, MAY_KO)[1]
    assert not [f for f in found if " number-mismatch " in f], found
    spring = lint_case(tmp_path, MAY_EN.replace("May 2020", "Spring 2020"), MAY_KO)[1]
    assert [f for f in spring if " number-mismatch " in f and "`5`" in f], spring


LABEL_EN = """# Tools

Define a function with:

- **A clear name** for the tool.
- **A detailed description**, including an `Args:` section where each argument is described.
"""

LABEL_KO = """# 도구

다음을 갖춘 함수를 정의합니다:

- **도구의 명확한 이름**
- **자세한 설명과 Args 섹션**
"""


def test_a_docstring_label_span_written_as_its_word_is_there(tmp_path: Path) -> None:
    """`Args:` (a docstring section's label) written `Args 섹션` is the same section: the
    colon is the label's, not code a reader could miss."""
    found = lint_case(tmp_path, LABEL_EN, LABEL_KO)[1]
    assert not [f for f in found if " code-mismatch " in f], found
    gone = lint_case(tmp_path, LABEL_EN, LABEL_KO.replace("과 Args 섹션", ""))[1]
    assert [f for f in gone if " code-mismatch " in f and "`Args:`" in f], gone


QUOTES_EN = """# Quiz

### 1. What does the second argument of `load_dataset("glue", "mrpc")` name?

The task inside the benchmark.
"""

QUOTES_KO = """# 퀴즈

### 1. `load_dataset('glue', 'mrpc')`의 두 번째 인수는 무엇인가요?

벤치마크 안의 작업입니다.
"""


def test_a_string_literal_in_the_other_quotes_is_the_same_inline_code(tmp_path: Path) -> None:
    """`f('glue')` against `f("glue")`: the same call (code blocks set strings aside too); a
    changed literal, or a one-character one (`'a'` is a Rust or C char), is still reported."""
    found = lint_case(tmp_path, QUOTES_EN, QUOTES_KO)[1]
    assert not [f for f in found if " code-mismatch " in f], found
    other = lint_case(tmp_path, QUOTES_EN, QUOTES_KO.replace("'mrpc'", "'sst2'"))[1]
    assert [f for f in other if " code-mismatch " in f and "sst2" in f], other
    char = lint_case(
        tmp_path, QUOTES_EN.replace('"mrpc"', '"m"'), QUOTES_KO.replace("'mrpc'", "'m'")
    )[1]
    assert [f for f in char if " code-mismatch " in f], char


ONLY_EN = """# Labels

With two labels, only 0 and 1 are allowed as targets.
"""

ONLY_KO = """# 레이블

레이블이 두 개이면 0과 1만 정답으로 허용됩니다.
"""


def test_a_digit_before_the_particle_man_is_also_that_digit(tmp_path: Path) -> None:
    """`0과 1만` is "only 0 and 1" (만 the particle), not ten thousand: present when the
    source has the digit; a changed digit is still reported, and `1만 개` still stands for
    10,000."""
    found = lint_case(tmp_path, ONLY_EN, ONLY_KO)[1]
    assert not [f for f in found if " number-mismatch " in f], found
    changed = lint_case(tmp_path, ONLY_EN.replace("0 and 1", "0 and 2"), ONLY_KO)[1]
    assert [f for f in changed if " number-mismatch " in f and "1만" in f], changed
    rows_en = "# Data\n\nThe dataset has 10,000 rows.\n"
    rows_ko = "# 데이터\n\n데이터 세트에는 1만 개의 행이 있습니다.\n"
    assert not [f for f in lint_case(tmp_path, rows_en, rows_ko)[1] if "number-mismatch" in f]
