"""``ctools.yaml``: discovery (walk up from the current folder) and strict validation.

Unknown keys and wrong types are errors that name the file and line (exit code 2).
Example::

    source: source            # folder holding <lang>/ sub-folders
    languages: [en, ko]       # the first is the source language
    ignore: ["drafts/**"]     # glob patterns, relative to the source folder
    rules:
      length-ratio: off
      untranslated: {severity: error, min-words: 6}
    export:
      out: build
      templates: my-templates
      anki: {lang: both}
    order: [intro.md, guide/setup.md]   # course order (else _toctree.yml, SUMMARY.md, mkdocs.yml)
    components: {Callout: admonition}   # a team's component names -> kinds
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CtoolsError

CONFIG_NAME = "ctools.yaml"
MAX_YAML_DEPTH = 64
"""Deeper nesting in front matter or ``ctools.yaml`` is refused (no document needs it)."""
SEVERITIES = ("off", "info", "warning", "error")

# Schema: key -> type, tuple of types, or nested dict schema. ``Any`` leaves a value open
# (validated by its owner, e.g. rule options by the rule registry).
_SCHEMA: dict[str, Any] = {
    "source": str,
    "languages": list,
    "ignore": list,
    "rules": dict,
    "lock": str,
    "order": list,
    "components": dict,
    "export": {
        "out": str,
        "formats": list,
        "templates": str,
        "html": {"title": str, "lang": str, "remote_images": str},
        "latex": {
            "engine": str,
            "main_font": str,
            "cjk_font": str,
            "mono_font": str,
            "paper": str,
            "lang": str,
            "timeout": (int, float),
            "build": str,
            "title": str,
        },
        "anki": {"lang": str, "deck": str, "per_document": bool, "course": str},
    },
}


@dataclass(slots=True)
class RuleSetting:
    """A rule's configured severity and options from ``ctools.yaml``."""

    severity: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    line: int = 0


@dataclass(slots=True)
class Config:
    """Settings in force, with the defaults filled in."""

    root: Path
    """The folder holding ``ctools.yaml`` (or the current folder when there is none)."""
    path: Path | None = None
    source: Path = Path("source")
    languages: tuple[str, ...] = ("en", "ko")
    ignore: tuple[str, ...] = ()
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    export: dict[str, Any] = field(default_factory=dict)
    lock: Path = Path("ctools.lock.yaml")
    order: tuple[str, ...] = ()
    """Course order (document paths relative to a language folder); see :mod:`.order`."""
    components: tuple[tuple[str, str], ...] = ()
    """A team's component names mapped to kinds (:mod:`curriculum_tools.syntax.registry`)."""

    @property
    def source_lang(self) -> str:
        return self.languages[0]

    @property
    def target_lang(self) -> str:
        return self.languages[1]

    def error(self, message: str, line: int | None = None) -> CtoolsError:
        return CtoolsError(message, self.path or CONFIG_NAME, line)


def scan_yaml(text: str, loader: Any = None) -> None:
    """Refuse anchors, aliases and nesting deeper than :data:`MAX_YAML_DEPTH` (and YAML that
    does not parse) with a :class:`YamlProblem`, from the event stream: nothing recursive
    runs and nothing is built."""
    import yaml

    loader = loader or getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        depth = 0
        for event in yaml.parse(text, Loader=loader):
            line = event.start_mark.line if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlProblem(line, "anchors and aliases (`&name`, `*name`) are refused")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise YamlProblem(line, f"nested deeper than {MAX_YAML_DEPTH} levels, refused")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _problem(exc, text) from None


def _problem(exc: Any, text: str) -> YamlProblem:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context_mark", None)
    at_end = mark is not None and not text[mark.index :].strip()
    if context is not None and at_end:
        mark = context  # an unclosed quote or bracket: point where it was opened
    return YamlProblem(mark.line if mark is not None else 0, problem)


def _unbuildable_line(text: str, loader: Any) -> int:
    """The 0-based line of the first scalar the loader cannot build on its own."""
    import yaml

    pending = [yaml.compose(text, Loader=loader)]  # nesting is bounded by scan_yaml
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                loader("").construct_object(node, deep=True)
            except (ValueError, OverflowError, TypeError, yaml.YAMLError):
                return int(node.start_mark.line)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                pending.extend((value, key))
    return 0


YAML_REFUSALS = ("anchors and aliases", "nested deeper than", "maximum nesting depth")
"""Message parts of YAML that is refused outright (not merely invalid): a document whose
front matter says one of these is left out of every command, like an unreadable file."""


class YamlProblem(Exception):
    """YAML that ctools refuses: invalid, with anchors/aliases, or nested too deep."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        """0-based line inside the YAML text."""
        self.message = message


def load_yaml(text: str, *, with_node: bool = False, loader: Any = None) -> Any:
    """Load YAML safely and with bounded cost: ``(data, node)`` when ``with_node``, else data.

    Only plain data is built (no tags constructed; ``loader``, a ``SafeLoader`` subclass,
    may map tags to plain data). Anchors and aliases are refused, since nested aliases
    expand exponentially ("billion laughs"), and so is nesting deeper than
    :data:`MAX_YAML_DEPTH`, checked on the event stream before anything recursive runs
    (:func:`scan_yaml`). A value the safe loader cannot build (``2024-13-45`` as a date, an
    integer of more than 4,300 digits) is a :class:`YamlProblem` at its line.
    """
    import yaml

    loader = loader or getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    scan_yaml(text, loader)
    try:
        node = yaml.compose(text, Loader=loader) if with_node else None
        data = yaml.load(text, Loader=loader)  # a safe loader: plain data only
    except yaml.YAMLError as exc:
        raise _problem(exc, text) from None
    except (ValueError, OverflowError, TypeError) as exc:  # a scalar the loader cannot build
        raise YamlProblem(
            _unbuildable_line(text, loader), f"invalid value: {str(exc).split(';')[0]}"
        ) from None
    return (data, node) if with_node else data


def find_config(start: Path | None = None) -> Path | None:
    """Walk up from ``start`` (default: the current folder) to find ``ctools.yaml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def _check(node: Any, schema: Any, path: Path, where: str) -> None:
    import yaml

    line = node.start_mark.line + 1
    if isinstance(schema, dict):
        if not isinstance(node, yaml.MappingNode):
            raise CtoolsError(f"`{where or 'top level'}` must be a mapping", path, line)
        for key_node, value_node in node.value:
            key = key_node.value
            if key not in schema:
                known = ", ".join(sorted(schema))
                name = f"{where}.{key}" if where else key
                raise CtoolsError(
                    f"unknown key `{name}` (known: {known})", path, key_node.start_mark.line + 1
                )
            _check(value_node, schema[key], path, f"{where}.{key}" if where else key)
        return
    kinds = {str: yaml.ScalarNode, list: yaml.SequenceNode, dict: yaml.MappingNode}
    if schema in kinds and not isinstance(node, kinds[schema]):
        raise CtoolsError(f"`{where}` must be a {schema.__name__}", path, line)


def _components(node: Any, data: dict[Any, Any], path: Path) -> tuple[tuple[str, str], ...]:
    """``components: {Name: kind}``; a kind outside the registry is an error at its line."""
    from .syntax.registry import KINDS

    value_node = next(vn for kn, vn in node.value if kn.value == "components")
    out: list[tuple[str, str]] = []
    for key_node, item_node in value_node.value:
        kind = data[key_node.value]
        if not isinstance(kind, str) or kind not in KINDS:
            raise CtoolsError(
                f"component `{key_node.value}`: kind must be one of {', '.join(KINDS)}",
                path,
                item_node.start_mark.line + 1,
            )
        out.append((str(key_node.value), kind))
    return tuple(sorted(out))


def load_config(start: Path | None = None, path: Path | None = None) -> Config:
    """Find and validate ``ctools.yaml``; defaults when there is none."""

    path = path or find_config(start)
    if path is None:
        return Config(root=(start or Path.cwd()).resolve())
    from .io import read_text

    text = read_text(path)  # bounded, regular files only; errors name the file
    try:
        data, node = load_yaml(text, with_node=True)
    except YamlProblem as exc:
        raise CtoolsError(f"invalid YAML: {exc.message}", path, exc.line + 1) from None
    cfg = Config(root=path.parent.resolve(), path=path)
    if node is None or data is None:
        return cfg
    _check(node, _SCHEMA, path, "")
    assert isinstance(data, dict)
    lines = {kn.value: kn.start_mark.line + 1 for kn, _ in node.value}

    if "source" in data:
        cfg.source = Path(str(data["source"]))
    if "languages" in data:
        langs = tuple(str(x) for x in data["languages"])
        if len(langs) < 2 or len(set(langs)) != len(langs):
            raise CtoolsError(
                "`languages` needs at least two different codes", path, lines["languages"]
            )
        cfg.languages = langs
    if "ignore" in data:
        cfg.ignore = tuple(str(x) for x in data["ignore"])
    if "lock" in data:
        cfg.lock = Path(str(data["lock"]))
        lock = cfg.root / cfg.lock
        if not lock.resolve().is_relative_to(cfg.root.resolve()):  # written by --mark-synced
            raise CtoolsError(
                f"`lock: {cfg.lock}` leads outside the project ({cfg.root}); refused",
                path,
                lines["lock"],
            )
    if "order" in data:
        cfg.order = tuple(str(x) for x in data["order"])
    if "components" in data:
        cfg.components = _components(node, data["components"], path)
    cfg.export = dict(data.get("export") or {})
    rules_node = next((vn for kn, vn in node.value if kn.value == "rules"), None)
    for key_node, _value_node in rules_node.value if rules_node is not None else ():
        name = key_node.value
        value = data["rules"][name]
        at = key_node.start_mark.line + 1
        setting = RuleSetting(line=at)
        if isinstance(value, bool):  # `off` parses as False in YAML 1.1
            value = "error" if value else "off"
        if isinstance(value, str):
            setting.severity = value
        elif isinstance(value, dict):
            options = {str(k): v for k, v in value.items()}
            severity = options.pop("severity", None)
            if isinstance(severity, bool):
                severity = "error" if severity else "off"
            setting.severity = severity
            setting.options = options
        else:
            raise CtoolsError(f"rule `{name}`: expected a severity or a mapping", path, at)
        if setting.severity is not None and setting.severity not in SEVERITIES:
            raise CtoolsError(
                f"rule `{name}`: severity must be one of {', '.join(SEVERITIES)}", path, at
            )
        cfg.rules[name] = setting
    return cfg
