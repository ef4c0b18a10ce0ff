"""Bounded cost (issue 12, item 11): the markup budget refuses what would blow the time budget.

Times are printed by ``bench/bench_budgets.py`` (``make bench``), never asserted here; these
tests hold the refusals (every command, exit 2, ``file:line``, other files processed,
nothing written) and the margin that keeps every real document accepted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from curriculum_tools.budget import LIMITS, Limit, check_markup_budget
from curriculum_tools.errors import InputError

from .test_security_files import MOJIBAKE, ctools, one_line_errors

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("CTOOLS_CORPORA", "/work/shared/corpora"))

# The hostile shapes of the issue, small enough for a test (bench/bench_budgets.py has them
# at full size): each holds one kind of markup far above its allowance.
HOSTILE: dict[str, tuple[Callable[[], str], str]] = {
    "emphasis": (lambda: "*a **a " * 6_000, "inline delimiters"),
    "unclosed links": (lambda: "[a](" * 6_000, "inline delimiters"),
    "wide table": (
        lambda: (
            "|" + "|".join("x" for _ in range(3_000)) + "|\n"
            "|" + "|".join("-" for _ in range(3_000)) + "|\n"
        ),
        "table cell bars",
    ),
    "headings": (lambda: "".join(f"## H{i}\n\n" for i in range(3_000)), "heading lines"),
    "100k headings": (lambda: "".join(f"## H{i}\n\n" for i in range(100_000)), "heading lines"),
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


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_hostile_markup_is_refused_by_every_command(
    tmp_path: Path, shape: str, command: str
) -> None:
    make, kind = HOSTILE[shape]
    path = tmp_path / "hostile.md"
    path.write_text("# T\n\n" + make(), encoding="utf-8")
    result = ctools(*COMMANDS[command], str(path), cwd=tmp_path, timeout=60)
    one_line_errors(result)
    line = _refusal_line(result.stderr + result.stdout, "hostile.md")
    assert kind in line and "split it" in line, line
    assert line.split("hostile.md:", 1)[1].split(":", 1)[0].isdigit(), line  # file:line
    assert result.returncode == 2, result.stderr


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
    text = "".join(f"## H{i}\n" for i in range(1, 1_101))  # the floor allows 1,000 headings
    with pytest.raises(InputError, match="1100 heading lines") as caught:
        check_markup_budget(text, "dense.md")
    assert caught.value.line == 1_001
    assert str(caught.value.message).startswith("dense.md:1001: ")


def test_allowance_grows_with_the_size_of_the_document() -> None:
    chunk = "## Section\n\n" + "Some *words* here, `42` of [them](#section). " * 10 + "\n\n"
    check_markup_budget(chunk * 20_000, "big.md")  # 20,000 ordinary sections: accepted
    with pytest.raises(InputError, match="heading lines"):
        check_markup_budget("# H\n" * 1_001, "dense.md")


def test_sizes_are_bytes_so_korean_text_gets_its_full_allowance() -> None:
    row = "| 가나다라마바사 | 아자차카타파하 |\n"  # 3 bars per 38 bytes, per 20 characters
    check_markup_budget("# 표\n\n| a | b |\n|---|---|\n" + row * 3_000, "ko.md")


def test_markup_that_no_construct_can_hide_is_counted_everywhere() -> None:
    """An HTML block or a list item ends a fence the parser never sees closed: the scan counts
    code too, so no opener can hide prose from it."""
    for trick in ("<div>\n```\n\n", "- a\n  ```\n", "<!--\n```\n-->\n\n"):
        with pytest.raises(InputError, match="inline delimiters"):
            check_markup_budget(trick + "*a **a " * 6_000, "tricky.md")


def _real_files() -> list[Path]:
    roots = [ROOT / "source", *(sorted(CORPORA.iterdir()) if CORPORA.is_dir() else [])]
    return [
        path
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.suffix in (".md", ".mdx", ".markdown") and path.is_file()
    ]


def _count(limit: Limit, text: str) -> int:
    return limit.pattern.subn("", text)[1]


@pytest.mark.parametrize("limit", LIMITS, ids=[limit.name.split()[0] for limit in LIMITS])
def test_every_real_document_is_three_times_below_each_limit(limit: Limit) -> None:
    """The densest real files (the Rust book's operator appendix, a shell-heavy installation
    page, short stubs) use at most a third of any allowance: no real document is refused."""
    files = _real_files()
    assert files, "no real documents found"
    worst = 0.0
    for path in files:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        check_markup_budget(text, path, len(data))  # accepted
        used = 3 * _count(limit, text) / limit.allowed(len(data))
        assert used <= 1, f"{path}: {_count(limit, text)} {limit.name}, too close to the limit"
        worst = max(worst, used)
    print(f"{limit.name}: the densest real file uses {worst / 3:.0%} of its allowance")


def test_densest_real_files_pass_every_command(tmp_path: Path) -> None:
    """The densest real files per kind, run through the commands: none is refused."""
    files = _real_files()
    densest = {
        max(files, key=lambda p: _count(limit, p.read_text("utf-8")) / p.stat().st_size)
        for limit in LIMITS
    }
    folder = tmp_path / "en"
    folder.mkdir()
    for i, path in enumerate(sorted(densest)):
        (folder / f"{i}-{path.name}").write_bytes(path.read_bytes())
    for command in (["tree"], ["lint"], ["export", "-f", "html", "--out", "o"]):
        result = ctools(*command, str(folder), cwd=tmp_path, timeout=300)
        one_line_errors(result)
        assert "split it" not in result.stderr + result.stdout, result.stderr
