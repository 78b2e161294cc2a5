"""The search index, refined after Material's search plugin writes it.

Two things the stock index gets wrong for Chinese readers:
- it is written with every Chinese character escaped (\\uXXXX, six bytes instead of three), so it
  is rewritten as UTF-8;
- Material segments a Chinese query against the index's own words and drops a query's last
  character, so "科技服务团" is searched as "科技* 服务*" and any page full of 科技 and 服务 outranks
  the 科技服务团 program. Each entry therefore gets a `keywords` field holding the names people
  type (program kinds, offices by their short names) as prefixes, so the query's longest
  segment ("科技服务") exists in the index and only the pages holding the whole name match it.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..files import write_atomic

DOMAIN = ("科技服务团", "科技特派员", "科技特派团", "揭榜挂帅", "入企协同创新", "企业技术需求")
MIN_PREFIX = 3  # two-character prefixes are ordinary words already in the index


def keywords(reg) -> list[str]:
    """The names to match: the domain's program kinds and each program's offices by short name."""
    words = set(DOMAIN)
    for entry in reg.programs():
        region = entry.model.region
        for place in filter(None, (region.city, region.province)):
            words.update({f"{place}科协", f"{place}科技局", f"{place}科技厅"})
    return sorted(words)


def _expand(word: str) -> list[str]:
    """The prefixes Material can search a name by: never the whole word (the query loses its last
    character), so names that differ only there (科技特派员, 科技特派团) match as one."""
    return [word[:n] for n in range(MIN_PREFIX, len(word))]


def refine(path: Path, words: list[str]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    expanded = {w: _expand(w) for w in words}
    for doc in data.get("docs", []):
        plain = (doc.get("title", "") + " " + doc.get("text", "")).replace("\u200b", "")
        # each prefix once: two names sharing a prefix (科技特派员, 科技特派团) must not count double
        found = dict.fromkeys(p for w, prefixes in expanded.items() if w in plain for p in prefixes)
        if found:
            doc["keywords"] = "\u200b".join(found)
    write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
