"""Rank the readings of the words damaged by UTF-8 read as CP949 with ``?`` (:mod:`.qmark`).

All readings of a word and all their fillings are ranked together (a beam over the holes of each
reading): the Korean model on the whole word with the ASCII around it, a frequency prior over
*every* syllable of the reading (a wrong reading makes rare syllables of the known bytes too),
and the document's evidence (the same piece intact elsewhere; a second pass also learns the words
repaired surely; an English word of the document that the filled word spells, as for the
cp1254 family).  Then the best few again in their line, :data:`WINDOW` words on each side, the
word's own likelihood counted once; a syllable that lost all its bytes has its
:data:`VARIANTS` most frequent fillings read in context too.  The damaged words of a line are
then decided together (:func:`_joint`, a Viterbi search over the chain of damaged words), and
each is read once more in the context of that joint decision, which gives its confidence.
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
from .loanwords import english_skeletons
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
    options: list[list[Piece]],
    around: tuple[str, str],
    model: Model,
    known: set[str],
    english: frozenset[str] = frozenset(),
) -> list[tuple[float, int, tuple[str, ...]]]:
    """(score, reading, characters) of the best fillings of every reading."""
    from .resolve import _doc_bonus, _loan_bonus, _normalize

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
                    (
                        sc
                        + _prior(list(c))
                        + _doc_bonus(w, hangul, known)
                        + (_loan_bonus(w, english) if h == steps[-1] else 0.0),
                        c,
                    )
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
CLEAR_MARGIN = 12.0  # a word decided this clearly alone is not read in context
VARIANTS = 128  # syllables tried in context for a piece that lost all its bytes
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
    # English words of the document spelled in Hangul (.loanwords: 클래스 for classes)
    english = frozenset(english_skeletons("\n".join(lines.values())))

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
            alone[key] = sorted(
                _hypotheses(options, key[1:], model, known, english), key=lambda h: -h[0]
            )
            if not round_ and _sure(out := _outcome(options, alone[key])):
                learned.append("".join(p.char for p in out.pieces))
        if not learned:
            break  # nothing new was learned: a second pass would repeat the first
        known = known | _substrings(" ".join(learned))

    # stage B: the best hypotheses again in their lines (the other words as guessed), each
    # occurrence in its own context (the same damaged form hides different words: 시도/제도,
    # 된다/한다, and a syllable that lost all its bytes is a different particle each time).
    # First with the words alone as the guesses; then the damaged words of each line decided
    # jointly (:func:`_joint`: 처리?? ?? is 처리할 수 together, not 처리해 and then a 다 that
    # fits 처리해); last each occurrence again, the others as the joint decision chose them.
    pool = {
        key: _pool(options_of[key], alone[key], key[1:], model, (known, english))
        for key in options_of
    }
    parts = _guess(parsed, lines, key_of, alone)
    scored = _in_context(pool, members, parts, model)
    parts = _joint(parts, scored, pool, members, model)
    scored = _in_context(pool, members, parts, model)
    decided = {occ: _outcome(options_of[key], scored[occ]) for key in pool for occ in members[key]}
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
) -> dict[int, list[str]]:
    """Each line as parts: ASCII between segments, and each segment's best guess alone."""
    parts: dict[int, list[str]] = {}
    for k, segs in parsed.items():
        row, pos = [], 0
        for s, e, _ in segs:
            row.append(lines[k][pos:s])
            key = key_of(k, s, e)
            row.append("".join(alone[key][0][2]) if key in alone else lines[k][s:e])
            pos = e
        row.append(lines[k][pos:])
        parts[k] = row
    return parts


Pool = tuple[bool, list[Hyp]]  # (decided alone, hypotheses with their score without context)


def _pool(
    options: list[list[Piece]],
    hyps: list[Hyp],
    around: tuple[str, str],
    model: Model,
    evidence: tuple[set[str], frozenset[str]],
) -> Pool:
    """The hypotheses of a damaged word read in context, with the part of their score that
    does not depend on the context; ``(True, hyps)`` when the word alone decides clearly.

    A syllable that lost all its bytes is a particle or a one-syllable word that the word alone
    cannot rank (Kiwi prefers interjections: ``??`` alone is 아, 네, 어), so besides the best
    fillings of the word alone, the best one with each of the :data:`VARIANTS` most frequent
    syllables in such a place goes to the context (수 of 할 수 있다 is the 28th)."""
    from .resolve import ALONE_IN_CONTEXT, _doc_bonus, _loan_bonus, _normalize

    known, english = evidence

    top = hyps[:CONTEXT_TOP]
    if _sure(_outcome(options, top)) and len(top) > 1 and top[0][0] - top[1][0] > CLEAR_MARGIN:
        return True, hyps
    seen = {h[2] for h in top}
    extra: list[tuple[int, tuple[str, ...]]] = []
    _, r, chars = top[0]
    for k, p in enumerate(options[r]):
        if _all_lost(p):
            for c in p.candidates[:VARIANTS]:
                alt = (*chars[:k], c, *chars[k + 1 :])
                if alt not in seen:
                    seen.add(alt)
                    extra.append((r, alt))
    if extra:
        hangul = [
            [k for k, p in enumerate(options[r]) if p.candidates or is_hangul_syllable(p.char)]
            for r in range(len(options))
        ]
        words = ["".join(c) for _, c in extra]
        alone = model.score([_normalize(around[0] + w + around[1]) for w in words])
        top = top + [
            (
                sc + _prior(list(c)) + _doc_bonus(w, hangul[r], known) + _loan_bonus(w, english),
                r,
                c,
            )
            for sc, w, (r, c) in zip(alone, words, extra, strict=True)
        ]
    # the context score holds the word's own likelihood: counted once (see
    # resolve.ALONE_IN_CONTEXT), the word alone keeps its prior and document evidence
    own = model.score([_normalize(around[0] + "".join(h[2]) + around[1]) for h in top])
    return False, [
        (h[0] - (1 - ALONE_IN_CONTEXT) * o, h[1], h[2]) for h, o in zip(top, own, strict=True)
    ]


def _all_lost(piece: Piece) -> bool:
    """The syllable lost all its bytes: its candidates differ in their first and last byte."""
    data = [c.encode("utf-8") for c in piece.candidates if is_hangul_syllable(c)]
    return len({d[0] for d in data}) > 1 and len({d[-1] for d in data}) > 1


def _in_context(
    pool: dict[Key, Pool], members: dict[Key, list[Occ]], parts: dict[int, list[str]], model: Model
) -> dict[Occ, list[Hyp]]:
    """Each occurrence's hypotheses scored in its line (:data:`WINDOW` words on each side, the
    other damaged words as ``parts`` has them)."""
    from .resolve import _normalize

    scored: dict[Occ, list[Hyp]] = {}
    for key, (clear, hyps) in pool.items():
        for k, j in members[key]:
            if clear:
                scored[k, j] = hyps
                continue
            texts = [_normalize(_window(parts[k], j, "".join(h[2]))) for h in hyps]
            scores = model.score(texts)
            scored[k, j] = [(b + sc, r, c) for sc, (b, r, c) in zip(scores, hyps, strict=True)]
    return scored


JOINT_TOP = 12  # hypotheses of each damaged word in the joint decision of its line


def _joint(
    parts: dict[int, list[str]],
    scored: dict[Occ, list[Hyp]],
    pool: dict[Key, Pool],
    members: dict[Key, list[Occ]],
    model: Model,
) -> dict[int, list[str]]:
    """The damaged words of each line decided together, from left to right: the best few
    hypotheses of each word in context are its candidates, a decision of the line so far is
    scored by the window of each of its words cut before the next damaged word (the words
    before it as the decision has them), and the best decision ending in each candidate is
    kept (a Viterbi search over the chain of damaged words)."""
    from .resolve import _normalize

    on_line: dict[int, list[tuple[int, Key]]] = {}
    for key, (clear, _) in pool.items():
        if not clear:
            for k, j in members[key]:
                on_line.setdefault(k, []).append((j, key))
    out = dict(parts)
    for k, occs in on_line.items():
        beam: list[tuple[float, list[str]]] = [(0.0, list(parts[k]))]
        occs.sort()
        for n_occ, (j, key) in enumerate(occs):
            hyps = pool[key][1]
            ctx = scored[k, j]
            order = sorted(range(len(hyps)), key=lambda n: -ctx[n][0])[:JOINT_TOP]
            gap = [ctx[order[0]][0] - ctx[n][0] for n in order]
            if sum(math.exp(-g / TEMPERATURE) for g in gap) <= 1 / SURE:
                order = order[:1]  # sure in its context as guessed: not searched
            # the line up to the next damaged word still to decide: each word is read with the
            # words before it as this decision has them (a left-to-right chain)
            cut = 2 * occs[n_occ + 1][0] + 1 if n_occ + 1 < len(occs) else None
            grown = [(total, row, n) for total, row in beam for n in order]
            words = ["".join(hyps[n][2]) for _, _, n in grown]
            texts = [
                _normalize(_window(row[:cut], j, w))
                for (_, row, _), w in zip(grown, words, strict=True)
            ]
            # what the window adds to the words before it (their score alone taken out): a
            # word that reads worse at the end of the text than followed by the next one
            # (결과를 반환할 against 결과를 반환한) is not penalised for it twice
            before = model.score(
                [_normalize(_window(row[: 2 * j + 1], j, "")) for _, row, _ in grown]
            )
            scores = [a - b for a, b in zip(model.score(texts), before, strict=True)]
            # the best decision ending in each hypothesis of this word (Viterbi: 반환할 is
            # kept, though 결과를 반환할 alone reads worse than 결과를 반환한, until 수 follows)
            best: dict[int, tuple[float, list[str]]] = {}
            for (total, row, n), w, sc in zip(grown, words, scores, strict=True):
                value = total + hyps[n][0] + sc
                if n not in best or value > best[n][0]:
                    new = list(row)
                    new[2 * j + 1] = w
                    best[n] = (value, new)
            beam = sorted(best.values(), key=lambda x: -x[0])
        out[k] = beam[0][1]
    return out


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
