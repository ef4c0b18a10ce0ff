"""Lint pair by pair: a pair (or a lone document) is the grain of the result cache and of the
worker processes.

A *unit* is one document pair with every target the runner gives rules for it: its selected
documents (``document`` rules), the pair itself (``pair`` rules) and its aligned section rows
(``section-pair`` rules). Units are independent: what a rule may read beyond its unit goes
through the link resolver, which records it (:func:`curriculum_tools.assets.recording`).
``corpus`` rules are not part of any unit. Raw findings are kept with the index of their
target inside the unit, so the runner can put every finding back where a rule-by-rule run
over the whole corpus would have produced it: output never depends on the cache or on how
the work was split between processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import Document, DocumentPair
from .registry import Context, Finding, Rule, SectionRow

if TYPE_CHECKING:
    from .config import Config
    from .project import Corpus

PARALLEL_FROM = 24
"""Lint in worker processes only when at least this many units miss the cache."""

Raw = list[tuple[str, int, Finding]]
"""``(rule name, index of the target inside the unit, finding)`` in the order rules made them."""


@dataclass(slots=True)
class Unit:
    """One pair (or a lone document) and its targets, each with its position in the
    corpus-wide target list of its scope."""

    docs: tuple[Document | None, Document | None]
    selected: tuple[bool, bool]
    how: str = ""
    pair: tuple[int, DocumentPair] | None = None
    documents: list[tuple[int, Document]] = field(default_factory=list)
    rows: list[tuple[int, SectionRow]] = field(default_factory=list)

    def position(self, scope: str, index: int) -> int:
        """The corpus-wide position of target ``index`` of ``scope``."""
        if scope == "document":
            return self.documents[index][0]
        if scope == "pair":
            return self.pair[0] if self.pair is not None else 0
        return self.rows[index][0]

    def targets(self, scope: str) -> list[Any]:
        if scope == "document":
            return [d for _, d in self.documents]
        if scope == "pair":
            return [self.pair[1]] if self.pair is not None else []
        return [r for _, r in self.rows]

    @property
    def size(self) -> int:
        return sum(len(d.text) for d in self.docs if d is not None)


def make_units(corpus: Corpus, docs: Sequence[Document], rows: Sequence[SectionRow]) -> list[Unit]:
    """Every pair of the corpus as a unit, then every selected document outside a pair."""
    units: list[Unit] = []
    of_doc: dict[int, Unit] = {}
    of_pair: dict[int, Unit] = {}
    for index, pair in enumerate(corpus.pairs):
        selected = (corpus.is_selected(pair.en), corpus.is_selected(pair.ko))
        unit = Unit((pair.en, pair.ko), selected, pair.how, (index, pair))
        units.append(unit)
        of_pair[id(pair)] = unit
        for side in (pair.en, pair.ko):
            if side is not None:
                of_doc[id(side)] = unit
    for index, doc in enumerate(docs):
        found = of_doc.get(id(doc))
        if found is None:
            found = of_doc[id(doc)] = Unit((doc, None), (True, False))
            units.append(found)
        found.documents.append((index, doc))
    for index, row in enumerate(rows):
        of_pair[id(row.pair)].rows.append((index, row))
    return units


@dataclass(frozen=True, slots=True)
class Plan:
    """What one run executes: the active non-corpus rules and how to make their context."""

    rules: list[tuple[str, Rule]]
    context: Callable[[str], Context]


def lint_unit(unit: Unit, plan: Plan) -> tuple[Raw, set[str]]:
    """Run every active rule on the unit's targets; also return the paths consulted."""
    from .assets import recording

    out: Raw = []
    with recording() as seen:
        for name, spec in plan.rules:
            ctx = plan.context(name)
            for index, target in enumerate(unit.targets(spec.scope)):
                out.extend((name, index, f) for f in spec.func(target, ctx))
    return out, seen


_WORK: tuple[list[Unit], Plan] | None = None
"""The run a forked worker inherits (set just before the pool starts)."""


def _work(indexes: list[int]) -> list[tuple[int, Raw, set[str]]]:
    assert _WORK is not None
    units, plan = _WORK
    return [(i, *lint_unit(units[i], plan)) for i in indexes]


def lint_units(
    units: list[Unit], todo: list[int], plan: Plan, meanwhile: Callable[[], None]
) -> dict[int, tuple[Raw, set[str]]]:
    """Lint the units ``todo`` (in forked workers and this process when many and the system
    can fork) and run ``meanwhile`` in this process while the workers start on them."""
    global _WORK
    from .workers import shared

    processes = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1, 8)
    if len(todo) < PARALLEL_FROM or processes < 2 or not _can_fork():
        meanwhile()
        return {i: lint_unit(units[i], plan) for i in todo}
    # biggest first; a median one is linted here before the fork, so the caches the rules
    # warm up (code lexers, patterns; the rules' imports and the mojibake tables when the
    # parse had workers to run lint.warm_up beside) are inherited
    ordered = sorted(todo, key=lambda i: -units[i].size)
    first = ordered.pop(len(ordered) // 2)
    done = {first: lint_unit(units[first], plan)}
    rest = ordered
    size = max(1, min(4, len(rest) // (8 * processes)))
    chunks = [rest[k : k + size] for k in range(0, len(rest), size)]
    _WORK = (units, plan)
    try:
        results = shared(_work, chunks, processes, meanwhile)
    finally:
        _WORK = None
    done.update((i, (raw, seen)) for chunk in results for i, raw, seen in chunk)
    return done


def _can_fork() -> bool:
    from .workers import can_fork

    return can_fork()


def ordered_findings(
    units: Sequence[Unit],
    raws: Sequence[Raw],
    corpus_raw: Iterable[tuple[str, Finding]],
    rules: dict[str, Rule],
) -> list[tuple[str, Finding]]:
    """Every ``(rule, finding)`` in the order of a rule-by-rule run over the whole corpus."""
    rank = {name: n for n, name in enumerate(rules)}
    tagged: list[tuple[tuple[int, int, int, int], str, Finding]] = []
    for u, (unit, raw) in enumerate(zip(units, raws, strict=True)):
        for seq, (name, index, finding) in enumerate(raw):
            position = unit.position(rules[name].scope, index)
            tagged.append(((rank[name], position, u, seq), name, finding))
    for seq, (name, finding) in enumerate(corpus_raw):
        tagged.append(((rank[name], 0, 0, seq), name, finding))
    tagged.sort(key=lambda t: t[0])
    return [(name, finding) for _, name, finding in tagged]


def context_factory(
    corpus: Corpus,
    config: Config,
    options: dict[str, dict[str, Any]],
    memo: dict[Any, Any],
    services: dict[str, Any],
) -> Callable[[str], Context]:
    """One :class:`Context` per rule name, sharing the run's memo."""
    pairs_by_doc: dict[int, DocumentPair] = {}
    for pair in corpus.pairs:
        for side in (pair.en, pair.ko):
            if side is not None:
                pairs_by_doc[id(side)] = pair
    made: dict[str, Context] = {}

    def context(name: str) -> Context:
        if name not in made:
            made[name] = Context(corpus, config, options[name], pairs_by_doc, memo, services)
        return made[name]

    return context
