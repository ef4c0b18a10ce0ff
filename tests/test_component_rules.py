"""Existing rules see inside components: prose in a Tip or an alert is prose, code is code.

The component rules' own cases are fixtures (tests/fixtures/rules/*-mismatch.md,
untranslated-attribute.md); these tests hold what ``Section.blocks`` being flat (the
component block, then the blocks inside it) gives every other rule.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from curriculum_tools.config import Config
from curriculum_tools.lint import check
from curriculum_tools.parse import parse_text
from curriculum_tools.project import load_corpus
from curriculum_tools.rules._component_facts import english_text, listings, tab_ids

from .rule_cases import lint_case
from .test_terms_rule import CORPORA

RULES = [
    "admonition-mismatch",
    "quiz-mismatch",
    "tabs-mismatch",
    "embed-mismatch",
    "listing-mismatch",
    "untranslated-attribute",
]
LABELS = Path(__file__).parent / "labels" / "components.jsonl"

EN_TIP = """# Guide

## Tools

Agents call tools in a loop.

<Tip>

The Python interpreter runs the code the model writes, so run it in a sandbox.

</Tip>
"""


def _ko(body: str) -> str:
    return f"# 안내서\n\n## 도구\n\n에이전트는 루프에서 도구를 호출합니다.\n\n{body}\n"


@pytest.mark.parametrize(
    "wrapper",
    [
        "<Tip>\n\n{}\n\n</Tip>",
        "> [!NOTE]\n> {}",
        "<Tip warning={{true}}>\n\n- {}\n\n</Tip>",
        '<hfoptions id="x">\n<hfoption id="pip">\n\n{}\n\n</hfoption>\n</hfoptions>',
    ],
)
def test_english_prose_inside_a_component_is_untranslated(wrapper: str, tmp_path: Path) -> None:
    english = "The Python interpreter runs the code the model writes, so run it in a sandbox."
    _, lines = lint_case(tmp_path, EN_TIP, _ko(wrapper.format(english)), "untranslated")
    assert len(lines) == 1 and "untranslated prose left in English" in lines[0], lines


def test_korean_prose_inside_a_tip_is_translated(tmp_path: Path) -> None:
    korean = "<Tip>\n\n파이썬 인터프리터는 모델이 쓴 코드를 실행하므로 샌드박스에서 실행하세요.\n\n</Tip>"
    _, lines = lint_case(tmp_path, EN_TIP, _ko(korean), "untranslated")
    assert lines == []


def test_korean_prose_inside_an_english_tip_is_wrong_language(tmp_path: Path) -> None:
    en = EN_TIP.replace(
        "The Python interpreter runs", "파이썬 인터프리터는 코드를 실행합니다. It runs"
    )
    ko = _ko("<Tip>\n\n파이썬 인터프리터는 모델이 쓴 코드를 실행합니다.\n\n</Tip>")
    _, lines = lint_case(tmp_path, en, ko, "wrong-language")
    assert [line.split(":")[1] for line in lines] == ["9"], lines


def test_length_ratio_counts_prose_inside_a_tip(tmp_path: Path) -> None:
    long = " ".join(["The interpreter runs the code that the model writes."] * 8)
    en = f"# Guide\n\n## Tools\n\n<Tip>\n\n{long}\n\n</Tip>\n"
    short = "<Tip>\n\n코드를 실행합니다.\n\n</Tip>"
    _, lines = lint_case(
        tmp_path,
        en,
        _ko(short).replace("에이전트는 루프에서 도구를 호출합니다.\n\n", ""),
        "length-ratio",
    )
    assert len(lines) == 1 and "length-ratio" in lines[0], lines
    full = (
        "<Tip>\n\n"
        + " ".join(["인터프리터는 모델이 작성한 코드를 그대로 실행합니다."] * 8)
        + "\n\n</Tip>"
    )
    _, lines = lint_case(
        tmp_path / "ok",
        en,
        _ko(full).replace("에이전트는 루프에서 도구를 호출합니다.\n\n", ""),
        "length-ratio",
    )
    assert lines == []


LISTING = """<Listing number="2-1" file-name="src/main.rs" caption="{caption}">

```rust
fn main() {{
    {body}
}}
```

</Listing>
"""


def test_code_inside_a_listing_is_code(tmp_path: Path) -> None:
    en = "# Game\n\n## Input\n\n" + LISTING.format(caption="Reading input", body="let guess = 5;")
    ko = "# 게임\n\n## 입력\n\n" + LISTING.format(caption="입력 읽기", body="let guess = 6;")
    _, lines = lint_case(tmp_path, en, ko, "code-mismatch")
    assert len(lines) == 1 and lines[0].startswith("ko.md:9:"), lines  # the changed line
    _, lines = lint_case(tmp_path / "u", en, ko, "untranslated")
    assert lines == []  # the fence (English code) is not prose


def test_fence_after_frameworkcontent_pt_is_code_not_math(tmp_path: Path) -> None:
    body = "<frameworkcontent>\n<pt>\n\n```py\nx = $a$ + $b$\n```\n\n</pt>\n</frameworkcontent>\n"
    en = "# Install\n\n## Torch\n\n" + body
    ko = "# 설치\n\n## 토치\n\n" + body
    for name in ("formula-mismatch", "code-mismatch", "untranslated"):
        _, lines = lint_case(tmp_path / name, en, ko, name)
        assert lines == [], (name, lines)


def test_listings_read_component_and_span_forms() -> None:
    doc = parse_text(
        "# A\n\n"
        '<span class="filename">Filename: src/lib.rs</span>\n\n'
        "```rust\nfn f() {}\n```\n\n"
        '<span class="caption">Listing 3-4: A <code>f</code> function</span>\n\n'
        '<span class="caption">Figure 3-5: not a listing</span>\n\n'
        '<Listing number="3-6" caption="Six">\n\n```rust\nfn g() {}\n```\n\n</Listing>\n'
    )
    section = doc.walk()[0]
    found = [(x.number, x.file, x.caption) for x in listings(doc, section)]
    assert found == [("3-4", "src/lib.rs", "A f function"), ("3-6", None, "Six")]


def test_tab_ids_of_frameworkcontent() -> None:
    doc = parse_text(
        "# A\n\n<frameworkcontent>\n<pt>\n\nx\n\n</pt>\n<jax>\n\ny\n\n</jax>\n</frameworkcontent>\n"
    )
    tabs = [b.component for b in doc.walk()[0].blocks if b.component and b.component.kind == "tabs"]
    assert tabs and tab_ids(tabs[0]) == ("pt", "jax")


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Code that gets a guess from the user", True),
        ("Hugging Face Hub Inference Providers", False),
        ("`std::io::stdin` and `read_line`", False),
        ("사용자의 추측값을 받는 코드", False),
        ("https://example.com/a/long/path/with/words", False),
    ],
)
def test_english_text_ignores_names_code_and_urls(text: str, english: bool) -> None:
    assert english_text(text, 3) is english


def _findings(root: Path) -> set[tuple[str, int, str, str]]:
    config = Config(root=root)
    result = check(load_corpus([root], config), config, RULES)
    return {
        (f.path.relative_to(root).as_posix(), f.line, f.rule, f.message) for f in result.findings
    }


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not available")
@pytest.mark.parametrize("name", ["rust-book", "smolagents-docs"])
def test_findings_on_the_shared_corpora_are_the_hand_labelled_ones(name: str) -> None:
    """Every finding of the component rules on the corpora is labelled by hand in
    tests/labels/components.jsonl (reading both files); precision stays >= 95 %."""
    labels = [json.loads(x) for x in LABELS.read_text("utf-8").splitlines() if x.strip()]
    mine = {
        (x["path"], x["line"], x["rule"], x["message"]): x["label"]
        for x in labels
        if x["corpus"] == name
    }
    found = _findings(CORPORA / name)
    assert found == set(mine), (sorted(found - set(mine)), sorted(set(mine) - found))
    verdicts = list(mine.values())
    assert verdicts.count("TP") >= 0.95 * len(verdicts)


INJECTED = [
    (
        "smolagents-docs",
        "ko/tutorials/inspect_runs.md",
        "> [!TIP]\n> ",
        "팁: ",
        "admonition-mismatch",
    ),
    (
        "smolagents-docs",
        "ko/installation.md",
        '<hfoption id="uv">',
        '<hfoption id="유브이">',
        "tabs-mismatch",
    ),
    (
        "rust-book",
        "ko/ch02-00-guessing-game-tutorial.md",
        "예제 2-3:",
        "예제 2-4:",
        "listing-mismatch",
    ),
    (
        "rust-book",
        "ko/ch03-03-how-functions-work.md",
        "파일명: src/main.rs",
        "파일명: src/lib.rs",
        "listing-mismatch",
    ),
    (
        "rust-book",
        "ko/ch05-01-defining-structs.md",
        "예제 5-1: 사용자 계정 정보를 저장하는 `User` 구조체 정의",
        "예제 5-1: A `User` struct definition with its fields",
        "untranslated-attribute",
    ),
]


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not available")
def test_defects_injected_into_the_real_corpora_are_found(tmp_path: Path) -> None:
    """Recall on real files: an alert written as a plain paragraph, a translated hfoption id,
    a listing renumbered, a file name changed and a caption left in English are each found."""
    for name in {x[0] for x in INJECTED}:
        shutil.copytree(CORPORA / name, tmp_path / name, ignore=shutil.ignore_patterns(".*"))
    for name, path, old, new, _ in INJECTED:
        file = tmp_path / name / path
        text = file.read_text("utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), "utf-8")
    found = _findings(tmp_path / "rust-book") | _findings(tmp_path / "smolagents-docs")
    before = _findings(CORPORA / "rust-book") | _findings(CORPORA / "smolagents-docs")
    appeared = {(path, rule) for path, _, rule, _ in found - before}
    assert appeared >= {(path, rule) for _, path, _, _, rule in INJECTED}, sorted(appeared)
