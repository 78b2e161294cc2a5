"""The office's desk: what is due, computed from the registry and its calendar (techserve todo)."""

from .todo import Item, todo

__all__ = ["Item", "todo"]
