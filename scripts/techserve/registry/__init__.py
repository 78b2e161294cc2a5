"""Models → registry: records indexed by kind and id; calendars, status and references on top."""

from .registry import Entry, Registry, load_registry

__all__ = ["Entry", "Registry", "load_registry"]
