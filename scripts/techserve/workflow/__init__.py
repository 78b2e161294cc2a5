"""Change rules (`check --base REF`): what a pull request may change, and when."""

from .rules import BaseUnreadable, check_change

__all__ = ["BaseUnreadable", "check_change"]
