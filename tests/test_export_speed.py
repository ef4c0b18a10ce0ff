"""The exports' shortcuts give what the slower code they replace gave."""

from __future__ import annotations

import itertools
import random
import re
import sqlite3
import unicodedata
from pathlib import Path

import genanki
import pytest

from curriculum_tools.export import make_env
from curriculum_tools.export.anki.model import (
    _BASE91,
    CARD_KINDS,
    JINJA_OPTIONS,
    NOTE_TYPES,
    deck_id,
    mojibake_in,
    note_guid,
)
from curriculum_tools.export.anki.package import _write_package, build_note_types, note_class
from curriculum_tools.export.latex.escape import (
    _BREAK_AFTER,
    _CHUNK,
    _LONG_RUN,
    _comment_safe,
    latex_escape,
    latex_text,
)
from curriculum_tools.parse import github_slug, parse_text


def test_base91_digits_are_genankis() -> None:
    assert list(_BASE91) == genanki.util.BASE91_TABLE


def test_note_guid_is_genankis_guid_for() -> None:
    rng = random.Random(12)
    alphabet = "ab 한글_-/:~\u2060é0"
    for n in range(3000):
        values = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(5)
        ]
        kind = ("section", "term", "cloze", "quiz", "bilingual")[n % 5]
        doc_id, lang, section, _, key = values
        expected = genanki.guid_for("ctools", doc_id, lang, section, kind, key)
        assert note_guid(doc_id, lang, section, kind, key) == expected


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def test_batched_package_writes_genankis_rows(tmp_path: Path) -> None:
    """Notes of every kind (a cloze with two deletions: two cards) in two decks, written by
    genanki note by note and by ctools in batches: every row of every table is the same."""
    models = build_note_types(make_env("anki", None, **JINJA_OPTIONS))
    decks = [genanki.Deck(deck_id(name), name) for name in ("C::a", "C::b")]
    for n in range(40):
        kind = CARD_KINDS[n % len(CARD_KINDS)]
        size = len(NOTE_TYPES[kind].fields)
        fields = [f"<p>{kind} {n} field {k}</p>" for k in range(size)]
        if kind == "cloze":
            fields[0] = f"{{{{c1::term {n}}}}} is {{{{c2::defined}}}}"
        note = note_class()(
            model=models[kind], fields=fields, guid=f"g{n}", tags=["ctools", f"kind::{kind}"]
        )
        decks[n % 2].add_note(note)
    written = {}
    for name, write in (("genanki", None), ("ctools", _write_package)):
        conn = sqlite3.connect(tmp_path / f"{name}.anki2")
        package = genanki.Package(decks)
        if write is None:
            package.write_to_db(conn.cursor(), 1_700_000_000.5, itertools.count(1_700_000_000_500))
        else:
            write(package, conn.cursor(), 1_700_000_000.5, itertools.count(1_700_000_000_500))
        conn.commit()
        conn.close()
        written[name] = _rows(tmp_path / f"{name}.anki2")
    assert written["ctools"] == written["genanki"]
    assert len(written["ctools"]["cards"]) > len(written["ctools"]["notes"]) == 40


@pytest.mark.parametrize(
    "text",
    [
        "# T\n\nbad \ufffd char\n",
        "# T\n\nbad &#0; char\n",  # the parser decodes it to U+FFFD
        "# T\n\nbad &#xFFFD; char\n",
        "# T &#65533;\n\ntext\n",
        "# T\n\nbad \x00 char\n",  # the parser writes a NUL as U+FFFD
    ],
)
def test_every_replacement_character_in_the_prose_is_found(text: str) -> None:
    """:func:`mojibake_in` skips its scan of the prose when the text holds no U+FFFD, entity
    or NUL: each way the parser can still make one is found."""
    assert mojibake_in(parse_text(text)) is not None


def test_clean_text_has_no_damaged_spot() -> None:
    assert mojibake_in(parse_text("# T &amp; U\n\nfine text\n")) is None
    assert mojibake_in(parse_text("# T\n\nfine text\n")) is None


def _slug_by_loop(text: str) -> str:
    """GitHub's slug, character by character (what :func:`github_slug` computed before)."""
    out = []
    for char in text.lower():
        if char == " ":
            out.append("-")
        elif char == "-" or char == "_" or unicodedata.category(char)[0] in "LMN":
            out.append(char)
    return "".join(out)


def test_slug_table_gives_the_slug_of_the_character_loop() -> None:
    rng = random.Random(5)
    planes = [(0x20, 0x7F), (0xA0, 0x2FF), (0x300, 0x36F), (0x370, 0x52F), (0x1100, 0x11FF),
              (0x2000, 0x206F), (0x3000, 0x30FF), (0xAC00, 0xD7A3), (0xFF00, 0xFFEF),
              (0x1F300, 0x1F6FF), (0x10000, 0x10FFFF)]  # fmt: skip
    for _ in range(3000):
        text = "".join(
            chr(rng.randint(*rng.choice(planes))) for _ in range(rng.randint(0, 20))
        ).replace("\ud800", "")
        text += rng.choice(["", " İ", " ǅ", "  -_"])
        assert github_slug(text) == _slug_by_loop(text), repr(text)


def test_comment_table_gives_the_loops_comment_text() -> None:
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(
            chr(rng.choice([rng.randint(0, 0x2FF), rng.randint(0, 0x10FFFF)]))
            for _ in range(rng.randint(0, 20))
        )
        by_loop = "".join("?" if unicodedata.category(c)[0] == "C" else c for c in text)
        assert _comment_safe(text) == by_loop, repr(text)


def _latex_text_by_parts(text: str, long_run: int = _LONG_RUN, chunk: int = _CHUNK) -> str:
    """:func:`latex_text` as it was: split at spaces first, always."""
    parts = re.split(r"(\s+)", text)
    if max(map(len, parts)) <= long_run:
        return latex_escape(text)
    out: list[str] = []
    for part in parts:
        if len(part) <= long_run or part.isspace():
            out.append(latex_escape(part))
            continue
        pieces: list[str] = []
        start = run = 0
        for i, char in enumerate(part):
            run += 1
            if char in _BREAK_AFTER or run >= chunk:
                if i + 1 < len(part):
                    pieces.append(part[start : i + 1])
                    start = i + 1
                run = 0
        pieces.append(part[start:])
        out.append(r"\allowbreak{}".join(latex_escape(piece) for piece in pieces))
    return "".join(out)


def test_latex_text_without_long_runs_is_escaped_in_one_pass() -> None:
    rng = random.Random(3)
    pieces = ["a", "word", " ", "   ", "\t", "\n", "%", "\\", "{", "}", "^^", "~", "#", "_", "&",
              "$", "é", "한", "/", "https://example.com/a/b", "x" * 30, " " * 26]  # fmt: skip
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert latex_text(text) == _latex_text_by_parts(text), repr(text)
