"""Files → plain data: strict, string-only YAML with the position of every key and value.

The loader is the only stage that touches raw bytes. Whatever it cannot accept becomes a finding
at a line; it never raises on bad input and never writes.
"""

from .document import Document, load_bytes, load_file

__all__ = ["Document", "load_bytes", "load_file"]
