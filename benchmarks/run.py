"""Prints the time of a full check (all rules), per-file cost and peak memory at several scales.

python benchmarks/run.py [--scales 1 10 50]. Each scale runs in a fresh process so peak memory
is that run's own.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

MEASURE = r"""
import resource, sys, time
from datetime import date
from pathlib import Path
from techserve.checker import check
from techserve.registry import load_registry
from techserve.rules import Context, run_rules
root = Path(sys.argv[1])
t0 = time.perf_counter(); reg = load_registry(root); t1 = time.perf_counter()
ctx = Context(reg, date(2022, 6, 30)); findings = run_rules(ctx); t2 = time.perf_counter()
report = check(root, date(2022, 6, 30)); t3 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{reg.files}\t{t1 - t0:.2f}\t{t2 - t1:.2f}\t{t3 - t2:.2f}\t{(t3 - t2) / reg.files * 1000:.3f}\t{peak:.0f}\t{report.errors}")
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 50])
    args = ap.parse_args()
    print("files\tload s\trules s\tfull check s\tms/file\tpeak MiB\terrors")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            root = Path(tmp) / f"s{scale}"
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(root), "--scale", str(scale)],
                           check=True, stdout=subprocess.DEVNULL)
            out = subprocess.run([sys.executable, "-c", MEASURE, str(root)], check=True, capture_output=True, text=True)
            print(out.stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
