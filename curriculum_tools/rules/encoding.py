"""Encoding damage: U+FFFD replacement characters and mojibake (fixed by fix_encoding)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Document
from ..registry import Context, Finding, Fix, hit, rule
from ._common import line_count


@rule("replacement-char", "error")
def replacement_char(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports the Unicode replacement character U+FFFD (``�``) in the text, once per line.

    ## Why is this bad?
    It marks characters lost when the file was decoded with the wrong encoding; the
    original text can no longer be read there and must be restored from a good copy.

    ## Example
    ```markdown
    대규모 언어 모델�� 소개
    ```

    Use instead:
    ```markdown
    대규모 언어 모델의 소개
    ```
    """
    if "\ufffd" not in doc.text:
        return
    for number, line in enumerate(doc.lines, start=1):
        at = line.find("\ufffd")
        if at >= 0:
            count = line.count("\ufffd")
            yield hit(
                doc,
                number,
                f"{count} replacement character{'s' if count > 1 else ''} (U+FFFD): text lost"
                " to a wrong decoding",
                column=at + 1,
            )


@rule("mojibake", "error", fixable=True)
def mojibake(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports mojibake: UTF-8 text that was decoded with another code page (cp1252, cp1254,
    latin-1, ...) and saved again, such as ``ëŒ€ê·œëª¨`` for ``대규모``, and the Korean
    double-byte families (CP949 read as Latin-1, UTF-8 read as CP949). The fix repairs the
    whole file with the ``fix-encoding`` engine. CP949 text that was read as UTF-8 (``�ѱ�``)
    is reported as unrecoverable: the Hangul is gone and only the original file can help.

    ## Why is this bad?
    The text is unreadable; search, alignment and every other check see garbage.

    ## Example
    ```markdown
    # ëŒ€ê·œëª¨ ì–¸ì–´ ëª¨ë¸
    ```

    Use instead:
    ```markdown
    # 대규모 언어 모델
    ```
    """
    from ..fix_encoding import find_mojibake, repair_text

    if "\ufffd" in doc.text:
        from ..encoding.doublebyte import unrecoverable

        lost = unrecoverable(doc.text)
        if lost:
            number = next(n for n, line in enumerate(doc.lines, 1) if "\ufffd" in line)
            yield hit(doc, number, lost, column=doc.lines[number - 1].find("\ufffd") + 1)
            return
    spots = find_mojibake(doc.text)
    if not spots:
        return
    repaired = repair_text(doc.text).text
    fix = Fix(1, line_count(doc), repaired, "repair mojibake") if repaired != doc.text else None
    by_line: dict[int, list[Any]] = {}
    for spot in spots:
        by_line.setdefault(spot.line, []).append(spot)
    for number, found in sorted(by_line.items()):
        first = found[0]
        more = f" and {len(found) - 1} more on this line" if len(found) > 1 else ""
        yield hit(
            doc,
            number,
            f"mojibake `{first.before}` (probably `{first.after}`){more}: run `ctools fix-encoding`",
            column=first.column,
            fix=fix,
        )
