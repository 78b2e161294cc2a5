"""Site build benchmark: python benchmarks/build.py [--scales 0 1 25].

Scale 0 is the shipped example data; scale N is benchmarks/generate.py's synthetic registry
(scale 25: 1,000 teams, 10,000 needs). Prints build time, page count, page sizes and the search
index size. Per-page size should stay flat as the registry grows (index tables are paged).

What a citizen downloads: the built site served by nginx with the shipped configuration (gzip),
opened in Chromium: `first KB` is every byte a first view of the home page transfers, `search KB`
the most one search adds (of QUERIES: meta.json and the shards it needs, fetched only then);
`search MB` the whole index on disk, which no reader downloads.

The peer, measured in the same run: plain MkDocs + Material with the theme's own search (jieba
segments Chinese; no techserve plugin) building the very pages techserve generated, written out as
ordinary Markdown files. `× plain` is techserve's build time over the peer's: what checking the registry, generating the
pages and indexing them for search costs on top of what any MkDocs site of that size pays. The
other builders (ProperDocs, Zensical where installed) build the same generated tree, timed against
the same peer.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def prepare(scale: int, work: Path) -> Path:
    root = work / f"scale{scale}"
    if scale == 0:
        shutil.copytree(REPO / "submissions", root / "submissions")
    else:
        subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), str(root), "--scale", str(scale)],
                       check=True, stdout=subprocess.DEVNULL)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site", root / "site")
    shutil.copytree(REPO / "overrides", root / "overrides")
    return root


PEER = """
import sys
from datetime import date
from pathlib import Path
from techserve.registry import load_registry
from techserve.pages import generate
root, docs = Path(sys.argv[1]), Path(sys.argv[2])
for uri, content in generate(load_registry(root), date(2026, 11, 22)).items():
    path = docs / uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
"""


def builders() -> dict[str, list[str]]:
    """The builders to compare on the generated tree: plain MkDocs (the peer), ProperDocs (the
    maintained MkDocs 1.x fork: `pip install properdocs`) and Zensical (no plugin API, so it can
    only build the tree; $ZENSICAL names its command when it lives in a venv of its own)."""
    found = {"mkdocs": [str(BIN / "mkdocs"), "build", "-q"]}
    if (BIN / "properdocs").exists():
        found["properdocs"] = [str(BIN / "properdocs"), "build", "-q"]
    zensical = os.environ.get("ZENSICAL") or shutil.which("zensical")
    if zensical:
        found["zensical"] = [zensical, "build"]
    return found


def tree(root: Path, work: Path, overrides: bool = True) -> Path:
    """The generated pages as ordinary Markdown files beside a config without the techserve
    plugin: what any builder can build. Zensical's templates reject our footer override
    (`split`), so it builds the tree with the theme's own partials."""
    shutil.copytree(REPO / "site", work / "site")
    subprocess.run([sys.executable, "-c", PEER, str(root), str(work / "site")], check=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # a plain site of that size has the theme's own search (jieba segments Chinese when installed)
    config = config.replace("  - techserve:\n      root: .\n", "  - search\n")
    assert "techserve:" not in config
    if overrides:
        shutil.copytree(REPO / "overrides", work / "overrides")
    else:
        config = "\n".join(line for line in config.splitlines() if not line.startswith("  custom_dir:")) + "\n"
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    return work


def peer(root: Path, env: dict, name: str = "mkdocs", command: list[str] | None = None) -> float:
    """One builder on the same pages: the generated Markdown as static files, no plugin."""
    work = tree(root, root.parent / f"{root.name}-{name}", overrides=name != "zensical")
    command = command or builders()[name]
    started = time.perf_counter()
    subprocess.run([*command, "-f", str(work / "mkdocs.yml"), *(["-d", str(work / "public")] if name != "zensical" else [])],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work)
    seconds = time.perf_counter() - started
    shutil.rmtree(work)
    return seconds


QUERIES = ("九江", "公示", "铜箔发黑")  # a place on many pages, the commonest word, a need's symptom


def transfer(site: Path, work: Path) -> tuple[float, float]:
    """KB transferred (as sent, compressed) by a first view of the home page, and the most any
    one of QUERIES costs on top (the search fetches nothing before it is used)."""
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import expect, sync_playwright
    from tests.nginxkit import nginx

    first, searches = 0.0, []
    with nginx(site, work) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for query in QUERIES:
            sizes: list[int] = []
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.on("requestfinished", lambda r, sizes=sizes: sizes.append(r.sizes()["responseBodySize"]
                                                                           + r.sizes()["responseHeadersSize"]))
            page.goto(url + "index.html")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            first = sum(sizes)
            page.locator(".ts-search-open").click()
            page.locator(".ts-search__input").fill(query)
            expect(page.locator("dialog.ts-search")).to_have_attribute("data-answered", query, timeout=30_000)
            page.wait_for_load_state("networkidle")
            searches.append(sum(sizes) - first)
            page.close()
        browser.close()
    return first / 1024, max(searches) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="*", default=[0, 1, 25])
    args = ap.parse_args()
    others = [b for b in builders() if b != "mkdocs"]
    print(f"{'registry':>10} {'files':>7} {'pages':>7} {'build s':>8} {'ms/page':>8} {'median KB':>10} "
          f"{'max KB':>7} {'index KB':>9} {'search MB':>10} {'peak MiB':>9} {'plain s':>8} {'× plain':>8} "
          f"{'first KB':>9} {'search KB':>10}" + "".join(f" {b + ' × plain':>18}" for b in others))
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            root = prepare(scale, Path(tmp))
            files = sum(1 for _ in (root / "submissions").rglob("*.yaml"))
            out = root / "public"
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            started = time.perf_counter()
            subprocess.run([str(BIN / "techserve"), "build", "--root", str(root), "--as-of", "2026-11-22"],
                           check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            pages = [p.stat().st_size for p in out.rglob("*.html")]
            indexes = [p.stat().st_size for p in out.rglob("index.html")]
            search = sum(p.stat().st_size for p in (out / "search").rglob("*.json")) / 2**20
            plain = peer(root, env)
            ratios = [peer(root, env, b) / plain for b in others]
            first, searched = transfer(out, root.parent / f"{root.name}-nginx")
            label = "example" if scale == 0 else f"scale {scale}"
            print(f"{label:>10} {files:>7} {len(pages):>7} {seconds:>8.1f} {1000 * seconds / len(pages):>8.1f} "
                  f"{statistics.median(pages) / 1024:>10.1f} {max(pages) / 1024:>7.1f} "
                  f"{max(indexes) / 1024:>9.1f} {search:>10.2f} {peak:>9.0f} {plain:>8.1f} {seconds / plain:>8.2f} "
                  f"{first:>9.0f} {searched:>10.0f}" + "".join(f" {r:>18.2f}" for r in ratios), flush=True)


if __name__ == "__main__":
    main()
