"""``autodoc-mismatch``: doc-builder's ``[[autodoc]] pkg.Name`` API references of a pair."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Component, Document
from ..registry import Context, Finding, SectionRow, hit, rule
from ._segments import Segment, comparison


def _autodoc(seg: Segment) -> Component | None:
    component = seg.block.component
    return component if component is not None and component.kind == "autodoc" else None


def _target(component: Component) -> str:
    return str(component.attr("target") or "")


def _members(component: Component) -> list[str]:
    found = component.attr("members")
    return [str(m) for m in found] if isinstance(found, list) else []


def _doc_refs(doc: Document, ctx: Context) -> dict[str, set[str]]:
    """Every API reference of a document: target -> its members."""

    def make() -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for component in doc.components():
            if component.kind == "autodoc" and _target(component):
                out.setdefault(_target(component), set()).update(_members(component))
        return out

    refs: dict[str, set[str]] = ctx.cached(("autodoc-refs", id(doc)), make)
    return refs


@rule("autodoc-mismatch", "warning", scope="section-pair")
def autodoc_mismatch(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares doc-builder's API references (`[[autodoc]] pkg.Name`, with the `- member` lines
    under it) of aligned sections: a reference or member of the source that the translation
    has nowhere, and one the source does not have. A reference that only moved to another
    section is the structure rules' business, not this one's.

    ## Why is this bad?
    An API reference becomes the class's or function's documentation when the docs are
    built: a reference the source added (a new function, a new documented method) is an
    API the translated docs never show.

    ## Example
    ```markdown
    <!-- en.md -->                              <!-- ko.md -->
    ## Other Utilities                          ## 기타 유틸리티
    [[autodoc]] utils.LazyModule                [[autodoc]] utils.LazyModule
    [[autodoc]] utils.infer_device
    ```

    Use instead:
    ```markdown
    ## 기타 유틸리티
    [[autodoc]] utils.LazyModule
    [[autodoc]] utils.infer_device
    ```
    """
    comp = comparison(row, ctx)
    if comp.rewritten:
        return  # one section-rewritten finding says it all
    en_refs, ko_refs = _doc_refs(row.en_doc, ctx), _doc_refs(row.ko_doc, ctx)
    for i, seg in enumerate(comp.en):
        component = _autodoc(seg)
        if component is None or not seg.own or not _target(component):
            continue
        target = _target(component)
        if target not in ko_refs:
            yield hit(
                row.ko_doc,
                comp.ko_line_for(i, row.ko),
                f"API reference `[[autodoc]] {target}` of the source is missing",
                other=row.en_doc,
                other_line=seg.block.line,
            )
            continue
        lost = [m for m in _members(component) if m not in ko_refs[target]]
        if lost:
            yield hit(
                row.ko_doc,
                comp.ko_line_for(i, row.ko),
                f"member{'s' if len(lost) > 1 else ''} {', '.join(f'`{m}`' for m in lost)}"
                f" of `[[autodoc]] {target}` missing here",
                other=row.en_doc,
                other_line=seg.block.line,
            )
    for seg in comp.ko:
        component = _autodoc(seg)
        if component is None or not seg.own or not _target(component):
            continue
        if _target(component) not in en_refs:
            yield hit(
                row.ko_doc,
                seg.block.line,
                f"API reference `[[autodoc]] {_target(component)}` is not in the source",
                other=row.en_doc,
                other_line=row.en.line,
            )
