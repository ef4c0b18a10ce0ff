"""Unresolved merge conflicts: a page published with both versions of a change."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document
from ..registry import Context, Finding, hit, rule

_START_RE = re.compile(r"<{7}(?: |$)")
_BASE_RE = re.compile(r"\|{7}(?: |$)")
_MIDDLE_RE = re.compile(r"={7}$")
_END_RE = re.compile(r">{7}(?: |$)")


@rule("merge-conflict", "error")
def merge_conflict(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports an unresolved merge conflict: a line ``<<<<<<<``, later a line ``=======`` and
    then a line ``>>>>>>>`` (git's markers, at the start of their lines), outside code blocks.
    A conflict shown as an example inside a fenced code block is not reported, nor is a
    ``=======`` line alone (a setext heading's underline).

    ## Why is this bad?
    The page is published with both versions of the conflicting change and three lines of
    markers; the ``>>>>>>>`` line renders as a deeply nested quotation.

    ## Example
    Git leaves three marker lines around the two versions of a change:

    - `<<<<<<< HEAD`, then this branch's version (`모델을 불러옵니다.`);
    - `=======`, then the other branch's (`모델과 토크나이저를 불러옵니다.`);
    - `>>>>>>> upstream/main`.

    Use instead: keep the right version and delete the three markers.
    """
    if "<<<<<<<" not in doc.text:
        return  # no conflict can start (one C-speed scan of the text)
    code = {n for b in doc.all_blocks() if b.kind == "code" for n in range(b.line, b.end_line + 1)}
    start = middle = 0
    for number, raw in enumerate(doc.lines, start=1):
        if number in code:
            continue
        line = raw.rstrip()
        if _START_RE.match(line):
            start, middle = number, 0
        elif start and not middle and _MIDDLE_RE.match(line):
            middle = number
        elif start and middle and _END_RE.match(line):
            yield hit(
                doc,
                start,
                f"unresolved merge conflict (lines {start}-{number}): both versions and the"
                " markers are in the page",
            )
            start = middle = 0
        elif start and not middle and _BASE_RE.match(line):
            continue  # diff3's common-ancestor section
