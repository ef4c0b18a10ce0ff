"""Hypothesis strategies: Markdown documents built from the pieces real course notes use."""

from __future__ import annotations

from hypothesis import strategies as st

_WORDS = st.sampled_from(
    [
        "model", "token", "LoRA", "attention", "학습", "모델", "토큰화 (Tokenization)", "데이터",
        "😀", "café", "naïve", "「인용」", "，", "$x^2$", "$5", "`code`", "**bold**", "_em_",
        "[link](https://example.com/a)", "![img](images/a.png)", "<br>", "<b>x</b>",
        "<script>alert(1)</script>", "\\input{/etc/passwd}", "^^5c", "%", "&", "#", "{", "}",
        "\u00ad", "\ufffd", "\x0b", "\t", "1.5", "2024", "1,000", "[[id]]", "{#anchor}", "<!-- c -->",
        "<!-- ctools-disable -->", "http://x.y/z", "ì•ˆ", "Ã©", "|", "\\", "~", "^", "_",
    ]
)  # fmt: skip
_LINE = st.lists(_WORDS, min_size=1, max_size=8).map(" ".join)


@st.composite
def blocks(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            ["p", "h", "list", "olist", "table", "code", "math", "html", "quote", "fm", "hr"]
        )
    )
    line = draw(_LINE)
    if kind == "h":
        level = draw(st.integers(1, 7))
        number = draw(st.sampled_from(["", "1. ", "2.1 ", "3.2.1. ", "4) "]))
        return "#" * level + " " + number + line
    if kind == "list":
        depth = draw(st.integers(0, 4))
        return "\n".join("  " * i + "- " + draw(_LINE) for i in range(depth + 1))
    if kind == "olist":
        return "\n".join(f"{i}. {draw(_LINE)}" for i in range(1, draw(st.integers(1, 4)) + 1))
    if kind == "table":
        cols = draw(st.integers(1, 4))
        rows = [
            " | ".join(draw(_LINE).replace("|", "/") for _ in range(cols))
            for _ in range(draw(st.integers(1, 3)))
        ]
        return (
            "| "
            + rows[0]
            + " |\n|"
            + "---|" * cols
            + "\n"
            + "\n".join("| " + r + " |" for r in rows[1:])
        )
    if kind == "code":
        fence = draw(st.sampled_from(["```", "~~~", "```python", "````"]))
        return f"{fence}\n{line}\n\\end{{Verbatim}}\n{fence.rstrip('python')}"
    if kind == "math":
        return (
            "$$\n"
            + draw(st.sampled_from(["E=mc^2", "\\frac{a}{b}", "\\write18{ls}", "\\catcode`\\^=7"]))
            + "\n$$"
        )
    if kind == "html":
        return draw(
            st.sampled_from(
                [
                    "<details>\n<summary>s</summary>\n\nx\n\n</details>",
                    '<img src="../../etc/passwd">',
                    "<Tip>\n\nnote\n\n</Tip>",
                    '<iframe src="javascript:alert(1)"></iframe>',
                ]
            )
        )
    if kind == "quote":
        return "> " + line
    if kind == "fm":
        return draw(
            st.sampled_from(
                [
                    "---\nid: x\n---",
                    "---\n!!python/object:os.system ls\n---",
                    "---\n[unclosed\n---",
                    "---\ntitle: t\nlang: ko\n---",
                ]
            )
        )
    if kind == "hr":
        return "---"
    return line


markdown_documents = (
    st.lists(blocks(), max_size=12)
    .map("\n\n".join)
    .flatmap(
        lambda text: st.sampled_from(["\n", "\r\n", "\r"]).map(
            lambda eol: text.replace("\n", eol) + eol
        )
    )
)
