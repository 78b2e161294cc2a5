"""Writing files so that a failure leaves nothing half-written.

A full disk or a killed process must never leave a 0-byte YAML file in submissions/ (which the
next check reads as an empty record) or a truncated CSV in the open data: every write goes to a
temporary file in the same folder, is flushed to disk, then renamed over the target in one step.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, content: bytes | str, *, exclusive: bool = False) -> None:
    """Write `content` to `path` all at once. With `exclusive`, refuse (FileExistsError) when the
    path exists, without a window in which another writer's file could be replaced."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
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
