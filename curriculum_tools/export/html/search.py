"""Offline search: a prebuilt index of every section of every page, in both languages.

The index is a script file (``search-index.js``: pages opened from ``file://`` may not fetch
JSON) that sets ``CTOOLS_SEARCH = {"entries": [[title, url, lang], ...], "terms": {term:
[entry, ...]}}``; ``search.js`` (the site's own, a few lines) reads the query of
``search.html?q=...``, splits it into terms exactly as :func:`terms` does and lists the
entries holding every term (the last one as a prefix). Terms are lower-cased words; Hangul
runs are cut into character bigrams (Korean has no spaces inside compounds and attaches
particles: ``토크나이저는`` finds ``토크나이저``). Content never adds scripts: the sanitizer
strips them from every fragment; these two files are the only scripts of the site.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from ...text import HANGUL_SYLLABLE_RE as _HANGUL_RE
from ...text import HANGUL_SYLLABLES

SEARCH_PAGE = "search.html"
INDEX_FILE = "search-index.js"
SCRIPT_FILE = "search.js"
_WORD_RE = re.compile(r"[^\W_]+")
_RUN_RE = re.compile(f"[{HANGUL_SYLLABLES}]+|[^{HANGUL_SYLLABLES}]+")
_TAG_RE = re.compile(r"<[^>]*>")


def terms(text: str) -> list[str]:
    """The search terms of a text (see the module docstring); search.js does the same."""
    out: list[str] = []
    for word in _WORD_RE.findall(text.lower()):
        for run in _RUN_RE.findall(word):
            if _HANGUL_RE.match(run):
                out += [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
            elif len(run) > 1 or run.isdigit():
                out.append(run)
    return out


def plain(fragment: str) -> str:
    """The visible text of an HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(_TAG_RE.sub(" ", fragment))


@dataclass(slots=True)
class SearchIndex:
    entries: list[tuple[str, str, str]] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)

    def add(self, title: str, url: str, lang: str, text: str) -> None:
        number = len(self.entries)
        self.entries.append((title, url, lang))
        for term in dict.fromkeys(terms(title + " " + text)):
            self.postings.setdefault(term, []).append(number)

    def script(self) -> str:
        data = {"entries": self.entries, "terms": dict(sorted(self.postings.items()))}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
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
  function terms(text) {
    var out = [];
    (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).forEach(function (word) {
      (word.match(/[\uac00-\ud7a3]+|[^\uac00-\ud7a3]+/g) || []).forEach(function (run) {
        if (HANGUL.test(run)) {
          if (run.length === 1) { out.push(run); }
          for (var i = 0; i + 1 < run.length; i++) { out.push(run.slice(i, i + 2)); }
        } else if (run.length > 1 || /^[0-9]$/.test(run)) { out.push(run); }
      });
    });
    return out;
  }
  function lookup(index, term, prefix) {
    var found = {};
    Object.keys(index.terms).forEach(function (key) {
      if (key === term || (prefix && key.indexOf(term) === 0)) {
        index.terms[key].forEach(function (n) { found[n] = true; });
      }
    });
    return found;
  }
  function search(index, query) {
    var wanted = terms(query);
    if (!wanted.length) { return []; }
    var hits = null;
    wanted.forEach(function (term, i) {
      var found = lookup(index, term, i === wanted.length - 1 && !HANGUL.test(term));
      hits = hits === null ? found : Object.keys(hits).reduce(function (acc, n) {
        if (found[n]) { acc[n] = true; }
        return acc;
      }, {});
    });
    return Object.keys(hits || {}).map(Number).sort(function (a, b) { return a - b; });
  }
  var box = document.getElementById("search-results");
  var input = document.getElementById("search-q");
  var index = window.CTOOLS_SEARCH;
  if (!box || !input || !index) { return; }
  var root = box.getAttribute("data-root") || "";
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  var found = search(index, query);
  var count = document.getElementById("search-count");
  if (count) { count.textContent = query ? found.length + " results" : ""; }
  found.slice(0, 200).forEach(function (n) {
    var entry = index.entries[n];
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + entry[1];
    a.textContent = entry[0];
    a.lang = entry[2];
    li.appendChild(a);
    box.appendChild(li);
  });
})();
"""
