"""The check, measured against its peers in the same run, at several scales.

python benchmarks/run.py [--scales 5 50] [--no-peer-jsonschema]

For each synthetic registry (benchmarks/generate.py; scale 5 ≈ 10k files, scale 50 ≈ 100k):

- peer: libyaml's CSafeLoader reading and parsing the same files (the floor a YAML checker
  cannot beat), and check-jsonschema validating them against `schemas/` (a general checker);
- the full check cold (no cache; also in one process, TECHSERVE_FORK=off) and warm (blob cache
  filled), with peak memory;
- the change check of a pull request that adds one application (`check --base main` on a real
  git repository), cold and warm (warm as in CI: the cache main's own check saved — parsed
  files and that check's results — read by the pull request's check, which reruns only what the
  change can affect; techserve.reuse), and main's cache-filling check itself;
- `techserve --help`.

Every figure is the fastest of two fresh processes (peak memory is that run's own), printed beside
its ratio to the peer. Nothing here is a test: the figures are for the closing notes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# After the synthetic registry's last record (2025-12-20): `--as-of` is "today", and a record
# dated after it is record.future-date, which would turn the benchmark into 20k error findings.
AS_OF = "2025-12-31"

PEER_YAML = r"""
import resource, sys, time, yaml
from pathlib import Path
root = Path(sys.argv[1])
t = time.perf_counter()
files = sorted(str(p) for p in (root / "submissions").rglob("*.yaml"))
for name in files:
    with open(name, "rb") as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
print(f"{time.perf_counter() - t:.3f}\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""

CHECK = r"""
import resource, sys, time
from datetime import date
from pathlib import Path
t = time.perf_counter()
from techserve.checker import check
from techserve.registry.cache import open_cache
root, base, cache = Path(sys.argv[1]), sys.argv[2] or None, sys.argv[3]
blobs = open_cache(Path(cache)) if cache else None
report = check(root, date.fromisoformat(sys.argv[4]), base=base, cache=blobs)
took = time.perf_counter() - t
hits = f"{blobs.hits}/{blobs.hits + blobs.misses}" if blobs else "-"
print(f"{took:.3f}\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}\t{report.files}\t{report.errors}\t{hits}")
"""

TODO = r"""
import resource, sys, time
from datetime import date
from pathlib import Path
t = time.perf_counter()
from techserve.office import todo
from techserve.registry import load_registry
from techserve.registry.cache import open_cache
root, cache = Path(sys.argv[1]), sys.argv[2]
items = todo(load_registry(root, open_cache(Path(cache)) if cache else None), date.fromisoformat(sys.argv[3]))
took = time.perf_counter() - t
print(f"{took:.3f}\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}\t{len(items)}")
"""


REPEAT = 2


def run(code: str, *args: str, cwd: Path | None = None, repeat: int | None = None,
        fresh_cache: bool = False, env_extra: dict[str, str] | None = None) -> list[str]:
    """The fastest of `repeat` fresh processes (the machine's noise only ever adds time). With
    fresh_cache, each process starts from a copy of the cache as it was (args[2] is its folder),
    so no run reads what an earlier run of the same figure wrote."""
    env = {**os.environ, "TECHSERVE_CACHE": "off", **(env_extra or {})}
    rows = []
    pristine = None
    if fresh_cache:
        pristine = Path(args[2]).with_name(Path(args[2]).name + ".pristine")
        shutil.copytree(args[2], pristine)
    for _ in range(repeat or REPEAT):
        if pristine is not None:
            shutil.rmtree(args[2])
            shutil.copytree(pristine, args[2])
        out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True,
                             cwd=cwd, env=env)
        rows.append(out.stdout.strip().split("\t"))
    if pristine is not None:
        shutil.rmtree(pristine)
    return min(rows, key=lambda row: float(row[0]))


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def jsonschema_peer(root: Path) -> float:
    """check-jsonschema over the same YAML files, one invocation per record kind's schema."""
    binary = Path(sys.executable).with_name("check-jsonschema")
    groups: dict[str, list[str]] = {}
    for path in sorted((root / "submissions").rglob("*.yaml")):
        rel = path.relative_to(root / "submissions").parts
        kind = {"people": "person", "units": "unit", "enterprises": "enterprise", "calendar": "calendar"}.get(rel[0])
        if rel[0] == "programs":
            kind = "program" if rel[-1] == "program.yaml" else rel[2].rstrip("s")
        if kind:
            groups.setdefault(kind, []).append(str(path))
    started = time.perf_counter()
    for kind, files in groups.items():
        for i in range(0, len(files), 5000):  # keep each command line well under ARG_MAX
            subprocess.run([str(binary), "--schemafile", str(REPO / "schemas" / f"{kind}.schema.json"),
                            *files[i:i + 5000]], capture_output=True)
    return time.perf_counter() - started


def add_application(root: Path) -> None:
    """One new application on a branch, copied from an existing one under a new id."""
    folder = next((root / "submissions" / "programs").glob("*/applications"))
    source = sorted(folder.glob("*.yaml"))[0]
    # A comment makes its bytes new, so the warm check parses it like any new file.
    (folder / "bench-new-application.yaml").write_bytes(source.read_bytes().rstrip(b"\n") + b"\n# bench\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="+", default=[5, 50])
    ap.add_argument("--no-peer-jsonschema", action="store_true", help="skip check-jsonschema (slow at scale 50)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per figure; the fastest is shown")
    args = ap.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    # Byte-compile techserve first, so no figure pays for compiling it. compileall writes the
    # bytecode even under PYTHONDONTWRITEBYTECODE, which would otherwise make every run compile.
    import techserve

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(techserve.__file__).parent)], check=True)

    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "techserve.cli", "--help"], check=True, capture_output=True)
    print(f"techserve --help: {time.perf_counter() - t:.2f} s (interpreter start included)\n")

    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            root = Path(tmp) / f"s{scale}"
            cache = Path(tmp) / f"cache{scale}"
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(root), "--scale", str(scale)],
                           check=True, stdout=subprocess.DEVNULL)
            peer_s, peer_mb = map(float, run(PEER_YAML, str(root)))
            cold = run(CHECK, str(root), "", "", AS_OF)
            # The file rules run in a forked child beside the registry's rules (two cores); the
            # same check in one process, for the ratio a single core gives.
            alone = run(CHECK, str(root), "", "", AS_OF, env_extra={"TECHSERVE_FORK": "off"})
            run(CHECK, str(root), "", str(cache), AS_OF, repeat=1)  # fills the cache
            warm = run(CHECK, str(root), "", str(cache), AS_OF)
            files = int(cold[2])
            print(f"scale {scale}: {files} files, {cold[3]} errors")
            print(f"  peer  CSafeLoader read+parse    {peer_s:7.2f} s  {peer_mb:6.0f} MiB")
            if not args.no_peer_jsonschema and shutil.which("git"):
                js = jsonschema_peer(root)
                print(f"  peer  check-jsonschema          {js:7.2f} s              "
                      f"(full check is {js / float(cold[0]):.1f}× faster)")
            for label, row in (("full check, cold", cold), ("full check, cold, one process", alone),
                               ("full check, warm cache", warm)):
                print(f"  {label:30s}{float(row[0]):7.2f} s  {float(row[1]):6.0f} MiB  "
                      f"{float(row[0]) / peer_s:5.2f}× CSafeLoader  {float(row[0]) / files * 1000:.3f} ms/file"
                      f"  cache hits {row[4]}")

            # The office's worklist over the whole registry, beside the full check (issue: ≤ 2×).
            for label, c in (("todo, cold", ""), ("todo, warm cache", str(cache))):
                row = run(TODO, str(root), c, AS_OF)
                full = cold if not c else warm
                print(f"  {label:30s}{float(row[0]):7.2f} s  {float(row[1]):6.0f} MiB  "
                      f"{float(row[0]) / float(full[0]):5.2f}× full check ({row[2]} items)")

            # The pull request: main holds the registry, a branch adds one application.
            git(root, "init", "-q", "-b", "main")
            git(root, "add", "-A")
            git(root, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qm", "base")
            git(root, "checkout", "-q", "-b", "pr")
            add_application(root)
            git(root, "add", "-A")
            git(root, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qm", "pr")
            shutil.rmtree(cache)
            pr_cold = run(CHECK, str(root), "main", "", AS_OF)
            # Warm as in CI: the cache holds what main's own check saved (publish.yml), and the
            # pull request's check reads it; the PR never fills the cache it is judged with.
            git(root, "checkout", "-q", "main")
            fill = run(CHECK, str(root), "", str(cache), AS_OF, repeat=1)
            print(f"  {'main: full check filling cache':30s}{float(fill[0]):7.2f} s  {float(fill[1]):6.0f} MiB  "
                  f"(parsed files and the check's results, for the change checks)")
            git(root, "checkout", "-q", "pr")
            pr_warm = run(CHECK, str(root), "main", str(cache), AS_OF, fresh_cache=True)
            for label, row in (("PR check (--base), cold", pr_cold), ("PR check (--base), warm", pr_warm)):
                print(f"  {label:30s}{float(row[0]):7.2f} s  {float(row[1]):6.0f} MiB  "
                      f"{float(row[0]) / float(cold[0]):5.2f}× full cold  cache hits {row[4]}")
            print(flush=True)
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
