"""Undo one layer of mojibake: choose the code page on the evidence, then rebuild the text.

For each code page (and, when bytes can be lost, with or without ``?`` standing for a lost
byte) every suspect segment is scanned (:func:`.codepages.scan`) and its words judged
(:mod:`.evidence`).  A plan keeps only the words with strong evidence:

- a word made only of broken sequences (bytes lost) counts only once the document shows at
  least :data:`MIN_EVIDENCE` complete ones (outside quotes);
- a word inside quotation marks, or one whose input ftfy's badness heuristic finds nothing
  wrong with (``bientĂ´t`` read as cp1250), counts only under the same condition;
- a common code page (:data:`COMMON_PAGES`) wins on the most evidence; a rare one (MacRoman,
  cp1250, cp1251, cp1257) needs overwhelming evidence: at least :data:`MIN_EVIDENCE` words and
  twice the score of the best common page.

Reconstructions below :data:`CONFIDENCE_THRESHOLD` are never written: the damaged characters
stay as they were and the spot is reported as uncertain with its candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate

from ..text import is_hangul_syllable
from .codepages import CODEPAGES, CodePage, Decoded, LossySpot, Scan, codepage, scan
from .evidence import Word, document_scripts, judge
from .examples import examples_everywhere, shown
from .korean import Model
from .segments import Segment, code_gate, fenced_lines, segments
from .shapes import script

#: Reconstructions below this confidence are reported as uncertain and not written.
CONFIDENCE_THRESHOLD = 0.9
#: Complete mojibake words a document must show before lone broken or quoted ones are repaired.
MIN_EVIDENCE = 3
COMMON_PAGES = ("cp1252", "cp1254", "latin-1")
_SAMPLE = 400  # prose segments read to choose the code page

# (offset in input, offset in output, before, after, confidence, candidates, kind, written)
Found = tuple[int, int, str, str, float, tuple[str, ...], str, bool]


@dataclass(slots=True)
class Plan:
    name: str
    dropped: frozenset[int]
    qmark: bool
    scans: dict[int, Scan] = field(default_factory=dict)  # segment -> scan, rejected pieces as text
    score: int = 0
    evidence: int = 0  # complete, unquoted prose words
    seen: set[int] = field(default_factory=set)


@dataclass(slots=True)
class Layer:
    text: str
    chain: str
    found: list[Found]
    model: str


def _window(lines: list[str], number: int) -> str:
    """The line and its neighbours, over blank lines: an example set apart as a paragraph of
    its own (``ëŒ€ê·œëª¨`` under ``대규모라는 단어는…``) still sits next to its correct form."""
    first = number - 1
    while first > 0 and not lines[first].strip():
        first -= 1
    last = number + 1
    while last < len(lines) - 1 and not lines[last].strip():
        last += 1
    return "\n".join(lines[max(0, first) : last + 1])


def _plan(
    text: str,
    lines: list[str],
    starts: list[int],
    segs: list[Segment],
    name: str,
    dropped: frozenset[int],
    qmark: bool,
) -> Plan:
    cp = codepage(name)
    plan = Plan(name, dropped, qmark)
    judged: list[tuple[int, Scan, list[Word]]] = []
    for n, seg in enumerate(segs):
        res = scan(text[seg.start : seg.end], cp, dropped, qmark, give_up=True)
        if not res.damaged:
            continue
        plan.seen |= res.seen
        judged.append((n, res, []))
    if not judged:
        return plan  # nothing this code page could have damaged (the common case: stay cheap)
    scripts = document_scripts(text, frozenset(cp.to_byte))
    for round_ in range(2):
        established: dict[str, int] = {}
        for k, (n, res, _) in enumerate(judged):
            seg = segs[n]
            words = judge(
                text[seg.start : seg.end],
                res.pieces,
                scripts,
                _window(lines, seg.line),
                lines[seg.line],
                seg.start - starts[seg.line],
                cp,
            )
            judged[k] = (n, res, words)
            for w in words:
                if w.accepted and not w.quoted and w.lossless and not w.weak:
                    for p in w.pieces:
                        piece = res.pieces[p]
                        if isinstance(piece, Decoded) and script(piece.char):
                            established[script(piece.char)] = 1 + established.get(
                                script(piece.char), 0
                            )
        # a script many words decode to is one the document uses (a fully damaged Korean text)
        more = {s for s, count in established.items() if count >= 2 * MIN_EVIDENCE} - scripts
        if round_ or not more:
            break
        scripts = scripts | more
    examples_everywhere(judged, shown(lines, cp), [seg.line for seg in segs])
    plan.evidence = sum(
        1
        for n, _, words in judged
        if segs[n].kind == "prose"
        for w in words
        if w.accepted and not w.quoted and w.lossless and not w.weak
    )
    strong = plan.evidence >= MIN_EVIDENCE
    for n, res, words in judged:
        keep: set[int] = set()
        for w in words:
            if w.accepted and (strong or (not w.quoted and w.lossless and not w.weak)):
                keep.update(w.pieces)
                if segs[n].kind == "prose":
                    plan.score += 2 * w.lossless + w.lossy
        if not keep:
            continue
        kept = Scan()
        for k, piece in enumerate(res.pieces):
            kept_piece = piece if isinstance(piece, str) or k in keep else piece.before
            kept.pieces.append(kept_piece)
        plan.scans[n] = kept
    return plan


def choose(text: str, segs: list[Segment], lossy: bool) -> Plan | None:
    """The best plan over the code pages (see the module docstring), or None."""
    lines = text.split("\n")
    starts = _starts(lines)
    sample_ids = [n for n, s in enumerate(segs) if s.kind == "prose"][:_SAMPLE]
    sample = [segs[n] for n in sample_ids]
    qmarks = (
        (False, True) if lossy and any("?" in text[s.start : s.end] for s in sample) else (False,)
    )
    best: tuple[tuple[int, int, int, int], str, bool] | None = None
    common_best = 0
    for rank, name in enumerate(CODEPAGES):
        cp = codepage(name)
        for qmark in qmarks:
            dropped = cp.droppable if lossy else frozenset()
            plan = _plan(text, lines, starts, sample, name, dropped, qmark)
            if plan.score == 0:
                continue
            if name in COMMON_PAGES:
                common_best = max(common_best, plan.score)
            elif plan.evidence < MIN_EVIDENCE or plan.score < 2 * common_best + 1:
                continue
            has_lossy = any(isinstance(p, LossySpot) for r in plan.scans.values() for p in r.pieces)
            tie = len(cp.undefined - plan.seen) if has_lossy else 0
            key = (plan.score, tie, -qmark, -rank)
            if best is None or key > best[0]:
                best = (key, name, qmark)
    if best is None:
        return None
    _, name, qmark = best
    cp = codepage(name)
    first = _plan(text, lines, starts, segs, name, cp.droppable if lossy else frozenset(), qmark)
    # bytes seen intact were not dropped
    dropped = (cp.droppable - first.seen) if lossy else frozenset()
    if dropped == first.dropped:
        return first
    return _plan(text, lines, starts, segs, name, dropped, qmark)


def _starts(lines: list[str]) -> list[int]:
    """The offset of each line (no Python step per line: a long text has few suspect ones)."""
    return list(accumulate(map((1).__add__, map(len, lines[:-1])), initial=0))


def _fit(res: Scan) -> tuple[int, int, int]:
    """How well an inner reading fits: fewest invalid bytes, then most Hangul (decoded, or
    among a lossy spot's candidates), then most sequences explained."""
    hangul = sum(
        1
        for p in res.pieces
        if (isinstance(p, Decoded) and is_hangul_syllable(p.char))
        or (isinstance(p, LossySpot) and any(is_hangul_syllable(c) for c in p.candidates))
    )
    return -res.bad, hangul, res.lossless + res.lossy


def _inner_filter(
    pieces: list[str | Decoded | LossySpot], inner: CodePage
) -> list[str | Decoded | LossySpot]:
    """Double mojibake, both layers lossy: the outer layer's lost-byte uncertainty is carried
    into the inner one.  A candidate of an outer spot must be a character the inner code page
    produces, and it must let the inner layer decode around it; when one candidate is left,
    the structure decided it (no model needed)."""

    def as_text(k: int, choice: str, width: int = 8) -> str:
        left: list[str] = []
        for p in reversed(pieces[max(0, k - width) : k]):
            left.insert(
                0,
                p[-3:]
                if isinstance(p, str)
                else p.char
                if isinstance(p, Decoded)
                else p.candidates[0],
            )
        right: list[str] = []
        for p in pieces[k + 1 : k + 1 + width]:
            right.append(
                p[:3]
                if isinstance(p, str)
                else p.char
                if isinstance(p, Decoded)
                else p.candidates[0]
            )
        return "".join(left) + choice + "".join(right)

    out = list(pieces)
    for k, p in enumerate(pieces):
        if not isinstance(p, LossySpot):
            continue
        cands = [c for c in p.candidates if c in inner.to_byte or c < "\x80"] or list(p.candidates)
        if len(cands) > 1:
            fit = {c: _fit(scan(as_text(k, c), inner, inner.droppable)) for c in cands}
            best = max(fit.values())
            cands = [c for c in cands if fit[c] == best]
        out[k] = LossySpot(p.before, p.start, tuple(cands))
    return out


def undo_layer(
    text: str, lossy: bool, model: Model | None = None, inner: CodePage | None = None
) -> Layer | None:
    segs = segments(text)
    if not segs:
        return None
    plan = choose(text, segs, lossy)
    if plan is None:
        return None
    applied = {segs[n].line for n in plan.scans if segs[n].kind == "prose"}
    if not applied:
        return None
    lines = text.split("\n")
    fenced = fenced_lines(lines)
    results = {
        n: r
        for n, r in plan.scans.items()
        if segs[n].kind == "prose" or code_gate(lines, fenced, segs[n], applied)
    }

    # the pieces of the whole text: literal text, decoded characters, lossy spots (offsets in text)
    pieces: list[str | Decoded | LossySpot] = []
    pos = 0
    for n in sorted(results):
        seg = segs[n]
        pieces.append(text[pos : seg.start])
        for p in results[n].pieces:
            if isinstance(p, str):
                pieces.append(p)
            elif isinstance(p, Decoded):
                pieces.append(Decoded(p.before, seg.start + p.start, p.char))
            else:
                pieces.append(LossySpot(p.before, seg.start + p.start, p.candidates))
        pos = seg.end
    pieces.append(text[pos:])

    if inner is not None:
        pieces = _inner_filter(pieces, inner)
    model_name = ""
    spots = [p for p in pieces if isinstance(p, LossySpot)]
    choices = []
    if any(len(p.candidates) > 1 for p in spots):
        from .korean import default_model
        from .resolve import resolve

        model = model or default_model()
        model_name = model.name
        choices = resolve(
            [
                p if isinstance(p, LossySpot) else p if isinstance(p, str) else p.char
                for p in pieces
            ],
            model,
        )
    if not choices:  # every spot decided by the structure
        from .choice import Choice

        choices = [Choice(p.candidates[0], 1.0, p.candidates) for p in spots]
    it = iter(choices)
    out: list[str] = []
    found: list[Found] = []
    out_len = 0
    for p in pieces:
        if isinstance(p, str):
            out.append(p)
            out_len += len(p)
            continue
        if isinstance(p, Decoded):
            last = found[-1] if found else None
            if last and last[6] == "lossless" and last[0] + len(last[2]) == p.start:
                found[-1] = (
                    last[0],
                    last[1],
                    last[2] + p.before,
                    last[3] + p.char,
                    1.0,
                    (),
                    "lossless",
                    True,
                )
            else:
                found.append((p.start, out_len, p.before, p.char, 1.0, (), "lossless", True))
            out.append(p.char)
            out_len += 1
            continue
        ch = next(it)
        kind = "replacement" if ("\ufffd" in p.before or "?" in p.before) else "lossy"
        written = ch.confidence >= CONFIDENCE_THRESHOLD
        shown = ch.char if written else p.before
        found.append(
            (p.start, out_len, p.before, ch.char, ch.confidence, ch.ranked[:5], kind, written)
        )
        out.append(shown)
        out_len += len(shown)
    result = "".join(out)
    if result == text:
        return None
    return Layer(result, plan.name, found, model_name)
