"""MDX ``import`` / ``export`` statements: module code of the page, never text a reader sees.

::

    import { Steps, Tabs } from '@astrojs/starlight/components';
    import ReadMore from '~/components/ReadMore.astro'
    export const partial = true;

MDX reads a block that starts at the margin with ``import`` or ``export`` as JavaScript (up
to the next blank line). The rule drops such a block, like an MDX comment, when its first
line has the shape of a statement (``import X from '...'``, ``import '...'``, ``import {``,
``export const|let|function|default ...``): a sentence that begins with the word "import"
stays a paragraph. Only at the top level of the page (not in a list, quote or component).

>>> from markdown_it import MarkdownIt
>>> md = MarkdownIt()
>>> md.block.ruler.before("paragraph", "mdx_esm", block_rule)
>>> [t.type for t in md.parse("import A from 'a';\\n\\nImport them all.\\n")]
['paragraph_open', 'inline', 'paragraph_close']
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock

_STATEMENT_RE = re.compile(
    r"(?:import[ \t]*(?:['\"{*]|type[ \t]+[\w${])"
    r"|import[ \t]+[\w$]+[ \t]*(?:,|[ \t]from[ \t]*['\"])"
    r"|export[ \t]+(?:const|let|var|function|async|class|default|\{|\*)[ \t\n])"
)


def block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An ``import`` / ``export`` block at the page's top level: dropped."""
    if silent or state.level or state.blkIndent or state.sCount[start]:
        return False  # never interrupts a paragraph; never inside another block
    pos = state.bMarks[start]
    if state.src[pos : pos + 1] not in ("i", "e") or not _STATEMENT_RE.match(state.src, pos):
        return False
    line = start + 1
    while line < end and not state.isEmpty(line):
        line += 1
    state.line = line
    return True
