"""Parse the same inputs with two checkouts of ctools and compare everything the parser makes.

A parser speed-up must not change one token or one fact: this script imports
``curriculum_tools`` from ``--repo`` (default: this checkout), parses every ``.md``/``.mdx``
under the shared corpora, ``source/`` and ``tests/fixtures``, each CommonMark spec example
and each shape of ``bench/bench_budgets.py``, and writes one digest per input of a canonical
dump of the whole token stream (every field of every token, children included), the ``env``
and the :class:`~curriculum_tools.model.Document` (every field, sections, blocks, facts).
Compare two checkouts::

    python bench/check_parse_identical.py --repo /work/main --out /tmp/a.json
    python bench/check_parse_identical.py --out /tmp/b.json --against /tmp/a.json

``--against`` prints every input whose digest differs (and exits 1 if any does);
``--show NAME`` prints the canonical dump of one input (to diff two of them by hand).
Not part of ``make test`` (it takes a minute).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import importlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
CORPORA = Path("/work/shared/corpora")


def canonical(value: Any, out: list[str], depth: int = 0) -> None:
    """A stable text dump: dataclasses (slots included) field by field, containers in order."""
    if depth > 200:
        out.append("<deep>")
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out.append(type(value).__name__ + "(")
        for field in dataclasses.fields(value):
            if field.name in ("_flat", "_lines"):
                continue  # caches of what other fields hold
            out.append(field.name + "=")
            canonical(getattr(value, field.name), out, depth + 1)
            out.append(",")
        out.append(")")
    elif isinstance(value, dict):
        out.append("{")
        for key, item in value.items():
            out.append(repr(key) + ":")
            canonical(item, out, depth + 1)
            out.append(",")
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[" if isinstance(value, list) else "(")
        for item in value:
            canonical(item, out, depth + 1)
            out.append(",")
        out.append("]" if isinstance(value, list) else ")")
    elif isinstance(value, frozenset | set):
        out.append("{" + ",".join(sorted(repr(v) for v in value)) + "}")
    elif callable(value):
        out.append(getattr(value, "__qualname__", repr(value)))
    else:
        out.append(repr(value))


def inputs() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for root in (CORPORA, HERE / "source", HERE / "tests" / "fixtures"):
        for path in sorted(root.rglob("*")):
            if path.suffix in (".md", ".mdx") and path.is_file():
                text = path.read_text("utf-8", errors="replace")
                found.append((str(path.relative_to(root.parent)), text))
    spec = json.loads((HERE / "tests" / "fixtures" / "commonmark" / "spec.json").read_text())
    for example in spec:
        found.append((f"spec/{example['example']}", example["markdown"]))
    sys.path.insert(0, str(HERE / "bench"))
    budgets = importlib.import_module("bench_budgets")
    for name, make in budgets.SHAPES.items():
        found.append((f"shape/{name}", make(1)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", default=str(HERE), help="the checkout whose parser to use")
    parser.add_argument("--out", required=True, help="write {input: digest} here (JSON)")
    parser.add_argument("--against", help="a --out file of another checkout to compare with")
    parser.add_argument("--show", help="print the canonical dump of this input and stop")
    args = parser.parse_args()
    sys.path.insert(0, args.repo)
    from curriculum_tools.parse import parse_text

    gc.disable()
    digests: dict[str, str] = {}
    for name, text in inputs():
        for components in ((), (("Callout", "admonition"), ("details", "container"))):
            key = name + (" +components" if components else "")
            doc = parse_text(text, name, "en", name, components)
            out: list[str] = []
            canonical(doc, out)
            canonical(doc.tokens, out)
            canonical(doc.env, out)
            if args.show == key:
                print("".join(out))
                return 0
            digests[key] = hashlib.sha256("".join(out).encode("utf-8", "replace")).hexdigest()
    Path(args.out).write_text(json.dumps(digests, indent=0, sort_keys=True))
    print(f"{len(digests)} parses")
    if args.against:
        other = json.loads(Path(args.against).read_text())
        differ = [k for k in digests if other.get(k) != digests[k]]
        missing = [k for k in other if k not in digests]
        for key in differ + missing:
            print("DIFFERS:", key)
        print(f"{len(differ)} differ, {len(missing)} missing")
        return 1 if differ or missing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
