"""Change rules (`check --base REF`): what a pull request may change, and when."""

from .rules import check_change

__all__ = ["check_change"]
