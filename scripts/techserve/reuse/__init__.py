"""Reuse: a change check reruns only the rules that read what changed since the last full check."""

from .engine import run_beside, run_full, snapshot_of
from .snapshot import Snapshot

__all__ = ["Snapshot", "run_beside", "run_full", "snapshot_of"]
