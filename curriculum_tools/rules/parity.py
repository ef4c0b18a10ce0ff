"""Parity of aligned sections: what a translation must carry over unchanged.

Every rule here compares the *own* content of two aligned sections (subsections are
compared as their own rows) and reports on the translation, with the source line as
counterpart.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from ..lint import Context, Finding, hit, rule
from ..model import Block, Document, DocumentPair, Fact, Section
from ..parse import formulas_in, numbers_in
from ..text import HANGUL, HANGUL_RE
from ._common import aligned, column_of, map_line, own_text


def _facts(section: Section, attr: str) -> list[Fact]:
    return [fact for block in section.blocks for fact in getattr(block, attr)]


def _same(value: str) -> str:
    return value


def _diff(
    en_facts: Sequence[Fact],
    ko_facts: Sequence[Fact],
    key: Callable[[str], str] = _same,
) -> tuple[list[Fact], list[Fact]]:
    """Facts only in en, facts only in ko (multiset difference, order kept)."""
    norm = key
    ko_left = Counter(norm(f.value) for f in ko_facts)
    en_left = Counter(norm(f.value) for f in en_facts)
    only_en = []
    for fact in en_facts:
        k = norm(fact.value)
        if ko_left[k] > 0:
            ko_left[k] -= 1
        else:
            only_en.append(fact)
    only_ko = []
    for fact in ko_facts:
        k = norm(fact.value)
        if en_left[k] > 0:
            en_left[k] -= 1
        else:
            only_ko.append(fact)
    return only_en, only_ko


def _report_diff(
    pair: DocumentPair,
    en: Section,
    ko: Section,
    only_en: list[Fact],
    only_ko: list[Fact],
    what: str,
) -> Iterator[Finding]:
    """Changed facts (one on each side) at the ko fact; missing at the mapped ko line."""
    assert pair.en is not None and pair.ko is not None
    for i in range(max(len(only_en), len(only_ko))):
        a = only_en[i] if i < len(only_en) else None
        b = only_ko[i] if i < len(only_ko) else None
        if a is not None and b is not None:
            yield hit(
                pair.ko,
                b.line,
                f"{what} `{b.value}` differs from the source's `{a.value}`",
                column=column_of(pair.ko, b.line, b.value),
                other=pair.en,
                other_line=a.line,
            )
        elif a is not None:
            yield hit(
                pair.ko,
                map_line(en, ko, a.line),
                f"{what} `{a.value}` of the source is missing",
                other=pair.en,
                other_line=a.line,
            )
        elif b is not None:
            yield hit(
                pair.ko,
                b.line,
                f"{what} `{b.value}` is not in the source",
                column=column_of(pair.ko, b.line, b.value),
                other=pair.en,
                other_line=map_line(ko, en, b.line),
            )


_UNIT = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12,
}  # fmt: skip
_NUMBER_UNIT_RE = re.compile(
    rf"(?<![\w.])(\d+(?:[.,]\d+)*)(?:\s*(thousand|million|billion|trillion)\b|\s?(천|만|억|조)(?![{HANGUL}]*?[\d]))?"
)


def _canonical(digits: str, unit: str | None) -> str:
    """``65 million`` and ``6500만`` are the same number: compare values, not words."""
    if not unit:
        return digits
    try:
        value = float(digits.replace(",", "")) * _UNIT[unit]
    except ValueError:
        return digits
    return f"{value:.6g}"


def numbers_with_units(text: str, line: int) -> list[Fact]:
    """Numbers of a prose line as facts (value canonical, ``text`` as written)."""
    out = []
    allowed = set(numbers_in(text))
    for match in _NUMBER_UNIT_RE.finditer(text):
        digits = match.group(1)
        plain = digits.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", digits) else digits
        plain = plain.rstrip(".")
        if plain not in allowed:
            continue
        unit = match.group(2) or match.group(3)
        value = _canonical(plain, unit.lower() if unit else None)
        out.append(Fact(value, line, match.group(0).strip()))
    return out


def _number_facts(section: Section) -> list[Fact]:
    facts = numbers_with_units(section.title, section.line)
    for block in section.blocks:
        for line, text in block.lines:
            facts.extend(numbers_with_units(text, line))
    return facts


_NUMBER_TOKEN_RE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


@rule("number-mismatch", "warning", scope="pair")
def number_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the numbers written in digits in the prose of aligned sections (headings
    included, code and URLs excluded): a number of the source missing from the
    translation, or one the source does not have, is reported. ``1,000`` equals ``1000``.

    ## Why is this bad?
    Numbers are facts (years, sizes, percentages); a changed digit is a wrong statement
    that no reader of one language can notice.

    ## Example
    ```markdown
    <!-- en.md -->                       <!-- ko.md -->
    Transformers appeared in 2017.       트랜스포머는 2019년에 등장했습니다.
    ```

    Use instead:
    ```markdown
    트랜스포머는 2017년에 등장했습니다.
    ```
    """
    if pair.en is None or pair.ko is None:
        return
    for en, ko in aligned(pair):
        en_facts, ko_facts = _number_facts(en), _number_facts(ko)
        only_en, only_ko = _diff(en_facts, ko_facts)
        if not only_en and not only_ko:
            continue
        # A number moved into code, a link or a formula on the other side is still there.
        ko_raw = Counter(_NUMBER_TOKEN_RE.findall(own_text(pair.ko, ko).replace(",", "")))
        en_raw = Counter(_NUMBER_TOKEN_RE.findall(own_text(pair.en, en).replace(",", "")))
        en_counts = Counter(f.value for f in en_facts)
        ko_counts = Counter(f.value for f in ko_facts)
        only_en = [f for f in only_en if ko_raw[f.value] < en_counts[f.value]]
        only_ko = [f for f in only_ko if en_raw[f.value] < ko_counts[f.value]]
        shown_en = [Fact(f.text or f.value, f.line) for f in only_en]
        shown_ko = [Fact(f.text or f.value, f.line) for f in only_ko]
        yield from _report_diff(pair, en, ko, shown_en, shown_ko, "number")


# --- code -----------------------------------------------------------------------------------------

_HASH_LANGS = {
    "python", "py", "python3", "sh", "bash", "shell", "zsh", "console", "yaml", "yml", "toml",
    "r", "ruby", "rb", "perl", "dockerfile", "makefile", "make", "ini", "conf", "cfg", "pycon",
    "ipython", "text", "txt", "plaintext", "", "diff", "powershell", "ps1", "nix", "julia",
}  # fmt: skip
_SLASH_LANGS = {
    "js", "javascript", "ts", "typescript", "jsx", "tsx", "c", "cpp", "c++", "h", "java", "go",
    "rust", "rs", "kotlin", "kt", "swift", "cs", "csharp", "php", "scala", "json", "jsonc",
    "json5", "dart", "css", "scss", "less", "groovy", "proto", "", "text", "txt", "plaintext",
}  # fmt: skip
_DASH_LANGS = {"sql", "lua", "haskell", "hs", "ada", "elm"}


def strip_code(code: str, info: str, keep_strings: bool = False) -> str:
    """Code with comments removed and string literals emptied (both may be translated).

    With ``keep_strings`` the literals keep their content but lose their quotes (so that
    ``'a[b]'`` and ``a[b]`` on a shell line compare equal).
    """
    lang = (info.split()[0] if info.split() else "").lower().strip("{}.")
    hash_ok = lang in _HASH_LANGS or lang not in _SLASH_LANGS | _DASH_LANGS
    slash_ok = lang in _SLASH_LANGS
    dash_ok = lang in _DASH_LANGS
    html_ok = lang in {"html", "xml", "markdown", "md", "svg", "vue"}
    out: list[str] = []
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        at_word_start = i == 0 or code[i - 1] in " \t\n"
        if code.startswith(('"""', "'''"), i):
            quote = code[i : i + 3]
            end = code.find(quote, i + 3)
            end = n if end < 0 else end + 3
            out.append(code[i + 3 : end - 3] if keep_strings else '""')
            i = end
        elif ch in "\"'`" and (ch != "'" or not (i and code[i - 1].isalnum())):
            j = i + 1
            while j < n and code[j] != ch and code[j] != "\n":
                j += 2 if code[j] == "\\" else 1
            if j < n and code[j] == ch:
                out.append(code[i + 1 : j] if keep_strings else '""')
                i = j + 1
            else:
                out.append(ch)
                i += 1
        elif (hash_ok and ch == "#" and (at_word_start or (lang in _HASH_LANGS and lang))) or (
            slash_ok and code.startswith("//", i) and (at_word_start or lang)
        ):
            while i < n and code[i] != "\n":
                i += 1
        elif slash_ok and code.startswith("/*", i):
            end = code.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif dash_ok and code.startswith("--", i):
            while i < n and code[i] != "\n":
                i += 1
        elif html_ok and code.startswith("<!--", i):
            end = code.find("-->", i + 4)
            i = n if end < 0 else end + 3
        else:
            out.append(ch)
            i += 1
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line)


def _plain_in(code: str, text: str) -> bool:
    """True when ``code`` appears in ``text`` as plain words (its backticks dropped)."""
    pattern = r"(?<![\w`.\-])" + re.escape(code) + r"(?![\w`\-])"
    return re.search(pattern, text) is not None


_WORDLIKE_RE = re.compile(r"^[A-Za-z][a-z]*(?: [A-Za-z][a-z]*)*$")


def _code_blocks(section: Section) -> list[Block]:
    return [b for b in section.blocks if b.kind == "code"]


def _first_diff_line(a: str, b: str) -> int:
    """Index of the first line of ``b`` that differs from ``a`` in a way that matters."""
    a_lines, b_lines = a.split("\n"), b.split("\n")
    matcher = difflib.SequenceMatcher(a=a_lines, b=b_lines, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag in ("replace", "insert") and all(HANGUL_RE.search(x) for x in b_lines[j1:j2]):
            continue  # translated prose printed by the code (an example's output)
        return j1
    return -1


def _raw_code_line(block: Block, stripped_index: int, info: str) -> int:
    """The source line of the ``stripped_index``-th non-empty stripped line of a code block."""
    count = -1
    for offset, line in enumerate(block.code.split("\n")):
        if strip_code(line, info).strip():
            count += 1
            if count >= stripped_index:
                fence = (
                    1 if block.info or block.end_line - block.line > block.code.count("\n") else 0
                )
                return block.line + fence + offset
    return block.line


@rule("code-mismatch", "error", scope="pair")
def code_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares code in aligned sections: fenced and indented code blocks one by one, and
    inline code spans as a multiset. Comments and the contents of string literals may be
    translated, so they are removed before comparing; whitespace is normalised. Inline
    code written in Hangul on one side counts as translated, and an inline span whose text
    still appears in the other section (only its backticks dropped) is not reported.

    ## Why is this bad?
    Code must run the same in both languages; a changed identifier, argument or command
    in the translation breaks the reader's copy-paste.

    ## Example
    ```markdown
    <!-- en.md -->                       <!-- ko.md -->
    Run `pip install smolagents`.        `pip install smolagent`를 실행하세요.
    ```

    Use instead:
    ```markdown
    `pip install smolagents`를 실행하세요.
    ```
    """
    if pair.en is None or pair.ko is None:
        return
    for en, ko in aligned(pair):
        en_blocks, ko_blocks = _code_blocks(en), _code_blocks(ko)
        for a, b in zip(en_blocks, ko_blocks, strict=False):
            sa, sb = strip_code(a.code, a.info), strip_code(b.code, b.info or a.info)
            if sa == sb or strip_code(a.code, a.info, True) == strip_code(
                b.code, b.info or a.info, True
            ):
                continue
            index = _first_diff_line(sa, sb)
            if index < 0:
                continue
            line = _raw_code_line(b, index, b.info or a.info)
            yield hit(
                pair.ko,
                line,
                "code block differs from the source's (comments and strings aside)",
                other=pair.en,
                other_line=a.line,
            )
        for a in en_blocks[len(ko_blocks) :]:
            yield hit(
                pair.ko,
                map_line(en, ko, a.line),
                "code block of the source is missing",
                other=pair.en,
                other_line=a.line,
            )
        for b in ko_blocks[len(en_blocks) :]:
            yield hit(
                pair.ko,
                b.line,
                "code block is not in the source",
                other=pair.en,
                other_line=map_line(ko, en, b.line),
            )
        spans_en = [f for f in _facts(en, "code_spans") if not HANGUL_RE.search(f.value)]
        spans_ko = [f for f in _facts(ko, "code_spans") if not HANGUL_RE.search(f.value)]
        only_en, only_ko = _diff(spans_en, spans_ko, key=lambda v: " ".join(v.split()))
        if not only_en and not only_ko:
            continue
        ko_text, en_text = own_text(pair.ko, ko), own_text(pair.en, en)
        only_en = [f for f in only_en if not _plain_in(f.value, ko_text)]
        only_ko = [f for f in only_ko if not _plain_in(f.value, en_text)]
        if not only_ko:  # a plain word in backticks may be translated (`Tools` -> 도구)
            only_en = [f for f in only_en if not _WORDLIKE_RE.match(f.value)]
        if not only_en:
            only_ko = [f for f in only_ko if not _WORDLIKE_RE.match(f.value)]
        yield from _report_diff(pair, en, ko, only_en, only_ko, "inline code")


# --- formulas --------------------------------------------------------------------------------------

_TEXT_CMD_RE = re.compile(
    r"\\(?:text|mathrm|textrm|textbf|mbox|operatorname|mathit|textit)\s*\{[^{}]*\}"
)
_SKELETON_RE = re.compile(r"[^0-9+\-*/=^()\[\]<>×÷·.,%√∑∏]")


def _norm_tex(tex: str) -> str:
    return "".join(_TEXT_CMD_RE.sub(r"\\text{}", tex).split())


def _formula_facts(section: Section) -> list[Fact]:
    out = []
    for block in section.blocks:
        for fact in block.math:
            out.append(Fact(fact.value, fact.line, "math"))
        for line, text in block.lines:
            for formula in formulas_in(text):
                out.append(Fact(formula, line, "label"))
    return out


def _formula_key(fact_value: str, other_has_hangul: bool) -> str:
    if other_has_hangul or HANGUL_RE.search(fact_value):
        return _SKELETON_RE.sub("", _norm_tex(fact_value))
    return _norm_tex(fact_value)


@rule("formula-mismatch", "error", scope="pair")
def formula_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the formulas of aligned sections: math (``$...$``, ``$$...$$``) and the text
    after ``Formula:``/``공식:`` labels, in order, with whitespace ignored. Words inside
    ``\\text{}`` may be translated; when a label formula is translated into Korean, only
    its operators and digits are compared.

    ## Why is this bad?
    A formula is the same in every language; a lost operator (``2 _ x`` for ``2 * x``,
    often Markdown eating ``*``) makes it wrong.

    ## Example
    ```markdown
    <!-- en.md -->                               <!-- ko.md -->
    Formula: 2 * (Precision * Recall)            공식: 2 _ (Precision _ Recall)
    ```

    Use instead:
    ```markdown
    공식: 2 * (Precision * Recall)
    ```
    """
    if pair.en is None or pair.ko is None:
        return
    for en, ko in aligned(pair):
        fa, fb = _formula_facts(en), _formula_facts(ko)
        if not fa and not fb:
            continue
        for a, b in zip(fa, fb, strict=False):
            hangul = bool(HANGUL_RE.search(a.value) or HANGUL_RE.search(b.value))
            if _formula_key(a.value, hangul) != _formula_key(b.value, hangul):
                yield hit(
                    pair.ko,
                    b.line,
                    f"formula `{b.value}` differs from the source's `{a.value}`",
                    column=column_of(pair.ko, b.line, b.value[:20]),
                    other=pair.en,
                    other_line=a.line,
                )
        for a in fa[len(fb) :]:
            yield hit(
                pair.ko,
                map_line(en, ko, a.line),
                f"formula `{a.value}` of the source is missing",
                other=pair.en,
                other_line=a.line,
            )
        for b in fb[len(fa) :]:
            yield hit(
                pair.ko,
                b.line,
                f"formula `{b.value}` is not in the source",
                other=pair.en,
                other_line=map_line(ko, en, b.line),
            )


# --- links and images -------------------------------------------------------------------------------

_LANG_SEGMENT_RE = re.compile(r"(?<=/)(en|ko|en-us|ko-kr|kr)(?=/|$)|^(https?://)(en|ko)\.", re.I)


def _norm_url(url: str) -> str:
    url = url.strip().rstrip("/")
    url = re.sub(r"^http://", "https://", url)
    url = _LANG_SEGMENT_RE.sub(lambda m: (m.group(2) + "{lang}.") if m.group(2) else "{lang}", url)
    url = re.sub(r"([?&](?:hl|lang|language)=)[\w-]+", r"\1{lang}", url)
    return url


def _external_links(section: Section) -> list[Fact]:
    return [f for f in _facts(section, "links") if re.match(r"(?i)^(https?|ftp|mailto):", f.value)]


@rule("url-mismatch", "warning", scope="pair")
def url_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the external link targets (``http(s)``, ``ftp``, ``mailto``) of aligned
    sections as a multiset. A language code in the address (``/en/`` against ``/ko/``,
    ``en.wikipedia.org`` against ``ko.wikipedia.org``, ``?hl=ko``) is not a difference, and
    a trailing ``/`` is ignored. Links inside the document (``#...``, relative paths) are
    checked by ``broken-anchor`` instead.

    ## Why is this bad?
    A changed or dropped link sends the reader of the translation elsewhere, or nowhere.

    ## Example
    ```markdown
    <!-- en.md -->                                   <!-- ko.md -->
    [docs](https://huggingface.co/docs/smolagents)   [문서](https://huggingface.co/docs/smolagent)
    ```

    Use instead:
    ```markdown
    [문서](https://huggingface.co/docs/smolagents)
    ```
    """
    if pair.en is None or pair.ko is None:
        return
    for en, ko in aligned(pair):
        only_en, only_ko = _diff(_external_links(en), _external_links(ko), key=_norm_url)
        yield from _report_diff(pair, en, ko, only_en, only_ko, "link")


def _image_key(src: str) -> str:
    return _norm_url(src.split("?")[0])


@rule("image-mismatch", "error", scope="pair")
def image_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the images (Markdown and HTML ``<img>``) of aligned sections by source, as a
    multiset; a language code in the path (``/en/`` against ``/ko/``) is not a difference.

    ## Why is this bad?
    A dropped figure leaves the translation's text referring to nothing; a different file
    may show other data.

    ## Example
    ```markdown
    <!-- en.md -->                   <!-- ko.md -->
    ![Overview](img/overview.png)    (no image)
    ```

    Use instead:
    ```markdown
    ![개요](img/overview.png)
    ```
    """
    if pair.en is None or pair.ko is None:
        return
    for en, ko in aligned(pair):
        only_en, only_ko = _diff(_facts(en, "images"), _facts(ko, "images"), key=_image_key)
        yield from _report_diff(pair, en, ko, only_en, only_ko, "image")


def _blocks_of(section: Section, kind: str) -> list[Block]:
    return [b for b in section.blocks if b.kind == kind]


def _match_by_position(
    en: Section, ko: Section, kind: str
) -> Iterator[tuple[Block | None, Block | None]]:
    """Pair the blocks of one kind: same order; unmatched ones by block position."""
    a, b = _blocks_of(en, kind), _blocks_of(ko, kind)
    if len(a) == len(b):
        yield from zip(a, b, strict=True)
        return
    # Different counts: pair each block with the one at the nearest block index.
    idx_en = {id(x): i for i, x in enumerate(en.blocks)}
    idx_ko = {id(x): i for i, x in enumerate(ko.blocks)}
    matcher = difflib.SequenceMatcher(
        a=[idx_en[id(x)] for x in a], b=[idx_ko[id(x)] for x in b], autojunk=False
    )
    used_b: set[int] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                used_b.add(j)
                yield a[i], b[j]
        else:
            for k, i in enumerate(range(i1, i2)):
                j = j1 + k
                if j < j2:
                    used_b.add(j)
                    yield a[i], b[j]
                else:
                    yield a[i], None
            for j in range(j1 + (i2 - i1), j2):
                yield None, b[j]


def _ko_line_for_block(en: Section, ko: Section, block: Block) -> int:
    return map_line(en, ko, block.line)


@rule("list-count-mismatch", "warning", scope="pair")
def list_count_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the lists of aligned sections: the same number of lists, each with the same
    number of top-level items. A list written as plain lines on one side is reported too.

    ## Why is this bad?
    A dropped item is dropped content; a list turned into loose lines renders as one run-on
    paragraph.

    ## Example
    ```markdown
    <!-- en.md -->          <!-- ko.md -->
    - Efficiency            효율성
    - Flexibility           유연성
    ```

    Use instead:
    ```markdown
    - 효율성
    - 유연성
    ```
    """
    return _compare_blocks(
        pair,
        "list",
        lambda x: (x.items,),
        lambda x: f"list of {x.items} items",
        "is not a list here",
    )


@rule("table-shape-mismatch", "error", scope="pair")
def table_shape_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the tables of aligned sections: the same number of tables, each with the same
    number of rows and columns.

    ## Why is this bad?
    A dropped row or column loses data; a misplaced ``|`` shifts every cell after it.

    ## Example
    ```markdown
    <!-- en.md -->               <!-- ko.md -->
    | Model | Size | Year |      | 모델 | 크기 |
    ```

    Use instead:
    ```markdown
    | 모델 | 크기 | 연도 |
    ```
    """
    return _compare_blocks(
        pair,
        "table",
        lambda x: (x.rows, x.cols),
        lambda x: f"{x.rows}-row, {x.cols}-column table",
        "is missing here",
    )


def _compare_blocks(
    pair: DocumentPair,
    kind: str,
    shape: Callable[[Block], tuple[int, ...]],
    describe: Callable[[Block], str],
    absent: str,
) -> Iterator[Finding]:
    """Blocks of one kind matched by position in aligned sections: shapes must agree."""
    if pair.en is None or pair.ko is None:
        return
    for en, ko in aligned(pair):
        for a, b in _match_by_position(en, ko, kind):
            if a is not None and b is not None:
                if shape(a) != shape(b):
                    yield hit(
                        pair.ko,
                        b.line,
                        f"{describe(b)}; the source's is a {describe(a)}",
                        other=pair.en,
                        other_line=a.line,
                    )
            elif a is not None:
                yield hit(
                    pair.ko,
                    _ko_line_for_block(en, ko, a),
                    f"the source's {describe(a)} {absent}",
                    other=pair.en,
                    other_line=a.line,
                )
            elif b is not None:
                yield hit(
                    pair.ko,
                    b.line,
                    f"{describe(b)} is not in the source",
                    other=pair.en,
                    other_line=map_line(ko, en, b.line),
                )


def prose_chars(doc: Document, section: Section) -> int:
    """Non-space characters of prose (code, URLs, math excluded) in a section's own blocks."""
    return sum(len("".join(b.text.split())) for b in section.blocks if b.kind != "code")
