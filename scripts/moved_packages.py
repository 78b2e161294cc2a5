"""Print the packages whose installed version differs from constraints.txt.

Used by `make newest` (and the weekly newest.yml job) when the suite fails against the newest
releases, so the report names the release that broke it: `pip freeze | python moved_packages.py
constraints.txt`.
"""

from __future__ import annotations

import re
import sys


def pins(lines) -> dict[str, str]:
    out = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, _, version = line.partition("==")
            out[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return out


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        locked = pins(f)
    installed = pins(sys.stdin)
    moved = sorted((n, locked.get(n, "(new)"), v) for n, v in installed.items() if locked.get(n) != v)
    print("Packages newer than constraints.txt (one of them broke the suite):")
    for name, old, new in moved:
        print(f"  {name}: {old} -> {new}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
