"""The Anki export's shortcuts give what the slower code they replace gave."""

from __future__ import annotations

import random

import genanki

from curriculum_tools.export.anki.model import _BASE91, note_guid


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
