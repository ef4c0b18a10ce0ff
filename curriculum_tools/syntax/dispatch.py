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

STARTS_ATTR = "ctools_starts"


def declare_starts(rule: Any, chars: str) -> Any:
    """Declare the characters a syntax plugin's block or inline rule can start on (the
    first non-blank character of its line, or the character at the inline position), so
    the dispatch calls it only there; returns ``rule``. A rule that declares nothing is
    tried everywhere (and turns the inline shortcuts of :mod:`.inline_fast` off). An
    inline rule's characters must be terminators of ``md.inline`` (``add_terminator_char``)."""
    setattr(rule, STARTS_ATTR, chars)
    return rule


def starts_of(name: str, rule: Any, table: dict[str, str]) -> str | None:
    """What ``rule`` declared (:func:`declare_starts`), else what ``table`` says of ``name``."""
    declared = getattr(rule, STARTS_ATTR, None)
    return declared if isinstance(declared, str) else table.get(name)


TEXT = "text"
TABLE = "table"
_TABLE_DELIMITERS = frozenset("|-:")
"""A table's second line starts with one of these (else ``table`` fails without a change)."""


def install_dispatch(md: MarkdownIt) -> None:
    """Replace ``md``'s block chains (main and terminators) and its inline chain by
    character dispatchers; call it once the parser's rules are final."""
    from markdown_it.rules_block import lheading

    block = md.block.ruler
    block_cache = _compiled(block)
    named = [(r.name, r.fn) for r in block.__rules__ if r.enabled]
    interrupting = [(n, fn) for n, fn in named if fn in block_cache.get("paragraph", [])]
    for chain, rules in block_cache.items():
        chain_rules = [(name, fn) for name, fn in named if fn in rules]
        if [fn for _, fn in chain_rules] == list(rules):
            gated = [
                (n, _gate_lheading(fn, interrupting) if fn is lheading else fn)
                for n, fn in chain_rules
            ]
            block_cache[chain] = [_block_dispatch(gated)]
    inline = md.inline.ruler
    inline_cache = _compiled(inline)
    rules = [(r.name, r.fn) for r in inline.__rules__ if r.enabled]
    inline_chain: list[InlineRule] | None = None
    if [fn for _, fn in rules] == list(inline_cache.get("", [])):
        is_terminator = md.inline.terminator_re.match
        inline_chain = inline_cache[""] = [
            _inline_dispatch(rules, lambda ch: bool(is_terminator(ch)))
        ]
    post = md.inline.ruler2
    post_cache = _compiled(post)
    post_rules = [(r.name, r.fn) for r in post.__rules__ if r.enabled]
    post_chain: list[PostRule] | None = None
    if [fn for _, fn in post_rules] == list(post_cache.get("", [])):
        post_chain = post_cache[""] = [_post_dispatch(post_rules)]
    if inline_chain is not None and post_chain is not None:
        from .inline_fast import install_inline_fast

        starts = [(name, starts_of(name, fn, INLINE_STARTS)) for name, fn in rules]
        install_inline_fast(md, starts, inline_chain, [name for name, _ in post_rules], post_chain)


def _gate_lheading(lheading: BlockRule, interrupting: Sequence[tuple[str, BlockRule]]) -> BlockRule:
    """markdown-it's ``lheading`` (a setext heading: text underlined by ``===`` or ``---``)
    without its line-by-line checks of the rules that may interrupt a paragraph
    (``interrupting``, its ``"paragraph"`` chain) when no line can be the underline.

    It walks the lines ``lheading`` would walk while each is plain: neither empty (the end),
    nor a candidate underline (starting, indented 0-3 columns from the block, with ``=`` or
    ``-``), nor starting with a character an interrupting rule starts on, nor followed by a
    line starting with ``|``, ``:`` or ``-`` (a table). At the first line that is not plain
    it hands over to ``lheading``; at an empty line or the end it fails as ``lheading`` would
    (leaving ``state.parentType`` set to ``"paragraph"``, as ``lheading`` does). So it never
    walks further than ``lheading``. Off when an interrupting rule declares no characters."""
    stops: set[str] = set()
    for name, fn in interrupting:
        starts = starts_of(name, fn, BLOCK_STARTS)
        if starts is None and name not in (TABLE, CODE):
            return lheading
        stops.update(starts or "")
    stop_chars = "".join(sorted(stops | set("-=")))

    def gated(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.is_code_block(start):
            return False
        src, b_marks, e_marks, t_shift = state.src, state.bMarks, state.eMarks, state.tShift
        s_count, indent = state.sCount, state.blkIndent
        line = start + 1
        while line < end:
            pos = b_marks[line] + t_shift[line]
            if pos >= e_marks[line]:  # an empty line ends the paragraph
                break
            if s_count[line] - indent <= 3 and s_count[line] >= 0:
                after = b_marks[line + 1] + t_shift[line + 1]
                if src[pos] in stop_chars or src[after : after + 1] in _TABLE_LOOKAHEAD:
                    return lheading(state, start, end, silent)  # not plain: it decides
            line += 1
        state.parentType = "paragraph"
        return False

    return gated


_TABLE_LOOKAHEAD = ("|", ":", "-")


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
            and ((starts := starts_of(name, fn, BLOCK_STARTS)) is None or char in starts)
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
            or (
                name != TEXT
                and ((starts := starts_of(name, fn, INLINE_STARTS)) is None or char in starts)
            )
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
