"""Repair mojibake (lossless and lossy) and legacy encodings in Markdown text.

>>> repair_text("caf\u00c3\u00a9 au lait").text
'café au lait'
>>> repair_text("café au lait").changed
False

How it works (details in the modules of :mod:`curriculum_tools.encoding`):

1. Fast path: text without any "lead + continuation" pair of mojibake characters is clean.
2. The suspect lines are split into prose, inline code and fenced code.  Each code page of
   :data:`~curriculum_tools.encoding.codepages.CODEPAGES` reads the prose; the one under which
   most segments decode as valid UTF-8 wins (ties: the one whose undefined bytes never occur,
   i.e. were dropped).  A segment is repaired only when it decodes without any invalid or stray
   byte; code is repaired only beside repaired prose, so text that quotes mojibake in code spans
   stays as it is.
3. Broken sequences (bytes dropped, or replaced by ``?``/U+FFFD) become spots whose candidates
   :mod:`~curriculum_tools.encoding.resolve` ranks with a Korean language model and evidence from
   the document itself.  A second lossless layer (double mojibake) is undone the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .encoding.codepages import CODEPAGES, Decoded, LossySpot, Scan, codepage, scan, suspect_chars
from .encoding.korean import Model
from .encoding.legacy import EncodingError, decode

__all__ = [
    "CONFIDENCE_THRESHOLD",
    "EncodingError",
    "Repair",
    "Spot",
    "find_mojibake",
    "repair_bytes",
    "repair_text",
]

#: Reconstructions below this confidence are reported as uncertain.
CONFIDENCE_THRESHOLD = 0.9
_MAX_LAYERS = 2
#: Complete mojibake sequences a document must show before lone broken ones are repaired.
MIN_LOSSLESS_EVIDENCE = 3
_SAMPLE = 400  # prose segments read to choose the code page
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


@dataclass(frozen=True, slots=True)
class Spot:
    """One repaired place."""

    line: int  # 1-based line in the repaired text
    column: int  # 1-based column in the repaired text
    before: str  # the damaged text as found
    after: str  # what it became
    confidence: float  # 0..1
    candidates: tuple[str, ...] = ()  # alternatives of an uncertain reconstruction, best first
    kind: str = "lossless"  # "lossless" | "lossy" (bytes dropped) | "replacement" (? or U+FFFD)


@dataclass(frozen=True, slots=True)
class Repair:
    """The outcome of :func:`repair_text` / :func:`repair_bytes`."""

    text: str  # the repaired text (== input when nothing to do)
    encoding: str  # how the bytes were decoded: "utf-8", "utf-8-sig", "cp949", "utf-16", ...
    chain: tuple[str, ...]  # mojibake code pages undone, outermost last; () if none
    spots: tuple[Spot, ...]
    original: str = field(default="", repr=False, compare=False)  # the decoded input
    model: str = ""  # Korean model used for lossy spots ("" when none were needed)

    @property
    def changed(self) -> bool:
        """The text differs from the input, or the bytes were not plain UTF-8."""
        return self.text != self.original or self.encoding != "utf-8"

    @property
    def uncertain(self) -> tuple[Spot, ...]:
        """Spots below :data:`CONFIDENCE_THRESHOLD`."""
        return tuple(s for s in self.spots if s.confidence < CONFIDENCE_THRESHOLD)

    def describe(self) -> list[str]:
        """Human-readable report: what was found, then one line per uncertain spot.

        >>> repair_text("Gr\u00c3\u00bc\u00c3\u0178e").describe()
        ['mojibake cp1252: 1 spot repaired']
        """
        if not self.changed:
            return ["clean"]
        found = []
        if self.encoding != "utf-8":
            found.append(f"decoded from {self.encoding}")
        if self.chain:
            rebuilt = sum(1 for s in self.spots if s.kind != "lossless")
            what = f"mojibake {' + '.join(self.chain)}: {len(self.spots)} spot{'s' * (len(self.spots) != 1)} repaired"
            if rebuilt:
                what += f", {rebuilt} reconstructed, {len(self.uncertain)} uncertain"
            found.append(what)
        lines = ["; ".join(found)]
        for s in self.uncertain:
            alternatives = ", ".join(s.candidates[1:4])
            lines.append(
                f"line {s.line}:{s.column}: {s.before!r} -> {s.after!r} ({s.confidence:.2f}; or {alternatives})"
            )
        return lines


@cache
def _suspect() -> re.Pattern[str]:
    leads, conts = suspect_chars().split("\x00")
    return re.compile(f"[{re.escape(leads)}][{re.escape(conts)}\ufffd]")


@dataclass(slots=True)
class _Segment:
    start: int  # offset in the text
    end: int
    line: int  # 0-based line index
    kind: str  # "prose" | "inline" | "fence"
    block: tuple[int, int] = (0, 0)  # fence: first and last line index of the fenced block


def _segments(text: str) -> list[_Segment]:
    """Split the suspect lines into prose, inline-code and fenced-code segments."""
    out: list[_Segment] = []
    fence: str | None = None
    fenced: list[_Segment] = []  # segments of the open fence, to learn where it ends
    opened = 0
    offset = 0
    suspect = _suspect()
    lines = text.split("\n")
    for number, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        m = _FENCE.match(line)
        if fence is not None:
            closing = bool(m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence))
            if suspect.search(line):
                fenced.append(_Segment(start, start + len(line), number, "fence"))
            if closing and not line[m.end() :].strip() if m else False:
                fence = None
            if fence is None or number == len(lines) - 1:
                for seg in fenced:
                    seg.block = (opened, number)
                out.extend(fenced)
                fenced = []
            continue
        if m:
            fence, opened = m.group(1), number
        if not suspect.search(line):
            continue
        pos = 0
        for span in _CODE_SPAN.finditer(line):
            if span.start() > pos:
                out.append(_Segment(start + pos, start + span.start(), number, "prose"))
            out.append(_Segment(start + span.start(), start + span.end(), number, "inline"))
            pos = span.end()
        if pos < len(line):
            out.append(_Segment(start + pos, start + len(line), number, "prose"))
    return out


def _is_clearly_better(seg_text: str, res: Scan) -> bool:
    """A short Latin-only decoding must also look bad to ftfy before we touch it."""
    if res.lossless + res.lossy + res.bare > 2:
        return True
    decoded = [p.char for p in res.pieces if isinstance(p, Decoded)]
    if any(ord(c) >= 0x800 for c in decoded) or res.lossy:
        return True
    from ftfy.badness import is_bad

    return bool(is_bad(seg_text))


def _choose_codepage(
    text: str, segs: list[_Segment], lossy: bool
) -> tuple[str, frozenset[int], bool] | None:
    """The code page that explains most prose segments, its dropped bytes, and whether ``?``
    stands for lost bytes (tried only when bytes can be lost)."""
    best: tuple[tuple[int, int, int, int], str, bool, set[int]] | None = None
    sample = [seg for seg in segs if seg.kind == "prose"][:_SAMPLE]
    qmarks = (
        (False, True) if lossy and any("?" in text[s.start : s.end] for s in sample) else (False,)
    )
    for rank, name in enumerate(CODEPAGES):
        cp = codepage(name)
        dropped = cp.droppable if lossy else frozenset()
        for qmark in qmarks:
            score, seen, found = 0, set(), []
            for seg in sample:
                res = scan(text[seg.start : seg.end], cp, dropped, qmark)
                if res.damaged:
                    score += 2 * res.lossless + res.lossy
                    seen |= res.seen
                    found.append(res)
            if score == 0:
                continue
            # ties: when bytes were lost, the code page whose undefined bytes never occur
            tie = len(cp.undefined - seen) if any(r.lossy or r.bare for r in found) else 0
            key = (score, tie, -qmark, -rank)
            if best is None or key > best[0]:
                best = (key, name, qmark, seen)
    if best is None:
        return None
    _, name, qmark, seen = best
    return name, (codepage(name).droppable - seen) if lossy else frozenset(), qmark


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
    import bisect

    k = bisect.bisect_right(starts, offset) - 1
    return k + 1, offset - starts[k] + 1


# (offset in original, offset in repaired, before, after, confidence, candidates, kind)
_Found = tuple[int, int, str, str, float, tuple[str, ...], str]


@dataclass(slots=True)
class _Layer:
    text: str
    chain: str
    found: list[_Found]
    model: str


def _undo_layer(text: str, lossy: bool, model: Model | None = None) -> _Layer | None:
    segs = _segments(text)
    if not segs:
        return None
    chosen = _choose_codepage(text, segs, lossy)
    if chosen is None:
        return None
    name, dropped, qmark = chosen
    cp = codepage(name)
    results: dict[int, Scan] = {}
    applied_lines: set[int] = set()
    code: list[int] = []
    scans = [scan(text[seg.start : seg.end], cp, dropped, qmark) for seg in segs]
    evidence = sum(
        res.lossless
        for res, seg in zip(scans, segs, strict=True)
        if res.damaged and seg.kind == "prose"
    )
    for n, (seg, res) in enumerate(zip(segs, scans, strict=True)):
        if not res.damaged or not _is_clearly_better(text[seg.start : seg.end], res):
            continue
        if res.lossless == 0 and evidence < MIN_LOSSLESS_EVIDENCE:
            continue  # broken sequences alone are no proof: "café·" is not a lost character
        results[n] = res
        if seg.kind == "prose":
            applied_lines.add(seg.line)
        else:
            code.append(n)
    if not applied_lines:
        return None
    lines = text.split("\n")
    fenced = _fenced_lines(lines)
    for n in code:
        if not _code_gate(lines, fenced, segs[n], applied_lines):
            del results[n]

    # Assemble, remembering where every repaired piece lands.
    pieces: list[str | LossySpot] = []
    where: list[tuple[int, int, str, str, str]] = []  # orig offset, new offset, before, after, kind
    out_len = 0
    pos = 0
    for n, seg in enumerate(segs):
        if n not in results:
            continue
        res = results[n]
        pieces.append(text[pos : seg.start])
        out_len += seg.start - pos
        for p in res.pieces:
            if isinstance(p, str):
                pieces.append(p)
                out_len += len(p)
                continue
            orig = seg.start + p.start
            if isinstance(p, Decoded):
                pieces.append(p.char)
                where.append((orig, out_len, p.before, p.char, "lossless"))
            else:
                pieces.append(LossySpot(p.before, orig, p.candidates))
                kind = "replacement" if ("\ufffd" in p.before or "?" in p.before) else "lossy"
                where.append((orig, out_len, p.before, "", kind))
            out_len += 1
        pos = seg.end
    pieces.append(text[pos:])

    model_name = ""
    lossy_spots = [p for p in pieces if isinstance(p, LossySpot)]
    choices = []
    if lossy_spots:
        from .encoding.korean import default_model
        from .encoding.resolve import resolve

        model = model or default_model()
        model_name = model.name
        choices = resolve(pieces, model)
    it = iter(choices)
    out_parts = []
    for p in pieces:
        out_parts.append(p if isinstance(p, str) else next(it).char)
    it = iter(choices)
    found: list[_Found] = []
    for orig, new, before, after, kind in where:
        if kind == "lossless":
            # merge adjacent lossless characters into one spot
            if found and found[-1][6] == "lossless" and found[-1][0] + len(found[-1][2]) == orig:
                o, nw, b, a, c, cand, k = found[-1]
                found[-1] = (o, nw, b + before, a + after, c, cand, k)
                continue
            found.append((orig, new, before, after, 1.0, (), kind))
        else:
            ch = next(it)
            found.append((orig, new, before, ch.char, ch.confidence, ch.ranked[:5], kind))
    return _Layer("".join(out_parts), name, found, model_name)


def _fenced_lines(lines: list[str]) -> set[int]:
    out: set[int] = set()
    fence: str | None = None
    for number, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence is None:
            if m:
                fence = m.group(1)
                out.add(number)
            continue
        out.add(number)
        if (
            m
            and m.group(1)[0] == fence[0]
            and len(m.group(1)) >= len(fence)
            and not line[m.end() :].strip()
        ):
            fence = None
    return out


def _code_gate(lines: list[str], fenced: set[int], seg: _Segment, applied_lines: set[int]) -> bool:
    """Code is repaired only beside repaired prose: an inline span when its line or a line next to
    it was repaired; a fenced block when the nearest non-ASCII prose lines before and after it were."""
    if seg.kind == "inline":
        return bool({seg.line - 1, seg.line, seg.line + 1} & applied_lines)
    first, last = seg.block
    neighbours = []
    for rng in (range(first - 1, -1, -1), range(last + 1, len(lines))):
        for k in rng:
            if k not in fenced and not lines[k].isascii():
                neighbours.append(k)
                break
    return bool(neighbours) and all(k in applied_lines for k in neighbours)


def _map_back(layer: _Layer, start: int, end: int) -> tuple[int, int]:
    """The span of ``layer``'s input that became ``layer.text[start:end]`` (``start < end``)."""

    def back(x: int, inside: int) -> int:
        shift = 0
        for orig, new, before, after, *_ in layer.found:
            if new <= x < new + len(after):
                return orig if inside == 0 else orig + len(before)
            if new + len(after) > x:
                break
            shift = orig + len(before) - (new + len(after))
        return x + shift + inside

    return back(start, 0), back(end - 1, 1)


def _repair(text: str, model: Model | None) -> tuple[list[_Layer], list[tuple[int, Spot]]]:
    """All layers undone, and each spot (in the repaired text) with its offset in ``text``."""
    if not _suspect().search(text):
        return [], []
    current = text
    layers: list[_Layer] = []
    for depth in range(_MAX_LAYERS):
        layer = _undo_layer(current, lossy=depth == 0, model=model)
        if layer is None or layer.text == current:
            break
        layers.append(layer)
        current = layer.text
    if not layers:
        return [], []
    # Spots of the outermost layer undone last, traced back to the original text; with a double
    # chain, reconstructions of the inner layer are listed too (their columns are approximate).
    starts = _line_starts(current)
    spots: list[tuple[int, Spot]] = []
    last = layers[-1]
    for orig, new, before, after, conf, cands, kind in last.found:
        start, end = orig, orig + len(before)
        for layer in reversed(layers[:-1]):
            start, end = _map_back(layer, start, end)
        line, col = _line_col(starts, new)
        shown = cands if conf < CONFIDENCE_THRESHOLD else ()
        spots.append((start, Spot(line, col, text[start:end], after, conf, shown, kind)))
    for layer in layers[:-1]:
        for orig, new, before, after, conf, cands, kind in layer.found:
            if kind != "lossless":
                line, col = _line_col(starts, min(new, len(current)))
                shown = cands if conf < CONFIDENCE_THRESHOLD else ()
                spots.append((orig, Spot(line, col, before, after, conf, shown, kind)))
    return layers, spots


def repair_text(text: str, *, model: Model | None = None) -> Repair:
    """Repair mojibake in ``text`` (pure; see the module docstring).

    ``model`` ranks reconstructed Korean syllables; by default the best one installed
    (:func:`curriculum_tools.encoding.korean.default_model`).
    """
    layers, spots = _repair(text, model)
    if not layers:
        return Repair(text, "utf-8", (), (), original=text)
    chain = tuple(layer.chain for layer in reversed(layers))
    ordered = tuple(spot for _, spot in sorted(spots, key=lambda s: (s[1].line, s[1].column)))
    return Repair(layers[-1].text, "utf-8", chain, ordered, original=text, model=layers[0].model)


def repair_bytes(data: bytes) -> Repair:
    """Decode ``data`` (BOM, UTF-16, CP949/EUC-KR or UTF-8), then :func:`repair_text`.

    Raises :class:`EncodingError` for binary or undecodable input.
    """
    text, encoding = decode(data)
    res = repair_text(text)
    if encoding == "utf-8":
        return res
    return Repair(res.text, encoding, res.chain, res.spots, original=res.original, model=res.model)


def find_mojibake(text: str) -> list[Spot]:
    """Damaged places with their line and column in ``text`` itself (for the linter)."""
    _, spots = _repair(text, None)
    starts = _line_starts(text)
    out = []
    for orig, spot in sorted(spots, key=lambda s: s[0]):
        line, col = _line_col(starts, orig)
        out.append(
            Spot(line, col, spot.before, spot.after, spot.confidence, spot.candidates, spot.kind)
        )
    return out
