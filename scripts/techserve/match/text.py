"""What a need and a profile say, as the ranker reads them: Chinese tokens, and the lexicon that
turns an enterprise's words (盘子表面像橘子皮) into a discipline's (釉面缺陷)."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

# Words that carry no subject in needs or profiles ("我们想提高…的技术").
STOP = frozenset(
    "的 了 和 与 及 或 在 是 也 都 就 有 没 没有 不 很 更 还 又 但 而 且 并 等 等等 对 把 被 让 给 从 向 到 为 "
    "以 用 于 将 其 该 此 "
    "这 那 这些 那些 个 一 一个 一些 些 种 项 次 后 前 上 下 中 内 外 里 时 时候 之 之后 以后 以上 以下 以内 "
    "左右 目前 现在 已经 "
    "一直 经常 我们 我司 公司 企业 本 自己 需要 希望 想 想要 能 能够 可以 可能 要求 进行 开展 通过 提出 相关 "
    "问题 方面 情况 "
    "比较 主要 长期 多家 多项 多个 研究 从事 技术 工艺 开发 产品 提高 提升 降低 解决 合作 服务 实现 完成 达到 "
    "建立 形成".split())
_WORDY = re.compile(r"[0-9a-z\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _jieba():
    """jieba's own tokenizer (not the module's global one), that knows every saying of the lexicon
    as a word: left to its dictionary, jieba cuts 萎凋 into 萎/凋 and joins 厂异响 into one word."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for entry in lexicon():
        for saying in entry.says:
            if len(saying) > 1:
                tokenizer.add_word(saying)
    return tokenizer


def normalise(text: str) -> str:
    """Full-width letters and digits as ASCII, lower case: ＶＯＣｓ and vocs are one word."""
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=200_000)  # field names and keywords recur across thousands of profiles
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _jieba().lcut_for_search(normalise(text)) if w not in STOP and _WORDY.search(w))


def words(text: str) -> list[str]:
    """jieba's search-mode words (a long word and its parts: 釉面缺陷, 釉面, 缺陷), less stop words."""
    return list(_words(text))


def bigrams(text: str) -> list[str]:
    """Overlapping pairs of Chinese characters, so a compound jieba does not split (硅基负极)
    still meets its parts. Marked with # to keep them apart from two-character words."""
    out = []
    for run in _HAN_RUN.findall(normalise(text)):
        out += ["#" + run[i:i + 2] for i in range(len(run) - 1) if run[i:i + 2] not in STOP]
    return out


def tokens(text: str) -> list[str]:
    return words(text) + bigrams(text)


@dataclass(frozen=True)
class Entry:
    """One line of the lexicon: any of `says` in a need brings in `means`."""

    group: str
    says: tuple[str, ...]
    means: tuple[str, ...]
    source: str = "lexicon"  # the file's stem: lexicon (written by hand) | industries (from the classifications)


# Two files, one lexicon: the hand-written sayings of the industries the programs serve, and the
# sayings of every manufacturing and farming class of GB/T 4754 (its products, processes and
# problems) → the disciplines of GB/T 13745 that serve it. A word in both weighs each sense a share.
LEXICON = Path(__file__).with_name("lexicon.yaml")
INDUSTRIES = Path(__file__).with_name("industries.yaml")
LEXICONS = (LEXICON, INDUSTRIES)
# How much a line of each file weighs at most: an industry's sayings are its products and processes,
# broader than a symptom's (橘子皮 is a glaze defect; 水泵 is only what the enterprise makes).
SOURCE_WEIGHT = {"lexicon": 1.0, "industries": 0.5}


@lru_cache(maxsize=4)
def lexicon(paths: tuple[Path, ...] = LEXICONS) -> tuple[Entry, ...]:
    out = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for group, lines in data.items():
            for line in lines:
                says, means = line.split("→")
                out.append(Entry(str(group), tuple(normalise(s.strip()) for s in says.split("、") if s.strip()),
                                 tuple(m.strip() for m in means.split("、") if m.strip()), path.stem))
    return tuple(out)


@lru_cache(maxsize=4)
def _by_head(entries: tuple[Entry, ...]) -> dict[str, list[tuple[int, str]]]:
    """Each saying under its first two characters (one-character sayings under that character), so
    a text is tested only against the sayings that could occur in it."""
    index: dict[str, list[tuple[int, str]]] = {}
    for n, e in enumerate(entries):
        for s in e.says:
            index.setdefault(s[:2], []).append((n, s))
    return index


def expansions(text: str, entries: tuple[Entry, ...] | None = None) -> list[tuple[str, str]]:
    """(what the need says, the discipline term it means), for every lexicon line the text
    triggers, in the lexicon's order; a line's first saying found in the text is the one named."""
    return [(said, term) for said, term, _ in weighted_expansions(text, entries)]


@lru_cache(maxsize=4)
def _senses(entries: tuple[Entry, ...]) -> dict[str, int]:
    """Each saying → how many lines of the lexicon it is in: 开裂 is said of glaze, stamping,
    bamboo and a failure analysis alike, so alone it weighs each of its senses a quarter."""
    count: dict[str, int] = {}
    for e in entries:
        for s in set(e.says):
            count[s] = count.get(s, 0) + 1
    return count


def weighted_expansions(text: str, entries: tuple[Entry, ...] | None = None) -> list[tuple[str, str, float]]:
    """(what the need says, the discipline term it means, the weight of that sense) for every
    lexicon line the text triggers. A generic word brings in all its senses, each weighted by one
    over the number of its senses; every further saying of the same line found in the text adds
    its own share, up to 1 (a need that says 开裂 and 回弹 and 起皱 means stamping). The candidate's
    own research fields then choose among the senses (BM25 matches only what they hold)."""
    entries = lexicon() if entries is None else entries
    t = normalise(text)
    ws = set(_words(text))
    index = _by_head(entries)
    senses = _senses(entries)
    found: dict[int, tuple[int, str]] = {}  # line → (rank of the saying within the line, saying)
    weight: dict[int, float] = {}
    seen: set[tuple[int, str]] = set()
    for head in {t[i:i + 2] for i in range(len(t) - 1)} | set(t):  # one-character sayings: 牛, 酶
        for n, s in index.get(head, ()):
            # A two-character saying counts only as a word of its own: 电控 is not in 家电控制器.
            if s in t and (len(s) > 2 or s in ws):
                rank = entries[n].says.index(s)
                if n not in found or rank < found[n][0]:
                    found[n] = (rank, s)
                if (n, s) not in seen:
                    seen.add((n, s))
                    weight[n] = weight.get(n, 0.0) + 1.0 / senses.get(s, 1)
    return [(found[n][1], m, min(1.0, weight[n]) * SOURCE_WEIGHT.get(entries[n].source, 1.0))
            for n in sorted(found) for m in entries[n].means]


# An enterprise introducing itself: who it is, where, since when, what it makes and sells.
_INTRO = re.compile(r"^(本公司|我公司|我司|公司|我们是|我们公司|我厂|本厂|本企业|我单位|企业)"
                    r".*(位于|成立于|始建于|主要产品|主要从事|主营|是一家|是国家|员工|销往|注册资本|专注于|年产值|占地)")
# What marks a sentence as the problem itself, though it opens like an introduction.
_PROBLEM = re.compile(r"问题|不达标|不合格|难题|困难|故障|缺陷|失效|超标|偏低|偏高|不足|不稳定|怀疑|希望|想|需要|请|求|"
                      r"解决|改进|提高|降低|卡在|达不到|做不好|不会|没有|出现|发生")
_SENTENCE = re.compile(r"(?<=[。！？；\n])")


def split_intro(description: str) -> tuple[str, str]:
    """(the need's own words, the enterprise's self-introduction): a sentence that introduces the
    company (本公司位于……主要产品有……) and says nothing of a problem is the introduction."""
    own, intro = [], []
    for sentence in _SENTENCE.split(description):
        s = sentence.strip()
        if s and _INTRO.search(s) and not _PROBLEM.search(s):
            intro.append(s)
        elif s:
            own.append(s)
    return "".join(own), "".join(intro)
