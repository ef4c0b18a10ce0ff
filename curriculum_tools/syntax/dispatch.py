"""Call only the markdown-it rules that can match at a position: dispatch on its character.

markdown-it tries every block rule at the start of every block and every inline rule at
every markup character, and every paragraph line again through the *terminator* chains
(can a list, a fence, a heading ... interrupt the paragraph here?). Nearly all of those
calls fail on their first test, the character where the rule would start: a fence needs
a backtick or a tilde, a heading ``#``, an entity ``&``. :func:`install_dispatch`
replaces each compiled chain by one function that looks at that character and runs, in
the original order, only the rules that can start with it. The tokens are the same (the
rules skipped would have returned False without touching the state); only the calls go.
The inline post-processing chain likewise skips the rules that pair emphasis and
strikethrough delimiters when the inline text has no ``*``, ``_`` or ``~``.

Safety rules:

- a rule this module does not know (another plugin's) is tried at every position;
- a line indented as code, or a blank one, runs the whole original chain;
- the chains are patched in the ruler's compiled cache: enabling, disabling or adding a
  rule later recompiles the cache and silently drops the dispatch (slower, never wrong).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

BlockRule = Callable[["StateBlock", int, int, bool], bool]
InlineRule = Callable[["StateInline", bool], bool]
PostRule = Callable[["StateInline"], None]

CODE = "code"
"""The indented-code rule: it matches only lines indented as code (which run every rule)."""

BLOCK_STARTS: dict[str, str] = {
    "front_matter": "-",
    "math_block": "$",
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "course_block": "<[{!?/=:",
    "mdx_esm": "ie",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}
"""The first non-blank character each known block rule needs on its line. Rules not listed
(``table``, decided by the next line; ``lheading``; ``paragraph``) run on every line."""

INLINE_STARTS: dict[str, str] = {
    "newline": "\n",
    "math_inline": "$",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "_*",
    "course_inline": "<[{",
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
}
"""The character each known inline rule needs at the position. ``text`` runs exactly on the
characters that are not terminators (it fails on a terminator and always wins elsewhere)."""

TEXT = "text"
TABLE = "table"
_TABLE_DELIMITERS = frozenset("|-:")
"""A table's second line starts with one of these (else ``table`` fails without a change)."""


def install_dispatch(md: MarkdownIt) -> None:
    """Replace ``md``'s block chains (main and terminators) and its inline chain by
    character dispatchers; call it once the parser's rules are final."""
    block = md.block.ruler
    block_cache = _compiled(block)
    named = [(r.name, r.fn) for r in block.__rules__ if r.enabled]
    for chain, rules in block_cache.items():
        chain_rules = [(name, fn) for name, fn in named if fn in rules]
        if [fn for _, fn in chain_rules] == list(rules):
            block_cache[chain] = [_block_dispatch(chain_rules)]
    inline = md.inline.ruler
    inline_cache = _compiled(inline)
    rules = [(r.name, r.fn) for r in inline.__rules__ if r.enabled]
    if [fn for _, fn in rules] == list(inline_cache.get("", [])):
        is_terminator = md.inline.terminator_re.match
        inline_cache[""] = [_inline_dispatch(rules, lambda ch: bool(is_terminator(ch)))]
    post = md.inline.ruler2
    post_cache = _compiled(post)
    post_rules = [(r.name, r.fn) for r in post.__rules__ if r.enabled]
    if [fn for _, fn in post_rules] == list(post_cache.get("", [])):
        post_cache[""] = [_post_dispatch(post_rules)]


DELIMITER_RULES = frozenset({"balance_pairs", "strikethrough", "emphasis"})
"""Post-processing rules that only pair the delimiter runs (``*``, ``_``, ``~``) the inline
rules recorded: with none of those characters in the inline text there is none to pair.
(``fragments_join`` always runs.)"""


def _post_dispatch(rules: Sequence[tuple[str, PostRule]]) -> PostRule:
    full = tuple(fn for _, fn in rules)
    plain = tuple(fn for name, fn in rules if name not in DELIMITER_RULES)

    def dispatch(state: StateInline) -> None:
        src = state.src
        chosen = full if ("*" in src or "_" in src or "~" in src) else plain
        for rule in chosen:
            rule(state)

    return dispatch


def _compiled(ruler: Any) -> dict[str, list[Any]]:
    ruler.getRules("")  # compiles the cache when needed
    cache: dict[str, list[Any]] = ruler.__cache__
    return cache


def _block_dispatch(rules: Sequence[tuple[str, BlockRule]]) -> BlockRule:
    full = tuple(fn for _, fn in rules)
    by_char: dict[tuple[str, bool], tuple[BlockRule, ...]] = {}

    def select(char: str, table: bool) -> tuple[BlockRule, ...]:
        if char in ("", "\n"):
            return full
        chosen = tuple(
            fn
            for name, fn in rules
            if name != CODE
            and (name != TABLE or table)
            and (name not in BLOCK_STARTS or char in BLOCK_STARTS[name])
        )
        by_char[char, table] = chosen
        return chosen

    def dispatch(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        if state.is_code_block(line):
            chosen = full
        else:
            src = state.src
            pos = state.bMarks[line] + state.tShift[line]
            char = src[pos : pos + 1]
            table = False
            if line + 2 <= end:  # a table needs two lines; its second starts with | - or :
                pos = state.bMarks[line + 1] + state.tShift[line + 1]
                table = src[pos : pos + 1] in _TABLE_DELIMITERS
            found = by_char.get((char, table))
            chosen = found if found is not None else select(char, table)
        for rule in chosen:  # noqa: SIM110 (a loop: no generator on this hot path)
            if rule(state, line, end, silent):
                return True
        return False

    return dispatch


def _inline_dispatch(
    rules: Sequence[tuple[str, InlineRule]], is_terminator: Callable[[str], bool]
) -> InlineRule:
    by_char: dict[str, tuple[InlineRule, ...]] = {}

    def select(char: str) -> tuple[InlineRule, ...]:
        terminator = is_terminator(char)
        chosen = tuple(
            fn
            for name, fn in rules
            if (name == TEXT and not terminator)
            or (name != TEXT and (name not in INLINE_STARTS or char in INLINE_STARTS[name]))
        )
        by_char[char] = chosen
        return chosen

    def dispatch(state: StateInline, silent: bool) -> bool:
        char = state.src[state.pos]
        chosen = by_char.get(char)
        if chosen is None:
            chosen = select(char)
        for rule in chosen:  # noqa: SIM110 (a loop: no generator on this hot path)
            if rule(state, silent):
                return True
        return False

    return dispatch
