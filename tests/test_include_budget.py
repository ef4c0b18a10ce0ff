"""Bounded cost of mdBook includes (issue 12, item 11): a page cannot splice one file without
end. Every splice is charged what the same code costs in a document
(:func:`curriculum_tools.budget.code_micros`) against the allowance of the distinct files the
page read (:class:`curriculum_tools.includes.Splicer`); over it, the include is a placeholder,
the export names the file and line and exits 2, and everything else is exported.

Before this, a 1 KB page naming a 530 KB listing 50 times took 3 minutes to export to HTML and
wrote 319 MB.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from curriculum_tools.assets import LinkIndex
from curriculum_tools.budget import (
    CODE_LINE_MICROS,
    FLOOR_MICROS,
    HIGHLIGHTED_BYTE_MICROS,
    code_micros,
)
from curriculum_tools.config import Config
from curriculum_tools.includes import SPLICES, Splicer
from curriculum_tools.project import load_corpus

from .test_security_files import ctools, one_line_errors

LISTING = "".join(
    f"fn f{i}() -> u32 {{ {i} * 2 }} // line {i} of the listing\n" for i in range(2_000)
)


def _project(tmp: Path, page: str) -> Path:
    src = tmp / "src"
    (src / "en" / "listings").mkdir(parents=True)
    (src / "ko").mkdir()
    (src / "en" / "listings" / "big.rs").write_text(LISTING, encoding="utf-8")
    (src / "en" / "a.md").write_text(page, encoding="utf-8")
    (src / "ko" / "a.md").write_text("# 가\n\n본문\n", encoding="utf-8")
    (src / "en" / "b.md").write_text("# B\n\nThe other page.\n", encoding="utf-8")
    return src


def _text(page: Path) -> str:
    """The visible text of an HTML page (code is split into highlighted spans)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def _fence(lines: list[str]) -> str:
    return "```rust\n" + "".join(line + "\n" for line in lines) + "```\n"


def test_one_listing_costs_what_it_would_cost_in_the_page() -> None:
    lines = LISTING.splitlines()
    size = len(LISTING.encode())
    assert code_micros(lines) == CODE_LINE_MICROS * len(lines) + HIGHLIGHTED_BYTE_MICROS * size
    assert SPLICES * code_micros(lines) > FLOOR_MICROS  # the listing earns more than the floor


def test_a_file_spliced_over_and_over_is_refused_at_its_line(tmp_path: Path) -> None:
    page = "# A\n\nText.\n\n" + _fence(["{{#include listings/big.rs}}"] * 6)
    _project(tmp_path, page)
    result = ctools(
        "export", "src", "-f", "html", "-f", "latex", "--out", "o", cwd=tmp_path, timeout=300
    )
    one_line_errors(result)
    assert result.returncode == 2, result.stdout + result.stderr
    refusals = [line for line in result.stderr.splitlines() if "not spliced" in line]
    # said once, at the first include left out, for both formats
    assert len(refusals) == 1, result.stderr
    first_left_out = SPLICES  # 0-based: the includes before it are spliced
    assert refusals[0].startswith(f"error: src/en/a.md:{6 + first_left_out}: "), refusals
    shown = _text(tmp_path / "o" / "html" / "en" / "a.html")
    assert shown.count("line 1999 of the listing") == first_left_out
    placeholder = "not included: listings/big.rs: over the cost budget of this document"
    assert shown.count(placeholder) == 6 - first_left_out
    assert (tmp_path / "o" / "html" / "en" / "b.html").is_file()  # the rest is exported
    tex = "".join(p.read_text("utf-8") for p in (tmp_path / "o" / "latex").rglob("*.txt"))
    assert tex.count("line 1999 of the listing") <= 3 * first_left_out  # per edition, bounded


def test_a_listing_shown_in_parts_and_whole_is_spliced(tmp_path: Path) -> None:
    """The mdBook way: a listing shown whole, then piece by piece with line ranges."""
    page = "# A\n\n" + _fence(["{{#include listings/big.rs}}"])
    page += "".join(
        f"\nPart {k}:\n\n"
        + _fence([f"{{{{#include listings/big.rs:{k * 200 + 1}:{k * 200 + 200}}}}}"])
        for k in range(0, 10, 2)
    )
    _project(tmp_path, page)
    result = ctools("export", "src", "-f", "html", "--out", "o", cwd=tmp_path, timeout=300)
    one_line_errors(result)
    assert result.returncode == 0, result.stdout + result.stderr
    shown = _text(tmp_path / "o" / "html" / "en" / "a.html")
    assert shown.count("line 1999 of the listing") == 1 and "not included" not in shown
    assert shown.count("line 1799 of the listing") == 2


@pytest.mark.parametrize(
    "names",
    [
        ("listings/big.rs",) * 3,
        ("listings/big.rs", "./listings/big.rs", "listings/../listings/big.rs"),
    ],
)
def test_a_file_earns_its_allowance_once_however_it_is_named(
    tmp_path: Path, names: tuple[str, ...]
) -> None:
    src = _project(tmp_path, "# A\n")
    corpus = load_corpus([src], Config(root=src.resolve()), align=False)
    doc = next(d for d in corpus.documents if d.path.name == "a.md" and d.lang == "en")
    index = LinkIndex.of(corpus)
    refused: list[str] = []
    splicer = Splicer(doc, index, refused)
    got = [splicer.read(name, "").lines is not None for name in names]
    assert got == [True] * SPLICES + [False] * (3 - SPLICES) and len(refused) == 1
    # each rendering has its own budget and decides alike (a page and its side-by-side page)
    again = Splicer(doc, index, refused)
    assert [again.read(name, "").lines is not None for name in names] == got
