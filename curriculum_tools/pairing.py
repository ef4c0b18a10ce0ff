"""Pair documents with their translations.

Documents pair by front-matter ``id`` (when both sides declare one), else by relative path
(the suffix ignored, so ``x.md`` pairs ``x.mdx``), else, for a file that was renumbered or
moved, by the explicit heading ids (``[[id]]``, ``{#id}``) the two versions share.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Document, DocumentPair


def _stem(rel: str) -> str:
    return rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel


def pair_documents(
    source: Sequence[Document], target: Sequence[Document]
) -> tuple[list[DocumentPair], list[Document]]:
    """Pair source-language documents with target-language ones.

    Returns the pairs (with ``rows`` empty; see :func:`align_pair`) and the documents of
    either language that found no counterpart, in input order.
    """
    pairs: list[DocumentPair] = []
    free_t = list(target)
    by_id = {str(d.front_matter["id"]): d for d in free_t if "id" in d.front_matter}
    left: list[Document] = []
    for doc in source:
        fm_id = doc.front_matter.get("id")
        match = by_id.get(str(fm_id)) if fm_id is not None else None
        if match is not None and match in free_t:
            free_t.remove(match)
            pairs.append(DocumentPair(doc, match, how="id"))
        else:
            left.append(doc)
    by_path = {_stem(d.rel): d for d in free_t if d.rel}
    unpaired: list[Document] = []
    for doc in left:
        match = by_path.get(_stem(doc.rel)) if doc.rel else None
        if match is not None and disagree(doc, match):
            match = None  # same path, different document: a renumbered chapter
        if match is not None and match in free_t:
            free_t.remove(match)
            pairs.append(DocumentPair(doc, match, how="path"))
        else:
            unpaired.append(doc)
    for doc, match in _pair_by_anchors(unpaired, free_t):
        unpaired.remove(doc)
        free_t.remove(match)
        pairs.append(DocumentPair(doc, match, how="anchors"))
    unpaired.extend(free_t)
    return pairs, unpaired


def heading_ids(doc: Document) -> frozenset[str]:
    return frozenset(i for s in doc.walk() for i in s.ids)


def disagree(a: Document, b: Document) -> bool:
    """Both declare at least two heading ids and share none: not the same document."""
    ia, ib = heading_ids(a), heading_ids(b)
    return len(ia) >= 2 and len(ib) >= 2 and not ia & ib


def _pair_by_anchors(
    source: Sequence[Document], target: Sequence[Document]
) -> list[tuple[Document, Document]]:
    """Documents that moved or were renumbered (``chapter3/2.mdx`` became ``chapter4/2.mdx``)
    but kept their explicit heading ids (``[[id]]``, ``{#id}``): mutual best matches sharing at
    least two ids and half of all their ids."""

    ids = heading_ids
    src = [(d, ids(d)) for d in source]
    tgt = [(d, ids(d)) for d in target]

    def best(a: frozenset[str], pool: list[tuple[Document, frozenset[str]]]) -> Document | None:
        scored = [(len(a & b) / len(a | b), len(a & b), d) for d, b in pool if a and b]
        scored = [x for x in scored if x[1] >= 2 and x[0] >= 0.5]
        return max(scored, key=lambda x: x[0])[2] if scored else None

    out: list[tuple[Document, Document]] = []
    for doc, a in src:
        match = best(a, tgt)
        if match is not None and best(ids(match), src) is doc:
            out.append((doc, match))
    return out
