"""Section features and the pair score of the section aligner (:mod:`curriculum_tools.align`).

A section is described by what a translation keeps: its level, heading number and ids, the
numbers, code, URLs, images and formulas of its blocks (and of its subsections, for a section
that has some), its position and prose size. :func:`score` says how much two sections look
like each other's translation (> 0 to be paired).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .model import Section
from .syntax.hugo import template_key

LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9+#.\-]*[A-Za-z0-9+#]|[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Features:
    level: int
    number: str | None
    ids: frozenset[str]
    facts: frozenset[str]
    hard: frozenset[str]
    """Facts a translation keeps verbatim (numbers, code, URLs, images, math; not title words)."""
    position: float
    kinds: tuple[str, ...]
    title: str
    """The title, case-folded: the key of the document's own title memory."""
    chars: int = 0
    """Non-space characters of the section's own prose (code aside); 0 for a section with
    subsections (its text may sit in subsections on the other side)."""
    index: int = -1
    twins: frozenset[int] = frozenset()
    """Indices of the other side's sections with the same content (``align._same_content``);
    a section with a twin pairs with nothing else (a swap is two moves, not two changes)."""
    tree: frozenset[str] = frozenset()
    """:attr:`hard` of the section and all its subsections, for a section with subsections
    (empty otherwise): the two sides may split the same content into subsections differently
    (one table per GPU under H3s against one flat table)."""
    lines: frozenset[str] = frozenset()
    """Distinctive lines of the section's code blocks (:func:`code_lines`, kept by
    :func:`with_distinctive_lines`): a block the other side changed a little (a flag added,
    ``pip`` become ``uv pip``) keeps most of them while its ``k:`` fact no longer matches."""
    slug: str = ""
    """The heading's generated anchor, for a section without explicit ids: a translation that
    keeps the source's anchor as its own explicit id (``## 오프라인 모드 [[offline-mode]]``
    for ``## Offline mode``) says which heading it translates, whatever the wording now."""
    kids: tuple[frozenset[str], ...] = ()
    """:attr:`tree` (or :attr:`hard`) of each direct subsection, for a section with some."""
    template: str = ""
    """The key of a site template heading (Hugo's ``{{% heading "whatsnext" %}}``): the
    site prints its own words for it in each language, so it is that heading and no other."""
    aliases: frozenset[str] = frozenset()
    """Ids of the HTML anchors (``<a id="login"></a>``) alone on the line just above the
    heading: a source that renamed a heading keeps its old anchor there, and a translation
    whose explicit id is that anchor translates this heading."""


_LANG_SEGMENT_RE = re.compile(r"(?<=/)(?:en|ko|en-us|ko-kr)(?=/)", re.I)
"""A language code in a link's path: ``/en-US/docs/x`` and ``/ko/docs/x`` are one target."""
_CODE_COMMENT_RE = re.compile(r"/\*.*?\*/|<!--.*?-->|(?:^|(?<=\s))(?://|#)\s.*?$", re.S | re.M)


_PAGE_MACROS = frozenset({"compat", "specifications", "cssinfo", "csssyntax"})
"""MDN macros that make a section of their own, once a page (``{{Compat}}``, ``{{csssyntax}}``):
the same fact in both languages."""


def code_key(code: str) -> str:
    r"""A code block's fact: its code without comments (often translated) and blank lines.

    >>> code_key("x = 1  # one\n\n// two\ny = 2")
    'x = 1\ny = 2'
    """
    lines = (line.rstrip() for line in _CODE_COMMENT_RE.sub("", code).splitlines())
    return "\n".join(line for line in lines if line.strip())[:200]


def block_facts(section: Section, facts: set[str]) -> None:
    """Add the hard facts of ``section``'s own blocks to ``facts``."""
    for block in section.blocks:  # (most blocks have none of a kind: no generator then)
        if block.numbers:
            facts.update("n:" + f.value for f in block.numbers)
        if block.code_spans:
            facts.update("c:" + f.value for f in block.code_spans)
        if block.links:
            facts.update("u:" + _LANG_SEGMENT_RE.sub("{lang}", f.value) for f in block.links)
        if block.images:
            facts.update("i:" + f.value for f in block.images)
        if block.math:
            facts.update("m:" + f.value for f in block.math)
        # doc-builder's ``[[autodoc]] pkg.Class`` is the same in both languages
        if block.kind == "code":
            facts.add("k:" + code_key(block.code))
        elif block.component is not None and block.component.kind == "autodoc":
            facts.update("a:" + str(v) for k, v in block.component.attrs if k == "target")
        elif block.component is not None and block.component.name.lower() in _PAGE_MACROS:
            facts.add("g:" + block.component.name.lower())


def with_trees(sections: Sequence[Section], fs: list[Features]) -> list[Features]:
    """Set :attr:`Features.tree` of every section with subsections: its hard facts and all
    its descendants' (children come after their parent in ``sections``: one pass upwards)."""
    index = {id(s): i for i, s in enumerate(sections)}
    trees = [f.hard for f in fs]
    kids: dict[int, tuple[frozenset[str], ...]] = {}
    for i in range(len(sections) - 1, -1, -1):
        below = tuple(trees[index[id(c)]] for c in sections[i].children if id(c) in index)
        if below:
            kids[i] = below
            trees[i] = trees[i].union(*below)
    return [
        replace(f, tree=trees[i], kids=kids.get(i, ())) if sections[i].children else f
        for i, f in enumerate(fs)
    ]


CODE_LINE_MIN = 12
"""Fewest characters of a code line that says which block it comes from."""

_PROMPT_RE = re.compile(r"^(?:>>>|\.\.\.|\$)\s+")


def code_lines(section: Section) -> frozenset[str]:
    """The lines of ``section``'s code blocks, whitespace-normalised, REPL and shell prompts
    aside, of :data:`CODE_LINE_MIN` characters or more and not comments (translated)."""
    out: set[str] = set()
    for block in section.blocks:
        if block.kind != "code":
            continue
        for raw in block.code.splitlines():
            line = _PROMPT_RE.sub("", " ".join(raw.split()))
            if len(line) >= CODE_LINE_MIN and not line.startswith(("#", "//", "--")):
                out.add(line)
    return frozenset(out)


def with_distinctive_lines(fs: list[Features], sections: Sequence[Section]) -> list[Features]:
    """Set :attr:`Features.lines` to the code lines of each section that no other section of
    the same document has (an import repeated under every heading says nothing)."""
    per = [code_lines(s) for s in sections]
    count: dict[str, int] = {}
    for lines in per:
        for line in lines:
            count[line] = count.get(line, 0) + 1
    return [
        replace(f, lines=frozenset(x for x in per[i] if count[x] == 1)) if per[i] else f
        for i, f in enumerate(fs)
    ]


def line_share(a: Features, b: Features) -> float:
    """Shared distinctive code lines of two sections (Jaccard), 0 when either has none."""
    if not a.lines or not b.lines:
        return 0.0
    common = len(a.lines & b.lines)
    return common / (len(a.lines) + len(b.lines) - common) if common else 0.0


def features(section: Section, position: float) -> Features:
    from .parse import numbers_in

    facts: set[str] = set()
    for n in numbers_in(section.title):
        facts.add("n:" + n)
    for word in LATIN_WORD_RE.findall(section.title):
        if len(word) > 1:
            facts.add("w:" + word.lower())
    block_facts(section, facts)
    number = section.number.rstrip(".)") if section.number else None
    kinds = tuple(b.kind for b in section.blocks)
    chars = 0
    if not section.children:
        chars = sum(len("".join(b.text.split())) for b in section.blocks if b.kind != "code")
    hard = frozenset(f for f in facts if not f.startswith("w:"))
    return Features(
        section.level,
        number,
        frozenset(section.ids),
        frozenset(facts),
        hard,
        position,
        kinds,
        section.title.casefold(),
        chars,
        slug="" if section.ids else section.slug,
        template=template_key(section.raw_title),
    )


TitleMemory = dict[str, str]
"""Source title -> target title, learned from the document's own unambiguous pairs."""


def score(a: Features, b: Features, memory: TitleMemory | None = None) -> float:
    """How much two sections look like each other's translation (> 0 to be paired)."""
    if a.template or b.template:
        return 100.0 if template_alike(a, b) else -100.0
    if a.ids and b.ids:
        return 100.0 if a.ids & b.ids else -100.0
    score = 1.0 if a.level == b.level else -1.5
    if slug_id(a, b):
        score += SLUG_ID
    elif (a.aliases or b.aliases) and (a.aliases | a.ids) & (b.aliases | b.ids):
        score += SLUG_ID  # an `<a id>` above one heading is the other's id (or its own `<a id>`)
    if a.number is not None and b.number is not None:
        score += 2.5 if a.number == b.number else -2.5
    elif (a.number is None) != (b.number is None):
        score -= 0.5
    shared = len(a.facts & b.facts)
    own = shared / len(a.facts | b.facts) if shared else 0.0
    tree = tree_share(a, b, own)
    lines = line_share(a, b)
    share = max(own, tree, lines)
    if share:
        score += 8.0 * share
    if not (tree or lines or a.hard & b.hard) and (len(a.hard) >= 2 or len(b.hard) >= 2):
        # one side says something checkable (code, URLs, numbers), the other none of it:
        # words of the titles alike ("Stable Diffusion" in "... XL") do not vouch for it
        score -= 2.0
    score += 1.0 - min(2.0, 6.0 * abs(a.position - b.position))
    if a.kinds == b.kinds and a.kinds:
        score += 0.5
    score += size_score(a.chars, b.chars)
    if (a.twins and b.index not in a.twins) or (b.twins and a.index not in b.twins):
        score -= 6.0  # its content lives in another section on the other side
    if memory and a.title in memory:
        score += 2.0 if memory[a.title] == b.title else -2.0
    return score


def template_alike(a: Features, b: Features) -> bool:
    """Whether two sections, one of them a site template heading, are the same heading: the
    same key, or a plain heading with the words the site shows for the key (in any language)."""
    from .syntax.hugo import heading_words

    if a.template and b.template:
        return a.template == b.template
    key, other = (a.template, b) if a.template else (b.template, a)
    return other.title in heading_words(key)


SLUG_ID = 4.0
"""Bonus of a pair whose one side's explicit id is the other side's generated anchor."""


def slug_id(a: Features, b: Features) -> bool:
    """One side's explicit id is the other side's generated anchor, hyphens aside: an older
    anchor convention dropped the hyphen inside a word (``[[bytepair-encoding-bpe]]`` made of
    ``Byte-Pair Encoding (BPE)``, whose anchor is now ``byte-pair-encoding-bpe``)."""
    for x, y in ((a, b), (b, a)):
        if x.slug and y.ids:
            bare = x.slug.replace("-", "")
            if x.slug in y.ids or any(i.replace("-", "") == bare for i in y.ids):
                return True
    return False


def tree_share(a: Features, b: Features, below: float = 0.0) -> float:
    """Shared hard facts of two sections of one level with their subsections (when one side
    has some): a flat section against the same content split into subsections on the other
    side. 0 when it cannot beat ``below`` (the sizes bound it: the check stays cheap)."""
    if (not a.tree and not b.tree) or a.level != b.level:
        return 0.0
    ta, tb = a.tree or a.hard, b.tree or b.hard
    small, big = sorted((len(ta), len(tb)))
    if not small or small / big <= below:
        return 0.0
    common = len(ta & tb)
    share = common / (len(ta) + len(tb) - common)
    if a.tree and b.tree:
        return share
    flat, kids = (b.hard, a.kids) if a.tree else (a.hard, b.kids)
    for kid in kids:  # the flat section is one subsection of the other side, not all of them
        both = len(flat & kid)
        if both and both / (len(flat) + len(kid) - both) >= share:
            return 0.0
    return share


SIZE_RATIO = 0.5
"""Target/source prose length expected of a translated section (Korean: about half)."""


def size_score(a: int, b: int) -> float:
    """+0.5 for prose of the expected size (within a factor of 2), then less the further off
    (down to -3: a one-line section facing a page); a source section of little prose, or a
    target of none (code only), says nothing."""
    if a < 80 or b == 0:
        return 0.0
    off = abs(math.log(b / (a * SIZE_RATIO))) - math.log(2)
    return 0.5 if off <= 0 else -min(3.0, off)


_ANCHOR_TAG_RE = re.compile(
    r"""<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["'][^>]*>(?:\s*</a>)?""", re.I
)
_COMMENT_RE = re.compile(r"<!--.*?-->")


def with_aliases(sections: Sequence[Section], feats: list[Features], text: str) -> list[Features]:
    """:attr:`Features.aliases` of each section whose heading has, on the nearest non-blank
    line above it, HTML anchors and nothing else (an HTML comment aside)."""
    if "<a" not in text and "<A" not in text:
        return feats
    lines = text.splitlines()
    out = feats
    for i, section in enumerate(sections):
        k = section.line - 2
        while 0 <= k < len(lines) and not lines[k].strip():
            k -= 1
        if k < 0 or k >= len(lines) or "<" not in lines[k]:
            continue
        ids = _ANCHOR_TAG_RE.findall(lines[k])
        if ids and not _COMMENT_RE.sub("", _ANCHOR_TAG_RE.sub("", lines[k])).strip():
            if out is feats:
                out = list(feats)
            out[i] = replace(out[i], aliases=frozenset(ids))
    return out
