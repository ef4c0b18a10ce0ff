"""markdown-it's inline tokenizer without the calls that cannot change its result.

markdown-it-py's inline loop calls its rules at every position: the ``text`` rule takes
the run of characters up to the next *terminator* (``-``, ``:``, ``#``, ``*`` ...), and
at a terminator every rule that may start there is tried; when none matches, that one
character joins the pending text and the loop goes on. Most terminators start no rule of
this parser (``-``, ``:``, ``#``, ``%``, ``+``, ``=``, ``@``, ``^``, ``}``, ``]``: *inert*),
so a line of prose costs a ``text`` call, a dispatch and a fallback step per ``-``.

:func:`install_inline_fast` replaces the parser's inline ``tokenize`` by a loop that adds
the whole run up to the next *active* character (one that starts a rule) to the pending
text at once, and calls the rule dispatch only there; and its inline ``parse`` by a
shortcut for content without any active character: one ``text`` token holding it all,
which is what markdown-it makes of it (the text rule and the inert fallback only append
to the pending text, and the post-processing rules find no delimiter to pair). Same
tokens, same pending text at every rule call; ``tests/test_parse_dispatch.py`` and
``bench/check_parse_identical.py`` compare them with the original.

Safety: it is installed only when every inline rule but ``text`` declares the characters
it starts on (:data:`.dispatch.INLINE_STARTS` or :func:`.dispatch.declare_starts`) and
all of them are terminators, and when the post-processing rules are markdown-it's own;
a ruler changed later (its compiled chain replaced) sends every call to the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

TEXT = "text"
KNOWN_POST_RULES = frozenset({"balance_pairs", "strikethrough", "emphasis", "fragments_join"})
"""Post-processing rules that leave a lone text token as it is (no delimiters to pair)."""


def active_characters(starts: Sequence[tuple[str, str | None]], terminators: Any) -> str | None:
    """The characters where some rule other than ``text`` may start (``starts``: each
    rule's name and declared characters, in chain order), or None when that is not known (a
    rule without declared characters, or one that starts on a character the ``text`` rule
    does not stop at)."""
    if TEXT not in (name for name, _ in starts):
        return None
    chars: set[str] = set()
    for name, declared in starts:
        if name == TEXT:
            continue
        if declared is None or any(not terminators.match(ch) for ch in declared):
            return None
        chars.update(declared)
    return "".join(sorted(chars))


def install_inline_fast(
    md: MarkdownIt,
    starts: Sequence[tuple[str, str | None]],
    chain: list[Callable[[StateInline, bool], bool]],
    post_names: Sequence[str],
    post_chain: list[Callable[[StateInline], None]],
) -> bool:
    """Install the fast inline ``tokenize`` and ``parse`` on ``md`` (see the module);
    ``chain``/``post_chain`` are the compiled chains the dispatch installed, ``starts``
    what each inline rule declared (:func:`.dispatch.starts_of`)."""
    inline = md.inline
    chars = active_characters(starts, inline.terminator_re)
    if chars is None or not set(post_names) <= KNOWN_POST_RULES:
        return False
    active = re.compile("[" + re.escape(chars) + "]").search
    dispatch = chain[0]
    ruler, ruler2 = inline.ruler, inline.ruler2
    compiled, compiled2 = ruler.__cache__, ruler2.__cache__  # replaced when a ruler changes
    if compiled is None or compiled2 is None:
        return False
    if compiled.get("") is not chain or compiled2.get("") is not post_chain:
        return False
    original_tokenize, original_parse = inline.tokenize, inline.parse
    max_nesting = md.options["maxNesting"]

    def tokenize(state: StateInline) -> None:
        if ruler.__cache__ is not compiled:
            return original_tokenize(state)
        end = state.posMax
        src = state.src
        append = state.append_pending
        while state.pos < end:
            pos = state.pos
            found = active(src, pos, end)
            stop = found.start() if found is not None else end
            if stop > pos:  # text and inert terminators: only pending text
                append(src[pos:stop])
                state.pos = pos = stop
                if stop >= end:
                    break
            ok = False
            if state.level < max_nesting:
                ok = dispatch(state, False)
                if ok and state.pos <= pos:
                    raise RuntimeError("inline rule didn't increment state.pos")
            if ok:
                if state.pos >= end:
                    break
                continue
            append(src[pos])
            state.pos = pos + 1
        if state.pending:
            state.pushPending()
        return None

    def parse(src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> list[Token]:
        if (
            tokens
            or active(src) is not None
            or ruler.__cache__ is not compiled
            or ruler2.__cache__ is not compiled2
        ):
            return original_parse(src, md, env, tokens)
        if src:
            from markdown_it.token import Token

            token = Token("text", "", 0)
            token.content = src
            tokens.append(token)
        return tokens

    inline.tokenize = tokenize  # type: ignore[method-assign]
    inline.parse = parse  # type: ignore[method-assign]
    return True
