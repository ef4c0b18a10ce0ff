"""Rank the readings of the words damaged by UTF-8 read as CP949 with ``?`` (:mod:`.qmark`).

All readings of a word and all their fillings are ranked together (a beam over the holes of each
reading): the Korean model on the whole word with the ASCII around it, a frequency prior over
*every* syllable of the reading (a wrong reading makes rare syllables of the known bytes too),
and the document's evidence (the same piece intact elsewhere; a second pass also learns the words
repaired surely).  Then the best few again in their line, :data:`WINDOW` words on each side, the
word's own likelihood counted once; identical damaged words are decided once for the document.
The confidence of a syllable is the posterior share of the hypotheses that agree on it; when a
syllable read whole is uncertain (the reading itself is in doubt) the segment stays as found.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from ..text import is_hangul_syllable
from .doublebyte import Piece
from .korean import Model
from .qmark import _after, readings, split

BEAM = 16  # fillings kept per reading (8 pruned the right word for 1 lost syllable in 9)
LITERAL_COST = 8.0  # a "?" read as itself inside a word (rare)
OTHER_COST = -12.0  # ln p of a non-Hangul, non-ASCII character (Hanja, punctuation)
# softmax temperature of the posterior: the hypotheses are a pruned few of many readings and
# fillings, so the model's own posterior (1.0) is overconfident here.  Measured on the damage
# simulator (nine test documents, every lost syllable written at >= 0.9, wrong against expected
# by the confidences): beam 8, temperature 1.0: 137 against 12; beam 16: 1.5: 52 against 19,
# 1.75: 41 against 23 (61 % restored), 2.0: 25 against 26 (57 %)
TEMPERATURE = 1.75
SURE = 0.99  # repaired this surely: taught to the document as intact text in the second pass


@dataclass(frozen=True, slots=True)
class Outcome:
    """A segment decided: its pieces, and per piece with holes its confidence and ranking."""

    pieces: list[Piece]
    confidence: list[float]  # per piece (1.0 for pieces read whole and sure)
    ranked: list[tuple[str, ...]]
    whole: bool  # False: the reading itself is in doubt, the segment stays as found


PRIOR_WEIGHT = 0.3  # weight of the syllable frequency prior (ln p per syllable)


def _prior(chars: list[str]) -> float:
    from .resolve import UNSEEN_SYLLABLE, _syllable_table

    table = _syllable_table()
    total = 0.0
    for c in chars:
        if is_hangul_syllable(c):
            total += PRIOR_WEIGHT * table.get(c, UNSEEN_SYLLABLE)
        elif c == "?":
            total -= LITERAL_COST
        elif not c.isascii():
            total += PRIOR_WEIGHT * OTHER_COST
    return total


def _hypotheses(
    options: list[list[Piece]], around: tuple[str, str], model: Model, known: set[str]
) -> list[tuple[float, int, tuple[str, ...]]]:
    """(score, reading, characters) of the best fillings of every reading."""
    from .resolve import _doc_bonus, _normalize

    out: list[tuple[float, int, tuple[str, ...]]] = []
    for r, pieces in enumerate(options):
        holes = [k for k, p in enumerate(pieces) if p.candidates]
        base = [p.char for p in pieces]
        beam: list[tuple[float, tuple[str, ...]]] = []
        partial: list[tuple[str, ...]] = [tuple(" " if p.candidates else p.char for p in pieces)]
        steps = holes or [-1]
        for h in steps:
            grown = (
                [(*c[:h], x, *c[h + 1 :]) for c in partial for x in pieces[h].candidates]
                if h >= 0
                else partial
            )
            words = ["".join(c) for c in grown]
            scores = model.score([_normalize(around[0] + w + around[1]) for w in words])
            hangul = [k for k, ch in enumerate(base) if is_hangul_syllable(ch) or k in holes]
            beam = sorted(
                (
                    (sc + _prior(list(c)) + _doc_bonus(w, hangul, known), c)
                    for sc, w, c in zip(scores, words, grown, strict=True)
                ),
                key=lambda x: -x[0],
            )[:BEAM]
            partial = [c for _, c in beam]
        out.extend((sc, r, c) for sc, c in beam)
    return out


def _outcome(options: list[list[Piece]], hyps: list[tuple[float, int, tuple[str, ...]]]) -> Outcome:
    """The best hypothesis, each piece's confidence the posterior share of those agreeing."""
    top = max(hyps, key=lambda h: h[0])
    weights = [math.exp((h[0] - top[0]) / TEMPERATURE) for h in hyps]
    total = sum(weights)
    _, r, chars = top
    pieces = options[r]
    conf: list[float] = []
    ranked: list[tuple[str, ...]] = []
    for k, ch in enumerate(chars):
        share: dict[str, float] = {}
        for w, (_, _, other) in zip(weights, hyps, strict=True):
            alt = other[k] if len(other) == len(chars) else ""
            share[alt] = share.get(alt, 0.0) + w / total
        conf.append(min(1.0, share.get(ch, 0.0)))
        order = sorted((c for c in share if c), key=lambda c: -share[c])
        ranked.append((ch, *(c for c in order if c != ch)))
    chosen = [Piece(p.before, chars[k], p.candidates and ranked[k]) for k, p in enumerate(pieces)]
    whole = all(c >= SURE for c, p in zip(conf, pieces, strict=True) if not p.candidates)
    return Outcome(chosen, conf, ranked, whole)


def _around(line: str, start: int, end: int) -> tuple[str, str]:
    """The ASCII text glued to the segment in its whitespace-separated word."""
    s = start
    while s > 0 and line[s - 1].isascii() and not line[s - 1].isspace():
        s -= 1
    e = end
    while e < len(line) and line[e].isascii() and not line[e].isspace():
        e += 1
    return line[s:start], line[end:e]


CONTEXT_TOP = 12  # hypotheses of a word re-scored in context
WINDOW = 3  # words on each side read with a damaged word


def _window(parts: list[str], j: int, middle: str) -> str:
    """The segment ``j`` (at ``parts[2 * j + 1]``) as ``middle``, with :data:`WINDOW` words of
    its line on each side."""
    left = "".join(parts[: 2 * j + 1])
    right = "".join(parts[2 * j + 2 :])
    cut = left.split(" ")
    left = " ".join(cut[-WINDOW - 1 :])
    cut = right.split(" ")
    right = " ".join(cut[: WINDOW + 1])
    return left + middle + right


def rank_lines(lines: dict[int, str], model: Model) -> dict[int, list[tuple[Piece, float, bool]]]:
    """Each damaged line's pieces with their confidence and whether the piece is written as
    chosen (``True``) or its segment stays as found (``False``)."""
    from .resolve import _substrings

    parsed: dict[int, list[tuple[int, int, list[list[Piece]]]]] = {}
    intact: list[str] = []
    for k, line in lines.items():
        parsed[k] = []
        for s, e in split(line) or []:
            options = readings(line[s:e], _after(line, e))
            parsed[k].append((s, e, options))
            if len(options) == 1:  # the syllables read whole between the holes
                intact.append("".join(" " if p.candidates else p.char for p in options[0]))
    known = _substrings(" ".join(intact))

    def key_of(k: int, s: int, e: int) -> tuple[str, str, str]:
        # one repair per damaged word form (a heading, its link and the link's slug); a short
        # one (a particle after ASCII) with the ASCII around it
        text = lines[k][s:e]
        return (text, "", "") if len(text) >= 3 else (text, *_around(lines[k], s, e))

    # stage A: each damaged word alone (twice: the second pass knows the words repaired surely)
    alone: dict[tuple[str, str, str], list[tuple[float, int, tuple[str, ...]]]] = {}
    options_of: dict[tuple[str, str, str], list[list[Piece]]] = {}
    members: dict[tuple[str, str, str], list[Occ]] = {}
    for k, segs in parsed.items():
        for j, (s, e, options) in enumerate(segs):
            if options and not (len(options) == 1 and not any(p.candidates for p in options[0])):
                key = key_of(k, s, e)
                options_of[key] = options
                members.setdefault(key, []).append((k, j))
    for round_ in range(2):
        learned: list[str] = []
        for key, options in options_of.items():
            if round_ and _sure(_outcome(options, alone[key])):
                continue
            alone[key] = sorted(_hypotheses(options, key[1:], model, known), key=lambda h: -h[0])
            if not round_ and _sure(out := _outcome(options, alone[key])):
                learned.append("".join(p.char for p in out.pieces))
        if not learned:
            break  # nothing new was learned: a second pass would repeat the first
        known = known | _substrings(" ".join(learned))

    # stage B: the best hypotheses again in their lines (the other words as guessed), each
    # occurrence in its own context (the same damaged form hides different words: 시도/제도,
    # 된다/한다, and a syllable that lost all its bytes is a different particle each time);
    # twice, the second time with the guesses of the first
    decided: dict[Occ, Outcome] = {}
    for _ in range(2):
        parts = _guess(parsed, lines, key_of, alone, decided)
        decided = _in_context(options_of, alone, members, parts, model)
    return _rows(parsed, lines, decided)


Key = tuple[str, str, str]
Occ = tuple[int, int]  # (line, segment of the line)
Hyp = tuple[float, int, tuple[str, ...]]
Parsed = dict[int, list[tuple[int, int, list[list[Piece]]]]]


def _guess(
    parsed: Parsed,
    lines: dict[int, str],
    key_of: Callable[[int, int, int], Key],
    alone: dict[Key, list[Hyp]],
    decided: dict[Occ, Outcome],
) -> dict[int, list[str]]:
    """Each line as parts: ASCII between segments, and each segment's best guess so far."""
    parts: dict[int, list[str]] = {}
    for k, segs in parsed.items():
        row, pos = [], 0
        for j, (s, e, _) in enumerate(segs):
            row.append(lines[k][pos:s])
            key = key_of(k, s, e)
            if (k, j) in decided:
                row.append("".join(p.char for p in decided[k, j].pieces))
            else:
                row.append("".join(alone[key][0][2]) if key in alone else lines[k][s:e])
            pos = e
        row.append(lines[k][pos:])
        parts[k] = row
    return parts


def _in_context(
    options_of: dict[Key, list[list[Piece]]],
    alone: dict[Key, list[Hyp]],
    members: dict[Key, list[Occ]],
    parts: dict[int, list[str]],
    model: Model,
) -> dict[Occ, Outcome]:
    from .resolve import ALONE_IN_CONTEXT, _normalize

    decided: dict[Occ, Outcome] = {}
    for key, options in options_of.items():
        hyps = alone[key][:CONTEXT_TOP]
        if _sure(_outcome(options, hyps)) and len(hyps) > 1 and hyps[0][0] - hyps[1][0] > 12:
            for occ in members[key]:
                decided[occ] = _outcome(options, alone[key])
            continue
        # the context score holds the word's own likelihood: counted once (see
        # resolve.ALONE_IN_CONTEXT), the word alone keeps its prior and document evidence
        own = model.score([_normalize(key[1] + "".join(h[2]) + key[2]) for h in hyps])
        base = [h[0] - (1 - ALONE_IN_CONTEXT) * o for h, o in zip(hyps, own, strict=True)]
        for k, j in members[key]:
            texts = [_normalize(_window(parts[k], j, "".join(h[2]))) for h in hyps]
            scores = model.score(texts)
            decided[k, j] = _outcome(
                options,
                [(b + sc, r, c) for b, sc, (_, r, c) in zip(base, scores, hyps, strict=True)],
            )
    return decided


def _rows(
    parsed: Parsed, lines: dict[int, str], decided: dict[Occ, Outcome]
) -> dict[int, list[tuple[Piece, float, bool]]]:
    result: dict[int, list[tuple[Piece, float, bool]]] = {}
    for k, segs in parsed.items():
        line = lines[k]
        row2: list[tuple[Piece, float, bool]] = []
        pos = 0
        for j, (s, e, options) in enumerate(segs):
            row2.extend((Piece(c, c), 1.0, True) for c in line[pos:s])
            pos = e
            if not options:
                row2.append((Piece(line[s:e], line[s:e]), 1.0, False))
            elif (k, j) not in decided:
                row2.extend((p, 1.0, True) for p in options[0])
            elif not (out := decided[k, j]).whole:
                guess = "".join(p.char for p in out.pieces)
                row2.append((Piece(line[s:e], guess, ("",)), 0.0, False))
            else:
                row2.extend((p, c, True) for p, c in zip(out.pieces, out.confidence, strict=True))
        row2.extend((Piece(c, c), 1.0, True) for c in line[pos:])
        result[k] = row2
    return result


def _sure(out: Outcome) -> bool:
    return out.whole and min(out.confidence) >= SURE
