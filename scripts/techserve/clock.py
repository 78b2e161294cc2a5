"""What day it is for the programs: China Standard Time, whatever the machine's zone. Every command
takes an explicit `--as-of` instead when one is given."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def today_in_shanghai() -> date:
    return datetime.now(SHANGHAI).date()
