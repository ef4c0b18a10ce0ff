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

import dataclasses
import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .config import SEVERITIES, Config
from .errors import CtoolsError
from .model import Document, DocumentPair, split_lines_keepends

if TYPE_CHECKING:
    from .project import Corpus

Scope = Literal["document", "pair", "corpus"]
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
"""``off`` < ``info`` < ``warning`` < ``error``."""


@dataclass(frozen=True, slots=True)
class Fix:
    """A replacement of whole source lines: lines ``line``..``end_line`` become ``text``.

    ``text`` holds complete lines with their line ends (empty text deletes the lines). A
    whole-file transform (mojibake repair) is a fix from line 1 to the last line.
    """

    line: int
    """First line replaced (1-based)."""
    end_line: int
    """Last line replaced (1-based, inclusive)."""
    text: str
    """The new content of those lines, line ends included."""
    description: str = ""
    """What the fix does, for the report (``<strong> instead of **``)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place; ``counterpart`` is the matching place on the other side."""

    rule: str
    path: Path
    line: int
    column: int
    message: str
    counterpart: tuple[Path, int] | None = None
    """The other document of a pair and the line there that matches this finding."""
    fix: Fix | None = None
    severity: str = ""
    """Stamped by the runner from the rule's default and ``ctools.yaml``."""
    cap: str | None = None
    """Highest severity this finding may get (``warning`` for lenient sub-checks)."""

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.path), self.line, self.column, self.rule)


def hit(
    doc: Document,
    line: int,
    message: str,
    *,
    column: int = 1,
    other: Document | None = None,
    other_line: int | None = None,
    fix: Fix | None = None,
    cap: str | None = None,
) -> Finding:
    """Make a finding in ``doc`` (the rule name is filled in by the runner)."""
    counterpart = None
    if other is not None:
        counterpart = (other.path, max(1, other_line or 1))
    return Finding("", doc.path, max(1, line), max(1, column), message, counterpart, fix, "", cap)


RuleFunc = Callable[..., Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: its function and metadata; the docstring is its documentation."""

    name: str
    severity: str
    scope: Scope
    fixable: bool
    func: RuleFunc
    options: dict[str, Any] = field(default_factory=dict)
    """Option names with their defaults (settable in ``ctools.yaml``)."""

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first sentence under "What it does"."""
        lines = self.doc.splitlines()
        for i, line in enumerate(lines):
            if line.strip().lower().startswith("## what it does"):
                rest = " ".join(x.strip() for x in lines[i + 1 :] if x.strip())
                return rest.split(". ")[0].split("## ")[0].strip().rstrip(".") + "."
        return lines[0] if lines else ""


REGISTRY: dict[str, Rule] = {}
"""Every rule by name, in registration order (the order of :mod:`curriculum_tools.rules`)."""


def rule(
    name: str,
    severity: str,
    scope: Scope = "document",
    fixable: bool = False,
    options: dict[str, Any] | None = None,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``name`` (kebab-case, stable forever)."""
    assert severity in SEVERITIES, severity
    assert name not in REGISTRY, f"rule {name} registered twice"

    def decorate(func: RuleFunc) -> RuleFunc:
        REGISTRY[name] = Rule(name, severity, scope, fixable, func, dict(options or {}))
        return func

    return decorate


def registry() -> dict[str, Rule]:
    """The registry with every family imported."""
    from . import rules  # noqa: F401  (importing registers the rules)

    return REGISTRY


@dataclass(slots=True)
class Context:
    """What a rule may look at besides its target."""

    corpus: Corpus
    config: Config
    options: dict[str, Any]
    """This rule's options (defaults merged with ``ctools.yaml``)."""
    pairs_by_doc: dict[int, DocumentPair]

    def pair_of(self, doc: Document) -> DocumentPair | None:
        return self.pairs_by_doc.get(id(doc))

    def counterpart(self, doc: Document) -> Document | None:
        pair = self.pair_of(doc)
        if pair is None:
            return None
        return pair.ko if pair.en is doc else pair.en


@dataclass(frozen=True, slots=True)
class Settings:
    """Effective severity and options of every rule."""

    severity: dict[str, str]
    options: dict[str, dict[str, Any]]


def settings(config: Config) -> Settings:
    """Merge rule defaults with ``ctools.yaml``; unknown rule or option names exit 2."""
    rules = registry()
    severity = {name: r.severity for name, r in rules.items()}
    options = {name: dict(r.options) for name, r in rules.items()}
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

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def exit_code(self) -> int:
        return 1 if self.count("error") else 0


def check(corpus: Corpus, config: Config, only: Sequence[str] | None = None) -> Result:
    """Run every enabled rule over a loaded corpus; return stamped, filtered, sorted findings."""
    rules = registry()
    conf = settings(config)
    pairs_by_doc: dict[int, DocumentPair] = {}
    for pair in corpus.pairs:
        for side in (pair.en, pair.ko):
            if side is not None:
                pairs_by_doc[id(side)] = pair
    docs = [d for d in corpus.documents if corpus.is_selected(d)]
    suppress = {d.path: _Suppressions(d) for d in corpus.documents if d.directives}
    out: list[Finding] = []
    for name, spec in rules.items():
        severity = conf.severity[name]
        if severity == "off" or (only is not None and name not in only):
            continue
        ctx = Context(corpus, config, conf.options[name], pairs_by_doc)
        targets: Iterable[Any]
        if spec.scope == "document":
            targets = docs
        elif spec.scope == "pair":
            targets = corpus.pairs
        else:
            targets = [corpus]
        for target in targets:
            for finding in spec.func(target, ctx):
                sev = severity
                if finding.cap and SEVERITY_RANK[finding.cap] < SEVERITY_RANK[sev]:
                    sev = finding.cap
                finding = dataclasses.replace(finding, rule=name, severity=sev)
                if _suppressed(finding, suppress):
                    continue
                out.append(finding)
    out = list({(f.sort_key, f.message): f for f in out}.values())
    out.sort(key=lambda f: (*f.sort_key, f.message))
    return Result(out, len(corpus.documents) + len(corpus.problems), len(corpus.pairs))


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
    """Load the named files/folders (with counterparts) and lint them."""
    from .project import load_corpus

    settings(config)  # configuration errors first, before any parsing
    return check(load_corpus(list(paths), config), config, only)


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


@dataclass(slots=True)
class FixOutcome:
    path: Path
    fixed: int
    refused: str = ""


def fix_files(result: Result) -> list[FixOutcome]:
    """Apply the fixes carried by ``result``'s findings, file by file, atomically.

    A file is written only when re-parsing the fixed text gives the same section skeleton.
    """
    from .io import read_source, rewrite_text
    from .parse import skeleton

    by_path: dict[Path, list[Fix]] = {}
    for finding in result.findings:
        if finding.fix is not None and finding.severity != "off":
            by_path.setdefault(finding.path, []).append(finding.fix)
    outcomes: list[FixOutcome] = []
    for path, fixes in sorted(by_path.items()):
        try:
            original, before = read_source(path)
        except CtoolsError as exc:
            outcomes.append(FixOutcome(path, 0, exc.reason))
            continue
        after = apply_fixes(before, fixes)
        if after == before:
            continue
        if skeleton(after) != skeleton(before):
            outcomes.append(
                FixOutcome(path, 0, "fix would change the section skeleton; not written")
            )
            continue
        try:
            rewrite_text(path, after, original)  # the one in-place writer (see io.py)
        except CtoolsError as exc:
            outcomes.append(FixOutcome(path, 0, exc.reason))
            continue
        outcomes.append(FixOutcome(path, len(set(fixes))))
    return outcomes


def iter_rules(names: Iterable[str] | None = None) -> Iterator[Rule]:
    rules = registry()
    for name in names or rules:
        yield rules[name]
