"""MDN Web Docs' KumaScript macros (``{{jsxref("Array")}}``, ``{{Compat}}``) as components.

A macro is written ``{{Name}}`` or ``{{Name(arg, ...)}}`` (quoted strings, numbers, bare
words), names case-insensitive. It becomes a component of kind ``macro`` (see
:mod:`curriculum_tools.syntax`), ``meta["attrs"]`` = ``{"macro": "jsxref", "args": [...],
"target": ..., "text": ...}``:

- inside a paragraph, an inline ``component_open`` / ``component_close`` pair. A
  cross-reference macro (``jsxref``, ``domxref``, ``cssxref``, ``HTMLElement``,
  ``Glossary`` ...) holds a link to the page it names (``https://developer.mozilla.org/
  en-US/docs/Web/...``: a fact compared across the pair, the same target as a written
  ``/en-US/docs/Web/...`` or ``/ko/docs/Web/...`` link), around
  what the reader sees: its display argument as prose (``{{Glossary("Closure", "클로저")}}``
  shows ``클로저``, translatable), else the target as inline code (``Array``, ``<div>``);
  every other macro (``{{optional_inline}}``) holds nothing;
- a line of macros only (``{{Compat}}``, ``{{EmbedLiveSample("Examples", 600, 200)}}``,
  a ``{{PreviousNext(...)}}`` spanning lines): block ``component`` tokens, one per macro.

``{{`` followed by ``#`` (mdBook includes), ``<``/``%`` (Hugo shortcodes) or a name that is
neither a known macro nor called with arguments (a template's ``{{ name }}``) is not a macro.
:func:`underscore_slug` and :func:`definition_terms` give the anchors MDN makes (heading
ids ``for...of_statement``, ids of definition-list terms ``- `auto```).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

_ARG = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[-\w.]+)"""
MACRO_RE = re.compile(
    rf"\{{\{{[ \t]*([A-Za-z_][\w-]*)[ \t]*(\((\s*(?:{_ARG}(?:\s*,\s*{_ARG})*)?\s*,?\s*)\))?[ \t]*\}}\}}"
)
_ARG_RE = re.compile(_ARG)

SITE = "https://developer.mozilla.org/en-US/docs/"
"""Where a cross-reference leads (the English page; a Korean one is the same target)."""

XREF_PATHS: dict[str, str] = {
    "jsxref": "Web/JavaScript/Reference/Global_Objects/",
    "domxref": "Web/API/",
    "cssxref": "Web/CSS/",
    "htmlelement": "Web/HTML/Element/",
    "svgelement": "Web/SVG/Element/",
    "svgattr": "Web/SVG/Attribute/",
    "httpheader": "Web/HTTP/Headers/",
    "httpmethod": "Web/HTTP/Methods/",
    "httpstatus": "Web/HTTP/Status/",
    "glossary": "Glossary/",
    "htmlattrxref": "Web/HTML/Global_attributes",
    "mathmlelement": "Web/MathML/Element/",
    "webextapiref": "Mozilla/Add-ons/WebExtensions/API/",
}
"""Cross-reference macros and where their target lives (``/docs/<path><target>``)."""

_JS_SECTIONS = frozenset(
    {"statements", "operators", "functions", "global_objects", "classes", "errors",
     "lexical_grammar", "iteration_protocols", "strict_mode", "template_literals"}
)  # fmt: skip
"""``jsxref("Statements/for...of")`` names a reference section; ``jsxref("Array/map")`` a
global object's page."""

KNOWN_MACROS = frozenset(
    {
        "jsref", "jssidebar", "htmlsidebar", "cssref", "apiref", "defaultapisidebar",
        "compat", "specifications", "embedlivesample", "embedinteractiveexample",
        "interactiveexample", "embedghlivesample", "embedyoutube", "previousnext",
        "previous", "next", "previousmenunext", "optional_inline", "deprecated_inline",
        "deprecated_header", "experimental_inline", "non-standard_inline",
        "non-standard_header", "readonlyinline", "secure_context_header",
        "securecontext_header", "availableinworkers", "no_tag_omission", "cssinfo",
        "csssyntax", "glossarysidebar", "learnsidebar", "httpsidebar", "svgref",
        "listsubpages", "subpageswithsummaries", "js_property_attributes", "seecompattable",
        "quicklinkswithsubpages", "addonsidebar", "gamessidebar", "mdnsidebar", "listgroups",
    }
    | set(XREF_PATHS)
)  # fmt: skip
"""Macros recognised without arguments (with arguments, any name is a macro)."""

_SLUG_DROP_RE = re.compile(r"""[^\w\s.()\-]""")
_TERM_RE = re.compile(r"^([ \t]*)[-*][ \t]+(.+)\n\1[ \t]+[-*][ \t]+:[ \t]", re.M)
_TERM_MARKUP_RE = re.compile(r"\{\{[^}]*\}\}|[`*]")


def parse_args(raw: str) -> list[str | float]:
    """``"Array", 600, 'x'`` -> ``["Array", 600.0, "x"]`` (quotes and escapes removed)."""
    out: list[str | float] = []
    for match in _ARG_RE.finditer(raw):
        arg = match.group(0)
        if arg[:1] in "\"'":
            out.append(re.sub(r"\\(.)", r"\1", arg[1:-1]))
            continue
        try:
            out.append(float(arg))
        except ValueError:
            out.append(arg)
    return out


def macro_of(match: re.Match[str]) -> tuple[str, dict[str, Any]] | None:
    """The macro's name as written and its attributes, or None when it is not a macro."""
    name, called, raw = match.group(1), match.group(2), match.group(3) or ""
    lowered = name.lower()
    if called is None and lowered not in KNOWN_MACROS:
        return None
    args = parse_args(raw)
    attrs: dict[str, Any] = {"macro": lowered, "args": args}
    if lowered in XREF_PATHS and args and isinstance(args[0], str) and args[0].strip():
        attrs["target"] = xref_path(lowered, args)
        at = 2 if lowered == "htmlattrxref" else 1
        shown = args[at] if len(args) > at else None
        attrs["text"] = shown if isinstance(shown, str) and shown.strip() else None
        attrs["code"] = _shown_code(lowered, args[0]) if attrs["text"] is None else None
    return name, attrs


def xref_path(macro: str, args: list[str | float]) -> str:
    """The site path a cross-reference names: ``jsxref("Array.prototype.map()")`` ->
    ``https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/map``."""
    target = str(args[0]).strip()
    if macro == "htmlattrxref":
        element = args[1] if len(args) > 1 and isinstance(args[1], str) and args[1] else None
        page = f"Web/HTML/Element/{element}" if element else XREF_PATHS[macro]
        return f"{SITE}{page}#{target}"
    if macro == "jsxref" and target.split("/", 1)[0].lower() in _JS_SECTIONS:
        return SITE + "Web/JavaScript/Reference/" + target
    if macro in ("jsxref", "domxref"):
        target = target.replace(".prototype.", ".").replace("()", "")
        target = target.replace(".", "/")
    if macro == "glossary":
        target = target.replace(" ", "_")
    target = target.replace("&lt;", "").replace("&gt;", "").strip("<>")
    return SITE + XREF_PATHS[macro] + target


def _shown_code(macro: str, target: str) -> str:
    if macro == "htmlelement":
        return f"<{target}>"
    return target.replace("&lt;", "<").replace("&gt;", ">")


def _push_inline(state: StateInline, name: str, attrs: dict[str, Any], source: str) -> None:
    meta = {"name": name, "attrs": attrs, "kind": "macro"}
    target = attrs.get("target")
    if not isinstance(target, str):
        token = state.push("component", "span", 0)
        token.content, token.meta = source, meta
        return
    state.push("component_open", "span", 1).meta = meta
    state.push("link_open", "a", 1).attrs = {"href": target}
    if attrs.get("text"):
        state.push("text", "", 0).content = str(attrs["text"])
    elif attrs.get("code"):
        state.push("code_inline", "code", 0).content = str(attrs["code"])
    elif attrs.get("macro") == "glossary":
        state.push("text", "", 0).content = str(attrs["args"][0])
    state.push("link_close", "a", -1)
    state.push("component_close", "span", -1).meta = dict(meta)


def macro_inline(state: StateInline, silent: bool) -> bool:
    """Inline rule at ``{{``: a macro inside a paragraph."""
    match = MACRO_RE.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    found = macro_of(match)
    if found is None:
        return False
    if not silent:
        _push_inline(state, found[0], found[1], match.group(0))
    state.pos = match.end()
    return True


def macro_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: lines holding only macros (one may span lines) are block components."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    src = state.src
    pos = state.bMarks[start] + state.tShift[start]
    if not src.startswith("{{", pos):
        return False
    found: list[tuple[re.Match[str], str, dict[str, Any]]] = []
    last, cursor = start, pos
    while True:
        match = MACRO_RE.match(src, cursor)
        macro = macro_of(match) if match else None
        if match is None or macro is None:
            return False
        found.append((match, *macro))
        while last < end - 1 and state.eMarks[last] < match.end():
            last += 1
        if state.eMarks[last] < match.end():
            return False
        cursor = match.end()
        rest = src[cursor : state.eMarks[last]]
        if not rest.strip():
            break
        cursor += len(rest) - len(rest.lstrip(" \t"))
        if not src.startswith("{{", cursor):
            return False
    if silent:
        return True
    for match, name, attrs in found:
        token = state.push("component", "div", 0)
        token.map = [start, last + 1]
        token.content = match.group(0)
        token.meta = {"name": name, "attrs": attrs, "kind": "macro"}
    state.line = last + 1
    return True


_MDN_KEYS = frozenset({"slug", "page-type", "browser-compat", "l10n", "translation_of"})


def is_mdn_page(front_matter: Mapping[str, Any], text: str) -> bool:
    """An MDN page: its front matter has MDN's keys (``slug``, ``page-type`` ...) or its text
    a KumaScript macro (MDN's anchors are accepted there only: elsewhere GitHub's rule)."""
    if _MDN_KEYS.intersection(front_matter):
        return True
    return "{{" in text and any(macro_of(m) for m in MACRO_RE.finditer(text))


def underscore_slug(text: str) -> str:
    """MDN's heading id: lower case, punctuation but ``.()-`` dropped, spaces ``_``.

    >>> underscore_slug("Creating closures in loops: A common mistake")
    'creating_closures_in_loops_a_common_mistake'
    >>> underscore_slug("do...while statement")
    'do...while_statement'
    """
    return re.sub(r"\s+", "_", _SLUG_DROP_RE.sub("", text.strip().lower()))


def definition_terms(text: str) -> list[str]:
    """Terms of MDN definition lists (``- `auto```, its definition ``  - : ...``): MDN gives
    each term an id."""
    if "- :" not in text and "* :" not in text:
        return []
    return [_TERM_MARKUP_RE.sub("", m.group(2)).strip() for m in _TERM_RE.finditer(text)]
