"""What each rule checks, in plain Chinese for the public pages, read from the catalogue: each
library rule's title and requirement sentence are written beside the rule itself."""

from __future__ import annotations

from ..catalogue import CATALOGUE
from ..rules.library import RULES  # noqa: F401  (importing the library fills the catalogue)


def title(rule: str) -> str:
    info = CATALOGUE.get(rule)
    return info.title if info else rule


RULE_ZH = {rule: info.title for rule, info in CATALOGUE.items() if info.stage == "program"}


def requirement(rule: str, params: dict) -> str:
    """The parameters of one configured rule as a sentence. Parameters no sentence knows are listed
    as they are rather than hidden, so nothing configured goes unseen (a test keeps this rare)."""
    if not params:
        return ""
    info = CATALOGUE.get(rule)
    try:
        if info is None or info.requirement is None:
            raise KeyError(rule)
        return info.requirement(params)
    except (KeyError, TypeError, ValueError):
        return "；".join(f"{k}：{'、'.join(map(str, v)) if isinstance(v, list) else v}" for k, v in params.items())
