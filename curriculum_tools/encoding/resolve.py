"""Choose a character for every lossy spot, with a confidence.

Hangul spots are decided word by word (a word: a run of Hangul syllables and holes):

A. The word alone, inside its whitespace-separated token: a beam search over the holes, each
   joint candidate scored by the Korean model (:mod:`.korean`), plus a syllable frequency prior
   (``ko_syllables.tsv``, derived from wordfreq; syllables it never saw are only kept when
   nothing else fits), plus a bonus per syllable when the filled word shares a 2+ syllable piece
   with text that is intact elsewhere in the document.
B. The best few of those again in context (the tokens before and after in its paragraph, across
   a soft line break, :mod:`.context`; their own holes filled by stage A), added to the stage A
   score.  Identical damaged words of two or more syllables
   (a heading, its table-of-contents link and the link's slug) are decided together.
C. A word still unsure after B (below :data:`RECHECK_BELOW`) is read again with
   :data:`WIDE_CONTEXT` words on each side, its damaged neighbours as B decided them and its
   own other occurrences left out: one word of context cannot tell ``동적 포기`` from
   ``동적 크기``, ``타입을`` after it can.

A damaged one-syllable word (``ê°`` standing alone: 각, 감, 갑...) has no intact piece for the
document bonus to match; in the second pass it gets :data:`LONE_BONUS` for the syllable that
every sure first-pass repair of the same damaged word chose (one repair per word form).

Other spots (punctuation, symbols, emoji, letters) get a small prior (:mod:`.others`): common typographic
characters first, format controls last, a bonus for the Unicode block of intact characters
nearby, quote balancing on the line, VS16/ZWJ next to emoji; symbols and emoji by their
frequency (``symbols.tsv``, derived from wordfreq), U+FE0F only after emoji that default to text
presentation, box drawing of the weight (light, heavy, double) of its neighbours.  Two passes, so
that neighbouring spots (an emoji and its VS16) see each other's first choice.

Scores are log probabilities; a spot's confidence is the softmax share (temperature
:data:`.choice.TEMPERATURE`) of the candidates that agree with the choice.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from importlib import resources

from ..text import HANGUL_SYLLABLES, is_hangul_syllable
from .choice import Choice, hole_choices, softmax_best
from .codepages import LossySpot
from .consensus import agree
from .context import Paragraphs, eojeol, normalize
from .korean import Model
from .loanwords import english_skeletons, spells_english
from .others import HANGUL_HOLE, OTHER_HOLE, other_scores

_RUN = re.compile(f"[{HANGUL_SYLLABLES}\x00]+")
_INTACT_RUN = re.compile(f"[{HANGUL_SYLLABLES}]+")
BEAM = 8  # joint candidates kept per damaged word
CONTEXT_TOP = 8  # of those, re-scored in context
PRIOR_WEIGHT = 0.3  # weight of the syllable frequency prior (ln p per filled syllable)
UNSEEN_SYLLABLE = -18.0  # ln p of a syllable absent from the table
DOC_BONUS = 2.5  # log-probability bonus per extra syllable matched intact in the document
MAX_GROUP = 4  # contexts scored per group of identical damaged words
MAX_SUBSTRING = 6
ALONE_IN_CONTEXT = 0.0  # share of the word-alone model score kept once it is scored in context
CLEAR_MARGIN = 12.0  # a word decided this clearly on its own is not re-scored in context
LOAN_BONUS = 4.0  # the filled word spells an English word of the document (.loanwords)
# this family's loanword bonus: above the cost of a word no general list has (korean.py), so
# that the document's own English word (glob: 글롭) outranks a listed name (글록, Glock)
LOSSY_LOAN = 6.0
MAX_FORMS = 6  # word forms of one damaged stem scored in context
# the word forms of one damaged stem (청크로, 청크당, 청크) decided together, their evidence summed:
# measured on half the smolagents pages it made the stem no better (21 missed against 20) and,
# without the loanword bonus, wrote 청포 three times at >= 0.9: off
POOL_STEMS = False
# stage C: words on each side for a word still unsure with one (measured alone, 40 missed on
# the rust-book sample with one: 2 -> 35, 3 -> 32, 4 -> 32; fresh held-out pages 22: 17, 19, 16)
WIDE_CONTEXT = 3
RECHECK_BELOW = 0.99  # a group decided less surely than this is read again (= SURE)
# a damaged one-syllable word (각, 및, 이 standing alone) whose every sure repair elsewhere in the
# document chose one syllable: that syllable gets this bonus (as one more matched syllable)
LONE_BONUS = 2.5
# the contexts of the occurrences of one damaged word form: their scores summed and divided by
# (occurrences ** this): 1 averages them (the same word again says little new); 0.5 (several
# sentences count for more) measured even: fresh pages 20 -> 18 missed, rust book 29 -> 31
CONTEXT_SPREAD = 1.0


def _substrings(text: str) -> set[str]:
    out: set[str] = set()
    for m in _INTACT_RUN.finditer(text):
        run = m.group()
        for a in range(len(run)):
            for b in range(a + 2, min(len(run), a + MAX_SUBSTRING) + 1):
                out.add(run[a:b])
    return out


def _loan_bonus(word: str, english: frozenset[str], bonus: float = LOAN_BONUS) -> float:
    """Bonus when the filled word spells an English word of the document (:mod:`.loanwords`)."""
    return bonus if english and spells_english(word, english) else 0.0


def _doc_bonus(word: str, holes: Sequence[int], known: set[str]) -> float:
    """Bonus for the longest intact piece of the document that covers each filled hole."""
    bonus = 0.0
    for k in holes:
        best = 1
        for a in range(max(0, k - MAX_SUBSTRING + 1), k + 1):
            for b in range(max(k + 1, a + best + 1), min(len(word), a + MAX_SUBSTRING) + 1):
                if word[a:b] in known:
                    best = b - a
        bonus += DOC_BONUS * (best - 1)
    return bonus


@cache
def _syllable_table() -> dict[str, float]:
    table: dict[str, float] = {}
    data = resources.files(__package__).joinpath("ko_syllables.tsv").read_text(encoding="utf-8")
    for line in data.splitlines():
        if line and not line.startswith("#"):
            syl, cost = line.split("\t")
            table[syl] = -int(cost) / 10
    return table


def _syllable_prior(combo: Sequence[str]) -> float:
    table = _syllable_table()
    return PRIOR_WEIGHT * sum(table.get(c, UNSEEN_SYLLABLE) for c in combo)


def _beam(
    run: str,
    holes: list[int],
    lists: Sequence[Sequence[str]],
    model: Model,
    known: set[str],
    around: tuple[str, str] = ("", ""),
    english: frozenset[str] = frozenset(),
    favour: str = "",
) -> list[tuple[float, tuple[str, ...], float]]:
    """Joint candidates of the holes of ``run``, best first, with the model's share of the score (holes not yet filled read as spaces).

    ``around`` is the rest of the run's whitespace-separated word (ASCII, punctuation, particles).
    """
    beam: list[tuple[float, tuple[str, ...], float]] = [(0.0, (), 0.0)]
    plain = run.replace(HANGUL_HOLE, " ")
    for h in range(len(holes)):
        grown = [(*combo, c) for _, combo, _ in beam for c in lists[h]]
        words = []
        for combo in grown:
            word = list(plain)
            for k, c in zip(holes, combo, strict=False):
                word[k] = c
            words.append("".join(word))
        scores = model.score([normalize(around[0] + w + around[1]) for w in words])
        beam = sorted(
            (
                (
                    sc
                    + _doc_bonus(w, holes[: h + 1], known)
                    + _syllable_prior(combo)
                    + (_loan_bonus(w, english, LOSSY_LOAN) if h + 1 == len(holes) else 0.0)
                    + (LONE_BONUS if favour and combo == (favour,) else 0.0),
                    combo,
                    sc,
                )
                for sc, w, combo in zip(scores, words, grown, strict=True)
            ),
            key=lambda x: -x[0],
        )[:BEAM]
    return beam


def _fill(text: str) -> str:
    return text.replace(HANGUL_HOLE, " ").replace(OTHER_HOLE, " ")


def _choose_other(base: str, seen: str, off: int, cands: Sequence[str]) -> Choice:
    """A non-Hangul spot at ``off`` (:func:`.others.other_scores`)."""
    scores = other_scores(base, seen, off, cands)
    probs = softmax_best(scores)
    order = sorted(range(len(cands)), key=lambda k: -scores[k])
    return Choice(cands[order[0]], probs[order[0]], tuple(cands[k] for k in order))


SURE = 0.99  # first-pass repairs this sure teach the document's word forms to the second pass


def resolve(pieces: Sequence[str | LossySpot], model: Model) -> list[Choice]:
    """One :class:`Choice` per :class:`LossySpot` in ``pieces``, in order.

    Two passes: the word forms repaired surely in the first (``아래와``) count as intact text of
    the document in the second, which decides the spots the first was unsure of (``## 아래``):
    one repair per word form across the document.  Then the word forms of one damaged stem
    pool their evidence (:func:`.consensus.agree`; after the passes, so that a stem made sure
    by its forms teaches no second-pass word its syllables: ``단말은`` made ``많은`` unsure).
    """
    first = _resolve_once(pieces, model, set(), {})
    if all(c.confidence >= SURE for c in first):
        return first
    it = iter(first)
    filled = "".join(
        p if isinstance(p, str) else (c.char if (c := next(it)).confidence >= SURE else " ")
        for p in pieces
    )
    second = _resolve_once(pieces, model, _substrings(filled), _lone_words(pieces, first))
    return agree(
        pieces, [a if a.confidence >= SURE else b for a, b in zip(first, second, strict=True)]
    )


def _lone_words(pieces: Sequence[str | LossySpot], first: Sequence[Choice]) -> dict[str, str]:
    """Damaged one-syllable words (``ê°`` between spaces) -> the syllable the first pass chose
    for every one of them it was sure of, when those choices agree: a word of one syllable has
    no intact piece for :func:`_doc_bonus` to find, so this is its document evidence."""
    if not LONE_BONUS:
        return {}
    seen: dict[str, set[str]] = defaultdict(set)
    n = 0
    for k, p in enumerate(pieces):
        if isinstance(p, str):
            continue
        choice = first[n]
        n += 1
        if choice.confidence >= SURE and _lone(pieces, k) and is_hangul_syllable(choice.char):
            seen[p.before].add(choice.char)
    return {form: next(iter(chars)) for form, chars in seen.items() if len(chars) == 1}


def _lone(pieces: Sequence[str | LossySpot], k: int) -> bool:
    """The spot ``pieces[k]`` is a run of Hangul of its own: no syllable or spot next to it."""
    for j, end in ((k - 1, -1), (k + 1, 0)):
        if not 0 <= j < len(pieces):
            continue
        p = pieces[j]
        if not isinstance(p, str) or (p and is_hangul_syllable(p[end])):
            return False
    return True


def _resolve_once(
    pieces: Sequence[str | LossySpot], model: Model, learned: set[str], lone: dict[str, str]
) -> list[Choice]:
    table = _syllable_table()
    spots: list[LossySpot] = []
    offsets: list[int] = []
    parts: list[str] = []
    pos = 0
    for p in pieces:
        if isinstance(p, str):
            parts.append(p)
            pos += len(p)
        else:
            hangul = [c for c in p.candidates if is_hangul_syllable(c)]
            # syllables that never occur in the frequency table (about 1,600 of the 11,172
            # possible ones occur) are kept only when nothing else is left
            hangul = [c for c in hangul if c in table] or hangul
            if hangul:
                p = LossySpot(p.before, p.start, tuple(hangul))
            spots.append(p)
            offsets.append(pos)
            parts.append(HANGUL_HOLE if hangul else OTHER_HOLE)
            pos += 1
    base = "".join(parts)
    known = _substrings(base) | learned
    english = frozenset(english_skeletons(base)) if LOAN_BONUS else frozenset()
    at_offset = {off: i for i, off in enumerate(offsets)}
    choices: list[Choice | None] = [None] * len(spots)

    # Non-Hangul spots: prior only.  Twice: the second pass reads neighbouring spots as the
    # first one filled them (an emoji whose VS16 lost a byte too).
    others = [i for i, off in enumerate(offsets) if base[off] == OTHER_HOLE]
    seen = base
    for _ in range(2):
        chars = list(base)
        for i in others:
            choice = _choose_other(base, seen, offsets[i], spots[i].candidates)
            choices[i] = choice
            chars[offsets[i]] = choice.char
        seen = "".join(chars)

    # Stage A: each damaged Hangul run alone, beam search over its holes.
    runs = [m for m in _RUN.finditer(base) if HANGUL_HOLE in m.group()]
    alone: dict[int, list[tuple[float, tuple[str, ...], float]]] = {}
    favoured: dict[int, str] = {}  # a lone damaged syllable -> its document's sure reading
    for m in runs:
        run = m.group()
        holes = [k for k, ch in enumerate(run) if ch == HANGUL_HOLE]
        lists = [spots[at_offset[m.start() + k]].candidates for k in holes]
        s, e = eojeol(base, m.start(), m.end())
        around = (_fill(base[s : m.start()]), _fill(base[m.end() : e]))
        if run == HANGUL_HOLE and (word := lone.get(spots[at_offset[m.start()]].before)):
            favoured[m.start()] = word
        alone[m.start()] = _beam(
            run, holes, lists, model, known, around, english, favoured.get(m.start(), "")
        )

    filled = list(base)
    for m in runs:
        best = alone[m.start()][0][1]
        for k, c in zip(
            (k for k, ch in enumerate(m.group()) if ch == HANGUL_HOLE), best, strict=True
        ):
            filled[m.start() + k] = c
    guess = Paragraphs("".join(filled))

    # Stage B: the words sharing a damaged stem are decided together, in context.
    groups: dict[tuple[str, ...], dict[tuple[str, ...], list[re.Match[str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for m in runs:
        run = m.group()
        if len(run) < 2:
            groups[(str(m.start()),)][()].append(m)  # too short to be sure it is the same word
            continue
        key = tuple(
            spots[at_offset[m.start() + k]].before if ch == HANGUL_HOLE else ch
            for k, ch in enumerate(run)
        )
        stem = key[: max(k for k, ch in enumerate(run) if ch == HANGUL_HOLE) + 1]
        groups[stem if POOL_STEMS and len(stem) >= 2 else key][key].append(m)
    evidence = (known, english, favoured)
    unsure = []
    for forms in groups.values():
        decided = _decide(forms, alone, guess, spots, at_offset, evidence, model, 1)
        if min(d.confidence for d in decided.values()) < RECHECK_BELOW:
            unsure.append(forms)
        for i, d in decided.items():
            choices[i] = d
    if WIDE_CONTEXT > 1 and unsure:
        # read again with more words on each side, the neighbours as the decisions above read
        # them (stage A's guesses were worse: a guessed 폴로저를 one line up made 폴로저는 look
        # certain); the word's own occurrences nearby left out (_without)
        for i, off in enumerate(offsets):
            d0 = choices[i]
            if base[off] == HANGUL_HOLE and d0 is not None:
                filled[off] = d0.char
        guess = Paragraphs("".join(filled))
        for forms in unsure:
            wide = _decide(forms, alone, guess, spots, at_offset, evidence, model, WIDE_CONTEXT)
            for i, d in wide.items():
                choices[i] = d
    return [
        c if c is not None else Choice(s.candidates[0], 0.0, s.candidates)
        for c, s in zip(choices, spots, strict=True)
    ]


def _decide(
    forms: dict[tuple[str, ...], list[re.Match[str]]],
    alone: dict[int, list[tuple[float, tuple[str, ...], float]]],
    guess: Paragraphs,
    spots: Sequence[LossySpot],
    at_offset: dict[int, int],
    evidence: tuple[set[str], frozenset[str], dict[int, str]],
    model: Model,
    width: int,
) -> dict[int, Choice]:
    """One decision for the holes of a group of damaged words that share their damaged stem
    (``청크로``, ``청크당``, ``청크``): the evidence of each word form is summed (each form is
    another observation of the stem), the contexts of one form's occurrences are averaged (the
    same word again says little new), the syllable prior is counted once."""
    known, english, favoured = evidence
    own: dict[int, list[float]] = {}  # context scores of each occurrence scored
    members = [m for ms in forms.values() for m in ms]
    reads = {guess.text[m.start() : m.end()] for m in members}  # as decided so far
    m0 = members[0]
    holes = [k for k, ch in enumerate(m0.group()) if ch == HANGUL_HOLE]
    ranked = alone[m0.start()]
    if len(members) == 1 and (len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= CLEAR_MARGIN):
        combos = [c for _, c, _ in ranked]
        totals = [sc for sc, _, _ in ranked]
    else:
        combos = list(
            dict.fromkeys(
                c
                for ms in list(forms.values())[:MAX_FORMS]
                for _, c, _ in alone[ms[0].start()][:CONTEXT_TOP]
            )
        )
        lone = favoured.get(m0.start(), "")
        totals = [_syllable_prior(c) + (LONE_BONUS if c == (lone,) else 0.0) for c in combos]
        word = m0.group()
        for n, combo in enumerate(combos):  # counted once: one English word decides the stem
            filled = list(word)
            for k, c in zip(holes, combo, strict=True):
                filled[k] = c
            totals[n] += _loan_bonus("".join(filled), english, LOSSY_LOAN)
        for ms in list(forms.values())[:MAX_FORMS]:
            word = ms[0].group()
            for n, combo in enumerate(combos):
                filled = list(word)
                for k, c in zip(holes, combo, strict=True):
                    filled[k] = c
                totals[n] += _doc_bonus("".join(filled), holes, known)
            # the context score holds the word's own likelihood: counting the word alone in full
            # as well made the model look twice as sure as it is (쌍으로 written as 음으로 at
            # 0.986 in seed 002); ALONE_IN_CONTEXT keeps a share of it
            if ALONE_IN_CONTEXT:
                word_alone = {c: msc for _, c, msc in alone[ms[0].start()]}
                low = min(word_alone.values())
                for n, combo in enumerate(combos):
                    totals[n] += ALONE_IN_CONTEXT * word_alone.get(combo, low)
            scored = ms[:MAX_GROUP]
            for m in scored:
                s, e = eojeol(guess.text, m.start(), m.end())
                left, right = guess.neighbours(s, e, width)
                texts = []
                for combo in combos:
                    word_chars = list(guess.text[s:e])
                    for k, c in zip(holes, combo, strict=True):
                        word_chars[m.start() - s + k] = c
                    around = (left, right)
                    if width > 1:  # the same damaged word nearby is left out (_without)
                        around = (_without(left, reads), _without(right, reads))
                    texts.append(
                        normalize(
                            " ".join(x for x in (around[0], "".join(word_chars), around[1]) if x)
                        )
                    )
                own[m.start()] = model.score(texts)
                for n, sc in enumerate(own[m.start()]):
                    totals[n] += sc / len(scored) ** CONTEXT_SPREAD
    group = hole_choices(combos, totals, holes, [spots[at_offset[m0.start() + k]] for k in holes])
    choices: dict[int, Choice] = {}
    for m in members:
        mine = group
        ctx = own.get(m.start())
        if ctx is not None and len(members) > 1:
            # its own context alone: an occurrence that disagrees with the group is another word
            # with the same damaged form (ë˜는: 또는 and 되는) and is decided alone
            n_scored = min(len(forms[_form_of(forms, m)]), MAX_GROUP)
            mean = [0.0] * len(combos)
            for other in forms[_form_of(forms, m)][:MAX_GROUP]:
                for n, sc in enumerate(own[other.start()]):
                    mean[n] += sc / n_scored**CONTEXT_SPREAD
            alone_totals = [t - a + c for t, a, c in zip(totals, mean, ctx, strict=True)]
            cands = [spots[at_offset[m.start() + k]] for k in holes]
            by_itself = hole_choices(combos, alone_totals, holes, cands)
            if any(a.char != b.char for a, b in zip(group, by_itself, strict=True)):
                mine = by_itself
        for h, k in enumerate(holes):
            choices[at_offset[m.start() + k]] = mine[h]
    return choices


def _without(words: str, reads: set[str]) -> str:
    """``words`` without those holding another occurrence of the word being decided.  Read as
    first decided, the occurrence repeats its own guess (a link text read as 득이는 for 끓이는 at
    0.92 made its slug certain); read as the candidate, it counts the word's likelihood twice
    (``폴로저: 함수 포인터와 폴로저``, a rare name, beat 클로저 at 0.995)."""
    return " ".join(w for w in words.split() if not any(r in w for r in reads))


def _form_of(
    forms: dict[tuple[str, ...], list[re.Match[str]]], m: re.Match[str]
) -> tuple[str, ...]:
    return next(key for key, ms in forms.items() if m in ms)
