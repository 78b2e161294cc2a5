"""Shards: a rule that judges each record of a kind on its own can run on a fraction of them.

Records are spread over SHARDS shards by a stable hash of their id. A rule run on shard s sees,
of its sharded kinds, only the records of that shard; every other read is the registry's. The
union of its findings over all shards is the rule's, and a change to one record reruns only
the shard that holds it (techserve.reuse).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

SHARDS = 64


def shard_of(record_id: str, n: int = SHARDS) -> int:
    return zlib.crc32(record_id.encode("utf-8", "surrogateescape")) % n


class ShardView:
    """The registry (plain or tracked) with the kinds in `kinds` cut down to one shard."""

    def __init__(self, reg, kinds: tuple[str, ...], shard: int):
        self._reg, self._kinds, self._shard = reg, kinds, shard

    def valid(self, kind: str, program: str | None = None, of=None) -> Iterator:
        if kind in self._kinds:
            return self._reg.valid(kind, program, of, shard=self._shard)
        return self._reg.valid(kind, program, of)

    def valid_with(self, kind: str, name: str) -> Iterator:
        pairs = self._reg.valid_with(kind, name)
        return (p for p in pairs if shard_of(p[0].id) == self._shard) if kind in self._kinds else pairs

    def programs(self):
        return self.valid("program")

    def entries_of(self, kind: str) -> Iterator:
        if kind in self._kinds:
            return self._reg.entries_of(kind, shard=self._shard)
        return self._reg.entries_of(kind)

    def __getattr__(self, name: str):
        return getattr(self._reg, name)
