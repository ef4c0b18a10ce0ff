"""Evidence that a stretch of text is damage and not correct text that merely looks like it.

A repair tool that once corrupts a good file gets banned, so :mod:`..fix_encoding` repairs a
*word* (a whitespace-separated token holding decoded sequences) only when all of this holds:

1. **The input looks broken**: ftfy's badness heuristic finds mojibake patterns in the word
   (``cafÃ©``, ``ëŒ€ê·œëª¨``), and the decoding removes them.  Correct typography such as
   ``“Über”`` or ``qu’à`` and correct capitals such as ``MÃE`` have no such pattern.
2. **The output is plausible**: every decoded character is assigned, not a combining mark or
   control, and its letters are in a script the document uses intact (Latin always), or form a
   word of two or more letters in a script commonly damaged this way (Hangul, Han, Kana,
   Cyrillic, Greek).  MacRoman reading ``’à`` as Armenian ``Ո`` fails here.
3. **It is not a quotation**: a word that sits next to its correct form (the decoded word occurs
   intact on the same line or a neighbouring one) is an example, never damage; a word inside
   quotation marks counts only once the document shows damage outside quotes.
4. **It is long enough**: a lead byte whose continuation bytes are all gone (``Ã`` alone) is
   never a word of its own.

The layer-level rules (how many words, which code page) live in :mod:`..fix_encoding`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .codepages import CodePage, Decoded, LossySpot
from .shapes import OPEN_CLOSE, block_script, case_breaks, closes_quote, inner_start, script

#: Scripts whose words are accepted even when the document shows none of them intact (a Korean
#: or Russian document damaged from its first line to its last).
WORD_SCRIPTS = frozenset({"HANGUL", "CJK", "HIRAGANA", "KATAKANA", "CYRILLIC", "GREEK"})
_OK_FORMAT = frozenset("\u200d\u200c\ufe0f\ufe0e\u00ad\u2060\u200b")
_WORD_CHAR = re.compile(r"\w", re.UNICODE)


def document_scripts(text: str, mojibake: frozenset[str]) -> frozenset[str]:
    """Scripts of the letters of ``text`` that cannot be mojibake characters (plus Latin)."""
    seen = {"LATIN"}
    for ch in set(text):
        if ch > "\x7f" and ch not in mojibake:
            s = script(ch) or block_script(ch)
            if s:
                seen.add(s)
    return frozenset(seen)


def char_plausible(ch: str) -> bool:
    """A decoded character that can have been in a text at all."""
    cat = unicodedata.category(ch)
    if cat in ("Cn", "Cs", "Co", "Cc"):
        return "\x80" <= ch <= "\x9f"  # C1: the inner layer of double mojibake
    if cat in ("Mn", "Me", "Mc"):
        return ch in _OK_FORMAT
    if cat == "Cf":
        return ch in _OK_FORMAT
    return not "\u01c0" <= ch <= "\u01c3"  # click letters: ǁ for Ç


def letters_plausible(decoded: str, scripts: frozenset[str]) -> bool:
    """The letters decoded in one word: scripts the document uses, or a word of a
    :data:`WORD_SCRIPTS` script (or of phonetic letters).  Signs, digits and modifiers of a
    script's block count as its letters (``Û°`` → ۰, ``Ë’`` → ˒, ``É’`` → ɒ: none alone)."""
    counts: dict[str, int] = {}
    for ch in decoded:
        s = script(ch) or block_script(ch)
        if s:
            counts[s] = counts.get(s, 0) + 1
    for s, n in counts.items():
        if s in scripts:
            continue
        if (s in WORD_SCRIPTS or s == "IPA") and n >= 2:
            continue
        return False
    return True


_ODD_MIDDLE = frozenset(("Ps", "Pe", "Pd", "Po", "Pi", "Pf", "Sk", "So", "Sm", "Sc", "Cc"))


def _odd(word: str) -> int:
    """Patterns of mojibake ftfy does not list (it knows cp1252/latin-1 best): a non-ASCII
    capital right after a small letter (``GrĂĽĂźe``), a non-ASCII letter, a symbol and a letter
    with no space (``Ă„pfel``)."""
    count = 0
    for a, b, c in zip(word, word[1:], word[2:] + " ", strict=False):
        if a.islower() and b > "\x7f" and b.isupper():
            count += 1
        elif a > "\x7f" and a.isalpha() and b > "\x7f" and unicodedata.category(b) in _ODD_MIDDLE:
            count += c.isalpha()
    return count


def badness(text: str) -> int:
    """ftfy's count of mojibake patterns, plus :func:`_odd`."""
    from ftfy.badness import badness as ftfy_badness

    return int(ftfy_badness(text)) + _odd(text)


@dataclass(frozen=True, slots=True)
class Word:
    """The verdict on one word holding decoded pieces."""

    start: int  # offset of the word in the segment
    end: int
    pieces: tuple[int, ...]  # indices into the scan's pieces
    accepted: bool  # strong evidence of damage
    quoted: bool  # inside quotation marks (counts only beside damage outside quotes)
    lossless: int  # complete sequences decoded in the word
    lossy: int  # broken sequences in the word
    weak: bool = False  # plausible, but ftfy sees nothing wrong with the input: needs company
    example: bool = False  # damage-like, but next to its correct form: shown on purpose


def quoted_at(line: str, start: int, end: int) -> bool:
    """``line[start:end]`` sits between quotation marks on its line."""
    before, after = line[:start], line[end:]
    if before.count('"') % 2 == 1 and '"' in after:
        return True
    for op, cl in OPEN_CLOSE.items():
        at = before.rfind(op)
        if at >= 0 and before.rfind(cl) < at and cl in after:
            return True
    return False


def deeper(word: str, cp: CodePage | None) -> str:
    """``word`` with one more layer of mojibake undone when it is double mojibake, else itself."""
    if cp is None or word.isascii():
        return word
    data = bytearray()
    for ch in word:
        b = ord(ch) if ch < "\x80" else cp.to_byte.get(ch)
        if b is None:
            return word
        data.append(b)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return word


def _core(text: str, first: int, last: int) -> tuple[int, int]:
    """Extend ``text[first:last]`` over the word characters around it."""
    while first > 0 and _WORD_CHAR.match(text[first - 1]):
        first -= 1
    while last < len(text) and _WORD_CHAR.match(text[last]):
        last += 1
    return first, last


def judge(
    seg: str,
    pieces: Sequence[str | Decoded | LossySpot],
    scripts: frozenset[str],
    window: str,
    line: str,
    line_offset: int,
    cp: CodePage | None = None,
) -> list[Word]:
    """Group the decoded pieces of one segment by word and judge each word.

    ``window`` is the text of the segment's line and its neighbours (for the correct form);
    ``line`` the segment's line and ``line_offset`` the segment's offset in it (for quotes).
    """
    words: list[Word] = []
    spans = [(k, p) for k, p in enumerate(pieces) if not isinstance(p, str)]
    k = 0
    while k < len(spans):
        idx, p = spans[k]
        assert not isinstance(p, str)
        start = p.start
        while start > 0 and not seg[start - 1].isspace():
            start -= 1
        end = p.start + len(p.before)
        group = [idx]
        while k + 1 < len(spans):
            nxt = spans[k + 1][1]
            assert not isinstance(nxt, str)
            if seg[end : nxt.start].strip() != seg[end : nxt.start] or any(
                c.isspace() for c in seg[end : nxt.start]
            ):
                break
            k += 1
            group.append(spans[k][0])
            end = nxt.start + len(nxt.before)
        k += 1
        word_end = end
        while word_end < len(seg) and not seg[word_end].isspace():
            word_end += 1
        words.append(
            _judge_word(
                seg, pieces, group, (start, word_end), scripts, (window, line, line_offset), cp
            )
        )
    return words


def _judge_word(
    seg: str,
    pieces: Sequence[str | Decoded | LossySpot],
    group: list[int],
    bounds: tuple[int, int],
    scripts: frozenset[str],
    where: tuple[str, str, int],
    cp: CodePage | None,
) -> Word:
    start, end = bounds
    window, line, line_offset = where
    lossless = lossy = bare = 0
    # the word as it would read repaired (lossy spots: their first plausible candidate)
    out: list[str] = []
    pos = start
    first_piece = last_piece = -1
    out_first = out_last = 0
    plausible = True
    pattern: list[str] = []  # the decoded stretch as a regex: a lossy spot matches any candidate
    alternatives: list[tuple[int, list[str]]] = []  # lossy spots: where in ``out``, candidates
    for idx in group:
        p = pieces[idx]
        assert not isinstance(p, str)
        out.append(seg[pos : p.start])
        if first_piece >= 0:
            pattern.append(re.escape(seg[pos : p.start]))
        if first_piece < 0:
            first_piece, out_first = p.start, sum(map(len, out))
        if isinstance(p, Decoded):
            ch = p.char
            lossless += 1
            pattern.append(re.escape(ch))
        else:
            cands = [c for c in p.candidates if char_plausible(c)]
            usual = [c for c in cands if script(c) in scripts | WORD_SCRIPTS or not script(c)]
            ch = (usual or cands or ["\ufffd"])[0]
            plausible = plausible and bool(cands)
            alternatives.append((len(out), cands))
            pattern.append("[" + "".join(map(re.escape, cands or "\ufffd")) + "]")
            if len(p.before) == 1:
                bare += 1
            else:
                lossy += 1
        plausible = plausible and char_plausible(ch)
        out.append(ch)
        pos = p.start + len(p.before)
        last_piece, out_last = pos, sum(map(len, out))
    out.append(seg[pos:end])
    repaired = "".join(out)
    decoded_only = repaired[out_first:out_last]
    accepted = (
        plausible
        and letters_plausible(decoded_only, scripts)
        and (lossless + lossy) > 0  # a bare lead alone is no word
        and not (
            case_breaks(
                seg[start:first_piece],
                decoded_only,
                seg[first_piece:last_piece],
                seg[last_piece:end],
            )
            # double mojibake decodes to small letters (NADPHÃ¬Ëœ: the inner ì˜ of 의)
            and not inner_start(decoded_only, cp)
        )
        and not closes_quote(line, line_offset + first_piece, line_offset + last_piece)
    )
    weak = False
    if accepted:
        before = seg[start:end]
        bad_in = badness(before)
        bad_out = badness(repaired)
        if bad_out >= bad_in:  # double mojibake: judge the text under the inner layer
            bad_out = badness(deeper(repaired, cp))
            if bad_out >= bad_in and len(alternatives) == 1:
                # both layers lossy: the outer spot's first candidate (Á for a lost C3 AD) may not
                # be the one the inner layer needs (í: Ãâ€¢Å“ is 한 twice read as cp1252)
                at, cands = alternatives[0]
                for c in cands[:8]:
                    other = "".join(out[:at]) + c + "".join(out[at + 1 :])
                    bad_out = min(bad_out, badness(deeper(other, cp)))
        weak = bad_in == 0
        accepted = bad_out < bad_in or (weak and bad_out == 0)
    example = False
    if accepted:
        # next to its correct form: an example, not damage
        a, b = _core(repaired, out_first, out_last)
        form = re.escape(repaired[a:out_first]) + "".join(pattern) + re.escape(repaired[out_last:b])
        if any(c.isalpha() for c in repaired[a:b]) and re.search(
            form, window.replace(seg[start:end], " ")
        ):
            accepted, example = False, True
    quoted = quoted_at(line, line_offset + first_piece, line_offset + last_piece)
    return Word(start, end, tuple(group), accepted, quoted, lossless, lossy + bare, weak, example)
