"""``code-text-translated``: a string literal inside a code block was translated (``info``)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Block
from ..registry import Context, Finding, SectionRow, hit, rule
from ._code import _NO_LEXER, _lexer, fence_lang, same_code, shared_info
from ._common import HANGUL_RE
from ._segments import comparison
from .code import match_code


def translated_literals(en: Block, ko: Block) -> list[tuple[int, str]]:
    """(offset in ``ko.code``, literal) of the string literals (docstrings aside) of ``ko``
    that hold Hangul where the source's code has none."""
    lexer = _lexer(fence_lang(shared_info(en, ko)))
    if lexer is _NO_LEXER or HANGUL_RE.search(en.code):
        return []
    from pygments.token import String

    out: list[tuple[int, str]] = []
    offset = 0
    for kind, value in lexer.get_tokens(ko.code):
        doc = kind in String.Doc or '"""' in value or "'''" in value
        if kind in String and not doc and HANGUL_RE.search(value):
            out.append((offset, " ".join(value.split())))
        offset += value.count("\n")
    return out


@rule("code-text-translated", "off", scope="section-pair")
def code_text_translated(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports, once per code block, a translated code block whose code is the source's but
    whose string literals were translated (Pygments' token types; docstrings aside).
    Translated comments and docstrings are welcome and not reported; ``code-mismatch``
    ignores both kinds of text.

    Off by default (a translated example input is usually deliberate); switch it on with
    ``rules: {code-text-translated: info}`` in ``ctools.yaml`` to review such blocks.

    ## Why is this bad?
    Nothing is broken, so it is ``info`` at most: but a translated literal changes what the program
    prints or sends, and an output shown in the text may no longer match the code.

    ## Example
    ```markdown
    <!-- en.md -->                          <!-- ko.md -->
    print("Hello")  # greet                 print("안녕하세요")  # 인사
    ```

    Keep it when intended (and translate the shown output too); otherwise keep the literal.
    """
    comp = comparison(row, ctx)
    if comp.rewritten:
        return
    for i, j in match_code(comp):
        a, b = comp.en[i].block, comp.ko[j].block
        if not comp.ko[j].own or not HANGUL_RE.search(b.code) or HANGUL_RE.search(a.code):
            continue
        if " ".join(a.code.split()) == " ".join(b.code.split()) or not same_code(a, b):
            continue  # identical, or different code (code-mismatch says so)
        found = translated_literals(a, b)
        if not found:
            continue
        offset, literal = found[0]
        fence = 1 if b.info or b.end_line - b.line > b.code.count("\n") else 0
        yield hit(
            row.ko_doc,
            b.line + fence + offset,
            f"string literal `{literal[:30]}` is translated: the program's output differs"
            " from the source's",
            other=row.en_doc,
            other_line=a.line,
        )
