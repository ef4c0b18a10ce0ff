"""Mojibake shown on purpose: an article on encodings puts ``Ã©`` beside ``é``.

A word next to its correct form is an example (:mod:`.evidence`); this module carries that
verdict over the document: the sequences a line shows beside their correct form are examples
wherever they stand, and so is every word of a line that holds one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .codepages import CodePage, Decoded, Scan
from .evidence import Word


def _raw(res: Scan, w: Word) -> set[str]:
    """The raw characters of each complete sequence decoded in ``w``."""
    out: set[str] = set()
    for p in w.pieces:
        piece = res.pieces[p]
        if isinstance(piece, Decoded):
            out.add(piece.before)
    return out


_TOKEN = re.compile(r"[^\s|`'\"()\[\],;:→=]+")
_MARKS = "“”‘’«».!?"


def shown(lines: list[str], cp: CodePage) -> set[str]:
    """The sequences a line shows beside their correct form, each a token of its own
    (``| é | C3 A9 | Ã© |``, ``- Ã© → é``, ``ì•ˆë…• → 안녕``): the raw characters of each
    character decoded.  Lines without both a decodable token and its decoded form add nothing."""
    out: set[str] = set()
    to_byte = cp.to_byte
    for line in lines:
        if line.isascii():
            continue
        tokens = set(_TOKEN.findall(line))
        tokens |= {t.strip(_MARKS) for t in tokens}
        for tok in tokens:
            if tok.isascii() or any(c >= "\x80" and c not in to_byte for c in tok):
                continue
            data = bytes(ord(c) if c < "\x80" else to_byte[c] for c in tok)
            try:
                fixed = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if fixed == tok or fixed not in tokens:
                continue
            k = 0
            for ch in fixed:  # the raw characters of each decoded character
                size = len(ch.encode("utf-8"))
                if size > 1:
                    out.add(tok[k : k + size])
                k += size
    return out


def examples_everywhere(
    judged: list[tuple[int, Scan, list[Word]]], found: set[str], line_of: list[int]
) -> None:
    """A sequence the document shows beside its correct form (``é`` and ``Ã©`` in one table
    row) is an example wherever it stands: an article on mojibake writes ``if you see Ã©``
    in prose too, and a line holding such an example is a list of examples (``Typical damage:
    SchÃ¶ne GrÃ¼ÃŸe``).  Words there are not repaired (other damage still is)."""
    if not found:
        return
    listing = {
        line_of[n] for n, res, words in judged for w in words if w.accepted and _raw(res, w) & found
    }
    for k, (n, res, words) in enumerate(judged):
        if line_of[n] in listing:
            words = [replace(w, accepted=False, example=True) if w.accepted else w for w in words]
            judged[k] = (n, res, words)
