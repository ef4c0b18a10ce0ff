"""Undo a Korean double-byte family (:mod:`.doublebyte`) over a whole document, as one layer.

Every line outside fenced code is tried under each family (fenced code follows the prose); the family that restores the most
Hangul syllables without a hole wins, if at least two come back without a hole and
:data:`.doublebyte.MIN_SYLLABLES` in all.  Rebuilt syllables are ranked together by the Korean model
(:mod:`.resolve`, the same as for lost UTF-8 bytes); below
:data:`.layer.CONFIDENCE_THRESHOLD` nothing is written: the damaged characters stay (a
replacement character for the UTF-8-as-CP949 families) and the spot is reported uncertain.
"""

from __future__ import annotations

from collections.abc import Callable

from ..text import is_hangul_syllable, may_hold_cjk
from . import layer
from .codepages import LossySpot
from .doublebyte import (
    MIN_SYLLABLES,
    Piece,
    _line_ok,
    cp949_as_single_byte,
    syllable_set,
    utf8_as_cp949,
)
from .korean import Model
from .layer import Found, Layer
from .segments import fenced_lines

FAMILIES: dict[str, Callable[[str, bool], list[Piece] | None]] = {
    "cp949 read as latin-1": lambda line, strict: cp949_as_single_byte(line, "latin-1", strict),
    "cp949 read as cp1252": lambda line, strict: cp949_as_single_byte(line, "cp1252", strict),
    "utf-8 read as cp949 (U+FFFD)": lambda line, strict: utf8_as_cp949(line, strict),
    "utf-8 read as cp949 (?)": lambda line, strict: _qmark_line(line, strict),
}
QMARK = "utf-8 read as cp949 (?)"


def _qmark_line(line: str, strict: bool) -> list[Piece] | None:
    if not may_hold_cjk(line):
        return None
    from .qmark import detect_line

    pieces = detect_line(line)
    return pieces if pieces is not None and _line_ok(pieces, strict) else None


def _best(lines: list[str]) -> tuple[str, dict[int, list[Piece]]] | None:
    fenced = fenced_lines(lines)
    table = syllable_set()
    best: tuple[int, str, dict[int, list[Piece]]] | None = None
    for name, undo in FAMILIES.items():
        done: dict[int, list[Piece]] = {}
        intact = rebuilt = 0
        for k, line in enumerate(lines):
            if k in fenced or line.isascii():
                continue
            pieces = undo(line, True)
            if pieces is None:
                continue
            done[k] = pieces
            hangul = [p for p in pieces if is_hangul_syllable(p.char)]
            # a rare syllable read whole is no evidence: curly quotes around a letter read as
            # CP949 make UHC-extension syllables (“a” is 93 61 94: 밶 and a lone lead byte)
            intact += sum(1 for p in hangul if not p.candidates and p.char in table)
            rebuilt += sum(1 for p in hangul if p.candidates)
        # every line read this way parses whole: its syllables, rebuilt or not, are the evidence
        # Korean lines, not a stray syllable here and there: three per line on average
        enough = intact >= 2 and intact + rebuilt >= max(MIN_SYLLABLES, 3 * len(done))
        if enough and (best is None or intact > best[0]):
            best = (intact, name, done)
    if best is None:
        return None
    _, name, done = best
    # the prose decided the family; code and lines without Hangul (box drawing) in the same
    # document went through the same tools
    for k, line in enumerate(lines):
        pieces = None if k in done or line.isascii() else FAMILIES[name](line, False)
        if pieces is not None:
            done[k] = pieces
    return name, done


def undo_family(text: str, model: Model | None = None) -> Layer | None:
    lines = text.split("\n")
    found_family = _best(lines)
    if found_family is None:
        return None
    name, done = found_family
    if name == QMARK:
        from .korean import default_model
        from .qrank import rank_lines

        model = model or default_model()
        return _write(lines, name, rank_lines({k: lines[k] for k in done}, model), model.name)
    # one sequence for the model: the repaired lines with their rebuilt syllables as spots
    seq: list[str | LossySpot] = []
    where: list[tuple[int, Piece]] = []  # line of each spot
    for k, line in enumerate(lines):
        if k:
            seq.append("\n")
        if k not in done:
            seq.append(line)
            continue
        for p in done[k]:
            if p.candidates:
                seq.append(LossySpot(p.before, 0, p.candidates))
                where.append((k, p))
            else:
                seq.append(p.char)
    choices = []
    model_name = ""
    if where:
        from .korean import default_model
        from .resolve import resolve

        model = model or default_model()
        model_name = model.name
        choices = resolve(seq, model)
    table = syllable_set()
    it = iter(choices)
    rows: dict[int, list[tuple[Piece, float, bool]]] = {}
    for k, pieces in sorted(done.items()):
        rows[k] = []
        for p in pieces:
            if not p.candidates:
                rows[k].append((p, 1.0, True))
                continue
            ch = next(it)
            # a syllable no candidate of which the frequency table knows: nothing can tell them
            # apart, whatever the model says
            confidence = ch.confidence if any(c in table for c in p.candidates) else 0.0
            rows[k].append((Piece(p.before, ch.char, ch.ranked), confidence, True))
    return _write(lines, name, rows, model_name)


def _write(
    lines: list[str], name: str, rows: dict[int, list[tuple[Piece, float, bool]]], model_name: str
) -> Layer | None:
    """The repaired text: each rebuilt piece written when sure (and its segment is kept), else
    the damaged characters (or a replacement character) stay and the spot is uncertain."""
    text = "\n".join(lines)
    marker = "?" if name.endswith("(?)") else "\ufffd"
    out: list[str] = []
    found: list[Found] = []
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    new_pos = 0
    for k, line in enumerate(lines):
        if k:
            out.append("\n")
            new_pos += 1
        if k not in rows:
            out.append(line)
            new_pos += len(line)
            continue
        line_out: list[str] = []
        spots: list[Found] = []
        orig = starts[k]  # where each piece's damaged characters start (approximate when two
        for p, confidence, keep in rows[k]:  # UTF-8 sequences share a CP949 character)
            orig = min(orig, starts[k] + len(line))
            if not p.candidates:
                line_out.append(p.char)
                orig += len(p.before)
                continue
            # read at call time: a copy made at import would keep a value patched meanwhile
            written = keep and confidence >= layer.CONFIDENCE_THRESHOLD
            shown = p.char if written else (p.before if "cp1252" in name or not keep else marker)
            at = new_pos + sum(map(len, line_out))
            kind = "lossy" if "cp1252" in name else "replacement"
            ranked = tuple(c for c in p.candidates[:5] if c)
            spots.append((orig, at, p.before, p.char, confidence, ranked, kind, written))
            line_out.append(shown)
            orig += len(p.before)
        repaired = "".join(line_out)
        found.append((starts[k], new_pos, line, repaired, 1.0, (), "lossless", True))
        found.extend(spots)
        out.append(repaired)
        new_pos += len(repaired)
    result = "".join(out)
    return None if result == text else Layer(result, name, found, model_name)
