"""The user glossary on disk, and the term base as text, JSON and CSV.

The user glossary sits beside ``ctools.yaml`` as ``glossary.yaml`` (or ``.yml``),
``glossary.csv`` or ``glossary.tbx`` (the first found, in that order). YAML::

    terms:
      - en: attention
        ko: 어텐션
        forbidden: [주의 집중]
        note: keep the loanword
      - {en: recall, ko: 재현율}

or the short form ``attention: 어텐션`` per line. CSV has a header ``en,ko,forbidden,note``
(forbidden renderings separated by ``;``; a row with neither ``ko`` nor ``forbidden``
prescribes nothing and is skipped, so the ``--format csv`` export reads back). A malformed file is an input error (exit 2) that
names the file and line.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..errors import CtoolsError
from .build import UserEntry
from .model import Glossary, Location, Rendering, Term

NAMES = ("glossary.yaml", "glossary.yml", "glossary.csv", "glossary.tbx")
CSV_FIELDS = ("en", "ko", "forbidden", "note")


def find_user_glossary(root: Path) -> Path | None:
    """The user glossary file in ``root`` (the folder of ``ctools.yaml``), if any."""
    for name in NAMES:
        if (root / name).is_file():
            return root / name
    return None


def _read(path: Path) -> str:
    from ..io import read_bytes

    try:
        return read_bytes(path).decode("utf-8-sig")  # bounded; FIFOs, devices, links out refused
    except UnicodeDecodeError:
        raise CtoolsError("not UTF-8 text", path) from None


def load_user_glossary(path: Path, source: str = "en", target: str = "ko") -> list[UserEntry]:
    """Entries of a user glossary file (YAML, CSV or TBX by its suffix)."""
    text = _read(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_yaml(text, path)
    if suffix == ".csv":
        return load_csv(text, path)
    if suffix in (".tbx", ".xml"):
        from .tbx import load_tbx

        return load_tbx(text, path, source, target)
    raise CtoolsError("unknown glossary format (use .yaml, .csv or .tbx)", path)


def load_yaml(text: str, path: Path) -> list[UserEntry]:
    import yaml

    from ..config import YamlProblem, scan_yaml

    try:
        scan_yaml(text)  # no aliases, nesting bounded: compose below recurses
    except YamlProblem as exc:
        raise CtoolsError(f"invalid YAML: {exc.message}", path, exc.line + 1) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CtoolsError(f"invalid YAML: {exc}", path, mark.line + 1 if mark else None) from None
    if node is None:
        return []
    if isinstance(node, yaml.MappingNode) and [k.value for k, _ in node.value] == ["terms"]:
        node = node.value[0][1]
    entries: list[UserEntry] = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            entries.append(_yaml_entry(item, None, path))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            entries.append(_yaml_entry(value, key, path))
    else:
        raise CtoolsError("expected a list of terms or a mapping en: ko", path, _line(node))
    return entries


def _line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def _scalar(node: Any, path: Path, what: str) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise CtoolsError(f"{what} must be a non-empty string", path, _line(node))
    return " ".join(str(node.value).split())


def _yaml_entry(node: Any, key: Any, path: Path) -> UserEntry:
    import yaml

    if key is not None and isinstance(node, yaml.ScalarNode):
        short = _scalar(key, path, "the English term")
        return UserEntry(short, _scalar(node, path, f"`{short}`"), (), "", path, _line(key))
    if not isinstance(node, yaml.MappingNode):
        raise CtoolsError("a term must be a mapping with `en` and `ko`", path, _line(node))
    fields: dict[str, Any] = {k.value: v for k, v in node.value}
    unknown = set(fields) - set(CSV_FIELDS)
    if unknown:
        raise CtoolsError(f"unknown key `{sorted(unknown)[0]}`", path, _line(node))
    en: str | None = _scalar(key, path, "the English term") if key is not None else None
    if "en" in fields:
        en = _scalar(fields["en"], path, "`en`")
    if en is None:
        raise CtoolsError("a term needs `en`", path, _line(node))
    ko = _scalar(fields["ko"], path, "`ko`") if "ko" in fields else None
    forbidden: list[str] = []
    if "forbidden" in fields:
        value = fields["forbidden"]
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        forbidden = [_scalar(item, path, "`forbidden`") for item in items]
    note = _scalar(fields["note"], path, "`note`") if "note" in fields else ""
    if ko is None and not forbidden:
        raise CtoolsError(f"`{en}` needs `ko` or `forbidden`", path, _line(node))
    return UserEntry(en, ko, tuple(forbidden), note, path, _line(node))


def load_csv(text: str, path: Path) -> list[UserEntry]:
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    if "en" not in header or "ko" not in header:
        raise CtoolsError("CSV header must name the columns `en` and `ko`", path, 1)
    entries: list[UserEntry] = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row, strict=False))
        en = " ".join(cells.get("en", "").split())
        ko = " ".join(cells.get("ko", "").split()) or None
        forbidden = tuple(
            " ".join(x.split()) for x in cells.get("forbidden", "").split(";") if x.strip()
        )
        if not en:
            raise CtoolsError("a row needs `en` and `ko` (or `forbidden`)", path, number)
        if ko is None and not forbidden:
            continue  # a term without an accepted rendering (as `--format csv` writes it)
        entries.append(UserEntry(en, ko, forbidden, cells.get("note", "").strip(), path, number))
    return entries


# --- output --------------------------------------------------------------------------------------


def _where(path: Path, line: int) -> str:
    from ..views import display_path

    return f"{display_path(path)}:{line}"


def _places(rendering: Rendering) -> list[Location]:
    """Where a rendering is used, in file and line order."""
    return sorted(rendering.locations.values(), key=lambda loc: (str(loc.path), loc.line))


def glossary_dict(glossary: Glossary, only_inconsistent: bool = False) -> dict[str, Any]:
    """The JSON shape: ``{"terms": [{en, accepted, renderings: [{ko, count, forms,
    locations}], sources, forbidden, mentions}], "summary": {...}}``."""
    terms = []
    for term in glossary:
        if only_inconsistent and not inconsistent(glossary, term):
            continue
        accepted = glossary.accepted(term)
        terms.append(
            {
                "en": term.display,
                "accepted": accepted.text if accepted else None,
                "renderings": [
                    {
                        "ko": r.text,
                        "count": r.count,
                        "forms": dict(r.forms),
                        "user": r.user,
                        "locations": [_where(loc.path, loc.line) for loc in _places(r)],
                        "sources": sorted({loc.kind for loc in r.locations.values()}),
                    }
                    for r in term.ranked()
                    if r.text
                ],
                "sources": sorted(term.sources),
                "forbidden": list(term.forbidden),
                "mentions": term.mentions,
                **({"note": term.note} if term.note else {}),
            }
        )
    user = str(glossary.user_file) if glossary.user_file else None
    summary = {"terms": len(terms), "accepted": sum(1 for t in terms if t["accepted"])}
    return {"terms": terms, "user_glossary": user, "summary": summary}


def inconsistent(glossary: Glossary, term: Term) -> bool:
    """Renderings in use that differ (neither contains the other), or spacing variants.

    ``메서드`` and ``메서드 문법`` are not two translations of "method": the longer one is a
    different phrase that contains it.
    """
    from .match import squash

    used = [r for r in term.renderings.values() if r.count]
    keys = [squash(r.text) for r in used]
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if a not in b and b not in a:
                return True
    return any(len(r.forms) > 1 for r in used)


def render_json(glossary: Glossary, only_inconsistent: bool = False) -> str:
    return json.dumps(glossary_dict(glossary, only_inconsistent), ensure_ascii=False, indent=2)


def render_csv(glossary: Glossary) -> str:
    """One row per term: the columns the user glossary reads, plus the counts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_FIELDS, "renderings", "sources"])
    for term in glossary:
        accepted = glossary.accepted(term)
        used = "; ".join(f"{r.text} ({r.count})" for r in term.ranked() if r.text)
        writer.writerow(
            [
                term.display,
                accepted.text if accepted else "",
                ";".join(term.forbidden),
                term.note,
                used,
                " ".join(sorted(term.sources)),
            ]
        )
    return out.getvalue()


def render_text(glossary: Glossary, only_inconsistent: bool = False, places: int = 3) -> str:
    lines: list[str] = []
    for term in glossary:
        bad = inconsistent(glossary, term)
        if only_inconsistent and not bad:
            continue
        accepted = glossary.accepted(term)
        head = f"{term.display}  [{', '.join(sorted(term.sources))}]"
        if term.forbidden:
            head += f"  forbidden: {', '.join(term.forbidden)}"
        lines.append(head)
        for r in term.ranked():
            if not r.text:
                continue
            mark = "*" if r is accepted else " "
            spellings = ""
            if len(r.forms) > 1:
                spellings = "  spellings: " + ", ".join(f"{f} ({n})" for f, n in r.forms.items())
            shown = [_where(loc.path, loc.line) for loc in _places(r)][:places]
            more = f" +{len(r.locations) - places}" if len(r.locations) > places else ""
            lines.append(f"  {mark} {r.text}  {r.count}x{spellings}  {' '.join(shown)}{more}")
    return "\n".join(lines)
