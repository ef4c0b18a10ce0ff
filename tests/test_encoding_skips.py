"""The repair's scans skip what cannot matter (issue 13: clean text, also the real pages quoting
Cyrillic that leave the fast path, must stay cheap), and answer exactly as the loops they
replaced, kept here as the reference: :func:`segments` finds the suspect lines with one scan of
the text instead of one per line, and :func:`scan` jumps over characters a code page neither
made nor rules out instead of stepping over each.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum_tools.encoding.codepages import (
    CODEPAGES,
    PLACEHOLDER,
    CodePage,
    Decoded,
    LossySpot,
    Scan,
    acceptable,
    candidates,
    codepage,
    scan,
    seq_len,
)
from curriculum_tools.encoding.segments import _CODE_SPAN, FENCE, Segment, segments, suspect

from .conftest import ROOT

SHARED = ROOT.parent / "shared", ROOT.parent.parent / "shared"


def reference_segments(text: str) -> list[Segment]:
    """:func:`segments` as it was: every line split out and looked at."""
    out: list[Segment] = []
    fence: str | None = None
    fenced: list[Segment] = []
    opened = offset = 0
    lines = text.split("\n")
    for number, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        m = FENCE.match(line)
        if fence is not None:
            closing = bool(m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence))
            if suspect().search(line):
                fenced.append(Segment(start, start + len(line), number, "fence"))
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
        if not suspect().search(line):
            continue
        pos = 0
        for span in _CODE_SPAN.finditer(line):
            if span.start() > pos:
                out.append(Segment(start + pos, start + span.start(), number, "prose"))
            out.append(Segment(start + span.start(), start + span.end(), number, "inline"))
            pos = span.end()
        if pos < len(line):
            out.append(Segment(start + pos, start + len(line), number, "prose"))
    return out


def reference_scan(
    text: str, cp: CodePage, dropped: frozenset[int], qmark: bool, give_up: bool
) -> Scan:
    """:func:`scan` as it was: one step per character."""
    res = Scan()
    n, literal_from, i = len(text), 0, 0

    def byte_at(k: int) -> int | None:
        return ord(text[k]) if text[k] < "\x80" else cp.to_byte.get(text[k])

    while i < n and not (give_up and res.bad):
        b = byte_at(i)
        if b is None or b < 0x80:
            if b is None and "\x80" <= text[i] <= "\u052f":
                res.bad += 1
            i += 1
            continue
        need = seq_len(b)
        if need == 0:
            res.bad += 1
            i += 1
            continue
        got: list[int] = []
        j = i + 1
        while len(got) < need - 1 and j < n:
            c = byte_at(j)
            if c is not None and 0x80 <= c <= 0xBF:
                got.append(c)
            elif text[j] == "\ufffd" or (qmark and text[j] == "?"):
                got.append(PLACEHOLDER)
            else:
                break
            j += 1
        if len(got) == need - 1 and PLACEHOLDER not in got:
            try:
                ch = bytes([b, *got]).decode("utf-8")
            except UnicodeDecodeError:
                res.bad += 1
                i += 1
                continue
            if not (acceptable(ch) or "\x80" <= ch <= "\x9f"):
                res.bad += 1
                i += 1
                continue
            res.pieces += [text[literal_from:i], Decoded(text[i:j], i, ch)]
            res.lossless += 1
        else:
            cands = candidates(b, got, need, dropped)
            if not cands:
                res.bad += 1
                i += 1
                continue
            res.pieces += [text[literal_from:i], LossySpot(text[i:j], i, cands)]
            res.lossy, res.bare = res.lossy + bool(got), res.bare + (not got)
        res.seen.update(g for g in got if g != PLACEHOLDER)
        literal_from = i = j
    res.pieces.append(text[literal_from:])
    return res


_ATOMS = [
    *("```", "~~~", "````", " ```", "    ```", "```rust", "``` x", "`", "``", "`code Ã© `"),
    *("\n", "\n", "\r\n", " ", "a", "word", "?", "\ufffd", "Ã©", "Ã", "©", "â€™", "â€", "ì•ˆ"),
    *("í•œ", "ê¸€", "é", "д”", "аї", "Ð", "ï¬", "\x81", "\x9d", "한글", "中", "’", "“", "…"),
]


def _markdown() -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(_ATOMS), st.characters()), max_size=30).map("".join)


def _key(segs: list[Segment]) -> list[tuple[int, int, int, str, tuple[int, int]]]:
    return [(s.start, s.end, s.line, s.kind, s.block) for s in segs]


@settings(max_examples=3000, deadline=None)
@given(_markdown())
def test_segments_answer_as_the_line_by_line_split(text: str) -> None:
    assert _key(segments(text)) == _key(reference_segments(text))


def test_segments_of_real_pages_answer_as_the_line_by_line_split() -> None:
    pages = [p for root in SHARED if root.is_dir() for p in (root / "corpora").rglob("*.md")]
    pages += sorted((ROOT / "tests" / "fixtures").rglob("*.md"))
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert _key(segments(text)) == _key(reference_segments(text)), path


def _fields(res: Scan) -> tuple[object, ...]:
    return (res.pieces, res.lossless, res.lossy, res.bare, res.bad, res.seen)


@settings(max_examples=1500, deadline=None)
@given(_markdown(), st.sampled_from(CODEPAGES), st.booleans(), st.booleans())
def test_scan_answers_as_the_step_by_step_loop(
    text: str, name: str, qmark: bool, give_up: bool
) -> None:
    cp = codepage(name)
    for dropped in (frozenset(), cp.droppable):
        got = scan(text, cp, dropped, qmark, give_up)
        assert _fields(got) == _fields(reference_scan(text, cp, dropped, qmark, give_up))
