"""Document pairing and section alignment."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum_tools.align import align_sections, pair_documents
from curriculum_tools.config import Config
from curriculum_tools.model import Document
from curriculum_tools.parse import parse_file, parse_text
from curriculum_tools.project import load_corpus

from .conftest import ROOT, SOURCE, seed

CORPUS = ROOT.parent / "shared" / "corpora" / "smolagents-docs"


def _rows(en_text: str, ko_text: str) -> list[tuple[str | None, str | None, str | None, bool]]:
    rows = align_sections(parse_text(en_text, lang="en"), parse_text(ko_text, lang="ko"))
    return [
        (r.en.key if r.en else None, r.ko.key if r.ko else None, r.match, r.moved) for r in rows
    ]


def _split_sections(text: str) -> list[str]:
    """Cut a document into chunks that each start at a level-2 heading (chunk 0: before)."""
    chunks: list[str] = [""]
    for line in text.splitlines(keepends=True):
        if line.startswith("## "):
            chunks.append("")
        chunks[-1] += line
    return chunks


def test_seed_pair_aligns_46_of_46_without_gaps() -> None:
    rows = align_sections(parse_file(seed("000")), parse_file(seed("001")))
    assert len(rows) == 46
    assert all(r.en is not None and r.ko is not None and not r.moved for r in rows)
    assert all(r.en.number == r.ko.number for r in rows if r.en and r.ko)
    # the unnumbered "When to use" sections pair with the matching Korean ones, in order
    pairs = [(r.en.line, r.ko.line) for r in rows if r.en and r.ko]
    assert pairs == sorted(pairs)


def _three_level_sections(text: str) -> list[str]:
    chunks: list[str] = [""]
    for line in text.splitlines(keepends=True):
        if line.startswith(("## ", "### ")):
            chunks.append("")
        chunks[-1] += line
    return chunks


def test_deleted_section_is_one_gap() -> None:
    en = seed("000").read_text(encoding="utf-8")
    ko_chunks = _three_level_sections(seed("001").read_text(encoding="utf-8"))
    deleted = next(i for i, c in enumerate(ko_chunks) if c.startswith("### 1.3."))
    ko = "".join(c for i, c in enumerate(ko_chunks) if i != deleted)
    rows = align_sections(parse_text(en), parse_text(ko))
    gaps = [r for r in rows if r.en is None or r.ko is None]
    assert len(gaps) == 1 and gaps[0].ko is None and gaps[0].en is not None
    assert gaps[0].en.number == "1.3."
    assert sum(1 for r in rows if r.en and r.ko) == 45


def test_added_section_is_one_gap() -> None:
    ko_chunks = _three_level_sections(seed("001").read_text(encoding="utf-8"))
    at = next(i for i, c in enumerate(ko_chunks) if c.startswith("### 2.3"))
    extra = "### 보너스: 역자 주\n\n번역자가 덧붙인 설명입니다.\n\n"
    ko = "".join(ko_chunks[:at]) + extra + "".join(ko_chunks[at:])
    rows = align_sections(parse_file(seed("000")), parse_text(ko))
    gaps = [r for r in rows if r.en is None or r.ko is None]
    assert len(gaps) == 1 and gaps[0].en is None and gaps[0].ko is not None
    assert gaps[0].ko.title == "보너스: 역자 주"
    assert sum(1 for r in rows if r.en and r.ko) == 46


def test_swapped_sections_are_moves_not_shifts() -> None:
    ko_chunks = _three_level_sections(seed("001").read_text(encoding="utf-8"))
    a = next(i for i, c in enumerate(ko_chunks) if c.startswith("### 2.2"))
    b = next(i for i, c in enumerate(ko_chunks) if c.startswith("### 2.3"))
    ko_chunks[a], ko_chunks[b] = ko_chunks[b], ko_chunks[a]
    rows = align_sections(parse_file(seed("000")), parse_text("".join(ko_chunks)))
    assert all(r.en is not None and r.ko is not None for r in rows), "no gaps: both sides present"
    assert all(r.en.number == r.ko.number for r in rows if r.en and r.ko)
    moved = [r.en.number for r in rows if r.moved and r.en]
    assert len(moved) == 1 and moved[0] in ("2.2", "2.3")


def test_explicit_ids_win_over_numbers_and_renumbering() -> None:
    en = "# Course\n\n## 1. Setup[[setup]]\n\nx\n\n## 2. Agents[[agents]]\n\ny\n"
    ko = "# 과정\n\n## 1. 소개[[intro]]\n\nz\n\n## 2. 설치[[setup]]\n\nx\n\n## 3. 에이전트[[agents]]\n\ny\n"
    rows = _rows(en, ko)
    assert ("setup", "setup", "id", False) in rows
    assert ("agents", "agents", "id", False) in rows
    assert (None, "intro", None, False) in rows


def test_renumbered_chapters_align_by_content() -> None:
    body = {
        "a": "Use `pip install smolagents` and see https://hf.co/docs/a.\n",
        "b": "Call `agent.run(task)` 3 times with https://hf.co/docs/b and 42 steps.\n",
        "c": "Memory: `agent.memory.steps` holds 7 items; https://hf.co/docs/c.\n",
    }
    en = "# G\n\n" + "".join(f"## {i}. Part {k}\n\n{body[k]}\n" for i, k in enumerate("abc", 1))
    ko = "# G\n\n## 1. 서문\n\n새 장입니다.\n\n" + "".join(
        f"## {i}. 부분 {k}\n\n{body[k]}\n" for i, k in enumerate("abc", 2)
    )
    rows = _rows(en, ko)
    paired = {(e, k) for e, k, _, _ in rows if e and k}
    assert {("1", "2"), ("2", "3"), ("3", "4")} <= paired
    assert (None, "1", None, False) in rows


def test_pair_documents_by_path_and_id() -> None:
    en = [
        parse_text("# A\n", "en/a.md", "en", "a.md"),
        parse_text("---\nid: x\n---\n# B\n", "en/b.md", "en", "b.md"),
    ]
    ko = [
        parse_text("# 가\n", "ko/a.mdx", "ko", "a.mdx"),
        parse_text("---\nid: x\n---\n# 나\n", "ko/other.md", "ko", "other.md"),
        parse_text("# 다\n", "ko/c.md", "ko", "c.md"),
    ]
    pairs, unpaired = pair_documents(en, ko)
    assert [(p.en.rel, p.ko.rel, p.how) for p in pairs if p.en and p.ko] == [
        ("b.md", "other.md", "id"),
        ("a.md", "a.mdx", "path"),
    ]
    assert [d.rel for d in unpaired] == ["c.md"]


def test_source_folder_pairs_the_curriculum() -> None:
    corpus = load_corpus([SOURCE], Config(root=ROOT))
    assert len(corpus.pairs) == 1
    pair = corpus.pairs[0]
    assert pair.en and pair.ko and pair.how == "id"
    assert len(pair.rows) == 46 and all(r.en and r.ko for r in pair.rows)
    assert all(d.no_translation for d in corpus.unpaired if d.lang == "en")


def test_one_file_of_a_pair_loads_its_counterpart() -> None:
    corpus = load_corpus([SOURCE / "ko" / "curriculum.md"], Config(root=ROOT))
    assert len(corpus.pairs) == 1 and corpus.pairs[0].en is not None


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not present")
def test_real_corpus_aligns_by_ids_and_reports_gaps() -> None:
    corpus = load_corpus([CORPUS], Config(root=CORPUS))
    assert len(corpus.pairs) == len(list((CORPUS / "ko").rglob("*.md")))
    by_path = {Path(p.en.rel).as_posix(): p for p in corpus.pairs if p.en}
    tour = by_path["guided_tour.md"]
    # the Korean guided tour is out of date: it lacks exactly these two English sections
    missing = [r.en.title for r in tour.rows if r.ko is None and r.en]
    assert missing == ["Using the CLI", "Model parameter management"]
    assert all(r.en is not None for r in tour.rows)
    agents = by_path["reference/agents.md"]
    extra = [r.ko.title for r in agents.rows if r.en is None and r.ko]
    assert extra[0] == "Python 코드 실행기" and len(extra) == 5
    id_rows = [r for p in corpus.pairs for r in p.rows if r.en and r.ko and r.en.ids and r.ko.ids]
    assert all(r.match == "id" for r in id_rows)
    assert {Path(d.rel).as_posix() for d in corpus.unpaired} >= {
        "conceptual_guides/intro_agents.md"
    }


def test_trailing_gaps_with_different_numbers_stay_gaps() -> None:
    en = "# G\n\n## 1. One\n\nx\n\n## 2. Two\n\ny\n\n## 4. Roadmap\n\nplans\n"
    ko = "# G\n\n## 1. 하나\n\nx\n\n## 2. 둘\n\ny\n\n## 9. 번역자 노트\n\n메모\n"
    rows = _rows(en, ko)
    assert ("4", None, None, False) in rows and (None, "9", None, False) in rows


@pytest.mark.parametrize("number", ["3.2.1.", "3.2.2.", "3.2.3.", "3.2.4.", "3.2.5."])
@pytest.mark.parametrize("child", [0, 1, 2])
def test_a_deleted_repeated_subsection_is_found_by_the_documents_own_terms(
    number: str, child: int
) -> None:
    """Each technique has When to use / Advantages / Disadvantages (주요 사용 시기 / 장점 / 단점):
    with one of them deleted, positions cannot tell which; the document's own consistent
    translations of the repeated titles can."""
    en = (SOURCE / "en" / "curriculum.md").read_text(encoding="utf-8")
    ko = (SOURCE / "ko" / "curriculum.md").read_text(encoding="utf-8")
    parent = next(s for s in parse_text(ko).walk() if s.number == number)
    gone = parent.children[child]
    lines = ko.split("\n")
    ko = "\n".join(lines[: gone.line - 1] + lines[gone.end_line :])
    rows = align_sections(parse_text(en), parse_text(ko))
    gaps = [r for r in rows if r.en is None or r.ko is None]
    assert len(gaps) == 1 and gaps[0].ko is None and gaps[0].en is not None
    en_parent = next(s for s in parse_text(en).walk() if s.number == number)
    assert gaps[0].en.line == en_parent.children[child].line


def test_renumbered_chapter_files_pair_by_shared_heading_ids() -> None:
    def doc(rel: str, lang: str, text: str) -> Document:
        return parse_text(text, f"{lang}/{rel}", lang, rel)

    en = [
        doc(
            "chapter3/1.mdx",
            "en",
            "# Fine-tuning[[fine-tuning]]\n\n## Datasets[[datasets]]\n\n## Trainer[[trainer]]\n",
        ),
        doc("chapter4/1.mdx", "en", "# Sharing[[sharing]]\n\n## Hub[[hub]]\n\n## Cards[[cards]]\n"),
    ]
    ko = [  # the Korean course inserted a chapter: every file moved one chapter up
        doc(
            "chapter4/1.mdx",
            "ko",
            "# 미세 조정[[fine-tuning]]\n\n## 데이터셋[[datasets]]\n\n## 트레이너[[trainer]]\n",
        ),
        doc(
            "chapter5/1.mdx", "ko", "# 공유[[sharing]]\n\n## 허브[[hub]]\n\n## 모델 카드[[cards]]\n"
        ),
        doc("chapter3/1.mdx", "ko", "# 새 장[[new-chapter]]\n\n## 소개[[intro]]\n"),
    ]
    pairs, unpaired = pair_documents(en, ko)
    got = {(p.en.rel, p.ko.rel, p.how) for p in pairs if p.en and p.ko}
    assert got == {
        ("chapter3/1.mdx", "chapter4/1.mdx", "anchors"),
        ("chapter4/1.mdx", "chapter5/1.mdx", "anchors"),
    }
    assert [d.rel for d in unpaired] == ["chapter3/1.mdx"]


def test_one_renumbered_file_finds_its_counterpart(tmp_path: Path) -> None:
    files = {
        "en/chapter3/1.mdx": "# Fine-tuning[[fine-tuning]]\n\n## Datasets[[datasets]]\n",
        "en/chapter4/1.mdx": "# Sharing[[sharing]]\n\n## Hub[[hub]]\n",
        "ko/chapter4/1.mdx": "# 미세 조정[[fine-tuning]]\n\n## 데이터셋[[datasets]]\n",
        "ko/chapter5/1.mdx": "# 공유[[sharing]]\n\n## 허브[[hub]]\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    corpus = load_corpus([tmp_path / "ko" / "chapter4" / "1.mdx"], Config(root=tmp_path))
    assert [(p.en.rel, p.ko.rel, p.how) for p in corpus.pairs if p.en and p.ko] == [
        ("chapter3/1.mdx", "chapter4/1.mdx", "anchors")
    ]
    assert corpus.unpaired == []


# --- titles, content and moves (issue 16) ---------------------------------------------------------


def test_titles_pair_with_titles_even_when_their_content_differs() -> None:
    en = "# Guide\n\nIntro with `uv` and https://a.example and 2024.\n\n## Setup\n\nx\n"
    ko = "# 안내서\n\n소개입니다.\n\n## 설정\n\nx\n"
    rows = align_sections(parse_text(en, lang="en"), parse_text(ko, lang="ko"))
    assert rows[0].en is not None and rows[0].ko is not None
    assert (rows[0].en.level, rows[0].ko.level) == (1, 1)


def test_sections_whose_titles_differ_pair_by_shared_content() -> None:
    en = (
        "# Guide\n\n## Installing\n\nRun `pip install a` then `a --init` (see https://a.example).\n\n"
        "## Usage\n\nCall `a.run(3)` and `a.stop()`.\n"
    )
    ko = (
        "# 안내서\n\n## 시작하기 전에\n\n`pip install a`와 `a --init`을 실행하세요 (https://a.example).\n\n"
        "## 쓰는 법\n\n`a.run(3)`과 `a.stop()`을 부르세요.\n"
    )
    rows = _rows(en, ko)
    assert ("installing", "시작하기-전에", "structure", False) in rows
    assert ("usage", "쓰는-법", "structure", False) in rows


def test_an_unnumbered_section_moved_by_content_is_one_move() -> None:
    def section(title: str, n: int) -> str:
        return f"## {title}\n\nUse `f{n}()` with `g{n}()` and `h{n}` at https://x.example/{n}.\n\n"

    en = "# T\n\n" + "".join(section(t, n) for n, t in enumerate(["A", "B", "C", "D"]))
    ko_order = [("가", 0), ("다", 2), ("라", 3), ("나", 1)]
    ko = "# 티\n\n" + "".join(section(t, n) for t, n in ko_order)
    rows = align_sections(parse_text(en, lang="en"), parse_text(ko, lang="ko"))
    assert all(r.en is not None and r.ko is not None for r in rows), "a move, not a gap"
    moved = [(r.en.title, r.ko.title) for r in rows if r.moved and r.en and r.ko]
    assert moved == [("B", "나")]


def test_two_neighbours_that_traded_places_are_a_move() -> None:
    """Prose sections with one link each (too few facts for a content twin): the swap of two
    neighbours is one move, and a missing section elsewhere stays a gap."""
    en = (
        "# T\n\n## Linux\n\nInstall with the script from https://x.example/linux, then restart.\n"
        "\n- one\n- two\n\n## Windows\n\nDownload the installer from https://x.example/win and run"
        " it.\n\n## Later\n\nVersion 3.2 is out.\n\n## Only in English\n\nRun `foo --bar`.\n"
    )
    ko = (
        "# 티\n\n## 윈도우\n\nhttps://x.example/win 에서 설치 프로그램을 받아 실행하세요.\n\n"
        "## 리눅스\n\nhttps://x.example/linux 의 스크립트로 설치한 뒤 다시 시작하세요.\n\n"
        "- 하나\n- 둘\n\n## 나중\n\n버전 3.2가 나왔습니다.\n"
    )
    rows = align_sections(parse_text(en, lang="en"), parse_text(ko, lang="ko"))
    pairs = [(r.en.title if r.en else None, r.ko.title if r.ko else None, r.moved) for r in rows]
    assert ("Windows", "윈도우", True) in pairs or ("Linux", "리눅스", True) in pairs, pairs
    assert ("Linux", "리눅스", False) in pairs or ("Windows", "윈도우", False) in pairs, pairs
    assert ("Only in English", None, False) in pairs


def test_neighbours_with_nothing_in_common_are_not_a_move() -> None:
    en = "# T\n\n## A\n\nSee https://x.example/a for it.\n\n## B\n\nText.\n\n## C\n\nMore.\n"
    ko = "# 티\n\n## 비\n\n글.\n\n## 다른 것\n\nhttps://y.example/z 를 보세요.\n\n## 씨\n\n더.\n"
    rows = align_sections(parse_text(en, lang="en"), parse_text(ko, lang="ko"))
    assert not any(r.moved for r in rows)


def test_autodoc_targets_anchor_reference_sections() -> None:
    """API reference pages: headings translated, bodies only ``[[autodoc]]`` lines; a level
    changed on one side keeps its pair (found by the target it documents)."""
    en = (
        "# Agents\n\n## Prompts\n\n[[autodoc]] pkg.PromptTemplates\n\n"
        "## Memory\n\n[[autodoc]] pkg.AgentMemory\n\n## Tools\n\n[[autodoc]] pkg.Tool\n"
    )
    ko = (
        "# 에이전트\n\n## 프롬프트\n\n[[autodoc]] pkg.PromptTemplates\n\n"
        "### 메모리\n\n[[autodoc]] pkg.AgentMemory\n\n## 실행기\n\n[[autodoc]] pkg.Executor\n\n"
        "## 도구\n\n[[autodoc]] pkg.Tool\n"
    )
    rows = align_sections(parse_text(en, lang="en"), parse_text(ko, lang="ko"))
    pairs = [(r.en.title if r.en else None, r.ko.title if r.ko else None) for r in rows]
    assert ("Memory", "메모리") in pairs and ("Tools", "도구") in pairs, pairs
    assert (None, "실행기") in pairs


def test_a_short_added_section_does_not_take_the_pair_of_the_translated_one() -> None:
    """The last English section pairs with the Korean section of its size, not with a
    one-line section the translator added after it (position alone would pick the last)."""
    titles = [("Refs", "참조"), ("Mutable", "가변"), ("Dangling", "댕글링"), ("Rules", "규칙")]
    en = "".join(
        f"## {t}\n\n"
        + f"The {t.lower()} part explains how references behave here. " * (2 + 3 * i)
        + "\n\n"
        for i, (t, _k) in enumerate(titles)
    )
    ko = "".join(
        f"## {k}\n\n" + f"{k} 부분은 참조의 동작을 설명합니다. " * (2 + 3 * i) + "\n\n"
        for i, (_t, k) in enumerate(titles)
    )
    ko += "## 부록\n\n덧붙인 설명입니다.\n"
    rows = align_sections(parse_text(en, lang="en"), parse_text(ko, lang="ko"))
    pairs = [(r.en.title if r.en else None, r.ko.title if r.ko else None) for r in rows]
    assert ("Rules", "규칙") in pairs and (None, "부록") in pairs, pairs
