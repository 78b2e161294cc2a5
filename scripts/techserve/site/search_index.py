"""The site's search, owned by the project and by no theme: an index of Chinese character pairs that
a reader's browser fetches piece by piece (site/assets/search.js reads it).

Why pairs (bigrams): Chinese has no spaces, and a segmenter at build time (jieba) and another in
the browser (the platform's Intl.Segmenter, or none) cut the same words differently — the theme
and Pagefind lose pages that way (“铜箔发黑” finds nothing when one side keeps 发黑 whole and the other
cuts 发/黑). Every run of Han characters is written as its overlapping pairs on both sides, so a
query matches any page that holds its words, whatever a dictionary thinks of them.

Why pieces: the whole index grows with the registry (it was 300 KB at 11,000 pages); here a search
fetches `meta.json`, the few term shards its pairs hash to, and the doc shards of the results it
shows. Each term keeps its best POSTINGS_MAX pages (scored at build time), so no shard grows
with the registry past that.

Ranking: BM25F over the page's text fields (the names people type, its headings, its text), plus
a fixed amount for a term of its title, times a prior for the page's kind (a program's page before
its lists; a running 公示 before ended ones: page front matter `search: {boost: N}` → main.html's
`techserve:search` meta). The browser ranks by how many of the query's pairs a page holds, then by the summed score.

Input is the built HTML (the article, less `data-search-exclude` parts and pages whose front
matter says `search: {exclude: true}`): any builder's output can be indexed.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from ..files import write_atomic

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(f"[{HAN}]+|[0-9A-Za-z]+")
FIELDS = {"keywords": 3.0, "heading": 2.0, "body": 1.0}  # BM25F weights of the text's fields
# A page's title says what it is: a term in it adds this much, beside the saturated text score
# (which a long page full of the word would otherwise win on).
TITLE = 1.5
K1, B = 1.2, 0.5
POSTINGS_MAX = 400  # a term keeps its best pages: a search costs the same at any registry size
SHARD_BYTES = 12_000  # the term shards' target size
DOCS_PER_SHARD = 24  # results are shown ten at a time: at most ten small doc shards
# The kind of page, by its folder: a program's own page comes before its lists, a record's page
# before the index that lists it.
PRIOR = {"rules": 0.8, "agreements": 0.8, "pool": 0.8}
BOOST = 0.25  # what one step of a page's front matter `search: boost` adds to its prior
SECTION = {"programs": "项目", "notices": "公示", "teams": "名单", "needs": "需求榜", "stats": "统计",
           "data": "开放数据", "rules": "规则", "guide": "指南", "agreements": "结对协议", "pool": "入库名单"}
VERSION = 1  # of the format search.js reads


def grams(text: str) -> list[str]:
    """The terms of a text: each Han run as its overlapping pairs (a lone character as itself),
    each Latin or digit run lowercased. search.js writes a query the same way."""
    out: list[str] = []
    for m in TOKEN.finditer(text):
        run = m.group()
        if run.isascii():
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def shard_of(term: str, shards: int) -> int:
    """FNV-1a over the term's UTF-16 code units, as search.js computes it (Math.imul)."""
    data = term.encode("utf-16-le")
    h = 2166136261
    for i in range(0, len(data), 2):
        h = ((h ^ (data[i] | data[i + 1] << 8)) * 16777619) & 0xFFFFFFFF
    return h % shards


@dataclass
class Page:
    url: str
    title: str
    summary: str
    section: str
    prior: float
    fields: dict[str, list[str]] = field(default_factory=dict)


# A built page is read with three regular expressions, not an HTML parser: at 11,000 pages the
# standard library's parser was most of the build's search step, and these pages are the builder's
# own well-formed output. Only the <article> is read (not the navigation, header or footer).
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_META = re.compile(r"<meta\s+name=[\"'](description|techserve:search)[\"']\s+content=(\"[^\"]*\"|'[^']*')", re.S)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIP = {"script", "style", "template", "svg"}
_HEADINGS = {"h1", "h2", "h3", "h4"}


def _article(html: str) -> tuple[str, list[str], list[str]]:
    """(title, headings, text) of the page's <article>, less `data-search-exclude` parts."""
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start:
        return "", [], []
    chunk = html[start:end]
    stack: list[tuple[str, bool]] = []
    skipping = 0
    heading = ""
    title: list[str] = []
    headings: list[str] = []
    body: list[str] = []
    at = 0
    for m in _TAG.finditer(chunk):
        if m.start() > at and not skipping:
            text = unescape(chunk[at:m.start()])
            body.append(text)
            if heading == "h1":
                title.append(text)
            elif heading:
                headings.append(text)
        at = m.end()
        closing, tag = m.group(1), (m.group(2) or "").lower()
        if not tag:
            continue  # a comment
        if closing:
            while stack:
                open_tag, skip = stack.pop()
                skipping -= skip
                if open_tag in _HEADINGS:
                    heading = ""
                if open_tag == tag:
                    break
        elif tag not in _VOID and not m.group(3).rstrip().endswith("/"):
            skip = tag in _SKIP or "data-search-exclude" in m.group(3)
            stack.append((tag, skip))
            skipping += skip
            if tag in _HEADINGS:
                heading = tag
    return "".join(title), headings, body


def read_page(html: str, url: str) -> Page | None:
    """The page as the index sees it, or None when its front matter excludes it from search."""
    summary, hints = "", {}
    for name, value in _META.findall(html[:html.find("</head>")]):
        value = unescape(value[1:-1])
        if name == "description":
            summary = value
        else:
            try:
                hints = json.loads(value)
            except ValueError:
                hints = {}
    if hints.get("exclude"):
        return None
    title_text, heading_texts, texts = _article(html)
    title = " ".join(title_text.split())
    body = " ".join(texts)
    if not title and not body.strip():
        return None
    folder = url.split("/", 1)[0] if "/" in url else ""
    # front matter `boost` counts softly: 3 (a program, a running 公示) is half again, not thrice —
    # a long page that merely mentions a word must not outrank the page titled with it
    prior = PRIOR.get(folder, 1.0) * (1 + BOOST * (float(hints.get("boost", 1.0)) - 1))
    said = [str(k) for k in hints.get("keywords", ())]  # the names people type for it (its front matter)
    return Page(url, title or url, " ".join(summary.split()), SECTION.get(folder, ""), prior, {
        "keywords": [g for w in said for g in grams(w)], "title": grams(title),
        "heading": grams(" ".join(heading_texts)), "body": grams(body)})


def pages_of(site: Path) -> list[Page]:
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.split("/", 1)[0] in ("search", "assets") or rel == "404.html":
            continue
        page = read_page(path.read_text(encoding="utf-8"), rel)
        if page is not None:
            out.append(page)
    return out


def score(pages: list[Page]) -> dict[str, list[tuple[int, int]]]:
    """term → [(page number, score × 100)], best first, at most POSTINGS_MAX."""
    n = len(pages)
    weighted: list[defaultdict[str, float]] = []
    lengths: list[float] = []
    df: Counter = Counter()
    for p in pages:
        tf: defaultdict[str, float] = defaultdict(float)
        for name, terms in p.fields.items():
            for t in terms:
                tf[t] += FIELDS.get(name, 0.0)
        for t in p.fields["title"]:
            tf[t] += 0.0  # a title term is a term of the page even where the text lacks it
        weighted.append(tf)
        lengths.append(sum(FIELDS.get(name, 0.0) * len(terms) for name, terms in p.fields.items()))
        df.update(tf.keys())
    average = sum(lengths) / n if n else 1.0
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, (tf, length) in enumerate(zip(weighted, lengths, strict=True)):
        norm = K1 * (1 - B + B * length / average)
        titled = set(pages[i].fields["title"])
        for t, w in tf.items():
            idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
            text = w * (K1 + 1) / (w + norm) if w else 0.0
            value = idf * (text + (TITLE if t in titled else 0.0)) * pages[i].prior
            postings[t].append((i, max(1, round(100 * value))))
    return {t: sorted(ps, key=lambda x: (-x[1], x[0]))[:POSTINGS_MAX] for t, ps in postings.items()}


def build(site: Path) -> dict:
    """Writes search/meta.json and its shards under the built site; returns what it wrote."""
    pages = pages_of(site)
    postings = score(pages)
    size = sum(len(t) * 3 + 12 * len(ps) for t, ps in postings.items())
    shards = max(1, math.ceil(size / SHARD_BYTES))
    terms: list[dict] = [{} for _ in range(shards)]
    for t in sorted(postings):
        terms[shard_of(t, shards)][t] = [x for pair in postings[t] for x in pair]
    docs = [[[p.url, p.title, p.summary, p.section] for p in pages[i:i + DOCS_PER_SHARD]]
            for i in range(0, len(pages), DOCS_PER_SHARD)]
    body = {f"t{i}.json": json.dumps(s, ensure_ascii=False, separators=(",", ":")) for i, s in enumerate(terms)}
    body |= {f"d{i}.json": json.dumps(d, ensure_ascii=False, separators=(",", ":")) for i, d in enumerate(docs)}
    # the shards live in a folder named by their content: a browser never mixes two builds' pieces
    digest = hashlib.sha256("".join(body[k] for k in sorted(body)).encode("utf-8")).hexdigest()[:12]
    out = site / "search"
    shutil.rmtree(out, ignore_errors=True)
    (out / digest).mkdir(parents=True)
    for name, text in body.items():
        write_atomic(out / digest / name, text)
    meta = {"version": VERSION, "dir": digest, "pages": len(pages), "shards": shards, "docsPerShard": DOCS_PER_SHARD}
    write_atomic(out / "meta.json", json.dumps(meta, separators=(",", ":")))
    return {**meta, "terms": len(postings), "bytes": sum(len(v.encode("utf-8")) for v in body.values())}
