"""The site's own colours: every badge's text and background meet WCAG AA contrast (4.5:1)."""

from __future__ import annotations

import re

from .conftest import REPO

CSS = (REPO / "site/assets/techserve.css").read_text(encoding="utf-8")


def luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_formula():
    assert round(contrast("#fff", "#000"), 1) == 21.0 and round(contrast("#e65100", "#fff"), 2) == 3.79


def test_every_badge_meets_aa_contrast():
    rules = re.findall(r"\.ts-badge--[^{]+\{\s*background:\s*(#[0-9a-fA-F]{3,6});\s*color:\s*(#[0-9a-fA-F]{3,6})", CSS)
    assert len(rules) >= 5
    for background, colour in rules:
        assert contrast(background, colour) >= 4.5, (background, colour, round(contrast(background, colour), 2))


def test_links_in_running_text_are_underlined():
    assert re.search(r"\.md-typeset p a[^{]*\{[^}]*text-decoration:\s*underline", CSS)
