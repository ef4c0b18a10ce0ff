"""Reader text in attributes checked for translation: captions, titles, quiz text, alt text.

Companion of :mod:`curriculum_tools.rules.components` (which compares the components
themselves across a pair).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Component, Document
from ..registry import Context, Finding, Option, hit, rule
from ._common import column_of
from ._component_facts import components, english_text, listings, short


@rule(
    "untranslated-attribute",
    "warning",
    options={"min-words": Option(3, "words an attribute text needs before it is judged")},
)
def untranslated_attribute(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports reader-visible text carried by attributes of a Korean translation (a document
    with an English source) that is still English: a listing `caption` (also `<span class="caption">`), a video or embed `title`,
    quiz choices' `text` and `explain`, an image's `alt` text. Code spans, URLs, identifiers
    and capitalised names (`Hugging Face Hub`) are not counted; at least `min-words` English
    words must remain.

    ## Why is this bad?
    Captions, quiz answers and alt texts are read (and read aloud by screen readers) like
    the prose around them; left in English they are the untranslated part of the page.

    ## Example
    ```markdown
    <Listing number="2-1" caption="Code that gets a guess from the user">
    ```

    Use instead:
    ```markdown
    <Listing number="2-1" caption="사용자로부터 추측값을 입력받는 코드">
    ```
    """
    if doc.lang != ctx.config.target_lang or doc.lang != "ko" or ctx.counterpart(doc) is None:
        return  # a Korean page with no source is not a translation: nothing was left untranslated
    min_words = int(ctx.options.get("min-words", 3))
    seen: set[tuple[int, str]] = set()
    for section in doc.walk():
        found: list[tuple[int, str, str]] = []
        for component in components(section):
            found.extend((component.line, _what(component), t) for t in _texts(component))
        for listing in listings(doc, section):
            if listing.caption:
                found.append((listing.caption_line, "listing caption", listing.caption))
        for block in section.blocks:
            found.extend((img.line, "image alt text", img.text) for img in block.images)
        for line, what, text in sorted(found):
            if (line, text) in seen or not english_text(text, min_words):
                continue
            seen.add((line, text))
            yield hit(
                doc,
                line,
                f"{what} left in English: {short(text)}",
                column=column_of(doc, line, text[:20]),
            )


def _texts(component: Component) -> list[str]:
    """Attribute text to check; a tab's `id` is a key shared across languages (it syncs the
    site's tab choice and `tabs-mismatch` compares it), not text to translate."""
    key = component.attr("id") if component.kind == "tab" else None
    return [t for t in component.texts() if t != key]


def _what(component: Component) -> str:
    return {"listing": "listing caption", "quiz": "quiz text"}.get(
        component.kind, f"`{component.name}` title"
    )
