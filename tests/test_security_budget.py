"""Bounded cost (issue 12, item 11): the cost budget refuses what would blow the time budget.

Times are printed by ``bench/bench_budgets.py`` (``make bench``), never asserted here; these
tests hold the refusals (every shape class, every command, exit 2, one ``file:line`` message,
other files processed, nothing written) and the margin that keeps every real document
accepted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from curriculum_tools.budget import allowance, check_markup_budget, estimate
from curriculum_tools.errors import InputError

from .test_security_files import MOJIBAKE, ctools, one_line_errors

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("CTOOLS_CORPORA", "/work/shared/corpora"))
SEEDS = Path(os.environ.get("CTOOLS_SEEDS", "/work/shared/seeds"))


def _lines(template: str, n: int) -> str:
    return "".join(template.format(i=i) for i in range(n))


# The hostile shapes of the issue and the dense shapes of the bench, small enough for a test
# (bench/bench_budgets.py has them at full size): each holds one costly kind of markup, and
# the message names it as the costliest.
HOSTILE: dict[str, tuple[Callable[[], str], str]] = {
    "emphasis": (lambda: "*a **a " * 6_000, "emphasis runs"),
    "unclosed links": (lambda: "[a](" * 6_000, "links"),
    "wide table": (
        lambda: (
            "|" + "|".join("x" for _ in range(3_000)) + "|\n"
            "|" + "|".join("-" for _ in range(3_000)) + "|\n"
        ),
        "table cell bars",
    ),
    "headings": (lambda: _lines("## H{i}\n\n", 3_000), "lines"),
    "100k headings": (lambda: _lines("## H{i}\n\n", 100_000), "lines"),
    "table rows": (lambda: "| a | b |\n|---|---|\n" + _lines("| {i} | c |\n", 3_000), "bars"),
    "links": (lambda: _lines("[l{i}](#h{i}) ", 4_000), "links"),
    # links and code spans diluted with words, once accepted and 1.3-1.6 s/MB in the exports
    "links among words": (lambda: _lines("[l{i}](#h{i}) " + "word " * 11, 2_000), "links"),
    "code spans": (lambda: _lines("`c{i}` and ", 10_000), "code span backticks"),
    "images": (lambda: _lines("![i{i}](img/{i}.png) ", 3_000), "images"),
    "formulas": (lambda: _lines("$x_{i}^2$ and ", 6_000), "formula dollars"),
    "inline HTML": (lambda: "<b>a</b> " * 10_000, "HTML tags"),
    "paragraphs": (lambda: _lines("p{i}\n\n", 6_000), "lines"),
    "soft lines": (lambda: _lines("a{i}\n", 16_000), "lines"),
    "list items": (lambda: _lines("- item {i}\n", 5_000), "list items"),
}
COMMANDS = {
    "tree": ["tree"],
    "lint": ["lint"],
    "status": ["status"],
    "align": ["align"],
    "export": ["export", "-f", "html", "-f", "latex", "-f", "anki", "--out", "o"],
}


def _refusal_line(out: str, name: str) -> str:
    lines = [line for line in out.splitlines() if name in line and "refused" in line]
    assert lines, out
    return lines[0]


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_every_hostile_shape_is_over_its_allowance(shape: str) -> None:
    make, kind = HOSTILE[shape]
    text = "# T\n\n" + make()
    with pytest.raises(InputError, match="refused, split it") as caught:
        check_markup_budget(text, "hostile.md")
    named = str(caught.value.message).split("(", 1)[1].split(")", 1)[0]
    assert kind in named.split(",")[0], caught.value.message  # the costliest kind comes first
    assert "\n" not in str(caught.value.message)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_hostile_markup_is_refused_by_every_command(
    tmp_path: Path, shape: str, command: str
) -> None:
    make, kind = HOSTILE[shape]
    path = tmp_path / "hostile.md"
    path.write_text("# T\n\n" + make(), encoding="utf-8")
    before = path.read_bytes()
    result = ctools(*COMMANDS[command], str(path), cwd=tmp_path, timeout=60)
    one_line_errors(result)
    line = _refusal_line(result.stderr + result.stdout, "hostile.md")
    for stream in (result.stderr, result.stdout):  # once per stream (lint: a finding too)
        assert sum("refused" in shown for shown in stream.splitlines()) <= 1, stream
    assert kind in line and "split it" in line, line
    assert line.split("hostile.md:", 1)[1].split(":", 1)[0].isdigit(), line  # file:line
    assert result.returncode == 2, result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("shape", ["emphasis", "wide table", "headings"])
def test_refused_file_is_left_alone_and_the_others_are_processed(
    tmp_path: Path, shape: str
) -> None:
    make, kind = HOSTILE[shape]
    src = tmp_path / "src"
    (src / "en").mkdir(parents=True)
    good = src / "en" / "good.md"
    good.write_text(MOJIBAKE, encoding="utf-8")  # lint --fix repairs it
    hostile = src / "en" / "hostile.md"
    hostile.write_text(MOJIBAKE + "\n" + make(), encoding="utf-8")  # would be fixed if read
    before = hostile.read_bytes()

    fixed = ctools("lint", "--fix", str(src), cwd=tmp_path, timeout=60)
    one_line_errors(fixed)
    assert fixed.returncode == 2 and kind in _refusal_line(fixed.stderr, "hostile.md")
    assert "Grüße" in good.read_text(encoding="utf-8"), fixed.stderr  # the other file: fixed
    assert hostile.read_bytes() == before  # the refused one: not a byte written

    exported = ctools("export", "-f", "html", "--out", "o", str(src), cwd=tmp_path, timeout=60)
    one_line_errors(exported)
    assert exported.returncode == 2 and kind in _refusal_line(exported.stderr, "hostile.md")
    pages = [p.name for p in (tmp_path / "o" / "html").rglob("*.html")]
    assert any("good" in name for name in pages), pages
    assert not any("hostile" in name for name in pages), pages
    assert hostile.read_bytes() == before


def test_the_line_named_is_where_the_allowance_ran_out() -> None:
    """The text up to the line before the one named is within the whole document's
    allowance; the text up to the named line is not (ASCII: characters are bytes)."""
    text = _lines("## H{i}\n", 4_000)
    size = len(text)
    with pytest.raises(InputError, match="heading lines") as caught:
        check_markup_budget(text, "dense.md")
    line = caught.value.line
    assert line is not None and 1 < line < 4_000
    lines = text.splitlines(keepends=True)
    before = "".join(lines[: line - 1])
    upto = "".join(lines[:line])
    assert estimate(before, len(before))[0] <= allowance(size) < estimate(upto, len(upto))[0]
    assert str(caught.value.message).startswith(f"dense.md:{line}: ")


def test_allowance_grows_with_the_size_of_the_document() -> None:
    sentence = "Some *words* here, `42` of them, and a few more words in one sentence. "
    chunk = "## Section\n\n" + sentence * 6 + "See [them](#section).\n\n"
    check_markup_budget(chunk * 20_000, "big.md")  # 20,000 ordinary sections: accepted
    assert allowance(10_000_000) == 10 * allowance(1_000_000) > allowance(100)
    with pytest.raises(InputError, match="heading lines"):
        check_markup_budget(_lines("# H\n", 5_000), "dense.md")


def test_sizes_are_bytes_so_korean_text_gets_its_full_allowance() -> None:
    """The allowance is per UTF-8 byte: a Korean character is three."""
    text = "# 표\n\n" + "가나다라마바사아자차카타파하가나다라마바\n\n" * 6_000
    size = len(text.encode("utf-8"))
    assert estimate(text, size)[0] <= allowance(size)
    assert estimate(text, len(text))[0] > allowance(len(text))  # by characters it would not be
    check_markup_budget(text, "ko.md")


def test_markup_that_no_construct_can_hide_is_counted_everywhere() -> None:
    """An HTML block or a list item ends a fence the parser never sees closed: the scan counts
    code too, so no opener can hide prose from it."""
    for trick in ("<div>\n```\n\n", "- a\n  ```\n", "<!--\n```\n-->\n\n"):
        with pytest.raises(InputError, match="emphasis runs"):
            check_markup_budget(trick + "*a **a " * 6_000, "tricky.md")


def _real_collections() -> dict[str, list[Path]]:
    """Every real Markdown file: both corpora (both languages), ``source/`` of this checkout and
    of the main one, and the seed files (Markdown saved as ``.txt``)."""
    found: dict[str, list[Path]] = {}
    for corpus in sorted(CORPORA.iterdir()) if CORPORA.is_dir() else []:
        found[corpus.name] = sorted(
            p for p in corpus.rglob("*") if p.suffix in (".md", ".mdx", ".markdown") and p.is_file()
        )
    for root in (ROOT / "source", Path("/work/main/source")):
        if root.is_dir():
            found[str(root)] = sorted(p for p in root.rglob("*.md") if p.is_file())
    for root in (SEEDS, ROOT / "tests" / "fixtures" / "seeds"):
        if root.is_dir():
            found[str(root)] = sorted(p for p in root.iterdir() if p.is_file())
    return found


def _margin(data: bytes) -> float:
    return allowance(len(data)) / estimate(data.decode("utf-8-sig"), len(data))[0]


def test_every_real_document_is_three_times_below_its_allowance() -> None:
    """The densest real files (the Rust book's longest chapters and operator appendix, the
    smolagents guided tour) are estimated at most a third of their allowance."""
    files = [path for paths in _real_collections().values() for path in paths]
    assert len(files) > 100 or not CORPORA.is_dir(), "real documents not found"
    worst = min(files, key=lambda path: _margin(path.read_bytes()))
    for path in files:
        data = path.read_bytes()
        check_markup_budget(data.decode("utf-8-sig"), path, len(data))  # accepted
        assert _margin(data) >= 3, f"{path}: {_margin(data):.2f}x, too close to the limit"
    print(f"the densest real file ({worst}) is {_margin(worst.read_bytes()):.1f}x below")


def test_each_corpus_in_one_file_is_accepted() -> None:
    """A whole book in one file (the Rust book: 1.2 MB) is real too: accepted, with a margin."""
    for name, paths in _real_collections().items():
        whole = b"\n".join(path.read_bytes().removeprefix(b"\xef\xbb\xbf") for path in paths)
        check_markup_budget(whole.decode("utf-8"), name, len(whole))
        assert _margin(whole) >= 1.4, f"{name}: {_margin(whole):.2f}x"


def test_densest_real_files_pass_every_command(tmp_path: Path) -> None:
    """The real files closest to their allowance, run through the commands: none is refused."""
    files = [path for paths in _real_collections().values() for path in paths]
    densest = sorted(files, key=lambda path: _margin(path.read_bytes()))[:4]
    folder = tmp_path / "en"
    folder.mkdir()
    for i, path in enumerate(densest):
        (folder / f"{i}-{path.stem}.md").write_bytes(path.read_bytes())
    for command in (["tree"], ["lint"], ["export", "-f", "html", "-f", "anki", "--out", "o"]):
        result = ctools(*command, str(folder), cwd=tmp_path, timeout=300)
        one_line_errors(result)
        assert "split it" not in result.stderr + result.stdout, result.stderr


# --- fenced code: costed as code, never as markup --------------------------------------------


def _fenced(info: str, body: str) -> str:
    return f"# Data\n\nThe listing:\n\n```{info}\n{body}\n```\n\nAfter it.\n"


def test_a_long_data_listing_is_accepted_and_processed(tmp_path: Path) -> None:
    """20,000 short lines in a fence (a log, a data dump): no markup, 9 µs a line in the HTML
    export; by its lines alone it would look like 20,000 soft line breaks and be refused."""
    numbers = "\n".join(str(i * 7919 % 100_000) for i in range(20_000))
    text = _fenced("text", numbers)
    assert estimate(text, len(text))[0] > allowance(len(text))  # as prose it would be refused
    check_markup_budget(text, "data.md")
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "data.md").write_text(text, encoding="utf-8")
    for command in (["tree", str(folder / "data.md")], ["export", "-f", "html", "--out", "o"]):
        result = ctools(*command, *([] if command[0] == "tree" else [str(folder)]), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "split it" not in result.stderr


def test_a_long_code_listing_full_of_markup_characters_is_accepted() -> None:
    """Code is full of ``_``, ``*``, ``[``, ``|`` and ``<`` that the parser never reads as
    markup: a 150 KB Python listing is costed per line and highlighted byte."""
    code = "\n".join(
        f"def f_{i}(a_b: list[int], *args) -> dict[str, int]:  # | <x> `y` $z\n"
        f"    return {{'k_{i}': a_b[{i} % 3] * 2}}"
        for i in range(2_000)
    )
    text = _fenced("python", code)
    assert estimate(text, len(text.encode()))[0] > allowance(len(text.encode()))
    check_markup_budget(text, "code.md")


@pytest.mark.parametrize(
    "hider",
    [
        "<!--\n\n```\n-->\n\n",  # an HTML comment spans the blank line and hides the fence
        "<div>\n```\n</div>\n\n",  # an HTML block holds the fence line
        "$$\n\n```\n$$\n\n",  # a math block
        "{/*\n\n```\n*/}\n\n",  # an MDX comment
        "- item\n\n  ```\n  x\n  ```\n\n",  # a fence inside a list item
        "- item\n  ```\n",  # a fence the list item ends
        "---\ntitle: x\n```\n---\n\n",  # front matter holding a fence line
    ],
)
def test_a_fence_the_parser_does_not_see_earns_no_code_discount(hider: str) -> None:
    """Soft lines after a fence line that some other block hides are prose to the parser: the
    scan must not take them for code (an opened fence runs to the end of the document)."""
    text = hider + "".join(f"line {i} *a* _b_\n" for i in range(20_000))
    with pytest.raises(InputError, match="refused, split it"):
        check_markup_budget(text, "hidden.md")


def _top_level_fences(text: str) -> list[tuple[int, int]]:
    from curriculum_tools.parse import markdown_parser

    tokens = markdown_parser().parse(text)
    return [(t.map[0], t.map[1]) for t in tokens if t.type == "fence" and t.level == 0 and t.map]


def test_the_fences_found_are_the_parsers_own() -> None:
    """Wherever the scan is sure of the code, the parser finds the same top-level fences."""
    import random

    from curriculum_tools.budget import code_regions

    pieces = [
        "Text *a*.\n", "\n", "```\ncode\n```\n", "~~~~ rust\nlet x = 1;\n~~~~\n", "```py\n",
        "```\n", "> quote\n", "> ```\nq\n", "- item\n", "  ```\n", "| a | b |\n|---|---|\n",
        "    indented\n", "```a`b\n", "````\n", "# H\n", "<div>\n", "$$\nx\n$$\n", "~~~\n",
        "  text\n", "1. one\n", "```` x\n", "[a]: /b\n",
    ]  # fmt: skip
    rng = random.Random(12)
    sure = with_code = 0
    for _ in range(3_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        regions = code_regions(text)
        if regions is None:
            continue
        sure += 1
        found = []
        for region in regions:
            first = text.count("\n", 0, region.start) - 1  # the opening fence line
            closed = region.end < len(text)  # else the fence runs to the end of the text
            last = text.count("\n", 0, region.end) + 1 if closed else text.count("\n")
            found.append((first, last))
        assert found == _top_level_fences(text), text
        with_code += bool(regions)
    assert sure > 500 and with_code > 200, (sure, with_code)
