"""The term base: English terms, their Korean renderings with counts and places, provenance.

A rendering is identified by its letters without spaces, so ``셀프 어텐션`` and ``셀프어텐션``
are one rendering written in two *forms*. The *accepted* rendering of a term is the user
glossary's when it names one; otherwise the course's **clear majority**: the most used
rendering, with at least ``min_uses`` places and at least ``majority`` (0.66, two thirds, by default) of
all the places that use any rendering of the term. Without a clear majority a term has no
accepted rendering and nothing is reported about it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .match import squash, term_words, text_words

MIN_USES = 3
MAJORITY = 0.66


@dataclass(frozen=True, slots=True)
class Location:
    """A place where a rendering is used or stated (the Korean side's file and line)."""

    path: Path
    line: int
    kind: str
    """``gloss``, ``heading``, ``bold`` (stated there), ``aligned`` (used in an aligned
    segment whose English has the term) or ``user`` (the user glossary)."""


@dataclass(slots=True)
class Rendering:
    """One Korean rendering of a term, in every spacing it was written with."""

    forms: Counter[str] = field(default_factory=Counter)
    """Each way of writing it (spacing) and how often."""
    locations: dict[tuple[Path, int], Location] = field(default_factory=dict)
    """Where it is used, one entry per Korean line."""
    user_form: str = ""
    """The spelling the user glossary gives (empty: not named there)."""

    _text: str | None = None

    @property
    def text(self) -> str:
        """The usual form: the user's, else the most frequent spelling (first seen on a tie)."""
        if self.user_form:
            return self.user_form
        if self._text is None:
            self._text = self.forms.most_common(1)[0][0] if self.forms else ""
        return self._text

    _count: int | None = None

    @property
    def count(self) -> int:
        """Places (Korean lines) using it; user glossary entries are not counted."""
        if self._count is None:
            self._count = sum(1 for loc in self.locations.values() if loc.kind != "user")
        return self._count

    def add(self, form: str, location: Location) -> None:
        """Record one use (a Korean line counts once, whatever it says twice)."""
        where = (location.path, location.line)
        if where not in self.locations:
            self._text = self._count = None
            self.forms[form] += 1
            self.locations[where] = location

    def mark_user(self, location: Location) -> None:
        """Record the user glossary entry naming this rendering (not counted as a use)."""
        self.locations.setdefault((location.path, location.line), location)

    @property
    def user(self) -> bool:
        return bool(self.user_form)

    def clear_form(self, majority: float = MAJORITY) -> str | None:
        """The spelling to expect: the user's, else one that clearly dominates, else None."""
        if self.user_form:
            return self.user_form
        form, top = self.forms.most_common(1)[0] if self.forms else ("", 0)
        total = sum(self.forms.values())
        return form if top >= majority * total and total >= 2 else None


@dataclass(slots=True)
class Term:
    """An English term with every Korean rendering the course or the user gives it."""

    en: str
    """The English term as usually written."""
    key: tuple[str, ...]
    """Stemmed words: the identity across inflections (see :func:`.match.term_words`)."""
    renderings: dict[str, Rendering] = field(default_factory=dict)
    """By :func:`.match.squash` of the rendering."""
    sources: set[str] = field(default_factory=set)
    """Where the pairing came from: gloss, heading, bold, user."""
    spellings: Counter[str] = field(default_factory=Counter)
    forbidden: tuple[str, ...] = ()
    """Renderings the user glossary forbids."""
    note: str = ""
    mentions: int = 0
    """Aligned segments whose English uses the term."""
    user_rendering: str | None = None
    """The rendering the user glossary prescribes."""

    def rendering(self, ko: str) -> Rendering:
        return self.renderings.setdefault(squash(ko), Rendering())

    def ranked(self) -> list[Rendering]:
        """Renderings, most used first (ties: the user's, then first seen)."""
        order = list(self.renderings.values())
        return sorted(order, key=lambda r: (-r.count, not r.user, order.index(r)))

    def accepted(self, min_uses: int = MIN_USES, majority: float = MAJORITY) -> Rendering | None:
        """The user's rendering, else the clear majority of the course, else None."""
        if self.user_rendering is not None:
            return self.renderings.get(squash(self.user_rendering))
        ranked = self.ranked()
        if not ranked:
            return None
        top = ranked[0]
        total = sum(r.count for r in ranked)
        if top.count >= min_uses and top.count >= majority * total:
            return top
        return None

    @property
    def display(self) -> str:
        """The user glossary's spelling, else the most frequent one."""
        if "user" in self.sources:
            return self.en
        return self.spellings.most_common(1)[0][0] if self.spellings else self.en


@dataclass(slots=True)
class Glossary:
    """The course's term base; ``find`` locates its terms in English text."""

    terms: dict[tuple[str, ...], Term] = field(default_factory=dict)
    min_uses: int = MIN_USES
    majority: float = MAJORITY
    user_file: Path | None = None
    _by_first: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    _accepted: dict[int, Rendering | None] = field(default_factory=dict)
    _found: dict[str, list[tuple[Term, int, int]]] = field(default_factory=dict)
    segmented: dict[int, tuple[object, list[Any]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """The aligned segments the build counted uses in, per document pair (``id`` -> the pair
    and its segments): ``term-consistency`` checks the same segments without cutting again."""

    def term(self, en: str) -> Term:
        """The term for ``en`` (created when new)."""
        key = term_words(en)
        term = self.terms.get(key)
        if term is None:
            term = self.terms[key] = Term(en, key)
            self._found.clear()
            self._by_first.setdefault(key[0], []).append(key)
            self._by_first[key[0]].sort(key=len, reverse=True)
        term.spellings[en] += 1
        return term

    def get(self, en: str) -> Term | None:
        key = term_words(en)
        return self.terms.get(key) if key else None

    def accepted(self, term: Term) -> Rendering | None:
        """The term's accepted rendering (cached: call :meth:`changed` after editing terms)."""
        key = id(term)
        if key not in self._accepted:
            self._accepted[key] = term.accepted(self.min_uses, self.majority)
        return self._accepted[key]

    def changed(self) -> None:
        """Forget cached decisions (after adding renderings or uses)."""
        self._accepted.clear()

    def find_in(self, text: str) -> list[tuple[Term, int, int]]:
        """:meth:`find` over English ``text`` (cached per text: rules ask again and again)."""
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = self.find(text_words(text))
        return found

    def find(self, words: list[str]) -> list[tuple[Term, int, int]]:
        """Terms occurring in ``words`` (from :func:`.match.text_words`), longest match first.

        An occurrence inside a longer term's occurrence (``attention`` in ``self-attention``)
        is left out. Returns ``(term, start, end)`` word spans.
        """
        spans: list[tuple[Term, int, int]] = []
        by_first = self._by_first
        for i in [i for i, word in enumerate(words) if word in by_first]:  # few words start a term
            for key in by_first[words[i]]:
                if tuple(words[i : i + len(key)]) == key:
                    spans.append((self.terms[key], i, i + len(key)))
        spans.sort(key=lambda x: (x[1], -x[2]))
        kept: list[tuple[Term, int, int]] = []
        reach = -1  # the furthest end of the spans before: one reaching past e contains it
        for span in spans:
            if span[2] > reach:
                kept.append(span)
            reach = max(reach, span[2])
        return kept

    def __iter__(self) -> Iterator[Term]:
        return iter(sorted(self.terms.values(), key=lambda t: t.display.casefold()))
