"""The prior of a non-Hangul candidate for a lost character (punctuation, symbols, emoji,
letters): common typographic characters first, format controls last, a bonus for the Unicode
block of intact characters nearby and for a box-drawing weight or an emoji sequence that
matches its neighbours, quotation marks that pair up (:mod:`.resolve` ranks the Hangul)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache
from importlib import resources

from ..text import is_hangul_syllable

HANGUL_HOLE = "\x00"  # as context.HOLE
OTHER_HOLE = "\x01"
SYMBOL_WEIGHT = 0.3  # weight of the symbol frequency prior (ln share, symbols.tsv)

COMMON = "”“’‘—–…·•→←↔⇒※★☆○●■□△▲▼◆◇✓✔✗✅❌①②③④⑤「」『』《》〈〉【】、。·"
# Symbols by 128-code-point block: arrows, box drawing and shapes (technical text), then emoji
# and dingbats; everything else (mahjong tiles, dominoes, cards...) stays at -4.
_SYMBOL_TIERS = {
    0x2190 >> 7: -1.0,  # arrows, mathematical operators
    0x2200 >> 7: -1.0,
    0x2500 >> 7: -1.0,  # box drawing, block elements, geometric shapes
    0x2580 >> 7: -1.0,
    **{b: -1.5 for b in range(0x1F300 >> 7, (0x1FAFF >> 7) + 1)},  # pictographs, emoticons
    0x2600 >> 7: -2.0,  # miscellaneous symbols, dingbats
    0x2680 >> 7: -2.0,
    0x2700 >> 7: -2.0,
    0x2780 >> 7: -2.0,
}
OPENING = {"“": "”", "‘": "’"}
CLOSING = {v: k for k, v in OPENING.items()}


def prior(ch: str, line: str, at: int, blocks: set[int]) -> float:
    """Log prior of a non-Hangul candidate ``ch`` placed at ``at`` in ``line``; ``blocks`` are the
    128-code-point blocks of the non-ASCII characters found intact nearby."""
    cat = unicodedata.category(ch)
    score = -4.0
    left = line[at - 1] if at > 0 else ""
    right = line[at + 1] if at + 1 < len(line) else ""
    symbol = {"So", HOLE_CATEGORY}
    if ch == "\ufe0f" and _category(left) in symbol:
        return 6.0  # emoji presentation selector right after a symbol
    if ch == "\u200d" and _category(left) in symbol and _category(right) in symbol:
        return 6.0  # zero width joiner between two emoji
    if ch in COMMON:
        score = -0.05 * COMMON.index(ch)
    elif cat in ("Cf", "Zs", "Zl", "Zp", "Mn", "Me"):
        score = -9.0
    elif ch.isalpha():
        score = -3.0
        if (left.isalpha() and left.islower() == ch.islower()) or (
            right.isalpha() and right.islower() == ch.islower()
        ):
            score += 1.0
    elif cat in ("So", "Sm", "Sk"):
        score = _SYMBOL_TIERS.get(ord(ch) >> 7, -4.0)
        freq, text_default = _symbol_table().get(ch, (None, False))
        if freq is not None:
            score += SYMBOL_WEIGHT * (freq - _symbol_floor())
        if right == "\ufe0f":  # only text-default emoji take the emoji presentation selector
            score += 3.0 if text_default else -3.0
        if 0x2500 <= ord(ch) < 0x2580:
            score += _box_style(ch, left, right)
    if ord(ch) >> 7 in blocks:
        score += 2.5  # e.g. box drawing beside box drawing
    if ch in OPENING or ch in CLOSING:
        opener = ch if ch in OPENING else CLOSING[ch]
        unmatched = line[:at].count(opener) - line[:at].count(OPENING[opener]) > 0
        if (ch in CLOSING) == unmatched:
            score += 3.0
        else:
            score -= 3.0
    return score


_BOX_STYLES = ("LIGHT", "HEAVY", "DOUBLE")


def _box_style(ch: str, left: str, right: str) -> float:
    """Box drawing joins lines of one weight: a candidate whose weight (light, heavy, double)
    matches a box drawing neighbour on the line scores higher."""
    styles = {w for w in _BOX_STYLES if w in unicodedata.name(ch, "").split()}
    bonus = 0.0
    for near in (left, right):
        if near and 0x2500 <= ord(near) < 0x2580:
            near_styles = {w for w in _BOX_STYLES if w in unicodedata.name(near, "").split()}
            bonus += 1.5 if styles & near_styles else -1.5
    return bonus


@cache
def _symbol_table() -> dict[str, tuple[float | None, bool]]:
    """Symbol -> (ln share among symbols or None when unseen, takes U+FE0F)."""
    table: dict[str, tuple[float | None, bool]] = {}
    data = resources.files(__package__).joinpath("symbols.tsv").read_text(encoding="utf-8")
    for line in data.splitlines():
        if line and not line.startswith("#"):
            sym, cost, flag = line.split("\t")
            table[sym] = (-int(cost) / 10 if cost else None, flag == "1")
    return table


@cache
def _symbol_floor() -> float:
    """ln share given to symbols the table never saw: a little below the rarest seen one."""
    return min(f for f, _ in _symbol_table().values() if f is not None) - 1.0


HOLE_CATEGORY = "hole"


def _category(ch: str) -> str:
    if not ch:
        return ""
    return HOLE_CATEGORY if ch in (HANGUL_HOLE, OTHER_HOLE) else unicodedata.category(ch)


def other_scores(base: str, seen: str, off: int, cands: Sequence[str]) -> list[float]:
    """The log prior of each candidate of a non-Hangul spot at ``off``: its line as ``seen``
    (other spots filled or not), the blocks of the characters intact nearby in ``base``."""
    line_start = base.rfind("\n", 0, off) + 1
    line_end = base.find("\n", off)
    line = seen[line_start : len(base) if line_end < 0 else line_end]
    line = line[: off - line_start] + OTHER_HOLE + line[off - line_start + 1 :]
    near_start = line_start
    for _ in range(2):
        near_start = base.rfind("\n", 0, max(near_start - 1, 0)) + 1
    near_end = off
    for _ in range(3):
        near_end = base.find("\n", near_end + 1)
        if near_end < 0:
            near_end = len(base)
            break
    blocks = {
        ord(c) >> 7 for c in base[near_start:near_end] if c > "\x7f" and not is_hangul_syllable(c)
    }
    return [prior(c, line, off - line_start, blocks) for c in cands]
