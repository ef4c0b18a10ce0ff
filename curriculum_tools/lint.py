"""The linter core: the rule registry, findings, fixes and the runner.

A rule is a plain function plus metadata, registered with :func:`rule`. It receives a
:class:`~curriculum_tools.model.Document` (scope ``document``), a
:class:`~curriculum_tools.model.DocumentPair` (scope ``pair``) or the whole
:class:`~curriculum_tools.project.Corpus` (scope ``corpus``) and yields :class:`Finding`
objects. Rules know nothing of severities, suppression or output: :func:`run` stamps the
configured severity, drops findings switched off by inline ``<!-- ctools-disable -->``
comments and sorts by (path, line, column, rule).

Which findings are reported: document rules run on the documents the user named (all of
them for a folder); pair rules run on every pair with at least one named side, so linting
only ``ko/x.md`` still checks it against ``en/x.md`` and reports pair findings on either side.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config
from .errors import shown
from .model import Document, DocumentPair, split_lines, split_lines_keepends
from .registry import (
    REGISTRY,
    SEVERITY_RANK,
    Context,
    Finding,
    Fix,
    Option,
    Rule,
    Scope,
    SectionRow,
    hit,
    rule,
)

if TYPE_CHECKING:
    from .lint_cache import LintCache
    from .project import Corpus

__all__ = [
    "REGISTRY",
    "SEVERITY_RANK",
    "Context",
    "Finding",
    "Fix",
    "Option",
    "Rule",
    "Scope",
    "SectionRow",
    "apply_fixes",
    "check",
    "hit",
    "registry",
    "rule",
    "run",
]


def registry() -> dict[str, Rule]:
    """The registry with every family imported."""
    from . import rules  # noqa: F401  (importing registers the rules)

    return REGISTRY


@dataclass(frozen=True, slots=True)
class Settings:
    """Effective severity and options of every rule."""

    severity: dict[str, str]
    options: dict[str, dict[str, Any]]


def settings(config: Config) -> Settings:
    """Merge rule defaults with ``ctools.yaml``; unknown rule or option names exit 2."""
    rules = registry()
    severity = {name: r.severity for name, r in rules.items()}
    options = {name: r.defaults for name, r in rules.items()}
    for name, setting in config.rules.items():
        if name not in rules:
            raise config.error(f"unknown rule `{name}` (see `ctools rules`)", setting.line)
        if setting.severity is not None:
            severity[name] = setting.severity
        for key, value in setting.options.items():
            if key not in options[name]:
                known = ", ".join(sorted(options[name])) or "none"
                raise config.error(
                    f"rule `{name}`: unknown option `{key}` (known: {known})", setting.line
                )
            default = options[name][key]
            widened = isinstance(default, float) and isinstance(value, int)
            if default is not None and not isinstance(value, type(default)) and not widened:
                raise config.error(
                    f"rule `{name}`: option `{key}` must be a {type(default).__name__}",
                    setting.line,
                )
            options[name][key] = value
    return Settings(severity, options)


# --- suppression ------------------------------------------------------------------------------


class _Suppressions:
    """Inline ``ctools-disable`` directives of one document, answering (rule, line) queries."""

    def __init__(self, doc: Document) -> None:
        self.ranges: list[tuple[frozenset[str], int, int]] = []  # rules (empty: all), from, to
        open_: dict[str, int] = {}
        for directive in sorted(doc.directives, key=lambda d: d.line):
            names = directive.rules or ("*",)
            if directive.kind == "disable-line":
                self.ranges.append((frozenset(directive.rules), directive.line, directive.line))
            elif directive.kind == "disable-next-line":
                nxt = directive.line + 1
                self.ranges.append((frozenset(directive.rules), nxt, nxt))
            elif directive.kind == "disable":
                for name in names:
                    open_.setdefault(name, directive.line)
            else:  # enable
                if not directive.rules:
                    for name in list(open_):
                        self._close(name, open_.pop(name), directive.line)
                for name in directive.rules:
                    if name in open_:
                        self._close(name, open_.pop(name), directive.line)
        for name, start in open_.items():
            self._close(name, start, 10**9)

    def _close(self, name: str, start: int, end: int) -> None:
        self.ranges.append((frozenset() if name == "*" else frozenset({name}), start, end))

    def __call__(self, rule_name: str, line: int) -> bool:
        return any(
            start <= line <= end and (not rules or rule_name in rules)
            for rules, start, end in self.ranges
        )


# --- the runner --------------------------------------------------------------------------------


@dataclass(slots=True)
class Result:
    """Findings of one run plus the counts the report's summary needs."""

    findings: list[Finding]
    files: int
    pairs: int
    sources: dict[Path, str] = field(default_factory=dict)
    """The text of every document as it was linted (fixes apply only to exactly this)."""
    baselined: int = 0
    """Findings hidden because a baseline holds them."""
    unreadable: list[str] = field(default_factory=list)
    """``path:line: why`` of input files that could not be used (undecodable, duplicate id,
    ...): reported as ``unreadable-file`` findings too, they make the run exit 2."""

    _split: dict[Path, list[str]] = field(default_factory=dict, init=False, repr=False)

    def line(self, path: Path, line: int) -> str:
        """Source line ``line`` (1-based) of a linted file, "" when unknown."""
        lines = self._split.get(path)
        if lines is None:
            lines = self._split[path] = split_lines(self.sources.get(path, ""))
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def exit_code(self) -> int:
        return 1 if self.count("error") else 0


def check(
    corpus: Corpus,
    config: Config,
    only: Sequence[str] | None = None,
    cache: LintCache | None = None,
) -> Result:
    """Run every enabled rule over a loaded corpus; return stamped, filtered, sorted findings.

    Pair by pair (:mod:`.lint_units`): a pair whose files and consulted files are unchanged
    takes its findings from ``cache``; the others are linted, in worker processes when many.
    """
    from .lint_units import Plan, context_factory, lint_units, make_units, ordered_findings

    rules = registry()
    conf = settings(config)
    active = {
        name: spec
        for name, spec in rules.items()
        if conf.severity[name] != "off" and (only is None or name in only)
    }
    docs = [d for d in corpus.documents if corpus.is_selected(d)]
    suppress = {d.path: _Suppressions(d) for d in corpus.documents if d.directives}
    context = context_factory(corpus, config, conf.options, {}, _services())
    plan = Plan([(n, r) for n, r in active.items() if r.scope != "corpus"], context)
    units = make_units(corpus, docs, _section_rows(corpus))
    raws: list[Any] = [None] * len(units)
    keys = [cache.unit_key(u.docs, u.selected, u.how) if cache else "" for u in units]
    for index, key in enumerate(keys):
        entry = cache.unit_get(key) if cache else None
        if entry is not None:
            raws[index] = entry.findings
    corpus_raw: list[tuple[str, Finding]] = []

    def corpus_rules() -> None:
        for name, spec in active.items():
            if spec.scope == "corpus":
                corpus_raw.extend((name, f) for f in spec.func(corpus, context(name)))

    todo = [i for i, raw in enumerate(raws) if raw is None]
    for index, (raw, seen) in sorted(lint_units(units, todo, plan, corpus_rules).items()):
        raws[index] = raw
        if cache:
            cache.unit_put(keys[index], raw, seen)
    out: list[Finding] = []
    for name, finding in ordered_findings(units, raws, corpus_raw, rules):
        sev = conf.severity[name]
        if finding.severity and SEVERITY_RANK[finding.severity] < SEVERITY_RANK[sev]:
            sev = finding.severity
        finding = dataclasses.replace(finding, rule=name, severity=sev)
        if not _suppressed(finding, suppress):
            out.append(finding)
    out = list({(f.sort_key, f.message): f for f in out}.values())
    out.sort(key=lambda f: (*f.sort_key, f.message))
    sources = {d.path: d.text for d in corpus.documents}
    unreadable = [
        shown(f"{p.path}:{p.line or 1}: {p.message}") for p in corpus.problems if not p.skipped
    ]
    files = len(corpus.documents) + len(corpus.problems)
    return Result(out, files, len(corpus.pairs), sources, unreadable=unreadable)


def _section_rows(corpus: Corpus) -> list[SectionRow]:
    """Every aligned row with both sides present, pair by pair, in document order."""
    out: list[SectionRow] = []
    for pair in corpus.pairs:
        if pair.en is None or pair.ko is None:
            continue
        for row in pair.rows:
            if row.en is not None and row.ko is not None:
                out.append(SectionRow(pair, pair.en, pair.ko, row.en, row.ko, row))
    return out


def _services() -> dict[str, Any]:
    """Upper-layer capabilities lent to rules (imported lazily: most runs never need them)."""

    def stale_rows(pair: DocumentPair, config: Config, corpus: Corpus) -> list[Any]:
        """``(en section, ko section, message)`` of each stale section of ``pair``: by the lock
        file when it lists the document, else by git history (asked once per run)."""
        from .status.history import history_of_run
        from .status.lockfile import lock_for
        from .status.states import stale_message, stale_rows

        if pair.en is None:
            return []
        lock = lock_for(config)
        history = None
        if not lock.documents.get(pair.en.doc_id):
            history = history_of_run(corpus, config.root)
        return [(st.en, st.ko, stale_message(st)) for st in stale_rows(pair, lock, history)]

    def course_corpus(corpus: Corpus) -> Corpus:
        """The whole source root(s) of the linted pairs (the glossary is learned from it)."""
        from .project import course_corpus

        return course_corpus(corpus)

    return {"stale_rows": stale_rows, "course_corpus": course_corpus}


def _suppressed(finding: Finding, suppress: dict[Path, _Suppressions]) -> bool:
    own = suppress.get(finding.path)
    if own is not None and own(finding.rule, finding.line):
        return True
    if finding.counterpart is not None:
        other = suppress.get(finding.counterpart[0])
        if other is not None and other(finding.rule, finding.counterpart[1]):
            return True
    return False


def run(paths: Sequence[Path], config: Config, only: Sequence[str] | None = None) -> Result:
    """Load the named files/folders (with counterparts) and lint them; an unchanged run is
    answered from the lint cache without parsing (:mod:`.lint_cache`)."""
    with no_cycle_collection():
        return _run(paths, config, only)


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Switch the cyclic garbage collector off for a run (worker processes forked meanwhile
    inherit the setting), back to what it was after.

    A run allocates millions of small objects that live until it ends (tokens, sections,
    facts, the documents unpickled from the parser's workers) and makes almost no cyclic
    garbage (about 600 objects on the 217 files of the Rust book: parser states, exceptions);
    the collector would re-scan the live objects over and over (a tenth of the run's CPU
    with a raised threshold). Non-cyclic garbage is still freed at once (reference counts).
    """
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run(paths: Sequence[Path], config: Config, only: Sequence[str] | None) -> Result:
    from .lint_cache import LintCache, StoredRun, cache_folder
    from .project import load_corpus

    caching = cache_folder() is not None
    if caching or config.rules:
        settings(config)  # configuration errors first, before any parsing
    # (no rule settings: no error to find; the rules are imported while the files parse)
    cache = LintCache.open(paths, config, only, registry()) if caching else None
    if cache is not None:
        got = cache.load_result()
        if got is not None:
            return Result(
                got.findings, got.files, got.pairs, got.sources, unreadable=got.unreadable
            )
    corpus = load_corpus(list(paths), config, meanwhile=warm_up)
    result = check(corpus, config, only, cache)
    if cache is not None:
        stored = StoredRun(result.findings, result.files, result.pairs, result.unreadable)
        cache.store_result(stored, corpus)
    return result


def warm_up() -> None:
    """Prepare what linting needs before there is anything to lint: import the rules and the
    modules they call, build the mojibake detector's tables. Run in this process while worker
    processes parse the files (:func:`curriculum_tools.project.load_corpus`; a run too small
    for workers skips it), so the work is off the serial path, and the lint workers
    forked later inherit it. Nothing is linted."""
    registry()
    from . import assets, lint_units  # noqa: F401
    from .encoding.fastpath import rare_qmark, utf8_gate
    from .fix_encoding import find_mojibake
    from .status import history, lockfile, states  # noqa: F401  (the stale_rows service)

    utf8_gate()
    rare_qmark()  # the tables of the mojibake fast path (memoised)
    find_mojibake("한국어 문장입니다? 네.\n")


# --- fixes ---------------------------------------------------------------------------------------


def apply_fixes(text: str, fixes: Iterable[Fix]) -> str:
    """Apply line-range fixes to ``text`` (pure). Overlapping fixes after the first are skipped."""
    lines = split_lines_keepends(text)
    chosen: list[Fix] = []
    for fix in sorted(set(fixes), key=lambda f: (f.line, f.end_line, f.text)):
        if chosen and fix.line <= chosen[-1].end_line:
            continue
        chosen.append(fix)
    for fix in reversed(chosen):
        lines[fix.line - 1 : fix.end_line] = [fix.text] if fix.text else []
    return "".join(lines)
