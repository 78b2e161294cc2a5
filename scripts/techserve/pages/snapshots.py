"""Dated snapshots of the open data, and what changed between them.

The site is rebuilt every day from the registry as it is; a harvester also wants the data as it
was. A snapshot is the open data package exactly as it was published on a day — `techserve export
--snapshot` writes it to `snapshots/<YYYY-MM-DD>/` (CSV files and datapackage.json, records
withheld that day already left out) and the office commits it, e.g. on the first working day of
each month. Rebuilding old states from Git history instead would publish again what was withheld
since (a phone number found later), so only what was published is kept.

The site copies each snapshot to data/snapshots/<day>/ and writes data/snapshots.md (the list,
each with its counts and its changes from the one before) and data/changes.json (per table, the
ids added, removed and changed), the last entry comparing today's data with the newest snapshot.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

from .opendata import TABLE_TITLES, TABLES

FOLDER = "snapshots"  # beside submissions/
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_FILE = 64 << 20  # a snapshot's file is the site's own export: anything larger is not one


def files_of(folder: Path) -> dict[str, bytes]:
    """A snapshot's files: datapackage.json and the known tables' CSVs (nothing else is read: no
    link, no other name)."""
    out = {}
    for name in ("datapackage.json", *(f"{t}.csv" for t in TABLES)):
        path = folder / name
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_FILE:
            out[name] = path.read_bytes()
    return out


def read(root: Path) -> list[tuple[date, dict[str, bytes]]]:
    """The snapshots under root/snapshots/, oldest first (folders named by their day only)."""
    base = root / FOLDER
    found = []
    if base.is_dir() and not base.is_symlink():
        for folder in sorted(base.iterdir()):
            if folder.is_dir() and not folder.is_symlink() and DAY.match(folder.name):
                try:
                    day = date.fromisoformat(folder.name)
                except ValueError:
                    continue
                files = files_of(folder)
                if "datapackage.json" in files:
                    found.append((day, files))
    return found


def table_rows(data: bytes | None) -> dict[str, tuple]:
    """A table's rows by their first column (its id), from the CSV as exported (with its BOM)."""
    if not data:
        return {}
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return {row[0]: tuple(row) for row in rows[1:] if row}


def changes(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, dict[str, list[str]]]:
    """Per table: the ids added, removed and changed from one package to the next."""
    out = {}
    for table in TABLES:
        old, new = table_rows(before.get(f"{table}.csv")), table_rows(after.get(f"{table}.csv"))
        out[table] = {"added": sorted(new.keys() - old.keys()), "removed": sorted(old.keys() - new.keys()),
                      "changed": sorted(k for k in new.keys() & old.keys() if new[k] != old[k])}
    return out


def build(b) -> None:
    """data/snapshots/<day>/…, data/changes.json and the page data/snapshots.md."""
    snapshots = [(day, files) for day, files in read(Path(b.reg.root)) if day <= b.as_of]
    today = {name.removeprefix("data/"): data for name, data in b.files.items()
             if name.startswith("data/") and name.count("/") == 1}
    log, rows = [], []
    previous: tuple[str, dict[str, bytes]] | None = None
    for day, files in [*((d.isoformat(), f) for d, f in snapshots), ("今天", today)]:
        if day != "今天":
            for name, data in files.items():
                b.files[f"data/{FOLDER}/{day}/{name}"] = data
        diff = changes(previous[1], files) if previous is not None else None
        counts = {t: len(table_rows(files.get(f"{t}.csv"))) for t in TABLES}
        if previous is not None and diff is not None:
            log.append({"from": previous[0], "to": day if day != "今天" else b.as_of.isoformat(), "tables": diff})
        rows.append({"day": day, "counts": counts, "diff": diff, "previous": previous[0] if previous is not None else None})
        previous = (day, files)
    b.files["data/changes.json"] = json.dumps({"as_of": b.as_of.isoformat(), "snapshots": [d.isoformat() for d, _ in snapshots],
                                               "changes": log}, ensure_ascii=False, indent=1).encode("utf-8")
    b.page("data/snapshots.md", "snapshots.md", rows=list(reversed(rows)), titles=TABLE_TITLES, tables=list(TABLES),
           folder=FOLDER)
