"""Equivalences of facts written differently in two languages: links, images, numbers.

- Links: ``http``/``https``, a trailing ``/``, ``.md``/``.html``/no suffix and a language
  code in the path are not differences; a relative link (``../std/x.html``) and an absolute
  URL whose path ends the same way (``https://doc.rust-lang.org/std/x.html``) are the same
  target.
- Numbers: thousands separators, units (``65 million`` = ``6500만``), English number words
  and ordinals (``six``, ``sixth``, ``December``), Korean native numerals (``여섯``), and a
  value rounded to the shorter precision (``3.14`` = ``3.1``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..parse import numbers_in
from ..text import HANGUL_SYLLABLES

# --- links -------------------------------------------------------------------------------

_LANG_SEGMENT_RE = re.compile(r"(?<=/)(en|ko|en-us|ko-kr|kr)(?=/|$)|^(https?://)(en|ko)\.", re.I)
_EXTERNAL_RE = re.compile(r"(?i)^(https?|ftp|mailto):")
_SUFFIX_RE = re.compile(r"(?i)(/index)?\.(md|mdx|markdown|html?)$|/index$")


def is_external(url: str) -> bool:
    return _EXTERNAL_RE.match(url) is not None


_TRAILING_HANGUL_RE = re.compile(f"[{HANGUL_SYLLABLES}]+$")


_HTTP_RE = re.compile(r"^http://")
_HOST_ALIAS_RE = re.compile(
    r"(?i)^https://(?:www\.)?(?:(hf\.co|huggingface\.co)(?=[/?#:]|$)|([^/?#]+))"
)
"""``www.`` aside, and ``hf.co`` (Hugging Face's short host) the same as ``huggingface.co``."""
_MOVED_HOSTS = {"sfc.vuejs.org": "play.vuejs.org"}
"""Hosts that moved and redirect to their new name (the Vue SFC Playground)."""
_STATE_FRAGMENT_RE = re.compile(r"(?=[^A-Z]*[A-Z])(?=[^a-z]*[a-z])(?=\D*\d)[A-Za-z0-9+/=_-]{40,}")
"""A fragment that is an app's encoded state (a playground's code, base64 or compressed: 40+
characters, mixed case and digits), not an anchor (a slug is lower case): a translated example
encodes to another state of the same page."""
_HF_DOCS_VERSION_RE = re.compile(
    r"^(https://huggingface\.co/docs/[\w.-]+/)(?:main|v\d+(?:\.\d+)*)/"
)
"""A Hugging Face docs page in its development (``main``) or a numbered version's build: the
same page as the current one (``/docs/transformers/main/en/x`` = ``/docs/transformers/en/x``)."""
_LANG_QUERY_RE = re.compile(r"([?&](?:hl|lang|language)=)[\w-]+")
_COSMETIC_PARAM_RE = re.compile(r"(?i)utm_\w+=.*|tab=readme(?:-ov-file)?")
"""Query parameters that do not change the page: tracking, GitHub's README tab."""


_PAPER_RE = re.compile(
    r"(?i)^(?:https?://)?(?:www\.|export\.)?(?:arxiv\.org/(?:abs|pdf)|huggingface\.co/papers)/"
    r"(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?$"
)
"""An arXiv paper and its Hugging Face Papers page (keyed by the arXiv id) are the same paper."""


def _drop_cosmetic_query(base: str) -> str:
    if "?" not in base:
        return base
    path, _, query = base.partition("?")
    kept = [p for p in query.split("&") if p and not _COSMETIC_PARAM_RE.fullmatch(p)]
    return path + ("?" + "&".join(kept) if kept else "")


@lru_cache(maxsize=16384)
def norm_url(url: str, languages: bool = True) -> str:
    """An absolute URL, compared: scheme, trailing ``/``, file suffix, tracking and GitHub tab
    query parameters and (with ``languages``) the language code aside, an arXiv paper the same
    as its Hugging Face Papers page, the host's ``www.``, case and short alias (``hf.co``), a Hugging Face docs version
    (``main``, ``v4.40.0``), a host that moved (``sfc.vuejs.org``), a fragment that encodes a
    playground's state (``#eNqF...``), and a Korean particle an autolink swallowed."""
    url = _TRAILING_HANGUL_RE.sub("", url.strip())
    if paper := _PAPER_RE.match(url):
        return "arxiv:" + paper.group(1)
    url = _HOST_ALIAS_RE.sub(_host, _HTTP_RE.sub("https://", url))
    url = _HF_DOCS_VERSION_RE.sub(r"\1", url)
    base, _, fragment = url.partition("#")
    if _STATE_FRAGMENT_RE.fullmatch(fragment):
        fragment = "{state}"
    base = _SUFFIX_RE.sub("", _drop_cosmetic_query(base).rstrip("/"))
    if languages:
        base = _LANG_SEGMENT_RE.sub(
            lambda m: (m.group(2) + "{lang}.") if m.group(2) else "{lang}", base
        )
        base = _LANG_QUERY_RE.sub(r"\1{lang}", base)
    return base + ("#" + fragment if fragment else "")


def _host(match: re.Match[str]) -> str:
    if match.group(1):
        return "https://huggingface.co"
    host = match.group(2).lower()
    return "https://" + _MOVED_HOSTS.get(host, host)


_HOST_RE = re.compile(r"^[a-z]+://[^/]*")


@lru_cache(maxsize=16384)
def path_key(url: str) -> str:
    """The path of a link without host, ``./``/``../``, suffix and query (for anchoring)."""
    url = norm_url(url).split("#")[0].split("?")[0]
    url = _HOST_RE.sub("", url)
    while url.startswith(("../", "./", "/")):
        url = url[3:] if url.startswith("../") else url[2:] if url.startswith("./") else url[1:]
    if url.startswith("{lang}/"):  # ``/ko/docs/x``: the same page in the Korean edition
        url = url[len("{lang}/") :]
    return url.lower()


_SITE_PAGE_RE = re.compile(r"(?i)^https?://developer\.mozilla\.org(?=/)")
"""An MDN page by its address: the same target as its site path (``/en-US/docs/x``), which
MDN pages write (and KumaScript cross-references lead to)."""


def link_key(url: str) -> str:
    if _SITE_PAGE_RE.match(url):
        return path_key(_SITE_PAGE_RE.sub("", url))
    return norm_url(url) if is_external(url) else path_key(url)


def same_target(a: str, b: str) -> bool:
    """Two link targets that lead to the same page (see the module docstring)."""
    if is_external(a) and is_external(b):
        return norm_url(a) == norm_url(b)
    ka, kb = path_key(a), path_key(b)
    if not ka or not kb:
        return norm_url(a) == norm_url(b)
    if ka == kb:
        return (a.partition("#")[2] or "") == (b.partition("#")[2] or "") or not (
            is_external(a) or is_external(b)
        )
    short, long_ = sorted((ka, kb), key=len)
    return short.count("/") >= 1 and long_.endswith("/" + short)


def image_key(src: str) -> str:
    return norm_url(src.split("?")[0])


# --- numbers -----------------------------------------------------------------------------

_UNIT = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12,
}  # fmt: skip
_NUMBER_UNIT_RE = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)*)(?:\s*(thousand|million|billion|trillion)\b|\s?(천|만|억|조)(?!["
    + HANGUL_SYLLABLES
    + r"]*?[\d]))?"
)
_EN_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_EN_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70})
_EN_WORDS.update({"eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000})
_EN_WORDS.update({"million": 1000000, "billion": 1000000000, "once": 1, "twice": 2})
_EN_WORDS.update({"dozen": 12, "single": 1, "double": 2, "triple": 3, "half": 2})
_EN_WORDS.update({"nonzero": 0, "none": 0, "no": 0})
_EN_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
_EN_WORDS.update({w: i + 1 for i, w in enumerate(_EN_ORDINALS)})
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_EN_WORDS.update({w: i + 1 for i, w in enumerate(_MONTHS) if w != "may"})
_MONTH_ABBR_RE = re.compile(
    r"(?:(?<=\d )|(?<=\d\xa0))(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
    r"|\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?= \d)"
)
"""An abbreviated month next to a day or year (``23 Oct, 2020``, ``Oct. 23``): its number
(``2020년 10월 23일``). Alone, ``Mar`` or ``Dec`` may be other words."""
_ABBR_MONTH = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)}
_KO_WORDS = {
    "하나": 1, "한": 1, "첫": 1, "둘": 2, "두": 2, "셋": 3, "세": 3, "석": 3, "넷": 4, "네": 4,
    "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스물": 20, "스무": 20,
    "서른": 30, "마흔": 40, "쉰": 50, "백": 100, "천": 1000, "만": 10000, "억": 100000000,
    "영": 0,
}  # fmt: skip
_WORD_RE = re.compile(f"[A-Za-z]+|[{HANGUL_SYLLABLES}]+")
_KO_PREFIX_RE = re.compile("|".join(sorted(_KO_WORDS, key=len, reverse=True)))


def _canonical(digits: str, unit: str | None) -> str:
    """``65 million`` and ``6500만`` are the same number: compare values, not words."""
    if not unit:
        return digits
    try:
        value = float(digits.replace(",", "")) * _UNIT[unit]
    except ValueError:
        return digits
    return f"{value:.6g}"


_ANY_DIGIT_RE = re.compile(r"\d")
_GROUPED_RE = re.compile(r"\d{1,3}(,\d{3})+")


def numbers_with_units(text: str) -> list[tuple[str, str]]:
    """Numbers of a prose line as ``(canonical value, as written)``."""
    if _ANY_DIGIT_RE.search(text) is None:
        return []  # most prose lines: no digit, no number
    return list(_numbers_with_units(text))


@lru_cache(maxsize=65536)
def _numbers_with_units(text: str) -> tuple[tuple[str, str], ...]:
    """:func:`numbers_with_units`, once per distinct line (several rules read the same lines)."""
    out = []
    allowed = set(numbers_in(text))
    for match in _NUMBER_UNIT_RE.finditer(text):
        digits = match.group(1)
        plain = digits.replace(",", "") if _GROUPED_RE.fullmatch(digits) else digits
        plain = plain.rstrip(".")
        if plain not in allowed:
            continue
        unit = match.group(2) or match.group(3)
        out.append((_canonical(plain, unit.lower() if unit else None), match.group(0).strip()))
    return tuple(out)


def number_values(text: str) -> tuple[str, ...]:
    """The canonical values of :func:`numbers_with_units`."""
    if _ANY_DIGIT_RE.search(text) is None:
        return ()
    return _number_values(text)


@lru_cache(maxsize=65536)
def _number_values(text: str) -> tuple[str, ...]:
    return tuple(value for value, _ in _numbers_with_units(text))


_MAY_DATE_RE = re.compile(r"\bMay\s+\d|\d\s+May\b")
"""The month May next to a day or a year (``May 2020``, ``5 May``): not the verb."""


def word_numbers(text: str) -> set[str]:
    """Values written as words: English numerals, ordinals and months (``May`` only next to
    a day or a year); Korean native numerals (a Korean word counts when it starts with a
    numeral: ``여섯째``, ``세``+counter)."""
    out: set[str] = {"5"} if "May" in text and _MAY_DATE_RE.search(text) else set()
    for word in set(_WORD_RE.findall(text)):  # each distinct word once
        low = word.lower()
        if low in _EN_WORDS:
            out.add(str(_EN_WORDS[low]))
            continue
        match = _KO_PREFIX_RE.match(word)
        if match:
            out.add(str(_KO_WORDS[match.group(0)]))
    for m in _MONTH_ABBR_RE.finditer(text):
        out.add(str(_ABBR_MONTH[(m.group(1) or m.group(2))[:3].lower()]))
    return out


_DIGITS_RE = re.compile(r"(?<![.])(?<![^\W" + HANGUL_SYLLABLES + r"])\d+(?:[.,]\d+)*")


def raw_numbers(text: str) -> set[str]:
    """Every digit run of raw source text (code, links and math included), glued Korean
    prefixes included (``제1단원`` holds the ``1`` of "Chapter 1")."""
    return {m.replace(",", "") for m in _DIGITS_RE.findall(text)}


def number_present(value: str, pool: Iterable[str]) -> bool:
    """``value`` is in ``pool``, or equal to one of its numbers at the shorter precision."""
    pool = set(pool)
    if value in pool:
        return True
    try:
        x = float(value)
    except ValueError:
        return False
    for other in pool:
        try:
            y = float(other)
        except ValueError:
            continue
        if x == y:
            return True
        places = min(_places(value), _places(other))
        if (
            places >= 1
            and _places(value) != _places(other)
            and round(x, places) == round(y, places)
        ):
            return True
    return False


def _places(value: str) -> int:
    return len(value.split(".", 1)[1]) if "." in value else 0
