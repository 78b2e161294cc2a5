"""Static SVG charts built at build time: no chart library, no CDN, readable at 390 px.

The viewBox is phone-sized (360 units wide), so on a phone text renders at its nominal size and
on a desktop the chart is capped by CSS rather than scaled up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

WIDTH = 340
FONT = 'font-family="system-ui, sans-serif"'


def _text(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def table(rows: Sequence[tuple[str, float]], title: str, unit: str = "", head: str = "项目") -> str:
    """The chart's numbers as a table under it: what a screen reader, a printout and a reader
    who wants the exact figure use (every row, not only the ones drawn)."""
    body = "".join(f"<tr><td>{_text(label)}</td><td>{_text(_num(value))}{_text(unit)}</td></tr>" for label, value in rows)
    return (f'<details class="ts-chart-data"><summary>查看数据：{_text(title)}</summary>'
            f'<table class="ts-table"><thead><tr><th>{_text(head)}</th><th>数值</th></tr></thead>'
            f"<tbody>{body or '<tr><td colspan=2>暂无数据</td></tr>'}</tbody></table></details>")


def hbar(rows: Sequence[tuple[str, float]], title: str, unit: str = "", head: str = "项目") -> str:
    """Horizontal bars, each under its label: a program's whole name (2021年度江西省科技特派员…)
    is read on its own line rather than cut to a few characters beside the bar."""
    every_row = rows
    rows = rows[:15]
    top = max((v for _, v in rows), default=0) or 1
    row_h, bar_h = 42, 14
    height = 30 + row_h * max(len(rows), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{_text(title)}" class="ts-chart" {FONT}>',
             f'<text x="0" y="16" font-size="14" font-weight="bold" fill="currentColor">{_text(title)}</text>']
    if not rows:
        parts.append('<text x="0" y="46" font-size="14" fill="currentColor">暂无数据</text>')
    for i, (label, value) in enumerate(rows):
        y = 30 + i * row_h
        w = (WIDTH - 56) * value / top
        short = label if _width(label) <= WIDTH else _cut(label, WIDTH)
        parts.append(f'<text x="0" y="{y + 15}" font-size="13" fill="currentColor"><title>{_text(label)}</title>'
                     f'{_text(short)}</text>')
        parts.append(f'<rect x="0" y="{y + 21}" width="{w:.1f}" height="{bar_h}" rx="2" fill="#3f51b5"/>')
        parts.append(f'<text x="{w + 4:.1f}" y="{y + 33}" font-size="13" fill="currentColor">'
                     f'{_text(_num(value))}{_text(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts) + table(every_row, title, unit, head)


def _width(text: str, size: int = 13) -> float:
    """Drawn width: a CJK character is one em, Latin letters and digits about 0.6 em."""
    return sum(size if ord(c) > 0x2E7F else size * 0.6 for c in text)


def _cut(text: str, room: float) -> str:
    out = ""
    for c in text:
        if _width(out + c + "…") > room:
            break
        out += c
    return out + "…"


def columns(rows: list[tuple[str, float]], title: str, marker: float | None = None,
            marker_label: str = "") -> str:
    """Vertical bars by month (at most the last 24), with an optional dashed line, e.g. a minimum."""
    every_row = rows
    rows = rows[-24:]
    top = max([v for _, v in rows] + [marker or 0]) or 1
    left, bottom, plot_h = 28, 40, 150
    height = 30 + plot_h + bottom
    step = (WIDTH - left - 4) / max(len(rows), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{_text(title)}" class="ts-chart" {FONT}>',
             f'<text x="0" y="16" font-size="14" font-weight="bold" fill="currentColor">{_text(title)}</text>',
             f'<line x1="{left}" y1="{30 + plot_h}" x2="{WIDTH}" y2="{30 + plot_h}" stroke="#999"/>',
             f'<text x="{left - 4}" y="40" font-size="12" text-anchor="end" fill="currentColor">{_num(top)}</text>']
    if not rows:
        parts.append('<text x="30" y="100" font-size="14" fill="currentColor">暂无数据</text>')
    # a label every so many bars that two never touch (YYYY-MM is ~48 units at 12 px)
    every = max(1, math.ceil(60 / step))
    for i, (label, value) in enumerate(rows):
        h = plot_h * value / top
        x = left + i * step
        parts.append(f'<rect x="{x + step * 0.15:.1f}" y="{30 + plot_h - h:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{h:.1f}" fill="#3f51b5"><title>{_text(label)}：{_num(value)}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{30 + plot_h + 16}" font-size="12" text-anchor="middle" '
                         f'fill="currentColor">{_text(label)}</text>')
    if marker:
        y = 30 + plot_h - plot_h * marker / top
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="#d32f2f" '
                     f'stroke-dasharray="5 3"/><text x="{WIDTH}" y="{y - 4:.1f}" font-size="12" text-anchor="end" '
                     f'fill="#d32f2f">{_text(marker_label)}</text>')
    parts.append("</svg>")
    return "".join(parts) + table(every_row, title, head="月份")


def _num(value) -> str:
    return f"{value:.0f}" if float(value) == int(value) else f"{value:.1f}"
