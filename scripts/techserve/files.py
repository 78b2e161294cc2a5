"""Writing files so that a failure leaves nothing half-written.

A full disk or a killed process must never leave a 0-byte YAML file in submissions/ (which the
next check reads as an empty record) or a truncated CSV in the open data: every write goes to a
temporary file in the same folder, is flushed to disk, then renamed over the target in one step.

The temporary file is created owner-only (mkstemp's 0600), so before the rename it is given the mode
a new file gets from `open()`: 0666 less the umask (and the execute bits of a file it replaces).
A file an earlier version left owner-only is opened up by the next write, and an office that wants
its exports private sets its umask (077). Otherwise every page, search index and export is unreadable to the web server's user
(nginx answers 403, the site's search never starts) and to colleagues sharing the folder.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path

_umask_lock = threading.Lock()


def _umask() -> int:
    """The process's umask. Linux shows it in /proc without changing it; elsewhere it is read by
    setting and restoring it, under a lock so that two writers in one process agree."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    mode = 0o666 & ~_umask()
    try:
        return mode | (stat.S_IMODE(os.stat(path).st_mode) & 0o111 & ~_umask())
    except OSError:
        return mode


def write_atomic(path: Path, content: bytes | str, *, exclusive: bool = False) -> None:
    """Write `content` to `path` all at once. With `exclusive`, refuse (FileExistsError) when the
    path exists, without a window in which another writer's file could be replaced."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if exclusive:
            os.link(tmp, path)  # fails if the path exists; the temporary name is removed below
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
