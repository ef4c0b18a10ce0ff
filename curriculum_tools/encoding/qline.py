"""The words damaged by UTF-8 read as CP949 with ``?`` in their line (used by :mod:`.qrank`).

:mod:`.qrank` ranks the readings and fillings of each damaged word alone; here the best few of
each (and, for a syllable that lost all its bytes, its most frequent fillings) are read in their
line, :data:`WINDOW` words on each side, and the damaged words of a line are decided together:
a Viterbi search over the chain of damaged words (:func:`_joint`).
"""

from __future__ import annotations

import math

from ..text import is_hangul_syllable
from .doublebyte import Piece
from .korean import Model
from .qscore import SURE, TEMPERATURE, Hyp, Key, Occ, _outcome, _prior, _sure

CONTEXT_TOP = 12  # hypotheses of a word re-scored in context
CLEAR_MARGIN = 12.0  # a word decided this clearly alone is not read in context
VARIANTS = 80  # syllables tried in context for a piece that lost all its bytes
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
    from .context import normalize
    from .resolve import ALONE_IN_CONTEXT, _doc_bonus, _loan_bonus

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
        alone = model.score([normalize(around[0] + w + around[1]) for w in words])
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
    own = model.score([normalize(around[0] + "".join(h[2]) + around[1]) for h in top])
    return False, [
        (h[0] - (1 - ALONE_IN_CONTEXT) * o, h[1], h[2]) for h, o in zip(top, own, strict=True)
    ]


def _all_lost(piece: Piece) -> bool:
    """The syllable lost all its bytes: its candidates differ in their first and last byte."""
    data = [c.encode("utf-8") for c in piece.candidates if is_hangul_syllable(c)]
    return len({d[0] for d in data}) > 1 and len({d[-1] for d in data}) > 1


def _in_context(
    pool: dict[Key, Pool],
    members: dict[Key, list[Occ]],
    parts: dict[int, list[str]],
    model: Model,
    before: dict[Occ, list[Hyp]] | None = None,
) -> dict[Occ, list[Hyp]]:
    """Each occurrence's hypotheses scored in its line (:data:`WINDOW` words on each side, the
    other damaged words as ``parts`` has them).  Read again (``before``: the first reading),
    a hypothesis that was :data:`FAR` below the best keeps its first score (its share of the
    posterior stays negligible; the model's time goes to the close ones)."""
    from .context import normalize

    scored: dict[Occ, list[Hyp]] = {}
    for key, (clear, hyps) in pool.items():
        for k, j in members[key]:
            if clear:
                scored[k, j] = hyps
                continue
            old = before[k, j] if before else None
            todo: list[int] = list(range(len(hyps)))
            if old:
                top = max(h[0] for h in old)
                todo = [n for n in todo if old[n][0] > top - FAR]
            texts = [normalize(_window(parts[k], j, "".join(hyps[n][2]))) for n in todo]
            row = list(old) if old else list(hyps)
            for n, sc in zip(todo, model.score(texts), strict=True):
                b, r, c = hyps[n]
                row[n] = (b + sc, r, c)
            scored[k, j] = row
    return scored


FAR = 16.0  # below the best: a posterior share under exp(-16 / TEMPERATURE), about 1e-4
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
    scored by what each of its words adds to the :data:`WINDOW` words before it (as the
    decision has them; the text cut before the next damaged word), and the best decision
    ending in each candidate is kept (a Viterbi search over the chain of damaged words)."""
    from .context import normalize

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
            order = [n for n in order if ctx[n][0] > ctx[order[0]][0] - FAR]
            gap = [ctx[order[0]][0] - ctx[n][0] for n in order]
            if sum(math.exp(-g / TEMPERATURE) for g in gap) <= 1 / SURE:
                order = order[:1]  # sure in its context as guessed: not searched
            # the line up to the next damaged word still to decide: each word is read with the
            # words before it as this decision has them (a left-to-right chain)
            cut = 2 * occs[n_occ + 1][0] + 1 if n_occ + 1 < len(occs) else None
            grown = [(total, row, n) for total, row in beam for n in order]
            words = ["".join(hyps[n][2]) for _, _, n in grown]
            texts = [
                normalize(_window(row[:cut], j, w))
                for (_, row, _), w in zip(grown, words, strict=True)
            ]
            # what the window adds to the words before it (their score alone taken out): a
            # word that reads worse at the end of the text than followed by the next one
            # (결과를 반환할 against 결과를 반환한) is not penalised for it twice
            before = model.score(
                [normalize(_window(row[: 2 * j + 1], j, "")) for _, row, _ in grown]
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
