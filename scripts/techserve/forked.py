"""Work done in a forked child while this process goes on: the child reads the same objects
(copy-on-write) and sends its result back through a pipe.

The machine has two cores, and a province-scale run has long steps that only read what is
already loaded (the privacy scan of 100k files, the matcher). Forking is safe only in a process
with one thread, on a platform with fork; elsewhere, with TECHSERVE_FORK=off, or when the child
gives nothing, the work is done in place when it is waited for, so the result is the same.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and os.environ.get("TECHSERVE_FORK") != "off"


def beside(compute: Callable[[], T]) -> Callable[[], T]:
    """Start `compute` in a child; return the function that waits for its result."""
    if not can_fork():
        return compute
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's exit handlers
        code = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                pickle.dump(compute(), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write)

    def wait() -> T:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status == 0 and data:
            return pickle.loads(data)  # our own child's output, through a pipe
        return compute()

    return wait
