"""Rank the readings of the words damaged by UTF-8 read as CP949 with ``?`` (:mod:`.qmark`).

All readings of a word and all their fillings are ranked together (a beam over the holes of each
reading): the Korean model on the whole word with the ASCII around it, a frequency prior over
*every* syllable of the reading (a wrong reading makes rare syllables of the known bytes too),
and the document's evidence (the same piece intact elsewhere; a second pass also learns the words
repaired surely; an English word of the document that the filled word spells, as for the
cp1254 family).  Then the best few again in their line (:mod:`.qline`), the word's own
likelihood counted once; a syllable that lost all its bytes has its most frequent fillings read
in context too.  The damaged words of a line are then decided together (a Viterbi search over
the chain of damaged words), and each is read once more in the context of that joint decision,
which gives its confidence.
The confidence of a syllable is the posterior share of the hypotheses that agree on it; when a
syllable read whole is uncertain (the reading itself is in doubt) the segment stays as found.
"""

from __future__ import annotations

from collections.abc import Callable

from ..text import is_hangul_syllable
from .doublebyte import Piece
from .korean import Model, without_lists
from .loanwords import english_skeletons
from .qline import _in_context, _joint, _pool
from .qmark import _after, readings, split
from .qscore import Hyp, Key, Occ, Outcome, _outcome, _prior, _sure

BEAM = 16  # fillings kept per reading (8 pruned the right word for 1 lost syllable in 9)


def _hypotheses(
    options: list[list[Piece]],
    around: tuple[str, str],
    model: Model,
    known: set[str],
    english: frozenset[str] = frozenset(),
) -> list[tuple[float, int, tuple[str, ...]]]:
    """(score, reading, characters) of the best fillings of every reading."""
    from .context import normalize
    from .resolve import _doc_bonus, _loan_bonus

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
            scores = model.score([normalize(around[0] + w + around[1]) for w in words])
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


def _around(line: str, start: int, end: int) -> tuple[str, str]:
    """The ASCII text glued to the segment in its whitespace-separated word."""
    s = start
    while s > 0 and line[s - 1].isascii() and not line[s - 1].isspace():
        s -= 1
    e = end
    while e < len(line) and line[e].isascii() and not line[e].isspace():
        e += 1
    return line[s:start], line[end:e]


def rank_lines(lines: dict[int, str], model: Model) -> dict[int, list[tuple[Piece, float, bool]]]:
    """Each damaged line's pieces with their confidence and whether the piece is written as
    chosen (``True``) or its segment stays as found (``False``).  Kiwi is used without the
    general word lists, as this family was tuned (:func:`.korean.without_lists`)."""
    from .resolve import _substrings

    model = without_lists(model)

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
    # jointly (:func:`.qline._joint`: 처리?? ?? is 처리할 수 together, not 처리해 and then a 다 that
    # fits 처리해); last each occurrence again, the others as the joint decision chose them.
    pool = {
        key: _pool(options_of[key], alone[key], key[1:], model, (known, english))
        for key in options_of
    }
    parts = _guess(parsed, lines, key_of, alone)
    scored = _in_context(pool, members, parts, model)
    parts = _joint(parts, scored, pool, members, model)
    scored = _in_context(pool, members, parts, model, scored)
    decided = {occ: _outcome(options_of[key], scored[occ]) for key in pool for occ in members[key]}
    return _rows(parsed, lines, decided)


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
