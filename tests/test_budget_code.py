"""Fenced code in the cost budget: charged what highlighting costs, wherever the scan is sure.

Where :func:`curriculum_tools.budget.code_regions` is sure where the fenced code is, a document
is judged by that estimate alone (code per line and highlighted byte, its ``_``, ``*``, ``|``
never counted as markup), also when it is dearer than reading everything as prose: Pygments
costs 2-2.9 µs a byte in the HTML export, more than the soft lines the prose estimate would
see. The fast path (:func:`_upper_bound`) never accepts what the estimate would refuse.
"""

from __future__ import annotations

import random

import pytest

from curriculum_tools.budget import (
    _upper_bound,
    allowance,
    check_markup_budget,
    code_regions,
    cost_estimate,
    estimate,
)
from curriculum_tools.errors import InputError


def _listing(lines: int, lang: str = "rust") -> str:
    body = "".join(f"let x{i} = {i};\n" for i in range(lines))
    return f"# T\n\n```{lang}\n{body}```\n"


def test_a_long_highlighted_listing_is_charged_as_highlighted_code() -> None:
    """40,000 lines of Rust in one fence (0.6 MB): read as prose it looks cheap (soft lines),
    but highlighting costs about 3 µs a byte in the HTML export: refused at its first line
    of code past the allowance, naming the code."""
    text = _listing(40_000)
    size = len(text.encode())
    assert estimate(text, size)[0] <= allowance(size)  # as prose it would pass
    assert cost_estimate(text, size) > allowance(size)
    with pytest.raises(InputError, match="lines of fenced code") as caught:
        check_markup_budget(text, "code.md")
    assert 3 < (caught.value.line or 0) < 40_003


def test_the_same_lines_without_a_language_are_accepted() -> None:
    """A data listing (no language: never highlighted) costs per line and plain byte."""
    text = _listing(40_000, "")
    check_markup_budget(text, "data.md")


PIECES = [
    "Text *a* and `b_c` [l](#x).\n", "\n", "```rust\nfn a_b() { x * y }\n```\n",
    "~~~\nplain | data\n~~~\n", "```py\n", "```\n", "| a | b |\n|---|---|\n", "# H\n",
    "- item_x\n", "<div>\n", "$$\nx\n$$\n", "word " * 40 + "\n", "a_b_c_d " * 30 + "\n",
    "let long_name = other_name(first, second);\n" * 3,
]  # fmt: skip


def test_the_fast_path_never_accepts_what_the_estimate_refuses() -> None:
    """On random documents of prose, code and markup, the ``str.count`` bound is at least the
    estimate the budget judges by (so skipping the estimate never lets a document through)."""
    rng = random.Random(11)
    with_code = 0
    for _ in range(2_000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        size = len(text.encode())
        assert _upper_bound(text, size) >= cost_estimate(text, size), text
        with_code += bool(code_regions(text))
    assert with_code > 300


@pytest.mark.parametrize(
    "before",
    [
        "<div>\n\n",  # an HTML line: the scan cannot be sure where the code is
        "- item\n\n  text\n\n",
        "<Tip>",  # the fence opens on the component's own line
        "> quote\n>\n> ",  # inside a quote
    ],
)
def test_a_listing_the_scan_is_unsure_of_is_still_charged_its_highlighting(before: str) -> None:
    """Where the scan cannot be sure, the code is read as prose, which misses what
    highlighting costs: every line that may open a fence with a language is charged its
    highlighting up to the next line that may close it, so a line that makes the scan unsure
    is no way to slip a long listing through."""
    text = before + _listing(40_000)
    size = len(text.encode())
    assert estimate(text, size)[0] <= allowance(size)  # as prose it would pass
    with pytest.raises(InputError, match="split it"):
        check_markup_budget(text, "code.md")
