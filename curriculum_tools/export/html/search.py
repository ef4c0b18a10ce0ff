"""Offline search: a prebuilt index of every section of every page, in both languages.

The index is a script file (``search-index.js``: pages opened from ``file://`` may not fetch
JSON) that sets ``CTOOLS_SEARCH = {"pages": [[title, url, lang], ...], "entries": [[page,
section title, anchor], ...], "terms": {term: postings}}``; ``search.js`` (the site's own, a
few lines) splits the query into terms exactly as :func:`terms` does, scores the entries and
lists them best first, as the reader types and for ``search.html?q=...``.

Terms. Text is NFC-normalised (a Mac types Hangul as conjoining jamo) and lower-cased.
Other scripts give words (the last query word matches as a prefix: ``tokeniz``). Hangul is
written with the spaces taken out of each run of Hangul words and cut into character
bigrams: ``모델 학습`` gives ``모델 델학 학습``, so a reader who types ``모델학습`` (or
``모델 학습``) finds it, ``학습`` finds ``학습하기`` and ``토크나이저는`` finds
``토크나이저`` (particles attach to words); a one-syllable query matches the bigrams that
hold it.

Matching and ranking (in ``search.js``). Every non-Hangul word must match; of the Hangul
bigrams, at least two thirds (a reader's spacing, particles and endings differ from the
page's: ``모델을 학습`` is still found by ``모델학습``, below the pages that say it).
Entries rank by the share of the query's terms they hold, then by how many of them their
title holds, then in course order.

Size. Postings are entry numbers, delta-coded in base 32 with no separators (the last digit
of each number from ``0-9a-v``, the others from ``A-Z!#$%&*``): most take one byte. Each
page's title and URL are stored once. Content never adds scripts: the sanitizer strips them
from every fragment; ``site.js``, ``search.js`` and this index are the site's only scripts.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field

from ...text import HANGUL_SYLLABLES

SEARCH_PAGE = "search.html"
INDEX_FILE = "search-index.js"
SCRIPT_FILE = "search.js"
_HANGUL_SPAN_RE = re.compile(f"[{HANGUL_SYLLABLES}]+(?:\\s+[{HANGUL_SYLLABLES}]+)*")
_WORD_RE = re.compile(f"[^\\W_{HANGUL_SYLLABLES}]+")
_SPACE_RE = re.compile(r"\s+")
_TAG_RE = re.compile(r"<[^>]*>")
LAST_DIGITS = "0123456789abcdefghijklmnopqrstuv"
MORE_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*"


def terms(text: str) -> list[str]:
    """The search terms of a text (see the module docstring); search.js does the same."""
    text = unicodedata.normalize("NFC", text).lower()
    out: list[str] = []
    for span in _HANGUL_SPAN_RE.findall(text):
        run = _SPACE_RE.sub("", span)
        out += [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
    for word in _WORD_RE.findall(_HANGUL_SPAN_RE.sub(" ", text)):
        if len(word) > 1 or word.isdigit():
            out.append(word)
    return out


def plain(fragment: str) -> str:
    """The visible text of an HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(_TAG_RE.sub(" ", fragment))


def encode_postings(numbers: list[int]) -> str:
    """Ascending entry numbers as base-32 deltas (see the module docstring)."""
    out: list[str] = []
    last = 0
    for number in numbers:
        delta, last = number - last, number
        digits = [LAST_DIGITS[delta % 32]]
        delta //= 32
        while delta:
            digits.append(MORE_DIGITS[delta % 32])
            delta //= 32
        out.append("".join(reversed(digits)))
    return "".join(out)


def decode_postings(code: str) -> list[int]:
    """The inverse of :func:`encode_postings` (search.js decodes alike)."""
    out: list[int] = []
    last = value = 0
    for char in code:
        if char in MORE_DIGITS:
            value = value * 32 + MORE_DIGITS.index(char)
        else:
            last += value * 32 + LAST_DIGITS.index(char)
            out.append(last)
            value = 0
    return out


@dataclass(slots=True)
class SearchIndex:
    pages: list[tuple[str, str, str]] = field(default_factory=list)
    """Title, URL and language of each page."""
    entries: list[tuple[int, str, str]] = field(default_factory=list)
    """Page number, section title (``""``: the page's own text) and anchor of each entry."""
    postings: dict[str, list[int]] = field(default_factory=dict)

    def page(self, title: str, url: str, lang: str) -> int:
        """Start a page; its entries follow (:meth:`add`)."""
        self.pages.append((title, url, lang))
        return len(self.pages) - 1

    def add(self, page: int, section: str, anchor: str, text: str) -> None:
        number = len(self.entries)
        self.entries.append((page, section, anchor))
        title = section or self.pages[page][0]
        for term in dict.fromkeys(terms(title + "\n" + text)):
            self.postings.setdefault(term, []).append(number)

    def data(self) -> dict[str, object]:
        postings = {k: encode_postings(v) for k, v in sorted(self.postings.items())}
        return {"pages": self.pages, "entries": self.entries, "terms": postings}

    def script(self) -> str:
        text = json.dumps(self.data(), ensure_ascii=False, separators=(",", ":"))
        return "window.CTOOLS_SEARCH = " + text.replace("</", "<\\/") + ";\n"


SITE_SCRIPT_FILE = "site.js"
SITE_SCRIPT = """// ctools: on a narrow screen the page's contents and the course list start folded.
(function () {
  "use strict";
  if (window.matchMedia && window.matchMedia("(max-width: 50em)").matches) {
    document.querySelectorAll("details.nav-box").forEach(function (d) { d.open = false; });
  }
})();
"""

SCRIPT = r"""// ctools offline search: the site's own script (content never adds scripts).
(function () {
  "use strict";
  var HANGUL = /[\uac00-\ud7a3]/;
  var SPAN = /[\uac00-\ud7a3]+(?:\s+[\uac00-\ud7a3]+)*/g;
  var LAST = "0123456789abcdefghijklmnopqrstuv", MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*";
  function terms(text) {  // as search.py's terms()
    var out = [];
    text = text.normalize("NFC").toLowerCase();
    (text.match(SPAN) || []).forEach(function (span) {
      var run = span.replace(/\s+/g, "");
      if (run.length === 1) { out.push(run); }
      for (var i = 0; i + 1 < run.length; i++) { out.push(run.slice(i, i + 2)); }
    });
    (text.replace(SPAN, " ").match(/[\p{L}\p{N}]+/gu) || []).forEach(function (word) {
      if (word.length > 1 || /^[0-9]$/.test(word)) { out.push(word); }
    });
    return out;
  }
  function decode(code) {
    var out = [], last = 0, value = 0;
    for (var i = 0; i < code.length; i++) {
      var more = MORE.indexOf(code[i]);
      if (more >= 0) { value = value * 32 + more; continue; }
      last += value * 32 + LAST.indexOf(code[i]);
      out.push(last);
      value = 0;
    }
    return out;
  }
  function lookup(index, term, prefix) {  // entry numbers holding the term
    var found = {};
    var keys = prefix ? Object.keys(index.terms) : index.terms[term] !== undefined ? [term] : [];
    keys.forEach(function (key) {
      var hit = key === term || (prefix && (HANGUL.test(term)
        ? key.indexOf(term) >= 0 : key.indexOf(term) === 0));
      if (hit) { decode(index.terms[key]).forEach(function (n) { found[n] = true; }); }
    });
    return found;
  }
  function search(index, query) {
    var wanted = Array.from(new Set(terms(query)));
    var hangul = wanted.filter(function (t) { return HANGUL.test(t); });
    var need = Math.ceil(hangul.length * 2 / 3);
    var score = {};
    wanted.forEach(function (term, i) {
      var single = HANGUL.test(term) && term.length === 1;
      var found = lookup(index, term, single || (i === wanted.length - 1 && !HANGUL.test(term)));
      Object.keys(found).forEach(function (n) {
        var s = score[n] || (score[n] = {words: 0, hangul: 0});
        if (HANGUL.test(term)) { s.hangul++; } else { s.words++; }
      });
    });
    var words = wanted.length - hangul.length, flat = query.normalize("NFC").toLowerCase();
    flat = flat.replace(/\s+/g, "");
    var found = Object.keys(score).map(Number).filter(function (n) {
      return score[n].words === words && score[n].hangul >= need;
    }).map(function (n) {
      var entry = index.entries[n], page = index.pages[entry[0]];
      var title = entry[1] || page[0];
      var own = terms(title), inTitle = 0;
      wanted.forEach(function (t) { if (own.indexOf(t) >= 0) { inTitle++; } });
      if (flat && title.normalize("NFC").toLowerCase().replace(/\s+/g, "").indexOf(flat) >= 0) {
        inTitle += wanted.length;
      }
      return {n: n, share: (score[n].words + score[n].hangul) / wanted.length, title: inTitle};
    });
    found.sort(function (a, b) { return b.share - a.share || b.title - a.title || a.n - b.n; });
    return found.map(function (hit) { return hit.n; });
  }
  window.ctoolsSearch = function (query) {  // [title, url, lang] of each result, best first
    var index = window.CTOOLS_SEARCH;
    return search(index, query).map(function (n) {
      var entry = index.entries[n], page = index.pages[entry[0]];
      var title = entry[1] && entry[1] !== page[0] ? page[0] + " \u203a " + entry[1] : page[0];
      return [title, page[1] + (entry[2] ? "#" + entry[2] : ""), page[2]];
    });
  };
  var box = document.getElementById("search-results");
  var input = document.getElementById("search-q");
  if (!box || !input || !window.CTOOLS_SEARCH) { return; }
  var root = box.getAttribute("data-root") || "";
  var count = document.getElementById("search-count");
  function show(query) {
    var found = query.trim() ? window.ctoolsSearch(query) : [];
    box.textContent = "";
    if (count) { count.textContent = query.trim() ? found.length + " results" : ""; }
    found.slice(0, 200).forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + hit[1];
      a.textContent = hit[0];
      a.lang = hit[2];
      li.appendChild(a);
      box.appendChild(li);
    });
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  show(query);
  input.addEventListener("input", function () { show(input.value); });
})();
"""
