"""Encoding damage: U+FFFD replacement characters and mojibake (fixed by fix_encoding)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from ..lint import Context, Finding, Fix, hit, rule
from ..model import Document
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
    for number, line in enumerate(doc.text.split("\n"), start=1):
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


def _fix_encoding() -> Any | None:
    try:
        return importlib.import_module("curriculum_tools.fix_encoding")
    except ImportError:
        return None


@rule("mojibake", "error", fixable=True)
def mojibake(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports mojibake: UTF-8 text that was decoded with another code page (cp1252, cp1254,
    latin-1, ...) and saved again, such as ``ëŒ€ê·œëª¨`` for ``대규모``. The fix repairs the
    whole file with the ``fix-encoding`` engine.

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
    engine = _fix_encoding()
    if engine is None:
        return  # the fix-encoding engine is not part of this build yet
    spots = engine.find_mojibake(doc.text)
    if not spots:
        return
    repair = engine.repair_text(doc.text)
    fix = None
    if repair.text != doc.text:
        fix = Fix(1, line_count(doc), repair.text, "repair mojibake")
    for spot in spots:
        yield hit(
            doc,
            int(spot.line),
            f"mojibake `{spot.before}` (probably `{spot.after}`)",
            column=int(getattr(spot, "column", 1) or 1),
            fix=fix,
        )
