"""TBX: the term base exchange format (ISO 30042) that CAT tools import and export.

We write TBX v3 core structure in the TBX-Basic dialect: a ``<tbx>`` root, one
``<conceptEntry>`` per term, a ``<langSec>`` per language and a ``<termSec>`` per term form.
The Korean rendering a translator should use is ``preferredTerm-admn-sts``, other renderings
the course uses are ``admittedTerm-admn-sts`` and forbidden ones ``deprecatedTerm-admn-sts``.

Reading accepts the same and the older TBX 2008 (``<martif>`` with ``<termEntry>``,
``<langSet>``, ``<tig>``/``<ntig>``). A document type declaration is refused before parsing,
so no entity can expand (the "billion laughs") or reach a file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import CtoolsError
from .build import UserEntry
from .model import Glossary

XML_NS = "http://www.w3.org/XML/1998/namespace"
TBX_NS = "urn:iso:std:iso:30042:ed-2"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
_FORBIDDEN = {DEPRECATED, "supersededTerm-admn-sts", "deprecatedTerm", "forbidden"}


def dump_tbx(glossary: Glossary, source: str, target: str) -> str:
    """The glossary as a TBX-Basic (TBX v3) document."""
    ET.register_namespace("", TBX_NS)
    root = ET.Element(
        f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", f"{{{XML_NS}}}lang": source}
    )
    header = ET.SubElement(root, f"{{{TBX_NS}}}tbxHeader")
    desc = ET.SubElement(ET.SubElement(header, f"{{{TBX_NS}}}fileDesc"), f"{{{TBX_NS}}}sourceDesc")
    ET.SubElement(desc, f"{{{TBX_NS}}}p").text = "ctools glossary"
    body = ET.SubElement(ET.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    for number, term in enumerate(glossary, 1):
        entry = ET.SubElement(body, f"{{{TBX_NS}}}conceptEntry", {"id": f"c{number}"})
        if term.note:
            ET.SubElement(entry, f"{{{TBX_NS}}}note").text = term.note
        _term_sec(_lang_sec(entry, source), term.display, "", None)
        ko_sec = _lang_sec(entry, target)
        accepted = glossary.accepted(term)
        for rendering in term.ranked():
            text = rendering.text
            if not text or text in term.forbidden:
                continue
            status = PREFERRED if rendering is accepted else ADMITTED
            count = rendering.count
            _term_sec(ko_sec, text, status, f"used in {count} place{'' if count == 1 else 's'}")
        for text in term.forbidden:
            _term_sec(ko_sec, text, DEPRECATED, None)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _lang_sec(entry: ET.Element, lang: str) -> ET.Element:
    return ET.SubElement(entry, f"{{{TBX_NS}}}langSec", {f"{{{XML_NS}}}lang": lang})


def _term_sec(parent: ET.Element, text: str, status: str, note: str | None) -> None:
    sec = ET.SubElement(parent, f"{{{TBX_NS}}}termSec")
    ET.SubElement(sec, f"{{{TBX_NS}}}term").text = text
    if status:
        ET.SubElement(sec, f"{{{TBX_NS}}}termNote", {"type": "administrativeStatus"}).text = status
    if note:
        ET.SubElement(sec, f"{{{TBX_NS}}}note").text = note


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: ET.Element, *names: str) -> list[ET.Element]:
    return [c for c in node if _local(c.tag) in names]


def load_tbx(text: str, path: Path, source: str, target: str) -> list[UserEntry]:
    """User glossary entries from TBX v3 or TBX 2008 text (exit 2 on anything malformed)."""
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise CtoolsError("TBX with a document type declaration is refused", path)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise CtoolsError(f"not well-formed XML: {exc}", path, exc.position[0]) from None
    if _local(root.tag) not in ("tbx", "martif"):
        raise CtoolsError(f"not TBX: root element is <{_local(root.tag)}>", path)
    entries: list[UserEntry] = []
    for number, entry in enumerate(_entries(root), 1):
        en: list[str] = []
        ko: list[tuple[str, str]] = []
        note = " ".join((n.text or "").strip() for n in _children(entry, "note", "descrip"))
        for sec in _children(entry, "langSec", "langSet"):
            lang = (sec.get(f"{{{XML_NS}}}lang") or sec.get("lang") or "").split("-")[0]
            for text_, status in _terms(sec):
                if lang == source:
                    en.append(text_)
                elif lang == target:
                    ko.append((text_, status))
        if not en:
            continue
        # preferred, else a term without status (plain TBX); merely admitted ones prescribe nothing
        preferred = [t for t, s in ko if s == PREFERRED] or [t for t, s in ko if not s]
        forbidden = tuple(t for t, s in ko if s in _FORBIDDEN)
        ko_term = preferred[0] if preferred else None
        entries.append(UserEntry(en[0], ko_term, forbidden, note, path, number))
    return entries


def _entries(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")]


def _terms(sec: ET.Element) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for holder in _children(sec, "termSec", "tig", "ntig"):
        terms = [t for t in holder.iter() if _local(t.tag) == "term"]
        if not terms or not (terms[0].text or "").strip():
            continue
        status = ""
        for note in holder.iter():
            if _local(note.tag) == "termNote" and note.get("type") == "administrativeStatus":
                status = (note.text or "").strip()
        out.append((" ".join((terms[0].text or "").split()), status))
    return out
