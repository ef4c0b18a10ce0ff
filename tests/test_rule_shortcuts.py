"""The shortcuts that keep linting fast give the answers of the plain computation.

Each cheap pre-test or memo must never change a finding: these tests compare the fast path
against the direct per-line / uncached computation on texts built to hit its edge cases.
"""

from __future__ import annotations

import itertools

import pytest

from curriculum_tools.glossary.match import KoLines, find_rendering

KO_LINES = (
    "셀프어텐션은 중요합니다",
    "부주의한 실수",
    "셀프",
    "어텐션을 계산합니다",
    "이 동작은 셀프 어텐션을 씁니다",
    "",
    "함수와 함 수 그리고 함수를",
    "주의 집중은 주의",
    "셀프 셀프어텐션",
)
RENDERINGS = ("셀프 어텐션", "어텐션", "주의", "이동", "함수", "주의 집중", "없는말", "셀프")


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_ko_lines_candidates_hold_every_line_a_rendering_is_found_on(rendering: str) -> None:
    # every window of the lines, so that matches across line ends are met too
    for start, stop in itertools.combinations(range(len(KO_LINES) + 1), 2):
        lines = tuple((n, text) for n, text in enumerate(KO_LINES[start:stop], start + 1))
        found = [item for item in lines if find_rendering(item[1], rendering) is not None]
        candidates = list(KoLines(lines).candidates(rendering))
        assert all(item in candidates for item in found), (rendering, start, stop)


def test_ko_lines_candidates_drop_lines_without_the_rendering() -> None:
    lines = KoLines(tuple(enumerate(KO_LINES, 1)))
    assert [n for n, _ in lines.candidates("셀프 어텐션")] == [1, 3, 4, 5, 9]
    assert list(lines.candidates("없는말")) == []


CODES = (
    'fn main() {\n    println!("hi");\n}\n',
    'fn main() {\n    // 인사\n    println!("안녕");\n}\n',
    "let x = 5;\nlet y = x + 1; // add\n",
    "$ cargo run\n   Compiling hello v0.1.0\n",
    "",
    "# only a comment\n",
    "a\nb\nc\nd\ne\n",
    "e\nd\nc\nb\na\n",
)


def test_code_quick_ratio_is_difflibs() -> None:
    import difflib

    from curriculum_tools.rules._code import _quick_ratio, rough_lines

    for a, b in itertools.product(CODES, repeat=2):
        plain = difflib.SequenceMatcher(
            a="\n".join(rough_lines(a)), b="\n".join(rough_lines(b)), autojunk=False
        ).quick_ratio()
        assert _quick_ratio(a, b) == plain, (a, b)


EN_DOC = """# Guide

Install it with `pip install x` from https://example.com/docs and read ch01/intro.md.

| Model | Size |
| --- | --- |
| a | 7 |

- one item with `code`
- two items, 3 of them

```python
print("hi")  # greet
```

$$E = mc^2$$

Plain prose paragraph without any anchors at all, written at some length.

<figure><img src="a.png" alt="A figure"></figure>

![diagram](img/d.png)

## Details

A folded paragraph about 42 things.
"""

KO_DOC = """# 안내

`pip install x`로 설치하고 https://example.com/docs 를 읽으세요.

- 항목 `code`
- 두 번째, 3개

$$E = mc^2$$

```python
print("안녕")  # 인사
```

| 모델 | 크기 |
| --- | --- |
| a | 7 |

앵커가 없는 평범한 문단입니다.

![그림](img/d.png)

## 세부

접힌 문단, 42가지.
"""


@pytest.mark.parametrize("ratio", [0.3, 0.5, 1.2])
def test_alignment_matrix_is_the_pairwise_score(ratio: float) -> None:
    """The alignment's inline prose scoring gives exactly ``_score`` of every pair."""
    from curriculum_tools.parse import parse_text
    from curriculum_tools.rules._domains import domains
    from curriculum_tools.rules._seg_align import _bare, _matrix, _score

    en_doc, ko_doc = parse_text(EN_DOC, lang="en"), parse_text(KO_DOC, lang="ko")
    en, ko = domains(en_doc, {0})[0], domains(ko_doc, {0})[0]
    assert len(en) >= 9 and len(ko) >= 8
    assert {s.own for s in en} == {s.own for s in ko} == {True, False}  # a folded subsection
    for segs_a, segs_b in ((en, ko), (ko, en), (en, en)):
        n, m = len(segs_a), len(segs_b)
        for band in (1, 3, 12):
            plain = [
                [
                    _score(a, b, ratio) + 0.5 - abs(i / n - j / m)
                    if abs(i * m / n - j) <= band
                    else -9.0
                    for j, b in enumerate(segs_b)
                ]
                for i, a in enumerate(segs_a)
            ]
            assert _matrix(segs_a, segs_b, ratio, band) == plain
    # folded stretches marked bare (nothing checkable shared) score the same both ways
    bare_en, bare_ko = _bare(en, ko[:1]), _bare(ko, en[:1])
    assert any(s.bare for s in bare_en) and any(s.bare for s in bare_ko)
    n, m = len(bare_en), len(bare_ko)
    plain = [
        [
            _score(a, b, ratio) + 0.5 - abs(i / n - j / m) if abs(i * m / n - j) <= 12 else -9.0
            for j, b in enumerate(bare_ko)
        ]
        for i, a in enumerate(bare_en)
    ]
    assert _matrix(bare_en, bare_ko, ratio, 12) == plain


SPANS = ("x", "Box<T>", "a.b", "-v", "foo_bar", "s", "é", "`a`", "v2", "aa", "1.0", "名前")
TEXTS = (
    "use x and Box<T> here",
    "xx x_ -x x- .x x. `x` x`",
    "the a.b.c and a.bd call",
    "run -v or --v or x-v",
    "foo_bar_baz foo_bar",
    "s's s",
    "café é éa",
    "`a` and a",
    "v2v2 v2",
    "aaa aa aaa",
    "1.0.1 1.0",
    "名前は名前",
    "",
)


def test_plain_and_text_searches_are_the_lookaround_regexes() -> None:
    import re

    from curriculum_tools.rules.code import _as_text_in, _plain_in, _squeeze

    for span, text in itertools.product(SPANS, TEXTS):
        plain = r"(?<![\w`.\-])" + re.escape(span) + r"(?![A-Za-z0-9_`\-])"
        assert _plain_in(span, text) == (re.search(plain, text) is not None), (span, text)
        core = _squeeze(span.strip("\"'“”‘’"))
        as_text = r"(?<![A-Za-z0-9_])" + re.escape(core) + r"(?![A-Za-z0-9_])"
        expected = len(core) >= 2 and re.search(as_text, _squeeze(text)) is not None
        assert _as_text_in(span, text) == expected, (span, text)


def test_sentence_code_pattern_matches_like_the_backtracking_one() -> None:
    import re

    from curriculum_tools.rules.sentences import _CODE_RE

    plain = re.compile(r"`[^`]*`|https?://\S*[^\s.,;:!?)]|\b\w+(?:\.\w+)+\b")
    texts = (
        "Call std::io.read() on a.b.c, then 3.14 and v1.2.3. Done.",
        "See https://doc.rust-lang.org/std/x.html. Or `a.b` and e.g. this.",
        "파일.확장자 그리고 a.b. 끝. x.y_z. _a._b 1.a a..b .a a.",
        "",
    )
    for text in texts:
        assert _CODE_RE.sub("x", text) == plain.sub("x", text), text


def test_sentence_length_skips_the_code_pattern_only_where_it_cannot_match() -> None:
    from curriculum_tools.model import Block
    from curriculum_tools.rules.sentences import _CODE_RE, _chars

    texts = (
        "Plain words. Then more words!",
        "A decimal 3.14 here",
        "a name std.io and x. y",
        "see http://a.b/c and `x.y`",
        "파일.확장자 끝.",
        "ends with a dot.",
        ". leading dot",
        "a `tick and no close",
        "",
    )
    for text in texts:
        plain = len("".join(_CODE_RE.sub("", text).split()))
        assert _chars(Block("paragraph", 1, 1, text=text)) == plain, text
