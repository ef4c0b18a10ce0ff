"""Repair mojibake (lossless and lossy) and legacy encodings in Markdown text.

>>> repair_text("caf\u00c3\u00a9 au lait").text
'café au lait'
>>> repair_text("café au lait").changed
False

How it works (details in the modules of :mod:`curriculum_tools.encoding`):

1. Fast path: text without any "lead + continuation" pair of mojibake characters (found in its
   UTF-8 bytes, :mod:`~curriculum_tools.encoding.fastpath`; English prose on the str itself),
   U+FFFD, a ``?`` next to a rare syllable or a CP949 symbol, or the Hanja pair of UTF-8 read as
   CP949 is clean.
2. The suspect lines are split into prose, inline code and fenced code
   (:mod:`~curriculum_tools.encoding.segments`).  Each code page of
   :data:`~curriculum_tools.encoding.codepages.CODEPAGES` reads them, and every word holding a
   decoded sequence is judged (:mod:`~curriculum_tools.encoding.evidence`): it is repaired only
   when the input looks broken, the output is plausible text in a script the document uses, it
   is not a quotation (in quotes, or next to its correct form) and it is long enough.  The code
   page with the most evidence wins; MacRoman and other rare pages need overwhelming evidence
   (:mod:`~curriculum_tools.encoding.layer`).  Code is repaired only beside repaired prose.
3. Broken sequences (bytes dropped, or replaced by ``?``/U+FFFD) become spots whose candidates
   :mod:`~curriculum_tools.encoding.resolve` ranks with a Korean language model and evidence from
   the document itself.  A reconstruction below :data:`CONFIDENCE_THRESHOLD` is never written:
   it stays as found and is reported as uncertain with its candidates.  A second lossless
   layer (double mojibake) is undone the same way.  Everything outside repaired words, and a
   byte order mark, stay byte for byte.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .encoding.codepages import codepage
from .encoding.fastpath import (
    has_cp949_pair,
    has_latin1_pair,
    has_pair,
    has_rare_qmark,
    prose_only,
    utf8,
)
from .encoding.korean import Model
from .encoding.layer import CONFIDENCE_THRESHOLD, MIN_EVIDENCE, Layer, undo_layer
from .encoding.legacy import EncodingError, decode
from .encoding.segments import suspect
from .text import HANGUL_SYLLABLE_RE

__all__ = [
    "CONFIDENCE_THRESHOLD",
    "MIN_EVIDENCE",
    "EncodingError",
    "Repair",
    "Spot",
    "find_mojibake",
    "repair_bytes",
    "repair_text",
]

_MAX_LAYERS = 2
_INNER_PAGES = ("cp1252", "cp1254", "latin-1")  # inner layers tried under a lossy outer one


def _hangul_count(text: str) -> int:
    """Common Hangul syllables minus rare ones: how much of ``text`` reads as Korean."""
    from .encoding.doublebyte import syllable_set

    table = syllable_set()
    return sum(1 if c in table else -1 for c in HANGUL_SYLLABLE_RE.findall(text))


def _maybe_double_byte(text: str, data: bytes) -> bool:
    """What the Korean double-byte families leave: Latin-1 pairs, U+FFFD, ``?`` next to Hanja
    or a Hangul syllable that Korean text hardly ever uses (UTF-8 read as CP949 is full of them),
    or the Hanja pair every line of UTF-8 read as CP949 holds (:func:`.fastpath.cp949_gate`).
    Clean Korean text shows none of it, so it stays on the fast path.  ``data``: ``text`` as
    UTF-8, where U+0080..U+00FF start with C2 or C3 and U+FFFD with EF (memchr)."""
    if (0xEF in data and "\ufffd" in text) or has_latin1_pair(data):
        return True
    return has_rare_qmark(text) or has_cp949_pair(data)


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
    written: bool = True  # False: below the confidence threshold, the damaged text was kept


@dataclass(frozen=True, slots=True)
class Repair:
    """The outcome of :func:`repair_text` / :func:`repair_bytes`."""

    text: str  # the repaired text (== input when nothing to do)
    encoding: str  # how the bytes were decoded: "utf-8", "utf-8-sig", "cp949", "utf-16", ...
    chain: tuple[str, ...]  # mojibake code pages undone, outermost last; () if none
    spots: tuple[Spot, ...]
    original: str = field(default="", repr=False, compare=False)  # the decoded input
    model: str = ""  # Korean model used for lossy spots ("" when none were needed)
    unrecoverable: str = ""  # why the text cannot be repaired (CP949 read as UTF-8), else ""

    @property
    def changed(self) -> bool:
        """The text differs from the input, or the bytes were not UTF-8 (with or without BOM)."""
        return self.text != self.original or self.encoding not in ("utf-8", "utf-8-sig")

    @property
    def data(self) -> bytes:
        """The repaired text as UTF-8; a byte order mark the input had is kept."""
        bom = b"\xef\xbb\xbf" if self.encoding == "utf-8-sig" else b""
        return bom + self.text.encode("utf-8")

    @property
    def uncertain(self) -> tuple[Spot, ...]:
        """Spots below :data:`CONFIDENCE_THRESHOLD`: reported, not written."""
        return tuple(s for s in self.spots if not s.written)

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


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
    k = bisect.bisect_right(starts, offset) - 1
    return k + 1, offset - starts[k] + 1


def _shown(found: tuple[object, ...]) -> int:
    """Characters a found spot occupies in the layer's output."""
    before, after, written = found[2], found[3], found[7]
    assert isinstance(before, str) and isinstance(after, str)
    return len(after) if written else len(before)


def _map_back(layer: Layer, start: int, end: int) -> tuple[int, int]:
    """The span of ``layer``'s input that became ``layer.text[start:end]`` (``start < end``)."""

    def back(x: int, inside: int) -> int:
        shift = 0
        for f in layer.found:
            orig, new, before = f[0], f[1], f[2]
            size = _shown(f)
            if new <= x < new + size:
                return orig if inside == 0 else orig + len(before)
            if new + size > x:
                break
            shift = orig + len(before) - (new + size)
        return x + shift + inside

    return back(start, 0), back(end - 1, 1)


def _fast_path(text: str, data: bytes | None = None) -> bool | None:
    """The fast path: ``None`` when ``text`` is clean, else whether it holds a gate pair
    (:mod:`~curriculum_tools.encoding.fastpath`; ``data``: ``text`` as UTF-8, when at hand)."""
    return _gate(text, data)[0]


def _gate(text: str, data: bytes | None) -> tuple[bool | None, bytes]:
    """:func:`_fast_path`, and ``text`` as UTF-8 (``b""`` when clean without encoding it)."""
    if text.isascii():
        return None, b""  # every family of damage leaves non-ASCII characters
    if data is None:
        if prose_only(text):
            return None, b""  # English prose, proven on the str without encoding it
        data = utf8(text)
    gated = has_pair(data)
    # U+FFFD is EF BF BD: without a byte EF (memchr) no need to look for it in the text
    if gated or (0xEF in data and "\ufffd" in text) or has_rare_qmark(text):
        return gated, data
    if has_cp949_pair(data):
        return False, data  # UTF-8 read as CP949 without a replacement (words of even length)
    return None, data  # memchr over the bytes, and jumps from ? to ?


def _repair(
    text: str, model: Model | None, data: bytes, gated: bool
) -> tuple[list[Layer], list[tuple[int, Spot]]]:
    """All layers undone, and each spot (in the repaired text) with its offset in ``text``, for
    a text the fast path let through (``gated``: it holds a gate pair); ``data`` is ``text`` as
    UTF-8."""
    current = text
    layers: list[Layer] = []
    if gated:  # undo_layer finds the suspect lines (a suspect pair is a gate pair too)
        for _ in range(_MAX_LAYERS):
            layer = undo_layer(current, lossy=True, model=model)
            if layer is None or layer.text == current:
                break
            layers.append(layer)
            current = layer.text
        if layers and any(f[6] != "lossless" for f in layers[0].found):
            # the outer layer lost bytes and there may be an inner one: undo the outer layer
            # again, its lost bytes constrained by the inner layer, then the inner one
            inners = [layers[1].chain] if len(layers) == 2 else list(_INNER_PAGES)
            for name in inners if suspect().search(layers[0].text) else ():
                outer = undo_layer(text, lossy=True, model=model, inner=codepage(name))
                again = undo_layer(outer.text, lossy=True, model=model) if outer else None
                if outer is not None and again is not None:
                    layers, current = [outer, again], again.text
                    break
    if _maybe_double_byte(text, data):
        from .encoding.families import undo_family

        family = undo_family(text, model)
        # both readings can find evidence (CP949 read as Latin-1 holds UTF-8-looking pairs):
        # the one that explains more of the text as ordinary Hangul wins
        if family is not None and (
            not layers or _hangul_count(family.text) > _hangul_count(current)
        ):
            layers, current = [family], family.text
    if not layers:
        return [], []
    # Spots of the outermost layer undone last, traced back to the original text; with a double
    # chain, reconstructions of the inner layer are listed too (their columns are approximate).
    starts = _line_starts(current)
    spots: list[tuple[int, Spot]] = []
    last = layers[-1]
    for orig, new, before, after, conf, cands, kind, written in last.found:
        start, end = orig, orig + len(before)
        for layer in reversed(layers[:-1]):
            start, end = _map_back(layer, start, end)
        line, col = _line_col(starts, new)
        shown = cands if not written else ()
        spots.append((start, Spot(line, col, text[start:end], after, conf, shown, kind, written)))
    for layer in layers[:-1]:
        for orig, new, before, after, conf, cands, kind, written in layer.found:
            if kind != "lossless":
                line, col = _line_col(starts, min(new, len(current)))
                shown = cands if not written else ()
                spots.append((orig, Spot(line, col, before, after, conf, shown, kind, written)))
    return layers, spots


def repair_text(text: str, *, model: Model | None = None) -> Repair:
    """Repair mojibake in ``text`` (pure; see the module docstring).

    ``model`` ranks reconstructed Korean syllables; by default the best one installed
    (:func:`curriculum_tools.encoding.korean.default_model`).
    """
    return _repair_text(text, model, None, "utf-8")


def repair_bytes(data: bytes) -> Repair:
    """Decode ``data`` (BOM, UTF-16, CP949/EUC-KR or UTF-8), then :func:`repair_text`.

    Raises :class:`EncodingError` for binary or undecodable input.
    """
    text, encoding = decode(data)
    # the fast path reads UTF-8 bytes: those of a UTF-8 file are at hand, never encoded again
    same = data if encoding == "utf-8" else data[3:] if encoding == "utf-8-sig" else None
    return _repair_text(text, None, same, encoding)


def _repair_text(text: str, model: Model | None, data: bytes | None, encoding: str) -> Repair:
    gated, data = _gate(text, data)
    if gated is None:
        return _unchanged(text, encoding, "")
    layers, spots = _repair(text, model, data, gated)
    if not layers:
        lost = ""
        if "\ufffd" in text:
            from .encoding.doublebyte import unrecoverable

            lost = unrecoverable(text) or ""
        return _unchanged(text, encoding, lost)
    chain = tuple(layer.chain for layer in reversed(layers))
    ordered = tuple(spot for _, spot in sorted(spots, key=lambda s: (s[1].line, s[1].column)))
    return Repair(layers[-1].text, encoding, chain, ordered, original=text, model=layers[0].model)


# The slots of Repair, set directly: on the fast path the dataclass's frozen __init__ (a generic
# object.__setattr__ per field) cost as much as scanning a short page.
_TEXT, _ENCODING, _CHAIN, _SPOTS, _ORIGINAL, _MODEL, _LOST = (
    getattr(Repair, name).__set__
    for name in ("text", "encoding", "chain", "spots", "original", "model", "unrecoverable")
)


def _unchanged(text: str, encoding: str, unrecoverable: str) -> Repair:
    """``Repair(text, encoding, (), (), original=text, unrecoverable=unrecoverable)``, faster."""
    res: Repair = object.__new__(Repair)
    _TEXT(res, text)
    _ENCODING(res, encoding)
    _CHAIN(res, ())
    _SPOTS(res, ())
    _ORIGINAL(res, text)
    _MODEL(res, "")
    _LOST(res, unrecoverable)
    return res


def find_mojibake(text: str) -> list[Spot]:
    """Damaged places with their line and column in ``text`` itself (for the linter)."""
    gated, data = _gate(text, None)
    _, spots = ([], []) if gated is None else _repair(text, None, data, gated)
    starts = _line_starts(text)
    out = []
    for orig, spot in sorted(spots, key=lambda s: s[0]):
        line, col = _line_col(starts, orig)
        out.append(
            Spot(
                line,
                col,
                spot.before,
                spot.after,
                spot.confidence,
                spot.candidates,
                spot.kind,
                spot.written,
            )
        )
    return out
